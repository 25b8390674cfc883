"""One party's timeline: contacts of every channel, case, task and party events, newest first.

The four sources each have an index on (party_id, occurred_at, id). A page is read with
keyset pagination: one statement takes the keys of at most ``limit + 1`` items per source after
the cursor from those indexes, the keys are merged in Python, and only the page's records are
then loaded. That costs four small index range scans however deep the page.
"""

import base64
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import String, and_, literal, or_, select, text, union_all
from sqlalchemy.orm import joinedload

from crm import permissions
from crm.extensions import db
from crm.models import Case, CaseEvent, Channel, Contact, PartyEvent, StaffUser, Task, TaskEvent
from crm.validation import InvalidInput

# Kinds in their tie-breaking order; the same names are used in filters and the API.
KINDS = ("case_event", "contact", "party_event", "task_event")
MAX_PAGE_SIZE = 500


@dataclass(frozen=True)
class TimelineItem:
    kind: str
    occurred_at: datetime
    id: int
    record: Contact | CaseEvent | PartyEvent | TaskEvent
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

    # Two steps: first the sort keys of the newest candidates of every source (index-only range
    # scans, nothing loaded), then the full records of just the page. Loading every source's
    # candidates in full would load up to three times the page for a party with many items.
    keys = _candidate_keys(kinds, party_id, after, limit, channel, department_id)
    keys.sort(reverse=True)
    records = _records(keys[:limit])
    page = [
        TimelineItem(
            kind=kind,
            occurred_at=occurred_at,
            id=ident,
            record=records[(kind, ident)],
            readable=permissions.can_read_content(viewer, records[(kind, ident)]),
        )
        for occurred_at, kind, ident in keys[:limit]
        if (kind, ident) in records
    ]
    next_cursor = encode_cursor(page[-1]) if len(keys) > limit and page else None
    return TimelinePage(items=page, next_cursor=next_cursor)


_MODELS = {
    "contact": Contact,
    "case_event": CaseEvent,
    "party_event": PartyEvent,
    "task_event": TaskEvent,
}

# What a timeline item shows besides its own columns, loaded in the same query.
_DETAILS = {
    "contact": (
        joinedload(Contact.channel),
        joinedload(Contact.department),
        joinedload(Contact.handled_by),
        joinedload(Contact.case).joinedload(Case.case_type),
        joinedload(Contact.case).joinedload(Case.department),
    ),
    "case_event": (
        joinedload(CaseEvent.case).joinedload(Case.case_type),
        joinedload(CaseEvent.case).joinedload(Case.department),
        joinedload(CaseEvent.actor),
        joinedload(CaseEvent.to_owner),
        joinedload(CaseEvent.to_department),
    ),
    "party_event": (
        joinedload(PartyEvent.actor),
        joinedload(PartyEvent.department),
        joinedload(PartyEvent.contact).joinedload(Contact.channel),
        joinedload(PartyEvent.contact).joinedload(Contact.department),
        joinedload(PartyEvent.contact).joinedload(Contact.case).joinedload(Case.case_type),
        joinedload(PartyEvent.contact).joinedload(Contact.case).joinedload(Case.department),
    ),
    "task_event": (
        joinedload(TaskEvent.task).joinedload(Task.department),
        joinedload(TaskEvent.actor),
        joinedload(TaskEvent.to_department),
        joinedload(TaskEvent.to_assignee),
    ),
}


def _candidate_keys(kinds, party_id, after, limit, channel, department_id) -> list[tuple[datetime, str, int]]:
    """(occurred_at, kind, id) of the newest ``limit + 1`` items per source after the cursor."""
    parts = []
    for kind in sorted(kinds):
        model = _MODELS[kind]
        statement = select(
            model.occurred_at.label("occurred_at"), literal(kind, String).label("kind"), model.id.label("id")
        ).where(model.party_id == party_id)
        if department_id is not None:
            statement = statement.where(model.department_id == department_id)
        if channel:
            statement = statement.join(Contact.channel).where(Channel.code == channel)
        if after is not None:
            statement = statement.where(_before(model, kind, after))
        statement = statement.order_by(model.occurred_at.desc(), model.id.desc()).limit(limit + 1)
        parts.append(select(statement.subquery()))
    statement = parts[0] if len(parts) == 1 else union_all(*parts)
    return [(row.occurred_at, row.kind, row.id) for row in db.session.execute(statement)]


def _records(keys) -> dict[tuple[str, int], Contact | CaseEvent | TaskEvent]:
    """The full records of a page, one query per kind on the page."""
    wanted: dict[str, list[int]] = {}
    for _, kind, ident in keys:
        wanted.setdefault(kind, []).append(ident)
    found = {}
    with _written_join_order():
        for kind, ids in wanted.items():
            model = _MODELS[kind]
            statement = select(model).where(model.id.in_(ids)).options(*_DETAILS[kind])
            for record in db.session.scalars(statement).unique():
                found[(kind, record.id)] = record
    return found


@contextmanager
def _written_join_order():
    """On PostgreSQL, join in the written order while loading a page's records.

    The eager loads join up to seven tables, and PostgreSQL spent 15-25 ms planning the join
    order of each such query against about 1 ms executing it (docs/PERFORMANCE.md). The written
    order, the page's rows by primary key first and then their lookups, is already the best.
    """
    if db.session.get_bind().dialect.name != "postgresql":
        yield
        return
    db.session.execute(text("SET LOCAL join_collapse_limit = 1"))
    try:
        yield
    finally:
        db.session.execute(text("RESET join_collapse_limit"))


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
