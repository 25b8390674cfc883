"""The content rule: shared, yet lawful (DESIGN.md).

Every member of staff sees that a contact, case or task exists, when, through which channel,
with which department and owner. The *content* of a confidential item (subject, text,
answer, notes) is shown only to members of the department that owns it; elsewhere it is
"afgeschermd", with :func:`whom_to_ask`.
"""

from sqlalchemy import and_, false, func, not_, or_, select

from crm.models import Case, CaseEvent, CaseType, Contact, Department, PartyEvent, StaffUser, Task, TaskEvent


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
    raise TypeError(f"no confidentiality rule for {type(item).__name__}")


def owning_department_id(item) -> int | None:
    """The department whose members may read a confidential item's content."""
    if isinstance(item, CaseEvent):
        return item.case.department_id
    if isinstance(item, TaskEvent):
        return item.task.department_id
    if isinstance(item, PartyEvent) and item.contact is not None:
        return item.contact.department_id
    if isinstance(item, Contact) and item.department_id is None and item.case is not None:
        return item.case.department_id  # a contact about a case belongs with the case
    return item.department_id


def can_read_content(user: StaffUser | None, item) -> bool:
    """May this user read the subject, content and notes of this contact, case or task?"""
    if user is None or not user.is_authenticated:
        return False
    if not is_confidential(item):
        return True
    return owning_department_id(item) in user.department_ids


def whom_to_ask(item) -> str:
    """For a withheld item: the department (and owner, if any) to ask, as Dutch text."""
    record = item.case if isinstance(item, CaseEvent) else item.task if isinstance(item, TaskEvent) else item
    if isinstance(record, Contact) and record.department is None and record.case is not None:
        record = record.case
    department = record.department.name if record.department is not None else "de behandelende afdeling"
    owner = getattr(record, "owner", None) or getattr(record, "assignee", None) or getattr(record, "handled_by", None)
    if owner is not None:
        return f"{department} ({owner.full_name})"
    return department


def readable_departments(user) -> set[int]:
    """Departments whose confidential content this user may read: the rule of can_read_content
    as a set, for filters inside a query (search) where items cannot be asked one by one."""
    if user is None or not user.is_authenticated:
        return set()
    return set(user.department_ids)


def contact_content_readable_clause(user):
    """The SQL form of :func:`can_read_content` for contacts, for filters on their content.

    A filter on a contact's subject must not reveal withheld content by what it matches, so
    it combines with this condition (e.g. the Klantinteracties ``onderwerp`` filter).
    """
    if user is None or not user.is_authenticated:
        return false()
    confidential_departments = select(Department.id).where(Department.confidential.is_(True))
    confidential_cases = (
        select(Case.id)
        .join(CaseType, CaseType.id == Case.case_type_id)
        .where(or_(Case.confidential.is_(True), CaseType.confidential.is_(True), Case.department_id.in_(confidential_departments)))
    )
    confidential = or_(
        Contact.confidential.is_(True),
        and_(Contact.department_id.is_not(None), Contact.department_id.in_(confidential_departments)),
        and_(Contact.case_id.is_not(None), Contact.case_id.in_(confidential_cases)),
    )
    owner = func.coalesce(Contact.department_id, select(Case.department_id).where(Case.id == Contact.case_id).scalar_subquery())
    return or_(not_(confidential), owner.in_(sorted(user.department_ids)))
