"""Cost of compute_deadlines and evaluate against a naive pendulum version and a bare floor.

Usage: python benchmarks/bench_shipping.py [--n 1000000] [--sample 20000]

Orders are placed at random times in 2026-2027 in six warehouse countries (DE, ES, FR, PL, US,
GB). All figures come from one process and one run; they are printed per order and as ratios,
since machines here are shared and noisy.

- halfmanaged: ``compute_deadlines`` over n orders, ``evaluate`` over n (order, record) pairs;
- naive pendulum: pendulum datetimes, ``in_tz``, stepping a day at a time with ``add(days=1)``
  and checking holidays, on a sample (it is too slow for n);
- bare floor: a plain function over precomputed per-day tables, the pure-Python lower bound.
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


def _orders(n: int, seed: int = 2026) -> list[hm.Order]:
    rng = random.Random(seed)
    cals = [hm.WorkingCalendar.for_country(c, timezone=tz) for c, tz in COUNTRIES.items()]
    start = dt.datetime(2026, 1, 1, tzinfo=dt.UTC).timestamp()
    span = 2 * 365 * 86400
    return [
        hm.Order(
            f"O{i}",
            dt.datetime.fromtimestamp(start + rng.random() * span, dt.UTC),
            cals[i % len(cals)],
        )
        for i in range(n)
    ]


def _records(
    orders: Sequence[hm.Order], late_share: float, seed: int = 7
) -> list[tuple[hm.ShipmentRecord, dt.datetime]]:
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
    order: hm.Order, off: dict[str, frozenset[dt.date]], promise: int
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


def _time(fn: Callable[[], object], count: int) -> float:
    # As timeit does: the cyclic collector walking a million live objects is not our cost.
    gc.disable()
    try:
        start = time.perf_counter()
        fn()
        return (time.perf_counter() - start) / count * 1e9
    finally:
        gc.enable()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=1_000_000, help="orders for halfmanaged")
    parser.add_argument(
        "--sample", type=int, default=20_000, help="orders for the pendulum baseline"
    )
    args = parser.parse_args()

    print(f"building {args.n:,} orders and records ...", flush=True)
    orders = _orders(args.n)
    records = _records(orders, late_share=0.1)
    breached = _records(orders, late_share=1.0)
    policy = hm.ShippingPolicy(promise_days=2)
    sample = orders[: args.sample]

    # Warm every per-day table once, outside the timing, as a long-running ERP would be.
    for o in orders[:50_000]:
        hm.compute_deadlines(o, policy)

    def ours() -> list[hm.Deadlines]:
        cd = hm.compute_deadlines
        return [cd(o, policy) for o in orders]

    def evaluating(pairs: Sequence[tuple[hm.ShipmentRecord, dt.datetime]]) -> Callable[[], object]:
        def run() -> list[hm.Assessment]:
            ev = hm.evaluate
            return [ev(o, policy, r, as_of=a) for o, (r, a) in zip(orders, pairs, strict=True)]

        return run

    off = {
        code: frozenset(holidays.country_holidays(code, years=range(2025, 2030)))
        for code in COUNTRIES
    }
    pend_off = {
        code: frozenset(pendulum.date(d.year, d.month, d.day) for d in days)
        for code, days in off.items()
    }

    def naive() -> list[tuple[object, ...]]:
        return [_pendulum_deadlines(o, pend_off, 2) for o in sample]

    # The floor: the same per-day tables, read by a bare function with no values built.
    tables: dict[tuple[object, dt.date, bool], tuple[dt.datetime, dt.date, dt.date]] = {}
    for o in orders:
        local = o.placed_at.astimezone(o.warehouse.tzinfo)
        key = (o.warehouse, local.date(), local.time() >= CUTOFF)
        if key not in tables:
            d = hm.compute_deadlines(o, policy)
            tables[key] = (d.ship_by, d.delivery_earliest, d.delivery_latest)

    def floor() -> list[tuple[object, ...]]:
        out = []
        for o in orders:
            tz = o.warehouse.tzinfo
            local = o.placed_at.astimezone(tz)
            ship_by, earliest, latest = tables[(o.warehouse, local.date(), local.time() >= CUTOFF)]
            self_by = o.placed_at.astimezone(dt.UTC) + WINDOW
            out.append((ship_by, self_by, earliest, latest))
        return out

    # Agreement first: a fast wrong answer is worth nothing.
    for o, naive_d in zip(sample[:2000], naive()[:2000], strict=True):
        d = hm.compute_deadlines(o, policy)
        assert (d.handling_start, d.ship_by, d.delivery_earliest, d.delivery_latest) == (
            naive_d[0],
            naive_d[1],
            naive_d[3],
            naive_d[4],
        ), o
        # Timestamps: PEP 495 makes == across zones false inside a repeated autumn hour.
        assert d.self_delivery_by.timestamp() == naive_d[2].timestamp(), o  # type: ignore[attr-defined]

    t_ours = _time(ours, len(orders))
    t_eval = _time(evaluating(records), len(orders))
    t_breached = _time(evaluating(breached), len(orders))
    t_floor = _time(floor, len(orders))
    t_naive = _time(naive, len(sample))

    print(f"{'approach':<44}{'orders':>11}{'ns/order':>10}{'ratio':>8}")
    rows = [
        ("halfmanaged compute_deadlines", len(orders), t_ours, "1.0"),
        (
            "halfmanaged evaluate, 10 % breaking a rule",
            len(orders),
            t_eval,
            f"{t_eval / t_ours:.1f}",
        ),
        (
            "halfmanaged evaluate, all breaking a rule",
            len(orders),
            t_breached,
            f"{t_breached / t_ours:.1f}",
        ),
        ("bare floor over per-day tables", len(orders), t_floor, f"{t_floor / t_ours:.2f}"),
        ("naive pendulum day loop", len(sample), t_naive, f"{t_naive / t_ours:.1f}"),
    ]
    for name, count, ns, ratio in rows:
        print(f"{name:<44}{count:>11,}{ns:>10.0f}{ratio:>8}")
    print("targets: pendulum >= 20x compute_deadlines; evaluate <= 3x compute_deadlines")


if __name__ == "__main__":
    main()
