"""The workflow's definition machinery: its vocabulary, its parts, their checks and the policy.

What a workflow *is*, kept apart from a case running through it (as glyph/automat keeps the
immutable ``Automaton`` apart from the ``Transitioner``): the closed vocabularies, the
:class:`StageSpec` / :class:`Transition` / :class:`Definition` values, the SLAs of a
:class:`WorkflowPolicy`, and :func:`definition_problems` / :func:`validate_definition`.
The library's own table, :data:`halfmanaged.workflow.DEFINITION`, and the case that runs on
it live in :mod:`halfmanaged.workflow`, which re-exports every public name here; this module
never imports it, so the examples below that use the table import it themselves.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Mapping
from types import MappingProxyType
from typing import Final

import attrs

from halfmanaged import _workflow_clock as _clock
from halfmanaged._validators import enums_of, int_at_least, optional_enum, to_enum, tuple_of
from halfmanaged._vocab import EvidenceKind, Party, Stage
from halfmanaged.errors import FieldTypeError, InvalidFieldError

__all__ = [
    "DEFAULT_POLICY",
    "Action",
    "Definition",
    "DefinitionProblem",
    "Guard",
    "Handler",
    "Outcome",
    "Sla",
    "SlaUnit",
    "StageSpec",
    "Transition",
    "WorkflowPolicy",
    "check_definition",
    "definition_problems",
    "validate_definition",
]


# -- vocabularies ----------------------------------------------------------------------------


class Action(enum.StrEnum):
    """What someone does to a case. ``OPEN`` only starts one; the rest are applied.

    See :meth:`~halfmanaged.workflow.ResolutionCase.apply`.

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
    """Who runs the case: the seller's own team or the third-party warehouse (DESIGN.md).

    When the handler is the seller, "contact the seller" is an internal check: the handler's
    own move.

    >>> Handler.WAREHOUSE.value
    'warehouse'
    """

    SELLER = "seller"
    WAREHOUSE = "warehouse"


class Outcome(enum.StrEnum):
    """How a resolved case ended (the issue's four kinds of resolution).

    >>> [o.value for o in Outcome]
    ['compensation', 'reshipment', 'refund', 'no_action']
    """

    COMPENSATION = "compensation"
    RESHIPMENT = "reshipment"
    REFUND = "refund"
    NO_ACTION = "no_action"


class SlaUnit(enum.StrEnum):
    """The unit an SLA is counted in; both run on the working clock (see :class:`Sla`).

    >>> SlaUnit("working_hours") is SlaUnit.WORKING_HOURS
    True
    """

    WORKING_DAYS = "working_days"
    WORKING_HOURS = "working_hours"


class Guard(enum.StrEnum):
    """Conditions a transition may require besides evidence; each refusal names the guard's code.

    ``APPEALABLE_CAUSE``: the responsible cause is the platform or the carrier (seed step 5:
    appeal against the platform or carrier *when they are at fault*). ``WITHIN_DEADLINE`` /
    ``AFTER_DEADLINE``: at or before / strictly after the stage's due time (a paused clock has
    no deadline: within, never after). ``CLOCK_RUNNING`` / ``CLOCK_PAUSED``: the stage's clock
    is (not) paused. ``OUTCOME_GIVEN``: the action names an :class:`Outcome`.
    ``FINDING_GIVEN``: the action names the responsible
    :class:`~halfmanaged.workflow.Cause` found.

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


# -- converters ------------------------------------------------------------------------------


# Converters of the definition's parts: a hand-built definition is checked as it is built.
_STAGE: Final = to_enum(Stage, "stage")
_OWNER: Final = optional_enum(Party, "owner")
_PAUSE_WAITS_ON: Final = optional_enum(Party, "pause_waits_on")
_ON_BREACH: Final = optional_enum(Action, "on_breach")
_SOURCE: Final = to_enum(Stage, "source")
_ROW_ACTION: Final = to_enum(Action, "action")
_TARGET: Final = to_enum(Stage, "target")
_START: Final = to_enum(Stage, "start")


def _to_stage(value: object) -> Stage:
    return _STAGE(value)


def _to_owner(value: object) -> Party | None:
    return _OWNER(value)


def _to_pause_waits_on(value: object) -> Party | None:
    return _PAUSE_WAITS_ON(value)


def _to_on_breach(value: object) -> Action | None:
    return _ON_BREACH(value)


def _to_source(value: object) -> Stage:
    return _SOURCE(value)


def _to_action(value: object) -> Action:
    return _ROW_ACTION(value)


def _to_target(value: object) -> Stage:
    return _TARGET(value)


def _to_start(value: object) -> Stage:
    return _START(value)


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


# -- policy ----------------------------------------------------------------------------------


def _to_sla_unit(value: object) -> SlaUnit:
    return to_enum(SlaUnit, "unit")(value)


@attrs.frozen
class Sla:
    """How long a stage may take, on the working clock of the case's calendar.

    The working clock runs from ``WorkflowPolicy.day_start`` to ``day_end`` (wall clock) on
    working days only. One working day is one full span of working hours: a stage entered on
    Monday at 11:00 with 2 working days is due on Wednesday at 11:00; entered outside working
    hours, the clock starts at the next opening.

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

        >>> Sla.working_days(1).unit
        <SlaUnit.WORKING_DAYS: 'working_days'>
        """
        return cls(n, SlaUnit.WORKING_DAYS)

    @classmethod
    def working_hours(cls, n: int) -> Sla:
        """Return an SLA of ``n`` working hours.

        >>> Sla.working_hours(8).amount
        8
        """
        return cls(n, SlaUnit.WORKING_HOURS)

    def __str__(self) -> str:
        noun = "working day" if self.unit is SlaUnit.WORKING_DAYS else "working hour"
        return f"{self.amount} {noun}{'' if self.amount == 1 else 's'}"


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

    The seed gives no SLA figures. These defaults are this library's own choice, meant as a
    sensible starting point for a warehouse team; they are **not** AliExpress platform rules.
    Set the figures your contracts and the platform's current rules give.

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

        >>> WorkflowPolicy().sla(Stage.RESOLVED) is None
        True
        """
        found = getattr(self, str(stage), None)
        return found if isinstance(found, Sla) else None

    def work_micros(self, sla: Sla) -> int:
        """Return ``sla`` as microseconds of working time.

        >>> WorkflowPolicy().work_micros(Sla.working_hours(1))
        3600000000
        """
        if not isinstance(sla, Sla):
            raise FieldTypeError("sla", sla, "Sla")
        start, end = self._bounds
        per = end - start if sla.unit is SlaUnit.WORKING_DAYS else 3_600_000_000
        return sla.amount * per


DEFAULT_POLICY = WorkflowPolicy()


# -- the definition --------------------------------------------------------------------------


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

    >>> from halfmanaged.workflow import DEFINITION
    >>> DEFINITION.spec(Stage.CARRIER_CONTACTED).on_breach
    <Action.ESCALATE: 'escalate'>
    """

    stage: Stage = attrs.field(converter=_to_stage)
    owner: Party | None = attrs.field(converter=_to_owner)
    evidence: tuple[EvidenceKind, ...] = attrs.field(default=(), converter=_evidence_kinds)
    final: bool = False
    pause_waits_on: Party | None = attrs.field(default=None, converter=_to_pause_waits_on)
    on_breach: Action | None = attrs.field(default=None, converter=_to_on_breach)
    owner_follows_cause: bool = False


@attrs.frozen
class Transition:
    """One row of the table: ``action`` at ``source`` leads to ``target``.

    ``requires`` lists evidence groups; each group is met by any one of its kinds, gathered
    earlier in the case or attached to the action itself. ``guards`` must all hold.

    >>> from halfmanaged.workflow import DEFINITION
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

    >>> DefinitionProblem("unreachable", "appeal")
    DefinitionProblem(code='unreachable', subject='appeal')
    """

    code: str
    subject: str

    def __str__(self) -> str:
        return f"{self.code}: {self.subject}"


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

    def spec(self, stage: Stage) -> StageSpec:
        """Return the :class:`StageSpec` of ``stage``.

        >>> from halfmanaged.workflow import DEFINITION
        >>> DEFINITION.spec(Stage.ORDER_CHECK).owner
        <Party.HANDLER: 'handler'>
        """
        try:
            return self._specs[stage]
        except KeyError:
            raise InvalidFieldError("stage", stage, "not a stage of this definition") from None

    def transitions_from(self, stage: Stage, action: Action) -> tuple[Transition, ...]:
        """Return the rows for ``action`` at ``stage`` (empty when it is not possible there).

        >>> from halfmanaged.workflow import DEFINITION
        >>> DEFINITION.transitions_from(Stage.APPEAL, Action.CONTACT_CARRIER)
        ()
        """
        return self._rows.get((stage, action), ())

    def transition(self, stage: Stage, action: Action) -> Transition:
        """Return the single row for ``action`` at ``stage``.

        >>> from halfmanaged.workflow import DEFINITION
        >>> DEFINITION.transition(Stage.ORDER_CHECK, Action.ESCALATE).target
        <Stage.PLATFORM_SUPPORT: 'platform_support'>
        """
        rows = self.transitions_from(stage, action)
        if len(rows) != 1:
            raise InvalidFieldError("action", action, f"{len(rows)} rows at stage {stage}")
        return rows[0]

    def sources(self, action: Action) -> tuple[Stage, ...]:
        """Return the stages where ``action`` is in the table, in table order.

        >>> from halfmanaged.workflow import DEFINITION
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

    >>> from halfmanaged.workflow import DEFINITION
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
            problems.append(DefinitionProblem("stage_declared_twice", spec.stage.value))
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
        return [DefinitionProblem("start_not_declared", str(start))]
    if declared[start].final:
        return [DefinitionProblem("start_is_final", start.value)]
    return []


def _row_problems(
    definition: Definition, declared: Mapping[Stage, StageSpec]
) -> list[DefinitionProblem]:
    problems: list[DefinitionProblem] = []
    unguarded: set[tuple[Stage, Action]] = set()
    for t in definition.transitions:
        name = f"{t.source}-{t.action}->{t.target}"
        if t.source not in declared or t.target not in declared:
            problems.append(DefinitionProblem("undeclared_stage", name))
        elif declared[t.source].final:
            problems.append(DefinitionProblem("exit_from_final", name))
        if not t.guards:
            if (t.source, t.action) in unguarded:
                problems.append(DefinitionProblem("ambiguous", f"{t.source} {t.action}"))
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
            problems.append(DefinitionProblem("no_owner", spec.stage.value))
        if policy.sla(spec.stage) is None:
            problems.append(DefinitionProblem("no_sla", spec.stage.value))
        if not spec.evidence:
            problems.append(DefinitionProblem("no_evidence_list", spec.stage.value))
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
        DefinitionProblem("unreachable", stage.value) for stage in declared if stage not in reached
    )
    can_finish = _closure({s for s, spec in declared.items() if spec.final}, backwards)
    problems.extend(
        DefinitionProblem("no_way_to_final", stage.value)
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

    >>> from halfmanaged.workflow import DEFINITION
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
