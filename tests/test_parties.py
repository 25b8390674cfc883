"""Registering parties: bad identifiers are refused and nothing half-saved."""

import pytest
from sqlalchemy import func, select

from crm.extensions import db
from crm.models import DigitalAddressKind, Identifier, Party
from crm.services.parties import AddressInput, add_digital_address
from crm.validation import InvalidInput


def count(model):
    return db.session.scalar(select(func.count()).select_from(model))


def test_person_with_identifiers_and_contact_details(make_person):
    person = make_person(
        "Jansen",
        bsn="1112.22.333",
        emails=["A.Jansen@Example.NL"],
        phones=["06-12345678"],
        address=AddressInput(postcode="1234ab", house_number="12", house_number_suffix="a", street="Dorpsstraat", city="Ergens"),
    )
    assert person.bsn == "111222333"
    assert [a.value for a in person.digital_addresses] == ["A.Jansen@example.nl", "+31612345678"]
    assert all(a.preferred for a in person.digital_addresses)
    assert person.addresses[0].one_line == "Dorpsstraat 12A, 1234 AB Ergens"


@pytest.mark.parametrize(
    "field,overrides",
    [
        ("bsn", {"bsn": "111222334"}),
        ("email", {"emails": ["not-an-address"]}),
        ("phone", {"phones": ["12345"]}),
        ("postcode", {"address": AddressInput(postcode="0123 AB", house_number=1)}),
        ("house_number", {"address": AddressInput(postcode="1234 AB", house_number="0")}),
    ],
)
def test_invalid_input_is_refused_and_nothing_is_stored(make_person, field, overrides):
    with pytest.raises(InvalidInput) as error:
        make_person("Jansen", **overrides)
    assert error.value.field == field
    db.session.rollback()
    assert count(Party) == 0


def test_one_person_per_bsn(make_person):
    make_person("Jansen", bsn="111222333")
    with pytest.raises(InvalidInput) as error:
        make_person("Janssen", bsn="111.222.333")
    assert error.value.code == "duplicate_identifier"
    db.session.rollback()
    assert count(Party) == 1


def test_organisation_with_kvk_and_branch(make_organisation):
    organisation = make_organisation("Bakkerij De Zon BV", kvk="69636563", branch_number="000037142345")
    kinds = {i.kind: i for i in organisation.identifiers}
    assert kinds["vestigingsnummer"].parent is kinds["kvk"]
    with pytest.raises(InvalidInput, match="8 cijfers"):
        make_organisation("Fout BV", kvk="1234")
    db.session.rollback()
    assert count(Identifier) == 2


def test_a_new_preferred_address_replaces_the_old_preference(make_person):
    person = make_person(phones=["0612345678"])
    add_digital_address(person.id, DigitalAddressKind.PHONE, "020 555 1234", preferred=True)
    preferred = [a.value for a in person.digital_addresses if a.preferred]
    assert preferred == ["+31205551234"]
    assert person.preferred_address(DigitalAddressKind.PHONE).value == "+31205551234"
