"""Internal tasks: callback requests (contactverzoeken) and questions to a department, team or person."""

from datetime import datetime

from flask import current_app
from sqlalchemy.orm.exc import StaleDataError

from crm import permissions
from crm.extensions import db
from crm.models import (
    Department,
    Outcome,
    StaffUser,
    Task,
    TaskEvent,
    TaskEventKind,
    TaskKind,
    TaskStatus,
    Team,
    utcnow,
)
from crm.services.errors import Conflict, NotAllowed, NotFound
from crm.services.outbox import enqueue_event, enqueue_indexing
from crm.validation import InvalidInput, required_text
from crm.workdays import add_working_hours


def create_task(
    subject: str,
    department_id: int,
    actor: StaffUser | None,
    *,
    kind: str = TaskKind.CALLBACK.value,
    note: str = "",
    reach_via: str = "",
    team_id: int | None = None,
    assignee_id: int | None = None,
    party_id: int | None = None,
    contact_id: int | None = None,
    case_id: int | None = None,
    confidential: bool = False,
    commit: bool = True,
) -> Task:
    """Ask a department (or a team or person in it) to call a citizen back or answer a question.

    The task is due after the configured norm in working hours (default 48).
    """
    if kind not in {k.value for k in TaskKind}:
        raise InvalidInput("invalid_kind", "Kies terugbelverzoek of interne vraag.", "kind")
    subject = required_text(subject, "subject", 300, "Onderwerp")
    department, team, assignee = _target(department_id, team_id, assignee_id)
    now = utcnow()
    task = Task(
        kind=kind,
        subject=subject,
        note=(note or "").strip(),
        reach_via=(reach_via or "").strip()[:254],
        department_id=department.id,
        team_id=team.id if team else None,
        assignee_id=assignee.id if assignee else None,
        party_id=party_id,
        contact_id=contact_id,
        case_id=case_id,
        created_by_id=actor.id if actor else None,
        confidential=confidential or department.confidential,
        created_at=now,
        due_at=add_working_hours(now, current_app.config["TASK_NORM_WORKING_HOURS"]),
    )
    db.session.add(task)
    db.session.flush()
    _add_event(task, TaskEventKind.CREATED, actor, to_department_id=department.id, to_assignee_id=task.assignee_id)
    enqueue_indexing("task", task.id)
    enqueue_event("task.created", "task", task.id, _task_data(task))
    if commit:
        db.session.commit()
    return task


def pick_up_task(task_id: int, actor: StaffUser, expected_version: int | None = None) -> Task:
    """Take a task: the actor becomes its assignee and it is in progress."""
    task = _task_for_change(task_id, expected_version, must_be_open=True)
    task.assignee_id = actor.id
    task.status = TaskStatus.IN_PROGRESS.value
    return _commit(task, TaskEventKind.PICKED_UP, actor, to_assignee_id=actor.id)


def assign_task(
    task_id: int, assignee_id: int, actor: StaffUser, expected_version: int | None = None, *, commit: bool = True
) -> Task:
    """Give an open task to one member of its department (a team lead's or the actor's own choice).

    With ``commit=False`` the change is only flushed, so a bulk assignment is one transaction.
    """
    if not assignee_id:
        raise InvalidInput("unknown_assignee", "Kies een medewerker.", "assignee_id")
    task = _task_for_change(task_id, expected_version, must_be_open=True)
    if assignee_id != actor.id and not permissions.can_assign_to_others(actor, task.department_id):
        raise NotAllowed("Alleen een teamleider van deze afdeling kan een taak aan een ander toewijzen.")
    _, _, assignee = _target(task.department_id, None, assignee_id)
    if task.assignee_id == assignee.id:
        return task
    task.assignee_id = assignee.id
    return _commit(task, TaskEventKind.ASSIGNED, actor, commit=commit, to_assignee_id=assignee.id)


def record_callback(task_id: int, actor: StaffUser, outcome: str, note: str = "", expected_version: int | None = None) -> Task:
    """Record a callback attempt and its outcome; a successful callback completes the task."""
    if outcome not in {Outcome.RESOLVED.value, Outcome.FAILED.value}:
        raise InvalidInput("invalid_outcome", "Kies gelukt of niet gelukt.", "outcome")
    task = _task_for_change(task_id, expected_version, must_be_open=True)
    if task.assignee_id is None:
        task.assignee_id = actor.id
    task.status = TaskStatus.IN_PROGRESS.value
    _add_event(task, TaskEventKind.CALLBACK_ATTEMPT, actor, outcome=outcome, note=(note or "").strip())
    if outcome == Outcome.RESOLVED.value:
        task.status = TaskStatus.DONE.value
        task.completed_at = utcnow()
        return _commit(task, TaskEventKind.COMPLETED, actor)
    return _commit(task, None, actor)


def forward_task(
    task_id: int,
    actor: StaffUser,
    note: str,
    *,
    department_id: int,
    team_id: int | None = None,
    assignee_id: int | None = None,
    expected_version: int | None = None,
) -> Task:
    """Send a task on to another department, team or person, with a note why."""
    note = required_text(note, "note", 4000, "Een toelichting")
    task = _task_for_change(task_id, expected_version, must_be_open=True)
    department, team, assignee = _target(department_id, team_id, assignee_id)
    task.department_id = department.id
    task.team_id = team.id if team else None
    task.assignee_id = assignee.id if assignee else None
    task.status = TaskStatus.OPEN.value
    task.confidential = task.confidential or department.confidential
    return _commit(
        task, TaskEventKind.FORWARDED, actor, note=note, to_department_id=department.id, to_assignee_id=task.assignee_id
    )


def complete_task(task_id: int, actor: StaffUser, note: str = "", expected_version: int | None = None) -> Task:
    """Mark a task done."""
    task = _task_for_change(task_id, expected_version, must_be_open=True)
    task.status = TaskStatus.DONE.value
    task.completed_at = utcnow()
    if task.assignee_id is None:
        task.assignee_id = actor.id
    return _commit(task, TaskEventKind.COMPLETED, actor, note=(note or "").strip())


def reopen_task(task_id: int, actor: StaffUser, note: str, expected_version: int | None = None) -> Task:
    """Reopen a completed task, with a reason; it is due again after the norm from now."""
    note = required_text(note, "note", 4000, "Een reden")
    task = _task_for_change(task_id, expected_version, must_be_open=False)
    if task.is_open:
        raise InvalidInput("not_done", "Deze taak is nog niet afgerond.", "note")
    task.status = TaskStatus.OPEN.value
    task.completed_at = None
    task.due_at = add_working_hours(utcnow(), current_app.config["TASK_NORM_WORKING_HOURS"])
    return _commit(task, TaskEventKind.REOPENED, actor, note=note)


def is_overdue(task: Task, now: datetime | None = None) -> bool:
    return task.is_open and (now or utcnow()) > task.due_at


def _target(department_id, team_id, assignee_id):
    department = db.session.get(Department, department_id) if department_id else None
    if department is None:
        raise InvalidInput("unknown_department", "Kies een afdeling.", "department_id")
    team = None
    if team_id:
        team = db.session.get(Team, team_id)
        if team is None or team.department_id != department.id:
            raise InvalidInput("unknown_team", "Dit team hoort niet bij de gekozen afdeling.", "team_id")
    assignee = None
    if assignee_id:
        assignee = db.session.get(StaffUser, assignee_id)
        if assignee is None or not assignee.active or department.id not in assignee.department_ids:
            raise InvalidInput(
                "unknown_assignee", "Deze medewerker hoort niet bij de gekozen afdeling.", "assignee_id"
            )
    return department, team, assignee


def _task_for_change(task_id: int, expected_version: int | None, *, must_be_open: bool) -> Task:
    task = db.session.get(Task, task_id)
    if task is None:
        raise NotFound("Deze taak bestaat niet.")
    if expected_version is not None and task.version != expected_version:
        raise Conflict("Deze taak is intussen door iemand anders gewijzigd.")
    if must_be_open and not task.is_open:
        raise InvalidInput("task_done", "Deze taak is al afgerond.", "status")
    return task


def _commit(task: Task, kind: TaskEventKind | None, actor: StaffUser, *, commit: bool = True, **fields) -> Task:
    if kind is not None:
        _add_event(task, kind, actor, **fields)
        enqueue_event(f"task.{kind.value}", "task", task.id, _task_data(task))
    enqueue_indexing("task", task.id)
    try:
        if commit:
            db.session.commit()
        else:
            db.session.flush()
    except StaleDataError:
        db.session.rollback()
        raise Conflict("Deze taak is intussen door iemand anders gewijzigd.") from None
    return task


def _add_event(task: Task, kind: TaskEventKind, actor: StaffUser | None, **fields) -> TaskEvent:
    event = TaskEvent(
        task=task,
        party_id=task.party_id,
        department_id=task.department_id,
        kind=kind.value,
        actor_id=actor.id if actor else None,
        occurred_at=utcnow(),
        **fields,
    )
    db.session.add(event)
    return event


def _task_data(task: Task) -> dict:
    return {
        "status": task.status,
        "department_id": task.department_id,
        "assignee_id": task.assignee_id,
        "party_id": task.party_id,
    }
