"""Adding derived work to the outbox inside the caller's transaction."""

from crm.extensions import db
from crm.models import OutboxEntry

SEARCH_TOPIC = "search"
EVENTS_TOPIC = "events"


def enqueue_indexing(entity: str, entity_id: int) -> None:
    """Ask the search indexer to (re)index one record after this transaction commits."""
    db.session.add(OutboxEntry(topic=SEARCH_TOPIC, entity=entity, entity_id=entity_id))


def enqueue_event(kind: str, entity: str, entity_id: int, data: dict) -> None:
    """Record a domain event for outgoing webhooks; delivery happens after the commit."""
    db.session.add(
        OutboxEntry(
            topic=EVENTS_TOPIC, entity=entity, entity_id=entity_id, payload={"type": kind, "data": data}
        )
    )
