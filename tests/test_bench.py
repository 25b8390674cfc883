"""A smoke run of the benchmark at a tiny size: it generates valid data, measures and reports.

The benchmark itself is not part of the test suite (see docs/PERFORMANCE.md); this only proves
that `python -m bench` works on both databases, within a few seconds.
"""

import json
import os
import secrets

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from bench import database
from bench.cli import bench_command
from bench.run import bench_app
from crm.extensions import db
from crm.models import Case, CaseEvent, Contact, DigitalAddress, Identifier, StaffUser, Task, TaskEvent
from crm.services.cases import open_case
from crm.validation import normalise_bsn, normalise_email, normalise_phone
from tests.conftest import POSTGRES_URL

PARTIES, CONTACTS = 60, 600


@pytest.fixture(scope="module")
def bench_target(tmp_path_factory):
    """A SQLite file of its own, or a schema of its own in the PostgreSQL test database."""
    tmp_path = tmp_path_factory.mktemp("bench")
    if POSTGRES_URL:
        schema = f"kb_bench_{os.getpid()}_{secrets.token_hex(3)}"
        arguments = ["--database", POSTGRES_URL, "--schema", schema]
        target = database.resolve(POSTGRES_URL, "smoke", tmp_path, schema)
    else:
        path = tmp_path / "bench.sqlite"
        arguments = ["--database", f"sqlite:///{path}"]
        target = database.resolve(f"sqlite:///{path}", "smoke", tmp_path)
    yield arguments, target
    database.drop(target)


@pytest.fixture(scope="module")
def smoke_run(bench_target, tmp_path_factory):
    """One complete run at the tiny size, shared by the tests that read its outcome."""
    arguments, target = bench_target
    output, report = run_bench(arguments, tmp_path_factory.mktemp("out") / "run.json")
    return target, output, report


def run_bench(arguments, out, *extra):
    result = CliRunner().invoke(
        bench_command,
        [*arguments, "--parties", str(PARTIES), "--contacts", str(CONTACTS), "--samples", "5", "--warmup", "1",
         "--out", str(out), *extra],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    return result.output, json.loads(out.read_text())


def test_bench_generates_measures_and_reports(smoke_run):
    target, output, report = smoke_run

    assert "Zoeken op BSN" in output and "Tijdlijn, eerste pagina" in output
    assert report["data"]["parties"] == PARTIES and report["data"]["contacts"] == CONTACTS
    assert report["generation"]["rows"]["contact"] == CONTACTS
    assert report["machine"]["cores"] and report["versions"]["sqlalchemy"]
    assert report["database"]["dialect"] == target.dialect
    statuses = {r["name"]: r["status"] for r in report["results"]}
    assert "failed" not in statuses.values(), report["results"]
    for name in ("lookup_bsn", "lookup_phone", "lookup_email", "http_lookup_bsn", "timeline_first_page",
                 "timeline_heaviest_last", "api_timeline_first_page", "api_timeline_deep_page", "http_start_page",
                 "http_party_page", "http_party_page_busy", "http_board", "http_dashboard",
                 "http_dashboard_department", "intake_record_contact", "intake_full", "intake_full_batch"):
        assert statuses[name] == "ok"
    for result in report["results"]:
        if result["status"] == "ok":
            assert result["samples"] == (1 if result["name"] in {"intake_record_contact_batch", "intake_full_batch"} else 5)
            assert 0 < result["p50_ms"] <= result["p95_ms"] <= result["p99_ms"]
        else:
            assert result["status"] == "pending" and result["note"]
    intake = next(r for r in report["results"] if r["name"] == "intake_record_contact")
    assert intake["per_second"] > 0


def test_generated_data_is_valid_and_the_app_continues_on_it(smoke_run, tmp_path):
    target, _, _ = smoke_run
    app = bench_app(target, tmp_path)
    with app.app_context():
        bsns = db.session.scalars(select(Identifier.value).filter_by(kind="bsn")).all()
        assert bsns and all(normalise_bsn(value) == value for value in bsns)
        for kind, value in db.session.execute(select(DigitalAddress.kind, DigitalAddress.value)):
            assert (normalise_phone if kind == "phone" else normalise_email)(value) == value
        # All generated contacts, plus what the intake measurements registered (warm-up included):
        # one at a time 1 + 5, in batches of 50 one warm-up batch and one measured, full intake 1 + 5,
        # and full intake in batches of 50 again one warm-up batch and one measured.
        assert db.session.scalar(select(func.count()).select_from(Contact)) == CONTACTS + 6 + 2 * 50 + 6 + 2 * 50
        # Events carry the party and department of their case or task, as the services write them.
        mismatched_case_events = db.session.scalar(
            select(func.count()).select_from(CaseEvent).join(Case)
            .where((CaseEvent.party_id != Case.party_id) | (CaseEvent.department_id != Case.department_id))
        )
        mismatched_task_events = db.session.scalar(
            select(func.count()).select_from(TaskEvent).join(Task)
            .where((TaskEvent.party_id != Task.party_id) | (TaskEvent.department_id != Task.department_id))
        )
        assert mismatched_case_events == 0 and mismatched_task_events == 0
        # The app numbers new cases after the generated ones and new rows get fresh ids.
        numbers = set(db.session.scalars(select(Case.number)))
        actor = db.session.scalar(select(StaffUser).filter_by(username="bench"))
        case = open_case(1, "Nieuwe aanvraag na de benchmark", actor, party_id=1)
        assert case.number not in numbers
        db.session.remove()
        db.engine.dispose()


def test_reuse_skips_generation(smoke_run, bench_target, tmp_path):
    arguments, _ = bench_target
    output, report = run_bench(arguments, tmp_path / "second.json", "--only", "lookup_bsn", "--reuse")
    assert "hergebruikt" in output
    assert report["data"]["reused"] is True and report["generation"] is None
    assert [r["name"] for r in report["results"]] == ["lookup_bsn"]


def test_klantbeeld_bench_is_a_plugin_of_the_command_line(tmp_path, monkeypatch):
    """`klantbeeld bench` works, although the application itself never imports bench/."""
    from flask.cli import FlaskGroup

    from crm import create_app

    monkeypatch.setenv("KLANTBEELD_INSTANCE_PATH", str(tmp_path))
    result = CliRunner().invoke(FlaskGroup(create_app=create_app), ["bench", "--help"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "--size" in result.output
