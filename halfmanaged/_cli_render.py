"""Writing a :class:`~halfmanaged.report.Report` as a table, Markdown, JSON or CSV.

The JSON and CSV schemas are the stable interface for scripts (``docs/report.md``); they do not
change with ``--locale`` except for the human-readable ``message`` of a bad row. The table
and Markdown speak the chosen language, numbers and dates included.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import json
from collections.abc import Iterator, Sequence
from typing import Any, Final, TextIO

from halfmanaged.messages import Locale, clock_duration, render
from halfmanaged.report import Rate, RateKind, Report
from halfmanaged.shipping import Money, RuleCode, Status

SCHEMA: Final = "halfmanaged.report/1"
CSV_COLUMNS: Final = (
    "section",
    "warehouse",
    "order_id",
    "item",
    "window_days",
    "value",
    "numerator",
    "denominator",
    "threshold",
    "flagged",
    "due",
    "detail",
)
_ZH_WEEKDAYS: Final = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")
_EN_WEEKDAYS: Final = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


class Words:
    """Dates, times, numbers and labels in one language."""

    def __init__(self, locale: Locale) -> None:
        self.locale = locale

    def __call__(self, code: str, **fields: object) -> str:
        return render(code, fields, self.locale)

    def date(self, day: dt.date) -> str:
        if self.locale is Locale.ZH_CN:
            return f"{day.year}年{day.month}月{day.day}日"
        return day.isoformat()

    def weekday(self, day: dt.date) -> str:
        names = _ZH_WEEKDAYS if self.locale is Locale.ZH_CN else _EN_WEEKDAYS
        return names[day.weekday()]

    def month(self, month: int) -> str:
        if self.locale is Locale.ZH_CN:
            return f"{month}月"
        return dt.date(2000, month, 1).strftime("%b")

    def time(self, moment: dt.datetime) -> str:
        zone = moment.strftime("%Z")
        return f"{self.date(moment.date())} {moment:%H:%M} {zone}".rstrip()

    def number(self, n: int) -> str:
        return f"{n:,}"

    def share(self, value: float | None) -> str:
        return self("report.rate.none") if value is None else f"{value * 100:.1f}%"

    def duration(self, delta: dt.timedelta) -> str:
        return clock_duration(delta, self.locale)

    def money(self, money: Money | None) -> str:
        return "" if money is None else f"{money.amount:,} {money.currency}"

    def rule(self, code: RuleCode | str) -> str:
        value = code.value if isinstance(code, RuleCode) else code
        try:
            return self(f"report.rule.{value}")
        except Exception:  # a rule code newer than this catalog: its code reads well enough
            return value

    def flag(self, rate: Rate) -> str:
        threshold = self.share(rate.threshold)
        if not rate.flagged:
            return self("report.flag.ok")
        if rate.kind.lower_is_better:
            return self("report.flag.over", threshold=threshold)
        return self("report.flag.under", threshold=threshold)


# -- the sections as rows, shared by the table, Markdown and HTML -----------------------------


def sections(
    report: Report, words: Words, limit: int | None
) -> Iterator[tuple[str, Sequence[str], list[list[str]], int]]:
    """Yield (title, column heads, rows, rows left out) for every section, in report order."""
    w = words
    queue = report.at_risk
    shown = queue if limit is None else queue[:limit]
    yield (
        w("report.section.at_risk", horizon=w.duration(report.horizon)),
        [w("report.col.order"), w("report.col.warehouse"), w("report.col.deadline"),
         w("report.col.due"), w("report.col.time_left")],
        [[r.order_id, r.warehouse, w(f"report.kind.{r.kind.value}"), w.time(r.due),
          w.duration(r.time_left)] for r in shown],
        len(queue) - len(shown),
    )  # fmt: skip
    yield (
        w("report.section.breaches"),
        [w("report.col.rule"), w("report.col.orders"), w("report.col.days_late_total"),
         w("report.col.days_late_max")],
        [[w.rule(b.code), w.number(b.orders), w.number(b.working_days_late),
          w.number(b.max_working_days_late)] for b in report.breaches],
        0,
    )  # fmt: skip
    yield (
        w("report.section.fines"),
        [w("report.col.currency"), w("report.col.amount"), w("report.col.orders")],
        [[f.total.currency, f"{f.total.amount:,}", w.number(f.orders)] for f in report.fines],
        0,
    )
    summaries = report.warehouses
    yield (
        w("report.section.warehouses"),
        [w("report.col.warehouse"), w("report.col.orders"), w("report.col.on_track"),
         w("report.col.at_risk"), w("report.col.breached"), w("report.col.fulfilled")],
        [[s.warehouse, w.number(s.orders), w.number(s.on_track), w.number(s.at_risk),
          w.number(s.breached), w.number(s.fulfilled)] for s in summaries],
        0,
    )  # fmt: skip
    yield (
        w("report.section.rates"),
        [w("report.col.warehouse"), w("report.col.rate"), w("report.col.window"),
         w("report.col.value"), w("report.col.threshold"), w("report.col.flag")],
        [[s.warehouse, w(f"report.rate.{r.kind.value}"), w("report.window", days=r.window_days),
          f"{w.share(r.value)} ({r.numerator}/{r.denominator})", w.share(r.threshold),
          w.flag(r)] for s in summaries for r in s.rates],
        0,
    )  # fmt: skip
    yield (
        w("report.section.offenders"),
        [w("report.col.order"), w("report.col.warehouse"), w("report.col.rules"),
         w("report.col.days_late"), w("report.col.fine")],
        [[o.order_id, o.warehouse, ", ".join(w.rule(c) for c in o.codes),
          w.number(o.working_days_late), w.money(o.fine)] for o in report.offenders],
        0,
    )  # fmt: skip
    problems = report.problems if limit is None else report.problems[:limit]
    yield (
        w("report.section.problems"),
        [w("report.col.where"), w("report.col.reason")],
        [[_where(p.file, p.line, p.column), p.reason(w.locale)] for p in problems],
        len(report.problems) - len(problems),
    )


def _where(file: str, line: int | None, column: str | None) -> str:
    where = file if line is None else f"{file}:{line}"
    return f"{where} [{column}]" if column else where


def summary_line(report: Report, words: Words) -> str:
    counts = report.status_counts()
    return words(
        "report.summary",
        orders=words.number(report.orders),
        bad_rows=words.number(len(report.problems)),
        on_track=words.number(counts[Status.ON_TRACK]),
        at_risk=words.number(counts[Status.AT_RISK]),
        breached=words.number(counts[Status.BREACHED]),
        fulfilled=words.number(counts[Status.FULFILLED]),
    )


def title(report: Report, words: Words) -> str:
    return words("report.title", as_of=words.time(report.as_of))


# -- formats --------------------------------------------------------------------------------


def write_table(report: Report, words: Words, out: TextIO, *, colour: bool, limit: int) -> None:
    """Aligned tables (``rich``); colour only when ``colour`` (stdout is a terminal)."""
    from rich import box  # noqa: PLC0415 - the report extra, loaded when used
    from rich.console import Console  # noqa: PLC0415
    from rich.table import Table  # noqa: PLC0415

    console = Console(
        file=out,
        force_terminal=colour,
        no_color=not colour,
        width=None if colour else 160,
        highlight=False,
        emoji=False,
        markup=False,
    )
    console.print(title(report, words), style="bold" if colour else None)
    console.print(summary_line(report, words))
    for heading, heads, rows, left in sections(report, words, limit):
        table = Table(title=heading, box=box.SIMPLE_HEAD, title_justify="left", show_edge=False)
        for head in heads:
            table.add_column(head, overflow="fold")
        for row in rows:
            style = "red" if colour and _is_bad(row) else None
            table.add_row(*row, style=style)
        if not rows:
            table.add_row(words("report.none"), *[""] * (len(heads) - 1))
        console.print()
        console.print(table)
        if left:
            console.print(f"… +{words.number(left)}")
    console.print()
    console.print(words("report.thresholds_note"))


def _is_bad(row: Sequence[str]) -> bool:
    last = row[-1] if row else ""
    return last.startswith(("OVER", "UNDER", "超标", "未达标"))


def write_markdown(report: Report, words: Words, out: TextIO, *, limit: int) -> None:
    """GitHub-flavoured Markdown: a heading and a pipe table per section."""
    out.write(f"# {title(report, words)}\n\n{summary_line(report, words)}\n")
    for heading, heads, rows, left in sections(report, words, limit):
        out.write(f"\n## {heading}\n\n")
        if not rows:
            out.write(f"{words('report.none')}\n")
            continue
        out.write("| " + " | ".join(heads) + " |\n")
        out.write("|" + "|".join(" --- " for _ in heads) + "|\n")
        for row in rows:
            out.write("| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |\n")
        if left:
            out.write(f"\n… +{words.number(left)}\n")
    out.write(f"\n{words('report.thresholds_note')}\n")


def _rate_json(rate: Rate) -> dict[str, Any]:
    return {
        "rate": rate.kind.value,
        "window_days": rate.window_days,
        "numerator": rate.numerator,
        "denominator": rate.denominator,
        "value": rate.value,
        "threshold": rate.threshold,
        "flagged": rate.flagged,
    }


def as_json(report: Report, words: Words) -> dict[str, Any]:
    """Return the report as the documented JSON object (schema ``halfmanaged.report/1``)."""
    counts = report.status_counts()
    return {
        "schema": SCHEMA,
        "as_of": report.as_of.isoformat(),
        "horizon_seconds": int(report.horizon.total_seconds()),
        "orders": report.orders,
        "bad_rows": len(report.problems),
        "status": {status.value: counts[status] for status in Status},
        "at_risk": [
            {
                "order_id": r.order_id,
                "warehouse": r.warehouse,
                "deadline": r.kind.value,
                "due": r.due.isoformat(),
                "time_left_seconds": int(r.time_left.total_seconds()),
            }
            for r in report.at_risk
        ],
        "breaches": [
            {
                "rule": b.code.value,
                "orders": b.orders,
                "working_days_late": b.working_days_late,
                "max_working_days_late": b.max_working_days_late,
            }
            for b in report.breaches
        ],
        "fines": [
            {"currency": f.total.currency, "amount": str(f.total.amount), "orders": f.orders}
            for f in report.fines
        ],
        "warehouses": [
            {
                "warehouse": s.warehouse,
                "orders": s.orders,
                "on_track": s.on_track,
                "at_risk": s.at_risk,
                "breached": s.breached,
                "fulfilled": s.fulfilled,
                "rates": [_rate_json(r) for r in s.rates],
            }
            for s in report.warehouses
        ],
        "offenders": [
            {
                "order_id": o.order_id,
                "warehouse": o.warehouse,
                "rules": [c.value for c in o.codes],
                "working_days_late": o.working_days_late,
                "fine": None
                if o.fine is None
                else {"amount": str(o.fine.amount), "currency": o.fine.currency},
            }
            for o in report.offenders
        ],
        "problems": [
            {
                "file": p.file,
                "line": p.line,
                "column": p.column,
                "code": p.code,
                "detail": p.detail,
                "message": p.message(words.locale),
            }
            for p in report.problems
        ],
    }


def write_json(report: Report, words: Words, out: TextIO) -> None:
    """Write the report's JSON: a key per line, and each item of a list on a line of its own.

    Any ``indent`` makes :mod:`json` encode in Python, a call per value (a second for a
    long at-risk queue); an item a line keeps the text readable and lets the C encoder
    write each item, and each section, at once.
    """
    item = functools.partial(json.dumps, ensure_ascii=False, separators=(", ", ": "))
    lines = []
    for key, value in as_json(report, words).items():
        if isinstance(value, list) and value:
            body = ",\n    ".join(map(item, value))
            lines.append(f"  {item(key)}: [\n    {body}\n  ]")
        else:
            lines.append(f"  {item(key)}: {item(value)}")
    out.write("{\n" + ",\n".join(lines) + "\n}\n")


def csv_rows(report: Report, words: Words) -> Iterator[dict[str, object]]:
    """Yield the report as the documented long CSV: one row per figure."""
    counts = report.status_counts()
    yield {"section": "summary", "item": "orders", "value": report.orders}
    yield {"section": "summary", "item": "bad_rows", "value": len(report.problems)}
    for status in Status:
        yield {"section": "status", "item": status.value, "value": counts[status]}
    for r in report.at_risk:
        yield {
            "section": "at_risk",
            "warehouse": r.warehouse,
            "order_id": r.order_id,
            "item": r.kind.value,
            "value": int(r.time_left.total_seconds()),
            "due": r.due.isoformat(),
        }
    for b in report.breaches:
        yield {
            "section": "breach",
            "item": b.code.value,
            "value": b.orders,
            "numerator": b.working_days_late,
            "detail": b.max_working_days_late,
        }
    for f in report.fines:
        yield {
            "section": "fine",
            "item": f.total.currency,
            "value": f.total.amount,
            "numerator": f.orders,
        }
    for s in report.warehouses:
        for status in Status:
            yield {
                "section": "warehouse",
                "warehouse": s.warehouse,
                "item": status.value,
                "value": getattr(s, status.value),
            }
        for rate in s.rates:
            yield {
                "section": "rate",
                "warehouse": s.warehouse,
                "item": rate.kind.value,
                "window_days": rate.window_days,
                "value": "" if rate.value is None else f"{rate.value:.6f}",
                "numerator": rate.numerator,
                "denominator": rate.denominator,
                "threshold": rate.threshold,
                "flagged": str(rate.flagged).lower(),
            }
    for o in report.offenders:
        yield {
            "section": "offender",
            "warehouse": o.warehouse,
            "order_id": o.order_id,
            "item": ";".join(c.value for c in o.codes),
            "value": o.working_days_late,
            "detail": "" if o.fine is None else str(o.fine),
        }
    for p in report.problems:
        yield {
            "section": "problem",
            "order_id": "",
            "item": p.code,
            "value": p.line if p.line is not None else "",
            "warehouse": "",
            "due": "",
            "detail": f"{p.file}|{p.column or ''}|{p.detail}",
        }


def write_csv(report: Report, words: Words, out: TextIO) -> None:
    writer = csv.DictWriter(out, CSV_COLUMNS, lineterminator="\n", restval="")
    writer.writeheader()
    for row in csv_rows(report, words):
        writer.writerow(row)


RATE_KINDS: Final = tuple(RateKind)
