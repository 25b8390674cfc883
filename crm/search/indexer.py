"""Draining the search outbox into the index, and rebuilding the index from the database.

Services add an outbox row (topic ``search``) in the same transaction as their change. A
drainer claims pending rows, reads the records' current state, writes the index, and only
then marks the rows processed. A process that dies anywhere in between leaves its rows
pending for the next drainer, and indexing the same record twice is harmless.

Claiming: on PostgreSQL rows are locked with ``FOR UPDATE SKIP LOCKED``, so drainers in
several processes share the work; with Whoosh the index write lock already lets only one
drainer in at a time.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import select, update

from crm.extensions import db
from crm.models import OutboxEntry, utcnow
from crm.search.backend import get_backend
from crm.search.documents import KINDS, all_documents, count_records, dependent_keys, load_documents
from crm.services.outbox import SEARCH_TOPIC

log = logging.getLogger(__name__)

BATCH_SIZE = 200
# After this many failed attempts a row is left alone (and reported by ``klantbeeld index``).
MAX_ATTEMPTS = 5


@dataclass
class DrainReport:
    """What one drain did: rows processed and rows that failed (kept for a retry)."""

    processed: int = 0
    failed: int = 0
    busy: bool = False  # another process held the index; its drainer does the work


def drain_outbox(*, wait: float = 10.0, max_batches: int | None = None) -> DrainReport:
    """Index everything the outbox asks for, batch by batch, until nothing is pending.

    ``wait`` is how long to wait for the index when another process is writing it; a web
    request passes a short wait and leaves the rows to that other drainer. Like a service it
    runs its own transactions, so call it with nothing unsaved in the session.
    """
    report = DrainReport()
    if not db.session.scalar(select(select(OutboxEntry.id).where(*_pending_filter()).exists())):
        db.session.rollback()
        return report
    batches = 0
    while max_batches is None or batches < max_batches:
        batches += 1
        done, failed, busy = _drain_batch(wait)
        report.processed += done
        report.failed += failed
        report.busy = report.busy or busy
        # After a failure stop for now: a worker tries again on its next round.
        if busy or failed or done == 0:
            break
    return report


def given_up_count() -> int:
    """Outbox rows that failed MAX_ATTEMPTS times and wait for ``klantbeeld index --retry-failed``."""
    return db.session.scalar(
        select(db.func.count())
        .select_from(OutboxEntry)
        .where(*_pending_filter(retryable=False), OutboxEntry.attempts >= MAX_ATTEMPTS)
    )


def _pending_filter(retryable: bool = True):
    conditions = [OutboxEntry.topic == SEARCH_TOPIC, OutboxEntry.processed_at.is_(None)]
    if retryable:
        conditions.append(OutboxEntry.attempts < MAX_ATTEMPTS)
    return conditions


def _drain_batch(wait: float) -> tuple[int, int, bool]:
    """Claim one batch and index it. Returns (processed, failed, busy).

    Fresh rows go in batches; a row that failed before goes alone, so one record that cannot
    be indexed never holds back the others.
    """
    backend = get_backend()
    postgresql = db.engine.dialect.name == "postgresql"
    claimed: list[int] = []
    try:
        with backend.writer(wait) as writer:
            if writer is None:
                db.session.rollback()
                return 0, 0, True
            rows = _claim(OutboxEntry.attempts == 0, BATCH_SIZE, postgresql) or _claim(
                OutboxEntry.attempts > 0, 1, postgresql
            )
            claimed = [row.id for row in rows]
            if not rows:
                db.session.rollback()
                return 0, 0, False
            # Entities the index does not hold (none yet) are simply marked processed.
            keys = sorted(
                {key for row in rows for key in dependent_keys(row.entity, row.entity_id) if key[0] in KINDS}
            )
            writer.reserve(keys)
            documents, missing = _documents(keys)
            if not postgresql:
                # End SQLite's read snapshot now: in WAL mode a transaction that read before
                # another connection committed can never become the writer afterwards.
                db.session.rollback()
            writer.remove(missing)
            writer.put(documents)
            writer.commit()
            _mark_processed(claimed)
            db.session.commit()
            return len(claimed), 0, False
    except Exception as error:
        db.session.rollback()
        log.exception("search indexing failed; the outbox rows stay pending")
        _record_failure(claimed, error)
        return 0, len(claimed), False


def _claim(condition, limit: int, postgresql: bool):
    statement = (
        select(OutboxEntry.id, OutboxEntry.entity, OutboxEntry.entity_id)
        .where(*_pending_filter(), condition)
        .order_by(OutboxEntry.id)
        .limit(limit)
    )
    if postgresql:
        statement = statement.with_for_update(skip_locked=True)
    return db.session.execute(statement).all()


def _documents(keys: list[tuple[str, int]]):
    """Documents for the records that exist, and the keys of records that are gone."""
    documents, missing = [], []
    for kind in KINDS:
        ids = [entity_id for key_kind, entity_id in keys if key_kind == kind]
        found = load_documents(kind, ids)
        documents += [found[i] for i in ids if i in found]
        missing += [(kind, i) for i in ids if i not in found]
    return documents, missing


def _mark_processed(ids: list[int]) -> None:
    db.session.execute(update(OutboxEntry).where(OutboxEntry.id.in_(ids)).values(processed_at=utcnow()))


def _record_failure(ids: list[int], error: Exception) -> None:
    """Count a failed attempt on the claimed rows; they are retried one by one later."""
    if not ids:
        return
    try:
        db.session.execute(
            update(OutboxEntry)
            .where(OutboxEntry.id.in_(ids))
            .values(attempts=OutboxEntry.attempts + 1, last_error=f"{type(error).__name__}: {error}"[:2000])
        )
        db.session.commit()
    except Exception:
        db.session.rollback()
        log.exception("could not record the indexing failure")


def retry_failed() -> int:
    """Give rows that gave up after MAX_ATTEMPTS a new chance (after fixing the cause)."""
    result = db.session.execute(
        update(OutboxEntry).where(*_pending_filter(retryable=False)).values(attempts=0, last_error=None)
    )
    db.session.commit()
    return result.rowcount


def rebuild_index(progress: Callable[[int], None] | None = None, *, wait: float = 60.0) -> int:
    """Rebuild the whole index from the database; returns the number of documents.

    Other writers wait until the rebuild is done; readers see the old index until then.
    ``progress`` is called with the number of records handled after each batch.
    """
    backend = get_backend()
    total = 0
    with backend.writer(wait, exclusive=True) as writer:
        if writer is None:
            raise TimeoutError("the search index is busy; try again")
        writer.clear()
        for kind in KINDS:
            for documents in all_documents(kind):
                writer.put(documents)
                total += len(documents)
                if progress is not None:
                    progress(len(documents))
        writer.commit()
        db.session.commit()
    return total


def records_to_index() -> int:
    """How many records a rebuild indexes (for the progress bar)."""
    return sum(count_records(kind) for kind in KINDS)
