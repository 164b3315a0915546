"""The report's tallies over a frame that :func:`halfmanaged.frame.evaluate_frame` assessed.

:func:`summarize_frame` gives the :class:`~halfmanaged.report.Report` that
:func:`~halfmanaged.report.summarize` gives for the same orders one at a time, with column
operations instead of a Python loop over orders: the per-date counts are group-bys, the
at-risk queue and the worst offenders are the few rows they name. It is the CSV path of
``halfmanaged report``; it needs pandas (the ``report`` extra).

The frame's one answer that is not per rule is ``working_days_late`` (the most of the row's
violations), and a breach tally sums each rule's own working days late. So each rule's days are
counted here, on the calendar the per-order rule counts on (docs/rules.md#shipping-6 for the
handover and the tracking upload, docs/rules.md#reading-delivery-overdue for the delivery),
once per distinct (calendar, deadline date, actual date), with
:meth:`~halfmanaged.WorkingCalendar.working_days_between`.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Hashable, Iterable, Mapping
from decimal import Decimal
from typing import Any, Final

import numpy as np
import pandas as pd

from halfmanaged.calendar import FIRST_DATE, LAST_DATE, WorkingCalendar
from halfmanaged.report import (
    _OFFENDERS,
    AtRiskOrder,
    BreachTally,
    DayTally,
    FineTally,
    Offender,
    Problem,
    Report,
    Thresholds,
    _offender_rank,
    _risk_order,
)
from halfmanaged.shipping import DeadlineKind, Money, RuleCode, Status
from halfmanaged.tracking import carrier_code

__all__ = ["CODE_ORDER", "summarize_frame"]

#: The order in which the per-order engine lists a record's violations (its rule order).
CODE_ORDER: Final = (
    RuleCode.LATE_PICKUP,
    RuleCode.LATE_SELF_DELIVERY,
    RuleCode.NOT_SHIPPED,
    RuleCode.HANDOVER_BEFORE_ORDER,
    RuleCode.TRACKING_NOT_UPLOADED,
    RuleCode.MODE_NOT_ALLOWED,
    RuleCode.ROUTE_NOT_ALLOWED,
    RuleCode.NOT_FROM_OVERSEAS_WAREHOUSE,
    RuleCode.DELIVERED_LATE,
    RuleCode.DELIVERY_OVERDUE,
)
_DAY_COLUMNS: Final = (
    "on_track",
    "at_risk",
    "breached",
    "fulfilled",
    "shipped_late",
    "shipments_judged",
    "tracking_valid",
    "tracking_judged",
    "delivered_on_time",
    "deliveries_judged",
)
_US: Final = np.timedelta64(1, "us")
_NAT: Final = np.iinfo(np.int64).min
_UTC_US: Final = pd.DatetimeTZDtype("us", "UTC")
_EPOCH: Final = dt.date(1970, 1, 1)
_FIRST_DAY: Final = (FIRST_DATE - _EPOCH).days  # the calendars' range, as day numbers
_LAST_DAY: Final = (LAST_DATE - _EPOCH).days


def _compact(codes: np.ndarray[Any, Any], size: int) -> tuple[np.ndarray[Any, Any], list[int]]:
    """Renumber ``codes`` (0 to ``size - 1``, or -1) to the ones present; return the old ones."""
    present = np.flatnonzero(np.bincount(codes[codes >= 0], minlength=size))
    remap = np.full(size + 1, -1, dtype=np.int64)  # the last entry keeps -1 at -1
    remap[present] = np.arange(len(present))
    return np.asarray(remap[codes]), present.tolist()


def _factorize(
    series: pd.Series, keep: np.ndarray[Any, Any] | None
) -> tuple[np.ndarray[Any, Any], list[Any]]:
    """Return per-row codes (-1 where missing or not kept) and the keys of the kept rows.

    A categorical column is read by its codes, any other with :func:`pandas.factorize`.
    """
    if isinstance(series.dtype, pd.CategoricalDtype):
        codes = np.asarray(series.cat.codes, dtype=np.int64)
        uniques = list(series.cat.categories)
    else:
        factor, index = pd.factorize(series)
        codes, uniques = np.asarray(factor, dtype=np.int64), list(index)
    if keep is not None:
        codes = np.where(keep, codes, -1)
    codes, used = _compact(codes, len(uniques))
    return codes, [uniques[i] for i in used]


def _micros(series: pd.Series | None, n: int) -> np.ndarray[Any, np.dtype[np.int64]]:
    """UTC microseconds of a datetime column (NaT as the smallest int64)."""
    if series is None:
        return np.full(n, _NAT, dtype=np.int64)
    if series.dtype == _UTC_US:  # the frame's own output and the CSV path's columns
        return np.asarray(series.array.asi8, dtype=np.int64)
    values = series.dt.tz_convert("UTC").dt.as_unit("us").array
    return np.asarray(values.asi8 if hasattr(values, "asi8") else values, dtype=np.int64)


def _present(t: np.ndarray[Any, np.dtype[np.int64]]) -> np.ndarray[Any, np.dtype[np.bool_]]:
    return np.asarray(t != _NAT)


_QUARTER: Final = 15 * 60 * 1_000_000  # every UTC-offset change since 1970 is on a quarter hour
_DAY_US: Final = 86_400 * 1_000_000


_SPAN: Final = 1 << 21  # quarter hours in one offset table (about 60 years)
_TABLES: Final = 64  # zones whose offset tables are kept
# Each zone's UTC offset per quarter hour over a span: keyed by the zone's name, the first
# quarter and the table, so that the blocks of one file share it (bounded, by value).
_OFFSETS: dict[str, tuple[int, np.ndarray[Any, np.dtype[np.int64]]]] = {}


def _offsets(zone: str, first: int, last: int) -> np.ndarray[Any, np.dtype[np.int64]]:
    """UTC offsets (microseconds) of ``zone`` for the quarter hours ``first`` to ``last``."""
    held = _OFFSETS.get(zone)
    if held is not None and held[0] <= first and last < held[0] + len(held[1]):
        return held[1][first - held[0] : last - held[0] + 1]
    lo, hi = first, last
    if held is not None and max(hi, held[0] + len(held[1]) - 1) - min(lo, held[0]) < _SPAN:
        lo, hi = min(lo, held[0]), max(hi, held[0] + len(held[1]) - 1)
    steps = np.arange(lo, hi + 1, dtype=np.int64) * _QUARTER
    utc = pd.DatetimeIndex(steps.astype("datetime64[us]"), tz="UTC")
    wall = utc.tz_convert(zone).tz_localize(None)
    table = np.asarray(wall.values.astype("datetime64[us]").astype(np.int64) - steps)
    if len(_OFFSETS) >= _TABLES and zone not in _OFFSETS:
        _OFFSETS.pop(next(iter(_OFFSETS)))
    _OFFSETS[zone] = (lo, table)
    return table[first - lo : last - lo + 1]


_Rows = Callable[[np.ndarray[Any, Any]], np.ndarray[Any, Any]]  # a value for given rows


class _Zones:
    """Local dates of UTC instants, per calendar (rows grouped by their calendar's code)."""

    def __init__(self, codes: np.ndarray[Any, Any], cals: list[WorkingCalendar]) -> None:
        self.codes = np.asarray(codes, dtype=np.int64)
        self.cals = cals
        self._groups: list[np.ndarray[Any, Any]] | None = None

    def days(
        self, t: np.ndarray[Any, np.dtype[np.int64]], rows: np.ndarray[Any, Any] | None = None
    ) -> np.ndarray[Any, Any]:
        """Days since 1970-01-01 of each instant on its row's calendar (garbage where NaT).

        ``rows``: the rows ``t`` is of (all rows when ``None``).
        """
        ok = t != _NAT
        if not ok.any():
            return np.zeros(len(t), dtype=np.int64)
        codes = self.codes if rows is None else self.codes[rows]
        quarter = np.floor_divide(t, _QUARTER)
        first, last = int(quarter[ok].min()), int(quarter[ok].max())
        span = last - first + 1
        if span * len(self.cals) > _SPAN:
            return self._days_by_group(t, ok, codes, rows is None)
        # One table per calendar, side by side: each row's offset is one look-up.
        flat = np.concatenate([_offsets(cal.timezone, first, last) for cal in self.cals])
        index = codes * span + np.where(ok, quarter - first, 0)
        return np.asarray(np.floor_divide(t + flat[index], _DAY_US))

    def today(self, now_us: int, rows: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
        """Return the day number of ``now_us`` on the calendar of each of ``rows``."""
        quarter = now_us // _QUARTER
        each = np.array(
            [
                (now_us + int(_offsets(c.timezone, quarter, quarter)[0])) // _DAY_US
                for c in self.cals
            ],
            dtype=np.int64,
        )
        return np.asarray(each[self.codes[rows]])

    def _days_by_group(
        self,
        t: np.ndarray[Any, Any],
        ok: np.ndarray[Any, Any],
        codes: np.ndarray[Any, Any],
        every: bool,
    ) -> np.ndarray[Any, Any]:
        """As :meth:`days`, a calendar at a time, for instants too far apart for one table."""
        groups = self._groups if every else None
        if groups is None:
            groups = [np.flatnonzero(codes == i) for i in range(len(self.cals))]
            if every:
                self._groups = groups
        out = np.zeros(len(t), dtype=np.int64)
        for rows, cal in zip(groups, self.cals, strict=True):
            picked = t[rows[ok[rows]]]
            if not len(picked):
                continue
            quarters, inverse = np.unique(np.floor_divide(picked, _QUARTER), return_inverse=True)
            steps = quarters * _QUARTER
            utc = pd.DatetimeIndex(steps.astype("datetime64[us]"), tz="UTC")
            wall = utc.tz_convert(cal.timezone).tz_localize(None)
            offset = wall.values.astype("datetime64[us]").astype(np.int64) - steps
            out[rows[ok[rows]]] = np.floor_divide(picked + offset[inverse.ravel()], _DAY_US)
        return out


def _counted(
    zones: _Zones,
    start: np.ndarray[Any, Any],
    end: np.ndarray[Any, Any],
    rows: np.ndarray[Any, Any],
) -> np.ndarray[Any, np.dtype[np.int64]]:
    """Working days in ``[start, end)`` (day numbers of ``rows``) on each row's calendar.

    Negative when ``end`` comes first, as :meth:`WorkingCalendar.working_days_between`: the
    difference of the calendar's cumulative working-day counts at the two days.
    """
    from halfmanaged._frame_tables import working_days  # noqa: PLC0415

    if not len(rows):
        return np.zeros(0, dtype=np.int64)
    c, s, e = zones.codes[rows].astype(np.int64), start, end
    counts = np.zeros(len(rows), dtype=np.int64)
    done = np.zeros(len(rows), dtype=bool)
    low, high = int(min(s.min(), e.min())), int(max(s.max(), e.max()))
    if low >= _FIRST_DAY and high <= _LAST_DAY:
        y0 = (_EPOCH + dt.timedelta(days=low)).year
        y1 = (_EPOCH + dt.timedelta(days=high)).year
        for code in np.unique(c).tolist():
            table = working_days(zones.cals[code], y0, y1)
            mine = c == code
            inside = mine & (s >= table.first) & (e >= table.first)
            inside &= (s <= table.last + 1) & (e <= table.last + 1)
            counts[inside] = (
                table.before[e[inside] - table.first] - table.before[s[inside] - table.first]
            )
            done |= inside
    if done.all():
        return counts
    left = np.flatnonzero(~done)
    # Day numbers stay below 2**17 (the calendars end in 2100): one int64 key per triple.
    key = (c[left] << 36) | ((s[left] + (1 << 17)) << 18) | (e[left] + (1 << 17))
    unique, inverse = np.unique(key, return_inverse=True)
    each = np.empty(len(unique), dtype=np.int64)
    for index, packed in enumerate(unique.tolist()):
        first = _EPOCH + dt.timedelta(days=((packed >> 18) & ((1 << 18) - 1)) - (1 << 17))
        last = _EPOCH + dt.timedelta(days=(packed & ((1 << 18) - 1)) - (1 << 17))
        each[index] = zones.cals[packed >> 36].working_days_between(first, last)
    counts[left] = each[inverse.ravel()]
    return counts


@functools.lru_cache(maxsize=1024)
def _carrier_code(name: str) -> str | None:
    """:func:`~halfmanaged.tracking.carrier_code`, once per carrier name (bounded, by value)."""
    return carrier_code(name)


def _tracking_ok(
    numbers: Any, carriers: Any, rows: np.ndarray[Any, Any]
) -> np.ndarray[Any, np.dtype[np.bool_]]:
    """Whether the number of each of ``rows`` is valid for its carrier (columns of texts).

    A carrier the library does not know counts as no carrier (any carrier's format), as
    :func:`~halfmanaged.report.summarize` reads a record; each carrier name is resolved once.
    The rows are taken from the columns as Arrow arrays, not as pandas Series.
    """
    import pyarrow as pa  # noqa: PLC0415

    from halfmanaged._tracking_frame import valid_tracking_numbers  # noqa: PLC0415

    numbers = _arrow_texts(numbers, rows)
    if carriers is None:
        return valid_tracking_numbers(numbers, None)
    encoded = _arrow_texts(carriers, rows).dictionary_encode()
    codes = pa.array(
        [_carrier_code(name) for name in encoded.dictionary.to_pylist()], type=pa.string()
    )
    return valid_tracking_numbers(numbers, pa.DictionaryArray.from_arrays(encoded.indices, codes))


def _arrow_texts(values: Any, rows: np.ndarray[Any, Any]) -> Any:
    """Return the texts of ``rows`` of a pandas column as an Arrow (large) string array.

    An Arrow-backed column is taken from as it is (no pandas ``iloc``, no conversion); any
    other is converted for those rows only (the other rows may hold anything).
    """
    import pyarrow as pa  # noqa: PLC0415

    to_arrow = getattr(values.array, "__arrow_array__", None)
    whole = None if to_arrow is None else to_arrow()
    if isinstance(whole, pa.ChunkedArray) and (
        pa.types.is_string(whole.type) or pa.types.is_large_string(whole.type)
    ):
        array = whole.chunk(0) if whole.num_chunks == 1 else whole.combine_chunks()
        # Kept as it is (large_string, as the tracking frame reads numbers): no cast either way.
        return array.take(pa.array(rows, type=pa.int64()))
    return pa.array(values.iloc[rows], type=pa.string(), from_pandas=True)


def summarize_frame(  # noqa: PLR0912, PLR0915 - one tally per section, top to bottom
    orders: pd.DataFrame,
    assessed: pd.DataFrame,
    *,
    calendars: Mapping[Hashable, WorkingCalendar],
    as_of: dt.datetime,
    horizon: dt.timedelta = dt.timedelta(hours=24),
    thresholds: Thresholds | None = None,
    problems: Iterable[Problem] = (),
    tally: np.ndarray[Any, np.dtype[np.bool_]] | None = None,
) -> Report:
    """Summarise the rows of ``assessed`` (``evaluate_frame(orders, ...)``) as ``summarize`` does.

    ``orders`` is the frame given to ``evaluate_frame`` (its ``order_id``, ``warehouse`` and
    ``destination`` keys, recorded times, ``carrier`` and ``tracking_number``), ``calendars``
    the same mapping. ``tally`` (a boolean per row; default: every row) says which rows are
    counted; each of them must have been assessed (no ``problem``): the caller reads bad rows
    one at a time, so that they are listed as the per-order path lists them. The other rows
    are ignored, whatever they hold (their keys need not be keys of ``calendars``).

    >>> import halfmanaged as hm
    >>> from halfmanaged.frame import evaluate_frame
    >>> utc = hm.WorkingCalendar.without_holidays(timezone="UTC")
    >>> now = dt.datetime(2026, 11, 26, 12, 0, tzinfo=dt.UTC)
    >>> orders = pd.DataFrame({"order_id": ["A1"], "warehouse": ["W"],
    ...     "placed_at": pd.to_datetime(["2026-11-23 10:00"], utc=True)})
    >>> out = evaluate_frame(orders, hm.ShippingPolicy(1), now, calendars={"W": utc})
    >>> report = summarize_frame(orders, out, calendars={"W": utc}, as_of=now)
    >>> [(b.code.value, b.working_days_late) for b in report.breaches]
    [('not_shipped', 1), ('tracking_not_uploaded', 2)]
    """
    now = as_of.astimezone(dt.UTC)
    now_us = int((now - dt.datetime(1970, 1, 1, tzinfo=dt.UTC)) // dt.timedelta(microseconds=1))
    wanted = Thresholds() if thresholds is None else thresholds
    n = len(assessed)
    keep = np.ones(n, dtype=bool) if tally is None else np.asarray(tally, dtype=bool)
    counted_orders = int(keep.sum())
    if counted_orders == 0:
        return Report(as_of=now, horizon=horizon, thresholds=wanted, problems=tuple(problems))
    mask = None if tally is None else keep
    # Rows not kept get no calendar (code -1): every tally below is masked to kept rows.
    wh_codes, wh_keys = _factorize(orders["warehouse"], mask)
    wh_cals = [calendars[k] for k in wh_keys]
    warehouse = _Zones(wh_codes, wh_cals)
    dest = orders.get("destination")
    if dest is None:
        c_codes, c_keys = wh_codes, wh_keys
    else:  # the destination's calendar, else the warehouse's
        d_codes, d_keys = _factorize(dest, mask)
        c_codes, kept = _compact(
            np.where(d_codes >= 0, d_codes + len(wh_keys), wh_codes), len(wh_keys) + len(d_keys)
        )
        c_keys = [[*wh_keys, *d_keys][i] for i in kept]
    counted = _Zones(c_codes, [calendars[k] for k in c_keys])

    def column(name: str) -> pd.Series | None:
        return orders.get(name)

    pick = _micros(column("picked_up_at"), n)
    selfd = _micros(column("self_delivered_at"), n)
    upload = _micros(column("tracking_uploaded_at"), n)
    delivered = _micros(column("delivered_at"), n)
    ship_by = _micros(assessed["ship_by"], n)
    self_by = _micros(assessed["self_delivery_by"], n)
    trk_by = _micros(assessed["tracking_by"], n)
    closes = _micros(assessed["delivery_closes_at"], n)
    handover_by = np.where(self_by > ship_by, self_by, ship_by)
    flags = {code: np.asarray(assessed[code.value], dtype=bool) & keep for code in CODE_ORDER}
    status = np.asarray(assessed["status"].cat.codes, dtype=np.int64)
    status_names = list(assessed["status"].cat.categories)

    # -- per-date counts ---------------------------------------------------------------------
    ship_day = warehouse.days(ship_by)
    trk_day = warehouse.days(trk_by)
    latest = assessed["delivery_latest"].array
    latest_day = np.asarray(
        np.asarray(latest, dtype="datetime64[D]").astype(np.int64), dtype=np.int64
    )
    handed = _present(pick) | _present(selfd)
    judged_ship = handed | (now_us > handover_by)
    late_ship = flags[RuleCode.LATE_PICKUP] | flags[RuleCode.LATE_SELF_DELIVERY]
    late_ship |= flags[RuleCode.NOT_SHIPPED]
    judged_trk = (_present(upload) | (now_us > trk_by)) & keep
    judged_dl = (_present(delivered) | (now_us >= closes)) & keep
    numbers = orders.get("tracking_number")
    trk_ok = np.zeros(n, dtype=bool)
    candidates = judged_trk & _present(upload) & ~flags[RuleCode.TRACKING_NOT_UPLOADED]
    if numbers is not None:
        candidates &= np.asarray(numbers.notna(), dtype=bool)
        rows = np.flatnonzero(candidates)
        if len(rows):
            carriers = orders.get("carrier")
            trk_ok[rows] = _tracking_ok(numbers, carriers, rows)
    else:
        candidates[:] = False
    on_time = _present(delivered) & (delivered < closes)

    # One slot per (warehouse, date): counted with bincount over all three groupings.
    kept_days = (ship_day[keep], latest_day[keep], trk_day[keep])
    low = int(min(d.min() for d in kept_days))
    span = int(max(d.max() for d in kept_days)) - low + 1
    slots = len(wh_keys) * span
    tallies = np.zeros((len(_DAY_COLUMNS), slots), dtype=np.int64)

    def add(day: np.ndarray[Any, Any], mask: np.ndarray[Any, Any], cols: dict[int, Any]) -> None:
        slot = wh_codes * span + (day - low)
        for index, values in cols.items():  # boolean columns: count the rows where true
            tallies[index] += np.bincount(slot[mask & values], minlength=slots)

    everything = keep
    by_status = {
        _DAY_COLUMNS.index(name): status == status_names.index(name)
        for name in ("on_track", "at_risk", "breached", "fulfilled")
    }
    add(ship_day, everything, {**by_status, 4: judged_ship & late_ship, 5: judged_ship})
    add(trk_day, judged_trk, {6: trk_ok, 7: everything})
    add(latest_day, judged_dl, {8: on_time, 9: everything})
    used = np.flatnonzero(tallies.any(axis=0))
    names = [str(k) for k in wh_keys]
    days = tuple(
        sorted(
            (
                DayTally(names[slot // span], _EPOCH + dt.timedelta(days=slot % span + low), *row)
                for slot, row in zip(used.tolist(), tallies[:, used].T.tolist(), strict=True)
            ),
            key=lambda day: (day.warehouse, day.date),
        )
    )

    # -- at-risk queue -------------------------------------------------------------------------
    open_ = (status != status_names.index(Status.BREACHED.value)) & (
        status != status_names.index(Status.FULFILLED.value)
    )
    open_ &= keep
    next_due = _micros(assessed["next_due"], n)
    horizon_us = horizon // dt.timedelta(microseconds=1)
    risky = np.flatnonzero(
        open_ & _present(next_due) & (next_due - now_us <= horizon_us) & (next_due != _NAT)
    )
    ids = orders["order_id"].array if "order_id" in orders else None
    next_kind = assessed["next_deadline"]
    kind_of = [DeadlineKind(k) for k in next_kind.cat.categories]
    kind_codes = np.asarray(next_kind.cat.codes, dtype=np.int64)[risky].tolist()
    risky_ids = _texts(ids, risky)
    wh_zones = [cal.tzinfo for cal in wh_cals]
    dest_zones = [cal.tzinfo for cal in counted.cals]
    epoch = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
    at_risk = []
    for j, (i, due) in enumerate(zip(risky.tolist(), next_due[risky].tolist(), strict=True)):
        kind = kind_of[kind_codes[j]]
        zone = dest_zones[c_codes[i]] if kind is DeadlineKind.DELIVERY else wh_zones[wh_codes[i]]
        at_risk.append(
            AtRiskOrder(
                risky_ids[j],
                names[wh_codes[i]],
                kind,
                (epoch + dt.timedelta(microseconds=due)).astimezone(zone),
                dt.timedelta(microseconds=due - now_us),
            )
        )
    at_risk.sort(key=_risk_order)

    # -- each rule's working days late ---------------------------------------------------------
    # Day numbers only of the rows that broke each rule.
    late_days: dict[RuleCode, np.ndarray[Any, Any]] = {}

    def on_warehouse(code: RuleCode, deadline: Any, until: _Rows) -> None:
        rows = np.flatnonzero(flags[code])
        start = warehouse.days(deadline[rows], rows) + 1
        end = until(rows) + 1
        late_days[code] = np.maximum(_counted(warehouse, start, end, rows), 0)

    def uploaded(rows: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
        at = upload[rows]
        return np.where(_present(at), warehouse.days(at, rows), warehouse.today(now_us, rows))

    on_warehouse(RuleCode.LATE_PICKUP, ship_by, lambda r: warehouse.days(pick[r], r))
    on_warehouse(RuleCode.LATE_SELF_DELIVERY, self_by, lambda r: warehouse.days(selfd[r], r))
    on_warehouse(RuleCode.NOT_SHIPPED, handover_by, lambda r: warehouse.today(now_us, r))
    on_warehouse(RuleCode.TRACKING_NOT_UPLOADED, trk_by, uploaded)

    def on_delivery(code: RuleCode, until: _Rows) -> None:
        rows = np.flatnonzero(flags[code])
        start = counted.days(closes[rows], rows)
        late_days[code] = _counted(counted, start, until(rows) + 1, rows)

    on_delivery(RuleCode.DELIVERED_LATE, lambda r: counted.days(delivered[r], r))
    on_delivery(RuleCode.DELIVERY_OVERDUE, lambda r: counted.today(now_us, r))

    breaches = []
    worst = np.zeros(n, dtype=np.int64)
    for code in sorted(CODE_ORDER, key=lambda c: c.value):
        hit = int(flags[code].sum())
        if not hit:
            continue
        counts = late_days.get(code)
        if counts is None:
            breaches.append(BreachTally(code, hit, 0, 0))
            continue
        rows = np.flatnonzero(flags[code])
        worst[rows] = np.maximum(worst[rows], counts)
        breaches.append(BreachTally(code, hit, int(counts.sum()), int(counts.max())))

    # -- fines -----------------------------------------------------------------------------
    fines: list[FineTally] = []
    fine_values = assessed["fine"].to_numpy(dtype=object)
    fined = np.flatnonzero(pd.notna(assessed["fine"]).to_numpy() & keep)
    fine_currency = assessed["fine_currency"].astype(object).to_numpy()
    if len(fined):
        totals: dict[str, list[Any]] = {}
        for i in fined.tolist():
            slot = totals.setdefault(str(fine_currency[i]), [Decimal(0), 0])
            slot[0] += fine_values[i]
            slot[1] += 1
        fines = [
            FineTally(Money(total, currency), count)
            for currency, (total, count) in sorted(totals.items())
        ]

    # -- worst offenders -------------------------------------------------------------------
    broke = np.zeros(n, dtype=bool)
    for code in CODE_ORDER:
        broke |= flags[code]
    offenders = _offenders(np.flatnonzero(broke), worst, fine_values, fine_currency, ids,
                           wh_codes, wh_keys, flags)  # fmt: skip

    zones = sorted({(str(k), cal.timezone) for k, cal in zip(wh_keys, wh_cals, strict=True)})
    return Report(
        as_of=now,
        horizon=horizon,
        thresholds=wanted,
        orders=counted_orders,
        zones=tuple(zones),
        days=days,
        at_risk=tuple(at_risk),
        breaches=tuple(breaches),
        fines=tuple(fines),
        offenders=offenders,
        problems=tuple(problems),
    )


def _texts(ids: Any, rows: np.ndarray[Any, Any]) -> list[str]:
    """Return the order ids of ``rows`` as texts ("" for none), read at once."""
    if ids is None:
        return [""] * len(rows)
    return [str(v) for v in np.asarray(ids[rows], dtype=object).tolist()]


def _offenders(  # noqa: PLR0917 - the columns an offender is read from
    rows: np.ndarray[Any, Any],
    worst: np.ndarray[Any, Any],
    fine_values: np.ndarray[Any, Any],
    fine_currency: np.ndarray[Any, Any],
    ids: np.ndarray[Any, Any] | None,
    wh_codes: np.ndarray[Any, Any],
    wh_keys: Any,
    flags: Mapping[RuleCode, np.ndarray[Any, Any]],
) -> tuple[Offender, ...]:
    """Return the worst few of ``rows``: most days late, then largest fine, then order id."""
    if not len(rows):
        return ()
    if len(rows) > _OFFENDERS:
        # Only rows at least as late as the tenth latest can be among the worst.
        kth = np.partition(worst[rows], len(rows) - _OFFENDERS)[len(rows) - _OFFENDERS]
        rows = rows[worst[rows] >= kth]
    if len(rows) > 8 * _OFFENDERS:
        fines = np.array([0.0 if pd.isna(f) else float(f) for f in fine_values[rows]])
        by_id = np.asarray(ids[rows] if ids is not None else rows, dtype=object).astype(str)
        order = np.lexsort((by_id, -fines, -worst[rows]))
        # Keep every row tied with the last kept, ranked exactly below: on (days, fine as a
        # float), since two fines may share a float; a float of 0.0 is no fine or exactly
        # zero (fines have at most 6 places), so then on the id too (NumPy's text order is
        # Python's but for trailing NULs).
        edge = order[8 * _OFFENDERS - 1]
        same = (worst[rows] == worst[rows][edge]) & (fines == fines[edge])
        if not fines[edge]:
            same &= by_id == by_id[edge]
        keep = np.union1d(order[: 8 * _OFFENDERS], np.flatnonzero(same))
        rows = rows[keep]
    found = []
    names = [str(k) for k in wh_keys]
    texts = _texts(ids, rows)
    for j, i in enumerate(rows.tolist()):
        fine = fine_values[i]
        money = None if pd.isna(fine) else Money(fine, str(fine_currency[i]))
        codes = tuple(code for code in CODE_ORDER if flags[code][i])
        found.append(Offender(texts[j], names[wh_codes[i]], codes, int(worst[i]), money))
    return tuple(sorted(found, key=_offender_rank)[:_OFFENDERS])
