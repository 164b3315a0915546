"""``halfmanaged classify FILE``: an incident file to its diagnosis and first step.

The file is a JSON object of what is known about a receiving exception (``docs/report.md``
documents the keys): tracking events (``symptom``, ``at``, ``country``, ``code``), the order
and handover times, whether there is handover proof.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from typing import Any

from halfmanaged._report_render import Words
from halfmanaged.classify import Incident, TrackingEvent, classify
from halfmanaged.errors import HalfManagedError, UnusableInputError

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


def diagnose(text: str, words: Words) -> list[str]:
    """Return the diagnosis of the incident in ``text`` as lines for a person."""
    try:
        payload = json.loads(text)
    except ValueError as error:
        raise UnusableInputError("incident", f"not JSON: {error}") from None
    if not isinstance(payload, Mapping):
        raise UnusableInputError("incident", "expected a JSON object")
    try:
        dx = classify(incident_from(payload))
    except HalfManagedError as error:
        raise UnusableInputError("incident", str(error)) from None
    loc = words.locale
    lines = [words("cli.classify.cause", cause=dx.cause.value), dx.message(loc)]
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
