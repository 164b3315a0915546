"""evaluate_frame as Dask's unit of work: threads and processes give the single-process answer."""

from __future__ import annotations

import datetime as dt

import pytest

pd = pytest.importorskip("pandas")
np = pytest.importorskip("numpy")
dd = pytest.importorskip("dask.dataframe")
dask = pytest.importorskip("dask")

from halfmanaged import (  # noqa: E402
    Money,
    PenaltySchedule,
    PenaltyTier,
    ShippingPolicy,
    WorkingCalendar,
)
from halfmanaged.frame import evaluate_frame, evaluate_meta  # noqa: E402

CALENDARS = {
    "DE": WorkingCalendar.for_country("DE", timezone="Europe/Berlin"),
    "US": WorkingCalendar.for_country("US", timezone="America/New_York"),
    "PL": WorkingCalendar.for_country("PL", timezone="Europe/Warsaw"),
}
POLICY = ShippingPolicy(
    promise_days=1, penalties=PenaltySchedule([PenaltyTier(1, fixed=Money("3.00", "EUR"))])
)
AS_OF = dt.datetime(2026, 12, 1, tzinfo=dt.UTC)
HOUR = 3_600_000_000


def _orders(n: int = 480) -> pd.DataFrame:
    """Orders across DST switches and holidays, some shipped late, some never."""
    rng = np.random.default_rng(42)
    start = int(dt.datetime(2026, 10, 20, tzinfo=dt.UTC).timestamp()) * 1_000_000
    placed = start + rng.integers(0, 41 * 24 * HOUR, n)  # the autumn switch included
    now = int(AS_OF.timestamp()) * 1_000_000
    picked = placed + rng.integers(1, 90 * HOUR, n)
    picked = np.where((rng.random(n) < 0.7) & (picked <= now), picked, -(2**63))
    delivered = picked + rng.integers(1, 200 * HOUR, n)
    delivered = np.where((picked > 0) & (delivered <= now), delivered, -(2**63))

    def times(values: np.ndarray) -> pd.Series:
        return pd.Series(values.view("M8[us]")).dt.tz_localize("UTC")

    return pd.DataFrame(
        {
            "order_id": [f"D{i}" for i in range(n)],
            "placed_at": times(placed),
            "warehouse": rng.choice(list(CALENDARS), n),
            "picked_up_at": times(picked),
            "tracking_uploaded_at": times(picked),
            "delivered_at": times(delivered),
        }
    )


def _run(scheduler: str) -> pd.DataFrame:
    ddf = dd.from_pandas(_orders(), npartitions=8)
    assert ddf.npartitions >= 8
    lazy = ddf.map_partitions(
        evaluate_frame, policy=POLICY, as_of=AS_OF, calendars=CALENDARS, meta=evaluate_meta()
    )
    out: pd.DataFrame = lazy.compute(scheduler=scheduler)
    return out


@pytest.mark.parametrize("scheduler", ["threads", "processes"])
def test_partitions_give_the_single_process_answer(scheduler: str) -> None:
    """Eight partitions on the threaded and the process scheduler: the same frame as one call."""
    want = evaluate_frame(_orders(), POLICY, AS_OF, calendars=CALENDARS)
    got = _run(scheduler)
    assert want["status"].nunique() >= 3  # a mix worth comparing
    assert want["fine"].notna().any()
    pd.testing.assert_frame_equal(got, want, check_dtype=False)
    for name in ("status", "problem", "problem_column", "next_deadline"):
        assert got[name].dtype == want[name].dtype  # fixed categories: partitions concatenate
