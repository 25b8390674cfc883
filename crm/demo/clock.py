"""The demo's clock: plausible moments in the past, and the moment the story is at.

The services stamp what they write with the current time. While the demo seeds, its session
runs :meth:`DemoClock.backdate` before every flush, which gives what a service is about to
write the moment the story is at (``DemoClock.current``) instead: the opened case, the case
or task event, the closing time. That is the service's own work, only dated in the past.
"""

import random
from datetime import datetime, time, timedelta

from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import get_history

from crm.models import Case, CaseEvent, Contact, Party, StaffUser, Task, TaskEvent
from crm.workdays import AMSTERDAM, add_working_hours, is_working_day

# The history covers two years; people and staff were registered up to five years ago.
HISTORY_DAYS = 730
REGISTERED_BEFORE_DAYS = 5 * 365
OFFICE_OPENS = time(8, 30)
OFFICE_CLOSES = time(17, 0)
# Channels staffed in office hours (post is registered when it is opened); web forms and
# e-mail arrive at any time.
OFFICE_CHANNELS = {"telefoon", "balie", "chat", "post"}


class DemoClock:
    """Draws moments before ``now`` from a seeded random generator and backdates what is written."""

    def __init__(self, rng: random.Random, now: datetime, norm_hours: float):
        self.rng = rng
        self.now = now
        self.norm_hours = norm_hours
        # The moment the story is at: what the services write now is dated at this moment.
        self.current = now

    def backdate(self, session: Session, _flush_context, _instances) -> None:
        """Date what is about to be written at ``current`` (a ``before_flush`` listener)."""
        moment = self.current
        for record in session.new:
            if isinstance(record, (CaseEvent, TaskEvent)):
                record.occurred_at = moment
            elif isinstance(record, Case):
                record.opened_at = record.updated_at = moment
            elif isinstance(record, Task):
                record.created_at = moment
                record.due_at = add_working_hours(moment, self.norm_hours)
            elif isinstance(record, Contact):
                record.created_at = record.occurred_at
            elif isinstance(record, (Party, StaffUser)):
                record.created_at = moment
        for record in session.dirty:
            # A record is "dirty" when only a collection of it changed; that writes no row.
            if not session.is_modified(record, include_collections=False):
                continue
            if isinstance(record, Case):
                record.updated_at = moment
                if _was_set(record, "closed_at"):
                    record.closed_at = moment
            elif isinstance(record, Task) and _was_set(record, "completed_at"):
                record.completed_at = moment

    def ago(self, **delta) -> datetime:
        return self.now - timedelta(**delta)

    def moment(self, start: datetime, end: datetime, channel: str | None = None) -> datetime | None:
        """A random moment in [start, end) when the channel is in use; None if none was found.

        Without a channel the moment is one when staff work (office hours on working days).
        """
        end = min(end, self.now)
        if end <= start:
            return None
        office = channel is None or channel in OFFICE_CHANNELS
        for _ in range(60):
            moment = start + (end - start) * self.rng.random()
            local = moment.astimezone(AMSTERDAM)
            if office:
                if is_working_day(local.date()) and OFFICE_OPENS <= local.time() < OFFICE_CLOSES:
                    return moment
            elif 7 <= local.hour < 23 or self.rng.random() < 0.1:
                return moment
        return None

    def moment_before(self, latest: datetime, channel: str | None = None) -> datetime:
        """The latest plausible moment at or before ``latest``, searching back day by day."""
        for days in range(1, 15):
            moment = self.moment(latest - timedelta(days=days), latest - timedelta(days=days - 1), channel)
            if moment is not None:
                return moment
        return latest

    def moment_after(self, earliest: datetime, channel: str | None = None) -> datetime | None:
        """The first plausible day's moment after ``earliest``, searching on day by day."""
        for days in range(14):
            moment = self.moment(earliest + timedelta(days=days), earliest + timedelta(days=days + 1), channel)
            if moment is not None:
                return moment
        return None

    def steps(self, start: datetime, end: datetime, weights: list[float]) -> list[datetime]:
        """One increasing working-hours moment per step between start and end.

        The window is cut into consecutive slots, one per step, sized by the step's weight, so
        quick steps (picking a case up) come early and slow ones (a decision) take longer.
        """
        total = sum(weights) or 1.0
        moments, previous, used = [], start, 0.0
        for weight in weights:
            slot_start = max(previous, start + (end - start) * (used / total))
            used += weight
            slot_end = start + (end - start) * (used / total)
            moment = self.moment(slot_start, slot_end) or self.moment(slot_start, end) or self.moment_after(slot_start)
            if moment is None:
                moment = min(previous + timedelta(minutes=5), self.now - timedelta(seconds=1))
            moments.append(moment)
            previous = moment + timedelta(minutes=1)
        return moments


def _was_set(record, attribute: str) -> bool:
    """Whether a service gave the attribute a (new) value in this flush."""
    return any(value is not None for value in get_history(record, attribute).added)
