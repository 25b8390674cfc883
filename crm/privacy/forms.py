"""Forms of the privacy pages; each re-renders with Dutch field errors and keeps what was typed."""

from flask_wtf import FlaskForm
from wtforms import HiddenField, IntegerField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

# The largest id a PostgreSQL integer column holds; a larger number is simply not a party.
MAX_ID = 2**31 - 1


class PartyLookupForm(FlaskForm):
    # Posted, never in the address: a BSN must not end up in access logs or browser history.
    reference = StringField(
        "BSN of partijnummer", validators=[DataRequired("Vul een BSN of partijnummer in."), Length(max=40)]
    )


class RetentionRuleForm(FlaskForm):
    case_type_id = SelectField("Zaaktype", coerce=int, validators=[Optional()])
    channel_id = SelectField("Kanaal", coerce=int, validators=[Optional()])
    term_months = IntegerField(
        "Bewaartermijn in maanden",
        validators=[
            InputRequired("Vul een termijn in maanden in."),
            NumberRange(1, 1200, "Een termijn is 1 tot 1200 maanden."),
        ],
    )
    action = SelectField(
        "Wat gebeurt er na afloop",
        choices=[SelectChoice("pseudonymise", "Pseudonimiseren"), SelectChoice("delete", "Vernietigen")],
        validators=[DataRequired("Kies wat er na afloop gebeurt.")],
    )
    basis = StringField("Grondslag (bijvoorbeeld categorie van de selectielijst)", validators=[Length(max=300)])


class MergeForm(FlaskForm):
    survivor_id = IntegerField(
        "Partijnummer dat blijft", validators=[InputRequired("Vul het partijnummer in dat blijft."), NumberRange(1, MAX_ID, "Dit is geen partijnummer.")]
    )
    duplicate_id = IntegerField(
        "Partijnummer van de dubbele partij", validators=[
            InputRequired("Vul het partijnummer van de dubbele partij in."),
            NumberRange(1, MAX_ID, "Dit is geen partijnummer."),
        ]
    )
    reason = TextAreaField(
        "Reden", validators=[DataRequired("Geef een reden voor het samenvoegen."), Length(max=2000)]
    )
    confirmed = HiddenField()
