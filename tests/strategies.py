"""Hypothesis strategies shared by the test modules."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from hypothesis import strategies as st

from halfmanaged import WorkingCalendar

#: The countries whose holidays the suite checks against NumPy, with a subdivision each where
#: holidays differ by region (Bavaria, Madrid, England).
COUNTRIES = {
    "DE": ("BY", "Europe/Berlin"),
    "ES": ("MD", "Europe/Madrid"),
    "FR": (None, "Europe/Paris"),
    "PL": (None, "Europe/Warsaw"),
    "US": (None, "America/New_York"),
    "GB": ("ENG", "Europe/London"),
}

CALENDARS = {
    code: WorkingCalendar.for_country(code, subdiv=subdiv, timezone=tz)
    for code, (subdiv, tz) in COUNTRIES.items()
}


def dates(first: int = 1990, last: int = 2090) -> st.SearchStrategy[dt.date]:
    """Dates in the years ``first`` .. ``last``."""
    return st.dates(dt.date(first, 1, 1), dt.date(last, 12, 31))


def calendars() -> st.SearchStrategy[WorkingCalendar]:
    """One of the national calendars the suite knows well."""
    return st.sampled_from(sorted(CALENDARS.values(), key=repr))


def aware_datetimes(
    first: int = 2025, last: int = 2028, zones: tuple[str, ...] = ()
) -> st.SearchStrategy[dt.datetime]:
    """Aware datetimes in one of ``zones`` (default: the calendars' zones and UTC)."""
    names = zones or (*sorted({tz for _, tz in COUNTRIES.values()}), "UTC")
    return st.datetimes(
        dt.datetime(first, 1, 1),
        dt.datetime(last, 12, 31, 23, 59, 59),
        timezones=st.sampled_from([zoneinfo.ZoneInfo(name) for name in names]),
        allow_imaginary=False,
    )


#: Checkpoint codes for feed tests: listed ones, unlisted ones with a known parent, and junk.
_AFTERSHIP_CODES = ("InTransit_002", "Exception_013", "Delivered_001", "Exception_099", "Zzz_1")


def aftership_checkpoints() -> st.SearchStrategy[list[dict[str, object]]]:
    """AfterShip checkpoints: offset and naive Berlin times (some in a DST switch), repeats."""
    times = st.one_of(
        st.sampled_from(["2026-03-29T02:30:00", "2026-10-25T02:30:00", "2026-03-02", None]),
        st.datetimes(dt.datetime(2026, 3, 28), dt.datetime(2026, 3, 30)).map(
            lambda t: t.replace(microsecond=0).isoformat()
        ),
        aware_datetimes(2026, 2026).map(lambda t: t.replace(microsecond=0).isoformat()),
    )
    checkpoint = st.fixed_dictionaries(
        {
            "subtag": st.sampled_from(_AFTERSHIP_CODES),
            "checkpoint_time": times,
            "location": st.sampled_from(["Leipzig", "Radefeld", None]),
            "message": st.sampled_from(["a", "b"]),
        }
    )
    return st.lists(checkpoint, max_size=8)
