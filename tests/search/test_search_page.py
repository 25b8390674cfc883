"""The results page: grouped by kind, highlighted, linked, and silent about confidential text."""

from crm.search import drain_outbox
from tests.search.conftest import contact


def test_results_are_grouped_by_kind_with_highlighted_snippets(town, client, auth):
    contact("Klacht over container", "De container aan de Dorpsstraat is al twee weken niet geleegd.", party_id=town["janssen"].id)
    drain_outbox()
    auth.login("kees")

    page = client.get("/zoeken/tekst", query_string={"q": "dorpsstraat"}).get_data(as_text=True)
    assert "2 resultaten voor “dorpsstraat”" in page
    assert '<h2 id="soort-party">Personen en organisaties <span class="muted">(1)</span></h2>' in page
    assert '<h2 id="soort-contact">Contactmomenten <span class="muted">(1)</span></h2>' in page
    assert "soort-case" not in page.split("</nav>")[1]  # empty groups get no section
    assert "<mark>Dorpsstraat</mark>" in page
    assert "Klacht over container" in page and "Pieter Janssen" in page


def test_a_confidential_contact_shows_as_withheld_to_other_departments(town, client, auth):
    contact(
        "Schuldhulp aanvraag", "Betalingsachterstand bij de woningcorporatie.",
        department_id=town["social"].id, party_id=town["bakker"].id,
    )
    drain_outbox()
    auth.login("kees")

    page = client.get("/zoeken/tekst?q=woningcorporatie").get_data(as_text=True)
    assert "Niets gevonden" in page and "Contactmomenten" not in page

    page = client.get("/zoeken/tekst?q=telefoon").get_data(as_text=True)
    assert "Inhoud afgeschermd" in page and "vertrouwelijk" in page
    assert "Schuldhulp" not in page and "Betalingsachterstand" not in page

    auth.logout()
    auth.login("sara")
    page = client.get("/zoeken/tekst?q=woningcorporatie").get_data(as_text=True)
    assert "Schuldhulp aanvraag" in page and "<mark>woningcorporatie</mark>" in page


def test_one_kind_at_a_time_shows_more_than_the_first_ten(town, client, auth, make_person):
    for number in range(12):
        make_person("Visser", given_names=f"Kind{number}")
    drain_outbox()
    auth.login("kees")

    page = client.get("/zoeken/tekst?q=visser").get_data(as_text=True)
    assert "De beste 10 van 12." in page and "soort=party" in page
    page = client.get("/zoeken/tekst?q=visser&soort=party").get_data(as_text=True)
    assert page.count('class="search-hit"') == 12


def test_the_page_needs_a_login_and_explains_a_too_long_query(town, client, auth):
    assert client.get("/zoeken/tekst?q=x").status_code == 302
    auth.login("kees")
    page = client.get("/zoeken/tekst", query_string={"q": "x" * 201}).get_data(as_text=True)
    assert "Gebruik hoogstens 200 tekens." in page and 'aria-invalid="true"' in page
    page = client.get("/zoeken/tekst").get_data(as_text=True)
    assert "<h1>Zoeken in alle tekst</h1>" in page and "resultaten voor" not in page


def test_hits_link_to_the_party_page(town, app, client, auth):
    contact("Klacht", "Stank uit de riolering.", party_id=town["janssen"].id)
    drain_outbox()
    auth.login("kees")

    page = client.get("/zoeken/tekst?q=riolering").get_data(as_text=True)
    assert f'<a href="/partijen/{town["janssen"].id}">Klacht</a>' in page
