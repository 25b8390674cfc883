"""``/api/v1/parties``: persons and organisations with identifiers, addresses and digital addresses."""

from flask import g
from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from crm.api.fields import MAX_ID, Moment, PageArgs, Text, page_schema
from crm.api.pagination import paginate
from crm.extensions import db
from crm.models import DigitalAddressKind, IdentifierKind, Party, ProcessingActivity
from crm.services import parties as party_service
from crm.services.lookups import find_parties
from crm.services.parties import AddressInput, OrganisationInput, PersonInput
from crm.services.processing_log import log_processing
from crm.validation import InvalidInput, normalise_email, normalise_phone, normalise_postcode

blp = Blueprint("parties", __name__, url_prefix="/api/v1/parties", description="Persons and organisations (partijen).")

PERSON_FIELDS = {"surname", "given_names", "surname_prefix", "birth_date", "bsn"}
ORGANISATION_FIELDS = {"name", "kvk", "branch_number", "rsin"}
# Service field names as the client knows them in the request body.
BODY_FIELDS = {"email": "emails", "phone": "phones", "postcode": "address.postcode", "house_number": "address.house_number"}


class AddressIn(Schema):
    postcode = Text(required=True, validate=validate.Length(max=20), metadata={"example": "1234 AB"})
    house_number = fields.Integer(required=True, strict=True, validate=validate.Range(min=1, max=99999))
    house_number_suffix = Text(allow_none=True, validate=validate.Length(max=10))
    street = Text(load_default="", validate=validate.Length(max=200))
    city = Text(load_default="", validate=validate.Length(max=100))


class PartyIn(Schema):
    kind = Text(required=True, validate=validate.OneOf(["person", "organisation"]))
    surname = Text(validate=validate.Length(max=200), metadata={"description": "Person: geslachtsnaam."})
    given_names = Text(validate=validate.Length(max=200))
    surname_prefix = Text(validate=validate.Length(max=20), metadata={"description": "Voorvoegsel, e.g. 'van der'."})
    birth_date = fields.Date(allow_none=True)
    bsn = Text(allow_none=True, validate=validate.Length(max=20), metadata={"description": "Person: BSN (elfproef)."})
    name = Text(validate=validate.Length(max=300), metadata={"description": "Organisation: statutaire naam."})
    kvk = Text(allow_none=True, validate=validate.Length(max=20))
    branch_number = Text(allow_none=True, validate=validate.Length(max=20), metadata={"description": "Vestigingsnummer."})
    rsin = Text(allow_none=True, validate=validate.Length(max=20))
    emails = fields.List(Text(validate=validate.Length(max=254)), load_default=list, validate=validate.Length(max=10))
    phones = fields.List(Text(validate=validate.Length(max=40)), load_default=list, validate=validate.Length(max=10))
    address = fields.Nested(AddressIn, allow_none=True)

    @validates_schema
    def fields_fit_the_kind(self, data, **kwargs):
        own, other = (PERSON_FIELDS, ORGANISATION_FIELDS) if data.get("kind") == "person" else (ORGANISATION_FIELDS, PERSON_FIELDS)
        errors = {name: ["Dit veld hoort niet bij dit soort partij."] for name in other if name in data}
        required = "surname" if data.get("kind") == "person" else "name"
        if data.get("kind") and not data.get(required):
            errors[required] = ["Dit veld is verplicht."]
        if errors:
            raise ValidationError(errors)


class DigitalAddressIn(Schema):
    kind = Text(required=True, validate=validate.OneOf([k.value for k in DigitalAddressKind]))
    value = Text(required=True, validate=validate.Length(max=254))
    preferred = fields.Boolean(load_default=False)


class IdentifierOut(Schema):
    id = fields.Integer(required=True)
    kind = fields.String(required=True, metadata={"description": "bsn, kvk, vestigingsnummer or rsin"})
    value = fields.String(required=True)
    parent_id = fields.Integer(required=True, allow_none=True)


class DigitalAddressOut(Schema):
    id = fields.Integer(required=True)
    kind = fields.String(required=True, metadata={"description": "email or phone (E.164)"})
    value = fields.String(required=True)
    preferred = fields.Boolean(required=True)
    verified_at = Moment(required=True, allow_none=True)
    label = fields.String(required=True, allow_none=True)


class AddressOut(Schema):
    id = fields.Integer(required=True)
    street = fields.String(required=True)
    house_number = fields.Integer(required=True)
    house_number_suffix = fields.String(required=True, allow_none=True)
    postcode = fields.String(required=True)
    city = fields.String(required=True)
    country = fields.String(required=True)


class PartyOut(Schema):
    id = fields.Integer(required=True)
    uuid = fields.UUID(required=True)
    kind = fields.String(required=True, metadata={"description": "person, organisation or contact_person"})
    display_name = fields.String(required=True)
    given_names = fields.String(required=True, allow_none=True)
    surname_prefix = fields.String(required=True, allow_none=True)
    surname = fields.String(required=True, allow_none=True)
    birth_date = fields.Date(required=True, allow_none=True)
    organisation_name = fields.String(required=True, allow_none=True)
    organisation_id = fields.Integer(required=True, allow_none=True)
    identifiers = fields.List(fields.Nested(IdentifierOut), required=True)
    digital_addresses = fields.List(fields.Nested(DigitalAddressOut), required=True)
    addresses = fields.List(fields.Nested(AddressOut), required=True)
    created_at = Moment(required=True)


class PartyArgs(PageArgs):
    kind = Text(validate=validate.OneOf(["person", "organisation", "contact_person"]))
    bsn = Text(validate=validate.Length(max=20))
    kvk = Text(validate=validate.Length(max=20))
    surname = Text(validate=validate.Length(max=200), metadata={"description": "Start of the surname or organisation name."})
    postcode = Text(validate=validate.Length(max=20))
    email = Text(validate=validate.Length(max=254))
    phone = Text(validate=validate.Length(max=40))


PartyPage = page_schema(PartyOut, "PartyPage")


@blp.route("")
class Parties(MethodView):
    @blp.arguments(PartyArgs, location="query")
    @blp.response(200, PartyPage)
    def get(self, args):
        """List parties, filtered by kind, BSN, KvK number, surname, postcode, e-mail or phone."""
        page, page_size = args.pop("page"), args.pop("page_size")
        filters = {"kind": args.get("kind"), "surname": args.get("surname")}
        for name, kind in (("bsn", IdentifierKind.BSN), ("kvk", IdentifierKind.KVK)):
            if args.get(name):
                normalise = party_service.NORMALISERS[kind]
                filters["identifier_kind"], filters["identifier"] = kind, _normalised(normalise, args[name], name)
        if args.get("postcode"):
            filters["postcode"] = _normalised(normalise_postcode, args["postcode"], "postcode")
        if args.get("email"):
            filters["email"] = _normalised(normalise_email, args["email"], "email")
        if args.get("phone"):
            filters["phone"] = _normalised(normalise_phone, args["phone"], "phone")
        return paginate(find_parties(**filters), page, page_size)

    @blp.arguments(PartyIn)
    @blp.response(201, PartyOut)
    def post(self, data):
        """Register a person or an organisation; BSN, KvK, postcode, e-mail and phone are validated."""
        address = AddressInput(**data.pop("address")) if data.get("address") else None
        kind = data.pop("kind")
        try:
            if kind == "person":
                return party_service.create_person(PersonInput(address=address, **data))
            return party_service.create_organisation(OrganisationInput(address=address, **data))
        except InvalidInput as error:
            raise error.for_field(BODY_FIELDS.get(error.field, error.field)) from None


@blp.route(f"/<int(max={MAX_ID}):party_id>")
class PartyDetail(MethodView):
    @blp.response(200, PartyOut)
    def get(self, party_id):
        """One party with its identifiers, addresses and digital addresses (the read is logged)."""
        party = db.get_or_404(Party, party_id)
        log_processing(g.principal, party.id, ProcessingActivity.SERVICE, details={"api": "parties"})
        return party


@blp.route(f"/<int(max={MAX_ID}):party_id>/digital-addresses")
class PartyDigitalAddresses(MethodView):
    @blp.arguments(DigitalAddressIn)
    @blp.response(201, DigitalAddressOut)
    def post(self, data, party_id):
        """Add an e-mail address or phone number; a preferred one replaces the old preference."""
        try:
            return party_service.add_digital_address(
                party_id, DigitalAddressKind(data["kind"]), data["value"], data["preferred"]
            )
        except InvalidInput as error:
            raise error.for_field("value") from None


@blp.route(f"/<int(max={MAX_ID}):party_id>/addresses")
class PartyAddresses(MethodView):
    @blp.arguments(AddressIn)
    @blp.response(201, AddressOut)
    def post(self, data, party_id):
        """Add a postal address to a party."""
        return party_service.add_address(party_id, AddressInput(**data))


def _normalised(normalise, value: str, field: str) -> str:
    try:
        return normalise(value)
    except InvalidInput as error:
        raise error.for_field(field) from None

