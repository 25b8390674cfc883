"""Errors as RFC 9457 ``application/problem+json``, with a message per field.

Every error of the API ends here: HTTP errors (404, 405, 413, 415, ...), marshmallow
validation errors (422), and the service errors InvalidInput (422), NotFound (404),
NotAllowed (403) and Conflict (409).
"""

from flask import Flask, current_app, json, request
from marshmallow import Schema, fields
from werkzeug.exceptions import HTTPException, InternalServerError

from crm.models import CaseEvent
from crm.services.errors import Conflict, NotAllowed, NotFound
from crm.validation import InvalidInput

PROBLEM_MEDIA_TYPE = "application/problem+json"
API_PATH_PREFIXES = ("/api/", "/klantinteracties/api/")

TITLES = {
    400: "Ongeldig verzoek",
    401: "Niet geauthenticeerd",
    403: "Geen toegang",
    404: "Niet gevonden",
    405: "Methode niet toegestaan",
    406: "Niet aanvaardbaar",
    409: "Conflict",
    413: "Verzoek te groot",
    415: "Mediatype niet ondersteund",
    422: "Ongeldige invoer",
    429: "Te veel verzoeken",
    500: "Interne fout",
    503: "Dienst niet beschikbaar",
}

DETAILS = {
    400: "Het verzoek kon niet worden gelezen.",
    401: "Stuur een geldige sleutel mee: Authorization: Token <sleutel>.",
    403: "Deze sleutel mag dit niet.",
    404: "De gevraagde bron bestaat niet.",
    405: "Deze methode is hier niet toegestaan.",
    413: "De inhoud van het verzoek is te groot.",
    415: "Stuur de inhoud als application/json.",
    422: "Een of meer velden zijn ongeldig.",
    500: "Er ging iets mis aan onze kant; probeer het later opnieuw.",
}

# marshmallow's and webargs's English messages in Dutch (the API speaks Dutch first).
MESSAGES_NL = {
    "Missing data for required field.": "Dit veld is verplicht.",
    "Unknown field.": "Onbekend veld.",
    "Field may not be null.": "Dit veld mag niet leeg (null) zijn.",
    "Not a valid string.": "Geen geldige tekst.",
    "Not a valid integer.": "Geen geldig geheel getal.",
    "Not a valid number.": "Geen geldig getal.",
    "Not a valid boolean.": "Geen geldige waarde voor ja/nee (true of false).",
    "Not a valid list.": "Geen geldige lijst.",
    "Not a valid date.": "Geen geldige datum (JJJJ-MM-DD).",
    "Not a valid datetime.": "Geen geldig tijdstip (ISO 8601 met tijdzone).",
    "Not a valid aware datetime.": "Geen geldig tijdstip: geef een tijdzone mee, bijvoorbeeld +01:00.",
    "Not a valid UUID.": "Geen geldige UUID.",
    "Invalid input type.": "Ongeldig soort invoer; verwacht een JSON-object.",
    "Invalid JSON body.": "De inhoud is geen geldige JSON.",
    "Not a valid mapping type.": "Geen geldig JSON-object.",
}


class InvalidParamSchema(Schema):
    name = fields.String(required=True, metadata={"description": "The field, dotted for nested fields."})
    code = fields.String(required=True)
    reason = fields.String(required=True, metadata={"description": "What is wrong, in Dutch."})


class ProblemSchema(Schema):
    """RFC 9457 problem details."""

    type = fields.String(required=True)
    title = fields.String(required=True)
    status = fields.Integer(required=True)
    detail = fields.String()
    instance = fields.String()
    code = fields.String()
    invalidParams = fields.List(fields.Nested(InvalidParamSchema))
    changes = fields.List(fields.Dict(), metadata={"description": "On 409: what changed since the version you read."})


def is_api_request() -> bool:
    return request.path.startswith(API_PATH_PREFIXES)


def problem(status: int, *, code: str | None = None, detail: str | None = None, invalid_params=None, headers=None, **extra):
    """A problem+json response."""
    body = {
        "type": f"urn:klantbeeld:problem:{code}" if code else "about:blank",
        "title": TITLES.get(status, "Fout"),
        "status": status,
        "detail": detail or DETAILS.get(status, ""),
        "instance": request.path,
    }
    if code:
        body["code"] = code
    if invalid_params:
        body["invalidParams"] = invalid_params
    body.update(extra)
    response = current_app.response_class(json.dumps(body), status=status, mimetype=PROBLEM_MEDIA_TYPE)
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def flatten_messages(messages, prefix: str = "") -> list[dict]:
    """Turn marshmallow's nested error dict into ``[{name, code, reason}]`` with dotted names."""
    params = []
    if isinstance(messages, dict):
        for key, value in messages.items():
            name = f"{prefix}.{key}" if prefix else str(key)
            if key == "_schema":
                name = prefix or "body"
            params.extend(flatten_messages(value, name))
    elif isinstance(messages, list) and all(isinstance(m, str) for m in messages):
        for message in messages:
            params.append({"name": prefix or "body", "code": "invalid", "reason": MESSAGES_NL.get(message, message)})
    elif isinstance(messages, list):
        for item in messages:
            params.extend(flatten_messages(item, prefix))
    else:
        params.append({"name": prefix or "body", "code": "invalid", "reason": MESSAGES_NL.get(str(messages), str(messages))})
    return params


def _webargs_params(messages: dict) -> list[dict]:
    """webargs nests errors under the location (json, query, ...); the client only knows the names."""
    params = []
    for location, errors in (messages or {}).items():
        params.extend(flatten_messages(errors))
    return params


def handle_http_exception(error: HTTPException):
    """HTTP errors on API paths as problem+json; elsewhere Flask's own page."""
    if not is_api_request():
        return error
    data = getattr(error, "data", None) or {}
    status = error.code or 500
    if "messages" in data:
        params = _webargs_params(data["messages"])
        if status == 400:
            return problem(400, code="invalid_json", detail=params[0]["reason"] if params else None)
        return problem(status, code="invalid", invalid_params=params)
    headers = dict(data.get("headers") or {})
    if status == 405 and getattr(error, "valid_methods", None):
        headers["Allow"] = ", ".join(sorted(error.valid_methods))
    if status == 401:
        headers["WWW-Authenticate"] = "Token"
    custom = error.description if error.description != type(error).description else None
    detail = data.get("message") or custom or DETAILS.get(status) or error.description
    return problem(status, code=data.get("code"), detail=detail, headers=headers)


def handle_invalid_input(error: InvalidInput):
    """A value the rules refuse (an invalid BSN, an unknown channel, ...): 422 with the field."""
    field = error.field or "body"
    return problem(422, code="invalid", invalid_params=[{"name": field, "code": error.code, "reason": error.message}])


def handle_not_found(error: NotFound):
    return problem(404, code="not_found", detail=error.message)


def handle_not_allowed(error: NotAllowed):
    return problem(403, code="not_allowed", detail=error.message)


def handle_conflict(error: Conflict):
    """Someone changed the record since the client read it: 409 with what changed."""
    changes = [
        {
            "kind": change.kind,
            "occurred_at": change.occurred_at.isoformat(),
            "case_version": change.case_version,
            "note": change.note,
        }
        for change in error.changes
        if isinstance(change, CaseEvent)
    ]
    return problem(409, code="conflict", detail=error.message, changes=changes)


def handle_server_error(error: InternalServerError):
    if not is_api_request():
        return error
    return problem(500, code="server_error")


def register_app_handlers(app: Flask) -> None:
    """HTTP errors on API paths, also those raised before any view (404 and 405 from routing)."""
    app.register_error_handler(HTTPException, handle_http_exception)
    app.register_error_handler(InternalServerError, handle_server_error)


def register_blueprint_handlers(blueprint) -> None:
    """Errors raised inside an API blueprint's views, including the service errors."""
    blueprint.register_error_handler(HTTPException, handle_http_exception)
    blueprint.register_error_handler(InternalServerError, handle_server_error)
    blueprint.register_error_handler(InvalidInput, handle_invalid_input)
    blueprint.register_error_handler(NotFound, handle_not_found)
    blueprint.register_error_handler(NotAllowed, handle_not_allowed)
    blueprint.register_error_handler(Conflict, handle_conflict)
