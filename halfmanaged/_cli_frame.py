"""The CSV path of ``halfmanaged report`` for large files: chunks, columns, ``evaluate_frame``.

A CSV file is read in blocks with pyarrow's streaming reader (memory stays bounded by the
block size), each block's columns are read as the per-order reader reads a row (trimmed, empty
is missing, ISO 8601 times with an offset, the same booleans and amounts), the rows are
assessed with :func:`halfmanaged.frame.evaluate_frame` and tallied with
:func:`halfmanaged._report_frame.summarize_frame`. A row this path has any doubt about (a cell
it does not read exactly as the per-order reader would, a problem the frame reports, a
duplicate order id) goes to the per-order reader instead, so bad rows are listed exactly as
there, with their line. The report is the one the per-order path gives for the same file.

:func:`report_parts` returns ``None`` when the file needs the per-order path as a whole:
pandas or pyarrow missing, a column only that path reads (``accepted_at``, ``packed_at``,
``receipt_confirmed_at``, ``parcel``: the frame has no column for them), a row the streaming
reader refuses, or lines that do not map one to one to rows (blank lines, a quoted newline).
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Callable, Hashable, Iterator
from pathlib import Path
from typing import Any, Final

from halfmanaged._cli_input import REQUIRED, Reader, _BadCellError
from halfmanaged.calendar import WorkingCalendar
from halfmanaged.report import Problem, Report, Thresholds, summarize
from halfmanaged.shipping import Assessment, ShippingPolicy

__all__ = ["PER_ORDER_ONLY", "report_parts"]

#: Columns only the per-order reader reads: a file with one of them takes that path.
PER_ORDER_ONLY: Final = frozenset({"accepted_at", "packed_at", "receipt_confirmed_at", "parcel"})
_TIMES: Final = ("picked_up_at", "self_delivered_at", "tracking_uploaded_at", "delivered_at")
_TEXTS: Final = ("carrier", "service", "tracking_number", "mode")
_BLOCK: Final = 8 << 20  # bytes per block: about 80,000 rows of a typical export
_DEST: Final = "\x00destination:"  # calendar keys of destinations, apart from warehouses'
# The time forms Python's datetime.fromisoformat and Arrow's strptime read alike: a 'T' or a
# space, minutes or seconds, then Z, +HHMM or +HH:MM, every field with all its digits (Arrow
# alone would take "2026-12-1"). Anything else is read by the per-order reader.
_TIME: Final = (
    r"^[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}(:[0-9]{2})?(Z|[+-][0-9]{2}:?[0-9]{2})$"
)
_FORMATS: Final = (
    "%Y-%m-%dT%H:%M%z",
    "%Y-%m-%dT%H:%M:%S%z",
    "%Y-%m-%d %H:%M%z",
    "%Y-%m-%d %H:%M:%S%z",
)
_AMOUNT: Final = r"^[0-9]{1,15}(\.[0-9]{1,6})?$"

Assess = Callable[[dict[str, str], int], "tuple[str, Assessment] | Problem"]


class _RefusedError(Exception):
    """The streaming reader refused the file; the per-order path reads it instead."""


def _header(path: Path) -> list[str] | None:
    with path.open(encoding="utf-8-sig", newline="") as stream:
        try:
            return next(csv.reader(stream))
        except (StopIteration, csv.Error, UnicodeDecodeError):
            return None


def _lines(path: Path) -> int:
    """Count the physical lines of a file (a last line without a newline counts)."""
    count = 0
    last = b"\n"
    with path.open("rb") as stream:
        while block := stream.read(1 << 24):
            count += block.count(b"\n")
            last = block[-1:]
    return count + (last != b"\n")


def report_parts(
    path: Path,
    name: str,
    reader: Reader,
    policy: ShippingPolicy,
    *,
    as_of: dt.datetime,
    horizon: dt.timedelta,
    thresholds: Thresholds,
    assess: Assess,
    progress: Callable[[int], None] | None = None,
) -> list[Report] | None:
    """Return the report parts of one CSV file, or ``None`` for the per-order path."""
    try:
        import pandas  # noqa: F401, PLC0415 - the report extra
        import pyarrow  # noqa: F401, PLC0415
    except ImportError:
        return None
    header = _header(path)
    if (
        not header
        or len(set(header)) != len(header)
        or PER_ORDER_ONLY & set(header)
        or any(column not in header for column in REQUIRED)
    ):
        return None
    before = set(reader.seen)
    try:
        parts, rows = _read(
            path, header, name, reader, policy, as_of=as_of, horizon=horizon,
            thresholds=thresholds, assess=assess, progress=progress,
        )  # fmt: skip
    except _RefusedError:
        parts, rows = None, -1
    if parts is None or _lines(path) != rows + 1:
        reader.seen.intersection_update(before)  # the per-order path starts the file afresh
        return None
    return parts


def _read(
    path: Path, header: list[str], name: str, reader: Reader, policy: ShippingPolicy, *,
    as_of: dt.datetime, horizon: dt.timedelta, thresholds: Thresholds, assess: Assess,
    progress: Callable[[int], None] | None,
) -> tuple[list[Report], int]:  # fmt: skip
    import pyarrow as pa  # noqa: PLC0415
    import pyarrow.csv as pcsv  # noqa: PLC0415

    try:
        stream = pcsv.open_csv(
            path,
            read_options=pcsv.ReadOptions(block_size=_BLOCK),
            convert_options=pcsv.ConvertOptions(
                column_types=dict.fromkeys(header, pa.string()),
                null_values=[""],
                strings_can_be_null=True,
                quoted_strings_can_be_null=True,
            ),
        )
    except (pa.ArrowException, OSError) as error:
        raise _RefusedError from error
    parts: list[Report] = []
    offset = 0
    with_value = bool(policy.penalties.tiers)
    for batch in _batches(stream):
        chunk = _Chunk(batch, offset, name, reader, with_value)
        parts.extend(chunk.report(policy, as_of, horizon, thresholds, assess))
        offset += batch.num_rows
        if progress is not None:
            progress(offset)
    return parts, offset


def _batches(stream: Any) -> Iterator[Any]:
    import pyarrow as pa  # noqa: PLC0415

    while True:
        try:
            batch = stream.read_next_batch()
        except StopIteration:
            return
        except (pa.ArrowException, OSError) as error:
            raise _RefusedError from error
        if batch.num_rows:
            yield batch


class _Chunk:
    """One block of rows: its columns as the frame takes them, and the rows in doubt."""

    def __init__(  # noqa: PLR0912, PLR0915 - one block per column, read top to bottom
        self, batch: Any, offset: int, name: str, reader: Reader, with_value: bool
    ) -> None:
        import numpy as np  # noqa: PLC0415
        import pandas as pd  # noqa: PLC0415
        import pyarrow.compute as pc  # noqa: PLC0415

        self.batch = batch
        self.offset = offset
        self.name = name
        self.reader = reader
        n = batch.num_rows
        self.n = n
        names = batch.schema.names
        doubt = np.zeros(n, dtype=bool)
        columns: dict[str, Any] = {}

        def text(column: str, *, upper: bool = False) -> Any:
            values = pc.utf8_trim_whitespace(batch.column(names.index(column)))
            if upper:
                values = pc.utf8_upper(values)
            return pc.if_else(pc.equal(values, ""), None, values)

        def missing(values: Any) -> Any:
            return np.asarray(values.is_null().to_numpy(zero_copy_only=False), dtype=bool)

        ids = text("order_id")
        doubt |= missing(ids)
        self.ids = ids
        columns["order_id"] = ids.to_numpy(zero_copy_only=False)
        keys = text("warehouse")
        doubt |= missing(keys)
        self.calendars: dict[Hashable, WorkingCalendar] = {}
        known = []
        for key in pc.unique(keys).to_pylist():
            if key is None:
                continue
            try:
                self.calendars[key] = reader.warehouse(key)
                known.append(key)
            except _BadCellError:
                pass
        doubt |= ~np.asarray(
            pc.is_in(keys, value_set=pa_array(known)).to_numpy(zero_copy_only=False), dtype=bool
        )
        columns["warehouse"] = keys.to_numpy(zero_copy_only=False)
        columns["placed_at"], bad = _instants(batch.column(names.index("placed_at")))
        doubt |= bad | missing(batch.column(names.index("placed_at")))
        for column in _TIMES:
            if column in names:
                columns[column], bad = _instants(batch.column(names.index(column)))
                doubt |= bad
        if "destination" in names:
            dest = text("destination", upper=True)
            found = []
            for country in pc.unique(dest).to_pylist():
                if country is None:
                    continue
                try:
                    self.calendars[_DEST + country] = reader.destination(country)
                    found.append(country)
                except _BadCellError:
                    pass
            present = ~missing(dest)
            doubt |= present & ~np.asarray(
                pc.is_in(dest, value_set=pa_array(found)).to_numpy(zero_copy_only=False),
                dtype=bool,
            )
            columns["destination"] = pc.binary_join_element_wise(_DEST, dest, "").to_numpy(
                zero_copy_only=False
            )
        if "value" in names:
            value = text("value")
            present = ~missing(value)
            amount_ok = np.asarray(
                pc.match_substring_regex(value, _AMOUNT)
                .fill_null(False)
                .to_numpy(zero_copy_only=False),
                dtype=bool,
            )
            if "currency" in names:
                currency = text("currency", upper=True)
                code_ok = np.asarray(
                    pc.match_substring_regex(currency, r"^[A-Z]{3}$")
                    .fill_null(False)
                    .to_numpy(zero_copy_only=False),
                    dtype=bool,
                )
            else:
                currency = None
                code_ok = np.zeros(n, dtype=bool)
            doubt |= present & ~(amount_ok & code_ok)
            if with_value:
                columns["value"] = value.to_numpy(zero_copy_only=False)
                if currency is not None:
                    columns["currency"] = pc.if_else(present, currency, None).to_numpy(
                        zero_copy_only=False
                    )
        for column in _TEXTS:
            if column in names:
                columns[column] = text(column).to_numpy(zero_copy_only=False)
        if "shipped_from" in names:
            columns["shipped_from"] = text("shipped_from", upper=True).to_numpy(
                zero_copy_only=False
            )
        if "force_majeure" in names:
            flag = pc.utf8_lower(text("force_majeure"))
            true = np.asarray(
                pc.equal(flag, "true").fill_null(False).to_numpy(zero_copy_only=False), dtype=bool
            )
            false = np.asarray(
                pc.equal(flag, "false").fill_null(False).to_numpy(zero_copy_only=False), dtype=bool
            )
            doubt |= ~missing(flag) & ~true & ~false
            columns["force_majeure"] = true
        self.frame = pd.DataFrame(columns)
        self.doubt = doubt

    def _raw(self, i: int) -> dict[str, str]:
        """Row ``i`` as the csv module reads it (empty cells as empty strings)."""
        row = self.batch.slice(i, 1).to_pylist()[0]
        return {k: "" if v is None else v for k, v in row.items()}

    def report(  # noqa: PLR0912 - the fast case, then rows one by one
        self,
        policy: ShippingPolicy,
        as_of: dt.datetime,
        horizon: dt.timedelta,
        thresholds: Thresholds,
        assess: Assess,
    ) -> list[Report]:
        import numpy as np  # noqa: PLC0415

        from halfmanaged._report_frame import summarize_frame  # noqa: PLC0415
        from halfmanaged.frame import evaluate_frame  # noqa: PLC0415

        doubt = self.doubt
        sure = np.flatnonzero(~doubt)
        orders = self.frame.iloc[sure].reset_index(drop=True)
        assessed = evaluate_frame(orders, policy, as_of, calendars=self.calendars)
        flagged = np.asarray(assessed["problem"].notna(), dtype=bool)
        if flagged.any():
            doubt = doubt.copy()
            doubt[sure[flagged]] = True
        good = ~doubt
        ids = self.ids.to_pylist()
        seen = self.reader.seen
        problems: list[Problem] = []
        entries: list[tuple[str, Assessment]] = []
        candidates = [ids[i] for i in np.flatnonzero(good)] if doubt.any() else ids
        unique = set(candidates)
        others = {ids[i] for i in np.flatnonzero(doubt)}
        if (
            len(unique) == len(candidates)
            and seen.isdisjoint(unique)
            and unique.isdisjoint(others)
        ):
            # No id is shared: the rows in doubt go one by one, in order, the others at once.
            for row in np.flatnonzero(doubt).tolist():
                item = assess(self._raw(row), self.offset + row + 2)
                if isinstance(item, Problem):
                    problems.append(item)
                else:
                    entries.append(item)
            seen.update(unique)
        else:
            for i in range(self.n):
                line = self.offset + i + 2
                if doubt[i]:
                    item = assess(self._raw(i), line)
                    if isinstance(item, Problem):
                        problems.append(item)
                    else:
                        entries.append(item)
                elif ids[i] in seen:
                    good[i] = False
                    problems.append(Problem(self.name, int(line), "order_id", "duplicate", ids[i]))
                else:
                    seen.add(ids[i])
        keep = np.flatnonzero(good[sure])
        if len(keep) != len(sure):
            orders = orders.iloc[keep].reset_index(drop=True)
            assessed = assessed.iloc[keep].reset_index(drop=True)
        parts = [
            summarize_frame(
                orders,
                assessed,
                calendars=self.calendars,
                as_of=as_of,
                horizon=horizon,
                thresholds=thresholds,
                problems=problems,
            )
        ]
        if entries:
            parts.append(summarize(entries, as_of=as_of, horizon=horizon, thresholds=thresholds))
        return parts


def pa_array(values: list[str]) -> Any:
    import pyarrow as pa  # noqa: PLC0415

    return pa.array(values, type=pa.string())


def _instants(values: Any) -> tuple[Any, Any]:
    """UTC instants of a column of ISO 8601 texts, and which non-empty cells are in doubt."""
    import numpy as np  # noqa: PLC0415
    import pandas as pd  # noqa: PLC0415
    import pyarrow as pa  # noqa: PLC0415
    import pyarrow.compute as pc  # noqa: PLC0415

    n = len(values)
    trimmed = pc.utf8_trim_whitespace(values)
    present = np.asarray(
        pc.not_equal(trimmed, "").fill_null(False).to_numpy(zero_copy_only=False), dtype=bool
    )
    out = np.full(n, np.iinfo(np.int64).min, dtype=np.int64)
    shaped = np.asarray(
        pc.match_substring_regex(trimmed, _TIME).fill_null(False).to_numpy(zero_copy_only=False),
        dtype=bool,
    )
    todo = present.copy()
    for form in _FORMATS:
        rows = np.flatnonzero(todo & shaped)
        if not len(rows):
            break
        subset = trimmed if len(rows) == n else trimmed.take(pa.array(rows))
        parsed = pc.strptime(subset, format=form, unit="us", error_is_null=True)
        got = np.asarray(parsed.is_valid().to_numpy(zero_copy_only=False), dtype=bool)
        micros = parsed.cast(pa.int64()).fill_null(0).to_numpy(zero_copy_only=False)
        out[rows[got]] = micros[got]
        todo[rows[got]] = False
    stamps = pd.Series(
        pd.DatetimeIndex(
            np.where(present & ~todo, out, np.iinfo(np.int64).min).astype("datetime64[us]"),
            tz="UTC",
        )
    )
    return stamps, todo
