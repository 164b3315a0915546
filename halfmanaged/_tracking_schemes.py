"""Tracking-number formats and check-digit schemes, compiled once on first use.

The formats come from the courier definitions of jkeen/tracking_number_data, bundled under
``halfmanaged/_data/tracking_number_data`` with its LICENSE (MIT) and PROVENANCE.md, plus the
Cainiao formats in ``halfmanaged/_data/cainiao.json`` and the European last-mile carriers in
``halfmanaged/_data/european_carriers.json`` (sources in each file, provenance of the latter in
``european_carriers.md``). Nothing is read at import: :func:`tables` reads and compiles the
data the first time a number is checked, and keeps the immutable result (compiled patterns,
check functions and lookup tables).

The check-digit schemes are written from their published descriptions, not from any other
implementation: UPU S10 (weights 8 6 4 2 3 5 9 7, eleven minus the sum modulo 11, 10 -> 0 and
11 -> 5), weighted mod 10 (UPS, USPS, FedEx Ground, Canada Post, OnTrac), Luhn, mod 7 (DHL
Express), the FedEx weighted sum taken modulo 11 then 10, and ISO/IEC 7064 MOD 37,36 (DPD).
"""

from __future__ import annotations

import functools
import json
import operator
import re
import unicodedata
from collections.abc import Callable, Iterator, Mapping
from importlib import resources
from types import MappingProxyType
from typing import Final

from halfmanaged import _iso3166

__all__ = [
    "Scheme",
    "Tables",
    "carrier_code",
    "detection_candidates",
    "normalize",
    "slug",
    "tables",
]

# Reasons are plain strings here; halfmanaged.tracking turns them into its public enum.
FORMAT: Final = "format"
CHECK_DIGIT: Final = "check_digit"
UNKNOWN_COUNTRY: Final = "unknown_country"
UNKNOWN_SERVICE: Final = "unknown_service"

CheckFn = Callable[[str, str], bool]

# --- check-digit schemes -----------------------------------------------------------------

# UPS spells letters into its mod-10 sum as digits: A=2, B=3 ... H=9, I=0, J=1 ... (the
# letter's place in the alphabet plus one, modulo 10). Byte tables translate in C.
_LETTER_DIGITS: Final = bytes.maketrans(
    bytes(range(ord("A"), ord("Z") + 1)), bytes(ord("0") + (i + 2) % 10 for i in range(26))
)
# Luhn doubles every second digit and adds the digits of the product: 0 2 4 6 8 1 3 5 7 9.
_LUHN_DOUBLED: Final = bytes.maketrans(b"0123456789", b"0246813579")
_ZERO: Final = ord("0")


def _digit_sum(digits: bytes) -> int:
    # Summing the ASCII bytes is several times faster than int() per character.
    return sum(digits) - _ZERO * len(digits)


def _weighted_sum(digits: str, weights: tuple[int, ...]) -> int:
    raw = digits.encode()
    total: int = sum(map(operator.mul, raw, weights))
    return total - _ZERO * sum(weights[: len(raw)])


def mod10(evens: int, odds: int, *, reverse: bool) -> CheckFn:
    """Weighted mod 10: positions 0, 2, 4 ... weigh ``evens``, 1, 3, 5 ... weigh ``odds``.

    The check digit tops the weighted sum up to a multiple of ten. ``reverse`` counts the
    positions from the right-hand end of the serial (USPS IMpb).
    """

    def check(serial: str, digit: str) -> bool:
        raw = serial.encode()
        if not serial.isdigit():
            raw = raw.translate(_LETTER_DIGITS)
        if reverse:
            raw = raw[::-1]
        size = len(raw)
        total = evens * (sum(raw[0::2]) - _ZERO * ((size + 1) // 2)) + odds * (
            sum(raw[1::2]) - _ZERO * (size // 2)
        )
        return (-total) % 10 == ord(digit) - _ZERO

    return check


def luhn(serial: str, digit: str) -> bool:
    """Luhn (ISO/IEC 7812-1): from the right, double every second digit; total ends in 0."""
    seq = (serial + digit).encode()[::-1]
    return (_digit_sum(seq[0::2]) + _digit_sum(seq[1::2].translate(_LUHN_DOUBLED))) % 10 == 0


def mod7(serial: str, digit: str) -> bool:
    """DHL Express: the check digit is the serial, read as a number, modulo 7."""
    return int(serial) % 7 == int(digit)


def s10(weights: tuple[int, ...], modulo: int) -> CheckFn:
    """UPU S10: 11 minus the weighted sum modulo 11, where 10 becomes 0 and 11 becomes 5."""

    def check(serial: str, digit: str) -> bool:
        value = modulo - _weighted_sum(serial, weights) % modulo
        if value == 10:
            value = 0
        elif value == 11:
            value = 5
        return value == int(digit)

    return check


def weighted_mod_mod(weights: tuple[int, ...], modulo1: int, modulo2: int) -> CheckFn:
    """FedEx Express: the weighted sum modulo ``modulo1``, then modulo ``modulo2``."""

    def check(serial: str, digit: str) -> bool:
        return _weighted_sum(serial, weights) % modulo1 % modulo2 == int(digit)

    return check


def iso7064_mod37_36(alphabet: str) -> CheckFn:
    """ISO/IEC 7064 MOD 37,36 (hybrid system), as DPD prints it on its parcel labels.

    Start with 36; for each character add its value, reduce modulo 36 (0 counts as 36),
    double and reduce modulo 37. The check character brings the running value to 1 mod 36.
    """
    values = {c: i for i, c in enumerate(alphabet)}
    modulus = len(alphabet)

    def check(serial: str, digit: str) -> bool:
        running = modulus
        for char in serial:
            value = values.get(char)
            if value is None:
                return False
            running = (running + value) % modulus or modulus
            running = running * 2 % (modulus + 1)
        return alphabet[(modulus + 1 - running) % modulus] == digit

    return check


def _checksum(spec: Mapping[str, object]) -> CheckFn:
    name = spec["name"]
    if name == "mod10":
        return mod10(
            _int(spec.get("evens_multiplier", 1)),
            _int(spec.get("odds_multiplier", 1)),
            reverse=bool(spec.get("reverse", False)),
        )
    if name == "luhn":
        return luhn
    if name == "mod7":
        return mod7
    if name == "s10":
        return s10(_ints(spec.get("weightings", (8, 6, 4, 2, 3, 5, 9, 7))), _int(spec["modulo"]))
    if name == "sum_product_with_weightings_and_modulo":
        return weighted_mod_mod(
            _ints(spec["weightings"]), _int(spec["modulo1"]), _int(spec["modulo2"])
        )
    if name == "mod_37_36":
        return iso7064_mod37_36(str(spec["alphabet"]))
    raise ValueError(f"unknown checksum scheme {name!r} in the courier data")


def _int(value: object) -> int:
    if not isinstance(value, int):
        raise TypeError(f"expected an integer in the courier data, got {value!r}")
    return value


def _ints(value: object) -> tuple[int, ...]:
    if not isinstance(value, list | tuple):
        raise TypeError(f"expected a list of integers in the courier data, got {value!r}")
    return tuple(_int(v) for v in value)


# --- formats -------------------------------------------------------------------------------

_NAMED_GROUP = re.compile(r"\(\?<([A-Za-z_][A-Za-z0-9_]*)>")


def python_regex(source: str | list[str]) -> str:
    r"""Turn a data-set pattern into a Python one that reads a normalised number.

    The data uses ``(?<Name>...)`` groups; Python spells them ``(?P<Name>...)``. Numbers are
    matched after :func:`normalize` has removed all whitespace, so every ``\s*`` matches the
    empty string and is dropped (the patterns then run markedly faster).
    """
    text = "".join(source) if isinstance(source, list) else source
    text = _NAMED_GROUP.sub(r"(?P<\1>", text)
    return text.replace(r"\s*", "").replace(r"\s]", "]")


def normalize(number: str) -> str:
    """Remove every whitespace character and upper-case; fold full-width forms (NFKC).

    >>> normalize(" rb 1234 5678 5gb ")
    'RB123456785GB'
    >>> normalize("ＬＰ００１２")
    'LP0012'
    """
    if not number.isascii():
        # Chinese input methods type full-width letters and digits; NFKC folds them to ASCII.
        number = unicodedata.normalize("NFKC", number)
        number = unicodedata.normalize("NFKC", "".join(number.split()).upper())
        return "".join(number.split())
    return "".join(number.split()).upper()


_ALPHANUMERIC: Final = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


class _Lookup:
    """One "additional" table of a definition: group value -> (name, ISO alpha-2 or None)."""

    __slots__ = ("exact", "group", "kind", "patterns")

    def __init__(self, spec: Mapping[str, object]) -> None:
        self.group = str(spec["regex_group_name"])
        self.kind = str(spec["name"])
        exact: dict[str, tuple[str, str | None]] = {}
        patterns: list[tuple[re.Pattern[str], tuple[str, str | None]]] = []
        entries = spec.get("lookup", [])
        assert isinstance(entries, list)
        for entry in entries:
            label = str(entry.get("courier") or entry.get("name") or entry.get("country") or "")
            value = (label, entry.get("country_short_code"))
            if "matches" in entry:
                exact[str(entry["matches"])] = value
            else:
                patterns.append((re.compile(str(entry["matches_regex"])), value))
        # Service codes are mostly two characters wide; spelling out every two-character
        # value once turns a loop over the patterns into one dictionary look-up.
        for first in _ALPHANUMERIC:
            for second in _ALPHANUMERIC:
                key = first + second
                if key not in exact:
                    for pattern, value in patterns:
                        if pattern.fullmatch(key):
                            exact[key] = value
                            break
        self.exact: Mapping[str, tuple[str, str | None]] = MappingProxyType(exact)
        self.patterns = tuple(patterns)

    def find(self, value: str) -> tuple[str, str | None] | None:
        hit = self.exact.get(value)
        if hit is not None or len(value) == 2:
            return hit
        for pattern, found in self.patterns:
            if pattern.fullmatch(value):
                return found
        return None


# UPU S10 assigns meaning to every service indicator its table lists and reserves the rest,
# and the issuing country must be a real ISO 3166 country (PROVENANCE.md). Other carriers'
# service tables in the data are samples, so they only decorate a result, never reject it.
S10_COUNTRY_GROUP: Final = "CountryCode"
_S10_SERVICE_GROUP: Final = "ServiceType"


class Scheme:
    """One compiled definition: a pattern, an optional check digit and its lookups.

    ``problem`` returns ``None`` for a number that passes, else the reason it fails.
    """

    __slots__ = (
        "carrier",
        "check",
        "checksum",
        "country_lookup",
        "detect",
        "id",
        "iso_country",
        "name",
        "pattern",
        "prepend",
        "refines",
        "service_lookup",
        "service_required",
    )

    def __init__(self, carrier: str, spec: Mapping[str, object]) -> None:
        self.carrier = carrier
        self.name = str(spec["name"])
        self.id = str(spec.get("id") or slug(self.name))
        regex = spec["regex"]
        assert isinstance(regex, str | list)
        self.pattern = re.compile(python_regex(regex))
        validation = spec.get("validation") or {}
        assert isinstance(validation, dict)
        checksum = validation.get("checksum")
        self.check: CheckFn | None = _checksum(checksum) if checksum else None
        # The check's description as the data gives it, for readers that compute it otherwise
        # (the column validator of halfmanaged._tracking_frame).
        self.checksum: Mapping[str, object] | None = (
            MappingProxyType(dict(checksum)) if checksum else None
        )
        prepend = (validation.get("serial_number_format") or {}).get("prepend_if")
        self.prepend: tuple[re.Pattern[str], str] | None = (
            (re.compile(prepend["matches_regex"]), str(prepend["content"])) if prepend else None
        )
        lookups = [_Lookup(a) for a in spec.get("additional", []) or []]  # type: ignore[attr-defined]
        services = [lk for lk in lookups if lk.group == "ServiceType"]
        countries = [lk for lk in lookups if lk.group == "CountryCode"]
        self.service_lookup = services[0] if services else None
        self.country_lookup = countries[0] if countries else None
        is_s10 = isinstance(checksum, dict) and checksum.get("name") == "s10"
        # An S10 country is letters and checked against ISO 3166; DPD's is ISO numeric.
        self.iso_country = is_s10
        # An S10-style format may use the carrier's own leading letters ("any_service").
        self.service_required = is_s10 and spec.get("any_service") is not True
        # A format without a check digit or a fixed prefix only confirms a named carrier.
        self.detect = spec.get("detect", True) is not False
        # A national S10 format: (the general format's id, its one issuing country).
        refines = spec.get("refines")
        self.refines = (str(refines), str(spec["country"])) if refines else None

    def problem(self, match: re.Match[str]) -> str | None:
        if self.check is not None:
            serial = match["SerialNumber"]
            if self.prepend is not None and self.prepend[0].match(serial):
                serial = self.prepend[1] + serial
            try:
                if not self.check(serial, match["CheckDigit"]):
                    return CHECK_DIGIT
            except ValueError:
                return CHECK_DIGIT
        if self.iso_country and match[S10_COUNTRY_GROUP] not in _iso3166.alpha2():
            return UNKNOWN_COUNTRY
        if (
            self.service_required
            and self.service_lookup is not None
            and self.service_lookup.find(match[_S10_SERVICE_GROUP]) is None
        ):
            return UNKNOWN_SERVICE
        return None

    def service(self, match: re.Match[str]) -> str | None:
        if self.service_lookup is None:
            return None
        found = self.service_lookup.find(match[self.service_lookup.group])
        return found[0] if found else None

    def country(self, match: re.Match[str]) -> str | None:
        if self.country_lookup is None:
            return None
        value = match[self.country_lookup.group]
        if self.iso_country:
            return value
        found = self.country_lookup.find(value)
        if found is not None and found[1]:
            return found[1]
        return _iso3166.numeric_to_alpha2().get(value)

    def __repr__(self) -> str:
        return f"<Scheme {self.id} ({self.carrier})>"


def slug(text: str) -> str:
    """Fold a carrier name, code or alias to the key the alias table uses."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return re.sub(r"[^0-9a-z\u4e00-\u9fff]+", "_", text).strip("_")


# --- loading -------------------------------------------------------------------------------

_Document = Mapping[str, object]


def _documents() -> Iterator[tuple[str, _Document]]:
    data = resources.files("halfmanaged").joinpath("_data")
    couriers = data.joinpath("tracking_number_data").joinpath("couriers")
    for entry in sorted(couriers.iterdir(), key=lambda p: p.name):
        if entry.name.endswith(".json"):
            yield entry.name.removesuffix(".json"), json.loads(entry.read_text("utf-8"))
    yield "cainiao", json.loads(data.joinpath("cainiao.json").read_text("utf-8"))
    europe = json.loads(data.joinpath("european_carriers.json").read_text("utf-8"))
    for doc in europe["couriers"]:
        yield str(doc["courier_code"]), doc


def _strings(doc: _Document, key: str) -> list[str]:
    values = doc.get(key, [])
    assert isinstance(values, list)
    return [str(v) for v in values]


_MAX_LENGTH: Final = 64

# Detection tries the formats seen on AliExpress routes first, then the rest by carrier code.
_FIRST: Final = ("cainiao", "s10")


def _length_range(pattern: re.Pattern[str]) -> tuple[int, int]:
    """Shortest and longest string ``pattern`` can match, or (0, unbounded) if unknown.

    Uses the standard library's regex parser (a private module); should it move, every
    length is allowed and detection is merely slower.
    """
    try:
        from re import _parser  # type: ignore[attr-defined]  # noqa: PLC0415

        low, high = _parser.parse(pattern.pattern).getwidth()
    except Exception:  # any failure only disables a speed-up
        return 0, _MAX_LENGTH
    return int(low), min(int(high), _MAX_LENGTH)


def _share_s10_services(schemes: list[Scheme], standard: tuple[Scheme, ...]) -> None:
    """Give national S10 formats the standard's table of service indicators."""
    table = next(s.service_lookup for s in standard if s.service_lookup is not None)
    for scheme in schemes:
        if scheme.service_required and scheme.service_lookup is None:
            scheme.service_lookup = table


def _refinements(schemes: list[Scheme]) -> Mapping[str, Mapping[str, tuple[str, ...]]]:
    """General format id -> issuing country -> the carriers whose national format that is."""
    refined: dict[str, dict[str, list[str]]] = {}
    for scheme in sorted(schemes, key=lambda s: s.carrier):
        if scheme.refines is not None:
            parent, country = scheme.refines
            refined.setdefault(parent, {}).setdefault(country, []).append(scheme.carrier)
    return MappingProxyType({p: {c: tuple(v) for c, v in by.items()} for p, by in refined.items()})


class Tables:
    """Every compiled format, by carrier and by length, with the carriers' names and aliases.

    ``detection_order`` holds the formats that may name a carrier the caller did not name,
    in the order they are tried; ``detection_by_length`` keeps per length only those that can
    be that long; ``by_carrier_and_length`` does the same for each carrier's own formats.
    ``refinements`` maps a general format's id to the carriers that issue its numbers per
    country (a national S10 format), so detection names them without trying their formats.
    """

    __slots__ = (
        "aliases",
        "by_carrier",
        "by_carrier_and_length",
        "carrier_names",
        "detection_by_length",
        "detection_order",
        "refinements",
        "schemes",
    )

    def __init__(self, documents: Iterator[tuple[str, _Document]]) -> None:
        schemes: list[Scheme] = []
        by_carrier: dict[str, list[Scheme]] = {}
        names: dict[str, str] = {}
        aliases: dict[str, str] = {}
        also: dict[str, list[str]] = {}
        accepted_by: dict[str, list[str]] = {}
        for stem, doc in documents:
            code = str(doc["courier_code"])
            names[code] = str(doc["name"])
            for alias in (code, stem, slug(names[code])):
                aliases.setdefault(alias, code)
            entries = doc["tracking_numbers"]
            assert isinstance(entries, list)
            for spec in entries:
                scheme = Scheme(code, spec)
                schemes.append(scheme)
                by_carrier.setdefault(code, []).append(scheme)
                aliases.setdefault(scheme.id, code)
            also[code] = _strings(doc, "also_accepts")
            accepted_by[code] = _strings(doc, "accepted_by")
        own = {code: tuple(found) for code, found in by_carrier.items()}
        for code, others in also.items():
            for other in others:
                by_carrier[code].extend(own[other])
        for code, takers in accepted_by.items():
            for taker in takers:
                by_carrier[taker].extend(own[code])
        _share_s10_services(schemes, own["s10"])
        ids = [s.id for s in schemes]
        if len(set(ids)) != len(ids):
            raise ValueError(f"duplicate tracking scheme ids: {sorted(ids)}")
        # Names sellers type in Chinese ERPs, and carriers' older or shorter names.
        for alias, code in {
            "菜鸟": "cainiao",
            "菜鸟网络": "cainiao",
            "云途": "yunexpress",
            "Hermes": "hermes_de",
            "Hermes UK": "evri",
            "DHL Parcel DE": "dhl_paket",
        }.items():
            aliases.setdefault(slug(alias), code)
        self.schemes: tuple[Scheme, ...] = tuple(schemes)
        self.by_carrier: Mapping[str, tuple[Scheme, ...]] = MappingProxyType(
            {k: tuple(v) for k, v in by_carrier.items()}
        )
        self.carrier_names: Mapping[str, str] = MappingProxyType(names)
        self.aliases: Mapping[str, str] = MappingProxyType(aliases)
        self.refinements = _refinements(schemes)
        position = {s.id: i for i, s in enumerate(schemes)}
        self.detection_order: tuple[Scheme, ...] = tuple(
            sorted(
                (s for s in schemes if s.detect and s.refines is None),
                key=lambda s: (
                    _FIRST.index(s.carrier) if s.carrier in _FIRST else len(_FIRST),
                    s.carrier,
                    position[s.id],
                ),
            )
        )
        ranges = {s.id: _length_range(s.pattern) for s in schemes}

        def by_length(found: tuple[Scheme, ...]) -> tuple[tuple[Scheme, ...], ...]:
            return tuple(
                tuple(s for s in found if ranges[s.id][0] <= n <= ranges[s.id][1])
                for n in range(_MAX_LENGTH + 1)
            )

        self.detection_by_length: tuple[tuple[Scheme, ...], ...] = by_length(self.detection_order)
        self.by_carrier_and_length: Mapping[str, tuple[tuple[Scheme, ...], ...]] = (
            MappingProxyType({code: by_length(found) for code, found in self.by_carrier.items()})
        )


@functools.cache
def tables() -> Tables:
    """Read and compile the bundled formats once, on first use (about 30 ms)."""
    return Tables(_documents())


def carrier_code(text: str) -> str | None:
    """Return the carrier code for a code, a carrier's name, a scheme id or a known alias.

    >>> carrier_code(" Canada Post "), carrier_code("菜鸟"), carrier_code("nope")
    ('canada_post', 'cainiao', None)
    """
    return tables().aliases.get(slug(text))


def detection_candidates(number: str, found: Tables | None = None) -> tuple[Scheme, ...]:
    """Return the formats worth trying on a normalised ``number``, in detection order."""
    by_length = (found or tables()).detection_by_length
    length = len(number)
    return by_length[length] if length <= _MAX_LENGTH else by_length[-1]
