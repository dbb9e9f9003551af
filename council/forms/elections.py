"""Election forms: the record, nominations, eligibility, withdrawal, the count, the draw by lot,
cancellation and filling a vacancy from the reserve list. Shape only; the services check
meaning."""

from __future__ import annotations

from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)

from ..i18n import lazy_gettext as _l
from ..labels import choices
from ..models import Citizenship, ElectionKind, ElectionMethod
from ..services.elections import MAX_COUNT
from . import (
    BaseForm,
    VersionedForm,
    email,
    input_required,
    max_len,
    number_range,
    optional,
    opts,
    required,
)


def _int_or_zero(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def citizenship_choices():
    return [*opts([("", _l("— not known —"))]), *choices(Citizenship)]


# Required dates use input_required(): "31 February" then reads "not a valid date", not "fill in".


class ElectionForm(BaseForm):
    kind = SelectField(_l("Kind"), choices=lambda: choices(ElectionKind))
    seats = IntegerField(_l("Seats to fill"), validators=[input_required(), number_range(1, 99)])
    held_on = DateField(_l("Election date (first day of voting)"), validators=[input_required()])
    voting_ends_on = DateField(_l("Last day of voting"), validators=[optional()])
    place = StringField(_l("Place"), validators=[required(), max_len(300)])
    method = SelectField(_l("Method"), choices=lambda: choices(ElectionMethod))
    votes_per_ballot = IntegerField(_l("Candidates a voter may mark"),
                                    validators=[input_required(), number_range(1, 99)],
                                    default=1)
    term_start = DateField(_l("Term starts"), validators=[optional()])
    term_end = DateField(_l("Term ends"), validators=[optional()])


class EditElectionForm(VersionedForm, ElectionForm):
    """The election form, carrying the version the user saw (optimistic locking)."""


class NominationForm(BaseForm):
    person_id = SelectField(_l("Existing person"), coerce=_int_or_zero, choices=[])
    full_name = StringField(_l("Full name"), validators=[optional(), max_len(200)])
    territory_id = SelectField(_l("Declared residence"), coerce=_int_or_zero, choices=[])
    birth_date = DateField(_l("Date of birth"), validators=[optional()])
    citizenship = SelectField(_l("Citizenship"), choices=citizenship_choices)
    email = StringField(_l("E-mail"), validators=[optional(), email(), max_len(254)])
    phone = StringField(_l("Phone"), validators=[optional(), max_len(40)])
    publish_consent = BooleanField(_l("Agrees that their name is published"))
    confirm_namesake = BooleanField(_l("This is a different person with the same name"))
    nominated_by = StringField(_l("Nominated by"), validators=[required(), max_len(200)])
    nominated_on = DateField(_l("Date of nomination"), validators=[input_required()])


class EligibilityForm(VersionedForm):
    birth_date = DateField(_l("Date of birth"), validators=[optional()])
    citizenship = SelectField(_l("Citizenship"), choices=citizenship_choices)
    territory_id = SelectField(_l("Declared residence"), coerce=_int_or_zero, choices=[])
    incompatible_office = BooleanField(
        _l("Holds an incompatible office (councillor of the municipal council, executive "
           "director or deputy executive director)"))
    eligibility_note = StringField(_l("Note"), validators=[optional(), max_len(300)])


class WithdrawForm(BaseForm):
    withdrawn_on = DateField(_l("Date of withdrawal"), validators=[input_required()])
    reason = StringField(_l("Reason (optional)"), validators=[optional(), max_len(300)])


class CountForm(BaseForm):
    voters_registered = IntegerField(_l("Registered voters (optional)"),
                                     validators=[optional(), number_range(0, MAX_COUNT)])
    ballots_cast = IntegerField(_l("Ballots cast"),
                                validators=[input_required(), number_range(0, MAX_COUNT)])
    ballots_invalid = IntegerField(_l("Invalid ballots"),
                                   validators=[input_required(), number_range(0, MAX_COUNT)])


def count_form(candidates, **kwargs) -> CountForm:
    """The count form with one field ``votes_<candidate id>`` per eligible candidate."""

    class _CountForm(CountForm):
        """A fresh subclass per request: the candidates' fields are added to it below."""

    for c in candidates:
        setattr(_CountForm, f"votes_{c.id}", IntegerField(
            c.person.full_name, validators=[input_required(), number_range(0, MAX_COUNT)]))
    return _CountForm(**kwargs)


class LotsForm(BaseForm):
    drawn_by = StringField(_l("Who drew the lots"), validators=[required(), max_len(200)])
    notes = TextAreaField(_l("Notes (witnesses, time, how the lots were drawn)"),
                          validators=[optional(), max_len(2000)])


def lots_form(ties, **kwargs) -> LotsForm:
    """One select ``lot_<candidate id>`` per tied candidate: the place drawn (1 = first)."""

    class _LotsForm(LotsForm):
        """A fresh subclass per request: one field per tied candidate is added below."""

    for tie in ties:
        places = opts([("", "—")] + [(str(n), str(n)) for n in range(1, len(tie.candidates) + 1)])
        for c in tie.candidates:
            setattr(_LotsForm, f"lot_{c.id}", SelectField(
                c.person.full_name, choices=places, validators=[required()]))
    return _LotsForm(**kwargs)


class CancelForm(BaseForm):
    reason = TextAreaField(_l("Why is the election cancelled?"),
                           validators=[required(), max_len(1000)])


class ReserveForm(BaseForm):
    """Confirm (or decline) the reserve candidate offered for a vacancy."""

    candidate_id = HiddenField()
    start_on = DateField(_l("Member from"), validators=[input_required()])


class DeclineForm(BaseForm):
    candidate_id = HiddenField()
