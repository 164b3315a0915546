"""The HTML report in a real headless Chromium: no console errors, no network, charts drawn."""

from __future__ import annotations

import io
import os
import shutil
from pathlib import Path

import pytest

from halfmanaged.cli import main

CHROMIUM = shutil.which("chromium") or (
    "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None
)
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

if CHROMIUM is None and not os.environ.get("CI"):
    pytest.skip("no chromium installed (under CI this test must run)", allow_module_level=True)

playwright_api = pytest.importorskip("playwright.sync_api") if not os.environ.get("CI") else None
if playwright_api is None:
    from playwright import sync_api as playwright_api


@pytest.fixture(scope="module")
def page_report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("html") / "report.html"
    assert main(["report", "--format", "html", "--output", str(path)], out=io.StringIO()) == 0
    return path


def _non_white_share(png: bytes) -> float:
    """The share of pixels that are not (near) white, read with the standard library."""
    import struct  # noqa: PLC0415
    import zlib  # noqa: PLC0415

    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    pos, chunks, width, height, channels = 8, [], 0, 0, 0
    while pos < len(png):
        length, kind = struct.unpack(">I4s", png[pos : pos + 8])
        body = png[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", body[:10])
            assert depth == 8
            channels = {2: 3, 6: 4}[colour]
        elif kind == b"IDAT":
            chunks.append(body)
        pos += 12 + length
    raw = zlib.decompress(b"".join(chunks))
    stride = width * channels
    prev = bytearray(stride)
    coloured = 0
    for y in range(height):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1 : start + 1 + stride])
        for x in range(stride):
            a = line[x - channels] if x >= channels else 0
            b = prev[x]
            c = prev[x - channels] if x >= channels else 0
            if kind == 1:
                line[x] = (line[x] + a) & 0xFF
            elif kind == 2:
                line[x] = (line[x] + b) & 0xFF
            elif kind == 3:
                line[x] = (line[x] + (a + b) // 2) & 0xFF
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 0xFF
        for x in range(0, stride, channels):
            if min(line[x : x + 3]) < 230:
                coloured += 1
        prev = line
    return coloured / (width * height)


def test_html_report_renders_offline_with_charts(page_report: Path, tmp_path: Path) -> None:
    """Opened from disk with the network blocked: no console errors, both charts have content."""
    errors: list[str] = []
    requests: list[str] = []
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM or "/usr/bin/chromium", args=ARGS)
        page = browser.new_page(viewport={"width": 1200, "height": 900})
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("request", lambda r: requests.append(r.url))
        page.goto(page_report.as_uri())
        page.wait_for_selector("#chart-due .main-svg")
        page.wait_for_selector("#chart-late .main-svg")
        shares = {}
        for chart in ("chart-due", "chart-late"):
            element = page.locator(f"#{chart}")
            shot = element.screenshot(path=str(tmp_path / f"{chart}.png"))
            shares[chart] = _non_white_share(shot)
            bars_or_lines = page.locator(f"#{chart} .trace").count()
            assert bars_or_lines >= 4, chart
        page.screenshot(path=str(tmp_path / "page.png"), full_page=False)
        browser.close()
    assert errors == []
    assert all(url.startswith("file:") for url in requests), requests
    assert shares["chart-due"] > 0.03, shares
    assert shares["chart-late"] > 0.01, shares
