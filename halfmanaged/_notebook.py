"""How values show in Jupyter: HTML (and Markdown) for the values a notebook looks at.

Each function takes one value and returns a fragment; the classes' ``_repr_html_`` (and, for a
case, ``_repr_markdown_``) hooks call them. Every piece of text from a value goes through
:func:`html.escape`, so an order id or a note can never inject markup. Sentences come from the
values' own ``message()`` methods, so they are the catalog's, in the locale asked for.

>>> import datetime as dt
>>> import halfmanaged as hm
>>> cal = hm.WorkingCalendar.without_holidays(timezone="Europe/Berlin")
>>> order = hm.Order("<A1>", dt.datetime(2026, 11, 23, 10, 0, tzinfo=cal.tzinfo), cal)
>>> html = deadlines_html(hm.compute_deadlines(order, hm.ShippingPolicy(1)))
>>> "2026-11-24 15:00 CET" in html
True
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from html import escape
from typing import Any, TypeAlias

# The values' own ``_repr_html_`` hooks import this module, so it imports none of theirs (not
# even for type checking): the parameters are typed by name only.
Deadlines: TypeAlias = Any
Assessment: TypeAlias = Any
Diagnosis: TypeAlias = Any
ResolutionCase: TypeAlias = Any

__all__ = ["assessment_html", "case_html", "case_markdown", "deadlines_html", "diagnosis_html"]

_STATUS_COLOUR = {
    "on_track": "#1a7f37",
    "at_risk": "#9a6700",
    "breached": "#cf222e",
    "fulfilled": "#0969da",
}


def _when(value: object) -> str:
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M %Z").strip()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return str(value)
    return "" if value is None else str(getattr(value, "value", value))


def _table(title: str, rows: Iterable[tuple[str, object]]) -> str:
    body = "".join(
        f"<tr><th style='text-align:left'>{escape(k)}</th><td>{escape(_when(v))}</td></tr>"
        for k, v in rows
    )
    return f"<table><caption>{escape(title)}</caption>{body}</table>"


def _badge(status: str) -> str:
    colour = _STATUS_COLOUR.get(status, "#57606a")
    return f"<strong style='color:{colour}'>{escape(status)}</strong>"


def deadlines_html(deadlines: Deadlines) -> str:
    """Return an order's deadlines as an HTML table, in the warehouse's local time."""
    return _table(
        "Deadlines",
        [
            ("handling start", deadlines.handling_start),
            ("ship by (pickup)", deadlines.ship_by),
            ("self-delivery by", deadlines.self_delivery_by),
            ("tracking by", deadlines.tracking_by),
            ("delivery window", f"{deadlines.delivery_earliest} .. {deadlines.delivery_latest}"),
        ],
    )


def assessment_html(assessment: Assessment, locale: str = "en") -> str:
    """Return an assessment: status, next deadline, violations (as sentences), fine, deadlines.

    >>> import datetime as dt
    >>> import halfmanaged as hm
    >>> cal = hm.WorkingCalendar.without_holidays(timezone="UTC")
    >>> order = hm.Order("A1", dt.datetime(2026, 11, 23, 10, 0, tzinfo=dt.UTC), cal)
    >>> late = dt.datetime(2026, 11, 26, 12, 0, tzinfo=dt.UTC)
    >>> "not_shipped" in assessment_html(hm.evaluate(order, hm.ShippingPolicy(1), as_of=late))
    True
    """
    status = assessment.status.value
    upcoming = assessment.next_deadline
    fine = assessment.fine
    head = (
        f"<p>Order <code>{escape(assessment.order.order_id)}</code> as of "
        f"{escape(_when(assessment.as_of))}: {_badge(status)}</p>"
    )
    parts = [head]
    if upcoming is not None:
        parts.append(
            f"<p>Next: {escape(upcoming.kind.value)} by {escape(_when(upcoming.due))} "
            f"({escape(_when(upcoming.time_left))} left)</p>"
        )
    if assessment.violations:
        items = "".join(
            f"<li><code>{escape(v.code.value)}</code> {escape(v.message(locale))}</li>"
            for v in assessment.violations
        )
        parts.append(f"<ul>{items}</ul>")
    if fine is not None:
        parts.append(f"<p>Fine: {escape(str(fine))}</p>")
    parts.append(deadlines_html(assessment.deadlines))
    return "<div class='halfmanaged-assessment'>" + "".join(parts) + "</div>"


def diagnosis_html(diagnosis: Diagnosis, locale: str = "en") -> str:
    """Return a diagnosis: the cause, whom to contact, the ranked candidates and open checks.

    >>> from halfmanaged import Incident, classify
    >>> "undetermined" in diagnosis_html(classify(Incident()))
    True
    """
    candidates = "".join(
        f"<tr><td>{escape(c.cause.value)}</td><td>{c.score}</td></tr>"
        for c in diagnosis.candidates
    )
    clues = "".join(f"<li>{escape(clue.message(locale))}</li>" for clue in diagnosis.clues)
    checks = "".join(f"<li>{escape(check.message(locale))}</li>" for check in diagnosis.checks)
    evidence = ", ".join(kind.value for kind in diagnosis.evidence_to_request)
    return (
        "<div class='halfmanaged-diagnosis'>"
        f"<p>Cause: <strong>{escape(diagnosis.cause.value)}</strong>; contact first: "
        f"{escape(diagnosis.contact_first.value)}; start at "
        f"{escape(diagnosis.start_stage.value)}</p>"
        f"<p>{escape(diagnosis.message(locale))}</p>"
        f"<table><tr><th>candidate</th><th>score</th></tr>{candidates}</table>"
        + (f"<p>Clues</p><ul>{clues}</ul>" if clues else "")
        + (f"<p>Open checks</p><ul>{checks}</ul>" if checks else "")
        + (f"<p>Evidence to request: {escape(evidence)}</p>" if evidence else "")
        + "</div>"
    )


def case_html(case: ResolutionCase) -> str:
    """Return a case: its stage, whose move, what is due by when, and its history.

    >>> import datetime as dt
    >>> import halfmanaged as hm
    >>> cal = hm.WorkingCalendar.for_country("DE", timezone="Europe/Berlin")
    >>> t0 = dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.UTC)
    >>> case = hm.ResolutionCase.open("C-<1>", cause=hm.Cause.CARRIER, calendar=cal, at=t0,
    ...                               by="ops")
    >>> "C-&lt;1&gt;" in case_html(case)
    True
    """
    waiting = case.waiting_on
    history = "".join(
        "<tr>"
        f"<td>{e.seq}</td><td>{escape(_when(e.at))}</td><td>{escape(e.action.value)}</td>"
        f"<td>{escape(e.by)}</td><td>{escape(_when(e.from_stage))} &rarr; "
        f"{escape(e.to_stage.value)}</td><td>{escape(e.note or '')}</td>"
        "</tr>"
        for e in case.history
    )
    return (
        "<div class='halfmanaged-case'>"
        + _table(
            f"Case {case.case_id}",
            [
                ("stage", case.stage),
                ("whose move", waiting if waiting is not None else "nobody (closed)"),
                ("responsible", case.responsible),
                ("due", case.due),
                ("outcome", case.outcome),
            ],
        )
        + "<table><caption>History</caption><tr><th>#</th><th>at</th><th>action</th>"
        f"<th>by</th><th>stage</th><th>note</th></tr>{history}</table>"
        "</div>"
    )


def case_markdown(case: ResolutionCase) -> str:
    """Return a case as Markdown: a summary line and its workflow as a Mermaid diagram.

    The current stage is highlighted, so the diagram says where the case stands.

    >>> import datetime as dt
    >>> import halfmanaged as hm
    >>> cal = hm.WorkingCalendar.for_country("DE", timezone="Europe/Berlin")
    >>> t0 = dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.UTC)
    >>> case = hm.ResolutionCase.open("C-1", cause=hm.Cause.CARRIER, calendar=cal, at=t0, by="ops")
    >>> print(case_markdown(case).splitlines()[2])
    ```mermaid
    """
    from halfmanaged._workflow_definition import to_mermaid  # noqa: PLC0415 - when shown

    diagram = to_mermaid().rstrip("\n")
    stage = case.stage.value
    diagram += f"\n    classDef current fill:#fff8c5,stroke:#9a6700\n    class {stage} current"
    due = f", due {_when(case.due)}" if case.due is not None else ""
    summary = f"**Case {_md(case.case_id)}**: stage `{stage}`{_md(due)}"
    return f"{summary}\n\n```mermaid\n{diagram}\n```\n"


def _md(text: str) -> str:
    """Escape text for Markdown (and the HTML it becomes)."""
    for char in "\\`*_[]#|":
        text = text.replace(char, "\\" + char)
    return escape(text, quote=False)
