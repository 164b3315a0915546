"""Words for :mod:`halfmanaged.shipping`: one sentence per rule code."""

MESSAGES: dict[str, tuple[str, str]] = {
    "shipping.late_pickup": (
        "Late pickup: the carrier picked the parcel up at {actual}, after the deadline "
        "{deadline} ({late_by} late).",
        "揽收超时：物流公司于 {actual} 揽收，晚于截止时间 {deadline}（超时 {late_by}）。",
    ),
    "shipping.late_self_delivery": (
        "Late self-delivery: the parcel reached the carrier at {actual}, after the deadline "
        "{deadline} ({late_by} late).",
        "自寄超时：包裹于 {actual} 送达物流公司，晚于截止时间 {deadline}（超时 {late_by}）。",
    ),
    "shipping.not_shipped": (
        "Not shipped: nothing was handed to a carrier by {deadline}; now {late_by} "
        "({working_days}) late.",
        "未发货：截至 {deadline} 仍未交给物流公司，已超时 {late_by}（{working_days}）。",
    ),
    "shipping.tracking_not_uploaded": (
        "Tracking not uploaded in time: it was due by {deadline} ({late_by} late); the "
        "platform treats the order as not shipped.",
        "物流单号未按时上传：应于 {deadline} 前上传（超时 {late_by}），平台视为未发货。",
    ),
    "shipping.mode_not_allowed": (
        "Fulfilment mode {value} is not allowed: semi-managed orders ship JIT only.",
        "不允许的发货模式 {value}：半托管仅支持 JIT（即时发货）。",
    ),
    "shipping.route_not_allowed": (
        "Route {value} is not among the allowed logistics routes.",
        "物流线路 {value} 不在物流线路规则允许的范围内。",
    ),
    "shipping.delivered_late": (
        "Delivered late: the parcel arrived at {actual}, after the delivery window ended "
        "{deadline} ({working_days} late).",
        "妥投超时：包裹于 {actual} 妥投，晚于妥投时效截止 {deadline}（超时 {working_days}）。",
    ),
    "shipping.delivery_overdue": (
        "Delivery overdue: the delivery window ended {deadline} and no delivery is recorded; "
        "now {working_days} overdue.",
        "妥投逾期：妥投时效已于 {deadline} 截止，仍无妥投记录，已逾期 {working_days}。",
    ),
    "shipping.not_from_overseas_warehouse": (
        "Not an overseas warehouse: the order is fulfilled from {value}, the home country; "
        "semi-managed orders ship from an overseas warehouse.",
        "非海外仓履约：该订单从本国 {value} 履约，半托管订单须从海外仓发货。",
    ),
    "shipping.handover_before_order": (
        "Handover recorded at {actual}, before the order was placed: the platform treats "
        "this as false shipment.",
        "揽收时间 {actual} 早于下单时间：平台视为虚假发货。",
    ),
}
