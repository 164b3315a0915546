"""The workflow's values: vocabularies, the SLA policy, and all a case carries or reports.

Evidence, the opening and the events of a case's history, and what the case answers with: the
reasons an action is refused (:class:`Blocker`), the check of one action (:class:`ActionCheck`),
and what :meth:`~halfmanaged.workflow.ResolutionCase.tick` finds (:class:`Breach`,
:class:`Escalation`, :class:`TickReport`). The table of stages and moves lives one layer up, in
the definition module, and the case itself in :mod:`halfmanaged.workflow`, which re-exports
every public name here: import them from there.

Every sentence meant for a person comes from the message catalog. A result keeps its details as
``facts``, ``(name, text)`` pairs of machine values (codes, ISO 8601 times in UTC, and the IANA
zone of the case's calendar); ``message(locale)`` turns codes into labels, times into the local
time of the case's calendar with the zone's abbreviation, and durations into the unit the SLA
counts in.
"""

from __future__ import annotations

import datetime as dt
import enum
import math
import zoneinfo
from collections.abc import Iterable, Mapping
from typing import Final

import attrs

from halfmanaged import _workflow_clock as _clock
from halfmanaged._validators import enum_value, int_at_least, utc_time
from halfmanaged._vocab import Cause, EvidenceKind, Party, Stage
from halfmanaged.calendar import WorkingCalendar
from halfmanaged.errors import (
    FieldTypeError,
    HalfManagedError,
    InvalidFieldError,
    UnknownTimezoneError,
)
from halfmanaged.messages import CATALOG, Locale, local_time, render, working_duration

__all__ = [
    "DEFAULT_POLICY",
    "Action",
    "ActionCheck",
    "Blocker",
    "BlockerCode",
    "Breach",
    "Escalation",
    "Event",
    "Evidence",
    "Handler",
    "Opening",
    "Outcome",
    "Sla",
    "SlaUnit",
    "TickCode",
    "TickReport",
    "WorkflowPolicy",
    "text",
]


# -- vocabularies ----------------------------------------------------------------------------


class Action(enum.StrEnum):
    """What someone does to a case. ``OPEN`` only starts one; the rest are applied.

    See :meth:`~halfmanaged.workflow.ResolutionCase.apply`.

    >>> from halfmanaged.workflow import Action
    >>> Action("escalate") is Action.ESCALATE
    True
    """

    OPEN = "open"
    CONTACT_CARRIER = "contact_carrier"
    CONTACT_SELLER = "contact_seller"
    ESCALATE = "escalate"
    APPEAL = "appeal"
    RESOLVE = "resolve"
    REJECT = "reject"
    WITHDRAW = "withdraw"
    EXPIRE = "expire"
    PAUSE = "pause"
    RESUME = "resume"
    RECORD_FINDING = "record_finding"
    ADD_EVIDENCE = "add_evidence"


class Handler(enum.StrEnum):
    """Who runs the case: the seller's own team or the third-party warehouse acting for it.

    The article's semi-managed receiving is done by a third party for the seller
    (docs/rules.md#receiving-1). When the handler is the seller, "contact the seller" is an
    internal check: the handler's own move.

    >>> from halfmanaged.workflow import Handler
    >>> Handler.WAREHOUSE.value
    'warehouse'
    """

    SELLER = "seller"
    WAREHOUSE = "warehouse"


class Outcome(enum.StrEnum):
    """How a resolved case ended: paid for, sent again, refunded, or nothing to do.

    >>> from halfmanaged.workflow import Outcome
    >>> [o.value for o in Outcome]
    ['compensation', 'reshipment', 'refund', 'no_action']
    """

    COMPENSATION = "compensation"
    RESHIPMENT = "reshipment"
    REFUND = "refund"
    NO_ACTION = "no_action"


class SlaUnit(enum.StrEnum):
    """The unit an SLA is counted in; both run on the working clock (see :class:`Sla`).

    >>> from halfmanaged.workflow import SlaUnit
    >>> SlaUnit("working_hours") is SlaUnit.WORKING_HOURS
    True
    """

    WORKING_DAYS = "working_days"
    WORKING_HOURS = "working_hours"


class BlockerCode(enum.StrEnum):
    """Why an action is refused; each value is the key of its sentence in the message catalog.

    >>> from halfmanaged.workflow import BlockerCode
    >>> BlockerCode.MISSING_EVIDENCE.value
    'workflow.missing_evidence'
    """

    CASE_CLOSED = "workflow.case_closed"
    NOT_AN_ACTION = "workflow.not_an_action"
    WRONG_STAGE = "workflow.wrong_stage"
    MISSING_EVIDENCE = "workflow.missing_evidence"
    DEADLINE_PASSED = "workflow.deadline_passed"
    DEADLINE_NOT_PASSED = "workflow.deadline_not_passed"
    CLOCK_PAUSED = "workflow.clock_paused"
    CLOCK_RUNNING = "workflow.clock_running"
    APPEAL_NOT_OPEN = "workflow.appeal_not_open"
    TIME_BEFORE_LAST_EVENT = "workflow.time_before_last_event"
    NAIVE_DATETIME = "workflow.naive_datetime"
    ACTOR_MISSING = "workflow.actor_missing"
    OUTCOME_REQUIRED = "workflow.outcome_required"
    OUTCOME_NOT_ALLOWED = "workflow.outcome_not_allowed"
    FINDING_REQUIRED = "workflow.finding_required"
    EVIDENCE_AFTER_EVENT = "workflow.evidence_after_event"


class TickCode(enum.StrEnum):
    """What :meth:`~halfmanaged.workflow.ResolutionCase.tick` reports; values are catalog keys.

    >>> from halfmanaged.workflow import TickCode
    >>> TickCode.BREACH.value
    'workflow.breach'
    """

    BREACH = "workflow.breach"
    ESCALATION_DUE = "workflow.escalation_due"


# Every code and every label a message may need is in the catalog, or the import fails here
# rather than in the middle of a refusal.
_LABELS: Final = {
    "stage": Stage,
    "action": Action,
    "evidence": EvidenceKind,
    "party": Party,
    "cause": Cause,
    "outcome": Outcome,
}
_MISSING = [code for code in (*BlockerCode, *TickCode) if code not in CATALOG] + [
    key
    for prefix, kind in _LABELS.items()
    for member in kind
    if (key := f"workflow.{prefix}.{member.value}") not in CATALOG
]
if _MISSING:  # pragma: no cover - a broken catalog stops the import
    raise HalfManagedError(f"workflow messages missing from the catalog: {_MISSING}")


# -- small checks shared by the constructors ------------------------------------------------


def text(field: str, value: object, *, empty: bool = False) -> str:
    """Return ``value`` if it is a string (not blank, unless ``empty``), else raise naming it."""
    if not isinstance(value, str):
        raise FieldTypeError(field, value, "str")
    if not empty and not value.strip():
        raise InvalidFieldError(field, value, "must not be empty")
    return value


# -- policy ----------------------------------------------------------------------------------


def _to_sla_unit(value: object) -> SlaUnit:
    return enum_value(SlaUnit, "unit", value)


@attrs.frozen
class Sla:
    """How long a stage may take, on the working clock of the case's calendar.

    The working clock runs from ``WorkflowPolicy.day_start`` to ``day_end`` (wall clock) on
    working days only. One working day is one full span of working hours: a stage entered on
    Monday at 11:00 with 2 working days is due on Wednesday at 11:00; entered outside working
    hours, the clock starts at the next opening (docs/rules.md#reading-workflow-sla).

    >>> from halfmanaged.workflow import Sla
    >>> Sla.working_days(2)
    Sla(amount=2, unit=<SlaUnit.WORKING_DAYS: 'working_days'>)
    >>> str(Sla.working_hours(4))
    '4 working hours'
    """

    amount: int = attrs.field(validator=int_at_least(1))
    unit: SlaUnit = attrs.field(converter=_to_sla_unit)

    @classmethod
    def working_days(cls, n: int) -> Sla:
        """Return an SLA of ``n`` working days.

        >>> from halfmanaged.workflow import Sla
        >>> Sla.working_days(1).unit
        <SlaUnit.WORKING_DAYS: 'working_days'>
        """
        return cls(n, SlaUnit.WORKING_DAYS)

    @classmethod
    def working_hours(cls, n: int) -> Sla:
        """Return an SLA of ``n`` working hours.

        >>> from halfmanaged.workflow import Sla
        >>> Sla.working_hours(8).amount
        8
        """
        return cls(n, SlaUnit.WORKING_HOURS)

    def __str__(self) -> str:
        return working_duration(self.amount, _UNIT_WORDS[self.unit])


_UNIT_WORDS: Final = {SlaUnit.WORKING_DAYS: "days", SlaUnit.WORKING_HOURS: "hours"}


def _check_sla(_: object, attribute: attrs.Attribute[Sla], value: object) -> None:
    if not isinstance(value, Sla):
        raise FieldTypeError(attribute.name, value, "Sla")


def _check_wall_time(_: object, attribute: attrs.Attribute[dt.time], value: object) -> None:
    if not isinstance(value, dt.time):
        raise FieldTypeError(attribute.name, value, "datetime.time")
    if value.tzinfo is not None:
        raise InvalidFieldError(attribute.name, value, "a wall-clock time, without tzinfo")


@attrs.frozen
class WorkflowPolicy:
    """SLAs per stage and the working hours their clock runs in.

    The article orders the steps of a resolution but gives no SLA figures: these defaults are
    this library's own starting point for a warehouse team, **not** AliExpress platform rules
    (docs/rules.md#reading-workflow-sla). Set the figures your contracts and the platform's
    current rules give. Together with the fixed resolution path it is the contingency plan the
    article asks for (docs/rules.md#prevention-5): who moves next, with what evidence, by when.

    >>> from halfmanaged.workflow import Sla, Stage, WorkflowPolicy
    >>> policy = WorkflowPolicy(carrier_contacted=Sla.working_hours(8))
    >>> str(policy.sla(Stage.CARRIER_CONTACTED)), str(policy.sla(Stage.APPEAL))
    ('8 working hours', '5 working days')
    """

    order_check: Sla = attrs.field(default=Sla(1, SlaUnit.WORKING_DAYS), validator=_check_sla)
    carrier_contacted: Sla = attrs.field(
        default=Sla(2, SlaUnit.WORKING_DAYS), validator=_check_sla
    )
    seller_contacted: Sla = attrs.field(default=Sla(2, SlaUnit.WORKING_DAYS), validator=_check_sla)
    platform_support: Sla = attrs.field(default=Sla(3, SlaUnit.WORKING_DAYS), validator=_check_sla)
    appeal: Sla = attrs.field(default=Sla(5, SlaUnit.WORKING_DAYS), validator=_check_sla)
    day_start: dt.time = attrs.field(default=dt.time(9), validator=_check_wall_time)
    day_end: dt.time = attrs.field(default=dt.time(18), validator=_check_wall_time)
    _bounds: tuple[int, int] = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        start, end = _clock.micros_of_day(self.day_start), _clock.micros_of_day(self.day_end)
        if end <= start:
            raise InvalidFieldError("day_end", self.day_end, "must come after day_start")
        object.__setattr__(self, "_bounds", (start, end))

    def sla(self, stage: Stage) -> Sla | None:
        """Return the SLA of ``stage``, or ``None`` for a stage without one (a final stage).

        >>> from halfmanaged.workflow import Stage, WorkflowPolicy
        >>> WorkflowPolicy().sla(Stage.RESOLVED) is None
        True
        """
        found = getattr(self, str(stage), None)
        return found if isinstance(found, Sla) else None

    def work_micros(self, sla: Sla) -> int:
        """Return ``sla`` as microseconds of working time.

        >>> from halfmanaged.workflow import Sla, WorkflowPolicy
        >>> WorkflowPolicy().work_micros(Sla.working_hours(1))
        3600000000
        """
        if not isinstance(sla, Sla):
            raise FieldTypeError("sla", sla, "Sla")
        return sla.amount * self._unit_micros(sla.unit)

    def _unit_micros(self, unit: SlaUnit) -> int:
        start, end = self._bounds
        return end - start if unit is SlaUnit.WORKING_DAYS else 3_600_000_000


DEFAULT_POLICY: Final = WorkflowPolicy()


# -- what a case carries ---------------------------------------------------------------------


def _to_evidence_kind(value: object) -> EvidenceKind:
    return enum_value(EvidenceKind, "kind", value)


def _to_party(value: object) -> Party:
    return enum_value(Party, "supplied_by", value)


def _to_supplied_at(value: object) -> dt.datetime:
    return utc_time("supplied_at", value)


def _to_handler(value: object) -> Handler:
    return enum_value(Handler, "handler", value)


def _to_cause(value: object) -> Cause:
    return enum_value(Cause, "cause", value)


@attrs.frozen
class Evidence:
    """One piece of proof: its kind, the host's reference to it, who supplied it and when.

    ``ref`` is whatever the host stores the proof under (a file id, a URL, the waybill
    number itself); the library never opens it.

    >>> import datetime as dt
    >>> from halfmanaged.workflow import Evidence
    >>> e = Evidence("waybill_number", "RB123456785GB", "carrier",
    ...              dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC))
    >>> e.kind, e.supplied_by
    (<EvidenceKind.WAYBILL_NUMBER: 'waybill_number'>, <Party.CARRIER: 'carrier'>)
    """

    kind: EvidenceKind = attrs.field(converter=_to_evidence_kind)
    ref: str = attrs.field()
    supplied_by: Party = attrs.field(converter=_to_party)
    supplied_at: dt.datetime = attrs.field(converter=_to_supplied_at)

    @ref.validator
    def _check_ref(self, _: object, value: object) -> None:
        text("ref", value)


@attrs.frozen
class Opening:
    """What the opening event fixes for the whole case, so that its history replays alone.

    >>> from halfmanaged.testing import open_case
    >>> opening = open_case().history[0].opening
    >>> opening.case_id, opening.handler.value, opening.cause.value, opening.calendar.timezone
    ('CASE-1', 'warehouse', 'carrier', 'Europe/Berlin')
    """

    case_id: str = attrs.field()
    handler: Handler = attrs.field(converter=_to_handler)
    cause: Cause = attrs.field(converter=_to_cause)
    calendar: WorkingCalendar = attrs.field()
    policy: WorkflowPolicy = attrs.field(default=DEFAULT_POLICY)

    @case_id.validator
    def _check_id(self, _: object, value: object) -> None:
        text("case_id", value)

    @calendar.validator
    def _check_calendar(self, _: object, value: object) -> None:
        if not isinstance(value, WorkingCalendar):
            raise FieldTypeError("calendar", value, "WorkingCalendar")

    @policy.validator
    def _check_policy(self, _: object, value: object) -> None:
        if not isinstance(value, WorkflowPolicy):
            raise FieldTypeError("policy", value, "WorkflowPolicy")


@attrs.frozen
class Event:
    """One entry of a case's history; opening the case is the first.

    ``seq`` is the case version after the event. ``due`` is the stage's due time after it
    (``None`` when the clock is paused or the case is closed), kept so an audit can read the
    deadline the case had at each step. ``finding`` is a revised responsible cause. Events
    take their fields unchecked, as the case builds them;
    :meth:`~halfmanaged.workflow.ResolutionCase.replay` checks a hand-built history.

    >>> from halfmanaged.testing import open_case
    >>> first = open_case().history[0]
    >>> first.seq, first.action, first.from_stage, first.to_stage
    (1, <Action.OPEN: 'open'>, None, <Stage.CARRIER_CONTACTED: 'carrier_contacted'>)
    """

    seq: int
    action: Action
    at: dt.datetime
    by: str
    from_stage: Stage | None
    to_stage: Stage
    due: dt.datetime | None
    evidence: tuple[Evidence, ...] = ()
    note: str | None = None
    outcome: Outcome | None = None
    finding: Cause | None = None
    opening: Opening | None = None


# -- facts and their words -------------------------------------------------------------------

Facts = tuple[tuple[str, str], ...]

# Facts whose values are codes of a vocabulary, shown as that vocabulary's labels.
_LABELLED: Final = {
    "stage": "stage",
    "target": "stage",
    "action": "action",
    "responsible": "cause",
    "party": "party",
}
# Facts that list codes, comma-separated, shown joined by "or" or as a list.
_LISTED: Final = {
    "kinds": ("evidence", "or"),
    "allowed_from": ("stage", "list"),
    "outcomes": ("outcome", "or"),
}
# Facts that hold ISO 8601 times, shown as local time in the fact "timezone".
_TIMES: Final = frozenset({"at", "last", "due", "supplied_at"})


def _to_facts(value: object) -> Facts:
    """Return ``value`` (a mapping, or pairs of str) as a tuple of ``(name, text)`` pairs."""
    if type(value) is tuple:  # the case's own blockers come as pairs already: check only
        for pair in value:
            if not (
                type(pair) is tuple
                and len(pair) == 2
                and type(pair[0]) is str
                and type(pair[1]) is str
            ):
                break
        else:
            return _unique(value, value)
    items = value.items() if isinstance(value, Mapping) else value
    if isinstance(items, str | bytes) or not isinstance(items, Iterable):
        raise FieldTypeError("facts", value, "a mapping or (name, text) pairs of str")
    found = []
    for pair in items:
        if not (
            isinstance(pair, tuple | list)
            and len(pair) == 2
            and isinstance(pair[0], str)
            and isinstance(pair[1], str)
        ):
            raise FieldTypeError("facts", value, "a mapping or (name, text) pairs of str")
        found.append((str(pair[0]), str(pair[1])))
    return _unique(tuple(found), value)


def _unique(pairs: Facts, given: object) -> Facts:
    if len(pairs) > 1 and len({name for name, _ in pairs}) != len(pairs):
        raise InvalidFieldError("facts", given, "each name at most once")
    return pairs


def _zone(name: str | None) -> dt.tzinfo:
    if name is None:
        return dt.UTC
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, TypeError):
        raise UnknownTimezoneError(name) from None


def _words(facts: Facts, locale: Locale | str) -> dict[str, str]:
    """Return the template's fields: ``facts`` with codes, times and durations put in words."""
    out = dict(facts)
    for key in _TIMES.intersection(out):
        try:
            moment = dt.datetime.fromisoformat(out[key])
        except ValueError:
            continue  # not a time: shown as given
        if moment.utcoffset() is not None:  # a naive time is shown as given, too
            out[key] = local_time(moment, _zone(out.get("timezone")))
    for key, prefix in _LABELLED.items():
        if out.get(key):
            out[key] = render(f"workflow.{prefix}.{out[key]}", {}, locale)
    for key, (prefix, joiner) in _LISTED.items():
        if out.get(key):
            sep = render(f"workflow.join.{joiner}", {}, locale)
            out[key] = sep.join(
                render(f"workflow.{prefix}.{code}", {}, locale) for code in out[key].split(",")
            )
    return out


def _to_blocker_code(value: object) -> BlockerCode:
    return value if type(value) is BlockerCode else enum_value(BlockerCode, "code", value)


@attrs.frozen
class Blocker:
    """One reason an action is refused: a stable ``code``, its ``facts``, and its words.

    ``facts`` are ``(name, text)`` pairs of machine values: codes (``"platform_support"``),
    comma-separated lists of codes, ISO 8601 times in UTC, and, next to any time, the IANA
    ``timezone`` of the case's calendar. :meth:`message` shows codes as labels of the locale
    and times as local time in that zone.

    >>> from halfmanaged.workflow import Blocker, BlockerCode
    >>> b = Blocker(BlockerCode.MISSING_EVIDENCE,
    ...             {"action": "appeal", "kinds": "chat_logs,screenshots"})
    >>> b.facts
    (('action', 'appeal'), ('kinds', 'chat_logs,screenshots'))
    >>> b.message()
    'appeal needs evidence: chat logs or screenshots'
    >>> b.message("zh-CN")
    '申诉需要证据：聊天记录或截图'
    """

    code: BlockerCode = attrs.field(converter=_to_blocker_code)
    facts: Facts = attrs.field(default=(), converter=_to_facts)

    def message(self, locale: Locale | str = Locale.EN) -> str:
        """Return the reason as a sentence in ``locale``.

        >>> from halfmanaged.workflow import Blocker
        >>> Blocker("workflow.actor_missing").message("zh-CN")
        '未填写操作人'
        >>> Blocker("workflow.deadline_passed", {"action": "appeal",
        ...     "due": "2026-03-04T10:00:00+00:00", "timezone": "Europe/Berlin"}).message()
        'appeal had to happen by 2026-03-04 11:00 CET; that deadline has passed'
        """
        return render(self.code, _words(self.facts, locale), locale)

    def __str__(self) -> str:
        return self.message()


@attrs.frozen
class ActionCheck:
    """Whether an action is possible now, where it leads, and every reason it is not.

    >>> from halfmanaged.testing import ORDER_TIME, open_case
    >>> check = open_case().available_actions(ORDER_TIME)[0]
    >>> check.action, check.allowed, [b.code.name for b in check.blockers]
    (<Action.CONTACT_CARRIER: 'contact_carrier'>, False, ['WRONG_STAGE'])
    """

    action: Action
    target: Stage | None
    blockers: tuple[Blocker, ...]

    @property
    def allowed(self) -> bool:
        """Whether nothing blocks the action.

        >>> from halfmanaged.workflow import Action, ActionCheck, Stage
        >>> ActionCheck(Action.WITHDRAW, Stage.WITHDRAWN, ()).allowed
        True
        """
        return not self.blockers


def overdue_in_unit(work_us: int, unit_us: int) -> float:
    """Return ``work_us`` of working time in units of ``unit_us``, rounded up to a tenth."""
    return math.ceil(work_us * 10 / unit_us) / 10 if work_us > 0 else 0.0


@attrs.frozen
class Breach:
    """A stage past its due time while its clock runs.

    ``overdue_amount`` is how far past due the case is on its working clock, in the ``unit``
    of the stage's SLA, rounded up to a tenth (docs/rules.md#reading-workflow-sla); the
    ``overdue`` property is the same gap in clock time. ``timezone`` is the zone of the case's
    calendar, in which the message tells the due time.

    >>> import datetime as dt
    >>> from halfmanaged.testing import ORDER_TIME, open_case
    >>> breach = open_case().tick(ORDER_TIME + dt.timedelta(days=3)).breaches[0]
    >>> breach.overdue_amount, breach.unit.value
    (1.0, 'working_days')
    >>> print(breach.message())
    stage carrier contacted was due by 2026-11-25 10:00 CET (waiting on the carrier); overdue by
    1 working day
    >>> print(breach.message("zh-CN"))
    “已联系物流公司”阶段应于2026-11-25 10:00 CET前完成（等待物流公司），已超时1 个工作日
    """

    stage: Stage
    due: dt.datetime
    as_of: dt.datetime
    waiting_on: Party
    overdue_amount: float
    unit: SlaUnit
    timezone: str

    code = TickCode.BREACH

    @property
    def overdue(self) -> dt.timedelta:
        """How long past due, in clock time.

        >>> import datetime as dt
        >>> from halfmanaged.testing import ORDER_TIME, open_case
        >>> open_case().tick(ORDER_TIME + dt.timedelta(days=3)).breaches[0].overdue
        datetime.timedelta(days=1)
        """
        return self.as_of - self.due

    @property
    def facts(self) -> Facts:
        """The message's facts: codes, ISO times in UTC, the zone, and the overdue amount.

        >>> import datetime as dt
        >>> from halfmanaged.testing import ORDER_TIME, open_case
        >>> dict(open_case().tick(ORDER_TIME + dt.timedelta(days=3)).breaches[0].facts)["due"]
        '2026-11-25T09:00:00+00:00'
        """
        return (
            ("stage", self.stage.value),
            ("due", self.due.isoformat()),
            ("timezone", self.timezone),
            ("party", self.waiting_on.value),
            ("overdue", f"{self.overdue_amount:g}"),
            ("unit", self.unit.value),
        )

    def message(self, locale: Locale | str = Locale.EN) -> str:
        """Return the breach as a sentence in ``locale``.

        >>> import datetime as dt
        >>> from halfmanaged.testing import ORDER_TIME, open_case
        >>> breach = open_case().tick(ORDER_TIME + dt.timedelta(days=2, hours=3)).breaches[0]
        >>> breach.message().rsplit(";", 1)[1]
        ' overdue by 0.4 working days'
        """
        words = _words(self.facts, locale)
        words["overdue"] = working_duration(self.overdue_amount, _UNIT_WORDS[self.unit], locale)
        return render(self.code, words, locale)


@attrs.frozen
class Escalation:
    """An automatic escalation that is due; applying it is still an explicit event.

    ``blockers`` says what would stop :meth:`~halfmanaged.workflow.ResolutionCase.apply` of
    ``action`` now (missing evidence, typically), so the host knows what to gather first.

    >>> import datetime as dt
    >>> from halfmanaged.testing import ORDER_TIME, open_case
    >>> esc = open_case().tick(ORDER_TIME + dt.timedelta(days=3)).escalations[0]
    >>> esc.action, esc.to_stage, esc.allowed
    (<Action.ESCALATE: 'escalate'>, <Stage.PLATFORM_SUPPORT: 'platform_support'>, False)
    """

    action: Action
    from_stage: Stage
    to_stage: Stage
    due: dt.datetime
    blockers: tuple[Blocker, ...]

    code = TickCode.ESCALATION_DUE

    @property
    def allowed(self) -> bool:
        """Whether the escalation can be applied as things stand.

        >>> import datetime as dt
        >>> from halfmanaged.testing import ORDER_TIME, open_case
        >>> open_case().tick(ORDER_TIME + dt.timedelta(days=3)).escalations[0].allowed
        False
        """
        return not self.blockers

    @property
    def facts(self) -> Facts:
        """The message's facts, as codes.

        >>> import datetime as dt
        >>> from halfmanaged.testing import ORDER_TIME, open_case
        >>> open_case().tick(ORDER_TIME + dt.timedelta(days=3)).escalations[0].facts
        (('stage', 'carrier_contacted'), ('action', 'escalate'), ('target', 'platform_support'))
        """
        return (
            ("stage", self.from_stage.value),
            ("action", self.action.value),
            ("target", self.to_stage.value),
        )

    def message(self, locale: Locale | str = Locale.EN) -> str:
        """Return the escalation as a sentence in ``locale``.

        >>> import datetime as dt
        >>> from halfmanaged.testing import ORDER_TIME, open_case
        >>> print(open_case().tick(ORDER_TIME + dt.timedelta(days=3)).escalations[0].message())
        stage carrier contacted is overdue: escalate to platform support (next stage: platform
        support)
        """
        return render(self.code, _words(self.facts, locale), locale)


@attrs.frozen
class TickReport:
    """What :meth:`~halfmanaged.workflow.ResolutionCase.tick` found: breaches and escalations due.

    >>> from halfmanaged.testing import ORDER_TIME, open_case
    >>> open_case().tick(ORDER_TIME)
    TickReport(breaches=(), escalations=())
    """

    breaches: tuple[Breach, ...] = ()
    escalations: tuple[Escalation, ...] = ()
