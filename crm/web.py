"""The start page and the template helpers every page uses."""

from datetime import date, datetime

from flask import Blueprint, Flask, render_template
from flask_babel import format_date, format_datetime

from crm import permissions
from crm.validation import format_phone

bp = Blueprint("web", __name__)


@bp.get("/")
@permissions.requires("app.use")
def home():
    """The start page: where a member of staff begins the day."""
    return render_template("home.html")


def register_template_helpers(app: Flask) -> None:
    """Dutch date formats in Europe/Amsterdam and phone numbers as people write them."""

    @app.template_filter("datetime")
    def datetime_filter(value: datetime | None, format: str = "d MMM yyyy HH:mm") -> str:
        return format_datetime(value, format) if value else ""

    @app.template_filter("date")
    def date_filter(value: date | None, format: str = "d MMM yyyy") -> str:
        return format_date(value, format) if value else ""

    app.add_template_filter(format_phone, "phone")
