"""The one search box in the header of every page."""

from flask import Blueprint, redirect, render_template, request, url_for

from crm import permissions
from crm.services.lookup import look_up

bp = Blueprint("lookup", __name__)


@bp.get("/zoeken")
@permissions.requires("party.search")
def search():
    """Look up what was typed; a single party (or case) opens directly, else a list or "niets gevonden"."""
    result = look_up(request.args.get("q", ""))
    if party := result.single_party:
        return redirect(url_for("parties.show", party_id=party.id))
    if case := result.single_case:
        return redirect(url_for("cases.show", case_id=case.id))
    full_text_hits = full_text_fallback(result)
    return render_template("lookup/results.html", result=result, full_text_hits=full_text_hits)


def full_text_fallback(result) -> list:
    """Where free text that no index look-up recognised goes on to the full-text search.

    The full-text search (crm/search/) plugs in here when it is merged; until then nothing
    is found beyond the index look-ups and the page says so.
    """
    return []
