"""Bad input against the pages in this tree: it renders as text, does no harm, and never gives a 500."""

import pytest
from flask import g
from sqlalchemy import func, select

from crm.extensions import db
from crm.models import Party, PartyMerge, ProcessingLogEntry, RetentionRule, Role, StaffUser
from tests.conftest import PASSWORD

SCRIPT = '"><script>alert(1)</script><svg onload=alert(2)>'
SQL_LIKE = ["' OR '1'='1", "1; DROP TABLE party; --", "Robert'); DROP TABLE staff_user;--", "%' UNION SELECT password_hash FROM staff_user --"]


def login(client, username):
    g.pop("_login_user", None)
    assert client.post("/login", data={"username": username, "password": PASSWORD}).status_code == 302


@pytest.fixture
def staff(make_user, make_person, make_department):
    make_department("kcc")
    make_user("fg", Role.PRIVACY_OFFICER)
    make_user("beheer", Role.ADMIN)
    return make_person("Jansen", bsn="111222333")


def table_counts():
    return {model.__name__: db.session.scalar(select(func.count()).select_from(model)) for model in (Party, StaffUser, PartyMerge, RetentionRule)}


def test_a_script_typed_as_username_comes_back_as_text(client, staff):
    response = client.post("/login", data={"username": SCRIPT, "password": "x"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in html and "<svg onload" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


@pytest.mark.parametrize("text", SQL_LIKE)
def test_sql_like_strings_do_no_harm(client, staff, text):
    before = table_counts()
    assert client.post("/login", data={"username": text, "password": text}).status_code == 200
    login(client, "fg")
    lookup = client.post("/privacy/inzage", data={"reference": text})
    assert lookup.status_code == 200 and 'class="field__error"' in lookup.get_data(as_text=True)
    login(client, "beheer")
    merge = client.post("/privacy/samenvoegen", data={"survivor_id": text, "duplicate_id": "1", "reason": text})
    assert merge.status_code == 200 and "Ongeldig getal." in merge.get_data(as_text=True)
    rule = client.post("/privacy/bewaartermijnen/nieuw", data={"case_type_id": text, "channel_id": "0", "term_months": text, "action": text, "basis": text})
    assert rule.status_code == 200
    assert table_counts() == before


def test_a_party_name_with_markup_renders_as_text_on_every_privacy_page(client, make_user, make_person):
    make_user("fg", Role.PRIVACY_OFFICER)
    make_user("beheer", Role.ADMIN)
    evil = make_person(SCRIPT, given_names="<b>vet</b>")
    other = make_person("Jansen")
    login(client, "fg")
    pages = [client.get(f"/privacy/partijen/{evil.id}/inzage"), client.get(f"/privacy/partijen/{evil.id}/gegevens")]
    login(client, "beheer")
    pages.append(client.post("/privacy/samenvoegen", data={"survivor_id": other.id, "duplicate_id": evil.id, "reason": SCRIPT}))
    for page in pages:
        html = page.get_data(as_text=True)
        assert page.status_code == 200
        assert "<script>alert(1)</script>" not in html and "<b>vet</b>" not in html and "<svg onload" not in html


def test_a_body_over_the_limit_gets_413_with_a_dutch_page(app, client, staff):
    app.config["MAX_CONTENT_LENGTH"] = 2048
    response = client.post("/login", data={"username": "x" * 5000, "password": "y"})
    assert response.status_code == 413
    assert "Te veel gegevens" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(ProcessingLogEntry)) == 0


def test_the_default_limit_refuses_eleven_megabytes(client, staff):
    response = client.post("/login", data={"username": "tl", "password": "x" * (11 * 1024 * 1024)})
    assert response.status_code == 413


def test_a_long_but_allowed_input_is_refused_by_the_form_not_the_database(client, staff):
    login(client, "beheer")
    response = client.post("/privacy/samenvoegen", data={"survivor_id": "1", "duplicate_id": "2", "reason": "x" * 100_000})
    assert response.status_code == 200
    assert "niet langer zijn dan 2000" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "body",
    [b"username=%FF%FE&password=x", b"username=\xff\xfe&password=x", b"username=tl%00&password=x"],
    ids=["percent-encoded", "raw-bytes", "nul"],
)
def test_invalid_utf8_or_nul_in_a_form_is_refused_cleanly(client, staff, body):
    response = client.post("/login", data=body, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 400
    text = response.get_data(as_text=True)
    assert "UTF-8" in text or "NUL" in text


def test_invalid_utf8_in_a_multipart_form_is_refused(client, staff):
    body = (
        b"--grens\r\nContent-Disposition: form-data; name=\"username\"\r\n\r\n\xff\xfe\r\n"
        b"--grens\r\nContent-Disposition: form-data; name=\"password\"\r\n\r\nx\r\n--grens--\r\n"
    )
    response = client.post("/login", data=body, content_type="multipart/form-data; boundary=grens")
    assert response.status_code == 400


@pytest.mark.parametrize("url", ["/login?next=%FF", "/privacy/inzage?x=%C3%28", "/%FF%FE", "/privacy/partijen/99999999999/inzage"])
def test_bad_addresses_are_refused_without_a_500(client, staff, url):
    login(client, "fg")
    response = client.get(url)
    assert response.status_code in (400, 404)
