"""The workflow's definition: the table of stages and moves, where a case starts, and its checks.

What a workflow *is*, kept apart from a case running through it: the :class:`StageSpec` /
:class:`Transition` / :class:`Definition` values, :func:`definition_problems` and
:func:`validate_definition`, the library's own table :data:`DEFINITION` (checked by them when
this module is imported), :func:`start_stage_for`, and the table's exports to Mermaid and
Markdown. The case that runs on the table lives in :mod:`halfmanaged.workflow`, which
re-exports every public name here: import them from there.

The table follows the article's resolution path (docs/rules.md#resolution-1 to
docs/rules.md#resolution-5): check the order information, contact the carrier, contact the
seller, contact platform support, appeal, with the proof each step asks for.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from types import MappingProxyType
from typing import Final

import attrs

from halfmanaged._validators import (
    enum_value,
    enums_of,
    instance_of,
    optional_enum_value,
    tuple_of,
)
from halfmanaged._vocab import START_STAGE, Cause, EvidenceKind, Party, Stage
from halfmanaged._workflow_values import DEFAULT_POLICY, Action, Handler, WorkflowPolicy
from halfmanaged.errors import FieldTypeError, InvalidFieldError

__all__ = [
    "ACTIVE_STAGES",
    "DEFINITION",
    "FINAL_STAGES",
    "Definition",
    "DefinitionProblem",
    "Guard",
    "ProblemCode",
    "StageSpec",
    "Transition",
    "check_definition",
    "definition_problems",
    "start_stage_for",
    "to_markdown",
    "to_mermaid",
    "validate_definition",
]


class Guard(enum.StrEnum):
    """Conditions a transition may require besides evidence; each refusal names the guard's code.

    ``APPEALABLE_CAUSE``: the responsible cause is the platform or the carrier (an appeal is
    against the platform or carrier *when they are at fault*, docs/rules.md#resolution-5).
    ``WITHIN_DEADLINE`` / ``AFTER_DEADLINE``: at or before / strictly after the stage's due
    time (a paused clock has no deadline: within, never after). ``CLOCK_RUNNING`` /
    ``CLOCK_PAUSED``: the stage's clock is (not) paused. ``OUTCOME_GIVEN``: the action names an
    :class:`~halfmanaged.workflow.Outcome`. ``FINDING_GIVEN``: the action names the responsible
    :class:`~halfmanaged.workflow.Cause` found.

    >>> from halfmanaged.workflow import Guard
    >>> Guard.APPEALABLE_CAUSE.value
    'appealable_cause'
    """

    APPEALABLE_CAUSE = "appealable_cause"
    WITHIN_DEADLINE = "within_deadline"
    AFTER_DEADLINE = "after_deadline"
    CLOCK_RUNNING = "clock_running"
    CLOCK_PAUSED = "clock_paused"
    OUTCOME_GIVEN = "outcome_given"
    FINDING_GIVEN = "finding_given"


class ProblemCode(enum.StrEnum):
    """What :func:`definition_problems` can find wrong with a definition.

    >>> from halfmanaged.workflow import ProblemCode
    >>> ProblemCode("unreachable") is ProblemCode.UNREACHABLE
    True
    """

    STAGE_DECLARED_TWICE = "stage_declared_twice"
    START_NOT_DECLARED = "start_not_declared"
    START_IS_FINAL = "start_is_final"
    UNDECLARED_STAGE = "undeclared_stage"
    EXIT_FROM_FINAL = "exit_from_final"
    AMBIGUOUS = "ambiguous"
    NO_OWNER = "no_owner"
    NO_SLA = "no_sla"
    NO_EVIDENCE_LIST = "no_evidence_list"
    UNREACHABLE = "unreachable"
    NO_WAY_TO_FINAL = "no_way_to_final"


# -- converters ------------------------------------------------------------------------------
# A hand-built definition is checked as it is built. Each converter is a named function: the
# attrs plugin of mypy does not accept the factories' closures as converters.


def _to_stage(value: object) -> Stage:
    return enum_value(Stage, "stage", value)


def _to_owner(value: object) -> Party | None:
    return optional_enum_value(Party, "owner", value)


def _to_pause_waits_on(value: object) -> Party | None:
    return optional_enum_value(Party, "pause_waits_on", value)


def _to_on_breach(value: object) -> Action | None:
    return optional_enum_value(Action, "on_breach", value)


def _to_source(value: object) -> Stage:
    return enum_value(Stage, "source", value)


def _to_action(value: object) -> Action:
    return enum_value(Action, "action", value)


def _to_target(value: object) -> Stage:
    return enum_value(Stage, "target", value)


def _to_start(value: object) -> Stage:
    return enum_value(Stage, "start", value)


def _to_problem(value: object) -> ProblemCode:
    return enum_value(ProblemCode, "code", value)


def _evidence_kinds(value: object) -> tuple[EvidenceKind, ...]:
    return enums_of(EvidenceKind, "evidence", value)


def _requires(value: object) -> tuple[frozenset[EvidenceKind], ...]:
    groups = tuple_of(object, "requires", value)
    return tuple(frozenset(enums_of(EvidenceKind, "requires", group)) for group in groups)


def _guards(value: object) -> frozenset[Guard]:
    return frozenset(enums_of(Guard, "guards", value))


def _stage_specs(value: object) -> tuple[StageSpec, ...]:
    return tuple_of(StageSpec, "stages", value)


def _transitions(value: object) -> tuple[Transition, ...]:
    return tuple_of(Transition, "transitions", value)


# -- the parts of a definition ---------------------------------------------------------------


@attrs.frozen
class StageSpec:
    """One stage of the definition: whose move it is, what is gathered there, how it pauses.

    ``owner`` is ``None`` for final stages. ``pause_waits_on`` names who the clock waits on
    while paused (``None``: the stage cannot pause); a paused clock resumes with an explicit
    ``resume`` event, and the due time is then recomputed from the working time that was left.
    ``on_breach`` is the action :meth:`~halfmanaged.workflow.ResolutionCase.tick` proposes
    once the stage is overdue.
    ``owner_follows_cause``: the owner is the carrier when the carrier is responsible (an
    appeal against a carrier is decided by the carrier).

    >>> from halfmanaged.workflow import DEFINITION, Stage
    >>> DEFINITION.spec(Stage.CARRIER_CONTACTED).on_breach
    <Action.ESCALATE: 'escalate'>
    """

    stage: Stage = attrs.field(converter=_to_stage)
    owner: Party | None = attrs.field(converter=_to_owner)
    evidence: tuple[EvidenceKind, ...] = attrs.field(default=(), converter=_evidence_kinds)
    final: bool = attrs.field(default=False, validator=instance_of(bool, "bool"))
    pause_waits_on: Party | None = attrs.field(default=None, converter=_to_pause_waits_on)
    on_breach: Action | None = attrs.field(default=None, converter=_to_on_breach)
    owner_follows_cause: bool = attrs.field(default=False, validator=instance_of(bool, "bool"))


@attrs.frozen
class Transition:
    """One row of the table: ``action`` at ``source`` leads to ``target``.

    ``requires`` lists evidence groups; each group is met by any one of its kinds, gathered
    earlier in the case or attached to the action itself. ``guards`` must all hold.

    >>> from halfmanaged.workflow import DEFINITION, Action, Stage
    >>> t = DEFINITION.transition(Stage.PLATFORM_SUPPORT, Action.APPEAL)
    >>> t.target.value, sorted(g.value for g in t.guards)
    ('appeal', ['appealable_cause', 'within_deadline'])
    """

    source: Stage = attrs.field(converter=_to_source)
    action: Action = attrs.field(converter=_to_action)
    target: Stage = attrs.field(converter=_to_target)
    requires: tuple[frozenset[EvidenceKind], ...] = attrs.field(default=(), converter=_requires)
    guards: frozenset[Guard] = attrs.field(default=frozenset(), converter=_guards)


@attrs.frozen
class DefinitionProblem:
    """One thing wrong with a definition (developer-facing, so not in the message catalog).

    >>> from halfmanaged.workflow import DefinitionProblem
    >>> print(DefinitionProblem("unreachable", "appeal"))
    unreachable: appeal
    """

    code: ProblemCode = attrs.field(converter=_to_problem)
    subject: str = attrs.field()

    def __str__(self) -> str:
        return f"{self.code.value}: {self.subject}"


@attrs.frozen
class Definition:
    """The workflow as data: the start stage, the stages and the transition table.

    >>> from halfmanaged.workflow import DEFINITION
    >>> DEFINITION.start
    <Stage.ORDER_CHECK: 'order_check'>
    >>> len(DEFINITION.stages)
    9
    """

    start: Stage = attrs.field(converter=_to_start)
    stages: tuple[StageSpec, ...] = attrs.field(converter=_stage_specs)
    transitions: tuple[Transition, ...] = attrs.field(converter=_transitions)
    _specs: Mapping[Stage, StageSpec] = attrs.field(init=False, eq=False, repr=False)
    _rows: Mapping[tuple[Stage, Action], tuple[Transition, ...]] = attrs.field(
        init=False, eq=False, repr=False
    )
    _sources: Mapping[Action, tuple[Stage, ...]] = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        rows: dict[tuple[Stage, Action], list[Transition]] = {}
        sources: dict[Action, list[Stage]] = {}
        for t in self.transitions:
            rows.setdefault((t.source, t.action), []).append(t)
            if t.source not in sources.setdefault(t.action, []):
                sources[t.action].append(t.source)
        object.__setattr__(self, "_specs", MappingProxyType({s.stage: s for s in self.stages}))
        object.__setattr__(self, "_rows", MappingProxyType({k: tuple(v) for k, v in rows.items()}))
        object.__setattr__(
            self, "_sources", MappingProxyType({k: tuple(v) for k, v in sources.items()})
        )

    def __reduce__(self) -> tuple[type[Definition], tuple[object, ...]]:
        # The look-up tables are rebuilt from the three fields (a mappingproxy cannot pickle).
        return (Definition, (self.start, self.stages, self.transitions))

    def spec(self, stage: Stage) -> StageSpec:
        """Return the :class:`StageSpec` of ``stage``.

        >>> from halfmanaged.workflow import DEFINITION, Stage
        >>> DEFINITION.spec(Stage.ORDER_CHECK).owner
        <Party.HANDLER: 'handler'>
        """
        try:
            return self._specs[stage]
        except (KeyError, TypeError):
            raise InvalidFieldError("stage", stage, "not a stage of this definition") from None

    def transitions_from(self, stage: Stage, action: Action) -> tuple[Transition, ...]:
        """Return the rows for ``action`` at ``stage`` (empty when it is not possible there).

        >>> from halfmanaged.workflow import DEFINITION, Action, Stage
        >>> DEFINITION.transitions_from(Stage.APPEAL, Action.CONTACT_CARRIER)
        ()
        """
        return self._rows.get((stage, action), ())

    def transition(self, stage: Stage, action: Action) -> Transition:
        """Return the single row for ``action`` at ``stage``.

        >>> from halfmanaged.workflow import DEFINITION, Action, Stage
        >>> DEFINITION.transition(Stage.ORDER_CHECK, Action.ESCALATE).target
        <Stage.PLATFORM_SUPPORT: 'platform_support'>
        """
        rows = self.transitions_from(stage, action)
        if len(rows) != 1:
            raise InvalidFieldError("action", action, f"{len(rows)} rows at stage {stage}")
        return rows[0]

    def sources(self, action: Action) -> tuple[Stage, ...]:
        """Return the stages where ``action`` is in the table, in table order.

        >>> from halfmanaged.workflow import DEFINITION, Action
        >>> DEFINITION.sources(Action.APPEAL)
        (<Stage.PLATFORM_SUPPORT: 'platform_support'>,)
        """
        return self._sources.get(action, ())


def definition_problems(
    definition: Definition, policy: WorkflowPolicy = DEFAULT_POLICY
) -> tuple[DefinitionProblem, ...]:
    """Return every problem with ``definition`` (empty when it is sound).

    Checks: one start, which is an active stage; every stage declared once; every stage
    reachable from the start; every non-final stage can reach a final one; no final stage has
    an exit; no two unguarded transitions for the same stage and action; every non-final stage
    has an owner, an SLA in ``policy`` and its evidence list; transitions name declared stages.

    >>> import attrs
    >>> from halfmanaged.workflow import DEFINITION, definition_problems
    >>> definition_problems(DEFINITION)
    ()
    >>> broken = attrs.evolve(DEFINITION, transitions=DEFINITION.transitions[:3])
    >>> [str(p) for p in definition_problems(broken)][:2]
    ['unreachable: appeal', 'unreachable: resolved']
    """
    check_definition(definition, policy)
    declared: dict[Stage, StageSpec] = {}
    problems: list[DefinitionProblem] = []
    for spec in definition.stages:
        if spec.stage in declared:
            problems.append(DefinitionProblem(ProblemCode.STAGE_DECLARED_TWICE, spec.stage.value))
        declared[spec.stage] = spec
    problems += _start_problems(definition, declared)
    problems += _row_problems(definition, declared)
    problems += _stage_problems(declared, policy)
    problems += _graph_problems(definition, declared)
    return tuple(problems)


def check_definition(definition: object, policy: object = DEFAULT_POLICY) -> None:
    """Raise FieldTypeError unless ``definition`` and ``policy`` are of the right types."""
    if not isinstance(definition, Definition):
        raise FieldTypeError("definition", definition, "Definition")
    if not isinstance(policy, WorkflowPolicy):
        raise FieldTypeError("policy", policy, "WorkflowPolicy")


def _start_problems(
    definition: Definition, declared: Mapping[Stage, StageSpec]
) -> list[DefinitionProblem]:
    start = definition.start
    if start not in declared:
        return [DefinitionProblem(ProblemCode.START_NOT_DECLARED, str(start))]
    if declared[start].final:
        return [DefinitionProblem(ProblemCode.START_IS_FINAL, start.value)]
    return []


def _row_problems(
    definition: Definition, declared: Mapping[Stage, StageSpec]
) -> list[DefinitionProblem]:
    problems: list[DefinitionProblem] = []
    unguarded: set[tuple[Stage, Action]] = set()
    for t in definition.transitions:
        name = f"{t.source}-{t.action}->{t.target}"
        if t.source not in declared or t.target not in declared:
            problems.append(DefinitionProblem(ProblemCode.UNDECLARED_STAGE, name))
        elif declared[t.source].final:
            problems.append(DefinitionProblem(ProblemCode.EXIT_FROM_FINAL, name))
        if not t.guards:
            if (t.source, t.action) in unguarded:
                problems.append(DefinitionProblem(ProblemCode.AMBIGUOUS, f"{t.source} {t.action}"))
            unguarded.add((t.source, t.action))
    return problems


def _stage_problems(
    declared: Mapping[Stage, StageSpec], policy: WorkflowPolicy
) -> list[DefinitionProblem]:
    problems: list[DefinitionProblem] = []
    for spec in declared.values():
        if spec.final:
            continue
        if spec.owner is None:
            problems.append(DefinitionProblem(ProblemCode.NO_OWNER, spec.stage.value))
        if policy.sla(spec.stage) is None:
            problems.append(DefinitionProblem(ProblemCode.NO_SLA, spec.stage.value))
        if not spec.evidence:
            problems.append(DefinitionProblem(ProblemCode.NO_EVIDENCE_LIST, spec.stage.value))
    return problems


def _graph_problems(
    definition: Definition, declared: Mapping[Stage, StageSpec]
) -> list[DefinitionProblem]:
    problems: list[DefinitionProblem] = []
    edges: dict[Stage, set[Stage]] = {}
    backwards: dict[Stage, set[Stage]] = {}
    for t in definition.transitions:
        edges.setdefault(t.source, set()).add(t.target)
        backwards.setdefault(t.target, set()).add(t.source)
    reached = _closure({definition.start}, edges)
    problems.extend(
        DefinitionProblem(ProblemCode.UNREACHABLE, stage.value)
        for stage in declared
        if stage not in reached
    )
    can_finish = _closure({s for s, spec in declared.items() if spec.final}, backwards)
    problems.extend(
        DefinitionProblem(ProblemCode.NO_WAY_TO_FINAL, stage.value)
        for stage, spec in declared.items()
        if not spec.final and stage not in can_finish
    )
    return problems


def _closure(seeds: set[Stage], edges: Mapping[Stage, set[Stage]]) -> set[Stage]:
    seen = set(seeds)
    todo = list(seeds)
    while todo:
        for nxt in edges.get(todo.pop(), ()):
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return seen


def validate_definition(
    definition: Definition, policy: WorkflowPolicy = DEFAULT_POLICY
) -> Definition:
    """Return ``definition`` if it is sound, else raise listing every problem.

    >>> import attrs
    >>> from halfmanaged.workflow import DEFINITION, Stage, validate_definition
    >>> validate_definition(attrs.evolve(DEFINITION, start=Stage.RESOLVED))
    ... # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    halfmanaged.errors.InvalidFieldError: definition='<Definition>': start_is_final: resolved; ...
    """
    problems = definition_problems(definition, policy)
    if problems:
        raise InvalidFieldError("definition", "<Definition>", "; ".join(str(p) for p in problems))
    return definition


# -- the library's table ---------------------------------------------------------------------

# Evidence groups: a group is met by any one of its kinds.
_ORDER_SCREENSHOTS = frozenset({EvidenceKind.ORDER_SCREENSHOTS})
_LOGISTICS = frozenset({EvidenceKind.LOGISTICS_INFO, EvidenceKind.WAYBILL_NUMBER})
_EXCEPTION = frozenset(
    {EvidenceKind.PARCEL_PHOTOS, EvidenceKind.TRACKING_HISTORY, EvidenceKind.SCREENSHOTS}
)
_CARRIER_PROOF = frozenset({EvidenceKind.PARCEL_PHOTOS, EvidenceKind.WAYBILL_NUMBER})
_TICKET = frozenset({EvidenceKind.PLATFORM_TICKET_ID})
_RETAINED = frozenset({EvidenceKind.CHAT_LOGS, EvidenceKind.SCREENSHOTS})

# What each move asks for, by the step it comes from.
# docs/rules.md#resolution-1: the order and its logistics information have been checked.
_ORDER_CHECKED = (_ORDER_SCREENSHOTS, _LOGISTICS)
# docs/rules.md#resolution-2: the carrier's proof, parcel photos or the waybill number.
_CARRIER_ANSWERED = (_CARRIER_PROOF,)
# docs/rules.md#resolution-3: the seller's proof, order screenshots and logistics information.
_SELLER_ANSWERED = (_ORDER_SCREENSHOTS, frozenset({EvidenceKind.LOGISTICS_INFO}))
# docs/rules.md#resolution-4: order information, logistics information and the exception.
_FOR_PLATFORM = (_ORDER_SCREENSHOTS, _LOGISTICS, _EXCEPTION)
# docs/rules.md#resolution-4: platform support's decision is on its ticket.
_PLATFORM_DECIDED = (_TICKET,)
# docs/rules.md#resolution-5: an appeal keeps chat logs or screenshots.
_EVIDENCE_RETAINED = (_RETAINED,)

_OUTCOME = frozenset({Guard.OUTCOME_GIVEN})
_LATE = frozenset({Guard.AFTER_DEADLINE, Guard.CLOCK_RUNNING})
_APPEAL_OPEN = frozenset({Guard.APPEALABLE_CAUSE, Guard.WITHIN_DEADLINE})


def _housekeeping(stage: Stage) -> tuple[Transition, ...]:
    """Return the moves every open stage allows: leave, expire, pause, resume, proof, finding."""
    return (
        Transition(stage, Action.WITHDRAW, Stage.WITHDRAWN),
        Transition(stage, Action.EXPIRE, Stage.EXPIRED, guards=_LATE),
        Transition(stage, Action.PAUSE, stage, guards={Guard.CLOCK_RUNNING}),
        Transition(stage, Action.RESUME, stage, guards={Guard.CLOCK_PAUSED}),
        Transition(stage, Action.RECORD_FINDING, stage, guards={Guard.FINDING_GIVEN}),
        Transition(stage, Action.ADD_EVIDENCE, stage),
    )


_STAGES = (
    # docs/rules.md#resolution-1 (检查订单信息): the handler checks address, contact details and
    # goods, carrier and tracking number; the clock pauses while the buyer confirms an address.
    StageSpec(
        Stage.ORDER_CHECK,
        owner=Party.HANDLER,
        evidence=(
            EvidenceKind.ORDER_SCREENSHOTS,
            EvidenceKind.LOGISTICS_INFO,
            EvidenceKind.WAYBILL_NUMBER,
        ),
        pause_waits_on=Party.BUYER,
    ),
    # docs/rules.md#resolution-2 (联系物流公司): parcel photos and the waybill number; a carrier
    # that does not answer in time is escalated to platform support.
    StageSpec(
        Stage.CARRIER_CONTACTED,
        owner=Party.CARRIER,
        evidence=(
            EvidenceKind.PARCEL_PHOTOS,
            EvidenceKind.WAYBILL_NUMBER,
            EvidenceKind.TRACKING_HISTORY,
        ),
        pause_waits_on=Party.HANDLER,
        on_breach=Action.ESCALATE,
    ),
    # docs/rules.md#resolution-3 (联系卖家): order screenshots and logistics information; a
    # seller that does not answer in time is escalated to platform support.
    StageSpec(
        Stage.SELLER_CONTACTED,
        owner=Party.SELLER,
        evidence=(EvidenceKind.ORDER_SCREENSHOTS, EvidenceKind.LOGISTICS_INFO),
        pause_waits_on=Party.HANDLER,
        on_breach=Action.ESCALATE,
    ),
    # docs/rules.md#resolution-4 (联系平台客服): the ticket, and the talk with support.
    StageSpec(
        Stage.PLATFORM_SUPPORT,
        owner=Party.PLATFORM,
        evidence=(
            EvidenceKind.PLATFORM_TICKET_ID,
            EvidenceKind.CHAT_LOGS,
            EvidenceKind.SCREENSHOTS,
        ),
        pause_waits_on=Party.HANDLER,
    ),
    # docs/rules.md#resolution-5 (申诉与维权): retained chat logs and screenshots; an appeal
    # against the carrier is the carrier's to answer.
    StageSpec(
        Stage.APPEAL,
        owner=Party.PLATFORM,
        evidence=(EvidenceKind.CHAT_LOGS, EvidenceKind.SCREENSHOTS),
        pause_waits_on=Party.HANDLER,
        owner_follows_cause=True,
    ),
    StageSpec(Stage.RESOLVED, owner=None, final=True),
    StageSpec(Stage.REJECTED, owner=None, final=True),
    StageSpec(Stage.WITHDRAWN, owner=None, final=True),
    StageSpec(Stage.EXPIRED, owner=None, final=True),
)

_TRANSITIONS = (
    # -- order check (docs/rules.md#resolution-1): on to whoever is suspected --
    Transition(Stage.ORDER_CHECK, Action.CONTACT_CARRIER, Stage.CARRIER_CONTACTED, _ORDER_CHECKED),
    Transition(Stage.ORDER_CHECK, Action.CONTACT_SELLER, Stage.SELLER_CONTACTED, _ORDER_CHECKED),
    Transition(Stage.ORDER_CHECK, Action.ESCALATE, Stage.PLATFORM_SUPPORT, _FOR_PLATFORM),
    # The information was simply wrong and has been corrected.
    Transition(Stage.ORDER_CHECK, Action.RESOLVE, Stage.RESOLVED, _ORDER_CHECKED, _OUTCOME),
    *_housekeeping(Stage.ORDER_CHECK),
    # -- carrier contacted (docs/rules.md#resolution-2) --
    # The carrier's proof shows a seller fault.
    Transition(
        Stage.CARRIER_CONTACTED, Action.CONTACT_SELLER, Stage.SELLER_CONTACTED, _CARRIER_ANSWERED
    ),
    Transition(Stage.CARRIER_CONTACTED, Action.ESCALATE, Stage.PLATFORM_SUPPORT, _FOR_PLATFORM),
    Transition(
        Stage.CARRIER_CONTACTED, Action.RESOLVE, Stage.RESOLVED, _CARRIER_ANSWERED, _OUTCOME
    ),
    *_housekeeping(Stage.CARRIER_CONTACTED),
    # -- seller contacted (docs/rules.md#resolution-3) --
    # The seller's proof shows a carrier fault.
    Transition(
        Stage.SELLER_CONTACTED, Action.CONTACT_CARRIER, Stage.CARRIER_CONTACTED, _SELLER_ANSWERED
    ),
    Transition(Stage.SELLER_CONTACTED, Action.ESCALATE, Stage.PLATFORM_SUPPORT, _FOR_PLATFORM),
    Transition(Stage.SELLER_CONTACTED, Action.RESOLVE, Stage.RESOLVED, _SELLER_ANSWERED, _OUTCOME),
    *_housekeeping(Stage.SELLER_CONTACTED),
    # -- platform support (docs/rules.md#resolution-4) --
    # docs/rules.md#resolution-5: appeal only against a platform or carrier at fault, with
    # retained chat logs or screenshots, while the platform stage's deadline still runs.
    Transition(
        Stage.PLATFORM_SUPPORT, Action.APPEAL, Stage.APPEAL, _EVIDENCE_RETAINED, _APPEAL_OPEN
    ),
    Transition(
        Stage.PLATFORM_SUPPORT, Action.RESOLVE, Stage.RESOLVED, _PLATFORM_DECIDED, _OUTCOME
    ),
    Transition(Stage.PLATFORM_SUPPORT, Action.REJECT, Stage.REJECTED, _PLATFORM_DECIDED),
    *_housekeeping(Stage.PLATFORM_SUPPORT),
    # -- appeal (docs/rules.md#resolution-5): won or lost --
    Transition(Stage.APPEAL, Action.RESOLVE, Stage.RESOLVED, guards=_OUTCOME),
    Transition(Stage.APPEAL, Action.REJECT, Stage.REJECTED),
    *_housekeeping(Stage.APPEAL),
)

DEFINITION: Final = validate_definition(
    Definition(start=Stage.ORDER_CHECK, stages=_STAGES, transitions=_TRANSITIONS)
)
"""The library's resolution workflow, checked at import by :func:`validate_definition`."""

ACTIVE_STAGES: Final = tuple(spec.stage for spec in DEFINITION.stages if not spec.final)
"""The stages a case works through, in the article's order; each has an SLA in the policy."""

FINAL_STAGES: Final = tuple(spec.stage for spec in DEFINITION.stages if spec.final)
"""The stages that close a case."""


def start_stage_for(cause: Cause, handler: Handler = Handler.WAREHOUSE) -> Stage:
    """Return where a case with an explicit ``cause`` starts.

    The stage comes from the one table of start stages the classifier's routes read too
    (docs/rules.md#resolution-1): a suspected carrier error starts at the carrier
    (docs/rules.md#causes-carrier), a seller error at the seller (docs/rules.md#causes-seller),
    a platform fault at platform support (docs/rules.md#causes-platform), and a buyer's refusal
    or an undetermined cause with the order check. A seller fault starts with the order check,
    too, when the handler *is* the seller: its own look at its own data.

    >>> from halfmanaged.workflow import Cause, Handler, start_stage_for
    >>> start_stage_for(Cause.SELLER), start_stage_for(Cause.SELLER, Handler.SELLER)
    (<Stage.SELLER_CONTACTED: 'seller_contacted'>, <Stage.ORDER_CHECK: 'order_check'>)
    """
    cause = enum_value(Cause, "cause", cause)
    if cause is Cause.SELLER and enum_value(Handler, "handler", handler) is Handler.SELLER:
        return Stage.ORDER_CHECK
    return START_STAGE[cause]


# -- exports of a definition -------------------------------------------------------------------


def to_mermaid(definition: Definition = DEFINITION) -> str:
    """Return the definition as Mermaid ``stateDiagram-v2`` text.

    Transitions that keep the stage (pause, resume, add evidence, record finding) are left
    out: they would clutter every state with the same four loops.

    >>> from halfmanaged.workflow import to_mermaid
    >>> print(to_mermaid().splitlines()[1])
        [*] --> order_check
    """
    check_definition(definition)
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
    definition: Definition = DEFINITION, policy: WorkflowPolicy = DEFAULT_POLICY
) -> str:
    """Return the stages as a Markdown table: owner, SLA, pause, evidence and exits.

    >>> from halfmanaged.workflow import to_markdown
    >>> table = to_markdown().splitlines()
    >>> print(table[0])
    | stage | owner | SLA | paused clock waits on | evidence gathered | exits |
    >>> print(table[-1])
    | expired | — | — | — | — | — |
    """
    check_definition(definition, policy)
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
