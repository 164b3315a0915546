"""Cost of ResolutionCase.apply, available_actions and replay, against two state-machine libraries.

Usage: python benchmarks/bench_workflow.py [--n 20000] [--full]

The references are machines of the same five stages (order check, carrier, seller, platform
support, appeal) built with ``transitions`` (a bare mutable event: no guards, no deadlines, no
record) and ``python-statemachine``. Neither is a project dependency: install them into a
throwaway environment next to halfmanaged to compare, e.g.

    python3 -m venv /tmp/benchvenv
    /tmp/benchvenv/bin/pip install transitions python-statemachine -e .
    /tmp/benchvenv/bin/python benchmarks/bench_workflow.py

Without them the script measures halfmanaged alone and says which baselines it skipped.
Machines here are shared and noisy: each figure is CPU time (``time.process_time``), the
contenders take turns over several rounds and each keeps its best round, and the targets are
checked as ratios measured in the same process.

Targets: ``apply`` — guards, evidence check, due time on the working calendar and
the event record included — at most 4x a bare ``transitions`` event and at least 4x faster
than a ``python-statemachine`` event.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import itertools
import time
from collections.abc import Callable

from halfmanaged.calendar import WorkingCalendar
from halfmanaged.workflow import (
    Action,
    Cause,
    Evidence,
    EvidenceKind,
    Outcome,
    Party,
    ResolutionCase,
    Stage,
)

STAGES = ["order_check", "carrier_contacted", "seller_contacted", "platform_support", "appeal"]
# The moves both references get: the seed's path, with the carrier <-> seller back-and-forth
# that the benchmark loops over (two events that leave the machine where it started).
MOVES = [
    ("contact_carrier", "order_check", "carrier_contacted"),
    ("contact_seller", "carrier_contacted", "seller_contacted"),
    ("contact_carrier", "seller_contacted", "carrier_contacted"),
    ("escalate", "carrier_contacted", "platform_support"),
    ("escalate", "seller_contacted", "platform_support"),
    ("appeal", "platform_support", "appeal"),
]
T0 = dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.UTC)


def _per_call(fn: Callable[[], object], n: int) -> float:
    """Return the CPU time per call, in microseconds, of ``n`` calls of ``fn``."""
    start = time.process_time()
    for _ in range(n):
        fn()
    return (time.process_time() - start) / n * 1e6


def _interleaved(
    contenders: dict[str, tuple[Callable[[], object], int]], rounds: int
) -> dict[str, float]:
    """Run every contender once per round, in turn, and keep each one's best round."""
    best = dict.fromkeys(contenders, float("inf"))
    for _ in range(rounds):
        for name, (fn, n) in contenders.items():
            best[name] = min(best[name], _per_call(fn, n))
    return best


def _twenty_events(cal: WorkingCalendar, start: dt.datetime) -> ResolutionCase:
    proof = tuple(Evidence(k, f"ref-{k.value}", Party.HANDLER, start) for k in EvidenceKind)
    case = ResolutionCase.open(
        "BENCH", cause=Cause.UNDETERMINED, calendar=cal, at=start, by="ops", evidence=proof
    )
    at = start
    step = dt.timedelta(hours=5)
    plan = [Action.CONTACT_CARRIER]
    plan += [Action.CONTACT_SELLER, Action.CONTACT_CARRIER] * 7
    plan += [Action.PAUSE, Action.RESUME, Action.ESCALATE, Action.APPEAL]
    for action in plan:
        at += step
        # Platform support finds the platform at fault, which opens the appeal.
        finding = Cause.PLATFORM if action is Action.ESCALATE else None
        case = case.apply(action, at=at, by="ops", finding=finding)
    at += step
    case = case.apply(Action.RESOLVE, at=at, by="ops", outcome=Outcome.COMPENSATION)
    assert case.version == 21, case.version  # the opening plus 20 events
    return case


def _transitions_machine() -> Callable[[], object] | None:
    if importlib.util.find_spec("transitions") is None:
        return None
    from transitions import Machine  # noqa: PLC0415 (optional: not a project dependency)

    class Model:
        pass

    model = Model()
    machine = Machine(
        model=model,
        states=[*STAGES, "resolved"],
        transitions=[{"trigger": t, "source": s, "dest": d} for t, s, d in MOVES],
        initial="order_check",
        auto_transitions=False,
    )
    model.contact_carrier()  # type: ignore[attr-defined]
    assert model.state == "carrier_contacted"  # type: ignore[attr-defined]
    model.contact_seller()  # type: ignore[attr-defined]
    assert model.state == "seller_contacted"  # the same move as halfmanaged's  # type: ignore[attr-defined]
    model.contact_carrier()  # type: ignore[attr-defined]
    del machine

    def two_events() -> None:
        model.contact_seller()  # type: ignore[attr-defined]
        model.contact_carrier()  # type: ignore[attr-defined]

    return two_events


def _statemachine_machine() -> Callable[[], object] | None:
    if importlib.util.find_spec("statemachine") is None:
        return None
    from statemachine import State, StateMachine  # noqa: PLC0415 (optional, as above)

    class Resolution(StateMachine):  # type: ignore[misc]
        order_check = State(initial=True)
        carrier_contacted = State()
        seller_contacted = State()
        platform_support = State()
        appeal = State()
        resolved = State(final=True)

        contact_carrier = order_check.to(carrier_contacted) | seller_contacted.to(
            carrier_contacted
        )
        contact_seller = carrier_contacted.to(seller_contacted)
        escalate = carrier_contacted.to(platform_support) | seller_contacted.to(platform_support)
        lodge_appeal = platform_support.to(appeal)
        resolve = appeal.to(resolved)

    sm = Resolution()
    sm.send("contact_carrier")
    assert sm.current_state_value == "carrier_contacted"

    def two_events() -> None:
        sm.send("contact_seller")
        sm.send("contact_carrier")

    return two_events


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=20_000, help="calls per measurement")
    parser.add_argument("--full", action="store_true", help="200,000 calls per measurement")
    parser.add_argument("--rounds", type=int, default=5, help="turns each contender takes")
    args = parser.parse_args()
    n = 200_000 if args.full else args.n

    cal = WorkingCalendar.for_country("DE", timezone="Europe/Berlin")
    proof = tuple(Evidence(k, f"ref-{k.value}", Party.HANDLER, T0) for k in EvidenceKind)
    # Distinct inputs: cases opened an hour apart over two weeks, each moved two hours later.
    # A stage-changing move: row look-up, guards, evidence groups, due time, event, new case.
    inputs = []
    for k in range(0, 24 * 14, 7):
        opened_at = T0 + dt.timedelta(hours=k)
        case = ResolutionCase.open(
            f"BENCH-{k}", cause=Cause.CARRIER, calendar=cal, at=opened_at, by="ops", evidence=proof
        )
        at = opened_at + dt.timedelta(hours=2)
        expected = case.apply(Action.CONTACT_SELLER, at=at, by="ops")
        assert expected.stage is Stage.SELLER_CONTACTED
        assert expected.due is not None
        inputs.append((case, at, expected))
    next_move = itertools.cycle(inputs).__next__
    next_look = itertools.cycle(inputs).__next__

    def apply_move() -> object:
        case, at, _ = next_move()
        return case.apply(Action.CONTACT_SELLER, at=at, by="ops")

    def available() -> object:
        case, at, _ = next_look()
        return case.available_actions(at)

    histories = [_twenty_events(cal, T0 + dt.timedelta(days=d)) for d in range(4)]
    next_history = itertools.cycle(histories).__next__

    def replay() -> object:
        return ResolutionCase.replay(next_history().history)

    contenders: dict[str, tuple[Callable[[], object], int]] = {
        "halfmanaged apply (one event)": (apply_move, n),
        "halfmanaged available_actions": (available, n // 4),
        "halfmanaged replay (20 events)": (replay, max(n // 40, 50)),
    }
    skipped = []
    bare = _transitions_machine()
    if bare is None:
        skipped.append("transitions")
    else:
        contenders["transitions event (bare)"] = (bare, n // 2)
    psm = _statemachine_machine()
    if psm is None:
        skipped.append("python-statemachine")
    else:
        contenders["python-statemachine event"] = (psm, max(n // 20, 100))
    results = _interleaved(contenders, rounds=args.rounds)
    # Two events per call of the references: report one.
    for name in ("transitions event (bare)", "python-statemachine event"):
        if name in results:
            results[name] /= 2
    # Every contender still gives the answers it gave before it was timed.
    for case, at, expected in inputs:
        assert case.apply(Action.CONTACT_SELLER, at=at, by="ops") == expected
    assert all(ResolutionCase.replay(h.history) == h for h in histories)

    width = max(len(k) for k in results)
    print(f"{'measurement':<{width}}  µs per call")
    for name, micros in results.items():
        print(f"{name:<{width}}  {micros:10.2f}")
    for name in skipped:
        print(
            f"note: {name} is not importable here, so its baseline was skipped "
            "(install it in a throwaway venv; it is not a project dependency)"
        )

    apply_us = results["halfmanaged apply (one event)"]
    if bare is not None:
        ratio = apply_us / results["transitions event (bare)"]
        verdict = "meets" if ratio <= 4 else "MISSES"
        print(f"apply / transitions event = {ratio:.2f}x  ({verdict} the <= 4x target)")
        replay_per_event = results["halfmanaged replay (20 events)"] / 20
        print(
            f"replay per event = {replay_per_event:.2f} µs"
            f" = {replay_per_event / results['transitions event (bare)']:.2f}x a transitions event"
        )
    if psm is not None:
        speedup = results["python-statemachine event"] / apply_us
        verdict = "meets" if speedup >= 4 else "MISSES"
        print(f"python-statemachine event / apply = {speedup:.2f}x  ({verdict} the >= 4x target)")


if __name__ == "__main__":
    main()
