"""Forms for recording minutes: attendance and the meeting's header, one agenda item, approval,
errata. Shape only; the minutes service checks meaning (votes, quorum, majority)."""

from __future__ import annotations

from wtforms import (
    BooleanField,
    DateField,
    FieldList,
    FormField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
    TimeField,
)

from ..i18n import lazy_gettext as _l
from ..labels import choices
from ..models import AttendanceStatus, Outcome, Vote
from . import BaseForm, VersionedForm, max_len, number_range, optional, opts, required

MAX_TEXT = 20_000


class _RowForm(BaseForm):
    """A row inside a list: the enclosing form carries the CSRF token."""

    class Meta:
        csrf = False


def _time(label):
    return TimeField(label, format="%H:%M", validators=[optional()])


class AttendanceRowForm(_RowForm):
    person_id = HiddenField()
    status = SelectField(_l("Attendance"), choices=lambda: choices(AttendanceStatus))
    reason = StringField(_l("Reason for absence"), validators=[max_len(300)])
    arrived = _time(_l("Arrived at"))
    left = _time(_l("Left at"))


class GuestRowForm(_RowForm):
    name = StringField(_l("Name"), validators=[max_len(200)])
    capacity = StringField(_l("Capacity"), validators=[max_len(300)])
    is_private = BooleanField(_l("Private person (name not published)"))


class MeetingRecordForm(VersionedForm):
    """The meeting's opening and closing, chair, recorder, attendance and guests."""

    opened = _time(_l("Meeting opened at"))
    closed = _time(_l("Meeting closed at"))
    chaired_by_id = SelectField(_l("Chaired by"), coerce=int, choices=[])
    chair_title = StringField(_l("Chair's title in the minutes"), validators=[max_len(200)])
    recorded_by_id = SelectField(_l("Minutes recorded by"), coerce=int, choices=[])
    recorder_name = StringField(_l("Recorder's name, if not a member"),
                                validators=[max_len(200)])
    recorder_title = StringField(_l("Recorder's title in the minutes"),
                                 validators=[max_len(200)])
    attendance = FieldList(FormField(AttendanceRowForm), min_entries=0, max_entries=200)
    guests = FieldList(FormField(GuestRowForm), min_entries=0, max_entries=60)


def vote_choices():
    return opts([("", _l("— did not vote —"))]) + choices(Vote)


class MemberVoteRowForm(_RowForm):
    person_id = HiddenField()
    vote = SelectField(_l("Vote"), choices=vote_choices)
    recused = BooleanField(_l("Conflict of interest"))
    reason = StringField(_l("Reason"), validators=[max_len(300)])


def _count(label):
    return IntegerField(label, validators=[optional(), number_range(0, 999)])


class ItemRecordForm(VersionedForm):
    reported_by = StringField(_l("Rapporteur"), validators=[max_len(200)])
    discussion_participants = StringField(_l("Took part in the discussion"),
                                          validators=[max_len(500)])
    discussion = TextAreaField(_l("Discussion (summary)"), validators=[max_len(MAX_TEXT)])
    decision = TextAreaField(_l("Decision"), validators=[max_len(MAX_TEXT)])
    outcome = SelectField(_l("Outcome"),
                          choices=lambda: opts([("", _l("— not yet decided —"))])
                          + choices(Outcome))
    named_vote = BooleanField(_l("Record each member's vote (named vote)"))
    votes_for = _count(_l("For"))
    votes_against = _count(_l("Against"))
    votes_abstain = _count(_l("Abstain"))
    casting_vote = SelectField(_l("The chair voted (decides a tie)"),
                               choices=lambda: opts([("", _l("— not recorded —"))])
                               + choices(Vote))
    members = FieldList(FormField(MemberVoteRowForm), min_entries=0, max_entries=200)


class ApproveForm(BaseForm):
    content_hash = HiddenField()
    chair_person_id = SelectField(_l("Chair who signs the minutes"), coerce=int, choices=[])
    approved_at_meeting_id = SelectField(_l("Approved at the meeting"), coerce=int, choices=[])


class ErratumForm(BaseForm):
    text = TextAreaField(_l("Correction"), validators=[required(), max_len(5000)])
    on_date = DateField(_l("Date"), validators=[optional()])
