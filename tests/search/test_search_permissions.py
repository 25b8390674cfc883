"""Confidential text stays inside the owning department: not in hits, snippets, titles or counts."""

import dataclasses
import json

from crm.search import drain_outbox, search
from crm.search.schemas import SearchResultsSchema
from crm.services.cases import open_case
from crm.services.tasks import create_task
from tests.search.conftest import contact, hits


def test_confidential_text_is_found_only_by_the_owning_department(town):
    private = contact(
        "Schuldhulp", "Mevrouw heeft betalingsachterstanden bij de energieleverancier.",
        department_id=town["social"].id, party_id=town["bakker"].id,
    )
    public = contact("Energietoeslag", "Vraag over de energieleverancier en de toeslag.", party_id=town["bakker"].id)
    drain_outbox()

    own = search("energieleverancier", town["sara"])
    other = search("energieleverancier", town["kees"])
    assert sorted(hits(own, "contact")) == sorted([private.id, public.id]) and own.group("contact").total == 2
    assert hits(other, "contact") == [public.id]
    assert other.group("contact").total == 1 and other.total == 1
    assert search("betalingsachterstanden", town["kees"]).total == 0
    assert hits(search("betalingsachterstanden", town["sara"]), "contact") == [private.id]

    # Found by its public facts (the channel), it shows no confidential text anywhere.
    withheld = next(h for h in search("telefoon", town["kees"]).group("contact").hits if h.id == private.id)
    assert withheld.withheld and withheld.title == ""
    shown = repr(dataclasses.asdict(withheld))
    assert "Schuldhulp" not in shown and "betalingsachterstanden" not in shown
    readable = next(h for h in search("telefoon", town["sara"]).group("contact").hits if h.id == private.id)
    assert not readable.withheld and readable.title == "Schuldhulp"


def test_a_confidential_case_and_request_keep_their_content_inside_the_department(town, make_case_type):
    benefit = make_case_type(town["social"], "bijstand", "Bijstandsuitkering", domain="sociaal", confidential=True)
    case = open_case(benefit.id, "Aanvraag na ontslag", town["sara"], party_id=town["bakker"].id)
    task = create_task("Terugbellen over ontslag", town["social"].id, town["sara"], party_id=town["bakker"].id)
    drain_outbox()

    assert search("ontslag", town["kees"]).total == 0
    assert search("bijstandsuitkering", town["kees"]).total == 0
    assert search("ontslag", town["sara"]).total == 2
    # The case number is a public fact: found, with the content withheld.
    hit = search(case.number, town["kees"]).group("case").hits[0]
    assert hit.withheld and "ontslag" not in repr(dataclasses.asdict(hit)).lower()
    assert hits(search("terugbelverzoek", town["kees"]), "task") == [task.id]


def test_the_api_form_of_the_results_carries_no_confidential_text(town):
    contact("Schuldhulp", "Achterstand bij de woningcorporatie.", department_id=town["social"].id)
    drain_outbox()

    dumped = SearchResultsSchema().dump(search("telefoon", town["kees"]))
    contacts = next(group for group in dumped["groups"] if group["kind"] == "contact")
    assert contacts["total"] == 1 and contacts["hits"][0]["withheld"] is True
    text = json.dumps(dumped)
    assert "Schuldhulp" not in text and "woningcorporatie" not in text
    assert "woningcorporatie" in json.dumps(SearchResultsSchema().dump(search("woningcorporatie", town["sara"])))
