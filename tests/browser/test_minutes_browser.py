"""A real browser: a secretary records attendance and two items with votes, approves the
minutes and downloads the Word protocol; the pages fit a phone and pass axe."""

import re
from datetime import UTC, datetime
from io import BytesIO

import docx
import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from council.extensions import db
from council.models import Council
from tests import factories as f
from tests.browser.helpers import log_in, no_axe_violations

pytestmark = pytest.mark.browser

MEMBERS = ["Ilze Bērziņa", "Ģirts Ābele", "Jānis Kalniņš", "Līga Ozoliņa", "Ēriks Krūmiņš",
           "Ņina Žukova"]  # Māris Šteins is ill


def _held_meeting(server) -> int:
    with server.app.app_context():
        council = db.session.scalars(
            select(Council).where(Council.slug == "saldus-kursisu-pagasts")).one()
        meeting = f.held_meeting(council, items=0, number=90,  # clear of the demo numbers
                                 starts_at=datetime(2026, 5, 5, 15, 0, tzinfo=UTC))
        f.agenda_item(meeting, title="Par ielu apgaismojumu Kursīšu centrā",
                      presenter="Jānis Kalniņš")
        f.agenda_item(meeting, title="Par bērnu rotaļu laukumu pie skolas",
                      presenter="Līga Ozoliņa")
        db.session.commit()
        meeting_id = meeting.id
        db.session.remove()
    return meeting_id


def test_secretary_records_approves_and_downloads(page, live_server, tmp_path):
    meeting_id = _held_meeting(live_server)
    log_in(page, live_server.url, "sekretare@saldus.example")
    page.goto(f"{live_server.url}/meetings/{meeting_id}/minutes")
    page.get_by_role("button", name="Sākt protokolu").click()
    expect(page.locator(".flash-success")).to_contain_text("Protokola projekts ir izveidots")

    # Attendance: Māris Šteins is excused, a guest came.
    page.get_by_label("Māris Šteins dalība").select_option("excused")
    page.get_by_label("Māris Šteins prombūtnes iemesls").fill("slimības dēļ")
    page.get_by_label("1. viesa vārds, uzvārds").fill("Anna Liepa")
    page.get_by_label("1. viesa amats vai statuss").fill("pagasta pārvaldes vadītāja")
    page.get_by_label("Sēde slēgta plkst.").fill("19:30")
    no_axe_violations(page)
    page.get_by_role("button", name="Saglabāt dalību un sēdes datus").click()
    expect(page.locator(".flash-success")).to_contain_text("Dalība un sēdes dati ir saglabāti")
    expect(page.locator(".quorum")).to_contain_text("Piedalās 6 no 7")

    # 1. §: votes as counts.
    page.get_by_role("link", name="1. § Par ielu apgaismojumu Kursīšu centrā").click()
    page.get_by_label("Debates (kopsavilkums)").fill(
        "Jānis Kalniņš informē, ka centrā nedeg 5 laternas. Līga Ozoliņa atbalsta.")
    page.get_by_label("Lēmums").fill("Lūgt pagasta pārvaldi salabot ielu apgaismojumu.")
    page.get_by_label("Par", exact=True).fill("5")
    page.get_by_label("Pret", exact=True).fill("0")
    page.get_by_label("Atturas", exact=True).fill("1")
    page.get_by_label("Iznākums").select_option("adopted")
    no_axe_violations(page)
    page.get_by_role("button", name="Saglabāt un pāriet uz nākamo jautājumu").click()
    expect(page.locator(".flash-success")).to_contain_text("1. § ir saglabāts")

    # 2. §: a named vote, with a wrong outcome first: the page explains the refusal.
    expect(page.locator("h1")).to_contain_text("2. § Par bērnu rotaļu laukumu")
    page.get_by_label("Ierakstīt katra padomes locekļa balsojumu").check()
    for name in MEMBERS:
        vote = "against" if name in ("Ēriks Krūmiņš", "Ņina Žukova") else "for"
        page.get_by_label(f"{name} balsojums").select_option(vote)
    page.get_by_label("Lēmums").fill("Atbalstīt rotaļu laukuma izbūvi 2027. gadā.")
    page.get_by_label("Iznākums").select_option("rejected")
    page.get_by_role("button", name="Saglabāt", exact=True).click()
    expect(page.locator("#outcome-error")).to_contain_text("Iznākumam jābūt “pieņemts”")
    page.get_by_label("Iznākums").select_option("adopted")
    page.get_by_role("button", name="Saglabāt", exact=True).click()
    expect(page.locator(".flash-success")).to_contain_text("2. § ir saglabāts")

    # Approve.
    page.get_by_role("link", name="Apstiprināt…").click()
    expect(page.locator("h1")).to_contain_text("Apstiprināt sēdes Nr. 90 protokolu?")
    page.get_by_role("button", name="Apstiprināt protokolu").click()
    expect(page.locator(".flash-success")).to_contain_text("Protokols ir apstiprināts")
    expect(page.locator(".minutes-status .badge")).to_have_text("apstiprināts")
    expect(page.locator("code.hash").first).to_have_text(re.compile(r"^[0-9a-f]{64}$"))
    no_axe_violations(page)

    # Download the Word protocol.
    with page.expect_download() as info:
        page.get_by_role("link", name="Lejupielādēt Word formātā (.docx)").click()
    path = tmp_path / "protokols.docx"
    info.value.save_as(path)
    texts = [p.text for p in docx.Document(BytesIO(path.read_bytes())).paragraphs]
    assert "SĒDES PROTOKOLS" in texts and "05.05.2026.\tNr. 90" in texts
    assert "Sēdē nepiedalās: Māris Šteins – slimības dēļ" in texts
    assert "Padome, atklāti balsojot, PAR – 5, PRET – nav, ATTURAS – 1, nolemj:" in texts
    assert ("Padome, atklāti balsojot, PAR – 4 (Ģirts Ābele, Ilze Bērziņa, Jānis Kalniņš, "
            "Līga Ozoliņa), PRET – 2 (Ēriks Krūmiņš, Ņina Žukova), ATTURAS – nav, nolemj:"
            ) in texts
    assert "Sēde slēgta plkst. 19.30" in texts


def test_minutes_pages_fit_a_phone(page, live_server):
    meeting_id = _held_meeting(live_server)
    log_in(page, live_server.url, "sekretare@saldus.example")
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(f"{live_server.url}/meetings/{meeting_id}/minutes")
    page.get_by_role("button", name="Sākt protokolu").click()
    item = page.get_by_role("link", name="1. § Par ielu apgaismojumu Kursīšu centrā")
    item_url = live_server.url + item.get_attribute("href")
    for url in (f"{live_server.url}/meetings/{meeting_id}/minutes/edit", item_url,
                f"{live_server.url}/meetings/{meeting_id}/minutes",
                f"{live_server.url}/meetings/{meeting_id}/minutes/approve"):
        page.goto(url)
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, url
