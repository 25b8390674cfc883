"""The one permission policy: who may see and do what. Every layer asks here.

Two kinds of rules live here:

* The **role matrix** (:data:`MATRIX`): named permissions such as ``party.read`` and the roles
  that hold them. Every view declares the permission it needs with :func:`requires` (or
  :func:`public`); a request to a view that declares nothing is refused, and
  tests/test_route_walk.py fails for it. docs/roles.md documents the same matrix (a test
  keeps the two equal).
* The **content rules**. Shared, yet lawful (DESIGN.md): every member of staff sees that a
  contact, case or task exists, when, through which channel, with which department and
  owner. The *content* of a confidential item is shown only to members of the department
  that owns it.
"""

from dataclasses import dataclass

from sqlalchemy import select

from crm.extensions import db
from crm.models import (
    Case,
    CaseEvent,
    Contact,
    ContactIdentification,
    Department,
    PartyEvent,
    Role,
    Scope,
    StaffUser,
    Task,
    TaskEvent,
)


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


def has_scope(principal: TokenPrincipal, scope: Scope) -> bool:
    """May this token do what ``scope`` allows? The admin scope allows everything."""
    return scope.value in principal.scopes or Scope.ADMIN.value in principal.scopes
import functools
import inspect

from flask import abort, current_app
from flask_login import current_user

from crm.models import Case, CaseEvent, Contact, Role, StaffUser, Task, TaskEvent

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
    "case.read": (STAFF, "Zaak bekijken"),
    "case.change": (STAFF, "Zaak aanmaken, status wijzigen, overdragen"),
    "case.assign": (frozenset({TEAM_LEAD, ADMIN}), "Werk aan een ander toewijzen"),
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


def requires(permission: str):
    """Declare and enforce the permission a view needs: a function, a MethodView or its method.

    Anonymous users get the login wall (a redirect, or 401 where the login manager says so);
    logged-in users without the permission get 403.
    """
    if permission not in MATRIX:
        raise KeyError(f"unknown permission {permission!r}: add it to crm.permissions.MATRIX")

    def decorate(view):
        if inspect.isclass(view):
            view.dispatch_request = _enforced(view.dispatch_request, permission)
            setattr(view, PERMISSION_ATTRIBUTE, permission)
            return view
        wrapped = _enforced(view, permission)
        setattr(wrapped, PERMISSION_ATTRIBUTE, permission)
        return wrapped

    return decorate


def public(view):
    """Declare that a view is open to anyone, logged in or not (the login page, /healthz)."""
    setattr(view, PERMISSION_ATTRIBUTE, PUBLIC)
    return view


def _enforced(view, permission: str):
    @functools.wraps(view)
    def enforce(*args, **kwargs):
        if not current_user.is_authenticated:
            return current_app.login_manager.unauthorized()
        if not allows(current_user, permission):
            abort(403)
        return view(*args, **kwargs)

    return enforce


def is_static_endpoint(endpoint: str | None) -> bool:
    """Flask's own static-file views (the app's and any blueprint's) serve only static/: public."""
    return endpoint is not None and (endpoint == "static" or endpoint.endswith(".static"))


def declared_permission(view_function, method: str = "GET") -> str | None:
    """The permission a registered view function declares for ``method``, or None.

    Looks at the function itself and, for class-based views (flask-smorest's MethodViews),
    at the handler method and then at the class.
    """
    found = getattr(view_function, PERMISSION_ATTRIBUTE, None)
    if found:
        return found
    view_class = getattr(view_function, "view_class", None)
    if view_class is None:
        return None
    handler = getattr(view_class, method.lower(), None)
    return getattr(handler, PERMISSION_ATTRIBUTE, None) or getattr(view_class, PERMISSION_ATTRIBUTE, None)


def is_confidential(item) -> bool:
    """Whether an item's content is shielded outside its owning department."""
    if isinstance(item, Contact):
        return bool(
            item.confidential
            or (item.department is not None and item.department.confidential)
            or (item.case is not None and is_confidential(item.case))
        )
    if isinstance(item, Case):
        return bool(item.confidential or item.case_type.confidential or item.department.confidential)
    if isinstance(item, Task):
        return bool(item.confidential or item.department.confidential)
    if isinstance(item, CaseEvent):
        return is_confidential(item.case)
    if isinstance(item, TaskEvent):
        return is_confidential(item.task)
    if isinstance(item, PartyEvent):
        return item.contact is not None and is_confidential(item.contact)
    if isinstance(item, ContactIdentification):
        return is_confidential(item.contact)
    raise TypeError(f"no confidentiality rule for {type(item).__name__}")


def owning_department_id(item) -> int | None:
    """The department whose members may read a confidential item's content."""
    if isinstance(item, CaseEvent):
        return item.case.department_id
    if isinstance(item, TaskEvent):
        return item.task.department_id
    if isinstance(item, PartyEvent) and item.contact is not None:
        return item.contact.department_id
    if isinstance(item, ContactIdentification):
        return owning_department_id(item.contact)
    return item.department_id


def can_read_content(user: StaffUser | None, item) -> bool:
    """May this user read the subject, content and notes of this contact, case or task?"""
    if user is None or not user.is_authenticated:
        return False
    if not is_confidential(item):
        return True
    return owning_department_id(item) in user.department_ids


def whom_to_ask(item) -> str:
    """For a withheld item: the department (and owner, if any) to ask, as Dutch text."""
    record = item.case if isinstance(item, CaseEvent) else item.task if isinstance(item, TaskEvent) else item
    department = record.department.name if record.department is not None else "de behandelende afdeling"
    owner = getattr(record, "owner", None) or getattr(record, "assignee", None) or getattr(record, "handled_by", None)
    if owner is not None:
        return f"{department} ({owner.full_name})"
    return department


def readable_departments(user: StaffUser | None) -> set[int]:
    """Departments whose confidential content this user may read: the rule of can_read_content
    as a set, for filters inside a query (search) where items cannot be asked one by one."""
    if user is None or not user.is_authenticated:
        return set()
    return set(user.department_ids)


def can_change_case(user: StaffUser, case: Case) -> bool:
    """Staff of the owning department, its team leads and the case owner may change a case."""
    if not user.is_authenticated:
        return False
    if (user.id is not None and case.owner_id == user.id) or case.department_id in user.department_ids:
        return True
    return has_role(user, Role.ADMIN)


def can_assign_to_others(user: StaffUser, department_id: int) -> bool:
    """Team leads assign work in their own departments; beheerders anywhere."""
    if has_role(user, Role.ADMIN):
        return True
    return has_role(user, Role.TEAM_LEAD) and department_id in user.department_ids


def can_view_insight(user: StaffUser | None, department_id: int | None) -> bool:
    """Management figures: team leads for their own departments and the whole municipality
    (``department_id`` None); beheerders for every department."""
    if has_role(user, Role.ADMIN):
        return True
    if not has_role(user, Role.TEAM_LEAD):
        return False
    return department_id is None or department_id in user.department_ids


def can_view_staff_figures(user: StaffUser | None, department_id: int | None) -> bool:
    """Figures per member of staff (open cases per owner): only a team lead of that department,
    or a beheerder; elsewhere owned work is shown as one total."""
    if has_role(user, Role.ADMIN):
        return True
    return has_role(user, Role.TEAM_LEAD) and department_id is not None and department_id in user.department_ids


def can_change_task(user: StaffUser, task: Task) -> bool:
    """Staff of the task's department, its assignee and beheerders may work on a task."""
    if not user.is_authenticated:
        return False
    if task.assignee_id == user.id or task.department_id in user.department_ids:
        return True
    return has_role(user, Role.ADMIN)


def can_view_board(user: StaffUser, department_id: int) -> bool:
    """The team lead's board of a department: its team leads and beheerders."""
    return can_assign_to_others(user, department_id)


def board_departments(user: StaffUser) -> list[Department]:
    """The departments whose board this user may open (all of them for a beheerder)."""
    if has_role(user, Role.ADMIN):
        return list(db.session.scalars(select(Department).order_by(Department.name)))
    if has_role(user, Role.TEAM_LEAD):
        return list(user.departments)
    return []


def can_register_contacts(user: StaffUser | None) -> bool:
    """Staff who serve citizens register counter visits and received letters."""
    return has_role(user, Role.EMPLOYEE, Role.TEAM_LEAD, Role.ADMIN)


def can_identify_contacts(user: StaffUser | None) -> bool:
    """Staff who serve citizens work the "Te identificeren" inbox: link, create, dismiss."""
    return has_role(user, Role.EMPLOYEE, Role.TEAM_LEAD, Role.ADMIN)


def can_manage_quarantine(user: StaffUser | None) -> bool:
    """Quarantined raw input (whole e-mails, CSV rows) is for beheerders only."""
    return has_role(user, Role.ADMIN)
