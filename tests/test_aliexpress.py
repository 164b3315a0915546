"""Tests of halfmanaged.aliexpress: envelopes, field names, time zones, stages, parcels, holds.

Every expected instant is worked out by hand from the wall time and the zone's offset on that
day (PST is UTC-8, PDT UTC-7; in 2026 DST runs from 8 March 02:00 to 1 November 02:00), never
copied from the adapter's output.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import pickle
import zoneinfo
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import halfmanaged as hm
from halfmanaged import _aliexpress_values, aliexpress
from halfmanaged.aliexpress import (
    STAGES,
    OrderStage,
    ProblemCode,
    ReceiveStatus,
    Span,
    apply_status_changes,
    read_order,
    read_orders,
    read_status_message,
)
from halfmanaged.errors import FieldTypeError, HalfManagedError, OrderPayloadError

FIXTURES = Path(__file__).parent / "fixtures" / "aliexpress"
LA = zoneinfo.ZoneInfo("America/Los_Angeles")
UTC = dt.UTC


def load(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def utc(
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0
) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, second, tzinfo=UTC)


# -- envelopes and shapes --------------------------------------------------------------------


def test_list_page_reads_every_order_with_the_envelope_time_stamp() -> None:
    """A list response gives every order, the page count and the GMT+8 response time."""
    page = read_orders(load("order_list_page.json"))
    assert [o.order_id for o in page.orders] == [
        "8100000000000301",
        "8100000000000302",
        "8100000000000303",
    ]
    assert page.problems == ()
    assert page.total_count == 3
    assert page.response_time == utc(2026, 5, 5, 1, 0, 0)  # 09:00 GMT+8
    assert page.response_time.utcoffset() == dt.timedelta(hours=8)


def test_list_page_countdown_runs_from_the_response_time() -> None:
    """timeout_left_time is milliseconds from the response; negative means overdue."""
    running, overdue, finished = read_orders(load("order_list_page.json")).orders
    assert running.status_expires_at == utc(2026, 5, 7, 1, 0, 0)
    assert running.expiry_source == "timeout_left_time"
    assert running.paid_at == utc(2026, 5, 3, 17, 16, 30)  # 10:16:30 PDT
    assert overdue.status_expires_at == utc(2026, 5, 4, 23, 0, 0)  # two hours before
    assert overdue.status_expires_at < overdue.response_time  # type: ignore[operator]
    assert finished.stage is OrderStage.FINISHED
    assert finished.end_reason == "buyer_accept_goods"
    assert finished.status_expires_at is None


def test_split_countdown_is_read_when_no_milliseconds_are_given() -> None:
    """left_send_good_day/_hour/_min add up to one countdown from the response time."""
    order = read_order(
        {
            "order_id": 1,
            "order_status": "WAIT_SELLER_SEND_GOODS",
            "gmt_create": "2026-05-03 10:15:00",
            "left_send_good_day": "1",
            "left_send_good_hour": "2",
            "left_send_good_min": "30",
        },
        response_time=utc(2026, 5, 5, 1, 0),
    )
    assert order.status_expires_at == utc(2026, 5, 6, 3, 30)
    assert order.expiry_source == "left_send_good"


def test_countdown_without_a_response_time_is_not_read() -> None:
    """Milliseconds left mean nothing without the moment they were counted from."""
    order = read_order(
        {
            "order_id": 1,
            "order_status": "WAIT_SELLER_SEND_GOODS",
            "gmt_create": "2026-05-03 10:15:00",
            "timeout_left_time": 1000,
        }
    )
    assert order.status_expires_at is None
    assert order.response_time is None


def test_explicit_response_time_overrides_the_envelope() -> None:
    """The caller's response time wins over the envelope's time_stamp."""
    given_time = utc(2026, 5, 5, 2, 0)
    page = read_orders(load("order_list_page.json"), response_time=given_time)
    assert page.response_time == given_time
    assert page.orders[0].status_expires_at == utc(2026, 5, 7, 2, 0)


def test_naive_response_time_is_refused() -> None:
    """A naive response time is an error, never guessed."""
    with pytest.raises(hm.HalfManagedError):
        read_orders({}, response_time=dt.datetime(2026, 5, 5, 2, 0))


def test_detail_with_two_parcels_one_received() -> None:
    """Each parcel keeps its service, tracking number, declaration, receipt and status."""
    order = read_order(load("order_detail_two_parcels.json"))
    assert order.order_id == "8100000000000102"
    assert order.stage is OrderStage.AWAITING_RECEIPT
    assert order.created_at == utc(2026, 2, 24, 23, 0, 51)
    assert order.modified_at == utc(2026, 2, 28, 7, 15, 30)
    assert order.status_expires_at == utc(2026, 5, 28, 7, 15, 30)  # 00:15:30 PDT
    assert order.response_time == utc(2026, 3, 20, 14, 0, 35)
    first, second = order.parcels
    assert first.tracking_number == "LX000000011FR"
    assert first.service == "CAINIAO_STANDARD"
    assert first.declared_at == utc(2026, 2, 26, 2, 40, 2)
    assert first.received_at == utc(2026, 3, 20, 1, 3, 0)  # after the March switch: PDT
    assert first.receive_status is ReceiveStatus.RECEIVED
    assert second.received_at is None
    assert second.receive_status is ReceiveStatus.NOT_RECEIVED
    assert second.receive_note == "in transit"
    assert order.country == "FR"
    assert order.amount == hm.Money("170.54", "USD")
    assert order.end_reason is None
    assert order.ships_from == "Spain"
    assert order.problems == ()


def test_expiry_and_modification_are_whole_days_apart_across_the_switch() -> None:
    """Read as Los Angeles time, 89 days of countdown cross the March switch exactly."""
    order = read_order(load("order_detail_two_parcels.json"))
    assert order.status_expires_at is not None
    assert order.modified_at is not None
    # Both share the Los Angeles tzinfo, so Python would subtract wall clocks: go through UTC.
    elapsed = order.status_expires_at.astimezone(UTC) - order.modified_at.astimezone(UTC)
    assert elapsed == dt.timedelta(days=89)


def test_parcel_records_carry_the_upload_the_receipt_and_no_invented_pickup() -> None:
    """gmt_send is the tracking upload, gmt_received the delivery; the pickup time is unknown."""
    order = read_order(load("order_detail_two_parcels.json"))
    first, second = order.records()
    assert first.tracking_uploaded_at == utc(2026, 2, 26, 2, 40, 2)
    assert first.picked_up_at is None
    assert first.delivered_at == utc(2026, 3, 20, 1, 3, 0)  # 18:03 PDT on 19 March
    assert first.handover_time_unknown
    assert first.tracking_number == "LX000000011FR"
    assert second.tracking_uploaded_at == utc(2026, 2, 28, 7, 15, 28)
    assert second.delivered_at is None
    assert second.handover_time_unknown  # declared on the platform: handed over, time unknown
    pickup = utc(2026, 2, 26, 9, 0)
    with_pickup, _ = order.records({"LX000000011FR": pickup})
    assert with_pickup.picked_up_at == pickup
    assert not with_pickup.handover_time_unknown
    assert with_pickup.delivered_at == utc(2026, 3, 20, 1, 3, 0)


_MADRID = hm.WorkingCalendar.for_country("ES", subdiv="MD", timezone="Europe/Madrid")


def _delivered(received: str | None) -> dict[str, object]:
    """An order paid Tuesday 9 June 2026 17:21 Madrid time, declared Wednesday 11:00."""
    parcel = {
        "logistics_no": "LX000000301FR",
        "logistics_type_code": "CAINIAO_STANDARD",
        "gmt_send": "2026-06-10 02:00:00",  # 09:00 UTC
        "receive_status": "received" if received else "not_received",
    }
    if received:
        parcel["gmt_received"] = received
    return {
        "id": 301,
        "order_status": "FINISH" if received else "WAIT_BUYER_ACCEPT_GOODS",
        "gmt_create": "2026-06-09 08:20:00",
        "gmt_pay_success": "2026-06-09 08:21:10",  # 15:21:10 UTC
        "receipt_address": {"country": "FR"},
        "logistic_info_list": [parcel],
    }


def test_order_the_platform_shows_delivered_is_not_claimed_not_shipped() -> None:
    """Received on 15 June, long after the ship-by: no NOT_SHIPPED, and nothing else wrong.

    Paid after the 15:00 cutoff, handling starts Wednesday 10 June and two working days later
    ship-by and tracking-by are Friday 12 June 15:00; the upload on 10 June is in time and the
    receipt on Monday 15 June is inside the delivery window (two to five working days on).
    """
    order = read_order(_delivered("2026-06-15 03:00:00"))  # 10:00 UTC
    shipping = order.to_shipping({"madrid": _MADRID}, warehouse="madrid")
    assert shipping is not None
    (record,) = shipping.records
    assert record.delivered_at == utc(2026, 6, 15, 10, 0)
    policy = hm.ShippingPolicy(promise_days=2)
    assessment = shipping.assess(policy, as_of=utc(2026, 6, 30))
    assert assessment.deadlines.ship_by == dt.datetime(2026, 6, 12, 15, 0, tzinfo=_MADRID.tzinfo)
    assert assessment.handover_time_unknown
    assert assessment.violations == ()
    # The handover rule still judges a pickup the caller knows: Saturday is after Friday 15:00.
    late = order.to_shipping(
        {"madrid": _MADRID}, warehouse="madrid", pickups={"LX000000301FR": utc(2026, 6, 13, 8)}
    )
    assert late is not None
    codes = [v.code for v in late.assess(policy, as_of=utc(2026, 6, 30)).violations]
    assert codes == [hm.RuleCode.LATE_PICKUP]


def test_shipment_declared_on_the_platform_is_not_claimed_not_shipped() -> None:
    """Declared in time and not yet received: as of the day after ship-by, nothing is wrong."""
    order = read_order(_delivered(None))
    shipping = order.to_shipping({"madrid": _MADRID}, warehouse="madrid")
    assert shipping is not None
    assessment = shipping.assess(hm.ShippingPolicy(promise_days=2), as_of=utc(2026, 6, 13, 12))
    assert hm.RuleCode.NOT_SHIPPED not in [v.code for v in assessment.violations]
    assert assessment.violations == ()


def test_two_parcels_one_received_are_not_claimed_not_shipped() -> None:
    """Both parcels of the detail were declared; neither is NOT_SHIPPED weeks later."""
    order = read_order(load("order_detail_two_parcels.json"))
    shipping = order.to_shipping({"madrid": _MADRID}, warehouse="madrid")
    assert shipping is not None
    assessment = shipping.assess(hm.ShippingPolicy(promise_days=2), as_of=utc(2026, 3, 21))
    codes = [v.code for v in assessment.violations]
    codes += [v.code for p in assessment.parcels for v in p.violations]
    assert hm.RuleCode.NOT_SHIPPED not in codes
    assert hm.RuleCode.DELIVERED_LATE in codes  # the received parcel, judged on its receipt


def test_camel_case_detail_reads_like_snake_case() -> None:
    """The SDKs' camelCase form, lists unwrapped, reads to the same values."""
    fixture = load("order_detail_two_parcels.json")
    target = fixture["aliexpress_trade_new_redefining_findorderbyid_response"]["target"]

    def camel(name: str) -> str:
        head, *rest = name.split("_")
        return head + "".join(p[:1].upper() + p[1:] for p in rest)

    def convert(node: Any) -> Any:
        if isinstance(node, dict):
            if len(node) == 1 and isinstance(next(iter(node.values())), list):
                return convert(next(iter(node.values())))
            return {camel(k): convert(v) for k, v in node.items()}
        if isinstance(node, list):
            return [convert(v) for v in node]
        return node

    snake = read_order(target)
    camelcase = read_order(convert(target))
    assert camelcase == snake


def test_info_get_envelope_with_result_data() -> None:
    """aliexpress.solution.order.info.get nests the order in result.data."""
    order = read_order(load("order_detail_platform_warehouse.json"))
    assert order.order_id == "8100000000000203"
    assert order.response_time == utc(2026, 5, 31, 17, 0) + dt.timedelta(days=11)


@pytest.mark.parametrize(
    ("payload", "path"),
    [
        ({"error_response": {"code": 15, "msg": "Remote service error"}}, "$.error_response.code"),
        ({"result": {"success": False, "error_code": "x"}}, "$.result.error_code"),
        ({"nothing": 1, "here": 2}, "$"),
        ("not json object", "$"),
        ({"target_list": {"order_dto": "nope"}}, "$.target_list.order_dto"),
    ],
)
def test_payload_without_orders_is_one_problem(payload: object, path: str) -> None:
    """An API error or a shape with no orders is a problem on the page, not an exception."""
    page = read_orders(payload)
    assert page.orders == ()
    assert [p.path for p in page.problems] == [path]
    assert not page.ok


# -- bad payloads ----------------------------------------------------------------------------


def test_bad_orders_are_reported_by_path_and_the_others_kept() -> None:
    """One bad order never loses the others; each problem names its JSON path and value."""
    page = read_orders(load("bad_page.json"))
    base = "$.aliexpress_solution_order_get_response.result.target_list.order_dto"
    assert [o.order_id for o in page.orders] == ["8100000000000701", "8100000000000705"]
    found = {(p.path, p.code, p.kept) for p in page.problems}
    assert found == {
        (f"{base}[5]", ProblemCode.WRONG_TYPE, False),
        (f"{base}[1].gmt_create", ProblemCode.MISSING, False),
        (f"{base}[2].order_status", ProblemCode.WRONG_TYPE, False),
        (f"{base}[3].gmt_pay_time", ProblemCode.BAD_TIME, False),
        (f"{base}[4].order_status", ProblemCode.UNKNOWN_STATUS, True),
        (f"{base}[6].order_id", ProblemCode.MISSING, False),
        (f"{base}[7].timeout_left_time", ProblemCode.BAD_VALUE, False),
    }
    values = {p.path: p.value for p in page.problems}
    assert values[f"{base}[3].gmt_pay_time"] == "2026/05/01 10:05:00"
    assert values[f"{base}[2].order_status"] == 7
    ids = {p.path: p.order_id for p in page.problems}
    assert ids[f"{base}[3].gmt_pay_time"] == "8100000000000704"


def test_unknown_status_is_kept_verbatim_and_reported() -> None:
    """An undocumented status is neither a crash nor a guess."""
    page = read_orders(load("bad_page.json"))
    order = page.orders[1]
    assert order.status == "WAIT_SOMETHING_NEW"
    assert order.stage is OrderStage.UNKNOWN
    assert order.platform_deadline is None
    assert [p.code for p in order.problems] == [ProblemCode.UNKNOWN_STATUS]


def test_strict_reader_raises_the_first_problem_as_an_error() -> None:
    """read_order raises a HalfManagedError (and ValueError) carrying path and value."""
    with pytest.raises(OrderPayloadError) as caught:
        read_order({"id": 1, "order_status": "FINISH", "gmt_create": "2026-13-01 10:00:00"})
    assert caught.value.path == "$.gmt_create"
    assert caught.value.value == "2026-13-01 10:00:00"
    assert isinstance(caught.value, ValueError)
    error = pickle.loads(pickle.dumps(caught.value))
    assert (error.path, error.value, str(error)) == (
        caught.value.path,
        caught.value.value,
        str(caught.value),
    )


def test_strict_reader_wants_exactly_one_order() -> None:
    """read_order of a page of three is an error naming the count."""
    with pytest.raises(HalfManagedError, match="3 orders"):
        read_order(load("order_list_page.json"))


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        ("gmt_create", "2026-05-01T10:00:00", ProblemCode.BAD_TIME),
        ("gmt_create", "2026-05-01 10:00:00+08:00", ProblemCode.BAD_TIME),
        ("gmt_create", "2026-02-30 10:00:00", ProblemCode.BAD_TIME),
        ("gmt_create", 1714550400000, ProblemCode.WRONG_TYPE),
        ("order_id", True, ProblemCode.WRONG_TYPE),
        ("order_id", -5, ProblemCode.WRONG_TYPE),
        ("order_status", None, ProblemCode.MISSING),
        ("child_order_list", "x", ProblemCode.WRONG_TYPE),
        ("logistic_info_list", [{"gmt_send": "2026-05-01 11:00:00"}], ProblemCode.MISSING),
        ("logistic_info_list", [{"logistics_no": "LX1"}], ProblemCode.MISSING),
        ("left_send_good_day", "two", ProblemCode.BAD_VALUE),
    ],
)
def test_each_kind_of_bad_field_is_named(field: str, value: object, code: ProblemCode) -> None:
    """Every bad field gives a problem of its kind, never another exception."""
    node: dict[str, object] = {
        "order_id": 9,
        "order_status": "FINISH",
        "gmt_create": "2026-05-01 10:00:00",
    }
    node[field] = value
    page = read_orders(node)
    assert page.orders == ()
    assert [p.code for p in page.problems] == [code]
    assert page.problems[0].path.startswith(f"$.{field}")


def test_missing_field_of_a_camel_case_order_is_named_in_camel_case() -> None:
    """The path spells a missing key the way the payload spells its others."""
    page = read_orders({"orderId": 1, "orderStatus": "FINISH"})
    assert [p.path for p in page.problems] == ["$.gmtCreate"]


def test_bad_country_and_amount_are_kept_problems() -> None:
    """A bad receipt country or amount leaves that value out, not the order."""
    page = read_orders(
        {
            "id": 1,
            "order_status": "FINISH",
            "gmt_create": "2026-05-01 10:00:00",
            "receipt_address": {"country": "Atlantis"},
            "order_amount": {"amount": "x", "currency_code": "USD"},
        }
    )
    (order,) = page.orders
    assert order.country is None
    assert order.amount is None
    assert [p.path for p in page.problems] == ["$.receipt_address.country", "$.order_amount"]
    assert all(p.kept for p in page.problems)


def test_problem_messages_exist_in_both_languages() -> None:
    """Every problem code has a sentence in English and Chinese through the catalog."""
    for code in ProblemCode:
        problem = aliexpress.PayloadProblem(code, "$.x", "v", "why")
        assert "$.x" in problem.message("en")
        assert "$.x" in problem.message("zh-CN")


# -- stages ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "stage"),
    [
        ("PLACE_ORDER_SUCCESS", OrderStage.NOT_WORKABLE),
        ("PAYMENT_PROCESSING", OrderStage.NOT_WORKABLE),
        ("RISK_CONTROL", OrderStage.NOT_WORKABLE),
        ("RISK_CONTROL_HOLD", OrderStage.NOT_WORKABLE),
        ("WAIT_SELLER_EXAMINE_MONEY", OrderStage.NOT_WORKABLE),
        ("WAIT_SELLER_SEND_GOODS", OrderStage.SHIP_CLOCK_RUNNING),
        ("SELLER_PART_SEND_GOODS", OrderStage.PART_SHIPPED),
        ("IN_CANCEL", OrderStage.CANCEL_REQUESTED),
        ("WAIT_BUYER_ACCEPT_GOODS", OrderStage.AWAITING_RECEIPT),
        ("IN_ISSUE", OrderStage.IN_DISPUTE),
        ("IN_FROZEN", OrderStage.FROZEN),
        ("FUND_PROCESSING", OrderStage.FINISHED),
        ("FINISH", OrderStage.FINISHED),
        ("ARCHIVE", OrderStage.FINISHED),
    ],
)
def test_every_documented_status_has_its_stage(status: str, stage: OrderStage) -> None:
    """Each documented order_status maps to where the order stands for the seller."""
    order = read_order(
        {
            "id": 1,
            "order_status": status,
            "gmt_create": "2026-05-01 10:00:00",
            "gmt_modified": "2026-05-01 11:00:00",
        }
    )
    assert order.stage is stage
    assert order.problems == ()


def test_stage_table_covers_exactly_the_documented_statuses() -> None:
    """No status is mapped twice or left out of the table."""
    assert len(STAGES) == 14
    assert set(STAGES.values()) == set(OrderStage) - {OrderStage.UNKNOWN}


# -- platform warehouse ----------------------------------------------------------------------


def test_platform_fulfilled_lines_and_parcels_are_kept_out_of_the_sellers() -> None:
    """Lines and parcels of the platform's warehouse are marked and left out of records."""
    order = read_order(load("order_detail_platform_warehouse.json"))
    assert order.stage is OrderStage.PART_SHIPPED
    platform, seller = order.lines
    assert platform.platform_fulfilled
    assert not seller.platform_fulfilled
    assert order.seller_lines == (seller,)
    assert order.seller_ships
    (parcel,) = order.parcels
    assert parcel.platform_fulfilled
    assert order.records() == ()
    assert order.ships_from == "Spain"


def test_order_fulfilled_wholly_by_the_platform_is_nothing_to_ship() -> None:
    """When every line is the platform's, the seller has no deadline for the order."""
    line = {
        "child_order_id": "1",
        "logistics_warehouse_type": "cainiaoInternationalWarehouse",
        "send_goods_operator": "WAREHOUSE_SEND_GOODS",
    }
    order = read_order(
        {
            "id": 1,
            "order_status": "WAIT_SELLER_SEND_GOODS",
            "gmt_create": "2026-05-01 10:00:00",
            "child_order_list": [line],
            "logistic_info_list": [{"logistics_no": "LP1", "gmt_send": "2026-05-02 10:00:00"}],
        }
    )
    assert not order.seller_ships
    assert order.parcels[0].platform_fulfilled
    assert order.to_shipping({"x": hm.WorkingCalendar.without_holidays()}, warehouse="x") is None


def test_one_mark_alone_is_no_platform_line() -> None:
    """The warehouse type without the warehouse operator (or the other way) is the seller's."""
    order = read_order(
        {
            "id": 1,
            "order_status": "WAIT_SELLER_SEND_GOODS",
            "gmt_create": "2026-05-01 10:00:00",
            "child_order_list": [
                {
                    "child_order_id": "1",
                    "logistics_warehouse_type": "cainiaoInternationalWarehouse",
                },
                {"child_order_id": "2", "send_goods_operator": "WAREHOUSE_SEND_GOODS"},
            ],
        }
    )
    assert [line.platform_fulfilled for line in order.lines] == [False, False]


def test_risk_control_pass_in_the_log_ends_the_risk_hold() -> None:
    """The operation log's risk_control_pass is when the clock may start."""
    order = read_order(load("order_detail_platform_warehouse.json"))
    assert order.risk_control == Span(utc(2026, 6, 10, 15, 21, 10), utc(2026, 6, 10, 16, 5, 0))
    assert order.risk_cleared_at == utc(2026, 6, 10, 16, 5, 0)
    assert order.status_expires_at == utc(2026, 6, 13, 16, 5, 0)
    assert order.expiry_source == "over_time_left"


def test_order_under_risk_control_has_an_open_hold_from_payment() -> None:
    """A paid order still under risk control is held from its payment, still open."""
    order = read_order(
        {
            "id": 1,
            "order_status": "RISK_CONTROL",
            "gmt_create": "2026-05-01 10:00:00",
            "gmt_pay_success": "2026-05-01 10:01:00",
        }
    )
    assert order.risk_control == Span(utc(2026, 5, 1, 17, 1, 0))
    assert order.risk_cleared_at is None


# -- cancellation requests and status messages -----------------------------------------------


def _cancel() -> tuple[aliexpress.AliExpressOrder, list[aliexpress.StatusChange]]:
    fixture = load("cancel_request.json")
    order = read_order(fixture["detail"], response_time=utc(2026, 4, 7, 18, 45))
    return order, [read_status_message(m) for m in fixture["messages"]]


def test_cancel_request_read_from_the_detail_starts_at_the_last_change() -> None:
    """Without messages the hold starts at gmt_modified, no earlier than the request."""
    order, _ = _cancel()
    assert order.stage is OrderStage.CANCEL_REQUESTED
    assert order.cancel_requests == (Span(utc(2026, 4, 7, 18, 30)),)
    assert order.status_expires_at == utc(2026, 4, 10, 18, 30)
    assert order.platform_deadline is None  # the countdown is for answering the request
    assert order.country == "DE"


def test_status_messages_give_the_exact_request_and_its_withdrawal() -> None:
    """Entering IN_CANCEL opens the hold, leaving it closes it; the newer status wins."""
    order, changes = _cancel()
    request, _ = changes
    assert request.current_stage is OrderStage.CANCEL_REQUESTED
    assert request.changed_at == utc(2026, 4, 7, 18, 20)
    assert request.login_id == "demo-seller"
    later = apply_status_changes(order, changes)
    assert later.cancel_requests == (Span(utc(2026, 4, 7, 18, 20), utc(2026, 4, 8, 16, 0)),)
    assert later.stage is OrderStage.SHIP_CLOCK_RUNNING
    assert later.status_expires_at is None  # the old status' countdown no longer applies


def test_status_messages_in_any_order_or_repeated_give_the_same_order() -> None:
    """Push messages arrive out of order and more than once; the result does not change."""
    order, changes = _cancel()
    once = apply_status_changes(order, changes)
    assert apply_status_changes(order, [*reversed(changes), *changes]) == once


def test_status_messages_of_other_orders_are_ignored() -> None:
    """Only the order's own messages count."""
    order, changes = _cancel()
    other = [aliexpress.StatusChange("42", c.changed_at, c.previous, c.current) for c in changes]
    assert apply_status_changes(order, other) == order


def test_leaving_risk_control_by_message_ends_the_risk_hold() -> None:
    """RISK_CONTROL to WAIT_SELLER_SEND_GOODS is when risk control passed."""
    order = read_order(
        {
            "id": 3,
            "order_status": "RISK_CONTROL",
            "gmt_create": "2026-05-01 10:00:00",
            "gmt_pay_success": "2026-05-01 10:01:00",
            "gmt_modified": "2026-05-01 10:01:00",
        }
    )
    passed = read_status_message(
        {
            "order_id": "3",
            "order_change_time": "2026-05-02 09:00:00",
            "last_status": "RISK_CONTROL",
            "current_status": "WAIT_SELLER_SEND_GOODS",
        }
    )
    later = apply_status_changes(order, [passed])
    assert later.risk_control == Span(utc(2026, 5, 1, 17, 1), utc(2026, 5, 2, 16, 0))
    assert later.stage is OrderStage.SHIP_CLOCK_RUNNING


@pytest.mark.parametrize(
    ("payload", "path"),
    [
        ({"order_change_time": "2026-05-02 09:00:00", "current_status": "FINISH"}, "$.order_id"),
        ({"order_id": 1, "current_status": "FINISH"}, "$.order_change_time"),
        ({"order_id": 1, "order_change_time": "2026-05-02 09:00:00"}, "$.current_status"),
        (
            {"order_id": 1, "order_change_time": "2026-03-08 02:30:00", "current_status": "X"},
            "$.order_change_time",
        ),
        ([], "$"),
    ],
)
def test_bad_status_message_names_its_path(payload: object, path: str) -> None:
    """A bad push message is an OrderPayloadError naming the field."""
    with pytest.raises(OrderPayloadError) as caught:
        read_status_message(payload)
    assert caught.value.path == path


def test_apply_status_changes_refuses_junk() -> None:
    """Only StatusChange values are changes."""
    order, _ = _cancel()
    with pytest.raises(FieldTypeError):
        apply_status_changes(order, [{"order_id": "1"}])  # type: ignore[list-item]


# -- DST -------------------------------------------------------------------------------------


def test_march_switch_times_are_two_seconds_apart() -> None:
    """01:59:59 PST and 03:00:01 PDT on 8 March 2026 are two seconds apart."""
    page = read_orders(load("dst_switches.json")["march"])
    first = page.orders[0]
    assert first.created_at == utc(2026, 3, 8, 9, 59, 59)
    assert first.paid_at == utc(2026, 3, 8, 10, 0, 1)
    assert first.paid_at is not None
    elapsed = first.paid_at.astimezone(UTC) - first.created_at.astimezone(UTC)
    assert elapsed == dt.timedelta(seconds=2)


def test_skipped_wall_time_is_read_forward_and_reported() -> None:
    """02:15 on 8 March 2026 does not exist in Los Angeles: read as 03:15 PDT, and reported."""
    page = read_orders(load("dst_switches.json")["march"])
    skipped = page.orders[1]
    assert skipped.created_at == utc(2026, 3, 8, 10, 15)
    assert skipped.created_at.astimezone(LA).hour == 3
    assert [(p.code, p.path, p.kept) for p in page.problems] == [
        (ProblemCode.SKIPPED_TIME, "$.target_list[1].gmt_create", True)
    ]


def test_repeated_modification_time_is_decided_by_whole_days() -> None:
    """01:40 on 1 November 2026 is PST when the expiry 3 days on is 01:40 PST."""
    order = read_orders(load("dst_switches.json")["november"]).orders[0]
    assert order.modified_at == utc(2026, 11, 1, 9, 40)  # the second, PST occurrence
    assert order.status_expires_at == utc(2026, 11, 4, 9, 40)
    assert order.problems == ()


def test_repeated_expiry_is_decided_by_whole_days() -> None:
    """An expiry in the repeated hour, 3 whole days after a PDT change, is the PDT one."""
    order = read_orders(load("dst_switches.json")["november"]).orders[1]
    assert order.modified_at == utc(2026, 10, 29, 8, 40)
    assert order.status_expires_at == utc(2026, 11, 1, 8, 40)
    assert order.problems == ()


def test_repeated_time_without_evidence_is_the_earlier_and_reported() -> None:
    """Nothing decides 01:30 on 1 November: the first (PDT) occurrence, and a problem."""
    page = read_orders(load("dst_switches.json")["november"])
    order = page.orders[2]
    assert order.created_at == utc(2026, 11, 1, 8, 30)
    assert order.paid_at == utc(2026, 11, 1, 10, 10)  # 02:10 PST, after the repeat
    assert [(p.code, p.path) for p in order.problems] == [
        (ProblemCode.AMBIGUOUS_TIME, "$.target_list[2].gmt_create")
    ]


def test_repeated_expiry_is_decided_by_the_countdown() -> None:
    """The millisecond countdown says which 01:30 on 1 November the expiry is."""
    response = utc(2026, 11, 1, 8, 0)
    for left, expected in (
        (30 * 60_000, utc(2026, 11, 1, 8, 30)),
        (90 * 60_000, utc(2026, 11, 1, 9, 30)),
    ):
        order = read_order(
            {
                "id": 1,
                "order_status": "WAIT_SELLER_SEND_GOODS",
                "gmt_create": "2026-10-30 10:00:00",
                "over_time_left": "2026-11-01 01:30:00",
                "timeout_left_time": left,
            },
            response_time=response,
        )
        assert order.status_expires_at == expected
        assert order.expiry_source == "over_time_left"
        assert order.problems == ()


# Instants near the 2025-2028 switches and anywhere in those years, to the second.
_SWITCHES = [
    utc(2025, 3, 9, 10),
    utc(2025, 11, 2, 9),
    utc(2026, 3, 8, 10),
    utc(2026, 11, 1, 9),
    utc(2027, 3, 14, 10),
    utc(2027, 11, 7, 9),
]
_instants = st.one_of(
    st.builds(
        lambda base, s: base + dt.timedelta(seconds=s),
        st.sampled_from(_SWITCHES),
        st.integers(-3 * 3600, 3 * 3600),
    ),
    st.integers(0, 3 * 365 * 86400).map(lambda s: utc(2025, 1, 1) + dt.timedelta(seconds=s)),
)


def _wall(instant: dt.datetime) -> str:
    return instant.astimezone(LA).strftime("%Y-%m-%d %H:%M:%S")


def _second_pass(instant: dt.datetime) -> bool:
    """Whether the instant's Los Angeles wall time also names an hour-earlier instant."""
    wall = instant.astimezone(LA).replace(tzinfo=None)
    return wall.replace(tzinfo=LA, fold=0).astimezone(UTC) != instant


@given(instant=_instants, days=st.integers(1, 30))
def test_every_time_field_reads_back_to_its_instant(instant: dt.datetime, days: int) -> None:
    """A payload written from an instant reads back to it, for every field, across DST."""
    text = _wall(instant)
    expiry = instant + dt.timedelta(days=days)
    response = instant - dt.timedelta(hours=5)
    order = read_order(
        {
            "id": 1,
            "order_status": "WAIT_SELLER_SEND_GOODS",
            "gmt_create": text,
            "gmt_pay_success": text,
            "over_time_left": _wall(expiry),
            "timeout_left_time": int((expiry - response).total_seconds() * 1000),
            "logistic_info_list": [
                {"logistics_no": "LX1", "gmt_send": text, "gmt_received": text}
            ],
            "opr_log_dto_list": [{"action_type": "risk_control_pass", "gmt_create": text}],
        },
        response_time=response,
    )
    # The countdown decides the expiry's wall time whatever the DST.
    assert order.status_expires_at == expiry
    ambiguous = _second_pass(instant)
    read = [
        order.created_at,
        order.paid_at,
        order.parcels[0].declared_at,
        order.parcels[0].received_at,
        order.risk_cleared_at,
    ]
    if not ambiguous:
        assert read == [instant] * 5
    else:  # nothing decides these: the earlier reading, one hour before, and reported
        assert read == [instant - dt.timedelta(hours=1)] * 5
        assert {p.code for p in order.problems} == {ProblemCode.AMBIGUOUS_TIME}
    assert all(t is not None and t.utcoffset() is not None for t in read)


@given(instant=_instants, days=st.integers(1, 90))
def test_modification_reads_back_by_whole_days_to_the_expiry(
    instant: dt.datetime, days: int
) -> None:
    """gmt_modified in a repeated hour is decided by a whole-day expiry outside it."""
    expiry = instant + dt.timedelta(days=days)
    if _second_pass(expiry) or (_wall(expiry)[11:13] == "01" and expiry.month == 11):
        return  # the expiry itself in the repeated hour: covered by the countdown test
    order = read_order(
        {
            "id": 1,
            "order_status": "WAIT_BUYER_ACCEPT_GOODS",
            "gmt_create": "2025-01-01 00:00:00",
            "gmt_modified": _wall(instant),
            "over_time_left": _wall(expiry),
        }
    )
    assert order.modified_at == instant
    assert order.status_expires_at == expiry


@given(instant=_instants)
def test_response_time_stamp_reads_back_in_gmt8(instant: dt.datetime) -> None:
    """The envelope's time_stamp is GMT+8 all year: no DST, no ambiguity."""
    stamp = instant.astimezone(dt.timezone(dt.timedelta(hours=8))).strftime("%Y-%m-%d %H:%M:%S")
    page = read_orders({"result": {"time_stamp": stamp, "target_list": []}})
    assert page.response_time == instant


@given(instant=_instants)
def test_status_message_time_reads_back(instant: dt.datetime) -> None:
    """order_change_time is Los Angeles time; a second-pass time reads as the earlier one."""
    change = read_status_message(
        {"order_id": 1, "order_change_time": _wall(instant), "current_status": "IN_CANCEL"}
    )
    expected = instant - dt.timedelta(hours=1) if _second_pass(instant) else instant
    assert change.changed_at == expected


# -- values ----------------------------------------------------------------------------------


def test_values_survive_pickle_and_deepcopy() -> None:
    """Orders, pages and problems come back equal from pickle and deepcopy."""
    page = read_orders(load("bad_page.json"))
    detail = read_order(load("order_detail_two_parcels.json"))
    _, changes = _cancel()
    for value in (page, detail, *page.problems, *changes, *detail.parcels, *detail.lines):
        assert pickle.loads(pickle.dumps(value)) == value
        assert copy.deepcopy(value) == value


def test_every_datetime_out_is_aware() -> None:
    """No naive datetime leaves the adapter."""
    order = read_order(load("order_detail_two_parcels.json"))
    times = [order.created_at, order.paid_at, order.modified_at, order.status_expires_at]
    times += [p.declared_at for p in order.parcels] + [order.parcels[0].received_at]
    assert all(t is not None and t.tzinfo is not None for t in times)


def test_reader_built_values_equal_the_public_constructors() -> None:
    """Values the reader builds without validators equal the same fields through validation."""
    orders = [
        read_order(load("order_detail_two_parcels.json")),
        read_order(load("order_detail_platform_warehouse.json")),
        *read_orders(load("order_list_page.json")).orders,
        *read_orders(load("dst_switches.json")["november"]).orders,
    ]
    for order in orders:
        values: list[Any] = [order, *order.lines, *order.parcels, *order.cancel_requests]
        values += [order.risk_control] if order.risk_control is not None else []
        for value in values:
            rebuilt = attrs.evolve(value)  # runs the public __init__ and its validators
            assert rebuilt == value
            assert type(rebuilt) is type(value)


def test_reader_builders_must_set_every_field() -> None:
    """A builder whose field list differs from its class is refused when it is made."""
    with pytest.raises(AssertionError, match="fields are"):
        _aliexpress_values._slot_setters(Span, ("start",))


# -- keys, formats and odd values ------------------------------------------------------------


def test_mixed_key_styles_prefer_snake_case_and_name_the_key_used() -> None:
    """An object with both spellings reads the snake_case one; a path names the key used."""
    order = read_order(
        {
            "id": 1,
            "orderStatus": "FINISH",
            "order_status": "IN_ISSUE",
            "gmtCreate": "2026-05-01 10:00:00",
        }
    )
    assert order.status == "IN_ISSUE"
    assert order.created_at == utc(2026, 5, 1, 17, 0)  # PDT, UTC-7
    page = read_orders({"order_id": 1, "order_status": "FINISH", "gmtCreate": "2026-05-01"})
    assert [p.path for p in page.problems] == ["$.gmtCreate"]


def test_a_time_with_an_offset_is_no_business_time() -> None:
    """'2026-05-01 10:00+01' has the right length but names an offset: refused, not read."""
    page = read_orders(
        {"order_id": 1, "order_status": "FINISH", "gmt_create": "2026-05-01 10:00+01"}
    )
    assert [(p.code, p.path) for p in page.problems] == [(ProblemCode.BAD_TIME, "$.gmt_create")]


def test_switches_before_2007_are_in_april_and_october() -> None:
    """US DST ran from the first Sunday of April to the last of October until 2006."""
    page = read_orders(
        [
            {"id": 1, "order_status": "FINISH", "gmt_create": "2006-04-02 02:30:00"},
            {"id": 2, "order_status": "FINISH", "gmt_create": "2006-10-29 01:30:00"},
        ]
    )
    skipped, repeated = page.orders
    assert skipped.created_at == utc(2006, 4, 2, 10, 30)  # 03:30 PDT
    assert repeated.created_at == utc(2006, 10, 29, 8, 30)  # the first, PDT, occurrence
    assert [p.code for p in page.problems] == [
        ProblemCode.SKIPPED_TIME,
        ProblemCode.AMBIGUOUS_TIME,
    ]


def test_repeated_payment_time_after_the_order_is_the_later_reading() -> None:
    """Ordered at 01:50 PDT, paid at '01:05' on 1 November 2026: the payment is 01:05 PST."""
    order = read_order(
        {
            "id": 1,
            "order_status": "FINISH",
            "gmt_create": "2026-11-01 01:50:00",
            "gmt_pay_success": "2026-11-01 01:05:00",
        }
    )
    assert order.created_at == utc(2026, 11, 1, 8, 50)
    assert order.paid_at == utc(2026, 11, 1, 9, 5)
    assert [(p.code, p.path) for p in order.problems] == [
        (ProblemCode.AMBIGUOUS_TIME, "$.gmt_create")
    ]


def test_risk_control_passing_in_the_repeated_hour_follows_the_payment() -> None:
    """Paid at 01:40 PDT, risk control passed at '01:05': 01:05 PST, and the order assesses."""
    order = read_order(
        {
            "id": 1,
            "order_status": "WAIT_SELLER_SEND_GOODS",
            "gmt_create": "2026-11-01 00:40:00",
            "gmt_pay_success": "2026-11-01 01:40:00",
            "opr_log_dto_list": [
                {"action_type": "risk_control_pass", "gmt_create": "2026-11-01 01:05:00"}
            ],
        }
    )
    assert order.paid_at == utc(2026, 11, 1, 8, 40)
    assert order.risk_cleared_at == utc(2026, 11, 1, 9, 5)
    madrid = hm.WorkingCalendar.for_country("ES", subdiv="MD", timezone="Europe/Madrid")
    shipping = order.to_shipping({"madrid": madrid}, warehouse="madrid")
    assert shipping is not None
    assert shipping.order.risk_cleared_at == utc(2026, 11, 1, 9, 5)


@pytest.mark.parametrize(
    ("field", "value"),
    [("timeout_left_time", 10**18), ("timeout_left_time", 10**15), ("left_send_good_day", 10**9)],
)
def test_countdown_beyond_the_calendar_is_a_kept_problem(field: str, value: int) -> None:
    """A countdown past year 9999 leaves the expiry out and says so, never an OverflowError."""
    page = read_orders(
        {
            "id": 1,
            "order_status": "WAIT_SELLER_SEND_GOODS",
            "gmt_create": "2026-05-01 10:00:00",
            field: value,
        },
        response_time=utc(2026, 5, 2),
    )
    (order,) = page.orders
    assert order.status_expires_at is None
    assert [(p.code, p.path, p.kept) for p in page.problems] == [
        (ProblemCode.BAD_VALUE, f"$.{field}", True)
    ]


def test_missing_currency_is_named_as_missing() -> None:
    """An amount without its currency says the currency is None, not an internal marker."""
    page = read_orders(
        {
            "id": 1,
            "order_status": "FINISH",
            "gmt_create": "2026-05-01 10:00:00",
            "order_amount": {"amount": "24.00"},
        }
    )
    (problem,) = page.problems
    assert problem.path == "$.order_amount"
    assert "currency=None" in problem.reason
