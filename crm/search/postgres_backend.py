"""The production backend: PostgreSQL full-text search (``dutch`` configuration, GIN indexes).

Documents live in the ``search_document`` table and are written in the indexer's own
transaction, together with marking the outbox rows as processed: both happen, or neither.

The text is folded and split into words in Python first (crm.search.analysis), exactly as
for Whoosh, so both backends agree and no extension (unaccent, pg_trgm) is needed: typo
tolerance for names uses "one letter left out" keys stored as extra lexemes (``~jansen``).
"""

import time
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import text

from crm.extensions import db
from crm.search.analysis import WORD, fold, fuzzy_keys
from crm.search.documents import KINDS, Document
from crm.search.interface import Found, IndexWriter, Match, SearchBackend

CONFIG = "dutch"
FUZZY_MARK = "~"
# Advisory lock keys: (REBUILD_LOCK, 0) is shared by drainers and taken alone by a rebuild;
# (KIND_LOCK[kind], id) serialises the indexing of one record.
REBUILD_LOCK = 0x4B42
KIND_LOCK = {kind: 0x4B42 + 1 + position for position, kind in enumerate(KINDS)}

_UPSERT = text(
    f"""
    INSERT INTO search_document
        (kind, entity_id, confidential, department_id, occurred_at, indexed_at, tsv, tsv_public)
    VALUES (
        :kind, :entity_id, :confidential, :department_id, :occurred_at, now(),
        setweight(to_tsvector('{CONFIG}', :all_text), 'A') || array_to_tsvector(CAST(:keys AS text[])),
        CASE WHEN :confidential
             THEN setweight(to_tsvector('{CONFIG}', :public_text), 'A')
                  || array_to_tsvector(CAST(:keys AS text[]))
        END
    )
    ON CONFLICT (kind, entity_id) DO UPDATE SET
        confidential = excluded.confidential,
        department_id = excluded.department_id,
        occurred_at = excluded.occurred_at,
        indexed_at = excluded.indexed_at,
        tsv = excluded.tsv,
        tsv_public = excluded.tsv_public
    """
)

# A confidential record matches on all its text only for readers in the owning department;
# for everyone else on its public text, which also ranks it, so the order leaks nothing.
_READABLE = "(NOT d.confidential OR d.department_id = ANY(CAST(:departments AS integer[])))"
_SEARCH = f"""
    WITH query AS (SELECT CAST(:query AS tsquery) AS q),
    hits AS (
        SELECT d.kind, d.entity_id,
               CASE WHEN {_READABLE} THEN ts_rank(d.tsv, query.q) ELSE ts_rank(d.tsv_public, query.q) END AS score
        FROM search_document AS d, query
        WHERE ((d.tsv @@ query.q AND {_READABLE}) OR (d.confidential AND d.tsv_public @@ query.q))
          {{kinds}}
    ),
    ranked AS (
        SELECT kind, entity_id, score,
               row_number() OVER (PARTITION BY kind ORDER BY score DESC, entity_id DESC) AS position,
               count(*) OVER (PARTITION BY kind) AS total
        FROM hits
    )
    SELECT kind, entity_id, score, total FROM ranked WHERE position <= :limit ORDER BY kind, position
"""


def words_only(value: str) -> str:
    """The folded words of a text separated by spaces: what both backends tokenise alike."""
    return " ".join(WORD.findall(fold(value)))


def name_keys(names: list[str]) -> list[str]:
    keys = {key for name in names for word in WORD.findall(fold(name)) for key in fuzzy_keys(word)}
    return sorted(FUZZY_MARK + key for key in keys)


class PostgresBackend(SearchBackend):
    name = "postgres"

    @contextmanager
    def writer(self, wait: float, exclusive: bool = False) -> Iterator["PostgresWriter | None"]:
        """A writer in the current transaction; the caller's commit publishes its changes.

        Drainers share an advisory lock that a rebuild takes exclusively, so a rebuild never
        races a drainer over the same rows.
        """
        function = "pg_try_advisory_xact_lock" if exclusive else "pg_try_advisory_xact_lock_shared"
        deadline = time.monotonic() + wait
        while not db.session.scalar(text(f"SELECT {function}(:key, 0)"), {"key": REBUILD_LOCK}):
            if time.monotonic() >= deadline:
                yield None
                return
            time.sleep(0.05)
        yield PostgresWriter()

    def search(self, words, readable_departments, kinds, limit) -> Found:
        found = Found(totals={kind: 0 for kind in kinds}, matches={kind: [] for kind in kinds})
        query = self._tsquery(words)
        if not query:
            return found
        # Filter on kind only when asked: an index scan over every kind would cost, not narrow.
        kind_filter = "AND d.kind = ANY(CAST(:kinds AS text[]))" if set(kinds) != set(KINDS) else ""
        rows = db.session.execute(
            text(_SEARCH.format(kinds=kind_filter)),
            {
                "query": query,
                "departments": sorted(readable_departments),
                "kinds": list(kinds),
                "limit": limit,
            },
        )
        for kind, entity_id, score, total in rows:
            found.matches[kind].append(Match(kind, entity_id, float(score)))
            found.totals[kind] = total
        return found

    def _tsquery(self, words: list[str]) -> str:
        """Every word must match: its Dutch stem, or for a name a word one typo away.

        PostgreSQL stems each word (one round trip); a stop word gives an empty query and is
        left out, just as Whoosh leaves it out.
        """
        if not words:
            return ""
        columns = ", ".join(f"plainto_tsquery('{CONFIG}', :w{i})::text" for i in range(len(words)))
        stems = db.session.execute(text(f"SELECT {columns}"), {f"w{i}": w for i, w in enumerate(words)}).one()
        clauses = []
        for word, stemmed in zip(words, stems):
            if not stemmed:
                continue
            alternatives = [f"({stemmed})"] + [f"'{FUZZY_MARK}{key}'" for key in sorted(fuzzy_keys(word))]
            clauses.append("(" + " | ".join(alternatives) + ")")
        return " & ".join(clauses)


class PostgresWriter(IndexWriter):
    def __init__(self):
        self._cleared = False

    def reserve(self, keys: list[tuple[str, int]]) -> None:
        # Sorted, so two drainers take their locks in the same order and never deadlock.
        for kind, entity_id in sorted(set(keys)):
            db.session.execute(
                text("SELECT pg_advisory_xact_lock(:kind, :id)"), {"kind": KIND_LOCK[kind], "id": entity_id}
            )

    def put(self, documents: list[Document]) -> None:
        if not documents:
            return
        db.session.execute(
            _UPSERT,
            [
                {
                    "kind": document.kind,
                    "entity_id": document.entity_id,
                    "confidential": document.confidential,
                    "department_id": document.department_id,
                    "occurred_at": document.occurred_at,
                    "all_text": words_only(document.all_text()),
                    "public_text": words_only(document.public_text()),
                    "keys": name_keys(document.names),
                }
                for document in documents
            ],
        )

    def remove(self, keys: list[tuple[str, int]]) -> None:
        for kind, entity_id in keys:
            db.session.execute(
                text("DELETE FROM search_document WHERE kind = :kind AND entity_id = :id"),
                {"kind": kind, "id": entity_id},
            )

    def clear(self) -> None:
        db.session.execute(text("DELETE FROM search_document"))
        self._cleared = True

    def commit(self) -> None:
        if self._cleared:
            # Fresh statistics, so the planner uses the GIN indexes right after a rebuild.
            db.session.execute(text("ANALYZE search_document"))
        db.session.flush()
