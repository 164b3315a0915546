"""Which time zone a country's warehouse is in, when the command line is not told.

Never UTC by default: the command's own table names the usual zone of the countries most
warehouses are in; otherwise the IANA zone table (``zone.tab`` from the ``tzdata`` package or
the system's zoneinfo) decides when it lists exactly one zone for the country, and a country
with several zones needs ``--timezone``.
"""

from __future__ import annotations

import functools
import importlib.resources
from pathlib import Path
from typing import Final

from halfmanaged.errors import InvalidFieldError

# Countries with more than one IANA zone whose warehouses are almost all in one of them.
_USUAL_ZONES: Final = {
    "CN": "Asia/Shanghai",
    "DE": "Europe/Berlin",
    "ES": "Europe/Madrid",
    "FR": "Europe/Paris",
    "GB": "Europe/London",
    "PL": "Europe/Warsaw",
    "US": "America/New_York",
}

_SYSTEM_TABLES: Final = (
    Path("/usr/share/zoneinfo/zone.tab"),
    Path("/usr/share/lib/zoneinfo/zone.tab"),
    Path("/etc/zoneinfo/zone.tab"),
)


class AmbiguousZoneError(InvalidFieldError):
    """A country has several time zones (or none is known) and ``--timezone`` was not given."""

    def __init__(self, country: str, candidates: tuple[str, ...]) -> None:
        self.country = country
        self.candidates = candidates
        listed = ", ".join(candidates) if candidates else "none known"
        super().__init__("timezone", None, f"{country} has time zones {listed}; pass --timezone")


def _table_text() -> str | None:
    try:
        return (
            importlib.resources.files("tzdata")
            .joinpath("zoneinfo", "zone.tab")
            .read_text(encoding="utf-8")
        )
    except (ModuleNotFoundError, FileNotFoundError, OSError):
        pass
    for path in _SYSTEM_TABLES:
        try:
            return path.read_text(encoding="utf-8")
        except OSError:
            continue
    return None


@functools.cache
def zones_by_country() -> dict[str, tuple[str, ...]]:
    """Return every country's IANA zones, from ``zone.tab`` (empty if none is installed)."""
    text = _table_text()
    table: dict[str, list[str]] = {}
    for line in (text or "").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        parts = line.split("\t")
        if len(parts) >= 3:
            table.setdefault(parts[0], []).append(parts[2])
    return {country: tuple(zones) for country, zones in table.items()}


def zone_for(country: str) -> str:
    """Return the time zone of a warehouse in ``country``, or raise naming the candidates."""
    usual = _USUAL_ZONES.get(country)
    if usual is not None:
        return usual
    zones = zones_by_country().get(country, ())
    if len(zones) == 1:
        return zones[0]
    raise AmbiguousZoneError(country, zones)
