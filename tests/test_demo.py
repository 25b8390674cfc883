"""The demo data: what ``klantbeeld demo`` promises, and that running it twice changes nothing.

Seeding takes seconds, so the first test checks the whole promise on one seeded database and
the second drives the command a user runs.
"""

import json
import os
import re
import socket
import stat
import subprocess
import sys
import time
from contextlib import contextmanager
from http.cookiejar import CookieJar
from pathlib import Path
from urllib.parse import urlencode
from urllib.request import HTTPCookieProcessor, build_opener, urlopen

import pytest
from sqlalchemy import func, select
from stdnum.nl import bsn

import crm.demo
from crm.demo import demo_accounts, seed_demo_data
from crm.extensions import db
from crm.models import (
    Address,
    Case,
    CaseEvent,
    CaseStatus,
    Channel,
    Contact,
    Department,
    DigitalAddress,
    Identifier,
    Party,
    PartyKind,
    Role,
    StaffUser,
    Task,
    TaskEvent,
    utcnow,
)
from crm.permissions import can_read_content, is_confidential, owning_department_id
from crm.services.tasks import is_overdue
from crm.services.timeline import timeline_for
from crm.validation import normalise_email, normalise_phone, normalise_postcode


@pytest.fixture
def app(app, tmp_path):
    """The demo writes its accounts file into the instance folder: keep that in tmp_path."""
    app.instance_path = str(tmp_path / "instance")
    return app


def test_seed_fills_an_empty_database_once_with_the_promised_variety(ctx):
    assert seed_demo_data() is True
    check_organisation()
    check_people()
    check_contacts()
    check_cases()
    check_callback_requests()
    check_demo_citizen_timeline()

    before = row_counts()
    assert seed_demo_data() is False
    assert row_counts() == before


def test_demo_command_prints_accounts_that_log_in(app, ctx, runner):
    result = runner.invoke(args=["demo", "--no-serve"])
    assert result.exit_code == 0, result.output
    assert "Demodata aangemaakt." in result.output
    printed = re.findall(r"^\s+(\S+)\s+(\S+)\s+(teamleider.*)$", result.output, re.MULTILINE)
    assert printed
    username, password, _ = printed[0]

    accounts_file = Path(app.instance_path) / "demo-accounts.txt"
    assert stat.S_IMODE(os.stat(accounts_file).st_mode) == 0o600
    accounts = demo_accounts(app.instance_path)
    assert len(accounts) >= 10
    assert (username, password) in {(name, secret) for name, secret, _ in accounts}
    passwords = [secret for _, secret, _ in accounts]
    assert len(set(passwords)) == len(passwords)
    source = "".join(path.read_text() for path in Path(crm.demo.__file__).parent.glob("*.py"))
    assert not any(secret in source for secret in passwords)

    # The command a user runs, serving for real (with CSRF) on the now filled database.
    with served_demo(app) as (base_url, output):
        assert json.load(urlopen(f"{base_url}/healthz"))["status"] == "ok"
        browser = build_opener(HTTPCookieProcessor(CookieJar()))
        login_page = browser.open(f"{base_url}/login").read().decode()
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', login_page).group(1)
        form = urlencode({"csrf_token": token, "username": username, "password": password}).encode()
        start_page = browser.open(f"{base_url}/login", data=form).read().decode()
        assert "Welkom," in start_page
    assert "er is niets toegevoegd" in output()
    assert re.search(rf"^\s+{username}\s+{re.escape(password)}\s+teamleider", output(), re.MULTILINE)


@contextmanager
def served_demo(app):
    """Run ``flask demo`` in a subprocess on the test database; yield its URL and its output."""
    port = free_port()
    env = dict(
        os.environ,
        KLANTBEELD_DATABASE_URL=app.config["SQLALCHEMY_DATABASE_URI"],
        KLANTBEELD_INSTANCE_PATH=app.instance_path,
        KLANTBEELD_SECRET_KEY="demo-test-secret",
        PYTHONUNBUFFERED="1",
    )
    log = Path(app.instance_path) / "demo-command.log"
    with log.open("w") as handle:
        process = subprocess.Popen(
            [sys.executable, "-m", "flask", "--app", "crm:create_app", "demo", "--port", str(port)],
            cwd=Path(crm.demo.__file__).parents[2], env=env, stdout=handle, stderr=subprocess.STDOUT,
        )
    try:
        base_url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 120
        while True:
            try:
                urlopen(f"{base_url}/healthz", timeout=2)
                break
            except OSError:
                assert process.poll() is None, log.read_text()
                assert time.monotonic() < deadline, log.read_text()
                time.sleep(0.3)
        yield base_url, log.read_text
    finally:
        process.terminate()
        process.wait(timeout=30)


def free_port() -> int:
    """A free port in this project's range for test servers (5600-5609)."""
    for port in range(5601, 5610):
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) != 0:
                return port
    pytest.fail("no free port in 5601-5609")


def test_demo_accounts_without_a_seed_is_empty(tmp_path):
    assert demo_accounts(str(tmp_path)) == []


def row_counts() -> dict[str, int]:
    return {
        table.name: db.session.scalar(select(func.count()).select_from(table))
        for table in db.metadata.sorted_tables
    }


def check_organisation():
    departments = {d.name: d for d in db.session.scalars(select(Department))}
    assert set(departments) == {"KCC", "Burgerzaken", "Vergunningen", "Sociaal Domein", "Belastingen", "Handhaving"}
    assert departments["Sociaal Domein"].confidential and not departments["KCC"].confidential
    assert departments["Sociaal Domein"].teams and departments["KCC"].teams
    roles = [user.role for user in db.session.scalars(select(StaffUser))]
    assert 10 <= len(roles) <= 15
    assert roles.count(Role.TEAM_LEAD) >= 3
    assert Role.ADMIN in roles and Role.PRIVACY_OFFICER in roles


def check_people():
    persons = db.session.scalars(select(Party).filter_by(kind=PartyKind.PERSON)).all()
    assert 200 <= len(persons) <= 210
    assert db.session.scalar(select(func.count()).where(Party.kind == PartyKind.ORGANISATION)) == 20
    identifiers = db.session.scalars(select(Identifier)).all()
    bsns = [i.value for i in identifiers if i.kind == "bsn"]
    assert len(bsns) == len(persons) and all(bsn.is_valid(value) for value in bsns)
    kvk_numbers = [i.value for i in identifiers if i.kind == "kvk"]
    assert len(kvk_numbers) == 20 and all(re.fullmatch(r"\d{8}", value) for value in kvk_numbers)
    for address in db.session.scalars(select(Address)):
        assert normalise_postcode(address.postcode) == address.postcode
        assert address.street and address.city and address.house_number >= 1
    for digital in db.session.scalars(select(DigitalAddress)):
        normalise = normalise_phone if digital.kind == "phone" else normalise_email
        assert normalise(digital.value) == digital.value
    phones = db.session.scalars(select(DigitalAddress.value).filter_by(kind="phone")).all()
    assert any(p.startswith("+316") for p in phones)  # mobile
    assert any(p.startswith(("+3133", "+3135")) for p in phones)  # landline


def check_contacts():
    """About two thousand contacts over two years, on all six channels, the phone the most."""
    total = db.session.scalar(select(func.count(Contact.id)))
    assert 1950 <= total <= 2100
    per_channel = dict(
        db.session.execute(select(Channel.code, func.count(Contact.id)).join(Contact).group_by(Channel.code)).all()
    )
    assert set(per_channel) == {"telefoon", "e-mail", "webformulier", "balie", "chat", "post"}
    assert max(per_channel, key=per_channel.get) == "telefoon"
    assert min(per_channel, key=per_channel.get) == "post"
    oldest, newest = db.session.execute(select(func.min(Contact.occurred_at), func.max(Contact.occurred_at))).one()
    now = utcnow()
    assert 600 <= (now - oldest).days <= 731 and newest < now
    sample = db.session.scalars(select(Contact).order_by(Contact.id).limit(500)).all()
    assert any(is_confidential(contact) for contact in sample)
    assert len({contact.subject for contact in sample}) > 40
    assert all("{" not in contact.content for contact in sample)


def check_cases():
    cases = db.session.scalars(select(Case)).all()
    assert {case.status for case in cases} == {s.value for s in CaseStatus}
    now = utcnow()
    open_cases = [case for case in cases if case.is_open]
    assert any(case.owner_id is None for case in open_cases)
    assert any(case.deadline < now.date() for case in open_cases)
    assert any(case.confidential and case.department.code == "sociaal-domein" for case in cases)
    assert len({case.case_type.code for case in cases}) >= 8
    assert all(re.fullmatch(rf"Z-{case.opened_at.year}-\d{{6}}", case.number) for case in cases)
    events = db.session.scalars(select(CaseEvent)).all()
    by_kind = {event.kind: event for event in events}
    assert {"opened", "owner_changed", "transferred", "status_changed", "unassigned"} <= set(by_kind)
    assert by_kind["transferred"].note and by_kind["status_changed"].note
    assert all(event.occurred_at < now for event in events)
    assert all(case.opened_at <= event.occurred_at for case in cases for event in case.events)


def check_callback_requests():
    tasks = db.session.scalars(select(Task)).all()
    assert any(is_overdue(task) for task in tasks)
    assert any(task.is_open and not is_overdue(task) for task in tasks)
    assert any(not task.is_open for task in tasks)
    assert any(event.kind == "forwarded" for event in db.session.scalars(select(TaskEvent)))


def check_demo_citizen_timeline():
    """One citizen has a long timeline; confidential items are withheld outside their own department."""
    citizen = db.session.scalar(select(Party).filter_by(surname="Meulen", surname_prefix="van der"))
    outsider = db.session.scalar(select(StaffUser).filter_by(username="tmulder"))
    insider = db.session.scalar(select(StaffUser).filter_by(username="lhendriks"))
    items, cursor = [], None
    while True:
        page = timeline_for(citizen.id, outsider, limit=100, cursor=cursor)
        items += page.items
        if page.next_cursor is None:
            break
        cursor = page.next_cursor
    assert 130 <= len(items) <= 200
    assert {item.kind for item in items} == {"contact", "case_event", "task_event"}
    withheld = [item for item in items if not item.readable]
    assert any(can_read_content(insider, item.record) for item in withheld)
    staff = db.session.scalars(select(StaffUser)).all()
    for item in withheld:
        readers = [user for user in staff if can_read_content(user, item.record)]
        assert readers and all(owning_department_id(item.record) in user.department_ids for user in readers)
