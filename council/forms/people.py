"""Forms of people: a person's name, territory, private contact and consent."""

from wtforms import BooleanField, DateField, HiddenField, SelectField, StringField
from wtforms.validators import Regexp

from .. import labels
from ..i18n import lazy_gettext as _l
from ..models import Citizenship
from . import BaseForm, email, max_len, optional, opts, required
from .councils import CHOICE_MESSAGES


def phone():
    return Regexp(r"^\+?[0-9][0-9 ()-]{4,38}$",
                  message=_l("Enter a phone number, e.g. +371 20000000."))


class PersonForm(BaseForm):
    full_name = StringField(_l("Given name and surname"), validators=[required(), max_len(200)])
    territory_id = SelectField(_l("Territorial unit of residence"), coerce=int, choices=[],
                               **CHOICE_MESSAGES)
    email = StringField(_l("E-mail"), validators=[optional(), email(), max_len(254)])
    phone = StringField(_l("Phone"), validators=[optional(), max_len(40), phone()])
    birth_date = DateField(_l("Birth date"), validators=[optional()])
    citizenship = SelectField(
        _l("Citizenship"), **CHOICE_MESSAGES,
        choices=lambda: opts([("", _l("— not known —"))]) + labels.choices(Citizenship))
    publish_consent = BooleanField(_l("Agrees that the name is published"))


class NewPersonForm(PersonForm):
    confirm_duplicate = BooleanField(_l("This is a different person: register anyway"))


class PersonEditForm(PersonForm):
    version = HiddenField()


class PeopleSearchForm(BaseForm):
    class Meta:
        csrf = False

    q = StringField(_l("Name"), validators=[optional(), max_len(200)])
    territory_id = SelectField(_l("Territorial unit"), coerce=int, choices=[],
                               validate_choice=False)
