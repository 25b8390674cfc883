"""``/api/v1/parties/{id}/timeline``: one party's merged timeline, newest first, with a keyset cursor."""

from flask import g
from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from crm.api.fields import MAX_ID, MAX_PAGE_SIZE, Moment, Text, id_filter
from crm.extensions import db
from crm.models import CaseEvent, Contact, Party, PartyEvent, ProcessingActivity, TaskEvent
from crm.services.processing_log import log_processing
from crm.services.timeline import KINDS, TimelineItem, timeline_for

blp = Blueprint("timeline", __name__, url_prefix="/api/v1/parties", description="The merged timeline of a party.")


class TimelineArgs(Schema):
    pageSize = fields.Integer(load_default=50, validate=validate.Range(min=1, max=MAX_PAGE_SIZE))
    cursor = Text(validate=validate.Length(max=200), metadata={"description": "next_cursor of the previous page."})
    channel = Text(validate=validate.Length(max=30), metadata={"description": "Only contacts of this channel."})
    department_id = id_filter("Only items of this department.")
    kind = fields.List(Text(validate=validate.OneOf(KINDS)), metadata={"description": "Limit to these kinds."})


class TimelineItemOut(Schema):
    kind = fields.String(required=True, metadata={"description": ", ".join(KINDS)})
    id = fields.Integer(required=True)
    occurred_at = Moment(required=True)
    department_id = fields.Integer(required=True, allow_none=True)
    content_withheld = fields.Boolean(required=True)
    event = fields.String(required=True, allow_none=True, metadata={"description": "What happened (case, task and party events; contact_linked: a contact was linked to this party)."})
    channel = fields.String(required=True, allow_none=True)
    direction = fields.String(required=True, allow_none=True)
    subject = fields.String(required=True, allow_none=True)
    text = fields.String(required=True, allow_none=True, metadata={"description": "Content of a contact, note of an event."})
    case_id = fields.Integer(required=True, allow_none=True)
    case_number = fields.String(required=True, allow_none=True)
    task_id = fields.Integer(required=True, allow_none=True)
    status = fields.String(required=True, allow_none=True, metadata={"description": "New status after a status change."})
    owner_id = fields.Integer(required=True, allow_none=True, metadata={"description": "New owner or assignee."})


class TimelineOut(Schema):
    items = fields.List(fields.Nested(TimelineItemOut), required=True)
    next_cursor = fields.String(required=True, allow_none=True)


# Every field an entry carries, null where it does not apply (read once: building a schema is slow).
ITEM_FIELDS = tuple(TimelineItemOut._declared_fields)


def present_item(item: TimelineItem) -> dict:
    """One timeline entry; content is withheld when the token may not read it."""
    record, readable = item.record, item.readable
    entry = dict.fromkeys(ITEM_FIELDS, None)
    entry.update(kind=item.kind, id=item.id, occurred_at=item.occurred_at, department_id=record.department_id,
                 content_withheld=not readable)
    if isinstance(record, Contact):
        entry.update(channel=record.channel.code, direction=record.direction, case_id=record.case_id,
                     subject=record.subject if readable else None, text=record.content if readable else None)
    elif isinstance(record, CaseEvent):
        entry.update(event=record.kind, case_id=record.case_id, case_number=record.case.number, status=record.to_status,
                     owner_id=record.to_owner_id, subject=record.case.subject if readable else None,
                     text=record.note if readable else None)
    elif isinstance(record, TaskEvent):
        entry.update(event=record.kind, task_id=record.task_id, owner_id=record.to_assignee_id,
                     subject=record.task.subject if readable else None, text=record.note if readable else None)
    elif isinstance(record, PartyEvent):
        contact = record.contact
        entry.update(event=record.kind, channel=contact.channel.code if contact else None,
                     case_id=contact.case_id if contact else None,
                     subject=contact.subject if readable and contact else None, text=record.note if readable else None)
    return entry


@blp.route(f"/<int(max={MAX_ID}):party_id>/timeline")
class PartyTimeline(MethodView):
    @blp.arguments(TimelineArgs, location="query")
    @blp.response(200, TimelineOut)
    def get(self, args, party_id):
        """A page of the party's timeline: contacts, case events and task events, newest first."""
        db.get_or_404(Party, party_id)
        page = timeline_for(
            party_id, g.principal, limit=args["pageSize"], cursor=args.get("cursor"), channel=args.get("channel"),
            department_id=args.get("department_id"), kinds=set(args["kind"]) if args.get("kind") else None,
        )
        log_processing(g.principal, party_id, ProcessingActivity.SERVICE, details={"api": "timeline"})
        return {"items": [present_item(item) for item in page.items], "next_cursor": page.next_cursor}
