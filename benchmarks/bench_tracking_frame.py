"""Cost of valid_tracking_numbers (a column at once) against validate_tracking_number per row.

Usage: python benchmarks/bench_tracking_frame.py [--n 1000000] [--sample 50000] [--rounds 3]
       [--check all|sample]

The numbers are n distinct tracking numbers of mixed carriers, made from every example number
of the bundled courier data with their digits after the first two characters redrawn (so a
format with a check digit is mostly invalid and one without is valid), S10 numbers with their
check digit computed here from the standard, a share typed as people type them (lower case,
spaces), and a few blank. Half the rows name their carrier (code or name), half name none.

Every figure is CPU time (``time.process_time``) from one process and one run; the contenders
run interleaved, round after round, each keeping its fastest round:

- scalar loop: ``validate_tracking_number(number, carrier).valid`` per row, timed on a sample
  of ``--sample`` rows and scaled to n;
- column: ``valid_tracking_numbers`` over all n rows, from pyarrow arrays (how the report's
  columnar path reads a CSV) and from pandas object columns (conversion included).

Before any timing the column's answers must equal the scalar loop's, on every row with
``--check all`` (the default; seconds per million) or on the sample with ``--check sample``.
Targets: the column at least 20x faster than the loop, and under 0.3 us a number.
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import sys
import time
from collections.abc import Callable
from importlib import resources

import numpy as np
import pandas as pd
import pyarrow as pa

from halfmanaged._tracking_frame import valid_tracking_numbers
from halfmanaged.tracking import known_carriers, validate_tracking_number

S10_WEIGHTS = (8, 6, 4, 2, 3, 5, 9, 7)
NAMES = {"royal_mail": "Royal Mail", "dhl": "DHL", "cainiao": "菜鸟", "dhl_paket": "DHL Paket"}


def _templates() -> list[tuple[str, str]]:
    """(carrier code, normalised number) for every example number of the bundled data."""
    data = resources.files("halfmanaged").joinpath("_data")
    couriers = data.joinpath("tracking_number_data").joinpath("couriers")
    docs = [
        json.loads(p.read_text("utf-8")) for p in couriers.iterdir() if p.name.endswith(".json")
    ]
    docs.append(json.loads(data.joinpath("cainiao.json").read_text("utf-8")))
    docs.extend(json.loads(data.joinpath("european_carriers.json").read_text("utf-8"))["couriers"])
    return [
        (str(doc["courier_code"]), "".join(number.split()).upper())
        for doc in docs
        for spec in doc["tracking_numbers"]
        for number in spec["test_numbers"]["valid"]
    ]


def _s10(rng: random.Random) -> str:
    """A valid UPU S10 number, check digit from the standard's text."""
    serial = f"{rng.randrange(10**8):08d}"
    value = 11 - sum(int(d) * w for d, w in zip(serial, S10_WEIGHTS, strict=True)) % 11
    digit = {10: 0, 11: 5}.get(value, value)
    service = rng.choice(["RR", "RB", "LZ", "CP", "UA", "EE", "LP", "RA"])
    return f"{service}{serial}{digit}{rng.choice(['CN', 'GB', 'DE', 'FR', 'NL', 'ES', 'PL'])}"


def _redraw(number: str, rng: random.Random) -> str:
    head, tail = number[:2], number[2:]
    return head + "".join(str(rng.randrange(10)) if c.isdigit() else c for c in tail)


def numbers(n: int, seed: int = 2026) -> tuple[list[str | None], list[str | None]]:
    """n distinct numbers (plus a few blank ones) and their carriers, mixed as described."""
    rng = random.Random(seed)
    templates = _templates()
    codes = sorted(known_carriers())
    seen: set[str] = set()
    out: list[str | None] = []
    carriers: list[str | None] = []
    while len(out) < n:
        if rng.random() < 0.3:
            carrier, number = rng.choice(["s10", "royal_mail", "cainiao"]), _s10(rng)
        else:
            carrier, number = rng.choice(templates)
            number = _redraw(number, rng)
        if number in seen:
            continue
        seen.add(number)
        if rng.random() < 0.05:
            number = " ".join(number[i : i + 4] for i in range(0, len(number), 4)).lower()
        roll = rng.random()
        named: str | None = None
        if roll < 0.4:
            named = NAMES.get(carrier, carrier)
        elif roll < 0.5:
            named = rng.choice(codes)  # often another carrier's number
        out.append(number)
        carriers.append(named)
    for i in range(0, n, 10_000):
        out[i] = rng.choice(["", " ", None])
    return out, carriers


def _scalar(numbers_: list[str | None], carriers: list[str | None]) -> np.ndarray:
    return np.fromiter(
        (
            n is not None and validate_tracking_number(n, c).valid
            for n, c in zip(numbers_, carriers, strict=True)
        ),
        dtype=np.bool_,
        count=len(numbers_),
    )


def _cpu(fn: Callable[[], object]) -> float:
    gc.collect()
    start = time.process_time()
    fn()
    return time.process_time() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1_000_000)
    parser.add_argument("--sample", type=int, default=50_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--check", choices=("all", "sample"), default="all")
    args = parser.parse_args(argv)

    made = time.process_time()
    numbers_, carriers = numbers(args.n)
    print(f"{args.n:,} numbers made in {time.process_time() - made:.1f} s CPU")
    arrow_numbers = pa.array(numbers_, pa.large_string())
    arrow_carriers = pa.array(carriers, pa.large_string())
    object_numbers = pd.Series(numbers_, dtype=object)
    object_carriers = pd.Series(carriers, dtype=object)
    rng = random.Random(5)
    picks = sorted(rng.sample(range(args.n), min(args.sample, args.n)))
    sample_numbers = [numbers_[i] for i in picks]
    sample_carriers = [carriers[i] for i in picks]

    # Same answers first: the column against the loop, and both column inputs alike.
    column = valid_tracking_numbers(arrow_numbers, arrow_carriers)
    same_input = bool((valid_tracking_numbers(object_numbers, object_carriers) == column).all())
    if args.check == "all":
        expected = _scalar(numbers_, carriers)
        checked = args.n
    else:
        expected, column = _scalar(sample_numbers, sample_carriers), column[picks]
        checked = len(picks)
    wrong = int((expected != column).sum())
    print(
        f"answers: {checked:,} rows compared with the scalar loop, {wrong} differ; "
        f"pyarrow and pandas inputs agree: {same_input}; "
        f"{int(expected.sum()):,} of {checked:,} valid"
    )
    if wrong or not same_input:
        return 1

    best = {"scalar": float("inf"), "arrow": float("inf"), "pandas": float("inf")}
    for _ in range(args.rounds):
        best["scalar"] = min(
            best["scalar"], _cpu(lambda: _scalar(sample_numbers, sample_carriers))
        )
        best["arrow"] = min(
            best["arrow"], _cpu(lambda: valid_tracking_numbers(arrow_numbers, arrow_carriers))
        )
        best["pandas"] = min(
            best["pandas"], _cpu(lambda: valid_tracking_numbers(object_numbers, object_carriers))
        )
    per = {
        "scalar": best["scalar"] / len(picks) * 1e6,
        "arrow": best["arrow"] / args.n * 1e6,
        "pandas": best["pandas"] / args.n * 1e6,
    }
    print(
        f"scalar loop     {per['scalar']:7.3f} us/number  "
        f"(~{per['scalar'] * args.n / 1e6:.2f} s per {args.n:,})"
    )
    print(
        f"column, pyarrow {per['arrow']:7.3f} us/number  ({best['arrow']:.3f} s)  "
        f"{per['scalar'] / per['arrow']:6.1f}x faster than the loop"
    )
    print(
        f"column, pandas  {per['pandas']:7.3f} us/number  ({best['pandas']:.3f} s)  "
        f"{per['scalar'] / per['pandas']:6.1f}x faster than the loop"
    )
    targets = [
        (
            "column (pyarrow) >= 20x faster than the scalar loop",
            per["scalar"] / per["arrow"] >= 20,
        ),
        ("column (pyarrow) under 0.3 us a number", per["arrow"] < 0.3),
    ]
    for name, met in targets:
        print(f"target {'met    ' if met else 'NOT met'}: {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
