"""Registering a counter (balie) visit and a received letter: the two channels typed in by staff."""

import uuid
from datetime import date, datetime
from zoneinfo import ZoneInfo

from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.utils import secure_filename

from channels import Attachment
from channels.errors import AdapterError
from crm import permissions
from crm.intake_views.errors import show_errors
from crm.intake_views.forms import CounterForm, LetterForm
from crm.services.intake import receive_channel_event

bp = Blueprint("registration", __name__)

# Reason field (from the adapter or the identification) → form field.
_COUNTER_FIELDS = {"bsn": "bsn", "kvk": "bsn", "occurred_at": "occurred_at", "product": "product", "outcome": "outcome"}
_LETTER_FIELDS = {"bsn": "sender_bsn", "kvk": "sender_kvk", "received_on": "received_on", "subject": "subject", "scan.filename": "scan"}


@bp.before_request
def only_staff():
    """Registering contacts is for staff who serve citizens (permissions.py decides)."""
    if not permissions.can_register_contacts(current_user):
        abort(403)


@bp.route("/balie/registreren", methods=["GET", "POST"])
@permissions.requires("contact.record")
def counter():
    """Register a visit at the desk; the visitor is identified by BSN, e-mail or phone when given."""
    form = CounterForm()
    loose = []
    if not form.is_submitted():
        form.token.data = uuid.uuid4().hex
        form.occurred_at.data = datetime.now(_zone()).replace(second=0, microsecond=0, tzinfo=None)
    elif form.validate():
        payload = {
            "visit_id": f"balie-formulier:{form.token.data or uuid.uuid4().hex}",
            "occurred_at": form.occurred_at.data.replace(tzinfo=_zone()).isoformat(),
            "product": form.product.data,
            "notes": form.notes.data,
            "answer": form.answer.data,
            "outcome": form.outcome.data or None,
            "visitor": _identity(form.bsn.data, None, form.name.data, form.email.data, form.phone.data),
        }
        try:
            result = receive_channel_event("balie", payload, actor=current_user)
        except AdapterError as error:
            loose = show_errors(form, error, _COUNTER_FIELDS)
        else:
            _flash_result(result)
            return redirect(url_for("registration.counter"))
    status = 422 if form.is_submitted() else 200
    return render_template("intake/counter.html", form=form, loose=loose), status


@bp.route("/post/registreren", methods=["GET", "POST"])
@permissions.requires("contact.record")
def letter():
    """Register a received letter, optionally with its scan (kept under the instance folder)."""
    form = LetterForm()
    loose = []
    if not form.is_submitted():
        form.token.data = uuid.uuid4().hex
        form.received_on.data = date.today()
    elif form.validate():
        payload = {
            "registration_number": form.registration_number.data or f"post-formulier:{form.token.data or uuid.uuid4().hex}",
            "received_on": form.received_on.data.isoformat(),
            "subject": form.subject.data,
            "summary": form.summary.data,
            "sender": {
                **_identity(form.sender_bsn.data, form.sender_kvk.data, form.sender_name.data, None, None),
                "address": form.sender_address.data or None,
            },
        }
        try:
            result = receive_channel_event("post", payload, actor=current_user, attachments=_scan(form))
        except AdapterError as error:
            loose = show_errors(form, error, _LETTER_FIELDS)
        else:
            _flash_result(result)
            return redirect(url_for("registration.letter"))
    status = 422 if form.is_submitted() else 200
    return render_template("intake/letter.html", form=form, loose=loose), status


def _identity(bsn, kvk, name, email, phone) -> dict:
    given = {"bsn": bsn, "kvk": kvk, "name": name, "email": email, "phone": phone}
    return {key: value.strip() for key, value in given.items() if value and value.strip()}


def _scan(form: LetterForm) -> tuple[Attachment, ...]:
    upload = form.scan.data
    if not upload or not upload.filename:
        return ()
    content = upload.read()
    name = secure_filename(upload.filename) or "scan"
    return (Attachment(filename=name, content_type=upload.mimetype or "application/octet-stream", size=len(content), content=content),)


def _flash_result(result) -> None:
    if result.status == "duplicate":
        flash(_("Dit contactmoment was al geregistreerd."), "info")
    elif result.needs_identification:
        flash(_("Het contactmoment is geregistreerd. De afzender is niet herkend; het staat in Te identificeren."), "warning")
    else:
        flash(_("Het contactmoment is geregistreerd bij %(name)s.", name=result.contact.party.display_name), "success")


def _zone() -> ZoneInfo:
    return ZoneInfo(current_app.config["TIMEZONE"])
