"""The one seam to ``pycountry``: ISO 3166-1 country codes, read once at import.

``pycountry`` is a required dependency because :func:`halfmanaged.validate_tracking_number`
(the public contract) must reject a UPU S10 number whose issuing country does not exist, and
:func:`halfmanaged.check_order_info` checks destination countries against the same list.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Final

import pycountry

__all__ = ["ALPHA2", "NUMERIC_TO_ALPHA2", "suggest_alpha2"]

ALPHA2: Final[frozenset[str]] = frozenset(c.alpha_2 for c in pycountry.countries)
"""Every ISO 3166-1 alpha-2 country code."""

NUMERIC_TO_ALPHA2: Final[Mapping[str, str]] = MappingProxyType(
    {c.numeric: c.alpha_2 for c in pycountry.countries}
)
"""ISO 3166-1 numeric code (three digits, as text) to alpha-2."""


def suggest_alpha2(text: str) -> str | None:
    """Return the alpha-2 code ``text`` names as an alpha-3 code, numeric code or name.

    >>> suggest_alpha2("DEU"), suggest_alpha2("germany"), suggest_alpha2("Atlantis")
    ('DE', 'DE', None)
    """
    try:
        country = pycountry.countries.lookup(text.strip())
    except LookupError:
        return None
    return str(country.alpha_2)
