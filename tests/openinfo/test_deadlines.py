import datetime

import pytest

from openinfo.models import Holiday
from openinfo.ppid.deadlines import add_working_days, working_days_between

D = datetime.date
NO_HOLIDAYS = set()


def test_weekends_are_skipped():
    # Friday 9 Jan 2026 + 1 working day is Monday 12 Jan.
    assert add_working_days(D(2026, 1, 9), 1, NO_HOLIDAYS) == D(2026, 1, 12)
    # Monday + 10 working days = Monday two weeks later.
    assert add_working_days(D(2026, 1, 5), 10, NO_HOLIDAYS) == D(2026, 1, 19)
    # Received on a Saturday: counting starts on Monday.
    assert add_working_days(D(2026, 1, 10), 1, NO_HOLIDAYS) == D(2026, 1, 12)


def test_zero_days_is_the_same_day_and_negative_is_refused():
    assert add_working_days(D(2026, 1, 5), 0, NO_HOLIDAYS) == D(2026, 1, 5)
    with pytest.raises(ValueError):
        add_working_days(D(2026, 1, 5), -1, NO_HOLIDAYS)


def test_holidays_are_skipped():
    # Thursday 15 Jan 2026; Friday 16 Jan is Isra Mikraj.
    holidays = {D(2026, 1, 16)}
    assert add_working_days(D(2026, 1, 15), 1, holidays) == D(2026, 1, 19)


def test_idul_fitri_2026_with_cuti_bersama_from_the_seeded_calendar(db):
    holidays = set(Holiday.objects.values_list("date", flat=True))
    assert D(2026, 3, 20) in holidays and D(2026, 3, 24) in holidays
    # Tuesday 17 Mar 2026 received. Working days: 18? no (cuti bersama Nyepi 18, Nyepi 19,
    # cuti 20, weekend 21-22, cuti 23, 24): the 1st working day is Wednesday 25 Mar.
    assert add_working_days(D(2026, 3, 17), 1, holidays) == D(2026, 3, 25)
    # 10 working days: 25,26,27,30,31 Mar, 1,2 Apr, (3 Apr Good Friday), 6,7,8 Apr.
    assert add_working_days(D(2026, 3, 17), 10, holidays) == D(2026, 4, 8)


def test_year_boundary_skips_christmas_and_new_year(db):
    holidays = set(Holiday.objects.values_list("date", flat=True))
    # Wed 23 Dec 2026; 24 (cuti bersama), 25 (Christmas), weekend, 28-31, 1 Jan (holiday), weekend.
    assert add_working_days(D(2026, 12, 23), 5, holidays) == D(2027, 1, 4)
    # Then 5 Jan 2027 is Isra Mikraj: 6, 7, 8, (weekend), 11, 12.
    assert add_working_days(D(2026, 12, 23), 10, holidays) == D(2027, 1, 12)


def test_extension_adds_at_most_seven_working_days_after_the_due_date():
    due = add_working_days(D(2026, 2, 2), 10, NO_HOLIDAYS)  # Mon 2 Feb -> Mon 16 Feb
    assert due == D(2026, 2, 16)
    assert add_working_days(due, 7, NO_HOLIDAYS) == D(2026, 2, 25)


@pytest.mark.parametrize("days", [0, 1, 4, 10, 30])
def test_working_days_between_inverts_add_working_days(days):
    start = D(2026, 1, 2)
    holidays = {D(2026, 1, 16), D(2026, 2, 17)}
    end = add_working_days(start, days, holidays)
    assert working_days_between(start, end, holidays) == days
    assert working_days_between(end, start, holidays) == -days


def test_holiday_calendar_is_editable_and_the_cache_follows(db):
    from openinfo.models import holidays

    extra = D(2027, 3, 16)
    assert extra not in holidays()
    Holiday.objects.create(date=extra, name="Koreksi cuti bersama Idul Fitri")
    assert extra in holidays()
