"""Forms of the intake pages: the inbox actions, counter and post registration, quarantine."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileSize
from wtforms import DateField, DateTimeLocalField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

OUTCOME_CHOICES = [
    SelectChoice("", _l("Nog niet bekend")),
    SelectChoice("resolved", _l("Gelukt")),
    SelectChoice("failed", _l("Niet gelukt")),
    SelectChoice("transferred", _l("Doorverbonden")),
    SelectChoice("callback_requested", _l("Contactverzoek gemaakt")),
]
SCAN_TYPES = ["pdf", "jpg", "jpeg", "png", "tif", "tiff"]


class LinkForm(FlaskForm):
    """Link an inbox contact to a party typed as a party number, a BSN or something to search by."""

    party = StringField(_l("Partij"), validators=[DataRequired(_l("Vul een partijnummer, BSN of ander gegeven in."))])
    note = StringField(_l("Toelichting (optioneel)"), validators=[Optional(), Length(max=4000)])


class PersonForm(FlaskForm):
    """A new person for an inbox contact, pre-filled from the contact's hints."""

    given_names = StringField(_l("Voornamen"), validators=[Optional(), Length(max=200)])
    surname_prefix = StringField(_l("Tussenvoegsel"), validators=[Optional(), Length(max=20)])
    surname = StringField(_l("Achternaam"), validators=[DataRequired(_l("Vul de achternaam in.")), Length(max=200)])
    birth_date = DateField(_l("Geboortedatum"), validators=[Optional()])
    bsn = StringField(_l("BSN"), validators=[Optional(), Length(max=20)])
    email = StringField(_l("E-mailadres"), validators=[Optional(), Length(max=254)])
    phone = StringField(_l("Telefoonnummer"), validators=[Optional(), Length(max=30)])


class DismissForm(FlaskForm):
    """Close an inbox contact without a party, with a reason."""

    note = StringField(_l("Reden"), validators=[DataRequired(_l("Geef een reden op.")), Length(max=4000)])


class CounterForm(FlaskForm):
    """A visit at the desk; ``token`` makes a double submit one contact."""

    token = HiddenField()
    occurred_at = DateTimeLocalField(_l("Tijdstip van het bezoek"), validators=[DataRequired(_l("Vul het tijdstip in."))])
    product = StringField(_l("Onderwerp of product"), validators=[DataRequired(_l("Vul het onderwerp in.")), Length(max=300)])
    notes = TextAreaField(_l("Vraag of toelichting"), validators=[Optional(), Length(max=20000)])
    answer = TextAreaField(_l("Gegeven antwoord"), validators=[Optional(), Length(max=20000)])
    outcome = SelectField(_l("Uitkomst"), choices=OUTCOME_CHOICES, default="")
    bsn = StringField(_l("BSN van de bezoeker"), validators=[Optional(), Length(max=20)])
    name = StringField(_l("Naam van de bezoeker"), validators=[Optional(), Length(max=200)])
    email = StringField(_l("E-mailadres"), validators=[Optional(), Length(max=254)])
    phone = StringField(_l("Telefoonnummer"), validators=[Optional(), Length(max=30)])


class LetterForm(FlaskForm):
    """A received letter; ``token`` makes a double submit one contact."""

    token = HiddenField()
    received_on = DateField(_l("Datum van ontvangst"), validators=[DataRequired(_l("Vul de datum van ontvangst in."))])
    registration_number = StringField(_l("Registratienummer (optioneel)"), validators=[Optional(), Length(max=200)])
    subject = StringField(_l("Onderwerp"), validators=[DataRequired(_l("Vul het onderwerp in.")), Length(max=300)])
    summary = TextAreaField(_l("Samenvatting"), validators=[Optional(), Length(max=20000)])
    sender_name = StringField(_l("Naam afzender"), validators=[Optional(), Length(max=200)])
    sender_address = StringField(_l("Adres afzender"), validators=[Optional(), Length(max=500)])
    sender_bsn = StringField(_l("BSN afzender"), validators=[Optional(), Length(max=20)])
    sender_kvk = StringField(_l("KvK-nummer afzender"), validators=[Optional(), Length(max=20)])
    scan = FileField(
        _l("Scan van de brief (optioneel)"),
        validators=[
            FileAllowed(SCAN_TYPES, _l("Kies een PDF-, JPG-, PNG- of TIFF-bestand.")),
            FileSize(max_size=20 * 1024 * 1024, message=_l("De scan is groter dan 20 MB.")),
        ],
    )


class RetryForm(FlaskForm):
    """Retry quarantined input, with the beheerder's correction of the raw text."""

    raw = TextAreaField(_l("Ruwe invoer"), validators=[Optional()])


class EmptyForm(FlaskForm):
    """A button only; the form exists for its CSRF token."""
