"""``/api/v1`` reference lists a client needs to fill in ids: channels, departments, case types, staff."""

from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, fields
from sqlalchemy import select

from crm.api.fields import PageArgs, id_filter, page_schema
from crm.api.pagination import paginate
from crm.models import CaseType, Channel, Department, StaffUser
from crm.models.organisation import staff_departments

blp = Blueprint("reference", __name__, url_prefix="/api/v1", description="Channels, departments, case types and staff.")


class ChannelOut(Schema):
    id = fields.Integer(required=True)
    code = fields.String(required=True)
    name = fields.String(required=True)


class DepartmentOut(Schema):
    id = fields.Integer(required=True)
    code = fields.String(required=True)
    name = fields.String(required=True)
    confidential = fields.Boolean(required=True)


class CaseTypeOut(Schema):
    id = fields.Integer(required=True)
    code = fields.String(required=True)
    name = fields.String(required=True)
    domain = fields.String(required=True)
    default_department_id = fields.Integer(required=True)
    legal_term_days = fields.Integer(required=True, allow_none=True)
    confidential = fields.Boolean(required=True)


class StaffOut(Schema):
    id = fields.Integer(required=True)
    username = fields.String(required=True)
    full_name = fields.String(required=True)
    department_ids = fields.List(fields.Integer(), required=True)


class StaffArgs(PageArgs):
    department_id = id_filter("Members of this department.")


@blp.route("/channels")
class Channels(MethodView):
    @blp.arguments(PageArgs, location="query")
    @blp.response(200, page_schema(ChannelOut, "ChannelPage"))
    def get(self, args):
        """The active channels (telefoon, balie, e-mail, ...)."""
        statement = select(Channel).where(Channel.active.is_(True)).order_by(Channel.sort_order, Channel.id)
        return paginate(statement, args["page"], args["page_size"])


@blp.route("/departments")
class Departments(MethodView):
    @blp.arguments(PageArgs, location="query")
    @blp.response(200, page_schema(DepartmentOut, "DepartmentPage"))
    def get(self, args):
        """The departments."""
        return paginate(select(Department).order_by(Department.name, Department.id), args["page"], args["page_size"])


@blp.route("/case-types")
class CaseTypes(MethodView):
    @blp.arguments(PageArgs, location="query")
    @blp.response(200, page_schema(CaseTypeOut, "CaseTypePage"))
    def get(self, args):
        """The active case types."""
        statement = select(CaseType).where(CaseType.active.is_(True)).order_by(CaseType.name, CaseType.id)
        return paginate(statement, args["page"], args["page_size"])


@blp.route("/staff")
class Staff(MethodView):
    @blp.arguments(StaffArgs, location="query")
    @blp.response(200, page_schema(StaffOut, "StaffPage"))
    def get(self, args):
        """Active staff, to choose an owner or assignee."""
        statement = select(StaffUser).where(StaffUser.active.is_(True)).order_by(StaffUser.full_name, StaffUser.id)
        if args.get("department_id"):
            members = select(staff_departments.c.staff_id).where(staff_departments.c.department_id == args["department_id"])
            statement = statement.where(StaffUser.id.in_(members))
        return paginate(statement, args["page"], args["page_size"])
