"""Dutch full-text search on both backends: stems, accents, typos in names, every kind of record."""

import pytest

from crm.search import drain_outbox, search
from crm.services.cases import open_case
from crm.services.tasks import create_task
from tests.search.conftest import contact, hits


def test_plural_finds_singular_and_stop_words_are_ignored(town):
    permit = contact("Vraag over vergunning", "Inwoner wil een vergunning voor een buurtfeest.", party_id=town["janssen"].id)
    bin_complaint = contact("Klacht", "De container in de straat is niet geleegd.", party_id=town["bakker"].id)
    drain_outbox()

    assert hits(search("vergunningen", town["kees"]), "contact") == [permit.id]
    assert hits(search("die klacht over de containers", town["kees"]), "contact") == [bin_complaint.id]


def test_accents_do_not_matter(town):
    visit = contact("Terras", "Het cafe wil een groter terras.", channel="balie")
    drain_outbox()

    assert hits(search("cafe", town["kees"]), "party") == [town["cafe"].id]
    assert hits(search("CAFÉ", town["kees"]), "contact") == [visit.id]


def test_a_name_with_one_typo_is_found_but_exact_matches_rank_first(town, make_person):
    jansen = make_person("Jansen", given_names="Anna")
    make_person("Pietersen", given_names="Anna")
    drain_outbox()

    assert hits(search("Jansen", town["kees"]), "party") == [jansen.id, town["janssen"].id]
    assert hits(search("janssen pieter", town["kees"]), "party") == [town["janssen"].id]
    assert hits(search("Jansen", town["kees"]), "contact") == []


@pytest.mark.parametrize(
    "query",
    ["p.janssen@example.nl", "0612345678", "06 12345678", "1234AB", "1234 AB", "111222333", "Dorpsstraat 12a", "ons dorp"],
)
def test_a_party_is_found_by_its_contact_details_and_identifiers(town, query):
    drain_outbox()
    results = search(query, town["kees"])
    assert hits(results, "party") == [town["janssen"].id]
    assert any(fragment.match for fragment in results.group("party").hits[0].snippet)


def test_cases_and_requests_are_found_by_number_type_and_subject(town):
    case = open_case(town["permit_type"].id, "Buurtfeest Dorpsstraat", town["kees"], party_id=town["janssen"].id)
    task = create_task("Bel terug over het buurtfeest", town["permits"].id, town["kees"], reach_via="06 12345678", party_id=town["janssen"].id)
    drain_outbox()

    assert hits(search(case.number, town["kees"]), "case") == [case.id]
    assert hits(search("evenementenvergunning", town["kees"]), "case") == [case.id]
    results = search("buurtfeest", town["kees"])
    assert hits(results, "case") == [case.id] and hits(results, "task") == [task.id]
    assert results.total == 2
    assert results.group("task").hits[0].title == "Bel terug over het buurtfeest"


def test_queries_without_words_find_nothing(town):
    drain_outbox()
    assert search("", town["kees"]).total == 0
    assert search(" -- ", town["kees"]).total == 0
    assert search("de het een", town["kees"]).total == 0


def test_a_long_text_is_cut_around_the_match_with_the_match_marked(town):
    long_text = " ".join(["Eerst een lang verhaal over iets anders."] * 20 + ["Daarna de lekkage in de badkamer."] + ["Nog meer tekst."] * 20)
    written = contact("Vochtprobleem", long_text)
    drain_outbox()

    hit = search("badkamers", town["kees"]).group("contact").hits[0]
    assert hit.id == written.id
    assert hit.snippet[0].text == "…" and hit.snippet[-1].text == "…"
    assert [fragment.text for fragment in hit.snippet if fragment.match] == ["badkamer"]
    assert len("".join(fragment.text for fragment in hit.snippet)) < 200
