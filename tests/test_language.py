"""English per user: the workspace speaks the language stored with the account."""

from crm.extensions import db
from crm.models import StaffUser
from tests.workspace_support import login, world  # noqa: F401  (world is a fixture)


def test_a_user_switches_to_english_and_back(client, world):
    login(client, "mw")
    assert "Mijn taken" in client.get("/taken/mijn").get_data(as_text=True)
    response = client.post("/instellingen/taal?next=/taken/mijn", data={"language": "en"})
    assert response.headers["Location"] == "/taken/mijn"
    page = client.get("/taken/mijn").get_data(as_text=True)
    assert 'lang="en"' in page and "My queue" in page and "The language has been changed." in page
    assert "Mijn taken" not in page
    db.session.expire_all()
    assert db.session.get(StaffUser, world.employee.id).language == "en"
    client.post("/instellingen/taal", data={"language": "nl"})
    assert "Mijn taken" in client.get("/taken/mijn").get_data(as_text=True)


def test_english_form_errors_and_dates(client, world):
    world.employee.language = "en"
    db.session.commit()
    login(client, "mw")
    page = client.post(f"/contacten/nieuw/{world.anna.id}", data={"channel": "telegraaf", "subject": ""}).get_data(as_text=True)
    assert "Subject is required." in page and "Not a valid choice." in page
    page = client.get(f"/partijen/{world.anna.id}").get_data(as_text=True)
    assert "Date of birth" in page and "12 Mar 1980" in page


def test_dutch_dates_by_default(client, world):
    login(client, "mw")
    page = client.get(f"/partijen/{world.anna.id}").get_data(as_text=True)
    assert "12 mrt 1980" in page


def test_an_unknown_language_is_refused(client, world):
    login(client, "mw")
    page = client.post("/instellingen/taal", data={"language": "fy"}).get_data(as_text=True)
    assert "Ongeldige keuze" in page
