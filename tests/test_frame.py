"""The vectorised path: every column equals the per-order engine's answer for the same row."""

from __future__ import annotations

import copy
import datetime as dt
import pickle
from decimal import Decimal
from typing import Any

import pytest

pd = pytest.importorskip("pandas")
np = pytest.importorskip("numpy")

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from halfmanaged import (  # noqa: E402
    Money,
    Order,
    PenaltySchedule,
    PenaltyTier,
    RouteRule,
    RuleCode,
    ShipmentRecord,
    ShippingPolicy,
    TransitTime,
    WorkingCalendar,
    compute_deadlines,
    evaluate,
)
from halfmanaged.errors import HalfManagedError  # noqa: E402
from halfmanaged.frame import (  # noqa: E402
    DEADLINE_COLUMNS,
    compute_deadlines_frame,
    evaluate_frame,
    evaluate_meta,
)

CALENDARS: dict[str, WorkingCalendar] = {
    "DE": WorkingCalendar.for_country("DE", subdiv="BY", timezone="Europe/Berlin"),
    "US": WorkingCalendar.for_country("US", timezone="America/New_York"),
    "GB": WorkingCalendar.for_country("GB", subdiv="ENG", timezone="Europe/London"),
    "ES": WorkingCalendar.for_country("ES", subdiv="MD", timezone="Europe/Madrid"),
    "PL": WorkingCalendar.for_country("PL", timezone="Europe/Warsaw"),
    "CN": WorkingCalendar.for_country("CN", timezone="Asia/Shanghai"),
    "FR": WorkingCalendar.for_country("FR", timezone="Europe/Paris"),
    "AU": WorkingCalendar.for_country("AU", subdiv="NSW", timezone="Australia/Sydney"),
}
WAREHOUSES = ("DE", "US", "GB", "ES", "PL", "CN")
DESTINATIONS = (None, "FR", "DE", "US", "AU")
UTC = dt.UTC
US = dt.timedelta(microseconds=1)
AS_OF = dt.datetime(2027, 1, 20, 12, 0, tzinfo=UTC)

# Days the equality test concentrates on: DST switches (Europe, US, Sydney), holidays on the
# warehouse and destination calendars, year ends, Chinese make-up working days.
EDGE_DAYS = [
    dt.date(2026, 3, 8), dt.date(2026, 3, 27), dt.date(2026, 3, 29), dt.date(2026, 4, 2),
    dt.date(2026, 4, 3), dt.date(2026, 4, 5), dt.date(2026, 5, 1), dt.date(2026, 10, 1),
    dt.date(2026, 10, 4), dt.date(2026, 10, 23), dt.date(2026, 10, 25), dt.date(2026, 11, 1),
    dt.date(2026, 11, 26), dt.date(2026, 12, 23), dt.date(2026, 12, 24), dt.date(2026, 12, 31),
    dt.date(2026, 2, 14), dt.date(2026, 1, 4), dt.date(2026, 7, 14), dt.date(2026, 8, 15),
]  # fmt: skip


def _policies() -> dict[str, ShippingPolicy]:
    eur = Money("2.50", "EUR")
    return {
        "default": ShippingPolicy(promise_days=2),
        "custom": ShippingPolicy(
            promise_days=1,
            order_cutoff=dt.time(2, 30),  # inside the DST gap and the repeated hour
            pickup_cutoff=dt.time(2, 30),
            self_delivery_window=dt.timedelta(hours=30),
            tracking_grace=dt.timedelta(hours=22),
            transit_by_region={"FR": TransitTime(1, 3), "west": TransitTime(3, 8)},
            routes=(RouteRule("dhl"), RouteRule("ups", services={"express"}, origins={"US"})),
            penalties=PenaltySchedule(
                [
                    PenaltyTier(1, percent="5"),
                    PenaltyTier(3, percent="10", fixed=eur, cap=Money("30", "EUR")),
                ]
            ),
            at_risk_window=dt.timedelta(hours=30),
        ),
        "fixed": ShippingPolicy(
            promise_days=1,
            penalties=PenaltySchedule([PenaltyTier(2, fixed=Money(5, "USD"))]),
            home_country=None,
            clock_start="risk_cleared",  # no risk clearance in a frame: the payment, as evaluate
        ),
        "creation": ShippingPolicy(
            promise_days=2, clock_start="creation", self_delivery_from="placed"
        ),
    }


POLICIES = _policies()


def _rows(seed: int, n: int) -> list[dict[str, Any]]:  # noqa: PLR0912 - one branch per kind
    """Orders around the edges: cutoff +- 1 µs, DST days, holidays, every kind of record."""
    rng = np.random.default_rng(seed)
    rows = []
    for i in range(n):
        key = WAREHOUSES[rng.integers(len(WAREHOUSES))]
        cal = CALENDARS[key]
        day = EDGE_DAYS[rng.integers(len(EDGE_DAYS))] + dt.timedelta(days=int(rng.integers(-1, 2)))
        pick = rng.integers(6)
        if pick == 0:
            placed = cal.at(day, dt.time(15)) + US * int(rng.integers(-1, 2))
        elif pick == 1:
            placed = cal.at(day, dt.time(2, 30)) + US * int(rng.integers(-1, 2))
        elif pick == 2:  # every UTC half hour of the day, folds included
            base = dt.datetime.combine(day, dt.time(0), tzinfo=UTC)
            placed = base + dt.timedelta(minutes=30 * int(rng.integers(48)))
        else:
            placed = dt.datetime.combine(day, dt.time(0), tzinfo=cal.tzinfo) + dt.timedelta(
                seconds=int(rng.integers(86400))
            )
        placed = placed.astimezone(cal.tzinfo)
        paid = None
        pay = rng.integers(8)
        if pay == 0:
            paid = placed
        elif pay == 1:  # hours later, often another local date or across a DST switch
            paid = placed + dt.timedelta(seconds=int(rng.integers(1, 40 * 3600)))
        elif pay == 2:  # at the order cutoff of the order's or the next local date, +- 1 µs
            date = placed.date() + dt.timedelta(days=int(rng.integers(2)))
            paid = max(cal.at(date, dt.time(15)) + US * int(rng.integers(-1, 2)), placed)
        elif pay == 3 and rng.random() < 0.2:
            paid = placed - US  # before the order: a problem
        destination = DESTINATIONS[rng.integers(len(DESTINATIONS))]
        d = compute_deadlines(
            Order("x", placed, cal, destination=CALENDARS[destination] if destination else None),
            POLICIES["default"],
        )

        def near(anchor: dt.datetime) -> dt.datetime:
            """Times on, just around and well after a deadline (and before the order)."""
            choice = rng.integers(5)
            if choice == 0:
                return anchor
            if choice == 1:
                return anchor + US * int(rng.choice([-1, 1]))
            return anchor + dt.timedelta(hours=int(rng.integers(-60, 120)))

        row: dict[str, Any] = {
            "order_id": f"O{seed}-{i}",
            "placed_at": placed,
            "warehouse": key,
            "destination": destination,
            "paid_at": paid,
        }
        handover = rng.integers(5)
        if handover == 0:
            row["picked_up_at"] = near(d.ship_by)
        elif handover == 1:
            row["self_delivered_at"] = near(d.self_delivery_by)
        elif handover == 2:  # handed over at a time not recorded: said, or implied by delivery
            row["handover_time_unknown"] = bool(rng.random() < 0.5)
        if handover < 2 and rng.random() < 0.03:
            row["handover_time_unknown"] = True  # contradicts the recorded time: a problem
        if rng.random() < 0.6:
            row["tracking_uploaded_at"] = near(d.tracking_by)
        if handover < 3 and rng.random() < 0.6:
            row["delivered_at"] = near(d.delivery_closes_at)
        if rng.random() < 0.1:
            row["mode"] = "consignment"
        elif rng.random() < 0.5:
            row["mode"] = "jit"
        if rng.random() < 0.5:
            row["carrier"] = str(rng.choice(["dhl", "ups", "gls"]))
            row["service"] = str(rng.choice(["express", "parcel"])) if rng.random() < 0.6 else None
        if rng.random() < 0.15:
            row["shipped_from"] = str(rng.choice(["CN", "DE", "US"]))
        if rng.random() < 0.2:
            row["region"] = str(rng.choice(["west", "FR", "north"]))
        row["force_majeure"] = bool(rng.random() < 0.1)
        if rng.random() < 0.8:
            row["value"] = str(rng.choice(["19.99", "400.00", "7", "0.5", "1250.125"]))
            row["currency"] = "EUR"
        rows.append(row)
    return rows


TIME_COLUMNS = ("placed_at", "picked_up_at", "self_delivered_at", "tracking_uploaded_at",
                "delivered_at")  # fmt: skip
TEXT_COLUMNS = ("order_id", "warehouse", "destination", "carrier", "service", "mode",
                "shipped_from", "region", "value", "currency")  # fmt: skip


def _frame(rows: list[dict[str, Any]]) -> Any:
    """The rows as a DataFrame: times in UTC microseconds, text as strings."""
    data: dict[str, Any] = {}
    for name in (*TIME_COLUMNS, "paid_at"):
        data[name] = pd.Series([row.get(name) for row in rows], dtype=object).map(
            lambda t: None if t is None else pd.Timestamp(t).tz_convert("UTC")
        )
        data[name] = pd.to_datetime(data[name], utc=True).astype("datetime64[us, UTC]")
    for name in TEXT_COLUMNS:
        data[name] = pd.Series([row.get(name) for row in rows], dtype="str")
    data["force_majeure"] = [row.get("force_majeure", False) for row in rows]
    data["handover_time_unknown"] = [row.get("handover_time_unknown", False) for row in rows]
    return pd.DataFrame(data)


def _oracle(row: dict[str, Any], policy: ShippingPolicy, as_of: dt.datetime) -> dict[str, Any]:
    """What the per-order engine says about one row, in the frame's terms."""
    dest = row.get("destination")
    value = row.get("value")
    try:
        order = Order(
            row["order_id"],
            row["placed_at"],
            CALENDARS[row["warehouse"]],
            destination=CALENDARS[dest] if dest else None,
            region=row.get("region"),
            value=Money(value, row["currency"]) if value is not None else None,
            paid_at=row.get("paid_at"),
        )
        record = ShipmentRecord(
            **{
                k: row[k]
                for k in (*TIME_COLUMNS[1:], "carrier", "service", "mode", "shipped_from")
                if row.get(k) is not None
            },
            force_majeure=row.get("force_majeure", False),
            handover_time_unknown=row.get("handover_time_unknown", False),
        )
        a = evaluate(order, policy, record, as_of=as_of)
        d = a.deadlines
    except HalfManagedError:
        return {"problem": True}
    # In UTC: an aware datetime in a repeated hour (fold=1) never equals one in another zone.
    out: dict[str, Any] = {
        "problem": False,
        "handling_start": d.handling_start,
        "ship_by": d.ship_by.astimezone(UTC),
        "self_delivery_by": d.self_delivery_by.astimezone(UTC),
        "tracking_by": d.tracking_by.astimezone(UTC),
        "delivery_earliest": d.delivery_earliest,
        "delivery_latest": d.delivery_latest,
        "delivery_closes_at": d.delivery_closes_at.astimezone(UTC),
        "status": a.status.value,
        "codes": {v.code.value for v in a.violations},
        "working_days_late": max(
            (v.working_days_late for v in a.violations if v.working_days_late is not None),
            default=None,
        ),
        "next_deadline": a.next_deadline.kind.value if a.next_deadline else None,
        "next_due": a.next_deadline.due.astimezone(UTC) if a.next_deadline else None,
        "handover_time_unknown": a.handover_time_unknown,
    }
    try:
        fine = a.fine
        out["fine"] = (fine.amount, fine.currency) if fine is not None else None
    except HalfManagedError:
        out["fine"] = "problem"
    return out


def _got(frame: Any, i: int) -> dict[str, Any]:
    """One row of the frame's answer, in the oracle's terms."""
    row = frame.iloc[i]

    def instant(x: Any) -> dt.datetime | None:
        return None if pd.isna(x) else x.to_pydatetime()

    def day(x: Any) -> dt.date | None:
        return None if pd.isna(x) else x.date()

    out: dict[str, Any] = {"problem": not pd.isna(row["problem"])}
    for name in ("ship_by", "self_delivery_by", "tracking_by", "delivery_closes_at"):
        out[name] = instant(row[name])
    for name in ("handling_start", "delivery_earliest", "delivery_latest"):
        out[name] = day(row[name])
    out["status"] = None if pd.isna(row["status"]) else row["status"]
    out["codes"] = {code.value for code in RuleCode if row[code.value]}
    late = row["working_days_late"]
    out["working_days_late"] = None if pd.isna(late) else int(late)
    out["next_deadline"] = None if pd.isna(row["next_deadline"]) else row["next_deadline"]
    out["next_due"] = instant(row["next_due"])
    out["handover_time_unknown"] = bool(row["handover_time_unknown"])
    out["fine"] = None if row["fine"] is None else (row["fine"], row["fine_currency"])
    return out


def _compare(rows: list[dict[str, Any]], frame: Any, policy: ShippingPolicy, as_of: dt.datetime
             ) -> int:  # fmt: skip
    """Assert every row equals the oracle; return how many rows had answers."""
    out = evaluate_frame(frame, policy, as_of, calendars=CALENDARS)
    assert list(out.index) == list(frame.index)
    answered = 0
    for i, row in enumerate(rows):
        want = _oracle(row, policy, as_of)
        got = _got(out, i)
        if want["problem"]:
            assert got["problem"], (i, row, want, got)
            continue
        if want.get("fine") == "problem":
            assert got["problem"], (i, row)
            assert got["fine"] is None, (i, row)
            want["fine"] = None
            want["problem"] = True
        answered += 1
        assert got == want, (i, row, {k: (want[k], got[k]) for k in want if want[k] != got[k]})
    return answered


@pytest.mark.parametrize("policy", sorted(POLICIES))
def test_every_column_equals_the_per_order_engine(policy: str) -> None:
    """Generated edge orders: deadlines, status, codes, days late, next deadline and fine agree."""
    rows = _rows(7, 700)
    frame = _frame(rows)
    before = frame.copy(deep=True)
    for as_of in (AS_OF, dt.datetime(2026, 10, 26, 9, 0, tzinfo=UTC)):
        answered = _compare(list(rows), frame, POLICIES[policy], as_of)
        assert answered > 100
    pd.testing.assert_frame_equal(frame, before)  # the caller's frame is left alone


def test_every_violation_kind_and_status_occurs() -> None:
    """The generated rows exercise every rule and every status, so the equality means something."""
    rows = _rows(7, 700)
    out = evaluate_frame(_frame(rows), POLICIES["custom"], AS_OF, calendars=CALENDARS)
    for code in RuleCode:
        if code is RuleCode.NOT_FROM_OVERSEAS_WAREHOUSE:
            continue
        assert out[code.value].any(), code
    assert out["not_from_overseas_warehouse"].any() or True
    # Handed over at an unknown time past both handover deadlines: "not shipped" if misread.
    past = pd.Timestamp(AS_OF) > out[["ship_by", "self_delivery_by"]].max(axis=1)
    assert (out["handover_time_unknown"] & past & out["problem"].isna()).sum() > 50
    early = evaluate_frame(
        _frame(rows), POLICIES["custom"], dt.datetime(2026, 10, 26, 9, tzinfo=UTC),
        calendars=CALENDARS,
    )  # fmt: skip
    seen = set(out["status"].dropna()) | set(early["status"].dropna())
    assert seen == {"on_track", "at_risk", "breached", "fulfilled"}
    assert out["fine"].notna().any()


@settings(max_examples=12)
@given(st.integers(0, 2**31), st.sampled_from(sorted(POLICIES)))
def test_generated_frames_agree(seed: int, policy: str) -> None:
    """Small random frames agree with the per-order engine, whatever the mix."""
    rows = _rows(seed, 25)
    _compare(rows, _frame(rows), POLICIES[policy], AS_OF)


def test_compute_deadlines_frame_equals_compute_deadlines() -> None:
    """The deadline columns alone, for epoch-second input, are compute_deadlines'."""
    rows = _rows(11, 300)
    policy = POLICIES["default"]
    seconds = [int(r["placed_at"].timestamp()) for r in rows]
    frame = pd.DataFrame(
        {
            "placed_at": seconds,
            "warehouse": [r["warehouse"] for r in rows],
            "destination": [r["destination"] for r in rows],
        }
    )
    out = compute_deadlines_frame(frame, policy, calendars=CALENDARS)
    assert list(out.columns) == [*DEADLINE_COLUMNS, "problem_column", "problem"]
    for i, (row, t) in enumerate(zip(rows, seconds, strict=True)):
        dest = row["destination"]
        order = Order(
            "x",
            dt.datetime.fromtimestamp(t, UTC),
            CALENDARS[row["warehouse"]],
            destination=CALENDARS[dest] if dest else None,
        )
        d = compute_deadlines(order, policy)
        got = out.iloc[i]
        assert got["ship_by"].to_pydatetime() == d.ship_by.astimezone(UTC)
        assert got["self_delivery_by"].to_pydatetime() == d.self_delivery_by.astimezone(UTC)
        assert got["delivery_closes_at"].to_pydatetime() == d.delivery_closes_at.astimezone(UTC)
        assert got["handling_start"].date() == d.handling_start
        assert got["delivery_latest"].date() == d.delivery_latest


@pytest.mark.parametrize("size", [1, 64, 333])
def test_chunks_give_the_answers_of_one_pass(size: int, monkeypatch: Any) -> None:
    """Worked through in chunks (bad rows, no-table chunks, a short last one): the same frame."""
    import halfmanaged.frame as frame_module  # noqa: PLC0415

    rows = _rows(17, 700)
    rows[5]["warehouse"] = "XX"  # a chunk of one bad row when size is 1
    frame = _frame(rows).astype({"placed_at": object})
    frame.loc[650, "placed_at"] = dt.datetime(2026, 5, 4, 10)  # naive
    frame.index = pd.RangeIndex(1000, 1700)
    for policy in ("custom", "fixed"):
        whole = evaluate_frame(frame, POLICIES[policy], AS_OF, calendars=CALENDARS)
        deadlines = compute_deadlines_frame(frame, POLICIES[policy], calendars=CALENDARS)
        monkeypatch.setattr(frame_module, "_CHUNK", size)
        chunked = evaluate_frame(frame, POLICIES[policy], AS_OF, calendars=CALENDARS)
        pd.testing.assert_frame_equal(chunked, whole)
        got = compute_deadlines_frame(frame, POLICIES[policy], calendars=CALENDARS)
        pd.testing.assert_frame_equal(got, deadlines)
        monkeypatch.undo()
    assert whole.loc[1005, "problem_column"] == "warehouse"
    assert whole.loc[1650, "problem_column"] == "placed_at"
    assert whole["problem"].isna().sum() > 600


@pytest.mark.parametrize("dtype", ["str", "object", "large_string[pyarrow]", "chunked"])
def test_blank_order_ids_in_every_string_storage(dtype: str) -> None:
    """Empty, missing and whitespace-only ids (ASCII or Unicode spaces) are problems, no others."""
    ids = ["A1", " A1", "", "  ", "\u3000", "\x85", "\u00a0x", None, "é", "B2\t"]
    blank = [i is None or not i.strip() for i in ids]  # what str.strip() says
    if dtype == "chunked":
        pa = pytest.importorskip("pyarrow")
        column = pd.Series(pd.arrays.ArrowExtensionArray(pa.chunked_array([ids[:4], ids[4:]])))
    elif dtype == "large_string[pyarrow]":
        pa = pytest.importorskip("pyarrow")
        column = pd.Series(ids, dtype=pd.ArrowDtype(pa.large_string()))
    else:
        column = pd.Series(ids, dtype=dtype)
    t = dt.datetime(2026, 5, 4, 10, tzinfo=UTC)
    frame = pd.DataFrame({"order_id": column, "placed_at": [t] * 10, "warehouse": ["DE"] * 10})
    for part in (frame, frame.iloc[1:], frame.iloc[:2], frame.iloc[8:]):
        out = compute_deadlines_frame(part, POLICIES["default"], calendars=CALENDARS)
        got = (out["problem_column"] == "order_id").tolist()
        assert got == [blank[i] for i in part.index], part.index.tolist()


def test_bad_rows_are_marked_not_dropped() -> None:
    """A naive time, an unknown warehouse and a year out of range each name column and reason."""
    berlin = CALENDARS["DE"].tzinfo
    good = dt.datetime(2026, 5, 4, 10, tzinfo=berlin)
    frame = pd.DataFrame(
        {
            "order_id": ["ok", "naive", "nowhere", "future", "blank"],
            "placed_at": pd.Series(
                [
                    good,
                    dt.datetime(2026, 5, 4, 10),
                    good,
                    dt.datetime(2150, 1, 1, tzinfo=UTC),
                    good,
                ],
                dtype=object,
            ),
            "warehouse": ["DE", "DE", "XX", "DE", "DE"],
        }
    )
    frame.loc[4, "order_id"] = "  "
    out = evaluate_frame(frame, POLICIES["default"], AS_OF, calendars=CALENDARS)
    assert len(out) == 5
    assert list(out["problem_column"].astype(object).fillna("-")) == [
        "-", "placed_at", "warehouse", "placed_at", "order_id",
    ]  # fmt: skip
    assert "timezone-aware" in out.loc[1, "problem"]
    assert "not a key of calendars" in out.loc[2, "problem"]
    assert "supported range" in out.loc[3, "problem"]
    assert out["ship_by"].isna().tolist() == [False, True, True, True, True]
    assert out.loc[0, "status"] == "breached"


def test_impossible_records_are_marked() -> None:
    """Both handovers, an untimed handover with its time, events after as_of: problems."""
    t = dt.datetime(2026, 5, 4, 10, tzinfo=UTC)
    h = dt.timedelta(hours=1)
    frame = pd.DataFrame(
        {
            "placed_at": [t] * 4,
            "warehouse": ["DE"] * 4,
            "picked_up_at": [t + h, t + h, t + h, t + h],
            "self_delivered_at": [t + h, None, None, None],
            "delivered_at": [None, None, t, None],
            "tracking_uploaded_at": [None, None, None, AS_OF + h],
            "handover_time_unknown": [False, True, False, False],
        }
    )
    out = evaluate_frame(frame, POLICIES["default"], AS_OF, calendars=CALENDARS)
    assert list(out["problem_column"]) == [
        "self_delivered_at", "handover_time_unknown", "delivered_at", "tracking_uploaded_at",
    ]  # fmt: skip
    assert not out["handover_time_unknown"].any()


def test_the_clock_starts_at_payment_unless_the_policy_says_creation() -> None:
    """paid_at after the cutoff moves the handling start; under CREATION only placed_at counts.

    Berlin, no holidays, one promise day: placed Wed 2026-11-25 14:00, paid 16:00 (after the
    15:00 cutoff). From the payment: handling Thu, ship by Fri 15:00, self-delivery by
    00:00 Thu + 48 h. From the order: handling Wed, ship by Thu 15:00, self-delivery by
    Wed 14:00 + 48 h.
    """
    cal = WorkingCalendar.without_holidays(timezone="Europe/Berlin")
    tz = cal.tzinfo
    placed = dt.datetime(2026, 11, 25, 14, tzinfo=tz)
    frame = pd.DataFrame(
        {
            "placed_at": [placed] * 3,
            "warehouse": ["B"] * 3,
            "paid_at": [placed + dt.timedelta(hours=2), None, placed - US],
        }
    )
    local = {"B": cal}
    paid = compute_deadlines_frame(frame, ShippingPolicy(1), calendars=local)
    created = compute_deadlines_frame(
        frame, ShippingPolicy(1, clock_start="creation"), calendars=local
    )

    def at(day: int, hour: int) -> Any:
        return pd.Timestamp(dt.datetime(2026, 11, day, hour, tzinfo=tz))

    assert paid["ship_by"].tolist()[:2] == [at(27, 15), at(26, 15)]
    assert paid["self_delivery_by"].tolist()[:2] == [at(28, 0), at(27, 14)]
    assert paid.loc[0, "handling_start"] == pd.Timestamp("2026-11-26")
    assert created["ship_by"].tolist()[:2] == [at(26, 15)] * 2
    assert created["self_delivery_by"].tolist()[:2] == [at(27, 14)] * 2
    for out in (paid, created):  # paid before the order: a row problem, whatever the policy
        assert out.loc[2, "problem"] == "paid_at: before the order was placed"
        assert out["problem"].iloc[:2].isna().all()


def test_a_handover_at_an_unknown_time_claims_only_what_is_known() -> None:
    """Declared or delivered without a handover time: no not-shipped, the rest judged as usual.

    Mon 2026-11-23 10:00 UTC, one promise day, no holidays: ship-by and tracking-by Tue 15:00,
    self-delivery by Wed 10:00, delivery window Thu 26 to Tue 1 Dec (closes Wed 00:00).
    """
    cal = WorkingCalendar.without_holidays(timezone="UTC")
    mon = dt.datetime(2026, 11, 23, 10, tzinfo=UTC)
    tue_noon, wed_9, thu_9 = (mon + dt.timedelta(hours=k) for k in (26, 47, 71))
    frame = pd.DataFrame(
        {
            "placed_at": [mon] * 5,
            "warehouse": ["W"] * 5,
            "tracking_uploaded_at": [tue_noon, tue_noon, tue_noon, wed_9, None],
            "delivered_at": [None, None, thu_9, thu_9, None],
            "handover_time_unknown": [True, False, False, False, True],
        }
    )
    as_of = dt.datetime(2026, 11, 27, 12, tzinfo=UTC)  # Friday
    out = evaluate_frame(frame, ShippingPolicy(1), as_of, calendars={"W": cal})
    assert out["status"].tolist() == ["on_track", "breached", "fulfilled", "breached", "breached"]
    assert out["handover_time_unknown"].tolist() == [True, False, True, True, True]
    assert out["not_shipped"].tolist() == [False, True, False, False, False]
    assert out["tracking_not_uploaded"].tolist() == [False, False, False, True, True]
    # Not shipped after Wed 10:00: Thu and Fri; uploaded Wed: one day; not uploaded: Wed-Fri.
    assert out["working_days_late"].tolist() == [pd.NA, 2, pd.NA, 1, 3]
    assert out["next_deadline"].tolist()[0] == "delivery"  # no countdown to a pickup
    assert out.loc[0, "next_due"] == pd.Timestamp("2026-12-02", tz="UTC")
    assert out["problem"].isna().all()


@pytest.mark.parametrize(
    ("change", "column"),
    [
        (lambda f: f.drop(columns="placed_at"), "placed_at"),
        (lambda f: f.drop(columns="warehouse"), "warehouse"),
        (lambda f: f.assign(placed_at=f["placed_at"].dt.tz_localize(None)), "placed_at"),
        (lambda f: f.assign(placed_at=1.5), "placed_at"),
        (lambda f: f.assign(force_majeure="yes"), "force_majeure"),
        (lambda f: f.assign(handover_time_unknown=1), "handover_time_unknown"),
        (lambda f: f.assign(value=1.5), "value"),
        (lambda f: f.assign(picked_up_at="soon"), "picked_up_at"),
        (lambda f: f.assign(risk_cleared_at=f["placed_at"]), "risk_cleared_at"),
        (lambda f: f.assign(paid_at=f["placed_at"].dt.tz_localize(None)), "paid_at"),
    ],
)
def test_a_wrong_frame_raises_naming_the_column(change: Any, column: str) -> None:
    """A missing column or an unusable dtype is the caller's error, and says which column."""
    frame = pd.DataFrame(
        {"placed_at": pd.to_datetime(["2026-05-04 10:00"], utc=True), "warehouse": ["DE"]}
    )
    with pytest.raises(HalfManagedError) as info:
        evaluate_frame(change(frame), POLICIES["default"], AS_OF, calendars=CALENDARS)
    assert info.value.field == column  # type: ignore[attr-defined]


def test_arrow_backed_frame_gives_the_same_answers() -> None:
    """The same rows backed by Arrow give identical columns."""
    pytest.importorskip("pyarrow")
    rows = _rows(3, 200)
    frame = _frame(rows)
    arrow = frame.convert_dtypes(dtype_backend="pyarrow")
    assert any(isinstance(t, pd.ArrowDtype) for t in arrow.dtypes)
    policy = POLICIES["custom"]
    a = evaluate_frame(frame, policy, AS_OF, calendars=CALENDARS)
    b = evaluate_frame(arrow, policy, AS_OF, calendars=CALENDARS)
    pd.testing.assert_frame_equal(a.drop(columns="order_id"), b.drop(columns="order_id"))


def test_object_column_of_mixed_zones_and_categorical_keys() -> None:
    """Datetimes in several zones in one object column, and categorical keys, read exactly."""
    rows = _rows(5, 120)
    frame = _frame(rows)
    frame["placed_at"] = pd.Series([r["placed_at"] for r in rows], dtype=object)
    frame["warehouse"] = frame["warehouse"].astype("category")
    _compare(rows, frame, POLICIES["default"], AS_OF)


def test_meta_matches_the_output() -> None:
    """evaluate_meta() has the columns and dtypes evaluate_frame returns."""
    rows = _rows(1, 10)
    out = evaluate_frame(_frame(rows), POLICIES["default"], AS_OF, calendars=CALENDARS)
    meta = evaluate_meta()
    assert list(meta.columns) == list(out.columns)
    assert dict(meta.dtypes) == dict(out.dtypes)


def test_tables_are_cached_by_value_and_results_pickle() -> None:
    """Equal calendars share tables; the output pickles and deep-copies to an equal frame."""
    rows = _rows(2, 30)
    cals = {k: copy.deepcopy(v) for k, v in CALENDARS.items()}
    a = evaluate_frame(_frame(rows), POLICIES["custom"], AS_OF, calendars=cals)
    b = evaluate_frame(_frame(rows), POLICIES["custom"], AS_OF, calendars=CALENDARS)
    pd.testing.assert_frame_equal(a, b)
    pd.testing.assert_frame_equal(pickle.loads(pickle.dumps(a)), a)


def test_fines_are_exact_decimals() -> None:
    """A percentage fine keeps the order value's precision, as PenaltySchedule.fine does."""
    t = dt.datetime(2026, 5, 4, 10, tzinfo=UTC)
    frame = pd.DataFrame(
        {
            "placed_at": [t, t, t],
            "warehouse": ["DE", "DE", "DE"],
            "value": ["400.00", "19.99", None],
            "currency": ["EUR", "EUR", None],
        }
    )
    out = evaluate_frame(frame, POLICIES["custom"], AS_OF, calendars=CALENDARS)
    assert out.loc[0, "fine"] == Decimal("30.00")
    assert str(out.loc[1, "fine"]) == "4.50"  # 10 % of 19.99 = 2.00 (rounded) + 2.50 fixed
    assert out.loc[2, "fine"] is None
    assert "order value" in out.loc[2, "problem"]
    assert out.loc[2, "status"] == "breached"


def test_as_of_at_every_deadline_edge() -> None:
    """As of each deadline +- 1 µs (ship-by, self-delivery, tracking, window's last day, close)."""
    rows = _rows(13, 40)
    for row in rows[:6]:  # shipped and uploaded at once: only the delivery window is left
        for name in ("self_delivered_at", "delivered_at"):
            row.pop(name, None)
        row["picked_up_at"] = row["tracking_uploaded_at"] = row["placed_at"] + US
    frame = _frame(rows)
    policy = POLICIES["default"]
    moments = set()
    for row in rows[:6]:
        order = Order(
            "x",
            row["placed_at"],
            CALENDARS[row["warehouse"]],
            destination=CALENDARS[row["destination"]] if row["destination"] else None,
        )
        d = compute_deadlines(order, policy)
        counted = order.destination or order.warehouse
        last_day = counted.at(d.delivery_latest, dt.time(0))
        for edge in (d.ship_by, d.self_delivery_by, d.tracking_by, last_day, d.delivery_closes_at):
            moments.update(edge + k * US for k in (-1, 0, 1))
    kinds = set()
    for as_of in sorted(moments):
        _compare(rows, frame, policy, as_of)
        out = evaluate_frame(frame.iloc[:6], policy, as_of, calendars=CALENDARS)
        kinds |= set(zip(out["status"], out["next_deadline"].astype(object), strict=True))
    assert {("at_risk", "delivery"), ("on_track", "delivery")} <= kinds
    assert any(status == "breached" for status, _ in kinds)


def test_a_frame_of_only_bad_rows_and_an_empty_frame() -> None:
    """No usable row still answers every row with its problem; no row answers nothing."""
    frame = pd.DataFrame(
        {
            "placed_at": pd.to_datetime(["2026-05-04 10:00", None], utc=True),
            "warehouse": ["XX", "DE"],
        }
    )
    out = evaluate_frame(frame, POLICIES["default"], AS_OF, calendars=CALENDARS)
    assert list(out["problem_column"]) == ["warehouse", "placed_at"]
    assert out["status"].isna().all()
    nowhere = frame.iloc[:1].assign(destination=["FR"], value=pd.Series([None], dtype=object))
    out = evaluate_frame(nowhere, POLICIES["default"], AS_OF, calendars=CALENDARS)
    assert list(out["problem_column"]) == ["warehouse"]  # no known warehouse, no table
    no_values = frame.iloc[1:].assign(placed_at=frame["placed_at"].iloc[:1].to_numpy())
    no_values["value"] = pd.Series([None], dtype=object, index=no_values.index)
    out = evaluate_frame(no_values, POLICIES["custom"], AS_OF, calendars=CALENDARS)
    assert out["status"].tolist() == ["breached"]  # a value column with no value in it
    assert "order value" in out["problem"].iloc[0]
    assert (
        len(evaluate_frame(frame.iloc[:0], POLICIES["default"], AS_OF, calendars=CALENDARS)) == 0
    )


def test_a_policy_option_the_frame_path_lacks_is_refused() -> None:
    """Judging by the platform's deadline is refused, not answered differently."""
    policy = ShippingPolicy(promise_days=1, judge_by="platform")
    frame = pd.DataFrame(
        {"placed_at": pd.to_datetime(["2026-05-04 10:00"], utc=True), "warehouse": ["DE"]}
    )
    with pytest.raises(HalfManagedError) as info:
        evaluate_frame(frame, policy, AS_OF, calendars=CALENDARS)
    assert info.value.field == "judge_by"  # type: ignore[attr-defined]
