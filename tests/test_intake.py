"""The intake: every channel lands on the right timeline, unknown senders in the inbox, nothing twice."""

from email.message import EmailMessage
from pathlib import Path

import pytest
from sqlalchemy import func, select

from channels.errors import AdapterError
from crm.extensions import db
from crm.models import (
    Contact,
    ContactAttachment,
    ContactIdentification,
    DigitalAddress,
    Role,
    utcnow,
)
from crm.services.cases import open_case
from crm.services.identification import (
    create_person_for_contact,
    dismiss_identification,
    link_contact_to_party,
)
from crm.services.attachments import attachment_path
from crm.services.intake import receive_channel_event, receive_channel_events
from crm.services.parties import PersonInput
from crm.services.timeline import timeline_for
from crm.validation import InvalidInput

BSN = "111222333"


def count(model, **filters):
    return db.session.scalar(select(func.count()).select_from(model).filter_by(**filters))


@pytest.fixture
def anna(make_person):
    """A citizen with a BSN, a verified e-mail address and a mobile number."""
    person = make_person("Jansen", bsn=BSN, emails=["anna@example.nl"], phones=["06 12345678"])
    for address in person.digital_addresses:
        if address.kind == "email":
            address.verified_at = utcnow()
    db.session.commit()
    return person


@pytest.fixture
def staff(make_department, make_user):
    kcc = make_department("kcc", "KCC")
    return make_user("jdevries", Role.EMPLOYEE, [kcc], full_name="Jan de Vries")


def mail(subject="Vraag", sender="anna@example.nl", message_id="<1@example.nl>", **headers) -> bytes:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = "info@gemeente.example"
    message["Subject"] = subject
    message["Date"] = "Wed, 12 Mar 2025 09:30:00 +0100"
    if message_id:
        message["Message-ID"] = message_id
    for name, value in headers.items():
        message[name.replace("_", "-")] = value
    message.set_content("Goedemorgen, ik heb een vraag.")
    return message.as_bytes()


def call(event, second, call_id="c-1", **extra):
    return {"call_id": call_id, "event": event, "timestamp": f"2025-03-12T09:30:{second:02d}+01:00", "caller": "0612345678", **extra}


def test_a_contact_from_each_channel_lands_on_the_right_timeline(anna, staff):
    for event, second in (("new", 0), ("answered", 10), ("hangup", 50)):
        receive_channel_event("telefoon", call(event, second, agent="jdevries"))
    receive_channel_event("e-mail", mail())
    receive_channel_event("chat", {
        "conversation_id": "chat-1", "started_at": "2025-03-12T10:00:00+01:00", "visitor": {"email": "anna@example.nl"},
        "messages": [{"at": "2025-03-12T10:00:05+01:00", "from": "v", "text": "Hoi"}],
    })
    receive_channel_event("webformulier", {
        "submission_id": "wf-1", "form": "Melding openbare ruimte", "submitted_at": "2025-03-12T11:00:00+01:00",
        "fields": {"Omschrijving": "Stoeptegel"}, "submitter": {"bsn": "1112.22.333"}, "authentication": "digid",
    })
    receive_channel_event("balie", {"occurred_at": "2025-03-12T12:00:00+01:00", "product": "Paspoort", "visitor": {"bsn": BSN}}, actor=staff)
    receive_channel_event("post", {"received_on": "2025-03-13", "subject": "Bezwaar", "sender": {"bsn": BSN}})

    items = timeline_for(anna.id, staff).items
    channels = sorted(item.record.channel.code for item in items if item.kind == "contact")
    assert channels == sorted(["telefoon", "e-mail", "chat", "webformulier", "balie", "post"])
    phone_contact = next(i.record for i in items if i.kind == "contact" and i.record.channel.code == "telefoon")
    assert phone_contact.duration_seconds == 40 and phone_contact.handled_by_id == staff.id
    assert count(ContactIdentification) == 0


def test_identification_order_and_exact_matches(anna, make_person):
    namesake = make_person("Jansen", bsn="123456782", emails=["gezin@example.nl"], phones=["0201234567"])
    other = make_person("Bakker", emails=["gezin@example.nl"], phones=["0201234567"])
    for address in db.session.scalars(select(DigitalAddress).filter_by(value="gezin@example.nl")):
        address.verified_at = utcnow()
    db.session.commit()

    def webform(n, **submitter):
        return receive_channel_event("webformulier", {
            "submission_id": f"wf-{n}", "form": "Vraag", "submitted_at": "2025-03-12T11:00:00+01:00", "submitter": submitter,
        })

    # A BSN wins over a phone number of someone else.
    assert webform(1, bsn="123456782", phone="0612345678").contact.party_id == namesake.id
    # An unknown BSN decides on its own: no fallback to the phone number.
    unknown = webform(2, bsn="100000009", phone="0612345678")
    assert unknown.contact.party_id is None and unknown.needs_identification
    # A verified address shared by two parties is ambiguous; so is a shared phone number.
    assert webform(3, email="gezin@example.nl").contact.party_id is None
    assert webform(4, phone="020-123 4567").contact.party_id is None
    # Only a verified address identifies.
    db.session.add(DigitalAddress(party_id=other.id, kind="email", value="bakker@example.nl"))
    db.session.commit()
    assert webform(5, email="bakker@example.nl").contact.party_id is None
    # A normalised phone number does.
    assert webform(6, phone="+31 6 1234 5678").contact.party_id == anna.id

    reasons = dict(db.session.execute(select(Contact.external_id, ContactIdentification.reason).join(ContactIdentification.contact)).all())
    assert reasons == {"wf-2": "unknown_bsn", "wf-3": "ambiguous_email", "wf-4": "ambiguous_phone", "wf-5": "no_match"}
    ambiguous = db.session.scalar(select(ContactIdentification).filter_by(reason="ambiguous_email"))
    assert ambiguous.candidate_party_ids == sorted([namesake.id, other.id])


def test_an_invalid_bsn_is_refused_with_its_field(ctx):
    with pytest.raises(AdapterError) as excinfo:
        receive_channel_event("balie", {"occurred_at": "2025-03-12T12:00:00+01:00", "product": "Paspoort", "visitor": {"bsn": "123456789"}})
    assert [(r.field, r.code) for r in excinfo.value.reasons] == [("bsn", "invalid_bsn")]
    assert count(Contact) == 0


def test_an_unknown_channel_is_refused(ctx):
    with pytest.raises(InvalidInput) as excinfo:
        receive_channel_event("fax", {})
    assert excinfo.value.field == "channel"


def test_redelivery_never_creates_a_second_contact(anna):
    payload = {"submission_id": "wf-9", "form": "Vraag", "submitted_at": "2025-03-12T11:00:00+01:00", "submitter": {"bsn": BSN}}
    first = receive_channel_event("webformulier", payload)
    again = receive_channel_event("webformulier", payload)
    assert (first.status, again.status) == ("created", "duplicate")
    assert again.contact_id == first.contact_id

    receive_channel_event("e-mail", mail(message_id="<same@example.nl>"))
    resent = receive_channel_event("e-mail", mail(subject="Vraag (nogmaals verstuurd)", message_id="<same@example.nl>"))
    assert resent.status == "duplicate"
    assert count(Contact) == 2


def test_a_batch_of_events_stores_each_on_its_own_and_refuses_only_the_bad_one(anna):
    def submission(number, **submitter):
        return {"submission_id": f"wf-b{number}", "form": "Vraag", "submitted_at": "2025-03-12T11:00:00+01:00",
                "submitter": submitter}

    batch = [submission(1, bsn=BSN), submission(2, bsn="123456789"), submission(3, email="onbekend@example.org"),
             submission(1, bsn=BSN)]
    first, refused, unknown, again = receive_channel_events("webformulier", batch)
    assert (first.status, first.contact.party_id) == ("created", anna.id)
    assert isinstance(refused, AdapterError) and [r.code for r in refused.reasons] == ["invalid_bsn"]
    assert unknown.status == "created" and unknown.needs_identification
    assert (again.status, again.contact_id) == ("duplicate", first.contact_id)
    assert count(Contact) == 2 and count(ContactIdentification) == 1

    # The whole batch delivered again (an import re-run): nothing new.
    statuses = [getattr(outcome, "status", "refused") for outcome in receive_channel_events("webformulier", batch)]
    assert statuses == ["duplicate", "refused", "duplicate", "duplicate"]
    assert count(Contact) == 2 and count(ContactIdentification) == 1


def test_a_batch_of_call_events_makes_one_contact_per_call(anna):
    batch = [call("new", 0), call("answered", 10), {"call_id": "c-1", "event": "hangup"}, call("hangup", 50)]
    new, answered, refused, ended = receive_channel_events("telefoon", batch)
    assert (new.status, answered.status) == ("pending", "pending")
    assert isinstance(refused, AdapterError)
    assert ended.status == "created" and (ended.contact.party_id, ended.contact.duration_seconds) == (anna.id, 40)
    assert count(Contact) == 1


def test_a_batch_for_an_unknown_channel_is_refused_as_a_whole(ctx):
    with pytest.raises(InvalidInput):
        receive_channel_events("fax", [{}])


def test_unidentified_redelivery_does_not_add_a_second_inbox_entry(ctx):
    raw = mail(sender="onbekend@example.org")
    assert receive_channel_event("e-mail", raw).needs_identification
    assert receive_channel_event("e-mail", raw).needs_identification
    assert count(ContactIdentification) == 1


def test_call_events_make_one_contact_and_a_late_event_corrects_it(anna):
    assert receive_channel_event("telefoon", call("new", 0)).status == "pending"
    ended = receive_channel_event("telefoon", call("hangup", 40))
    assert ended.status == "created" and ended.contact.outcome == "failed"  # no answer seen yet
    assert receive_channel_event("telefoon", call("hangup", 40)).status == "duplicate"
    late = receive_channel_event("telefoon", call("answered", 10))
    assert late.status == "updated"
    assert (late.contact.outcome, late.contact.duration_seconds) == (None, 30)
    assert count(Contact) == 1


def test_a_missed_call_from_an_unknown_number_goes_to_the_inbox(ctx):
    receive_channel_event("telefoon", call("new", 0, call_id="c-2", caller="0201111111"))
    result = receive_channel_event("telefoon", call("missed", 20, call_id="c-2", caller="0201111111"))
    assert result.contact.outcome == "failed" and result.needs_identification
    item = db.session.scalar(select(ContactIdentification))
    assert item.hints == {"phone": "+31201111111"}


def test_an_email_reply_is_threaded_to_the_case_of_the_first_message(anna, staff, make_department, make_case_type):
    case_type = make_case_type(make_department("burgerzaken"), "paspoort", "Paspoort")
    first = receive_channel_event("e-mail", mail(message_id="<start@example.nl>"))
    case = open_case(case_type.id, "Paspoort aanvragen", staff, party_id=anna.id, contact_id=first.contact_id)
    reply = receive_channel_event(
        "e-mail",
        mail("Re: Vraag", sender="ander-adres@example.nl", message_id="<reply@example.nl>",
             In_Reply_To="<antwoord-gemeente@gemeente.example>", References="<start@example.nl> <antwoord-gemeente@gemeente.example>"),
    )
    assert reply.contact.case_id == case.id
    assert reply.contact.party_id is None  # threading finds the case, not the person: still identify


def test_attachments_are_recorded_and_kept_under_the_instance_folder(anna, app):
    message = EmailMessage()
    message["From"] = "anna@example.nl"
    message["Subject"] = "Foto"
    message["Date"] = "Wed, 12 Mar 2025 09:30:00 +0100"
    message.set_content("Zie bijlage")
    message.add_attachment(b"\x89PNG fake image", maintype="image", subtype="png", filename="stoep.png")
    result = receive_channel_event("e-mail", message.as_bytes())
    [attachment] = db.session.scalars(select(ContactAttachment).filter_by(contact_id=result.contact_id))
    assert (attachment.filename, attachment.content_type, attachment.size) == ("stoep.png", "image/png", 15)
    path = attachment_path(attachment.sha256)
    assert path.read_bytes() == b"\x89PNG fake image"
    assert Path(app.instance_path) in path.parents


def test_staff_link_an_inbox_contact_and_the_link_is_on_the_timeline(anna, staff):
    result = receive_channel_event("e-mail", mail(sender="anna.prive@example.org"))
    item = db.session.scalar(select(ContactIdentification).filter_by(contact_id=result.contact_id))
    link_contact_to_party(item.id, staff, bsn="1112 22 333")
    assert result.contact.party_id == anna.id
    kinds = [i.kind for i in timeline_for(anna.id, staff).items]
    assert sorted(kinds) == ["contact", "party_event"]
    with pytest.raises(InvalidInput, match="al afgehandeld"):
        link_contact_to_party(item.id, staff, party_id=anna.id)


def test_staff_create_a_person_for_an_inbox_contact_in_one_go(staff):
    result = receive_channel_event("post", {"received_on": "2025-03-13", "subject": "Bezwaar", "sender": {"bsn": "123456782", "name": "P. de Vries"}})
    item = db.session.scalar(select(ContactIdentification))
    assert item.reason == "unknown_bsn"
    create_person_for_contact(item.id, PersonInput(surname="Vries", surname_prefix="de", given_names="Piet", bsn=item.hints["bsn"]), staff)
    assert result.contact.party.bsn == "123456782"
    assert not item.is_open


def test_a_failed_person_creation_links_nothing(anna, staff):
    receive_channel_event("e-mail", mail(sender="iemand@example.org"))
    item = db.session.scalar(select(ContactIdentification))
    with pytest.raises(InvalidInput):
        create_person_for_contact(item.id, PersonInput(surname="Dubbel", bsn=BSN), staff)
    db.session.rollback()
    assert db.session.get(ContactIdentification, item.id).is_open
    assert db.session.get(Contact, item.contact_id).party_id is None


def test_staff_can_dismiss_spam_from_the_inbox(staff):
    receive_channel_event("e-mail", mail(sender="spam@example.org"))
    item = db.session.scalar(select(ContactIdentification))
    with pytest.raises(InvalidInput):
        dismiss_identification(item.id, staff, " ")
    dismiss_identification(item.id, staff, "Reclame")
    assert not item.is_open and item.party_id is None


def test_concurrent_deliveries_of_the_same_event_store_one_contact(app, ctx):
    """Telephony platforms and mail servers retry in parallel; each event still becomes one contact."""
    import threading

    if db.engine.dialect.name != "postgresql":
        pytest.skip("real concurrent transactions are tested on PostgreSQL")
    db.session.remove()
    rounds, workers = 6, 4
    outcomes = []

    def deliver(barrier, payload):
        with app.app_context():
            barrier.wait()
            try:
                result = receive_channel_event("webformulier", payload)
                outcomes.append((payload["submission_id"], result.status, result.contact_id))
            except Exception as error:  # noqa: BLE001 - any error is a failure of this test
                outcomes.append((payload["submission_id"], repr(error), None))
            finally:
                db.session.remove()

    for n in range(rounds):
        payload = {"submission_id": f"wf-race-{n}", "form": "Vraag", "submitted_at": "2025-03-12T11:00:00+01:00",
                   "submitter": {"email": "onbekend@example.org"}}
        barrier = threading.Barrier(workers)
        threads = [threading.Thread(target=deliver, args=(barrier, payload)) for _ in range(workers)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)

    assert len(outcomes) == rounds * workers
    for n in range(rounds):
        mine = [o for o in outcomes if o[0] == f"wf-race-{n}"]
        assert sorted(status for _, status, _ in mine) == ["created"] + ["duplicate"] * (workers - 1), mine
        assert len({contact_id for _, _, contact_id in mine}) == 1
    assert count(Contact) == rounds and count(ContactIdentification) == rounds
