"""Tracking feeds: AfterShip, EasyPost and 17TRACK payloads in, events and diagnoses out."""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import hmac
import itertools
import json
import pickle
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from strategies import aftership_checkpoints

import halfmanaged as hm
from halfmanaged import feeds
from halfmanaged.errors import (
    FieldTypeError,
    HalfManagedError,
    InvalidFieldError,
    MalformedFeedError,
    MalformedPayloadError,
    UnknownTimezoneError,
)

FIXTURES = Path(__file__).parent / "fixtures" / "feeds"
UTC = dt.UTC


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def utc(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=UTC)


def aftership(checkpoints: list[dict[str, object]], **top: object) -> bytes:
    msg = {"tracking_number": "RB123456785GB", "slug": "royal-mail", **top}
    msg["checkpoints"] = checkpoints
    return json.dumps({"event": "tracking_update", "event_id": "e-1", "msg": msg}).encode()


# --------------------------------------------------------------------------- real payloads


def fedex() -> feeds.TrackingFeed:
    return feeds.read_aftership_trackings(fixture("aftership/get_trackings.json"))[0]


def test_aftership_page_reads_every_parcel() -> None:
    """The AfterShip trackings page gives one feed per parcel, with number, slug and tags."""
    page = feeds.read_aftership_trackings(fixture("aftership/get_trackings.json"))
    assert [(f.number, f.carrier, f.status) for f in page] == [
        ("1111111111111", "fedex", "Delivered"),
        ("2222222222222", "ups", "Expired"),
        ("1231231231231", "usps", "Expired"),
    ]


def test_fedex_parcel_is_delivered_and_nobody_is_blamed_for_the_transient_exception() -> None:
    """The FedEx parcel had an exception mid-route and was then delivered: no party is blamed."""
    feed = fedex()
    assert len(feed.events) == 11
    assert not feed.unplaced
    symptoms = [e.symptom for e in feed.events]
    assert symptoms[4] is hm.Symptom.EXCEPTION
    assert symptoms[-1] is hm.Symptom.DELIVERED
    # 2018-08-01T13:19:47-04:00, read by hand.
    assert feed.events[-1].at == utc(2018, 8, 1, 17, 19, 47)
    dx = hm.classify(feed.incident())
    assert dx.candidates == ()
    assert dx.clues == ()
    assert not feed.contradicts


def test_fedex_checkpoints_keep_their_offsets_and_order() -> None:
    """Checkpoint times with offsets are used as sent, and the events come in time order."""
    events = fedex().events
    assert events[0].at == utc(2018, 7, 31, 14, 33)  # 10:33 at -04:00
    assert [e.at for e in events] == sorted(e.at for e in events)
    assert events[1].code == "InTransit_002"


EASYPOST_SECRET = "s\u00e9cret"  # precomposed é, as published


def easypost_signature() -> str:
    published = json.loads(fixture("easypost/client-library-fixtures.webhooks.json"))
    return str(published["webhooks"]["hmac_signature"])


def test_easypost_published_signature_verifies() -> None:
    """EasyPost's own example body, secret and signature verify (the body without its newline)."""
    body = fixture("easypost/event-body.json")
    assert body.endswith(b"\n")
    assert feeds.verify_easypost(body[:-1], easypost_signature(), EASYPOST_SECRET)
    assert feeds.verify_easypost(body[:-1], easypost_signature(), EASYPOST_SECRET)


@pytest.mark.parametrize("position", [0, 1, 100, 1000, 3549])
def test_easypost_signature_fails_after_a_one_byte_change(position: int) -> None:
    """Changing any one byte of the signed body makes the published signature fail."""
    body = bytearray(fixture("easypost/event-body.json")[:-1])
    body[position] ^= 0x01
    assert not feeds.verify_easypost(bytes(body), easypost_signature(), EASYPOST_SECRET)


def test_easypost_signature_needs_the_exact_body_and_the_nfkd_key() -> None:
    """The trailing newline, or the secret not normalised to NFKD, gives another signature."""
    body = fixture("easypost/event-body.json")
    assert not feeds.verify_easypost(body, easypost_signature(), EASYPOST_SECRET)
    raw_key = hmac.new(EASYPOST_SECRET.encode(), body[:-1], hashlib.sha256).hexdigest()
    assert not hmac.compare_digest(f"hmac-sha256-hex={raw_key}", easypost_signature())
    # A secret typed in decomposed form is the same secret once normalised.
    assert feeds.verify_easypost(body[:-1], easypost_signature(), "se\u0301cret")


def test_easypost_event_reads_the_tracker() -> None:
    """The EasyPost Event's Tracker gives number, carrier, status and its tracking details."""
    feed = feeds.read_easypost(fixture("easypost/event-body.json"))
    assert (feed.number, feed.carrier, feed.status, feed.sub_status) == (
        "1",
        "FedEx",
        "in_transit",
        "arrived_at_facility",
    )
    assert feed.event_ids == ("evt_1",)
    assert len(feed.events) == 7
    assert feed.events[0].at == utc(2024, 7, 31, 15, 0)
    assert feed.events[0].country == "US"
    assert feed.events[0].symptom is hm.Symptom.INFO_RECEIVED
    assert feed.reported_status is hm.Symptom.IN_TRANSIT
    assert hm.classify(feed.incident()).candidates == ()


def test_17track_ups_push_reads_string_nulls_and_flat_sections() -> None:
    """The 17TRACK UPS push (every null the string "null", sections under data) reads whole."""
    feed = feeds.read_17track(fixture("17track/17track-webhook-ups.json"))
    assert (feed.number, feed.carrier, feed.status, feed.sub_status) == (
        "1Z2617V10397725789",
        "3011",
        "Delivered",
        "Delivered_Other",
    )
    assert [e.at for e in feed.events] == [
        utc(2022, 3, 29, 5, 43, 8),
        utc(2022, 3, 31, 23, 36, 47),
        utc(2022, 4, 2, 9, 15),
        utc(2022, 4, 4, 15, 46, 6),
        utc(2022, 4, 4, 23, 35, 22),
    ]
    assert feed.events[-1].symptom is hm.Symptom.DELIVERED
    assert feed.reported_status is hm.Symptom.DELIVERED
    assert not feed.stopped
    assert {e.country for e in feed.events} == {"US"}


def test_17track_signature_matches_the_published_test_vector() -> None:
    """sha256(body + "/" + secret) of the UPS push with "abc123" is the value its tests use."""
    body = fixture("17track/17track-webhook-ups.json")
    expected = "057f20d5a61ef476e11f4998b45471ef767bc133bedc7e1e533e0637e8f4716d"
    assert feeds.sign_17track(body, "abc123") == expected
    assert feeds.verify_17track(body, expected, "abc123")
    assert not feeds.verify_17track(body[:-1] + b" ", expected, "abc123")
    assert not feeds.verify_17track(body, expected, "abc124")


def test_aftership_signature_is_base64_hmac_sha256() -> None:
    """AfterShip's header is the base64 HMAC-SHA256 of the raw body (vector from openssl)."""
    body = b'{"event":"tracking_update"}'
    expected = "ILbkHdTl/KzwHNmWuJ/D4Kxm8BpN7fB7eprhK6NR3J0="
    assert feeds.sign_aftership(body, "s3cret") == expected
    assert feeds.verify_aftership(body, expected, "s3cret")
    assert feeds.verify_aftership(body, f" {expected}\r\n", "s3cret")  # header whitespace
    assert not feeds.verify_aftership(body, expected.lower(), "s3cret")
    assert not feeds.verify_aftership(body, None, "s3cret")


def test_signatures_compare_in_constant_time(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every verify function compares through hmac.compare_digest."""
    calls = []
    real = hmac.compare_digest

    def spy(a: bytes, b: bytes) -> bool:
        calls.append((a, b))
        return real(a, b)

    monkeypatch.setattr(feeds.hmac, "compare_digest", spy)
    feeds.verify_aftership(b"{}", "x", "k")
    feeds.verify_easypost(b"{}", "x", "k")
    feeds.verify_17track(b"{}", "x", "k")
    assert len(calls) == 3


@pytest.mark.parametrize(
    "verify", [feeds.verify_aftership, feeds.verify_easypost, feeds.verify_17track]
)
def test_signature_inputs_are_checked(verify: object) -> None:
    """A str body, a non-str header or an empty secret is an error naming the field."""
    assert callable(verify)
    with pytest.raises(FieldTypeError, match="body"):
        verify("{}", "x", "k")
    with pytest.raises(FieldTypeError, match="header"):
        verify(b"{}", b"x", "k")
    with pytest.raises(InvalidFieldError, match="secret"):
        verify(b"{}", "x", "")
    assert verify(b"{}", "\u00e9", "k") is False  # a non-ASCII header is simply wrong


# --------------------------------------------------------------------------- own fixtures


def test_lost_parcel_with_naive_times_is_unplaced_until_a_zone_is_declared() -> None:
    """AfterShip's naive checkpoint times are never guessed: unplaced, kept, and reported."""
    feed = feeds.read_aftership(fixture("project/aftership-lost-webhook.json"))
    assert feed.events == ()
    assert len(feed.unplaced) == 4
    assert {e.placement for e in feed.unplaced} == {feeds.TimePlacement.NO_ZONE}
    assert feed.unplaced[0].raw_time == "2026-03-23T11:40:00"
    notes = [n for n in feed.notes() if n.code == "feeds.unplaced.no_zone"]
    assert len(notes) == 4
    assert "left out of every deadline" in notes[0].message()
    assert "不计入任何时限" in notes[0].message("zh-CN")
    incident = feed.incident()
    assert incident.accepted_at is None
    assert incident.symptoms == frozenset()
    assert hm.classify(incident).cause is hm.Cause.UNDETERMINED


@pytest.mark.parametrize(
    "declared", [{"zones": {"DE": "Europe/Berlin"}}, {"zone": "Europe/Berlin"}]
)
def test_lost_parcel_in_declared_zone_is_the_carriers(declared: dict[str, object]) -> None:
    """With German time declared, scans straddle the DST switch; the loss is the carrier's."""
    body = fixture("project/aftership-lost-webhook.json")
    feed = feeds.read_aftership(body, **declared)  # type: ignore[arg-type]
    assert not feed.unplaced
    # 2026-03-23 is CET (+01:00), 2026-03-31 is CEST (+02:00): the switch was on 2026-03-29.
    assert feed.events[0].at == utc(2026, 3, 23, 10, 40)
    assert feed.events[-1].at == utc(2026, 3, 31, 8, 12)
    assert feed.event_ids == ("8c2f4e0a-0d1e-4f55-9a51-1a7a6d3f0b11",)
    dx = hm.classify(feed.incident())
    assert dx.cause is hm.Cause.CARRIER
    assert "lost_in_carrier_custody" in dx.rules_fired


def test_customs_hold_points_to_customs() -> None:
    """An AfterShip tracking held by customs (Exception_004) is diagnosed as customs."""
    feed = feeds.read_aftership(fixture("project/aftership-customs-hold.json"))
    assert (feed.number, feed.carrier) == ("LX123456785CN", "colissimo")
    assert feed.events[-1].country == "GB"
    assert feed.events[0].country == "FR"
    dx = hm.classify(feed.incident())
    assert dx.cause is hm.Cause.CUSTOMS


def test_refused_delivery_is_the_buyers() -> None:
    """A 17TRACK push with a refused delivery, newest scan first, reads in time order: BUYER."""
    feed = feeds.read_17track(fixture("project/17track-refused.json"))
    assert [e.code for e in feed.events] == [
        "InTransit_PickedUp",
        "OutForDelivery_Other",
        "DeliveryFailure_Rejected",
    ]
    assert feed.reported_status is hm.Symptom.REFUSED
    assert hm.classify(feed.incident()).cause is hm.Cause.BUYER


def test_cross_border_parcel_keeps_chinese_scan_text() -> None:
    """China → Germany: Chinese scan text kept verbatim, a naive Chinese scan needs its zone."""
    body = fixture("project/17track-cn-to-de.json")
    feed = feeds.read_17track(body)
    assert [e.message for e in feed.unplaced] == ["离开【广州国际邮件处理中心】，发往【法兰克福】"]
    placed = feeds.read_17track(body, zones={"CN": "Asia/Shanghai"})
    assert not placed.unplaced
    messages = [e.message for e in placed.records]
    assert messages[0] == "【深圳市】已揽收，揽投员：李师傅"
    assert messages[-1] == "已妥投，签收人：本人"
    # 23:45 in Guangzhou (UTC+8, no DST) is 15:45 UTC.
    assert placed.events[1].at == utc(2026, 10, 21, 15, 45)
    assert [e.country for e in placed.events] == ["CN", "CN", "DE", "DE", "DE", "DE"]
    dx = hm.classify(placed.incident())
    assert dx.candidates == ()


# --------------------------------------------------------------------------- times


def one_checkpoint(time: str | None, **declared: object) -> feeds.FeedEvent:
    cp: dict[str, object] = {"subtag": "InTransit_002", "country_iso3": "DEU"}
    if time is not None:
        cp["checkpoint_time"] = time
    feed = feeds.read_aftership(aftership([cp]), **declared)  # type: ignore[arg-type]
    (event,) = feed.records
    return event


@pytest.mark.parametrize(
    ("time", "placement"),
    [
        ("2026-10-25T02:30:00", "ambiguous"),  # Berlin falls back: 02:30 happens twice
        ("2026-03-29T02:30:00", "ambiguous"),  # Berlin springs forward: 02:30 never happens
        ("2026-03-29", "unreadable"),  # a date says which day, not when
        ("yesterday", "unreadable"),
        ("9999-12-31T23:59:59-01:00", "unreadable"),  # past the end of datetime in UTC
        ("0001-01-01T00:30:00", "unreadable"),
        (None, "no_time"),
        ("null", "no_time"),
    ],
)
def test_times_that_cannot_be_placed_stay_unplaced(time: str | None, placement: str) -> None:
    """DST-repeated or skipped wall times, bare dates and missing times are never guessed."""
    event = one_checkpoint(time, zone="Europe/Berlin")
    assert event.at is None
    assert event.placement == placement


def test_a_written_offset_wins_over_a_declared_zone() -> None:
    """A time with an offset is used as sent, whatever zone the caller declared."""
    event = one_checkpoint("2026-10-25T02:30:00+01:00", zone="Asia/Shanghai")
    assert event.at == utc(2026, 10, 25, 1, 30)
    assert event.placement == "offset"


def test_the_country_zone_wins_over_the_feed_zone() -> None:
    """A zone declared for the scan's country is used before the zone declared for the feed."""
    event = one_checkpoint("2026-07-01T12:00:00", zone="UTC", zones={"de": "Europe/Berlin"})
    assert event.at == utc(2026, 7, 1, 10, 0)
    assert event.placement == "country_zone"
    assert event.zone == "Europe/Berlin"
    other = one_checkpoint("2026-07-01T12:00:00", zone="UTC", zones={"FR": "Europe/Paris"})
    assert other.at == utc(2026, 7, 1, 12, 0)
    assert other.placement == "declared_zone"


def test_unknown_zone_names_are_errors() -> None:
    """A declared zone that is not an IANA name is an error, not a silent UTC."""
    with pytest.raises(UnknownTimezoneError):
        feeds.read_aftership(aftership([]), zone="Europe/Atlantis")
    with pytest.raises(FieldTypeError, match="zones"):
        feeds.read_aftership(aftership([]), zones=["DE"])  # type: ignore[arg-type]


def test_unplaced_scans_are_left_out_of_the_handover_time() -> None:
    """An unplaced acceptance scan does not become the handover time of the incident."""
    body = aftership(
        [
            {"subtag": "InTransit_002", "checkpoint_time": "2026-03-02T08:00:00"},
            {"subtag": "Delivered_001", "checkpoint_time": "2026-03-04T10:00:00Z"},
        ]
    )
    incident = feeds.read_aftership(body).incident()
    assert incident.accepted_at == utc(2026, 3, 4, 10, 0)  # only the delivery is placed


def test_easypost_times_are_utc_as_documented() -> None:
    """EasyPost documents tracking_details datetime as UTC: a bare wall time is read as UTC."""
    feed = feeds.read_easypost(
        {
            "object": "Tracker",
            "tracking_details": [{"status": "in_transit", "datetime": "2026-03-02T09:10:00"}],
        }
    )
    assert feed.events[0].at == utc(2026, 3, 2, 9, 10)
    assert feed.records[0].placement == "provider_utc"


def test_17track_falls_back_to_time_utc() -> None:
    """A 17TRACK event whose time_iso has no offset is placed by its time_utc."""
    body = {
        "event": "TRACKING_UPDATED",
        "data": {
            "number": "X1",
            "track_info": {
                "tracking": {
                    "providers": [
                        {
                            "events": [
                                {
                                    "time_iso": "2026-03-02T17:10:00",
                                    "time_utc": "2026-03-02T09:10:00Z",
                                    "sub_status": "InTransit_Other",
                                }
                            ]
                        }
                    ]
                }
            },
        },
    }
    (event,) = feeds.read_17track(body).records
    assert event.at == utc(2026, 3, 2, 9, 10)
    assert event.placement == "provider_utc"


# --------------------------------------------------------------------------- codes


@pytest.mark.parametrize(
    ("checkpoint", "symptom"),
    [
        ({"subtag": "Exception_099"}, hm.Symptom.EXCEPTION),
        ({"tag": "InTransit", "subtag": "Teleport_001"}, hm.Symptom.IN_TRANSIT),
        ({"subtag": "Teleport_001"}, hm.Symptom.OTHER),
        ({"tag": "Beamed"}, hm.Symptom.OTHER),
    ],
)
def test_unknown_aftership_codes_fall_back_and_are_flagged(
    checkpoint: dict[str, object], symptom: hm.Symptom
) -> None:
    """An unlisted code is kept verbatim, read as its parent status and flagged; never raises."""
    checkpoint = {**checkpoint, "checkpoint_time": "2026-03-02T09:10:00Z"}
    feed = feeds.read_aftership(aftership([checkpoint]))
    (event,) = feed.records
    code = checkpoint.get("subtag", checkpoint.get("tag"))
    assert event.code == code
    assert event.symptom is symptom
    assert not event.known
    assert code in feed.unknown_codes
    assert any(n.code == "feeds.unknown_code" and n.fields["code"] == code for n in feed.notes())


def test_listed_codes_are_not_flagged() -> None:
    """A code the tables list is read exactly and not flagged."""
    feed = feeds.read_aftership(
        aftership([{"subtag": "Exception_013", "checkpoint_time": "2026-03-02T09:10:00Z"}])
    )
    assert feed.records[0].known
    assert feed.records[0].symptom is hm.Symptom.LOST
    assert feed.unknown_codes == ()


@pytest.mark.parametrize("detail", [None, "null", ""])
def test_easypost_missing_status_detail_is_accepted(detail: str | None) -> None:
    """status_detail null, the string "null" or empty means no detail: the status alone counts."""
    feed = feeds.read_easypost(
        {
            "object": "Tracker",
            "status": "delivered",
            "status_detail": detail,
            "tracking_details": [
                {"status": "delivered", "status_detail": detail, "datetime": "2026-03-02T09:10Z"}
            ],
        }
    )
    assert feed.sub_status is None
    assert feed.records[0].code == "delivered"
    assert feed.records[0].known
    assert feed.unknown_codes == ()


def test_unknown_easypost_codes_fall_back() -> None:
    """An unlisted status_detail falls back to its status; an unlisted status is OTHER."""
    feed = feeds.read_easypost(
        {
            "object": "Tracker",
            "status": "warp_drive",
            "tracking_details": [
                {
                    "status": "in_transit",
                    "status_detail": "teleported",
                    "datetime": "2026-03-02T09:10Z",
                },
                {"status": "warp_drive", "datetime": "2026-03-03T09:10Z"},
            ],
        }
    )
    assert [(e.code, e.symptom, e.known) for e in feed.records] == [
        ("in_transit/teleported", hm.Symptom.IN_TRANSIT, False),
        ("warp_drive", hm.Symptom.OTHER, False),
    ]
    assert feed.unknown_codes == ("in_transit/teleported", "warp_drive")
    assert feed.reported_status is hm.Symptom.OTHER


def test_unknown_17track_sub_status_falls_back() -> None:
    """A 17TRACK sub-status the tables lack is read as its main status and flagged."""
    feed = feeds.TrackingFeed("17track", status="Exception", sub_status="Exception_Xyz")
    assert feed.reported_status is hm.Symptom.EXCEPTION
    assert feed.unknown_codes == ("Exception_Xyz",)


def test_a_contradicting_top_level_status_is_reported_and_the_scans_followed() -> None:
    """Top-level 'returned to sender' with a delivered last scan: the scans win, and it is said."""
    body = aftership(
        [
            {"subtag": "InTransit_002", "checkpoint_time": "2026-03-02T09:10:00Z"},
            {"subtag": "Delivered_001", "checkpoint_time": "2026-03-04T15:00:00Z"},
        ],
        tag="Exception",
        subtag="Exception_011",
    )
    feed = feeds.read_aftership(body)
    assert feed.reported_status is hm.Symptom.RETURNED
    assert feed.contradicts
    (note,) = [n for n in feed.notes() if n.code == "feeds.contradiction"]
    assert note.message() == (
        "AfterShip reports the parcel as returned to sender, but its latest scan says "
        "delivered; the scans are followed."
    )
    incident = feed.incident()
    assert incident.reported_status is hm.Symptom.RETURNED
    assert hm.Symptom.RETURNED not in incident.symptoms
    assert hm.Symptom.DELIVERED in incident.symptoms
    dx = hm.classify(incident)
    assert "reported_status_contradicts" in dx.rules_fired
    assert dx.cause is hm.Cause.UNDETERMINED  # a contradiction blames nobody


# --------------------------------------------------------------------------- merging


def test_the_same_webhook_twice_is_one_feed() -> None:
    """Merging a feed with a second delivery of the same webhook changes nothing."""
    feed = feeds.read_aftership(fixture("project/aftership-customs-hold.json"))
    assert feed.merge(feed) == feed
    assert feeds.merge_feeds(feed, feed, feed) == feed


def test_overlapping_payloads_merge_into_one_event_list() -> None:
    """Two EasyPost events with overlapping details give the union, each scan once."""
    whole = json.loads(fixture("easypost/event-body.json"))
    first, second = copy.deepcopy(whole), copy.deepcopy(whole)
    details = whole["result"]["tracking_details"]
    first["result"]["tracking_details"] = details[:4]
    second["id"], second["result"]["tracking_details"] = "evt_2", details[2:]
    merged = feeds.read_easypost(first).merge(feeds.read_easypost(second))
    assert merged.records == feeds.read_easypost(whole).records
    assert merged.event_ids == ("evt_1", "evt_2")


def test_merge_takes_the_fresher_top_level_status() -> None:
    """The merged status is that of the feed with the later scan, in either order."""
    old = feeds.read_aftership(
        aftership(
            [{"subtag": "InTransit_002", "checkpoint_time": "2026-03-02T09:10:00Z"}],
            tag="InTransit",
        )
    )
    new = feeds.read_aftership(
        aftership(
            [{"subtag": "Delivered_001", "checkpoint_time": "2026-03-04T09:10:00Z"}],
            tag="Delivered",
        )
    )
    assert old.merge(new).status == new.merge(old).status == "Delivered"
    assert len(old.merge(new).events) == 2


def test_merge_refuses_another_parcel_or_provider() -> None:
    """Feeds of two parcels, or of two providers, are not merged."""
    a = feeds.TrackingFeed("aftership", number="A1")
    with pytest.raises(InvalidFieldError, match="number"):
        a.merge(feeds.TrackingFeed("aftership", number="B2"))
    with pytest.raises(InvalidFieldError, match="provider"):
        a.merge(feeds.TrackingFeed("easypost", number="A1"))
    with pytest.raises(FieldTypeError):
        a.merge("A1")  # type: ignore[arg-type]
    with pytest.raises(InvalidFieldError):
        feeds.merge_feeds()


def chunks_of(
    checkpoints: list[dict[str, object]], cuts: list[tuple[int, int]]
) -> list[feeds.TrackingFeed]:
    return [
        feeds.read_aftership(aftership(checkpoints[a : a + n]), zone="Europe/Berlin")
        for a, n in cuts
    ]


@given(
    checkpoints=aftership_checkpoints(),
    cuts=st.lists(st.tuples(st.integers(0, 8), st.integers(0, 8)), min_size=1, max_size=4),
    data=st.data(),
)
def test_merging_is_idempotent_and_order_independent(
    checkpoints: list[dict[str, object]], cuts: list[tuple[int, int]], data: st.DataObject
) -> None:
    """Overlapping deliveries merge to the same feed in any order, and merging twice is a no-op."""
    parts = chunks_of(checkpoints, cuts)
    merged = feeds.merge_feeds(*parts)
    shuffled = data.draw(st.permutations(parts))
    assert feeds.merge_feeds(*shuffled) == merged
    assert merged.merge(merged) == merged
    assert feeds.merge_feeds(*parts, *parts) == merged
    covered = sorted({i for a, n in cuts for i in range(a, min(a + n, len(checkpoints)))})
    alone = feeds.read_aftership(
        aftership([checkpoints[i] for i in covered]), zone="Europe/Berlin"
    )
    assert merged.records == alone.records


# --------------------------------------------------------------------------- shapes and errors


@pytest.mark.parametrize(
    ("reader", "body", "path"),
    [
        (feeds.read_aftership, b"{not json", "$"),
        (feeds.read_aftership, b"\xff\xfe", "$"),
        (feeds.read_aftership, b"[1, 2]", "$"),
        (feeds.read_aftership, b"[" * 100_000, "$"),
        (feeds.read_aftership, b'{"meta": {"code": 200}}', "$"),
        (feeds.read_aftership, b'{"msg": []}', "$.msg"),
        (feeds.read_aftership, b'{"msg": {"checkpoints": {"a": 1}}}', "$.msg.checkpoints"),
        (
            feeds.read_aftership,
            b'{"msg": {"checkpoints": [{"tag": 7}]}}',
            "$.msg.checkpoints[0].tag",
        ),
        (feeds.read_easypost, b'{"object": "Batch"}', "$.object"),
        (
            feeds.read_easypost,
            b'{"object": "Event", "result": {"object": "Batch"}}',
            "$.result.object",
        ),
        (feeds.read_17track, b'{"event": "PING", "data": {}}', "$.event"),
        (feeds.read_17track, b'{"event": "TRACKING_UPDATED", "data": 5}', "$.data"),
        (
            feeds.read_17track,
            b'{"event": "TRACKING_UPDATED", "data": {"track_info": {"tracking": '
            b'{"providers": [{"events": [{"time_iso": 1}]}]}}}}',
            "$.data.track_info.tracking.providers[0].events[0].time_iso",
        ),
    ],
)
def test_bad_bodies_name_the_json_path_and_value(reader: object, body: bytes, path: str) -> None:
    """A body that is not JSON or not the provider's shape raises naming where and what."""
    assert callable(reader)
    with pytest.raises(MalformedFeedError) as caught:
        reader(body)
    assert caught.value.path == path
    assert str(caught.value).startswith(f"{path}=")
    assert isinstance(caught.value, MalformedPayloadError | HalfManagedError)
    assert isinstance(caught.value, ValueError)


def test_payload_of_the_wrong_type_is_a_field_type_error() -> None:
    """Neither bytes, str nor a mapping: an error naming the payload."""
    with pytest.raises(FieldTypeError, match="payload"):
        feeds.read_easypost(42)  # type: ignore[arg-type]


def test_read_feed_dispatches_by_provider() -> None:
    """read_feed picks the reader by provider name, and refuses an unknown one."""
    body = fixture("17track/17track-webhook-ups.json")
    assert feeds.read_feed("17track", body) == feeds.read_17track(body)
    with pytest.raises(InvalidFieldError, match="provider"):
        feeds.read_feed("fedex", body)


def test_17track_stopped_push() -> None:
    """TRACKING_STOPPED gives a stopped feed without scans, and says so."""
    feed = feeds.read_17track(
        b'{"event": "TRACKING_STOPPED", "data": {"number": "1Z9", "carrier": 100002, '
        b'"param": null, "tag": null}}'
    )
    assert feed.stopped
    assert feed.records == ()
    assert feed.notes()[-1].message("zh-CN") == "17TRACK 已停止跟踪 1Z9；之后不会再有更新。"


def test_incident_takes_more_fields_and_refuses_unknown_ones() -> None:
    """feed.incident(**more) passes Incident fields through and names an unknown one."""
    as_of = utc(2026, 3, 5, 9, 0)
    incident = fedex().incident(as_of=as_of)
    assert incident.as_of == as_of
    assert len(incident.events) == 11
    with pytest.raises(InvalidFieldError, match="asof"):
        fedex().incident(asof=as_of)


def test_feed_values_survive_pickle_and_deepcopy() -> None:
    """Feeds, their events and notes round-trip through pickle and deepcopy to equal values."""
    feed = feeds.read_17track(fixture("project/17track-cn-to-de.json"))
    for value in (feed, feed.records[0], feed.unplaced[0], *feed.notes()):
        assert pickle.loads(pickle.dumps(value)) == value
        assert copy.deepcopy(value) == value


def test_feed_event_refuses_a_time_that_contradicts_its_placement() -> None:
    """An event is placed exactly when it has a time."""
    with pytest.raises(InvalidFieldError, match="placement"):
        feeds.FeedEvent("aftership", "X", "other", False, None, "offset")
    with pytest.raises(InvalidFieldError):
        feeds.FeedEvent("aftership", "X", "other", False, utc(2026, 1, 1), "no_zone")


def test_permutations_of_three_deliveries_agree() -> None:
    """All six orders of three overlapping real deliveries give one feed."""
    whole = json.loads(fixture("easypost/event-body.json"))
    details = whole["result"]["tracking_details"]
    parts = []
    for i, (a, b) in enumerate([(0, 3), (2, 5), (4, 7)]):
        part = copy.deepcopy(whole)
        part["id"], part["result"]["tracking_details"] = f"evt_{i}", details[a:b]
        parts.append(feeds.read_easypost(part))
    results = {feeds.merge_feeds(*order) for order in itertools.permutations(parts)}
    assert len(results) == 1


_KEYS = st.sampled_from(
    [
        "msg", "data", "tracking", "trackings", "checkpoints", "tag", "subtag", "slug",
        "checkpoint_time", "country_iso3", "country_region", "location", "message", "event",
        "event_id", "object", "result", "tracking_details", "status", "status_detail",
        "datetime", "tracking_location", "country", "track_info", "latest_status",
        "sub_status", "providers", "events", "time_iso", "time_utc", "address", "number",
        "carrier", "stage", "description", "tracking_number", "tracking_code",
    ]
)  # fmt: skip
_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    st.sampled_from(
        ["null", "", "Event", "Tracker", "TRACKING_UPDATED", "TRACKING_STOPPED", "DEU", "XX",
         "2026-03-29T02:30:00", "2026-03-02T09:10:00Z", "Exception_013", "in_transit", "Zzz"]
    ),
    st.text(max_size=6),
)  # fmt: skip
_JSON = st.recursive(
    _SCALARS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_KEYS, inner, max_size=5),
    max_leaves=25,
)


@given(payload=st.dictionaries(_KEYS, _JSON, max_size=6), zone=st.sampled_from([None, "UTC"]))
def test_arbitrary_json_raises_only_our_errors(
    payload: dict[str, object], zone: str | None
) -> None:
    """Whatever JSON arrives, every reader returns a feed or raises a HalfManagedError."""
    body = json.dumps(payload).encode()
    for reader in (feeds.read_aftership, feeds.read_easypost, feeds.read_17track):
        try:
            feed = reader(body, zone=zone, zones={"DE": "Europe/Berlin"})
        except HalfManagedError:
            continue
        feed.notes()
        hm.classify(feed.incident())
