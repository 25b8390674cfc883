"""Merging duplicate parties: preview, confirm, list, and undo."""

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from crm import permissions
from crm.models import ProcessingAction, ProcessingActivity
from crm.privacy.blueprint import bp
from crm.privacy.forms import MergeForm
from crm.services.errors import Conflict, NotFound
from crm.services.party_merge import merge_parties, merges, preview_merge, undo_merge
from crm.services.processing_log import log_processing
from crm.validation import InvalidInput


@bp.route("/samenvoegen", methods=["GET", "POST"])
@permissions.requires("party.merge")
def merge():
    """Merge two duplicate parties: the first submit shows what will move, the second does it."""
    form = MergeForm()
    if form.validate_on_submit():
        survivor_id, duplicate_id = form.survivor_id.data, form.duplicate_id.data
        try:
            if form.confirmed.data == "ja":
                record = merge_parties(survivor_id, duplicate_id, current_user, form.reason.data)
                flash(
                    _("Partij %(duplicate)s is samengevoegd met partij %(survivor)s.", duplicate=duplicate_id, survivor=survivor_id),
                    "success",
                )
                return redirect(url_for("privacy.merges_list", _anchor=f"samenvoeging-{record.id}"))
            preview = preview_merge(survivor_id, duplicate_id)
        except InvalidInput as error:
            getattr(form, error.field or "duplicate_id", form.duplicate_id).errors.append(error.message)
        else:
            log_processing(current_user, [survivor_id, duplicate_id], ProcessingActivity.DATA_QUALITY, ProcessingAction.READ)
            form.confirmed.data = "ja"
            return render_template("privacy/merge_preview.html", form=form, preview=preview)
    return render_template("privacy/merge.html", form=form)


@bp.get("/samenvoegingen")
@permissions.requires("party.merge")
def merges_list():
    """Recent merges, each with what moved and a button to undo it."""
    return render_template("privacy/merges.html", merges=merges())


@bp.post("/samenvoegingen/<int:merge_id>/ongedaan-maken")
@permissions.requires("party.merge")
def undo(merge_id: int):
    """Undo a merge: the duplicate comes back with everything that moved."""
    try:
        record = undo_merge(merge_id, current_user)
    except NotFound:
        abort(404)
    except (InvalidInput, Conflict) as error:
        flash(error.message, "error")
    else:
        flash(_("De samenvoeging is ongedaan gemaakt; partij %(id)s is terug.", id=record.duplicate_id), "success")
    return redirect(url_for("privacy.merges_list"))

