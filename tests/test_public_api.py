"""The public names: nothing leaks into ``halfmanaged`` and nothing vanishes by accident."""

from __future__ import annotations

import types

import halfmanaged
from halfmanaged import errors

# Written out by hand: renaming or dropping one of these breaks callers, so it must be deliberate.
EXPECTED = {
    "Action", "ActionCheck", "Address", "Assessment", "Blocker", "BlockerCode", "Breach",
    "Candidate", "Cause", "CheckCode", "ClassifierPolicy", "ClockStart", "Clue", "ClueCode",
    "CodeMatch", "DamageSeen", "Deadline", "DeadlineDrift", "DeadlineKind", "DeadlineSource",
    "Deadlines", "Diagnosis", "Discrepancy", "EarlierDeadline", "Escalation", "Event",
    "Evidence", "EvidenceKind", "FieldGroup", "Finding", "FindingCode", "FulfilmentMode",
    "FulfilmentStep", "HalfManagedError", "Handler", "Hold", "HoldReason", "Incident",
    "Inspection", "Item", "JudgeBy", "Locale", "Money", "Order", "OrderField", "OrderInfo",
    "Outcome", "ParcelAssessment", "Party", "PenaltySchedule", "PenaltyTier",
    "PlatformDeadline", "Progress", "ResolutionCase", "RouteRule", "RuleCode",
    "SelfDeliveryFrom", "ShipmentRecord", "ShippingPolicy", "Sla", "SlaUnit", "Stage", "Status",
    "SubmitFailure", "Symptom", "SymptomMatch", "TickCode", "TickReport", "TrackingEvent",
    "TrackingProvider", "TrackingReason", "TrackingResult", "TransitTime", "View", "Violation",
    "WorkflowPolicy", "WorkingCalendar", "__version__", "carrier_code", "check_order_info",
    "check_shipment", "classify", "compare_deadlines", "compute_deadlines", "evaluate",
    "known_carriers", "match_symptom", "normalize_tracking_number", "reconcile",
    "select_discrepancies", "validate_tracking_number",
}  # fmt: skip

# The names other code relies on: the public contract, never renamed.
CONTRACT = {
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
    assert set(halfmanaged.__all__) >= CONTRACT
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


def test_adapters_are_imported_explicitly() -> None:
    """The readers of other systems' data live in their own modules, not the top level."""
    import halfmanaged.aliexpress  # noqa: PLC0415
    import halfmanaged.feeds  # noqa: PLC0415

    assert not {"read_orders", "read_feed", "TrackingFeed", "AliExpressOrder"} & set(
        dir(halfmanaged)
    )
