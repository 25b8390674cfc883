"""Cases (zaken): opening them, and the ownership and status changes that form their history."""

from datetime import date, timedelta

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from crm import permissions
from crm.extensions import db
from crm.models import (
    Case,
    CaseEvent,
    CaseEventKind,
    CaseStatus,
    CaseType,
    Contact,
    Counter,
    Department,
    StaffUser,
    utcnow,
)
from crm.services.errors import Conflict, NotAllowed, NotFound
from crm.services.outbox import enqueue_event, enqueue_indexing
from crm.validation import InvalidInput, required_text


def open_case(
    case_type_id: int,
    subject: str,
    actor: StaffUser | None,
    *,
    party_id: int | None = None,
    description: str = "",
    owner_id: int | None = None,
    department_id: int | None = None,
    deadline: date | None = None,
    confidential: bool = False,
    contact_id: int | None = None,
    commit: bool = True,
) -> Case:
    """Open a case of a type; it lands in the type's default department unless another is given.

    The deadline defaults to the legal term of the case type. A contact can be linked at once.
    """
    case_type = db.session.get(CaseType, case_type_id)
    if case_type is None or not case_type.active:
        raise InvalidInput("unknown_case_type", "Kies een zaaktype.", "case_type_id")
    subject = required_text(subject, "subject", 300, "Onderwerp")
    department_id = department_id or case_type.default_department_id
    if db.session.get(Department, department_id) is None:
        raise InvalidInput("unknown_department", "Onbekende afdeling.", "department_id")
    owner = _staff(owner_id) if owner_id else None
    if owner is not None and department_id not in owner.department_ids:
        raise InvalidInput(
            "owner_not_in_department", "De eigenaar hoort niet bij deze afdeling.", "owner_id"
        )
    now = utcnow()
    if deadline is None and case_type.legal_term_days:
        deadline = (now + timedelta(days=case_type.legal_term_days)).date()
    case = Case(
        number=_next_case_number(now.year),
        case_type_id=case_type.id,
        party_id=party_id,
        subject=subject,
        description=(description or "").strip(),
        status=CaseStatus.RECEIVED.value,
        owner_id=owner.id if owner else None,
        department_id=department_id,
        confidential=confidential or case_type.confidential,
        deadline=deadline,
        opened_at=now,
    )
    db.session.add(case)
    db.session.flush()
    _add_event(case, CaseEventKind.OPENED, actor, to_status=case.status, to_owner_id=case.owner_id)
    if contact_id is not None:
        contact = db.session.get(Contact, contact_id)
        if contact is None:
            raise InvalidInput("unknown_contact", "Onbekend contactmoment.", "contact_id")
        contact.case_id = case.id
        enqueue_indexing("contact", contact.id)
    enqueue_indexing("case", case.id)
    enqueue_event("case.opened", "case", case.id, _case_data(case))
    if commit:
        db.session.commit()
    return case


def assign_case(
    case_id: int, owner_id: int, actor: StaffUser, expected_version: int | None = None, *, commit: bool = True
) -> Case:
    """Make a member of the owning department the one owner of a case.

    With ``commit=False`` the change is only flushed, so a bulk assignment is one transaction.
    """
    case = _case_for_change(case_id, actor, expected_version)
    owner = _staff(owner_id)
    if owner.id != actor.id and not permissions.can_assign_to_others(actor, case.department_id):
        raise NotAllowed("Alleen een teamleider van deze afdeling kan een zaak aan een ander toewijzen.")
    if case.department_id not in owner.department_ids:
        raise InvalidInput(
            "owner_not_in_department",
            "Deze medewerker hoort niet bij de afdeling van de zaak; draag de zaak over met een notitie.",
            "owner_id",
        )
    if case.owner_id == owner.id:
        return case
    previous = case.owner_id
    case.owner_id = owner.id
    return _commit_change(
        case, CaseEventKind.OWNER_CHANGED, actor, commit=commit, from_owner_id=previous, to_owner_id=owner.id
    )


def transfer_case(
    case_id: int,
    actor: StaffUser,
    note: str,
    *,
    to_owner_id: int | None = None,
    to_department_id: int | None = None,
    expected_version: int | None = None,
) -> Case:
    """Hand a case over to a colleague or another department, with a required handover note."""
    note = required_text(note, "note", 4000, "Een overdrachtsnotitie")
    if to_owner_id is None and to_department_id is None:
        raise InvalidInput("no_target", "Kies een collega of een afdeling.", "to_owner_id")
    case = _case_for_change(case_id, actor, expected_version)
    department_id = to_department_id or case.department_id
    department = db.session.get(Department, department_id)
    if department is None:
        raise InvalidInput("unknown_department", "Onbekende afdeling.", "to_department_id")
    owner = _staff(to_owner_id) if to_owner_id else None
    if owner is not None and department_id not in owner.department_ids:
        if to_department_id is not None or not owner.departments:
            raise InvalidInput(
                "owner_not_in_department", "Deze collega hoort niet bij die afdeling.", "to_owner_id"
            )
        department = owner.departments[0]
    previous_owner, previous_department = case.owner_id, case.department_id
    if department.id != previous_department:
        old = db.session.get(Department, previous_department)
        if old not in case.involved_departments:
            case.involved_departments.append(old)
    case.department_id = department.id
    case.owner_id = owner.id if owner else None
    return _commit_change(
        case,
        CaseEventKind.TRANSFERRED,
        actor,
        note=note,
        from_owner_id=previous_owner,
        to_owner_id=case.owner_id,
        from_department_id=previous_department,
        to_department_id=case.department_id,
    )


def unassign_case(case_id: int, actor: StaffUser, note: str = "", expected_version: int | None = None) -> Case:
    """Give a case back to its department's queue without an owner."""
    case = _case_for_change(case_id, actor, expected_version)
    if case.owner_id is None:
        return case
    if case.owner_id != actor.id and not permissions.can_assign_to_others(actor, case.department_id):
        raise NotAllowed("Alleen de eigenaar of een teamleider kan de eigenaar weghalen.")
    previous = case.owner_id
    case.owner_id = None
    return _commit_change(case, CaseEventKind.UNASSIGNED, actor, note=(note or "").strip(), from_owner_id=previous)


def set_case_status(
    case_id: int, status: str, reason: str, actor: StaffUser, expected_version: int | None = None
) -> Case:
    """Change a case's status with a reason; closing records the moment, reopening clears it."""
    try:
        new_status = CaseStatus(status)
    except ValueError:
        raise InvalidInput("invalid_status", "Kies een geldige status.", "status") from None
    reason = required_text(reason, "reason", 4000, "Een reden")
    case = _case_for_change(case_id, actor, expected_version)
    if case.status == new_status:
        raise InvalidInput("same_status", "De zaak heeft deze status al.", "status")
    previous = case.status
    case.status = new_status.value
    case.closed_at = utcnow() if new_status is CaseStatus.CLOSED else None
    return _commit_change(
        case, CaseEventKind.STATUS_CHANGED, actor, note=reason, from_status=previous, to_status=new_status.value
    )


def changes_since(case: Case, version: int) -> list[CaseEvent]:
    """The events that moved a case past ``version``: what someone else changed meanwhile."""
    return list(
        db.session.scalars(
            select(CaseEvent)
            .where(CaseEvent.case_id == case.id, CaseEvent.case_version > version)
            .order_by(CaseEvent.id)
        )
    )


def _case_for_change(case_id: int, actor: StaffUser, expected_version: int | None) -> Case:
    case = db.session.get(Case, case_id)
    if case is None:
        raise NotFound("Deze zaak bestaat niet.")
    if not permissions.can_change_case(actor, case):
        raise NotAllowed("U mag deze zaak niet wijzigen.")
    if expected_version is not None and case.version != expected_version:
        raise _conflict(case, expected_version)
    return case


def _commit_change(case: Case, kind: CaseEventKind, actor: StaffUser, *, commit: bool = True, **fields) -> Case:
    read_version = case.version
    _add_event(case, kind, actor, case_version=read_version + 1, **fields)
    enqueue_indexing("case", case.id)
    enqueue_event(f"case.{kind.value}", "case", case.id, _case_data(case))
    try:
        if commit:
            db.session.commit()
        else:
            db.session.flush()
    except StaleDataError:
        # Another transaction updated the case after we read it: its UPDATE won.
        db.session.rollback()
        fresh = db.session.get(Case, case.id)
        raise _conflict(fresh, read_version) from None
    return case


def _conflict(case: Case, version: int) -> Conflict:
    return Conflict("Deze zaak is intussen door iemand anders gewijzigd.", changes_since(case, version))


def _add_event(case: Case, kind: CaseEventKind, actor: StaffUser | None, **fields) -> CaseEvent:
    fields.setdefault("case_version", case.version or 1)
    event = CaseEvent(
        case=case,
        party_id=case.party_id,
        department_id=case.department_id,
        kind=kind.value,
        actor_id=actor.id if actor is not None else None,
        occurred_at=utcnow(),
        **fields,
    )
    db.session.add(event)
    return event


def _staff(staff_id: int) -> StaffUser:
    staff = db.session.get(StaffUser, staff_id)
    if staff is None or not staff.active:
        raise InvalidInput("unknown_staff", "Onbekende medewerker.", "owner_id")
    return staff


def _case_data(case: Case) -> dict:
    return {
        "number": case.number,
        "status": case.status,
        "owner_id": case.owner_id,
        "department_id": case.department_id,
        "party_id": case.party_id,
    }


def _next_case_number(year: int) -> str:
    """The next case number of the year, ``Z-2026-000123``, from a counter row.

    The UPDATE locks the counter row until commit, so two transactions never get one number.
    """
    name = f"case-{year}"
    statement = update(Counter).where(Counter.name == name).values(value=Counter.value + 1)
    value = db.session.execute(statement.returning(Counter.value)).scalar()
    if value is None:
        try:
            with db.session.begin_nested():
                db.session.add(Counter(name=name, value=1))
            value = 1
        except IntegrityError:
            value = db.session.execute(statement.returning(Counter.value)).scalar_one()
    return f"Z-{year}-{value:06d}"
