"""The values :func:`halfmanaged.classify.classify` and its rules share.

Inputs (:class:`Incident` and its parts), what a rule returns (:class:`Clue`, :class:`Check`,
with their :class:`ClueCode` and :class:`CheckCode`), the :class:`Rule` record, the clue
weights and the :class:`ClassifierPolicy` with its routes.
They live apart from :mod:`halfmanaged.classify` so that the rule catalogue
(:mod:`halfmanaged._classify_rules`) can build on them while ``classify`` imports the catalogue,
without an import cycle. Import them from :mod:`halfmanaged.classify`.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable, Iterable, Mapping, Sequence
from types import MappingProxyType
from typing import Any, Final, TypeAlias

import attrs

from halfmanaged import _iso3166
from halfmanaged._symptom_maps import (
    Symptom,
    aftership_symptom,
    easypost_symptom,
    track17_symptom,
)
from halfmanaged._validators import (
    aware,
    enum_value,
    instance_of,
    int_at_least,
    optional_aware,
    optional_enum_value,
    to_enum,
)
from halfmanaged._vocab import START_STAGE, Cause, EvidenceKind, Party, Stage
from halfmanaged.calendar import WorkingCalendar
from halfmanaged.checks import OrderInfo, View, reconcile
from halfmanaged.errors import FieldTypeError, InvalidFieldError
from halfmanaged.messages import CATALOG, Locale, local_time, render
from halfmanaged.shipping import Deadlines

DECISIVE: Final = 100
"""Weight of a clue that proves a fault from a party's own record (a differing submission)."""
STRONG: Final = 60
"""Weight of a clue a party declared but did not prove (a carrier's "refused" scan)."""
WEAK: Final = 30
"""Weight of circumstantial evidence; never decides alone."""


# --------------------------------------------------------------------------- validators


def _callable(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not callable(value):
        raise FieldTypeError(attribute.name, value, "a callable")


def _country(value: object) -> str | None:
    return None if value is None else _iso3166.country_code(value, "country")


_OPTIONAL_BOOL: Final = instance_of(bool, "bool or None", optional=True)


def _order_info(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None and not isinstance(value, OrderInfo):
        raise FieldTypeError(attribute.name, value, "OrderInfo or None")


def _calendar(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None and not isinstance(value, WorkingCalendar):
        raise FieldTypeError(attribute.name, value, "WorkingCalendar or None")


def _facts(value: object) -> tuple[tuple[str, str], ...]:
    items = value.items() if isinstance(value, Mapping) else value
    if not isinstance(items, Iterable) or isinstance(items, str | bytes):
        raise FieldTypeError("facts", value, "a mapping or pairs of str")
    pairs = tuple(items)
    for pair in pairs:
        if not (
            isinstance(pair, tuple)
            and len(pair) == 2
            and isinstance(pair[0], str)
            and isinstance(pair[1], str)
        ):
            raise FieldTypeError("facts", value, "a mapping or pairs of str")
    return pairs


_NAMED_SYMPTOMS: Final = frozenset({"symptom", "symptoms", "reported", "latest"})
# Facts holding an ISO 8601 time; a sentence shows them as local time with the zone's name.
_TIMES: Final = frozenset(
    {
        "at",
        "accepted_at",
        "damaged_at",
        "handed_over_at",
        "lost_at",
        "placed_at",
        "self_delivery_by",
        "ship_by",
    }
)


def _time_words(text: str) -> str:
    try:
        return local_time(dt.datetime.fromisoformat(text))
    except ValueError:  # a caller's own fact of that name need not be a time
        return text


def _render(
    code: ClueCode | CheckCode, facts: tuple[tuple[str, str], ...], note: str, locale: Locale | str
) -> str:
    if code.value in CATALOG:
        fields = dict(facts)
        for name in _NAMED_SYMPTOMS & fields.keys():  # machine values, shown in words
            fields[name] = ", ".join(
                render(label, {}, locale) if (label := f"classify.symptom.{v}") in CATALOG else v
                for v in fields[name].split(", ")
            )
        for name in _TIMES & fields.keys():
            fields[name] = _time_words(fields[name])
        return render(code.value, fields, locale)
    # A user's own rule (code CUSTOM) says it in its own words.
    return note


# --------------------------------------------------------------------------- codes


class ClueCode(enum.StrEnum):
    """What a :class:`Clue` says; each value is its message's key in the catalog.

    ``CUSTOM`` is for a caller's own rule, whose sentence is the clue's ``note``.

    >>> ClueCode("classify.buyer_not_accepted") is ClueCode.BUYER_NOT_ACCEPTED
    True
    """

    ADDRESS_SELLER_DIFFERS = "classify.address_seller_differs"
    ADDRESS_CARRIER_DIFFERS = "classify.address_carrier_differs"
    ADDRESS_ALL_AGREE = "classify.address_all_agree"
    DAMAGE_BEFORE_HANDOVER = "classify.damage_before_handover"
    DAMAGE_AFTER_ACCEPTANCE = "classify.damage_after_acceptance"
    DAMAGE_SCAN_AFTER_ACCEPTANCE = "classify.damage_scan_after_acceptance"
    LOST_AFTER_ACCEPTANCE = "classify.lost_after_acceptance"
    LOST_AFTER_HANDOVER_PROOF = "classify.lost_after_handover_proof"
    GOODS_MISMATCH = "classify.goods_mismatch"
    TRACKING_INVALID = "classify.tracking_invalid"
    TRACKING_OTHER_CARRIER = "classify.tracking_other_carrier"
    TRACKING_INVALID_FEED = "classify.tracking_invalid_feed"
    PICKUP_BEFORE_ORDER = "classify.pickup_before_order"
    DESTINATION_DIFFERS = "classify.destination_differs"
    WINDOW_OPEN = "classify.window_open"
    WINDOW_CLOSED_PROOF = "classify.window_closed_proof"
    WINDOW_CLOSED_NO_PROOF = "classify.window_closed_no_proof"
    SUBMIT_PLATFORM_ERROR = "classify.submit_platform_error"
    SUBMIT_REJECTED = "classify.submit_rejected"
    CUSTOMS_HOLD = "classify.customs_hold"
    FORCE_MAJEURE = "classify.force_majeure"
    BUYER_NOT_ACCEPTED = "classify.buyer_not_accepted"
    CARRIER_REJECTED = "classify.carrier_rejected"
    CARRIER_DELAY = "classify.carrier_delay"
    LATE_HANDOVER = "classify.late_handover"
    REPORTED_STATUS_CONTRADICTS = "classify.reported_status_contradicts"
    CUSTOM = "custom"


class CheckCode(enum.StrEnum):
    """What a :class:`Check` asks; each value is its message's key in the catalog.

    ``CUSTOM`` is for a caller's own rule, whose sentence is the check's ``note``.

    >>> CheckCode("classify.check.gather") is CheckCode.GATHER
    True
    """

    COMPARE_ADDRESSES = "classify.check.compare_addresses"
    DAMAGE_TIMING = "classify.check.damage_timing"
    HANDOVER_PROOF = "classify.check.handover_proof"
    WINDOW_FACTS = "classify.check.window_facts"
    CARRIER_KNOWS_NUMBER = "classify.check.carrier_knows_number"
    SUBMIT_ERROR = "classify.check.submit_error"
    ASK_CARRIER = "classify.check.ask_carrier"
    OVERDUE = "classify.check.overdue"
    CONFLICT = "classify.check.conflict"
    GATHER = "classify.check.gather"
    CUSTOM = "custom"


def _missing_codes() -> list[str]:
    return [
        code.value
        for kind in (ClueCode, CheckCode)
        for code in kind
        if code.value != "custom" and code.value not in CATALOG
    ]


if _missing_codes():  # a code without its sentences is a bug of this module, caught at import
    raise RuntimeError(f"classify codes without a message: {_missing_codes()}")


def _to_clue_code(value: object) -> ClueCode:
    return enum_value(ClueCode, "code", value)


def _to_check_code(value: object) -> CheckCode:
    return enum_value(CheckCode, "code", value)


def _custom_needs_note(
    instance: Clue | Check, attribute: attrs.Attribute[Any], value: str
) -> None:
    if instance.code.value == "custom" and not value.strip():
        raise InvalidFieldError("note", value, "a CUSTOM code needs its sentence in note")


# --------------------------------------------------------------------------- inputs


class DamageSeen(enum.StrEnum):
    """What the receiving inspection says about visible damage, and when it happened.

    >>> DamageSeen("before_handover") is DamageSeen.BEFORE_HANDOVER
    True
    """

    NONE = "none"
    BEFORE_HANDOVER = "before_handover"
    """Seen before the parcel went to the carrier: packing, the seller's side."""
    AFTER_ACCEPTANCE = "after_acceptance"
    """Happened after the carrier's acceptance scan: the carrier's side."""
    UNKNOWN_WHEN = "unknown_when"


class SubmitFailure(enum.StrEnum):
    """Why order information could not be submitted to the platform.

    >>> SubmitFailure("platform_error").value
    'platform_error'
    """

    PLATFORM_ERROR = "platform_error"
    """The platform failed (system error, timeout) with valid data."""
    DATA_REJECTED = "data_rejected"
    """The platform refused the data as invalid (wrong format, unknown carrier)."""
    UNKNOWN = "unknown"


def _to_symptom(value: object) -> Symptom:
    return enum_value(Symptom, "symptom", value)


def _to_cause(value: object) -> Cause:
    return enum_value(Cause, "cause", value)


def _to_party(value: object) -> Party:
    return enum_value(Party, "contact_first", value)


def _to_stage(value: object) -> Stage:
    return enum_value(Stage, "start_stage", value)


def _to_reported(value: object) -> Symptom | None:
    return optional_enum_value(Symptom, "reported_status", value)


def _to_damage(value: object) -> DamageSeen | None:
    return None if value is None else enum_value(DamageSeen, "damage", value)


def _to_submit_failure(value: object) -> SubmitFailure | None:
    return None if value is None else enum_value(SubmitFailure, "submit_failure", value)


def _to_evidence(value: object) -> tuple[EvidenceKind, ...]:
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        raise FieldTypeError("evidence", value, "an iterable of EvidenceKind")
    convert = to_enum(EvidenceKind, "evidence")
    return tuple(convert(kind) for kind in value)


def _to_causes(value: object) -> frozenset[Cause]:
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        raise FieldTypeError("causes", value, "an iterable of Cause")
    convert = to_enum(Cause, "causes")
    return frozenset(convert(cause) for cause in value)


@attrs.frozen
class Inspection:
    """The warehouse's receiving inspection: goods, quantity and visible damage.

    ``None`` means "not checked", never "fine".

    >>> Inspection(quantity_match=False).goods_match is None
    True
    """

    goods_match: bool | None = attrs.field(default=None, validator=_OPTIONAL_BOOL)
    quantity_match: bool | None = attrs.field(default=None, validator=_OPTIONAL_BOOL)
    damage: DamageSeen | None = attrs.field(default=None, converter=_to_damage)


@attrs.frozen
class TrackingEvent:
    """One carrier scan, normalised to a :class:`Symptom`, with its time and country.

    >>> import datetime as dt
    >>> t = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.timezone.utc)
    >>> TrackingEvent.from_aftership("Exception_013", t).symptom
    <Symptom.LOST: 'lost'>
    """

    symptom: Symptom = attrs.field(converter=_to_symptom)
    at: dt.datetime = attrs.field(validator=aware)
    country: str | None = attrs.field(default=None, converter=_country)
    """Where the scan happened (ISO 3166-1 alpha-2), when the feed says."""
    code: str | None = attrs.field(
        default=None, validator=instance_of(str, "str or None", optional=True)
    )
    """The provider's own code, kept for the record."""

    @classmethod
    def from_aftership(
        cls, subtag: str, at: dt.datetime, *, country: str | None = None
    ) -> TrackingEvent:
        """Build an event from an AfterShip checkpoint ``subtag``.

        >>> import datetime as dt
        >>> t = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.timezone.utc)
        >>> TrackingEvent.from_aftership("Exception_007", t, country="de").country
        'DE'
        """
        return cls(aftership_symptom(subtag), at, country, subtag)

    @classmethod
    def from_easypost(
        cls,
        status: str,
        at: dt.datetime,
        *,
        status_detail: str | None = None,
        country: str | None = None,
    ) -> TrackingEvent:
        """Build an event from an EasyPost tracking detail's ``status`` and ``status_detail``.

        >>> import datetime as dt
        >>> t = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.timezone.utc)
        >>> TrackingEvent.from_easypost("return_to_sender", t).symptom
        <Symptom.RETURNING: 'returning'>
        """
        code = status if status_detail is None else f"{status}/{status_detail}"
        return cls(easypost_symptom(status, status_detail), at, country, code)

    @classmethod
    def from_17track(
        cls, sub_status: str, at: dt.datetime, *, country: str | None = None
    ) -> TrackingEvent:
        """Build an event from a 17TRACK ``sub_status``.

        >>> import datetime as dt
        >>> t = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.timezone.utc)
        >>> TrackingEvent.from_17track("InTransit_PickedUp", t).symptom
        <Symptom.ACCEPTED: 'accepted'>
        """
        return cls(track17_symptom(sub_status), at, country, sub_status)


def _sorted_events(value: object) -> tuple[TrackingEvent, ...]:
    if not isinstance(value, Iterable) or isinstance(value, str | bytes):
        raise FieldTypeError("events", value, "an iterable of TrackingEvent")
    events = tuple(value)
    for event in events:
        if not isinstance(event, TrackingEvent):
            raise FieldTypeError("events", event, "TrackingEvent")
    # Feeds deliver newest-first or in pages; order by time, keeping feed order on ties.
    return tuple(sorted(events, key=lambda e: e.at))


# Scans that show the carrier holds the parcel. DAMAGED and LOST are left out on purpose: the
# damage and loss rules ask whether the carrier had the parcel *before* that scan.
_CUSTODY: Final = frozenset(
    {
        Symptom.ACCEPTED,
        Symptom.IN_TRANSIT,
        Symptom.OUT_FOR_DELIVERY,
        Symptom.AVAILABLE_FOR_PICKUP,
        Symptom.DELIVERY_ATTEMPT_FAILED,
        Symptom.ADDRESS_PROBLEM,
        Symptom.RECIPIENT_MOVED,
        Symptom.REFUSED,
        Symptom.NOT_COLLECTED,
        Symptom.AWAITING_PAYMENT,
        Symptom.CUSTOMS_HOLD,
        Symptom.CARRIER_DELAY,
        Symptom.WEATHER,
        Symptom.DELIVERED,
        Symptom.RETURNING,
        Symptom.RETURNED,
    }
)


_NO_FIELDS: Final[frozenset[str]] = frozenset()


@attrs.frozen
class _ViewDiffs:
    seller_vs_platform: frozenset[str] = _NO_FIELDS
    carrier_vs_seller: frozenset[str] = _NO_FIELDS
    carrier_vs_platform: frozenset[str] = _NO_FIELDS


_NO_DIFFS: Final = _ViewDiffs()


def _view_diffs(
    platform: OrderInfo | None, seller: OrderInfo | None, carrier: OrderInfo | None
) -> _ViewDiffs:
    # One reconciliation gives one discrepancy per disagreeing pair of views; every address
    # rule asks "which fields differ between these two", whatever the third view says.
    if (platform is None) + (seller is None) + (carrier is None) >= 2:
        return _NO_DIFFS
    by_pair: dict[tuple[View, View], set[str]] = {}
    for found in reconcile(platform, seller, carrier):
        by_pair.setdefault(found.views, set()).add(found.field)
    if not by_pair:
        return _NO_DIFFS
    return _ViewDiffs(
        frozenset(by_pair.get((View.PLATFORM, View.SELLER), ())),
        frozenset(by_pair.get((View.SELLER, View.CARRIER), ())),
        frozenset(by_pair.get((View.PLATFORM, View.CARRIER), ())),
    )


@attrs.frozen
class Incident:
    """A receiving exception, as far as the ERP knows it; every field is optional.

    ``platform_order`` is what the buyer ordered, ``seller_submitted`` what the seller submitted
    or printed on the label, ``carrier_record`` what the carrier recorded.
    ``platform_tracking_missing_since`` is set when the platform cannot show or query the
    tracking; ``submit_failure`` when the order information could not be submitted.
    ``calendar`` is the warehouse's :class:`WorkingCalendar`, used for the platform's online
    window. ``reported_status`` is the provider's top-level status (AfterShip's ``tag``,
    EasyPost's tracker ``status``, 17TRACK's ``latest_status``): the diagnosis follows the
    events, and says so when the two disagree. Derived on construction: :attr:`symptoms`,
    :attr:`accepted_at` (the first scan showing the carrier holds the parcel) and the fields in
    which the views differ.

    >>> Incident().symptoms
    frozenset()
    """

    platform_order: OrderInfo | None = attrs.field(default=None, validator=_order_info)
    seller_submitted: OrderInfo | None = attrs.field(default=None, validator=_order_info)
    carrier_record: OrderInfo | None = attrs.field(default=None, validator=_order_info)
    events: tuple[TrackingEvent, ...] = attrs.field(default=(), converter=_sorted_events)
    inspection: Inspection | None = attrs.field(
        default=None, validator=instance_of(Inspection, "Inspection or None", optional=True)
    )
    submit_failure: SubmitFailure | None = attrs.field(default=None, converter=_to_submit_failure)
    platform_tracking_missing_since: dt.datetime | None = attrs.field(
        default=None, validator=optional_aware
    )
    tracking_known_to_carrier: bool | None = attrs.field(default=None, validator=_OPTIONAL_BOOL)
    """The carrier's own system returns the tracking number (not proof of handover)."""
    handover_proof: bool = attrs.field(default=False, validator=instance_of(bool, "bool"))
    """A signed pickup receipt or drop-off slip shows the carrier took the parcel."""
    placed_at: dt.datetime | None = attrs.field(default=None, validator=optional_aware)
    handed_over_at: dt.datetime | None = attrs.field(default=None, validator=optional_aware)
    as_of: dt.datetime | None = attrs.field(default=None, validator=optional_aware)
    deadlines: Deadlines | None = attrs.field(
        default=None,
        validator=instance_of(Deadlines, "halfmanaged.shipping.Deadlines or None", optional=True),
    )
    calendar: WorkingCalendar | None = attrs.field(default=None, validator=_calendar)
    reported_status: Symptom | None = attrs.field(default=None, converter=_to_reported)
    """The tracking provider's own top-level status, as a symptom; compared with the events,
    never read as one (docs/rules.md#reading-tracking-codes)."""

    symptoms: frozenset[Symptom] = attrs.field(init=False, eq=False, repr=False)
    """Every symptom the events show."""
    accepted_at: dt.datetime | None = attrs.field(init=False, eq=False, repr=False)
    """Time of the first scan showing the carrier holds the parcel, if any."""
    _first: Mapping[Symptom, dt.datetime] = attrs.field(init=False, eq=False, repr=False)
    _diffs: _ViewDiffs = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        first: dict[Symptom, dt.datetime] = {}
        accepted: dt.datetime | None = None
        for event in self.events:
            first.setdefault(event.symptom, event.at)
            if accepted is None and event.symptom in _CUSTODY:
                accepted = event.at
        object.__setattr__(self, "symptoms", frozenset(first))
        object.__setattr__(self, "accepted_at", accepted)
        object.__setattr__(self, "_first", first)
        object.__setattr__(
            self,
            "_diffs",
            _view_diffs(self.platform_order, self.seller_submitted, self.carrier_record),
        )

    def first_seen(self, symptom: Symptom) -> dt.datetime | None:
        """Return the time of the first event with ``symptom``, or ``None``.

        >>> Incident().first_seen(Symptom.LOST) is None
        True
        """
        try:
            return self._first.get(symptom)
        except TypeError:  # unhashable
            raise FieldTypeError("symptom", symptom, "Symptom") from None

    @property
    def handover(self) -> dt.datetime | None:
        """The handover time: ``handed_over_at``, else the first carrier custody scan.

        >>> Incident().handover is None
        True
        """
        return self.handed_over_at if self.handed_over_at is not None else self.accepted_at

    @property
    def seller_vs_platform(self) -> frozenset[str]:
        """Dotted fields where the seller's submission differs from the platform order.

        >>> Incident().seller_vs_platform
        frozenset()
        """
        return self._diffs.seller_vs_platform

    @property
    def carrier_vs_seller(self) -> frozenset[str]:
        """Dotted fields where the carrier's record differs from the seller's submission.

        >>> Incident().carrier_vs_seller
        frozenset()
        """
        return self._diffs.carrier_vs_seller

    @property
    def carrier_vs_platform(self) -> frozenset[str]:
        """Dotted fields where the carrier's record differs from the platform order.

        >>> Incident().carrier_vs_platform
        frozenset()
        """
        return self._diffs.carrier_vs_platform


# --------------------------------------------------------------------------- outputs


@attrs.frozen
class Clue:
    """One piece of evidence: which rule found it, the cause it points to and how strongly.

    ``code`` says what the clue is; ``facts`` are the (name, text) pairs the rule used, and
    fill the code's message. A caller's own rule uses :attr:`ClueCode.CUSTOM` and puts its
    sentence in ``note``. A clue of weight 0 records a fact without scoring for its cause.

    >>> c = Clue("buyer_did_not_accept", Cause.BUYER, 60, ClueCode.BUYER_NOT_ACCEPTED,
    ...          {"symptoms": "refused"})
    >>> c.message()
    'The recipient did not accept the parcel: refused.'
    """

    rule: str = attrs.field(validator=instance_of(str, "str"))
    cause: Cause = attrs.field(converter=_to_cause)
    weight: int = attrs.field(validator=instance_of(int, "int"))
    code: ClueCode = attrs.field(converter=_to_clue_code)
    facts: tuple[tuple[str, str], ...] = attrs.field(default=(), converter=_facts)
    note: str = attrs.field(default="", validator=[instance_of(str, "str"), _custom_needs_note])

    @property
    def fields(self) -> dict[str, str]:
        """The facts as a dict.

        >>> Clue("r", "seller", 1, "custom", [("a", "b")], note="n").fields
        {'a': 'b'}
        """
        return dict(self.facts)

    def message(self, locale: Locale | str = Locale.EN) -> str:
        """Return the sentence for this clue in ``locale`` ("en" or "zh-CN").

        >>> Clue("r", "seller", 1, ClueCode.CUSTOM, note="My own sentence.").message()
        'My own sentence.'
        """
        return _render(self.code, self.facts, self.note, locale)


@attrs.frozen
class Check:
    """A check that would decide what the facts leave open (for instance: compare addresses).

    ``code`` says what to check and ``facts`` fill its message; a caller's own rule uses
    :attr:`CheckCode.CUSTOM` with its sentence in ``note``.

    >>> Check("damage_in_carrier_custody", CheckCode.DAMAGE_TIMING).message("zh-CN")
    '查明破损发生在物流公司揽收之前还是之后：交接时的照片和揽收扫描记录。'
    """

    rule: str = attrs.field(validator=instance_of(str, "str"))
    code: CheckCode = attrs.field(converter=_to_check_code)
    facts: tuple[tuple[str, str], ...] = attrs.field(default=(), converter=_facts)
    note: str = attrs.field(default="", validator=[instance_of(str, "str"), _custom_needs_note])

    @property
    def fields(self) -> dict[str, str]:
        """The facts as a dict.

        >>> Check("r", "custom", {"a": "b"}, note="Ask the depot.").fields
        {'a': 'b'}
        """
        return dict(self.facts)

    def message(self, locale: Locale | str = Locale.EN) -> str:
        """Return the sentence for this check in ``locale``.

        >>> Check("r", CheckCode.GATHER).message()[:24]
        'Not enough facts to tell'
        """
        return _render(self.code, self.facts, self.note, locale)


RuleOutput: TypeAlias = Sequence[Clue | Check]
"""What a rule function returns: clues, checks, or an empty sequence when it has nothing."""


@attrs.frozen
class Rule:
    """A named rule: a citation and a pure function ``(incident, policy) -> clues and checks``.

    ``citation`` says where the rule comes from (the default rules cite an anchor of
    ``docs/rules.md``); ``causes`` lists the causes its clues can point to.

    >>> def shouting(incident, policy):
    ...     return ()
    >>> Rule("shouting", "house rule 1", shouting).name
    'shouting'
    """

    name: str = attrs.field(validator=instance_of(str, "str"))
    citation: str = attrs.field(validator=instance_of(str, "str"))
    apply: Callable[[Incident, ClassifierPolicy], RuleOutput] = attrs.field(validator=_callable)
    causes: frozenset[Cause] = attrs.field(default=frozenset(), converter=_to_causes)


@attrs.frozen
class Route:
    """Where a case goes for one cause: whom to contact, what proof to ask for, where to start.

    >>> [e.value for e in DEFAULT_ROUTES[Cause.CARRIER].evidence]
    ['parcel_photos', 'waybill_number']
    """

    contact_first: Party = attrs.field(converter=_to_party)
    evidence: tuple[EvidenceKind, ...] = attrs.field(converter=_to_evidence)
    start_stage: Stage = attrs.field(converter=_to_stage)


_EK = EvidenceKind
# Seed, 处理流程: carrier → parcel photos and waybill number; seller → order screenshots and
# logistics information; platform support → order, logistics and exception evidence; appeal →
# keep chat logs and screenshots (asked for up front when the platform is at fault, since an
# appeal against it is the likely end).
DEFAULT_ROUTES: Mapping[Cause, Route] = MappingProxyType(
    {
        Cause.CARRIER: Route(
            Party.CARRIER, (_EK.PARCEL_PHOTOS, _EK.WAYBILL_NUMBER), START_STAGE[Cause.CARRIER]
        ),
        Cause.SELLER: Route(
            Party.SELLER, (_EK.ORDER_SCREENSHOTS, _EK.LOGISTICS_INFO), START_STAGE[Cause.SELLER]
        ),
        Cause.PLATFORM: Route(
            Party.PLATFORM,
            (_EK.ORDER_SCREENSHOTS, _EK.LOGISTICS_INFO, _EK.SCREENSHOTS, _EK.CHAT_LOGS),
            START_STAGE[Cause.PLATFORM],
        ),
        # A parcel the buyer refused or left: the carrier's tracking history is the proof, and
        # the buyer is asked to confirm the address and re-accept; the order check comes first.
        Cause.BUYER: Route(
            Party.BUYER, (_EK.TRACKING_HISTORY, _EK.CHAT_LOGS), START_STAGE[Cause.BUYER]
        ),
        # The carrier brokers customs clearance and declares outside delays: it holds the proof.
        Cause.CUSTOMS: Route(
            Party.CARRIER, (_EK.WAYBILL_NUMBER, _EK.TRACKING_HISTORY), START_STAGE[Cause.CUSTOMS]
        ),
        Cause.FORCE_MAJEURE: Route(
            Party.CARRIER,
            (_EK.TRACKING_HISTORY, _EK.WAYBILL_NUMBER),
            START_STAGE[Cause.FORCE_MAJEURE],
        ),
        # Seed step 1: check the order information before blaming anyone.
        Cause.UNDETERMINED: Route(
            Party.HANDLER,
            (_EK.ORDER_SCREENSHOTS, _EK.LOGISTICS_INFO, _EK.TRACKING_HISTORY),
            START_STAGE[Cause.UNDETERMINED],
        ),
    }
)


def _routes(value: object) -> Mapping[Cause, Route]:
    if value is DEFAULT_ROUTES:
        return DEFAULT_ROUTES
    if not isinstance(value, Mapping):
        raise FieldTypeError("routes", value, "a mapping of Cause to Route")
    routes = {enum_value(Cause, "routes", k): v for k, v in value.items()}
    missing = set(Cause) - set(routes)
    if missing:
        raise InvalidFieldError("routes", value, f"no route for {sorted(missing)}")
    for route in routes.values():
        if not isinstance(route, Route):
            raise FieldTypeError("routes", route, "Route")
    return MappingProxyType(routes)


@attrs.frozen
class ClassifierPolicy:
    """How :func:`classify` decides, and the platform's online window.

    A cause is decided when its score reaches ``decide_at`` and leads the runner-up by at
    least ``margin``; otherwise the diagnosis is ``UNDETERMINED``. ``online_window_days`` is
    the number of working days after handover during which the platform may still be
    loading tracking (default 5). Working days come from the incident's calendar; without
    one they are plain Monday–Friday in the time zone of the handover time as given.

    >>> ClassifierPolicy(online_window_days=7).margin
    30
    """

    online_window_days: int = attrs.field(default=5, validator=int_at_least(0))
    decide_at: int = attrs.field(default=50, validator=int_at_least(0))
    margin: int = attrs.field(default=30, validator=int_at_least(0))
    routes: Mapping[Cause, Route] = attrs.field(default=DEFAULT_ROUTES, converter=_routes)

    def __reduce__(
        self,
    ) -> tuple[type[ClassifierPolicy], tuple[int, int, int, dict[Cause, Route]]]:
        # A mappingproxy does not pickle; rebuild from a plain copy of the routes.
        return (
            ClassifierPolicy,
            (self.online_window_days, self.decide_at, self.margin, dict(self.routes)),
        )
