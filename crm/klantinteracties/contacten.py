"""klantcontacten and betrokkenen, mapped onto Contact.

Klantbeeld links a contact to at most one party, so a contact with a party has exactly one
betrokkene (rol ``klant``); that betrokkene shares the contact's uuid.
"""

from flask import g
from marshmallow import EXCLUDE, Schema, fields, validate
from sqlalchemy import exists, select
from sqlalchemy.orm import selectinload

from crm import permissions
from crm.api.fields import Moment, Text
from crm.extensions import db
from crm.klantinteracties import bp
from crm.klantinteracties.links import actor, ref, zero_padded
from crm.klantinteracties.paging import bool_arg, datetime_arg, json_body, page_of, text_arg, uuid_arg
from crm.klantinteracties.partijen import ForeignKey
from crm.models import Channel, Contact, Direction, Outcome, Party, PartyKind, Task
from crm.services.contacts import ContactInput, identify_contact, record_contact
from crm.services.errors import NotFound
from crm.validation import InvalidInput

WITHHELD = "(vertrouwelijk)"


class KlantcontactIn(Schema):
    class Meta:
        unknown = EXCLUDE

    kanaal = Text(required=True, validate=validate.Length(min=1, max=50))
    onderwerp = Text(required=True, validate=validate.Length(min=1, max=200))
    inhoud = Text(load_default="", validate=validate.Length(max=1000))
    reactie = Text(load_default="", validate=validate.Length(max=4000))
    indicatieContactGelukt = fields.Boolean(allow_none=True)
    vertrouwelijk = fields.Boolean(load_default=False)
    plaatsgevondenOp = Moment(allow_none=True)


class BetrokkeneIn(Schema):
    class Meta:
        unknown = EXCLUDE

    wasPartij = fields.Nested(ForeignKey, required=True)
    hadKlantcontact = fields.Nested(ForeignKey, required=True)
    rol = Text(load_default="klant", validate=validate.OneOf(["klant", "vertegenwoordiger"]))
    initiator = fields.Boolean(load_default=True)


def present_klantcontact(contact: Contact) -> dict:
    """A contact as a Klantcontact; confidential content is withheld from tokens of other departments."""
    readable = permissions.can_read_content(g.principal, contact)
    tasks = db.session.scalars(select(Task.uuid).where(Task.contact_id == contact.id).order_by(Task.id)).all()
    outcome = {Outcome.RESOLVED.value: True, Outcome.FAILED.value: False}.get(contact.outcome or "")
    return {
        **ref("klantcontact", contact.uuid),
        "gingOverOnderwerpobjecten": [],
        "hadBetrokkenActoren": [actor(contact.handled_by)] if contact.handled_by else [],
        "omvatteBijlagen": [],
        "hadBetrokkenen": [ref("betrokkene", contact.uuid)] if contact.party_id else [],
        "leiddeTotInterneTaken": [ref("internetaak", uuid) for uuid in tasks],
        "nummer": zero_padded(contact.id),
        "referentienummer": None,
        "kanaal": contact.channel.code,
        "onderwerp": contact.subject[:200] if readable else WITHHELD,
        "inhoud": contact.content[:1000] if readable else "",
        "reactie": contact.answer[:4000] if readable else "",
        "indicatieContactGelukt": outcome,
        "verdereActieOndernomen": bool(tasks or contact.case_id),
        "taal": "nld",
        "vertrouwelijk": permissions.is_confidential(contact),
        "plaatsgevondenOp": contact.occurred_at.isoformat(),
    }


def present_betrokkene(contact: Contact) -> dict:
    """The party of a contact as its Betrokkene."""
    party = contact.party
    person = party.kind != PartyKind.ORGANISATION
    return {
        **ref("betrokkene", contact.uuid),
        "wasPartij": ref("partij", party.uuid),
        "hadKlantcontact": ref("klantcontact", contact.uuid),
        "digitaleAdressen": [],
        "bezoekadres": None,
        "correspondentieadres": None,
        "contactnaam": {
            "voorletters": "".join(f"{name[0]}." for name in (party.given_names or "").split()),
            "voornaam": party.given_names or "",
            "voorvoegselAchternaam": party.surname_prefix or "",
            "achternaam": party.surname or "",
        } if person else None,
        "volledigeNaam": party.display_name,
        "rol": "klant",
        "organisatienaam": "" if person else (party.organisation_name or "")[:200],
        "initiator": contact.direction == Direction.INBOUND.value,
    }


def _contact_by_uuid(uuid, field: str | None = None) -> Contact:
    contact = db.session.scalar(select(Contact).filter_by(uuid=uuid))
    if contact is None:
        if field:
            raise InvalidInput("does_not_exist", "Dit klantcontact bestaat niet.", field)
        raise NotFound()
    return contact


@bp.get("/klantcontacten")
def klantcontacten():
    """Alle klantcontacten, filterbaar op kanaal, onderwerp, vertrouwelijk, gelukt, partij en tijdstip."""
    statement = select(Contact).options(selectinload(Contact.channel), selectinload(Contact.handled_by))
    if kanaal := text_arg("kanaal"):
        statement = statement.where(Contact.channel_id.in_(select(Channel.id).where(Channel.code == kanaal)))
    if onderwerp := text_arg("onderwerp"):
        # Only among contacts whose content this token reads: a match must not reveal a withheld subject.
        statement = statement.where(Contact.subject == onderwerp, permissions.contact_content_readable_clause(g.principal))
    if (vertrouwelijk := bool_arg("vertrouwelijk")) is not None:
        statement = statement.where(Contact.confidential.is_(vertrouwelijk))
    if (gelukt := bool_arg("indicatieContactGelukt")) is not None:
        statement = statement.where(Contact.outcome == (Outcome.RESOLVED.value if gelukt else Outcome.FAILED.value))
    if (met_partij := bool_arg("hadBetrokkene__wasPartij")) is not None:
        statement = statement.where(Contact.party_id.is_not(None) if met_partij else Contact.party_id.is_(None))
    if party_uuid := uuid_arg("hadBetrokkene__wasPartij__uuid"):
        statement = statement.where(Contact.party_id.in_(select(Party.id).where(Party.uuid == party_uuid)))
    if betrokkene := uuid_arg("hadBetrokkene__uuid"):
        statement = statement.where(Contact.uuid == betrokkene, Contact.party_id.is_not(None))
    if (taken := bool_arg("leiddeTotInterneTaken")) is not None:
        has_task = exists().where(Task.contact_id == Contact.id)
        statement = statement.where(has_task if taken else ~has_task)
    if moment := datetime_arg("plaatsgevondenOp"):
        statement = statement.where(Contact.occurred_at == moment)
    return page_of(statement.order_by(Contact.occurred_at.desc(), Contact.id.desc()), present_klantcontact)


@bp.get("/klantcontacten/<uuid:uuid>")
def klantcontact(uuid):
    """Een specifiek klantcontact."""
    return present_klantcontact(_contact_by_uuid(uuid))


@bp.post("/klantcontacten")
def klantcontact_create():
    """Registreer een klantcontact; een betrokkene (partij) koppel je met POST /betrokkenen."""
    data = KlantcontactIn().load(json_body())
    gelukt = data.get("indicatieContactGelukt")
    try:
        contact = record_contact(
            ContactInput(
                channel=data["kanaal"], subject=data["onderwerp"], content=data["inhoud"], answer=data["reactie"],
                outcome=None if gelukt is None else (Outcome.RESOLVED.value if gelukt else Outcome.FAILED.value),
                confidential=data["vertrouwelijk"], occurred_at=data.get("plaatsgevondenOp"),
            ),
            g.principal,
        )
    except InvalidInput as error:
        raise error.for_field({"channel": "kanaal", "subject": "onderwerp"}.get(error.field, error.field)) from None
    return present_klantcontact(contact), 201


@bp.get("/betrokkenen")
def betrokkenen():
    """Alle betrokkenen (partijen bij klantcontacten), filterbaar op partij en klantcontact."""
    statement = select(Contact).where(Contact.party_id.is_not(None)).options(selectinload(Contact.party))
    if party_uuid := uuid_arg("wasPartij__uuid"):
        statement = statement.where(Contact.party_id.in_(select(Party.id).where(Party.uuid == party_uuid)))
    if contact_uuid := uuid_arg("hadKlantcontact__uuid"):
        statement = statement.where(Contact.uuid == contact_uuid)
    if (nummer := text_arg("hadKlantcontact__nummer")) is not None:
        statement = statement.where(Contact.id == (int(nummer) if nummer.isdigit() and len(nummer) <= 10 else -1))
    return page_of(statement.order_by(Contact.id), present_betrokkene)


@bp.get("/betrokkenen/<uuid:uuid>")
def betrokkene(uuid):
    """Een specifieke betrokkene."""
    contact = _contact_by_uuid(uuid)
    if contact.party_id is None:
        raise NotFound()
    return present_betrokkene(contact)


@bp.post("/betrokkenen")
def betrokkene_create():
    """Koppel een partij aan een klantcontact (Klantbeeld kent één betrokkene per klantcontact, rol klant)."""
    data = BetrokkeneIn().load(json_body())
    if data["rol"] != "klant":
        raise InvalidInput("unsupported", "Klantbeeld kent alleen de rol klant.", "rol")
    contact = _contact_by_uuid(data["hadKlantcontact"]["uuid"], "hadKlantcontact")
    party = db.session.scalar(select(Party).filter_by(uuid=data["wasPartij"]["uuid"]))
    if party is None:
        raise InvalidInput("does_not_exist", "Deze partij bestaat niet.", "wasPartij")
    try:
        contact = identify_contact(contact.id, party.id)
    except InvalidInput as error:
        raise error.for_field("hadKlantcontact") from None
    return present_betrokkene(contact), 201
