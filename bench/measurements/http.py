"""Pages of the workspace through the whole Flask stack, logged in as the benchmark's team lead.

A page whose endpoint does not exist yet is reported as pending; when it lands, give its real
endpoint name and URL arguments here and the measurement runs (see bench/http_client.py).
"""

import time
from pathlib import Path

from flask import url_for
from sqlalchemy import func, select, union_all

from bench.generate import END
from bench.generate.vocabulary import SURNAMES
from bench.http_client import http_measurement, logged_in_client, time_gets
from bench.measure import Bench, Pending, Target, Timing, measurement
from crm.dashboard import as_query
from crm.extensions import db
from crm.models import CaseEvent, Contact, Department, PartyEvent, SearchDocument, TaskEvent
from crm.search.backend import backend_name
from crm.search.indexer import rebuild_index, records_to_index
from crm.services.insight import default_selection

# "A party with about 5,000 timeline items": a citizen or firm the municipality deals with daily.
BUSY_PARTY_ITEMS = 5_000
# Building the search index of generated data is Python-bound (a few thousand records a second).
MAX_INDEXED = 300_000
# The dashboard takes seconds at 1M contacts: a few calls tell enough.
DASHBOARD_SAMPLES = 20


def _nothing(bench: Bench) -> list[dict]:
    return [{}] * (bench.warmup + bench.samples)


def _random_parties(bench: Bench) -> list[dict]:
    return [{"party_id": p} for p in bench.choose(range(1, bench.markers["parties"] + 1))]


def _busy_party(bench: Bench) -> list[dict]:
    """The party whose number of timeline items is nearest to BUSY_PARTY_ITEMS (the busiest at small sizes)."""
    return [{"party_id": busy_party(bench)[0]}] * (bench.warmup + bench.samples)


def busy_party(bench: Bench) -> tuple[int, int]:
    """(party id, timeline items) of the party nearest to BUSY_PARTY_ITEMS items."""
    sources = [select(model.party_id.label("party_id")).where(model.party_id.is_not(None))
               for model in (Contact, CaseEvent, TaskEvent, PartyEvent)]
    items = union_all(*sources).subquery()
    with bench.app.app_context():
        counted = db.session.execute(
            select(items.c.party_id, func.count().label("n"))
            .group_by(items.c.party_id)
            .order_by(func.abs(func.count() - BUSY_PARTY_ITEMS), items.c.party_id)
            .limit(1)
        ).one()
        db.session.remove()
    return counted.party_id, counted.n


def _index_is_filled(bench: Bench) -> bool:
    if backend_name(bench.app) == "postgres":
        return bool(db.session.scalar(select(func.count()).select_from(SearchDocument)))
    folder = Path(bench.app.config["SEARCH_INDEX_DIR"])
    return folder.is_dir() and any(folder.glob("*.seg"))


def _surnames(bench: Bench) -> list[dict]:
    return [{"q": surname} for surname in bench.choose(SURNAMES)]


def _kcc_id(bench: Bench) -> int:
    with bench.app.app_context():
        department_id = db.session.scalar(select(Department.id).filter_by(code="kcc"))
        db.session.remove()
    return department_id


def _kcc(bench: Bench) -> list[dict]:
    return [{"department_id": _kcc_id(bench)}] * (bench.warmup + bench.samples)


def _dashboard(department: bool):
    """The default thirteen weeks, ending where the generated data ends (1 November 2026)."""

    def arguments(bench: Bench) -> list[dict]:
        selection = default_selection(_kcc_id(bench) if department else None, now=END)
        return [as_query(selection)] * (bench.warmup + bench.samples)

    return arguments


http_measurement("http_start_page", "Startpagina (HTML, ingelogd)", "web.home", _nothing)
http_measurement("http_party_page", "Partijpagina (HTML), gewone partij", "parties.show", _random_parties,
                 Target("p95_ms", 50))
http_measurement("http_party_page_busy", f"Partijpagina (HTML), partij met ~{BUSY_PARTY_ITEMS:,} items",
                 "parties.show", _busy_party, Target("p95_ms", 50))
http_measurement("http_board", "Bord van de teamleider (KCC)", "board.show", _kcc, Target("p95_ms", 100))
http_measurement("http_dashboard", "Dashboard, hele gemeente, 13 weken", "dashboard.index", _dashboard(False),
                 Target("p95_ms", 100), max_samples=DASHBOARD_SAMPLES)
http_measurement("http_dashboard_department", "Dashboard, één afdeling (KCC), 13 weken", "dashboard.index",
                 _dashboard(True), Target("p95_ms", 100), max_samples=DASHBOARD_SAMPLES)


@measurement("http_search", "Zoeken in alle tekst op achternaam (GET /zoeken/tekst)", Target("p95_ms", 100))
def http_search(bench: Bench) -> Timing:
    """Full-text search for a surname, as the search box does when no look-up matched.

    The generator writes rows without the outbox, so the index is built here when it is empty
    (untimed, reported in the note), up to MAX_INDEXED records; a larger database gets its index
    with ``flask --app crm:create_app reindex`` on the benchmark database first.
    """
    with bench.app.app_context():
        records = records_to_index()
        indexed = _index_is_filled(bench)
        note = ""
        if not indexed:
            if records > MAX_INDEXED:
                raise Pending(f"zoekindex leeg; {records:,} records is meer dan {MAX_INDEXED:,}: draai eerst reindex")
            began = time.perf_counter()
            rebuild_index()
            note = f"index van {records:,} records opgebouwd in {time.perf_counter() - began:.0f} s; "
        db.session.remove()
    client = logged_in_client(bench)
    with bench.app.test_request_context():
        urls = [url_for("search.results", **args) for args in _surnames(bench)]
    timing = time_gets(bench, client, urls)
    timing.note = note + f"{records:,} records in de index ({backend_name(bench.app)})"
    return timing
