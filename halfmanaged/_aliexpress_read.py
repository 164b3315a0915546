"""Reading AliExpress order payloads: envelopes, field names, time zones, paths.

A field is named by its snake_case name (the API's) or its camelCase name (what the SDKs
produce); snake_case wins when an object has both, and a path names the key the payload actually
used. Each kind of object (order, line, parcel, ...) declares the names it reads: an object with
none of their camelCase spellings is read as it is, any other is first turned into a mapping of
snake_case names, once, with the same precedence. Paths are only built when a problem needs one.

Problems are raised as :class:`_BadError` inside one order and collected by the caller, so one
bad order never loses the others.
"""

from __future__ import annotations

import datetime as dt
import functools
import zoneinfo
from collections.abc import Mapping
from typing import Final, TypeAlias

from halfmanaged._aliexpress_values import (
    STAGES,
    AliExpressOrder,
    OrderLine,
    PayloadProblem,
    ProblemCode,
    ReceiveStatus,
    Span,
    StatusChange,
    checked_line,
    checked_order,
    checked_parcel,
    checked_span,
)
from halfmanaged._iso3166 import country_code
from halfmanaged.errors import HalfManagedError
from halfmanaged.shipping import Money

__all__ = ["GMT8", "OrderReader", "la", "read_status_change", "unwrap"]

#: The envelope's ``time_stamp``: Beijing time, a fixed offset
#: (docs/rules.md#reading-aliexpress-times).
GMT8: Final = dt.timezone(dt.timedelta(hours=8), "GMT+8")
_UTC: Final = dt.UTC
_DAY: Final = 86_400
_MISSING: Final = object()
_RISK: Final = frozenset({"RISK_CONTROL", "RISK_CONTROL_HOLD"})
_NOT_YET: Final = frozenset({"PLACE_ORDER_SUCCESS", "PAYMENT_PROCESSING", *_RISK})
_Node: TypeAlias = Mapping[str, object]


@functools.cache
def la() -> zoneinfo.ZoneInfo:
    """Return US Pacific time, the zone of every business time (loaded on first use)."""
    return zoneinfo.ZoneInfo("America/Los_Angeles")


class _BadError(Exception):
    """One problem, raised inside the reader and turned into a :class:`PayloadProblem`."""

    def __init__(self, code: ProblemCode, path: str, value: object, reason: str) -> None:
        super().__init__(path)
        self.code = code
        self.path = path
        self.value = value
        self.reason = reason

    def problem(self, order_id: str | None, *, kept: bool = False) -> PayloadProblem:
        return PayloadProblem(self.code, self.path, self.value, self.reason, order_id, kept)


# -- field names ---------------------------------------------------------------------------


@functools.cache  # bounded: the reader asks a fixed set of field names
def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


def _join(path: str, key: str) -> str:
    return f"{path}.{key}"


def _get(node: _Node, name: str) -> tuple[object, str]:
    """Return the value of ``name`` (snake_case, else camelCase) and the key it was under."""
    value = node.get(name, _MISSING)
    if value is not _MISSING:
        return value, name
    camel = _camel(name)
    value = node.get(camel, _MISSING)
    # A missing field's key is only needed in a path, that is on the error path.
    return value, camel if value is not _MISSING else name


def _first(node: _Node, *names: str) -> tuple[object, str]:
    """Return the first of ``names`` present (each snake_case, else camelCase)."""
    for name in names:
        value, key = _get(node, name)
        if value is not _MISSING:
            return value, key
    return _MISSING, names[0]  # a path for it is only built by _absent, in the payload's style


def _key(node: _Node, name: str) -> str:
    """Return the key ``name`` is under in ``node``, as :func:`_get` finds it (error path)."""
    return _get(node, name)[1]


def _path(node: _Node, parent: str, name: str) -> str:
    """Return the path of field ``name`` of ``node``, spelt as the payload spells it."""
    return f"{parent}.{name}" if name in node else _join(parent, _key(node, name))


class _Fields:
    """The names one kind of object is read by, and how to read an object by them."""

    __slots__ = ("camel", "names")

    def __init__(self, *names: str) -> None:
        self.names = names
        self.camel = frozenset(_camel(n) for n in names) - frozenset(names)

    def view(self, node: _Node) -> _Node:
        """Return ``node`` as a mapping of snake_case names to what :func:`_get` finds.

        An object with no camelCase spelling of the names is that mapping already: it is
        returned as it is. Only the declared names may be looked up in the result.
        """
        if self.camel.isdisjoint(node):
            return node
        out = {}
        for name in self.names:
            value, _ = _get(node, name)
            if value is not _MISSING:
                out[name] = value
        return out


_ORDER: Final = _Fields(
    "order_id",
    "id",
    "order_status",
    "gmt_create",
    "gmt_pay_success",
    "gmt_pay_time",
    "gmt_modified",
    "gmt_update",
    "over_time_left",
    "timeout_left_time",
    "left_send_good_day",
    "left_send_good_hour",
    "left_send_good_min",
    "child_order_list",
    "product_list",
    "logistic_info_list",
    "opr_log_dto_list",
    "order_end_reason",
    "end_reason",
    "receipt_address",
    "order_amount",
    "pay_amount",
)
_LINE: Final = _Fields(
    "child_order_id",
    "child_id",
    "id",
    "order_status",
    "son_order_status",
    "logistics_type",
    "send_goods_operator",
    "logistics_warehouse_type",
    "product_attributes",
    "product_count",
    "goods_prepare_time",
)
_PARCEL: Final = _Fields(
    "logistics_no",
    "gmt_send",
    "gmt_received",
    "logistics_type_code",
    "logistics_service_name",
    "receive_status",
    "recv_status_desc",
)
_LOG: Final = _Fields("action_type", "gmt_create")


def _missing_key(node: _Node, name: str) -> str:
    """Return the key a missing field would have: camelCase in a camelCase object."""
    keys = [str(key) for key in node]
    if any("_" in key for key in keys) or not any(key != key.lower() for key in keys):
        return name
    return _camel(name)


def _items(
    value: object, path: str, bad: list[_BadError] | None = None
) -> list[tuple[_Node, str]]:
    """Return the entries of a list field and their paths.

    A list may come bare, or wrapped once more in a mapping of one key (``{"order_dto":
    [...]}``, the XML item name); an empty mapping or ``null`` is an empty list. With ``bad``,
    an entry that is no object is collected there instead of failing the whole list.
    """
    if value is _MISSING or value is None:
        return []
    if type(value) is dict or isinstance(value, Mapping):
        if not value:
            return []
        if len(value) == 1:
            ((key, inner),) = value.items()
            path = f"{path}.{key}"
            value = inner
    if type(value) is not list and not isinstance(value, list | tuple):
        raise _BadError(ProblemCode.WRONG_TYPE, path, value, "expected a list of objects")
    out: list[tuple[_Node, str]] = []
    for i, item in enumerate(value):
        if type(item) is dict or isinstance(item, Mapping):
            out.append((item, f"{path}[{i}]"))  # keys are str in JSON
            continue
        problem = _BadError(ProblemCode.WRONG_TYPE, f"{path}[{i}]", item, "expected an object")
        if bad is None:
            raise problem
        bad.append(problem)  # one entry of a page: the others are still read
    return out


def _text(
    value: object, node: _Node, parent: str, name: str, *, required: bool = False
) -> str | None:
    if type(value) is str and value:
        return value
    if value is _MISSING or value is None or value == "":
        if required:
            raise _BadError(ProblemCode.MISSING, _path(node, parent, name), None, "required")
        return None
    if not isinstance(value, str):
        raise _BadError(
            ProblemCode.WRONG_TYPE, _path(node, parent, name), value, "expected a string"
        )
    return value


def _ident(value: object, node: _Node, parent: str, name: str) -> str:
    """Return an id as a string; the API writes numbers, the SDKs strings."""
    if value is _MISSING or value is None:
        raise _BadError(ProblemCode.MISSING, _path(node, parent, name), None, "required")
    if type(value) is int and value >= 0:
        return str(value)
    if isinstance(value, str) and value.strip():
        return value.strip()
    raise _BadError(
        ProblemCode.WRONG_TYPE,
        _path(node, parent, name),
        value,
        "expected a non-negative integer or string",
    )


def _integer(value: object, node: _Node, parent: str, name: str) -> int | None:
    """Return a whole number written as a JSON number or its string (SDKs stringify longs)."""
    if type(value) is int:
        return value
    if value is _MISSING or value is None or value == "":
        return None
    if isinstance(value, str):
        text = value.strip()
        if text.lstrip("-").isdigit() and text.count("-") <= 1 and text.isascii():
            return int(text)
        raise _BadError(
            ProblemCode.BAD_VALUE, _path(node, parent, name), value, "expected a whole number"
        )
    raise _BadError(
        ProblemCode.WRONG_TYPE, _path(node, parent, name), value, "expected a whole number"
    )


# -- times ---------------------------------------------------------------------------------
#
# Business times are written "YYYY-MM-DD HH:MM:SS", naive, in US Pacific time with DST. A wall
# time the spring switch skips cannot come from a real instant; it is read as Java's time
# library reads it (moved forward by the gap) and reported. A wall time the autumn switch
# repeats is read as its first (earlier) occurrence unless the payload itself decides it: the
# countdown in milliseconds, or whole days between expiry and modification
# (docs/rules.md#reading-aliexpress-times).
#
# The zone's readings of a wall time depend on its date and hour only (the zone switches on
# the hour), so they are worked out once per "YYYY-MM-DD HH" and kept in a bounded cache; the
# minutes and seconds are read from a fixed table of "00".."59".

_SIXTY: Final[Mapping[str, int]] = {f"{i:02d}": i for i in range(60)}
_DIGITS: Final = frozenset("0123456789")


class _Wall:
    """A business time in a switch hour: both readings when repeated, or moved when skipped.

    ``first`` and ``second`` carry fixed offsets (PST or PDT). A path is built only when the
    time is reported.
    """

    __slots__ = ("first", "name", "node", "parent", "second", "skipped", "text")

    def __init__(
        self,
        text: str,
        node: _Node,
        parent: str,
        name: str,
        *,
        first: dt.datetime,
        second: dt.datetime | None,
        skipped: bool,
    ) -> None:
        self.text = text
        self.node = node
        self.parent = parent
        self.name = name
        self.first = first
        self.second = second  # the later reading, in a repeated hour
        self.skipped = skipped

    @property
    def path(self) -> str:
        return _path(self.node, self.parent, self.name)

    @property
    def ambiguous(self) -> bool:
        return self.second is not None


#: A time as read: plain, or in a switch hour (a :class:`_Wall` until decided).
_Time: TypeAlias = "dt.datetime | _Wall"


def _at(time: _Time | None) -> dt.datetime | None:
    """Return the (first) reading of a time."""
    return time.first if type(time) is _Wall else time  # type: ignore[return-value]


@functools.cache
def _offset_zone(offset: dt.timedelta, name: str) -> dt.timezone:
    return dt.timezone(offset, name)


def _fixed(moment: dt.datetime) -> dt.datetime:
    """Return ``moment`` with the fixed offset (PST or PDT) its zone has at that instant.

    Python compares an aware time whose offset depends on ``fold`` unequal to every time of
    another zone, and subtracts two times of one ``ZoneInfo`` by their wall clocks; with a
    fixed offset per value both are exact.
    """
    offset = moment.utcoffset()
    assert offset is not None
    return moment.replace(tzinfo=_offset_zone(offset, moment.tzname() or ""), fold=0)


def _exact(naive: dt.datetime) -> tuple[dt.datetime, dt.datetime | None, bool]:
    """Return the readings of one wall time: first, second (repeated) and whether skipped."""
    tz = la()
    first = naive.replace(tzinfo=tz)
    later = naive.replace(tzinfo=tz, fold=1)
    a, b = first.utcoffset(), later.utcoffset()
    assert a is not None
    assert b is not None
    if a > b:  # repeated: fold 0 is daylight time, the earlier instant
        return _fixed(first), _fixed(later), False
    if a < b:  # skipped: fold 0 is the instant Java reads, shown as the real wall time
        return _fixed(first.astimezone(_UTC).astimezone(tz)), None, True
    return _fixed(first), None, False


# An hour's readings: the first one's date, hour and zone (the hour moved forward when the
# switch skips it), the second reading's zone when the hour repeats, and whether skipped.
_Hour: TypeAlias = tuple[int, int, int, int, dt.tzinfo, "dt.tzinfo | None", bool]
_IRREGULAR: Final[_Hour] = (0, 0, 0, 0, _UTC, None, False)  # read each time on its own


def _date_hour(prefix: str) -> dt.datetime | None:
    """Return ``'YYYY-MM-DD HH'`` as a naive datetime, or ``None`` if it is not one."""
    if (
        prefix[4] != "-"
        or prefix[7] != "-"
        or prefix[10] != " "
        or not _DIGITS.issuperset(prefix[:4] + prefix[5:7] + prefix[8:10] + prefix[11:13])
    ):
        return None
    try:
        return dt.datetime(  # noqa: DTZ001 (a wall time: its zone comes with the field)
            int(prefix[:4]), int(prefix[5:7]), int(prefix[8:10]), int(prefix[11:])
        )
    except ValueError:
        return None


@functools.lru_cache(maxsize=16_384)  # bounded, keyed by value: about two years of hours
def _hour(prefix: str) -> _Hour | None:
    """Return the zone's readings of the hour ``'YYYY-MM-DD HH'``; ``None`` if no such hour."""
    start = _date_hour(prefix)
    if start is None:
        return None
    end = start.replace(minute=59, second=59)
    first, second, skipped = _exact(start)
    last, last_second, last_skipped = _exact(end)
    shift = first.replace(tzinfo=None) - start
    if (
        first.tzinfo is not last.tzinfo
        or (second is None) != (last_second is None)
        or (
            second is not None
            and last_second is not None
            and second.tzinfo is not last_second.tzinfo
        )
        or skipped != last_skipped
        or last.replace(tzinfo=None) - end != shift
        or shift.total_seconds() % 3600 != 0
    ):
        return _IRREGULAR  # the zone changes inside this hour: no shared reading
    assert first.tzinfo is not None
    return (
        first.year,
        first.month,
        first.day,
        first.hour,
        first.tzinfo,
        None if second is None else second.tzinfo,
        skipped,
    )


@functools.lru_cache(maxsize=4_096)  # bounded, keyed by value: ":MM:SS" has 3,600 values
def _clock(text: str) -> tuple[int, int] | None:
    """Return the minute and second of ``':MM:SS'``, or ``None`` if it is not that."""
    if len(text) != 6 or text[0] != ":" or text[3] != ":":
        return None
    minute, second = _SIXTY.get(text[1:3]), _SIXTY.get(text[4:])
    return None if minute is None or second is None else (minute, second)


def _bad_type(value: object, node: _Node, parent: str, name: str) -> _BadError:
    return _BadError(
        ProblemCode.WRONG_TYPE,
        _path(node, parent, name),
        value,
        "expected a 'YYYY-MM-DD HH:MM:SS' string",
    )


def _naive(value: object, node: _Node, parent: str, name: str) -> dt.datetime | None:
    """Return a ``'YYYY-MM-DD HH:MM:SS'`` string as a naive datetime (the slow, exact path)."""
    if value is _MISSING or value is None or value == "":
        return None
    if not isinstance(value, str):
        raise _bad_type(value, node, parent, name)
    if len(value) != 19 or value[10] != " " or value[4] != "-" or value[13] != ":":
        raise _BadError(
            ProblemCode.BAD_TIME,
            _path(node, parent, name),
            value,
            "expected 'YYYY-MM-DD HH:MM:SS'",
        )
    start = _date_hour(value[:13])
    minute, second = _SIXTY.get(value[14:16]), _SIXTY.get(value[17:19])
    if start is None or minute is None or second is None or value[16] != ":":
        raise _BadError(
            ProblemCode.BAD_TIME, _path(node, parent, name), value, "not a date and time"
        )
    return start.replace(minute=minute, second=second)


def _time(value: object, node: _Node, parent: str, name: str) -> _Time | None:
    """Return a business time (US Pacific): aware, or a :class:`_Wall` in a switch hour."""
    if value is None:
        return None
    if type(value) is str and len(value) == 19:
        hour = _hour(value[:13])
        clock = _clock(value[13:])
        if hour is not None and clock is not None and hour is not _IRREGULAR:
            year, month, day, hh, tz, later, skipped = hour
            minute, second = clock
            first = dt.datetime(year, month, day, hh, minute, second, 0, tz)
            if later is None and not skipped:
                return first
            repeat = None if later is None else first.replace(tzinfo=later)
            return _Wall(value, node, parent, name, first=first, second=repeat, skipped=skipped)
    naive = _naive(value, node, parent, name)  # a problem, nothing, or an irregular hour
    if naive is None:
        return None
    first, repeat, skipped = _exact(naive)
    if repeat is None and not skipped:
        return first
    assert isinstance(value, str)
    return _Wall(value, node, parent, name, first=first, second=repeat, skipped=skipped)


def _gmt8(value: object, node: _Node, parent: str, name: str) -> dt.datetime | None:
    naive = _naive(value, node, parent, name)
    return None if naive is None else naive.replace(tzinfo=GMT8)


def _pick(wall: _Time | None, second: bool) -> None:
    if type(wall) is not _Wall:
        return
    assert isinstance(wall, _Wall)
    if wall.second is not None and second:
        wall.first, wall.second = wall.second, None
    else:
        wall.second = None


def _whole_days(later: dt.datetime, earlier: dt.datetime) -> bool:
    return (later.astimezone(_UTC) - earlier.astimezone(_UTC)).total_seconds() % _DAY == 0


def _decide_by_days(ambiguous: _Wall, other: dt.datetime, ambiguous_is_later: bool) -> bool:
    """Decide a repeated wall time by whole days to another time; return whether decided."""
    assert ambiguous.second is not None
    fits = []
    for candidate in (ambiguous.first, ambiguous.second):
        pair = (candidate, other) if ambiguous_is_later else (other, candidate)
        fits.append(_whole_days(*pair))
    if fits[0] != fits[1]:
        _pick(ambiguous, second=fits[1])
        return True
    return False


# -- envelopes -----------------------------------------------------------------------------

# -- envelopes -----------------------------------------------------------------------------


class Unwrapped:
    """The orders found in a payload, with the response time and the page's own problems."""

    __slots__ = ("orders", "problems", "response_time", "total_count")

    def __init__(self) -> None:
        self.orders: list[tuple[Mapping[str, object], str]] = []
        self.problems: list[PayloadProblem] = []
        self.response_time: dt.datetime | None = None
        self.total_count: int | None = None


def _looks_like_order(node: Mapping[str, object]) -> bool:
    return any(key in node for key in ("order_status", "orderStatus", "order_id", "orderId"))


def _stamp(node: Mapping[str, object], path: str, found: Unwrapped) -> None:
    if found.response_time is None:
        value, _ = _get(node, "time_stamp")
        found.response_time = _gmt8(value, node, path, "time_stamp")


def _api_error(node: Mapping[str, object], path: str, *, failed: bool = False) -> _BadError | None:
    if failed or node.get("success") is False or node.get("error_code") or node.get("errorCode"):
        code, key = _first(node, "error_code", "code")
        message, _ = _first(node, "error_message", "error_msg", "msg", "sub_msg")
        return _BadError(
            ProblemCode.API_ERROR, _join(path, key), code, f"the API answered {message!r}"
        )
    return None


def unwrap(payload: object) -> Unwrapped:
    """Find the orders in a response, its envelope and list wrappers optional."""
    found = Unwrapped()
    bad: list[_BadError] = []
    _unwrap(payload, found, bad)
    found.problems.extend(b.problem(None) for b in bad)
    return found


def _unwrap(  # noqa: PLR0912 (one branch per shape)
    payload: object, found: Unwrapped, bad_entries: list[_BadError]
) -> Unwrapped:
    path = "$"
    node: object = payload
    try:
        if isinstance(node, list | tuple):
            found.orders = _items(node, path, bad_entries)
            return found
        if not isinstance(node, Mapping):
            raise _BadError(ProblemCode.WRONG_TYPE, path, node, "expected a JSON object")
        if "error_response" in node:
            inner = node["error_response"]
            where = _join(path, "error_response")
            if isinstance(inner, Mapping):
                raise _api_error(inner, where, failed=True)  # type: ignore[misc]
            raise _BadError(ProblemCode.API_ERROR, where, inner, "the API answered an error")
        if len(node) == 1:
            ((key, inner),) = node.items()
            if isinstance(key, str) and key.endswith("_response") and isinstance(inner, Mapping):
                node, path = inner, _join(path, key)
        for step in range(3):  # envelope, result, order: never deeper
            assert isinstance(node, Mapping)
            _stamp(node, path, found)
            bad = _api_error(node, path)
            if bad is not None:
                raise bad
            if _looks_like_order(node):
                found.orders = [(node, path)]
                return found
            value, key = _first(node, "target_list", "target", "data", "result")
            if value is _MISSING or step == 2:
                break
            if key in ("target_list", "targetList"):
                count, _ = _get(node, "total_count")
                found.total_count = _integer(count, node, path, "total_count")
                found.orders = _items(value, _join(path, key), bad_entries)
                return found
            if isinstance(value, list | tuple):
                found.orders = _items(value, _join(path, key), bad_entries)
                return found
            if not isinstance(value, Mapping):
                raise _BadError(
                    ProblemCode.WRONG_TYPE, _join(path, key), value, "expected an object"
                )
            node, path = value, _join(path, key)
        raise _BadError(
            ProblemCode.NO_ORDERS,
            path,
            sorted(map(str, node)),
            "no order, order list (target_list), detail (target, data) or result found",
        )
    except _BadError as bad:
        found.problems.append(bad.problem(None))
        return found


# -- orders --------------------------------------------------------------------------------


def _absent(node: _Node, path: str, *names: str) -> _BadError:
    return _BadError(
        ProblemCode.MISSING, _join(path, _missing_key(node, names[0])), None, "required"
    )


def _skipped(wall: _Wall) -> _BadError:
    return _BadError(
        ProblemCode.SKIPPED_TIME,
        wall.path,
        wall.text,
        "no such wall time in America/Los_Angeles (the DST switch skips it): read as moved "
        "forward by the gap",
    )


def _ambiguous(wall: _Wall) -> _BadError:
    return _BadError(
        ProblemCode.AMBIGUOUS_TIME,
        wall.path,
        wall.text,
        "a wall time America/Los_Angeles repeats (the DST switch): read as its first, earlier "
        "occurrence",
    )


def _either(view: _Node, first: str, *others: str) -> tuple[object, str]:
    """Return the value of the first of the names the (snake_case) view has, and that name.

    Without any, the value is ``_MISSING`` and the name the first one, as :func:`_first` says.
    """
    value = view.get(first, _MISSING)
    if value is not _MISSING:
        return value, first
    for name in others:
        value = view.get(name, _MISSING)
        if value is not _MISSING:
            return value, name
    return _MISSING, first


def _switch_hours(
    node: _Node,
    path: str,
    walls: list[_Time | None],
    countdown: tuple[dt.datetime, str] | None,
    kept: list[_BadError],
) -> None:
    """Decide or report the times in switch hours, in place.

    ``walls`` are created, paid, modified, expiry, cleared, then each parcel's sent and
    received times; each :class:`_Wall` among them becomes its reading.
    """
    modified, expiry = walls[2], walls[3]
    # A repeated wall time: let the payload decide wherever it can.
    if type(expiry) is _Wall and expiry.second is not None and countdown is not None:
        target = countdown[0].astimezone(_UTC)
        first_off = abs(expiry.first.astimezone(_UTC) - target)
        second_off = abs(expiry.second.astimezone(_UTC) - target)
        _pick(expiry, second=second_off < first_off)
    if expiry is not None and modified is not None:
        expiry_repeats = type(expiry) is _Wall and expiry.ambiguous
        modified_repeats = type(modified) is _Wall and modified.ambiguous
        if expiry_repeats and not modified_repeats:
            assert isinstance(expiry, _Wall)
            _decide_by_days(expiry, _at(modified), ambiguous_is_later=True)  # type: ignore[arg-type]
        elif modified_repeats and not expiry_repeats:
            assert isinstance(modified, _Wall)
            _decide_by_days(modified, _at(expiry), ambiguous_is_later=False)  # type: ignore[arg-type]
    # Payment comes no earlier than the order, and risk control passes no earlier than the
    # payment: a repeated time whose earlier reading would break that order is the later one.
    earliest: dt.datetime | None = None
    for i in (0, 1, 4):  # created, paid, cleared
        event = walls[i]
        if event is None:
            continue
        if (
            type(event) is _Wall
            and event.second is not None
            and earliest is not None
            and event.first < earliest <= event.second
        ):
            _pick(event, second=True)
        earliest = _at(event)
    for i, wall in enumerate(walls):
        if type(wall) is not _Wall:
            continue
        if wall.skipped:
            kept.append(_skipped(wall))
        elif wall.ambiguous:
            kept.append(_ambiguous(wall))
            _pick(wall, second=False)
        walls[i] = wall.first


class OrderReader:
    """Reads order objects; holds what a whole page shares (the response time)."""

    __slots__ = ("response_time",)

    def __init__(self, response_time: dt.datetime | None) -> None:
        self.response_time = response_time

    def read(self, node: _Node, path: str) -> tuple[AliExpressOrder | None, list[PayloadProblem]]:
        """Return the order (``None`` when it cannot be read) and every problem found."""
        kept: list[_BadError] = []
        order_id: str | None = None
        try:
            view = node if _ORDER.camel.isdisjoint(node) else _ORDER.view(node)
            value, name = _either(view, "order_id", "id")
            order_id = _ident(value, node, path, name)
            order = self._read(node, view, path, order_id, kept)
        except _BadError as bad:
            return None, [*(k.problem(order_id, kept=True) for k in kept), bad.problem(order_id)]
        return order, list(order.problems)

    def _read(  # noqa: PLR0912, PLR0915 (one order is many fields, read in one place)
        self, node: _Node, view: _Node, path: str, order_id: str, kept: list[_BadError]
    ) -> AliExpressOrder:
        get = view.get
        value = get("order_status")
        if value is None:
            raise _absent(node, path, "order_status")
        status = _text(value, node, path, "order_status", required=True)
        assert status is not None
        if status not in STAGES:
            kept.append(
                _BadError(
                    ProblemCode.UNKNOWN_STATUS,
                    _path(node, path, "order_status"),
                    status,
                    "not a documented order_status: kept verbatim, stage unknown",
                )
            )
        created = _time(get("gmt_create"), node, path, "gmt_create")
        if created is None:
            raise _absent(node, path, "gmt_create")
        value, name = _either(view, "gmt_pay_success", "gmt_pay_time")
        paid = _time(value, node, path, name)
        value, name = _either(view, "gmt_modified", "gmt_update")
        modified = _time(value, node, path, name)
        expiry = _time(get("over_time_left"), node, path, "over_time_left")
        left_ms = _integer(get("timeout_left_time"), node, path, "timeout_left_time")
        split = _split(node, view, path)

        value, name = _either(view, "child_order_list", "product_list")
        lines = tuple([_line(item, p) for item, p in _items(value, _path(node, path, name))])
        platform_services = set()
        seller_services = set()
        for ln in lines:
            if ln.platform_fulfilled:
                platform_services.add(ln.logistics_type)
            else:
                seller_services.add(ln.logistics_type)
        all_platform = bool(lines) and not seller_services
        platform_only = platform_services - seller_services
        value = get("logistic_info_list")
        raw_parcels = (
            []
            if value is None
            else [
                _parcel(item, p, kept)
                for item, p in _items(value, _path(node, path, "logistic_info_list"))
            ]
        )
        value = get("opr_log_dto_list")
        cleared: _Time | None = None
        if value is not None:
            for item, p in _items(value, _path(node, path, "opr_log_dto_list")):
                entry = item if _LOG.camel.isdisjoint(item) else _LOG.view(item)
                if entry.get("action_type") == "risk_control_pass":
                    at = _time(entry.get("gmt_create"), item, p, "gmt_create")
                    if at is not None and (cleared is None or _at(at) < _at(cleared)):  # type: ignore[operator]
                        cleared = at

        # The countdown in milliseconds (or days, hours, minutes) runs from the response.
        now = self.response_time
        countdown: tuple[dt.datetime, str] | None = None
        if now is not None and (left_ms is not None or split is not None):
            countdown = _countdown(node, path, now, left_ms, split, kept=kept)
        walls: list[_Time | None] = [created, paid, modified, expiry, cleared]
        for raw in raw_parcels:
            walls.append(raw[1])
            walls.append(raw[4])
        if _Wall in map(type, walls):  # a time in a switch hour: decide, report
            _switch_hours(node, path, walls, countdown, kept)
            created, paid, modified, expiry, cleared = walls[:5]
            raw_parcels = [
                (raw[0], walls[5 + 2 * i], raw[2], raw[3], walls[6 + 2 * i], raw[5], raw[6])  # type: ignore[misc]
                for i, raw in enumerate(raw_parcels)
            ]
        assert type(created) is dt.datetime
        parcels = tuple(
            [
                checked_parcel(
                    number,
                    sent,  # type: ignore[arg-type]  # decided above
                    service,
                    service_name,
                    received,  # type: ignore[arg-type]  # decided above
                    receive,
                    note,
                    all_platform or (service is not None and service in platform_only),
                )
                for number, sent, service, service_name, received, receive, note in raw_parcels
            ]
        )
        expires_at: dt.datetime | None = None
        source: str | None = None
        if expiry is not None:
            expires_at, source = expiry, "over_time_left"  # type: ignore[assignment]
        elif countdown is not None:
            expires_at, source = _fixed(countdown[0].astimezone(la())), countdown[1]

        value, name = _either(view, "order_end_reason", "end_reason")
        end_reason = _text(value, node, path, name)
        paid_at: dt.datetime | None = paid  # type: ignore[assignment]
        modified_at: dt.datetime | None = modified  # type: ignore[assignment]
        risk: Span | None = None
        if cleared is not None:
            assert type(cleared) is dt.datetime
            risk = checked_span(
                paid_at if paid_at is not None and paid_at <= cleared else cleared, cleared
            )
        elif status in _RISK and paid_at is not None:
            risk = checked_span(paid_at, None)
        cancels: tuple[Span, ...] = ()
        if status == "IN_CANCEL":
            # The request came at the latest when the order last changed: the hold starts
            # no earlier than the truth; status messages give the exact time.
            if modified_at is not None:
                cancels = (checked_span(modified_at, None),)
            else:
                kept.append(
                    _BadError(
                        ProblemCode.MISSING,
                        _join(path, _missing_key(node, "gmt_modified")),
                        None,
                        "an IN_CANCEL order needs gmt_modified to start its hold",
                    )
                )
        return checked_order(
            order_id,
            status,
            created,
            paid_at,
            modified_at,
            expires_at,
            source,
            lines,
            parcels,
            risk,
            cancels,
            end_reason,
            _country(node, view, path, kept),
            _amount(node, view, path, kept),
            now,
            tuple(bad.problem(order_id, kept=True) for bad in kept) if kept else (),
        )


_SPLIT: Final = ("left_send_good_day", "left_send_good_hour", "left_send_good_min")


def _split(node: _Node, view: _Node, path: str) -> tuple[int, int, int] | None:
    """Return ``left_send_good_day/_hour/_min`` (a missing part is 0), or ``None``."""
    get = view.get
    values = (get(_SPLIT[0]), get(_SPLIT[1]), get(_SPLIT[2]))
    if values == (None, None, None):
        return None
    parts = [_integer(value, node, path, name) for value, name in zip(values, _SPLIT, strict=True)]
    if parts == [None, None, None]:
        return None
    days, hours, minutes = (part or 0 for part in parts)
    return days, hours, minutes


def _countdown(
    node: _Node,
    path: str,
    now: dt.datetime,
    left_ms: int | None,
    split: tuple[int, int, int] | None,
    *,
    kept: list[_BadError],
) -> tuple[dt.datetime, str] | None:
    """Return where the countdown from the response points, and its source field.

    A countdown past the ends of ``datetime`` is a kept problem and is left out.
    """
    try:
        if left_ms is not None:
            return now + dt.timedelta(milliseconds=left_ms), "timeout_left_time"
        assert split is not None
        days, hours, minutes = split
        return now + dt.timedelta(days=days, hours=hours, minutes=minutes), "left_send_good"
    except OverflowError:
        name = "timeout_left_time" if left_ms is not None else _SPLIT[0]
        value = left_ms if left_ms is not None else split
        kept.append(
            _BadError(
                ProblemCode.BAD_VALUE,
                _path(node, path, name),
                value,
                "a countdown beyond the ends of the calendar: left out",
            )
        )
        return None


def _line(node: _Node, path: str) -> OrderLine:
    view = node if _LINE.camel.isdisjoint(node) else _LINE.view(node)
    get = view.get
    value, name = _either(view, "child_order_id", "child_id", "id")
    line_id = _ident(value, node, path, name)
    value, name = _either(view, "order_status", "son_order_status")
    # Read in this order: the first bad field is the one reported.
    status = _text(value, node, path, name)
    # A text is usually a non-empty string, taken as it is; anything else goes to _text.
    service = get("logistics_type")
    if service is not None and (type(service) is not str or not service):
        service = _text(service, node, path, "logistics_type")
    operator = get("send_goods_operator")
    if operator is not None and (type(operator) is not str or not operator):
        operator = _text(operator, node, path, "send_goods_operator")
    warehouse = get("logistics_warehouse_type")
    if warehouse is not None and (type(warehouse) is not str or not warehouse):
        warehouse = _text(warehouse, node, path, "logistics_warehouse_type")
    attributes = get("product_attributes")
    if attributes is not None and (type(attributes) is not str or not attributes):
        attributes = _text(attributes, node, path, "product_attributes")
    count = _integer(get("product_count"), node, path, "product_count")
    prepare = _integer(get("goods_prepare_time"), node, path, "goods_prepare_time")
    return checked_line(
        line_id,
        status,
        count,
        prepare,
        service,
        operator,
        warehouse,
        attributes,
    )


_RawParcel: TypeAlias = tuple[
    str, _Time, "str | None", "str | None", "_Time | None", "ReceiveStatus | None", "str | None"
]
_RECEIVE: Final[Mapping[str, ReceiveStatus]] = {status.value: status for status in ReceiveStatus}


def _parcel(node: _Node, path: str, kept: list[_BadError]) -> _RawParcel:
    view = node if _PARCEL.camel.isdisjoint(node) else _PARCEL.view(node)
    get = view.get
    value = get("logistics_no")
    if value is None or value == "":
        raise _absent(node, path, "logistics_no")
    number = _text(value, node, path, "logistics_no", required=True)
    sent = _time(get("gmt_send"), node, path, "gmt_send")
    if sent is None:
        raise _absent(node, path, "gmt_send")
    received = _time(get("gmt_received"), node, path, "gmt_received")
    # A text is usually a non-empty string, taken as it is; anything else goes to _text.
    service = get("logistics_type_code")
    if service is not None and (type(service) is not str or not service):
        service = _text(service, node, path, "logistics_type_code")
    service_name = get("logistics_service_name")
    if service_name is not None and (type(service_name) is not str or not service_name):
        service_name = _text(service_name, node, path, "logistics_service_name")
    raw = get("receive_status")
    if raw is not None and (type(raw) is not str or not raw):
        raw = _text(raw, node, path, "receive_status")
    receive: ReceiveStatus | None = None
    if raw is not None:
        receive = _RECEIVE.get(raw)
        if receive is None:
            kept.append(
                _BadError(
                    ProblemCode.UNKNOWN_RECEIVE_STATUS,
                    _path(node, path, "receive_status"),
                    raw,
                    "not a documented receive_status: left out",
                )
            )
    note = _text(get("recv_status_desc"), node, path, "recv_status_desc")
    assert number is not None
    return number, sent, service, service_name, received, receive, note


def _country(node: _Node, view: _Node, path: str, kept: list[_BadError]) -> str | None:
    value = view.get("receipt_address")
    if type(value) is not dict and not isinstance(value, Mapping):
        return None
    inner = value.get("country")  # one word: the same key in both styles
    if inner is None or inner == "":
        return None
    try:
        return country_code(inner, "country")
    except HalfManagedError as error:
        where = _join(_path(node, path, "receipt_address"), "country")
        kept.append(_BadError(ProblemCode.BAD_VALUE, where, inner, f"{error}: region left out"))
        return None


def _amount(node: _Node, view: _Node, path: str, kept: list[_BadError]) -> Money | None:
    value, name = _either(view, "order_amount", "pay_amount")
    if type(value) is not dict and not isinstance(value, Mapping):
        return None
    amount = value.get("amount")  # one word: the same key in both styles
    currency, _ = _get(value, "currency_code")
    if currency is _MISSING:
        currency = None
    try:
        return Money(amount, currency)  # type: ignore[arg-type]  # checked by Money
    except HalfManagedError as error:
        where = _path(node, path, name)
        kept.append(_BadError(ProblemCode.BAD_VALUE, where, dict(value), f"{error}: left out"))
        return None


# -- status messages -----------------------------------------------------------------------


def read_status_change(payload: object) -> StatusChange:
    """Read an order-status push message; raise the first problem as an error."""
    path = "$"
    try:
        if not isinstance(payload, Mapping):
            raise _BadError(ProblemCode.WRONG_TYPE, path, payload, "expected a JSON object")
        node: _Node = payload
        value, _ = _get(node, "order_id")
        order_id = _ident(value, node, path, "order_id")
        value, _ = _get(node, "order_change_time")
        changed = _time(value, node, path, "order_change_time")
        if changed is None:
            raise _absent(node, path, "order_change_time")
        if type(changed) is _Wall and changed.skipped:
            raise _skipped(changed)
        value, _ = _get(node, "current_status")
        if value is _MISSING or value is None:
            raise _absent(node, path, "current_status")
        current = _text(value, node, path, "current_status", required=True)
        value, _ = _get(node, "last_status")
        previous = _text(value, node, path, "last_status")
        value, _ = _get(node, "login_id")
        login = _text(value, node, path, "login_id")
    except _BadError as bad:
        raise bad.problem(None).error() from None
    assert current is not None
    # A repeated wall time here has nothing to decide it: the earlier reading, as for orders.
    return StatusChange(order_id, _at(changed), previous, current, login)  # type: ignore[arg-type]
