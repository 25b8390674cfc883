"""Registering parties and the ways to reach and recognise them."""

import unicodedata
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from crm.extensions import db
from crm.models import (
    Address,
    DigitalAddress,
    DigitalAddressKind,
    Identifier,
    IdentifierKind,
    Party,
    PartyKind,
)
from crm.services.errors import NotFound
from crm.services.outbox import enqueue_indexing
from crm.validation import (
    InvalidInput,
    normalise_branch_number,
    normalise_bsn,
    normalise_email,
    normalise_house_number,
    normalise_kvk,
    normalise_phone,
    normalise_postcode,
    normalise_rsin,
    required_text,
)

NORMALISERS = {
    IdentifierKind.BSN: normalise_bsn,
    IdentifierKind.KVK: normalise_kvk,
    IdentifierKind.BRANCH: normalise_branch_number,
    IdentifierKind.RSIN: normalise_rsin,
}


def name_key(text: str | None) -> str:
    """Lower-case, accent-free form of a name, for look-ups that ignore ``é`` versus ``e``."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower().strip()


@dataclass
class AddressInput:
    postcode: str
    house_number: str | int
    house_number_suffix: str | None = None
    street: str = ""
    city: str = ""


@dataclass
class PersonInput:
    surname: str
    given_names: str = ""
    surname_prefix: str = ""
    birth_date: date | None = None
    bsn: str | None = None
    emails: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    address: AddressInput | None = None


@dataclass
class OrganisationInput:
    name: str
    kvk: str | None = None
    branch_number: str | None = None
    rsin: str | None = None
    emails: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    address: AddressInput | None = None


def create_person(data: PersonInput, *, commit: bool = True) -> Party:
    """Register a person; every field is validated before anything is stored.

    With ``commit=False`` the person is only flushed, so a larger use case (linking an
    unidentified contact) stores both in one transaction.
    """
    surname = required_text(data.surname, "surname", 200, "Achternaam")
    party = Party(
        kind=PartyKind.PERSON.value,
        given_names=(data.given_names or "").strip() or None,
        surname_prefix=(data.surname_prefix or "").strip() or None,
        surname=surname,
        birth_date=data.birth_date,
        surname_key=name_key(surname),
    )
    identifiers = []
    if data.bsn:
        identifiers.append((IdentifierKind.BSN, data.bsn, "bsn"))
    return _store(party, identifiers, data.emails, data.phones, data.address, commit=commit)


def create_organisation(data: OrganisationInput) -> Party:
    """Register an organisation with its KvK number, vestigingsnummer and RSIN when known."""
    name = required_text(data.name, "name", 300, "Naam")
    party = Party(kind=PartyKind.ORGANISATION.value, organisation_name=name, surname_key=name_key(name))
    identifiers = []
    if data.kvk:
        identifiers.append((IdentifierKind.KVK, data.kvk, "kvk"))
    if data.branch_number:
        if not data.kvk:
            raise InvalidInput(
                "branch_without_kvk", "Een vestigingsnummer hoort bij een KvK-nummer.", "branch_number"
            )
        identifiers.append((IdentifierKind.BRANCH, data.branch_number, "branch_number"))
    if data.rsin:
        identifiers.append((IdentifierKind.RSIN, data.rsin, "rsin"))
    return _store(party, identifiers, data.emails, data.phones, data.address)


def _store(party, identifiers, emails, phones, address, *, commit: bool = True) -> Party:
    for kind, raw, field_name in identifiers:
        value = _normalised(NORMALISERS[kind], raw, field_name)
        if db.session.scalar(select(Identifier.id).filter_by(kind=kind.value, value=value)):
            raise InvalidInput("duplicate_identifier", _duplicate_message(kind), field_name)
        party.identifiers.append(Identifier(kind=kind.value, value=value))
    if len(party.identifiers) > 1 and party.identifiers[0].kind == IdentifierKind.KVK:
        for identifier in party.identifiers[1:]:
            if identifier.kind == IdentifierKind.BRANCH:
                identifier.parent = party.identifiers[0]
    for position, email in enumerate(emails):
        value = _normalised(normalise_email, email, "email")
        party.digital_addresses.append(
            DigitalAddress(kind=DigitalAddressKind.EMAIL.value, value=value, preferred=position == 0)
        )
    for position, phone in enumerate(phones):
        value = _normalised(normalise_phone, phone, "phone")
        party.digital_addresses.append(
            DigitalAddress(kind=DigitalAddressKind.PHONE.value, value=value, preferred=position == 0)
        )
    if address is not None:
        party.addresses.append(_address(address))
    db.session.add(party)
    try:
        db.session.flush()
    except IntegrityError:
        # Another transaction registered the same identifier between our check and insert.
        db.session.rollback()
        raise InvalidInput("duplicate_identifier", "Dit nummer is al geregistreerd.") from None
    enqueue_indexing("party", party.id)
    if commit:
        db.session.commit()
    return party


def _address(data: AddressInput) -> Address:
    return Address(
        postcode=_normalised(normalise_postcode, data.postcode, "postcode"),
        house_number=_normalised(normalise_house_number, data.house_number, "house_number"),
        house_number_suffix=(data.house_number_suffix or "").strip().upper() or None,
        street=(data.street or "").strip(),
        city=(data.city or "").strip(),
    )


def _normalised(normalise, raw, field_name: str):
    try:
        return normalise(raw)
    except InvalidInput as error:
        raise error.for_field(field_name) from None


def _duplicate_message(kind: IdentifierKind) -> str:
    labels = {
        IdentifierKind.BSN: "Er staat al een persoon met dit BSN geregistreerd.",
        IdentifierKind.KVK: "Er staat al een organisatie met dit KvK-nummer geregistreerd.",
        IdentifierKind.BRANCH: "Deze vestiging is al geregistreerd.",
        IdentifierKind.RSIN: "Er staat al een organisatie met dit RSIN geregistreerd.",
    }
    return labels[kind]


def add_digital_address(
    party_id: int, kind: DigitalAddressKind, raw: str, preferred: bool = False
) -> DigitalAddress:
    """Add an e-mail address or phone number; a new preferred one replaces the old preference."""
    party = _get_party(party_id)
    normalise = normalise_email if kind == DigitalAddressKind.EMAIL else normalise_phone
    value = _normalised(normalise, raw, kind.value)
    existing = next(
        (a for a in party.digital_addresses if a.kind == kind.value and a.value == value), None
    )
    if existing is not None:
        raise InvalidInput("duplicate_address", "Dit adres staat al bij deze partij.", kind.value)
    if preferred or not any(a.kind == kind.value for a in party.digital_addresses):
        for other in party.digital_addresses:
            if other.kind == kind.value:
                other.preferred = False
        db.session.flush()
        preferred = True
    address = DigitalAddress(kind=kind.value, value=value, preferred=preferred)
    party.digital_addresses.append(address)
    enqueue_indexing("party", party.id)
    db.session.commit()
    return address


def add_address(party_id: int, data: AddressInput) -> Address:
    """Add a postal address to a party."""
    party = _get_party(party_id)
    address = _address(data)
    party.addresses.append(address)
    enqueue_indexing("party", party.id)
    db.session.commit()
    return address


def _get_party(party_id: int) -> Party:
    party = db.session.get(Party, party_id)
    if party is None:
        raise NotFound("Deze partij bestaat niet.")
    return party


def add_identifier(party_id: int, kind: IdentifierKind, raw: str, parent_id: int | None = None) -> Identifier:
    """Add a BSN, KvK number, vestigingsnummer or RSIN to a party; each number belongs to one party."""
    party = _get_party(party_id)
    value = _normalised(NORMALISERS[kind], raw, "value")
    if db.session.scalar(select(Identifier.id).filter_by(kind=kind.value, value=value)):
        raise InvalidInput("duplicate_identifier", _duplicate_message(kind), "value")
    parent = db.session.get(Identifier, parent_id) if parent_id else None
    if parent_id and (parent is None or parent.kind != IdentifierKind.KVK):
        raise InvalidInput("unknown_parent", "Een vestigingsnummer hangt onder een KvK-nummer.", "parent")
    identifier = Identifier(kind=kind.value, value=value, parent=parent)
    party.identifiers.append(identifier)
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        raise InvalidInput("duplicate_identifier", _duplicate_message(kind), "value") from None
    enqueue_indexing("party", party.id)
    db.session.commit()
    return identifier
