"""Forms of council formation: the council record, status verbs and council roles."""

from wtforms import (
    DateField,
    HiddenField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import URL
from wtforms.widgets import CheckboxInput, ListWidget

from ..i18n import lazy_gettext as _l
from ..models import CouncilRoleKind
from . import BaseForm, email, input_required, max_len, number_range, optional, opts, required

CHOOSE_FROM_LIST = _l("Choose from the list.")
# For select fields: a value that is not an option, or not even a number, gets one message.
CHOICE_MESSAGES = {"invalid_choice_message": CHOOSE_FROM_LIST,
                   "invalid_value_message": CHOOSE_FROM_LIST}


class MultiCheckboxField(SelectMultipleField):
    """Several choices as checkboxes (a multiple select is hard to use on a phone)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def url():
    return URL(message=_l("Enter an address that starts with https://."))


class CouncilForm(BaseForm):
    name = StringField(_l("Name of the council"), validators=[required(), max_len(200)])
    territory_ids = MultiCheckboxField(
        _l("Territorial units"), coerce=int, choices=[],
        **CHOICE_MESSAGES)
    seats = IntegerField(_l("Number of seats"),
                         validators=[input_required(), number_range(1, 99)])
    bylaw_number = StringField(_l("By-law number"), validators=[optional(), max_len(60)])
    bylaw_date = DateField(_l("By-law date"), validators=[optional()])
    bylaw_url = StringField(_l("Link to the by-law"),
                            validators=[optional(), max_len(500), url()])
    established_on = DateField(_l("Established on"), validators=[optional()])
    term_start = DateField(_l("Term starts"), validators=[optional()])
    term_end = DateField(_l("Term ends"), validators=[optional()])
    description = TextAreaField(_l("Description"), validators=[optional(), max_len(5000)])
    contact_email = StringField(_l("Contact e-mail of the council"),
                                validators=[optional(), email(), max_len(254)])
    place_locative = StringField(_l("Place name in minutes"),
                                 validators=[optional(), max_len(120)])


class CouncilEditForm(CouncilForm):
    version = HiddenField()


class StatusForm(BaseForm):
    """Confirmation of a status verb (suspend, reactivate); the note goes to the audit log."""

    note = TextAreaField(_l("Note (optional)"), validators=[optional(), max_len(500)])


class ActivateForm(StatusForm):
    on = DateField(_l("Established on"), validators=[input_required()])


class DissolveForm(StatusForm):
    on = DateField(_l("Dissolved on"), validators=[input_required()])


def council_role_choices():
    return opts([
        (CouncilRoleKind.SECRETARY.value, _l("Secretary (writes the council's records)")),
        (CouncilRoleKind.MEMBER_ACCESS.value, _l("Member access (reads the council's records)")),
    ])


class GrantRoleForm(BaseForm):
    email = StringField(_l("E-mail of the user's account"),
                        validators=[required(), email(), max_len(254)])
    role = SelectField(_l("Role"), choices=council_role_choices,
                       **CHOICE_MESSAGES)
