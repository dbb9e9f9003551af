"""Saldus councils with realistic rosters: past members, replacements, a vacancy, a suspended
council that lost its members, and Blīdenes still being formed (from the foundation step).

People are invented; names are realistic Latvian names with diacritics.
"""

from collections.abc import Iterator
from datetime import date

from sqlalchemy import select

from ..extensions import db
from ..models import Citizenship, Council, EndReason, Membership, Municipality, Person, Position
from ..services import memberships
from ..text import slugify

C, D, S, M = Position.CHAIR, Position.DEPUTY_CHAIR, Position.SECRETARY, Position.MEMBER
TERM_START = date(2026, 4, 1)

# council slug → [(name, position, voting, consent, start, end, end reason, replaces)]
ROSTERS = {
    "saldus-saldus-pilseta": [
        ("Edgars Zariņš", M, True, True, TERM_START, date(2026, 8, 31), EndReason.MOVED_AWAY,
         None),
        ("Laura Kļaviņa", M, True, True, date(2026, 9, 14), None, None, "Edgars Zariņš"),
    ],
    "saldus-brocenu-pilseta": [
        ("Agris Kalējs", C, True, True, TERM_START, None, None, None),
        ("Inga Rozīte", D, True, True, TERM_START, None, None, None),
        ("Zane Sproģe", S, False, True, TERM_START, None, None, None),
        ("Valdis Lācis", M, True, True, TERM_START, None, None, None),
        ("Elīna Puriņa", M, True, True, TERM_START, None, None, None),
        ("Oskars Vanags", M, True, False, TERM_START, None, None, None),
        ("Normunds Dzenis", M, True, True, TERM_START, date(2026, 6, 30), EndReason.RESIGNED,
         None),
        ("Gunta Krastiņa", M, True, False, date(2026, 7, 6), None, None, "Normunds Dzenis"),
        ("Mārtiņš Ūdris", M, True, True, TERM_START, None, None, None),
    ],
    "saldus-ezeres-pagasts": [
        ("Baiba Ābola", C, True, True, TERM_START, None, None, None),
        ("Kaspars Riekstiņš", D, True, True, TERM_START, None, None, None),
        ("Marta Strazdiņa", S, True, True, TERM_START, None, None, None),
        ("Uldis Ķirsis", M, True, True, TERM_START, None, None, None),
        ("Silvija Bite", M, True, False, TERM_START, None, None, None),
    ],
    "saldus-remtes-pagasts": [
        ("Aija Zvaigzne", C, True, True, TERM_START, None, None, None),
        ("Roberts Siliņš", D, True, True, TERM_START, None, None, None),
        ("Ilona Priede", S, True, True, TERM_START, None, None, None),
        ("Juris Mednis", M, True, False, TERM_START, None, None, None),
        ("Ivars Lapiņš", M, True, True, TERM_START, date(2026, 10, 31), EndReason.RESIGNED,
         None),
    ],
    "saldus-zanas-pagasts": [
        ("Egils Dambis", C, True, True, TERM_START, None, None, None),
        ("Velta Ziemele", M, True, True, TERM_START, None, None, None),
        ("Modris Alksnis", D, True, True, TERM_START, date(2026, 9, 30), EndReason.RESIGNED,
         None),
        ("Daina Celmiņa", S, True, False, TERM_START, date(2026, 9, 30), EndReason.RESIGNED,
         None),
        ("Kārlis Ozols", M, True, True, TERM_START, date(2026, 8, 15), EndReason.MOVED_AWAY,
         None),
    ],
}

# Smaller rosters for the other active councils: chair, deputy, secretary and two members.
OTHER_ROSTERS = {
    "saldus-gaiku-pagasts": ["Helēna Roze", "Artūrs Saulītis", "Evija Kārkliņa",
                             "Pēteris Lejnieks", "Rita Eglīte"],
    "saldus-jaunauces-pagasts": ["Ainārs Vilks", "Sarmīte Balode", "Dace Pētersone",
                                 "Gints Jansons", "Anita Zirne"],
    "saldus-jaunlutrinu-pagasts": ["Guntars Priedītis", "Maija Āboliņa", "Ieva Liepa",
                                   "Arvīds Kļaviņš", "Olga Ivanova"],
    "saldus-nigrandes-pagasts": ["Raivis Ezeriņš", "Vija Krūze", "Santa Kronberga",
                                 "Aldis Sniķeris", "Ligita Pūce"],
    "saldus-novadnieku-pagasts": ["Ēvalds Gailītis", "Lelde Šmite", "Anda Mežule",
                                  "Jurģis Vārna", "Solvita Tiltiņa"],
    "saldus-saldus-pagasts": ["Indulis Bērzs", "Antra Skuja", "Kristīne Grāvīte",
                              "Viesturs Zemītis", "Līvija Rudzīte"],
    "saldus-skedes-pagasts": ["Gatis Pakalns", "Elita Šulce", "Rūta Līce",
                              "Dainis Ķikāns", "Žanete Ose"],
    "saldus-vadakstes-pagasts": ["Leons Daudziņš", "Agnese Kurzeme", "Signe Ērgle",
                                 "Normunds Ceplītis", "Inguna Miezīte"],
}
OTHER_POSITIONS = [C, D, S, M, M]

MARKER = "Edgars Zariņš"


def _phone(n: int) -> str:
    return f"+371 2{(4_310_000 + n * 7919) % 10_000_000:07d}"


def _person(saldus, council, name, consent, n) -> Person:
    person = Person(municipality=saldus, full_name=name, territory=council.territories[0],
                    email=f"{slugify(name)}@example.lv", phone=_phone(n),
                    publish_consent=consent, citizenship=Citizenship.LV,
                    birth_date=date(1960 + n % 40, 1 + n % 12, 1 + n % 28))
    db.session.add(person)
    db.session.flush()
    return person


def _seed_roster(saldus, council, rows, counter) -> int:
    """Demo records are loaded, not done by anyone: the rules are checked, no audit entries."""
    added = {}
    for name, position, voting, consent, start, end, reason, replaces in rows:
        person = _person(saldus, council, name, consent, next(counter))
        memberships.check_rules(council, person, position=position, voting=voting,
                                start_on=start, end_on=end)
        membership = Membership(council=council, person=person, position=position,
                                voting=voting, start_on=start, end_on=end, end_reason=reason,
                                replaced_membership=added.get(replaces))
        db.session.add(membership)
        db.session.flush()
        added[name] = membership
    return len(rows)


def seed(password: str) -> Iterator[str]:
    saldus = db.session.scalars(select(Municipality).where(Municipality.slug == "saldus")).first()
    if saldus is None:
        yield "Saldus rosters: the municipality is missing (load the foundation step first)."
        return
    exists = db.session.scalars(select(Person.id).where(Person.municipality_id == saldus.id,
                                                        Person.full_name == MARKER)).first()
    if exists is not None:
        yield "Saldus rosters: already loaded."
        return
    councils = {c.slug: c for c in db.session.scalars(
        select(Council).where(Council.municipality_id == saldus.id))}
    counter = iter(range(1, 10_000))
    total = 0
    for slug, rows in ROSTERS.items():
        total += _seed_roster(saldus, councils[slug], rows, counter)
    for slug, names in OTHER_ROSTERS.items():
        rows = [(name, position, True, i != 4, TERM_START, None, None, None)
                for i, (name, position) in enumerate(zip(names, OTHER_POSITIONS, strict=True))]
        total += _seed_roster(saldus, councils[slug], rows, counter)
    db.session.flush()
    yield (f"Saldus rosters: {total} memberships in {len(ROSTERS) + len(OTHER_ROSTERS)} "
           "councils, incl. past members, a vacancy and a suspended council.")
