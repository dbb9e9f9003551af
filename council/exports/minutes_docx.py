"""The meeting protocol (sēdes protokols) as a Word document, in the layout of DOMAIN.md.

Pure: a ``protocol.Protocol`` in, .docx bytes out; no Flask. Real Word structure (Title,
Heading 1/2, a table with a repeated header row), document language lv-LV, core properties,
page numbers "1. lpp. no N" in the footer and "PROJEKTS" on every page of a draft
(EXPORTS.md). The helpers for language, page numbers and the draft header are kept here on
purpose; they may later be shared with the meeting documents' builder.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from functools import cache
from io import BytesIO

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from ..formatting import count_or_nav, date_long, date_num, time_hm
from .docx import add_page_number_footer, mark_draft, set_document_language
from .protocol import Attendee, Protocol, Section, Tally

LANGUAGE = "lv-LV"
FONT = "Times New Roman"
TEXT_WIDTH = Cm(16)  # A4 with 3 cm left and 2 cm right margins


# --- Latvian sentences ----------------------------------------------------------------------

def names_list(names) -> str:
    return ", ".join(names)


def vote_part(label: str, count: int, names: tuple[str, ...]) -> str:
    text = f"{label} – {count_or_nav(count)}"
    return f"{text} ({names_list(names)})" if names else text


def vote_sentence(tally: Tally, ending: str, *, chair_feminine: bool = True) -> str:
    """'Padome, atklāti balsojot, PAR – 5 (…), PRET – nav, ATTURAS – 1 (…), nolemj:'"""
    parts = [
        vote_part("PAR", tally.votes_for, tally.for_names),
        vote_part("PRET", tally.votes_against, tally.against_names),
        vote_part("ATTURAS", tally.votes_abstain, tally.abstain_names),
    ]
    if tally.decided_by_chair:
        chair = "sēdes vadītājas" if chair_feminine else "sēdes vadītāja"
        parts.append(f"balsīm daloties līdzīgi, izšķiroša ir {chair} balss")
    return f"Padome, atklāti balsojot, {', '.join(parts)}, {ending}"


def recusal_sentence(name: str, reason: str = "") -> str:
    text = f"{name} balsojumā nepiedalās interešu konflikta dēļ"
    return f"{text} ({reason})." if reason else f"{text}."


_NUMBERED = re.compile(r"^\d+(\.\d+)*[.)]\s")


def decision_lines(text: str) -> list[str]:
    """The decision as numbered points ("1. …"), unless the secretary numbered them already."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if not lines or _NUMBERED.match(lines[0]):
        return lines
    return [f"{i}. {line}" for i, line in enumerate(lines, start=1)]


def outcome_text(section: Section, chair_feminine: bool) -> tuple[str | None, list[str]]:
    """(the sentence before the decision, the decision's lines) for one item."""
    decision = decision_lines(section.decision)
    outcome = section.outcome
    if outcome == "rejected":
        lead = (vote_sentence(section.tally, "lēmums nav pieņemts.", chair_feminine=chair_feminine)
                if section.tally else "Lēmums nav pieņemts.")
        return lead, ([f"Balsošanai nodotais lēmumprojekts: {section.decision.strip()}"]
                      if decision else [])
    if outcome == "postponed" and not section.tally:
        return "Jautājuma izskatīšana atlikta.", decision
    if outcome == "noted" and not decision:
        decision = ["Pieņemt informāciju zināšanai."]
    if section.tally:
        return vote_sentence(section.tally, "nolemj:", chair_feminine=chair_feminine), decision
    if decision:
        return "Padome nolemj:", decision
    return None, []


def present_name(a: Attendee, tz: str) -> str:
    notes = []
    if a.status == "remote":
        notes.append("attālināti")
    if not a.voting:
        notes.append("bez balsstiesībām")
    if a.arrived_at:
        notes.append(f"ieradās {time_hm(a.arrived_at, tz=tz)}")
    if a.left_at:
        notes.append(f"atstāja sēdi {time_hm(a.left_at, tz=tz)}")
    return f"{a.name} ({', '.join(notes)})" if notes else a.name


def absence_reason(a: Attendee, public: bool) -> str:
    if a.reason:
        return a.reason
    if a.status == "excused":
        return "attaisnojoša iemesla dēļ" if public else "attaisnoti"
    return "bez attaisnojoša iemesla"


def absent_line(a: Attendee, public: bool) -> str:
    return f"{a.name} – {absence_reason(a, public)}"


def person_with_title(name: str, title: str) -> str:
    return f"{name} – {title}" if title else name


def quorum_sentence(p: Protocol) -> str | None:
    if p.quorum_total is None:
        return None
    verdict = "sēde ir lemttiesīga" if p.quorum_reached else "sēde nav lemttiesīga"
    return (f"No {p.quorum_total} padomes locekļiem ar balsstiesībām sēdē piedalās "
            f"{p.quorum_present}; {verdict}.")


def approval_sentence(p: Protocol) -> str | None:
    if p.approved_at is None:
        return None
    text = f"Protokols apstiprināts {date_long(p.approved_at, tz=p.tz)}"
    if p.approved_at_meeting:
        number, day = p.approved_at_meeting
        text += f" padomes sēdē (prot. Nr. {number}, {date_num(day)})"
    text += "."
    if p.approved_by_chair:
        text += f" Apstiprina: {p.approved_by_chair}."
    return text


def attendance_status(a: Attendee, public: bool) -> str:
    return {"present": "piedalās", "remote": "piedalās attālināti"}.get(
        a.status, f"nepiedalās – {absence_reason(a, public)}")


# --- Word helpers ---------------------------------------------------------------------------

def _plain_style(style, size: int, *, bold: bool = False) -> None:
    """A real style, made to look like a Latvian document: one font, black, no borders."""
    style.font.name = FONT
    style.font.size = Pt(size)
    style.font.bold = bold
    style.font.color.rgb = RGBColor(0, 0, 0)
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        if fonts is not None and fonts.get(qn(attr)) is not None:
            del fonts.attrib[qn(attr)]
    if fonts is not None:
        fonts.set(qn("w:cs"), FONT)
    ppr = style.element.find(qn("w:pPr"))
    if ppr is not None and ppr.find(qn("w:pBdr")) is not None:
        ppr.remove(ppr.find(qn("w:pBdr")))


def _styles(doc) -> None:
    _plain_style(doc.styles["Normal"], 12)
    doc.styles["Normal"].paragraph_format.space_after = Pt(6)
    doc.styles["Normal"].paragraph_format.line_spacing = 1.0
    _plain_style(doc.styles["Title"], 14, bold=True)
    title = doc.styles["Title"].paragraph_format
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.space_before, title.space_after = Pt(12), Pt(6)
    _plain_style(doc.styles["Heading 1"], 12, bold=True)
    doc.styles["Heading 1"].paragraph_format.space_before = Pt(12)
    doc.styles["Heading 1"].paragraph_format.space_after = Pt(3)
    _plain_style(doc.styles["Heading 2"], 12, bold=True)
    doc.styles["Heading 2"].paragraph_format.space_after = Pt(6)


def _page(doc) -> None:
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin, section.right_margin = Cm(3), Cm(2)
    section.top_margin, section.bottom_margin = Cm(2), Cm(2)


def _repeat_header_row(table) -> None:
    tr_pr = table.rows[0]._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    tr_pr.append(el)


def _widths(table, widths) -> None:
    """Fixed column widths that Word and LibreOffice both respect (grid and cells)."""
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width


def _no_borders(table) -> None:
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    tbl_pr.append(borders)


# --- the document ---------------------------------------------------------------------------

class _Writer:
    # python-docx resolves a style given by name or object on every use by scanning all ~160
    # styles for the default one: a quarter of the build time for the protocol's dozens of
    # headings and its table. So the styles the protocol uses are looked up once, by name.
    # None of them is a default style (for those python-docx writes no style reference).
    STYLES = ("Title", "Heading 1", "Heading 2", "Table Grid")

    def __init__(self, doc):
        self.doc = doc
        self._style_ids = {name: doc.styles[name].style_id for name in self.STYLES}

    def heading(self, text: str, level: int):
        """What ``doc.add_heading`` writes: a paragraph in the Title (level 0) or Heading style."""
        p = self.doc.add_paragraph(text)
        p._p.style = self._style_ids["Title" if level == 0 else f"Heading {level}"]
        return p

    def table(self, rows: int, cols: int, *, style: str | None = None):
        table = self.doc.add_table(rows=rows, cols=cols)
        if style is not None:
            table._tbl.tblStyle_val = self._style_ids[style]
        return table

    def para(self, text: str = "", *, bold: bool = False, align=None, keep: bool = False,
             style: str | None = None):
        p = self.doc.add_paragraph(style=style)
        if text:
            run = p.add_run(text)
            run.bold = bold or None
        if align is not None:
            p.alignment = align
        if keep:
            p.paragraph_format.keep_with_next = True
        return p

    def labelled(self, label: str, text: str):
        p = self.doc.add_paragraph()
        p.add_run(label).bold = True
        p.add_run(f" {text}")
        return p

    def lines(self, text: str) -> None:
        for line in text.splitlines():
            if line.strip():
                self.para(line.strip())


def _header(w: _Writer, p: Protocol) -> None:
    w.para(p.municipality, align=WD_ALIGN_PARAGRAPH.CENTER)
    w.para(p.council, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    w.heading("SĒDES PROTOKOLS", level=0)
    if p.place:
        w.para(p.place, align=WD_ALIGN_PARAGRAPH.CENTER)
    line = w.para(f"{date_num(p.day)}\tNr. {p.number}")
    line.paragraph_format.tab_stops.add_tab_stop(TEXT_WIDTH, WD_TAB_ALIGNMENT.RIGHT)


def _attendance(w: _Writer, p: Protocol) -> None:
    if p.opened_at:
        w.para(f"Sēdi atklāj {time_hm(p.opened_at, tz=p.tz)}")
    if p.chair:
        w.labelled("Sēdi vada:", person_with_title(p.chair, p.chair_title))
    others = [present_name(a, p.tz) for a in p.present if not a.is_chair]
    w.labelled("Sēdē piedalās padomes locekļi:", names_list(others) if others else "nav")
    if p.absent:
        w.labelled("Sēdē nepiedalās:",
                   "; ".join(absent_line(a, p.public) for a in p.absent))
    guests = [person_with_title(g.name, g.capacity) for g in p.guests]
    if p.private_guests:
        guests.append(f"vēl {p.private_guests} privātpersonas" if p.private_guests > 1
                      else "vēl 1 privātpersona")
    if guests:
        w.labelled("Sēdē piedalās arī (uzaicināti):", "; ".join(guests))
    if p.recorder:
        w.labelled("Sēdi protokolē:", person_with_title(p.recorder, p.recorder_title))
    quorum = quorum_sentence(p)
    if quorum:
        w.para(quorum)


def _agenda(w: _Writer, p: Protocol) -> None:
    w.heading("Darba kārtība", level=1)
    for s in p.sections:
        title = "Slēgts jautājums" if s.closed else s.title.rstrip(".") + "."
        w.para(f"{s.number}. {title}")


def _section(w: _Writer, p: Protocol, s: Section) -> None:
    w.heading(f"{s.number}. §", level=1)
    if s.closed:
        w.heading("Slēgts jautājums", level=2)
        return
    w.heading(s.title, level=2)
    if not s.recorded:
        if p.draft:
            w.para("(Vēl nav aizpildīts.)")
        return
    if s.reported_by:
        w.labelled("Ziņo:", s.reported_by)
    if s.participants:
        w.labelled("Debatēs piedalās:", s.participants)
    w.lines(s.discussion)
    for r in s.recusals:
        w.para(recusal_sentence(r.name, r.reason), keep=True)
    lead, decision = outcome_text(s, p.chair_feminine)
    if lead:
        w.para(lead, keep=bool(decision))
    for line in decision:
        w.para(line)


def _signatures(w: _Writer, p: Protocol) -> None:
    if p.closed_at:
        w.para(f"Sēde slēgta {time_hm(p.closed_at, tz=p.tz)}", keep=True)
    w.para("", keep=True)
    rows = [("Sēdes vadītāja" if p.chair_feminine else "Sēdes vadītājs", p.chair),
            ("Protokolētāja" if p.recorder_feminine else "Protokolētājs", p.recorder)]
    table = w.table(rows=len(rows), cols=3)
    _no_borders(table)
    for row, (role, name) in zip(table.rows, rows, strict=True):
        row.cells[0].text = role
        row.cells[1].text = "______________"
        row.cells[2].text = name
    _widths(table, (Cm(5), Cm(5), Cm(6)))
    approval = approval_sentence(p)
    if approval:
        w.para("")
        w.para(approval)
    if p.content_hash:
        small = w.para(f"Protokola satura kontrolsumma (SHA-256): {p.content_hash}")
        for run in small.runs:
            run.font.size = Pt(9)


def _errata(w: _Writer, p: Protocol) -> None:
    if not p.errata:
        return
    w.heading("Labojumi pēc apstiprināšanas", level=1)
    for e in p.errata:
        author = f", {e.author}" if e.author else ""
        w.labelled(f"Labojums Nr. {e.number} ({date_num(e.on_date)}{author}):", e.text.strip())


def _attendance_table(w: _Writer, p: Protocol) -> None:
    w.heading("Pielikums. Sēdes dalībnieku saraksts", level=1)
    members = sorted([*p.present, *p.absent], key=lambda a: a.status not in ("present", "remote"))
    table = w.table(rows=1, cols=4, style="Table Grid")
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(table.rows[0].cells,
                          ("Nr.", "Vārds, uzvārds", "Balsstiesības", "Dalība"), strict=True):
        cell.text = text
        cell.paragraphs[0].runs[0].bold = True
    _repeat_header_row(table)
    for i, a in enumerate(members, start=1):
        cells = table.add_row().cells
        cells[0].text = f"{i}."
        cells[1].text = a.name
        cells[2].text = "ir" if a.voting else "nav"
        cells[3].text = attendance_status(a, p.public)
    _widths(table, (Cm(1.2), Cm(6), Cm(2.8), Cm(6)))


@cache
def _template(draft: bool) -> bytes:
    """The empty protocol: A4 page, plain styles, language lv-LV, page numbers and, for a
    draft, "PROJEKTS" on every page. It is the same for every protocol, and setting it up (the
    language alone walks all ~160 styles) was a fifth of the build time, so it is built once
    per process and every protocol starts from its bytes."""
    doc = Document()
    _page(doc)
    _styles(doc)
    set_document_language(doc, LANGUAGE)
    if draft:
        mark_draft(doc)
    add_page_number_footer(doc)
    out = BytesIO()
    doc.save(out)
    return out.getvalue()


def build(p: Protocol, *, created: datetime | None = None) -> bytes:
    """The protocol as .docx bytes."""
    doc = Document(BytesIO(_template(p.draft)))
    props = doc.core_properties
    props.title = p.document_title
    props.subject = "Sēdes protokols"
    props.author = p.council
    props.last_modified_by = p.council
    props.keywords = "protokols; iedzīvotāju padome"
    props.comments = "PROJEKTS" if p.draft else ("Publiskā versija" if p.public else "")
    stamp = created or p.approved_at or datetime.now(UTC)
    props.created = stamp.astimezone(UTC).replace(tzinfo=None)
    props.modified = props.created
    props.revision = 1

    w = _Writer(doc)
    _header(w, p)
    _attendance(w, p)
    _agenda(w, p)
    for section in p.sections:
        _section(w, p, section)
    _signatures(w, p)
    _errata(w, p)
    _attendance_table(w, p)

    out = BytesIO()
    doc.save(out)
    return out.getvalue()
