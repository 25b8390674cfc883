"""``/api/v1/contacts``: contacts (klantcontacten) of every channel."""

from flask import g
from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from crm import permissions
from crm.api.fields import MAX_ID, Id, Moment, PageArgs, Text, id_filter, page_schema
from crm.api.pagination import paginate
from crm.api.security import content_for_caller
from crm.extensions import db
from crm.models import Contact, Direction, Outcome
from crm.services.contacts import ContactInput, record_contact
from crm.services.errors import NotFound
from crm.services.lookups import find_contacts
from crm.validation import InvalidInput

blp = Blueprint("contacts", __name__, url_prefix="/api/v1/contacts", description="Contacts (klantcontacten) of every channel.")

MAX_TEXT = 20000


class ContactIn(Schema):
    channel = Text(required=True, validate=validate.Length(max=30), metadata={"description": "Channel code: telefoon, balie, e-mail, post, chat, webformulier, ..."})
    subject = Text(required=True, validate=validate.Length(max=300))
    party_id = Id(allow_none=True)
    direction = Text(load_default=Direction.INBOUND.value, validate=validate.OneOf([d.value for d in Direction]))
    occurred_at = Moment(allow_none=True)
    content = Text(load_default="", validate=validate.Length(max=MAX_TEXT))
    answer = Text(load_default="", validate=validate.Length(max=MAX_TEXT))
    outcome = Text(allow_none=True, validate=validate.OneOf([o.value for o in Outcome]))
    confidential = fields.Boolean(load_default=False)
    department_id = Id(allow_none=True)
    duration_seconds = fields.Integer(allow_none=True, strict=True, validate=validate.Range(min=0, max=7 * 24 * 3600))
    external_id = Text(allow_none=True, validate=validate.Length(max=255), metadata={"description": "The source system's id; a repeat returns the same contact."})
    case_id = Id(allow_none=True)


class ContactOut(Schema):
    id = fields.Integer(required=True)
    uuid = fields.UUID(required=True)
    party_id = fields.Integer(required=True, allow_none=True)
    channel = fields.String(required=True)
    direction = fields.String(required=True)
    occurred_at = Moment(required=True)
    subject = fields.String(required=True, allow_none=True, metadata={"description": "null when withheld"})
    content = fields.String(required=True, allow_none=True)
    answer = fields.String(required=True, allow_none=True)
    content_withheld = fields.Boolean(required=True, metadata={"description": "Confidential content this token may not read."})
    outcome = fields.String(required=True, allow_none=True)
    confidential = fields.Boolean(required=True)
    department_id = fields.Integer(required=True, allow_none=True)
    handled_by_id = fields.Integer(required=True, allow_none=True)
    duration_seconds = fields.Integer(required=True, allow_none=True)
    external_id = fields.String(required=True, allow_none=True)
    case_id = fields.Integer(required=True, allow_none=True)
    created_at = Moment(required=True)


class ContactArgs(PageArgs):
    party_id = id_filter("Contacts of this party.")
    channel = Text(validate=validate.Length(max=30))
    department_id = id_filter("Contacts handled for this department.")
    case_id = id_filter("Contacts linked to this case.")
    occurred_after = Moment(metadata={"description": "From this moment (inclusive)."})
    occurred_before = Moment(metadata={"description": "Before this moment."})


ContactPage = page_schema(ContactOut, "ContactPage")


def present_contact(contact: Contact) -> dict:
    """A contact as the calling token may see it: confidential content only for its departments."""
    return {
        "id": contact.id,
        "uuid": contact.uuid,
        "party_id": contact.party_id,
        "channel": contact.channel.code,
        "direction": contact.direction,
        "occurred_at": contact.occurred_at,
        **content_for_caller(contact, "subject", "content", "answer"),
        "outcome": contact.outcome,
        "confidential": permissions.is_confidential(contact),
        "department_id": contact.department_id,
        "handled_by_id": contact.handled_by_id,
        "duration_seconds": contact.duration_seconds,
        "external_id": contact.external_id,
        "case_id": contact.case_id,
        "created_at": contact.created_at,
    }


@blp.route("")
class Contacts(MethodView):
    @blp.arguments(ContactArgs, location="query")
    @blp.response(200, ContactPage)
    def get(self, args):
        """List contacts, newest first, by party, channel, department, case or period."""
        page, page_size = args.pop("page"), args.pop("page_size")
        return paginate(find_contacts(**args), page, page_size, present_contact)

    @blp.arguments(ContactIn)
    @blp.response(201, ContactOut)
    def post(self, data):
        """Record a contact; the same channel and external_id again returns the stored contact."""
        try:
            contact = record_contact(ContactInput(**data), g.principal)
        except NotFound as error:
            raise InvalidInput("unknown_party", error.message, "party_id") from None
        return present_contact(contact)


@blp.route(f"/<int(max={MAX_ID}):contact_id>")
class ContactDetail(MethodView):
    @blp.response(200, ContactOut)
    def get(self, contact_id):
        """One contact; confidential content is withheld from tokens of other departments."""
        return present_contact(db.get_or_404(Contact, contact_id))
