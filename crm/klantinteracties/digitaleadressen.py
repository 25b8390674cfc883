"""digitaleadressen, mapped onto DigitalAddress (e-mail addresses and phone numbers of a party)."""

from marshmallow import EXCLUDE, Schema, fields, validate
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from crm.api.fields import Text
from crm.klantinteracties import bp
from crm.klantinteracties.links import ref
from crm.klantinteracties.paging import bool_arg, choice_arg, json_body, page_of, text_arg, uuid_arg
from crm.klantinteracties.partijen import ForeignKey, by_uuid_or_404, party_by_uuid
from crm.models import DigitalAddress, DigitalAddressKind, Party
from crm.services import parties as party_service
from crm.validation import InvalidInput

SOORT_DIGITAAL_ADRES = {DigitalAddressKind.EMAIL: "email", DigitalAddressKind.PHONE: "telefoonnummer"}
KIND_BY_SOORT_DIGITAAL_ADRES = {value: kind for kind, value in SOORT_DIGITAAL_ADRES.items()}


class DigitaalAdresIn(Schema):
    class Meta:
        unknown = EXCLUDE

    verstrektDoorPartij = fields.Nested(ForeignKey, required=True, allow_none=False)
    adres = Text(required=True, validate=validate.Length(min=1, max=254))
    soortDigitaalAdres = Text(required=True, validate=validate.OneOf(list(KIND_BY_SOORT_DIGITAAL_ADRES)))
    isStandaardAdres = fields.Boolean(load_default=False)


def present_digitaal_adres(address: DigitalAddress) -> dict:
    return {
        **ref("digitaaladres", address.uuid),
        "verstrektDoorBetrokkene": None,
        "verstrektDoorPartij": ref("partij", address.party.uuid),
        "adres": address.value,
        "soortDigitaalAdres": SOORT_DIGITAAL_ADRES[DigitalAddressKind(address.kind)],
        "isStandaardAdres": bool(address.preferred),
        "omschrijving": (address.label or "")[:40],
        "verificatieDatum": address.verified_at.date().isoformat() if address.verified_at else None,
    }


@bp.get("/digitaleadressen")
def digitaleadressen():
    """Alle digitale adressen, filterbaar op adres, soort, standaardadres en partij."""
    statement = select(DigitalAddress).options(selectinload(DigitalAddress.party))
    if adres := text_arg("adres"):
        statement = statement.where(DigitalAddress.value == adres)
    if contains := text_arg("adres__icontains"):
        statement = statement.where(DigitalAddress.value.icontains(contains, autoescape=True))
    if soort := choice_arg("soortDigitaalAdres", ["email", "overig", "telefoonnummer"]):
        kind = KIND_BY_SOORT_DIGITAAL_ADRES.get(soort)
        statement = statement.where(DigitalAddress.kind == (kind.value if kind else "-"))
    if (standaard := bool_arg("isStandaardAdres")) is not None:
        statement = statement.where(DigitalAddress.preferred.is_(standaard))
    if (omschrijving := text_arg("omschrijving")) is not None:
        statement = statement.where(DigitalAddress.label == omschrijving)
    if party_uuid := uuid_arg("verstrektDoorPartij__uuid"):
        statement = statement.where(DigitalAddress.party_id.in_(select(Party.id).where(Party.uuid == party_uuid)))
    return page_of(statement.order_by(DigitalAddress.id), present_digitaal_adres)


@bp.get("/digitaleadressen/<uuid:uuid>")
def digitaaladres(uuid):
    """Een specifiek digitaal adres."""
    return present_digitaal_adres(by_uuid_or_404(DigitalAddress, uuid))


@bp.post("/digitaleadressen")
def digitaaladres_create():
    """Voeg een e-mailadres of telefoonnummer toe aan een partij (genormaliseerd opgeslagen)."""
    data = DigitaalAdresIn().load(json_body())
    party = party_by_uuid(data["verstrektDoorPartij"]["uuid"], "verstrektDoorPartij")
    kind = KIND_BY_SOORT_DIGITAAL_ADRES[data["soortDigitaalAdres"]]
    try:
        address = party_service.add_digital_address(party.id, kind, data["adres"], data["isStandaardAdres"])
    except InvalidInput as error:
        raise error.for_field("adres") from None
    return present_digitaal_adres(address), 201
