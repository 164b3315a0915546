"""Tracking feeds in: AfterShip, EasyPost and 17TRACK payloads read into values.

Pure readers: bytes (or a parsed mapping) in, one :class:`TrackingFeed` out; no clock, no files,
no network. A feed holds the tracking number, the carrier, the provider's own top-level status
and every scan as a :class:`FeedEvent`; :attr:`TrackingFeed.events` are the scans placed in time,
as :class:`~halfmanaged.classify.TrackingEvent` values an :class:`~halfmanaged.classify.Incident`
takes directly (:meth:`TrackingFeed.incident`).

- **Times** (docs/rules.md#reading-provider-times): a time with a UTC offset is used as it is;
  a wall time without one is read in the zone the caller declares (``zones=`` per country of
  the scan, else ``zone=`` for the whole feed). Otherwise the scan is *unplaced*: kept, reported
  in :meth:`TrackingFeed.notes`, and left out of :attr:`TrackingFeed.events`, so out of every
  deadline. A wall time a daylight-saving switch repeats or skips is unplaced too. Nothing is
  guessed.
- **Codes** (docs/rules.md#reading-tracking-codes): a code the documented tables do not list is
  kept verbatim, read as its parent status and flagged (:attr:`FeedEvent.known`,
  :attr:`TrackingFeed.unknown_codes`); it never raises. ``null`` and the string ``"null"``
  both mean "absent".
- **Polling or pushed**: reading a provider's status is how a seller checks order status
  regularly (docs/rules.md#prevention-3); each reader takes an API answer or a webhook body.
- **Merging**: :meth:`TrackingFeed.merge` joins the same webhook delivered twice, or payloads
  that overlap, into one list of scans; it is idempotent and order-independent.
- **Signatures**: :func:`verify_aftership`, :func:`verify_easypost` and :func:`verify_17track`
  check a webhook's signature header over the raw body bytes in constant time.

A body that is not JSON, or not the provider's shape, raises
:class:`~halfmanaged.errors.MalformedFeedError` naming the JSON path and the value found there.

>>> import halfmanaged as hm
>>> from halfmanaged import feeds
>>> body = b'''{"event": "tracking_update", "event_id": "e-1", "msg": {
...   "tracking_number": "RB123456785GB", "slug": "royal-mail", "tag": "Delivered",
...   "subtag": "Delivered_001", "checkpoints": [
...     {"subtag": "InTransit_002", "checkpoint_time": "2026-03-02T09:10:00+00:00",
...      "country_iso3": "GBR", "message": "Collected"},
...     {"subtag": "Delivered_001", "checkpoint_time": "2026-03-03T14:02:00",
...      "country_iso3": "GBR", "message": "Delivered"}]}}'''
>>> feed = feeds.read_aftership(body)
>>> [e.symptom.value for e in feed.events], len(feed.unplaced)
(['accepted'], 1)
>>> feed = feeds.read_aftership(body, zones={"GB": "Europe/London"})
>>> [e.symptom.value for e in feed.events]
['accepted', 'delivered']
>>> hm.classify(feed.incident()).candidates
()
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import unicodedata
from collections.abc import Iterable, Mapping
from typing import Any, Final

import attrs

from halfmanaged import _feeds_read as _read
from halfmanaged._feeds_read import TimePlacement
from halfmanaged._validators import enum_value, instance_of, optional_aware
from halfmanaged.classify import (
    CodeMatch,
    Incident,
    Symptom,
    TrackingEvent,
    TrackingProvider,
    match_symptom,
)
from halfmanaged.errors import FieldTypeError, InvalidFieldError, MalformedFeedError
from halfmanaged.messages import CATALOG, Locale, render

__all__ = [
    "FeedEvent",
    "FeedNote",
    "MalformedFeedError",
    "TimePlacement",
    "TrackingFeed",
    "TrackingProvider",
    "merge_feeds",
    "read_17track",
    "read_aftership",
    "read_aftership_trackings",
    "read_easypost",
    "read_feed",
    "sign_17track",
    "sign_aftership",
    "sign_easypost",
    "verify_17track",
    "verify_aftership",
    "verify_easypost",
]


_PROVIDER_NAMES: Final = {
    TrackingProvider.AFTERSHIP: "AfterShip",
    TrackingProvider.EASYPOST: "EasyPost",
    TrackingProvider.TRACK17: "17TRACK",
}


# --------------------------------------------------------------------------- codes


def _resolve(
    provider: TrackingProvider,
    code: str | None,
    detail: str | None = None,
    parent: str | None = None,
) -> tuple[Symptom, bool]:
    """Return (symptom, listed) for a provider code; an unlisted code falls back, never raises.

    ``parent`` is the provider's own parent status sent beside the code (AfterShip's checkpoint
    ``tag``), read when the code's own prefix names no documented status.
    """
    if code is None and (detail is None or provider is not TrackingProvider.EASYPOST):
        code, parent = parent, None
        if code is None:
            return Symptom.OTHER, False
    found = match_symptom(provider, code or "", detail)
    if found.match is CodeMatch.UNKNOWN and parent is not None:
        return match_symptom(provider, parent).symptom, False
    return found.symptom, not found.flagged


# --------------------------------------------------------------------------- values


def _to_provider(value: object) -> TrackingProvider:
    return enum_value(TrackingProvider, "provider", value)


def _to_placement(value: object) -> TimePlacement:
    return enum_value(TimePlacement, "placement", value)


def _to_symptom(value: object) -> Symptom:
    return enum_value(Symptom, "symptom", value)


def _optional_country(value: object) -> str | None:
    if value is None:
        return None
    from halfmanaged._iso3166 import country_code  # noqa: PLC0415  (pycountry on first use)

    return country_code(value, "country")


_OPT_STR = instance_of(str, "str or None", optional=True)


@attrs.frozen
class FeedEvent:
    """One scan as a provider reported it, placed in time or not.

    ``code`` is the provider's code verbatim (EasyPost: ``status/status_detail``); ``known`` is
    ``False`` when the documented tables do not list it and ``symptom`` comes from its parent
    status. ``at`` is ``None`` exactly when the scan could not be placed in time; ``placement``
    says how it was placed, or why not, and ``raw_time`` keeps the time text as sent.

    >>> import datetime as dt
    >>> e = FeedEvent("aftership", "Exception_099", "exception", known=False,
    ...               at=None, placement="no_zone", raw_time="2026-03-02T09:10:00")
    >>> e.placed, e.to_tracking_event() is None
    (False, True)
    """

    provider: TrackingProvider = attrs.field(converter=_to_provider)
    code: str | None = attrs.field(validator=_OPT_STR)
    symptom: Symptom = attrs.field(converter=_to_symptom)
    known: bool = attrs.field(validator=instance_of(bool, "bool"))
    at: dt.datetime | None = attrs.field(validator=optional_aware)
    placement: TimePlacement = attrs.field(converter=_to_placement)
    raw_time: str | None = attrs.field(default=None, validator=_OPT_STR)
    country: str | None = attrs.field(default=None, converter=_optional_country)
    location: str | None = attrs.field(default=None, validator=_OPT_STR)
    message: str | None = attrs.field(default=None, validator=_OPT_STR)
    zone: str | None = attrs.field(default=None, validator=_OPT_STR)
    """The zone a wall time was read in (or could not be read in), if one was used."""

    def __attrs_post_init__(self) -> None:
        if (self.at is not None) != self.placement.placed:
            raise InvalidFieldError(
                "placement", self.placement, "an event has a time exactly when it is placed"
            )

    @property
    def placed(self) -> bool:
        """Whether the scan has a time on the time line.

        >>> import datetime as dt
        >>> t = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
        >>> FeedEvent("easypost", "delivered", "delivered", True, t, "provider_utc").placed
        True
        """
        return self.at is not None

    @property
    def key(self) -> str:
        """What identifies this scan across deliveries: time, code and place.

        >>> import datetime as dt
        >>> t = dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=1)))
        >>> FeedEvent("17track", "Delivered_Other", "delivered", True, t, "offset",
        ...           location="Berlin, DE").key
        '2026-03-02T09:00:00+00:00|Delivered_Other|Berlin, DE|'
        """
        when = self.at.astimezone(dt.UTC).isoformat() if self.at is not None else self.raw_time
        # Without a code, the scan's own words are what tells two scans at one moment apart.
        words = "" if self.code else (self.message or "")
        return f"{when or ''}|{self.code or ''}|{self.location or ''}|{words}"

    def to_tracking_event(self) -> TrackingEvent | None:
        """Return the scan as a :class:`~halfmanaged.classify.TrackingEvent`, or ``None``.

        >>> import datetime as dt
        >>> t = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
        >>> FeedEvent("aftership", "Exception_013", "lost", True, t, "offset",
        ...           country="DE").to_tracking_event().symptom
        <Symptom.LOST: 'lost'>
        """
        if self.at is None:
            return None
        return TrackingEvent(self.symptom, self.at, self.country, self.code)


def _rank(event: FeedEvent) -> tuple[str, ...]:
    # Two deliveries of one scan may differ in details (wording, offset written); the same one
    # must win whatever the order they are merged in.
    return (
        event.message or "",
        event.country or "",
        event.raw_time or "",
        event.symptom.value,
        event.placement.value,
        str(event.known),
        event.zone or "",
    )


def _placed_order(event: FeedEvent) -> tuple[dt.datetime, str]:
    assert event.at is not None
    return (event.at.astimezone(dt.UTC), event.key)


def _canonical(value: object) -> tuple[FeedEvent, ...]:
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        raise FieldTypeError("records", value, "an iterable of FeedEvent")
    chosen: dict[str, FeedEvent] = {}
    for event in value:
        if not isinstance(event, FeedEvent):
            raise FieldTypeError("records", event, "FeedEvent")
        key = event.key
        held = chosen.get(key)
        if held is None or _rank(event) < _rank(held):
            chosen[key] = event
    placed = sorted((e for e in chosen.values() if e.at is not None), key=_placed_order)
    unplaced = sorted(
        (e for e in chosen.values() if e.at is None), key=lambda e: (e.raw_time or "", e.key)
    )
    return (*placed, *unplaced)


def _ids(value: object) -> tuple[str, ...]:
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        raise FieldTypeError("event_ids", value, "an iterable of str")
    found = set()
    for item in value:
        if not isinstance(item, str):
            raise FieldTypeError("event_ids", item, "str")
        found.add(item)
    return tuple(sorted(found))


def _shown(value: str, locale: Locale | str) -> str:
    label = f"classify.symptom.{value}"
    return render(label, {}, locale) if label in CATALOG else value


def _note_facts(value: object) -> tuple[tuple[str, str], ...]:
    pairs = value.items() if isinstance(value, Mapping) else value
    if isinstance(pairs, str | bytes) or not isinstance(pairs, Iterable):
        raise FieldTypeError("facts", value, "a mapping or pairs of str")
    out = tuple(pairs)
    for pair in out:
        if not (
            isinstance(pair, tuple)
            and len(pair) == 2
            and isinstance(pair[0], str)
            and isinstance(pair[1], str)
        ):
            raise FieldTypeError("facts", value, "a mapping or pairs of str")
    return out


@attrs.frozen
class FeedNote:
    """Something a reader noticed and says: an unplaced scan, an unknown code, a contradiction.

    ``code`` is the message code in the catalog, ``facts`` fill its template.

    >>> FeedNote("feeds.stopped", {"provider": "17TRACK", "number": "1Z999"}).message()
    '17TRACK has stopped tracking 1Z999; no further updates will come.'
    """

    code: str = attrs.field(validator=instance_of(str, "str"))
    facts: tuple[tuple[str, str], ...] = attrs.field(default=(), converter=_note_facts)

    @property
    def fields(self) -> dict[str, str]:
        """The facts as a dict.

        >>> FeedNote("feeds.stopped", {"provider": "x", "number": "1"}).fields["number"]
        '1'
        """
        return dict(self.facts)

    def message(self, locale: Locale | str = Locale.EN) -> str:
        """Return the sentence for this note in ``locale`` ("en" or "zh-CN").

        >>> FeedNote("feeds.stopped", {"provider": "17TRACK", "number": "1Z9"}).message("zh-CN")
        '17TRACK 已停止跟踪 1Z9；之后不会再有更新。'
        """
        fields = dict(self.facts)
        for name in ("symptom", "reported", "latest"):
            if name in fields:
                fields[name] = _shown(fields[name], locale)
        for name, absent in (("code", "feeds.no_code"), ("where", "feeds.no_place")):
            if name in fields and not fields[name]:
                fields[name] = render(absent, {}, locale)
        return render(self.code, fields, locale)


_INCIDENT_FIELDS: Final = frozenset(a.name for a in attrs.fields(Incident) if a.init)
_UNPLACED_CODES: Final = {
    TimePlacement.NO_TIME: "feeds.unplaced.no_time",
    TimePlacement.NO_ZONE: "feeds.unplaced.no_zone",
    TimePlacement.AMBIGUOUS: "feeds.unplaced.ambiguous",
    TimePlacement.UNREADABLE: "feeds.unplaced.unreadable",
}


@attrs.frozen
class TrackingFeed:
    """One parcel as a provider reported it: number, carrier, status and every scan.

    ``status`` and ``sub_status`` are the provider's own top-level codes, verbatim (AfterShip
    ``tag``/``subtag``, EasyPost ``status``/``status_detail``, 17TRACK ``latest_status``).
    ``records`` holds every scan once, placed ones in time order, then the unplaced ones.
    ``event_ids`` are the webhook deliveries merged into this feed; ``stopped`` is set by a
    17TRACK ``TRACKING_STOPPED`` push.

    >>> TrackingFeed("easypost", number="EZ1", status="delivered").reported_status
    <Symptom.DELIVERED: 'delivered'>
    """

    provider: TrackingProvider = attrs.field(converter=_to_provider)
    number: str | None = attrs.field(default=None, validator=_OPT_STR)
    carrier: str | None = attrs.field(default=None, validator=_OPT_STR)
    status: str | None = attrs.field(default=None, validator=_OPT_STR)
    sub_status: str | None = attrs.field(default=None, validator=_OPT_STR)
    records: tuple[FeedEvent, ...] = attrs.field(default=(), converter=_canonical)
    event_ids: tuple[str, ...] = attrs.field(default=(), converter=_ids)
    stopped: bool = attrs.field(default=False, validator=instance_of(bool, "bool"))

    @property
    def events(self) -> tuple[TrackingEvent, ...]:
        """The scans placed in time, in time order, as an ``Incident`` takes them.

        >>> TrackingFeed("aftership").events
        ()
        """
        return tuple(
            TrackingEvent(e.symptom, e.at, e.country, e.code)
            for e in self.records
            if e.at is not None
        )

    @property
    def unplaced(self) -> tuple[FeedEvent, ...]:
        """The scans that could not be placed in time: kept, and out of every deadline.

        >>> TrackingFeed("aftership").unplaced
        ()
        """
        return tuple(e for e in self.records if e.at is None)

    @property
    def unknown_codes(self) -> tuple[str, ...]:
        """Every code the documented tables do not list, verbatim, sorted.

        >>> TrackingFeed("17track", status="Exception", sub_status="Exception_Xyz").unknown_codes
        ('Exception_Xyz',)
        """
        codes = {e.code for e in self.records if not e.known and e.code}
        top = self._top_code()
        if top is not None and not self._reported()[1]:
            codes.add(top)
        return tuple(sorted(codes))

    def _top_code(self) -> str | None:
        if self.provider is TrackingProvider.EASYPOST:
            if self.status is None:
                return self.sub_status
            return self.status if self.sub_status is None else f"{self.status}/{self.sub_status}"
        return self.sub_status or self.status

    def _reported(self) -> tuple[Symptom | None, bool]:
        if self.status is None and self.sub_status is None:
            return None, True
        if self.provider is TrackingProvider.EASYPOST:
            return _resolve(self.provider, self.status, self.sub_status)
        return _resolve(self.provider, self.sub_status or self.status, parent=self.status)

    @property
    def reported_status(self) -> Symptom | None:
        """The provider's top-level status as a symptom (never read as a scan), or ``None``.

        >>> TrackingFeed("aftership", sub_status="Exception_011").reported_status
        <Symptom.RETURNED: 'returned'>
        """
        return self._reported()[0]

    @property
    def latest(self) -> FeedEvent | None:
        """The last scan placed in time, or ``None``.

        >>> TrackingFeed("easypost").latest is None
        True
        """
        placed = [e for e in self.records if e.at is not None]
        return placed[-1] if placed else None

    @property
    def contradicts(self) -> bool:
        """Whether the top-level status says something other than the latest coded scan.

        The scans are what the diagnosis follows; the contradiction is reported, never resolved
        by a silent choice.

        >>> TrackingFeed("aftership", status="Delivered").contradicts
        False
        """
        reported, latest = self.reported_status, self.latest
        if reported is None or latest is None or Symptom.OTHER in (reported, latest.symptom):
            return False
        return reported is not latest.symptom

    def notes(self) -> tuple[FeedNote, ...]:
        """Return what the reader noticed: unplaced scans, unknown codes, contradiction, stop.

        >>> TrackingFeed("17track", number="1Z9", stopped=True).notes()[0].code
        'feeds.stopped'
        """
        name = _PROVIDER_NAMES[self.provider]
        out = [
            FeedNote(
                _UNPLACED_CODES[e.placement],
                {
                    "provider": name,
                    "code": e.code or "",
                    "where": e.location or e.country or "",
                    "time": e.raw_time or "",
                    "zone": e.zone or "",
                },
            )
            for e in self.unplaced
        ]
        symptoms = {e.code: e.symptom for e in self.records if e.code and not e.known}
        top = self._top_code()
        reported, listed = self._reported()
        if top is not None and reported is not None and not listed:
            symptoms.setdefault(top, reported)
        out.extend(
            FeedNote(
                "feeds.unknown_code",
                {"provider": name, "code": code, "symptom": symptom.value},
            )
            for code, symptom in sorted(symptoms.items())
        )
        if self.contradicts:
            latest = self.latest
            assert reported is not None
            assert latest is not None
            out.append(
                FeedNote(
                    "feeds.contradiction",
                    {"provider": name, "reported": reported.value, "latest": latest.symptom.value},
                )
            )
        if self.stopped:
            out.append(FeedNote("feeds.stopped", {"provider": name, "number": self.number or ""}))
        return tuple(out)

    def incident(self, **more: object) -> Incident:
        """Return an :class:`~halfmanaged.classify.Incident` with these scans and ``more``.

        ``more`` are other ``Incident`` fields (``platform_order=...``, ``as_of=...``).

        >>> import halfmanaged as hm
        >>> hm.classify(TrackingFeed("aftership").incident()).cause
        <Cause.UNDETERMINED: 'undetermined'>
        """
        fields: dict[str, Any] = {"events": self.events}
        if "reported_status" in _INCIDENT_FIELDS:
            fields["reported_status"] = self.reported_status
        for name, value in more.items():
            if name not in _INCIDENT_FIELDS:
                raise InvalidFieldError(name, value, "not a field of Incident")
        fields.update(more)
        return Incident(**fields)

    def merge(self, other: TrackingFeed) -> TrackingFeed:
        """Join two feeds of one parcel: every scan once, the fresher top-level status.

        Idempotent (``f.merge(f) == f``) and order-independent. The top-level status, number
        and carrier come from the feed whose latest placed scan is later (ties broken by the
        values themselves, so the result never depends on the order).

        >>> a = TrackingFeed("easypost", number="EZ1", event_ids=["evt_1"])
        >>> a.merge(TrackingFeed("easypost", number="EZ1", event_ids=["evt_2"])).event_ids
        ('evt_1', 'evt_2')
        """
        if not isinstance(other, TrackingFeed):
            raise FieldTypeError("other", other, "TrackingFeed")
        if other.provider is not self.provider:
            raise InvalidFieldError("other.provider", other.provider, f"not {self.provider}")
        if None not in (self.number, other.number) and self.number != other.number:
            raise InvalidFieldError("other.number", other.number, f"not {self.number!r}")
        head = max(self, other, key=_freshness)
        return TrackingFeed(
            provider=self.provider,
            number=head.number if head.number is not None else (self.number or other.number),
            carrier=head.carrier,
            status=head.status,
            sub_status=head.sub_status,
            records=(*self.records, *other.records),
            event_ids=(*self.event_ids, *other.event_ids),
            stopped=self.stopped or other.stopped,
        )


_NEVER: Final = dt.datetime.min.replace(tzinfo=dt.UTC)


def _freshness(feed: TrackingFeed) -> tuple[dt.datetime, str, str, str, str]:
    latest = feed.latest
    at = latest.at.astimezone(dt.UTC) if latest is not None and latest.at is not None else _NEVER
    return (at, feed.status or "", feed.sub_status or "", feed.carrier or "", feed.number or "")


def merge_feeds(*feeds: TrackingFeed) -> TrackingFeed:
    """Merge any number of feeds of one parcel (see :meth:`TrackingFeed.merge`).

    >>> merge_feeds(TrackingFeed("17track", number="1Z"), TrackingFeed("17track")).number
    '1Z'
    """
    if not feeds:
        raise InvalidFieldError("feeds", feeds, "give at least one feed")
    merged = feeds[0]
    if not isinstance(merged, TrackingFeed):
        raise FieldTypeError("feeds", merged, "TrackingFeed")
    for feed in feeds[1:]:
        merged = merged.merge(feed)
    return merged


# --------------------------------------------------------------------------- readers

ZoneLike = str | dt.tzinfo
"""An IANA time zone name or a ``tzinfo``."""


def _zones(
    zone: ZoneLike | None, zones: Mapping[str, ZoneLike] | None
) -> tuple[dt.tzinfo | None, dict[str, dt.tzinfo] | None]:
    one = _read.to_zone(zone, "zone") if zone is not None else None
    if zones is None:
        return one, None
    if not isinstance(zones, Mapping):
        raise FieldTypeError("zones", zones, "a mapping of country code to time zone")
    from halfmanaged._iso3166 import country_code  # noqa: PLC0415

    return one, {
        country_code(k, "zones"): _read.to_zone(v, f"zones[{k!r}]") for k, v in zones.items()
    }


def _joined(*parts: str | None) -> str | None:
    return ", ".join(p for p in parts if p) or None


def _aftership_tracking(
    tracking: _read.Obj,
    path: str,
    zone: dt.tzinfo | None,
    zones: dict[str, dt.tzinfo] | None,
    event_ids: tuple[str, ...] = (),
) -> TrackingFeed:
    if not ({"tag", "subtag", "checkpoints", "tracking_number"} & tracking.keys()):
        raise MalformedFeedError(
            path, tracking, "not an AfterShip tracking: no tag, tracking_number or checkpoints"
        )
    records = []
    text = _read.text
    for where, cp in _read.items(tracking, "checkpoints", path):
        tag, subtag = text(cp, "tag", where), text(cp, "subtag", where)
        code = subtag or tag
        symptom, known = _resolve(TrackingProvider.AFTERSHIP, code, parent=tag)
        country = _read.country(
            text(cp, "country_region", where) or text(cp, "country_iso3", where)
        )
        raw = text(cp, "checkpoint_time", where)
        at, how, zone_name = _read.place(raw, country_code=country, zone=zone, zones=zones)
        location = text(cp, "location", where) or _joined(
            text(cp, "city", where), text(cp, "state", where)
        )
        records.append(
            FeedEvent(
                TrackingProvider.AFTERSHIP,
                code,
                symptom,
                known,
                at,
                how,
                raw,
                country,
                location,
                text(cp, "message", where),
                zone_name,
            )
        )
    return TrackingFeed(
        TrackingProvider.AFTERSHIP,
        number=text(tracking, "tracking_number", path),
        carrier=text(tracking, "slug", path),
        status=text(tracking, "tag", path),
        sub_status=text(tracking, "subtag", path),
        records=records,
        event_ids=event_ids,
    )


def read_aftership(
    payload: bytes | str | Mapping[str, object],
    *,
    zone: ZoneLike | None = None,
    zones: Mapping[str, ZoneLike] | None = None,
) -> TrackingFeed:
    """Read an AfterShip tracking: a webhook body, a ``GET /trackings/:id`` answer, or the object.

    The webhook envelope is ``{event, event_id, is_tracking_first_tag, ts, msg}`` with the
    tracking in ``msg``; its ``event_id`` is kept in :attr:`TrackingFeed.event_ids`. Each
    checkpoint's ``subtag`` (else ``tag``) is its code. ``checkpoint_time`` often has no
    offset: declare the zone with ``zones={"DE": "Europe/Berlin"}`` (by the checkpoint's
    ``country_iso3``/``country_region``) or ``zone=``, or the checkpoint stays unplaced.

    >>> feed = read_aftership({"tag": "InTransit", "checkpoints": [
    ...     {"subtag": "Exception_099", "checkpoint_time": "2026-03-02T09:10:00+01:00"}]})
    >>> feed.unknown_codes, feed.events[0].symptom
    (('Exception_099',), <Symptom.EXCEPTION: 'exception'>)
    """
    root = _read.load(payload)
    one, many = _zones(zone, zones)
    if "msg" in root:
        event_id = _read.label(root, "event_id", "$")
        tracking = _read.obj(root["msg"], "$.msg")
        return _aftership_tracking(tracking, "$.msg", one, many, (event_id,) if event_id else ())
    data = root.get("data")
    if isinstance(data, Mapping) and "tracking" in data:
        tracking = _read.obj(data["tracking"], "$.data.tracking")
        return _aftership_tracking(tracking, "$.data.tracking", one, many)
    return _aftership_tracking(root, "$", one, many)


def read_aftership_trackings(
    payload: bytes | str | Mapping[str, object],
    *,
    zone: ZoneLike | None = None,
    zones: Mapping[str, ZoneLike] | None = None,
) -> tuple[TrackingFeed, ...]:
    """Read a page of AfterShip trackings (``GET /trackings``: ``data.trackings[]``).

    >>> [f.number for f in read_aftership_trackings(
    ...     {"data": {"trackings": [{"tracking_number": "A1"}, {"tracking_number": "B2"}]}})]
    ['A1', 'B2']
    """
    root = _read.load(payload)
    data = _read.obj(root.get("data"), "$.data")
    one, many = _zones(zone, zones)
    return tuple(
        _aftership_tracking(tracking, where, one, many)
        for where, tracking in _read.items(data, "trackings", "$.data")
    )


def read_easypost(
    payload: bytes | str | Mapping[str, object],
    *,
    zone: ZoneLike | None = None,
    zones: Mapping[str, ZoneLike] | None = None,
) -> TrackingFeed:
    """Read an EasyPost ``Event`` whose ``result`` is a ``Tracker`` (or a bare ``Tracker``).

    Each ``tracking_details[]`` entry is a scan; its code is ``status/status_detail``
    (``status`` alone when the detail is null or ``"null"``). EasyPost documents ``datetime``
    as UTC, so a time written without an offset is read as UTC; ``zone`` and ``zones`` are
    accepted for symmetry with the other readers.

    >>> feed = read_easypost({"object": "Tracker", "tracking_code": "EZ1", "status": "failure",
    ...     "status_detail": None, "tracking_details": [{"status": "failure",
    ...     "status_detail": "null", "datetime": "2026-03-02T09:10:00Z"}]})
    >>> feed.events[0].code, feed.events[0].symptom
    ('failure', <Symptom.EXCEPTION: 'exception'>)
    """
    root = _read.load(payload)
    _zones(zone, zones)  # checked, though EasyPost's times need no zone
    text = _read.text
    kind = text(root, "object", "$")
    event_ids: tuple[str, ...] = ()
    if kind == "Event":
        event_id = text(root, "id", "$")
        event_ids = (event_id,) if event_id else ()
        tracker, path = _read.obj(root.get("result"), "$.result"), "$.result"
        if text(tracker, "object", path) != "Tracker":
            raise MalformedFeedError(
                f"{path}.object", tracker.get("object"), "expected a Tracker (a tracker.* event)"
            )
    elif kind == "Tracker":
        tracker, path = root, "$"
    else:
        raise MalformedFeedError("$.object", root.get("object"), "expected an Event or Tracker")
    records = []
    for where, detail in _read.items(tracker, "tracking_details", path):
        status, sub = text(detail, "status", where), text(detail, "status_detail", where)
        code = sub if status is None else (status if sub is None else f"{status}/{sub}")
        symptom, known = _resolve(TrackingProvider.EASYPOST, status, sub)
        place = _read.opt_obj(detail, "tracking_location", where)
        city = state = raw_country = None
        if place is not None:
            loc_path = f"{where}.tracking_location"
            city, state = text(place, "city", loc_path), text(place, "state", loc_path)
            raw_country = text(place, "country", loc_path)
        country = _read.country(raw_country)
        raw = text(detail, "datetime", where)
        at, how, _ = _read.place(raw, provider_utc=True)
        records.append(
            FeedEvent(
                TrackingProvider.EASYPOST,
                code,
                symptom,
                known,
                at,
                how,
                raw,
                country,
                _joined(city, state, raw_country),
                text(detail, "message", where) or text(detail, "description", where),
            )
        )
    return TrackingFeed(
        TrackingProvider.EASYPOST,
        number=text(tracker, "tracking_code", path),
        carrier=text(tracker, "carrier", path),
        status=text(tracker, "status", path),
        sub_status=text(tracker, "status_detail", path),
        records=records,
        event_ids=event_ids,
    )


_TRACK17_EVENTS: Final = frozenset({"TRACKING_UPDATED", "TRACKING_STOPPED"})


def read_17track(
    payload: bytes | str | Mapping[str, object],
    *,
    zone: ZoneLike | None = None,
    zones: Mapping[str, ZoneLike] | None = None,
) -> TrackingFeed:
    """Read a 17TRACK v2 push: ``TRACKING_UPDATED`` or ``TRACKING_STOPPED``.

    ``latest_status`` and ``tracking.providers[].events[]`` are read from ``data.track_info``
    (as the v2.2 documentation nests them) or from ``data`` itself (as some pushes send them).
    An event's code is its ``sub_status``, else its ``stage``. ``time_iso`` is used when it has
    an offset, else ``time_utc``; a wall time with neither is read in a declared zone or left
    unplaced.

    >>> feed = read_17track({"event": "TRACKING_STOPPED", "data": {"number": "1Z9",
    ...                      "carrier": 100002}})
    >>> feed.stopped, feed.carrier, feed.events
    (True, '100002', ())
    """
    root = _read.load(payload)
    one, many = _zones(zone, zones)
    text = _read.text
    event = text(root, "event", "$")
    if event not in _TRACK17_EVENTS:
        raise MalformedFeedError(
            "$.event", root.get("event"), "expected TRACKING_UPDATED or TRACKING_STOPPED"
        )
    data = _read.obj(root.get("data"), "$.data")
    info = _read.opt_obj(data, "track_info", "$.data")

    def section(name: str) -> tuple[_read.Obj | None, str]:
        if info is not None and info.get(name) not in (None, "null"):
            return _read.opt_obj(info, name, "$.data.track_info"), f"$.data.track_info.{name}"
        return _read.opt_obj(data, name, "$.data"), f"$.data.{name}"

    latest, latest_path = section("latest_status")
    status = sub_status = None
    if latest is not None:
        status = text(latest, "status", latest_path)
        sub_status = text(latest, "sub_status", latest_path)
    tracking, tracking_path = section("tracking")
    records = []
    providers = _read.items(tracking, "providers", tracking_path) if tracking is not None else []
    for provider_path, provider in providers:
        for where, item in _read.items(provider, "events", provider_path):
            code = text(item, "sub_status", where) or text(item, "stage", where)
            symptom, known = _resolve(TrackingProvider.TRACK17, code)
            address = _read.opt_obj(item, "address", where)
            country = (
                _read.country(text(address, "country", f"{where}.address"))
                if address is not None
                else None
            )
            raw = text(item, "time_iso", where)
            at, how, zone_name = _read.place(
                raw,
                utc_fallback=text(item, "time_utc", where),
                country_code=country,
                zone=one,
                zones=many,
            )
            records.append(
                FeedEvent(
                    TrackingProvider.TRACK17,
                    code,
                    symptom,
                    known,
                    at,
                    how,
                    raw or text(item, "time_utc", where),
                    country,
                    text(item, "location", where),
                    text(item, "description", where),
                    zone_name,
                )
            )
    return TrackingFeed(
        TrackingProvider.TRACK17,
        number=_read.label(data, "number", "$.data"),
        carrier=_read.label(data, "carrier", "$.data"),
        status=status,
        sub_status=sub_status,
        records=records,
        stopped=event == "TRACKING_STOPPED",
    )


_READERS: Final = {
    TrackingProvider.AFTERSHIP: read_aftership,
    TrackingProvider.EASYPOST: read_easypost,
    TrackingProvider.TRACK17: read_17track,
}


def read_feed(
    provider: TrackingProvider | str,
    payload: bytes | str | Mapping[str, object],
    *,
    zone: ZoneLike | None = None,
    zones: Mapping[str, ZoneLike] | None = None,
) -> TrackingFeed:
    """Read ``payload`` with the reader of ``provider`` ("aftership", "easypost", "17track").

    >>> read_feed("easypost", b'{"object": "Tracker", "status": "delivered"}').status
    'delivered'
    """
    return _READERS[_to_provider(provider)](payload, zone=zone, zones=zones)


# --------------------------------------------------------------------------- signatures


def _body(body: object) -> bytes:
    if not isinstance(body, bytes | bytearray | memoryview):
        raise FieldTypeError("body", body, "the raw request body as bytes")
    return bytes(body)


def _secret(secret: object) -> str:
    if not isinstance(secret, str):
        raise FieldTypeError("secret", secret, "str")
    if not secret:
        raise InvalidFieldError("secret", secret, "an empty secret verifies nothing")
    return secret


def _same(expected: str, header: object) -> bool:
    if header is None:
        return False
    if not isinstance(header, str):
        raise FieldTypeError("header", header, "the header value as str, or None")
    return hmac.compare_digest(expected.encode(), header.strip().encode("utf-8", "replace"))


def sign_aftership(body: bytes, secret: str) -> str:
    """Return the ``aftership-hmac-sha256`` header for ``body``: base64 of its HMAC-SHA256.

    Source: AfterShip Tracking API, "Webhook Signature"
    (https://www.aftership.com/docs/tracking/webhook/webhook-signature).

    >>> sign_aftership(b'{"event":"tracking_update"}', "s3cret")
    'ILbkHdTl/KzwHNmWuJ/D4Kxm8BpN7fB7eprhK6NR3J0='
    """
    mac = hmac.new(_secret(secret).encode(), _body(body), hashlib.sha256).digest()
    return base64.b64encode(mac).decode("ascii")


def verify_aftership(body: bytes, header: str | None, secret: str) -> bool:
    """Whether ``header`` (``aftership-hmac-sha256``) signs the raw ``body`` under ``secret``.

    >>> body = b'{"event":"tracking_update"}'
    >>> verify_aftership(body, sign_aftership(body, "s3cret"), "s3cret")
    True
    >>> verify_aftership(body + b" ", sign_aftership(body, "s3cret"), "s3cret")
    False
    """
    return _same(sign_aftership(body, secret), header)


def sign_easypost(body: bytes, secret: str) -> str:
    """Return the ``X-Hmac-Signature`` header for ``body``: ``hmac-sha256-hex=<hex>``.

    The key is the webhook secret normalised to NFKD, as EasyPost's client libraries do
    (``validate_webhook``; https://docs.easypost.com/docs/webhooks, "HMAC Validation").

    >>> sign_easypost(b"{}", "sécret")[:24]
    'hmac-sha256-hex=2b77ab9f'
    """
    key = unicodedata.normalize("NFKD", _secret(secret)).encode()
    return "hmac-sha256-hex=" + hmac.new(key, _body(body), hashlib.sha256).hexdigest()


def verify_easypost(body: bytes, header: str | None, secret: str) -> bool:
    """Whether ``header`` (``X-Hmac-Signature``) signs the raw ``body`` under ``secret``.

    >>> verify_easypost(b"{}", sign_easypost(b"{}", "sécret"), "sécret")
    True
    """
    return _same(sign_easypost(body, secret), header)


def sign_17track(body: bytes, secret: str) -> str:
    """Return 17TRACK's ``sign`` header for ``body``: hex SHA-256 of ``body + "/" + secret``.

    17TRACK's own documentation of this scheme could not be read here; the scheme is the one
    two independent client libraries implement and test (wsutc/SEAS-purchase-system,
    ``purchases/tracking.py::get_generated_signature``; tristanmanchester/agent-skills,
    ``track17/scripts/track17.py::signature``). It is a plain hash, not an HMAC.

    >>> sign_17track(b"{}", "abc123")[:16]
    '6688a31d27c95b64'
    """
    return hashlib.sha256(_body(body) + b"/" + _secret(secret).encode()).hexdigest()


def verify_17track(body: bytes, header: str | None, secret: str) -> bool:
    """Whether ``header`` (17TRACK's ``sign``) signs the raw ``body`` under ``secret``.

    >>> verify_17track(b"{}", sign_17track(b"{}", "abc123").upper(), "abc123")
    True
    """
    if isinstance(header, str):
        header = header.lower()  # hex digits: either case is the same signature
    return _same(sign_17track(body, secret), header)
