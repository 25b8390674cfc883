"""Access requests: all data about one party as JSON and as a printable page, always logged."""

import json

import pytest
from flask import g
from sqlalchemy import select

from crm.extensions import db
from crm.models import ProcessingLogEntry, Role
from crm.services.cases import open_case
from crm.services.contacts import ContactInput, record_contact
from crm.services.parties import AddressInput
from crm.services.tasks import create_task
from tests.conftest import PASSWORD

PAYLOAD = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def login(client, username):
    g.pop("_login_user", None)
    assert client.post("/login", data={"username": username, "password": PASSWORD}).status_code == 302


@pytest.fixture
def record(make_department, make_user, make_person, make_case_type):
    sociaal = make_department("sociaal", "Sociaal Domein", confidential=True)
    kcc = make_department("kcc", "KCC")
    worker = make_user("inge", Role.EMPLOYEE, [sociaal])
    make_user("fg", Role.PRIVACY_OFFICER)
    make_user("mw", Role.EMPLOYEE, [kcc])
    make_user("beheer", Role.ADMIN)
    person = make_person(
        "Jansen",
        bsn="111222333",
        emails=["anna@example.nl"],
        address=AddressInput(postcode="1234 AB", house_number=5, street="Dorpsstraat", city="Ergens"),
    )
    other = make_person("Bakker", bsn="123456782")
    case_type = make_case_type(sociaal, code="bijstand", name="Bijstandsuitkering", domain="sociaal", confidential=True)
    case = open_case(case_type.id, "Aanvraag bijstand", worker, party_id=person.id, description="Schulden bij de bank")
    record_contact(
        ContactInput(channel="telefoon", subject="Vraag", party_id=person.id, content=PAYLOAD, department_id=sociaal.id, case_id=case.id),
        worker,
    )
    record_contact(ContactInput(channel="balie", subject="Van een ander", party_id=other.id, content="niet van Anna"), worker)
    create_task("Terugbellen over uitkering", sociaal.id, worker, party_id=person.id, reach_via="0612345678")
    return {"person": person, "other": other, "case": case}


def test_the_json_export_holds_everything_about_the_party_and_nothing_else(client, record):
    login(client, "fg")
    response = client.get(f"/privacy/partijen/{record['person'].id}/gegevens.json")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert "attachment" in response.headers["Content-Disposition"]
    data = json.loads(response.get_data(as_text=True))
    assert data["partij"]["naam"] == "Anna Jansen"
    assert data["identificatoren"] == [{"soort": "bsn", "waarde": "111222333"}]
    assert data["digitale_adressen"][0]["waarde"] == "anna@example.nl"
    assert data["adressen"][0]["postcode"] == "1234 AB"
    # Confidential content too: it is the citizen's own data.
    assert [c["inhoud"] for c in data["contactmomenten"]] == [PAYLOAD]
    assert data["zaken"][0]["omschrijving"] == "Schulden bij de bank"
    assert data["zaken"][0]["gebeurtenissen"][0]["soort"] == "opened"
    assert data["contactverzoeken_en_taken"][0]["bereikbaar_via"] == "0612345678"
    assert "niet van Anna" not in response.get_data(as_text=True)


def test_every_export_is_logged_and_listed_in_the_next_export(client, record):
    login(client, "fg")
    client.get(f"/privacy/partijen/{record['person'].id}/gegevens")
    data = client.get(f"/privacy/partijen/{record['person'].id}/gegevens.json").get_json()
    logged = db.session.scalars(
        select(ProcessingLogEntry).where(ProcessingLogEntry.party_id == record["person"].id).order_by(ProcessingLogEntry.id)
    ).all()
    assert [(e.activity, e.action, e.details) for e in logged] == [
        ("inzageverzoek", "export", {"vorm": "html"}),
        ("inzageverzoek", "export", {"vorm": "json"}),
    ]
    assert data["verwerkingen"][0]["verwerkingsactiviteit"] == "Inzageverzoek (AVG artikel 15)"


def test_the_printable_page_shows_the_data_and_renders_payloads_as_text(client, record):
    login(client, "fg")
    response = client.get(f"/privacy/partijen/{record['person'].id}/gegevens")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Overzicht van uw gegevens" in html and "Aanvraag bijstand" in html and "Dorpsstraat 5" in html
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html


def test_access_request_lookup_goes_to_the_export(client, record):
    login(client, "fg")
    response = client.post("/privacy/inzageverzoek", data={"reference": str(record["person"].id)})
    assert response.headers["Location"] == f"/privacy/partijen/{record['person'].id}/gegevens"


@pytest.mark.parametrize("username", ["mw", "inge", "beheer"])
def test_nobody_but_the_privacy_officer_can_export(client, record, username):
    login(client, username)
    for suffix in ("gegevens", "gegevens.json"):
        response = client.get(f"/privacy/partijen/{record['person'].id}/{suffix}")
        assert response.status_code == 403
        assert "Schulden" not in response.get_data(as_text=True)
    assert db.session.scalars(select(ProcessingLogEntry)).all() == []


def test_exporting_an_unknown_party_is_not_found(client, record):
    login(client, "fg")
    assert client.get("/privacy/partijen/9999/gegevens.json").status_code == 404
