"""Tracking numbers: which carriers a number can belong to, and why it is invalid if it is.

Seed rule 6 asks the seller to upload carrier and tracking number after shipping, and a
receiving exception often starts with a typo there or with another carrier's number. This
module checks a number against every courier definition of jkeen/tracking_number_data (MIT,
bundled with its LICENSE), the Cainiao formats common on AliExpress routes and the formats of
the European last-mile carriers overseas warehouses hand parcels to (GLS, InPost, La Poste,
Colissimo, Chronopost, Correos, Royal Mail, Parcelforce, Evri, Hermes, DHL Paket, DHL Parcel,
PostNL, Poste Italiane, Poczta Polska, Deutsche Post), including each format's check digit.
The data is read on first use, not at import.

A format with neither a check digit nor a fixed prefix (a GLS Track-ID is any eight letters or
digits) only confirms a carrier the caller names; it never makes a number "another carrier's".

Numbers are normalised first: whitespace removed, letters upper-cased, full-width forms folded
(NFKC), so ``" rb 1234 5678 5gb"`` reads as ``"RB123456785GB"``.

>>> from halfmanaged.tracking import validate_tracking_number
>>> validate_tracking_number("RB123456785GB", carrier="s10").valid
True
>>> validate_tracking_number("RB123456786GB", carrier="s10").reason
<TrackingReason.CHECK_DIGIT: 'check_digit'>
"""

from __future__ import annotations

import enum
import re
from collections.abc import Mapping

import attrs

from halfmanaged import _tracking_schemes as _ts
from halfmanaged.errors import FieldTypeError
from halfmanaged.messages import Locale, render

__all__ = [
    "TrackingReason",
    "TrackingResult",
    "carrier_code",
    "known_carriers",
    "normalize_tracking_number",
    "validate_tracking_number",
]


class TrackingReason(enum.StrEnum):
    """Why a tracking number is invalid.

    ``FORMAT``: no format of the carrier fits; ``CHECK_DIGIT``: a format fits but its check
    digit is wrong; ``UNKNOWN_COUNTRY`` / ``UNKNOWN_SERVICE``: a UPU S10 number whose issuing
    country is not an ISO 3166 country, or whose service indicator the standard does not
    assign; ``OTHER_CARRIER``: valid, but only for other carriers than the one named;
    ``UNKNOWN_CARRIER``: the carrier named is not one this library knows; ``EMPTY``: nothing
    left after normalisation.

    >>> TrackingReason("check_digit") is TrackingReason.CHECK_DIGIT
    True
    """

    EMPTY = "empty"
    FORMAT = "format"
    CHECK_DIGIT = "check_digit"
    UNKNOWN_COUNTRY = "unknown_country"
    UNKNOWN_SERVICE = "unknown_service"
    OTHER_CARRIER = "other_carrier"
    UNKNOWN_CARRIER = "unknown_carrier"


# How telling a failure is, to report the most specific one when several formats fit.
_RANK = {
    TrackingReason.FORMAT: 0,
    TrackingReason.CHECK_DIGIT: 1,
    TrackingReason.UNKNOWN_SERVICE: 2,
    TrackingReason.UNKNOWN_COUNTRY: 3,
}
_REASONS: Mapping[str, TrackingReason] = {r.value: r for r in TrackingReason}


@attrs.frozen(slots=True)
class TrackingResult:
    """What :func:`validate_tracking_number` found.

    ``carriers`` are the carrier codes the number is valid for. When a carrier was named and
    the number fits it, that is the named carrier alone; when it does not fit, the carriers it
    does fit (``reason`` is then ``OTHER_CARRIER`` if there are any). ``scheme`` is the id of
    the format that matched (for an invalid number: the format whose check failed, if any).
    ``service`` and ``country`` are decoded from the number where its format carries them (the
    S10 service and issuing country, the DPD destination, the UPS service ...).

    >>> r = validate_tracking_number("1Z5R89390357567127")
    >>> r.valid, r.carriers, r.scheme, r.service
    (True, ('ups',), 'ups', 'UPS United States Ground')
    """

    normalized: str
    valid: bool
    carriers: tuple[str, ...] = ()
    scheme: str | None = None
    reason: TrackingReason | None = None
    service: str | None = None
    country: str | None = None

    def message(self, locale: Locale | str = Locale.EN) -> str:
        """Return the result in words.

        >>> validate_tracking_number("LP0012345678901", carrier="cainiao").message()
        "'LP0012345678901' does not have the format of any tracking number checked"
        >>> validate_tracking_number("RR123456785CN", carrier="ups").message("zh-CN")
        "'RR123456785CN' 不是所填承运商的运单号，而是以下承运商的运单号：s10"
        """
        code = "checks.tracking.valid" if self.reason is None else f"checks.tracking.{self.reason}"
        fields = {"number": repr(self.normalized), "carriers": ", ".join(self.carriers)}
        return render(code, fields, locale)


def normalize_tracking_number(number: str) -> str:
    """Remove whitespace, upper-case and fold full-width characters; idempotent.

    >>> normalize_tracking_number(" 1z 5r8 939 0357 5671 27 ")
    '1Z5R89390357567127'
    """
    if not isinstance(number, str):
        raise FieldTypeError("number", number, "str")
    return _ts.normalize(number)


def carrier_code(name: str) -> str | None:
    """Return the carrier code for a code, a carrier's name, a format id or a known alias.

    Case, spacing and punctuation do not matter. ``None`` when the carrier is unknown.

    >>> carrier_code("Canada Post"), carrier_code("DHL"), carrier_code("菜鸟"), carrier_code("x")
    ('canada_post', 'dhl', 'cainiao', None)
    """
    if not isinstance(name, str):
        raise FieldTypeError("carrier", name, "str")
    return _ts.carrier_code(name)


def known_carriers() -> Mapping[str, str]:
    """Every carrier code this module knows, with the carrier's name (read-only).

    The carriers a warehouse may choose from with known number formats, so that a
    shipment's carrier can be checked before it is trusted (docs/rules.md#prevention-2).

    >>> known_carriers()["yunexpress"]
    'YunExpress'
    >>> known_carriers()["dhl_paket"], known_carriers()["inpost"]
    ('DHL Paket', 'InPost')
    >>> "cainiao" in known_carriers() and "s10" in known_carriers()
    True
    """
    return _ts.tables().carrier_names


def _detect(
    tables: _ts.Tables, number: str, skip: str | None = None
) -> tuple[tuple[str, ...], _ts.Scheme | None]:
    carriers: list[str] = []
    first: _ts.Scheme | None = None
    for scheme in _ts.detection_candidates(number, tables):
        if scheme.carrier == skip or scheme.carrier in carriers:
            continue
        match = scheme.pattern.fullmatch(number)
        if match is not None and scheme.problem(match) is None:
            carriers.append(scheme.carrier)
            _add_refined(tables, scheme, match, carriers, skip)
            if first is None:
                first = scheme
    return tuple(carriers), first


def _add_refined(
    tables: _ts.Tables,
    scheme: _ts.Scheme,
    match: re.Match[str],
    carriers: list[str],
    skip: str | None,
) -> None:
    """Name the carriers whose national format refines the one that just passed."""
    by_country = tables.refinements.get(scheme.id)
    if by_country is not None:
        for carrier in by_country.get(match[_ts.S10_COUNTRY_GROUP], ()):
            if carrier != skip and carrier not in carriers:
                carriers.append(carrier)


def _valid(number: str, carrier: str, scheme: _ts.Scheme) -> TrackingResult:
    match = scheme.pattern.fullmatch(number)
    assert match is not None
    return TrackingResult(
        number, True, (carrier,), scheme.id, None, scheme.service(match), scheme.country(match)
    )


def validate_tracking_number(number: str, carrier: str | None = None) -> TrackingResult:
    """Check ``number`` against the formats and check digits of ``carrier``, or of all carriers.

    ``carrier`` is a carrier code of the courier data (``"ups"``, ``"fedex"``, ``"usps"``,
    ``"dhl"``, ``"dpd"``, ``"s10"``, ``"yunexpress"``, ``"cainiao"``, ``"gls"``,
    ``"dhl_paket"``, ``"royal_mail"`` ...; see :func:`known_carriers`) or anything
    :func:`carrier_code` recognises. Cainiao also accepts UPU S10 numbers, since it hands
    AliExpress parcels to postal partners under them; a carrier named plainly "DHL" also
    accepts DHL Paket and DHL Parcel numbers. Any string gives a result; a non-string raises
    :class:`~halfmanaged.errors.FieldTypeError`.

    >>> validate_tracking_number("LP00724622449605", carrier="cainiao").valid
    True
    >>> r = validate_tracking_number("1Z5R89390357567127", carrier="fedex")
    >>> r.valid, r.reason, r.carriers
    (False, <TrackingReason.OTHER_CARRIER: 'other_carrier'>, ('ups',))
    >>> validate_tracking_number("RB123456785XX").reason
    <TrackingReason.UNKNOWN_COUNTRY: 'unknown_country'>
    >>> validate_tracking_number("2012 9845 2277", carrier="DHL Paket").scheme
    'dhl_paket_12'
    >>> validate_tracking_number("201298452278", carrier="dhl_paket").reason
    <TrackingReason.CHECK_DIGIT: 'check_digit'>
    >>> validate_tracking_number(12345)
    Traceback (most recent call last):
    ...
    halfmanaged.errors.FieldTypeError: number=12345: expected str, got int
    """
    if not isinstance(number, str):
        raise FieldTypeError("number", number, "str")
    normalized = _ts.normalize(number)
    if not normalized:
        return TrackingResult(normalized, False, (), None, TrackingReason.EMPTY)
    tables = _ts.tables()
    if carrier is None:
        return _validate_any(tables, normalized)
    if not isinstance(carrier, str):
        raise FieldTypeError("carrier", carrier, "str | None")
    by_carrier = tables.by_carrier_and_length
    by_length = by_carrier.get(carrier)
    code = carrier
    if by_length is None:
        resolved = tables.aliases.get(_ts.slug(carrier))
        if resolved is None:
            found, first = _detect(tables, normalized)
            return TrackingResult(
                normalized,
                False,
                found,
                first.id if first else None,
                TrackingReason.UNKNOWN_CARRIER,
            )
        code = resolved
        by_length = by_carrier[code]
    length = len(normalized)
    schemes = by_length[length] if length < len(by_length) else by_length[-1]
    worst: TrackingReason = TrackingReason.FORMAT
    worst_scheme: str | None = None
    for scheme in schemes:
        match = scheme.pattern.fullmatch(normalized)
        if match is None:
            continue
        problem = scheme.problem(match)
        if problem is None:
            return TrackingResult(
                normalized,
                True,
                (code,),
                scheme.id,
                None,
                scheme.service(match) if scheme.service_lookup is not None else None,
                scheme.country(match) if scheme.country_lookup is not None else None,
            )
        reason = _REASONS[problem]
        if worst_scheme is None or _RANK[reason] > _RANK[worst]:
            worst, worst_scheme = reason, scheme.id
    others, first = _detect(tables, normalized, skip=code)
    if others:
        assert first is not None
        return TrackingResult(normalized, False, others, first.id, TrackingReason.OTHER_CARRIER)
    return TrackingResult(normalized, False, (), worst_scheme, worst)


def _validate_any(tables: _ts.Tables, normalized: str) -> TrackingResult:
    worst: TrackingReason = TrackingReason.FORMAT
    worst_scheme: str | None = None
    carriers: list[str] = []
    first: _ts.Scheme | None = None
    for scheme in _ts.detection_candidates(normalized, tables):
        match = scheme.pattern.fullmatch(normalized)
        if match is None:
            continue
        problem = scheme.problem(match)
        if problem is None:
            if scheme.carrier not in carriers:
                carriers.append(scheme.carrier)
            _add_refined(tables, scheme, match, carriers, None)
            if first is None:
                first = scheme
            continue
        reason = _REASONS[problem]
        if worst_scheme is None or _RANK[reason] > _RANK[worst]:
            worst, worst_scheme = reason, scheme.id
    if first is not None:
        result = _valid(normalized, first.carrier, first)
        return attrs.evolve(result, carriers=tuple(carriers))
    return TrackingResult(normalized, False, (), worst_scheme, worst)
