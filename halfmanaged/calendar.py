"""Working days (工作日) of an overseas warehouse (海外仓), in its country and time zone.

Every semi-managed deadline counts working days: weekends and public holidays excluded, the
warehouse's own closures excluded, official make-up working days (China's 调休) included.
:class:`WorkingCalendar` answers in O(1) whatever the offset or span, and its arithmetic is
exactly NumPy's ``busday_offset(..., roll="forward")`` and ``busday_count``
(docs/rules.md#reading-working-days), so any result can be checked against NumPy with the same
holiday list.

>>> import datetime as dt
>>> from halfmanaged import WorkingCalendar
>>> berlin = WorkingCalendar.for_country("DE", timezone="Europe/Berlin")
>>> berlin.add_working_days(dt.date(2026, 4, 2), 2)  # Good Friday and Easter Monday skipped
datetime.date(2026, 4, 8)
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Final

import attrs

from halfmanaged import _holiday_data
from halfmanaged.errors import (
    DateOutOfRangeError,
    FieldTypeError,
    InvalidFieldError,
    InvalidWeekendError,
    NaiveDatetimeError,
    NotADateError,
    UnknownTimezoneError,
)
from halfmanaged.messages import Locale, as_locale, render

__all__ = ["FIRST_DATE", "LAST_DATE", "WorkingCalendar"]

FIRST_DATE: Final = dt.date(1970, 1, 1)
"""The first date any calendar answers for."""
LAST_DATE: Final = dt.date(2100, 12, 31)
"""The last date any calendar answers for."""

_SAT_SUN: Final = frozenset({5, 6})
_CLOSURE_NAME: Final = render("calendar.closure", {})
# Tables grow by whole years; a first question builds its own year and a margin either side,
# enough for every deadline of a year's orders without a second build.
_MARGIN_YEARS: Final = 1


def _check_date(field: str, value: object) -> dt.date:
    if type(value) is not dt.date:
        if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
            raise NotADateError(field, value)
        value = dt.date(value.year, value.month, value.day)  # a date subclass, e.g. pendulum's
    if not FIRST_DATE <= value <= LAST_DATE:
        raise DateOutOfRangeError(field, value)
    return value


def _check_int(field: str, value: object) -> int:
    if type(value) is not int:
        raise FieldTypeError(field, value, "int")
    return value


def _to_weekend(value: Iterable[int] | None) -> frozenset[int] | None:
    if value is None:
        return None
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        raise InvalidWeekendError(value, "expected weekday numbers, 0 (Monday) to 6 (Sunday)")
    days = tuple(value)
    if any(type(day) is not int or not 0 <= day <= 6 for day in days):
        raise InvalidWeekendError(value, "weekday numbers run from 0 (Monday) to 6 (Sunday)")
    if len(set(days)) == 7:
        raise InvalidWeekendError(value, "a weekend of all seven days leaves no working day")
    return frozenset(days)


def _to_closures(
    value: Iterable[dt.date] | Mapping[dt.date, str],
) -> tuple[tuple[dt.date, str], ...]:
    given: object = value  # typed for callers; anything may come
    if not isinstance(given, Iterable):
        raise FieldTypeError("closures", value, "an iterable of dates or a mapping date -> name")
    names: Mapping[dt.date, str]
    if isinstance(value, Mapping):
        names = value
    else:  # dates checked before hashing: a list among them is refused by name, not by dict
        names = {_check_date("closures", day): _CLOSURE_NAME for day in value}
    pairs = []
    for day, name in names.items():
        if not isinstance(name, str):
            raise FieldTypeError("closures", name, "str (the closure's name)")
        pairs.append((_check_date("closures", day), name))
    return tuple(sorted(pairs))


def _to_dates(value: Iterable[dt.date]) -> frozenset[dt.date]:
    given: object = value  # typed for callers; anything may come
    if not isinstance(given, Iterable):
        raise FieldTypeError("extra_working_days", value, "an iterable of dates")
    return frozenset(_check_date("extra_working_days", day) for day in value)


def _check_timezone(name: str) -> zoneinfo.ZoneInfo:
    if not isinstance(name, str):
        raise FieldTypeError("timezone", name, "str (an IANA time zone name)")
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):  # OSError: a name too long
        raise UnknownTimezoneError(name) from None


@attrs.frozen
class _Tables:
    """Answer tables over whole years ``first``..``last``, replaced as one value when grown.

    ``before[d]`` is the number of working days in the tables before ``d``; ``days`` lists the
    working days in order. Then the first working day on or after ``d`` is
    ``days[before[d]]``, and adding ``n`` working days is ``days[before[d] + n]``: NumPy's
    forward roll and offset in two look-ups, whatever ``n`` is.
    """

    first: int
    last: int
    before: Mapping[dt.date, int]
    days: tuple[dt.date, ...]


def _counts(
    first_year: int, last_year: int, working: list[dt.date], start: int
) -> dict[dt.date, int]:
    """Map each date of the years to ``start`` + the number of ``working`` days before it."""
    before: dict[dt.date, int] = {}
    k = 0
    n = len(working)
    first = dt.date(first_year, 1, 1).toordinal() if first_year <= last_year else 1
    last = dt.date(last_year, 12, 31).toordinal() if first_year <= last_year else 0
    for ordinal in range(first, last + 1):
        day = dt.date.fromordinal(ordinal)
        before[day] = start + k
        if k < n and working[k] == day:
            k += 1
    return before


# cache_hash: calendars key the per-day answer memos of policies, so hashing must be cheap.
@attrs.frozen(repr=False, cache_hash=True)
class WorkingCalendar:
    """Which days an overseas warehouse works, in which time zone.

    Build it with :meth:`for_country` (public holidays from the ``holidays`` package) or
    :meth:`without_holidays`. It is an immutable, hashable value: equal arguments give equal
    calendars, and one calendar can be shared between threads.

    ``weekend`` is a set of ``date.weekday()`` numbers, or ``None`` for the country's own
    weekend (Saturday-Sunday in most countries, Friday-Saturday in some). The country's
    official weekend working days (China's make-up Saturdays and Sundays) are working days.
    ``closures`` are the warehouse's own non-working dates, with names; ``extra_working_days``
    are worked whatever the weekend or holidays say.

    >>> import datetime as dt
    >>> cal = WorkingCalendar.for_country("PL", timezone="Europe/Warsaw")
    >>> cal
    WorkingCalendar.for_country('PL', timezone='Europe/Warsaw')
    >>> cal.is_working_day(dt.date(2026, 12, 24))  # Wigilia, a holiday in Poland from 2025
    False
    """

    country: str | None
    timezone: str
    subdiv: str | None = None
    weekend: frozenset[int] | None = attrs.field(default=None, converter=_to_weekend)
    closures: tuple[tuple[dt.date, str], ...] = attrs.field(default=(), converter=_to_closures)
    extra_working_days: frozenset[dt.date] = attrs.field(default=frozenset(), converter=_to_dates)
    _tzinfo: zoneinfo.ZoneInfo = attrs.field(init=False, eq=False, repr=False)
    _tables: _Tables | None = attrs.field(init=False, default=None, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        if self.country is not None:
            if not isinstance(self.country, str):
                raise FieldTypeError("country", self.country, "str (ISO 3166-1 alpha-2)")
            if self.subdiv is not None and not isinstance(self.subdiv, str):
                raise FieldTypeError("subdiv", self.subdiv, "str")
            country, subdiv = _holiday_data.canonical(self.country, self.subdiv)
            object.__setattr__(self, "country", country)
            object.__setattr__(self, "subdiv", subdiv)
        elif self.subdiv is not None:
            raise InvalidFieldError("subdiv", self.subdiv, "a subdivision needs a country")
        elif self.weekend is None:
            # "The country's own weekend" of no country would make every day a working day.
            raise FieldTypeError(
                "country", None, "str (ISO 3166-1 alpha-2); without_holidays() for no country"
            )
        object.__setattr__(self, "_tzinfo", _check_timezone(self.timezone))

    @classmethod
    def for_country(
        cls,
        country: str,
        *,
        timezone: str,
        subdiv: str | None = None,
        weekend: Iterable[int] | None = None,
        closures: Iterable[dt.date] | Mapping[dt.date, str] = (),
        extra_working_days: Iterable[dt.date] = (),
    ) -> WorkingCalendar:
        """Return the calendar of ``country`` (ISO 3166-1 alpha-2) in ``timezone``.

        >>> WorkingCalendar.for_country("GB", subdiv="ENG", timezone="Europe/London").subdiv
        'ENG'
        >>> WorkingCalendar.for_country("XX", timezone="UTC")  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        halfmanaged.errors.UnknownCountryError: country='XX': not a supported ISO 3166-1 ...

        A missing country is an error, never a calendar without holidays (that is
        :meth:`without_holidays`); common aliases become the ISO code:

        >>> WorkingCalendar.for_country(None, timezone="UTC")  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        halfmanaged.errors.FieldTypeError: country=None: expected str (ISO 3166-1 alpha-2)...
        >>> WorkingCalendar.for_country("UK", timezone="Europe/London").country
        'GB'
        """
        if not isinstance(country, str):
            raise FieldTypeError("country", country, "str (ISO 3166-1 alpha-2)")
        return cls(
            country,
            timezone,
            subdiv,
            weekend,
            closures,
            extra_working_days,
        )

    @classmethod
    def without_holidays(
        cls,
        *,
        timezone: str = "UTC",
        weekend: Iterable[int] = _SAT_SUN,
        closures: Iterable[dt.date] | Mapping[dt.date, str] = (),
        extra_working_days: Iterable[dt.date] = (),
    ) -> WorkingCalendar:
        """Return a calendar with weekends (and closures) but no public holidays.

        Useful in tests and for warehouses whose team works through public holidays.

        >>> import datetime as dt
        >>> WorkingCalendar.without_holidays().add_working_days(dt.date(2026, 12, 25), 1)
        datetime.date(2026, 12, 28)
        """
        return cls(
            None,
            timezone,
            None,
            weekend,
            closures,
            extra_working_days,
        )

    def __repr__(self) -> str:
        if self.country is None:
            args = [f"timezone={self.timezone!r}"]
            if self.weekend != _SAT_SUN:
                args.append(f"weekend={tuple(sorted(self.weekend or ()))!r}")
            head = "WorkingCalendar.without_holidays("
        else:
            args = [repr(self.country), f"timezone={self.timezone!r}"]
            if self.subdiv is not None:
                args.append(f"subdiv={self.subdiv!r}")
            if self.weekend is not None:
                args.append(f"weekend={tuple(sorted(self.weekend))!r}")
            head = "WorkingCalendar.for_country("
        if self.closures:
            args.append(f"closures={dict(self.closures)!r}")
        if self.extra_working_days:
            args.append(f"extra_working_days={sorted(self.extra_working_days)!r}")
        return head + ", ".join(args) + ")"

    @property
    def tzinfo(self) -> zoneinfo.ZoneInfo:
        """The warehouse's time zone.

        >>> WorkingCalendar.without_holidays(timezone="Asia/Shanghai").tzinfo
        zoneinfo.ZoneInfo(key='Asia/Shanghai')
        """
        return self._tzinfo

    # -- the answer tables ---------------------------------------------------------------

    def _grown(self, first_year: int, last_year: int) -> _Tables:
        """Return tables covering at least the given years (and what was built before).

        Only the missing years are classified; the years built before are reused as they are
        (shifted, when years are added in front).
        """
        first_year = max(first_year, FIRST_DATE.year)
        last_year = min(last_year, LAST_DATE.year)
        old = self._tables
        if old is None:
            days = self._working_days(first_year, last_year)
            before = _counts(first_year, last_year, days, 0)
        else:
            first_year, last_year = min(first_year, old.first), max(last_year, old.last)
            head = self._working_days(first_year, old.first - 1)
            tail = self._working_days(old.last + 1, last_year)
            shift = len(head)
            if shift:
                before = _counts(first_year, old.first - 1, head, 0)
                before.update((d, k + shift) for d, k in old.before.items())
            else:  # growing forward, the common case: the old counts stand as they are
                before = dict(old.before)
            before.update(_counts(old.last + 1, last_year, tail, shift + len(old.days)))
            days = [*head, *old.days, *tail]
        # One past the end, so that ``before`` answers for the exclusive end of a count.
        before[dt.date(last_year + 1, 1, 1)] = len(days)
        tables = _Tables(first_year, last_year, before, tuple(days))
        # Frozen value, lazily filled cache: replacing the whole table at once keeps every
        # reader consistent, and two threads that race only build the same table twice.
        object.__setattr__(self, "_tables", tables)
        return tables

    def _working_days(self, first_year: int, last_year: int) -> list[dt.date]:
        """Return the working days of the years ``first_year``..``last_year``, in order."""
        closed = {day for day, _ in self.closures}
        extra = self.extra_working_days
        weekend = self.weekend
        days: list[dt.date] = []
        for year in range(first_year, last_year + 1):
            if self.country is None:
                holidays: Mapping[dt.date, str] = {}
                official_weekend: frozenset[dt.date] = frozenset()
                makeup: frozenset[dt.date] = frozenset()
            else:
                data = _holiday_data.year_data(self.country, self.subdiv, year)
                holidays, official_weekend, makeup = (
                    data.holidays,
                    data.weekend,
                    data.weekend_workdays,
                )
            start = dt.date(year, 1, 1).toordinal()
            for ordinal in range(start, dt.date(year, 12, 31).toordinal() + 1):
                day = dt.date.fromordinal(ordinal)
                if day in extra:
                    works = True
                elif day in closed or day in holidays:
                    works = False
                elif day in makeup:
                    works = True
                elif weekend is None:
                    works = day not in official_weekend
                else:
                    works = day.weekday() not in weekend
                if works:
                    days.append(day)
        return days

    def _covering(self, *days: dt.date, spare_working_days: int = 0) -> _Tables:
        """Return tables that hold ``days`` and ``spare_working_days`` beyond them either way."""
        tables = self._tables
        years = {day.year for day in days}
        low, high = min(years), max(years)
        margin = _MARGIN_YEARS + abs(spare_working_days) // 200
        if tables is None or low < tables.first or high > tables.last:
            tables = self._grown(low - margin, high + margin)
        return tables

    def _index_after(self, d: dt.date, n: int, field: str) -> dt.date:
        """Return the working day ``n`` working days after the forward roll of ``d``."""
        tables = self._covering(d, spare_working_days=n)
        while True:
            k = tables.before[d] + n
            if 0 <= k < len(tables.days):
                return tables.days[k]
            at_edge = tables.first == FIRST_DATE.year if k < 0 else tables.last == LAST_DATE.year
            if at_edge:
                raise DateOutOfRangeError(field, f"{d.isoformat()} {n:+d} working days")
            step = 1 + abs(k) // 200
            tables = self._grown(tables.first - step, tables.last + step)

    # -- questions --------------------------------------------------------------------------

    def is_working_day(self, d: dt.date) -> bool:
        """Return whether the warehouse works on ``d``.

        >>> import datetime as dt
        >>> cn = WorkingCalendar.for_country("CN", timezone="Asia/Shanghai")
        >>> cn.is_working_day(dt.date(2026, 1, 4))  # a Sunday, worked to make up New Year
        True
        """
        tables = self._tables
        if tables is None or type(d) is not dt.date or not tables.first <= d.year <= tables.last:
            d = _check_date("d", d)
            tables = self._covering(d)
        # No working day after d (its last year ends in days off) means d is not one either.
        k = tables.before[d]
        return k < len(tables.days) and tables.days[k] == d

    def add_working_days(self, d: dt.date, n: int) -> dt.date:
        """Return the date ``n`` working days after ``d``, as NumPy's ``busday_offset``.

        A ``d`` that is not a working day first rolls forward to the next working day, which
        then counts as day zero; ``n`` may be zero or negative.

        >>> import datetime as dt
        >>> cal = WorkingCalendar.without_holidays()
        >>> cal.add_working_days(dt.date(2026, 11, 28), 2)  # Saturday -> Monday, then +2
        datetime.date(2026, 12, 2)
        >>> cal.add_working_days(dt.date(2026, 11, 28), 0)
        datetime.date(2026, 11, 30)
        >>> cal.add_working_days(dt.date(2026, 11, 28), -1)
        datetime.date(2026, 11, 27)
        """
        # The hot path: any miss (no tables yet, a date outside them, a datetime, which never
        # equals a date key, a result past the tables, a non-integer n) takes the checked path.
        try:
            k = self._tables.before[d] + n  # type: ignore[union-attr]
            if k >= 0:
                return self._tables.days[k]  # type: ignore[union-attr]
        except (AttributeError, KeyError, IndexError, TypeError, ArithmeticError):
            pass  # ArithmeticError: a Decimal NaN for n
        return self._index_after(_check_date("d", d), _check_int("n", n), "result")

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """Count working days in ``[start, end)``, negative when ``end`` comes first.

        The same as NumPy's ``busday_count(start, end)``.

        >>> import datetime as dt
        >>> us = WorkingCalendar.for_country("US", timezone="America/New_York")
        >>> us.working_days_between(dt.date(2026, 11, 23), dt.date(2026, 11, 30))  # Thanksgiving
        4
        >>> us.working_days_between(dt.date(2026, 11, 30), dt.date(2026, 11, 23))
        -4
        """
        tables = self._tables
        if tables is None or type(start) is not dt.date or type(end) is not dt.date:
            tables = self._covering(_check_date("start", start), _check_date("end", end))
        a = tables.before.get(start)
        b = tables.before.get(end)
        if a is None or b is None:
            tables = self._covering(_check_date("start", start), _check_date("end", end))
            a, b = tables.before[start], tables.before[end]
        if start <= end:
            return b - a
        # NumPy swaps a reversed range and counts (end, start], not [end, start).
        days = tables.days
        return (b + (b < len(days) and days[b] == end)) - (
            a + (a < len(days) and days[a] == start)
        )

    def roll_forward(self, d: dt.date) -> dt.date:
        """Return ``d`` if it is a working day, else the next working day.

        >>> import datetime as dt
        >>> WorkingCalendar.without_holidays().roll_forward(dt.date(2026, 11, 29))
        datetime.date(2026, 11, 30)
        """
        return self.add_working_days(d, 0)

    def next_working_day(self, d: dt.date) -> dt.date:
        """Return the first working day strictly after ``d``.

        >>> import datetime as dt
        >>> WorkingCalendar.without_holidays().next_working_day(dt.date(2026, 11, 27))
        datetime.date(2026, 11, 30)
        """
        d = _check_date("d", d)
        return self.add_working_days(d, 1 if self.is_working_day(d) else 0)

    def previous_working_day(self, d: dt.date) -> dt.date:
        """Return the last working day strictly before ``d``.

        >>> import datetime as dt
        >>> WorkingCalendar.without_holidays().previous_working_day(dt.date(2026, 11, 30))
        datetime.date(2026, 11, 27)
        """
        return self.add_working_days(d, -1)

    def holidays_between(
        self, start: dt.date, end: dt.date, *, locale: Locale | str = Locale.EN
    ) -> Mapping[dt.date, str]:
        """Return the named days off in ``[start, end)``, in date order.

        Public holidays (also those on a weekend) and the warehouse's closures, each with its
        name; plain weekends are not listed, and extra working days are left out. With
        ``locale="zh-CN"`` holiday names are the ``holidays`` package's own Chinese ones where
        it has them (China and others); elsewhere they stay in its default wording.

        >>> import datetime as dt
        >>> gb = WorkingCalendar.for_country("GB", subdiv="ENG", timezone="Europe/London")
        >>> dict(gb.holidays_between(dt.date(2026, 12, 25), dt.date(2027, 1, 1)))
        ... # doctest: +NORMALIZE_WHITESPACE
        {datetime.date(2026, 12, 25): 'Christmas Day', datetime.date(2026, 12, 26): 'Boxing Day',
         datetime.date(2026, 12, 28): 'Boxing Day (observed)'}
        >>> cn = WorkingCalendar.for_country("CN", timezone="Asia/Shanghai")
        >>> cn.holidays_between(dt.date(2026, 10, 1), dt.date(2026, 10, 2), locale="zh-CN")
        mappingproxy({datetime.date(2026, 10, 1): '国庆节'})
        """
        start = _check_date("start", start)
        end = _check_date("end", end)
        loc = as_locale(locale)
        named: dict[dt.date, str] = {}
        if self.country is not None:
            for year in range(start.year, end.year + 1):
                names = _holiday_data.names(self.country, self.subdiv, year, loc.value)
                named.update((d, n) for d, n in names.items() if start <= d < end)
        closure = render("calendar.closure", {}, loc)
        for day, given in self.closures:
            if start <= day < end:
                name = closure if given == _CLOSURE_NAME else given
                named[day] = f"{named[day]}; {name}" if day in named else name
        return MappingProxyType(
            {d: named[d] for d in sorted(named) if d not in self.extra_working_days}
        )

    def make_up_days_between(self, start: dt.date, end: dt.date) -> tuple[dt.date, ...]:
        """Return the weekend days in ``[start, end)`` that are worked, in date order.

        The country's official make-up working days (China's 调休: a Saturday or Sunday worked
        to bridge a holiday) and the warehouse's own extra working days on its weekend.

        >>> import datetime as dt
        >>> cn = WorkingCalendar.for_country("CN", timezone="Asia/Shanghai")
        >>> cn.make_up_days_between(dt.date(2026, 9, 1), dt.date(2026, 11, 1))
        (datetime.date(2026, 9, 20), datetime.date(2026, 10, 10))
        """
        start = _check_date("start", start)
        end = _check_date("end", end)
        found: set[dt.date] = set()
        if self.country is not None:
            for year in range(start.year, end.year + 1):
                data = _holiday_data.year_data(self.country, self.subdiv, year)
                found.update(d for d in data.weekend_workdays if start <= d < end)
        for day in self.extra_working_days:
            if start <= day < end and self._on_weekend(day):
                found.add(day)
        return tuple(sorted(found))

    def _on_weekend(self, day: dt.date) -> bool:
        if self.weekend is not None:
            return day.weekday() in self.weekend
        return day in _holiday_data.year_data(self.country or "", self.subdiv, day.year).weekend

    # -- time of day -------------------------------------------------------------------------

    def local(self, moment: dt.datetime) -> dt.datetime:
        """Return the same instant as the warehouse's wall clock shows it.

        >>> import datetime as dt
        >>> cal = WorkingCalendar.without_holidays(timezone="Europe/Berlin")
        >>> cal.local(dt.datetime(2026, 3, 29, 1, 0, tzinfo=dt.UTC)).isoformat()
        '2026-03-29T03:00:00+02:00'
        """
        if not isinstance(moment, dt.datetime):
            raise FieldTypeError("moment", moment, "datetime")
        if moment.tzinfo is None or moment.utcoffset() is None:
            raise NaiveDatetimeError("moment", moment)
        try:
            return moment.astimezone(self._tzinfo)
        except OverflowError:  # the last day of datetime, ahead of its own offset here
            raise DateOutOfRangeError("moment", moment) from None

    def at(self, d: dt.date, time: dt.time) -> dt.datetime:
        """Return the warehouse's wall-clock ``time`` on ``d`` as an aware datetime.

        A wall time that does not exist (skipped by a spring-forward switch) moves forward
        with the clock; a repeated one (autumn) means its first occurrence.

        >>> import datetime as dt
        >>> cal = WorkingCalendar.without_holidays(timezone="Europe/Berlin")
        >>> cal.at(dt.date(2026, 3, 29), dt.time(2, 30)).isoformat()
        '2026-03-29T03:30:00+02:00'
        """
        d = _check_date("d", d)
        if not isinstance(time, dt.time):
            raise FieldTypeError("time", time, "datetime.time")
        wall = dt.datetime.combine(d, time.replace(tzinfo=None), tzinfo=self._tzinfo)
        return wall.astimezone(dt.UTC).astimezone(self._tzinfo)
