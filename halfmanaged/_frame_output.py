"""The output columns of ``halfmanaged.frame``: raw arrays, written in place, wrapped once.

A call works through its rows in chunks so that its working arrays stay the size of a chunk,
whatever the size of the frame: each chunk's answers come back as raw NumPy arrays (int64
instants and dates, int8 category codes, booleans, objects), are written into one buffer per
column allocated for the whole frame, and the buffers become the output's columns without
another copy.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

import numpy as np
import numpy.typing as npt
import pandas as pd

from halfmanaged import _frame_columns as cols
from halfmanaged._frame_tables import NAT, Array
from halfmanaged.shipping import DeadlineKind, RuleCode, Status

Raw = dict[str, npt.NDArray[Any]]

UTC_US: Final = pd.DatetimeTZDtype("us", "UTC")
STATUS: Final = pd.CategoricalDtype([s.value for s in Status])
KINDS: Final = pd.CategoricalDtype([k.value for k in DeadlineKind])
PROBLEM: Final = pd.CategoricalDtype([f"{c}: {r}" for c, r in cols.PROBLEMS.pairs])
PROBLEM_COLUMN: Final = pd.CategoricalDtype(sorted({c for c, _ in cols.PROBLEMS.pairs}))
_COLUMN_CODE: Final = np.array(
    [list(PROBLEM_COLUMN.categories).index(c) for c, _ in cols.PROBLEMS.pairs] + [-1],
    dtype=np.int8,
)

# Each output column's kind: how its raw array is held and how it becomes a pandas column.
# date: int64 seconds of a midnight (NAT: missing) -> datetime64[s]; utc: int64 µs (NAT) ->
# datetime64[us, UTC]; count: int64, negative for missing -> Int64; status, kind: int8 codes
# (-1: missing) -> categorical; bool; object.
DEADLINES: Final = (
    ("handling_start", "date"),
    ("ship_by", "utc"),
    ("self_delivery_by", "utc"),
    ("tracking_by", "utc"),
    ("delivery_earliest", "date"),
    ("delivery_latest", "date"),
    ("delivery_closes_at", "utc"),
)
ASSESSMENT: Final = (
    *DEADLINES,
    ("status", "status"),
    *((code.value, "bool") for code in RuleCode),
    ("working_days_late", "count"),
    ("next_deadline", "kind"),
    ("next_due", "utc"),
    ("fine", "object"),
    ("fine_currency", "object"),
    ("handover_time_unknown", "bool"),
)
_RAW: Final[Mapping[str, type[np.generic]]] = {
    "date": np.int64,
    "utc": np.int64,
    "count": np.int64,
    "status": np.int8,
    "kind": np.int8,
    "bool": np.bool_,
    "object": np.object_,
}
Spec = tuple[tuple[str, str], ...]


def masked(values: Array, bad: npt.NDArray[np.bool_]) -> Array:
    """Set NAT on the ``bad`` rows of ``values``, in place; return ``values``."""
    if bad.any():
        values[bad] = NAT
    return values


class Buffers:
    """One array per output column for the whole frame, filled chunk by chunk."""

    def __init__(self, spec: Spec, n: int) -> None:
        self.raw: Raw = {name: np.empty(n, dtype=_RAW[kind]) for name, kind in spec}
        self.raw["problem"] = np.empty(n, dtype=np.int8)

    def views(self, lo: int, hi: int) -> Raw:
        """Return the rows ``lo``..``hi - 1`` of every buffer, to be written in place."""
        return {name: values[lo:hi] for name, values in self.raw.items()}

    def put(self, lo: int, part: Raw) -> None:
        """Write one chunk's raw columns at rows ``lo``... (those not written in place)."""
        for name, values in part.items():
            buffer = self.raw[name]
            if values.base is not buffer:
                buffer[lo : lo + len(values)] = values


def frame(spec: Spec, raw: Raw, order_id: Any, index: pd.Index[Any]) -> pd.DataFrame:
    """Return the output frame of raw columns, holding the raw arrays without copying them."""
    columns: dict[str, Any] = {}
    if order_id is not None:
        columns["order_id"] = order_id
    for name, kind in spec:
        columns[name] = _wrap(kind, raw[name], index)
    problem = raw["problem"]
    named = _COLUMN_CODE[problem] if (problem >= 0).any() else problem
    columns["problem_column"] = _categorical(named, PROBLEM_COLUMN)
    columns["problem"] = _categorical(problem, PROBLEM)
    return pd.DataFrame(columns, index=index, copy=False)


def _categorical(codes: npt.NDArray[Any], dtype: pd.CategoricalDtype) -> pd.Categorical:
    # Codes are made here, in range by construction: no check (it would allocate per row).
    return pd.Categorical.from_codes(codes, dtype=dtype, validate=False)


def _wrap(kind: str, values: npt.NDArray[Any], index: pd.Index[Any]) -> Any:
    if kind == "utc":
        # A view of the int64 buffer; _from_sequence would copy it.
        return pd.arrays.DatetimeArray._simple_new(values.view("M8[us]"), dtype=UTC_US)
    if kind == "date":
        return values.view("M8[s]")
    if kind == "count":
        return pd.arrays.IntegerArray(values, values < 0)
    if kind == "status":
        return _categorical(values, STATUS)
    if kind == "kind":
        return _categorical(values, KINDS)
    if kind == "object":
        # A Series of dtype object is taken as it is; a bare object array would be inspected
        # for datetimes, at a cost of tens of bytes per row.
        return pd.Series(values, index=index, dtype=object, copy=False)
    return values
