"""Token authentication: ``Authorization: Token <key>`` on every API request, and scopes per method."""

from flask import abort, g, request

from crm import permissions
from crm.models import Scope
from crm.permissions import TokenPrincipal
from crm.services.tokens import token_for_key

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
JSON_MEDIA_TYPES = ("application/json",)


def authenticate_request(write_scope: Scope = Scope.WRITE, media_types: tuple[str, ...] = JSON_MEDIA_TYPES):
    """A ``before_request`` hook: who is calling, and may they use this method?

    ``media_types`` are the bodies the blueprint reads besides ``+json`` ones.
    """

    def check():
        g.principal = principal_from_header(request.headers.get("Authorization", ""))
        if g.principal is None:
            abort(401, description="Geen of een ongeldige sleutel.")
        needed = Scope.READ if request.method in SAFE_METHODS else write_scope
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
