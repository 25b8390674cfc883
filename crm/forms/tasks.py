"""Callback requests: creating one, and picking up, calling back, forwarding, completing, reopening."""

from flask_babel import lazy_gettext as _l
from wtforms import IntegerField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length
from wtforms.widgets import HiddenInput

from crm.forms import Form, optional_int, options

_NOTE_LENGTH = Length(max=4000, message=_l("Maximaal 4000 tekens."))


class TaskForm(Form):
    subject = StringField(
        _l("Onderwerp"),
        validators=[DataRequired(_l("Onderwerp is verplicht.")), Length(max=300, message=_l("Maximaal 300 tekens."))],
    )
    department_id = SelectField(_l("Afdeling"), coerce=optional_int)
    team_id = SelectField(_l("Team (optioneel)"), coerce=optional_int)
    assignee_id = SelectField(_l("Medewerker (optioneel)"), coerce=optional_int)
    reach_via = StringField(
        _l("Hoe is de inwoner bereikbaar?"), validators=[Length(max=254, message=_l("Maximaal 254 tekens."))]
    )
    note = TextAreaField(_l("Interne notitie"), validators=[_NOTE_LENGTH])


class TaskVersionForm(Form):
    version = IntegerField(widget=HiddenInput(), validators=[InputRequired(_l("De versie van de taak ontbreekt."))])


class PickUpForm(TaskVersionForm):
    pass


class CallbackForm(TaskVersionForm):
    outcome = RadioField(
        _l("Uitkomst van het terugbellen"),
        choices=options(
            [("resolved", _l("gelukt: de inwoner is geholpen")), ("failed", _l("niet gelukt: geen gehoor of niet opgelost"))]
        ),
        validators=[InputRequired(_l("Kies een uitkomst."))],
    )
    note = TextAreaField(_l("Wat is er besproken?"), validators=[_NOTE_LENGTH])


class ForwardForm(TaskVersionForm):
    department_id = SelectField(_l("Naar afdeling"), coerce=optional_int)
    team_id = SelectField(_l("Team (optioneel)"), coerce=optional_int)
    assignee_id = SelectField(_l("Medewerker (optioneel)"), coerce=optional_int)
    note = TextAreaField(
        _l("Toelichting"), validators=[DataRequired(_l("Een toelichting is verplicht.")), _NOTE_LENGTH]
    )


class CompleteForm(TaskVersionForm):
    note = TextAreaField(_l("Afrondingsnotitie (optioneel)"), validators=[_NOTE_LENGTH])


class ReopenForm(TaskVersionForm):
    note = TextAreaField(_l("Reden om te heropenen"), validators=[DataRequired(_l("Een reden is verplicht.")), _NOTE_LENGTH])
