"""WorkingCalendar: NumPy-exact working-day arithmetic on real national calendars."""

from __future__ import annotations

import datetime as dt
import pickle
import threading

import attrs
import holidays
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from strategies import CALENDARS, COUNTRIES, calendars, dates

from halfmanaged import WorkingCalendar
from halfmanaged.calendar import FIRST_DATE, LAST_DATE
from halfmanaged.errors import (
    DateOutOfRangeError,
    FieldTypeError,
    HalfManagedError,
    InvalidFieldError,
    InvalidWeekendError,
    NaiveDatetimeError,
    NotADateError,
    UnknownCountryError,
    UnknownSubdivisionError,
    UnknownTimezoneError,
)

D = dt.date


def _oracle(code: str) -> np.busdaycalendar:
    """NumPy's calendar with the holiday list taken from the holidays package directly."""
    subdiv, _ = COUNTRIES[code]
    entity = holidays.country_holidays(code, subdiv=subdiv, years=range(1985, 2096))
    mask = [0 if day in entity.weekend else 1 for day in range(7)]
    return np.busdaycalendar(weekmask=mask, holidays=sorted(entity))


ORACLES = {code: _oracle(code) for code in COUNTRIES}


def _np(d: dt.date) -> np.datetime64:
    return np.datetime64(d.isoformat(), "D")


# -- differential tests against NumPy ---------------------------------------------------------


@pytest.mark.parametrize("code", sorted(COUNTRIES))
@given(d=dates(), n=st.integers(-60, 60))
def test_add_working_days_matches_busday_offset(code: str, d: dt.date, n: int) -> None:
    """add_working_days is busday_offset(d, n, roll="forward") with the same holidays."""
    expected = np.busday_offset(_np(d), n, roll="forward", busdaycal=ORACLES[code])
    assert CALENDARS[code].add_working_days(d, n) == expected.astype(dt.date)


@pytest.mark.parametrize("code", sorted(COUNTRIES))
@given(a=dates(), b=dates())
def test_working_days_between_matches_busday_count(code: str, a: dt.date, b: dt.date) -> None:
    """working_days_between is busday_count(a, b), negative when b comes first."""
    expected = np.busday_count(_np(a), _np(b), busdaycal=ORACLES[code])
    assert CALENDARS[code].working_days_between(a, b) == int(expected)


@pytest.mark.parametrize("code", sorted(COUNTRIES))
@given(d=dates())
def test_is_working_day_matches_is_busday(code: str, d: dt.date) -> None:
    """is_working_day is is_busday with the same holidays."""
    assert CALENDARS[code].is_working_day(d) == bool(np.is_busday(_np(d), busdaycal=ORACLES[code]))


@pytest.mark.parametrize("code", sorted(COUNTRIES))
def test_every_day_of_a_year_matches_numpy(code: str) -> None:
    """Across 2026-2027 every single day agrees with NumPy, not only sampled ones."""
    days = np.arange("2026-01-01", "2028-01-01", dtype="datetime64[D]")
    expected = np.busday_offset(days, 2, roll="forward", busdaycal=ORACLES[code])
    got = [CALENDARS[code].add_working_days(d.astype(dt.date), 2) for d in days]
    assert got == list(expected.astype(dt.date))


# -- properties -------------------------------------------------------------------------------


@given(cal=calendars(), d=dates(), n=st.integers(-60, 60))
def test_results_are_working_days(cal: WorkingCalendar, d: dt.date, n: int) -> None:
    """Whatever the start and offset, the answer is a working day."""
    assert cal.is_working_day(cal.add_working_days(d, n))


@given(cal=calendars(), d=dates(), n=st.integers(-60, 59))
def test_add_is_strictly_monotone_in_n(cal: WorkingCalendar, d: dt.date, n: int) -> None:
    """One more working day always lands strictly later."""
    assert cal.add_working_days(d, n) < cal.add_working_days(d, n + 1)


@given(cal=calendars(), d=dates(), n=st.integers(0, 60))
def test_counting_back_gives_n(cal: WorkingCalendar, d: dt.date, n: int) -> None:
    """Counting from the rolled start to the result gives back the days added."""
    start = cal.roll_forward(d)
    assert cal.working_days_between(start, cal.add_working_days(d, n)) == n


@given(cal=calendars(), d=dates())
def test_neighbours_are_adjacent_working_days(cal: WorkingCalendar, d: dt.date) -> None:
    """next/previous working day are working days with nothing working in between."""
    nxt, prev = cal.next_working_day(d), cal.previous_working_day(d)
    assert prev < d < nxt
    assert cal.working_days_between(prev + dt.timedelta(1), d) == 0
    assert cal.working_days_between(d + dt.timedelta(1), nxt) == 0
    assert cal.is_working_day(nxt)
    assert cal.is_working_day(prev)


@given(d=dates(2020, 2030), closed=st.sets(dates(2020, 2030), max_size=10))
def test_closures_are_never_working_days(d: dt.date, closed: set[dt.date]) -> None:
    """A closure is a day off; the other days keep their answer."""
    plain = WorkingCalendar.for_country("FR", timezone="Europe/Paris")
    cal = WorkingCalendar.for_country("FR", timezone="Europe/Paris", closures=closed)
    assert cal.is_working_day(d) == (plain.is_working_day(d) and d not in closed)


@given(d=dates(2020, 2030), extra=st.sets(dates(2020, 2030), max_size=10))
def test_extra_working_days_are_always_worked(d: dt.date, extra: set[dt.date]) -> None:
    """An extra working day is worked even on a weekend or a holiday, and even if closed."""
    plain = WorkingCalendar.for_country("FR", timezone="Europe/Paris")
    cal = WorkingCalendar.for_country(
        "FR", timezone="Europe/Paris", extra_working_days=extra, closures=extra
    )
    assert cal.is_working_day(d) == (plain.is_working_day(d) or d in extra)


@given(cal=calendars(), d=dates(2000, 2050), n=st.integers(-40, 40))
def test_a_fresh_calendar_answers_like_a_warm_one(
    cal: WorkingCalendar, d: dt.date, n: int
) -> None:
    """Growing the tables lazily never changes an answer."""
    fresh = WorkingCalendar.for_country(
        cal.country or "", subdiv=cal.subdiv, timezone=cal.timezone
    )
    assert fresh.add_working_days(d, n) == cal.add_working_days(d, n)


# -- named facts a seller would check by hand -----------------------------------------------


@pytest.mark.parametrize(
    ("code", "subdiv", "tz", "day", "works"),
    [
        ("DE", None, "Europe/Berlin", D(2026, 4, 3), False),  # Karfreitag
        ("DE", None, "Europe/Berlin", D(2026, 4, 6), False),  # Ostermontag
        ("DE", None, "Europe/Berlin", D(2026, 4, 7), True),
        ("DE", "BY", "Europe/Berlin", D(2026, 1, 6), False),  # Heilige Drei Könige, Bavaria only
        ("DE", "BE", "Europe/Berlin", D(2026, 1, 6), True),
        ("PL", None, "Europe/Warsaw", D(2026, 12, 24), False),  # Wigilia, a holiday since 2025
        ("GB", "ENG", "Europe/London", D(2026, 12, 28), False),  # Boxing Day observed
        ("GB", "SCT", "Europe/London", D(2026, 1, 2), False),  # 2 January, Scotland only
        ("GB", "ENG", "Europe/London", D(2026, 1, 2), True),
        ("US", None, "America/New_York", D(2026, 11, 26), False),  # Thanksgiving
        ("US", None, "America/New_York", D(2026, 11, 27), True),
        ("ES", "MD", "Europe/Madrid", D(2026, 10, 12), False),  # Fiesta Nacional, a Monday
        ("ES", None, "Europe/Madrid", D(2026, 12, 8), False),  # Inmaculada Concepción
        ("FR", None, "Europe/Paris", D(2026, 7, 14), False),  # Fête nationale
        ("CN", None, "Asia/Shanghai", D(2026, 1, 4), True),  # Sunday, 调休 make-up day
        ("CN", None, "Asia/Shanghai", D(2026, 10, 1), False),  # National Day
        ("CN", None, "Asia/Shanghai", D(2026, 10, 10), True),  # Saturday, 调休 make-up day
    ],
)
def test_named_days(code: str, subdiv: str | None, tz: str, day: dt.date, works: bool) -> None:
    """Days a seller knows by heart come out right."""
    cal = WorkingCalendar.for_country(code, subdiv=subdiv, timezone=tz)
    assert cal.is_working_day(day) is works


def test_easter_week_in_germany() -> None:
    """An order handed in on Maundy Thursday 2026 ships two working days later on Wednesday."""
    cal = CALENDARS["DE"]
    assert cal.add_working_days(D(2026, 4, 2), 2) == D(2026, 4, 8)
    assert cal.working_days_between(D(2026, 3, 30), D(2026, 4, 13)) == 8


def test_friday_saturday_weekend_is_the_countrys_own() -> None:
    """Without a weekend argument, Saudi Arabia rests on Friday and Saturday."""
    cal = WorkingCalendar.for_country("SA", timezone="Asia/Riyadh")
    assert not cal.is_working_day(D(2026, 11, 27))  # Friday
    assert cal.is_working_day(D(2026, 11, 29))  # Sunday


def test_own_weekend_overrides_the_countrys() -> None:
    """A six-day warehouse works Saturdays but still rests on holidays."""
    cal = WorkingCalendar.for_country("DE", timezone="Europe/Berlin", weekend=[6])
    assert cal.is_working_day(D(2026, 11, 28))
    assert not cal.is_working_day(D(2026, 12, 26))  # a Saturday and a holiday


def test_holidays_between_names_closures_and_drops_extra_days() -> None:
    """Closures are listed with their names; extra working days are not days off."""
    cal = WorkingCalendar.for_country(
        "DE",
        timezone="Europe/Berlin",
        closures={D(2026, 12, 29): "stock-take"},
        extra_working_days=[D(2026, 12, 26)],
    )
    got = cal.holidays_between(D(2026, 12, 20), D(2027, 1, 2))
    assert list(got) == [D(2026, 12, 25), D(2026, 12, 29), D(2027, 1, 1)]
    assert got[D(2026, 12, 29)] == "stock-take"
    plain = WorkingCalendar.for_country("DE", timezone="Europe/Berlin", closures=[D(2026, 8, 3)])
    assert plain.holidays_between(D(2026, 8, 1), D(2026, 8, 8)) == {
        D(2026, 8, 3): "warehouse closure"
    }


def test_holidays_between_is_half_open_and_skips_weekends() -> None:
    """The end date is excluded and plain weekends are not holidays."""
    cal = CALENDARS["US"]
    assert dict(cal.holidays_between(D(2026, 11, 20), D(2026, 11, 26))) == {}
    assert list(cal.holidays_between(D(2026, 11, 20), D(2026, 11, 27))) == [D(2026, 11, 26)]


def test_range_edges() -> None:
    """1970-01-01 and 2100-12-31 work; a step beyond them is an error, not a wrong date."""
    cal = WorkingCalendar.without_holidays()
    assert cal.add_working_days(FIRST_DATE, 0) == FIRST_DATE  # a Thursday
    assert cal.add_working_days(LAST_DATE, 0) == LAST_DATE  # a Friday
    assert cal.working_days_between(FIRST_DATE, LAST_DATE) == np.busday_count(
        _np(FIRST_DATE), _np(LAST_DATE)
    )
    assert cal.working_days_between(LAST_DATE, FIRST_DATE) == np.busday_count(
        _np(LAST_DATE), _np(FIRST_DATE)
    )
    with pytest.raises(DateOutOfRangeError):
        cal.add_working_days(LAST_DATE, 1)
    with pytest.raises(DateOutOfRangeError):
        cal.add_working_days(FIRST_DATE, -1)
    with pytest.raises(DateOutOfRangeError):
        cal.is_working_day(D(2101, 1, 1))


def test_long_offsets_cross_many_years() -> None:
    """An offset of thousands of working days is as exact as a short one."""
    cal = CALENDARS["DE"]
    got = cal.add_working_days(D(1990, 1, 1), 20_000)
    expected = np.busday_offset("1990-01-01", 20_000, roll="forward", busdaycal=ORACLES["DE"])
    assert got == expected.astype(dt.date)


# -- values ---------------------------------------------------------------------------------


def test_equal_arguments_give_equal_hashable_calendars() -> None:
    """Spelling aside, the same calendar is the same value, used or not."""
    a = WorkingCalendar.for_country("de", timezone="Europe/Berlin", closures=[D(2026, 5, 4)])
    b = WorkingCalendar.for_country("DE", timezone="Europe/Berlin", closures=(D(2026, 5, 4),))
    a.add_working_days(D(2026, 1, 1), 3)
    assert a == b
    assert hash(a) == hash(b)
    assert a != WorkingCalendar.for_country("DE", timezone="Europe/Vienna")


def test_calendar_is_frozen() -> None:
    """Attributes cannot be reassigned."""
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        CALENDARS["DE"].timezone = "UTC"  # type: ignore[misc]


def test_calendar_pickles() -> None:
    """A calendar survives pickling (multiprocessing, caches) and answers the same."""
    cal = CALENDARS["GB"]
    copy = pickle.loads(pickle.dumps(cal))
    assert copy == cal
    assert copy.add_working_days(D(2026, 12, 24), 1) == D(2026, 12, 29)


def test_threads_share_one_calendar() -> None:
    """Many threads growing one calendar's tables at once all get NumPy's answers."""
    cal = WorkingCalendar.for_country("PL", timezone="Europe/Warsaw")
    oracle = np.busdaycalendar(
        weekmask="1111100",
        holidays=sorted(holidays.country_holidays("PL", years=range(1970, 2101))),
    )
    starts = [D(1975 + 4 * i, 3, 1) for i in range(30)]
    results: dict[int, list[dt.date]] = {}

    def work(i: int) -> None:
        results[i] = [cal.add_working_days(d, 7) for d in starts[i:] + starts[:i]]

    threads = [threading.Thread(target=work, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for i, got in results.items():
        expected = np.busday_offset(
            [_np(d) for d in starts[i:] + starts[:i]], 7, "forward", busdaycal=oracle
        )
        assert got == list(expected.astype(dt.date))


def test_repr_reads_like_the_call() -> None:
    """The repr shows how to build the same calendar."""
    cal = WorkingCalendar.for_country("ES", subdiv="MD", timezone="Europe/Madrid", weekend=(6,))
    assert (
        repr(cal)
        == "WorkingCalendar.for_country('ES', timezone='Europe/Madrid', subdiv='MD', weekend=(6,))"
    )
    assert eval(repr(cal), {"WorkingCalendar": WorkingCalendar}) == cal


def test_local_and_at() -> None:
    """Instants convert to the warehouse clock; wall times become instants, DST included."""
    cal = CALENDARS["US"]
    noon_utc = dt.datetime(2026, 11, 2, 17, 0, tzinfo=dt.UTC)
    assert cal.local(noon_utc).hour == 12  # EST, the Sunday after the switch
    assert cal.at(D(2026, 3, 8), dt.time(2, 30)).hour == 3  # spring forward: 02:30 does not exist
    assert cal.at(D(2026, 11, 1), dt.time(1, 30)).utcoffset() == dt.timedelta(hours=-4)


# -- bad input ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "error", "words"),
    [
        ({"country": "XX", "timezone": "UTC"}, UnknownCountryError, "XX"),
        ({"country": "DE", "subdiv": "ZZ", "timezone": "UTC"}, UnknownSubdivisionError, "BY"),
        ({"country": "DE", "timezone": "Mars/Olympus"}, UnknownTimezoneError, "Mars/Olympus"),
        ({"country": "DE", "timezone": "UTC", "weekend": [7]}, InvalidWeekendError, "0 (Monday)"),
        ({"country": "DE", "timezone": "UTC", "weekend": [-1]}, InvalidWeekendError, "6 (Sunday)"),
        ({"country": "DE", "timezone": "UTC", "weekend": range(7)}, InvalidWeekendError, "seven"),
        ({"country": "DE", "timezone": "UTC", "weekend": "56"}, InvalidWeekendError, "weekday"),
        (
            {"country": "DE", "timezone": "UTC", "closures": ["2026-01-01"]},
            NotADateError,
            "closures",
        ),
        (
            {"country": "DE", "timezone": "UTC", "extra_working_days": [dt.datetime(2026, 1, 3)]},
            NotADateError,
            "datetime",
        ),
        ({"country": "DE", "timezone": 1}, FieldTypeError, "timezone"),
        ({"country": 49, "timezone": "UTC"}, FieldTypeError, "country"),
    ],
)
def test_bad_construction(kwargs: dict[str, object], error: type[Exception], words: str) -> None:
    """Each bad argument raises its own error naming the value."""
    with pytest.raises(error, match=None) as info:
        WorkingCalendar.for_country(**kwargs)  # type: ignore[arg-type]
    assert isinstance(info.value, HalfManagedError)
    assert words in str(info.value)


def test_subdivision_needs_a_country() -> None:
    """A subdivision without a country is refused."""
    with pytest.raises(InvalidFieldError, match="needs a country"):
        WorkingCalendar(None, "UTC", "BY")


@pytest.mark.parametrize(
    "call",
    [
        lambda c: c.add_working_days(dt.datetime(2026, 1, 5, 9, 0), 1),
        lambda c: c.is_working_day("2026-01-05"),
        lambda c: c.working_days_between(D(2026, 1, 5), dt.datetime(2026, 1, 9)),
        lambda c: c.add_working_days(D(2026, 1, 5), 1.5),
        lambda c: c.add_working_days([], 1),
        lambda c: c.holidays_between(None, D(2026, 1, 9)),
    ],
)
def test_bad_arguments_are_typed_errors(call: object) -> None:
    """A datetime or other non-date where a date belongs is a HalfManagedError and a TypeError."""
    cal = CALENDARS["DE"]
    cal.add_working_days(D(2026, 1, 5), 1)  # warm tables: the fast path must refuse too
    with pytest.raises(FieldTypeError):
        call(cal)  # type: ignore[operator]


def test_naive_datetime_is_refused() -> None:
    """local() never guesses a time zone."""
    with pytest.raises(NaiveDatetimeError):
        CALENDARS["DE"].local(dt.datetime(2026, 1, 5, 9, 0))


# -- real input: missing countries, aliases, the last day, growth, languages -----------------


@pytest.mark.parametrize("country", [None, 49, b"DE"])
def test_a_missing_country_is_an_error_not_a_calendar_without_holidays(country: object) -> None:
    """A NULL country column must not give a calendar where every day is a working day."""
    with pytest.raises(FieldTypeError) as info:
        WorkingCalendar.for_country(country, timezone="Europe/Berlin")  # type: ignore[arg-type]
    assert info.value.field == "country"


def test_no_country_and_no_weekend_is_refused() -> None:
    """The direct constructor cannot build an every-day-works calendar by accident either."""
    with pytest.raises(FieldTypeError):
        WorkingCalendar(None, "UTC")
    assert not WorkingCalendar.without_holidays().is_working_day(D(2026, 11, 29))  # a Sunday


@pytest.mark.parametrize(("alias", "iso"), [("UK", "GB"), ("uk", "GB"), (" gb ", "GB")])
def test_aliases_give_the_iso_calendar(alias: str, iso: str) -> None:
    """Equal places give equal calendars: UK is GB, with GB's holidays and name."""
    cal = WorkingCalendar.for_country(alias, subdiv="ENG", timezone="Europe/London")
    assert cal == WorkingCalendar.for_country(iso, subdiv="ENG", timezone="Europe/London")
    assert cal.country == iso
    assert not cal.is_working_day(D(2026, 12, 28))  # Boxing Day observed


@pytest.mark.parametrize("code", ["DEU", "GBR", "UnitedKingdom", "D", "U1"])
def test_other_spellings_of_a_country_are_refused(code: str) -> None:
    """The holidays package's other aliases are not ISO alpha-2 codes here."""
    with pytest.raises(UnknownCountryError):
        WorkingCalendar.for_country(code, timezone="UTC")


# Countries where 31 December 2100 (a Friday) is off: the weekend (IL, EG, SA, IR) or a
# holiday (US); and some where it is worked.
_EDGE_COUNTRIES = ["AE", "CN", "DE", "EG", "FR", "GB", "IL", "IR", "JP", "PL", "SA", "US"]


@pytest.mark.filterwarnings("ignore:Requested Holidays are available only:UserWarning")
@pytest.mark.parametrize("code", _EDGE_COUNTRIES)
def test_every_date_in_range_answers_on_every_calendar(code: str) -> None:
    """is_working_day answers for FIRST_DATE and LAST_DATE, as the holidays package says."""
    cal = WorkingCalendar.for_country(code, timezone="UTC")
    entity = holidays.country_holidays(code, years=[1970, 2100])
    for day in (FIRST_DATE, LAST_DATE):
        expected = day not in entity and (
            not entity.is_weekend(day) or day in getattr(entity, "weekend_workdays", ())
        )
        assert cal.is_working_day(day) == expected, day


def test_last_day_not_worked_in_the_us() -> None:
    """31 December 2100 is New Year's Day observed in the US: not a working day, no error."""
    us = WorkingCalendar.for_country("US", timezone="America/New_York")
    assert us.is_working_day(D(2100, 12, 31)) is False
    with pytest.raises(DateOutOfRangeError):
        us.add_working_days(D(2100, 12, 31), 0)  # the forward roll leaves the range


@given(
    years=st.lists(st.integers(1975, 2095), min_size=2, max_size=6),
    d=dates(1975, 2095),
    n=st.integers(-30, 30),
)
def test_tables_grown_piecewise_answer_like_tables_built_at_once(
    years: list[int], d: dt.date, n: int
) -> None:
    """Extending the tables year by year, both ways, gives a fresh build's answers."""
    grown = WorkingCalendar.for_country("DE", subdiv="BY", timezone="Europe/Berlin")
    for year in years:
        grown.is_working_day(D(year, 6, 1))
    expected = np.busday_offset(_np(d), n, roll="forward", busdaycal=ORACLES["DE"])
    assert grown.add_working_days(d, n) == expected.astype(dt.date)
    assert grown.working_days_between(D(years[0], 1, 1), d) == np.busday_count(
        _np(D(years[0], 1, 1)), _np(d), busdaycal=ORACLES["DE"]
    )


def test_growth_classifies_only_the_missing_years(monkeypatch: pytest.MonkeyPatch) -> None:
    """A date past the tables builds the years it needs, not every year again."""
    cal = WorkingCalendar.for_country("FR", timezone="Europe/Paris")
    cal.is_working_day(D(2026, 6, 1))  # builds 2025..2027
    built: list[tuple[int, int]] = []
    original = WorkingCalendar._working_days

    def spy(self: WorkingCalendar, first: int, last: int) -> list[dt.date]:
        built.append((first, last))
        return original(self, first, last)

    monkeypatch.setattr(WorkingCalendar, "_working_days", spy)
    cal.is_working_day(D(2031, 6, 1))
    assert [span for span in built if span[0] <= span[1]] == [(2028, 2032)]


def test_chinese_holiday_names_and_make_up_days() -> None:
    """zh-CN names come from the holidays package's translation; 调休 days are listed."""
    cn = WorkingCalendar.for_country("CN", timezone="Asia/Shanghai")
    golden_week = cn.holidays_between(D(2026, 10, 1), D(2026, 10, 9), locale="zh-CN")
    assert golden_week[D(2026, 10, 1)] == "国庆节"
    english = cn.holidays_between(D(2026, 10, 1), D(2026, 10, 9))
    assert english[D(2026, 10, 1)] == "National Day"
    assert set(golden_week) == set(english)
    # The State Council's 2026 schedule: Sunday 20 September and Saturday 10 October are worked.
    assert cn.make_up_days_between(D(2026, 9, 1), D(2026, 11, 1)) == (
        D(2026, 9, 20),
        D(2026, 10, 10),
    )
    assert all(cn.is_working_day(d) for d in cn.make_up_days_between(D(2026, 1, 1), D(2027, 1, 1)))


def test_untranslated_names_and_closures_in_chinese() -> None:
    """A country without Chinese names keeps its wording; the default closure name translates."""
    de = WorkingCalendar.for_country(
        "DE",
        timezone="Europe/Berlin",
        closures=[D(2026, 8, 3)],
        extra_working_days=[D(2026, 8, 8)],
    )
    named = de.holidays_between(D(2026, 4, 3), D(2026, 8, 4), locale="zh-CN")
    assert named[D(2026, 4, 3)] == "Good Friday"
    assert named[D(2026, 8, 3)] == "仓库停工"
    assert de.make_up_days_between(D(2026, 8, 1), D(2026, 8, 31)) == (D(2026, 8, 8),)


@pytest.mark.parametrize(
    "code", ["AX", "CN", "DE", "ES", "FR", "GB", "IL", "JP", "PL", "PR", "SG", "US", "VI"]
)
def test_one_country_module_gives_the_packages_own_holidays(code: str) -> None:
    """Loading one country's module alone answers exactly as the package's own loader."""
    from halfmanaged import _holiday_data  # noqa: PLC0415

    ours = _holiday_data._entity(code, None, 2026)
    theirs = holidays.country_holidays(code, years=2026)
    assert ours.country == theirs.country == code
    assert dict(ours) == dict(theirs)
    assert ours.weekend == theirs.weekend
