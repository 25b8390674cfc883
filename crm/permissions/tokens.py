"""API tokens under the same policy: a token principal and the scopes API views declare.

The REST API and the Klantinteracties layer authenticate each request with a token, not a
session. Their views declare the token *scope* they need instead of a matrix permission:
:func:`declare_token_scopes` marks every view of a token-authenticated blueprint (reads need
the read scope, everything else the blueprint's write scope), and
:func:`crm.permissions.declared_permission` reports that as ``scope:<name>``. The API's
``before_request`` check (crm/api/security.py) enforces exactly what is declared: no token
401, a token without the scope 403, a view that declares nothing 403.
"""

from dataclasses import dataclass

from crm.models import Role, Scope

SCOPE_PREFIX = "scope:"
SCOPES_ATTRIBUTE = "required_scopes"
READING_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


@dataclass(frozen=True)
class TokenPrincipal:
    """A system calling the API with a token, asked about by the same rules as a member of staff.

    It acts for its departments the way a team lead of them does (it reads their confidential
    content and assigns their work); with the admin scope it acts like a beheerder. It is not a
    staff member, so ``id`` is None and recorded events have no staff actor.
    """

    token_id: int
    name: str
    scopes: frozenset[str]
    department_ids: frozenset[int]
    id: None = None
    is_authenticated: bool = True

    @property
    def role(self) -> str:
        return Role.ADMIN.value if Scope.ADMIN in self.scopes else Role.TEAM_LEAD.value


@dataclass(frozen=True)
class TokenScopes:
    """The scopes a token-authenticated view needs: one to read, one to change."""

    read: Scope = Scope.READ
    write: Scope = Scope.WRITE

    def for_method(self, method: str) -> Scope:
        return self.read if method.upper() in READING_METHODS else self.write


def has_scope(principal: TokenPrincipal, scope: Scope) -> bool:
    """May this token do what ``scope`` allows? The admin scope allows everything."""
    return scope.value in principal.scopes or Scope.ADMIN.value in principal.scopes


def scope_permission(scope: Scope) -> str:
    """How a declared scope reads in the route walk and in logs: ``scope:read``."""
    return f"{SCOPE_PREFIX}{scope.value}"


def scope_of(permission: str | None) -> Scope | None:
    """The scope a ``scope:<name>`` permission names, or None for a matrix permission."""
    if permission is None or not permission.startswith(SCOPE_PREFIX):
        return None
    return Scope(permission.removeprefix(SCOPE_PREFIX))


SCOPE_PERMISSIONS = frozenset(scope_permission(scope) for scope in Scope)


def declare_token_scopes(app, blueprint_name: str, write: Scope = Scope.WRITE) -> None:
    """Declare the scopes of every view of a token-authenticated blueprint (after registering it).

    A view that already declares its own scopes keeps them.
    """
    scopes = TokenScopes(read=Scope.READ, write=write)
    for endpoint, view in app.view_functions.items():
        if endpoint.startswith(f"{blueprint_name}.") and not hasattr(view, SCOPES_ATTRIBUTE):
            setattr(view, SCOPES_ATTRIBUTE, scopes)


def requires_scope(scope: Scope):
    """Declare that a token-authenticated view needs ``scope`` for every method (e.g. admin).

    The API's token check enforces it before the view runs (crm/api/security.py).
    """

    def decorate(view):
        setattr(view, SCOPES_ATTRIBUTE, TokenScopes(read=scope, write=scope))
        return view

    return decorate


def required_scope(view_function, method: str) -> Scope | None:
    """The token scope a view declares for ``method``, or None when it declares none."""
    scopes = getattr(view_function, SCOPES_ATTRIBUTE, None)
    return scopes.for_method(method) if scopes is not None else None
