"""The one permission policy: who may see and do what. Every layer asks here.

Shared, yet lawful (DESIGN.md): every member of staff sees that a contact, case or task
exists, when, through which channel, with which department and owner. The *content* of a
confidential item is shown only to members of the department that owns it.
"""

from dataclasses import dataclass

from sqlalchemy import select

from crm.extensions import db
from crm.models import (
    Case,
    CaseEvent,
    Contact,
    ContactIdentification,
    Department,
    PartyEvent,
    Role,
    Scope,
    StaffUser,
    Task,
    TaskEvent,
)


@dataclass(frozen=True)
class TokenPrincipal:
    """A system calling the API with a token, asked about by the same rules as a member of staff.

    It acts for its departments the way a team lead of them does (it reads their confidential
    content and assigns their work); with the admin scope it acts like a beheerder. It is not a
    staff member, so ``id`` is None and recorded events have no staff actor.
    """

    token_id: int
    name: str
    scopes: frozenset[str]
    department_ids: frozenset[int]
    id: None = None
    is_authenticated: bool = True

    @property
    def role(self) -> str:
        return Role.ADMIN.value if Scope.ADMIN in self.scopes else Role.TEAM_LEAD.value


def has_scope(principal: TokenPrincipal, scope: Scope) -> bool:
    """May this token do what ``scope`` allows? The admin scope allows everything."""
    return scope.value in principal.scopes or Scope.ADMIN.value in principal.scopes


def has_role(user: StaffUser | None, *roles: Role) -> bool:
    return user is not None and user.is_authenticated and user.role in {r.value for r in roles}


def is_confidential(item) -> bool:
    """Whether an item's content is shielded outside its owning department."""
    if isinstance(item, Contact):
        return bool(
            item.confidential
            or (item.department is not None and item.department.confidential)
            or (item.case is not None and is_confidential(item.case))
        )
    if isinstance(item, Case):
        return bool(item.confidential or item.case_type.confidential or item.department.confidential)
    if isinstance(item, Task):
        return bool(item.confidential or item.department.confidential)
    if isinstance(item, CaseEvent):
        return is_confidential(item.case)
    if isinstance(item, TaskEvent):
        return is_confidential(item.task)
    if isinstance(item, PartyEvent):
        return item.contact is not None and is_confidential(item.contact)
    if isinstance(item, ContactIdentification):
        return is_confidential(item.contact)
    raise TypeError(f"no confidentiality rule for {type(item).__name__}")


def owning_department_id(item) -> int | None:
    """The department whose members may read a confidential item's content."""
    if isinstance(item, CaseEvent):
        return item.case.department_id
    if isinstance(item, TaskEvent):
        return item.task.department_id
    if isinstance(item, PartyEvent) and item.contact is not None:
        return item.contact.department_id
    if isinstance(item, ContactIdentification):
        return owning_department_id(item.contact)
    return item.department_id


def can_read_content(user: StaffUser | None, item) -> bool:
    """May this user read the subject, content and notes of this contact, case or task?"""
    if user is None or not user.is_authenticated:
        return False
    if not is_confidential(item):
        return True
    return owning_department_id(item) in user.department_ids


def can_change_case(user: StaffUser, case: Case) -> bool:
    """Staff of the owning department, its team leads and the case owner may change a case."""
    if not user.is_authenticated:
        return False
    if (user.id is not None and case.owner_id == user.id) or case.department_id in user.department_ids:
        return True
    return has_role(user, Role.ADMIN)


def can_assign_to_others(user: StaffUser, department_id: int) -> bool:
    """Team leads assign work in their own departments; beheerders anywhere."""
    if has_role(user, Role.ADMIN):
        return True
    return has_role(user, Role.TEAM_LEAD) and department_id in user.department_ids


def can_view_insight(user: StaffUser | None, department_id: int | None) -> bool:
    """Management figures: team leads for their own departments and the whole municipality
    (``department_id`` None); beheerders for every department."""
    if has_role(user, Role.ADMIN):
        return True
    if not has_role(user, Role.TEAM_LEAD):
        return False
    return department_id is None or department_id in user.department_ids


def can_view_staff_figures(user: StaffUser | None, department_id: int | None) -> bool:
    """Figures per member of staff (open cases per owner): only a team lead of that department,
    or a beheerder; elsewhere owned work is shown as one total."""
    if has_role(user, Role.ADMIN):
        return True
    return has_role(user, Role.TEAM_LEAD) and department_id is not None and department_id in user.department_ids


def can_change_task(user: StaffUser, task: Task) -> bool:
    """Staff of the task's department, its assignee and beheerders may work on a task."""
    if not user.is_authenticated:
        return False
    if task.assignee_id == user.id or task.department_id in user.department_ids:
        return True
    return has_role(user, Role.ADMIN)


def can_view_board(user: StaffUser, department_id: int) -> bool:
    """The team lead's board of a department: its team leads and beheerders."""
    return can_assign_to_others(user, department_id)


def board_departments(user: StaffUser) -> list[Department]:
    """The departments whose board this user may open (all of them for a beheerder)."""
    if has_role(user, Role.ADMIN):
        return list(db.session.scalars(select(Department).order_by(Department.name)))
    if has_role(user, Role.TEAM_LEAD):
        return list(user.departments)
    return []


def can_register_contacts(user: StaffUser | None) -> bool:
    """Staff who serve citizens register counter visits and received letters."""
    return has_role(user, Role.EMPLOYEE, Role.TEAM_LEAD, Role.ADMIN)


def can_identify_contacts(user: StaffUser | None) -> bool:
    """Staff who serve citizens work the "Te identificeren" inbox: link, create, dismiss."""
    return has_role(user, Role.EMPLOYEE, Role.TEAM_LEAD, Role.ADMIN)


def can_manage_quarantine(user: StaffUser | None) -> bool:
    """Quarantined raw input (whole e-mails, CSV rows) is for beheerders only."""
    return has_role(user, Role.ADMIN)
