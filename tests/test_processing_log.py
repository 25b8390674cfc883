"""The processing log: who processed which party's data; append-only; the inzage page and its CSV."""

import csv
import io

import pytest
from flask import g
from sqlalchemy import delete, func, select, text, update
from sqlalchemy.exc import DBAPIError

from crm.extensions import db
from crm.models import ProcessingAction, ProcessingActivity, ProcessingLogEntry, Role
from crm.services.processing_log import log_processing
from tests.conftest import PASSWORD

TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"


def login(client, username):
    # The tests hold one app context, so flask-login's per-request user cache in ``g`` would
    # carry over from one request to the next; in production every request starts clean.
    g.pop("_login_user", None)
    response = client.post("/login", data={"username": username, "password": PASSWORD})
    assert response.status_code == 302


@pytest.fixture
def people(make_department, make_user, make_person):
    kcc = make_department("kcc", "KCC")
    return {
        "officer": make_user("fg", Role.PRIVACY_OFFICER, full_name="Fenna Gegevens"),
        "employee": make_user("mw", Role.EMPLOYEE, [kcc], full_name="Mo Werker"),
        "anna": make_person("Jansen", bsn="111222333"),
        "bert": make_person("Bakker", bsn="123456782", given_names="Bert"),
    }


def entries(party_id=None):
    statement = select(ProcessingLogEntry).order_by(ProcessingLogEntry.id)
    if party_id is not None:
        statement = statement.where(ProcessingLogEntry.party_id == party_id)
    return db.session.scalars(statement).all()


def test_log_processing_records_who_what_and_why_with_a_trace_id(people):
    [entry] = log_processing(people["employee"], people["anna"].id, ProcessingActivity.SERVICE, object_type="timeline")
    stored = db.session.get(ProcessingLogEntry, entry.id)
    assert stored.actor_name == "Mo Werker" and stored.actor_id == people["employee"].id
    assert (stored.party_id, stored.activity, stored.action, stored.object_type) == (
        people["anna"].id, "dienstverlening", "read", "timeline"
    )
    assert len(stored.trace_id) == 32 and int(stored.trace_id, 16) and len(stored.span_id) == 16
    assert stored.occurred_at.tzinfo is not None


def test_one_call_logs_every_party_a_page_shows_with_one_trace(people):
    written = log_processing(people["employee"], [people["anna"].id, people["bert"].id, people["anna"].id], ProcessingActivity.SEARCH, ProcessingAction.SEARCH_HIT)
    assert [e.party_id for e in written] == [people["anna"].id, people["bert"].id]
    assert len({e.trace_id for e in written}) == 1


def test_the_log_cannot_be_changed_or_deleted_through_the_orm(people):
    [entry] = log_processing(people["employee"], people["anna"].id, ProcessingActivity.SERVICE)
    entry.actor_name = "iemand anders"
    with pytest.raises(PermissionError):
        db.session.commit()
    db.session.rollback()
    db.session.delete(db.session.get(ProcessingLogEntry, entry.id))
    with pytest.raises(PermissionError):
        db.session.commit()
    db.session.rollback()
    assert db.session.get(ProcessingLogEntry, entry.id).actor_name == "Mo Werker"


@pytest.mark.parametrize("statement", ["update", "delete"])
def test_postgresql_refuses_update_and_delete_of_the_log(people, statement):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("the append-only trigger exists on PostgreSQL")
    [entry] = log_processing(people["employee"], people["anna"].id, ProcessingActivity.SERVICE)
    sql = {
        "update": update(ProcessingLogEntry).where(ProcessingLogEntry.id == entry.id).values(actor_name="x"),
        "delete": delete(ProcessingLogEntry).where(ProcessingLogEntry.id == entry.id),
    }[statement]
    with pytest.raises(DBAPIError, match="append-only"):
        db.session.execute(sql)
    db.session.rollback()
    with pytest.raises(DBAPIError, match="append-only"):
        db.session.execute(text("DELETE FROM processing_log"))
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(ProcessingLogEntry)) == 1


def test_the_inzage_page_shows_who_looked_at_this_party_and_nothing_of_others(client, people):
    log_processing(people["employee"], people["anna"].id, ProcessingActivity.SERVICE, object_type="timeline")
    log_processing(people["employee"], people["bert"].id, ProcessingActivity.CASEWORK, object_type="case", object_id=7)
    login(client, "fg")
    page = client.get(f"/privacy/partijen/{people['anna'].id}/inzage", headers={"traceparent": TRACEPARENT})
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Anna Jansen" in html and "Mo Werker" in html and "Dienstverlening en klantcontact" in html
    assert "Behandeling van zaken" not in html
    # Opening the inzage page is itself a processing, traced with the caller's trace id.
    last = entries(people["anna"].id)[-1]
    assert (last.actor_name, last.activity, last.trace_id) == ("Fenna Gegevens", "toezicht", "4bf92f3577b34da6a3ce929d0e0e4736")


def test_an_invalid_traceparent_gets_a_fresh_trace_id(client, people):
    login(client, "fg")
    client.get(f"/privacy/partijen/{people['anna'].id}/inzage", headers={"traceparent": "00-zzz-<script>-01"})
    trace_id = entries(people["anna"].id)[-1].trace_id
    assert len(trace_id) == 32 and all(c in "0123456789abcdef" for c in trace_id)


def test_the_inzage_page_is_found_by_bsn_posted_not_in_the_address(client, people):
    login(client, "fg")
    response = client.post("/privacy/inzage", data={"reference": "1112.22.333"})
    assert response.headers["Location"] == f"/privacy/partijen/{people['anna'].id}/inzage"
    response = client.post("/privacy/inzage", data={"reference": "999999999"})
    assert "Geen partij gevonden" in response.get_data(as_text=True)
    assert 'value="999999999"' in response.get_data(as_text=True)


def test_an_unknown_party_has_no_inzage_page(client, people):
    login(client, "fg")
    assert client.get("/privacy/partijen/999/inzage").status_code == 404


def test_the_csv_export_lists_the_log_is_logged_and_defuses_formulas(client, people, make_user):
    sneaky = make_user("sneaky", Role.EMPLOYEE, full_name="=HYPERLINK(\"http://evil.example\")")
    log_processing(sneaky, people["anna"].id, ProcessingActivity.SERVICE)
    login(client, "fg")
    response = client.get(f"/privacy/partijen/{people['anna'].id}/inzage.csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff")), delimiter=";"))
    assert rows[0][:4] == ["tijdstip", "partijnummer", "medewerker", "handeling"]
    assert rows[1][2] == "'=HYPERLINK(\"http://evil.example\")"
    assert rows[1][4] == "Dienstverlening en klantcontact"
    assert entries(people["anna"].id)[-1].action == "export"


def test_staff_other_than_the_privacy_officer_cannot_open_the_inzage_page(client, people):
    login(client, "mw")
    assert client.get(f"/privacy/partijen/{people['anna'].id}/inzage").status_code == 403
    assert client.get(f"/privacy/partijen/{people['anna'].id}/inzage.csv").status_code == 403
