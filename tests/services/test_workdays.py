"""Latvian working days and answer deadlines: weekends, public holidays, moved working days,
the law change of 01.03.2026, and the overdue boundary."""

from datetime import date

import pytest

from council.services import workdays as wd


@pytest.mark.parametrize("day,working", [
    (date(2026, 11, 18), False),  # Proclamation Day (Wednesday)
    (date(2026, 11, 19), True),
    (date(2026, 6, 23), False),  # Līgo
    (date(2026, 6, 24), False),  # Jāņi
    (date(2026, 6, 22), False),  # Monday made a day off …
    (date(2026, 6, 27), True),  # … worked on Saturday instead
    (date(2026, 6, 28), False),  # an ordinary Sunday
    (date(2026, 4, 3), False),  # Good Friday
    (date(2026, 4, 6), False),  # Easter Monday
    (date(2026, 4, 7), True),
    (date(2025, 11, 17), False),  # Monday before 18 November 2025 made a day off …
    (date(2025, 11, 8), True),  # … worked on Saturday 8 November
    (date(2025, 5, 5), False),  # 4 May 2025 was a Sunday: the Monday is off
    (date(2026, 1, 2), False),  # moved day off
    (date(2026, 1, 17), True),  # moved working Saturday
    (date(2026, 12, 24), False),
    (date(2026, 12, 31), False),
    (date(2026, 11, 21), False),  # Saturday
])
def test_working_days(day, working):
    assert wd.is_working_day(day) is working


def test_adding_working_days_skips_weekends():
    assert wd.add_working_days(date(2026, 10, 2), 1) == date(2026, 10, 5)  # Fri → Mon
    assert wd.add_working_days(date(2026, 10, 3), 1) == date(2026, 10, 5)  # Sat → Mon
    assert wd.add_working_days(date(2026, 10, 5), 10) == date(2026, 10, 19)
    assert wd.add_working_days(date(2026, 10, 5), 0) == date(2026, 10, 5)
    with pytest.raises(ValueError):
        wd.add_working_days(date(2026, 10, 5), -1)


@pytest.mark.parametrize("sent_on,due", [
    # 18 November: sent Friday 13.11.2026, the Wednesday holiday costs a day.
    (date(2026, 11, 13), date(2026, 11, 30)),
    # Midsummer 2026: 22 (moved), 23, 24 June off; Saturday 27 June counts.
    (date(2026, 6, 19), date(2026, 7, 7)),
    # Easter 2026: Good Friday 3 April and Easter Monday 6 April.
    (date(2026, 4, 2), date(2026, 4, 20)),
    # Ordinary fortnight: two weekends.
    (date(2026, 10, 5), date(2026, 10, 19)),
    # Christmas and New Year 2026/27: 24, 25 (26 is a Saturday), 31 December, 1 January.
    (date(2026, 12, 18), date(2027, 1, 7)),
    # Sent on a Sunday: counting starts on Monday.
    (date(2026, 3, 1), date(2026, 3, 13)),
])
def test_answer_due_in_ten_working_days(sent_on, due):
    assert wd.answer_due_date(sent_on, working_days=10) == due


def test_moved_working_saturday_counts_in_a_deadline():
    # 2025: Monday 17.11 off, Saturday 8.11 worked. Sent Friday 7.11: the 1st working day is
    # Saturday 8.11, and 17 + 18 November are skipped.
    assert wd.add_working_days(date(2025, 11, 7), 1) == date(2025, 11, 8)
    assert wd.add_working_days(date(2025, 11, 14), 1) == date(2025, 11, 19)
    assert wd.answer_due_date(date(2026, 6, 26), working_days=1) == date(2026, 6, 27)


def test_the_municipal_setting_changes_the_period():
    assert wd.answer_due_date(date(2026, 10, 5), working_days=5) == date(2026, 10, 12)


def test_before_the_law_change_one_month_moved_to_a_working_day():
    assert wd.answer_due_date(date(2026, 2, 27), working_days=10) == date(2026, 3, 27)
    # 28.02.2026 is a Saturday: the deadline moves to Monday 2 March.
    assert wd.answer_due_date(date(2026, 1, 28), working_days=10) == date(2026, 3, 2)
    assert wd.answer_due_date(date(2026, 1, 31), working_days=10) == date(2026, 3, 2)
    # Christmas: one month from 24.11.2025 is 24.12.2025, a holiday → 29.12 (27/28 weekend).
    assert wd.answer_due_date(date(2025, 11, 24), working_days=10) == date(2025, 12, 29)


def test_extension_limits():
    # Since 01.03.2026: one month (the municipal setting) from sending.
    assert wd.extension_limit(date(2026, 3, 31), extension_months=1) == date(2026, 4, 30)
    assert wd.extension_limit(date(2026, 10, 5), extension_months=2) == date(2026, 12, 7)
    # Before: up to four months; 28.02.2026 is a Saturday.
    assert wd.extension_limit(date(2025, 10, 28), extension_months=1) == date(2026, 3, 2)


def test_add_months_clamps_to_the_end_of_the_month():
    assert wd.add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert wd.add_months(date(2028, 1, 31), 1) == date(2028, 2, 29)
    assert wd.add_months(date(2026, 11, 30), 3) == date(2027, 2, 28)


def test_due_soon_window_is_five_working_days():
    assert wd.due_soon_until(date(2026, 11, 23)) == date(2026, 11, 27)  # Monday → Friday
    assert wd.due_soon_until(date(2026, 11, 21)) == date(2026, 11, 27)  # Saturday → Friday
    assert wd.due_soon_until(date(2026, 11, 16)) == date(2026, 11, 23)  # 18.11 is off


def test_overdue_starts_the_day_after_the_due_date():
    due = date(2026, 11, 30)
    assert not wd.is_overdue(due, date(2026, 11, 30))
    assert wd.days_overdue(due, date(2026, 11, 30)) == 0
    assert wd.is_overdue(due, date(2026, 12, 1))
    assert wd.days_overdue(due, date(2026, 12, 1)) == 1
    assert wd.days_overdue(due, date(2026, 12, 10)) == 10
    assert not wd.is_overdue(None, date(2026, 12, 10))


def test_working_days_between():
    assert wd.working_days_between(date(2026, 11, 13), date(2026, 11, 30)) == 10
    assert wd.working_days_between(date(2026, 11, 30), date(2026, 11, 13)) == 0


def test_holiday_names_come_from_the_package():
    assert wd.holiday_name(date(2026, 11, 18))
    assert wd.holiday_name(date(2026, 11, 19)) is None
