"""The "never repeat your story" panel at the top of a party's page."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from crm import permissions
from crm.extensions import db
from crm.models import Case, CaseStatus, Contact, DigitalAddressKind, Party, StaffUser, Task, TaskStatus, utcnow
from crm.services.errors import NotFound
from crm.validation import format_phone
from crm.workdays import AMSTERDAM

RECENT_CONTACTS = 5


@dataclass(frozen=True)
class Shown:
    """A record with whether the viewer may read its content (subject, content, notes)."""

    record: Case | Task | Contact
    readable: bool


@dataclass(frozen=True)
class StoryPanel:
    party: Party
    open_cases: list[Shown]
    open_tasks: list[Shown]
    recent_contacts: list[Shown]


def party_overview(party_id: int, viewer: StaffUser) -> StoryPanel:
    """What anyone picking up the phone must know first: open work, last contacts, how to reach."""
    party = db.session.scalar(
        select(Party)
        .where(Party.id == party_id)
        .options(
            selectinload(Party.identifiers),
            selectinload(Party.digital_addresses),
            selectinload(Party.addresses),
            joinedload(Party.preferred_channel),
        )
    )
    if party is None:
        raise NotFound("Deze partij bestaat niet.")
    cases = db.session.scalars(
        select(Case)
        .where(Case.party_id == party_id, Case.status != CaseStatus.CLOSED.value)
        .options(joinedload(Case.owner), joinedload(Case.department), joinedload(Case.case_type))
        .order_by(Case.deadline.is_(None), Case.deadline, Case.id)
    )
    tasks = db.session.scalars(
        select(Task)
        .where(Task.party_id == party_id, Task.status != TaskStatus.DONE.value)
        .options(joinedload(Task.assignee), joinedload(Task.department), joinedload(Task.team))
        .order_by(Task.due_at, Task.id)
    )
    contacts = db.session.scalars(
        select(Contact)
        .where(Contact.party_id == party_id)
        .options(joinedload(Contact.channel), joinedload(Contact.department), joinedload(Contact.handled_by))
        .order_by(Contact.occurred_at.desc(), Contact.id.desc())
        .limit(RECENT_CONTACTS)
    )
    return StoryPanel(
        party=party,
        open_cases=_shown(cases, viewer),
        open_tasks=_shown(tasks, viewer),
        recent_contacts=_shown(contacts, viewer),
    )


def open_cases_of(party_id: int) -> list[Case]:
    """The party's open cases, newest first: the choices when linking a contact to a case."""
    return list(
        db.session.scalars(
            select(Case)
            .where(Case.party_id == party_id, Case.status != CaseStatus.CLOSED.value)
            .options(joinedload(Case.case_type))
            .order_by(Case.opened_at.desc(), Case.id.desc())
        )
    )


def _shown(records, viewer: StaffUser) -> list[Shown]:
    return [Shown(record, permissions.can_read_content(viewer, record)) for record in records.unique()]


def case_is_overdue(case: Case, now: datetime | None = None) -> bool:
    """An open case whose deadline (a date in Amsterdam) has passed."""
    if not case.is_open or case.deadline is None:
        return False
    return case.deadline < (now or utcnow()).astimezone(AMSTERDAM).date()


def preferred_reach(party: Party) -> str:
    """How to reach the party: the preferred phone number as Dutch people write it, else e-mail."""
    phone = party.preferred_address(DigitalAddressKind.PHONE)
    if phone is not None:
        return format_phone(phone.value)
    email = party.preferred_address(DigitalAddressKind.EMAIL)
    return email.value if email is not None else ""
