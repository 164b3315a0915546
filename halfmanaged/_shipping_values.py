"""The values of the shipping engine: vocabularies, money and fines, policy, order, record.

The bottom of the engine's three layers (:mod:`halfmanaged.shipping` over
:mod:`halfmanaged._shipping_rules` over this module); it imports neither of the others.
Every public name here is re-exported by :mod:`halfmanaged.shipping`, its public home.
"""

from __future__ import annotations

import datetime as dt
import enum
import zoneinfo
from collections.abc import Callable, Iterable, Iterator, Mapping
from decimal import Decimal
from typing import Any, Final, TypeVar

import attrs

from halfmanaged._iso3166 import country_code
from halfmanaged._validators import (
    aware,
    check_aware,
    enum_value,
    enums_of,
    instance_of,
    optional_aware,
    required_str,
    tuple_of,
)
from halfmanaged.calendar import WorkingCalendar
from halfmanaged.errors import (
    FieldTypeError,
    InvalidFieldError,
    InvalidPolicyError,
    InvalidRecordError,
    MissingDataError,
)

_ONE_DAY: Final = dt.timedelta(days=1)


_MIDNIGHT: Final = dt.time(0, 0)


_K = TypeVar("_K")


_V = TypeVar("_V")


# docs/rules.md#reading-time-zones: Python compares and subtracts two datetimes that share a
# tzinfo by their wall clocks, which
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


class FulfilmentMode(enum.StrEnum):
    """How an order is fulfilled. Semi-managed allows JIT only (docs/rules.md#shipping-3).

    ``CONSIGNMENT`` (仓发, goods stocked in a platform warehouse beforehand) exists so that a
    record can say it was used, and be flagged.

    >>> import halfmanaged as hm
    >>> hm.FulfilmentMode("jit") is hm.FulfilmentMode.JIT
    True
    """

    JIT = "jit"
    CONSIGNMENT = "consignment"


class RuleCode(enum.StrEnum):
    """What a violation is about; each member cites the rule it comes from, in docs/rules.md.

    >>> import halfmanaged as hm
    >>> hm.RuleCode.LATE_PICKUP.value
    'late_pickup'
    """

    LATE_PICKUP = "late_pickup"  # docs/rules.md#reading-ship-by
    LATE_SELF_DELIVERY = "late_self_delivery"  # docs/rules.md#reading-self-delivery
    NOT_SHIPPED = "not_shipped"  # docs/rules.md#reading-handover
    TRACKING_NOT_UPLOADED = "tracking_not_uploaded"  # docs/rules.md#shipping-6
    MODE_NOT_ALLOWED = "mode_not_allowed"  # docs/rules.md#shipping-3
    ROUTE_NOT_ALLOWED = "route_not_allowed"  # docs/rules.md#shipping-5
    DELIVERED_LATE = "delivered_late"  # docs/rules.md#shipping-2
    DELIVERY_OVERDUE = "delivery_overdue"  # docs/rules.md#reading-delivery-overdue
    NOT_FROM_OVERSEAS_WAREHOUSE = "not_from_overseas_warehouse"  # docs/rules.md#shipping-1
    HANDOVER_BEFORE_ORDER = "handover_before_order"  # false shipment: scan before the order


class SelfDeliveryFrom(enum.StrEnum):
    """When the self-delivery window (48 hours by default) starts counting.

    ``HANDLING_START`` (the default): at the later of the order time and 00:00 warehouse time
    on the handling-start date, so an order placed on a holiday or after the cutoff is not due
    before work on it could begin. ``PLACED``: at the order time, the literal reading.

    >>> import halfmanaged as hm
    >>> hm.SelfDeliveryFrom("placed") is hm.SelfDeliveryFrom.PLACED
    True
    """

    HANDLING_START = "handling_start"
    PLACED = "placed"


class HoldReason(enum.StrEnum):
    """Why the ship clock stopped (docs/rules.md#reading-holds).

    >>> import halfmanaged as hm
    >>> hm.HoldReason("cancel_request") is hm.HoldReason.CANCEL_REQUEST
    True
    """

    RISK_CONTROL = "risk_control"  # paid, under the platform's risk control
    CANCEL_REQUEST = "cancel_request"  # the buyer asked to cancel while the clock runs
    OTHER = "other"


class ClockStart(enum.StrEnum):
    """Which moment starts the ship clock (docs/rules.md#reading-clock-start).

    ``PAYMENT`` (the default): ``Order.paid_at``, else ``placed_at``; ``RISK_CLEARED``:
    ``Order.risk_cleared_at``, else as ``PAYMENT``; ``CREATION``: ``placed_at``.

    >>> import halfmanaged as hm
    >>> hm.ClockStart("risk_cleared") is hm.ClockStart.RISK_CLEARED
    True
    """

    PAYMENT = "payment"
    RISK_CLEARED = "risk_cleared"
    CREATION = "creation"


class DeadlineSource(enum.StrEnum):
    """Where a platform deadline came from (docs/rules.md#reading-platform-deadline).

    >>> import halfmanaged as hm
    >>> hm.DeadlineSource.OVER_TIME_LEFT.value
    'over_time_left'
    """

    OVER_TIME_LEFT = "over_time_left"
    TIMEOUT_LEFT_TIME = "timeout_left_time"
    LEFT_SEND_GOOD = "left_send_good"  # the left_send_good_day/_hour/_min split


class JudgeBy(enum.StrEnum):
    """Which ship-by an assessment judges by (docs/rules.md#reading-platform-deadline).

    ``COMPUTED`` (the default): the library's; ``PLATFORM``: the platform's countdown when the
    order has one; ``EARLIER``: the earlier of the two.

    >>> import halfmanaged as hm
    >>> hm.JudgeBy("earlier") is hm.JudgeBy.EARLIER
    True
    """

    COMPUTED = "computed"
    PLATFORM = "platform"
    EARLIER = "earlier"


class EarlierDeadline(enum.StrEnum):
    """Which of two ship-by deadlines comes first, in :class:`DeadlineDrift`.

    >>> import halfmanaged as hm
    >>> hm.EarlierDeadline.SAME.value
    'same'
    """

    COMPUTED = "computed"
    PLATFORM = "platform"
    SAME = "same"


class Status(enum.StrEnum):
    """Where an order stands against its deadlines.

    >>> import halfmanaged as hm
    >>> [s.value for s in hm.Status]
    ['on_track', 'at_risk', 'breached', 'fulfilled']
    """

    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    BREACHED = "breached"
    FULFILLED = "fulfilled"


class DeadlineKind(enum.StrEnum):
    """Which deadline a countdown runs to.

    >>> import halfmanaged as hm
    >>> hm.DeadlineKind.PICKUP.value
    'pickup'
    """

    PICKUP = "pickup"
    SELF_DELIVERY = "self_delivery"
    TRACKING_UPLOAD = "tracking_upload"
    DELIVERY = "delivery"


class FulfilmentStep(enum.StrEnum):
    """The order lifecycle, in order (docs/rules.md#shipping-7).

    >>> import halfmanaged as hm
    >>> [step.value for step in hm.FulfilmentStep][:4]
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

    >>> import halfmanaged as hm
    >>> hm.Money("12.50", "EUR")
    Money(amount=Decimal('12.50'), currency='EUR')
    >>> hm.Money(0.1, "EUR")  # doctest: +ELLIPSIS
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

    >>> import halfmanaged as hm
    >>> hm.PenaltyTier(1, percent="5", cap=hm.Money("20", "EUR")).percent
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

    docs/rules.md#reading-fines. The article says fines follow the platform's policy and grow
    with lateness, but gives no
    figures, so the default schedule has no tiers and charges nothing. Configure your own from
    your contract with the platform. Force majeure is exempt unless ``exempt_force_majeure``
    is false. ``applies_to`` names the violations that count as late shipment (a tracking
    number not uploaded in time counts: the platform treats it as not shipped).

    >>> import halfmanaged as hm
    >>> schedule = hm.PenaltySchedule(
    ...     [
    ...         hm.PenaltyTier(1, percent="5"),
    ...         hm.PenaltyTier(3, percent="10", cap=hm.Money("30", "EUR")),
    ...     ]
    ... )
    >>> schedule.fine(hm.Money("400.00", "EUR"), working_days_late=4)
    Money(amount=Decimal('30.00'), currency='EUR')
    >>> hm.PenaltySchedule().fine(hm.Money("400.00", "EUR"), working_days_late=10) is None
    True
    """

    tiers: tuple[PenaltyTier, ...] = attrs.field(default=(), converter=_tiers)
    exempt_force_majeure: bool = attrs.field(default=True, validator=_BOOL)
    applies_to: frozenset[RuleCode] = attrs.field(default=_LATE_SHIPMENT, converter=_rule_codes)

    def tier_for(self, working_days_late: int) -> PenaltyTier | None:
        """Return the tier that applies at ``working_days_late``, if any.

        >>> import halfmanaged as hm
        >>> hm.PenaltySchedule([hm.PenaltyTier(2, fixed=hm.Money(5, "USD"))]).tier_for(1) is None
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

        >>> import halfmanaged as hm
        >>> hm.PenaltySchedule([hm.PenaltyTier(1, percent="2.5")]).fine(None, working_days_late=1)
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


def _transit_days(instance: object, attribute: attrs.Attribute[int], value: object) -> None:
    if type(value) is not int or value < 0:
        raise InvalidPolicyError(
            attribute.name, value, "a whole number of working days, 0 or more"
        )


@attrs.frozen
class TransitTime:
    """Transit of a delivery region (运送时效), in working days: 2-5 by default.

    >>> import halfmanaged as hm
    >>> hm.TransitTime(3, 2)
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
    """A logistics route the rules allow (物流线路规则).

    ``None`` in a field means "any". A shipment's route is allowed when one rule matches its
    carrier, service, origin country and delivery region.

    >>> import halfmanaged as hm
    >>> rule = hm.RouteRule("dhl", origins={"DE"}, destinations={"DE", "AT"})
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
            "promise_days", value, "the platform offers only 1 or 2 working days"
        )


def _jit_only(instance: object, attribute: attrs.Attribute[FulfilmentMode], value: object) -> None:
    if value is not FulfilmentMode.JIT:
        raise InvalidPolicyError("mode", value, "semi-managed allows JIT only")


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


def _to_self_delivery_from(value: object) -> SelfDeliveryFrom:
    return enum_value(SelfDeliveryFrom, "self_delivery_from", value)


def _to_clock_start(value: object) -> ClockStart:
    return enum_value(ClockStart, "clock_start", value)


def _to_judge_by(value: object) -> JudgeBy:
    return enum_value(JudgeBy, "judge_by", value)


# cache_hash: the policy is part of the key of the per-day answer cache, asked on every order.
@attrs.frozen(cache_hash=True)
class ShippingPolicy:
    """The semi-managed shipping rules as parameters (docs/rules.md#shipping-1 to 6).

    Defaults are the article's values: JIT, pickup before 15:00 warehouse time, self-delivery
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

    >>> import halfmanaged as hm
    >>> hm.ShippingPolicy(promise_days=3)
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

        >>> import halfmanaged as hm
        >>> hm.ShippingPolicy(promise_days=1).effective_order_cutoff
        datetime.time(15, 0)
        """
        return self.pickup_cutoff if self.order_cutoff is None else self.order_cutoff

    def transit_for(self, region: str | None) -> TransitTime:
        """Return the transit time of a delivery region, or the default one.

        >>> import halfmanaged as hm
        >>> hm.ShippingPolicy(1, transit_by_region={"FR": hm.TransitTime(1, 3)}).transit_for("FR")
        TransitTime(min_days=1, max_days=3)
        """
        if region is not None:
            return self.transit_by_region.get(_region_code(region), self.transit)
        return self.transit


def _to_hold_reason(value: object) -> HoldReason:
    return enum_value(HoldReason, "reason", value)


@attrs.frozen
class Hold:
    """A time the ship clock stood still: risk control, a cancellation request, or other.

    ``end`` is ``None`` while the hold lasts. How a hold moves the deadlines:
    docs/rules.md#reading-holds.

    >>> import halfmanaged as hm
    >>> import datetime as dt
    >>> t = dt.datetime(2026, 11, 24, 9, 0, tzinfo=dt.UTC)
    >>> hm.Hold("cancel_request", t, t + dt.timedelta(hours=5)).is_open
    False
    >>> hm.Hold("cancel_request", t, t - dt.timedelta(hours=5))  # doctest: +ELLIPSIS
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


def _to_deadline_source(value: object) -> DeadlineSource:
    return enum_value(DeadlineSource, "source", value)


@attrs.frozen
class PlatformDeadline:
    """The platform's own ship-by countdown as an instant, and which field it came from.

    >>> import halfmanaged as hm
    >>> import datetime as dt
    >>> due = dt.datetime(2026, 11, 25, 23, 0, tzinfo=dt.UTC)
    >>> hm.PlatformDeadline(due, "over_time_left").source
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

    >>> import halfmanaged as hm
    >>> import datetime as dt
    >>> cal = hm.WorkingCalendar.without_holidays(timezone="Europe/Madrid")
    >>> hm.Order("A1", dt.datetime(2026, 11, 26, 9, 0), cal)  # doctest: +ELLIPSIS
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

        >>> import halfmanaged as hm
        >>> import datetime as dt
        >>> fr = hm.WorkingCalendar.for_country("FR", timezone="Europe/Paris")
        >>> placed = dt.datetime(2026, 1, 5, tzinfo=dt.UTC)
        >>> hm.Order("A1", placed, fr, destination=fr).delivery_region
        'FR'
        """
        if self.region is not None:
            return self.region
        return self.destination.country if self.destination is not None else None


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


# A record is built for every parcel event an ERP sees, so it checks its fields in one pass
# rather than with a validator per field; the types a caller normally passes cost one
# ``type(...) is`` test each, anything else takes the checked path that names the field.
_KNOWN_ZONES: Final = (zoneinfo.ZoneInfo, dt.timezone)


def _check_record_fields(record: ShipmentRecord) -> None:
    """Raise the error naming the first field of ``record`` with a wrong value."""
    for name in _RECORD_TIMES:
        value = getattr(record, name)
        if value is not None:
            check_aware(name, value)
    for name in ("carrier", "service", "tracking_number"):
        value = getattr(record, name)
        if value is not None and not isinstance(value, str):
            raise FieldTypeError(name, value, "str or None")
    for name in ("force_majeure", "handover_time_unknown"):
        if type(getattr(record, name)) is not bool:
            raise FieldTypeError(name, getattr(record, name), "bool")


@attrs.frozen
class ShipmentRecord:
    """What happened to a parcel, and when; every field may be absent.

    The parcel is handed over either by carrier pickup (``picked_up_at``) or by the seller's
    self-delivery to the carrier (``self_delivered_at``), never both. ``handover_time_unknown``
    says the parcel was handed over at a time the record does not have: platform data know
    when the seller declared the shipment and when the buyer received it, not the carrier's
    pickup scan (docs/rules.md#reading-handover). A delivery without a handover time implies
    it, so it is set then; with a pickup or self-delivery time it is an error (the time is
    known). Impossible records raise :class:`~halfmanaged.errors.InvalidRecordError` naming
    the field: a delivery before the handover; a receipt confirmed before delivery. A pickup
    scan earlier than the order is possible in real data (the platform calls it false
    shipment) and becomes a violation in :func:`~halfmanaged.evaluate`, not an error. An
    order shipped in several parcels has one record per parcel
    (docs/rules.md#reading-split-shipments).

    >>> import halfmanaged as hm
    >>> import datetime as dt
    >>> t = dt.datetime(2026, 11, 26, 9, 0, tzinfo=dt.UTC)
    >>> hm.ShipmentRecord(delivered_at=t).handover_time_unknown
    True
    >>> hm.ShipmentRecord(picked_up_at=t, delivered_at=t - dt.timedelta(days=1))
    ... # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    halfmanaged.errors.InvalidRecordError: delivered_at=...: before the handover at 2026-11-26 ...
    """

    accepted_at: dt.datetime | None = None
    stock_ready_at: dt.datetime | None = None
    packed_at: dt.datetime | None = None
    picked_up_at: dt.datetime | None = None
    self_delivered_at: dt.datetime | None = None
    carrier: str | None = None
    service: str | None = None
    tracking_number: str | None = None
    tracking_uploaded_at: dt.datetime | None = None
    delivered_at: dt.datetime | None = None
    receipt_confirmed_at: dt.datetime | None = None
    mode: FulfilmentMode | None = None
    shipped_from: str | None = None
    force_majeure: bool = False
    handover_time_unknown: bool = False

    def __attrs_post_init__(self) -> None:
        picked, handed_self = self.picked_up_at, self.self_delivered_at
        delivered, confirmed = self.delivered_at, self.receipt_confirmed_at
        for moment in (
            self.accepted_at,
            self.stock_ready_at,
            self.packed_at,
            picked,
            handed_self,
            self.tracking_uploaded_at,
            delivered,
            confirmed,
        ):
            if moment is not None and (
                type(moment) is not dt.datetime or type(moment.tzinfo) not in _KNOWN_ZONES
            ):
                _check_record_fields(self)  # names the field; a subclass or other zone may pass
                break
        flag: object = self.force_majeure  # typed bool, but callers pass anything
        untimed: object = self.handover_time_unknown
        carrier, service, number = self.carrier, self.service, self.tracking_number
        if (
            type(flag) is not bool
            or type(untimed) is not bool
            or (carrier is not None and type(carrier) is not str)
            or (service is not None and type(service) is not str)
            or (number is not None and type(number) is not str)
        ):
            _check_record_fields(self)
        if self.mode is not None and type(self.mode) is not FulfilmentMode:
            object.__setattr__(self, "mode", enum_value(FulfilmentMode, "mode", self.mode))
        if self.shipped_from is not None:
            object.__setattr__(
                self, "shipped_from", country_code(self.shipped_from, "shipped_from")
            )
        if picked is not None and handed_self is not None:
            raise InvalidRecordError(
                "self_delivered_at",
                handed_self,
                "a parcel is handed over once: by pickup or by self-delivery, not both",
            )
        handover = picked if picked is not None else handed_self
        if handover is not None:
            if untimed:
                raise InvalidRecordError(
                    "handover_time_unknown",
                    untimed,
                    f"the handover time is recorded ({handover})",
                )
            if delivered is not None and _later(handover, delivered):
                raise InvalidRecordError(
                    "delivered_at", delivered, f"before the handover at {handover}"
                )
        elif delivered is not None and not untimed:
            # A delivered parcel was handed over, at a time this record does not have.
            object.__setattr__(self, "handover_time_unknown", True)
        if confirmed is not None and (delivered is None or _later(delivered, confirmed)):
            raise InvalidRecordError(
                "receipt_confirmed_at",
                confirmed,
                f"a receipt is confirmed after delivery (delivered_at={delivered})",
            )

    @property
    def handed_over_at(self) -> dt.datetime | None:
        """When the carrier got the parcel, by pickup or self-delivery.

        >>> import halfmanaged as hm
        >>> hm.ShipmentRecord().handed_over_at is None
        True
        """
        return self.picked_up_at if self.picked_up_at is not None else self.self_delivered_at

    @property
    def handed_over(self) -> bool:
        """Whether the parcel was handed over, at a recorded time or not.

        >>> import halfmanaged as hm
        >>> import datetime as dt
        >>> t = dt.datetime(2026, 11, 26, 9, 0, tzinfo=dt.UTC)
        >>> hm.ShipmentRecord(tracking_uploaded_at=t, handover_time_unknown=True).handed_over
        True
        """
        return (
            self.handover_time_unknown
            or self.picked_up_at is not None
            or self.self_delivered_at is not None
        )

    def latest_time(self) -> tuple[str, dt.datetime] | None:
        """Return the latest recorded time and its field, if any.

        >>> import halfmanaged as hm
        >>> import datetime as dt
        >>> t = dt.datetime(2026, 11, 26, 9, 0, tzinfo=dt.UTC)
        >>> later = t + dt.timedelta(hours=1)
        >>> hm.ShipmentRecord(packed_at=t, tracking_uploaded_at=later).latest_time()[0]
        'tracking_uploaded_at'
        """
        latest: tuple[str, dt.datetime] | None = None
        for name in _RECORD_TIMES:
            value = getattr(self, name)
            if value is not None and (latest is None or _later(value, latest[1])):
                latest = (name, value)
        return latest
