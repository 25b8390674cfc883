"""Timeline paging at every page size, and the same items for every viewer with content shielded."""

from datetime import datetime, timedelta, timezone

import pytest

from crm.models import Role
from crm.services.cases import open_case
from crm.services.contacts import ContactInput, record_contact
from crm.services.tasks import create_task
from crm.services.timeline import timeline_for
from crm.validation import InvalidInput

NOON = datetime(2026, 3, 2, 12, 0, tzinfo=timezone.utc)


@pytest.fixture
def citizen(make_department, make_user, make_case_type, make_person):
    """A resident with contacts on several channels (two at the same moment), a case and a task."""
    kcc = make_department("kcc", "KCC")
    social = make_department("sociaal", "Sociaal Domein", confidential=True)
    agent = make_user("agent", Role.EMPLOYEE, [kcc])
    social_worker = make_user("sw", Role.EMPLOYEE, [social])
    wmo = make_case_type(social, "wmo", "Wmo-melding", "sociaal", confidential=True)
    person = make_person("Jansen")
    channels = ["telefoon", "e-mail", "balie", "chat", "telefoon", "webformulier", "post"]
    moments = [NOON - timedelta(days=day) for day in range(len(channels))]
    moments[3] = moments[2]  # two contacts at the same moment: the id decides their order
    for channel, moment in zip(channels, moments):
        record_contact(ContactInput(channel=channel, subject=f"Vraag via {channel}", party_id=person.id,
                                    occurred_at=moment, department_id=kcc.id), agent)
    private = record_contact(ContactInput(channel="telefoon", subject="Hulp thuis", party_id=person.id,
                                          occurred_at=NOON - timedelta(days=10), department_id=social.id), agent)
    open_case(wmo.id, "Hulp bij het huishouden", agent, party_id=person.id, contact_id=private.id)
    create_task("Terugbellen over hulp", social.id, agent, party_id=person.id, contact_id=private.id)
    return dict(person=person, agent=agent, social_worker=social_worker, private=private)


def read_all(party_id, viewer, limit, **filters):
    items, cursor, pages = [], None, 0
    while True:
        page = timeline_for(party_id, viewer, limit=limit, cursor=cursor, **filters)
        items += page.items
        pages += 1
        cursor = page.next_cursor
        if cursor is None:
            return items, pages


def test_paging_returns_every_item_once_newest_first(citizen):
    everything, _ = read_all(citizen["person"].id, citizen["agent"], 500)
    # 8 contacts, the case's opening event and the task's creation event.
    assert sorted({item.kind for item in everything}) == ["case_event", "contact", "task_event"]
    assert len(everything) == 10
    keys = [item.key for item in everything]
    assert keys == sorted(keys, reverse=True)
    for limit in (1, 2, 3, 7):
        paged, pages = read_all(citizen["person"].id, citizen["agent"], limit)
        assert [item.key for item in paged] == keys
        assert pages == -(-len(keys) // limit)


def test_filters_by_channel_and_kind(citizen):
    phone, _ = read_all(citizen["person"].id, citizen["agent"], 2, channel="telefoon")
    assert [item.record.channel.code for item in phone] == ["telefoon"] * 3
    events, _ = read_all(citizen["person"].id, citizen["agent"], 50, kinds={"case_event", "task_event"})
    assert sorted(item.kind for item in events) == ["case_event", "task_event"]


def test_confidential_content_is_readable_only_in_the_owning_department(citizen):
    def readable(viewer):
        items, _ = read_all(citizen["person"].id, viewer, 50)
        return {(item.kind, item.id): item.readable for item in items}

    for_agent, for_social_worker = readable(citizen["agent"]), readable(citizen["social_worker"])
    assert for_agent[("contact", citizen["private"].id)] is False
    assert for_social_worker[("contact", citizen["private"].id)] is True
    assert list(for_agent) == list(for_social_worker)  # everyone sees that the items exist
    assert sum(for_agent.values()) == 7


def test_invalid_page_requests_are_refused(citizen):
    with pytest.raises(InvalidInput):
        timeline_for(citizen["person"].id, citizen["agent"], limit=0)
    with pytest.raises(InvalidInput):
        timeline_for(citizen["person"].id, citizen["agent"], cursor="not-a-cursor")
