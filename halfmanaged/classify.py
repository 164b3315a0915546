"""Whose fault is a receiving exception (收货异常), and what to do first.

:func:`classify` reads an :class:`Incident` (whatever the ERP knows of it: the three views of the
order, carrier tracking events, platform failures, the warehouse's receiving inspection, times)
and returns a :class:`Diagnosis`: the :class:`Cause`, candidate causes ranked by score, the
:class:`Clue` values behind them, the rules that fired, whom to contact first, which evidence to
ask for and the resolution :class:`Stage` to start at. When the facts cannot decide, the cause is
``UNDETERMINED`` and :attr:`Diagnosis.deciding_check` names the check that would decide. The
classifier never guesses.

Rules are data: :data:`DEFAULT_RULES` is a tuple of :class:`Rule` values (a name, a citation and
a pure function); pass your own tuple to add, remove or reorder rules.

>>> import datetime as dt
>>> from halfmanaged.classify import Incident, Symptom, TrackingEvent, classify
>>> t = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.timezone.utc)
>>> dx = classify(Incident(events=(TrackingEvent(Symptom.REFUSED, t),)))
>>> dx.cause, dx.contact_first, dx.start_stage
(<Cause.BUYER: 'buyer'>, <Party.BUYER: 'buyer'>, <Stage.PLATFORM_SUPPORT: 'platform_support'>)
>>> dx.clues[0].message("zh-CN")
'收件人未接收包裹：拒收。'
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable, Iterable, Mapping, Sequence
from types import MappingProxyType
from typing import Any, Final, TypeAlias, TypeVar

import attrs

from halfmanaged._symptom_maps import (
    Symptom,
    aftership_symptom,
    easypost_symptom,
    track17_symptom,
)
from halfmanaged._validators import aware, instance_of, optional_aware, to_enum
from halfmanaged._vocab import Cause, EvidenceKind, Party, Stage
from halfmanaged.calendar import WorkingCalendar
from halfmanaged.checks import OrderInfo, View, reconcile
from halfmanaged.errors import FieldTypeError, InvalidFieldError
from halfmanaged.messages import CATALOG, Locale, render
from halfmanaged.shipping import Deadlines
from halfmanaged.tracking import TrackingReason, validate_tracking_number

__all__ = [
    "DECISIVE",
    "DEFAULT_POLICY",
    "DEFAULT_ROUTES",
    "DEFAULT_RULES",
    "STRONG",
    "WEAK",
    "Candidate",
    "Cause",
    "Check",
    "ClassifierPolicy",
    "Clue",
    "DamageSeen",
    "Diagnosis",
    "Incident",
    "Inspection",
    "Route",
    "Rule",
    "RuleOutput",
    "SubmitFailure",
    "Symptom",
    "TrackingEvent",
    "aftership_symptom",
    "classify",
    "easypost_symptom",
    "track17_symptom",
]

DECISIVE: Final = 100
"""Weight of a clue that proves a fault from a party's own record (a differing submission)."""
STRONG: Final = 60
"""Weight of a clue a party declared but did not prove (a carrier's "refused" scan)."""
WEAK: Final = 30
"""Weight of circumstantial evidence; never decides alone."""


# --------------------------------------------------------------------------- validators

_E = TypeVar("_E", bound=enum.Enum)

_Validator: TypeAlias = Callable[[object, "attrs.Attribute[Any]", object], None]


def _callable(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not callable(value):
        raise FieldTypeError(attribute.name, value, "a callable")


def _country(value: object) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise FieldTypeError("country", value, "str")
    code = value.strip().upper()
    if len(code) != 2 or not code.isascii() or not code.isalpha():
        raise InvalidFieldError("country", value, "expected an ISO 3166-1 alpha-2 code")
    return code


def _optional_bool(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None and not isinstance(value, bool):
        raise FieldTypeError(attribute.name, value, "bool or None")


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


_NAMED_SYMPTOMS: Final = frozenset({"symptom", "symptoms"})


def _render(code: str, facts: tuple[tuple[str, str], ...], note: str, locale: Locale | str) -> str:
    if code in CATALOG:
        fields = dict(facts)
        for name in _NAMED_SYMPTOMS & fields.keys():  # machine values, shown in words
            fields[name] = ", ".join(
                render(label, {}, locale) if (label := f"classify.symptom.{v}") in CATALOG else v
                for v in fields[name].split(", ")
            )
        return render(code, fields, locale)
    # A user's own rule may use a code the library does not know; its note stands in.
    return note or code


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
    return to_enum(Symptom, "symptom")(value)


def _to_cause(value: object) -> Cause:
    return to_enum(Cause, "cause")(value)


def _to_party(value: object) -> Party:
    return to_enum(Party, "contact_first")(value)


def _to_stage(value: object) -> Stage:
    return to_enum(Stage, "start_stage")(value)


def _to_damage(value: object) -> DamageSeen | None:
    return None if value is None else to_enum(DamageSeen, "damage")(value)


def _to_submit_failure(value: object) -> SubmitFailure | None:
    return None if value is None else to_enum(SubmitFailure, "submit_failure")(value)


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

    goods_match: bool | None = attrs.field(default=None, validator=_optional_bool)
    quantity_match: bool | None = attrs.field(default=None, validator=_optional_bool)
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
# Scans that say where the parcel is being delivered.
_AT_DESTINATION: Final = frozenset(
    {
        Symptom.OUT_FOR_DELIVERY,
        Symptom.AVAILABLE_FOR_PICKUP,
        Symptom.DELIVERY_ATTEMPT_FAILED,
        Symptom.DELIVERED,
    }
)
_ADDRESS_FIELDS: Final = ("recipient", "phone", "address.")
_ITEM_FIELDS: Final = ("items",)


def _is_address_field(name: str) -> bool:
    return name.startswith(_ADDRESS_FIELDS)


def _is_item_field(name: str) -> bool:
    return name.startswith(_ITEM_FIELDS)


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
    window. Derived on construction: :attr:`symptoms`, :attr:`accepted_at` (the first scan
    showing the carrier holds the parcel) and the fields in which the views differ.

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
    tracking_known_to_carrier: bool | None = attrs.field(default=None, validator=_optional_bool)
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

    ``facts`` are the (name, value) pairs the rule used; they fill the message template
    ``code`` from the catalog. A user's own rule may use a code the catalog lacks and put its
    sentence in ``note``.

    >>> c = Clue("buyer_did_not_accept", Cause.BUYER, 60, "classify.buyer_not_accepted",
    ...          {"symptoms": "refused"})
    >>> c.message()
    'The recipient did not accept the parcel: refused.'
    """

    rule: str = attrs.field(validator=instance_of(str, "str"))
    cause: Cause = attrs.field(converter=_to_cause)
    weight: int = attrs.field(validator=instance_of(int, "int"))
    code: str = attrs.field(validator=instance_of(str, "str"))
    facts: tuple[tuple[str, str], ...] = attrs.field(default=(), converter=_facts)
    note: str = attrs.field(default="", validator=instance_of(str, "str"))

    @property
    def fields(self) -> dict[str, str]:
        """The facts as a dict.

        >>> Clue("r", "seller", 1, "x", [("a", "b")]).fields
        {'a': 'b'}
        """
        return dict(self.facts)

    def message(self, locale: Locale | str = Locale.EN) -> str:
        """Return the sentence for this clue in ``locale`` ("en" or "zh-CN").

        >>> Clue("r", "seller", 1, "my.code", note="My own sentence.").message()
        'My own sentence.'
        """
        return _render(self.code, self.facts, self.note, locale)


@attrs.frozen
class Check:
    """A check that would decide what the facts leave open (for instance: compare addresses).

    >>> Check("address_problem_needs_views", "classify.check.damage_timing").message("zh-CN")
    '查明破损发生在物流公司揽收之前还是之后：交接时的照片和揽收扫描记录。'
    """

    rule: str = attrs.field(validator=instance_of(str, "str"))
    code: str = attrs.field(validator=instance_of(str, "str"))
    facts: tuple[tuple[str, str], ...] = attrs.field(default=(), converter=_facts)
    note: str = attrs.field(default="", validator=instance_of(str, "str"))

    @property
    def fields(self) -> dict[str, str]:
        """The facts as a dict.

        >>> Check("r", "x", {"a": "b"}).fields
        {'a': 'b'}
        """
        return dict(self.facts)

    def message(self, locale: Locale | str = Locale.EN) -> str:
        """Return the sentence for this check in ``locale``.

        >>> Check("r", "classify.check.gather").message()[:24]
        'Not enough facts to tell'
        """
        return _render(self.code, self.facts, self.note, locale)


RuleOutput: TypeAlias = Sequence[Clue | Check]
"""What a rule function returns: clues, checks, or an empty sequence when it has nothing."""


@attrs.frozen
class Rule:
    """A named rule: a citation and a pure function ``(incident, policy) -> clues and checks``.

    ``causes`` lists the causes its clues can point to (for documentation and tests).

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
            Party.CARRIER, (_EK.PARCEL_PHOTOS, _EK.WAYBILL_NUMBER), Stage.CARRIER_CONTACTED
        ),
        Cause.SELLER: Route(
            Party.SELLER, (_EK.ORDER_SCREENSHOTS, _EK.LOGISTICS_INFO), Stage.SELLER_CONTACTED
        ),
        Cause.PLATFORM: Route(
            Party.PLATFORM,
            (_EK.ORDER_SCREENSHOTS, _EK.LOGISTICS_INFO, _EK.SCREENSHOTS, _EK.CHAT_LOGS),
            Stage.PLATFORM_SUPPORT,
        ),
        # The platform arbitrates a parcel the buyer refused or left; the carrier's tracking
        # history is the proof, and the buyer is asked (through the platform) to re-accept.
        Cause.BUYER: Route(
            Party.BUYER, (_EK.TRACKING_HISTORY, _EK.CHAT_LOGS), Stage.PLATFORM_SUPPORT
        ),
        # The carrier brokers customs clearance and declares outside delays: it holds the proof.
        Cause.CUSTOMS: Route(
            Party.CARRIER, (_EK.WAYBILL_NUMBER, _EK.TRACKING_HISTORY), Stage.CARRIER_CONTACTED
        ),
        Cause.FORCE_MAJEURE: Route(
            Party.CARRIER, (_EK.TRACKING_HISTORY, _EK.WAYBILL_NUMBER), Stage.CARRIER_CONTACTED
        ),
        # Seed step 1: check the order information before blaming anyone.
        Cause.UNDETERMINED: Route(
            Party.HANDLER,
            (_EK.ORDER_SCREENSHOTS, _EK.LOGISTICS_INFO, _EK.TRACKING_HISTORY),
            Stage.ORDER_CHECK,
        ),
    }
)


def _routes(value: object) -> Mapping[Cause, Route]:
    if not isinstance(value, Mapping):
        raise FieldTypeError("routes", value, "a mapping of Cause to Route")
    routes = {to_enum(Cause, "routes")(k): v for k, v in value.items()}
    missing = set(Cause) - set(routes)
    if missing:
        raise InvalidFieldError("routes", value, f"no route for {sorted(missing)}")
    for route in routes.values():
        if not isinstance(route, Route):
            raise FieldTypeError("routes", route, "Route")
    return MappingProxyType(routes)


def _positive_int(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if type(value) is not int:
        raise FieldTypeError(attribute.name, value, "int")
    if value < 0:
        raise InvalidFieldError(attribute.name, value, "must not be negative")


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

    online_window_days: int = attrs.field(default=5, validator=_positive_int)
    decide_at: int = attrs.field(default=50, validator=_positive_int)
    margin: int = attrs.field(default=30, validator=_positive_int)
    routes: Mapping[Cause, Route] = attrs.field(default=DEFAULT_ROUTES, converter=_routes)


DEFAULT_POLICY: Final = ClassifierPolicy()
"""The policy :func:`classify` uses unless given another."""


@attrs.frozen
class Candidate:
    """A cause and its score (the sum of its clues' weights).

    >>> Candidate(Cause.SELLER, 100).score
    100
    """

    cause: Cause
    score: int


@attrs.frozen
class Diagnosis:
    """The answer of :func:`classify`.

    ``candidates`` are ranked by score (ties in :class:`Cause` order); ``clues`` are in rule
    order; ``checks`` are open questions, the first of which is :attr:`deciding_check` when
    the cause is undetermined.

    >>> dx = classify(Incident())
    >>> dx.cause.value, dx.start_stage.value, dx.deciding_check.code
    ('undetermined', 'order_check', 'classify.check.gather')
    """

    cause: Cause
    candidates: tuple[Candidate, ...]
    clues: tuple[Clue, ...]
    checks: tuple[Check, ...]
    rules_fired: tuple[str, ...]
    contact_first: Party
    evidence_to_request: tuple[EvidenceKind, ...]
    start_stage: Stage

    @property
    def decided(self) -> bool:
        """Whether the facts decided a cause.

        >>> classify(Incident()).decided
        False
        """
        return self.cause is not Cause.UNDETERMINED

    @property
    def deciding_check(self) -> Check | None:
        """The check that would decide, when the cause is undetermined; else ``None``.

        >>> classify(Incident()).deciding_check.rule
        'classify'
        """
        if self.decided or not self.checks:
            return None
        return self.checks[0]

    def message(self, locale: Locale | str = Locale.EN) -> str:
        """One sentence for a seller: the cause and whom to contact, or what would decide.

        >>> classify(Incident()).message()[:30]
        'Cause not determined yet. Next'
        """
        if self.decided:
            return render(
                "classify.verdict",
                {
                    "cause": render(f"classify.cause.{self.cause.value}", {}, locale),
                    "party": render(f"classify.party.{self.contact_first.value}", {}, locale),
                },
                locale,
            )
        check = self.deciding_check
        return render(
            "classify.verdict_open",
            {"check": check.message(locale) if check is not None else ""},
            locale,
        )


# --------------------------------------------------------------------------- time helpers


# Incidents without a calendar count the online window on plain Monday-Friday.
_MON_TO_FRI: Final = WorkingCalendar.without_holidays()


def _window_end(incident: Incident, handover: dt.datetime, days: int) -> dt.date:
    cal = incident.calendar
    if cal is not None:
        return cal.add_working_days(cal.local(handover).date(), days)
    return _MON_TO_FRI.add_working_days(handover.date(), days)


def _local_date(incident: Incident, moment: dt.datetime, zone_of: dt.datetime) -> dt.date:
    cal = incident.calendar
    if cal is not None:
        return cal.local(moment).date()
    return moment.astimezone(zone_of.tzinfo).date()


def _iso(moment: dt.datetime) -> str:
    return moment.isoformat(timespec="minutes")


# --------------------------------------------------------------------------- rules

_NOTHING: Final[RuleOutput] = ()


_new = object.__new__
_set = object.__setattr__


# The default rules build their clues and checks from values already known to be valid, so they
# skip the public constructors' validation: it would cost more than the rest of a diagnosis.
def _clue(rule: str, cause: Cause, weight: int, code: str, **facts: str) -> Clue:
    clue: Clue = _new(Clue)
    _set(clue, "rule", rule)
    _set(clue, "cause", cause)
    _set(clue, "weight", weight)
    _set(clue, "code", "classify." + code)
    _set(clue, "facts", tuple(facts.items()))
    _set(clue, "note", "")
    return clue


def _check(rule: str, code: str, **facts: str) -> Check:
    check: Check = _new(Check)
    _set(check, "rule", rule)
    _set(check, "code", "classify.check." + code)
    _set(check, "facts", tuple(facts.items()))
    _set(check, "note", "")
    return check


def _names(symptoms: frozenset[Symptom]) -> str:
    # Sorted by value: set order varies between runs, the message must not.
    return ", ".join(sorted([s.value for s in symptoms]))


def address_seller_differs(incident: Incident, policy: ClassifierPolicy) -> RuleOutput:
    """SELLER when the seller's submitted address or contact differs from the platform order.

    DESIGN.md, Receiving exceptions: seller error (wrong order information); issue 5, Address.
    """
    differ = incident.seller_vs_platform
    fields = sorted([f for f in differ if _is_address_field(f)]) if differ else None
    if not fields:
        return _NOTHING
    return (
        _clue(
            "address_seller_differs",
            Cause.SELLER,
            DECISIVE,
            "address_seller_differs",
            fields=", ".join(fields),
        ),
    )


def address_carrier_differs(incident: Incident, policy: ClassifierPolicy) -> RuleOutput:
    """CARRIER when the submission matches the order but the carrier recorded another address.

    DESIGN.md, Receiving exceptions: carrier error (wrong address); issue 5, Address. A
    different *country* is left to :func:`destination_country_differs` (false shipment).
    """
    if incident.platform_order is None or incident.seller_submitted is None:
        return _NOTHING
    if any(_is_address_field(f) for f in incident.seller_vs_platform):
        return _NOTHING
    fields = sorted(
        f for f in incident.carrier_vs_seller if _is_address_field(f) and f != "address.country"
    )
    if not fields:
        return _NOTHING
    return (
        _clue(
            "address_carrier_differs",
            Cause.CARRIER,
            DECISIVE,
            "address_carrier_differs",
            fields=", ".join(fields),
        ),
    )


_UNDELIVERABLE: Final = frozenset({Symptom.ADDRESS_PROBLEM, Symptom.RETURNING, Symptom.RETURNED})


def address_all_agree_undeliverable(incident: Incident, policy: ClassifierPolicy) -> RuleOutput:
    """BUYER when all three views agree on the address and the parcel is still undeliverable.

    Issue 5, Address: the seller and the carrier did their part; the address the buyer gave
    does not work.
    """
    stuck = incident.symptoms & _UNDELIVERABLE
    if not stuck:
        return _NOTHING
    if (
        incident.platform_order is None
        or incident.seller_submitted is None
        or incident.carrier_record is None
    ):
        return _NOTHING
    diffs = incident.seller_vs_platform | incident.carrier_vs_seller | incident.carrier_vs_platform
    if any(_is_address_field(f) for f in diffs):
        return _NOTHING
    return (
        _clue(
            "address_all_agree_undeliverable",
            Cause.BUYER,
            STRONG,
            "address_all_agree",
            symptoms=_names(stuck),
        ),
    )


def address_problem_needs_views(incident: Incident, policy: ClassifierPolicy) -> RuleOutput:
    """Ask to compare addresses when an address problem lacks one of the three views.

    Issue 5: for an "incorrect address", compare the label address with the order address.
    """
    if Symptom.ADDRESS_PROBLEM not in incident.symptoms:
        return _NOTHING
    missing = [
        name
        for name, view in (
            ("platform_order", incident.platform_order),
            ("seller_submitted", incident.seller_submitted),
            ("carrier_record", incident.carrier_record),
        )
        if view is None
    ]
    if not missing:
        return _NOTHING
    return (
        _check("address_problem_needs_views", "compare_addresses", missing=", ".join(missing)),
    )


def damage_before_handover(incident: Incident, policy: ClassifierPolicy) -> RuleOutput:
    """SELLER when the receiving inspection saw damage before handover (packing).

    DESIGN.md, Shipping rule 6 (pack safely); issue 5, Damage.
    """
    inspection = incident.inspection
    if inspection is None or inspection.damage is not DamageSeen.BEFORE_HANDOVER:
        return _NOTHING
    return (_clue("damage_before_handover", Cause.SELLER, DECISIVE, "damage_before_handover"),)


def damage_in_carrier_custody(incident: Incident, policy: ClassifierPolicy) -> RuleOutput:
    """CARRIER when the damage happened after the carrier's acceptance scan.

    DESIGN.md, Receiving exceptions: carrier error (damaged parcel); issue 5, Damage. A damage
    scan with no earlier custody scan, or an inspection that cannot say when, leaves a check.
    """
    rule = "damage_in_carrier_custody"
    inspection = incident.inspection
    if inspection is not None and inspection.damage is DamageSeen.AFTER_ACCEPTANCE:
        return (_clue(rule, Cause.CARRIER, DECISIVE, "damage_after_acceptance"),)
    damaged_at = incident.first_seen(Symptom.DAMAGED)
    accepted_at = incident.accepted_at
    if damaged_at is not None and accepted_at is not None and accepted_at <= damaged_at:
        return (
            _clue(
                rule,
                Cause.CARRIER,
                STRONG,
                "damage_scan_after_acceptance",
                damaged_at=_iso(damaged_at),
                accepted_at=_iso(accepted_at),
            ),
        )
    if damaged_at is not None or (
        inspection is not None and inspection.damage is DamageSeen.UNKNOWN_WHEN
    ):
        return (_check(rule, "damage_timing"),)
    return _NOTHING


def lost_in_carrier_custody(incident: Incident, policy: ClassifierPolicy) -> RuleOutput:
    """CARRIER when the parcel was lost after the carrier accepted it.

    DESIGN.md, Receiving exceptions: carrier error; issue 5, Damage (lost after acceptance).
    """
    rule = "lost_in_carrier_custody"
    lost_at = incident.first_seen(Symptom.LOST)
    if lost_at is None:
        return _NOTHING
    accepted_at = incident.accepted_at
    if accepted_at is not None and accepted_at <= lost_at:
        return (
            _clue(
                rule,
                Cause.CARRIER,
                DECISIVE,
                "lost_after_acceptance",
                lost_at=_iso(lost_at),
                accepted_at=_iso(accepted_at),
            ),
        )
    if incident.handover_proof:
        return (_clue(rule, Cause.CARRIER, DECISIVE, "lost_after_handover_proof"),)
    return (_check(rule, "handover_proof"),)


def goods_mismatch(incident: Incident, policy: ClassifierPolicy) -> RuleOutput:
    """SELLER when goods or quantity differ from the order.

    DESIGN.md, Shipping rule 6 (check goods and quantity against the order); issue 5.
    """
    differ = incident.seller_vs_platform
    what = sorted([f for f in differ if _is_item_field(f)]) if differ else []
    inspection = incident.inspection
    if inspection is not None:
        if inspection.goods_match is False:
            what.append("inspection.goods")
        if inspection.quantity_match is False:
            what.append("inspection.quantity")
    if not what:
        return _NOTHING
    return (
        _clue("goods_mismatch", Cause.SELLER, DECISIVE, "goods_mismatch", what=", ".join(what)),
    )


def tracking_number_invalid(incident: Incident, policy: ClassifierPolicy) -> RuleOutput:
    """SELLER when the tracking number is invalid for its declared carrier, or another's.

    Issue 5, tracking false-shipment signals (the platform treats these as 虚假发货);
    DESIGN.md, Shipping rule 6 (upload the carrier and tracking number). Judged only against a
    declared carrier that :func:`~halfmanaged.tracking.validate_tracking_number` knows: a
    number of a carrier the library has no formats for proves nothing. A failed check digit or
    another carrier's number is decisive; a format mismatch is strong only, since a carrier may
    use formats the bundled data lacks.
    """
    rule = "tracking_number_invalid"
    seller = incident.seller_submitted
    if seller is not None and seller.tracking_number and seller.carrier:
        number, carrier = seller.tracking_number, seller.carrier
        result = validate_tracking_number(number, carrier)
        reason = result.reason
        if reason is TrackingReason.OTHER_CARRIER:
            return (
                _clue(
                    rule,
                    Cause.SELLER,
                    DECISIVE,
                    "tracking_other_carrier",
                    number=result.normalized,
                    carrier=carrier,
                    carriers=", ".join(result.carriers),
                ),
            )
        if reason is not None and reason is not TrackingReason.UNKNOWN_CARRIER:
            weight = STRONG if reason is TrackingReason.FORMAT else DECISIVE
            return (
                _clue(
                    rule,
                    Cause.SELLER,
                    weight,
                    "tracking_invalid",
                    number=result.normalized,
                    carrier=carrier,
                    reason=reason.value,
                ),
            )
    if Symptom.INVALID_NUMBER in incident.symptoms and incident.accepted_at is None:
        return (_clue(rule, Cause.SELLER, STRONG, "tracking_invalid_feed"),)
    return _NOTHING


def pickup_before_order(incident: Incident, policy: ClassifierPolicy) -> RuleOutput:
    """SELLER when the first carrier scan is earlier than the order: a reused number.

    Issue 5, tracking false-shipment signals.
    """
    placed, accepted = incident.placed_at, incident.accepted_at
    if placed is None or accepted is None or accepted >= placed:
        return _NOTHING
    return (
        _clue(
            "pickup_before_order",
            Cause.SELLER,
            DECISIVE,
            "pickup_before_order",
            accepted_at=_iso(accepted),
            placed_at=_iso(placed),
        ),
    )


def destination_country_differs(incident: Incident, policy: ClassifierPolicy) -> RuleOutput:
    """SELLER when tracking shows a destination country other than the buyer's.

    Issue 5, tracking false-shipment signals. The destination is the carrier record's country,
    else the country of a delivery-stage scan.
    """
    order = incident.platform_order
    ordered = order.address.country if order is not None and order.address is not None else None
    if not ordered:
        return _NOTHING
    ordered = ordered.upper()
    record = incident.carrier_record
    tracked = record.address.country if record is not None and record.address is not None else None
    if not tracked:
        for event in incident.events:
            if event.country is not None and event.symptom in _AT_DESTINATION:
                tracked = event.country
                break
    if not tracked or tracked.upper() == ordered:
        return _NOTHING
    return (
        _clue(
            "destination_country_differs",
            Cause.SELLER,
            DECISIVE,
            "destination_differs",
            tracked=tracked.upper(),
            ordered=ordered,
        ),
    )


def platform_online_window(incident: Incident, policy: ClassifierPolicy) -> RuleOutput:
    """Tracking missing on the platform: PLATFORM within the online window, then SELLER.

    Issue 5: tracking valid and known to the carrier but not shown on the platform is the
    platform's while its online window runs (``policy.online_window_days`` working days after
    handover, through the last of them); after it, SELLER unless there is carrier proof of
    handover (a custody scan or ``handover_proof``). DESIGN.md, Receiving exceptions: platform
    fault (logistics information cannot be queried).
    """
    rule = "platform_online_window"
    if incident.platform_tracking_missing_since is None:
        return _NOTHING
    handover, as_of = incident.handover, incident.as_of
    if handover is None or as_of is None:
        missing = [n for n, v in (("handed_over_at", handover), ("as_of", as_of)) if v is None]
        return (
            _check(
                rule,
                "window_facts",
                missing=", ".join(missing),
                days=str(policy.online_window_days),
            ),
        )
    end = _window_end(incident, handover, policy.online_window_days)
    today = _local_date(incident, as_of, handover)
    proof = incident.accepted_at is not None or incident.handover_proof
    known = proof or incident.tracking_known_to_carrier is True
    if today <= end:
        if known:
            return (
                _clue(rule, Cause.PLATFORM, STRONG, "window_open", window_end=end.isoformat()),
            )
        return (_check(rule, "carrier_knows_number", window_end=end.isoformat()),)
    if proof:
        return (
            _clue(rule, Cause.PLATFORM, STRONG, "window_closed_proof", window_end=end.isoformat()),
        )
    return (
        _clue(rule, Cause.SELLER, STRONG, "window_closed_no_proof", window_end=end.isoformat()),
    )


def platform_submit_error(incident: Incident, policy: ClassifierPolicy) -> RuleOutput:
    """PLATFORM when order information could not be submitted because of a platform error.

    DESIGN.md, Receiving exceptions: platform fault (order information cannot be submitted).
    Rejected data is the seller's; an unknown reason leaves a check.
    """
    rule = "platform_submit_error"
    failure = incident.submit_failure
    if failure is None:
        return _NOTHING
    if failure is SubmitFailure.PLATFORM_ERROR:
        return (_clue(rule, Cause.PLATFORM, DECISIVE, "submit_platform_error"),)
    if failure is SubmitFailure.DATA_REJECTED:
        return (_clue(rule, Cause.SELLER, STRONG, "submit_rejected"),)
    return (_check(rule, "submit_error"),)


def customs_hold(incident: Incident, policy: ClassifierPolicy) -> RuleOutput:
    """Point to CUSTOMS when the carrier reports a customs hold.

    Issue 5: customs holds are nobody's fault among carrier, seller and platform.
    """
    at = incident.first_seen(Symptom.CUSTOMS_HOLD)
    if at is None:
        return _NOTHING
    return (_clue("customs_hold", Cause.CUSTOMS, STRONG, "customs_hold", at=_iso(at)),)


def carrier_declared_force_majeure(incident: Incident, policy: ClassifierPolicy) -> RuleOutput:
    """FORCE_MAJEURE when the carrier declares weather or a similar outside cause.

    Issue 5: weather and similar carrier-declared causes.
    """
    at = incident.first_seen(Symptom.WEATHER)
    if at is None:
        return _NOTHING
    return (
        _clue(
            "carrier_declared_force_majeure",
            Cause.FORCE_MAJEURE,
            STRONG,
            "force_majeure",
            at=_iso(at),
        ),
    )


_BUYER_SYMPTOMS: Final = frozenset(
    {Symptom.REFUSED, Symptom.RECIPIENT_MOVED, Symptom.NOT_COLLECTED, Symptom.AWAITING_PAYMENT}
)


def buyer_did_not_accept(incident: Incident, policy: ClassifierPolicy) -> RuleOutput:
    """BUYER when the parcel was refused, the recipient moved, or it was not collected.

    Issue 5: refused, moved, not collected → BUYER (also held for the recipient's payment).
    """
    found = incident.symptoms & _BUYER_SYMPTOMS
    if not found:
        return _NOTHING
    return (
        _clue(
            "buyer_did_not_accept",
            Cause.BUYER,
            STRONG,
            "buyer_not_accepted",
            symptoms=_names(found),
        ),
    )


def carrier_rejected_parcel(incident: Incident, policy: ClassifierPolicy) -> RuleOutput:
    """SELLER when the carrier rejected the parcel as not compliant with its guidelines.

    DESIGN.md, Shipping rules 5 and 6: allowed routes only, pack safely.
    """
    if Symptom.REJECTED_BY_CARRIER not in incident.symptoms:
        return _NOTHING
    return (_clue("carrier_rejected_parcel", Cause.SELLER, STRONG, "carrier_rejected"),)


def carrier_network_delay(incident: Incident, policy: ClassifierPolicy) -> RuleOutput:
    """CARRIER when the carrier reports a delay inside its own network.

    DESIGN.md, Receiving exceptions: carrier error; AfterShip Exception_016 (processing issue).
    """
    at = incident.first_seen(Symptom.CARRIER_DELAY)
    if at is None:
        return _NOTHING
    return (_clue("carrier_network_delay", Cause.CARRIER, STRONG, "carrier_delay", at=_iso(at)),)


def _overdue(incident: Incident) -> dt.date | None:
    deadlines, as_of = incident.deadlines, incident.as_of
    if deadlines is None or as_of is None or Symptom.DELIVERED in incident.symptoms:
        return None
    latest = deadlines.delivery_latest
    return latest if _local_date(incident, as_of, as_of) > latest else None


def late_handover(incident: Incident, policy: ClassifierPolicy) -> RuleOutput:
    """SELLER when a late parcel was handed over after both the pickup and self-delivery limits.

    DESIGN.md, Shipping rule 4 (pickup before 15:00, or self-delivery within 48 hours) and
    rule 6 (late shipment is the seller's). Only for parcels that are late: overdue against
    ``deadlines.delivery_latest``, or a delay scan.
    """
    deadlines, handed = incident.deadlines, incident.handed_over_at
    if deadlines is None or handed is None:
        return _NOTHING
    if handed <= deadlines.handover_by:
        return _NOTHING
    late = _overdue(incident) is not None or bool(
        incident.symptoms & {Symptom.DELAYED, Symptom.CARRIER_DELAY, Symptom.WEATHER}
    )
    if not late:
        return _NOTHING
    return (
        _clue(
            "late_handover",
            Cause.SELLER,
            STRONG,
            "late_handover",
            handed_over_at=_iso(handed),
            ship_by=_iso(deadlines.ship_by),
            self_delivery_by=_iso(deadlines.self_delivery_by),
        ),
    )


_ASK_CARRIER: Final = (
    Symptom.EXCEPTION,
    Symptom.DELAYED,
    Symptom.RETURNING,
    Symptom.RETURNED,
    Symptom.CANCELLED,
    Symptom.NO_INFORMATION,
    Symptom.DELIVERY_ATTEMPT_FAILED,
    Symptom.OTHER,
)


def ask_carrier(incident: Incident, policy: ClassifierPolicy) -> RuleOutput:
    """Ask the carrier about statuses without a stated reason, and about overdue parcels.

    DESIGN.md, resolution step 2 (contact the carrier and get proof).
    """
    rule = "ask_carrier"
    out: list[Check] = []
    symptoms = incident.symptoms
    if symptoms:
        for symptom in _ASK_CARRIER:
            at = incident.first_seen(symptom) if symptom in symptoms else None
            if at is not None:
                out.append(_check(rule, "ask_carrier", symptom=symptom.value, at=_iso(at)))
    overdue = _overdue(incident)
    if overdue is not None:
        out.append(_check(rule, "overdue", delivery_latest=overdue.isoformat()))
    return tuple(out)


_DESIGN = "DESIGN.md, Receiving exceptions (收货异常)"
DEFAULT_RULES: tuple[Rule, ...] = (
    Rule(
        "address_seller_differs",
        f"{_DESIGN}: seller error, wrong order information; issue 5, Address",
        address_seller_differs,
        {Cause.SELLER},
    ),
    Rule(
        "address_carrier_differs",
        f"{_DESIGN}: carrier error, wrong address; issue 5, Address",
        address_carrier_differs,
        {Cause.CARRIER},
    ),
    Rule(
        "address_all_agree_undeliverable",
        "issue 5, Address: all three views agree and the parcel is still undeliverable",
        address_all_agree_undeliverable,
        {Cause.BUYER},
    ),
    Rule(
        "address_problem_needs_views",
        "issue 5: compare the label address with the order address",
        address_problem_needs_views,
    ),
    Rule(
        "damage_before_handover",
        "DESIGN.md, Shipping rule 6 (pack safely); issue 5, Damage",
        damage_before_handover,
        {Cause.SELLER},
    ),
    Rule(
        "damage_in_carrier_custody",
        f"{_DESIGN}: carrier error, damaged parcel; issue 5, Damage",
        damage_in_carrier_custody,
        {Cause.CARRIER},
    ),
    Rule(
        "lost_in_carrier_custody",
        f"{_DESIGN}: carrier error; issue 5, Damage (lost after acceptance)",
        lost_in_carrier_custody,
        {Cause.CARRIER},
    ),
    Rule(
        "goods_mismatch",
        "DESIGN.md, Shipping rule 6 (check goods and quantity); issue 5",
        goods_mismatch,
        {Cause.SELLER},
    ),
    Rule(
        "tracking_number_invalid",
        "issue 5, false-shipment signals (虚假发货): invalid number or another carrier's",
        tracking_number_invalid,
        {Cause.SELLER},
    ),
    Rule(
        "pickup_before_order",
        "issue 5, false-shipment signals: pickup scan earlier than the order",
        pickup_before_order,
        {Cause.SELLER},
    ),
    Rule(
        "destination_country_differs",
        "issue 5, false-shipment signals: destination other than the buyer's country",
        destination_country_differs,
        {Cause.SELLER},
    ),
    Rule(
        "platform_online_window",
        f"{_DESIGN}: platform fault, logistics information cannot be queried; issue 5",
        platform_online_window,
        {Cause.PLATFORM, Cause.SELLER},
    ),
    Rule(
        "platform_submit_error",
        f"{_DESIGN}: platform fault, order information cannot be submitted",
        platform_submit_error,
        {Cause.PLATFORM, Cause.SELLER},
    ),
    Rule("customs_hold", "issue 5: customs holds → CUSTOMS", customs_hold, {Cause.CUSTOMS}),
    Rule(
        "carrier_declared_force_majeure",
        "issue 5: weather and similar carrier-declared causes → FORCE_MAJEURE",
        carrier_declared_force_majeure,
        {Cause.FORCE_MAJEURE},
    ),
    Rule(
        "buyer_did_not_accept",
        "issue 5: refused, moved, not collected → BUYER",
        buyer_did_not_accept,
        {Cause.BUYER},
    ),
    Rule(
        "carrier_rejected_parcel",
        "DESIGN.md, Shipping rules 5 and 6 (allowed routes, safe packing)",
        carrier_rejected_parcel,
        {Cause.SELLER},
    ),
    Rule(
        "carrier_network_delay",
        f"{_DESIGN}: carrier error; AfterShip Exception_016",
        carrier_network_delay,
        {Cause.CARRIER},
    ),
    Rule(
        "late_handover",
        "DESIGN.md, Shipping rules 4 and 6 (pickup cutoff, self-delivery 48 h, late shipment)",
        late_handover,
        {Cause.SELLER},
    ),
    Rule("ask_carrier", "DESIGN.md, resolution step 2 (contact the carrier)", ask_carrier),
)
"""The default rules, in the order their clues and checks are listed."""


# --------------------------------------------------------------------------- classify

_CAUSE_ORDER: Final = {cause: i for i, cause in enumerate(Cause)}
_GATHER: Final = _check("classify", "gather")


def _rank(item: tuple[Cause, int]) -> tuple[int, int]:
    return (-item[1], _CAUSE_ORDER[item[0]])


def _check_rules(rules: object) -> None:
    if isinstance(rules, str | bytes) or not isinstance(rules, Iterable):
        raise FieldTypeError("rules", rules, "a sequence of Rule")
    for rule in rules:
        if not isinstance(rule, Rule):
            raise FieldTypeError("rules", rule, "Rule")


def _decide(ranked: list[tuple[Cause, int]], policy: ClassifierPolicy) -> Cause:
    if not ranked:
        return Cause.UNDETERMINED
    top_cause, top = ranked[0]
    runner_up = ranked[1][1] if len(ranked) > 1 else 0
    if top >= policy.decide_at and top - runner_up >= policy.margin:
        return top_cause
    return Cause.UNDETERMINED


def classify(
    incident: Incident,
    *,
    rules: Sequence[Rule] = DEFAULT_RULES,
    policy: ClassifierPolicy = DEFAULT_POLICY,
) -> Diagnosis:
    """Diagnose whose fault ``incident`` is, and where its resolution starts.

    Every rule runs in order; each returns clues (a cause and a weight) and checks. A cause's
    score is the sum of its clues' weights. The top cause is decided when its score reaches
    ``policy.decide_at`` and leads the runner-up by ``policy.margin``; otherwise the cause is
    ``UNDETERMINED`` and the first check says what would decide.

    >>> classify(Incident(submit_failure="platform_error")).cause
    <Cause.PLATFORM: 'platform'>
    >>> classify(Incident(), rules=()).rules_fired
    ()
    """
    if not isinstance(incident, Incident):
        raise FieldTypeError("incident", incident, "Incident")
    if not isinstance(policy, ClassifierPolicy):
        raise FieldTypeError("policy", policy, "ClassifierPolicy")
    if rules is not DEFAULT_RULES:
        _check_rules(rules)
    clues: list[Clue] = []
    checks: list[Check] = []
    fired: list[str] = []
    scores: dict[Cause, int] = {}
    for rule in rules:
        out = rule.apply(incident, policy)
        if not out:
            continue
        fired.append(rule.name)
        for item in out:
            if type(item) is Clue or isinstance(item, Clue):
                clues.append(item)
                scores[item.cause] = scores.get(item.cause, 0) + item.weight
            elif isinstance(item, Check):
                checks.append(item)
            else:
                raise FieldTypeError(f"rules[{rule.name!r}] output", item, "Clue or Check")
    ranked = sorted(scores.items(), key=_rank)
    cause = _decide(ranked, policy)
    if cause is Cause.UNDETERMINED:
        close = [c.value for c, s in ranked if s > 0 and ranked[0][1] - s < policy.margin]
        if len(close) > 1:
            # Conflicting evidence: the order check (seed step 1) comes first, before any
            # party-specific question.
            checks.insert(0, _check("classify", "conflict", causes=", ".join(close)))
        elif not checks:
            checks.append(_GATHER)
    route = policy.routes[cause]
    return Diagnosis(
        cause=cause,
        candidates=tuple(Candidate(c, s) for c, s in ranked),
        clues=tuple(clues),
        checks=tuple(checks),
        rules_fired=tuple(fired),
        contact_first=route.contact_first,
        evidence_to_request=route.evidence,
        start_stage=route.start_stage,
    )
