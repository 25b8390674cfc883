"""The outbox indexer: nothing lost when a process dies, no two drainers on the same rows, rebuilds."""

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import text

from crm.extensions import db
from crm.search import drain_outbox, search
from crm.search.backend import get_backend
from crm.search.whoosh_backend import WhooshBackend
from crm.services.cases import open_case
from crm.services.outbox import enqueue_indexing
from crm.services.tasks import create_task
from tests.search.conftest import contact, hits

ROOT = Path(__file__).resolve().parents[2]


def test_nothing_is_lost_when_the_indexer_is_not_running(town):
    written = contact("Parkeervergunning", "Vraag over parkeren bij het stadhuis.")
    assert search("parkeren", town["kees"]).total == 0  # committed, not yet indexed

    report = drain_outbox()
    assert report.processed >= 1
    assert hits(search("parkeren", town["kees"]), "contact") == [written.id]
    assert drain_outbox().processed == 0


def test_two_drainers_never_index_the_same_rows_at_once(town, app):
    """While another process holds the index (Whoosh) or has claimed the rows (PostgreSQL),
    a drainer neither waits long nor touches those rows; they are indexed once it lets go."""
    contact("Geluidsoverlast", "Buren maken lawaai.")
    with another_drainer_holding_the_work(app):
        drain_outbox(wait=0.1)
        assert search("lawaai", town["kees"]).total == 0
    assert drain_outbox().processed > 0
    assert search("lawaai", town["kees"]).total == 1


@contextlib.contextmanager
def another_drainer_holding_the_work(app):
    if get_backend().name == "whoosh":
        with WhooshBackend(app.config["SEARCH_INDEX_DIR"]).writer(wait=1.0) as writer:
            assert writer is not None
            yield
        return
    with db.engine.connect() as connection:
        claimed = connection.execute(
            text("SELECT id FROM outbox WHERE topic = 'search' AND processed_at IS NULL FOR UPDATE")
        ).all()
        assert claimed
        yield
        connection.rollback()  # the other drainer dies without finishing


# Runs in a separate process that records a contact and is killed (SIGKILL, no cleanup)
# either right after the commit or halfway through indexing it.
DYING_PROCESS = """
import json, os, signal, sys
from crm import create_app
from crm.search import indexer
from crm.search.backend import get_backend
from crm.services.contacts import ContactInput, record_contact

app = create_app(json.loads(sys.argv[1]))
with app.app_context():
    record_contact(ContactInput(channel="telefoon", subject="Wateroverlast", content="De kelder staat onder water."), None)
    if sys.argv[2] == "while-indexing":
        with get_backend().writer(wait=5) as writer:
            rows = indexer._claim(True, indexer.BATCH_SIZE, app.config["DATABASE_URL"].startswith("postgres"))
            documents, _ = indexer._documents([(row.entity, row.entity_id) for row in rows])
            writer.put(documents)
            writer.commit()  # Whoosh has it; the outbox rows are not marked yet
            os.kill(os.getpid(), signal.SIGKILL)
    os.kill(os.getpid(), signal.SIGKILL)
"""


@pytest.mark.parametrize("moment", ["after-commit", "while-indexing"])
def test_a_process_killed_between_commit_and_indexing_loses_nothing(town, app, moment):
    drain_outbox()
    config = {key: app.config[key] for key in ("TESTING", "DATABASE_URL", "SECRET_KEY", "SEARCH_INDEX_DIR", "SEARCH_BACKEND")}
    config["SEARCH_INDEX_AFTER_REQUEST"] = False
    died = subprocess.run(
        [sys.executable, "-c", DYING_PROCESS, json.dumps(config), moment], cwd=ROOT, capture_output=True, text=True
    )
    assert died.returncode == -signal.SIGKILL, died.stderr

    report = drain_outbox()  # a new drainer, e.g. the restarted worker
    assert report.processed >= 1 and report.failed == 0
    found = search("kelder onder water", town["kees"])
    assert found.total == 1 and found.group("contact").hits[0].title == "Wateroverlast"
    assert drain_outbox().processed == 0


def summary(results):
    return {group.kind: (group.total, sorted(hit.id for hit in group.hits)) for group in results.groups}


def test_reindex_rebuilds_an_identical_result_set(town, runner, make_case_type):
    social_type = make_case_type(town["social"], "wmo", "Wmo-voorziening", domain="sociaal", confidential=True)
    open_case(social_type.id, "Traplift Dorpsstraat", town["sara"], party_id=town["janssen"].id)
    contact("Klacht container", "Container Dorpsstraat niet geleegd.", party_id=town["janssen"].id)
    contact("Traplift", "Vraag over traplift en schuldhulp.", department_id=town["social"].id, party_id=town["bakker"].id)
    create_task("Terugbellen over traplift", town["social"].id, town["sara"], party_id=town["bakker"].id)
    drain_outbox()
    queries = ["dorpsstraat", "traplift", "jansen", "cafe", "telefoon", "schuldhulp", "terugbelverzoek"]
    viewers = [town["kees"], town["sara"]]
    before = {(q, v.username): summary(search(q, v, limit=100)) for q in queries for v in viewers}
    assert before[("traplift", "sara")] != before[("traplift", "kees")]

    with get_backend().writer(wait=5, exclusive=True) as writer:  # lose the whole index
        writer.clear()
        writer.commit()
        db.session.commit()
    assert search("dorpsstraat", town["kees"]).total == 0

    result = runner.invoke(args=["reindex"])
    assert result.exit_code == 0, result.output
    assert "Zoekindex opbouwen" in result.output and "7 records geïndexeerd" in result.output
    after = {(q, v.username): summary(search(q, v, limit=100)) for q in queries for v in viewers}
    assert after == before


def test_the_index_command_drains_the_outbox(town, runner):
    contact("Grofvuil", "Bank ophalen op maandag.")
    result = runner.invoke(args=["index"])
    assert result.exit_code == 0, result.output
    assert "geïndexeerd" in result.output
    assert search("grofvuil", town["kees"]).total == 1


def test_a_writing_request_indexes_after_its_response_and_never_fails_on_indexing(town, backend, app, auth):
    app.config["SEARCH_INDEX_AFTER_REQUEST"] = True
    contact("Paspoort", "Afspraak voor een nieuw paspoort.")
    response = auth.login("kees")
    assert response.status_code == 302
    response.close()  # what the WSGI server does once the response is sent
    # The request ran in this test's app context; end its session as a real request's teardown does.
    db.session.rollback()
    assert search("paspoort", town["kees"]).total == 1

    app.config["SEARCH_BACKEND"] = "broken"
    contact("Rijbewijs", "Rijbewijs verlopen.")
    response = auth.logout()
    response.close()
    db.session.rollback()
    assert response.status_code == 302  # the failing indexer was logged; the request was fine
    app.config["SEARCH_BACKEND"] = backend
    assert search("rijbewijs", town["kees"]).total == 0
    drain_outbox()
    assert search("rijbewijs", town["kees"]).total == 1


def test_the_worker_follows_the_outbox_until_it_is_stopped(town, app, tmp_path):
    environment = {
        **os.environ,
        "KLANTBEELD_DATABASE_URL": app.config["DATABASE_URL"],
        "KLANTBEELD_SEARCH_INDEX_DIR": app.config["SEARCH_INDEX_DIR"],
        "KLANTBEELD_SEARCH_BACKEND": app.config["SEARCH_BACKEND"],
        "KLANTBEELD_SECRET_KEY": "test-secret-key",
        "KLANTBEELD_INSTANCE_PATH": str(tmp_path),
    }
    worker = subprocess.Popen(
        [sys.executable, "-m", "flask", "--app", "crm:create_app", "index", "--follow", "--interval", "0.2"],
        cwd=ROOT, env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        contact("Straatverlichting", "Lantaarnpaal kapot op de hoek.")
        deadline = time.monotonic() + 60
        while search("lantaarnpaal", town["kees"]).total == 0 and time.monotonic() < deadline:
            db.session.rollback()
            time.sleep(0.2)
        assert search("lantaarnpaal", town["kees"]).total == 1
    finally:
        worker.send_signal(signal.SIGTERM)
        output, errors = worker.communicate(timeout=30)
    assert worker.returncode == 0, errors
    assert "geïndexeerd" in output


def test_making_a_department_confidential_reindexes_its_records(town):
    written = contact("Inburgering", "Vraag over het inburgeringsexamen.", department_id=town["permits"].id)
    drain_outbox()
    assert hits(search("inburgeringsexamen", town["kees"]), "contact") == [written.id]

    town["permits"].confidential = True  # e.g. by a beheerder, who enqueues the department
    enqueue_indexing("department", town["permits"].id)
    db.session.commit()
    drain_outbox()
    assert search("inburgeringsexamen", town["kees"]).total == 0


def test_several_drainers_at_once_index_everything(town, app, tmp_path):
    """Like several gunicorn workers plus a worker: they share the outbox and lose nothing."""
    for number in range(60):
        contact(f"Melding {number}", f"Losliggende stoeptegel nummer{number}.")
    environment = {
        **os.environ,
        "KLANTBEELD_DATABASE_URL": app.config["DATABASE_URL"],
        "KLANTBEELD_SEARCH_INDEX_DIR": app.config["SEARCH_INDEX_DIR"],
        "KLANTBEELD_SEARCH_BACKEND": app.config["SEARCH_BACKEND"],
        "KLANTBEELD_SECRET_KEY": "test-secret-key",
        "KLANTBEELD_INSTANCE_PATH": str(tmp_path),
    }
    drainers = [
        subprocess.Popen(
            [sys.executable, "-m", "flask", "--app", "crm:create_app", "index"],
            cwd=ROOT, env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        for _ in range(3)
    ]
    for drainer in drainers:
        _, errors = drainer.communicate(timeout=120)
        assert drainer.returncode == 0, errors
    db.session.rollback()
    assert search("stoeptegel", town["kees"]).total == 60
    assert search("nummer37", town["kees"]).total == 1
    assert drain_outbox().processed == 0
