"""The one search box: every way a citizen identifies themselves finds them, one match opens them."""

from datetime import date

import pytest

from crm.services.cases import open_case
from crm.services.lookup import look_up
from crm.services.parties import AddressInput, OrganisationInput, PersonInput, create_organisation, create_person
from tests.workspace_support import login, world  # noqa: F401  (world is a fixture)


@pytest.mark.parametrize(
    "query,recognised",
    [
        ("111222333", "identifier"),
        ("1112.22.333", "identifier"),
        ("111 222 333", "identifier"),
        ("0612345678", "phone"),
        ("06-12345678", "phone"),
        ("06 1234 5678", "phone"),
        ("+31 6 12345678", "phone"),
        ("0031612345678", "phone"),
        ("(06) 12 34 56 78", "phone"),
        ("anna.jansen@example.nl", "email"),
        ("anna.jansen@EXAMPLE.NL", "email"),
        ("1234AB 12", "postcode"),
        ("1234 ab 12", "postcode"),
        ("1234AB12", "postcode"),
        ("Jansen", "name"),
        ("jansen", "name"),
        ("Anna Jansen", "name"),
        ("Jansen 12-03-1980", "name_and_birth_date"),
        ("Jansen 12/3/1980", "name_and_birth_date"),
        ("Jansen 1980-03-12", "name_and_birth_date"),
    ],
)
def test_every_notation_finds_the_one_citizen(world, query, recognised):
    result = look_up(query)
    assert result.recognised == recognised
    assert [p.id for p in result.parties] == [world.anna.id]


def test_a_wrong_birth_date_or_house_number_finds_nobody(world):
    assert look_up("Jansen 13-03-1980").found_nothing
    assert look_up("1234AB 14").found_nothing
    assert look_up("0687654321").found_nothing


def test_surname_prefixes_and_accents_are_understood(world):
    daan = create_person(PersonInput(surname="Vries", surname_prefix="de", given_names="Daan"))
    zoë = create_person(PersonInput(surname="Çelik", given_names="Zoë", birth_date=date(1990, 1, 2)))
    assert [p.id for p in look_up("de Vries").parties] == [daan.id]
    assert [p.id for p in look_up("Daan de Vries").parties] == [daan.id]
    assert [p.id for p in look_up("celik").parties] == [zoë.id]
    assert [p.id for p in look_up("Çelik 2-1-1990").parties] == [zoë.id]


def test_a_given_name_narrows_a_common_surname(world):
    create_person(PersonInput(surname="Jansen", given_names="Piet"))
    assert len(look_up("Jansen").parties) == 2
    assert [p.given_names for p in look_up("Piet Jansen").parties] == ["Piet"]


def test_organisations_by_name_and_kvk_number(world):
    bakery = create_organisation(OrganisationInput(name="Bakkerij De Zon BV", kvk="69636563"))
    assert [p.id for p in look_up("Bakkerij De Zon BV").parties] == [bakery.id]
    assert [p.id for p in look_up("6963 6563").parties] == [bakery.id]


def test_a_case_number_finds_the_case_with_or_without_zeros(world):
    case = open_case(world.report.id, "Losliggende stoeptegel", world.employee, party_id=world.anna.id)
    year, number = case.number.split("-")[1:]
    assert look_up(case.number).cases == [case]
    assert look_up(f"z-{year}-{int(number)}").cases == [case]


def test_one_match_opens_the_party_page(client, world):
    login(client, "mw")
    response = client.get("/zoeken", query_string={"q": "06 12345678"})
    assert response.status_code == 302
    assert response.headers["Location"] == f"/partijen/{world.anna.id}"


def test_one_case_number_opens_the_case_page(client, world):
    case = open_case(world.report.id, "Losliggende stoeptegel", world.employee)
    login(client, "mw")
    response = client.get("/zoeken", query_string={"q": case.number})
    assert response.headers["Location"] == f"/zaken/{case.id}"


def test_several_matches_are_listed(client, world):
    create_person(PersonInput(surname="Jansen", given_names="Piet", address=AddressInput("1234 AB", 14)))
    login(client, "mw")
    page = client.get("/zoeken?q=Jansen").get_data(as_text=True)
    assert "2 partijen gevonden" in page
    assert "Anna Maria Jansen" in page and "Piet Jansen" in page
    assert "Dorpsstraat 12, 1234 AB Ergenshuizen" in page


def test_nothing_found_falls_back_to_full_text_search_and_offers_a_way_on(client, world):
    login(client, "mw")
    response = client.get("/zoeken?q=Pietersen")
    assert response.headers["Location"] == "/zoeken/tekst?q=Pietersen"
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Niets gevonden" in page
    assert "Registreer het contact zonder partij" in page


def test_typed_html_is_shown_as_text(client, world):
    login(client, "mw")
    page = client.get("/zoeken", query_string={"q": "<script>alert(1)</script>"}).get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_the_search_box_is_on_every_page(client, world):
    login(client, "mw")
    for url in ("/", "/taken/mijn", f"/partijen/{world.anna.id}"):
        page = client.get(url).get_data(as_text=True)
        assert 'role="search"' in page and 'name="q"' in page, url
