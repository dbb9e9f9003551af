"""The results protocol read back: numbers, names, structure; and rendered by LibreOffice."""

import os
import shutil
import subprocess
from datetime import UTC, date, datetime
from io import BytesIO

import docx
import pytest
from docx.oxml.ns import qn

from council.exports import election_docx
from council.models import ElectionKind, ElectionStatus, GlobalRole
from council.services import elections as svc
from tests import factories

NAMES = ["Ģirts Ābele", "Ņina Žukova", "Līga Ozoliņa", "Māris Šteins", "Ēriks Krūmiņš"]


@pytest.fixture
def certified(app):
    officer = factories.user(role=GlobalRole.OFFICER, display_name="Inese Kalēja")
    council = factories.council(seats=5, name="Kursīšu pagasta iedzīvotāju padome",
                                place_locative="Kursīšos")
    election = factories.election(council, seats=2, status=ElectionStatus.VOTING,
                                  kind=ElectionKind.BY_ELECTION, held_on=date(2026, 3, 4),
                                  voting_ends_on=date(2026, 3, 18))
    candidates = [factories.candidate(election, factories.eligible_person(
        council, full_name=name, publish_consent=name != "Ņina Žukova")) for name in NAMES]
    votes = [140, 96, 96, 41, 0]
    svc.count_votes(election, svc.Count(1200, 380, 7, {
        c.id: v for c, v in zip(candidates, votes, strict=True)}), actor=officer)
    svc.draw_lots(election, actor=officer, drawn_by="Aina Kociņa", notes="",
                  order={candidates[1].id: 1, candidates[2].id: 2})
    svc.certify(election, actor=officer, certified_at=datetime(2026, 3, 19, 9, tzinfo=UTC))
    return election


def build(election, public=False):
    return election_docx.build(election, svc.ranking(election),
                               municipality_name="Saldus novada pašvaldība", public=public,
                               turnout=svc.turnout(election), created=election.certified_at)


def text_of(document):
    paragraphs = [p.text for p in document.paragraphs]
    return "\n".join(paragraphs)


def test_protocol_reads_back_with_numbers_and_latvian_names(certified):
    document = docx.Document(BytesIO(build(certified)))
    text = text_of(document)
    assert "Saldus novada pašvaldība" in text
    assert "Kursīšu pagasta iedzīvotāju padome" in text
    assert "Kursīšos" in text and "18.03.2026." in text
    assert "balsošana sākās 2026. gada 4. martā un beidzās 2026. gada 18. martā" in text
    assert "Reģistrēto vēlētāju skaits: 1200" in text
    assert "Nodoto balsošanas zīmju skaits: 380" in text
    assert "Nederīgo balsošanas zīmju skaits: 7" in text
    assert "Derīgo balsošanas zīmju skaits: 373" in text
    assert "Vēlētāju aktivitāte: 31,7 %" in text
    assert "Lozes vilka: Aina Kociņa." in text
    assert "1. Ģirts Ābele\n2. Ņina Žukova" in text  # elected, in order
    assert "1. Līga Ozoliņa\n2. Māris Šteins" in text  # reserve list
    assert "Rezultāti apstiprināti 2026. gada 19. martā." in text
    assert "PROJEKTS" not in document.sections[0].header.paragraphs[0].text

    table = document.tables[0]
    header = [c.text for c in table.rows[0].cells]
    assert header == ["Vieta", "Nr.", "Kandidāts", "Balsis", "Rezultāts"]
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    rows = [[c.text for c in row.cells] for row in table.rows[1:]]
    assert rows[0] == ["1.", "1", "Ģirts Ābele", "140", "ievēlēts"]
    assert rows[2][2:] == ["Līga Ozoliņa", "96", "rezerves sarakstā (1.)"]
    assert rows[4][2:] == ["Ēriks Krūmiņš", "nav", "nav ievēlēts"]
    signatures = document.tables[1]
    assert [c.text for c in signatures.rows[1].cells] == ["Protokolētāja", "______________",
                                                         "Inese Kalēja"]


def test_the_recorder_s_title_follows_the_name(certified):
    certified.certified_by.display_name = "Jānis Bērziņš"
    signatures = docx.Document(BytesIO(build(certified))).tables[1]
    assert signatures.rows[1].cells[0].text == "Protokolētājs"


def test_structure_language_and_page_numbers(certified):
    document = docx.Document(BytesIO(build(certified)))
    styles = [p.style.name for p in document.paragraphs]
    assert "Title" in styles
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == ["Vēlēšanu dati", "Balsošanas rezultāti", "Lozēšana",
                        "Ievēlētie padomes locekļi", "Rezerves saraksts"]
    assert document.core_properties.language == "lv-LV"
    normal = document.styles["Normal"].element.rPr.find(qn("w:lang"))
    assert normal.get(qn("w:val")) == "lv-LV"
    footer_xml = document.sections[0].footer.paragraphs[0]._p.xml
    assert "PAGE" in footer_xml and "NUMPAGES" in footer_xml


def test_public_version_names_only_who_consented(certified):
    document = docx.Document(BytesIO(build(certified, public=True)))
    everything = text_of(document) + "\n".join(
        c.text for t in document.tables for row in t.rows for c in row.cells)
    assert "Ņina Žukova" not in everything
    assert "Kandidāts Nr. 2" in everything and "Ģirts Ābele" in everything


def test_a_counted_election_is_a_draft(app):
    officer = factories.user(role=GlobalRole.OFFICER)
    council = factories.council(seats=3)
    election = factories.election(council, seats=1, status=ElectionStatus.VOTING)
    a, b = factories.candidate(election), factories.candidate(election)
    svc.count_votes(election, svc.Count(None, 10, 0, {a.id: 4, b.id: 4}), actor=officer)
    document = docx.Document(BytesIO(build(election)))
    assert document.sections[0].header.paragraphs[0].text == "PROJEKTS"
    assert "vienāds balsu skaits — jāizlozē" in [
        c.text for row in document.tables[0].rows for c in row.cells]


@pytest.mark.slow
def test_libreoffice_renders_the_protocol(certified, tmp_path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice is installed by `make test` (.ci/system-deps)"
    source = tmp_path / "protokols.docx"
    source.write_bytes(build(certified))
    profile = (tmp_path / "lo-profile").as_uri()
    subprocess.run([soffice, "--headless", "--norestore", f"-env:UserInstallation={profile}",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
                   check=True, capture_output=True, timeout=120,
                   env={**os.environ, "HOME": str(tmp_path)})
    pdf = tmp_path / "protokols.pdf"
    assert pdf.exists()
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], check=True,
                          capture_output=True, timeout=60).stdout.decode()
    text = " ".join(text.split())
    for expected in ("VĒLĒŠANU REZULTĀTU PROTOKOLS", "Ģirts Ābele", "Ņina Žukova",
                     "2026. gada 18. martā", "Rezerves saraksts", "1. lpp. no "):
        assert expected in text, expected
