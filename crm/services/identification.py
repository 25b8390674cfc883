"""Who is this? Identifying a contact's party, and the "Te identificeren" inbox for the rest.

The intake matches by BSN, then KvK number, then a *verified* e-mail address, then a
normalised phone number; exact matches only. A BSN or KvK number that is given but unknown
decides on its own (the contact goes to the inbox): falling back to a phone number could
then link a stranger's contact to someone else's record.
"""

from dataclasses import dataclass, field

from sqlalchemy import and_, bindparam, or_, select

from crm import permissions
from crm.extensions import db
from crm.models import (
    Contact,
    ContactIdentification,
    DigitalAddress,
    DigitalAddressKind,
    IdentificationReason,
    Identifier,
    IdentifierKind,
    Party,
    PartyEvent,
    PartyEventKind,
    StaffUser,
    utcnow,
)
from crm.services.errors import NotAllowed, NotFound
from crm.services.lookup import look_up
from crm.services.outbox import enqueue_event, enqueue_indexing
from crm.services.parties import PersonInput, create_person
from crm.validation import InvalidInput, looks_like_bsn, normalise_bsn

# Dutch explanations for the inbox.
REASON_LABELS = {
    IdentificationReason.NO_HINTS: "Geen gegevens om de afzender te herkennen",
    IdentificationReason.NO_MATCH: "Geen partij gevonden",
    IdentificationReason.UNKNOWN_BSN: "Onbekend BSN",
    IdentificationReason.UNKNOWN_KVK: "Onbekend KvK-nummer",
    IdentificationReason.AMBIGUOUS_EMAIL: "Meerdere partijen met dit e-mailadres",
    IdentificationReason.AMBIGUOUS_PHONE: "Meerdere partijen met dit telefoonnummer",
    IdentificationReason.ANONYMOUS: "Zonder partij geregistreerd",
}


@dataclass(frozen=True)
class Identification:
    """The outcome of matching: one party, or the reason there is none (and the candidates)."""

    party_id: int | None
    reason: str | None = None
    candidates: list[int] = field(default_factory=list)
    hints: dict = field(default_factory=dict)


# A contact registered without a party: nothing was tried, so nothing to explain but that.
ANONYMOUS = Identification(None, IdentificationReason.ANONYMOUS)


def identify_party(hints: dict) -> Identification:
    """Match normalised hints (``bsn``, ``kvk``, ``email``, ``phone``) to exactly one party.

    The outcome carries the hints, so a contact without a match keeps them in the inbox.
    """
    match = _match(hints)
    return Identification(match.party_id, match.reason, match.candidates, hints)


def _match(hints: dict) -> Identification:
    # Plain reads of ids on the session's connection: the ORM adds nothing here but its cost.
    connection = db.session.connection()
    for kind, missing in ((IdentifierKind.BSN, IdentificationReason.UNKNOWN_BSN), (IdentifierKind.KVK, IdentificationReason.UNKNOWN_KVK)):
        value = hints.get(kind.value)
        if value:
            party_id = connection.execute(_PARTY_BY_IDENTIFIER, {"kind": kind.value, "value": value}).scalar()
            return Identification(party_id) if party_id else Identification(None, missing)
    # One query for both: the verified e-mail address and the phone number.
    email, phone = hints.get("email"), hints.get("phone")
    found = {DigitalAddressKind.EMAIL.value: set(), DigitalAddressKind.PHONE.value: set()}
    if email or phone:
        statement = _PARTIES_BY_ADDRESS[bool(email), bool(phone)]
        for kind, party_id in connection.execute(statement, {"email": email, "phone": phone}):
            found[kind].add(party_id)
    for kind, ambiguous in ((DigitalAddressKind.EMAIL, IdentificationReason.AMBIGUOUS_EMAIL), (DigitalAddressKind.PHONE, IdentificationReason.AMBIGUOUS_PHONE)):
        party_ids = sorted(found[kind.value])
        if len(party_ids) == 1:
            return Identification(party_ids[0])
        if party_ids:
            return Identification(None, ambiguous, party_ids)
    if not any(hints.get(key) for key in ("email", "phone")):
        return Identification(None, IdentificationReason.NO_HINTS)
    return Identification(None, IdentificationReason.NO_MATCH)


# Built once with parameters: composing these per contact cost more than running them.
_PARTY_BY_IDENTIFIER = select(Identifier.party_id).where(Identifier.kind == bindparam("kind"), Identifier.value == bindparam("value"))
_VERIFIED_EMAIL = and_(
    DigitalAddress.kind == DigitalAddressKind.EMAIL.value,
    DigitalAddress.value == bindparam("email"),
    DigitalAddress.verified_at.is_not(None),
)
_PHONE = and_(DigitalAddress.kind == DigitalAddressKind.PHONE.value, DigitalAddress.value == bindparam("phone"))
# By (e-mail given, phone given).
_PARTIES_BY_ADDRESS = {
    (email, phone): select(DigitalAddress.kind, DigitalAddress.party_id)
    .where(or_(*[condition for given, condition in ((email, _VERIFIED_EMAIL), (phone, _PHONE)) if given]))
    .limit(50)
    for email, phone in ((True, False), (False, True), (True, True))
}


def put_in_inbox(contact: Contact, identification: Identification = ANONYMOUS) -> None:
    """File a contact without a party in "Te identificeren", with why and its hints; flush only.

    Every way of storing a contact without a party comes through here (``record_contact``),
    so there is one list of contacts waiting for a party.
    """
    db.session.connection().execute(
        _INSERT_INBOX_ENTRY,
        {
            "contact_id": contact.id,
            "reason": identification.reason or IdentificationReason.ANONYMOUS,
            "hints": identification.hints,
            "candidate_party_ids": identification.candidates,
        },
    )


# A Core insert into the caller's transaction: the entry is written with its contact, which
# record_contact inserts the same way (the ORM flush of one row cost more than the insert).
_INSERT_INBOX_ENTRY = ContactIdentification.__table__.insert()


def open_identifications(limit: int = 200) -> list[ContactIdentification]:
    """The inbox: contacts still waiting for a party, oldest first."""
    return list(
        db.session.scalars(
            select(ContactIdentification)
            .where(ContactIdentification.resolved_at.is_(None))
            .order_by(ContactIdentification.created_at, ContactIdentification.id)
            .limit(limit)
        )
    )


def get_identification(identification_id: int) -> ContactIdentification:
    """One inbox entry (open or resolved), or NotFound."""
    item = db.session.get(ContactIdentification, identification_id)
    if item is None:
        raise NotFound("Dit contactmoment staat niet (meer) in de lijst Te identificeren.")
    return item


def candidate_parties(item: ContactIdentification) -> list[Party]:
    """The parties an ambiguous hint pointed at, for staff to choose from."""
    if not item.candidate_party_ids:
        return []
    return list(db.session.scalars(select(Party).where(Party.id.in_(item.candidate_party_ids)).order_by(Party.id)))


def link_contact_to_party(
    identification_id: int, actor: StaffUser, *, party_id: int | None = None, bsn: str | None = None, note: str = ""
) -> ContactIdentification:
    """Link an inbox contact to an existing party, chosen by id or by BSN.

    This is the one way a contact gets its party after the fact. The contact then appears on
    the party's timeline at the moment it happened, and the link itself is a ``PartyEvent``
    there (who linked it, when, with the note).
    """
    item = _open_item(identification_id, actor)
    party = _party_by_reference(party_id, bsn)
    _resolve(item, party, actor, note)
    db.session.commit()
    return item


def create_person_for_contact(identification_id: int, data: PersonInput, actor: StaffUser) -> ContactIdentification:
    """Register the sender as a new person and link the contact to them, in one transaction."""
    item = _open_item(identification_id, actor)
    try:
        party = create_person(data, commit=False)
    except InvalidInput:
        db.session.rollback()
        raise
    _resolve(item, party, actor, "Nieuwe persoon aangemaakt vanuit Te identificeren.")
    db.session.commit()
    return item


def dismiss_identification(identification_id: int, actor: StaffUser, note: str) -> ContactIdentification:
    """Close an inbox item without a party (spam, a wrong number); the contact stays anonymous."""
    note = (note or "").strip()
    if not note:
        raise InvalidInput("required", "Geef een reden op.", "note")
    item = _open_item(identification_id, actor)
    item.resolved_at = utcnow()
    item.actor_id = actor.id
    item.note = note[:4000]
    db.session.commit()
    return item


def _open_item(identification_id: int, actor: StaffUser) -> ContactIdentification:
    if not permissions.can_identify_contacts(actor):
        raise NotAllowed("U mag contactmomenten niet aan partijen koppelen.")
    item = get_identification(identification_id)
    if not item.is_open:
        raise InvalidInput("already_resolved", "Dit contactmoment is al afgehandeld.", "party")
    return item


def _party_by_reference(party_id: int | None, bsn: str | None) -> Party:
    if bsn:
        try:
            value = normalise_bsn(bsn)
        except InvalidInput as error:
            raise error.for_field("party") from None
        party = db.session.scalar(select(Party).join(Identifier).filter(Identifier.kind == IdentifierKind.BSN.value, Identifier.value == value))
        if party is None:
            raise InvalidInput("unknown_party", "Er staat geen persoon met dit BSN geregistreerd.", "party")
        return party
    party = db.session.get(Party, party_id) if party_id else None
    if party is None:
        raise InvalidInput("unknown_party", "Er bestaat geen partij met dit nummer.", "party")
    return party


def party_reference(text: str) -> dict:
    """Read what staff typed to pick a party: a BSN, a party number (``123`` or ``P123``), or
    anything the search box understands (a name, phone number, postcode and house number) that
    finds exactly one party."""
    text = (text or "").strip()
    if looks_like_bsn(text):
        return {"bsn": text}
    digits = text.upper().removeprefix("P")
    if digits.isdigit() and len(digits) < 12:
        return {"party_id": int(digits)}
    found = look_up(text).parties if text else []
    if len(found) == 1:
        return {"party_id": found[0].id}
    if found:
        names = ", ".join(f"P{party.id} {party.display_name}" for party in found[:10])
        raise InvalidInput("several_parties", f"Meerdere partijen gevonden ({names}); vul het partijnummer in.", "party")
    raise InvalidInput("unknown_party", "Geen partij gevonden; vul een BSN, partijnummer of ander gegeven in.", "party")


def _resolve(item: ContactIdentification, party: Party, actor: StaffUser, note: str) -> None:
    contact: Contact = item.contact
    contact.party_id = party.id
    item.party_id = party.id
    item.resolved_at = utcnow()
    item.actor_id = actor.id
    item.note = (note or "").strip()[:4000]
    db.session.add(
        PartyEvent(
            party_id=party.id,
            department_id=contact.department_id,
            kind=PartyEventKind.CONTACT_LINKED.value,
            occurred_at=item.resolved_at,
            actor_id=actor.id,
            contact_id=contact.id,
            note=item.note,
        )
    )
    db.session.flush()
    enqueue_indexing("contact", contact.id)
    enqueue_event("contact.linked", "contact", contact.id, {"party_id": party.id, "actor_id": actor.id})
