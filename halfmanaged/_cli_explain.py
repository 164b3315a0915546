"""``halfmanaged explain``: why an order's deadlines land where they do, step by step.

Every step is a sentence of the catalog (``explain.*``), in English or Chinese: the order time
in the warehouse's zone, the cutoff, each non-working day skipped with its name (China's
make-up working days named as such), each promised working day, the ship-by and self-delivery
deadlines with any daylight-saving switch between, the tracking deadline, the delivery window,
and where the order stands (docs/rules.md#reading-handling-start, docs/rules.md#reading-ship-by,
docs/rules.md#reading-self-delivery, docs/rules.md#reading-delivery-window).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from halfmanaged._cli_render import Words
from halfmanaged.calendar import WorkingCalendar
from halfmanaged.shipping import Assessment, ShippingPolicy

_DAY = dt.timedelta(days=1)


def _offset(moment: dt.datetime) -> str:
    offset = moment.utcoffset() or dt.timedelta(0)
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    return f"UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


class _Days:
    """Names of non-working days of one calendar, looked up a month at a time."""

    def __init__(self, cal: WorkingCalendar, words: Words) -> None:
        self.cal = cal
        self.words = words
        self.named: dict[dt.date, str] = {}
        self.make_up: set[dt.date] = set()
        self.loaded: set[tuple[int, int]] = set()

    def _load(self, day: dt.date) -> None:
        key = (day.year, day.month)
        if key in self.loaded:
            return
        self.loaded.add(key)
        first = day.replace(day=1)
        after = (first + dt.timedelta(days=32)).replace(day=1)
        self.named.update(self.cal.holidays_between(first, after, locale=self.words.locale))
        self.make_up.update(self.cal.make_up_days_between(first, after))

    def why_not(self, day: dt.date) -> str:
        self._load(day)
        if day in self.named:
            return self.words("explain.why.holiday", name=self.named[day])
        return self.words("explain.why.weekend")

    def is_make_up(self, day: dt.date) -> bool:
        self._load(day)
        return day in self.make_up


def _walk(
    cal: WorkingCalendar, days: _Days, words: Words, start: dt.date, end: dt.date
) -> Iterator[str]:
    """Sentences for the non-working and make-up days in ``[start, end)``."""
    day = start
    while day < end:
        if not cal.is_working_day(day):
            yield words(
                "explain.skip", date=words.date(day), weekday=words.weekday(day),
                why=days.why_not(day),
            )  # fmt: skip
        elif day.weekday() >= 5 and days.is_make_up(day):
            yield words("explain.make_up", date=words.date(day), weekday=words.weekday(day))
        day += _DAY


def explain(assessment: Assessment, warehouse: str, words: Words) -> Iterator[str]:
    """Yield the explanation of one assessed order, one sentence per step."""
    order = assessment.order
    policy: ShippingPolicy = assessment.policy
    d = assessment.deadlines
    cal = order.warehouse
    w = words
    local = cal.local(order.placed_at)
    days = _Days(cal, w)
    yield w(
        "explain.placed", order_id=order.order_id, warehouse=warehouse, zone=cal.timezone,
        local=w.time(local), offset=_offset(local), weekday=w.weekday(local.date()),
    )  # fmt: skip
    cutoff = policy.effective_order_cutoff
    cut = cutoff.strftime("%H:%M")
    if local.time() >= cutoff:
        yield w("explain.after_cutoff", time=f"{local:%H:%M}", cutoff=cut)
    else:
        yield w("explain.before_cutoff", time=f"{local:%H:%M}", cutoff=cut)
    yield from _walk(cal, days, w, local.date(), d.handling_start)
    start = d.handling_start
    yield w("explain.handling_start", date=w.date(start), weekday=w.weekday(start))
    day = start
    for n in range(1, policy.promise_days + 1):
        following = cal.add_working_days(day, 1)
        yield from _walk(cal, days, w, day + _DAY, following)
        day = following
        yield w(
            "explain.promise_day", n=n, total=policy.promise_days, date=w.date(day),
            weekday=w.weekday(day),
        )  # fmt: skip
    yield w("explain.ship_by", cutoff=policy.pickup_cutoff.strftime("%H:%M"), at=w.time(d.ship_by))
    if d.ship_by.utcoffset() != local.utcoffset():
        yield w("explain.dst", before=_offset(local), after=_offset(d.ship_by))
    self_by = d.self_delivery_by
    window = policy.self_delivery_window
    begins = (self_by.astimezone(dt.UTC) - window).astimezone(cal.tzinfo)
    wall = (self_by.replace(tzinfo=None) - begins.replace(tzinfo=None)).total_seconds() / 3600
    yield w(
        "explain.self_delivery", start=w.time(begins), hours=f"{window.total_seconds() / 3600:g}",
        at=w.time(self_by),
    )  # fmt: skip
    if abs(wall - window.total_seconds() / 3600) > 0.01:
        yield w(
            "explain.self_delivery_dst", wall=f"{wall:g}",
            hours=f"{window.total_seconds() / 3600:g}",
        )  # fmt: skip
    yield w("explain.tracking", at=w.time(d.tracking_by))
    transit = policy.transit_for(order.delivery_region)
    counted_on = order.destination or cal
    where = counted_on.country or counted_on.timezone
    yield w(
        "explain.delivery", where=where, min=transit.min_days, max=transit.max_days,
        earliest=w.date(d.delivery_earliest), latest=w.date(d.delivery_latest),
    )  # fmt: skip
    dest_days = _Days(counted_on, w)
    yield from _walk(counted_on, dest_days, w, d.ship_by.date() + _DAY, d.delivery_latest)
    yield w(
        "explain.status",
        as_of=w.time(cal.local(assessment.as_of)),
        status=w(f"report.status.{assessment.status.value}"),
    )
    for violation in assessment.violations:
        yield "  - " + violation.message(w.locale)
    nxt = assessment.next_deadline
    if nxt is not None:
        yield w(
            "explain.next", kind=w(f"report.kind.{nxt.kind.value}"), due=w.time(nxt.due),
            left=w.duration(nxt.time_left),
        )  # fmt: skip
