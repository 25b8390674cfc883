"""A versioned change sent from a workspace page: done, refused for bad input, or overtaken by a colleague."""

from collections.abc import Callable
from dataclasses import dataclass

from flask_wtf import FlaskForm

from crm.extensions import db
from crm.forms import show_error
from crm.services.errors import Conflict
from crm.validation import InvalidInput


@dataclass(frozen=True)
class Outcome:
    done: bool
    conflict: Conflict | None = None

    @property
    def status(self) -> int:
        """The status of the page shown again: 409 when someone else changed it first, else 422."""
        return 409 if self.conflict else 422


def attempt(form: FlaskForm, change: Callable[[], object]) -> Outcome:
    """Validate the form and carry out the change; bad input lands on the form's fields, nothing half-saved."""
    if not form.validate_on_submit():
        return Outcome(done=False)
    try:
        change()
    except Conflict as conflict:
        db.session.rollback()
        return Outcome(done=False, conflict=conflict)
    except InvalidInput as error:
        db.session.rollback()
        show_error(form, error)
        return Outcome(done=False)
    return Outcome(done=True)


def stamp_versions(forms: dict[str, FlaskForm], version: int, conflict: Conflict | None) -> None:
    """Give every form the version the user now sees; after a conflict their next send is deliberate."""
    for form in forms.values():
        if conflict is not None or form.version.data is None:
            form.version.raw_data = None
            form.version.data = version
