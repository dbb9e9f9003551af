"""Saldus recommendations in every state, dated relative to today so the dashboard is alive.

Built through the service verbs (each with the day it happened), so the timelines, due dates
(working days, Latvian holidays) and audit entries are exactly what the application would make.
Standalone: no source meeting (the minutes demo comes with the minutes feature).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

from sqlalchemy import func, select

from ..extensions import db
from ..models import Addressee, AnswerOutcome, Council, Implementation, Recommendation, User
from ..services import recommendations as svc
from ..services import workdays


def _wd_before(day: date, n: int) -> date:
    """The n-th working day before `day`."""
    for _ in range(n):
        day -= timedelta(days=1)
        while not workdays.is_working_day(day):
            day -= timedelta(days=1)
    return day


def _wd_after(day: date, n: int) -> date:
    return workdays.add_working_days(day, n)


def _user(email: str) -> User:
    return db.session.scalars(select(User).where(User.email == email)).one()


def _addressee(council: Council, name: str) -> Addressee:
    return db.session.scalars(select(Addressee).where(
        Addressee.municipality_id == council.municipality_id, Addressee.name == name)).one()


class _Story:
    """One recommendation walked through its life, each step on its own day."""

    def __init__(self, council: Council, secretary: User, officer: User):
        self.council, self.secretary, self.officer = council, secretary, officer

    def draft(self, on: date, title: str, body: str, addressee: str, public: bool = True):
        return svc.create_recommendation(
            self.council, actor=self.secretary, title=title, body=body,
            addressee_id=_addressee(self.council, addressee).id, is_public=public, today=on)

    def send(self, rec, on: date, note: str = ""):
        return svc.send(rec, actor=self.secretary, version=rec.version, sent_on=on, note=note,
                        today=on)

    def register(self, rec, on: date, number: str):
        return svc.register(rec, actor=self.officer, version=rec.version,
                            registration_number=number, responsible_officer_id=self.officer.id,
                            registered_on=on, today=on)

    def extend(self, rec, on: date, reason: str):
        return svc.extend(rec, actor=self.officer, version=rec.version, reason=reason, today=on)

    def answer(self, rec, on: date, outcome: AnswerOutcome, text: str, reference: str = ""):
        return svc.answer(rec, actor=self.officer, version=rec.version, answered_on=on,
                          outcome=outcome, answer_text=text, decision_reference=reference,
                          today=on)

    def implement(self, rec, on: date, status: Implementation, note: str):
        return svc.record_implementation(rec, actor=self.officer, version=rec.version,
                                         implementation=status, on_date=on, note=note, today=on)

    def close(self, rec, on: date, note: str = ""):
        return svc.close(rec, actor=self.officer, version=rec.version, note=note, today=on)

    def withdraw(self, rec, on: date, reason: str):
        return svc.withdraw(rec, actor=self.secretary, version=rec.version, reason=reason,
                            today=on)


def _kursisi(s: _Story, today: date) -> None:
    dome, komunala = "Saldus novada dome", "Komunālās saimniecības nodaļa"
    attistiba = "Attīstības nodaļa"

    # Closed: accepted, implemented.
    sent = _wd_before(today, 80)
    rec = s.draft(sent - timedelta(days=2), "Par ielu apgaismojumu Kursīšu centrā",
                  "Padome lūdz uzstādīt trīs papildu ielu apgaismes stabus Skolas ielā posmā no "
                  "pagasta pārvaldes līdz autobusa pieturai. Rudens un ziemas mēnešos šajā posmā "
                  "vakaros iet skolēni un senioru dienas centra apmeklētāji, bet ceļš ir tumšs.",
                  komunala)
    s.send(rec, sent)
    s.register(rec, _wd_after(sent, 1), "SND/2026/4-12/118")
    answered = _wd_after(sent, 8)
    s.answer(rec, answered, AnswerOutcome.ACCEPTED,
             "Komunālās saimniecības nodaļa priekšlikumu atbalsta. Apgaismes stabi tiks uzstādīti "
             "no nodaļas ikdienas uzturēšanas budžeta līdz rudens sezonas sākumam.",
             "Izpilddirektora rīkojums Nr. 2-7/214")
    s.implement(rec, _wd_after(answered, 15), Implementation.IN_PROGRESS,
                "Noslēgts līgums ar SIA “Kurzemes elektromontāža”; darbi sākti.")
    done = _wd_after(answered, 45)
    s.implement(rec, done, Implementation.IMPLEMENTED,
                "Trīs LED apgaismes stabi uzstādīti un pieslēgti. Darbi pieņemti.")
    s.close(rec, _wd_after(done, 2), "Priekšlikums izpildīts pilnībā.")

    # Answered after an extension: partly accepted, implementation in progress.
    sent = _wd_before(today, 45)
    rec = s.draft(sent - timedelta(days=1),
                  "Par autobusa pieturas nojumes atjaunošanu pie Kursīšu skolas",
                  "Pieturas “Kursīšu skola” nojume ir sarūsējusi, tai trūkst sēdsola un "
                  "apgaismojuma. Padome lūdz nojumi nomainīt un pieturā ierīkot apgaismojumu, jo "
                  "no tās katru rītu brauc ap 40 skolēnu.", dome)
    s.send(rec, sent)
    s.register(rec, _wd_after(sent, 2), "SND/2026/4-12/187")
    s.extend(rec, _wd_after(sent, 8),
             "Nepieciešams saskaņojums ar autoceļa īpašnieku VSIA “Latvijas Valsts ceļi” par "
             "pieturas izvietojumu.")
    answered = min(rec.due_on - timedelta(days=2), _wd_before(today, 12))
    s.answer(rec, workdays.next_working_day(answered), AnswerOutcome.PARTLY_ACCEPTED,
             "Nojume tiks nomainīta 2026. gada budžeta ietvaros. Apgaismojuma ierīkošana pieturā "
             "iekļauta nākamā gada investīciju plāna projektā, jo nepieciešams jauns pieslēgums.",
             "Domes lēmums (prot. Nr. 14, 7. §)")
    s.implement(rec, _wd_before(today, 3), Implementation.IN_PROGRESS,
                "Jaunā nojume pasūtīta; piegāde gaidāma mēneša beigās.")

    # Registered, overdue.
    sent = _wd_before(today, 22)
    rec = s.draft(sent, "Par Kursīšu bibliotēkas darba laika pagarināšanu sestdienās",
                  "Iedzīvotāji, kas strādā Saldū un Skrundā, darbdienās nepaspēj uz bibliotēku. "
                  "Padome ierosina vismaz divas sestdienas mēnesī bibliotēku atvērt no 10.00 līdz "
                  "14.00.", "Sociālo, izglītības un kultūras jautājumu komiteja")
    s.send(rec, sent)
    s.register(rec, _wd_after(sent, 2), "SND/2026/4-12/241")

    # Sent, not registered, overdue by a few days.
    sent = _wd_before(today, 12)
    rec = s.draft(sent, "Par gājēju celiņa izbūvi gar Ventas ielu",
                  "Gar Ventas ielu no veikala līdz kapsētai nav gājēju celiņa; gājēji iet pa "
                  "brauktuvi. Padome lūdz izvērtēt iespēju izbūvēt grants celiņu.", attistiba)
    s.send(rec, sent)

    # Registered, due in the next working days.
    sent = _wd_before(today, 7)
    rec = s.draft(sent, "Par koplietošanas laukuma ierīkošanu pie pagasta pārvaldes",
                  "Padome ierosina zaļo zonu pie pagasta pārvaldes pārveidot par koplietošanas "
                  "laukumu ar soliem, informācijas stendu un velonovietni.", attistiba)
    s.send(rec, sent)
    s.register(rec, _wd_after(sent, 1), "SND/2026/4-12/266")

    # Not public (about a private property), sent recently, waiting.
    sent = _wd_before(today, 2)
    rec = s.draft(sent, "Par pamestas ēkas Skolas ielā sakārtošanu",
                  "Padome lūdz pašvaldību vērsties pie īpašnieka par graustu Skolas ielā, kas "
                  "apdraud garāmgājējus.", "Pašvaldības izpilddirektors", public=False)
    s.send(rec, sent)

    # Withdrawn after sending.
    sent = _wd_before(today, 30)
    rec = s.draft(sent, "Par ceļa Kursīši–Pampāļi greiderēšanu",
                  "Padome lūdz ceļu greiderēt vēlākais līdz maija beigām.", komunala)
    s.send(rec, sent)
    s.withdraw(rec, _wd_after(sent, 1),
               "Ceļš jau iekļauts pašvaldības kārtējā greiderēšanas grafikā; priekšlikums vairs "
               "nav vajadzīgs.")

    # Draft.
    s.draft(today, "Par suņu pastaigu laukuma ierīkošanu",
            "Padome ierosina pie stadiona ierīkot iežogotu suņu pastaigu laukumu ar atkritumu "
            "urnām un maisiņu dozatoru.", attistiba)


def _saldus(s: _Story, today: date) -> None:
    dome, attistiba = "Saldus novada dome", "Attīstības nodaļa"

    # Answered late: rejected.
    sent = _wd_before(today, 60)
    rec = s.draft(sent, "Par Kalnsētas parka strūklakas darbības pagarināšanu",
                  "Padome ierosina strūklaku darbināt līdz oktobra beigām, nevis līdz septembrim.",
                  dome)
    s.send(rec, sent)
    s.register(rec, _wd_after(sent, 3), "SND/2026/4-12/201")
    s.answer(rec, _wd_after(sent, 14), AnswerOutcome.REJECTED,
             "Strūklakas tehniskais stāvoklis neļauj to darbināt pie zemām gaisa temperatūrām. "
             "Priekšlikums pašlaik netiek atbalstīts.", "Attīstības nodaļas vēstule Nr. 4-8/933")

    # Answered on time: accepted, implementation not started.
    sent = _wd_before(today, 25)
    rec = s.draft(sent, "Par Striķu ielas gājēju pārejas apgaismojumu",
                  "Gājēju pāreja pie Striķu ielas 3 ir vāji apgaismota. Padome lūdz uzstādīt "
                  "izgaismotas ceļa zīmes un papildu prožektoru.", attistiba)
    s.send(rec, sent)
    s.register(rec, _wd_after(sent, 1), "SND/2026/4-12/233")
    s.answer(rec, _wd_after(sent, 6), AnswerOutcome.ACCEPTED,
             "Priekšlikums atbalstīts; darbi iekļauti nākamā ceturkšņa satiksmes drošības plānā.")

    # Registered, overdue.
    sent = _wd_before(today, 16)
    rec = s.draft(sent, "Par velonovietņu uzstādīšanu pie Saldus stacijas",
                  "Pie autoostas un stacijas trūkst velonovietņu; velosipēdi tiek piesieti pie "
                  "koku stumbriem. Padome lūdz uzstādīt vismaz 20 vietu novietni.", attistiba)
    s.send(rec, sent)
    s.register(rec, _wd_after(sent, 1), "SND/2026/4-12/252")

    # Sent, due soon.
    sent = _wd_before(today, 8)
    rec = s.draft(sent, "Par bērnu rotaļu laukuma atjaunošanu Kalnsētas parkā",
                  "Rotaļu laukuma šūpoles un slidkalniņš ir bojāti. Padome lūdz tos nomainīt.",
                  dome)
    s.send(rec, sent)


def seed(password: str) -> Iterator[str]:
    kursisi = db.session.scalars(
        select(Council).where(Council.slug == "saldus-kursisu-pagasts")).first()
    saldus = db.session.scalars(
        select(Council).where(Council.slug == "saldus-saldus-pilseta")).first()
    if kursisi is None or saldus is None:
        yield "Recommendations: the Saldus councils are missing; skipped."
        return
    exists = db.session.scalar(select(Recommendation.id).where(
        Recommendation.council_id.in_([kursisi.id, saldus.id])).limit(1))
    if exists is not None:
        yield "Recommendations: already loaded."
        return
    officer = _user("officer@saldus.example")
    today = svc.today_for(kursisi.municipality)
    _kursisi(_Story(kursisi, _user("sekretare@saldus.example"), officer), today)
    _saldus(_Story(saldus, _user("sekretars2@saldus.example"), officer), today)
    db.session.flush()
    count = db.session.scalar(select(func.count(Recommendation.id)))
    yield f"Recommendations: {count} for Kursīši and Saldus, in every state."
