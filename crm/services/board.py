"""The team lead's board: unowned, overdue and near-deadline work of a department, and who carries what."""

from collections import Counter as Tally
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload
from sqlalchemy.orm.exc import StaleDataError

from crm import permissions
from crm.extensions import db
from crm.models import Case, CaseStatus, Department, StaffUser, Task, TaskStatus, utcnow
from crm.services.cases import assign_case
from crm.services.errors import Conflict, NotAllowed, NotFound
from crm.services.tasks import assign_task
from crm.validation import InvalidInput
from crm.workdays import AMSTERDAM, add_working_hours

# A case is near its deadline this many calendar days before it; a task this many working hours.
NEAR_CASE_DAYS = 5
NEAR_TASK_WORKING_HOURS = 8


@dataclass(frozen=True)
class Workload:
    member: StaffUser
    open_cases: int
    open_tasks: int

    @property
    def total(self) -> int:
        return self.open_cases + self.open_tasks


@dataclass(frozen=True)
class Board:
    department: Department
    unowned_cases: list[Case]
    unowned_tasks: list[Task]
    late_cases: list[Case]  # past or near their deadline
    late_tasks: list[Task]
    workload: list[Workload]
    members: list[StaffUser]
    today: date
    now: datetime

    def case_is_overdue(self, case: Case) -> bool:
        return case.deadline is not None and case.deadline < self.today

    def task_is_overdue(self, task: Task) -> bool:
        return task.due_at < self.now


def board_for(department_id: int, viewer: StaffUser, now: datetime | None = None) -> Board:
    """The board of one department, for its team leads (and beheerders)."""
    department = db.session.get(Department, department_id)
    if department is None:
        raise NotFound("Deze afdeling bestaat niet.")
    if not permissions.can_view_board(viewer, department_id):
        raise NotAllowed("Alleen teamleiders van deze afdeling zien dit bord.")
    now = now or utcnow()
    today = now.astimezone(AMSTERDAM).date()
    open_cases = select(Case).where(Case.department_id == department_id, Case.status != CaseStatus.CLOSED.value)
    open_tasks = select(Task).where(Task.department_id == department_id, Task.status != TaskStatus.DONE.value)
    case_options = (joinedload(Case.owner), joinedload(Case.case_type), joinedload(Case.party))
    task_options = (joinedload(Task.assignee), joinedload(Task.team), joinedload(Task.party))
    unowned_cases = db.session.scalars(
        open_cases.where(Case.owner_id.is_(None)).options(*case_options).order_by(Case.opened_at, Case.id)
    )
    unowned_tasks = db.session.scalars(
        open_tasks.where(Task.assignee_id.is_(None)).options(*task_options).order_by(Task.due_at, Task.id)
    )
    late_cases = db.session.scalars(
        open_cases.where(Case.deadline <= today + timedelta(days=NEAR_CASE_DAYS))
        .options(*case_options)
        .order_by(Case.deadline, Case.id)
    )
    late_tasks = db.session.scalars(
        open_tasks.where(Task.due_at <= add_working_hours(now, NEAR_TASK_WORKING_HOURS))
        .options(*task_options)
        .order_by(Task.due_at, Task.id)
    )
    return Board(
        department=department,
        unowned_cases=list(unowned_cases.unique()),
        unowned_tasks=list(unowned_tasks.unique()),
        late_cases=list(late_cases.unique()),
        late_tasks=list(late_tasks.unique()),
        workload=_workload(department),
        members=_members(department_id),
        today=today,
        now=now,
    )


def bulk_assign(
    department_id: int,
    assignee_id: int | None,
    actor: StaffUser,
    *,
    case_ids: list[int] = (),
    task_ids: list[int] = (),
) -> int:
    """Give the chosen cases and callback requests of a department to one member, all or nothing.

    Every assignment is its own event on the case's or task's timeline; returns how many changed hands.
    """
    if not permissions.can_assign_to_others(actor, department_id):
        raise NotAllowed("Alleen een teamleider van deze afdeling kan werk toewijzen.")
    if not assignee_id:
        raise InvalidInput("unknown_assignee", "Kies een medewerker.", "assignee_id")
    if not case_ids and not task_ids:
        raise InvalidInput("nothing_selected", "Kies minstens één zaak of contactverzoek.", "items")
    try:
        for case_id in case_ids:
            case = db.session.get(Case, case_id)
            if case is None or case.department_id != department_id:
                raise InvalidInput("unknown_case", "Een gekozen zaak hoort niet (meer) bij deze afdeling.", "items")
            assign_case(case_id, assignee_id, actor, commit=False)
        for task_id in task_ids:
            task = db.session.get(Task, task_id)
            if task is None or task.department_id != department_id:
                raise InvalidInput("unknown_task", "Een gekozen contactverzoek hoort niet (meer) bij deze afdeling.", "items")
            assign_task(task_id, assignee_id, actor, commit=False)
        db.session.commit()
    except StaleDataError:
        db.session.rollback()
        raise Conflict("Iemand anders heeft intussen een van deze zaken of verzoeken gewijzigd.") from None
    except Exception:
        db.session.rollback()
        raise
    return len(case_ids) + len(task_ids)


def _members(department_id: int) -> list[StaffUser]:
    return list(
        db.session.scalars(
            select(StaffUser)
            .where(StaffUser.active.is_(True), StaffUser.departments.any(Department.id == department_id))
            .order_by(StaffUser.full_name)
        )
    )


def _workload(department: Department) -> list[Workload]:
    """Open cases and tasks per member of the department (also those owned outside it)."""
    cases = Tally(
        dict(
            db.session.execute(
                select(Case.owner_id, func.count())
                .where(Case.department_id == department.id, Case.status != CaseStatus.CLOSED.value)
                .where(Case.owner_id.is_not(None))
                .group_by(Case.owner_id)
            ).all()
        )
    )
    tasks = Tally(
        dict(
            db.session.execute(
                select(Task.assignee_id, func.count())
                .where(Task.department_id == department.id, Task.status != TaskStatus.DONE.value)
                .where(Task.assignee_id.is_not(None))
                .group_by(Task.assignee_id)
            ).all()
        )
    )
    members = {m.id: m for m in _members(department.id)}
    for staff_id in (set(cases) | set(tasks)) - set(members):
        members[staff_id] = db.session.get(StaffUser, staff_id)
    rows = [Workload(m, cases[m.id], tasks[m.id]) for m in members.values()]
    return sorted(rows, key=lambda row: (-row.total, row.member.full_name))

