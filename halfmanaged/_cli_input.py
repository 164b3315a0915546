"""Reading order files for the report: CSV, JSON Lines and AliExpress order responses.

Each row becomes an :class:`~halfmanaged.Order` and a :class:`~halfmanaged.ShipmentRecord`, or a
:class:`~halfmanaged.report.Problem` that says where it is and why; a file that cannot be used
at all raises :class:`~halfmanaged.errors.UnusableInputError` (exit status 2). The columns are
documented in ``docs/report.md``.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import json
from collections.abc import Iterable, Iterator, Mapping
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Final, TypeAlias

import attrs

from halfmanaged._cli_columns import SeenIds
from halfmanaged._cli_policy import Settings
from halfmanaged._cli_zones import AmbiguousZoneError, zone_for
from halfmanaged.calendar import WorkingCalendar
from halfmanaged.errors import HalfManagedError, UnusableInputError
from halfmanaged.report import Problem
from halfmanaged.shipping import Money, Order, ShipmentRecord

REQUIRED: Final = ("order_id", "warehouse", "placed_at")
TIMES: Final = (
    "picked_up_at",
    "self_delivered_at",
    "tracking_uploaded_at",
    "delivered_at",
    "accepted_at",
    "packed_at",
    "receipt_confirmed_at",
)
_TEXT: Final = ("carrier", "service", "tracking_number", "mode")


@attrs.frozen
class Row:
    """One order read from a file, with where it came from.

    ``parcels`` holds one record per parcel of a split shipment
    (docs/rules.md#reading-split-shipments), empty for an order in one parcel (``record``);
    ``parcel`` is the label of the row's own parcel (the CSV's ``parcel`` column) until
    :class:`Parcels` joins the rows.
    """

    warehouse: str
    order: Order
    record: ShipmentRecord
    file: str
    line: int | None
    parcels: tuple[ShipmentRecord, ...] = ()
    parcel: str | None = None

    @property
    def records(self) -> ShipmentRecord | list[ShipmentRecord]:
        """What :func:`~halfmanaged.evaluate` takes: the record, or one per parcel."""
        return list(self.parcels) if self.parcels else self.record


Item: TypeAlias = Row | Problem


class _BadCellError(Exception):
    """A cell that makes its row unusable (never escapes the reader)."""

    def __init__(self, column: str, code: str, detail: str = "") -> None:
        self.column = column
        self.code = code
        self.detail = detail


def _time(row: Mapping[str, Any], column: str) -> dt.datetime | None:
    text = row.get(column)
    if text is None or text == "":
        return None
    if not isinstance(text, str):
        raise _BadCellError(column, "bad_time", repr(text))
    try:
        moment = dt.datetime.fromisoformat(text.strip())
    except ValueError:
        raise _BadCellError(column, "bad_time", text) from None
    if moment.utcoffset() is None:
        raise _BadCellError(column, "naive_time", text)
    return moment


def _text(row: Mapping[str, Any], column: str) -> str | None:
    value = row.get(column)
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _bool(row: Mapping[str, Any], column: str) -> bool:
    value = row.get(column)
    if value is None or value == "" or value is False:
        return False
    if value is True:
        return True
    text = str(value).strip().lower()
    if text in ("true", "false"):
        return text == "true"
    raise _BadCellError(column, "bad_bool", str(value))


class Reader:
    """Turns rows into orders, caching one calendar per warehouse and destination."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.warehouses: dict[str, WorkingCalendar | None] = dict(settings.warehouses)
        self.destinations: dict[str, WorkingCalendar | str] = {}
        self.seen = SeenIds()  # order ids so far, for duplicates (across files too)

    def warehouse(self, key: str) -> WorkingCalendar:
        if key not in self.warehouses:
            cal: WorkingCalendar | None = None
            if len(key) == 2 and key.isalpha():
                try:
                    cal = WorkingCalendar.for_country(key.upper(), timezone=zone_for(key.upper()))
                except HalfManagedError:
                    cal = None
            self.warehouses[key] = cal
        found = self.warehouses[key]
        if found is None:
            raise _BadCellError("warehouse", "unknown_warehouse", key)
        return found

    def destination(self, country: str) -> WorkingCalendar:
        found = self.destinations.get(country)
        if found is None:
            try:
                zone = self.settings.destination_zones.get(country) or zone_for(country)
                found = WorkingCalendar.for_country(country, timezone=zone)
            except AmbiguousZoneError as error:
                found = f"{country}: several time zones ({', '.join(error.candidates)})"
            except HalfManagedError as error:
                found = str(error)
            self.destinations[country] = found
        if isinstance(found, str):
            raise _BadCellError("destination", "invalid", found)
        return found

    def aliexpress(self, found: Any, file: str) -> Item:
        """Turn an order read by :mod:`halfmanaged.aliexpress` into a row, or a problem."""
        where = f"order {found.order_id}"
        calendars = {key: cal for key, cal in self.warehouses.items() if cal is not None}
        calendars.update(
            (alias, self.settings.warehouses[key]) for alias, key in self.settings.aliases.items()
        )
        destinations: dict[str, WorkingCalendar] = {}
        if found.country:
            with contextlib.suppress(_BadCellError):
                destinations[found.country] = self.destination(found.country)
        try:
            shipping = found.to_shipping(calendars, destinations=destinations)
        except HalfManagedError as error:
            return Problem(file, None, where, "adapter", str(error))
        if shipping is None:  # the platform's warehouse ships every line
            return Problem(file, None, where, "adapter", "fulfilled by the platform's warehouse")
        key = self.settings.aliases.get(found.ships_from or "", found.ships_from or "?")
        records = shipping.records
        record = records[0] if records else ShipmentRecord()
        if shipping.order.order_id in self.seen:
            return Problem(file, None, where, "duplicate", shipping.order.order_id)
        self.seen.add(shipping.order.order_id)
        # Several parcels: assessed whole and per parcel (docs/rules.md#reading-split-shipments).
        return Row(key, shipping.order, record, file, None, records if len(records) > 1 else ())

    def row(self, raw: Mapping[str, Any], file: str, line: int | None) -> Item:
        try:
            for column in REQUIRED:
                if _text(raw, column) is None:
                    raise _BadCellError(column, "missing")
            order_id = str(_text(raw, "order_id"))
            key = str(_text(raw, "warehouse"))
            cal = self.warehouse(key)
            placed = _time(raw, "placed_at")
            country = _text(raw, "destination")
            destination = self.destination(country.upper()) if country else None
            value = _money(raw)
            times: dict[str, Any] = {c: _time(raw, c) for c in TIMES if c in raw}
            texts: dict[str, Any] = {c: _text(raw, c) for c in _TEXT}
            force = _bool(raw, "force_majeure")
            shipped_from = _text(raw, "shipped_from")
            parcel = _text(raw, "parcel")
            if parcel is None and order_id in self.seen:
                raise _BadCellError("order_id", "duplicate", order_id)
        except _BadCellError as bad:
            return Problem(file, line, bad.column, bad.code, bad.detail)
        try:
            order = Order(order_id, placed, cal, destination=destination, value=value)  # type: ignore[arg-type]
            record = ShipmentRecord(
                **times,
                **texts,
                shipped_from=shipped_from.upper() if shipped_from else None,
                force_majeure=force,
            )
        except HalfManagedError as error:
            return Problem(file, line, getattr(error, "field", None), "invalid", str(error))
        if parcel is not None:
            return Row(key, order, record, file, line, parcel=parcel)  # Parcels joins them
        self.seen.add(order_id)
        return Row(key, order, record, file, line)


#: The columns that describe the order, the same on every row of its parcels.
_ORDER_FIELDS: Final = ("placed_at", "warehouse", "destination", "value")


class Parcels:
    """Joins the rows of a split shipment (the same ``order_id``, each its own ``parcel``).

    A row with a ``parcel`` label waits here until the end of the file, since the parcels of
    one order may be anywhere in it; then the order comes out once, with one record per
    parcel, at the line of its first row. A row that repeats a parcel, disagrees with the
    first row on the order's own columns, or shares its id with a row without a parcel, is a
    bad row.
    """

    def __init__(self, reader: Reader) -> None:
        self.reader = reader
        self.waiting: dict[str, list[Row]] = {}

    def add(self, row: Row) -> Problem | None:
        """Keep a parcel row; return a problem if it cannot be one of its order's parcels."""
        order = row.order
        first = self.waiting.get(order.order_id)
        if first is None:
            if order.order_id in self.reader.seen:
                return Problem(row.file, row.line, "order_id", "duplicate", order.order_id)
            self.waiting[order.order_id] = [row]
            return None
        head = first[0]
        for column in _ORDER_FIELDS:
            mine = row.warehouse if column == "warehouse" else _order_field(order, column)
            theirs = head.warehouse if column == "warehouse" else _order_field(head.order, column)
            if mine != theirs:
                return Problem(row.file, row.line, column, "parcel_mismatch", order.order_id)
        if any(other.parcel == row.parcel for other in first):
            return Problem(row.file, row.line, "parcel", "duplicate_parcel", str(row.parcel))
        first.append(row)
        return None

    def flush(self) -> Iterator[Row]:
        """Yield each waiting order once, with its parcels in file order."""
        for order_id, rows in self.waiting.items():
            self.reader.seen.add(order_id)
            head = rows[0]
            records = tuple(row.record for row in rows)
            yield attrs.evolve(head, parcels=records if len(records) > 1 else (), parcel=None)
        self.waiting.clear()


def _order_field(order: Order, column: str) -> object:
    if column == "placed_at":
        return order.placed_at.astimezone(dt.UTC)
    if column == "destination":
        return None if order.destination is None else order.destination.country
    return order.value


def _money(raw: Mapping[str, Any]) -> Money | None:
    amount = _text(raw, "value")
    if amount is None:
        return None
    try:
        number = Decimal(amount)
    except InvalidOperation:
        raise _BadCellError("value", "bad_number", amount) from None
    currency = _text(raw, "currency")
    if currency is None:
        raise _BadCellError("currency", "missing")
    try:
        return Money(number, currency.upper())
    except HalfManagedError as error:
        raise _BadCellError("value", "invalid", str(error)) from None


# -- file kinds ---------------------------------------------------------------------------


def kind_of(path: Path, head: str) -> str:
    """Return ``csv``, ``jsonl`` or ``aliexpress`` from the name and the first characters."""
    suffix = path.suffix.lower()
    stripped = head.lstrip("\ufeff \t\r\n")
    if suffix in (".jsonl", ".ndjson"):
        return "jsonl"
    if suffix == ".json" or stripped.startswith("["):
        return "aliexpress"
    if stripped.startswith("{"):
        first_line = stripped.split("\n", 1)[0].strip()
        try:
            json.loads(first_line)
        except ValueError:
            return "aliexpress"  # one object over several lines: a whole response
        return "jsonl"
    return "csv"


def csv_rows(
    path: Path, stream: io.TextIOBase | Iterable[str]
) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield (line, row) of a CSV file after checking its header has the required columns."""
    reader = csv.DictReader(stream)
    try:
        header = reader.fieldnames
    except csv.Error as error:
        raise UnusableInputError(str(path), f"not a CSV file: {error}") from None
    check_columns(path, header or [])
    try:
        for raw in reader:
            yield reader.line_num, raw
    except csv.Error as error:
        raise UnusableInputError(str(path), f"line {reader.line_num}: {error}") from None


def check_columns(path: Path, header: Iterable[str]) -> None:
    """Raise when the required columns are not all there."""
    missing = [column for column in REQUIRED if column not in set(header)]
    if missing:
        raise UnusableInputError(
            str(path),
            f"no usable column: needs {', '.join(REQUIRED)}; missing {', '.join(missing)}",
        )


def jsonl_rows(
    path: Path, stream: Iterable[str]
) -> Iterator[tuple[int, dict[str, Any] | Problem]]:
    """Yield (line, object) of a JSON Lines file; a line that is not an object is a problem."""
    usable = False
    for number, text in enumerate(stream, start=1):
        if not text.strip():
            continue
        try:
            value = json.loads(text)
        except ValueError as error:
            yield number, Problem(str(path), number, None, "not_json", str(error))
            continue
        if not isinstance(value, dict):
            yield number, Problem(str(path), number, None, "not_json", type(value).__name__)
            continue
        if not usable:
            check_columns(path, value.keys())
            usable = True
        yield number, value
