"""``/healthz``: is the app up and can it reach its database?"""

from flask import Blueprint, jsonify
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from crm import permissions
from crm.extensions import db

bp = Blueprint("health", __name__)


@bp.get("/healthz")
@permissions.public
def healthz():
    """Answer JSON with the database status; 503 when the database cannot be reached."""
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError:
        db.session.rollback()
        return jsonify(status="error", database="unreachable"), 503
    return jsonify(status="ok", database="ok", engine=db.engine.dialect.name)
