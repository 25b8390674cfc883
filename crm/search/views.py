"""The full-text results page, ``/zoeken/tekst?q=...``, grouped by kind."""

from flask import Blueprint, current_app, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import SearchField
from wtforms.validators import Length

from crm import permissions
from crm.search.documents import KINDS
from crm.search.service import MAX_QUERY_LENGTH, Hit, search
from crm.validation import InvalidInput

bp = Blueprint("search", __name__, url_prefix="/zoeken")

PER_GROUP = 10
# "Meer" on one group shows this many of that kind.
PER_KIND = 50

# Where a hit links to, in order of preference; a page that does not exist (yet) is skipped.
LINKS = {
    "party": [("parties.show", "party_id", "id")],
    "case": [("cases.show", "case_id", "id")],
    "contact": [("contacts.show", "contact_id", "id"), ("parties.show", "party_id", "party_id")],
    "task": [("tasks.show", "task_id", "id"), ("parties.show", "party_id", "party_id")],
}


class SearchForm(FlaskForm):
    class Meta:
        csrf = False  # a GET form that changes nothing

    q = SearchField(
        _l("Zoeken in alle tekst"),
        validators=[Length(max=MAX_QUERY_LENGTH, message=_l("Gebruik hoogstens %(max)d tekens.", max=MAX_QUERY_LENGTH))],
    )


@bp.get("/tekst")
@permissions.requires("party.search")
def results():
    """Search names, addresses, contacts, cases and requests; confidential text only for its department."""
    form = SearchForm(request.args)
    kind = request.args.get("soort") if request.args.get("soort") in KINDS else None
    found = None
    if form.q.data and form.validate():
        try:
            found = search(
                form.q.data,
                current_user,
                kinds=(kind,) if kind else None,
                limit=PER_KIND if kind else PER_GROUP,
            )
        except InvalidInput as error:
            form.q.errors.append(error.message)
    return render_template("search/results.html", form=form, results=found, kind=kind, link=hit_link)


def hit_link(hit: Hit) -> str | None:
    """The page of a hit (or of its party), when that page exists."""
    for endpoint, parameter, attribute in LINKS[hit.kind]:
        value = getattr(hit, attribute)
        if endpoint in current_app.view_functions and value is not None:
            return url_for(endpoint, **{parameter: value})
    return None
