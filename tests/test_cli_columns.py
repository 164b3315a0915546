"""The CSV report's column readers agree with the per-order reader's Python parsers."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

import halfmanaged as hm
from halfmanaged.errors import HalfManagedError

pa = pytest.importorskip("pyarrow")
np = pytest.importorskip("numpy")

from halfmanaged._cli_columns import (  # noqa: E402 - after the optional imports
    SeenIds,
    among,
    amounts_ok,
    codes_ok,
    hash_order,
    instants,
    plain,
    text_hash,
    text_hashes,
)

_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def _python(text: str) -> int | None:
    """The per-order reader's answer: UTC microseconds, or None when it refuses the cell."""
    try:
        moment = dt.datetime.fromisoformat(text.strip())
    except ValueError:
        return None
    if moment.utcoffset() is None:
        return None
    return (moment - _EPOCH) // dt.timedelta(microseconds=1)


_PIECES = st.tuples(
    st.sampled_from(["2026", "2024", "2100", "1900", "1899", "2200", "0000", "20x6"]),
    st.sampled_from(["01", "02", "03", "10", "12", "13", "00", "1"]),
    st.sampled_from(["01", "28", "29", "30", "31", "00", "32", "3"]),
    st.sampled_from(["T", " ", "t", "_"]),
    st.sampled_from(["00", "02", "23", "24", "9"]),
    st.sampled_from(["00", "30", "59", "60"]),
    st.sampled_from(["", ":00", ":59", ":60", ":5", ".5", ":00.5"]),
    st.sampled_from(
        [
            "Z",
            "z",
            "",
            "+00:00",
            "-00:00",
            "+01:00",
            "-05:30",
            "+0100",
            "+2359",
            "+23:59",
            "+24:00",
            "+01",
            "+01:60",
            "+1:00",
            "+01:00:00",
        ]
    ),
    st.sampled_from(["", " ", "  ", "\t", "\u3000", "x"]),
    st.booleans(),
)


@given(st.lists(_PIECES, min_size=1, max_size=40))
def test_instants_are_fromisoformat_or_in_doubt(pieces: list[tuple[object, ...]]) -> None:
    """Every cell read in columns has the instant Python's fromisoformat gives it; any other
    non-empty cell is in doubt (read one at a time), an empty one is neither."""
    texts: list[str | None] = []
    for year, month, day, sep, hour, minute, sec, zone, pad, before in pieces:
        core = f"{year}-{month}-{day}{sep}{hour}:{minute}{sec}{zone}"
        texts.append(f"{pad}{core}" if before else f"{core}{pad}")
    texts.append(None)
    micros, doubt = instants(pa.array(texts, type=pa.string()))
    for text, got, unsure in zip(texts, micros.tolist(), doubt.tolist(), strict=True):
        if text is None:
            assert not unsure
        elif not unsure:
            assert got == _python(text), text


def test_common_forms_are_read_in_columns() -> None:
    """Minutes or seconds, "T" or a space, "Z", "+HHMM" or "+HH:MM": all read in columns, and
    to the instant written by hand."""
    forms = [
        "2026-03-29T01:30+01:00", "2026-03-29 01:30:00+0100", "2026-03-29T00:30Z",
        "2026-03-29T00:30:00Z", " 2026-03-28T19:30-05:00 ", "2024-02-29T00:30+00:00",
    ]  # fmt: skip
    micros, doubt = instants(pa.array(forms))
    assert not doubt.any()
    expected = [dt.datetime(2026, 3, 29, 0, 30, tzinfo=dt.UTC)] * 5 + [
        dt.datetime(2024, 2, 29, 0, 30, tzinfo=dt.UTC)
    ]
    assert [_EPOCH + dt.timedelta(microseconds=m) for m in micros.tolist()] == expected


def test_a_sliced_column_reads_its_own_cells() -> None:
    """A slice of an Arrow column (an offset into its buffers) reads its own cells."""
    column = pa.array(["2026-01-01T00:00Z", None, "2026-01-02T00:00Z", "x", "2026-01-03T00:00Z"])
    micros, doubt = instants(column.slice(2))
    day = 86_400_000_000
    start = (dt.datetime(2026, 1, 2, tzinfo=dt.UTC) - _EPOCH) // dt.timedelta(microseconds=1)
    assert micros.tolist()[::2] == [start, start + day]
    assert doubt.tolist() == [False, True, False]


_FORMS = (
    "2024-02-29T10:00+00:00",
    "2026-09-01 10:00+0100",
    "2026-12-31T23:59Z",
    "2026-03-29T01:30:30+05:30",
    "2026-10-25 02:30:00-0230",
    "1900-01-01T00:00:00Z",
    "2199-12-31T23:59:59-23:59",
)


def _agrees(texts: list[str | None]) -> int:
    """Check every cell read has Python's instant; return how many were read."""
    micros, doubt = instants(pa.array(texts, type=pa.string()))
    for text, got, unsure in zip(texts, micros.tolist(), doubt.tolist(), strict=True):
        if text is None:
            assert not unsure
        elif not unsure:
            assert got == _python(text), text
    return int((~doubt).sum())


@pytest.mark.parametrize("form", _FORMS)
def test_every_byte_at_every_place_reads_as_python_reads_it(form: str) -> None:
    """Each form with one byte changed (every byte value at every place), alone in a column
    of good cells: what is read is fromisoformat's instant, and the good cells are read."""
    for place in range(len(form)):
        column: list[str | None] = [
            form[:place] + chr(byte) + form[place + 1 :] for byte in range(1, 128)
        ]
        column += [form, None]
        assert _agrees(column) >= 2  # the form itself and at least the unchanged byte


@pytest.mark.parametrize("form", _FORMS)
def test_every_value_of_every_field_reads_as_python_reads_it(form: str) -> None:
    """Every year 0000-9999 and every value 00-99 of each two-digit field (months 13, days 30
    of February, hours 24, seconds 60, offsets of 24 h or 60 min...)."""
    fields = [(0, 4)] + [
        (i, i + 2) for i in range(2, len(form) - 1) if form[i : i + 2].isdigit() and i != 2
    ]
    for lo, hi in fields:
        width = hi - lo
        column: list[str | None] = [
            form[:lo] + f"{v:0{width}d}" + form[hi:] for v in range(10**width)
        ]
        _agrees(column)


def test_a_cell_arrow_refuses_leaves_the_others_read() -> None:
    """An offset of 60 minutes (Python reads it, Arrow does not) and a 30th of February:
    the column is read the other way, every other cell still read."""
    column = ["2026-01-01T00:00+00:60", "2026-02-30T00:00Z", *_FORMS]
    micros, doubt = instants(pa.array(column))
    assert doubt.tolist() == [True, True] + [False] * len(_FORMS)
    assert micros.tolist()[2:] == [_python(text) for text in _FORMS]


def test_nulls_and_a_slice_off_a_byte_boundary() -> None:
    texts = [None if i % 3 == 0 else _FORMS[i % len(_FORMS)] for i in range(40)]
    column = pa.array(texts, type=pa.string())
    for start in (1, 5, 11):
        part = texts[start:]
        micros, doubt = instants(column.slice(start))
        assert not doubt.any()
        assert [m if t else None for m, t in zip(micros.tolist(), part, strict=True)] == [
            _python(t) if t else None for t in part
        ]


def test_large_and_chunked_columns_read_as_string_ones() -> None:
    texts = [_FORMS[0], None, _FORMS[3], "x"]
    expected = instants(pa.array(texts, type=pa.string()))
    for column in (
        pa.array(texts, type=pa.large_string()),
        pa.chunked_array([texts[:2], texts[2:]], type=pa.string()),
    ):
        micros, doubt = instants(column)
        assert micros.tolist() == expected[0].tolist()
        assert doubt.tolist() == expected[1].tolist() == [False, False, False, True]


def _money_takes(text: str | None) -> bool:
    if not text:
        return False
    try:
        hm.Money(Decimal(text), "EUR")
    except (ArithmeticError, HalfManagedError):
        return False
    return True


@given(st.lists(st.text(alphabet="0123456789.,-+e ", max_size=24) | st.none(), max_size=30))
def test_amounts_read_in_columns_are_amounts_money_takes(values: list[str | None]) -> None:
    """An amount read in columns is one the per-order reader takes too."""
    ok = amounts_ok(pa.array(values, type=pa.string()))
    for text, fast in zip(values, ok.tolist(), strict=True):
        if fast:
            assert _money_takes(text), text


def test_plain_amounts_and_codes() -> None:
    """Up to 15 digits and 6 places are plain; three capitals are a code."""
    values = ["1", "12.50", "999999999999999.999999", "1234567890123456", "0.1234567", ".5",
              "1e3", "-1", None, "12.5\n", "5.", "1.2.3", "١٢"]  # fmt: skip
    ok = amounts_ok(pa.array(values))
    assert ok.tolist() == [True, True, True] + [False] * 10
    codes = codes_ok(pa.array(["EUR", "EU", "EURO", "E1R", "eur", None]))
    assert codes.tolist() == [True, False, False, False, False, False]


def test_text_hashes_match_the_scalar_hash() -> None:
    """The column hash of each text is the scalar one, for slices and any UTF-8 too."""
    texts = ["", "A1", "菜鸟-1", "x" * 300, *(f"O{n:07d}" for n in range(200))]
    column = pa.array([None, *texts])
    hashes = text_hashes(column).tolist()
    assert hashes[0] == 0
    assert hashes[1:] == [text_hash(t) for t in texts]
    assert text_hashes(column.slice(3)).tolist() == [text_hash(t) for t in texts[2:]]
    assert len(set(hashes)) == len(hashes)


def test_seen_ids_in_blocks_and_one_at_a_time() -> None:
    """Ids added a block at a time and one at a time are both found; a restore forgets
    what came after the mark."""
    seen = SeenIds()
    first = pa.array([f"O{n}" for n in range(100)])
    seen.add_block(first, text_hashes(first))
    seen.add("S1")
    mark = seen.mark()
    second = pa.array(["P1", "P2"])
    seen.add_block(second, text_hashes(second))
    seen.add("S2")
    assert {"O5", "O99", "S1", "P2", "S2"} <= {
        t for t in ["O5", "O99", "S1", "P2", "S2"] if t in seen
    }
    assert "O100" not in seen
    probe = pa.array(["O7", "S1", "P1", "S2", "new"])
    assert seen.seen_before(probe, text_hashes(probe)).tolist() == [True] * 4 + [False]
    seen.restore(mark)
    assert [t in seen for t in ["O7", "S1", "P1", "S2"]] == [True, True, False, False]
    assert len(seen) == 101


@given(
    st.lists(st.integers(0, 40), max_size=60),
    st.lists(st.integers(0, 40), max_size=60, unique=True),
)
def test_among_is_membership_either_way(values: list[int], members: list[int]) -> None:
    """A hash table of the fewer members, or a search of the sorted many: set membership."""
    found = among(np.array(values, dtype=np.uint64), np.array(sorted(members), dtype=np.uint64))
    assert found.tolist() == [v in set(members) for v in values]


def test_a_file_after_a_bigger_one_is_checked_against_it() -> None:
    """Many ids then few (a sorted search) and few then many (a hash table): both found."""
    seen = SeenIds()
    many = pa.array([f"O{n}" for n in range(500)])
    seen.add_block(many, text_hashes(many))
    few = pa.array(["O3", "X1"])
    assert seen.seen_before(few, text_hashes(few)).tolist() == [True, False]
    seen.add_block(pa.array(["X1"]), text_hashes(pa.array(["X1"])))
    again = pa.array([f"X{n}" for n in range(600)])
    assert np.flatnonzero(seen.seen_before(again, text_hashes(again))).tolist() == [1]


def test_seen_ids_check_the_text_behind_a_hash() -> None:
    """Two texts sharing a hash are still told apart: a hash match is only a hint."""
    seen = SeenIds()
    ids = pa.array(["A", "B"])
    fake = np.array([7, 7], dtype=np.uint64)  # as if both had one hash
    seen.add_block(ids, fake)
    probe = pa.array(["C", "B"])
    assert seen.seen_before(probe, np.array([7, 7], dtype=np.uint64)).tolist() == [False, True]
    assert "C" not in seen


_CELLS = st.one_of(
    st.none(),
    st.sampled_from(
        ["DE", "de", " DE", "DE ", "\tDE", "Deutsche Post", "é", "DÉ", "x\u00a0", "", "Z"]
    ),
    st.text(max_size=4),
)


@given(st.lists(_CELLS, min_size=1, max_size=30), st.booleans(), st.integers(0, 3))
def test_plain_columns_are_those_trimming_leaves_alone(
    cells: list[str | None], upper: bool, skip: int
) -> None:
    """A column said to be plain is unchanged by Arrow's trim (and upper-casing) and has no
    cell left empty; a column with a cell to trim, to raise or empty is never said plain."""
    pc = pytest.importorskip("pyarrow.compute")
    column = pa.array(["pad"] * skip + cells, type=pa.string()).slice(skip)
    changed = pc.utf8_trim_whitespace(column)
    if upper:
        changed = pc.utf8_upper(changed)
    same = changed.equals(column) and not pc.any(pc.equal(changed, "")).as_py()
    if plain(column, upper=upper):
        assert same
    ascii_plain = all(
        c is None or (c and c.isascii() and c.isprintable() and c == c.strip() and
                      (not upper or c == c.upper()))
        for c in cells
    )  # fmt: skip
    if ascii_plain:
        assert plain(column, upper=upper)


@given(
    hashes=st.lists(st.integers(0, 2**64 - 1), max_size=300),
    ties=st.lists(st.integers(0, 2**64 - 1), max_size=3),
)
def test_hash_order_sorts_like_argsort(hashes: list[int], ties: list[int]) -> None:
    """hash_order sorts 64-bit hashes as argsort does, with shared top bits and repeats too."""
    # Repeats and near-repeats (same top bits, other low bits) force the fallback path.
    values = hashes + ties + ties + [t ^ 1 for t in ties]
    array = np.array(values, dtype=np.uint64)
    order = hash_order(array)
    assert sorted(order.tolist()) == list(range(len(values)))
    assert array[order].tolist() == sorted(values)
    if len(set(values)) == len(values):
        assert order.tolist() == np.argsort(array).tolist()
