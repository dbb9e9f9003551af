"""Latvian working days and the answer deadlines of the Law on Submissions. Pure: no Flask.

Working days exclude weekends and Latvian public holidays, and include the Saturdays the
Cabinet turns into working days when it moves a working day to make a bridge ("darba dienas
pārcelšana"). The `holidays` package knows both: the day off is a holiday, the Saturday is in
`weekend_workdays`, and `is_working_day` combines them.

Deadlines (DOMAIN.md): for a recommendation sent on or after 01.03.2026 the answer is due within
the municipality's answer period in working days (10 by default); when more information is
needed it may be extended to one month (a municipal setting) from sending. Sent before
01.03.2026: one month, extendable to four. A deadline counted in months that ends on a day off
moves to the next working day.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from functools import lru_cache

import holidays

# The amended Law on Submissions applies to submissions received from this day.
WORKING_DAY_RULE_SINCE = date(2026, 3, 1)
OLD_RULE_MONTHS = 1
OLD_RULE_MAX_MONTHS = 4
DUE_SOON_WORKING_DAYS = 5


@lru_cache(maxsize=32)
def _calendar(year: int) -> holidays.HolidayBase:
    # Neighbouring years too: a moved working day may belong to the year before or after.
    return holidays.country_holidays("LV", years=(year - 1, year, year + 1), expand=False)


def is_working_day(day: date) -> bool:
    return _calendar(day.year).is_working_day(day)


def holiday_name(day: date) -> str | None:
    return _calendar(day.year).get(day)


def next_working_day(day: date) -> date:
    """The day itself when it is a working day, otherwise the next one."""
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def add_working_days(start: date, n: int) -> date:
    """The n-th working day after `start` (counting starts the day after; n ≥ 0)."""
    if n < 0:
        raise ValueError("n must not be negative")
    day = start
    for _ in range(n):
        day += timedelta(days=1)
        while not is_working_day(day):
            day += timedelta(days=1)
    return day


def working_days_between(start: date, end: date) -> int:
    """Working days after `start` up to and including `end` (0 when end ≤ start)."""
    count = 0
    day = start
    while day < end:
        day += timedelta(days=1)
        if is_working_day(day):
            count += 1
    return count


def add_months(start: date, months: int) -> date:
    """Same day `months` later; the last day of the month when that day does not exist."""
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def answer_due_date(sent_on: date, *, working_days: int) -> date:
    """When the answer on the merits is due for a recommendation sent on `sent_on`."""
    if sent_on >= WORKING_DAY_RULE_SINCE:
        return add_working_days(sent_on, working_days)
    return next_working_day(add_months(sent_on, OLD_RULE_MONTHS))


def extension_limit(sent_on: date, *, extension_months: int) -> date:
    """The latest due date an extension may set."""
    months = extension_months if sent_on >= WORKING_DAY_RULE_SINCE else OLD_RULE_MAX_MONTHS
    return next_working_day(add_months(sent_on, months))


def due_soon_until(today: date, n: int = DUE_SOON_WORKING_DAYS) -> date:
    """The last day of "the next n working days", today included when it is a working day."""
    return add_working_days(next_working_day(today), n - 1)


def is_overdue(due_on: date | None, today: date) -> bool:
    """Overdue from the day after the due date (the due date itself is still in time)."""
    return due_on is not None and today > due_on


def days_overdue(due_on: date | None, today: date) -> int:
    """Calendar days past the due date (0 when not overdue)."""
    if not is_overdue(due_on, today):
        return 0
    return (today - due_on).days
