"""The default rule catalogue of :func:`halfmanaged.classify.classify`.

One small named rule per rule of the article, each citing, once, the anchor of ``docs/rules.md``
it implements (the ``@_cites`` line above it), and :data:`DEFAULT_RULES`, the tuple of
:class:`~halfmanaged.classify.Rule` values built from them. Import them from
:mod:`halfmanaged.classify`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Final, TypeAlias

from halfmanaged._classify_values import (
    DECISIVE,
    STRONG,
    Check,
    CheckCode,
    ClassifierPolicy,
    Clue,
    ClueCode,
    DamageSeen,
    Incident,
    Rule,
    RuleOutput,
    SubmitFailure,
)
from halfmanaged._symptom_maps import Symptom
from halfmanaged._vocab import Cause
from halfmanaged.calendar import WorkingCalendar
from halfmanaged.tracking import TrackingReason, validate_tracking_number

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
def _clue(rule: str, cause: Cause, weight: int, code: ClueCode, **facts: str) -> Clue:
    clue: Clue = _new(Clue)
    _set(clue, "rule", rule)
    _set(clue, "cause", cause)
    _set(clue, "weight", weight)
    _set(clue, "code", code)
    _set(clue, "facts", tuple(facts.items()))
    _set(clue, "note", "")
    return clue


def _check(rule: str, code: CheckCode, **facts: str) -> Check:
    check: Check = _new(Check)
    _set(check, "rule", rule)
    _set(check, "code", code)
    _set(check, "facts", tuple(facts.items()))
    _set(check, "note", "")
    return check


_RuleFunction: TypeAlias = Callable[[Incident, ClassifierPolicy], RuleOutput]
_RULE: Final = "_halfmanaged_rule"


def _cites(citation: str, *causes: Cause) -> Callable[[_RuleFunction], _RuleFunction]:
    """Give a rule function its citation and the causes its clues can name, stated once."""

    def attach(function: _RuleFunction) -> _RuleFunction:
        function.__dict__[_RULE] = Rule(function.__name__, citation, function, causes)
        return function

    return attach


def _as_rule(function: _RuleFunction) -> Rule:
    rule: Rule = function.__dict__[_RULE]
    return rule


def _names(symptoms: frozenset[Symptom]) -> str:
    # Sorted by value: set order varies between runs, the message must not.
    return ", ".join(sorted([s.value for s in symptoms]))


@_cites("docs/rules.md#causes-seller", Cause.SELLER)
def address_seller_differs(incident: Incident, policy: ClassifierPolicy) -> RuleOutput:
    """SELLER when the seller's submitted address or contact differs from the platform order.

    Wrong order information is the seller's error.
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
            ClueCode.ADDRESS_SELLER_DIFFERS,
            fields=", ".join(fields),
        ),
    )


@_cites("docs/rules.md#causes-carrier", Cause.CARRIER)
def address_carrier_differs(incident: Incident, policy: ClassifierPolicy) -> RuleOutput:
    """CARRIER when the submission matches the order but the carrier recorded another address.

    A wrong address is the carrier's error when the seller gave the right one. A different
    *country* is left to :func:`destination_country_differs` (false shipment).
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
            ClueCode.ADDRESS_CARRIER_DIFFERS,
            fields=", ".join(fields),
        ),
    )


_UNDELIVERABLE: Final = frozenset({Symptom.ADDRESS_PROBLEM, Symptom.RETURNING, Symptom.RETURNED})


@_cites("docs/rules.md#reading-other-causes", Cause.BUYER)
def address_all_agree_undeliverable(incident: Incident, policy: ClassifierPolicy) -> RuleOutput:
    """BUYER when all three views agree on the address and the parcel is still undeliverable.

    The seller and the carrier did their part; the address the buyer gave does not work.
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
            ClueCode.ADDRESS_ALL_AGREE,
            symptoms=_names(stuck),
        ),
    )


@_cites("docs/rules.md#resolution-1")
def address_problem_needs_views(incident: Incident, policy: ClassifierPolicy) -> RuleOutput:
    """Ask to compare addresses when an address problem lacks one of the three views.

    For an incorrect address, the label address is compared with the order address first.
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
        _check(
            "address_problem_needs_views",
            CheckCode.COMPARE_ADDRESSES,
            missing=", ".join(missing),
        ),
    )


@_cites("docs/rules.md#shipping-6", Cause.SELLER)
def damage_before_handover(incident: Incident, policy: ClassifierPolicy) -> RuleOutput:
    """SELLER when the receiving inspection saw damage before handover: packing."""
    inspection = incident.inspection
    if inspection is None or inspection.damage is not DamageSeen.BEFORE_HANDOVER:
        return _NOTHING
    return (
        _clue("damage_before_handover", Cause.SELLER, DECISIVE, ClueCode.DAMAGE_BEFORE_HANDOVER),
    )


@_cites("docs/rules.md#causes-carrier", Cause.CARRIER)
def damage_in_carrier_custody(incident: Incident, policy: ClassifierPolicy) -> RuleOutput:
    """CARRIER when the damage happened after the carrier's acceptance scan.

    A damage scan with no earlier custody scan, or an inspection that cannot say when, leaves
    the check of when it happened.
    """
    rule = "damage_in_carrier_custody"
    inspection = incident.inspection
    if inspection is not None and inspection.damage is DamageSeen.AFTER_ACCEPTANCE:
        return (_clue(rule, Cause.CARRIER, DECISIVE, ClueCode.DAMAGE_AFTER_ACCEPTANCE),)
    damaged_at = incident.first_seen(Symptom.DAMAGED)
    accepted_at = incident.accepted_at
    if damaged_at is not None and accepted_at is not None and accepted_at <= damaged_at:
        return (
            _clue(
                rule,
                Cause.CARRIER,
                STRONG,
                ClueCode.DAMAGE_SCAN_AFTER_ACCEPTANCE,
                damaged_at=_iso(damaged_at),
                accepted_at=_iso(accepted_at),
            ),
        )
    if damaged_at is not None or (
        inspection is not None and inspection.damage is DamageSeen.UNKNOWN_WHEN
    ):
        return (_check(rule, CheckCode.DAMAGE_TIMING),)
    return _NOTHING


@_cites("docs/rules.md#causes-carrier", Cause.CARRIER)
def lost_in_carrier_custody(incident: Incident, policy: ClassifierPolicy) -> RuleOutput:
    """CARRIER when the parcel was lost after the carrier accepted it (or proof of handover)."""
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
                ClueCode.LOST_AFTER_ACCEPTANCE,
                lost_at=_iso(lost_at),
                accepted_at=_iso(accepted_at),
            ),
        )
    if incident.handover_proof:
        return (_clue(rule, Cause.CARRIER, DECISIVE, ClueCode.LOST_AFTER_HANDOVER_PROOF),)
    return (_check(rule, CheckCode.HANDOVER_PROOF),)


@_cites("docs/rules.md#shipping-6", Cause.SELLER)
def goods_mismatch(incident: Incident, policy: ClassifierPolicy) -> RuleOutput:
    """SELLER when goods or quantity differ from the order (checked before shipping)."""
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
        _clue(
            "goods_mismatch",
            Cause.SELLER,
            DECISIVE,
            ClueCode.GOODS_MISMATCH,
            what=", ".join(what),
        ),
    )


@_cites("docs/rules.md#causes-seller", Cause.SELLER)
def tracking_number_invalid(incident: Incident, policy: ClassifierPolicy) -> RuleOutput:
    """SELLER when the tracking number is invalid for its declared carrier, or another's.

    Wrong logistics information is the seller's error, and the platform treats it as false
    shipment (虚假发货). Judged only against a declared carrier that
    :func:`~halfmanaged.tracking.validate_tracking_number` knows: a number of a carrier the
    library has no formats for proves nothing. A failed check digit or another carrier's number
    is decisive; a format mismatch is strong only, since a carrier may use formats the bundled
    data lacks.
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
                    ClueCode.TRACKING_OTHER_CARRIER,
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
                    ClueCode.TRACKING_INVALID,
                    number=result.normalized,
                    carrier=carrier,
                    reason=reason.value,
                ),
            )
    if Symptom.INVALID_NUMBER in incident.symptoms and incident.accepted_at is None:
        return (_clue(rule, Cause.SELLER, STRONG, ClueCode.TRACKING_INVALID_FEED),)
    return _NOTHING


@_cites("docs/rules.md#causes-seller", Cause.SELLER)
def pickup_before_order(incident: Incident, policy: ClassifierPolicy) -> RuleOutput:
    """SELLER when the first carrier scan is earlier than the order: a reused number."""
    placed, accepted = incident.placed_at, incident.accepted_at
    if placed is None or accepted is None or accepted >= placed:
        return _NOTHING
    return (
        _clue(
            "pickup_before_order",
            Cause.SELLER,
            DECISIVE,
            ClueCode.PICKUP_BEFORE_ORDER,
            accepted_at=_iso(accepted),
            placed_at=_iso(placed),
        ),
    )


@_cites("docs/rules.md#causes-seller", Cause.SELLER)
def destination_country_differs(incident: Incident, policy: ClassifierPolicy) -> RuleOutput:
    """SELLER when tracking shows a destination country other than the buyer's.

    The destination is the carrier record's country, else the country of a delivery-stage
    scan.
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
            ClueCode.DESTINATION_DIFFERS,
            tracked=tracked.upper(),
            ordered=ordered,
        ),
    )


@_cites("docs/rules.md#causes-platform", Cause.PLATFORM, Cause.SELLER)
def platform_online_window(incident: Incident, policy: ClassifierPolicy) -> RuleOutput:
    """Tracking missing on the platform: PLATFORM within the online window, then SELLER.

    Logistics information that cannot be queried is the platform's fault while its online
    window runs (``policy.online_window_days`` working days after handover, through the last
    of them), provided the number is valid and known to the carrier; after it, SELLER unless
    there is carrier proof of handover (a custody scan or ``handover_proof``).
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
                CheckCode.WINDOW_FACTS,
                missing=", ".join(missing),
                days=str(policy.online_window_days),
            ),
        )
    end = _window_end(incident, handover, policy.online_window_days)
    today = _local_date(incident, as_of, handover)
    proof = incident.accepted_at is not None or incident.handover_proof
    known = proof or incident.tracking_known_to_carrier is True
    window_end = end.isoformat()
    if today <= end:
        if known:
            return (
                _clue(rule, Cause.PLATFORM, STRONG, ClueCode.WINDOW_OPEN, window_end=window_end),
            )
        return (_check(rule, CheckCode.CARRIER_KNOWS_NUMBER, window_end=window_end),)
    if proof:
        return (
            _clue(
                rule, Cause.PLATFORM, STRONG, ClueCode.WINDOW_CLOSED_PROOF, window_end=window_end
            ),
        )
    return (
        _clue(rule, Cause.SELLER, STRONG, ClueCode.WINDOW_CLOSED_NO_PROOF, window_end=window_end),
    )


@_cites("docs/rules.md#causes-platform", Cause.PLATFORM, Cause.SELLER)
def platform_submit_error(incident: Incident, policy: ClassifierPolicy) -> RuleOutput:
    """PLATFORM when order information could not be submitted because of a platform error.

    Rejected data is the seller's; an unknown reason leaves a check.
    """
    rule = "platform_submit_error"
    failure = incident.submit_failure
    if failure is None:
        return _NOTHING
    if failure is SubmitFailure.PLATFORM_ERROR:
        return (_clue(rule, Cause.PLATFORM, DECISIVE, ClueCode.SUBMIT_PLATFORM_ERROR),)
    if failure is SubmitFailure.DATA_REJECTED:
        return (_clue(rule, Cause.SELLER, STRONG, ClueCode.SUBMIT_REJECTED),)
    return (_check(rule, CheckCode.SUBMIT_ERROR),)


@_cites("docs/rules.md#reading-other-causes", Cause.CUSTOMS)
def customs_hold(incident: Incident, policy: ClassifierPolicy) -> RuleOutput:
    """Point to CUSTOMS when the carrier reports a customs hold: none of the three parties."""
    at = incident.first_seen(Symptom.CUSTOMS_HOLD)
    if at is None:
        return _NOTHING
    return (_clue("customs_hold", Cause.CUSTOMS, STRONG, ClueCode.CUSTOMS_HOLD, at=_iso(at)),)


@_cites("docs/rules.md#reading-other-causes", Cause.FORCE_MAJEURE)
def carrier_declared_force_majeure(incident: Incident, policy: ClassifierPolicy) -> RuleOutput:
    """FORCE_MAJEURE when the carrier declares weather or a similar outside cause."""
    at = incident.first_seen(Symptom.WEATHER)
    if at is None:
        return _NOTHING
    return (
        _clue(
            "carrier_declared_force_majeure",
            Cause.FORCE_MAJEURE,
            STRONG,
            ClueCode.FORCE_MAJEURE,
            at=_iso(at),
        ),
    )


_BUYER_SYMPTOMS: Final = frozenset(
    {Symptom.REFUSED, Symptom.RECIPIENT_MOVED, Symptom.NOT_COLLECTED, Symptom.AWAITING_PAYMENT}
)


@_cites("docs/rules.md#reading-other-causes", Cause.BUYER)
def buyer_did_not_accept(incident: Incident, policy: ClassifierPolicy) -> RuleOutput:
    """BUYER when the parcel was refused, the recipient moved, or it was not collected or paid."""
    found = incident.symptoms & _BUYER_SYMPTOMS
    if not found:
        return _NOTHING
    return (
        _clue(
            "buyer_did_not_accept",
            Cause.BUYER,
            STRONG,
            ClueCode.BUYER_NOT_ACCEPTED,
            symptoms=_names(found),
        ),
    )


@_cites("docs/rules.md#shipping-6", Cause.SELLER)
def carrier_rejected_parcel(incident: Incident, policy: ClassifierPolicy) -> RuleOutput:
    """SELLER when the carrier rejected the parcel as not compliant: packing or contents."""
    if Symptom.REJECTED_BY_CARRIER not in incident.symptoms:
        return _NOTHING
    return (_clue("carrier_rejected_parcel", Cause.SELLER, STRONG, ClueCode.CARRIER_REJECTED),)


@_cites("docs/rules.md#causes-carrier", Cause.CARRIER)
def carrier_network_delay(incident: Incident, policy: ClassifierPolicy) -> RuleOutput:
    """CARRIER when the carrier reports a delay inside its own network (vehicle, sorting)."""
    at = incident.first_seen(Symptom.CARRIER_DELAY)
    if at is None:
        return _NOTHING
    return (
        _clue("carrier_network_delay", Cause.CARRIER, STRONG, ClueCode.CARRIER_DELAY, at=_iso(at)),
    )


def _overdue(incident: Incident) -> dt.date | None:
    deadlines, as_of = incident.deadlines, incident.as_of
    if deadlines is None or as_of is None or Symptom.DELIVERED in incident.symptoms:
        return None
    latest = deadlines.delivery_latest
    return latest if _local_date(incident, as_of, as_of) > latest else None


@_cites("docs/rules.md#reading-handover", Cause.SELLER)
def late_handover(incident: Incident, policy: ClassifierPolicy) -> RuleOutput:
    """SELLER when a late parcel was handed over after both the pickup and self-delivery limits.

    Only for parcels that are late: overdue against ``deadlines.delivery_latest``, or a delay
    scan.
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
            ClueCode.LATE_HANDOVER,
            handed_over_at=_iso(handed),
            ship_by=_iso(deadlines.ship_by),
            self_delivery_by=_iso(deadlines.self_delivery_by),
        ),
    )


# Outcomes a tracking status can state. Two statuses contradict each other when they state
# different outcomes, or one states an outcome and the other none (still moving).
_OUTCOME: Final = {
    Symptom.DELIVERED: "delivered",
    Symptom.RETURNING: "returned",
    Symptom.RETURNED: "returned",
    Symptom.LOST: "lost",
    Symptom.CANCELLED: "cancelled",
}


@_cites("docs/rules.md#reading-tracking-codes")
def reported_status_contradicts(incident: Incident, policy: ClassifierPolicy) -> RuleOutput:
    """Note, without scoring, a provider status that contradicts the latest event.

    The diagnosis follows the events (the carrier's scans); the provider's own top-level status
    is only compared with the latest of them, and a contradiction is said, never chosen
    silently.
    """
    reported = incident.reported_status
    if reported is None or not incident.events:
        return _NOTHING
    latest = incident.events[-1]
    if _OUTCOME.get(reported) == _OUTCOME.get(latest.symptom):
        return _NOTHING
    return (
        _clue(
            "reported_status_contradicts",
            Cause.UNDETERMINED,
            0,
            ClueCode.REPORTED_STATUS_CONTRADICTS,
            reported=reported.value,
            latest=latest.symptom.value,
            at=_iso(latest.at),
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


@_cites("docs/rules.md#resolution-2")
def ask_carrier(incident: Incident, policy: ClassifierPolicy) -> RuleOutput:
    """Ask the carrier about statuses without a stated reason, and about overdue parcels."""
    rule = "ask_carrier"
    out: list[Check] = []
    symptoms = incident.symptoms
    if symptoms:
        for symptom in _ASK_CARRIER:
            at = incident.first_seen(symptom) if symptom in symptoms else None
            if at is not None:
                out.append(_check(rule, CheckCode.ASK_CARRIER, symptom=symptom.value, at=_iso(at)))
    overdue = _overdue(incident)
    if overdue is not None:
        out.append(_check(rule, CheckCode.OVERDUE, delivery_latest=overdue.isoformat()))
    return tuple(out)


DEFAULT_RULES: tuple[Rule, ...] = tuple(
    _as_rule(function)
    for function in (
        address_seller_differs,
        address_carrier_differs,
        address_all_agree_undeliverable,
        address_problem_needs_views,
        damage_before_handover,
        damage_in_carrier_custody,
        lost_in_carrier_custody,
        goods_mismatch,
        tracking_number_invalid,
        pickup_before_order,
        destination_country_differs,
        platform_online_window,
        platform_submit_error,
        customs_hold,
        carrier_declared_force_majeure,
        buyer_did_not_accept,
        carrier_rejected_parcel,
        carrier_network_delay,
        late_handover,
        reported_status_contradicts,
        ask_carrier,
    )
)
"""The default rules, in the order their clues and checks are listed."""
