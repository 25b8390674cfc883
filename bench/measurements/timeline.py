"""Reading a party's timeline through crm.services.timeline.timeline_for, as the viewer may see it.

Each timed call loads the viewer (as a request's user loader does) and reads one page of 50;
the API measurements do the same through ``GET /api/v1/parties/<id>/timeline`` with a token.
A deep page starts from a cursor obtained beforehand by paging (untimed); with keyset
pagination its cost should not depend on depth.
"""

from flask import url_for
from sqlalchemy import func, select

from bench.http_client import api_client, time_gets
from bench.measure import Bench, Target, Timing, measurement
from crm.extensions import db
from crm.models import Contact, StaffUser
from crm.services.timeline import timeline_for

TIMELINE_TARGET = Target("p95_ms", 30)
PAGE = 50
DEEP_OFFSET = 500  # items skipped before the deep page: page 11 of 50
MAX_DEEP_PARTIES = 100  # distinct parties whose cursor is prepared for the deep page
API_ENDPOINT = "Timeline.PartyTimeline"


@measurement("timeline_first_page", "Tijdlijn, eerste pagina", TIMELINE_TARGET)
def timeline_first_page(bench: Bench) -> Timing:
    """Random parties: most have a handful of items, as most residents do."""
    parties = range(1, bench.markers["parties"] + 1)
    return bench.time_calls(lambda party_id: _page(bench, party_id, None), bench.choose(parties))


@measurement("timeline_deep_page", f"Tijdlijn, pagina na {DEEP_OFFSET} items", TIMELINE_TARGET)
def timeline_deep_page(bench: Bench) -> Timing:
    """Parties with more than DEEP_OFFSET + PAGE contacts, read from the cursor at DEEP_OFFSET."""
    chosen, cursors, note = deep_pages(bench)
    timing = bench.time_calls(lambda party_id: _page(bench, party_id, cursors[party_id]), chosen)
    timing.note = note
    return timing


@measurement("api_timeline_first_page", "Tijdlijn-API, eerste pagina", TIMELINE_TARGET)
def api_timeline_first_page(bench: Bench) -> Timing:
    """``GET /api/v1/parties/<id>/timeline`` with a read token, for random parties."""
    client = api_client(bench)
    parties = bench.choose(range(1, bench.markers["parties"] + 1))
    with bench.app.test_request_context():
        urls = [url_for(API_ENDPOINT, party_id=party_id, pageSize=PAGE) for party_id in parties]
    return time_gets(bench, client, urls)


@measurement("api_timeline_deep_page", f"Tijdlijn-API, pagina na {DEEP_OFFSET} items", TIMELINE_TARGET)
def api_timeline_deep_page(bench: Bench) -> Timing:
    """The same deep pages as ``timeline_deep_page``, through the API with the cursor it hands out."""
    client = api_client(bench)
    chosen, cursors, note = deep_pages(bench)
    with bench.app.test_request_context():
        urls = [url_for(API_ENDPOINT, party_id=party_id, pageSize=PAGE, cursor=cursors[party_id]) for party_id in chosen]
    timing = time_gets(bench, client, urls)
    timing.note = note
    return timing


def deep_pages(bench: Bench) -> tuple[list[int], dict[int, str | None], str]:
    """Parties to read a deep page of (seeded picks), the cursor of each, and a note for the table."""
    with bench.app.app_context():
        heavy = db.session.scalars(
            select(Contact.party_id)
            .where(Contact.party_id.is_not(None))
            .group_by(Contact.party_id)
            .having(func.count() > DEEP_OFFSET + PAGE)
        ).all()
        db.session.remove()
    note = ""
    if not heavy:
        heavy = [bench.markers["heaviest_party"]]
        note = f"geen partij met > {DEEP_OFFSET + PAGE} contacten; de zwaarste partij halverwege gemeten"
    pool = sorted(heavy)
    if len(pool) > MAX_DEEP_PARTIES:
        pool = bench.rng.sample(pool, MAX_DEEP_PARTIES)
    chosen = bench.choose(pool)
    offset = bench.markers["heaviest_items"] // 2 if note else DEEP_OFFSET
    cursors = {}
    with bench.app.app_context():
        for party_id in pool:
            cursors[party_id] = _cursor_at(bench, party_id, offset)
            db.session.remove()
    return chosen, cursors, note or f"{len(set(chosen))} verschillende partijen"


@measurement("timeline_heaviest_first", "Tijdlijn zwaarste partij, eerste pagina", TIMELINE_TARGET)
def timeline_heaviest_first(bench: Bench) -> Timing:
    party_id = bench.markers["heaviest_party"]
    timing = bench.time_calls(lambda _: _page(bench, party_id, None), [party_id] * (bench.warmup + bench.samples))
    timing.note = f"partij {party_id}, {bench.markers['heaviest_items']} items"
    return timing


@measurement("timeline_heaviest_last", "Tijdlijn zwaarste partij, laatste pagina", TIMELINE_TARGET)
def timeline_heaviest_last(bench: Bench) -> Timing:
    party_id = bench.markers["heaviest_party"]
    with bench.app.app_context():
        cursor = _cursor_at(bench, party_id, max(0, bench.markers["heaviest_items"] - PAGE))
        db.session.remove()
    timing = bench.time_calls(lambda _: _page(bench, party_id, cursor), [party_id] * (bench.warmup + bench.samples))
    timing.note = f"partij {party_id}, vanaf item {max(0, bench.markers['heaviest_items'] - PAGE)}"
    return timing


def _page(bench: Bench, party_id: int, cursor: str | None):
    viewer = db.session.get(StaffUser, bench.viewer_id)
    return timeline_for(party_id, viewer, limit=PAGE, cursor=cursor)


def _cursor_at(bench: Bench, party_id: int, offset: int) -> str | None:
    """The cursor after the first ``offset`` items of a party's timeline (None for offset 0)."""
    viewer = db.session.get(StaffUser, bench.viewer_id)
    cursor, read = None, 0
    while read < offset:
        page = timeline_for(party_id, viewer, limit=min(500, offset - read), cursor=cursor)
        read += len(page.items)
        cursor = page.next_cursor
        if cursor is None:
            break
    return cursor
