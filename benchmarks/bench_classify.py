"""Incident classifier throughput: mixed incidents per second.

Target: >= 100,000 incidents/s for incidents with tracking events and no address
views. Also reported: incidents with all three order views (reconciled when the incident is
built) and a checked tracking number, and building the incidents themselves.

Baselines measured in the same run:
  * a bare symptom -> cause dict look-up per incident (the least any classifier must do);
  * classify() with no rules (the fixed cost of building a Diagnosis).

    python benchmarks/bench_classify.py          # 200,000 incidents per scenario, ~15 s
    python benchmarks/bench_classify.py --full   # 1,000,000 per scenario
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import itertools
import time
from collections.abc import Callable, Sequence

import attrs

from halfmanaged.checks import Address, Item, OrderInfo
from halfmanaged.classify import (
    Cause,
    Incident,
    Inspection,
    Symptom,
    TrackingEvent,
    classify,
)

T0 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


def at(hours: float) -> dt.datetime:
    return T0 + dt.timedelta(hours=hours)


def ev(symptom: Symptom, hours: float) -> TrackingEvent:
    return TrackingEvent(symptom, at(hours))


S = Symptom
# Realistic tracking histories: 2 to 6 events each, ending in the symptom that made it an
# incident (or in none, for delivered parcels that were reported anyway).
HISTORIES: list[tuple[TrackingEvent, ...]] = [
    (ev(S.INFO_RECEIVED, -2), ev(S.ACCEPTED, 0), ev(S.IN_TRANSIT, 20), ev(S.LOST, 300)),
    (ev(S.ACCEPTED, 0), ev(S.IN_TRANSIT, 20), ev(S.OUT_FOR_DELIVERY, 70), ev(S.REFUSED, 72)),
    (ev(S.ACCEPTED, 0), ev(S.IN_TRANSIT, 20), ev(S.CUSTOMS_HOLD, 50)),
    (ev(S.ACCEPTED, 0), ev(S.WEATHER, 30), ev(S.IN_TRANSIT, 60)),
    (ev(S.ACCEPTED, 0), ev(S.IN_TRANSIT, 20), ev(S.DAMAGED, 40)),
    (ev(S.ACCEPTED, 0), ev(S.IN_TRANSIT, 20), ev(S.ADDRESS_PROBLEM, 70), ev(S.RETURNING, 90)),
    (ev(S.ACCEPTED, 0), ev(S.IN_TRANSIT, 20), ev(S.OUT_FOR_DELIVERY, 70), ev(S.DELIVERED, 72)),
    (
        ev(S.INFO_RECEIVED, -2),
        ev(S.ACCEPTED, 0),
        ev(S.IN_TRANSIT, 20),
        ev(S.IN_TRANSIT, 40),
        ev(S.AVAILABLE_FOR_PICKUP, 80),
        ev(S.NOT_COLLECTED, 300),
    ),
    (ev(S.ACCEPTED, 0), ev(S.CARRIER_DELAY, 40), ev(S.CUSTOMS_HOLD, 60)),
    (ev(S.INFO_RECEIVED, 0), ev(S.NO_INFORMATION, 100)),
]

HOME = Address(country="DE", city="Berlin", postal_code="10115", lines=("Unter den Linden 1",))
ORDER = OrderInfo(
    recipient="Anna Schmidt", address=HOME, phone="+49301234567", items=(Item("SKU-1", 2),)
)
SUBMITTED = attrs.evolve(ORDER, carrier="s10", tracking_number="RB123456785GB")
CARRIER = OrderInfo(recipient="Anna Schmidt", address=HOME, phone="+49301234567")
VIEW_SETS: list[tuple[OrderInfo, OrderInfo, OrderInfo]] = [
    (ORDER, SUBMITTED, CARRIER),
    (ORDER, attrs.evolve(SUBMITTED, address=attrs.evolve(HOME, postal_code="10151")), CARRIER),
    (ORDER, SUBMITTED, attrs.evolve(CARRIER, address=attrs.evolve(HOME, city="Bremen"))),
    (ORDER, attrs.evolve(SUBMITTED, tracking_number="RB123456786GB"), CARRIER),
    (ORDER, attrs.evolve(SUBMITTED, phone="+49309999999"), CARRIER),
]


def events_only() -> list[Incident]:
    return [Incident(events=h) for h in HISTORIES]


def events_and_extras() -> list[Incident]:
    extras = [
        {},
        {"inspection": Inspection(quantity_match=False)},
        {"submit_failure": "platform_error"},
        {"platform_tracking_missing_since": at(24), "handed_over_at": at(0), "as_of": at(96)},
        {"placed_at": at(10)},
    ]
    return [Incident(events=h, **x) for h, x in zip(HISTORIES, itertools.cycle(extras))]


def all_three_views() -> list[Incident]:
    return [
        Incident(platform_order=p, seller_submitted=s, carrier_record=c, events=h)
        for h, (p, s, c) in zip(HISTORIES, itertools.cycle(VIEW_SETS))
    ]


_CAUSE_OF = {
    S.LOST: Cause.CARRIER,
    S.REFUSED: Cause.BUYER,
    S.CUSTOMS_HOLD: Cause.CUSTOMS,
    S.WEATHER: Cause.FORCE_MAJEURE,
}


def dict_lookup(incident: Incident) -> Cause:
    return _CAUSE_OF.get(incident.events[-1].symptom, Cause.UNDETERMINED)


def no_rules(incident: Incident) -> object:
    return classify(incident, rules=())


def per_second(fn: Callable[[Incident], object], pool: Sequence[Incident], n: int) -> float:
    batch = list(itertools.islice(itertools.cycle(pool), n))
    gc.collect()
    gc.disable()
    try:
        start = time.perf_counter()
        for incident in batch:
            fn(incident)
        elapsed = time.perf_counter() - start
    finally:
        gc.enable()
    return n / elapsed


def build_per_second(make: Callable[[], list[Incident]], n: int) -> float:
    rounds = max(1, n // len(make()))
    gc.collect()
    start = time.perf_counter()
    for _ in range(rounds):
        make()
    elapsed = time.perf_counter() - start
    return rounds * len(make()) / elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--full", action="store_true", help="1,000,000 incidents per scenario")
    args = parser.parse_args()
    n = 1_000_000 if args.full else 200_000

    scenarios = [
        ("events only (the issue's target)", events_only()),
        ("events + inspection/platform/time facts", events_and_extras()),
        ("events + all three order views", all_three_views()),
    ]
    lookup = per_second(dict_lookup, scenarios[0][1], n)
    overhead = per_second(no_rules, scenarios[0][1], n)
    print(f"{n:,} incidents per scenario, one core\n")
    print(f"{'what':48} {'incidents/s':>12} {'µs each':>9} {'x lookup':>9}")
    print(f"{'baseline: dict look-up of the last symptom':48} {lookup:12,.0f} {1e6 / lookup:9.2f}")
    print(
        f"{'baseline: classify(rules=()) fixed cost':48} {overhead:12,.0f} "
        f"{1e6 / overhead:9.2f} {lookup / overhead:9.1f}"
    )
    results = {}
    for name, pool in scenarios:
        rate = per_second(classify, pool, n)
        results[name] = rate
        print(f"{'classify: ' + name:48} {rate:12,.0f} {1e6 / rate:9.2f} {lookup / rate:9.1f}")
    print()
    for name, make in (
        ("build Incident: events only", events_only),
        ("build Incident: all three views (reconciled)", all_three_views),
    ):
        rate = build_per_second(make, n // 4)
        print(f"{name:48} {rate:12,.0f} {1e6 / rate:9.2f}")
    target = results[scenarios[0][0]]
    verdict = "meets" if target >= 100_000 else "MISSES"
    print(f"\nevents-only classify: {target:,.0f}/s {verdict} the 100,000/s target")


if __name__ == "__main__":
    main()
