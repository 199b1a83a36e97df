"""Working-day arithmetic for the statutory PPID deadlines (UU 14/2008 Pasal 22, 35, 36).

A working day is Monday to Friday and not in the `Holiday` calendar (national holidays and
cuti bersama). The functions take the holidays as an argument so they stay pure and testable;
without one they use the editable calendar, read once and cached (`openinfo.ppid.models.calendar`).
"""

import datetime

from openinfo.ppid.models.calendar import holidays as calendar_holidays

RESPONSE_DAYS = 10  # Pasal 22(7): written answer within 10 working days
MAX_EXTENSION_DAYS = 7  # Pasal 22(8): extendable once by at most 7 working days
OBJECTION_FILING_DAYS = 30  # Pasal 36(1): objection filed within 30 working days
OBJECTION_ANSWER_DAYS = 30  # Pasal 36(2): the superior answers within 30 working days


def is_working_day(day, holidays):
    return day.weekday() < 5 and day not in holidays


def add_working_days(start, days, holidays=None):
    """The date `days` working days after `start` (the start day itself is not counted).

    A request received on a Friday evening with 10 working days is due on the second Friday
    after it; holidays and weekends in between are skipped.
    """
    if days < 0:
        raise ValueError("days must not be negative")
    if holidays is None:
        holidays = calendar_holidays()
    if isinstance(start, datetime.datetime):
        start = start.date()
    day, counted = start, 0
    while counted < days:
        day += datetime.timedelta(days=1)
        if is_working_day(day, holidays):
            counted += 1
    return day


def working_days_between(start, end, holidays=None):
    """Working days after `start` up to and including `end`; negative when `end` is earlier.

    `working_days_between(d, add_working_days(d, n)) == n` for every n >= 0.
    """
    if holidays is None:
        holidays = calendar_holidays()
    if end == start:
        return 0
    sign = 1
    if end < start:
        start, end, sign = end, start, -1
    count, day = 0, start
    while day < end:
        day += datetime.timedelta(days=1)
        if is_working_day(day, holidays):
            count += 1
    return sign * count
