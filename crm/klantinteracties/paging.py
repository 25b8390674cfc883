"""The standard's list conventions: ``page``/``pageSize`` and ``count``/``next``/``previous``/``results``,
and reading its query filters (a bad value is a 400 naming the parameter)."""

from datetime import datetime
from uuid import UUID

from flask import request
from werkzeug.exceptions import BadRequest

from crm.api.pagination import paginate
from crm.validation import InvalidInput

DEFAULT_PAGE_SIZE = 100
MAX_PAGE_SIZE = 500


def invalid(name: str, reason: str):
    error = InvalidInput("invalid", reason, name)
    return error


def page_of(statement, present) -> dict:
    """The requested page of ``statement`` in the standard's envelope."""
    page = integer_arg("page", 1, 1, 2**31 - 1)
    size = integer_arg("pageSize", DEFAULT_PAGE_SIZE, 1, MAX_PAGE_SIZE)
    return paginate(statement, page, size, present)


def integer_arg(name: str, default: int, low: int, high: int) -> int:
    raw = request.args.get(name)
    if raw is None:
        return default
    if not raw.strip().isdigit() or not low <= int(raw) <= high:
        raise invalid(name, f"Geef een geheel getal van {low} tot {high}.")
    return int(raw)


def text_arg(name: str) -> str | None:
    value = request.args.get(name)
    if value is not None and "\x00" in value:
        raise invalid(name, "Ongeldige tekst.")
    return value or None


def bool_arg(name: str) -> bool | None:
    raw = request.args.get(name)
    if raw is None or raw == "":
        return None
    if raw.lower() in {"true", "1"}:
        return True
    if raw.lower() in {"false", "0"}:
        return False
    raise invalid(name, "Geef true of false.")


def uuid_arg(name: str) -> UUID | None:
    raw = request.args.get(name)
    if not raw:
        return None
    try:
        return UUID(raw)
    except ValueError:
        raise invalid(name, "Geen geldige UUID.") from None


def choice_arg(name: str, choices) -> str | None:
    raw = request.args.get(name)
    if not raw:
        return None
    if raw not in choices:
        raise invalid(name, f"Kies uit: {', '.join(choices)}.")
    return raw


def datetime_arg(name: str) -> datetime | None:
    raw = request.args.get(name)
    if not raw:
        return None
    try:
        moment = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        raise invalid(name, "Geen geldig tijdstip (ISO 8601).") from None
    if moment.tzinfo is None:
        raise invalid(name, "Geef een tijdzone mee.")
    return moment


def json_body() -> dict:
    """The request body as a JSON object, or a 400."""
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        raise BadRequest("De inhoud moet een JSON-object zijn.")
    return data
