"""Recording contacts: validation, idempotent re-delivery, confidentiality."""

from datetime import datetime, timezone

import pytest
from sqlalchemy import func, select

from crm.extensions import db
from crm.models import Contact, OutboxEntry
from crm.services.contacts import ContactInput, record_contact
from crm.validation import InvalidInput


def contact_count():
    return db.session.scalar(select(func.count()).select_from(Contact))


def test_recording_a_phone_contact(make_person, make_department, make_user):
    kcc = make_department("kcc")
    agent = make_user("agent", departments=[kcc])
    person = make_person()
    contact = record_contact(
        ContactInput(channel="telefoon", subject="Vraag over afval", party_id=person.id, department_id=kcc.id, outcome="resolved", duration_seconds=180),
        agent,
    )
    assert contact.channel.code == "telefoon"
    assert contact.handled_by_id == agent.id
    assert contact.occurred_at.tzinfo is not None
    topics = {(o.topic, o.entity) for o in db.session.scalars(select(OutboxEntry))}
    assert ("search", "contact") in topics and ("events", "contact") in topics


def test_same_channel_and_external_id_twice_leaves_one_contact(make_person):
    person = make_person()
    data = ContactInput(channel="e-mail", subject="Bezwaar", party_id=person.id, external_id="<abc@mail.example>")
    first = record_contact(data, None)
    second = record_contact(data, None)
    assert first.id == second.id
    assert contact_count() == 1


def test_a_contact_recorded_after_a_rolled_back_one_is_itself(make_person):
    """SQLite hands out the id of a rolled-back insert again; the session must not confuse the two."""
    person = make_person()
    record_contact(ContactInput(channel="balie", subject="Teruggedraaid", party_id=person.id), None, commit=False)
    db.session.rollback()
    contact = record_contact(ContactInput(channel="balie", subject="Paspoort", party_id=person.id), None)
    db.session.expire_all()
    assert db.session.get(Contact, contact.id).subject == "Paspoort"
    assert contact_count() == 1


def test_same_external_id_on_another_channel_is_another_contact(ctx):
    record_contact(ContactInput(channel="chat", subject="Chat", external_id="42"), None)
    record_contact(ContactInput(channel="telefoon", subject="Gesprek", external_id="42"), None)
    assert contact_count() == 2


@pytest.mark.parametrize(
    "overrides,field",
    [
        ({"channel": "fax"}, "channel"),
        ({"subject": "   "}, "subject"),
        ({"direction": "sideways"}, "direction"),
        ({"outcome": "maybe"}, "outcome"),
        ({"occurred_at": datetime(2026, 1, 1, 12, 0)}, "occurred_at"),
        ({"duration_seconds": -5}, "duration_seconds"),
    ],
)
def test_invalid_contacts_are_refused_and_nothing_is_stored(ctx, overrides, field):
    data = ContactInput(**{"channel": "telefoon", "subject": "Vraag", **overrides})
    with pytest.raises(InvalidInput) as error:
        record_contact(data, None)
    assert error.value.field == field
    db.session.rollback()
    assert contact_count() == 0


def test_contact_in_a_confidential_department_is_confidential(make_department):
    social = make_department("sociaal", "Sociaal Domein", confidential=True)
    contact = record_contact(ContactInput(channel="balie", subject="Schulden", department_id=social.id), None)
    assert contact.confidential


def test_times_are_stored_in_utc_and_returned_aware(make_person):
    person = make_person()
    moment = datetime(2026, 3, 29, 1, 59, 59, 123456, tzinfo=timezone.utc)
    contact = record_contact(ContactInput(channel="post", subject="Brief", party_id=person.id, occurred_at=moment), None)
    db.session.expire_all()
    assert db.session.get(Contact, contact.id).occurred_at == moment
