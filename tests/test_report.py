"""The pure report: queue, breaches, fines, rates over windows, and chunks that combine."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest

import halfmanaged as hm
from halfmanaged import _cli_frame, cli
from halfmanaged.errors import InvalidFieldError
from halfmanaged.messages import Locale
from halfmanaged.report import Problem, RateKind, Report, Thresholds, combine, summarize

BERLIN = hm.WorkingCalendar.for_country("DE", subdiv="BE", timezone="Europe/Berlin")
POLICY = hm.ShippingPolicy(
    promise_days=1,
    penalties=hm.PenaltySchedule([hm.PenaltyTier(1, percent="10")]),
    at_risk_window=dt.timedelta(hours=24),
)
NOW = dt.datetime(2026, 11, 26, 9, 0, tzinfo=BERLIN.tzinfo)  # Thursday


def _at(day: int, hour: int) -> dt.datetime:
    return dt.datetime(2026, 11, day, hour, 0, tzinfo=BERLIN.tzinfo)


def _entries() -> list[tuple[str, hm.Assessment]]:
    # Placed Mon 23rd 10:00, ship by Tue 24th 15:00: nothing shipped (2 working days late now).
    late = hm.Order("L1", _at(23, 10), BERLIN, value=hm.Money("50.00", "EUR"))
    # Placed Tue 24th 10:00, picked up Wed 25th 10:00 on time, tracking in time, valid S10.
    done = hm.Order("OK", _at(24, 10), BERLIN)
    record = hm.ShipmentRecord(
        picked_up_at=_at(25, 10),
        tracking_uploaded_at=_at(25, 11),
        carrier="Deutsche Post",
        tracking_number="RB123456785DE",  # a valid Deutsche Post S10
    )
    # Placed Wed 25th 10:00, ship by Thu 26th 15:00: 6 hours left, at risk.
    soon = hm.Order("R1", _at(25, 10), BERLIN)
    return [
        ("BER", hm.evaluate(late, POLICY, as_of=NOW)),
        ("BER", hm.evaluate(done, POLICY, record, as_of=NOW)),
        ("BER", hm.evaluate(soon, POLICY, as_of=NOW)),
    ]


def test_summary_by_hand() -> None:
    """Queue, breaches, fine and late-shipment rate of three orders counted by hand."""
    report = summarize(_entries(), as_of=NOW)
    assert report.orders == 3
    queue = [(r.order_id, r.time_left) for r in report.at_risk]
    assert queue == [("R1", dt.timedelta(hours=6))]
    breaches = {b.code: (b.orders, b.working_days_late) for b in report.breaches}
    # Not shipped by the later deadline, self-delivery Wed 25th 10:00: Thursday counts, 1 day.
    # Tracking was due Tue 24th 15:00: Wednesday and Thursday count, 2 days.
    assert breaches == {
        hm.RuleCode.NOT_SHIPPED: (1, 1),
        hm.RuleCode.TRACKING_NOT_UPLOADED: (1, 2),
    }
    assert [(f.total, f.orders) for f in report.fines] == [(hm.Money("5.00", "EUR"), 1)]
    rate = report.rate("BER", RateKind.LATE_SHIPMENT, 7)
    assert (rate.numerator, rate.denominator, rate.flagged) == (1, 2, True)
    tracking = report.rate("BER", RateKind.VALID_TRACKING, 7)
    assert (tracking.numerator, tracking.denominator) == (1, 2)
    assert report.offenders[0].order_id == "L1"


def test_chunks_combine_to_the_whole() -> None:
    """Summaries of parts of the input combine to the summary of all of it."""
    entries = _entries()
    whole = summarize(entries, as_of=NOW, problems=[Problem("f.csv", 9, None, "missing")])
    parts = [
        summarize(entries[:1], as_of=NOW),
        summarize(entries[1:], as_of=NOW, problems=[Problem("f.csv", 9, None, "missing")]),
    ]
    assert combine(parts) == whole


def test_windows_end_on_the_as_of_date() -> None:
    """A week later the 7-day window no longer holds the orders, the 30-day one does."""
    later = NOW + dt.timedelta(days=8)
    report = summarize(_entries(), as_of=later)
    assert report.rate("BER", RateKind.LATE_SHIPMENT, 7).denominator == 0
    assert report.rate("BER", RateKind.LATE_SHIPMENT, 7).value is None
    assert report.rate("BER", RateKind.LATE_SHIPMENT, 30).denominator == 3


def test_thresholds_are_shares_and_windows_positive() -> None:
    """Thresholds outside 0..1 and empty windows are refused by name."""
    with pytest.raises(InvalidFieldError, match="late_shipment"):
        Thresholds(late_shipment=1.5)
    with pytest.raises(InvalidFieldError, match="windows"):
        Thresholds(windows=())
    with pytest.raises(InvalidFieldError, match="horizon"):
        summarize([], as_of=NOW, horizon=dt.timedelta(hours=-1))


def test_combine_refuses_parts_of_different_runs() -> None:
    """Parts with different as-of times are not one report."""
    with pytest.raises(InvalidFieldError, match="reports"):
        combine([summarize([], as_of=NOW), summarize([], as_of=NOW + dt.timedelta(hours=1))])


# -- the column path of the CSV report equals the per-order path ---------------------------

_SAMPLE_DIR = Path(hm.__file__).parent / "_data" / "sample"


def _report_by(path: Path, policy: Path, *, columns: bool) -> tuple[Report, bool]:
    """Return the report by the column path (or the per-order one) and whether it was taken."""
    taken = []
    real = _cli_frame.report_parts

    def spy(*args: object, **kwargs: object) -> object:
        parts = real(*args, **kwargs) if columns else None  # type: ignore[arg-type]
        taken.append(parts is not None)
        return parts

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_cli_frame, "report_parts", spy)
        args = cli._parser().parse_args(["report", str(path), "--policy", str(policy)])
        report = cli._report(args, Locale.EN)[0]
    return report, any(taken)


def _variants(source: Path, target: Path) -> None:
    """Write the sample's rows with every time form, spaces, duplicates and more bad rows."""
    with source.open(encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    header = list(rows[0])
    out = []
    for n, row in enumerate(rows):
        copy = dict(row)
        copy["order_id"] = f"V{n:04d}" if row["order_id"] else ""
        for column in ("placed_at", "picked_up_at", "tracking_uploaded_at", "delivered_at"):
            value = copy[column]
            if len(value) == 22 and n % 4 == 1:
                copy[column] = value[:10] + " " + value[11:16] + ":00" + value[16:]
            elif len(value) == 22 and n % 4 == 2:
                copy[column] = value[:16] + value[16:19] + value[20:]  # +HHMM
            elif len(value) == 22 and n % 4 == 3 and value.endswith("+00:00"):
                copy[column] = value[:16] + "Z"
        if n % 7 == 0:
            copy["carrier"] = f"  {copy['carrier']} "
        if n % 11 == 0 and copy["destination"]:
            copy["destination"] = copy["destination"].lower()
        if n % 13 == 0:
            copy["force_majeure"] = "TRUE"
        out.append(copy)
    out.append(dict(out[5]))  # a duplicate id, after its first row
    out.append({**out[6], "order_id": "X1", "value": "1e3"})  # read, but only one at a time
    out.append({**out[6], "order_id": "X5", "value": "12,50"})  # an amount the reader refuses
    out.append({**out[7], "order_id": "X2", "picked_up_at": "2026-12-1T10:00+01:00"})
    out.append({**out[8], "order_id": "X3", "destination": "XX"})
    out.append({**out[9], "order_id": "X4", "placed_at": "2026-12-10T10:00:00.5+01:00"})
    with target.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.DictWriter(stream, header)
        writer.writeheader()
        writer.writerows(out)


def test_column_path_gives_the_per_order_report_on_the_sample() -> None:
    """On the bundled sample (every rule broken, bad rows), the CSV read in columns gives the
    very report the per-order path gives."""
    csv_file, policy = _SAMPLE_DIR / "orders.csv", _SAMPLE_DIR / "policy.toml"
    by_columns, taken = _report_by(csv_file, policy, columns=True)
    by_order, _ = _report_by(csv_file, policy, columns=False)
    assert taken
    assert by_columns == by_order
    assert {b.code for b in by_columns.breaches} == set(hm.RuleCode)


def test_column_path_gives_the_per_order_report_on_every_cell_form(
    tmp_path: Path,
) -> None:
    """Every time form, spaces, case, duplicates and refused cells: the same report, bad rows
    listed with the same line, column and reason."""
    target = tmp_path / "variants.csv"
    _variants(_SAMPLE_DIR / "orders.csv", target)
    policy = _SAMPLE_DIR / "policy.toml"
    by_columns, taken = _report_by(target, policy, columns=True)
    by_order, _ = _report_by(target, policy, columns=False)
    assert taken
    assert by_columns.problems == by_order.problems
    assert by_columns == by_order
    codes = {p.code for p in by_order.problems}
    assert {"duplicate", "bad_number", "bad_time", "invalid"} <= codes


def test_blank_lines_send_the_file_to_the_per_order_path(
    tmp_path: Path,
) -> None:
    """A blank line shifts line numbers: the file is read one order at a time instead."""
    text = (_SAMPLE_DIR / "orders.csv").read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    target = tmp_path / "blank.csv"
    target.write_text("".join([*lines[:10], "\n", *lines[10:]]), encoding="utf-8")
    policy = _SAMPLE_DIR / "policy.toml"
    by_columns, taken = _report_by(target, policy, columns=True)
    by_order, _ = _report_by(target, policy, columns=False)
    assert not taken
    assert by_columns == by_order
    assert by_order.problems[0].line == 1003


def _blocks_of(source: Path, target: Path, ids: dict[int, str], bad: tuple[int, ...]) -> None:
    """Write the sample with ids ``S<n>`` except ``ids`` (row -> id), ``bad`` rows' placed_at
    without an offset (rows read one at a time)."""
    with source.open(encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    for n, row in enumerate(rows):
        row["order_id"] = ids.get(n, f"S{n}")
        if n in bad:
            row["placed_at"] = row["placed_at"][:16]
    with target.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.DictWriter(stream, list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def _report_in_blocks(files: list[Path], policy: Path) -> tuple[Report, bool, list[bool]]:
    """The column path's report over ``files`` in blocks of 100 rows, whether it was taken,
    and for each file whether its ids were found shared at the end (so it was read again)."""
    shared: list[bool] = []
    settle = _cli_frame._Held.settle

    def spy(self: _cli_frame._Held, seen: object) -> None:
        try:
            settle(self, seen)  # type: ignore[arg-type]
        except _cli_frame._SharedError:
            shared.append(True)
            raise
        shared.append(False)

    taken = []
    real = _cli_frame.report_parts

    def parts(*args: object, **kwargs: object) -> object:
        found = real(*args, **kwargs)  # type: ignore[arg-type]
        taken.append(found is not None)
        return found

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_cli_frame, "_ROWS", 100)
        patch.setattr(_cli_frame, "_BLOCK", 8 << 10)
        patch.setattr(_cli_frame._Held, "settle", spy)
        patch.setattr(_cli_frame, "report_parts", parts)
        args = cli._parser().parse_args(["report", *map(str, files), "--policy", str(policy)])
        report = cli._report(args, Locale.EN)[0]
    return report, bool(taken) and all(taken), shared


def _per_order(files: list[Path], policy: Path) -> Report:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_cli_frame, "report_parts", lambda *a, **k: None)
        args = cli._parser().parse_args(["report", *map(str, files), "--policy", str(policy)])
        return cli._report(args, Locale.EN)[0]


@pytest.mark.parametrize(
    ("ids", "bad", "again"),
    [
        ({}, (), False),  # no id shared: checked once, at the end
        ({700: "S10"}, (), True),  # a repeat in a later block
        ({900: "S300"}, (300,), True),  # a good row's id, earlier on a row read alone
        ({50: "S600"}, (600,), True),  # a good row's id, later on a row read alone
        ({301: "S300"}, (300, 301), False),  # two rows read alone share an id: theirs to say
    ],
)
def test_column_path_finds_shared_ids_across_blocks(
    tmp_path: Path, ids: dict[int, str], bad: tuple[int, ...], again: bool
) -> None:
    """Ids are checked for repeats once the whole file is read; a shared id (across blocks,
    with a row read one at a time) has the file read again, block by block: the report is
    the per-order one, the duplicate listed on its own line."""
    target = tmp_path / "orders.csv"
    _blocks_of(_SAMPLE_DIR / "orders.csv", target, ids, bad)
    policy = _SAMPLE_DIR / "policy.toml"
    by_columns, taken, shared = _report_in_blocks([target], policy)
    by_order = _per_order([target], policy)
    assert taken
    assert shared == [again]
    assert by_columns.problems == by_order.problems
    assert by_columns == by_order


def test_column_path_finds_ids_shared_across_files(tmp_path: Path) -> None:
    """An id of the second file already read in the first is that file's duplicate."""
    first, second = tmp_path / "a.csv", tmp_path / "b.csv"
    _blocks_of(_SAMPLE_DIR / "orders.csv", first, {}, ())
    _blocks_of(_SAMPLE_DIR / "orders.csv", second, {n: f"T{n}" for n in range(1, 5000)}, ())
    policy = _SAMPLE_DIR / "policy.toml"
    by_columns, taken, shared = _report_in_blocks([first, second], policy)
    by_order = _per_order([first, second], policy)
    assert taken
    assert shared == [False, True]
    duplicates = [p for p in by_order.problems if p.code == "duplicate"]
    assert [p.detail for p in duplicates if p.file.endswith("b.csv")] == ["S0"]
    assert by_columns == by_order


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        (b"", 0),
        (b"a", 1),
        (b"a\n", 1),
        (b"a\r\nb", 2),
        (b"\n\n", 2),
        (b"x" * (9 << 20) + b"\ny", 2),
    ],
)
def test_lines_are_counted_as_physical_lines(tmp_path: Path, text: bytes, lines: int) -> None:
    """The line count that decides the column path: newlines, plus a last line without one."""
    target = tmp_path / "f.csv"
    target.write_bytes(text)
    assert _cli_frame._lines(target) == lines


def test_summarize_frame_tallies_only_the_rows_it_is_told_to() -> None:
    """Rows left out by ``tally`` (an unknown warehouse, a missing time, a good row) count for
    nothing: the report is the one of the frame without them, zones included."""
    pd = pytest.importorskip("pandas")
    np = pytest.importorskip("numpy")
    from halfmanaged._report_frame import summarize_frame  # noqa: PLC0415
    from halfmanaged.frame import evaluate_frame  # noqa: PLC0415

    paris = hm.WorkingCalendar.for_country("FR", timezone="Europe/Paris")
    calendars = {"BER": BERLIN, "PAR": paris}
    orders = pd.DataFrame(
        {
            "order_id": ["A", "B", "C", "D", "E"],
            "warehouse": ["BER", "ZZ", "BER", "PAR", "BER"],
            "placed_at": pd.to_datetime(
                ["2026-11-23 10:00", "2026-11-23 10:00", None, "2026-11-24 10:00",
                 "2026-11-25 10:00"], utc=True,
            ),
        }
    )  # fmt: skip
    assessed = evaluate_frame(orders, POLICY, NOW, calendars=calendars)
    tally = np.array([True, False, False, False, True])
    some = summarize_frame(orders, assessed, calendars=calendars, as_of=NOW, tally=tally)
    kept = orders.iloc[[0, 4]].reset_index(drop=True)
    alone = summarize_frame(
        kept, evaluate_frame(kept, POLICY, NOW, calendars=calendars), calendars=calendars,
        as_of=NOW,
    )  # fmt: skip
    assert some == alone
    assert some.orders == 2
    assert [zone for zone, _ in some.zones] == ["BER"]


@pytest.mark.parametrize("with_fines", [False, True])
def test_worst_offenders_among_many_ties_are_the_per_order_ones(with_fines: bool) -> None:
    """Hundreds of orders equally late (no fine, or fines of a few amounts), their ids in no
    order: the column tallies pick the ten the per-order report picks."""
    pd = pytest.importorskip("pandas")
    import random  # noqa: PLC0415

    from halfmanaged._report_frame import summarize_frame  # noqa: PLC0415
    from halfmanaged.frame import evaluate_frame  # noqa: PLC0415

    policy = POLICY if with_fines else hm.ShippingPolicy(promise_days=1)
    ids = [f"O{n:03d}" for n in range(300)]
    random.Random(3).shuffle(ids)
    values = [hm.Money(["10.00", "20.00", "20.000001"][n % 3], "EUR") for n in range(300)]
    orders = pd.DataFrame(
        {
            "order_id": ids,
            "warehouse": ["BER"] * 300,
            "placed_at": pd.to_datetime([_at(23, 10)] * 300, utc=True),
            "value": [v.amount for v in values],
            "currency": ["EUR"] * 300,
        }
    )
    assessed = evaluate_frame(orders, policy, NOW, calendars={"BER": BERLIN})
    by_columns = summarize_frame(orders, assessed, calendars={"BER": BERLIN}, as_of=NOW)
    entries = [
        ("BER", hm.evaluate(hm.Order(i, _at(23, 10), BERLIN, value=v), policy, as_of=NOW))
        for i, v in zip(ids, values, strict=True)
    ]
    by_order = summarize(entries, as_of=NOW)
    assert by_columns.offenders == by_order.offenders
    assert len(by_order.offenders) == 10
