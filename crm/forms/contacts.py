"""Registering a contact (with its follow-up) and linking an anonymous one to a party."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from crm.forms import Form, optional_int, options
from crm.labels import DIRECTIONS, OUTCOMES
from crm.services.registration import FollowUp


class ContactForm(Form):
    channel = SelectField(_l("Kanaal"), validators=[DataRequired(_l("Kies een kanaal."))])
    direction = RadioField(_l("Richting"), choices=options(DIRECTIONS.items()), default="inbound")
    subject = StringField(
        _l("Onderwerp"),
        validators=[DataRequired(_l("Onderwerp is verplicht.")), Length(max=300, message=_l("Maximaal 300 tekens."))],
    )
    content = TextAreaField(_l("Vraag of inhoud"), validators=[Optional()])
    answer = TextAreaField(_l("Gegeven antwoord"), validators=[Optional()])
    outcome = SelectField(_l("Uitkomst"), choices=options([("", _l("— nog geen uitkomst —")), *OUTCOMES.items()]))
    department_id = SelectField(_l("Afdeling"), coerce=optional_int)
    confidential = BooleanField(_l("Vertrouwelijk (alleen zichtbaar voor de afdeling)"))
    follow_up = RadioField(
        _l("Vervolg"),
        choices=options([
            (FollowUp.NONE.value, _l("Geen vervolg")),
            (FollowUp.LINK_CASE.value, _l("Koppelen aan een lopende zaak")),
            (FollowUp.NEW_CASE.value, _l("Nieuwe zaak openen")),
            (FollowUp.CALLBACK.value, _l("Contactverzoek (terugbelverzoek) maken")),
        ]),
        default=FollowUp.NONE.value,
    )
    case_id = SelectField(_l("Lopende zaak"), coerce=optional_int)
    case_type_id = SelectField(_l("Zaaktype van de nieuwe zaak"), coerce=optional_int)
    callback_department_id = SelectField(_l("Afdeling die terugbelt"), coerce=optional_int)
    callback_team_id = SelectField(_l("Team (optioneel)"), coerce=optional_int)
    callback_assignee_id = SelectField(_l("Medewerker (optioneel)"), coerce=optional_int)
    callback_reach_via = StringField(
        _l("Hoe is de inwoner bereikbaar?"), validators=[Length(max=254, message=_l("Maximaal 254 tekens."))]
    )
    callback_note = TextAreaField(_l("Interne notitie voor de terugbeller"))
