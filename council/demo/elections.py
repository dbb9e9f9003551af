"""Saldus demo elections: the founding election of every active council (voting 4–18 March 2026
at the parish libraries, certified), a by-election with nominations open, and a vacancy waiting
for the next person on the reserve list. Invented people.

Councils whose roster already exists (loaded by earlier steps, without election links) get an
election record whose elected candidates are those members, and the memberships are linked to
it. One council (Gaiķu) goes through every step of the services — nominations, count, a tie
decided by lot, certification; the others are entered as counted (the paper count) and certified
by the service, which creates their memberships and reserve lists.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..models import (
    Candidate,
    CandidateStatus,
    Citizenship,
    Council,
    CouncilStatus,
    Election,
    ElectionKind,
    ElectionMethod,
    ElectionStatus,
    EndReason,
    Membership,
    Municipality,
    Person,
    User,
)
from ..services import elections as svc
from ..services import memberships, nominations

VOTING = (date(2026, 3, 4), date(2026, 3, 18))
CERTIFIED_AT = datetime(2026, 3, 20, 9, 0, tzinfo=UTC)
VACANCY_COUNCIL = "saldus-ezeres-pagasts"
THROUGH_SERVICES = "saldus-gaiku-pagasts"  # every step, incl. a tie decided by lot
BY_ELECTION_COUNCIL = "saldus-saldus-pilseta"

FEMALE = ["Anna", "Baiba", "Elīna", "Gunta", "Ieva", "Inga", "Iveta", "Laura", "Liene", "Linda",
          "Madara", "Marta", "Santa", "Solvita", "Zane", "Agnese", "Aija", "Ināra", "Rūta",
          "Ārija", "Žanete", "Dzintra", "Skaidrīte"]
MALE = ["Aigars", "Artūrs", "Edgars", "Gatis", "Guntis", "Ivars", "Juris", "Kārlis", "Mārtiņš",
        "Normunds", "Oskars", "Pēteris", "Raivis", "Roberts", "Uldis", "Valdis", "Viesturs",
        "Zigmārs", "Ēvalds", "Ģederts", "Aivars", "Jurģis"]
SURNAMES = [("Bērziņš", "Bērziņa"), ("Kalniņš", "Kalniņa"), ("Ozols", "Ozola"),
            ("Liepiņš", "Liepiņa"), ("Jansons", "Jansone"), ("Zariņš", "Zariņa"),
            ("Pētersons", "Pētersone"), ("Kļaviņš", "Kļaviņa"), ("Lapiņš", "Lapiņa"),
            ("Šmits", "Šmite"), ("Āboliņš", "Āboliņa"), ("Eglītis", "Eglīte"),
            ("Siliņš", "Siliņa"), ("Ūdris", "Ūdre"), ("Ķēniņš", "Ķēniņa"), ("Žagars", "Žagare"),
            ("Rozītis", "Rozīte"), ("Vanags", "Vanaga"), ("Strautiņš", "Strautiņa"),
            ("Putniņš", "Putniņa"), ("Dūmiņš", "Dūmiņa"), ("Čaks", "Čaka"),
            ("Mežulis", "Mežule"), ("Gailītis", "Gailīte"), ("Sproģis", "Sproģe")]


class _Names:
    """Distinct invented names, the same on every run."""

    def __init__(self, taken: set[str]):
        self.taken = set(taken)
        self.i = 0

    def next(self) -> str:
        while True:
            self.i += 1
            female = self.i % 2 == 0
            given = (FEMALE if female else MALE)[(self.i * 7) % (len(FEMALE) if female
                                                                 else len(MALE))]
            surname = SURNAMES[(self.i * 11) % len(SURNAMES)][1 if female else 0]
            name = f"{given} {surname}"
            if name not in self.taken:
                self.taken.add(name)
                return name


def _library(council: Council) -> str:
    return council.name.replace(" iedzīvotāju padome", " bibliotēka")


def _data(council: Council, **kw) -> svc.ElectionData:
    values = dict(kind=ElectionKind.FOUNDING, seats=council.seats, held_on=VOTING[0],
                  voting_ends_on=VOTING[1], place=_library(council), method=ElectionMethod.BALLOT,
                  votes_per_ballot=1, term_start=council.term_start, term_end=council.term_end)
    values.update(kw)
    return svc.ElectionData(**values)


def _votes(n_elected: int, n_reserve: int, seed: int) -> list[int]:
    """Falling vote counts without ties: elected first, then the reserve."""
    votes, current = [], 120 + (seed * 37) % 90
    for i in range(n_elected + n_reserve):
        votes.append(current)
        current -= 7 + (seed + i) % 6
    return votes


def _existing_founders(council: Council) -> list[Membership]:
    """Voting members who sat from the term start and came from no recorded election."""
    stmt = (select(Membership)
            .where(Membership.council_id == council.id, Membership.voting.is_(True),
                   Membership.election_id.is_(None),
                   Membership.start_on <= (council.term_start or date.max))
            .options(selectinload(Membership.person)).order_by(Membership.id))
    return list(db.session.scalars(stmt))


def _record_founding(council: Council, founders: list[Membership], names: _Names,
                     admin: User | None, seed: int) -> Election:
    """The certified record of an election held before Padome: its elected are the roster."""
    unit = council.territories[0] if council.territories else None
    reserve_people = []
    if len(founders) >= council.seats:  # a full council had more candidates than seats
        for _ in range(3):
            reserve_people.append(Person(
                municipality_id=council.municipality_id, full_name=names.next(), territory=unit,
                birth_date=date(1968, 9, 2), citizenship=Citizenship.LV, publish_consent=True))
    votes = _votes(len(founders), len(reserve_people), seed)
    valid = sum(votes)
    election = Election(
        council=council, kind=ElectionKind.FOUNDING, status=ElectionStatus.COUNTED,
        seats=council.seats, held_on=VOTING[0], voting_ends_on=VOTING[1],
        place=_library(council), method=ElectionMethod.BALLOT, votes_per_ballot=1,
        term_start=council.term_start, term_end=council.term_end,
        voters_registered=valid * 3 + 212, ballots_cast=valid + 9, ballots_invalid=9,
        certified_by=admin, certified_at=CERTIFIED_AT)
    people = [m.person for m in founders] + reserve_people
    for i, (person, n) in enumerate(zip(people, votes, strict=True), start=1):
        elected = i <= len(founders)
        candidate = Candidate(
            election=election, person=person, number=i, votes=n, rank=i,
            nominated_on=date(2026, 2, 2), nominated_by="pašizvirzījies",
            status=CandidateStatus.ELECTED if elected else CandidateStatus.RESERVE,
            reserve_order=None if elected else i - len(founders))
        if elected:
            founders[i - 1].election, founders[i - 1].candidate = election, candidate
    db.session.add(election)
    db.session.flush()
    # Certified once its candidates are stored: the database refuses candidates of a certified
    # election (council/models/guards.py).
    election.status = ElectionStatus.CERTIFIED
    db.session.flush()
    return election


def _nominate(election: Election, names: _Names, admin: User, n: int, day: date) -> None:
    unit = election.council.territories[0]
    for i in range(n):
        nominations.nominate(
            election, actor=admin, nominated_by="pašizvirzījies" if i % 3 else "biedrība",
            nominated_on=day + timedelta(days=i % 10),
            new_person=nominations.NewPerson(
                full_name=names.next(), territory=unit,
                birth_date=date(1950 + (i * 7) % 55, 1 + i % 12, 1 + (i * 5) % 28),
                citizenship=Citizenship.EU if i == 4 else Citizenship.LV,
                email="", publish_consent=i % 4 != 3))


def _run_founding(council: Council, names: _Names, admin: User, seed: int) -> Election:
    """A founding election through the services, from nominations to certification."""
    election = svc.create_election(council, _data(council), actor=admin)
    svc.open_nominations(election, actor=admin)
    _nominate(election, names, admin, council.seats + 2, date(2026, 2, 2))
    svc.close_nominations(election, actor=admin)
    svc.start_voting(election, actor=admin)
    candidates = svc.eligible_candidates(election)
    votes = _votes(council.seats, len(candidates) - council.seats, seed)
    votes[council.seats] = votes[council.seats - 1]  # a tie at the last seat, decided by lot
    svc.count_votes(election, svc.Count(
        voters_registered=sum(votes) * 3 + 140, ballots_cast=sum(votes) + 6, ballots_invalid=6,
        votes={c.id: v for c, v in zip(candidates, votes, strict=True)}), actor=admin)
    ties = svc.ranking(election).open_ties
    svc.draw_lots(election, actor=admin, drawn_by="Aina Kociņa, vēlēšanu komisijas "
                  "priekšsēdētāja", notes="Lozes vilktas 2026. gada 19. martā plkst. 10.00 "
                  "pagasta pārvaldē, klātesot abiem kandidātiem.",
                  order={c.id: i for t in ties for i, c in enumerate(t.candidates, 1)})
    svc.certify(election, actor=admin, certified_at=CERTIFIED_AT)
    return election


def _counted_founding(council: Council, names: _Names, admin: User, seed: int) -> Election:
    """A founding election entered as counted (the paper count), then certified by the
    service, which creates the memberships and the reserve list."""
    votes = _votes(council.seats, 2, seed)
    election = Election(council=council, status=ElectionStatus.COUNTED,
                        voters_registered=sum(votes) * 3 + 97, ballots_cast=sum(votes) + 4,
                        ballots_invalid=4, **vars(_data(council)))
    unit = council.territories[0]
    for i, n in enumerate(votes):
        person = Person(municipality_id=council.municipality_id, full_name=names.next(),
                        territory=unit, birth_date=date(1950 + (i * 7) % 55, 1 + i % 12, 3),
                        citizenship=Citizenship.LV, publish_consent=i % 4 != 3)
        Candidate(election=election, person=person, number=i + 1, votes=n,
                  nominated_on=date(2026, 2, 2 + i), nominated_by="pašizvirzījies",
                  status=CandidateStatus.ELIGIBLE)
    db.session.add(election)
    db.session.flush()
    svc.certify(election, actor=admin, certified_at=CERTIFIED_AT)
    return election


def _vacancy(council: Council, election: Election, admin: User) -> str:
    """One elected member resigned in October: the reserve list offers the next person."""
    candidate = next(c for c in election.candidates if c.status == CandidateStatus.ELECTED
                     and c.rank == 3)
    membership = db.session.scalars(select(Membership).where(
        Membership.candidate_id == candidate.id)).one()
    memberships.end_membership(membership, end_on=date(2026, 10, 15),
                               reason=EndReason.RESIGNED, actor=admin)
    return f"{candidate.person.full_name} resigned from {council.name}"


def _by_election(council: Council, names: _Names, admin: User) -> Election:
    """Nominations open for the seats nobody filled in March."""
    free = council.seats - sum(1 for m in memberships.roster_on(council, date(2026, 12, 1))
                               if m.voting)
    election = svc.create_election(council, _data(
        council, kind=ElectionKind.BY_ELECTION, seats=max(free, 1), held_on=date(2026, 12, 12),
        voting_ends_on=date(2026, 12, 12), method=ElectionMethod.RESIDENT_MEETING,
        place="Saldus kultūras centrs, Striķu iela 22", term_start=date(2026, 12, 14)),
        actor=admin)
    svc.open_nominations(election, actor=admin)
    _nominate(election, names, admin, 2, date(2026, 11, 16))
    nominations.nominate(election, actor=admin, nominated_by="Saldus senioru biedrība",
                         nominated_on=date(2026, 11, 20), new_person=nominations.NewPerson(
                             full_name=names.next(), territory=council.territories[0],
                             birth_date=None, citizenship=Citizenship.LV,
                             publish_consent=True))
    return election


def seed(password: str) -> Iterator[str]:
    saldus = db.session.scalars(select(Municipality).where(Municipality.slug == "saldus")).first()
    if saldus is None:
        yield "Elections: no Saldus municipality, skipped."
        return
    councils = list(db.session.scalars(
        select(Council).where(Council.municipality_id == saldus.id,
                              Council.status == CouncilStatus.ACTIVE)
        .options(selectinload(Council.territories)).order_by(Council.name)))
    if db.session.scalars(select(Election.id).join(Election.council)
                          .where(Council.municipality_id == saldus.id)).first() is not None:
        yield "Elections: already loaded."
        return
    admin = db.session.scalars(select(User).where(User.email == "admin@saldus.example")).one()
    names = _Names(set(db.session.scalars(select(Person.full_name))))
    founding = {}
    for seed_no, council in enumerate(councils):
        founders = _existing_founders(council)
        if founders:
            founding[council.slug] = _record_founding(council, founders, names, admin, seed_no)
        elif council.slug == THROUGH_SERVICES:
            founding[council.slug] = _run_founding(council, names, admin, seed_no)
        else:
            founding[council.slug] = _counted_founding(council, names, admin, seed_no)
    by_council = {c.slug: c for c in councils}
    notes = []
    if VACANCY_COUNCIL in founding:
        notes.append(_vacancy(by_council[VACANCY_COUNCIL], founding[VACANCY_COUNCIL], admin))
    if BY_ELECTION_COUNCIL in by_council:
        _by_election(by_council[BY_ELECTION_COUNCIL], names, admin)
        notes.append(f"by-election open in {by_council[BY_ELECTION_COUNCIL].name}")
    db.session.flush()
    yield (f"Elections: {len(founding)} certified founding elections; " + "; ".join(notes) + ".")
