"""Recommendation rules: numbering, every transition allowed or refused, roles, the timeline,
deadlines and the overdue boundary, input checks, optimistic locking, visibility."""

from datetime import UTC, date, datetime
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from council.extensions import db
from council.models import (
    AnswerOutcome,
    AuditEntry,
    CouncilRoleKind,
    EventKind,
    GlobalRole,
    Implementation,
    NumberingReset,
    Outcome,
    Recommendation,
    RecommendationEvent,
    RecommendationStatus,
)
from council.services import (
    InvalidTransition,
    NotAllowed,
    StaleVersion,
    ValidationFailed,
    workdays,
)
from council.services import recommendations as svc
from tests import factories as f

TODAY = date(2026, 11, 25)  # a Wednesday
SENT = date(2026, 11, 20)  # a Friday: due 10 working days later, on 04.12.2026
S = RecommendationStatus


@pytest.fixture
def w(app):
    muni = f.municipality()
    council = f.council(muni)
    other = f.council(muni)
    secretary, other_secretary, member = f.user(), f.user(), f.user()
    f.council_role(secretary, council)
    f.council_role(other_secretary, other)
    f.council_role(member, council, CouncilRoleKind.MEMBER_ACCESS)
    world = SimpleNamespace(
        muni=muni, council=council, other=other, secretary=secretary,
        other_secretary=other_secretary, member=member, officer=f.user(GlobalRole.OFFICER),
        admin=f.user(GlobalRole.ADMIN), outsider=f.user(), addressee=f.addressee(muni),
        foreign_addressee=f.addressee(f.municipality()),
    )
    db.session.commit()
    return world


def draft(w, **kw):
    args = {"title": "Par ielu apgaismojumu Ķēčos", "body": "Padome lūdz uzstādīt lampas.",
            "addressee_id": w.addressee.id, "today": TODAY, **kw}
    return svc.create_recommendation(w.council, actor=kw.pop("actor", w.secretary), **{
        k: v for k, v in args.items() if k != "actor"})


def in_state(w, status: RecommendationStatus, **kw) -> Recommendation:
    fields = {"status": status, "addressee_name": w.addressee.name}
    if status != S.DRAFT:
        fields.update(sent_on=SENT, due_on=workdays.answer_due_date(SENT, working_days=10))
    if status in (S.REGISTERED, S.ANSWERED, S.CLOSED):
        fields.update(registration_number="SND/1", registered_on=SENT,
                      responsible_officer=w.officer)
    if status in (S.ANSWERED, S.CLOSED):
        fields.update(answered_on=date(2026, 11, 24), outcome=AnswerOutcome.ACCEPTED,
                      answer_text="Atbalstīts.", implementation=Implementation.NOT_STARTED)
    fields.update(kw)
    rec = f.recommendation(w.council, addressee=w.addressee, **fields)
    db.session.commit()
    return rec


CALLS = {
    "edit": lambda w, rec, actor: svc.update_recommendation(
        rec, actor=actor, version=rec.version, title="Par jaunu celiņu", body="Teksts.",
        addressee_id=w.addressee.id, source_item_id=None, is_public=True, today=TODAY),
    "send": lambda w, rec, actor: svc.send(rec, actor=actor, version=rec.version, sent_on=TODAY,
                                           today=TODAY),
    "withdraw": lambda w, rec, actor: svc.withdraw(rec, actor=actor, version=rec.version,
                                                   reason="Vairs nav aktuāls.", today=TODAY),
    "register": lambda w, rec, actor: svc.register(
        rec, actor=actor, version=rec.version, registration_number="SND/2026/4-12/1",
        responsible_officer_id=w.officer.id, registered_on=TODAY, today=TODAY),
    "answer": lambda w, rec, actor: svc.answer(
        rec, actor=actor, version=rec.version, answered_on=TODAY, outcome="accepted",
        answer_text="Priekšlikums atbalstīts.", today=TODAY),
    "extend": lambda w, rec, actor: svc.extend(rec, actor=actor, version=rec.version,
                                               reason="Vajag ceļu dienesta atzinumu.",
                                               today=TODAY),
    "implementation": lambda w, rec, actor: svc.record_implementation(
        rec, actor=actor, version=rec.version, implementation="in_progress", on_date=TODAY,
        note="Darbi sākti.", today=TODAY),
    "close": lambda w, rec, actor: svc.close(rec, actor=actor, version=rec.version, today=TODAY),
}
# Written out by hand (not derived from the code under test).
ALLOWED = {
    "edit": {S.DRAFT}, "send": {S.DRAFT}, "withdraw": {S.DRAFT, S.SENT}, "register": {S.SENT},
    "answer": {S.REGISTERED}, "extend": {S.SENT, S.REGISTERED},
    "implementation": {S.ANSWERED}, "close": {S.ANSWERED},
}
RESULT = {"send": S.SENT, "withdraw": S.WITHDRAWN, "register": S.REGISTERED,
          "answer": S.ANSWERED, "close": S.CLOSED}
COUNCIL_SIDE = {"edit", "send", "withdraw"}


@pytest.mark.parametrize("verb", sorted(CALLS))
@pytest.mark.parametrize("status", list(S))
def test_every_transition_is_allowed_or_refused(w, verb, status):
    rec = in_state(w, status)
    actor = w.secretary if verb in COUNCIL_SIDE else w.officer
    events_before = len(rec.events)
    if status not in ALLOWED[verb]:
        with pytest.raises(InvalidTransition):
            CALLS[verb](w, rec, actor)
        return
    CALLS[verb](w, rec, actor)
    db.session.commit()
    assert rec.status == RESULT.get(verb, status)
    assert len(rec.events) == events_before + 1
    action = "recommendation." + ("update" if verb == "edit" else verb)
    assert db.session.scalars(select(AuditEntry).where(
        AuditEntry.action == action, AuditEntry.object_id == rec.id)).one().actor_id == actor.id


@pytest.mark.parametrize("verb", sorted(CALLS))
def test_roles(w, verb):
    status = next(iter(sorted(ALLOWED[verb])))
    council_side = verb in COUNCIL_SIDE
    refused = [w.officer, w.member, w.other_secretary, w.outsider] if council_side else [
        w.secretary, w.member, w.other_secretary, w.outsider]
    for actor in refused:
        rec = in_state(w, status)
        with pytest.raises(NotAllowed):
            CALLS[verb](w, rec, actor)
        db.session.rollback()
    rec = in_state(w, status)
    CALLS[verb](w, rec, w.admin)  # the administrator may do everything


def test_numbers_per_council_and_year(w):
    first, second = draft(w), draft(w)
    other = svc.create_recommendation(w.other, actor=w.other_secretary, title="Cits",
                                      body="Teksts.", addressee_id=w.addressee.id, today=TODAY)
    next_year = draft(w, today=date(2027, 1, 4))
    assert [first.code, second.code, other.code, next_year.code] == [
        "2026/1", "2026/2", "2026/1", "2027/1"]


def test_continuous_numbering_when_the_municipality_never_resets(w):
    w.muni.numbering_reset = NumberingReset.NEVER
    draft(w)
    assert draft(w, today=date(2027, 1, 4)).code == "2027/2"


def test_the_whole_life_leaves_a_complete_timeline(w):
    rec = draft(w, today=date(2026, 11, 19))
    svc.send(rec, actor=w.secretary, version=rec.version, sent_on=SENT, note="Nosūtīts e-pastā.",
             today=TODAY)
    assert (rec.sent_on, rec.due_on, rec.original_due_on) == (SENT, date(2026, 12, 4),
                                                              date(2026, 12, 4))
    svc.register(rec, actor=w.officer, version=rec.version, registration_number="SND/7",
                 responsible_officer_id=w.officer.id, registered_on=date(2026, 11, 23),
                 today=TODAY)
    svc.extend(rec, actor=w.officer, version=rec.version, reason="Vajag atzinumu.", today=TODAY)
    assert rec.due_on == date(2026, 12, 21) and rec.was_extended  # one month, 20.12 is Sunday
    svc.answer(rec, actor=w.officer, version=rec.version, answered_on=date(2026, 12, 10),
               outcome=AnswerOutcome.PARTLY_ACCEPTED, answer_text="Daļēji atbalstīts.",
               decision_reference="prot. Nr. 14, 7. §", today=date(2026, 12, 10))
    assert rec.answered_on_time and rec.implementation == Implementation.NOT_STARTED
    svc.record_implementation(rec, actor=w.officer, version=rec.version,
                              implementation=Implementation.IMPLEMENTED,
                              on_date=date(2026, 12, 15), note="Lampas uzstādītas.",
                              today=date(2026, 12, 15))
    svc.close(rec, actor=w.officer, version=rec.version, note="Izpildīts.",
              today=date(2026, 12, 16))
    db.session.commit()
    db.session.expire_all()
    events = svc.timeline(db.session.get(Recommendation, rec.id))
    assert [(e.kind, e.to_status) for e in events] == [
        (EventKind.CREATED, "draft"), (EventKind.STATUS, "sent"),
        (EventKind.STATUS, "registered"), (EventKind.EXTENSION, ""),
        (EventKind.STATUS, "answered"), (EventKind.IMPLEMENTATION, "implemented"),
        (EventKind.STATUS, "closed")]
    assert [e.on_date for e in events] == [date(2026, 11, 19), SENT, date(2026, 11, 23), TODAY,
                                           date(2026, 12, 10), date(2026, 12, 15),
                                           date(2026, 12, 16)]
    assert [e.actor_id for e in events] == [w.secretary.id] * 2 + [w.officer.id] * 5
    assert events[1].due_on == date(2026, 12, 4) and events[1].note == "Nosūtīts e-pastā."
    assert events[3].due_on == date(2026, 12, 21) and events[3].note == "Vajag atzinumu."
    assert events[4].note == "prot. Nr. 14, 7. §"
    actions = db.session.scalars(select(AuditEntry.action).where(
        AuditEntry.object_type == "Recommendation", AuditEntry.object_id == rec.id)
        .order_by(AuditEntry.id)).all()
    assert actions == ["recommendation.create", "recommendation.send", "recommendation.register",
                       "recommendation.extend", "recommendation.answer",
                       "recommendation.implementation", "recommendation.close"]


def test_sent_before_the_law_change_gets_one_month(w):
    rec = draft(w)
    svc.send(rec, actor=w.secretary, version=rec.version, sent_on=date(2026, 2, 2), today=TODAY)
    assert rec.due_on == date(2026, 3, 2)
    assert workdays.extension_limit(rec.sent_on, extension_months=1) == date(2026, 6, 2)


def test_rejected_answers_have_nothing_to_implement(w):
    rec = in_state(w, S.REGISTERED)
    svc.answer(rec, actor=w.officer, version=rec.version, answered_on=TODAY,
               outcome=AnswerOutcome.REJECTED, answer_text="Nav līdzekļu.", today=TODAY)
    assert rec.implementation is None
    with pytest.raises(InvalidTransition):
        CALLS["implementation"](w, rec, w.officer)
    svc.close(rec, actor=w.officer, version=rec.version, today=TODAY)


def test_an_answer_after_the_deadline_is_late(w):
    rec = in_state(w, S.REGISTERED)
    svc.answer(rec, actor=w.officer, version=rec.version, answered_on=date(2026, 12, 7),
               outcome=AnswerOutcome.ACCEPTED, answer_text="Jā.", today=date(2026, 12, 7))
    assert rec.answered_on_time is False
    assert svc.deadline_state(rec, date(2026, 12, 7)).kind == "late"


def test_overdue_boundary(w):
    rec = in_state(w, S.SENT)  # due 04.12.2026 (Friday)
    assert svc.deadline_state(rec, date(2026, 12, 4)).kind == "soon"
    assert svc.deadline_state(rec, date(2026, 11, 30)).kind == "soon"  # Mon: 30.11–04.12
    assert svc.deadline_state(rec, date(2026, 11, 27)).kind == "waiting"  # Fri: 27.11–03.12
    state = svc.deadline_state(rec, date(2026, 12, 5))
    assert (state.kind, state.days_overdue) == ("overdue", 1)
    overdue = svc.Filters(deadline="overdue")

    def listed(today):
        return db.session.scalars(svc.list_stmt(w.officer, overdue, today=today)).all()

    assert listed(date(2026, 12, 4)) == []
    assert listed(date(2026, 12, 5)) == [rec.id]
    soon = svc.Filters(deadline="soon")
    assert db.session.scalars(svc.list_stmt(w.officer, soon, today=date(2026, 12, 4))).all() == [
        rec.id]


def test_answered_and_withdrawn_are_never_overdue(w):
    answered = in_state(w, S.ANSWERED)
    withdrawn = in_state(w, S.WITHDRAWN)
    later = date(2027, 3, 1)
    assert svc.deadline_state(answered, later).kind == "on_time"
    assert svc.deadline_state(withdrawn, later).kind == ""
    assert svc.summary(w.officer, today=later).overdue == 0


@pytest.mark.parametrize("verb,kwargs,field", [
    ("send", {"sent_on": date(2026, 11, 26)}, "sent_on"),
    ("send", {"sent_on": None}, "sent_on"),
    ("send", {"sent_on": date(1999, 1, 1)}, "sent_on"),
    ("register", {"registration_number": "  "}, "registration_number"),
    ("register", {"registered_on": date(2026, 11, 19)}, "registered_on"),
    ("answer", {"answered_on": date(2026, 11, 19)}, "answered_on"),
    ("answer", {"outcome": "maybe"}, "outcome"),
    ("answer", {"answer_text": "\n "}, "answer_text"),
    ("answer", {"answer_text": "x" * 20_001}, "answer_text"),
    ("extend", {"new_due_on": date(2026, 12, 22)}, "new_due_on"),
    ("extend", {"new_due_on": date(2026, 12, 4)}, "new_due_on"),
    ("extend", {"reason": ""}, "reason"),
    ("extend", {"decided_on": date(2026, 11, 19)}, "decided_on"),
    ("withdraw", {"reason": ""}, "reason"),
])
def test_bad_input(w, verb, kwargs, field):
    status = {"send": S.DRAFT, "register": S.SENT, "answer": S.REGISTERED, "extend": S.SENT,
              "withdraw": S.SENT}[verb]
    rec = in_state(w, status)
    actor = w.secretary if verb in COUNCIL_SIDE else w.officer
    base = {
        "send": {"sent_on": TODAY},
        "register": {"registration_number": "SND/1", "responsible_officer_id": w.officer.id,
                     "registered_on": TODAY},
        "answer": {"answered_on": TODAY, "outcome": "accepted", "answer_text": "Jā."},
        "extend": {"reason": "Vajag atzinumu."},
        "withdraw": {"reason": "Nav vairs vajadzīgs."},
    }[verb]
    fn = getattr(svc, verb)
    with pytest.raises(ValidationFailed) as e:
        fn(rec, actor=actor, version=rec.version, today=TODAY, **{**base, **kwargs})
    assert e.value.field == field and e.value.message


def test_the_responsible_officer_must_be_an_active_officer(w):
    rec = in_state(w, S.SENT)
    for user_id in (w.secretary.id, None, 10**6):
        with pytest.raises(ValidationFailed) as e:
            svc.register(rec, actor=w.officer, version=rec.version, registration_number="1",
                         responsible_officer_id=user_id, registered_on=TODAY, today=TODAY)
        assert e.value.field == "responsible_officer_id"


def test_an_extension_decided_after_the_deadline_is_refused(w):
    rec = in_state(w, S.SENT)  # due 04.12.2026
    with pytest.raises(ValidationFailed) as e:
        svc.extend(rec, actor=w.officer, version=rec.version, reason="Vēlu.",
                   today=date(2026, 12, 7))
    assert e.value.field == "decided_on"
    svc.extend(rec, actor=w.officer, version=rec.version, reason="Laikus izlemts.",
               decided_on=date(2026, 12, 4), today=date(2026, 12, 7))  # recorded later
    assert rec.due_on == date(2026, 12, 21)


def test_an_unchanged_implementation_status_needs_a_note(w):
    rec = in_state(w, S.ANSWERED)
    with pytest.raises(ValidationFailed) as e:
        svc.record_implementation(rec, actor=w.officer, version=rec.version,
                                  implementation="not_started", on_date=TODAY, today=TODAY)
    assert e.value.field == "note"
    with pytest.raises(ValidationFailed) as e:
        svc.record_implementation(rec, actor=w.officer, version=rec.version,
                                  implementation="in_progress", on_date=date(2026, 11, 23),
                                  note="Pirms atbildes?", today=TODAY)
    assert e.value.field == "on_date"


def test_a_draft_can_be_withdrawn_without_a_reason(w):
    rec = in_state(w, S.DRAFT)
    svc.withdraw(rec, actor=w.secretary, version=rec.version, reason="", today=TODAY)
    assert rec.status == S.WITHDRAWN


@pytest.mark.parametrize("kwargs,field", [
    ({"title": ""}, "title"),
    ({"title": "x" * 501}, "title"),
    ({"body": " "}, "body"),
    ({"addressee_id": None}, "addressee_id"),
    ({"addressee_id": 10**6}, "addressee_id"),
])
def test_drafting_checks(w, kwargs, field):
    with pytest.raises(ValidationFailed) as e:
        draft(w, **kwargs)
    assert e.value.field == field


def test_addressee_of_another_municipality_is_refused(w):
    with pytest.raises(ValidationFailed):
        draft(w, addressee_id=w.foreign_addressee.id)
    w.addressee.is_active = False
    with pytest.raises(ValidationFailed):
        draft(w, addressee_id=w.addressee.id)


def test_source_must_be_an_adopted_decision_of_the_council(w):
    meeting = f.meeting(w.council, starts_at=datetime(2026, 11, 23, 16, 0, tzinfo=UTC))
    adopted = f.decision(meeting)
    rejected = f.decision(meeting, outcome=Outcome.REJECTED)
    foreign = f.decision(f.meeting(w.other))
    rec = draft(w, source_item_id=adopted.agenda_item_id)
    assert (rec.source_meeting, rec.source_agenda_item) == (meeting, adopted.agenda_item)
    for item_id in (rejected.agenda_item_id, foreign.agenda_item_id, 10**6):
        with pytest.raises(ValidationFailed) as e:
            draft(w, source_item_id=item_id)
        assert e.value.field == "source_item_id"
    # Sent no earlier than the meeting that decided it (23.11.2026 in Riga).
    with pytest.raises(ValidationFailed) as e:
        svc.send(rec, actor=w.secretary, version=rec.version, sent_on=date(2026, 11, 20),
                 today=TODAY)
    assert e.value.field == "sent_on"
    svc.send(rec, actor=w.secretary, version=rec.version, sent_on=date(2026, 11, 23),
             today=TODAY)


def test_stale_versions_are_refused(w):
    rec = in_state(w, S.DRAFT)
    with pytest.raises(StaleVersion) as e:
        svc.update_recommendation(rec, actor=w.secretary, version=rec.version - 1, title="A",
                                  body="B", addressee_id=w.addressee.id, source_item_id=None,
                                  is_public=True)
    assert e.value.current is rec
    for version in (None, "", "abc"):
        with pytest.raises(StaleVersion):
            svc.send(rec, actor=w.secretary, version=version, sent_on=TODAY, today=TODAY)


def test_editing_a_draft_is_recorded(w):
    rec = draft(w)
    CALLS["edit"](w, rec, w.secretary)
    db.session.commit()
    note = db.session.scalars(select(RecommendationEvent).where(
        RecommendationEvent.recommendation_id == rec.id,
        RecommendationEvent.kind == EventKind.NOTE)).one()
    assert note.note == "body, title"
    entry = db.session.scalars(select(AuditEntry).where(
        AuditEntry.action == "recommendation.update")).one()
    assert entry.changes["title"] == ["Par ielu apgaismojumu Ķēčos", "Par jaunu celiņu"]


def test_visibility(w):
    public = in_state(w, S.SENT)
    hidden = in_state(w, S.SENT, is_public=False)
    a_draft = in_state(w, S.DRAFT)
    other_draft = f.recommendation(w.other)
    db.session.commit()

    def seen(user):
        ids = set(db.session.scalars(svc.list_stmt(user, svc.Filters(), today=TODAY)))
        return {db.session.get(Recommendation, id_) for id_ in ids}

    from flask_login import AnonymousUserMixin
    assert seen(AnonymousUserMixin()) == {public}
    assert seen(w.outsider) == {public}
    assert seen(w.member) == {public, hidden, a_draft}
    assert seen(w.secretary) == {public, hidden, a_draft}
    assert seen(w.other_secretary) == {public, other_draft}
    assert seen(w.officer) == {public, hidden, a_draft, other_draft}


def test_council_section_counts_answers_on_time(w):
    in_state(w, S.ANSWERED)  # answered 24.11, due 04.12: on time
    in_state(w, S.CLOSED, answered_on=date(2026, 12, 10))  # late
    in_state(w, S.SENT, sent_on=date(2026, 10, 1), due_on=date(2026, 10, 15))  # overdue
    in_state(w, S.SENT)  # still within its deadline
    in_state(w, S.DRAFT)
    in_state(w, S.WITHDRAWN)
    section = svc.council_section(w.council, w.outsider, today=TODAY)
    assert (section.total, section.answered, section.on_time, section.due, section.overdue) == (
        5, 2, 1, 3, 1)
    assert section.on_time_percent == 33
    assert len(section.items) == 5 and not section.can_draft  # no draft for the public
    assert svc.council_section(w.council, w.secretary, today=TODAY).can_draft


def test_dashboard_counts(w):
    mine = in_state(w, S.REGISTERED, due_on=date(2026, 11, 20))
    in_state(w, S.SENT, due_on=date(2026, 12, 1))  # the 5th working day from 25.11
    in_state(w, S.SENT, due_on=date(2026, 12, 31))
    in_state(w, S.ANSWERED)
    counts = svc.summary(w.officer, today=TODAY)
    assert (counts.overdue, counts.due_soon, counts.to_register, counts.mine_open,
            counts.answered_open) == (1, 1, 2, 2, 1)
    rows = svc.per_council_counts(w.officer, today=TODAY)
    assert [(r.council_id, r.awaiting, r.overdue, r.due_soon, r.answered_open) for r in rows] == [
        (w.council.id, 3, 1, 1, 1)]
    stmt = svc.my_work_stmt(w.officer, svc.Filters(sort="due"), today=TODAY)
    my_work = db.session.scalars(stmt).all()
    assert my_work[0] == mine.id and len(my_work) == 2

