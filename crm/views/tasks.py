"""Callback requests (contactverzoeken): creating them, the queues, and working on one."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from crm import permissions
from crm.extensions import db
from crm.forms import options, show_error
from crm.forms.tasks import CallbackForm, CompleteForm, ForwardForm, PickUpForm, ReopenForm, TaskForm
from crm.models import Department, Party, ProcessingActivity, StaffUser, Task, TaskEvent, Team
from crm.services.errors import Conflict, NotAllowed, NotFound
from crm.services.overview import preferred_reach
from crm.services.processing_log import log_processing
from crm.services.queues import department_queue, my_queue
from crm.services.tasks import complete_task, create_task, forward_task, pick_up_task, record_callback, reopen_task
from crm.validation import InvalidInput
from crm.views.changes import attempt, stamp_versions

bp = Blueprint("tasks", __name__, url_prefix="/taken")

FORMS = {
    "pick_up": PickUpForm,
    "callback": CallbackForm,
    "forward": ForwardForm,
    "complete": CompleteForm,
    "reopen": ReopenForm,
}


@bp.get("/mijn")
@permissions.requires("queue.read")
def mine():
    """My queue: the cases I own and the callback requests assigned to me."""
    return render_template("tasks/mine.html", queue=my_queue(current_user))


@bp.get("/afdeling")
@permissions.requires("queue.read")
def department():
    """The department queue: open callback requests and unowned cases of my departments."""
    department_id = request.args.get("afdeling", type=int)
    return render_template(
        "tasks/department.html", queue=department_queue(current_user, department_id), department_id=department_id
    )


@bp.route("/nieuw/<int:party_id>", methods=["GET", "POST"])
@permissions.requires("task.change")
def new(party_id: int):
    """Ask a department, team or person to call the citizen back, with an internal note."""
    party = db.session.get(Party, party_id)
    if party is None:
        raise NotFound("Deze partij bestaat niet.")
    form = TaskForm()
    _fill_target_choices(form)
    if request.method == "GET":
        form.reach_via.data = preferred_reach(party)
        form.department_id.data = current_user.departments[0].id if current_user.departments else None
    if form.validate_on_submit():
        try:
            task = create_task(
                form.subject.data,
                form.department_id.data,
                current_user,
                note=form.note.data,
                reach_via=form.reach_via.data,
                team_id=form.team_id.data,
                assignee_id=form.assignee_id.data,
                party_id=party.id,
            )
        except InvalidInput as error:
            db.session.rollback()
            show_error(form, error)
        else:
            flash(_("Het contactverzoek is gemaakt."), "success")
            return redirect(url_for("tasks.show", task_id=task.id))
    return render_template("tasks/new.html", form=form, party=party)


@bp.get("/<int:task_id>")
@permissions.requires("task.read")
def show(task_id: int):
    """One callback request with its history and what can be done next (a read of its party, logged)."""
    task = _load(task_id)
    if task.party_id is not None:
        log_processing(current_user, task.party_id, ProcessingActivity.SERVICE, object_type="task", object_id=task.id)
    return _render(task, {name: form_class(formdata=None, prefix=name) for name, form_class in FORMS.items()})


@bp.post("/<int:task_id>/<action>")
@permissions.requires("task.change")
def act(task_id: int, action: str):
    """Pick up, register a callback, forward, complete or reopen: one service call each."""
    if action not in FORMS:
        raise NotFound("Deze actie bestaat niet.")
    task = _load(task_id)
    if not permissions.can_change_task(current_user, task):
        raise NotAllowed("Alleen medewerkers van de afdeling kunnen dit contactverzoek behandelen.")
    # Each form has a prefix ("callback-note"), so fields of the forms on one page never share an id.
    forms = {name: form_class(formdata=None, prefix=name) for name, form_class in FORMS.items() if name != action}
    form = forms[action] = FORMS[action](prefix=action)
    _fill_target_choices(forms["forward"])
    outcome = attempt(form, lambda: _perform(action, task_id, form))
    if outcome.done:
        flash(_("Het contactverzoek is bijgewerkt."), "success")
        return redirect(url_for("tasks.show", task_id=task_id))
    if outcome.conflict:
        task = _load(task_id)
    return _render(task, forms, conflict=outcome.conflict, status=outcome.status)


def _perform(action: str, task_id: int, form) -> Task:
    version = form.version.data
    if action == "pick_up":
        return pick_up_task(task_id, current_user, expected_version=version)
    if action == "callback":
        return record_callback(task_id, current_user, form.outcome.data, form.note.data, expected_version=version)
    if action == "forward":
        return forward_task(
            task_id,
            current_user,
            form.note.data,
            department_id=form.department_id.data,
            team_id=form.team_id.data,
            assignee_id=form.assignee_id.data,
            expected_version=version,
        )
    if action == "complete":
        return complete_task(task_id, current_user, form.note.data, expected_version=version)
    return reopen_task(task_id, current_user, form.note.data, expected_version=version)


def _render(task: Task, forms: dict, conflict: Conflict | None = None, status: int = 200):
    if not forms["forward"].department_id.choices:
        _fill_target_choices(forms["forward"])
    stamp_versions(forms, task.version, conflict)
    return (
        render_template(
            "tasks/show.html",
            task=task,
            forms=forms,
            conflict=conflict,
            readable=permissions.can_read_content(current_user, task),
            can_change=permissions.can_change_task(current_user, task),
        ),
        status,
    )


def _fill_target_choices(form) -> None:
    """Departments, teams and people a request can be sent to; the service checks they fit together."""
    departments = db.session.scalars(select(Department).order_by(Department.name))
    form.department_id.choices = options([("", _("— kies —"))] + [(d.id, d.name) for d in departments])
    teams = db.session.scalars(select(Team).options(joinedload(Team.department)).order_by(Team.name))
    form.team_id.choices = options([("", _("— geen team —"))] + [(t.id, f"{t.name} ({t.department.name})") for t in teams])
    staff = db.session.scalars(select(StaffUser).filter_by(active=True).order_by(StaffUser.full_name))
    form.assignee_id.choices = options([("", _("— iedereen van de afdeling —"))] + [(s.id, s.full_name) for s in staff])


def _load(task_id: int) -> Task:
    task = db.session.scalar(
        select(Task)
        .where(Task.id == task_id)
        .options(
            joinedload(Task.party),
            joinedload(Task.department),
            joinedload(Task.team),
            joinedload(Task.assignee),
            joinedload(Task.created_by),
            selectinload(Task.events).joinedload(TaskEvent.actor),
        )
    )
    if task is None:
        raise NotFound("Deze taak bestaat niet.")
    return task
