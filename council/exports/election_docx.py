"""The election results protocol (vēlēšanu rezultātu protokols) as a Word document.

Pure: a loaded election and its ranking in, bytes out; no Flask. The document is Latvian
whatever the reader's language, as municipal documents are. The public version names only the
candidates who consented to publication; the others appear as "Kandidāts Nr. N".
"""

from __future__ import annotations

from datetime import datetime
from io import BytesIO

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from ..formatting import count_or_nav, date_long, date_num
from .docx import add_page_number_footer, mark_draft, set_document_language
from .protocol import is_feminine

LANG = "lv-LV"
KIND = {"founding": "padomes izveides vēlēšanas", "by_election": "papildu vēlēšanas"}
METHOD = {"ballot": "balsošana vēlēšanu iecirkņos", "resident_meeting": "iedzīvotāju sapulce"}
OUTCOME = {"elected": "ievēlēts", "reserve": "rezerves sarakstā", "not_elected": "nav ievēlēts"}
STATUS = {"withdrawn": "atsauca kandidatūru", "ineligible": "neatbilst prasībām",
          "nominated": "atbilstība nav pārbaudīta"}


def candidate_name(candidate, public: bool) -> str:
    if not public or candidate.person.publish_consent:
        return candidate.person.full_name
    return f"Kandidāts Nr. {candidate.number}"


# --- python-docx helpers (EXPORTS.md) ------------------------------------------------------------

def _header_row(row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    tr_pr.append(el)
    for cell in row.cells:
        for run in cell.paragraphs[0].runs:
            run.bold = True


def _no_borders(table) -> None:
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    table._tbl.tblPr.append(borders)


def _facts(doc, rows: list[tuple[str, str]]) -> None:
    for label, value in rows:
        p = doc.add_paragraph()
        p.paragraph_format.space_after = Pt(2)
        p.add_run(f"{label}: ").bold = True
        p.add_run(value)


def _widths(table, widths_cm: tuple[float, ...]) -> None:
    table.autofit = False
    for column, width in zip(table.columns, widths_cm, strict=True):
        column.width = Cm(width)  # the grid LibreOffice reads
    for row in table.rows:
        for cell, width in zip(row.cells, widths_cm, strict=True):
            cell.width = Cm(width)


def _keep_rows_whole(table) -> None:
    for row in table.rows:
        el = OxmlElement("w:cantSplit")
        el.set(qn("w:val"), "true")
        row._tr.get_or_add_trPr().append(el)


def _numbered(doc, names: list[str], empty: str) -> None:
    if not names:
        doc.add_paragraph(empty)
    for i, name in enumerate(names, start=1):
        doc.add_paragraph(f"{i}. {name}", style="List")


def _percent(value: float) -> str:
    return f"{value:.1f}".replace(".", ",") + " %"


# --- the document -------------------------------------------------------------------------------

def _title(doc, election, municipality_name: str) -> None:
    council = election.council
    for text, bold in ((municipality_name, True), (council.name, False)):
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.add_run(text).bold = bold
    title = doc.add_heading("VĒLĒŠANU REZULTĀTU PROTOKOLS", level=0)
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    last_day = election.voting_ends_on or election.held_on
    if council.place_locative:
        doc.add_paragraph(council.place_locative)
    doc.add_paragraph(date_num(last_day))


def _election_data(doc, election) -> None:
    doc.add_heading("Vēlēšanu dati", level=1)
    if election.voting_ends_on and election.voting_ends_on != election.held_on:
        when = (f"balsošana sākās {date_long(election.held_on)} un beidzās "
                f"{date_long(election.voting_ends_on)}")
    else:
        when = date_long(election.held_on)
    rows = [("Vēlēšanu veids", KIND.get(election.kind.value, election.kind.value)),
            ("Vēlēšanu laiks", when),
            ("Vēlēšanu vieta", election.place or "—"),
            ("Balsošanas kārtība", METHOD.get(election.method.value, election.method.value)),
            ("Ievēlējamo padomes locekļu skaits", str(election.seats)),
            ("Vienā balsošanas zīmē var atzīmēt kandidātus", str(election.votes_per_ballot))]
    if election.term_start:
        rows.append(("Pilnvaru termiņa sākums", date_long(election.term_start)))
    _facts(doc, rows)


def _totals(doc, election, turnout: float | None) -> None:
    doc.add_heading("Balsošanas rezultāti", level=1)
    rows = []
    if election.voters_registered is not None:
        rows.append(("Reģistrēto vēlētāju skaits", str(election.voters_registered)))
    rows += [("Nodoto balsošanas zīmju skaits", str(election.ballots_cast)),
             ("Nederīgo balsošanas zīmju skaits", count_or_nav(election.ballots_invalid)),
             ("Derīgo balsošanas zīmju skaits", str(election.valid_ballots))]
    if turnout is not None:
        rows.append(("Vēlētāju aktivitāte", _percent(turnout)))
    _facts(doc, rows)


def _result_text(placement) -> str:
    if placement.outcome is None:
        return "vienāds balsu skaits — jāizlozē"
    text = OUTCOME[placement.outcome.value]
    if placement.outcome.value == "reserve" and placement.candidate.reserve_order:
        text += f" ({placement.candidate.reserve_order}.)"
    return text


def _results_table(doc, ranking, public: bool) -> None:
    table = doc.add_table(rows=1, cols=5)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, ("Vieta", "Nr.", "Kandidāts", "Balsis",
                                                "Rezultāts"), strict=True):
        cell.paragraphs[0].add_run(text)
    _header_row(table.rows[0])
    for placement in ranking.placements:
        c = placement.candidate
        cells = table.add_row().cells
        for cell, text in zip(cells, (f"{placement.place}.", str(c.number or ""),
                                      candidate_name(c, public), count_or_nav(c.votes),
                                      _result_text(placement)), strict=True):
            cell.text = text
    _widths(table, (1.4, 1.2, 6.3, 1.8, 5.8))
    _keep_rows_whole(table)


def _others(doc, candidates, public: bool) -> None:
    if not candidates:
        return
    doc.add_paragraph("Kandidāti, kuri vēlēšanās nepiedalījās:")
    for c in candidates:
        doc.add_paragraph(f"{candidate_name(c, public)} — {STATUS.get(c.status.value, '')}",
                          style="List Bullet")


def _lots(doc, election, ranking, public: bool) -> None:
    if not election.lots_drawn_by:
        return
    doc.add_heading("Lozēšana", level=1)
    doc.add_paragraph("Kandidātiem ar vienādu balsu skaitu secību noteica lozējot. "
                      f"Lozes vilka: {election.lots_drawn_by}.")
    for tie in ranking.ties:
        order = sorted(tie.candidates, key=lambda c: c.lot_rank or 0)
        names = ", ".join(f"{c.lot_rank}. {candidate_name(c, public)}" for c in order)
        doc.add_paragraph(f"{tie.votes} balsis: {names}", style="List Bullet")
    if election.tie_break_notes:
        doc.add_paragraph(election.tie_break_notes)


def _signatures(doc, election) -> None:
    closing = doc.add_paragraph()
    closing.paragraph_format.keep_with_next = True
    if election.certified_at:
        closing.add_run(f"Rezultāti apstiprināti {date_long(election.certified_at)}.")
    table = doc.add_table(rows=2, cols=3)
    _no_borders(table)
    signer = election.certified_by.display_name if election.certified_by else ""
    recorder = "Protokolētāja" if signer and is_feminine(signer) else "Protokolētājs"
    rows = (("Vēlēšanu komisijas priekšsēdētājs", "______________", ""),
            (recorder, "______________", signer))
    for row, values in zip(table.rows, rows, strict=True):
        for cell, text in zip(row.cells, values, strict=True):
            cell.text = text
    _widths(table, (6.0, 4.5, 5.5))
    _keep_rows_whole(table)


def build(election, ranking, *, municipality_name: str, public: bool,
          turnout: float | None = None, created: datetime | None = None) -> bytes:
    """The protocol as .docx bytes. ``ranking`` is the election's ranking (services)."""
    doc = Document()
    set_document_language(doc, LANG)
    doc.styles["Normal"].font.size = Pt(11)
    doc.styles["Title"].font.size = Pt(18)
    certified = election.status.value == "certified"
    if not certified:
        mark_draft(doc)
    add_page_number_footer(doc)
    props = doc.core_properties
    props.title = f"{election.council.name}: vēlēšanu rezultātu protokols"
    props.author = municipality_name
    if created is not None:
        props.created = created

    _title(doc, election, municipality_name)
    _election_data(doc, election)
    _totals(doc, election, turnout)
    _results_table(doc, ranking, public)
    on_ballot = {p.candidate.id for p in ranking.placements}
    _others(doc, [c for c in election.candidates if c.id not in on_ballot], public)
    _lots(doc, election, ranking, public)

    doc.add_heading("Ievēlētie padomes locekļi", level=1)
    _numbered(doc, [candidate_name(c, public) for c in ranking.elected],
              "Neviens nav ievēlēts.")
    if ranking.vacant_seats:
        doc.add_paragraph(f"Neaizpildīto vietu skaits: {ranking.vacant_seats}. "
                          "Nepieciešamas papildu vēlēšanas.")
    doc.add_heading("Rezerves saraksts", level=1)
    _numbered(doc, [candidate_name(c, public) for c in ranking.reserve],
              "Rezerves saraksts ir tukšs.")
    _signatures(doc, election)

    out = BytesIO()
    doc.save(out)
    return out.getvalue()
