"""Ready-made values for your own tests, so that nobody imports private modules.

A fixed calendar without public holidays, sample orders placed at a known time, records that
are on time or late by a chosen amount, and a case builder.

>>> import halfmanaged as hm
>>> from halfmanaged import testing
>>> order = testing.sample_order()
>>> policy = hm.ShippingPolicy(promise_days=1)
>>> hm.evaluate(order, policy, testing.on_time_record(order, policy),
...             as_of=testing.ORDER_TIME + testing.DAY * 3).status
<Status.ON_TRACK: 'on_track'>
"""

from __future__ import annotations

import datetime as dt
from typing import Final

from halfmanaged._vocab import Cause
from halfmanaged.calendar import WorkingCalendar
from halfmanaged.errors import DateOutOfRangeError, FieldTypeError
from halfmanaged.shipping import Money, Order, ShipmentRecord, ShippingPolicy, compute_deadlines
from halfmanaged.workflow import Handler, ResolutionCase

__all__ = [
    "DAY",
    "ORDER_TIME",
    "fixed_calendar",
    "late_record",
    "on_time_record",
    "open_case",
    "sample_order",
]

DAY: Final = dt.timedelta(days=1)
"""One day, for readable arithmetic in tests."""

_BERLIN: Final = WorkingCalendar.without_holidays(timezone="Europe/Berlin")

ORDER_TIME: Final = dt.datetime(2026, 11, 23, 10, 0, tzinfo=_BERLIN.tzinfo)
"""Monday 23 November 2026, 10:00 in Berlin: before the cutoff, on a working day."""


def fixed_calendar(timezone: str = "Europe/Berlin") -> WorkingCalendar:
    """Return a calendar with Saturday-Sunday weekends and no holidays, in ``timezone``.

    >>> fixed_calendar().is_working_day(dt.date(2026, 12, 25))
    True
    """
    if timezone == _BERLIN.timezone:
        return _BERLIN
    return WorkingCalendar.without_holidays(timezone=timezone)


def sample_order(
    order_id: str = "TEST-1",
    *,
    placed_at: dt.datetime = ORDER_TIME,
    warehouse: WorkingCalendar | None = None,
    destination: WorkingCalendar | None = None,
    region: str | None = None,
    value: Money | None = None,
) -> Order:
    """Return an order placed at ``placed_at`` (default :data:`ORDER_TIME`) in a fixed warehouse.

    >>> sample_order().placed_at.isoformat()
    '2026-11-23T10:00:00+01:00'
    """
    return Order(
        order_id,
        placed_at,
        warehouse or _BERLIN,
        destination=destination,
        region=region,
        value=value,
    )


def on_time_record(
    order: Order,
    policy: ShippingPolicy,
    *,
    carrier: str = "dhl",
    tracking_number: str = "RB123456785GB",
    delivered: bool = False,
) -> ShipmentRecord:
    """Return a record that meets every deadline: pickup an hour before ship-by, tracking first.

    With ``delivered`` the parcel arrives on the first day of the delivery window, at noon.

    >>> order = sample_order()
    >>> record = on_time_record(order, ShippingPolicy(2), delivered=True)
    >>> record.picked_up_at.isoformat(), record.delivered_at.date().isoformat()
    ('2026-11-25T14:00:00+01:00', '2026-11-27')
    """
    if type(delivered) is not bool:
        raise FieldTypeError("delivered", delivered, "bool")
    deadlines = compute_deadlines(order, policy)
    pickup = deadlines.ship_by - dt.timedelta(hours=1)
    delivered_at = None
    if delivered:
        cal = order.destination or order.warehouse
        delivered_at = cal.at(deadlines.delivery_earliest, dt.time(12, 0))
    return ShipmentRecord(
        picked_up_at=pickup,
        tracking_uploaded_at=pickup - dt.timedelta(hours=1),
        carrier=carrier,
        tracking_number=tracking_number,
        delivered_at=delivered_at,
        shipped_from=order.warehouse.country,
    )


def late_record(order: Order, policy: ShippingPolicy, *, by: dt.timedelta) -> ShipmentRecord:
    """Return a record whose carrier pickup (and tracking upload) come ``by`` after ship-by.

    >>> order = sample_order()
    >>> late_record(order, ShippingPolicy(1), by=DAY).picked_up_at.isoformat()
    '2026-11-25T15:00:00+01:00'
    """
    if not isinstance(by, dt.timedelta):
        raise FieldTypeError("by", by, "datetime.timedelta")
    try:
        when = compute_deadlines(order, policy).ship_by + by
    except OverflowError:
        raise DateOutOfRangeError("by", by) from None
    return ShipmentRecord(picked_up_at=when, tracking_uploaded_at=when, carrier="dhl")


def open_case(
    cause: Cause = Cause.CARRIER,
    *,
    case_id: str = "CASE-1",
    at: dt.datetime = ORDER_TIME,
    calendar: WorkingCalendar | None = None,
    handler: Handler = Handler.WAREHOUSE,
) -> ResolutionCase:
    """Return a resolution case opened for ``cause`` at ``at`` by a test user.

    >>> open_case().stage
    <Stage.CARRIER_CONTACTED: 'carrier_contacted'>
    """
    return ResolutionCase.open(
        case_id, at=at, by="test", calendar=calendar or _BERLIN, cause=cause, handler=handler
    )
