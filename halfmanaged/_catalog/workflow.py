"""Words for :mod:`halfmanaged.workflow`."""

MESSAGES: dict[str, tuple[str, str]] = {}
