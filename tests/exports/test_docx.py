"""The agenda / invitation as Word, read back with python-docx (and, in the slow tier, rendered
by LibreOffice to prove a word processor shows the Latvian text)."""

import os
import shutil
import subprocess
from datetime import UTC, datetime
from io import BytesIO
from zoneinfo import ZoneInfo

import pytest
from docx import Document
from docx.oxml.ns import qn

from council.exports import docx as builder
from council.extensions import db
from council.models import MeetingKind, MeetingStatus
from tests import factories

CREATED = datetime(2026, 2, 20, 10, 0, tzinfo=UTC)


@pytest.fixture
def meeting(app):
    muni = factories.municipality(name="Saldus novada pašvaldība")
    council = factories.council(muni, name="Kursīšu pagasta iedzīvotāju padome",
                                place_locative="Kursīšos")
    m = factories.meeting(
        council, number=3, status=MeetingStatus.ANNOUNCED,
        starts_at=datetime(2026, 3, 5, 18, 0, tzinfo=ZoneInfo("Europe/Riga")).astimezone(UTC),
        place="Kursīšu pagasta pārvalde, Skolas iela 1", online_url="https://meet.example.lv/k")
    factories.agenda_item(m, title="Par ielu apgaismojumu Kursīšu centrā",
                          presenter="Jānis Kalniņš", expected_minutes=20,
                          description="Gaismekļu nomaiņa pret LED.")
    factories.agenda_item(m, title="Par Ņinas Žukovas iesniegumu", is_public=False,
                          presenter="Ilze Bērziņa")
    factories.agenda_item(m, title="Dažādi")
    db.session.flush()
    db.session.refresh(m)
    return m


def read(data):
    doc = Document(BytesIO(data))
    return doc, "\n".join(p.text for p in doc.paragraphs)


def test_agenda_layout_per_domain(meeting):
    doc, text = read(builder.agenda_docx(meeting, include_closed=False, created=CREATED))
    lines = [p.text for p in doc.paragraphs]
    assert lines[:5] == ["Saldus novada pašvaldība", "Kursīšu pagasta iedzīvotāju padome",
                         "SĒDES DARBA KĀRTĪBA", "Kursīšos", "05.03.2026.\tNr. 3"]
    assert doc.paragraphs[2].style.name == "Title"
    assert "Padomes kārtējā sēde notiks 2026. gada 5. martā plkst. 18.00." in text
    assert "Sēdes vieta: Kursīšu pagasta pārvalde, Skolas iela 1" in text
    assert "Tiešsaistē: https://meet.example.lv/k" in text
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert headings == ["Darba kārtība"]
    assert "1.\tPar ielu apgaismojumu Kursīšu centrā." in lines
    assert "Ziņo: Jānis Kalniņš" in lines and "Paredzētais laiks: 20 min" in lines
    assert "3.\tDažādi." in lines


def test_closed_items_only_for_members(meeting):
    _doc, public = read(builder.agenda_docx(meeting, include_closed=False, created=CREATED))
    assert "2.\tSlēgts jautājums" in public
    assert "Ņinas" not in public and "Ilze Bērziņa" not in public
    _doc, members = read(builder.agenda_docx(meeting, include_closed=True, created=CREATED))
    assert "Par Ņinas Žukovas iesniegumu." in members and "(slēgts jautājums)" in members


def test_language_properties_and_page_numbers(meeting):
    doc, _text = read(builder.agenda_docx(meeting, include_closed=False, created=CREATED))
    props = doc.core_properties
    assert props.language == "lv-LV"
    assert props.title == "Kursīšu pagasta iedzīvotāju padome — sēdes Nr. 3 darba kārtība"
    assert props.author == "Kursīšu pagasta iedzīvotāju padome"
    assert props.created == CREATED.replace(tzinfo=None) or props.created == CREATED
    for name in ("Normal", "Title", "Heading 1"):
        lang = doc.styles[name].element.rPr.find(qn("w:lang"))
        assert lang.get(qn("w:val")) == "lv-LV", name
    footer = doc.sections[0].footer.paragraphs[0]
    instructions = [e.text for e in footer._p.iter(qn("w:instrText"))]
    assert instructions == ["PAGE", "NUMPAGES"]
    assert ". lpp. no " in footer.text
    assert doc.sections[0].header.paragraphs[0].text == ""


def test_draft_cancelled_postponed_extraordinary(meeting):
    meeting.status = MeetingStatus.DRAFT
    meeting.kind = MeetingKind.EXTRAORDINARY
    doc, text = read(builder.agenda_docx(meeting, include_closed=True, created=CREATED))
    assert doc.sections[0].header.paragraphs[0].text == "PROJEKTS"
    assert "Padomes ārkārtas sēde notiks" in text
    meeting.status, meeting.cancel_reason = MeetingStatus.CANCELLED, "Nav kvoruma."
    _doc, text = read(builder.agenda_docx(meeting, include_closed=True, created=CREATED))
    assert "SĒDE ATCELTA. Nav kvoruma." in text
    meeting.status = MeetingStatus.ANNOUNCED
    meeting.postponed_from = datetime(2026, 2, 26, 16, 0, tzinfo=UTC)
    meeting.postpone_reason = "Svētku dēļ."
    _doc, text = read(builder.agenda_docx(meeting, include_closed=True, created=CREATED))
    assert "iepriekš tā bija paredzēta 2026. gada 26. februārī, plkst. 18.00. Svētku dēļ." in text


@pytest.mark.slow
@pytest.mark.skipif(not (shutil.which("soffice") and shutil.which("pdftotext")),
                    reason="LibreOffice / poppler not installed")
def test_libreoffice_renders_the_latvian_text(meeting, tmp_path):
    path = tmp_path / "agenda.docx"
    path.write_bytes(builder.agenda_docx(meeting, include_closed=False, created=CREATED))
    profile = f"file://{tmp_path / 'lo-profile'}"
    subprocess.run(["soffice", "--headless", "--norestore", f"-env:UserInstallation={profile}",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(path)],
                   check=True, capture_output=True, timeout=120,
                   env={**os.environ, "HOME": str(tmp_path)})
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(tmp_path / "agenda.pdf"), "-"],
                          check=True, capture_output=True).stdout.decode("utf-8")
    assert "SĒDES DARBA KĀRTĪBA" in text
    assert "Par ielu apgaismojumu Kursīšu centrā" in text
    assert "1. lpp. no 1" in text
