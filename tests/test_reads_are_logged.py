"""Every read of a party's record, through a page or an API call, shows up on its inzage page."""

import re

import pytest
from sqlalchemy import select

from crm.extensions import db
from crm.models import ProcessingLogEntry, Role
from crm.services.cases import open_case
from crm.services.tasks import create_task
from tests.conftest import PASSWORD


@pytest.fixture
def world(make_department, make_user, make_person, make_case_type):
    kcc = make_department("kcc", "KCC")
    make_user("mw", Role.EMPLOYEE, [kcc], full_name="Mila Werker")
    make_user("fg", Role.PRIVACY_OFFICER, full_name="Fien Gegevens")
    anna = make_person("Jansen", bsn="111222333")
    case_type = make_case_type(kcc)
    return {"kcc": kcc, "anna": anna, "case_type": case_type}


def login(client, username):
    assert client.post("/login", data={"username": username, "password": PASSWORD}).status_code == 302


def log_of(party_id) -> list[ProcessingLogEntry]:
    return list(db.session.scalars(select(ProcessingLogEntry).where(ProcessingLogEntry.party_id == party_id).order_by(ProcessingLogEntry.id)))


def inzage_rows(client, party_id) -> list[str]:
    """The rows of the inzage page as the privacy officer reads them (tags stripped)."""
    login(client, "fg")
    response = client.get(f"/privacy/partijen/{party_id}/inzage")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    client.post("/logout")
    rows = re.findall(r"<tr>(.*?)</tr>", page, flags=re.S)
    return [" ".join(re.sub(r"<[^>]+>", " ", row).split()) for row in rows]


def test_reading_a_party_through_pages_and_api_shows_on_its_inzage_page(client, world, make_token):
    anna = world["anna"]
    case = open_case(world["case_type"].id, "Losse stoeptegel", None, party_id=anna.id)
    task = create_task("Terugbellen", world["kcc"].id, None, party_id=anna.id)
    before = len(log_of(anna.id))
    login(client, "mw")
    for url in (f"/partijen/{anna.id}", f"/zaken/{case.id}", f"/taken/{task.id}"):
        assert client.get(url).status_code == 200
    client.post("/logout")
    headers = make_token("portaal", ("read",), [world["kcc"]])
    for url in (f"/api/v1/parties/{anna.id}", f"/api/v1/parties/{anna.id}/timeline", f"/klantinteracties/api/v1/partijen/{anna.uuid}"):
        assert client.get(url, headers=headers).status_code == 200

    reads = log_of(anna.id)[before:]
    assert [(entry.actor_name, entry.action, entry.object_type) for entry in reads] == [
        ("Mila Werker", "read", "party"),
        ("Mila Werker", "read", "case"),
        ("Mila Werker", "read", "task"),
        ("API-sleutel portaal", "read", "party"),
        ("API-sleutel portaal", "read", "party"),
        ("API-sleutel portaal", "read", "party"),
    ]
    assert all(re.fullmatch(r"[0-9a-f]{32}", entry.trace_id) for entry in reads)
    assert len({entry.trace_id for entry in reads}) == len(reads)  # one request, one trace

    rows = inzage_rows(client, anna.id)
    assert sum("Mila Werker" in row and "ingezien" in row for row in rows) == 3
    assert sum("API-sleutel portaal" in row and "ingezien" in row for row in rows) == 3
    assert any(f"case {case.id}" in row for row in rows) and any(f"task {task.id}" in row for row in rows)


def test_reading_another_party_leaves_this_party_s_log_alone(client, world, make_person):
    other = make_person("Pietersen")
    before = len(log_of(world["anna"].id))
    login(client, "mw")
    assert client.get(f"/partijen/{other.id}").status_code == 200
    assert len(log_of(world["anna"].id)) == before
    assert [entry.actor_name for entry in log_of(other.id)] == ["Mila Werker"]
