"""Fixtures for the search tests: each test runs once per backend, in a small municipality."""

import pytest

from crm.models import Role
from crm.services.contacts import ContactInput, record_contact
from crm.services.parties import AddressInput
from tests.conftest import POSTGRES_URL

BACKENDS = [
    "whoosh",
    pytest.param(
        "postgres", marks=pytest.mark.skipif(not POSTGRES_URL, reason="needs KLANTBEELD_TEST_DATABASE_URL")
    ),
]


@pytest.fixture(params=BACKENDS)
def backend(request, app):
    """Run the test once per backend; Whoosh runs on SQLite and on PostgreSQL.

    Indexing after requests is off, so a test decides when the outbox is drained.
    """
    app.config["SEARCH_BACKEND"] = request.param
    app.config["SEARCH_INDEX_AFTER_REQUEST"] = False
    yield request.param
    with app.app_context():
        for backend in app.extensions.get("klantbeeld_search", {}).values():
            backend.close()


@pytest.fixture
def town(backend, make_department, make_user, make_person, make_organisation, make_case_type):
    """A small municipality: a KCC, a confidential social department, and a few citizens."""
    kcc = make_department("kcc", "KCC")
    social = make_department("sociaal", "Sociaal Domein", confidential=True)
    permits = make_department("vergunningen", "Vergunningen")
    return {
        "kcc": kcc,
        "social": social,
        "permits": permits,
        "kees": make_user("kees", Role.EMPLOYEE, [kcc]),
        "sara": make_user("sara", Role.EMPLOYEE, [social]),
        "janssen": make_person(
            "Janssen",
            given_names="Pieter",
            bsn="111222333",
            emails=["p.janssen@Example.NL"],
            phones=["06-12345678"],
            address=AddressInput("1234 ab", 12, "a", "Dorpsstraat", "Ons Dorp"),
        ),
        "bakker": make_person("Bakker", given_names="Els", bsn="123456782"),
        "cafe": make_organisation("Café De Zon", kvk="12345678"),
        "permit_type": make_case_type(permits, "evenement", "Evenementenvergunning"),
    }


def hits(results, kind):
    """The ids found of one kind, best first."""
    return [hit.id for hit in results.group(kind).hits]


def contact(subject, content="", channel="telefoon", **fields):
    """Record a contact (committed, not yet indexed) the way the services do."""
    return record_contact(ContactInput(channel=channel, subject=subject, content=content, **fields), None)
