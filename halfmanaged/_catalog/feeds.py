"""Words for :mod:`halfmanaged.feeds`."""

MESSAGES: dict[str, tuple[str, str]] = {
    "feeds.unplaced.no_time": (
        "A scan from {provider} ({code}, {where}) has no time; it is kept, and left out of every "
        "deadline.",
        "{provider} 的一条扫描记录（{code}，{where}）没有时间；已保留，但不计入任何时限。",
    ),
    "feeds.unplaced.no_zone": (
        "A scan from {provider} ({code}, {where}) at {time} has no UTC offset and no time zone "
        "was declared for it; it is kept, and left out of every deadline.",
        "{provider} 的一条扫描记录（{code}，{where}）时间 {time} 没有 UTC 偏移，也未声明其时区；"
        "已保留，但不计入任何时限。",
    ),
    "feeds.unplaced.ambiguous": (
        "A scan from {provider} ({code}, {where}) at {time} falls in a daylight-saving switch in "
        "{zone} (that hour repeats or does not exist); it is kept, and left out of every "
        "deadline.",
        "{provider} 的一条扫描记录（{code}，{where}）时间 {time} 恰逢 {zone} 的夏令时切换"
        "（该时刻重复或不存在）；已保留，但不计入任何时限。",
    ),
    "feeds.unplaced.unreadable": (
        "A scan from {provider} ({code}, {where}) has a time that is not a date and time of day "
        "({time}); it is kept, and left out of every deadline.",
        "{provider} 的一条扫描记录（{code}，{where}）的时间不是有效的日期和时刻（{time}）；"
        "已保留，但不计入任何时限。",
    ),
    "feeds.unknown_code": (
        "{provider} code {code} is not in the documented code list; it was read as its parent "
        "status: {symptom}.",
        "{provider} 状态码 {code} 不在已记录的状态码列表中；已按其上级状态理解：{symptom}。",
    ),
    "feeds.contradiction": (
        "{provider} reports the parcel as {reported}, but its latest scan says {latest}; the "
        "scans are followed.",
        "{provider} 报告的包裹状态为{reported}，但最新扫描记录为{latest}；以扫描记录为准。",
    ),
    "feeds.stopped": (
        "{provider} has stopped tracking {number}; no further updates will come.",
        "{provider} 已停止跟踪 {number}；之后不会再有更新。",
    ),
    "feeds.no_code": ("no status code", "无状态码"),
    "feeds.no_place": ("place not given", "地点未知"),
}
