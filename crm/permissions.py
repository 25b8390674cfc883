"""The one permission policy: who may see and do what. Every layer asks here.

Shared, yet lawful (DESIGN.md): every member of staff sees that a contact, case or task
exists, when, through which channel, with which department and owner. The *content* of a
confidential item is shown only to members of the department that owns it.
"""

from crm.models import Case, CaseEvent, Contact, Role, StaffUser, Task, TaskEvent


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
    raise TypeError(f"no confidentiality rule for {type(item).__name__}")


def owning_department_id(item) -> int | None:
    """The department whose members may read a confidential item's content."""
    if isinstance(item, CaseEvent):
        return item.case.department_id
    if isinstance(item, TaskEvent):
        return item.task.department_id
    return item.department_id


def can_read_content(user: StaffUser | None, item) -> bool:
    """May this user read the subject, content and notes of this contact, case or task?"""
    if user is None or not user.is_authenticated:
        return False
    if not is_confidential(item):
        return True
    return owning_department_id(item) in user.department_ids


def readable_departments(user: StaffUser | None) -> set[int]:
    """Departments whose confidential content this user may read: the rule of can_read_content
    as a set, for filters inside a query (search) where items cannot be asked one by one."""
    if user is None or not user.is_authenticated:
        return set()
    return set(user.department_ids)


def can_change_case(user: StaffUser, case: Case) -> bool:
    """Staff of the owning department, its team leads and the case owner may change a case."""
    if not user.is_authenticated:
        return False
    if case.owner_id == user.id or case.department_id in user.department_ids:
        return True
    return has_role(user, Role.ADMIN)


def can_assign_to_others(user: StaffUser, department_id: int) -> bool:
    """Team leads assign work in their own departments; beheerders anywhere."""
    if has_role(user, Role.ADMIN):
        return True
    return has_role(user, Role.TEAM_LEAD) and department_id in user.department_ids
