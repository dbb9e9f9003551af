"""Meeting, lifecycle and agenda item forms: shape only (the services check meaning)."""

from __future__ import annotations

import re
from datetime import date, datetime, time

from wtforms import (
    BooleanField,
    DateField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
    ValidationError,
)
from wtforms.validators import AnyOf

from ..i18n import lazy_gettext as _l
from ..labels import choices
from ..models import MeetingKind
from . import BaseForm, VersionedForm, input_required, max_len, number_range, optional, opts

_TIME = re.compile(r"^\s*(\d{1,2})(?:\s*[:.]\s*(\d{2}))?\s*$")


def parse_time(text: str) -> time | None:
    """'18:00', '18.00', '8.30' or '18' → time; None when it is not a time of day."""
    match = _TIME.match(text or "")
    if not match:
        return None
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)


class TimeOfDayField(StringField):
    """A time typed as text ("18.00" or "18:00"). ``data`` is a ``datetime.time``; what the user
    typed is shown again when the form comes back with an error."""

    def process_formdata(self, valuelist):
        self.data = None
        text = (valuelist[0] if valuelist else "") or ""
        if text.strip():
            parsed = parse_time(text)
            if parsed is None:
                raise ValueError(str(_l("Enter a time of day such as 18.00.")))
            self.data = parsed

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        return f"{self.data:%H.%M}" if isinstance(self.data, time) else ""


class DayField(DateField):
    """A date from the browser's date picker (2026-03-05) or typed the Latvian way (05.03.2026.)."""

    def __init__(self, label=None, validators=None, **kwargs):
        super().__init__(label, validators, format=["%Y-%m-%d", "%d.%m.%Y"], **kwargs)

    def process_formdata(self, valuelist):
        self.data = None
        text = " ".join(valuelist or []).strip().rstrip(".")
        if not text:
            return
        for fmt in self.format:
            try:
                self.data = datetime.strptime(text, fmt).date()
                return
            except ValueError:
                continue
        raise ValueError(str(_l("Enter a real date, e.g. 05.03.2026.")))

    def _value(self):
        if self.raw_data:
            return " ".join(self.raw_data)
        return self.data.isoformat() if isinstance(self.data, date) else ""


def http_url(form, field) -> None:
    value = (field.data or "").strip()
    if value and not re.match(r"^https?://[^\s/?#]+\.[^\s]+$", value, re.IGNORECASE):
        raise ValidationError(_l("Enter a web address starting with https://."))


class ScheduleFields(BaseForm):
    date = DayField(_l("Date"), validators=[input_required()])
    start_time = TimeOfDayField(_l("Start time"), validators=[input_required()])
    end_time = TimeOfDayField(_l("End time"), validators=[optional()])
    duration = IntegerField(_l("Or duration (minutes)"),
                            validators=[optional(), number_range(1, 1440)])


class MeetingForm(VersionedForm, ScheduleFields):
    number = IntegerField(_l("Number"), validators=[optional(), number_range(1, 9999)])
    kind = SelectField(_l("Kind of meeting"), choices=lambda: choices(MeetingKind))
    place = StringField(_l("Place"), validators=[max_len(300)])
    online_url = StringField(_l("Online link"), validators=[max_len(500), http_url])
    is_public = BooleanField(_l("Open meeting: residents may attend, and it is published"),
                             default=True)
    acknowledge_short_notice = BooleanField(
        _l("I know the notice is shorter than the by-law asks; save anyway"))


class AnnounceForm(BaseForm):
    acknowledge_short_notice = BooleanField(
        _l("I know the notice is shorter than the by-law asks; announce anyway"))


class PostponeForm(VersionedForm, ScheduleFields):
    reason = TextAreaField(_l("Reason for the postponement"),
                           validators=[input_required(), max_len(2000)])
    acknowledge_short_notice = BooleanField(
        _l("I know the notice is shorter than the by-law asks; postpone anyway"))


class CancelForm(BaseForm):
    reason = TextAreaField(_l("Reason for the cancellation"),
                           validators=[input_required(), max_len(2000)])


class AgendaItemForm(VersionedForm):
    title = StringField(_l("Title"), validators=[input_required(), max_len(500)])
    presenter = StringField(_l("Presenter"), validators=[max_len(200)])
    expected_minutes = IntegerField(_l("Expected duration (minutes)"),
                                    validators=[optional(), number_range(1, 600)])
    description = TextAreaField(_l("Description"), validators=[max_len(10000)])
    is_public = BooleanField(_l("Public item (a closed item is shown to the council only)"),
                             default=True)


class MoveItemForm(BaseForm):
    direction = SelectField(
        _l("Direction"),
        choices=opts([("up", _l("Up")), ("down", _l("Down"))]),
        validators=[AnyOf(["up", "down"], message=_l("Not a valid choice."))],
    )
