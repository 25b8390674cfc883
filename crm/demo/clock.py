"""Plausible moments in the past: phones and the counter in office hours, e-mail mostly by day."""

import random
from datetime import datetime, time, timedelta

from crm.workdays import AMSTERDAM, is_working_day

OFFICE_OPENS = time(8, 30)
OFFICE_CLOSES = time(17, 0)
# Channels staffed in office hours (post is registered when it is opened); web forms and
# e-mail arrive at any time.
OFFICE_CHANNELS = {"telefoon", "balie", "chat", "post"}


class DemoClock:
    """Draws moments before ``now`` from a seeded random generator."""

    def __init__(self, rng: random.Random, now: datetime):
        self.rng = rng
        self.now = now

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
