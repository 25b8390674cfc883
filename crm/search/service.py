"""``search(query, viewer)``: the one entry point for full-text search (web, search box, API).

The backend finds records and counts them with the permission filter applied inside the
query. The hits are then read from the database, and titles and snippets are made from
text the viewer may read, as crm/permissions.py decides; a confidential record found by its
public facts shows those facts and is marked as withheld.
"""

from dataclasses import dataclass, field
from datetime import datetime

from crm import permissions
from crm.models import CaseStatus, PartyKind, StaffUser, TaskStatus
from crm.search.analysis import Fragment, marked, query_words, snippet
from crm.search.backend import get_backend
from crm.search.documents import KINDS, TASK_KIND_LABELS, document_for, load_records
from crm.services.errors import NotAllowed
from crm.validation import InvalidInput

MAX_QUERY_LENGTH = 200
MAX_LIMIT = 100

KIND_LABELS = {
    "party": "Personen en organisaties",
    "contact": "Contactmomenten",
    "case": "Zaken",
    "task": "Verzoeken",
}
PARTY_KIND_LABELS = {
    PartyKind.PERSON.value: "Persoon",
    PartyKind.ORGANISATION.value: "Organisatie",
    PartyKind.CONTACT_PERSON.value: "Contactpersoon",
}
CASE_STATUS_LABELS = {
    CaseStatus.RECEIVED.value: "Ontvangen",
    CaseStatus.IN_PROGRESS.value: "In behandeling",
    CaseStatus.SUSPENDED.value: "Opgeschort",
    CaseStatus.CLOSED.value: "Afgehandeld",
}
TASK_STATUS_LABELS = {
    TaskStatus.OPEN.value: "Open",
    TaskStatus.IN_PROGRESS.value: "In behandeling",
    TaskStatus.DONE.value: "Afgerond",
}


@dataclass
class Hit:
    """One found record, as plain data a template or an API schema can show."""

    kind: str
    id: int
    title: str  # empty when withheld
    withheld: bool  # the content is confidential for this viewer
    occurred_at: datetime | None
    party_id: int | None = None
    party_name: str = ""
    details: list[str] = field(default_factory=list)  # short facts: channel, number, status
    title_fragments: list[Fragment] = field(default_factory=list)  # the title with matches marked
    snippet: list[Fragment] = field(default_factory=list)  # other matching text, matches marked
    score: float = 0.0


@dataclass
class ResultGroup:
    kind: str
    label: str
    total: int
    hits: list[Hit]


@dataclass
class SearchResults:
    query: str
    total: int
    groups: list[ResultGroup]

    def group(self, kind: str) -> ResultGroup | None:
        return next((group for group in self.groups if group.kind == kind), None)


def search(
    query: str, viewer: StaffUser, *, kinds: tuple[str, ...] | list[str] | None = None, limit: int = 10
) -> SearchResults:
    """Full-text search over parties, contacts, cases and requests, as ``viewer`` may see them.

    Every word must match (Dutch stems, accents ignored, names with one typo); results come
    in groups per kind, best first, at most ``limit`` per kind, each with the true total.
    """
    query = (query or "").strip()
    if len(query) > MAX_QUERY_LENGTH:
        raise InvalidInput("query_too_long", f"Gebruik hoogstens {MAX_QUERY_LENGTH} tekens.", "q")
    kinds = tuple(kinds or KINDS)
    if not set(kinds) <= set(KINDS):
        raise InvalidInput("invalid_kind", "Onbekend soort zoekresultaat.", "kind")
    if not 1 <= limit <= MAX_LIMIT:
        raise InvalidInput("invalid_limit", f"Kies een aantal van 1 tot {MAX_LIMIT}.", "limit")
    if viewer is None or not viewer.is_authenticated:
        raise NotAllowed("Log in om te zoeken.")
    words = query_words(query)
    if not words:
        return SearchResults(query=query, total=0, groups=[ResultGroup(k, KIND_LABELS[k], 0, []) for k in kinds])
    found = get_backend().search(words, permissions.readable_departments(viewer), kinds, limit)
    groups = []
    for kind in kinds:
        matches = found.matches.get(kind, [])
        records = load_records(kind, [match.entity_id for match in matches], with_party=True)
        hits = [
            _hit(kind, records[match.entity_id], viewer, words, match.score)
            for match in matches
            if match.entity_id in records
        ]
        groups.append(ResultGroup(kind, KIND_LABELS[kind], found.totals.get(kind, 0), hits))
    return SearchResults(query=query, total=sum(group.total for group in groups), groups=groups)


def _hit(kind: str, record, viewer: StaffUser, words: list[str], score: float) -> Hit:
    hit = _described(kind, record, viewer)
    document = document_for(kind, record)
    fuzzy = kind == "party"
    # Only text the viewer may read goes into the snippet; the title and facts shown already are left out.
    readable_text = document.public + (document.private if not hit.withheld else [])
    shown = {hit.title, *hit.details}
    hit.snippet = snippet(" · ".join(part for part in readable_text if part not in shown), words, fuzzy=fuzzy)
    if hit.title:
        hit.title_fragments = marked(hit.title, words, fuzzy=fuzzy)
    hit.occurred_at = document.occurred_at
    hit.score = score
    return hit


def _described(kind: str, record, viewer: StaffUser) -> Hit:
    """Title and facts of a hit; a confidential record's subject only for its department."""
    readable = kind == "party" or permissions.can_read_content(viewer, record)
    hit = Hit(kind=kind, id=record.id, title="", withheld=not readable, occurred_at=None)
    if kind == "party":
        hit.title = record.display_name
        hit.party_id = record.id
        hit.details = [PARTY_KIND_LABELS.get(record.kind, record.kind)]
        return hit
    hit.party_id = record.party_id
    hit.party_name = record.party.display_name if record.party is not None else ""
    if kind == "contact":
        hit.title = record.subject if readable else ""
        hit.details = [record.channel.name]
        if record.department is not None:
            hit.details.append(record.department.name)
    elif kind == "case":
        hit.title = record.subject if readable else ""
        hit.details = [record.number]
        if readable:
            hit.details.append(record.case_type.name)
        hit.details += [CASE_STATUS_LABELS.get(record.status, record.status), record.department.name]
    else:
        hit.title = record.subject if readable else ""
        hit.details = [
            TASK_KIND_LABELS.get(record.kind, record.kind),
            TASK_STATUS_LABELS.get(record.status, record.status),
            record.department.name,
        ]
    return hit
