"""Working-hour arithmetic: weekends and Dutch public holidays do not count.

A norm of 48 working hours means 48 hours of clock time on working days, as municipalities
count a callback norm: a request made on Friday 10:00 is due on Tuesday 10:00.
"""

from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


@lru_cache(maxsize=64)
def _dutch_holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.Netherlands(years=year).keys())


def is_working_day(day: date) -> bool:
    """Monday to Friday and not a Dutch public holiday."""
    return day.weekday() < 5 and day not in _dutch_holidays(day.year)


def add_working_hours(start: datetime, hours: float, tz: ZoneInfo = AMSTERDAM) -> datetime:
    """The moment ``hours`` working hours after ``start`` (timezone-aware, returned in UTC)."""
    remaining = timedelta(hours=hours)
    moment = start.astimezone(tz)
    while True:
        day = moment.date()
        next_midnight = datetime.combine(day + timedelta(days=1), time(), tz)
        if is_working_day(day):
            available = next_midnight - moment
            if remaining <= available:
                return (moment + remaining).astimezone(ZoneInfo("UTC"))
            remaining -= available
        moment = next_midnight


def working_hours_between(start: datetime, end: datetime, tz: ZoneInfo = AMSTERDAM) -> float:
    """How many working hours lie between two moments (0 if ``end`` is before ``start``)."""
    total = timedelta()
    moment = start.astimezone(tz)
    end = end.astimezone(tz)
    while moment < end:
        next_midnight = datetime.combine(moment.date() + timedelta(days=1), time(), tz)
        if is_working_day(moment.date()):
            total += min(next_midnight, end) - moment
        moment = next_midnight
    return total.total_seconds() / 3600


def working_days_between(first: date, last: date) -> int:
    """How many working days lie in ``first`` up to but not including ``last`` (0 if none).

    Counts whole weeks at once, so it stays fast over long spans (management figures call it
    for thousands of tasks).
    """
    if last <= first:
        return 0
    span = (last - first).days
    weeks, rest = divmod(span, 7)
    weekdays = 5 * weeks + sum(1 for offset in range(rest) if (first + timedelta(days=weeks * 7 + offset)).weekday() < 5)
    holidays_on_weekdays = sum(
        1
        for year in range(first.year, last.year + 1)
        for day in _dutch_holidays(year)
        if first <= day < last and day.weekday() < 5
    )
    return weekdays - holidays_on_weekdays
