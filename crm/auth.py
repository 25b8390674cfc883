"""Logging in and out; every page but these and ``/healthz`` needs a logged-in user."""

from urllib.parse import urlsplit

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user
from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired

from crm import permissions
from crm.extensions import db, login_manager
from crm.models import StaffUser
from crm.services.login_attempts import LoginRefused, log_in

bp = Blueprint("auth", __name__)

# Endpoints anyone may reach without logging in.
PUBLIC_ENDPOINTS = {"auth.login", "health.healthz", "static", "api_docs_page.docs", "api-docs.openapi_json"}
# Blueprints that authenticate each request themselves (the REST API checks a token instead).
SELF_AUTHENTICATING_BLUEPRINTS: set[str] = set()


def exempt_from_login(blueprint_name: str) -> None:
    """Leave a blueprint's requests to its own authentication instead of the login wall."""
    SELF_AUTHENTICATING_BLUEPRINTS.add(blueprint_name)


class LoginForm(FlaskForm):
    username = StringField("Gebruikersnaam", validators=[DataRequired("Vul uw gebruikersnaam in.")])
    password = PasswordField("Wachtwoord", validators=[DataRequired("Vul uw wachtwoord in.")])


@login_manager.user_loader
def load_user(user_id: str) -> StaffUser | None:
    return db.session.get(StaffUser, int(user_id))


@bp.before_app_request
def require_login():
    """Deny by default: a page that forgets to ask for a login still gets one."""
    if request.endpoint in PUBLIC_ENDPOINTS or request.endpoint is None or permissions.is_static_endpoint(request.endpoint):
        return None
    if request.blueprint in SELF_AUTHENTICATING_BLUEPRINTS:
        # The API checks a token and the scope its view declares (crm/api/security.py).
        return None
    if not getattr(request, "skip_login_check", False) and not current_user.is_authenticated:
        return login_manager.unauthorized()
    # Deny by default here too: a view must declare its permission (crm/permissions.py).
    view = current_app.view_functions.get(request.endpoint)
    if permissions.declared_permission(view, request.method) is None:
        current_app.logger.error("view %s declares no permission; refused", request.endpoint)
        abort(403)
    return None


@bp.route("/login", methods=["GET", "POST"])
@permissions.public
def login():
    """Show the login form and log a user in; the session is renewed to prevent fixation.

    Too many failed attempts for a username or from an address lock logging in for a while.
    """
    form = LoginForm()
    if form.validate_on_submit():
        try:
            user = log_in(form.username.data, form.password.data, request.remote_addr)
        except LoginRefused as refusal:
            form.password.errors.append(refusal.message)
        else:
            session.clear()
            login_user(user)
            return redirect(safe_next(request.args.get("next")))
    return render_template("auth/login.html", form=form)


@bp.post("/logout")
@permissions.requires("app.use")
def logout():
    """Log out and forget the session."""
    logout_user()
    session.clear()
    flash(_("U bent uitgelogd."), "info")
    return redirect(url_for("auth.login"))


def safe_next(target: str | None) -> str:
    """Only follow a ``next`` that stays on this site; anything else goes to the start page."""
    if target:
        parts = urlsplit(target)
        # Browsers drop tabs and newlines from addresses, so "/\t/evil.example" would become
        # "//evil.example": refuse any control character or space outright.
        clean = target.isprintable() and not any(c.isspace() for c in target)
        if clean and not parts.scheme and not parts.netloc and target.startswith("/") and not target.startswith("//") and "\\" not in target:
            return target
    return url_for("web.home")
