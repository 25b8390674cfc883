"""Real-browser fixtures: the app served on 127.0.0.1 in a thread, and Debian's Chromium via Playwright.

Test modules import the fixtures they use (``from tests.browser_support import live_server, page``).
Without /usr/bin/chromium the browser tests are skipped locally and fail under ``CI=true``.
"""

import os
import threading
from datetime import timedelta
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from crm.extensions import db
from crm.services.cases import assign_case, open_case, set_case_status
from crm.services.contacts import ContactInput, record_contact
from crm.services.parties import AddressInput, OrganisationInput, PersonInput, create_organisation, create_person
from crm.services.tasks import create_task
from tests.workspace_support import World, build_world

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

# The main pages, each with a file name for its screenshot; "{...}" is filled from the demo data.
MAIN_PAGES = [
    ("search-results", "/zoeken?q=Jansen"),
    ("party-page", "/partijen/{party_id}"),
    ("contact-form", "/contacten/nieuw/{party_id}"),
    ("case-page", "/zaken/{case_id}"),
    ("my-queue", "/taken/mijn"),
    ("department-queue", "/taken/afdeling"),
    ("callback-request", "/taken/{task_id}"),
    ("board", "/bord/{department_id}"),
]


class LiveServer:
    """The app behind werkzeug's server on a free port of 127.0.0.1, in a daemon thread."""

    def __init__(self, app):
        self.server = make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> "LiveServer":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.thread.join(10)


def require_chromium() -> None:
    """Skip without Chromium on a workstation; under CI=true a missing browser is a failure."""
    if CHROMIUM.exists():
        return
    message = f"{CHROMIUM} is missing (apt-get install chromium chromium-driver)"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture
def live_server(app):
    """The test app (same database as the test) served over HTTP for the browser."""
    with LiveServer(app) as server:
        yield server


@pytest.fixture
def browser():
    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="nl-NL", timezone_id="Europe/Amsterdam", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    yield context.new_page()
    context.close()


def log_in(page, base_url: str, username: str, password: str) -> None:
    """Log in through the form, as a person would."""
    page.goto(f"{base_url}/login")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(f"{base_url}/")


def log_out(page) -> None:
    page.get_by_role("button", name="Uitloggen").click()
    page.wait_for_url("**/login")


def build_demo_world() -> tuple[World, dict]:
    """The test municipality with a lived-in timeline, for accessibility checks and screenshots.

    Returns the world and the ids that fill the ``MAIN_PAGES`` paths.
    """
    world = build_world()
    create_person(PersonInput(surname="Jansen", given_names="Pieter", birth_date=None,
                              address=AddressInput(postcode="1234 AB", house_number=14, street="Dorpsstraat", city="Ergenshuizen")))
    create_organisation(OrganisationInput(name="Bakkerij De Zon BV", kvk="69636563"))
    anna = world.anna.id
    record_contact(ContactInput(channel="e-mail", subject="Vraag over afvalpas", party_id=anna, content="Mijn afvalpas werkt niet meer.",
                                answer="Nieuwe pas is aangevraagd.", outcome="resolved", department_id=world.kcc.id), world.employee)
    case = open_case(world.event_permit.id, "Buurtfeest Dorpsstraat 14 juni", world.employee, party_id=anna,
                     description="Straat afsluiten van 14:00 tot 23:00, met muziek.")
    record_contact(ContactInput(channel="telefoon", subject="Belt over het buurtfeest", party_id=anna, case_id=case.id,
                                content="Wil weten of de aanvraag compleet is.", answer="Nog in behandeling.",
                                department_id=world.kcc.id), world.employee)
    assign_case(case.id, world.permit_officer.id, world.permit_officer)
    set_case_status(case.id, "in_progress", "Aanvraag is compleet.", world.permit_officer)
    open_case(world.assistance.id, "Aanvraag bijstand", world.social_worker, party_id=anna)
    record_contact(ContactInput(channel="balie", subject="Gesprek over inkomen", party_id=anna, department_id=world.social.id,
                                content="Vertrouwelijk gesprek."), world.social_worker)
    task = create_task("Terugbellen over de vergunning", world.kcc.id, world.employee, party_id=anna,
                       reach_via="06 12345678, na 14 uur", note="Wil graag de behandelaar spreken.", assignee_id=world.employee.id)
    overdue = create_task("Vraag over parkeervergunning", world.kcc.id, world.employee, party_id=anna, reach_via="anna.jansen@example.nl")
    overdue.due_at = overdue.due_at - timedelta(days=7)
    db.session.commit()
    open_case(world.report.id, "Losliggende stoeptegel", world.employee, party_id=anna)
    record_contact(ContactInput(channel="chat", subject="Vraag zonder naam", content="Anonieme vraag via de chat."), world.employee)
    ids = {"party_id": anna, "case_id": case.id, "task_id": task.id, "department_id": world.kcc.id}
    return world, ids
