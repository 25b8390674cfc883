"""Recording contacts (contactmomenten) from any channel."""

import time
from dataclasses import dataclass
from datetime import datetime
from uuid import uuid4

from flask import current_app
from sqlalchemy import bindparam, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import make_transient_to_detached

from crm.extensions import db
from crm.models import Case, Channel, Contact, Department, Direction, Outcome, Party, StaffUser, utcnow
from crm.services.errors import NotFound
from crm.services.identification import ANONYMOUS, Identification, put_in_inbox
from crm.services.outbox import enqueue_indexing, enqueue_indexing_and_event
from crm.validation import InvalidInput, required_text

# App extension key: the active channels' ids by code, and when they were read (see channel_id).
_CHANNEL_CACHE = "klantbeeld.channel_ids"
# Channels are reference rows the migrations seed; the app never changes them. A channel
# switched off in the database directly is refused by every process within this many seconds.
CHANNEL_CACHE_SECONDS = 60.0

# Built once: composing a statement costs more than running it on the intake's hot path.
_ACTIVE_CHANNELS = select(Channel.code, Channel.id).where(Channel.active.is_(True))
_PARTY_EXISTS = select(Party.id).where(Party.id == bindparam("party_id"))
_DEPARTMENT_CONFIDENTIAL = select(Department.confidential).where(Department.id == bindparam("department_id"))
_EXISTING_ID = select(Contact.id).where(Contact.channel_id == bindparam("channel_id"), Contact.external_id == bindparam("external_id"))
# The insert that is also the idempotency check: a (channel, external id) seen before inserts
# nothing and returns no id. Both engines we run on speak ON CONFLICT.
_INSERT_CONTACT = {
    dialect.__name__.rpartition(".")[2]: dialect.insert(Contact.__table__)
    .on_conflict_do_nothing(index_elements=["channel_id", "external_id"])
    .returning(Contact.__table__.c.id)
    for dialect in (sqlite, postgresql)
}


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


def channel_id(code: str) -> int:
    """The id of the active channel ``code``; an unknown or inactive channel is invalid input.

    Every contact needs it, so the few channel rows are read once a minute per process
    instead of once per contact.
    """
    read_at, ids = current_app.extensions.get(_CHANNEL_CACHE, (None, {}))
    if read_at is None or time.monotonic() - read_at > CHANNEL_CACHE_SECONDS or code not in ids:
        # An unknown code re-reads too: a channel added by a migration is known at once.
        ids = dict(db.session.execute(_ACTIVE_CHANNELS).all())
        current_app.extensions[_CHANNEL_CACHE] = (time.monotonic(), ids)
    if code not in ids:
        raise InvalidInput("unknown_channel", f"Onbekend kanaal: {code}.", "channel")
    return ids[code]


def record_contact(
    data: ContactInput, actor: StaffUser | None, *, commit: bool = True, identification: Identification = ANONYMOUS
) -> Contact:
    """Store one contact, or return the existing one if this (channel, external id) was seen.

    Re-delivery of the same event is therefore harmless. With ``commit=False`` the contact is
    only written, so a larger use case can add a case or task in the same transaction. A new
    contact without a party goes to "Te identificeren" with ``identification`` (why no party
    was found, the hints and candidates; by default: registered anonymously).
    """
    contact, _created = add_contact(data, actor, identification=identification)
    if commit:
        db.session.commit()
    return contact


def add_contact(
    data: ContactInput, actor: StaffUser | None, *, identification: Identification = ANONYMOUS
) -> tuple[Contact, bool]:
    """``record_contact`` without the commit, also saying whether the contact is new (False: this
    (channel, external id) was stored before, possibly by a concurrent delivery; that contact
    is returned and nothing is written)."""
    # Core statements, not the unit of work: on the intake's hot path the ORM flush of one
    # contact cost more than everything else together. Pending changes go first, so the
    # checks and the insert see them.
    db.session.flush()
    values = _contact_values(data, actor, party_known=data.party_id is not None and identification.party_id == data.party_id)
    connection = db.session.connection()
    key = {"channel_id": values["channel_id"], "external_id": values["external_id"]}
    # A re-delivery only reads: it takes no write lock (on SQLite a transaction that has read
    # cannot become the writer once another connection committed).
    seen = connection.execute(_EXISTING_ID, key).scalar() if key["external_id"] else None
    if seen is not None:
        return db.session.get(Contact, seen), False
    contact_id = connection.execute(_INSERT_CONTACT[connection.dialect.name], values).scalar()
    if contact_id is None:
        # A concurrent delivery of the same event committed first. The unique (channel,
        # external id) constraint decided, so no race is left: that one is the contact.
        return db.session.get(Contact, connection.execute(_EXISTING_ID, key).scalar_one()), False
    stale = db.session.identity_map.get(db.session.identity_key(Contact, contact_id))
    if stale is not None:
        # The instance of a contact whose insert was rolled back in this session: SQLite hands
        # out its id again, and that instance describes a row that never was.
        db.session.expunge(stale)
    contact = Contact(id=contact_id, **values)
    # Known in full (every column was given), so it joins the session as stored, with no query.
    make_transient_to_detached(contact)
    db.session.add(contact)
    if contact.party_id is None:
        put_in_inbox(contact, identification)
    enqueue_indexing_and_event(
        "contact.recorded",
        "contact",
        contact.id,
        {"party_id": contact.party_id, "channel": data.channel, "case_id": contact.case_id},
    )
    return contact, True


def _contact_values(data: ContactInput, actor: StaffUser | None, *, party_known: bool = False) -> dict:
    """Every column of the contact to insert, after checking the input; ``party_known``: the
    caller just found ``data.party_id`` (identification), so its existence needs no second look."""
    channel = channel_id(data.channel)
    if data.direction not in {d.value for d in Direction}:
        raise InvalidInput("invalid_direction", "Kies inkomend of uitgaand.", "direction")
    if data.outcome is not None and data.outcome not in {o.value for o in Outcome}:
        raise InvalidInput("invalid_outcome", "Kies een geldige uitkomst.", "outcome")
    if data.occurred_at is not None and data.occurred_at.tzinfo is None:
        raise InvalidInput("naive_datetime", "Een tijdstip heeft een tijdzone nodig.", "occurred_at")
    if data.duration_seconds is not None and data.duration_seconds < 0:
        raise InvalidInput("invalid_duration", "Een duur kan niet negatief zijn.", "duration_seconds")
    if data.party_id is not None and not party_known and db.session.connection().execute(_PARTY_EXISTS, {"party_id": data.party_id}).scalar() is None:
        raise NotFound("Deze partij bestaat niet.")
    department_confidential = False
    if data.department_id is not None:
        department_confidential = db.session.connection().execute(_DEPARTMENT_CONFIDENTIAL, {"department_id": data.department_id}).scalar()
        if department_confidential is None:
            raise InvalidInput("unknown_department", "Onbekende afdeling.", "department_id")
    case = None
    if data.case_id is not None:
        case = db.session.get(Case, data.case_id)
        if case is None:
            raise InvalidInput("unknown_case", "Onbekende zaak.", "case_id")
    confidential = bool(
        data.confidential
        or department_confidential
        or (case is not None and (case.confidential or case.case_type.confidential))
    )
    now = utcnow()
    return dict(
        uuid=uuid4(),
        party_id=data.party_id,
        channel_id=channel,
        direction=data.direction,
        occurred_at=data.occurred_at or now,
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
        created_at=now,
    )


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
