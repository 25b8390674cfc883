"""Finding parties, contacts, cases and tasks by the obvious fields, for lists in the API.

Each function returns a SELECT ordered newest first (then by id, so pages are stable); the
caller pages through it. Confidentiality does not hide rows: everyone may see that an item
exists, the caller withholds its content (crm/permissions.py).
"""

from datetime import datetime

from sqlalchemy import Select, select
from sqlalchemy.orm import selectinload

from crm.models import (
    Address,
    Case,
    CaseStatus,
    CaseType,
    Channel,
    Contact,
    DigitalAddress,
    Identifier,
    IdentifierKind,
    Party,
    Task,
    TaskStatus,
    utcnow,
)
from crm.services.parties import name_key


def find_parties(
    *,
    kind: str | None = None,
    identifier_kind: IdentifierKind | None = None,
    identifier: str | None = None,
    surname: str | None = None,
    postcode: str | None = None,
    email: str | None = None,
    phone: str | None = None,
) -> Select:
    """Parties by kind, an (already normalised) identifier, the start of a surname or name, or contact details."""
    statement = select(Party).options(
        selectinload(Party.identifiers), selectinload(Party.digital_addresses), selectinload(Party.addresses)
    )
    if kind:
        statement = statement.where(Party.kind == kind)
    if identifier is not None:
        matches = select(Identifier.party_id).where(Identifier.value == identifier)
        if identifier_kind is not None:
            matches = matches.where(Identifier.kind == identifier_kind.value)
        statement = statement.where(Party.id.in_(matches))
    if surname:
        statement = statement.where(Party.surname_key.startswith(name_key(surname), autoescape=True))
    if postcode:
        statement = statement.where(Party.id.in_(select(Address.party_id).where(Address.postcode == postcode)))
    for value in (email, phone):
        if value:
            statement = statement.where(
                Party.id.in_(select(DigitalAddress.party_id).where(DigitalAddress.value == value))
            )
    return statement.order_by(Party.created_at.desc(), Party.id.desc())


def find_contacts(
    *,
    party_id: int | None = None,
    channel: str | None = None,
    department_id: int | None = None,
    case_id: int | None = None,
    occurred_after: datetime | None = None,
    occurred_before: datetime | None = None,
) -> Select:
    """Contacts of a party, channel, department or case, within a period."""
    statement = select(Contact).options(
        selectinload(Contact.channel), selectinload(Contact.department), selectinload(Contact.case)
    )
    if party_id is not None:
        statement = statement.where(Contact.party_id == party_id)
    if channel:
        statement = statement.where(Contact.channel_id.in_(select(Channel.id).where(Channel.code == channel)))
    if department_id is not None:
        statement = statement.where(Contact.department_id == department_id)
    if case_id is not None:
        statement = statement.where(Contact.case_id == case_id)
    if occurred_after is not None:
        statement = statement.where(Contact.occurred_at >= occurred_after)
    if occurred_before is not None:
        statement = statement.where(Contact.occurred_at < occurred_before)
    return statement.order_by(Contact.occurred_at.desc(), Contact.id.desc())


def find_cases(
    *,
    party_id: int | None = None,
    status: str | None = None,
    is_open: bool | None = None,
    department_id: int | None = None,
    owner_id: int | None = None,
    unowned: bool | None = None,
    case_type: str | None = None,
) -> Select:
    """Cases by party, status, department, owner or case type code."""
    statement = select(Case).options(selectinload(Case.case_type), selectinload(Case.department))
    if party_id is not None:
        statement = statement.where(Case.party_id == party_id)
    if status:
        statement = statement.where(Case.status == status)
    if is_open is not None:
        closed = Case.status == CaseStatus.CLOSED.value
        statement = statement.where(~closed if is_open else closed)
    if department_id is not None:
        statement = statement.where(Case.department_id == department_id)
    if owner_id is not None:
        statement = statement.where(Case.owner_id == owner_id)
    if unowned is not None:
        statement = statement.where(Case.owner_id.is_(None) if unowned else Case.owner_id.is_not(None))
    if case_type:
        statement = statement.where(Case.case_type_id.in_(select(CaseType.id).where(CaseType.code == case_type)))
    return statement.order_by(Case.opened_at.desc(), Case.id.desc())


def find_tasks(
    *,
    party_id: int | None = None,
    status: str | None = None,
    kind: str | None = None,
    department_id: int | None = None,
    assignee_id: int | None = None,
    contact_id: int | None = None,
    overdue: bool | None = None,
) -> Select:
    """Tasks by party, status, kind, department, assignee or contact; ``overdue`` compares with now."""
    statement = select(Task).options(selectinload(Task.department))
    if party_id is not None:
        statement = statement.where(Task.party_id == party_id)
    if status:
        statement = statement.where(Task.status == status)
    if kind:
        statement = statement.where(Task.kind == kind)
    if department_id is not None:
        statement = statement.where(Task.department_id == department_id)
    if assignee_id is not None:
        statement = statement.where(Task.assignee_id == assignee_id)
    if contact_id is not None:
        statement = statement.where(Task.contact_id == contact_id)
    if overdue is not None:
        late = (Task.status != TaskStatus.DONE.value) & (Task.due_at < utcnow())
        statement = statement.where(late if overdue else ~late)
    return statement.order_by(Task.created_at.desc(), Task.id.desc())
