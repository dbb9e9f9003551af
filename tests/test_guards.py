"""The database guards (council/models/guards.py): SQL that bypasses the services and the ORM
cannot change approved minutes or certified elections, on SQLite and on PostgreSQL; drafts stay
editable; the reserve list of a certified election may still be used; a refusal that reaches a
page is a friendly 409, not a 500."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from council.extensions import db
from council.models import (
    Attendance,
    AttendanceStatus,
    Candidate,
    CandidateStatus,
    ElectionStatus,
    Erratum,
    GlobalRole,
    Guest,
    ItemRecord,
    Minutes,
    MinutesStatus,
    NamedVote,
    Outcome,
    Recusal,
    Vote,
)
from council.models.elections import CertifiedElectionChanged
from council.models.guards import (
    CANDIDATE_CHANGES_AFTER_CERTIFICATION,
    CANDIDATE_FROZEN_COLUMNS,
    GUARD_TRIGGERS,
)
from council.models.minutes import MinutesFrozen, refuse_changes_to_approved_minutes
from council.services import elections as election_svc
from council.services import minutes as svc
from tests import factories as f
from tests.minutes_helpers import approve, attend, scenario, start, vote_item


class Id(str):
    """In an INSERT below: the id of that name in the scenario."""


def _sql(statement: str):
    return lambda ids: (sa.text(statement), ids)


def _insert(model, **values):
    """A Core INSERT: Python-side column defaults apply; the ORM and its guard do not."""
    return lambda ids: (sa.insert(model.__table__).values(
        {k: ids[v] if isinstance(v, Id) else v for k, v in values.items()}), {})


def _run(change, ids) -> None:
    """One statement in its own transaction on a raw connection."""
    statement, params = change(ids)
    with db.engine.begin() as conn:
        conn.execute(statement, params)


# --- minutes ------------------------------------------------------------------------------------

def _minutes(*, approved: bool) -> dict:
    """Minutes with a named vote, a recusal, attendance, a guest and (when approved) an erratum;
    the ids of the rows the statements below aim at."""
    s = scenario()
    start(s)
    attend(s, statuses={"Māris Šteins": AttendanceStatus.EXCUSED},
           reasons={"Māris Šteins": "slimības dēļ"},
           guests=[svc.GuestInput("Anna Liepa", "pagasta pārvaldes vadītāja")])
    vote_item(s, 0, named={"Ilze Bērziņa": Vote.FOR, "Ģirts Ābele": Vote.FOR,
                           "Līga Ozoliņa": Vote.FOR, "Ēriks Krūmiņš": Vote.ABSTAIN},
              recused={"Jānis Kalniņš": "ir zemes gabala īpašnieks"})
    vote_item(s, 1, counts=(4, 1, 0))
    vote_item(s, 2, outcome=Outcome.NOTED, decision="")
    minutes = s.minutes
    if approved:
        approve(s)
        erratum = svc.add_erratum(minutes, text="1. § lasīt “laternas”.", on_date=None,
                                  actor=s.secretary)
    else:  # the services add errata to approved minutes only; the database does not mind
        erratum = Erratum(minutes=minutes, number=1, on_date=date(2026, 3, 20), text="Labojums.")
        db.session.add(erratum)
    free_item = f.agenda_item(s.meeting, title="Papildu jautājums")  # without a record
    db.session.commit()
    named, plain = minutes.item_records[0], minutes.item_records[2]
    assert named.named_votes and named.recusals and s.meeting.guests
    return {"minutes": minutes.id, "meeting": s.meeting.id, "record": named.id,
            "plain_record": plain.id, "named_vote": named.named_votes[0].id,
            "voter": named.named_votes[0].person_id, "recusal": named.recusals[0].id,
            "recused": named.recusals[0].person_id, "attendance": s.meeting.attendances[0].id,
            "late_joiner": s.late_joiner.id, "guest": s.meeting.guests[0].id,
            "erratum": erratum.id, "free_item": free_item.id}


MINUTES_CHANGES = {
    "update minutes": _sql("UPDATE minutes SET recorder_name = 'Cits' WHERE id = :minutes"),
    "update item record": _sql(
        "UPDATE item_records SET decision = 'Cits lēmums.' WHERE id = :record"),
    "insert item record": _insert(ItemRecord, minutes_id=Id("minutes"),
                                  agenda_item_id=Id("free_item")),
    "delete item record": _sql("DELETE FROM item_records WHERE id = :plain_record"),
    "update named vote": _sql("UPDATE named_votes SET vote = 'against' WHERE id = :named_vote"),
    "insert named vote": _insert(NamedVote, item_record_id=Id("record"),
                                 person_id=Id("recused"), vote="for"),
    "delete named vote": _sql("DELETE FROM named_votes WHERE id = :named_vote"),
    "update recusal": _sql("UPDATE recusals SET reason = 'Cits' WHERE id = :recusal"),
    "insert recusal": _insert(Recusal, item_record_id=Id("record"), person_id=Id("voter")),
    "delete recusal": _sql("DELETE FROM recusals WHERE id = :recusal"),
    "update attendance": _sql("UPDATE attendances SET status = 'absent' WHERE id = :attendance"),
    "insert attendance": _insert(Attendance, meeting_id=Id("meeting"),
                                 person_id=Id("late_joiner"), status="present"),
    "delete attendance": _sql("DELETE FROM attendances WHERE id = :attendance"),
    "update guest": _sql("UPDATE guests SET name = 'Cits viesis' WHERE id = :guest"),
    "insert guest": _insert(Guest, meeting_id=Id("meeting"), name="Jauns viesis"),
    "delete guest": _sql("DELETE FROM guests WHERE id = :guest"),
    "update erratum": _sql("UPDATE errata SET text = 'Cits teksts.' WHERE id = :erratum"),
    "delete erratum": _sql("DELETE FROM errata WHERE id = :erratum"),
}
# Refused for approved minutes; for drafts the services decide what may happen.
APPROVED_ONLY_CHANGES = {
    "reopen minutes": _sql("UPDATE minutes SET status = 'draft' WHERE id = :minutes"),
    "delete minutes": _sql("DELETE FROM minutes WHERE id = :minutes"),
    "move a record away": _sql(
        "UPDATE item_records SET minutes_id = :minutes + 1000 WHERE id = :record"),
}


def _stored_minutes(minutes_id: int) -> tuple:
    """Everything the guards protect for these minutes, as stored."""
    db.session.expire_all()
    minutes = db.session.get(Minutes, minutes_id)
    return (
        minutes.status, minutes.content_hash, minutes.recorder_name, minutes.version,
        [(r.id, r.decision, [(v.person_id, v.vote) for v in r.named_votes],
          [(x.person_id, x.reason) for x in r.recusals]) for r in minutes.item_records],
        sorted((a.id, a.person_id, a.status) for a in minutes.meeting.attendances),
        sorted((g.id, g.name) for g in minutes.meeting.guests),
        [(e.id, e.text) for e in minutes.errata],
    )


@pytest.mark.parametrize("change", [*MINUTES_CHANGES, *APPROVED_ONLY_CHANGES])
def test_the_database_refuses_changes_to_approved_minutes(app, change):
    ids = _minutes(approved=True)
    before = _stored_minutes(ids["minutes"])
    with pytest.raises(MinutesFrozen) as refused:
        _run({**MINUTES_CHANGES, **APPROVED_ONLY_CHANGES}[change], ids)
    # the database refused (the ORM's guard never sees a raw statement)
    assert isinstance(refused.value.__cause__, db.engine.dialect.loaded_dbapi.IntegrityError)
    assert _stored_minutes(ids["minutes"]) == before


@pytest.mark.parametrize("change", MINUTES_CHANGES)
def test_the_database_lets_draft_minutes_change(app, change):
    ids = _minutes(approved=False)
    _run(MINUTES_CHANGES[change], ids)


def test_errata_may_be_added_and_approval_itself_is_allowed(app):
    ids = _minutes(approved=True)
    _run(_insert(Erratum, minutes_id=Id("minutes"), number=2, on_date=date(2026, 3, 25),
                 text="Otrais labojums."), ids)
    assert len(db.session.get(Minutes, ids["minutes"]).errata) == 2
    draft = Minutes(meeting=f.held_meeting(f.council(), items=1))
    db.session.add(draft)
    db.session.commit()
    approval = _sql("UPDATE minutes SET status = 'approved', content_hash = :hash "
                    "WHERE id = :minutes")
    _run(approval, {"minutes": draft.id, "hash": "0" * 64})
    with pytest.raises(MinutesFrozen):
        _run(approval, {"minutes": draft.id, "hash": "1" * 64})


@pytest.fixture
def without_orm_guard():
    """As if the before_flush guard had a bug: only the database stands in the way."""
    sa.event.remove(Session, "before_flush", refuse_changes_to_approved_minutes)
    yield
    sa.event.listen(Session, "before_flush", refuse_changes_to_approved_minutes)


def test_an_orm_change_that_slips_past_the_orm_guard_is_refused(app, without_orm_guard):
    ids = _minutes(approved=True)
    db.session.get(ItemRecord, ids["record"]).decision = "Klusi labots lēmums."
    with pytest.raises(MinutesFrozen):
        db.session.commit()
    db.session.rollback()
    assert db.session.get(ItemRecord, ids["record"]).decision != "Klusi labots lēmums."


# --- elections ----------------------------------------------------------------------------------

def _election(*, certified: bool) -> dict:
    """An election counted (9, 5, 3 votes for two seats), certified if asked, and a candidate
    of another election that is still open."""
    officer = f.user(role=GlobalRole.OFFICER)
    council = f.council(seats=5)
    election = f.election(council, seats=2, status=ElectionStatus.VOTING)
    candidates = [f.candidate(election) for _ in range(3)]
    election_svc.count_votes(election, election_svc.Count(
        voters_registered=None, ballots_cast=19, ballots_invalid=2,
        votes={c.id: v for c, v in zip(candidates, [9, 5, 3], strict=True)}), actor=officer)
    if certified:
        election_svc.certify(election, actor=officer)
    newcomer = f.candidate(f.election(council, status=ElectionStatus.NOMINATIONS_OPEN),
                           number=99)
    person = f.eligible_person(council)
    db.session.commit()
    return {"election": election.id, "candidate": candidates[0].id,
            "reserve": candidates[2].id, "person": person.id, "newcomer": newcomer.id}


ELECTION_CHANGES = {
    "update election": _sql("UPDATE elections SET ballots_cast = 1000 WHERE id = :election"),
    "cancel election": _sql("UPDATE elections SET status = 'cancelled' WHERE id = :election"),
    "update candidate votes": _sql("UPDATE candidates SET votes = 1000 WHERE id = :candidate"),
    "update candidate status": _sql(
        "UPDATE candidates SET status = 'elected' WHERE id = :reserve"),
    "reorder the reserve": _sql(
        "UPDATE candidates SET reserve_order = 2, version = version + 1 WHERE id = :reserve"),
    "move a candidate in": _sql(
        "UPDATE candidates SET election_id = :election WHERE id = :newcomer"),
    "insert candidate": _insert(Candidate, election_id=Id("election"), person_id=Id("person"),
                                number=9, status="eligible"),
    "delete candidate": _sql("DELETE FROM candidates WHERE id = :reserve"),
}
CERTIFIED_ONLY_CHANGES = {
    "delete election": _sql("DELETE FROM elections WHERE id = :election"),
}


def _stored_election(election_id: int) -> list:
    db.session.expire_all()
    return db.session.execute(
        sa.select(Candidate.id, Candidate.status, Candidate.votes, Candidate.reserve_order)
        .where(Candidate.election_id == election_id).order_by(Candidate.id)).all()


@pytest.mark.parametrize("change", [*ELECTION_CHANGES, *CERTIFIED_ONLY_CHANGES])
def test_the_database_refuses_changes_to_a_certified_election(app, change):
    ids = _election(certified=True)
    before = _stored_election(ids["election"])
    with pytest.raises(CertifiedElectionChanged) as refused:
        _run({**ELECTION_CHANGES, **CERTIFIED_ONLY_CHANGES}[change], ids)
    assert isinstance(refused.value.__cause__, db.engine.dialect.loaded_dbapi.IntegrityError)
    assert _stored_election(ids["election"]) == before
    assert before[2][1] == CandidateStatus.RESERVE


@pytest.mark.parametrize("change", ELECTION_CHANGES)
def test_the_database_lets_an_uncertified_election_change(app, change):
    ids = _election(certified=False)
    _run(ELECTION_CHANGES[change], ids)


def test_the_reserve_list_may_still_be_used_after_certification(app):
    ids = _election(certified=True)
    for column in ("reserve_declined_at", "reserve_used_at"):
        _run(_sql(f"UPDATE candidates SET {column} = CURRENT_TIMESTAMP, "  # noqa: S608
                  "version = version + 1 WHERE id = :reserve"), ids)
    db.session.expire_all()
    reserve = db.session.get(Candidate, ids["reserve"])
    assert reserve.reserve_used_at is not None and reserve.reserve_declined_at is not None


def test_the_frozen_candidate_columns_are_every_other_column():
    """A new column of candidates must join the guard (through a migration that recreates it)."""
    columns = {c.name for c in Candidate.__table__.c}
    assert set(CANDIDATE_FROZEN_COLUMNS) == columns - set(CANDIDATE_CHANGES_AFTER_CERTIFICATION)


# --- where the guards exist, loaders, pages -----------------------------------------------------

def guard_triggers() -> set[str]:
    """The guard triggers the current database has."""
    with db.engine.connect() as conn:
        if conn.dialect.name == "sqlite":
            rows = conn.execute(sa.text(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'guard%'"))
        else:
            rows = conn.execute(sa.text(
                "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal AND tgname LIKE 'guard%'"))
        return {row[0] for row in rows}


def test_the_test_database_has_every_guard(app):
    assert guard_triggers() == GUARD_TRIGGERS[db.engine.dialect.name]


def test_the_demo_copy_is_frozen_like_the_demo(demo):
    counts = dict(db.session.execute(sa.select(Minutes.status, sa.func.count())
                                     .group_by(Minutes.status)).all())
    assert counts[MinutesStatus.APPROVED] > 0 and counts[MinutesStatus.DRAFT] > 0
    approved = db.session.scalar(sa.select(Minutes.id).where(
        Minutes.status == MinutesStatus.APPROVED).order_by(Minutes.id).limit(1))
    with pytest.raises(MinutesFrozen):
        _run(_sql("DELETE FROM errata WHERE minutes_id = :minutes"), {"minutes": approved})
    certified = db.session.scalar(sa.text(
        "SELECT id FROM elections WHERE status = 'certified' ORDER BY id LIMIT 1"))
    with pytest.raises(CertifiedElectionChanged):
        _run(_sql("UPDATE candidates SET votes = 0 WHERE election_id = :e"), {"e": certified})


def test_a_refusal_that_reaches_a_page_is_a_friendly_409(app, client):
    """The services refuse first, so this takes a view that writes past them."""
    minutes_ids = _minutes(approved=True)
    election_ids = _election(certified=True)
    app.add_url_rule("/test-minutes", "test_minutes", lambda: _run(
        MINUTES_CHANGES["update item record"], minutes_ids))
    app.add_url_rule("/test-election", "test_election", lambda: _run(
        ELECTION_CHANGES["update candidate votes"], election_ids))
    minutes_page = client.get("/test-minutes?lang=en")
    election_page = client.get("/test-election?lang=en")
    assert minutes_page.status_code == election_page.status_code == 409
    assert "These minutes are approved" in minutes_page.get_data(as_text=True)
    assert "This election is certified" in election_page.get_data(as_text=True)
    lv = client.get("/test-election?lang=lv").get_data(as_text=True)
    assert "This election is certified" not in lv
