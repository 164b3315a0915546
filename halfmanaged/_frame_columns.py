"""Reading a DataFrame's columns for ``halfmanaged.frame``: instants, keys, strings, flags.

A wrong frame (a required column missing, a dtype that cannot hold what the column means)
raises an error naming the column. A bad value in one row never does: it is reported as that
row's problem, by code (see :data:`PROBLEMS`), and the row gets no answers.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Hashable, Mapping
from typing import Any, Final

import numpy as np
import numpy.typing as npt
import pandas as pd

from halfmanaged._frame_tables import I64, NAT, SECOND, Array
from halfmanaged.calendar import WorkingCalendar
from halfmanaged.errors import (
    DateOutOfRangeError,
    FieldTypeError,
    InvalidFieldError,
    MissingDataError,
    NaiveDatetimeError,
)

Codes = npt.NDArray[np.int8]
_UNITS: Final = {"s": SECOND, "ms": 1000, "us": 1, "ns": None}
_EPOCH: Final = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
_ONE_US: Final = dt.timedelta(microseconds=1)


class Problems:
    """The catalogue of row problems: each a (column, reason) pair with a stable code."""

    def __init__(self) -> None:
        self.pairs: list[tuple[str, str]] = []

    def code(self, column: str, reason: str) -> int:
        """Return the code of a (column, reason) pair, registering it on first use."""
        pair = (column, reason)
        if pair not in self.pairs:
            self.pairs.append(pair)
        return self.pairs.index(pair)


#: Every problem a row can have. Registered at import, so the codes and the categories of the
#: ``problem`` column are the same in every process (Dask's process scheduler relies on it).
PROBLEMS: Final = Problems()

_TIME_COLUMNS: Final = (
    "placed_at",
    "paid_at",
    "picked_up_at",
    "self_delivered_at",
    "tracking_uploaded_at",
    "delivered_at",
)
MISSING: Final = {c: PROBLEMS.code(c, "missing: every order needs it") for c in _TIME_COLUMNS}
NAIVE: Final = {c: PROBLEMS.code(c, NaiveDatetimeError(c, None).reason) for c in _TIME_COLUMNS}
NOT_A_TIME: Final = {
    c: PROBLEMS.code(c, "expected a timezone-aware datetime") for c in _TIME_COLUMNS
}
OUT_OF_RANGE: Final = {
    c: PROBLEMS.code(c, DateOutOfRangeError(c, None).reason) for c in _TIME_COLUMNS
}
AFTER_AS_OF: Final = {c: PROBLEMS.code(c, "after as_of: not known yet") for c in _TIME_COLUMNS}
BEFORE_ORDER: Final = PROBLEMS.code("as_of", "before the order was placed")
PAID_BEFORE_ORDER: Final = PROBLEMS.code("paid_at", "before the order was placed")
UNKNOWN_KEY: Final = {
    c: PROBLEMS.code(c, "not a key of calendars") for c in ("warehouse", "destination")
}
NO_WAREHOUSE: Final = PROBLEMS.code("warehouse", "missing: every order needs it")
BAD_ID: Final = PROBLEMS.code("order_id", "expected a non-blank str")
NOT_STR: Final = {
    c: PROBLEMS.code(c, "expected str or a missing value")
    for c in ("region", "carrier", "service", "tracking_number", "currency")
}
BAD_REGION: Final = PROBLEMS.code("region", "not a country code or region name")
BAD_MODE: Final = PROBLEMS.code("mode", "not a fulfilment mode")
BAD_COUNTRY: Final = PROBLEMS.code("shipped_from", "not an ISO 3166-1 alpha-2 country code")
BAD_VALUE: Final = PROBLEMS.code("value", "not an amount of money with its currency")
BOTH_HANDOVERS: Final = PROBLEMS.code(
    "self_delivered_at", "a parcel is handed over once: by pickup or by self-delivery, not both"
)
UNTIMED_BUT_TIMED: Final = PROBLEMS.code(
    "handover_time_unknown", "the handover time is recorded (picked_up_at or self_delivered_at)"
)
BEFORE_HANDOVER: Final = PROBLEMS.code("delivered_at", "before the handover")
NO_FINE: Final = PROBLEMS.code(
    "value", MissingDataError("value", None, "a percentage fine needs the order value").reason
)
FINE_POLICY: Final = PROBLEMS.code("value", "the fine cannot be computed under the policy")


def flag(problem: Codes, mask: npt.NDArray[np.bool_], code: int) -> None:
    """Record ``code`` for the rows in ``mask`` that have no problem yet."""
    if mask.any():
        problem[mask & (problem < 0)] = code


def column(frame: pd.DataFrame, name: str, *, required: bool) -> pd.Series[Any] | None:
    """Return the column ``name``, ``None`` if it is absent and optional."""
    if name in frame.columns:
        found = frame[name]
        if isinstance(found, pd.DataFrame):
            raise InvalidFieldError(name, list(frame.columns), "the column appears twice")
        return found
    if required:
        raise MissingDataError(name, None, "a required column is missing from the frame")
    return None


def is_missing(value: object) -> bool:
    """Return whether a cell holds no value (None, NaN, NaT or pandas' NA)."""
    return (
        value is None
        or value is pd.NA
        or value is pd.NaT
        or (isinstance(value, float) and math.isnan(value))
    )


def _arrow_to_numpy(series: pd.Series[Any]) -> pd.Series[Any]:
    """Return an Arrow-backed timestamp or integer column as a NumPy-backed one."""
    import pyarrow as pa  # noqa: PLC0415 - only Arrow-backed frames need it

    kind = series.dtype.pyarrow_dtype
    if pa.types.is_timestamp(kind):
        if kind.tz is None:
            return series.astype(f"datetime64[{kind.unit}]")
        return series.astype(pd.DatetimeTZDtype(kind.unit, "UTC"))
    if pa.types.is_integer(kind):
        return series.astype("Int64")
    return series


def instants(
    series: pd.Series[Any], name: str, epoch_unit: str, problem: Codes, *, required: bool
) -> Array:
    """Return a time column as int64 microseconds since the epoch (UTC), ``NAT`` if missing.

    Timezone-aware datetimes (NumPy or Arrow backed) are taken as they are, integers as UTC
    epoch in ``epoch_unit``; an object column of datetimes is read value by value (slow, but
    mixed zones and naive values are reported per row). Finer than a microsecond is floored,
    the resolution of Python's datetimes.
    """
    dtype = series.dtype
    if isinstance(dtype, pd.ArrowDtype):
        series = _arrow_to_numpy(series)
        dtype = series.dtype
    if isinstance(dtype, pd.DatetimeTZDtype):
        raw = np.asarray(series.array.asi8, dtype=I64)
        if dtype.unit == "us":  # the caller's own buffer: read, never written
            out = raw.view()
            out.flags.writeable = False
        else:
            missing = raw == NAT
            out = _scale(raw, dtype.unit)
            out[missing] = NAT
    elif dtype.kind == "M":
        raise NaiveDatetimeError(name, f"a column of dtype {dtype}")
    elif pd.api.types.is_integer_dtype(dtype) and not pd.api.types.is_bool_dtype(dtype):
        values = series.to_numpy(dtype="float64", na_value=np.nan) if series.hasnans else None
        raw = series.to_numpy(dtype=I64, na_value=0)
        out = _epoch(raw, epoch_unit, name, problem)
        if values is not None:
            out[np.isnan(values)] = NAT
    elif pd.api.types.is_object_dtype(dtype):
        out = _objects(series.to_numpy(), name, problem)
    else:
        raise FieldTypeError(
            name, f"a column of dtype {dtype}", "timezone-aware datetimes or an integer epoch"
        )
    if required:
        flag(problem, out == NAT, MISSING[name])
    return out


def _scale(raw: Array, unit: str) -> Array:
    if unit == "ns":
        return np.floor_divide(raw, 1000)
    if unit == "us":
        return raw.copy()
    return raw * (SECOND if unit == "s" else 1000)


def _epoch(raw: Array, unit: str, name: str, problem: Codes) -> Array:
    if unit not in _UNITS:
        raise InvalidFieldError("epoch_unit", unit, "one of 's', 'ms', 'us', 'ns'")
    if unit == "ns":
        return np.floor_divide(raw, 1000)
    scale = _UNITS[unit]
    assert scale is not None
    limit = np.iinfo(np.int64).max // scale // 2
    wild = (raw > limit) | (raw < -limit)
    flag(problem, wild, OUT_OF_RANGE[name])
    return np.where(wild, 0, raw) * scale


def _objects(values: npt.NDArray[Any], name: str, problem: Codes) -> Array:
    out = np.full(len(values), NAT, dtype=I64)
    naive, wrong, wild = NAIVE[name], NOT_A_TIME[name], OUT_OF_RANGE[name]
    for i, value in enumerate(values.tolist()):
        if is_missing(value):
            continue
        if not isinstance(value, dt.datetime):
            code = wrong
        elif value.tzinfo is None or value.utcoffset() is None:
            code = naive
        else:
            try:
                out[i] = (value - _EPOCH) // _ONE_US
                continue
            except OverflowError:
                code = wild
        if problem[i] < 0:
            problem[i] = code
    return out


def keys(
    series: pd.Series[Any] | None,
    name: str,
    calendars: Mapping[Hashable, WorkingCalendar],
    problem: Codes,
    *,
    required: bool,
) -> tuple[npt.NDArray[np.intp], list[WorkingCalendar]]:
    """Return per-row indexes into the returned list of calendars (-1: none or unknown)."""
    if series is None:
        return np.full(len(problem), -1, dtype=np.intp), []
    if isinstance(series.dtype, pd.CategoricalDtype):
        codes = np.asarray(series.cat.codes.to_numpy(), dtype=np.intp)
        uniques = list(series.cat.categories)
    else:
        factor, index = pd.factorize(series, use_na_sentinel=True)
        codes = np.asarray(factor, dtype=np.intp)
        uniques = list(index)
    found: list[WorkingCalendar] = []
    remap = np.full(len(uniques) + 1, -1, dtype=np.intp)  # the last entry maps -1 to -1
    for i, key in enumerate(uniques):
        try:
            cal = calendars.get(key)
        except TypeError:  # an unhashable key
            cal = None
        if cal is None:
            continue
        if cal not in found:
            found.append(cal)
        remap[i] = found.index(cal)
    missing = codes < 0
    out = codes if np.array_equal(remap[:-1], np.arange(len(uniques))) else remap[codes]
    if required:
        flag(problem, missing, NO_WAREHOUSE)
    flag(problem, (out < 0) & ~missing, UNKNOWN_KEY[name])
    return out, found


def blank(series: pd.Series[Any]) -> npt.NDArray[np.bool_]:
    """Return which strings are missing, empty or only whitespace (``str.strip()`` empties)."""
    values = series.array
    if hasattr(values, "__arrow_array__") and not pd.api.types.is_object_dtype(series.dtype):
        import pyarrow as pa  # noqa: PLC0415 - Arrow-backed strings only
        import pyarrow.compute as pc  # noqa: PLC0415

        arrow = pa.array(values)
        if pa.types.is_string(arrow.type) or pa.types.is_large_string(arrow.type):
            if _plainly_not_blank(arrow):
                return np.zeros(len(series), dtype=bool)
            # Arrow's utf8_is_space holds for exactly the characters Python's isspace does.
            only = pc.or_(pc.equal(pc.binary_length(arrow), 0), pc.utf8_is_space(arrow))
            if arrow.null_count == 0 and not pc.any(only).as_py():
                return np.zeros(len(series), dtype=bool)  # the usual case: every one is fine
            return np.asarray(pc.fill_null(only, True), dtype=bool)  # missing is blank too
    missing: npt.NDArray[np.bool_] = np.asarray(series.isna().to_numpy(dtype=bool), dtype=bool)
    text = series.astype(object).to_numpy()
    stripped: npt.NDArray[np.bool_] = np.fromiter(
        (isinstance(v, str) and not v.strip() for v in text), dtype=bool, count=len(text)
    )
    return missing | stripped


def _plainly_not_blank(arrow: Any) -> bool:
    """Return whether no string of an Arrow array can be blank, from its first bytes alone.

    True when none is missing or empty and none starts with a byte that can begin a
    whitespace character (ASCII up to the space, or any non-ASCII byte): the usual column
    of identifiers, checked without looking at every character.
    """
    if arrow.null_count or len(arrow) == 0:
        return False
    chunks = getattr(arrow, "chunks", [arrow])
    for chunk in chunks:
        _, offsets_buffer, data = chunk.buffers()
        width = np.int64 if chunk.type == "large_string" else np.int32
        window = slice(chunk.offset, chunk.offset + len(chunk) + 1)
        offsets: Array = np.frombuffer(offsets_buffer, dtype=width)[window].astype(I64)
        if len(offsets) < 2:
            continue
        if (offsets[1:] <= offsets[:-1]).any():
            return False  # an empty string
        first = np.frombuffer(data, dtype=np.uint8)[offsets[:-1]]
        if ((first <= 0x20) | (first >= 0x80)).any():
            return False
    return True


def strings(series: pd.Series[Any] | None, name: str, problem: Codes) -> pd.Series[Any] | None:
    """Check a column of optional strings; a non-string value is the row's problem."""
    if series is None:
        return None
    if pd.api.types.is_string_dtype(series.dtype) and series.dtype != object:
        return series
    if isinstance(series.dtype, pd.CategoricalDtype):
        if pd.api.types.infer_dtype(series.cat.categories, skipna=True) in {"string", "empty"}:
            return series
    elif series.dtype == object:
        if pd.api.types.infer_dtype(series, skipna=True) in {"string", "empty"}:
            return series
        values = series.to_numpy()
        bad = np.fromiter(
            (not (isinstance(v, str) or is_missing(v)) for v in values),
            dtype=bool,
            count=len(values),
        )
        flag(problem, bad, NOT_STR[name])
        return series.where(~bad, None)
    elif series.isna().all():
        return series
    raise FieldTypeError(name, f"a column of dtype {series.dtype}", "str")


def factorized(series: pd.Series[Any] | None, n: int) -> tuple[npt.NDArray[np.intp], list[Any]]:
    """Return codes (-1 for missing) and the distinct values of an optional column."""
    if series is None:
        return np.full(n, -1, dtype=np.intp), []
    if isinstance(series.dtype, pd.CategoricalDtype):
        return np.asarray(series.cat.codes.to_numpy(), dtype=np.intp), list(series.cat.categories)
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    return np.asarray(codes, dtype=np.intp), list(uniques)


def by_value(
    codes: npt.NDArray[np.intp],
    uniques: list[Any],
    convert: Callable[[Any], object],
    problem: Codes,
    code: int,
) -> tuple[npt.NDArray[np.intp], list[object]]:
    """Convert each distinct value once; rows whose value fails get ``code``.

    Returns per-row indexes into the list of converted values (-1: missing or failed).
    """
    converted: list[object] = []
    remap = np.full(len(uniques) + 1, -1, dtype=np.intp)
    for i, value in enumerate(uniques):
        try:
            result = convert(value)
        except (ValueError, TypeError, ArithmeticError):  # our errors refine these
            flag(problem, codes == i, code)
            continue
        if result not in converted:
            converted.append(result)
        remap[i] = converted.index(result)
    return remap[codes], converted


def flags(series: pd.Series[Any] | None, name: str, n: int) -> npt.NDArray[np.bool_]:
    """Return a column of booleans (missing: false); anything but booleans is refused."""
    if series is None:
        return np.zeros(n, dtype=bool)
    dtype = series.dtype
    if pd.api.types.is_bool_dtype(dtype):
        return np.asarray(series.to_numpy(dtype=bool, na_value=False), dtype=bool)
    if pd.api.types.is_object_dtype(dtype) and pd.api.types.infer_dtype(series, skipna=True) in {
        "boolean",
        "empty",
    }:
        return np.asarray(np.equal(series.to_numpy(), True), dtype=bool)
    raise FieldTypeError(name, f"a column of dtype {dtype}", "bool (True, False or missing)")
