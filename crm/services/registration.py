"""Registering a contact from the workspace, with what follows from it, in one transaction.

The form on a party's page records the contact and, in the same step, links it to an open
case, opens a new case, or asks a department to call back. A contact registered without a party
goes to "Te identificeren" (crm.services.identification), where staff link it later. Either all of that is stored or
none of it: the composed services only flush, and this use case commits once.
"""

from dataclasses import dataclass
from enum import StrEnum

from crm.extensions import db
from crm.models import Case, Contact, Outcome, StaffUser
from crm.services.cases import open_case
from crm.services.contacts import ContactInput, record_contact
from crm.services.tasks import create_task
from crm.validation import InvalidInput


class FollowUp(StrEnum):
    NONE = "none"
    LINK_CASE = "link_case"  # koppelen aan een lopende zaak
    NEW_CASE = "new_case"  # nieuwe zaak openen
    CALLBACK = "callback"  # contactverzoek maken


@dataclass
class CallbackInput:
    """A callback request to a department, optionally one team or person in it."""

    department_id: int | None
    team_id: int | None = None
    assignee_id: int | None = None
    note: str = ""
    reach_via: str = ""


@dataclass
class Registration:
    contact: ContactInput
    follow_up: FollowUp = FollowUp.NONE
    case_id: int | None = None
    case_type_id: int | None = None
    callback: CallbackInput | None = None


@dataclass(frozen=True)
class Registered:
    contact: Contact
    case: Case | None = None
    task_id: int | None = None


def register_contact(registration: Registration, actor: StaffUser) -> Registered:
    """Record a contact and its follow-up (linked case, new case or callback) in one commit."""
    data = registration.contact
    follow_up = FollowUp(registration.follow_up)
    try:
        case = None
        if follow_up is FollowUp.LINK_CASE:
            case = _open_case_of_party(registration.case_id, data.party_id)
            data.case_id = case.id
        if follow_up is FollowUp.CALLBACK and not data.outcome:
            data.outcome = Outcome.CALLBACK_REQUESTED.value
        contact = record_contact(data, actor, commit=False)
        if follow_up is FollowUp.NEW_CASE:
            if not registration.case_type_id:
                raise InvalidInput("unknown_case_type", "Kies een zaaktype.", "case_type_id")
            case = open_case(
                registration.case_type_id,
                contact.subject,
                actor,
                party_id=contact.party_id,
                description=contact.content,
                confidential=contact.confidential,
                contact_id=contact.id,
                commit=False,
            )
        task_id = None
        if follow_up is FollowUp.CALLBACK:
            task_id = _callback(registration.callback, contact, actor)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return Registered(contact=contact, case=case, task_id=task_id)


def _open_case_of_party(case_id: int | None, party_id: int | None) -> Case:
    case = db.session.get(Case, case_id) if case_id else None
    if case is None or not case.is_open or case.party_id != party_id:
        raise InvalidInput("unknown_case", "Kies een lopende zaak van deze partij.", "case_id")
    return case


def _callback(callback: CallbackInput | None, contact: Contact, actor: StaffUser) -> int:
    if callback is None or not callback.department_id:
        raise InvalidInput("unknown_department", "Kies een afdeling voor het contactverzoek.", "callback_department_id")
    if not contact.party_id and not (callback.reach_via or "").strip():
        raise InvalidInput(
            "no_way_to_reach", "Vul in hoe de inwoner bereikbaar is.", "callback_reach_via"
        )
    try:
        task = create_task(
            contact.subject,
            callback.department_id,
            actor,
            note=callback.note,
            reach_via=callback.reach_via,
            team_id=callback.team_id,
            assignee_id=callback.assignee_id,
            party_id=contact.party_id,
            contact_id=contact.id,
            case_id=contact.case_id,
            confidential=contact.confidential,
            commit=False,
        )
    except InvalidInput as error:
        raise error.for_field(f"callback_{error.field}") from None
    return task.id
