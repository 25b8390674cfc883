"""A case's page: details, linked contacts, history; status changes, assigning and transferring.

Each change form carries the version of the case as the user saw it. When someone else changed
the case in between, the page shows who changed what and keeps what the user typed; the form
then holds the new version, so sending it again is a deliberate choice, never a silent overwrite.
"""

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from crm import permissions
from crm.extensions import db
from crm.forms import options
from crm.forms.cases import AssignToMeForm, StatusForm, TransferForm
from crm.models import Case, CaseEvent, Contact, Department, ProcessingActivity, StaffUser
from crm.services.cases import assign_case, set_case_status, transfer_case
from crm.services.errors import Conflict, NotFound
from crm.services.processing_log import log_processing
from crm.views.changes import attempt, stamp_versions

bp = Blueprint("cases", __name__, url_prefix="/zaken")

# The form that was sent, by its submit name, so only that one is validated and re-rendered.
FORMS = {"status": StatusForm, "assign": AssignToMeForm, "transfer": TransferForm}


@bp.get("/<int:case_id>")
@permissions.requires("case.read")
def show(case_id: int):
    """The case with its contacts and full history, and the forms to change it (a read of its party, logged)."""
    case = _load(case_id)
    if case.party_id is not None:
        log_processing(current_user, case.party_id, ProcessingActivity.CASEWORK, object_type="case", object_id=case.id)
    return _render(case, {name: form_class(formdata=None) for name, form_class in FORMS.items()})


@bp.post("/<int:case_id>/status")
@permissions.requires("case.change")
def change_status(case_id: int):
    """Move the case to another status, with a reason that lands in its history."""
    return _change(case_id, "status", lambda form: set_case_status(
        case_id, form.status.data, form.reason.data, current_user, expected_version=form.version.data
    ), _("De status is gewijzigd."))


@bp.post("/<int:case_id>/toewijzen-aan-mij")
@permissions.requires("case.change")
def assign_to_me(case_id: int):
    """Become the one owner of the case."""
    return _change(case_id, "assign", lambda form: assign_case(
        case_id, current_user.id, current_user, expected_version=form.version.data
    ), _("U bent nu eigenaar van deze zaak."))


@bp.post("/<int:case_id>/overdragen")
@permissions.requires("case.change")
def transfer(case_id: int):
    """Hand the case to a colleague or another department, with a required handover note."""
    return _change(case_id, "transfer", lambda form: transfer_case(
        case_id,
        current_user,
        form.note.data,
        to_owner_id=form.to_owner_id.data,
        to_department_id=form.to_department_id.data,
        expected_version=form.version.data,
    ), _("De zaak is overgedragen."))


def _change(case_id: int, name: str, change, success: str):
    case = _load(case_id)
    forms = {other: form_class(formdata=None) for other, form_class in FORMS.items() if other != name}
    form = forms[name] = FORMS[name]()
    _fill_choices(forms, case)
    outcome = attempt(form, lambda: change(form))
    if outcome.done:
        flash(success, "success")
        return redirect(url_for("cases.show", case_id=case_id))
    if outcome.conflict:
        case = _load(case_id)
    return _render(case, forms, conflict=outcome.conflict, status=outcome.status)


def _render(case: Case, forms: dict, conflict: Conflict | None = None, status: int = 200):
    _fill_choices(forms, case)
    stamp_versions(forms, case.version, conflict)
    return (
        render_template(
            "cases/show.html",
            case=case,
            forms=forms,
            conflict=conflict,
            readable=permissions.can_read_content(current_user, case),
            can_change=permissions.can_change_case(current_user, case),
        ),
        status,
    )


def _fill_choices(forms: dict, case: Case) -> None:
    transfer_form = forms["transfer"]
    if transfer_form.to_owner_id.choices:
        return
    staff = db.session.scalars(
        select(StaffUser).filter_by(active=True).options(selectinload(StaffUser.departments)).order_by(StaffUser.full_name)
    )
    transfer_form.to_owner_id.choices = options(
        [("", _("— geen collega, naar de afdeling —"))]
        + [(s.id, f"{s.full_name} ({', '.join(d.name for d in s.departments)})") for s in staff]
    )
    departments = db.session.scalars(select(Department).order_by(Department.name))
    transfer_form.to_department_id.choices = options([("", _("— afdeling van de collega —"))] + [(d.id, d.name) for d in departments])


def _load(case_id: int) -> Case:
    case = db.session.scalar(
        select(Case)
        .where(Case.id == case_id)
        .options(
            joinedload(Case.case_type),
            joinedload(Case.department),
            joinedload(Case.owner),
            joinedload(Case.party),
            selectinload(Case.involved_departments),
            selectinload(Case.contacts).joinedload(Contact.channel),
            selectinload(Case.events).joinedload(CaseEvent.actor),
        )
    )
    if case is None:
        raise NotFound("Deze zaak bestaat niet.")
    return case
