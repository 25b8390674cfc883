"""A case's life in the past: opened from a contact, assigned, worked on, handed over, closed.

Each case is given a fate first (closed, in progress, suspended, received with or without an
owner, handed back to the queue), and some open ones are overdue; the steps towards that fate
then happen through the case services at plausible working-hour moments.
"""

from datetime import datetime, timedelta

from sqlalchemy import bindparam, select, update

from crm.demo.case_phrases import (
    CASE_SUBJECTS,
    CLOSING_REASONS,
    CROSS_TRANSFERS,
    DECISION_CONTACTS,
    DEFAULT_SUSPEND_REASONS,
    FOLLOW_UPS,
    HANDOVER_NOTES,
    RESUME_REASONS,
    START_REASONS,
    SUSPEND_REASONS,
    UNASSIGN_NOTES,
)
from crm.demo.clock import HISTORY_DAYS, OFFICE_CHANNELS
from crm.demo.organisation import CASE_TYPE_SPECS, HANDLERS, STAFF, TEAM_LEADS
from crm.demo.phrases import RESOLVED, Exchange
from crm.extensions import db
from crm.models import Case, CaseStatus, Counter, Direction, OutboxEntry
from crm.services.cases import assign_case, open_case, set_case_status, transfer_case, unassign_case
from crm.services.outbox import EVENTS_TOPIC
from crm.workdays import AMSTERDAM

FATES = {"closed": 55, "in_progress": 17, "suspended": 8, "received": 5, "unowned": 10, "returned": 5}
OVERDUE_SHARE = 0.35
# The share of a case's time each step takes: picking up is quick, a decision takes longest.
STEP_WEIGHTS = {
    "assign": 1, "unassign": 3, "start": 1, "handover": 3, "transfer": 3, "suspend": 3,
    "resume": 3, "close": 4, "follow_up": 3, "decision": 0.3,
}
FIRST_NAMES = {spec.username: spec.full_name.split()[0] for spec in STAFF}
GENERIC_CLOSING = "Afgehandeld; aanvrager geïnformeerd."


class CaseStory:
    """The story of one case of a topic's case type for one party."""

    def __init__(self, history, party_id: int, topic):
        self.history = history
        self.rng = history.rng
        self.clock = history.clock
        self.cast = history.cast
        self.party_id = party_id
        self.topic = topic
        self.spec = CASE_TYPE_SPECS[topic.case_type]
        self.department = self.spec.department
        self.owner: str | None = None
        self.case_id: int | None = None
        self.last = None

    def write(self) -> None:
        """Open the case from a first contact, then take the steps towards its fate."""
        rng, clock = self.rng, self.clock
        fate = rng.choices(list(FATES), weights=list(FATES.values()))[0]
        term = timedelta(days=self.spec.legal_term_days)
        if fate == "closed":
            length = term * rng.uniform(0.3, 1.1)
            start = clock.ago(days=rng.uniform(length.days + 1, HISTORY_DAYS))
            end = start + length
        elif rng.random() < OVERDUE_SHARE:
            start, end = clock.now - term - timedelta(days=rng.uniform(2, 45)), clock.now
        else:
            start, end = clock.now - term * rng.uniform(0.05, 0.8), clock.now
        opened_at = self._open(start, end)
        steps = self._plan(fate)
        weights = [STEP_WEIGHTS[step] for step in steps]
        for step, when in zip(steps, clock.steps(opened_at, end, weights)):
            clock.current = when
            getattr(self, f"_{step}")(when)
            self.last = when

    def _plan(self, fate: str) -> list[str]:
        rng = self.rng
        steps = {
            "unowned": [],
            "received": ["assign"],
            "returned": ["assign", "unassign"],
            "in_progress": ["assign", "start"],
            "suspended": ["assign", "start", "suspend"],
            "closed": ["assign", "start", "close"],
        }[fate]
        if fate in ("in_progress", "closed") and rng.random() < 0.25:
            if self.spec.code in CROSS_TRANSFERS and rng.random() < 0.5:
                steps[2:2] = ["transfer", "assign"]
            else:
                steps[2:2] = ["handover"]
        if fate == "closed" and rng.random() < 0.3:
            steps[-1:-1] = ["suspend", "resume"]
        for _ in range(rng.choice((0, 0, 1, 1, 2))):
            steps.insert(rng.randint(0, len(steps)), "follow_up")
        if fate == "closed" and rng.random() < 0.5:
            steps.append("decision")
        return steps

    def _open(self, start: datetime, end: datetime) -> datetime:
        """Record the contact that starts it all and open the case from it."""
        rng, clock, history = self.rng, self.clock, self.history
        channel, moment = history.channel_and_moment(start, min(start + timedelta(days=2), end))
        exchange = rng.choice(self.topic.exchanges)
        department, handler = history.first_line(self.topic, channel)
        contact = history.record(
            self.party_id, channel, moment, exchange, department, handler,
            outcome=exchange.outcome if handler else None, answer=None if handler else "",
            confidential=history.sensitive(self.topic, department),
        )
        if channel in OFFICE_CHANNELS:
            opened_at = min(moment + timedelta(minutes=rng.randint(2, 15)), clock.now - timedelta(seconds=1))
        else:
            # E-mail and web forms are picked up by the back office in office hours.
            opened_at = clock.moment(moment, min(moment + timedelta(days=3), end)) or moment
        opener = handler or history.handler(self.department)
        clock.current = self.last = opened_at
        case = open_case(
            self.cast.case_types[self.spec.code],
            history.fill(rng.choice(CASE_SUBJECTS[self.spec.code]), self.party_id),
            self.cast.user(opener),
            party_id=self.party_id,
            description=history.fill(exchange.question, self.party_id),
            deadline=(opened_at + timedelta(days=self.spec.legal_term_days)).astimezone(AMSTERDAM).date(),
            contact_id=contact.id,
        )
        self.case_id = case.id
        return opened_at

    def _user(self, username: str):
        return self.cast.user(username)

    def _assign(self, when: datetime) -> None:
        self.owner = self.history.handler(self.department)
        # Half the time the owner picks the case from the queue; otherwise the team lead assigns it.
        actor = self.owner if self.rng.random() < 0.5 else TEAM_LEADS[self.department]
        assign_case(self.case_id, self.cast.staff[self.owner], self._user(actor))

    def _unassign(self, when: datetime) -> None:
        unassign_case(self.case_id, self._user(TEAM_LEADS[self.department]), self.rng.choice(UNASSIGN_NOTES))
        self.owner = None

    def _start(self, when: datetime) -> None:
        self._status(CaseStatus.IN_PROGRESS, self.rng.choice(START_REASONS))

    def _handover(self, when: datetime) -> None:
        colleague = self.rng.choice(sorted(set(HANDLERS[self.department]) - {self.owner}))
        note = self.rng.choice(HANDOVER_NOTES).format(name=FIRST_NAMES[colleague])
        transfer_case(self.case_id, self._user(self.owner), note, to_owner_id=self.cast.staff[colleague])
        self.owner = colleague

    def _transfer(self, when: datetime) -> None:
        department, note = CROSS_TRANSFERS[self.spec.code]
        transfer_case(self.case_id, self._user(self.owner), note, to_department_id=self.cast.departments[department])
        self.department, self.owner = department, None

    def _suspend(self, when: datetime) -> None:
        reasons = SUSPEND_REASONS.get(self.spec.code, DEFAULT_SUSPEND_REASONS)
        self._status(CaseStatus.SUSPENDED, self.rng.choice(reasons))

    def _resume(self, when: datetime) -> None:
        self._status(CaseStatus.IN_PROGRESS, self.rng.choice(RESUME_REASONS))

    def _close(self, when: datetime) -> None:
        reasons = CLOSING_REASONS[self.spec.code] if self.department == self.spec.department else (GENERIC_CLOSING,)
        self._status(CaseStatus.CLOSED, self.rng.choice(reasons))

    def _status(self, status: CaseStatus, reason: str) -> None:
        set_case_status(self.case_id, status.value, reason, self._user(self.owner))

    def _follow_up(self, when: datetime) -> None:
        """The citizen asks after the case, on whatever channel suits them."""
        history = self.history
        channel, moment = history.channel_and_moment(max(self.last, when - timedelta(days=2)), when)
        department, handler = history.first_line(self.topic, channel)
        history.record(
            self.party_id, channel, moment, self._about_case(self.rng.choice(FOLLOW_UPS)), department, handler,
            outcome=None if handler is None else RESOLVED, answer=None if handler else "",
            case_id=self.case_id, confidential=history.sensitive(self.topic, department),
        )

    def _decision(self, when: datetime) -> None:
        """The owner explains the decision by phone or sends it by post."""
        exchange = self.rng.choice(DECISION_CONTACTS)
        channel = "telefoon" if exchange is DECISION_CONTACTS[0] else "post"
        self.history.record(
            self.party_id, channel, when, self._about_case(exchange), self.department, self.owner,
            outcome=RESOLVED, direction=Direction.OUTBOUND.value, case_id=self.case_id,
        )

    def _about_case(self, exchange: Exchange) -> Exchange:
        return Exchange(*(text.replace("{case}", self.spec.phrase) for text in exchange))


def number_cases_by_year() -> None:
    """Give every case the number it would have had in the year it was opened.

    The case service numbers a case by the year it runs in, so every demo case would get a
    number of this year. Renumbered in order of opening, the counters continue after the
    highest number of each year, and the case events waiting in the outbox carry the new
    number. Plain UPDATEs keep each case's version in step with its recorded events.
    """
    table = Case.__table__
    cases = db.session.execute(select(Case.id, Case.opened_at).order_by(Case.opened_at, Case.id)).all()
    renumber = update(table).where(table.c.id == bindparam("case_id")).values(
        number=bindparam("new_number"), updated_at=table.c.updated_at
    )
    # First out of the way: a new number may still be held by a case that moves later.
    db.session.execute(renumber, [{"case_id": case_id, "new_number": f"D-{case_id}"} for case_id, _ in cases])
    per_year: dict[int, int] = {}
    numbers = {}
    for case_id, opened_at in cases:
        per_year[opened_at.year] = per_year.get(opened_at.year, 0) + 1
        numbers[case_id] = f"Z-{opened_at.year}-{per_year[opened_at.year]:06d}"
    db.session.execute(renumber, [{"case_id": case_id, "new_number": number} for case_id, number in numbers.items()])
    for year, value in per_year.items():
        counter = db.session.get(Counter, f"case-{year}")
        if counter is None:
            counter = Counter(name=f"case-{year}")
            db.session.add(counter)
        counter.value = value
    pending = select(OutboxEntry).where(OutboxEntry.topic == EVENTS_TOPIC, OutboxEntry.entity == "case")
    for entry in db.session.scalars(pending):
        data = dict(entry.payload.get("data", {}), number=numbers[entry.entity_id])
        entry.payload = dict(entry.payload, data=data)
