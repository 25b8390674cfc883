"""The workspace's web forms (Flask-WTF, so every one carries a CSRF token), one module per area.

Forms only describe fields and their labels; the services validate and decide.
"""

from flask_babel import get_locale
from flask_wtf import FlaskForm
from wtforms import SelectChoice
from wtforms.i18n import get_translations

from crm.validation import InvalidInput


class Form(FlaskForm):
    """A FlaskForm whose built-in messages (e.g. "Ongeldige keuze.") follow the user's language."""

    class Meta(FlaskForm.Meta):
        def get_translations(self, form):
            return get_translations([str(get_locale() or "nl")])


def options(pairs) -> list[SelectChoice]:
    """Select or radio options from (value, label) pairs."""
    return [SelectChoice(value, label) for value, label in pairs]


def optional_int(value) -> int | None:
    """Coerce a select's value: the empty choice means nothing was chosen."""
    if value in (None, "", "None"):
        return None
    return int(value)


def show_error(form: FlaskForm, error: InvalidInput, aliases: dict[str, str] | None = None) -> None:
    """Put a service's Dutch message next to the field it is about, or above the form."""
    name = (aliases or {}).get(error.field, error.field)
    target = getattr(form, name, None) if name else None
    if target is not None and hasattr(target, "errors") and not isinstance(target, type):
        if not isinstance(target.errors, list):
            target.errors = list(target.errors)
        target.errors.append(error.message)
    else:
        form.form_errors.append(error.message)
