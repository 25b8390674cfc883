"""The inzage pages: per party, who processed which of its data, when and why; also as CSV."""

import csv
import io

from flask import Response, abort, render_template, request
from flask_babel import format_datetime
from flask_login import current_user

from crm import permissions
from crm.extensions import db
from crm.models import Party, ProcessingAction, ProcessingActivity
from crm.privacy.blueprint import bp
from crm.privacy.lookup import party_lookup_page
from crm.services.party_merge import merged_duplicate_ids
from crm.services.processing_log import entries_for_party, log_processing
from crm.validation import InvalidInput

PAGE_SIZE = 100


@bp.route("/inzage", methods=["GET", "POST"])
@permissions.requires("processing_log.read")
def inzage_lookup():
    """Find the party whose processing log to open, by BSN or partijnummer."""
    return party_lookup_page(
        "privacy.party_log",
        "Inzage verwerkingen",
        "Zoek de partij waarvan u wilt zien wie haar gegevens heeft verwerkt.",
    )


@bp.get("/partijen/<int:party_id>/inzage")
@permissions.requires("processing_log.read")
def party_log(party_id: int):
    """Who looked at or changed this party's data, newest first; also of duplicates merged into it."""
    party, party_ids = _party_and_ids(party_id)
    page_number = request.args.get("pagina", 1, type=int)
    try:
        page = entries_for_party(party_ids, page=page_number, page_size=PAGE_SIZE)
    except InvalidInput:
        abort(404)
    log_processing(
        current_user, party_id, ProcessingActivity.SUPERVISION, ProcessingAction.READ, object_type="processing_log"
    )
    return render_template("privacy/party_log.html", party=party, party_id=party_id, page=page, merged=party_ids[1:])


@bp.get("/partijen/<int:party_id>/inzage.csv")
@permissions.requires("processing_log.read")
def party_log_csv(party_id: int):
    """The party's whole processing log as a CSV file (semicolons, for Dutch spreadsheets)."""
    _party, party_ids = _party_and_ids(party_id)
    log_processing(
        current_user, party_id, ProcessingActivity.SUPERVISION, ProcessingAction.EXPORT, object_type="processing_log"
    )
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(["tijdstip", "partijnummer", "medewerker", "handeling", "verwerkingsactiviteit", "object", "objectnummer", "trace-id"])
    page_number = 1
    while True:
        page = entries_for_party(party_ids, page=page_number, page_size=500, oldest_first=True)
        for entry in page.entries:
            writer.writerow(
                _cells(
                    format_datetime(entry.occurred_at, "yyyy-MM-dd HH:mm:ss"),
                    entry.party_id,
                    entry.actor_name,
                    entry.action_label,
                    entry.activity_label,
                    entry.object_type,
                    entry.object_id or "",
                    entry.trace_id,
                )
            )
        if not page.has_next:
            break
        page_number += 1
    filename = f"verwerkingen-partij-{party_id}.csv"
    return Response(
        "\ufeff" + buffer.getvalue(),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


def _party_and_ids(party_id: int) -> tuple[Party | None, list[int]]:
    party = db.session.get(Party, party_id)
    if party is None:
        # A removed duplicate still has its log; an id that never existed is not found.
        if not entries_for_party([party_id], page_size=1).total:
            abort(404)
        return None, [party_id]
    return party, [party_id, *merged_duplicate_ids(party_id)]


def _cells(*values) -> list[str]:
    """Cell texts that a spreadsheet will not run as a formula (CSV injection)."""
    cells = []
    for value in values:
        text = str(value)
        if text[:1] in ("=", "+", "-", "@", "\t", "\r"):
            text = "'" + text
        cells.append(text)
    return cells
