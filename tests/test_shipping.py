"""The shipping-rule engine: deadlines, violations, status, fines and the lifecycle."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from decimal import Decimal

import attrs
import holidays
import pytest
from hypothesis import given
from hypothesis import strategies as st
from strategies import CALENDARS, COUNTRIES, aware_datetimes, calendars

from halfmanaged import (
    ClockStart,
    DeadlineKind,
    DeadlineSource,
    EarlierDeadline,
    FulfilmentMode,
    FulfilmentStep,
    Hold,
    HoldReason,
    JudgeBy,
    Money,
    Order,
    PenaltySchedule,
    PenaltyTier,
    PlatformDeadline,
    RouteRule,
    RuleCode,
    SelfDeliveryFrom,
    ShipmentRecord,
    ShippingPolicy,
    Status,
    TransitTime,
    Violation,
    WorkingCalendar,
    compare_deadlines,
    compute_deadlines,
    evaluate,
)
from halfmanaged.errors import (
    DateOutOfRangeError,
    FieldTypeError,
    HalfManagedError,
    InvalidFieldError,
    InvalidPolicyError,
    InvalidRecordError,
    MissingDataError,
    NaiveDatetimeError,
)

D = dt.date
PLAIN = WorkingCalendar.without_holidays(timezone="Europe/Berlin")
BERLIN = PLAIN.tzinfo
P1 = ShippingPolicy(promise_days=1)
P2 = ShippingPolicy(promise_days=2)
LITERAL = ShippingPolicy(promise_days=1, self_delivery_from=SelfDeliveryFrom.PLACED)


def at(cal: WorkingCalendar, *args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=cal.tzinfo)  # type: ignore[misc]


def order(cal: WorkingCalendar, *args: int, **kwargs: object) -> Order:
    return Order("A1", at(cal, *args), cal, **kwargs)  # type: ignore[arg-type]


# -- the worked examples of docs/rules.md#reading-ship-by -----------------------------------------


@pytest.mark.parametrize(
    ("placed", "ship_by"),
    [
        ((2026, 11, 25, 10, 0), (2026, 11, 26, 15, 0)),  # Wednesday 10:00 -> Thursday 15:00
        ((2026, 11, 25, 16, 0), (2026, 11, 27, 15, 0)),  # Wednesday 16:00 -> Friday 15:00
        ((2026, 11, 28, 10, 0), (2026, 12, 1, 15, 0)),  # Saturday -> Tuesday 15:00
        ((2026, 11, 25, 14, 59, 59), (2026, 11, 26, 15, 0)),  # one second before the cutoff
        ((2026, 11, 25, 15, 0), (2026, 11, 27, 15, 0)),  # at the cutoff: tomorrow's order
    ],
)
def test_design_ship_by_examples(placed: tuple[int, ...], ship_by: tuple[int, ...]) -> None:
    """Promise 1, no holidays: the examples of docs/rules.md#reading-ship-by."""
    assert compute_deadlines(order(PLAIN, *placed), P1).ship_by == at(PLAIN, *ship_by)


def test_design_delivery_window_example() -> None:
    """Monday 10:00, promise 2, transit 2-5: ship by Wednesday, delivered Friday to Wednesday."""
    d = compute_deadlines(order(PLAIN, 2026, 11, 23, 10, 0), P2)
    assert d.handling_start == D(2026, 11, 23)
    assert d.ship_by == at(PLAIN, 2026, 11, 25, 15, 0)
    assert (d.delivery_earliest, d.delivery_latest) == (D(2026, 11, 27), D(2026, 12, 2))
    # The article's "4 to 9 days after the order".
    assert (d.delivery_earliest - D(2026, 11, 23)).days == 4
    assert (d.delivery_latest - D(2026, 11, 23)).days == 9


# -- real calendars ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "placed", "promise", "ship_day"),
    [
        ("DE", (2026, 4, 2, 10, 0), 1, D(2026, 4, 7)),  # Good Friday, Easter Monday
        ("ES", (2026, 12, 7, 10, 0), 1, D(2026, 12, 10)),  # Madrid: 6 Dec moved to 7, then 8 Dec
        ("FR", (2026, 7, 13, 16, 0), 1, D(2026, 7, 16)),  # after cutoff, then 14 July
        ("PL", (2026, 12, 23, 10, 0), 2, D(2026, 12, 29)),  # Wigilia and both Christmas days
        ("US", (2026, 11, 25, 16, 0), 1, D(2026, 11, 30)),  # Thanksgiving
        ("GB", (2026, 12, 24, 10, 0), 1, D(2026, 12, 29)),  # Christmas, Boxing Day observed
        ("DE", (2026, 12, 31, 16, 0), 2, D(2027, 1, 7)),  # year end; Epiphany in Bavaria
    ],
)
def test_ship_by_on_national_calendars(
    code: str, placed: tuple[int, ...], promise: int, ship_day: dt.date
) -> None:
    """Hand-checked ship-by days across holidays and year ends."""
    cal = CALENDARS[code]
    d = compute_deadlines(order(cal, *placed), ShippingPolicy(promise))
    assert d.ship_by == dt.datetime.combine(ship_day, dt.time(15), tzinfo=cal.tzinfo)


def test_destination_calendar_counts_the_delivery_days() -> None:
    """A German warehouse ships on 23 Dec; Polish holidays decide when it can arrive."""
    de, pl = CALENDARS["DE"], CALENDARS["PL"]
    to_poland = compute_deadlines(order(de, 2026, 12, 21, 10, 0, destination=pl), P2)
    at_home = compute_deadlines(order(de, 2026, 12, 21, 10, 0), P2)
    assert to_poland.ship_by.date() == D(2026, 12, 23)
    assert (to_poland.delivery_earliest, to_poland.delivery_latest) == (
        D(2026, 12, 29),
        D(2027, 1, 4),
    )
    assert at_home.delivery_earliest == D(2026, 12, 28)  # 24 Dec is worked in Germany


def test_region_overrides_transit() -> None:
    """A region's own transit time replaces the default."""
    policy = ShippingPolicy(2, transit_by_region={"FR": TransitTime(1, 3)})
    d = compute_deadlines(order(PLAIN, 2026, 11, 23, 10, 0, region="FR"), policy)
    assert (d.delivery_earliest, d.delivery_latest) == (D(2026, 11, 26), D(2026, 11, 30))


def test_own_order_cutoff() -> None:
    """An earlier order cutoff moves a 13:00 order to the next day; pickup stays at 15:00."""
    policy = ShippingPolicy(1, order_cutoff=dt.time(12, 0))
    d = compute_deadlines(order(PLAIN, 2026, 11, 25, 13, 0), policy)
    assert d.ship_by == at(PLAIN, 2026, 11, 27, 15, 0)


# -- absolute 48 hours across DST ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("zone", "placed", "expected_wall_hours"),
    [
        ("Europe/Berlin", (2026, 3, 28, 10, 0), 49),  # spring forward on Sunday 29 March
        ("Europe/Berlin", (2026, 10, 24, 10, 0), 47),  # fall back on Sunday 25 October
        ("America/New_York", (2026, 3, 7, 10, 0), 49),  # US spring forward, 8 March
        ("America/New_York", (2026, 10, 31, 10, 0), 47),  # US fall back, 1 November
        ("Europe/Warsaw", (2026, 6, 10, 10, 0), 48),  # no switch
    ],
)
def test_self_delivery_window_is_absolute_time(
    zone: str, placed: tuple[int, ...], expected_wall_hours: int
) -> None:
    """48 hours are 48 real hours: the wall clock moves 47 or 49 across a switch."""
    cal = WorkingCalendar.without_holidays(timezone=zone)
    o = order(cal, *placed)
    by = compute_deadlines(o, LITERAL).self_delivery_by
    assert by.timestamp() - o.placed_at.timestamp() == 48 * 3600
    wall = by.replace(tzinfo=None) - o.placed_at.replace(tzinfo=None)
    assert wall == dt.timedelta(hours=expected_wall_hours)
    assert by.tzinfo is cal.tzinfo


def test_orders_in_another_zone_use_warehouse_time() -> None:
    """14:30 in Shanghai is 07:30 in Berlin: before the Berlin cutoff, whatever Shanghai says."""
    shanghai = zoneinfo.ZoneInfo("Asia/Shanghai")
    o = Order("A1", dt.datetime(2026, 11, 25, 23, 30, tzinfo=shanghai), PLAIN)  # 16:30 Berlin
    assert compute_deadlines(o, P1).ship_by == at(PLAIN, 2026, 11, 27, 15, 0)


# -- an independent oracle ---------------------------------------------------------------------


def _oracle_ship_by(cal_code: str, placed: dt.datetime, promise: int) -> dt.datetime:
    """Ship-by by hand: local date, cutoff, day-by-day over holidays from the package itself."""
    subdiv, zone = COUNTRIES[cal_code]
    tz = zoneinfo.ZoneInfo(zone)
    off = holidays.country_holidays(cal_code, subdiv=subdiv, years=range(2024, 2031))

    def works(day: dt.date) -> bool:
        return day.weekday() < 5 and day not in off

    local = placed.astimezone(tz)
    day = local.date()
    if local.time() >= dt.time(15) or not works(day):
        day += dt.timedelta(1)
        while not works(day):
            day += dt.timedelta(1)
    for _ in range(promise):
        day += dt.timedelta(1)
        while not works(day):
            day += dt.timedelta(1)
    return dt.datetime.combine(day, dt.time(15), tzinfo=tz)


@given(
    code=st.sampled_from(sorted(CALENDARS)),
    placed=aware_datetimes(2025, 2028),
    promise=st.sampled_from([1, 2]),
)
def test_ship_by_matches_a_day_by_day_oracle(code: str, placed: dt.datetime, promise: int) -> None:
    """Across random times, zones and national calendars, ship-by equals a hand-rolled loop."""
    got = compute_deadlines(Order("X", placed, CALENDARS[code]), ShippingPolicy(promise)).ship_by
    assert got == _oracle_ship_by(code, placed, promise)


# -- properties ----------------------------------------------------------------------------


@given(cal=calendars(), placed=aware_datetimes(), promise=st.sampled_from([1, 2]))
def test_ship_by_is_the_cutoff_on_a_working_day(
    cal: WorkingCalendar, placed: dt.datetime, promise: int
) -> None:
    """Ship-by falls on a working day, at the cutoff, in the warehouse's zone, after the order."""
    d = compute_deadlines(Order("X", placed, cal), ShippingPolicy(promise))
    assert cal.is_working_day(d.ship_by.date())
    assert d.ship_by.time() == dt.time(15)
    assert d.ship_by.tzinfo is cal.tzinfo
    assert d.ship_by > placed
    assert cal.working_days_between(d.handling_start, d.ship_by.date()) == promise


@given(
    cal=calendars(),
    a=aware_datetimes(),
    b=aware_datetimes(),
    promise=st.sampled_from([1, 2]),
)
def test_a_later_order_never_gets_an_earlier_deadline(
    cal: WorkingCalendar, a: dt.datetime, b: dt.datetime, promise: int
) -> None:
    """Every deadline is monotone in the order time."""
    first, second = sorted([a, b], key=dt.datetime.timestamp)  # not by wall clock
    policy = ShippingPolicy(promise)
    d1 = compute_deadlines(Order("X", first, cal), policy)
    d2 = compute_deadlines(Order("Y", second, cal), policy)
    assert d1.ship_by <= d2.ship_by
    assert d1.self_delivery_by <= d2.self_delivery_by
    assert d1.delivery_earliest <= d2.delivery_earliest
    assert d1.delivery_latest <= d2.delivery_latest


@given(
    cal=calendars(),
    placed=aware_datetimes(),
    low=st.integers(0, 5),
    extra=st.integers(0, 5),
)
def test_delivery_window_is_ordered(
    cal: WorkingCalendar, placed: dt.datetime, low: int, extra: int
) -> None:
    """Earliest delivery never comes after the latest, nor before the ship-by day."""
    policy = ShippingPolicy(1, transit=TransitTime(low, low + extra))
    d = compute_deadlines(Order("X", placed, cal), policy)
    assert d.ship_by.date() <= d.delivery_earliest <= d.delivery_latest


_hours = st.integers(0, 24 * 12).map(lambda h: dt.timedelta(hours=h))


@given(
    cal=calendars(),
    placed=aware_datetimes(),
    handover=st.none() | _hours,
    self_delivered=st.booleans(),
    upload=st.none() | _hours,
    transit=st.none() | _hours,
    wait=_hours,
)
def test_no_violation_is_reported_before_its_deadline(
    cal: WorkingCalendar,
    placed: dt.datetime,
    handover: dt.timedelta | None,
    self_delivered: bool,
    upload: dt.timedelta | None,
    transit: dt.timedelta | None,
    wait: dt.timedelta,
) -> None:
    """Whatever happened, a violation's deadline has passed, and its actual time is late."""
    # Offsets in absolute time: wall-clock arithmetic on ``placed`` would drop its DST fold.
    base = placed.astimezone(dt.UTC)
    handed = None if handover is None else base + handover
    delivered = None if handed is None or transit is None else handed + transit
    record = ShipmentRecord(
        picked_up_at=None if self_delivered else handed,
        self_delivered_at=handed if self_delivered else None,
        tracking_uploaded_at=None if upload is None else base + upload,
        delivered_at=delivered,
    )
    times = [t for t in (handed, delivered, record.tracking_uploaded_at) if t is not None]
    as_of = max([base, *times]) + wait
    a = evaluate(Order("X", placed, cal), ShippingPolicy(1), record, as_of=as_of)
    for v in a.violations:
        assert v.deadline is not None
        assert v.late_by is not None
        if v.code is RuleCode.DELIVERED_LATE:
            # delivery_closes_at is the first instant after the window: a delivery at that
            # very instant is late, by no clock time (and one working day).
            assert v.deadline <= as_of
            assert v.actual is not None
            assert v.actual >= v.deadline
            assert v.late_by >= dt.timedelta(0)
            continue
        assert v.deadline < as_of
        assert v.actual is None or v.actual > v.deadline
        assert v.late_by > dt.timedelta(0)
        assert v.working_days_late is not None
        assert v.working_days_late >= 0
    assert (a.status is Status.BREACHED) == bool(a.violations)


# -- violations, one by one ------------------------------------------------------------------

PLACED = (2026, 11, 23, 10, 0)  # Monday: ship by Tuesday 15:00 with promise 1


def _assess(
    record: ShipmentRecord, as_of: dt.datetime, policy: ShippingPolicy = P1, **kw: object
) -> set[RuleCode]:
    return set(evaluate(order(PLAIN, *PLACED, **kw), policy, record, as_of=as_of).codes)


def test_on_time_pickup_and_upload_break_nothing() -> None:
    """A pickup at 14:59 on the ship-by day with tracking uploaded is clean."""
    t = at(PLAIN, 2026, 11, 24, 14, 59)
    assert _assess(ShipmentRecord(picked_up_at=t, tracking_uploaded_at=t), t) == set()


def test_late_pickup() -> None:
    """A pickup after 15:00 on the ship-by day is late, one working day late the next morning."""
    t = at(PLAIN, 2026, 11, 25, 9, 0)
    a = evaluate(
        order(PLAIN, *PLACED),
        P1,
        ShipmentRecord(picked_up_at=t, tracking_uploaded_at=at(PLAIN, 2026, 11, 24, 9, 0)),
        as_of=t,
    )
    (v,) = a.violations
    assert v.code is RuleCode.LATE_PICKUP
    assert v.deadline == at(PLAIN, 2026, 11, 24, 15, 0)
    assert v.actual == t
    assert v.late_by == dt.timedelta(hours=18)
    assert v.working_days_late == 1


def test_self_delivery_within_48_hours_is_on_time_even_after_ship_by() -> None:
    """Shipping 4 offers two ways: self-delivery 47 hours after the order is fine."""
    t = at(PLAIN, 2026, 11, 25, 9, 0)
    up = at(PLAIN, 2026, 11, 24, 9, 0)
    assert _assess(ShipmentRecord(self_delivered_at=t, tracking_uploaded_at=up), t) == set()


def test_late_self_delivery() -> None:
    """Self-delivery after 48 hours is late."""
    t = at(PLAIN, 2026, 11, 25, 10, 1)
    up = at(PLAIN, 2026, 11, 24, 9, 0)
    record = ShipmentRecord(self_delivered_at=t, tracking_uploaded_at=up)
    assert _assess(record, t) == {RuleCode.LATE_SELF_DELIVERY}


def test_not_shipped_counts_working_days_over_the_weekend() -> None:
    """Nothing handed over by Wednesday 10:00; on Monday it is three working days late."""
    a = evaluate(order(PLAIN, *PLACED), P1, as_of=at(PLAIN, 2026, 11, 30, 12, 0))
    by_code = {v.code: v for v in a.violations}
    assert set(by_code) == {RuleCode.NOT_SHIPPED, RuleCode.TRACKING_NOT_UPLOADED}
    assert by_code[RuleCode.NOT_SHIPPED].deadline == at(PLAIN, 2026, 11, 25, 10, 0)
    assert by_code[RuleCode.NOT_SHIPPED].working_days_late == 3  # Thu, Fri, Mon
    assert by_code[RuleCode.NOT_SHIPPED].actual is None


def test_tracking_uploaded_late() -> None:
    """Tracking uploaded after ship-by is a violation even if the pickup was on time."""
    pick = at(PLAIN, 2026, 11, 24, 11, 0)
    up = at(PLAIN, 2026, 11, 24, 15, 30)
    assert _assess(ShipmentRecord(picked_up_at=pick, tracking_uploaded_at=up), up) == {
        RuleCode.TRACKING_NOT_UPLOADED
    }
    relaxed = ShippingPolicy(1, tracking_grace=dt.timedelta(hours=1))
    assert (
        _assess(ShipmentRecord(picked_up_at=pick, tracking_uploaded_at=up), up, relaxed) == set()
    )


def test_mode_route_and_overseas_rules() -> None:
    """Consignment mode, a route off the list and a parcel from China each break a rule."""
    t = at(PLAIN, 2026, 11, 24, 11, 0)
    policy = ShippingPolicy(1, routes=[RouteRule("dhl", destinations={"DE"})])
    record = ShipmentRecord(
        picked_up_at=t,
        tracking_uploaded_at=t,
        carrier="ups",
        mode="consignment",
        shipped_from="CN",
    )
    assert _assess(record, t, policy, region="DE") == {
        RuleCode.MODE_NOT_ALLOWED,
        RuleCode.ROUTE_NOT_ALLOWED,
        RuleCode.NOT_FROM_OVERSEAS_WAREHOUSE,
    }
    ok = ShipmentRecord(picked_up_at=t, tracking_uploaded_at=t, carrier="dhl", shipped_from="DE")
    assert _assess(ok, t, policy, region="DE") == set()
    assert _assess(ok, t, policy, region="FR") == {RuleCode.ROUTE_NOT_ALLOWED}


def test_a_warehouse_in_the_home_country_is_not_overseas() -> None:
    """Without a recorded origin, the warehouse's own country is checked."""
    cn = WorkingCalendar.for_country("CN", timezone="Asia/Shanghai")
    a = evaluate(order(cn, 2026, 11, 23, 10, 0), P1, as_of=at(cn, 2026, 11, 23, 11, 0))
    assert a.codes == {RuleCode.NOT_FROM_OVERSEAS_WAREHOUSE}
    relaxed = ShippingPolicy(1, require_overseas_warehouse=False)
    assert not evaluate(
        order(cn, 2026, 11, 23, 10, 0), relaxed, as_of=at(cn, 2026, 11, 23, 11, 0)
    ).violations


def test_delivered_after_the_window() -> None:
    """Delivered the day after the window's last day: one working day late."""
    pick = at(PLAIN, 2026, 11, 24, 11, 0)  # promise 1: window Thu 26 .. Tue 1 Dec
    late = at(PLAIN, 2026, 12, 2, 9, 0)
    record = ShipmentRecord(picked_up_at=pick, tracking_uploaded_at=pick, delivered_at=late)
    a = evaluate(order(PLAIN, *PLACED), P1, record, as_of=late)
    (v,) = a.violations
    assert v.code is RuleCode.DELIVERED_LATE
    assert v.deadline == at(PLAIN, 2026, 12, 2, 0, 0)
    assert v.working_days_late == 1
    on_time = ShipmentRecord(
        picked_up_at=pick, tracking_uploaded_at=pick, delivered_at=at(PLAIN, 2026, 12, 1, 23, 59)
    )
    assert evaluate(order(PLAIN, *PLACED), P1, on_time, as_of=late).status is Status.FULFILLED


def test_pickup_scan_before_the_order_is_false_shipment() -> None:
    """A scan earlier than the order is possible in data and flagged, not a crash."""
    t = at(PLAIN, 2026, 11, 23, 9, 0)
    up = at(PLAIN, 2026, 11, 23, 11, 0)
    assert _assess(ShipmentRecord(picked_up_at=t, tracking_uploaded_at=up), up) == {
        RuleCode.HANDOVER_BEFORE_ORDER
    }


@pytest.mark.parametrize("code", list(RuleCode))
def test_every_rule_code_has_words_in_both_languages(code: RuleCode) -> None:
    """Each violation renders in English and Chinese with its fields filled in."""
    deadline = at(PLAIN, 2026, 11, 24, 15, 0)
    v = Violation(
        code,
        deadline=deadline,
        actual=deadline + dt.timedelta(hours=2),
        late_by=dt.timedelta(hours=2),
        working_days_late=1,
        value="CN",
    )
    en, zh = v.message(), v.message("zh-CN")
    assert "{" not in en + zh
    assert en != zh
    assert any("\u4e00" <= ch <= "\u9fff" for ch in zh)


# -- status, countdown, lifecycle ---------------------------------------------------------------


def test_status_moves_from_on_track_to_at_risk_to_breached() -> None:
    """Four hours before ship-by the order turns at risk; after the last deadline, breached."""
    o = order(PLAIN, *PLACED)
    assert evaluate(o, P1, as_of=at(PLAIN, 2026, 11, 24, 10, 59)).status is Status.ON_TRACK
    risky = evaluate(o, P1, as_of=at(PLAIN, 2026, 11, 24, 11, 0))
    assert risky.status is Status.AT_RISK
    assert risky.next_deadline is not None
    assert risky.next_deadline.kind is DeadlineKind.PICKUP
    assert risky.next_deadline.time_left == dt.timedelta(hours=4)
    later = evaluate(o, P1, as_of=at(PLAIN, 2026, 11, 24, 16, 0))
    assert later.status is Status.BREACHED  # tracking was due with ship-by
    assert later.next_deadline is not None
    assert later.next_deadline.kind is DeadlineKind.SELF_DELIVERY


def test_progress_follows_the_lifecycle() -> None:
    """Each recorded step moves the order on; later steps imply earlier ones."""
    o = order(PLAIN, *PLACED)
    t = at(PLAIN, 2026, 11, 23, 12, 0)
    fresh = evaluate(o, P1, as_of=t).progress
    assert fresh.current is FulfilmentStep.ACCEPT
    assert fresh.due == at(PLAIN, 2026, 11, 24, 15, 0)
    packed = evaluate(o, P1, ShipmentRecord(packed_at=t), as_of=t).progress
    assert packed.current is FulfilmentStep.SHIP
    assert packed.completed[-1] is FulfilmentStep.PACK
    shipped = evaluate(o, P1, ShipmentRecord(picked_up_at=t, tracking_uploaded_at=t), as_of=t)
    assert shipped.progress.current is FulfilmentStep.IN_TRANSIT
    assert shipped.progress.due == at(PLAIN, 2026, 12, 2, 0, 0)
    done = ShipmentRecord(
        picked_up_at=t, tracking_uploaded_at=t, delivered_at=t, receipt_confirmed_at=t
    )
    final = evaluate(o, P1, done, as_of=t).progress
    assert final.current is None
    assert len(final.completed) == len(FulfilmentStep)


# -- fines ---------------------------------------------------------------------------------

SCHEDULE = PenaltySchedule(
    [
        PenaltyTier(1, percent="5"),
        PenaltyTier(3, percent="10", cap=Money("30", "EUR")),
        PenaltyTier(5, fixed=Money("50", "EUR")),
    ]
)


@pytest.mark.parametrize(
    ("days", "expected"),
    [
        (0, None),
        (1, Money("10.00", "EUR")),  # first day of tier 1: 5 % of 200.00
        (2, Money("10.00", "EUR")),
        (3, Money("20.00", "EUR")),  # tier 2: 10 %, under the cap
        (4, Money("20.00", "EUR")),
        (5, Money("50", "EUR")),  # tier 3: fixed
    ],
)
def test_fine_on_each_tier_boundary(days: int, expected: Money | None) -> None:
    """The tier with the highest start at or below the lateness applies."""
    assert SCHEDULE.fine(Money("200.00", "EUR"), working_days_late=days) == expected


def test_cap_limits_a_percentage() -> None:
    """10 % of 400 is 40, capped at 30."""
    assert SCHEDULE.fine(Money("400.00", "EUR"), working_days_late=3) == Money("30.00", "EUR")


def test_assessment_fine_uses_the_latest_violation_and_exempts_force_majeure() -> None:
    """Not shipped three working days late costs tier 2; force majeure costs nothing."""
    policy = ShippingPolicy(1, penalties=SCHEDULE)
    o = order(PLAIN, *PLACED, value=Money("200.00", "EUR"))
    as_of = at(PLAIN, 2026, 11, 30, 12, 0)
    assert evaluate(o, policy, as_of=as_of).fine == Money("20.00", "EUR")
    excused = evaluate(o, policy, ShipmentRecord(force_majeure=True), as_of=as_of)
    assert excused.fine is None
    assert excused.violations  # still reported


def test_default_schedule_charges_nothing() -> None:
    """No figures in the article: no fine unless configured."""
    a = evaluate(order(PLAIN, *PLACED), P1, as_of=at(PLAIN, 2026, 12, 30, 12, 0))
    assert a.violations
    assert a.fine is None


def test_percentage_fine_without_order_value_is_an_error() -> None:
    """A percentage of an unknown value is never guessed."""
    policy = ShippingPolicy(1, penalties=SCHEDULE)
    a = evaluate(order(PLAIN, *PLACED), policy, as_of=at(PLAIN, 2026, 11, 30, 12, 0))
    with pytest.raises(MissingDataError):
        _ = a.fine


# -- bad input -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("build", "error"),
    [
        (lambda: ShippingPolicy(3), InvalidPolicyError),
        (lambda: ShippingPolicy(0), InvalidPolicyError),
        (lambda: ShippingPolicy(True), InvalidPolicyError),
        (lambda: ShippingPolicy("1"), InvalidPolicyError),
        (lambda: ShippingPolicy(1, mode=FulfilmentMode.CONSIGNMENT), InvalidPolicyError),
        (lambda: ShippingPolicy(1, pickup_cutoff="15:00"), FieldTypeError),
        (lambda: ShippingPolicy(1, pickup_cutoff=dt.time(15, tzinfo=dt.UTC)), FieldTypeError),
        (
            lambda: ShippingPolicy(1, self_delivery_window=dt.timedelta(hours=-1)),
            InvalidPolicyError,
        ),
        (lambda: ShippingPolicy(1, self_delivery_window=48), FieldTypeError),
        (lambda: ShippingPolicy(1, home_country="China"), InvalidFieldError),
        (lambda: ShippingPolicy(1, home_country="XX"), InvalidFieldError),
        (lambda: ShippingPolicy(1, require_overseas_warehouse="no"), FieldTypeError),
        (lambda: ShippingPolicy(1, require_overseas_warehouse=0), FieldTypeError),
        (lambda: ShippingPolicy(1, self_delivery_from="sometime"), InvalidFieldError),
        (lambda: PenaltySchedule(exempt_force_majeure="no"), FieldTypeError),
        (lambda: PenaltySchedule(exempt_force_majeure=1), FieldTypeError),
        (lambda: ShipmentRecord(force_majeure="no"), FieldTypeError),
        (lambda: ShipmentRecord(force_majeure=1), FieldTypeError),
        (lambda: Money("-5", "EUR"), InvalidFieldError),
        (lambda: Money(10**30, "EUR"), InvalidFieldError),
        (lambda: Money(Decimal("1e400"), "EUR"), InvalidFieldError),
        (lambda: Money("0.0000001", "EUR"), InvalidFieldError),
        (lambda: PenaltyTier(1, percent=Decimal("1e400")), InvalidFieldError),
        (lambda: PenaltyTier(1, percent="-1"), InvalidFieldError),
        (lambda: PenaltyTier(1, percent="100.5"), InvalidFieldError),
        (lambda: PenaltyTier(1, percent=Decimal("1e-400")), InvalidFieldError),
        (lambda: RouteRule("dhl", origins={"Germany"}), InvalidFieldError),
        (lambda: RouteRule("dhl", destinations={"XX"}), InvalidFieldError),
        (lambda: Order("A1", at(PLAIN, 2026, 1, 5, 9), PLAIN, region="XX"), InvalidFieldError),
        (lambda: Order("A1", at(PLAIN, 2026, 1, 5, 9), PLAIN, region=" "), InvalidFieldError),
        (lambda: ShippingPolicy(1, routes=["dhl"]), FieldTypeError),
        (lambda: TransitTime(3, 2), InvalidPolicyError),
        (lambda: TransitTime(-1, 2), InvalidPolicyError),
        (lambda: Money(1.5, "EUR"), FieldTypeError),
        (lambda: Money("abc", "EUR"), InvalidFieldError),
        (lambda: Money("1", "euro"), InvalidFieldError),
        (lambda: Money("NaN", "EUR"), InvalidFieldError),
        (lambda: PenaltyTier(1), InvalidPolicyError),
        (lambda: PenaltyTier(-1, percent="1"), InvalidPolicyError),
        (
            lambda: PenaltySchedule([PenaltyTier(1, percent=1), PenaltyTier(1, percent=2)]),
            InvalidPolicyError,
        ),
        (lambda: Order("", at(PLAIN, 2026, 1, 5, 9), PLAIN), InvalidFieldError),
        (lambda: Order("A1", dt.datetime(2026, 1, 5, 9), PLAIN), NaiveDatetimeError),
        (lambda: Order("A1", "2026-01-05T09:00+01:00", PLAIN), FieldTypeError),
        (lambda: Order("A1", at(PLAIN, 2026, 1, 5, 9), "DE"), FieldTypeError),
        (lambda: Order("A1", at(PLAIN, 2026, 1, 5, 9), PLAIN, value=3), FieldTypeError),
        (lambda: ShippingPolicy(1, transit=(2, 5)), FieldTypeError),
        (lambda: ShipmentRecord(picked_up_at=dt.datetime(2026, 1, 5, 9)), NaiveDatetimeError),
        (lambda: ShipmentRecord(mode="air"), InvalidFieldError),
        (lambda: ShipmentRecord(shipped_from="Germany"), InvalidFieldError),
        (
            lambda: ShipmentRecord(
                picked_up_at=at(PLAIN, 2026, 1, 5, 9), self_delivered_at=at(PLAIN, 2026, 1, 5, 9)
            ),
            InvalidRecordError,
        ),
        (
            lambda: ShipmentRecord(
                picked_up_at=at(PLAIN, 2026, 1, 5, 9), handover_time_unknown=True
            ),
            InvalidRecordError,
        ),
        (
            lambda: ShipmentRecord(
                self_delivered_at=at(PLAIN, 2026, 1, 5, 9), handover_time_unknown=True
            ),
            InvalidRecordError,
        ),
        (lambda: ShipmentRecord(handover_time_unknown="yes"), FieldTypeError),
        (lambda: ShipmentRecord(handover_time_unknown=1), FieldTypeError),
        (
            lambda: ShipmentRecord(receipt_confirmed_at=at(PLAIN, 2026, 1, 5, 9)),
            InvalidRecordError,
        ),
        (
            lambda: ShipmentRecord(
                picked_up_at=at(PLAIN, 2026, 1, 5, 9), delivered_at=at(PLAIN, 2026, 1, 5, 8)
            ),
            InvalidRecordError,
        ),
        (
            lambda: ShipmentRecord(
                picked_up_at=at(PLAIN, 2026, 1, 5, 9),
                delivered_at=at(PLAIN, 2026, 1, 6, 9),
                receipt_confirmed_at=at(PLAIN, 2026, 1, 6, 8),
            ),
            InvalidRecordError,
        ),
    ],
)
def test_bad_values_raise_named_errors(build: object, error: type[Exception]) -> None:
    """Every impossible value is a HalfManagedError naming what was wrong."""
    with pytest.raises(error) as info:
        build()  # type: ignore[operator]
    assert isinstance(info.value, HalfManagedError)


def test_evaluate_refuses_impossible_times() -> None:
    """as_of before the order, a naive as_of, or a record from the future are errors."""
    o = order(PLAIN, *PLACED)
    with pytest.raises(InvalidFieldError, match="as_of"):
        evaluate(o, P1, as_of=at(PLAIN, 2026, 11, 23, 9, 0))
    with pytest.raises(NaiveDatetimeError):
        evaluate(o, P1, as_of=dt.datetime(2026, 11, 24, 9, 0))
    future = ShipmentRecord(picked_up_at=at(PLAIN, 2026, 11, 24, 9, 0))
    with pytest.raises(InvalidRecordError, match="picked_up_at"):
        evaluate(o, P1, future, as_of=at(PLAIN, 2026, 11, 23, 12, 0))


def test_values_are_equal_and_hashable() -> None:
    """Equal policies and deadlines compare equal; a used policy equals a fresh one."""
    a, b = ShippingPolicy(2), ShippingPolicy(2)
    compute_deadlines(order(PLAIN, *PLACED), a)
    assert a == b
    assert hash(a) == hash(b)
    d1 = compute_deadlines(order(PLAIN, *PLACED), a)
    assert d1 == compute_deadlines(order(PLAIN, *PLACED), b)
    assert Money("1.0", "EUR") == Money(Decimal("1.0"), "EUR")


def test_lateness_across_a_dst_switch_is_absolute() -> None:
    """Ship-by Friday 15:00 CEST, pickup Monday 15:00 CET: 73 real hours, one working day late."""
    pick = at(PLAIN, 2026, 10, 26, 15, 0)
    record = ShipmentRecord(picked_up_at=pick, tracking_uploaded_at=at(PLAIN, 2026, 10, 23, 9, 0))
    a = evaluate(order(PLAIN, 2026, 10, 22, 10, 0), P1, record, as_of=pick)
    (v,) = a.violations
    assert v.late_by == dt.timedelta(hours=73)
    assert v.working_days_late == 1


def test_countdown_across_a_dst_switch_is_absolute() -> None:
    """From Saturday noon to the 48 h self-delivery deadline on Sunday is 28 real hours."""
    o = order(PLAIN, 2026, 3, 27, 16, 0)  # Friday after the cutoff: ship by Tuesday 15:00
    a = evaluate(o, LITERAL, as_of=at(PLAIN, 2026, 3, 28, 12, 0))
    assert a.next_deadline is not None
    assert a.next_deadline.kind is DeadlineKind.SELF_DELIVERY  # Sunday 17:00 CEST
    assert a.next_deadline.time_left == dt.timedelta(hours=28)


def test_a_new_calendar_and_policy_per_order_share_one_bounded_cache() -> None:
    """ERPs that rebuild equal values for every order share answers; the cache stays bounded."""
    from halfmanaged import shipping  # noqa: PLC0415

    first = compute_deadlines(order(PLAIN, *PLACED), ShippingPolicy(1))
    for _ in range(300):
        cal = WorkingCalendar.without_holidays(timezone="Europe/Berlin")
        assert compute_deadlines(order(cal, *PLACED), ShippingPolicy(1)) == first
    assert len(shipping._BY_IDENTITY) <= shipping._DAY_CACHE_SIZE
    for hours in range(1, 600):  # distinct policies: the cache is cleared, never unbounded
        compute_deadlines(order(PLAIN, *PLACED), ShippingPolicy(1, tracking_grace=hours * HOUR))
    assert len(shipping._DAY_CACHE) <= shipping._DAY_CACHE_SIZE
    assert len(shipping._BY_IDENTITY) <= shipping._DAY_CACHE_SIZE


def test_the_identity_front_of_the_cache_is_checked_by_identity() -> None:
    """An entry found under an order's key but made for other objects is not used."""
    from halfmanaged import shipping  # noqa: PLC0415

    o = order(PLAIN, *PLACED)
    right = compute_deadlines(o, P1)
    wrong = compute_deadlines(order(PLAIN, 2026, 12, 7, 10, 0), P2)
    # A colliding entry: same key, another policy and tables answering for another day.
    bogus = ({PLAIN_DATE: wrong._day}, {PLAIN_DATE: wrong._day}, {})
    shipping._BY_IDENTITY[id(PLAIN) ^ id(None)] = (P2, PLAIN, None, None, bogus)
    assert compute_deadlines(o, P1) == right
    assert compute_deadlines(o, P1).ship_by == at(PLAIN, 2026, 11, 24, 15, 0)


PLAIN_DATE = D(2026, 11, 23)


_ODD_ZONES = (
    "Europe/Berlin",
    "America/New_York",
    "Asia/Kolkata",  # +05:30
    "America/St_Johns",  # -03:30 / -02:30
    "Australia/Lord_Howe",  # a 30-minute DST switch
    "Pacific/Chatham",  # +12:45 / +13:45
    "Pacific/Kiritimati",  # +14:00
    "UTC",
)


@given(
    zone=st.sampled_from(_ODD_ZONES),
    moment=st.datetimes(
        dt.datetime(2025, 1, 1), dt.datetime(2027, 12, 31), timezones=st.just(dt.UTC)
    ),
    cutoff=st.sampled_from([dt.time(15), dt.time(0, 0, 1), dt.time(2, 30), dt.time(23, 59, 59)]),
    minutes=st.integers(-120, 120),
)
def test_an_order_gets_the_same_deadlines_in_any_zone(
    zone: str, moment: dt.datetime, cutoff: dt.time, minutes: int
) -> None:
    """The same instant in UTC, a fixed offset or the warehouse's own zone: equal deadlines.

    The warehouse's own zone reads the local date directly; the others go through the per-UTC-
    day table, which must agree at every instant, DST switch days and odd offsets included.
    """
    cal = WorkingCalendar.without_holidays(timezone=zone)
    policy = ShippingPolicy(1, order_cutoff=cutoff)
    fixed = dt.timezone(dt.timedelta(minutes=minutes))
    own = compute_deadlines(Order("X", moment.astimezone(cal.tzinfo), cal), policy)
    for placed in (moment, moment.astimezone(fixed)):
        got = compute_deadlines(Order("X", placed, cal), policy)
        assert got == own
        assert got.self_delivery_by == own.self_delivery_by


@pytest.mark.parametrize(
    ("zone", "utc_times"),
    [
        # Berlin, 29 March 2026: 02:00 CET becomes 03:00 CEST at 01:00 UTC.
        ("Europe/Berlin", [(2026, 3, 29, 0, 59, 59), (2026, 3, 29, 1, 0), (2026, 3, 28, 23, 0)]),
        # Berlin, 25 October 2026: 03:00 CEST becomes 02:00 CET at 01:00 UTC.
        ("Europe/Berlin", [(2026, 10, 25, 0, 30), (2026, 10, 25, 1, 30), (2026, 10, 25, 13, 59)]),
        # The cutoff itself, 15:00 CET = 14:00 UTC, and a second before.
        ("Europe/Berlin", [(2026, 11, 25, 13, 59, 59), (2026, 11, 25, 14, 0)]),
        (
            "Asia/Kolkata",
            [(2026, 11, 25, 9, 29, 59), (2026, 11, 25, 9, 30), (2026, 11, 25, 18, 30)],
        ),
    ],
)
def test_switch_days_and_cutoffs_read_the_same_from_utc(
    zone: str, utc_times: list[tuple[int, ...]]
) -> None:
    """At a DST switch, the cutoff and local midnight, UTC orders get the local reading."""
    cal = WorkingCalendar.without_holidays(timezone=zone)
    for parts in utc_times:
        moment = dt.datetime(*parts, tzinfo=dt.UTC)  # type: ignore[misc]
        local = compute_deadlines(Order("X", moment.astimezone(cal.tzinfo), cal), P1)
        assert compute_deadlines(Order("X", moment, cal), P1) == local


def test_an_order_from_utc_at_the_berlin_cutoff_counts_for_the_next_day() -> None:
    """Wed 25 Nov 13:59:59 UTC is 14:59:59 CET: ship by Thu 15:00; 14:00 UTC: by Fri 15:00."""
    before = dt.datetime(2026, 11, 25, 13, 59, 59, tzinfo=dt.UTC)
    cutoff = dt.datetime(2026, 11, 25, 14, 0, tzinfo=dt.UTC)
    assert compute_deadlines(Order("X", before, PLAIN), P1).ship_by == at(PLAIN, 2026, 11, 26, 15)
    assert compute_deadlines(Order("X", cutoff, PLAIN), P1).ship_by == at(PLAIN, 2026, 11, 27, 15)
    # 23:00 UTC on Friday is Saturday 00:00 CET: a day off, so ship by Tuesday 15:00.
    saturday = dt.datetime(2026, 11, 27, 23, 0, tzinfo=dt.UTC)
    assert compute_deadlines(Order("X", saturday, PLAIN), P1).ship_by == at(PLAIN, 2026, 12, 1, 15)
    friday = dt.datetime(2026, 11, 27, 13, 0, tzinfo=dt.UTC)  # 14:00 CET, before the cutoff
    assert compute_deadlines(Order("X", friday, PLAIN), P1).ship_by == at(PLAIN, 2026, 11, 30, 15)


HOUR = dt.timedelta(hours=1)
DAYS = dt.timedelta(days=1)


# -- the self-delivery window starts with the handling ------------------------------------------


@pytest.mark.parametrize(
    ("code", "placed", "first_working_day"),
    [
        ("PL", (2026, 12, 24, 10, 0), D(2026, 12, 28)),  # Wigilia, then both Christmas days
        ("US", (2026, 12, 25, 9, 0), D(2026, 12, 28)),  # Christmas Day, a Friday
        ("CN", (2026, 10, 1, 10, 0), D(2026, 10, 8)),  # National Day week
    ],
)
def test_self_delivery_counts_from_the_handling_start_on_holidays(
    code: str, placed: tuple[int, ...], first_working_day: dt.date
) -> None:
    """An order placed on a holiday may be self-delivered 48 h after work on it can begin."""
    zones = {"PL": "Europe/Warsaw", "US": "America/New_York", "CN": "Asia/Shanghai"}
    cal = CALENDARS.get(code) or WorkingCalendar.for_country(code, timezone=zones[code])
    o = order(cal, *placed)
    start = dt.datetime.combine(first_working_day, dt.time(0), tzinfo=cal.tzinfo)
    d = compute_deadlines(o, ShippingPolicy(1, require_overseas_warehouse=False))
    assert d.handling_start == first_working_day
    assert d.self_delivery_by.timestamp() - start.timestamp() == 48 * 3600
    literal = compute_deadlines(o, ShippingPolicy(1, self_delivery_from="placed"))
    assert literal.self_delivery_by.timestamp() - o.placed_at.timestamp() == 48 * 3600
    # Self-delivering at noon on the first working day is on time, as a pickup would be.
    noon = dt.datetime.combine(first_working_day, dt.time(12), tzinfo=cal.tzinfo)
    record = ShipmentRecord(self_delivered_at=noon, tracking_uploaded_at=noon)
    policy = ShippingPolicy(1, require_overseas_warehouse=False)
    assert evaluate(o, policy, record, as_of=noon).violations == ()


def test_self_delivery_from_the_order_time_when_work_has_begun() -> None:
    """On a working day before the cutoff the window starts at the order itself."""
    d = compute_deadlines(order(PLAIN, *PLACED), P1)
    assert d.self_delivery_by == at(PLAIN, 2026, 11, 25, 10, 0)


def test_self_delivery_from_the_handling_start_is_absolute_time_across_dst() -> None:
    """Friday after the cutoff, Sunday worked: 00:00 CET Sunday + 48 h is Tuesday 01:00 CEST."""
    cal = WorkingCalendar.without_holidays(timezone="Europe/Berlin", weekend={5})
    d = compute_deadlines(order(cal, 2026, 3, 27, 16, 0), P1)
    assert d.handling_start == D(2026, 3, 29)
    assert d.self_delivery_by == at(cal, 2026, 3, 31, 1, 0)
    assert d.self_delivery_by.utcoffset() == dt.timedelta(hours=2)


# -- delivery overdue ----------------------------------------------------------------------------


def test_a_parcel_never_delivered_is_overdue_once_the_window_closes() -> None:
    """Window Thu 26 Nov .. Tue 1 Dec; on Fri 4 Dec at noon it is four working days overdue."""
    pick = at(PLAIN, 2026, 11, 24, 11, 0)
    record = ShipmentRecord(picked_up_at=pick, tracking_uploaded_at=pick)
    o = order(PLAIN, *PLACED)
    a = evaluate(o, P1, record, as_of=at(PLAIN, 2026, 12, 4, 12, 0))
    (v,) = a.violations
    assert v.code is RuleCode.DELIVERY_OVERDUE
    assert v.deadline == at(PLAIN, 2026, 12, 2, 0, 0)
    assert v.working_days_late == 3  # Wed 2, Thu 3, Fri 4 December
    assert a.status is Status.BREACHED
    assert a.next_deadline is None
    assert "4 working days" not in v.message()
    assert "3 working days" in v.message()
    # Until the window closes: on track, then at risk on its last working day.
    monday = evaluate(o, P1, record, as_of=at(PLAIN, 2026, 11, 30, 23, 0))
    assert monday.status is Status.ON_TRACK
    assert monday.next_deadline is not None
    assert monday.next_deadline.kind is DeadlineKind.DELIVERY
    assert monday.next_deadline.due == at(PLAIN, 2026, 12, 2, 0, 0)
    last_day = evaluate(o, P1, record, as_of=at(PLAIN, 2026, 12, 1, 0, 0))
    assert last_day.status is Status.AT_RISK
    assert not evaluate(o, P1, record, as_of=at(PLAIN, 2026, 12, 1, 23, 59)).violations


def test_delivery_overdue_counts_on_the_destination_calendar() -> None:
    """Shipped from Germany to Poland on 23 Dec: the window ends 4 Jan; 6 Jan is a holiday."""
    de, pl = CALENDARS["DE"], CALENDARS["PL"]
    o = order(de, 2026, 12, 21, 10, 0, destination=pl)
    pick = at(de, 2026, 12, 22, 10, 0)
    record = ShipmentRecord(picked_up_at=pick, tracking_uploaded_at=pick)
    a = evaluate(o, P2, record, as_of=dt.datetime(2027, 1, 7, 12, 0, tzinfo=pl.tzinfo))
    (v,) = a.violations
    assert v.code is RuleCode.DELIVERY_OVERDUE
    assert v.deadline == dt.datetime(2027, 1, 5, 0, 0, tzinfo=pl.tzinfo)
    assert v.working_days_late == 2  # 5 and 7 January; Epiphany is a Polish holiday


def test_not_overseas_describes_the_warehouse_and_claims_no_parcel() -> None:
    """A CN warehouse with nothing handed over: the message names the warehouse country."""
    cn = WorkingCalendar.for_country("CN", timezone="Asia/Shanghai")
    a = evaluate(order(cn, 2026, 11, 23, 10, 0), P1, as_of=at(cn, 2026, 11, 23, 11, 0))
    (v,) = a.violations
    assert v.value == "CN"
    for text in (v.message(), v.message("zh-CN")):
        assert "CN" in text
        assert "left" not in text
        assert "发出" not in text


# -- values cross process boundaries -------------------------------------------------------------


def test_policies_and_assessments_pickle_and_copy_to_equal_values() -> None:
    """A policy with every kind of field, and an assessment, survive pickle and deepcopy."""
    import copy  # noqa: PLC0415
    import pickle  # noqa: PLC0415

    policy = ShippingPolicy(
        2,
        transit_by_region={"FR": TransitTime(1, 3)},
        routes=[RouteRule("dhl", origins={"DE"})],
        penalties=SCHEDULE,
    )
    o = order(PLAIN, *PLACED, region="FR", value=Money("10.00", "EUR"))
    a = evaluate(o, policy, as_of=at(PLAIN, 2026, 12, 1, 12, 0))
    for value in (policy, a, compute_deadlines(o, policy), o):
        for clone in (pickle.loads(pickle.dumps(value)), copy.deepcopy(value)):
            assert clone == value
            assert hash(clone) == hash(value) or isinstance(value, type(a))
    clone = pickle.loads(pickle.dumps(a))
    assert clone.status is a.status
    assert [v.message() for v in clone.violations] == [v.message() for v in a.violations]
    assert clone.policy.transit_by_region["FR"] == TransitTime(1, 3)


def test_countries_are_canonical_everywhere() -> None:
    """UK is GB and case is forgiven in every country field; equal places give equal values."""
    assert ShippingPolicy(1, home_country="uk") == ShippingPolicy(1, home_country="GB")
    assert RouteRule("dhl", origins={"uk"}, destinations={"uk"}) == RouteRule(
        "dhl", origins={"GB"}, destinations={"GB"}
    )
    assert ShipmentRecord(shipped_from=" de ").shipped_from == "DE"
    assert order(PLAIN, *PLACED, region="uk").region == "GB"
    assert order(PLAIN, *PLACED, region="EU-West").region == "EU-West"
    policy = ShippingPolicy(1, transit_by_region={"uk": TransitTime(1, 1)})
    assert policy.transit_for("GB") == TransitTime(1, 1)


def test_fines_stay_exact_at_the_largest_amounts() -> None:
    """The largest amount and percentage allowed give an exact fine, never a Decimal error."""
    schedule = PenaltySchedule([PenaltyTier(1, percent="100")])
    top = Money(Decimal("999999999999999.999999"), "EUR")
    assert schedule.fine(top, working_days_late=1) == top
    with pytest.raises(InvalidFieldError, match="amount"):
        schedule.fine(Money(10**30, "EUR"), working_days_late=1)


END = dt.datetime.max.replace(tzinfo=dt.timezone(dt.timedelta(hours=-14)))
START = dt.datetime.min.replace(tzinfo=dt.timezone(dt.timedelta(hours=14)))


@pytest.mark.parametrize("moment", [END, START], ids=["max-14h", "min+14h"])
def test_times_at_the_ends_of_datetime_are_out_of_range(moment: dt.datetime) -> None:
    """Every entry point that takes a time answers DateOutOfRangeError, never OverflowError."""
    o = Order("A1", moment, PLAIN)
    with pytest.raises(DateOutOfRangeError):
        compute_deadlines(o, P1)
    with pytest.raises(DateOutOfRangeError):
        evaluate(o, P1, as_of=moment)
    normal = order(PLAIN, *PLACED)
    record = ShipmentRecord(picked_up_at=moment, tracking_uploaded_at=moment)
    with pytest.raises((DateOutOfRangeError, InvalidFieldError)):
        evaluate(normal, P1, record, as_of=moment)
    with pytest.raises(DateOutOfRangeError):
        evaluate(normal, P1, as_of=moment)


# -- holds stop the clock ------------------------------------------------------------------------


def _hold(cal: WorkingCalendar, start: tuple[int, ...], end: tuple[int, ...] | None) -> Hold:
    return Hold(HoldReason.CANCEL_REQUEST, at(cal, *start), None if end is None else at(cal, *end))


def test_risk_control_past_the_cutoff_moves_the_handling_start() -> None:
    """Paid 09:05, risk control until 16:00: the clock starts after the cutoff, on Tuesday."""
    risk = Hold(
        HoldReason.RISK_CONTROL, at(PLAIN, 2026, 11, 23, 9, 5), at(PLAIN, 2026, 11, 23, 16)
    )
    o = order(PLAIN, 2026, 11, 23, 9, 0, paid_at=at(PLAIN, 2026, 11, 23, 9, 5), holds=[risk])
    d = compute_deadlines(o, P1)
    assert d.handling_start == D(2026, 11, 24)
    assert d.ship_by == at(PLAIN, 2026, 11, 25, 15, 0)
    short = attrs.evolve(risk, end=at(PLAIN, 2026, 11, 23, 14, 0))
    assert compute_deadlines(attrs.evolve(o, holds=[short]), P1).ship_by == at(
        PLAIN, 2026, 11, 24, 15, 0
    )


def test_a_hold_over_a_weekend_counts_the_working_days_it_touched() -> None:
    """Fri 11:00 to Mon 10:00 touches Friday and Monday: ship-by moves two working days."""
    hold = _hold(PLAIN, (2026, 11, 27, 11, 0), (2026, 11, 30, 10, 0))
    o = order(PLAIN, 2026, 11, 26, 10, 0, holds=[hold])
    d = compute_deadlines(o, P1)
    assert d.ship_by == at(PLAIN, 2026, 12, 1, 15, 0)  # Tuesday instead of Friday
    assert d.tracking_by == d.ship_by
    # Self-delivery (Sat 10:00) stops for the 71 hours of the hold: Tuesday 09:00.
    assert d.self_delivery_by == at(PLAIN, 2026, 12, 1, 9, 0)
    assert (d.delivery_earliest, d.delivery_latest) == (D(2026, 12, 3), D(2026, 12, 8))
    pickup = at(PLAIN, 2026, 11, 30, 16, 0)  # late without the hold, on time with it
    record = ShipmentRecord(picked_up_at=pickup, tracking_uploaded_at=pickup)
    assert evaluate(o, P1, record, as_of=pickup).violations == ()
    assert evaluate(attrs.evolve(o, holds=()), P1, record, as_of=pickup).codes == {
        RuleCode.LATE_PICKUP,
        RuleCode.TRACKING_NOT_UPLOADED,
    }


def test_a_hold_over_christmas_skips_the_holidays_it_covered() -> None:
    """Bavaria: Wed 23 to Sun 27 Dec covers two working days (23, 24); 25 and 26 are off."""
    de = CALENDARS["DE"]
    hold = _hold(de, (2026, 12, 23, 9, 0), (2026, 12, 27, 12, 0))
    d = compute_deadlines(order(de, 2026, 12, 22, 10, 0, holds=[hold]), P1)
    assert d.ship_by == at(de, 2026, 12, 28, 15, 0)  # 22 + 3 working days: 23, 24, 28


def test_holds_sharing_a_day_count_it_once_and_late_holds_extend_nothing() -> None:
    """Two holds on one Friday add one day; a hold after ship-by has passed adds none."""
    morning = _hold(PLAIN, (2026, 11, 27, 9, 0), (2026, 11, 27, 10, 0))
    noon = _hold(PLAIN, (2026, 11, 27, 12, 0), (2026, 11, 27, 13, 0))
    d = compute_deadlines(order(PLAIN, 2026, 11, 26, 10, 0, holds=[noon, morning]), P1)
    assert d.ship_by == at(PLAIN, 2026, 11, 30, 15, 0)
    after = _hold(PLAIN, (2026, 11, 27, 16, 0), (2026, 11, 30, 10, 0))
    d = compute_deadlines(order(PLAIN, 2026, 11, 26, 10, 0, holds=[after]), P1)
    assert d.ship_by == at(PLAIN, 2026, 11, 27, 15, 0)


def test_an_open_hold_lets_no_later_deadline_be_broken() -> None:
    """While a cancellation request is open, nothing due after it began is a violation."""
    o = order(PLAIN, 2026, 11, 26, 10, 0, holds=[_hold(PLAIN, (2026, 11, 27, 11, 0), None)])
    a = evaluate(o, P1, as_of=at(PLAIN, 2026, 12, 7, 12, 0))
    assert a.violations == ()
    assert a.status is Status.ON_TRACK
    assert a.next_deadline is None
    assert a.deadlines.suspended_since == at(PLAIN, 2026, 11, 27, 11, 0)
    # Opened after ship-by (Fri 15:00): the missed tracking upload stands; the handover
    # (due by the 48 h deadline, Sat 10:00) is suspended.
    late = order(PLAIN, 2026, 11, 26, 10, 0, holds=[_hold(PLAIN, (2026, 11, 27, 16, 0), None)])
    assert evaluate(late, P1, as_of=at(PLAIN, 2026, 12, 7, 12, 0)).codes == {
        RuleCode.TRACKING_NOT_UPLOADED
    }


def test_holds_refuse_impossible_times() -> None:
    """A hold ending before it starts, or not yet known at as_of, is an error."""
    with pytest.raises(InvalidFieldError, match="end"):
        _hold(PLAIN, (2026, 11, 27, 11, 0), (2026, 11, 27, 10, 0))
    with pytest.raises(InvalidFieldError, match="reason"):
        Hold("nap", at(PLAIN, 2026, 11, 27, 11, 0))  # type: ignore[arg-type]
    o = order(PLAIN, 2026, 11, 26, 10, 0, holds=[_hold(PLAIN, (2026, 11, 27, 11, 0), None)])
    with pytest.raises(InvalidRecordError, match="holds"):
        evaluate(o, P1, as_of=at(PLAIN, 2026, 11, 27, 10, 0))


# -- the clock's start ---------------------------------------------------------------------------


def test_the_clock_starts_at_payment_unless_the_policy_says_otherwise() -> None:
    """Placed 14:00, paid 15:30, risk cleared Tue 16:00: three readings, three ship-by days."""
    o = order(
        PLAIN,
        2026, 11, 23, 14, 0,
        paid_at=at(PLAIN, 2026, 11, 23, 15, 30),
        risk_cleared_at=at(PLAIN, 2026, 11, 24, 16, 0),
    )  # fmt: skip
    assert compute_deadlines(o, P1).ship_by == at(PLAIN, 2026, 11, 25, 15, 0)
    creation = ShippingPolicy(1, clock_start=ClockStart.CREATION)
    assert compute_deadlines(o, creation).ship_by == at(PLAIN, 2026, 11, 24, 15, 0)
    cleared = ShippingPolicy(1, clock_start="risk_cleared")
    assert compute_deadlines(o, cleared).ship_by == at(PLAIN, 2026, 11, 26, 15, 0)
    unpaid = attrs.evolve(o, paid_at=None, risk_cleared_at=None)
    assert compute_deadlines(unpaid, cleared).ship_by == at(PLAIN, 2026, 11, 24, 15, 0)
    with pytest.raises(InvalidFieldError, match="paid_at"):
        attrs.evolve(o, paid_at=at(PLAIN, 2026, 11, 23, 13, 0))


# -- the platform's own deadline -----------------------------------------------------------------

LA = zoneinfo.ZoneInfo("America/Los_Angeles")


def test_compare_deadlines_says_which_comes_first_and_by_how_much() -> None:
    """Computed Tue 15:00 CET; the platform's 08:00 Los Angeles is 17:00 CET: two hours later."""
    d = compute_deadlines(order(PLAIN, *PLACED), P1)
    later = PlatformDeadline(dt.datetime(2026, 11, 24, 8, 0, tzinfo=LA), "over_time_left")
    drift = compare_deadlines(d, later)
    assert drift.difference == dt.timedelta(hours=2)
    assert drift.earlier is EarlierDeadline.COMPUTED
    assert drift.computed == at(PLAIN, 2026, 11, 24, 15, 0)
    same = PlatformDeadline(at(PLAIN, 2026, 11, 24, 15, 0), DeadlineSource.LEFT_SEND_GOOD)
    assert compare_deadlines(d, same).earlier is EarlierDeadline.SAME
    with pytest.raises(FieldTypeError, match="platform"):
        compare_deadlines(d, at(PLAIN, 2026, 11, 24, 15, 0))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("judge_by", "platform", "ship_by"),
    [
        ("computed", (2026, 11, 24, 17, 0), (2026, 11, 24, 15, 0)),
        ("platform", (2026, 11, 24, 17, 0), (2026, 11, 24, 17, 0)),
        ("earlier", (2026, 11, 24, 17, 0), (2026, 11, 24, 15, 0)),
        ("earlier", (2026, 11, 24, 12, 0), (2026, 11, 24, 12, 0)),
        ("platform", (2026, 11, 25, 10, 0), (2026, 11, 25, 10, 0)),
    ],
)
def test_judge_by_chooses_the_ship_by(
    judge_by: str, platform: tuple[int, ...], ship_by: tuple[int, ...]
) -> None:
    """The judged ship-by sets pickup and tracking deadlines; the computed one is kept."""
    due = PlatformDeadline(at(PLAIN, *platform), DeadlineSource.TIMEOUT_LEFT_TIME)
    o = order(PLAIN, *PLACED, platform_deadline=due)
    policy = ShippingPolicy(1, judge_by=judge_by)
    d = compute_deadlines(o, policy)
    assert d.ship_by == at(PLAIN, *ship_by)
    assert d.tracking_by == at(PLAIN, *ship_by)
    assert d.computed_ship_by == at(PLAIN, 2026, 11, 24, 15, 0)
    pickup = at(PLAIN, 2026, 11, 24, 16, 0)
    record = ShipmentRecord(picked_up_at=pickup, tracking_uploaded_at=pickup)
    a = evaluate(o, policy, record, as_of=pickup)
    assert (RuleCode.LATE_PICKUP in a.codes) == (d.ship_by < pickup)
    assert a.drift == compare_deadlines(d, due)


def test_the_delivery_window_follows_the_judged_ship_by() -> None:
    """Judged by a platform ship-by on Wednesday: delivered Friday to next Wednesday."""
    due = PlatformDeadline(at(PLAIN, 2026, 11, 25, 10, 0), "over_time_left")
    o = order(PLAIN, *PLACED, platform_deadline=due)
    d = compute_deadlines(o, ShippingPolicy(1, judge_by=JudgeBy.PLATFORM))
    assert (d.delivery_earliest, d.delivery_latest) == (D(2026, 11, 27), D(2026, 12, 2))
    assert compute_deadlines(o, P1).delivery_earliest == D(2026, 11, 26)


# -- split shipments -----------------------------------------------------------------------------


def _parcel(pick: tuple[int, ...] | None, **kw: object) -> ShipmentRecord:
    t = None if pick is None else at(PLAIN, *pick)
    return ShipmentRecord(picked_up_at=t, tracking_uploaded_at=t, **kw)  # type: ignore[arg-type]


def test_a_split_shipment_is_late_when_its_last_parcel_is() -> None:
    """One parcel on time, one late: the order is late, and only the second parcel is."""
    on_time, late = _parcel((2026, 11, 24, 11, 0)), _parcel((2026, 11, 24, 16, 0))
    a = evaluate(order(PLAIN, *PLACED), P1, [on_time, late], as_of=at(PLAIN, 2026, 11, 25, 9))
    assert a.codes == {RuleCode.LATE_PICKUP, RuleCode.TRACKING_NOT_UPLOADED}
    assert [p.codes for p in a.parcels] == [
        frozenset(),
        {RuleCode.LATE_PICKUP, RuleCode.TRACKING_NOT_UPLOADED},
    ]
    assert a.record.picked_up_at == at(PLAIN, 2026, 11, 24, 16, 0)


def test_a_parcel_not_handed_over_keeps_the_order_unshipped() -> None:
    """After the last handover deadline one parcel still waits: the order is not shipped."""
    a = evaluate(
        order(PLAIN, *PLACED),
        P1,
        (_parcel((2026, 11, 24, 11, 0)), _parcel(None)),
        as_of=at(PLAIN, 2026, 11, 25, 12, 0),
    )
    assert a.codes == {RuleCode.NOT_SHIPPED, RuleCode.TRACKING_NOT_UPLOADED}
    assert a.parcels[0].violations == ()
    assert a.parcels[1].codes == {RuleCode.NOT_SHIPPED, RuleCode.TRACKING_NOT_UPLOADED}


def test_a_split_shipment_is_delivered_when_every_parcel_is() -> None:
    """One parcel received, one not: not fulfilled; the origin of any parcel counts once."""
    first = _parcel((2026, 11, 24, 11, 0), delivered_at=at(PLAIN, 2026, 11, 27, 9, 0))
    second = _parcel((2026, 11, 24, 12, 0), shipped_from="CN")
    o = order(PLAIN, *PLACED)
    a = evaluate(o, P1, [first, second, second], as_of=at(PLAIN, 2026, 11, 27, 10, 0))
    assert a.record.delivered_at is None
    assert a.codes == {RuleCode.NOT_FROM_OVERSEAS_WAREHOUSE}
    assert len(a.violations) == 1
    single = evaluate(o, P1, first, as_of=at(PLAIN, 2026, 11, 27, 10, 0))
    assert single.parcels == ()
    assert single.status is Status.FULFILLED
    assert evaluate(o, P1, [], as_of=at(PLAIN, 2026, 11, 23, 11)).parcels == ()


@pytest.mark.parametrize("bad", ["abc", [ShipmentRecord(), 5], {ShipmentRecord()}])
def test_records_must_be_records(bad: object) -> None:
    """Anything but a record, a list or tuple of records, or None is refused by name."""
    with pytest.raises(FieldTypeError, match="record"):
        evaluate(order(PLAIN, *PLACED), P1, bad, as_of=at(PLAIN, 2026, 11, 23, 11))  # type: ignore[arg-type]


def test_new_values_pickle_and_copy() -> None:
    """Holds, platform deadlines, drifts and split assessments cross process boundaries."""
    import copy  # noqa: PLC0415
    import pickle  # noqa: PLC0415

    due = PlatformDeadline(at(PLAIN, 2026, 11, 24, 17, 0), "over_time_left")
    hold = _hold(PLAIN, (2026, 11, 23, 11, 0), (2026, 11, 23, 12, 0))
    o = order(PLAIN, *PLACED, platform_deadline=due, holds=[hold])
    a = evaluate(o, P1, [_parcel((2026, 11, 24, 11, 0))], as_of=at(PLAIN, 2026, 11, 24, 12))
    for value in (due, hold, o, a, a.drift, a.parcels[0]):
        assert pickle.loads(pickle.dumps(value)) == value
        assert copy.deepcopy(value) == value


# -- a handover at an unknown time (docs/rules.md#reading-handover) --------------------------
# PLACED, promise 1, no holidays: ship by Tue 24 Nov 15:00, self-delivery by Wed 25 Nov 10:00
# (48 h from Monday 10:00), tracking by Tue 15:00, delivery window Thu 26 Nov - Tue 1 Dec,
# closing Wed 2 Dec 00:00 (all Berlin time).

_HANDOVER_CODES = {
    RuleCode.LATE_PICKUP,
    RuleCode.LATE_SELF_DELIVERY,
    RuleCode.NOT_SHIPPED,
    RuleCode.HANDOVER_BEFORE_ORDER,
}


def test_a_delivery_without_a_handover_time_is_a_handover_at_an_unknown_time() -> None:
    """Delivered, no pickup scan: the record is valid, says so, and equals the explicit form."""
    got = at(PLAIN, 2026, 11, 27, 9, 0)
    record = ShipmentRecord(delivered_at=got)
    assert record.handover_time_unknown is True
    assert record.handed_over is True
    assert record.handed_over_at is None
    assert record == ShipmentRecord(delivered_at=got, handover_time_unknown=True)
    assert hash(record) == hash(ShipmentRecord(delivered_at=got, handover_time_unknown=True))
    assert ShipmentRecord().handed_over is False
    assert ShipmentRecord(picked_up_at=got).handover_time_unknown is False


def test_a_platform_delivered_order_is_fulfilled_not_unshipped() -> None:
    """Declared Tue 12:00 and received Fri: nothing is late, the order is fulfilled."""
    record = ShipmentRecord(
        tracking_uploaded_at=at(PLAIN, 2026, 11, 24, 12, 0),
        delivered_at=at(PLAIN, 2026, 11, 27, 9, 0),
    )
    a = evaluate(order(PLAIN, *PLACED), P1, record, as_of=at(PLAIN, 2026, 11, 28, 12, 0))
    assert a.violations == ()
    assert a.status is Status.FULFILLED
    assert a.handover_time_unknown is True
    assert a.next_deadline is None


def test_declared_shipped_is_never_not_shipped() -> None:
    """Declared Tue 12:00, asked Thu 12:00 (after both handover deadlines): on track.

    The same record without the flag is not shipped: the flag is what changes the answer.
    """
    declared = at(PLAIN, 2026, 11, 24, 12, 0)
    thursday = at(PLAIN, 2026, 11, 26, 12, 0)
    o = order(PLAIN, *PLACED)
    shipped = ShipmentRecord(tracking_uploaded_at=declared, handover_time_unknown=True)
    a = evaluate(o, P1, shipped, as_of=thursday)
    assert a.violations == ()
    assert a.status is Status.ON_TRACK
    # Nothing counts down to a handover; the delivery window (closing Wed 2 Dec 00:00) does.
    assert a.next_deadline is not None
    assert a.next_deadline.kind is DeadlineKind.DELIVERY
    assert a.next_deadline.due == at(PLAIN, 2026, 12, 2, 0, 0)
    assert a.next_deadline.time_left == dt.timedelta(days=5, hours=12)
    assert a.progress.current is FulfilmentStep.IN_TRANSIT
    unflagged = evaluate(o, P1, ShipmentRecord(tracking_uploaded_at=declared), as_of=thursday)
    assert unflagged.codes == {RuleCode.NOT_SHIPPED}


def test_an_unknown_handover_time_still_judges_tracking_and_delivery() -> None:
    """Declared Wed 09:00 and received Mon 7 Dec 10:00: late tracking (1 working day) and
    late delivery (Wed 2, Thu 3, Fri 4, Mon 7: 4 working days), no handover claim."""
    record = ShipmentRecord(
        tracking_uploaded_at=at(PLAIN, 2026, 11, 25, 9, 0),
        delivered_at=at(PLAIN, 2026, 12, 7, 10, 0),
    )
    a = evaluate(order(PLAIN, *PLACED), P1, record, as_of=at(PLAIN, 2026, 12, 7, 12, 0))
    late = {v.code: v for v in a.violations}
    assert set(late) == {RuleCode.TRACKING_NOT_UPLOADED, RuleCode.DELIVERED_LATE}
    assert late[RuleCode.TRACKING_NOT_UPLOADED].late_by == dt.timedelta(hours=18)
    assert late[RuleCode.TRACKING_NOT_UPLOADED].working_days_late == 1
    assert late[RuleCode.DELIVERED_LATE].deadline == at(PLAIN, 2026, 12, 2, 0, 0)
    assert late[RuleCode.DELIVERED_LATE].working_days_late == 4


def test_an_unknown_handover_time_still_judges_overdue_mode_and_origin() -> None:
    """Declared on time, never delivered, asked Thu 3 Dec 12:00: overdue by 2 working days
    (Wed 2, Thu 3); a consignment mode and a home-country origin are still facts."""
    record = ShipmentRecord(
        tracking_uploaded_at=at(PLAIN, 2026, 11, 24, 12, 0),
        handover_time_unknown=True,
        mode="consignment",
        shipped_from="CN",
    )
    a = evaluate(order(PLAIN, *PLACED), P1, record, as_of=at(PLAIN, 2026, 12, 3, 12, 0))
    assert a.codes == {
        RuleCode.DELIVERY_OVERDUE,
        RuleCode.MODE_NOT_ALLOWED,
        RuleCode.NOT_FROM_OVERSEAS_WAREHOUSE,
    }
    (overdue,) = (v for v in a.violations if v.code is RuleCode.DELIVERY_OVERDUE)
    assert overdue.working_days_late == 2


def test_an_unknown_handover_fines_only_the_known_lateness() -> None:
    """Tracking 1 working day late and nothing else known: the 1-day tier (5 %) applies."""
    schedule = PenaltySchedule([PenaltyTier(1, percent="5"), PenaltyTier(3, percent="10")])
    policy = ShippingPolicy(1, penalties=schedule)
    record = ShipmentRecord(
        tracking_uploaded_at=at(PLAIN, 2026, 11, 25, 9, 0), handover_time_unknown=True
    )
    o = order(PLAIN, *PLACED, value=Money("80.00", "EUR"))
    a = evaluate(o, policy, record, as_of=at(PLAIN, 2026, 11, 30, 9, 0))
    assert a.codes == {RuleCode.TRACKING_NOT_UPLOADED}
    assert a.fine == Money("4.00", "EUR")


def test_a_declared_record_without_tracking_is_due_its_upload() -> None:
    """Handed over at an unknown time, no tracking yet: the upload is the next step and due."""
    record = ShipmentRecord(handover_time_unknown=True)
    a = evaluate(order(PLAIN, *PLACED), P1, record, as_of=at(PLAIN, 2026, 11, 24, 12, 0))
    assert a.progress.current is FulfilmentStep.UPLOAD_TRACKING
    assert a.next_deadline is not None
    assert a.next_deadline.kind is DeadlineKind.TRACKING_UPLOAD
    assert a.status is Status.AT_RISK  # 3 hours before Tue 15:00, within the 4-hour window


def test_a_split_shipment_with_an_untimed_parcel_is_handed_over_at_an_unknown_time() -> None:
    """Parcels picked up on time and delivered untimed: the whole's handover time is unknown.

    A parcel not handed over at all still leaves the order not shipped.
    """
    o = order(PLAIN, *PLACED)
    timed = _parcel((2026, 11, 24, 11, 0))
    untimed = ShipmentRecord(
        tracking_uploaded_at=at(PLAIN, 2026, 11, 24, 12, 0),
        delivered_at=at(PLAIN, 2026, 11, 27, 9, 0),
    )
    a = evaluate(o, P1, [timed, untimed], as_of=at(PLAIN, 2026, 11, 27, 10, 0))
    assert a.handover_time_unknown is True
    assert a.record.picked_up_at is None
    assert a.violations == ()
    assert [p.violations for p in a.parcels] == [(), ()]
    waiting = evaluate(o, P1, [untimed, _parcel(None)], as_of=at(PLAIN, 2026, 11, 27, 10, 0))
    assert waiting.handover_time_unknown is False
    assert waiting.codes == {RuleCode.NOT_SHIPPED, RuleCode.TRACKING_NOT_UPLOADED}


@given(
    cal=calendars(),
    placed=aware_datetimes(),
    handover=_hours,
    self_delivered=st.booleans(),
    upload=st.none() | _hours,
    transit=st.none() | _hours,
    wait=_hours,
)
def test_an_unknown_handover_time_drops_exactly_the_handover_rule(
    cal: WorkingCalendar,
    placed: dt.datetime,
    handover: dt.timedelta,
    self_delivered: bool,
    upload: dt.timedelta | None,
    transit: dt.timedelta | None,
    wait: dt.timedelta,
) -> None:
    """Forgetting when a parcel was handed over removes the handover rule's findings, no more.

    Every other rule judges the same record with its handover time as without it.
    """
    base = placed.astimezone(dt.UTC)
    handed = base + handover
    common = {
        "tracking_uploaded_at": None if upload is None else base + upload,
        "delivered_at": None if transit is None else handed + transit,
    }
    timed = ShipmentRecord(
        picked_up_at=None if self_delivered else handed,
        self_delivered_at=handed if self_delivered else None,
        **common,  # type: ignore[arg-type]
    )
    untimed = ShipmentRecord(handover_time_unknown=True, **common)  # type: ignore[arg-type]
    as_of = max(t for t in (handed, *common.values()) if t is not None) + wait
    o = Order("X", placed, cal)
    known = evaluate(o, ShippingPolicy(1), timed, as_of=as_of)
    unknown = evaluate(o, ShippingPolicy(1), untimed, as_of=as_of)
    assert unknown.violations == tuple(
        v for v in known.violations if v.code not in _HANDOVER_CODES
    )
    assert unknown.handover_time_unknown
    assert not known.handover_time_unknown


# -- facts: one word for structured details across results ----------------------------------


def test_violation_facts_are_the_set_details_as_text() -> None:
    """A late pickup's facts: deadline and actual in UTC, late_by exact, working days."""
    pickup = at(PLAIN, 2026, 11, 26, 9, 30)  # Thursday 09:30 CET; ship-by Tue 24 Nov 15:00
    record = ShipmentRecord(picked_up_at=pickup, tracking_uploaded_at=pickup)
    a = evaluate(order(PLAIN, *PLACED), P1, record, as_of=pickup)
    (late,) = (v for v in a.violations if v.code is RuleCode.LATE_PICKUP)
    assert late.facts == (
        ("deadline", "2026-11-24T14:00:00+00:00"),
        ("actual", "2026-11-26T08:30:00+00:00"),
        ("late_by", "PT153000S"),  # 1 day 18 h 30 min = 42.5 h
        ("working_days_late", "2"),  # Wednesday and Thursday
    )
    assert dict(late.facts).keys() <= {"deadline", "actual", "late_by", "working_days_late"}


def test_violation_facts_hold_only_what_is_set() -> None:
    """A fact without a deadline has only its value; nothing set, no facts; fractions exact."""
    assert Violation(RuleCode.ROUTE_NOT_ALLOWED, value="ups / DE").facts == (
        ("value", "ups / DE"),
    )
    assert Violation(RuleCode.HANDOVER_BEFORE_ORDER).facts == ()
    half = Violation(RuleCode.NOT_SHIPPED, late_by=dt.timedelta(seconds=1, microseconds=500000))
    assert half.facts == (("late_by", "PT1.5S"),)
    with pytest.raises(AttributeError):
        half.facts = ()  # type: ignore[misc]
