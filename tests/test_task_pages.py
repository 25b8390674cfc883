"""Callback requests: create, queues, pick up, call back, forward, complete, reopen, overdue badge."""

from datetime import timedelta

from sqlalchemy import select

from crm.extensions import db
from crm.models import Task
from crm.services.tasks import create_task, pick_up_task
from tests.workspace_support import login, world  # noqa: F401  (world is a fixture)


def callback(world, **fields):
    fields.setdefault("party_id", world.anna.id)
    return create_task("Terugbellen over afvalpas", world.kcc.id, world.employee, reach_via="06 12345678", **fields)


def reload(task):
    db.session.expire_all()
    return db.session.get(Task, task.id)


def test_create_a_callback_request_for_a_team(client, world):
    login(client, "mw")
    page = client.get(f"/taken/nieuw/{world.anna.id}").get_data(as_text=True)
    assert 'value="06 12345678"' in page
    response = client.post(f"/taken/nieuw/{world.anna.id}", data={
        "subject": "Terugbellen over WOZ", "department_id": world.kcc.id, "team_id": world.kcc_team.id,
        "reach_via": "06 12345678 na 14 uur", "note": "Was boos"})
    task = db.session.scalar(select(Task))
    assert response.headers["Location"] == f"/taken/{task.id}"
    assert (task.team_id, task.reach_via, task.note) == (world.kcc_team.id, "06 12345678 na 14 uur", "Was boos")


def test_a_team_of_another_department_is_refused_and_input_kept(client, world):
    login(client, "mw")
    response = client.post(f"/taken/nieuw/{world.anna.id}", data={
        "subject": "Terugbellen over WOZ", "department_id": world.permits.id, "team_id": world.kcc_team.id})
    page = response.get_data(as_text=True)
    assert "Dit team hoort niet bij de gekozen afdeling." in page
    assert 'value="Terugbellen over WOZ"' in page
    assert db.session.scalar(select(Task)) is None


def test_my_queue_and_the_department_queue(client, world):
    mine = callback(world, assignee_id=world.employee.id)
    waiting = callback(world)
    elsewhere = create_task("Vergunningvraag", world.permits.id, world.employee)
    login(client, "mw")
    my_page = client.get("/taken/mijn").get_data(as_text=True)
    assert f"/taken/{mine.id}" in my_page and f"/taken/{waiting.id}" not in my_page
    department_page = client.get("/taken/afdeling").get_data(as_text=True)
    assert f"/taken/{mine.id}" in department_page and f"/taken/{waiting.id}" in department_page
    assert f"/taken/{elsewhere.id}" not in department_page


def test_pick_up_call_back_without_success_then_complete(client, world):
    task = callback(world)
    login(client, "mw")
    assert client.post(f"/taken/{task.id}/pick_up", data={"pick_up-version": task.version}).status_code == 302
    task = reload(task)
    assert (task.assignee_id, task.status) == (world.employee.id, "in_progress")
    client.post(f"/taken/{task.id}/callback", data={
        "callback-version": task.version, "callback-outcome": "failed", "callback-note": "Geen gehoor"})
    task = reload(task)
    assert task.status == "in_progress"
    client.post(f"/taken/{task.id}/complete", data={"complete-version": task.version, "complete-note": "Per brief beantwoord"})
    task = reload(task)
    assert task.status == "done"
    page = client.get(f"/taken/{task.id}").get_data(as_text=True)
    assert "Teruggebeld: niet gelukt" in page and "Geen gehoor" in page and "Afgerond" in page
    assert "Heropenen" in page


def test_a_successful_callback_completes_and_can_be_reopened(client, world):
    task = callback(world)
    login(client, "mw")
    client.post(f"/taken/{task.id}/callback", data={"callback-version": task.version, "callback-outcome": "resolved"})
    task = reload(task)
    assert task.status == "done"
    page = client.post(f"/taken/{task.id}/reopen", data={"reopen-version": task.version, "reopen-note": ""}).get_data(as_text=True)
    assert "Een reden is verplicht." in page
    client.post(f"/taken/{task.id}/reopen", data={"reopen-version": task.version, "reopen-note": "Inwoner belt opnieuw"})
    assert reload(task).status == "open"


def test_a_callback_needs_an_outcome(client, world):
    task = callback(world)
    login(client, "mw")
    response = client.post(f"/taken/{task.id}/callback", data={"callback-version": task.version, "callback-note": "Gesproken"})
    page = response.get_data(as_text=True)
    assert "Kies een uitkomst." in page and "Gesproken</textarea>" in page


def test_forward_to_another_department_needs_a_note(client, world):
    task = callback(world)
    login(client, "mw")
    page = client.post(f"/taken/{task.id}/forward", data={
        "forward-version": task.version, "forward-department_id": world.permits.id}).get_data(as_text=True)
    assert "Een toelichting is verplicht." in page
    client.post(f"/taken/{task.id}/forward", data={
        "forward-version": task.version, "forward-department_id": world.permits.id, "forward-note": "Vergunningvraag"})
    task = reload(task)
    assert task.department_id == world.permits.id
    assert "Doorgestuurd" in client.get(f"/taken/{task.id}").get_data(as_text=True)


def test_a_stale_task_form_is_a_conflict_not_an_overwrite(client, world):
    task = callback(world)
    seen = task.version
    pick_up_task(task.id, world.lead)
    login(client, "mw")
    response = client.post(f"/taken/{task.id}/complete", data={"complete-version": seen, "complete-note": "Klaar"})
    assert response.status_code == 409
    assert "Iemand anders heeft dit contactverzoek intussen gewijzigd." in response.get_data(as_text=True)
    assert reload(task).status == "in_progress"


def test_staff_of_other_departments_cannot_work_on_it(client, world):
    task = callback(world)
    login(client, "vg")
    assert client.post(f"/taken/{task.id}/pick_up", data={"pick_up-version": task.version}).status_code == 403
    assert reload(task).assignee_id is None


def test_the_overdue_badge_follows_the_working_hour_norm(client, world):
    task = callback(world, assignee_id=world.employee.id)
    login(client, "mw")
    assert "te laat" not in client.get("/taken/mijn").get_data(as_text=True)
    task.due_at = task.due_at - timedelta(days=30)
    db.session.commit()
    assert "te laat" in client.get("/taken/mijn").get_data(as_text=True)
    assert "norm: 48 werkuren" in client.get(f"/taken/{task.id}").get_data(as_text=True)
