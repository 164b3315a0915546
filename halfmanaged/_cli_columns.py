"""Column readers of the CSV report path: ISO 8601 times and order ids, with NumPy.

:func:`instants` reads a column of texts the way the per-order reader reads one cell
(``datetime.fromisoformat`` of the stripped text, an offset required), but only for the forms
it knows both read alike; every other non-empty cell is returned as in doubt, so that the
per-order reader reads it (and names what is wrong with it). :class:`SeenIds` is the set of
order ids seen so far: ids the column path reads are kept as compact Arrow text with 64-bit
hashes, ids read one at a time in a Python set; a hash match is always checked on the text.

NumPy and pyarrow are imported here on first use (the ``report`` extra).
"""

from __future__ import annotations

import functools
import sys
from typing import TYPE_CHECKING, Any, Final

if TYPE_CHECKING:
    import numpy as np
    import pyarrow as pa

__all__ = [
    "SeenIds",
    "among",
    "amounts_ok",
    "codes_ok",
    "instants",
    "plain",
    "text_hash",
    "text_hashes",
]

# Lengths of the accepted forms: minutes ("YYYY-MM-DDTHH:MM", 16) or seconds (19), then "Z",
# "+HHMM" or "+HH:MM". Nothing else (fractions, "+HH", basic format) takes this path.
_MINUTES: Final = (17, 21, 22)
_SECONDS: Final = (20, 24, 25)
_DATE_DIGITS: Final = (0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15)
# Years outside this range are read one at a time (the calendars do not reach them anyway).
_FIRST_YEAR: Final = 1900
_LAST_YEAR: Final = 2199
_MASK: Final = (1 << 64) - 1
_MULT: Final = 0x100000001B3  # FNV-1a's prime, used here as a polynomial multiplier


def _as_string(values: pa.Array) -> pa.Array:
    """Return ``values`` as one Arrow ``string`` array (chunks joined, other texts cast)."""
    import pyarrow as pa  # noqa: PLC0415

    if isinstance(values, pa.ChunkedArray):
        values = values.combine_chunks()
    return values if values.type == pa.string() else values.cast(pa.string())


def _string_buffers(values: pa.Array) -> tuple[Any, Any, Any]:
    """Return (start, end, data) of a string array: byte ranges and the bytes, as NumPy."""
    import numpy as np  # noqa: PLC0415

    values = _as_string(values)
    buffers = values.buffers()
    n = len(values)
    offsets = np.frombuffer(buffers[1], dtype=np.int32, count=n + 1, offset=4 * values.offset)
    data = (
        np.frombuffer(buffers[2], dtype=np.uint8)
        if buffers[2] is not None and buffers[2].size
        else np.zeros(1, dtype=np.uint8)
    )
    wide = offsets.astype(np.int64)  # widened once: start and end are views of it
    return wide[:-1], wide[1:], data


def plain(values: pa.Array, *, upper: bool = False) -> bool:
    """Return whether trimming whitespace (and upper-casing) changes no cell of ``values``.

    True when no cell is empty and every cell starts and ends with a printable ASCII byte
    (not a space), and, for ``upper``, no byte is a lower-case ASCII letter or non-ASCII: then
    ``utf8_trim_whitespace`` (and ``utf8_upper``) give the column back as it is, with no
    cell left empty. Decided from the bytes, without building a new column.
    """
    import numpy as np  # noqa: PLC0415

    n = len(values)
    if not n or values.null_count == n:
        return True
    start, end, data = _string_buffers(values)
    length = end - start
    if values.null_count:
        filled = np.flatnonzero(length > 0)
        if len(filled) + values.null_count != n:
            return False  # an empty cell (or a null holding bytes): the slow way
        start, end = start[filled], end[filled]
    elif not length.all():
        return False  # an empty cell
    for ends in (data[start], data[end - 1]):
        if ((ends <= 0x20) | (ends >= 0x7F)).any():
            return False
    if upper:
        used = data[int(start[0]) : int(end[-1])]
        return not (((used >= 0x61) & (used <= 0x7A)) | (used >= 0x80)).any()
    return True


def instants(values: pa.Array) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]:
    """Return (UTC microseconds, in doubt) of a column of ISO 8601 texts with an offset.

    A missing cell (null) has no time and is not in doubt; a cell in one of the accepted
    forms (surrounded by ASCII whitespace or not) gets its instant; any other cell is in
    doubt. Where there is no instant the microseconds are the smallest int64 (NaT).

    Cells in a form as they stand are read by Arrow's cast (:func:`_in_place`); the others
    (spaces around, years next to 1900 or 2199, or every cell when Arrow refuses one) by
    :func:`_parse`.
    """
    import numpy as np  # noqa: PLC0415

    values = _as_string(values)  # the cast below reads its buffers
    null = np.asarray(values.is_null().to_numpy(zero_copy_only=False), dtype=bool)
    start, end, data = _string_buffers(values)
    fast = _in_place(values, null, start, end, data)
    if fast is None:
        out, doubt = np.full(len(values), np.iinfo(np.int64).min, dtype=np.int64), ~null
    else:
        out, doubt = fast
    rows = np.flatnonzero(doubt)
    if not len(rows):
        return out, doubt
    start, end = start[rows], end[rows]
    last = len(data) - 1
    first_byte, last_byte = data[start], data[end - 1]  # every cell here has a byte
    if _spaces(first_byte).any() or _spaces(last_byte).any():
        for _ in range(2):  # a space or two around a time
            byte = data[np.minimum(start, last)]
            start = start + ((start < end) & _spaces(byte))
            byte = data[np.clip(end - 1, 0, last)]
            end = end - ((start < end) & _spaces(byte))
    length = end - start
    words = None
    for width in (*_MINUTES, *_SECONDS):
        picked = np.flatnonzero(length == width)
        if not len(picked):
            continue
        # Each form has its fields at fixed places: one row of bytes per cell, minus "0".
        if words is None:
            words = _words(data)
        micros, good = _parse(_matrix(words, start[picked], width) - np.uint8(48), width)
        out[rows[picked[good]]] = micros[good]
        doubt[rows[picked[good]]] = False
    return out, doubt


# Instants whose local year is 1900 to 2199 whatever their offset (under a day): a cell Arrow
# reads outside them is left to _parse, which reads those years and no others.
_SAFE_FIRST: Final = -2_208_902_400_000_000  # 1900-01-02T00:00Z in microseconds
_SAFE_LAST: Final = 7_258_032_000_000_000  # 2199-12-31T00:00Z


def _in_place(
    values: pa.Array, null: Any, start: Any, end: Any, data: Any
) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]] | None:
    """Read with Arrow's cast the cells that are in an accepted form as they stand.

    Return (microseconds, in doubt) as :func:`instants` does, the cells not read here in
    doubt, or ``None`` when Arrow refuses a cell. Arrow reads more forms than the accepted
    ones (``+HH`` offsets, fractions), so it is given only the cells of an accepted length
    with every separator where their form has it; the others are masked out as nulls (no
    byte is copied). For a cell in its form, Arrow and ``datetime.fromisoformat`` agree
    wherever both read it (the tests try every byte at every place and every value of every
    field); where Arrow refuses a cell that Python reads (an offset's minutes of 60 or
    more), the caller reads the cells with :func:`_parse`.
    """
    import numpy as np  # noqa: PLC0415
    import pyarrow as pa  # noqa: PLC0415

    length = np.where(null, 0, end - start)  # a null's bytes, if any, are no cell
    filled = len(values) - values.null_count
    ok = np.zeros(len(values), dtype=bool)
    for width in (*_MINUTES, *_SECONDS):
        picked = np.flatnonzero(length == width)
        if not len(picked):
            continue
        first = start[picked]
        at = int(first[0])
        if len(picked) == filled and (first == at + width * np.arange(len(picked))).all():
            # Every cell in this form, next to each other: the bytes are a matrix.
            cells = data[at : at + width * len(picked)].reshape(-1, width)
            ok[picked[_form(width, cells=cells)]] = True
        else:
            ok[picked[_form(width, data=data, first=first)]] = True
    if not ok.any():
        return None
    offset = values.offset
    given = np.concatenate([np.zeros(offset, dtype=bool), ok]) if offset else ok
    buffers = values.buffers()
    texts = pa.Array.from_buffers(
        pa.string(),
        len(values),
        [pa.py_buffer(np.packbits(given, bitorder="little")), buffers[1], buffers[2]],
        offset=offset,
    )
    try:
        moments = texts.cast(pa.timestamp("us", tz="UTC"))
    except pa.ArrowInvalid:
        return None
    micros = np.frombuffer(
        moments.buffers()[1], dtype=np.int64, count=len(values), offset=8 * moments.offset
    )
    ok &= (micros >= _SAFE_FIRST) & (micros < _SAFE_LAST)
    return np.where(ok, micros, np.iinfo(np.int64).min), ~null & ~ok


def _form(width: int, *, cells: Any = None, data: Any = None, first: Any = None) -> Any:
    """Which cells of one accepted width have every separator where the form has it.

    The cells are the rows of the matrix ``cells``, or start at ``first`` in ``data``.
    """

    def byte(k: int) -> Any:
        return cells[:, k] if cells is not None else data[first + k]

    seconds = width in _SECONDS
    zone = 19 if seconds else 16
    ok = (byte(4) == 45) & (byte(7) == 45) & (byte(13) == 58)  # "-", "-", ":"
    ok &= (byte(10) == 84) | (byte(10) == 32)  # "T" or " "
    if seconds:
        ok &= byte(16) == 58
    if width - zone == 1:
        return ok & (byte(zone) == 90)  # "Z"
    ok &= (byte(zone) == 43) | (byte(zone) == 45)  # "+" or "-"
    if width - zone == 6:
        ok &= byte(zone + 3) == 58
    return ok


def _spaces(byte: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    """Which bytes are ASCII whitespace (space, tab, line feed, ..., carriage return)."""
    return (byte == 32) | ((byte >= 9) & (byte <= 13))  # type: ignore[no-any-return]


def _words(data: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    """Return the 8 bytes from each offset of ``data`` as a 64-bit word (a view, stride 1)."""
    import numpy as np  # noqa: PLC0415

    padded = np.zeros(len(data) + 8, dtype=np.uint8)
    padded[: len(data)] = data
    word = padded[:8].view(np.uint64)
    # One word per offset up to len(data) itself (the padding's zeros).
    return np.lib.stride_tricks.as_strided(word, shape=(len(data) + 1,), strides=(1,))


def _matrix(words: np.ndarray[Any, Any], start: np.ndarray[Any, Any], width: int) -> Any:
    """Return the ``width`` bytes from each of ``start``: a row per cell, 8 bytes a gather."""
    import numpy as np  # noqa: PLC0415

    count = (width + 7) // 8
    out = np.empty((len(start), count), dtype=np.uint64)
    for k in range(count):
        out[:, k] = words[start + 8 * k]
    return out.view(np.uint8)[:, :width]


@functools.cache
def _months() -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]:
    """Return the day number (since 1970-01-01) and length of each month, 1900 to 2199.

    A date's day number is then one look-up.
    """
    import numpy as np  # noqa: PLC0415

    firsts = np.arange(f"{_FIRST_YEAR}-01", f"{_LAST_YEAR + 1}-02", dtype="datetime64[M]").astype(
        "datetime64[D]"
    )
    days = firsts.astype(np.int64)
    return days[:-1], np.diff(days)


def _parse(
    d: np.ndarray[Any, Any], width: int
) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]:
    """UTC microseconds and validity of cells of one width (bytes minus ``"0"``, one row each).

    A digit is then 0 to 9; "-" is 253, ":" 10, "T" 36, " " 240, "Z" 42, "+" 251.
    """
    import numpy as np  # noqa: PLC0415

    seconds = width in _SECONDS
    zone = 19 if seconds else 16
    kind = width - zone  # 1: "Z", 5: "+HHMM", 6: "+HH:MM"
    fixed = [*_DATE_DIGITS, 17, 18] if seconds else list(_DATE_DIGITS)
    if kind > 1:
        fixed += [zone + 1, zone + 2, width - 2, width - 1]
    ok = (d[:, fixed] <= 9).all(axis=1)
    ok &= (d[:, 4] == 253) & (d[:, 7] == 253) & (d[:, 13] == 10)  # "-", "-", ":"
    ok &= (d[:, 10] == 36) | (d[:, 10] == 240)  # "T" or " "
    if seconds:
        ok &= d[:, 16] == 10
    if kind == 1:
        ok &= d[:, zone] == 42  # "Z"
    else:
        ok &= (d[:, zone] == 251) | (d[:, zone] == 253)  # "+" or "-"
        if kind == 6:
            ok &= d[:, zone + 3] == 10
    # Two-digit fields at once: century, year of century, month, day, hour, minute, ...
    tens = fixed[0::2]
    pairs = d[:, tens].astype(np.int32) * 10 + d[:, [t + 1 for t in tens]]
    year = pairs[:, 0] * 100 + pairs[:, 1]
    month, day, hour, minute = pairs[:, 2], pairs[:, 3], pairs[:, 4], pairs[:, 5]
    ok &= (year >= _FIRST_YEAR) & (year <= _LAST_YEAR) & (month >= 1) & (month <= 12)
    at = np.where(ok, (year - _FIRST_YEAR) * 12 + month - 1, 0)
    first, length = _months()
    ok &= (day >= 1) & (day <= length[at]) & (hour <= 23) & (minute <= 59)
    local = (first[at] + day - 1) * 1440 + (hour * 60 + minute)  # minutes, int64
    local *= 60
    if seconds:
        ok &= pairs[:, 6] <= 59
        local += pairs[:, 6]
    if kind > 1:
        off_h, off_m = pairs[:, -2], pairs[:, -1]
        ok &= (off_h <= 23) & (off_m <= 59)
        local -= np.where(d[:, zone] == 253, -1, 1) * (off_h * 3600 + off_m * 60)
    return local * 1_000_000, ok


def _cells(values: pa.Array, width: int) -> tuple[Any, Any, Any]:
    """Return the first ``width`` bytes of each cell (a row each), the lengths, the nulls."""
    import numpy as np  # noqa: PLC0415

    start, end, data = _string_buffers(values)
    width = max(1, min(width, int((end - start).max(initial=0))))  # no wider than the cells
    cells = data[np.minimum(start[:, None] + np.arange(width), len(data) - 1)]
    null = np.asarray(values.is_null().to_numpy(zero_copy_only=False), dtype=bool)
    return cells, end - start, null


#: A plain amount: 1 to 15 digits, then optionally a point and 1 to 6 digits (RE2: ``$`` is
#: the end of the text, a newline before it included).
_AMOUNT: Final = r"^[0-9]{1,15}(?:\.[0-9]{1,6})?$"


def amounts_ok(values: pa.Array) -> np.ndarray[Any, Any]:
    """Return which cells are plain amounts that ``Money`` takes.

    That is 1 to 15 digits, then optionally a point and 1 to 6 digits; nothing else (signs,
    exponents, spaces) is taken here: such cells are read one at a time.
    """
    import numpy as np  # noqa: PLC0415
    import pyarrow.compute as pc  # noqa: PLC0415

    found = pc.match_substring_regex(values, _AMOUNT).fill_null(False)
    return np.asarray(found.to_numpy(zero_copy_only=False), dtype=bool)


def codes_ok(values: pa.Array) -> np.ndarray[Any, Any]:
    """Return which cells are three ASCII capital letters (what ``Money`` takes)."""
    import numpy as np  # noqa: PLC0415

    cells, length, null = _cells(values, 3)
    ok = ~null & (length == 3) & (cells.shape[1] == 3)
    for j in range(cells.shape[1]):
        ok &= (cells[:, j] >= 65) & (cells[:, j] <= 90)
    return np.asarray(ok)


def text_hashes(values: pa.Array) -> np.ndarray[Any, Any]:
    """64-bit hashes of the UTF-8 bytes of each non-null text (0 where null).

    The same as :func:`text_hash` of each text; equal texts have equal hashes, and a hash
    match is only ever a hint to compare the texts.
    """
    import numpy as np  # noqa: PLC0415

    n = len(values)
    out = np.zeros(n, dtype=np.uint64)
    if not n:
        return out
    start, end, data = _string_buffers(values)
    length = end - start
    words = _words(data)
    h = np.full(n, 0xCBF29CE484222325, dtype=np.uint64)
    mult = np.uint64(_MULT)
    live = np.flatnonzero(length > 0)
    k = 0
    with np.errstate(over="ignore"):
        while len(live):  # 8 bytes at a time, the bytes past a text's end masked off
            word = words[np.minimum(start[live] + k, len(data))]
            rest = length[live] - k
            keep = np.where(
                rest >= 8,
                np.uint64(_MASK),
                (np.uint64(1) << (np.uint64(8) * np.minimum(rest, 7).astype(np.uint64)))
                - np.uint64(1),
            )
            h[live] = (h[live] ^ (word & keep)) * mult
            k += 8
            live = live[length[live] > k]
        h = _finish(h ^ length.astype(np.uint64))
    valid = ~np.asarray(values.is_null().to_numpy(zero_copy_only=False), dtype=bool)
    out[valid] = h[valid]
    return out


def _finish(h: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    """SplitMix64's finaliser, so that near texts spread over the whole range."""
    import numpy as np  # noqa: PLC0415

    h = (h ^ (h >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    h = (h ^ (h >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return np.asarray(h ^ (h >> np.uint64(31)))


def text_hash(text: str) -> int:
    """Return the hash :func:`text_hashes` gives ``text``."""
    raw = text.encode("utf-8")
    h = 0xCBF29CE484222325
    for at in range(0, len(raw), 8):  # the bytes as 8-byte words in the machine's order
        h = ((h ^ int.from_bytes(raw[at : at + 8], sys.byteorder)) * _MULT) & _MASK
    h ^= len(raw)
    h = ((h ^ (h >> 30)) * 0xBF58476D1CE4E5B9) & _MASK
    h = ((h ^ (h >> 27)) * 0x94D049BB133111EB) & _MASK
    return h ^ (h >> 31)


def hash_order(hashes: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    """Return ``np.argsort(hashes)`` of 64-bit hashes, about twice as fast when few tie.

    Each hash's top bits and its position are packed into one word and the words sorted (a
    plain sort, no index array to carry); if no two hashes share those top bits, the order
    read from the low bits is the hashes' order. Otherwise, the ordinary ``argsort``.
    """
    import numpy as np  # noqa: PLC0415

    n = len(hashes)
    bits = max(1, (n - 1).bit_length())
    if n < 2 or bits > 32:
        return np.argsort(hashes)
    low = np.uint64((1 << bits) - 1)
    keys = np.sort((hashes.astype(np.uint64) & ~low) | np.arange(n, dtype=np.uint64))
    top = keys & ~low
    if (top[1:] == top[:-1]).any():
        return np.argsort(hashes)
    return (keys & low).astype(np.int64)


def among(values: np.ndarray[Any, Any], sorted_: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    """Return which of ``values`` are in ``sorted_`` (sorted, unless it is the shorter).

    The shorter ``sorted_`` goes into a hash table; a longer one is searched in halves, the
    queries in order (so that the search walks the array once).
    """
    import numpy as np  # noqa: PLC0415
    import pyarrow as pa  # noqa: PLC0415
    import pyarrow.compute as pc  # noqa: PLC0415

    if not len(sorted_) or not len(values):
        return np.zeros(len(values), dtype=bool)
    if len(sorted_) <= len(values):
        found = pc.is_in(pa.array(values), value_set=pa.array(sorted_))
        return np.asarray(found.to_numpy(zero_copy_only=False), dtype=bool)
    order = np.argsort(values)
    at = np.minimum(np.searchsorted(sorted_, values[order]), len(sorted_) - 1)
    hit = np.empty(len(values), dtype=bool)
    hit[order] = sorted_[at] == values[order]
    return hit


class SeenIds:
    """The order ids read so far, for duplicates, across the files of one report.

    Ids read one at a time are in a Python set; ids read a block at a time are kept as Arrow
    text with 64-bit hashes (about 20 bytes an id, against about 90 in a set), sorted only
    when an id is looked up: a report of one file never sorts them.
    """

    def __init__(self) -> None:
        self.one_by_one: set[str] = set()
        self._pending: list[str] = []  # ids of one_by_one whose hashes are not in _single yet
        self._single: Any = None  # sorted hashes of one_by_one (NumPy), built when asked
        self._blocks: list[Any] = []  # hashes of the block ids, in the order added
        self._sorted: Any = None  # (sorted hashes, their positions in _texts), when asked
        self._chunks: list[Any] = []  # Arrow arrays of block ids, in the order added
        self._texts: Any = None  # _chunks joined, built when asked
        self._count = 0

    def __contains__(self, text: object) -> bool:
        if not isinstance(text, str):
            return False
        if text in self.one_by_one:
            return True
        if not self._count:
            return False
        return self._block_has(text_hash(text), text)

    def __len__(self) -> int:
        return len(self.one_by_one) + self._count

    def add(self, text: str) -> None:
        """Add one id (the per-order reader's rows)."""
        if text not in self.one_by_one:
            self.one_by_one.add(text)
            self._pending.append(text)

    def _hashes(self) -> Any:
        """Return the hashes of the block ids, in the order added (one array)."""
        import numpy as np  # noqa: PLC0415

        if len(self._blocks) != 1:
            self._blocks = [np.concatenate(self._blocks)] if self._blocks else []
        return self._blocks[0] if self._blocks else np.zeros(0, dtype=np.uint64)

    def _index(self) -> tuple[Any, Any]:
        if self._sorted is None:
            hashes = self._hashes()
            order = hash_order(hashes)
            self._sorted = (hashes[order], order)
        return self._sorted  # type: ignore[no-any-return]

    def _block_has(self, h: int, text: str) -> bool:
        import numpy as np  # noqa: PLC0415

        hashes, where = self._index()
        key = np.uint64(h)
        lo = int(np.searchsorted(hashes, key, side="left"))
        hi = int(np.searchsorted(hashes, key, side="right"))
        if lo == hi:
            return False
        texts = self._joined()
        return any(texts[int(where[i])].as_py() == text for i in range(lo, hi))

    def _joined(self) -> Any:
        import pyarrow as pa  # noqa: PLC0415

        if self._texts is None or len(self._texts) != self._count:
            self._texts = (
                pa.concat_arrays(self._chunks) if self._chunks else pa.array([], pa.string())
            )
            self._chunks = [self._texts]
        return self._texts

    def _singles(self) -> Any:
        import numpy as np  # noqa: PLC0415

        if self._single is None or self._pending:
            fresh = np.array([text_hash(t) for t in self._pending], dtype=np.uint64)
            old = self._single if self._single is not None else np.zeros(0, dtype=np.uint64)
            self._single = np.sort(np.concatenate([old, fresh]))
            self._pending = []
        return self._single

    def seen_before(self, ids: pa.Array, hashes: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
        """Return which of ``ids`` (no nulls; ``hashes``: their hashes) are already here."""
        import numpy as np  # noqa: PLC0415

        found = np.zeros(len(ids), dtype=bool)
        hint = np.zeros(len(ids), dtype=bool)
        if self._count:
            blocks = self._hashes()
            # The fewer side is hashed; the sorted index only for a few ids against many.
            hint |= among(hashes, blocks if len(blocks) <= len(hashes) else self._index()[0])
        if self.one_by_one:
            hint |= among(hashes, self._singles())
        for i in np.flatnonzero(hint).tolist():  # a hash match: compare the texts
            text = ids[i].as_py()
            found[i] = text in self.one_by_one or (
                self._count > 0 and self._block_has(int(hashes[i]), text)
            )
        return found

    def add_block(self, ids: pa.Array, hashes: np.ndarray[Any, Any]) -> None:
        """Add ids read a block at a time (none of them here yet, no two equal)."""
        if not len(ids):
            return
        self._blocks.append(hashes)
        self._sorted = None
        self._chunks.append(ids)
        self._count += len(ids)

    def mark(self) -> tuple[set[str], int]:
        """Return a point to come back to with :meth:`restore`."""
        return set(self.one_by_one), self._count

    def restore(self, mark: tuple[set[str], int]) -> None:
        """Forget every id added since ``mark``."""
        singles, count = mark
        if singles != self.one_by_one:
            self.one_by_one = set(singles)
            self._pending = list(singles)
            self._single = None
        if count != self._count:
            kept = self._hashes()[:count]
            self._blocks = [kept] if count else []
            self._sorted = None
            texts = self._joined().slice(0, count)
            self._chunks = [texts] if count else []
            self._texts = texts if count else None
            self._count = count
