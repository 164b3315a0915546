"""The resolution workflow (处理流程) of a receiving exception, as an immutable, replayable case.

The seed's handling path (DESIGN.md, "The resolution path as stages"): check the order
information → contact the carrier → contact the seller → contact platform support → appeal,
with proof gathered at each step. The path is data: :data:`DEFINITION` is a fixed table of
stages (owner, evidence gathered, what the clock waits on when paused) and transitions
(``(stage, action) -> target`` with the evidence and guards each needs), checked by
:func:`validate_definition` when this module is imported. A :class:`ResolutionCase` is a
frozen value; :meth:`ResolutionCase.apply` is a pure function from (case, action, time) to a
new case, and refuses an illegal action with every reason at once.

Deadlines are absolute due times stored on the case when a stage is entered, computed on the
case's :class:`~halfmanaged.calendar.WorkingCalendar` from the SLA in a
:class:`WorkflowPolicy`. The seed gives no SLA figures: the policy's defaults are this
library's, not AliExpress rules.

>>> import datetime as dt
>>> from halfmanaged.calendar import WorkingCalendar
>>> cal = WorkingCalendar.without_holidays(timezone="Europe/Berlin")
>>> t0 = dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.UTC)  # a Monday, 11:00 in Berlin
>>> case = ResolutionCase.open("C-1", cause=Cause.CARRIER, calendar=cal, at=t0, by="ops:li")
>>> case.stage, case.waiting_on
(<Stage.CARRIER_CONTACTED: 'carrier_contacted'>, <Party.CARRIER: 'carrier'>)
>>> case.due.isoformat()  # two working days of 09:00-18:00 later, Berlin time
'2026-03-04T10:00:00+00:00'
>>> photo = Evidence(EvidenceKind.PARCEL_PHOTOS, "img-77", Party.CARRIER, t0)
>>> done = case.apply(Action.RESOLVE, at=t0, by="ops:li", evidence=[photo],
...                   outcome=Outcome.COMPENSATION)
>>> done.stage, done.outcome, done.version
(<Stage.RESOLVED: 'resolved'>, <Outcome.COMPENSATION: 'compensation'>, 2)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from types import MappingProxyType
from typing import Final, Protocol, TypeAlias, TypeVar

import attrs

from halfmanaged import _workflow_clock as _clock
from halfmanaged._validators import check_aware, to_enum
from halfmanaged._vocab import Cause, EvidenceKind, Party, Stage

# The definition's vocabulary and checks live apart from the case; they are re-exported here.
from halfmanaged._workflow_definition import DEFAULT_POLICY as _DEFAULT_POLICY
from halfmanaged._workflow_definition import (
    Action,
    Definition,
    DefinitionProblem,
    Guard,
    Handler,
    Outcome,
    Sla,
    SlaUnit,
    StageSpec,
    Transition,
    WorkflowPolicy,
    definition_problems,
    validate_definition,
)
from halfmanaged._workflow_definition import check_definition as _check_definition
from halfmanaged.calendar import WorkingCalendar
from halfmanaged.errors import (
    ActionRefusedError,
    DateOutOfRangeError,
    FieldTypeError,
    HalfManagedError,
    InvalidFieldError,
    MalformedPayloadError,
    VersionConflictError,
)
from halfmanaged.messages import Locale, render

__all__ = [
    "DEFINITION",
    "SCHEMA_VERSION",
    "Action",
    "ActionCheck",
    "Blocker",
    "Breach",
    "Cause",
    "Definition",
    "DefinitionProblem",
    "DiagnosisLike",
    "Escalation",
    "Event",
    "Evidence",
    "EvidenceKind",
    "Guard",
    "Handler",
    "Opening",
    "Outcome",
    "Party",
    "ResolutionCase",
    "Sla",
    "SlaUnit",
    "Stage",
    "StageSpec",
    "TickReport",
    "Transition",
    "WorkflowPolicy",
    "definition_problems",
    "start_stage_for",
    "to_markdown",
    "to_mermaid",
    "validate_definition",
]

SCHEMA_VERSION = 1
"""Version of the :meth:`ResolutionCase.to_dict` payload; bumped on any incompatible change."""

_UTC = dt.UTC
_T = TypeVar("_T")


# -- small checks shared by the constructors ------------------------------------------------


def _aware(field: str, value: object) -> dt.datetime:
    try:
        return check_aware(field, value).astimezone(_UTC)
    except OverflowError:  # near datetime.min or max, with an offset that crosses it
        raise DateOutOfRangeError(field, value) from None


def _text(field: str, value: object, *, empty: bool = False) -> str:
    if not isinstance(value, str):
        raise FieldTypeError(field, value, "str")
    if not empty and not value.strip():
        raise InvalidFieldError(field, value, "must not be empty")
    return value


def _group_text(group: frozenset[EvidenceKind]) -> str:
    return ",".join(sorted(k.value for k in group))


# -- the definition table --------------------------------------------------------------------

_ORDER = frozenset({EvidenceKind.ORDER_SCREENSHOTS})
_LOGISTICS = frozenset({EvidenceKind.LOGISTICS_INFO, EvidenceKind.WAYBILL_NUMBER})
_INCIDENT = frozenset(
    {EvidenceKind.PARCEL_PHOTOS, EvidenceKind.TRACKING_HISTORY, EvidenceKind.SCREENSHOTS}
)
_CARRIER_PROOF = frozenset({EvidenceKind.PARCEL_PHOTOS, EvidenceKind.WAYBILL_NUMBER})
_TICKET = frozenset({EvidenceKind.PLATFORM_TICKET_ID})
_RETAINED = frozenset({EvidenceKind.CHAT_LOGS, EvidenceKind.SCREENSHOTS})
_CHECKED = (_ORDER, _LOGISTICS)
# Seed step 4: "contact platform support with order, logistics and exception evidence".
_FOR_PLATFORM = (_ORDER, _LOGISTICS, _INCIDENT)
# Seed step 3: the seller's proof is order screenshots and logistics information.
_SELLER_PROOF = (_ORDER, frozenset({EvidenceKind.LOGISTICS_INFO}))

_ACTIVE = (
    Stage.ORDER_CHECK,
    Stage.CARRIER_CONTACTED,
    Stage.SELLER_CONTACTED,
    Stage.PLATFORM_SUPPORT,
    Stage.APPEAL,
)
_FINAL = (Stage.RESOLVED, Stage.REJECTED, Stage.WITHDRAWN, Stage.EXPIRED)
_OC, _CC, _SC, _PS, _AP = _ACTIVE
_RESOLVED, _REJECTED, _WITHDRAWN, _EXPIRED = _FINAL
_OUTCOME = frozenset({Guard.OUTCOME_GIVEN})
_LATE = frozenset({Guard.AFTER_DEADLINE, Guard.CLOCK_RUNNING})


def _row(
    source: Stage,
    action: Action,
    target: Stage,
    requires: tuple[frozenset[EvidenceKind], ...] = (),
    guards: frozenset[Guard] = frozenset(),
) -> Transition:
    return Transition(source, action, target, requires, guards)


def _housekeeping(stage: Stage) -> tuple[Transition, ...]:
    """Return the moves every active stage allows: leave, expire, pause, resume, proof, finding."""
    return (
        _row(stage, Action.WITHDRAW, _WITHDRAWN),
        _row(stage, Action.EXPIRE, _EXPIRED, guards=_LATE),
        _row(stage, Action.PAUSE, stage, guards=frozenset({Guard.CLOCK_RUNNING})),
        _row(stage, Action.RESUME, stage, guards=frozenset({Guard.CLOCK_PAUSED})),
        _row(stage, Action.RECORD_FINDING, stage, guards=frozenset({Guard.FINDING_GIVEN})),
        _row(stage, Action.ADD_EVIDENCE, stage),
    )


DEFINITION = validate_definition(
    Definition(
        start=_OC,
        stages=(
            # Seed step 1 (检查订单信息): the handler checks address, contact, goods, carrier
            # and tracking number; pauses while the buyer confirms an address.
            StageSpec(
                _OC,
                Party.HANDLER,
                (
                    EvidenceKind.ORDER_SCREENSHOTS,
                    EvidenceKind.LOGISTICS_INFO,
                    EvidenceKind.WAYBILL_NUMBER,
                ),
                pause_waits_on=Party.BUYER,
            ),
            # Seed step 2 (联系物流公司): proof is parcel photos and the waybill number; a
            # carrier that does not answer in time is escalated to platform support.
            StageSpec(
                _CC,
                Party.CARRIER,
                (
                    EvidenceKind.PARCEL_PHOTOS,
                    EvidenceKind.WAYBILL_NUMBER,
                    EvidenceKind.TRACKING_HISTORY,
                ),
                pause_waits_on=Party.HANDLER,
                on_breach=Action.ESCALATE,
            ),
            # Seed step 3 (联系卖家): order screenshots and logistics information.
            StageSpec(
                _SC,
                Party.SELLER,
                (EvidenceKind.ORDER_SCREENSHOTS, EvidenceKind.LOGISTICS_INFO),
                pause_waits_on=Party.HANDLER,
                on_breach=Action.ESCALATE,
            ),
            # Seed step 4 (联系平台客服): the ticket, and the talk with support.
            StageSpec(
                _PS,
                Party.PLATFORM,
                (
                    EvidenceKind.PLATFORM_TICKET_ID,
                    EvidenceKind.CHAT_LOGS,
                    EvidenceKind.SCREENSHOTS,
                ),
                pause_waits_on=Party.HANDLER,
            ),
            # Seed step 5 (申诉与维权): retained chat logs and screenshots.
            StageSpec(
                _AP,
                Party.PLATFORM,
                (EvidenceKind.CHAT_LOGS, EvidenceKind.SCREENSHOTS),
                pause_waits_on=Party.HANDLER,
                owner_follows_cause=True,
            ),
            *(StageSpec(stage, None, final=True) for stage in _FINAL),
        ),
        transitions=(
            _row(_OC, Action.CONTACT_CARRIER, _CC, _CHECKED),
            _row(_OC, Action.CONTACT_SELLER, _SC, _CHECKED),
            _row(_OC, Action.ESCALATE, _PS, _FOR_PLATFORM),
            # The information was simply wrong and has been corrected.
            _row(_OC, Action.RESOLVE, _RESOLVED, _CHECKED, _OUTCOME),
            *_housekeeping(_OC),
            # The carrier's proof shows a seller fault.
            _row(_CC, Action.CONTACT_SELLER, _SC, (_CARRIER_PROOF,)),
            _row(_CC, Action.ESCALATE, _PS, _FOR_PLATFORM),
            _row(_CC, Action.RESOLVE, _RESOLVED, (_CARRIER_PROOF,), _OUTCOME),
            *_housekeeping(_CC),
            _row(_SC, Action.CONTACT_CARRIER, _CC, _SELLER_PROOF),
            _row(_SC, Action.ESCALATE, _PS, _FOR_PLATFORM),
            _row(_SC, Action.RESOLVE, _RESOLVED, _SELLER_PROOF, _OUTCOME),
            *_housekeeping(_SC),
            # Seed step 5: appeal only against a platform or carrier at fault, with retained
            # chat logs or screenshots, while the platform stage's deadline still runs.
            _row(
                _PS,
                Action.APPEAL,
                _AP,
                (_RETAINED,),
                frozenset({Guard.APPEALABLE_CAUSE, Guard.WITHIN_DEADLINE}),
            ),
            _row(_PS, Action.RESOLVE, _RESOLVED, (_TICKET,), _OUTCOME),
            _row(_PS, Action.REJECT, _REJECTED, (_TICKET,)),
            *_housekeeping(_PS),
            _row(_AP, Action.RESOLVE, _RESOLVED, (), _OUTCOME),  # appeal won
            _row(_AP, Action.REJECT, _REJECTED),  # appeal lost
            *_housekeeping(_AP),
        ),
    )
)
"""The library's resolution workflow, checked at import by :func:`validate_definition`."""

_APPEALABLE = frozenset({Cause.PLATFORM, Cause.CARRIER})

_START_BY_CAUSE: Mapping[Cause, Stage] = MappingProxyType(
    {
        Cause.CARRIER: _CC,
        Cause.SELLER: _SC,
        Cause.PLATFORM: _PS,
        Cause.BUYER: _OC,
        # Customs holds and storms are news from the carrier first.
        Cause.CUSTOMS: _CC,
        Cause.FORCE_MAJEURE: _CC,
        Cause.UNDETERMINED: _OC,
    }
)


def start_stage_for(cause: Cause, handler: Handler = Handler.WAREHOUSE) -> Stage:
    """Return where a case with an explicit ``cause`` starts (seed: carrier fault → carrier).

    A seller fault starts at the seller, unless the handler *is* the seller: then it starts
    with the order check, the seller's own look at its data.

    >>> start_stage_for(Cause.SELLER), start_stage_for(Cause.SELLER, Handler.SELLER)
    (<Stage.SELLER_CONTACTED: 'seller_contacted'>, <Stage.ORDER_CHECK: 'order_check'>)
    """
    cause = to_enum(Cause, "cause")(cause)
    if cause is Cause.SELLER and to_enum(Handler, "handler")(handler) is Handler.SELLER:
        return _OC
    return _START_BY_CAUSE[cause]


# -- values a case carries ---------------------------------------------------------------------


def _to_evidence_kind(value: object) -> EvidenceKind:
    return to_enum(EvidenceKind, "kind")(value)


def _to_party(value: object) -> Party:
    return to_enum(Party, "supplied_by")(value)


def _to_supplied_at(value: object) -> dt.datetime:
    return _aware("supplied_at", value)


def _to_handler(value: object) -> Handler:
    return to_enum(Handler, "handler")(value)


def _to_cause(value: object) -> Cause:
    return to_enum(Cause, "cause")(value)


@attrs.frozen
class Evidence:
    """One piece of proof: its kind, the host's reference to it, who supplied it and when.

    ``ref`` is whatever the host stores the proof under (a file id, a URL, the waybill
    number itself); the library never opens it.

    >>> import datetime as dt
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
        _text("ref", value)


class DiagnosisLike(Protocol):
    """What :meth:`ResolutionCase.open` needs from a classifier's ``Diagnosis``.

    :class:`halfmanaged.classify.Diagnosis` fits; so does anything else with the two
    attributes, which keeps this module free of the classifier.

    >>> import types
    >>> dx = types.SimpleNamespace(cause=Cause.CARRIER, start_stage=Stage.SELLER_CONTACTED)
    >>> ResolutionCase.open("C-7", diagnosis=dx, calendar=_CAL, at=_T0, by="ops").stage.value
    'seller_contacted'
    """

    @property
    def cause(self) -> Cause:
        """The suspected cause."""
        ...

    @property
    def start_stage(self) -> Stage:
        """Where the case should start."""
        ...


@attrs.frozen
class Opening:
    """What the opening event fixes for the whole case, so that its history replays alone.

    >>> opening = _example_case().history[0].opening
    >>> opening.case_id, opening.handler.value, opening.cause.value, opening.calendar.timezone
    ('C-1', 'warehouse', 'carrier', 'Europe/Berlin')
    """

    case_id: str = attrs.field()
    handler: Handler = attrs.field(converter=_to_handler)
    cause: Cause = attrs.field(converter=_to_cause)
    calendar: WorkingCalendar = attrs.field()
    policy: WorkflowPolicy = attrs.field(default=_DEFAULT_POLICY)

    @case_id.validator
    def _check_id(self, _: object, value: object) -> None:
        _text("case_id", value)

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
    deadline the case had at each step. ``finding`` is a revised responsible cause.

    >>> case = _example_case()
    >>> first = case.history[0]
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


def _localised(fields: Mapping[str, str], locale: Locale | str) -> dict[str, str]:
    """Turn the codes in ``fields`` into labels of ``locale`` (values stay codes in ``fields``)."""
    out = dict(fields)
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


_LABELLED = {
    "stage": "stage",
    "target": "stage",
    "action": "action",
    "responsible": "cause",
    "party": "party",
}
_LISTED = {
    "kinds": ("evidence", "or"),
    "allowed_from": ("stage", "list"),
    "outcomes": ("outcome", "or"),
}


def _frozen_fields(value: Mapping[str, str]) -> Mapping[str, str]:
    return MappingProxyType(dict(value))


@attrs.frozen
class Blocker:
    """One reason an action is refused: a stable ``code``, its ``fields``, and its words.

    Field values are codes (``"chat_logs,screenshots"``, ``"platform_support"``) or ISO times;
    :meth:`message` turns codes into labels of the locale.

    >>> b = Blocker("workflow.missing_evidence",
    ...             {"action": "appeal", "kinds": "chat_logs,screenshots"})
    >>> b.message()
    'appeal needs evidence: chat logs or screenshots'
    >>> b.message("zh-CN")
    '申诉需要证据：聊天记录或截图'
    """

    code: str
    fields: Mapping[str, str] = attrs.field(converter=_frozen_fields, hash=False)

    def message(self, locale: Locale | str = Locale.EN) -> str:
        """Return the reason as a sentence in ``locale``.

        >>> Blocker("workflow.actor_missing", {}).message("zh-CN")
        '未填写操作人'
        """
        return render(self.code, _localised(self.fields, locale), locale)

    def __str__(self) -> str:
        return self.message()


@attrs.frozen
class ActionCheck:
    """Whether an action is possible now, where it leads, and every reason it is not.

    >>> check = _example_case().available_actions(_T0)[0]
    >>> check.action, check.allowed, [b.code for b in check.blockers]
    (<Action.CONTACT_CARRIER: 'contact_carrier'>, False, ['workflow.wrong_stage'])
    """

    action: Action
    target: Stage | None
    blockers: tuple[Blocker, ...]

    @property
    def allowed(self) -> bool:
        """Whether nothing blocks the action.

        >>> ActionCheck(Action.WITHDRAW, Stage.WITHDRAWN, ()).allowed
        True
        """
        return not self.blockers


@attrs.frozen
class Breach:
    """A stage past its due time while its clock runs.

    >>> import datetime as dt
    >>> breach = _example_case().tick(_T0 + dt.timedelta(days=7)).breaches[0]
    >>> print(breach.message())  # doctest: +NORMALIZE_WHITESPACE
    stage carrier contacted was due by 2026-03-04T10:00:00+00:00 (waiting on the carrier);
    overdue by 120.0 h
    """

    stage: Stage
    due: dt.datetime
    as_of: dt.datetime
    waiting_on: Party

    code = "workflow.breach"

    @property
    def overdue(self) -> dt.timedelta:
        """How long past due, in clock time.

        >>> import datetime as dt
        >>> _example_case().tick(_T0 + dt.timedelta(days=3)).breaches[0].overdue
        datetime.timedelta(days=1)
        """
        return self.as_of - self.due

    @property
    def fields(self) -> Mapping[str, str]:
        """The message's fields, as codes and ISO times.

        >>> import datetime as dt
        >>> _example_case().tick(_T0 + dt.timedelta(days=3)).breaches[0].fields["hours"]
        '24.0'
        """
        return MappingProxyType(
            {
                "stage": self.stage.value,
                "due": self.due.isoformat(),
                "party": self.waiting_on.value,
                "hours": f"{self.overdue.total_seconds() / 3600:.1f}",
            }
        )

    def message(self, locale: Locale | str = Locale.EN) -> str:
        """Return the breach as a sentence in ``locale``.

        >>> import datetime as dt
        >>> breach = _example_case().tick(_T0 + dt.timedelta(days=3)).breaches[0]
        >>> print(breach.message("zh-CN"))  # doctest: +ELLIPSIS
        “已联系物流公司”阶段应于2026-03-04T10:00:00+00:00前完成...已超时24.0小时
        """
        return render(self.code, _localised(self.fields, locale), locale)


@attrs.frozen
class Escalation:
    """An automatic escalation that is due; applying it is still an explicit event.

    ``blockers`` says what would stop :meth:`ResolutionCase.apply` of ``action`` now (missing
    evidence, typically), so the host knows what to gather first.

    >>> import datetime as dt
    >>> esc = _example_case().tick(_T0 + dt.timedelta(days=3)).escalations[0]
    >>> esc.action, esc.to_stage, esc.allowed
    (<Action.ESCALATE: 'escalate'>, <Stage.PLATFORM_SUPPORT: 'platform_support'>, False)
    """

    action: Action
    from_stage: Stage
    to_stage: Stage
    due: dt.datetime
    blockers: tuple[Blocker, ...]

    code = "workflow.escalation_due"

    @property
    def allowed(self) -> bool:
        """Whether the escalation can be applied as things stand.

        >>> import datetime as dt
        >>> _example_case().tick(_T0 + dt.timedelta(days=3)).escalations[0].allowed
        False
        """
        return not self.blockers

    @property
    def fields(self) -> Mapping[str, str]:
        """The message's fields, as codes.

        >>> import datetime as dt
        >>> _example_case().tick(_T0 + dt.timedelta(days=3)).escalations[0].fields["target"]
        'platform_support'
        """
        return MappingProxyType(
            {
                "stage": self.from_stage.value,
                "action": self.action.value,
                "target": self.to_stage.value,
            }
        )

    def message(self, locale: Locale | str = Locale.EN) -> str:
        """Return the escalation as a sentence in ``locale``.

        >>> import datetime as dt
        >>> print(_example_case().tick(_T0 + dt.timedelta(days=3)).escalations[0].message())
        stage carrier contacted is overdue: escalate to platform support (to platform support)
        """
        return render(self.code, _localised(self.fields, locale), locale)


@attrs.frozen
class TickReport:
    """What :meth:`ResolutionCase.tick` found: breaches and escalations that are due.

    >>> _example_case().tick(_T0)
    TickReport(breaches=(), escalations=())
    """

    breaches: tuple[Breach, ...] = ()
    escalations: tuple[Escalation, ...] = ()


_NO_TICK = TickReport()


# -- the case --------------------------------------------------------------------------------

_EvidenceInput: TypeAlias = Iterable[Evidence]


@attrs.frozen
class ResolutionCase:
    """A receiving-exception case on its way through the resolution path; a frozen value.

    Build one with :meth:`open`, :meth:`replay` or :meth:`from_dict`; change it with
    :meth:`apply`, which returns a new case. All times are stored in UTC.

    >>> case = _example_case()
    >>> case.version, case.responsible, case.paused
    (1, <Cause.CARRIER: 'carrier'>, False)
    """

    case_id: str
    handler: Handler
    calendar: WorkingCalendar
    policy: WorkflowPolicy
    stage: Stage
    responsible: Cause
    outcome: Outcome | None
    entered_at: dt.datetime
    due: dt.datetime | None
    remaining: dt.timedelta | None
    evidence: tuple[Evidence, ...]
    history: tuple[Event, ...]

    # -- opening --------------------------------------------------------------------------

    @classmethod
    def open(
        cls,
        case_id: str,
        *,
        at: dt.datetime,
        by: str,
        calendar: WorkingCalendar,
        diagnosis: DiagnosisLike | None = None,
        cause: Cause | None = None,
        handler: Handler = Handler.WAREHOUSE,
        policy: WorkflowPolicy = _DEFAULT_POLICY,
        evidence: _EvidenceInput = (),
        note: str | None = None,
    ) -> ResolutionCase:
        """Open a case from a classifier's ``diagnosis`` or an explicit ``cause`` (not both).

        With a diagnosis the case starts at ``diagnosis.start_stage``; with a cause, at
        :func:`start_stage_for`. Entry evidence rules do not apply to the starting stage: a
        case may open straight at platform support when the platform is at fault.

        >>> import types
        >>> dx = types.SimpleNamespace(cause=Cause.UNDETERMINED, start_stage=Stage.ORDER_CHECK)
        >>> ResolutionCase.open("C-2", diagnosis=dx, calendar=_CAL, at=_T0, by="ops").stage
        <Stage.ORDER_CHECK: 'order_check'>
        """
        if (diagnosis is None) == (cause is None):
            raise InvalidFieldError("cause", cause, "give exactly one of diagnosis= and cause=")
        handler = to_enum(Handler, "handler")(handler)
        if diagnosis is not None:
            try:
                raw_cause, raw_stage = diagnosis.cause, diagnosis.start_stage
            except AttributeError:
                raise FieldTypeError(
                    "diagnosis", diagnosis, "an object with .cause and .start_stage"
                ) from None
            found = to_enum(Cause, "diagnosis.cause")(raw_cause)
            start = to_enum(Stage, "diagnosis.start_stage")(raw_stage)
        else:
            found = to_enum(Cause, "cause")(cause)
            start = start_stage_for(found, handler)
        opening = Opening(_text("case_id", case_id), handler, found, calendar, policy)
        return cls._started(opening, start, at=at, by=by, evidence=evidence, note=note)

    @classmethod
    def _started(
        cls,
        opening: Opening,
        start: Stage,
        *,
        at: dt.datetime,
        by: str,
        evidence: _EvidenceInput,
        note: str | None,
    ) -> ResolutionCase:
        if DEFINITION.spec(start).final:
            raise InvalidFieldError("start_stage", start, "a case cannot open at a final stage")
        when = _aware("at", at)
        actor = _text("by", by)
        proof = tuple(_evidence_list(evidence))
        late = [e.ref for e in proof if e.supplied_at > when]
        if late:
            raise InvalidFieldError("evidence", late, "supplied after the case was opened")
        cal, policy = opening.calendar, opening.policy
        due = _due(cal, policy, start, when)
        event = Event(
            1, Action.OPEN, when, actor, None, start, due, proof, _note(note), None, None, opening
        )
        return cls(
            opening.case_id,
            opening.handler,
            cal,
            policy,
            start,
            opening.cause,
            None,
            when,
            due,
            None,
            proof,
            (event,),
        )

    # -- reading ----------------------------------------------------------------------------

    @property
    def version(self) -> int:
        """The number of events so far; the host saves with compare-and-set on it.

        >>> _example_case().version
        1
        """
        return len(self.history)

    @property
    def is_final(self) -> bool:
        """Whether the case is closed (resolved, rejected, withdrawn or expired).

        >>> _example_case().is_final
        False
        """
        return DEFINITION.spec(self.stage).final

    @property
    def paused(self) -> bool:
        """Whether the stage's clock is paused.

        >>> _example_case().apply(Action.PAUSE, at=_T0, by="ops").paused
        True
        """
        return self.remaining is not None

    @property
    def waiting_on(self) -> Party | None:
        """Whose move it is: the stage's owner, or who the paused clock waits on.

        ``None`` once the case is closed.

        >>> _example_case().apply(Action.PAUSE, at=_T0, by="ops").waiting_on
        <Party.HANDLER: 'handler'>
        """
        spec = DEFINITION.spec(self.stage)
        if spec.final:
            return None
        if self.remaining is not None:
            return spec.pause_waits_on
        owner = spec.owner
        if owner is Party.SELLER and self.handler is Handler.SELLER:
            return Party.HANDLER
        if spec.owner_follows_cause and self.responsible is Cause.CARRIER:
            return Party.CARRIER
        return owner

    @property
    def evidence_kinds(self) -> frozenset[EvidenceKind]:
        """The kinds of evidence gathered so far.

        >>> sorted(_example_case().evidence_kinds)
        []
        """
        return frozenset(e.kind for e in self.evidence)

    def require_version(self, expected: int) -> ResolutionCase:
        """Return the case if its version is ``expected``, else raise VersionConflictError.

        The host's compare-and-set: load, check the version the editor started from, save.

        >>> _example_case().require_version(2)
        Traceback (most recent call last):
        ...
        halfmanaged.errors.VersionConflictError: expected version 2, found 1
        """
        if type(expected) is not int:
            raise FieldTypeError("expected", expected, "int")
        if self.version != expected:
            raise VersionConflictError(expected=expected, actual=self.version)
        return self

    # -- guards -----------------------------------------------------------------------------

    def _blockers(
        self,
        action: Action,
        at: dt.datetime | None,
        *,
        by: str | None,
        evidence: tuple[Evidence, ...],
        outcome: Outcome | None,
        finding: Cause | None,
    ) -> tuple[Transition | None, list[Blocker]]:
        """Return the transition that would fire and every reason that stops it.

        ``at`` is ``None`` when the caller's time is naive (already reported); ``by`` is
        ``None`` when the actor is not being checked (tick's escalations).
        """
        blockers: list[Blocker] = []
        if by is not None and not by.strip():
            blockers.append(Blocker("workflow.actor_missing", {}))
        if at is not None:
            last = self.history[-1].at
            if at < last:
                blockers.append(
                    Blocker(
                        "workflow.time_before_last_event",
                        {"at": at.isoformat(), "last": last.isoformat()},
                    )
                )
            blockers.extend(
                Blocker(
                    "workflow.evidence_after_event",
                    {"ref": e.ref, "supplied_at": e.supplied_at.isoformat(), "at": at.isoformat()},
                )
                for e in evidence
                if e.supplied_at > at
            )
        stage = self.stage
        if action is Action.OPEN:
            blockers.append(Blocker("workflow.not_an_action", {"action": action.value}))
            return None, blockers
        if DEFINITION.spec(stage).final:
            blockers.append(Blocker("workflow.case_closed", {"stage": stage.value}))
            return None, blockers
        rows = DEFINITION.transitions_from(stage, action)
        if not rows:
            blockers.append(
                Blocker(
                    "workflow.wrong_stage",
                    {
                        "action": action.value,
                        "stage": stage.value,
                        "allowed_from": ",".join(s.value for s in DEFINITION.sources(action)),
                    },
                )
            )
            return None, blockers
        if outcome is not None and action is not Action.RESOLVE:
            blockers.append(Blocker("workflow.outcome_not_allowed", {"action": action.value}))
        chosen: Transition | None = None
        specific: list[Blocker] = []
        for row in rows:
            reasons = self._row_blockers(
                row, at, evidence=evidence, outcome=outcome, finding=finding
            )
            if not reasons:
                chosen = row
                break
            specific.extend(r for r in reasons if r not in specific)
        if chosen is None:
            blockers.extend(specific)
            return rows[0], blockers
        return chosen, blockers

    def _row_blockers(
        self,
        row: Transition,
        at: dt.datetime | None,
        *,
        evidence: tuple[Evidence, ...],
        outcome: Outcome | None,
        finding: Cause | None,
    ) -> list[Blocker]:
        out: list[Blocker] = []
        if row.requires:
            have = {e.kind for e in self.evidence}
            have.update(e.kind for e in evidence)
            out.extend(
                Blocker(
                    "workflow.missing_evidence",
                    {"action": row.action.value, "kinds": _group_text(group)},
                )
                for group in row.requires
                if have.isdisjoint(group)
            )
        for guard in sorted(row.guards):
            blocker = _GUARD_CHECKS[guard](self, row, at, outcome, finding)
            if blocker is not None:
                out.append(blocker)
        return out

    def available_actions(self, as_of: dt.datetime) -> tuple[ActionCheck, ...]:
        """Return every action (but ``open``) with its target and all that blocks it at ``as_of``.

        Evidence already on the case counts; evidence that could come with the action itself
        does not, so a ``missing_evidence`` blocker means "attach it with the action or before".
        Actions that need an outcome or a finding are reported as allowed when nothing else
        blocks them: pass ``outcome=`` / ``finding=`` to :meth:`apply`.

        >>> [c.action.value for c in _example_case().available_actions(_T0) if c.allowed]
        ['withdraw', 'pause', 'record_finding', 'add_evidence']
        """
        at = _aware("as_of", as_of)
        checks = []
        for action in _ACTIONS:
            row, blockers = self._blockers(
                action, at, by=None, evidence=(), outcome=None, finding=None
            )
            if row is not None:
                blockers = [
                    b
                    for b in blockers
                    if b.code not in ("workflow.outcome_required", "workflow.finding_required")
                ]
            checks.append(
                ActionCheck(action, None if row is None else row.target, tuple(blockers))
            )
        return tuple(checks)

    def tick(self, as_of: dt.datetime) -> TickReport:
        """Return the breaches and automatic escalations due at ``as_of``; changes nothing.

        A stage is breached strictly after its due time; a paused clock never breaches.
        An escalation is reported with whatever would block it, and happens only when the
        host applies it as an event.

        >>> import datetime as dt
        >>> report = _example_case().tick(_T0 + dt.timedelta(days=3))
        >>> [b.stage.value for b in report.breaches], [e.action.value for e in report.escalations]
        (['carrier_contacted'], ['escalate'])
        """
        at = _aware("as_of", as_of)
        due = self.due
        if due is None or at <= due:
            return _NO_TICK
        spec = DEFINITION.spec(self.stage)
        waiting = self.waiting_on
        assert waiting is not None  # a running clock belongs to an active stage
        breach = Breach(self.stage, due, at, waiting)
        escalations: tuple[Escalation, ...] = ()
        if spec.on_breach is not None:
            row, blockers = self._blockers(
                spec.on_breach, at, by=None, evidence=(), outcome=None, finding=None
            )
            if row is not None:
                escalations = (
                    Escalation(spec.on_breach, self.stage, row.target, due, tuple(blockers)),
                )
        return TickReport((breach,), escalations)

    # -- moving -----------------------------------------------------------------------------

    def apply(
        self,
        action: Action,
        *,
        at: dt.datetime,
        by: str,
        evidence: _EvidenceInput = (),
        note: str | None = None,
        outcome: Outcome | None = None,
        finding: Cause | None = None,
    ) -> ResolutionCase:
        """Return the case after ``action``; raise ActionRefusedError with every reason if not.

        ``outcome`` is required by (and only taken by) ``resolve``; ``finding`` revises the
        responsible cause with any action, and is required by ``record_finding``. A refused
        action leaves the case as it was (it is a value: nothing can change it).

        >>> case = _example_case()
        >>> case.apply(Action.APPEAL, at=_T0, by="ops")  # doctest: +NORMALIZE_WHITESPACE
        Traceback (most recent call last):
        ...
        halfmanaged.errors.ActionRefusedError: action 'appeal' refused at stage
        'carrier_contacted': appeal is not possible at stage carrier contacted; it is possible
        at: platform support
        """
        action = _ACTION(action)
        if not isinstance(at, dt.datetime):
            raise FieldTypeError("at", at, "datetime")
        if not isinstance(by, str):
            raise FieldTypeError("by", by, "str")
        if outcome is not None:
            outcome = _OUTCOME_CONV(outcome)
        if finding is not None:
            finding = _CAUSE_CONV(finding)
        if type(evidence) is tuple and all(type(e) is Evidence for e in evidence):
            proof: tuple[Evidence, ...] = evidence
        else:
            proof = tuple(_evidence_list(evidence))
        naive = at.tzinfo is None or at.utcoffset() is None
        when = None if naive else at.astimezone(_UTC)
        row, blockers = self._blockers(
            action, when, by=by, evidence=proof, outcome=outcome, finding=finding
        )
        if naive:
            blockers.insert(0, Blocker("workflow.naive_datetime", {"at": at.isoformat()}))
        if blockers or row is None or when is None:
            raise ActionRefusedError(self.stage.value, action.value, blockers)
        return self._moved(
            row, when, by=by, proof=proof, note=_note(note), outcome=outcome, finding=finding
        )

    def _moved(
        self,
        row: Transition,
        at: dt.datetime,
        *,
        by: str,
        proof: tuple[Evidence, ...],
        note: str | None,
        outcome: Outcome | None,
        finding: Cause | None,
    ) -> ResolutionCase:
        target = row.target
        entered_at, due, remaining = self.entered_at, self.due, self.remaining
        if target is not self.stage:
            entered_at, remaining = at, None
            due = _due(self.calendar, self.policy, target, at)
        elif row.action is Action.PAUSE:
            assert due is not None  # the CLOCK_RUNNING guard held
            start, end = self.policy._bounds
            left = _clock.working_between(self.calendar, at, due, start, end)
            due, remaining = None, dt.timedelta(microseconds=left)
        elif row.action is Action.RESUME:
            assert remaining is not None  # the CLOCK_PAUSED guard held
            start, end = self.policy._bounds
            work = remaining // dt.timedelta(microseconds=1)
            due, remaining = _clock.advance(self.calendar, at, work, start, end), None
        event = _new(
            Event,
            seq=len(self.history) + 1,
            action=row.action,
            at=at,
            by=by,
            from_stage=self.stage,
            to_stage=target,
            due=due,
            evidence=proof,
            note=note,
            outcome=outcome,
            finding=finding,
            opening=None,
        )
        return _new(
            ResolutionCase,
            case_id=self.case_id,
            handler=self.handler,
            calendar=self.calendar,
            policy=self.policy,
            stage=target,
            responsible=self.responsible if finding is None else finding,
            outcome=outcome if outcome is not None else self.outcome,
            entered_at=entered_at,
            due=due,
            remaining=remaining,
            evidence=self.evidence + proof if proof else self.evidence,
            history=(*self.history, event),
        )

    # -- persistence --------------------------------------------------------------------------

    @classmethod
    def replay(cls, history: Iterable[Event]) -> ResolutionCase:
        """Rebuild the case from its history; raise MalformedPayloadError if it does not hold.

        Every event is applied again through the definition and must come out exactly as
        recorded (stage, due time and all).

        >>> case = _example_case().apply(Action.PAUSE, at=_T0, by="ops")
        >>> ResolutionCase.replay(case.history) == case
        True
        """
        events = _events(history)
        first = events[0]
        if first.action is not Action.OPEN or first.opening is None:
            raise MalformedPayloadError("history[0]", "the first event must open the case")
        try:
            case = cls._started(
                first.opening,
                first.to_stage,
                at=first.at,
                by=first.by,
                evidence=first.evidence,
                note=first.note,
            )
        except HalfManagedError as err:
            raise MalformedPayloadError("history[0]", str(err)) from None
        if case.history[0] != first:
            raise MalformedPayloadError("history[0]", "does not match the case it opens (due)")
        for i, e in enumerate(events[1:], start=1):
            if e.opening is not None:
                raise MalformedPayloadError(f"history[{i}].opening", "only the first event opens")
            if e.from_stage is not case.stage:
                raise MalformedPayloadError(
                    f"history[{i}].from_stage", f"{e.from_stage} but the case is at {case.stage}"
                )
            try:
                case = case.apply(
                    e.action,
                    at=e.at,
                    by=e.by,
                    evidence=e.evidence,
                    note=e.note,
                    outcome=e.outcome,
                    finding=e.finding,
                )
            except ActionRefusedError as err:
                raise MalformedPayloadError(f"history[{i}]", "; ".join(err.reasons)) from None
            if case.history[-1] != e:
                raise MalformedPayloadError(
                    f"history[{i}]", "does not match what the definition gives (stage or due)"
                )
        return case

    def to_dict(self) -> dict[str, object]:
        """Return the case as JSON-safe data: a schema version, the state, and the history.

        The state is there for hosts that query it; :meth:`from_dict` rebuilds the case from
        the history and checks the state against it.

        >>> data = _example_case().to_dict()
        >>> data["schema_version"], data["stage"], data["version"], len(data["history"])
        (1, 'carrier_contacted', 1, 1)
        """
        # The payload module imports this one; importing it here breaks the cycle.
        from halfmanaged._workflow_payload import case_to_dict  # noqa: PLC0415

        return case_to_dict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> ResolutionCase:
        """Return the case stored by :meth:`to_dict`; raise MalformedPayloadError if it is not.

        >>> case = _example_case()
        >>> ResolutionCase.from_dict(case.to_dict()) == case
        True
        >>> ResolutionCase.from_dict({**case.to_dict(), "stage": "appeal"})
        ... # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        halfmanaged.errors.MalformedPayloadError: stage: 'appeal' but the history gives ...
        """
        from halfmanaged._workflow_payload import case_from_dict  # noqa: PLC0415

        return case_from_dict(data)


# -- guards ----------------------------------------------------------------------------------
# One small check per Guard; each returns the blocker it raises, or None when it holds.

_GuardCheck: TypeAlias = Callable[
    [ResolutionCase, Transition, dt.datetime | None, Outcome | None, Cause | None],
    Blocker | None,
]


def _appealable(
    case: ResolutionCase, _: Transition, __: object, ___: object, finding: Cause | None
) -> Blocker | None:
    # Seed step 5: appeal against the platform or carrier when they are at fault.
    cause = finding if finding is not None else case.responsible
    if cause in _APPEALABLE:
        return None
    return Blocker("workflow.appeal_not_open", {"responsible": cause.value})


def _clock_running(case: ResolutionCase, *_: object) -> Blocker | None:
    if case.remaining is None:
        return None
    return Blocker("workflow.clock_paused", {"stage": case.stage.value})


def _clock_paused(case: ResolutionCase, *_: object) -> Blocker | None:
    if case.remaining is not None:
        return None
    return Blocker("workflow.clock_running", {"stage": case.stage.value})


def _within_deadline(
    case: ResolutionCase, row: Transition, at: dt.datetime | None, *_: object
) -> Blocker | None:
    if at is None or case.due is None or at <= case.due:
        return None
    return Blocker(
        "workflow.deadline_passed", {"action": row.action.value, "due": case.due.isoformat()}
    )


def _after_deadline(
    case: ResolutionCase, row: Transition, at: dt.datetime | None, *_: object
) -> Blocker | None:
    if at is None or case.due is None or at > case.due:
        return None
    return Blocker(
        "workflow.deadline_not_passed", {"action": row.action.value, "due": case.due.isoformat()}
    )


def _outcome_given(
    _: ResolutionCase, row: Transition, __: object, outcome: Outcome | None, *___: object
) -> Blocker | None:
    if outcome is not None:
        return None
    return Blocker(
        "workflow.outcome_required",
        {"action": row.action.value, "outcomes": ",".join(o.value for o in Outcome)},
    )


def _finding_given(
    _: ResolutionCase, row: Transition, __: object, ___: object, finding: Cause | None
) -> Blocker | None:
    if finding is not None:
        return None
    return Blocker("workflow.finding_required", {"action": row.action.value})


_GUARD_CHECKS: Mapping[Guard, _GuardCheck] = MappingProxyType(
    {
        Guard.APPEALABLE_CAUSE: _appealable,
        Guard.CLOCK_RUNNING: _clock_running,
        Guard.CLOCK_PAUSED: _clock_paused,
        Guard.WITHIN_DEADLINE: _within_deadline,
        Guard.AFTER_DEADLINE: _after_deadline,
        Guard.OUTCOME_GIVEN: _outcome_given,
        Guard.FINDING_GIVEN: _finding_given,
    }
)


# -- helpers ---------------------------------------------------------------------------------

_ACTIONS = tuple(a for a in Action if a is not Action.OPEN)
_ACTION = to_enum(Action, "action")
_OUTCOME_CONV = to_enum(Outcome, "outcome")
_CAUSE_CONV = to_enum(Cause, "finding")


def _note(note: object) -> str | None:
    return None if note is None else _text("note", note, empty=True)


def _evidence_list(evidence: Iterable[Evidence]) -> Iterable[Evidence]:
    if isinstance(evidence, Evidence | str | bytes) or not isinstance(evidence, Iterable):
        raise FieldTypeError("evidence", evidence, "an iterable of Evidence")
    for e in evidence:
        if not isinstance(e, Evidence):
            raise FieldTypeError("evidence", e, "Evidence")
        yield e


def _events(history: object) -> tuple[Event, ...]:
    """Return ``history`` as a tuple of numbered events, or raise naming what is wrong."""
    if isinstance(history, str | bytes) or not isinstance(history, Iterable):
        raise MalformedPayloadError(
            "history", f"expected an iterable of Event, got {type(history).__name__}"
        )
    events = tuple(history)
    if not events:
        raise MalformedPayloadError("history", "empty: a case starts with its opening event")
    for i, e in enumerate(events):
        if not isinstance(e, Event):
            raise MalformedPayloadError(f"history[{i}]", "not an Event")
        # Event takes its fields unchecked (the case builds it); a hand-built one is checked
        # here, so that replaying it names the field instead of failing inside a lookup.
        for field, kind, optional in _EVENT_FIELDS:
            value = getattr(e, field)
            if value is None and optional:
                continue
            if isinstance(value, kind) and not isinstance(value, bool):
                continue
            raise MalformedPayloadError(
                f"history[{i}].{field}", f"expected {kind.__name__}, got {value!r}"
            )
        if e.seq != i + 1:
            raise MalformedPayloadError(f"history[{i}].seq", f"{e.seq} where {i + 1} belongs")
    return events


_EVENT_FIELDS: Final[tuple[tuple[str, type, bool], ...]] = (
    ("seq", int, False),
    ("action", Action, False),
    ("at", dt.datetime, False),
    ("by", str, False),
    ("from_stage", Stage, True),
    ("to_stage", Stage, False),
    ("due", dt.datetime, True),
    ("evidence", tuple, False),
    ("note", str, True),
    ("outcome", Outcome, True),
    ("finding", Cause, True),
    ("opening", Opening, True),
)


def _due(
    cal: WorkingCalendar, policy: WorkflowPolicy, stage: Stage, at: dt.datetime
) -> dt.datetime | None:
    sla = policy.sla(stage)
    if sla is None:
        return None
    start, end = policy._bounds
    return _clock.advance(cal, at, policy.work_micros(sla), start, end)


def _new(cls: type[_T], **values: object) -> _T:
    """Build a frozen instance without re-running converters: values are already checked.

    ``apply`` builds two instances per event; skipping attrs' __init__ keeps it fast.
    """
    obj = object.__new__(cls)
    for name, value in values.items():
        object.__setattr__(obj, name, value)
    return obj


# -- exports of the definition -----------------------------------------------------------------


def to_mermaid(definition: Definition = DEFINITION) -> str:
    """Return the definition as Mermaid ``stateDiagram-v2`` text.

    Transitions that keep the stage (pause, resume, add evidence, record finding) are left
    out: they would clutter every state with the same four loops.

    >>> print(to_mermaid().splitlines()[1])
        [*] --> order_check
    """
    _check_definition(definition)
    lines = ["stateDiagram-v2", f"    [*] --> {definition.start.value}"]
    seen: set[tuple[Stage, Stage, Action]] = set()
    for t in definition.transitions:
        key = (t.source, t.target, t.action)
        if t.source is t.target or key in seen:
            continue
        seen.add(key)
        lines.append(f"    {t.source.value} --> {t.target.value}: {t.action.value}")
    lines.extend(f"    {s.stage.value} --> [*]" for s in definition.stages if s.final)
    return "\n".join(lines) + "\n"


def to_markdown(
    definition: Definition = DEFINITION, policy: WorkflowPolicy = _DEFAULT_POLICY
) -> str:
    """Return the stages as a Markdown table: owner, SLA, pause, evidence and exits.

    >>> table = to_markdown().splitlines()
    >>> print(table[0])
    | stage | owner | SLA | paused clock waits on | evidence gathered | exits |
    >>> print(table[-1])
    | expired | — | — | — | — | — |
    """
    _check_definition(definition, policy)
    lines = [
        "| stage | owner | SLA | paused clock waits on | evidence gathered | exits |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for spec in definition.stages:
        sla = policy.sla(spec.stage)
        exits = "; ".join(
            f"{t.action.value} → {t.target.value}"
            for t in definition.transitions
            if t.source is spec.stage and t.target is not spec.stage
        )
        cells = (
            spec.stage.value,
            spec.owner.value if spec.owner is not None else "—",
            str(sla) if sla is not None and not spec.final else "—",
            spec.pause_waits_on.value if spec.pause_waits_on is not None else "—",
            ", ".join(k.value for k in spec.evidence) or "—",
            exits or "—",
        )
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


# -- doctest fixtures (private) -----------------------------------------------------------------

_CAL = WorkingCalendar.without_holidays(timezone="Europe/Berlin")
_T0 = dt.datetime(2026, 3, 2, 10, 0, tzinfo=_UTC)


def _example_case() -> ResolutionCase:
    return ResolutionCase.open("C-1", cause=Cause.CARRIER, calendar=_CAL, at=_T0, by="ops")
