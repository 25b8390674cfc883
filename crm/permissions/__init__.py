"""The one permission policy: who may see and do what. Every layer asks here.

``from crm import permissions`` and then ``permissions.X``; the package is split by kind of rule:

* matrix.py — the **role matrix** (:data:`MATRIX`): named permissions such as ``party.read``
  and the roles that hold them, and how views declare them (:func:`requires`,
  :func:`public`, :func:`declared_permission`). A view that declares nothing is refused.
* tokens.py — the API's **token principal** and the **scopes** its views declare.
* content.py — the **content rule**: shared, yet lawful. Everyone sees that a confidential
  item exists; only its owning department reads its content.
* rules.py — per-record rules: changing a case or task, assigning work, boards, figures.
"""

from crm.permissions.content import (
    can_read_content,
    contact_content_readable_clause,
    is_confidential,
    owning_department_id,
    readable_departments,
    whom_to_ask,
)
from crm.permissions.matrix import (
    ADMIN,
    ALL_ROLES,
    CLI_ONLY,
    EMPLOYEE,
    MATRIX,
    PERMISSION_ATTRIBUTE,
    PRIVACY_OFFICER,
    PUBLIC,
    STAFF,
    TEAM_LEAD,
    allows,
    declared_permission,
    has_role,
    is_static_endpoint,
    public,
    requires,
    roles_with,
)
from crm.permissions.rules import (
    board_departments,
    can_assign_to_others,
    can_change_case,
    can_change_task,
    can_identify_contacts,
    can_manage_quarantine,
    can_register_contacts,
    can_view_board,
    can_view_insight,
    can_view_staff_figures,
)
from crm.permissions.tokens import (
    SCOPE_PERMISSIONS,
    TokenPrincipal,
    TokenScopes,
    declare_token_scopes,
    has_scope,
    required_scope,
    requires_scope,
    scope_of,
    scope_permission,
)

__all__ = [
    "readable_departments",
    "ADMIN",
    "ALL_ROLES",
    "CLI_ONLY",
    "EMPLOYEE",
    "MATRIX",
    "PERMISSION_ATTRIBUTE",
    "PRIVACY_OFFICER",
    "PUBLIC",
    "SCOPE_PERMISSIONS",
    "STAFF",
    "TEAM_LEAD",
    "TokenPrincipal",
    "TokenScopes",
    "allows",
    "board_departments",
    "can_assign_to_others",
    "can_change_case",
    "can_change_task",
    "can_identify_contacts",
    "can_manage_quarantine",
    "can_read_content",
    "can_register_contacts",
    "can_view_board",
    "can_view_insight",
    "can_view_staff_figures",
    "contact_content_readable_clause",
    "declare_token_scopes",
    "declared_permission",
    "has_role",
    "has_scope",
    "is_confidential",
    "is_static_endpoint",
    "owning_department_id",
    "public",
    "required_scope",
    "requires",
    "requires_scope",
    "roles_with",
    "scope_of",
    "scope_permission",
    "whom_to_ask",
]
