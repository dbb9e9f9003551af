"""Minutes service: roster on the date, attendance and quorum, votes and outcomes, approval that
freezes (service and database guard), errata, optimistic locking."""

from datetime import date, time, timedelta

import pytest
from sqlalchemy import select

from council.exports import protocol
from council.extensions import db
from council.models import (
    Attendance,
    AttendanceStatus,
    AuditEntry,
    Erratum,
    Guest,
    MeetingStatus,
    MinutesStatus,
    NamedVote,
    Outcome,
    QuorumRule,
    Recusal,
    Vote,
)
from council.models.minutes import MinutesFrozen
from council.services import (
    InvalidTransition,
    NotAllowed,
    StaleVersion,
    ValidationFailed,
)
from council.services import minutes as svc
from tests import factories as f
from tests.minutes_helpers import approve, attend, complete, reload, scenario, start, vote_item

P, R, A, E = (AttendanceStatus.PRESENT, AttendanceStatus.REMOTE, AttendanceStatus.ABSENT,
              AttendanceStatus.EXCUSED)
VOTING = ["Ilze Bērziņa", "Ģirts Ābele", "Jānis Kalniņš", "Līga Ozoliņa", "Māris Šteins",
          "Ēriks Krūmiņš"]


def _actions():
    return [e.action for e in db.session.scalars(select(AuditEntry).order_by(AuditEntry.id))]


# --- starting: the roster on the meeting date --------------------------------------------------

def test_start_prefills_attendance_from_the_roster_on_the_meeting_date(app):
    s = scenario()
    minutes = start(s)
    names = {a.person.full_name: a for a in s.meeting.attendances}
    assert set(names) == set(VOTING) | {"Ņina Žukova"}
    assert "Kārlis Zariņš" not in names  # joined after the meeting
    assert "Anna Liepa" not in names  # left before it
    assert names["Ņina Žukova"].voting is False and names["Jānis Kalniņš"].voting is True
    assert all(a.status == AttendanceStatus.PRESENT for a in names.values())
    assert minutes.chaired_by.full_name == "Ilze Bērziņa"
    assert minutes.chair_title == "padomes priekšsēdētāja"
    assert minutes.recorded_by.full_name == "Ģirts Ābele"
    assert minutes.recorder_title == "padomes sekretārs"
    assert [r.agenda_item.title for r in minutes.item_records] == [i.title for i in s.items]
    assert minutes.item_records[0].reported_by == "Jānis Kalniņš"
    assert "minutes.start" in _actions()


def test_start_is_refused_before_the_meeting_twice_and_to_others(app):
    s = scenario()
    with pytest.raises(NotAllowed):
        svc.start_minutes(s.meeting, actor=s.member_user)
    with pytest.raises(NotAllowed):
        svc.start_minutes(s.meeting, actor=s.chair_user)  # the chair approves, not records
    s.meeting.status = MeetingStatus.DRAFT
    with pytest.raises(InvalidTransition):
        svc.start_minutes(s.meeting, actor=s.secretary)
    s.meeting.status = MeetingStatus.HELD
    start(s)
    with pytest.raises(InvalidTransition):
        svc.start_minutes(s.meeting, actor=s.secretary)


def test_an_announced_meeting_that_has_begun_can_be_recorded(app):
    s = scenario()
    s.meeting.status = MeetingStatus.ANNOUNCED
    assert svc.may_start(s.meeting)
    s.meeting.starts_at = s.meeting.starts_at.replace(year=2099)
    s.meeting.ends_at = s.meeting.starts_at + timedelta(hours=2)
    assert not svc.may_start(s.meeting)


def test_admin_may_record_minutes(app):
    s = scenario()
    svc.start_minutes(s.meeting, actor=s.admin)
    assert s.meeting.minutes is not None


# --- attendance and quorum --------------------------------------------------------------------

@pytest.mark.parametrize("statuses,present,reached", [
    ({}, 6, True),
    ({"Jānis Kalniņš": A, "Līga Ozoliņa": E}, 4, True),
    ({"Jānis Kalniņš": R, "Līga Ozoliņa": R, "Māris Šteins": A}, 5, True),  # remote counts
    ({"Jānis Kalniņš": A, "Līga Ozoliņa": E, "Māris Šteins": A}, 3, False),  # 3 of 6 is half
    ({"Ņina Žukova": A}, 6, True),  # a member without a vote does not count either way
    ({"Ģirts Ābele": E, "Jānis Kalniņš": E, "Līga Ozoliņa": E, "Māris Šteins": E}, 2, False),
])
def test_meeting_quorum_from_roster_and_attendance(app, statuses, present, reached):
    s = scenario()
    start(s)
    attend(s, statuses=statuses, reasons=dict.fromkeys(statuses, "atvaļinājumā"))
    q = svc.meeting_quorum(s.meeting, svc.attendance_rows(s.meeting))
    assert (q.total, q.present, q.required, q.reached) == (6, present, 4, reached)


@pytest.mark.parametrize("rule,absent,reached", [
    (QuorumRule.AT_LEAST_HALF, 3, True),  # 3 of 6
    (QuorumRule.MORE_THAN_HALF, 3, False),
    (QuorumRule.TWO_THIRDS, 2, True),  # 4 of 6
    (QuorumRule.TWO_THIRDS, 3, False),
])
def test_quorum_follows_the_municipality_rule(app, rule, absent, reached):
    s = scenario(rule=rule)
    start(s)
    attend(s, statuses=dict.fromkeys(VOTING[3:3 + absent], A))
    assert svc.meeting_quorum(s.meeting, svc.attendance_rows(s.meeting)).reached is reached


def test_a_recused_member_is_not_counted_for_the_items_quorum(app):
    s = scenario()
    start(s)
    attend(s, statuses={"Jānis Kalniņš": A, "Līga Ozoliņa": A})  # 4 of 6 present
    rows = svc.attendance_rows(s.meeting)
    assert svc.item_quorum(s.meeting, rows, set()).reached
    q = svc.item_quorum(s.meeting, rows, {s.pid("Māris Šteins")})
    assert (q.present, q.total, q.reached) == (3, 6, False)
    with pytest.raises(ValidationFailed) as e:
        vote_item(s, 0, counts=(3, 0, 0), recused={"Māris Šteins": "radinieks"})
    assert e.value.field == "outcome" and "3 no 6" in e.value.message


@pytest.mark.parametrize("kwargs,field,text", [
    ({"opened": time(19, 0), "closed": time(18, 0)}, "closed", "nevar slēgt"),
    ({"statuses": {"Līga Ozoliņa": E}}, "attendance.1.reason", "iemeslu"),  # deputy: 2nd
    ({"statuses": {"Ilze Bērziņa": A}}, "chaired_by_id", "klātesošam"),
    ({"statuses": {"Līga Ozoliņa": A}, "arrived": {"Līga Ozoliņa": time(18, 10)}},
     "attendance.1.arrived", "tikai tiem"),
])
def test_attendance_is_checked(app, kwargs, field, text):
    s = scenario()
    start(s)
    with pytest.raises(ValidationFailed) as e:
        attend(s, **kwargs)
    assert e.value.field == field and text in e.value.message


def test_attendance_must_cover_the_roster(app):
    s = scenario()
    start(s)
    rows = [svc.AttendanceInput(person_id=s.pid("Ilze Bērziņa"), status=P)]
    with pytest.raises(ValidationFailed, match="sastāvs"):
        svc.record_meeting(s.minutes, header=svc.HeaderInput(), attendance=rows, guests=[],
                           version=s.minutes.version, actor=s.secretary)


def test_attendance_times_guests_and_audit(app):
    s = scenario()
    start(s)
    attend(s, statuses={"Māris Šteins": E}, reasons={"Māris Šteins": "slimības dēļ"},
           arrived={"Jānis Kalniņš": time(18, 20)},
           guests=[svc.GuestInput("Anna Liepa", "pagasta pārvaldes vadītāja"),
                   svc.GuestInput("Pēteris Ozols", "iedzīvotājs", is_private=True),
                   svc.GuestInput("", "")])
    att = {a.person.full_name: a for a in s.meeting.attendances}
    assert att["Māris Šteins"].reason == "slimības dēļ"
    assert svc.local_time(s.meeting, att["Jānis Kalniņš"].arrived_at) == time(18, 20)
    assert svc.local_time(s.meeting, s.minutes.opened_at) == time(18, 0)
    assert s.minutes.opened_at.hour == 16  # stored in UTC
    assert [(g.name, g.is_private) for g in s.meeting.guests] == [
        ("Anna Liepa", False), ("Pēteris Ozols", True)]
    assert "minutes.attendance" in _actions()
    # Saving again with one guest fewer removes it.
    attend(s, guests=[svc.GuestInput("Anna Liepa", "vadītāja")])
    db.session.flush()
    assert db.session.scalar(select(db.func.count(Guest.id))) == 1


def test_stale_attendance_save_is_refused(app):
    s = scenario()
    start(s)
    seen = s.minutes.version
    attend(s)
    assert s.minutes.version > seen
    with pytest.raises(StaleVersion):
        svc.record_meeting(s.minutes, header=svc.HeaderInput(), attendance=[], guests=[],
                           version=seen, actor=s.secretary)


# --- votes and outcomes -----------------------------------------------------------------------

def test_votes_never_exceed_the_voting_members_present_and_not_recused(app):
    s = scenario()
    start(s)
    attend(s, statuses={"Māris Šteins": A})  # 5 voting members present
    with pytest.raises(ValidationFailed) as e:
        vote_item(s, 0, counts=(4, 1, 1))
    assert e.value.field == "votes_for" and "Ierakstītas 6 balsis" in e.value.message
    with pytest.raises(ValidationFailed) as e:
        vote_item(s, 0, counts=(4, 1, 0), recused={"Jānis Kalniņš": "radinieks"})
    assert "1 pieteica interešu konfliktu" in e.value.message
    record = vote_item(s, 0, counts=(3, 1, 0), recused={"Jānis Kalniņš": "radinieks"})
    assert (record.votes_for, record.votes_against, record.votes_abstain) == (3, 1, 0)
    assert [r.person.full_name for r in record.recusals] == ["Jānis Kalniņš"]


def test_no_adopted_decision_without_a_quorum(app):
    s = scenario()
    start(s)
    attend(s, statuses=dict.fromkeys(VOTING[2:5], A))  # 3 of 6
    with pytest.raises(ValidationFailed) as e:
        vote_item(s, 0, counts=(3, 0, 0))
    assert e.value.field == "outcome" and "kvoruma" in e.value.message
    assert vote_item(s, 0, counts=(3, 0, 0), outcome=Outcome.NOTED).outcome == Outcome.NOTED


@pytest.mark.parametrize("counts,casting,chosen,ok,reason", [
    ((4, 1, 1), None, Outcome.ADOPTED, True, None),
    ((4, 1, 1), None, Outcome.REJECTED, False, "vairāk balsu “par” nekā “pret”"),
    ((1, 4, 1), None, Outcome.ADOPTED, False, "vairāk balsu “par” nekā “pret”"),
    ((1, 0, 5), None, Outcome.ADOPTED, True, None),  # abstentions are not votes cast
    ((3, 3, 0), None, Outcome.ADOPTED, False, "norādiet, kā balsoja"),
    ((3, 3, 0), Vote.FOR, Outcome.ADOPTED, True, None),
    ((3, 3, 0), Vote.FOR, Outcome.REJECTED, False, "balsoja “par”"),
    ((3, 3, 0), Vote.AGAINST, Outcome.REJECTED, True, None),
    ((2, 2, 2), Vote.ABSTAIN, Outcome.ADOPTED, False, "nebalsoja ne"),
    ((3, 3, 0), Vote.ABSTAIN, Outcome.REJECTED, False, "ieskaitītai balsu skaitā"),
    ((None, None, None), None, Outcome.ADOPTED, False, "ievadiet balsojuma rezultātu"),
])
def test_outcome_follows_the_majority_with_the_chairs_casting_vote(app, counts, casting,
                                                                   chosen, ok, reason):
    s = scenario()
    start(s)
    attend(s)
    if ok:
        assert vote_item(s, 0, counts=counts, casting=casting, outcome=chosen).outcome == chosen
        return
    with pytest.raises(ValidationFailed) as e:
        vote_item(s, 0, counts=counts, casting=casting, outcome=chosen)
    assert reason in e.value.message


@pytest.mark.parametrize("casting_setting,chosen,ok", [
    (True, Outcome.ADOPTED, True), (False, Outcome.ADOPTED, False), (False, Outcome.REJECTED, True),
])
def test_tie_with_and_without_the_casting_vote_setting(app, casting_setting, chosen, ok):
    s = scenario(casting=casting_setting)
    start(s)
    attend(s, statuses={"Māris Šteins": A, "Ēriks Krūmiņš": A})
    named = {"Ilze Bērziņa": Vote.FOR, "Ģirts Ābele": Vote.FOR, "Jānis Kalniņš": Vote.AGAINST,
             "Līga Ozoliņa": Vote.AGAINST}
    if ok:
        record = vote_item(s, 0, named=named, outcome=chosen)
        assert (record.votes_for, record.votes_against) == (2, 2)
        return
    with pytest.raises(ValidationFailed, match="nedod sēdes vadītājam izšķirošo balsi"):
        vote_item(s, 0, named=named, outcome=chosen)


def test_named_votes_fill_the_counts_and_exclude_recused_members(app):
    s = scenario()
    start(s)
    attend(s, statuses={"Ēriks Krūmiņš": A})
    record = vote_item(s, 0, named={"Ilze Bērziņa": Vote.FOR, "Ģirts Ābele": Vote.FOR,
                                    "Līga Ozoliņa": Vote.AGAINST, "Māris Šteins": Vote.ABSTAIN},
                       recused={"Jānis Kalniņš": "ir zemes īpašnieks"},
                       counts=(9, 9, 9))  # ignored: named votes decide
    assert (record.votes_for, record.votes_against, record.votes_abstain) == (2, 1, 1)
    assert record.named_vote
    assert {nv.person.full_name: nv.vote for nv in record.named_votes} == {
        "Ilze Bērziņa": Vote.FOR, "Ģirts Ābele": Vote.FOR, "Līga Ozoliņa": Vote.AGAINST,
        "Māris Šteins": Vote.ABSTAIN}
    # Changing the vote replaces the named votes and recusals, and bumps the version.
    version = record.version
    record = vote_item(s, 0, named={"Ilze Bērziņa": Vote.FOR, "Jānis Kalniņš": Vote.FOR})
    assert (record.votes_for, record.votes_against, record.votes_abstain) == (2, 0, 0)
    assert record.recusals == [] and record.version > version
    assert db.session.scalar(select(db.func.count(NamedVote.id))) == 2
    assert db.session.scalar(select(db.func.count(Recusal.id))) == 0


def test_named_vote_refusals(app):
    s = scenario()
    start(s)
    attend(s, statuses={"Ēriks Krūmiņš": A})
    with pytest.raises(ValidationFailed, match="interešu konflikt"):
        vote_item(s, 0, named={"Jānis Kalniņš": Vote.FOR, "Ilze Bērziņa": Vote.FOR},
                  recused={"Jānis Kalniņš": ""})
    version = s.minutes.item_records[0].version
    data = svc.ItemInput(named_vote=True, outcome=Outcome.ADOPTED, members=[
        svc.MemberVoteInput(person_id=s.pid("Ēriks Krūmiņš"), vote=Vote.FOR)])  # absent
    with pytest.raises(ValidationFailed, match="Balso vai piesaka"):
        svc.record_item(s.minutes, s.items[0], data, version=version, actor=s.secretary)
    data = svc.ItemInput(named_vote=True, members=[
        svc.MemberVoteInput(person_id=s.pid("Ņina Žukova"), vote=Vote.FOR)])  # no vote
    with pytest.raises(ValidationFailed, match="Balso vai piesaka"):
        svc.record_item(s.minutes, s.items[0], data, version=version, actor=s.secretary)
    with pytest.raises(ValidationFailed, match="katra padomes locekļa balsojumu"):
        svc.record_item(s.minutes, s.items[0], svc.ItemInput(named_vote=True),
                        version=s.minutes.item_records[0].version, actor=s.secretary)


def test_negative_votes_and_overlong_text_are_refused(app):
    s = scenario()
    start(s)
    attend(s)
    with pytest.raises(ValidationFailed, match="negatīvs"):
        vote_item(s, 0, counts=(-1, 0, 0), outcome=Outcome.NOTED)
    with pytest.raises(ValidationFailed) as e:
        vote_item(s, 0, decision="x" * 20_001, outcome=Outcome.NOTED)
    assert e.value.field == "decision"
    with pytest.raises(ValidationFailed) as e:
        vote_item(s, 0, discussion="a\x00b", outcome=Outcome.NOTED)
    assert e.value.field == "discussion"


def test_stale_item_save_is_refused(app):
    s = scenario()
    start(s)
    attend(s)
    record = s.minutes.item_records[0]
    seen = record.version
    vote_item(s, 0, outcome=Outcome.NOTED)
    with pytest.raises(StaleVersion) as e:
        svc.record_item(s.minutes, s.items[0], svc.ItemInput(), version=seen, actor=s.secretary)
    assert e.value.current is record


def test_only_secretaries_record_items(app):
    s = scenario()
    start(s)
    attend(s)
    for user in (s.member_user, s.chair_user, s.outsider):
        with pytest.raises(NotAllowed):
            svc.record_item(s.minutes, s.items[0], svc.ItemInput(), version=1, actor=user)
    other = f.held_meeting(s.council, number=9)
    with pytest.raises(NotAllowed):
        svc.record_item(s.minutes, other.agenda_items[0], svc.ItemInput(), version=None,
                        actor=s.secretary)


# --- approval freezes ---------------------------------------------------------------------------

def test_approval_lists_what_is_missing(app):
    s = scenario()
    start(s)
    problems = svc.approval_problems(s.minutes)
    assert any("izvēlieties iznākumu" in p for p in problems)
    with pytest.raises(svc.ApprovalRefused) as e:
        approve(s)
    assert len(e.value.problems) == 3  # one per item
    attend(s, statuses={"Jānis Kalniņš": A})
    vote_item(s, 0, counts=(3, 0, 0))
    attend(s, statuses={"Jānis Kalniņš": A, "Līga Ozoliņa": A, "Māris Šteins": A})
    assert any("1. §" in p and "kvoruma" in p for p in svc.approval_problems(s.minutes))


def test_approval_freezes_with_the_content_hash(app):
    s = scenario()
    complete(s)
    digest = protocol.content_hash(s.minutes)
    approve(s)
    minutes = s.minutes
    assert minutes.status == MinutesStatus.APPROVED
    assert minutes.content_hash == digest and len(digest) == 64
    assert minutes.approved_by == s.secretary
    assert minutes.approved_by_chair.full_name == "Ilze Bērziņa"
    assert minutes.approved_at is not None
    assert "minutes.approve" in _actions()
    # The service refuses every edit path …
    with pytest.raises(svc.MinutesLocked):
        attend(s)
    with pytest.raises(svc.MinutesLocked):
        vote_item(s, 0, outcome=Outcome.NOTED)
    with pytest.raises(svc.MinutesLocked):
        approve(s)
    # … and the content hash is reproducible from the stored content.
    reload(s)
    assert protocol.content_hash(s.minutes) == digest


def test_the_chair_may_approve_in_person_but_members_may_not(app):
    s = scenario()
    complete(s)
    with pytest.raises(NotAllowed):
        approve(s, actor=s.member_user)
    svc.approve(s.minutes, chair_person_id=s.pid("Jānis Kalniņš"), approved_at_meeting_id=None,
                seen_hash=protocol.content_hash(s.minutes), actor=s.chair_user)
    assert s.minutes.approved_by == s.chair_user
    assert s.minutes.approved_by_chair.full_name == "Ilze Bērziņa"  # the chair signs as herself


def test_approval_refuses_changed_content_and_records_the_approving_meeting(app):
    s = scenario()
    complete(s)
    with pytest.raises(svc.ContentChanged):
        svc.approve(s.minutes, chair_person_id=s.pid("Ilze Bērziņa"),
                    approved_at_meeting_id=None, seen_hash="0" * 64, actor=s.secretary)
    month = timedelta(days=30)
    later = f.held_meeting(s.council, number=4, starts_at=s.meeting.starts_at + month)
    earlier = f.held_meeting(s.council, number=2, starts_at=s.meeting.starts_at - month)
    with pytest.raises(ValidationFailed):
        svc.approve(s.minutes, chair_person_id=s.pid("Ilze Bērziņa"),
                    approved_at_meeting_id=earlier.id,
                    seen_hash=protocol.content_hash(s.minutes), actor=s.secretary)
    svc.approve(s.minutes, chair_person_id=s.pid("Ilze Bērziņa"), approved_at_meeting_id=later.id,
                seen_hash=protocol.content_hash(s.minutes), actor=s.secretary)
    assert s.minutes.approved_at_meeting == later


def _approved(app):
    s = scenario()
    complete(s)
    approve(s)
    db.session.commit()
    return reload(s)


@pytest.mark.parametrize("change", [
    lambda s: setattr(s.minutes, "opened_at", s.minutes.opened_at + timedelta(minutes=5)),
    lambda s: setattr(s.minutes.item_records[0], "decision", "Cits lēmums."),
    lambda s: setattr(s.minutes.item_records[1], "votes_for", 5),
    lambda s: setattr(s.minutes.item_records[0].named_votes[0], "vote", Vote.AGAINST),
    lambda s: s.minutes.item_records[0].named_votes.pop(),
    lambda s: s.minutes.item_records[0].recusals.pop(),
    lambda s: s.minutes.item_records[1].recusals.append(
        Recusal(person_id=s.pid("Līga Ozoliņa"), reason="x")),
    lambda s: setattr(s.meeting.attendances[0], "status", AttendanceStatus.ABSENT),
    lambda s: db.session.delete(s.meeting.attendances[0]),
    lambda s: db.session.add(Attendance(meeting_id=s.meeting.id, person_id=s.late_joiner.id)),
    lambda s: db.session.add(Guest(meeting_id=s.meeting.id, name="Jauns viesis")),
    lambda s: db.session.delete(s.minutes.item_records[2]),
    lambda s: db.session.delete(s.minutes),
])
def test_the_database_guard_refuses_changes_to_approved_minutes(app, change):
    s = _approved(app)
    change(s)
    with pytest.raises(MinutesFrozen):
        db.session.flush()
    db.session.rollback()
    reload(s)
    assert s.minutes.status == MinutesStatus.APPROVED
    assert protocol.content_hash(s.minutes) == s.minutes.content_hash


def test_the_guard_lets_drafts_change_and_errata_be_added(app):
    s = scenario()
    complete(s)
    s.minutes.item_records[0].decision = "Labots projekts."
    db.session.flush()  # a draft changes freely
    approve(s)
    db.session.add(Erratum(minutes=s.minutes, number=1, on_date=date(2026, 11, 1),
                           text="Labojums."))
    db.session.flush()
    erratum = s.minutes.errata[0]
    erratum.text = "Cits teksts."
    with pytest.raises(MinutesFrozen):
        db.session.flush()


# --- errata -----------------------------------------------------------------------------------

def test_errata_are_numbered_dated_and_authored(app):
    s = scenario()
    complete(s)
    with pytest.raises(InvalidTransition):
        svc.add_erratum(s.minutes, text="Par agru.", on_date=None, actor=s.secretary)
    approve(s)
    first = svc.add_erratum(s.minutes, text="2. § lasīt “12 ha”.", on_date=None,
                            actor=s.secretary)
    today = svc.local_today(s.meeting)
    second = svc.add_erratum(s.minutes, text="Otrais labojums.", on_date=today,
                             actor=s.admin)
    assert (first.number, second.number) == (1, 2)
    assert first.author == s.secretary and first.on_date == today
    assert "minutes.erratum" in _actions()
    with pytest.raises(ValidationFailed) as e:
        svc.add_erratum(s.minutes, text="  ", on_date=None, actor=s.secretary)
    assert e.value.field == "text"
    with pytest.raises(ValidationFailed) as e:
        svc.add_erratum(s.minutes, text="Nākotnē.", on_date=today + timedelta(days=1),
                        actor=s.secretary)
    assert e.value.field == "on_date"
    with pytest.raises(NotAllowed):
        svc.add_erratum(s.minutes, text="Nē.", on_date=None, actor=s.member_user)


# --- the meeting page's section -----------------------------------------------------------------

def test_meeting_section_by_role_and_state(app):
    s = scenario()
    section = svc.meeting_section(s.meeting, s.secretary)
    assert section.can_start and not section.can_view and section.status is None
    assert not svc.meeting_section(s.meeting, s.member_user).can_start
    complete(s)
    for user, view, edit, approve_ in [(s.secretary, True, True, True),
                                       (s.chair_user, True, False, True),
                                       (s.member_user, True, False, False),
                                       (s.outsider, False, False, False)]:
        section = svc.meeting_section(s.meeting, user)
        assert (section.can_view, section.can_edit, section.can_approve) == (view, edit, approve_)
    approve(s)
    section = svc.meeting_section(s.meeting, s.outsider)
    assert section.can_view and not section.can_add_erratum
    assert svc.meeting_section(s.meeting, s.secretary).can_add_erratum
