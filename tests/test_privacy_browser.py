"""The privacy pages in a real headless Chromium: accessible (axe) and working under the strict CSP."""

import os
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from crm.extensions import db
from crm.models import Department, Role
from crm.services.parties import PersonInput, create_person
from crm.services.processing_log import log_processing
from crm.services.users import create_user
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser
CHROMIUM = "/usr/bin/chromium"
PORT = 5701
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture
def server(app):
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI") == "true":
            pytest.fail("Chromium is missing under CI")
        pytest.skip("Chromium is not installed")
    with app.app_context():
        db.session.add(Department(code="kcc", name="KCC"))
        db.session.commit()
        officer = create_user("fg", "Fenna Gegevens", PASSWORD, Role.PRIVACY_OFFICER)
        create_user("beheer", "Bea Heer", PASSWORD, Role.ADMIN)
        worker = create_user("mw", "Mo Werker", PASSWORD, Role.EMPLOYEE, ["kcc"])
        anna = create_person(PersonInput(surname="Jansen", given_names="Anna", bsn="111222333"))
        create_person(PersonInput(surname="Jansen", given_names="A."))
        log_processing(worker, anna.id, "dienstverlening")
        log_processing(officer, anna.id, "toezicht")
        party_id = anna.id
    httpd = make_server("127.0.0.1", PORT, app, threaded=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield {"url": f"http://127.0.0.1:{PORT}", "party_id": party_id}
    httpd.shutdown()
    thread.join(10)


def test_privacy_pages_are_accessible_and_need_no_inline_code(server):
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import sync_playwright

    base, party_id = server["url"], server["party_id"]
    pages = {
        "fg": ["/privacy/", "/privacy/inzage", f"/privacy/partijen/{party_id}/inzage", f"/privacy/partijen/{party_id}/gegevens", "/privacy/bewaartermijnen"],
        "beheer": ["/privacy/samenvoegen", "/privacy/samenvoegingen", "/privacy/bewaartermijnen", "/privacy/bewaartermijnen/nieuw"],
    }
    axe = Axe()
    problems = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            for username, paths in pages.items():
                context = browser.new_context()
                page = context.new_page()
                csp_errors = []
                page.on("console", lambda message: csp_errors.append(message.text) if "Content Security Policy" in message.text else None)
                page.goto(base + "/login")
                page.get_by_label("Gebruikersnaam").fill(username)
                page.get_by_label("Wachtwoord").fill(PASSWORD)
                page.get_by_role("button", name="Inloggen").click()
                page.wait_for_url(base + "/")
                for path in paths:
                    page.goto(base + path)
                    results = axe.run(page)
                    for violation in results.response["violations"]:
                        problems.append(f"{username} {path}: {violation['id']} ({violation['impact']})")
                problems.extend(f"{username}: {error}" for error in csp_errors)
                if username == "beheer":
                    page.goto(base + "/privacy/samenvoegen")
                    page.get_by_label("Partijnummer dat blijft").fill(str(party_id))
                    page.get_by_label("Partijnummer van de dubbele partij").fill(str(party_id + 1))
                    page.get_by_label("Reden").fill("Dubbel ingeschreven")
                    page.get_by_role("button", name="Bekijk wat er verhuist").click()
                    page.get_by_role("button", name="Samenvoegen").click()
                    assert "is samengevoegd" in page.content()
                    page.get_by_role("button", name="Ongedaan maken").click()
                    assert "ongedaan gemaakt" in page.content()
                context.close()
        finally:
            browser.close()
    assert not problems, problems
