"""Words for :mod:`halfmanaged.checks`."""

MESSAGES: dict[str, tuple[str, str]] = {}
