"""Field validators and converters shared by the value classes.

attrs' own ``instance_of`` and enum conversion raise bare ``TypeError`` / ``ValueError``; these
raise :class:`~halfmanaged.errors.HalfManagedError` subclasses that name the field and value.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
from collections.abc import Callable, Iterable
from typing import Any, TypeAlias, TypeVar

import attrs

from halfmanaged.errors import (
    DateOutOfRangeError,
    FieldTypeError,
    InvalidFieldError,
    NaiveDatetimeError,
)

Validator: TypeAlias = Callable[[object, "attrs.Attribute[Any]", object], None]
_E = TypeVar("_E", bound=enum.Enum)
_T = TypeVar("_T")


def instance_of(
    kind: type | tuple[type, ...], expected: str, *, optional: bool = False
) -> Validator:
    """Accept instances of ``kind`` (and ``None`` when ``optional``); ``bool`` is no ``int``."""

    def check(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if value is None and optional:
            return
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise FieldTypeError(attribute.name, value, expected)

    return check


def check_aware(field: str, value: object) -> dt.datetime:
    """Return ``value`` if it is a timezone-aware datetime, else raise naming ``field``."""
    if not isinstance(value, dt.datetime):
        raise FieldTypeError(field, value, "datetime")
    if value.tzinfo is None or value.utcoffset() is None:
        raise NaiveDatetimeError(field, value)
    return value


def utc_time(field: str, value: object) -> dt.datetime:
    """Return the aware datetime ``value`` in UTC, or raise naming ``field``.

    A time so near ``datetime.min`` or ``max`` that its UTC instant does not exist is a
    :class:`~halfmanaged.errors.DateOutOfRangeError`, never an ``OverflowError``.
    """
    try:
        return check_aware(field, value).astimezone(dt.UTC)
    except OverflowError:
        raise DateOutOfRangeError(field, value) from None


def aware(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Validate a required timezone-aware datetime."""
    check_aware(attribute.name, value)


def optional_aware(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Validate a timezone-aware datetime or ``None``."""
    if value is not None:
        check_aware(attribute.name, value)


def int_at_least(minimum: int) -> Validator:
    """Accept an ``int`` (never a ``bool``) of at least ``minimum``."""

    def check(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if type(value) is not int:
            raise FieldTypeError(attribute.name, value, "int")
        if value < minimum:
            raise InvalidFieldError(attribute.name, value, f"must be at least {minimum}")

    return check


def optional_str(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Validate a ``str`` or ``None``."""
    if value is not None and not isinstance(value, str):
        raise FieldTypeError(attribute.name, value, "str or None")


def required_str(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Validate a ``str``."""
    if not isinstance(value, str):
        raise FieldTypeError(attribute.name, value, "str")


# attrs' mypy plugin accepts only named functions, types and lambdas as converters, not the
# callable a factory returns. So a value class converts an enum field in a one-line named
# function that calls enum_value (or optional_enum_value) directly: one wrapper, no module-level
# converter object in between.


def enum_value(kind: type[_E], field: str, value: object) -> _E:
    """Return ``value`` as a member of ``kind`` (a member or its value), or raise naming ``field``.

    >>> import enum
    >>> class Colour(enum.StrEnum):
    ...     RED = "red"
    >>> enum_value(Colour, "colour", "red")
    <Colour.RED: 'red'>
    >>> enum_value(Colour, "colour", "blue")
    Traceback (most recent call last):
    ...
    halfmanaged.errors.InvalidFieldError: colour='blue': expected one of: red
    """
    if isinstance(value, kind):
        return value
    try:
        return kind(value)
    except (ValueError, TypeError):
        allowed = ", ".join(str(member.value) for member in kind)
        raise InvalidFieldError(field, value, f"expected one of: {allowed}") from None


def optional_enum_value(kind: type[_E], field: str, value: object) -> _E | None:
    """Like :func:`enum_value`, letting ``None`` through."""
    return None if value is None else enum_value(kind, field, value)


def to_enum(kind: type[_E], field: str) -> Callable[[object], _E]:
    """Return a converter of one field to ``kind``, for callers that need a callable."""
    return functools.partial(enum_value, kind, field)


def tuple_of(kind: type[_T], field: str, value: object) -> tuple[_T, ...]:
    """Return ``value`` as a tuple of ``kind``; a string or a non-iterable is refused whole."""
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        raise FieldTypeError(field, value, f"an iterable of {kind.__name__}")
    items = tuple(value)
    for item in items:
        if not isinstance(item, kind):
            raise FieldTypeError(field, item, kind.__name__)
    return items


def enums_of(kind: type[_E], field: str, value: object) -> tuple[_E, ...]:
    """Return ``value`` as a tuple of ``kind`` members, converting their values as ``to_enum``."""
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        raise FieldTypeError(field, value, f"an iterable of {kind.__name__}")
    return tuple(enum_value(kind, field, item) for item in value)
