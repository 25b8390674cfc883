"""Cases: one owner, recorded history, and no silent overwrites."""

import threading

import pytest
from sqlalchemy import select

from crm.extensions import db
from crm.models import Case, CaseEvent, CaseStatus, Role, StaffUser
from crm.services.cases import assign_case, open_case, set_case_status, transfer_case, unassign_case
from crm.services.errors import Conflict, NotAllowed
from crm.validation import InvalidInput


@pytest.fixture
def setting(make_department, make_user, make_case_type, make_person):
    vergunningen = make_department("vergunningen", "Vergunningen")
    kcc = make_department("kcc", "KCC")
    lead = make_user("tl", Role.TEAM_LEAD, [vergunningen])
    anna = make_user("anna", Role.EMPLOYEE, [vergunningen])
    bert = make_user("bert", Role.EMPLOYEE, [vergunningen])
    kees = make_user("kees", Role.EMPLOYEE, [kcc])
    case_type = make_case_type(vergunningen, "evenement", "Evenementenvergunning", legal_term_days=56)
    person = make_person("Jansen")
    return dict(dept=vergunningen, kcc=kcc, lead=lead, anna=anna, bert=bert, kees=kees, case_type=case_type, person=person)


def test_open_case_gets_number_department_deadline_and_event(setting):
    case = open_case(setting["case_type"].id, "Buurtfeest Dorpsstraat", setting["kees"], party_id=setting["person"].id)
    second = open_case(setting["case_type"].id, "Braderie", setting["kees"])
    assert case.number.startswith(f"Z-{case.opened_at.year}-") and case.number != second.number
    assert case.department_id == setting["dept"].id
    assert (case.deadline - case.opened_at.date()).days == 56
    assert case.owner_id is None
    assert [e.kind for e in case.events] == ["opened"]


def test_assign_transfer_unassign_are_recorded_events(setting):
    s = setting
    case = open_case(s["case_type"].id, "Buurtfeest", s["kees"], party_id=s["person"].id)
    assign_case(case.id, s["anna"].id, s["anna"], expected_version=case.version)
    assert case.owner_id == s["anna"].id
    transfer_case(case.id, s["anna"], "Bert neemt het over, ik ben met verlof.", to_owner_id=s["bert"].id)
    assert case.owner_id == s["bert"].id
    unassign_case(case.id, s["lead"], "Terug naar de bak")
    assert case.owner_id is None
    kinds = [e.kind for e in db.session.scalars(select(CaseEvent).filter_by(case_id=case.id).order_by(CaseEvent.id))]
    assert kinds == ["opened", "owner_changed", "transferred", "unassigned"]


def test_transfer_needs_a_handover_note(setting):
    case = open_case(setting["case_type"].id, "Buurtfeest", setting["kees"])
    with pytest.raises(InvalidInput, match="overdrachtsnotitie"):
        transfer_case(case.id, setting["lead"], "  ", to_owner_id=setting["bert"].id)


def test_transfer_to_another_department_keeps_it_involved(setting):
    s = setting
    case = open_case(s["case_type"].id, "Buurtfeest", s["kees"])
    transfer_case(case.id, s["lead"], "Dit is een vraag voor het KCC.", to_department_id=s["kcc"].id)
    assert case.department_id == s["kcc"].id and case.owner_id is None
    assert s["dept"] in case.involved_departments


def test_only_a_team_lead_assigns_to_someone_else(setting):
    case = open_case(setting["case_type"].id, "Buurtfeest", setting["kees"])
    with pytest.raises(NotAllowed):
        assign_case(case.id, setting["bert"].id, setting["anna"])
    assign_case(case.id, setting["bert"].id, setting["lead"])
    assert case.owner_id == setting["bert"].id


def test_staff_outside_the_department_cannot_change_the_case(setting):
    case = open_case(setting["case_type"].id, "Buurtfeest", setting["kees"])
    with pytest.raises(NotAllowed):
        assign_case(case.id, setting["kees"].id, setting["kees"])


def test_status_change_needs_a_reason_and_closing_records_the_time(setting):
    case = open_case(setting["case_type"].id, "Buurtfeest", setting["kees"])
    with pytest.raises(InvalidInput):
        set_case_status(case.id, "closed", "", setting["anna"])
    set_case_status(case.id, "closed", "Vergunning verleend", setting["anna"])
    assert case.status == CaseStatus.CLOSED and case.closed_at is not None
    event = case.events[-1]
    assert (event.from_status, event.to_status, event.note) == ("received", "closed", "Vergunning verleend")


def test_stale_version_gets_a_conflict_saying_who_changed_what(setting):
    case = open_case(setting["case_type"].id, "Buurtfeest", setting["kees"])
    read_version = case.version
    assign_case(case.id, setting["anna"].id, setting["anna"], expected_version=read_version)
    with pytest.raises(Conflict) as error:
        assign_case(case.id, setting["bert"].id, setting["bert"], expected_version=read_version)
    assert case.owner_id == setting["anna"].id
    [change] = error.value.changes
    assert change.kind == "owner_changed" and change.actor_id == setting["anna"].id


def test_two_concurrent_assignments_one_wins_one_conflicts(app, setting):
    """Two transactions read the same version at the same moment; only one may write."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("real concurrent transactions are tested on PostgreSQL")
    case = open_case(setting["case_type"].id, "Buurtfeest", setting["kees"])
    case_id, version = case.id, case.version
    users = {"anna": setting["anna"].id, "bert": setting["bert"].id}
    db.session.remove()
    barrier = threading.Barrier(2)
    results = {}

    def attempt(name):
        with app.app_context():
            actor = db.session.get(StaffUser, users[name])
            db.session.get(Case, case_id)  # both read version 1 before either writes
            barrier.wait()
            try:
                assign_case(case_id, actor.id, actor, expected_version=version)
                results[name] = "won"
            except Conflict as conflict:
                results[name] = conflict
            finally:
                db.session.remove()

    threads = [threading.Thread(target=attempt, args=(name,)) for name in users]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(type(r).__name__ if not isinstance(r, str) else r for r in results.values()) == ["Conflict", "won"]
    winner = next(name for name, r in results.items() if r == "won")
    stored = db.session.get(Case, case_id)
    assert stored.owner_id == users[winner]
    assert len([e for e in stored.events if e.kind == "owner_changed"]) == 1
