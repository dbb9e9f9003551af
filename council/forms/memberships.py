"""Forms of dated membership: add, correct and end."""

from wtforms import BooleanField, DateField, HiddenField, SelectField
from wtforms.validators import DataRequired

from .. import labels
from ..i18n import lazy_gettext as _l
from ..models import EndReason, Position
from . import BaseForm, input_required, optional, opts
from .councils import CHOICE_MESSAGES


def _reasons():
    return labels.choices(EndReason)


class MembershipForm(BaseForm):
    person_id = SelectField(_l("Person"), coerce=int, choices=[],
                            validators=[DataRequired(message=_l("Choose a person."))],
                            **CHOICE_MESSAGES)
    position = SelectField(_l("Position"), choices=lambda: labels.choices(Position),
                           default=Position.MEMBER.value,
                           **CHOICE_MESSAGES)
    voting = BooleanField(_l("Voting right"), default=True)
    start_on = DateField(_l("Member from"), validators=[input_required()])


class MembershipEditForm(BaseForm):
    version = HiddenField()
    position = SelectField(_l("Position"), choices=lambda: labels.choices(Position),
                           **CHOICE_MESSAGES)
    voting = BooleanField(_l("Voting right"))
    start_on = DateField(_l("Member from"), validators=[input_required()])
    # Only for a membership that has ended: corrections of its end.
    end_on = DateField(_l("Member until"), validators=[optional()])
    end_reason = SelectField(_l("Reason"), choices=lambda: opts([("", "—")]) + _reasons(),
                             validators=[optional()], **CHOICE_MESSAGES)


class EndMembershipForm(BaseForm):
    version = HiddenField()
    end_on = DateField(_l("Last day as a member"), validators=[input_required()])
    reason = SelectField(_l("Reason"), choices=_reasons, default=EndReason.RESIGNED.value,
                         **CHOICE_MESSAGES)
