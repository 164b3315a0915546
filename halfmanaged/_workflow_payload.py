"""JSON-safe payloads of a resolution case: a pure codec, written and read strictly.

:meth:`~halfmanaged.workflow.ResolutionCase.to_dict` and ``from_dict`` call this module; it
never imports the case. Writing turns a case's state and history into str, int, bool, None,
lists and dicts. Reading never trusts the payload: every field is type-checked with its path,
unknown keys are refused, and after the case has replayed the history through the definition
its state must equal the stored one. Any failure is a
:class:`~halfmanaged.errors.MalformedPayloadError` naming the path (a time outside the
supported range is also a :class:`~halfmanaged.errors.DateOutOfRangeError`); no ``KeyError``,
``TypeError`` or ``OverflowError`` escapes.

Paths are relative to the payload: ``history[2].at``; the payload itself is ``payload``.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Mapping
from typing import Final, Protocol, TypeVar

from halfmanaged._vocab import Cause, EvidenceKind, Party, Stage
from halfmanaged._workflow_definition import ACTIVE_STAGES
from halfmanaged._workflow_values import (
    Action,
    Event,
    Evidence,
    Handler,
    Opening,
    Outcome,
    Sla,
    SlaUnit,
    WorkflowPolicy,
)
from halfmanaged.calendar import WorkingCalendar
from halfmanaged.errors import HalfManagedError, MalformedPayloadError, PayloadDateOutOfRangeError

__all__ = ["ROOT", "SCHEMA", "SCHEMA_VERSION", "CaseState", "check_state", "encode", "read"]

SCHEMA: Final = "halfmanaged.workflow.case"
"""The payload's ``schema`` name."""

SCHEMA_VERSION: Final = 1
"""Version of the payload; bumped on any incompatible change."""

ROOT: Final = "payload"
"""How an error names the payload as a whole."""

_E = TypeVar("_E", bound=enum.Enum)

# How a message names a value of each vocabulary ("'fly' is not an action").
_NOUNS: Final[Mapping[type[enum.Enum], str]] = {
    Action: "an action",
    Stage: "a stage",
    Handler: "a handler",
    Cause: "a cause",
    EvidenceKind: "an evidence kind",
    Party: "a party",
    Outcome: "an outcome",
    SlaUnit: "an SLA unit",
}


class CaseState(Protocol):
    """What the codec reads from a case: its state and its history."""

    @property
    def case_id(self) -> str: ...
    @property
    def version(self) -> int: ...
    @property
    def handler(self) -> Handler: ...
    @property
    def stage(self) -> Stage: ...
    @property
    def responsible(self) -> Cause: ...
    @property
    def outcome(self) -> Outcome | None: ...
    @property
    def waiting_on(self) -> Party | None: ...
    @property
    def entered_at(self) -> dt.datetime: ...
    @property
    def due(self) -> dt.datetime | None: ...
    @property
    def remaining(self) -> dt.timedelta | None: ...
    @property
    def history(self) -> tuple[Event, ...]: ...


# -- writing ---------------------------------------------------------------------------------


def _iso(moment: dt.datetime | None) -> str | None:
    return None if moment is None else moment.isoformat()


def _calendar(cal: WorkingCalendar) -> dict[str, object]:
    return {
        "country": cal.country,
        "subdiv": cal.subdiv,
        "timezone": cal.timezone,
        "weekend": None if cal.weekend is None else sorted(cal.weekend),
        "closures": [[day.isoformat(), name] for day, name in cal.closures],
        "extra_working_days": sorted(d.isoformat() for d in cal.extra_working_days),
    }


def _policy(policy: WorkflowPolicy) -> dict[str, object]:
    out: dict[str, object] = {}
    for stage in ACTIVE_STAGES:
        sla = policy.sla(stage)
        assert sla is not None  # every active stage has an SLA field
        out[stage.value] = {"amount": sla.amount, "unit": sla.unit.value}
    out["day_start"] = policy.day_start.isoformat()
    out["day_end"] = policy.day_end.isoformat()
    return out


def _opening(o: Opening) -> dict[str, object]:
    return {
        "case_id": o.case_id,
        "handler": o.handler.value,
        "cause": o.cause.value,
        "calendar": _calendar(o.calendar),
        "policy": _policy(o.policy),
    }


def _evidence(e: Evidence) -> dict[str, object]:
    return {
        "kind": e.kind.value,
        "ref": e.ref,
        "supplied_by": e.supplied_by.value,
        "supplied_at": e.supplied_at.isoformat(),
    }


def _event(e: Event) -> dict[str, object]:
    return {
        "seq": e.seq,
        "action": e.action.value,
        "at": e.at.isoformat(),
        "by": e.by,
        "from_stage": None if e.from_stage is None else e.from_stage.value,
        "to_stage": e.to_stage.value,
        "due": _iso(e.due),
        "evidence": [_evidence(x) for x in e.evidence],
        "note": e.note,
        "outcome": None if e.outcome is None else e.outcome.value,
        "finding": None if e.finding is None else e.finding.value,
        "opening": None if e.opening is None else _opening(e.opening),
    }


def _state(case: CaseState) -> dict[str, object]:
    remaining = case.remaining
    waiting = case.waiting_on
    return {
        "schema": SCHEMA,
        "schema_version": SCHEMA_VERSION,
        "case_id": case.case_id,
        "version": case.version,
        "handler": case.handler.value,
        "stage": case.stage.value,
        "responsible": case.responsible.value,
        "outcome": None if case.outcome is None else case.outcome.value,
        "waiting_on": None if waiting is None else waiting.value,
        "entered_at": case.entered_at.isoformat(),
        "due": _iso(case.due),
        "remaining_us": None if remaining is None else remaining // dt.timedelta(microseconds=1),
    }


def encode(case: CaseState) -> dict[str, object]:
    """Return ``case`` as JSON-safe data: its state, then its history."""
    out: dict[str, object] = dict(_state(case))
    out["history"] = [_event(e) for e in case.history]
    return out


# -- reading ---------------------------------------------------------------------------------


def _obj(value: object, path: str, keys: tuple[str, ...]) -> Mapping[str, object]:
    if not isinstance(value, Mapping):
        raise MalformedPayloadError(
            path or ROOT, f"expected an object, got {type(value).__name__}"
        )
    missing = [k for k in keys if k not in value]
    if missing:
        raise MalformedPayloadError(f"{path}.{missing[0]}" if path else missing[0], "missing")
    extra = sorted(str(k) for k in value if k not in keys)
    if extra:
        where = f"{path}.{extra[0]}" if path else extra[0]
        raise MalformedPayloadError(where, "not a field of this payload")
    return value


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _str(data: Mapping[str, object], path: str, key: str) -> str:
    value = data[key]
    if not isinstance(value, str):
        raise MalformedPayloadError(_join(path, key), f"expected a string, got {value!r}")
    return value


def _opt_str(data: Mapping[str, object], path: str, key: str) -> str | None:
    return None if data[key] is None else _str(data, path, key)


def _int(data: Mapping[str, object], path: str, key: str) -> int:
    value = data[key]
    if type(value) is not int:
        raise MalformedPayloadError(_join(path, key), f"expected an integer, got {value!r}")
    return value


def _list(data: Mapping[str, object], path: str, key: str) -> list[object]:
    value = data[key]
    if not isinstance(value, list):
        raise MalformedPayloadError(_join(path, key), f"expected a list, got {value!r}")
    return value


def _enum(kind: type[_E], data: Mapping[str, object], path: str, key: str) -> _E:
    raw = _str(data, path, key)
    try:
        return kind(raw)
    except ValueError:
        allowed = ", ".join(str(member.value) for member in kind)
        raise MalformedPayloadError(
            _join(path, key), f"{raw!r} is not {_NOUNS[kind]}; expected one of: {allowed}"
        ) from None


def _opt_enum(kind: type[_E], data: Mapping[str, object], path: str, key: str) -> _E | None:
    return None if data[key] is None else _enum(kind, data, path, key)


def _moment(data: Mapping[str, object], path: str, key: str) -> dt.datetime:
    raw = _str(data, path, key)
    try:
        value = dt.datetime.fromisoformat(raw)
    except ValueError:
        raise MalformedPayloadError(_join(path, key), f"{raw!r} is not an ISO time") from None
    if value.utcoffset() is None:
        raise MalformedPayloadError(_join(path, key), f"{raw!r} has no UTC offset")
    try:
        return value.astimezone(dt.UTC)
    except OverflowError:  # near datetime.min or max, with an offset that crosses it
        raise PayloadDateOutOfRangeError(_join(path, key), raw) from None


def _opt_moment(data: Mapping[str, object], path: str, key: str) -> dt.datetime | None:
    return None if data[key] is None else _moment(data, path, key)


def _date(value: object, path: str) -> dt.date:
    if not isinstance(value, str):
        raise MalformedPayloadError(path, f"expected an ISO date, got {value!r}")
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise MalformedPayloadError(path, f"{value!r} is not an ISO date") from None


def _read_calendar(value: object, path: str) -> WorkingCalendar:
    keys = ("country", "subdiv", "timezone", "weekend", "closures", "extra_working_days")
    data = _obj(value, path, keys)
    weekend_raw = data["weekend"]
    weekend: list[int] | None = None
    if weekend_raw is not None:
        if not isinstance(weekend_raw, list) or any(type(d) is not int for d in weekend_raw):
            raise MalformedPayloadError(f"{path}.weekend", "expected a list of weekday numbers")
        weekend = weekend_raw
    closures: dict[dt.date, str] = {}
    for i, pair in enumerate(_list(data, path, "closures")):
        where = f"{path}.closures[{i}]"
        if not (isinstance(pair, list) and len(pair) == 2 and isinstance(pair[1], str)):
            raise MalformedPayloadError(where, "expected [ISO date, name]")
        closures[_date(pair[0], where)] = pair[1]
    extra = [
        _date(d, f"{path}.extra_working_days[{i}]")
        for i, d in enumerate(_list(data, path, "extra_working_days"))
    ]
    try:
        return WorkingCalendar(
            _opt_str(data, path, "country"),
            _str(data, path, "timezone"),
            _opt_str(data, path, "subdiv"),
            weekend,
            closures,
            extra,
        )
    except HalfManagedError as err:
        raise MalformedPayloadError(path, str(err)) from None


def _read_policy(value: object, path: str) -> WorkflowPolicy:
    names = tuple(s.value for s in ACTIVE_STAGES)
    data = _obj(value, path, (*names, "day_start", "day_end"))
    slas: dict[str, Sla] = {}
    for name in names:
        where = f"{path}.{name}"
        raw = _obj(data[name], where, ("amount", "unit"))
        try:
            slas[name] = Sla(_int(raw, where, "amount"), _enum(SlaUnit, raw, where, "unit"))
        except HalfManagedError as err:
            if isinstance(err, MalformedPayloadError):
                raise
            raise MalformedPayloadError(where, str(err)) from None
    times: dict[str, dt.time] = {}
    for key in ("day_start", "day_end"):
        raw_time = _str(data, path, key)
        try:
            times[key] = dt.time.fromisoformat(raw_time)
        except ValueError:
            raise MalformedPayloadError(f"{path}.{key}", f"{raw_time!r} is not a time") from None
    try:
        return WorkflowPolicy(**slas, **times)  # type: ignore[arg-type]
    except HalfManagedError as err:
        raise MalformedPayloadError(path, str(err)) from None


def _read_opening(value: object, path: str) -> Opening:
    data = _obj(value, path, ("case_id", "handler", "cause", "calendar", "policy"))
    try:
        return Opening(
            _str(data, path, "case_id"),
            _enum(Handler, data, path, "handler"),
            _enum(Cause, data, path, "cause"),
            _read_calendar(data["calendar"], f"{path}.calendar"),
            _read_policy(data["policy"], f"{path}.policy"),
        )
    except MalformedPayloadError:
        raise
    except HalfManagedError as err:
        raise MalformedPayloadError(path, str(err)) from None


def _read_evidence(value: object, path: str) -> Evidence:
    data = _obj(value, path, ("kind", "ref", "supplied_by", "supplied_at"))
    try:
        return Evidence(
            _enum(EvidenceKind, data, path, "kind"),
            _str(data, path, "ref"),
            _enum(Party, data, path, "supplied_by"),
            _moment(data, path, "supplied_at"),
        )
    except MalformedPayloadError:
        raise
    except HalfManagedError as err:
        raise MalformedPayloadError(path, str(err)) from None


_EVENT_KEYS = (
    "seq",
    "action",
    "at",
    "by",
    "from_stage",
    "to_stage",
    "due",
    "evidence",
    "note",
    "outcome",
    "finding",
    "opening",
)


def _read_event(value: object, path: str) -> Event:
    data = _obj(value, path, _EVENT_KEYS)
    opening = data["opening"]
    return Event(
        seq=_int(data, path, "seq"),
        action=_enum(Action, data, path, "action"),
        at=_moment(data, path, "at"),
        by=_str(data, path, "by"),
        from_stage=_opt_enum(Stage, data, path, "from_stage"),
        to_stage=_enum(Stage, data, path, "to_stage"),
        due=_opt_moment(data, path, "due"),
        evidence=tuple(
            _read_evidence(x, f"{path}.evidence[{i}]")
            for i, x in enumerate(_list(data, path, "evidence"))
        ),
        note=_opt_str(data, path, "note"),
        outcome=_opt_enum(Outcome, data, path, "outcome"),
        finding=_opt_enum(Cause, data, path, "finding"),
        opening=None if opening is None else _read_opening(opening, f"{path}.opening"),
    )


_STATE_KEYS = (
    "schema",
    "schema_version",
    "case_id",
    "version",
    "handler",
    "stage",
    "responsible",
    "outcome",
    "waiting_on",
    "entered_at",
    "due",
    "remaining_us",
)


def read(data: object) -> tuple[Mapping[str, object], list[Event]]:
    """Return the stored state and the events of a payload, each field checked with its path.

    The caller replays the events and hands the case to :func:`check_state`.
    """
    root = _obj(data, "", (*_STATE_KEYS, "history"))
    if root["schema"] != SCHEMA:
        raise MalformedPayloadError("schema", f"{root['schema']!r} is not {SCHEMA!r}")
    version = root["schema_version"]
    if type(version) is not int or version != SCHEMA_VERSION:
        raise MalformedPayloadError(
            "schema_version", f"{version!r}: this library reads version {SCHEMA_VERSION}"
        )
    events = [_read_event(x, f"history[{i}]") for i, x in enumerate(_list(root, "", "history"))]
    return root, events


def check_state(stored: Mapping[str, object], case: CaseState) -> None:
    """Raise MalformedPayloadError unless the ``stored`` state is the replayed ``case``'s."""
    expected = _state(case)
    for key in _STATE_KEYS:
        if stored[key] != expected[key] or type(stored[key]) is not type(expected[key]):
            raise MalformedPayloadError(
                key, f"{stored[key]!r} but the history gives {expected[key]!r}"
            )
