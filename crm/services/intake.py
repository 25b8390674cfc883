"""Channel intake: raw input from a channel becomes a stored, identified, deduplicated contact.

``receive_channel_event`` is the one entry point for webhooks, the registration forms and
the imports. Per event it runs the channel's adapter (channels/), normalises the identity
hints, identifies the party, threads e-mail replies to their case and stores everything in
one transaction. The same (channel, external id), for e-mail the Message-ID, never makes a
second contact, so any delivery or import may be repeated safely.
"""

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import DBAPIError, IntegrityError

from channels import REGISTRY, Attachment, ContactDraft, email, phone
from channels.draft import external_id_for_message
from channels.errors import AdapterError, Reason
from crm.extensions import db
from crm.models import Contact, ContactIdentification, ReceivedCallEvent, StaffUser
from crm.services.attachments import stored_attachment
from crm.services.contacts import ContactInput, add_contact, channel_id
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
    adapter = _adapter(channel_code)
    for attempt in range(2):
        try:
            result = _receive(adapter, payload, actor=actor, received_at=received_at, attachments=attachments)
            db.session.commit()
            return result
        except IntegrityError:
            # The same call's event was stored concurrently; the retry sees it.
            db.session.rollback()
            if attempt:
                raise
    raise AssertionError("unreachable")


def receive_channel_events(channel_code: str, payloads: Sequence, *, actor: StaffUser | None = None) -> list[IntakeResult | AdapterError]:
    """Take several events of one channel in one transaction: per event its result, or the
    :class:`AdapterError` that refused it (nothing of that event is stored).

    One commit for the lot is what makes a batch fast. Each event is still all or nothing: an
    event is refused before anything of it is written (a call event, which is kept before its
    contact is made, gets a savepoint), and should the database refuse a write, the batch is
    rolled back and every event taken again in a transaction of its own. Raises
    :class:`InvalidInput` for an unknown channel.
    """
    adapter = _adapter(channel_code)
    try:
        outcomes = [_receive_or_refuse(adapter, payload, actor) for payload in payloads]
        db.session.commit()
    except DBAPIError:
        db.session.rollback()
        outcomes = []
        for payload in payloads:
            try:
                outcomes.append(receive_channel_event(channel_code, payload, actor=actor))
            except (AdapterError, InvalidInput) as error:
                db.session.rollback()
                outcomes.append(_as_refusal(error))
    return outcomes


def _receive_or_refuse(adapter, payload, actor: StaffUser | None) -> IntakeResult | AdapterError:
    try:
        if adapter is phone:
            with db.session.begin_nested():
                return _receive(adapter, payload, actor=actor)
        return _receive(adapter, payload, actor=actor)
    except (AdapterError, InvalidInput) as error:
        return _as_refusal(error)


def _as_refusal(error: AdapterError | InvalidInput) -> AdapterError:
    if isinstance(error, AdapterError):
        return error
    return AdapterError([Reason(error.field or "payload", error.code, error.message)])


def receive_draft(draft: ContactDraft, *, actor: StaffUser | None = None) -> IntakeResult:
    """Store one draft (e.g. a row of an appointment export) in its own transaction."""
    result = _store(draft, actor)
    db.session.commit()
    return result


def _adapter(channel_code: str):
    adapter = REGISTRY.get(channel_code)
    if adapter is None:
        raise InvalidInput("unknown_channel", f"Onbekend kanaal: {channel_code}.", "channel")
    return adapter


def _receive(adapter, payload, *, actor=None, received_at=None, attachments=()) -> IntakeResult:
    """Parse and store one event; flush only."""
    if adapter is phone:
        return _call_event(phone.parse(payload))
    draft = adapter.parse(payload, received_at=received_at) if adapter is email else adapter.parse(payload)
    if attachments:
        draft = replace(draft, attachments=draft.attachments + tuple(attachments))
    return _store(draft, actor)


def _store(draft: ContactDraft, actor: StaffUser | None) -> IntakeResult:
    """Identify, thread and add the contact with its attachments and inbox entry; flush only.

    Whatever refuses the draft (its hints, the contact's checks) comes before the first write:
    receive_channel_events counts on that to refuse one event of a batch without a savepoint.
    """
    hints = normalised_hints(draft)
    match = identify_party(hints)
    handler = actor or _staff_by_username(draft.agent)
    contact, created = add_contact(
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
        identification=match,
    )
    if not created:
        # Delivered before, or a concurrent delivery won the race for this external id: that
        # contact was committed with its attachments and inbox entry, so add nothing.
        return IntakeResult(DUPLICATE, contact, _needs_identification(contact))
    for attachment in draft.attachments:
        db.session.add(stored_attachment(contact, attachment))
    db.session.flush()
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


def _existing_contact(draft: ContactDraft) -> Contact | None:
    if not draft.external_id:
        return None
    return db.session.scalar(
        select(Contact).where(Contact.channel_id == channel_id(draft.channel), Contact.external_id == draft.external_id)
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
    found = dict(
        db.session.execute(
            select(Contact.external_id, Contact.case_id).where(
                Contact.channel_id == channel_id(draft.channel),
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


def _call_event(event: phone.CallEvent) -> IntakeResult:
    """Keep the event; when the call has ended, make (or correct) its one contact. Flush only."""
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
        return IntakeResult(PENDING)
    existing = _existing_contact(draft)
    if existing is None:
        return _store(draft, None)
    status = DUPLICATE
    if known is None and _correct_call(existing, draft):
        status = UPDATED
        db.session.flush()
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
