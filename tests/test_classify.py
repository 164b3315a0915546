"""Tests for halfmanaged.classify: whose fault a receiving exception is, and what to do first."""

from __future__ import annotations

import datetime as dt
import importlib
import re
from collections.abc import Callable
from pathlib import Path

import attrs
import numpy as np
import pytest
from hypothesis import find, given, settings
from hypothesis import strategies as st

from halfmanaged import _classify_rules as rules_module
from halfmanaged import _symptom_maps as maps
from halfmanaged._catalog.classify import MESSAGES
from halfmanaged.calendar import WorkingCalendar
from halfmanaged.checks import Address, Item, OrderInfo
from halfmanaged.classify import (
    DECISIVE,
    DEFAULT_POLICY,
    DEFAULT_ROUTES,
    DEFAULT_RULES,
    STRONG,
    Cause,
    Check,
    CheckCode,
    ClassifierPolicy,
    Clue,
    ClueCode,
    CodeMatch,
    DamageSeen,
    Diagnosis,
    Incident,
    Inspection,
    Route,
    Rule,
    RuleOutput,
    SubmitFailure,
    Symptom,
    SymptomMatch,
    TrackingEvent,
    TrackingProvider,
    aftership_symptom,
    classify,
    easypost_symptom,
    match_symptom,
    track17_symptom,
)
from halfmanaged.errors import FieldTypeError, HalfManagedError, InvalidFieldError
from halfmanaged.messages import CATALOG
from halfmanaged.shipping import Order, ShippingPolicy, compute_deadlines
from halfmanaged.workflow import EvidenceKind, Party, Stage

# Not `import halfmanaged.classify as ...`: the package's `classify` is the function.
classify_module = importlib.import_module("halfmanaged.classify")

UTC = dt.UTC
BERLIN = dt.timezone(dt.timedelta(hours=1))
T0 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=UTC)  # a Monday


def at(hours: float) -> dt.datetime:
    return T0 + dt.timedelta(hours=hours)


def day(d: dt.date, hour: int = 12) -> dt.datetime:
    return dt.datetime(d.year, d.month, d.day, hour, 0, tzinfo=UTC)


def ev(symptom: str, hours: float, country: str | None = None) -> TrackingEvent:
    return TrackingEvent(Symptom(symptom), at(hours), country)


HOME = Address(country="DE", city="Berlin", postal_code="10115", lines=("Unter den Linden 1",))
ITEMS = (Item("SKU-1", 2),)
ORDER = OrderInfo(recipient="Anna Schmidt", address=HOME, phone="+49301234567", items=ITEMS)
SUBMITTED = OrderInfo(
    recipient="Anna Schmidt",
    address=HOME,
    phone="+49301234567",
    items=ITEMS,
    carrier="s10",
    tracking_number="RB123456785GB",
)
CARRIER_OK = OrderInfo(recipient="Anna Schmidt", address=HOME, phone="+49301234567")


def with_address(info: OrderInfo, **changes: object) -> OrderInfo:
    assert info.address is not None
    return attrs.evolve(info, address=attrs.evolve(info.address, **changes))


ALL_AGREE = {"platform_order": ORDER, "seller_submitted": SUBMITTED, "carrier_record": CARRIER_OK}

# Deadlines of an order placed Monday 2026-03-02 10:00 UTC, promise 1 working day, no holidays:
# ship by Tuesday 15:00, self-delivery by Wednesday 10:00, delivered 2026-03-05 .. 2026-03-10.
PLAIN = WorkingCalendar.without_holidays(timezone="UTC")
DEADLINES = compute_deadlines(
    Order("A1", dt.datetime(2026, 3, 2, 10, 0, tzinfo=UTC), PLAIN), ShippingPolicy(1)
)
GERMANY = WorkingCalendar.for_country("DE", timezone="Europe/Berlin")
MAUNDY_THURSDAY = dt.datetime(2026, 4, 2, 11, 0, tzinfo=BERLIN)


# (id, incident, expected cause, why)
CASES: list[tuple[str, Incident, Cause, str]] = [
    # ---- address
    (
        "seller-postcode-typo",
        Incident(
            platform_order=ORDER,
            seller_submitted=with_address(SUBMITTED, postal_code="10151"),
            carrier_record=with_address(CARRIER_OK, postal_code="10151"),
            events=(ev("accepted", 0), ev("address_problem", 40)),
        ),
        Cause.SELLER,
        "the seller submitted a postcode other than the buyer's; the carrier followed the label",
    ),
    (
        "seller-wrong-phone",
        Incident(
            platform_order=ORDER,
            seller_submitted=attrs.evolve(SUBMITTED, phone="+49309999999"),
            events=(ev("accepted", 0), ev("delivery_attempt_failed", 40)),
        ),
        Cause.SELLER,
        "the contact the seller submitted differs from the order",
    ),
    (
        "carrier-mislabel",
        Incident(
            platform_order=ORDER,
            seller_submitted=SUBMITTED,
            carrier_record=with_address(CARRIER_OK, city="Bremen"),
            events=(ev("accepted", 0), ev("address_problem", 40)),
        ),
        Cause.CARRIER,
        "seller matches the order; the carrier recorded another city",
    ),
    (
        "carrier-mislabel-no-scan",
        Incident(
            platform_order=ORDER,
            seller_submitted=SUBMITTED,
            carrier_record=with_address(CARRIER_OK, postal_code="20095"),
        ),
        Cause.CARRIER,
        "the carrier's record alone differs from matching order and submission",
    ),
    (
        "all-agree-address-problem",
        Incident(**ALL_AGREE, events=(ev("accepted", 0), ev("address_problem", 40))),
        Cause.BUYER,
        "all three views agree and the carrier still cannot deliver: the buyer's address",
    ),
    (
        "all-agree-returned",
        Incident(**ALL_AGREE, events=(ev("accepted", 0), ev("returned", 200))),
        Cause.BUYER,
        "all three views agree and the parcel came back undeliverable",
    ),
    (
        "address-problem-no-views",
        Incident(events=(ev("accepted", 0), ev("address_problem", 40))),
        Cause.UNDETERMINED,
        "an incorrect-address scan alone cannot say who wrote the wrong address",
    ),
    (
        "address-problem-carrier-view-missing",
        Incident(
            platform_order=ORDER,
            seller_submitted=SUBMITTED,
            events=(ev("accepted", 0), ev("address_problem", 40)),
        ),
        Cause.UNDETERMINED,
        "seller matches the order, but without the carrier's record the label is unchecked",
    ),
    (
        "seller-differs-and-recipient-moved",
        Incident(
            platform_order=ORDER,
            seller_submitted=with_address(SUBMITTED, lines=("Unter den Linden 10",)),
            events=(ev("accepted", 0), ev("recipient_moved", 40)),
        ),
        Cause.SELLER,
        "conflict: a proven wrong submission (100) outweighs a declared 'moved' scan (60)",
    ),
    # ---- damage and loss
    (
        "damage-before-handover",
        Incident(inspection=Inspection(damage=DamageSeen.BEFORE_HANDOVER)),
        Cause.SELLER,
        "the inspection saw the damage before the carrier took the parcel: packing",
    ),
    (
        "damage-after-acceptance-inspection",
        Incident(inspection=Inspection(damage="after_acceptance")),
        Cause.CARRIER,
        "the inspection places the damage after the carrier's acceptance",
    ),
    (
        "damage-scan-after-acceptance",
        Incident(events=(ev("accepted", 0), ev("in_transit", 10), ev("damaged", 30))),
        Cause.CARRIER,
        "the carrier scanned the parcel damaged after accepting it",
    ),
    (
        "damage-scan-without-acceptance",
        Incident(events=(ev("info_received", 0), ev("damaged", 30))),
        Cause.UNDETERMINED,
        "no scan shows the carrier held the parcel before the damage",
    ),
    (
        "damage-unknown-when",
        Incident(inspection=Inspection(damage=DamageSeen.UNKNOWN_WHEN)),
        Cause.UNDETERMINED,
        "damage seen, but nobody knows on whose side it happened",
    ),
    (
        "damage-before-handover-and-carrier-damage-scan",
        Incident(
            inspection=Inspection(damage=DamageSeen.BEFORE_HANDOVER),
            events=(ev("accepted", 0), ev("damaged", 30)),
        ),
        Cause.SELLER,
        "conflict: damage already seen before handover (100) outweighs the carrier's scan (60)",
    ),
    (
        "lost-after-acceptance",
        Incident(events=(ev("accepted", 0), ev("in_transit", 20), ev("lost", 300))),
        Cause.CARRIER,
        "the carrier lost a parcel it had accepted",
    ),
    (
        "lost-without-scan",
        Incident(events=(ev("info_received", 0), ev("lost", 300))),
        Cause.UNDETERMINED,
        "lost, but nothing shows the carrier ever took it",
    ),
    (
        "lost-with-handover-receipt",
        Incident(events=(ev("info_received", 0), ev("lost", 300)), handover_proof=True),
        Cause.CARRIER,
        "a signed pickup receipt proves the handover the scans lack",
    ),
    (
        "lost-after-acceptance-in-storm",
        Incident(events=(ev("accepted", 0), ev("weather", 30), ev("lost", 300))),
        Cause.CARRIER,
        "conflict: loss in custody (100) outweighs the declared weather delay (60)",
    ),
    # ---- goods
    (
        "quantity-short",
        Incident(inspection=Inspection(goods_match=True, quantity_match=False)),
        Cause.SELLER,
        "fewer items packed than ordered",
    ),
    (
        "wrong-goods",
        Incident(inspection=Inspection(goods_match=False), events=(ev("delivered", 90),)),
        Cause.SELLER,
        "the wrong goods were packed, though the parcel was delivered",
    ),
    (
        "goods-short-and-lost",
        Incident(
            inspection=Inspection(quantity_match=False),
            events=(ev("accepted", 0), ev("lost", 300)),
        ),
        Cause.UNDETERMINED,
        "conflict: two proven faults of equal weight; the order check must split them",
    ),
    # ---- false shipment
    (
        "tracking-check-digit",
        Incident(
            platform_order=ORDER,
            seller_submitted=attrs.evolve(SUBMITTED, tracking_number="RB123456786GB"),
        ),
        Cause.SELLER,
        "the uploaded S10 number fails its check digit",
    ),
    (
        "tracking-other-carrier",
        Incident(
            seller_submitted=attrs.evolve(
                SUBMITTED, carrier="fedex", tracking_number="1Z5R89390357567127"
            )
        ),
        Cause.SELLER,
        "the number declared as FedEx is a UPS number",
    ),
    (
        "tracking-unknown-carrier",
        Incident(
            seller_submitted=attrs.evolve(
                SUBMITTED, carrier="Acme Parcel", tracking_number="AC0001"
            )
        ),
        Cause.UNDETERMINED,
        "a carrier the library has no formats for proves nothing about the number",
    ),
    (
        "pickup-before-order",
        Incident(placed_at=at(48), events=(ev("accepted", 0), ev("in_transit", 20))),
        Cause.SELLER,
        "the first scan predates the order: the number belongs to another parcel",
    ),
    (
        "destination-country-in-carrier-record",
        Incident(platform_order=ORDER, carrier_record=with_address(CARRIER_OK, country="FR")),
        Cause.SELLER,
        "the carrier ships this number to France; the buyer is in Germany",
    ),
    (
        "destination-country-in-delivery-scan",
        Incident(
            platform_order=ORDER,
            events=(ev("accepted", 0), ev("delivered", 90, country="US")),
        ),
        Cause.SELLER,
        "the number was delivered in the US; the buyer is in Germany",
    ),
    (
        "feed-says-invalid-number",
        Incident(events=(TrackingEvent.from_17track("NotFound_InvalidCode", at(30)),)),
        Cause.SELLER,
        "17TRACK reports the number invalid and no carrier ever scanned it",
    ),
    # ---- platform
    (
        "platform-window-open",
        Incident(
            events=(ev("accepted", 0), ev("in_transit", 10)),
            platform_tracking_missing_since=at(24),
            handed_over_at=at(0),
            as_of=at(72),
        ),
        Cause.PLATFORM,
        "the carrier has the parcel; the platform's 5-day online window still runs",
    ),
    (
        "platform-window-closed-with-scans",
        Incident(
            events=(ev("accepted", 0), ev("in_transit", 10)),
            platform_tracking_missing_since=at(24),
            as_of=at(24 * 10),
        ),
        Cause.PLATFORM,
        "past the window, but carrier scans prove the handover: still the platform's display",
    ),
    (
        "platform-window-closed-no-proof",
        Incident(
            tracking_known_to_carrier=True,
            platform_tracking_missing_since=at(24),
            handed_over_at=at(0),
            as_of=at(24 * 10),
        ),
        Cause.SELLER,
        "past the window with no carrier proof of handover",
    ),
    (
        "platform-window-closed-receipt",
        Incident(
            handover_proof=True,
            platform_tracking_missing_since=at(24),
            handed_over_at=at(0),
            as_of=at(24 * 10),
        ),
        Cause.PLATFORM,
        "past the window; a signed pickup receipt is the carrier proof",
    ),
    (
        "platform-window-open-carrier-unaware",
        Incident(platform_tracking_missing_since=at(24), handed_over_at=at(0), as_of=at(48)),
        Cause.UNDETERMINED,
        "inside the window, nobody has asked the carrier whether it knows the number",
    ),
    (
        "platform-window-no-as-of",
        Incident(platform_tracking_missing_since=at(24), events=(ev("accepted", 0),)),
        Cause.UNDETERMINED,
        "without the current time the window cannot be judged",
    ),
    (
        "platform-window-german-holidays",
        Incident(
            tracking_known_to_carrier=True,
            platform_tracking_missing_since=MAUNDY_THURSDAY,
            handed_over_at=MAUNDY_THURSDAY,
            as_of=dt.datetime(2026, 4, 13, 10, 0, tzinfo=BERLIN),
            calendar=GERMANY,
        ),
        Cause.PLATFORM,
        "Good Friday and Easter Monday stretch the window to 13 April",
    ),
    (
        "platform-window-weekdays-only",
        Incident(
            tracking_known_to_carrier=True,
            platform_tracking_missing_since=MAUNDY_THURSDAY,
            handed_over_at=MAUNDY_THURSDAY,
            as_of=dt.datetime(2026, 4, 13, 10, 0, tzinfo=BERLIN),
        ),
        Cause.SELLER,
        "no calendar: plain Monday-Friday ends the window on 9 April",
    ),
    (
        "submit-platform-error",
        Incident(submit_failure=SubmitFailure.PLATFORM_ERROR),
        Cause.PLATFORM,
        "the platform failed to accept valid order information",
    ),
    (
        "submit-data-rejected",
        Incident(submit_failure="data_rejected"),
        Cause.SELLER,
        "the platform refused the seller's data as invalid",
    ),
    (
        "submit-reason-unknown",
        Incident(submit_failure=SubmitFailure.UNKNOWN),
        Cause.UNDETERMINED,
        "a failed submission without the error message could be either side",
    ),
    # ---- customs, force majeure, buyer
    (
        "customs-hold",
        Incident(
            events=(ev("accepted", 0), TrackingEvent.from_aftership("Exception_004", at(50)))
        ),
        Cause.CUSTOMS,
        "AfterShip reports a customs clearance delay",
    ),
    (
        "customs-needs-information",
        Incident(
            events=(
                TrackingEvent.from_17track("InTransit_PickedUp", at(0)),
                TrackingEvent.from_17track("InTransit_CustomsRequiringInformation", at(50)),
            )
        ),
        Cause.CUSTOMS,
        "17TRACK: customs needs more information for clearance",
    ),
    (
        "storm",
        Incident(
            events=(ev("accepted", 0), TrackingEvent.from_aftership("Exception_017", at(30)))
        ),
        Cause.FORCE_MAJEURE,
        "the carrier declared an extreme-weather delay",
    ),
    (
        "customs-and-storm",
        Incident(events=(ev("accepted", 0), ev("customs_hold", 30), ev("weather", 40))),
        Cause.UNDETERMINED,
        "conflict: customs hold and weather weigh the same",
    ),
    (
        "refused",
        Incident(
            events=(ev("accepted", 0), TrackingEvent.from_aftership("Exception_003", at(50)))
        ),
        Cause.BUYER,
        "the recipient refused the parcel",
    ),
    (
        "refused-17track",
        Incident(events=(TrackingEvent.from_17track("DeliveryFailure_Rejected", at(50)),)),
        Cause.BUYER,
        "17TRACK: recipient refused to accept the package",
    ),
    (
        "moved",
        Incident(events=(TrackingEvent.from_aftership("Exception_002", at(50)),)),
        Cause.BUYER,
        "the customer moved",
    ),
    (
        "not-collected",
        Incident(events=(ev("available_for_pickup", 40), ev("not_collected", 300))),
        Cause.BUYER,
        "the parcel waited at the pickup point and was not collected",
    ),
    (
        "held-for-payment",
        Incident(events=(ev("accepted", 0), ev("awaiting_payment", 60))),
        Cause.BUYER,
        "held until the recipient pays",
    ),
    (
        "refused-but-seller-sent-wrong-goods",
        Incident(
            inspection=Inspection(goods_match=False),
            events=(ev("accepted", 0), ev("refused", 60)),
        ),
        Cause.SELLER,
        "conflict: the refusal (60) follows from proven wrong goods (100)",
    ),
    # ---- carrier-side and timing
    (
        "carrier-rejected-parcel",
        Incident(events=(TrackingEvent.from_aftership("Exception_009", at(2)),)),
        Cause.SELLER,
        "the carrier refused the parcel as non-compliant: packing or contents",
    ),
    (
        "carrier-network-delay",
        Incident(
            events=(ev("accepted", 0), TrackingEvent.from_aftership("Exception_016", at(40)))
        ),
        Cause.CARRIER,
        "delay from a processing issue inside the carrier's network",
    ),
    (
        "late-handover",
        Incident(
            deadlines=DEADLINES,
            handed_over_at=at(24 * 4),
            events=(ev("accepted", 24 * 4),),
            as_of=day(dt.date(2026, 3, 12)),
        ),
        Cause.SELLER,
        "handed over two days after both deadlines; the parcel is overdue",
    ),
    (
        "late-handover-and-carrier-delay",
        Incident(
            deadlines=DEADLINES,
            handed_over_at=at(24 * 4),
            events=(ev("accepted", 24 * 4), ev("carrier_delay", 24 * 5)),
        ),
        Cause.UNDETERMINED,
        "conflict: a late handover and a carrier delay weigh the same",
    ),
    (
        "on-time-but-overdue",
        Incident(
            deadlines=DEADLINES,
            handed_over_at=at(5),
            events=(ev("accepted", 5), ev("in_transit", 30)),
            as_of=day(dt.date(2026, 3, 12)),
        ),
        Cause.UNDETERMINED,
        "shipped on time and late in transit, with no reason given yet",
    ),
    (
        "late-handover-but-not-late",
        Incident(
            deadlines=DEADLINES,
            handed_over_at=at(24 * 4),
            events=(ev("accepted", 24 * 4), ev("delivered", 24 * 6)),
            as_of=day(dt.date(2026, 3, 12)),
        ),
        Cause.UNDETERMINED,
        "handed over late, but delivered: no receiving exception to blame on it",
    ),
    (
        "returned-without-reason",
        Incident(events=(ev("accepted", 0), ev("returning", 100), ev("returned", 300))),
        Cause.UNDETERMINED,
        "a return without a reason or address views: ask the carrier",
    ),
    (
        "feed-says-returned-scans-say-refused",
        Incident(
            events=(ev("accepted", 0), ev("refused", 60)),
            reported_status=Symptom.RETURNED,
        ),
        Cause.BUYER,
        "the scans decide (a refusal); the provider's 'returned' is noted, not followed",
    ),
    (
        "nothing-known",
        Incident(),
        Cause.UNDETERMINED,
        "no facts at all",
    ),
]


@pytest.mark.parametrize(
    ("incident", "expected"),
    [pytest.param(i, c, id=name) for name, i, c, _ in CASES],
)
def test_table_incident_gets_its_expected_cause(incident: Incident, expected: Cause) -> None:
    """Each realistic incident is classified as the table's reason says."""
    assert classify(incident).cause is expected


def test_table_has_forty_cases_covering_every_cause_and_rule() -> None:
    """The table is large enough and reaches every cause and fires every default rule."""
    assert len(CASES) >= 40
    assert {c for _, _, c, _ in CASES} == set(Cause)
    fired = {name for _, i, _, _ in CASES for name in classify(i).rules_fired}
    assert fired == {rule.name for rule in DEFAULT_RULES}
    assert all(why for _, _, _, why in CASES)


@pytest.mark.parametrize(
    "incident", [pytest.param(i, id=name) for name, i, c, _ in CASES if c is Cause.UNDETERMINED]
)
def test_undetermined_diagnosis_names_a_deciding_check(incident: Incident) -> None:
    """An undetermined diagnosis never comes without the check that would decide it."""
    dx = classify(incident)
    assert dx.deciding_check is not None
    assert dx.deciding_check.message("en")
    assert dx.start_stage is Stage.ORDER_CHECK
    assert dx.contact_first is Party.HANDLER


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("address-problem-no-views", "classify.check.compare_addresses"),
        ("address-problem-carrier-view-missing", "classify.check.compare_addresses"),
        ("damage-scan-without-acceptance", "classify.check.damage_timing"),
        ("lost-without-scan", "classify.check.handover_proof"),
        ("goods-short-and-lost", "classify.check.conflict"),
        ("platform-window-open-carrier-unaware", "classify.check.carrier_knows_number"),
        ("platform-window-no-as-of", "classify.check.window_facts"),
        ("submit-reason-unknown", "classify.check.submit_error"),
        ("on-time-but-overdue", "classify.check.overdue"),
        ("returned-without-reason", "classify.check.ask_carrier"),
        ("nothing-known", "classify.check.gather"),
    ],
)
def test_deciding_check_is_the_one_that_decides(name: str, code: str) -> None:
    """The deciding check is the specific question the facts leave open."""
    incident = next(i for n, i, _, _ in CASES if n == name)
    assert classify(incident).deciding_check.code == code  # type: ignore[union-attr]


def test_address_problem_check_names_the_missing_views() -> None:
    """The compare-addresses check says which views are missing."""
    incident = next(i for n, i, _, _ in CASES if n == "address-problem-carrier-view-missing")
    check = classify(incident).deciding_check
    assert check is not None
    assert check.fields == {"missing": "carrier_record"}


@pytest.mark.parametrize("locale", ["en", "zh-CN"])
@pytest.mark.parametrize("incident", [pytest.param(i, id=n) for n, i, _, _ in CASES])
def test_every_sentence_renders_in_both_languages(incident: Incident, locale: str) -> None:
    """Clues, checks and the diagnosis itself read in English and Chinese, fully filled in."""
    dx = classify(incident)
    texts = [c.message(locale) for c in dx.clues] + [c.message(locale) for c in dx.checks]
    texts.append(dx.message(locale))
    for text in texts:
        assert text
        assert "{" not in text
    if locale == "zh-CN":
        assert all(re.search("[\u4e00-\u9fff]", t) for t in texts)


def test_every_clue_names_its_rule_and_facts() -> None:
    """Each clue says which rule found it, and the rule fired."""
    for _, incident, _, _ in CASES:
        dx = classify(incident)
        for clue in dx.clues:
            assert clue.rule in dx.rules_fired
            assert clue.code in CATALOG


def _rendered_codes() -> set[str]:
    """Every catalog key that classifying the table's incidents actually renders."""
    seen: set[str] = set()
    original = classify_module.render

    def spy(code: str, fields: object, locale: object = "en") -> str:
        seen.add(code)
        return original(code, fields, locale)  # type: ignore[arg-type]

    values = importlib.import_module("halfmanaged._classify_values")
    every_party = ClassifierPolicy(
        routes={
            cause: attrs.evolve(route, contact_first=party)
            for (cause, route), party in zip(
                DEFAULT_ROUTES.items(), [*Party, Party.HANDLER, Party.HANDLER], strict=True
            )
        }
    )
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(classify_module, "render", spy)
        patch.setattr(values, "render", spy)
        for _, incident, _, _ in CASES:
            for policy in (DEFAULT_POLICY, every_party):
                dx = classify(incident, policy=policy)
                dx.message("zh-CN")
                for item in (*dx.clues, *dx.checks):
                    item.message("en")
        for symptom in Symptom:  # the words of every symptom a clue or check can name
            dx = classify(Incident(events=(TrackingEvent(symptom, T0),)))
            for item in (*dx.clues, *dx.checks):
                item.message("zh-CN")
            Check("ask_carrier", CheckCode.ASK_CARRIER, {"symptom": symptom, "at": "-"}).message()
    return seen


def test_every_message_is_rendered_by_some_diagnosis() -> None:
    """Every classify message is reached through classify() and .message(); none is dead."""
    assert _rendered_codes() == set(MESSAGES)


def test_every_code_has_its_sentence_and_every_sentence_a_code() -> None:
    """The code enums and the catalog name the same messages, apart from labels."""
    codes = {c.value for c in (*ClueCode, *CheckCode)} - {"custom"}
    labels = {
        k
        for k in MESSAGES
        if k.startswith(
            ("classify.cause.", "classify.party.", "classify.symptom.", "classify.verdict")
        )
    }
    assert codes | labels == set(MESSAGES)
    assert not codes & labels


def test_lost_clue_carries_the_times_it_used() -> None:
    """The loss clue reports the acceptance and loss times it compared."""
    dx = classify(Incident(events=(ev("accepted", 0), ev("lost", 300))))
    (clue,) = dx.clues
    assert clue.rule == "lost_in_carrier_custody"
    assert clue.fields == {
        "lost_at": "2026-03-14T21:00+00:00",
        "accepted_at": "2026-03-02T09:00+00:00",
    }
    assert "2026-03-14 21:00 UTC" in clue.message("zh-CN")  # in words: local time and zone


def test_seller_clue_lists_the_differing_fields() -> None:
    """The address clue lists exactly the dotted fields that differ."""
    incident = Incident(
        platform_order=ORDER,
        seller_submitted=attrs.evolve(
            with_address(SUBMITTED, postal_code="10151"), phone="+49309999999"
        ),
    )
    (clue,) = classify(incident).clues
    assert clue.fields == {"fields": "address.postal_code, phone"}


# ---------------------------------------------------------------- routes


@pytest.mark.parametrize(
    ("cause", "party", "evidence", "stage"),
    [
        (
            Cause.CARRIER,
            Party.CARRIER,
            {EvidenceKind.PARCEL_PHOTOS, EvidenceKind.WAYBILL_NUMBER},
            Stage.CARRIER_CONTACTED,
        ),
        (
            Cause.SELLER,
            Party.SELLER,
            {EvidenceKind.ORDER_SCREENSHOTS, EvidenceKind.LOGISTICS_INFO},
            Stage.SELLER_CONTACTED,
        ),
        (
            Cause.PLATFORM,
            Party.PLATFORM,
            {
                EvidenceKind.ORDER_SCREENSHOTS,
                EvidenceKind.LOGISTICS_INFO,
                EvidenceKind.SCREENSHOTS,
                EvidenceKind.CHAT_LOGS,
            },
            Stage.PLATFORM_SUPPORT,
        ),
    ],
)
def test_routes_for_the_articles_three_causes(
    cause: Cause, party: Party, evidence: set[EvidenceKind], stage: Stage
) -> None:
    """Carrier, seller and platform faults route as the article's resolution steps say."""
    incident = next(i for _, i, c, _ in CASES if c is cause)
    dx = classify(incident)
    assert (dx.contact_first, set(dx.evidence_to_request), dx.start_stage) == (
        party,
        evidence,
        stage,
    )


def test_every_cause_has_a_route() -> None:
    """The default routes cover every cause."""
    assert set(DEFAULT_ROUTES) == set(Cause)


def test_policy_routes_replace_the_defaults() -> None:
    """A caller can send buyer faults to the carrier first."""
    routes = dict(DEFAULT_ROUTES)
    routes[Cause.BUYER] = Route("carrier", ("tracking_history",), "carrier_contacted")
    dx = classify(Incident(events=(ev("refused", 5),)), policy=ClassifierPolicy(routes=routes))
    assert (dx.contact_first, dx.start_stage) == (Party.CARRIER, Stage.CARRIER_CONTACTED)


def test_policy_routes_must_cover_every_cause() -> None:
    """A routes table missing a cause is refused at construction."""
    with pytest.raises(InvalidFieldError, match="no route"):
        ClassifierPolicy(routes={Cause.SELLER: DEFAULT_ROUTES[Cause.SELLER]})


# ---------------------------------------------------------------- scoring and policy


def test_candidates_are_ranked_with_their_scores() -> None:
    """Conflicting evidence keeps every candidate, best first, with summed weights."""
    dx = classify(
        Incident(
            inspection=Inspection(goods_match=False),
            events=(ev("accepted", 0), ev("refused", 60)),
        )
    )
    assert [(c.cause, c.score) for c in dx.candidates] == [
        (Cause.SELLER, DECISIVE),
        (Cause.BUYER, STRONG),
    ]


def test_margin_decides_how_far_ahead_a_cause_must_be() -> None:
    """With a wider margin, 100 against 60 no longer decides."""
    incident = next(i for n, i, _, _ in CASES if n == "lost-after-acceptance-in-storm")
    assert classify(incident).cause is Cause.CARRIER
    strict = ClassifierPolicy(margin=50)
    dx = classify(incident, policy=strict)
    assert dx.cause is Cause.UNDETERMINED
    assert dx.deciding_check.code == "classify.check.conflict"  # type: ignore[union-attr]


def test_online_window_length_is_configurable() -> None:
    """A 10-working-day window keeps day 10 inside it."""
    incident = next(i for n, i, _, _ in CASES if n == "platform-window-closed-no-proof")
    assert classify(incident).cause is Cause.SELLER
    assert classify(incident, policy=ClassifierPolicy(online_window_days=10)).cause is (
        Cause.PLATFORM
    )


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        (dt.datetime(2026, 3, 9, 23, 59, tzinfo=UTC), Cause.PLATFORM),  # 5th working day
        (dt.datetime(2026, 3, 10, 0, 0, tzinfo=UTC), Cause.SELLER),
    ],
)
def test_online_window_runs_through_its_last_working_day(
    as_of: dt.datetime, expected: Cause
) -> None:
    """Handed over Monday: the window ends with the next Monday, Tuesday is past it."""
    incident = Incident(
        tracking_known_to_carrier=True,
        platform_tracking_missing_since=T0,
        handed_over_at=T0,
        as_of=as_of,
    )
    assert classify(incident).cause is expected


def test_window_fallback_uses_the_handover_time_zone() -> None:
    """Without a calendar, dates are read in the handover time's own zone."""
    shanghai = dt.timezone(dt.timedelta(hours=8))
    handover = dt.datetime(2026, 3, 6, 23, 30, tzinfo=shanghai)  # Friday night in Shanghai
    as_of = dt.datetime(2026, 3, 13, 15, 0, tzinfo=UTC)  # Friday 23:00 in Shanghai
    incident = Incident(
        tracking_known_to_carrier=True,
        platform_tracking_missing_since=handover,
        handed_over_at=handover,
        as_of=as_of,
    )
    assert classify(incident).cause is Cause.PLATFORM
    later = attrs.evolve(incident, as_of=as_of + dt.timedelta(hours=2))  # Saturday there
    assert classify(later).cause is Cause.SELLER


@given(
    start=st.dates(dt.date(2000, 1, 1), dt.date(2090, 12, 31)),
    n=st.integers(0, 400),
)
def test_weekday_fallback_matches_numpy(start: dt.date, n: int) -> None:
    """The calendar-free window count is numpy's busday_offset(roll='forward')."""
    expected = np.busday_offset(np.datetime64(start), n, roll="forward").astype(dt.date)
    assert rules_module._MON_TO_FRI.add_working_days(start, n) == expected


# ---------------------------------------------------------------- rules are data


def test_removing_a_rule_removes_its_verdict() -> None:
    """Without the buyer rule a refusal is undetermined; the rule list is the caller's."""
    incident = Incident(events=(ev("refused", 5),))
    rules = tuple(r for r in DEFAULT_RULES if r.name != "buyer_did_not_accept")
    dx = classify(incident, rules=rules)
    assert dx.cause is Cause.UNDETERMINED
    assert "buyer_did_not_accept" not in dx.rules_fired


def test_adding_a_rule_adds_its_clue() -> None:
    """A caller's rule with its own code and note joins the diagnosis."""

    def vip_buyer(incident: Incident, policy: ClassifierPolicy) -> RuleOutput:
        if Symptom.REFUSED in incident.symptoms:
            return (Clue("vip_buyer", Cause.SELLER, 200, "custom", note="VIP: we take it."),)
        return ()

    rules = (*DEFAULT_RULES, Rule("vip_buyer", "ACME policy 7", vip_buyer, {Cause.SELLER}))
    dx = classify(Incident(events=(ev("refused", 5),)), rules=rules)
    assert dx.cause is Cause.SELLER
    assert dx.rules_fired[-1] == "vip_buyer"
    assert dx.clues[-1].message("zh-CN") == "VIP: we take it."


def test_reordering_rules_reorders_clues_not_the_cause() -> None:
    """Rule order sets the order of clues; the scores and the cause do not depend on it."""
    incident = next(i for n, i, _, _ in CASES if n == "refused-but-seller-sent-wrong-goods")
    forward = classify(incident)
    backward = classify(incident, rules=tuple(reversed(DEFAULT_RULES)))
    assert forward.cause is backward.cause
    assert forward.candidates == backward.candidates
    assert [c.rule for c in forward.clues] == [c.rule for c in reversed(backward.clues)]


def test_rule_output_must_be_clues_or_checks() -> None:
    """A rule returning something else is reported with the rule's name."""
    bad = Rule("bad", "none", lambda incident, policy: ("oops",))
    with pytest.raises(FieldTypeError, match="bad"):
        classify(Incident(), rules=(bad,))


@pytest.mark.parametrize("rules", ["rule", (1,), None])
def test_rules_must_be_rules(rules: object) -> None:
    """Anything but a sequence of Rule is refused."""
    with pytest.raises(FieldTypeError):
        classify(Incident(), rules=rules)  # type: ignore[arg-type]


RULES_PAGE = Path(__file__).resolve().parents[1] / "docs" / "rules.md"


def test_every_default_rule_cites_an_anchor_of_the_rules_page() -> None:
    """Each default rule is named after its function and cites an anchor docs/rules.md has."""
    anchors = set(re.findall(r'<a id="([a-z0-9-]+)"></a>', RULES_PAGE.read_text("utf-8")))
    names = [r.name for r in DEFAULT_RULES]
    assert len(names) == len(set(names))
    for rule in DEFAULT_RULES:
        assert rule.name == rule.apply.__name__
        page, _, anchor = rule.citation.partition("#")
        assert page == "docs/rules.md", rule.name
        assert anchor in anchors, rule.citation
        assert rule.apply.__doc__, rule.name


def test_a_default_rule_names_only_the_causes_it_declares() -> None:
    """Across the table, no default rule's clue points to a cause its Rule does not list."""
    declared = {r.name: r.causes | {Cause.UNDETERMINED} for r in DEFAULT_RULES}
    for _, incident, _, _ in CASES:
        for clue in classify(incident).clues:
            assert clue.cause in declared[clue.rule], clue


# ---------------------------------------------------------------- validation


@pytest.mark.parametrize(
    ("build", "error"),
    [
        (lambda: TrackingEvent("teleported", T0), InvalidFieldError),
        (lambda: TrackingEvent(Symptom.LOST, dt.datetime(2026, 3, 2)), InvalidFieldError),
        (lambda: TrackingEvent(Symptom.LOST, "2026-03-02"), FieldTypeError),
        (lambda: TrackingEvent(Symptom.LOST, T0, country="DEU"), InvalidFieldError),
        (lambda: TrackingEvent(Symptom.LOST, T0, country=49), FieldTypeError),
        (lambda: Incident(events=ev("lost", 0)), FieldTypeError),
        (lambda: Incident(events=["lost"]), FieldTypeError),
        (lambda: Incident(as_of=dt.datetime(2026, 3, 2)), InvalidFieldError),
        (lambda: Incident(platform_order={"recipient": "x"}), FieldTypeError),
        (lambda: Incident(submit_failure="oops"), InvalidFieldError),
        (lambda: Incident(tracking_known_to_carrier="yes"), FieldTypeError),
        (lambda: Incident(deadlines="tomorrow"), FieldTypeError),
        (lambda: Incident(handover_proof=None), FieldTypeError),
        (lambda: Clue("r", "seller", True, "custom", note="n"), FieldTypeError),
        (lambda: Clue("r", "seller", 1, "acme.vip", note="n"), InvalidFieldError),
        (lambda: Clue("r", "seller", 1, ClueCode.CUSTOM), InvalidFieldError),  # no sentence
        (lambda: Check("r", CheckCode.CUSTOM, note="  "), InvalidFieldError),
        (lambda: Incident(reported_status="teleported"), InvalidFieldError),
        (lambda: Rule("r", "c", "not callable"), FieldTypeError),
        (lambda: Incident(calendar="DE"), FieldTypeError),
        (lambda: Inspection(damage="crushed"), InvalidFieldError),
        (lambda: ClassifierPolicy(online_window_days=-1), InvalidFieldError),
        (lambda: ClassifierPolicy(margin=1.5), FieldTypeError),
        (lambda: Clue("r", "nobody", 1, "x"), InvalidFieldError),
        (lambda: Clue("r", "seller", 1, "custom", facts=[("a", 1)], note="n"), FieldTypeError),
        (lambda: Check("r", "custom", facts="a=b", note="n"), FieldTypeError),
        (lambda: classify("incident"), FieldTypeError),  # type: ignore[arg-type]
        (lambda: classify(Incident(), policy="strict"), FieldTypeError),  # type: ignore[arg-type]
    ],
)
def test_bad_input_raises_our_errors(build: Callable[[], object], error: type) -> None:
    """Bad values fail at construction with a HalfManagedError, never a bare builtin."""
    with pytest.raises(error) as caught:
        build()
    assert isinstance(caught.value, HalfManagedError)


def test_events_are_ordered_by_time() -> None:
    """Feeds arrive newest first; the incident keeps events in time order."""
    incident = Incident(events=(ev("lost", 300), ev("accepted", 0)))
    assert [e.symptom for e in incident.events] == [Symptom.ACCEPTED, Symptom.LOST]
    assert incident.accepted_at == T0
    assert incident.handover == T0


def test_late_handover_starts_one_minute_after_the_shipping_engines_limit() -> None:
    """A handover at the shipping engine's handover_by is on time; a minute later is late."""
    # By hand: ship by Tuesday 2026-03-03 15:00, self-delivery by Wednesday 2026-03-04 10:00
    # (48 h after the order); a parcel is handed over late only after the later of the two.
    limit = dt.datetime(2026, 3, 4, 10, 0, tzinfo=UTC)
    assert DEADLINES.handover_by == limit

    def incident(handed: dt.datetime) -> Incident:
        return Incident(
            deadlines=DEADLINES,
            handed_over_at=handed,
            events=(TrackingEvent(Symptom.ACCEPTED, handed), ev("delayed", 24 * 6)),
        )

    assert "late_handover" not in classify(incident(limit)).rules_fired
    late = classify(incident(limit + dt.timedelta(minutes=1)))
    assert late.cause is Cause.SELLER
    assert late.clues[0].fields["self_delivery_by"] == "2026-03-04T10:00+00:00"


# ---------------------------------------------------------------- provider tables


@pytest.mark.parametrize(
    ("code", "symptom"),
    [
        ("Delivered_003", Symptom.DELIVERED),
        ("Exception_002", Symptom.RECIPIENT_MOVED),
        ("Exception_004", Symptom.CUSTOMS_HOLD),
        ("Exception_006", Symptom.AWAITING_PAYMENT),
        ("Exception_007", Symptom.ADDRESS_PROBLEM),
        ("Exception_008", Symptom.NOT_COLLECTED),
        ("Exception_009", Symptom.REJECTED_BY_CARRIER),
        ("Exception_012", Symptom.DAMAGED),
        ("Exception_013", Symptom.LOST),
        ("Exception_016", Symptom.CARRIER_DELAY),
        ("Exception_017", Symptom.WEATHER),
        ("AttemptFail_001", Symptom.DELIVERY_ATTEMPT_FAILED),
        ("InTransit_002", Symptom.ACCEPTED),
        ("InTransit_010", Symptom.IN_TRANSIT),  # not attested anywhere: the parent tag
        ("Exception_099", Symptom.EXCEPTION),  # a future sub-status: parent tag
        ("Pending", Symptom.NO_INFORMATION),
    ],
)
def test_aftership_codes(code: str, symptom: Symptom) -> None:
    """AfterShip sub-statuses map as AfterShip's documentation describes them."""
    assert aftership_symptom(code) is symptom


@pytest.mark.parametrize(
    ("status", "detail", "symptom"),
    [
        ("pre_transit", None, Symptom.INFO_RECEIVED),
        ("return_to_sender", None, Symptom.RETURNING),
        ("failure", None, Symptom.EXCEPTION),
        ("cancelled", None, Symptom.CANCELLED),
        ("in_transit", "address_correction", Symptom.ADDRESS_PROBLEM),
        ("in_transit", "some_future_detail", Symptom.IN_TRANSIT),
        ("in_transit", "substatus_out_for_delivery", Symptom.OUT_FOR_DELIVERY),  # Whop's prefix
        ("in_transit", "null", Symptom.IN_TRANSIT),
        ("in_transit", "", Symptom.IN_TRANSIT),
        ("delivered", "status_update", Symptom.DELIVERED),
        # A telling status is not overwritten by a movement detail ...
        ("return_to_sender", "arrived_at_facility", Symptom.RETURNING),
        ("failure", "out_for_delivery", Symptom.EXCEPTION),
        # ... but is by a detail naming an exception.
        ("failure", "weather_delay", Symptom.WEATHER),
        ("out_for_delivery", "refused", Symptom.REFUSED),
        ("unknown", "received_at_origin_facility", Symptom.ACCEPTED),
    ],
)
def test_easypost_codes(status: str, detail: str | None, symptom: Symptom) -> None:
    """EasyPost status and status_detail map as EasyPost documents them."""
    assert easypost_symptom(status, detail) is symptom


@pytest.mark.parametrize(
    ("code", "symptom"),
    [
        ("NotFound_InvalidCode", Symptom.INVALID_NUMBER),
        ("InTransit_PickedUp", Symptom.ACCEPTED),
        ("InTransit_CustomsProcessing", Symptom.IN_TRANSIT),
        ("DeliveryFailure_InvalidAddress", Symptom.ADDRESS_PROBLEM),
        ("DeliveryFailure_Rejected", Symptom.REFUSED),
        ("Exception_Returned", Symptom.RETURNED),
        ("Expired_Other", Symptom.DELAYED),
        ("Exception_Lost", Symptom.LOST),
        ("Exception_Held", Symptom.EXCEPTION),  # listed by no source: the main status
    ],
)
def test_17track_codes(code: str, symptom: Symptom) -> None:
    """17TRACK sub-statuses map as 17TRACK's help centre describes them."""
    assert track17_symptom(code) is symptom


@pytest.mark.parametrize(
    "call",
    [
        lambda: aftership_symptom("Teleported_001"),
        lambda: aftership_symptom(7),
        lambda: easypost_symptom("teleported"),
        lambda: track17_symptom("Nowhere_Other"),
    ],
)
def test_unknown_provider_codes_are_errors(call: Callable[[], object]) -> None:
    """A code whose parent the provider never documented is refused, not guessed."""
    with pytest.raises(InvalidFieldError):
        call()


def test_tables_only_use_documented_parents() -> None:
    """Every sub-status in a table belongs to a documented parent status."""
    for code in maps.AFTERSHIP:
        assert code.partition("_")[0] in maps.AFTERSHIP_TAGS
    for code in maps.TRACK17:
        assert code.partition("_")[0] in maps.TRACK17_MAIN


def test_event_constructors_keep_the_provider_code() -> None:
    """Events built from a feed keep the raw code for the record."""
    assert TrackingEvent.from_easypost("in_transit", T0, status_detail="x").code == "in_transit/x"
    assert TrackingEvent.from_17track("InfoReceived", T0).code == "InfoReceived"


# ---------------------------------------------------------------- properties

SYMPTOMS = st.sampled_from(list(Symptom))
VIEWS = st.sampled_from(
    [
        None,
        ORDER,
        SUBMITTED,
        CARRIER_OK,
        with_address(SUBMITTED, postal_code="10151"),
        with_address(CARRIER_OK, city="Bremen"),
        with_address(CARRIER_OK, country="FR"),
        attrs.evolve(SUBMITTED, tracking_number="RB123456786GB"),
    ]
)
EVENTS = st.lists(
    st.builds(
        TrackingEvent,
        SYMPTOMS,
        st.integers(0, 24 * 30).map(at),
        st.sampled_from([None, None, "DE", "US"]),
    ),
    max_size=6,
)
INCIDENTS = st.builds(
    Incident,
    platform_order=VIEWS,
    seller_submitted=VIEWS,
    carrier_record=VIEWS,
    events=EVENTS,
    inspection=st.none()
    | st.builds(
        Inspection,
        st.none() | st.booleans(),
        st.none() | st.booleans(),
        st.none() | st.sampled_from(list(DamageSeen)),
    ),
    submit_failure=st.none() | st.sampled_from(list(SubmitFailure)),
    platform_tracking_missing_since=st.none() | st.just(at(24)),
    tracking_known_to_carrier=st.none() | st.booleans(),
    handover_proof=st.booleans(),
    placed_at=st.none() | st.integers(0, 72).map(at),
    handed_over_at=st.none() | st.integers(0, 24 * 6).map(at),
    as_of=st.none() | st.integers(24, 24 * 20).map(at),
    deadlines=st.none() | st.just(DEADLINES),
)


@given(INCIDENTS)
def test_diagnosis_is_deterministic(incident: Incident) -> None:
    """The same facts, given twice or with events in another order, give the same diagnosis."""
    first = classify(incident)
    assert classify(incident) == first
    shuffled = attrs.evolve(incident, events=tuple(reversed(incident.events)))
    same_times = len({e.at for e in incident.events}) == len(incident.events)
    if same_times:
        assert classify(shuffled) == first


@given(INCIDENTS)
def test_diagnosis_is_consistent(incident: Incident) -> None:
    """Scores sum the clues; a decided cause leads; an open one names its deciding check."""
    dx = classify(incident)
    sums: dict[Cause, int] = {}
    for clue in dx.clues:
        sums[clue.cause] = sums.get(clue.cause, 0) + clue.weight
    assert {c.cause: c.score for c in dx.candidates} == sums
    assert [c.score for c in dx.candidates] == sorted(
        (c.score for c in dx.candidates), reverse=True
    )
    assert set(dx.rules_fired) >= {c.rule for c in dx.clues} | {
        c.rule for c in dx.checks if c.rule != "classify"
    }
    route = DEFAULT_ROUTES[dx.cause]
    assert (dx.contact_first, dx.evidence_to_request, dx.start_stage) == (
        route.contact_first,
        route.evidence,
        route.start_stage,
    )
    if dx.decided:
        assert dx.candidates[0].cause is dx.cause
        assert dx.deciding_check is None
    else:
        assert dx.deciding_check is not None


@given(INCIDENTS, st.integers(0, 24 * 30), st.integers(1, 48))
def test_unrelated_facts_do_not_change_the_cause(
    incident: Incident, label_hour: int, later: int
) -> None:
    """A label-printed event, or one more in-transit scan after custody began, changes nothing."""
    cause = classify(incident).cause
    extra = [TrackingEvent(Symptom.INFO_RECEIVED, at(label_hour))]
    accepted = incident.accepted_at
    if accepted is not None and Symptom.IN_TRANSIT in incident.symptoms:
        extra.append(TrackingEvent(Symptom.IN_TRANSIT, accepted + dt.timedelta(hours=later)))
    more = attrs.evolve(incident, events=(*incident.events, *extra))
    assert classify(more).cause is cause


@pytest.mark.parametrize("cause", list(Cause))
def test_every_cause_is_reachable_from_random_incidents(cause: Cause) -> None:
    """Hypothesis finds an incident for every cause among randomly built ones.

    Derandomized: a rare cause (customs) was missed by one random search in 5,000 examples,
    so the search is the same on every run, as in CI.
    """
    found = find(
        INCIDENTS,
        lambda incident: classify(incident).cause is cause,
        settings=settings(max_examples=5000, database=None, derandomize=True),
    )
    assert classify(found).cause is cause


def test_default_policy_is_the_documented_one() -> None:
    """Five working days, decide at 50, lead by 30."""
    assert (
        DEFAULT_POLICY.online_window_days,
        DEFAULT_POLICY.decide_at,
        DEFAULT_POLICY.margin,
    ) == (5, 50, 30)


def test_diagnosis_message_names_cause_and_party() -> None:
    """The one-sentence summary names cause and party in both languages."""
    dx: Diagnosis = classify(Incident(submit_failure="platform_error"))
    assert dx.message() == "Cause: the platform. Contact platform support first."
    assert dx.message("zh-CN") == "责任方：平台。请先联系平台客服。"


@pytest.mark.parametrize("symptom", list(Symptom))
def test_every_symptom_has_words_in_both_languages(symptom: Symptom) -> None:
    """A clue names symptoms in the reader's language, never by their machine value."""
    texts = CATALOG[f"classify.symptom.{symptom.value}"]
    assert all(text.strip() for text in texts.values())
    t = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
    for clue in classify(Incident(events=(TrackingEvent(symptom, t),))).clues:
        if "_" in symptom.value:  # a raw value would show its underscore
            assert symptom.value not in clue.message("zh-CN")


# ------------------------------------------------- AfterShip sub-statuses announced for 2026


@pytest.mark.parametrize(
    ("code", "symptom"),
    [
        ("Exception_018", Symptom.CUSTOMS_HOLD),
        ("Exception_019", Symptom.DELAYED),  # late flight: the flight's own cause is unstated
        ("Exception_020", Symptom.CANCELLED),
        ("Exception_021", Symptom.EXCEPTION),  # disposed: prohibited, damaged or undeliverable
    ],
)
def test_aftership_2026_sub_statuses(code: str, symptom: Symptom) -> None:
    """AfterShip's 2026 exception sub-statuses map as its help centre describes them."""
    assert aftership_symptom(code) is symptom
    assert maps.AFTERSHIP[code] is symptom  # listed, not a parent-tag fallback


@pytest.mark.parametrize(
    ("code", "symptom"),
    [
        ("Exception_019", Symptom.DELAYED),
        ("Exception_020", Symptom.CANCELLED),
        ("Exception_021", Symptom.EXCEPTION),
    ],
)
def test_aftership_2026_sub_statuses_blame_nobody_and_ask_the_carrier(
    code: str, symptom: Symptom
) -> None:
    """A late flight, a cancellation or a disposal names no party: ask the carrier why."""
    dx = classify(Incident(events=(ev("accepted", 0), TrackingEvent.from_aftership(code, at(40)))))
    assert dx.cause is Cause.UNDETERMINED
    assert not dx.clues
    asked = {dict(c.facts).get("symptom") for c in dx.checks if c.rule == "ask_carrier"}
    assert symptom.value in asked


def test_aftership_late_flight_makes_a_late_handover_late() -> None:
    """A late-flight delay counts as lateness, so a handover after both limits is the seller's."""
    incident = Incident(
        deadlines=DEADLINES,
        handed_over_at=at(24 * 4),
        events=(ev("accepted", 24 * 4), TrackingEvent.from_aftership("Exception_019", at(24 * 6))),
    )
    assert classify(incident).cause is Cause.SELLER
    on_time = attrs.evolve(incident, handed_over_at=at(2))
    assert classify(on_time).cause is not Cause.SELLER


# ------------------------------------------------- every provider code, with its source

CODES = Path(__file__).resolve().parent / "fixtures" / "provider-codes"


def _rows(name: str) -> list[tuple[str, str]]:
    import csv  # noqa: PLC0415

    with (CODES / name).open(encoding="utf-8", newline="") as handle:
        return [(row[0], row[1]) for row in list(csv.reader(handle))[1:]]


AFTERSHIP_ROWS = _rows("aftership.csv")
EASYPOST_ROWS = _rows("easypost.csv")
TRACK17_ROWS = _rows("17track.csv")
EASYPOST_STATUSES = [status for status, detail in EASYPOST_ROWS if not detail]
EASYPOST_DETAILS = [detail for status, detail in EASYPOST_ROWS if detail]


def test_the_code_lists_are_complete_and_documented() -> None:
    """The copied lists hold the counts their provenance note states, and the note is there."""
    assert len(AFTERSHIP_ROWS) == 9 + 52
    assert (len(EASYPOST_STATUSES), len(EASYPOST_DETAILS)) == (10, 28)
    assert len(TRACK17_ROWS) == 9 + 30
    assert "source" in (CODES / "PROVENANCE.md").read_text("utf-8")


def _blames(event: TrackingEvent) -> set[Cause]:
    """Causes any clue names, for the event alone and after an acceptance scan."""
    before = TrackingEvent(Symptom.ACCEPTED, event.at - dt.timedelta(hours=30))
    causes: set[Cause] = set()
    for events in ((event,), (before, event)):
        dx = classify(Incident(events=events))
        causes |= {clue.cause for clue in dx.clues if clue.weight}
        assert dx.cause in causes | {Cause.UNDETERMINED}
    return causes


def _check_listed(found: SymptomMatch, event: TrackingEvent) -> None:
    assert found.match is CodeMatch.LISTED, found
    assert found.symptom is event.symptom
    assert _blames(event) <= maps.SYMPTOM_CAUSES.get(event.symptom, frozenset()), found


@pytest.mark.parametrize(("tag", "subtag"), AFTERSHIP_ROWS)
def test_every_aftership_code_is_listed_and_blames_only_its_named_parties(
    tag: str, subtag: str
) -> None:
    """Each AfterShip tag and subtag is in the tables and blames only the parties they name."""
    code = subtag or tag
    assert code.partition("_")[0] == tag
    _check_listed(match_symptom("aftership", code), TrackingEvent.from_aftership(code, T0))


@pytest.mark.parametrize("status", EASYPOST_STATUSES)
@pytest.mark.parametrize("detail", [None, *EASYPOST_DETAILS])
def test_every_easypost_pair_is_listed_and_blames_only_its_named_parties(
    status: str, detail: str | None
) -> None:
    """Every EasyPost status, alone or with any status_detail, reads without a fallback."""
    event = TrackingEvent.from_easypost(status, T0, status_detail=detail)
    _check_listed(match_symptom(TrackingProvider.EASYPOST, status, detail), event)


@pytest.mark.parametrize(("main", "sub"), TRACK17_ROWS)
def test_every_17track_code_is_listed_and_blames_only_its_named_parties(
    main: str, sub: str
) -> None:
    """Each 17TRACK main and sub-status is in the tables and blames only the parties named."""
    code = sub or main
    assert code.partition("_")[0] == main
    _check_listed(match_symptom("17track", code), TrackingEvent.from_17track(code, T0))


def test_the_tables_list_exactly_the_documented_codes() -> None:
    """No table row lacks a source row, and none of the listed codes is missing from a table."""
    assert set(maps.AFTERSHIP) == {sub for _, sub in AFTERSHIP_ROWS if sub}
    assert set(maps.AFTERSHIP_TAGS) == {tag for tag, sub in AFTERSHIP_ROWS if not sub}
    assert set(maps.EASYPOST_STATUS) == set(EASYPOST_STATUSES)
    assert set(maps.EASYPOST_STATUS_DETAIL) == set(EASYPOST_DETAILS)
    assert set(maps.TRACK17) == {sub for _, sub in TRACK17_ROWS if sub}
    assert set(maps.TRACK17_MAIN) == {main for main, sub in TRACK17_ROWS if not sub}


@pytest.mark.parametrize(
    ("provider", "code", "detail", "symptom", "match"),
    [
        ("aftership", "Exception_013", None, Symptom.LOST, CodeMatch.LISTED),
        ("aftership", "Exception_014", None, Symptom.EXCEPTION, CodeMatch.PARENT),
        ("aftership", "Teleported_001", None, Symptom.OTHER, CodeMatch.UNKNOWN),
        ("aftership", "", None, Symptom.OTHER, CodeMatch.UNKNOWN),
        ("17track", "Exception_Held", None, Symptom.EXCEPTION, CodeMatch.PARENT),
        ("17track", "Delivered", None, Symptom.DELIVERED, CodeMatch.LISTED),
        ("easypost", "in_transit", "drone_dropped", Symptom.IN_TRANSIT, CodeMatch.PARENT),
        ("easypost", "teleported", None, Symptom.OTHER, CodeMatch.UNKNOWN),
        ("easypost", "teleported", "lost", Symptom.LOST, CodeMatch.PARENT),
        ("easypost", "delivered", "null", Symptom.DELIVERED, CodeMatch.LISTED),
    ],
)
def test_match_symptom_says_whether_a_code_is_known(
    provider: str, code: str, detail: str | None, symptom: Symptom, match: CodeMatch
) -> None:
    """Unknown codes read as their parent (or OTHER) and are flagged; nothing raises."""
    found = match_symptom(provider, code, detail)
    assert (found.symptom, found.match) == (symptom, match)
    assert found.flagged is (match is not CodeMatch.LISTED)
    assert (found.provider.value, found.code, found.detail) == (provider, code, detail)


@pytest.mark.parametrize(
    "call",
    [
        lambda: match_symptom("ups", "Delivered"),
        lambda: match_symptom("aftership", None),
        lambda: match_symptom("easypost", "delivered", 3),
    ],
)
def test_match_symptom_refuses_what_is_not_a_code(call: Callable[[], object]) -> None:
    """A provider it does not know, or a code that is not text, is an error naming the field."""
    with pytest.raises(HalfManagedError):
        call()


# ------------------------------------------------- a payload that contradicts itself


@pytest.mark.parametrize(
    ("reported", "latest", "contradicts"),
    [
        (Symptom.RETURNED, Symptom.DELIVERED, True),
        (Symptom.DELIVERED, Symptom.IN_TRANSIT, True),
        (Symptom.IN_TRANSIT, Symptom.DELIVERED, True),
        (Symptom.LOST, Symptom.OUT_FOR_DELIVERY, True),
        (Symptom.RETURNING, Symptom.RETURNED, False),
        (Symptom.EXCEPTION, Symptom.CUSTOMS_HOLD, False),
        (Symptom.DELIVERED, Symptom.DELIVERED, False),
    ],
)
def test_a_reported_status_that_contradicts_the_scans_is_a_clue(
    reported: Symptom, latest: Symptom, contradicts: bool
) -> None:
    """The diagnosis follows the scans; a contradicting top-level status is said, not scored."""
    events = (ev("accepted", 0), TrackingEvent(latest, at(50)))
    plain = classify(Incident(events=events))
    dx = classify(Incident(events=events, reported_status=reported))
    noted = [c for c in dx.clues if c.code is ClueCode.REPORTED_STATUS_CONTRADICTS]
    assert bool(noted) is contradicts
    assert (dx.cause, dx.candidates, dx.checks) == (plain.cause, plain.candidates, plain.checks)
    if contradicts:
        (clue,) = noted
        assert (clue.weight, clue.cause) == (0, Cause.UNDETERMINED)
        assert clue.fields == {
            "reported": reported.value,
            "latest": latest.value,
            "at": "2026-03-04T11:00+00:00",
        }
        text = clue.message("zh-CN")
        assert CATALOG[f"classify.symptom.{reported.value}"]["zh-CN"] in text
        assert "_" not in clue.message("en").replace("2026", "")


def test_the_returned_but_delivered_payload_reads_as_delivered() -> None:
    """Top-level 'returned to sender' with a last checkpoint 'delivered' is no return case."""
    dx = classify(
        Incident(
            platform_order=ORDER,
            seller_submitted=SUBMITTED,
            carrier_record=CARRIER_OK,
            events=(
                TrackingEvent.from_aftership("InTransit_002", at(0)),
                TrackingEvent.from_aftership("Delivered_001", at(70)),
            ),
            reported_status=aftership_symptom("Exception_011"),
        )
    )
    assert "address_all_agree_undeliverable" not in dx.rules_fired
    assert [c.rule for c in dx.clues] == ["reported_status_contradicts"]
    assert "returned to sender" in dx.clues[0].message()


def test_a_reported_status_without_events_is_not_read_as_one() -> None:
    """With no scans there is nothing to contradict, and the top-level status blames nobody."""
    dx = classify(Incident(reported_status=Symptom.LOST))
    assert dx.clues == ()
    assert dx.cause is Cause.UNDETERMINED


# ------------------------------------------------- values survive pickle and deepcopy


def test_every_classify_value_survives_pickle_and_deepcopy() -> None:
    """Incidents, diagnoses, clues, checks, rules, routes and policies copy to equal values."""
    import copy  # noqa: PLC0415
    import pickle  # noqa: PLC0415

    routes = dict(DEFAULT_ROUTES)
    routes[Cause.BUYER] = Route("carrier", ("tracking_history",), "carrier_contacted")
    incident = next(i for n, i, _, _ in CASES if n == "seller-postcode-typo")
    dx = classify(attrs.evolve(incident, reported_status=Symptom.DELIVERED, calendar=PLAIN))
    values: list[object] = [
        incident,
        attrs.evolve(incident, deadlines=DEADLINES, as_of=at(100)),
        dx,
        *dx.clues,
        *dx.checks,
        *dx.candidates,
        DEFAULT_POLICY,
        ClassifierPolicy(online_window_days=7, routes=routes),
        DEFAULT_ROUTES[Cause.SELLER],
        *DEFAULT_RULES,
        Inspection(goods_match=False, damage="unknown_when"),
        TrackingEvent.from_easypost("in_transit", T0, status_detail="x", country="DE"),
        match_symptom("aftership", "Exception_099"),
        ClueCode.CUSTOM,
        CheckCode.GATHER,
    ]
    for value in values:
        for copied in (pickle.loads(pickle.dumps(value)), copy.deepcopy(value)):
            assert copied == value, value
            assert type(copied) is type(value)
    policy = pickle.loads(pickle.dumps(ClassifierPolicy(routes=routes)))
    assert classify(Incident(events=(ev("refused", 5),)), policy=policy).contact_first is (
        Party.CARRIER
    )
