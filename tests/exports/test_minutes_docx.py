"""The protocol as Word, read back: layout of DOMAIN.md, styles, language, page numbers, draft
marking, the public version; and rendered by LibreOffice with the diacritics intact."""

import os
import shutil
import subprocess
from io import BytesIO

import docx
import pytest
from docx.oxml.ns import qn

from council.exports import minutes_docx, protocol
from council.exports.protocol import Tally
from council.extensions import db
from council.models import AttendanceStatus
from council.services import minutes as svc
from tests.minutes_helpers import approve, attend, complete, reload, scenario


def _build(s, *, public=False):
    reload(s)
    quorum = svc.meeting_quorum(s.meeting, svc.attendance_rows(s.meeting))
    p = protocol.build(s.meeting.minutes, public=public, quorum=quorum)
    return minutes_docx.build(p)


def _doc(data):
    return docx.Document(BytesIO(data))


def _texts(document):
    return [p.text for p in document.paragraphs]


def _all_text(document):
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    parts = [*_texts(document), *cells]
    for section in document.sections:
        parts += [p.text for p in section.header.paragraphs + section.footer.paragraphs]
    return "\n".join(parts)


def _index(texts, start):
    return next(i for i, t in enumerate(texts) if t.startswith(start))


@pytest.fixture
def approved(app):
    s = scenario()
    complete(s)
    approve(s)
    svc.add_erratum(s.minutes, text="2. § lasīt “12,5 ha”.", on_date=None, actor=s.secretary)
    db.session.commit()
    return s


def test_paragraphs_follow_the_protocol_layout(approved):
    texts = _texts(_doc(_build(approved)))
    order = [
        "Saldus novada pašvaldība", "Kursīšu pagasta iedzīvotāju padome", "SĒDES PROTOKOLS",
        "Kursīšos", "05.03.2026.\tNr. 3", "Sēdi atklāj plkst. 18.00",
        "Sēdi vada: Ilze Bērziņa – padomes priekšsēdētāja",
        "Sēdē piedalās padomes locekļi:", "Sēdē nepiedalās: Māris Šteins – slimības dēļ",
        "Sēdi protokolē: Ģirts Ābele – padomes sekretārs", "No 6 padomes locekļiem",
        "Darba kārtība", "1. Par ielu apgaismojumu Kursīšu centrā.", "2. Par zemes nomu.",
        "3. Dažādi.", "1. §", "Par ielu apgaismojumu Kursīšu centrā", "Ziņo: Jānis Kalniņš",
        "Debatēs piedalās: Līga Ozoliņa, Ilze Bērziņa",
        "Līga Ozoliņa ierosina uzstādīt apgaismojumu.",
        "Jānis Kalniņš balsojumā nepiedalās interešu konflikta dēļ (ir zemes gabala īpašnieks).",
        "Padome, atklāti balsojot,", "1. Lūgt pagasta pārvaldi uzstādīt laternas.", "2. §",
        "Par zemes nomu", "3. §", "Dažādi", "Sēde slēgta plkst. 19.30",
        "Protokols apstiprināts", "Protokola satura kontrolsumma (SHA-256):",
        "Labojumi pēc apstiprināšanas", "Labojums Nr. 1", "Pielikums. Sēdes dalībnieku saraksts",
    ]
    positions = [_index(texts, start) for start in order]
    assert positions == sorted(positions), list(zip(order, positions, strict=True))
    present = texts[_index(texts, "Sēdē piedalās padomes locekļi:")]
    assert present == ("Sēdē piedalās padomes locekļi: Ēriks Krūmiņš, Ģirts Ābele, "
                       "Jānis Kalniņš, Līga Ozoliņa, Ņina Žukova (bez balsstiesībām)")
    assert "Ilze Bērziņa" not in present  # she is named as the chair


def test_vote_sentences_with_names_and_nav(approved):
    texts = _texts(_doc(_build(approved)))
    votes = [t for t in texts if t.startswith("Padome, atklāti balsojot")]
    assert votes == [
        "Padome, atklāti balsojot, PAR – 3 (Ģirts Ābele, Ilze Bērziņa, Līga Ozoliņa), "
        "PRET – nav, ATTURAS – 1 (Ēriks Krūmiņš), nolemj:",
        "Padome, atklāti balsojot, PAR – 4, PRET – 1, ATTURAS – nav, nolemj:",
    ]
    assert "Pieņemt informāciju zināšanai." in texts  # 3. § noted without a decision text


def test_real_styles_language_and_properties(approved):
    document = _doc(_build(approved))
    styles = {p.text: p.style.name for p in document.paragraphs}
    assert styles["SĒDES PROTOKOLS"] == "Title"
    assert styles["Darba kārtība"] == "Heading 1"
    assert styles["1. §"] == "Heading 1"
    assert styles["Par ielu apgaismojumu Kursīšu centrā"] == "Heading 2"
    assert styles["Labojumi pēc apstiprināšanas"] == "Heading 1"
    for name in ("Normal", "Title", "Heading 1", "Heading 2"):
        lang = document.styles[name].element.rPr.find(qn("w:lang"))
        assert lang.get(qn("w:val")) == "lv-LV", name
    props = document.core_properties
    assert props.language == "lv-LV"
    assert props.title == "Kursīšu pagasta iedzīvotāju padome — sēdes protokols Nr. 3 (05.03.2026.)"
    assert props.author == "Kursīšu pagasta iedzīvotāju padome"
    assert props.created is not None


def test_attendance_table_has_a_repeated_header_row_and_signatures_no_borders(approved):
    document = _doc(_build(approved))
    signatures, attendance = document.tables
    assert [c.text for c in signatures.rows[0].cells] == [
        "Sēdes vadītāja", "______________", "Ilze Bērziņa"]
    assert [c.text for c in signatures.rows[1].cells] == [
        "Protokolētājs", "______________", "Ģirts Ābele"]
    borders = signatures._tbl.tblPr.find(qn("w:tblBorders"))
    assert {b.get(qn("w:val")) for b in borders} == {"nil"}
    header = attendance.rows[0]
    assert [c.text for c in header.cells] == ["Nr.", "Vārds, uzvārds", "Balsstiesības", "Dalība"]
    assert header._tr.trPr.find(qn("w:tblHeader")).get(qn("w:val")) == "true"
    rows = {r.cells[1].text: r.cells[3].text for r in attendance.rows[1:]}
    assert rows["Māris Šteins"] == "nepiedalās – slimības dēļ"
    assert rows["Ņina Žukova"] == "piedalās"
    assert len(rows) == 7


def test_page_numbers_in_the_footer_and_draft_marking(app):
    s = scenario()
    complete(s)
    db.session.commit()
    document = _doc(_build(s))
    section = document.sections[0]
    assert section.header.paragraphs[0].text == "PROJEKTS"
    footer = section.footer.paragraphs[0]
    instructions = [el.text.strip() for el in footer._p.iter(qn("w:instrText"))]
    assert instructions == ["PAGE", "NUMPAGES"]
    assert ". lpp. no " in footer.text
    assert "Protokols apstiprināts" not in _all_text(document)
    approve(s)
    db.session.commit()
    document = _doc(_build(s))
    assert "PROJEKTS" not in _all_text(document)


def test_public_version_hides_closed_items_and_private_data(approved):
    s = approved
    member = _all_text(_doc(_build(s)))
    public_doc = _doc(_build(s, public=True))
    public = _all_text(public_doc)
    assert "Iznomāt zemes vienību" in member and "Par zemes nomu" in member
    assert "Iznomāt zemes vienību" not in public and "Par zemes nomu" not in public
    texts = _texts(public_doc)
    assert "2. Slēgts jautājums" in texts
    closed = _index(texts, "2. §")
    assert texts[closed + 1] == "Slēgts jautājums" and texts[closed + 2] == "3. §"
    assert "Ēriks Krūmiņš" in member and "Ēriks Krūmiņš" not in public  # no consent
    assert "ATTURAS – 1 (N. N.)" in public
    assert "slimības dēļ" not in public and "Māris Šteins – attaisnojoša iemesla dēļ" in public
    assert "zemes gabala īpašnieks" not in public  # recusal reason
    assert "Jānis Kalniņš balsojumā nepiedalās interešu konflikta dēļ." in texts


def test_private_guests_are_counted_not_named(app):
    s = scenario()
    complete(s)
    attend(s, statuses={"Māris Šteins": AttendanceStatus.EXCUSED},
           reasons={"Māris Šteins": "slimības dēļ"},
           guests=[svc.GuestInput("Anna Liepa", "pagasta pārvaldes vadītāja"),
                   svc.GuestInput("Pēteris Ozols", "iedzīvotājs", is_private=True)])
    db.session.commit()
    member = _texts(_doc(_build(s)))
    public = _texts(_doc(_build(s, public=True)))
    assert ("Sēdē piedalās arī (uzaicināti): Anna Liepa – pagasta pārvaldes vadītāja; "
            "Pēteris Ozols – iedzīvotājs") in member
    assert ("Sēdē piedalās arī (uzaicināti): Anna Liepa – pagasta pārvaldes vadītāja; "
            "vēl 1 privātpersona") in public


# --- the Latvian sentences --------------------------------------------------------------------

def test_vote_sentence_tie_decided_by_the_chair():
    tally = Tally(2, 2, 1, named=False, decided_by_chair=True)
    assert minutes_docx.vote_sentence(tally, "nolemj:") == (
        "Padome, atklāti balsojot, PAR – 2, PRET – 2, ATTURAS – 1, balsīm daloties līdzīgi, "
        "izšķiroša ir sēdes vadītājas balss, nolemj:")
    assert "sēdes vadītāja balss" in minutes_docx.vote_sentence(tally, "nolemj:",
                                                                chair_feminine=False)


@pytest.mark.parametrize("text,lines", [
    ("Atbalstīt.", ["1. Atbalstīt."]),
    ("Atbalstīt.\n\nInformēt.", ["1. Atbalstīt.", "2. Informēt."]),
    ("1. Atbalstīt.\n2. Informēt.", ["1. Atbalstīt.", "2. Informēt."]),
    ("", []),
])
def test_decision_lines(text, lines):
    assert minutes_docx.decision_lines(text) == lines


def test_latvian_names_helpers():
    assert protocol.is_feminine("Ilze Bērziņa") and not protocol.is_feminine("Ģirts Ābele")
    assert not protocol.is_feminine("Māris Šteins") and protocol.is_feminine("Ņina Žukova")
    names = ["Žanis", "Ēriks", "Ilze", "Ģirts", "Gatis", "Čaba", "Cecīlija", "Emīls"]
    assert sorted(names, key=protocol.lv_sort_key) == [
        "Cecīlija", "Čaba", "Emīls", "Ēriks", "Gatis", "Ģirts", "Ilze", "Žanis"]
    assert protocol.default_title(None, "Ilze") == ""


# --- rendered by a word processor ---------------------------------------------------------------

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
PDFTOTEXT = shutil.which("pdftotext")


@pytest.mark.slow
@pytest.mark.skipif(not (SOFFICE and PDFTOTEXT),
                    reason="LibreOffice (soffice) and pdftotext are not installed; "
                           "`make test` installs them (libreoffice-writer-nogui, poppler-utils)")
def test_libreoffice_renders_the_protocol_with_latvian_diacritics(approved, tmp_path):
    source = tmp_path / "protokols.docx"
    source.write_bytes(_build(approved))
    profile = (tmp_path / "lo-profile").as_uri()  # its own profile: parallel runs collide
    env = {**os.environ, "HOME": str(tmp_path)}
    subprocess.run(
        [SOFFICE, "--headless", "--norestore", f"-env:UserInstallation={profile}",
         "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
        check=True, capture_output=True, timeout=180, env=env,
    )
    pdf = tmp_path / "protokols.pdf"
    assert pdf.exists(), "LibreOffice produced no PDF"
    text = subprocess.run([PDFTOTEXT, "-enc", "UTF-8", str(pdf), "-"], check=True,
                          capture_output=True, timeout=60).stdout.decode("utf-8")
    for expected in ("SĒDES PROTOKOLS", "Kursīšos", "05.03.2026.", "Ģirts Ābele",
                     "Ņina Žukova", "Ēriks Krūmiņš", "Māris Šteins – slimības dēļ",
                     "PRET – nav", "nolemj:", "Sēde slēgta plkst. 19.30", "1. lpp. no"):
        assert expected in " ".join(text.split()), expected
