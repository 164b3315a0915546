"""Words for :mod:`halfmanaged.aliexpress`: one sentence per payload problem code.

``{path}`` is the JSON path of the field as the payload spells it, ``{value}`` what was there.
"""

MESSAGES: dict[str, tuple[str, str]] = {
    "aliexpress.missing": ("{path} is missing.", "{path}：缺少该字段。"),
    "aliexpress.wrong_type": (
        "{path}: {value} has the wrong type.",
        "{path}：{value} 的类型不对。",
    ),
    "aliexpress.bad_value": (
        "{path}: {value} cannot be read.",
        "{path}：无法读取 {value}。",
    ),
    "aliexpress.bad_time": (
        "{path}: {value} is not a time written as YYYY-MM-DD HH:MM:SS.",
        "{path}：{value} 不是 YYYY-MM-DD HH:MM:SS 格式的时间。",
    ),
    "aliexpress.skipped_time": (
        "{path}: {value} does not exist in US Pacific time (the clocks skip that hour); "
        "read as one hour later.",
        "{path}：美国太平洋时间不存在 {value}（夏令时跳过该小时），按顺延一小时读取。",
    ),
    "aliexpress.ambiguous_time": (
        "{path}: {value} occurs twice in US Pacific time (the clocks repeat that hour); "
        "read as the first occurrence.",
        "{path}：{value} 在美国太平洋时间出现两次（夏令时结束重复该小时），按第一次读取。",
    ),
    "aliexpress.unknown_status": (
        "{path}: unknown order status {value}, kept as it is.",
        "{path}：未知的订单状态 {value}，已原样保留。",
    ),
    "aliexpress.unknown_receive_status": (
        "{path}: unknown receive status {value}, left out.",
        "{path}：未知的妥投状态 {value}，已忽略。",
    ),
    "aliexpress.api_error": (
        "{path}: the platform answered with error {value}.",
        "{path}：平台返回错误 {value}。",
    ),
    "aliexpress.no_orders": (
        "{path}: no orders found (keys: {value}).",
        "{path}：未找到订单（字段：{value}）。",
    ),
}
