"""Answering an access request (inzageverzoek, AVG art. 15): all data about one party.

The export is complete, including the content of confidential items: it is the citizen's
own data, and only the privacy officer (``party.export``) can make it. Names of staff are
left out; the department that handled something is given instead. Every export is logged.
"""

from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from crm.extensions import db
from crm.models import (
    DUTCH_ACTIONS,
    DUTCH_ACTIVITIES,
    Case,
    Contact,
    Identifier,
    IdentifierKind,
    Party,
    ProcessingAction,
    ProcessingActivity,
    ProcessingLogEntry,
    StaffUser,
    Task,
    utcnow,
)
from crm.services.errors import NotFound
from crm.services.processing_log import append_entries
from crm.validation import InvalidInput, looks_like_bsn, normalise_bsn


def find_party(reference: str) -> Party:
    """The party with this BSN or partijnummer (``P123`` or ``123``), for the privacy pages."""
    text = (reference or "").strip()
    if not text:
        raise InvalidInput("required", "Vul een BSN of partijnummer in.", "reference")
    if looks_like_bsn(text):
        party = db.session.scalar(
            select(Party).join(Identifier).where(Identifier.kind == IdentifierKind.BSN.value, Identifier.value == normalise_bsn(text))
        )
    else:
        number = text.upper().removeprefix("P")
        party = db.session.get(Party, int(number)) if number.isdigit() and len(number) < 10 else None
    if party is None:
        raise InvalidInput("unknown_party", "Geen partij gevonden met dit BSN of partijnummer.", "reference")
    return party


def export_party_data(party_id: int, actor: StaffUser, *, form: str = "json") -> dict:
    """All data about one party as a plain dict (Dutch keys), logged as an export."""
    party = db.session.get(Party, party_id)
    if party is None:
        raise NotFound("Deze partij bestaat niet.")
    data = {
        "export": {
            "gemaakt_op": utcnow().isoformat(),
            "grondslag": "Inzageverzoek, artikel 15 Algemene verordening gegevensbescherming",
            "partijnummer": party.id,
        },
        "partij": _party(party),
        "identificatoren": [{"soort": i.kind, "waarde": i.value} for i in party.identifiers],
        "digitale_adressen": [
            {"soort": a.kind, "waarde": a.value, "voorkeur": a.preferred, "geverifieerd_op": _iso(a.verified_at)}
            for a in party.digital_addresses
        ],
        "adressen": [
            {
                "straat": a.street,
                "huisnummer": a.house_number,
                "toevoeging": a.house_number_suffix,
                "postcode": a.postcode,
                "woonplaats": a.city,
                "land": a.country,
            }
            for a in party.addresses
        ],
        "contactmomenten": [_contact(c) for c in _contacts(party.id)],
        "zaken": [_case(c) for c in _cases(party.id)],
        "contactverzoeken_en_taken": [_task(t) for t in _tasks(party.id)],
        "verwerkingen": [_processing(e) for e in _processing_entries(party.id)],
    }
    append_entries(
        actor,
        party.id,
        ProcessingActivity.ACCESS_REQUEST,
        ProcessingAction.EXPORT,
        object_type="export",
        details={"vorm": form},
    )
    db.session.commit()
    return data


def _party(party: Party) -> dict:
    return {
        "soort": party.kind,
        "naam": party.display_name,
        "voornamen": party.given_names,
        "voorvoegsel": party.surname_prefix,
        "achternaam": party.surname,
        "geboortedatum": _iso(party.birth_date),
        "organisatienaam": party.organisation_name,
        "voorkeurskanaal": party.preferred_channel.name if party.preferred_channel else None,
        "geregistreerd_op": _iso(party.created_at),
    }


def _contacts(party_id: int):
    return db.session.scalars(
        select(Contact).where(Contact.party_id == party_id).order_by(Contact.occurred_at, Contact.id)
    )


def _contact(contact: Contact) -> dict:
    return {
        "tijdstip": _iso(contact.occurred_at),
        "kanaal": contact.channel.name,
        "richting": contact.direction,
        "onderwerp": contact.subject,
        "inhoud": contact.content,
        "reactie": contact.answer,
        "uitkomst": contact.outcome,
        "afdeling": contact.department.name if contact.department else None,
        "zaak": contact.case.number if contact.case else None,
        "vertrouwelijk": contact.confidential,
    }


def _cases(party_id: int):
    return db.session.scalars(
        select(Case).where(Case.party_id == party_id).options(selectinload(Case.events)).order_by(Case.opened_at, Case.id)
    )


def _case(case: Case) -> dict:
    return {
        "zaaknummer": case.number,
        "zaaktype": case.case_type.name,
        "onderwerp": case.subject,
        "omschrijving": case.description,
        "status": case.status,
        "afdeling": case.department.name,
        "geopend_op": _iso(case.opened_at),
        "afgehandeld_op": _iso(case.closed_at),
        "uiterste_datum": _iso(case.deadline),
        "vertrouwelijk": case.confidential,
        "gebeurtenissen": [
            {
                "tijdstip": _iso(event.occurred_at),
                "soort": event.kind,
                "van_status": event.from_status,
                "naar_status": event.to_status,
                "notitie": event.note,
            }
            for event in case.events
        ],
    }


def _tasks(party_id: int):
    return db.session.scalars(select(Task).where(Task.party_id == party_id).order_by(Task.created_at, Task.id))


def _task(task: Task) -> dict:
    return {
        "soort": task.kind,
        "onderwerp": task.subject,
        "notitie": task.note,
        "bereikbaar_via": task.reach_via,
        "status": task.status,
        "afdeling": task.department.name,
        "aangemaakt_op": _iso(task.created_at),
        "uiterlijk_op": _iso(task.due_at),
        "afgerond_op": _iso(task.completed_at),
    }


def _processing_entries(party_id: int):
    return db.session.scalars(
        select(ProcessingLogEntry)
        .where(ProcessingLogEntry.party_id == party_id)
        .order_by(ProcessingLogEntry.occurred_at, ProcessingLogEntry.id)
    )


def _processing(entry: ProcessingLogEntry) -> dict:
    return {
        "tijdstip": _iso(entry.occurred_at),
        "verwerkingsactiviteit": DUTCH_ACTIVITIES.get(entry.activity, entry.activity),
        "handeling": DUTCH_ACTIONS.get(entry.action, entry.action),
    }


def _iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None
