"""A Klantinteracties-compatible layer (VNG standard 0.9.0, as Open Klant implements it).

``/klantinteracties/api/v1/`` answers partijen, partij-identificatoren, digitaleadressen,
klantcontacten, betrokkenen, internetaken and actoren in the standard's field names and
shapes, mapped onto Klantbeeld's own tables (see docs/klantinteracties.md). It uses the same
tokens, scopes, permission policy and services as ``/api/v1``.
"""

from flask import Blueprint, Flask, current_app, request
from marshmallow import ValidationError

from crm import auth, permissions
from crm.api import problems
from crm.api.security import authenticate_request
from crm.extensions import csrf
from crm.validation import InvalidInput

bp = Blueprint("klantinteracties", __name__, url_prefix="/klantinteracties/api/v1")
API_VERSION = "0.9.0"


@bp.before_request
def limit_body_size():
    request.max_content_length = current_app.config.get("API_MAX_CONTENT_LENGTH", 1024 * 1024)


bp.before_request(authenticate_request())
problems.register_blueprint_handlers(bp)


# The standard (like Open Klant) answers invalid input with 400 and invalidParams.
@bp.errorhandler(InvalidInput)
def invalid_input(error: InvalidInput):
    return problems.problem(400, code="invalid", invalid_params=[{"name": error.field or "body", "code": error.code, "reason": error.message}])


@bp.errorhandler(ValidationError)
def invalid_body(error: ValidationError):
    return problems.problem(400, code="invalid", invalid_params=problems.flatten_messages(error.messages))


@bp.after_request
def api_version_header(response):
    response.headers["API-version"] = API_VERSION
    return response


def init_app(app: Flask) -> None:
    """Register the layer: token authentication instead of the login wall, no CSRF."""
    from crm.klantinteracties import contacten, digitaleadressen, partijen, taken  # noqa: F401  (register the routes)

    auth.exempt_from_login(bp.name)
    csrf.exempt(bp)
    app.register_blueprint(bp)
    permissions.declare_token_scopes(app, bp.name)
