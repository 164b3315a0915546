"""Per-zone and per-day answer tables for the vectorised path (``halfmanaged.frame``).

Everything here is NumPy arrays indexed by whole numbers, built once per value and cached in
bounded caches keyed by value (zone name, calendar, policy parameters, years), never inside the
values themselves. Instants are int64 microseconds since the Unix epoch (UTC); dates are int64
days since 1970-01-01.

- :func:`zone_table`: a zone's UTC offset in O(1) for any instant of a span: per UTC half-day,
  the offset at its start, the instant of the one offset change inside it (if any) and the
  offset after. Also the sorted transitions, to turn a wall-clock time into an instant exactly
  as :meth:`WorkingCalendar.at` does (docs/rules.md#reading-time-zones).
- :func:`working_days`: a calendar's working days as a sorted array, and the cumulative count
  before each day (docs/rules.md#reading-working-days).
- :func:`day_table`: every deadline shared by the orders of one local date, on either side of
  the order cutoff, for a (warehouse calendar, destination calendar, transit, policy) — the
  same answers as ``compute_deadlines``, computed with array look-ups, not per day in Python.
"""

from __future__ import annotations

import datetime as dt
import functools
import zoneinfo
from typing import Final

import attrs
import numpy as np
import numpy.typing as npt

from halfmanaged.calendar import FIRST_DATE, LAST_DATE, WorkingCalendar

I64: Final = np.int64
Array = npt.NDArray[np.int64]
SECOND: Final = 1_000_000
DAY: Final = 86_400 * SECOND
HALF: Final = DAY // 2
NAT: Final = np.iinfo(np.int64).min  # NumPy's NaT as an int64; smaller than every instant
NEVER: Final = np.iinfo(np.int64).max
EPOCH_ORDINAL: Final = dt.date(1970, 1, 1).toordinal()
FIRST_DAY: Final = FIRST_DATE.toordinal() - EPOCH_ORDINAL
LAST_DAY: Final = LAST_DATE.toordinal() - EPOCH_ORDINAL
_CACHE: Final = 128


def epoch_day(d: dt.date) -> int:
    """Return ``d`` as days since 1970-01-01."""
    return d.toordinal() - EPOCH_ORDINAL


def year_span(first_year: int, last_year: int) -> tuple[int, int]:
    """Return the first and last epoch day of the years ``first_year``..``last_year``."""
    return epoch_day(dt.date(first_year, 1, 1)), epoch_day(dt.date(last_year, 12, 31))


def micros(t: dt.time) -> int:
    """Return a wall-clock time of day in microseconds since midnight."""
    return ((t.hour * 60 + t.minute) * 60 + t.second) * SECOND + t.microsecond


@attrs.frozen(eq=False)
class Zone:
    """A zone's offsets over the UTC half-days ``first``..``first + len(before) - 1``."""

    first: int  # the first UTC half-day (instant // HALF)
    before: Array  # offset (µs) at the start of each half-day
    change: Array  # the instant of the offset change inside the half-day, else NEVER
    after: Array  # offset after that change
    transitions: Array  # every change instant in the span, sorted
    offsets: Array  # offsets[0] before the first change, offsets[i + 1] after change i

    def local(self, instants: Array) -> Array:
        """Return the wall-clock times (µs) of instants inside the span."""
        k = np.searchsorted(self.transitions, instants, side="right")
        return instants + self.offsets[k]

    def instant(self, walls: Array) -> Array:
        """Return the instants of wall-clock times, as ``WorkingCalendar.at`` reads them.

        A wall time skipped by a spring-forward switch moves forward with the clock, a repeated
        one means its first occurrence: both are what a ``fold=0`` datetime gives.
        """
        o = self.offsets
        # A change from o[i] to o[i + 1] at instant T moves the wall clock from T + o[i] to
        # T + o[i + 1]; fold=0 keeps the old offset for every wall time before T + max(both).
        points = self.transitions + np.maximum(o[:-1], o[1:])
        k = np.searchsorted(points, walls, side="right")
        return walls - o[k]


def _offset_us(zone: zoneinfo.ZoneInfo, seconds: int) -> int:
    delta = dt.datetime.fromtimestamp(seconds, zone).utcoffset()
    assert delta is not None  # a ZoneInfo always knows its offset
    return (delta.days * 86_400 + delta.seconds) * SECOND + delta.microseconds


@functools.lru_cache(maxsize=_CACHE)
def zone_table(name: str, first_day: int, last_day: int) -> Zone:
    """Return the offsets of zone ``name`` for every instant whose local date is in the span.

    Offsets are sampled at each UTC half-day boundary; a change between two samples is found
    to the second by bisection. The tz database has no zone changing its offset twice within
    twelve hours, which this relies on.
    """
    zone = zoneinfo.ZoneInfo(name)
    # Local dates first_day..last_day (+1 for the exclusive end) are within two days of UTC.
    lo = (first_day - 2) * 2
    hi = (last_day + 4) * 2
    half = HALF // SECOND
    samples = [_offset_us(zone, k * half) for k in range(lo, hi + 1)]
    n = hi - lo
    before = np.asarray(samples[:-1], dtype=I64)
    after = np.asarray(samples[1:], dtype=I64)
    change = np.full(n, NEVER, dtype=I64)
    for i in np.flatnonzero(before != after).tolist():
        a, b = (lo + i) * half, (lo + i + 1) * half  # offset(a) = before, offset(b) = after
        old = samples[i]
        while b - a > 1:
            mid = (a + b) // 2
            if _offset_us(zone, mid) == old:
                a = mid
            else:
                b = mid
        change[i] = b * SECOND
    moments = change[change != NEVER]
    offsets = np.concatenate([before[:1], after[change != NEVER]])
    return Zone(lo, before, change, after, moments, offsets)


@attrs.frozen(eq=False)
class Days:
    """A calendar's working days over ``first``..``last`` (epoch days, whole years)."""

    first: int
    last: int
    working: Array  # the working days, sorted
    before: Array  # before[d - first] = working days in [first, d), for d in first..last + 1


@functools.lru_cache(maxsize=_CACHE)
def working_days(calendar: WorkingCalendar, first_year: int, last_year: int) -> Days:
    """Return the working days of ``calendar`` in the years given (clipped to 1970..2100)."""
    first_year = max(first_year, FIRST_DATE.year)
    last_year = min(last_year, LAST_DATE.year)
    first, last = year_span(first_year, last_year)
    # The calendar's own answer tables; they cover whole years, at least the ones asked for.
    tables = calendar._covering(dt.date(first_year, 1, 1), dt.date(last_year, 12, 31))
    ordinals = np.fromiter((d.toordinal() for d in tables.days), dtype=I64, count=len(tables.days))
    days = ordinals - EPOCH_ORDINAL
    days = days[(days >= first) & (days <= last)]
    before = np.searchsorted(days, np.arange(first, last + 2, dtype=I64), side="left")
    return Days(first, last, days, before.astype(I64))


@attrs.frozen(eq=False)
class DayTable:
    """The deadlines of orders placed on each local date ``first``..``last``.

    Every array has two entries per date: ``2 * (d - first)`` before the order cutoff, ``+ 1``
    at or after it. ``ok`` is false where an answer would leave 1970..2100.
    """

    first: int
    last: int
    ok: npt.NDArray[np.bool_]
    all_ok: bool
    handling_start: Array  # seconds since the epoch of the date's midnight (datetime64[s])
    start_at: Array  # 00:00 on the handling-start date, as an instant
    ship_by: Array  # instant
    ship_day: Array  # ship-by's local date (warehouse)
    tracking_by: Array  # instant
    tracking_day: Array  # tracking-by's local date (warehouse)
    earliest: Array  # as handling_start, on the destination calendar (else the warehouse's)
    latest: Array  # as handling_start
    closes_at: Array  # instant: 00:00 after ``latest`` on the destination's clock
    closes_day: Array  # closes-at's local date (destination, else warehouse)
    last_day_at: Array  # instant: 00:00 on ``latest``, from which a delivery is at risk


def _take(days: Array, k: Array, ok: npt.NDArray[np.bool_]) -> Array:
    inside = (k >= 0) & (k < len(days))
    ok &= inside
    if len(days) == 0:
        return np.zeros(len(k), dtype=I64)
    return days[np.where(inside, k, 0)]


@functools.lru_cache(maxsize=_CACHE)
def day_table(
    warehouse: WorkingCalendar,
    destination: WorkingCalendar | None,
    transit: tuple[int, int],
    *,
    promise_days: int,
    pickup_cutoff: dt.time,
    grace_us: int,
    first_year: int,
    last_year: int,
) -> DayTable:
    """Return the deadlines of every local order date in the years given.

    The rules are those of ``compute_deadlines`` (docs/rules.md#reading-handling-start,
    #reading-ship-by, #reading-tracking-due, #reading-delivery-window): handling starts on the
    order date when it is a working day and the order came before the cutoff, else on the next
    working day; ship-by is the pickup cutoff ``promise_days`` working days later; the delivery
    window counts transit working days from the ship-by date on the destination's calendar.
    """
    first, last = year_span(first_year, last_year)
    # One year either side holds every deadline of these orders (months at most).
    w = working_days(warehouse, first_year - 1, last_year + 1)
    counted = destination or warehouse
    c = w if destination is None else working_days(destination, first_year - 1, last_year + 1)
    wz = zone_table(warehouse.timezone, w.first, w.last)
    cz = wz if destination is None else zone_table(counted.timezone, c.first, c.last)
    dates = np.repeat(np.arange(first, last + 1, dtype=I64), 2)
    late = np.tile(np.array([0, 1], dtype=I64), last - first + 1)
    ok = (dates >= FIRST_DAY) & (dates <= LAST_DAY)
    # Handling start: the first working day on or after the date, or strictly after it.
    k = np.where(late == 1, np.searchsorted(w.working, dates, side="right"), 0)
    k = np.where(late == 0, np.searchsorted(w.working, dates, side="left"), k)
    start = _take(w.working, k, ok)
    ship_day = _take(w.working, k + promise_days, ok)
    ship_by = wz.instant(ship_day * DAY + micros(pickup_cutoff))
    ship_local = np.floor_divide(wz.local(ship_by), DAY)
    tracking_by = ship_by + grace_us
    start_at = wz.instant(start * DAY)
    # Delivery window: ship-by's local date rolled forward on the counted calendar + transit.
    j = np.searchsorted(c.working, ship_local, side="left")
    earliest = _take(c.working, j + transit[0], ok)
    latest = _take(c.working, j + transit[1], ok)
    ok &= latest + 1 <= LAST_DAY
    closes_at = cz.instant((latest + 1) * DAY)
    return DayTable(
        first,
        last,
        ok,
        bool(ok.all()),
        start * 86_400,
        start_at,
        ship_by,
        ship_local,
        tracking_by,
        np.floor_divide(wz.local(tracking_by), DAY),
        earliest * 86_400,
        latest * 86_400,
        closes_at,
        np.floor_divide(cz.local(closes_at), DAY),
        cz.instant(latest * DAY),
    )
