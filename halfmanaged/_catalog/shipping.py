"""Words for :mod:`halfmanaged.shipping`."""

MESSAGES: dict[str, tuple[str, str]] = {}
