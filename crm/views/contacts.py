"""Registering contacts from the workspace, with or without a known party (then linked in Te identificeren)."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from crm import permissions
from crm.extensions import db
from crm.forms import options, show_error
from crm.forms.contacts import ContactForm
from crm.models import CaseType, Channel, Department, Party, StaffUser, Team
from crm.services.contacts import ContactInput
from crm.services.errors import NotFound
from crm.services.overview import open_cases_of, preferred_reach
from crm.services.registration import CallbackInput, FollowUp, Registration, register_contact
from crm.validation import InvalidInput

bp = Blueprint("contacts", __name__, url_prefix="/contacten")


@bp.route("/nieuw/<int:party_id>", methods=["GET", "POST"])
@permissions.requires("contact.record")
def new(party_id: int):
    """Register a contact with a party, optionally linking a case, opening one or asking for a callback."""
    party = db.session.get(Party, party_id)
    if party is None:
        raise NotFound("Deze partij bestaat niet.")
    return _register(party)


@bp.route("/nieuw", methods=["GET", "POST"])
@permissions.requires("contact.record")
def new_anonymous():
    """Register a contact from someone not (yet) known; it can be linked to a party later."""
    return _register(None)


def _register(party: Party | None):
    form = ContactForm()
    _fill_choices(form, party)
    if request.method == "GET" and party is not None:
        form.callback_reach_via.data = preferred_reach(party)
    if form.validate_on_submit():
        try:
            registered = register_contact(_registration(form, party), current_user)
        except InvalidInput as error:
            show_error(form, error)
        else:
            flash(_("Het contactmoment is geregistreerd."), "success")
            if registered.case is not None and form.follow_up.data == FollowUp.NEW_CASE:
                flash(_("Zaak %(number)s is geopend.", number=registered.case.number), "success")
                return redirect(url_for("cases.show", case_id=registered.case.id))
            if registered.task_id is not None:
                flash(_("Het contactverzoek is gemaakt."), "success")
            if party is None:
                flash(_("Het staat in Te identificeren tot het aan een partij is gekoppeld."), "success")
                return redirect(url_for("inbox.index"))
            return redirect(url_for("parties.show", party_id=party.id))
    return render_template("contacts/new.html", form=form, party=party)


def _registration(form: ContactForm, party: Party | None) -> Registration:
    return Registration(
        contact=ContactInput(
            channel=form.channel.data,
            subject=form.subject.data,
            party_id=party.id if party else None,
            direction=form.direction.data,
            content=form.content.data or "",
            answer=form.answer.data or "",
            outcome=form.outcome.data or None,
            confidential=form.confidential.data,
            department_id=form.department_id.data,
        ),
        follow_up=FollowUp(form.follow_up.data),
        case_id=form.case_id.data,
        case_type_id=form.case_type_id.data,
        callback=CallbackInput(
            department_id=form.callback_department_id.data,
            team_id=form.callback_team_id.data,
            assignee_id=form.callback_assignee_id.data,
            note=form.callback_note.data or "",
            reach_via=form.callback_reach_via.data or "",
        ),
    )


def _fill_choices(form: ContactForm, party: Party | None) -> None:
    """The select lists come from the database: channels, departments, case types, open cases."""
    none = ("", _("— kies —"))
    channels = db.session.scalars(select(Channel).filter_by(active=True).order_by(Channel.sort_order))
    form.channel.choices = options([none] + [(c.code, c.name) for c in channels])
    departments = db.session.scalars(select(Department).order_by(Department.name)).all()
    form.department_id.choices = options([none] + [(d.id, d.name) for d in departments])
    form.callback_department_id.choices = options([none] + [(d.id, d.name) for d in departments])
    teams = db.session.scalars(select(Team).options(joinedload(Team.department)).order_by(Team.name))
    form.callback_team_id.choices = options([("", _("— geen team —"))] + [(t.id, f"{t.name} ({t.department.name})") for t in teams])
    staff = db.session.scalars(select(StaffUser).filter_by(active=True).order_by(StaffUser.full_name))
    form.callback_assignee_id.choices = options([("", _("— iedereen van de afdeling —"))] + [(s.id, s.full_name) for s in staff])
    case_types = db.session.scalars(select(CaseType).filter_by(active=True).order_by(CaseType.name))
    form.case_type_id.choices = options([none] + [(t.id, t.name) for t in case_types])
    cases = open_cases_of(party.id) if party is not None else []
    form.case_id.choices = options([none] + [(c.id, f"{c.number} — {c.case_type.name}") for c in cases])
    if request.method == "GET" and current_user.departments:
        form.department_id.data = current_user.departments[0].id
        form.channel.data = form.channel.data or "telefoon"


@bp.get("/ongekoppeld")
@permissions.requires("contact.identify")
def unlinked():
    """The old list of contacts without a party: they all wait in "Te identificeren" now."""
    return redirect(url_for("inbox.index"), code=301)
