"""Values of :mod:`halfmanaged.aliexpress`: what an order payload says, in the library's terms.

Every datetime here is aware: business times in ``America/Los_Angeles``, the response time in
GMT+8, as the platform writes them (docs/rules.md#reading-aliexpress-times).
"""

from __future__ import annotations

import datetime as dt
import enum
import json
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Final

import attrs

from halfmanaged._validators import instance_of, optional_aware, optional_str, required_str
from halfmanaged.calendar import WorkingCalendar
from halfmanaged.errors import FieldTypeError, MissingDataError, OrderPayloadError
from halfmanaged.messages import Locale, render
from halfmanaged.shipping import Money, ShipmentRecord

if TYPE_CHECKING:
    from halfmanaged.shipping import Assessment, Hold, Order, PlatformDeadline, ShippingPolicy

__all__ = [
    "PLATFORM_OPERATOR",
    "PLATFORM_WAREHOUSE",
    "STAGES",
    "AliExpressOrder",
    "OrderLine",
    "OrderStage",
    "Parcel",
    "PayloadProblem",
    "ProblemCode",
    "ReceiveStatus",
    "ShippingInput",
    "Span",
    "StatusChange",
]

#: ``logistics_warehouse_type`` and ``send_goods_operator`` of a line the platform's own
#: warehouse ships (docs/rules.md#reading-aliexpress-parcels).
PLATFORM_WAREHOUSE: Final = "cainiaoInternationalWarehouse"
PLATFORM_OPERATOR: Final = "WAREHOUSE_SEND_GOODS"


class OrderStage(enum.StrEnum):
    """Where an order stands for the seller, read from its ``order_status``.

    ``UNKNOWN`` is an ``order_status`` the platform does not document; the status itself is
    kept verbatim on the order and reported, never mapped to a guess.

    >>> STAGES["IN_CANCEL"]
    <OrderStage.CANCEL_REQUESTED: 'cancel_requested'>
    """

    NOT_WORKABLE = "not_workable"  # not paid, or paid and under risk control: no clock yet
    SHIP_CLOCK_RUNNING = "ship_clock_running"
    PART_SHIPPED = "part_shipped"
    CANCEL_REQUESTED = "cancel_requested"
    AWAITING_RECEIPT = "awaiting_receipt"
    IN_DISPUTE = "in_dispute"
    FROZEN = "frozen"
    FINISHED = "finished"
    UNKNOWN = "unknown"


STAGES: Final[Mapping[str, OrderStage]] = {
    "PLACE_ORDER_SUCCESS": OrderStage.NOT_WORKABLE,  # awaiting payment
    "PAYMENT_PROCESSING": OrderStage.NOT_WORKABLE,
    "RISK_CONTROL": OrderStage.NOT_WORKABLE,  # paid; the platform's risk check, up to 24 h
    "RISK_CONTROL_HOLD": OrderStage.NOT_WORKABLE,
    # The seller must first confirm the amount received (等待您确认金额): nothing to ship yet.
    "WAIT_SELLER_EXAMINE_MONEY": OrderStage.NOT_WORKABLE,
    "WAIT_SELLER_SEND_GOODS": OrderStage.SHIP_CLOCK_RUNNING,  # risk control passed
    "SELLER_PART_SEND_GOODS": OrderStage.PART_SHIPPED,
    "IN_CANCEL": OrderStage.CANCEL_REQUESTED,
    "WAIT_BUYER_ACCEPT_GOODS": OrderStage.AWAITING_RECEIPT,
    "IN_ISSUE": OrderStage.IN_DISPUTE,
    "IN_FROZEN": OrderStage.FROZEN,
    # Buyer and seller agreed and the money is being settled: nothing is left to ship.
    "FUND_PROCESSING": OrderStage.FINISHED,
    "FINISH": OrderStage.FINISHED,
    "ARCHIVE": OrderStage.FINISHED,
}
"""Every documented ``order_status`` and the stage it means for the seller."""

# The statuses whose countdown (over_time_left, timeout_left_time) is the time left to ship.
SHIP_STAGES: Final = frozenset({OrderStage.SHIP_CLOCK_RUNNING, OrderStage.PART_SHIPPED})


class ReceiveStatus(enum.StrEnum):
    """A parcel's ``receive_status``: whether the platform saw it delivered.

    >>> ReceiveStatus("not_received") is ReceiveStatus.NOT_RECEIVED
    True
    """

    DEFAULT = "default"  # the initial value: nothing known yet
    RECEIVED = "received"
    NOT_RECEIVED = "not_received"
    SUSPECTED_RECEIVED = "suspected_received"


class ProblemCode(enum.StrEnum):
    """What is wrong with a part of a payload.

    >>> ProblemCode.UNKNOWN_STATUS.value
    'unknown_status'
    """

    MISSING = "missing"
    WRONG_TYPE = "wrong_type"
    BAD_VALUE = "bad_value"
    BAD_TIME = "bad_time"
    SKIPPED_TIME = "skipped_time"  # a wall time the DST switch skips: no instant writes it
    AMBIGUOUS_TIME = "ambiguous_time"  # a wall time the DST switch repeats, nothing to decide
    UNKNOWN_STATUS = "unknown_status"
    UNKNOWN_RECEIVE_STATUS = "unknown_receive_status"
    API_ERROR = "api_error"
    NO_ORDERS = "no_orders"


def _shown(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


@attrs.frozen
class PayloadProblem:
    """One thing wrong in a payload: where (``path``), what was there, and why it is wrong.

    ``kept`` says whether the order was read anyway (an unknown status, say); otherwise the
    order is left out of the page and only this problem tells of it. ``order_id`` is the
    order's id when it could be read.

    >>> p = PayloadProblem(ProblemCode.MISSING, "$.target.gmt_create", None, "required")
    >>> print(p.message())
    $.target.gmt_create is missing.
    >>> p.error()
    OrderPayloadError('$.target.gmt_create=None: required')
    """

    code: ProblemCode
    path: str
    value: object = attrs.field(hash=False)  # a JSON value, perhaps unhashable
    reason: str
    order_id: str | None = None
    kept: bool = False

    def message(self, locale: Locale | str = Locale.EN) -> str:
        """Return the problem as a sentence for a person, in ``locale``.

        >>> p = PayloadProblem(ProblemCode.UNKNOWN_STATUS, "$.order_status", "NEW", "?", "8")
        >>> print(p.message("zh-CN"))
        $.order_status：未知的订单状态 'NEW'，已原样保留。
        """
        return render(
            f"aliexpress.{self.code}", {"path": self.path, "value": _shown(self.value)}, locale
        )

    def error(self) -> OrderPayloadError:
        """Return the problem as the error a strict reader raises."""
        return OrderPayloadError(self.path, self.value, self.reason)


def _ships_from(attributes: str | None) -> str | None:
    if not attributes:
        return None
    try:
        data = json.loads(attributes)
        for attribute in data["sku"]:
            if attribute.get("pName") == "Ships From":
                value = attribute.get("pValue")
                return value if isinstance(value, str) and value else None
    except (ValueError, TypeError, KeyError, AttributeError):
        return None
    return None


@attrs.frozen
class OrderLine:
    """One product line of an order (a child order, 子订单).

    >>> line = OrderLine("81", logistics_warehouse_type="cainiaoInternationalWarehouse",
    ...                  send_goods_operator="WAREHOUSE_SEND_GOODS")
    >>> line.platform_fulfilled
    True
    """

    line_id: str = attrs.field(validator=required_str)
    status: str | None = attrs.field(default=None, validator=optional_str)
    product_count: int | None = attrs.field(
        default=None, validator=instance_of(int, "int or None", optional=True)
    )
    goods_prepare_days: int | None = attrs.field(
        default=None, validator=instance_of(int, "int or None", optional=True)
    )
    logistics_type: str | None = attrs.field(default=None, validator=optional_str)
    send_goods_operator: str | None = attrs.field(default=None, validator=optional_str)
    logistics_warehouse_type: str | None = attrs.field(default=None, validator=optional_str)
    attributes: str | None = attrs.field(default=None, validator=optional_str, repr=False)

    @property
    def platform_fulfilled(self) -> bool:
        """Whether the platform's own warehouse ships this line, not the seller.

        Both marks must be there, as the platform's SDK documentation describes such lines
        (docs/rules.md#reading-aliexpress-parcels).
        """
        return (
            self.logistics_warehouse_type == PLATFORM_WAREHOUSE
            and self.send_goods_operator == PLATFORM_OPERATOR
        )

    @property
    def ships_from(self) -> str | None:
        """The line's "Ships From" product attribute as the platform wrote it, if any.

        >>> sku = '{"sku": [{"pName": "Ships From", "pValue": "Spain"}]}'
        >>> OrderLine("81", attributes=sku).ships_from
        'Spain'
        """
        return _ships_from(self.attributes)


@attrs.frozen
class Parcel:
    """One parcel of an order (an entry of ``logistic_info_list``).

    ``declared_at`` is ``gmt_send``: when the seller declared the shipment on the platform,
    that is when carrier and tracking number were uploaded. It is not a carrier pickup: the
    payload has no pickup time, and the library invents none
    (docs/rules.md#reading-aliexpress-parcels). ``received_at`` is ``gmt_received``, the
    buyer's receipt.

    >>> import datetime as dt
    >>> t = dt.datetime(2026, 3, 9, 10, 0, tzinfo=dt.UTC)
    >>> Parcel("LX123456789CN", t, service="CAINIAO_STANDARD").record().tracking_uploaded_at == t
    True
    """

    tracking_number: str = attrs.field(validator=required_str)
    declared_at: dt.datetime = attrs.field(validator=instance_of(dt.datetime, "datetime"))
    service: str | None = attrs.field(default=None, validator=optional_str)
    service_name: str | None = attrs.field(default=None, validator=optional_str)
    received_at: dt.datetime | None = attrs.field(default=None, validator=optional_aware)
    receive_status: ReceiveStatus | None = attrs.field(
        default=None, validator=instance_of(ReceiveStatus, "ReceiveStatus or None", optional=True)
    )
    receive_note: str | None = attrs.field(default=None, validator=optional_str)
    platform_fulfilled: bool = attrs.field(default=False, validator=instance_of(bool, "bool"))

    def record(
        self,
        *,
        picked_up_at: dt.datetime | None = None,
        self_delivered_at: dt.datetime | None = None,
    ) -> ShipmentRecord:
        """Return the parcel as a :class:`~halfmanaged.ShipmentRecord`.

        The record has the tracking upload (``declared_at``), the service as carrier, the
        tracking number and the delivery (``received_at``). The payload has no carrier
        pickup: pass one from the carrier's own tracking when known. Without one, the
        declared parcel was handed over at a time the record does not have
        (``handover_time_unknown``, docs/rules.md#reading-handover), so no handover rule
        judges it and everything else is judged.

        >>> import datetime as dt
        >>> t = dt.datetime(2026, 3, 9, 10, 0, tzinfo=dt.UTC)
        >>> Parcel("LX123456789CN", t).record().handover_time_unknown
        True
        >>> Parcel("LX123456789CN", t).record(picked_up_at=t).handover_time_unknown
        False
        """
        return ShipmentRecord(
            picked_up_at=picked_up_at,
            self_delivered_at=self_delivered_at,
            carrier=self.service,
            tracking_number=self.tracking_number,
            tracking_uploaded_at=self.declared_at,
            delivered_at=self.received_at,
            handover_time_unknown=picked_up_at is None and self_delivered_at is None,
        )


@attrs.frozen
class StatusChange:
    """An order-status push message: the order went from ``previous`` to ``current``.

    Statuses are kept verbatim; their stages are ``OrderStage.UNKNOWN`` when undocumented.

    >>> import datetime as dt
    >>> t = dt.datetime(2026, 3, 9, 10, 0, tzinfo=dt.UTC)
    >>> StatusChange("8", t, "WAIT_SELLER_SEND_GOODS", "IN_CANCEL").current_stage
    <OrderStage.CANCEL_REQUESTED: 'cancel_requested'>
    """

    order_id: str = attrs.field(validator=required_str)
    changed_at: dt.datetime = attrs.field(validator=instance_of(dt.datetime, "datetime"))
    previous: str | None = attrs.field(validator=optional_str)
    current: str = attrs.field(validator=required_str)
    login_id: str | None = attrs.field(default=None, validator=optional_str)

    @property
    def previous_stage(self) -> OrderStage | None:
        """The stage of ``previous`` (``None`` without one)."""
        return None if self.previous is None else STAGES.get(self.previous, OrderStage.UNKNOWN)

    @property
    def current_stage(self) -> OrderStage:
        """The stage of ``current``."""
        return STAGES.get(self.current, OrderStage.UNKNOWN)


@attrs.frozen
class Span:
    """A stretch of time an order spent in a state; ``end`` is ``None`` while it lasts.

    >>> import datetime as dt
    >>> t = dt.datetime(2026, 3, 9, 10, 0, tzinfo=dt.UTC)
    >>> Span(t).open
    True
    """

    start: dt.datetime = attrs.field(validator=instance_of(dt.datetime, "datetime"))
    end: dt.datetime | None = attrs.field(default=None, validator=optional_aware)

    @property
    def open(self) -> bool:
        """Whether the state still lasts."""
        return self.end is None


@attrs.frozen
class ShippingInput:
    """An order and its parcels as the shipping engine takes them.

    ``records`` has one :class:`~halfmanaged.ShipmentRecord` per parcel the seller shipped,
    in the order the payload lists them. :meth:`assess` passes both to
    :func:`~halfmanaged.evaluate`.
    """

    order: Order
    records: tuple[ShipmentRecord, ...]

    def assess(self, policy: ShippingPolicy, *, as_of: dt.datetime) -> Assessment:
        """Return :func:`~halfmanaged.evaluate` of the order and its records as of ``as_of``."""
        from halfmanaged.shipping import evaluate  # noqa: PLC0415

        records = self.records if self.records else None
        return evaluate(self.order, policy, records, as_of=as_of)


@attrs.frozen
class AliExpressOrder:
    """What an AliExpress order payload says about one order, every time aware.

    ``status`` is the ``order_status`` verbatim and :attr:`stage` what it means for the
    seller. ``status_expires_at`` is when the current status expires by the platform's own
    countdown, whatever the status, and ``expiry_source`` the field it was read from;
    :attr:`platform_deadline` is that countdown only while it is the time left to ship.
    ``risk_control`` and ``cancel_requests`` are the stretches under risk control and with a
    buyer's cancellation request, the :attr:`holds` of the ship clock. ``problems`` lists what
    was wrong but did not stop the order from being read (an undocumented status, say).

    Build it with :func:`halfmanaged.aliexpress.read_order` or
    :func:`halfmanaged.aliexpress.read_orders`.

    >>> import datetime as dt
    >>> t = dt.datetime(2026, 3, 9, 10, 0, tzinfo=dt.UTC)
    >>> AliExpressOrder("8", "RISK_CONTROL", t).stage
    <OrderStage.NOT_WORKABLE: 'not_workable'>
    """

    order_id: str = attrs.field(validator=required_str)
    status: str = attrs.field(validator=required_str)
    created_at: dt.datetime = attrs.field(validator=instance_of(dt.datetime, "datetime"))
    paid_at: dt.datetime | None = attrs.field(default=None, validator=optional_aware)
    modified_at: dt.datetime | None = attrs.field(default=None, validator=optional_aware)
    status_expires_at: dt.datetime | None = attrs.field(default=None, validator=optional_aware)
    expiry_source: str | None = attrs.field(default=None, validator=optional_str)
    lines: tuple[OrderLine, ...] = ()
    parcels: tuple[Parcel, ...] = ()
    risk_control: Span | None = None
    cancel_requests: tuple[Span, ...] = ()
    end_reason: str | None = attrs.field(default=None, validator=optional_str)
    country: str | None = attrs.field(default=None, validator=optional_str)
    amount: Money | None = None
    response_time: dt.datetime | None = attrs.field(default=None, validator=optional_aware)
    problems: tuple[PayloadProblem, ...] = ()

    @property
    def stage(self) -> OrderStage:
        """Where the order stands for the seller (``UNKNOWN`` for an undocumented status)."""
        return STAGES.get(self.status, OrderStage.UNKNOWN)

    @property
    def risk_cleared_at(self) -> dt.datetime | None:
        """When risk control passed (the order reached ``WAIT_SELLER_SEND_GOODS``), if known."""
        return None if self.risk_control is None else self.risk_control.end

    @property
    def status_deadline(self) -> PlatformDeadline | None:
        """The current status' expiry as a :class:`~halfmanaged.PlatformDeadline`, any status."""
        from halfmanaged.shipping import DeadlineSource, PlatformDeadline  # noqa: PLC0415

        if self.status_expires_at is None or self.expiry_source is None:
            return None
        return PlatformDeadline(self.status_expires_at, DeadlineSource(self.expiry_source))

    @property
    def platform_deadline(self) -> PlatformDeadline | None:
        """The platform's ship-by countdown, while the order waits to be (fully) shipped.

        In any other status the countdown runs to something else (the buyer's confirmation
        of receipt, the seller's answer to a cancellation) and is no ship deadline
        (docs/rules.md#reading-platform-deadline).
        """
        return self.status_deadline if self.stage in SHIP_STAGES else None

    @property
    def holds(self) -> tuple[Hold, ...]:
        """Risk control and cancellation requests as holds of the ship clock.

        See docs/rules.md#reading-holds.
        """
        from halfmanaged.shipping import Hold, HoldReason  # noqa: PLC0415

        holds = [Hold(HoldReason.CANCEL_REQUEST, s.start, s.end) for s in self.cancel_requests]
        if self.risk_control is not None:
            span = self.risk_control
            holds.insert(0, Hold(HoldReason.RISK_CONTROL, span.start, span.end))
        return tuple(holds)

    @property
    def seller_lines(self) -> tuple[OrderLine, ...]:
        """The lines the seller ships: every line not fulfilled by the platform's warehouse."""
        return tuple(line for line in self.lines if not line.platform_fulfilled)

    @property
    def seller_ships(self) -> bool:
        """Whether anything is left for the seller to ship (an order without lines counts)."""
        return not self.lines or any(not line.platform_fulfilled for line in self.lines)

    @property
    def ships_from(self) -> str | None:
        """The "Ships From" attribute shared by the seller's lines, if they name one."""
        found = {line.ships_from for line in self.seller_lines}
        return found.pop() if len(found) == 1 else None

    def records(
        self, pickups: Mapping[str, dt.datetime] | None = None
    ) -> tuple[ShipmentRecord, ...]:
        """Return one record per parcel the seller shipped (platform parcels left out).

        ``pickups`` maps a tracking number to its carrier pickup, from the carrier's own
        tracking; a parcel without one was handed over at a time its record does not have
        (docs/rules.md#reading-aliexpress-parcels).
        """
        pickups = pickups or {}
        return tuple(
            parcel.record(picked_up_at=pickups.get(parcel.tracking_number))
            for parcel in self.parcels
            if not parcel.platform_fulfilled
        )

    def to_shipping(
        self,
        warehouses: Mapping[str, WorkingCalendar],
        *,
        warehouse: str | None = None,
        destinations: Mapping[str, WorkingCalendar] | None = None,
        pickups: Mapping[str, dt.datetime] | None = None,
    ) -> ShippingInput | None:
        """Return the order and its records for the shipping engine, or ``None``.

        ``warehouses`` maps the seller's warehouse key to its calendar; the key is
        ``warehouse`` when given, else the lines' "Ships From" attribute. Nothing in the
        payload names a warehouse's country reliably, so the caller supplies the calendar.
        ``destinations`` maps a receipt country (ISO alpha-2) to its calendar; ``pickups`` is
        as for :meth:`records`. ``None`` when the platform's warehouse ships every line:
        nothing is the seller's to ship.
        """
        from halfmanaged.shipping import Order  # noqa: PLC0415

        if not self.seller_ships:
            return None
        if warehouse is not None and not isinstance(warehouse, str):
            raise FieldTypeError("warehouse", warehouse, "str (a warehouse key) or None")
        key = warehouse if warehouse is not None else self.ships_from
        if key is None:
            raise MissingDataError(
                "warehouse", None, "the payload names no Ships From attribute: pass warehouse="
            )
        for name, given in (
            ("warehouses", warehouses),
            ("destinations", destinations),
            ("pickups", pickups),
        ):
            value: object = given  # typed for callers; anything may come
            if not isinstance(value, Mapping) and (value is not None or name == "warehouses"):
                raise FieldTypeError(name, given, "a mapping")
        calendar = warehouses.get(key)
        if calendar is None:
            raise MissingDataError(
                "warehouse", key, f"no calendar for it in warehouses (keys: {sorted(warehouses)})"
            )
        destination = None
        if destinations is not None and self.country is not None:
            destination = destinations.get(self.country)
        order = Order(
            self.order_id,
            self.created_at,
            calendar,
            destination=destination,
            region=self.country,
            value=self.amount,
            paid_at=self.paid_at,
            risk_cleared_at=self.risk_cleared_at,
            holds=self.holds,
            platform_deadline=self.platform_deadline,
        )
        return ShippingInput(order, self.records(pickups))


# -- the reader's own construction path ----------------------------------------------------
#
# The public constructors above validate every field. The reader builds many values per page
# from fields it has already checked itself (ids and texts as ``str``, counts as ``int``,
# times aware with fixed offsets, enums as members, flags as ``bool``), so it builds them
# through these functions, which set the slots directly and run no validator. They take every
# field, in declaration order; tests pin that they give what the public constructors give.


def _slot_setters(
    cls: type, names: tuple[str, ...]
) -> tuple[Callable[[object, object], None], ...]:
    fields = tuple(field.name for field in attrs.fields(cls))
    if fields != names:  # a field added to the class must be added to its builder
        raise AssertionError(f"{cls.__name__} fields are {fields}, the builder sets {names}")
    return tuple(getattr(cls, name).__set__ for name in names)


(
    _line_id,
    _line_status,
    _line_count,
    _line_prepare,
    _line_type,
    _line_operator,
    _line_warehouse,
    _line_attributes,
) = _slot_setters(
    OrderLine,
    (
        "line_id",
        "status",
        "product_count",
        "goods_prepare_days",
        "logistics_type",
        "send_goods_operator",
        "logistics_warehouse_type",
        "attributes",
    ),
)


def checked_line(  # noqa: PLR0917 (every field, positionally: the reader's hot path)
    line_id: str,
    status: str | None,
    product_count: int | None,
    goods_prepare_days: int | None,
    logistics_type: str | None,
    send_goods_operator: str | None,
    logistics_warehouse_type: str | None,
    attributes: str | None,
) -> OrderLine:
    """Return an :class:`OrderLine` of fields the reader has checked (no validators run)."""
    line = object.__new__(OrderLine)
    _line_id(line, line_id)
    _line_status(line, status)
    _line_count(line, product_count)
    _line_prepare(line, goods_prepare_days)
    _line_type(line, logistics_type)
    _line_operator(line, send_goods_operator)
    _line_warehouse(line, logistics_warehouse_type)
    _line_attributes(line, attributes)
    return line


(
    _parcel_number,
    _parcel_declared,
    _parcel_service,
    _parcel_service_name,
    _parcel_received,
    _parcel_receive,
    _parcel_note,
    _parcel_platform,
) = _slot_setters(
    Parcel,
    (
        "tracking_number",
        "declared_at",
        "service",
        "service_name",
        "received_at",
        "receive_status",
        "receive_note",
        "platform_fulfilled",
    ),
)


def checked_parcel(  # noqa: PLR0917 (every field, positionally: the reader's hot path)
    tracking_number: str,
    declared_at: dt.datetime,
    service: str | None,
    service_name: str | None,
    received_at: dt.datetime | None,
    receive_status: ReceiveStatus | None,
    receive_note: str | None,
    platform_fulfilled: bool,
) -> Parcel:
    """Return a :class:`Parcel` of fields the reader has checked (no validators run)."""
    parcel = object.__new__(Parcel)
    _parcel_number(parcel, tracking_number)
    _parcel_declared(parcel, declared_at)
    _parcel_service(parcel, service)
    _parcel_service_name(parcel, service_name)
    _parcel_received(parcel, received_at)
    _parcel_receive(parcel, receive_status)
    _parcel_note(parcel, receive_note)
    _parcel_platform(parcel, platform_fulfilled)
    return parcel


_span_start, _span_end = _slot_setters(Span, ("start", "end"))


def checked_span(start: dt.datetime, end: dt.datetime | None) -> Span:
    """Return a :class:`Span` of aware times the reader has read (no validators run)."""
    span = object.__new__(Span)
    _span_start(span, start)
    _span_end(span, end)
    return span


(
    _order_id,
    _order_status,
    _order_created,
    _order_paid,
    _order_modified,
    _order_expires,
    _order_expiry_source,
    _order_lines,
    _order_parcels,
    _order_risk,
    _order_cancels,
    _order_end_reason,
    _order_country,
    _order_amount,
    _order_response_time,
    _order_problems,
) = _slot_setters(
    AliExpressOrder,
    (
        "order_id",
        "status",
        "created_at",
        "paid_at",
        "modified_at",
        "status_expires_at",
        "expiry_source",
        "lines",
        "parcels",
        "risk_control",
        "cancel_requests",
        "end_reason",
        "country",
        "amount",
        "response_time",
        "problems",
    ),
)


def checked_order(  # noqa: PLR0917 (every field, positionally: the reader's hot path)
    order_id: str,
    status: str,
    created_at: dt.datetime,
    paid_at: dt.datetime | None,
    modified_at: dt.datetime | None,
    status_expires_at: dt.datetime | None,
    expiry_source: str | None,
    lines: tuple[OrderLine, ...],
    parcels: tuple[Parcel, ...],
    risk_control: Span | None,
    cancel_requests: tuple[Span, ...],
    end_reason: str | None,
    country: str | None,
    amount: Money | None,
    response_time: dt.datetime | None,
    problems: tuple[PayloadProblem, ...],
) -> AliExpressOrder:
    """Return an :class:`AliExpressOrder` of fields the reader has checked (no validators run)."""
    order = object.__new__(AliExpressOrder)
    _order_id(order, order_id)
    _order_status(order, status)
    _order_created(order, created_at)
    _order_paid(order, paid_at)
    _order_modified(order, modified_at)
    _order_expires(order, status_expires_at)
    _order_expiry_source(order, expiry_source)
    _order_lines(order, lines)
    _order_parcels(order, parcels)
    _order_risk(order, risk_control)
    _order_cancels(order, cancel_requests)
    _order_end_reason(order, end_reason)
    _order_country(order, country)
    _order_amount(order, amount)
    _order_response_time(order, response_time)
    _order_problems(order, problems)
    return order
