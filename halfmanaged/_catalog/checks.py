"""Words for :mod:`halfmanaged.checks` and :mod:`halfmanaged.tracking`."""

MESSAGES: dict[str, tuple[str, str]] = {
    # Findings of check_order_info: {field} is the dotted field, {value} the offending value,
    # {detail} what the finding's ``detail`` carries for that code.
    "checks.missing": ("{field} is missing or blank", "{field} 缺失或为空"),
    "checks.unknown_country": (
        "{field}: {value} is not an ISO 3166-1 alpha-2 country code",
        "{field}：{value} 不是 ISO 3166-1 二字母国家代码",
    ),
    "checks.unknown_country.suggest": (
        "{field}: {value} is not an ISO 3166-1 alpha-2 country code; did you mean {detail}?",
        "{field}：{value} 不是 ISO 3166-1 二字母国家代码；是否应为 {detail}？",
    ),
    "checks.invalid_postal_code": (
        "{field}: {value} does not fit the postal code format of the destination",
        "{field}：{value} 不符合目的地的邮政编码格式",
    ),
    "checks.invalid_postal_code.example": (
        "{field}: {value} does not fit the postal code format of the destination "
        "(for example {detail})",
        "{field}：{value} 不符合目的地的邮政编码格式（例如 {detail}）",
    ),
    "checks.invalid_phone": (
        "{field}: {value} is not a valid phone number for the destination country",
        "{field}：{value} 不是目的国的有效电话号码",
    ),
    "checks.phone_other_country": (
        "{field}: {value} is a phone number of {detail}, not of the destination country",
        "{field}：{value} 是 {detail} 的电话号码，不是目的国的号码",
    ),
    "checks.invalid_quantity": (
        "{field}: quantity {value} is not a positive integer",
        "{field}：数量 {value} 不是正整数",
    ),
    "checks.unknown_carrier": (
        "{field}: {value} is not a known carrier",
        "{field}：{value} 不是已知的承运商",
    ),
    "checks.invalid_tracking_number.empty": (
        "{field}: the tracking number {value} is empty",
        "{field}：运单号 {value} 为空",
    ),
    "checks.invalid_tracking_number.format": (
        "{field}: {value} does not have the format of a tracking number of the carrier",
        "{field}：{value} 不符合该承运商运单号的格式",
    ),
    "checks.invalid_tracking_number.check_digit": (
        "{field}: the check digit of {value} is wrong (probably a typo)",
        "{field}：{value} 的校验位错误（可能输错了）",
    ),
    "checks.invalid_tracking_number.unknown_country": (
        "{field}: {value} names an issuing country that is not an ISO 3166 country",
        "{field}：{value} 的签发国家代码不是 ISO 3166 国家",
    ),
    "checks.invalid_tracking_number.unknown_service": (
        "{field}: {value} uses a service indicator the UPU S10 standard does not assign",
        "{field}：{value} 使用了 UPU S10 标准未分配的业务代码",
    ),
    "checks.other_carrier_tracking_number": (
        "{field}: {value} is not a tracking number of the carrier named but of: {detail}",
        "{field}：{value} 不是所填承运商的运单号，而是以下承运商的运单号：{detail}",
    ),
    "checks.skipped.library": (
        "{field}: not checked, because the optional library {detail} is not installed "
        "(pip install 'halfmanaged[checks]')",
        "{field}：未检查，因为未安装可选库 {detail}（pip install 'halfmanaged[checks]'）",
    ),
    "checks.skipped.country": (
        "{field}: not checked, because the destination country is missing or unknown",
        "{field}：未检查，因为目的国缺失或无法识别",
    ),
    # Discrepancies of reconcile.
    "checks.discrepancy": (
        "{field}: {left} has {left_value}, {right} has {right_value}",
        "{field}：{left}为 {left_value}，{right}为 {right_value}",
    ),
    "checks.view.platform": ("the platform order", "平台订单"),
    "checks.view.seller": ("the seller's submission", "卖家提交的信息"),
    "checks.view.carrier": ("the carrier's record", "物流商记录"),
    "checks.value.absent": ("nothing", "无"),
    # TrackingResult.message: {number} is the normalised number, {carriers} a list of codes.
    "checks.tracking.valid": (
        "{number} is a valid tracking number of: {carriers}",
        "{number} 是以下承运商的有效运单号：{carriers}",
    ),
    "checks.tracking.empty": ("the tracking number is empty", "运单号为空"),
    "checks.tracking.format": (
        "{number} does not have the format of any tracking number checked",
        "{number} 不符合所查承运商任何运单号的格式",
    ),
    "checks.tracking.check_digit": (
        "{number} has a wrong check digit (probably a typo)",
        "{number} 的校验位错误（可能输错了）",
    ),
    "checks.tracking.unknown_country": (
        "{number} names an issuing country that is not an ISO 3166 country",
        "{number} 的签发国家代码不是 ISO 3166 国家",
    ),
    "checks.tracking.unknown_service": (
        "{number} uses a service indicator the UPU S10 standard does not assign",
        "{number} 使用了 UPU S10 标准未分配的业务代码",
    ),
    "checks.tracking.other_carrier": (
        "{number} is not a tracking number of the carrier named but of: {carriers}",
        "{number} 不是所填承运商的运单号，而是以下承运商的运单号：{carriers}",
    ),
    "checks.tracking.unknown_carrier": (
        "the carrier named is not known, so {number} was not checked against it",
        "所填承运商未知，因此未按其规则检查 {number}",
    ),
}
