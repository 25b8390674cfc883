"""Adding derived work to the outbox inside the caller's transaction.

The rows are written with a Core insert on the session's connection, so they are part of the
caller's transaction (and of its savepoint, if any) without a pass through the unit of work:
every contact writes two, and the ORM flush of a row cost several times the insert itself.
"""

from crm.extensions import db
from crm.models import OutboxEntry

SEARCH_TOPIC = "search"
EVENTS_TOPIC = "events"

_INSERT = OutboxEntry.__table__.insert()


def enqueue_indexing(entity: str, entity_id: int) -> None:
    """Ask the search indexer to (re)index one record after this transaction commits."""
    _add([_indexing(entity, entity_id)])


def enqueue_event(kind: str, entity: str, entity_id: int, data: dict) -> None:
    """Record a domain event for outgoing webhooks; delivery happens after the commit."""
    _add([_event(kind, entity, entity_id, data)])


def enqueue_indexing_and_event(kind: str, entity: str, entity_id: int, data: dict) -> None:
    """Both of the above in one statement: what every new contact asks for."""
    _add([_indexing(entity, entity_id), _event(kind, entity, entity_id, data)])


def _indexing(entity: str, entity_id: int) -> dict:
    # Every row of one insert names the same columns: for several rows the statement is
    # compiled from the first, and a key only a later row has would be dropped silently.
    return {"topic": SEARCH_TOPIC, "entity": entity, "entity_id": entity_id, "payload": {}}


def _event(kind: str, entity: str, entity_id: int, data: dict) -> dict:
    return {"topic": EVENTS_TOPIC, "entity": entity, "entity_id": entity_id, "payload": {"type": kind, "data": data}}


def _add(rows: list[dict]) -> None:
    if any(row["entity_id"] is None for row in rows):
        raise ValueError(f"outbox: {rows[0]['entity']} has no id yet (flush it first)")
    db.session.connection().execute(_INSERT, rows)
