"""The semi-managed shipping rules (发货要求): deadlines, assessment, fines and the lifecycle.

The engine's public layer: entry points and result types, over the named rules
(:mod:`halfmanaged._shipping_rules`) over the values (:mod:`halfmanaged._shipping_values`).
Each rule cites its section of docs/rules.md. The article's numbers are policy parameters
with its values as defaults: promise of 1 or 2 working days, JIT
mode, carrier pickup before 15:00 or self-delivery within 48 hours, 2-5 working days of transit.

>>> import datetime as dt
>>> import halfmanaged as hm
>>> berlin = hm.WorkingCalendar.without_holidays(timezone="Europe/Berlin")
>>> placed = dt.datetime(2026, 11, 23, 10, 0, tzinfo=berlin.tzinfo)  # a Monday
>>> d = hm.compute_deadlines(hm.Order("A1", placed, berlin), hm.ShippingPolicy(promise_days=2))
>>> d.ship_by.isoformat(), d.delivery_earliest.isoformat(), d.delivery_latest.isoformat()
('2026-11-25T15:00:00+01:00', '2026-11-27', '2026-12-02')
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Final, TypeAlias

import attrs

from halfmanaged._shipping_rules import (
    _DEADLINE_RULES,
    _FACTS,
    _RULES_BY_SHAPE,
    Deadlines,
    Violation,
    _clock_start,
    _Day,
    _day_answers,
    _held,
    _held_self_delivery,
    _judged,
    _read_holds,
    _Rule,
    _self_delivery_utc,
    _Span,
    rules_for,
)
from halfmanaged._shipping_values import (
    _MIDNIGHT,
    _ONE_DAY,
    ClockStart,
    DeadlineKind,
    DeadlineSource,
    EarlierDeadline,
    FulfilmentMode,
    FulfilmentStep,
    Hold,
    HoldReason,
    JudgeBy,
    Money,
    Order,
    PenaltySchedule,
    PenaltyTier,
    PlatformDeadline,
    RouteRule,
    RuleCode,
    SelfDeliveryFrom,
    ShipmentRecord,
    ShippingPolicy,
    Status,
    TransitTime,
    _elapsed,
    _later,
)
from halfmanaged._validators import check_aware, tuple_of
from halfmanaged.calendar import WorkingCalendar
from halfmanaged.errors import (
    DateOutOfRangeError,
    FieldTypeError,
    InvalidFieldError,
    InvalidRecordError,
)

__all__ = [
    "Assessment",
    "ClockStart",
    "Deadline",
    "DeadlineDrift",
    "DeadlineKind",
    "DeadlineSource",
    "Deadlines",
    "EarlierDeadline",
    "FulfilmentMode",
    "FulfilmentStep",
    "Hold",
    "HoldReason",
    "JudgeBy",
    "Money",
    "Order",
    "ParcelAssessment",
    "PenaltySchedule",
    "PenaltyTier",
    "PlatformDeadline",
    "Progress",
    "RouteRule",
    "RuleCode",
    "SelfDeliveryFrom",
    "ShipmentRecord",
    "ShippingPolicy",
    "Status",
    "TransitTime",
    "Violation",
    "compare_deadlines",
    "compute_deadlines",
    "evaluate",
]


def _adjusted(order: Order, policy: ShippingPolicy) -> Deadlines:
    """Deadlines of an order with a later clock start, holds or a platform deadline."""
    clock = _clock_start(order, policy)
    spans: list[_Span] = []
    suspended = None
    if order.holds:
        clock, spans, suspended = _read_holds(clock, order.holds)
    cal = order.warehouse
    day = _local_day(order, policy, _tables(policy, cal, order.destination, order.region), clock)
    self_utc = _self_delivery_utc(clock, policy, day)
    if spans:
        opens = self_utc - policy.self_delivery_window
        self_utc = _held_self_delivery(self_utc, opens, spans)
        day = _held(order, policy, day, spans)
    judged = _judged(order, policy, day)
    if judged is not day or suspended is not None:
        computed = None if judged is day else day.ship_by
        judged = attrs.evolve(judged, computed=computed, suspended=suspended)
    return Deadlines(self_utc, judged)


def compute_deadlines(order: Order, policy: ShippingPolicy) -> Deadlines:
    """Return an order's deadlines under ``policy`` (docs/rules.md#reading-ship-by).

    ``ship_by`` is the pickup cutoff on the working day ``promise_days`` working days after
    the handling start; ``self_delivery_by`` is ``placed_at`` plus the self-delivery window in
    absolute time (47 or 49 wall-clock hours across a DST switch).

    >>> import halfmanaged as hm
    >>> import datetime as dt
    >>> cal = hm.WorkingCalendar.without_holidays(timezone="Europe/Berlin")
    >>> wed = dt.datetime(2026, 11, 25, 16, 0, tzinfo=cal.tzinfo)  # after the 15:00 cutoff
    >>> hm.compute_deadlines(hm.Order("A1", wed, cal), hm.ShippingPolicy(1)).ship_by.isoformat()
    '2026-11-27T15:00:00+01:00'
    """
    # The hot path checks nothing: a wrong type or an out-of-range time surfaces as a builtin
    # error, which the handlers below (free until raised) turn into ours.
    try:
        if (
            order.holds
            or order.paid_at is not None
            or order.risk_cleared_at is not None
            or (order.platform_deadline is not None and policy.judge_by is not JudgeBy.COMPUTED)
        ):
            return _adjusted(order, policy)
        cal = order.warehouse
        dest = order.destination
        region = order.region
        # The identity front of the day cache (see _BY_IDENTITY); a miss takes the value path.
        entry = _BY_IDENTITY.get(id(cal) ^ id(dest))
        if (
            entry is not None
            and entry[0] is policy
            and entry[1] is cal
            and entry[2] is dest
            and (entry[3] is region or entry[3] == region)
        ):
            tables = entry[4]
        else:
            tables = _tables(policy, cal, dest, region)
        placed = order.placed_at
        start = placed.astimezone(dt.UTC)
        # The order's day by its UTC date (see _utc_segments), which spares converting to the
        # warehouse's zone; an order already in that zone, or a UTC day with a DST switch,
        # reads its local date instead.
        if placed.tzinfo is cal._tzinfo:
            day = _local_day(order, policy, tables, placed)
        else:
            segments = tables[2].get(start.date())
            if segments is None:
                segments = tables[2][start.date()] = _utc_segments(order, policy, tables, start)
            if segments:
                day = (
                    segments[0]
                    if start < segments[1]
                    else segments[2]
                    if start < segments[3]
                    else segments[4]
                )
            else:
                day = _local_day(order, policy, tables, placed)
        # docs/rules.md#reading-self-delivery, as _self_delivery_utc computes it, inline.
        if policy.self_delivery_from is _HANDLING_START and day.start_utc > start:
            start = day.start_utc
        return Deadlines(start + policy.self_delivery_window, day)
    except (AttributeError, TypeError):
        _check_arguments(order, policy)
        raise
    except OverflowError:  # a time near datetime.min or max
        raise DateOutOfRangeError("placed_at", order.placed_at) from None


_HANDLING_START: Final = SelfDeliveryFrom.HANDLING_START


def _local_day(order: Order, policy: ShippingPolicy, tables: _Tables, clock: dt.datetime) -> _Day:
    """Return the day of a clock start by its warehouse-local date and the order cutoff."""
    local = clock.astimezone(order.warehouse.tzinfo)
    late = local.time() >= policy.effective_order_cutoff
    days = tables[1] if late else tables[0]
    date = local.date()
    day = days.get(date)
    if day is None:
        day = days[date] = _day_answers(order, policy, date, late)
    return day


_Segments: TypeAlias = tuple[_Day, dt.datetime, _Day, dt.datetime, _Day] | tuple[()]


_HOUR: Final = dt.timedelta(hours=1)


_TICK: Final = dt.timedelta(microseconds=1)


def _utc_segments(
    order: Order, policy: ShippingPolicy, tables: _Tables, moment: dt.datetime
) -> _Segments:
    """Split the UTC date of ``moment`` where orders change day: ``(day, at, day, at, day)``.

    The first day holds before the first instant (UTC), the second from it to the second
    instant, the third after. Within a UTC day whose zone offset does not change (checked at
    every hour: no zone switches twice within one), the local time is the UTC time plus one
    offset, so the local date and the side of the cutoff change only where the local time
    crosses midnight or the cutoff; each piece takes the day of its first instant, read as
    ``_local_day`` reads it. ``()`` (read each order's local date) for a day with a switch, or
    at the ends of the calendar or of ``datetime``.
    """
    cal = order.warehouse
    tz = cal.tzinfo
    utc_date = moment.date()
    try:
        begins = dt.datetime.combine(utc_date, _MIDNIGHT, dt.UTC)
        ends = begins + _ONE_DAY
        offset = begins.astimezone(tz).utcoffset()
        for hour in range(1, 25):
            probe = begins + hour * _HOUR - (_TICK if hour == 24 else dt.timedelta(0))
            if probe.astimezone(tz).utcoffset() != offset:
                return ()
        if offset is None:  # a zone without offsets: read each order's local date
            return ()
        cutoff = policy.effective_order_cutoff
        wall = (begins + offset).replace(tzinfo=None)
        found: set[dt.datetime] = set()
        for date in {wall.date(), (wall + _ONE_DAY - _TICK).date()}:
            for time in (_MIDNIGHT, cutoff):
                at = (dt.datetime.combine(date, time) - offset).replace(tzinfo=dt.UTC)
                if begins < at < ends:
                    found.add(at)
        cuts = sorted(found)
        if len(cuts) > 2:  # a local day shorter than a UTC day has no two cuts; be sure
            return ()
        starts = [begins, *cuts]
        days = [_local_day(order, policy, tables, at) for at in starts]
    except (OverflowError, DateOutOfRangeError):
        return ()
    while len(cuts) < 2:  # pad: an instant no order of this UTC date reaches
        cuts.append(ends)
        days.append(days[-1])
    return (days[0], cuts[0], days[1], cuts[1], days[2])


_Tables: TypeAlias = tuple[dict[dt.date, _Day], dict[dt.date, _Day], dict[dt.date, _Segments]]


# The per-day answers (ship-by and delivery window of each local order date, before and after
# the cutoff), shared by every order of that day. Keyed by value, (policy, warehouse,
# destination, region), so equal calendars and policies share answers and a copied value finds
# the same ones; cleared whole when full, so callers who build a new policy or calendar per
# order do not grow it without end.
_DAY_CACHE: Final[dict[tuple[object, ...], _Tables]] = {}


# In front of it, the same tables by the identity of the policy and calendars, since hashing
# the values costs more than the rest of compute_deadlines' lookup. An entry holds the objects
# it was made for, so their ids cannot be reused while it lives, and a hit is checked by
# identity: a colliding key is a miss. Equal objects reach the same tables through the
# value-keyed cache; both are bounded and cleared together.
_BY_IDENTITY: Final[
    dict[int, tuple[ShippingPolicy, WorkingCalendar, WorkingCalendar | None, str | None, _Tables]]
] = {}


_DAY_CACHE_SIZE: Final = 256


def _tables(
    policy: ShippingPolicy,
    cal: WorkingCalendar,
    dest: WorkingCalendar | None,
    region: str | None,
) -> _Tables:
    """Return the per-day tables of the key, found by value, and remember them by identity."""
    if len(_DAY_CACHE) >= _DAY_CACHE_SIZE:
        _DAY_CACHE.clear()
        _BY_IDENTITY.clear()
    elif len(_BY_IDENTITY) >= _DAY_CACHE_SIZE:  # many equal objects: their tables stay
        _BY_IDENTITY.clear()
    empty: _Tables = ({}, {}, {})
    tables = _DAY_CACHE.setdefault((policy, cal, dest, region), empty)
    _BY_IDENTITY[id(cal) ^ id(dest)] = (policy, cal, dest, region, tables)
    return tables


def _check_arguments(order: object, policy: object, record: object = None) -> None:
    """Raise the error that names an argument of the wrong type, if there is one."""
    if not isinstance(order, Order):
        raise FieldTypeError("order", order, "Order")
    if not isinstance(policy, ShippingPolicy):
        raise FieldTypeError("policy", policy, "ShippingPolicy")
    if record is not None and not isinstance(record, ShipmentRecord):
        raise FieldTypeError("record", record, "ShipmentRecord or None")


@attrs.frozen
class Deadline:
    """The next deadline and the time left to it, like the platform's countdown.

    >>> import halfmanaged as hm
    >>> import datetime as dt
    >>> due = dt.datetime(2026, 11, 27, 15, 0, tzinfo=dt.UTC)
    >>> hm.Deadline(hm.DeadlineKind.PICKUP, due, dt.timedelta(hours=5)).time_left
    datetime.timedelta(seconds=18000)
    """

    kind: DeadlineKind
    due: dt.datetime
    time_left: dt.timedelta


@attrs.frozen
class Progress:
    """Where an order is in its lifecycle (docs/rules.md#shipping-7) and what is due next, by when.

    ``current`` is the first step not done (``None`` when all are); ``due`` is its deadline,
    if it has one (prepare, pack and ship share the handover deadline; confirming receipt is
    the buyer's move and has none).

    >>> import halfmanaged as hm
    >>> hm.Progress(hm.FulfilmentStep.PACK, (hm.FulfilmentStep.ACCEPT,), None).current
    <FulfilmentStep.PACK: 'pack'>
    """

    current: FulfilmentStep | None
    completed: tuple[FulfilmentStep, ...]
    due: dt.datetime | None


@attrs.frozen
class ParcelAssessment:
    """One parcel of a split shipment: its record and its own violations.

    >>> import halfmanaged as hm
    >>> hm.ParcelAssessment(hm.ShipmentRecord(), ()).codes
    frozenset()
    """

    record: ShipmentRecord
    violations: tuple[Violation, ...]

    @property
    def codes(self) -> frozenset[RuleCode]:
        """The codes of this parcel's violations."""
        return frozenset(v.code for v in self.violations)


@attrs.frozen
class DeadlineDrift:
    """How far the platform's countdown is from the computed ship-by.

    ``difference`` is ``platform - computed`` in absolute time (positive: the platform allows
    longer); ``earlier`` names the one that comes first.

    >>> import halfmanaged as hm
    >>> import datetime as dt
    >>> t = dt.datetime(2026, 11, 24, 15, 0, tzinfo=dt.UTC)
    >>> hm.DeadlineDrift(t, t, dt.timedelta(0), hm.EarlierDeadline.SAME).earlier
    <EarlierDeadline.SAME: 'same'>
    """

    computed: dt.datetime
    platform: dt.datetime
    difference: dt.timedelta
    earlier: EarlierDeadline


def compare_deadlines(deadlines: Deadlines, platform: PlatformDeadline) -> DeadlineDrift:
    """Say by how much the platform's countdown and the computed ship-by disagree.

    docs/rules.md#reading-platform-deadline. ``computed`` is the library's own ship-by, also
    when the policy judges by the platform's.

    >>> import halfmanaged as hm
    >>> import datetime as dt
    >>> cal = hm.WorkingCalendar.without_holidays(timezone="Europe/Berlin")
    >>> order = hm.Order("A1", dt.datetime(2026, 11, 23, 10, 0, tzinfo=cal.tzinfo), cal)
    >>> la = dt.timezone(dt.timedelta(hours=-8))
    >>> due = hm.PlatformDeadline(dt.datetime(2026, 11, 24, 8, 0, tzinfo=la), "over_time_left")
    >>> drift = hm.compare_deadlines(hm.compute_deadlines(order, hm.ShippingPolicy(1)), due)
    >>> drift.difference, drift.earlier
    (datetime.timedelta(seconds=7200), <EarlierDeadline.COMPUTED: 'computed'>)
    """
    if not isinstance(deadlines, Deadlines):
        raise FieldTypeError("deadlines", deadlines, "Deadlines")
    if not isinstance(platform, PlatformDeadline):
        raise FieldTypeError("platform", platform, "PlatformDeadline")
    computed = deadlines.computed_ship_by
    difference = _elapsed(platform.at, computed)
    if difference:
        earlier = (
            EarlierDeadline.PLATFORM if difference < dt.timedelta(0) else EarlierDeadline.COMPUTED
        )
    else:
        earlier = EarlierDeadline.SAME
    return DeadlineDrift(computed, platform.at, difference, earlier)


@attrs.frozen
class Assessment:
    """The answer of :func:`evaluate`: violations, status, next deadline, fine and progress.

    >>> import halfmanaged as hm
    >>> import datetime as dt
    >>> cal = hm.WorkingCalendar.without_holidays(timezone="UTC")
    >>> order = hm.Order("A1", dt.datetime(2026, 11, 23, 10, 0, tzinfo=dt.UTC), cal)
    >>> noon = dt.datetime(2026, 11, 24, 12, 0, tzinfo=dt.UTC)
    >>> a = hm.evaluate(order, hm.ShippingPolicy(1), as_of=noon)
    >>> print(a.status, a.next_deadline.kind, a.next_deadline.time_left)
    at_risk pickup 3:00:00
    """

    order: Order
    policy: ShippingPolicy = attrs.field(repr=False)
    record: ShipmentRecord
    as_of: dt.datetime
    deadlines: Deadlines
    violations: tuple[Violation, ...]
    parcels: tuple[ParcelAssessment, ...] = ()

    def _repr_html_(self) -> str:
        from halfmanaged import _notebook  # noqa: PLC0415  (only a notebook pays for it)

        return _notebook.assessment_html(self)

    @property
    def drift(self) -> DeadlineDrift | None:
        """How the computed ship-by and the platform's countdown differ, if the order has one."""
        platform = self.order.platform_deadline
        return None if platform is None else compare_deadlines(self.deadlines, platform)

    @property
    def status(self) -> Status:
        """Where the order stands: breached, fulfilled, at risk or on track.

        docs/rules.md#reading-at-risk. ``BREACHED`` with any violation, else ``FULFILLED``
        once delivered, else ``AT_RISK``
        within the policy's at-risk window of the next deadline (or, for the delivery window,
        on its last working day), else ``ON_TRACK``.
        """
        if self.violations:
            return Status.BREACHED
        if self.record.delivered_at is not None:
            return Status.FULFILLED
        now = self.as_of.astimezone(dt.UTC)
        upcoming = _next_due(self.deadlines, self.record, now)
        if upcoming is None:
            return Status.ON_TRACK
        kind, due = upcoming
        if due - now <= self.policy.at_risk_window or (
            # A delivery is at risk through the window's last working day.
            kind is DeadlineKind.DELIVERY and now >= self.deadlines._day.last_day_utc
        ):
            return Status.AT_RISK
        return Status.ON_TRACK

    @property
    def next_deadline(self) -> Deadline | None:
        """The earliest deadline still ahead for a step not done yet, and the time left.

        ``None`` once nothing with a deadline is left to do.
        """
        now = self.as_of.astimezone(dt.UTC)
        found = _next_due(self.deadlines, self.record, now)
        if found is None:
            return None
        kind, due = found
        day = self.deadlines._day
        clock = day.delivery_closes_at if kind is DeadlineKind.DELIVERY else day.ship_by
        return Deadline(kind, due.astimezone(clock.tzinfo), due - now)

    @property
    def handover_time_unknown(self) -> bool:
        """Whether the parcel was handed over at a time the record does not have.

        docs/rules.md#reading-handover. Then the handover rule judged nothing: no late pickup,
        late self-delivery, not shipped or handover before the order is claimed, nothing
        counts down to a handover, and :attr:`fine` counts only the lateness that is known
        (a late tracking upload). Tracking, the delivery window, mode, route and origin are
        judged as usual.

        >>> import halfmanaged as hm
        >>> import datetime as dt
        >>> cal = hm.WorkingCalendar.without_holidays(timezone="UTC")
        >>> order = hm.Order("A1", dt.datetime(2026, 11, 23, 10, 0, tzinfo=dt.UTC), cal)
        >>> got = hm.ShipmentRecord(delivered_at=dt.datetime(2026, 11, 27, 9, 0, tzinfo=dt.UTC))
        >>> a = hm.evaluate(order, hm.ShippingPolicy(1), got, as_of=got.delivered_at)
        >>> a.handover_time_unknown, sorted(code.value for code in a.codes)
        (True, ['tracking_not_uploaded'])
        """
        return self.record.handover_time_unknown

    @property
    def codes(self) -> frozenset[RuleCode]:
        """The codes of the violations, for quick membership tests.

        >>> import halfmanaged as hm
        >>> import datetime as dt
        >>> cal = hm.WorkingCalendar.without_holidays(timezone="UTC")
        >>> order = hm.Order("A1", dt.datetime(2026, 11, 23, 10, 0, tzinfo=dt.UTC), cal)
        >>> late = dt.datetime(2026, 11, 26, 12, 0, tzinfo=dt.UTC)
        >>> a = hm.evaluate(order, hm.ShippingPolicy(1), as_of=late)
        >>> sorted(code.value for code in a.codes)
        ['not_shipped', 'tracking_not_uploaded']
        """
        return frozenset(v.code for v in self.violations)

    @property
    def fine(self) -> Money | None:
        """The late-shipment fine under the policy's schedule, or ``None``.

        The most late of the violations the schedule applies to sets the tier; force majeure
        is exempt when the schedule says so.
        """
        schedule = self.policy.penalties
        if not schedule.tiers or (self.record.force_majeure and schedule.exempt_force_majeure):
            return None
        lateness = [
            v.working_days_late
            for v in self.violations
            if v.code in schedule.applies_to and v.working_days_late is not None
        ]
        if not lateness:
            return None
        return schedule.fine(self.order.value, working_days_late=max(lateness))

    @property
    def progress(self) -> Progress:
        """Which lifecycle step the order is in, and by when it is due."""
        r = self.record
        d = self.deadlines
        delivered = r.delivered_at is not None
        steps = (
            (FulfilmentStep.ACCEPT, r.accepted_at is not None, d.ship_by),
            (FulfilmentStep.PREPARE_STOCK, r.stock_ready_at is not None, d.ship_by),
            (FulfilmentStep.PACK, r.packed_at is not None, d.ship_by),
            # Handed over at a time not recorded counts as done.
            (FulfilmentStep.SHIP, r.handed_over, d.handover_by),
            (FulfilmentStep.UPLOAD_TRACKING, r.tracking_uploaded_at is not None, d.tracking_by),
            # In transit ends with the delivery; it is due by the end of the window.
            (FulfilmentStep.IN_TRANSIT, delivered, d.delivery_closes_at),
            (FulfilmentStep.DELIVERED, delivered, d.delivery_closes_at),
            (FulfilmentStep.RECEIPT_CONFIRMED, r.receipt_confirmed_at is not None, None),
        )
        # A later step done means the earlier ones were done, recorded or not.
        last_done = max((i for i, (_, done, _) in enumerate(steps) if done), default=-1)
        completed = tuple(step for step, _, _ in steps[: last_done + 1])
        if last_done + 1 >= len(steps):
            return Progress(None, completed, None)
        step, _, due = steps[last_done + 1]
        return Progress(step, completed, due)


def _checked_now(order: Order, record: ShipmentRecord, as_of: dt.datetime) -> dt.datetime:
    """Return ``as_of`` in UTC, after checking it is aware and after everything recorded."""
    given: object = as_of  # typed as a datetime, but callers pass anything
    if not isinstance(given, dt.datetime) or given.utcoffset() is None:
        check_aware("as_of", given)  # raises the error that names the problem
    now = as_of.astimezone(dt.UTC)
    if now < order.placed_at:  # a UTC operand makes every comparison exact
        raise InvalidFieldError("as_of", as_of, f"before the order was placed ({order.placed_at})")
    _check_known(record, now, as_of)
    if order.holds:
        for hold in order.holds:
            for moment in (hold.start, hold.end):
                if moment is not None and moment > now:
                    raise InvalidRecordError("holds", hold, f"after as_of={as_of}: not known yet")
    return now


def _check_known(record: ShipmentRecord, now: dt.datetime, as_of: dt.datetime) -> None:
    """Refuse a record holding a time after ``now`` (UTC): it cannot be known yet."""
    for moment in (
        record.accepted_at,
        record.stock_ready_at,
        record.packed_at,
        record.picked_up_at,
        record.self_delivered_at,
        record.tracking_uploaded_at,
        record.delivered_at,
        record.receipt_confirmed_at,
    ):
        if moment is not None and moment > now:  # a UTC operand: exact
            name, latest = record.latest_time()  # type: ignore[misc]
            raise InvalidRecordError(name, latest, f"after as_of={as_of}: not known yet")


def evaluate(
    order: Order,
    policy: ShippingPolicy,
    record: ShipmentRecord | Sequence[ShipmentRecord] | None = None,
    *,
    as_of: dt.datetime,
) -> Assessment:
    """Assess an order against the shipping rules as of ``as_of``.

    ``record`` says what happened (nothing, when omitted); a sequence of records, one per
    parcel, assesses a split shipment as a whole and per parcel
    (docs/rules.md#reading-split-shipments). No violation is reported before its deadline has
    passed, nor while an open hold stops the clock. Status: ``BREACHED`` with any violation,
    else ``FULFILLED`` once delivered, else ``AT_RISK`` near the next deadline, else
    ``ON_TRACK``.

    >>> import halfmanaged as hm
    >>> import datetime as dt
    >>> cal = hm.WorkingCalendar.without_holidays(timezone="Europe/Berlin")
    >>> order = hm.Order("A1", dt.datetime(2026, 11, 23, 10, 0, tzinfo=cal.tzinfo), cal)
    >>> pickup = dt.datetime(2026, 11, 24, 16, 30, tzinfo=cal.tzinfo)  # Tuesday, after 15:00
    >>> uploaded = dt.datetime(2026, 11, 24, 13, 0, tzinfo=cal.tzinfo)
    >>> record = hm.ShipmentRecord(picked_up_at=pickup, tracking_uploaded_at=uploaded)
    >>> a = hm.evaluate(order, hm.ShippingPolicy(1), record, as_of=pickup)
    >>> print(a.violations[0].message())
    Late pickup: the carrier picked the parcel up at 2026-11-24 16:30 CET, after the deadline
    2026-11-24 15:00 CET (1 hour 30 minutes late).
    """
    if record is None:
        record = _NOTHING
    elif not isinstance(record, ShipmentRecord):
        return _evaluate_parcels(order, policy, record, as_of)
    try:
        # _checked_now, inline (this is the hot path): as_of aware, in UTC, after every time.
        given: object = as_of  # typed as a datetime, but callers pass anything
        if not isinstance(given, dt.datetime) or given.utcoffset() is None:
            check_aware("as_of", given)  # raises the error that names the problem
        now = as_of.astimezone(dt.UTC)
        if now < order.placed_at or order.holds:
            _checked_now(order, record, as_of)
        for moment in (
            record.accepted_at,
            record.stock_ready_at,
            record.packed_at,
            record.picked_up_at,
            record.self_delivered_at,
            record.tracking_uploaded_at,
            record.delivered_at,
            record.receipt_confirmed_at,
        ):
            if moment is not None and moment > now:  # a UTC operand: exact
                _check_known(record, now, as_of)
        deadlines = compute_deadlines(order, policy)
        # The rules this record can break (rules_for, inline: this is the hot path).
        rules = _RULES_BY_SHAPE[
            (record.mode is not None)
            | (record.carrier is not None) << 1
            | (record.delivered_at is not None) << 2
        ]
        violations: tuple[Violation, ...] = ()
        for rule in rules:
            found = rule(order, policy, record, deadlines, now)
            if found is not None:
                violations += (found,)
        if violations and deadlines._day.suspended is not None:
            violations = _standing(violations, deadlines._day.suspended)
    except AttributeError:  # free until raised, like compute_deadlines' own checks
        _check_arguments(order, policy, record)
        raise
    except OverflowError:  # as_of (and so every recorded time) near datetime.max
        raise DateOutOfRangeError("as_of", as_of) from None
    return Assessment(order, policy, record, as_of, deadlines, violations)


def _evaluate_parcels(
    order: Order, policy: ShippingPolicy, records: object, as_of: dt.datetime
) -> Assessment:
    """Assess a split shipment, whole and per parcel (docs/rules.md#reading-split-shipments)."""
    parcels = _parcels(records)
    record = _whole(parcels) if parcels else _NOTHING
    try:
        now = _checked_now(order, record, as_of)  # deadlines compare in UTC
        for each_record in parcels:
            _check_known(each_record, now, as_of)
        deadlines = compute_deadlines(order, policy)
        if not parcels:
            violations = _found(order, policy, record, deadlines, now, rules=rules_for(record))
            return Assessment(order, policy, record, as_of, deadlines, violations)
        each = tuple(
            ParcelAssessment(p, _found(order, policy, p, deadlines, now, rules=rules_for(p)))
            for p in parcels
        )
    except AttributeError:  # free until raised, like compute_deadlines' own checks
        _check_arguments(order, policy, record)
        raise
    except OverflowError:  # as_of (and so every recorded time) near datetime.max
        raise DateOutOfRangeError("as_of", as_of) from None
    # The whole: its deadlines by the last parcel; the facts without a deadline (mode, route,
    # origin, a scan before the order) as any parcel shows them.
    whole = tuple(
        v
        for v in _found(order, policy, record, deadlines, now, rules=_DEADLINE_RULES)
        if v.code is not RuleCode.HANDOVER_BEFORE_ORDER
    )
    facts: list[Violation] = []
    for parcel in each:
        facts.extend(v for v in parcel.violations if v.code in _FACTS and v not in facts)
    return Assessment(order, policy, record, as_of, deadlines, whole + tuple(facts), each)


def _found(
    order: Order,
    policy: ShippingPolicy,
    record: ShipmentRecord,
    deadlines: Deadlines,
    now: dt.datetime,
    *,
    rules: tuple[_Rule, ...],
) -> tuple[Violation, ...]:
    """Run ``rules``; while an open hold lasts, no deadline after its start can be broken."""
    violations: tuple[Violation, ...] = ()
    for rule in rules:
        found = rule(order, policy, record, deadlines, now)
        if found is not None:
            violations += (found,)
    suspended = deadlines._day.suspended
    return violations if suspended is None else _standing(violations, suspended)


def _standing(violations: tuple[Violation, ...], suspended: dt.datetime) -> tuple[Violation, ...]:
    """Keep the violations an open hold from ``suspended`` (UTC) on does not stop."""
    return tuple(v for v in violations if v.deadline is None or v.deadline < suspended)


def _parcels(records: object) -> tuple[ShipmentRecord, ...]:
    if not isinstance(records, list | tuple):
        raise FieldTypeError(
            "record", records, "ShipmentRecord, a list or tuple of them (one per parcel), or None"
        )
    return tuple_of(ShipmentRecord, "record", records)


def _last(times: Iterable[dt.datetime | None]) -> dt.datetime | None:
    """Return the latest of ``times``, or ``None`` unless every one is known."""
    latest: dt.datetime | None = None
    for moment in times:
        if moment is None:
            return None
        if latest is None or _later(moment, latest):
            latest = moment
    return latest


def _whole(parcels: tuple[ShipmentRecord, ...]) -> ShipmentRecord:
    """One record for a split shipment: each step is done when the last parcel's is."""
    handed = _last(p.handed_over_at for p in parcels)
    last = next((p for p in parcels if p.handed_over_at is handed), None) if handed else None
    # Every parcel handed over, one at a time not recorded: the last handover's is unknown.
    untimed = last is None and all(p.handed_over for p in parcels)
    modes = [p.mode for p in parcels if p.mode is not None]
    return ShipmentRecord(
        accepted_at=_last(p.accepted_at for p in parcels),
        stock_ready_at=_last(p.stock_ready_at for p in parcels),
        packed_at=_last(p.packed_at for p in parcels),
        picked_up_at=last.picked_up_at if last is not None else None,
        self_delivered_at=last.self_delivered_at if last is not None else None,
        tracking_uploaded_at=_last(p.tracking_uploaded_at for p in parcels),
        delivered_at=_last(p.delivered_at for p in parcels),
        receipt_confirmed_at=_last(p.receipt_confirmed_at for p in parcels),
        mode=next((m for m in modes if m is not FulfilmentMode.JIT), modes[0] if modes else None),
        force_majeure=any(p.force_majeure for p in parcels),
        handover_time_unknown=untimed,
    )


_NOTHING: Final = ShipmentRecord()


def _next_due(
    deadlines: Deadlines, record: ShipmentRecord, now: dt.datetime
) -> tuple[DeadlineKind, dt.datetime] | None:
    """Return the earliest deadline (in UTC) still ahead of ``now`` for a step not yet done."""
    day = deadlines._day
    best: tuple[DeadlineKind, dt.datetime] | None = None
    if deadlines._day.suspended is not None:
        return None  # the clock stands still: nothing is counting down
    if not record.handed_over:
        if day.ship_utc > now:
            best = (DeadlineKind.PICKUP, day.ship_utc)
        due = deadlines._self_utc
        if due > now and (best is None or best[1] > due):
            best = (DeadlineKind.SELF_DELIVERY, due)
    if record.tracking_uploaded_at is None:
        due = day.tracking_utc
        if due > now and (best is None or best[1] > due):
            best = (DeadlineKind.TRACKING_UPLOAD, due)
    if record.delivered_at is None and day.closes_utc > now:
        due = day.closes_utc
        if best is None or best[1] > due:
            best = (DeadlineKind.DELIVERY, due)
    return best
