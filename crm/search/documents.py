"""What the index knows about a party, contact, case or task: one Document per record.

The same Document feeds the index and the snippets on the results page, so a snippet can
only ever show text the record was found by. Confidentiality comes from crm/permissions.py:
text of a confidential record goes in ``private`` with the owning department, and only the
bare facts every member of staff may see (channel, case number, kind of request) in ``public``.
"""

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from crm import permissions
from crm.extensions import db
from crm.models import Case, Contact, Party, PartyKind, Task, TaskKind
from crm.validation import format_phone

KINDS = ("party", "contact", "case", "task")
TASK_KIND_LABELS = {TaskKind.CALLBACK.value: "Terugbelverzoek", TaskKind.QUESTION.value: "Interne vraag"}


@dataclass
class Document:
    """The searchable text of one record, split by who may find it by that text."""

    kind: str
    entity_id: int
    occurred_at: datetime | None
    confidential: bool = False
    department_id: int | None = None
    # Names (people, organisations, streets, places): folded, unstemmed, typo tolerant.
    names: list[str] = field(default_factory=list)
    # Text anyone may find this record by.
    public: list[str] = field(default_factory=list)
    # Text only the owning department may find a confidential record by (all text otherwise).
    private: list[str] = field(default_factory=list)

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.entity_id}"

    def public_text(self) -> str:
        return " · ".join(part for part in self.public if part)

    def all_text(self) -> str:
        return " · ".join(part for part in (*self.public, *self.private) if part)


def party_document(party: Party) -> Document:
    """A party is found by its names, identifiers, addresses, e-mail addresses and phone numbers."""
    names = [party.given_names, party.surname_prefix, party.surname, party.organisation_name]
    public = [party.display_name]
    if party.kind == PartyKind.CONTACT_PERSON and party.organisation is not None:
        public.append(party.organisation.display_name)
    public += [identifier.value for identifier in party.identifiers]
    for address in party.digital_addresses:
        public.append(address.value)
        if address.kind == "phone":
            # As people type it (06 12345678) and as digits only (0612345678).
            national = format_phone(address.value)
            public += [national, national.replace(" ", "").replace("-", "")]
    for address in party.addresses:
        names += [address.street, address.city]
        public += [address.one_line, address.postcode.replace(" ", "")]
    return Document(
        kind="party",
        entity_id=party.id,
        occurred_at=party.created_at,
        names=[name for name in names if name],
        public=[part for part in public if part],
    )


def contact_document(contact: Contact) -> Document:
    """A contact is found by subject, content, answer and channel; a linked case by its number."""
    public = [contact.channel.name]
    if contact.case is not None:
        public.append(contact.case.number)
    return _shielded(
        contact, "contact", contact.occurred_at, public, [contact.subject, contact.content, contact.answer]
    )


def case_document(case: Case) -> Document:
    """A case is found by its number, case type, subject and description."""
    return _shielded(
        case, "case", case.opened_at, [case.number], [case.case_type.name, case.subject, case.description]
    )


def task_document(task: Task) -> Document:
    """A callback request or internal question is found by its subject, note and how to reach back."""
    return _shielded(
        task, "task", task.created_at, [TASK_KIND_LABELS.get(task.kind, task.kind)], [task.subject, task.note, task.reach_via]
    )


def _shielded(record, kind: str, occurred_at, public: list, content: list) -> Document:
    confidential = permissions.is_confidential(record)
    document = Document(
        kind=kind,
        entity_id=record.id,
        occurred_at=occurred_at,
        confidential=confidential,
        department_id=permissions.owning_department_id(record) if confidential else None,
        public=[part for part in public if part],
    )
    text = [part for part in content if part]
    if confidential:
        document.private = text
    else:
        document.public += text
    return document


_LOADERS = {
    "party": (
        Party,
        party_document,
        (
            selectinload(Party.identifiers),
            selectinload(Party.digital_addresses),
            selectinload(Party.addresses),
            joinedload(Party.organisation),
        ),
    ),
    "contact": (
        Contact,
        contact_document,
        (
            joinedload(Contact.channel),
            joinedload(Contact.department),
            joinedload(Contact.case).joinedload(Case.case_type),
            joinedload(Contact.case).joinedload(Case.department),
        ),
    ),
    "case": (Case, case_document, (joinedload(Case.case_type), joinedload(Case.department))),
    "task": (Task, task_document, (joinedload(Task.department),)),
}


def model_for(kind: str):
    return _LOADERS[kind][0]


def load_records(kind: str, ids: list[int], *, with_party: bool = False) -> dict[int, object]:
    """The records of one kind by id, with what their documents need loaded in a few queries.

    ``with_party`` also loads the party of a contact, case or task (for showing a hit).
    """
    model, _, options = _LOADERS[kind]
    if not ids:
        return {}
    if with_party and kind != "party":
        options = (*options, joinedload(model.party))
    statement = select(model).where(model.id.in_(ids)).options(*options)
    return {record.id: record for record in db.session.scalars(statement).unique()}


def document_for(kind: str, record) -> Document:
    return _LOADERS[kind][1](record)


def load_documents(kind: str, ids: list[int]) -> dict[int, Document]:
    """Documents for the records that still exist; a missing id means: remove from the index."""
    return {id_: document_for(kind, record) for id_, record in load_records(kind, ids).items()}


def count_records(kind: str) -> int:
    model = model_for(kind)
    return db.session.scalar(select(db.func.count()).select_from(model))


def all_documents(kind: str, batch_size: int = 500) -> Iterator[list[Document]]:
    """Every record of a kind as documents, in batches by id (keyset, so memory stays flat)."""
    model = model_for(kind)
    last_id = 0
    while True:
        ids = list(
            db.session.scalars(select(model.id).where(model.id > last_id).order_by(model.id).limit(batch_size))
        )
        if not ids:
            return
        records = load_records(kind, ids)
        yield [document_for(kind, records[id_]) for id_ in ids if id_ in records]
        last_id = ids[-1]
        # Let go of what this batch loaded, so memory stays flat over a million records.
        for record in records.values():
            db.session.expunge(record)


def dependent_keys(entity: str, entity_id: int) -> list[tuple[str, int]]:
    """Records whose confidentiality follows a department or case type, to re-index on its change."""
    if entity == "department":
        return [
            *(("contact", i) for i in db.session.scalars(select(Contact.id).where(Contact.department_id == entity_id))),
            *(("case", i) for i in db.session.scalars(select(Case.id).where(Case.department_id == entity_id))),
            *(("task", i) for i in db.session.scalars(select(Task.id).where(Task.department_id == entity_id))),
        ]
    if entity == "case_type":
        case_ids = list(db.session.scalars(select(Case.id).where(Case.case_type_id == entity_id)))
        contact_ids = db.session.scalars(select(Contact.id).where(Contact.case_id.in_(case_ids))) if case_ids else []
        return [*(("case", i) for i in case_ids), *(("contact", i) for i in contact_ids)]
    if entity == "case":
        # A case's confidentiality carries over to its contacts.
        contact_ids = db.session.scalars(select(Contact.id).where(Contact.case_id == entity_id))
        return [("case", entity_id), *(("contact", i) for i in contact_ids)]
    return [(entity, entity_id)]
