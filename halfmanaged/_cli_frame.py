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

from halfmanaged._cli_columns import SeenIds
from halfmanaged._cli_columns import amounts_ok as _amounts_ok
from halfmanaged._cli_columns import codes_ok as _codes_ok
from halfmanaged._cli_input import REQUIRED, Reader, _BadCellError
from halfmanaged.calendar import WorkingCalendar
from halfmanaged.report import Problem, Report, Thresholds, summarize
from halfmanaged.shipping import Assessment, ShippingPolicy

__all__ = ["PER_ORDER_ONLY", "report_parts"]

#: Columns only the per-order reader reads: a file with one of them takes that path.
PER_ORDER_ONLY: Final = frozenset({"accepted_at", "packed_at", "receipt_confirmed_at", "parcel"})
_TIMES: Final = ("picked_up_at", "self_delivered_at", "tracking_uploaded_at", "delivered_at")
_TEXTS: Final = ("carrier", "service", "tracking_number", "mode")
_BLOCK: Final = 2 << 20  # bytes per block the reader reads: about 15,000 rows of an export
_ROWS: Final = 60_000  # rows per batch assessed at once
_DEST: Final = "\x00destination:"  # calendar keys of destinations, apart from warehouses'
_WINDOW: Final = 1 << 20  # bytes of the file read at once when counting lines

Assess = Callable[[dict[str, str], int], "tuple[str, Assessment] | Problem"]


class _RefusedError(Exception):
    """The streaming reader refused the file; the per-order path reads it instead."""


class _SharedError(Exception):
    """An order id of the rows read at once is shared: the file is read again, carefully."""


class _Held:
    """The ids of the rows read at once, kept until the whole file is read.

    Most files have no duplicate ids: their rows are read without looking for one, and at the
    end one hash table of every id's hash says whether any id repeats, was seen before (an
    earlier file, or a row read one at a time) or is the id of a row read one at a time. If
    one is, the file is read again, each block's ids checked as it is read
    (:meth:`_Chunk.report` with ``held=None``), so the first row with an id keeps it.
    """

    def __init__(self) -> None:
        self.ids: list[Any] = []
        self.hashes: list[Any] = []
        self.others: list[Any] = []  # hashes of the ids of rows read one at a time

    def hold(self, chunk: _Chunk, good: Any, doubt: Any) -> None:
        import numpy as np  # noqa: PLC0415
        import pyarrow as pa  # noqa: PLC0415

        rows = np.flatnonzero(good)
        self.ids.append(chunk.ids.take(pa.array(rows)))
        self.hashes.append(chunk.hashes[rows])
        named = doubt & np.asarray(chunk.ids.is_valid().to_numpy(zero_copy_only=False), bool)
        self.others.append(chunk.hashes[named])

    def settle(self, seen: SeenIds) -> None:
        """Add the held ids to ``seen``, or raise :class:`_SharedError` if one is shared."""
        import numpy as np  # noqa: PLC0415
        import pandas as pd  # noqa: PLC0415
        import pyarrow as pa  # noqa: PLC0415

        if not self.ids:
            return
        hashes = np.concatenate(self.hashes)
        others = np.unique(np.concatenate(self.others))
        # One hash table: a repeat among the ids, or one shared with a row read one at a time
        # (or, very rarely, two ids with one hash).
        if not pd.Index(np.concatenate([hashes, others])).is_unique:
            raise _SharedError
        ids = pa.concat_arrays(self.ids) if len(self.ids) > 1 else self.ids[0]
        if seen.seen_before(ids, hashes).any():
            raise _SharedError
        seen.add_block(ids, hashes)


def _header(path: Path) -> list[str] | None:
    with path.open(encoding="utf-8-sig", newline="") as stream:
        try:
            return next(csv.reader(stream))
        except (StopIteration, csv.Error, UnicodeDecodeError):
            return None


def _lines(path: Path) -> int:
    """Count the physical lines of a file (a last line without a newline counts).

    Read into one reused buffer, the newlines counted with NumPy: no copy of the file is
    made and the resident memory stays that of the buffer.
    """
    import numpy as np  # noqa: PLC0415

    count, last = 0, 10
    buffer = bytearray(_WINDOW)
    with path.open("rb", buffering=0) as stream:
        while size := stream.readinto(buffer):
            data = np.frombuffer(buffer, dtype=np.uint8, count=size)
            count += int(np.count_nonzero(data == 10))
            last = int(data[-1])
            del data  # the buffer is written again next
    return count + (last != 10)


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
    before = reader.seen.mark()
    try:
        try:
            parts, rows = _read(
                path, header, name, reader, policy, as_of=as_of, horizon=horizon,
                thresholds=thresholds, assess=assess, progress=progress, careful=False,
            )  # fmt: skip
        except _SharedError:
            reader.seen.restore(before)
            parts, rows = _read(
                path, header, name, reader, policy, as_of=as_of, horizon=horizon,
                thresholds=thresholds, assess=assess, progress=progress, careful=True,
            )  # fmt: skip
    except _RefusedError:
        parts, rows = None, -1
    if parts is None or _lines(path) != rows + 1:
        reader.seen.restore(before)  # the per-order path starts the file afresh
        return None
    return parts


def _read(
    path: Path, header: list[str], name: str, reader: Reader, policy: ShippingPolicy, *,
    as_of: dt.datetime, horizon: dt.timedelta, thresholds: Thresholds, assess: Assess,
    progress: Callable[[int], None] | None, careful: bool,
) -> tuple[list[Report], int]:  # fmt: skip
    """Read the file in blocks; ``careful``: check each block's ids for duplicates as read."""
    import pyarrow as pa  # noqa: PLC0415
    import pyarrow.csv as pcsv  # noqa: PLC0415

    try:
        stream = pcsv.open_csv(
            path,
            read_options=pcsv.ReadOptions(block_size=_BLOCK, use_threads=False),
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
    held = None if careful else _Held()
    for batch in _batches(stream):
        chunk = _Chunk(batch, offset, name, reader, with_value)
        parts.extend(chunk.report(policy, as_of, horizon, thresholds, assess, held=held))
        offset += batch.num_rows
        if progress is not None:
            progress(offset)
    if held is not None:
        held.settle(reader.seen)
    return parts, offset


def _batches(stream: Any) -> Iterator[Any]:
    """Yield record batches of about ``_ROWS`` rows, joined from the reader's smaller blocks.

    The reader reads ahead a few blocks: small blocks keep that memory small, and joining
    them keeps the per-batch work (one ``evaluate_frame`` call) rare.
    """
    import pyarrow as pa  # noqa: PLC0415

    held: list[Any] = []
    rows = 0
    while True:
        try:
            batch = stream.read_next_batch()
        except StopIteration:
            break
        except (pa.ArrowException, OSError) as error:
            raise _RefusedError from error
        if batch.num_rows:
            held.append(batch)
            rows += batch.num_rows
        if rows >= _ROWS:
            yield _joined(held)
            held, rows = [], 0
    if held:
        yield _joined(held)


def _joined(batches: list[Any]) -> Any:
    import pyarrow as pa  # noqa: PLC0415

    if len(batches) == 1:
        return batches[0]
    return pa.Table.from_batches(batches).combine_chunks().to_batches()[0]


class _Chunk:
    """One block of rows: its columns as the frame takes them, and the rows in doubt."""

    def __init__(  # noqa: PLR0912, PLR0915 - one block per column, read top to bottom
        self, batch: Any, offset: int, name: str, reader: Reader, with_value: bool
    ) -> None:
        import numpy as np  # noqa: PLC0415
        import pyarrow as pa  # noqa: PLC0415
        import pyarrow.compute as pc  # noqa: PLC0415

        from halfmanaged._cli_columns import instants, plain, text_hashes  # noqa: PLC0415

        self.batch = batch
        self.offset = offset
        self.name = name
        self.reader = reader
        n = batch.num_rows
        self.n = n
        names = batch.schema.names
        doubt = np.zeros(n, dtype=bool)
        columns: dict[str, Any] = {}

        def raw(column: str) -> Any:
            return batch.column(names.index(column))

        def text(column: str, *, upper: bool = False) -> Any:
            if plain(raw(column), upper=upper):
                return raw(column)  # nothing to trim, no cell left empty, nothing to raise
            values = pc.utf8_trim_whitespace(raw(column))
            if upper:
                values = pc.utf8_upper(values)
            return pc.if_else(pc.equal(values, ""), None, values)

        def missing(values: Any) -> Any:
            return np.asarray(values.is_null().to_numpy(zero_copy_only=False), dtype=bool)

        def by_code(encoded: Any, found: list[bool], *, missing: bool) -> Any:
            """Whether each row's key was found (``missing``: the answer for a missing key)."""
            table = np.array([*found, missing], dtype=bool)
            codes = encoded.indices.fill_null(len(found)).to_numpy(zero_copy_only=False)
            return table[codes]

        ids = text("order_id")
        doubt |= missing(ids)
        self.ids = ids
        self.hashes = text_hashes(ids)
        columns["order_id"] = ids
        # Keys as Arrow dictionaries (pandas categoricals): each distinct key looked up once.
        keys = pc.dictionary_encode(text("warehouse"))
        self.calendars: dict[Hashable, WorkingCalendar] = {}
        found = []
        for key in keys.dictionary.to_pylist():
            try:
                self.calendars[key] = reader.warehouse(key)
                found.append(True)
            except _BadCellError:
                found.append(False)
        doubt |= ~by_code(keys, found, missing=False)
        columns["warehouse"] = keys
        for column in ("placed_at", *_TIMES):
            if column in names:
                micros, bad = instants(raw(column))
                doubt |= bad
                # No validity mask: the smallest int64 is NumPy's NaT, so pandas reads it as
                # missing, without the copy a mask costs.
                columns[column] = pa.array(micros).cast(pa.timestamp("us", tz="UTC"))
        doubt |= missing(raw("placed_at"))
        if "destination" in names:
            dest = pc.dictionary_encode(text("destination", upper=True))
            found = []
            countries = dest.dictionary.to_pylist()
            for country in countries:
                try:
                    self.calendars[_DEST + country] = reader.destination(country)
                    found.append(True)
                except _BadCellError:
                    found.append(False)
            doubt |= ~by_code(dest, found, missing=True)
            columns["destination"] = pa.DictionaryArray.from_arrays(
                dest.indices, pa.array([_DEST + c for c in countries], type=pa.string())
            )
        if "value" in names:
            value = text("value")
            present = ~missing(value)
            if "currency" in names:
                currency = text("currency", upper=True)
                code_ok = _codes_ok(currency)
            else:
                currency = None
                code_ok = np.zeros(n, dtype=bool)
            doubt |= present & ~(_amounts_ok(value) & code_ok)
            if with_value:
                columns["value"] = value
                if currency is not None:
                    columns["currency"] = pc.if_else(present, currency, None)
        for column in _TEXTS:
            if column in names:
                columns[column] = text(column)
        if "shipped_from" in names:
            columns["shipped_from"] = text("shipped_from", upper=True)
        if "force_majeure" in names:
            flag = pc.utf8_lower(text("force_majeure"))
            true = np.asarray(
                pc.equal(flag, "true").fill_null(False).to_numpy(zero_copy_only=False), dtype=bool
            )
            false = np.asarray(
                pc.equal(flag, "false").fill_null(False).to_numpy(zero_copy_only=False), dtype=bool
            )
            doubt |= ~missing(flag) & ~true & ~false
            columns["force_majeure"] = pa.array(true)
        self.table = pa.table(columns)
        self.doubt = doubt
        self._rows: dict[int, dict[str, Any]] = {}

    def _raw(self, i: int) -> dict[str, str]:
        """Row ``i`` as the csv module reads it (empty cells as empty strings)."""
        row = self._rows.get(i)
        if row is None:
            row = self.batch.slice(i, 1).to_pylist()[0]
        return {k: "" if v is None else v for k, v in row.items()}

    def _read_rows(self, rows: list[int]) -> None:
        """Read the cells of ``rows`` as Python values at once (the rows in doubt)."""
        import pyarrow as pa  # noqa: PLC0415

        if rows:
            taken = self.batch.take(pa.array(rows, type=pa.int64())).to_pylist()
            self._rows = dict(zip(rows, taken, strict=True))

    def _assess(
        self,
        row: int,
        assess: Assess,
        problems: list[Problem],
        entries: list[tuple[str, Assessment]],
    ) -> None:
        item = assess(self._raw(row), self.offset + row + 2)
        if isinstance(item, Problem):
            problems.append(item)
        else:
            entries.append(item)

    def _shared(self, good: Any, doubt: Any) -> bool:
        """Whether an id of the good rows repeats, was seen before or is a doubtful row's id."""
        import numpy as np  # noqa: PLC0415
        import pyarrow as pa  # noqa: PLC0415
        import pyarrow.compute as pc  # noqa: PLC0415

        rows = np.flatnonzero(good)
        hashes = self.hashes[rows]
        if len(np.unique(hashes)) != len(hashes):
            return True  # a repeat (or, very rarely, two ids with one hash): row by row
        ids = self.ids.take(pa.array(rows))
        if self.reader.seen.seen_before(ids, hashes).any():
            return True
        others = [v for v in self.ids.take(pa.array(np.flatnonzero(doubt))).to_pylist() if v]
        return bool(others) and bool(pc.any(pc.is_in(ids, value_set=pa_array(others))).as_py())

    def report(
        self,
        policy: ShippingPolicy,
        as_of: dt.datetime,
        horizon: dt.timedelta,
        thresholds: Thresholds,
        assess: Assess,
        *,
        held: _Held | None,
    ) -> list[Report]:
        """Assess the block; ``held``: keep the ids for a check at the end of the file."""
        import numpy as np  # noqa: PLC0415
        import pyarrow as pa  # noqa: PLC0415

        from halfmanaged._report_frame import summarize_frame  # noqa: PLC0415
        from halfmanaged.frame import evaluate_frame  # noqa: PLC0415

        # Every row is assessed, those in doubt too (their answers are not used): cheaper than
        # taking the others out of every column, and no answer depends on another row.
        orders = self.table.to_pandas()
        assessed = evaluate_frame(orders, policy, as_of, calendars=self.calendars)
        doubt = self.doubt | np.asarray(assessed["problem"].notna(), dtype=bool)
        good = ~doubt
        self._read_rows(np.flatnonzero(doubt).tolist())
        seen = self.reader.seen
        problems: list[Problem] = []
        entries: list[tuple[str, Assessment]] = []
        if held is not None:
            # Ids are checked at the end of the file (_Held): the rows in doubt go one by one.
            for row in np.flatnonzero(doubt).tolist():
                self._assess(row, assess, problems, entries)
            held.hold(self, good, doubt)
        elif not self._shared(good, doubt):
            # No id is shared: the rows in doubt go one by one, in order, the others at once.
            for row in np.flatnonzero(doubt).tolist():
                self._assess(row, assess, problems, entries)
            rows = np.flatnonzero(good)
            seen.add_block(self.ids.take(pa.array(rows)), self.hashes[rows])
        else:
            ids = self.ids.to_pylist()
            for i in range(self.n):
                if doubt[i]:
                    self._assess(i, assess, problems, entries)
                elif ids[i] in seen:
                    good[i] = False
                    line = self.offset + i + 2
                    problems.append(Problem(self.name, line, "order_id", "duplicate", ids[i]))
                else:
                    seen.add(ids[i])
        parts = [
            summarize_frame(
                orders,
                assessed,
                calendars=self.calendars,
                as_of=as_of,
                horizon=horizon,
                thresholds=thresholds,
                problems=problems,
                tally=good,
            )
        ]
        if entries:
            parts.append(summarize(entries, as_of=as_of, horizon=horizon, thresholds=thresholds))
        return parts


def pa_array(values: list[str]) -> Any:
    import pyarrow as pa  # noqa: PLC0415

    return pa.array(values, type=pa.string())
