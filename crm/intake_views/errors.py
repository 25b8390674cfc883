"""Putting the reasons of a refused input next to the form fields they belong to."""

from flask_babel import gettext as _
from flask_wtf import FlaskForm

from channels.errors import AdapterError
from crm.validation import InvalidInput


def show_errors(form: FlaskForm, error: AdapterError | InvalidInput, fields: dict[str, str]) -> list[str]:
    """Attach each reason to its form field (``fields`` maps reason field → form field name).

    Returns the messages that belong to no field, for a summary above the form.
    """
    reasons = error.reasons if isinstance(error, AdapterError) else [error]
    loose = []
    for reason in reasons:
        name = fields.get(reason.field or "", "")
        field = getattr(form, name, None) if name else None
        if field is not None:
            field.errors = list(field.errors) + [reason.message]
        else:
            loose.append(reason.message)
    if loose or not reasons:
        return loose or [_("Dit kon niet worden opgeslagen.")]
    return []
