"""Read AliExpress order data: order lists, order details and order-status messages.

A pure adapter: mappings in (what ``json.loads`` gives of a response), values out; no HTTP,
no clock, no files. It reads the order list (``aliexpress.solution.order.get``) and the order
details (``aliexpress.solution.order.info.get``, ``aliexpress.trade.new.redefining.findorderbyid``)
in the snake_case form the API returns and the camelCase form SDKs produce, with or without the
``{"<method>_response": {"result" | "target": ...}}`` envelope, and lists bare or wrapped once
more (``{"aeop_tp_child_order_dto": [...]}``).

Every time comes out aware: the business times as US Pacific time with DST, the envelope's
``time_stamp`` as GMT+8 (docs/rules.md#reading-aliexpress-times). An order's parcels become
shipment records, its risk control and cancellation requests holds, its countdown the
platform's deadline, ready for :func:`~halfmanaged.evaluate`.

>>> from halfmanaged import aliexpress
>>> page = aliexpress.read_orders({"aliexpress_solution_order_get_response": {"result": {
...     "time_stamp": "2026-03-10 02:00:00",
...     "target_list": {"order_dto": [{
...         "order_id": 8100000000000001, "order_status": "WAIT_SELLER_SEND_GOODS",
...         "gmt_create": "2026-03-08 09:12:40", "gmt_pay_time": "2026-03-08 09:13:05",
...         "timeout_left_time": 86400000}]}}}})
>>> order = page.orders[0]
>>> order.stage, order.paid_at.isoformat()
(<OrderStage.SHIP_CLOCK_RUNNING: 'ship_clock_running'>, '2026-03-08T09:13:05-07:00')
>>> order.status_expires_at.isoformat(), order.expiry_source
('2026-03-10T11:00:00-07:00', 'timeout_left_time')
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import attrs

from halfmanaged._aliexpress_read import OrderReader, read_status_change, unwrap
from halfmanaged._aliexpress_values import (
    STAGES,
    AliExpressOrder,
    OrderLine,
    OrderStage,
    Parcel,
    PayloadProblem,
    ProblemCode,
    ReceiveStatus,
    ShippingInput,
    Span,
    StatusChange,
)
from halfmanaged._validators import check_aware, optional_aware, utc_time
from halfmanaged.errors import FieldTypeError, InvalidFieldError

__all__ = [
    "STAGES",
    "AliExpressOrder",
    "OrderLine",
    "OrderPage",
    "OrderStage",
    "Parcel",
    "PayloadProblem",
    "ProblemCode",
    "ReceiveStatus",
    "ShippingInput",
    "Span",
    "StatusChange",
    "apply_status_changes",
    "read_order",
    "read_orders",
    "read_status_message",
]


@attrs.frozen
class OrderPage:
    """The orders read from one response, and what was wrong in it.

    ``orders`` holds every order that could be read; ``problems`` every problem, each with
    its JSON path: those of orders left out (``kept`` false) and those of orders read anyway
    (``kept`` true, also on the order's own ``problems``). ``response_time`` is the envelope's
    ``time_stamp`` (or the time the caller gave); ``total_count`` the list's own count.

    >>> from halfmanaged import aliexpress
    >>> page = aliexpress.read_orders({"target_list": [
    ...     {"order_id": 1, "order_status": "FINISH", "gmt_create": "2026-01-05 10:00:00"},
    ...     {"order_id": 2, "order_status": "FINISH", "gmt_create": "2026-01-05"}]})
    >>> [o.order_id for o in page.orders], [p.path for p in page.problems]
    (['1'], ['$.target_list[1].gmt_create'])
    """

    orders: tuple[AliExpressOrder, ...] = ()
    problems: tuple[PayloadProblem, ...] = ()
    response_time: dt.datetime | None = attrs.field(default=None, validator=optional_aware)
    total_count: int | None = None

    @property
    def ok(self) -> bool:
        """Whether every order was read without a problem."""
        return not self.problems


def _response_time(value: object) -> dt.datetime | None:
    if value is None:
        return None
    utc_time("response_time", value)  # a time whose UTC instant exists
    return check_aware("response_time", value)


def read_orders(payload: object, *, response_time: dt.datetime | None = None) -> OrderPage:
    """Read every order of a list or detail response; never raise for the payload's content.

    ``payload`` is the parsed JSON: a whole response, its ``result``/``target``/``data``, a
    list of orders or one order. ``response_time`` (aware) is when the response was made; it
    overrides the envelope's ``time_stamp`` and is what ``timeout_left_time`` and the
    ``left_send_good_*`` countdown run from. Without either, those countdowns are not read.
    A bad order becomes a problem with its JSON path, and the others are still read.

    >>> page = read_orders({"result": {"success": False, "error_code": "27"}})
    >>> page.orders, page.problems[0].code, page.problems[0].path
    ((), <ProblemCode.API_ERROR: 'api_error'>, '$.result.error_code')
    """
    given = _response_time(response_time)
    found = unwrap(payload)
    now = given if given is not None else found.response_time
    reader = OrderReader(None if now is None else now)
    orders = []
    problems = list(found.problems)
    for node, path in found.orders:
        order, found_problems = reader.read(node, path)
        if order is not None:
            orders.append(order)
        problems.extend(found_problems)
    return OrderPage(tuple(orders), tuple(problems), now, found.total_count)


def read_order(payload: object, *, response_time: dt.datetime | None = None) -> AliExpressOrder:
    """Read one order (a detail response, say); raise its first fatal problem as an error.

    Problems the order was read despite stay on ``order.problems``.

    >>> read_order({"target": {"id": 7, "order_status": "FINISH", "gmt_create": 20260105}})
    Traceback (most recent call last):
    ...
    halfmanaged.errors.OrderPayloadError: $.target.gmt_create=20260105: expected a 'YYYY-MM-DD ...
    """
    page = read_orders(payload, response_time=response_time)
    for problem in page.problems:
        if not problem.kept:
            raise problem.error()
    if len(page.orders) != 1:
        raise InvalidFieldError(
            "payload", f"{len(page.orders)} orders", "expected exactly one order"
        )
    return page.orders[0]


def read_status_message(payload: object) -> StatusChange:
    """Read an order-status push message; a bad one raises an error naming the JSON path.

    The message has ``order_id``, ``order_change_time`` (US Pacific time), ``last_status``,
    ``current_status`` and ``login_id``.

    >>> change = read_status_message({"order_id": 8100000000000001, "last_status":
    ...     "WAIT_SELLER_SEND_GOODS", "current_status": "IN_CANCEL",
    ...     "order_change_time": "2026-11-01 01:30:00", "login_id": "seller-demo"})
    >>> change.current_stage, change.changed_at.isoformat()
    (<OrderStage.CANCEL_REQUESTED: 'cancel_requested'>, '2026-11-01T01:30:00-07:00')
    """
    return read_status_change(payload)


_RISK = frozenset({"RISK_CONTROL", "RISK_CONTROL_HOLD"})


def apply_status_changes(  # noqa: PLR0912 (one branch per kind of change)
    order: AliExpressOrder, changes: Iterable[StatusChange]
) -> AliExpressOrder:
    """Return ``order`` with what its status messages add: exact holds and a newer status.

    Only messages of the order's id count, in the order they happened; repeats change
    nothing. Entering ``IN_CANCEL`` opens a cancellation hold at the change time (replacing
    the estimate read from ``gmt_modified``); leaving it closes the hold, whether the buyer
    withdrew the request or the order closed. Leaving risk control ends that hold: the clock
    may start (docs/rules.md#reading-holds). A message newer than the response sets the
    status; the countdown read with the older status no longer applies and is dropped.

    >>> from halfmanaged import aliexpress
    >>> order = aliexpress.read_order({"id": 8, "order_status": "IN_CANCEL",
    ...     "gmt_create": "2026-03-02 08:00:00", "gmt_modified": "2026-03-03 09:00:00"})
    >>> withdrawn = aliexpress.read_status_message({"order_id": 8, "last_status": "IN_CANCEL",
    ...     "current_status": "WAIT_SELLER_SEND_GOODS",
    ...     "order_change_time": "2026-03-04 10:00:00"})
    >>> later = apply_status_changes(order, [withdrawn])
    >>> later.stage, later.cancel_requests[0].end.isoformat()
    (<OrderStage.SHIP_CLOCK_RUNNING: 'ship_clock_running'>, '2026-03-04T10:00:00-08:00')
    """
    if not isinstance(order, AliExpressOrder):
        raise FieldTypeError("order", order, "AliExpressOrder")
    given: object = changes  # typed for callers; anything may come
    if isinstance(given, str | bytes) or not isinstance(given, Iterable):
        raise FieldTypeError("changes", changes, "an iterable of StatusChange")
    mine = []
    for change in changes:
        if not isinstance(change, StatusChange):
            raise FieldTypeError("changes", change, "StatusChange")
        if change.order_id == order.order_id:
            mine.append(change)
    mine.sort(key=lambda c: utc_time("changes", c.changed_at))
    cancels = list(order.cancel_requests)
    risk = order.risk_control
    status = order.status
    expires_at, source = order.status_expires_at, order.expiry_source
    known = order.response_time if order.response_time is not None else order.modified_at
    for change in mine:
        at = change.changed_at
        if change.current == "IN_CANCEL" and change.previous != "IN_CANCEL":
            if cancels and cancels[-1].open:
                cancels[-1] = Span(at)  # the message knows when; the estimate did not
            else:
                cancels.append(Span(at))
        leaves_cancel = change.previous == "IN_CANCEL" and change.current != "IN_CANCEL"
        if leaves_cancel and cancels and cancels[-1].open:
            cancels[-1] = Span(cancels[-1].start, at)  # withdrawn, or the order closed
        if change.current in _RISK and change.previous not in _RISK and risk is None:
            risk = Span(order.paid_at if order.paid_at is not None else at)
        elif change.previous in _RISK and change.current not in _RISK:
            start = risk.start if risk is not None else order.paid_at or at
            risk = Span(start, at)
        if known is None or utc_time("changes", at) > utc_time("changes", known):
            if change.current != status:
                expires_at = source = None
            status = change.current
            known = at
    return attrs.evolve(
        order,
        status=status,
        status_expires_at=expires_at,
        expiry_source=source,
        risk_control=risk,
        cancel_requests=tuple(cancels),
    )
