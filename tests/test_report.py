"""The pure report: queue, breaches, fines, rates over windows, and chunks that combine."""

from __future__ import annotations

import datetime as dt

import pytest

import halfmanaged as hm
from halfmanaged.errors import InvalidFieldError
from halfmanaged.report import Problem, RateKind, Thresholds, combine, summarize

BERLIN = hm.WorkingCalendar.for_country("DE", subdiv="BE", timezone="Europe/Berlin")
POLICY = hm.ShippingPolicy(
    promise_days=1,
    penalties=hm.PenaltySchedule([hm.PenaltyTier(1, percent="10")]),
    at_risk_window=dt.timedelta(hours=24),
)
NOW = dt.datetime(2026, 11, 26, 9, 0, tzinfo=BERLIN.tzinfo)  # Thursday


def _at(day: int, hour: int) -> dt.datetime:
    return dt.datetime(2026, 11, day, hour, 0, tzinfo=BERLIN.tzinfo)


def _entries() -> list[tuple[str, hm.Assessment]]:
    # Placed Mon 23rd 10:00, ship by Tue 24th 15:00: nothing shipped (2 working days late now).
    late = hm.Order("L1", _at(23, 10), BERLIN, value=hm.Money("50.00", "EUR"))
    # Placed Tue 24th 10:00, picked up Wed 25th 10:00 on time, tracking in time, valid S10.
    done = hm.Order("OK", _at(24, 10), BERLIN)
    record = hm.ShipmentRecord(
        picked_up_at=_at(25, 10),
        tracking_uploaded_at=_at(25, 11),
        carrier="Deutsche Post",
        tracking_number="RB123456785DE",  # a valid Deutsche Post S10
    )
    # Placed Wed 25th 10:00, ship by Thu 26th 15:00: 6 hours left, at risk.
    soon = hm.Order("R1", _at(25, 10), BERLIN)
    return [
        ("BER", hm.evaluate(late, POLICY, as_of=NOW)),
        ("BER", hm.evaluate(done, POLICY, record, as_of=NOW)),
        ("BER", hm.evaluate(soon, POLICY, as_of=NOW)),
    ]


def test_summary_by_hand() -> None:
    """Queue, breaches, fine and late-shipment rate of three orders counted by hand."""
    report = summarize(_entries(), as_of=NOW)
    assert report.orders == 3
    queue = [(r.order_id, r.time_left) for r in report.at_risk]
    assert queue == [("R1", dt.timedelta(hours=6))]
    breaches = {b.code: (b.orders, b.working_days_late) for b in report.breaches}
    # Not shipped by the later deadline, self-delivery Wed 25th 10:00: Thursday counts, 1 day.
    # Tracking was due Tue 24th 15:00: Wednesday and Thursday count, 2 days.
    assert breaches == {
        hm.RuleCode.NOT_SHIPPED: (1, 1),
        hm.RuleCode.TRACKING_NOT_UPLOADED: (1, 2),
    }
    assert [(f.total, f.orders) for f in report.fines] == [(hm.Money("5.00", "EUR"), 1)]
    rate = report.rate("BER", RateKind.LATE_SHIPMENT, 7)
    assert (rate.numerator, rate.denominator, rate.flagged) == (1, 2, True)
    tracking = report.rate("BER", RateKind.VALID_TRACKING, 7)
    assert (tracking.numerator, tracking.denominator) == (1, 2)
    assert report.offenders[0].order_id == "L1"


def test_chunks_combine_to_the_whole() -> None:
    """Summaries of parts of the input combine to the summary of all of it."""
    entries = _entries()
    whole = summarize(entries, as_of=NOW, problems=[Problem("f.csv", 9, None, "missing")])
    parts = [
        summarize(entries[:1], as_of=NOW),
        summarize(entries[1:], as_of=NOW, problems=[Problem("f.csv", 9, None, "missing")]),
    ]
    assert combine(parts) == whole


def test_windows_end_on_the_as_of_date() -> None:
    """A week later the 7-day window no longer holds the orders, the 30-day one does."""
    later = NOW + dt.timedelta(days=8)
    report = summarize(_entries(), as_of=later)
    assert report.rate("BER", RateKind.LATE_SHIPMENT, 7).denominator == 0
    assert report.rate("BER", RateKind.LATE_SHIPMENT, 7).value is None
    assert report.rate("BER", RateKind.LATE_SHIPMENT, 30).denominator == 3


def test_thresholds_are_shares_and_windows_positive() -> None:
    """Thresholds outside 0..1 and empty windows are refused by name."""
    with pytest.raises(InvalidFieldError, match="late_shipment"):
        Thresholds(late_shipment=1.5)
    with pytest.raises(InvalidFieldError, match="windows"):
        Thresholds(windows=())
    with pytest.raises(InvalidFieldError, match="horizon"):
        summarize([], as_of=NOW, horizon=dt.timedelta(hours=-1))


def test_combine_refuses_parts_of_different_runs() -> None:
    """Parts with different as-of times are not one report."""
    with pytest.raises(InvalidFieldError, match="reports"):
        combine([summarize([], as_of=NOW), summarize([], as_of=NOW + dt.timedelta(hours=1))])
