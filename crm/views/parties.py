"""A party's page: the "never repeat your story" panel and the merged timeline."""

from flask import Blueprint, render_template, request
from flask_login import current_user
from sqlalchemy import select

from crm import permissions
from crm.extensions import db
from crm.models import Channel, Department, ProcessingActivity
from crm.services.overview import party_overview
from crm.services.processing_log import log_processing
from crm.services.timeline import KINDS, timeline_for
from crm.validation import InvalidInput

bp = Blueprint("parties", __name__, url_prefix="/partijen")

PAGE_SIZE = 50


@bp.get("/<int:party_id>")
@permissions.requires("party.read")
def show(party_id: int):
    """Everything about one citizen or organisation, newest first, filtered by channel, department or kind."""
    panel = party_overview(party_id, current_user)
    filters = {
        "channel": request.args.get("kanaal") or None,
        "department_id": request.args.get("afdeling", type=int),
        "kind": request.args.get("soort") if request.args.get("soort") in KINDS else None,
    }
    try:
        page = timeline_for(
            party_id,
            current_user,
            limit=PAGE_SIZE,
            cursor=request.args.get("cursor") or None,
            channel=filters["channel"],
            department_id=filters["department_id"],
            kinds={filters["kind"]} if filters["kind"] else None,
        )
    except InvalidInput as error:
        return render_template("errors.html", status=400, message=error.message), 400
    log_processing(current_user, party_id, ProcessingActivity.SERVICE, details={"page": "partij"})
    return render_template(
        "parties/show.html",
        panel=panel,
        party=panel.party,
        page=page,
        filters=filters,
        kinds=KINDS,
        channels=db.session.scalars(select(Channel).filter_by(active=True).order_by(Channel.sort_order)).all(),
        departments=db.session.scalars(select(Department).order_by(Department.name)).all(),
        first_page=not request.args.get("cursor"),
    )
