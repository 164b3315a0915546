"""The report's settings: a TOML policy file (read with ``tomllib``) and the flags over it.

Every key is documented in ``docs/report.md``. Unknown keys are refused by name, so a typo is
never silently ignored.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Final

import attrs

from halfmanaged._cli_zones import zone_for
from halfmanaged.calendar import WorkingCalendar
from halfmanaged.errors import HalfManagedError, InvalidFieldError, InvalidPolicyError
from halfmanaged.report import Thresholds
from halfmanaged.shipping import (
    Money,
    PenaltySchedule,
    PenaltyTier,
    RouteRule,
    ShippingPolicy,
    TransitTime,
)

_TOP_KEYS: Final = frozenset(
    {
        "promise_days",
        "pickup_cutoff",
        "order_cutoff",
        "self_delivery_window_hours",
        "tracking_grace_hours",
        "home_country",
        "require_overseas_warehouse",
        "transit",
        "transit_by_region",
        "penalties",
        "routes",
        "report",
        "thresholds",
        "warehouses",
        "destinations",
    }
)
_WAREHOUSE_KEYS: Final = frozenset(
    {"country", "subdivision", "timezone", "closures", "weekend", "ships_from"}
)
_DURATION: Final = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(m|min|h|d)\s*$")


@attrs.frozen
class Settings:
    """The policy, warehouses and report settings of one run."""

    policy: ShippingPolicy
    warehouses: Mapping[str, WorkingCalendar] = attrs.field(factory=dict)
    destination_zones: Mapping[str, str] = attrs.field(factory=dict)
    thresholds: Thresholds = attrs.field(factory=Thresholds)
    as_of: dt.datetime | None = None
    horizon: dt.timedelta | None = None
    # AliExpress "Ships From" names of each warehouse: name -> warehouse key.
    aliases: Mapping[str, str] = attrs.field(factory=dict)


def parse_duration(text: str, flag: str) -> dt.timedelta:
    """Return ``24h``, ``90m`` or ``2d`` as a timedelta."""
    match = _DURATION.match(text)
    if match is None:
        raise InvalidFieldError(flag, text, "expected a duration such as 24h, 90m or 2d")
    amount = float(match.group(1))
    unit = match.group(2)
    if unit == "d":
        return dt.timedelta(days=amount)
    if unit == "h":
        return dt.timedelta(hours=amount)
    return dt.timedelta(minutes=amount)


def _time_of_day(field: str, value: object) -> dt.time:
    if isinstance(value, dt.time):
        return value
    if isinstance(value, str):
        try:
            return dt.time.fromisoformat(value)
        except ValueError:
            pass
    raise InvalidPolicyError(field, value, 'expected a local time such as "15:00"')


def _check_keys(table: Mapping[str, Any], allowed: frozenset[str], where: str) -> None:
    unknown = sorted(set(table) - allowed)
    if unknown:
        raise InvalidPolicyError(
            where, unknown[0], f"unknown key; known: {', '.join(sorted(allowed))}"
        )


def _calendar(key: str, table: Mapping[str, Any]) -> WorkingCalendar:
    if not isinstance(table, Mapping):
        raise InvalidPolicyError(f"warehouses.{key}", table, "expected a table")
    _check_keys(table, _WAREHOUSE_KEYS, f"warehouses.{key}")
    country = table.get("country")
    if not isinstance(country, str):
        raise InvalidPolicyError(f"warehouses.{key}.country", country, "expected a country code")
    zone = table.get("timezone") or zone_for(country.upper())
    closures: dict[dt.date, str] = {}
    for day, name in dict(table.get("closures", {})).items():
        try:
            closures[dt.date.fromisoformat(str(day))] = str(name)
        except ValueError:
            raise InvalidPolicyError(
                f"warehouses.{key}.closures", day, "expected a date"
            ) from None
    return WorkingCalendar.for_country(
        country.upper(),
        timezone=zone,
        subdiv=table.get("subdivision"),
        weekend=table.get("weekend"),
        closures=closures,
    )


def _money(field: str, value: object) -> Money:
    if not isinstance(value, Mapping):
        raise InvalidPolicyError(field, value, "expected {amount = ..., currency = ...}")
    return Money(str(value.get("amount")), str(value.get("currency")))


def _penalties(table: Mapping[str, Any]) -> PenaltySchedule:
    tiers = [
        PenaltyTier(
            raw.get("from_working_days"),
            percent=None if raw.get("percent") is None else str(raw["percent"]),
            fixed=_money("fixed", raw["fixed"]) if "fixed" in raw else None,
            cap=_money("cap", raw["cap"]) if "cap" in raw else None,
        )
        for raw in table.get("tiers", [])
    ]
    return PenaltySchedule(tiers, exempt_force_majeure=table.get("exempt_force_majeure", True))


def _routes(table: Mapping[str, Any]) -> tuple[RouteRule, ...]:
    rules = [RouteRule(str(carrier)) for carrier in table.get("carriers", [])]
    rules.extend(
        RouteRule(
            raw["carrier"],
            services=raw.get("services"),
            origins=raw.get("origins"),
            destinations=raw.get("destinations"),
        )
        for raw in table.get("rules", [])
    )
    return tuple(rules)


def _as_of(value: object) -> dt.datetime:
    if isinstance(value, dt.datetime) and value.utcoffset() is not None:
        return value
    raise InvalidPolicyError("report.as_of", value, "expected a time with a UTC offset")


def settings_from(table: Mapping[str, Any], *, promise_days: int | None = None) -> Settings:
    """Build the settings from a parsed policy table (flags applied by the caller)."""
    _check_keys(table, _TOP_KEYS, "policy")
    hours = dt.timedelta(hours=1)
    transit = table.get("transit", {})
    policy = ShippingPolicy(
        promise_days=promise_days if promise_days is not None else table.get("promise_days", 2),
        pickup_cutoff=_time_of_day("pickup_cutoff", table.get("pickup_cutoff", "15:00")),
        order_cutoff=(
            _time_of_day("order_cutoff", table["order_cutoff"])
            if "order_cutoff" in table
            else None
        ),
        self_delivery_window=hours * table.get("self_delivery_window_hours", 48),
        tracking_grace=hours * table.get("tracking_grace_hours", 0),
        transit=TransitTime(transit.get("min_days", 2), transit.get("max_days", 5)),
        transit_by_region={
            region: TransitTime(t.get("min_days", 2), t.get("max_days", 5))
            for region, t in table.get("transit_by_region", {}).items()
        },
        penalties=_penalties(table.get("penalties", {})),
        routes=_routes(table.get("routes", {})),
        home_country=table.get("home_country", "CN"),
        require_overseas_warehouse=table.get("require_overseas_warehouse", True),
    )
    warehouses = {
        str(key): _calendar(str(key), value) for key, value in table.get("warehouses", {}).items()
    }
    zones = {
        str(country).upper(): str(value.get("timezone"))
        for country, value in table.get("destinations", {}).items()
    }
    thresholds = Thresholds(**table.get("thresholds", {}))
    report = table.get("report", {})
    aliases = {
        str(name): str(key)
        for key, value in table.get("warehouses", {}).items()
        for name in value.get("ships_from", [])
    }
    return Settings(
        policy,
        warehouses,
        zones,
        thresholds,
        as_of=_as_of(report["as_of"]) if "as_of" in report else None,
        horizon=parse_duration(str(report["horizon"]), "report.horizon")
        if "horizon" in report
        else None,
        aliases=aliases,
    )


def read_settings(path: Path | None, text: str | None, *, promise_days: int | None) -> Settings:
    """Read a policy file (or text), raising :class:`InvalidPolicyError` with what is wrong."""
    if text is None:
        if path is None:
            return settings_from({}, promise_days=promise_days)
        text = path.read_text(encoding="utf-8")
    try:
        table = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise InvalidPolicyError("policy", str(path), f"not valid TOML: {error}") from None
    try:
        return settings_from(table, promise_days=promise_days)
    except HalfManagedError:
        raise
    except (TypeError, ValueError, KeyError, AttributeError) as error:
        raise InvalidPolicyError("policy", str(path), f"unusable value: {error!r}") from None
