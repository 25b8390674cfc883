"""The ``privacy`` blueprint and its start page."""

from flask import Blueprint, render_template

from crm import permissions

bp = Blueprint("privacy", __name__, url_prefix="/privacy")


@bp.get("/")
@permissions.requires("app.use")
def index():
    """The privacy start page: links to what this user's role may do here."""
    return render_template("privacy/index.html")
