"""Retention rules: a dry run that changes nothing, then pseudonymising or deleting what expired."""

from datetime import datetime, timedelta, timezone

import pytest
from flask import g
from sqlalchemy import func, select, update

from crm.extensions import db
from crm.models import Case, CaseEvent, Channel, Contact, ProcessingLogEntry, RetentionRule, Role, Task, utcnow
from crm.services.cases import open_case, set_case_status
from crm.services.contacts import ContactInput, record_contact
from crm.services.retention import PSEUDONYM, apply_retention, create_retention_rule, months_before
from crm.services.tasks import create_task
from crm.validation import InvalidInput
from tests.conftest import PASSWORD


def channel_id(code):
    return db.session.scalar(select(Channel.id).filter_by(code=code))


def count(model):
    return db.session.scalar(select(func.count()).select_from(model))


def closed_long_ago(case, worker, months=30):
    set_case_status(case.id, "closed", "Afgehandeld", worker)
    db.session.execute(
        update(Case).where(Case.id == case.id).values(closed_at=utcnow() - timedelta(days=31 * months))
    )
    db.session.commit()


@pytest.fixture
def world(make_department, make_user, make_person, make_case_type):
    ruimte = make_department("ruimte", "Ruimte")
    worker = make_user("kees", Role.EMPLOYEE, [ruimte])
    admin = make_user("beheer", Role.ADMIN)
    person = make_person("Jansen", bsn="111222333")
    melding = make_case_type(ruimte)
    old = open_case(melding.id, "Losse stoeptegel", worker, party_id=person.id, description="Voor Dorpsstraat 5")
    contact = record_contact(
        ContactInput(channel="telefoon", subject="Melding stoeptegel", party_id=person.id, content="Mevrouw Jansen belt", case_id=old.id),
        worker,
    )
    task = create_task("Terugbellen over tegel", ruimte.id, worker, party_id=person.id, case_id=old.id, note="Na 17 uur", reach_via="0612345678")
    closed_long_ago(old, worker)
    still_open = open_case(melding.id, "Kapotte lantaarn", worker, party_id=person.id)
    recent = open_case(melding.id, "Zwerfvuil", worker, party_id=person.id)
    set_case_status(recent.id, "closed", "Opgeruimd", worker)
    return {
        "worker": worker, "admin": admin, "person": person, "melding": melding,
        "old": old, "contact": contact, "task": task, "open": still_open, "recent": recent,
    }


def test_dry_run_reports_what_expired_and_changes_nothing(runner, world):
    create_retention_rule(world["admin"], 24, "pseudonymise", case_type_id=world["melding"].id)
    result = runner.invoke(args=["retention", "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "1 zaken en 1 contactmomenten worden gepseudonimiseerd" in result.output
    assert "niets gewijzigd" in result.output
    db.session.expire_all()
    assert db.session.get(Case, world["old"].id).subject == "Losse stoeptegel"
    assert count(ProcessingLogEntry) == 0


def test_apply_pseudonymises_expired_cases_with_contacts_tasks_and_events(runner, world):
    create_retention_rule(world["admin"], 24, "pseudonymise", case_type_id=world["melding"].id)
    result = runner.invoke(args=["retention", "--apply"])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    old = db.session.get(Case, world["old"].id)
    assert (old.subject, old.description, old.party_id, old.case_type_id) == (PSEUDONYM, "", None, world["melding"].id)
    assert all(event.party_id is None and event.note == "" for event in old.events)
    contact = db.session.get(Contact, world["contact"].id)
    assert (contact.subject, contact.content, contact.party_id) == (PSEUDONYM, "", None)
    assert contact.channel.code == "telefoon" and contact.occurred_at is not None  # the fact stays for the figures
    task = db.session.get(Task, world["task"].id)
    assert (task.subject, task.note, task.reach_via, task.party_id) == (PSEUDONYM, "", "", None)
    for untouched in ("open", "recent"):
        case = db.session.get(Case, world[untouched].id)
        assert case.party_id == world["person"].id and case.subject != PSEUDONYM
    [entry] = db.session.scalars(select(ProcessingLogEntry)).all()
    assert (entry.party_id, entry.activity, entry.action, entry.actor_name) == (world["person"].id, "bewaartermijnen", "change", "systeem")
    assert entry.details["zaken"] == [world["old"].id] and entry.details["contactmomenten"] == [world["contact"].id]
    again = runner.invoke(args=["retention", "--apply"])
    assert "0 zaken en 0 contactmomenten" in again.output
    assert count(ProcessingLogEntry) == 1


def test_apply_deletes_expired_cases_with_everything_that_belongs_to_them(world):
    ids = {name: world[name].id for name in ("old", "contact", "task", "open", "recent")}
    create_retention_rule(world["admin"], 24, "delete", case_type_id=world["melding"].id)
    apply_retention()
    db.session.expire_all()
    assert db.session.get(Case, ids["old"]) is None
    assert db.session.get(Contact, ids["contact"]) is None
    assert db.session.get(Task, ids["task"]) is None
    assert db.session.scalar(select(func.count()).select_from(CaseEvent).where(CaseEvent.case_id == ids["old"])) == 0
    assert db.session.get(Case, ids["open"]) is not None and db.session.get(Case, ids["recent"]) is not None
    [entry] = db.session.scalars(select(ProcessingLogEntry)).all()
    assert entry.action == "delete" and entry.party_id == world["person"].id


def test_a_channel_rule_deletes_old_contacts_but_not_those_of_open_cases(world):
    person, worker = world["person"], world["worker"]
    long_ago = datetime.now(timezone.utc) - timedelta(days=800)
    loose = record_contact(ContactInput(channel="balie", subject="Vraag paspoort", party_id=person.id, occurred_at=long_ago), worker)
    in_open_case = record_contact(
        ContactInput(channel="balie", subject="Over lantaarn", party_id=person.id, occurred_at=long_ago, case_id=world["open"].id), worker
    )
    fresh = record_contact(ContactInput(channel="balie", subject="Vandaag", party_id=person.id), worker)
    callback = create_task("Terugbellen", world["open"].department_id, worker, contact_id=loose.id, party_id=person.id)
    create_retention_rule(world["admin"], 12, "delete", channel_id=channel_id("balie"))
    ids = {"loose": loose.id, "in_open_case": in_open_case.id, "fresh": fresh.id, "callback": callback.id}
    [step] = apply_retention()
    assert step.contact_ids == [ids["loose"]]
    db.session.expire_all()
    assert db.session.get(Contact, ids["loose"]) is None
    assert db.session.get(Contact, ids["in_open_case"]) is not None and db.session.get(Contact, ids["fresh"]) is not None
    assert db.session.get(Task, ids["callback"]).contact_id is None


def test_a_rule_needs_a_case_type_or_channel_and_a_sensible_term(world):
    with pytest.raises(InvalidInput) as error:
        create_retention_rule(world["admin"], 12, "delete")
    assert error.value.field == "case_type_id"
    with pytest.raises(InvalidInput):
        create_retention_rule(world["admin"], 0, "delete", channel_id=channel_id("balie"))
    with pytest.raises(InvalidInput):
        create_retention_rule(world["admin"], 12, "shred", channel_id=channel_id("balie"))


def test_retention_needs_a_mode(runner, world):
    result = runner.invoke(args=["retention"])
    assert result.exit_code != 0 and "--dry-run of --apply" in result.output


def test_months_before_keeps_the_day_or_takes_the_last_of_the_month():
    moment = datetime(2026, 3, 31, 12, 0, tzinfo=timezone.utc)
    assert months_before(moment, 1) == datetime(2026, 2, 28, 12, 0, tzinfo=timezone.utc)
    assert months_before(moment, 25) == datetime(2024, 2, 29, 12, 0, tzinfo=timezone.utc)
    assert months_before(moment, 12) == datetime(2025, 3, 31, 12, 0, tzinfo=timezone.utc)


def test_the_beheerder_adds_a_rule_on_the_page_and_sees_what_it_would_do(client, world):
    g.pop("_login_user", None)
    client.post("/login", data={"username": "beheer", "password": PASSWORD})
    page = client.get("/privacy/bewaartermijnen/nieuw")
    assert "Bewaarregel toevoegen" in page.get_data(as_text=True)
    refused = client.post("/privacy/bewaartermijnen/nieuw", data={"case_type_id": "0", "channel_id": "0", "term_months": "12", "action": "delete", "basis": "<b>x</b>"})
    html = refused.get_data(as_text=True)
    assert "Kies een zaaktype, een kanaal of allebei." in html and "&lt;b&gt;x&lt;/b&gt;" in html
    response = client.post(
        "/privacy/bewaartermijnen/nieuw",
        data={"case_type_id": str(world["melding"].id), "channel_id": "0", "term_months": "24", "action": "pseudonymise", "basis": "Selectielijst 2020, 1.1"},
    )
    assert response.headers["Location"] == "/privacy/bewaartermijnen"
    overview = client.get("/privacy/bewaartermijnen").get_data(as_text=True)
    assert "Melding openbare ruimte" in overview and "24 maanden" in overview and "1 zaken, 1 contactmomenten" in overview
    rule = db.session.scalar(select(RetentionRule))
    client.post(f"/privacy/bewaartermijnen/{rule.id}/uitzetten")
    db.session.expire_all()
    assert db.session.get(RetentionRule, rule.id).active is False
