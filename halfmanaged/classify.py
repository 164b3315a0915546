"""Whose fault is a receiving exception (收货异常), and what to do first.

:func:`classify` reads an :class:`Incident` (whatever the ERP knows of it: the three views of the
order, carrier tracking events, platform failures, the warehouse's receiving inspection, times)
and returns a :class:`Diagnosis`: the :class:`Cause`, candidate causes ranked by score, the
:class:`Clue` values behind them, the rules that fired, whom to contact first, which evidence to
ask for and the resolution :class:`Stage` to start at. When the facts cannot decide, the cause is
``UNDETERMINED`` and :attr:`Diagnosis.deciding_check` names the check that would decide. The
classifier never guesses.

Rules are data: :data:`DEFAULT_RULES` is a tuple of :class:`Rule` values (a name, a citation of
``docs/rules.md`` and a pure function); pass your own tuple to add, remove or reorder rules.
Provider codes (AfterShip, EasyPost, 17TRACK) become symptoms through :func:`match_symptom`,
which also says whether a code is known (docs/rules.md#reading-tracking-codes).

>>> import datetime as dt
>>> from halfmanaged.classify import Incident, Symptom, TrackingEvent, classify
>>> t = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.timezone.utc)
>>> dx = classify(Incident(events=(TrackingEvent(Symptom.REFUSED, t),)))
>>> dx.cause, dx.contact_first
(<Cause.BUYER: 'buyer'>, <Party.BUYER: 'buyer'>)
>>> dx.clues[0].message("zh-CN")
'收件人未接收包裹：拒收。'
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Final

import attrs

# The rule catalogue and the values it builds on live in private modules, imported one way only
# (classify -> _classify_rules -> _classify_values), and are re-exported here.
from halfmanaged._classify_rules import DEFAULT_RULES, _check
from halfmanaged._classify_values import (
    DECISIVE,
    DEFAULT_ROUTES,
    STRONG,
    WEAK,
    Check,
    CheckCode,
    ClassifierPolicy,
    Clue,
    ClueCode,
    DamageSeen,
    Incident,
    Inspection,
    Route,
    Rule,
    RuleOutput,
    SubmitFailure,
    TrackingEvent,
)
from halfmanaged._symptom_maps import (
    CodeMatch,
    Symptom,
    SymptomMatch,
    TrackingProvider,
    aftership_symptom,
    easypost_symptom,
    match_symptom,
    track17_symptom,
)
from halfmanaged._vocab import Cause, EvidenceKind, Party, Stage
from halfmanaged.errors import FieldTypeError
from halfmanaged.messages import Locale, render

__all__ = [
    "DECISIVE",
    "DEFAULT_POLICY",
    "DEFAULT_ROUTES",
    "DEFAULT_RULES",
    "STRONG",
    "WEAK",
    "Candidate",
    "Cause",
    "Check",
    "CheckCode",
    "ClassifierPolicy",
    "Clue",
    "ClueCode",
    "CodeMatch",
    "DamageSeen",
    "Diagnosis",
    "Incident",
    "Inspection",
    "Route",
    "Rule",
    "RuleOutput",
    "SubmitFailure",
    "Symptom",
    "SymptomMatch",
    "TrackingEvent",
    "TrackingProvider",
    "aftership_symptom",
    "classify",
    "easypost_symptom",
    "match_symptom",
    "track17_symptom",
]


@attrs.frozen
class Candidate:
    """A cause and its score (the sum of its clues' weights).

    >>> Candidate(Cause.SELLER, 100).score
    100
    """

    cause: Cause
    score: int


@attrs.frozen
class Diagnosis:
    """The answer of :func:`classify`.

    ``candidates`` are ranked by score (ties in :class:`Cause` order); ``clues`` are in rule
    order; ``checks`` are open questions, the first of which is :attr:`deciding_check` when
    the cause is undetermined.

    >>> dx = classify(Incident())
    >>> dx.cause.value, dx.start_stage.value, dx.deciding_check.code
    ('undetermined', 'order_check', <CheckCode.GATHER: 'classify.check.gather'>)
    """

    cause: Cause
    candidates: tuple[Candidate, ...]
    clues: tuple[Clue, ...]
    checks: tuple[Check, ...]
    rules_fired: tuple[str, ...]
    contact_first: Party
    evidence_to_request: tuple[EvidenceKind, ...]
    start_stage: Stage

    def _repr_html_(self) -> str:
        from halfmanaged import _notebook  # noqa: PLC0415  (only a notebook pays for it)

        return _notebook.diagnosis_html(self)

    @property
    def decided(self) -> bool:
        """Whether the facts decided a cause.

        >>> classify(Incident()).decided
        False
        """
        return self.cause is not Cause.UNDETERMINED

    @property
    def deciding_check(self) -> Check | None:
        """The check that would decide, when the cause is undetermined; else ``None``.

        >>> classify(Incident()).deciding_check.rule
        'classify'
        """
        if self.decided or not self.checks:
            return None
        return self.checks[0]

    def message(self, locale: Locale | str = Locale.EN) -> str:
        """One sentence for a seller: the cause and whom to contact, or what would decide.

        >>> classify(Incident()).message()[:34]
        'Cause: not determined yet. Next: N'
        """
        if self.decided:
            return render(
                "classify.verdict",
                {
                    "cause": render(f"classify.cause.{self.cause.value}", {}, locale),
                    "party": render(f"classify.party.{self.contact_first.value}", {}, locale),
                },
                locale,
            )
        check = self.deciding_check
        return render(
            "classify.verdict_open",
            {
                "cause": render("classify.cause.undetermined", {}, locale),
                "check": check.message(locale) if check is not None else "",
            },
            locale,
        )


DEFAULT_POLICY: Final = ClassifierPolicy()
"""The policy :func:`classify` uses unless given another."""


# --------------------------------------------------------------------------- classify

_CAUSE_ORDER: Final = {cause: i for i, cause in enumerate(Cause)}
# With nothing to go on, the first step is gathering the order information
# (docs/rules.md#resolution-1).
_GATHER: Final = _check("classify", CheckCode.GATHER)


def _rank(item: tuple[Cause, int]) -> tuple[int, int]:
    return (-item[1], _CAUSE_ORDER[item[0]])


def _check_rules(rules: object) -> None:
    if isinstance(rules, str | bytes) or not isinstance(rules, Iterable):
        raise FieldTypeError("rules", rules, "a sequence of Rule")
    for rule in rules:
        if not isinstance(rule, Rule):
            raise FieldTypeError("rules", rule, "Rule")


def _decide(ranked: list[tuple[Cause, int]], policy: ClassifierPolicy) -> Cause:
    if not ranked:
        return Cause.UNDETERMINED
    top_cause, top = ranked[0]
    runner_up = ranked[1][1] if len(ranked) > 1 else 0
    if top >= policy.decide_at and top - runner_up >= policy.margin:
        return top_cause
    return Cause.UNDETERMINED


def classify(
    incident: Incident,
    *,
    rules: Sequence[Rule] = DEFAULT_RULES,
    policy: ClassifierPolicy = DEFAULT_POLICY,
) -> Diagnosis:
    """Diagnose whose fault ``incident`` is, and where its resolution starts.

    Every rule runs in order; each returns clues (a cause and a weight) and checks. A cause's
    score is the sum of its clues' weights. The top cause is decided when its score reaches
    ``policy.decide_at`` and leads the runner-up by ``policy.margin``; otherwise the cause is
    ``UNDETERMINED`` and the first check says what would decide.

    >>> classify(Incident(submit_failure="platform_error")).cause
    <Cause.PLATFORM: 'platform'>
    >>> classify(Incident(), rules=()).rules_fired
    ()
    """
    if not isinstance(incident, Incident):
        raise FieldTypeError("incident", incident, "Incident")
    if not isinstance(policy, ClassifierPolicy):
        raise FieldTypeError("policy", policy, "ClassifierPolicy")
    if rules is not DEFAULT_RULES:
        _check_rules(rules)
    clues: list[Clue] = []
    checks: list[Check] = []
    fired: list[str] = []
    scores: dict[Cause, int] = {}
    for rule in rules:
        out = rule.apply(incident, policy)
        if not out:
            continue
        fired.append(rule.name)
        for item in out:
            if type(item) is Clue or isinstance(item, Clue):
                clues.append(item)
                scores[item.cause] = scores.get(item.cause, 0) + item.weight
            elif isinstance(item, Check):
                checks.append(item)
            else:
                raise FieldTypeError(f"rules[{rule.name!r}] output", item, "Clue or Check")
    # A clue of weight 0 records a fact and scores for no one: it makes no candidate.
    ranked = sorted([item for item in scores.items() if item[1]], key=_rank)
    cause = _decide(ranked, policy)
    if cause is Cause.UNDETERMINED:
        close = [c.value for c, s in ranked if s > 0 and ranked[0][1] - s < policy.margin]
        if len(close) > 1:
            # Conflicting evidence: the order check comes first, before any party-specific
            # question (docs/rules.md#reading-undetermined).
            checks.insert(0, _check("classify", CheckCode.CONFLICT, causes=", ".join(close)))
        elif not checks:
            checks.append(_GATHER)
    route = policy.routes[cause]
    return Diagnosis(
        cause=cause,
        candidates=tuple(Candidate(c, s) for c, s in ranked),
        clues=tuple(clues),
        checks=tuple(checks),
        rules_fired=tuple(fired),
        contact_first=route.contact_first,
        evidence_to_request=route.evidence,
        start_stage=route.start_stage,
    )
