"""``/api/v1/tasks``: callback requests (contactverzoeken) and internal questions."""

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
from crm.models import Case, Contact, Party, Task, TaskKind, TaskStatus
from crm.services import tasks as task_service
from crm.services.lookups import find_tasks

blp = Blueprint("tasks", __name__, url_prefix="/api/v1/tasks", description="Callback requests and internal questions.")


def OptionalVersion():
    return fields.Integer(
        strict=True, allow_none=True, validate=validate.Range(min=1, max=MAX_ID),
        metadata={"description": "The version you read; a changed task gives 409."},
    )


class TaskIn(Schema):
    subject = Text(required=True, validate=validate.Length(max=300))
    department_id = Id(required=True)
    kind = Text(load_default=TaskKind.CALLBACK.value, validate=validate.OneOf([k.value for k in TaskKind]))
    note = Text(load_default="", validate=validate.Length(max=4000))
    reach_via = Text(load_default="", validate=validate.Length(max=254), metadata={"description": "Phone number or e-mail address to call back on."})
    team_id = Id(allow_none=True)
    assignee_id = Id(allow_none=True)
    party_id = Id(allow_none=True)
    contact_id = Id(allow_none=True)
    case_id = Id(allow_none=True)
    confidential = fields.Boolean(load_default=False)


class ForwardIn(Schema):
    note = Text(required=True, validate=validate.Length(max=4000))
    department_id = Id(required=True)
    team_id = Id(allow_none=True)
    assignee_id = Id(allow_none=True)
    version = OptionalVersion()


class CompleteIn(Schema):
    note = Text(load_default="", validate=validate.Length(max=4000))
    version = OptionalVersion()


class ReopenIn(Schema):
    note = Text(required=True, validate=validate.Length(max=4000))
    version = OptionalVersion()


class TaskOut(Schema):
    id = fields.Integer(required=True)
    uuid = fields.UUID(required=True)
    kind = fields.String(required=True)
    party_id = fields.Integer(required=True, allow_none=True)
    contact_id = fields.Integer(required=True, allow_none=True)
    case_id = fields.Integer(required=True, allow_none=True)
    subject = fields.String(required=True, allow_none=True, metadata={"description": "null when withheld"})
    note = fields.String(required=True, allow_none=True)
    reach_via = fields.String(required=True, allow_none=True)
    content_withheld = fields.Boolean(required=True)
    status = fields.String(required=True, metadata={"description": "open, in_progress or done"})
    department_id = fields.Integer(required=True)
    team_id = fields.Integer(required=True, allow_none=True)
    assignee_id = fields.Integer(required=True, allow_none=True)
    confidential = fields.Boolean(required=True)
    created_at = Moment(required=True)
    due_at = Moment(required=True)
    completed_at = Moment(required=True, allow_none=True)
    overdue = fields.Boolean(required=True)
    version = fields.Integer(required=True)


class TaskArgs(PageArgs):
    party_id = id_filter("Tasks about this party.")
    status = Text(validate=validate.OneOf([s.value for s in TaskStatus]))
    kind = Text(validate=validate.OneOf([k.value for k in TaskKind]))
    department_id = id_filter("Tasks of this department.")
    assignee_id = id_filter("Tasks of this member of staff.")
    contact_id = id_filter("Tasks that came from this contact.")
    overdue = fields.Boolean()


TaskPage = page_schema(TaskOut, "TaskPage")


def present_task(task: Task) -> dict:
    """A task as the calling token may see it: confidential content only for its departments."""
    return {
        "id": task.id,
        "uuid": task.uuid,
        "kind": task.kind,
        "party_id": task.party_id,
        "contact_id": task.contact_id,
        "case_id": task.case_id,
        **content_for_caller(task, "subject", "note", "reach_via"),
        "status": task.status,
        "department_id": task.department_id,
        "team_id": task.team_id,
        "assignee_id": task.assignee_id,
        "confidential": permissions.is_confidential(task),
        "created_at": task.created_at,
        "due_at": task.due_at,
        "completed_at": task.completed_at,
        "overdue": task_service.is_overdue(task),
        "version": task.version,
    }


@blp.route("")
class Tasks(MethodView):
    @blp.arguments(TaskArgs, location="query")
    @blp.response(200, TaskPage)
    def get(self, args):
        """List tasks, newest first, by party, status, kind, department, assignee, contact or overdue."""
        page, page_size = args.pop("page"), args.pop("page_size")
        return paginate(find_tasks(**args), page, page_size, present_task)

    @blp.arguments(TaskIn)
    @blp.response(201, TaskOut)
    def post(self, data):
        """Ask a department (or a team or person in it) to call back or answer; due after the norm."""
        require_existing(Party, data.get("party_id"), "party_id", "Deze partij bestaat niet.")
        require_existing(Contact, data.get("contact_id"), "contact_id", "Dit contactmoment bestaat niet.")
        require_existing(Case, data.get("case_id"), "case_id", "Deze zaak bestaat niet.")
        subject, department_id = data.pop("subject"), data.pop("department_id")
        return present_task(task_service.create_task(subject, department_id, g.principal, **data))


@blp.route(f"/<int(max={MAX_ID}):task_id>")
class TaskDetail(MethodView):
    @blp.response(200, TaskOut)
    def get(self, task_id):
        """One task with its version."""
        return present_task(db.get_or_404(Task, task_id))


@blp.route(f"/<int(max={MAX_ID}):task_id>/forward", methods=["POST"])
@blp.arguments(ForwardIn)
@blp.response(200, TaskOut)
def forward(data, task_id):
    """Send the task on to another department, team or person, with a note why."""
    task = task_service.forward_task(
        task_id, g.principal, data["note"], department_id=data["department_id"], team_id=data.get("team_id"),
        assignee_id=data.get("assignee_id"), expected_version=data.get("version"),
    )
    return present_task(task)


@blp.route(f"/<int(max={MAX_ID}):task_id>/complete", methods=["POST"])
@blp.arguments(CompleteIn)
@blp.response(200, TaskOut)
def complete(data, task_id):
    """Mark the task done."""
    return present_task(task_service.complete_task(task_id, g.principal, data["note"], expected_version=data.get("version")))


@blp.route(f"/<int(max={MAX_ID}):task_id>/reopen", methods=["POST"])
@blp.arguments(ReopenIn)
@blp.response(200, TaskOut)
def reopen(data, task_id):
    """Reopen a completed task with a reason; it is due again after the norm."""
    return present_task(task_service.reopen_task(task_id, g.principal, data["note"], expected_version=data.get("version")))
