"""Tracking-number validations per second, and the cost of check_order_info and reconcile.

Usage: python benchmarks/bench_checks.py [--full] [--n N]

The mix resembles AliExpress semi-managed traffic: UPU S10 numbers (generated, with correct
check digits), Cainiao LP numbers, every valid number of the courier data, plus 10 % with a
mistyped check digit and 10 % named with the wrong carrier. The issue's target is 300,000
validations per second with the carrier given. The default run validates 200,000 numbers;
``--full`` validates 1,000,000. Two baselines run in the same process: one precompiled regex
``fullmatch`` (the floor of any format check) and the same mix validated without a carrier.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import time
from collections.abc import Callable, Sequence
from importlib import resources

import attrs

from halfmanaged import _checks_optional
from halfmanaged.checks import Address, Item, OrderInfo, check_order_info, reconcile
from halfmanaged.tracking import validate_tracking_number

Case = tuple[str, str]


def _s10(rng: random.Random) -> str:
    serial = f"{rng.randrange(10**8):08d}"
    total = sum(int(d) * w for d, w in zip(serial, (8, 6, 4, 2, 3, 5, 9, 7), strict=True))
    check = {10: 0, 11: 5}.get(11 - total % 11, 11 - total % 11)
    service = rng.choice(["RR", "LZ", "UA", "CP", "EE", "RS", "LP"])
    country = rng.choice(["CN", "NL", "GB", "DE", "FR", "ES", "US", "SG"])
    return f"{service}{serial}{check}{country}"


def _data_numbers() -> list[Case]:
    folder = resources.files("halfmanaged").joinpath("_data")
    docs = [
        json.loads(p.read_text("utf-8"))
        for p in folder.joinpath("tracking_number_data").joinpath("couriers").iterdir()
        if p.name.endswith(".json")
    ]
    docs.append(json.loads(folder.joinpath("cainiao.json").read_text("utf-8")))
    return [
        (number, doc["courier_code"])
        for doc in docs
        for spec in doc["tracking_numbers"]
        for number in spec["test_numbers"]["valid"]
    ]


def _mix(n: int, rng: random.Random) -> list[Case]:
    data = _data_numbers()
    cases: list[Case] = []
    for _ in range(n):
        roll = rng.random()
        if roll < 0.45:
            cases.append((_s10(rng), rng.choice(["s10", "cainiao"])))
        elif roll < 0.60:
            cases.append((f"LP00{rng.randrange(10**12):012d}", "cainiao"))
        elif roll < 0.80:
            cases.append(rng.choice(data))
        elif roll < 0.90:  # a typo in the check digit
            number = _s10(rng)
            wrong = str((int(number[10]) + rng.randint(1, 9)) % 10)
            cases.append((number[:10] + wrong + number[11:], "s10"))
        else:  # another carrier's number
            number, carrier = rng.choice(data)
            cases.append((number, "ups" if carrier != "ups" else "fedex"))
    return cases


def _time(fn: Callable[[], object], calls: int) -> float:
    best = float("inf")
    for _ in range(3):  # best of three: the least disturbed run
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best / calls * 1e9


def _per_call(fn: Callable[[], object], repeat: int) -> float:
    def loop() -> None:
        for _ in range(repeat):
            fn()

    return _time(loop, repeat)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--full", action="store_true", help="validate 1,000,000 numbers")
    parser.add_argument("--n", type=int, default=None, help="numbers to validate")
    args = parser.parse_args(argv)
    n = args.n or (1_000_000 if args.full else 200_000)

    cases = _mix(n, random.Random(2026))
    validate = validate_tracking_number

    def with_carrier() -> list[bool]:
        return [validate(number, carrier).valid for number, carrier in cases]

    def without_carrier() -> list[bool]:
        return [validate(number).valid for number, _ in cases]

    s10 = re.compile(r"[A-Z]{2}[0-9]{9}[A-Z]{2}")

    def bare_regex() -> list[bool]:
        return [s10.fullmatch(number) is not None for number, _ in cases]

    valid_share = sum(with_carrier()) / n
    ns_carrier = _time(with_carrier, n)
    ns_any = _time(without_carrier, n)
    ns_regex = _time(bare_regex, n)
    print(f"tracking numbers: {n:,} mixed, {valid_share:.0%} valid for the carrier named")
    print(f"  with carrier     {ns_carrier:8.0f} ns/number  {1e9 / ns_carrier:12,.0f} /s")
    print(
        f"  without carrier  {ns_any:8.0f} ns/number  {1e9 / ns_any:12,.0f} /s"
        f"  ({ns_any / ns_carrier:.1f}x)"
    )
    print(
        f"  baseline: one regex fullmatch {ns_regex:6.0f} ns/number"
        f"  (validation = {ns_carrier / ns_regex:.1f}x)"
    )
    verdict = "meets" if 1e9 / ns_carrier >= 300_000 else "MISSES"
    print(f"  target 300,000 /s with carrier: {verdict}")

    berlin = Address(country="DE", city="Berlin", postal_code="10115", lines=("Invalidenstr. 1",))
    good = OrderInfo(
        recipient="Erika Mustermann",
        address=berlin,
        phone="+49 30 901820",
        items=(Item("SKU-1", 2), Item("SKU-2", 1)),
        carrier="cainiao",
        service="AliExpress Standard Shipping",
        tracking_number="LP00724622449605",
    )
    bad = attrs.evolve(
        good,
        address=attrs.evolve(berlin, postal_code="1011"),
        phone="+86 138 0013 8000",
        items=(Item("SKU-1", 0),),
        carrier="ups",
    )
    repeat = 20_000 if args.full else 5_000
    ns_good = _per_call(lambda: check_order_info(good), repeat)
    ns_bad = _per_call(lambda: check_order_info(bad), repeat)
    ns_track = _per_call(lambda: validate("LP00724622449605", "cainiao"), repeat)
    print("check_order_info:")
    print(f"  clean order      {ns_good / 1000:8.1f} us/call")
    print(f"  five findings    {ns_bad / 1000:8.1f} us/call")
    phonenumbers, rules = _checks_optional.PHONENUMBERS, _checks_optional.POSTAL_RULES
    try:
        _checks_optional.PHONENUMBERS = None
        _checks_optional.POSTAL_RULES = None
        ns_bare = _per_call(lambda: check_order_info(good), repeat)
    finally:
        _checks_optional.PHONENUMBERS, _checks_optional.POSTAL_RULES = phonenumbers, rules
    print(
        f"  without extras   {ns_bare / 1000:8.1f} us/call"
        f"  (phone check = {(ns_good - ns_bare) / ns_good:.0%} of a clean call)"
    )
    print(f"  baseline: its tracking check alone {ns_track / 1000:.1f} us/call")

    seller = attrs.evolve(good, address=attrs.evolve(berlin, lines=("invalidenstr 1",)))
    carrier = attrs.evolve(good, address=attrs.evolve(berlin, lines=("Invalidenstr. 11",)))
    ns_rec = _per_call(lambda: reconcile(good, seller, carrier), repeat)
    print(f"reconcile (three views, two discrepancies) {ns_rec / 1000:.1f} us/call")


if __name__ == "__main__":
    main()
