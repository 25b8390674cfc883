"""Contact figures: the channel mix per period and first-contact resolution."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import case, func, or_, select, union
from sqlalchemy.orm import aliased

from crm.extensions import db
from crm.models import Channel, Contact, Direction, Outcome, Task, TaskKind, utcnow
from crm.services.insight.periods import Period, PeriodUnit, bucket_of, periods, within
from crm.services.insight.selection import Selection
from crm.services.insight.timeshift import hours_after


@dataclass(frozen=True)
class ChannelCount:
    code: str
    name: str
    counts: list[int]


@dataclass(frozen=True)
class ChannelMix:
    """Inbound contacts per channel per period; ``shares()`` gives the channel shift."""

    periods: list[Period]
    channels: list[ChannelCount]

    @property
    def totals(self) -> list[int]:
        return [sum(channel.counts[i] for channel in self.channels) for i in range(len(self.periods))]

    def shares(self) -> dict[str, list[float | None]]:
        """Per channel code, its share (0..1) of each period's contacts; None for an empty period."""
        totals = self.totals
        return {
            channel.code: [count / total if total else None for count, total in zip(channel.counts, totals)]
            for channel in self.channels
        }

    def as_dict(self) -> dict:
        shares = self.shares()
        return {
            "periods": [period.as_dict() for period in self.periods],
            "channels": [
                {"code": c.code, "name": c.name, "counts": c.counts, "shares": shares[c.code]}
                for c in self.channels
            ],
            "totals": self.totals,
        }


def contacts_per_channel(selection: Selection, unit: PeriodUnit = PeriodUnit.WEEK) -> ChannelMix:
    """Count inbound contacts per channel per week (or month, quarter), empty periods as zero.

    Every active channel is listed, also one without contacts; an inactive channel only
    when it still has contacts in the range.
    """
    buckets = periods(selection.first_day, selection.last_day, unit)
    inbound = (
        select(bucket_of(Contact.occurred_at, buckets).label("bucket"), Contact.channel_id)
        .where(within(Contact.occurred_at, buckets), Contact.direction == Direction.INBOUND.value)
        .where(*_contact_scope(selection))
        .subquery()
    )
    # Grouping on the subquery's column rather than on the CASE itself: PostgreSQL would see
    # the CASE in SELECT and in GROUP BY as different expressions (their parameters differ).
    rows = db.session.execute(
        select(inbound.c.bucket, inbound.c.channel_id, func.count()).group_by(inbound.c.bucket, inbound.c.channel_id)
    )
    counts: dict[int, list[int]] = {}
    for bucket, channel_id, count in rows:
        counts.setdefault(channel_id, [0] * len(buckets))[bucket] = count
    channels = db.session.scalars(select(Channel).order_by(Channel.sort_order, Channel.id))
    return ChannelMix(
        buckets,
        [
            ChannelCount(channel.code, channel.name, counts.get(channel.id, [0] * len(buckets)))
            for channel in channels
            if channel.active or channel.id in counts
        ],
    )


def channel_shift(selection: Selection) -> ChannelMix:
    """The channel mix per month (or the selection's unit), to read as shares: is web taking over?"""
    return contacts_per_channel(selection, selection.shift_unit)


@dataclass(frozen=True)
class ResolutionRow:
    """One period: judged contacts, those resolved at first contact, and those not judged."""

    contacts: int
    resolved: int
    anonymous: int
    provisional: bool

    @property
    def share(self) -> float | None:
        return self.resolved / self.contacts if self.contacts else None

    def as_dict(self) -> dict:
        return {
            "contacts": self.contacts,
            "resolved": self.resolved,
            "share": self.share,
            "anonymous": self.anonymous,
            "provisional": self.provisional,
        }


@dataclass(frozen=True)
class FirstContactResolution:
    periods: list[Period]
    rows: list[ResolutionRow]
    follow_up_days: int

    @property
    def total(self) -> ResolutionRow:
        return ResolutionRow(
            sum(row.contacts for row in self.rows),
            sum(row.resolved for row in self.rows),
            sum(row.anonymous for row in self.rows),
            any(row.provisional for row in self.rows),
        )

    def as_dict(self) -> dict:
        return {
            "follow_up_days": self.follow_up_days,
            "periods": [period.as_dict() for period in self.periods],
            "rows": [row.as_dict() for row in self.rows],
            "total": self.total.as_dict(),
        }


def first_contact_resolution(selection: Selection, now: datetime | None = None) -> FirstContactResolution:
    """Per week, how many inbound contacts were resolved at first contact.

    A contact counts as resolved unless, within ``follow_up_days`` × 24 hours after it, the
    same party contacted the municipality again (any channel, any department), or a callback
    request was made from it or for that party, or its outcome was "niet gelukt" or
    "contactverzoek gemaakt". Contacts without a known party cannot be judged and are
    counted apart. A week whose window has not yet passed is marked provisional.
    """
    now = now or utcnow()
    buckets = periods(selection.first_day, selection.last_day, PeriodUnit.WEEK)
    not_resolved = or_(
        Contact.outcome.in_([Outcome.FAILED.value, Outcome.CALLBACK_REQUESTED.value]),
        Contact.id.in_(_followed_up(selection, buckets)),
    )
    judged = (
        select(
            bucket_of(Contact.occurred_at, buckets).label("bucket"),
            case(
                (Contact.party_id.is_(None), "anonymous"),
                (not_resolved, "followed_up"),
                else_="resolved",
            ).label("result"),
        )
        .where(within(Contact.occurred_at, buckets), Contact.direction == Direction.INBOUND.value)
        .where(*_contact_scope(selection))
        .subquery()
    )
    tally = {(i, result): 0 for i in range(len(buckets)) for result in ("anonymous", "followed_up", "resolved")}
    for bucket, result, count in db.session.execute(
        select(judged.c.bucket, judged.c.result, func.count()).group_by(judged.c.bucket, judged.c.result)
    ):
        tally[bucket, result] = count
    window = timedelta(days=selection.follow_up_days)
    rows = [
        ResolutionRow(
            contacts=tally[i, "resolved"] + tally[i, "followed_up"],
            resolved=tally[i, "resolved"],
            anonymous=tally[i, "anonymous"],
            provisional=bucket.end + window > now,
        )
        for i, bucket in enumerate(buckets)
    ]
    return FirstContactResolution(buckets, rows, selection.follow_up_days)


def _followed_up(selection: Selection, buckets: list[Period]):
    """Ids of the selected inbound contacts that a return contact or a callback request followed.

    One uncorrelated UNION that the database computes once (as a hash join each), rather
    than three lookups per contact: on a large municipality that is the difference between
    tens of milliseconds and seconds. The outer bounds on the later rows only help the
    planner; the join conditions decide.
    """
    hours = selection.follow_up_days * 24
    first, later = aliased(Contact), aliased(Contact)
    window_end = hours_after(first.occurred_at, hours)
    last_moment = buckets[-1].end + timedelta(hours=hours)
    selected = [within(first.occurred_at, buckets), first.direction == Direction.INBOUND.value, first.party_id.is_not(None)]
    if selection.department_id is not None:
        selected.append(first.department_id == selection.department_id)
    came_back = (
        select(first.id)
        .join(later, later.party_id == first.party_id)
        .where(*selected)
        .where(
            later.direction == Direction.INBOUND.value,
            later.occurred_at >= buckets[0].start,
            later.occurred_at <= last_moment,
            later.occurred_at >= first.occurred_at,
            later.occurred_at <= window_end,
            or_(later.occurred_at > first.occurred_at, later.id > first.id),
        )
    )
    callback_for_party = (
        select(first.id)
        .join(Task, Task.party_id == first.party_id)
        .where(*selected)
        .where(
            Task.kind == TaskKind.CALLBACK.value,
            Task.created_at >= buckets[0].start,
            Task.created_at <= last_moment,
            Task.created_at >= first.occurred_at,
            Task.created_at <= window_end,
        )
    )
    # A callback made from the contact itself: created at or after it, so the lower bound holds.
    callback_from_contact = select(Task.contact_id).where(
        Task.kind == TaskKind.CALLBACK.value,
        Task.contact_id.is_not(None),
        Task.created_at >= buckets[0].start,
    )
    return union(came_back, callback_for_party, callback_from_contact)


def _contact_scope(selection: Selection) -> list:
    if selection.department_id is None:
        return []
    return [Contact.department_id == selection.department_id]
