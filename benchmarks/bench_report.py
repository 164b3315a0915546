"""The report on a generated order CSV against ``pandas.read_csv`` of the same file.

    python benchmarks/bench_report.py               # 1,000,000 rows, 3 rounds
    python benchmarks/bench_report.py --rows 200000 --rounds 3

Each contender runs in its own process, so the CPU time (user + system, from the children's
``getrusage``) and the peak resident memory are its own; rounds are interleaved and each
contender's minimum is kept, after a first run of the report that writes its bytecode (an
installed package has it compiled already). Both contenders must count the same rows (the
report: orders assessed plus bad rows listed). Target: the report at most 3x ``read_csv`` of
the same file, memory bounded (the report reads in chunks).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
from pathlib import Path

TARGET = 3.0
WAREHOUSES = ("DE", "FR", "ES", "PL", "GB", "US-NJ")
# Each warehouse's carrier: a national post (UPU S10 numbers) or UPS (1Z numbers).
CARRIERS = {
    "DE": "Deutsche Post",
    "FR": "La Poste",
    "ES": "Correos",
    "PL": "Poczta Polska",
    "GB": "Royal Mail",
    "US-NJ": "UPS",
}
_S10_WEIGHTS = (8, 6, 4, 2, 3, 5, 9, 7)
_UPS_ALPHABET = "0123456789ABCDEFGHJKLMNPRSTUVWXYZ"
POLICY = """
promise_days = 2
[warehouses."US-NJ"]
country = "US"
subdivision = "NJ"
timezone = "America/New_York"
"""

READ_CSV = """
import sys, pandas
import resource
frame = pandas.read_csv(sys.argv[1])
print(len(frame), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""

REPORT = """
import io, json, sys
from halfmanaged.cli import main
out = io.StringIO()
status = main(["report", sys.argv[1], "--policy", sys.argv[2], "--format", "json",
               "--as-of", "2026-12-23T08:00:00+00:00"], out=out)
doc = json.loads(out.getvalue())
import resource
print(doc["orders"] + doc["bad_rows"], resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def _s10(serial: int, country: str, rng: random.Random) -> str:
    """A UPU S10 number with its check digit (weights 8 6 4 2 3 5 9 7, mod 11)."""
    digits = f"{serial:08d}"
    check = 11 - sum(int(d) * w for d, w in zip(digits, _S10_WEIGHTS, strict=True)) % 11
    check = {10: 0, 11: 5}.get(check, check)
    return f"{rng.choice(('RB', 'LX', 'CP', 'EE', 'RR'))}{digits}{check}{country}"


def _ups(serial: int, rng: random.Random) -> str:
    """A UPS 1Z number with its check digit (odd positions + 2 x even positions, mod 10)."""
    shipper = "".join(rng.choice(_UPS_ALPHABET) for _ in range(6))
    body = f"{shipper}{rng.randrange(100):02d}{serial % 10**7:07d}"
    values = [int(c) if c.isdigit() else (ord(c) - 63) % 10 for c in body]
    total = sum(values[0::2]) + 2 * sum(values[1::2])
    return f"1Z{body}{(10 - total % 10) % 10}"


def tracking_number(serial: int, warehouse: str, rng: random.Random) -> str:
    """A distinct number per order, in a realistic mix: mostly valid for the warehouse's
    carrier, some with a wrong check digit, some of another carrier, some written loosely
    (spaces, lower case: valid once normalised), a few that are no number at all."""
    country = "GB" if warehouse == "GB" else warehouse[:2]
    number = _ups(serial, rng) if warehouse == "US-NJ" else _s10(serial, country, rng)
    roll = rng.random()
    if roll < 0.03:  # a typo in the check digit
        i = 17 if number.startswith("1Z") else 10
        return number[:i] + str((int(number[i]) + 1) % 10) + number[i + 1 :]
    if roll < 0.045:  # another carrier's number
        other = _s10(serial, "DE", rng) if number.startswith("1Z") else _ups(serial, rng)
        return other
    if roll < 0.06:  # written loosely
        return " ".join((number[:4], number[4:8], number[8:])).lower()
    if roll < 0.065:  # not a number
        return f"pending-{serial}"
    return number


def generate(path: Path, rows: int, seed: int) -> None:
    rng = random.Random(seed)
    start = dt.datetime(2026, 9, 1, tzinfo=dt.UTC)
    with path.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream)
        writer.writerow(
            ["order_id", "warehouse", "placed_at", "destination", "value", "currency",
             "picked_up_at", "tracking_uploaded_at", "carrier", "tracking_number",
             "delivered_at"]
        )  # fmt: skip
        for n in range(rows):
            # Placed before the report's as-of time (2026-12-23 08:00 UTC), as a morning
            # report's orders are; one row in a thousand is bad (a time without an offset).
            placed = start + dt.timedelta(minutes=rng.randrange(113 * 24 * 60))
            shipped = placed + dt.timedelta(hours=rng.uniform(2, 80))
            done = shipped < dt.datetime(2026, 12, 23, tzinfo=dt.UTC)
            delivered = shipped + dt.timedelta(days=rng.uniform(2, 9))
            when = placed.isoformat(timespec="minutes")
            warehouse = rng.choice(WAREHOUSES)
            writer.writerow([
                f"O{n:07d}", warehouse, when[:16] if n % 1000 == 999 else when,
                rng.choice(("DE", "FR", "ES", "PL", "GB")), f"{rng.randrange(100, 9999) / 100}",
                "EUR",
                shipped.isoformat(timespec="minutes") if done else "",
                shipped.isoformat(timespec="minutes") if done else "",
                CARRIERS[warehouse] if done else "",
                tracking_number(n + seed * rows, warehouse, rng) if done else "",
                delivered.isoformat(timespec="minutes")
                if done and delivered < dt.datetime(2026, 12, 23, tzinfo=dt.UTC)
                else "",
            ])  # fmt: skip


# An installed package has its bytecode compiled (pip does it at install time), as pandas
# has; a run that may not write bytecode would time the compiler. A first run writes it.
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def run(script: str, *args: str) -> tuple[float, float, str]:
    """Return (CPU seconds, peak RSS in MiB, stdout) of one child process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run(
        [sys.executable, "-c", script, *args], capture_output=True, text=True, check=True, env=ENV
    )
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    count, rss = done.stdout.split()
    return cpu, int(rss) / 1024, count  # the child's own peak resident memory


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        policy = Path(tmp) / "policy.toml"
        policy.write_text(POLICY, encoding="utf-8")
        files = []
        for r in range(args.rounds):  # distinct inputs per round
            path = Path(tmp) / f"orders{r}.csv"
            generate(path, args.rows, seed=r)
            files.append(path)
        run(REPORT, str(files[0]), str(policy))  # writes the bytecode caches
        best: dict[str, float] = {}
        peak: dict[str, float] = {}
        for path in files:
            for name, script, extra in (
                ("pandas.read_csv", READ_CSV, ()),
                ("halfmanaged report", REPORT, (str(policy),)),
            ):
                cpu, rss, out = run(script, str(path), *extra)
                assert int(out) == args.rows, (name, out, args.rows)
                best[name] = min(best.get(name, cpu), cpu)
                peak[name] = max(peak.get(name, 0.0), rss)
    base = best["pandas.read_csv"]
    print(f"rows: {args.rows:,}, rounds: {args.rounds}")
    for name, cpu in best.items():
        print(
            f"{name:<20} {cpu:8.2f} s CPU  {cpu / args.rows * 1e6:7.2f} us/row  "
            f"{cpu / base:5.2f}x read_csv  peak RSS {peak[name]:7.1f} MiB"
        )
    ratio = best["halfmanaged report"] / base
    verdict = "met" if ratio <= TARGET else "NOT met"
    print(f"target: report <= {TARGET:.0f}x read_csv: {verdict} ({ratio:.1f}x)")
    print(json.dumps({"ratio": round(ratio, 2)}))


if __name__ == "__main__":
    main()
