"""The walk-through in a real Chromium: search by phone, register a contact with a new case, assign
it, and the team lead sees it on the board. Runs on SQLite and on PostgreSQL like every test."""

import re

import pytest
from tests.browser_support import browser, live_server, log_in, log_out, page  # noqa: F401  (fixtures)
from tests.workspace_support import world  # noqa: F401  (fixture)

pytestmark = pytest.mark.browser


def test_walk_through_from_phone_call_to_the_board(world, live_server, page):
    base = live_server.url
    log_in(page, base, "mw", world.password)

    page.get_by_label("Zoek inwoner, organisatie of zaak").fill("06-123 456 78")
    page.get_by_label("Zoek inwoner, organisatie of zaak").press("Enter")
    page.wait_for_url(f"{base}/partijen/{world.anna.id}")
    assert page.get_by_role("heading", level=1).inner_text() == "Anna Maria Jansen"

    page.get_by_role("link", name="Contact registreren").click()
    assert page.get_by_label("Kanaal").input_value() == "telefoon"
    page.get_by_label("Onderwerp", exact=True).fill("Losliggende stoeptegel voor nummer 12")
    page.get_by_label("Vraag of inhoud").fill("Inwoner is bijna gevallen.")
    page.get_by_label("Gegeven antwoord").fill("Melding gemaakt; de gemeente komt kijken.")
    page.get_by_label("Nieuwe zaak openen").check()
    page.get_by_label("Zaaktype van de nieuwe zaak").select_option(label="Melding openbare ruimte")
    page.get_by_role("button", name="Contact opslaan").click()

    page.wait_for_url(re.compile(rf"{base}/zaken/\d+"))
    number = re.search(r"Z-\d{4}-\d{6}", page.get_by_role("heading", level=1).inner_text())[0]
    assert "Losliggende stoeptegel voor nummer 12" in page.locator("main").inner_text()
    page.get_by_role("button", name="Aan mij toewijzen").click()
    page.get_by_text("U bent nu eigenaar van deze zaak.").wait_for()
    log_out(page)

    log_in(page, base, "tl", world.password)
    page.get_by_role("link", name="Bord").click()
    page.wait_for_url(f"{base}/bord/{world.kcc.id}")
    late = page.locator("section", has=page.locator("#late-work"))
    row = late.get_by_role("row", name=re.compile(number))
    assert "Mila Willems" in row.inner_text()
    workload = page.locator("section", has=page.locator("#workload"))
    assert workload.get_by_role("row", name=re.compile("Mila Willems")).inner_text().split()[-3:] == ["1", "0", "1"]
    log_out(page)
    assert page.get_by_role("heading", name="Inloggen bij Klantbeeld").is_visible()
