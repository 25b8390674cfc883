"""Token authentication: ``Authorization: Token <key>`` on every API request, and scopes per method."""

from flask import abort, current_app, g, request

from crm import permissions
from crm.permissions import TokenPrincipal
from crm.services.tokens import token_for_key

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
JSON_MEDIA_TYPES = ("application/json",)


def authenticate_request(media_types: tuple[str, ...] = JSON_MEDIA_TYPES):
    """A ``before_request`` hook: who is calling, and does their token hold the scope the view declares?

    No or an unknown token: 401. A view that declares no scope (crm/permissions/tokens.py):
    403, deny by default. A token without the declared scope: 403. ``media_types`` are the
    request bodies the blueprint reads besides ``+json`` ones (anything else: 415).
    """

    def check():
        g.principal = principal_from_header(request.headers.get("Authorization", ""))
        if g.principal is None:
            abort(401, description="Geen of een ongeldige sleutel.")
        needed = permissions.required_scope(current_app.view_functions.get(request.endpoint), request.method)
        if needed is None:
            current_app.logger.error("API view %s declares no scope; refused", request.endpoint)
            abort(403)
        if not permissions.has_scope(g.principal, needed):
            abort(403, description=f"Deze sleutel heeft de scope '{needed.value}' niet.")
        _require_json_body(media_types)

    return check


def principal_from_header(header: str) -> TokenPrincipal | None:
    scheme, _, key = header.strip().partition(" ")
    if scheme.lower() != "token" or not key.strip():
        return None
    token = token_for_key(key.strip())
    if token is None:
        return None
    return TokenPrincipal(
        token_id=token.id,
        name=token.name,
        scopes=frozenset(token.scopes),
        department_ids=frozenset(d.id for d in token.departments),
    )


def _require_json_body(media_types: tuple[str, ...] = JSON_MEDIA_TYPES) -> None:
    """A body must be JSON; anything else is a 415 rather than a puzzling "field missing"."""
    if request.method in SAFE_METHODS:
        return
    has_body = bool(request.content_length) or request.headers.get("Transfer-Encoding") == "chunked"
    if has_body and not (request.mimetype in media_types or request.mimetype.endswith("+json")):
        abort(415)


def content_for_caller(item, *names: str) -> dict:
    """The named content fields of a contact, case or task, or None each when the calling token may not read them."""
    readable = permissions.can_read_content(g.principal, item)
    return {"content_withheld": not readable, **{name: getattr(item, name) if readable else None for name in names}}
