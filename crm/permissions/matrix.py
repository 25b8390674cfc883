"""The role matrix: named permissions, the roles that hold them, and how views declare them.

Every view declares the permission it needs with :func:`requires` (or :func:`public`); a
request to a view that declares nothing is refused, and tests/test_route_walk.py fails for
it. docs/roles.md documents the same matrix (a test keeps the two equal). Views of the
token-authenticated API declare a token scope instead (crm/permissions/tokens.py).
"""

import functools
import inspect
from collections.abc import Mapping

from flask import abort, current_app, request
from flask_login import current_user

from crm.models import Role, StaffUser
from crm.permissions.tokens import required_scope, scope_permission

EMPLOYEE, TEAM_LEAD, ADMIN, PRIVACY_OFFICER = (
    Role.EMPLOYEE,
    Role.TEAM_LEAD,
    Role.ADMIN,
    Role.PRIVACY_OFFICER,
)
ALL_ROLES = frozenset(Role)
STAFF = frozenset({EMPLOYEE, TEAM_LEAD})

# Named permission -> (roles that hold it, what it means in Dutch for docs/roles.md).
# Least privilege: a beheerder manages the system, not citizens' cases; the privacy officer
# (functionaris gegevensbescherming) supervises processing and answers access requests but
# does no casework. Add a permission here before a view uses it.
MATRIX: dict[str, tuple[frozenset[Role], str]] = {
    "app.use": (ALL_ROLES, "Inloggen, startpagina, uitloggen"),
    "party.read": (STAFF | {ADMIN}, "Partij en tijdlijn bekijken (wordt gelogd)"),
    "party.search": (STAFF | {ADMIN}, "Zoeken naar inwoners en organisaties"),
    "party.edit": (STAFF, "Partij registreren en contactgegevens wijzigen"),
    "contact.record": (STAFF, "Contactmoment vastleggen"),
    "contact.identify": (STAFF, "Contactmomenten zonder partij koppelen (Te identificeren)"),
    "case.read": (STAFF, "Zaak bekijken"),
    "case.change": (STAFF, "Zaak aanmaken, status wijzigen, overdragen"),
    "case.assign": (frozenset({TEAM_LEAD}), "Werk aan een ander toewijzen (teamleidersbord)"),
    "task.read": (STAFF, "Contactverzoek bekijken"),
    "task.change": (STAFF, "Contactverzoek aanmaken, oppakken, doorsturen, afronden"),
    "queue.read": (STAFF, "Mijn werkvoorraad en afdelingswerkvoorraad"),
    "board.read": (frozenset({TEAM_LEAD}), "Teamleidersbord: zonder eigenaar en te laat"),
    "dashboard.read": (frozenset({TEAM_LEAD, ADMIN}), "Managementinformatie (geaggregeerd)"),
    "processing_log.read": (frozenset({PRIVACY_OFFICER}), "Verwerkingenlog en inzagepagina per partij, ook als CSV"),
    "party.export": (frozenset({PRIVACY_OFFICER}), "Alle gegevens van een partij exporteren (inzageverzoek AVG art. 15)"),
    "party.merge": (frozenset({ADMIN}), "Dubbele partijen samenvoegen en dat ongedaan maken"),
    "retention.manage": (frozenset({ADMIN}), "Bewaartermijnen instellen en de gevolgen vooraf bekijken"),
    "retention.read": (frozenset({ADMIN, PRIVACY_OFFICER}), "Bewaartermijnen bekijken"),
    "admin.users": (frozenset({ADMIN}), "Gebruikers beheren"),
    "admin.reference": (frozenset({ADMIN}), "Afdelingen, teams, kanalen en zaaktypen beheren"),
    "admin.api_tokens": (frozenset({ADMIN}), "API-sleutels uitgeven en intrekken"),
    "admin.quarantine": (frozenset({ADMIN}), "Quarantaine: onleesbare invoer bekijken, opnieuw verwerken, afwijzen"),
    "workshop.facilitate": (frozenset({TEAM_LEAD, ADMIN}), "Workshopsessies starten en exporteren"),
}

# What the CLI may do is not a web permission, but the matrix documents it too.
CLI_ONLY = {"retention.run": "klantbeeld retention --apply (serverbeheer, geen webrol)"}

PUBLIC = "public"
PERMISSION_ATTRIBUTE = "required_permission"


def has_role(user: StaffUser | None, *roles: Role) -> bool:
    """Is this a logged-in user with one of these roles?"""
    return user is not None and user.is_authenticated and user.role in {r.value for r in roles}


def allows(user: StaffUser | None, permission: str) -> bool:
    """Does the role matrix give this user this permission?"""
    if permission == PUBLIC:
        return True
    if user is None or not user.is_authenticated or not getattr(user, "is_active", False):
        return False
    roles, _description = MATRIX[permission]
    return user.role in {role.value for role in roles}


def roles_with(permission: str) -> frozenset[Role]:
    """The roles that hold a permission (the tests compare responses with this)."""
    return MATRIX[permission][0]


def requires(permission: str, **per_method: str):
    """Declare and enforce the permission a view needs: a function, a MethodView or its method.

    ``per_method`` gives another permission for one HTTP method of the same view, e.g.
    ``@requires("board.read", POST="case.assign")``. Anonymous users get the login wall (a
    redirect, or 401 where the login manager says so); logged-in users without the
    permission get 403.
    """
    needed = {"*": permission} | {method.upper(): name for method, name in per_method.items()}
    for name in needed.values():
        if name not in MATRIX:
            raise KeyError(f"unknown permission {name!r}: add it to crm.permissions.MATRIX")
    declaration = permission if not per_method else needed

    def decorate(view):
        if inspect.isclass(view):
            view.dispatch_request = _enforced(view.dispatch_request, needed)
            setattr(view, PERMISSION_ATTRIBUTE, declaration)
            return view
        wrapped = _enforced(view, needed)
        setattr(wrapped, PERMISSION_ATTRIBUTE, declaration)
        return wrapped

    return decorate


def public(view):
    """Declare that a view is open to anyone, logged in or not (the login page, /healthz)."""
    setattr(view, PERMISSION_ATTRIBUTE, PUBLIC)
    return view


def _enforced(view, needed: dict[str, str]):
    @functools.wraps(view)
    def enforce(*args, **kwargs):
        if not current_user.is_authenticated:
            return current_app.login_manager.unauthorized()
        if not allows(current_user, needed.get(request.method, needed["*"])):
            abort(403)
        return view(*args, **kwargs)

    return enforce


def is_static_endpoint(endpoint: str | None) -> bool:
    """Flask's own static-file views (the app's and any blueprint's) serve only static/: public."""
    return endpoint is not None and (endpoint == "static" or endpoint.endswith(".static"))


def declared_permission(view_function, method: str = "GET") -> str | None:
    """The permission a registered view function declares for ``method``, or None.

    Looks at the function itself and, for class-based views (flask-smorest's MethodViews),
    at the handler method and then at the class. A token-authenticated API view answers with
    the scope it declares, as ``scope:<name>`` (crm/permissions/tokens.py).
    """
    scope = required_scope(view_function, method)
    if scope is not None:
        return scope_permission(scope)
    found = getattr(view_function, PERMISSION_ATTRIBUTE, None)
    if found is None:
        view_class = getattr(view_function, "view_class", None)
        if view_class is None:
            return None
        handler = getattr(view_class, method.lower(), None)
        found = getattr(handler, PERMISSION_ATTRIBUTE, None) or getattr(view_class, PERMISSION_ATTRIBUTE, None)
    if isinstance(found, Mapping):
        return found.get(method.upper(), found["*"])
    return found
