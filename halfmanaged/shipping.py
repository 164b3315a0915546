"""The semi-managed shipping rules (发货要求): deadlines, assessment, fines and the lifecycle.

Each rule cites DESIGN.md ("Rules in the seed" 1-7 and "Interpretations"). The seed's numbers
are policy parameters with the seed's values as defaults: promise of 1 or 2 working days, JIT
mode, carrier pickup before 15:00 or self-delivery within 48 hours, 2-5 working days of transit.

>>> import datetime as dt
>>> import halfmanaged as hm
>>> berlin = hm.WorkingCalendar.without_holidays(timezone="Europe/Berlin")
>>> placed = dt.datetime(2026, 11, 23, 10, 0, tzinfo=berlin.tzinfo)  # a Monday
>>> d = hm.compute_deadlines(hm.Order("A1", placed, berlin), hm.ShippingPolicy(promise_days=2))
>>> d.ship_by.isoformat(), d.delivery_earliest.isoformat(), d.delivery_latest.isoformat()
('2026-11-25T15:00:00+01:00', '2026-11-27', '2026-12-02')
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from typing import Any, Final, TypeAlias, TypeVar

import attrs

from halfmanaged._iso3166 import country_code
from halfmanaged._validators import (
    aware,
    check_aware,
    enums_of,
    instance_of,
    optional_aware,
    optional_str,
    required_str,
    to_enum,
    tuple_of,
)
from halfmanaged.calendar import WorkingCalendar
from halfmanaged.errors import (
    DateOutOfRangeError,
    FieldTypeError,
    InvalidFieldError,
    InvalidPolicyError,
    InvalidRecordError,
    MissingDataError,
)
from halfmanaged.messages import (
    Locale,
    as_locale,
    clock_duration,
    local_time,
    render,
    working_duration,
)

__all__ = [
    "Assessment",
    "ClockStart",
    "Deadline",
    "DeadlineDrift",
    "DeadlineKind",
    "DeadlineSource",
    "Deadlines",
    "EarlierDeadline",
    "FulfilmentMode",
    "FulfilmentStep",
    "Hold",
    "HoldReason",
    "JudgeBy",
    "Money",
    "Order",
    "ParcelAssessment",
    "PenaltySchedule",
    "PenaltyTier",
    "PlatformDeadline",
    "Progress",
    "RouteRule",
    "RuleCode",
    "SelfDeliveryFrom",
    "ShipmentRecord",
    "ShippingPolicy",
    "Status",
    "TransitTime",
    "Violation",
    "compare_deadlines",
    "compute_deadlines",
    "evaluate",
]

_ONE_DAY: Final = dt.timedelta(days=1)
_MIDNIGHT: Final = dt.time(0, 0)
_K = TypeVar("_K")
_V = TypeVar("_V")


# Python compares and subtracts two datetimes that share a tzinfo by their wall clocks, which
# is wrong across a DST switch (and in the repeated autumn hour). These two helpers correct for
# the offsets in exactly that case (with different tzinfos Python already does), without
# converting, so that a time at either end of ``datetime`` cannot overflow.
def _elapsed(later: dt.datetime, earlier: dt.datetime) -> dt.timedelta:
    if later.tzinfo is earlier.tzinfo and type(later.tzinfo) is not dt.timezone:
        wall = later.replace(tzinfo=None) - earlier.replace(tzinfo=None)
        return wall - (later.utcoffset() - earlier.utcoffset())  # type: ignore[operator]
    return later - earlier


def _later(a: dt.datetime, b: dt.datetime) -> bool:
    if a.tzinfo is b.tzinfo and type(a.tzinfo) is not dt.timezone:
        return _elapsed(a, b) > dt.timedelta(0)
    return a > b


# -- vocabularies ------------------------------------------------------------------------------


class FulfilmentMode(enum.StrEnum):
    """How an order is fulfilled. Semi-managed allows JIT only (DESIGN.md rule 3).

    ``CONSIGNMENT`` (仓发, goods stocked in a platform warehouse beforehand) exists so that a
    record can say it was used, and be flagged.

    >>> FulfilmentMode("jit") is FulfilmentMode.JIT
    True
    """

    JIT = "jit"
    CONSIGNMENT = "consignment"


class RuleCode(enum.StrEnum):
    """What a :class:`Violation` is about; each names the DESIGN.md rule it comes from.

    >>> RuleCode.LATE_PICKUP.value
    'late_pickup'
    """

    LATE_PICKUP = "late_pickup"  # rule 4: pickup before the cutoff on the ship-by day
    LATE_SELF_DELIVERY = "late_self_delivery"  # rule 4: self-delivery within 48 h
    NOT_SHIPPED = "not_shipped"  # rules 1 and 4: nothing handed over by the last deadline
    TRACKING_NOT_UPLOADED = "tracking_not_uploaded"  # rule 6: upload tracking promptly
    MODE_NOT_ALLOWED = "mode_not_allowed"  # rule 3: JIT only
    ROUTE_NOT_ALLOWED = "route_not_allowed"  # rule 5: logistics route rules
    DELIVERED_LATE = "delivered_late"  # rule 2: delivered after the delivery window
    DELIVERY_OVERDUE = "delivery_overdue"  # rule 2: the window closed without a delivery
    NOT_FROM_OVERSEAS_WAREHOUSE = "not_from_overseas_warehouse"  # rule 1
    HANDOVER_BEFORE_ORDER = "handover_before_order"  # false shipment: scan before the order


class SelfDeliveryFrom(enum.StrEnum):
    """When the self-delivery window (48 hours by default) starts counting.

    ``HANDLING_START`` (the default): at the later of the order time and 00:00 warehouse time
    on the handling-start date, so an order placed on a holiday or after the cutoff is not due
    before work on it could begin. ``PLACED``: at the order time, the literal reading.

    >>> SelfDeliveryFrom("placed") is SelfDeliveryFrom.PLACED
    True
    """

    HANDLING_START = "handling_start"
    PLACED = "placed"


class HoldReason(enum.StrEnum):
    """Why the ship clock stopped (docs/rules.md#reading-holds).

    >>> HoldReason("cancel_request") is HoldReason.CANCEL_REQUEST
    True
    """

    RISK_CONTROL = "risk_control"  # paid, under the platform's risk control
    CANCEL_REQUEST = "cancel_request"  # the buyer asked to cancel while the clock runs
    OTHER = "other"


class ClockStart(enum.StrEnum):
    """Which moment starts the ship clock (docs/rules.md#reading-clock-start).

    ``PAYMENT`` (the default): ``Order.paid_at``, else ``placed_at``; ``RISK_CLEARED``:
    ``Order.risk_cleared_at``, else as ``PAYMENT``; ``CREATION``: ``placed_at``.

    >>> ClockStart("risk_cleared") is ClockStart.RISK_CLEARED
    True
    """

    PAYMENT = "payment"
    RISK_CLEARED = "risk_cleared"
    CREATION = "creation"


class DeadlineSource(enum.StrEnum):
    """Where a platform deadline came from (docs/rules.md#reading-platform-deadline).

    >>> DeadlineSource.OVER_TIME_LEFT.value
    'over_time_left'
    """

    OVER_TIME_LEFT = "over_time_left"
    TIMEOUT_LEFT_TIME = "timeout_left_time"
    LEFT_SEND_GOOD = "left_send_good"  # the left_send_good_day/_hour/_min split


class JudgeBy(enum.StrEnum):
    """Which ship-by an assessment judges by (docs/rules.md#reading-platform-deadline).

    ``COMPUTED`` (the default): the library's; ``PLATFORM``: the platform's countdown when the
    order has one; ``EARLIER``: the earlier of the two.

    >>> JudgeBy("earlier") is JudgeBy.EARLIER
    True
    """

    COMPUTED = "computed"
    PLATFORM = "platform"
    EARLIER = "earlier"


class EarlierDeadline(enum.StrEnum):
    """Which of two ship-by deadlines comes first, in :class:`DeadlineDrift`.

    >>> EarlierDeadline.SAME.value
    'same'
    """

    COMPUTED = "computed"
    PLATFORM = "platform"
    SAME = "same"


class Status(enum.StrEnum):
    """Where an order stands against its deadlines.

    >>> [s.value for s in Status]
    ['on_track', 'at_risk', 'breached', 'fulfilled']
    """

    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    BREACHED = "breached"
    FULFILLED = "fulfilled"


class DeadlineKind(enum.StrEnum):
    """Which deadline a countdown runs to.

    >>> DeadlineKind.PICKUP.value
    'pickup'
    """

    PICKUP = "pickup"
    SELF_DELIVERY = "self_delivery"
    TRACKING_UPLOAD = "tracking_upload"
    DELIVERY = "delivery"


class FulfilmentStep(enum.StrEnum):
    """The order lifecycle of DESIGN.md rule 7, in order.

    >>> [step.value for step in FulfilmentStep][:4]
    ['accept', 'prepare_stock', 'pack', 'ship']
    """

    ACCEPT = "accept"
    PREPARE_STOCK = "prepare_stock"
    PACK = "pack"
    SHIP = "ship"
    UPLOAD_TRACKING = "upload_tracking"
    IN_TRANSIT = "in_transit"
    DELIVERED = "delivered"
    RECEIPT_CONFIRMED = "receipt_confirmed"


# -- validators ----------------------------------------------------------------------------


_BOOL: Final = instance_of(bool, "bool")


def _home_country(value: object) -> str | None:
    return None if value is None else country_code(value, "home_country")


def _shipped_from(value: object) -> str | None:
    return None if value is None else country_code(value, "shipped_from")


def _region_code(value: object, field: str = "region") -> str:
    """Return a delivery region: a two-letter region is a country code, canonicalised.

    Anything longer is the caller's own region name, kept as given (without outer spaces).
    """
    if not isinstance(value, str):
        raise FieldTypeError(field, value, "str (a country code or a region name)")
    text = value.strip()
    if len(text) == 2 and text.isascii() and text.isalpha():
        return country_code(text, field)
    if not text:
        raise InvalidFieldError(field, value, "must not be blank")
    return text


def _optional_region(value: object) -> str | None:
    return None if value is None else _region_code(value, "region")


def _codes(
    field: str, value: Iterable[str] | None, read: Callable[[object, str], str] | None = None
) -> frozenset[str] | None:
    if value is None:
        return None
    items = (value,) if isinstance(value, str) else tuple_of(str, field, value)
    return frozenset(items if read is None else (read(item, field) for item in items))


def _services(value: Iterable[str] | None) -> frozenset[str] | None:
    return _codes("services", value)


def _origins(value: Iterable[str] | None) -> frozenset[str] | None:
    return _codes("origins", value, country_code)


def _destinations(value: Iterable[str] | None) -> frozenset[str] | None:
    return _codes("destinations", value, _region_code)


def _duration(field: str) -> Callable[[object, attrs.Attribute[dt.timedelta], object], None]:
    def check(instance: object, attribute: attrs.Attribute[dt.timedelta], value: object) -> None:
        if not isinstance(value, dt.timedelta):
            raise FieldTypeError(field, value, "datetime.timedelta")
        if value < dt.timedelta(0):
            raise InvalidPolicyError(field, value, "must not be negative")

    return check


# -- money and fines ---------------------------------------------------------------------


# Bounds that keep every fine exact in Decimal's default 28 digits: an amount below 10**15
# with at most 6 decimal places, times a percentage of at most 100, quantized back to the
# amount's places, needs at most 21 digits. Outside them Decimal would raise its own errors.
_AMOUNT_LIMIT: Final = Decimal(10) ** 15
_PLACES: Final = 6


def _to_decimal(value: object, field: str = "amount", limit: Decimal = _AMOUNT_LIMIT) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, Decimal | int | str):
        # A float cannot hold 0.1 exactly; money is never built from one.
        raise FieldTypeError(field, value, "Decimal, int or str")
    try:
        amount = Decimal(value)
    except ArithmeticError:
        raise InvalidFieldError(field, value, "not a number") from None
    if not amount.is_finite():
        raise InvalidFieldError(field, value, "must be finite")
    if amount < 0:
        raise InvalidFieldError(field, value, "must not be negative")
    exponent = amount.as_tuple().exponent
    if amount > limit or (isinstance(exponent, int) and exponent < -_PLACES):
        raise InvalidFieldError(
            field, value, f"must be at most {limit} with at most {_PLACES} decimal places"
        )
    return amount


def _currency(instance: object, attribute: attrs.Attribute[str], value: object) -> None:
    if not isinstance(value, str) or len(value) != 3 or not value.isalpha() or not value.isupper():
        raise InvalidFieldError("currency", value, "expected an ISO 4217 code such as 'EUR'")


@attrs.frozen
class Money:
    """An amount in a currency, exact (``Decimal``), never negative.

    Amounts stay below 10**15 with at most 6 decimal places, so that every fine computed from
    them is exact.

    >>> Money("12.50", "EUR")
    Money(amount=Decimal('12.50'), currency='EUR')
    >>> Money(0.1, "EUR")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    halfmanaged.errors.FieldTypeError: amount=0.1: expected Decimal, int or str, got float
    """

    amount: Decimal = attrs.field(converter=_to_decimal)
    currency: str = attrs.field(validator=_currency)

    def __str__(self) -> str:
        return f"{self.amount} {self.currency}"


def _quantum(amount: Decimal) -> Decimal:
    """Return the smallest step of ``amount`` (0.01 for 12.50), never coarser than 1."""
    exponent = amount.as_tuple().exponent
    return Decimal(1).scaleb(min(exponent, 0) if isinstance(exponent, int) else 0)


_HUNDRED: Final = Decimal(100)


def _percent(value: object) -> Decimal | None:
    return None if value is None else _to_decimal(value, "percent", _HUNDRED)


@attrs.frozen
class PenaltyTier:
    """A fine that applies from ``from_working_days`` late: a percentage, a fixed sum or both.

    ``percent`` is of the order value (``Decimal("5")`` is 5 %), from 0 to 100 with at most 6
    decimal places; ``cap`` limits the total.

    >>> PenaltyTier(1, percent="5", cap=Money("20", "EUR")).percent
    Decimal('5')
    """

    from_working_days: int
    percent: Decimal | None = attrs.field(default=None, converter=_percent)
    fixed: Money | None = attrs.field(
        default=None, validator=instance_of(Money, "Money or None", optional=True)
    )
    cap: Money | None = attrs.field(
        default=None, validator=instance_of(Money, "Money or None", optional=True)
    )

    def __attrs_post_init__(self) -> None:
        if type(self.from_working_days) is not int or self.from_working_days < 0:
            raise InvalidPolicyError(
                "from_working_days", self.from_working_days, "a whole number of days, 0 or more"
            )
        if self.percent is None and self.fixed is None:
            raise InvalidPolicyError("percent", None, "a tier needs a percentage or a fixed sum")
        if self.fixed and self.cap and self.fixed.currency != self.cap.currency:
            raise InvalidPolicyError("cap", self.cap, "must be in the fixed sum's currency")


def _tiers(value: Iterable[PenaltyTier]) -> tuple[PenaltyTier, ...]:
    tiers = tuple_of(PenaltyTier, "tiers", value)
    starts = [tier.from_working_days for tier in tiers]
    if len(set(starts)) != len(starts):
        raise InvalidPolicyError("tiers", starts, "two tiers start on the same day")
    return tuple(sorted(tiers, key=lambda tier: tier.from_working_days))


def _rule_codes(value: Iterable[RuleCode | str]) -> frozenset[RuleCode]:
    return frozenset(enums_of(RuleCode, "applies_to", value))


def _days_late(value: object) -> int:
    if type(value) is not int:
        raise FieldTypeError("working_days_late", value, "int")
    return value


_LATE_SHIPMENT: Final = frozenset(
    {
        RuleCode.LATE_PICKUP,
        RuleCode.LATE_SELF_DELIVERY,
        RuleCode.NOT_SHIPPED,
        RuleCode.TRACKING_NOT_UPLOADED,
    }
)


@attrs.frozen
class PenaltySchedule:
    """Late-shipment fines (发货超时罚款) by how many working days late, in tiers.

    The seed says fines follow the platform's policy and grow with lateness, but gives no
    figures, so the default schedule has no tiers and charges nothing. Configure your own from
    your contract with the platform. Force majeure is exempt unless ``exempt_force_majeure``
    is false. ``applies_to`` names the violations that count as late shipment (a tracking
    number not uploaded in time counts: the platform treats it as not shipped).

    >>> schedule = PenaltySchedule(
    ...     [PenaltyTier(1, percent="5"), PenaltyTier(3, percent="10", cap=Money("30", "EUR"))]
    ... )
    >>> schedule.fine(Money("400.00", "EUR"), working_days_late=4)
    Money(amount=Decimal('30.00'), currency='EUR')
    >>> PenaltySchedule().fine(Money("400.00", "EUR"), working_days_late=10) is None
    True
    """

    tiers: tuple[PenaltyTier, ...] = attrs.field(default=(), converter=_tiers)
    exempt_force_majeure: bool = attrs.field(default=True, validator=_BOOL)
    applies_to: frozenset[RuleCode] = attrs.field(default=_LATE_SHIPMENT, converter=_rule_codes)

    def tier_for(self, working_days_late: int) -> PenaltyTier | None:
        """Return the tier that applies at ``working_days_late``, if any.

        >>> PenaltySchedule([PenaltyTier(2, fixed=Money(5, "USD"))]).tier_for(1) is None
        True
        """
        working_days_late = _days_late(working_days_late)
        found = None
        for tier in self.tiers:
            if tier.from_working_days <= working_days_late:
                found = tier
        return found

    def fine(self, order_value: Money | None, *, working_days_late: int) -> Money | None:
        """Return the fine for an order of ``order_value`` this late, or ``None`` for none.

        A percentage tier needs the order value; its result keeps the value's precision.

        >>> PenaltySchedule([PenaltyTier(1, percent="2.5")]).fine(None, working_days_late=1)
        Traceback (most recent call last):
        ...
        halfmanaged.errors.MissingDataError: order.value=None: a percentage fine needs ...
        """
        if order_value is not None and not isinstance(order_value, Money):
            raise FieldTypeError("order_value", order_value, "Money or None")
        tier = self.tier_for(working_days_late)
        if tier is None:
            return None
        parts: list[Money] = []
        if tier.percent is not None:
            if order_value is None:
                raise MissingDataError(
                    "order.value", None, "a percentage fine needs the order value"
                )
            share = order_value.amount * tier.percent / 100
            parts.append(Money(share.quantize(_quantum(order_value.amount)), order_value.currency))
        if tier.fixed is not None:
            parts.append(tier.fixed)
        currencies = {part.currency for part in parts} | (
            {tier.cap.currency} if tier.cap else set()
        )
        if len(currencies) > 1:
            raise InvalidPolicyError(
                "tiers", tier, f"mixes currencies {sorted(currencies)}; convert before fining"
            )
        total = Money(sum((part.amount for part in parts), Decimal(0)), parts[0].currency)
        if tier.cap is not None and total.amount > tier.cap.amount:
            return Money(tier.cap.amount.quantize(_quantum(total.amount)), total.currency)
        return total


# -- policy ------------------------------------------------------------------------------


def _transit_days(instance: object, attribute: attrs.Attribute[int], value: object) -> None:
    if type(value) is not int or value < 0:
        raise InvalidPolicyError(
            attribute.name, value, "a whole number of working days, 0 or more"
        )


@attrs.frozen
class TransitTime:
    """Transit of a delivery region (运送时效), in working days: 2-5 by default (rule 2).

    >>> TransitTime(3, 2)
    Traceback (most recent call last):
    ...
    halfmanaged.errors.InvalidPolicyError: max_days=2: must not be less than min_days=3
    """

    min_days: int = attrs.field(default=2, validator=_transit_days)
    max_days: int = attrs.field(default=5, validator=_transit_days)

    def __attrs_post_init__(self) -> None:
        if self.max_days < self.min_days:
            raise InvalidPolicyError(
                "max_days", self.max_days, f"must not be less than min_days={self.min_days}"
            )


@attrs.frozen
class RouteRule:
    """A logistics route the rules allow (物流线路规则, rule 5).

    ``None`` in a field means "any". A shipment's route is allowed when one rule matches its
    carrier, service, origin country and delivery region.

    >>> rule = RouteRule("dhl", origins={"DE"}, destinations={"DE", "AT"})
    >>> rule.allows("dhl", "parcel", "DE", "AT"), rule.allows("dhl", None, "DE", "FR")
    (True, False)
    """

    carrier: str = attrs.field(validator=required_str)
    services: frozenset[str] | None = attrs.field(default=None, converter=_services)
    origins: frozenset[str] | None = attrs.field(default=None, converter=_origins)
    destinations: frozenset[str] | None = attrs.field(default=None, converter=_destinations)

    def allows(
        self, carrier: str, service: str | None, origin: str | None, destination: str | None
    ) -> bool:
        """Return whether this rule allows the route; an unknown value matches only "any"."""
        try:
            return (
                carrier == self.carrier
                and (self.services is None or service in self.services)
                and (self.origins is None or origin in self.origins)
                and (self.destinations is None or destination in self.destinations)
            )
        except TypeError:  # an unhashable argument; evaluate only ever passes str or None
            for field, value in (
                ("service", service),
                ("origin", origin),
                ("destination", destination),
            ):
                if value is not None and not isinstance(value, str):
                    raise FieldTypeError(field, value, "str or None") from None
            raise


def _promise(instance: object, attribute: attrs.Attribute[int], value: object) -> None:
    if type(value) is not int or value not in (1, 2):
        raise InvalidPolicyError(
            "promise_days", value, "the platform offers only 1 or 2 working days (rule 1)"
        )


def _jit_only(instance: object, attribute: attrs.Attribute[FulfilmentMode], value: object) -> None:
    if value is not FulfilmentMode.JIT:
        raise InvalidPolicyError("mode", value, "semi-managed allows JIT only (rule 3)")


def _time_of_day(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is None and attribute.name == "order_cutoff":
        return
    if not isinstance(value, dt.time) or value.tzinfo is not None:
        raise FieldTypeError(attribute.name, value, "datetime.time without tzinfo (local time)")


class _FrozenMap(Mapping[_K, _V]):
    """A read-only, hashable mapping that pickles and copies (a ``mappingproxy`` does not).

    >>> import pickle
    >>> m = _FrozenMap({"FR": 1})
    >>> m["FR"], pickle.loads(pickle.dumps(m)) == m, hash(m) == hash(_FrozenMap({"FR": 1}))
    (1, True, True)
    """

    __slots__ = ("_data",)

    def __init__(self, data: Mapping[_K, _V] | Iterable[tuple[_K, _V]] = ()) -> None:
        self._data: dict[_K, _V] = dict(data)

    def __getitem__(self, key: _K) -> _V:
        return self._data[key]

    def __iter__(self) -> Iterator[_K]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __hash__(self) -> int:
        return hash(frozenset(self._data.items()))

    def __repr__(self) -> str:
        return repr(self._data)

    def __reduce__(self) -> tuple[type[_FrozenMap[_K, _V]], tuple[dict[_K, _V]]]:
        return (type(self), (self._data,))


def _transit_map(value: Mapping[str, TransitTime]) -> Mapping[str, TransitTime]:
    if not isinstance(value, Mapping):
        raise FieldTypeError("transit_by_region", value, "a mapping of region to TransitTime")
    regions: dict[str, TransitTime] = {}
    for region, transit in value.items():
        if not isinstance(transit, TransitTime):
            raise FieldTypeError(f"transit_by_region[{region!r}]", transit, "TransitTime")
        regions[_region_code(region, "transit_by_region")] = transit
    return _FrozenMap(regions)


def _routes(value: Iterable[RouteRule]) -> tuple[RouteRule, ...]:
    return tuple_of(RouteRule, "routes", value)


# Named wrappers: mypy's attrs plugin accepts only named functions as converters.
_SELF_DELIVERY_FROM: Final = to_enum(SelfDeliveryFrom, "self_delivery_from")
_CLOCK_START: Final = to_enum(ClockStart, "clock_start")
_JUDGE_BY: Final = to_enum(JudgeBy, "judge_by")


def _to_self_delivery_from(value: object) -> SelfDeliveryFrom:
    return _SELF_DELIVERY_FROM(value)


def _to_clock_start(value: object) -> ClockStart:
    return _CLOCK_START(value)


def _to_judge_by(value: object) -> JudgeBy:
    return _JUDGE_BY(value)


# cache_hash: the policy is part of the key of the per-day answer cache, asked on every order.
@attrs.frozen(cache_hash=True)
class ShippingPolicy:
    """The semi-managed shipping rules as parameters (DESIGN.md rules 1-6).

    Defaults are the seed's values: JIT, pickup before 15:00 warehouse time, self-delivery
    within 48 clock hours, transit 2-5 working days, tracking uploaded by the ship-by deadline,
    no fines configured. ``promise_days`` must be given: 1 or 2.

    ``self_delivery_from`` says when the 48 hours start: by default at the later of the order
    time and the start (00:00 warehouse time) of the handling-start date, so an order placed
    on a holiday is not due before work could begin; :attr:`SelfDeliveryFrom.PLACED` counts
    from the order time, the literal reading.

    ``clock_start`` picks the moment the ship clock starts (payment by default, see
    :class:`ClockStart`); ``judge_by`` whether the assessment judges by the computed ship-by,
    the platform's countdown (``Order.platform_deadline``) or the earlier of the two.

    ``order_cutoff`` (default: the pickup cutoff) is when an order stops counting for today.
    ``transit_by_region`` overrides the transit per delivery region; ``routes`` lists the
    allowed routes (empty: every route allowed). ``tracking_grace`` extends the tracking
    deadline past ship-by. ``home_country`` (default ``"CN"``, a library default, not a
    platform fact) is where a parcel must *not* leave from when ``require_overseas_warehouse``.
    ``at_risk_window`` (default 4 hours, a library default) turns an order "at risk" that
    close to its next deadline.

    >>> ShippingPolicy(promise_days=3)
    Traceback (most recent call last):
    ...
    halfmanaged.errors.InvalidPolicyError: promise_days=3: the platform offers only 1 or 2 ...
    """

    promise_days: int = attrs.field(validator=_promise)
    mode: FulfilmentMode = attrs.field(default=FulfilmentMode.JIT, validator=_jit_only)
    pickup_cutoff: dt.time = attrs.field(default=dt.time(15, 0), validator=_time_of_day)
    order_cutoff: dt.time | None = attrs.field(default=None, validator=_time_of_day)
    self_delivery_window: dt.timedelta = attrs.field(
        default=dt.timedelta(hours=48), validator=_duration("self_delivery_window")
    )
    transit: TransitTime = attrs.field(
        factory=TransitTime, validator=instance_of(TransitTime, "TransitTime")
    )
    transit_by_region: Mapping[str, TransitTime] = attrs.field(
        factory=dict, converter=_transit_map
    )
    routes: tuple[RouteRule, ...] = attrs.field(default=(), converter=_routes)
    tracking_grace: dt.timedelta = attrs.field(
        default=dt.timedelta(0), validator=_duration("tracking_grace")
    )
    penalties: PenaltySchedule = attrs.field(
        factory=PenaltySchedule, validator=instance_of(PenaltySchedule, "PenaltySchedule")
    )
    require_overseas_warehouse: bool = attrs.field(default=True, validator=_BOOL)
    home_country: str | None = attrs.field(default="CN", converter=_home_country)
    at_risk_window: dt.timedelta = attrs.field(
        default=dt.timedelta(hours=4), validator=_duration("at_risk_window")
    )
    self_delivery_from: SelfDeliveryFrom = attrs.field(
        default=SelfDeliveryFrom.HANDLING_START, converter=_to_self_delivery_from
    )
    clock_start: ClockStart = attrs.field(default=ClockStart.PAYMENT, converter=_to_clock_start)
    judge_by: JudgeBy = attrs.field(default=JudgeBy.COMPUTED, converter=_to_judge_by)

    @property
    def effective_order_cutoff(self) -> dt.time:
        """The order cutoff, which defaults to the pickup cutoff.

        >>> ShippingPolicy(promise_days=1).effective_order_cutoff
        datetime.time(15, 0)
        """
        return self.pickup_cutoff if self.order_cutoff is None else self.order_cutoff

    def transit_for(self, region: str | None) -> TransitTime:
        """Return the transit time of a delivery region, or the default one.

        >>> ShippingPolicy(1, transit_by_region={"FR": TransitTime(1, 3)}).transit_for("FR")
        TransitTime(min_days=1, max_days=3)
        """
        if region is not None:
            return self.transit_by_region.get(_region_code(region), self.transit)
        return self.transit


# -- orders and records ----------------------------------------------------------------------


def _utc(moment: dt.datetime, field: str) -> dt.datetime:
    try:
        return moment.astimezone(dt.UTC)
    except OverflowError:  # a time at either end of datetime, past its own offset
        raise DateOutOfRangeError(field, moment) from None


_HOLD_REASON: Final = to_enum(HoldReason, "reason")


def _to_hold_reason(value: object) -> HoldReason:
    return _HOLD_REASON(value)


@attrs.frozen
class Hold:
    """A time the ship clock stood still: risk control, a cancellation request, or other.

    ``end`` is ``None`` while the hold lasts. How a hold moves the deadlines:
    docs/rules.md#reading-holds.

    >>> import datetime as dt
    >>> t = dt.datetime(2026, 11, 24, 9, 0, tzinfo=dt.UTC)
    >>> Hold("cancel_request", t, t + dt.timedelta(hours=5)).is_open
    False
    >>> Hold("cancel_request", t, t - dt.timedelta(hours=5))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    halfmanaged.errors.InvalidFieldError: end=...: before the hold's start ...
    """

    reason: HoldReason = attrs.field(converter=_to_hold_reason)
    start: dt.datetime = attrs.field(validator=aware)
    end: dt.datetime | None = attrs.field(default=None, validator=optional_aware)

    def __attrs_post_init__(self) -> None:
        if self.end is not None and _later(self.start, self.end):
            raise InvalidFieldError("end", self.end, f"before the hold's start {self.start}")

    @property
    def is_open(self) -> bool:
        """Whether the hold still lasts (no end yet)."""
        return self.end is None


_DEADLINE_SOURCE: Final = to_enum(DeadlineSource, "source")


def _to_deadline_source(value: object) -> DeadlineSource:
    return _DEADLINE_SOURCE(value)


@attrs.frozen
class PlatformDeadline:
    """The platform's own ship-by countdown as an instant, and which field it came from.

    >>> import datetime as dt
    >>> PlatformDeadline(dt.datetime(2026, 11, 25, 23, 0, tzinfo=dt.UTC), "over_time_left").source
    <DeadlineSource.OVER_TIME_LEFT: 'over_time_left'>
    """

    at: dt.datetime = attrs.field(validator=aware)
    source: DeadlineSource = attrs.field(converter=_to_deadline_source)


def _holds(value: Iterable[Hold]) -> tuple[Hold, ...]:
    return tuple_of(Hold, "holds", value)


def _order_id(instance: object, attribute: attrs.Attribute[str], value: object) -> None:
    if not isinstance(value, str):
        raise FieldTypeError("order_id", value, "str")
    if not value.strip():
        raise InvalidFieldError("order_id", value, "must not be blank")


@attrs.frozen
class Order:
    """An order as the shipping rules see it.

    ``warehouse`` is the shipping warehouse's calendar; ``destination`` the buyer country's
    calendar (delivery days are counted on it when given); ``region`` the delivery region
    (default: the destination calendar's country; two letters are a country code), which
    picks the transit time and the route rules; ``value`` is needed only for percentage fines.

    ``placed_at`` is when the order was created. ``paid_at`` and ``risk_cleared_at`` (when
    the platform's risk control passed it) may start the ship clock instead, as
    ``ShippingPolicy.clock_start`` chooses; ``holds`` stop the clock for a while; and
    ``platform_deadline`` is the platform's own countdown, for comparison or to judge by.

    >>> import datetime as dt
    >>> cal = WorkingCalendar.without_holidays(timezone="Europe/Madrid")
    >>> Order("A1", dt.datetime(2026, 11, 26, 9, 0), cal)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    halfmanaged.errors.NaiveDatetimeError: placed_at=datetime.datetime(2026, 11, 26, 9, 0): ...
    """

    order_id: str = attrs.field(validator=_order_id)
    placed_at: dt.datetime = attrs.field(validator=aware)
    warehouse: WorkingCalendar = attrs.field(
        validator=instance_of(WorkingCalendar, "WorkingCalendar")
    )
    destination: WorkingCalendar | None = attrs.field(
        default=None,
        validator=instance_of(WorkingCalendar, "WorkingCalendar or None", optional=True),
    )
    region: str | None = attrs.field(default=None, converter=_optional_region)
    value: Money | None = attrs.field(
        default=None, validator=instance_of(Money, "Money or None", optional=True)
    )
    paid_at: dt.datetime | None = attrs.field(default=None, validator=optional_aware)
    risk_cleared_at: dt.datetime | None = attrs.field(default=None, validator=optional_aware)
    holds: tuple[Hold, ...] = attrs.field(default=(), converter=_holds)
    platform_deadline: PlatformDeadline | None = attrs.field(
        default=None,
        validator=instance_of(PlatformDeadline, "PlatformDeadline or None", optional=True),
    )

    def __attrs_post_init__(self) -> None:
        if self.paid_at is not None and _later(self.placed_at, self.paid_at):
            raise InvalidFieldError("paid_at", self.paid_at, "before the order was placed")
        if self.risk_cleared_at is not None:
            earliest = self.paid_at if self.paid_at is not None else self.placed_at
            if _later(earliest, self.risk_cleared_at):
                raise InvalidFieldError(
                    "risk_cleared_at",
                    self.risk_cleared_at,
                    f"before payment or order ({earliest})",
                )

    @property
    def delivery_region(self) -> str | None:
        """The region used for transit times and routes: ``region`` or the destination country.

        >>> import datetime as dt
        >>> fr = WorkingCalendar.for_country("FR", timezone="Europe/Paris")
        >>> Order("A1", dt.datetime(2026, 1, 5, tzinfo=dt.UTC), fr, destination=fr).delivery_region
        'FR'
        """
        if self.region is not None:
            return self.region
        return self.destination.country if self.destination is not None else None


_MODE: Final = to_enum(FulfilmentMode, "mode")


def _to_mode(value: object) -> FulfilmentMode | None:
    return None if value is None else _MODE(value)


_Rule: TypeAlias = Callable[
    ["Order", "ShippingPolicy", "ShipmentRecord", "Deadlines", dt.datetime], "Violation | None"
]

_RECORD_TIMES: Final = (
    "accepted_at",
    "stock_ready_at",
    "packed_at",
    "picked_up_at",
    "self_delivered_at",
    "tracking_uploaded_at",
    "delivered_at",
    "receipt_confirmed_at",
)


@attrs.frozen
class ShipmentRecord:
    """What happened to an order, and when; every field may be absent.

    The parcel is handed over either by carrier pickup (``picked_up_at``) or by the seller's
    self-delivery to the carrier (``self_delivered_at``), never both. Impossible records raise
    :class:`~halfmanaged.errors.InvalidRecordError` naming the field: a delivery before the
    handover, or without one; a receipt confirmed before delivery. A pickup scan earlier than
    the order is possible in real data (the platform calls it false shipment) and becomes a
    violation in :func:`evaluate`, not an error.

    >>> import datetime as dt
    >>> t = dt.datetime(2026, 11, 26, 9, 0, tzinfo=dt.UTC)
    >>> ShipmentRecord(picked_up_at=t, delivered_at=t - dt.timedelta(days=1))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    halfmanaged.errors.InvalidRecordError: delivered_at=...: before the handover at 2026-11-26 ...
    """

    accepted_at: dt.datetime | None = attrs.field(default=None, validator=optional_aware)
    stock_ready_at: dt.datetime | None = attrs.field(default=None, validator=optional_aware)
    packed_at: dt.datetime | None = attrs.field(default=None, validator=optional_aware)
    picked_up_at: dt.datetime | None = attrs.field(default=None, validator=optional_aware)
    self_delivered_at: dt.datetime | None = attrs.field(default=None, validator=optional_aware)
    carrier: str | None = attrs.field(default=None, validator=optional_str)
    service: str | None = attrs.field(default=None, validator=optional_str)
    tracking_number: str | None = attrs.field(default=None, validator=optional_str)
    tracking_uploaded_at: dt.datetime | None = attrs.field(default=None, validator=optional_aware)
    delivered_at: dt.datetime | None = attrs.field(default=None, validator=optional_aware)
    receipt_confirmed_at: dt.datetime | None = attrs.field(default=None, validator=optional_aware)
    mode: FulfilmentMode | None = attrs.field(default=None, converter=_to_mode)
    shipped_from: str | None = attrs.field(default=None, converter=_shipped_from)
    force_majeure: bool = attrs.field(default=False, validator=_BOOL)

    def __attrs_post_init__(self) -> None:
        if self.picked_up_at is not None and self.self_delivered_at is not None:
            raise InvalidRecordError(
                "self_delivered_at",
                self.self_delivered_at,
                "a parcel is handed over once: by pickup or by self-delivery, not both",
            )
        handover = self.handed_over_at
        if self.delivered_at is not None:
            if handover is None:
                raise InvalidRecordError(
                    "delivered_at",
                    self.delivered_at,
                    "a delivery needs a handover (picked_up_at or self_delivered_at)",
                )
            if _later(handover, self.delivered_at):
                raise InvalidRecordError(
                    "delivered_at", self.delivered_at, f"before the handover at {handover}"
                )
        if self.receipt_confirmed_at is not None and (
            self.delivered_at is None or _later(self.delivered_at, self.receipt_confirmed_at)
        ):
            raise InvalidRecordError(
                "receipt_confirmed_at",
                self.receipt_confirmed_at,
                f"a receipt is confirmed after delivery (delivered_at={self.delivered_at})",
            )
        # Known once, asked by every evaluate: the latest time must not be after as_of, and
        # the rules that can find anything in this record (a mode, a carrier, a delivery).
        object.__setattr__(self, "_latest", _latest_of(self))
        object.__setattr__(self, "_rules", _rules_for(self))

    @property
    def handed_over_at(self) -> dt.datetime | None:
        """When the carrier got the parcel, by pickup or self-delivery.

        >>> ShipmentRecord().handed_over_at is None
        True
        """
        return self.picked_up_at if self.picked_up_at is not None else self.self_delivered_at

    def latest_time(self) -> tuple[str, dt.datetime] | None:
        """Return the latest recorded time and its field, if any.

        >>> import datetime as dt
        >>> t = dt.datetime(2026, 11, 26, 9, 0, tzinfo=dt.UTC)
        >>> later = t + dt.timedelta(hours=1)
        >>> ShipmentRecord(packed_at=t, tracking_uploaded_at=later).latest_time()[0]
        'tracking_uploaded_at'
        """
        return self._latest

    _latest: tuple[str, dt.datetime] | None = attrs.field(
        init=False, default=None, eq=False, repr=False, hash=False
    )
    _rules: tuple[_Rule, ...] = attrs.field(
        init=False, default=(), eq=False, repr=False, hash=False
    )


def _latest_of(record: ShipmentRecord) -> tuple[str, dt.datetime] | None:
    latest: tuple[str, dt.datetime] | None = None
    for name in _RECORD_TIMES:
        value = getattr(record, name)
        if value is not None and (latest is None or _later(value, latest[1])):
            latest = (name, value)
    return latest


# -- deadlines ---------------------------------------------------------------------------


@attrs.frozen
class _Day:
    """The deadlines every order of one local date shares (on one side of the cutoff)."""

    handling_start: dt.date
    ship_by: dt.datetime
    tracking_by: dt.datetime
    delivery_earliest: dt.date
    delivery_latest: dt.date
    delivery_closes_at: dt.datetime
    # The same instants in UTC: rules compare in UTC, where Python's comparisons are exact and
    # cheapest (two datetimes sharing a zone compare by wall clock, wrong across a DST switch).
    ship_utc: dt.datetime = attrs.field(eq=False)
    tracking_utc: dt.datetime = attrs.field(eq=False)
    closes_utc: dt.datetime = attrs.field(eq=False)
    # 00:00 warehouse time on the handling-start date (where self-delivery starts by default),
    # and 00:00 on the last day of the delivery window (from which the order is at risk).
    start_utc: dt.datetime = attrs.field(eq=False)
    last_day_utc: dt.datetime = attrs.field(eq=False)


@attrs.frozen(repr=False)
class Deadlines:
    """An order's deadlines, in the warehouse's time zone (delivery on the destination's clock).

    ``handling_start`` is the working day the promise counts from; ``ship_by`` the pickup
    deadline; ``self_delivery_by`` the self-delivery deadline; ``tracking_by`` the tracking
    upload deadline; the parcel should be delivered between ``delivery_earliest`` and
    ``delivery_latest`` (inclusive), that is before ``delivery_closes_at``. Build it with
    :func:`compute_deadlines`.

    >>> import datetime as dt
    >>> cal = WorkingCalendar.without_holidays(timezone="Europe/Warsaw")
    >>> order = Order("A1", dt.datetime(2026, 11, 28, 9, 0, tzinfo=cal.tzinfo), cal)  # Saturday
    >>> compute_deadlines(order, ShippingPolicy(1)).ship_by.isoformat()  # Tuesday
    '2026-12-01T15:00:00+01:00'
    """

    # The 48-hour deadline in UTC, and everything else, which is the same for every order of
    # a day: one shared value. ``_computed`` is the computed ship-by when the policy judges by
    # another one; ``_suspended`` the start (UTC) of an open hold: no deadline from then on
    # can be broken while it lasts.
    _self_utc: dt.datetime
    _day: _Day
    _computed: dt.datetime | None = None
    _suspended: dt.datetime | None = None

    def __repr__(self) -> str:
        day = self._day
        return (
            f"Deadlines(handling_start={day.handling_start!r}, ship_by={day.ship_by!r}, "
            f"self_delivery_by={self.self_delivery_by!r}, tracking_by={day.tracking_by!r}, "
            f"delivery_earliest={day.delivery_earliest!r}, "
            f"delivery_latest={day.delivery_latest!r})"
        )

    @property
    def self_delivery_by(self) -> dt.datetime:
        """The order time plus the self-delivery window, in absolute time (rule 4)."""
        return self._self_utc.astimezone(self._day.ship_by.tzinfo)

    @property
    def handling_start(self) -> dt.date:
        """The working day the promise counts from."""
        return self._day.handling_start

    @property
    def ship_by(self) -> dt.datetime:
        """The pickup cutoff on the last promised working day (rule 4)."""
        return self._day.ship_by

    @property
    def tracking_by(self) -> dt.datetime:
        """When carrier and tracking number must be on the platform (rule 6)."""
        return self._day.tracking_by

    @property
    def delivery_earliest(self) -> dt.date:
        """The first day of the delivery window (rule 2)."""
        return self._day.delivery_earliest

    @property
    def delivery_latest(self) -> dt.date:
        """The last day of the delivery window (rule 2)."""
        return self._day.delivery_latest

    @property
    def delivery_closes_at(self) -> dt.datetime:
        """The first instant after the delivery window, on the destination's clock."""
        return self._day.delivery_closes_at

    @property
    def handover_by(self) -> dt.datetime:
        """The last moment a handover can still be on time, by either route (rule 4).

        >>> import datetime as dt
        >>> cal = WorkingCalendar.without_holidays(timezone="UTC")
        >>> order = Order("A1", dt.datetime(2026, 11, 23, 10, 0, tzinfo=dt.UTC), cal)
        >>> compute_deadlines(order, ShippingPolicy(1)).handover_by.isoformat()
        '2026-11-25T10:00:00+00:00'
        """
        day = self._day
        return self.self_delivery_by if self._self_utc > day.ship_utc else day.ship_by

    @property
    def computed_ship_by(self) -> dt.datetime:
        """The library's own ship-by, also when the policy judges by the platform's.

        >>> import datetime as dt
        >>> cal = WorkingCalendar.without_holidays(timezone="UTC")
        >>> eight = dt.datetime(2026, 11, 24, 8, 0, tzinfo=dt.UTC)
        >>> due = PlatformDeadline(eight, "over_time_left")
        >>> order = Order("A1", dt.datetime(2026, 11, 23, 10, 0, tzinfo=dt.UTC), cal,
        ...               platform_deadline=due)
        >>> d = compute_deadlines(order, ShippingPolicy(1, judge_by="earlier"))
        >>> d.ship_by.isoformat(), d.computed_ship_by.isoformat()
        ('2026-11-24T08:00:00+00:00', '2026-11-24T15:00:00+00:00')
        """
        return self._day.ship_by if self._computed is None else self._computed

    @property
    def suspended_since(self) -> dt.datetime | None:
        """When an open hold stopped the clock (warehouse time), or ``None``.

        While it lasts no deadline from then on can be broken (docs/rules.md#reading-holds).
        """
        if self._suspended is None:
            return None
        return self._suspended.astimezone(self._day.ship_by.tzinfo)


def _answers(order: Order, policy: ShippingPolicy, start: dt.date, ship_by: dt.datetime) -> _Day:
    """Return the deadlines of a handling start and ship-by (docs/rules.md#reading-ship-by)."""
    cal = order.warehouse
    tracking_by = (ship_by.astimezone(dt.UTC) + policy.tracking_grace).astimezone(cal.tzinfo)
    # docs/rules.md#reading-delivery-window: the ship-by date + transit working days, on the
    # destination's calendar when there is one.
    transit = policy.transit_for(order.delivery_region)
    counted_on = order.destination or cal
    ship_date = ship_by.date()
    latest = counted_on.add_working_days(ship_date, transit.max_days)
    closes_at = counted_on.at(latest + _ONE_DAY, _MIDNIGHT)
    return _Day(
        start,
        ship_by,
        tracking_by,
        counted_on.add_working_days(ship_date, transit.min_days),
        latest,
        closes_at,
        ship_by.astimezone(dt.UTC),
        tracking_by.astimezone(dt.UTC),
        closes_at.astimezone(dt.UTC),
        cal.at(start, _MIDNIGHT).astimezone(dt.UTC),
        counted_on.at(latest, _MIDNIGHT).astimezone(dt.UTC),
    )


def _day_answers(order: Order, policy: ShippingPolicy, local_date: dt.date, late: bool) -> _Day:
    """Return the deadlines shared by orders whose clock starts on ``local_date``."""
    cal = order.warehouse
    # docs/rules.md#reading-handling-start: the clock's local date if it is a working day and
    # the clock started before the order cutoff, else the next working day.
    start = cal.next_working_day(local_date) if late else cal.roll_forward(local_date)
    ship_by = cal.at(cal.add_working_days(start, policy.promise_days), policy.pickup_cutoff)
    return _answers(order, policy, start, ship_by)


def _self_delivery_utc(clock: dt.datetime, policy: ShippingPolicy, day: _Day) -> dt.datetime:
    """Return the self-delivery deadline in UTC (docs/rules.md#reading-self-delivery)."""
    start = clock.astimezone(dt.UTC)
    if policy.self_delivery_from is SelfDeliveryFrom.HANDLING_START and day.start_utc > start:
        start = day.start_utc
    # Absolute time: in UTC, since aware + timedelta is wall-clock arithmetic elsewhere.
    return start + policy.self_delivery_window


def _clock_start(order: Order, policy: ShippingPolicy) -> dt.datetime:
    """Return when the ship clock starts (docs/rules.md#reading-clock-start)."""
    choice = policy.clock_start
    if choice is ClockStart.CREATION:
        return order.placed_at
    if choice is ClockStart.RISK_CLEARED and order.risk_cleared_at is not None:
        return order.risk_cleared_at
    return order.paid_at if order.paid_at is not None else order.placed_at


_Span: TypeAlias = tuple[dt.datetime, dt.datetime]


def _read_holds(
    clock: dt.datetime, holds: tuple[Hold, ...]
) -> tuple[dt.datetime, list[_Span], dt.datetime | None]:
    """Split holds (docs/rules.md#reading-holds) into what they do, all in UTC.

    Return the clock start moved past every hold in effect when it would start, the closed
    holds that begin after it (merged where they overlap, in order), and the start of the
    first open hold, if any (from then on the clock stands still).
    """
    start = clock.astimezone(dt.UTC)
    spans: list[_Span] = []
    suspended: dt.datetime | None = None
    for hold in sorted(holds, key=lambda h: _utc(h.start, "holds")):
        begins = hold.start.astimezone(dt.UTC)
        ends = None if hold.end is None else _utc(hold.end, "holds")
        if ends is None:
            suspended = max(begins, start)
            break  # the clock stands still from here; nothing later can move it
        if begins <= start:
            start = max(start, ends)  # in effect when the clock would start: it starts after
        elif spans and begins <= spans[-1][1]:
            spans[-1] = (spans[-1][0], max(spans[-1][1], ends))
        else:
            spans.append((begins, ends))
    return start, spans, suspended


_TICK: Final = dt.timedelta(microseconds=1)


def _held(order: Order, policy: ShippingPolicy, day: _Day, spans: list[_Span]) -> _Day:
    """Extend ship-by by the working days the holds covered inside the handling window.

    Any part of a working day counts that day; a day two holds share counts once; a hold that
    begins once ship-by has passed extends nothing.
    """
    cal = order.warehouse
    tz = cal.tzinfo
    ship_utc = day.ship_utc
    extra = 0
    counted: dt.date | None = None  # the last local date already counted
    for held_from, ends in spans:
        if held_from >= ship_utc:
            break
        begins = max(held_from, day.start_utc)
        if ends <= begins:
            continue
        first = begins.astimezone(tz).date()
        last = (ends - _TICK).astimezone(tz).date()
        if counted is not None and first <= counted:
            first = counted + _ONE_DAY
        if first <= last:
            extra += cal.working_days_between(first, last + _ONE_DAY)
            counted = last
        ship_date = cal.add_working_days(day.handling_start, policy.promise_days + extra)
        ship_utc = cal.at(ship_date, policy.pickup_cutoff).astimezone(dt.UTC)
    if not extra:
        return day
    return _answers(order, policy, day.handling_start, ship_utc.astimezone(tz))


def _held_self_delivery(
    self_utc: dt.datetime, opens: dt.datetime, spans: list[_Span]
) -> dt.datetime:
    """Extend the self-delivery deadline by the clock time holds stopped its window."""
    for held_from, ends in spans:
        if held_from >= self_utc:
            break
        begins = max(held_from, opens)
        if ends > begins:
            self_utc += ends - begins
    return self_utc


def _judged(order: Order, policy: ShippingPolicy, day: _Day) -> _Day:
    """Replace ship-by by the platform's countdown or the earlier of the two, as the policy says.

    docs/rules.md#reading-platform-deadline: the tracking deadline and the delivery window
    follow the ship-by judged by.
    """
    platform = order.platform_deadline
    if platform is None or policy.judge_by is JudgeBy.COMPUTED:
        return day
    at = _utc(platform.at, "platform_deadline.at")
    if policy.judge_by is JudgeBy.EARLIER and at >= day.ship_utc:
        return day
    return _answers(order, policy, day.handling_start, at.astimezone(order.warehouse.tzinfo))


def _adjusted(order: Order, policy: ShippingPolicy) -> Deadlines:
    """Deadlines of an order with a later clock start, holds or a platform deadline."""
    clock = _clock_start(order, policy)
    spans: list[_Span] = []
    suspended = None
    if order.holds:
        clock, spans, suspended = _read_holds(clock, order.holds)
    cal = order.warehouse
    local = clock.astimezone(cal.tzinfo)
    cutoff = policy.effective_order_cutoff
    late = local.time() >= cutoff
    day = _cached_day(order, policy, local.date(), late)
    self_utc = _self_delivery_utc(clock, policy, day)
    if spans:
        opens = self_utc - policy.self_delivery_window
        self_utc = _held_self_delivery(self_utc, opens, spans)
        day = _held(order, policy, day, spans)
    judged = _judged(order, policy, day)
    computed = None if judged is day else day.ship_by
    return Deadlines(self_utc, judged, computed, suspended)


def _cached_day(order: Order, policy: ShippingPolicy, local_date: dt.date, late: bool) -> _Day:
    key = (policy, order.warehouse, order.destination, order.region)
    tables = _DAY_CACHE.get(key)
    if tables is None:
        tables = _day_tables(key)
    days = tables[late]
    day = days.get(local_date)
    if day is None:
        day = days[local_date] = _day_answers(order, policy, local_date, late)
    return day


def compute_deadlines(order: Order, policy: ShippingPolicy) -> Deadlines:
    """Return an order's deadlines under ``policy`` (DESIGN.md "Interpretations", rules 1-4).

    ``ship_by`` is the pickup cutoff on the working day ``promise_days`` working days after
    the handling start; ``self_delivery_by`` is ``placed_at`` plus the self-delivery window in
    absolute time (47 or 49 wall-clock hours across a DST switch).

    >>> import datetime as dt
    >>> cal = WorkingCalendar.without_holidays(timezone="Europe/Berlin")
    >>> wed = dt.datetime(2026, 11, 25, 16, 0, tzinfo=cal.tzinfo)  # after the 15:00 cutoff
    >>> compute_deadlines(Order("A1", wed, cal), ShippingPolicy(1)).ship_by.isoformat()
    '2026-11-27T15:00:00+01:00'
    """
    # The hot path checks nothing: a wrong type or an out-of-range time surfaces as a builtin
    # error, which the handlers below (free until raised) turn into ours.
    try:
        if (
            order.holds
            or order.paid_at is not None
            or order.risk_cleared_at is not None
            or (order.platform_deadline is not None and policy.judge_by is not JudgeBy.COMPUTED)
        ):
            return _adjusted(order, policy)
        cal = order.warehouse
        placed = order.placed_at
        local = placed.astimezone(cal._tzinfo)
        cutoff = policy.pickup_cutoff if policy.order_cutoff is None else policy.order_cutoff
        late = local.time() >= cutoff
        key = (policy, cal, order.destination, order.region)
        tables = _DAY_CACHE.get(key)
        if tables is None:
            tables = _day_tables(key)
        days = tables[late]
        day = days.get(local.date())
        if day is None:
            day = days[local.date()] = _day_answers(order, policy, local.date(), late)
        return Deadlines(_self_delivery_utc(placed, policy, day), day)
    except (AttributeError, TypeError):
        _check_arguments(order, policy)
        raise
    except OverflowError:  # a time near datetime.min or max
        raise DateOutOfRangeError("placed_at", order.placed_at) from None


# The per-day answers (ship-by and delivery window of each local order date, before and after
# the cutoff), shared by every order of that day. Keyed by value, (policy, warehouse,
# destination, region), so equal calendars and policies share answers and a copied value finds
# the same ones; cleared whole when full, so callers who build a new policy or calendar per
# order do not grow it without end.
_DAY_CACHE: Final[dict[tuple[object, ...], tuple[dict[dt.date, _Day], dict[dt.date, _Day]]]] = {}
_DAY_CACHE_SIZE: Final = 256


def _day_tables(key: tuple[object, ...]) -> tuple[dict[dt.date, _Day], dict[dt.date, _Day]]:
    if len(_DAY_CACHE) >= _DAY_CACHE_SIZE:
        _DAY_CACHE.clear()
    tables: tuple[dict[dt.date, _Day], dict[dt.date, _Day]] = ({}, {})
    return _DAY_CACHE.setdefault(key, tables)


def _check_arguments(order: object, policy: object, record: object = None) -> None:
    """Raise the error that names an argument of the wrong type, if there is one."""
    if not isinstance(order, Order):
        raise FieldTypeError("order", order, "Order")
    if not isinstance(policy, ShippingPolicy):
        raise FieldTypeError("policy", policy, "ShippingPolicy")
    if record is not None and not isinstance(record, ShipmentRecord):
        raise FieldTypeError("record", record, "ShipmentRecord or None")


# -- assessment --------------------------------------------------------------------------


@attrs.frozen
class Violation:
    """One broken rule: its code, deadline, what happened and how late.

    ``deadline`` and ``actual`` are in the warehouse's time zone (``None`` for rules without a
    deadline, or when nothing happened yet); ``late_by`` is absolute time, and
    ``working_days_late`` counts the working days after the deadline's day up to the actual
    (or assessment) day. ``value`` holds the offending value of a rule without a deadline.

    >>> import datetime as dt
    >>> v = Violation(RuleCode.MODE_NOT_ALLOWED, value="consignment")
    >>> v.message()
    'Fulfilment mode consignment is not allowed: semi-managed orders ship JIT only.'
    >>> v.message("zh-CN")
    '不允许的发货模式 consignment：半托管仅支持 JIT（即时发货）。'
    """

    code: RuleCode
    deadline: dt.datetime | None = None
    actual: dt.datetime | None = None
    late_by: dt.timedelta | None = None
    working_days_late: int | None = None
    value: str | None = None

    def message(self, locale: Locale | str = Locale.EN) -> str:
        """Say what went wrong, for a seller, in English or Simplified Chinese."""
        loc = as_locale(locale)
        # Times are already in the zone of the place the rule is about (warehouse or
        # destination); lateness is clock time, and working days where the rule counts them.
        fields = {
            "deadline": local_time(self.deadline) if self.deadline else "",
            "actual": local_time(self.actual) if self.actual else "",
            "late_by": clock_duration(self.late_by, loc) if self.late_by is not None else "",
            "working_days": working_duration(self.working_days_late or 0, "days", loc),
            "value": self.value or "",
        }
        return render(f"shipping.{self.code.value}", fields, loc)


@attrs.frozen
class Deadline:
    """The next deadline and the time left to it, like the platform's countdown.

    >>> import datetime as dt
    >>> due = dt.datetime(2026, 11, 27, 15, 0, tzinfo=dt.UTC)
    >>> Deadline(DeadlineKind.PICKUP, due, dt.timedelta(hours=5)).time_left
    datetime.timedelta(seconds=18000)
    """

    kind: DeadlineKind
    due: dt.datetime
    time_left: dt.timedelta


@attrs.frozen
class Progress:
    """Where an order is in its lifecycle (DESIGN.md rule 7) and what is due next, by when.

    ``current`` is the first step not done (``None`` when all are); ``due`` is its deadline,
    if it has one (prepare, pack and ship share the handover deadline; confirming receipt is
    the buyer's move and has none).

    >>> Progress(FulfilmentStep.PACK, (FulfilmentStep.ACCEPT,), None).current
    <FulfilmentStep.PACK: 'pack'>
    """

    current: FulfilmentStep | None
    completed: tuple[FulfilmentStep, ...]
    due: dt.datetime | None


def _late(
    code: RuleCode,
    cal: WorkingCalendar,
    deadline: dt.datetime,
    actual: dt.datetime | None,
    until: dt.datetime,
) -> Violation:
    tz = cal.tzinfo
    deadline_local = deadline if deadline.tzinfo is tz else deadline.astimezone(tz)
    until_local = until if until.tzinfo is tz else until.astimezone(tz)
    days = cal.working_days_between(
        deadline_local.date() + _ONE_DAY, until_local.date() + _ONE_DAY
    )
    return Violation(
        code,
        deadline=deadline_local,
        actual=None
        if actual is None
        else until_local
        if actual is until
        else actual.astimezone(tz),
        late_by=_elapsed(until, deadline),
        working_days_late=max(days, 0),
    )


@attrs.frozen
class ParcelAssessment:
    """One parcel of a split shipment: its record and its own violations.

    >>> ParcelAssessment(ShipmentRecord(), ()).codes
    frozenset()
    """

    record: ShipmentRecord
    violations: tuple[Violation, ...]

    @property
    def codes(self) -> frozenset[RuleCode]:
        """The codes of this parcel's violations."""
        return frozenset(v.code for v in self.violations)


@attrs.frozen
class DeadlineDrift:
    """How far the platform's countdown is from the computed ship-by.

    ``difference`` is ``platform - computed`` in absolute time (positive: the platform allows
    longer); ``earlier`` names the one that comes first.

    >>> import datetime as dt
    >>> t = dt.datetime(2026, 11, 24, 15, 0, tzinfo=dt.UTC)
    >>> DeadlineDrift(t, t, dt.timedelta(0), EarlierDeadline.SAME).earlier
    <EarlierDeadline.SAME: 'same'>
    """

    computed: dt.datetime
    platform: dt.datetime
    difference: dt.timedelta
    earlier: EarlierDeadline


def compare_deadlines(deadlines: Deadlines, platform: PlatformDeadline) -> DeadlineDrift:
    """Say by how much the platform's countdown and the computed ship-by disagree.

    docs/rules.md#reading-platform-deadline. ``computed`` is the library's own ship-by, also
    when the policy judges by the platform's.

    >>> import datetime as dt
    >>> cal = WorkingCalendar.without_holidays(timezone="Europe/Berlin")
    >>> order = Order("A1", dt.datetime(2026, 11, 23, 10, 0, tzinfo=cal.tzinfo), cal)
    >>> la = dt.timezone(dt.timedelta(hours=-8))
    >>> due = PlatformDeadline(dt.datetime(2026, 11, 24, 8, 0, tzinfo=la), "over_time_left")
    >>> drift = compare_deadlines(compute_deadlines(order, ShippingPolicy(1)), due)
    >>> drift.difference, drift.earlier
    (datetime.timedelta(seconds=7200), <EarlierDeadline.COMPUTED: 'computed'>)
    """
    if not isinstance(deadlines, Deadlines):
        raise FieldTypeError("deadlines", deadlines, "Deadlines")
    if not isinstance(platform, PlatformDeadline):
        raise FieldTypeError("platform", platform, "PlatformDeadline")
    computed = deadlines.computed_ship_by
    difference = _elapsed(platform.at, computed)
    if difference:
        earlier = (
            EarlierDeadline.PLATFORM if difference < dt.timedelta(0) else EarlierDeadline.COMPUTED
        )
    else:
        earlier = EarlierDeadline.SAME
    return DeadlineDrift(computed, platform.at, difference, earlier)


@attrs.frozen
class Assessment:
    """The answer of :func:`evaluate`: violations, status, next deadline, fine and progress.

    >>> import datetime as dt
    >>> cal = WorkingCalendar.without_holidays(timezone="UTC")
    >>> order = Order("A1", dt.datetime(2026, 11, 23, 10, 0, tzinfo=dt.UTC), cal)
    >>> noon = dt.datetime(2026, 11, 24, 12, 0, tzinfo=dt.UTC)
    >>> a = evaluate(order, ShippingPolicy(1), as_of=noon)
    >>> print(a.status, a.next_deadline.kind, a.next_deadline.time_left)
    at_risk pickup 3:00:00
    """

    order: Order
    policy: ShippingPolicy = attrs.field(repr=False)
    record: ShipmentRecord
    as_of: dt.datetime
    deadlines: Deadlines
    violations: tuple[Violation, ...]
    parcels: tuple[ParcelAssessment, ...] = ()

    @property
    def drift(self) -> DeadlineDrift | None:
        """How the computed ship-by and the platform's countdown differ, if the order has one."""
        platform = self.order.platform_deadline
        return None if platform is None else compare_deadlines(self.deadlines, platform)

    @property
    def status(self) -> Status:
        """Where the order stands: breached, fulfilled, at risk or on track.

        ``BREACHED`` with any violation, else ``FULFILLED`` once delivered, else ``AT_RISK``
        within the policy's at-risk window of the next deadline (or, for the delivery window,
        on its last working day), else ``ON_TRACK``.
        """
        if self.violations:
            return Status.BREACHED
        if self.record.delivered_at is not None:
            return Status.FULFILLED
        now = self.as_of.astimezone(dt.UTC)
        upcoming = _next_due(self.deadlines, self.record, now)
        if upcoming is None:
            return Status.ON_TRACK
        kind, due = upcoming
        if due - now <= self.policy.at_risk_window or (
            # A delivery is at risk through the window's last working day.
            kind is DeadlineKind.DELIVERY and now >= self.deadlines._day.last_day_utc
        ):
            return Status.AT_RISK
        return Status.ON_TRACK

    @property
    def next_deadline(self) -> Deadline | None:
        """The earliest deadline still ahead for a step not done yet, and the time left.

        ``None`` once nothing with a deadline is left to do.
        """
        now = self.as_of.astimezone(dt.UTC)
        found = _next_due(self.deadlines, self.record, now)
        if found is None:
            return None
        kind, due = found
        day = self.deadlines._day
        clock = day.delivery_closes_at if kind is DeadlineKind.DELIVERY else day.ship_by
        return Deadline(kind, due.astimezone(clock.tzinfo), due - now)

    @property
    def codes(self) -> frozenset[RuleCode]:
        """The codes of the violations, for quick membership tests.

        >>> import datetime as dt
        >>> cal = WorkingCalendar.without_holidays(timezone="UTC")
        >>> order = Order("A1", dt.datetime(2026, 11, 23, 10, 0, tzinfo=dt.UTC), cal)
        >>> late = dt.datetime(2026, 11, 26, 12, 0, tzinfo=dt.UTC)
        >>> sorted(code.value for code in evaluate(order, ShippingPolicy(1), as_of=late).codes)
        ['not_shipped', 'tracking_not_uploaded']
        """
        return frozenset(v.code for v in self.violations)

    @property
    def fine(self) -> Money | None:
        """The late-shipment fine under the policy's schedule, or ``None``.

        The most late of the violations the schedule applies to sets the tier; force majeure
        is exempt when the schedule says so.
        """
        schedule = self.policy.penalties
        if not schedule.tiers or (self.record.force_majeure and schedule.exempt_force_majeure):
            return None
        lateness = [
            v.working_days_late
            for v in self.violations
            if v.code in schedule.applies_to and v.working_days_late is not None
        ]
        if not lateness:
            return None
        return schedule.fine(self.order.value, working_days_late=max(lateness))

    @property
    def progress(self) -> Progress:
        """Which lifecycle step the order is in, and by when it is due."""
        r = self.record
        d = self.deadlines
        steps = (
            (FulfilmentStep.ACCEPT, r.accepted_at, d.ship_by),
            (FulfilmentStep.PREPARE_STOCK, r.stock_ready_at, d.ship_by),
            (FulfilmentStep.PACK, r.packed_at, d.ship_by),
            (FulfilmentStep.SHIP, r.handed_over_at, d.handover_by),
            (FulfilmentStep.UPLOAD_TRACKING, r.tracking_uploaded_at, d.tracking_by),
            # In transit ends with the delivery; it is due by the end of the window.
            (FulfilmentStep.IN_TRANSIT, r.delivered_at, d.delivery_closes_at),
            (FulfilmentStep.DELIVERED, r.delivered_at, d.delivery_closes_at),
            (FulfilmentStep.RECEIPT_CONFIRMED, r.receipt_confirmed_at, None),
        )
        # A later step done means the earlier ones were done, recorded or not.
        last_done = max((i for i, (_, at, _) in enumerate(steps) if at is not None), default=-1)
        completed = tuple(step for step, _, _ in steps[: last_done + 1])
        if last_done + 1 >= len(steps):
            return Progress(None, completed, None)
        step, _, due = steps[last_done + 1]
        return Progress(step, completed, due)


def _checked_now(
    order: Order, records: Iterable[ShipmentRecord], as_of: dt.datetime
) -> dt.datetime:
    """Return ``as_of`` in UTC, after checking it is aware and after everything recorded."""
    given: object = as_of  # typed as a datetime, but callers pass anything
    if not isinstance(given, dt.datetime) or given.utcoffset() is None:
        check_aware("as_of", given)  # raises the error that names the problem
    now = as_of.astimezone(dt.UTC)
    if now < order.placed_at:  # a UTC operand makes every comparison exact
        raise InvalidFieldError("as_of", as_of, f"before the order was placed ({order.placed_at})")
    for record in records:
        latest = record._latest
        if latest is not None and latest[1] > now:
            raise InvalidRecordError(latest[0], latest[1], f"after as_of={as_of}: not known yet")
    for hold in order.holds:
        for moment in (hold.start, hold.end):
            if moment is not None and moment > now:
                raise InvalidRecordError("holds", hold, f"after as_of={as_of}: not known yet")
    return now


# One small rule per seed rule. Each takes the same facts and returns its violation, if any;
# a rule never reports before its deadline has passed.


def _before_order(cal: WorkingCalendar, handover: dt.datetime) -> Violation:
    return Violation(RuleCode.HANDOVER_BEFORE_ORDER, actual=handover.astimezone(cal.tzinfo))


def _handover_rule(
    order: Order, policy: ShippingPolicy, r: ShipmentRecord, d: Deadlines, as_of: dt.datetime
) -> Violation | None:
    """Rule 4: carrier pickup before the cutoff on the ship-by day, or self-delivery in 48 h.

    Nothing handed over by the later of the two deadlines is "not shipped" (rule 1); a handover
    before the order was placed is false shipment.
    """
    cal = order.warehouse
    ship_by = d._day.ship_utc
    if r.picked_up_at is not None:
        handover = r.picked_up_at
        if handover > ship_by:  # so after the order, which always precedes ship-by
            return _late(RuleCode.LATE_PICKUP, cal, ship_by, handover, handover)
    elif r.self_delivered_at is not None:
        handover = r.self_delivered_at
        if handover > d._self_utc:
            return _late(RuleCode.LATE_SELF_DELIVERY, cal, d._self_utc, handover, handover)
    else:
        last = d._self_utc if d._self_utc > ship_by else ship_by
        if as_of > last:
            return _late(RuleCode.NOT_SHIPPED, cal, last, None, as_of)
        return None
    # On time, unless too early: a handover before the order is false shipment.
    if _later(order.placed_at, handover):
        return _before_order(cal, handover)
    return None


def _tracking_rule(
    order: Order, policy: ShippingPolicy, r: ShipmentRecord, d: Deadlines, as_of: dt.datetime
) -> Violation | None:
    """Rule 6: upload carrier and tracking number by ship-by (plus grace); late is not shipped."""
    uploaded = r.tracking_uploaded_at
    if uploaded is not None:
        if uploaded > d._day.tracking_utc:
            return _late(
                RuleCode.TRACKING_NOT_UPLOADED,
                order.warehouse,
                d._day.tracking_utc,
                uploaded,
                uploaded,
            )
        return None
    if as_of > d._day.tracking_utc:
        return _late(
            RuleCode.TRACKING_NOT_UPLOADED, order.warehouse, d._day.tracking_utc, None, as_of
        )
    return None


def _mode_rule(
    order: Order, policy: ShippingPolicy, r: ShipmentRecord, d: Deadlines, as_of: dt.datetime
) -> Violation | None:
    """Rule 3: semi-managed ships in JIT mode only."""
    if r.mode is not None and r.mode is not policy.mode:
        return Violation(RuleCode.MODE_NOT_ALLOWED, value=r.mode.value)
    return None


def _route_rule(
    order: Order, policy: ShippingPolicy, r: ShipmentRecord, d: Deadlines, as_of: dt.datetime
) -> Violation | None:
    """Rule 5: ship only on routes the logistics route rules allow, once the carrier is known."""
    if not policy.routes or r.carrier is None:
        return None
    origin = r.shipped_from or order.warehouse.country
    region = order.delivery_region
    if any(rule.allows(r.carrier, r.service, origin, region) for rule in policy.routes):
        return None
    route = " / ".join(part for part in (r.carrier, r.service, origin, region) if part)
    return Violation(RuleCode.ROUTE_NOT_ALLOWED, value=route)


def _overseas_rule(
    order: Order, policy: ShippingPolicy, r: ShipmentRecord, d: Deadlines, as_of: dt.datetime
) -> Violation | None:
    """Rule 1: the seller fulfils from an overseas warehouse, not from its home country."""
    if not policy.require_overseas_warehouse:
        return None
    origin = r.shipped_from or order.warehouse.country
    if origin is not None and origin == policy.home_country:
        # What is known is where the order is fulfilled from, not that a parcel left.
        return Violation(RuleCode.NOT_FROM_OVERSEAS_WAREHOUSE, value=origin)
    return None


def _delivery_rule(
    order: Order, policy: ShippingPolicy, r: ShipmentRecord, d: Deadlines, as_of: dt.datetime
) -> Violation | None:
    """Rule 2: delivered by the end of the delivery window, on the destination's dates."""
    delivered = r.delivered_at
    end = d.delivery_closes_at
    if delivered is None or delivered < d._day.closes_utc:  # on time before the window closes
        return None
    counted_on = order.destination or order.warehouse
    delivered_on = delivered.astimezone(counted_on.tzinfo).date()
    return Violation(
        RuleCode.DELIVERED_LATE,
        deadline=end,
        actual=delivered.astimezone(counted_on.tzinfo),
        late_by=_elapsed(delivered, end),
        working_days_late=counted_on.working_days_between(end.date(), delivered_on + _ONE_DAY),
    )


def _overdue_rule(
    order: Order, policy: ShippingPolicy, r: ShipmentRecord, d: Deadlines, as_of: dt.datetime
) -> Violation | None:
    """Rule 2: once the delivery window has closed with nothing delivered, delivery is overdue.

    Counted in working days of the destination's calendar (else the warehouse's), from the day
    after the window up to the assessment day, as a late delivery would be.
    """
    closes = d._day.closes_utc
    if r.delivered_at is not None or as_of <= closes:
        return None
    counted_on = order.destination or order.warehouse
    end = d.delivery_closes_at
    until = as_of.astimezone(counted_on.tzinfo).date()
    return Violation(
        RuleCode.DELIVERY_OVERDUE,
        deadline=end,
        late_by=as_of - closes,
        working_days_late=counted_on.working_days_between(end.date(), until + _ONE_DAY),
    )


_DEADLINE_RULES: Final[tuple[_Rule, ...]] = (
    _handover_rule,
    _tracking_rule,
    _delivery_rule,
    _overdue_rule,
)
_RULES: Final[tuple[_Rule, ...]] = (
    _handover_rule,
    _tracking_rule,
    _mode_rule,
    _route_rule,
    _overseas_rule,
    _delivery_rule,
    _overdue_rule,
)


def _rules_for(record: ShipmentRecord) -> tuple[_Rule, ...]:
    """Return the rules, in order, that can find something in ``record``."""
    idle: dict[_Rule, bool] = {
        _mode_rule: record.mode is None,
        _route_rule: record.carrier is None,
        _delivery_rule: record.delivered_at is None,
        _overdue_rule: record.delivered_at is not None,
    }
    return tuple(rule for rule in _RULES if not idle.get(rule, False))


def evaluate(
    order: Order,
    policy: ShippingPolicy,
    record: ShipmentRecord | Sequence[ShipmentRecord] | None = None,
    *,
    as_of: dt.datetime,
) -> Assessment:
    """Assess an order against the shipping rules as of ``as_of``.

    ``record`` says what happened (nothing, when omitted); a sequence of records, one per
    parcel, assesses a split shipment as a whole and per parcel
    (docs/rules.md#reading-split-shipments). No violation is reported before its deadline has
    passed, nor while an open hold stops the clock. Status: ``BREACHED`` with any violation,
    else ``FULFILLED`` once delivered, else ``AT_RISK`` near the next deadline, else
    ``ON_TRACK``.

    >>> import datetime as dt
    >>> cal = WorkingCalendar.without_holidays(timezone="Europe/Berlin")
    >>> order = Order("A1", dt.datetime(2026, 11, 23, 10, 0, tzinfo=cal.tzinfo), cal)
    >>> pickup = dt.datetime(2026, 11, 24, 16, 30, tzinfo=cal.tzinfo)  # Tuesday, after 15:00
    >>> uploaded = dt.datetime(2026, 11, 24, 13, 0, tzinfo=cal.tzinfo)
    >>> record = ShipmentRecord(picked_up_at=pickup, tracking_uploaded_at=uploaded)
    >>> a = evaluate(order, ShippingPolicy(1), record, as_of=pickup)
    >>> print(a.violations[0].message())
    Late pickup: the carrier picked the parcel up at 2026-11-24 16:30 CET, after the deadline
    2026-11-24 15:00 CET (1 hour 30 minutes late).
    """
    parcels: tuple[ShipmentRecord, ...] = ()
    if record is None:
        record = _NOTHING
    elif not isinstance(record, ShipmentRecord):
        parcels = _parcels(record)
        record = _whole(parcels) if parcels else _NOTHING
    try:
        now = _checked_now(order, parcels or (record,), as_of)  # deadlines compare in UTC
        deadlines = compute_deadlines(order, policy)
        if not parcels:
            violations = _found(order, policy, record, deadlines, now, rules=record._rules)
            return Assessment(order, policy, record, as_of, deadlines, violations)
        each = tuple(
            ParcelAssessment(p, _found(order, policy, p, deadlines, now, rules=p._rules))
            for p in parcels
        )
    except AttributeError:  # free until raised, like compute_deadlines' own checks
        _check_arguments(order, policy, record)
        raise
    except OverflowError:  # as_of (and so every recorded time) near datetime.max
        raise DateOutOfRangeError("as_of", as_of) from None
    # The whole: its deadlines by the last parcel; the facts without a deadline (mode, route,
    # origin, a scan before the order) as any parcel shows them.
    whole = tuple(
        v
        for v in _found(order, policy, record, deadlines, now, rules=_DEADLINE_RULES)
        if v.code is not RuleCode.HANDOVER_BEFORE_ORDER
    )
    facts: list[Violation] = []
    for parcel in each:
        facts.extend(v for v in parcel.violations if v.code in _FACTS and v not in facts)
    return Assessment(order, policy, record, as_of, deadlines, whole + tuple(facts), each)


_FACTS: Final = frozenset(
    {
        RuleCode.MODE_NOT_ALLOWED,
        RuleCode.ROUTE_NOT_ALLOWED,
        RuleCode.NOT_FROM_OVERSEAS_WAREHOUSE,
        RuleCode.HANDOVER_BEFORE_ORDER,
    }
)


def _found(
    order: Order,
    policy: ShippingPolicy,
    record: ShipmentRecord,
    deadlines: Deadlines,
    now: dt.datetime,
    *,
    rules: tuple[_Rule, ...],
) -> tuple[Violation, ...]:
    """Run ``rules``; while an open hold lasts, no deadline after its start can be broken."""
    violations: tuple[Violation, ...] = ()
    suspended = deadlines._suspended
    for rule in rules:
        found = rule(order, policy, record, deadlines, now)
        if found is not None and (
            suspended is None or found.deadline is None or found.deadline < suspended
        ):
            violations += (found,)
    return violations


def _parcels(records: object) -> tuple[ShipmentRecord, ...]:
    if not isinstance(records, list | tuple):
        raise FieldTypeError(
            "record", records, "ShipmentRecord, a list or tuple of them (one per parcel), or None"
        )
    return tuple_of(ShipmentRecord, "record", records)


def _last(times: Iterable[dt.datetime | None]) -> dt.datetime | None:
    """Return the latest of ``times``, or ``None`` unless every one is known."""
    latest: dt.datetime | None = None
    for moment in times:
        if moment is None:
            return None
        if latest is None or _later(moment, latest):
            latest = moment
    return latest


def _whole(parcels: tuple[ShipmentRecord, ...]) -> ShipmentRecord:
    """One record for a split shipment: each step is done when the last parcel's is."""
    handed = _last(p.handed_over_at for p in parcels)
    last = next((p for p in parcels if p.handed_over_at is handed), None) if handed else None
    modes = [p.mode for p in parcels if p.mode is not None]
    return ShipmentRecord(
        accepted_at=_last(p.accepted_at for p in parcels),
        stock_ready_at=_last(p.stock_ready_at for p in parcels),
        packed_at=_last(p.packed_at for p in parcels),
        picked_up_at=last.picked_up_at if last is not None else None,
        self_delivered_at=last.self_delivered_at if last is not None else None,
        tracking_uploaded_at=_last(p.tracking_uploaded_at for p in parcels),
        delivered_at=_last(p.delivered_at for p in parcels),
        receipt_confirmed_at=_last(p.receipt_confirmed_at for p in parcels),
        mode=next((m for m in modes if m is not FulfilmentMode.JIT), modes[0] if modes else None),
        force_majeure=any(p.force_majeure for p in parcels),
    )


_NOTHING: Final = ShipmentRecord()


def _next_due(
    deadlines: Deadlines, record: ShipmentRecord, now: dt.datetime
) -> tuple[DeadlineKind, dt.datetime] | None:
    """Return the earliest deadline (in UTC) still ahead of ``now`` for a step not yet done."""
    day = deadlines._day
    best: tuple[DeadlineKind, dt.datetime] | None = None
    if deadlines._suspended is not None:
        return None  # the clock stands still: nothing is counting down
    if record.handed_over_at is None:
        if day.ship_utc > now:
            best = (DeadlineKind.PICKUP, day.ship_utc)
        due = deadlines._self_utc
        if due > now and (best is None or best[1] > due):
            best = (DeadlineKind.SELF_DELIVERY, due)
    if record.tracking_uploaded_at is None:
        due = day.tracking_utc
        if due > now and (best is None or best[1] > due):
            best = (DeadlineKind.TRACKING_UPLOAD, due)
    if record.delivered_at is None and day.closes_utc > now:
        due = day.closes_utc
        if best is None or best[1] > due:
            best = (DeadlineKind.DELIVERY, due)
    return best
