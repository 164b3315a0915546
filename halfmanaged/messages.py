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

__all__ = ["CATALOG", "Locale", "render"]


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
