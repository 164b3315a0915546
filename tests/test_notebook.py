"""Notebook renderers: real values shown as escaped HTML, a case's workflow as Mermaid."""

from __future__ import annotations

import datetime as dt
import html

from halfmanaged import (
    Cause,
    Incident,
    Money,
    Order,
    PenaltySchedule,
    PenaltyTier,
    ResolutionCase,
    ShipmentRecord,
    ShippingPolicy,
    WorkingCalendar,
    classify,
    compute_deadlines,
    evaluate,
)
from halfmanaged._notebook import (
    assessment_html,
    case_html,
    case_markdown,
    deadlines_html,
    diagnosis_html,
)

CAL = WorkingCalendar.for_country("DE", timezone="Europe/Berlin")
EVIL = "<script>alert('x')</script>"
T0 = dt.datetime(2026, 11, 23, 10, 0, tzinfo=CAL.tzinfo)  # a Monday


def test_deadlines_show_local_times() -> None:
    """Ship-by shows in the warehouse's local time, with its zone's abbreviation."""
    shown = deadlines_html(compute_deadlines(Order("A1", T0, CAL), ShippingPolicy(1)))
    assert "2026-11-24 15:00 CET" in shown
    assert "2026-11-26 .. " in shown  # the window opens 2 working days after ship-by


def test_assessment_shows_status_violations_and_fine_escaped() -> None:
    """A late order: breached, each violation's sentence, the fine; the order id is escaped."""
    policy = ShippingPolicy(1, penalties=PenaltySchedule([PenaltyTier(1, fixed=Money(5, "EUR"))]))
    late = dt.datetime(2026, 11, 26, 12, 0, tzinfo=dt.UTC)
    a = evaluate(Order(EVIL, T0, CAL), policy, ShipmentRecord(), as_of=late)
    shown = assessment_html(a)
    assert "<script>" not in shown
    assert html.escape(EVIL) in shown
    assert "breached" in shown
    assert "not_shipped" in shown
    assert html.escape(a.violations[0].message()) in shown
    assert "5 EUR" in shown
    assert html.escape(a.violations[0].message("zh-CN")) in assessment_html(a, "zh-CN")


def test_diagnosis_shows_cause_candidates_and_checks() -> None:
    """An undetermined diagnosis lists its candidates and the check that would decide."""
    dx = classify(Incident())
    shown = diagnosis_html(dx)
    assert "undetermined" in shown
    assert html.escape(dx.checks[0].message()) in shown
    assert shown.count("<tr>") == len(dx.candidates) + 1


def test_case_shows_stage_whose_move_due_and_history() -> None:
    """A case: its stage, whose move it is, what is due, every event of its history."""
    case = ResolutionCase.open(
        EVIL, cause=Cause.CARRIER, calendar=CAL, at=T0, by="ops<1>", note="a & b"
    )
    shown = case_html(case)
    assert "<script>" not in shown
    assert case.stage.value in shown
    assert str(case.waiting_on.value) in shown  # type: ignore[union-attr]
    assert case.due is not None
    assert case.due.strftime("%Y-%m-%d %H:%M") in shown
    assert "ops&lt;1&gt;" in shown
    assert "a &amp; b" in shown
    assert shown.count("<td>") >= 6 * len(case.history)


def test_case_markdown_is_a_mermaid_diagram_marking_the_stage() -> None:
    """The Markdown holds the workflow as a Mermaid state diagram, the current stage marked."""
    case = ResolutionCase.open("C_1", cause=Cause.SELLER, calendar=CAL, at=T0, by="ops")
    text = case_markdown(case)
    assert "```mermaid\nstateDiagram-v2\n" in text
    assert f"class {case.stage.value} current" in text
    assert text.startswith("**Case C\\_1**")


def test_values_render_themselves_in_jupyter() -> None:
    """Jupyter calls _repr_html_ (and a case's _repr_markdown_): the renderers above answer."""
    order = Order(EVIL, T0, CAL)
    deadlines = compute_deadlines(order, ShippingPolicy(1))
    assessment = evaluate(order, ShippingPolicy(1), as_of=T0)
    diagnosis = classify(Incident())
    case = ResolutionCase.open("C-1", cause=Cause.CARRIER, calendar=CAL, at=T0, by="ops")
    assert deadlines._repr_html_() == deadlines_html(deadlines)
    assert assessment._repr_html_() == assessment_html(assessment)
    assert diagnosis._repr_html_() == diagnosis_html(diagnosis)
    assert case._repr_html_() == case_html(case)
    assert case._repr_markdown_() == case_markdown(case)
    assert "<script>" not in assessment._repr_html_()
