"""The user's own settings: the language the workspace speaks to them in."""

from flask import Blueprint, flash, redirect, render_template, request
from flask_babel import gettext as _
from flask_babel import refresh
from flask_login import current_user

from crm import permissions
from crm.auth import safe_next
from crm.forms import show_error
from crm.forms.preferences import LanguageForm
from crm.services.users import set_language
from crm.validation import InvalidInput

bp = Blueprint("preferences", __name__, url_prefix="/instellingen")


@bp.route("/taal", methods=["GET", "POST"])
@permissions.requires("app.use")
def language():
    """Choose Dutch or English; the choice is kept with the account."""
    form = LanguageForm()
    if request.method == "GET":
        form.language.data = current_user.language
    if form.validate_on_submit():
        try:
            set_language(current_user.id, form.language.data)
        except InvalidInput as error:
            show_error(form, error)
        else:
            refresh()  # the locale of this request was chosen before the change
            flash(_("De taal is gewijzigd."), "success")
            return redirect(safe_next(request.args.get("next")))
    return render_template("preferences/language.html", form=form)
