"""Merging duplicate parties: everything moves, the merge is recorded, and undo restores it exactly."""

import pytest
from flask import g
from sqlalchemy import select

from crm.extensions import db
from crm.models import (
    Address,
    Case,
    CaseEvent,
    Contact,
    DigitalAddress,
    Identifier,
    Party,
    PartyMerge,
    ProcessingLogEntry,
    Role,
    Task,
    TaskEvent,
)
from crm.services.cases import open_case
from crm.services.contacts import ContactInput, record_contact
from crm.services.errors import Conflict
from crm.services.parties import AddressInput, add_address
from crm.services.party_merge import merge_parties, undo_merge
from crm.services.processing_log import log_processing
from crm.services.tasks import create_task
from crm.validation import InvalidInput
from tests.conftest import PASSWORD

OWNED = (Contact, Case, CaseEvent, Task, TaskEvent, Identifier, Address, DigitalAddress)


def snapshot(*party_ids):
    """Which records belong to which party, and each digital address's preference."""
    db.session.expire_all()
    state = {}
    for model in OWNED:
        rows = db.session.execute(select(model.id, model.party_id).where(model.party_id.in_(party_ids)).order_by(model.id))
        state[model.__name__] = sorted(rows)
    state["preferred"] = sorted(db.session.execute(select(DigitalAddress.id, DigitalAddress.preferred)))
    state["parties"] = sorted(
        (p.id, p.surname, p.given_names, p.birth_date, p.created_at) for p in db.session.scalars(select(Party))
    )
    return state


@pytest.fixture
def twins(make_department, make_user, make_person, make_case_type):
    ruimte = make_department("ruimte", "Ruimte")
    worker = make_user("kees", Role.EMPLOYEE, [ruimte])
    admin = make_user("beheer", Role.ADMIN, full_name="Bea Heer")
    melding = make_case_type(ruimte)
    survivor = make_person("Jansen", bsn="111222333", emails=["anna@example.nl"], phones=["0612345678"])
    duplicate = make_person("Jansen", emails=["anna@example.nl", "a.jansen@werk.nl"], phones=["0201234567"])
    add_address(duplicate.id, AddressInput(postcode="1234 AB", house_number=5, street="Dorpsstraat", city="Ergens"))
    case = open_case(melding.id, "Stoeptegel", worker, party_id=duplicate.id)
    record_contact(ContactInput(channel="telefoon", subject="Melding", party_id=duplicate.id, case_id=case.id), worker)
    record_contact(ContactInput(channel="balie", subject="Eigen", party_id=survivor.id), worker)
    create_task("Terugbellen", ruimte.id, worker, party_id=duplicate.id)
    return {"worker": worker, "admin": admin, "survivor": survivor, "duplicate": duplicate, "melding": melding}


def test_merge_moves_everything_and_removes_the_duplicate(twins):
    survivor_id, duplicate_id = twins["survivor"].id, twins["duplicate"].id
    merge = merge_parties(survivor_id, duplicate_id, twins["admin"], "Dubbel ingeschreven aan de balie")
    db.session.expire_all()
    assert db.session.get(Party, duplicate_id) is None
    survivor = db.session.get(Party, survivor_id)
    assert len(db.session.scalars(select(Contact).filter_by(party_id=survivor_id)).all()) == 2
    assert db.session.scalars(select(Case.party_id)).all() == [survivor_id]
    assert set(db.session.scalars(select(CaseEvent.party_id))) == {survivor_id}
    assert db.session.scalars(select(Task.party_id)).all() == [survivor_id]
    assert [a.postcode for a in survivor.addresses] == ["1234 AB"]
    # The same e-mail address is kept once; the survivor's preferences stay.
    emails = {a.value: a.preferred for a in survivor.digital_addresses if a.kind == "email"}
    assert emails == {"anna@example.nl": True, "a.jansen@werk.nl": False}
    phones = {a.value: a.preferred for a in survivor.digital_addresses if a.kind == "phone"}
    assert phones == {"+31612345678": True, "+31201234567": False}
    assert merge.moved["dropped_digital_addresses"][0]["value"] == "anna@example.nl"
    logged = db.session.scalars(select(ProcessingLogEntry).order_by(ProcessingLogEntry.party_id)).all()
    assert [(e.party_id, e.activity, e.action) for e in logged] == [
        (survivor_id, "gegevenskwaliteit", "change"),
        (duplicate_id, "gegevenskwaliteit", "change"),
    ]


def test_undo_restores_exactly_what_was_there(twins):
    survivor_id, duplicate_id = twins["survivor"].id, twins["duplicate"].id
    before = snapshot(survivor_id, duplicate_id)
    merge = merge_parties(survivor_id, duplicate_id, twins["admin"], "Dubbel")
    assert snapshot(survivor_id, duplicate_id) != before
    undo_merge(merge.id, twins["admin"])
    assert snapshot(survivor_id, duplicate_id) == before
    record = db.session.get(PartyMerge, merge.id)
    assert record.is_undone and record.undone_by_id == twins["admin"].id
    with pytest.raises(InvalidInput):
        undo_merge(merge.id, twins["admin"])


def test_what_was_added_after_the_merge_stays_with_the_survivor(twins):
    survivor_id, duplicate_id = twins["survivor"].id, twins["duplicate"].id
    merge = merge_parties(survivor_id, duplicate_id, twins["admin"], "Dubbel")
    later = record_contact(ContactInput(channel="e-mail", subject="Na samenvoegen", party_id=survivor_id), twins["worker"])
    undo_merge(merge.id, twins["admin"])
    assert db.session.get(Contact, later.id).party_id == survivor_id
    assert len(db.session.scalars(select(Contact).filter_by(party_id=duplicate_id)).all()) == 1


def test_undo_of_an_earlier_merge_waits_for_the_later_one(twins, make_person):
    third = make_person("Jansen", given_names="A.")
    first = merge_parties(twins["survivor"].id, twins["duplicate"].id, twins["admin"], "Dubbel")
    second = merge_parties(third.id, twins["survivor"].id, twins["admin"], "Nog eens dubbel")
    with pytest.raises(Conflict):
        undo_merge(first.id, twins["admin"])
    undo_merge(second.id, twins["admin"])
    undo_merge(first.id, twins["admin"])
    assert db.session.get(Party, twins["duplicate"].id) is not None


@pytest.mark.parametrize(
    "case,field",
    [("same", "duplicate_id"), ("two_bsns", "duplicate_id"), ("organisation", "duplicate_id"), ("missing", "survivor_id")],
)
def test_parties_that_are_not_duplicates_are_not_merged(twins, make_person, make_organisation, case, field):
    survivor_id = twins["survivor"].id
    other = {
        "same": survivor_id,
        "two_bsns": lambda: make_person("Jansen", bsn="123456782").id,
        "organisation": lambda: make_organisation("Jansen BV").id,
        "missing": survivor_id,
    }[case]
    other = other() if callable(other) else other
    if case == "missing":
        survivor_id = 99999
    with pytest.raises(InvalidInput) as error:
        merge_parties(survivor_id, other, twins["admin"], "Dubbel")
    assert error.value.field == field


def login(client, username):
    g.pop("_login_user", None)
    assert client.post("/login", data={"username": username, "password": PASSWORD}).status_code == 302


def test_the_beheerder_previews_confirms_and_undoes_a_merge_on_the_pages(client, twins):
    survivor_id, duplicate_id = twins["survivor"].id, twins["duplicate"].id
    login(client, "beheer")
    form = {"survivor_id": survivor_id, "duplicate_id": duplicate_id, "reason": "<script>alert(1)</script> dubbel"}
    preview = client.post("/privacy/samenvoegen", data=form)
    html = preview.get_data(as_text=True)
    assert "Samenvoegen bevestigen" in html and "1 zaken" in html and "1 contactmomenten" in html
    assert "<script>alert(1)</script>" not in html
    assert db.session.get(Party, duplicate_id) is not None
    done = client.post("/privacy/samenvoegen", data={**form, "confirmed": "ja"})
    assert done.status_code == 302
    overview = client.get("/privacy/samenvoegingen").get_data(as_text=True)
    assert "Bea Heer" in overview and "&lt;script&gt;alert(1)&lt;/script&gt; dubbel" in overview
    assert db.session.get(Party, duplicate_id) is None
    merge = db.session.scalar(select(PartyMerge))
    client.post(f"/privacy/samenvoegingen/{merge.id}/ongedaan-maken")
    db.session.expire_all()
    assert db.session.get(Party, duplicate_id) is not None
    assert "ongedaan gemaakt" in client.get("/privacy/samenvoegingen").get_data(as_text=True)


def test_the_merge_form_keeps_input_and_explains_in_dutch(client, twins):
    login(client, "beheer")
    response = client.post("/privacy/samenvoegen", data={"survivor_id": "abc", "duplicate_id": "99999999999", "reason": ""})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Dit is geen partijnummer." in html and "Geef een reden voor het samenvoegen." in html
    assert 'value="abc"' in html


def test_the_survivors_inzage_page_includes_the_log_of_the_merged_duplicate(client, twins, make_user):
    make_user("fg", Role.PRIVACY_OFFICER)
    survivor_id, duplicate_id = twins["survivor"].id, twins["duplicate"].id
    log_processing(twins["worker"], duplicate_id, "dienstverlening", object_type="timeline")
    merge_parties(survivor_id, duplicate_id, twins["admin"], "Dubbel")
    login(client, "fg")
    html = client.get(f"/privacy/partijen/{survivor_id}/inzage").get_data(as_text=True)
    assert f"samengevoegde partijen: {duplicate_id}" in html
    assert "Dienstverlening en klantcontact" in html and f"(partij {duplicate_id})" in html
    # The removed duplicate keeps its own inzage page.
    assert client.get(f"/privacy/partijen/{duplicate_id}/inzage").status_code == 200
