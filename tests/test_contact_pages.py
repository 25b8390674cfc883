"""Registering a contact in one form, with its follow-up in the same transaction; linking later in Te identificeren."""

from sqlalchemy import func, select

from crm.extensions import db
from crm.models import Case, Contact, ContactIdentification, OutboxEntry, PartyEvent, Task
from crm.services.cases import open_case
from crm.services.contacts import ContactInput, record_contact
from tests.workspace_support import login, world  # noqa: F401  (world is a fixture)


def count(model):
    return db.session.scalar(select(func.count()).select_from(model))


def form(world, **fields):
    data = {
        "channel": "telefoon",
        "direction": "inbound",
        "subject": "Vraag over afvalpas",
        "content": "Pas kwijt",
        "answer": "Nieuwe pas aangevraagd",
        "outcome": "resolved",
        "department_id": world.kcc.id,
        "follow_up": "none",
    }
    data.update(fields)
    return data


def test_register_a_plain_contact(client, world):
    login(client, "mw")
    page = client.get(f"/contacten/nieuw/{world.anna.id}").get_data(as_text=True)
    assert "Contact registreren met Anna Maria Jansen" in page
    response = client.post(f"/contacten/nieuw/{world.anna.id}", data=form(world))
    assert response.headers["Location"] == f"/partijen/{world.anna.id}"
    stored = db.session.scalar(select(Contact))
    assert (stored.subject, stored.answer, stored.outcome) == ("Vraag over afvalpas", "Nieuwe pas aangevraagd", "resolved")
    assert stored.handled_by_id == world.employee.id and stored.party_id == world.anna.id


def test_register_with_a_new_case_opens_it_linked(client, world):
    login(client, "mw")
    response = client.post(
        f"/contacten/nieuw/{world.anna.id}",
        data=form(world, subject="Buurtfeest 12 juni", follow_up="new_case", case_type_id=world.event_permit.id),
    )
    case = db.session.scalar(select(Case))
    assert response.headers["Location"] == f"/zaken/{case.id}"
    assert case.subject == "Buurtfeest 12 juni" and case.department_id == world.permits.id
    assert [c.subject for c in case.contacts] == ["Buurtfeest 12 juni"]
    assert case.number in client.get(response.headers["Location"]).get_data(as_text=True)


def test_register_linked_to_an_open_case(client, world):
    case = open_case(world.report.id, "Stoeptegel los", world.employee, party_id=world.anna.id)
    login(client, "mw")
    client.post(f"/contacten/nieuw/{world.anna.id}", data=form(world, follow_up="link_case", case_id=case.id))
    assert db.session.scalar(select(Contact)).case_id == case.id


def test_register_with_a_callback_request(client, world):
    login(client, "mw")
    client.post(
        f"/contacten/nieuw/{world.anna.id}",
        data=form(world, outcome="", follow_up="callback", callback_department_id=world.permits.id,
                  callback_reach_via="06 12345678, na 14 uur", callback_note="Wil de vergunningverlener spreken"),
    )
    task = db.session.scalar(select(Task))
    contact = db.session.scalar(select(Contact))
    assert task.department_id == world.permits.id and task.contact_id == contact.id
    assert task.reach_via == "06 12345678, na 14 uur" and task.note == "Wil de vergunningverlener spreken"
    assert contact.outcome == "callback_requested"


def test_a_refused_follow_up_saves_nothing_and_keeps_the_input(client, world):
    """The callback's assignee is not in the chosen department: neither contact nor task is stored."""
    login(client, "mw")
    outbox_before = count(OutboxEntry)
    response = client.post(
        f"/contacten/nieuw/{world.anna.id}",
        data=form(world, subject="Mijn verhaal", content="Lang verhaal <i>met opmaak</i>", follow_up="callback",
                  callback_department_id=world.permits.id, callback_assignee_id=world.employee.id),
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Deze medewerker hoort niet bij de gekozen afdeling." in page
    assert 'value="Mijn verhaal"' in page and "Lang verhaal &lt;i&gt;met opmaak&lt;/i&gt;" in page
    assert count(Contact) == 0 and count(Task) == 0 and count(OutboxEntry) == outbox_before


def test_missing_fields_get_dutch_errors(client, world):
    login(client, "mw")
    page = client.post(
        f"/contacten/nieuw/{world.anna.id}", data=form(world, subject="", follow_up="new_case", content="blijft staan")
    ).get_data(as_text=True)
    assert "Onderwerp is verplicht." in page
    assert "blijft staan" in page
    assert count(Contact) == 0


def test_a_new_case_without_a_case_type_is_refused(client, world):
    login(client, "mw")
    page = client.post(f"/contacten/nieuw/{world.anna.id}", data=form(world, follow_up="new_case")).get_data(as_text=True)
    assert "Kies een zaaktype." in page
    assert count(Contact) == 0 and count(Case) == 0


def test_a_tampered_choice_is_refused_in_dutch(client, world):
    login(client, "mw")
    page = client.post(f"/contacten/nieuw/{world.anna.id}", data=form(world, channel="telegraaf")).get_data(as_text=True)
    assert "Ongeldige keuze" in page
    assert count(Contact) == 0


def inbox_item(contact):
    return db.session.scalar(select(ContactIdentification).filter_by(contact_id=contact.id))


def test_an_anonymous_contact_waits_in_te_identificeren_and_is_linked_with_one_timeline_event(client, world):
    login(client, "mw")
    response = client.post("/contacten/nieuw", data=form(world, subject="Vraag van onbekende beller"))
    assert response.headers["Location"] == "/te-identificeren"
    stored = db.session.scalar(select(Contact))
    assert stored.party_id is None
    assert "Vraag van onbekende beller" in client.get("/te-identificeren").get_data(as_text=True)
    assert client.get("/contacten/ongekoppeld").headers["Location"] == "/te-identificeren"

    item = inbox_item(stored)
    assert "Zonder partij geregistreerd" in client.get(f"/te-identificeren/{item.id}").get_data(as_text=True)
    response = client.post(f"/te-identificeren/{item.id}/koppelen", data={"party": "111.222.333", "note": "Belde terug"})
    assert response.headers["Location"] == "/te-identificeren"
    db.session.expire_all()
    assert stored.party_id == world.anna.id
    event = db.session.scalar(select(PartyEvent))
    assert (event.contact_id, event.actor_id, event.note) == (stored.id, world.employee.id, "Belde terug")
    page = client.get(f"/partijen/{world.anna.id}").get_data(as_text=True)
    assert page.count("Contactmoment aan deze partij gekoppeld") == 1 and "Vraag van onbekende beller" in page
    assert "Vraag van onbekende beller" not in client.get("/te-identificeren").get_data(as_text=True)


def test_linking_by_a_name_with_several_matches_asks_for_the_party_number(client, world):
    from crm.services.parties import PersonInput, create_person

    piet = create_person(PersonInput(surname="Jansen", given_names="Piet"))
    stored = record_contact(ContactInput(channel="balie", subject="Vraag"), world.employee)
    login(client, "mw")
    page = client.post(f"/te-identificeren/{inbox_item(stored).id}/koppelen", data={"party": "Jansen"}).get_data(as_text=True)
    assert "Meerdere partijen gevonden" in page and f"P{piet.id}" in page
    client.post(f"/te-identificeren/{inbox_item(stored).id}/koppelen", data={"party": f"P{piet.id}"})
    db.session.expire_all()
    assert stored.party_id == piet.id


def test_linking_with_no_match_says_so(client, world):
    stored = record_contact(ContactInput(channel="balie", subject="Vraag"), world.employee)
    login(client, "mw")
    page = client.post(f"/te-identificeren/{inbox_item(stored).id}/koppelen", data={"party": "Pietersen"}).get_data(as_text=True)
    assert "Geen partij gevonden" in page
    db.session.expire_all()
    assert stored.party_id is None


def test_a_post_without_a_csrf_token_is_refused(database_url, world, tmp_path):
    """The suite runs without CSRF checks; this app has them on, as in production."""
    from crm import create_app
    from tests.conftest import app_config

    protected = create_app({**app_config(database_url, tmp_path), "WTF_CSRF_ENABLED": True})
    client = protected.test_client()
    try:
        assert client.post("/login", data={"username": "mw", "password": world.password}).status_code == 400
        login_page = client.get("/login").get_data(as_text=True)
        token = login_page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
        response = client.post("/login", data={"username": "mw", "password": world.password, "csrf_token": token})
        assert response.status_code == 302
        response = client.post(f"/contacten/nieuw/{world.anna.id}", data=form(world))
        assert response.status_code == 400
        with protected.app_context():
            assert count(Contact) == 0
    finally:
        with protected.app_context():
            db.session.remove()
            db.engine.dispose()
