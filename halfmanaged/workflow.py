"""The resolution workflow (处理流程) of a receiving exception, as an immutable, replayable case.

The article's resolution path: check the order information, contact the carrier, contact the
seller, contact platform support, appeal, with proof gathered at each step
(docs/rules.md#resolution-1 to docs/rules.md#resolution-5). The path is data:
:data:`DEFINITION` is a fixed table of stages (owner, evidence gathered, what the clock waits
on when paused) and transitions (``(stage, action) -> target`` with the evidence and guards
each needs), checked by :func:`validate_definition` when the library is imported. A
:class:`ResolutionCase` is a frozen value; :meth:`ResolutionCase.apply` is a pure function
from (case, action, time) to a new case, and refuses an illegal action with every reason at
once.

Deadlines are absolute due times stored on the case when a stage is entered, computed on the
case's :class:`~halfmanaged.calendar.WorkingCalendar` from the SLA in a
:class:`WorkflowPolicy`. The article gives no SLA figures: the policy's defaults are this
library's, not AliExpress rules (docs/rules.md#reading-workflow-sla).

>>> import datetime as dt
>>> from halfmanaged.calendar import WorkingCalendar
>>> from halfmanaged.workflow import Action, Cause, Evidence, Outcome, ResolutionCase
>>> cal = WorkingCalendar.without_holidays(timezone="Europe/Berlin")
>>> t0 = dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.UTC)  # a Monday, 11:00 in Berlin
>>> case = ResolutionCase.open("C-1", cause=Cause.CARRIER, calendar=cal, at=t0, by="ops:li")
>>> case.stage, case.waiting_on
(<Stage.CARRIER_CONTACTED: 'carrier_contacted'>, <Party.CARRIER: 'carrier'>)
>>> cal.local(case.due).isoformat()  # two working days of 09:00-18:00 later
'2026-03-04T11:00:00+01:00'
>>> photo = Evidence("parcel_photos", "img-77", "carrier", t0)
>>> done = case.apply(Action.RESOLVE, at=t0, by="ops:li", evidence=[photo],
...                   outcome=Outcome.COMPENSATION)
>>> done.stage, done.outcome, done.version
(<Stage.RESOLVED: 'resolved'>, <Outcome.COMPENSATION: 'compensation'>, 2)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from types import MappingProxyType
from typing import Final, Protocol, TypeAlias

import attrs

from halfmanaged import _workflow_clock as _clock
from halfmanaged import _workflow_payload as _payload
from halfmanaged._validators import enum_value, utc_time
from halfmanaged._vocab import Cause, EvidenceKind, Party, Stage
from halfmanaged._workflow_definition import (
    DEFINITION,
    FINAL_STAGES,
    Definition,
    DefinitionProblem,
    Guard,
    ProblemCode,
    StageSpec,
    Transition,
    definition_problems,
    start_stage_for,
    to_markdown,
    to_mermaid,
    validate_definition,
)
from halfmanaged._workflow_payload import SCHEMA_VERSION
from halfmanaged._workflow_values import (
    DEFAULT_POLICY,
    Action,
    ActionCheck,
    Blocker,
    BlockerCode,
    Breach,
    Escalation,
    Event,
    Evidence,
    Facts,
    Handler,
    Opening,
    Outcome,
    Sla,
    SlaUnit,
    TickCode,
    TickReport,
    WorkflowPolicy,
    overdue_in_unit,
    text,
)
from halfmanaged.calendar import WorkingCalendar
from halfmanaged.errors import (
    ActionRefusedError,
    DateOutOfRangeError,
    FieldTypeError,
    HalfManagedError,
    InvalidFieldError,
    MalformedPayloadError,
    PayloadDateOutOfRangeError,
    VersionConflictError,
)

__all__ = [
    "DEFINITION",
    "SCHEMA_VERSION",
    "Action",
    "ActionCheck",
    "Blocker",
    "BlockerCode",
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
    "ProblemCode",
    "ResolutionCase",
    "Sla",
    "SlaUnit",
    "Stage",
    "StageSpec",
    "TickCode",
    "TickReport",
    "Transition",
    "WorkflowPolicy",
    "definition_problems",
    "start_stage_for",
    "to_markdown",
    "to_mermaid",
    "validate_definition",
]


class DiagnosisLike(Protocol):
    """What :meth:`ResolutionCase.open` needs from a classifier's ``Diagnosis``.

    :class:`halfmanaged.classify.Diagnosis` fits; so does anything else with the two
    attributes, which keeps this module free of the classifier.

    >>> import types
    >>> from halfmanaged.testing import ORDER_TIME, fixed_calendar
    >>> from halfmanaged.workflow import Cause, ResolutionCase, Stage
    >>> dx = types.SimpleNamespace(cause=Cause.CARRIER, start_stage=Stage.SELLER_CONTACTED)
    >>> ResolutionCase.open("C-7", diagnosis=dx, calendar=fixed_calendar(), at=ORDER_TIME,
    ...                     by="ops").stage.value
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


_NO_TICK: Final = TickReport()
_CLOSING: Final = frozenset(FINAL_STAGES)
# Where each action is possible, as a wrong-stage refusal names it.
_ALLOWED_FROM: Final = {a: ",".join(s.value for s in DEFINITION.sources(a)) for a in Action}
_APPEALABLE: Final = frozenset({Cause.PLATFORM, Cause.CARRIER})
_EvidenceInput: TypeAlias = Iterable[Evidence]


def _group_text(group: frozenset[EvidenceKind]) -> str:
    return ",".join(sorted(k.value for k in group))


# -- the case --------------------------------------------------------------------------------


@attrs.frozen
class ResolutionCase:
    """A receiving-exception case on its way through the resolution path; a frozen value.

    Build one with :meth:`open`, :meth:`replay` or :meth:`from_dict`; change it with
    :meth:`apply`, which returns a new case. All times are stored in UTC.

    >>> from halfmanaged.testing import open_case
    >>> case = open_case()
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
        policy: WorkflowPolicy = DEFAULT_POLICY,
        evidence: _EvidenceInput = (),
        note: str | None = None,
    ) -> ResolutionCase:
        """Open a case from a classifier's ``diagnosis`` or an explicit ``cause`` (not both).

        With a diagnosis the case starts at ``diagnosis.start_stage``; with a cause, at
        :func:`start_stage_for`. Entry evidence rules do not apply to the starting stage: a
        case may open straight at platform support when the platform is at fault.

        >>> import datetime as dt
        >>> from halfmanaged.calendar import WorkingCalendar
        >>> from halfmanaged.classify import Incident, classify
        >>> from halfmanaged.workflow import Cause, ResolutionCase
        >>> cal = WorkingCalendar.for_country("DE", timezone="Europe/Berlin")
        >>> t0 = dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.UTC)
        >>> ResolutionCase.open("C-2", diagnosis=classify(Incident()), calendar=cal, at=t0,
        ...                     by="ops").stage
        <Stage.ORDER_CHECK: 'order_check'>
        >>> ResolutionCase.open("C-3", cause=Cause.PLATFORM, calendar=cal, at=t0, by="ops").stage
        <Stage.PLATFORM_SUPPORT: 'platform_support'>
        """
        if (diagnosis is None) == (cause is None):
            raise InvalidFieldError("cause", cause, "give exactly one of diagnosis= and cause=")
        handler = enum_value(Handler, "handler", handler)
        if diagnosis is not None:
            try:
                raw_cause, raw_stage = diagnosis.cause, diagnosis.start_stage
            except AttributeError:
                raise FieldTypeError(
                    "diagnosis", diagnosis, "an object with .cause and .start_stage"
                ) from None
            found = enum_value(Cause, "diagnosis.cause", raw_cause)
            start = enum_value(Stage, "diagnosis.start_stage", raw_stage)
        else:
            found = enum_value(Cause, "cause", cause)
            start = start_stage_for(found, handler)
        opening = Opening(text("case_id", case_id), handler, found, calendar, policy)
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
        when = utc_time("at", at)
        actor = text("by", by)
        proof = tuple(_evidence_list(evidence))
        late = [e.ref for e in proof if e.supplied_at > when]
        if late:
            raise InvalidFieldError("evidence", late, "supplied after the case was opened")
        cal, policy = opening.calendar, opening.policy
        try:
            due = _due(cal, policy, start, when)
        except DateOutOfRangeError:  # the due time falls beyond the calendars' years
            raise DateOutOfRangeError("at", at) from None
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

        >>> from halfmanaged.testing import open_case
        >>> open_case().version
        1
        """
        return len(self.history)

    @property
    def is_final(self) -> bool:
        """Whether the case is closed (resolved, rejected, withdrawn or expired).

        >>> from halfmanaged.testing import open_case
        >>> open_case().is_final
        False
        """
        return DEFINITION.spec(self.stage).final

    @property
    def paused(self) -> bool:
        """Whether the stage's clock is paused.

        >>> from halfmanaged.testing import ORDER_TIME, open_case
        >>> open_case().apply("pause", at=ORDER_TIME, by="ops").paused
        True
        """
        return self.remaining is not None

    @property
    def waiting_on(self) -> Party | None:
        """Whose move it is: the stage's owner, or who the paused clock waits on.

        ``None`` once the case is closed.

        >>> from halfmanaged.testing import ORDER_TIME, open_case
        >>> open_case().waiting_on, open_case().apply("pause", at=ORDER_TIME, by="ops").waiting_on
        (<Party.CARRIER: 'carrier'>, <Party.HANDLER: 'handler'>)
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

        >>> from halfmanaged.testing import ORDER_TIME, open_case
        >>> from halfmanaged.workflow import Evidence
        >>> photo = Evidence("parcel_photos", "img-1", "carrier", ORDER_TIME)
        >>> case = open_case().apply("add_evidence", at=ORDER_TIME, by="ops", evidence=[photo])
        >>> sorted(case.evidence_kinds)
        [<EvidenceKind.PARCEL_PHOTOS: 'parcel_photos'>]
        """
        return frozenset(e.kind for e in self.evidence)

    def require_version(self, expected: int) -> ResolutionCase:
        """Return the case if its version is ``expected``, else raise VersionConflictError.

        The host's compare-and-set: load, check the version the editor started from, save.

        >>> from halfmanaged.testing import open_case
        >>> open_case().require_version(2)
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
            blockers.append(Blocker(BlockerCode.ACTOR_MISSING))
        if at is not None:
            last = self.history[-1].at
            zone = self.calendar.timezone
            if at < last:
                facts = (("at", at.isoformat()), ("last", last.isoformat()), ("timezone", zone))
                blockers.append(Blocker(BlockerCode.TIME_BEFORE_LAST_EVENT, facts))
            if evidence:
                blockers.extend(
                    Blocker(
                        BlockerCode.EVIDENCE_AFTER_EVENT,
                        (
                            ("ref", e.ref),
                            ("supplied_at", e.supplied_at.isoformat()),
                            ("at", at.isoformat()),
                            ("timezone", zone),
                        ),
                    )
                    for e in evidence
                    if e.supplied_at > at
                )
        stage = self.stage
        if action is Action.OPEN:
            blockers.append(Blocker(BlockerCode.NOT_AN_ACTION, (("action", action.value),)))
            return None, blockers
        if stage in _CLOSING:
            blockers.append(Blocker(BlockerCode.CASE_CLOSED, (("stage", stage.value),)))
            return None, blockers
        rows = DEFINITION.transitions_from(stage, action)
        if not rows:
            allowed = _ALLOWED_FROM[action]
            facts = (("action", action.value), ("stage", stage.value), ("allowed_from", allowed))
            blockers.append(Blocker(BlockerCode.WRONG_STAGE, facts))
            return None, blockers
        if outcome is not None and action is not Action.RESOLVE:
            blockers.append(Blocker(BlockerCode.OUTCOME_NOT_ALLOWED, (("action", action.value),)))
        if len(rows) == 1:  # the usual case: one row, its reasons are the specific ones
            blockers += self._row_blockers(
                rows[0], at, evidence=evidence, outcome=outcome, finding=finding
            )
            return rows[0], blockers
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
                    BlockerCode.MISSING_EVIDENCE,
                    (("action", row.action.value), ("kinds", _group_text(group))),
                )
                for group in row.requires
                if have.isdisjoint(group)
            )
        if row.guards:
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

        >>> from halfmanaged.testing import ORDER_TIME, open_case
        >>> [c.action.value for c in open_case().available_actions(ORDER_TIME) if c.allowed]
        ['withdraw', 'pause', 'record_finding', 'add_evidence']
        """
        at = utc_time("as_of", as_of)
        checks = []
        for action in _ACTIONS:
            row, blockers = self._blockers(
                action, at, by=None, evidence=(), outcome=None, finding=None
            )
            if row is not None:
                blockers = [
                    b
                    for b in blockers
                    if b.code not in (BlockerCode.OUTCOME_REQUIRED, BlockerCode.FINDING_REQUIRED)
                ]
            checks.append(
                ActionCheck(action, None if row is None else row.target, tuple(blockers))
            )
        return tuple(checks)

    def tick(self, as_of: dt.datetime) -> TickReport:
        """Return the breaches and automatic escalations due at ``as_of``; changes nothing.

        Calling it regularly is how a host keeps in touch with the carrier and the platform
        while a case waits on them (docs/rules.md#prevention-4): a stage whose party has not
        answered within its SLA is reported and escalated.

        A stage is breached strictly after its due time; a paused clock never breaches.
        An escalation is reported with whatever would block it, and happens only when the
        host applies it as an event.

        >>> import datetime as dt
        >>> from halfmanaged.testing import ORDER_TIME, open_case
        >>> report = open_case().tick(ORDER_TIME + dt.timedelta(days=3))
        >>> [b.stage.value for b in report.breaches], [e.action.value for e in report.escalations]
        (['carrier_contacted'], ['escalate'])
        """
        at = utc_time("as_of", as_of)
        due = self.due
        if due is None or at <= due:
            return _NO_TICK
        spec = DEFINITION.spec(self.stage)
        waiting = self.waiting_on
        sla = self.policy.sla(self.stage)
        # A running clock belongs to an open stage, which has an owner and an SLA.
        assert waiting is not None
        assert sla is not None
        start, end = self.policy._bounds
        try:
            late = _clock.working_between(self.calendar, due, at, start, end)
        except DateOutOfRangeError:  # beyond the calendars' years
            raise DateOutOfRangeError("as_of", as_of) from None
        unit = self.policy.work_micros(sla) // sla.amount
        amount = overdue_in_unit(late, unit)
        breach = Breach(self.stage, due, at, waiting, amount, sla.unit, self.calendar.timezone)
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

        >>> from halfmanaged.testing import ORDER_TIME, open_case
        >>> open_case().apply("appeal", at=ORDER_TIME, by="ops")
        Traceback (most recent call last):
        ...
        halfmanaged.errors.ActionRefusedError: action 'appeal' refused at stage
        'carrier_contacted': appeal is not possible at stage carrier contacted; it is possible
        at: platform support
        """
        action = enum_value(Action, "action", action)
        if not isinstance(at, dt.datetime):
            raise FieldTypeError("at", at, "datetime")
        if not isinstance(by, str):
            raise FieldTypeError("by", by, "str")
        if outcome is not None:
            outcome = enum_value(Outcome, "outcome", outcome)
        if finding is not None:
            finding = enum_value(Cause, "finding", finding)
        if type(evidence) is tuple and all(type(e) is Evidence for e in evidence):
            proof: tuple[Evidence, ...] = evidence
        else:
            proof = tuple(_evidence_list(evidence))
        naive = at.tzinfo is None or at.utcoffset() is None
        when = None if naive else utc_time("at", at)
        row, blockers = self._blockers(
            action, when, by=by, evidence=proof, outcome=outcome, finding=finding
        )
        if naive:
            blockers.insert(0, Blocker(BlockerCode.NAIVE_DATETIME, (("at", at.isoformat()),)))
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
        start, end = self.policy._bounds
        try:
            if target is not self.stage:
                entered_at, remaining = at, None
                due = _due(self.calendar, self.policy, target, at)
            elif row.action is Action.PAUSE:
                assert due is not None  # the CLOCK_RUNNING guard held
                left = _clock.working_between(self.calendar, at, due, start, end)
                due, remaining = None, dt.timedelta(microseconds=left)
            elif row.action is Action.RESUME:
                assert remaining is not None  # the CLOCK_PAUSED guard held
                work = remaining // dt.timedelta(microseconds=1)
                due, remaining = _clock.advance(self.calendar, at, work, start, end), None
        except DateOutOfRangeError:  # the due time falls beyond the calendars' years
            raise DateOutOfRangeError("at", at) from None
        event = Event(
            len(self.history) + 1,
            row.action,
            at,
            by,
            self.stage,
            target,
            due,
            proof,
            note,
            outcome,
            finding,
            None,
        )
        return ResolutionCase(
            self.case_id,
            self.handler,
            self.calendar,
            self.policy,
            target,
            self.responsible if finding is None else finding,
            outcome if outcome is not None else self.outcome,
            entered_at,
            due,
            remaining,
            self.evidence + proof if proof else self.evidence,
            (*self.history, event),
        )

    # -- persistence --------------------------------------------------------------------------

    @classmethod
    def replay(cls, history: Iterable[Event]) -> ResolutionCase:
        """Rebuild the case from its history; raise MalformedPayloadError if it does not hold.

        Every event is applied again through the definition and must come out exactly as
        recorded (stage, due time and all).

        A history holding a time outside the supported range raises
        :class:`~halfmanaged.errors.PayloadDateOutOfRangeError`, which is both.

        >>> from halfmanaged.testing import ORDER_TIME, open_case
        >>> from halfmanaged.workflow import ResolutionCase
        >>> case = open_case().apply("pause", at=ORDER_TIME, by="ops")
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
        except DateOutOfRangeError:
            raise PayloadDateOutOfRangeError("history[0].at", first.at) from None
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
            except DateOutOfRangeError:
                raise PayloadDateOutOfRangeError(f"history[{i}].at", e.at) from None
            if case.history[-1] != e:
                raise MalformedPayloadError(
                    f"history[{i}]", "does not match what the definition gives (stage or due)"
                )
        return case

    def _repr_html_(self) -> str:
        from halfmanaged import _notebook  # noqa: PLC0415  (only a notebook pays for it)

        return _notebook.case_html(self)

    def _repr_markdown_(self) -> str:
        from halfmanaged import _notebook  # noqa: PLC0415

        return _notebook.case_markdown(self)

    def to_dict(self) -> dict[str, object]:
        """Return the case as JSON-safe data: a schema version, the state, and the history.

        The state is there for hosts that query it; :meth:`from_dict` rebuilds the case from
        the history and checks the state against it.

        >>> from halfmanaged.testing import open_case
        >>> data = open_case().to_dict()
        >>> data["schema_version"], data["stage"], data["version"], len(data["history"])
        (1, 'carrier_contacted', 1, 1)
        """
        return _payload.encode(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> ResolutionCase:
        """Return the case stored by :meth:`to_dict`; raise MalformedPayloadError if it is not.

        The error's ``path`` names the part at fault, relative to the payload
        (``history[2].at``); the payload as a whole is ``payload``. A time outside the
        supported range raises :class:`~halfmanaged.errors.PayloadDateOutOfRangeError`, both a
        ``MalformedPayloadError`` and a ``DateOutOfRangeError``.

        >>> from halfmanaged.testing import open_case
        >>> from halfmanaged.workflow import ResolutionCase
        >>> case = open_case()
        >>> ResolutionCase.from_dict(case.to_dict()) == case
        True
        >>> ResolutionCase.from_dict({**case.to_dict(), "stage": "appeal"})
        Traceback (most recent call last):
        ...
        halfmanaged.errors.MalformedPayloadError: stage: 'appeal' but the history gives ...
        >>> ResolutionCase.from_dict([1, 2])
        Traceback (most recent call last):
        ...
        halfmanaged.errors.MalformedPayloadError: payload: expected an object, got list
        """
        stored, events = _payload.read(data)
        case = cls.replay(events)
        _payload.check_state(stored, case)
        return case


# -- guards ----------------------------------------------------------------------------------
# One small check per Guard; each returns the blocker it raises, or None when it holds.

_OUTCOMES: Final = ",".join(o.value for o in Outcome)


def _deadline_facts(case: ResolutionCase, row: Transition, due: dt.datetime) -> Facts:
    return (
        ("action", row.action.value),
        ("due", due.isoformat()),
        ("timezone", case.calendar.timezone),
    )


_GuardCheck: TypeAlias = Callable[
    [ResolutionCase, Transition, dt.datetime | None, Outcome | None, Cause | None],
    Blocker | None,
]


def _appealable(
    case: ResolutionCase, _: Transition, __: object, ___: object, finding: Cause | None
) -> Blocker | None:
    # docs/rules.md#resolution-5: appeal against the platform or carrier when they are at fault.
    cause = finding if finding is not None else case.responsible
    if cause in _APPEALABLE:
        return None
    return Blocker(BlockerCode.APPEAL_NOT_OPEN, (("responsible", cause.value),))


def _clock_running(case: ResolutionCase, *_: object) -> Blocker | None:
    if case.remaining is None:
        return None
    return Blocker(BlockerCode.CLOCK_PAUSED, (("stage", case.stage.value),))


def _clock_paused(case: ResolutionCase, *_: object) -> Blocker | None:
    if case.remaining is not None:
        return None
    return Blocker(BlockerCode.CLOCK_RUNNING, (("stage", case.stage.value),))


def _within_deadline(
    case: ResolutionCase, row: Transition, at: dt.datetime | None, *_: object
) -> Blocker | None:
    if at is None or case.due is None or at <= case.due:
        return None
    return Blocker(BlockerCode.DEADLINE_PASSED, _deadline_facts(case, row, case.due))


def _after_deadline(
    case: ResolutionCase, row: Transition, at: dt.datetime | None, *_: object
) -> Blocker | None:
    if at is None or case.due is None or at > case.due:
        return None
    return Blocker(BlockerCode.DEADLINE_NOT_PASSED, _deadline_facts(case, row, case.due))


def _outcome_given(
    _: ResolutionCase, row: Transition, __: object, outcome: Outcome | None, *___: object
) -> Blocker | None:
    if outcome is not None:
        return None
    return Blocker(
        BlockerCode.OUTCOME_REQUIRED, (("action", row.action.value), ("outcomes", _OUTCOMES))
    )


def _finding_given(
    _: ResolutionCase, row: Transition, __: object, ___: object, finding: Cause | None
) -> Blocker | None:
    if finding is not None:
        return None
    return Blocker(BlockerCode.FINDING_REQUIRED, (("action", row.action.value),))


_GUARD_CHECKS: Final[Mapping[Guard, _GuardCheck]] = MappingProxyType(
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

_ACTIONS: Final = tuple(a for a in Action if a is not Action.OPEN)


def _note(note: object) -> str | None:
    return None if note is None else text("note", note, empty=True)


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
