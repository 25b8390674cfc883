"""One party's timeline: every channel, case and task events, in order, paged without gaps."""

from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import insert, select

from crm.extensions import db
from crm.models import Channel, Contact, Role
from crm.services.cases import assign_case, open_case
from crm.services.contacts import ContactInput, record_contact
from crm.services.tasks import create_task
from crm.services.timeline import timeline_for
from crm.validation import InvalidInput

T0 = datetime(2026, 1, 5, 9, 0, tzinfo=timezone.utc)


@pytest.fixture
def world(make_department, make_user, make_person, make_case_type):
    kcc = make_department("kcc", "KCC")
    social = make_department("sociaal", "Sociaal Domein", confidential=True)
    agent = make_user("agent", Role.TEAM_LEAD, [kcc])
    consulent = make_user("consulent", Role.EMPLOYEE, [social])
    anna = make_person("Jansen", given_names="Anna")
    piet = make_person("Pietersen", given_names="Piet")
    case_type = make_case_type(kcc, "melding", "Melding")
    return dict(kcc=kcc, social=social, agent=agent, consulent=consulent, anna=anna, piet=piet, case_type=case_type)


def test_contacts_case_and_task_events_in_time_order(world):
    w = world
    for minutes, channel in [(0, "telefoon"), (10, "e-mail"), (20, "balie")]:
        record_contact(ContactInput(channel=channel, subject=f"Via {channel}", party_id=w["anna"].id, occurred_at=T0 + timedelta(minutes=minutes)), w["agent"])
    case = open_case(w["case_type"].id, "Losse stoeptegel", w["agent"], party_id=w["anna"].id)
    assign_case(case.id, w["agent"].id, w["agent"])
    create_task("Terugbellen", w["kcc"].id, w["agent"], party_id=w["anna"].id)
    record_contact(ContactInput(channel="chat", subject="Van Piet", party_id=w["piet"].id), w["agent"])

    page = timeline_for(w["anna"].id, w["agent"])
    kinds = [item.kind for item in page.items]
    assert sorted(kinds) == ["case_event", "case_event", "contact", "contact", "contact", "task_event"]
    times = [item.occurred_at for item in page.items]
    assert times == sorted(times, reverse=True)
    channels = [i.record.channel.code for i in page.items if i.kind == "contact"]
    assert channels == ["balie", "e-mail", "telefoon"]
    assert all(i.record.party_id == w["anna"].id for i in page.items)
    assert page.next_cursor is None


def test_pages_through_5000_items_without_gaps_or_repeats(world):
    w = world
    channel_ids = list(db.session.scalars(select(Channel.id)))
    rows = [
        {
            "party_id": w["anna"].id,
            "channel_id": channel_ids[n % len(channel_ids)],
            "direction": "inbound",
            # Every third pair shares a timestamp, to exercise the tie-breaking.
            "occurred_at": T0 + timedelta(minutes=n // 3),
            "subject": f"Contact {n}",
            "content": "",
            "answer": "",
            "confidential": False,
        }
        for n in range(4990)
    ]
    db.session.execute(insert(Contact), rows)
    db.session.execute(insert(Contact), [{**rows[0], "party_id": w["piet"].id, "subject": "Piet"}])
    db.session.commit()
    case = open_case(w["case_type"].id, "Zaak", w["agent"], party_id=w["anna"].id)
    assign_case(case.id, w["agent"].id, w["agent"])
    for n in range(8):
        create_task(f"Taak {n}", w["kcc"].id, w["agent"], party_id=w["anna"].id)

    seen, cursor, pages = [], None, 0
    while True:
        page = timeline_for(w["anna"].id, w["agent"], limit=97, cursor=cursor)
        seen.extend((item.kind, item.id) for item in page.items)
        keys = [item.key for item in page.items]
        assert keys == sorted(keys, reverse=True)
        pages += 1
        if page.next_cursor is None:
            break
        cursor = page.next_cursor
    assert len(seen) == len(set(seen)) == 4990 + 2 + 8
    assert pages == -(-len(seen) // 97)
    assert "Piet" not in {db.session.get(Contact, i).subject for k, i in seen if k == "contact"}


def test_filters_by_channel_department_and_kind(world):
    w = world
    record_contact(ContactInput(channel="telefoon", subject="Bellen", party_id=w["anna"].id, department_id=w["kcc"].id), w["agent"])
    record_contact(ContactInput(channel="e-mail", subject="Mailen", party_id=w["anna"].id, department_id=w["social"].id), w["agent"])
    create_task("Terugbellen", w["kcc"].id, w["agent"], party_id=w["anna"].id)

    by_channel = timeline_for(w["anna"].id, w["agent"], channel="e-mail").items
    assert [i.record.subject for i in by_channel] == ["Mailen"]
    by_department = timeline_for(w["anna"].id, w["agent"], department_id=w["kcc"].id).items
    assert {i.kind for i in by_department} == {"contact", "task_event"}
    tasks_only = timeline_for(w["anna"].id, w["agent"], kinds={"task_event"}).items
    assert [i.kind for i in tasks_only] == ["task_event"]


def test_confidential_content_is_readable_only_in_the_owning_department(world):
    w = world
    record_contact(ContactInput(channel="balie", subject="Schuldhulp", party_id=w["anna"].id, department_id=w["social"].id), w["consulent"])
    [for_kcc] = timeline_for(w["anna"].id, w["agent"]).items
    [for_social] = timeline_for(w["anna"].id, w["consulent"]).items
    assert not for_kcc.readable
    assert for_social.readable


@pytest.mark.parametrize("cursor", ["nonsense", "bm90fGF8Yg", "MjAyNi0wMS0wMVQwMDowMDowMHxjb250YWN0fDE"])
def test_a_broken_cursor_is_refused_clearly(world, cursor):
    with pytest.raises(InvalidInput) as error:
        timeline_for(world["anna"].id, world["agent"], cursor=cursor)
    assert error.value.code == "invalid_cursor"
