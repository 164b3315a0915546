"""What a command-line user or a notebook pays before anything happens: import and first answer.

Each measurement runs in a fresh interpreter (imports are cached per process), the contenders
interleaved over ``--rounds`` rounds; the median of each is reported, in CPU time of the child
process (``time.process_time``) around the measured statements only.

Targets:
- ``import halfmanaged`` at most 1.5x the import of its required dependencies alone (attrs,
  pendulum, holidays, pycountry), measured in the same run;
- the first ``WorkingCalendar.for_country("DE")`` plus its first ``add_working_days`` under 25 ms;
- a date outside the built tables extends them by the missing years instead of rebuilding
  all of them: one year past tables of 71 years costs a small part of a rebuild.

    python benchmarks/bench_startup.py [--rounds 9]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys

CHILD = r"""
import time
t0 = time.process_time()
{setup}
t1 = time.process_time()
{measured}
t2 = time.process_time()
print(repr((t1 - t0, t2 - t1, {answer})))
"""

CONTENDERS = {
    "dependencies": ("pass", "import attrs, pendulum, holidays, pycountry", "None"),
    "halfmanaged": ("pass", "import halfmanaged", "None"),
    "first calendar": (
        "import datetime as dt, halfmanaged as hm",
        "cal = hm.WorkingCalendar.for_country('DE', timezone='Europe/Berlin')\n"
        "answer = cal.add_working_days(dt.date(2026, 4, 2), 2)",
        "answer.isoformat()",
    ),
    # Tables over 1990..2060 exist; a date in 2061 needs two more years (with the margin).
    "one year past wide tables": (
        "import datetime as dt, halfmanaged as hm, halfmanaged._holiday_data as h\n"
        "cal = hm.WorkingCalendar.for_country('DE', timezone='Europe/Berlin')\n"
        "cal._grown(1990, 2060)\n"
        "[h.year_data('DE', None, y) for y in range(1990, 2063)]",
        "answer = cal.add_working_days(dt.date(2061, 6, 1), 2)",
        "answer.isoformat()",
    ),
    "rebuild of every year": (
        "import datetime as dt, halfmanaged as hm, halfmanaged._holiday_data as h\n"
        "cal = hm.WorkingCalendar.for_country('DE', timezone='Europe/Berlin')\n"
        "[h.year_data('DE', None, y) for y in range(1990, 2063)]",
        "cal._grown(1990, 2062)\nanswer = cal.add_working_days(dt.date(2061, 6, 1), 2)",
        "answer.isoformat()",
    ),
}


# An installed package has its bytecode compiled (pip does it at install time), like the
# dependencies it is compared with; a run that may not write bytecode would time the compiler.
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def _run(setup: str, measured: str, answer: str) -> tuple[float, float, object]:
    code = CHILD.format(setup=setup, measured=measured, answer=answer)
    out = subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True, env=ENV
    ).stdout
    setup_s, measured_s, result = eval(out)  # our own child's repr of floats and a string
    return setup_s, measured_s, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=9)
    args = parser.parse_args()

    for setup, measured, answer in CONTENDERS.values():  # writes the bytecode caches
        _run(setup, measured, answer)
    times: dict[str, list[float]] = {name: [] for name in CONTENDERS}
    answers: dict[str, set[object]] = {name: set() for name in CONTENDERS}
    for _ in range(args.rounds):
        for name, (setup, measured, answer) in CONTENDERS.items():
            _, seconds, result = _run(setup, measured, answer)
            times[name].append(seconds)
            answers[name].add(result)

    median = {name: statistics.median(values) * 1000 for name, values in times.items()}
    for name, ms in median.items():
        print(f"{name:>22}: {ms:7.1f} ms (median of {args.rounds}, CPU time)")

    assert answers["first calendar"] == {"2026-04-08"}, answers["first calendar"]
    assert answers["one year past wide tables"] == answers["rebuild of every year"]

    ratio = median["halfmanaged"] / median["dependencies"]
    first = median["first calendar"]
    ahead = median["one year past wide tables"]
    rebuild = median["rebuild of every year"]
    targets = [
        (f"import halfmanaged {ratio:.2f}x its dependencies", ratio <= 1.5, "<= 1.5x"),
        (f"first for_country + add_working_days {first:.1f} ms", first < 25, "< 25 ms"),
        (
            f"one year past the tables {ahead:.1f} ms = {ahead / rebuild:.2f}x a rebuild",
            ahead <= 0.2 * rebuild,
            "<= 0.2x a rebuild",
        ),
    ]
    print()
    for text, met, target in targets:
        print(f"{'met    ' if met else 'NOT MET'}  {text} (target {target})")


if __name__ == "__main__":
    main()
