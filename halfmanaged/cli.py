"""The ``halfmanaged`` command: an adapter that reads arguments and prints reports.

All input and output of the package lives here; the domain modules it calls take their time
and data as arguments.

>>> main(["calendar", "DE", "--year", "2026", "--subdiv", "BY"])  # doctest: +ELLIPSIS
Working days in DE-BY (Europe/Berlin), 2026
...
2026-12-25  Fri  Christmas Day
...
Dec        22
...
0
"""

from __future__ import annotations

import argparse
import calendar as _stdlib_calendar
import datetime as dt
import sys
from collections.abc import Sequence
from typing import TextIO

from halfmanaged import __version__
from halfmanaged.calendar import WorkingCalendar
from halfmanaged.errors import HalfManagedError
from halfmanaged.messages import Locale, render

__all__ = ["main"]

# A warehouse's clock does not change which dates are holidays; a time zone is only needed
# to build the calendar, so the report defaults to the country's most common one.
_DEFAULT_ZONES = {
    "CN": "Asia/Shanghai",
    "DE": "Europe/Berlin",
    "ES": "Europe/Madrid",
    "FR": "Europe/Paris",
    "GB": "Europe/London",
    "PL": "Europe/Warsaw",
    "US": "America/New_York",
}


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="halfmanaged",
        description="AliExpress semi-managed fulfilment rules, from the command line.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    cal = commands.add_parser("calendar", help="print a country's working-day calendar for a year")
    cal.add_argument("country", help="ISO 3166-1 alpha-2 code, e.g. DE")
    cal.add_argument("--year", type=int, default=None, help="the year (default: this year)")
    cal.add_argument("--subdiv", default=None, help="subdivision, e.g. BY for Bavaria")
    cal.add_argument("--timezone", default=None, help="IANA time zone of the warehouse")
    cal.add_argument(
        "--locale", default="en", choices=[str(loc) for loc in Locale], help="report language"
    )
    return parser


def _calendar_report(args: argparse.Namespace, out: TextIO) -> None:
    country = args.country.upper()
    zone = args.timezone or _DEFAULT_ZONES.get(country, "UTC")
    cal = WorkingCalendar.for_country(country, subdiv=args.subdiv, timezone=zone)
    # The adapter may read the clock; the domain never does.
    year = args.year if args.year is not None else dt.datetime.now(cal.tzinfo).year
    loc = args.locale
    where = f"{cal.country}-{cal.subdiv}" if cal.subdiv else str(cal.country)
    out.write(render("calendar.report.title", {"where": where, "zone": zone, "year": year}, loc))
    out.write("\n\n" + render("calendar.report.holidays", {}, loc) + "\n")
    first, after = dt.date(year, 1, 1), dt.date(year + 1, 1, 1)
    for day, name in cal.holidays_between(first, after).items():
        out.write(f"{day.isoformat()}  {day:%a}  {name}\n")
    out.write("\n" + render("calendar.report.per_month", {}, loc) + "\n")
    total = 0
    for month in range(1, 13):
        start = dt.date(year, month, 1)
        end = dt.date(year + month // 12, month % 12 + 1, 1)
        count = cal.working_days_between(start, end)
        total += count
        out.write(f"{_stdlib_calendar.month_abbr[month]:<8}{count:>4}\n")
    out.write(f"{render('calendar.report.total', {}, loc):<8}{total:>4}\n")


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    """Run the command line; return the exit status (0 on success, 2 on bad input)."""
    stream = out if out is not None else sys.stdout
    args = _parser().parse_args(argv)
    try:
        if args.command == "calendar":
            _calendar_report(args, stream)
    except HalfManagedError as error:
        sys.stderr.write(f"halfmanaged: {error}\n")
        return 2
    return 0
