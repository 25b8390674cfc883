"""The quarantine for beheerders: raw input that could not become a contact, to retry or dismiss."""

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from channels.errors import AdapterError
from crm import permissions
from crm.intake_views.forms import EmptyForm, RetryForm
from crm.services.errors import NotFound
from crm.services.quarantine import dismiss_quarantined, get_quarantined, open_quarantine, retry_quarantined
from crm.validation import InvalidInput

bp = Blueprint("quarantine", __name__, url_prefix="/beheer/quarantaine")


@bp.before_request
def only_admins():
    """Raw quarantined input is for beheerders only (permissions.py decides)."""
    if not permissions.can_manage_quarantine(current_user):
        abort(403)


@bp.get("")
@permissions.requires("admin.quarantine")
def index():
    """Everything in quarantine, newest first, with the first reason."""
    return render_template("intake/quarantine.html", items=open_quarantine(current_user))


@bp.get("/<int:item_id>")
@permissions.requires("admin.quarantine")
def show(item_id: int):
    """One quarantined input: its reasons, its raw text (editable when it is text) and the actions."""
    item = _item(item_id)
    form = RetryForm(data={"raw": _text(item.raw)})
    return _render(item, form)


@bp.post("/<int:item_id>/opnieuw")
@permissions.requires("admin.quarantine")
def retry(item_id: int):
    """Run the input through the intake again, with the beheerder's correction if any."""
    item = _item(item_id)
    form = RetryForm()
    if form.validate_on_submit():
        corrected = None
        original = _text(item.raw)
        if original is not None and form.raw.data is not None and _lines(form.raw.data) != _lines(original):
            corrected = form.raw.data.replace("\r\n", "\n").replace("\n", "\r\n").encode("utf-8")
        try:
            results = retry_quarantined(item.id, current_user, corrected_raw=corrected)
        except AdapterError:
            flash(_("Het lukt nog steeds niet; zie de redenen hieronder."), "error")
            return _render(_item(item_id), form, status=422)
        except InvalidInput as error:
            flash(error.message, "error")
            return _render(item, form, status=422)
        flash(_("Ingelezen: %(count)d contactmoment(en).", count=len(results)), "success")
        return redirect(url_for("quarantine.index"))
    return _render(item, form, status=422)


@bp.post("/<int:item_id>/afwijzen")
@permissions.requires("admin.quarantine")
def dismiss(item_id: int):
    """Close the entry without importing it."""
    item = _item(item_id)
    if EmptyForm().validate_on_submit():
        dismiss_quarantined(item.id, current_user)
        flash(_("Het item is uit de quarantaine gehaald zonder inlezen."), "success")
    return redirect(url_for("quarantine.index"))


def _item(item_id: int):
    try:
        return get_quarantined(item_id, current_user)
    except NotFound:
        abort(404)


def _render(item, form, status=200):
    editable = _text(item.raw) is not None
    return render_template("intake/quarantine_item.html", item=item, form=form, editable=editable, dismiss_form=EmptyForm()), status


def _text(raw: bytes) -> str | None:
    """The raw input as text when it is valid UTF-8 (so it can be edited safely), else None."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _lines(text: str) -> list[str]:
    return text.replace("\r\n", "\n").split("\n")
