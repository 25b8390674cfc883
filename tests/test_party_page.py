"""The party page: the "never repeat your story" panel and the merged, filtered, paged timeline."""

import re
from datetime import timedelta

from crm.extensions import db
from crm.models import Contact, utcnow
from crm.services.cases import assign_case, open_case
from crm.services.contacts import ContactInput, record_contact
from crm.services.tasks import create_task
from tests.workspace_support import login, world  # noqa: F401  (world is a fixture)


def contact(world, subject, channel="telefoon", **fields):
    data = ContactInput(channel=channel, subject=subject, party_id=world.anna.id, **fields)
    return record_contact(data, world.employee)


def test_the_story_panel_shows_open_work_last_contacts_and_how_to_reach(client, world):
    case = open_case(world.event_permit.id, "Buurtfeest Dorpsstraat", world.employee, party_id=world.anna.id)
    assign_case(case.id, world.permit_officer.id, world.permit_officer)
    create_task("Terugbellen over de vergunning", world.permits.id, world.employee, party_id=world.anna.id)
    contact(world, "Vraag over buurtfeest", department_id=world.kcc.id)
    login(client, "mw")
    page = client.get(f"/partijen/{world.anna.id}").get_data(as_text=True)
    panel = page.split('id="timeline-heading"')[0]
    assert "Anna Maria Jansen" in panel
    assert case.number in panel and "Buurtfeest Dorpsstraat" in panel
    assert "eigenaar Vincent Gras" in panel and "ontvangen" in panel
    assert "Terugbellen over de vergunning" in panel
    assert "Vraag over buurtfeest" in panel
    assert "06 12345678" in panel and "anna.jansen@example.nl" in panel
    assert "Dorpsstraat 12, 1234 AB Ergenshuizen" in panel
    assert "111222333" in panel


def test_the_timeline_merges_contacts_case_events_and_task_events(client, world):
    contact(world, "Eerste telefoontje")
    case = open_case(world.report.id, "Stoeptegel los", world.employee, party_id=world.anna.id)
    create_task("Terugbellen", world.kcc.id, world.employee, party_id=world.anna.id, case_id=case.id)
    login(client, "mw")
    page = client.get(f"/partijen/{world.anna.id}").get_data(as_text=True)
    timeline = page.split('id="timeline-heading"')[1]
    titles = re.findall(r'<h3 class="timeline__title">([^<]+)</h3>', timeline)
    assert titles == ["Contactverzoek gemaakt", "Zaak geopend", "Eerste telefoontje"]


def test_filters_by_channel_department_and_kind(client, world):
    contact(world, "Via de telefoon", department_id=world.kcc.id)
    contact(world, "Aan de balie", channel="balie", department_id=world.permits.id)
    open_case(world.report.id, "Stoeptegel los", world.employee, party_id=world.anna.id)
    login(client, "mw")

    def titles(**params):
        page = client.get(f"/partijen/{world.anna.id}", query_string=params).get_data(as_text=True)
        return re.findall(r'<h3 class="timeline__title">([^<]+)</h3>', page.split('id="timeline-heading"')[1])

    assert titles(kanaal="balie") == ["Aan de balie"]
    assert titles(afdeling=world.permits.id) == ["Aan de balie"]
    assert titles(soort="case_event") == ["Zaak geopend"]
    assert len(titles()) == 3


def test_paging_with_a_cursor_walks_the_whole_timeline_once(client, world):
    start = utcnow() - timedelta(days=60)
    db.session.add_all(
        Contact(party_id=world.anna.id, channel_id=1, subject=f"Contact {n:03d}", occurred_at=start + timedelta(hours=n))
        for n in range(120)
    )
    db.session.commit()
    login(client, "mw")
    seen, url = [], f"/partijen/{world.anna.id}"
    while url:
        page = client.get(url).get_data(as_text=True)
        timeline = page.split('id="timeline-heading"')[1]
        seen += re.findall(r'<h3 class="timeline__title">(Contact \d+)</h3>', timeline)
        older = re.search(r'href="([^"]*cursor=[^"]*)">Oudere items', timeline)
        url = older[1].replace("&amp;", "&") if older else None
    assert seen == [f"Contact {n:03d}" for n in reversed(range(120))]


def test_confidential_content_is_withheld_with_the_department_to_ask(client, world):
    open_case(world.assistance.id, "Aanvraag bijstand, schulden", world.social_worker, party_id=world.anna.id)
    contact(world, "Gesprek over schulden", department_id=world.social.id, content="Geheime details")
    login(client, "mw")
    page = client.get(f"/partijen/{world.anna.id}").get_data(as_text=True)
    assert "Gesprek over schulden" not in page and "Geheime details" not in page
    assert "Aanvraag bijstand" not in page
    assert "afgeschermd" in page
    assert "Inhoud alleen voor Sociaal Domein; vraag het daar na." in page


def test_the_owning_department_reads_confidential_content(client, world):
    contact(world, "Gesprek over schulden", department_id=world.social.id, content="Details voor de consulent")
    login(client, "soc")
    page = client.get(f"/partijen/{world.anna.id}").get_data(as_text=True)
    assert "Gesprek over schulden" in page and "Details voor de consulent" in page


def test_typed_html_in_a_contact_is_shown_as_text(client, world):
    contact(world, "<b>vet</b>", content="<script>alert('x')</script>")
    login(client, "mw")
    page = client.get(f"/partijen/{world.anna.id}").get_data(as_text=True)
    assert "<script>alert('x')</script>" not in page and "<b>vet</b>" not in page
    assert "&lt;script&gt;" in page


def test_an_unknown_party_is_a_dutch_404(client, world):
    login(client, "mw")
    response = client.get("/partijen/999999")
    assert response.status_code == 404
    assert "Deze partij bestaat niet." in response.get_data(as_text=True)


def test_a_broken_cursor_is_refused_politely(client, world):
    login(client, "mw")
    response = client.get(f"/partijen/{world.anna.id}?cursor=kapot")
    assert response.status_code == 400
    assert "Ongeldige paginaverwijzing." in response.get_data(as_text=True)
