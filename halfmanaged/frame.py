"""Deadlines and assessments of a whole DataFrame of orders at once (optional extra ``frame``).

:func:`evaluate_frame` and :func:`compute_deadlines_frame` give, for each row, the answers of
:func:`~halfmanaged.evaluate` and :func:`~halfmanaged.compute_deadlines` for the order the row
describes, as columns, with no Python code run per row: the time-zone step comes from each
zone's UTC-offset changes, the deadlines from per-day answer tables built with NumPy for each
(calendar, policy) and kept in bounded caches keyed by value, and working days late from each
calendar's cumulative working-day count. Install with ``pip install halfmanaged[frame]``;
``import halfmanaged`` never imports pandas.

Input columns (one row per order; only ``placed_at`` and ``warehouse`` are required):

==========================  ========================================================
``order_id``                str, not blank (checked when present, and passed through)
``placed_at``               timezone-aware datetimes (any zone, NumPy or Arrow backed),
                            or integers: UTC epoch in ``epoch_unit`` (default seconds)
``paid_at``                 times like ``placed_at``, or missing: the ship clock starts
                            then, else at ``placed_at``, unless ``ShippingPolicy.clock_start``
                            says creation (docs/rules.md#reading-clock-start)
``warehouse``               a key of ``calendars``: the shipping warehouse's calendar
``destination``             a key of ``calendars`` (the buyer country's calendar), or missing
``region``                  the delivery region (default: the destination's country)
``value``, ``currency``     the order value (Decimal, str or int) and its ISO 4217 code,
                            needed only for percentage fines
``picked_up_at``,           times like ``placed_at``; missing (NaT) means "not yet"
``self_delivered_at``,
``tracking_uploaded_at``,
``delivered_at``
``carrier``, ``service``,   str or missing
``tracking_number``
``mode``                    ``"jit"`` / ``"consignment"`` (or :class:`FulfilmentMode`)
``shipped_from``            ISO 3166-1 alpha-2 country the parcel left from, or missing
``force_majeure``           bool (missing: false)
``handover_time_unknown``   bool (missing: false): handed over, at a time the row does not
                            have (docs/rules.md#reading-handover); a ``delivered_at``
                            without ``picked_up_at`` or ``self_delivered_at`` implies it
==========================  ========================================================

Output columns, indexed like the input: ``handling_start``, ``delivery_earliest`` and
``delivery_latest`` are dates (``datetime64[s]`` at midnight: the date on the warehouse's, or
for the delivery window the destination's, calendar); ``ship_by``, ``self_delivery_by``,
``tracking_by`` and ``delivery_closes_at`` are instants in UTC (``datetime64[us, UTC]``; one
column cannot hold every warehouse's zone: convert with ``.dt.tz_convert``). Instants are read
to the microsecond, as Python's datetimes are.

:func:`evaluate_frame` adds ``status`` (categorical, :class:`Status` values), one boolean
column per :class:`RuleCode` value (true when the order broke that rule), ``working_days_late``
(the most working days late of the row's violations, nullable integer), ``next_deadline``
(categorical, :class:`DeadlineKind` values) and ``next_due`` (UTC), and the fine, exactly:
``fine`` holds ``Decimal`` objects (``None`` for no fine) and ``fine_currency`` their ISO 4217
codes. Decimals keep the precision of the order value, which the fine is rounded to, exactly as
:meth:`PenaltySchedule.fine` does; integer minor units would need a currency table. Last,
``handover_time_unknown`` is :attr:`Assessment.handover_time_unknown`: true when the handover
rule judged nothing (no late pickup, late self-delivery, not shipped or handover before the
order, and no countdown to a handover).

Bad rows never fail the frame and are never dropped: ``problem_column`` names the column and
``problem`` says what is wrong (both categorical, missing on good rows); such a row has no
answers (missing deadlines and status, false violation flags), except when only its fine cannot
be computed (an order value is needed): then everything but the fine is there. A wrong frame (a
required column missing, a column whose dtype cannot mean what the column means) raises a
:class:`~halfmanaged.errors.HalfManagedError` naming the column. The caller's frame is never
modified. Rows are worked through in chunks of 131,072, so the memory a call needs beyond its
output stays that of one chunk however long the frame is.

>>> import datetime as dt
>>> import pandas as pd
>>> import halfmanaged as hm
>>> from halfmanaged.frame import evaluate_frame
>>> de = hm.WorkingCalendar.for_country("DE", timezone="Europe/Berlin")
>>> orders = pd.DataFrame({
...     "order_id": ["A1", "A2"],
...     "placed_at": pd.to_datetime(["2026-04-01 10:00", "2026-04-01 16:00"]).tz_localize(
...         "Europe/Berlin"),
...     "warehouse": ["DE", "DE"],
... })
>>> as_of = dt.datetime(2026, 4, 2, 12, 0, tzinfo=de.tzinfo)
>>> out = evaluate_frame(orders, hm.ShippingPolicy(promise_days=1), as_of, calendars={"DE": de})
>>> out[["ship_by", "status"]]  # Good Friday and Easter Monday are holidays in Germany
                    ship_by    status
0 2026-04-02 13:00:00+00:00   at_risk
1 2026-04-07 13:00:00+00:00  on_track
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable, Mapping
from typing import Final

import pandas as pd

from halfmanaged import _frame_columns as cols
from halfmanaged import _frame_output as out_
from halfmanaged import _frame_rows as rows_
from halfmanaged._frame_rules import assess
from halfmanaged._validators import check_aware
from halfmanaged.calendar import WorkingCalendar
from halfmanaged.errors import DateOutOfRangeError
from halfmanaged.shipping import ShippingPolicy

__all__ = [
    "DEADLINE_COLUMNS",
    "compute_deadlines_frame",
    "deadlines_meta",
    "evaluate_frame",
    "evaluate_meta",
]

#: The deadline columns, in order, that both functions return.
DEADLINE_COLUMNS: Final = rows_.DEADLINE_COLUMNS

# -- public functions --------------------------------------------------------------------------


def compute_deadlines_frame(
    orders: pd.DataFrame,
    policy: ShippingPolicy,
    *,
    calendars: Mapping[Hashable, WorkingCalendar],
    epoch_unit: str = "s",
) -> pd.DataFrame:
    """Return the deadline columns of every order, as ``compute_deadlines`` gives them.

    See the module documentation for the columns; ``calendars`` maps the keys of the
    ``warehouse`` (and ``destination``) column to calendars.

    >>> import halfmanaged as hm
    >>> import pandas as pd
    >>> plain = hm.WorkingCalendar.without_holidays(timezone="Europe/Warsaw")
    >>> orders = pd.DataFrame({"placed_at": [1795597200], "warehouse": ["PL"]})  # epoch s
    >>> out = compute_deadlines_frame(orders, hm.ShippingPolicy(2), calendars={"PL": plain})
    >>> out.loc[0, "ship_by"].tz_convert("Europe/Warsaw").isoformat()  # Wed 2026-11-25
    '2026-11-27T15:00:00+01:00'
    """
    rows_.check_call(orders, policy, calendars)

    def one(part: pd.DataFrame, into: out_.Raw | None) -> out_.Raw:
        rows = rows_.Rows(part, policy, calendars, epoch_unit, None, out=into)
        raw = rows.deadline_columns(rows.problem >= 0)
        raw["problem"] = rows.problem
        return raw

    return _chunked(orders, out_.DEADLINES, one)


def evaluate_frame(
    orders: pd.DataFrame,
    policy: ShippingPolicy,
    as_of: dt.datetime,
    *,
    calendars: Mapping[Hashable, WorkingCalendar],
    epoch_unit: str = "s",
) -> pd.DataFrame:
    """Assess every order as of ``as_of``, as ``evaluate`` does, one row per order.

    Also the unit of work for Dask: ``ddf.map_partitions(evaluate_frame, policy=policy,
    as_of=as_of, calendars=calendars, meta=evaluate_meta())``.

    >>> import datetime as dt
    >>> import halfmanaged as hm
    >>> import pandas as pd
    >>> utc = hm.WorkingCalendar.without_holidays(timezone="UTC")
    >>> orders = pd.DataFrame({
    ...     "placed_at": pd.to_datetime(["2026-11-23 10:00", "2026-11-23 10:00"], utc=True),
    ...     "warehouse": ["W", "W"],
    ...     "picked_up_at": pd.to_datetime([None, "2026-11-24 16:00"], utc=True),
    ... })
    >>> as_of = dt.datetime(2026, 11, 26, 12, 0, tzinfo=dt.UTC)
    >>> out = evaluate_frame(orders, hm.ShippingPolicy(1), as_of, calendars={"W": utc})
    >>> out[["status", "not_shipped", "late_pickup", "working_days_late"]]
         status  not_shipped  late_pickup  working_days_late
    0  breached         True        False                  2
    1  breached        False         True                  2
    """
    rows_.check_call(orders, policy, calendars)
    now = check_aware("as_of", as_of)
    try:
        now_us = rows_.instant(now)
    except OverflowError:
        raise DateOutOfRangeError("as_of", as_of) from None

    def one(part: pd.DataFrame, into: out_.Raw | None) -> out_.Raw:
        return assess(
            rows_.Rows(part, policy, calendars, epoch_unit, now_us, out=into), now, now_us
        )

    return _chunked(orders, out_.ASSESSMENT, one)


#: Rows worked through at once. A chunk's working arrays (a few hundred bytes a row) stay in
#: the processor's caches and bound the memory a call needs beyond its output, whatever the
#: size of the frame; the tables are shared by every chunk.
_CHUNK: Final = 1 << 17


def _chunked(
    orders: pd.DataFrame,
    spec: out_.Spec,
    one: Callable[[pd.DataFrame, out_.Raw | None], out_.Raw],
) -> pd.DataFrame:
    """Run ``one`` over the rows chunk by chunk, writing its answers into the output's arrays."""
    n = len(orders)
    if n <= _CHUNK:
        raw = one(orders, None)
    else:
        first = one(orders.iloc[:_CHUNK], None)
        # Allocated after the first chunk's working arrays are freed, so that later chunks
        # find that memory free rather than the allocator handing it back and asking again.
        buffers = out_.Buffers(spec, n)
        buffers.put(0, first)
        del first
        for lo in range(_CHUNK, n, _CHUNK):
            hi = min(lo + _CHUNK, n)
            buffers.put(lo, one(orders.iloc[lo:hi], buffers.views(lo, hi)))
        raw = buffers.raw
    ids = cols.column(orders, "order_id", required=False)  # checked chunk by chunk
    return out_.frame(spec, raw, None if ids is None else ids.array, orders.index)


def deadlines_meta() -> pd.DataFrame:
    """Return an empty frame with the columns and dtypes of :func:`compute_deadlines_frame`.

    >>> list(deadlines_meta().columns)[:3]
    ['order_id', 'handling_start', 'ship_by']
    """
    return _empty(evaluate=False)


def evaluate_meta() -> pd.DataFrame:
    """Return an empty frame with the columns and dtypes of :func:`evaluate_frame`.

    Pass it as Dask's ``meta``: ``ddf.map_partitions(evaluate_frame, ..., meta=evaluate_meta())``.

    >>> evaluate_meta()["status"].dtype
    CategoricalDtype(categories=['on_track', 'at_risk', 'breached', 'fulfilled'], ordered=False,
                     categories_dtype=str)
    """
    return _empty(evaluate=True)


def _empty(*, evaluate: bool) -> pd.DataFrame:
    orders = pd.DataFrame(
        {
            "order_id": pd.Series([], dtype="str"),
            "placed_at": pd.Series([], dtype=out_.UTC_US),
            "warehouse": pd.Series([], dtype=object),
        }
    )
    policy = ShippingPolicy(1)
    if evaluate:
        return evaluate_frame(orders, policy, dt.datetime(2000, 1, 1, tzinfo=dt.UTC), calendars={})
    return compute_deadlines_frame(orders, policy, calendars={})
