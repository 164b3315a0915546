"""Tracking symptoms, and the tables that map three tracking vocabularies onto them.

Each table is re-typed from the provider's own public documentation, cited above it. Only codes
whose meaning that documentation states were read are listed; any other sub-status falls back
to its documented parent status (``"Exception_099"`` → ``"Exception"``), so a provider adding a
code degrades to a coarser symptom instead of an error. Where the documentation could not be
read in full, the comment above the table says which part is missing; those codes are *not*
filled in from third-party copies.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from types import MappingProxyType

from halfmanaged.errors import InvalidFieldError

__all__ = [
    "AFTERSHIP",
    "AFTERSHIP_TAGS",
    "EASYPOST_STATUS",
    "EASYPOST_STATUS_DETAIL",
    "TRACK17",
    "TRACK17_MAIN",
    "Symptom",
    "aftership_symptom",
    "easypost_symptom",
    "track17_symptom",
]


class Symptom(enum.StrEnum):
    """What one carrier tracking event says happened to the parcel, in one closed vocabulary.

    The classifier reasons on these, never on a provider's wording; the mapping tables below
    turn AfterShip, EasyPost and 17TRACK codes into them.

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

# AfterShip delivery sub-statuses ("subtags").
# Source: AfterShip Tracking API, "Delivery Sub-statuses",
#   https://www.aftership.com/docs/tracking/enum/delivery-sub-statuses
#   (also /docs/tracking/2026-07/enum/delivery-sub-statuses for Delivered_005), and
#   AfterShip Help Center, "Learn About Delivery Sub-Status", "What's new" (sub-statuses
#   available from 2026-03-27), for Exception_016 .. Exception_021:
#   https://support.aftership.com/en/article/learn-about-delivery-sub-statuses-1b0hdlx/
#   https://tracking-helpcenter.aftership.com/en/article/learn-about-delivery-sub-status-1b0hdlx
#   (the second copy reaches Exception_019 .. 021; it is cut off inside the Exception_021 row,
#   so any newer code after it is not listed).
# Not listed: AttemptFail_002/003, InTransit_001..009, InfoReceived_001, OutForDelivery_*,
#   Pending_*, Expired_001, Exception_014/015: the copies of those pages in reach were cut off
#   before those rows, so they fall back to their parent tag (AFTERSHIP_TAGS), which is exact
#   for every parent except the richer meaning a sub-tag might add.
AFTERSHIP: Mapping[str, Symptom] = MappingProxyType(
    {
        "Delivered_001": _S.DELIVERED,  # Shipment delivered successfully
        "Delivered_002": _S.DELIVERED,  # Picked up by the customer
        "Delivered_003": _S.DELIVERED,  # Sign by customer
        "Delivered_004": _S.DELIVERED,  # Delivered and received cash on delivery
        "Delivered_005": _S.DELIVERED,  # Delivered to neighbor
        "AvailableForPickup_001": _S.AVAILABLE_FOR_PICKUP,  # Available for pickup
        "Exception_001": _S.EXCEPTION,  # failed due to some shipping exception
        "Exception_002": _S.RECIPIENT_MOVED,  # Customer moved
        "Exception_003": _S.REFUSED,  # Customer refused delivery
        "Exception_004": _S.CUSTOMS_HOLD,  # Delayed (Customs clearance)
        "Exception_005": _S.DELAYED,  # Delayed (External factors): "unforeseen reasons"
        "Exception_006": _S.AWAITING_PAYMENT,  # Held for payment (from the customer's end)
        "Exception_007": _S.ADDRESS_PROBLEM,  # Incorrect Address
        "Exception_008": _S.NOT_COLLECTED,  # Pick up missed: not collected by the customer
        "Exception_009": _S.REJECTED_BY_CARRIER,  # Rejected by carrier (noncompliance)
        "Exception_010": _S.RETURNING,  # Returning to sender
        "Exception_011": _S.RETURNED,  # Returned to sender
        "Exception_012": _S.DAMAGED,  # Shipment damage
        "Exception_013": _S.LOST,  # Shipment lost
        "Exception_016": _S.CARRIER_DELAY,  # Delayed (Processing issue) in the carrier network
        "Exception_017": _S.WEATHER,  # Delayed (Extreme weather)
        "Exception_018": _S.CUSTOMS_HOLD,  # Incorrect / missing documents (regulatory hold)
        # Delayed (Late flight): a delayed or rescheduled flight. Why the flight was late is not
        # stated (airline, airport, weather), so no party is blamed: a reasonless delay.
        "Exception_019": _S.DELAYED,
        "Exception_020": _S.CANCELLED,  # Shipment cancelled: voided by the sender or carrier
        # Shipment disposed: destroyed or discarded, "usually" as prohibited, damaged, or "unable
        # to be" (the copy ends there): several parties, so nothing narrower than an exception.
        "Exception_021": _S.EXCEPTION,
        "AttemptFail_001": _S.DELIVERY_ATTEMPT_FAILED,  # Failed Attempt
    }
)

# AfterShip's nine delivery statuses (tags), the parent of every sub-status.
# Source: AfterShip Tracking API, "Delivery Statuses",
#   https://www.aftership.com/docs/tracking/enum/delivery-statuses
AFTERSHIP_TAGS: Mapping[str, Symptom] = MappingProxyType(
    {
        "InfoReceived": _S.INFO_RECEIVED,  # about to pick up the shipment
        "InTransit": _S.IN_TRANSIT,  # "accepted or picked up shipment from shipper"
        "OutForDelivery": _S.OUT_FOR_DELIVERY,
        "AttemptFail": _S.DELIVERY_ATTEMPT_FAILED,
        "Delivered": _S.DELIVERED,
        "AvailableForPickup": _S.AVAILABLE_FOR_PICKUP,
        "Exception": _S.EXCEPTION,  # custom hold, undelivered, returned or any exception
        "Expired": _S.NO_INFORMATION,  # no tracking information for 30 days since added
        "Pending": _S.NO_INFORMATION,  # pending, or without tracking information
    }
)

# EasyPost Tracker `status`.
# Source: EasyPost API docs, "Tracker" object, field `status`,
#   https://docs.easypost.com/docs/trackers
EASYPOST_STATUS: Mapping[str, Symptom] = MappingProxyType(
    {
        "unknown": _S.NO_INFORMATION,
        "pre_transit": _S.INFO_RECEIVED,
        "in_transit": _S.IN_TRANSIT,
        "out_for_delivery": _S.OUT_FOR_DELIVERY,
        "delivered": _S.DELIVERED,
        "available_for_pickup": _S.AVAILABLE_FOR_PICKUP,
        "return_to_sender": _S.RETURNING,
        "failure": _S.EXCEPTION,
        "cancelled": _S.CANCELLED,
        "error": _S.OTHER,
    }
)

# EasyPost Tracker `status_detail`.
# Source: same page, field `status_detail` ("Additional details about the current status").
# Only the first values of that list could be read (the copies in reach stop after
# "arrived_at_facility"); every other status_detail falls back to the event's `status`
# (EASYPOST_STATUS). No further values are filled in from memory or third-party lists.
EASYPOST_STATUS_DETAIL: Mapping[str, Symptom] = MappingProxyType(
    {
        "address_correction": _S.ADDRESS_PROBLEM,
        "arrived_at_destination": _S.IN_TRANSIT,
        "arrived_at_facility": _S.IN_TRANSIT,
    }
)

# 17TRACK sub-statuses (API v2.2, "30 sub-statuses").
# Source: 17TRACK Help Center, "Understanding Tracking Status (Main Status & Substatus)",
#   https://help.17track.net/hc/en-us/articles/37471096573337
# Not listed: Exception_NoBody (its description was cut off in the copy in reach) and the seven
#   exception sub-statuses after it, which the copy did not reach; they fall back to the main
#   status "Exception" (TRACK17_MAIN).
#   17TRACK's help page for its Shopify app, "Learn about 17TRACK sub-status" (updated
#   2023-01-31, https://help-shopify.17track.net/en/article/learn-about-17track-sub-status-atb7ak)
#   describes sub-statuses only by display label ("Alert - Lost", "Alert - Damaged", ...), never
#   by API code; which label is which code is not stated there, so it is not used here.
TRACK17: Mapping[str, Symptom] = MappingProxyType(
    {
        "NotFound_Other": _S.NO_INFORMATION,  # the carrier did not provide any information
        "NotFound_InvalidCode": _S.INVALID_NUMBER,  # the tracking number is invalid
        "InfoReceived": _S.INFO_RECEIVED,
        "InTransit_PickedUp": _S.ACCEPTED,  # collected the package from the sender
        "InTransit_Other": _S.IN_TRANSIT,
        "InTransit_Departure": _S.IN_TRANSIT,  # left the port of the originating country
        "InTransit_Arrival": _S.IN_TRANSIT,  # arrived at the port of the destination country
        "InTransit_CustomsProcessing": _S.IN_TRANSIT,  # undergoing customs clearance
        "InTransit_CustomsReleased": _S.IN_TRANSIT,  # clearance complete
        "InTransit_CustomsRequiringInformation": _S.CUSTOMS_HOLD,  # more info for clearance
        "Expired_Other": _S.DELAYED,  # in transit for an extended period, not delivered
        "AvailableForPickup_Other": _S.AVAILABLE_FOR_PICKUP,
        "OutForDelivery_Other": _S.OUT_FOR_DELIVERY,
        "DeliveryFailure_Other": _S.DELIVERY_ATTEMPT_FAILED,
        "DeliveryFailure_NoBody": _S.DELIVERY_ATTEMPT_FAILED,  # recipient unreachable for now
        # "security, customs clearance, or fees": three different parties, so no narrower
        # symptom than a failed attempt.
        "DeliveryFailure_Security": _S.DELIVERY_ATTEMPT_FAILED,
        "DeliveryFailure_Rejected": _S.REFUSED,  # recipient refused to accept the package
        "DeliveryFailure_InvalidAddress": _S.ADDRESS_PROBLEM,  # incorrect recipient address
        "Delivered_Other": _S.DELIVERED,
        "Exception_Other": _S.EXCEPTION,
        "Exception_Returning": _S.RETURNING,  # being returned to the sender
        "Exception_Returned": _S.RETURNED,  # sender has received the returned package
    }
)

# 17TRACK main statuses, the parent of every sub-status (same source).
TRACK17_MAIN: Mapping[str, Symptom] = MappingProxyType(
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


def _lookup(
    field: str, code: object, exact: Mapping[str, Symptom], parents: Mapping[str, Symptom]
) -> Symptom:
    if not isinstance(code, str):
        raise InvalidFieldError(field, code, "expected a status code string")
    found = exact.get(code)
    if found is not None:
        return found
    parent = parents.get(code.partition("_")[0])
    if parent is None:
        raise InvalidFieldError(field, code, "not a documented status or sub-status code")
    return parent


def aftership_symptom(subtag: str) -> Symptom:
    """Return the symptom for an AfterShip sub-status (``subtag``) or status (``tag``).

    Undocumented sub-statuses fall back to their parent tag; an unknown tag is an error.

    >>> aftership_symptom("Exception_003")
    <Symptom.REFUSED: 'refused'>
    >>> aftership_symptom("InTransit_007")
    <Symptom.IN_TRANSIT: 'in_transit'>
    """
    return _lookup("subtag", subtag, AFTERSHIP, AFTERSHIP_TAGS)


def easypost_symptom(status: str, status_detail: str | None = None) -> Symptom:
    """Return the symptom for an EasyPost tracker ``status`` and optional ``status_detail``.

    >>> easypost_symptom("failure")
    <Symptom.EXCEPTION: 'exception'>
    >>> easypost_symptom("in_transit", "address_correction")
    <Symptom.ADDRESS_PROBLEM: 'address_problem'>
    """
    if status_detail is not None:
        if not isinstance(status_detail, str):
            raise InvalidFieldError("status_detail", status_detail, "expected a string or None")
        found = EASYPOST_STATUS_DETAIL.get(status_detail)
        if found is not None:
            return found
    given: object = status  # callers may pass anything; say so instead of a KeyError
    found = EASYPOST_STATUS.get(given) if isinstance(given, str) else None
    if found is None:
        raise InvalidFieldError("status", status, "not a documented EasyPost tracker status")
    return found


def track17_symptom(sub_status: str) -> Symptom:
    """Return the symptom for a 17TRACK ``sub_status`` (or main ``status``).

    >>> track17_symptom("DeliveryFailure_InvalidAddress")
    <Symptom.ADDRESS_PROBLEM: 'address_problem'>
    >>> track17_symptom("Exception_Lost")  # not in the readable docs: falls back to the parent
    <Symptom.EXCEPTION: 'exception'>
    """
    return _lookup("sub_status", sub_status, TRACK17, TRACK17_MAIN)
