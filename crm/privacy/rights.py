"""Access requests (inzageverzoeken): all data about one party as JSON or as a printable page."""

import json

from flask import Response, abort, render_template
from flask_login import current_user

from crm import permissions
from crm.privacy.blueprint import bp
from crm.privacy.lookup import party_lookup_page
from crm.services.errors import NotFound
from crm.services.subject_access import export_party_data


@bp.route("/inzageverzoek", methods=["GET", "POST"])
@permissions.requires("party.export")
def access_request():
    """Find the party whose data to export for an access request."""
    return party_lookup_page(
        "privacy.party_export", "Inzageverzoek", "Zoek de partij die om inzage in haar gegevens vraagt."
    )


@bp.get("/partijen/<int:party_id>/gegevens")
@permissions.requires("party.export")
def party_export(party_id: int):
    """A printable page with all data about the party, to hand or send to the citizen."""
    data = _export(party_id, "html")
    return render_template("privacy/export.html", data=data, party_id=party_id)


@bp.get("/partijen/<int:party_id>/gegevens.json")
@permissions.requires("party.export")
def party_export_json(party_id: int):
    """All data about the party as a JSON download."""
    data = _export(party_id, "json")
    return Response(
        json.dumps(data, ensure_ascii=False, indent=2),
        mimetype="application/json",
        headers={"Content-Disposition": f'attachment; filename="gegevens-partij-{party_id}.json"'},
    )


def _export(party_id: int, form: str) -> dict:
    try:
        return export_party_data(party_id, current_user, form=form)
    except NotFound:
        abort(404)
