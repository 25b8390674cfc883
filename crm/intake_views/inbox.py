"""The "Te identificeren" inbox: contacts the intake could not link to exactly one party."""

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from crm import permissions
from crm.intake_views.errors import show_errors
from crm.intake_views.forms import DismissForm, LinkForm, PersonForm
from crm.services.errors import NotAllowed, NotFound
from crm.services.identification import (
    REASON_LABELS,
    candidate_parties,
    create_person_for_contact,
    dismiss_identification,
    get_identification,
    link_contact_to_party,
    open_identifications,
    party_reference,
)
from crm.services.parties import PersonInput
from crm.validation import InvalidInput

bp = Blueprint("inbox", __name__, url_prefix="/te-identificeren")

# Service field → form field, for showing an error where it belongs.
_PERSON_FIELDS = {"surname": "surname", "bsn": "bsn", "email": "email", "phone": "phone"}


@bp.before_request
def only_staff():
    """The inbox is for staff who serve citizens (permissions.py decides)."""
    if not permissions.can_identify_contacts(current_user):
        abort(403)


@bp.get("")
@permissions.requires("contact.identify")
def index():
    """The list of contacts waiting for a party, oldest first."""
    items = open_identifications()
    return render_template("intake/inbox.html", items=items, reasons=REASON_LABELS, readable=_readable(items))


@bp.get("/<int:item_id>")
@permissions.requires("contact.identify")
def show(item_id: int):
    """One waiting contact with its hints, and the forms to link it, create a person or close it."""
    item = _item(item_id)
    hints = item.hints or {}
    person = PersonForm(data={"bsn": hints.get("bsn"), "email": hints.get("email"), "phone": hints.get("phone"), "surname": _surname(hints.get("name"))})
    return _render(item, LinkForm(), person, DismissForm())


@bp.post("/<int:item_id>/koppelen")
@permissions.requires("contact.identify")
def link(item_id: int):
    """Link the contact to an existing party, typed as a party number or a BSN."""
    item = _item(item_id)
    form = LinkForm()
    if form.validate_on_submit():
        try:
            link_contact_to_party(item.id, current_user, note=form.note.data or "", **party_reference(form.party.data))
        except InvalidInput as error:
            form.party.errors.append(error.message)
        except NotAllowed:
            abort(403)
        else:
            flash(_("Het contactmoment is gekoppeld aan %(name)s.", name=item.party.display_name), "success")
            return redirect(url_for("inbox.index"))
    return _render(item, form, PersonForm(formdata=None), DismissForm(formdata=None), status=422)


@bp.post("/<int:item_id>/nieuwe-persoon")
@permissions.requires("contact.identify")
def create_person(item_id: int):
    """Register the sender as a new person and link the contact to them."""
    item = _item(item_id)
    form = PersonForm()
    loose = []
    if form.validate_on_submit():
        data = PersonInput(
            surname=form.surname.data,
            given_names=form.given_names.data or "",
            surname_prefix=form.surname_prefix.data or "",
            birth_date=form.birth_date.data,
            bsn=form.bsn.data or None,
            emails=[form.email.data] if form.email.data else [],
            phones=[form.phone.data] if form.phone.data else [],
        )
        try:
            create_person_for_contact(item.id, data, current_user)
        except InvalidInput as error:
            loose = show_errors(form, error, _PERSON_FIELDS)
        except NotAllowed:
            abort(403)
        else:
            flash(_("%(name)s is aangemaakt en het contactmoment is gekoppeld.", name=item.party.display_name), "success")
            return redirect(url_for("inbox.index"))
    item = _item(item_id)
    return _render(item, LinkForm(formdata=None), form, DismissForm(formdata=None), status=422, loose=loose)


@bp.post("/<int:item_id>/afsluiten")
@permissions.requires("contact.identify")
def dismiss(item_id: int):
    """Close the item without a party (spam, a wrong number)."""
    item = _item(item_id)
    form = DismissForm()
    if form.validate_on_submit():
        try:
            dismiss_identification(item.id, current_user, form.note.data)
        except InvalidInput as error:
            form.note.errors.append(error.message)
        else:
            flash(_("Het contactmoment is afgesloten zonder partij."), "success")
            return redirect(url_for("inbox.index"))
    return _render(item, LinkForm(formdata=None), PersonForm(formdata=None), form, status=422)


def _item(item_id: int):
    try:
        return get_identification(item_id)
    except NotFound:
        abort(404)


def _render(item, link_form, person_form, dismiss_form, status=200, loose=()):
    return (
        render_template(
            "intake/inbox_item.html",
            item=item,
            reasons=REASON_LABELS,
            candidates=candidate_parties(item),
            readable=permissions.can_read_content(current_user, item.contact),
            link_form=link_form,
            person_form=person_form,
            dismiss_form=dismiss_form,
            loose=loose,
        ),
        status,
    )


def _readable(items) -> dict[int, bool]:
    return {item.id: permissions.can_read_content(current_user, item.contact) for item in items}


def _surname(name: str | None) -> str | None:
    """A first guess at the surname from a display name ("Anna Jansen" → "Jansen"); staff correct it."""
    if not name or "@" in name:
        return None
    return name.split()[-1]
