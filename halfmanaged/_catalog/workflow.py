"""Words for :mod:`halfmanaged.workflow`.

Refusals, breaches and escalations, then the labels that stand in for the codes a refusal
carries (stages, actions, evidence kinds, parties, causes, outcomes), so that a Chinese reader
sees 物流公司 and not ``carrier``.
"""

MESSAGES: dict[str, tuple[str, str]] = {
    # -- why an action is refused ------------------------------------------------------------
    "workflow.case_closed": (
        "the case is already closed ({stage})",
        "案件已结束（{stage}）",
    ),
    "workflow.not_an_action": (
        "{action} only opens a case and cannot be applied to one",
        "{action}仅用于立案，不能作为处理操作",
    ),
    "workflow.wrong_stage": (
        "{action} is not possible at stage {stage}; it is possible at: {allowed_from}",
        "在“{stage}”阶段不能{action}；可{action}的阶段：{allowed_from}",
    ),
    "workflow.missing_evidence": (
        "{action} needs evidence: {kinds}",
        "{action}需要证据：{kinds}",
    ),
    "workflow.deadline_passed": (
        "{action} had to happen by {due}; that deadline has passed",
        "{action}须在{due}之前进行，期限已过",
    ),
    "workflow.deadline_not_passed": (
        "{action} is possible only after the deadline {due}",
        "须在期限{due}过后才能{action}",
    ),
    "workflow.clock_paused": (
        "the clock of stage {stage} is paused",
        "“{stage}”阶段的计时已暂停",
    ),
    "workflow.clock_running": (
        "the clock of stage {stage} is not paused",
        "“{stage}”阶段的计时未暂停",
    ),
    "workflow.appeal_not_open": (
        "an appeal is open only against a platform or carrier at fault; "
        "the responsible party is: {responsible}",
        "只有平台或物流公司有过错时才能申诉；当前责任方：{responsible}",
    ),
    "workflow.time_before_last_event": (
        "the time {at} is before the case's last event at {last}",
        "时间{at}早于案件上一事件的时间{last}",
    ),
    "workflow.naive_datetime": (
        "the time {at} has no time zone",
        "时间{at}缺少时区",
    ),
    "workflow.actor_missing": (
        "say who acts: the actor is empty",
        "未填写操作人",
    ),
    "workflow.outcome_required": (
        "{action} needs an outcome: {outcomes}",
        "{action}须注明处理结果：{outcomes}",
    ),
    "workflow.outcome_not_allowed": (
        "{action} takes no outcome; only resolving does",
        "{action}不能注明处理结果，只有结案可以",
    ),
    "workflow.finding_required": (
        "{action} needs the responsible cause found",
        "{action}须注明查明的责任方",
    ),
    "workflow.evidence_after_event": (
        "evidence {ref} is dated {supplied_at}, after the event at {at}",
        "证据{ref}的时间{supplied_at}晚于事件时间{at}",
    ),
    # -- what tick reports --------------------------------------------------------------------
    "workflow.breach": (
        "stage {stage} was due by {due} (waiting on {party}); overdue by {overdue}",
        "“{stage}”阶段应于{due}前完成（等待{party}），已超时{overdue}",
    ),
    "workflow.escalation_due": (
        "stage {stage} is overdue: {action} (next stage: {target})",
        "“{stage}”阶段已超时，应{action}（转至“{target}”）",
    ),
    # -- joining words ------------------------------------------------------------------------
    "workflow.join.or": (" or ", "或"),
    "workflow.join.list": (", ", "、"),
    # -- labels: stages -----------------------------------------------------------------------
    "workflow.stage.order_check": ("order check", "检查订单信息"),
    "workflow.stage.carrier_contacted": ("carrier contacted", "已联系物流公司"),
    "workflow.stage.seller_contacted": ("seller contacted", "已联系卖家"),
    "workflow.stage.platform_support": ("platform support", "平台客服处理"),
    "workflow.stage.appeal": ("appeal", "申诉与维权"),
    "workflow.stage.resolved": ("resolved", "已解决"),
    "workflow.stage.rejected": ("rejected", "已驳回"),
    "workflow.stage.withdrawn": ("withdrawn", "已撤回"),
    "workflow.stage.expired": ("expired", "已过期"),
    # -- labels: actions ----------------------------------------------------------------------
    "workflow.action.open": ("open the case", "立案"),
    "workflow.action.contact_carrier": ("contact the carrier", "联系物流公司"),
    "workflow.action.contact_seller": ("contact the seller", "联系卖家"),
    "workflow.action.escalate": ("escalate to platform support", "提交平台客服"),
    "workflow.action.appeal": ("appeal", "申诉"),
    "workflow.action.resolve": ("resolve", "结案"),
    "workflow.action.reject": ("reject", "驳回"),
    "workflow.action.withdraw": ("withdraw", "撤回"),
    "workflow.action.expire": ("let the case expire", "按过期结案"),
    "workflow.action.pause": ("pause the clock", "暂停计时"),
    "workflow.action.resume": ("resume the clock", "恢复计时"),
    "workflow.action.record_finding": ("record a finding", "记录调查结论"),
    "workflow.action.add_evidence": ("add evidence", "补充证据"),
    # -- labels: evidence kinds ---------------------------------------------------------------
    "workflow.evidence.parcel_photos": ("parcel photos", "包裹照片"),
    "workflow.evidence.waybill_number": ("waybill number", "运单号"),
    "workflow.evidence.order_screenshots": ("order screenshots", "订单截图"),
    "workflow.evidence.logistics_info": ("logistics information", "物流信息"),
    "workflow.evidence.chat_logs": ("chat logs", "聊天记录"),
    "workflow.evidence.screenshots": ("screenshots", "截图"),
    "workflow.evidence.platform_ticket_id": ("platform ticket id", "平台工单号"),
    "workflow.evidence.tracking_history": ("tracking history", "物流轨迹"),
    # -- labels: parties ----------------------------------------------------------------------
    "workflow.party.handler": ("the handler", "处理方"),
    "workflow.party.carrier": ("the carrier", "物流公司"),
    "workflow.party.seller": ("the seller", "卖家"),
    "workflow.party.platform": ("the platform", "平台"),
    "workflow.party.buyer": ("the buyer", "买家"),
    # -- labels: causes -----------------------------------------------------------------------
    "workflow.cause.carrier": ("carrier error", "物流公司操作失误"),
    "workflow.cause.seller": ("seller error", "卖家操作失误"),
    "workflow.cause.platform": ("platform fault", "平台故障"),
    "workflow.cause.buyer": ("buyer", "买家原因"),
    "workflow.cause.customs": ("customs", "海关原因"),
    "workflow.cause.force_majeure": ("force majeure", "不可抗力"),
    "workflow.cause.undetermined": ("undetermined", "原因未明"),
    # -- labels: outcomes ---------------------------------------------------------------------
    "workflow.outcome.compensation": ("compensation", "赔偿"),
    "workflow.outcome.reshipment": ("reshipment", "补发"),
    "workflow.outcome.refund": ("refund", "退款"),
    "workflow.outcome.no_action": ("no action", "无需处理"),
}
