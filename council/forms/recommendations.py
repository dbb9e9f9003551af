"""Recommendations: the draft, one form per lifecycle verb, and the register's filters."""

from wtforms import BooleanField, DateField, IntegerField, SelectField, StringField, TextAreaField

from ..i18n import lazy_gettext as _l
from ..labels import choices
from ..models import AnswerOutcome, Implementation, RecommendationStatus
from . import (
    BaseForm,
    VersionedForm,
    max_len,
    number_range,
    optional,
    opts,
    required,
)

TEXT_MAX = 20_000
NOTE_MAX = 4_000


def _date(label, **kw):
    return DateField(label, validators=[required()], **kw)


class RecommendationForm(VersionedForm):
    title = StringField(_l("Title"), validators=[required(), max_len(500)])
    body = TextAreaField(_l("Text of the recommendation"), validators=[required(),
                                                                      max_len(TEXT_MAX)])
    addressee_id = SelectField(_l("Addressed to"), coerce=int, choices=[])
    source_item_id = SelectField(_l("From the decision"), coerce=int, choices=[])
    is_public = BooleanField(_l("Public: residents can follow it once it is sent"), default=True)


class SendForm(VersionedForm):
    sent_on = _date(_l("Sent on"))
    note = TextAreaField(_l("Note (optional)"), validators=[optional(), max_len(NOTE_MAX)])


class WithdrawForm(VersionedForm):
    reason = TextAreaField(_l("Reason"), validators=[optional(), max_len(NOTE_MAX)])


class RegisterForm(VersionedForm):
    registration_number = StringField(_l("Registration number"),
                                      validators=[required(), max_len(60)])
    responsible_officer_id = SelectField(_l("Responsible officer"), coerce=int, choices=[])
    registered_on = _date(_l("Registered on"))
    note = TextAreaField(_l("Note (optional)"), validators=[optional(), max_len(NOTE_MAX)])


class AnswerForm(VersionedForm):
    answered_on = _date(_l("Answered on"))
    outcome = SelectField(_l("Result"), choices=lambda: choices(AnswerOutcome))
    answer_text = TextAreaField(_l("Answer"), validators=[required(), max_len(TEXT_MAX)])
    decision_reference = StringField(
        _l("Decision reference (optional)"), validators=[optional(), max_len(200)])


class ExtendForm(VersionedForm):
    new_due_on = _date(_l("New deadline"))
    decided_on = _date(_l("Decided on"))
    reason = TextAreaField(_l("Reason (what information is needed)"),
                           validators=[required(), max_len(NOTE_MAX)])


class ImplementationForm(VersionedForm):
    implementation = SelectField(_l("Implementation"), choices=lambda: choices(Implementation))
    on_date = _date(_l("Date"))
    note = TextAreaField(_l("Note"), validators=[optional(), max_len(NOTE_MAX)])


class CloseForm(VersionedForm):
    note = TextAreaField(_l("Note (optional)"), validators=[optional(), max_len(NOTE_MAX)])


def deadline_choices():
    return opts([("", _l("Any")), ("1", _l("Overdue")),
                 ("soon", _l("Due in the next 5 working days"))])


def sort_choices():
    return opts([("newest", _l("Newest first")), ("due", _l("Deadline")),
                 ("council", _l("Council")), ("number", _l("Number"))])


class FilterForm(BaseForm):
    """The register's filters (GET, no CSRF). Unknown values are ignored, never an error page."""

    class Meta:
        csrf = False

    municipality = SelectField(_l("Municipality"), coerce=str, choices=[],
                               validate_choice=False)
    council = SelectField(_l("Council"), coerce=str, choices=[], validate_choice=False)
    status = SelectField(_l("Status"), validate_choice=False,
                         choices=lambda: [*opts([("", _l("Any"))]),
                                          *choices(RecommendationStatus)])
    outcome = SelectField(_l("Result"), validate_choice=False,
                          choices=lambda: [*opts([("", _l("Any"))]), *choices(AnswerOutcome)])
    year = IntegerField(_l("Year"), validators=[optional(), number_range(2000, 2100)])
    overdue = SelectField(_l("Deadline"), validate_choice=False, choices=deadline_choices)
    sort = SelectField(_l("Sort by"), validate_choice=False, choices=sort_choices)
