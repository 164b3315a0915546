"""The command line: an adapter that prints the calendar report."""

from __future__ import annotations

import io
import subprocess
import sys

import pytest

from halfmanaged.cli import main


def _run(*argv: str) -> str:
    out = io.StringIO()
    assert main(list(argv), out=out) == 0
    return out.getvalue()


def test_calendar_report_lists_holidays_and_month_counts() -> None:
    """The German report names Easter Monday and counts 254 working days in 2026."""
    text = _run("calendar", "DE", "--year", "2026")
    assert "2026-04-06  Mon  Easter Monday" in text
    assert text.splitlines()[-1].split() == ["Total", "254"]
    assert "Apr       20" in text  # Good Friday and Easter Monday taken out of 22


def test_calendar_report_in_chinese() -> None:
    """The report speaks Simplified Chinese on request and counts 调休 Sundays as worked."""
    text = _run("calendar", "CN", "--year", "2026", "--locale", "zh-CN")
    assert "2026 年工作日" in text.splitlines()[0]
    assert text.splitlines()[-1].split()[0] == "合计"


def test_subdivision_changes_the_report() -> None:
    """Bavaria has Epiphany off; Berlin does not."""
    assert "Epiphany" in _run("calendar", "DE", "--year", "2026", "--subdiv", "BY")
    assert "Epiphany" not in _run("calendar", "DE", "--year", "2026", "--subdiv", "BE")


def test_bad_country_exits_2_with_a_message(capsys: pytest.CaptureFixture[str]) -> None:
    """An unknown country is reported on stderr, without a traceback."""
    assert main(["calendar", "XX", "--year", "2026"], out=io.StringIO()) == 2
    assert "country='XX'" in capsys.readouterr().err


def test_python_dash_m_runs_the_same_command() -> None:
    """``python -m halfmanaged`` is the console command."""
    done = subprocess.run(
        [sys.executable, "-m", "halfmanaged", "calendar", "PL", "--year", "2026"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "2026-12-24  Thu  Christmas Eve" in done.stdout
