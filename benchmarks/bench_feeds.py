"""Tracking feeds throughput: webhook bodies per second, from bytes to a diagnosis.

Bodies: the test fixtures (AfterShip, EasyPost, 17TRACK; real and project-made), each copied
into distinct bodies (another tracking number, times shifted by whole minutes) so no two
bodies are equal. Contenders, interleaved over several rounds, CPU time, minimum per contender:

  * ``json.loads`` of the same bodies (the baseline: the least any reader must do);
  * read: bytes -> ``TrackingFeed``;
  * diagnose: bytes -> ``TrackingFeed`` -> ``Incident`` -> ``classify``;
  * webhook: signature check + diagnose (what an ERP endpoint does per delivery).

Targets (library targets, not platform figures): diagnose >= 5,000 bodies/s, and read costs
at most 25 times ``json.loads`` of the same bodies.

    python benchmarks/bench_feeds.py           # 2,000 bodies, 5 rounds, a few seconds
    python benchmarks/bench_feeds.py --full    # 10,000 bodies, 7 rounds
"""

from __future__ import annotations

import argparse
import gc
import json
import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import halfmanaged as hm
from halfmanaged import feeds

FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "feeds"
SOURCES = [
    ("aftership", "project/aftership-lost-webhook.json"),
    ("aftership", "project/aftership-customs-hold.json"),
    ("easypost", "easypost/event-body.json"),
    ("17track", "17track/17track-webhook-ups.json"),
    ("17track", "project/17track-refused.json"),
    ("17track", "project/17track-cn-to-de.json"),
]
SECRET = "bench-secret"
ZONES = {"DE": "Europe/Berlin", "CN": "Asia/Shanghai"}
MINUTE = re.compile(rb"(T\d\d:)(\d\d)(:\d\d)")
NUMBER = re.compile(rb'"(?:number|tracking_number|tracking_code)": ?"')
SIGN = {
    "aftership": feeds.sign_aftership,
    "easypost": feeds.sign_easypost,
    "17track": feeds.sign_17track,
}
VERIFY = {
    "aftership": feeds.verify_aftership,
    "easypost": feeds.verify_easypost,
    "17track": feeds.verify_17track,
}


def variant(body: bytes, i: int) -> bytes:
    """The body with its minutes shifted by ``i % 60`` and a distinct number."""
    shift = i % 60

    def minutes(m: re.Match[bytes]) -> bytes:
        return m[1] + b"%02d" % ((int(m[2]) + shift) % 60) + m[3]

    return NUMBER.sub(lambda m: m[0] + b"B%d-" % i, MINUTE.sub(minutes, body), count=1)


def bodies(n: int) -> list[tuple[str, bytes, str]]:
    raw = [(p, (FIXTURES / name).read_bytes().rstrip(b"\n")) for p, name in SOURCES]
    out = []
    for i in range(n):
        provider, body = raw[i % len(raw)]
        body = variant(body, i)
        out.append((provider, body, SIGN[provider](body, SECRET)))
    assert len({b for _, b, _ in out}) == n, "bodies must be distinct"
    return out


def scans_in(provider: str, parsed: Any) -> int:
    """Count the scans in a parsed body by walking it directly, apart from the readers."""
    if provider == "aftership":
        tracking = parsed["msg"] if "msg" in parsed else parsed["data"]["tracking"]
        return len(tracking["checkpoints"])
    if provider == "easypost":
        return len(parsed["result"]["tracking_details"])
    data = parsed["data"]
    tracking = data.get("track_info", {}).get("tracking") or data["tracking"]
    return sum(len(p["events"]) for p in tracking["providers"])


def run(fn: Callable[[str, bytes, str], object], batch: list[tuple[str, bytes, str]]) -> float:
    gc.collect()
    gc.disable()
    try:
        start = time.process_time()
        for provider, body, header in batch:
            fn(provider, body, header)
        return time.process_time() - start
    finally:
        gc.enable()


def baseline(provider: str, body: bytes, header: str) -> object:
    return json.loads(body)


def read(provider: str, body: bytes, header: str) -> feeds.TrackingFeed:
    return feeds.read_feed(provider, body, zones=ZONES)


def diagnose(provider: str, body: bytes, header: str) -> hm.Diagnosis:
    return hm.classify(feeds.read_feed(provider, body, zones=ZONES).incident())


def webhook(provider: str, body: bytes, header: str) -> hm.Diagnosis:
    if not VERIFY[provider](body, header, SECRET):
        raise AssertionError("signature must verify")
    return diagnose(provider, body, header)


def check(batch: list[tuple[str, bytes, str]]) -> None:
    """Every contender reads the same bodies to consistent answers."""
    for provider, body, header in batch:
        parsed = baseline(provider, body, header)
        feed = read(provider, body, header)
        assert len(feed.records) == scans_in(provider, parsed), (provider, body[:80])
        assert diagnose(provider, body, header) == webhook(provider, body, header)
        assert hm.classify(feed.incident()) == diagnose(provider, body, header)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--full", action="store_true", help="10,000 bodies, 7 rounds")
    args = parser.parse_args()
    n, rounds = (10_000, 7) if args.full else (2_000, 5)
    batch = bodies(n)
    check(batch)
    contenders = {
        "json.loads": baseline,
        "read": read,
        "diagnose": diagnose,
        "webhook": webhook,
    }
    best = dict.fromkeys(contenders, float("inf"))
    for _ in range(rounds):
        for name, fn in contenders.items():  # interleaved: each round runs every contender
            best[name] = min(best[name], run(fn, batch))
    print(f"{n:,} distinct webhook bodies ({len(SOURCES)} shapes), best of {rounds} rounds, CPU")
    base = best["json.loads"]
    for name, seconds in best.items():
        print(
            f"  {name:<11} {n / seconds:>12,.0f} bodies/s  {seconds / n * 1e6:>8.1f} us/body"
            f"  {seconds / base:>6.1f}x json.loads"
        )
    targets = [
        ("diagnose >= 5,000 bodies/s", n / best["diagnose"] >= 5_000),
        ("read <= 25x json.loads", best["read"] / base <= 25),
    ]
    for label, met in targets:
        print(f"  target {label}: {'met' if met else 'NOT met'}")


if __name__ == "__main__":
    main()
