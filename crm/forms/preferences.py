"""The user's own settings: the language of the workspace."""

from flask_babel import lazy_gettext as _l
from wtforms import SelectField

from crm.forms import Form, options
from crm.services.users import LANGUAGES


class LanguageForm(Form):
    language = SelectField(_l("Taal / Language"), choices=options(LANGUAGES.items()))
