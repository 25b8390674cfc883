"""The embedded backend: a Whoosh index in a folder (instance/search-index by default).

Whoosh allows one writer at a time across processes: its write lock (an fcntl lock, released
when a process dies) is taken with a timeout. The indexer reads the outbox only while it
holds that lock, so two drainers never index the same rows at once.
"""

import logging
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from whoosh import index, writing
from whoosh.fields import ID, STORED, TEXT, Schema
from whoosh.filedb.filestore import FileStorage
from whoosh.index import LockError
from whoosh.query import And, ConstantScoreQuery, FuzzyTerm, Or, Term

from crm.search.analysis import dutch_analyzer, fuzzy_keys, name_analyzer, stem
from crm.search.documents import KINDS, Document
from crm.search.interface import Found, IndexWriter, Match, SearchBackend

log = logging.getLogger(__name__)

SCHEMA = Schema(
    key=ID(unique=True, stored=True),
    kind=ID(stored=True, sortable=True),
    entity_id=STORED,
    # What everyone may find the record by: all its text, unless it is confidential.
    public=TEXT(analyzer=dutch_analyzer(), phrase=False),
    names=TEXT(analyzer=name_analyzer(), phrase=False),
    # Of a confidential record only: all its text, and the department that may find it by that.
    private=TEXT(analyzer=dutch_analyzer(), phrase=False),
    department=ID,
)


class WhooshBackend(SearchBackend):
    name = "whoosh"

    def __init__(self, directory: str):
        self.directory = directory
        self._index = None
        self._searcher = None
        self._lock = threading.Lock()

    def _open(self):
        """Open the index, creating it the first time (under a lock: workers may start together)."""
        if self._index is None:
            os.makedirs(self.directory, exist_ok=True)
            create_lock = FileStorage(self.directory).lock("CREATELOCK")
            create_lock.acquire(blocking=True)
            try:
                if index.exists_in(self.directory):
                    self._index = index.open_dir(self.directory)
                    if set(self._index.schema.names()) != set(SCHEMA.names()):
                        # An index from an older layout cannot answer today's queries.
                        log.warning("the search index has an older layout; it is emptied, run `klantbeeld reindex`")
                        self._index = index.create_in(self.directory, SCHEMA)
                else:
                    self._index = index.create_in(self.directory, SCHEMA)
            finally:
                create_lock.release()
        return self._index

    @contextmanager
    def writer(self, wait: float, exclusive: bool = False) -> Iterator["WhooshWriter | None"]:
        try:
            whoosh_writer = self._open().writer(timeout=wait, delay=0.05)
        except LockError:
            yield None
            return
        writer = WhooshWriter(whoosh_writer)
        try:
            yield writer
        finally:
            if not writer.committed:
                whoosh_writer.cancel()

    def search(self, words, readable_departments, kinds, limit) -> Found:
        public_clauses, private_clauses = [], []
        for word in words:
            stemmed = stem(word)
            if stemmed is None:
                continue  # a stop word ("de", "over") narrows nothing
            fuzzy = [FuzzyTerm("names", word, maxdist=1, prefixlength=1, boost=0.5)] if fuzzy_keys(word) else []
            public_clauses.append(Or([Term("public", stemmed), *fuzzy]))
            private_clauses.append(Term("private", stemmed))
        found = Found(totals={kind: 0 for kind in kinds}, matches={kind: [] for kind in kinds})
        if not public_clauses:
            return found
        branches = [And(public_clauses)]
        if readable_departments:
            # Confidential text counts only for its own department. The department terms
            # are few documents, so they filter cheaply and, with score 0, do not rank.
            departments = Or([Term("department", str(d)) for d in sorted(readable_departments)])
            branches.append(And([*private_clauses, ConstantScoreQuery(departments, 0.0)]))
        query = Or(branches)
        if len(kinds) < len(KINDS):
            query = And([Or([Term("kind", kind) for kind in kinds]), query])
        with self._lock:
            searcher = self._fresh_searcher()
            # One search for all kinds (fuzzy names are expanded once), every match scored so
            # the totals are exact, then grouped by kind through the kind column.
            results = searcher.search(query, limit=None, groupedby="kind")
            scores = {docnum: score for score, docnum in results.top_n}
            for kind, docnums in results.groups().items():
                if kind not in found.totals:
                    continue
                found.totals[kind] = len(docnums)
                best = sorted(docnums, key=lambda docnum: (-scores[docnum], docnum))[:limit]
                found.matches[kind] = [
                    Match(kind, searcher.stored_fields(docnum)["entity_id"], scores[docnum]) for docnum in best
                ]
        return found

    def _fresh_searcher(self):
        """One searcher per process, reopened only when another process committed."""
        if self._searcher is None:
            self._searcher = self._open().searcher()
        elif not self._searcher.up_to_date():
            old, self._searcher = self._searcher, self._open().searcher()
            old.close()
        return self._searcher

    def close(self) -> None:
        if self._searcher is not None:
            self._searcher.close()
            self._searcher = None
        if self._index is not None:
            self._index.close()
            self._index = None


class WhooshWriter(IndexWriter):
    def __init__(self, writer):
        self._writer = writer
        self._cleared = False
        self.committed = False

    def put(self, documents: list[Document]) -> None:
        for document in documents:
            fields = {
                "key": document.key,
                "kind": document.kind,
                "entity_id": document.entity_id,
                "public": document.public_text(),
                "names": " ".join(document.names),
                "private": document.all_text() if document.confidential else "",
                "department": str(document.department_id) if document.confidential else "",
            }
            if self._cleared:
                self._writer.add_document(**fields)
            else:
                self._writer.update_document(**fields)

    def remove(self, keys: list[tuple[str, int]]) -> None:
        for kind, entity_id in keys:
            self._writer.delete_by_term("key", f"{kind}:{entity_id}")

    def clear(self) -> None:
        self._cleared = True

    def commit(self) -> None:
        self._writer.commit(mergetype=writing.CLEAR if self._cleared else None)
        self.committed = True
