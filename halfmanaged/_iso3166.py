"""The one seam to ``pycountry``: ISO 3166-1 country codes, read on first use.

``pycountry`` is a required dependency because :func:`halfmanaged.validate_tracking_number`
(the public contract) must reject a UPU S10 number whose issuing country does not exist, and
:func:`halfmanaged.check_order_info` checks destination countries against the same list.
Its tables load on first use, not at import, so ``import halfmanaged`` stays cheap.

Every module that takes a country goes through :func:`country_code`, so one place decides what
a country is: equal places give equal values everywhere (``"UK"`` is ``"GB"``).
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from types import MappingProxyType
from typing import Final

from halfmanaged.errors import FieldTypeError, InvalidFieldError

__all__ = ["ALIASES", "alpha2", "country_code", "numeric_to_alpha2", "suggest_alpha2"]

ALIASES: Final[Mapping[str, str]] = MappingProxyType(
    {
        # Codes in everyday use that are not ISO 3166-1 alpha-2: the United Kingdom's own
        # domain and holidays' alias, and the EU's code for Greece.
        "UK": "GB",
        "EL": "GR",
    }
)
"""Common non-ISO country codes and the ISO 3166-1 alpha-2 code they stand for."""


@functools.cache
def alpha2() -> frozenset[str]:
    """Return every ISO 3166-1 alpha-2 country code.

    >>> "DE" in alpha2(), "UK" in alpha2()
    (True, False)
    """
    import pycountry  # noqa: PLC0415  (first use, not import time)

    return frozenset(c.alpha_2 for c in pycountry.countries)


@functools.cache
def numeric_to_alpha2() -> Mapping[str, str]:
    """Return the map of ISO 3166-1 numeric codes (three digits, as text) to alpha-2.

    >>> numeric_to_alpha2()["276"]
    'DE'
    """
    import pycountry  # noqa: PLC0415

    return MappingProxyType({c.numeric: c.alpha_2 for c in pycountry.countries})


def country_code(value: object, field: str = "country") -> str:
    """Return ``value`` as an ISO 3166-1 alpha-2 code, or raise naming ``field``.

    Case and surrounding spaces are forgiven; known aliases become their ISO code. ``None`` or
    a non-string is a :class:`~halfmanaged.errors.FieldTypeError`, never "no country".

    >>> country_code(" de "), country_code("UK")
    ('DE', 'GB')
    >>> country_code("Germany")
    Traceback (most recent call last):
    ...
    halfmanaged.errors.InvalidFieldError: country='Germany': not an ISO 3166-1 ... mean 'DE'?
    >>> country_code(None, "warehouse_country")
    Traceback (most recent call last):
    ...
    halfmanaged.errors.FieldTypeError: warehouse_country=None: expected str (...), got NoneType
    """
    if not isinstance(value, str):
        raise FieldTypeError(field, value, "str (ISO 3166-1 alpha-2)")
    code = value.strip().upper()
    code = ALIASES.get(code, code)
    if code in alpha2():
        return code
    suggestion = suggest_alpha2(value)
    hint = f"; did you mean {suggestion!r}?" if suggestion else ""
    raise InvalidFieldError(field, value, f"not an ISO 3166-1 alpha-2 code{hint}")


def suggest_alpha2(text: str) -> str | None:
    """Return the alpha-2 code ``text`` names as an alpha-3 code, numeric code or name.

    >>> suggest_alpha2("DEU"), suggest_alpha2("germany"), suggest_alpha2("Atlantis")
    ('DE', 'DE', None)
    """
    import pycountry  # noqa: PLC0415

    try:
        country = pycountry.countries.lookup(text.strip())
    except LookupError:
        return None
    return str(country.alpha_2)
