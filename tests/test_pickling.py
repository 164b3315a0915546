"""Values and errors cross process boundaries: pickle, deepcopy, and a worker's error."""

from __future__ import annotations

import concurrent.futures
import copy
import datetime as dt
import inspect
import json
import pickle
import zoneinfo
from collections.abc import Callable
from pathlib import Path

import attrs
import pytest

import halfmanaged as hm
from halfmanaged import aliexpress, errors, feeds, testing

FIXTURES = Path(__file__).parent / "fixtures"

BERLIN = hm.WorkingCalendar.for_country("DE", timezone="Europe/Berlin")
T0 = dt.datetime(2026, 11, 23, 10, 0, tzinfo=zoneinfo.ZoneInfo("Europe/Berlin"))
POLICY = hm.ShippingPolicy(
    promise_days=2,
    transit_by_region={"FR": hm.TransitTime(1, 3)},
    routes=(hm.RouteRule("dhl", origins={"DE"}),),
    penalties=hm.PenaltySchedule([hm.PenaltyTier(1, percent="5")]),
)
ORDER = hm.Order("A1", T0, BERLIN, value=hm.Money("20.00", "EUR"))
LATE = testing.late_record(ORDER, POLICY, by=dt.timedelta(days=2))
ASSESSMENT = hm.evaluate(ORDER, POLICY, LATE, as_of=T0 + dt.timedelta(days=10))
INFO = hm.OrderInfo(
    recipient="Max Muster",
    address=hm.Address(country="DE", city="Berlin", postal_code="10115", lines=("Str. 1",)),
    phone="+49 30 123456",
    items=(hm.Item("SKU-1", 1),),
    carrier="dhl",
    tracking_number="RB123456785GB",
)
OTHER = attrs.evolve(INFO, phone="+49 30 654321")
INCIDENT = hm.Incident(
    platform_order=INFO,
    seller_submitted=OTHER,
    events=(hm.TrackingEvent(hm.Symptom.DAMAGED, T0 + dt.timedelta(days=3)),),
)
DIAGNOSIS = hm.classify(INCIDENT)
CASE = testing.open_case(at=T0, calendar=BERLIN)
PROOF = tuple(
    hm.Evidence(kind, f"ref-{kind.value}", hm.Party.HANDLER, T0) for kind in hm.EvidenceKind
)
LATER = CASE.apply(
    hm.Action.ADD_EVIDENCE, at=T0 + dt.timedelta(hours=1), by="ops", evidence=PROOF
).apply(hm.Action.ESCALATE, at=T0 + dt.timedelta(hours=2), by="ops")
TICK = LATER.tick(T0 + dt.timedelta(days=30))
STALLED = CASE.tick(T0 + dt.timedelta(days=9))  # the carrier's stage past its SLA escalates
BLOCKER = LATER.available_actions(T0 + dt.timedelta(hours=3))[0].blockers[0]


def _json(name: str) -> object:
    return json.loads((FIXTURES / "aliexpress" / name).read_text(encoding="utf-8"))


def _values() -> dict[str, object]:
    """One real instance of every public value type, built through the public API."""
    deadlines = hm.compute_deadlines(ORDER, POLICY)
    platform = hm.PlatformDeadline(T0 + dt.timedelta(days=2), hm.DeadlineSource.OVER_TIME_LEFT)
    held = attrs.evolve(
        ORDER,
        holds=(hm.Hold(hm.HoldReason.CANCEL_REQUEST, T0, T0 + dt.timedelta(hours=5)),),
        platform_deadline=platform,
    )
    split = hm.evaluate(held, POLICY, [LATE, LATE], as_of=T0 + dt.timedelta(days=10))
    page = aliexpress.read_orders(_json("order_detail_two_parcels.json"))
    bad_page = aliexpress.read_orders(_json("bad_page.json"))
    ali = page.orders[0]
    cancel = _json("cancel_request.json")
    assert isinstance(cancel, dict)
    change = aliexpress.read_status_message(cancel["messages"][0])
    cancelled = aliexpress.read_order(cancel["detail"])
    feed = feeds.read_17track(
        (FIXTURES / "feeds" / "project" / "17track-cn-to-de.json").read_bytes()
    )
    found = {
        "WorkingCalendar": BERLIN,
        "ShippingPolicy": POLICY,
        "Order": ORDER,
        "ShipmentRecord": LATE,
        "Deadlines": deadlines,
        "Assessment": ASSESSMENT,
        "Violation": ASSESSMENT.violations[0],
        "Deadline": hm.evaluate(ORDER, POLICY, None, as_of=T0).next_deadline,
        "Progress": ASSESSMENT.progress,
        "Money": hm.Money("1.50", "EUR"),
        "PenaltySchedule": POLICY.penalties,
        "PenaltyTier": POLICY.penalties.tiers[0],
        "TransitTime": hm.TransitTime(1, 3),
        "RouteRule": POLICY.routes[0],
        "OrderInfo": INFO,
        "Address": INFO.address,
        "Item": INFO.items[0],
        "Finding": hm.check_order_info(attrs.evolve(INFO, tracking_number="XX"))[0],
        "Discrepancy": hm.reconcile(INFO, OTHER, None)[0],
        "TrackingResult": hm.validate_tracking_number("RB123456785GB", carrier="s10"),
        "Incident": INCIDENT,
        "TrackingEvent": INCIDENT.events[0],
        "Inspection": hm.Inspection(goods_match=True, quantity_match=False),
        "Diagnosis": DIAGNOSIS,
        "Clue": DIAGNOSIS.clues[0],
        "Candidate": DIAGNOSIS.candidates[0],
        "ClassifierPolicy": hm.ClassifierPolicy(),
        "ResolutionCase": LATER,
        "Event": LATER.history[-1],
        "Evidence": hm.Evidence(hm.EvidenceKind.PARCEL_PHOTOS, "p-1", hm.Party.CARRIER, T0),
        "ActionCheck": LATER.available_actions(T0 + dt.timedelta(hours=3))[0],
        "Blocker": BLOCKER,
        "TickReport": TICK,
        "Breach": TICK.breaches[0],
        "Escalation": STALLED.escalations[0],
        "WorkflowPolicy": hm.WorkflowPolicy(),
        "Sla": hm.Sla.working_hours(8),
        "Hold": held.holds[0],
        "PlatformDeadline": platform,
        "DeadlineDrift": hm.compare_deadlines(deadlines, platform),
        "ParcelAssessment": split.parcels[0],
        "AliExpressOrder": ali,
        "OrderLine": ali.lines[0],
        "Parcel": ali.parcels[0],
        "OrderPage": page,
        "PayloadProblem": bad_page.problems[0],
        "ShippingInput": ali.to_shipping({"DE": BERLIN}, warehouse="DE"),
        "Span": (cancelled.cancel_requests or (None,))[0],
        "StatusChange": change,
        "TrackingFeed": feed,
        "FeedEvent": feed.records[0],
        "FeedNote": feed.notes()[0],
        "SymptomMatch": hm.match_symptom("aftership", "Exception_007"),
    }
    return {name: value for name, value in found.items() if value is not None}


VALUES = _values()


def _public_value_types() -> list[str]:
    return sorted(
        name
        for module in (hm, aliexpress, feeds)
        for name in module.__all__
        if isinstance(getattr(module, name), type) and attrs.has(getattr(module, name))
    )


def test_every_public_value_type_has_a_sample() -> None:
    """A new public value cannot skip the round trip."""
    assert [name for name in _public_value_types() if name not in VALUES] == []


@pytest.mark.parametrize("name", sorted(VALUES))
@pytest.mark.parametrize("clone", [pickle.loads, copy.deepcopy], ids=["pickle", "deepcopy"])
def test_values_round_trip(name: str, clone: Callable[[object], object]) -> None:
    """pickle and deepcopy give an equal value of the same type, with the same answers."""
    value = VALUES[name]
    data = pickle.dumps(value) if clone is pickle.loads else value
    again = clone(data)
    assert type(again) is type(value)
    assert again == value
    if callable(getattr(value, "message", None)):
        assert again.message() == value.message()  # type: ignore[attr-defined]


def test_a_copied_calendar_gives_the_same_answers_as_the_original() -> None:
    """Caches are not carried across: a copy computes its own, equal, answers."""
    warm = hm.WorkingCalendar.for_country("PL", timezone="Europe/Warsaw")
    warm.add_working_days(dt.date(2026, 12, 23), 3)
    cold = pickle.loads(pickle.dumps(warm))
    day = dt.date(2031, 12, 23)
    assert cold.add_working_days(day, 3) == warm.add_working_days(day, 3)
    assert hm.compute_deadlines(attrs.evolve(ORDER, warehouse=cold), POLICY) == (
        hm.compute_deadlines(attrs.evolve(ORDER, warehouse=warm), POLICY)
    )


def _error_samples() -> list[errors.HalfManagedError]:
    """One instance of every error class, built from its documented arguments."""
    samples: dict[type[errors.HalfManagedError], errors.HalfManagedError] = {
        errors.HalfManagedError: errors.HalfManagedError("something went wrong"),
        errors.VersionConflictError: errors.VersionConflictError(expected=3, actual=4),
        errors.UnknownCountryError: errors.UnknownCountryError("XX", ["DE", "FR"]),
        errors.UnknownSubdivisionError: errors.UnknownSubdivisionError("DE", "ZZ", ["BY"]),
        errors.UnknownLocaleError: errors.UnknownLocaleError("fr", ["en", "zh-CN"]),
        errors.ActionRefusedError: errors.ActionRefusedError("appeal", "resolve", [BLOCKER]),
    }
    for name in errors.__all__:
        cls = getattr(errors, name)
        if cls in samples:
            continue
        params = list(inspect.signature(cls.__init__).parameters)[1:]
        fake: dict[str, object] = {
            "field": "promise_days",
            "value": 3,
            "reason": "must be 1 or 2",
            "expected": "int",
            "stage": "appeal",
            "action": "resolve",
            "reasons": ("missing evidence",),
            "path": "result.orders[0].gmt_create",
        }
        samples[cls] = cls(*(fake[p] for p in params))
    return list(samples.values())


@pytest.mark.parametrize("error", _error_samples(), ids=lambda e: type(e).__name__)
@pytest.mark.parametrize("clone", [pickle.loads, copy.deepcopy], ids=["pickle", "deepcopy"])
def test_errors_round_trip(
    error: errors.HalfManagedError, clone: Callable[[object], object]
) -> None:
    """An error comes back as the same class with the same fields and message."""
    again = clone(pickle.dumps(error) if clone is pickle.loads else error)
    assert type(again) is type(error)
    assert str(again) == str(error)
    assert vars(again) == vars(error)


def _refuse_a_promise(days: int) -> hm.ShippingPolicy:
    return hm.ShippingPolicy(promise_days=days)


def test_a_worker_raising_a_library_error_reports_it() -> None:
    """A ProcessPoolExecutor worker's InvalidPolicyError reaches the caller as that error."""
    with concurrent.futures.ProcessPoolExecutor(max_workers=1) as pool:
        future = pool.submit(_refuse_a_promise, 3)
        with pytest.raises(errors.InvalidPolicyError) as info:
            future.result(timeout=60)
        assert pool.submit(_refuse_a_promise, 2).result(timeout=60) == POLICY.__class__(2)
    assert info.value.field == "promise_days"
    assert info.value.value == 3


def test_a_worker_evaluates_an_order_like_the_parent() -> None:
    """Values sent to a worker and back give the parent's answers."""
    with concurrent.futures.ProcessPoolExecutor(max_workers=1) as pool:
        remote = pool.submit(hm.evaluate, ORDER, POLICY, LATE, as_of=T0 + dt.timedelta(days=10))
        assert remote.result(timeout=60) == ASSESSMENT
