"""What a set of figures is about: one department or all, a date range, and the settings."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from crm.extensions import db
from crm.models import Department, utcnow
from crm.services.insight.periods import PeriodUnit, local_today
from crm.validation import InvalidInput

# A dashboard covers at most about two years, so a chart stays readable and a query bounded.
MAX_DAYS = 2 * 366
DEFAULT_WEEKS = 13
DEFAULT_FOLLOW_UP_DAYS = 7
MAX_FOLLOW_UP_DAYS = 90


@dataclass(frozen=True)
class Selection:
    """``department_id`` None means the whole municipality; both days are local and inclusive."""

    department_id: int | None
    first_day: date
    last_day: date
    follow_up_days: int = DEFAULT_FOLLOW_UP_DAYS
    shift_unit: PeriodUnit = PeriodUnit.MONTH

    def as_dict(self) -> dict:
        return {
            "department_id": self.department_id,
            "start": self.first_day.isoformat(),
            "end": self.last_day.isoformat(),
            "follow_up_days": self.follow_up_days,
            "shift_unit": self.shift_unit.value,
        }


def default_selection(department_id: int | None = None, now: datetime | None = None) -> Selection:
    """The last thirteen weeks: from Monday twelve weeks ago up to and including today."""
    today = local_today(now or utcnow())
    monday = today - timedelta(days=today.weekday())
    return Selection(department_id, monday - timedelta(weeks=DEFAULT_WEEKS - 1), today)


def make_selection(
    department_id: int | None,
    first_day: date,
    last_day: date,
    follow_up_days: int = DEFAULT_FOLLOW_UP_DAYS,
    shift_unit: str = PeriodUnit.MONTH.value,
) -> Selection:
    """Check what was asked for and return it as a :class:`Selection` (or raise InvalidInput)."""
    if department_id is not None and db.session.get(Department, department_id) is None:
        raise InvalidInput("unknown_department", "Onbekende afdeling.", "department")
    if last_day < first_day:
        raise InvalidInput("end_before_start", "De einddatum ligt vóór de begindatum.", "end")
    if (last_day - first_day).days >= MAX_DAYS:
        raise InvalidInput("range_too_long", "Kies een periode van hoogstens twee jaar.", "end")
    if not 1 <= follow_up_days <= MAX_FOLLOW_UP_DAYS:
        raise InvalidInput(
            "invalid_follow_up_days",
            f"Kies een termijn van 1 tot en met {MAX_FOLLOW_UP_DAYS} dagen.",
            "follow_up_days",
        )
    try:
        unit = PeriodUnit(shift_unit)
    except ValueError:
        raise InvalidInput("invalid_shift_unit", "Kies week, maand of kwartaal.", "shift_unit") from None
    return Selection(department_id, first_day, last_day, follow_up_days, unit)
