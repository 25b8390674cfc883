"""Logging in and out, the login wall, and /healthz."""

import pytest
from sqlalchemy import select

from crm.extensions import db
from crm.models import Role, StaffUser
from tests.conftest import PASSWORD


def test_healthz_reports_database_ok_without_login(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json["status"] == "ok"
    assert response.json["database"] == "ok"


def test_pages_redirect_anonymous_users_to_login(client):
    response = client.get("/")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_login_page_is_dutch(client):
    page = client.get("/login").get_data(as_text=True)
    assert "Inloggen bij Klantbeeld" in page
    assert 'lang="nl"' in page


def test_login_and_logout(client, auth, make_user, make_department):
    kcc = make_department("kcc")
    make_user("tl", Role.TEAM_LEAD, [kcc], full_name="Tineke Leider")
    response = auth.login("tl", PASSWORD)
    assert response.status_code == 302
    assert "Welkom, Tineke Leider" in client.get("/").get_data(as_text=True)
    auth.logout()
    assert client.get("/").status_code == 302


def test_wrong_password_is_refused_with_a_dutch_message(client, auth, make_user):
    make_user("tl")
    response = auth.login("tl", "wrong-password-1")
    assert response.status_code == 200
    assert "Gebruikersnaam of wachtwoord klopt niet." in response.get_data(as_text=True)
    assert client.get("/").status_code == 302


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", "/\\evil.example"])
def test_login_never_redirects_off_site(client, make_user, target):
    make_user("tl")
    response = client.post(f"/login?next={target}", data={"username": "tl", "password": PASSWORD})
    assert response.headers["Location"] == "/"


def test_login_follows_a_local_next(client, make_user):
    make_user("tl")
    response = client.post("/login?next=/healthz", data={"username": "tl", "password": PASSWORD})
    assert response.headers["Location"] == "/healthz"


def test_create_user_reads_password_from_stdin_and_hashes_it(runner, make_department):
    make_department("kcc")
    result = runner.invoke(
        args=["create-user", "--username", "Piet", "--name", "Piet Post", "--role", "teamleider",
              "--department", "kcc", "--password-stdin"],
        input="lang-genoeg-wachtwoord-9\n",
    )
    assert result.exit_code == 0, result.output
    user = db.session.scalar(select(StaffUser).filter_by(username="piet"))
    assert user.role == Role.TEAM_LEAD
    assert "lang-genoeg" not in user.password_hash
    assert [d.code for d in user.departments] == ["kcc"]


def test_create_user_refuses_a_weak_password(runner):
    result = runner.invoke(
        args=["create-user", "--username", "x", "--name", "X", "--password-stdin"], input="kort\n"
    )
    assert result.exit_code != 0
    assert "minstens 12 tekens" in result.output
