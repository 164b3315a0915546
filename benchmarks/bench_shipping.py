"""Cost of compute_deadlines and evaluate against a naive pendulum version and a bare floor.

Usage: python benchmarks/bench_shipping.py [--n 300000] [--sample 20000] [--rounds 5]

Orders are placed at distinct random times in 2026-2027 in six warehouse countries (DE, ES,
FR, PL, US, GB). Every figure is CPU time (``time.process_time``) per order, from one process
and one run; the contenders run interleaved, round after round, and each keeps its fastest
round, so that a noisy neighbour slows every contender alike. Before any timing, every
contender must give the same answers as halfmanaged.

- halfmanaged: ``compute_deadlines`` over n orders; ``evaluate`` over n (order, record) pairs,
  10 % and 100 % of them breaking a rule;
- naive pendulum: pendulum datetimes, ``in_tz``, stepping a day at a time with ``add(days=1)``
  and checking holidays, on a sample (it is too slow for n);
- bare floors: plain functions over precomputed per-day tables, with no values built, for
  deadlines and for the deadline rules' verdicts: the pure-Python lower bound.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import random
import time
from collections.abc import Callable, Sequence

import holidays
import pendulum

import halfmanaged as hm

COUNTRIES = {
    "DE": "Europe/Berlin",
    "ES": "Europe/Madrid",
    "FR": "Europe/Paris",
    "PL": "Europe/Warsaw",
    "US": "America/New_York",
    "GB": "Europe/London",
}
CUTOFF = dt.time(15, 0)
WINDOW = dt.timedelta(hours=48)
PROMISE = 2

Pairs = list[tuple[hm.ShipmentRecord, dt.datetime]]


def _orders(n: int, seed: int = 2026) -> list[hm.Order]:
    """Orders at n distinct instants, the warehouses taking turns."""
    rng = random.Random(seed)
    cals = [hm.WorkingCalendar.for_country(c, timezone=tz) for c, tz in COUNTRIES.items()]
    start = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    span_us = 2 * 365 * 86_400 * 1_000_000
    instants = rng.sample(range(span_us), n)
    return [
        hm.Order(f"O{i}", start + dt.timedelta(microseconds=us), cals[i % len(cals)])
        for i, us in enumerate(instants)
    ]


def _records(orders: Sequence[hm.Order], late_share: float, seed: int = 7) -> Pairs:
    """Records at every stage; ``late_share`` of them break a deadline somewhere."""
    rng = random.Random(seed)
    out = []
    for o in orders:
        t = o.placed_at
        late = rng.random() < late_share
        stage = rng.randrange(3)
        if stage == 0:  # not handed over yet
            wait = dt.timedelta(hours=rng.randrange(80, 120) if late else rng.randrange(1, 20))
            out.append((hm.ShipmentRecord(), t + wait))
            continue
        handed = t + dt.timedelta(hours=rng.randrange(60, 100) if late else rng.randrange(1, 20))
        uploaded = t + dt.timedelta(hours=rng.randrange(1, 20))
        if stage == 1:  # in transit
            rec = hm.ShipmentRecord(picked_up_at=handed, tracking_uploaded_at=uploaded)
            out.append((rec, max(handed, uploaded) + dt.timedelta(hours=1)))
            continue
        transit = dt.timedelta(hours=rng.randrange(200, 300) if late else rng.randrange(24, 60))
        rec = hm.ShipmentRecord(
            picked_up_at=handed, tracking_uploaded_at=uploaded, delivered_at=handed + transit
        )
        out.append((rec, handed + transit + dt.timedelta(hours=1)))
    return out


def _pendulum_deadlines(
    order: hm.Order, off: dict[str, frozenset[pendulum.Date]], promise: int
) -> tuple[object, ...]:
    """The naive way: pendulum all along, a day at a time."""
    code = order.warehouse.country or ""
    holidays_ = off[code]
    local = pendulum.instance(order.placed_at).in_tz(order.warehouse.timezone)

    def works(d: pendulum.Date) -> bool:
        return d.weekday() < 5 and d not in holidays_

    day = local.date()
    if local.time() >= CUTOFF or not works(day):
        day = day.add(days=1)
        while not works(day):
            day = day.add(days=1)
    start = day
    for _ in range(promise):
        day = day.add(days=1)
        while not works(day):
            day = day.add(days=1)
    ship_by = pendulum.datetime(day.year, day.month, day.day, 15, tz=order.warehouse.timezone)
    # The 48 hours run from the later of the order and the start of the handling-start day.
    opens = pendulum.datetime(start.year, start.month, start.day, tz=order.warehouse.timezone)
    self_by = max(local, opens).add(hours=48)
    edges = []
    for n in (2, 5):
        d = day
        for _ in range(n):
            d = d.add(days=1)
            while not works(d):
                d = d.add(days=1)
        edges.append(d)
    return (start, ship_by, self_by, edges[0], edges[1])


# A day's answers for the floors: ship-by, start of the handling day, tracking deadline and
# the end of the delivery window, in UTC, and the delivery window's dates.
_Row = tuple[dt.datetime, dt.datetime, dt.datetime, dt.date, dt.date]
_Tables = dict[tuple[int, dt.date, bool], _Row]


def _floor_tables(orders: Sequence[hm.Order], policy: hm.ShippingPolicy) -> _Tables:
    tables: _Tables = {}
    for o in orders:
        local = o.placed_at.astimezone(o.warehouse.tzinfo)
        key = (id(o.warehouse), local.date(), local.time() >= CUTOFF)
        if key not in tables:
            d = hm.compute_deadlines(o, policy)
            start = dt.datetime.combine(d.handling_start, dt.time(0), o.warehouse.tzinfo)
            tables[key] = (
                d.ship_by.astimezone(dt.UTC),
                start.astimezone(dt.UTC),
                d.delivery_closes_at.astimezone(dt.UTC),
                d.delivery_earliest,
                d.delivery_latest,
            )
    return tables


def _floor_row(tables: _Tables, o: hm.Order) -> _Row:
    local = o.placed_at.astimezone(o.warehouse.tzinfo)
    return tables[(id(o.warehouse), local.date(), local.time() >= CUTOFF)]


def _floor_self_by(o: hm.Order, opens: dt.datetime) -> dt.datetime:
    placed = o.placed_at.astimezone(dt.UTC)
    return max(placed, opens) + WINDOW


def _floor_codes(
    row: _Row, self_by: dt.datetime, record: hm.ShipmentRecord, now: dt.datetime
) -> frozenset[str]:
    """The deadline rules' verdicts (docs/rules.md#reading-handover and the rest), bare."""
    ship_by, _, closes, _, _ = row
    codes = set()
    if record.picked_up_at is not None:
        if record.picked_up_at > ship_by:
            codes.add("late_pickup")
    elif now > max(ship_by, self_by):
        codes.add("not_shipped")
    uploaded = record.tracking_uploaded_at
    if (uploaded is not None and uploaded > ship_by) or (uploaded is None and now > ship_by):
        codes.add("tracking_not_uploaded")
    delivered = record.delivered_at
    if delivered is not None and delivered >= closes:
        codes.add("delivered_late")
    if delivered is None and now > closes:
        codes.add("delivery_overdue")
    return frozenset(codes)


def _cpu_ns(fn: Callable[[], object], count: int) -> float:
    # As timeit does: the cyclic collector walking a million live objects is not our cost.
    gc.disable()
    try:
        start = time.process_time()
        fn()
        return (time.process_time() - start) / count * 1e9
    finally:
        gc.enable()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=300_000, help="orders for halfmanaged")
    parser.add_argument(
        "--sample", type=int, default=20_000, help="orders for the pendulum baseline"
    )
    parser.add_argument("--rounds", type=int, default=5, help="interleaved rounds")
    args = parser.parse_args()

    print(f"building {args.n:,} orders and records ...", flush=True)
    orders = _orders(args.n)
    records = _records(orders, late_share=0.1)
    breached = _records(orders, late_share=1.0)
    policy = hm.ShippingPolicy(promise_days=PROMISE)
    sample = orders[: args.sample]

    # Warm every per-day table once, outside the timing, as a long-running ERP would be.
    for o in orders:
        hm.compute_deadlines(o, policy)

    off = {
        code: frozenset(
            pendulum.date(d.year, d.month, d.day)
            for d in holidays.country_holidays(code, years=range(2025, 2030))
        )
        for code in COUNTRIES
    }
    tables = _floor_tables(orders, policy)

    def deadlines() -> list[hm.Deadlines]:
        cd = hm.compute_deadlines
        return [cd(o, policy) for o in orders]

    def naive() -> list[tuple[object, ...]]:
        return [_pendulum_deadlines(o, off, PROMISE) for o in sample]

    def floor() -> list[tuple[object, ...]]:
        out = []
        for o in orders:
            row = _floor_row(tables, o)
            out.append((row[0], _floor_self_by(o, row[1]), row[3], row[4]))
        return out

    def evaluating(pairs: Pairs) -> Callable[[], list[hm.Assessment]]:
        def run() -> list[hm.Assessment]:
            ev = hm.evaluate
            return [ev(o, policy, r, as_of=a) for o, (r, a) in zip(orders, pairs, strict=True)]

        return run

    def floor_evaluating(pairs: Pairs) -> Callable[[], list[frozenset[str]]]:
        def run() -> list[frozenset[str]]:
            out = []
            for o, (r, a) in zip(orders, pairs, strict=True):
                row = _floor_row(tables, o)
                out.append(_floor_codes(row, _floor_self_by(o, row[1]), r, a))
            return out

        return run

    # Agreement first: a fast wrong answer is worth nothing.
    ours = deadlines()
    for d, naive_d in zip(ours, naive(), strict=False):
        assert (d.handling_start, d.ship_by, d.delivery_earliest, d.delivery_latest) == (
            naive_d[0],
            naive_d[1],
            naive_d[3],
            naive_d[4],
        ), d
        # Timestamps: PEP 495 makes == across zones false inside a repeated autumn hour.
        assert d.self_delivery_by.timestamp() == naive_d[2].timestamp()  # type: ignore[attr-defined]
    for d, (ship_by, self_by, earliest, latest) in zip(ours, floor(), strict=True):
        assert (d.ship_by, d.delivery_earliest, d.delivery_latest) == (ship_by, earliest, latest)
        assert d.self_delivery_by.timestamp() == self_by.timestamp(), d
    for pairs in (records, breached):
        verdicts = floor_evaluating(pairs)()
        for a, codes in zip(evaluating(pairs)(), verdicts, strict=True):
            assert frozenset(c.value for c in a.codes) == codes, (a, codes)
    print(f"agreement checked: {len(orders):,} orders, {2 * len(orders):,} assessments")

    contenders: list[tuple[str, Callable[[], object], int]] = [
        ("halfmanaged compute_deadlines", deadlines, len(orders)),
        ("halfmanaged evaluate, 10 % breaking a rule", evaluating(records), len(orders)),
        ("halfmanaged evaluate, all breaking a rule", evaluating(breached), len(orders)),
        ("bare floor: deadlines over per-day tables", floor, len(orders)),
        ("bare floor: verdicts, 10 % breaking", floor_evaluating(records), len(orders)),
        ("naive pendulum day loop", naive, len(sample)),
    ]
    best = {name: float("inf") for name, _, _ in contenders}
    for _ in range(args.rounds):
        for name, fn, count in contenders:
            best[name] = min(best[name], _cpu_ns(fn, count))

    base = best["halfmanaged compute_deadlines"]
    print(f"\nCPU time per order, fastest of {args.rounds} interleaved rounds")
    print(f"{'approach':<46}{'orders':>10}{'ns/order':>10}{'x deadlines':>13}")
    for name, _, count in contenders:
        print(f"{name:<46}{count:>10,}{best[name]:>10.0f}{best[name] / base:>13.2f}")

    evaluate_ratio = best["halfmanaged evaluate, 10 % breaking a rule"] / base
    breached_ratio = best["halfmanaged evaluate, all breaking a rule"] / base
    naive_ratio = best["naive pendulum day loop"] / base
    targets = [
        ("naive pendulum >= 20x compute_deadlines", naive_ratio >= 20, f"{naive_ratio:.1f}x"),
        ("evaluate (10 %) <= 3x compute_deadlines", evaluate_ratio <= 3, f"{evaluate_ratio:.2f}x"),
    ]
    print(f"(evaluate with every order breaking a rule: {breached_ratio:.2f}x, no target)")
    print("\ntargets")
    for label, met, got in targets:
        print(f"  {'met    ' if met else 'NOT MET'}  {label}: {got}")


if __name__ == "__main__":
    main()
