"""``/api/v1/channels/{channel}/events``: the webhook through which channel systems deliver contacts.

A telephony platform, chat service, form portal, appointment system or post room POSTs one
event per request; ``crm.services.intake.receive_channel_event`` identifies the party,
deduplicates and stores it. The token needs the ``intake`` scope (or ``admin``).

Signature: when the setting ``INTAKE_SIGNING_SECRETS`` (environment variable
``KLANTBEELD_INTAKE_SIGNING_SECRETS``, ``channel=secret`` pairs separated by commas) holds a
secret for the channel, every request must carry ``X-Klantbeeld-Signature: sha256=<hex>``, the
HMAC-SHA256 of the raw body with that secret; a missing or wrong signature is a 401. Channels
without a secret are authenticated by the token alone.
"""

import hashlib
import hmac

from flask import current_app, request
from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, fields

from channels import REGISTRY
from channels.errors import AdapterError
from crm.api.contacts import ContactOut, present_contact
from crm.api.problems import problem
from crm.models import Scope
from crm.services.intake import CREATED, PENDING, receive_channel_event

blp = Blueprint(
    "channels", __name__, url_prefix="/api/v1/channels", description="Channel intake: webhooks of telephony, chat, forms, counter and post."
)
blp.write_scope = Scope.INTAKE
# E-mail arrives as the raw message; every other channel as a JSON object.
blp.body_media_types = ("application/json", "message/rfc822")

SIGNATURE_HEADER = "X-Klantbeeld-Signature"
# HTTP status per intake outcome: a new contact, an event seen before (or correcting a stored
# call), and a call event of a call still going on (no contact yet).
STATUS_CODES = {CREATED: 201, PENDING: 202}

REQUEST_BODY = {
    "required": True,
    "description": (
        "One event of the channel, as its system sends it (examples per channel in docs/channels.md). "
        "E-mail: the raw RFC 5322 message as message/rfc822."
    ),
    "content": {
        "application/json": {"schema": {"type": "object", "additionalProperties": True}},
        "message/rfc822": {"schema": {"type": "string", "format": "binary"}},
    },
}


class ChannelEventOut(Schema):
    status = fields.String(
        required=True, metadata={"description": "created, duplicate (seen before), updated (a late call event) or pending (call still going on)."}
    )
    contact_id = fields.Integer(required=True, allow_none=True)
    party_id = fields.Integer(required=True, allow_none=True, metadata={"description": "null: the contact waits in Te identificeren."})
    needs_identification = fields.Boolean(required=True)
    contact = fields.Nested(ContactOut, required=True, allow_none=True)


@blp.errorhandler(AdapterError)
def refuse_payload(error: AdapterError):
    """Unreadable input (not JSON, not UTF-8) is a 400; fields the adapter refuses are a 422, each with its reason."""
    params = [{"name": reason.field, "code": reason.code, "reason": reason.message} for reason in error.reasons]
    if all(reason.field == "payload" for reason in error.reasons):
        return problem(400, code=error.reasons[0].code, detail=error.reasons[0].message, invalid_params=params)
    return problem(422, code="invalid", invalid_params=params)


@blp.route("/<string(maxlength=30):channel>/events")
class ChannelEvents(MethodView):
    @blp.doc(requestBody=REQUEST_BODY)
    @blp.response(201, ChannelEventOut, description="A new contact.")
    @blp.alt_response(200, schema=ChannelEventOut, description="Seen before (the existing contact), or a stored call corrected.")
    @blp.alt_response(202, schema=ChannelEventOut, description="A call event of a call that has not ended: no contact yet.")
    @blp.alt_response(400, response="BAD_REQUEST")
    @blp.alt_response(401, response="UNAUTHORIZED")
    @blp.alt_response(403, response="FORBIDDEN")
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.alt_response(413, response="REQUEST_ENTITY_TOO_LARGE")
    @blp.alt_response(415, response="UNSUPPORTED_MEDIA_TYPE")
    @blp.alt_response(422, response="UNPROCESSABLE_ENTITY")
    def post(self, channel):
        """Deliver one event of a channel; re-delivery of the same event returns the stored contact."""
        if channel not in REGISTRY:
            return problem(404, code="unknown_channel", detail=f"Onbekend kanaal: {channel}.")
        body = request.get_data(cache=True)
        if not _signature_ok(channel, body):
            return problem(401, code="invalid_signature", detail=f"Ontbrekende of onjuiste {SIGNATURE_HEADER}.")
        result = receive_channel_event(channel, body)
        contact = result.contact
        answer = {
            "status": result.status,
            "contact_id": result.contact_id,
            "party_id": contact.party_id if contact is not None else None,
            "needs_identification": result.needs_identification,
            "contact": present_contact(contact) if contact is not None else None,
        }
        return answer, STATUS_CODES.get(result.status, 200)


def signing_secret(channel: str) -> str | None:
    """The channel's secret from ``INTAKE_SIGNING_SECRETS`` (a dict, or ``code=secret,...`` text)."""
    secrets = current_app.config.get("INTAKE_SIGNING_SECRETS") or {}
    if isinstance(secrets, str):
        pairs = (entry.partition("=") for entry in secrets.split(",") if "=" in entry)
        secrets = {code.strip(): secret.strip() for code, _, secret in pairs}
    return secrets.get(channel) or None


def sign(secret: str, body: bytes) -> str:
    """The signature header value a sender computes: ``sha256=`` and the hex HMAC-SHA256 of the body."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def _signature_ok(channel: str, body: bytes) -> bool:
    secret = signing_secret(channel)
    if secret is None:
        return True
    given = request.headers.get(SIGNATURE_HEADER, "")
    return hmac.compare_digest(given.strip().encode(), sign(secret, body).encode())
