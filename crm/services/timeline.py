"""One party's timeline: contacts of every channel, case events and task events, newest first.

The three sources each have an index on (party_id, occurred_at, id). A page is read with
keyset pagination: each source returns at most ``limit + 1`` rows after the cursor, and the
rows are merged in Python. That costs three small index range scans however deep the page.
"""

import base64
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import joinedload

from crm import permissions
from crm.extensions import db
from crm.models import Case, CaseEvent, Channel, Contact, ContactIdentification, StaffUser, Task, TaskEvent
from crm.validation import InvalidInput

# Kinds in their tie-breaking order; the same names are used in filters and the API.
# "identification" is the moment staff linked an unidentified contact to this party.
KINDS = ("case_event", "contact", "identification", "task_event")
MAX_PAGE_SIZE = 500


@dataclass(frozen=True)
class TimelineItem:
    kind: str
    occurred_at: datetime
    id: int
    record: Contact | CaseEvent | TaskEvent | ContactIdentification
    readable: bool  # may the viewer see the content (permissions.can_read_content)?

    @property
    def key(self) -> tuple:
        return (self.occurred_at, self.kind, self.id)


@dataclass(frozen=True)
class TimelinePage:
    items: list[TimelineItem]
    next_cursor: str | None


def timeline_for(
    party_id: int,
    viewer: StaffUser,
    *,
    limit: int = 50,
    cursor: str | None = None,
    channel: str | None = None,
    department_id: int | None = None,
    kinds: set[str] | None = None,
) -> TimelinePage:
    """A page of a party's timeline as the viewer may see it, with a cursor for the next page.

    ``channel`` keeps only contacts of that channel code; ``kinds`` limits the sources.
    """
    if not 1 <= limit <= MAX_PAGE_SIZE:
        raise InvalidInput("invalid_limit", f"Kies een paginagrootte van 1 tot {MAX_PAGE_SIZE}.", "limit")
    kinds = set(kinds or KINDS)
    if not kinds <= set(KINDS):
        raise InvalidInput("invalid_kind", "Onbekend soort tijdlijnitem.", "kind")
    if channel:
        kinds &= {"contact"}
    after = decode_cursor(cursor) if cursor else None

    rows: list[TimelineItem] = []
    for kind in sorted(kinds):
        statement = _source(kind, party_id, channel, department_id)
        model = _MODELS[kind]
        if after is not None:
            statement = statement.where(_before(model, kind, after))
        statement = statement.order_by(model.occurred_at.desc(), model.id.desc()).limit(limit + 1)
        for record in db.session.scalars(statement).unique():
            rows.append(
                TimelineItem(
                    kind=kind,
                    occurred_at=record.occurred_at,
                    id=record.id,
                    record=record,
                    readable=permissions.can_read_content(viewer, record),
                )
            )
    rows.sort(key=lambda item: item.key, reverse=True)
    page = rows[:limit]
    next_cursor = encode_cursor(page[-1]) if len(rows) > limit else None
    return TimelinePage(items=page, next_cursor=next_cursor)


_MODELS = {
    "contact": Contact,
    "case_event": CaseEvent,
    "task_event": TaskEvent,
    "identification": ContactIdentification,
}


def _source(kind: str, party_id: int, channel: str | None, department_id: int | None):
    model = _MODELS[kind]
    statement = select(model).where(model.party_id == party_id)
    if department_id is not None:
        statement = statement.where(model.department_id == department_id)
    if kind == "contact":
        statement = statement.options(
            joinedload(Contact.channel),
            joinedload(Contact.department),
            joinedload(Contact.handled_by),
            joinedload(Contact.case).joinedload(Case.case_type),
            joinedload(Contact.case).joinedload(Case.department),
        )
        if channel:
            statement = statement.join(Contact.channel).where(Channel.code == channel)
    elif kind == "case_event":
        statement = statement.options(
            joinedload(CaseEvent.case).joinedload(Case.case_type),
            joinedload(CaseEvent.case).joinedload(Case.department),
            joinedload(CaseEvent.actor),
            joinedload(CaseEvent.to_owner),
            joinedload(CaseEvent.to_department),
        )
    elif kind == "identification":
        statement = statement.options(
            joinedload(ContactIdentification.contact).joinedload(Contact.channel),
            joinedload(ContactIdentification.actor),
        )
    else:
        statement = statement.options(
            joinedload(TaskEvent.task).joinedload(Task.department),
            joinedload(TaskEvent.actor),
            joinedload(TaskEvent.to_department),
            joinedload(TaskEvent.to_assignee),
        )
    return statement


def _before(model, kind: str, after: tuple):
    """Rows of this kind that sort after the cursor in newest-first order."""
    moment, after_kind, after_id = after
    if kind < after_kind:
        return model.occurred_at <= moment
    if kind > after_kind:
        return model.occurred_at < moment
    return or_(model.occurred_at < moment, and_(model.occurred_at == moment, model.id < after_id))


def encode_cursor(item: TimelineItem) -> str:
    raw = f"{item.occurred_at.isoformat()}|{item.kind}|{item.id}"
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[datetime, str, int]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        moment, kind, ident = raw.split("|")
        parsed = (datetime.fromisoformat(moment), kind, int(ident))
    except ValueError:
        raise InvalidInput("invalid_cursor", "Ongeldige paginaverwijzing.", "cursor") from None
    if parsed[0].tzinfo is None or kind not in KINDS:
        raise InvalidInput("invalid_cursor", "Ongeldige paginaverwijzing.", "cursor")
    return parsed
