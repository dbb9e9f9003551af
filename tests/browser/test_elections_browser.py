"""A real browser: a secretary runs the Saldus town by-election from nominations to certification;
the public council page then shows the new members, and the roster on today's date has them."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from council.extensions import db
from council.models import Council, Election
from council.services.memberships import roster_on
from tests.browser.helpers import no_axe_violations

pytestmark = pytest.mark.browser
SLUG = "saldus-saldus-pilseta"


def test_secretary_runs_a_by_election_to_certification(page, live_server):
    today = datetime.now(ZoneInfo("Europe/Riga")).date()
    with live_server.app.app_context():  # the demo by-election fills the town's free seats
        seats = db.session.scalar(select(Election.seats).join(Election.council).where(
            Council.slug == SLUG, Election.kind == "by_election"))
        db.session.remove()
    assert seats in (1, 2)
    page.goto(live_server.url + "/login")
    page.get_by_label("E-pasts").fill("sekretars2@saldus.example")
    page.get_by_label("Parole").fill("padome-demo")
    page.get_by_role("button", name="Pieteikties").click()

    page.goto(live_server.url + f"/councils/{SLUG}")
    page.get_by_role("link", name="Papildu vēlēšanas, 12.12.2026.").click()
    expect(page.get_by_text("notiek kandidātu izvirzīšana").first).to_be_visible()
    no_axe_violations(page)

    # The by-election took place in the last days: the secretary records it afterwards.
    page.get_by_role("link", name="Labot").click()
    page.get_by_label("Vēlēšanu datums (pirmā balsošanas diena)").fill(
        (today - timedelta(days=3)).isoformat())
    page.get_by_label("Pēdējā balsošanas diena").fill((today - timedelta(days=1)).isoformat())
    page.get_by_label("Pilnvaru termiņa sākums").fill(today.isoformat())
    page.get_by_role("button", name="Saglabāt").click()
    expect(page.locator(".flash-success")).to_be_visible()

    page.get_by_role("link", name="Pievienot kandidātu").click()
    page.get_by_label("Vārds, uzvārds").fill("Zelma Ērgle")
    page.get_by_label("Deklarētā dzīvesvieta").select_option(label="Saldus pilsēta")
    page.get_by_label("Dzimšanas datums").fill("1988-07-14")
    page.get_by_label("Pilsonība").select_option(label="Latvijas pilsonis")
    page.get_by_label("Piekrīt, ka viņa vārds tiek publicēts").check()
    page.get_by_label("Izvirzītājs").fill("pašizvirzījusies")
    page.get_by_role("button", name="Pievienot kandidātu").click()
    expect(page.locator(".flash-success")).to_contain_text("Zelma Ērgle")

    # One demo candidate still lacks a birth date: nominations cannot end in voting before.
    pending = page.locator("tr", has=page.locator(".badge.warn"))
    pending.get_by_role("link", name="Atbilstība").click()
    page.get_by_label("Dzimšanas datums").fill("1961-02-03")
    page.get_by_role("button", name="Saglabāt un pārbaudīt vēlreiz").click()
    expect(page.locator(".flash-success")).to_contain_text("atbilst prasībām")

    page.get_by_role("button", name="Noslēgt kandidātu izvirzīšanu").click()
    page.get_by_role("button", name="Sākt balsošanu").click()
    expect(page.get_by_text("notiek balsošana").first).to_be_visible()

    page.get_by_role("link", name="Ievadīt balsu skaitu").click()
    page.get_by_label("Reģistrēto vēlētāju skaits (nav obligāts)").fill("8200")
    page.get_by_label("Nodoto balsošanas zīmju skaits").fill("105")
    page.get_by_label("Nederīgo balsošanas zīmju skaits").fill("5")
    votes = page.locator("input[name^=votes_]")
    assert votes.count() == 4
    labels = page.locator("label[for^=votes_]")
    first, second = labels.nth(0).inner_text(), labels.nth(3).inner_text()
    for i, n in enumerate((40, 20, 10, 30)):
        votes.nth(i).fill(str(n))
    page.get_by_role("button", name="Saglabāt balsu skaitu").click()
    expect(page.locator(".flash-success")).to_be_visible()
    no_axe_violations(page)

    page.get_by_role("link", name="Apstiprināt rezultātus…").click()
    expect(page.get_by_role("heading", name="Apstiprināt rezultātus?")).to_be_visible()
    page.get_by_role("button", name="Apstiprināt").click()
    expect(page.locator(".flash-success")).to_contain_text("Rezultāti apstiprināti")
    expect(page.get_by_role("link", name="Rezultātu protokols (.docx)")).to_be_visible()

    page.get_by_role("button", name="Iziet").click()
    page.goto(live_server.url + f"/councils/{SLUG}")
    elected = [first, second][:seats]  # 40 and 30 votes are the two highest
    section = page.locator(".council-elections")
    for name in elected:
        expect(section).to_contain_text(name)
        expect(page.locator(".roster-public")).to_contain_text(name)
    no_axe_violations(page)

    with live_server.app.app_context():
        council = db.session.scalars(select(Council).where(Council.slug == SLUG)).one()
        names = {m.person.full_name for m in roster_on(council, today)}
        db.session.remove()
    assert set(elected) <= names


def test_election_pages_fit_a_phone(page, live_server):
    page.set_viewport_size({"width": 360, "height": 740})
    with live_server.app.app_context():
        council = db.session.scalars(select(Council).where(
            Council.slug == "saldus-gaiku-pagasts")).one()
        election_id = db.session.scalar(
            select(Election.id).where(Election.council_id == council.id))
        db.session.remove()
    paths = ["/councils/saldus-gaiku-pagasts",
             f"/councils/saldus-gaiku-pagasts/elections/{election_id}",
             "/councils/saldus-gaiku-pagasts/elections/"]
    for path in paths:
        page.goto(live_server.url + path)
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, path
    no_axe_violations(page)
