"""Two years of contacts on all six channels, with the cases and callback requests they led to.

Everything goes through the services, so the history is exactly what real use would have
stored (outbox entries, confidentiality, events). Before each service call the story sets the
clock to the moment it happens (``clock.current``); see crm/demo/clock.py.
"""

import random
from datetime import datetime

from sqlalchemy import select

from crm.demo.case_history import CaseStory
from crm.demo.clock import HISTORY_DAYS, DemoClock
from crm.demo.organisation import HANDLERS, Cast
from crm.demo.phrases import (
    CALLBACK_ANSWER,
    CALLBACK_DONE,
    CALLBACK_FAILED,
    CALLBACK_NOTES,
    FORWARD_NOTES,
    TOPICS,
    Exchange,
    Topic,
)
from crm.demo.population import STREETS, Population
from crm.extensions import db
from crm.models import Department, Direction, Outcome, Party, StaffUser, Team
from crm.services.contacts import ContactInput, record_contact
from crm.services.tasks import create_task, forward_task, pick_up_task, record_callback
from crm.workdays import add_working_hours

TARGET_CONTACTS = 2000
# Stories about the demo citizen, enough for a timeline of about 150 items.
DEMO_CITIZEN_STORIES = 44
# The channel mix of a Dutch municipality: the phone still carries the most.
CHANNEL_MIX = {"telefoon": 42, "e-mail": 20, "webformulier": 14, "balie": 12, "chat": 8, "post": 4}
FRONT_OFFICE_CHANNELS = {"telefoon", "balie", "chat"}
TASK_FATES = {"done": 70, "overdue": 11, "fresh": 11, "in_progress": 8}
DROPPED_ANSWER = "Verbinding verbroken voordat de vraag beantwoord was."
COMMIT_EVERY = 200


class History:
    """Writes the stories; ``contacts`` counts the contacts recorded so far."""

    def __init__(self, rng: random.Random, clock: DemoClock, cast: Cast, population: Population):
        self.rng = rng
        self.clock = clock
        self.cast = cast
        self.population = population
        self.contacts = 0
        self.department_names = {d.code: d.name for d in db.session.scalars(select(Department))}
        # The session's identity map holds objects weakly; keeping the ones every service looks
        # up (db.session.get) saves a SELECT per look-up.
        self._loaded = [
            *db.session.scalars(select(Party)), *db.session.scalars(select(StaffUser)),
            *db.session.scalars(select(Department)), *db.session.scalars(select(Team)),
        ]
        # A few people call very often, most only once or twice (a long tail, like real life).
        self.person_weights = [1 / (rank + 1) ** 0.35 for rank in range(len(population.persons))]

    def write(self) -> None:
        """Write the demo citizen's stories, then stories of everyone until the contacts are there."""
        for _ in range(DEMO_CITIZEN_STORIES):
            self.story(self.population.demo_citizen, case_share=0.35, task_share=0.2)
        since_commit = 0
        while self.contacts < TARGET_CONTACTS:
            before = self.contacts
            self.story()
            since_commit += self.contacts - before
            if since_commit >= COMMIT_EVERY:
                db.session.commit()
                since_commit = 0
        db.session.commit()

    def story(self, party_id: int | None = None, case_share: float = 0.15, task_share: float = 0.07) -> None:
        """One citizen's question: a single contact, or one that leads to a case or a callback."""
        rng = self.rng
        anonymous_allowed = party_id is None
        if party_id is None:
            party_id = self._party()
        is_business = party_id in self.population.businesses
        topics = [t for t in TOPICS if t.businesses or not is_business]
        topic = rng.choices(topics, weights=[t.weight for t in topics])[0]
        draw = rng.random()
        if topic.case_type and draw < case_share:
            CaseStory(self, party_id, topic).write()
        elif draw < case_share + task_share:
            self._callback_story(party_id, topic)
        else:
            if anonymous_allowed and topic.department == "kcc" and rng.random() < 0.15:
                party_id = None
            self._single_contact(party_id, topic)

    def _party(self) -> int:
        if self.rng.random() < 0.12:
            return self.rng.choice(self.population.businesses)
        return self.rng.choices(self.population.persons, weights=self.person_weights)[0]

    def channel(self) -> str:
        return self.rng.choices(list(CHANNEL_MIX), weights=list(CHANNEL_MIX.values()))[0]

    def channel_and_moment(self, start: datetime, end: datetime) -> tuple[str, datetime]:
        """A channel from the mix and a moment it is in use; out of office hours that is the web."""
        channel = self.channel()
        moment = self.clock.moment(start, end, channel)
        if moment is None:
            channel = "webformulier"
            moment = self.clock.moment(start, end, channel) or start
        return channel, moment

    def first_line(self, topic: Topic, channel: str) -> tuple[str, str | None]:
        """Which department and who handles an incoming contact on this channel.

        Phone, counter and chat land at the KCC (burgerzaken has its own counter); web forms
        reach the back office without a handler; e-mail and post go to the back office.
        """
        if channel == "balie" and topic.department == "burgerzaken":
            return "burgerzaken", self.handler("burgerzaken")
        if channel in FRONT_OFFICE_CHANNELS and (topic.department == "kcc" or self.rng.random() < 0.85):
            return "kcc", self.handler("kcc")
        if channel == "webformulier":
            return topic.department, None
        return topic.department, self.handler(topic.department)

    def handler(self, department: str) -> str:
        return self.rng.choice(HANDLERS[department])

    def fill(self, text: str, party_id: int | None) -> str:
        """Put the party's own street and house number into a phrase."""
        street, number = self.population.streets.get(party_id) or (self.rng.choice(STREETS), self.rng.randint(1, 90))
        return text.format(street=street, number=number)

    def record(
        self,
        party_id: int | None,
        channel: str,
        moment: datetime,
        exchange: Exchange,
        department: str,
        handler: str | None,
        *,
        outcome: str | None = None,
        answer: str | None = None,
        direction: str = Direction.INBOUND.value,
        case_id: int | None = None,
        confidential: bool = False,
    ):
        """Record one contact through the contact service, at a moment in the past."""
        data = ContactInput(
            channel=channel,
            subject=self.fill(exchange.subject, party_id),
            party_id=party_id,
            direction=direction,
            occurred_at=moment,
            content=self.fill(exchange.question, party_id),
            answer=self.fill(exchange.answer if answer is None else answer, party_id),
            outcome=outcome,
            confidential=confidential,
            department_id=self.cast.departments[department],
            duration_seconds=self._duration(channel),
            case_id=case_id,
        )
        actor = self.cast.user(handler) if handler else None
        contact = record_contact(data, actor, commit=False)
        # record_contact inserts the row itself (not through a flush the clock could backdate).
        contact.created_at = contact.occurred_at
        self.contacts += 1
        return contact

    def _duration(self, channel: str) -> int | None:
        spread = {"telefoon": 5.5, "balie": 6.2, "chat": 6.0}
        if channel not in spread:
            return None
        return int(self.rng.lognormvariate(spread[channel], 0.5))

    def _single_contact(self, party_id: int | None, topic: Topic) -> None:
        channel, moment = self.channel_and_moment(self.clock.ago(days=HISTORY_DAYS), self.clock.now)
        exchange = self.rng.choice(topic.exchanges)
        department, handler = self.first_line(topic, channel)
        outcome, answer = exchange.outcome, None
        if handler is None:
            outcome, answer = None, ""  # a web form waits for the back office
        elif channel in {"telefoon", "chat"} and self.rng.random() < 0.04:
            outcome, answer = Outcome.FAILED.value, DROPPED_ANSWER
        self.record(
            party_id, channel, moment, exchange, department, handler,
            outcome=outcome, answer=answer, confidential=self.sensitive(topic, department),
        )

    def sensitive(self, topic: Topic, department: str) -> bool:
        """A KCC contact about a social-domain topic is marked confidential by the agent."""
        return department == "kcc" and topic.department == "sociaal-domein"

    def _callback_story(self, party_id: int, topic: Topic) -> None:
        """A question the first line could not answer: a callback request and what became of it."""
        rng, clock = self.rng, self.clock
        fate = rng.choices(list(TASK_FATES), weights=list(TASK_FATES.values()))[0]
        channel = rng.choice(("telefoon",) * 6 + ("chat", "balie", "e-mail"))
        latest = {
            "done": clock.ago(days=rng.uniform(6, HISTORY_DAYS)),
            "overdue": clock.ago(days=rng.uniform(5, 21)),
            "fresh": clock.ago(hours=rng.uniform(1, 30)),
            "in_progress": clock.ago(days=rng.uniform(0.5, 6)),
        }[fate]
        moment = clock.moment_before(latest, channel)
        exchange = rng.choice(topic.exchanges)
        department, handler = self.first_line(topic, channel)
        handler = handler or self.handler(department)
        target = topic.department
        # The KCC sometimes parks a callback in its own queue before passing it on.
        first_queue = "kcc" if target != "kcc" and fate == "done" and rng.random() < 0.25 else target
        contact = self.record(
            party_id, channel, moment, exchange, department, handler,
            outcome=Outcome.CALLBACK_REQUESTED.value,
            answer=CALLBACK_ANSWER.format(department=self.department_names[first_queue]),
            confidential=self.sensitive(topic, department),
        )
        teams = self.cast.department_teams.get(first_queue, [])
        clock.current = moment
        task = create_task(
            f"Terugbellen: {self.fill(exchange.subject, party_id)}",
            self.cast.departments[first_queue],
            self.cast.user(handler),
            note=f"{rng.choice(CALLBACK_NOTES)} {self.fill(exchange.question, party_id)}",
            reach_via=self.population.phones.get(party_id, ""),
            team_id=rng.choice(teams) if teams and rng.random() < 0.5 else None,
            party_id=party_id,
            contact_id=contact.id,
        )

        steps = {
            "done": ["forward"] * (first_queue != target) + ["failed"] * (rng.random() < 0.3) + ["done"],
            "overdue": rng.choice(([], ["pick_up"], ["failed"])),
            "fresh": [],
            "in_progress": ["pick_up"] + ["failed"] * (rng.random() < 0.5),
        }[fate]
        end = add_working_hours(moment, rng.uniform(2, 60)) if fate == "done" else clock.now
        end = min(end, clock.now)
        queue, assignee = first_queue, None
        for step, when in zip(steps, clock.steps(moment, end, [1.0] * len(steps))):
            clock.current = when
            if step == "forward":
                queue = target
                forward_task(
                    task.id, self.cast.user(handler),
                    rng.choice(FORWARD_NOTES).format(department=self.department_names[queue]),
                    department_id=self.cast.departments[queue],
                )
            else:
                assignee = assignee or self.handler(queue)
                actor = self.cast.user(assignee)
                if step == "pick_up":
                    pick_up_task(task.id, actor)
                else:
                    self._call_back(task, party_id, queue, assignee, when, exchange, resolved=step == "done")

    def _call_back(self, task, party_id: int, queue: str, assignee: str, when: datetime,
                   exchange: Exchange, *, resolved: bool) -> None:
        """A callback attempt: the task records it, and the call is an outgoing contact."""
        note = self.rng.choice(CALLBACK_DONE if resolved else CALLBACK_FAILED)
        outcome = Outcome.RESOLVED.value if resolved else Outcome.FAILED.value
        self.record(
            party_id, "telefoon", when,
            Exchange(f"Teruggebeld: {exchange.subject}", exchange.question, note),
            queue, assignee, outcome=outcome, direction=Direction.OUTBOUND.value,
        )
        record_callback(task.id, self.cast.user(assignee), outcome, note)

