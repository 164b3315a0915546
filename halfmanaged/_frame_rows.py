"""One call's rows for ``halfmanaged.frame``: inputs read, keys resolved, every deadline.

The time-zone step and the look-ups in the per-day tables of ``_frame_tables``; the rules on
top of these columns are in ``_frame_rules``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Mapping
from typing import Any, Final

import attrs
import numpy as np
import numpy.typing as npt
import pandas as pd

from halfmanaged import _frame_columns as cols
from halfmanaged import _frame_output as out_
from halfmanaged._frame_tables import (
    DAY,
    FIRST_DAY,
    HALF,
    I64,
    LAST_DAY,
    NAT,
    SECOND,
    Array,
    day_table,
    micros,
    year_span,
    zone_table,
)
from halfmanaged.calendar import FIRST_DATE, LAST_DATE, WorkingCalendar
from halfmanaged.errors import FieldTypeError, InvalidFieldError, InvalidPolicyError
from halfmanaged.shipping import ClockStart, Order, ShippingPolicy

DEADLINE_COLUMNS: Final = tuple(name for name, _ in out_.DEADLINES)
_ZERO: Final = dt.timedelta(0)


def check_call(orders: object, policy: object, calendars: object) -> None:
    if not isinstance(orders, pd.DataFrame):
        raise FieldTypeError("orders", type(orders).__name__, "a pandas DataFrame")
    if not isinstance(policy, ShippingPolicy):
        raise FieldTypeError("policy", policy, "ShippingPolicy")
    if not isinstance(calendars, Mapping):
        raise FieldTypeError("calendars", calendars, "a mapping of key to WorkingCalendar")
    for key, cal in calendars.items():
        if not isinstance(cal, WorkingCalendar):
            raise FieldTypeError(f"calendars[{key!r}]", cal, "WorkingCalendar")
    # Options the per-order engine has and this path does not: refuse rather than differ.
    judge = getattr(policy, "judge_by", None)
    if judge is not None and str(getattr(judge, "value", judge)) != "computed":
        raise InvalidPolicyError(
            "judge_by", judge, "evaluate_frame judges by the computed deadlines only"
        )
    for name in _UNSUPPORTED:  # per-order features the frame path would silently ignore
        if name in orders.columns:
            raise InvalidFieldError(
                name,
                "a column",
                "not supported by the frame path: evaluate these orders one by one",
            )


# docs/rules.md#reading-clock-start (risk clearance), #reading-holds,
# #reading-platform-deadline and #reading-split-shipments: one order at a time only, for now.
_UNSUPPORTED: Final = ("risk_cleared_at", "holds", "platform_deadline", "parcels")


def _self_from_start(policy: ShippingPolicy) -> bool:
    """Whether the self-delivery window starts at the handling start (docs/rules.md anchor).

    See docs/rules.md#reading-self-delivery: the later of the order time and 00:00 on the
    handling-start date, or the order time itself.
    """
    option = getattr(policy, "self_delivery_from", None)
    if option is None:  # an engine without the option counts from the order time
        return False
    value = str(getattr(option, "value", option))
    if value not in {"handling_start", "placed"}:
        raise InvalidPolicyError("self_delivery_from", option, "not supported by evaluate_frame")
    return value == "handling_start"


_PROBE: Final = Order(
    "probe", dt.datetime(2000, 1, 1, tzinfo=dt.UTC), WorkingCalendar.without_holidays()
)


def _region(value: object) -> object:
    """Return a region as an order holds it (a two-letter region is a country code)."""
    return attrs.evolve(_PROBE, region=value).region


def us(delta: dt.timedelta) -> int:
    return (delta.days * 86_400 + delta.seconds) * SECOND + delta.microseconds


def instant(moment: dt.datetime) -> int:
    return (moment - dt.datetime(1970, 1, 1, tzinfo=dt.UTC)) // dt.timedelta(microseconds=1)


class Rows:
    """One call's rows: inputs read, keys resolved, the tables found and every deadline."""

    def __init__(
        self,
        orders: pd.DataFrame,
        policy: ShippingPolicy,
        calendars: Mapping[Hashable, WorkingCalendar],
        epoch_unit: str,
        as_of_us: int | None,
        *,
        out: out_.Raw | None = None,
    ) -> None:
        n = len(orders)
        self.n = n
        self.out = out or {}  # where the deadline columns go, if given (views of one chunk)
        self.index = orders.index
        self.policy = policy
        self.problem = np.full(n, -1, dtype=np.int8)
        problem = self.problem
        ids = cols.column(orders, "order_id", required=False)
        self.order_id = ids
        if ids is not None:
            self._check_ids(ids)
        self.placed = cols.instants(
            cols.column(orders, "placed_at", required=True),
            "placed_at",
            epoch_unit,
            problem,
            required=True,
        )
        wh, self.warehouses = cols.keys(
            cols.column(orders, "warehouse", required=True),
            "warehouse",
            calendars,
            problem,
            required=True,
        )
        dest, self.destinations = cols.keys(
            cols.column(orders, "destination", required=False),
            "destination",
            calendars,
            problem,
            required=False,
        )
        regions = cols.strings(cols.column(orders, "region", required=False), "region", problem)
        codes, uniques = cols.factorized(regions, n)
        region, found = cols.by_value(codes, uniques, _region, problem, cols.BAD_REGION)
        self.regions: list[str] = found  # type: ignore[assignment]
        self.orders = orders
        self.epoch_unit = epoch_unit
        _flag_wild(problem, self.placed, "placed_at")
        self.from_paid: npt.NDArray[np.bool_] | None = None  # rows whose clock is the payment
        self.clock = self._clock(orders, epoch_unit)
        self.years = self._years(as_of_us)
        self._combos(wh, dest, region)
        self._deadlines()

    def _clock(self, orders: pd.DataFrame, epoch_unit: str) -> Array:
        """Return when each row's ship clock starts (docs/rules.md#reading-clock-start).

        ``paid_at`` when the policy starts the clock at payment (or at risk clearance, which
        no column gives: then at payment) and the row has one, else ``placed_at``.
        """
        placed = self.placed
        column = cols.column(orders, "paid_at", required=False)
        if column is None:
            return placed
        paid = cols.instants(column, "paid_at", epoch_unit, self.problem, required=False)
        _flag_wild(self.problem, paid, "paid_at")
        known = paid != NAT
        cols.flag(self.problem, known & (placed != NAT) & (paid < placed), cols.PAID_BEFORE_ORDER)
        if self.policy.clock_start is ClockStart.CREATION or not known.any():
            return placed
        self.from_paid = known
        return np.where(known, paid, placed)

    def _flag_range(self, mask: npt.NDArray[np.bool_]) -> None:
        """Mark rows whose clock start gives a date outside the supported range."""
        if self.from_paid is not None:
            cols.flag(self.problem, mask & self.from_paid, cols.OUT_OF_RANGE["paid_at"])
        cols.flag(self.problem, mask, cols.OUT_OF_RANGE["placed_at"])

    def _check_ids(self, ids: pd.Series[Any]) -> None:
        checked = cols.strings(ids, "order_id", self.problem)
        assert checked is not None
        cols.flag(self.problem, cols.blank(checked), cols.BAD_ID)

    def _years(self, as_of_us: int | None) -> tuple[int, int]:
        bad = self.problem >= 0
        good = self.placed[~bad] if bad.any() else self.placed
        moments = [int(good.min()), int(good.max())] if len(good) else []
        if self.clock is not self.placed and len(good):  # the clock starts later, if anything
            moments.append(int((self.clock[~bad] if bad.any() else self.clock).max()))
        if as_of_us is not None:
            moments.append(as_of_us)
        if not moments:
            return FIRST_DATE.year, FIRST_DATE.year
        lo = dt.date(1970, 1, 1) + dt.timedelta(days=max(min(moments) // DAY - 2, FIRST_DAY))
        hi = dt.date(1970, 1, 1) + dt.timedelta(days=min(max(moments) // DAY + 2, LAST_DAY))
        return lo.year, hi.year

    def _combos(
        self, wh: npt.NDArray[np.intp], dest: npt.NDArray[np.intp], region: npt.NDArray[np.intp]
    ) -> None:
        """Find the day table of each (warehouse, destination, region) present, numbered."""
        nd, nr = len(self.destinations) + 1, len(self.regions) + 1
        wh_safe = np.where(wh < 0, 0, wh)
        single = nd == 1 and nr == 1  # warehouse alone: its codes are the keys
        key = wh_safe if single else (wh_safe * nd + (dest + 1)) * nr + (region + 1)
        space = max(len(self.warehouses), 1) * nd * nr
        # Rows with a problem may add a table nobody reads; harmless, and cheaper than masking.
        present = np.flatnonzero(np.bincount(key, minlength=space))
        if len(present) == space:
            self.combo = key
        else:
            number = np.zeros(space, dtype=np.intp)
            number[present] = np.arange(len(present))
            self.combo = number[key]
        self.wh = wh_safe
        policy = self.policy
        y0, y1 = self.years
        self.tables = []
        self.combo_wh: list[int] = []
        self.combo_counted: list[WorkingCalendar] = []
        self.combo_region: list[str | None] = []
        if not self.warehouses:  # no row's warehouse is a key of calendars: nothing to build
            return
        for k in present.tolist():
            rest, r = divmod(k, nr)
            w, d = divmod(rest, nd)
            warehouse = self.warehouses[w]
            destination = self.destinations[d - 1] if d else None
            named = self.regions[r - 1] if r else None
            area = named if named is not None else (destination.country if destination else None)
            transit = policy.transit_for(area)
            self.tables.append(
                day_table(
                    warehouse,
                    destination,
                    (transit.min_days, transit.max_days),
                    promise_days=policy.promise_days,
                    pickup_cutoff=policy.pickup_cutoff,
                    grace_us=us(policy.tracking_grace),
                    first_year=y0,
                    last_year=y1,
                )
            )
            self.combo_wh.append(w)
            self.combo_counted.append(destination or warehouse)
            self.combo_region.append(area)

    # -- the time-zone step and the deadlines ---------------------------------------------------

    def zones(self, calendars: list[WorkingCalendar]) -> tuple[Array, Array, Array, Array]:
        """Stack the zone tables of ``calendars``; return them with each calendar's row base."""
        y0, y1 = self.years
        first, last = year_span(max(y0 - 1, FIRST_DATE.year), min(y1 + 1, LAST_DATE.year))
        tabs = [zone_table(cal.timezone, first, last) for cal in calendars]
        if not tabs:
            empty = np.zeros(1, dtype=I64)
            return empty, empty, empty, empty
        size = len(tabs[0].before)
        base = np.array([i * size - z.first for i, z in enumerate(tabs)], dtype=I64)
        return (
            base,
            np.concatenate([z.before for z in tabs]),
            np.concatenate([z.change for z in tabs]),
            np.concatenate([z.after for z in tabs]),
        )

    def _deadlines(self) -> None:
        policy = self.policy
        problem = self.problem
        if not self.tables:  # no row has a usable order time and warehouse
            self._nothing()
            return
        bad = problem >= 0
        t = self.clock
        if bad.any():  # a time inside the tables stands in, so that every look-up stays there
            t = np.where(bad, (year_span(*self.years)[0] + 1) * DAY, t)
        zbase, zbefore, zchange, zafter = self.zones(self.warehouses)
        # The time-zone step: wall clock = instant + the zone's offset then.
        wall = _wall(t, zbase[self.wh], zbefore, zchange, zafter)
        day = np.floor_divide(wall, DAY)
        wall -= day * DAY  # now the time of day
        late = wall >= micros(policy.effective_order_cutoff)
        del wall
        y0, y1 = self.years
        if y0 <= FIRST_DATE.year or y1 >= LAST_DATE.year:
            edge = (day < FIRST_DAY) | (day > LAST_DAY)
            self._flag_range(edge)
            day = np.clip(day, FIRST_DAY, LAST_DAY)
        first, last = year_span(y0, y1)
        width = 2 * (last - first + 1)
        # Row ``2 * (date - first) + late`` of the combination's table, tables end to end.
        ti = np.left_shift(day, 1, out=day)
        ti += late
        if len(self.tables) == 1:
            ti -= 2 * first
        else:
            ti += (np.arange(len(self.tables), dtype=I64) * width - 2 * first)[self.combo]
        del late
        stack = self._stack
        if not all(table.all_ok for table in self.tables):
            self._flag_range(~stack("ok")[ti])
        gather = self._gather
        self.handling_start = gather("handling_start", "handling_start", ti)
        self.ship_by = gather("ship_by", "ship_by", ti)
        self.tracking_by = np.add(
            self.ship_by, us(policy.tracking_grace), out=self.out.get("tracking_by")
        )
        self.earliest = gather("delivery_earliest", "earliest", ti)
        self.latest = gather("delivery_latest", "latest", ti)
        self.closes_at = gather("delivery_closes_at", "closes_at", ti)
        window = us(policy.self_delivery_window)
        into = self.out.get("self_delivery_by")
        if _self_from_start(policy):
            self.self_by = np.maximum(t, stack("start_at")[ti], out=into)
            self.self_by += window
        else:
            self.self_by = np.add(t, window, out=into)
        self.ti = ti

    def _nothing(self) -> None:
        """Give every row zeros for answers: each has a problem, so none is shown."""
        zero = np.zeros(self.n, dtype=I64)
        self.ti = zero
        self.handling_start = self._into("handling_start", zero)
        self.ship_by = self._into("ship_by", zero)
        self.tracking_by = self._into("tracking_by", zero)
        self.self_by = self._into("self_delivery_by", zero)
        self.earliest = self._into("delivery_earliest", zero)
        self.latest = self._into("delivery_latest", zero)
        self.closes_at = self._into("delivery_closes_at", zero)

    def _gather(self, column: str, table: str, ti: Array) -> Array:
        """Look the rows' ``table`` answers up, into the output's ``column`` if it is given."""
        return np.take(self._stack(table), ti, out=self.out.get(column))

    def _into(self, column: str, values: Array) -> Array:
        into = self.out.get(column)
        if into is None:
            return values.copy()
        into[...] = values
        return into

    def _stack(self, name: str) -> npt.NDArray[Any]:
        if not self.tables:
            return np.zeros(1, dtype=bool if name == "ok" else I64)
        if len(self.tables) == 1:
            return getattr(self.tables[0], name)  # type: ignore[no-any-return]
        return np.concatenate([getattr(table, name) for table in self.tables])

    # -- output ---------------------------------------------------------------------------

    def deadline_columns(self, bad: npt.NDArray[np.bool_]) -> out_.Raw:
        """Return the raw deadline columns, missing (NAT) on the ``bad`` rows (set in place).

        Call it last: the rules read the stand-in answers of bad rows.
        """
        return {
            "handling_start": out_.masked(self.handling_start, bad),
            "ship_by": out_.masked(self.ship_by, bad),
            "self_delivery_by": out_.masked(self.self_by, bad),
            "tracking_by": out_.masked(self.tracking_by, bad),
            "delivery_earliest": out_.masked(self.earliest, bad),
            "delivery_latest": out_.masked(self.latest, bad),
            "delivery_closes_at": out_.masked(self.closes_at, bad),
        }


def _flag_wild(problem: npt.NDArray[np.int8], t: Array, name: str) -> None:
    """Mark times far outside 1970..2100: no zone makes them a local date there."""
    wild = (t < (FIRST_DAY - 2) * DAY) | (t >= (LAST_DAY + 3) * DAY)
    if wild.any():  # NaT is the smallest int64, so missing times are in ``wild`` too
        cols.flag(problem, wild & (t != NAT), cols.OUT_OF_RANGE[name])


def _wall(t: Array, rows: Array, before: Array, change: Array, after: Array) -> Array:
    """Return the wall-clock times (µs) of instants ``t``; ``rows`` is each one's zone base."""
    g = np.floor_divide(t, HALF)
    g += rows
    off = np.where(t >= change[g], after[g], before[g])
    off += t
    return off
