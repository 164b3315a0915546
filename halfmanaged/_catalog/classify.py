"""Words for :mod:`halfmanaged.classify`."""

MESSAGES: dict[str, tuple[str, str]] = {
    # Clues.
    "classify.address_seller_differs": (
        "The address or contact the seller submitted differs from the platform order in: "
        "{fields}.",
        "卖家提交的地址或联系方式与平台订单不一致：{fields}。",
    ),
    "classify.address_carrier_differs": (
        "The seller's submission matches the order, but the carrier recorded a different "
        "{fields}.",
        "卖家提交的信息与订单一致，但物流公司记录的 {fields} 不同。",
    ),
    "classify.address_all_agree": (
        "Order, seller submission and carrier record agree on the address, yet the parcel "
        "is undeliverable ({symptoms}).",
        "平台订单、卖家提交信息和物流记录的地址一致，但包裹仍无法投递（{symptoms}）。",
    ),
    "classify.damage_before_handover": (
        "The receiving inspection found damage before the parcel was handed to the carrier "
        "(packing).",
        "收货检验发现包裹在交给物流公司之前已破损（包装问题）。",
    ),
    "classify.damage_after_acceptance": (
        "The receiving inspection found the damage happened after the carrier accepted the "
        "parcel.",
        "收货检验确认破损发生在物流公司揽收之后。",
    ),
    "classify.damage_scan_after_acceptance": (
        "The carrier reported the parcel damaged at {damaged_at}, after its acceptance scan at "
        "{accepted_at}.",
        "物流公司在 {damaged_at} 报告包裹破损，晚于其揽收扫描时间 {accepted_at}。",
    ),
    "classify.lost_after_acceptance": (
        "The carrier reported the parcel lost at {lost_at}, after its acceptance scan at "
        "{accepted_at}.",
        "物流公司在 {lost_at} 报告包裹丢失，晚于其揽收扫描时间 {accepted_at}。",
    ),
    "classify.lost_after_handover_proof": (
        "The carrier reported the parcel lost, and there is proof it was handed over to the "
        "carrier.",
        "物流公司报告包裹丢失，且有包裹已交给物流公司的凭证。",
    ),
    "classify.goods_mismatch": (
        "Goods or quantity differ from the order: {what}.",
        "商品或数量与订单不符：{what}。",
    ),
    "classify.tracking_invalid": (
        "The tracking number {number} is not valid for carrier {carrier} ({reason}); the "
        "platform treats this as false shipment.",
        "物流单号 {number} 对物流商 {carrier} 无效（{reason}），平台会将其视为虚假发货。",
    ),
    "classify.tracking_other_carrier": (
        "The tracking number {number} belongs to {carriers}, not to the declared carrier "
        "{carrier}; the platform treats this as false shipment.",
        "物流单号 {number} 属于 {carriers}，而非申报的物流商 {carrier}，平台会将其视为虚假发货。",
    ),
    "classify.tracking_invalid_feed": (
        "The tracking service reports the tracking number as invalid; the platform treats this "
        "as false shipment.",
        "物流查询服务显示该物流单号无效，平台会将其视为虚假发货。",
    ),
    "classify.pickup_before_order": (
        "The first carrier scan ({accepted_at}) is earlier than the order ({placed_at}): the "
        "number belongs to another shipment, which the platform treats as false shipment.",
        "物流公司的首次扫描（{accepted_at}）早于下单时间（{placed_at}）：该单号属于其他包裹，"
        "平台会将其视为虚假发货。",
    ),
    "classify.destination_differs": (
        "The tracking shows destination country {tracked}, but the buyer is in {ordered}; the "
        "platform treats this as false shipment.",
        "物流信息显示目的国为 {tracked}，但买家在 {ordered}，平台会将其视为虚假发货。",
    ),
    "classify.window_open": (
        "The carrier knows the tracking number but the platform does not show it yet; the "
        "platform's online window runs until {window_end}.",
        "物流公司已有该物流单号，但平台尚未显示；平台上网时效截止到 {window_end}。",
    ),
    "classify.window_closed_proof": (
        "The platform still does not show the tracking after its online window ended on "
        "{window_end}, although the carrier has scanned the parcel.",
        "平台上网时效已于 {window_end} 结束，物流公司已有扫描记录，但平台仍未显示物流信息。",
    ),
    "classify.window_closed_no_proof": (
        "The platform still does not show the tracking after its online window ended on "
        "{window_end}, and there is no carrier proof of handover.",
        "平台上网时效已于 {window_end} 结束，物流信息仍未上网，且没有物流公司的揽收凭证。",
    ),
    "classify.submit_platform_error": (
        "The order information could not be submitted because of a platform error.",
        "由于平台故障，订单信息无法提交。",
    ),
    "classify.submit_rejected": (
        "The platform rejected the submitted order information as invalid.",
        "平台以信息无效为由拒绝了提交的订单信息。",
    ),
    "classify.customs_hold": (
        "Customs is holding the parcel (since {at}).",
        "包裹被海关扣留（自 {at} 起）。",
    ),
    "classify.force_majeure": (
        "The carrier declared a delay caused by weather or a similar outside event ({at}).",
        "物流公司声明因天气或类似不可抗力导致延误（{at}）。",
    ),
    "classify.buyer_not_accepted": (
        "The recipient did not accept the parcel: {symptoms}.",
        "收件人未接收包裹：{symptoms}。",
    ),
    "classify.carrier_rejected": (
        "The carrier rejected the parcel as not compliant with its guidelines (packing or "
        "contents).",
        "物流公司以不符合其规定（包装或内容物）为由拒收包裹。",
    ),
    "classify.carrier_delay": (
        "The carrier reported a delay inside its own network ({at}).",
        "物流公司报告其网络内部延误（{at}）。",
    ),
    "classify.late_handover": (
        "The parcel was handed over at {handed_over_at}, after the ship-by time {ship_by} and "
        "the self-delivery limit {self_delivery_by}, and it is late.",
        "包裹于 {handed_over_at} 交付物流，晚于发货截止时间 {ship_by} 和自寄截止时间 "
        "{self_delivery_by}，且已延误。",
    ),
    "classify.reported_status_contradicts": (
        "The tracking provider reports the parcel as '{reported}', but its latest scan ({at}) "
        "says '{latest}'; the diagnosis follows the scans.",
        "物流查询服务报告的包裹状态为“{reported}”，但最新扫描记录（{at}）显示为“{latest}”；"
        "诊断以扫描记录为准。",
    ),
    # Checks.
    "classify.check.compare_addresses": (
        "Compare the address on the label (the seller's submission) with the order address "
        "and with the carrier's record (missing: {missing}).",
        "请核对面单地址（卖家提交的信息）与订单地址及物流公司记录（缺少：{missing}）。",
    ),
    "classify.check.damage_timing": (
        "Find out whether the damage happened before or after the carrier's acceptance: "
        "handover photos and the acceptance scan.",
        "查明破损发生在物流公司揽收之前还是之后：交接时的照片和揽收扫描记录。",
    ),
    "classify.check.handover_proof": (
        "Get proof that the carrier took the parcel: an acceptance scan or a signed pickup "
        "receipt.",
        "取得物流公司已收取包裹的凭证：揽收扫描记录或签字的揽收单。",
    ),
    "classify.check.window_facts": (
        "Record the handover time and the current time to tell whether the platform's "
        "online window ({days} working days) has ended (missing: {missing}).",
        "请记录交接时间和当前时间，以判断平台上网时效（{days} 个工作日）是否已过"
        "（缺少：{missing}）。",
    ),
    "classify.check.carrier_knows_number": (
        "Ask the carrier whether its system knows the tracking number; the platform's online "
        "window runs until {window_end}.",
        "请向物流公司确认其系统中是否已有该物流单号；平台上网时效截止到 {window_end}。",
    ),
    "classify.check.submit_error": (
        "Get the platform's error message or a screenshot of the failed submission, to tell a "
        "platform error from rejected data.",
        "请获取平台的报错信息或提交失败的截图，以区分平台故障和数据被拒。",
    ),
    "classify.check.ask_carrier": (
        "Ask the carrier for the reason behind the status '{symptom}' of {at}.",
        "请向物流公司询问 {at} 状态“{symptom}”的原因。",
    ),
    "classify.check.overdue": (
        "The delivery window ended on {delivery_latest} and the parcel is not delivered: ask "
        "the carrier where it is.",
        "妥投时效已于 {delivery_latest} 结束，包裹仍未妥投：请向物流公司查询包裹位置。",
    ),
    "classify.check.conflict": (
        "The evidence points to several parties ({causes}); check the order information "
        "first to tell them apart.",
        "证据指向多方（{causes}）；请先核对订单信息以区分责任。",
    ),
    "classify.check.gather": (
        "Not enough facts to tell whose fault this is: collect the order information from "
        "platform, seller and carrier, the tracking history and the platform's status.",
        "事实不足，无法判断责任方：请收集平台、卖家和物流公司三方的订单信息、物流轨迹和平台状态。",
    ),
    # Diagnosis.
    "classify.verdict": (
        "Cause: {cause}. Contact {party} first.",
        "责任方：{cause}。请先联系{party}。",
    ),
    "classify.verdict_open": (
        "Cause: {cause}. Next: {check}",
        "责任方：{cause}。下一步：{check}",
    ),
    "classify.cause.carrier": ("the carrier", "物流公司"),
    "classify.cause.seller": ("the seller", "卖家"),
    "classify.cause.platform": ("the platform", "平台"),
    "classify.cause.buyer": ("the buyer", "买家"),
    "classify.cause.customs": ("customs", "海关"),
    "classify.cause.force_majeure": ("force majeure", "不可抗力"),
    "classify.cause.undetermined": ("not determined yet", "尚未确定"),
    "classify.party.handler": ("your own team", "处理方（本团队）"),
    "classify.party.carrier": ("the carrier", "物流公司"),
    "classify.party.seller": ("the seller", "卖家"),
    "classify.party.platform": ("platform support", "平台客服"),
    "classify.party.buyer": ("the buyer (through the platform)", "买家（通过平台）"),
    # Symptom names, so that a clue reads in the reader's language (see classify._render).
    "classify.symptom.info_received": ("information received", "已收到物流信息"),
    "classify.symptom.accepted": ("accepted by the carrier", "已揽收"),
    "classify.symptom.in_transit": ("in transit", "运输中"),
    "classify.symptom.out_for_delivery": ("out for delivery", "派送中"),
    "classify.symptom.available_for_pickup": ("available for pickup", "待自提"),
    "classify.symptom.delivery_attempt_failed": ("delivery attempt failed", "投递失败"),
    "classify.symptom.address_problem": ("address problem", "地址有误"),
    "classify.symptom.recipient_moved": ("recipient moved", "收件人已搬迁"),
    "classify.symptom.refused": ("refused", "拒收"),
    "classify.symptom.not_collected": ("not collected", "未领取"),
    "classify.symptom.awaiting_payment": ("awaiting payment", "待付款"),
    "classify.symptom.rejected_by_carrier": ("rejected by the carrier", "物流公司拒收"),
    "classify.symptom.damaged": ("damaged", "包裹破损"),
    "classify.symptom.lost": ("lost", "包裹丢失"),
    "classify.symptom.carrier_delay": ("delayed by the carrier", "物流延误"),
    "classify.symptom.delayed": ("delayed", "延误"),
    "classify.symptom.weather": ("weather", "天气原因"),
    "classify.symptom.customs_hold": ("held by customs", "海关扣留"),
    "classify.symptom.returning": ("returning to sender", "退回中"),
    "classify.symptom.returned": ("returned to sender", "已退回"),
    "classify.symptom.delivered": ("delivered", "已妥投"),
    "classify.symptom.cancelled": ("cancelled", "已取消"),
    "classify.symptom.no_information": ("no information", "无物流信息"),
    "classify.symptom.invalid_number": ("invalid tracking number", "物流单号无效"),
    "classify.symptom.exception": ("exception", "物流异常"),
    "classify.symptom.other": ("other", "其他"),
}
