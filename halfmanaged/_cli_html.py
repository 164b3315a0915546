"""The report as one self-contained HTML file: the tables and two ``plotly`` charts.

Plotly's JavaScript is embedded once (``include_plotlyjs=True``), so the file needs no network
when it is opened: orders due per day by status (stacked bars), and the late-shipment rate per
warehouse by ship-by date (lines).
"""

from __future__ import annotations

import datetime as dt
import html
from typing import TextIO

from halfmanaged._cli_render import Words, sections, summary_line, title
from halfmanaged.report import RateKind, Report
from halfmanaged.shipping import Status

_COLOURS = {
    Status.ON_TRACK: "#4c78a8",
    Status.AT_RISK: "#f58518",
    Status.BREACHED: "#e45756",
    Status.FULFILLED: "#54a24b",
}
_STYLE = """
body { font-family: system-ui, -apple-system, "Segoe UI", "Noto Sans CJK SC", sans-serif;
       margin: 2rem; color: #222; }
table { border-collapse: collapse; margin: 0.5rem 0 1.5rem; font-size: 0.9rem; }
th, td { border-bottom: 1px solid #ddd; padding: 0.25rem 0.75rem; text-align: left; }
th { background: #f4f4f4; }
td.flag-bad { color: #b00; font-weight: bold; }
.chart { width: 100%; max-width: 1100px; height: 420px; }
"""


def _weeks(dates: list[dt.date]) -> list[dt.date]:
    if not dates:
        return []
    first = dates[0] - dt.timedelta(days=dates[0].weekday())
    count = (dates[-1] - first).days // 7 + 1
    return [first + dt.timedelta(weeks=n) for n in range(count)]


def _figures(report: Report, words: Words) -> tuple[object, object]:
    import plotly.graph_objects as go  # noqa: PLC0415 - the report extra, loaded when used

    due = go.Figure()
    dates = sorted({day.date for day in report.days})
    for status in Status:
        per_date = dict.fromkeys(dates, 0)
        for day in report.days:
            per_date[day.date] += day.due(status)
        due.add_bar(
            x=[d.isoformat() for d in dates],
            y=[per_date[d] for d in dates],
            name=words(f"report.status.{status.value}"),
            marker_color=_COLOURS[status],
        )
    due.update_layout(
        barmode="stack",
        title=words("report.chart.due"),
        xaxis_title=words("report.chart.date"),
        yaxis_title=words("report.col.orders"),
        margin={"t": 60, "l": 60, "r": 20, "b": 60},
    )
    late = go.Figure()
    weeks = _weeks(dates)
    for summary in report.warehouses:
        # Weekly (Monday to Sunday): a day's handful of orders makes a noisy rate.
        totals = {week: [0, 0] for week in weeks}
        for on, rate in report.daily_rate(summary.warehouse, RateKind.LATE_SHIPMENT):
            week = on - dt.timedelta(days=on.weekday())
            totals[week][0] += rate.numerator
            totals[week][1] += rate.denominator
        late.add_scatter(
            x=[week.isoformat() for week in weeks],
            y=[num / den if den else None for num, den in totals.values()],
            mode="lines+markers",
            name=summary.warehouse,
            connectgaps=False,
        )
    late.add_hline(
        y=report.thresholds.late_shipment, line_dash="dash", line_color="#b00", opacity=0.6
    )
    late.update_layout(
        title=words("report.chart.late"),
        xaxis_title=words("report.chart.date"),
        yaxis_title=words("report.chart.rate"),
        yaxis_tickformat=".0%",
        margin={"t": 60, "l": 60, "r": 20, "b": 60},
    )
    return due, late


def write_html(report: Report, words: Words, out: TextIO, *, limit: int) -> None:
    """Write the whole report as one HTML page that works offline."""
    due, late = _figures(report, words)
    lang = "zh-CN" if words.locale.value == "zh-CN" else "en"
    esc = html.escape
    out.write(f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n')
    out.write(f"<title>{esc(title(report, words))}</title>\n<style>{_STYLE}</style>\n</head>\n")
    out.write(f"<body>\n<h1>{esc(title(report, words))}</h1>\n")
    out.write(f"<p>{esc(summary_line(report, words))}</p>\n")
    out.write(f"<h2>{esc(words('report.section.charts'))}</h2>\n")
    config = {"displaylogo": False, "responsive": True}
    out.write(
        due.to_html(  # type: ignore[attr-defined]
            full_html=False, include_plotlyjs=True, div_id="chart-due", config=config
        )
    )
    out.write(
        late.to_html(  # type: ignore[attr-defined]
            full_html=False, include_plotlyjs=False, div_id="chart-late", config=config
        )
    )
    for heading, heads, rows, left in sections(report, words, limit):
        out.write(f"<h2>{esc(heading)}</h2>\n")
        if not rows:
            out.write(f"<p>{esc(words('report.none'))}</p>\n")
            continue
        out.write("<table>\n<thead><tr>")
        out.write("".join(f"<th>{esc(head)}</th>" for head in heads))
        out.write("</tr></thead>\n<tbody>\n")
        for row in rows:
            cells = []
            for i, cell in enumerate(row):
                bad = i == len(row) - 1 and cell.startswith(("OVER", "UNDER", "超标", "未达标"))
                cls = ' class="flag-bad"' if bad else ""
                cells.append(f"<td{cls}>{esc(cell)}</td>")
            out.write("<tr>" + "".join(cells) + "</tr>\n")
        out.write("</tbody>\n</table>\n")
        if left:
            out.write(f"<p>… +{words.number(left)}</p>\n")
    out.write(f"<p><small>{esc(words('report.thresholds_note'))}</small></p>\n")
    out.write("</body>\n</html>\n")
