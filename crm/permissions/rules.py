"""Rules about one record: who may change a case or task, assign work, see a board or figures.

The role matrix (matrix.py) says which roles may open a page at all; these rules decide per
department and per item.
"""

from crm.models import Case, Department, Role, StaffUser, Task
from crm.permissions.matrix import allows, has_role


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
    """The team lead's board of a department: its own team leads (the role matrix's board.read)."""
    return allows(user, "board.read") and department_id in user.department_ids


def board_departments(user: StaffUser) -> list[Department]:
    """The departments whose board this user may open: a team lead's own departments."""
    if not allows(user, "board.read"):
        return []
    return sorted(user.departments, key=lambda department: department.name)


def can_register_contacts(user: StaffUser | None) -> bool:
    """Staff who serve citizens register counter visits and received letters."""
    return allows(user, "contact.record")


def can_identify_contacts(user: StaffUser | None) -> bool:
    """Staff who serve citizens work the "Te identificeren" inbox: link, create, dismiss."""
    return allows(user, "contact.identify")


def can_manage_quarantine(user: StaffUser | None) -> bool:
    """Quarantined raw input (whole e-mails, CSV rows) is for beheerders only."""
    return allows(user, "admin.quarantine")
