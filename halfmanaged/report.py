"""What must ship now and what it costs: the summaries behind ``halfmanaged report``.

:func:`summarize` turns assessments (from :func:`halfmanaged.evaluate`), each with the key of
its warehouse, into a :class:`Report`: the at-risk queue (orders whose next deadline falls
within the horizon, by time left), breaches by rule with how late, fines by currency, per
warehouse the orders by status and the rates over rolling windows against thresholds, and the
worst offenders. Reports of parts of a file :func:`combine` into the report of the whole, so a
large file can be read in chunks. Nothing here reads a file or the clock: ``as_of`` is passed in.

The rates (docs/rules.md#reading-report-rates: the rates, windows and thresholds are library
defaults, not platform facts, see :class:`Thresholds`; the queue, docs/rules.md#reading-at-risk):

- *late shipment*: of the orders whose handover was due on the window's dates (ship-by date,
  warehouse time) and has been judged (handed over, or the deadline passed), the share handed
  over late or not at all (docs/rules.md#shipping-4, docs/rules.md#shipping-6);
- *valid tracking*: of the orders whose tracking upload is judged, the share uploaded in time
  with a number valid for its carrier (docs/rules.md#reading-tracking-due);
- *on-time delivery*: of the orders delivered or whose delivery window has closed, the share
  delivered within the window (docs/rules.md#shipping-2), bucketed by the window's last day.

>>> import datetime as dt
>>> import halfmanaged as hm
>>> from halfmanaged.report import RateKind, summarize
>>> cal = hm.WorkingCalendar.for_country("DE", timezone="Europe/Berlin")
>>> order = hm.Order("A1", dt.datetime(2026, 11, 23, 10, 0, tzinfo=cal.tzinfo), cal)
>>> now = dt.datetime(2026, 11, 26, 9, 0, tzinfo=cal.tzinfo)
>>> report = summarize([("BER", hm.evaluate(order, hm.ShippingPolicy(1), as_of=now))], as_of=now)
>>> report.orders, [(b.code.value, b.orders) for b in report.breaches]
(1, [('not_shipped', 1), ('tracking_not_uploaded', 1)])
>>> report.rate("BER", RateKind.LATE_SHIPMENT, 7).value
1.0
"""

from __future__ import annotations

import datetime as dt
import enum
import operator
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Final

import attrs

from halfmanaged._validators import aware, instance_of, tuple_of, utc_time
from halfmanaged.calendar import FIRST_DATE, LAST_DATE
from halfmanaged.errors import DateOutOfRangeError, FieldTypeError, InvalidFieldError
from halfmanaged.messages import Locale, as_locale, render
from halfmanaged.shipping import (
    Assessment,
    DeadlineKind,
    Money,
    RuleCode,
    ShipmentRecord,
    Status,
)
from halfmanaged.tracking import carrier_code, validate_tracking_number

__all__ = [
    "AtRiskOrder",
    "BreachTally",
    "DayTally",
    "FineTally",
    "Offender",
    "Problem",
    "Rate",
    "RateKind",
    "Report",
    "Thresholds",
    "WarehouseSummary",
    "combine",
    "summarize",
]

_UTC: Final = dt.UTC
_LATE_HANDOVER: Final = frozenset(
    {RuleCode.LATE_PICKUP, RuleCode.LATE_SELF_DELIVERY, RuleCode.NOT_SHIPPED}
)
_OFFENDERS: Final = 10


class RateKind(enum.StrEnum):
    """The rates a report watches per warehouse.

    >>> [kind.value for kind in RateKind]
    ['late_shipment', 'valid_tracking', 'on_time_delivery']
    """

    LATE_SHIPMENT = "late_shipment"  # lower is better: flagged above its threshold
    VALID_TRACKING = "valid_tracking"  # higher is better: flagged below its threshold
    ON_TIME_DELIVERY = "on_time_delivery"  # higher is better: flagged below its threshold

    @property
    def lower_is_better(self) -> bool:
        """Whether the rate is flagged when above its threshold (else when below).

        >>> RateKind.LATE_SHIPMENT.lower_is_better, RateKind.VALID_TRACKING.lower_is_better
        (True, False)
        """
        return self is RateKind.LATE_SHIPMENT


def _share(instance: object, attribute: attrs.Attribute[float], value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise FieldTypeError(attribute.name, value, "float between 0 and 1")
    if not 0 <= value <= 1:
        raise InvalidFieldError(attribute.name, value, "a share between 0 and 1")


def _windows(value: Iterable[int]) -> tuple[int, ...]:
    days = tuple_of(int, "windows", value)
    if not days or any(type(d) is not int or d < 1 for d in days):
        raise InvalidFieldError("windows", value, "one or more whole numbers of days, 1 or more")
    return tuple(sorted(set(days)))


@attrs.frozen
class Thresholds:
    """When a warehouse's rate is flagged, and over which rolling windows (in days).

    The defaults (late shipment above 5 %, valid tracking or on-time delivery below 95 % and
    90 %, windows of 7 and 30 days) are library defaults chosen for a morning report, not
    platform facts: the article gives no figures (docs/rules.md#reading-report-rates). Set
    your own from your platform account.

    >>> Thresholds(late_shipment=0.03).late_shipment
    0.03
    >>> Thresholds(late_shipment=3)
    Traceback (most recent call last):
    ...
    halfmanaged.errors.InvalidFieldError: late_shipment=3: a share between 0 and 1
    """

    late_shipment: float = attrs.field(default=0.05, validator=_share)
    valid_tracking: float = attrs.field(default=0.95, validator=_share)
    on_time_delivery: float = attrs.field(default=0.90, validator=_share)
    windows: tuple[int, ...] = attrs.field(default=(7, 30), converter=_windows)

    def for_kind(self, kind: RateKind) -> float:
        """Return the threshold of one rate.

        >>> Thresholds().for_kind(RateKind.ON_TIME_DELIVERY)
        0.9
        """
        return {
            RateKind.LATE_SHIPMENT: self.late_shipment,
            RateKind.VALID_TRACKING: self.valid_tracking,
            RateKind.ON_TIME_DELIVERY: self.on_time_delivery,
        }[kind]


@attrs.frozen
class Problem:
    """A row that could not be evaluated: where it is and why (the other rows still are).

    ``line`` is the 1-based line of the file (``None`` when the format has no lines);
    ``column`` the offending column or field, if one; ``code`` a machine code and ``detail``
    the offending value or the library's own message.

    >>> p = Problem("orders.csv", 7, "placed_at", "naive_time", "2026-11-23 10:00")
    >>> p.message()
    "orders.csv:7: column 'placed_at': a time without a UTC offset: 2026-11-23 10:00"
    >>> p.message("zh-CN")
    "orders.csv:7：列 'placed_at'：时间缺少 UTC 偏移：2026-11-23 10:00"
    """

    file: str
    line: int | None
    column: str | None
    code: str
    detail: str = ""

    def message(self, locale: Locale | str = Locale.EN) -> str:
        """Say where the row is and what is wrong with it, in English or Chinese."""
        loc = as_locale(locale)
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        reason = self.reason(loc)
        if self.column is None:
            return render("report.problem.at", {"where": where, "reason": reason}, loc)
        return render(
            "report.problem.at_column",
            {"where": where, "column": self.column, "reason": reason},
            loc,
        )

    def reason(self, locale: Locale | str = Locale.EN) -> str:
        """Say what is wrong with the row, without where it is.

        >>> Problem("orders.csv", 3, "order_id", "missing").reason()
        'a value is required here'
        """
        return render(f"report.problem.{self.code}", {"detail": self.detail}, as_locale(locale))


@attrs.frozen
class DayTally:
    """One warehouse's counts for one date (warehouse time): the raw material of every rate.

    ``due`` counts the orders whose ship-by date it is, by current status (the "orders due per
    day" chart). ``shipped_late`` of ``shipments_judged`` orders due that day were handed over
    late or not at all; ``tracking_valid`` of ``tracking_judged`` had a valid number uploaded in
    time; ``delivered_on_time`` of ``deliveries_judged`` (windows ending that day) arrived in it.

    >>> DayTally("BER", dt.date(2026, 11, 24), shipped_late=1, shipments_judged=4).shipped_late
    1
    """

    warehouse: str
    date: dt.date
    on_track: int = 0
    at_risk: int = 0
    breached: int = 0
    fulfilled: int = 0
    shipped_late: int = 0
    shipments_judged: int = 0
    tracking_valid: int = 0
    tracking_judged: int = 0
    delivered_on_time: int = 0
    deliveries_judged: int = 0

    def __add__(self, other: DayTally) -> DayTally:
        return DayTally(
            self.warehouse,
            self.date,
            *(a + b for a, b in zip(_counts(self), _counts(other), strict=True)),
        )

    def due(self, status: Status) -> int:
        """Return how many orders due this day are in ``status`` now.

        >>> DayTally("BER", dt.date(2026, 11, 24), breached=2).due(Status.BREACHED)
        2
        """
        return int(getattr(self, status.value))


@attrs.frozen
class AtRiskOrder:
    """An order whose next deadline falls within the horizon.

    ``due`` is in the time of the place the deadline is about (warehouse, or the destination
    for the delivery window).

    >>> due = dt.datetime(2026, 11, 24, 15, 0, tzinfo=dt.UTC)
    >>> AtRiskOrder("A1", "BER", DeadlineKind.PICKUP, due, dt.timedelta(hours=3)).kind.value
    'pickup'
    """

    order_id: str
    warehouse: str
    kind: DeadlineKind
    due: dt.datetime
    time_left: dt.timedelta


@attrs.frozen
class BreachTally:
    """How many orders broke one rule, and how late they were (in working days).

    >>> BreachTally(RuleCode.NOT_SHIPPED, 3, 7, 4).orders
    3
    """

    code: RuleCode
    orders: int
    working_days_late: int = 0
    max_working_days_late: int = 0

    def __add__(self, other: BreachTally) -> BreachTally:
        return BreachTally(
            self.code,
            self.orders + other.orders,
            self.working_days_late + other.working_days_late,
            max(self.max_working_days_late, other.max_working_days_late),
        )


@attrs.frozen
class FineTally:
    """The fines of one currency (docs/rules.md#reading-fines: none unless configured).

    >>> FineTally(Money("12.50", "EUR"), 2).total
    Money(amount=Decimal('12.50'), currency='EUR')
    """

    total: Money
    orders: int

    def __add__(self, other: FineTally) -> FineTally:
        amount = self.total.amount + other.total.amount
        return FineTally(Money(amount, self.total.currency), self.orders + other.orders)


@attrs.frozen
class Offender:
    """One of the latest orders: its rules broken, working days late and fine.

    >>> Offender("A1", "BER", (RuleCode.NOT_SHIPPED,), 5, None).working_days_late
    5
    """

    order_id: str
    warehouse: str
    codes: tuple[RuleCode, ...]
    working_days_late: int
    fine: Money | None

    @property
    def rank(self) -> tuple[int, Decimal, str]:
        """The sort key: most working days late, then largest fine, then order id."""
        fine = self.fine.amount if self.fine is not None else Decimal(0)
        return (-self.working_days_late, -fine, self.order_id)


@attrs.frozen
class Rate:
    """A rate over a rolling window, against its threshold.

    ``value`` is ``None`` when nothing was judged in the window (no rate, never flagged).

    >>> r = Rate(RateKind.LATE_SHIPMENT, 7, 3, 20, 0.05)
    >>> r.value, r.flagged
    (0.15, True)
    """

    kind: RateKind
    window_days: int
    numerator: int
    denominator: int
    threshold: float

    @property
    def value(self) -> float | None:
        """The share, or ``None`` with nothing judged."""
        return self.numerator / self.denominator if self.denominator else None

    @property
    def flagged(self) -> bool:
        """Whether the rate is on the wrong side of its threshold."""
        value = self.value
        if value is None:
            return False
        return value > self.threshold if self.kind.lower_is_better else value < self.threshold


@attrs.frozen
class WarehouseSummary:
    """One warehouse: its orders by status and its rates.

    >>> WarehouseSummary("BER", 10, 6, 1, 2, 1, ()).breached
    2
    """

    warehouse: str
    orders: int
    on_track: int
    at_risk: int
    breached: int
    fulfilled: int
    rates: tuple[Rate, ...]


#: A day's counts, in field order (after warehouse and date).
_counts: Final = operator.attrgetter(*(field.name for field in attrs.fields(DayTally)[2:]))


def _by_key(day: DayTally) -> tuple[str, dt.date]:
    return (day.warehouse, day.date)


@attrs.frozen
class Report:
    """The answer of :func:`summarize`: everything the morning report prints.

    ``zones`` maps each warehouse key to its IANA time zone (windows end on the as-of date in
    that zone). ``days`` hold the per-date counts every rate and chart derive from.

    >>> now = dt.datetime(2026, 11, 26, 9, 0, tzinfo=dt.UTC)
    >>> Report(as_of=now).orders
    0
    """

    as_of: dt.datetime = attrs.field(validator=aware)
    horizon: dt.timedelta = dt.timedelta(hours=24)
    thresholds: Thresholds = attrs.field(
        factory=Thresholds, validator=instance_of(Thresholds, "Thresholds")
    )
    orders: int = 0
    zones: tuple[tuple[str, str], ...] = ()
    days: tuple[DayTally, ...] = ()
    at_risk: tuple[AtRiskOrder, ...] = ()
    breaches: tuple[BreachTally, ...] = ()
    fines: tuple[FineTally, ...] = ()
    offenders: tuple[Offender, ...] = ()
    problems: tuple[Problem, ...] = ()

    @property
    def warehouses(self) -> tuple[WarehouseSummary, ...]:
        """Per warehouse, in key order: orders by status and every rate over every window."""
        totals: dict[str, list[int]] = {}
        for day in self.days:
            row = totals.setdefault(day.warehouse, [0, 0, 0, 0])
            row[0] += day.on_track
            row[1] += day.at_risk
            row[2] += day.breached
            row[3] += day.fulfilled
        return tuple(
            WarehouseSummary(
                key,
                sum(row),
                row[0],
                row[1],
                row[2],
                row[3],
                rates=tuple(
                    self.rate(key, kind, days)
                    for kind in RateKind
                    for days in self.thresholds.windows
                ),
            )
            for key, row in sorted(totals.items())
        )

    def status_counts(self) -> Mapping[Status, int]:
        """Return how many orders are in each status, over all warehouses.

        >>> now = dt.datetime(2026, 11, 26, 9, 0, tzinfo=dt.UTC)
        >>> Report(as_of=now).status_counts()[Status.BREACHED]
        0
        """
        return {status: sum(day.due(status) for day in self.days) for status in Status}

    def rate(self, warehouse: str, kind: RateKind, window_days: int) -> Rate:
        """Return one warehouse's rate over the ``window_days`` dates ending on the as-of date.

        >>> now = dt.datetime(2026, 11, 26, 9, 0, tzinfo=dt.UTC)
        >>> Report(as_of=now).rate("BER", RateKind.LATE_SHIPMENT, 7).value is None
        True
        """
        zone = dict(self.zones).get(warehouse)
        last = self.as_of.astimezone(_zone(zone)).date() if zone else self.as_of.date()
        first = last - dt.timedelta(days=window_days - 1)
        num = den = 0
        for day in self.days:
            if day.warehouse == warehouse and first <= day.date <= last:
                if kind is RateKind.LATE_SHIPMENT:
                    num, den = num + day.shipped_late, den + day.shipments_judged
                elif kind is RateKind.VALID_TRACKING:
                    num, den = num + day.tracking_valid, den + day.tracking_judged
                else:
                    num, den = num + day.delivered_on_time, den + day.deliveries_judged
        return Rate(kind, window_days, num, den, self.thresholds.for_kind(kind))

    def daily_rate(self, warehouse: str, kind: RateKind) -> tuple[tuple[dt.date, Rate], ...]:
        """Return a warehouse's rate per date, for the dates that judged anything.

        >>> now = dt.datetime(2026, 11, 26, 9, 0, tzinfo=dt.UTC)
        >>> Report(as_of=now).daily_rate("BER", RateKind.LATE_SHIPMENT)
        ()
        """
        out = []
        for day in self.days:
            if day.warehouse != warehouse:
                continue
            num, den = {
                RateKind.LATE_SHIPMENT: (day.shipped_late, day.shipments_judged),
                RateKind.VALID_TRACKING: (day.tracking_valid, day.tracking_judged),
                RateKind.ON_TIME_DELIVERY: (day.delivered_on_time, day.deliveries_judged),
            }[kind]
            if den:
                out.append((day.date, Rate(kind, 1, num, den, self.thresholds.for_kind(kind))))
        return tuple(out)


def _zone(name: str) -> dt.tzinfo:
    import zoneinfo  # noqa: PLC0415 - only the rate windows need it

    return zoneinfo.ZoneInfo(name)


def _tracking_ok(assessment: Assessment) -> bool:
    """Whether a valid number was uploaded in time; for a split shipment, for every parcel.

    docs/rules.md#reading-split-shipments: the tracking deadline applies to every parcel.
    """
    if RuleCode.TRACKING_NOT_UPLOADED in assessment.codes:
        return False
    if assessment.parcels:
        return all(
            RuleCode.TRACKING_NOT_UPLOADED not in parcel.codes and _number_ok(parcel.record)
            for parcel in assessment.parcels
        )
    return _number_ok(assessment.record)


def _number_ok(record: ShipmentRecord) -> bool:
    if record.tracking_uploaded_at is None or record.tracking_number is None:
        return False
    carrier = record.carrier
    code = carrier_code(carrier) if carrier is not None else None
    return validate_tracking_number(record.tracking_number, carrier=code).valid


class _Tally:
    """The mutable accumulator behind :func:`summarize`; never escapes it."""

    def __init__(self, as_of: dt.datetime, horizon: dt.timedelta) -> None:
        self.now = as_of.astimezone(_UTC)
        self.horizon = horizon
        self.orders = 0
        self.zones: dict[str, str] = {}
        self.days: dict[tuple[str, dt.date], list[int]] = {}
        self.at_risk: list[AtRiskOrder] = []
        self.breaches: dict[RuleCode, list[int]] = {}
        self.fines: dict[str, list[Decimal | int]] = {}
        self.offenders: list[Offender] = []

    def day(self, key: str, date: dt.date) -> list[int]:
        row = self.days.get((key, date))
        if row is None:
            row = self.days[(key, date)] = [0] * 10
        return row

    def add(self, key: str, a: Assessment) -> None:
        self.orders += 1
        cal = a.order.warehouse
        self.zones.setdefault(key, cal.timezone)
        d = a.deadlines
        record = a.record
        status = a.status
        codes = a.codes
        ship_day = self.day(key, d.ship_by.date())
        ship_day[_STATUS_COLUMN[status]] += 1
        if record.handed_over_at is not None or self.now > d.handover_by.astimezone(_UTC):
            ship_day[5] += 1
            ship_day[4] += bool(codes & _LATE_HANDOVER)
        if record.tracking_uploaded_at is not None or self.now > d.tracking_by.astimezone(_UTC):
            row = self.day(key, d.tracking_by.date())
            row[7] += 1
            row[6] += _tracking_ok(a)
        closes = d.delivery_closes_at.astimezone(_UTC)
        if record.delivered_at is not None or self.now >= closes:
            row = self.day(key, d.delivery_latest)
            row[9] += 1
            row[8] += (
                record.delivered_at is not None and record.delivered_at.astimezone(_UTC) < closes
            )
        if status is not Status.BREACHED and status is not Status.FULFILLED:
            nxt = a.next_deadline
            if nxt is not None and nxt.time_left <= self.horizon:
                self.at_risk.append(
                    AtRiskOrder(a.order.order_id, key, nxt.kind, nxt.due, nxt.time_left)
                )
        if not a.violations:
            return
        worst = 0
        for v in a.violations:
            days = v.working_days_late or 0
            worst = max(worst, days)
            row_b = self.breaches.setdefault(v.code, [0, 0, 0])
            row_b[0] += 1
            row_b[1] += days
            row_b[2] = max(row_b[2], days)
        fine = a.fine
        if fine is not None:
            row_f = self.fines.setdefault(fine.currency, [Decimal(0), 0])
            row_f[0] += fine.amount
            row_f[1] += 1
        offender = Offender(
            a.order.order_id, key, tuple(v.code for v in a.violations), worst, fine
        )
        _push(self.offenders, offender)

    def report(self, thresholds: Thresholds, problems: tuple[Problem, ...]) -> Report:
        return Report(
            as_of=self.now,
            horizon=self.horizon,
            thresholds=thresholds,
            orders=self.orders,
            zones=tuple(sorted(self.zones.items())),
            days=tuple(
                DayTally(key, date, *row) for (key, date), row in sorted(self.days.items())
            ),
            at_risk=tuple(sorted(self.at_risk, key=_risk_order)),
            breaches=tuple(
                BreachTally(code, *row)
                for code, row in sorted(self.breaches.items(), key=lambda kv: kv[0].value)
            ),
            fines=tuple(
                FineTally(Money(row[0], currency), int(row[1]))
                for currency, row in sorted(self.fines.items())
            ),
            offenders=tuple(sorted(self.offenders, key=_offender_rank)[:_OFFENDERS]),
            problems=problems,
        )


_STATUS_COLUMN: Final = {
    Status.ON_TRACK: 0,
    Status.AT_RISK: 1,
    Status.BREACHED: 2,
    Status.FULFILLED: 3,
}


def _risk_order(item: AtRiskOrder) -> tuple[dt.timedelta, str]:
    return (item.time_left, item.order_id)


def _push(kept: list[Offender], offender: Offender) -> None:
    # Keep only the worst few: trim whenever the list has grown well past them.
    kept.append(offender)
    if len(kept) >= 8 * _OFFENDERS:
        kept.sort(key=_offender_rank)
        del kept[_OFFENDERS:]


def _offender_rank(offender: Offender) -> tuple[int, Decimal, str]:
    return offender.rank


def summarize(
    entries: Iterable[tuple[str, Assessment]],
    *,
    as_of: dt.datetime,
    horizon: dt.timedelta = dt.timedelta(hours=24),
    thresholds: Thresholds | None = None,
    problems: Iterable[Problem] = (),
) -> Report:
    """Summarise ``(warehouse key, assessment)`` pairs as of ``as_of``.

    ``horizon`` (default 24 hours) picks the at-risk queue: orders neither breached nor
    fulfilled whose next deadline is at most that far ahead. ``problems`` are the rows that
    could not be evaluated; the report counts and lists them.

    >>> now = dt.datetime(2026, 11, 26, 9, 0, tzinfo=dt.UTC)
    >>> bad = Problem("a.csv", 2, "order_id", "missing")
    >>> summarize([], as_of=now, problems=[bad]).problems[0].line
    2
    """
    given: object = horizon  # typed as a timedelta, but callers pass anything
    if not isinstance(given, dt.timedelta) or given < dt.timedelta(0):
        raise InvalidFieldError("horizon", horizon, "a timedelta, 0 or more")
    if not FIRST_DATE <= utc_time("as_of", as_of).date() <= LAST_DATE:
        raise DateOutOfRangeError("as_of", as_of)
    rows: object = entries  # typed for callers; anything may come
    if isinstance(rows, str | bytes) or not isinstance(rows, Iterable):
        raise FieldTypeError("entries", entries, "an iterable of (warehouse, Assessment) pairs")
    tally = _Tally(as_of, horizon)
    for entry in rows:
        if not (isinstance(entry, tuple) and len(entry) == 2):
            raise FieldTypeError("entries", entry, "a (warehouse, Assessment) pair")
        key, assessment = entry
        tally.add(key, assessment)
    wanted = Thresholds() if thresholds is None else thresholds
    return tally.report(wanted, tuple_of(Problem, "problems", problems))


def _merge_days(reports: Iterable[Report]) -> tuple[DayTally, ...]:
    # Counts summed per (warehouse, date), one DayTally made per key: a file read in chunks
    # has thousands of days per chunk.
    merged: dict[tuple[str, dt.date], list[int]] = {}
    for report in reports:
        for day in report.days:
            key = _by_key(day)
            counts = _counts(day)
            held = merged.get(key)
            if held is None:
                merged[key] = list(counts)
            else:
                merged[key] = [a + b for a, b in zip(held, counts, strict=True)]
    return tuple(DayTally(*key, *merged[key]) for key in sorted(merged))


def combine(reports: Iterable[Report]) -> Report:
    """Return the report of all the orders of ``reports`` (parts of one file, read in chunks).

    The parts must share ``as_of``, ``horizon`` and ``thresholds``.

    >>> now = dt.datetime(2026, 11, 26, 9, 0, tzinfo=dt.UTC)
    >>> combine([Report(as_of=now, orders=2), Report(as_of=now, orders=3)]).orders
    5
    """
    parts = tuple(reports)
    if not parts:
        raise InvalidFieldError("reports", parts, "nothing to combine")
    first = parts[0]
    for part in parts[1:]:
        same = (part.as_of, part.horizon, part.thresholds)
        if same != (first.as_of, first.horizon, first.thresholds):
            raise InvalidFieldError(
                "reports", part, "parts differ in as_of, horizon or thresholds"
            )
    breaches: dict[RuleCode, BreachTally] = {}
    fines: dict[str, FineTally] = {}
    zones: dict[str, str] = {}
    offenders: list[Offender] = []
    for part in parts:
        zones.update(part.zones)
        offenders.extend(part.offenders)
        for b in part.breaches:
            breaches[b.code] = breaches[b.code] + b if b.code in breaches else b
        for f in part.fines:
            cur = f.total.currency
            fines[cur] = fines[cur] + f if cur in fines else f
    return Report(
        as_of=first.as_of,
        horizon=first.horizon,
        thresholds=first.thresholds,
        orders=sum(part.orders for part in parts),
        zones=tuple(sorted(zones.items())),
        days=_merge_days(parts),
        at_risk=tuple(sorted((r for p in parts for r in p.at_risk), key=_risk_order)),
        breaches=tuple(breaches[code] for code in sorted(breaches, key=lambda c: c.value)),
        fines=tuple(fines[cur] for cur in sorted(fines)),
        offenders=tuple(sorted(offenders, key=_offender_rank)[:_OFFENDERS]),
        problems=tuple(p for part in parts for p in part.problems),
    )
