"""Shared, yet lawful: another department sees that confidential items exist, never their content.

One confidential case with a contact, a status change and a callback request in the social
domain; a member of staff (and a token) of the KCC opens every page and API call that shows
them, and none of the content comes back. The social domain's own people do read it.
"""

import pytest

from crm.extensions import db
from crm.models import Role
from crm.services.cases import open_case, set_case_status
from crm.services.contacts import ContactInput, record_contact
from crm.services.tasks import create_task
from tests.conftest import PASSWORD

SECRETS = {
    "case subject": "Schuldhulp Geheimzaak",
    "case description": "Beslaglegging loon geheimtekst",
    "status reason": "Wacht op budgetbeheer geheimreden",
    "contact subject": "Gesprek Geheimcontact",
    "contact content": "Verslaving geheiminhoud",
    "contact answer": "Doorverwezen geheimantwoord",
    "task subject": "Terugbellen Geheimtaak",
    "task note": "Partner niet aanwezig geheimnotitie",
    "reach via": "0611223344",
}


@pytest.fixture
def social(make_department, make_user, make_person, make_case_type):
    sociaal = make_department("sociaal", "Sociaal Domein", confidential=True)
    kcc = make_department("kcc", "KCC")
    case_type = make_case_type(sociaal, code="schuldhulp", name="Schuldhulpverlening", domain="sociaal", confidential=True)
    insider = make_user("inge", Role.EMPLOYEE, [sociaal], full_name="Inge Binnen")
    make_user("otto", Role.EMPLOYEE, [kcc], full_name="Otto Buiten")
    person = make_person("Jansen", bsn="111222333")
    case = open_case(case_type.id, SECRETS["case subject"], insider, party_id=person.id, description=SECRETS["case description"], owner_id=insider.id)
    set_case_status(case.id, "in_progress", SECRETS["status reason"], insider)
    contact = record_contact(
        ContactInput(
            channel="telefoon", subject=SECRETS["contact subject"], party_id=person.id, content=SECRETS["contact content"],
            answer=SECRETS["contact answer"], department_id=sociaal.id, case_id=case.id,
        ),
        insider,
    )
    task = create_task(
        SECRETS["task subject"], sociaal.id, insider, note=SECRETS["task note"], reach_via=SECRETS["reach via"],
        party_id=person.id, contact_id=contact.id, assignee_id=insider.id,
    )
    db.session.commit()
    return {"person": person, "case": case, "contact": contact, "task": task, "sociaal": sociaal, "kcc": kcc}


def leaked(text: str) -> list[str]:
    return [name for name, secret in SECRETS.items() if secret in text]


def pages(social):
    return [
        f"/partijen/{social['person'].id}",
        f"/zaken/{social['case'].id}",
        f"/taken/{social['task'].id}",
    ]


def api_calls(social):
    person, case, contact, task = social["person"], social["case"], social["contact"], social["task"]
    return [
        f"/api/v1/parties/{person.id}/timeline",
        f"/api/v1/contacts?party_id={person.id}",
        f"/api/v1/contacts/{contact.id}",
        f"/api/v1/cases?party_id={person.id}",
        f"/api/v1/cases/{case.id}",
        f"/api/v1/tasks?party_id={person.id}",
        f"/api/v1/tasks/{task.id}",
        "/klantinteracties/api/v1/klantcontacten",
        f"/klantinteracties/api/v1/klantcontacten/{contact.uuid}",
        "/klantinteracties/api/v1/internetaken",
    ]


def login(client, username):
    response = client.post("/login", data={"username": username, "password": PASSWORD})
    assert response.status_code == 302


def test_another_department_sees_existence_and_whom_to_ask_on_every_page_but_no_content(client, social):
    login(client, "otto")
    for url in pages(social):
        response = client.get(url)
        page = response.get_data(as_text=True)
        assert response.status_code == 200, url
        assert leaked(page) == [], url
        assert "afgeschermd" in page, url
        assert "Sociaal Domein (Inge Binnen)" in page, url  # whom to ask: department and owner
    party_page = client.get(f"/partijen/{social['person'].id}").get_data(as_text=True)
    assert social["case"].number in party_page  # the case exists, and everyone sees that


def test_the_owning_department_reads_the_content_on_the_same_pages(client, social):
    login(client, "inge")
    seen = "".join(client.get(url).get_data(as_text=True) for url in pages(social))
    assert set(leaked(seen)) == set(SECRETS)


def test_a_token_of_another_department_gets_no_content_from_any_api_call(client, social, make_token):
    headers = make_token("kcc-portaal", ("read",), [social["kcc"]])
    for url in api_calls(social):
        response = client.get(url, headers=headers)
        assert response.status_code == 200, url
        assert leaked(response.get_data(as_text=True)) == [], url
    withheld = client.get(f"/api/v1/contacts/{social['contact'].id}", headers=headers).get_json()
    assert withheld["content_withheld"] is True and withheld["channel"]


def test_a_token_of_the_owning_department_reads_the_content(client, social, make_token):
    headers = make_token("sociaal-portaal", ("read",), [social["sociaal"]])
    seen = "".join(client.get(url, headers=headers).get_data(as_text=True) for url in api_calls(social))
    assert {"case subject", "case description", "contact subject", "contact content", "task subject", "task note"} <= set(leaked(seen))


def test_filtering_klantcontacten_on_a_withheld_subject_reveals_nothing(client, social, make_token):
    url = f"/klantinteracties/api/v1/klantcontacten?onderwerp={SECRETS['contact subject']}"
    outsider = client.get(url, headers=make_token("kcc-portaal", ("read",), [social["kcc"]])).get_json()
    insider = client.get(url, headers=make_token("sociaal-portaal", ("read",), [social["sociaal"]])).get_json()
    assert outsider["count"] == 0
    assert insider["count"] == 1
