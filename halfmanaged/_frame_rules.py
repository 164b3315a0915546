"""The shipping rules over columns, for ``halfmanaged.frame.evaluate_frame``.

Each rule is the column form of one rule of ``halfmanaged.shipping`` and cites the same part of
docs/rules.md; the per-order engine is the reference, and the tests compare the two row by row.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, Final

import numpy as np
import numpy.typing as npt
import pandas as pd

from halfmanaged import _frame_columns as cols
from halfmanaged import _frame_output as out_
from halfmanaged._frame_rows import Rows
from halfmanaged._frame_tables import DAY, HALF, I64, NAT, NEVER, Array, working_days, year_span
from halfmanaged.calendar import FIRST_DATE, LAST_DATE, WorkingCalendar
from halfmanaged.errors import FieldTypeError, HalfManagedError, MissingDataError
from halfmanaged.shipping import (
    DeadlineKind,
    Money,
    RuleCode,
    ShipmentRecord,
    Status,
)

Mask = npt.NDArray[np.bool_]
Day = Callable[[Array], Array]
_TIMES: Final = ("picked_up_at", "self_delivered_at", "tracking_uploaded_at", "delivered_at")
_BREACHED, _FULFILLED, _AT_RISK, _ON_TRACK = (
    list(Status).index(s)
    for s in (Status.BREACHED, Status.FULFILLED, Status.AT_RISK, Status.ON_TRACK)
)
_PICKUP, _SELF, _TRACKING, _DELIVERY = (
    list(DeadlineKind).index(k)
    for k in (
        DeadlineKind.PICKUP,
        DeadlineKind.SELF_DELIVERY,
        DeadlineKind.TRACKING_UPLOAD,
        DeadlineKind.DELIVERY,
    )
)
_OVERDUE: Final = getattr(RuleCode, "DELIVERY_OVERDUE", None)


def _us(delta: dt.timedelta) -> int:
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds


class _Counts:
    """Working days on each row's calendars: cumulative counts and local dates."""

    def __init__(self, rows: Rows, now: dt.datetime) -> None:
        y0, y1 = rows.years
        lo, hi = max(y0 - 1, FIRST_DATE.year), min(y1 + 1, LAST_DATE.year)
        cals: list[WorkingCalendar] = list(rows.warehouses)
        for cal in rows.combo_counted:
            if cal not in cals:
                cals.append(cal)
        tabs = [working_days(cal, lo, hi) for cal in cals]
        first, last = year_span(lo, hi)
        size = last - first + 2
        self.before = np.concatenate([t.before for t in tabs]) if tabs else np.zeros(1, I64)
        cal_base = np.arange(len(cals), dtype=I64) * size - first
        self.wh_base = cal_base[: len(rows.warehouses)] if tabs else np.zeros(1, I64)
        counted = [cals.index(cal) for cal in rows.combo_counted]
        self.counted_base = cal_base[counted] if counted else np.zeros(1, I64)
        zbase, zb, zc, za = rows.zones(cals)
        self.zbase, self.zb, self.zc, self.za = zbase, zb, zc, za
        self.counted_zone = zbase[counted] if counted else np.zeros(1, I64)
        self.wh_zone = zbase[: len(rows.warehouses)] if tabs else np.zeros(1, I64)
        # as_of's local date on each calendar, once per calendar.
        self.today = np.array(
            [(cal.local(now).date() - dt.date(1970, 1, 1)).days for cal in cals] or [0], I64
        )
        self.today_wh = self.today[: len(rows.warehouses)] if tabs else self.today
        self.today_counted = self.today[counted] if counted else self.today

    def day(self, t: Array, zone_rows: Array) -> Array:
        """Return the local dates of instants ``t`` (in the zones whose bases are given)."""
        g = np.floor_divide(t, HALF) + zone_rows
        g = np.clip(g, 0, len(self.zb) - 1)
        off = np.where(t >= self.zc[g], self.za[g], self.zb[g])
        return np.floor_divide(t + off, DAY)

    def between(self, base: Array, start: Array, end: Array) -> Array:
        """Count working days in ``[start, end)`` (start <= end) on the calendars of ``base``."""
        top = len(self.before) - 1
        after = self.before[np.clip(base + end, 0, top)]
        return np.asarray(after - self.before[np.clip(base + start, 0, top)], dtype=I64)


def _late_days(cal_base: Array, deadline_day: Array, until_day: Array, counts: _Counts) -> Array:
    """Working days after the deadline's day up to the actual day (docs/rules.md#shipping-6)."""
    days = counts.between(cal_base, deadline_day + 1, until_day + 1)
    return np.maximum(days, 0)


class _Record:
    """The shipment columns of the rows, read and checked as ``ShipmentRecord`` checks them."""

    def __init__(self, rows: Rows, now_us: int) -> None:
        orders, problem, n = rows.orders, rows.problem, rows.n
        times: dict[str, Array] = {}
        for name in _TIMES:
            series = cols.column(orders, name, required=False)
            times[name] = (
                np.full(n, NAT, dtype=I64)
                if series is None
                else cols.instants(series, name, rows.epoch_unit, problem, required=False)
            )
        self.pick, self.sd, self.up, self.dl = (times[name] for name in _TIMES)
        self.carrier = cols.strings(
            cols.column(orders, "carrier", required=False), "carrier", problem
        )
        self.service = cols.strings(
            cols.column(orders, "service", required=False), "service", problem
        )
        number = cols.column(orders, "tracking_number", required=False)
        cols.strings(number, "tracking_number", problem)
        codes, values = _common(cols.column(orders, "mode", required=False), "jit", n)
        self.mode, self.modes = cols.by_value(
            codes, values, lambda v: ShipmentRecord(mode=v).mode, problem, cols.BAD_MODE
        )
        shipped = cols.strings(
            cols.column(orders, "shipped_from", required=False), "shipped_from", problem
        )
        codes, values = cols.factorized(shipped, n)
        self.origin, self.origins = cols.by_value(
            codes,
            values,
            lambda v: ShipmentRecord(shipped_from=v).shipped_from,
            problem,
            cols.BAD_COUNTRY,
        )
        force = cols.column(orders, "force_majeure", required=False)
        self.force = cols.flags(force, "force_majeure", n)
        self.values = _values(rows)
        # The record's own consistency, then what as_of may know (ShipmentRecord, evaluate).
        self.picked = self.pick != NAT
        cols.flag(problem, self.picked & (self.sd != NAT), cols.BOTH_HANDOVERS)
        self.handover = np.where(self.picked, self.pick, self.sd)
        self.timed = self.handover != NAT
        self.delivered = self.dl != NAT
        self.uploaded = self.up != NAT
        # docs/rules.md#reading-handover: handed over at a time the row does not have, said so
        # or implied by a delivery; said so next to a handover time, the row contradicts itself.
        said = cols.flags(
            cols.column(orders, "handover_time_unknown", required=False),
            "handover_time_unknown",
            n,
        )
        cols.flag(problem, said & self.timed, cols.UNTIMED_BUT_TIMED)
        self.untimed = ~self.timed & (said | self.delivered)
        self.handed = self.timed | self.untimed
        cols.flag(
            problem, self.delivered & self.timed & (self.handover > self.dl), cols.BEFORE_HANDOVER
        )
        placed = rows.placed
        cols.flag(problem, (placed != NAT) & (placed > now_us), cols.BEFORE_ORDER)
        for name in _TIMES:
            cols.flag(problem, times[name] > now_us, cols.AFTER_AS_OF[name])


class _Violations:
    """Each rule's mask, the working days late of each late row, and the row's worst."""

    def __init__(self, n: int) -> None:
        self.flags: dict[RuleCode, Mask] = {}
        self.lateness: dict[RuleCode, tuple[Array, Array]] = {}
        self.worst = np.full(n, -1, dtype=I64)

    def add(
        self, code: RuleCode, mask: Mask, days: Callable[[Array], Array] | None = None
    ) -> None:
        """Record a rule's rows; ``days`` counts the working days late of the given rows."""
        self.flags[code] = mask
        if days is None:
            return
        idx = np.flatnonzero(mask)
        if len(idx):
            late = days(idx)
            self.lateness[code] = (idx, late)
            np.maximum.at(self.worst, idx, late)


def _violations(rows: Rows, r: _Record, counts: _Counts, now_us: int) -> _Violations:
    """Apply every rule of ``evaluate`` to the columns."""
    policy, ti, combo = rows.policy, rows.ti, rows.combo
    ship, self_by, trk, closes = rows.ship_by, rows.self_by, rows.tracking_by, rows.closes_at
    found = _Violations(rows.n)
    wh_base = counts.wh_base[rows.wh]
    wh_zone = counts.wh_zone[rows.wh]
    ship_day = rows._stack("ship_day")
    today = counts.today_wh[rows.wh]

    def on_wh(values: Array, idx: Array) -> Array:
        return counts.day(values[idx], wh_zone[idx])

    def late(deadline: Callable[[Array], Array], until: Callable[[Array], Array]) -> Day:
        return lambda idx: _late_days(wh_base[idx], deadline(idx), until(idx), counts)

    # docs/rules.md#shipping-4 and #reading-handover: pickup by ship-by, or self-delivery by
    # its deadline; nothing handed over by the later of the two is not shipped. A handover at
    # an unknown time breaks none of the four: it has no pickup or self-delivery time, and it
    # is handed over.
    found.add(
        RuleCode.LATE_PICKUP,
        r.pick > ship,
        late(lambda idx: ship_day[ti[idx]], lambda idx: on_wh(r.pick, idx)),
    )
    found.add(
        RuleCode.LATE_SELF_DELIVERY,
        (r.sd != NAT) & ~r.picked & (r.sd > self_by),
        late(lambda idx: on_wh(self_by, idx), lambda idx: on_wh(r.sd, idx)),
    )
    found.add(
        RuleCode.NOT_SHIPPED,
        ~r.handed & (now_us > np.maximum(self_by, ship)),
        late(
            lambda idx: np.where(self_by[idx] > ship[idx], on_wh(self_by, idx), ship_day[ti[idx]]),
            lambda idx: today[idx],
        ),
    )
    early = r.timed & (rows.placed > r.handover) & ~found.flags[RuleCode.LATE_PICKUP]
    early &= ~found.flags[RuleCode.LATE_SELF_DELIVERY]
    # docs/rules.md#reading-tracking-due: carrier and tracking number by ship-by plus grace.
    trk_day = rows._stack("tracking_day")
    found.add(
        RuleCode.TRACKING_NOT_UPLOADED,
        np.where(r.uploaded, r.up > trk, now_us > trk),
        late(
            lambda idx: trk_day[ti[idx]],
            lambda idx: np.where(r.uploaded[idx], on_wh(r.up, idx), today[idx]),
        ),
    )
    # docs/rules.md#shipping-3: JIT only.
    mode_bad = np.array([m is not policy.mode for m in r.modes] + [False], dtype=bool)
    found.add(RuleCode.MODE_NOT_ALLOWED, mode_bad[r.mode])
    # docs/rules.md#shipping-5 and #reading-overseas.
    found.add(RuleCode.ROUTE_NOT_ALLOWED, _routes(rows, r.carrier, r.service, r.origin, r.origins))
    found.add(RuleCode.NOT_FROM_OVERSEAS_WAREHOUSE, _overseas(rows, r.origin, r.origins))
    # docs/rules.md#shipping-2: delivered by the end of the window, on the destination's dates.
    counted_base = counts.counted_base[combo]
    counted_zone = counts.counted_zone[combo]
    closes_day = rows._stack("closes_day")
    found.add(
        RuleCode.DELIVERED_LATE,
        r.delivered & (r.dl >= closes),
        lambda idx: counts.between(
            counted_base[idx],
            closes_day[ti[idx]],
            counts.day(r.dl[idx], counted_zone[idx]) + 1,
        ),
    )
    if _OVERDUE is not None:
        # docs/rules.md#reading-delivery-overdue: the window closed with no delivery.
        found.add(
            _OVERDUE,
            ~r.delivered & (now_us > closes),
            lambda idx: counts.between(
                counted_base[idx], closes_day[ti[idx]], counts.today_counted[combo[idx]] + 1
            ),
        )
    found.add(RuleCode.HANDOVER_BEFORE_ORDER, early)
    return found


def _next(rows: Rows, r: _Record, now_us: int) -> tuple[Array, Array, Mask]:
    """Return the next deadline (kind code, instant or NEVER) and whether it is at risk.

    docs/rules.md#reading-at-risk: the earliest deadline still ahead for a step not done; the
    delivery window competes by time (docs/rules.md#reading-delivery-overdue), and a delivery
    is at risk through the window's last working day.
    """
    ship, self_by, trk, closes = rows.ship_by, rows.self_by, rows.tracking_by, rows.closes_at
    best = np.where(~r.handed & (ship > now_us), ship, NEVER)
    kind = np.where(best != NEVER, _PICKUP, -1)
    for k, due in (
        (_SELF, np.where(~r.handed & (self_by > now_us), self_by, NEVER)),
        (_TRACKING, np.where(~r.uploaded & (trk > now_us), trk, NEVER)),
        (_DELIVERY, np.where(~r.delivered & (closes > now_us), closes, NEVER)),
    ):
        sooner = due < best
        best = np.where(sooner, due, best)
        kind = np.where(sooner, k, kind)
    risky = (best != NEVER) & (best - now_us <= _us(rows.policy.at_risk_window))
    risky |= (kind == _DELIVERY) & (now_us >= rows._stack("last_day_at")[rows.ti])
    return kind, best, risky


def assess(rows: Rows, now: dt.datetime, now_us: int) -> out_.Raw:
    """Return the raw assessment columns of ``rows`` as of ``now`` (see ``_frame_output``)."""
    n = rows.n
    record = _Record(rows, now_us)
    found = _violations(rows, record, _Counts(rows, now), now_us)
    any_violation = np.zeros(n, dtype=bool)
    for mask in found.flags.values():
        any_violation |= mask
    kind, best, risky = _next(rows, record, now_us)
    status = np.where(
        any_violation,
        _BREACHED,
        np.where(record.delivered, _FULFILLED, np.where(risky, _AT_RISK, _ON_TRACK)),
    ).astype(np.int8)
    del any_violation, risky
    bad = rows.problem >= 0  # the fine's own problems below leave the other answers
    fine, currency = _fines(rows, found.lateness, record.force, bad, record.values)
    untimed = record.untimed
    del record
    raw = rows.deadline_columns(bad)
    status[bad] = -1
    raw["status"] = status
    some_bad = bool(bad.any())
    for code in RuleCode:
        found_mask = found.flags.get(code)
        if found_mask is None:
            raw[code.value] = np.zeros(n, dtype=bool)
            continue
        if some_bad:
            found_mask &= ~bad
        raw[code.value] = found_mask
    worst = found.worst
    del found
    worst[bad] = -1
    raw["working_days_late"] = worst
    kind = kind.astype(np.int8)
    kind[bad] = -1
    raw["next_deadline"] = kind
    best[bad | (best == NEVER)] = NAT
    raw["next_due"] = best
    fine[bad] = None
    currency[bad] = None
    raw["fine"] = fine
    raw["fine_currency"] = currency
    if some_bad:
        untimed &= ~bad
    raw["handover_time_unknown"] = untimed
    raw["problem"] = rows.problem
    return raw


def _common(series: pd.Series[Any] | None, usual: str, n: int) -> tuple[Array, list[Any]]:
    """Factorize a column that nearly always holds ``usual``, comparing instead of hashing."""
    if (
        series is None
        or isinstance(series.dtype, pd.CategoricalDtype)
        or pd.api.types.is_object_dtype(series.dtype)
    ):
        found_codes, found = cols.factorized(series, n)
        return found_codes.astype(I64), found
    same = series.eq(usual).to_numpy(dtype=bool, na_value=False)
    rest = ~same & series.notna().to_numpy(dtype=bool)
    codes = np.where(same, 0, -1).astype(I64)
    uniques: list[Any] = [usual]
    if rest.any():
        sub, others = pd.factorize(series[rest])
        codes[rest] = np.asarray(sub, dtype=I64) + 1
        uniques.extend(others)
    return codes, uniques


def _values(rows: Rows) -> tuple[pd.Series[Any] | None, pd.Series[Any] | None]:
    """Check the order values (Money: amount and currency); return the two columns."""
    orders, problem, n = rows.orders, rows.problem, rows.n
    value = cols.column(orders, "value", required=False)
    currency = cols.strings(cols.column(orders, "currency", required=False), "currency", problem)
    if value is None:
        return None, None
    if pd.api.types.is_float_dtype(value.dtype):
        raise FieldTypeError(
            "value", f"a column of dtype {value.dtype}", "Decimal, int or str (never float)"
        )
    v_codes, v_values = cols.factorized(value, n)
    c_codes, c_values = cols.factorized(currency, n)
    pair = np.where(v_codes < 0, -1, v_codes * (len(c_values) + 1) + (c_codes + 1))
    codes, uniques = pd.factorize(pair)
    # -1: no value (and, when no row has one, nothing to look up).
    pairs = [
        (v_values[p // (len(c_values) + 1)], p % (len(c_values) + 1) - 1) if p >= 0 else (None, -1)
        for p in uniques.tolist()
    ]

    def money(pair: tuple[Any, int]) -> object:
        amount, c = pair
        if cols.is_missing(amount):
            return None
        return Money(amount, c_values[c] if c >= 0 else None)  # type: ignore[arg-type]

    valid = np.where(pair < 0, -1, codes)
    cols.by_value(np.asarray(valid, dtype=np.intp), pairs, money, problem, cols.BAD_VALUE)
    return value, currency


def _routes(
    rows: Rows,
    carrier: pd.Series[Any] | None,
    service: pd.Series[Any] | None,
    origin: npt.NDArray[np.intp],
    origins: list[object],
) -> Mask:
    """docs/rules.md#shipping-5: the route must match one of the policy's route rules."""
    n, policy = rows.n, rows.policy
    if not policy.routes or carrier is None or not rows.tables:  # no tables: every row is bad
        return np.zeros(n, dtype=bool)
    c_codes, c_values = cols.factorized(carrier, n)
    s_codes, s_values = cols.factorized(service, n)
    wh_country = [cal.country for cal in rows.warehouses]
    keys = np.stack([c_codes, s_codes, origin, rows.wh, rows.combo])
    uniq, inverse = np.unique(keys, axis=1, return_inverse=True)
    allowed = np.zeros(uniq.shape[1], dtype=bool)
    for j in range(uniq.shape[1]):
        c, s, o, w, k = (int(x) for x in uniq[:, j])
        if c < 0:
            allowed[j] = True  # no carrier: nothing to check yet
            continue
        where = origins[o] if o >= 0 else wh_country[w]
        route = (c_values[c], s_values[s] if s >= 0 else None, where, rows.combo_region[k])
        try:
            allowed[j] = any(rule.allows(*route) for rule in policy.routes)  # type: ignore[arg-type]
        except HalfManagedError:
            allowed[j] = False
    return ~allowed[inverse.reshape(-1)]


def _overseas(rows: Rows, origin: npt.NDArray[np.intp], origins: list[object]) -> Mask:
    """docs/rules.md#reading-overseas: not fulfilled from the policy's home country."""
    policy, n = rows.policy, rows.n
    if not policy.require_overseas_warehouse:
        return np.zeros(n, dtype=bool)
    home = policy.home_country
    at_home = np.array(
        [home is not None and cal.country == home for cal in rows.warehouses] + [False], bool
    )
    from_home = np.array([home is not None and o == home for o in origins] + [False], bool)
    return np.where(origin >= 0, from_home[origin], at_home[rows.wh])


def _fines(
    rows: Rows,
    lateness: dict[RuleCode, tuple[Array, Array]],
    force: Mask,
    bad: Mask,
    values: tuple[pd.Series[Any] | None, pd.Series[Any] | None],
) -> tuple[npt.NDArray[np.object_], npt.NDArray[np.object_]]:
    """docs/rules.md#reading-fines: the schedule's tier for the most late counted violation."""
    n, problem = rows.n, rows.problem
    fine = np.full(n, None, dtype=object)
    currency = np.full(n, None, dtype=object)
    schedule = rows.policy.penalties
    if not schedule.tiers:
        return fine, currency
    most = np.full(n, -1, dtype=I64)
    for code, (idx, days) in lateness.items():
        if code in schedule.applies_to:
            np.maximum.at(most, idx, days)
    counted = (most >= min(tier.from_working_days for tier in schedule.tiers)) & ~bad
    if schedule.exempt_force_majeure:
        counted &= ~force
    idx = np.flatnonzero(counted)
    amount, unit = values
    amounts = amount.to_numpy()[idx].tolist() if amount is not None else [None] * len(idx)
    units = unit.to_numpy()[idx].tolist() if unit is not None else [None] * len(idx)
    memo: dict[tuple[str | None, object, int], Money | int | None] = {}
    for i, a, u, days in zip(idx.tolist(), amounts, units, most[idx].tolist(), strict=True):
        missing = cols.is_missing(a)
        key = (None if missing else str(a), u, days)
        if key not in memo:
            try:
                memo[key] = schedule.fine(None if missing else Money(a, u), working_days_late=days)
            except HalfManagedError as error:
                memo[key] = (
                    cols.NO_FINE if isinstance(error, MissingDataError) else cols.FINE_POLICY
                )
        found = memo[key]
        if isinstance(found, int):
            if problem[i] < 0:
                problem[i] = found  # the row keeps its other answers
        elif found is not None:
            fine[i] = found.amount
            currency[i] = found.currency
    return fine, currency
