"""Changing a case: status with a reason, assigning, transferring with a handover note.

Every form carries the case's ``version`` as it was read, so a change made by someone else in
between is noticed instead of overwritten.
"""

from flask_babel import lazy_gettext as _l
from wtforms import IntegerField, SelectField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length
from wtforms.widgets import HiddenInput

from crm.forms import Form, optional_int, options
from crm.labels import CASE_STATUSES


class VersionedForm(Form):
    version = IntegerField(widget=HiddenInput(), validators=[InputRequired(_l("De versie van de zaak ontbreekt."))])


class StatusForm(VersionedForm):
    status = SelectField(_l("Nieuwe status"), choices=options(CASE_STATUSES.items()))
    reason = TextAreaField(
        _l("Reden"),
        validators=[DataRequired(_l("Een reden is verplicht.")), Length(max=4000, message=_l("Maximaal 4000 tekens."))],
    )


class AssignToMeForm(VersionedForm):
    pass


class TransferForm(VersionedForm):
    to_owner_id = SelectField(_l("Naar collega"), coerce=optional_int)
    to_department_id = SelectField(_l("Naar afdeling"), coerce=optional_int)
    note = TextAreaField(
        _l("Overdrachtsnotitie"),
        validators=[
            DataRequired(_l("Een overdrachtsnotitie is verplicht.")),
            Length(max=4000, message=_l("Maximaal 4000 tekens.")),
        ],
    )
