"""The column validator: element for element the answer of validate_tracking_number."""

from __future__ import annotations

import json
import random
import re
import subprocess
import sys
from collections.abc import Sequence
from importlib import resources

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from halfmanaged import _tracking_frame as tf
from halfmanaged import _tracking_schemes as ts
from halfmanaged.errors import FieldTypeError, InvalidFieldError
from halfmanaged.tracking import known_carriers, validate_tracking_number

DATA = resources.files("halfmanaged").joinpath("_data")


def _examples() -> list[tuple[str, str, str]]:
    """(carrier, kind, number) for every test number of the bundled data, read from the files."""
    couriers = DATA.joinpath("tracking_number_data").joinpath("couriers")
    docs = [
        json.loads(p.read_text("utf-8")) for p in couriers.iterdir() if p.name.endswith(".json")
    ]
    docs.append(json.loads(DATA.joinpath("cainiao.json").read_text("utf-8")))
    docs.extend(json.loads(DATA.joinpath("european_carriers.json").read_text("utf-8"))["couriers"])
    return [
        (str(doc["courier_code"]), kind, number)
        for doc in docs
        for spec in doc["tracking_numbers"]
        for kind in ("valid", "invalid")
        for number in spec["test_numbers"][kind]
    ]


EXAMPLES = _examples()
NUMBERS = sorted({n for _, _, n in EXAMPLES})
CARRIERS = sorted(known_carriers())
# Codes, names and aliases the scalar resolves, names it does not, and "any carrier".
CARRIER_NAMES = [
    *CARRIERS,
    "DHL",
    "Canada Post",
    "菜鸟",
    "Hermes UK",
    "DHL Paket",
    " royal  mail ",
    "usps_impb_n",
    "nope",
    "",
    None,
]


def _scalar(numbers: Sequence[str | None], carriers: Sequence[str | None]) -> list[bool]:
    """The oracle: validate_tracking_number per row (a missing number is not valid)."""
    return [
        n is not None and validate_tracking_number(n, c).valid
        for n, c in zip(numbers, carriers, strict=True)
    ]


def _agree(numbers: Sequence[str | None], carriers: Sequence[str | None]) -> None:
    got = tf.valid_tracking_numbers(pd.Series(numbers, dtype=object), carriers)
    assert got.dtype == np.bool_
    expected = _scalar(numbers, carriers)
    rows = zip(numbers, carriers, got, expected, strict=True)
    wrong = [(n, c, e) for n, c, g, e in rows if g != e]
    assert not wrong, wrong[:10]


def test_every_example_number_agrees_with_every_carrier_and_with_none() -> None:
    """Each test number of the data, for no carrier and for each known carrier, as the scalar."""
    assert len(NUMBERS) > 150
    numbers = [n for n in NUMBERS for _ in (None, *CARRIERS)]
    carriers = [c for _ in NUMBERS for c in (None, *CARRIERS)]
    _agree(numbers, carriers)
    valid = [(c, n) for c, kind, n in EXAMPLES if kind == "valid"]
    got = tf.valid_tracking_numbers([n for _, n in valid], [c for c, _ in valid])
    assert got.all()  # the data's own valid numbers, independently of the scalar


def test_every_format_is_tried_vectorised() -> None:
    """No bundled format falls back to Python's re: a changed pattern shows up here."""
    plans = tf._plans(ts.tables()).plans
    assert [p.scheme.id for p in plans if p.variants is None] == []


def _mutants(number: str, rng: random.Random) -> list[str]:
    """Near misses of a number: one digit changed, two swapped, one dropped or added."""
    out = []
    digits = [i for i, c in enumerate(number) if c.isdigit()]
    for _ in range(4):
        if digits:
            i = rng.choice(digits)
            out.append(
                number[:i] + str((int(number[i]) + rng.randrange(1, 10)) % 10) + number[i + 1 :]
            )
        if len(number) > 1:
            i = rng.randrange(len(number) - 1)
            out.append(number[:i] + number[i + 1] + number[i] + number[i + 2 :])
            out.append(number[:i] + number[i + 1 :])
            out.append(number[:i] + rng.choice("0123456789AZ") + number[i:])
    return out


def test_near_misses_of_every_example_agree() -> None:
    """Changed, swapped, dropped and added characters of each example, any carrier and own."""
    rng = random.Random(20261126)
    rows: list[tuple[str, str | None]] = [
        (m, named) for c, _, n in EXAMPLES for m in _mutants(n, rng) for named in (None, c)
    ]
    _agree([m for m, _ in rows], [c for _, c in rows])


FULL_WIDTH = str.maketrans({chr(c): chr(c + 0xFEE0) for c in range(0x21, 0x7F)})


def _decorated(number: str, style: int) -> str:
    """The number as people type it: lower case, spaces, tabs, full-width forms."""
    if style == 1:
        return number.lower()
    if style == 2:
        return " " + " ".join(number[i : i + 4] for i in range(0, len(number), 4)) + "\t"
    if style == 3:
        return number.translate(FULL_WIDTH)
    if style == 4:
        return number[:3] + "\x1c\x1d" + number[3:] + "\x1e\x1f\x0b\x0c\r"
    if style == 6:
        return number[:3] + "\u3000" + number[3:] + "\u00a0"
    if style == 5:
        return number[:2] + "\n" + number[2:].lower()
    return number


def test_numbers_as_people_type_them_agree() -> None:
    """Lower case, ASCII and Unicode spaces, full-width forms: normalised as the scalar does."""
    rows: list[tuple[str, str | None]] = [
        (_decorated(n, style), c) for c, _, n in EXAMPLES for style in range(7)
    ]
    rows += [(r, None) for r, _ in rows]
    _agree([n for n, _ in rows], [c for _, c in rows])


def numbers() -> st.SearchStrategy[str | None]:
    """Tracking numbers: examples, near misses, decorated, random text, blank, missing."""
    example = st.sampled_from(NUMBERS)
    mutated = st.builds(
        lambda n, seed: random.Random(seed).choice(_mutants(n, random.Random(seed)) or [n]),
        example,
        st.integers(0, 2**32),
    )
    decorated = st.builds(_decorated, st.one_of(example, mutated), st.integers(0, 6))
    digits = st.text("0123456789", min_size=8, max_size=40)
    shaped = st.builds(
        lambda head, body: head + body,
        st.sampled_from(["", "1Z", "420", "42012345", "94", "92", "93", "95", "91", "JJD", "LP"]),
        digits,
    )
    junk = st.text(
        st.characters(codec="utf-8", categories=("Lu", "Ll", "Nd", "Zs", "Cc", "Po")),
        max_size=30,
    )
    return st.one_of(
        example, mutated, decorated, shaped, junk, st.sampled_from(["", " ", "\t\n", None])
    )


@settings(max_examples=150, deadline=None)
@given(
    rows=st.lists(st.tuples(numbers(), st.sampled_from(CARRIER_NAMES)), min_size=1, max_size=40),
    named=st.booleans(),
)
def test_columns_agree_with_the_scalar_validator(
    rows: list[tuple[str | None, str | None]], named: bool
) -> None:
    """Generated numbers, with per-row carriers or none, give the scalar's answer per row."""
    numbers_ = [n for n, _ in rows]
    carriers = [c for _, c in rows] if named else [None] * len(rows)
    got = tf.valid_tracking_numbers(pa.array(numbers_, pa.string()), carriers if named else None)
    assert got.tolist() == _scalar(numbers_, carriers)


def _python_parse(scheme: ts.Scheme, number: str) -> tuple[str, str] | bool:
    """Python's parse: the serial and check digit, or whether it matches (no check digit)."""
    match = scheme.pattern.fullmatch(number)
    if scheme.check is None or match is None:
        return match is not None
    return (match["SerialNumber"], match["CheckDigit"])


def _re2_parse(plan: tf._Plan, texts: list[str]) -> list[tuple[str, str] | bool]:
    """The same read with the plan's RE2 patterns, the first that matches deciding."""
    assert plan.variants is not None
    column = pa.array(texts, pa.large_string())
    out: list[tuple[str, str] | bool] = [False] * len(texts)
    decided = [False] * len(texts)
    for variant in plan.variants:
        if plan.groups:
            for i, found in enumerate(pc.extract_regex(column, variant.pattern).to_pylist()):
                if found is not None and not decided[i]:
                    decided[i] = True
                    parse = (found["SerialNumber"], found["CheckDigit"])
                    out[i] = parse if plan.scheme.check else True
        else:
            hits = pc.match_substring_regex(column, variant.pattern).to_pylist()
            for i, hit in enumerate(hits):
                out[i] = out[i] or bool(hit)
    return out


def _structured(rng: random.Random) -> str:
    head = rng.choice(["", "420", "42012345", "420123456789", "1Z", "JJD", "3S", "GM", "96"])
    middle = rng.choice(["", "91", "92", "93", "94", "95", "9", "0"])
    return head + middle + "".join(rng.choice("0123456789") for _ in range(rng.randrange(30)))


def test_re2_patterns_parse_like_python() -> None:
    """Each format's RE2 form matches the same numbers and captures the same serial and digit."""
    rng = random.Random(7)
    texts = set(NUMBERS) | {"".join(n.split()).upper() for n in NUMBERS}
    texts |= {m for n in list(texts) for m in _mutants(n, rng)}
    texts |= {_structured(rng) for _ in range(4000)}
    ordered = sorted(texts)
    for plan in tf._plans(ts.tables()).plans:
        python = [_python_parse(plan.scheme, t) for t in ordered]
        re2 = _re2_parse(plan, ordered)
        wrong = [(t, p, r) for t, p, r in zip(ordered, python, re2, strict=True) if p != r]
        assert not wrong, (plan.scheme.id, wrong[:5])


def test_fixed_group_places_are_where_python_finds_the_groups() -> None:
    """The first form that fits (read by Python's re) fits iff the format does, and where it
    reads groups at fixed places, they are the spans of the format's own match."""
    rng = random.Random(9)
    texts = {"".join(n.split()).upper() for n in NUMBERS}
    texts |= {m for n in list(texts) for m in _mutants(n, rng)}
    texts |= {_structured(rng) for _ in range(3000)}
    plans = tf._plans(ts.tables()).plans
    placed = {p.scheme.id for p in plans if p.variants and all(v.layout for v in p.variants)}
    assert {"s10", "ups", "ups_waybill", "dhl_express", "usps_legacy", "usps_impb_n"} <= placed
    for plan in plans:
        assert plan.variants is not None
        for text in texts:
            match = plan.scheme.pattern.fullmatch(text)
            form = next((v for v in plan.variants if re.fullmatch(v.source, text)), None)
            assert (match is None) == (form is None), (plan.scheme.id, text)
            if match is None or form is None or form.layout is None:
                continue
            for name, (begin, end) in form.layout.items():
                spans = tuple(len(text) - o if back else o for back, o in (begin, end))
                assert spans == match.span(name), (plan.scheme.id, text, name)


def test_spelled_out_forms_match_what_python_matches() -> None:
    """A form spelled out as character classes per width fits exactly the strings re does."""
    rng = random.Random(13)
    texts = {"".join(n.split()).upper() for n in NUMBERS}
    texts |= {m for n in list(texts) for m in _mutants(n, rng)}
    texts |= {_structured(rng) for _ in range(3000)}
    texts |= {
        "".join(rng.choice("0123456789ABCJZ") for _ in range(rng.randrange(1, 36)))
        for _ in range(3000)
    }
    variants = [v for p in tf._plans(ts.tables()).plans for v in p.variants or () if v.shapes]
    assert len(variants) > 50
    for variant in variants:
        assert variant.shapes is not None
        for text in texts:
            shape = variant.shapes.get(len(text))
            block = np.frombuffer(text.encode(), dtype=np.uint8).reshape(1, -1)
            fits = shape is not None and bool(tf._fits(block, shape)[0])
            assert fits == (re.fullmatch(variant.source, text) is not None), (variant.source, text)


def test_the_usps_impb_forms_match_every_length_and_prefix() -> None:
    """USPS IMpb numbers of every length 18-40, with every routing prefix, parse as in Python."""
    rng = random.Random(3)
    plans = {p.scheme.id: p for p in tf._plans(ts.tables()).plans}
    for scheme_id in ("usps_impb_n", "usps_impb_c", "usps_legacy"):
        plan = plans[scheme_id]
        texts: list[str] = []
        for length in range(18, 41):
            for head in ("", "420", "42012345", "420123456789"):
                for start in ("91", "92", "93", "94", "95", "9", "0"):
                    for shipper in ("9", "0", "5"):
                        body = head + start + "123" + shipper
                        if len(body) > length:
                            continue
                        text = body + "".join(
                            rng.choice("0123456789") for _ in range(length - len(body))
                        )
                        texts.append(text)
        assert [_python_parse(plan.scheme, t) for t in texts] == _re2_parse(plan, texts)


def test_the_scalar_fallback_gives_the_same_answers(monkeypatch: pytest.MonkeyPatch) -> None:
    """A format whose pattern cannot be translated is tried with Python's re, same answers."""
    monkeypatch.setattr(tf, "re2_pattern", lambda source, keep: None)
    monkeypatch.setattr(tf, "_OVERRIDES", {})
    fallback = tf._Plans(ts.tables())
    assert all(p.variants is None for p in fallback.plans)
    monkeypatch.setattr(tf, "_plans", lambda tables: fallback)
    numbers_ = NUMBERS + [m for n in NUMBERS for m in _mutants(n, random.Random(1))]
    _agree(numbers_, [None] * len(numbers_))


def test_the_translation_refuses_what_re2_reads_differently() -> None:
    """Look-arounds, flags, possessive repeats and \\s give no translation; groups are kept."""
    keep = frozenset({"SerialNumber"})
    for source in (r"(?=1)1", r"(?!1)2", r"(?<=a)b", r"(?i)a", r"a*+", r"\s", r"(a)\1", r"a{,3}"):
        assert tf.re2_pattern(source, keep) is None, source
    assert tf.re2_pattern(r"(?P<SerialNumber>[0-9]{2,})(?P<X>a)|b?", keep) == (
        r"\A(?:(?P<SerialNumber>[0-9]{2,})(?:a)|b?)\z"
    )
    assert tf.re2_pattern(r"[^\]a-]+?\b", keep) == r"\A(?:[^\]a-]+?\b)\z"


def test_first_characters_of_patterns() -> None:
    """A format's first characters are read from its pattern; unsure means every character."""
    assert "".join(chr(i) for i in range(128) if tf._first_bytes(r"(?:AB|[0-2])?C")[i]) == "012AC"
    assert tf._first_bytes(r"(?i)a").all()
    assert tf._first_bytes(r".x").all()
    assert "".join(chr(i) for i in range(128) if tf._first_bytes(r"\b(?=x)y")[i]) == "y"


@pytest.mark.parametrize(
    "column",
    [
        lambda v: v,
        lambda v: pd.Series(v, dtype=object),
        lambda v: pd.Series(v, dtype="string"),
        lambda v: pd.Series(v, dtype="string[pyarrow]"),
        lambda v: pd.Series(v, dtype=pd.ArrowDtype(pa.large_string())),
        lambda v: pa.array(v, pa.string()),
        lambda v: pa.array(v, pa.string_view()),
        lambda v: pa.chunked_array([pa.array(v[:2]), pa.array(v[2:])]),
        lambda v: pa.array(v).dictionary_encode(),
        lambda v: pd.Series(v, dtype=object).iloc[::-1].iloc[::-1],
    ],
)
def test_every_kind_of_column_is_read(column: object) -> None:
    """Lists, pandas columns of any string dtype and pyarrow arrays give the same answers."""
    values = ["RB123456785GB", None, "rb123456786gb", "1Z5R89390357567127", " "]
    carriers = [None, "s10", "s10", "ups", None]
    assert tf.valid_tracking_numbers(column(values)).tolist() == [True, False, False, True, False]  # type: ignore[operator]
    assert tf.valid_tracking_numbers(column(values), column(carriers)).tolist() == [  # type: ignore[operator]
        True,
        False,
        False,
        True,
        False,
    ]


def test_missing_values_and_sliced_arrays() -> None:
    """NaN and pd.NA are missing; a sliced pyarrow array is read from its own offset."""
    numbers_ = pd.Series(["RB123456785GB", np.nan, pd.NA, "1Z5R89390357567127"], dtype=object)
    carriers = pd.Series([np.nan, None, "ups", pd.NA], dtype=object)
    assert tf.valid_tracking_numbers(numbers_, carriers).tolist() == [True, False, False, True]
    assert tf.valid_tracking_numbers(pd.Series([np.nan, np.nan])).tolist() == [False, False]
    sliced = pa.array(["x", " rb123456785gb", "1Z5R89390357567127", "y"]).slice(1, 2)
    assert tf.valid_tracking_numbers(sliced).tolist() == [True, True]
    assert tf.valid_tracking_numbers([]).tolist() == []
    assert tf.valid_tracking_numbers(["RB123456785GB"], "no such carrier").tolist() == [False]


def test_wrong_inputs_raise_library_errors() -> None:
    """A non-string value raises FieldTypeError naming it; unequal lengths InvalidFieldError."""
    with pytest.raises(FieldTypeError, match="number=12345"):
        tf.valid_tracking_numbers(pd.Series(["RB123456785GB", 12345], dtype=object))
    with pytest.raises(FieldTypeError, match="number=5"):  # NaN and NA are missing, not wrong
        tf.valid_tracking_numbers(pd.Series([np.nan, pd.NA, "RB123456785GB", 5], dtype=object))
    with pytest.raises(FieldTypeError, match="number=7"):
        tf.valid_tracking_numbers([7, 8])
    with pytest.raises(FieldTypeError, match="carrier=3"):
        tf.valid_tracking_numbers(["RB123456785GB"], [3])
    with pytest.raises(InvalidFieldError, match="carriers"):
        tf.valid_tracking_numbers(["RB123456785GB"], ["s10", "s10"])


def test_importing_the_package_imports_no_columnar_library() -> None:
    """import halfmanaged and its tracking module load neither NumPy, pandas nor pyarrow."""
    code = (
        "import sys, halfmanaged, halfmanaged.tracking;"
        "print(sorted(m for m in ('numpy', 'pandas', 'pyarrow') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_a_large_column_agrees_on_a_sample() -> None:
    """Twenty thousand generated rows of mixed carriers agree with the scalar on all of them."""
    rng = random.Random(11)
    pool = NUMBERS + [m for n in NUMBERS for m in _mutants(n, rng)]
    numbers_ = [rng.choice(pool) for _ in range(20_000)]
    carriers = [rng.choice(CARRIER_NAMES) for _ in numbers_]
    _agree(numbers_, carriers)
