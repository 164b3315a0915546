"""The one seam to the ``holidays`` package.

The package's objects are mutable dicts that fill years in on look-up and are slow to ask
(0.3 µs a look-up, 35 µs for a first look-up in a new year). Here each (country, subdivision,
year) is built once, frozen into plain immutable values and memoised; nothing else in
halfmanaged imports ``holidays``, and its errors are translated into ours here.
"""

from __future__ import annotations

import datetime as dt
import functools
import importlib.util
import sys
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType

import attrs
import holidays

from halfmanaged._iso3166 import ALIASES
from halfmanaged.errors import UnknownCountryError, UnknownSubdivisionError


@attrs.frozen
class YearData:
    """One year of one country's calendar, as the ``holidays`` package defines it."""

    holidays: Mapping[dt.date, str]
    weekend: frozenset[dt.date]
    weekend_workdays: frozenset[dt.date]


@functools.cache
def supported_countries() -> Mapping[str, tuple[str, ...]]:
    """Map each supported ISO 3166-1 alpha-2 code to its subdivision codes.

    Listing every country costs about 90 ms, so only an unknown code pays for it (to name the
    supported ones in its error), never a known one.
    """
    return MappingProxyType(
        {
            code: tuple(subdivs)
            for code, subdivs in holidays.list_supported_countries().items()
            if len(code) == 2
        }
    )


def canonical(country: str, subdiv: str | None) -> tuple[str, str | None]:
    """Return the ISO spelling of ``country`` and the package's of ``subdiv``, or raise ours.

    Aliases become the ISO code (``UK`` is ``GB``), so equal places give equal calendars; the
    package's other aliases (three-letter codes, class names) are refused, as they are
    nowhere else in halfmanaged.
    """
    code = country.strip().upper()
    code = ALIASES.get(code, code)
    entity = _entity(code, None, None) if len(code) == 2 and code.isalpha() else None
    if entity is None or entity.country != code:
        raise UnknownCountryError(country, sorted(supported_countries()))
    if subdiv is None:
        return code, None
    aliases: Mapping[str, str] = getattr(entity, "subdivisions_aliases", {})
    for candidate in (subdiv, subdiv.upper()):
        if candidate in entity.subdivisions:
            return code, candidate
        if candidate in aliases:
            return code, aliases[candidate]
    raise UnknownSubdivisionError(code, subdiv, entity.subdivisions)


def _entity(
    country: str, subdiv: str | None, year: int | None, language: str | None = None
) -> holidays.HolidayBase:
    try:
        cls = _country_class(country)
        if cls is not None:
            return cls(subdiv=subdiv, years=year, language=language)
        return holidays.country_holidays(country, subdiv=subdiv, years=year, language=language)
    except NotImplementedError as error:  # the package's way of saying "unknown code"
        if subdiv is None:
            raise UnknownCountryError(country, sorted(supported_countries())) from error
        raise UnknownSubdivisionError(country, subdiv, ()) from error


@functools.cache
def _country_class(country: str) -> type[holidays.HolidayBase] | None:
    """Return the package's class for ``country`` from its own module alone, or ``None``.

    The package's loader imports ``holidays.countries``, whose ``__init__`` imports all of its
    ~250 country modules (about 90 ms) to hand out one class. Loading the one module file the
    package's registry names costs a few milliseconds. Anything unexpected (another layout
    in a future release) answers ``None``, and the caller takes the package's own loader.
    """
    try:
        from holidays import registry  # noqa: PLC0415

        module_name = next(
            name for name, (_, code, *_) in registry.COUNTRIES.items() if code == country
        )
        qualified = f"holidays.countries.{module_name}"
        module = sys.modules.get(qualified)
        if module is None:
            path = Path(holidays.__file__).parent / "countries" / f"{module_name}.py"
            spec = importlib.util.spec_from_file_location(qualified, path)
            if spec is None or spec.loader is None:
                return None
            module = importlib.util.module_from_spec(spec)
            with registry.IMPORT_LOCK:  # the package's own lock for its lazy imports
                sys.modules.setdefault(qualified, module)
                if sys.modules[qualified] is module:
                    try:
                        spec.loader.exec_module(module)
                    except BaseException:
                        del sys.modules[qualified]
                        raise
                module = sys.modules[qualified]
        cls = getattr(module, registry.COUNTRIES[module_name][0])
    except (ImportError, AttributeError, StopIteration, OSError, ValueError):
        return None
    return cls if isinstance(cls, type) and issubclass(cls, holidays.HolidayBase) else None


# The holidays package's language codes for our locales; a country without a translation
# answers in its default wording.
_LANGUAGES: Mapping[str, str] = MappingProxyType({"zh-CN": "zh_CN"})


@functools.cache
def names(country: str, subdiv: str | None, year: int, locale: str) -> Mapping[dt.date, str]:
    """Return one year's holiday names in ``locale`` (``"en"``, ``"zh-CN"``) where translated.

    ``country`` and ``subdiv`` must already be canonical (see :func:`canonical`).
    """
    language = _LANGUAGES.get(locale)
    if language is None or language not in _entity(country, subdiv, None).supported_languages:
        return year_data(country, subdiv, year).holidays
    entity = _entity(country, subdiv, year, language)
    return MappingProxyType({d: entity[d] for d in sorted(entity) if d.year == year})


@functools.cache
def year_data(country: str, subdiv: str | None, year: int) -> YearData:
    """Return the holidays, weekend dates and official weekend working days of one year.

    ``country`` and ``subdiv`` must already be canonical (see :func:`canonical`).
    """
    entity = _entity(country, subdiv, year)
    first = dt.date(year, 1, 1).toordinal()
    last = dt.date(year, 12, 31).toordinal()
    days = [dt.date.fromordinal(o) for o in range(first, last + 1)]
    return YearData(
        holidays=MappingProxyType({d: entity[d] for d in sorted(entity) if d.year == year}),
        # Weekends change with the law (the UAE moved from Fri-Sat to Sat-Sun in 2022), so the
        # package is asked per date rather than once per country.
        weekend=frozenset(d for d in days if entity.is_weekend(d)),
        weekend_workdays=frozenset(
            d for d in getattr(entity, "weekend_workdays", ()) if d.year == year
        ),
    )
