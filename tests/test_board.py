"""The team lead's board: unowned, late and near-deadline work, workload, and (bulk) assigning."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from crm.extensions import db
from crm.models import Case, CaseEvent, Task, TaskEvent
from crm.services.board import bulk_assign
from crm.services.cases import assign_case, open_case
from crm.services.errors import NotAllowed
from crm.services.tasks import create_task
from crm.validation import InvalidInput
from tests.workspace_support import login, world  # noqa: F401  (world is a fixture)


def report(world, subject="Stoeptegel los"):
    return open_case(world.report.id, subject, world.employee, party_id=world.anna.id)


def test_the_board_shows_unowned_late_work_and_workload(client, world):
    unowned = report(world, "Losse tegel")
    owned = report(world, "Kapotte lantaarn")
    assign_case(owned.id, world.employee.id, world.lead)
    owned.deadline = owned.opened_at.date() - timedelta(days=1)
    db.session.commit()
    task = create_task("Terugbellen", world.kcc.id, world.employee, party_id=world.anna.id)
    login(client, "tl")
    page = client.get(f"/bord/{world.kcc.id}").get_data(as_text=True)
    unowned_section, rest = page.split('id="late-work"')
    assert unowned.number in unowned_section and owned.number not in unowned_section
    assert "Terugbellen" in unowned_section
    late_section, workload = rest.split('id="workload"')
    assert owned.number in late_section and "te laat" in late_section
    assert "<td>Mila Willems</td><td>1</td><td>0</td><td>1</td>" in workload
    assert f'value="{task.id}"' in unowned_section


def test_bulk_assign_gives_everything_ticked_to_one_member_with_events(client, world):
    first, second = report(world, "Een"), report(world, "Twee")
    task = create_task("Terugbellen", world.kcc.id, world.employee, party_id=world.anna.id)
    login(client, "tl")
    response = client.post(f"/bord/{world.kcc.id}", data={
        "assignee_id": world.employee.id, "case_ids": [first.id, second.id], "task_ids": [task.id]})
    assert response.status_code == 302
    db.session.expire_all()
    assert {c.owner_id for c in db.session.scalars(select(Case))} == {world.employee.id}
    assert db.session.get(Task, task.id).assignee_id == world.employee.id
    assert len(db.session.scalars(select(CaseEvent).filter_by(kind="owner_changed")).all()) == 2
    assert db.session.scalar(select(TaskEvent).filter_by(kind="assigned")).party_id == world.anna.id
    assert "Toegewezen aan Mila Willems: 3." in client.get(f"/bord/{world.kcc.id}").get_data(as_text=True)
    page = client.get(f"/partijen/{world.anna.id}").get_data(as_text=True)
    assert "Eigenaar: Mila Willems" in page and "Toegewezen" in page


def test_bulk_assign_is_all_or_nothing(world):
    mine = report(world)
    elsewhere = open_case(world.event_permit.id, "Vergunning", world.employee)
    with pytest.raises(InvalidInput):
        bulk_assign(world.kcc.id, world.employee.id, world.lead, case_ids=[mine.id, elsewhere.id])
    db.session.expire_all()
    assert db.session.get(Case, mine.id).owner_id is None


def test_assigning_needs_a_member_and_a_choice(client, world):
    case = report(world)
    login(client, "tl")
    page = client.post(f"/bord/{world.kcc.id}", data={"case_ids": [case.id]}).get_data(as_text=True)
    assert "Kies een medewerker." in page
    assert f'value="{case.id}" id="case-{case.id}" checked' in page
    page = client.post(f"/bord/{world.kcc.id}", data={"assignee_id": world.employee.id}).get_data(as_text=True)
    assert "Kies minstens één zaak of contactverzoek." in page


def test_only_team_leads_of_the_department_see_its_board(client, world):
    with pytest.raises(NotAllowed):
        bulk_assign(world.kcc.id, world.employee.id, world.permit_lead, case_ids=[report(world).id])
    login(client, "mw")
    assert client.get(f"/bord/{world.kcc.id}").status_code == 403
    assert "Bord" not in client.get("/taken/mijn").get_data(as_text=True).split("</nav>")[0]
    login(client, "tlv")
    assert client.get(f"/bord/{world.kcc.id}").status_code == 403
    assert client.get("/bord/").headers["Location"] == f"/bord/{world.permits.id}"
