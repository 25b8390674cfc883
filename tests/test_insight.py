"""Management figures, checked against hand-counted fixtures.

Times are written as Amsterdam wall-clock time, so the edge cases read as people see them:
contacts either side of midnight, and the weeks of the daylight-saving changes
(2026-03-29: a 167-hour week, 2026-10-25: a 169-hour week).
"""

from datetime import date, datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crm.extensions import db
from crm.models import Case, CaseStatus, Role, Task, TaskKind, TaskStatus
from crm.services.contacts import ContactInput, record_contact
from crm.services.insight import (
    callback_lead_time,
    channel_shift,
    contacts_per_channel,
    first_contact_resolution,
    make_selection,
    open_cases,
    overdue_work,
    periods,
)
from crm.services.insight.work import working_hours
from crm.validation import InvalidInput
from crm.workdays import AMSTERDAM, working_hours_between


def local(text: str, fold: int = 0) -> datetime:
    """An Amsterdam wall-clock time such as ``2026-03-29 23:30`` as an aware datetime."""
    return datetime.fromisoformat(text).replace(tzinfo=AMSTERDAM, fold=fold)


@pytest.fixture
def org(make_department, make_user, make_person):
    kcc = make_department("kcc", "KCC")
    vergunningen = make_department("vergunningen", "Vergunningen")
    return dict(
        kcc=kcc,
        vergunningen=vergunningen,
        anna=make_user("anna", Role.EMPLOYEE, [kcc], full_name="Anna de Vries"),
        bert=make_user("bert", Role.EMPLOYEE, [kcc], full_name="Bert Bakker"),
        people=[make_person(f"Inwoner{i}") for i in range(6)],
    )


def contact(when, channel="telefoon", department=None, party=None, direction="inbound", outcome=None):
    return record_contact(
        ContactInput(
            channel=channel,
            subject="Vraag",
            party_id=party.id if party else None,
            direction=direction,
            occurred_at=when,
            outcome=outcome,
            department_id=department.id if department else None,
        ),
        None,
    )


def task(department, created, *, kind=TaskKind.CALLBACK, completed=None, due=None, party=None, contact_id=None, assignee=None, status=None):
    item = Task(
        kind=kind.value,
        subject="Terugbellen",
        department_id=department.id,
        party_id=party.id if party else None,
        contact_id=contact_id,
        assignee_id=assignee.id if assignee else None,
        created_at=created,
        due_at=due or created + timedelta(days=2),
        completed_at=completed,
        status=(status or (TaskStatus.DONE if completed else TaskStatus.OPEN)).value,
    )
    db.session.add(item)
    db.session.commit()
    return item


def counts_by_channel(mix) -> dict[str, list[int]]:
    return {channel.code: channel.counts for channel in mix.channels}


# -- periods -------------------------------------------------------------------------------


def test_week_boundaries_follow_amsterdam_time_through_both_daylight_saving_changes(ctx):
    spring = periods(date(2026, 3, 23), date(2026, 4, 5))
    assert [p.key for p in spring] == ["2026-W13", "2026-W14"]
    assert spring[0].start == datetime(2026, 3, 22, 23, 0, tzinfo=timezone.utc)  # Monday 00:00 CET
    assert spring[0].end == datetime(2026, 3, 29, 22, 0, tzinfo=timezone.utc)  # Monday 00:00 CEST
    assert spring[0].end - spring[0].start == timedelta(hours=167)
    autumn = periods(date(2026, 10, 19), date(2026, 10, 25))[0]
    assert autumn.end - autumn.start == timedelta(hours=169)


def test_periods_are_clipped_to_the_selection_and_marked_partial(ctx):
    months = periods(date(2026, 3, 16), date(2026, 4, 12), "month")
    assert [(p.key, p.first_day, p.last_day, p.partial) for p in months] == [
        ("2026-03", date(2026, 3, 16), date(2026, 3, 31), True),
        ("2026-04", date(2026, 4, 1), date(2026, 4, 12), True),
    ]
    quarters = periods(date(2025, 12, 1), date(2026, 3, 31), "quarter")
    assert [(p.key, p.partial) for p in quarters] == [("2025-Q4", True), ("2026-Q1", False)]
    assert periods(date(2025, 12, 29), date(2026, 1, 4))[0].key == "2026-W01"  # ISO week year


# -- channel mix ---------------------------------------------------------------------------


@pytest.fixture
def spring_contacts(org):
    """Contacts around the spring change; weeks 12 to 15, of which week 15 is empty."""
    kcc, other = org["kcc"], org["vergunningen"]
    contact(local("2026-03-15 23:30"), department=kcc)  # Sunday before the range
    contact(local("2026-03-16 09:00"), department=kcc)  # week 12
    contact(local("2026-03-22 23:30"), department=kcc)  # Sunday night: still week 12
    contact(local("2026-03-23 00:30"), "e-mail", kcc)  # Monday 00:30 CET = Sunday 23:30 UTC: week 13
    contact(local("2026-03-29 01:30"), "balie", kcc)  # just before the change
    contact(local("2026-03-29 23:30"), "balie", kcc)  # Sunday 23:30 CEST = 21:30 UTC: week 13
    contact(local("2026-03-29 12:00"), "e-mail", kcc, direction="outbound")  # outbound: not counted
    contact(local("2026-03-25 10:00"), "telefoon", other)  # another department
    contact(local("2026-03-30 00:30"), "webformulier", kcc)  # Monday 00:30 CEST = Sunday 22:30 UTC: week 14
    contact(local("2026-04-13 00:15"), department=kcc)  # Monday after the range (Sunday in UTC)
    return org


def test_contacts_per_channel_per_week_around_midnight_and_the_spring_change(spring_contacts):
    selection = make_selection(spring_contacts["kcc"].id, date(2026, 3, 16), date(2026, 4, 12))
    mix = contacts_per_channel(selection)
    assert [p.key for p in mix.periods] == ["2026-W12", "2026-W13", "2026-W14", "2026-W15"]
    assert counts_by_channel(mix) == {
        "telefoon": [2, 0, 0, 0],
        "balie": [0, 2, 0, 0],
        "e-mail": [0, 1, 0, 0],
        "post": [0, 0, 0, 0],
        "chat": [0, 0, 0, 0],
        "webformulier": [0, 0, 1, 0],
    }
    assert mix.totals == [2, 3, 1, 0]  # the empty week is there, as zero


def test_whole_municipality_counts_every_department(spring_contacts):
    selection = make_selection(None, date(2026, 3, 16), date(2026, 4, 12))
    assert contacts_per_channel(selection).totals == [2, 4, 1, 0]


def test_contacts_across_the_autumn_change(org):
    kcc = org["kcc"]
    contact(local("2026-10-25 02:30", fold=0), department=kcc)  # first 02:30 (CEST)
    contact(local("2026-10-25 02:30", fold=1), department=kcc)  # second 02:30 (CET)
    contact(local("2026-10-25 23:30"), department=kcc)  # Sunday 23:30 CET = 22:30 UTC: week 43
    contact(local("2026-10-26 00:30"), "chat", kcc)  # Monday 00:30 CET = Sunday 23:30 UTC: week 44
    mix = contacts_per_channel(make_selection(kcc.id, date(2026, 10, 19), date(2026, 11, 1)))
    assert [p.key for p in mix.periods] == ["2026-W43", "2026-W44"]
    assert counts_by_channel(mix)["telefoon"] == [3, 0]
    assert counts_by_channel(mix)["chat"] == [0, 1]


def test_channel_shift_gives_shares_per_month(spring_contacts):
    contact(local("2026-04-01 00:30"), department=spring_contacts["kcc"])  # 31 March 22:30 UTC: April
    selection = make_selection(spring_contacts["kcc"].id, date(2026, 3, 16), date(2026, 4, 12), shift_unit="month")
    shift = channel_shift(selection)
    assert [p.key for p in shift.periods] == ["2026-03", "2026-04"]
    assert shift.totals == [6, 1]
    shares = shift.shares()
    assert shares["telefoon"] == [pytest.approx(2 / 6), 1.0]
    assert shares["webformulier"] == [pytest.approx(1 / 6), 0.0]
    empty = channel_shift(make_selection(spring_contacts["kcc"].id, date(2026, 4, 6), date(2026, 4, 12)))
    assert empty.shares()["telefoon"] == [None]


# -- first-contact resolution --------------------------------------------------------------


def test_first_contact_resolution_per_week(org):
    kcc, a, b, c, d, e, f = org["kcc"], *org["people"]
    contact(local("2026-03-16 09:00"), department=kcc, party=a)  # A comes back on Friday: not resolved
    contact(local("2026-03-20 10:00"), "e-mail", kcc, party=a)  # resolved (no further contact)
    contact(local("2026-03-17 11:00"), department=kcc, party=b, outcome="callback_requested")  # not resolved
    first_c = contact(local("2026-03-18 14:00"), department=kcc, party=c)  # a callback for C follows: not resolved
    task(kcc, local("2026-03-20 09:00"), party=c)
    contact(local("2026-03-18 15:00"), department=kcc)  # anonymous: not judged
    contact(local("2026-03-19 10:00"), department=kcc, party=d)  # D's next contact is 8 days later: resolved
    contact(local("2026-03-27 10:00"), department=kcc, party=d)  # resolved
    contact(local("2026-03-19 16:00"), department=kcc, party=e)  # only an outbound reply follows: resolved
    contact(local("2026-03-20 09:00"), "e-mail", kcc, party=e, direction="outbound")
    # F comes back exactly 7 × 24 hours later, across the spring change: still within the window.
    contact(local("2026-03-24 10:00"), department=kcc, party=f)
    contact(local("2026-03-31 11:00"), "balie", org["vergunningen"], party=f)  # other department still counts
    contact(local("2026-03-31 11:00"), "balie", kcc, party=e, outcome="failed")  # not resolved
    assert first_c.party_id == c.id

    now = local("2026-06-01 12:00")
    selection = make_selection(kcc.id, date(2026, 3, 16), date(2026, 4, 12), follow_up_days=7)
    fcr = first_contact_resolution(selection, now=now)
    assert [(r.contacts, r.resolved, r.anonymous) for r in fcr.rows] == [(6, 3, 1), (2, 1, 0), (1, 0, 0), (0, 0, 0)]
    assert fcr.rows[3].share is None
    assert fcr.total.contacts == 9 and fcr.total.resolved == 4
    assert not any(r.provisional for r in fcr.rows)

    longer = first_contact_resolution(make_selection(kcc.id, date(2026, 3, 16), date(2026, 4, 12), follow_up_days=9), now=now)
    assert [(r.contacts, r.resolved) for r in longer.rows[:2]] == [(6, 2), (2, 1)]  # D's return now counts


def test_recent_weeks_are_provisional_until_the_window_has_passed(org):
    selection = make_selection(org["kcc"].id, date(2026, 3, 16), date(2026, 3, 29), follow_up_days=7)
    fcr = first_contact_resolution(selection, now=local("2026-03-31 12:00"))
    assert [r.provisional for r in fcr.rows] == [False, True]


# -- callback lead time --------------------------------------------------------------------


def test_callback_lead_time_in_working_hours_against_the_norm(org, app):
    kcc, other = org["kcc"], org["vergunningen"]
    app.config["TASK_NORM_WORKING_HOURS"] = 48
    # Friday 10:00 to Tuesday 09:00: 14 + 24 + 9 = 47 working hours.
    task(kcc, local("2026-03-20 10:00"), completed=local("2026-03-24 09:00"))
    # Wednesday 12:00 to Tuesday 12:00 over Easter (Good Friday and Easter Monday): 12 + 24 + 12 = 48.
    task(kcc, local("2026-04-01 12:00"), completed=local("2026-04-07 12:00"))
    # Monday 09:00 to Thursday 10:00: 15 + 24 + 24 + 10 = 73, over the norm.
    task(kcc, local("2026-03-23 09:00"), completed=local("2026-03-26 10:00"))
    task(kcc, local("2026-03-23 09:00"), kind=TaskKind.QUESTION, completed=local("2026-03-23 10:00"))
    task(kcc, local("2026-03-23 09:00"))  # still open
    task(kcc, local("2026-03-01 09:00"), completed=local("2026-03-13 09:00"))  # completed before the range
    task(other, local("2026-03-24 09:00"), completed=local("2026-03-24 10:00"))  # another department

    lead = callback_lead_time(make_selection(kcc.id, date(2026, 3, 16), date(2026, 4, 12)))
    assert lead.norm_hours == 48
    assert [(r.completed, r.within_norm, r.median_hours, r.mean_hours) for r in lead.rows] == [
        (0, 0, None, None),
        (2, 1, 60.0, 60.0),
        (0, 0, None, None),
        (1, 1, 48.0, 48.0),
    ]
    assert (lead.total.completed, lead.total.within_norm, lead.total.median_hours, lead.total.mean_hours) == (3, 2, 48.0, 56.0)
    assert lead.bands == [(24.0, 0), (48.0, 2), (96.0, 1), (None, 0)]
    everyone = callback_lead_time(make_selection(None, date(2026, 3, 16), date(2026, 4, 12)))
    assert everyone.total.completed == 4 and everyone.bands[0] == (24.0, 1)


@settings(max_examples=300, deadline=None)
@given(
    start=st.datetimes(min_value=datetime(2025, 12, 1), max_value=datetime(2027, 1, 31), timezones=st.just(timezone.utc)),
    length=st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=60)),
)
def test_fast_working_hours_agree_with_the_reference(start, length):
    assert working_hours(start, start + length) == pytest.approx(working_hours_between(start, start + length))


# -- open cases and overdue work -----------------------------------------------------------


@pytest.fixture
def work(org, make_case_type):
    kcc, other, anna, bert = org["kcc"], org["vergunningen"], org["anna"], org["bert"]
    case_type = make_case_type(kcc)

    def make_case(opened, owner=None, deadline=None, department=kcc, status=CaseStatus.RECEIVED):
        item = Case(
            number=f"Z-{db.session.query(Case).count() + 1}",
            case_type_id=case_type.id,
            subject="Melding",
            department_id=department.id,
            owner_id=owner.id if owner else None,
            opened_at=opened,
            deadline=deadline,
            status=status.value,
        )
        db.session.add(item)
        db.session.commit()

    make_case(local("2026-04-08 08:00"), anna, deadline=date(2026, 4, 8))  # age 0; due today: not overdue
    make_case(local("2026-04-02 00:30"))  # 6 days old in Amsterdam (7 by its UTC date), unowned
    make_case(local("2026-04-01 23:30"), anna)  # 7 days old
    make_case(local("2026-03-11 10:00"), deadline=date(2026, 4, 7))  # 28 days, unowned, overdue
    make_case(local("2026-02-01 10:00"), bert, deadline=date(2026, 3, 29))  # 66 days, overdue
    make_case(local("2026-02-01 10:00"), bert, status=CaseStatus.CLOSED)  # closed: not counted
    make_case(local("2026-04-01 10:00"), department=other)  # another department, unowned

    now = local("2026-04-08 10:00")
    task(kcc, local("2026-04-01 09:00"), due=local("2026-04-03 09:00"))  # overdue, unassigned
    task(kcc, local("2026-04-08 09:00"), due=local("2026-04-10 09:00"), assignee=anna)
    task(kcc, local("2026-04-01 09:00"), kind=TaskKind.QUESTION, due=local("2026-04-03 09:00"), assignee=bert, status=TaskStatus.IN_PROGRESS)
    task(kcc, local("2026-04-01 09:00"), due=local("2026-04-03 09:00"), completed=local("2026-04-07 09:00"))  # done
    task(other, local("2026-04-01 09:00"), due=local("2026-04-03 09:00"))
    return dict(org, now=now)


def test_open_cases_by_owner_and_age_band(work):
    figure = open_cases(make_selection(work["kcc"].id, date(2026, 3, 16), date(2026, 4, 12)), now=work["now"])
    assert figure.as_of == date(2026, 4, 8)
    assert [(row.name, row.counts) for row in figure.owners] == [
        (None, [1, 0, 0, 1, 0]),
        ("Anna de Vries", [1, 1, 0, 0, 0]),
        ("Bert Bakker", [0, 0, 0, 0, 1]),
    ]
    assert figure.band_totals == [2, 1, 0, 1, 1]


def test_open_cases_without_per_person_figures_and_for_everyone(work):
    selection = make_selection(None, date(2026, 3, 16), date(2026, 4, 12))
    figure = open_cases(selection, now=work["now"], per_owner=False)
    assert [(row.owned, row.counts) for row in figure.owners] == [(False, [1, 1, 0, 1, 0]), (True, [1, 1, 0, 0, 1])]


def test_unowned_row_is_there_when_every_case_has_an_owner(org):
    figure = open_cases(make_selection(org["kcc"].id, date(2026, 3, 16), date(2026, 4, 12)))
    assert [(row.owner_id, row.total) for row in figure.owners] == [(None, 0)]


def test_overdue_and_unowned_work(work):
    figure = overdue_work(make_selection(work["kcc"].id, date(2026, 3, 16), date(2026, 4, 12)), now=work["now"])
    assert [(r.kind, r.open, r.overdue, r.unowned, r.overdue_unowned) for r in figure.rows] == [
        ("case", 5, 2, 2, 1),
        ("callback", 2, 1, 1, 1),
        ("question", 1, 1, 0, 0),
    ]
    everyone = overdue_work(make_selection(None, date(2026, 3, 16), date(2026, 4, 12)), now=work["now"])
    assert [(r.kind, r.open, r.unowned) for r in everyone.rows][:2] == [("case", 6, 3), ("callback", 3, 2)]


# -- the selection -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "arguments, field",
    [
        ((date(2026, 4, 1), date(2026, 3, 1)), "end"),
        ((date(2024, 1, 1), date(2026, 3, 1)), "end"),
        ((date(2026, 3, 1), date(2026, 4, 1), 0), "follow_up_days"),
        ((date(2026, 3, 1), date(2026, 4, 1), 7, "dag"), "shift_unit"),
    ],
)
def test_a_selection_that_makes_no_sense_is_refused_in_dutch(ctx, arguments, field):
    with pytest.raises(InvalidInput) as refused:
        make_selection(None, *arguments)
    assert refused.value.field == field


def test_an_unknown_department_is_refused(ctx):
    with pytest.raises(InvalidInput, match="Onbekende afdeling"):
        make_selection(999, date(2026, 3, 1), date(2026, 4, 1))
