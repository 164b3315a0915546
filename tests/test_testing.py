"""The public testing helpers give the values they promise."""

from __future__ import annotations

import datetime as dt

import pytest

import halfmanaged as hm
from halfmanaged import testing
from halfmanaged.errors import FieldTypeError


def test_on_time_record_breaks_no_rule_at_any_promise() -> None:
    """An on-time record, delivered or not, is clean under both promises."""
    order = testing.sample_order(value=hm.Money("10.00", "EUR"))
    for promise in (1, 2):
        policy = hm.ShippingPolicy(promise)
        record = testing.on_time_record(order, policy, delivered=True)
        a = hm.evaluate(order, policy, record, as_of=record.delivered_at)  # type: ignore[arg-type]
        assert a.violations == ()
        assert a.status is hm.Status.FULFILLED


def test_late_record_is_late_by_the_amount_asked() -> None:
    """A record one day late gives a late pickup of exactly one day."""
    order = testing.sample_order()
    policy = hm.ShippingPolicy(1)
    record = testing.late_record(order, policy, by=testing.DAY)
    a = hm.evaluate(order, policy, record, as_of=record.picked_up_at)  # type: ignore[arg-type]
    late = {v.code: v for v in a.violations}
    assert late[hm.RuleCode.LATE_PICKUP].late_by == dt.timedelta(days=1)


def test_fixed_calendar_has_weekends_only() -> None:
    """Christmas is worked, Saturday is not, in any zone asked for."""
    cal = testing.fixed_calendar("America/New_York")
    assert cal.is_working_day(dt.date(2026, 12, 25))
    assert not cal.is_working_day(dt.date(2026, 12, 26))
    assert cal.timezone == "America/New_York"


def test_open_case_starts_where_the_cause_says() -> None:
    """A seller-caused case starts by contacting the seller."""
    case = testing.open_case(hm.Cause.SELLER)
    assert case.stage is hm.Stage.SELLER_CONTACTED
    assert case.version == 1


def test_on_time_record_takes_a_bool_for_delivered() -> None:
    """A truthy string is not a yes."""
    order = testing.sample_order()
    with pytest.raises(FieldTypeError, match="delivered"):
        testing.on_time_record(order, hm.ShippingPolicy(1), delivered="no")  # type: ignore[arg-type]
