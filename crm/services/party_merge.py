"""Merging two duplicate parties into one, recorded so that it can be undone exactly.

Everything of the duplicate moves to the survivor: contacts, cases and their events, tasks
and their events, identifiers, addresses, digital addresses and the contact persons of an
organisation. The duplicate's own row is removed. The :class:`PartyMerge` record keeps that
row and the id (and original values) of every moved record, so :func:`undo_merge` puts each
back where it was, while anything added to the survivor since stays with the survivor.
"""

from dataclasses import dataclass
from datetime import date, datetime
from uuid import UUID

from sqlalchemy import Date, Uuid, delete, func, insert, select, update

from crm.extensions import db
from crm.models import (
    Address,
    Case,
    CaseEvent,
    Contact,
    DigitalAddress,
    Identifier,
    IdentifierKind,
    Party,
    PartyMerge,
    ProcessingAction,
    ProcessingActivity,
    StaffUser,
    Task,
    TaskEvent,
    UTCDateTime,
    utcnow,
)
from crm.services.errors import Conflict, NotFound
from crm.services.outbox import enqueue_event, enqueue_indexing
from crm.services.processing_log import append_entries
from crm.validation import InvalidInput, required_text

# Records that simply change owner: (key in PartyMerge.moved, model, Dutch label).
MOVABLE = (
    ("contacts", Contact, "contactmomenten"),
    ("cases", Case, "zaken"),
    ("case_events", CaseEvent, "zaakgebeurtenissen"),
    ("tasks", Task, "contactverzoeken en taken"),
    ("task_events", TaskEvent, "taakgebeurtenissen"),
    ("identifiers", Identifier, "identificatoren"),
    ("addresses", Address, "adressen"),
)
# A person has one BSN and an organisation one KvK number and RSIN: two different ones mean
# these are two different parties, not duplicates.
SINGLE_IDENTIFIERS = (IdentifierKind.BSN, IdentifierKind.KVK, IdentifierKind.RSIN)


@dataclass(frozen=True)
class MergePreview:
    """The two parties and how many records of each kind would move."""

    survivor: Party
    duplicate: Party
    counts: dict[str, int]  # Dutch label -> number of records that move


def preview_merge(survivor_id: int, duplicate_id: int) -> MergePreview:
    """What merging would move; raises InvalidInput when these two cannot be merged."""
    survivor, duplicate = _mergeable(survivor_id, duplicate_id)
    counts = {}
    for _key, model, label in MOVABLE:
        counts[label] = db.session.scalar(select(func.count()).select_from(model).where(model.party_id == duplicate.id))
    counts["digitale adressen"] = len(duplicate.digital_addresses)
    counts["contactpersonen"] = db.session.scalar(
        select(func.count()).select_from(Party).where(Party.organisation_id == duplicate.id)
    )
    return MergePreview(survivor, duplicate, counts)


def merge_parties(survivor_id: int, duplicate_id: int, actor: StaffUser, reason: str) -> PartyMerge:
    """Move everything of the duplicate to the survivor, remove the duplicate, and record it all."""
    reason = required_text(reason, "reason", 2000, "Een reden")
    survivor, duplicate = _mergeable(survivor_id, duplicate_id)
    moved: dict = {"party": _row(duplicate)}
    for key, model, _label in MOVABLE:
        ids = list(db.session.scalars(select(model.id).where(model.party_id == duplicate.id).order_by(model.id)))
        moved[key] = ids
        if ids:
            db.session.execute(
                update(model).where(model.id.in_(ids)).values(party_id=survivor.id).execution_options(synchronize_session=False)
            )
    moved["digital_addresses"], moved["dropped_digital_addresses"] = _move_digital_addresses(survivor, duplicate)
    moved["contact_persons"] = list(db.session.scalars(select(Party.id).where(Party.organisation_id == duplicate.id)))
    if moved["contact_persons"]:
        db.session.execute(
            update(Party).where(Party.id.in_(moved["contact_persons"])).values(organisation_id=survivor.id)
        )
    moved["preferred_channel_taken"] = None
    if survivor.preferred_channel_id is None and duplicate.preferred_channel_id is not None:
        survivor.preferred_channel_id = moved["preferred_channel_taken"] = duplicate.preferred_channel_id
    record = PartyMerge(
        survivor_id=survivor.id,
        duplicate_id=duplicate.id,
        survivor_name=survivor.display_name,
        duplicate_name=duplicate.display_name,
        reason=reason,
        moved=moved,
        merged_by_id=actor.id,
        merged_at=utcnow(),
    )
    db.session.add(record)
    db.session.flush()
    db.session.expunge(duplicate)
    db.session.execute(delete(Party).where(Party.id == duplicate_id))
    _after_change(record, actor, "party.merged")
    db.session.commit()
    return record


def undo_merge(merge_id: int, actor: StaffUser) -> PartyMerge:
    """Restore the duplicate with everything that moved; what was added since stays put."""
    record = db.session.get(PartyMerge, merge_id)
    if record is None:
        raise NotFound("Deze samenvoeging bestaat niet.")
    if record.is_undone:
        raise InvalidInput("already_undone", "Deze samenvoeging is al ongedaan gemaakt.")
    if db.session.get(Party, record.survivor_id) is None:
        raise Conflict(
            "De partij waarin is samengevoegd bestaat niet meer. Maak eerst de latere samenvoeging ongedaan."
        )
    if db.session.get(Party, record.duplicate_id) is not None:
        raise Conflict("Het partijnummer van de dubbele partij is intussen opnieuw in gebruik.")
    moved = record.moved
    db.session.execute(insert(Party).values(**_from_row(Party, moved["party"])))
    for key, model, _label in MOVABLE:
        if moved[key]:
            db.session.execute(
                update(model)
                .where(model.id.in_(moved[key]), model.party_id == record.survivor_id)
                .values(party_id=record.duplicate_id)
                .execution_options(synchronize_session=False)
            )
    for item in moved["digital_addresses"]:
        db.session.execute(
            update(DigitalAddress)
            .where(DigitalAddress.id == item["id"], DigitalAddress.party_id == record.survivor_id)
            .values(party_id=record.duplicate_id, preferred=item["preferred"])
        )
    for row in moved["dropped_digital_addresses"]:
        values = _from_row(DigitalAddress, row)
        if db.session.get(DigitalAddress, values["id"]) is not None:
            del values["id"]
        db.session.execute(insert(DigitalAddress).values(**values))
    if moved["contact_persons"]:
        db.session.execute(
            update(Party)
            .where(Party.id.in_(moved["contact_persons"]), Party.organisation_id == record.survivor_id)
            .values(organisation_id=record.duplicate_id)
        )
    if moved["preferred_channel_taken"] is not None:
        db.session.execute(
            update(Party)
            .where(Party.id == record.survivor_id, Party.preferred_channel_id == moved["preferred_channel_taken"])
            .values(preferred_channel_id=None)
        )
    record.undone_at = utcnow()
    record.undone_by_id = actor.id
    _after_change(record, actor, "party.merge_undone")
    db.session.commit()
    db.session.expire_all()
    return record


def merges(limit: int = 200) -> list[PartyMerge]:
    """The most recent merges, newest first, for the beheerder's overview."""
    return list(db.session.scalars(select(PartyMerge).order_by(PartyMerge.merged_at.desc(), PartyMerge.id.desc()).limit(limit)))


def merged_duplicate_ids(party_id: int) -> list[int]:
    """Ids of parties merged into this one (and not undone), for a complete processing log."""
    found, frontier = [], [party_id]
    while frontier:
        rows = db.session.scalars(
            select(PartyMerge.duplicate_id).where(PartyMerge.survivor_id.in_(frontier), PartyMerge.undone_at.is_(None))
        ).all()
        frontier = [row for row in rows if row not in found and row != party_id]
        found.extend(frontier)
    return found


def _mergeable(survivor_id: int, duplicate_id: int) -> tuple[Party, Party]:
    if survivor_id == duplicate_id:
        raise InvalidInput("same_party", "Kies twee verschillende partijen.", "duplicate_id")
    survivor = db.session.get(Party, survivor_id)
    if survivor is None:
        raise InvalidInput("unknown_party", "Er is geen partij met dit nummer.", "survivor_id")
    duplicate = db.session.get(Party, duplicate_id)
    if duplicate is None:
        raise InvalidInput("unknown_party", "Er is geen partij met dit nummer.", "duplicate_id")
    if survivor.kind != duplicate.kind:
        raise InvalidInput("different_kind", "Een persoon en een organisatie kunnen niet worden samengevoegd.", "duplicate_id")
    if duplicate.organisation_id == survivor.id or survivor.organisation_id == duplicate.id:
        raise InvalidInput("contact_person", "Een contactpersoon kan niet met de eigen organisatie worden samengevoegd.", "duplicate_id")
    for kind in SINGLE_IDENTIFIERS:
        if survivor.identifier(kind) and duplicate.identifier(kind):
            raise InvalidInput(
                "different_identifiers",
                "Beide partijen hebben een eigen BSN, KvK-nummer of RSIN: het zijn geen dubbelen.",
                "duplicate_id",
            )
    return survivor, duplicate


def _move_digital_addresses(survivor: Party, duplicate: Party) -> tuple[list[dict], list[dict]]:
    moved, dropped = [], []
    taken = {(a.kind, a.value) for a in survivor.digital_addresses}
    preferred_kinds = {a.kind for a in survivor.digital_addresses if a.preferred}
    for address in list(duplicate.digital_addresses):
        if (address.kind, address.value) in taken:
            dropped.append(_row(address))
            db.session.execute(delete(DigitalAddress).where(DigitalAddress.id == address.id))
            continue
        moved.append({"id": address.id, "preferred": address.preferred})
        keep_preferred = address.preferred and address.kind not in preferred_kinds
        if keep_preferred:
            preferred_kinds.add(address.kind)
        db.session.execute(
            update(DigitalAddress)
            .where(DigitalAddress.id == address.id)
            .values(party_id=survivor.id, preferred=keep_preferred)
        )
    return moved, dropped


def _after_change(record: PartyMerge, actor: StaffUser, event: str) -> None:
    moved = record.moved
    append_entries(
        actor,
        [record.survivor_id, record.duplicate_id],
        ProcessingActivity.DATA_QUALITY,
        ProcessingAction.CHANGE,
        object_type="party_merge",
        object_id=record.id,
        details={"behouden": record.survivor_id, "dubbel": record.duplicate_id, "gebeurtenis": event},
    )
    enqueue_indexing("party", record.survivor_id)
    enqueue_indexing("party", record.duplicate_id)
    for key, entity in (("contacts", "contact"), ("cases", "case"), ("tasks", "task")):
        for record_id in moved[key]:
            enqueue_indexing(entity, record_id)
    enqueue_event(event, "party", record.survivor_id, {"survivor_id": record.survivor_id, "duplicate_id": record.duplicate_id})


def _row(obj) -> dict:
    """A record's own columns as JSON-safe values."""
    row = {}
    for column in obj.__table__.columns:
        value = getattr(obj, column.key)
        if isinstance(value, date | datetime):
            value = value.isoformat()
        elif isinstance(value, UUID):
            value = str(value)
        row[column.key] = value
    return row


def _from_row(model, row: dict) -> dict:
    values = {}
    for column in model.__table__.columns:
        value = row.get(column.key)
        if value is not None and isinstance(column.type, UTCDateTime):
            value = datetime.fromisoformat(value)
        elif value is not None and isinstance(column.type, Date):
            value = date.fromisoformat(value)
        elif value is not None and isinstance(column.type, Uuid):
            value = UUID(value)
        values[column.key] = value
    return values
