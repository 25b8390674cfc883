"""``/api/v1/cases``: cases (zaken) with one owner, and the actions that change them.

Every action carries the ``version`` the client read; if someone changed the case since,
the answer is 409 with what changed, never a silent overwrite.
"""

from flask import g
from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from crm import permissions
from crm.api.fields import MAX_ID, Id, Moment, PageArgs, Text, id_filter, page_schema
from crm.api.pagination import paginate
from crm.api.security import content_for_caller
from crm.api.references import require_existing
from crm.extensions import db
from crm.models import Case, CaseStatus, Party
from crm.services import cases as case_service
from crm.services.lookups import find_cases
from crm.validation import InvalidInput

blp = Blueprint("cases", __name__, url_prefix="/api/v1/cases", description="Cases (zaken): open, assign, transfer, change status.")

STATUSES = [s.value for s in CaseStatus]


def Version(**kwargs):
    return fields.Integer(
        required=True, strict=True, validate=validate.Range(min=1, max=MAX_ID),
        metadata={"description": "The version you read; a changed case gives 409."}, **kwargs,
    )


class CaseIn(Schema):
    case_type_id = Id(required=True)
    subject = Text(required=True, validate=validate.Length(max=300))
    party_id = Id(allow_none=True)
    description = Text(load_default="", validate=validate.Length(max=20000))
    owner_id = Id(allow_none=True)
    department_id = Id(allow_none=True, metadata={"description": "Default: the case type's department."})
    deadline = fields.Date(allow_none=True, metadata={"description": "Default: the case type's legal term."})
    confidential = fields.Boolean(load_default=False)
    contact_id = Id(allow_none=True, metadata={"description": "A contact to link to the new case."})


class AssignIn(Schema):
    owner_id = Id(required=True)
    version = Version()


class TransferIn(Schema):
    note = Text(required=True, validate=validate.Length(max=4000), metadata={"description": "Handover note (required)."})
    to_owner_id = Id(allow_none=True)
    to_department_id = Id(allow_none=True)
    version = Version()


class UnassignIn(Schema):
    note = Text(load_default="", validate=validate.Length(max=4000))
    version = Version()


class StatusIn(Schema):
    status = Text(required=True, validate=validate.OneOf(STATUSES))
    reason = Text(required=True, validate=validate.Length(max=4000))
    version = Version()


class CaseTypeRef(Schema):
    id = fields.Integer(required=True)
    code = fields.String(required=True)
    name = fields.String(required=True)


class CaseOut(Schema):
    id = fields.Integer(required=True)
    number = fields.String(required=True)
    case_type = fields.Nested(CaseTypeRef, required=True)
    party_id = fields.Integer(required=True, allow_none=True)
    subject = fields.String(required=True, allow_none=True, metadata={"description": "null when withheld"})
    description = fields.String(required=True, allow_none=True)
    content_withheld = fields.Boolean(required=True)
    status = fields.String(required=True, metadata={"description": ", ".join(STATUSES)})
    owner_id = fields.Integer(required=True, allow_none=True)
    department_id = fields.Integer(required=True)
    involved_department_ids = fields.List(fields.Integer(), required=True)
    confidential = fields.Boolean(required=True)
    deadline = fields.Date(required=True, allow_none=True)
    opened_at = Moment(required=True)
    closed_at = Moment(required=True, allow_none=True)
    updated_at = Moment(required=True)
    version = fields.Integer(required=True)


class CaseArgs(PageArgs):
    party_id = id_filter("Cases of this party.")
    status = Text(validate=validate.OneOf(STATUSES))
    open = fields.Boolean(metadata={"description": "true: not closed; false: closed."})
    department_id = id_filter("Cases owned by this department.")
    owner_id = id_filter("Cases of this owner.")
    unowned = fields.Boolean(metadata={"description": "true: cases without an owner."})
    case_type = Text(validate=validate.Length(max=60), metadata={"description": "Case type code."})


CasePage = page_schema(CaseOut, "CasePage")


def present_case(case: Case) -> dict:
    """A case as the calling token may see it: confidential content only for its departments."""
    return {
        "id": case.id,
        "number": case.number,
        "case_type": case.case_type,
        "party_id": case.party_id,
        **content_for_caller(case, "subject", "description"),
        "status": case.status,
        "owner_id": case.owner_id,
        "department_id": case.department_id,
        "involved_department_ids": [d.id for d in case.involved_departments],
        "confidential": permissions.is_confidential(case),
        "deadline": case.deadline,
        "opened_at": case.opened_at,
        "closed_at": case.closed_at,
        "updated_at": case.updated_at,
        "version": case.version,
    }


@blp.route("")
class Cases(MethodView):
    @blp.arguments(CaseArgs, location="query")
    @blp.response(200, CasePage)
    def get(self, args):
        """List cases, newest first, by party, status, department, owner or case type."""
        page, page_size = args.pop("page"), args.pop("page_size")
        args["is_open"] = args.pop("open", None)
        return paginate(find_cases(**args), page, page_size, present_case)

    @blp.arguments(CaseIn)
    @blp.response(201, CaseOut)
    def post(self, data):
        """Open a case; it lands in the case type's department unless another is given."""
        require_existing(Party, data.get("party_id"), "party_id", "Deze partij bestaat niet.")
        case_type_id, subject = data.pop("case_type_id"), data.pop("subject")
        return present_case(case_service.open_case(case_type_id, subject, g.principal, **data))


@blp.route(f"/<int(max={MAX_ID}):case_id>")
class CaseDetail(MethodView):
    @blp.response(200, CaseOut)
    def get(self, case_id):
        """One case with its version (send it back with every action)."""
        return present_case(db.get_or_404(Case, case_id))


@blp.route(f"/<int(max={MAX_ID}):case_id>/assign", methods=["POST"])
@blp.arguments(AssignIn)
@blp.response(200, CaseOut)
def assign(data, case_id):
    """Make a member of the owning department the one owner."""
    case = case_service.assign_case(case_id, data["owner_id"], g.principal, expected_version=data["version"])
    return present_case(case)


@blp.route(f"/<int(max={MAX_ID}):case_id>/transfer", methods=["POST"])
@blp.arguments(TransferIn)
@blp.response(200, CaseOut)
def transfer(data, case_id):
    """Hand the case over to a colleague or another department, with a handover note."""
    try:
        case = case_service.transfer_case(
            case_id, g.principal, data["note"], to_owner_id=data.get("to_owner_id"),
            to_department_id=data.get("to_department_id"), expected_version=data["version"],
        )
    except InvalidInput as error:
        raise error.for_field("to_owner_id" if error.field == "owner_id" else error.field) from None
    return present_case(case)


@blp.route(f"/<int(max={MAX_ID}):case_id>/unassign", methods=["POST"])
@blp.arguments(UnassignIn)
@blp.response(200, CaseOut)
def unassign(data, case_id):
    """Give the case back to its department's queue without an owner."""
    case = case_service.unassign_case(case_id, g.principal, data["note"], expected_version=data["version"])
    return present_case(case)


@blp.route(f"/<int(max={MAX_ID}):case_id>/status", methods=["POST"])
@blp.arguments(StatusIn)
@blp.response(200, CaseOut)
def change_status(data, case_id):
    """Change the status with a reason; closing records the moment."""
    case = case_service.set_case_status(case_id, data["status"], data["reason"], g.principal, expected_version=data["version"])
    return present_case(case)
