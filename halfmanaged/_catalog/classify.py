"""Words for :mod:`halfmanaged.classify`."""

MESSAGES: dict[str, tuple[str, str]] = {}
