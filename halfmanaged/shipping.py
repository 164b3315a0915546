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
from typing import Final

import attrs

from halfmanaged._shipping_rules import (
    _DEADLINE_RULES,
    _FACTS,
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
    local = clock.astimezone(cal.tzinfo)
    cutoff = policy.effective_order_cutoff
    late = local.time() >= cutoff
    day = _cached_day(order, policy, local.date(), late)
    self_utc = _self_delivery_utc(clock, policy, day)
    if spans:
        opens = self_utc - policy.self_delivery_window
        self_utc = _held_self_delivery(self_utc, opens, spans)
        day = _held(order, policy, day, spans)
    judged = _judged(order, policy, day)
    computed = None if judged is day else day.ship_by
    return Deadlines(self_utc, judged, computed, suspended)


def _cached_day(order: Order, policy: ShippingPolicy, local_date: dt.date, late: bool) -> _Day:
    key = (policy, order.warehouse, order.destination, order.region)
    tables = _DAY_CACHE.get(key)
    if tables is None:
        tables = _day_tables(key)
    days = tables[late]
    day = days.get(local_date)
    if day is None:
        day = days[local_date] = _day_answers(order, policy, local_date, late)
    return day


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
        placed = order.placed_at
        local = placed.astimezone(cal._tzinfo)
        cutoff = policy.pickup_cutoff if policy.order_cutoff is None else policy.order_cutoff
        late = local.time() >= cutoff
        key = (policy, cal, order.destination, order.region)
        tables = _DAY_CACHE.get(key)
        if tables is None:
            tables = _day_tables(key)
        days = tables[late]
        day = days.get(local.date())
        if day is None:
            day = days[local.date()] = _day_answers(order, policy, local.date(), late)
        return Deadlines(_self_delivery_utc(placed, policy, day), day)
    except (AttributeError, TypeError):
        _check_arguments(order, policy)
        raise
    except OverflowError:  # a time near datetime.min or max
        raise DateOutOfRangeError("placed_at", order.placed_at) from None


# The per-day answers (ship-by and delivery window of each local order date, before and after
# the cutoff), shared by every order of that day. Keyed by value, (policy, warehouse,
# destination, region), so equal calendars and policies share answers and a copied value finds
# the same ones; cleared whole when full, so callers who build a new policy or calendar per
# order do not grow it without end.
_DAY_CACHE: Final[dict[tuple[object, ...], tuple[dict[dt.date, _Day], dict[dt.date, _Day]]]] = {}


_DAY_CACHE_SIZE: Final = 256


def _day_tables(key: tuple[object, ...]) -> tuple[dict[dt.date, _Day], dict[dt.date, _Day]]:
    if len(_DAY_CACHE) >= _DAY_CACHE_SIZE:
        _DAY_CACHE.clear()
    tables: tuple[dict[dt.date, _Day], dict[dt.date, _Day]] = ({}, {})
    return _DAY_CACHE.setdefault(key, tables)


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


def _checked_now(
    order: Order, records: Iterable[ShipmentRecord], as_of: dt.datetime
) -> dt.datetime:
    """Return ``as_of`` in UTC, after checking it is aware and after everything recorded."""
    given: object = as_of  # typed as a datetime, but callers pass anything
    if not isinstance(given, dt.datetime) or given.utcoffset() is None:
        check_aware("as_of", given)  # raises the error that names the problem
    now = as_of.astimezone(dt.UTC)
    if now < order.placed_at:  # a UTC operand makes every comparison exact
        raise InvalidFieldError("as_of", as_of, f"before the order was placed ({order.placed_at})")
    for record in records:
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
    for hold in order.holds:
        for moment in (hold.start, hold.end):
            if moment is not None and moment > now:
                raise InvalidRecordError("holds", hold, f"after as_of={as_of}: not known yet")
    return now


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
    parcels: tuple[ShipmentRecord, ...] = ()
    if record is None:
        record = _NOTHING
    elif not isinstance(record, ShipmentRecord):
        parcels = _parcels(record)
        record = _whole(parcels) if parcels else _NOTHING
    try:
        now = _checked_now(order, parcels or (record,), as_of)  # deadlines compare in UTC
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
    suspended = deadlines._suspended
    for rule in rules:
        found = rule(order, policy, record, deadlines, now)
        if found is not None and (
            suspended is None or found.deadline is None or found.deadline < suspended
        ):
            violations += (found,)
    return violations


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
    if deadlines._suspended is not None:
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
