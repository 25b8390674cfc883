"""Channel intake: raw input from a channel becomes a stored, identified, deduplicated contact.

``receive_channel_event`` is the one entry point for webhooks, the registration forms and
the imports. Per event it runs the channel's adapter (channels/), normalises the identity
hints, identifies the party, threads e-mail replies to their case and stores everything in
one transaction. The same (channel, external id), for e-mail the Message-ID, never makes a
second contact, so any delivery or import may be repeated safely.
"""

from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from channels import REGISTRY, Attachment, ContactDraft, email, phone
from channels.draft import external_id_for_message
from channels.errors import AdapterError, Reason
from crm.extensions import db
from crm.models import Channel, Contact, ContactAttachment, ContactIdentification, ReceivedCallEvent, StaffUser
from crm.services.attachments import stored_attachment
from crm.services.contacts import ContactInput, channel_by_code, record_contact, stored_here
from crm.services.identification import identify_party
from crm.services.outbox import enqueue_indexing
from crm.validation import InvalidInput, normalise_bsn, normalise_email, normalise_kvk, normalise_phone

CREATED, DUPLICATE, UPDATED, PENDING = "created", "duplicate", "updated", "pending"


@dataclass(frozen=True)
class IntakeResult:
    """What became of one event: ``created``, ``duplicate`` (seen before), ``updated`` (a late
    call event changed a stored call) or ``pending`` (a call event of a call still going on)."""

    status: str
    contact: Contact | None = None
    needs_identification: bool = False

    @property
    def contact_id(self) -> int | None:
        return self.contact.id if self.contact is not None else None


def receive_channel_event(
    channel_code: str,
    payload,
    *,
    actor: StaffUser | None = None,
    received_at: datetime | None = None,
    attachments: tuple[Attachment, ...] = (),
) -> IntakeResult:
    """Take one event of a channel (a JSON object, or for e-mail the raw message) and store it.

    ``actor`` is the member of staff registering it (the forms); ``received_at`` stands in for a
    missing e-mail Date; ``attachments`` are uploaded files (a letter's scan). Raises
    :class:`InvalidInput` for an unknown channel and :class:`AdapterError` (with per-field
    reasons) for input that cannot become a contact.
    """
    adapter = REGISTRY.get(channel_code)
    if adapter is None:
        raise InvalidInput("unknown_channel", f"Onbekend kanaal: {channel_code}.", "channel")
    if adapter is phone:
        return _receive_call_event(phone.parse(payload))
    draft = adapter.parse(payload, received_at=received_at) if adapter is email else adapter.parse(payload)
    if attachments:
        draft = replace(draft, attachments=draft.attachments + tuple(attachments))
    return receive_draft(draft, actor=actor)


def receive_draft(draft: ContactDraft, *, actor: StaffUser | None = None) -> IntakeResult:
    """Store one draft (e.g. a row of an appointment export) in its own transaction."""
    existing = _existing_contact(draft)
    if existing is not None:
        return IntakeResult(DUPLICATE, existing, _needs_identification(existing))
    try:
        result = _store(draft, actor)
        db.session.commit()
    except IntegrityError:
        # A concurrent delivery of the same event committed first: that one is the contact.
        db.session.rollback()
        existing = _existing_contact(draft)
        if existing is None:
            raise
        return IntakeResult(DUPLICATE, existing, _needs_identification(existing))
    return result


def _store(draft: ContactDraft, actor: StaffUser | None) -> IntakeResult:
    """Identify, thread and add the contact with its attachments and inbox entry; flush only."""
    hints = normalised_hints(draft)
    match = identify_party(hints)
    handler = actor or _staff_by_username(draft.agent)
    contact = record_contact(
        ContactInput(
            channel=draft.channel,
            subject=draft.subject,
            party_id=match.party_id,
            direction=draft.direction,
            occurred_at=draft.occurred_at,
            content=draft.content,
            answer=draft.answer,
            outcome=draft.outcome,
            duration_seconds=draft.duration_seconds,
            external_id=draft.external_id,
            case_id=_thread_case_id(draft),
        ),
        handler,
        commit=False,
        identification=match,
    )
    # record_contact returns the already stored contact when a concurrent delivery won the
    # race for this external id; that one has its attachments and inbox entry already.
    if draft.attachments and not _has_attachments(contact):
        for attachment in draft.attachments:
            db.session.add(stored_attachment(contact, attachment))
    db.session.flush()
    if not stored_here(contact):
        return IntakeResult(DUPLICATE, contact, _needs_identification(contact))
    return IntakeResult(CREATED, contact, match.party_id is None)


def normalised_hints(draft: ContactDraft) -> dict:
    """The draft's identity hints in canonical form.

    A BSN or KvK number that fails its check refuses the input (it was meant to identify, so
    guessing is wrong); an unusable e-mail address or phone number ("anoniem") is just dropped.
    """
    hints, reasons = {}, []
    for key, normalise in (("bsn", normalise_bsn), ("kvk", normalise_kvk)):
        value = getattr(draft, key)
        if value:
            try:
                hints[key] = normalise(value)
            except InvalidInput as error:
                reasons.append(Reason(key, error.code, error.message))
    for key, normalise in (("email", normalise_email), ("phone", normalise_phone)):
        value = getattr(draft, key)
        if value:
            try:
                hints[key] = normalise(value)
            except InvalidInput:
                pass
    if reasons:
        raise AdapterError(reasons)
    if draft.name:
        hints["name"] = draft.name[:200]
    return hints


def _has_attachments(contact: Contact) -> bool:
    return db.session.scalar(select(ContactAttachment.id).filter_by(contact_id=contact.id).limit(1)) is not None


def _existing_contact(draft: ContactDraft) -> Contact | None:
    if not draft.external_id:
        return None
    return db.session.scalar(
        select(Contact).join(Contact.channel).where(Channel.code == draft.channel, Contact.external_id == draft.external_id)
    )


def _needs_identification(contact: Contact) -> bool:
    return contact.party_id is None and db.session.scalar(
        select(ContactIdentification.id).filter_by(contact_id=contact.id, resolved_at=None)
    ) is not None


def _thread_case_id(draft: ContactDraft) -> int | None:
    """The case of the nearest earlier message in this e-mail thread, if it has one."""
    if not draft.thread_ids:
        return None
    external_ids = [external_id_for_message(message_id) for message_id in draft.thread_ids]
    channel = channel_by_code(draft.channel)
    found = dict(
        db.session.execute(
            select(Contact.external_id, Contact.case_id).where(
                Contact.channel_id == channel.id,
                Contact.external_id.in_(external_ids),
                Contact.case_id.is_not(None),
            )
        ).all()
    )
    return next((found[ext] for ext in external_ids if ext in found), None)


def _staff_by_username(username: str | None) -> StaffUser | None:
    if not username:
        return None
    return db.session.scalar(select(StaffUser).filter_by(username=username.strip().lower(), active=True))


def _receive_call_event(event: phone.CallEvent) -> IntakeResult:
    """Keep the event; when the call has ended, make (or correct) its one contact."""
    for attempt in range(2):
        try:
            return _call_event_transaction(event)
        except IntegrityError:
            # The same call's contact or event was stored concurrently; the retry sees it.
            db.session.rollback()
            if attempt:
                raise
    raise AssertionError("unreachable")


def _call_event_transaction(event: phone.CallEvent) -> IntakeResult:
    known = db.session.scalar(
        select(ReceivedCallEvent.id).filter_by(call_id=event.call_id, event=event.event, occurred_at=event.occurred_at)
    )
    if known is None:
        db.session.add(
            ReceivedCallEvent(call_id=event.call_id, event=event.event, occurred_at=event.occurred_at, data=event.as_dict())
        )
        db.session.flush()
    stored = db.session.scalars(select(ReceivedCallEvent.data).filter_by(call_id=event.call_id))
    draft = phone.contact_for_call([phone.CallEvent.from_dict(data) for data in stored])
    if draft is None:
        db.session.commit()
        return IntakeResult(PENDING)
    existing = _existing_contact(draft)
    if existing is None:
        result = _store(draft, None)
        db.session.commit()
        return result
    status = DUPLICATE
    if known is None and _correct_call(existing, draft):
        status = UPDATED
    db.session.commit()
    return IntakeResult(status, existing, _needs_identification(existing))


def _correct_call(contact: Contact, draft: ContactDraft) -> bool:
    """A late event (e.g. "answered" after "hangup") changes what we know about the call."""
    fields = {
        "occurred_at": draft.occurred_at,
        "duration_seconds": draft.duration_seconds,
        "outcome": draft.outcome,
        "content": draft.content,
        "subject": draft.subject,
    }
    changed = False
    for name, value in fields.items():
        if getattr(contact, name) != value:
            setattr(contact, name, value)
            changed = True
    if changed:
        enqueue_indexing("contact", contact.id)
    return changed
