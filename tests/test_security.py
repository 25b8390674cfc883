"""Hardening, checked on real responses: headers, cookies, CSRF, session renewal, lock-out, redirects, logs."""

import logging
import re
from datetime import timedelta
from pathlib import Path

import pytest
from flask import g
from sqlalchemy import func, select
from werkzeug.exceptions import HTTPException

from crm import create_app
from crm.extensions import db
from crm.log_masking import mask_sensitive
from crm.models import LoginAttempt, Role, utcnow
from crm.services.login_attempts import LoginRefused, log_in
from crm.services.users import check_password_policy
from crm.validation import InvalidInput
from tests.conftest import PASSWORD, app_config

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def login(client, username="tl", password=PASSWORD):
    g.pop("_login_user", None)
    return client.post("/login", data={"username": username, "password": password})


@pytest.fixture
def user(make_user, make_department):
    return make_user("tl", Role.TEAM_LEAD, [make_department("kcc")])


@pytest.mark.parametrize("path", ["/login", "/healthz", "/static/klantbeeld.css", "/bestaat-niet", "/"])
def test_every_response_carries_the_security_headers(client, path):
    response = client.get(path)
    response.close()
    csp = response.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp and "default-src 'self'" in csp and "object-src 'none'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert "camera=()" in response.headers["Permissions-Policy"]
    assert "Strict-Transport-Security" not in response.headers  # plain http: no HSTS


def test_pages_of_a_logged_in_user_are_not_cached_and_https_gets_hsts(client, user):
    login(client)
    assert client.get("/").headers["Cache-Control"] == "no-store"
    secure = client.get("/login", base_url="https://localhost")
    assert secure.headers["Strict-Transport-Security"].startswith("max-age=")


def test_templates_have_no_inline_scripts_styles_or_event_handlers():
    offenders = []
    for template in TEMPLATES.rglob("*.html"):
        text = template.read_text()
        if re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text) or "<style" in text:
            offenders.append(f"{template.name}: inline <script> or <style>")
        if re.search(r"\sstyle\s*=", text) or re.search(r"\son[a-z]+\s*=", text) or "javascript:" in text:
            offenders.append(f"{template.name}: style attribute, event handler or javascript: URL")
    assert not offenders


def test_session_cookie_is_httponly_samesite_lax_and_secure_when_configured(app, client, user):
    cookie = login(client).headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie
    app.config["SESSION_COOKIE_SECURE"] = True
    cookie = login(client).headers["Set-Cookie"]
    assert "; Secure" in cookie and "HttpOnly" in cookie


def test_the_session_is_renewed_at_login(client, user):
    with client.session_transaction() as session:
        session["planted_by_attacker"] = "fixation"
    before = client.get_cookie("session").value
    login(client)
    assert client.get_cookie("session").value != before
    with client.session_transaction() as session:
        assert "planted_by_attacker" not in session
        assert session["_user_id"] == str(user.id)


def test_forms_refuse_a_post_without_csrf_token_and_accept_one_with_it(app, client, user):
    app.config["WTF_CSRF_ENABLED"] = True
    refused = login(client)
    assert refused.status_code == 400
    assert "Het formulier is verlopen of niet geldig" in refused.get_data(as_text=True)
    assert client.get("/").status_code == 302  # not logged in
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    accepted = client.post("/login", data={"username": "tl", "password": PASSWORD, "csrf_token": token})
    assert accepted.status_code == 302
    assert client.post("/logout").status_code == 400  # logging out needs the token too
    assert client.get("/").status_code == 200


def test_a_username_is_locked_after_repeated_failures_with_a_clear_dutch_message(app, client, user):
    for _attempt in range(app.config["LOGIN_MAX_FAILURES_PER_USERNAME"]):
        assert "Gebruikersnaam of wachtwoord klopt niet." in login(client, password="fout-wachtwoord-1").get_data(as_text=True)
    locked = login(client)  # the right password, but locked out
    assert locked.status_code == 200
    assert "Te veel mislukte inlogpogingen" in locked.get_data(as_text=True)
    assert "probeer het over 15 minuten opnieuw" in locked.get_data(as_text=True)
    assert client.get("/").status_code == 302


def test_the_lock_out_ends_after_the_window_and_success_forgives(app, user):
    app.config["LOGIN_MAX_FAILURES_PER_USERNAME"] = 2
    window = timedelta(minutes=app.config["LOGIN_LOCKOUT_MINUTES"])
    start = utcnow()
    for _attempt in range(2):
        with pytest.raises(LoginRefused):
            log_in("tl", "fout-wachtwoord-1", "10.0.0.1", now=start)
    with pytest.raises(LoginRefused, match="Te veel"):
        log_in("tl", PASSWORD, "10.0.0.1", now=start + window - timedelta(seconds=1))
    assert log_in("tl", PASSWORD, "10.0.0.1", now=start + window + timedelta(seconds=1)).id == user.id
    assert db.session.scalar(select(func.count()).select_from(LoginAttempt)) == 0


def test_an_address_is_locked_after_many_failures_across_usernames(app, user):
    # Fewer than the default 20, to keep the test quick; the rule is the same.
    app.config["LOGIN_MAX_FAILURES_PER_ADDRESS"] = 4
    now = utcnow()
    for attempt in range(4):
        with pytest.raises(LoginRefused):
            log_in(f"gok{attempt}", "fout-wachtwoord-1", "203.0.113.9", now=now)
    with pytest.raises(LoginRefused, match="Te veel"):
        log_in("tl", PASSWORD, "203.0.113.9", now=now)
    assert log_in("tl", PASSWORD, "198.51.100.1", now=now).id == user.id


def test_attempts_are_stored_without_the_typed_username(client, user):
    login(client, username="mijn-geheime-wachtwoord", password="x")
    stored = db.session.scalar(select(LoginAttempt))
    assert "geheim" not in stored.username_key and len(stored.username_key) == 64


def test_password_policy():
    for weak in ("kort1", "alleenletterszonder", "123456789012345"):
        with pytest.raises(InvalidInput):
            check_password_policy(weak)
    check_password_policy("lang-genoeg-wachtwoord-9")


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example",
        "/\t/evil.example",
        "/\n/evil.example",
        "javascript:alert(1)",
        "http:evil.example",
        "evil.example",
    ],
)
def test_login_never_redirects_off_site(client, user, target):
    response = client.post("/login", query_string={"next": target}, data={"username": "tl", "password": PASSWORD})
    assert response.headers["Location"] == "/"


def test_an_encoded_line_break_in_next_cannot_inject_a_header(client, user):
    response = client.post("/login", query_string={"next": "/%0d%0aSet-Cookie:x=y"}, data={"username": "tl", "password": PASSWORD})
    assert response.headers["Location"] == "/%0d%0aSet-Cookie:x=y"
    assert all(not cookie.startswith("x=") for cookie in response.headers.getlist("Set-Cookie"))


def test_logs_never_show_a_bsn_password_or_token(app, caplog):
    caplog.set_level(logging.INFO)
    app.logger.info("Zoeken op %s door %s", "111222333", "tl")
    logging.getLogger("werkzeug").info('"GET /zoeken?q=1112.22.333 HTTP/1.1" 200 -')
    app.logger.warning("headers: {'Authorization': 'Bearer abc.def-ghi', 'Cookie': 'session=xyz'}")
    app.logger.info("form: username=tl&password=geheim-wachtwoord-1")
    app.logger.info("Zaak Z-2026-000123, telefoon +31612345678, kvk 12345678")
    text = caplog.text
    for secret in ("111222333", "1112.22.333", "abc.def-ghi", "session=xyz", "geheim-wachtwoord-1"):
        assert secret not in text
    assert "*********" in text and "[afgeschermd]" in text
    assert "Z-2026-000123" in text and "12345678" in text


def test_masking_leaves_longer_numbers_alone():
    assert mask_sensitive("IBAN NL91ABNA0417164300 en 1234567890123") == "IBAN NL91ABNA0417164300 en 1234567890123"
    assert mask_sensitive("bsn=123456782;") == "bsn=*********;"


def test_proxy_fix_is_off_by_default_and_trusts_forwarded_headers_when_configured(database_url, reference_rows, tmp_path):
    headers = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.7"}
    plain = create_app(app_config(database_url, tmp_path))
    assert "Strict-Transport-Security" not in plain.test_client().get("/login", headers=headers).headers
    behind_proxy = create_app({**app_config(database_url, tmp_path), "PROXY_FIX": 1})
    assert "Strict-Transport-Security" in behind_proxy.test_client().get("/login", headers=headers).headers
    for app in (plain, behind_proxy):
        with app.app_context():
            db.engine.dispose()


def test_error_pages_are_dutch_html_and_json_for_api_clients(client, user):
    missing = client.get("/bestaat-niet")
    assert missing.status_code == 404 and "Pagina niet gevonden" in missing.get_data(as_text=True)
    login(client)
    forbidden = client.get("/privacy/inzage")
    assert forbidden.status_code == 403 and "Geen toegang" in forbidden.get_data(as_text=True)
    as_json = client.get("/bestaat-niet", headers={"Accept": "application/json"})
    assert as_json.status_code == 404 and as_json.get_json()["title"] == "Pagina niet gevonden"


def test_the_error_pages_survive_an_extension_that_registers_its_own_http_error_handler(app, client):
    """flask-smorest's Api registers an app-wide HTTPException handler; pages keep theirs, the API gets it."""
    app.register_error_handler(HTTPException, lambda error: ({"message": "from the api layer"}, error.code))
    assert "Pagina niet gevonden" in client.get("/bestaat-niet").get_data(as_text=True)
    assert client.get("/api/bestaat-niet").get_json() == {"message": "from the api layer"}
