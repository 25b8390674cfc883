"""Quarantine: mailbox and file input that could not become a contact, kept raw for a beheerder.

Nothing is lost: the raw bytes and the adapter's reasons are stored in one transaction, the
beheerder sees them under /beheer/quarantaine and retries (after fixing the software or the
raw text) or dismisses them. Quarantining the same input twice keeps one entry.
"""

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from channels import balie, email
from channels.draft import fingerprint
from channels.errors import AdapterError
from crm import permissions
from crm.extensions import db
from crm.models import QuarantinedInput, StaffUser, utcnow
from crm.services.errors import NotAllowed, NotFound
from crm.services.intake import IntakeResult, receive_channel_event, receive_draft
from crm.validation import InvalidInput

MAIL, APPOINTMENTS = "mail", "appointments"
# Kind of input → the channel it was meant for.
CHANNELS = {MAIL: email.CHANNEL, APPOINTMENTS: balie.CHANNEL}


def quarantine_input(
    kind: str, reference: str, raw: bytes, error: AdapterError, *, received_at: datetime | None = None
) -> QuarantinedInput:
    """Keep raw input with the reasons it was refused; the same input again updates that entry."""
    key = fingerprint(raw)
    channel = CHANNELS[kind]
    existing = _by_fingerprint(channel, key)
    if existing is None:
        try:
            with db.session.begin_nested():
                existing = QuarantinedInput(
                    channel=channel,
                    source=kind,
                    reference=reference[:1000],
                    fingerprint=key,
                    raw=raw,
                    received_at=received_at,
                    reasons=error.as_dicts(),
                )
                db.session.add(existing)
        except IntegrityError:
            existing = _by_fingerprint(channel, key)
    else:
        existing.reasons = error.as_dicts()
        existing.attempts += 1
        existing.last_attempt_at = utcnow()
    db.session.commit()
    return existing


def open_quarantine(actor: StaffUser, limit: int = 200) -> list[QuarantinedInput]:
    """Quarantined input still waiting for a beheerder, newest first."""
    _check(actor)
    return list(
        db.session.scalars(
            select(QuarantinedInput)
            .where(QuarantinedInput.resolved_at.is_(None))
            .order_by(QuarantinedInput.created_at.desc(), QuarantinedInput.id.desc())
            .limit(limit)
        )
    )


def get_quarantined(item_id: int, actor: StaffUser) -> QuarantinedInput:
    """One quarantine entry for a beheerder, or NotFound / NotAllowed."""
    _check(actor)
    item = db.session.get(QuarantinedInput, item_id)
    if item is None:
        raise NotFound("Dit item staat niet in quarantaine.")
    return item


def retry_quarantined(item_id: int, actor: StaffUser, corrected_raw: bytes | None = None) -> list[IntakeResult]:
    """Feed the (possibly corrected) raw input through the intake again.

    On success the entry is resolved and linked to its contact(s). On failure the new reasons
    (and the correction) are kept and the AdapterError is raised for the caller to show.
    """
    item = get_quarantined(item_id, actor)
    if not item.is_open:
        raise InvalidInput("already_resolved", "Dit item is al afgehandeld.", "raw")
    raw = corrected_raw if corrected_raw is not None else item.raw
    try:
        results = _feed(item.source, raw, item.received_at)
    except AdapterError as error:
        db.session.rollback()
        item = db.session.get(QuarantinedInput, item_id)
        item.raw = raw
        item.reasons = error.as_dicts()
        item.attempts += 1
        item.last_attempt_at = utcnow()
        db.session.commit()
        raise
    item = db.session.get(QuarantinedInput, item_id)
    item.raw = raw
    item.resolved_at = utcnow()
    item.resolution = "imported"
    item.resolved_by_id = actor.id
    item.contact_id = next((r.contact_id for r in results if r.contact_id), None)
    db.session.commit()
    return results


def dismiss_quarantined(item_id: int, actor: StaffUser) -> QuarantinedInput:
    """Close a quarantine entry without importing it (spam, a test message)."""
    item = get_quarantined(item_id, actor)
    item.resolved_at = utcnow()
    item.resolution = "dismissed"
    item.resolved_by_id = actor.id
    db.session.commit()
    return item


def _feed(kind: str, raw: bytes, received_at: datetime | None) -> list[IntakeResult]:
    if kind == MAIL:
        return [receive_channel_event(email.CHANNEL, raw, received_at=received_at)]
    if kind == APPOINTMENTS:
        rows = balie.parse_csv(raw)
        errors = [reason for row in rows if row.error for reason in row.error.reasons]
        if errors:
            raise AdapterError(errors)
        if not any(row.draft for row in rows) and not any(row.skipped for row in rows):
            raise AdapterError.single("file", "no_rows", "Er staat geen afspraak in.")
        return [receive_draft(row.draft) for row in rows if row.draft]
    raise ValueError(f"unknown quarantine kind {kind!r}")


def _by_fingerprint(channel: str, key: str) -> QuarantinedInput | None:
    return db.session.scalar(select(QuarantinedInput).filter_by(channel=channel, fingerprint=key))


def _check(actor: StaffUser) -> None:
    if not permissions.can_manage_quarantine(actor):
        raise NotAllowed("Alleen een beheerder kan de quarantaine inzien.")
