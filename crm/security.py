"""Hardening every response: security headers, clean refusals of bad input, Dutch error pages.

Registered once by ``create_app`` through :func:`init_app`. Nothing here decides who may do
what (that is crm/permissions.py); this module makes sure that whatever is answered is
answered safely.
"""

from urllib.parse import unquote_to_bytes

from flask import Flask, current_app, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import BadRequest, HTTPException
from werkzeug.routing import IntegerConverter

from crm import permissions
from crm.log_masking import install_log_masking
from crm.services.processing_log import start_trace

# No inline scripts or styles anywhere: templates link static files only.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)

SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    # Page addresses carry party and case numbers: never send them to another site.
    "Referrer-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
}

# The Dutch title and explanation of each error page.
ERROR_TEXTS = {
    400: (_l("Verzoek niet begrepen"), _l("Het verzoek kon niet worden verwerkt. Controleer de invoer en probeer het opnieuw.")),
    403: (_l("Geen toegang"), _l("U heeft geen toegang tot deze pagina. Denkt u dat dit niet klopt? Neem contact op met de beheerder.")),
    404: (_l("Pagina niet gevonden"), _l("Deze pagina bestaat niet (meer). Controleer het adres.")),
    405: (_l("Niet toegestaan"), _l("Deze handeling kan op deze pagina niet.")),
    413: (_l("Te veel gegevens"), _l("U stuurde meer gegevens dan Klantbeeld in één keer aanneemt. Maak de tekst of het bestand kleiner en probeer het opnieuw.")),
    429: (_l("Te veel verzoeken"), _l("Er kwamen te veel verzoeken achter elkaar. Wacht even en probeer het opnieuw.")),
    500: (_l("Er ging iets mis"), _l("Er ging aan onze kant iets mis. Probeer het later opnieuw; blijft het misgaan, meld het dan bij de beheerder.")),
}


def init_app(app: Flask) -> None:
    """Wire the hardening into an app: headers, input checks, trace ids, error pages, log masking."""
    install_log_masking()
    app.config.setdefault("REMEMBER_COOKIE_HTTPONLY", True)
    app.config.setdefault("REMEMBER_COOKIE_SAMESITE", "Lax")
    app.config.setdefault("REMEMBER_COOKIE_SECURE", app.config.get("SESSION_COOKIE_SECURE", False))
    # First of all before-request work, before CSRFProtect reads (and so consumes) the form.
    app.before_request_funcs.setdefault(None, []).insert(0, _begin_request)
    app.url_map.converters["int"] = BoundedIntegerConverter
    app.after_request(add_security_headers)
    app.register_error_handler(CSRFError, _csrf_error)
    # Per status code as well as for HTTPException in general: Flask looks up handlers by code
    # first, so these pages stay when an extension (flask-smorest's Api) later registers its
    # own app-wide HTTPException handler. API requests are then handed to that handler.
    for code in ERROR_TEXTS:
        app.register_error_handler(code, _http_error)
    app.register_error_handler(HTTPException, _http_error)
    app.jinja_env.globals["may"] = _may


class BoundedIntegerConverter(IntegerConverter):
    """``<int:...>`` limited to what a database integer column holds: larger ids are a 404, not a 500."""

    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("max", 2**31 - 1)
        super().__init__(map, *args, **kwargs)


def _begin_request():
    start_trace(request.headers.get("traceparent"))
    refuse_invalid_utf8()


def refuse_invalid_utf8() -> None:
    """Refuse input that is not valid UTF-8 or holds NUL characters, before anything reads it.

    Werkzeug silently drops an undecodable form body, and PostgreSQL cannot store NUL in text:
    both are answered here with a clear 400 instead of an empty form or a 500.
    """
    parts = [request.query_string]
    if request.mimetype == "application/x-www-form-urlencoded":
        parts.append(request.get_data(cache=True))
    for raw in parts:
        try:
            text = unquote_to_bytes(raw.replace(b"+", b" ")).decode("utf-8")
        except UnicodeDecodeError:
            raise BadRequest(_("De invoer bevat tekens die geen geldige UTF-8 zijn.")) from None
        if "\x00" in text:
            raise BadRequest(_("De invoer bevat een ongeldig teken (NUL)."))
    if request.mimetype == "multipart/form-data":
        # Werkzeug decodes multipart text with replacement characters; treat those as invalid.
        if any("\ufffd" in value or "\x00" in value for value in request.form.values()):
            raise BadRequest(_("De invoer bevat tekens die geen geldige UTF-8 zijn."))


def add_security_headers(response):
    """Set the security headers on every response; pages of logged-in users are never cached."""
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    if request.is_secure:
        response.headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
    if request.endpoint != "static" and current_user and current_user.is_authenticated:
        response.headers["Cache-Control"] = "no-store"
    return response


def _csrf_error(error: CSRFError):
    message = _("Het formulier is verlopen of niet geldig. Laad de pagina opnieuw en probeer het nog eens.")
    return _error_page(400, message)


def _http_error(error: HTTPException):
    if error.code is None or error.code < 400:
        return error
    generic = current_app.error_handler_spec[None][None].get(HTTPException)
    if _wants_json() and generic is not None and generic is not _http_error:
        handled = generic(error)
        if handled is not error:  # the API's handler answers for its own paths only
            return handled
    detail = error.description if error.code == 400 and _is_own_message(error) else None
    return _error_page(error.code, detail)


def _is_own_message(error: HTTPException) -> bool:
    # Werkzeug's default descriptions are English; only our own Dutch descriptions are shown.
    return type(error).description != error.description


def _error_page(code: int, detail: str | None = None):
    title, explanation = ERROR_TEXTS.get(code, ERROR_TEXTS[400 if code < 500 else 500])
    if _wants_json():
        return {"code": code, "title": str(title), "detail": detail or str(explanation)}, code
    return render_template("errors/error.html", code=code, title=title, explanation=detail or explanation), code


def _wants_json() -> bool:
    return request.accept_mimetypes.best == "application/json" or request.path.startswith("/api/")


def _may(permission: str) -> bool:
    return permissions.allows(current_user, permission)
