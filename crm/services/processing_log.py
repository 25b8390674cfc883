"""Writing and reading the processing log (verwerkingenlog).

Views call :func:`log_processing` once per request that shows or exports a party's data
(one call, one commit). Services that change data call :func:`append_entries` inside their
own transaction, so the change and its log entry are committed together or not at all.

Every entry carries the trace id of the request (from a W3C ``traceparent`` header when one
came in, otherwise generated), so one request's entries can be found together and matched
with the logs of other systems, as the Logboek Dataverwerkingen standard asks.
"""

import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass

from flask import g
from sqlalchemy import func, select

from crm.extensions import db
from crm.models import ProcessingAction, ProcessingActivity, ProcessingLogEntry, StaffUser
from crm.validation import InvalidInput

SYSTEM_ACTOR = "systeem"
_TRACEPARENT = re.compile(r"^[0-9a-f]{2}-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}$")
MAX_PAGE_SIZE = 500


def start_trace(traceparent: str | None = None) -> str:
    """Begin the trace of this request or command: the caller's W3C trace id, or a new one."""
    match = _TRACEPARENT.match((traceparent or "").strip().lower())
    trace_id = match.group(1) if match and set(match.group(1)) != {"0"} else secrets.token_hex(16)
    g.trace_id = trace_id
    return trace_id


def current_trace_id() -> str:
    """The trace id of the running request or command, started on first use."""
    return g.get("trace_id") or start_trace()


def log_processing(
    actor: StaffUser | None,
    party_ids: int | Iterable[int],
    activity: ProcessingActivity,
    action: ProcessingAction = ProcessingAction.READ,
    *,
    object_type: str = "party",
    object_id: int | None = None,
    details: dict | None = None,
) -> list[ProcessingLogEntry]:
    """Record that ``actor`` processed the data of one or more parties, and commit.

    For views: call it once for a page that shows or exports a party (``party_ids`` may be a
    list for a page that shows several). Never put a BSN or free text a citizen wrote in
    ``details``: the log must not become a second copy of the data.
    """
    entries = append_entries(
        actor, party_ids, activity, action, object_type=object_type, object_id=object_id, details=details
    )
    _commit_keeping_what_was_read()
    return entries


def _commit_keeping_what_was_read() -> None:
    """Commit without expiring the records the page has loaded: it shows what was read and logged,
    instead of reloading every record one query at a time while it renders."""
    session = db.session()
    session.expire_on_commit = False
    try:
        session.commit()
    finally:
        session.expire_on_commit = True


def append_entries(
    actor: StaffUser | None,
    party_ids: int | Iterable[int] | None,
    activity: ProcessingActivity,
    action: ProcessingAction,
    *,
    object_type: str = "party",
    object_id: int | None = None,
    details: dict | None = None,
) -> list[ProcessingLogEntry]:
    """Add log entries to the caller's transaction (flushes, does not commit)."""
    activity, action = ProcessingActivity(activity), ProcessingAction(action)
    ids = [party_ids] if isinstance(party_ids, int) or party_ids is None else list(dict.fromkeys(party_ids))
    trace_id = current_trace_id()
    entries = [
        ProcessingLogEntry(
            actor_id=actor.id if actor is not None else None,
            actor_name=actor_name(actor),
            party_id=party_id,
            activity=activity.value,
            action=action.value,
            object_type=object_type,
            object_id=object_id,
            trace_id=trace_id,
            span_id=secrets.token_hex(8),
            details=details or {},
        )
        for party_id in ids
    ]
    db.session.add_all(entries)
    db.session.flush()
    return entries


def actor_name(actor) -> str:
    """Who processed: a member of staff by name, a system by its API token's name, or "systeem"."""
    if actor is None:
        return SYSTEM_ACTOR
    full_name = getattr(actor, "full_name", None)
    return full_name if full_name else f"API-sleutel {actor.name}"


@dataclass(frozen=True)
class LogPage:
    """One page of log entries and where it sits in the whole."""

    entries: list[ProcessingLogEntry]
    total: int
    page: int
    page_size: int

    @property
    def has_next(self) -> bool:
        return self.page * self.page_size < self.total


def entries_for_party(
    party_ids: list[int],
    *,
    page: int = 1,
    page_size: int = 100,
    oldest_first: bool = False,
) -> LogPage:
    """One page of the log entries of these parties, newest first: who processed what, when, why.

    Several ids, because the log of a duplicate merged into a party belongs to that party too.
    """
    if not 1 <= page_size <= MAX_PAGE_SIZE or not 1 <= page <= 1_000_000:
        raise InvalidInput("invalid_page", "Ongeldige pagina.", "page")
    condition = ProcessingLogEntry.party_id.in_(party_ids)
    total = db.session.scalar(select(func.count()).select_from(ProcessingLogEntry).where(condition))
    order = (ProcessingLogEntry.occurred_at, ProcessingLogEntry.id)
    entries = db.session.scalars(
        select(ProcessingLogEntry)
        .where(condition)
        .order_by(*(order if oldest_first else (column.desc() for column in order)))
        .limit(page_size)
        .offset((page - 1) * page_size)
    ).all()
    return LogPage(entries=list(entries), total=total or 0, page=page, page_size=page_size)
