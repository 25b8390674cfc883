"""Assigning one or many unowned cases and callback requests from the team lead's board."""

from flask_babel import lazy_gettext as _l
from wtforms import SelectField, SelectMultipleField

from crm.forms import Form, optional_int


class BulkAssignForm(Form):
    assignee_id = SelectField(_l("Toewijzen aan"), coerce=optional_int)
    case_ids = SelectMultipleField(_l("Zaken"), coerce=int, validate_choice=True)
    task_ids = SelectMultipleField(_l("Contactverzoeken"), coerce=int, validate_choice=True)
