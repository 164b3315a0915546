"""Every error halfmanaged raises on purpose.

One base, :class:`HalfManagedError`, and narrow subclasses that also subclass the builtin they
refine, so ``except ValueError`` in a caller keeps working. Each error carries the offending
value (and the field it came from) as attributes and builds its message from them; a message
is for the developer reading a traceback, while the codes and fields are the stable interface.

>>> from halfmanaged.errors import HalfManagedError, InvalidFieldError
>>> err = InvalidFieldError("promise_days", 3, "must be 1 or 2")
>>> isinstance(err, HalfManagedError) and isinstance(err, ValueError)
True
>>> str(err)
'promise_days=3: must be 1 or 2'
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Iterable, Sequence
from typing import Any

__all__ = [
    "ActionRefusedError",
    "DateOutOfRangeError",
    "FieldTypeError",
    "HalfManagedError",
    "IllegalActionError",
    "InvalidFieldError",
    "InvalidPolicyError",
    "InvalidRecordError",
    "InvalidWeekendError",
    "MalformedFeedError",
    "MalformedPayloadError",
    "MissingDataError",
    "NaiveDatetimeError",
    "NotADateError",
    "OrderPayloadError",
    "PayloadDateOutOfRangeError",
    "UnknownCountryError",
    "UnknownLocaleError",
    "UnknownSubdivisionError",
    "UnknownTimezoneError",
    "UnusableInputError",
    "VersionConflictError",
]


class HalfManagedError(Exception):
    """Base of every error the library raises on purpose.

    Every error survives ``pickle`` and ``copy``, so that a worker process (a
    ``ProcessPoolExecutor``, Dask) reports it to its caller as the same error: it is rebuilt
    from the attributes its constructor stored under the names of its parameters.

    >>> issubclass(UnknownCountryError, HalfManagedError)
    True
    >>> import pickle
    >>> str(pickle.loads(pickle.dumps(UnknownTimezoneError("Mars/Olympus"))))
    "timezone='Mars/Olympus': not an IANA time zone name such as 'Europe/Berlin'"
    """

    def __reduce__(self) -> str | tuple[Any, ...]:
        params = _parameters(type(self).__init__)
        if params is None:  # the plain base, built from its message alone
            return super().__reduce__()
        args = [getattr(self, name) for name, keyword in params if not keyword]
        kwargs = {name: getattr(self, name) for name, keyword in params if keyword}
        return (_rebuild, (type(self), tuple(args), kwargs), self.__dict__)


@functools.cache
def _parameters(init: Any) -> tuple[tuple[str, bool], ...] | None:
    """Return a constructor's parameters, each with whether it is keyword-only."""
    if init is Exception.__init__:
        return None
    params = list(inspect.signature(init).parameters.values())[1:]
    return tuple((p.name, p.kind is inspect.Parameter.KEYWORD_ONLY) for p in params)


def _rebuild(
    cls: type[HalfManagedError], args: tuple[object, ...], kwargs: dict[str, object]
) -> HalfManagedError:
    return cls(*args, **kwargs)


class InvalidFieldError(HalfManagedError, ValueError):
    """A value has the right type but is not allowed where it was given.

    ``field`` names the argument or attribute, ``value`` is what was passed and ``reason``
    says what would have been accepted.

    >>> InvalidFieldError("quantity", 0, "must be a positive integer").field
    'quantity'
    """

    def __init__(self, field: str, value: object, reason: str) -> None:
        self.field = field
        self.value = value
        self.reason = reason
        super().__init__(f"{field}={value!r}: {reason}")


class FieldTypeError(HalfManagedError, TypeError):
    """A value has the wrong type for its field.

    >>> str(FieldTypeError("order_id", 12, "str"))
    'order_id=12: expected str, got int'
    """

    def __init__(self, field: str, value: object, expected: str) -> None:
        self.field = field
        self.value = value
        self.expected = expected
        super().__init__(f"{field}={value!r}: expected {expected}, got {type(value).__name__}")


class NotADateError(FieldTypeError):
    """A ``datetime.date`` was expected; a ``datetime`` counts as an error, never truncated.

    >>> import datetime
    >>> str(NotADateError("d", datetime.datetime(2026, 1, 2, 9, 30)))  # doctest: +ELLIPSIS
    "d=datetime.datetime(2026, 1, 2, 9, 30): expected a datetime.date, got a datetime; ..."
    """

    def __init__(self, field: str, value: object) -> None:
        super().__init__(field, value, "datetime.date")
        if type(value).__name__ in {"datetime", "DateTime"}:
            self.args = (
                f"{field}={value!r}: expected a datetime.date, got a datetime; "
                "pass value.date() (or convert it to the warehouse's time zone first)",
            )


class NaiveDatetimeError(InvalidFieldError):
    """A datetime without a time zone was given; the library never guesses one.

    >>> import datetime
    >>> NaiveDatetimeError("placed_at", datetime.datetime(2026, 1, 2)).field
    'placed_at'
    """

    def __init__(self, field: str, value: object) -> None:
        super().__init__(field, value, "datetime must be timezone-aware (attach a tzinfo)")


class DateOutOfRangeError(InvalidFieldError):
    """A date lies outside the span the calendars support (1970 through 2100).

    >>> import datetime
    >>> DateOutOfRangeError("d", datetime.date(1969, 12, 31)).reason
    'outside the supported range 1970-01-01 .. 2100-12-31'
    """

    def __init__(self, field: str, value: object) -> None:
        super().__init__(field, value, "outside the supported range 1970-01-01 .. 2100-12-31")


class UnknownCountryError(InvalidFieldError):
    """The country code is not one the holiday data supports.

    >>> err = UnknownCountryError("XX", ("DE", "FR"))
    >>> err.supported
    ('DE', 'FR')
    """

    def __init__(self, value: object, supported: Sequence[str]) -> None:
        self.supported = tuple(supported)
        shown = ", ".join(self.supported[:20]) + (", ..." if len(self.supported) > 20 else "")
        super().__init__(
            "country",
            value,
            f"not a supported ISO 3166-1 alpha-2 country ({len(self.supported)} supported: "
            f"{shown})",
        )


class UnknownSubdivisionError(InvalidFieldError):
    """The subdivision is not one of the country's subdivisions.

    >>> UnknownSubdivisionError("DE", "ZZ", ("BE", "BY")).country
    'DE'
    """

    def __init__(self, country: str, value: object, supported: Sequence[str]) -> None:
        self.country = country
        self.supported = tuple(supported)
        super().__init__(
            "subdiv",
            value,
            f"not a subdivision of {country} (supported: {', '.join(self.supported) or 'none'})",
        )


class UnknownTimezoneError(InvalidFieldError):
    """The time zone is not an IANA time zone name.

    >>> UnknownTimezoneError("Mars/Olympus").value
    'Mars/Olympus'
    """

    def __init__(self, value: object) -> None:
        super().__init__("timezone", value, "not an IANA time zone name such as 'Europe/Berlin'")


class InvalidWeekendError(InvalidFieldError):
    """A weekend is not a set of weekday numbers 0 (Monday) .. 6 (Sunday), or has no room left.

    >>> InvalidWeekendError((7,), "weekday numbers run from 0 (Monday) to 6 (Sunday)").field
    'weekend'
    """

    def __init__(self, value: object, reason: str) -> None:
        super().__init__("weekend", value, reason)


class UnknownLocaleError(InvalidFieldError):
    """Messages exist in English (``"en"``) and Simplified Chinese (``"zh-CN"``) only.

    >>> UnknownLocaleError("fr", ["en", "zh-CN"]).field
    'locale'
    """

    def __init__(self, value: object, supported: Iterable[str]) -> None:
        self.supported = tuple(supported)
        super().__init__("locale", value, f"supported locales: {', '.join(self.supported)}")


class InvalidRecordError(InvalidFieldError):
    """A record of what happened is impossible (delivery before handover, for one).

    >>> InvalidRecordError("delivered_at", "2026-01-01", "before the handover").reason
    'before the handover'
    """


class InvalidPolicyError(InvalidFieldError):
    """A policy parameter is outside what the platform offers or what makes sense.

    >>> InvalidPolicyError("promise_days", 3, "the platform offers 1 or 2 working days").field
    'promise_days'
    """


class MissingDataError(InvalidFieldError):
    """An answer needs a value the caller left out (an order value to compute a fine, say).

    >>> MissingDataError("order.value", None, "a percentage fine needs the order value").reason
    'a percentage fine needs the order value'
    """


class IllegalActionError(HalfManagedError, ValueError):
    """A workflow action was refused; ``reasons`` lists every reason, not only the first.

    >>> err = IllegalActionError("appeal", "resolve", ("missing evidence: chat_logs",))
    >>> err.stage, err.action, err.reasons
    ('appeal', 'resolve', ('missing evidence: chat_logs',))
    """

    def __init__(self, stage: str, action: str, reasons: Sequence[str]) -> None:
        self.stage = stage
        self.action = action
        self.reasons = tuple(reasons)
        super().__init__(
            f"action {action!r} refused at stage {stage!r}: " + "; ".join(self.reasons)
        )


class MalformedPayloadError(HalfManagedError, ValueError):
    """A stored payload cannot be read back; ``path`` points at the offending part.

    >>> str(MalformedPayloadError("history[2].stage", "'lost' is not a stage"))
    "history[2].stage: 'lost' is not a stage"
    """

    def __init__(self, path: str, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"{path}: {reason}")


class VersionConflictError(HalfManagedError, ValueError):
    """Compare-and-set failed: the stored version is not the one the caller started from.

    >>> VersionConflictError(expected=3, actual=4).actual
    4
    """

    def __init__(self, *, expected: int, actual: int) -> None:
        self.expected = expected
        self.actual = actual
        super().__init__(f"expected version {expected}, found {actual}")


class ActionRefusedError(IllegalActionError):
    """A workflow action was refused; ``blockers`` keeps each reason as a structured value.

    Each blocker has a ``code``, its ``facts`` and ``message(locale)``; ``reasons`` holds
    their English sentences.

    >>> err = ActionRefusedError("appeal", "resolve", ["the actor is empty"])
    >>> err.reasons, err.blockers
    (('the actor is empty',), ('the actor is empty',))
    """

    def __init__(self, stage: str, action: str, blockers: Sequence[object]) -> None:
        self.blockers = tuple(blockers)
        super().__init__(stage, action, [str(b) for b in self.blockers])


class MalformedFeedError(MalformedPayloadError):
    """A tracking feed body is not JSON, or not the provider's shape, at ``path``.

    ``path`` is the JSON path of the offending part (``$`` for the whole body), ``value`` what
    was found there and ``reason`` what the reader expected.

    >>> err = MalformedFeedError("$.msg.checkpoints[2].tag", 7, "expected a string or null")
    >>> str(err), err.value
    ('$.msg.checkpoints[2].tag=7: expected a string or null', 7)
    """

    def __init__(self, path: str, value: object, reason: str) -> None:
        super().__init__(path, reason)
        self.value = value
        shown = repr(value)
        if len(shown) > 80:  # a whole body may be the value: keep the message readable
            shown = shown[:77] + "..."
        self.args = (f"{path}={shown}: {reason}",)


class OrderPayloadError(MalformedPayloadError):
    """A marketplace order payload has a missing, mistyped or unreadable field at ``path``.

    ``path`` is the JSON path of the field as the payload spells it (``$`` for the whole
    payload), ``value`` what was found there (``None`` when missing) and ``reason`` what the
    reader expected.

    >>> err = OrderPayloadError("$.result.target_list.order_dto[3].gmt_pay_success", 17, "x")
    >>> err.path, err.value, isinstance(err, ValueError)
    ('$.result.target_list.order_dto[3].gmt_pay_success', 17, True)
    """

    def __init__(self, path: str, value: object, reason: str) -> None:
        super().__init__(path, reason)
        self.value = value
        shown = repr(value)
        if len(shown) > 80:  # a whole order may be the value: keep the message readable
            shown = shown[:77] + "..."
        self.args = (f"{path}={shown}: {reason}",)


class UnusableInputError(HalfManagedError, ValueError):
    """An input file cannot be used at all: missing, unreadable, or without a usable column.

    ``path`` names the file and ``reason`` says what is wrong; a bad row is not this error (the
    report lists it and goes on), a file the report cannot read at all is.

    >>> err = UnusableInputError("orders.csv", "no usable column: needs order_id")
    >>> str(err), isinstance(err, ValueError)
    ('orders.csv: no usable column: needs order_id', True)
    """

    def __init__(self, path: str, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"{path}: {reason}")


class PayloadDateOutOfRangeError(MalformedPayloadError, DateOutOfRangeError):
    """A stored payload or history holds a time outside the supported range, at ``path``.

    Both a :class:`MalformedPayloadError` (the payload cannot be read back) and a
    :class:`DateOutOfRangeError` (the time is out of range); ``field`` is the path too.

    >>> err = PayloadDateOutOfRangeError("history[2].at", "9999-12-31T23:59:59-14:00")
    >>> err.path, isinstance(err, DateOutOfRangeError), isinstance(err, MalformedPayloadError)
    ('history[2].at', True, True)
    """

    def __init__(self, path: str, value: object) -> None:
        DateOutOfRangeError.__init__(self, path, value)
        self.path = path
        self.args = (f"{path}: {value!r} is {self.reason}",)
