"""The command line end to end: calendar, report (every format, both languages), explain, tracking,
classify, exit codes and closed pipes."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import subprocess
import sys
from collections import Counter
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

import halfmanaged as hm
from halfmanaged import aliexpress
from halfmanaged._cli_render import Words, as_json, write_json
from halfmanaged._sample import sample_files
from halfmanaged.cli import main
from halfmanaged.messages import Locale
from halfmanaged.report import Report

SAMPLE = Path(hm.__file__).parent / "_data" / "sample"
AS_OF = dt.datetime(2026, 12, 23, 8, 0, tzinfo=dt.UTC)  # fixed by the sample's policy
ZONES = {
    "CN-SZX": ("CN", None, "Asia/Shanghai"),
    "DE-BER": ("DE", "BE", "Europe/Berlin"),
    "ES-MAD": ("ES", "MD", "Europe/Madrid"),
    "FR-PAR": ("FR", None, "Europe/Paris"),
    "GB-LON": ("GB", "ENG", "Europe/London"),
    "PL-WAW": ("PL", None, "Europe/Warsaw"),
    "US-NJ": ("US", "NJ", "America/New_York"),
}


def _run(*argv: str, status: int = 0) -> str:
    out = io.StringIO()
    assert main(list(argv), out=out) == status
    return out.getvalue()


def _cli(*argv: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "halfmanaged", *argv],
        capture_output=True,
        text=True,
        input=stdin,
        check=False,
    )


# -- calendar --------------------------------------------------------------------------------


def test_calendar_report_lists_holidays_and_month_counts() -> None:
    """The German report names Easter Monday and counts 254 working days in 2026."""
    text = _run("calendar", "DE", "--year", "2026")
    assert "2026-04-06  Mon  Easter Monday" in text
    assert text.splitlines()[-1].split() == ["Total", "254"]
    assert "Apr       20" in text  # Good Friday and Easter Monday taken out of 22


def test_calendar_report_in_chinese() -> None:
    """In Chinese: title, weekday names, the package's holiday names and the 调休 days listed."""
    text = _run("calendar", "CN", "--year", "2026", "--locale", "zh-CN")
    assert "2026 年工作日" in text.splitlines()[0]
    assert "2026-10-01  周四  国庆节" in text
    assert "调休上班日" in text
    assert "2026-09-20  周日  调休上班" in text  # a Sunday worked for Golden Week
    assert "10月" in text
    assert text.splitlines()[-1].split()[0] == "合计"


def test_subdivision_changes_the_report() -> None:
    """Bavaria has Epiphany off; Berlin does not."""
    assert "Epiphany" in _run("calendar", "DE", "--year", "2026", "--subdiv", "BY")
    assert "Epiphany" not in _run("calendar", "DE", "--year", "2026", "--subdiv", "BE")


def test_bad_country_exits_2_with_a_message(capsys: pytest.CaptureFixture[str]) -> None:
    """An unknown country is reported on stderr, without a traceback."""
    assert main(["calendar", "XX", "--year", "2026"], out=io.StringIO()) == 2
    err = capsys.readouterr().err
    assert "'XX'" in err
    assert "Traceback" not in err


def test_calendar_out_of_range_year_prints_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    """A year the calendars do not cover fails before a title or header is printed."""
    out = io.StringIO()
    assert main(["calendar", "DE", "--year", "1960"], out=out) == 2
    assert out.getvalue() == ""
    assert "1960" in capsys.readouterr().err


def test_calendar_zone_comes_from_the_iana_table() -> None:
    """Japan has one zone in zone.tab: it is used, never UTC."""
    assert "(Asia/Tokyo)" in _run("calendar", "JP", "--year", "2026").splitlines()[0]


def test_calendar_several_zones_need_a_flag(capsys: pytest.CaptureFixture[str]) -> None:
    """Australia has several zones: the command lists them and asks for --timezone."""
    assert main(["calendar", "AU", "--year", "2026"], out=io.StringIO()) == 2
    err = capsys.readouterr().err
    assert "Australia/Sydney" in err
    assert "--timezone" in err
    text = _run("calendar", "AU", "--year", "2026", "--timezone", "Australia/Perth")
    assert "(Australia/Perth)" in text


def test_calendar_uk_is_gb() -> None:
    """The alias UK names Great Britain, with London's zone."""
    assert _run("calendar", "UK", "--year", "2026").startswith(
        "Working days in GB (Europe/London), 2026"
    )


@pytest.mark.parametrize(
    "argv",
    [
        ("calendar", "CN", "--year", "2026"),
        ("report", "--format", "csv"),
        ("explain", "S0534"),
        ("tracking", "RB123456785GB", "RB123456785GB", "RB123456785GB"),
    ],
)
def test_closed_pipe_ends_quietly(argv: tuple[str, ...]) -> None:
    """A reader that goes away (``| true`` exits before reading) ends it without a traceback."""
    command = " ".join([sys.executable, "-m", "halfmanaged", *argv])
    done = subprocess.run(
        ["sh", "-c", f"{command} | true; {command} | head -c 20"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.stderr == ""
    assert 0 < len(done.stdout.encode()) <= 20


@pytest.mark.parametrize(
    "argv", [("report", "--format", "csv"), ("calendar", "CN", "--year", "2026")]
)
def test_closed_pipe_exits_1_with_nothing_on_stderr(argv: tuple[str, ...]) -> None:
    """The reader closed its end before anything was written: status 1, as Python's
    documentation advises for SIGPIPE (stdout to devnull, exit 1), and no traceback."""
    with subprocess.Popen(
        [sys.executable, "-m", "halfmanaged", *argv],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    ) as proc:
        assert proc.stdout is not None
        assert proc.stderr is not None
        proc.stdout.close()  # the reader goes away at once
        err = proc.stderr.read()
        status = proc.wait()
    assert status == 1
    assert err == b""


def test_python_dash_m_runs_the_same_command() -> None:
    """``python -m halfmanaged`` is the console command."""
    done = _cli("calendar", "PL", "--year", "2026")
    assert done.returncode == 0
    assert "2026-12-24  Thu  Christmas Eve" in done.stdout


# -- report: the numbers, checked against the domain functions ---------------------------------


def _expected_sample() -> tuple[Counter[str], Counter[str], int]:
    """Evaluate the sample's good rows with the public API, independently of the CLI's reader."""
    policy = hm.ShippingPolicy(
        promise_days=2,
        penalties=hm.PenaltySchedule(
            [hm.PenaltyTier(1, percent="2"), hm.PenaltyTier(3, percent="5")]
        ),
        routes=[hm.RouteRule(c) for c in ("Cainiao", "Deutsche Post", "Correos", "La Poste",
                                          "Royal Mail", "Poczta Polska", "Asendia")],
        at_risk_window=dt.timedelta(hours=24),
    )  # fmt: skip
    cals = {
        key: hm.WorkingCalendar.for_country(
            country,
            subdiv=subdiv,
            timezone=zone,
            closures={dt.date(2026, 12, 21): "stocktaking"} if key == "DE-BER" else {},
        )
        for key, (country, subdiv, zone) in ZONES.items()
    }
    dest_zone = {"DE": "Europe/Berlin", "FR": "Europe/Paris", "ES": "Europe/Madrid",
                 "PL": "Europe/Warsaw", "GB": "Europe/London", "IT": "Europe/Rome",
                 "NL": "Europe/Amsterdam", "US": "America/New_York"}  # fmt: skip
    statuses: Counter[str] = Counter()
    codes: Counter[str] = Counter()
    bad = 0
    with (SAMPLE / "orders.csv").open(encoding="utf-8") as stream:
        for row in csv.DictReader(stream):
            try:
                if row["warehouse"] not in cals or row["force_majeure"] not in ("", "true"):
                    raise ValueError(row["warehouse"])
                times = {
                    k: dt.datetime.fromisoformat(row[k])
                    for k in ("picked_up_at", "self_delivered_at", "tracking_uploaded_at",
                              "delivered_at")
                    if row[k]
                }  # fmt: skip
                placed = dt.datetime.fromisoformat(row["placed_at"])
                dest = row["destination"]
                order = hm.Order(
                    row["order_id"],
                    placed,
                    cals[row["warehouse"]],
                    destination=hm.WorkingCalendar.for_country(dest, timezone=dest_zone[dest]),
                    value=hm.Money(row["value"], row["currency"]),
                )
                record = hm.ShipmentRecord(
                    **times,
                    carrier=row["carrier"] or None,
                    tracking_number=row["tracking_number"] or None,
                    mode=row["mode"] or None,
                    shipped_from=row["shipped_from"] or None,
                    force_majeure=row["force_majeure"] == "true",
                )
                a = hm.evaluate(order, policy, record, as_of=AS_OF)
            except (ValueError, TypeError, hm.HalfManagedError):
                bad += 1
                continue
            statuses[a.status.value] += 1
            codes.update(v.code.value for v in a.violations)
    return statuses, codes, bad


@pytest.fixture(scope="module")
def sample_json() -> dict[str, object]:
    out = io.StringIO()
    assert main(["report", "--format", "json"], out=out) == 0
    return json.loads(out.getvalue())  # type: ignore[no-any-return]


def test_report_counts_match_the_domain(sample_json: dict[str, object]) -> None:
    """Orders, statuses, breaches per rule and bad rows equal an independent evaluation."""
    statuses, codes, bad = _expected_sample()
    assert sample_json["orders"] == sum(statuses.values()) == 1000
    assert sample_json["bad_rows"] == bad == 6
    assert sample_json["status"] == {s.value: statuses[s.value] for s in hm.Status}
    breaches = {b["rule"]: b["orders"] for b in sample_json["breaches"]}  # type: ignore[attr-defined]
    assert breaches == dict(codes)


def test_sample_breaks_every_rule(sample_json: dict[str, object]) -> None:
    """The sample has at least one order breaking each rule the engine knows."""
    rules = {b["rule"] for b in sample_json["breaches"]}  # type: ignore[attr-defined]
    assert rules == {code.value for code in hm.RuleCode}


def test_report_rates_are_counted_by_hand(sample_json: dict[str, object]) -> None:
    """The 30-day late-shipment rate of each warehouse is late handovers over judged ones."""
    for summary in sample_json["warehouses"]:  # type: ignore[attr-defined]
        for rate in summary["rates"]:
            if rate["denominator"]:
                assert rate["value"] == pytest.approx(rate["numerator"] / rate["denominator"])
            if rate["rate"] == "late_shipment" and rate["value"] is not None:
                assert rate["flagged"] == (rate["value"] > rate["threshold"])
            assert rate["threshold"] in (0.05, 0.95, 0.9)
        total = sum(summary[k] for k in ("on_track", "at_risk", "breached", "fulfilled"))
        assert total == summary["orders"]


def test_at_risk_queue_is_sorted_and_within_the_horizon(sample_json: dict[str, object]) -> None:
    """Every queued deadline is ahead and at most 24 h away, soonest first."""
    left = [r["time_left_seconds"] for r in sample_json["at_risk"]]  # type: ignore[attr-defined]
    assert left
    assert left == sorted(left)
    assert all(0 < s <= 24 * 3600 for s in left)


def test_bad_rows_are_listed_with_line_column_and_reason(sample_json: dict[str, object]) -> None:
    """The six broken rows are named by file, line and column; the rest still count."""
    problems = sample_json["problems"]
    got = [(p["line"], p["column"], p["code"]) for p in problems]  # type: ignore[attr-defined]
    assert got == [
        (1002, "order_id", "missing"),
        (1003, "placed_at", "naive_time"),
        (1004, "placed_at", "bad_time"),
        (1005, "warehouse", "unknown_warehouse"),
        (1006, "force_majeure", "bad_bool"),
        (1007, "delivered_at", "invalid"),
    ]
    assert all(p["file"] == "sample/orders.csv" for p in problems)  # type: ignore[attr-defined]


def test_table_has_no_colour_codes_off_a_terminal() -> None:
    """Off a terminal the table is plain aligned text in report order."""
    text = _run("report")
    assert "\x1b[" not in text
    sections = ["at-risk queue", "Breaches by rule", "Fines by currency", "Per warehouse",
                "Rates over rolling windows", "Worst offenders", "Bad rows"]  # fmt: skip
    positions = [text.index(s) for s in sections]
    assert positions == sorted(positions)
    assert "sample/orders.csv:1003 [placed_at]" in text


def test_markdown_csv_and_html_formats() -> None:
    """Markdown tables, the documented CSV header, and a self-contained HTML page."""
    md = _run("report", "--format", "markdown")
    assert md.startswith("# Semi-managed shipping report")
    assert "| Order | Warehouse |" in md
    rows = list(csv.DictReader(io.StringIO(_run("report", "--format", "csv"))))
    assert list(rows[0]) == [
        "section", "warehouse", "order_id", "item", "window_days", "value",
        "numerator", "denominator", "threshold", "flagged", "due", "detail",
    ]  # fmt: skip
    assert {"summary", "status", "at_risk", "breach", "rate", "problem"} <= {
        r["section"] for r in rows
    }
    html = _run("report", "--format", "html")
    assert html.startswith("<!DOCTYPE html>")
    assert 'id="chart-due"' in html
    assert 'id="chart-late"' in html
    assert "<script src=" not in html  # plotly is embedded, nothing is fetched


def test_report_in_chinese_dates_and_numbers() -> None:
    """zh-CN: titles, column heads, dates and counts in Chinese form."""
    text = _run("report", "--locale", "zh-CN")
    assert text.startswith("半托管发货报告（截至 2026年12月23日 08:00 UTC）")
    assert "已评估 1,000 个订单，跳过 6 行错误数据" in text
    assert "按规则统计的违规" in text
    assert "发货超时率" in text
    assert "时间缺少 UTC 偏移" in text


def test_json_has_one_list_item_a_line_and_reads_back_whole() -> None:
    """The layout is for people (an item a line); the text is the document, nothing lost."""
    text = _run("report", "--format", "json")
    doc = json.loads(text)
    lines = text.splitlines()
    assert lines[0] == "{"
    assert lines[-1] == "}"
    at_risk = lines.index('  "at_risk": [')
    items = doc["at_risk"]
    assert isinstance(items, list)
    assert len(items) > 1
    for k, item in enumerate(items):
        line = lines[at_risk + 1 + k].removesuffix(",")
        assert line.startswith("    {")
        assert json.loads(line) == item
    assert lines[at_risk + 1 + len(items)] == "  ],"
    assert '  "horizon_seconds": 86400,' in lines


def test_json_of_an_empty_report_keeps_empty_lists_inline() -> None:
    report = Report(as_of=dt.datetime(2026, 12, 31, 23, 0, tzinfo=dt.UTC))
    out = io.StringIO()
    write_json(report, Words(Locale.EN), out)
    assert json.loads(out.getvalue()) == as_json(report, Words(Locale.EN))
    assert '  "at_risk": [],' in out.getvalue().splitlines()
    assert out.getvalue().endswith('  "problems": []\n}\n')


def test_json_is_the_same_in_both_languages_but_for_messages() -> None:
    """The JSON schema is stable across locales; only the bad rows' messages are translated."""
    en = json.loads(_run("report", "--format", "json"))
    zh = json.loads(_run("report", "--format", "json", "--locale", "zh-CN"))
    for doc in (en, zh):
        for p in doc["problems"]:
            p.pop("message")
    assert en == zh


def test_report_on_a_csv_and_jsonl_file(tmp_path: Path) -> None:
    """Two files, CSV and JSON Lines, give one report; flags stand in for a policy file."""
    head = "order_id,warehouse,placed_at,picked_up_at,tracking_uploaded_at,tracking_number"
    (tmp_path / "a.csv").write_text(
        f"{head}\nA1,DE,2026-11-23T10:00:00+01:00,,,\n", encoding="utf-8"
    )
    (tmp_path / "b.jsonl").write_text(
        json.dumps({"order_id": "B1", "warehouse": "FR", "placed_at": "2026-11-24T10:00:00+01:00"})
        + "\n",
        encoding="utf-8",
    )
    doc = json.loads(
        _run(
            "report", str(tmp_path / "a.csv"), str(tmp_path / "b.jsonl"), "--format", "json",
            "--as-of", "2026-11-25T12:00:00+01:00", "--promise-days", "1",
        )
    )  # fmt: skip
    # A1: ship by Tue 24th 15:00, nothing shipped: breached. B1: ship by Wed 25th 15:00, 3 h left.
    assert doc["status"] == {"on_track": 0, "at_risk": 1, "breached": 1, "fulfilled": 0}
    assert [(r["order_id"], r["time_left_seconds"]) for r in doc["at_risk"]] == [("B1", 3 * 3600)]


def _expected_aliexpress() -> tuple[Counter[str], Counter[str], Counter[str], int]:
    """Evaluate the AliExpress sample with the adapter and the engine, not the CLI's reader."""
    policy = hm.ShippingPolicy(
        promise_days=2,
        penalties=hm.PenaltySchedule(
            [hm.PenaltyTier(1, percent="2"), hm.PenaltyTier(3, percent="5")]
        ),
        routes=[hm.RouteRule(c) for c in ("CAINIAO", "DEUTSCHE_POST", "CORREOS", "LA_POSTE",
                                          "ROYAL_MAIL", "POCZTA_POLSKA", "ASENDIA")],
        at_risk_window=dt.timedelta(hours=24),
    )  # fmt: skip
    ships_from = {
        "China": "CN-SZX", "Germany": "DE-BER", "Spain": "ES-MAD", "France": "FR-PAR",
        "United Kingdom": "GB-LON", "Poland": "PL-WAW", "United States": "US-NJ",
    }  # fmt: skip
    cals = {
        name: hm.WorkingCalendar.for_country(
            ZONES[key][0],
            subdiv=ZONES[key][1],
            timezone=ZONES[key][2],
            closures={dt.date(2026, 12, 21): "stocktaking"} if key == "DE-BER" else {},
        )
        for name, key in ships_from.items()
    }
    dest_zone = {"DE": "Europe/Berlin", "FR": "Europe/Paris", "ES": "Europe/Madrid",
                 "PL": "Europe/Warsaw", "GB": "Europe/London", "IT": "Europe/Rome",
                 "NL": "Europe/Amsterdam", "US": "America/New_York"}  # fmt: skip
    dests = {c: hm.WorkingCalendar.for_country(c, timezone=z) for c, z in dest_zone.items()}
    statuses: Counter[str] = Counter()
    codes: Counter[str] = Counter()
    per_warehouse: Counter[str] = Counter()
    bad = split = 0
    pages = json.loads((SAMPLE / "aliexpress_orders.json").read_text(encoding="utf-8"))
    for page in pages:
        found = aliexpress.read_orders(page)
        bad += sum(not p.kept for p in found.problems)
        for ae_order in found.orders:
            shipping = ae_order.to_shipping(cals, destinations=dests)
            if shipping is None:
                bad += 1  # the platform's warehouse ships it: nothing is the seller's
                continue
            split += len(shipping.records) > 1
            a = shipping.assess(policy, as_of=AS_OF)  # every parcel: whole and each
            statuses[a.status.value] += 1
            codes.update(v.code.value for v in a.violations)
            per_warehouse[ships_from[str(ae_order.ships_from)]] += 1
    assert split >= 10  # the sample's split shipments are there, and evaluated
    return statuses, codes, per_warehouse, bad


def test_report_on_the_aliexpress_sample_matches_the_domain() -> None:
    """The bundled AliExpress responses give the orders, statuses, breaches and bad rows the
    adapter and the engine give, warehouse by warehouse."""
    statuses, codes, per_warehouse, bad = _expected_aliexpress()
    doc = json.loads(
        _run("report", str(SAMPLE / "aliexpress_orders.json"), "--policy",
             str(SAMPLE / "policy.toml"), "--format", "json")
    )  # fmt: skip
    assert doc["orders"] == sum(statuses.values()) == 100
    assert doc["bad_rows"] == bad == 2
    assert doc["status"] == {s.value: statuses[s.value] for s in hm.Status}
    assert {b["rule"]: b["orders"] for b in doc["breaches"]} == dict(codes)
    assert {w["warehouse"]: w["orders"] for w in doc["warehouses"]} == dict(per_warehouse)
    assert {p["file"] for p in doc["problems"]} == {"sample/aliexpress_orders.json"}


def test_report_without_a_file_reads_the_csv_sample(sample_json: dict[str, object]) -> None:
    """With no FILE the report is the CSV sample's alone, not the AliExpress responses too."""
    assert sample_json["orders"] == 1000
    assert {p["file"] for p in sample_json["problems"]} == {"sample/orders.csv"}  # type: ignore[attr-defined]


_HEAD = "order_id,warehouse,placed_at,parcel,picked_up_at,tracking_uploaded_at"
_TAIL = ",Deutsche Post,RB123456785DE"  # carrier, tracking_number: a valid S10
_PARCELS = (
    "\n".join(
        [_HEAD + ",carrier,tracking_number"]
        + [
            f"{order},DE,2026-11-{placed}:00+01:00,{parcel},2026-11-{picked}:00+01:00,"
            f"2026-11-{uploaded}:00+01:00{_TAIL}"
            for order, placed, parcel, picked, uploaded in (
                ("P1", "23T10:00", "a", "24T10:00", "24T11:00"),
                ("S1", "24T10:00", "", "25T10:00", "25T11:00"),
                ("P1", "23T10:00", "b", "25T16:00", "25T16:30"),
                ("P1", "23T10:00", "a", "24T10:00", "24T11:00"),
                ("P2", "24T10:00", "a", "25T10:00", "25T11:00"),
                ("P2", "24T11:00", "b", "25T10:00", "25T11:00"),
                ("S1", "24T10:00", "x", "25T10:00", "25T11:00"),
            )
        ]
    )
    + "\n"
)


def test_split_shipment_rows_are_one_order_with_its_parcels(tmp_path: Path) -> None:
    """Rows sharing an order id, each naming its parcel, are one order assessed whole and per
    parcel: P1's second parcel left Wednesday 16:00, after Tuesday's 15:00 ship-by, so the
    order's pickup and tracking upload are late though its first parcel was on time."""
    path = tmp_path / "parcels.csv"
    path.write_text(_PARCELS, encoding="utf-8")
    argv = ("report", str(path), "--format", "json", "--as-of", "2026-11-26T12:00:00+01:00",
            "--promise-days", "1")  # fmt: skip
    doc = json.loads(_run(*argv))
    assert doc["orders"] == 3  # P1 (two parcels), S1, P2 (its first row)
    assert {b["rule"]: b["orders"] for b in doc["breaches"]} == {
        "late_pickup": 1,
        "tracking_not_uploaded": 1,
    }
    assert [o["order_id"] for o in doc["offenders"]] == ["P1"]
    got = [(p["line"], p["column"], p["code"]) for p in doc["problems"]]
    assert got == [
        (5, "parcel", "duplicate_parcel"),  # P1's parcel a again
        (7, "placed_at", "parcel_mismatch"),  # P2's parcel b placed at another time
        (8, "order_id", "duplicate"),  # S1 was an order in one parcel
    ]
    # Valid tracking counts the order once, and only if every parcel's upload was in time.
    (rate,) = [r for r in doc["warehouses"][0]["rates"]
               if r["rate"] == "valid_tracking" and r["window_days"] == 7]  # fmt: skip
    assert (rate["numerator"], rate["denominator"]) == (2, 3)
    # The same order through the engine: the whole and each parcel.
    cal = hm.WorkingCalendar.for_country("DE", timezone="Europe/Berlin")
    berlin = cal.tzinfo
    order = hm.Order("P1", dt.datetime(2026, 11, 23, 10, 0, tzinfo=berlin), cal)
    parcels = [
        hm.ShipmentRecord(
            picked_up_at=dt.datetime(2026, 11, day, hour, 0, tzinfo=berlin),
            tracking_uploaded_at=dt.datetime(2026, 11, day, hour, 30, tzinfo=berlin),
            carrier="Deutsche Post",
            tracking_number="RB123456785DE",
        )
        for day, hour in ((24, 10), (25, 16))
    ]
    a = hm.evaluate(order, hm.ShippingPolicy(1), parcels,
                    as_of=dt.datetime(2026, 11, 26, 12, 0, tzinfo=berlin))  # fmt: skip
    assert [p.codes for p in a.parcels] == [
        frozenset(),
        {hm.RuleCode.LATE_PICKUP, hm.RuleCode.TRACKING_NOT_UPLOADED},
    ]
    text = _run("explain", "P1", str(path), "--as-of", "2026-11-26T12:00:00+01:00",
                "--promise-days", "1")  # fmt: skip
    assert "ship by 2026-11-24 15:00 CET" in text


# -- exit codes ----------------------------------------------------------------------------


def test_fail_on_breached_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    """``--fail-on breached`` exits 1 when any order is breached, saying how many."""
    _run("report", "--format", "json", "--fail-on", "breached", status=1)
    assert "--fail-on breached" in capsys.readouterr().err


def test_fail_on_at_risk_with_an_empty_queue_exits_0() -> None:
    """With a zero horizon nothing is at risk, so ``--fail-on at-risk`` passes."""
    _run("report", "--format", "json", "--fail-on", "at-risk", "--horizon", "0h")
    _run("report", "--format", "json", "--fail-on", "at-risk", status=1)


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        (None, "no such file"),
        ("id,when\n1,2\n", "no usable column"),
        ("\x00\x01\x02 not text", "no usable column"),
    ],
)
def test_unusable_input_exits_2_without_traceback(
    tmp_path: Path, content: str | None, needle: str
) -> None:
    """A missing file, a file without the needed columns, or junk: exit 2 and one line."""
    path = tmp_path / "orders.csv"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    done = _cli("report", str(path))
    assert done.returncode == 2
    assert needle in done.stderr
    assert "Traceback" not in done.stderr
    assert done.stdout == ""


def test_not_utf8_and_bad_flags_exit_2(tmp_path: Path) -> None:
    """Undecodable bytes, a naive --as-of and a bad --horizon are user errors too."""
    path = tmp_path / "orders.csv"
    path.write_bytes(b"order_id,warehouse,placed_at\n\xff\xfe\xfa,DE,x\n")
    for argv in (
        ("report", str(path)),
        ("report", "--as-of", "2026-12-01 10:00"),
        ("report", "--horizon", "soon"),
    ):
        done = _cli(*argv)
        assert done.returncode == 2, argv
        assert "Traceback" not in done.stderr


# -- explain, tracking, classify ----------------------------------------------------------------


def test_explain_names_the_skipped_holidays(tmp_path: Path) -> None:
    """After the cutoff on Maundy Thursday: Good Friday, the weekend and Easter Monday skipped."""
    path = tmp_path / "o.csv"
    path.write_text(
        "order_id,warehouse,placed_at\nE1,DE,2026-04-02T16:00:00+02:00\n", encoding="utf-8"
    )
    text = _run("explain", "E1", str(path), "--as-of", "2026-04-03T09:00:00+02:00")
    assert "at or after the 15:00 order cutoff" in text
    assert "2026-04-03 (Fri) is not a working day: Good Friday" in text
    assert "2026-04-06 (Mon) is not a working day: Easter Monday" in text
    assert "Handling starts on 2026-04-07 (Tue)" in text
    assert "Promised working day 2 of 2: 2026-04-09 (Thu)" in text
    assert "ship by 2026-04-09 15:00 CEST" in text


def test_explain_across_the_spring_switch_in_chinese(tmp_path: Path) -> None:
    """48 hours from Friday 10:00 CET end Sunday 11:00 CEST: 49 hours on the wall clock."""
    path = tmp_path / "o.csv"
    path.write_text(
        "order_id,warehouse,placed_at\nD1,DE,2026-03-27T10:00:00+01:00\n", encoding="utf-8"
    )
    text = _run(
        "explain", "D1", str(path), "--as-of", "2026-03-27T11:00:00+01:00", "--locale", "zh-CN"
    )
    assert "即 2026年3月29日 11:00 CEST 前" in text
    assert "墙上时钟走了 49 小时" in text
    assert "期间发生夏令时切换：下单时为 UTC+01:00，截止时为 UTC+02:00" in text


def test_explain_unknown_order_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    """An order id not in the file is a user error."""
    assert main(["explain", "NOPE"], out=io.StringIO()) == 2
    assert "NOPE" in capsys.readouterr().err


def test_tracking_command() -> None:
    """A valid S10 number exits 0; one with a wrong check digit exits 1 and says why."""
    assert "RB123456785GB" in _run("tracking", "RB123456785GB")
    text = _run("tracking", "RB123456784GB", status=1)
    assert "check digit" in text


def test_classify_command(tmp_path: Path) -> None:
    """A refused parcel is the buyer's doing; the first step is named."""
    path = tmp_path / "incident.json"
    path.write_text(
        json.dumps({"events": [{"symptom": "refused", "at": "2026-03-02T09:00:00+00:00"}]}),
        encoding="utf-8",
    )
    text = _run("classify", str(path))
    assert text.startswith("Cause: buyer")
    assert "First step: contact buyer" in text
    bad = tmp_path / "bad.json"
    bad.write_text("[1, 2]", encoding="utf-8")
    assert main(["classify", str(bad)], out=io.StringIO()) == 2


FEEDS = Path(__file__).parent / "fixtures" / "feeds" / "project"


@pytest.mark.parametrize(
    ("name", "cause", "party"),
    [
        ("aftership-lost-webhook.json", "carrier", "carrier"),  # Exception_013 after acceptance
        ("aftership-customs-hold.json", "customs", "carrier"),  # Exception_004, held by customs
        ("17track-refused.json", "buyer", "buyer"),  # DeliveryFailure_Rejected at the door
    ],
)
def test_classify_reads_tracking_feeds(name: str, cause: str, party: str) -> None:
    """An AfterShip or 17TRACK payload is told by its shape, read through the feeds module and
    classified: the cause and whom to contact first, as the fixture's case says."""
    text = _run("classify", str(FEEDS / name), "--zones", "DE=Europe/Berlin")
    lines = text.splitlines()
    assert lines[0].startswith("Tracking feed from ")
    assert f"Cause: {cause}" in lines
    assert any(line.startswith(f"First step: contact {party},") for line in lines)


def test_classify_feed_without_a_zone_says_what_it_left_out() -> None:
    """AfterShip's naive German times are not guessed: each is a note, and without placed
    scans the cause is undetermined; declared as Berlin time the loss is the carrier's."""
    path = FEEDS / "aftership-lost-webhook.json"
    text = _run("classify", str(path))
    notes = [line for line in text.splitlines() if line.startswith("Note: ")]
    assert len(notes) == 4
    assert "2026-03-23T11:40:00 has no UTC offset" in notes[0]
    assert "Cause: undetermined" in text
    assert "Cause: carrier" in _run("classify", str(path), "--zone", "Europe/Berlin")
    zh = _run("classify", str(path), "--zone", "Europe/Berlin", "--locale", "zh-CN")
    assert zh.startswith("aftership 物流轨迹：单号 00340434161234567890")


def test_classify_feed_errors_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A payload that is not the named provider's shape, or a bad --zones, is a user error."""
    path = FEEDS / "17track-refused.json"
    assert main(["classify", str(path), "--provider", "easypost"], out=io.StringIO()) == 2
    assert main(["classify", str(path), "--zones", "Berlin"], out=io.StringIO()) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert "DE=Europe/Berlin" in err


# -- the sample ------------------------------------------------------------------------------


def test_shipped_sample_equals_the_generator() -> None:
    """The files in the wheel are exactly what the seeded generator writes."""
    for name, text in sample_files().items():
        assert (SAMPLE / name).read_text(encoding="utf-8") == text, name


def test_aliexpress_sample_is_the_csv_orders_in_pacific_time() -> None:
    """Each AliExpress response is the CSV order of its number, placed at the same instant
    (written in US Pacific wall time), shipped to the same country with the same parcel."""
    rows = {r["order_id"]: r for r in csv.DictReader(io.StringIO(sample_files()["orders.csv"]))}
    pacific = ZoneInfo("America/Los_Angeles")
    pages = json.loads(sample_files()["aliexpress_orders.json"])
    checked = 0
    for page in pages[:-2]:
        target = page["aliexpress_trade_new_redefining_findorderbyid_response"]["target"]
        row = rows[f"S{(target['id'] - 8100000000000000) // 10:04d}"]
        placed = dt.datetime.fromisoformat(row["placed_at"]).astimezone(pacific)
        assert target["gmt_create"] == placed.strftime("%Y-%m-%d %H:%M:%S")
        assert target["receipt_address"]["country"] == row["destination"]
        parcels = target["logistic_info_list"].get("aeop_tp_logistic_info_dto", [])
        if row["tracking_uploaded_at"] and row["tracking_number"]:
            assert parcels[0]["logistics_no"] == row["tracking_number"]
        else:
            assert parcels == []
        checked += 1
    assert checked == 100


def test_sample_covers_the_hard_weeks() -> None:
    """Orders from seven countries fall on Easter, Golden Week, DST switch days and near 15:00."""
    rows = list(csv.DictReader(io.StringIO(sample_files()["orders.csv"])))
    warehouses = {row["warehouse"][:2] for row in rows}
    assert {"DE", "ES", "FR", "PL", "GB", "US", "CN"} <= warehouses
    days = {row["placed_at"][:10] for row in rows}
    for day in ("2026-04-03", "2026-10-01", "2026-03-29", "2026-10-25", "2026-03-08"):
        assert day in days, day
    near = [r for r in rows if r["placed_at"][11:16] in ("14:55", "14:59", "15:00", "15:03")]
    assert near
