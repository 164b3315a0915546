"""Message templates, one private file per domain module, merged into one catalog.

Each file defines ``MESSAGES: dict[str, tuple[str, str]]`` mapping a code (prefixed with its
module, ``"shipping.late_pickup"``) to its English and Simplified Chinese templates, written
with ``str.format`` placeholders. :mod:`halfmanaged.messages` checks and serves them.
"""

from __future__ import annotations

from collections.abc import Mapping

from halfmanaged._catalog import (
    aliexpress,
    calendar,
    checks,
    classify,
    feeds,
    report,
    shipping,
    workflow,
)


def _merge(*parts: Mapping[str, tuple[str, str]]) -> dict[str, tuple[str, str]]:
    merged: dict[str, tuple[str, str]] = {}
    for part in parts:
        for code, texts in part.items():
            if code in merged:
                raise ValueError(f"message code {code!r} is defined twice")
            merged[code] = texts
    return merged


TEMPLATES = _merge(
    calendar.MESSAGES,
    shipping.MESSAGES,
    checks.MESSAGES,
    classify.MESSAGES,
    workflow.MESSAGES,
    report.MESSAGES,
    feeds.MESSAGES,
    aliexpress.MESSAGES,
)
