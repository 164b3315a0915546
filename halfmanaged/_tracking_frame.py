"""Tracking numbers in columns: whether each row's number is valid, a whole column at once.

:func:`valid_tracking_numbers` answers, row for row, exactly what
``validate_tracking_number(number, carrier).valid`` answers, at a fraction of a microsecond a
row instead of several (docs/rules.md#shipping-6: the valid-tracking rate of a report checks
every order's number). NumPy and pyarrow are imported here only, never by ``import halfmanaged``.

How it stays exact:

- Normalisation works on the bytes of the column with NumPy: the ASCII whitespace Python's
  ``str.split`` removes is removed and ASCII letters are upper-cased, which is what
  ``normalize_tracking_number`` does to an ASCII string. A row with any non-ASCII character
  (full-width forms, which NFKC folds) is answered by the scalar validator itself.
- Rows are grouped by (carrier, normalised length, first character). A format is tried on a
  row only if the scalar validator's own length index lists it for that carrier and length
  (or for detection when no carrier is named) and the format can start with that character,
  and only while the row is not valid yet: a number is valid when any such format fits and
  passes its checks.
- A format's Python pattern is translated to RE2 (pyarrow's regex engine) only from constructs
  both engines read alike on ASCII text; RE2 reports the submatches a backtracking engine
  reports, so the serial and check digit are the same substrings. Patterns with look-arounds
  have hand-written RE2 equivalents, tied to the exact pattern text they were written for
  (ordered lists: the first that matches gives the parse Python's backtracking gives). A format
  whose pattern cannot be translated is tried with Python's ``re`` on just its rows.
- Most formats need no regex engine at all: spelled out from Python's parse of the pattern
  as character classes per column for each width (alternatives and bounded repeats
  enumerated), they are matched with NumPy on matrices of the bytes of equally long numbers,
  and their groups read from fixed columns.
- Check digits (weighted mod 10, Luhn, mod 7, UPU S10 mod 11, weighted mod-mod, ISO/IEC 7064
  MOD 37,36), the S10 country and service checks are computed with NumPy on the matched
  substrings, with the arithmetic of the scalar functions byte for byte; a row outside what a
  vectorised check covers (say, a non-digit where ``int()`` would be called) goes to the
  format's own scalar check.

>>> import pandas as pd
>>> numbers = pd.Series(["RB123456785GB", "rb 1234 5678 6gb", None, "1Z5R89390357567127"])
>>> valid_tracking_numbers(numbers).tolist()
[True, False, False, True]
>>> valid_tracking_numbers(numbers, ["royal_mail", "s10", None, "FedEx"]).tolist()
[True, False, False, False]
"""

from __future__ import annotations

import functools
import hashlib
import itertools
import re
from collections.abc import Callable, Iterator, Sequence
from typing import Any, Final

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from halfmanaged import _iso3166
from halfmanaged import _tracking_schemes as _ts
from halfmanaged.errors import FieldTypeError, InvalidFieldError
from halfmanaged.tracking import validate_tracking_number

__all__ = ["valid_tracking_numbers"]

Bools = npt.NDArray[np.bool_]
Bytes = npt.NDArray[np.uint8]
Ints = npt.NDArray[np.int64]

# --- byte tables ---------------------------------------------------------------------------

# The ASCII characters str.split() treats as whitespace (str.isspace): \t \n \v \f \r,
# the four information separators \x1c-\x1f, and the space.
_WHITESPACE: Final = np.array([chr(b).isspace() for b in range(256)], dtype=np.bool_)
_UPPER: Final = np.array(
    [b - 32 if ord("a") <= b <= ord("z") else b for b in range(256)], dtype=np.uint8
)
_ZERO: Final = ord("0")
# mod10 spells letters as digits (A=2, B=3 ... the scalar's _LETTER_DIGITS), then counts
# every byte as its value minus ord("0"); Luhn's doubled digit, minus ord("0") too.
_LETTERS_AS_DIGITS: Final = np.frombuffer(
    bytes(range(256)).translate(_ts._LETTER_DIGITS), dtype=np.uint8
)
_LUHN_DOUBLED_VALUE: Final = (
    np.frombuffer(bytes(range(256)).translate(_ts._LUHN_DOUBLED), dtype=np.uint8).astype(np.int64)
    - _ZERO
)
_BYTE_VALUE: Final = np.arange(256, dtype=np.int64) - _ZERO
_IS_DIGIT: Final = np.array([ord("0") <= b <= ord("9") for b in range(256)], dtype=np.bool_)

# --- inputs --------------------------------------------------------------------------------


def _column(values: object, field: str, expected: str) -> Any:
    """``values`` as one pyarrow large_string array (nulls for missing values)."""
    if isinstance(values, pa.ChunkedArray):
        array = values.combine_chunks() if values.num_chunks else pa.array([], values.type)
    elif isinstance(values, pa.Array):
        array = values
    else:
        try:
            array = pa.array(values, from_pandas=True)
        except (pa.ArrowInvalid, pa.ArrowTypeError):
            _raise_first_non_string(values, field, expected)
            raise
    kind = array.type
    if pa.types.is_dictionary(kind):
        array = array.dictionary_decode()
        kind = array.type
    if pa.types.is_null(kind):
        return pa.nulls(len(array), pa.large_string())
    if pa.types.is_large_string(kind):
        return array
    if pa.types.is_string(kind) or pa.types.is_string_view(kind):
        return array.cast(pa.large_string())
    if array.null_count == len(array):  # an empty column read as floats (all NaN)
        return pa.nulls(len(array), pa.large_string())
    _raise_first_non_string(array.to_pylist(), field, expected)
    raise FieldTypeError(field, kind, expected)


def _raise_first_non_string(values: Any, field: str, expected: str) -> None:
    for value in values:
        if value is None or isinstance(value, str) or _missing(value):
            continue
        raise FieldTypeError(field, value, expected)


def _missing(value: object) -> bool:
    # NaN (Python or NumPy floats) and pandas' NA / NaT.
    if isinstance(value, float | np.floating):
        return bool(np.isnan(value))
    return type(value).__name__ in {"NAType", "NaTType"}


def _bytes_view(array: Any) -> tuple[Ints, Bytes]:
    """Offsets (as int64, one more than rows) and data bytes of a string array."""
    buffers = array.buffers()
    width = np.int64 if pa.types.is_large_string(array.type) else np.int32
    start = array.offset
    offsets = np.frombuffer(buffers[1], dtype=width)[start : start + len(array) + 1]
    data = (
        np.frombuffer(buffers[2], dtype=np.uint8)
        if buffers[2] is not None
        else np.zeros(0, dtype=np.uint8)
    )
    return offsets.astype(np.int64, copy=False), data


def _rows_of(positions: Ints, offsets: Ints) -> Ints:
    """Return the row each byte position lies in."""
    return np.searchsorted(offsets, positions, side="right") - 1


def _normalise(array: Any) -> tuple[Any, Ints, Bytes, Bools]:
    """Return the normalised column, its lengths, first bytes, and the non-ASCII rows."""
    offsets, data = _bytes_view(array)
    n = len(array)
    base = int(offsets[0]) if n else 0
    segment = data[base : int(offsets[-1])] if n else data[:0]
    offsets = offsets - base
    not_ascii = np.zeros(n, dtype=np.bool_)
    # Cheap comparisons find the few bytes that need work; the tables run on those alone.
    if len(segment) and int(segment.max()) >= 0x80:
        not_ascii[_rows_of(np.flatnonzero(segment >= 0x80), offsets)] = True
    low = np.flatnonzero(segment <= ord(" "))
    where = low[_WHITESPACE[segment[low]]]
    if len(where):
        removed = np.bincount(_rows_of(where, offsets), minlength=n)
        segment = np.delete(segment, where)
        offsets = offsets - np.concatenate(([0], np.cumsum(removed)))
    lower = np.flatnonzero((segment - np.uint8(ord("a"))) < 26)
    if len(lower):
        segment = segment.copy() if segment.base is not None or not len(where) else segment
        segment[lower] -= np.uint8(32)
    segment = np.ascontiguousarray(segment)
    # 32-bit offsets where they suffice: arrow copies such strings faster.
    small = len(segment) < 1 << 31
    offsets = np.ascontiguousarray(offsets, dtype=np.int32 if small else np.int64)
    normalised = pa.Array.from_buffers(
        pa.string() if small else pa.large_string(),
        n,
        [None, pa.py_buffer(offsets), pa.py_buffer(segment)],
    )
    offsets = offsets.astype(np.int64, copy=False)
    lengths = np.diff(offsets)
    if len(segment):
        first = segment[np.minimum(offsets[:-1], len(segment) - 1)]
    else:
        first = np.zeros(n, dtype=np.uint8)
    return normalised, lengths, first, not_ascii


# --- patterns: Python to RE2 ---------------------------------------------------------------

_BRACES: Final = re.compile(r"\{[0-9]+(?:,[0-9]*)?\}")
# Escapes both engines read alike on ASCII text; \s and the rest differ or are not used.
_SAFE_ESCAPES: Final = frozenset("bdw")


def re2_pattern(source: str, keep: frozenset[str]) -> str | None:  # noqa: PLR0912 - a branch per token
    r"""Translate a Python pattern to an anchored RE2 one, or ``None`` if not certainly alike.

    Named groups in ``keep`` stay, every other group becomes non-capturing (RE2's extraction
    wants named groups only). Look-arounds, back-references, inline flags, possessive
    quantifiers and escapes the engines read differently give ``None``.

    >>> re2_pattern(r"1Z(?P<SerialNumber>([0-9]){6})(?P<X>[0-9])", frozenset({"SerialNumber"}))
    '\\A(?:1Z(?P<SerialNumber>(?:[0-9]){6})(?:[0-9]))\\z'
    >>> re2_pattern(r"(?=9)[0-9]+", frozenset()) is None
    True
    """
    out: list[str] = []
    quantified = False  # the last token was a quantifier: a "+" after it is possessive
    i, size = 0, len(source)
    while i < size:
        char = source[i]
        token_is_quantifier = False
        if char == "\\":
            if i + 1 >= size:
                return None
            escaped = source[i + 1]
            if escaped.isalnum() and escaped not in _SAFE_ESCAPES:
                return None
            out.append(source[i : i + 2])
            i += 2
        elif char == "[":
            end = _class_end(source, i)
            if end is None:
                return None
            out.append(source[i:end])
            i = end
        elif char == "(":
            if source.startswith("(?P<", i):
                close = source.find(">", i)
                name = source[i + 4 : close]
                out.append(f"(?P<{name}>" if name in keep else "(?:")
                i = close + 1
            elif source.startswith("(?:", i):
                out.append("(?:")
                i += 3
            elif source.startswith("(?", i):
                return None
            else:
                out.append("(?:")
                i += 1
        elif char == "{":
            braces = _BRACES.match(source, i)
            if braces is None:
                return None
            out.append(braces.group())
            i = braces.end()
            token_is_quantifier = True
        elif char in "*+?":
            if quantified and char == "+":
                return None
            out.append(char)
            i += 1
            token_is_quantifier = char != "?" or not quantified
        else:
            out.append(char)
            i += 1
        quantified = token_is_quantifier
    return rf"\A(?:{''.join(out)})\z"


def _class_end(source: str, start: int) -> int | None:
    """Index just past the character class opening at ``start``, or None if unusual."""
    j = start + 1
    if j < len(source) and source[j] == "^":
        j += 1
    if j < len(source) and source[j] == "]":
        j += 1
    while j < len(source) and source[j] != "]":
        if source[j] == "\\":
            if j + 1 >= len(source):
                return None
            escaped = source[j + 1]
            if escaped.isalnum() and escaped not in _SAFE_ESCAPES - {"b"}:
                return None
            j += 2
        elif source[j] == "[":
            return None  # nested sets and POSIX classes read differently
        else:
            j += 1
    return j + 1 if j < len(source) else None


# The USPS IMpb formats use look-aheads to tie the optional routing prefix and the package id
# to the number's total length. Spelled out per length, in the order Python's backtracking
# tries them (routing prefix with ZIP+4, with ZIP only, none), the first pattern that matches
# gives Python's parse. Each list is tied to the SHA-256 of the pattern it was written for;
# another pattern text falls back to Python's re.
_D = "[0-9]"
_IMPB_N = {
    22: f"94{_D}{{3}}(?:9{_D}{{8}}{_D}{{7}}|[0-8]{_D}{{5}}{_D}{{10}})",
    26: f"94{_D}{{3}}(?:9{_D}{{8}}{_D}{{11}}|[0-8]{_D}{{5}}{_D}{{14}})",
    30: f"94{_D}{{3}}9{_D}{{8}}{_D}{{15}}",
}


def _impb_c(package9: int, package0: int) -> str:
    nine = f"9{_D}{{8}}{_D}{{{package9}}}"
    other = f"[0-8]{_D}{{5}}{_D}{{{package0}}}"
    return f"(?:92{_D}{{3}}{nine}|93{_D}{{3}}{other}|95{_D}{{3}}(?:{nine}|{other}))"


_IMPB_C = {22: _impb_c(7, 10), 26: _impb_c(11, 14)}
_CHECKED = "(?P<CheckDigit>[0-9])"


def _serial(*parts: str) -> str:
    return f"(?P<SerialNumber>{'|'.join(parts)}){_CHECKED}"


_OVERRIDES: Final[dict[str, tuple[str, tuple[str, ...]]]] = {
    "usps_impb_n": (
        "85be61ffaaa07544",
        (
            f"420{_D}{{9}}" + _serial(_IMPB_N[22]),
            f"420{_D}{{5}}" + _serial(_IMPB_N[22], _IMPB_N[26]),
            _serial(_IMPB_N[22], _IMPB_N[26], _IMPB_N[30]),
        ),
    ),
    "usps_impb_c": (
        "ad3ff5d07aa3b40f",
        (
            f"420{_D}{{9}}" + _serial(_IMPB_C[22]),
            f"420{_D}{{5}}" + _serial(_IMPB_C[22], _IMPB_C[26]),
            _serial(_IMPB_C[22], _IMPB_C[26]),
        ),
    ),
    # The look-aheads ask for 10-39 characters up to a word boundary (the end, as the serial
    # runs to the end) and a digit first; no check digit, so only the shape matters.
    "dhl_ecommerce": (
        "b3d5119d5cf2ebaf",
        ("(?:GM|LX|RX|UV|CN|SG|TH|IN|HK|MY)[0-9][0-9A-Z]{9,38}",),
    ),
    # No look-arounds, but optional parts (routing prefix, ZIP+4, the "91") put the serial at
    # no fixed place; spelled out in Python's order, each form has one length and one layout.
    "usps_legacy": (
        "86ac6adf0d456548",
        tuple(
            f"{head}(?P<SerialNumber>{ai}{_D}{{19}}){_CHECKED}"
            for head in (f"420{_D}{{9}}", f"420{_D}{{5}}", "")
            for ai in ("91", "")
        ),
    ),
}


def pattern_digest(source: str) -> str:
    """Return the first 16 hex digits of the SHA-256 of a pattern's text (ties overrides).

    >>> len(pattern_digest("[0-9]"))
    16
    """
    return hashlib.sha256(source.encode()).hexdigest()[:16]


def _compiles(pattern: str) -> bool:
    try:
        pc.match_substring_regex(pa.array([""], pa.large_string()), pattern)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return False
    return True


# --- first characters ----------------------------------------------------------------------


def _first_bytes(source: str) -> Bools:
    """Which ASCII bytes a match of ``source`` can start with (all, when unsure)."""
    allowed = np.ones(128, dtype=np.bool_)
    try:
        from re import _constants as sre  # type: ignore[attr-defined]  # noqa: PLC0415
        from re import _parser  # type: ignore[attr-defined]  # noqa: PLC0415

        parsed = _parser.parse(source)
        if parsed.state.flags & re.IGNORECASE:
            return allowed
        found, _ = _first_set(parsed, sre)
    except Exception:  # the private parser moved or changed: no narrowing, only slower
        return allowed
    if found is None:
        return allowed
    allowed[:] = False
    for code in found:
        if code < 128:
            allowed[code] = True
    return allowed


def _first_set(items: Any, sre: Any) -> tuple[set[int] | None, bool]:  # noqa: PLR0912 - per op
    """(first characters or None for any, whether the items can match the empty string)."""
    found: set[int] = set()
    for op, av in items:
        if op is sre.LITERAL:
            found.add(av)
            return found, False
        if op is sre.IN:
            chars = _class_set(av, sre)
            if chars is None:
                return None, False
            return found | chars, False
        if op in (sre.AT, sre.ASSERT, sre.ASSERT_NOT):
            continue  # zero-width: a superset of first characters is still right
        if op is sre.SUBPATTERN:
            if av[1] or av[2]:
                return None, False  # inline flags
            inner, empty = _first_set(av[3], sre)
        elif op is sre.BRANCH:
            inner, empty = set(), False
            for branch in av[1]:
                chars, can_be_empty = _first_set(branch, sre)
                if chars is None:
                    return None, False
                inner |= chars
                empty = empty or can_be_empty
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT):
            inner, empty = _first_set(av[2], sre)
            empty = empty or av[0] == 0
        else:
            return None, False
        if inner is None:
            return None, False
        found |= inner
        if not empty:
            return found, False
    return found, True


def _class_set(av: Any, sre: Any) -> set[int] | None:
    chars: set[int] = set()
    for op, value in av:
        if op is sre.LITERAL:
            chars.add(value)
        elif op is sre.RANGE:
            chars.update(range(value[0], value[1] + 1))
        else:
            return None
    return chars


# --- check digits --------------------------------------------------------------------------

# A vectorised check: (serial bytes, one row per number; check-digit byte) -> (passes,
# rows to leave to the scalar check or None).
VecCheck = Callable[[Bytes, Bytes], tuple[Bools, Bools | None]]


def _dot(serial: Bytes, weights: Sequence[int]) -> Ints:
    """Sum of (byte - ord("0")) * weight over the first len(weights) columns, as int64."""
    total = np.zeros(len(serial), dtype=np.int64)
    for column, weight in enumerate(weights):
        if weight:
            total += serial[:, column] * np.int64(weight)
    return total - _ZERO * sum(weights)


def _plain_digits(serial: Bytes) -> bool:
    return not serial.size or (int(serial.min()) >= _ZERO and int(serial.max()) <= ord("9"))


def _mod10(evens: int, odds: int, reverse: bool) -> VecCheck:
    def check(serial: Bytes, digit: Bytes) -> tuple[Bools, Bools | None]:
        if not _plain_digits(serial):
            serial = _LETTERS_AS_DIGITS[serial]
        width = serial.shape[1]
        # Position 0, 2, 4 ... weigh evens, counted from the left or (reverse) the right.
        weights = [
            evens if (width - 1 - column if reverse else column) % 2 == 0 else odds
            for column in range(width)
        ]
        total = _dot(serial, weights)
        return np.equal((-total) % 10, _BYTE_VALUE[digit]), None

    return check


def _luhn(serial: Bytes, digit: Bytes) -> tuple[Bools, Bools | None]:
    # From the right the check digit is position 0 (as it is), the serial's last byte 1
    # (doubled), and so on.
    width = serial.shape[1]
    total = _BYTE_VALUE[digit].copy()
    for column in range(width):
        table = _LUHN_DOUBLED_VALUE if (width - column) % 2 else _BYTE_VALUE
        total += table[serial[:, column]]
    return np.equal(total % 10, 0), None


def _mod7(serial: Bytes, digit: Bytes) -> tuple[Bools, Bools | None]:
    # int() accepts more than ASCII digits (signs, spaces, underscores): leave those rows.
    odd = ~(_IS_DIGIT[serial].all(axis=1) & _IS_DIGIT[digit]) | (serial.shape[1] == 0)
    remainder = np.zeros(len(serial), dtype=np.int64)
    for column in range(serial.shape[1]):
        remainder = (remainder * 10 + serial[:, column] - np.int64(_ZERO)) % 7
    return np.equal(remainder, _BYTE_VALUE[digit]) & ~odd, odd


def _weighted(serial: Bytes, weights: tuple[int, ...]) -> Ints:
    # The scalar zips serial and weights: the shorter of the two decides how far it sums.
    return _dot(serial, weights[: serial.shape[1]])


def _digit_value(digit: Bytes) -> tuple[Ints, Bools]:
    """int(digit) of a one-character digit; a non-digit makes int() fail (a wrong check)."""
    return _BYTE_VALUE[digit], _IS_DIGIT[digit]


def _s10(weights: tuple[int, ...], modulo: int) -> VecCheck:
    def check(serial: Bytes, digit: Bytes) -> tuple[Bools, Bools | None]:
        value = modulo - _weighted(serial, weights) % modulo
        value = np.where(value == 10, 0, np.where(value == 11, 5, value))
        expected, is_digit = _digit_value(digit)
        return is_digit & np.equal(value, expected), None

    return check


def _weighted_mod_mod(weights: tuple[int, ...], modulo1: int, modulo2: int) -> VecCheck:
    def check(serial: Bytes, digit: Bytes) -> tuple[Bools, Bools | None]:
        value = _weighted(serial, weights) % modulo1 % modulo2
        expected, is_digit = _digit_value(digit)
        return is_digit & np.equal(value, expected), None

    return check


def _mod37_36(alphabet: str) -> VecCheck | None:
    if not alphabet.isascii() or len(set(alphabet)) != len(alphabet):
        return None
    modulus = len(alphabet)
    values = np.full(256, -1, dtype=np.int64)
    values[np.frombuffer(alphabet.encode(), dtype=np.uint8)] = np.arange(modulus)
    characters = np.frombuffer(alphabet.encode(), dtype=np.uint8)

    def check(serial: Bytes, digit: Bytes) -> tuple[Bools, Bools | None]:
        running = np.full(len(serial), modulus, dtype=np.int64)
        unknown = np.zeros(len(serial), dtype=np.bool_)
        for column in range(serial.shape[1]):
            value = values[serial[:, column]]
            unknown |= value < 0
            running = (running + value) % modulus
            running[running == 0] = modulus
            running = running * 2 % (modulus + 1)
        expected = characters[(modulus + 1 - running) % modulus]
        return ~unknown & np.equal(expected, digit), None

    return check


def _vector_check(spec: Any) -> VecCheck | None:
    """Return the vectorised form of a checksum description, read as ``_tracking_schemes`` does."""
    name = spec["name"]
    if name == "mod10":
        return _mod10(
            int(spec.get("evens_multiplier", 1)),
            int(spec.get("odds_multiplier", 1)),
            bool(spec.get("reverse", False)),
        )
    if name == "luhn":
        return _luhn
    if name == "mod7":
        return _mod7
    if name == "s10":
        weights = tuple(int(w) for w in spec.get("weightings", (8, 6, 4, 2, 3, 5, 9, 7)))
        return _s10(weights, int(spec["modulo"]))
    if name == "sum_product_with_weightings_and_modulo":
        weights = tuple(int(w) for w in spec["weightings"])
        return _weighted_mod_mod(weights, int(spec["modulo1"]), int(spec["modulo2"]))
    if name == "mod_37_36":
        return _mod37_36(str(spec["alphabet"]))
    return None


_PREPEND: Final = re.compile(r"\^\(\?!((?:[0-9A-Z]|\\s\*)+)\)\.\+\$?")


# --- plans ---------------------------------------------------------------------------------


def _scheme_passes(scheme: _ts.Scheme, number: str) -> bool:
    match = scheme.pattern.fullmatch(number)
    return match is not None and scheme.problem(match) is None


# Where a group lies in every match of a given length: (start, end), each as (from_end,
# offset), the offset counted from the start of the number or, when from_end, back from its end.
Place = tuple[tuple[bool, int], tuple[bool, int]]


def _layout(source: str, names: frozenset[str]) -> dict[str, Place] | None:
    """Each named group's place, if it is the same in every match of a length, else None.

    That holds for a group at the top level of the pattern whose start and end have only
    fixed-width items on one side: the group then begins and ends at the same offsets from the
    start or from the end of every match, however the rest is matched.
    """
    try:
        from re import _constants as sre  # type: ignore[attr-defined]  # noqa: PLC0415
        from re import _parser  # type: ignore[attr-defined]  # noqa: PLC0415

        parsed = _parser.parse(source)
        items = list(parsed)
        widths = [_parser.SubPattern(parsed.state, [item]).getwidth() for item in items]
        groups: dict[int, int] = {}
        for i, item in enumerate(items):
            op, av = item
            if op in (sre.MAX_REPEAT, sre.MIN_REPEAT) and av[0] == av[1] == 1 and len(av[2]) == 1:
                op, av = av[2][0]  # a group repeated exactly once: Python captures that one
            if op is sre.SUBPATTERN:
                groups[av[0]] = i
        numbers = parsed.state.groupdict
    except Exception:  # the private parser moved or changed: read the groups with RE2
        return None
    left: list[int | None] = [0]
    for low, high in widths:
        before = left[-1]
        left.append(before + low if before is not None and low == high else None)
    right: list[int | None] = [0]
    for low, high in reversed(widths):
        after = right[-1]
        right.append(after + low if after is not None and low == high else None)
    right.reverse()

    def edge(i: int) -> tuple[bool, int] | None:
        from_start, from_end = left[i], right[i]
        if from_start is not None:
            return (False, from_start)
        return (True, from_end) if from_end is not None else None

    places: dict[str, Place] = {}
    for name in names:
        index = groups.get(numbers.get(name))
        if index is None:
            return None
        start, end = edge(index), edge(index + 1)
        if start is None or end is None:
            return None
        places[name] = (start, end)
    return places


def _columns(place: Place, length: int) -> tuple[int, int]:
    """Return a group's first and past-last column in a number ``length`` characters long."""
    (start_back, start), (end_back, end) = place
    return (length - start if start_back else start, length - end if end_back else end)


def _blocks(lengths: Ints) -> list[tuple[int, int]]:
    """Return (first, past-last) rows of each run of equal lengths."""
    cuts = (np.flatnonzero(np.diff(lengths)) + 1).tolist()
    return list(itertools.pairwise([0, *cuts, len(lengths)]))


class _Keys:
    """A set of ASCII strings to look substrings up in: tables for one and two characters."""

    __slots__ = ("empty", "longer", "pairs", "singles", "texts")

    def __init__(self, keys: Sequence[str]) -> None:
        self.texts = pa.array(sorted(keys), pa.large_string())
        encoded = {k.encode() for k in keys if k.isascii()}
        self.singles = np.zeros(256, dtype=np.bool_)
        self.pairs = np.zeros(1 << 16, dtype=np.bool_)
        longer: dict[int, list[bytes]] = {}
        for key in encoded:
            if len(key) == 1:
                self.singles[key[0]] = True
            elif len(key) == 2:
                self.pairs[key[0] << 8 | key[1]] = True
            elif len(key) > 2:
                longer.setdefault(len(key), []).append(key)
        self.longer = {w: np.array(sorted(v), dtype=f"S{w}") for w, v in longer.items()}
        self.empty = b"" in encoded

    def contains(self, text: Bytes) -> Bools:
        """Whether each row of ``text`` (one string a row, equal widths) is a key."""
        width = text.shape[1]
        if width == 0:
            return np.full(len(text), self.empty, dtype=np.bool_)
        if width == 1:
            return self.singles[text[:, 0]]
        if width == 2:
            return self.pairs[text[:, 0].astype(np.int64) << 8 | text[:, 1]]  # type: ignore[no-any-return]
        wanted = self.longer.get(width)
        if wanted is None:
            return np.zeros(len(text), dtype=np.bool_)
        # Fixed-width byte strings drop trailing NULs: turn NULs into 0xFF, which no key holds.
        text = np.where(text == 0, 0xFF, text).astype(np.uint8)
        return np.isin(np.ascontiguousarray(text).view(f"S{width}").ravel(), wanted)


# A pattern's strings of one width: columns every alternative tests alike, then for each
# alternative its own columns (a string fits when it passes the common columns and all of
# some alternative's). A column is (index, allowed bytes); all-ASCII columns are left out.
Column = tuple[int, Bools]
Shape = tuple[tuple[Column, ...], tuple[tuple[Column, ...], ...]]
_MAX_SPELLINGS: Final = 256


def _shapes(source: str) -> dict[int, Shape] | None:
    """Every string ``source`` fully matches, as character classes by column, per width.

    Spelled out from Python's parse: literals, classes, groups, alternatives and bounded
    repeats (each count its own spelling). ``None`` for anything else (anchors,
    look-arounds, negated or category classes, unbounded repeats, flags) or when there would
    be more than a few hundred spellings; those patterns are matched with RE2.
    """
    try:
        from re import _constants as sre  # type: ignore[attr-defined]  # noqa: PLC0415
        from re import _parser  # type: ignore[attr-defined]  # noqa: PLC0415

        parsed = _parser.parse(source)
        if parsed.state.flags & re.IGNORECASE:
            return None
        spellings = _spell(parsed, sre)
    except Exception:  # the private parser moved or changed: RE2 instead
        return None
    if spellings is None:
        return None
    by_width: dict[int, list[tuple[frozenset[int], ...]]] = {}
    for spelling in spellings:
        if len(spelling) < _LENGTHS - 1:
            by_width.setdefault(len(spelling), []).append(spelling)
    return {width: _shape(found) for width, found in by_width.items()}


def _spell(items: Any, sre: Any) -> list[tuple[frozenset[int], ...]] | None:
    """Return the spellings of a sequence of parsed items: tuples of character sets."""
    spellings: list[tuple[frozenset[int], ...]] = [()]
    for op, av in items:
        if op is sre.LITERAL:
            options: list[tuple[frozenset[int], ...]] | None = [(frozenset({av}),)]
        elif op is sre.IN:
            chars = _class_set(av, sre)
            options = None if chars is None else [(frozenset(chars),)]
        elif op is sre.SUBPATTERN:
            options = None if av[1] or av[2] else _spell(av[3], sre)
        elif op is sre.BRANCH:
            options = []
            for branch in av[1]:
                found = _spell(branch, sre)
                if found is None:
                    return None
                options.extend(found)
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT) and av[1] <= _LENGTHS:
            inner = _spell(av[2], sre)
            options = None if inner is None else _repeats(inner, av[0], av[1])
        else:
            return None
        if options is None or len(spellings) * len(options) > _MAX_SPELLINGS:
            return None
        spellings = list(dict.fromkeys(a + b for a in spellings for b in options))
    return spellings


def _repeats(
    inner: list[tuple[frozenset[int], ...]], low: int, high: int
) -> list[tuple[frozenset[int], ...]] | None:
    out: list[tuple[frozenset[int], ...]] = []
    current: list[tuple[frozenset[int], ...]] = [()]
    for count in range(high + 1):
        if count >= low:
            out.extend(current)
        if count == high:
            break
        current = list(dict.fromkeys(a + b for a in current for b in inner))
        if len(current) + len(out) > _MAX_SPELLINGS:
            return None
    return list(dict.fromkeys(out))


def _shape(spellings: list[tuple[frozenset[int], ...]]) -> Shape:
    """Columns all spellings of one width share, and each spelling's other columns."""
    width = len(spellings[0])

    def column(index: int, chars: frozenset[int]) -> Column | None:
        allowed = np.zeros(256, dtype=np.bool_)
        allowed[[c for c in chars if c < 128]] = True
        return None if allowed[:128].all() else (index, allowed)

    shared = [i for i in range(width) if len({s[i] for s in spellings}) == 1]
    common = tuple(c for i in shared if (c := column(i, spellings[0][i])) is not None)
    own = [i for i in range(width) if i not in set(shared)]
    alternatives = tuple(
        tuple(c for i in own if (c := column(i, spelling[i])) is not None)
        for spelling in spellings
    )
    return common, alternatives if own else ()


def _fits(block: Bytes, shape: Shape) -> Bools:
    """Whether each row of ``block`` is one of the shape's strings."""
    common, alternatives = shape
    hit = np.ones(len(block), dtype=np.bool_)
    for index, allowed in common:
        hit &= allowed[block[:, index]]
    if alternatives:
        some = np.zeros(len(block), dtype=np.bool_)
        for alternative in alternatives:
            this = hit.copy()
            for index, allowed in alternative:
                this &= allowed[block[:, index]]
            some |= this
        hit = some
    return hit


class _Variant:
    """One RE2 pattern of a format, the lengths it can match, where its groups lie if fixed."""

    __slots__ = ("high", "layout", "low", "pattern", "shapes", "source")

    def __init__(self, source: str, pattern: str, groups: frozenset[str]) -> None:
        self.source = source  # the Python pattern it reads like
        self.pattern = pattern
        self.layout = _layout(source, groups) if groups else None
        self.low, self.high = _width(source)
        self.shapes = _shapes(source) if self.layout is not None or not groups else None


def _width(source: str) -> tuple[int, int]:
    """Shortest and longest match of a pattern (0 and unbounded when unsure)."""
    try:
        from re import _parser  # type: ignore[attr-defined]  # noqa: PLC0415

        low, high = _parser.parse(source).getwidth()
    except Exception:  # the private parser moved or changed: no narrowing, only slower
        return 0, 1 << 62
    return int(low), int(min(high, 1 << 62))


class _Plan:
    """How to try one format on a column: RE2 patterns, checks, first characters."""

    __slots__ = (
        "blocks",
        "check",
        "countries",
        "first",
        "groups",
        "prepend",
        "scheme",
        "services",
        "variants",
    )

    def __init__(self, scheme: _ts.Scheme) -> None:
        self.scheme = scheme
        self.first = _first_bytes(scheme.pattern.pattern)
        groups: set[str] = set()
        self.check: VecCheck | None = None
        vectorised = True
        if scheme.check is not None:
            groups |= {"SerialNumber", "CheckDigit"}
            self.check = _vector_check(scheme.checksum) if scheme.checksum else None
            vectorised = self.check is not None
        # (unless the serial starts with this, put this in front of it)
        self.prepend: tuple[bytes, bytes] | None = None
        if scheme.prepend is not None:
            form = _PREPEND.fullmatch(scheme.prepend[0].pattern)
            literal = form[1].replace(r"\s*", "") if form else ""
            vectorised = vectorised and form is not None and scheme.prepend[1].isascii()
            self.prepend = (literal.encode(), scheme.prepend[1].encode())
        self.countries: _Keys | None = None
        if scheme.iso_country:
            groups.add(_ts.S10_COUNTRY_GROUP)
            self.countries = _countries()
        self.services: _Keys | None = None
        if scheme.service_required and scheme.service_lookup is not None:
            groups.add("ServiceType")
            self.services = _services(scheme.service_lookup)
        self.groups = frozenset(groups)
        self.variants = self._variants() if vectorised else None
        # Every form spelled out as character classes, its groups at fixed places: matched
        # with NumPy on blocks of the bytes, without RE2 (see _shapes).
        self.blocks = bool(self.variants) and all(
            v.shapes is not None for v in self.variants or ()
        )

    def _variants(self) -> tuple[_Variant, ...] | None:
        source = self.scheme.pattern.pattern
        override = _OVERRIDES.get(self.scheme.id)
        if override is not None and override[0] == pattern_digest(source):
            variants = tuple(_Variant(p, rf"\A(?:{p})\z", self.groups) for p in override[1])
        else:
            translated = re2_pattern(source, self.groups)
            if translated is None:
                return None
            variants = (_Variant(source, translated, self.groups),)
        for variant in variants:
            names = set(re.findall(r"\(\?P<([^>]+)>", variant.pattern))
            if not self.groups <= names or not _compiles(variant.pattern):
                return None
        return variants

    def passes(self, numbers: Any) -> Bools:
        """Whether the format fits and passes its checks, for each (normalised) number."""
        if self.variants is None:
            return _scalar_passes(self.scheme, numbers)
        offsets, _ = _bytes_view(numbers)
        lengths = np.diff(offsets)
        result = np.zeros(len(numbers), dtype=np.bool_)
        open_ = np.ones(len(numbers), dtype=np.bool_)  # no earlier variant matched
        for variant in self.variants:
            fits = open_ & (lengths >= variant.low) & (lengths <= variant.high)
            rows = np.flatnonzero(fits)
            if not len(rows):
                continue
            part = numbers if len(rows) == len(numbers) else numbers.take(pa.array(rows))
            if variant.layout is not None or not self.groups:
                hit = _bools(pc.match_substring_regex(part, variant.pattern))
                chosen = rows[hit]
                if self.groups and len(chosen):
                    result[rows] = self._judge_in_place(part, variant.layout, hit)
                else:
                    result[chosen] = True
            else:
                extracted = pc.extract_regex(part, variant.pattern)
                hit = _bools(extracted.is_valid())
                chosen = rows[hit]
                if len(chosen):
                    result[chosen] = self._judge_extracted(
                        extracted.filter(hit), part.filter(pa.array(hit))
                    )
            open_[chosen] = False
        return result

    def _judge_in_place(self, numbers: Any, layout: dict[str, Place] | None, hit: Bools) -> Bools:
        """Check the numbers that matched (``hit``), their groups at fixed places.

        Numbers of one length side by side are one matrix of bytes, a row per number, and
        every group is a slice of its columns; rows that did not match are computed along
        (their bytes are only bytes) and answered False.
        """
        assert layout is not None
        offsets, data = _bytes_view(numbers)
        ok = hit.copy()
        deferred = np.zeros(len(numbers), dtype=np.bool_)
        for first, last in _blocks(np.diff(offsets)):
            length = int(offsets[first + 1] - offsets[first])
            block = data[offsets[first] : offsets[last]].reshape(last - first, length)
            passed, unsure = self.judge_block(block, layout)
            ok[first:last] &= passed
            deferred[first:last] |= unsure
        return _settle(self.scheme, ok, deferred & hit, numbers)

    def judge_block(self, block: Bytes, layout: dict[str, Place]) -> tuple[Bools, Bools]:
        """Return (passes the checks, leave to the scalar) for numbers of one length."""
        length = block.shape[1]
        ok = np.ones(len(block), dtype=np.bool_)
        deferred = np.zeros(len(block), dtype=np.bool_)
        if self.check is not None:
            s_from, s_to = _columns(layout["SerialNumber"], length)
            d_from, d_to = _columns(layout["CheckDigit"], length)
            if d_to - d_from == 1:
                passed, unsure = self._check(block[:, s_from:s_to], block[:, d_from])
                ok &= passed
                deferred |= unsure
            else:  # ord()/int() of other than one character: leave to the scalar
                deferred[:] = True
        if self.countries is not None:
            c_from, c_to = _columns(layout[_ts.S10_COUNTRY_GROUP], length)
            ok &= self.countries.contains(block[:, c_from:c_to])
        if self.services is not None:
            v_from, v_to = _columns(layout["ServiceType"], length)
            known = self.services.contains(block[:, v_from:v_to])
            if v_to - v_from != 2:
                deferred |= ~known
            ok &= known
        return ok, deferred

    def passes_block(self, block: Bytes) -> Bools:
        """Whether each row of ``block`` (numbers of one length) fits and passes the checks."""
        assert self.variants is not None
        width = block.shape[1]
        result = np.zeros(len(block), dtype=np.bool_)
        open_ = np.ones(len(block), dtype=np.bool_)  # no earlier form matched
        for variant in self.variants:
            shape = variant.shapes.get(width) if variant.shapes is not None else None
            if shape is None:
                continue
            rows = np.flatnonzero(open_)
            part = block if len(rows) == len(block) else block[rows]
            hit = _fits(part, shape)
            if not hit.any():
                continue
            chosen = rows[hit]
            open_[chosen] = False
            if not self.groups:
                result[chosen] = True
                continue
            assert variant.layout is not None
            matched = part[hit]
            ok, deferred = self.judge_block(matched, variant.layout)
            if deferred.any():
                where = np.flatnonzero(deferred)
                texts = [bytes(row).decode("ascii") for row in matched[where]]
                ok[where] = [_scheme_passes(self.scheme, t) for t in texts]
            result[chosen] = ok
            if not open_.any():
                break
        return result

    def _judge_extracted(self, parts: Any, numbers: Any) -> Bools:
        """Check matched numbers, from the groups RE2 extracted."""
        ok = np.ones(len(parts), dtype=np.bool_)
        deferred = np.zeros(len(parts), dtype=np.bool_)
        if self.check is not None:
            s_off, s_data = _bytes_view(parts.field("SerialNumber"))
            d_off, d_data = _bytes_view(parts.field("CheckDigit"))
            s_len, d_len = np.diff(s_off), np.diff(d_off)
            deferred |= d_len != 1  # ord()/int() of other than one character: the scalar's
            last = max(len(d_data) - 1, 0)
            digit = d_data[np.minimum(d_off[:-1], last)] if len(d_data) else s_len * 0
            passed = np.zeros(len(parts), dtype=np.bool_)
            for width in np.unique(s_len[~deferred]).tolist():
                rows = np.flatnonzero((s_len == width) & ~deferred)
                serial = s_data[s_off[rows, None] + np.arange(width)]
                passed[rows], unsure = self._check(serial, digit[rows].astype(np.uint8))
                deferred[rows] |= unsure
            ok &= passed
        if self.countries is not None:
            countries = parts.field(_ts.S10_COUNTRY_GROUP)
            ok &= _bools(pc.is_in(countries, value_set=self.countries.texts))
        if self.services is not None:
            services = parts.field("ServiceType")
            known = _bools(pc.is_in(services, value_set=self.services.texts))
            deferred |= ~known & (_bools(pc.binary_length(services)) != 2)
            ok &= known
        return _settle(self.scheme, ok, deferred, numbers)

    def _check(self, serial: Bytes, digit: Bytes) -> tuple[Bools, Bools]:
        """(check digit right, rows to leave to the scalar) for serials of one width."""
        assert self.check is not None
        prefixed: Bools | None = None
        if self.prepend is not None:
            literal = np.frombuffer(self.prepend[0], dtype=np.uint8)
            width = serial.shape[1]
            if width < len(literal):
                begins = np.zeros(len(serial), dtype=np.bool_)
            else:
                begins = (serial[:, : len(literal)] == literal).all(axis=1)
            prefixed = ~begins if width else begins & False
        if prefixed is None or not prefixed.any():
            passed, unsure = self.check(serial, digit)
        else:
            assert self.prepend is not None
            head = np.frombuffer(self.prepend[1], dtype=np.uint8)
            passed = np.zeros(len(serial), dtype=np.bool_)
            unsure = np.zeros(len(serial), dtype=np.bool_)
            for rows, extra in (
                (np.flatnonzero(prefixed), head),
                (np.flatnonzero(~prefixed), None),
            ):
                if not len(rows):
                    continue
                part = serial[rows]
                if extra is not None:
                    part = np.concatenate(
                        (np.broadcast_to(extra, (len(rows), len(extra))), part), 1
                    )
                done, odd = self.check(part, digit[rows])
                passed[rows] = done
                if odd is not None:
                    unsure[rows] = odd
        if unsure is None:
            return passed, np.zeros(len(serial), dtype=np.bool_)
        return passed & ~unsure, unsure


@functools.cache
def _countries() -> _Keys:
    return _Keys(sorted(_iso3166.alpha2()))


@functools.cache
def _services(lookup: Any) -> _Keys:
    # One table per lookup object (the national S10 formats share the standard's).
    return _Keys(sorted(lookup.exact))


def _scalar_passes(scheme: _ts.Scheme, numbers: Any) -> Bools:
    return np.fromiter(
        (_scheme_passes(scheme, n) for n in numbers.to_pylist()),
        dtype=np.bool_,
        count=len(numbers),
    )


def _settle(scheme: _ts.Scheme, ok: Bools, deferred: Bools, numbers: Any) -> Bools:
    """``ok``, with the deferred rows answered by the format's scalar check."""
    if deferred.any():
        rows = np.flatnonzero(deferred)
        ok[rows] = _scalar_passes(scheme, numbers.take(pa.array(rows)))
    return ok


def _bools(array: Any) -> Bools:
    return np.asarray(array.to_numpy(zero_copy_only=False), dtype=np.bool_)


class _LazyPlans:
    """The formats' plans in table order, each built the first time it is asked for.

    Building a plan translates and compiles its patterns; a report's numbers meet only the
    few formats of its carriers and lengths, so the others are never built.
    """

    __slots__ = ("_built", "_firsts", "_schemes")

    def __init__(self, schemes: Sequence[_ts.Scheme]) -> None:
        self._schemes = tuple(schemes)
        self._built: list[_Plan | None] = [None] * len(self._schemes)
        self._firsts: list[Bools | None] = [None] * len(self._schemes)

    def __len__(self) -> int:
        return len(self._schemes)

    def __getitem__(self, index: int) -> _Plan:
        plan = self._built[index]
        if plan is None:
            plan = self._built[index] = _Plan(self._schemes[index])
        return plan

    def __iter__(self) -> Iterator[_Plan]:
        return (self[i] for i in range(len(self._schemes)))

    def first(self, index: int) -> Bools:
        """Which ASCII bytes format ``index`` can start with, without building its plan."""
        plan = self._built[index]
        if plan is not None:
            return plan.first
        found = self._firsts[index]
        if found is None:
            found = self._firsts[index] = _first_bytes(self._schemes[index].pattern.pattern)
        return found


class _Plans:
    """Every format's plan, and per carrier the plans its length index lists."""

    __slots__ = ("by_carrier", "detection", "plans", "rank")

    def __init__(self, tables: _ts.Tables) -> None:
        self.plans = _LazyPlans(tables.schemes)
        index = {id(s): i for i, s in enumerate(tables.schemes)}
        order = [index[id(s)] for s in tables.detection_order]
        order += [i for i in range(len(tables.schemes)) if i not in set(order)]
        self.rank = {plan: position for position, plan in enumerate(order)}

        def per_length(buckets: Sequence[Sequence[_ts.Scheme]]) -> tuple[tuple[int, ...], ...]:
            return tuple(tuple(index[id(s)] for s in bucket) for bucket in buckets)

        self.detection = per_length(tables.detection_by_length)
        self.by_carrier = {
            code: per_length(buckets) for code, buckets in tables.by_carrier_and_length.items()
        }


@functools.cache
def _plans(tables: _ts.Tables) -> _Plans:
    return _Plans(tables)


# --- the column validator ------------------------------------------------------------------

_LENGTHS: Final = _ts._MAX_LENGTH + 1  # the length index's buckets: 0 .. 64, longer in 64


def _carrier_groups(
    carriers: object, n: int, tables: _ts.Tables
) -> tuple[npt.NDArray[np.int64], list[str | None], Any]:
    """Per row a group number (-1: unknown carrier), each group's carrier code (None: any)."""
    if carriers is None:
        return np.zeros(n, dtype=np.int64), [None], None
    if isinstance(carriers, str):
        code = _resolve(carriers, tables)
        return np.full(n, 0 if code else -1, dtype=np.int64), [code], None
    if isinstance(carriers, pa.DictionaryArray) and _textual(carriers.type.value_type):
        column = encoded = carriers  # already encoded: no decoding and encoding again
    else:
        column = _column(carriers, "carrier", "str | None")
        encoded = None
    if len(column) != n:
        raise InvalidFieldError(
            "carriers", len(column), f"must have one carrier per number ({n} numbers)"
        )
    if encoded is None:
        encoded = column.dictionary_encode()
    names = encoded.dictionary.to_pylist()
    codes: list[str | None] = [None]
    slot_of: dict[str, int] = {}
    remap = np.empty(len(names) + 1, dtype=np.int64)
    for position, name in enumerate(names):
        code = None if name is None else _resolve(name, tables)
        if name is None:  # a missing carrier in the dictionary: any carrier
            remap[position] = 0
        elif code is None:
            remap[position] = -1
        else:
            remap[position] = slot_of.setdefault(code, len(codes))
            if remap[position] == len(codes):
                codes.append(code)
    remap[-1] = 0  # a missing carrier: any carrier
    indices = encoded.indices.fill_null(len(names))
    groups = remap[np.asarray(indices.to_numpy(zero_copy_only=False), dtype=np.int64)]
    return groups, codes, column


def _textual(kind: Any) -> bool:
    return bool(
        pa.types.is_string(kind) or pa.types.is_large_string(kind) or pa.types.is_string_view(kind)
    )


def _resolve(name: str, tables: _ts.Tables) -> str | None:
    """Return the carrier code the scalar validator uses for ``name``, or None if unknown."""
    if name in tables.by_carrier_and_length:
        return name
    return tables.aliases.get(_ts.slug(name))


def valid_tracking_numbers(numbers: object, carriers: object = None) -> Bools:
    """Whether each number is a valid tracking number (for its row's carrier, if one is named).

    ``numbers`` is a pandas Series, a pyarrow array (or chunked array) or a sequence of str or
    missing values; ``carriers`` is ``None`` (every row: any carrier), one str for every row,
    or a column like ``numbers`` of carrier codes, names or aliases, a missing one meaning any
    carrier. Element ``i`` of the result is ``validate_tracking_number(numbers[i],
    carriers[i]).valid``: an unknown carrier name gives ``False``, a blank number ``False``,
    and a missing number ``False`` (where the scalar function would raise). A value that is
    neither str nor missing raises :class:`~halfmanaged.errors.FieldTypeError`; columns of
    different lengths raise :class:`~halfmanaged.errors.InvalidFieldError`.

    >>> valid_tracking_numbers(["RB123456785GB", " "], "Royal Mail").tolist()
    [True, False]
    """
    column = _column(numbers, "number", "str")
    n = len(column)
    tables = _ts.tables()
    plans = _plans(tables)
    groups, codes, carrier_column = _carrier_groups(carriers, n, tables)
    valid = np.zeros(n, dtype=np.bool_)
    if not n:
        return valid
    normalised, lengths, first, not_ascii = _normalise(column)
    present = _bools(column.is_valid())
    odd = np.flatnonzero(present & not_ascii)
    if len(odd):  # NFKC and Unicode whitespace: the scalar validator itself
        texts = column.take(pa.array(odd)).to_pylist()
        named: list[Any] = (
            carrier_column.take(pa.array(odd)).to_pylist()
            if carrier_column is not None
            else [carriers] * len(odd)
        )
        valid[odd] = [
            validate_tracking_number(t, c).valid for t, c in zip(texts, named, strict=True)
        ]
    rows = np.flatnonzero(present & ~not_ascii & (lengths > 0) & (groups >= 0))
    if len(rows):
        order, runs = _schedule(rows, lengths, first, groups, codes=codes, plans=plans)
        done = _try_formats(plans, runs, normalised.take(pa.array(order)), lengths[order])
        valid[order[done]] = True
    return valid


def _schedule(
    rows: Ints,
    lengths: Ints,
    first: Bytes,
    groups: Ints,
    *,
    codes: list[str | None],
    plans: _Plans,
) -> tuple[Ints, dict[int, list[list[int]]]]:
    """Sort ``rows`` and say which runs of the sorted rows each format is tried on.

    Rows are sorted by (length, first byte, carrier group), so a format's rows are a few runs
    and rows of one length lie side by side. A format is tried on the rows whose carrier
    group's length index lists it and whose first byte it can start with.
    """
    clipped = np.minimum(lengths[rows], _LENGTHS - 1)
    n_groups = len(codes)
    key = (clipped * 128 + first[rows]) * n_groups + groups[rows]
    counts = np.bincount(key)
    keys = np.flatnonzero(counts)
    if len(keys) <= 1 << 16:  # ranks fit 16 bits: NumPy's radix sort
        rank = np.zeros(len(counts), dtype=np.uint16)
        rank[keys] = np.arange(len(keys), dtype=np.uint16)
        order = rows[np.argsort(rank[key], kind="stable")]
    else:  # pragma: no cover - more than 65,536 (length, first byte, carrier) triples
        order = rows[np.argsort(key, kind="stable")]
    ends = np.cumsum(counts[keys])
    starts = ends - counts[keys]
    runs: dict[int, list[list[int]]] = {}
    for packed, start, end in zip(keys.tolist(), starts.tolist(), ends.tolist(), strict=True):
        rest, group = divmod(packed, n_groups)
        length, byte = divmod(rest, 128)
        code = codes[group]
        for index in (plans.detection if code is None else plans.by_carrier[code])[length]:
            if plans.plans.first(index)[byte]:
                found = runs.setdefault(index, [])
                if found and found[-1][1] == start:
                    found[-1][1] = end
                else:
                    found.append([start, end])
    return order, runs


def _try_formats(
    plans: _Plans, runs: dict[int, list[list[int]]], ordered: Any, sorted_lengths: Ints
) -> Bools:
    """Return whether each sorted row is valid: some format tried on it fits and passes.

    Formats go in detection order (the formats of AliExpress routes first), and a row found
    valid is not tried again. ``sorted_lengths`` rise up to 64; longer ones follow in any order.
    """
    o_offsets, o_data = _bytes_view(ordered)
    done = np.zeros(len(ordered), dtype=np.bool_)
    for index in sorted(runs, key=plans.rank.__getitem__):
        spans = runs[index]
        if len(spans) == 1:
            at = np.arange(spans[0][0], spans[0][1])
        else:
            at = np.concatenate([np.arange(s, e) for s, e in spans])
        at = at[~done[at]]
        if not len(at):
            continue
        plan = plans.plans[index]
        if plan.blocks and int(sorted_lengths[at[-1]]) < _LENGTHS - 1:
            # Spelled-out forms on matrices of bytes: each length's rows are one block.
            for first_row, last_row in _blocks(sorted_lengths[at]):
                where = at[first_row:last_row]
                width = int(sorted_lengths[where[0]])
                low = int(np.searchsorted(sorted_lengths, width, side="left"))
                high = int(np.searchsorted(sorted_lengths, width, side="right"))
                block = o_data[o_offsets[low] : o_offsets[high]].reshape(high - low, width)
                part = block if len(where) == high - low else block[where - low]
                done[where[plan.passes_block(part)]] = True
            continue
        if at[-1] - at[0] + 1 == len(at):  # one run: a slice, not a copy
            column = ordered.slice(int(at[0]), len(at))
        else:
            column = ordered.take(pa.array(at))
        done[at[plan.passes(column)]] = True
    return done
