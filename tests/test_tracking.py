"""Tracking numbers: every courier definition of the bundled data, check digits, reasons."""

from __future__ import annotations

import json
import re
from importlib import resources

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from halfmanaged import _tracking_schemes
from halfmanaged.errors import FieldTypeError, HalfManagedError
from halfmanaged.tracking import (
    TrackingReason,
    TrackingResult,
    carrier_code,
    known_carriers,
    normalize_tracking_number,
    validate_tracking_number,
)

DATA = resources.files("halfmanaged").joinpath("_data")


def _documents() -> list[dict[str, object]]:
    couriers = DATA.joinpath("tracking_number_data").joinpath("couriers")
    docs = [
        json.loads(p.read_text("utf-8")) for p in couriers.iterdir() if p.name.endswith(".json")
    ]
    docs.append(json.loads(DATA.joinpath("cainiao.json").read_text("utf-8")))
    docs.extend(json.loads(DATA.joinpath("european_carriers.json").read_text("utf-8"))["couriers"])
    return docs


def _cases(kind: str) -> list[tuple[str, str, str]]:
    cases = []
    for doc in _documents():
        for spec in doc["tracking_numbers"]:  # type: ignore[attr-defined]
            name = spec.get("id") or spec["name"]
            cases.extend((str(doc["courier_code"]), name, n) for n in spec["test_numbers"][kind])
    return cases


VALID = _cases("valid")
INVALID = _cases("invalid")
GB_POST = ("parcelforce", "royal_mail")  # the two carriers that issue GB S10 numbers
# Formats without a check digit or a fixed prefix: they confirm a named carrier, never detect one.
UNDETECTED = {
    str(spec.get("id") or spec["name"])
    for doc in _documents()
    for spec in doc["tracking_numbers"]  # type: ignore[attr-defined]
    if spec.get("detect") is False
}


def test_the_data_set_is_bundled_with_its_licence() -> None:
    """The copy of the courier data ships with its MIT licence and provenance note."""
    folder = DATA.joinpath("tracking_number_data")
    assert "Jeff Keen" in folder.joinpath("LICENSE").read_text("utf-8")
    assert "jkeen/tracking_number_data" in folder.joinpath("PROVENANCE.md").read_text("utf-8")
    assert len(VALID) > 100
    assert len(INVALID) > 50


def test_every_courier_of_the_data_set_is_a_known_carrier() -> None:
    """Each courier file becomes a carrier code, and Cainiao is one too."""
    codes = {str(doc["courier_code"]) for doc in _documents()}
    assert codes == set(known_carriers())
    assert {"ups", "fedex", "usps", "dhl", "dpd", "s10", "yunexpress", "cainiao"} <= codes


@pytest.mark.parametrize(("carrier", "scheme", "number"), VALID)
def test_valid_numbers_of_the_data_set_are_valid(carrier: str, scheme: str, number: str) -> None:
    """A listed valid number is valid for its carrier, and detection finds that carrier."""
    assert validate_tracking_number(number, carrier=carrier).valid
    detected = validate_tracking_number(number)
    if scheme in UNDETECTED:
        assert carrier not in detected.carriers
        return
    assert detected.valid
    if carrier != "cainiao" or not re.fullmatch(r"[A-Z]{2}\d{9}[A-Z]{2}", number.strip()):
        assert carrier in detected.carriers


@pytest.mark.parametrize(("carrier", "scheme", "number"), INVALID)
def test_invalid_numbers_of_the_data_set_are_invalid(
    carrier: str, scheme: str, number: str
) -> None:
    """A listed invalid number is rejected by its carrier, with a reason."""
    result = validate_tracking_number(number, carrier=carrier)
    assert not result.valid
    assert result.reason is not None
    assert carrier not in result.carriers


def _python_pattern(spec: dict[str, object]) -> re.Pattern[str]:
    """The data set's pattern, read independently of the library."""
    source = spec["regex"]
    text = "".join(source) if isinstance(source, list) else str(source)
    return re.compile(re.sub(r"\(\?<([A-Za-z]\w*)>", r"(?P<\1>", text))


CHECKED = [
    (str(doc["courier_code"]), spec, number)
    for doc in _documents()
    for spec in doc["tracking_numbers"]  # type: ignore[attr-defined]
    if (spec.get("validation") or {}).get("checksum")
    for number in spec["test_numbers"]["valid"]
]


@given(data=st.data())
def test_changing_the_check_digit_of_a_valid_number_makes_it_invalid(data: st.DataObject) -> None:
    """Any other character in the check-digit place turns a valid number invalid."""
    carrier, spec, number = data.draw(st.sampled_from(CHECKED))
    compact = "".join(number.split()).upper()
    match = _python_pattern(spec).fullmatch(compact)
    assert match is not None
    start, end = match.span("CheckDigit")
    digit = compact[start:end].strip()
    alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ" if not digit.isdigit() else "0123456789"
    other = data.draw(st.sampled_from([c for c in alphabet if c != digit]))
    changed = compact[:start] + other + compact[start + 1 :]
    (scheme,) = [s for s in _tracking_schemes.tables().schemes if s.name == spec["name"]]
    match = scheme.pattern.fullmatch(changed)
    assert match is None or scheme.problem(match) is not None
    result = validate_tracking_number(changed, carrier=carrier)
    # USPS Legacy and USPS 20 read the same twenty digits with different check digits, so a
    # changed number may be valid in the carrier's other format, never in the same one.
    assert not result.valid or result.scheme != scheme.id


def _s10_check_digit(serial: str) -> str:
    """UPU S10 check digit, written from the standard's text for this test."""
    total = sum(int(d) * w for d, w in zip(serial, (8, 6, 4, 2, 3, 5, 9, 7), strict=True))
    value = 11 - total % 11
    return {10: "0", 11: "5"}.get(value, str(value))


@given(
    serial=st.text("0123456789", min_size=8, max_size=8),
    # Not LX, CN ...: DHL eCommerce takes those prefixes with any digits after them.
    service=st.sampled_from(["RR", "EE", "LZ", "CP", "UA", "VV", "HA", "QM"]),
    country=st.sampled_from(["CN", "GB", "US", "DE", "NL", "FR", "ES", "CV", "HK", "TW"]),
)
def test_s10_numbers_are_valid_with_exactly_one_check_digit(
    serial: str, service: str, country: str
) -> None:
    """Of the ten digits in the check place, exactly the standard's one is valid."""
    right = _s10_check_digit(serial)
    for digit in "0123456789":
        number = f"{service}{serial}{digit}{country}"
        result = validate_tracking_number(number, carrier="s10")
        assert result.valid is (digit == right), number
        if digit != right:
            assert result.reason is TrackingReason.CHECK_DIGIT


@pytest.mark.parametrize(
    ("serial", "digit"),
    [
        ("12345678", "5"),  # the standard's own example, RB123456785GB
        ("00000000", "5"),  # remainder 0: 11 becomes 5
        ("00000050", "0"),  # 9 x 5 = 45, remainder 1: 10 becomes 0
        ("00050000", "1"),  # 2 x 5 = 10, remainder 10: 11 - 10 = 1
        ("10000000", "3"),  # 8, remainder 8: 11 - 8 = 3
    ],
)
def test_s10_check_digit_edge_cases(serial: str, digit: str) -> None:
    """The S10 check digit's special cases (10 -> 0, 11 -> 5) hold."""
    assert validate_tracking_number(f"RR{serial}{digit}GB", carrier="s10").valid


@pytest.mark.parametrize(
    ("function", "serial", "digit", "expected"),
    [
        (_tracking_schemes.luhn, "7992739871", "3", True),  # the textbook Luhn example
        (_tracking_schemes.luhn, "7992739871", "4", False),
        (_tracking_schemes.mod7, "331881002", "5", True),  # 331881002 = 7 x 47411571 + 5
        (_tracking_schemes.mod7, "331881002", "4", False),
        # UPS mod 10: odd positions once, even ones twice; R counts as 8.
        (_tracking_schemes.mod10(1, 2, reverse=False), "5R8939035756712", "7", True),
        (_tracking_schemes.mod10(1, 2, reverse=False), "5R8939035756712", "8", False),
        # ISO 7064 MOD 37,36 over "A": ((36 + 10) mod 36) x 2 mod 37 = 20, check 37 - 20 = 17.
        (
            _tracking_schemes.iso7064_mod37_36("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"),
            "A",
            "H",
            True,
        ),
        (
            _tracking_schemes.iso7064_mod37_36("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"),
            "A",
            "G",
            False,
        ),
        (_tracking_schemes.iso7064_mod37_36("0123456789"), "1x", "0", False),
        # FedEx 12: weights 3 1 7 ..., sum mod 11 mod 10.
        (_tracking_schemes.weighted_mod_mod((3, 1, 7), 11, 10), "100", "3", True),
        (_tracking_schemes.weighted_mod_mod((3, 1, 7), 11, 10), "004", "6", True),  # 28 mod 11
    ],
)
def test_check_digit_schemes_from_their_descriptions(
    function: _tracking_schemes.CheckFn, serial: str, digit: str, expected: bool
) -> None:
    """Each check-digit scheme gives the hand-computed answer."""
    assert function(serial, digit) is expected


def test_unknown_checksum_names_are_refused() -> None:
    """A courier file naming a scheme the library lacks fails loudly at import."""
    with pytest.raises(ValueError, match="unknown checksum"):
        _tracking_schemes._checksum({"name": "mod99"})


@pytest.mark.parametrize(
    ("number", "carrier", "reason", "carriers"),
    [
        ("", None, TrackingReason.EMPTY, ()),
        ("  \t ", "ups", TrackingReason.EMPTY, ()),
        ("hello", None, TrackingReason.FORMAT, ()),
        ("LP0012345678901", "cainiao", TrackingReason.FORMAT, ()),
        ("RB123456786GB", "s10", TrackingReason.CHECK_DIGIT, ()),
        ("RB123456785XX", "s10", TrackingReason.UNKNOWN_COUNTRY, ()),
        ("RB123456785XX", None, TrackingReason.UNKNOWN_COUNTRY, ()),
        ("SB123456785GB", "s10", TrackingReason.UNKNOWN_SERVICE, ()),
        ("1Z5R89390357567127", "fedex", TrackingReason.OTHER_CARRIER, ("ups",)),
        ("LP00724622449605", "ups", TrackingReason.OTHER_CARRIER, ("cainiao",)),
        ("RB123456785GB", "yunexpress", TrackingReason.OTHER_CARRIER, ("s10", *GB_POST)),
        ("RB123456785GB", "pigeon post", TrackingReason.UNKNOWN_CARRIER, ("s10", *GB_POST)),
    ],
)
def test_reasons(
    number: str, carrier: str | None, reason: TrackingReason, carriers: tuple[str, ...]
) -> None:
    """Each way of being invalid is named, with the carriers the number does fit."""
    result = validate_tracking_number(number, carrier)
    assert (result.valid, result.reason, result.carriers) == (False, reason, carriers)


@pytest.mark.parametrize(
    ("number", "carrier", "carriers", "scheme", "service", "country"),
    [
        ("RB123456785GB", "s10", ("s10",), "s10", "Letter Post Registered", "GB"),
        ("rb 1234 5678 5gb", None, ("s10", *GB_POST), "s10", "Letter Post Registered", "GB"),
        ("ＲＢ１２３４５６７８５ＧＢ", "s10", ("s10",), "s10", "Letter Post Registered", "GB"),
        ("LX123456785CN", None, ("s10", "dhl"), "s10", "Letter Post Express", "CN"),
        ("RB123456785GB", "cainiao", ("cainiao",), "s10", "Letter Post Registered", "GB"),
        ("RB123456785GB", "Cainiao", ("cainiao",), "s10", "Letter Post Registered", "GB"),
        ("LP00724622449605", "菜鸟", ("cainiao",), "cainiao_lp", None, None),
        ("CNUSUP00016597663", None, ("cainiao",), "cainiao_cnusup", None, None),
        ("1Z5R89390357567127", "UPS", ("ups",), "ups", "UPS United States Ground", None),
        ("00 81827 0998 0000 0200 33 350 276 C", "dpd", ("dpd",), "dpd", "AM0", "DE"),
        ("YT2229521272164446", "yunexpress", ("yunexpress",), "yunexpress", None, None),
        ("1LS7119013618127-1", "lasership", ("lasership",), "lasership_1ls7_18", None, None),
    ],
)
def test_valid_results_say_what_they_found(
    number: str,
    carrier: str | None,
    carriers: tuple[str, ...],
    scheme: str,
    service: str | None,
    country: str | None,
) -> None:
    """A valid result names carriers, format, and the service and country the number carries."""
    result = validate_tracking_number(number, carrier)
    assert result.valid
    assert result.reason is None
    assert (result.carriers, result.scheme, result.service, result.country) == (
        carriers,
        scheme,
        service,
        country,
    )


@pytest.mark.parametrize(("number", "carrier"), [(12345, None), (None, "ups"), (b"RB", None)])
def test_non_strings_raise_a_library_error(number: object, carrier: str | None) -> None:
    """A number that is not a string is a FieldTypeError (a HalfManagedError and TypeError)."""
    with pytest.raises(FieldTypeError) as caught:
        validate_tracking_number(number, carrier)  # type: ignore[arg-type]
    assert isinstance(caught.value, HalfManagedError)
    assert isinstance(caught.value, TypeError)


def test_a_non_string_carrier_raises() -> None:
    """The carrier, when given, must be a string too."""
    with pytest.raises(FieldTypeError):
        validate_tracking_number("RB123456785GB", 5)  # type: ignore[arg-type]
    with pytest.raises(FieldTypeError):
        carrier_code(5)  # type: ignore[arg-type]
    with pytest.raises(FieldTypeError):
        normalize_tracking_number(None)  # type: ignore[arg-type]


@given(st.text())
def test_any_string_gives_a_result(text: str) -> None:
    """Whatever the text, the validator answers instead of raising."""
    result = validate_tracking_number(text)
    assert isinstance(result, TrackingResult)
    assert result.valid is (result.reason is None)
    assert isinstance(validate_tracking_number(text, "usps"), TrackingResult)


@given(st.text())
def test_normalisation_is_idempotent(text: str) -> None:
    """Normalising a normalised number changes nothing."""
    once = normalize_tracking_number(text)
    assert normalize_tracking_number(once) == once
    assert not any(ch.isspace() for ch in once)


@given(st.sampled_from(VALID), st.sampled_from([" ", "  ", "\t", "\u3000", "\n"]))
def test_spacing_and_case_do_not_matter(case: tuple[str, str, str], gap: str) -> None:
    """A valid number stays valid with its letters lower-cased and whitespace anywhere."""
    carrier, _, number = case
    spread = gap.join(number.lower())
    assert validate_tracking_number(spread, carrier).valid


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("ups", "ups"),
        (" UPS ", "ups"),
        ("Canada Post", "canada_post"),
        ("canadapost", "canada_post"),
        ("United States Postal Service", "usps"),
        ("Spee-Dee Delivery", "speedee"),
        ("dhl_express", "dhl"),
        ("菜鸟", "cainiao"),
        ("云途", "yunexpress"),
        ("Royal Pigeon", None),
        ("", None),
    ],
)
def test_carrier_codes(name: str, code: str | None) -> None:
    """Codes, names, format ids and known aliases map to the carrier code."""
    assert carrier_code(name) == code


@pytest.mark.parametrize("reason", [*TrackingReason, None])
@pytest.mark.parametrize("locale", ["en", "zh-CN"])
def test_every_result_has_a_message(reason: TrackingReason | None, locale: str) -> None:
    """Each reason (and validity) reads as a sentence in both languages."""
    result = TrackingResult("RB123456785GB", reason is None, ("s10",), "s10", reason)
    text = result.message(locale)
    assert text
    assert "{" not in text
    if reason not in {TrackingReason.EMPTY}:
        assert "RB123456785GB" in text


def test_results_are_frozen() -> None:
    """A result cannot be changed in place."""
    result = validate_tracking_number("RB123456785GB")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        result.valid = False  # type: ignore[misc]


def test_the_length_index_agrees_with_trying_every_format() -> None:
    """Skipping formats by length never skips one that matches."""
    for _, _, number in VALID + INVALID:
        compact = _tracking_schemes.normalize(number)
        order = _tracking_schemes.tables().detection_order
        everything = [s for s in order if s.pattern.fullmatch(compact)]
        kept = _tracking_schemes.detection_candidates(compact)
        assert all(s in kept for s in everything)
    # Longer than any bounded format: only DHL Parcel's, whose length DHL does not state.
    long = _tracking_schemes.detection_candidates("9" * 200)
    assert [s.id for s in long] == ["dhl_parcel_3s_jvgl"]


# ---------------------------------------------------------------- European last-mile carriers

EUROPE = json.loads(DATA.joinpath("european_carriers.json").read_text("utf-8"))["couriers"]


def test_the_european_carriers_are_known_with_their_names() -> None:
    """Every European carrier of the bundled data is a known carrier, listed by name."""
    names = known_carriers()
    for code, name in {
        "gls": "GLS",
        "inpost": "InPost",
        "la_poste": "La Poste",
        "colissimo": "Colissimo",
        "chronopost": "Chronopost",
        "correos": "Correos",
        "royal_mail": "Royal Mail",
        "parcelforce": "Parcelforce Worldwide",
        "evri": "Evri",
        "hermes_de": "Hermes Germany",
        "dhl_paket": "DHL Paket",
        "dhl_parcel": "DHL Parcel (Benelux)",
        "postnl": "PostNL",
        "poste_italiane": "Poste Italiane",
        "poczta_polska": "Poczta Polska",
        "deutsche_post": "Deutsche Post",
    }.items():
        assert names[code] == name
    assert carrier_code("Hermes") == "hermes_de"
    assert carrier_code("Hermes UK") == "evri"
    assert carrier_code("Royal Mail") == "royal_mail"


def test_only_high_and_medium_confidence_formats_are_bundled_with_their_sources() -> None:
    """Each European format states a high or medium confidence and at least one source."""
    specs = [spec for doc in EUROPE for spec in doc["tracking_numbers"]]
    assert len(specs) == 25  # the Parcelforce export row holds two formats
    for spec in specs:
        assert spec["confidence"] in {"high", "medium"}, spec["id"]
        assert spec["sources"], spec["id"]
    provenance = DATA.joinpath("european_carriers.md").read_text("utf-8")
    for doc in EUROPE:
        assert f"`{doc['courier_code']}`" in provenance


@pytest.mark.parametrize(
    ("number", "carrier"),
    [
        ("36301917596", "gls"),  # GLS numeric parcel number: check digit not recovered
        ("PX1234567890", "poczta_polska"),  # Pocztex: an unlicensed snippet only
        ("00340433836442636597", "poczta_polska"),  # its 20-digit form: unverified
        ("AB12CD1234567890123456E", "correos"),  # 23-character domestic: an OCR heuristic
        ("ABCDEFGHIJ1234567890K", "royal_mail"),  # 21-character confirmation code
    ],
)
def test_low_confidence_formats_are_left_out(number: str, carrier: str) -> None:
    """A format known only from weak sources does not make a number valid for its carrier."""
    assert not validate_tracking_number(number, carrier=carrier).valid


@pytest.mark.parametrize(
    ("number", "carrier"),
    [
        ("1234567890123456", "evri"),  # constructed: 16 digits, Evri's own description
        ("A12BC3DEF4GHI5JK", "evri"),  # constructed: letter, two digits, 13 letters or digits
        ("12345678", "evri"),  # constructed: the eight-digit calling-card number
    ],
)
def test_formats_without_published_examples_accept_their_shape(number: str, carrier: str) -> None:
    """Formats the sources describe without an example accept a number of that shape."""
    assert validate_tracking_number(number, carrier=carrier).valid
    assert not validate_tracking_number(number[:-1], carrier=carrier).valid


@pytest.mark.parametrize(
    ("number", "carrier"),
    [("XHAX4HDA", "ups"), ("520000014433330021832563", "dpd"), ("12345678", "fedex")],
)
def test_a_shape_without_a_check_never_makes_a_number_another_carriers(
    number: str, carrier: str
) -> None:
    """Eight letters fit a GLS Track-ID, but that does not make a UPS number 'a GLS one'."""
    result = validate_tracking_number(number, carrier=carrier)
    assert result.reason is not TrackingReason.OTHER_CARRIER
    assert not validate_tracking_number(number).valid


def test_a_carrier_named_dhl_accepts_dhl_paket_and_dhl_parcel_numbers() -> None:
    """Sellers write 'DHL' for DHL Paket; its Identcode, 20-digit and 3S numbers are DHL's."""
    for number in ("201298452277", "00340433836442636597", "3SBCC000123456"):
        assert validate_tracking_number(number, carrier="DHL").valid, number
    assert validate_tracking_number("201298452278", carrier="DHL").reason in {
        TrackingReason.CHECK_DIGIT,
        TrackingReason.OTHER_CARRIER,
    }


def _gs1(body: str) -> str:
    """GS1 mod 10, written from GS1's text: weight 3 on the rightmost digit, then 1, 3 ..."""
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    return str(-total % 10)


def _identcode(body: str) -> str:
    """Deutsche Post Identcode: weights 4 and 9 from the left, check = (10 - sum mod 10) mod 10."""
    total = sum(int(d) * (4 if i % 2 == 0 else 9) for i, d in enumerate(body))
    return str(-total % 10)


@given(body=st.text("0123456789", min_size=11, max_size=11))
def test_dhl_paket_identcode_has_exactly_one_check_digit(body: str) -> None:
    """Of ten digits after an 11-digit Identcode body, exactly the 4/9 rule's one is valid."""
    for digit in "0123456789":
        result = validate_tracking_number(body + digit, carrier="dhl_paket")
        assert (result.valid and result.scheme == "dhl_paket_12") is (digit == _identcode(body))


@given(
    body=st.text("0123456789", min_size=17, max_size=17),
    carrier=st.sampled_from(["dhl_paket", "hermes_de"]),
)
def test_twenty_digit_numbers_carry_a_gs1_check_digit(body: str, carrier: str) -> None:
    """00 + 17 digits + check: only GS1's digit is valid, for DHL Paket and Hermes alike."""
    for digit in "0123456789":
        result = validate_tracking_number(f"00{body}{digit}", carrier=carrier)
        assert result.valid is (digit == _gs1("00" + body))


@given(body=st.text("0123456789", min_size=13, max_size=13))
def test_hermes_fourteen_digit_numbers_carry_a_gs1_check_digit(body: str) -> None:
    """Hermes' 14-digit number: weights 3, 1 from the left, which is GS1 over 13 digits."""
    for digit in "0123456789":
        result = validate_tracking_number(body + digit, carrier="hermes_de")
        assert result.valid is (digit == _gs1(body))


@pytest.mark.parametrize(
    ("carrier", "country"),
    [
        ("royal_mail", "GB"),
        ("colissimo", "FR"),
        ("chronopost", "FR"),
        ("correos", "ES"),
        ("postnl", "NL"),
        ("poste_italiane", "IT"),
        ("poczta_polska", "PL"),
        ("deutsche_post", "DE"),
        ("parcelforce", "GB"),
    ],
)
def test_national_s10_formats_take_only_their_own_country(carrier: str, country: str) -> None:
    """A postal carrier's S10 format is its own country's, with the S10 check digit."""
    serial = "87654321"
    good = f"RR{serial}{_s10_check_digit(serial)}{country}"
    assert validate_tracking_number(good, carrier=carrier).valid
    assert not validate_tracking_number(f"RR{serial}{_s10_check_digit(serial)}XX", carrier).valid
    wrong = str((int(_s10_check_digit(serial)) + 1) % 10)
    assert not validate_tracking_number(f"RR{serial}{wrong}{country}", carrier=carrier).valid


def test_importing_the_package_reads_no_tracking_data() -> None:
    """The courier data is read on first use, not when halfmanaged is imported."""
    import subprocess  # noqa: PLC0415
    import sys  # noqa: PLC0415

    code = (
        "import halfmanaged, halfmanaged._tracking_schemes as t;"
        "print(t.tables.cache_info().currsize);"
        "halfmanaged.validate_tracking_number('RB123456785GB');"
        "print(t.tables.cache_info().currsize)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["0", "1"]
