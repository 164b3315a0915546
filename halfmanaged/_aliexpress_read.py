"""Reading AliExpress order payloads: envelopes, field names, time zones, paths.

Every field is looked up by its snake_case name (the API's) and then by its camelCase name
(what the SDKs produce); a path names the key the payload actually used. Problems are raised
as :class:`_BadError` inside one order and collected by the caller, so one bad order never loses
the others.
"""

from __future__ import annotations

import datetime as dt
import functools
import zoneinfo
from collections.abc import Mapping
from typing import Final

from halfmanaged._aliexpress_values import (
    STAGES,
    AliExpressOrder,
    OrderLine,
    Parcel,
    PayloadProblem,
    ProblemCode,
    ReceiveStatus,
    Span,
    StatusChange,
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


@functools.cache  # bounded: the reader asks a fixed set of field names
def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


def _join(path: str, key: str) -> str:
    return f"{path}.{key}"


def _get(node: Mapping[str, object], name: str) -> tuple[object, str]:
    """Return the value of ``name`` (snake_case, else camelCase) and the key it was under."""
    value = node.get(name, _MISSING)
    if value is not _MISSING:
        return value, name
    camel = _camel(name)
    value = node.get(camel, _MISSING)
    # A missing field's key is only needed in a path, that is on the error path.
    return value, camel if value is not _MISSING else name


def _first(node: Mapping[str, object], *names: str) -> tuple[object, str]:
    """Return the first of ``names`` present (each snake_case, else camelCase)."""
    for name in names:
        value, key = _get(node, name)
        if value is not _MISSING:
            return value, key
    return _MISSING, names[0]  # a path for it is only built by _absent, in the payload's style


def _missing_key(node: Mapping[str, object], name: str) -> str:
    """Return the key a missing field would have: camelCase in a camelCase object."""
    keys = [str(key) for key in node]
    if any("_" in key for key in keys) or not any(key != key.lower() for key in keys):
        return name
    return _camel(name)


def _items(
    value: object, path: str, bad: list[_BadError] | None = None
) -> list[tuple[Mapping[str, object], str]]:
    """Return the entries of a list field and their paths.

    A list may come bare, or wrapped once more in a mapping of one key (``{"order_dto":
    [...]}``, the XML item name); an empty mapping or ``null`` is an empty list. With ``bad``,
    an entry that is no object is collected there instead of failing the whole list.
    """
    if value is _MISSING or value is None:
        return []
    if isinstance(value, Mapping):
        if not value:
            return []
        if len(value) == 1:
            ((key, inner),) = value.items()
            path = _join(path, str(key))
            value = inner
    if not isinstance(value, list | tuple):
        raise _BadError(ProblemCode.WRONG_TYPE, path, value, "expected a list of objects")
    out = []
    for i, item in enumerate(value):
        if isinstance(item, Mapping):
            out.append((item, f"{path}[{i}]"))
            continue
        problem = _BadError(ProblemCode.WRONG_TYPE, f"{path}[{i}]", item, "expected an object")
        if bad is None:
            raise problem
        bad.append(problem)  # one entry of a page: the others are still read
    return out


def _text(value: object, parent: str, key: str, *, required: bool = False) -> str | None:
    if value is _MISSING or value is None or value == "":
        if required:
            raise _BadError(ProblemCode.MISSING, _join(parent, key), None, "required")
        return None
    if not isinstance(value, str):
        raise _BadError(ProblemCode.WRONG_TYPE, _join(parent, key), value, "expected a string")
    return value


def _ident(value: object, parent: str, key: str) -> str:
    """Return an id as a string; the API writes numbers, the SDKs strings."""
    if value is _MISSING or value is None:
        raise _BadError(ProblemCode.MISSING, _join(parent, key), None, "required")
    if type(value) is int and value >= 0:
        return str(value)
    if isinstance(value, str) and value.strip():
        return value.strip()
    raise _BadError(
        ProblemCode.WRONG_TYPE,
        _join(parent, key),
        value,
        "expected a non-negative integer or string",
    )


def _integer(value: object, parent: str, key: str) -> int | None:
    """Return a whole number written as a JSON number or its string (SDKs stringify longs)."""
    if value is _MISSING or value is None or value == "":
        return None
    if type(value) is int:
        return value
    if isinstance(value, str):
        text = value.strip()
        if text.lstrip("-").isdigit() and text.count("-") <= 1 and text.isascii():
            return int(text)
        raise _BadError(
            ProblemCode.BAD_VALUE, _join(parent, key), value, "expected a whole number"
        )
    raise _BadError(ProblemCode.WRONG_TYPE, _join(parent, key), value, "expected a whole number")


# -- times ---------------------------------------------------------------------------------
#
# Business times are written "YYYY-MM-DD HH:MM:SS", naive, in US Pacific time with DST. A wall
# time the spring switch skips cannot come from a real instant; it is read as Java's time
# library reads it (moved forward by the gap) and reported. A wall time the autumn switch
# repeats is read as its first (earlier) occurrence unless the payload itself decides it: the
# countdown in milliseconds, or whole days between expiry and modification
# (docs/rules.md#reading-aliexpress-times).


class _Wall:
    """A business time as read, with both readings when the autumn switch repeats it."""

    __slots__ = ("first", "key", "parent", "second", "skipped", "text")

    def __init__(self, text: str, parent: str, key: str, first: dt.datetime) -> None:
        self.text = text
        self.parent = parent
        self.key = key
        self.first = first
        self.second: dt.datetime | None = None  # the later reading, in a repeated hour
        self.skipped = False

    @property
    def path(self) -> str:
        return _join(self.parent, self.key)

    @property
    def ambiguous(self) -> bool:
        return self.second is not None


def _naive(value: object, parent: str, key: str) -> tuple[str, dt.datetime] | None:
    if value is _MISSING or value is None or value == "":
        return None
    if not isinstance(value, str):
        raise _BadError(
            ProblemCode.WRONG_TYPE,
            _join(parent, key),
            value,
            "expected a 'YYYY-MM-DD HH:MM:SS' string",
        )
    if len(value) != 19 or value[10] != " " or value[4] != "-" or value[13] != ":":
        raise _BadError(
            ProblemCode.BAD_TIME, _join(parent, key), value, "expected 'YYYY-MM-DD HH:MM:SS'"
        )
    try:
        return value, dt.datetime.fromisoformat(value)
    except ValueError:
        raise _BadError(
            ProblemCode.BAD_TIME, _join(parent, key), value, "not a date and time"
        ) from None


def _wall(value: object, parent: str, key: str) -> _Wall | None:
    found = _naive(value, parent, key)
    if found is None:
        return None
    text, naive = found
    tz = la()
    first = naive.replace(tzinfo=tz)
    wall = _Wall(text, parent, key, first)
    if naive.month in (3, 11):  # the only months the zone switches in
        later = naive.replace(tzinfo=tz, fold=1)
        a, b = first.utcoffset(), later.utcoffset()
        if a is not None and b is not None and a != b:
            if a > b:  # repeated: fold 0 is daylight time, the earlier instant
                wall.second = later
            else:  # skipped: fold 0 is the instant Java reads, shown as the real wall time
                wall.first = first.astimezone(_UTC).astimezone(tz)
                wall.skipped = True
    return wall


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


def _gmt8(value: object, parent: str, key: str) -> dt.datetime | None:
    found = _naive(value, parent, key)
    return None if found is None else found[1].replace(tzinfo=GMT8)


def _pick(wall: _Wall | None, second: bool) -> None:
    if wall is not None and wall.second is not None and second:
        wall.first, wall.second = wall.second, None
    elif wall is not None:
        wall.second = None


def _whole_days(later: dt.datetime, earlier: dt.datetime) -> bool:
    return (later.astimezone(_UTC) - earlier.astimezone(_UTC)).total_seconds() % _DAY == 0


def _decide_by_days(ambiguous: _Wall, other: _Wall, ambiguous_is_later: bool) -> bool:
    """Decide a repeated wall time by whole days to another time; return whether decided."""
    assert ambiguous.second is not None
    fits = []
    for candidate in (ambiguous.first, ambiguous.second):
        pair = (candidate, other.first) if ambiguous_is_later else (other.first, candidate)
        fits.append(_whole_days(*pair))
    if fits[0] != fits[1]:
        _pick(ambiguous, second=fits[1])
        return True
    return False


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
        value, key = _get(node, "time_stamp")
        found.response_time = _gmt8(value, path, key)


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
                count, count_key = _get(node, "total_count")
                found.total_count = _integer(count, path, count_key)
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


def _absent(node: Mapping[str, object], path: str, *names: str) -> _BadError:
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


class OrderReader:
    """Reads order objects; holds what a whole page shares (the response time)."""

    __slots__ = ("response_time",)

    def __init__(self, response_time: dt.datetime | None) -> None:
        self.response_time = response_time

    def read(
        self, node: Mapping[str, object], path: str
    ) -> tuple[AliExpressOrder | None, list[PayloadProblem]]:
        """Return the order (``None`` when it cannot be read) and every problem found."""
        kept: list[_BadError] = []
        order_id: str | None = None
        try:
            value, key = _first(node, "order_id", "id")
            order_id = _ident(value, path, key)
            order = self._read(node, path, order_id, kept)
        except _BadError as bad:
            return None, [*(k.problem(order_id, kept=True) for k in kept), bad.problem(order_id)]
        return order, list(order.problems)

    def _read(  # noqa: PLR0912, PLR0915 (one order is many fields, read in one place)
        self, node: Mapping[str, object], path: str, order_id: str, kept: list[_BadError]
    ) -> AliExpressOrder:
        value, key = _get(node, "order_status")
        if value is _MISSING or value is None:
            raise _absent(node, path, "order_status")
        status = _text(value, path, key, required=True)
        assert status is not None
        if status not in STAGES:
            kept.append(
                _BadError(
                    ProblemCode.UNKNOWN_STATUS,
                    _join(path, key),
                    status,
                    "not a documented order_status: kept verbatim, stage unknown",
                )
            )
        value, key = _get(node, "gmt_create")
        created = _wall(value, path, key)
        if created is None:
            raise _absent(node, path, "gmt_create")
        value, key = _first(node, "gmt_pay_success", "gmt_pay_time")
        paid = _wall(value, path, key)
        value, key = _first(node, "gmt_modified", "gmt_update")
        modified = _wall(value, path, key)
        value, key = _get(node, "over_time_left")
        expiry = _wall(value, path, key)
        value, key = _get(node, "timeout_left_time")
        left_ms = _integer(value, path, key)
        split = _split(node, path)

        value, key = _first(node, "child_order_list", "product_list")
        lines = tuple(_line(item, p) for item, p in _items(value, _join(path, key)))
        platform_services = {ln.logistics_type for ln in lines if ln.platform_fulfilled}
        seller_services = {ln.logistics_type for ln in lines if not ln.platform_fulfilled}
        all_platform = bool(lines) and not seller_services
        platform_only = platform_services - seller_services
        value, key = _get(node, "logistic_info_list")
        raw_parcels = [_parcel(item, p, kept) for item, p in _items(value, _join(path, key))]
        value, key = _get(node, "opr_log_dto_list")
        cleared: _Wall | None = None
        for item, p in _items(value, _join(path, key)):
            action, _ = _get(item, "action_type")
            if action == "risk_control_pass":
                at_value, at_key = _get(item, "gmt_create")
                at = _wall(at_value, p, at_key)
                if at is not None and (cleared is None or at.first < cleared.first):
                    cleared = at

        # The countdown in milliseconds (or days, hours, minutes) runs from the response.
        now = self.response_time
        countdown: tuple[dt.datetime, str] | None = None
        if now is not None and left_ms is not None:
            countdown = (now + dt.timedelta(milliseconds=left_ms), "timeout_left_time")
        elif now is not None and split is not None:
            countdown = (now + split, "left_send_good")
        # A repeated wall time: let the payload decide wherever it can.
        if expiry is not None and expiry.second is not None and countdown is not None:
            target = countdown[0].astimezone(_UTC)
            first_off = abs(expiry.first.astimezone(_UTC) - target)
            second_off = abs(expiry.second.astimezone(_UTC) - target)
            _pick(expiry, second=second_off < first_off)
        if expiry is not None and modified is not None:
            if expiry.ambiguous and not modified.ambiguous:
                _decide_by_days(expiry, modified, ambiguous_is_later=True)
            elif modified.ambiguous and not expiry.ambiguous:
                _decide_by_days(modified, expiry, ambiguous_is_later=False)
        walls = [created, paid, modified, expiry, cleared]
        for raw in raw_parcels:
            walls.extend((raw[1], raw[4]))
        for wall in walls:
            if wall is None:
                continue
            if wall.skipped:
                kept.append(_skipped(wall))
            elif wall.ambiguous:
                kept.append(_ambiguous(wall))
                _pick(wall, second=False)
            wall.first = _fixed(wall.first)

        parcels = tuple(
            Parcel(
                number,
                sent.first,
                service=service,
                service_name=service_name,
                received_at=None if received is None else received.first,
                receive_status=receive,
                receive_note=note,
                platform_fulfilled=all_platform
                or (service is not None and service in platform_only),
            )
            for number, sent, service, service_name, received, receive, note in raw_parcels
        )
        expires_at: dt.datetime | None = None
        source: str | None = None
        if expiry is not None:
            expires_at, source = expiry.first, "over_time_left"
        elif countdown is not None:
            expires_at, source = _fixed(countdown[0].astimezone(la())), countdown[1]

        value, key = _first(node, "order_end_reason", "end_reason")
        end_reason = _text(value, path, key)
        paid_at = None if paid is None else paid.first
        modified_at = None if modified is None else modified.first
        risk: Span | None = None
        if cleared is not None:
            risk = Span(
                paid_at if paid_at is not None and paid_at <= cleared.first else cleared.first,
                cleared.first,
            )
        elif status in _RISK and paid_at is not None:
            risk = Span(paid_at)
        cancels: tuple[Span, ...] = ()
        if status == "IN_CANCEL":
            # The request came at the latest when the order last changed: the hold starts
            # no earlier than the truth; status messages give the exact time.
            if modified_at is not None:
                cancels = (Span(modified_at),)
            else:
                kept.append(
                    _BadError(
                        ProblemCode.MISSING,
                        _join(path, _missing_key(node, "gmt_modified")),
                        None,
                        "an IN_CANCEL order needs gmt_modified to start its hold",
                    )
                )
        return AliExpressOrder(
            order_id,
            status,
            created.first,
            paid_at=paid_at,
            modified_at=modified_at,
            status_expires_at=expires_at,
            expiry_source=source,
            lines=lines,
            parcels=parcels,
            risk_control=risk,
            cancel_requests=cancels,
            end_reason=end_reason,
            country=_country(node, path, kept),
            amount=_amount(node, path, kept),
            response_time=now,
            problems=tuple(bad.problem(order_id, kept=True) for bad in kept),
        )


def _split(node: Mapping[str, object], path: str) -> dt.timedelta | None:
    parts = []
    for name in ("left_send_good_day", "left_send_good_hour", "left_send_good_min"):
        value, key = _get(node, name)
        parts.append(_integer(value, path, key))
    if all(part is None for part in parts):
        return None
    days, hours, minutes = (part or 0 for part in parts)
    return dt.timedelta(days=days, hours=hours, minutes=minutes)


_LINE_TEXTS: Final = (
    ("status", ("order_status", "son_order_status")),
    ("logistics_type", ("logistics_type",)),
    ("send_goods_operator", ("send_goods_operator",)),
    ("logistics_warehouse_type", ("logistics_warehouse_type",)),
    ("attributes", ("product_attributes",)),
)


def _line(node: Mapping[str, object], path: str) -> OrderLine:
    value, key = _first(node, "child_order_id", "child_id", "id")
    line_id = _ident(value, path, key)
    texts = {}
    for name, names in _LINE_TEXTS:
        value, key = _first(node, *names)
        texts[name] = _text(value, path, key)
    value, key = _get(node, "product_count")
    count = _integer(value, path, key)
    value, key = _get(node, "goods_prepare_time")
    prepare = _integer(value, path, key)
    return OrderLine(
        line_id,
        status=texts["status"],
        product_count=count,
        goods_prepare_days=prepare,
        logistics_type=texts["logistics_type"],
        send_goods_operator=texts["send_goods_operator"],
        logistics_warehouse_type=texts["logistics_warehouse_type"],
        attributes=texts["attributes"],
    )


_RawParcel = tuple[
    str, _Wall, "str | None", "str | None", "_Wall | None", "ReceiveStatus | None", "str | None"
]


def _parcel(node: Mapping[str, object], path: str, kept: list[_BadError]) -> _RawParcel:
    value, key = _get(node, "logistics_no")
    if value is _MISSING or value is None or value == "":
        raise _absent(node, path, "logistics_no")
    number = _text(value, path, key, required=True)
    value, key = _get(node, "gmt_send")
    sent = _wall(value, path, key)
    if sent is None:
        raise _absent(node, path, "gmt_send")
    value, key = _get(node, "gmt_received")
    received = _wall(value, path, key)
    value, key = _get(node, "logistics_type_code")
    service = _text(value, path, key)
    value, key = _get(node, "logistics_service_name")
    service_name = _text(value, path, key)
    value, key = _get(node, "receive_status")
    raw = _text(value, path, key)
    receive: ReceiveStatus | None = None
    if raw is not None:
        try:
            receive = ReceiveStatus(raw)
        except ValueError:
            kept.append(
                _BadError(
                    ProblemCode.UNKNOWN_RECEIVE_STATUS,
                    _join(path, key),
                    raw,
                    "not a documented receive_status: left out",
                )
            )
    value, key = _get(node, "recv_status_desc")
    note = _text(value, path, key)
    assert number is not None
    return number, sent, service, service_name, received, receive, note


def _country(node: Mapping[str, object], path: str, kept: list[_BadError]) -> str | None:
    value, key = _get(node, "receipt_address")
    if not isinstance(value, Mapping):
        return None
    inner, inner_key = _get(value, "country")
    if inner is _MISSING or inner is None or inner == "":
        return None
    try:
        return country_code(inner, "country")
    except HalfManagedError as error:
        where = _join(_join(path, key), inner_key)
        kept.append(_BadError(ProblemCode.BAD_VALUE, where, inner, f"{error}: region left out"))
        return None


def _amount(node: Mapping[str, object], path: str, kept: list[_BadError]) -> Money | None:
    value, key = _first(node, "order_amount", "pay_amount")
    if not isinstance(value, Mapping):
        return None
    amount, _ = _get(value, "amount")
    currency, _ = _get(value, "currency_code")
    try:
        return Money(amount, currency)  # type: ignore[arg-type]  # checked by Money
    except HalfManagedError as error:
        kept.append(
            _BadError(ProblemCode.BAD_VALUE, _join(path, key), dict(value), f"{error}: left out")
        )
        return None


# -- status messages -----------------------------------------------------------------------


def read_status_change(payload: object) -> StatusChange:
    """Read an order-status push message; raise the first problem as an error."""
    path = "$"
    try:
        if not isinstance(payload, Mapping):
            raise _BadError(ProblemCode.WRONG_TYPE, path, payload, "expected a JSON object")
        node: Mapping[str, object] = payload
        value, key = _get(node, "order_id")
        order_id = _ident(value, path, key)
        value, key = _get(node, "order_change_time")
        changed = _wall(value, path, key)
        if changed is None:
            raise _absent(node, path, "order_change_time")
        if changed.skipped:
            raise _skipped(changed)
        value, key = _get(node, "current_status")
        if value is _MISSING or value is None:
            raise _absent(node, path, "current_status")
        current = _text(value, path, key, required=True)
        value, key = _get(node, "last_status")
        previous = _text(value, path, key)
        value, key = _get(node, "login_id")
        login = _text(value, path, key)
    except _BadError as bad:
        raise bad.problem(None).error() from None
    assert current is not None
    # A repeated wall time here has nothing to decide it: the earlier reading, as for orders.
    return StatusChange(order_id, _fixed(changed.first), previous, current, login)
