"""The report on a generated order CSV against ``pandas.read_csv`` of the same file.

    python benchmarks/bench_report.py               # 1,000,000 rows, 2 rounds
    python benchmarks/bench_report.py --rows 200000 --rounds 3

Each contender runs in its own process, so the CPU time (user + system, from the children's
``getrusage``) and the peak resident memory are its own; rounds are interleaved and each
contender's minimum is kept. Both contenders must count the same rows (the report: orders
assessed plus bad rows listed). Target: the report at
most 3x ``read_csv`` of the same file, memory bounded (the report reads in chunks).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import random
import resource
import subprocess
import sys
import tempfile
from pathlib import Path

TARGET = 3.0
WAREHOUSES = ("DE", "FR", "ES", "PL", "GB", "US-NJ")
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


def generate(path: Path, rows: int, seed: int) -> None:
    rng = random.Random(seed)
    start = dt.datetime(2026, 9, 1, tzinfo=dt.UTC)
    with path.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream)
        writer.writerow(
            ["order_id", "warehouse", "placed_at", "destination", "value", "currency",
             "picked_up_at", "tracking_uploaded_at", "tracking_number", "delivered_at"]
        )  # fmt: skip
        for n in range(rows):
            # Placed before the report's as-of time (2026-12-23 08:00 UTC), as a morning
            # report's orders are; one row in a thousand is bad (a time without an offset).
            placed = start + dt.timedelta(minutes=rng.randrange(113 * 24 * 60))
            shipped = placed + dt.timedelta(hours=rng.uniform(2, 80))
            done = shipped < dt.datetime(2026, 12, 23, tzinfo=dt.UTC)
            delivered = shipped + dt.timedelta(days=rng.uniform(2, 9))
            when = placed.isoformat(timespec="minutes")
            writer.writerow([
                f"O{n:07d}", rng.choice(WAREHOUSES), when[:16] if n % 1000 == 999 else when,
                rng.choice(("DE", "FR", "ES", "PL", "GB")), f"{rng.randrange(100, 9999) / 100}",
                "EUR",
                shipped.isoformat(timespec="minutes") if done else "",
                shipped.isoformat(timespec="minutes") if done else "",
                "RB123456785DE" if done else "",
                delivered.isoformat(timespec="minutes")
                if done and delivered < dt.datetime(2026, 12, 23, tzinfo=dt.UTC)
                else "",
            ])  # fmt: skip


def run(script: str, *args: str) -> tuple[float, float, str]:
    """Return (CPU seconds, peak RSS in MiB, stdout) of one child process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run(
        [sys.executable, "-c", script, *args], capture_output=True, text=True, check=True
    )
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    count, rss = done.stdout.split()
    return cpu, int(rss) / 1024, count  # the child's own peak resident memory


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        policy = Path(tmp) / "policy.toml"
        policy.write_text(POLICY, encoding="utf-8")
        files = []
        for r in range(args.rounds):  # distinct inputs per round
            path = Path(tmp) / f"orders{r}.csv"
            generate(path, args.rows, seed=r)
            files.append(path)
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
