"""Contacts and what they led to: cases with their events, callback tasks with theirs.

Columns the app denormalises are filled the way the services fill them: a case event and a
task event carry the party and department of their case or task at that moment, a contact
in a confidential department or about a confidential case is confidential.
"""

from collections import Counter
from datetime import datetime, time, timedelta

from bench.generate import vocabulary
from bench.generate.organisation import Organisation
from bench.generate.writer import BulkWriter
from crm.models import (
    CaseEventKind,
    CaseStatus,
    Direction,
    Outcome,
    TaskEventKind,
    TaskKind,
    TaskStatus,
)
from crm.workdays import add_working_hours

CASE_SHARE = 0.10  # of contacts open a case
OUTCOMES = (
    (Outcome.RESOLVED.value,) * 68 + (Outcome.TRANSFERRED.value,) * 10
    + (Outcome.CALLBACK_REQUESTED.value,) * 8 + (Outcome.FAILED.value,) * 4 + (None,) * 10
)
CHANNELS = tuple(code for code, weight in vocabulary.CHANNEL_MIX.items() for _ in range(weight))
DURATIONS = {"telefoon": (60, 900), "balie": (120, 1200), "chat": (120, 1800)}
TASK_NORM_WORKING_HOURS = 48


class ActivityWriter:
    """Writes the contacts of one party (or anonymous ones) and the cases and tasks they open."""

    def __init__(self, writer: BulkWriter, rng, organisation: Organisation, channel_ids: dict[str, int],
                 start: datetime, end: datetime):
        self.writer = writer
        self.rng = rng
        self.organisation = organisation
        self.channel_ids = channel_ids
        self.start, self.end = start, end
        self.span_days = (end - start).days
        self.specialists = [d for code, d in organisation.department_ids.items() if code != "kcc"]
        self.kcc = organisation.department_ids["kcc"]
        self.department_codes = {ident: code for code, ident in organisation.department_ids.items()}
        self.contact_id = self.case_id = self.case_event_id = self.task_id = self.task_event_id = 0
        self.case_numbers: Counter = Counter()

    def write_contacts(self, party_id: int | None, count: int, reach_via: str = "") -> int:
        """Write ``count`` contacts for a party (None: anonymous); return its timeline items."""
        items = 0
        for _ in range(count):
            items += 1 + self._contact(party_id, reach_via)
        return items

    def _contact(self, party_id: int | None, reach_via: str) -> int:
        """Write one contact and its consequences; return the events it added to the timeline."""
        rng = self.rng
        organisation = self.organisation
        channel = rng.choice(CHANNELS)
        department = self.kcc if rng.random() < vocabulary.KCC_SHARE else rng.choice(self.specialists)
        code = self.department_codes[department]
        subject = rng.choice(vocabulary.SUBJECTS[code])
        day = self.start + timedelta(days=rng.randrange(self.span_days))
        occurred_at = datetime.combine(day.date(), time(7), day.tzinfo) + timedelta(seconds=rng.randrange(36_000))
        handler = rng.choice(organisation.staff_by_department[department])
        if channel == "webformulier" and rng.random() < 0.5:
            handler = None
        outcome = rng.choice(OUTCOMES)
        self.contact_id += 1
        contact_id = self.contact_id
        case_id, case_confidential, events = None, False, 0
        if party_id is not None and rng.random() < CASE_SHARE:
            case_id, case_confidential, events = self._case(party_id, department, handler, subject, occurred_at)
        duration = DURATIONS.get(channel)
        self.writer.add(
            "contact",
            {
                "id": contact_id,
                "party_id": party_id,
                "channel_id": self.channel_ids[channel],
                "direction": Direction.OUTBOUND.value if rng.random() < 0.12 else Direction.INBOUND.value,
                "occurred_at": occurred_at,
                "subject": subject,
                "content": f"{rng.choice(vocabulary.CONTENT_OPENINGS)} {subject.lower()}. {rng.choice(vocabulary.CONTENT_DETAILS)}",
                "answer": rng.choice(vocabulary.ANSWERS),
                "outcome": outcome,
                "confidential": (
                    department in organisation.confidential_departments or case_confidential or rng.random() < 0.01
                ),
                "handled_by_id": handler,
                "department_id": department,
                "duration_seconds": rng.randrange(*duration) if duration else None,
                "external_id": None if channel in ("balie", "post") else f"{channel}-{contact_id:09d}",
                "case_id": case_id,
                "created_at": occurred_at + timedelta(seconds=rng.randrange(30, 900)),
            },
        )
        if party_id is not None and outcome == Outcome.CALLBACK_REQUESTED.value:
            events += self._task(party_id, contact_id, department, handler, subject, occurred_at, reach_via)
        return events

    def _case(self, party_id, contact_department, handler, subject, opened_at) -> tuple[int, bool, int]:
        """Write a case opened from a contact, with its history; return (id, confidential, events)."""
        rng = self.rng
        organisation = self.organisation
        choices = organisation.case_types_by_department.get(contact_department) or organisation.all_case_types
        type_id, department, term, confidential = rng.choice(choices)
        confidential = confidential or department in organisation.confidential_departments
        owner = rng.choice(organisation.staff_by_department[department]) if rng.random() < 0.85 else None
        self.case_id += 1
        case_id = self.case_id
        self.case_numbers[opened_at.year] += 1
        # The history: opened, picked up after a few days, closed after about the legal term.
        steps = [(opened_at, CaseEventKind.OPENED, None, CaseStatus.RECEIVED.value, handler)]
        started = opened_at + timedelta(hours=rng.randrange(4, 120))
        closed = started + timedelta(days=rng.randrange(1, 2 * term + 2))
        if started < self.end:
            steps.append((started, CaseEventKind.STATUS_CHANGED, CaseStatus.RECEIVED.value, CaseStatus.IN_PROGRESS.value, owner))
        if closed < self.end and rng.random() < 0.95:
            steps.append((closed, CaseEventKind.STATUS_CHANGED, CaseStatus.IN_PROGRESS.value, CaseStatus.CLOSED.value, owner))
        status = steps[-1][3]
        self.writer.add(
            "case",
            {
                "id": case_id,
                "number": f"Z-{opened_at.year}-{self.case_numbers[opened_at.year]:06d}",
                "case_type_id": type_id,
                "party_id": party_id,
                "subject": subject,
                "description": "",
                "status": status,
                "owner_id": owner,
                "department_id": department,
                "confidential": confidential,
                "deadline": (opened_at + timedelta(days=term)).date(),
                "opened_at": opened_at,
                "closed_at": steps[-1][0] if status == CaseStatus.CLOSED.value else None,
                "updated_at": steps[-1][0],
                "version": len(steps),
            },
        )
        if contact_department != department:
            self.writer.add("case_department", {"case_id": case_id, "department_id": contact_department})
        for version, (moment, kind, from_status, to_status, actor) in enumerate(steps, start=1):
            self.case_event_id += 1
            self.writer.add(
                "case_event",
                {
                    "id": self.case_event_id, "case_id": case_id, "party_id": party_id,
                    "department_id": department, "kind": kind.value, "occurred_at": moment,
                    "actor_id": actor, "from_status": from_status, "to_status": to_status,
                    "from_owner_id": None, "to_owner_id": owner if kind == CaseEventKind.OPENED else None,
                    "from_department_id": None, "to_department_id": None, "note": "",
                    "case_version": version,
                },
            )
        return case_id, confidential, len(steps)

    def _task(self, party_id, contact_id, contact_department, handler, subject, contact_at, reach_via) -> int:
        """Write a callback request made during a contact, with its history; return its events."""
        rng = self.rng
        organisation = self.organisation
        department = contact_department if contact_department != self.kcc else rng.choice(self.specialists)
        created_at = contact_at + timedelta(seconds=rng.randrange(60, 600))
        due_at = add_working_hours(created_at, TASK_NORM_WORKING_HOURS)
        assignee = rng.choice(organisation.staff_by_department[department])
        steps = [(created_at, TaskEventKind.CREATED, handler, None)]
        picked_up = created_at + timedelta(hours=rng.randrange(1, 60))
        called = picked_up + timedelta(minutes=rng.randrange(5, 600))
        if picked_up < self.end:
            steps.append((picked_up, TaskEventKind.PICKED_UP, assignee, None))
        if called < self.end and rng.random() < 0.9:
            steps.append((called, TaskEventKind.CALLBACK_ATTEMPT, assignee, Outcome.RESOLVED.value))
            steps.append((called, TaskEventKind.COMPLETED, assignee, None))
        done = steps[-1][1] == TaskEventKind.COMPLETED
        status = TaskStatus.DONE if done else (TaskStatus.IN_PROGRESS if len(steps) > 1 else TaskStatus.OPEN)
        self.task_id += 1
        task_id = self.task_id
        self.writer.add(
            "task",
            {
                "id": task_id, "kind": TaskKind.CALLBACK.value, "party_id": party_id,
                "contact_id": contact_id, "case_id": None, "subject": f"Terugbellen: {subject}",
                "note": "Inwoner wil graag teruggebeld worden.", "reach_via": reach_via,
                "status": status.value, "department_id": department, "team_id": None,
                "assignee_id": assignee if len(steps) > 1 else None, "created_by_id": handler,
                "confidential": department in organisation.confidential_departments,
                "created_at": created_at, "due_at": due_at,
                "completed_at": steps[-1][0] if done else None, "version": len(steps),
            },
        )
        for moment, kind, actor, outcome in steps:
            self.task_event_id += 1
            self.writer.add(
                "task_event",
                {
                    "id": self.task_event_id, "task_id": task_id, "party_id": party_id,
                    "department_id": department, "kind": kind.value, "occurred_at": moment,
                    "actor_id": actor,
                    "to_department_id": department if kind == TaskEventKind.CREATED else None,
                    "to_assignee_id": assignee if kind == TaskEventKind.PICKED_UP else None,
                    "outcome": outcome, "note": "",
                },
            )
        return len(steps)

