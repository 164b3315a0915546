"""The ``halfmanaged`` command: an adapter that reads files, the clock and the terminal.

All input and output of the package lives here (and in the private ``_cli_*`` helpers); the
domain modules it calls take their time and data as arguments. ``--as-of`` defaults to now,
the one place the clock is read.

Exit status: 0 done; 1 when ``--fail-on`` matched (or, for ``tracking``, a number is invalid),
and when the reader of the output went away (``| head``), quietly; 2 for unusable input (a
missing file, an unreadable format, no usable column, a bad flag or policy).

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
import datetime as dt
import importlib.resources
import io
import json
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, Final, TextIO

import attrs

from halfmanaged import __version__
from halfmanaged._cli_classify import PROVIDERS
from halfmanaged._cli_input import Parcels, Reader, Row, csv_rows, jsonl_rows, kind_of
from halfmanaged._cli_policy import Settings, parse_duration, read_settings
from halfmanaged._cli_render import Words
from halfmanaged._cli_zones import AmbiguousZoneError, zone_for
from halfmanaged._iso3166 import country_code
from halfmanaged.calendar import FIRST_DATE, LAST_DATE, WorkingCalendar
from halfmanaged.errors import DateOutOfRangeError, HalfManagedError, UnusableInputError
from halfmanaged.messages import Locale, as_locale, render
from halfmanaged.report import Problem, Report, Thresholds, combine, summarize
from halfmanaged.shipping import Assessment, Status, evaluate

__all__ = ["main"]

_CHUNK: Final = 20_000
_FORMATS: Final = ("table", "markdown", "json", "csv", "html")
_LOCALES: Final = [str(loc) for loc in Locale]
# A closed pipe: stdout goes to devnull and the status is 1, as Python's documentation of
# the signal module says (docs.python.org/3/library/signal.html, "Note on SIGPIPE").
_PIPE_CLOSED: Final = 1


class _UserError(Exception):
    """A message for the user, already in words; exit status 2."""


def _sample_file(name: str) -> Path:
    resource = importlib.resources.files("halfmanaged").joinpath("_data", "sample", name)
    return Path(str(resource))


# -- arguments ----------------------------------------------------------------------------


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="halfmanaged",
        description="AliExpress semi-managed fulfilment rules, from the command line.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)

    def locale_flag(sub: argparse.ArgumentParser) -> None:
        sub.add_argument("--locale", default="en", choices=_LOCALES, help="report language")

    cal = commands.add_parser("calendar", help="print a country's working-day calendar for a year")
    cal.add_argument("country", help="ISO 3166-1 alpha-2 code, e.g. DE")
    cal.add_argument("--year", type=int, default=None, help="the year (default: this year)")
    cal.add_argument("--subdiv", default=None, help="subdivision, e.g. BY for Bavaria")
    cal.add_argument("--timezone", default=None, help="IANA time zone of the warehouse")
    locale_flag(cal)

    def policy_flags(sub: argparse.ArgumentParser) -> None:
        sub.add_argument("--policy", type=Path, help="TOML policy file (docs/report.md)")
        sub.add_argument("--promise-days", type=int, choices=(1, 2), help="override the policy")
        sub.add_argument("--as-of", help="ISO 8601 time with offset (default: now)")
        locale_flag(sub)

    rep = commands.add_parser("report", help="what must ship now, what is late, what it costs")
    rep.add_argument("files", nargs="*", type=Path, metavar="FILE", help="default: the sample")
    policy_flags(rep)
    rep.add_argument("--format", default="table", choices=_FORMATS)
    rep.add_argument("--horizon", help="at-risk horizon, e.g. 24h (default 24h)")
    rep.add_argument("--output", "-o", type=Path, help="write here instead of stdout")
    rep.add_argument("--fail-on", action="append", choices=("at-risk", "breached"), default=[])
    rep.add_argument(
        "--limit", type=int, default=50, help="rows per table section (table/md/html)"
    )
    rep.add_argument("--max-late-shipment", type=float, help="late-shipment rate threshold")
    rep.add_argument("--min-valid-tracking", type=float, help="valid-tracking rate threshold")
    rep.add_argument("--min-on-time-delivery", type=float, help="on-time delivery threshold")

    exp = commands.add_parser("explain", help="why an order's deadlines land where they do")
    exp.add_argument("order_id")
    exp.add_argument("file", nargs="?", type=Path, help="default: the sample")
    policy_flags(exp)

    trk = commands.add_parser("tracking", help="check tracking numbers: valid? which carriers?")
    trk.add_argument("numbers", nargs="+", metavar="NUMBER")
    trk.add_argument("--carrier", default=None, help="the carrier the number should belong to")
    locale_flag(trk)

    cls = commands.add_parser("classify", help="whose fault an incident is, and the first step")
    cls.add_argument(
        "file", type=Path, help="an incident JSON file, or an AfterShip, EasyPost or 17TRACK feed"
    )
    cls.add_argument(
        "--provider", default="auto", choices=PROVIDERS, help="default: told by the shape"
    )
    cls.add_argument("--zone", help="IANA zone of the feed's scan times without an offset")
    cls.add_argument(
        "--zones", action="append", default=[], metavar="CC=ZONE",
        help="the zone of one country's scans, e.g. DE=Europe/Berlin (repeatable)",
    )  # fmt: skip
    cls.add_argument("--as-of", help="ISO 8601 time with offset (default: now)")
    locale_flag(cls)
    return parser


# -- calendar ---------------------------------------------------------------------------


def _zone(country: str, given: str | None, locale: Locale) -> str:
    if given:
        return given
    try:
        return zone_for(country)
    except AmbiguousZoneError as error:
        if error.candidates:
            candidates = ", ".join(error.candidates)
            raise _UserError(
                render(
                    "cli.error.timezone", {"country": country, "candidates": candidates}, locale
                )
            ) from None
        raise _UserError(render("cli.error.no_zone", {"country": country}, locale)) from None


def _calendar_report(args: argparse.Namespace, out: TextIO) -> None:
    loc = as_locale(args.locale)
    words = Words(loc)
    country = country_code(args.country)
    zone = _zone(country, args.timezone, loc)
    cal = WorkingCalendar.for_country(country, subdiv=args.subdiv, timezone=zone)
    # The adapter may read the clock; the domain never does.
    year = args.year if args.year is not None else dt.datetime.now(cal.tzinfo).year
    if not FIRST_DATE.year <= year <= LAST_DATE.year:
        raise DateOutOfRangeError("year", year)
    first, after = dt.date(year, 1, 1), dt.date(year + 1, 1, 1)
    # Every answer first, then the printing: a bad argument prints nothing.
    holidays = cal.holidays_between(first, min(after, LAST_DATE), locale=loc)
    make_up = cal.make_up_days_between(first, min(after, LAST_DATE))
    counts = []
    for month in range(1, 13):
        start = dt.date(year, month, 1)
        end = min(dt.date(year + month // 12, month % 12 + 1, 1), LAST_DATE)
        counts.append(cal.working_days_between(start, end) + (end == LAST_DATE and month == 12))
    where = f"{cal.country}-{cal.subdiv}" if cal.subdiv else str(cal.country)
    lines = [render("calendar.report.title", {"where": where, "zone": zone, "year": year}, loc)]
    lines += ["", render("calendar.report.holidays", {}, loc)]
    lines += [f"{day.isoformat()}  {words.weekday(day)}  {name}" for day, name in holidays.items()]
    if make_up:
        lines += ["", render("cli.calendar.make_up", {}, loc)]
        label = render("cli.calendar.make_up_day", {}, loc)
        lines += [f"{day.isoformat()}  {words.weekday(day)}  {label}" for day in make_up]
    lines += ["", render("calendar.report.per_month", {}, loc)]
    lines += [f"{_pad(words.month(m + 1), 8)}{count:>4}" for m, count in enumerate(counts)]
    lines.append(f"{_pad(render('calendar.report.total', {}, loc), 8)}{sum(counts):>4}")
    out.write("\n".join(lines) + "\n")


def _pad(text: str, width: int) -> str:
    # A CJK character takes two columns in a terminal.
    shown = sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)
    return text + " " * max(width - shown, 0)


# -- reading orders -----------------------------------------------------------------------


def _moment(text: str, loc: Locale) -> dt.datetime:
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        moment = None
    if moment is None or moment.utcoffset() is None:
        raise _UserError(render("cli.error.as_of", {"value": text}, loc))
    return moment


def _as_of(args: argparse.Namespace, settings: Settings, loc: Locale) -> dt.datetime:
    if args.as_of:
        return _moment(args.as_of, loc)
    if settings.as_of is not None:
        return settings.as_of
    return dt.datetime.now(dt.UTC)  # the one clock read of the package


def _settings(args: argparse.Namespace, loc: Locale) -> tuple[Settings, list[Path]]:
    files: list[Path] = list(getattr(args, "files", None) or [])
    if getattr(args, "file", None) is not None:
        files = [args.file]
    policy_path: Path | None = args.policy
    if not files:
        files = [_sample_file("orders.csv")]
        if policy_path is None:
            policy_path = _sample_file("policy.toml")
    if policy_path is not None and not policy_path.is_file():
        raise _UserError(render("cli.error.no_file", {"path": str(policy_path)}, loc))
    try:
        settings = read_settings(policy_path, None, promise_days=args.promise_days)
    except (HalfManagedError, OSError) as error:
        raise _UserError(
            render("cli.error.policy", {"path": str(policy_path), "detail": str(error)}, loc)
        ) from None
    return settings, files


def _items(path: Path, reader: Reader, loc: Locale) -> Iterator[Row | Problem]:
    """Yield the orders of one file, the parcels of a split shipment joined into one."""
    parcels = Parcels(reader)
    for item in _file_items(path, reader, loc):
        if isinstance(item, Row) and item.parcel is not None:
            problem = parcels.add(item)
            if problem is not None:
                yield problem
            continue
        if isinstance(item, Row) and item.order.order_id in parcels.waiting:
            yield Problem(item.file, item.line, "order_id", "duplicate", item.order.order_id)
            continue
        yield item
    yield from parcels.flush()


def _file_items(path: Path, reader: Reader, loc: Locale) -> Iterator[Row | Problem]:
    """Yield the rows of one file, or raise :class:`UnusableInputError`."""
    if not path.is_file():
        raise _UserError(render("cli.error.no_file", {"path": str(path)}, loc))
    name = _shown(path)
    try:
        with path.open(encoding="utf-8-sig", newline="") as stream:
            head = stream.read(4096)
            stream.seek(0)
            kind = kind_of(path, head)
            if kind == "csv":
                for line, raw in csv_rows(path, stream):
                    yield reader.row(raw, name, line)
            elif kind == "jsonl":
                for line, value in jsonl_rows(path, stream):
                    yield value if isinstance(value, Problem) else reader.row(value, name, line)
            else:
                yield from _aliexpress_items(path, stream.read(), reader, loc)
    except UnicodeDecodeError as error:
        raise _UserError(
            render("cli.error.unreadable", {"path": name, "detail": str(error)}, loc)
        ) from None
    except UnusableInputError as error:
        raise _UserError(
            render("cli.error.format", {"path": name, "detail": error.reason}, loc)
        ) from None
    except OSError as error:
        raise _UserError(
            render("cli.error.unreadable", {"path": name, "detail": error.strerror}, loc)
        ) from None


def _shown(path: Path) -> str:
    """Name the file as the user did, and the bundled sample by a short name."""
    sample = _sample_file("orders.csv").parent
    return f"sample/{path.name}" if path.parent == sample else str(path)


def _aliexpress_items(
    path: Path, text: str, reader: Reader, loc: Locale
) -> Iterator[Row | Problem]:
    try:
        payload = json.loads(text)
    except ValueError as error:
        raise UnusableInputError(str(path), f"not JSON: {error}") from None
    try:
        from halfmanaged import aliexpress  # noqa: PLC0415 - the adapter; loaded when needed
    except ImportError:
        raise _UserError(render("cli.error.adapter_missing", {"path": str(path)}, loc)) from None
    name = _shown(path)
    pages = payload if isinstance(payload, list) else [payload]
    for page in pages:
        result = aliexpress.read_orders(page)
        for problem in result.problems:
            if not problem.kept:
                yield Problem(name, None, problem.path, "adapter", str(problem.error()))
        for order in result.orders:
            yield reader.aliexpress(order, name)


def _entries(
    files: Sequence[Path], reader: Reader, policy: Any, as_of: dt.datetime, loc: Locale, *,
    progress: Callable[[int], None] | None = None,
) -> Iterator[tuple[str, Assessment] | Problem]:  # fmt: skip
    count = 0
    for path in files:
        for item in _items(path, reader, loc):
            count += 1
            if progress is not None and count % 1000 == 0:
                progress(count)
            yield _assessed(item, policy, as_of)


def _assessed(
    item: Row | Problem, policy: Any, as_of: dt.datetime
) -> tuple[str, Assessment] | Problem:
    """Assess one row read from a file, or say why it cannot be."""
    if isinstance(item, Problem):
        return item
    try:
        return (item.warehouse, evaluate(item.order, policy, item.records, as_of=as_of))
    except HalfManagedError as error:
        return Problem(item.file, item.line, getattr(error, "field", None), "invalid", str(error))


def _is_csv(path: Path) -> bool:
    try:
        with path.open(encoding="utf-8-sig", newline="") as stream:
            return kind_of(path, stream.read(4096)) == "csv"
    except (OSError, UnicodeDecodeError):
        return False  # the per-order path says what is wrong


def _frame_parts(  # noqa: PLR0917 - the report's settings
    path: Path, reader: Reader, policy: Any, as_of: dt.datetime, horizon: dt.timedelta,
    thresholds: Thresholds, progress: Callable[[int], None] | None,
) -> list[Report] | None:  # fmt: skip
    """Return the report parts of a CSV file read in columns, or ``None`` (read per order)."""
    if not path.is_file() or not _is_csv(path):
        return None
    from halfmanaged import _cli_frame  # noqa: PLC0415 - pandas and pyarrow, when installed

    name = _shown(path)

    def assess(raw: dict[str, str], line: int) -> tuple[str, Assessment] | Problem:
        return _assessed(reader.row(raw, name, line), policy, as_of)

    return _cli_frame.report_parts(
        path, name, reader, policy, as_of=as_of, horizon=horizon, thresholds=thresholds,
        assess=assess, progress=progress,
    )  # fmt: skip


def _report(args: argparse.Namespace, loc: Locale) -> tuple[Report, Settings, list[Path]]:
    settings, files = _settings(args, loc)
    as_of = _as_of(args, settings, loc)
    try:
        horizon = (
            parse_duration(args.horizon, "--horizon")
            if args.horizon
            else settings.horizon or dt.timedelta(hours=24)
        )
    except HalfManagedError:
        raise _UserError(
            render("cli.error.duration", {"flag": "--horizon", "value": args.horizon}, loc)
        ) from None
    thresholds = settings.thresholds
    overrides = {
        "late_shipment": args.max_late_shipment,
        "valid_tracking": args.min_valid_tracking,
        "on_time_delivery": args.min_on_time_delivery,
    }
    try:
        thresholds = attrs.evolve(
            thresholds, **{k: v for k, v in overrides.items() if v is not None}
        )
    except HalfManagedError as error:
        raise _UserError(str(error)) from None
    # The at-risk status and the queue use the same horizon.
    policy = attrs.evolve(settings.policy, at_risk_window=horizon)
    reader = Reader(settings)
    parts: list[Report] = []
    with _progress_bar() as progress:
        for path in files:
            # A CSV file is read in columns (docs/report.md, "Large files"); the rest, and a
            # CSV file the column path cannot read exactly, one order at a time.
            found = _frame_parts(path, reader, policy, as_of, horizon, thresholds, progress)
            if found is not None:
                parts.extend(found)
                continue
            stream = _entries([path], reader, policy, as_of, loc, progress=progress)
            for chunk, problems in _chunks(stream):
                parts.append(
                    summarize(
                        chunk,
                        as_of=as_of,
                        horizon=horizon,
                        thresholds=thresholds,
                        problems=problems,
                    )
                )
    if not parts:
        parts.append(summarize([], as_of=as_of, horizon=horizon, thresholds=thresholds))
    return combine(parts), settings, files


def _chunks(
    stream: Iterable[tuple[str, Assessment] | Problem],
) -> Iterator[tuple[list[tuple[str, Assessment]], list[Problem]]]:
    """Group the stream in bounded chunks, so memory stays flat whatever the file's size."""
    chunk: list[tuple[str, Assessment]] = []
    problems: list[Problem] = []
    for item in stream:
        if isinstance(item, Problem):
            problems.append(item)
        else:
            chunk.append(item)
        if len(chunk) + len(problems) >= _CHUNK:
            yield chunk, problems
            chunk, problems = [], []
    if chunk or problems:
        yield chunk, problems


class _progress_bar:  # noqa: N801 - used like a function in a with statement
    """A row counter on stderr while reading, only when stderr is a terminal."""

    def __enter__(self) -> Callable[[int], None] | None:
        self.bar: Any = None
        if not sys.stderr.isatty():
            return None
        try:
            from rich.progress import Progress  # noqa: PLC0415
        except ImportError:
            return None
        self.bar = Progress(transient=True, console=None)
        self.bar.start()
        task = self.bar.add_task("orders", total=None)

        def advance(count: int) -> None:
            self.bar.update(task, completed=count)

        return advance

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()


def _write_report(args: argparse.Namespace, report: Report, loc: Locale, out: TextIO) -> None:
    words = Words(loc)
    fmt = args.format
    try:
        if fmt == "json":
            from halfmanaged._cli_render import write_json  # noqa: PLC0415

            write_json(report, words, out)
        elif fmt == "csv":
            from halfmanaged._cli_render import write_csv  # noqa: PLC0415

            write_csv(report, words, out)
        elif fmt == "markdown":
            from halfmanaged._cli_render import write_markdown  # noqa: PLC0415

            write_markdown(report, words, out, limit=args.limit)
        elif fmt == "html":
            from halfmanaged._cli_html import write_html  # noqa: PLC0415

            write_html(report, words, out, limit=args.limit)
        else:
            from halfmanaged._cli_render import write_table  # noqa: PLC0415

            colour = out is sys.stdout and _isatty(out)
            write_table(report, words, out, colour=colour, limit=args.limit)
    except ModuleNotFoundError as error:
        feature = f"--format {fmt}"
        raise _UserError(
            render("cli.error.extra", {"feature": feature}, loc) + f" ({error.name})"
        ) from None


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def _run_report(args: argparse.Namespace, out: TextIO) -> int:
    loc = as_locale(args.locale)
    report, _, _ = _report(args, loc)
    if args.output is not None:
        buffer = io.StringIO()
        _write_report(args, report, loc, buffer)
        try:
            args.output.write_text(buffer.getvalue(), encoding="utf-8")
        except OSError as error:
            raise _UserError(
                render(
                    "cli.error.unreadable",
                    {"path": str(args.output), "detail": error.strerror},
                    loc,
                )
            ) from None
    else:
        _write_report(args, report, loc, out)
    counts = report.status_counts()
    failed = 0
    for what in args.fail_on:
        status = Status.AT_RISK if what == "at-risk" else Status.BREACHED
        matched = len(report.at_risk) if status is Status.AT_RISK else counts[status]
        if matched:
            sys.stderr.write(
                "halfmanaged: "
                + render("cli.fail_on", {"what": what, "count": matched}, loc)
                + "\n"
            )
            failed = 1
    return failed


# -- explain, tracking, classify ----------------------------------------------------------


def _run_explain(args: argparse.Namespace, out: TextIO) -> int:
    from halfmanaged._cli_explain import explain  # noqa: PLC0415

    loc = as_locale(args.locale)
    settings, files = _settings(args, loc)
    as_of = _as_of(args, settings, loc)
    reader = Reader(settings)
    for path in files:
        for item in _items(path, reader, loc):
            if isinstance(item, Row) and item.order.order_id == args.order_id:
                assessment = evaluate(item.order, settings.policy, item.records, as_of=as_of)
                out.write("\n".join(explain(assessment, item.warehouse, Words(loc))) + "\n")
                return 0
            if isinstance(item, Problem) and item.column != "order_id":
                continue
    raise _UserError(
        render(
            "cli.error.order_not_found", {"order_id": args.order_id, "path": str(files[0])}, loc
        )
    )


def _run_tracking(args: argparse.Namespace, out: TextIO) -> int:
    from halfmanaged.tracking import validate_tracking_number  # noqa: PLC0415

    loc = as_locale(args.locale)
    invalid = 0
    for number in args.numbers:
        result = validate_tracking_number(number, carrier=args.carrier)
        invalid += not result.valid
        out.write(f"{'✓' if result.valid else '✗'} {result.message(loc)}\n")
    return 1 if invalid else 0


def _run_classify(args: argparse.Namespace, out: TextIO) -> int:
    from halfmanaged._cli_classify import diagnose  # noqa: PLC0415

    loc = as_locale(args.locale)
    path: Path = args.file
    if not path.is_file():
        raise _UserError(render("cli.error.no_file", {"path": str(path)}, loc))
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise _UserError(
            render("cli.error.unreadable", {"path": str(path), "detail": str(error)}, loc)
        ) from None
    zones = {}
    for given in args.zones:
        country, _, zone = given.partition("=")
        if not zone:
            raise _UserError(render("cli.error.zones", {"value": given}, loc))
        zones[country_code(country)] = zone
    as_of = _moment(args.as_of, loc) if args.as_of else None
    try:
        lines = diagnose(
            text, Words(loc), provider=args.provider, zone=args.zone, zones=zones, as_of=as_of
        )
    except (UnusableInputError, ValueError) as error:
        detail = error.reason if isinstance(error, UnusableInputError) else str(error)
        raise _UserError(
            render("cli.error.format", {"path": str(path), "detail": detail}, loc)
        ) from None
    out.write("\n".join(lines) + "\n")
    return 0


_COMMANDS: Final = {
    "report": _run_report,
    "explain": _run_explain,
    "tracking": _run_tracking,
    "classify": _run_classify,
}


def _dispatch(args: argparse.Namespace, out: TextIO) -> int:
    if args.command == "calendar":
        _calendar_report(args, out)
        return 0
    return _COMMANDS[args.command](args, out)


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    """Run the command line; return the exit status (0 ok, 1 ``--fail-on`` matched, 2 bad input).

    >>> main(["tracking", "RB123456785GB"])
    ✓ 'RB123456785GB' is a valid tracking number of: s10, parcelforce, royal_mail
    0
    """
    stream = out if out is not None else sys.stdout
    args = _parser().parse_args(argv)
    try:
        status = _dispatch(args, stream)
        stream.flush()
    except BrokenPipeError:
        return _pipe_closed(stream)
    except _UserError as error:
        sys.stderr.write(f"halfmanaged: {error}\n")
        return 2
    except HalfManagedError as error:
        sys.stderr.write(f"halfmanaged: {error}\n")
        return 2
    return status


def _pipe_closed(stream: TextIO) -> int:
    """End quietly when the reader of stdout went away: no traceback, no flush error at exit.

    The rest of the output goes to devnull (so the interpreter's own flush at exit cannot fail
    again) and the status is 1.
    """
    try:
        fileno = stream.fileno()
    except (AttributeError, OSError, ValueError):
        return _PIPE_CLOSED
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, fileno)
    os.close(devnull)
    return _PIPE_CLOSED
