"""Callback requests: their life cycle and working-hour deadlines."""

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from crm.models import Role, TaskStatus
from crm.services.errors import Conflict
from crm.services.tasks import (
    complete_task,
    create_task,
    forward_task,
    is_overdue,
    pick_up_task,
    reopen_task,
    record_callback,
)
from crm.validation import InvalidInput
from crm.workdays import add_working_hours, working_hours_between

AMS = ZoneInfo("Europe/Amsterdam")


@pytest.fixture
def people(make_department, make_user, make_person):
    kcc = make_department("kcc", "KCC")
    belastingen = make_department("belastingen", "Belastingen")
    return dict(
        kcc=kcc,
        belastingen=belastingen,
        agent=make_user("agent", departments=[kcc]),
        tax=make_user("tax", departments=[belastingen]),
        lead=make_user("lead", Role.TEAM_LEAD, departments=[belastingen]),
        person=make_person(),
    )


def test_callback_request_life_cycle(people):
    p = people
    task = create_task("Terugbellen over aanslag", p["belastingen"].id, p["agent"], party_id=p["person"].id, reach_via="0612345678")
    assert task.status == TaskStatus.OPEN and task.due_at > task.created_at
    pick_up_task(task.id, p["tax"])
    assert (task.status, task.assignee_id) == (TaskStatus.IN_PROGRESS, p["tax"].id)
    record_callback(task.id, p["tax"], "failed", "Geen gehoor")
    assert task.is_open
    record_callback(task.id, p["tax"], "resolved", "Uitgelegd")
    assert task.status == TaskStatus.DONE and task.completed_at
    reopen_task(task.id, p["tax"], "Inwoner belt opnieuw")
    assert task.status == TaskStatus.OPEN
    forward_task(task.id, p["tax"], "Is een KCC-vraag", department_id=p["kcc"].id)
    assert task.department_id == p["kcc"].id and task.assignee_id is None
    complete_task(task.id, p["agent"])
    kinds = [e.kind for e in task.events]
    assert kinds == ["created", "picked_up", "callback_attempt", "callback_attempt", "completed", "reopened", "forwarded", "completed"]


def test_forward_needs_a_note_and_a_matching_assignee(people):
    task = create_task("Vraag", people["kcc"].id, people["agent"])
    with pytest.raises(InvalidInput):
        forward_task(task.id, people["agent"], "", department_id=people["belastingen"].id)
    with pytest.raises(InvalidInput, match="hoort niet bij"):
        forward_task(task.id, people["agent"], "Graag", department_id=people["belastingen"].id, assignee_id=people["agent"].id)


def test_a_stale_version_is_a_conflict(people):
    task = create_task("Vraag", people["kcc"].id, people["agent"])
    version = task.version
    pick_up_task(task.id, people["agent"], expected_version=version)
    with pytest.raises(Conflict):
        complete_task(task.id, people["agent"], expected_version=version)


def test_overdue_after_the_norm(people):
    task = create_task("Vraag", people["kcc"].id, people["agent"])
    assert not is_overdue(task)
    assert is_overdue(task, now=task.due_at + timedelta(minutes=1))


def test_working_hours_skip_weekends_and_holidays():
    friday = datetime(2026, 11, 20, 10, 0, tzinfo=AMS)
    assert add_working_hours(friday, 48).astimezone(AMS) == datetime(2026, 11, 24, 10, 0, tzinfo=AMS)
    # Easter 2026: Good Friday (3 April) and Easter Monday (6 April) are Dutch holidays in the
    # holidays package, so Thursday 10:00 + 48h = Thu 14h + Tue 24h + Wed 10h.
    thursday = datetime(2026, 4, 2, 10, 0, tzinfo=AMS)
    assert add_working_hours(thursday, 48).astimezone(AMS) == datetime(2026, 4, 8, 10, 0, tzinfo=AMS)
    # King's Day 2026 (Monday 27 April) does not count.
    assert working_hours_between(datetime(2026, 4, 27, 0, 0, tzinfo=AMS), datetime(2026, 4, 28, 0, 0, tzinfo=AMS)) == 0
    assert working_hours_between(datetime(2026, 4, 28, 0, 0, tzinfo=AMS), datetime(2026, 4, 28, 6, 0, tzinfo=timezone.utc)) == 8
