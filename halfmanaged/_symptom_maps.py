"""Tracking symptoms, and the tables that map three tracking vocabularies onto them.

Every code AfterShip, EasyPost and 17TRACK are known to send is listed, each row citing where
it was read (docs/rules.md#reading-tracking-codes). The source keys:

``AS-TAGS``
    AfterShip Tracking API, "Delivery Statuses",
    https://www.aftership.com/docs/tracking/2025-01/enum/delivery-statuses
``AS-SUB``
    AfterShip Tracking API, "Delivery Sub-statuses",
    https://www.aftership.com/docs/tracking/2026-07/enum/delivery-sub-statuses
``AS-HC``
    AfterShip Help Center, "Learn About Delivery Sub-Status",
    https://tracking-helpcenter.aftership.com/en/article/learn-about-delivery-sub-status-1b0hdlx
``AS-CHG``
    AfterShip 2026-07 webhook changelog and migration guide (names of the ten new codes),
    https://www.aftership.com/docs/tracking/2026-07/webhook/webhook-changelog
``AS-SDK``
    AfterShip/tracking-sdk-nodejs (MIT), the completed-tracking reasons (Delivered_001,
    Exception_011, Exception_013) and the returning/returned pair (Exception_010/011).
``SEC-AS``
    Secondary: three third-party copies of AfterShip's table that agree with each other (a
    Business Central enum, a PHP service, a TypeScript map), and two code-only lists for
    Pending_002..006. Used only where AfterShip's own pages are cut off; every meaning taken
    from them is a movement or a failed attempt, never a fault on its own.
``EP-DOCS``
    EasyPost API docs, "Trackers", https://docs.easypost.com/docs/trackers, and the official
    SDKs EasyPost/easypost-node (``TrackerStatus``, ``TrackerStatusDetail``) and
    EasyPost/easypost-csharp (MIT): the 10 statuses and 28 status details, names only.
``EP-SUP``
    EasyPost support, "Tracking Frequently Asked Questions", table "Tracker Status
    Definitions", https://support.easypost.com/hc/en-us/articles/360044353091, and
    https://www.easypost.com/how-do-you-handle-failed-deliveries-second-attempts-final-details
``17T-HC``
    17TRACK Help Center, "Understanding Tracking Status (Main Status & Substatus)",
    https://help.17track.net/hc/en-us/articles/37471096573337 (9 main, 30 sub-statuses).
``17T-SHOP``
    17TRACK Shopify-app help, "Learn about 17TRACK sub-status" (2023-01-31),
    https://help-shopify.17track.net/en/article/learn-about-17track-sub-status-atb7ak
``17T-AIO``
    godely/aio17track ``enums.py`` (Apache-2.0), copied from 17TRACK's v2.4 docs; with a
    Chinese gloss list that agrees with it, the only source for the last seven Exception_*
    codes, whose text the official page cuts off.

A code the tables do not list falls back to its documented parent status
(``"Exception_099"`` → ``"Exception"``), so a provider adding a code degrades to a coarser
symptom instead of an error; :func:`match_symptom` says when that happened.

Which parties a symptom can point to is stated once, in :data:`SYMPTOM_CAUSES`, with the reason
and, where several parties are possible, the check that decides between them.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from types import MappingProxyType
from typing import Final

import attrs

from halfmanaged._validators import enum_value
from halfmanaged._vocab import Cause
from halfmanaged.errors import FieldTypeError, InvalidFieldError

__all__ = [
    "AFTERSHIP",
    "AFTERSHIP_TAGS",
    "EASYPOST_STATUS",
    "EASYPOST_STATUS_DETAIL",
    "SYMPTOM_CAUSES",
    "TRACK17",
    "TRACK17_MAIN",
    "CodeMatch",
    "Symptom",
    "SymptomMatch",
    "TrackingProvider",
    "aftership_symptom",
    "easypost_symptom",
    "match_symptom",
    "track17_symptom",
]


class Symptom(enum.StrEnum):
    """What one carrier tracking event says happened to the parcel, in one closed vocabulary.

    The classifier reasons on these, never on a provider's wording; the mapping tables turn
    AfterShip, EasyPost and 17TRACK codes into them (docs/rules.md#reading-tracking-codes).

    >>> Symptom("refused") is Symptom.REFUSED
    True
    """

    INFO_RECEIVED = "info_received"
    """The carrier has the shipment data (label printed) but not the parcel."""
    ACCEPTED = "accepted"
    """Acceptance / pickup scan: the carrier took the parcel."""
    IN_TRANSIT = "in_transit"
    OUT_FOR_DELIVERY = "out_for_delivery"
    AVAILABLE_FOR_PICKUP = "available_for_pickup"
    DELIVERY_ATTEMPT_FAILED = "delivery_attempt_failed"
    ADDRESS_PROBLEM = "address_problem"
    RECIPIENT_MOVED = "recipient_moved"
    REFUSED = "refused"
    NOT_COLLECTED = "not_collected"
    """Waited at a pickup point and was not collected by the recipient."""
    AWAITING_PAYMENT = "awaiting_payment"
    """Held until the recipient pays (duties, cash on delivery)."""
    REJECTED_BY_CARRIER = "rejected_by_carrier"
    """The carrier refused the parcel as not compliant with its guidelines."""
    DAMAGED = "damaged"
    LOST = "lost"
    CARRIER_DELAY = "carrier_delay"
    """Delay the carrier attributes to its own network (vehicle, sorting, misroute)."""
    DELAYED = "delayed"
    """Delay without a stated reason."""
    WEATHER = "weather"
    """Delay the carrier attributes to weather or a similar outside event."""
    CUSTOMS_HOLD = "customs_hold"
    RETURNING = "returning"
    RETURNED = "returned"
    DELIVERED = "delivered"
    CANCELLED = "cancelled"
    NO_INFORMATION = "no_information"
    INVALID_NUMBER = "invalid_number"
    EXCEPTION = "exception"
    """An exception without a stated reason."""
    OTHER = "other"
    """A status the tables do not give a meaning to."""


_S = Symptom
_C = Cause

# Which parties each symptom can point to on its own, and why (docs/rules.md#causes-carrier,
# #causes-seller, #reading-other-causes). A symptom absent here names nobody: the classifier
# asks the carrier for the reason instead (docs/rules.md#resolution-2).
SYMPTOM_CAUSES: Final[Mapping[Symptom, frozenset[Cause]]] = MappingProxyType(
    {
        # The carrier held the parcel when it broke or vanished: after an acceptance scan (or
        # proof of handover) it is the carrier's; before one, the check "when did it happen"
        # (damage timing, handover proof) decides.
        _S.DAMAGED: frozenset({_C.CARRIER}),
        _S.LOST: frozenset({_C.CARRIER}),
        # Its own network (vehicle, sorting error, misroute), as the carrier says.
        _S.CARRIER_DELAY: frozenset({_C.CARRIER}),
        # The carrier refused the parcel for breaking its rules: packing or contents.
        _S.REJECTED_BY_CARRIER: frozenset({_C.SELLER}),
        # The carrier does not know the number it was given.
        _S.INVALID_NUMBER: frozenset({_C.SELLER}),
        # The recipient's own acts: refused, moved, did not collect, did not pay.
        _S.REFUSED: frozenset({_C.BUYER}),
        _S.RECIPIENT_MOVED: frozenset({_C.BUYER}),
        _S.NOT_COLLECTED: frozenset({_C.BUYER}),
        _S.AWAITING_PAYMENT: frozenset({_C.BUYER}),
        # Ambiguous: the seller's label, the carrier's record or the buyer's own address. The
        # check that decides is comparing the three views of the address.
        _S.ADDRESS_PROBLEM: frozenset({_C.SELLER, _C.CARRIER, _C.BUYER}),
        # Undeliverable although all three views agree on the address: the buyer's address;
        # without the three views the carrier is asked why.
        _S.RETURNING: frozenset({_C.BUYER}),
        _S.RETURNED: frozenset({_C.BUYER}),
        _S.CUSTOMS_HOLD: frozenset({_C.CUSTOMS}),
        _S.WEATHER: frozenset({_C.FORCE_MAJEURE}),
    }
)


# --------------------------------------------------------------------------- AfterShip

# AfterShip's nine delivery statuses (tags), the parent of every sub-status. Source: AS-TAGS.
AFTERSHIP_TAGS: Final[Mapping[str, Symptom]] = MappingProxyType(
    {
        "Pending": _S.NO_INFORMATION,  # added, not tracked yet or no data yet
        "InfoReceived": _S.INFO_RECEIVED,  # has the label data, about to collect
        "InTransit": _S.IN_TRANSIT,  # "accepted or picked up shipment from shipper"
        "OutForDelivery": _S.OUT_FOR_DELIVERY,
        "AttemptFail": _S.DELIVERY_ATTEMPT_FAILED,
        "Delivered": _S.DELIVERED,
        "AvailableForPickup": _S.AVAILABLE_FOR_PICKUP,
        "Exception": _S.EXCEPTION,  # customs hold, undelivered, returned or any exception
        "Expired": _S.NO_INFORMATION,  # no tracking information for 30 days since added
    }
)

# AfterShip delivery sub-statuses ("subtags"), API and webhooks version 2026-07: 52 codes.
AFTERSHIP: Final[Mapping[str, Symptom]] = MappingProxyType(
    {
        "Pending_001": _S.NO_INFORMATION,  # no carrier information yet (SEC-AS)
        # Attested codes whose meaning no source gives (SEC-AS code lists): read as the parent.
        "Pending_002": _S.NO_INFORMATION,
        "Pending_003": _S.NO_INFORMATION,
        "Pending_004": _S.NO_INFORMATION,
        "Pending_005": _S.NO_INFORMATION,
        "Pending_006": _S.NO_INFORMATION,
        "InfoReceived_001": _S.INFO_RECEIVED,  # request received, pickup about to (SEC-AS)
        "InTransit_001": _S.IN_TRANSIT,  # on its way (SEC-AS)
        "InTransit_002": _S.ACCEPTED,  # acceptance scan (SEC-AS); custody, as its parent
        "InTransit_003": _S.IN_TRANSIT,  # arrival scan at a hub (SEC-AS)
        "InTransit_004": _S.IN_TRANSIT,  # reached the destination country (SEC-AS)
        "InTransit_005": _S.IN_TRANSIT,  # customs clearance completed (SEC-AS)
        "InTransit_006": _S.IN_TRANSIT,  # handed to customs, clearance started: no hold (SEC-AS)
        "InTransit_007": _S.IN_TRANSIT,  # departure scan (AS-SUB's worked example; SEC-AS)
        "InTransit_008": _S.IN_TRANSIT,  # a problem was resolved, moving again (SEC-AS)
        "InTransit_009": _S.IN_TRANSIT,  # forwarded to another delivery address (SEC-AS)
        # New in 2026-07 (AS-CHG), meaning not published in any readable copy: the parent.
        "InTransit_011": _S.IN_TRANSIT,
        "InTransit_012": _S.IN_TRANSIT,
        "InTransit_013": _S.IN_TRANSIT,
        "OutForDelivery_001": _S.OUT_FOR_DELIVERY,  # SEC-AS
        "OutForDelivery_002": _S.AVAILABLE_FOR_PICKUP,  # legacy: at a sorting centre for pickup
        "OutForDelivery_003": _S.OUT_FOR_DELIVERY,  # recipient contacted before delivery (SEC-AS)
        "OutForDelivery_004": _S.OUT_FOR_DELIVERY,  # delivery appointment scheduled (SEC-AS)
        "AttemptFail_001": _S.DELIVERY_ATTEMPT_FAILED,  # failed attempt, notice left (AS-SUB)
        "AttemptFail_002": _S.DELIVERY_ATTEMPT_FAILED,  # recipient not available (SEC-AS)
        "AttemptFail_003": _S.DELIVERY_ATTEMPT_FAILED,  # business closed (SEC-AS)
        "Delivered_001": _S.DELIVERED,  # delivered (AS-SUB; AS-SDK)
        "Delivered_002": _S.DELIVERED,  # picked up by the customer (AS-SUB)
        "Delivered_003": _S.DELIVERED,  # signed by the customer (AS-SUB)
        "Delivered_004": _S.DELIVERED,  # delivered, cash on delivery received (AS-SUB)
        "Delivered_005": _S.DELIVERED,  # left with a neighbour (AS-SUB; AS-CHG)
        "AvailableForPickup_001": _S.AVAILABLE_FOR_PICKUP,  # at a pickup point (AS-SUB)
        "Exception_001": _S.EXCEPTION,  # a shipping exception, reason not given (AS-SUB)
        "Exception_002": _S.RECIPIENT_MOVED,  # the customer moved (AS-SUB): the buyer's act
        "Exception_003": _S.REFUSED,  # the customer refused delivery (AS-SUB): the buyer's act
        "Exception_004": _S.CUSTOMS_HOLD,  # delayed by customs clearance (AS-SUB)
        "Exception_005": _S.DELAYED,  # "unforeseen reasons" (AS-SUB): nobody named
        "Exception_006": _S.AWAITING_PAYMENT,  # held for the customer's payment (AS-SUB)
        "Exception_007": _S.ADDRESS_PROBLEM,  # incorrect address (AS-SUB): whose, the views say
        "Exception_008": _S.NOT_COLLECTED,  # not collected by the customer (AS-SUB)
        "Exception_009": _S.REJECTED_BY_CARRIER,  # rejected for noncompliance (AS-SUB)
        "Exception_010": _S.RETURNING,  # on its way back to the sender (AS-SUB; AS-SDK)
        "Exception_011": _S.RETURNED,  # returned to the sender (AS-SUB; AS-SDK)
        "Exception_012": _S.DAMAGED,  # shipment damaged (AS-SUB)
        "Exception_013": _S.LOST,  # shipment lost (AS-SUB; AS-SDK)
        # Delayed by a problem inside the carrier's network: vehicle, sorting, misroute (AS-HC).
        "Exception_016": _S.CARRIER_DELAY,
        "Exception_017": _S.WEATHER,  # delayed by extreme weather (AS-HC): an outside event
        "Exception_018": _S.CUSTOMS_HOLD,  # regulatory documents wrong or missing (AS-HC)
        # Late or rescheduled flight (AS-HC). Why the flight was late is not stated (airline,
        # airport, weather), so no party is named: a delay without a reason.
        "Exception_019": _S.DELAYED,
        "Exception_020": _S.CANCELLED,  # voided by the sender or the carrier (AS-HC)
        # Destroyed or discarded: prohibited, damaged or undeliverable (AS-HC). Three parties
        # are possible, so nothing narrower than an exception; the carrier is asked why.
        "Exception_021": _S.EXCEPTION,
        "Expired_001": _S.NO_INFORMATION,  # no information for 30 days (SEC-AS; AS-TAGS)
    }
)


# --------------------------------------------------------------------------- EasyPost

# EasyPost Tracker and tracking-detail `status`. Sources: EP-DOCS (the values), EP-SUP (the
# meanings of all but `cancelled` and `error`).
EASYPOST_STATUS: Final[Mapping[str, Symptom]] = MappingProxyType(
    {
        "unknown": _S.NO_INFORMATION,
        "pre_transit": _S.INFO_RECEIVED,
        "in_transit": _S.IN_TRANSIT,  # includes a failed attempt that will be retried (EP-SUP)
        "out_for_delivery": _S.OUT_FOR_DELIVERY,
        "delivered": _S.DELIVERED,
        "available_for_pickup": _S.AVAILABLE_FOR_PICKUP,
        "return_to_sender": _S.RETURNING,
        # Delivery failed and the carrier stopped trying (EP-SUP); the reason may be weather or
        # anything else, so no party is named.
        "failure": _S.EXCEPTION,
        "cancelled": _S.CANCELLED,  # listed without a definition (EP-DOCS)
        "error": _S.OTHER,  # listed without a definition (EP-DOCS)
    }
)

# EasyPost `status_detail` (EP-DOCS, 28 values). EasyPost defines none of them: each is read by
# its name alone, and only where the name leaves one reading. ``None``: the value adds nothing to
# the status (a generic update), so the status is read.
EASYPOST_STATUS_DETAIL: Final[Mapping[str, Symptom | None]] = MappingProxyType(
    {
        "address_correction": _S.ADDRESS_PROBLEM,  # whose address error, the views decide
        "arrived_at_destination": _S.IN_TRANSIT,
        "arrived_at_facility": _S.IN_TRANSIT,
        "arrived_at_pickup_location": _S.AVAILABLE_FOR_PICKUP,
        "awaiting_information": _S.EXCEPTION,  # which information, from whom, is not said
        "cancelled": _S.CANCELLED,
        "damaged": _S.DAMAGED,
        "delayed": _S.DELAYED,
        "delivery_exception": _S.EXCEPTION,
        "departed_facility": _S.IN_TRANSIT,
        "departed_origin_facility": _S.IN_TRANSIT,
        "expired": _S.NO_INFORMATION,  # tracking expired, no further updates
        "failure": _S.EXCEPTION,
        "held": _S.EXCEPTION,  # held by whom (customs, carrier, for payment) is not said
        "in_transit": _S.IN_TRANSIT,
        "label_created": _S.INFO_RECEIVED,
        "lost": _S.LOST,
        "missorted": _S.CARRIER_DELAY,  # sorted to the wrong place: the carrier's own network
        "out_for_delivery": _S.OUT_FOR_DELIVERY,
        "received_at_destination_facility": _S.IN_TRANSIT,
        "received_at_origin_facility": _S.ACCEPTED,  # the carrier received the parcel
        # A tracking detail reports the recipient's refusal; the carrier's own refusal of a
        # non-compliant parcel has no EasyPost value.
        "refused": _S.REFUSED,
        "return": _S.RETURNING,
        "status_update": None,
        "transferred_to_destination_carrier": _S.IN_TRANSIT,
        "transit_exception": _S.EXCEPTION,
        "unknown": None,
        "weather_delay": _S.WEATHER,
    }
)

# A status that says no more than "moving" yields to any detail; a telling status (delivered,
# returning, failure ...) yields only to a detail that names an exception, never to a movement.
_EASYPOST_WEAK_STATUS: Final = frozenset(
    {_S.NO_INFORMATION, _S.INFO_RECEIVED, _S.IN_TRANSIT, _S.OTHER}
)
_EASYPOST_MOVEMENT: Final = frozenset(
    {
        _S.NO_INFORMATION,
        _S.INFO_RECEIVED,
        _S.ACCEPTED,
        _S.IN_TRANSIT,
        _S.OUT_FOR_DELIVERY,
        _S.AVAILABLE_FOR_PICKUP,
    }
)
# Whop's generated SDKs reuse EasyPost's details with this prefix on five of them.
_EASYPOST_PREFIX: Final = "substatus_"
_NO_DETAIL: Final = frozenset({"", "null"})


# --------------------------------------------------------------------------- 17TRACK

# 17TRACK main statuses, the parent of every sub-status (17T-HC).
TRACK17_MAIN: Final[Mapping[str, Symptom]] = MappingProxyType(
    {
        "NotFound": _S.NO_INFORMATION,
        "InfoReceived": _S.INFO_RECEIVED,
        "InTransit": _S.IN_TRANSIT,
        "Expired": _S.DELAYED,  # in transit for an extended period, not yet delivered
        "AvailableForPickup": _S.AVAILABLE_FOR_PICKUP,
        "OutForDelivery": _S.OUT_FOR_DELIVERY,
        "DeliveryFailure": _S.DELIVERY_ATTEMPT_FAILED,
        "Delivered": _S.DELIVERED,
        "Exception": _S.EXCEPTION,
    }
)

# 17TRACK sub-statuses (API v2.x, 30 codes). The Exception_* codes are found before delivery,
# the DeliveryFailure_* ones are the reason an attempt failed (17T-HC).
TRACK17: Final[Mapping[str, Symptom]] = MappingProxyType(
    {
        "NotFound_Other": _S.NO_INFORMATION,  # the carrier gave no information (17T-HC)
        "NotFound_InvalidCode": _S.INVALID_NUMBER,  # the number is invalid (17T-HC; 17T-SHOP)
        "InfoReceived": _S.INFO_RECEIVED,  # no breakdown (17T-HC)
        "InTransit_PickedUp": _S.ACCEPTED,  # collected from the sender (17T-HC)
        "InTransit_Other": _S.IN_TRANSIT,
        "InTransit_Departure": _S.IN_TRANSIT,  # left the origin country's port (17T-HC)
        "InTransit_Arrival": _S.IN_TRANSIT,  # reached the destination country's port (17T-HC)
        "InTransit_CustomsProcessing": _S.IN_TRANSIT,  # clearance under way: no hold (17T-HC)
        "InTransit_CustomsReleased": _S.IN_TRANSIT,  # clearance complete (17T-HC)
        "InTransit_CustomsRequiringInformation": _S.CUSTOMS_HOLD,  # customs wants more (17T-HC)
        "Expired_Other": _S.DELAYED,  # in transit for a long time, not delivered (17T-HC)
        "AvailableForPickup_Other": _S.AVAILABLE_FOR_PICKUP,
        "OutForDelivery_Other": _S.OUT_FOR_DELIVERY,
        "DeliveryFailure_Other": _S.DELIVERY_ATTEMPT_FAILED,
        "DeliveryFailure_NoBody": _S.DELIVERY_ATTEMPT_FAILED,  # recipient unreachable for now
        # "security, customs clearance, or fees" (17T-HC): three different parties, so no
        # narrower symptom than a failed attempt; the carrier is asked which.
        "DeliveryFailure_Security": _S.DELIVERY_ATTEMPT_FAILED,
        "DeliveryFailure_Rejected": _S.REFUSED,  # the recipient refused it (17T-HC)
        "DeliveryFailure_InvalidAddress": _S.ADDRESS_PROBLEM,  # wrong recipient address (17T-HC)
        "Delivered_Other": _S.DELIVERED,
        "Exception_Other": _S.EXCEPTION,
        "Exception_Returning": _S.RETURNING,  # being returned to the sender (17T-HC)
        "Exception_Returned": _S.RETURNED,  # the sender has it back (17T-HC)
        # The official text is cut off ("Recipien..."); the gloss (17T-AIO) reads "recipient
        # cannot be found, or recipient details wrong": the buyer or the seller's label, so no
        # narrower symptom than an exception; the carrier is asked which.
        "Exception_NoBody": _S.EXCEPTION,
        "Exception_Security": _S.EXCEPTION,  # security, customs or fees (17T-AIO): as above
        "Exception_Damage": _S.DAMAGED,  # damaged in carriage (17T-SHOP "Alert - Damaged")
        # Refusal reported before delivery (17T-AIO), as the official DeliveryFailure_Rejected.
        "Exception_Rejected": _S.REFUSED,
        "Exception_Delayed": _S.DELAYED,  # may exceed the transit time, no reason (17T-SHOP)
        "Exception_Lost": _S.LOST,  # goods lost (17T-SHOP "Alert - Lost"; 17T-AIO)
        # Destroyed as undeliverable, by customs says 17T-SHOP: prohibited goods (the seller),
        # unpaid duties (the buyer) or customs itself, so nothing narrower than an exception.
        "Exception_Destroyed": _S.EXCEPTION,
        "Exception_Cancel": _S.CANCELLED,  # logistics order cancelled (17T-SHOP; 17T-AIO)
    }
)


# --------------------------------------------------------------------------- look-ups


class TrackingProvider(enum.StrEnum):
    """The tracking services whose codes the tables know.

    >>> TrackingProvider("17track") is TrackingProvider.TRACK17
    True
    """

    AFTERSHIP = "aftership"
    EASYPOST = "easypost"
    TRACK17 = "17track"


class CodeMatch(enum.StrEnum):
    """How :func:`match_symptom` found a code's symptom.

    ``LISTED``: the code is in the tables. ``PARENT``: it is not, and its documented parent
    status was read instead. ``UNKNOWN``: not even the parent is known; the symptom is
    :attr:`Symptom.OTHER`.

    >>> CodeMatch("parent") is CodeMatch.PARENT
    True
    """

    LISTED = "listed"
    PARENT = "parent"
    UNKNOWN = "unknown"


@attrs.frozen
class SymptomMatch:
    """A provider code, the symptom it reads as, and whether the tables know it.

    >>> m = match_symptom("aftership", "Exception_099")
    >>> m.symptom, m.match, m.flagged
    (<Symptom.EXCEPTION: 'exception'>, <CodeMatch.PARENT: 'parent'>, True)
    """

    provider: TrackingProvider
    code: str
    detail: str | None
    symptom: Symptom
    match: CodeMatch

    @property
    def flagged(self) -> bool:
        """Whether the code is not in the tables (read as its parent, or unknown).

        >>> match_symptom("17track", "Exception_Lost").flagged
        False
        """
        return self.match is not CodeMatch.LISTED


def _parent(code: str) -> str:
    return code.partition("_")[0]


def _lookup(
    field: str, code: object, exact: Mapping[str, Symptom], parents: Mapping[str, Symptom]
) -> Symptom:
    if not isinstance(code, str):
        raise InvalidFieldError(field, code, "expected a status code string")
    found = exact.get(code)
    if found is not None:
        return found
    parent = parents.get(_parent(code))
    if parent is None:
        raise InvalidFieldError(field, code, "not a documented status or sub-status code")
    return parent


def _easypost_detail(detail: object) -> str | None:
    if detail is None:
        return None
    if not isinstance(detail, str):
        raise InvalidFieldError("status_detail", detail, "expected a string or None")
    if detail in _NO_DETAIL:
        return None
    return detail.removeprefix(_EASYPOST_PREFIX)


def _easypost(status: str, detail: str | None) -> tuple[Symptom | None, bool]:
    """Return the symptom (None: status unknown) and whether every code given is listed."""
    main = EASYPOST_STATUS.get(status)
    listed = main is not None
    if detail is None:
        return main, listed
    if detail not in EASYPOST_STATUS_DETAIL:
        return main, False
    refined = EASYPOST_STATUS_DETAIL[detail]
    if refined is None:
        return main, listed
    if main is None:
        return refined, False
    if main in _EASYPOST_WEAK_STATUS or refined not in _EASYPOST_MOVEMENT:
        return refined, True
    return main, True


def aftership_symptom(subtag: str) -> Symptom:
    """Return the symptom for an AfterShip sub-status (``subtag``) or status (``tag``).

    Unlisted sub-statuses fall back to their parent tag; an unknown tag is an error (use
    :func:`match_symptom` to read any code without raising).

    >>> aftership_symptom("Exception_003")
    <Symptom.REFUSED: 'refused'>
    >>> aftership_symptom("InTransit_099")
    <Symptom.IN_TRANSIT: 'in_transit'>
    """
    return _lookup("subtag", subtag, AFTERSHIP, AFTERSHIP_TAGS)


def easypost_symptom(status: str, status_detail: str | None = None) -> Symptom:
    """Return the symptom for an EasyPost tracker ``status`` and optional ``status_detail``.

    A detail refines a status that only says the parcel moves; a telling status (delivered,
    returning, failure) gives way only to a detail naming an exception (damaged, lost,
    refused ...). ``None``, ``""`` and ``"null"`` mean no detail.

    >>> easypost_symptom("failure")
    <Symptom.EXCEPTION: 'exception'>
    >>> easypost_symptom("in_transit", "address_correction")
    <Symptom.ADDRESS_PROBLEM: 'address_problem'>
    >>> easypost_symptom("return_to_sender", "arrived_at_facility")
    <Symptom.RETURNING: 'returning'>
    """
    detail = _easypost_detail(status_detail)
    given: object = status  # callers may pass anything; say so instead of a KeyError
    if not isinstance(given, str):
        raise InvalidFieldError("status", status, "not a documented EasyPost tracker status")
    found, _ = _easypost(status, detail)
    if found is None:
        raise InvalidFieldError("status", status, "not a documented EasyPost tracker status")
    return found


def track17_symptom(sub_status: str) -> Symptom:
    """Return the symptom for a 17TRACK ``sub_status`` (or main ``status``).

    >>> track17_symptom("DeliveryFailure_InvalidAddress")
    <Symptom.ADDRESS_PROBLEM: 'address_problem'>
    >>> track17_symptom("Exception_Held")  # not listed anywhere: read as the main status
    <Symptom.EXCEPTION: 'exception'>
    """
    return _lookup("sub_status", sub_status, TRACK17, TRACK17_MAIN)


_TABLES: Final = {
    TrackingProvider.AFTERSHIP: (AFTERSHIP, AFTERSHIP_TAGS),
    TrackingProvider.TRACK17: (TRACK17, TRACK17_MAIN),
}


def match_symptom(
    provider: TrackingProvider | str, code: str, detail: str | None = None
) -> SymptomMatch:
    """Read any provider code as a symptom, saying whether the tables know it; never raises.

    ``code`` is an AfterShip ``tag`` or ``subtag``, an EasyPost ``status`` or a 17TRACK main or
    sub-status; ``detail`` is EasyPost's ``status_detail`` (``None``, ``""`` or ``"null"``
    when absent, the ``substatus_`` prefix some integrations add is ignored). A code the tables
    lack is read as its parent status (``PARENT``), or as :attr:`Symptom.OTHER` when the
    parent is unknown too (``UNKNOWN``): flag it, keep it verbatim, never guess further.

    >>> match_symptom("easypost", "in_transit", "substatus_out_for_delivery").symptom
    <Symptom.OUT_FOR_DELIVERY: 'out_for_delivery'>
    >>> match_symptom("17track", "Teleported_Other").match
    <CodeMatch.UNKNOWN: 'unknown'>
    """
    which = enum_value(TrackingProvider, "provider", provider)
    if not isinstance(code, str):
        raise FieldTypeError("code", code, "str")
    if which is TrackingProvider.EASYPOST:
        if detail is not None and not isinstance(detail, str):
            raise FieldTypeError("detail", detail, "str or None")
        symptom, listed = _easypost(code, _easypost_detail(detail))
        if symptom is None:
            return SymptomMatch(which, code, detail, _S.OTHER, CodeMatch.UNKNOWN)
        return SymptomMatch(
            which, code, detail, symptom, CodeMatch.LISTED if listed else CodeMatch.PARENT
        )
    exact, parents = _TABLES[which]
    found = exact.get(code)
    if found is not None:
        return SymptomMatch(which, code, None, found, CodeMatch.LISTED)
    found = parents.get(code)
    if found is not None:
        return SymptomMatch(which, code, None, found, CodeMatch.LISTED)
    found = parents.get(_parent(code))
    if found is not None:
        return SymptomMatch(which, code, None, found, CodeMatch.PARENT)
    return SymptomMatch(which, code, None, _S.OTHER, CodeMatch.UNKNOWN)
