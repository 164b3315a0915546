"""The working clock behind the workflow's deadlines.

A stage's SLA runs only during working hours (``day_start``..``day_end``, wall clock) on the
calendar's working days, so a stage entered on Friday at 17:00 with eight working hours left
is due on Monday, not on Saturday. Time is counted in whole microseconds so that pausing and
resuming never loses or gains a rounding error.
"""

from __future__ import annotations

import datetime as dt

from halfmanaged.calendar import WorkingCalendar
from halfmanaged.errors import DateOutOfRangeError

_US_PER_SECOND = 1_000_000


def micros_of_day(t: dt.time) -> int:
    """Return the wall time ``t`` as microseconds after midnight."""
    return ((t.hour * 60 + t.minute) * 60 + t.second) * _US_PER_SECOND + t.microsecond


def _time_of(us: int) -> dt.time:
    seconds, micro = divmod(us, _US_PER_SECOND)
    minutes, second = divmod(seconds, 60)
    hour, minute = divmod(minutes, 60)
    return dt.time(hour, minute, second, micro)


def _local(cal: WorkingCalendar, moment: dt.datetime) -> dt.datetime:
    try:
        return moment.astimezone(cal.tzinfo)
    except OverflowError:  # a UTC moment on the last day of datetime, ahead of UTC locally
        raise DateOutOfRangeError("at", moment) from None


def _start(
    cal: WorkingCalendar, moment: dt.datetime, day_start: int, day_end: int
) -> tuple[dt.date, int]:
    """Return the working day and wall time at which the clock is running at ``moment``."""
    local = _local(cal, moment)
    day = local.date()
    now = micros_of_day(local.time())
    if not cal.is_working_day(day):
        return cal.roll_forward(day), day_start
    if now >= day_end:
        return cal.next_working_day(day), day_start
    return day, max(now, day_start)


def advance(
    cal: WorkingCalendar, moment: dt.datetime, work_us: int, day_start: int, day_end: int
) -> dt.datetime:
    """Return the instant (UTC) when ``work_us`` of working time after ``moment`` is used up.

    An amount that ends exactly at closing time is due at closing time, not at the next
    opening, so a due time always falls inside a working day's hours.
    """
    day, now = _start(cal, moment, day_start, day_end)
    span = day_end - day_start
    left = day_end - now
    if work_us > left:
        work_us -= left
        # Whole working days at once; the calendar answers any offset in O(1).
        whole, work_us = divmod(work_us, span)
        if work_us == 0:
            day = cal.add_working_days(day, whole)
            now = day_end
        else:
            day = cal.add_working_days(day, whole + 1)
            now = day_start + work_us
    else:
        now += work_us
    return cal.at(day, _time_of(now)).astimezone(dt.UTC)


def working_between(
    cal: WorkingCalendar, start: dt.datetime, end: dt.datetime, day_start: int, day_end: int
) -> int:
    """Return the working time in microseconds from ``start`` to ``end`` (0 if none)."""
    if end <= start:
        return 0
    first, since = _start(cal, start, day_start, day_end)
    local_end = _local(cal, end)
    last = local_end.date()
    until = min(max(micros_of_day(local_end.time()), day_start), day_end)
    if not cal.is_working_day(last):
        last, until = cal.roll_forward(last), day_start
    if (last, until) <= (first, since):
        return 0
    span = day_end - day_start
    if last == first:
        return until - since
    # The first day's rest, the whole days between, and the last day's part.
    between = cal.working_days_between(cal.next_working_day(first), last)
    return (day_end - since) + between * span + (until - day_start)
