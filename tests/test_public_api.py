"""The public names: nothing leaks into ``halfmanaged`` and nothing vanishes by accident."""

from __future__ import annotations

import types

import halfmanaged
from halfmanaged import errors

# Written out by hand: renaming or dropping one of these breaks callers, so it must be deliberate.
EXPECTED = {
    "Action", "ActionCheck", "Address", "Assessment", "Blocker", "BlockerCode", "Breach", "Candidate", "Cause",
    "ClassifierPolicy", "Clue", "DamageSeen", "Deadline", "DeadlineKind", "Deadlines",
    "Diagnosis", "Discrepancy", "Escalation", "Event", "Evidence", "EvidenceKind", "FieldGroup",
    "Finding", "FindingCode", "FulfilmentMode", "FulfilmentStep", "HalfManagedError", "Handler",
    "Incident", "Inspection", "Item", "Locale", "Money", "Order", "OrderField", "OrderInfo",
    "Outcome", "Party", "PenaltySchedule", "PenaltyTier", "Progress", "ResolutionCase",
    "RouteRule", "RuleCode", "SelfDeliveryFrom", "ShipmentRecord", "ShippingPolicy", "Sla", "SlaUnit", "Stage",
    "Status", "SubmitFailure", "Symptom", "TickCode", "TickReport", "TrackingEvent", "TrackingReason",
    "TrackingResult", "TransitTime", "View", "Violation", "WorkflowPolicy", "WorkingCalendar",
    "__version__", "carrier_code", "check_order_info", "classify", "compute_deadlines",
    "evaluate", "known_carriers", "normalize_tracking_number", "reconcile",
    "select_discrepancies", "validate_tracking_number",
    # halfmanaged.shipping: holds, clock start, platform deadline, split shipments
    "ClockStart", "DeadlineDrift", "DeadlineSource", "EarlierDeadline", "Hold", "HoldReason",
    "JudgeBy", "ParcelAssessment", "PlatformDeadline", "compare_deadlines",
    # halfmanaged.classify and halfmanaged.checks: codes, provider-code look-up, shipped records
    "CheckCode", "ClueCode", "CodeMatch", "SymptomMatch", "TrackingProvider", "match_symptom",
    "check_shipment",
    # halfmanaged.feeds
    "FeedEvent", "FeedNote", "TimePlacement", "TrackingFeed", "merge_feeds", "read_17track",
    "read_aftership", "read_aftership_trackings", "read_easypost", "read_feed",
    "verify_17track", "verify_aftership", "verify_easypost",
    # halfmanaged.aliexpress
    "AliExpressOrder", "OrderPage", "OrderStage", "PayloadProblem", "StatusChange",
    "apply_status_changes", "read_order", "read_orders", "read_status_message",
}  # fmt: skip

# The names other code relies on: the public contract, never renamed.
DESIGN_CONTRACT = {
    "WorkingCalendar", "ShippingPolicy", "Order", "compute_deadlines", "evaluate",
    "ShipmentRecord", "validate_tracking_number", "check_order_info", "OrderInfo", "classify",
    "Incident", "Diagnosis", "Cause", "ResolutionCase", "HalfManagedError", "FulfilmentMode",
    "TransitTime", "RouteRule", "PenaltySchedule", "Evidence",
}  # fmt: skip


def test_all_is_the_expected_sorted_list() -> None:
    """``__all__`` is literal, sorted and exactly the names above."""
    assert list(halfmanaged.__all__) == sorted(halfmanaged.__all__)
    assert set(halfmanaged.__all__) == EXPECTED


def test_design_contract_names_are_exported() -> None:
    """Every name of the public contract is importable from the package."""
    assert set(halfmanaged.__all__) >= DESIGN_CONTRACT
    assert {
        "CARRIER",
        "SELLER",
        "PLATFORM",
        "UNDETERMINED",
    } <= halfmanaged.Cause.__members__.keys()


def test_nothing_else_leaks() -> None:
    """The package namespace holds the exports and its submodules, nothing more."""
    public = {name for name in vars(halfmanaged) if not name.startswith("_")}
    modules = {name for name in public if isinstance(getattr(halfmanaged, name), types.ModuleType)}
    assert public - modules == EXPECTED - {"__version__"}


def test_every_error_derives_from_the_base() -> None:
    """Every public error class in ``halfmanaged.errors`` is a HalfManagedError."""
    for name in errors.__all__:
        assert issubclass(getattr(errors, name), halfmanaged.HalfManagedError)
