"""Calendar periods (week, month, quarter) in Europe/Amsterdam as UTC ranges for SQL.

Timestamps are stored in UTC, but a week runs from Monday 00:00 to Monday 00:00 *Amsterdam
time*: that is 167 hours in the week of the spring change (e.g. 2026-03-29) and 169 in the
autumn (2026-10-25). Bucketing on UTC dates would put a Monday 00:30 contact in the previous
week. So the boundaries are computed here, in Python with zoneinfo, and the database only
compares indexed timestamps against them (the same on SQLite and PostgreSQL).
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from enum import StrEnum

from sqlalchemy import ColumnElement, and_, case, literal

from crm.workdays import AMSTERDAM


class PeriodUnit(StrEnum):
    WEEK = "week"
    MONTH = "month"
    QUARTER = "quarter"


@dataclass(frozen=True)
class Period:
    """One bucket: the local days it covers (clipped to the selection) and its UTC range.

    ``partial`` says the calendar period reaches outside the selected dates, so its counts
    cover fewer days than a whole week, month or quarter.
    """

    key: str
    first_day: date
    last_day: date
    start: datetime
    end: datetime
    partial: bool

    def as_dict(self) -> dict:
        return {
            "key": self.key,
            "first_day": self.first_day.isoformat(),
            "last_day": self.last_day.isoformat(),
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "partial": self.partial,
        }


def local_midnight(day: date) -> datetime:
    """The UTC moment at which ``day`` begins in Amsterdam (midnight is never skipped there)."""
    return datetime.combine(day, time(), AMSTERDAM).astimezone(timezone.utc)


def local_today(now: datetime) -> date:
    return now.astimezone(AMSTERDAM).date()


def periods(first_day: date, last_day: date, unit: PeriodUnit = PeriodUnit.WEEK) -> list[Period]:
    """The calendar periods that overlap ``first_day``..``last_day`` (inclusive), in order.

    Every period is present, also one without any data, so a chart shows an empty week as
    zero instead of leaving it out.
    """
    unit = PeriodUnit(unit)
    result = []
    begin = _unit_start(first_day, unit)
    while begin <= last_day:
        following = _next_start(begin, unit)
        clipped_first = max(begin, first_day)
        clipped_last = min(following - timedelta(days=1), last_day)
        result.append(
            Period(
                key=_key(begin, unit),
                first_day=clipped_first,
                last_day=clipped_last,
                start=local_midnight(clipped_first),
                end=local_midnight(clipped_last + timedelta(days=1)),
                partial=(clipped_first, clipped_last) != (begin, following - timedelta(days=1)),
            )
        )
        begin = following
    return result


def within(column, buckets: list[Period]) -> ColumnElement[bool]:
    """``column`` lies in the selected range: one range condition an index can serve."""
    return and_(column >= buckets[0].start, column < buckets[-1].end)


def bucket_of(column, buckets: list[Period]) -> ColumnElement[int]:
    """The index of the period a timestamp falls in, as a SQL expression.

    Meant together with :func:`within`; periods are contiguous, so comparing with each
    end in turn is enough.
    """
    if len(buckets) == 1:
        return literal(0)
    return case(
        *[(column < bucket.end, index) for index, bucket in enumerate(buckets[:-1])],
        else_=len(buckets) - 1,
    )


def _unit_start(day: date, unit: PeriodUnit) -> date:
    if unit is PeriodUnit.WEEK:
        return day - timedelta(days=day.weekday())
    if unit is PeriodUnit.MONTH:
        return day.replace(day=1)
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def _next_start(begin: date, unit: PeriodUnit) -> date:
    if unit is PeriodUnit.WEEK:
        return begin + timedelta(days=7)
    months = 1 if unit is PeriodUnit.MONTH else 3
    month = begin.month - 1 + months
    return date(begin.year + month // 12, month % 12 + 1, 1)


def _key(begin: date, unit: PeriodUnit) -> str:
    if unit is PeriodUnit.WEEK:
        year, week, _ = begin.isocalendar()
        return f"{year}-W{week:02d}"
    if unit is PeriodUnit.MONTH:
        return f"{begin.year}-{begin.month:02d}"
    return f"{begin.year}-Q{(begin.month - 1) // 3 + 1}"
