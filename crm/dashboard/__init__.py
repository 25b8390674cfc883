"""Management dashboard for team leads and beheerders: figures as accessible SVG charts with a
data table beside each, a CSV download of every figure, and the same figures as JSON.

``GET /dashboard/data/<figure>.json`` returns plain data (see README.md, "Management
dashboard"); it is a plain Flask route until the figures move into the REST API.
"""

import csv
import io

from flask import Blueprint, abort, jsonify, render_template, request
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.datastructures import MultiDict
from wtforms.fields.choices import SelectChoice
from sqlalchemy import select

from crm import permissions
from crm.dashboard.figures import FIGURES, Figure, cell_text, csv_text, period_dates
from crm.dashboard.forms import SelectionForm
from crm.extensions import db
from crm.models import Department, Role
from crm.services.insight import Selection, default_selection, make_selection
from crm.validation import InvalidInput

bp = Blueprint("dashboard", __name__, url_prefix="/dashboard")


@bp.get("")
@permissions.requires("dashboard.read")
def index():
    """The dashboard page: the selection form and every figure as chart, table and downloads."""
    if not permissions.can_view_insight(current_user, None) and not _departments():
        abort(403)
    form, selection = _read_selection()
    figures = []
    if selection is not None:
        per_owner = permissions.can_view_staff_figures(current_user, selection.department_id)
        for figure in FIGURES.values():
            data = figure.compute(selection, per_owner)
            table = figure.table(data)
            figures.append((figure, table, figure.chart(data, table)))
    return render_template(
        "dashboard/index.html",
        form=form,
        selection=selection,
        figures=figures,
        cell_text=cell_text,
        period_dates=period_dates,
        query=as_query(selection) if selection is not None else {},
        department_name=_department_name(selection),
    )


@bp.get("/data/<figure>.json")
@permissions.requires("dashboard.read")
def figure_json(figure: str):
    """One figure as plain JSON data, for the same query parameters as the page."""
    spec = _figure(figure)
    form, selection = _read_selection()
    if selection is None:
        field, message = _first_error(form)
        return jsonify(code="invalid_input", message=message, field=field), 400
    data = spec.compute(selection, permissions.can_view_staff_figures(current_user, selection.department_id))
    return jsonify(figure=spec.slug, title=str(spec.title), selection=selection.as_dict(), data=data.as_dict())


@bp.get("/data/<figure>.csv")
@permissions.requires("dashboard.read")
def figure_csv(figure: str):
    """One figure as CSV (semicolons, decimal comma, UTF-8 with BOM: opens as-is in Dutch Excel)."""
    spec = _figure(figure)
    form, selection = _read_selection()
    if selection is None:
        field, message = _first_error(form)
        return message, 400, {"Content-Type": "text/plain; charset=utf-8"}
    table = spec.table(spec.compute(selection, permissions.can_view_staff_figures(current_user, selection.department_id)))
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([column.header for column in table.columns])
    for row in [*table.rows, *table.totals]:
        writer.writerow([csv_text(value, column.kind) for value, column in zip(row, table.columns)])
    filename = f"klantbeeld-{spec.slug}-{selection.first_day}-{selection.last_day}.csv"
    return (
        "\ufeff" + out.getvalue(),
        200,
        {"Content-Type": "text/csv; charset=utf-8", "Content-Disposition": f'attachment; filename="{filename}"'},
    )


def _department_name(selection: Selection | None) -> str:
    if selection is None or selection.department_id is None:
        return _("de hele gemeente")
    return db.session.get(Department, selection.department_id).name


def _figure(slug: str) -> Figure:
    spec = FIGURES.get(slug)
    if spec is None:
        abort(404)
    return spec


def _departments() -> list[Department]:
    """The departments this user may look at, for the selector."""
    departments = db.session.scalars(select(Department).order_by(Department.name))
    return [d for d in departments if permissions.can_view_insight(current_user, d.id)]


def _read_selection() -> tuple[SelectionForm, Selection | None]:
    """Fill the form from the query string (or the defaults) and turn it into a Selection.

    Refuses with 403 a department (or the whole municipality) the user may not see.
    """
    departments = _departments()
    own = [d for d in departments if d.id in current_user.department_ids]
    # A team lead starts with their own department, a beheerder with the whole municipality.
    default = default_selection(own[0].id if own and not permissions.has_role(current_user, Role.ADMIN) else None)
    # What is not in the query string keeps its default, so an API client may send only dates.
    formdata = MultiDict(as_query(default))
    for name in request.args:
        formdata.setlist(name, request.args.getlist(name))
    form = SelectionForm(formdata=formdata)
    form.department.choices = [SelectChoice("", _("Hele gemeente"))] if permissions.can_view_insight(current_user, None) else []
    form.department.choices += [SelectChoice(str(d.id), d.name) for d in departments]
    if not form.validate():
        return form, None
    department_id = _department_id(form.department.data)
    if not permissions.can_view_insight(current_user, department_id):
        abort(403)
    try:
        selection = make_selection(
            department_id, form.start.data, form.end.data, form.follow_up_days.data, form.shift_unit.data
        )
    except InvalidInput as error:
        getattr(form, error.field or "end").errors = [error.message]
        return form, None
    return form, selection


def as_query(selection: Selection) -> dict[str, str]:
    """The query-string parameters that ask for this selection (page, CSV and JSON alike)."""
    return {
        "department": str(selection.department_id or ""),
        "start": selection.first_day.isoformat(),
        "end": selection.last_day.isoformat(),
        "follow_up_days": str(selection.follow_up_days),
        "shift_unit": selection.shift_unit.value,
    }


def _department_id(value: str | None) -> int | None:
    if not value:
        return None
    try:
        return int(value)
    except ValueError:
        return -1  # no such department: make_selection or the permission check refuses it


def _first_error(form: SelectionForm) -> tuple[str, str]:
    for name, errors in form.errors.items():
        if errors:
            return name, str(errors[0])
    return "", _("Ongeldige selectie.")
