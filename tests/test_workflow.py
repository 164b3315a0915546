"""Tests for halfmanaged.workflow: the resolution path as an immutable, replayable case."""

from __future__ import annotations

import contextlib
import copy
import datetime as dt
import json
import pickle
import types
from collections.abc import Callable
from pathlib import Path

import attrs
import pytest
from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from halfmanaged.calendar import WorkingCalendar
from halfmanaged.classify import DEFAULT_ROUTES, Incident, TrackingEvent, classify
from halfmanaged.errors import (
    ActionRefusedError,
    DateOutOfRangeError,
    FieldTypeError,
    HalfManagedError,
    IllegalActionError,
    InvalidFieldError,
    MalformedPayloadError,
    PayloadDateOutOfRangeError,
    UnknownTimezoneError,
    VersionConflictError,
)
from halfmanaged.messages import Locale
from halfmanaged.workflow import (
    DEFINITION,
    SCHEMA_VERSION,
    Action,
    Blocker,
    BlockerCode,
    Cause,
    Definition,
    DefinitionProblem,
    Event,
    Evidence,
    EvidenceKind,
    Guard,
    Handler,
    Outcome,
    Party,
    ProblemCode,
    ResolutionCase,
    Sla,
    SlaUnit,
    Stage,
    StageSpec,
    TickCode,
    Transition,
    WorkflowPolicy,
    definition_problems,
    start_stage_for,
    to_markdown,
    to_mermaid,
    validate_definition,
)

UTC = dt.UTC
BERLIN = WorkingCalendar.without_holidays(timezone="Europe/Berlin")
GERMANY = WorkingCalendar.for_country("DE", timezone="Europe/Berlin")
T0 = dt.datetime(2026, 3, 2, 10, 0, tzinfo=UTC)  # Monday, 11:00 in Berlin (CET)
HOUR = dt.timedelta(hours=1)
DAY = dt.timedelta(days=1)

ACTIVE = [
    Stage.ORDER_CHECK,
    Stage.CARRIER_CONTACTED,
    Stage.SELLER_CONTACTED,
    Stage.PLATFORM_SUPPORT,
    Stage.APPEAL,
]
FINAL = [Stage.RESOLVED, Stage.REJECTED, Stage.WITHDRAWN, Stage.EXPIRED]
MOVES = [a for a in Action if a is not Action.OPEN]


def proof(kind: EvidenceKind, at: dt.datetime = T0) -> Evidence:
    return Evidence(kind, f"ref-{kind.value}", Party.HANDLER, at)


ALL_PROOF = tuple(proof(k) for k in EvidenceKind)


def opened(
    stage: Stage = Stage.ORDER_CHECK,
    *,
    cause: Cause = Cause.PLATFORM,
    evidence: tuple[Evidence, ...] = (),
    handler: Handler = Handler.WAREHOUSE,
    calendar: WorkingCalendar = BERLIN,
    policy: WorkflowPolicy | None = None,
    at: dt.datetime = T0,
) -> ResolutionCase:
    dx = types.SimpleNamespace(cause=cause, start_stage=stage)
    return ResolutionCase.open(
        "C-1",
        diagnosis=dx,
        calendar=calendar,
        at=at,
        by="ops:li",
        evidence=evidence,
        handler=handler,
        policy=policy or WorkflowPolicy(),
    )


def closed(stage: Stage) -> ResolutionCase:
    """Return a case brought to the final ``stage`` by a legal path."""
    case = opened(Stage.PLATFORM_SUPPORT, evidence=ALL_PROOF)
    if stage is Stage.RESOLVED:
        return case.apply(Action.RESOLVE, at=T0, by="ops", outcome=Outcome.REFUND)
    if stage is Stage.REJECTED:
        return case.apply(Action.REJECT, at=T0, by="ops")
    if stage is Stage.WITHDRAWN:
        return case.apply(Action.WITHDRAW, at=T0, by="ops")
    return case.apply(Action.EXPIRE, at=T0 + 30 * DAY, by="ops")


def refusal(case: ResolutionCase, action: Action, **kwargs: object) -> ActionRefusedError:
    kwargs.setdefault("at", T0)
    kwargs.setdefault("by", "ops")
    with pytest.raises(ActionRefusedError) as info:
        case.apply(action, **kwargs)  # type: ignore[arg-type]
    return info.value


def codes(err: ActionRefusedError) -> list[str]:
    return [b.code for b in err.blockers]  # type: ignore[attr-defined]


# -- the definition ---------------------------------------------------------------------------

# The stage-changing moves, written by hand from the resolution steps of docs/rules.md
# (resolution-1 to resolution-5); everything else below that lists moves derives from these.
EXPECTED_MOVES = {
    (Stage.ORDER_CHECK, Action.CONTACT_CARRIER): Stage.CARRIER_CONTACTED,
    (Stage.ORDER_CHECK, Action.CONTACT_SELLER): Stage.SELLER_CONTACTED,
    (Stage.ORDER_CHECK, Action.ESCALATE): Stage.PLATFORM_SUPPORT,
    (Stage.ORDER_CHECK, Action.RESOLVE): Stage.RESOLVED,
    (Stage.ORDER_CHECK, Action.WITHDRAW): Stage.WITHDRAWN,
    (Stage.ORDER_CHECK, Action.EXPIRE): Stage.EXPIRED,
    (Stage.CARRIER_CONTACTED, Action.CONTACT_SELLER): Stage.SELLER_CONTACTED,
    (Stage.CARRIER_CONTACTED, Action.ESCALATE): Stage.PLATFORM_SUPPORT,
    (Stage.CARRIER_CONTACTED, Action.RESOLVE): Stage.RESOLVED,
    (Stage.CARRIER_CONTACTED, Action.WITHDRAW): Stage.WITHDRAWN,
    (Stage.CARRIER_CONTACTED, Action.EXPIRE): Stage.EXPIRED,
    (Stage.SELLER_CONTACTED, Action.CONTACT_CARRIER): Stage.CARRIER_CONTACTED,
    (Stage.SELLER_CONTACTED, Action.ESCALATE): Stage.PLATFORM_SUPPORT,
    (Stage.SELLER_CONTACTED, Action.RESOLVE): Stage.RESOLVED,
    (Stage.SELLER_CONTACTED, Action.WITHDRAW): Stage.WITHDRAWN,
    (Stage.SELLER_CONTACTED, Action.EXPIRE): Stage.EXPIRED,
    (Stage.PLATFORM_SUPPORT, Action.APPEAL): Stage.APPEAL,
    (Stage.PLATFORM_SUPPORT, Action.RESOLVE): Stage.RESOLVED,
    (Stage.PLATFORM_SUPPORT, Action.REJECT): Stage.REJECTED,
    (Stage.PLATFORM_SUPPORT, Action.WITHDRAW): Stage.WITHDRAWN,
    (Stage.PLATFORM_SUPPORT, Action.EXPIRE): Stage.EXPIRED,
    (Stage.APPEAL, Action.RESOLVE): Stage.RESOLVED,
    (Stage.APPEAL, Action.REJECT): Stage.REJECTED,
    (Stage.APPEAL, Action.WITHDRAW): Stage.WITHDRAWN,
    (Stage.APPEAL, Action.EXPIRE): Stage.EXPIRED,
}
STAYS = (Action.PAUSE, Action.RESUME, Action.RECORD_FINDING, Action.ADD_EVIDENCE)
LEGAL = {
    **EXPECTED_MOVES,
    **{(stage, action): stage for stage in ACTIVE for action in STAYS},
}
ILLEGAL = [(s, a) for s in ACTIVE for a in MOVES if (s, a) not in LEGAL]


def test_definition_is_sound() -> None:
    """The shipped definition passes its own validation."""
    assert definition_problems(DEFINITION) == ()


def test_table_is_exactly_the_expected_moves() -> None:
    """The transition table holds the hand-written moves and nothing else."""
    table = {(t.source, t.action): t.target for t in DEFINITION.transitions}
    assert table == LEGAL
    assert len(DEFINITION.transitions) == len(LEGAL)


def _without(source: Stage, action: Action) -> tuple[Transition, ...]:
    return tuple(t for t in DEFINITION.transitions if (t.source, t.action) != (source, action))


def _spec(stage: Stage, **changes: object) -> tuple[StageSpec, ...]:
    return tuple(
        attrs.evolve(s, **changes) if s.stage is stage else s  # type: ignore[arg-type]
        for s in DEFINITION.stages
    )


BROKEN: list[tuple[str, Definition, str, str]] = [
    (
        "start not declared",
        attrs.evolve(
            DEFINITION,
            stages=tuple(s for s in DEFINITION.stages if s.stage is not Stage.ORDER_CHECK),
            transitions=tuple(
                t for t in DEFINITION.transitions if t.source is not Stage.ORDER_CHECK
            ),
        ),
        "start_not_declared",
        "order_check",
    ),
    (
        "start is final",
        attrs.evolve(DEFINITION, start=Stage.RESOLVED),
        "start_is_final",
        "resolved",
    ),
    (
        "appeal unreachable",
        attrs.evolve(DEFINITION, transitions=_without(Stage.PLATFORM_SUPPORT, Action.APPEAL)),
        "unreachable",
        "appeal",
    ),
    (
        "appeal cannot finish",
        attrs.evolve(
            DEFINITION,
            transitions=tuple(
                t
                for t in DEFINITION.transitions
                if t.source is not Stage.APPEAL or t.target is Stage.APPEAL
            ),
        ),
        "no_way_to_final",
        "appeal",
    ),
    (
        "two unguarded rows",
        attrs.evolve(
            DEFINITION,
            transitions=(
                *DEFINITION.transitions,
                Transition(Stage.APPEAL, Action.WITHDRAW, Stage.REJECTED),
            ),
        ),
        "ambiguous",
        "appeal withdraw",
    ),
    (
        "no owner",
        attrs.evolve(DEFINITION, stages=_spec(Stage.SELLER_CONTACTED, owner=None)),
        "no_owner",
        "seller_contacted",
    ),
    (
        "no evidence list",
        attrs.evolve(DEFINITION, stages=_spec(Stage.APPEAL, evidence=())),
        "no_evidence_list",
        "appeal",
    ),
    (
        "no SLA",
        attrs.evolve(
            DEFINITION,
            stages=_spec(
                Stage.WITHDRAWN,
                final=False,
                owner=Party.HANDLER,
                evidence=(EvidenceKind.CHAT_LOGS,),
            ),
        ),
        "no_sla",
        "withdrawn",
    ),
    (
        "exit from a final stage",
        attrs.evolve(
            DEFINITION,
            transitions=(
                *DEFINITION.transitions,
                Transition(Stage.REJECTED, Action.APPEAL, Stage.APPEAL),
            ),
        ),
        "exit_from_final",
        "rejected-appeal->appeal",
    ),
    (
        "stage declared twice",
        attrs.evolve(DEFINITION, stages=(*DEFINITION.stages, DEFINITION.stages[0])),
        "stage_declared_twice",
        "order_check",
    ),
    (
        "undeclared stage",
        attrs.evolve(
            DEFINITION,
            stages=tuple(s for s in DEFINITION.stages if s.stage is not Stage.EXPIRED),
        ),
        "undeclared_stage",
        "order_check-expire->expired",
    ),
]


@pytest.mark.parametrize(
    ("definition", "code", "subject"),
    [pytest.param(d, c, s, id=name) for name, d, c, s in BROKEN],
)
def test_broken_definitions_are_reported(definition: Definition, code: str, subject: str) -> None:
    """Each kind of broken definition is named, with the stage or row at fault."""
    found = [(p.code, p.subject) for p in definition_problems(definition)]
    assert (code, subject) in found
    with pytest.raises(InvalidFieldError, match=code):
        validate_definition(definition)


@pytest.mark.parametrize("field", ["final", "owner_follows_cause"])
@pytest.mark.parametrize("value", ["no", 0, 1, None])
def test_stage_flags_take_bool_only(field: str, value: object) -> None:
    """A stage's flags are bool: a truthy string or a number is refused by name."""
    with pytest.raises(FieldTypeError) as info:
        StageSpec(Stage.APPEAL, Party.PLATFORM, **{field: value})  # type: ignore[arg-type]
    assert info.value.field == field


def test_a_guarded_duplicate_is_not_ambiguous() -> None:
    """Two rows for one stage and action are fine when one of them is guarded."""
    extra = Transition(
        Stage.APPEAL, Action.WITHDRAW, Stage.REJECTED, guards=frozenset({Guard.AFTER_DEADLINE})
    )
    definition = attrs.evolve(DEFINITION, transitions=(*DEFINITION.transitions, extra))
    assert definition_problems(definition) == ()


def test_every_problem_is_listed_at_once() -> None:
    """A definition broken in several ways reports all of them, not the first."""
    definition = attrs.evolve(
        DEFINITION,
        stages=_spec(Stage.APPEAL, owner=None, evidence=()),
        transitions=_without(Stage.PLATFORM_SUPPORT, Action.APPEAL),
    )
    found = {p.code for p in definition_problems(definition)}
    assert {"no_owner", "no_evidence_list", "unreachable"} <= found


# -- exports of the definition -------------------------------------------------------------------


def test_mermaid_is_the_state_diagram_of_the_expected_moves() -> None:
    """The Mermaid export has the start, one edge per stage-changing move, and the final stages."""
    lines = to_mermaid().splitlines()
    assert lines[:2] == ["stateDiagram-v2", "    [*] --> order_check"]
    edges = [line for line in lines[2:] if "[*]" not in line]
    expected = {f"    {s.value} --> {t.value}: {a.value}" for (s, a), t in EXPECTED_MOVES.items()}
    assert sorted(edges) == sorted(expected)
    ends = [line for line in lines[2:] if line.endswith("--> [*]")]
    assert ends == [f"    {stage.value} --> [*]" for stage in FINAL]
    assert len(lines) == 2 + len(edges) + len(ends)


def test_markdown_lists_every_stage_with_owner_sla_and_evidence() -> None:
    """The Markdown table has a row per stage with the policy's SLA and the evidence list."""
    policy = WorkflowPolicy(appeal=Sla.working_hours(6))
    lines = to_markdown(policy=policy).splitlines()
    assert (
        lines[0] == "| stage | owner | SLA | paused clock waits on | evidence gathered | exits |"
    )
    assert len(lines) == 2 + 9
    assert lines[6] == (
        "| appeal | platform | 6 working hours | handler | chat_logs, screenshots | "
        "resolve → resolved; reject → rejected; withdraw → withdrawn; expire → expired |"
    )
    assert lines[3].startswith("| carrier_contacted | carrier | 2 working days | handler | ")


# -- opening ------------------------------------------------------------------------------------

START = [
    (Cause.CARRIER, Handler.WAREHOUSE, Stage.CARRIER_CONTACTED),
    (Cause.SELLER, Handler.WAREHOUSE, Stage.SELLER_CONTACTED),
    (Cause.SELLER, Handler.SELLER, Stage.ORDER_CHECK),
    (Cause.PLATFORM, Handler.WAREHOUSE, Stage.PLATFORM_SUPPORT),
    (Cause.UNDETERMINED, Handler.WAREHOUSE, Stage.ORDER_CHECK),
    (Cause.BUYER, Handler.SELLER, Stage.ORDER_CHECK),
    (Cause.CUSTOMS, Handler.WAREHOUSE, Stage.CARRIER_CONTACTED),
    (Cause.FORCE_MAJEURE, Handler.SELLER, Stage.CARRIER_CONTACTED),
]


@pytest.mark.parametrize(("cause", "handler", "stage"), START)
def test_explicit_cause_picks_the_start_stage(
    cause: Cause, handler: Handler, stage: Stage
) -> None:
    """An explicit cause starts the case where the documented cause table says."""
    assert start_stage_for(cause, handler) is stage
    case = ResolutionCase.open(
        "C-9", cause=cause, handler=handler, calendar=BERLIN, at=T0, by="ops"
    )
    assert (case.stage, case.responsible, case.version) == (stage, cause, 1)


# Where a case starts for each cause, by hand from docs/rules.md#resolution-1: the carrier's,
# the seller's and the platform's faults go to their own step; a buyer's refusal, like an
# undetermined cause, starts with the order check; customs and storms are news from the carrier.
START_BY_CAUSE = {
    Cause.CARRIER: Stage.CARRIER_CONTACTED,
    Cause.SELLER: Stage.SELLER_CONTACTED,
    Cause.PLATFORM: Stage.PLATFORM_SUPPORT,
    Cause.BUYER: Stage.ORDER_CHECK,
    Cause.CUSTOMS: Stage.CARRIER_CONTACTED,
    Cause.FORCE_MAJEURE: Stage.CARRIER_CONTACTED,
    Cause.UNDETERMINED: Stage.ORDER_CHECK,
}


@pytest.mark.parametrize("cause", list(Cause))
def test_workflow_and_classifier_start_a_cause_at_the_same_stage(cause: Cause) -> None:
    """The workflow's start stage and the classifier's default route agree for every cause."""
    assert set(START_BY_CAUSE) == set(Cause)
    assert start_stage_for(cause) is START_BY_CAUSE[cause]
    assert DEFAULT_ROUTES[cause].start_stage is START_BY_CAUSE[cause]


def test_a_refused_parcel_opens_at_the_order_check_either_way() -> None:
    """A buyer-caused incident opens at the order check from a diagnosis and from its cause."""
    refused = Incident(events=(TrackingEvent.from_aftership("Exception_003", T0),))
    dx = classify(refused)
    assert (dx.cause, dx.start_stage) == (Cause.BUYER, Stage.ORDER_CHECK)
    by_diagnosis = ResolutionCase.open("C-B", diagnosis=dx, calendar=BERLIN, at=T0, by="ops")
    by_cause = ResolutionCase.open("C-B", cause=Cause.BUYER, calendar=BERLIN, at=T0, by="ops")
    assert by_diagnosis.stage is by_cause.stage is Stage.ORDER_CHECK


def test_opening_is_the_first_event() -> None:
    """Opening records an event with actor, time, target stage, evidence and the opening facts."""
    photo = proof(EvidenceKind.PARCEL_PHOTOS)
    case = ResolutionCase.open(
        "C-2", cause="carrier", calendar=BERLIN, at=T0, by="ops", evidence=[photo], note="hi"
    )
    (event,) = case.history
    assert (event.seq, event.action, event.by, event.at) == (1, Action.OPEN, "ops", T0)
    assert (event.from_stage, event.to_stage, event.note) == (None, Stage.CARRIER_CONTACTED, "hi")
    assert event.evidence == (photo,)
    assert event.opening is not None
    assert event.opening.calendar == BERLIN
    assert case.evidence == (photo,)


def test_diagnosis_decides_the_start() -> None:
    """A diagnosis's start stage wins over the cause table."""
    case = opened(Stage.SELLER_CONTACTED, cause=Cause.CARRIER)
    assert (case.stage, case.responsible) == (Stage.SELLER_CONTACTED, Cause.CARRIER)


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({}, InvalidFieldError),
        ({"cause": Cause.CARRIER, "diagnosis": types.SimpleNamespace()}, InvalidFieldError),
        ({"diagnosis": types.SimpleNamespace(cause="carrier")}, FieldTypeError),
        (
            {"diagnosis": types.SimpleNamespace(cause="carrier", start_stage="resolved")},
            InvalidFieldError,
        ),
        (
            {"diagnosis": types.SimpleNamespace(cause="nobody", start_stage="appeal")},
            InvalidFieldError,
        ),
        ({"cause": "carrier", "at": dt.datetime(2026, 3, 2, 10)}, InvalidFieldError),
        ({"cause": "carrier", "at": "2026-03-02"}, FieldTypeError),
        ({"cause": "carrier", "by": " "}, InvalidFieldError),
        (
            {"cause": "carrier", "evidence": [proof(EvidenceKind.CHAT_LOGS, T0 + HOUR)]},
            InvalidFieldError,
        ),
        ({"cause": "carrier", "evidence": ["photo.jpg"]}, FieldTypeError),
        ({"cause": "carrier", "calendar": "DE"}, FieldTypeError),
        ({"cause": "carrier", "handler": "robot"}, InvalidFieldError),
    ],
)
def test_bad_openings_raise_our_errors(kwargs: dict[str, object], error: type[Exception]) -> None:
    """Bad arguments to open raise the library's narrow errors."""
    args: dict[str, object] = {"calendar": BERLIN, "at": T0, "by": "ops", **kwargs}
    with pytest.raises(error):
        ResolutionCase.open("C-3", **args)  # type: ignore[arg-type]


# -- every legal move --------------------------------------------------------------------------


def _ready(source: Stage, action: Action) -> tuple[ResolutionCase, dict[str, object]]:
    """Return a case at ``source`` where ``action`` can happen, and the apply arguments."""
    case = opened(source, evidence=ALL_PROOF)
    kwargs: dict[str, object] = {"at": T0 + HOUR, "by": "ops"}
    if action is Action.RESUME:
        case = case.apply(Action.PAUSE, at=T0, by="ops")
    if action is Action.EXPIRE:
        kwargs["at"] = T0 + 30 * DAY
    if action is Action.RESOLVE:
        kwargs["outcome"] = Outcome.RESHIPMENT
    if action is Action.RECORD_FINDING:
        kwargs["finding"] = Cause.SELLER
    return case, kwargs


@pytest.mark.parametrize(("source", "action"), sorted(LEGAL))
def test_every_legal_move(source: Stage, action: Action) -> None:
    """Each legal move lands on its target and appends one event recording it."""
    case, kwargs = _ready(source, action)
    after = case.apply(action, note="n", **kwargs)  # type: ignore[arg-type]
    event = after.history[-1]
    assert after.stage is LEGAL[(source, action)]
    assert after.version == case.version + 1
    assert after.history[:-1] == case.history
    assert (event.action, event.from_stage, event.to_stage) == (action, source, after.stage)
    assert (event.at, event.by, event.note) == (kwargs["at"], "ops", "n")
    check = {c.action: c for c in case.available_actions(kwargs["at"])}[action]  # type: ignore[arg-type]
    assert check.allowed
    assert check.target is after.stage


@pytest.mark.parametrize(("source", "action"), sorted(ILLEGAL))
def test_every_illegal_move_is_refused_as_wrong_stage(source: Stage, action: Action) -> None:
    """An action not in the table at the stage is refused, naming where it is possible."""
    case = opened(source, evidence=ALL_PROOF)
    before = case.to_dict()
    err = refusal(case, action, outcome=None)
    assert codes(err) == ["workflow.wrong_stage"]
    allowed = sorted(s.value for (s, a) in LEGAL if a is action)
    blocker = err.blockers[0]  # type: ignore[attr-defined]
    assert sorted(dict(blocker.facts)["allowed_from"].split(",")) == allowed
    assert (err.stage, err.action) == (source.value, action.value)
    assert case.to_dict() == before


@pytest.mark.parametrize("stage", FINAL)
@pytest.mark.parametrize("action", MOVES)
def test_a_closed_case_refuses_everything(stage: Stage, action: Action) -> None:
    """Nothing can be applied to a resolved, rejected, withdrawn or expired case."""
    case = closed(stage)
    assert case.stage is stage
    assert case.is_final
    assert codes(refusal(case, action, at=T0 + 40 * DAY)) == ["workflow.case_closed"]
    assert case.waiting_on is None
    assert case.due is None
    assert case.tick(T0 + 99 * DAY).breaches == ()


def test_open_is_not_an_action() -> None:
    """``open`` starts cases; applying it is refused."""
    assert codes(refusal(opened(), Action.OPEN)) == ["workflow.not_an_action"]


# -- guards and their reasons -------------------------------------------------------------------

# (source, action, the evidence groups it needs), written by hand from the resolution steps.
NEEDS = [
    (
        Stage.ORDER_CHECK,
        Action.CONTACT_CARRIER,
        {"order_screenshots", "logistics_info,waybill_number"},
    ),
    (
        Stage.ORDER_CHECK,
        Action.ESCALATE,
        {
            "order_screenshots",
            "logistics_info,waybill_number",
            "parcel_photos,screenshots,tracking_history",
        },
    ),
    (Stage.CARRIER_CONTACTED, Action.RESOLVE, {"parcel_photos,waybill_number"}),
    (Stage.SELLER_CONTACTED, Action.CONTACT_CARRIER, {"order_screenshots", "logistics_info"}),
    (Stage.PLATFORM_SUPPORT, Action.APPEAL, {"chat_logs,screenshots"}),
    (Stage.PLATFORM_SUPPORT, Action.REJECT, {"platform_ticket_id"}),
]


@pytest.mark.parametrize(("source", "action", "groups"), NEEDS)
def test_missing_evidence_is_listed_by_kind(
    source: Stage, action: Action, groups: set[str]
) -> None:
    """Each unmet evidence group is one blocker naming the kinds that would meet it."""
    err = refusal(
        opened(source), action, outcome=Outcome.REFUND if action is Action.RESOLVE else None
    )
    found = {dict(b.facts)["kinds"] for b in err.blockers if b.code == "workflow.missing_evidence"}  # type: ignore[attr-defined]
    assert found == groups


def test_evidence_with_the_action_counts() -> None:
    """Evidence attached to the action itself meets the requirement."""
    case = opened(Stage.PLATFORM_SUPPORT)
    after = case.apply(Action.APPEAL, at=T0, by="ops", evidence=[proof(EvidenceKind.SCREENSHOTS)])
    assert after.stage is Stage.APPEAL
    assert after.evidence_kinds == {EvidenceKind.SCREENSHOTS}


@pytest.mark.parametrize("cause", list(Cause))
def test_appeal_is_open_only_against_platform_or_carrier(cause: Cause) -> None:
    """An appeal needs the platform or carrier at fault (docs/rules.md#resolution-5)."""
    case = opened(Stage.PLATFORM_SUPPORT, cause=cause, evidence=ALL_PROOF)
    if cause in (Cause.PLATFORM, Cause.CARRIER):
        assert case.apply(Action.APPEAL, at=T0, by="ops").stage is Stage.APPEAL
    else:
        err = refusal(case, Action.APPEAL)
        assert codes(err) == ["workflow.appeal_not_open"]
        assert dict(err.blockers[0].facts)["responsible"] == cause.value  # type: ignore[attr-defined]


def test_a_finding_with_the_appeal_opens_it() -> None:
    """Revising the cause to the carrier in the same event opens the appeal to it."""
    case = opened(Stage.PLATFORM_SUPPORT, cause=Cause.UNDETERMINED, evidence=ALL_PROOF)
    after = case.apply(Action.APPEAL, at=T0, by="ops", finding=Cause.CARRIER)
    assert after.responsible is Cause.CARRIER
    assert after.waiting_on is Party.CARRIER  # an appeal against the carrier waits on it
    assert after.history[-1].finding is Cause.CARRIER


def test_appeal_after_the_platform_deadline_is_refused() -> None:
    """The platform stage's due time is the last moment to appeal."""
    case = opened(Stage.PLATFORM_SUPPORT, evidence=ALL_PROOF)
    assert case.due is not None
    assert case.apply(Action.APPEAL, at=case.due, by="ops").stage is Stage.APPEAL
    err = refusal(case, Action.APPEAL, at=case.due + dt.timedelta(seconds=1))
    assert codes(err) == ["workflow.deadline_passed"]
    assert dict(err.blockers[0].facts)["due"] == case.due.isoformat()  # type: ignore[attr-defined]


def test_expiry_waits_for_the_deadline() -> None:
    """A stage expires only strictly after its due time, and never while paused."""
    case = opened(Stage.ORDER_CHECK)
    assert case.due is not None
    assert codes(refusal(case, Action.EXPIRE, at=case.due)) == ["workflow.deadline_not_passed"]
    late = case.due + dt.timedelta(microseconds=1)
    assert case.apply(Action.EXPIRE, at=late, by="ops").stage is Stage.EXPIRED
    paused = case.apply(Action.PAUSE, at=T0, by="ops")
    assert codes(refusal(paused, Action.EXPIRE, at=late + 9 * DAY)) == ["workflow.clock_paused"]


def test_pause_and_resume_need_the_right_clock() -> None:
    """Pausing a paused clock or resuming a running one is refused."""
    case = opened()
    assert codes(refusal(case, Action.RESUME)) == ["workflow.clock_running"]
    paused = case.apply(Action.PAUSE, at=T0, by="ops")
    assert codes(refusal(paused, Action.PAUSE)) == ["workflow.clock_paused"]


def test_outcome_and_finding_rules() -> None:
    """Resolve needs an outcome and only resolve takes one; recording a finding needs one."""
    case = opened(Stage.APPEAL)
    assert codes(refusal(case, Action.RESOLVE)) == ["workflow.outcome_required"]
    assert codes(refusal(case, Action.REJECT, outcome=Outcome.REFUND)) == [
        "workflow.outcome_not_allowed"
    ]
    assert codes(refusal(case, Action.RECORD_FINDING)) == ["workflow.finding_required"]
    after = case.apply(Action.RECORD_FINDING, at=T0, by="qa", finding=Cause.SELLER, note="label")
    assert (after.stage, after.responsible, after.version) == (Stage.APPEAL, Cause.SELLER, 2)
    assert (after.history[-1].finding, after.history[-1].note) == (Cause.SELLER, "label")


def test_every_reason_is_given_at_once() -> None:
    """A refusal lists all its reasons: time, actor, evidence, cause, stray outcome."""
    case = opened(Stage.PLATFORM_SUPPORT, cause=Cause.SELLER).apply(
        Action.ADD_EVIDENCE, at=T0 + DAY, by="ops"
    )
    late = proof(EvidenceKind.PARCEL_PHOTOS, T0 + 5 * DAY)
    err = refusal(case, Action.APPEAL, at=T0, by="", evidence=[late], outcome=Outcome.REFUND)
    assert codes(err) == [
        "workflow.actor_missing",
        "workflow.time_before_last_event",
        "workflow.evidence_after_event",
        "workflow.outcome_not_allowed",
        "workflow.missing_evidence",
        "workflow.appeal_not_open",
    ]
    assert isinstance(err, IllegalActionError)
    assert isinstance(err, HalfManagedError)
    assert isinstance(err, ValueError)
    assert len(err.reasons) == 6


def test_a_naive_time_is_a_reason_too() -> None:
    """A naive datetime is refused as a reason, next to the others."""
    err = refusal(opened(Stage.APPEAL), Action.REJECT, at=dt.datetime(2026, 3, 2, 12), by="")
    assert codes(err) == ["workflow.naive_datetime", "workflow.actor_missing"]


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"at": "2026-03-02T10:00Z"}, FieldTypeError),
        ({"by": 7}, FieldTypeError),
        ({"evidence": ["photo"]}, FieldTypeError),
        ({"evidence": proof(EvidenceKind.CHAT_LOGS)}, FieldTypeError),
        ({"evidence": None}, FieldTypeError),
        ({"outcome": "free beer"}, InvalidFieldError),
        ({"finding": "aliens"}, InvalidFieldError),
        ({"note": 3}, FieldTypeError),
    ],
)
def test_wrong_argument_types_raise_our_errors(
    kwargs: dict[str, object], error: type[Exception]
) -> None:
    """Arguments of the wrong type are programming errors, raised as FieldTypeError and co."""
    args: dict[str, object] = {"at": T0, "by": "ops", **kwargs}
    with pytest.raises(error):
        opened(Stage.APPEAL).apply(Action.WITHDRAW, **args)  # type: ignore[arg-type]
    with pytest.raises(InvalidFieldError):
        opened().apply("fly", at=T0, by="ops")  # type: ignore[arg-type]


def test_blocker_messages_in_both_languages() -> None:
    """Blocker messages render codes as labels in English and Chinese."""
    err = refusal(opened(Stage.CARRIER_CONTACTED), Action.APPEAL)
    blocker = err.blockers[0]  # type: ignore[attr-defined]
    assert blocker.message() == (
        "appeal is not possible at stage carrier contacted; it is possible at: platform support"
    )
    assert blocker.message("zh-CN") == "在“已联系物流公司”阶段不能申诉；可申诉的阶段：平台客服处理"
    assert str(err) == (
        "action 'appeal' refused at stage 'carrier_contacted': " + blocker.message()
    )


# -- available actions ---------------------------------------------------------------------------


def test_available_actions_lists_every_action_but_open() -> None:
    """available_actions answers for each action, in Action order, without changing the case."""
    case = opened(Stage.PLATFORM_SUPPORT, evidence=ALL_PROOF)
    checks = case.available_actions(T0)
    assert [c.action for c in checks] == MOVES
    allowed = {c.action for c in checks if c.allowed}
    assert allowed == {
        Action.APPEAL,
        Action.RESOLVE,
        Action.REJECT,
        Action.WITHDRAW,
        Action.PAUSE,
        Action.RECORD_FINDING,
        Action.ADD_EVIDENCE,
    }
    blocked = {c.action: [b.code for b in c.blockers] for c in checks if not c.allowed}
    assert blocked == {
        Action.CONTACT_CARRIER: ["workflow.wrong_stage"],
        Action.CONTACT_SELLER: ["workflow.wrong_stage"],
        Action.ESCALATE: ["workflow.wrong_stage"],
        Action.EXPIRE: ["workflow.deadline_not_passed"],
        Action.RESUME: ["workflow.clock_running"],
    }


def test_available_actions_rejects_a_naive_time() -> None:
    """Asking with a naive time is an error, never a guess."""
    with pytest.raises(InvalidFieldError):
        opened().available_actions(dt.datetime(2026, 3, 2))


# -- deadlines ------------------------------------------------------------------------------------

# (calendar, stage entered at (UTC), SLA, due (UTC)), worked out by hand with working hours
# 09:00-18:00 Berlin time.
DUE = [
    # Monday 11:00 CET + 2 working days (18 h) -> Wednesday 11:00.
    (BERLIN, T0, Sla.working_days(2), dt.datetime(2026, 3, 4, 10, tzinfo=UTC)),
    # Friday 17:00 + 1 working day: 1 h on Friday, 8 h on Monday -> Monday 17:00.
    (BERLIN, dt.datetime(2026, 3, 6, 16, tzinfo=UTC), Sla.working_days(1),
     dt.datetime(2026, 3, 9, 16, tzinfo=UTC)),
    # Saturday: the clock starts Monday 09:00 and ends at closing time, not Tuesday 09:00.
    (BERLIN, dt.datetime(2026, 3, 7, 12, tzinfo=UTC), Sla.working_days(1),
     dt.datetime(2026, 3, 9, 17, tzinfo=UTC)),
    # Monday 20:00, after hours, + 4 working hours -> Tuesday 13:00.
    (BERLIN, dt.datetime(2026, 3, 2, 19, tzinfo=UTC), Sla.working_hours(4),
     dt.datetime(2026, 3, 3, 12, tzinfo=UTC)),
    # Monday 07:00, before hours, + 3 working hours -> Monday 12:00.
    (BERLIN, dt.datetime(2026, 3, 2, 6, tzinfo=UTC), Sla.working_hours(3),
     dt.datetime(2026, 3, 2, 11, tzinfo=UTC)),
    # Maundy Thursday 16:00 CEST + 1 day: Good Friday and Easter Monday are holidays in
    # Germany -> 2 h Thursday, 7 h Tuesday -> Tuesday 16:00 CEST.
    (GERMANY, dt.datetime(2026, 4, 2, 14, tzinfo=UTC), Sla.working_days(1),
     dt.datetime(2026, 4, 7, 14, tzinfo=UTC)),
    # Across the spring DST switch: Friday 10:00 CET + 1 day -> Monday 10:00 CEST.
    (BERLIN, dt.datetime(2026, 3, 27, 9, tzinfo=UTC), Sla.working_days(1),
     dt.datetime(2026, 3, 30, 8, tzinfo=UTC)),
]  # fmt: skip


@pytest.mark.parametrize(("calendar", "at", "sla", "due"), DUE)
def test_due_times_by_hand(
    calendar: WorkingCalendar, at: dt.datetime, sla: Sla, due: dt.datetime
) -> None:
    """The due time runs on the working clock of the case's calendar."""
    policy = WorkflowPolicy(order_check=sla)
    case = opened(Stage.ORDER_CHECK, calendar=calendar, policy=policy, at=at)
    assert case.due == due
    assert case.history[0].due == due


def test_pause_keeps_the_remaining_working_time_and_resume_recomputes() -> None:
    """Paused with 26 working hours left, the clock resumes and adds them from the resume time."""
    cal = WorkingCalendar.for_country(
        "DE",
        timezone="Europe/Berlin",
        closures=[dt.date(2026, 3, 3)],
        extra_working_days=[dt.date(2026, 3, 7)],
    )
    case = opened(Stage.PLATFORM_SUPPORT, calendar=cal)
    # 3 days = 27 h from Monday 11:00: Mon 7, (Tue closed), Wed 9, Thu 9, Fri 2 -> Fri 11:00.
    assert case.due == dt.datetime(2026, 3, 6, 10, tzinfo=UTC)
    paused = case.apply(Action.PAUSE, at=T0 + HOUR, by="ops")
    assert paused.due is None
    assert paused.remaining == dt.timedelta(hours=26)
    assert paused.waiting_on is Party.HANDLER
    assert paused.tick(T0 + 30 * DAY) == paused.tick(T0)  # a paused clock never breaches
    # Resume Thursday 11:00: Thu 7, Fri 9, Sat (worked) 9, Mon 1 -> Monday 10:00.
    resumed = paused.apply(Action.RESUME, at=dt.datetime(2026, 3, 5, 10, tzinfo=UTC), by="ops")
    assert resumed.due == dt.datetime(2026, 3, 9, 9, tzinfo=UTC)
    assert resumed.remaining is None
    assert resumed.waiting_on is Party.PLATFORM


def test_pausing_after_the_deadline_leaves_nothing() -> None:
    """A clock paused after its due time resumes already due."""
    case = opened(Stage.APPEAL)
    assert case.due is not None
    paused = case.apply(Action.PAUSE, at=case.due + DAY, by="ops")
    assert paused.remaining == dt.timedelta(0)
    resumed = paused.apply(Action.RESUME, at=case.due + 2 * DAY, by="ops")
    assert resumed.due is not None
    assert resumed.due <= case.due + 2 * DAY + HOUR * 24


# -- waiting_on and tick -------------------------------------------------------------------------

WAITING = [
    (Stage.ORDER_CHECK, Handler.WAREHOUSE, Cause.UNDETERMINED, Party.HANDLER),
    (Stage.CARRIER_CONTACTED, Handler.WAREHOUSE, Cause.CARRIER, Party.CARRIER),
    (Stage.SELLER_CONTACTED, Handler.WAREHOUSE, Cause.SELLER, Party.SELLER),
    (Stage.SELLER_CONTACTED, Handler.SELLER, Cause.SELLER, Party.HANDLER),
    (Stage.PLATFORM_SUPPORT, Handler.SELLER, Cause.PLATFORM, Party.PLATFORM),
    (Stage.APPEAL, Handler.WAREHOUSE, Cause.PLATFORM, Party.PLATFORM),
    (Stage.APPEAL, Handler.WAREHOUSE, Cause.CARRIER, Party.CARRIER),
]


@pytest.mark.parametrize(("stage", "handler", "cause", "party"), WAITING)
def test_waiting_on(stage: Stage, handler: Handler, cause: Cause, party: Party) -> None:
    """Whose move it is follows the stage owner, the handler and the cause."""
    assert opened(stage, handler=handler, cause=cause).waiting_on is party


def test_paused_order_check_waits_on_the_buyer() -> None:
    """The order check pauses while the buyer confirms the address."""
    assert opened().apply(Action.PAUSE, at=T0, by="ops").waiting_on is Party.BUYER


def test_tick_reports_breach_and_carrier_escalation() -> None:
    """A silent carrier past its due time is a breach and a due escalation to platform support."""
    case = opened(Stage.CARRIER_CONTACTED, cause=Cause.CARRIER)
    due = dt.datetime(2026, 3, 4, 10, tzinfo=UTC)
    assert case.due == due
    assert case.tick(due).breaches == ()
    report = case.tick(due + 2 * HOUR)
    (breach,) = report.breaches
    assert (breach.stage, breach.due, breach.waiting_on) == (
        Stage.CARRIER_CONTACTED,
        due,
        Party.CARRIER,
    )
    assert breach.overdue == 2 * HOUR
    # Wednesday 11:00 to 13:00 CET: 2 of a day's 9 working hours, 0.22, rounded up to 0.3.
    assert (breach.overdue_amount, breach.unit) == (0.3, SlaUnit.WORKING_DAYS)
    assert breach.message() == (
        "stage carrier contacted was due by 2026-03-04 11:00 CET (waiting on the carrier); "
        "overdue by 0.3 working days"
    )
    assert breach.message("zh-CN") == (
        "“已联系物流公司”阶段应于2026-03-04 11:00 CET前完成（等待物流公司），已超时0.3 个工作日"
    )
    (esc,) = report.escalations
    assert (esc.action, esc.from_stage, esc.to_stage) == (
        Action.ESCALATE,
        Stage.CARRIER_CONTACTED,
        Stage.PLATFORM_SUPPORT,
    )
    assert not esc.allowed  # no order, logistics or incident evidence yet
    assert {b.code for b in esc.blockers} == {"workflow.missing_evidence"}
    assert case.version == 1  # tick changed nothing
    ready = case.apply(Action.ADD_EVIDENCE, at=due, by="ops", evidence=ALL_PROOF)
    (esc,) = ready.tick(due + 2 * HOUR).escalations
    assert esc.allowed
    moved = ready.apply(esc.action, at=due + 2 * HOUR, by="system")
    assert moved.stage is Stage.PLATFORM_SUPPORT


@pytest.mark.parametrize(
    ("stage", "escalates"),
    [
        (Stage.ORDER_CHECK, False),
        (Stage.CARRIER_CONTACTED, True),
        (Stage.SELLER_CONTACTED, True),
        (Stage.PLATFORM_SUPPORT, False),
        (Stage.APPEAL, False),
    ],
)
def test_which_stages_escalate_on_breach(stage: Stage, escalates: bool) -> None:
    """Only stages waiting on an outside party that can be bypassed escalate automatically."""
    report = opened(stage).tick(T0 + 60 * DAY)
    assert len(report.breaches) == 1
    assert bool(report.escalations) is escalates


def test_tick_rejects_a_naive_time() -> None:
    """tick with a naive time is an error."""
    with pytest.raises(InvalidFieldError):
        opened().tick(dt.datetime(2026, 3, 2))


# -- persistence ---------------------------------------------------------------------------------


def _long_case() -> ResolutionCase:
    cal = WorkingCalendar.for_country(
        "DE",
        timezone="Europe/Berlin",
        subdiv="BY",
        weekend=(5, 6),
        closures={dt.date(2026, 3, 3): "stocktaking"},
        extra_working_days=[dt.date(2026, 3, 7)],
    )
    policy = WorkflowPolicy(seller_contacted=Sla.working_hours(5), day_start=dt.time(8, 30))
    case = ResolutionCase.open(
        "C-LONG", cause=Cause.UNDETERMINED, calendar=cal, policy=policy, at=T0, by="ops",
        handler=Handler.SELLER, note="customer says box crushed",
    )  # fmt: skip
    t = T0
    for action, kwargs in [
        (Action.ADD_EVIDENCE, {"evidence": ALL_PROOF[:3]}),
        (Action.PAUSE, {}),
        (Action.RESUME, {}),
        (Action.CONTACT_SELLER, {}),
        (Action.CONTACT_CARRIER, {"evidence": ALL_PROOF[3:]}),
        (Action.ESCALATE, {"finding": Cause.PLATFORM, "note": "tracking cannot be queried"}),
        (Action.APPEAL, {}),
        (Action.PAUSE, {}),
    ]:
        t += dt.timedelta(hours=3, microseconds=7)
        case = case.apply(action, at=t, by="ops", **kwargs)  # type: ignore[arg-type]
    return case


def test_json_round_trip_is_exact() -> None:
    """to_dict is JSON-safe and from_dict gives back the identical case."""
    case = _long_case()
    data = case.to_dict()
    text = json.dumps(data, allow_nan=False, ensure_ascii=False)
    back = ResolutionCase.from_dict(json.loads(text))
    assert back == case
    assert back.to_dict() == data
    assert back.history == case.history
    assert back.calendar.closures == case.calendar.closures
    assert data["schema_version"] == 1
    assert data["version"] == 9
    assert data["remaining_us"] == case.remaining // dt.timedelta(microseconds=1)  # type: ignore[operator]


def _json_only(value: object) -> bool:
    if isinstance(value, dict):
        return all(isinstance(k, str) and _json_only(v) for k, v in value.items())
    if isinstance(value, list):
        return all(_json_only(v) for v in value)
    return value is None or type(value) in (str, int, float, bool)


def test_payload_holds_only_json_types() -> None:
    """The payload is made of str, int, float, bool, None, list and dict only."""
    assert _json_only(_long_case().to_dict())


def test_calendar_is_stored_in_the_payload() -> None:
    """The opening event carries the calendar's country, zone, weekend, closures and extras."""
    opening = _long_case().to_dict()["history"][0]["opening"]  # type: ignore[index]
    assert opening["calendar"] == {
        "country": "DE",
        "subdiv": "BY",
        "timezone": "Europe/Berlin",
        "weekend": [5, 6],
        "closures": [["2026-03-03", "stocktaking"]],
        "extra_working_days": ["2026-03-07"],
    }
    assert opening["policy"]["seller_contacted"] == {"amount": 5, "unit": "working_hours"}
    assert opening["policy"]["day_start"] == "08:30:00"


def test_replay_rebuilds_the_identical_case() -> None:
    """Replaying the history gives the same case."""
    case = _long_case()
    assert ResolutionCase.replay(case.history) == case
    assert ResolutionCase.replay(list(case.history)).to_dict() == case.to_dict()


def _set(path: tuple[object, ...], value: object) -> Callable[[dict[str, object]], None]:
    def mutate(data: dict[str, object]) -> None:
        target: object = data
        for key in path[:-1]:
            target = target[key]  # type: ignore[index]
        target[path[-1]] = value  # type: ignore[index]

    return mutate


def _drop(path: tuple[object, ...]) -> Callable[[dict[str, object]], None]:
    def mutate(data: dict[str, object]) -> None:
        target: object = data
        for key in path[:-1]:
            target = target[key]  # type: ignore[index]
        del target[path[-1]]  # type: ignore[attr-defined]

    return mutate


def _swap(data: dict[str, object]) -> None:
    history = data["history"]
    history[3], history[4] = history[4], history[3]  # type: ignore[index]


def _copy_opening(data: dict[str, object]) -> None:
    history = data["history"]
    history[1]["opening"] = copy.deepcopy(history[0]["opening"])  # type: ignore[index]


H0 = ("history", 0, "opening")
CAL = (*H0, "calendar")
CAL_PATH = "history[0].opening.calendar"
EV = ("history", 1, "evidence")
POL = (*H0, "policy")
TAMPERED: list[tuple[str, Callable[[dict[str, object]], None], str]] = [
    ("unknown stage in history", _set(("history", 4, "to_stage"), "lost"), "history[4].to_stage"),
    ("unknown stage on top", _set(("stage",), "lost"), "stage"),
    ("stage disagrees with history", _set(("stage",), "platform_support"), "stage"),
    ("events out of order", _swap, "history[3].seq"),
    ("missing field", _drop(("history", 2, "by")), "history[2].by"),
    ("missing top field", _drop(("version",)), "version"),
    ("extra field", _set(("history", 1, "colour"), "red"), "history[1].colour"),
    ("seq as text", _set(("history", 1, "seq"), "2"), "history[1].seq"),
    ("bool as int", _set(("version",), True), "version"),
    ("version tampered", _set(("version",), 3), "version"),
    ("naive time", _set(("history", 2, "at"), "2026-03-02T13:00:00"), "history[2].at"),
    ("not a time", _set(("history", 2, "at"), "yesterday"), "history[2].at"),
    ("time before previous", _set(("history", 2, "at"), "2026-03-01T13:00+00:00"), "history[2]"),
    ("due tampered", _set(("history", 4, "due"), "2026-03-20T10:00:00+00:00"), "history[4]"),
    ("target tampered", _set(("history", 4, "to_stage"), "appeal"), "history[4]"),
    ("from tampered", _set(("history", 4, "from_stage"), "appeal"), "history[4].from_stage"),
    ("second opening", _copy_opening, "history[1].opening"),
    ("opening removed", _set(("history", 0, "opening"), None), "history[0]"),
    ("first not open", _set(("history", 0, "action"), "withdraw"), "history[0]"),
    ("unknown action", _set(("history", 3, "action"), "teleport"), "history[3].action"),
    ("unknown kind", _set((*EV, 0, "kind"), "dna"), "history[1].evidence[0].kind"),
    ("evidence not a list", _set(EV, {}), "history[1].evidence"),
    ("empty history", _set(("history",), []), "history"),
    ("history not a list", _set(("history",), "h"), "history"),
    ("bad country", _set((*CAL, "country"), "XX"), "history[0].opening.calendar"),
    ("bad weekend", _set((*CAL, "weekend"), ["sat"]), "history[0].opening.calendar.weekend"),
    ("bad closure", _set((*CAL, "closures"), [["2026-13-01", "x"]]), f"{CAL_PATH}.closures[0]"),
    ("bad sla", _set((*POL, "appeal", "amount"), 0), "history[0].opening.policy.appeal"),
    ("bad unit", _set((*POL, "appeal", "unit"), "weeks"), "history[0].opening.policy.appeal.unit"),
    ("bad hours", _set((*POL, "day_end"), "07:00:00"), "history[0].opening.policy"),
    ("schema version", _set(("schema_version",), 2), "schema_version"),
    ("schema name", _set(("schema",), "other"), "schema"),
    ("remaining tampered", _set(("remaining_us",), 1), "remaining_us"),
    ("empty case id", _set(("history", 0, "opening", "case_id"), ""), "history[0].opening"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("mutate", "path"), [pytest.param(m, p, id=name) for name, m, p in TAMPERED]
)
def test_tampered_payloads_are_refused_with_a_path(
    mutate: Callable[[dict[str, object]], None], path: str
) -> None:
    """Each kind of tampering raises MalformedPayloadError pointing at what is wrong."""
    data = copy.deepcopy(_long_case().to_dict())
    mutate(data)
    with pytest.raises(MalformedPayloadError) as info:
        ResolutionCase.from_dict(data)
    assert info.value.path == path


@pytest.mark.parametrize("payload", [None, [], "case", 3, {"schema": 1}])
def test_non_payloads_are_refused(payload: object) -> None:
    """Things that are not payloads at all are refused the same way, naming where."""
    with pytest.raises(MalformedPayloadError) as info:
        ResolutionCase.from_dict(payload)  # type: ignore[arg-type]
    assert info.value.path == ("schema_version" if isinstance(payload, dict) else "payload")


def test_payload_errors_name_the_root_and_the_kind_of_value() -> None:
    """A payload that is no object is named ``payload``; an unknown action is "not an action"."""
    with pytest.raises(MalformedPayloadError) as info:
        ResolutionCase.from_dict([1, 2])  # type: ignore[arg-type]
    assert (info.value.path, str(info.value)) == (
        "payload",
        "payload: expected an object, got list",
    )
    data = copy.deepcopy(_long_case().to_dict())
    _set(("history", 3, "action"), "fly")(data)
    with pytest.raises(MalformedPayloadError) as info:
        ResolutionCase.from_dict(data)
    assert str(info.value).startswith("history[3].action: 'fly' is not an action; expected one of")
    _set(("history", 3, "action"), "add_evidence")(data)
    _set(("history", 1, "evidence", 0, "kind"), "dna")(data)
    with pytest.raises(MalformedPayloadError, match="'dna' is not an evidence kind"):
        ResolutionCase.from_dict(data)


# A payload as the previous release wrote it (schema version 1): opened by a seller handler at
# order check on a Bavarian calendar with a closure, evidence, a pause and resume, the seller,
# platform support with a finding, and an appeal. Newer releases must keep reading it.
V1_PAYLOAD = (Path(__file__).parent / "fixtures" / "workflow" / "case_v1.json").read_text("utf-8")


def test_a_payload_of_schema_version_1_still_reads() -> None:
    """from_dict reads a version 1 payload to the case its history gives, and writes it back."""
    data = json.loads(V1_PAYLOAD)
    assert data["schema_version"] == SCHEMA_VERSION == 1
    case = ResolutionCase.from_dict(data)
    assert (case.stage, case.responsible, case.version) == (Stage.APPEAL, Cause.PLATFORM, 9)
    assert case.paused
    assert case.to_dict() == data


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=5),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner, max_size=3)
    ),
    max_leaves=6,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_random_tampering_never_escapes_as_a_bare_error(data: st.DataObject) -> None:
    """Any value put anywhere in a payload is read back or refused as MalformedPayloadError."""
    payload = copy.deepcopy(_long_case().to_dict())
    node: object = payload
    path: list[object] = []
    while True:
        keys = list(node.keys()) if isinstance(node, dict) else list(range(len(node)))  # type: ignore[arg-type]
        if not keys:
            break
        key = data.draw(st.sampled_from(keys))
        child = node[key]  # type: ignore[index]
        if not isinstance(child, dict | list) or data.draw(st.booleans()):
            node[key] = data.draw(JSON)  # type: ignore[index]
            break
        node, path = child, [*path, key]
    with contextlib.suppress(MalformedPayloadError):
        ResolutionCase.from_dict(payload)


def test_require_version_is_compare_and_set() -> None:
    """require_version passes the case through when the version matches and refuses otherwise."""
    case = _long_case()
    assert case.require_version(9) is case
    with pytest.raises(VersionConflictError) as info:
        case.require_version(8)
    assert (info.value.expected, info.value.actual) == (8, 9)


def test_replay_refuses_non_events() -> None:
    """replay needs Event values and a non-empty history."""
    with pytest.raises(MalformedPayloadError):
        ResolutionCase.replay([])
    with pytest.raises(MalformedPayloadError):
        ResolutionCase.replay(["open"])  # type: ignore[list-item]
    case = _long_case()
    forged = attrs.evolve(case.history[2], by="mallory", at=case.history[2].at)
    history = (*case.history[:2], forged, *case.history[3:])
    rebuilt = ResolutionCase.replay(history)  # who acted is a fact, not a rule: kept
    assert rebuilt.history[2].by == "mallory"
    bad = attrs.evolve(case.history[5], seq=9)
    with pytest.raises(MalformedPayloadError, match=r"history\[5\]\.seq"):
        ResolutionCase.replay((*case.history[:5], bad, *case.history[6:]))


def test_values_are_frozen() -> None:
    """Cases and events cannot be changed in place."""
    case = _long_case()
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        case.stage = Stage.RESOLVED  # type: ignore[misc]
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        case.history[0].by = "x"  # type: ignore[misc]
    assert isinstance(hash(Blocker("workflow.actor_missing", {})), int)
    assert isinstance(hash(case.history[-1]), int)


def test_event_is_public_and_complete() -> None:
    """Events record actor, time, from/to stage, action, note, evidence refs and due time."""
    event = _long_case().history[5]
    assert isinstance(event, Event)
    assert event.action is Action.CONTACT_CARRIER
    assert [e.ref for e in event.evidence] == [e.ref for e in ALL_PROOF[3:]]


# -- blockers and messages ----------------------------------------------------------------------


def test_blocker_code_is_an_enum_and_facts_are_pairs() -> None:
    """A blocker's code is a BlockerCode whatever it was given as; its facts are (name, text)."""
    blocker = Blocker("workflow.finding_required", {"action": "record_finding"})
    assert blocker.code is BlockerCode.FINDING_REQUIRED
    assert blocker.facts == (("action", "record_finding"),)
    assert Blocker(BlockerCode.FINDING_REQUIRED, [["action", "record_finding"]]) == blocker
    assert Blocker(BlockerCode.ACTOR_MISSING).facts == ()
    assert hash(blocker) == hash(Blocker(blocker.code, blocker.facts))
    err = refusal(opened(Stage.APPEAL), Action.RESOLVE)
    assert [type(b.code) for b in err.blockers] == [BlockerCode]  # type: ignore[attr-defined]
    assert {code.value for code in BlockerCode} | {code.value for code in TickCode} == {
        "workflow.case_closed", "workflow.not_an_action", "workflow.wrong_stage",
        "workflow.missing_evidence", "workflow.deadline_passed", "workflow.deadline_not_passed",
        "workflow.clock_paused", "workflow.clock_running", "workflow.appeal_not_open",
        "workflow.time_before_last_event", "workflow.naive_datetime", "workflow.actor_missing",
        "workflow.outcome_required", "workflow.outcome_not_allowed", "workflow.finding_required",
        "workflow.evidence_after_event", "workflow.breach", "workflow.escalation_due",
    }  # fmt: skip


@pytest.mark.parametrize(
    ("code", "facts", "error"),
    [
        ("workflow.actor_missing", None, FieldTypeError),
        ("workflow.actor_missing", ["action", "appeal"], FieldTypeError),
        ("workflow.actor_missing", Locale.ZH_CN, FieldTypeError),
        ("workflow.actor_missing", "action=appeal", FieldTypeError),
        ("workflow.actor_missing", {"action": 1}, FieldTypeError),
        ("workflow.actor_missing", [("action", "a", "b")], FieldTypeError),
        ("workflow.actor_missing", [("a", "1"), ("a", "2")], InvalidFieldError),
        ("workflow.nonsense", {}, InvalidFieldError),
        (None, {}, InvalidFieldError),
        (Locale.EN, {}, InvalidFieldError),
    ],
)
def test_bad_blockers_raise_our_errors(
    code: object, facts: object, error: type[Exception]
) -> None:
    """A blocker of junk is refused by field with a HalfManagedError, never a bare builtin."""
    with pytest.raises(error) as info:
        Blocker(code, facts)  # type: ignore[arg-type]
    assert isinstance(info.value, HalfManagedError)
    assert info.value.field in ("code", "facts")  # type: ignore[attr-defined]


def test_refusal_messages_say_local_time_with_the_zone() -> None:
    """Times in refusals are the calendar's local time and zone, the same in both languages."""
    case = opened(Stage.PLATFORM_SUPPORT, evidence=ALL_PROOF)
    # Three working days of 09:00-18:00 from Monday 11:00 CET: Thursday 11:00 CET.
    assert case.due == dt.datetime(2026, 3, 5, 10, tzinfo=UTC)
    (blocker,) = refusal(case, Action.APPEAL, at=case.due + HOUR).blockers  # type: ignore[attr-defined]
    assert blocker.code is BlockerCode.DEADLINE_PASSED
    assert dict(blocker.facts) == {
        "action": "appeal",
        "due": "2026-03-05T10:00:00+00:00",
        "timezone": "Europe/Berlin",
    }
    assert blocker.message() == (
        "appeal had to happen by 2026-03-05 11:00 CET; that deadline has passed"
    )
    assert blocker.message("zh-CN") == "申诉须在2026-03-05 11:00 CET之前进行，期限已过"


def test_summer_time_and_other_zones_show_their_own_abbreviation() -> None:
    """A case in Berlin's summer says CEST; one on a Shanghai calendar says CST."""
    summer = dt.datetime(2026, 7, 6, 9, tzinfo=UTC)  # Monday, 11:00 CEST
    case = opened(Stage.CARRIER_CONTACTED, at=summer)
    (breach,) = case.tick(summer + 3 * DAY).breaches
    assert "due by 2026-07-08 11:00 CEST" in breach.message()
    shanghai = WorkingCalendar.without_holidays(timezone="Asia/Shanghai")
    early = dt.datetime(2026, 3, 2, 2, tzinfo=UTC)  # Monday, 10:00 in Shanghai
    case = opened(Stage.CARRIER_CONTACTED, calendar=shanghai, at=early)
    (breach,) = case.tick(early + 3 * DAY).breaches
    assert "应于2026-03-04 10:00 CST前完成" in breach.message("zh-CN")


# (SLA, stage entered, as of, overdue in the SLA's unit), worked out by hand on 09:00-18:00
# Berlin working hours without holidays.
OVERDUE = [
    # 4 working hours from Monday 11:00 CET: due 15:00; Tuesday 10:00 is 3 h + 1 h later.
    (Sla.working_hours(4), T0, dt.datetime(2026, 3, 3, 9, tzinfo=UTC), 4.0, "4 working hours"),
    # 2 working days: due Wednesday 11:00; Thursday 11:00 is one working day later.
    (Sla.working_days(2), T0, dt.datetime(2026, 3, 5, 10, tzinfo=UTC), 1.0, "1 working day"),
    # ... and the next Monday 11:00: Wed 7 h, Thu 9 h, Fri 9 h, Mon 2 h = 27 h = 3 days.
    (Sla.working_days(2), T0, dt.datetime(2026, 3, 9, 10, tzinfo=UTC), 3.0, "3 working days"),
    # Wednesday 11:30: half an hour of a nine-hour day, 0.056, rounded up to 0.1.
    (Sla.working_days(2), T0, dt.datetime(2026, 3, 4, 10, 30, tzinfo=UTC), 0.1,
     "0.1 working days"),
    # Saturday noon after a Friday 18:00 due time: past due, but no working time lost yet.
    (Sla.working_hours(7), dt.datetime(2026, 3, 6, 10, tzinfo=UTC),
     dt.datetime(2026, 3, 7, 11, tzinfo=UTC), 0.0, "0 working hours"),
]  # fmt: skip


@pytest.mark.parametrize(("sla", "at", "as_of", "amount", "words"), OVERDUE)
def test_breaches_count_overdue_on_the_working_clock_in_the_sla_unit(
    sla: Sla, at: dt.datetime, as_of: dt.datetime, amount: float, words: str
) -> None:
    """How late a breach is counts working time, in working days or hours as the SLA does."""
    case = opened(Stage.ORDER_CHECK, policy=WorkflowPolicy(order_check=sla), at=at)
    (breach,) = case.tick(as_of).breaches
    assert (breach.overdue_amount, breach.unit) == (amount, sla.unit)
    assert breach.overdue == as_of - breach.due
    assert breach.message().endswith(f"; overdue by {words}")
    zh_unit = "个工作日" if sla.unit is SlaUnit.WORKING_DAYS else "个工作小时"
    assert breach.message("zh-CN").endswith(f"已超时{amount:g} {zh_unit}")


def test_a_blocker_in_an_unknown_zone_says_so_when_rendered() -> None:
    """A hand-built blocker naming no real time zone raises UnknownTimezoneError in message()."""
    facts = {"action": "appeal", "due": "2026-03-05T10:00:00+00:00", "timezone": "Mars/Base"}
    with pytest.raises(UnknownTimezoneError):
        Blocker(BlockerCode.DEADLINE_PASSED, facts).message()


# -- values cross process boundaries -------------------------------------------------------------


def _values() -> dict[str, object]:
    case = _long_case()
    late = opened(Stage.CARRIER_CONTACTED).tick(T0 + 9 * DAY)
    return {
        "case": case,
        "event": case.history[-1],
        "opening": case.history[0].opening,
        "evidence": case.evidence[0],
        "policy": case.policy,
        "sla": Sla.working_hours(3),
        "blocker": refusal(case, Action.CONTACT_CARRIER).blockers[0],  # type: ignore[attr-defined]
        "action check": case.available_actions(case.history[-1].at)[0],
        "tick report": late,
        "breach": late.breaches[0],
        "escalation": late.escalations[0],
        "definition": DEFINITION,
        "stage spec": DEFINITION.stages[0],
        "transition": DEFINITION.transitions[0],
        "problem": DefinitionProblem(ProblemCode.UNREACHABLE, "appeal"),
    }


@pytest.mark.parametrize("name", list(_values()))
def test_every_workflow_value_pickles_and_deepcopies_to_an_equal_one(name: str) -> None:
    """Each value survives pickle and deepcopy equal, and a rebuilt definition still works."""
    value = _values()[name]
    for copied in (pickle.loads(pickle.dumps(value)), copy.deepcopy(value)):
        assert copied == value
        if isinstance(value, Definition):
            assert isinstance(copied, Definition)
            assert copied.transition(Stage.PLATFORM_SUPPORT, Action.APPEAL).target is Stage.APPEAL


def test_a_refusal_pickles_with_its_blockers() -> None:
    """ActionRefusedError crosses a process boundary with its structured blockers."""
    err = refusal(opened(Stage.APPEAL), Action.RESOLVE, by="")
    back = pickle.loads(pickle.dumps(err))
    assert (str(back), back.blockers) == (str(err), err.blockers)  # type: ignore[attr-defined]


# -- times at the ends of datetime -----------------------------------------------------------

END = dt.datetime.max.replace(tzinfo=dt.timezone(dt.timedelta(hours=-14)))
START = dt.datetime.min.replace(tzinfo=dt.timezone(dt.timedelta(hours=14)))
BEYOND = dt.datetime(2101, 1, 1, tzinfo=UTC)  # a real instant, past the calendars' years


@pytest.mark.parametrize("moment", [END, START], ids=["max at -14:00", "min at +14:00"])
@pytest.mark.parametrize("action", [Action.ADD_EVIDENCE, Action.PAUSE, Action.CONTACT_SELLER])
def test_apply_at_either_end_of_time_is_out_of_range(moment: dt.datetime, action: Action) -> None:
    """apply at a time whose UTC instant does not exist raises DateOutOfRangeError on ``at``."""
    case = opened(Stage.CARRIER_CONTACTED, evidence=ALL_PROOF)
    with pytest.raises(DateOutOfRangeError) as info:
        case.apply(action, at=moment, by="ops")
    assert info.value.field == "at"


@pytest.mark.parametrize("moment", [END, START, BEYOND], ids=["max", "min", "2101"])
def test_every_time_taking_entry_point_is_out_of_range_at_the_ends(moment: dt.datetime) -> None:
    """open, tick, available_actions, Evidence and a move into 2101 raise DateOutOfRangeError."""
    case = opened(Stage.CARRIER_CONTACTED, evidence=ALL_PROOF)
    calls: list[Callable[[], object]] = [
        lambda: ResolutionCase.open("C", cause="carrier", calendar=BERLIN, at=moment, by="o"),
        lambda: case.tick(moment),
        lambda: case.apply(Action.CONTACT_SELLER, at=moment, by="ops"),
    ]
    if moment is not BEYOND:  # 2101 is a time these can hold; only the calendar stops there
        calls += [
            lambda: case.available_actions(moment),
            lambda: Evidence("chat_logs", "c", "buyer", moment),
        ]
    for call in calls:
        with pytest.raises(DateOutOfRangeError):
            call()


@pytest.mark.parametrize("moment", [END, START], ids=["max at -14:00", "min at +14:00"])
@pytest.mark.parametrize(
    "where",
    [("history", 0, "at"), ("history", 2, "at"), ("history", 4, "due"),
     ("history", 1, "evidence", 0, "supplied_at")],
    ids=lambda w: ".".join(map(str, w)),
)  # fmt: skip
def test_payload_times_at_either_end_are_out_of_range(
    moment: dt.datetime, where: tuple[object, ...]
) -> None:
    """from_dict of such a time raises an error that is both out of range and a bad payload."""
    data = copy.deepcopy(_long_case().to_dict())
    _set(where, moment.isoformat())(data)
    with pytest.raises(PayloadDateOutOfRangeError) as info:
        ResolutionCase.from_dict(data)
    assert isinstance(info.value, DateOutOfRangeError)
    assert isinstance(info.value, MalformedPayloadError)
    head, index, *rest = where
    assert info.value.path == f"{head}[{index}]." + ".".join(
        f"[{k}]" if isinstance(k, int) else str(k) for k in rest
    ).replace(".[", "[")


def test_replay_of_an_event_at_the_end_of_time_is_out_of_range() -> None:
    """A hand-built history holding datetime.max at -14:00 names the event's time."""
    history = list(_long_case().history)
    history[3] = attrs.evolve(history[3], at=END)
    with pytest.raises(PayloadDateOutOfRangeError) as info:
        ResolutionCase.replay(history)
    assert info.value.path == "history[3].at"


# -- stateful: random action sequences ----------------------------------------------------------


def _aligned(case: ResolutionCase, due: dt.datetime) -> bool:
    local = case.calendar.local(due)
    start, end = case.policy.day_start, case.policy.day_end
    return case.calendar.is_working_day(local.date()) and start <= local.time() <= end


class CaseMachine(RuleBasedStateMachine):
    """Random actions at random times: the case stays sound whatever happens."""

    case: ResolutionCase

    @initialize(
        stage=st.sampled_from(ACTIVE),
        cause=st.sampled_from(list(Cause)),
        handler=st.sampled_from(list(Handler)),
        calendar=st.sampled_from([BERLIN, GERMANY]),
        hours=st.integers(0, 24 * 400),
    )
    def start(
        self, stage: Stage, cause: Cause, handler: Handler, calendar: WorkingCalendar, hours: int
    ) -> None:
        self.case = opened(
            stage, cause=cause, handler=handler, calendar=calendar, at=T0 + hours * HOUR
        )

    def _now(self, minutes: int) -> dt.datetime:
        return self.case.history[-1].at + dt.timedelta(minutes=minutes)

    @rule(
        action=st.sampled_from(MOVES),
        minutes=st.integers(-120, 60 * 24 * 9),
        kinds=st.sets(st.sampled_from(list(EvidenceKind)), max_size=3),
        outcome=st.none() | st.sampled_from(list(Outcome)),
        finding=st.none() | st.sampled_from(list(Cause)),
        naive=st.booleans(),
    )
    def act(
        self,
        action: Action,
        minutes: int,
        kinds: set[EvidenceKind],
        outcome: Outcome | None,
        finding: Cause | None,
        naive: bool,
    ) -> None:
        before = self.case
        snapshot = before.to_dict()
        at = self._now(minutes)
        evidence = [proof(k, at) for k in sorted(kinds)]
        when = at.replace(tzinfo=None) if naive else at
        try:
            after = before.apply(
                action, at=when, by="bot", evidence=evidence, outcome=outcome, finding=finding
            )
        except ActionRefusedError as err:
            refused = err
        else:
            refused = None
        if refused is not None:
            assert refused.blockers  # type: ignore[attr-defined]
            assert before.to_dict() == snapshot  # a refused action changes nothing
            return
        assert not naive
        assert minutes >= 0
        event(f"applied {action.value}")
        assert after.version == before.version + 1
        assert after.history[:-1] == before.history
        self.case = after

    @rule(
        minutes=st.integers(0, 60 * 24 * 9),
        pick=st.integers(0, 99),
        closing=st.integers(0, 9),
    )
    def take_an_allowed_action(self, minutes: int, pick: int, closing: int) -> None:
        at = self._now(minutes)
        allowed = [c for c in self.case.available_actions(at) if c.allowed]
        if self.case.is_final:
            assert allowed == []
            return
        assert allowed  # an open case can always at least be withdrawn
        # Closing moves end the run early; take them one time in ten to explore deeper.
        ending = {Action.WITHDRAW, Action.EXPIRE, Action.REJECT, Action.RESOLVE}
        going_on = [c for c in allowed if c.action not in ending]
        choices = allowed if closing == 0 or not going_on else going_on
        check = choices[pick % len(choices)]
        after = self.case.apply(
            check.action,
            at=at,
            by="bot",
            outcome=Outcome.NO_ACTION if check.action is Action.RESOLVE else None,
            finding=Cause.CARRIER if check.action is Action.RECORD_FINDING else None,
        )
        assert after.stage is check.target
        event(f"reached {after.stage.value}")
        self.case = after

    @rule(kinds=st.sets(st.sampled_from(list(EvidenceKind)), min_size=1, max_size=4))
    def gather(self, kinds: set[EvidenceKind]) -> None:
        if self.case.is_final:
            return
        at = self._now(30)
        self.case = self.case.apply(
            Action.ADD_EVIDENCE, at=at, by="bot", evidence=[proof(k, at) for k in sorted(kinds)]
        )

    @rule(minutes=st.integers(0, 60 * 24 * 30))
    def tick_changes_nothing(self, minutes: int) -> None:
        before = self.case.to_dict()
        report = self.case.tick(self._now(minutes))
        assert self.case.to_dict() == before
        if report.breaches:
            assert self.case.due is not None
            assert self._now(minutes) > self.case.due

    @invariant()
    def replay_and_json_round_trip(self) -> None:
        case = self.case
        assert ResolutionCase.replay(case.history) == case
        data = json.loads(json.dumps(case.to_dict()))
        assert ResolutionCase.from_dict(data) == case

    @invariant()
    def state_is_consistent(self) -> None:
        case = self.case
        assert case.version == len(case.history)
        assert [e.seq for e in case.history] == list(range(1, case.version + 1))
        assert case.history[-1].to_stage is case.stage
        assert all(a.at <= b.at for a, b in zip(case.history, case.history[1:], strict=False))
        if case.is_final:
            assert case.due is None
            assert case.remaining is None
            assert case.waiting_on is None
        else:
            assert (case.due is None) == case.paused
            assert case.waiting_on is not None

    @invariant()
    def due_times_are_working_day_aligned(self) -> None:
        for entry in self.case.history:
            if entry.due is not None:
                assert _aligned(self.case, entry.due)


TestCaseMachine = CaseMachine.TestCase
TestCaseMachine.settings = settings(
    max_examples=100, stateful_step_count=30, deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(
    stage=st.sampled_from(ACTIVE),
    hours=st.integers(0, 24 * 365 * 2),
    minutes=st.integers(0, 59),
    amount=st.integers(1, 12),
    unit=st.sampled_from(["working_days", "working_hours"]),
)
def test_due_is_aligned_and_spends_exactly_the_sla(
    stage: Stage, hours: int, minutes: int, amount: int, unit: str
) -> None:
    """A due time falls in working hours on a working day, after exactly the SLA's working time."""
    sla = Sla(amount, unit)  # type: ignore[arg-type]
    policy = WorkflowPolicy(**{stage.value: sla})  # type: ignore[arg-type]
    at = T0 + dt.timedelta(hours=hours, minutes=minutes)
    case = opened(stage, calendar=GERMANY, policy=policy, at=at)
    assert case.due is not None
    assert _aligned(case, case.due)
    assume(case.due > at)
    paused = case.apply(Action.PAUSE, at=at, by="ops")
    assert paused.remaining == dt.timedelta(microseconds=policy.work_micros(sla))


def test_a_real_diagnosis_opens_a_case() -> None:
    """The classifier's Diagnosis fits the protocol open() asks for."""
    from halfmanaged.classify import Incident, classify  # noqa: PLC0415 (one test needs it)

    dx = classify(Incident())
    case = ResolutionCase.open("C-DX", diagnosis=dx, calendar=BERLIN, at=T0, by="ops")
    assert (case.stage, case.responsible) == (dx.start_stage, dx.cause)


def test_vocabularies_are_the_shared_ones() -> None:
    """workflow re-exports the shared vocabularies rather than copies of them."""
    from halfmanaged import _vocab  # noqa: PLC0415 (the private module is the point here)

    assert (Stage, Party, EvidenceKind, Cause) == (
        _vocab.Stage,
        _vocab.Party,
        _vocab.EvidenceKind,
        _vocab.Cause,
    )
