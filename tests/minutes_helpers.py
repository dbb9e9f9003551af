"""A council with a roster, users for each role and a held meeting, for the minutes tests; and
short ways to record attendance and items through the services."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from html.parser import HTMLParser

from council.extensions import db
from council.models import (
    AttendanceStatus,
    CouncilRoleKind,
    EndReason,
    GlobalRole,
    Meeting,
    Outcome,
    Person,
    Position,
    QuorumRule,
    User,
    Vote,
)
from council.services import minutes as svc
from tests import factories as f

# 05.03.2026 18:00 in Riga (UTC+2 in winter)
MEETING_START = datetime(2026, 3, 5, 16, 0, tzinfo=UTC)
ROSTER = [  # name, position, voting, consent
    ("Ilze Bērziņa", Position.CHAIR, True, True),
    ("Ģirts Ābele", Position.SECRETARY, True, True),
    ("Jānis Kalniņš", Position.MEMBER, True, True),
    ("Līga Ozoliņa", Position.DEPUTY_CHAIR, True, True),
    ("Māris Šteins", Position.MEMBER, True, True),
    ("Ēriks Krūmiņš", Position.MEMBER, True, False),
    ("Ņina Žukova", Position.MEMBER, False, True),
]
ITEMS = [("Par ielu apgaismojumu Kursīšu centrā", True), ("Par zemes nomu", False),
         ("Dažādi", True)]


@dataclass
class Scenario:
    council: object
    meeting: Meeting
    people: dict[str, Person]
    secretary: User
    chair_user: User
    member_user: User
    admin: User
    outsider: User
    late_joiner: Person
    former: Person
    items: list = field(default_factory=list)

    @property
    def minutes(self):
        return self.meeting.minutes

    def pid(self, name: str) -> int:
        return self.people[name].id


def scenario(*, items=ITEMS, casting=True, rule=QuorumRule.MORE_THAN_HALF,
             meeting_public=True) -> Scenario:
    muni = f.municipality(name="Saldus novada pašvaldība", chair_casting_vote=casting,
                          quorum_rule=rule)
    council = f.council(muni, name="Kursīšu pagasta iedzīvotāju padome",
                        place_locative="Kursīšos", term_start=date(2026, 1, 1))
    people = {}
    for name, position, voting, consent in ROSTER:
        person = f.person(muni, full_name=name, publish_consent=consent)
        f.membership(council, person, position=position, voting=voting,
                     start_on=date(2026, 1, 1))
        people[name] = person
    late = f.person(muni, full_name="Kārlis Zariņš")
    f.membership(council, late, start_on=date(2026, 4, 1))  # joined after the meeting
    former = f.person(muni, full_name="Anna Liepa")
    f.membership(council, former, start_on=date(2026, 1, 1), end_on=date(2026, 2, 28),
                 end_reason=EndReason.RESIGNED)
    secretary = f.user(display_name="Ģirts Ābele", person_id=people["Ģirts Ābele"].id)
    f.council_role(secretary, council, CouncilRoleKind.SECRETARY)
    chair_user = f.user(display_name="Ilze Bērziņa", person_id=people["Ilze Bērziņa"].id)
    member_user = f.user(display_name="Jānis Kalniņš", person_id=people["Jānis Kalniņš"].id)
    admin = f.user(GlobalRole.ADMIN, display_name="Administrators")
    outsider = f.user(display_name="Cits lietotājs")
    meeting = f.held_meeting(council, items=0, number=3, starts_at=MEETING_START,
                             is_public=meeting_public)
    agenda = [f.agenda_item(meeting, title=title, is_public=public, presenter="Jānis Kalniņš")
              for title, public in items]
    db.session.flush()
    return Scenario(council, meeting, people, secretary, chair_user, member_user, admin,
                    outsider, late, former, agenda)


def start(s: Scenario):
    minutes = svc.start_minutes(s.meeting, actor=s.secretary)
    db.session.flush()
    return minutes


def attend(s: Scenario, *, statuses=None, reasons=None, opened=time(18, 0),
           closed=time(19, 30), guests=None, chair="Ilze Bērziņa",
           recorder="Ģirts Ābele", arrived=None):
    """Record attendance: everyone on the roster present unless ``statuses`` says otherwise."""
    statuses = statuses or {}
    reasons = reasons or {}
    arrived = arrived or {}
    rows = svc.attendance_rows(s.meeting)
    attendance = [
        svc.AttendanceInput(
            person_id=r.person.id,
            status=statuses.get(r.person.full_name, AttendanceStatus.PRESENT),
            reason=reasons.get(r.person.full_name, ""),
            arrived=arrived.get(r.person.full_name))
        for r in rows if r.on_roster
    ]
    header = svc.HeaderInput(opened=opened, closed=closed,
                             chaired_by_id=s.pid(chair) if chair else None,
                             chair_title="padomes priekšsēdētāja",
                             recorded_by_id=s.pid(recorder) if recorder else None,
                             recorder_title="padomes sekretārs")
    svc.record_meeting(s.minutes, header=header, attendance=attendance,
                       guests=guests or [], version=s.minutes.version, actor=s.secretary)
    db.session.flush()


def vote_item(s: Scenario, index: int, *, outcome=Outcome.ADOPTED, counts=None, named=None,
              recused=None, casting=None, decision="Lūgt pagasta pārvaldi uzstādīt laternas.",
              discussion="Līga Ozoliņa ierosina uzstādīt apgaismojumu.",
              participants="Līga Ozoliņa, Ilze Bērziņa"):
    """Record an item: counts=(for, against, abstain) or named={name: Vote}; recused={name:
    reason}."""
    recused = recused or {}
    named = named or {}
    voters = [r for r in svc.eligible_voters(svc.attendance_rows(s.meeting))]
    members = [svc.MemberVoteInput(person_id=r.person.id, vote=named.get(r.person.full_name),
                                   recused=r.person.full_name in recused,
                                   reason=recused.get(r.person.full_name, ""))
               for r in voters]
    counts = counts or (None, None, None)
    data = svc.ItemInput(
        reported_by="Jānis Kalniņš", discussion_participants=participants,
        discussion=discussion, decision=decision, outcome=outcome, named_vote=bool(named),
        votes_for=counts[0], votes_against=counts[1], votes_abstain=counts[2],
        casting_vote=casting, members=members)
    item = s.meeting.agenda_items[index]
    record = svc.record_for(s.minutes, item)
    record = svc.record_item(s.minutes, item, data, version=record.version if record else None,
                             actor=s.secretary)
    db.session.flush()
    return record


def complete(s: Scenario):
    """Typical complete minutes: one absent with a reason, a named vote with a recusal."""
    start(s)
    attend(s, statuses={"Māris Šteins": AttendanceStatus.EXCUSED},
           reasons={"Māris Šteins": "slimības dēļ"})
    vote_item(s, 0, named={"Ilze Bērziņa": Vote.FOR, "Ģirts Ābele": Vote.FOR,
                           "Līga Ozoliņa": Vote.FOR, "Ēriks Krūmiņš": Vote.ABSTAIN},
              recused={"Jānis Kalniņš": "ir zemes gabala īpašnieks"})
    vote_item(s, 1, counts=(4, 1, 0), decision="Iznomāt zemes vienību 12 ha platībā.")
    vote_item(s, 2, outcome=Outcome.NOTED, decision="", discussion="Iedzīvotāju jautājumi.")
    return s.minutes


def approve(s: Scenario, actor=None):
    from council.exports.protocol import content_hash

    svc.approve(s.minutes, chair_person_id=s.pid("Ilze Bērziņa"), approved_at_meeting_id=None,
                seen_hash=content_hash(s.minutes), actor=actor or s.secretary)
    db.session.flush()
    return s.minutes


def reload(s: Scenario) -> Scenario:
    """Fresh objects loaded the way the pages load them."""
    db.session.expire_all()
    s.meeting = svc.load_meeting(s.meeting.id)
    return s


# --- reading forms back like a browser ---------------------------------------------------------

class _FormReader(HTMLParser):
    """The values a browser would submit from the page's forms (first form with `action`)."""

    def __init__(self, action: str | None):
        super().__init__(convert_charrefs=True)
        self.action, self.inside, self.values = action, action is None, {}
        self._select = self._textarea = None
        self._first_option = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.inside = self.action is None or a.get("action") == self.action
        if not self.inside:
            return
        if tag == "input" and a.get("name") and a.get("name") != "csrf_token":
            if a.get("type") == "checkbox":
                if "checked" in a:
                    self.values[a["name"]] = a.get("value", "y")
            elif a.get("type") != "submit":
                self.values[a["name"]] = a.get("value", "")
        elif tag == "select":
            self._select, self._first_option = a.get("name"), None
        elif tag == "option" and self._select:
            if self._first_option is None:
                self._first_option = a.get("value", "")
                self.values.setdefault(self._select, self._first_option)
            if "selected" in a:
                self.values[self._select] = a.get("value", "")
        elif tag == "textarea":
            self._textarea = a.get("name")
            self.values[self._textarea] = ""

    def handle_endtag(self, tag):
        if tag == "form" and self.action is not None:
            self.inside = False
        if tag == "select":
            self._select = None
        if tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea and self.inside:
            if not self.values[self._textarea]:  # browsers drop the first line break
                data = data.removeprefix("\r\n") if data.startswith("\r\n") else \
                    data.removeprefix("\n")
            self.values[self._textarea] += data


def form_fields(html: str, action: str | None = None) -> dict[str, str]:
    reader = _FormReader(action)
    reader.feed(html)
    return reader.values
