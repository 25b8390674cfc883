"""Work figures: callback lead time against the norm, open cases by age and owner, overdue work."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from statistics import mean, median

from flask import current_app
from sqlalchemy import and_, case, func, select

from crm.extensions import db
from crm.models import Case, CaseStatus, StaffUser, Task, TaskKind, TaskStatus, utcnow
from crm.services.insight.periods import Period, PeriodUnit, bucket_of, local_midnight, local_today, periods, within
from crm.services.insight.selection import Selection
from crm.workdays import AMSTERDAM, is_working_day, working_days_between

OPEN_CASE = [status.value for status in CaseStatus if status.is_open]
OPEN_TASK = [TaskStatus.OPEN.value, TaskStatus.IN_PROGRESS.value]


@dataclass(frozen=True)
class LeadTimeRow:
    """Callback requests completed in one period; hours are working hours."""

    completed: int
    within_norm: int
    median_hours: float | None
    mean_hours: float | None

    @property
    def share_within_norm(self) -> float | None:
        return self.within_norm / self.completed if self.completed else None

    def as_dict(self) -> dict:
        return {
            "completed": self.completed,
            "within_norm": self.within_norm,
            "share_within_norm": self.share_within_norm,
            "median_hours": self.median_hours,
            "mean_hours": self.mean_hours,
        }


@dataclass(frozen=True)
class CallbackLeadTime:
    """Lead time per week of completion, overall, and how many fell in each band of the norm."""

    periods: list[Period]
    rows: list[LeadTimeRow]
    total: LeadTimeRow
    norm_hours: float
    # (upper bound in working hours, or None for "longer", count), ascending.
    bands: list[tuple[float | None, int]]

    def as_dict(self) -> dict:
        return {
            "norm_hours": self.norm_hours,
            "periods": [period.as_dict() for period in self.periods],
            "rows": [row.as_dict() for row in self.rows],
            "total": self.total.as_dict(),
            "bands": [{"up_to_hours": upper, "count": count} for upper, count in self.bands],
        }


def callback_lead_time(selection: Selection) -> CallbackLeadTime:
    """How long completed callback requests took, per week of completion, against the norm.

    Lead time is counted in working hours from creation to completion (weekends and Dutch
    public holidays do not count), as the norm is. The database selects the completed
    requests with one indexed range scan; the working hours are computed here because the
    holiday calendar lives in Python.
    """
    norm = float(current_app.config["TASK_NORM_WORKING_HOURS"])
    buckets = periods(selection.first_day, selection.last_day, PeriodUnit.WEEK)
    query = select(bucket_of(Task.completed_at, buckets), Task.created_at, Task.completed_at).where(
        Task.kind == TaskKind.CALLBACK.value,
        Task.status == TaskStatus.DONE.value,
        within(Task.completed_at, buckets),
    )
    if selection.department_id is not None:
        query = query.where(Task.department_id == selection.department_id)
    hours_per_bucket: list[list[float]] = [[] for _ in buckets]
    for bucket, created_at, completed_at in db.session.execute(query):
        hours_per_bucket[bucket].append(working_hours(created_at, completed_at))
    every = [hours for bucket in hours_per_bucket for hours in bucket]
    uppers = [norm / 2, norm, norm * 2, None]
    bands = [
        (upper, sum(1 for hours in every if (lower is None or hours > lower) and (upper is None or hours <= upper)))
        for lower, upper in zip([None, *uppers[:-1]], uppers)
    ]
    return CallbackLeadTime(
        buckets, [_lead_time_row(hours, norm) for hours in hours_per_bucket], _lead_time_row(every, norm), norm, bands
    )


def working_hours(start: datetime, end: datetime) -> float:
    """Working hours between two moments; equal to crm.workdays.working_hours_between, but
    counting whole weeks at once instead of walking day by day (long-open requests are many)."""
    if end <= start:
        return 0.0
    first, last = start.astimezone(AMSTERDAM), end.astimezone(AMSTERDAM)
    hours = 24.0 * (_working_day_number(last.date()) - _working_day_number(first.date()))
    if is_working_day(last.date()):
        hours += _hours_since_midnight(last)
    if is_working_day(first.date()):
        hours -= _hours_since_midnight(first)
    return hours


@lru_cache(maxsize=8192)
def _working_day_number(day: date) -> int:
    """Working days from a fixed Monday up to ``day``: the difference of two is the working
    days between them, and a dashboard's tasks share few distinct days, so this caches well."""
    return working_days_between(_EPOCH, day) if day >= _EPOCH else -working_days_between(day, _EPOCH)


_EPOCH = date(2000, 1, 3)


def _hours_since_midnight(moment: datetime) -> float:
    # Clock time, as working_hours_between counts it: a day of a DST change counts 24 hours.
    return (moment.replace(tzinfo=None) - datetime.combine(moment.date(), time())).total_seconds() / 3600


def _lead_time_row(hours: list[float], norm: float) -> LeadTimeRow:
    return LeadTimeRow(
        completed=len(hours),
        within_norm=sum(1 for h in hours if h <= norm),
        median_hours=round(median(hours), 1) if hours else None,
        mean_hours=round(mean(hours), 1) if hours else None,
    )


@dataclass(frozen=True)
class AgeBand:
    """Cases opened ``min_days`` to ``max_days`` (inclusive; None: no limit) calendar days ago."""

    key: str
    min_days: int
    max_days: int | None


AGE_BANDS = [
    AgeBand("0-6", 0, 6),
    AgeBand("7-13", 7, 13),
    AgeBand("14-27", 14, 27),
    AgeBand("28-55", 28, 55),
    AgeBand("56+", 56, None),
]


@dataclass(frozen=True)
class OwnerRow:
    """Open cases of one owner per age band; ``owner_id`` None is the unowned row.

    Without per-person figures (see crm.permissions) all owned cases share one row with
    ``owned`` True and no owner id.
    """

    owner_id: int | None
    name: str | None
    counts: list[int]
    owned: bool

    @property
    def total(self) -> int:
        return sum(self.counts)

    def as_dict(self) -> dict:
        return {"owner_id": self.owner_id, "name": self.name, "owned": self.owned, "counts": self.counts, "total": self.total}


@dataclass(frozen=True)
class OpenCases:
    """Open cases now, per owner (unowned first) and age band in calendar days in Amsterdam."""

    as_of: date
    bands: list[AgeBand]
    owners: list[OwnerRow]

    @property
    def band_totals(self) -> list[int]:
        return [sum(row.counts[i] for row in self.owners) for i in range(len(self.bands))]

    def as_dict(self) -> dict:
        return {
            "as_of": self.as_of.isoformat(),
            "bands": [{"key": b.key, "min_days": b.min_days, "max_days": b.max_days} for b in self.bands],
            "owners": [row.as_dict() for row in self.owners],
            "band_totals": self.band_totals,
            "total": sum(self.band_totals),
        }


def open_cases(selection: Selection, now: datetime | None = None, *, per_owner: bool = True) -> OpenCases:
    """Count the cases open now by owner and age band; the unowned row is always present.

    Age is the number of calendar days in Amsterdam since the case was opened, so a case
    opened at 23:30 yesterday is one day old. The date range does not apply: this is the
    state of the work today.
    """
    today = local_today(now or utcnow())
    # A case is at least ``min_days`` old when it was opened before the start of the day
    # ``min_days - 1`` days ago.
    age_band = case(
        *[
            (Case.opened_at >= local_midnight(today - timedelta(days=band.min_days - 1)), index - 1)
            for index, band in enumerate(AGE_BANDS)
            if index > 0
        ],
        else_=len(AGE_BANDS) - 1,
    )
    open_now = select(Case.owner_id, age_band.label("band")).where(Case.status.in_(OPEN_CASE))
    if selection.department_id is not None:
        open_now = open_now.where(Case.department_id == selection.department_id)
    open_now = open_now.subquery()
    tally: dict[int | None, list[int]] = {None: [0] * len(AGE_BANDS)}
    for owner_id, band, count in db.session.execute(
        select(open_now.c.owner_id, open_now.c.band, func.count()).group_by(open_now.c.owner_id, open_now.c.band)
    ):
        tally.setdefault(owner_id, [0] * len(AGE_BANDS))[band] += count
    unowned = OwnerRow(None, None, tally.pop(None), owned=False)
    if not per_owner:
        owned = [sum(counts[i] for counts in tally.values()) for i in range(len(AGE_BANDS))]
        return OpenCases(today, AGE_BANDS, [unowned, OwnerRow(None, None, owned, owned=True)])
    names = dict(db.session.execute(select(StaffUser.id, StaffUser.full_name).where(StaffUser.id.in_(tally))).all())
    owners = sorted(
        (OwnerRow(owner_id, names[owner_id], counts, owned=True) for owner_id, counts in tally.items()),
        key=lambda row: (-row.total, row.name.casefold()),
    )
    return OpenCases(today, AGE_BANDS, [unowned, *owners])


@dataclass(frozen=True)
class WorkRow:
    """Open items of one kind, how many are overdue, unowned, or both."""

    kind: str
    open: int
    overdue: int
    unowned: int
    overdue_unowned: int

    def as_dict(self) -> dict:
        return {
            "kind": self.kind,
            "open": self.open,
            "overdue": self.overdue,
            "unowned": self.unowned,
            "overdue_unowned": self.overdue_unowned,
        }


@dataclass(frozen=True)
class OverdueWork:
    as_of: datetime
    rows: list[WorkRow]

    def as_dict(self) -> dict:
        return {"as_of": self.as_of.isoformat(), "rows": [row.as_dict() for row in self.rows]}


def overdue_work(selection: Selection, now: datetime | None = None) -> OverdueWork:
    """Open cases, callback requests and internal questions now: overdue, without owner, or both.

    A case is overdue once its deadline (a date) has passed in Amsterdam; a task once its
    due moment in working hours has passed. A task without an assignee sits in a department
    or team queue and counts as unowned. The date range does not apply.
    """
    now = now or utcnow()
    today = local_today(now)
    case_query = select(*_tally(Case.deadline < today, Case.owner_id.is_(None))).where(Case.status.in_(OPEN_CASE))
    task_query = (
        select(Task.kind, *_tally(Task.due_at < now, Task.assignee_id.is_(None)))
        .where(Task.status.in_(OPEN_TASK))
        .group_by(Task.kind)
    )
    if selection.department_id is not None:
        case_query = case_query.where(Case.department_id == selection.department_id)
        task_query = task_query.where(Task.department_id == selection.department_id)
    rows = [WorkRow("case", *db.session.execute(case_query).one())]
    per_kind = {kind: counts for kind, *counts in db.session.execute(task_query)}
    for kind in (TaskKind.CALLBACK.value, TaskKind.QUESTION.value):
        rows.append(WorkRow(kind, *per_kind.get(kind, (0, 0, 0, 0))))
    return OverdueWork(now, rows)


def _tally(overdue, unowned) -> list:
    """Open, overdue, unowned and overdue-and-unowned counts, each 0 when nothing matches."""

    def count_where(condition):
        return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)

    return [func.count(), count_where(overdue), count_where(unowned), count_where(and_(overdue, unowned))]
