"""partijen and partij-identificatoren, mapped onto Party and Identifier."""

from flask import g
from marshmallow import EXCLUDE, Schema, fields, validate
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from crm.api.fields import Text
from crm.extensions import db
from crm.klantinteracties import bp
from crm.klantinteracties.links import ref, zero_padded
from crm.klantinteracties.paging import bool_arg, choice_arg, json_body, page_of, text_arg
from crm.models import Contact, DigitalAddressKind, Identifier, IdentifierKind, Party, PartyKind, ProcessingActivity
from crm.services import parties as party_service
from crm.services.errors import NotFound
from crm.services.parties import AddressInput, OrganisationInput, PersonInput
from crm.services.processing_log import log_processing
from crm.validation import InvalidInput

SOORT_PARTIJ = {PartyKind.PERSON: "persoon", PartyKind.ORGANISATION: "organisatie", PartyKind.CONTACT_PERSON: "contactpersoon"}
# Klantbeeld identifier kind -> (codeObjecttype, codeSoortObjectId, codeRegister)
IDENTIFICATOR = {
    IdentifierKind.BSN: ("natuurlijk_persoon", "bsn", "brp"),
    IdentifierKind.KVK: ("niet_natuurlijk_persoon", "kvk_nummer", "hr"),
    IdentifierKind.BRANCH: ("vestiging", "vestigingsnummer", "hr"),
    IdentifierKind.RSIN: ("niet_natuurlijk_persoon", "rsin", "hr"),
}
KIND_BY_SOORT_OBJECT_ID = {codes[1]: kind for kind, codes in IDENTIFICATOR.items()}


class ForeignKey(Schema):
    class Meta:
        unknown = EXCLUDE

    uuid = fields.UUID(required=True)


class Contactnaam(Schema):
    class Meta:
        unknown = EXCLUDE

    voornaam = Text(load_default="", validate=validate.Length(max=200))
    voorvoegselAchternaam = Text(load_default="", validate=validate.Length(max=10))
    achternaam = Text(load_default="", validate=validate.Length(max=200))


class Identificatie(Schema):
    class Meta:
        unknown = EXCLUDE

    contactnaam = fields.Nested(Contactnaam, allow_none=True)
    naam = Text(validate=validate.Length(max=200))


class Adres(Schema):
    class Meta:
        unknown = EXCLUDE

    postcode = Text(validate=validate.Length(max=7))
    huisnummer = fields.Integer(strict=True, allow_none=True, validate=validate.Range(min=1, max=99999))
    huisnummertoevoeging = Text(load_default="", validate=validate.Length(max=10))
    straatnaam = Text(load_default="", validate=validate.Length(max=200))
    stad = Text(load_default="", validate=validate.Length(max=100))


class IdentificatorGroep(Schema):
    class Meta:
        unknown = EXCLUDE

    codeSoortObjectId = Text(required=True, validate=validate.OneOf(list(KIND_BY_SOORT_OBJECT_ID)))
    objectId = Text(required=True, validate=validate.Length(max=200))
    codeObjecttype = Text()
    codeRegister = Text()


class PartijIdentificatorIn(Schema):
    class Meta:
        unknown = EXCLUDE

    identificeerdePartij = fields.Nested(ForeignKey, allow_none=True)
    partijIdentificator = fields.Nested(IdentificatorGroep, required=True)
    subIdentificatorVan = fields.Nested(ForeignKey, allow_none=True)


class PartijIn(Schema):
    class Meta:
        unknown = EXCLUDE

    soortPartij = Text(required=True, validate=validate.OneOf(["persoon", "organisatie"]))
    partijIdentificatie = fields.Nested(Identificatie, required=True)
    partijIdentificatoren = fields.List(fields.Nested(PartijIdentificatorIn), allow_none=True, validate=validate.Length(max=10))
    bezoekadres = fields.Nested(Adres, allow_none=True)


def present_partij(party: Party) -> dict:
    """A party as a Partij of the standard."""
    preferred = party.preferred_address(DigitalAddressKind.EMAIL) or party.preferred_address(DigitalAddressKind.PHONE)
    contacts = db.session.scalars(select(Contact.uuid).where(Contact.party_id == party.id).order_by(Contact.id))
    address = party.addresses[0] if party.addresses else None
    body = {
        **ref("partij", party.uuid),
        "nummer": zero_padded(party.id),
        "interneNotitie": "",
        "betrokkenen": [ref("betrokkene", uuid) for uuid in contacts],
        "categorieRelaties": [],
        "digitaleAdressen": [ref("digitaaladres", a.uuid) for a in party.digital_addresses],
        "voorkeursDigitaalAdres": ref("digitaaladres", preferred.uuid) if preferred else None,
        "vertegenwoordigden": [],
        "rekeningnummers": [],
        "voorkeursRekeningnummer": None,
        "partijIdentificatoren": [present_identificator(i) for i in party.identifiers],
        "soortPartij": SOORT_PARTIJ[PartyKind(party.kind)],
        "indicatieGeheimhouding": None,
        "voorkeurstaal": "nld",
        "indicatieActief": True,
        "bezoekadres": present_adres(address) if address else None,
        "correspondentieadres": None,
    }
    contactnaam = {
        "voorletters": "".join(f"{name[0]}." for name in (party.given_names or "").split()),
        "voornaam": party.given_names or "",
        "voorvoegselAchternaam": party.surname_prefix or "",
        "achternaam": party.surname or "",
    }
    if party.kind == PartyKind.ORGANISATION:
        body["partijIdentificatie"] = {"naam": (party.organisation_name or "")[:200]}
    elif party.kind == PartyKind.CONTACT_PERSON:
        body["partijIdentificatie"] = {
            "uuid": str(party.uuid),
            "werkteVoorPartij": ref("partij", party.organisation.uuid) if party.organisation else None,
            "contactnaam": contactnaam,
            "volledigeNaam": party.display_name,
        }
    else:
        body["partijIdentificatie"] = {"contactnaam": contactnaam, "volledigeNaam": party.display_name}
    return body


def present_adres(address) -> dict:
    return {
        "straatnaam": address.street,
        "huisnummer": address.house_number,
        "huisnummertoevoeging": address.house_number_suffix or "",
        "postcode": address.postcode,
        "stad": address.city,
        "adresregel1": "",
        "adresregel2": "",
        "adresregel3": "",
        "land": address.country or "NL",
    }


def present_identificator(identifier: Identifier) -> dict:
    objecttype, soort, register = IDENTIFICATOR[IdentifierKind(identifier.kind)]
    return {
        **ref("partijidentificator", identifier.uuid),
        "identificeerdePartij": ref("partij", identifier.party.uuid),
        "anderePartijIdentificator": "",
        "partijIdentificator": {
            "codeObjecttype": objecttype, "codeSoortObjectId": soort, "objectId": identifier.value, "codeRegister": register,
        },
        "subIdentificatorVan": ref("partijidentificator", identifier.parent.uuid) if identifier.parent else None,
    }


def party_by_uuid(uuid, field: str) -> Party:
    party = db.session.scalar(select(Party).filter_by(uuid=uuid))
    if party is None:
        raise InvalidInput("does_not_exist", "Deze partij bestaat niet.", field)
    return party


def _identifier_filter(statement, prefix: str):
    """partijIdentificator__objectId and partijIdentificator__codeSoortObjectId filters."""
    object_id = text_arg(f"{prefix}objectId")
    soort = text_arg(f"{prefix}codeSoortObjectId")
    if object_id or soort:
        matches = select(Identifier.party_id)
        if object_id:
            matches = matches.where(Identifier.value == object_id)
        if soort:
            kind = KIND_BY_SOORT_OBJECT_ID.get(soort)
            matches = matches.where(Identifier.kind == (kind.value if kind else "-"))
        statement = statement.where(Party.id.in_(matches))
    return statement


@bp.get("/partijen")
def partijen():
    """Alle partijen, filterbaar op soortPartij, indicatieActief en partij-identificator."""
    statement = select(Party).options(
        selectinload(Party.identifiers), selectinload(Party.digital_addresses), selectinload(Party.addresses)
    )
    soort = choice_arg("soortPartij", ["contactpersoon", "organisatie", "persoon"])
    if soort:
        kind = next(k for k, v in SOORT_PARTIJ.items() if v == soort)
        statement = statement.where(Party.kind == kind.value)
    if bool_arg("indicatieActief") is False:
        statement = statement.where(Party.id.is_(None))
    if (nummer := text_arg("nummer")) is not None:
        statement = statement.where(Party.id == (int(nummer) if nummer.isdigit() and len(nummer) <= 10 else -1))
    statement = _identifier_filter(statement, "partijIdentificator__")
    return page_of(statement.order_by(Party.id), present_partij)


@bp.get("/partijen/<uuid:uuid>")
def partij(uuid):
    """Een specifieke partij (het inzien wordt gelogd in het verwerkingenlog)."""
    party = by_uuid_or_404(Party, uuid)
    log_processing(g.principal, party.id, ProcessingActivity.SERVICE, details={"api": "klantinteracties"})
    return present_partij(party)


@bp.post("/partijen")
def partij_create():
    """Maak een persoon of organisatie aan, met BSN, KvK-nummer, vestigingsnummer of RSIN en bezoekadres."""
    data = PartijIn().load(json_body())
    identificatie, numbers = data["partijIdentificatie"], {}
    for item in data.get("partijIdentificatoren") or []:
        group = item["partijIdentificator"]
        numbers[KIND_BY_SOORT_OBJECT_ID[group["codeSoortObjectId"]]] = group["objectId"]
    address = None
    if data.get("bezoekadres") and data["bezoekadres"].get("postcode"):
        adres = data["bezoekadres"]
        address = AddressInput(adres["postcode"], adres.get("huisnummer") or "", adres["huisnummertoevoeging"], adres["straatnaam"], adres["stad"])
    if data["soortPartij"] == "persoon":
        naam = identificatie.get("contactnaam") or {}
        party = party_service.create_person(PersonInput(
            surname=naam.get("achternaam", ""), given_names=naam.get("voornaam", ""),
            surname_prefix=naam.get("voorvoegselAchternaam", ""), bsn=numbers.get(IdentifierKind.BSN), address=address,
        ))
    else:
        party = party_service.create_organisation(OrganisationInput(
            name=identificatie.get("naam", ""), kvk=numbers.get(IdentifierKind.KVK),
            branch_number=numbers.get(IdentifierKind.BRANCH), rsin=numbers.get(IdentifierKind.RSIN), address=address,
        ))
    return present_partij(party), 201


@bp.get("/partij-identificatoren")
def partij_identificatoren():
    """Alle partij-identificatoren, filterbaar op objectId en soort."""
    statement = select(Identifier).options(selectinload(Identifier.party), selectinload(Identifier.parent))
    if object_id := text_arg("partijIdentificatorObjectId"):
        statement = statement.where(Identifier.value == object_id)
    soort = choice_arg("partijIdentificatorCodeSoortObjectId", ["bsn", "kvk_nummer", "rsin", "vestigingsnummer"])
    if soort:
        statement = statement.where(Identifier.kind == KIND_BY_SOORT_OBJECT_ID[soort].value)
    objecttype = choice_arg("partijIdentificatorCodeObjecttype", ["natuurlijk_persoon", "niet_natuurlijk_persoon", "vestiging"])
    if objecttype:
        statement = statement.where(Identifier.kind.in_([k.value for k, codes in IDENTIFICATOR.items() if codes[0] == objecttype]))
    register = choice_arg("partijIdentificatorCodeRegister", ["brp", "hr"])
    if register:
        statement = statement.where(Identifier.kind.in_([k.value for k, codes in IDENTIFICATOR.items() if codes[2] == register]))
    return page_of(statement.order_by(Identifier.id), present_identificator)


@bp.get("/partij-identificatoren/<uuid:uuid>")
def partijidentificator(uuid):
    """Een specifieke partij-identificator."""
    return present_identificator(by_uuid_or_404(Identifier, uuid))


@bp.post("/partij-identificatoren")
def partijidentificator_create():
    """Voeg een identificator toe aan een bestaande partij."""
    data = PartijIdentificatorIn().load(json_body())
    if not data.get("identificeerdePartij"):
        raise InvalidInput("required", "Kies de partij die deze identificator identificeert.", "identificeerdePartij")
    party = party_by_uuid(data["identificeerdePartij"]["uuid"], "identificeerdePartij")
    parent_id = None
    if data.get("subIdentificatorVan"):
        parent = db.session.scalar(select(Identifier).filter_by(uuid=data["subIdentificatorVan"]["uuid"]))
        if parent is None:
            raise InvalidInput("does_not_exist", "Deze identificator bestaat niet.", "subIdentificatorVan")
        parent_id = parent.id
    group = data["partijIdentificator"]
    try:
        identifier = party_service.add_identifier(party.id, KIND_BY_SOORT_OBJECT_ID[group["codeSoortObjectId"]], group["objectId"], parent_id)
    except InvalidInput as error:
        raise error.for_field("partijIdentificator.objectId" if error.field == "value" else "subIdentificatorVan") from None
    return present_identificator(identifier), 201


def by_uuid_or_404(model, uuid):
    record = db.session.scalar(select(model).filter_by(uuid=uuid))
    if record is None:
        raise NotFound()
    return record

