"""The REST API at ``/api/v1``: flask-smorest blueprints behind token authentication.

Every blueprint registered on the app's :class:`KlantbeeldApi` is exempt from the session
login wall and from CSRF (it authenticates each request with ``Authorization: Token <key>``),
and its errors are ``application/problem+json``. To add endpoints, add the module (with a
flask-smorest ``blp``) to :data:`API_MODULES`. Each of its views declares the token scope it
needs (crm/permissions/tokens.py): reads the read scope, other methods the write scope, or the
intake scope for a blueprint with ``write_scope = Scope.INTAKE``. The documentation page and
openapi.json are public: they describe the API, never its data.
A blueprint's ``body_media_types`` lists the request bodies it reads (JSON by default).
"""

import http
import importlib

from flask import Flask, current_app, request
from flask_smorest import Api
from flask_smorest.utils import prepare_response

from crm import auth, permissions
from crm.api import problems
from crm.api.security import JSON_MEDIA_TYPES, authenticate_request
from crm.extensions import csrf
from crm.models import Scope

API_SETTINGS = {
    "API_TITLE": "Klantbeeld API",
    "API_VERSION": "1.0.0",
    "OPENAPI_VERSION": "3.0.3",
    "OPENAPI_URL_PREFIX": "/api/v1",
    "OPENAPI_JSON_PATH": "openapi.json",
    # Request bodies of the API are small; a larger one is refused with 413 before it is read.
    "API_MAX_CONTENT_LENGTH": 1024 * 1024,
    "API_SPEC_OPTIONS": {
        "info": {
            "description": (
                "Klantbeeld: one timeline per citizen. Authenticate with `Authorization: Token <key>` "
                "(see `klantbeeld create-token`). Lists take `page` and `pageSize` (at most 500). "
                "Times are ISO 8601 with an offset. Errors are RFC 9457 `application/problem+json` "
                "with `invalidParams` per field."
            ),
        },
        "components": {
            "securitySchemes": {
                "tokenAuth": {
                    "type": "apiKey",
                    "in": "header",
                    "name": "Authorization",
                    "description": 'The word "Token", a space, and the key.',
                }
            }
        },
        "security": [{"tokenAuth": []}],
    },
}


class KlantbeeldApi(Api):
    """flask-smorest's Api with problem+json errors and token authentication per blueprint."""

    ERROR_SCHEMA = problems.ProblemSchema

    def _register_error_handlers(self):
        problems.register_app_handlers(self._app)

    def _register_responses(self):
        """Every documented error response is problem+json (flask-smorest's default is application/json)."""
        for status in http.HTTPStatus:
            response = {"description": status.phrase}
            if status >= 400:
                response["schema"] = self.ERROR_SCHEMA
            prepare_response(response, self.spec, problems.PROBLEM_MEDIA_TYPE)
            self.spec.components.response(status.name, response, lazy=True)
        response = {"description": "An error, as RFC 9457 problem details.", "schema": self.ERROR_SCHEMA}
        prepare_response(response, self.spec, problems.PROBLEM_MEDIA_TYPE)
        self.spec.components.response(self.DEFAULT_ERROR_RESPONSE_NAME, response, lazy=True)

    def register_blueprint(self, blp, *, parameters=None, **options):
        """Register an API blueprint: token auth, no login wall, no CSRF, problem+json errors.

        The blueprint is registered under its capitalised name ("Parties"), which is also its
        OpenAPI tag, so it never collides with the web pages' blueprint of the same resource.
        """
        _prepare(blp)
        name = options.setdefault("name", blp.name.capitalize())
        auth.exempt_from_login(name)
        csrf.exempt(blp)
        super().register_blueprint(blp, parameters=parameters, **options)
        permissions.declare_token_scopes(self._app, name, write=getattr(blp, "write_scope", Scope.WRITE))


# Modules with a flask-smorest ``blp``, in the order they appear in the documentation.
API_MODULES = [
    "crm.api.parties",
    "crm.api.timeline",
    "crm.api.contacts",
    "crm.api.cases",
    "crm.api.tasks",
    "crm.api.reference",
    "crm.api.search",
    "crm.api.channels",
]


def init_app(app: Flask) -> KlantbeeldApi:
    """Wire the API, its documentation page and its commands into the app."""
    from crm.api import commands, docs

    for key, value in API_SETTINGS.items():
        app.config.setdefault(key, value)
    api = KlantbeeldApi(app)
    for name in API_MODULES:
        api.register_blueprint(importlib.import_module(name).blp)
    app.register_blueprint(docs.bp)
    docs.declare_spec_public(app)
    commands.register(app)
    return api


def _prepare(blp) -> None:
    """Add the hooks once per blueprint object (blueprints are shared by every app in a process)."""
    if getattr(blp, "_klantbeeld_prepared", False):
        return
    blp.before_request(_limit_body_size)
    blp.before_request(authenticate_request(getattr(blp, "body_media_types", JSON_MEDIA_TYPES)))
    problems.register_blueprint_handlers(blp)
    blp._klantbeeld_prepared = True


def _limit_body_size():
    request.max_content_length = current_app.config["API_MAX_CONTENT_LENGTH"]
