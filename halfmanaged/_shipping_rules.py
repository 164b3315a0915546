"""The shipping rules: how each deadline is computed and what each violation means.

The middle of the engine's three layers: :mod:`halfmanaged.shipping` (entry points, results)
over this module over :mod:`halfmanaged._shipping_values`. One small named function per rule,
each citing its section of docs/rules.md; the engine picks the rules a record can break from
a small table keyed by what the record holds.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Final, TypeAlias

import attrs

from halfmanaged._shipping_values import (
    _MIDNIGHT,
    _ONE_DAY,
    ClockStart,
    Hold,
    JudgeBy,
    Order,
    RuleCode,
    SelfDeliveryFrom,
    ShipmentRecord,
    ShippingPolicy,
    _elapsed,
    _later,
)
from halfmanaged._validators import utc_time
from halfmanaged.calendar import WorkingCalendar
from halfmanaged.messages import (
    Locale,
    as_locale,
    clock_duration,
    local_time,
    render,
    working_duration,
)

_Rule: TypeAlias = Callable[
    [Order, ShippingPolicy, ShipmentRecord, "Deadlines", dt.datetime], "Violation | None"
]


@attrs.frozen
class _Day:
    """The deadlines every order of one local date shares (on one side of the cutoff)."""

    handling_start: dt.date
    ship_by: dt.datetime
    tracking_by: dt.datetime
    delivery_earliest: dt.date
    delivery_latest: dt.date
    delivery_closes_at: dt.datetime
    # The same instants in UTC: rules compare in UTC, where Python's comparisons are exact and
    # cheapest (two datetimes sharing a zone compare by wall clock, wrong across a DST switch).
    ship_utc: dt.datetime = attrs.field(eq=False)
    tracking_utc: dt.datetime = attrs.field(eq=False)
    closes_utc: dt.datetime = attrs.field(eq=False)
    # 00:00 warehouse time on the handling-start date (where self-delivery starts by default),
    # and 00:00 on the last day of the delivery window (from which the order is at risk).
    start_utc: dt.datetime = attrs.field(eq=False)
    last_day_utc: dt.datetime = attrs.field(eq=False)
    # Only in an order's own copy: the computed ship-by when the policy judges by another one,
    # and the start (UTC) of an open hold, from which no deadline can be broken while it lasts.
    # Here rather than in Deadlines, whose every field costs each order its construction.
    computed: dt.datetime | None = None
    suspended: dt.datetime | None = None


@attrs.frozen(repr=False)
class Deadlines:
    """An order's deadlines, in the warehouse's time zone (delivery on the destination's clock).

    ``handling_start`` is the working day the promise counts from; ``ship_by`` the pickup
    deadline; ``self_delivery_by`` the self-delivery deadline; ``tracking_by`` the tracking
    upload deadline; the parcel should be delivered between ``delivery_earliest`` and
    ``delivery_latest`` (inclusive), that is before ``delivery_closes_at``. Build it with
    :func:`compute_deadlines`.

    >>> import halfmanaged as hm
    >>> import datetime as dt
    >>> cal = hm.WorkingCalendar.without_holidays(timezone="Europe/Warsaw")
    >>> order = hm.Order("A1", dt.datetime(2026, 11, 28, 9, 0, tzinfo=cal.tzinfo), cal)  # Saturday
    >>> hm.compute_deadlines(order, hm.ShippingPolicy(1)).ship_by.isoformat()  # Tuesday
    '2026-12-01T15:00:00+01:00'
    """

    # The 48-hour deadline in UTC, and everything else, which is the same for every order of
    # a day: one shared value (an order with holds or a platform deadline has its own).
    _self_utc: dt.datetime
    _day: _Day

    def _repr_html_(self) -> str:
        from halfmanaged import _notebook  # noqa: PLC0415  (only a notebook pays for it)

        return _notebook.deadlines_html(self)

    def __repr__(self) -> str:
        day = self._day
        return (
            f"Deadlines(handling_start={day.handling_start!r}, ship_by={day.ship_by!r}, "
            f"self_delivery_by={self.self_delivery_by!r}, tracking_by={day.tracking_by!r}, "
            f"delivery_earliest={day.delivery_earliest!r}, "
            f"delivery_latest={day.delivery_latest!r})"
        )

    @property
    def self_delivery_by(self) -> dt.datetime:
        """The start of the self-delivery window plus its length, in absolute time."""
        return self._self_utc.astimezone(self._day.ship_by.tzinfo)

    @property
    def handling_start(self) -> dt.date:
        """The working day the promise counts from."""
        return self._day.handling_start

    @property
    def ship_by(self) -> dt.datetime:
        """The pickup cutoff on the last promised working day."""
        return self._day.ship_by

    @property
    def tracking_by(self) -> dt.datetime:
        """When carrier and tracking number must be on the platform."""
        return self._day.tracking_by

    @property
    def delivery_earliest(self) -> dt.date:
        """The first day of the delivery window."""
        return self._day.delivery_earliest

    @property
    def delivery_latest(self) -> dt.date:
        """The last day of the delivery window."""
        return self._day.delivery_latest

    @property
    def delivery_closes_at(self) -> dt.datetime:
        """The first instant after the delivery window, on the destination's clock."""
        return self._day.delivery_closes_at

    @property
    def handover_by(self) -> dt.datetime:
        """The last moment a handover can still be on time, by either route.

        >>> import halfmanaged as hm
        >>> import datetime as dt
        >>> cal = hm.WorkingCalendar.without_holidays(timezone="UTC")
        >>> order = hm.Order("A1", dt.datetime(2026, 11, 23, 10, 0, tzinfo=dt.UTC), cal)
        >>> hm.compute_deadlines(order, hm.ShippingPolicy(1)).handover_by.isoformat()
        '2026-11-25T10:00:00+00:00'
        """
        day = self._day
        return self.self_delivery_by if self._self_utc > day.ship_utc else day.ship_by

    @property
    def computed_ship_by(self) -> dt.datetime:
        """The library's own ship-by, also when the policy judges by the platform's.

        >>> import halfmanaged as hm
        >>> import datetime as dt
        >>> cal = hm.WorkingCalendar.without_holidays(timezone="UTC")
        >>> eight = dt.datetime(2026, 11, 24, 8, 0, tzinfo=dt.UTC)
        >>> due = hm.PlatformDeadline(eight, "over_time_left")
        >>> order = hm.Order("A1", dt.datetime(2026, 11, 23, 10, 0, tzinfo=dt.UTC), cal,
        ...               platform_deadline=due)
        >>> d = hm.compute_deadlines(order, hm.ShippingPolicy(1, judge_by="earlier"))
        >>> d.ship_by.isoformat(), d.computed_ship_by.isoformat()
        ('2026-11-24T08:00:00+00:00', '2026-11-24T15:00:00+00:00')
        """
        computed = self._day.computed
        return self._day.ship_by if computed is None else computed

    @property
    def suspended_since(self) -> dt.datetime | None:
        """When an open hold stopped the clock (warehouse time), or ``None``.

        While it lasts no deadline from then on can be broken (docs/rules.md#reading-holds).
        """
        suspended = self._day.suspended
        if suspended is None:
            return None
        return suspended.astimezone(self._day.ship_by.tzinfo)


def _answers(order: Order, policy: ShippingPolicy, start: dt.date, ship_by: dt.datetime) -> _Day:
    """Return the deadlines of a handling start and ship-by (docs/rules.md#reading-ship-by)."""
    cal = order.warehouse
    tracking_by = (ship_by.astimezone(dt.UTC) + policy.tracking_grace).astimezone(cal.tzinfo)
    # docs/rules.md#reading-delivery-window: the ship-by date + transit working days, on the
    # destination's calendar when there is one.
    transit = policy.transit_for(order.delivery_region)
    counted_on = order.destination or cal
    ship_date = ship_by.date()
    latest = counted_on.add_working_days(ship_date, transit.max_days)
    closes_at = counted_on.at(latest + _ONE_DAY, _MIDNIGHT)
    return _Day(
        start,
        ship_by,
        tracking_by,
        counted_on.add_working_days(ship_date, transit.min_days),
        latest,
        closes_at,
        ship_by.astimezone(dt.UTC),
        tracking_by.astimezone(dt.UTC),
        closes_at.astimezone(dt.UTC),
        cal.at(start, _MIDNIGHT).astimezone(dt.UTC),
        counted_on.at(latest, _MIDNIGHT).astimezone(dt.UTC),
    )


def _day_answers(order: Order, policy: ShippingPolicy, local_date: dt.date, late: bool) -> _Day:
    """Return the deadlines shared by orders whose clock starts on ``local_date``."""
    cal = order.warehouse
    # docs/rules.md#reading-handling-start: the clock's local date if it is a working day and
    # the clock started before the order cutoff, else the next working day.
    start = cal.next_working_day(local_date) if late else cal.roll_forward(local_date)
    ship_by = cal.at(cal.add_working_days(start, policy.promise_days), policy.pickup_cutoff)
    return _answers(order, policy, start, ship_by)


def _self_delivery_utc(clock: dt.datetime, policy: ShippingPolicy, day: _Day) -> dt.datetime:
    """Return the self-delivery deadline in UTC (docs/rules.md#reading-self-delivery)."""
    start = clock.astimezone(dt.UTC)
    if policy.self_delivery_from is SelfDeliveryFrom.HANDLING_START and day.start_utc > start:
        start = day.start_utc
    # Absolute time: in UTC, since aware + timedelta is wall-clock arithmetic elsewhere.
    return start + policy.self_delivery_window


def _clock_start(order: Order, policy: ShippingPolicy) -> dt.datetime:
    """Return when the ship clock starts (docs/rules.md#reading-clock-start)."""
    choice = policy.clock_start
    if choice is ClockStart.CREATION:
        return order.placed_at
    if choice is ClockStart.RISK_CLEARED and order.risk_cleared_at is not None:
        return order.risk_cleared_at
    return order.paid_at if order.paid_at is not None else order.placed_at


_Span: TypeAlias = tuple[dt.datetime, dt.datetime]


def _read_holds(
    clock: dt.datetime, holds: tuple[Hold, ...]
) -> tuple[dt.datetime, list[_Span], dt.datetime | None]:
    """Split holds (docs/rules.md#reading-holds) into what they do, all in UTC.

    Return the clock start moved past every hold in effect when it would start, the closed
    holds that begin after it (merged where they overlap, in order), and the start of the
    first open hold, if any (from then on the clock stands still).
    """
    start = clock.astimezone(dt.UTC)
    spans: list[_Span] = []
    suspended: dt.datetime | None = None
    for hold in sorted(holds, key=lambda h: utc_time("holds", h.start)):
        begins = hold.start.astimezone(dt.UTC)
        ends = None if hold.end is None else utc_time("holds", hold.end)
        if ends is None:
            suspended = max(begins, start)
            break  # the clock stands still from here; nothing later can move it
        if begins <= start:
            start = max(start, ends)  # in effect when the clock would start: it starts after
        elif spans and begins <= spans[-1][1]:
            spans[-1] = (spans[-1][0], max(spans[-1][1], ends))
        else:
            spans.append((begins, ends))
    return start, spans, suspended


_TICK: Final = dt.timedelta(microseconds=1)


def _held(order: Order, policy: ShippingPolicy, day: _Day, spans: list[_Span]) -> _Day:
    """Extend ship-by by the working days the holds covered inside the handling window.

    Any part of a working day counts that day; a day two holds share counts once; a hold that
    begins once ship-by has passed extends nothing.
    """
    cal = order.warehouse
    tz = cal.tzinfo
    ship_utc = day.ship_utc
    extra = 0
    counted: dt.date | None = None  # the last local date already counted
    for held_from, ends in spans:
        if held_from >= ship_utc:
            break
        begins = max(held_from, day.start_utc)
        if ends <= begins:
            continue
        first = begins.astimezone(tz).date()
        last = (ends - _TICK).astimezone(tz).date()
        if counted is not None and first <= counted:
            first = counted + _ONE_DAY
        if first <= last:
            extra += cal.working_days_between(first, last + _ONE_DAY)
            counted = last
        ship_date = cal.add_working_days(day.handling_start, policy.promise_days + extra)
        ship_utc = cal.at(ship_date, policy.pickup_cutoff).astimezone(dt.UTC)
    if not extra:
        return day
    return _answers(order, policy, day.handling_start, ship_utc.astimezone(tz))


def _held_self_delivery(
    self_utc: dt.datetime, opens: dt.datetime, spans: list[_Span]
) -> dt.datetime:
    """Extend the self-delivery deadline by the clock time holds stopped its window."""
    for held_from, ends in spans:
        if held_from >= self_utc:
            break
        begins = max(held_from, opens)
        if ends > begins:
            self_utc += ends - begins
    return self_utc


def _judged(order: Order, policy: ShippingPolicy, day: _Day) -> _Day:
    """Replace ship-by by the platform's countdown or the earlier of the two, as the policy says.

    docs/rules.md#reading-platform-deadline: the tracking deadline and the delivery window
    follow the ship-by judged by.
    """
    platform = order.platform_deadline
    if platform is None or policy.judge_by is JudgeBy.COMPUTED:
        return day
    at = utc_time("platform_deadline.at", platform.at)
    if policy.judge_by is JudgeBy.EARLIER and at >= day.ship_utc:
        return day
    return _answers(order, policy, day.handling_start, at.astimezone(order.warehouse.tzinfo))


@attrs.frozen
class Violation:
    """One broken rule: its code, deadline, what happened and how late.

    ``deadline`` and ``actual`` are in the warehouse's time zone (``None`` for rules without a
    deadline, or when nothing happened yet); ``late_by`` is absolute time, and
    ``working_days_late`` counts the working days after the deadline's day up to the actual
    (or assessment) day. ``value`` holds the offending value of a rule without a deadline.

    >>> import halfmanaged as hm
    >>> import datetime as dt
    >>> v = hm.Violation(hm.RuleCode.MODE_NOT_ALLOWED, value="consignment")
    >>> v.message()
    'Fulfilment mode consignment is not allowed: semi-managed orders ship JIT only.'
    >>> v.message("zh-CN")
    '不允许的发货模式 consignment：半托管仅支持 JIT（即时发货）。'
    """

    code: RuleCode
    deadline: dt.datetime | None = None
    actual: dt.datetime | None = None
    late_by: dt.timedelta | None = None
    working_days_late: int | None = None
    value: str | None = None

    @property
    def facts(self) -> tuple[tuple[str, str], ...]:
        """The violation's details as ``(name, text)`` pairs, as clues and blockers have them.

        Only what is set, in this order: ``deadline`` and ``actual`` (ISO 8601 in UTC),
        ``late_by`` (an ISO 8601 duration in seconds), ``working_days_late`` and ``value``.
        The typed attributes stay the way to compute with them.

        >>> import halfmanaged as hm
        >>> import datetime as dt
        >>> due = dt.datetime(2026, 11, 24, 15, 0, tzinfo=dt.timezone(dt.timedelta(hours=1)))
        >>> late = hm.Violation(hm.RuleCode.NOT_SHIPPED, deadline=due,
        ...                     late_by=dt.timedelta(hours=18, minutes=30), working_days_late=1)
        >>> late.facts
        (('deadline', '2026-11-24T14:00:00+00:00'), ('late_by', 'PT66600S'), \
('working_days_late', '1'))
        >>> hm.Violation(hm.RuleCode.MODE_NOT_ALLOWED, value="consignment").facts
        (('value', 'consignment'),)
        """
        facts: list[tuple[str, str]] = []
        if self.deadline is not None:
            facts.append(("deadline", self.deadline.astimezone(dt.UTC).isoformat()))
        if self.actual is not None:
            facts.append(("actual", self.actual.astimezone(dt.UTC).isoformat()))
        if self.late_by is not None:
            facts.append(("late_by", _iso_duration(self.late_by)))
        if self.working_days_late is not None:
            facts.append(("working_days_late", str(self.working_days_late)))
        if self.value is not None:
            facts.append(("value", self.value))
        return tuple(facts)

    def message(self, locale: Locale | str = Locale.EN) -> str:
        """Say what went wrong, for a seller, in English or Simplified Chinese."""
        loc = as_locale(locale)
        # Times are already in the zone of the place the rule is about (warehouse or
        # destination); lateness is clock time, and working days where the rule counts them.
        fields = {
            "deadline": local_time(self.deadline) if self.deadline else "",
            "actual": local_time(self.actual) if self.actual else "",
            "late_by": clock_duration(self.late_by, loc) if self.late_by is not None else "",
            "working_days": working_duration(self.working_days_late or 0, "days", loc),
            "value": self.value or "",
        }
        return render(f"shipping.{self.code.value}", fields, loc)


def _iso_duration(delta: dt.timedelta) -> str:
    """Return ``delta`` as an exact ISO 8601 duration in seconds: ``PT66600S``, ``PT0.5S``."""
    sign = "-" if delta < dt.timedelta(0) else ""
    delta = abs(delta)
    seconds = delta.days * 86_400 + delta.seconds
    fraction = f".{delta.microseconds:06d}".rstrip("0") if delta.microseconds else ""
    return f"{sign}PT{seconds}{fraction}S"


def _late(
    code: RuleCode,
    cal: WorkingCalendar,
    deadline: dt.datetime,
    actual: dt.datetime | None,
    until: dt.datetime,
) -> Violation:
    tz = cal.tzinfo
    deadline_local = deadline if deadline.tzinfo is tz else deadline.astimezone(tz)
    until_local = until if until.tzinfo is tz else until.astimezone(tz)
    days = cal.working_days_between(
        deadline_local.date() + _ONE_DAY, until_local.date() + _ONE_DAY
    )
    return Violation(
        code,
        deadline=deadline_local,
        actual=None
        if actual is None
        else until_local
        if actual is until
        else actual.astimezone(tz),
        late_by=_elapsed(until, deadline),
        working_days_late=max(days, 0),
    )


def _before_order(cal: WorkingCalendar, handover: dt.datetime) -> Violation:
    return Violation(RuleCode.HANDOVER_BEFORE_ORDER, actual=handover.astimezone(cal.tzinfo))


def _handover_rule(
    order: Order, policy: ShippingPolicy, r: ShipmentRecord, d: Deadlines, as_of: dt.datetime
) -> Violation | None:
    """Carrier pickup by ship-by, or self-delivery in 48 h (docs/rules.md#shipping-4).

    Nothing handed over by the later of the two deadlines is "not shipped"; a handover
    before the order was placed is false shipment. A handover at an unknown time
    (docs/rules.md#reading-handover) breaks nothing this rule can know.
    """
    cal = order.warehouse
    ship_by = d._day.ship_utc
    if r.picked_up_at is not None:
        handover = r.picked_up_at
        if handover > ship_by:  # so after the order, which always precedes ship-by
            return _late(RuleCode.LATE_PICKUP, cal, ship_by, handover, handover)
    elif r.self_delivered_at is not None:
        handover = r.self_delivered_at
        if handover > d._self_utc:
            return _late(RuleCode.LATE_SELF_DELIVERY, cal, d._self_utc, handover, handover)
    else:
        if r.handover_time_unknown:
            return None
        last = d._self_utc if d._self_utc > ship_by else ship_by
        if as_of > last:
            return _late(RuleCode.NOT_SHIPPED, cal, last, None, as_of)
        return None
    # On time, unless too early: a handover before the order is false shipment.
    if _later(order.placed_at, handover):
        return _before_order(cal, handover)
    return None


def _tracking_rule(
    order: Order, policy: ShippingPolicy, r: ShipmentRecord, d: Deadlines, as_of: dt.datetime
) -> Violation | None:
    """Upload carrier and tracking number in time (docs/rules.md#reading-tracking-due)."""
    uploaded = r.tracking_uploaded_at
    if uploaded is not None:
        if uploaded > d._day.tracking_utc:
            return _late(
                RuleCode.TRACKING_NOT_UPLOADED,
                order.warehouse,
                d._day.tracking_utc,
                uploaded,
                uploaded,
            )
        return None
    if as_of > d._day.tracking_utc:
        return _late(
            RuleCode.TRACKING_NOT_UPLOADED, order.warehouse, d._day.tracking_utc, None, as_of
        )
    return None


def _mode_rule(
    order: Order, policy: ShippingPolicy, r: ShipmentRecord, d: Deadlines, as_of: dt.datetime
) -> Violation | None:
    """Semi-managed ships in JIT mode only (docs/rules.md#shipping-3)."""
    if r.mode is not None and r.mode is not policy.mode:
        return Violation(RuleCode.MODE_NOT_ALLOWED, value=r.mode.value)
    return None


def _route_rule(
    order: Order, policy: ShippingPolicy, r: ShipmentRecord, d: Deadlines, as_of: dt.datetime
) -> Violation | None:
    """Ship only on the allowed routes, once the carrier is known (docs/rules.md#shipping-5)."""
    if not policy.routes or r.carrier is None:
        return None
    origin = r.shipped_from or order.warehouse.country
    region = order.delivery_region
    if any(rule.allows(r.carrier, r.service, origin, region) for rule in policy.routes):
        return None
    route = " / ".join(part for part in (r.carrier, r.service, origin, region) if part)
    return Violation(RuleCode.ROUTE_NOT_ALLOWED, value=route)


def _overseas_rule(
    order: Order, policy: ShippingPolicy, r: ShipmentRecord, d: Deadlines, as_of: dt.datetime
) -> Violation | None:
    """Fulfil from an overseas warehouse (docs/rules.md#reading-overseas)."""
    if not policy.require_overseas_warehouse:
        return None
    origin = r.shipped_from or order.warehouse.country
    if origin is not None and origin == policy.home_country:
        # What is known is where the order is fulfilled from, not that a parcel left.
        return Violation(RuleCode.NOT_FROM_OVERSEAS_WAREHOUSE, value=origin)
    return None


def _delivery_rule(
    order: Order, policy: ShippingPolicy, r: ShipmentRecord, d: Deadlines, as_of: dt.datetime
) -> Violation | None:
    """Delivered by the end of the delivery window (docs/rules.md#reading-delivery-window)."""
    delivered = r.delivered_at
    end = d.delivery_closes_at
    if delivered is None or delivered < d._day.closes_utc:  # on time before the window closes
        return None
    counted_on = order.destination or order.warehouse
    delivered_on = delivered.astimezone(counted_on.tzinfo).date()
    return Violation(
        RuleCode.DELIVERED_LATE,
        deadline=end,
        actual=delivered.astimezone(counted_on.tzinfo),
        late_by=_elapsed(delivered, end),
        working_days_late=counted_on.working_days_between(end.date(), delivered_on + _ONE_DAY),
    )


def _overdue_rule(
    order: Order, policy: ShippingPolicy, r: ShipmentRecord, d: Deadlines, as_of: dt.datetime
) -> Violation | None:
    """Flag a window closed with nothing delivered (docs/rules.md#reading-delivery-overdue).

    Counted in working days of the destination's calendar (else the warehouse's), from the day
    after the window up to the assessment day, as a late delivery would be.
    """
    closes = d._day.closes_utc
    if r.delivered_at is not None or as_of <= closes:
        return None
    counted_on = order.destination or order.warehouse
    end = d.delivery_closes_at
    until = as_of.astimezone(counted_on.tzinfo).date()
    return Violation(
        RuleCode.DELIVERY_OVERDUE,
        deadline=end,
        late_by=as_of - closes,
        working_days_late=counted_on.working_days_between(end.date(), until + _ONE_DAY),
    )


_DEADLINE_RULES: Final[tuple[_Rule, ...]] = (
    _handover_rule,
    _tracking_rule,
    _delivery_rule,
    _overdue_rule,
)


_RULES: Final[tuple[_Rule, ...]] = (
    _handover_rule,
    _tracking_rule,
    _mode_rule,
    _route_rule,
    _overseas_rule,
    _delivery_rule,
    _overdue_rule,
)


# Which rules can find anything in a record depends on three things it holds: a mode (else
# the mode rule has nothing to judge), a carrier (else the route is unknown) and a delivery
# (late delivery, else overdue delivery). One tuple of rules per combination, built once.
_MODE_KNOWN: Final = 1
_CARRIER_KNOWN: Final = 2
_DELIVERED: Final = 4
_IDLE: Final[dict[_Rule, Callable[[int], bool]]] = {
    _mode_rule: lambda shape: not shape & _MODE_KNOWN,
    _route_rule: lambda shape: not shape & _CARRIER_KNOWN,
    _delivery_rule: lambda shape: not shape & _DELIVERED,
    _overdue_rule: lambda shape: bool(shape & _DELIVERED),
}
_RULES_BY_SHAPE: Final = tuple(
    tuple(rule for rule in _RULES if not (rule in _IDLE and _IDLE[rule](shape)))
    for shape in range(8)
)


def rules_for(record: ShipmentRecord) -> tuple[_Rule, ...]:
    """Return the rules, in order, that can find something in ``record``."""
    return _RULES_BY_SHAPE[
        (record.mode is not None)
        | (record.carrier is not None) << 1
        | (record.delivered_at is not None) << 2
    ]


_FACTS: Final = frozenset(
    {
        RuleCode.MODE_NOT_ALLOWED,
        RuleCode.ROUTE_NOT_ALLOWED,
        RuleCode.NOT_FROM_OVERSEAS_WAREHOUSE,
        RuleCode.HANDOVER_BEFORE_ORDER,
    }
)
