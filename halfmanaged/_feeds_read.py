"""Low-level reading for :mod:`halfmanaged.feeds`: JSON paths, provider times, provider codes.

Everything here takes plain JSON values and returns plain values; the public module builds its
value classes from them. Every shape error names the JSON path and the value found there
(:class:`~halfmanaged.errors.MalformedFeedError`). Import the public names from
:mod:`halfmanaged.feeds`.
"""

from __future__ import annotations

import datetime as dt
import enum
import json
import zoneinfo
from collections.abc import Mapping
from typing import Final, TypeAlias

from halfmanaged._iso3166 import ALIASES, alpha2, suggest_alpha2
from halfmanaged.errors import FieldTypeError, MalformedFeedError, UnknownTimezoneError

Json: TypeAlias = object
"""A value as ``json.loads`` returns it."""
Obj: TypeAlias = Mapping[str, object]

# Integrations that go through a language without null write the string "null" instead (the
# 17TRACK fixture in the tests has 59 of them); both mean "absent".
_ABSENT: Final = (None, "null", "")


# --------------------------------------------------------------------------- JSON shape


def load(payload: object) -> Obj:
    """Return the body as a JSON object: bytes and str are parsed, mappings taken as they are."""
    if isinstance(payload, Mapping):
        return payload
    if isinstance(payload, bytes | bytearray | memoryview):
        raw = bytes(payload)
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            raise MalformedFeedError("$", raw, f"not UTF-8 text ({error.reason})") from None
    elif isinstance(payload, str):
        text = payload
    else:
        raise FieldTypeError("payload", payload, "bytes, str or a mapping")
    try:
        value = json.loads(text)
    except json.JSONDecodeError as error:
        raise MalformedFeedError("$", payload, f"not JSON ({error.msg} at {error.pos})") from None
    except RecursionError:
        raise MalformedFeedError("$", payload, "nested too deeply to be a provider body") from None
    if not isinstance(value, Mapping):
        raise MalformedFeedError("$", value, "expected a JSON object")
    return value


def obj(value: Json, path: str) -> Obj:
    """Return ``value`` if it is a JSON object."""
    if not isinstance(value, Mapping):
        raise MalformedFeedError(path, value, "expected a JSON object")
    return value


def opt_obj(parent: Obj, key: str, path: str) -> Obj | None:
    """Return ``parent[key]`` as an object, or ``None`` when absent."""
    value = parent.get(key)
    if value in _ABSENT:
        return None
    return obj(value, f"{path}.{key}")


def items(parent: Obj, key: str, path: str) -> list[tuple[str, Obj]]:
    """Return the objects of the list ``parent[key]`` with their paths; absent is empty."""
    value = parent.get(key)
    if value in _ABSENT:
        return []
    where = f"{path}.{key}"
    if not isinstance(value, list):
        raise MalformedFeedError(where, value, "expected a JSON array")
    return [(f"{where}[{i}]", obj(item, f"{where}[{i}]")) for i, item in enumerate(value)]


def text(parent: Obj, key: str, path: str) -> str | None:
    """Return ``parent[key]`` as a stripped string; ``None``, ``""`` and ``"null"`` are absent."""
    value = parent.get(key)
    if value in _ABSENT:
        return None
    if not isinstance(value, str):
        raise MalformedFeedError(f"{path}.{key}", value, "expected a string or null")
    value = value.strip()
    return value or None


def label(parent: Obj, key: str, path: str) -> str | None:
    """Like :func:`text`, also taking a number (17TRACK's carrier codes are integers)."""
    value = parent.get(key)
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return text(parent, key, path)


# --------------------------------------------------------------------------- countries


def country(value: str | None) -> str | None:
    """Return the ISO alpha-2 code a feed's country field names, or ``None`` if it names none.

    Feeds send alpha-2 (EasyPost, 17TRACK) or alpha-3 (AfterShip's ``country_iso3``,
    ``country_region``). A value that names no country is left out, never guessed from.
    """
    if value is None:
        return None
    code = value.strip().upper()
    code = ALIASES.get(code, code)
    if len(code) == 2:
        return code if code in alpha2() else None
    if len(code) == 3 and code.isalpha():
        return suggest_alpha2(code)
    return None


# --------------------------------------------------------------------------- times


class TimePlacement(enum.StrEnum):
    """How an event's time was placed on the time line, or why it could not be.

    >>> TimePlacement("no_zone").placed
    False
    """

    OFFSET = "offset"
    """The time carried its own UTC offset."""
    PROVIDER_UTC = "provider_utc"
    """The provider documents the field as UTC (EasyPost ``datetime``, 17TRACK ``time_utc``)."""
    COUNTRY_ZONE = "country_zone"
    """A wall time, read in the zone the caller declared for the scan's country."""
    DECLARED_ZONE = "declared_zone"
    """A wall time, read in the zone the caller declared for the whole feed."""
    NO_TIME = "no_time"
    """The event has no time at all."""
    NO_ZONE = "no_zone"
    """A wall time without offset, and no zone declared for it."""
    AMBIGUOUS = "ambiguous"
    """A wall time that a daylight-saving switch repeats or skips in the declared zone."""
    UNREADABLE = "unreadable"
    """The time text is not a date and time of day."""

    @property
    def placed(self) -> bool:
        """Whether an event with this placement has a time on the time line.

        >>> TimePlacement.OFFSET.placed, TimePlacement.AMBIGUOUS.placed
        (True, False)
        """
        return self in _PLACED


_PLACED: Final = frozenset(
    {
        TimePlacement.OFFSET,
        TimePlacement.PROVIDER_UTC,
        TimePlacement.COUNTRY_ZONE,
        TimePlacement.DECLARED_ZONE,
    }
)


def to_zone(value: object, field: str) -> dt.tzinfo:
    """Return a ``tzinfo`` for an IANA name or a ``tzinfo`` the caller passed."""
    if isinstance(value, dt.tzinfo):
        return value
    if not isinstance(value, str):
        raise FieldTypeError(field, value, "an IANA time zone name or a tzinfo")
    try:
        return zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):  # OSError: a name too long
        raise UnknownTimezoneError(value) from None


def parse_time(raw: str) -> dt.datetime | None:
    """Return the datetime ``raw`` writes (naive or aware), or ``None`` if it is not one."""
    # A bare date says which day, not when: it cannot be placed against a deadline.
    if len(raw) < 13 or raw[10] not in "Tt ":
        return None
    try:
        return dt.datetime.fromisoformat(raw)
    except ValueError:
        return None


def _on_the_time_line(moment: dt.datetime) -> bool:
    # Times within a day of datetime's ends cannot be compared in UTC; no parcel scan is there.
    return _EARLIEST <= moment.date() <= _LATEST


_EARLIEST: Final = dt.date(1, 1, 2)
_LATEST: Final = dt.date(9999, 12, 30)


def localize(wall: dt.datetime, zone: dt.tzinfo) -> dt.datetime | None:
    """Return ``wall`` in ``zone``, or ``None`` when a DST switch repeats or skips that time."""
    first = wall.replace(tzinfo=zone, fold=0)
    second = wall.replace(tzinfo=zone, fold=1)
    if first.utcoffset() != second.utcoffset():
        return None
    return first


def place(
    raw: str | None,
    *,
    utc_fallback: str | None = None,
    provider_utc: bool = False,
    country_code: str | None = None,
    zone: dt.tzinfo | None = None,
    zones: Mapping[str, dt.tzinfo] | None = None,
) -> tuple[dt.datetime | None, TimePlacement, str | None]:
    """Place one provider time: (aware time or ``None``, how, the zone name used if any).

    The order, never guessing: the time's own offset; ``utc_fallback`` (a second field the
    provider documents as UTC); ``provider_utc`` (this field is documented as UTC); the zone
    declared for the scan's country; the zone declared for the feed. Otherwise unplaced.
    """
    parsed = parse_time(raw) if raw is not None else None
    if parsed is not None and not _on_the_time_line(parsed):
        return None, TimePlacement.UNREADABLE, None
    if parsed is not None and parsed.utcoffset() is not None:
        return parsed, TimePlacement.OFFSET, None
    if utc_fallback is not None:
        utc = parse_time(utc_fallback)
        if utc is not None and _on_the_time_line(utc):
            if utc.tzinfo is None:
                utc = utc.replace(tzinfo=dt.UTC)
            return utc, TimePlacement.PROVIDER_UTC, None
    if raw is None:
        return None, TimePlacement.NO_TIME, None
    if parsed is None:
        return None, TimePlacement.UNREADABLE, None
    if provider_utc:
        return parsed.replace(tzinfo=dt.UTC), TimePlacement.PROVIDER_UTC, None
    how = TimePlacement.DECLARED_ZONE
    chosen = zone
    if zones is not None and country_code is not None and country_code in zones:
        chosen, how = zones[country_code], TimePlacement.COUNTRY_ZONE
    if chosen is None:
        return None, TimePlacement.NO_ZONE, None
    name = str(chosen)
    placed = localize(parsed, chosen)
    if placed is None:
        return None, TimePlacement.AMBIGUOUS, name
    return placed, how, name
