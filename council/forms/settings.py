"""The municipality's by-law settings and the addressees of recommendations."""

from wtforms import BooleanField, HiddenField, IntegerField, SelectField, StringField

from .. import labels
from ..i18n import lazy_gettext as _l
from ..models import AddresseeKind, NumberingReset, QuorumRule
from ..services.settings import RANGES
from . import BaseForm, input_required, max_len, number_range, optional, required
from .councils import CHOICE_MESSAGES, url


def _number(label, name):
    lo, hi = RANGES[name]
    return IntegerField(label, validators=[input_required(), number_range(lo, hi)])


class SettingsForm(BaseForm):
    version = HiddenField()
    name = StringField(_l("Name of the municipality"), validators=[required(), max_len(200)])
    address = StringField(_l("Address"), validators=[optional(), max_len(300)])
    website = StringField(_l("Website"), validators=[optional(), max_len(300), url()])
    default_seats = _number(_l("Seats of a new council"), "default_seats")
    term_years = _number(_l("Term of office in years"), "term_years")
    notice_days_regular = _number(_l("Notice of a regular meeting, days"),
                                  "notice_days_regular")
    notice_days_extraordinary = _number(_l("Notice of an extraordinary meeting, days"),
                                        "notice_days_extraordinary")
    quorum_rule = SelectField(_l("Quorum"), choices=lambda: labels.choices(QuorumRule),
                              **CHOICE_MESSAGES)
    chair_casting_vote = BooleanField(_l("On a tie the chair's vote decides"))
    answer_working_days = _number(_l("Answer period, working days"), "answer_working_days")
    answer_extension_months = _number(_l("Extended answer period, months"),
                                      "answer_extension_months")
    numbering_reset = SelectField(_l("Minutes numbering restarts"),
                                  choices=lambda: labels.choices(NumberingReset),
                                  **CHOICE_MESSAGES)
    min_member_age = _number(_l("Minimum age of a member"), "min_member_age")


class AddresseeForm(BaseForm):
    kind = SelectField(_l("Kind"), choices=lambda: labels.choices(AddresseeKind),
                       **CHOICE_MESSAGES)
    name = StringField(_l("Addressee"), validators=[required(), max_len(200)])


class AddresseeEditForm(AddresseeForm):
    position = IntegerField(_l("Order on the list"),
                            validators=[input_required(), number_range(0, 999)])
    is_active = BooleanField(_l("Offered when sending recommendations"))
