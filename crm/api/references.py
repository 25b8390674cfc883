"""Checks that ids in a request body point at something, so a bad id is a 422 and not a database error."""

from crm.extensions import db
from crm.validation import InvalidInput


def require_existing(model, ident: int | None, field: str, message: str) -> None:
    """Refuse an id in the body that refers to nothing."""
    if ident is not None and db.session.get(model, ident) is None:
        raise InvalidInput(f"unknown_{field.removesuffix('_id')}", message, field)
