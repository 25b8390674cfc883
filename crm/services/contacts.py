"""Recording contacts (contactmomenten) from any channel."""

import weakref
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from crm.extensions import db
from crm.models import Case, Channel, Contact, Department, Direction, Outcome, Party, StaffUser, utcnow
from crm.services.errors import NotFound
from crm.services.identification import ANONYMOUS, Identification, put_in_inbox
from crm.services.outbox import enqueue_event, enqueue_indexing
from crm.validation import InvalidInput, required_text

# Session info key: the contacts record_contact stored in this session (see stored_here).
_STORED_HERE = "klantbeeld.stored_contacts"


@dataclass
class ContactInput:
    """What is known about one contact; ``channel`` is a channel code such as ``telefoon``."""

    channel: str
    subject: str
    party_id: int | None = None
    direction: str = Direction.INBOUND.value
    occurred_at: datetime | None = None
    content: str = ""
    answer: str = ""
    outcome: str | None = None
    confidential: bool = False
    department_id: int | None = None
    duration_seconds: int | None = None
    external_id: str | None = None
    case_id: int | None = None


def channel_by_code(code: str) -> Channel:
    channel = db.session.scalar(select(Channel).filter_by(code=code, active=True))
    if channel is None:
        raise InvalidInput("unknown_channel", f"Onbekend kanaal: {code}.", "channel")
    return channel


def record_contact(
    data: ContactInput, actor: StaffUser | None, *, commit: bool = True, identification: Identification = ANONYMOUS
) -> Contact:
    """Store one contact, or return the existing one if this (channel, external id) was seen.

    Re-delivery of the same event is therefore harmless. With ``commit=False`` the contact is
    only flushed, so a larger use case can add a case or task in the same transaction. A new
    contact without a party goes to "Te identificeren" with ``identification`` (why no party
    was found, the hints and candidates; by default: registered anonymously).
    """
    contact = _new_contact(data, actor)
    if data.external_id:
        existing = _existing(contact.channel_id, data.external_id)
        if existing is not None:
            return existing
    try:
        with db.session.begin_nested():
            db.session.add(contact)
    except IntegrityError:
        # A concurrent delivery stored the same external id first: that one is the contact.
        existing = _existing(contact.channel_id, data.external_id) if data.external_id else None
        if existing is None:
            raise
        return existing
    db.session.info.setdefault(_STORED_HERE, weakref.WeakSet()).add(contact)
    if contact.party_id is None:
        put_in_inbox(contact, identification)
    enqueue_indexing("contact", contact.id)
    enqueue_event(
        "contact.recorded",
        "contact",
        contact.id,
        {"party_id": contact.party_id, "channel": data.channel, "case_id": contact.case_id},
    )
    if commit:
        db.session.commit()
    return contact


def stored_here(contact: Contact) -> bool:
    """Whether this session stored ``contact`` (False: record_contact returned one stored earlier,
    possibly by a concurrent delivery that won the race for the same external id)."""
    return contact in db.session.info.get(_STORED_HERE, ())


def _new_contact(data: ContactInput, actor: StaffUser | None) -> Contact:
    channel = channel_by_code(data.channel)
    if data.direction not in {d.value for d in Direction}:
        raise InvalidInput("invalid_direction", "Kies inkomend of uitgaand.", "direction")
    if data.outcome is not None and data.outcome not in {o.value for o in Outcome}:
        raise InvalidInput("invalid_outcome", "Kies een geldige uitkomst.", "outcome")
    if data.occurred_at is not None and data.occurred_at.tzinfo is None:
        raise InvalidInput("naive_datetime", "Een tijdstip heeft een tijdzone nodig.", "occurred_at")
    if data.duration_seconds is not None and data.duration_seconds < 0:
        raise InvalidInput("invalid_duration", "Een duur kan niet negatief zijn.", "duration_seconds")
    if data.party_id is not None and db.session.get(Party, data.party_id) is None:
        raise NotFound("Deze partij bestaat niet.")
    department = None
    if data.department_id is not None:
        department = db.session.get(Department, data.department_id)
        if department is None:
            raise InvalidInput("unknown_department", "Onbekende afdeling.", "department_id")
    case = None
    if data.case_id is not None:
        case = db.session.get(Case, data.case_id)
        if case is None:
            raise InvalidInput("unknown_case", "Onbekende zaak.", "case_id")
    confidential = bool(
        data.confidential
        or (department is not None and department.confidential)
        or (case is not None and (case.confidential or case.case_type.confidential))
    )
    return Contact(
        party_id=data.party_id,
        channel_id=channel.id,
        direction=data.direction,
        occurred_at=data.occurred_at or utcnow(),
        subject=required_text(data.subject, "subject", 300, "Onderwerp"),
        content=(data.content or "").strip(),
        answer=(data.answer or "").strip(),
        outcome=data.outcome,
        confidential=confidential,
        handled_by_id=actor.id if actor is not None else None,
        department_id=data.department_id,
        duration_seconds=data.duration_seconds,
        external_id=data.external_id or None,
        case_id=data.case_id,
    )


def _existing(channel_id: int, external_id: str) -> Contact | None:
    return db.session.scalar(select(Contact).filter_by(channel_id=channel_id, external_id=external_id))


def identify_contact(contact_id: int, party_id: int) -> Contact:
    """Record who a so far anonymous contact was with, so it joins that party's timeline."""
    contact = db.session.get(Contact, contact_id)
    if contact is None:
        raise NotFound("Dit contactmoment bestaat niet.")
    if db.session.get(Party, party_id) is None:
        raise NotFound("Deze partij bestaat niet.")
    if contact.party_id not in (None, party_id):
        raise InvalidInput("already_identified", "Dit contactmoment hoort al bij een andere partij.", "party_id")
    contact.party_id = party_id
    enqueue_indexing("contact", contact.id)
    db.session.commit()
    return contact
