"""The one search box in the header of every page."""

from flask import Blueprint, redirect, render_template, request, url_for

from crm import permissions
from crm.services.lookup import look_up

bp = Blueprint("lookup", __name__)


@bp.get("/zoeken")
@permissions.requires("party.search")
def search():
    """Look up what was typed; a single party (or case) opens directly, else a list.

    When no identifier, name or address matches, the full-text search takes over, so a
    half-remembered subject ("die klacht over de container") still finds something.
    """
    result = look_up(request.args.get("q", ""))
    if party := result.single_party:
        return redirect(url_for("parties.show", party_id=party.id))
    if case := result.single_case:
        return redirect(url_for("cases.show", case_id=case.id))
    if result.query and result.found_nothing:
        return redirect(url_for("search.results", q=result.query))
    return render_template("lookup/results.html", result=result)
