"""The staff workspace: one blueprint per area, templates under ``templates/<area>/``."""

from flask import Flask, render_template
from flask_login import current_user

from crm import labels, permissions
from crm.services.errors import NotAllowed, NotFound
from crm.services.overview import case_is_overdue
from crm.services.tasks import is_overdue
from crm.views import board, cases, contacts, lookup, parties, preferences, tasks

BLUEPRINTS = (lookup.bp, parties.bp, contacts.bp, cases.bp, tasks.bp, board.bp, preferences.bp)


def register(app: Flask) -> None:
    """Register the workspace's blueprints, its error pages and the label filters templates use."""
    for blueprint in BLUEPRINTS:
        app.register_blueprint(blueprint)
    app.register_error_handler(NotFound, _not_found)
    app.register_error_handler(NotAllowed, _not_allowed)
    app.add_template_global(is_overdue, "task_is_overdue")
    app.add_template_global(_can_read_content, "can_read_content")
    app.add_template_global(permissions.whom_to_ask, "whom_to_ask")
    app.add_template_global(permissions.board_departments, "board_departments")
    app.add_template_global(case_is_overdue, "case_is_overdue")
    for name, table in labels.ALL.items():
        app.add_template_filter(_label_filter(table), name)


def _can_read_content(item) -> bool:
    return permissions.can_read_content(current_user, item)


def _label_filter(table: dict):
    return lambda code: labels.label(table, code)


def _not_found(error: NotFound):
    return render_template("errors.html", status=404, message=error.message), 404


def _not_allowed(error: NotAllowed):
    return render_template("errors.html", status=403, message=error.message), 403
