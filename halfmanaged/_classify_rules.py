"""The default rule catalogue of :func:`halfmanaged.classify.classify`.

One small named rule per seed rule, each citing the DESIGN.md rule or issue it implements, and
:data:`DEFAULT_RULES`, the tuple of :class:`~halfmanaged.classify.Rule` values built from them.
Import them from :mod:`halfmanaged.classify`.
"""

from __future__ import annotations

import datetime as dt
from typing import Final

from halfmanaged._classify_values import (
    DECISIVE,
    STRONG,
    Check,
    ClassifierPolicy,
    Clue,
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
