"""Work queues: what is on my plate, and what waits in my departments."""

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from crm import permissions
from crm.extensions import db
from crm.models import Case, CaseStatus, Department, StaffUser, Task, TaskStatus
from crm.services.errors import NotAllowed

QUEUE_LIMIT = 200


@dataclass(frozen=True)
class Queue:
    cases: list[Case]
    tasks: list[Task]
    departments: list[Department]


def my_queue(user: StaffUser) -> Queue:
    """The open cases this user owns and the open callback requests assigned to them."""
    cases = db.session.scalars(
        select(Case)
        .where(Case.owner_id == user.id, Case.status != CaseStatus.CLOSED.value)
        .options(joinedload(Case.party), joinedload(Case.case_type), joinedload(Case.department))
        .order_by(Case.deadline.is_(None), Case.deadline, Case.id)
        .limit(QUEUE_LIMIT)
    )
    tasks = db.session.scalars(
        select(Task)
        .where(Task.assignee_id == user.id, Task.status != TaskStatus.DONE.value)
        .options(joinedload(Task.party), joinedload(Task.department))
        .order_by(Task.due_at, Task.id)
        .limit(QUEUE_LIMIT)
    )
    return Queue(list(cases.unique()), list(tasks.unique()), list(user.departments))


def department_queue(user: StaffUser, department_id: int | None = None) -> Queue:
    """Open callback requests and unowned cases of the user's departments (or of one of them)."""
    department_ids = user.department_ids
    if department_id is not None:
        if department_id not in department_ids and not permissions.can_view_board(user, department_id):
            raise NotAllowed("U hoort niet bij deze afdeling.")
        department_ids = {department_id}
    tasks = db.session.scalars(
        select(Task)
        .where(Task.department_id.in_(department_ids), Task.status != TaskStatus.DONE.value)
        .options(joinedload(Task.party), joinedload(Task.department), joinedload(Task.assignee), joinedload(Task.team))
        .order_by(Task.due_at, Task.id)
        .limit(QUEUE_LIMIT)
    )
    cases = db.session.scalars(
        select(Case)
        .where(
            Case.department_id.in_(department_ids),
            Case.owner_id.is_(None),
            Case.status != CaseStatus.CLOSED.value,
        )
        .options(joinedload(Case.party), joinedload(Case.case_type), joinedload(Case.department))
        .order_by(Case.deadline.is_(None), Case.deadline, Case.id)
        .limit(QUEUE_LIMIT)
    )
    return Queue(list(cases.unique()), list(tasks.unique()), list(user.departments))
