"""Words for :mod:`halfmanaged.report` and the ``halfmanaged`` command's reports."""

MESSAGES: dict[str, tuple[str, str]] = {
    # Where a bad row is, and why it was left out.
    "report.problem.at": ("{where}: {reason}", "{where}：{reason}"),
    "report.problem.at_column": (
        "{where}: column '{column}': {reason}",
        "{where}：列 '{column}'：{reason}",
    ),
    "report.problem.missing": ("a value is required here", "此处必须有值"),
    "report.problem.naive_time": (
        "a time without a UTC offset: {detail}",
        "时间缺少 UTC 偏移：{detail}",
    ),
    "report.problem.bad_time": ("not an ISO 8601 time: {detail}", "不是 ISO 8601 时间：{detail}"),
    "report.problem.bad_number": ("not a number: {detail}", "不是数字：{detail}"),
    "report.problem.bad_bool": (
        "expected true or false, got {detail}",
        "应为 true 或 false，实际为 {detail}",
    ),
    "report.problem.unknown_warehouse": (
        "warehouse {detail} is not declared in the policy and is not a country code",
        "仓库 {detail} 未在策略中声明，也不是国家代码",
    ),
    "report.problem.invalid": ("{detail}", "{detail}"),
    "report.problem.not_json": ("not a JSON object: {detail}", "不是 JSON 对象：{detail}"),
    "report.problem.duplicate": (
        "order {detail} appears twice; the first is kept",
        "订单 {detail} 重复出现；保留第一条",
    ),
    "report.problem.adapter": ("{detail}", "{detail}"),
    "report.problem.parcel_mismatch": (
        "a parcel of order {detail} that disagrees with its first row on this column",
        "订单 {detail} 的包裹行与其第一行在此列上不一致",
    ),
    "report.problem.duplicate_parcel": (
        "parcel {detail} appears twice for its order; the first is kept",
        "包裹 {detail} 在同一订单中重复出现；保留第一条",
    ),
    # Section titles and column heads of the report.
    "report.title": (
        "Semi-managed shipping report, as of {as_of}",
        "半托管发货报告（截至 {as_of}）",
    ),
    "report.summary": (
        "{orders} orders evaluated, {bad_rows} bad rows left out; {on_track} on track, "
        "{at_risk} at risk, {breached} breached, {fulfilled} fulfilled.",
        "已评估 {orders} 个订单，跳过 {bad_rows} 行错误数据；正常 {on_track}，"
        "有风险 {at_risk}，已违规 {breached}，已完成 {fulfilled}。",
    ),
    "report.section.at_risk": (
        "Due within {horizon}: the at-risk queue",
        "{horizon}内到期：风险队列",
    ),
    "report.section.breaches": ("Breaches by rule", "按规则统计的违规"),
    "report.section.fines": ("Fines by currency", "按币种统计的罚款"),
    "report.section.warehouses": ("Per warehouse", "按仓库统计"),
    "report.section.rates": ("Rates over rolling windows", "滚动窗口内的比率"),
    "report.section.offenders": ("Worst offenders", "最严重的订单"),
    "report.section.problems": ("Bad rows (not evaluated)", "错误数据行（未评估）"),
    "report.section.charts": ("Charts", "图表"),
    "report.none": ("none", "无"),
    "report.col.order": ("Order", "订单"),
    "report.col.warehouse": ("Warehouse", "仓库"),
    "report.col.deadline": ("Deadline", "截止事项"),
    "report.col.due": ("Due (local time)", "截止时间（当地）"),
    "report.col.time_left": ("Time left", "剩余时间"),
    "report.col.rule": ("Rule", "规则"),
    "report.col.orders": ("Orders", "订单数"),
    "report.col.days_late_total": ("Working days late (total)", "超时工作日（合计）"),
    "report.col.days_late_max": ("Working days late (most)", "超时工作日（最多）"),
    "report.col.currency": ("Currency", "币种"),
    "report.col.amount": ("Amount", "金额"),
    "report.col.on_track": ("On track", "正常"),
    "report.col.at_risk": ("At risk", "有风险"),
    "report.col.breached": ("Breached", "已违规"),
    "report.col.fulfilled": ("Fulfilled", "已完成"),
    "report.col.rate": ("Rate", "比率"),
    "report.col.window": ("Window", "窗口"),
    "report.col.value": ("Value", "数值"),
    "report.col.threshold": ("Threshold", "阈值"),
    "report.col.flag": ("Flag", "标记"),
    "report.col.rules": ("Rules broken", "违反的规则"),
    "report.col.days_late": ("Working days late", "超时工作日"),
    "report.col.fine": ("Fine", "罚款"),
    "report.col.where": ("Where", "位置"),
    "report.col.reason": ("Reason", "原因"),
    "report.window": ("last {days} days", "近 {days} 天"),
    "report.flag.over": ("OVER (max {threshold})", "超标（上限 {threshold}）"),
    "report.flag.under": ("UNDER (min {threshold})", "未达标（下限 {threshold}）"),
    "report.flag.ok": ("ok", "正常"),
    "report.rate.none": ("n/a", "无数据"),
    "report.kind.pickup": ("carrier pickup", "物流揽收"),
    "report.kind.self_delivery": ("self-delivery", "自寄"),
    "report.kind.tracking_upload": ("tracking upload", "上传物流单号"),
    "report.kind.delivery": ("delivery window", "妥投时效"),
    "report.rate.late_shipment": ("late-shipment rate", "发货超时率"),
    "report.rate.valid_tracking": ("valid-tracking rate", "有效物流单号率"),
    "report.rate.on_time_delivery": ("on-time delivery rate", "准时妥投率"),
    "report.status.on_track": ("on track", "正常"),
    "report.status.at_risk": ("at risk", "有风险"),
    "report.status.breached": ("breached", "已违规"),
    "report.status.fulfilled": ("fulfilled", "已完成"),
    "report.chart.due": ("Orders due per day, by status", "每日到期订单（按状态）"),
    "report.chart.late": (
        "Late-shipment rate per warehouse, by week of the ship-by date",
        "各仓库发货超时率（按应发货日期所在周）",
    ),
    "report.chart.date": ("ship-by date", "应发货日期"),
    "report.chart.rate": ("late-shipment rate", "发货超时率"),
    "report.thresholds_note": (
        "Thresholds are library defaults or your policy's, not platform facts.",
        "阈值为本库默认值或您的策略设定，并非平台规定。",
    ),
    "report.rule.late_pickup": ("late pickup", "揽收超时"),
    "report.rule.late_self_delivery": ("late self-delivery", "自寄超时"),
    "report.rule.not_shipped": ("not shipped", "未发货"),
    "report.rule.tracking_not_uploaded": ("tracking not uploaded in time", "物流单号未按时上传"),
    "report.rule.mode_not_allowed": ("fulfilment mode not allowed", "发货模式不允许"),
    "report.rule.route_not_allowed": ("route not allowed", "物流线路不允许"),
    "report.rule.delivered_late": ("delivered late", "妥投超时"),
    "report.rule.delivery_overdue": ("delivery overdue", "妥投逾期"),
    "report.rule.not_from_overseas_warehouse": (
        "not from an overseas warehouse",
        "非海外仓发货",
    ),
    "report.rule.handover_before_order": ("handover before the order", "下单前揽收"),
    # Command-line errors (exit status 2) and notes.
    "cli.error.no_file": ("{path}: no such file", "{path}：文件不存在"),
    "cli.error.zones": (
        "--zones {value}: expected a country and a zone, e.g. DE=Europe/Berlin",
        "--zones {value}：应为国家代码和时区，例如 DE=Europe/Berlin",
    ),
    "cli.error.unreadable": ("{path}: cannot read it: {detail}", "{path}：无法读取：{detail}"),
    "cli.error.format": (
        "{path}: not a CSV, JSON Lines or AliExpress order response: {detail}",
        "{path}：不是 CSV、JSON Lines 或速卖通订单响应：{detail}",
    ),
    "cli.error.no_column": (
        "{path}: no usable column: needs {columns}",
        "{path}：没有可用的列：需要 {columns}",
    ),
    "cli.error.policy": ("policy {path}: {detail}", "策略文件 {path}：{detail}"),
    "cli.error.as_of": (
        "--as-of {value}: expected an ISO 8601 time with a UTC offset",
        "--as-of {value}：应为带 UTC 偏移的 ISO 8601 时间",
    ),
    "cli.error.duration": (
        "{flag} {value}: expected a duration such as 24h, 90m or 2d",
        "{flag} {value}：应为时长，例如 24h、90m 或 2d",
    ),
    "cli.error.adapter_missing": (
        "{path}: reading AliExpress responses needs halfmanaged.aliexpress, "
        "which this installation lacks",
        "{path}：读取速卖通响应需要 halfmanaged.aliexpress，当前安装中没有",
    ),
    "cli.error.timezone": (
        "{country} has several time zones ({candidates}); pass --timezone",
        "{country} 有多个时区（{candidates}）；请用 --timezone 指定",
    ),
    "cli.error.no_zone": (
        "no time zone is known for {country}; pass --timezone",
        "不知道 {country} 的时区；请用 --timezone 指定",
    ),
    "cli.error.order_not_found": (
        "order {order_id} is not in {path}",
        "{path} 中没有订单 {order_id}",
    ),
    "cli.error.extra": (
        '{feature} needs the report extra: pip install "halfmanaged[report]"',
        '{feature} 需要 report 扩展：pip install "halfmanaged[report]"',
    ),
    "cli.fail_on": (
        "--fail-on {what}: {count} orders matched",
        "--fail-on {what}：{count} 个订单符合条件",
    ),
    # halfmanaged explain: one sentence per step.
    "explain.placed": (
        "Order {order_id} from warehouse {warehouse} ({zone}) was placed at {local} "
        "({weekday}, {offset}).",
        "订单 {order_id} 来自仓库 {warehouse}（{zone}），"
        "下单时间为 {local}（{weekday}，{offset}）。",
    ),
    "explain.before_cutoff": (
        "{time} is before the {cutoff} order cutoff: the order counts for its own day.",
        "{time} 早于 {cutoff} 的截单时间：订单计入当天。",
    ),
    "explain.after_cutoff": (
        "{time} is at or after the {cutoff} order cutoff: handling starts the next working day.",
        "{time} 不早于 {cutoff} 的截单时间：从下一个工作日开始处理。",
    ),
    "explain.skip": (
        "{date} ({weekday}) is not a working day: {why}; skipped.",
        "{date}（{weekday}）不是工作日：{why}；跳过。",
    ),
    "explain.why.holiday": ("{name}", "{name}"),
    "explain.why.weekend": ("weekend", "周末"),
    "explain.make_up": (
        "{date} ({weekday}) is a weekend day worked in place of a holiday (调休): a working day.",
        "{date}（{weekday}）为调休上班日：按工作日计算。",
    ),
    "explain.handling_start": (
        "Handling starts on {date} ({weekday}).",
        "从 {date}（{weekday}）开始处理。",
    ),
    "explain.promise_day": (
        "Promised working day {n} of {total}: {date} ({weekday}).",
        "承诺发货时效第 {n}/{total} 个工作日：{date}（{weekday}）。",
    ),
    "explain.ship_by": (
        "Carrier pickup must be done before {cutoff} that day: ship by {at}.",
        "物流须在当天 {cutoff} 前揽收：最晚发货时间 {at}。",
    ),
    "explain.dst": (
        "The clocks change in between: the order was at {before}, the deadline is at {after}.",
        "期间发生夏令时切换：下单时为 {before}，截止时为 {after}。",
    ),
    "explain.self_delivery": (
        "Self-delivery: {hours} hours from {start}, so by {at}.",
        "自寄：自 {start} 起 {hours} 小时内，即 {at} 前。",
    ),
    "explain.self_delivery_dst": (
        "Those {hours} hours are absolute time: the wall clock moves by {wall} hours across "
        "the daylight-saving switch.",
        "这 {hours} 小时为绝对时间：跨越夏令时切换，墙上时钟走了 {wall} 小时。",
    ),
    "explain.tracking": (
        "Carrier and tracking number must be uploaded by {at}.",
        "物流商和运单号须在 {at} 前上传。",
    ),
    "explain.delivery": (
        "Delivery window on {where}'s working days, {min}-{max} working days after the ship-by "
        "date: {earliest} to {latest}.",
        "妥投时效按 {where} 的工作日计算，为应发货日期后 {min}–{max} 个工作日："
        "{earliest} 至 {latest}。",
    ),
    "explain.status": ("As of {as_of}: {status}.", "截至 {as_of}：{status}。"),
    "explain.next": (
        "Next deadline: {kind} by {due} ({left} left).",
        "下一个截止事项：{kind}，截止 {due}（剩余 {left}）。",
    ),
    # halfmanaged calendar
    "cli.calendar.make_up": (
        "Make-up working days (weekend days worked in place of holidays)",
        "调休上班日",
    ),
    "cli.calendar.make_up_day": ("make-up working day", "调休上班"),
    # halfmanaged tracking and classify
    "cli.tracking.carriers": ("carriers: {carriers}", "承运商：{carriers}"),
    "cli.classify.cause": ("Cause: {cause}", "原因：{cause}"),
    "cli.classify.clue": ("Clue: {clue}", "线索：{clue}"),
    "cli.classify.first_step": (
        "First step: contact {party}, start at stage {stage}; ask for {evidence}.",
        "第一步：联系 {party}，从 {stage} 阶段开始；索取 {evidence}。",
    ),
    "cli.classify.feed": (
        "Tracking feed from {provider}: number {number}, carrier {carrier}, {scans} scans.",
        "{provider} 物流轨迹：单号 {number}，承运商 {carrier}，{scans} 条扫描记录。",
    ),
    "cli.classify.note": ("Note: {note}", "提示：{note}"),
}
