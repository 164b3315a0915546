"""Words for :mod:`halfmanaged.calendar` and its report."""

MESSAGES: dict[str, tuple[str, str]] = {
    "calendar.closure": ("warehouse closure", "仓库停工"),
    "calendar.report.title": (
        "Working days in {where} ({zone}), {year}",
        "{where}（{zone}）{year} 年工作日",
    ),
    "calendar.report.holidays": ("Holidays and closures", "节假日与停工日"),
    "calendar.report.per_month": ("Working days per month", "每月工作日"),
    "calendar.report.total": ("Total", "合计"),
}
