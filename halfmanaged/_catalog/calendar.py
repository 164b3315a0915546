"""Words for :mod:`halfmanaged.calendar`."""

MESSAGES: dict[str, tuple[str, str]] = {
    "calendar.closure": ("warehouse closure", "仓库停工"),
}
