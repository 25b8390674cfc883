"""The dashboard's selection form: department, date range and the settings of the figures."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, IntegerField, SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, NumberRange

from crm.services.insight import PeriodUnit
from crm.services.insight.selection import MAX_FOLLOW_UP_DAYS


class SelectionForm(FlaskForm):
    """Sent with GET, so a dashboard view is a link to share or bookmark.

    No CSRF token: the form only reads figures and changes nothing, and a token in the URL
    would leak into logs and bookmarks.
    """

    class Meta:
        csrf = False

    department = SelectField(_l("Afdeling"), choices=[], validate_choice=False)
    start = DateField(_l("Van"), validators=[InputRequired(_l("Vul een begindatum in."))])
    end = DateField(_l("Tot en met"), validators=[InputRequired(_l("Vul een einddatum in."))])
    follow_up_days = IntegerField(
        _l("Termijn voor ‘opgelost bij eerste contact’ (dagen)"),
        validators=[
            InputRequired(_l("Vul een aantal dagen in.")),
            NumberRange(1, MAX_FOLLOW_UP_DAYS, _l("Kies een termijn van 1 tot en met %(max)s dagen.", max=MAX_FOLLOW_UP_DAYS)),
        ],
    )
    shift_unit = SelectField(
        _l("Periode voor de kanaalverschuiving"),
        choices=[
            SelectChoice(PeriodUnit.WEEK.value, _l("week")),
            SelectChoice(PeriodUnit.MONTH.value, _l("maand")),
            SelectChoice(PeriodUnit.QUARTER.value, _l("kwartaal")),
        ],
    )
