"""``halfmanaged classify FILE``: an incident file or a tracking feed to its diagnosis.

The file is either a JSON object of what is known about a receiving exception
(``docs/report.md`` documents the keys: tracking events with ``symptom``, ``at``, ``country``,
``code``, the order and handover times, whether there is handover proof), or a tracking-feed
payload of AfterShip, EasyPost or 17TRACK, read by :func:`halfmanaged.feeds.read_feed` and
classified through :meth:`~halfmanaged.feeds.TrackingFeed.incident` (``docs/feeds.md``).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from typing import Any

from halfmanaged._cli_render import Words
from halfmanaged.classify import Incident, TrackingEvent, classify
from halfmanaged.errors import HalfManagedError, UnusableInputError

#: What ``--provider`` takes: a feed's provider, the incident object, or ``auto``.
PROVIDERS = ("auto", "incident", "aftership", "easypost", "17track")

_TIMES = ("placed_at", "handed_over_at", "as_of", "platform_tracking_missing_since")
_FLAGS = ("handover_proof", "tracking_known_to_carrier")


def _time(field: str, value: object) -> dt.datetime | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise UnusableInputError(field, "expected an ISO 8601 time")
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        raise UnusableInputError(field, f"not an ISO 8601 time: {value}") from None
    if moment.utcoffset() is None:
        raise UnusableInputError(field, f"a time without a UTC offset: {value}")
    return moment


def incident_from(payload: Mapping[str, Any]) -> Incident:
    """Build an :class:`Incident` from the documented JSON object."""
    events = []
    for n, raw in enumerate(payload.get("events", [])):
        if not isinstance(raw, Mapping):
            raise UnusableInputError(f"events[{n}]", "expected an object")
        events.append(
            TrackingEvent(
                raw.get("symptom"),
                _time(f"events[{n}].at", raw.get("at")),  # type: ignore[arg-type]
                country=raw.get("country"),
                code=raw.get("code"),
            )
        )
    kwargs: dict[str, Any] = {name: _time(name, payload.get(name)) for name in _TIMES}
    for name in _FLAGS:
        if name in payload:
            kwargs[name] = payload[name]
    if "submit_failure" in payload:
        kwargs["submit_failure"] = payload["submit_failure"]
    return Incident(events=tuple(events), **kwargs)


def provider_of(payload: Mapping[str, Any]) -> str:
    """Tell a feed payload's provider by its shape, or ``incident`` for the documented object.

    17TRACK pushes are ``{"event": "TRACKING_UPDATED" | "TRACKING_STOPPED", "data": ...}``;
    EasyPost sends an ``Event`` or a ``Tracker`` object; AfterShip a webhook envelope
    (``msg``), a ``GET /trackings/:id`` answer (``data.tracking``) or a tracking object (its
    ``checkpoints``, ``tag`` or ``slug``).
    """
    if payload.get("event") in ("TRACKING_UPDATED", "TRACKING_STOPPED") and "data" in payload:
        return "17track"
    if payload.get("object") in ("Event", "Tracker"):
        return "easypost"
    data = payload.get("data")
    if "msg" in payload or (isinstance(data, Mapping) and "tracking" in data):
        return "aftership"
    if "events" not in payload and ({"checkpoints", "tag", "slug"} & set(payload)):
        return "aftership"
    return "incident"


def diagnose(
    text: str,
    words: Words,
    *,
    provider: str = "auto",
    zone: str | None = None,
    zones: Mapping[str, str] | None = None,
    as_of: dt.datetime | None = None,
) -> list[str]:
    """Return the diagnosis of the incident or feed in ``text`` as lines for a person."""
    try:
        payload = json.loads(text)
    except ValueError as error:
        raise UnusableInputError("incident", f"not JSON: {error}") from None
    if not isinstance(payload, Mapping):
        raise UnusableInputError("incident", "expected a JSON object")
    kind = provider_of(payload) if provider == "auto" else provider
    lines: list[str] = []
    try:
        if kind == "incident":
            incident = incident_from(payload)
        else:
            from halfmanaged.feeds import read_feed  # noqa: PLC0415 - only for feeds

            feed = read_feed(kind, text, zone=zone, zones=zones)
            lines.append(
                words(
                    "cli.classify.feed",
                    provider=feed.provider.value,
                    number=feed.number or "?",
                    carrier=feed.carrier or "?",
                    scans=len(feed.records),
                )
            )
            lines += [
                words("cli.classify.note", note=n.message(words.locale)) for n in feed.notes()
            ]
            incident = feed.incident(as_of=as_of) if as_of is not None else feed.incident()
        dx = classify(incident)
    except HalfManagedError as error:
        raise UnusableInputError(kind, str(error)) from None
    loc = words.locale
    lines += [words("cli.classify.cause", cause=dx.cause.value), dx.message(loc)]
    lines += [words("cli.classify.clue", clue=clue.message(loc)) for clue in dx.clues]
    evidence = ", ".join(kind.value for kind in dx.evidence_to_request) or words("report.none")
    lines.append(
        words(
            "cli.classify.first_step",
            party=dx.contact_first.value,
            stage=dx.start_stage.value,
            evidence=evidence,
        )
    )
    return lines
