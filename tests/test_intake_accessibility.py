"""The intake pages in a real browser (Debian's Chromium), checked with axe for WCAG problems."""

import os
import shutil
import socket
import threading
from email.message import EmailMessage

import pytest
from werkzeug.serving import make_server

from channels.mailsources import RawMessage
from crm.models import Role
from crm.services.imports import import_mail
from crm.services.intake import receive_channel_event
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"]


def _free_port() -> int:
    for port in range(5200, 5210):
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port in 5200-5209")


@pytest.fixture
def live_server(app):
    server = make_server("127.0.0.1", _free_port(), app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=10)
    server.server_close()


@pytest.fixture
def browser_page():
    if not os.path.exists(CHROMIUM):
        if os.environ.get("CI") == "true":
            pytest.fail("Chromium is not installed; the browser tests cannot be skipped under CI.")
        pytest.skip("Chromium is not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page()
        page.set_default_timeout(15000)
        yield page
        browser.close()


def test_the_intake_pages_have_no_axe_violations(live_server, browser_page, make_department, make_user):
    from axe_playwright_python.sync_playwright import Axe

    make_user("beheer", Role.ADMIN, [make_department("kcc", "KCC")], full_name="Bas Beheer")
    message = EmailMessage()
    message["From"] = "Piet Puk <piet@example.org>"
    message["Subject"] = "Waar blijft mijn vergunning?"
    message["Date"] = "Wed, 12 Mar 2025 09:30:00 +0100"
    message.set_content("Ik wacht al weken.")
    receive_channel_event("e-mail", message.as_bytes())
    import_mail([RawMessage("archief.mbox#3", b"Subject: Zonder afzender\r\n\r\nHallo\r\n")])

    page = browser_page
    page.goto(f"{live_server}/login")
    page.get_by_label("Gebruikersnaam").fill("beheer")
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(f"{live_server}/")

    axe = Axe()
    checked = []

    def check(description):
        results = axe.run(page)
        assert results.violations_count == 0, f"{description}:\n{results.generate_report()}"
        checked.append(description)

    page.goto(f"{live_server}/te-identificeren")
    check("inbox")
    page.get_by_role("link", name="Waar blijft mijn vergunning?").click()
    check("inbox item")
    page.get_by_label("Partij", exact=True).fill("P424242")
    page.get_by_role("button", name="Koppelen", exact=True).click()
    assert page.get_by_text("Er bestaat geen partij met dit nummer.").is_visible()
    check("inbox item with an error")

    page.goto(f"{live_server}/balie/registreren")
    check("counter form")
    page.get_by_label("BSN van de bezoeker").fill("123456789")
    page.get_by_role("button", name="Registreren").click()
    assert page.get_by_role("alert").is_visible()
    check("counter form with errors")

    page.goto(f"{live_server}/post/registreren")
    check("letter form")

    page.goto(f"{live_server}/beheer/quarantaine")
    check("quarantine")
    page.locator("tbody a").first.click()
    assert page.get_by_text("Het bericht heeft geen afzenderadres (From).").is_visible()
    check("quarantine item")
    assert len(checked) == 8
