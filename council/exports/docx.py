"""Word documents (python-docx): the meeting agenda / invitation, and the shared pieces every
council document uses (language, properties, letterhead, page numbers, draft marking).

Pure: loaded objects in, bytes out; no Flask. Techniques: /work/shared EXPORTS.md.
"""

from __future__ import annotations

from datetime import UTC, datetime
from io import BytesIO

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

from .. import formatting

LANGUAGE = "lv-LV"
DRAFT_MARK = "PROJEKTS"
CLOSED_ITEM = "Slēgts jautājums"


# --- shared document helpers (the minutes protocol reuses them) ---------------------------------

def _set_lang(rpr, language: str) -> None:
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), language)
    lang.set(qn("w:eastAsia"), language)
    lang.set(qn("w:bidi"), language)


def set_document_language(doc, language: str = LANGUAGE) -> None:
    """Spell-checking, hyphenation and screen readers: the language on the document defaults
    and on every paragraph and character style, and in the core properties."""
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        rpr_default = defaults.find(qn("w:rPrDefault"))
        if rpr_default is not None:
            rpr = rpr_default.find(qn("w:rPr"))
            if rpr is not None:
                _set_lang(rpr, language)
    for style in doc.styles:
        if style.type in (1, 2):  # paragraph and character styles
            _set_lang(style.element.get_or_add_rPr(), language)
    doc.core_properties.language = language


def set_core_properties(doc, *, title: str, author: str, created: datetime, subject: str = "",
                        keywords: str = "") -> None:
    props = doc.core_properties
    props.title = title
    props.author = author
    props.last_modified_by = author
    props.subject = subject
    props.keywords = keywords
    props.comments = ""
    created = created.astimezone(UTC).replace(tzinfo=None)  # OOXML stores UTC without a zone
    props.created = created
    props.modified = created
    props.revision = 1


def _field(run, instruction: str, placeholder: str) -> None:
    """A Word field (PAGE, NUMPAGES …) that Word and LibreOffice update when rendering."""
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = instruction
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    text = OxmlElement("w:t")
    text.text = placeholder
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    for element in (begin, instr, separate, text, end):
        run._r.append(element)


def add_page_number_footer(doc) -> None:
    """'1. lpp. no 2' centred at the foot of every page."""
    for section in doc.sections:
        paragraph = section.footer.paragraphs[0]
        paragraph.text = ""
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _field(paragraph.add_run(), "PAGE", "1")
        paragraph.add_run(". lpp. no ")
        _field(paragraph.add_run(), "NUMPAGES", "1")


def mark_draft(doc, text: str = DRAFT_MARK) -> None:
    """A draft marking in the header of every page."""
    for section in doc.sections:
        paragraph = section.header.paragraphs[0]
        paragraph.text = ""
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        run = paragraph.add_run(text)
        run.bold = True


def text_width(doc):
    section = doc.sections[0]
    return section.page_width - section.left_margin - section.right_margin


def add_left_right(doc, left: str, right: str):
    """'05.03.2026.' on the left and 'Nr. 3' on the right margin of one line."""
    paragraph = doc.add_paragraph()
    paragraph.paragraph_format.tab_stops.add_tab_stop(text_width(doc), WD_TAB_ALIGNMENT.RIGHT)
    paragraph.add_run(left)
    paragraph.add_run("\t")
    paragraph.add_run(right)
    return paragraph


def add_letterhead(doc, *, municipality: str, council: str, title: str, place: str = "",
                   date_text: str = "", number_text: str = "") -> None:
    """The head of a council document (DOMAIN.md): municipality, council, the document's title
    (the Title style), the place in the locative, and the date with the number."""
    for text, size in ((municipality, 12), (council, 14)):
        paragraph = doc.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.space_after = Pt(0)
        run = paragraph.add_run(text)
        run.bold = True
        run.font.size = Pt(size)
    heading = doc.add_heading(title, level=0)
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if place:
        paragraph = doc.add_paragraph(place)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if date_text or number_text:
        add_left_right(doc, date_text, number_text)


def new_document(*, title: str, author: str, created: datetime, subject: str = "",
                 draft: bool = False):
    """A document with the Latvian language set, properties, page numbers and (for drafts) the
    draft marking on every page."""
    doc = Document()
    styles = doc.styles
    styles["Normal"].font.size = Pt(12)
    set_document_language(doc)
    set_core_properties(doc, title=title, author=author, created=created, subject=subject)
    add_page_number_footer(doc)
    if draft:
        mark_draft(doc)
    return doc


def to_bytes(doc) -> bytes:
    buffer = BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


# --- the agenda / invitation --------------------------------------------------------------------

def _status(value) -> str:
    return getattr(value, "value", value)


def agenda_docx(meeting, *, include_closed: bool, created: datetime, url: str = "") -> bytes:
    """'SĒDES DARBA KĀRTĪBA': the invitation to a meeting with its numbered agenda. A closed item
    is its number and "Slēgts jautājums" unless ``include_closed`` (the council's members)."""
    council = meeting.council
    muni = council.municipality
    tz = muni.timezone
    status = _status(meeting.status)
    extraordinary = _status(meeting.kind) == "extraordinary"
    title = "SĒDES DARBA KĀRTĪBA"
    doc = new_document(
        title=f"{council.name} — sēdes Nr. {meeting.number} darba kārtība",
        author=council.name, created=created, subject="Sēdes darba kārtība",
        draft=status == "draft",
    )
    add_letterhead(
        doc, municipality=muni.name, council=council.name, title=title,
        place=council.place_locative, date_text=formatting.date_num(meeting.starts_at, "lv", tz),
        number_text=f"Nr. {meeting.number}",
    )
    if status == "cancelled":
        paragraph = doc.add_paragraph()
        paragraph.add_run("SĒDE ATCELTA. ").bold = True
        paragraph.add_run(meeting.cancel_reason)
    kind = "ārkārtas sēde" if extraordinary else "kārtējā sēde"
    when = (f"{formatting.date_long(meeting.starts_at, 'lv', tz)} "
            f"{formatting.time_hm(meeting.starts_at, 'lv', tz)}")
    doc.add_paragraph(f"Padomes {kind} notiks {when}.")
    if meeting.postponed_from is not None and status != "cancelled":
        moved = formatting.datetime_long(meeting.postponed_from, "lv", tz)
        doc.add_paragraph(f"Sēde pārcelta; iepriekš tā bija paredzēta {moved}. "
                          f"{meeting.postpone_reason}".strip())
    if meeting.place:
        doc.add_paragraph(f"Sēdes vieta: {meeting.place}")
    if meeting.online_url:
        doc.add_paragraph(f"Tiešsaistē: {meeting.online_url}")
    doc.add_paragraph("Sēde ir atklāta: iedzīvotāji aicināti piedalīties." if meeting.is_public
                      else "Sēde ir slēgta.")
    doc.add_heading("Darba kārtība", level=1)
    items = sorted(meeting.agenda_items, key=lambda i: i.position)
    if not items:
        doc.add_paragraph("Darba kārtība vēl nav sagatavota.")
    for item in items:
        _agenda_item(doc, item, include_closed=include_closed)
    if url:
        paragraph = doc.add_paragraph(f"Sēdes informācija tīmeklī: {url}")
        paragraph.paragraph_format.space_before = Pt(18)
    return to_bytes(doc)


def _agenda_item(doc, item, *, include_closed: bool) -> None:
    paragraph = doc.add_paragraph()
    paragraph.paragraph_format.left_indent = Pt(18)
    paragraph.paragraph_format.first_line_indent = Pt(-18)
    paragraph.paragraph_format.keep_with_next = True
    paragraph.paragraph_format.space_before = Pt(8)
    paragraph.paragraph_format.space_after = Pt(2)
    if not (item.is_public or include_closed):
        paragraph.add_run(f"{item.position}.\t{CLOSED_ITEM}")
        return
    title = item.title if item.title.endswith((".", "?", "!")) else f"{item.title}."
    paragraph.add_run(f"{item.position}.\t").bold = True
    paragraph.add_run(title).bold = True
    if not item.is_public:
        paragraph.add_run(" (slēgts jautājums)").italic = True
    details = []
    if item.presenter:
        details.append(f"Ziņo: {item.presenter}")
    if item.expected_minutes:
        details.append(f"Paredzētais laiks: {item.expected_minutes} min")
    for line in [*details, *([item.description] if item.description else [])]:
        sub = doc.add_paragraph(line)
        sub.paragraph_format.left_indent = Pt(18)
        sub.paragraph_format.space_after = Pt(2)
