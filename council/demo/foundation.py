"""Saldus novads: the municipality, its 21 territorial units, councils, people and users."""

from collections.abc import Iterator
from datetime import date

from sqlalchemy import select

from ..extensions import db
from ..models import (
    Addressee,
    AddresseeKind,
    Citizenship,
    Council,
    CouncilRoleKind,
    CouncilStatus,
    GlobalRole,
    Membership,
    Municipality,
    Person,
    Position,
    TerritorialUnit,
    UnitKind,
)
from ..services import accounts
from ..text import slugify

# (name, kind, locative) — the real units of Saldus novads (DOMAIN.md).
UNITS = [
    ("Saldus pilsēta", UnitKind.TOWN, "Saldū"),
    ("Brocēnu pilsēta", UnitKind.TOWN, "Brocēnos"),
    ("Blīdenes pagasts", UnitKind.PARISH, "Blīdenē"),
    ("Cieceres pagasts", UnitKind.PARISH, "Ciecerē"),
    ("Ezeres pagasts", UnitKind.PARISH, "Ezerē"),
    ("Gaiķu pagasts", UnitKind.PARISH, "Gaiķos"),
    ("Jaunauces pagasts", UnitKind.PARISH, "Jaunaucē"),
    ("Jaunlutriņu pagasts", UnitKind.PARISH, "Jaunlutriņos"),
    ("Kursīšu pagasts", UnitKind.PARISH, "Kursīšos"),
    ("Lutriņu pagasts", UnitKind.PARISH, "Lutriņos"),
    ("Nīgrandes pagasts", UnitKind.PARISH, "Nīgrandē"),
    ("Novadnieku pagasts", UnitKind.PARISH, "Novadniekos"),
    ("Pampāļu pagasts", UnitKind.PARISH, "Pampāļos"),
    ("Remtes pagasts", UnitKind.PARISH, "Remtē"),
    ("Rubas pagasts", UnitKind.PARISH, "Rubā"),
    ("Saldus pagasts", UnitKind.PARISH, "Saldus pagastā"),
    ("Šķēdes pagasts", UnitKind.PARISH, "Šķēdē"),
    ("Vadakstes pagasts", UnitKind.PARISH, "Vadakstē"),
    ("Zaņas pagasts", UnitKind.PARISH, "Zaņā"),
    ("Zirņu pagasts", UnitKind.PARISH, "Zirņos"),
    ("Zvārdes pagasts", UnitKind.PARISH, "Zvārdē"),
]

# Units where councils formed in 2026 (DOMAIN.md), plus one still forming and one suspended.
FORMED = [
    "Brocēnu pilsēta", "Saldus pilsēta", "Ezeres pagasts", "Gaiķu pagasts", "Jaunauces pagasts",
    "Jaunlutriņu pagasts", "Kursīšu pagasts", "Nīgrandes pagasts", "Novadnieku pagasts",
    "Remtes pagasts", "Saldus pagasts", "Šķēdes pagasts", "Vadakstes pagasts", "Zaņas pagasts",
]
FORMING = ["Blīdenes pagasts"]
SUSPENDED = ["Zaņas pagasts"]

ADDRESSEES = [
    (AddresseeKind.DOME, "Saldus novada dome"),
    (AddresseeKind.COMMITTEE, "Attīstības un teritoriālo jautājumu komiteja"),
    (AddresseeKind.COMMITTEE, "Sociālo, izglītības un kultūras jautājumu komiteja"),
    (AddresseeKind.EXECUTIVE, "Pašvaldības izpilddirektors"),
    (AddresseeKind.DEPARTMENT, "Attīstības nodaļa"),
    (AddresseeKind.DEPARTMENT, "Komunālās saimniecības nodaļa"),
]

KURSISI_ROSTER = [
    ("Ilze Bērziņa", Position.CHAIR, True),
    ("Jānis Kalniņš", Position.MEMBER, True),
    ("Līga Ozoliņa", Position.DEPUTY_CHAIR, True),
    ("Māris Šteins", Position.MEMBER, True),
    ("Ģirts Ābele", Position.SECRETARY, True),
    ("Ņina Žukova", Position.MEMBER, False),
    ("Ēriks Krūmiņš", Position.MEMBER, True),
]
SALDUS_ROSTER = [
    ("Kristīne Liepiņa", Position.CHAIR, True),
    ("Andris Vītols", Position.DEPUTY_CHAIR, True),
    ("Dace Jaunzeme", Position.SECRETARY, True),
    ("Raimonds Grīnbergs", Position.MEMBER, True),
    ("Sanita Ķēniņa", Position.MEMBER, False),
]
BYLAW = ("Nr. 21", date(2025, 10, 23))
TERM_START = date(2026, 4, 1)


def council_name(unit_name: str) -> str:
    """'Kursīšu pagasts' → 'Kursīšu pagasta iedzīvotāju padome'."""
    first, kind = unit_name.rsplit(" ", 1)
    genitive = {"pagasts": "pagasta", "pilsēta": "pilsētas"}[kind]
    return f"{first} {genitive} iedzīvotāju padome"


def seed(password: str) -> Iterator[str]:
    existing = db.session.scalars(select(Municipality).where(Municipality.slug == "saldus")).first()
    if existing is not None:
        yield "Saldus novads: already loaded."
        return
    saldus = Municipality(
        name="Saldus novada pašvaldība", slug="saldus", address="Striķu iela 3, Saldus, LV-3801",
        website="https://www.saldus.lv",
    )
    db.session.add(saldus)
    units = {}
    for name, kind, locative in UNITS:
        unit = TerritorialUnit(municipality=saldus, name=name, kind=kind, locative=locative,
                               slug=slugify(name))
        units[name] = unit
        db.session.add(unit)
    for i, (kind, name) in enumerate(ADDRESSEES):
        db.session.add(Addressee(municipality=saldus, kind=kind, name=name, position=i))

    councils = {}
    for name in FORMED + FORMING:
        unit = units[name]
        forming = name in FORMING
        status = (CouncilStatus.FORMING if forming else
                  CouncilStatus.SUSPENDED if name in SUSPENDED else CouncilStatus.ACTIVE)
        council = Council(
            municipality=saldus, name=council_name(name), slug=f"saldus-{unit.slug}",
            status=status, seats=7 if unit.kind == UnitKind.TOWN else 5,
            bylaw_number=BYLAW[0], bylaw_date=BYLAW[1],
            bylaw_url="https://likumi.lv/ta/id/saldus-novada-iedzivotaju-padomes-nolikums",
            established_on=None if forming else date(2026, 3, 26),
            term_start=None if forming else TERM_START,
            term_end=None if forming else date(2030, 3, 31),
            description=(
                f"Pārstāv {unit.name.replace('pagasts', 'pagasta').replace('pilsēta', 'pilsētas')}"
                " iedzīvotājus: apzina vajadzības, uzklausa iedzīvotāju un uzņēmēju priekšlikumus "
                "un iesniedz tos pašvaldībai."
            ),
            contact_email=f"padome.{unit.slug}@saldus.example",
            place_locative=unit.locative, territories=[unit],
        )
        if name == "Kursīšu pagasts":
            council.seats = 7
        councils[name] = council
        db.session.add(council)
    db.session.flush()

    people = {}
    for unit_name, roster in (("Kursīšu pagasts", KURSISI_ROSTER),
                              ("Saldus pilsēta", SALDUS_ROSTER)):
        for full_name, position, consent in roster:
            person = Person(
                municipality=saldus, full_name=full_name, territory=units[unit_name],
                email=f"{slugify(full_name)}@example.lv", publish_consent=consent,
                citizenship=Citizenship.LV, birth_date=date(1975, 5, 17),
            )
            people[full_name] = person
            db.session.add(Membership(council=councils[unit_name], person=person,
                                      position=position, voting=True, start_on=TERM_START))
    db.session.flush()

    admin = accounts.create_user(actor=None, email="admin@saldus.example",
                                 display_name="Administrators", password=password,
                                 role=GlobalRole.ADMIN)
    accounts.create_user(actor=None, email="officer@saldus.example",
                         display_name="Inese Kalēja", password=password,
                         role=GlobalRole.OFFICER, municipality_id=saldus.id)
    secretary = accounts.create_user(actor=None, email="sekretare@saldus.example",
                                     display_name="Ģirts Ābele", password=password,
                                     person_id=people["Ģirts Ābele"].id)
    accounts.create_user(actor=None, email="biedrs@saldus.example",
                         display_name="Jānis Kalniņš", password=password,
                         person_id=people["Jānis Kalniņš"].id)
    secretary2 = accounts.create_user(actor=None, email="sekretars2@saldus.example",
                                      display_name="Dace Jaunzeme", password=password,
                                      person_id=people["Dace Jaunzeme"].id)
    accounts.grant_council_role(secretary, councils["Kursīšu pagasts"],
                                CouncilRoleKind.SECRETARY, actor=admin)
    accounts.grant_council_role(secretary2, councils["Saldus pilsēta"],
                                CouncilRoleKind.SECRETARY, actor=admin)
    yield (f"Saldus novads: {len(UNITS)} territorial units, {len(councils)} councils, "
           f"{len(people)} people, 5 demo users.")
