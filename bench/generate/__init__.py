"""Deterministic synthetic Dutch data at a chosen size, written with bulk inserts.

The same size and seed give the same rows on every run and on both databases. Contacts are
spread over parties with a Zipf-like skew (a few parties have thousands of contacts, most have
a handful), as in a real contact centre where a small group of residents calls again and again.
"""

import random
import time
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from sqlalchemy import select, text
from sqlalchemy.engine import Engine

from bench.generate.activity import ActivityWriter
from bench.generate.organisation import write_organisation
from bench.generate.residents import ResidentWriter
from bench.generate.writer import BulkWriter
from crm.extensions import db
from crm.models import Channel, Counter

# Contacts happen in the three years before this moment; fixed so the data does not depend on
# the day the benchmark runs.
END = datetime(2026, 11, 1, tzinfo=timezone.utc)
START = END - timedelta(days=3 * 365)
ZIPF_EXPONENT = 0.7
ANONYMOUS_SHARE = 0.02  # contacts not (yet) linked to a party
MARKER = "bench:"  # prefix of the counter rows that describe a generated database


@dataclass(frozen=True)
class Size:
    name: str
    parties: int
    contacts: int


SIZES = {
    "tiny": Size("tiny", 200, 2_000),
    "small": Size("small", 10_000, 100_000),
    "medium": Size("medium", 100_000, 1_000_000),
    "large": Size("large", 1_000_000, 10_000_000),
}


@dataclass
class GenerationReport:
    size: Size
    seed: int
    seconds: float
    rows: dict[str, int]
    heaviest_party_id: int
    heaviest_party_items: int

    @property
    def rows_per_second(self) -> float:
        return sum(self.rows.values()) / self.seconds if self.seconds else 0.0

    def as_dict(self) -> dict:
        return {
            "parties": self.size.parties,
            "contacts": self.size.contacts,
            "seed": self.seed,
            "seconds": round(self.seconds, 2),
            "rows": self.rows,
            "rows_total": sum(self.rows.values()),
            "rows_per_second": round(self.rows_per_second),
            "contacts_per_second": round(self.rows.get("contact", 0) / self.seconds) if self.seconds else 0,
            "heaviest_party_id": self.heaviest_party_id,
            "heaviest_party_items": self.heaviest_party_items,
        }


def contact_counts(parties: int, contacts: int, rng: random.Random) -> list[int]:
    """How many contacts each party gets: Zipf weights over a shuffled ranking, summing exactly."""
    total = contacts - round(contacts * ANONYMOUS_SHARE)
    weights = [rank ** -ZIPF_EXPONENT for rank in range(1, parties + 1)]
    scale = total / sum(weights)
    expected = [w * scale for w in weights]
    counts = [int(e) for e in expected]
    # Largest remainders get the contacts that rounding down left over.
    short = total - sum(counts)
    for rank in sorted(range(parties), key=lambda r: expected[r] - counts[r], reverse=True)[:short]:
        counts[rank] += 1
    rng.shuffle(counts)
    return counts


def generate(engine: Engine, size: Size, seed: int = 2026, progress=None) -> GenerationReport:
    """Fill an empty, migrated database with ``size`` parties and contacts; return throughput."""
    rng = random.Random(seed)
    began = time.perf_counter()
    with engine.connect() as connection:
        _prepare_bulk_load(connection)
        writer = BulkWriter(connection)
        staff_per_department = min(60, max(3, size.parties // 2_500))
        organisation = write_organisation(writer, rng, staff_per_department, START - timedelta(days=400))
        writer.flush()
        channel_ids = dict(connection.execute(select(Channel.code, Channel.id)).all())
        residents = ResidentWriter(writer, rng, START - timedelta(days=3650), END)
        activity = ActivityWriter(writer, rng, organisation, channel_ids, START, END)
        counts = contact_counts(size.parties, size.contacts, rng)
        heaviest = (0, -1)
        report_every = max(1, size.parties // 10)
        for index, count in enumerate(counts):
            party_id = index + 1
            reach_via = residents.write(party_id)
            items = activity.write_contacts(party_id, count, reach_via)
            if items > heaviest[1]:
                heaviest = (party_id, items)
            if progress and party_id % report_every == 0:
                progress(f"  {party_id:>10,} of {size.parties:,} parties, {activity.contact_id:,} contacts, "
                         f"{time.perf_counter() - began:.0f} s")
        activity.write_contacts(None, size.contacts - sum(counts))
        _write_counters(writer, activity, size, seed, heaviest)
        writer.flush()
        _finish_bulk_load(connection)
    return GenerationReport(
        size=size, seed=seed, seconds=time.perf_counter() - began, rows=dict(writer.written),
        heaviest_party_id=heaviest[0], heaviest_party_items=heaviest[1],
    )


def _write_counters(writer: BulkWriter, activity: ActivityWriter, size: Size, seed: int, heaviest) -> None:
    # The app numbers cases per year from these rows; they must continue after the generated ones.
    for year, value in activity.case_numbers.items():
        writer.add("counter", {"name": f"case-{year}", "value": value})
    # Written last: a database that has them was generated completely (see generated_size).
    markers = {"parties": size.parties, "contacts": size.contacts, "seed": seed,
               "heaviest_party": heaviest[0], "heaviest_items": heaviest[1]}
    for name, value in markers.items():
        writer.add("counter", {"name": MARKER + name, "value": value})


def _prepare_bulk_load(connection) -> None:
    if connection.dialect.name == "sqlite":
        # A benchmark database may be lost in a crash; trade durability for load speed. On the
        # raw connection, outside a transaction: SQLite refuses these pragmas inside one.
        raw = connection.connection.dbapi_connection
        raw.execute("PRAGMA synchronous = OFF")
        raw.execute("PRAGMA cache_size = -262144")


def _finish_bulk_load(connection) -> None:
    """Move the id sequences past the explicit ids (PostgreSQL) and refresh planner statistics."""
    if connection.dialect.name == "postgresql":
        for table in db.metadata.sorted_tables:
            if "id" in table.c and table.c.id.primary_key:
                connection.execute(text(
                    f"SELECT setval(pg_get_serial_sequence('\"{table.name}\"', 'id'), "
                    f"coalesce((SELECT max(id) FROM \"{table.name}\"), 0) + 1, false)"
                ))
        connection.commit()
        # Autovacuum would vacuum and analyse the new tables within minutes; do it now so the
        # first measurements see the plans (and index-only scans) production sees.
        connection.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql("VACUUM ANALYZE")
    else:
        connection.connection.dbapi_connection.execute("PRAGMA synchronous = NORMAL")


def generated_markers(engine: Engine) -> dict[str, int] | None:
    """What a completely generated database holds (parties, contacts, seed, heaviest party)."""
    with engine.connect() as connection:
        rows = connection.execute(
            select(Counter.name, Counter.value).where(Counter.name.startswith(MARKER))
        ).all()
    markers = {name.removeprefix(MARKER): value for name, value in rows}
    return markers if "contacts" in markers else None

