"""The team lead's board: unowned, overdue and near-deadline work per department; assign in bulk."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from crm import permissions
from crm.forms import options, show_error
from crm.forms.board import BulkAssignForm
from crm.services.board import board_for, bulk_assign
from crm.services.errors import Conflict, NotAllowed
from crm.validation import InvalidInput

bp = Blueprint("board", __name__, url_prefix="/bord")


@bp.get("/")
@permissions.requires("board.read")
def index():
    """Open the board of the team lead's first department (or say there is none)."""
    departments = permissions.board_departments(current_user)
    if not departments:
        raise NotAllowed("Het bord is er voor teamleiders.")
    return redirect(url_for("board.show", department_id=departments[0].id))


@bp.route("/<int:department_id>", methods=["GET", "POST"])
@permissions.requires("board.read", POST="case.assign")
def show(department_id: int):
    """The board of one department; the form assigns the ticked cases and requests to one member."""
    board = board_for(department_id, current_user)
    form = BulkAssignForm()
    form.assignee_id.choices = options([("", _("— kies een medewerker —"))] + [(m.id, m.full_name) for m in board.members])
    form.case_ids.choices = options([(c.id, c.number) for c in board.unowned_cases])
    form.task_ids.choices = options([(t.id, str(t.id)) for t in board.unowned_tasks])
    if form.validate_on_submit():
        try:
            count = bulk_assign(
                department_id,
                form.assignee_id.data,
                current_user,
                case_ids=form.case_ids.data or [],
                task_ids=form.task_ids.data or [],
            )
        except InvalidInput as error:
            show_error(form, error, {"items": "case_ids"})
        except Conflict as error:
            form.form_errors.append(error.message)
        else:
            name = next(m.full_name for m in board.members if m.id == form.assignee_id.data)
            flash(_("Toegewezen aan %(name)s: %(count)d.", name=name, count=count), "success")
            return redirect(url_for("board.show", department_id=department_id))
    status = 422 if request.method == "POST" else 200
    return render_template(
        "board/show.html", board=board, form=form, departments=permissions.board_departments(current_user)
    ), status
