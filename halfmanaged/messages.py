"""One message catalog for every sentence meant for a person, in English and Simplified Chinese.

Violations, findings and refused actions carry a machine ``code`` and their fields; this module
turns them into words. Callers keep the codes and fields as the stable interface, so wording can
improve without breaking anyone. The templates live in ``halfmanaged/_catalog/``, one private
file per domain module, and are merged and checked here at import: every code has both
languages and both use the same placeholders.

>>> from halfmanaged.messages import render
>>> render("calendar.closure", {}, "en")
'warehouse closure'
>>> render("calendar.closure", {}, "zh-CN")
'仓库停工'
"""

from __future__ import annotations

import datetime as dt
import enum
import string
from collections.abc import Mapping
from types import MappingProxyType

from halfmanaged._catalog import TEMPLATES
from halfmanaged.errors import (
    FieldTypeError,
    HalfManagedError,
    InvalidFieldError,
    UnknownLocaleError,
)

__all__ = ["CATALOG", "Locale", "clock_duration", "local_time", "render", "working_duration"]


class Locale(enum.StrEnum):
    """The languages messages are written in.

    >>> Locale("zh-CN") is Locale.ZH_CN
    True
    """

    EN = "en"
    ZH_CN = "zh-CN"


def _placeholders(template: str) -> frozenset[str]:
    return frozenset(name for _, name, _, _ in string.Formatter().parse(template) if name)


def _checked(templates: Mapping[str, Mapping[Locale, str]]) -> Mapping[str, Mapping[Locale, str]]:
    for code, texts in templates.items():
        if set(texts) != set(Locale):
            raise HalfManagedError(f"message {code!r} lacks a locale: has {sorted(texts)}")
        fields = {locale: _placeholders(text) for locale, text in texts.items()}
        if len(set(fields.values())) != 1:
            raise HalfManagedError(f"message {code!r} uses different fields per locale: {fields}")
    return MappingProxyType({code: MappingProxyType(dict(t)) for code, t in templates.items()})


CATALOG: Mapping[str, Mapping[Locale, str]] = _checked(
    {code: {Locale.EN: en, Locale.ZH_CN: zh} for code, (en, zh) in TEMPLATES.items()}
)
"""Every message code with its English and Simplified Chinese template (read-only)."""


def as_locale(locale: Locale | str) -> Locale:
    """Return ``locale`` as a :class:`Locale`, or raise :class:`UnknownLocaleError`.

    >>> as_locale("en")
    <Locale.EN: 'en'>
    """
    try:
        return Locale(locale)
    except ValueError:
        raise UnknownLocaleError(locale, [str(loc) for loc in Locale]) from None


def render(code: str, fields: Mapping[str, object], locale: Locale | str = Locale.EN) -> str:
    """Return the sentence for ``code`` in ``locale``, filled in from ``fields``.

    >>> render("calendar.closure", {}, "fr")
    Traceback (most recent call last):
    ...
    halfmanaged.errors.UnknownLocaleError: locale='fr': supported locales: en, zh-CN
    """
    try:
        texts = CATALOG.get(code)
    except TypeError:  # unhashable
        texts = None
    if texts is None:
        raise InvalidFieldError("code", code, "no message with this code in the catalog")
    try:
        return texts[as_locale(locale)].format_map(fields)
    except KeyError as missing:
        raise InvalidFieldError(
            "fields", dict(fields), f"message {code!r} needs field {missing.args[0]!r}"
        ) from None
    except TypeError:
        if not isinstance(fields, Mapping):
            raise FieldTypeError("fields", fields, "a mapping of field name to value") from None
        raise


# -- how times and durations read in every message -------------------------------------------
#
# Every sentence about a time says it in the local time of the place the rule is about (the
# warehouse, the destination, the case's working clock) with that zone's abbreviation, the same
# way in both languages, so a reader can compare two messages at a glance. Durations are in the
# unit the rule counts: working days or working hours where the rule runs on a working clock,
# clock time otherwise.


def local_time(at: dt.datetime, tz: dt.tzinfo | None = None) -> str:
    """Return ``at`` as ``YYYY-MM-DD HH:MM`` and zone abbreviation, in ``tz`` if given.

    >>> import zoneinfo
    >>> berlin = zoneinfo.ZoneInfo("Europe/Berlin")
    >>> local_time(dt.datetime(2026, 11, 26, 8, 30, tzinfo=dt.UTC), berlin)
    '2026-11-26 09:30 CET'
    >>> local_time(dt.datetime(2026, 3, 4, 10, 0, tzinfo=dt.UTC))
    '2026-03-04 10:00 UTC'
    """
    try:
        moment = at.astimezone(tz) if tz is not None else at
    except OverflowError:  # at either end of datetime the zone's instant may not exist
        moment = at
    return moment.strftime("%Y-%m-%d %H:%M %Z").rstrip()


_CLOCK_UNITS: tuple[tuple[int, str, str, str], ...] = (
    (86_400, "day", "days", "天"),
    (3_600, "hour", "hours", "小时"),
    (60, "minute", "minutes", "分钟"),
)


def clock_duration(delta: dt.timedelta, locale: Locale | str = Locale.EN) -> str:
    """Return a clock duration in words, to the minute (less than a minute reads as 1 minute).

    >>> clock_duration(dt.timedelta(days=1, hours=2, minutes=5))
    '1 day 2 hours 5 minutes'
    >>> clock_duration(dt.timedelta(hours=3), "zh-CN")
    '3 小时'
    >>> clock_duration(dt.timedelta(seconds=10))
    '1 minute'
    """
    loc = as_locale(locale)
    left = max(int(abs(delta).total_seconds()) // 60 * 60, 60)
    parts = []
    for size, one, many, zh in _CLOCK_UNITS:
        count, left = divmod(left, size)
        if count:
            word = zh if loc is Locale.ZH_CN else (one if count == 1 else many)
            parts.append(f"{count} {word}")
    return " ".join(parts)


def working_duration(amount: float, unit: str, locale: Locale | str = Locale.EN) -> str:
    """Return an amount of working time in words; ``unit`` is ``"days"`` or ``"hours"``.

    >>> working_duration(2, "days")
    '2 working days'
    >>> working_duration(1, "days")
    '1 working day'
    >>> working_duration(7.5, "hours", "zh-CN")
    '7.5 个工作小时'
    """
    loc = as_locale(locale)
    if unit not in ("days", "hours"):
        raise InvalidFieldError("unit", unit, 'one of "days", "hours"')
    number = f"{amount:g}"
    if loc is Locale.ZH_CN:
        return f"{number} 个工作{'日' if unit == 'days' else '小时'}"
    word = unit[:-1] if amount == 1 else unit
    return f"{number} working {word}"
