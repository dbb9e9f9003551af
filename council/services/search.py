"""Search: meetings, agenda items, decisions and recommendations the user may see.

The index (`SearchEntry`) is kept in sync by a session listener on every flush, so every write
path — services, the demo loader, the admin shell — updates it in the same transaction. The
query uses FTS5 on SQLite and a GIN-indexed tsvector on PostgreSQL, behind `search()`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import sqlalchemy as sa
from markupsafe import Markup, escape
from sqlalchemy import event
from sqlalchemy.orm import Session, selectinload

from ..extensions import db
from ..models import (
    AgendaItem,
    Council,
    ItemRecord,
    Meeting,
    MeetingStatus,
    Minutes,
    MinutesStatus,
    Recommendation,
    RecommendationStatus,
    SearchEntry,
    SearchKind,
)
from ..permissions import council_access, is_officer
from ..text import fold

PUBLISHED = (MeetingStatus.ANNOUNCED, MeetingStatus.HELD, MeetingStatus.CANCELLED)
MAX_TERMS = 8
TOKEN = re.compile(r"[0-9a-z]+")
KIND_ORDER = [SearchKind.MEETING, SearchKind.AGENDA_ITEM, SearchKind.DECISION,
              SearchKind.RECOMMENDATION]


def folded_words(text: str) -> str:
    """Only words, folded: punctuation and markup never reach the full-text parsers (the
    PostgreSQL parser would read "<b>" as a tag)."""
    return " ".join(TOKEN.findall(fold(text)))


# --- building entries ---------------------------------------------------------------------------

def _meeting_public(meeting: Meeting) -> bool:
    return bool(meeting.is_public and meeting.status in PUBLISHED)


def _entry(kind: SearchKind, obj_id: int, *, meeting_id, council_id, public, title, body,
           happened_at) -> dict:
    title = (title or "")[:500]
    return {"kind": kind, "object_id": obj_id, "meeting_id": meeting_id,
            "council_id": council_id, "public": bool(public), "title": title,
            "body": body or "", "folded": folded_words(f"{title}\n{body or ''}"),
            "happened_at": happened_at}


def meeting_entry(meeting: Meeting) -> dict:
    return _entry(SearchKind.MEETING, meeting.id, meeting_id=meeting.id,
                  council_id=meeting.council_id, public=_meeting_public(meeting),
                  title=f"{meeting.council.name} — sēde Nr. {meeting.number}",
                  body=meeting.place, happened_at=meeting.starts_at)


def agenda_item_entry(item: AgendaItem) -> dict:
    meeting = item.meeting
    return _entry(SearchKind.AGENDA_ITEM, item.id, meeting_id=meeting.id,
                  council_id=meeting.council_id,
                  public=item.is_public and _meeting_public(meeting),
                  title=item.title, body=item.description, happened_at=meeting.starts_at)


def decision_entry(record: ItemRecord) -> dict | None:
    if not (record.decision or "").strip():
        return None
    item = record.agenda_item
    meeting = item.meeting
    approved = record.minutes.status == MinutesStatus.APPROVED
    return _entry(SearchKind.DECISION, record.id, meeting_id=meeting.id,
                  council_id=meeting.council_id,
                  public=approved and item.is_public and _meeting_public(meeting),
                  title=item.title, body=record.decision, happened_at=meeting.starts_at)


def recommendation_entry(rec: Recommendation) -> dict:
    public = rec.is_public and rec.status != RecommendationStatus.DRAFT
    body = "\n".join(part for part in (rec.body, rec.answer_text) if part)
    return _entry(SearchKind.RECOMMENDATION, rec.id, meeting_id=rec.source_meeting_id,
                  council_id=rec.council_id, public=public, title=f"{rec.code} {rec.title}",
                  body=body, happened_at=rec.created_at)


# --- keeping the index in sync ------------------------------------------------------------------

def _affected(session: Session):
    """(entries to write, keys to delete) for the objects of this flush."""
    meetings: dict[int, Meeting] = {}
    items: dict[int, AgendaItem] = {}
    records: dict[int, ItemRecord] = {}
    recs: dict[int, Recommendation] = {}
    deleted: list[tuple[SearchKind, int]] = []

    changed = [o for o in session.new] + [o for o in session.dirty if session.is_modified(o)]
    for obj in changed:
        if isinstance(obj, Meeting):
            meetings[obj.id] = obj
        elif isinstance(obj, AgendaItem):
            items[obj.id] = obj
        elif isinstance(obj, ItemRecord):
            records[obj.id] = obj
        elif isinstance(obj, Minutes):
            for record in obj.item_records:
                records[record.id] = record
        elif isinstance(obj, Recommendation):
            recs[obj.id] = obj
        elif isinstance(obj, Council) and obj in session.dirty:
            for meeting in session.scalars(sa.select(Meeting).where(
                    Meeting.council_id == obj.id)):
                meetings[meeting.id] = meeting
    for meeting in meetings.values():
        for item in meeting.agenda_items:
            items[item.id] = item
    item_ids = [i for i in items if i is not None]
    for start in range(0, len(item_ids), 500):
        for record in session.scalars(sa.select(ItemRecord).where(
                ItemRecord.agenda_item_id.in_(item_ids[start:start + 500]))):
            records[record.id] = record
    for obj in session.deleted:
        if isinstance(obj, Meeting):
            deleted.append((SearchKind.MEETING, obj.id))
        elif isinstance(obj, AgendaItem):
            deleted.append((SearchKind.AGENDA_ITEM, obj.id))
            items.pop(obj.id, None)
        elif isinstance(obj, ItemRecord):
            deleted.append((SearchKind.DECISION, obj.id))
            records.pop(obj.id, None)
        elif isinstance(obj, Recommendation):
            deleted.append((SearchKind.RECOMMENDATION, obj.id))
            recs.pop(obj.id, None)

    def gone(obj, parent: str | None = None) -> bool:
        """Deleted in this flush, explicitly or as an orphan of its parent collection."""
        state = sa.inspect(obj)
        return state.deleted or state.was_deleted or (
            parent is not None and getattr(obj, parent) is None)

    entries = []
    for meeting in meetings.values():
        if gone(meeting, "council"):
            deleted.append((SearchKind.MEETING, meeting.id))
        else:
            entries.append(meeting_entry(meeting))
    for item in items.values():
        if gone(item, "meeting"):
            deleted.append((SearchKind.AGENDA_ITEM, item.id))
        else:
            entries.append(agenda_item_entry(item))
    for record in records.values():
        if gone(record, "agenda_item") or gone(record.agenda_item, "meeting"):
            deleted.append((SearchKind.DECISION, record.id))
            continue
        entry = decision_entry(record)
        if entry is None:
            deleted.append((SearchKind.DECISION, record.id))
        else:
            entries.append(entry)
    for rec in recs.values():
        if gone(rec, "council"):
            deleted.append((SearchKind.RECOMMENDATION, rec.id))
        else:
            entries.append(recommendation_entry(rec))
    return entries, deleted


def _write(connection, entries: list[dict], deleted: list[tuple[SearchKind, int]]) -> None:
    table = SearchEntry.__table__
    keys = deleted + [(e["kind"], e["object_id"]) for e in entries]
    for kind in {k for k, _ in keys}:
        ids = [i for k, i in keys if k == kind]
        for start in range(0, len(ids), 500):
            connection.execute(table.delete().where(
                table.c.kind == kind, table.c.object_id.in_(ids[start:start + 500])))
    if entries:
        connection.execute(table.insert(), entries)


def _after_flush(session: Session, _context) -> None:
    if not (session.new or session.dirty or session.deleted):
        return
    with session.no_autoflush:
        entries, deleted = _affected(session)
    if entries or deleted:
        _write(session.connection(), entries, deleted)


def install_listener() -> None:
    """Register the index maintenance once per process."""
    if not event.contains(Session, "after_flush", _after_flush):
        event.listen(Session, "after_flush", _after_flush)


def rebuild(batch: int = 2000) -> int:
    """Re-create the whole index (after bulk loads such as `flask seed-scale`)."""
    db.session.execute(SearchEntry.__table__.delete())
    total = 0
    sources = [
        (sa.select(Meeting).options(selectinload(Meeting.council)), meeting_entry),
        (sa.select(AgendaItem).options(selectinload(AgendaItem.meeting)
                                       .selectinload(Meeting.council)), agenda_item_entry),
        (sa.select(ItemRecord).options(
            selectinload(ItemRecord.minutes),
            selectinload(ItemRecord.agenda_item).selectinload(AgendaItem.meeting)),
         decision_entry),
        (sa.select(Recommendation), recommendation_entry),
    ]
    for stmt, build in sources:
        model = stmt.column_descriptions[0]["entity"]
        last = 0
        while True:
            chunk = db.session.scalars(
                stmt.where(model.id > last).order_by(model.id).limit(batch)).all()
            if not chunk:
                break
            entries = [e for e in (build(o) for o in chunk) if e is not None]
            if entries:
                db.session.execute(SearchEntry.__table__.insert(), entries)
                total += len(entries)
            last = chunk[-1].id
            db.session.expunge_all()
    return total


# --- querying -----------------------------------------------------------------------------------

def terms_of(query: str) -> list[str]:
    return TOKEN.findall(fold(query or ""))[:MAX_TERMS]


def _match(terms: list[str]):
    """(FROM clause, WHERE clause, rank expression ascending-is-better) for this dialect."""
    if db.engine.dialect.name == "postgresql":
        tsquery = " & ".join(f"{t}:*" for t in terms)
        vector = sa.func.to_tsvector(sa.literal_column("'simple'"), SearchEntry.folded)
        query = sa.func.to_tsquery(sa.literal_column("'simple'"), tsquery)
        return None, vector.op("@@")(query), -sa.func.ts_rank(vector, query)
    fts = sa.table("search_fts", sa.column("rowid"))
    match = " ".join(f'"{t}"*' for t in terms)
    where = sa.and_(fts.c.rowid == SearchEntry.id,
                    sa.text("search_fts MATCH :fts_query").bindparams(fts_query=match))
    return fts, where, sa.literal_column("bm25(search_fts)")


def _visible(user):
    if is_officer(user):
        return sa.true()
    member_of = council_access(user).member_of
    if member_of:
        return sa.or_(SearchEntry.public.is_(True), SearchEntry.council_id.in_(member_of))
    return SearchEntry.public.is_(True)


@dataclass
class SearchResults:
    query: str
    terms: list[str]
    kind: SearchKind | None
    counts: dict[str, int]
    items: list[SearchEntry]
    page: int
    per_page: int

    @property
    def total(self) -> int:
        if self.kind is not None:
            return self.counts.get(self.kind.value, 0)
        return sum(self.counts.values())

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    def grouped(self) -> list[tuple[SearchKind, list[SearchEntry]]]:
        groups = []
        for kind in KIND_ORDER:
            rows = [e for e in self.items if e.kind == kind]
            if rows:
                groups.append((kind, rows))
        return groups


def search(query: str, user, *, kind: SearchKind | None = None, page: int = 1,
           per_page: int = 20, municipality_id: int | None = None) -> SearchResults:
    """Two queries whatever the data size: counts per kind, then one ranked page (within one
    municipality's councils when `municipality_id` is given)."""
    terms = terms_of(query)
    if not terms:
        return SearchResults(query, [], kind, {}, [], 1, per_page)
    fts, where, rank = _match(terms)
    base = sa.and_(where, _visible(user))
    if municipality_id is not None:
        base = sa.and_(base, SearchEntry.council_id.in_(
            sa.select(Council.id).where(Council.municipality_id == municipality_id)))

    count_stmt = sa.select(SearchEntry.kind, sa.func.count()).where(base).group_by(
        SearchEntry.kind)
    if fts is not None:
        count_stmt = count_stmt.select_from(SearchEntry).join(fts, sa.true())
    counts = {str(getattr(k, "value", k)): n for k, n in db.session.execute(count_stmt)}

    stmt = sa.select(SearchEntry).where(base)
    if fts is not None:
        stmt = stmt.select_from(SearchEntry).join(fts, sa.true())
    if kind is not None:
        stmt = stmt.where(SearchEntry.kind == kind)
    # Grouped by kind on the page, best first within each kind, newest first on equal rank.
    kind_order = sa.case({k.value: i for i, k in enumerate(KIND_ORDER)},
                         value=SearchEntry.kind)
    stmt = stmt.order_by(kind_order, rank, SearchEntry.happened_at.desc(), SearchEntry.id)
    items = db.session.scalars(stmt.limit(per_page).offset((page - 1) * per_page)).all()
    return SearchResults(query, terms, kind, counts, list(items), page, per_page)


def link_for(entry: SearchEntry) -> str:
    if entry.kind == SearchKind.MEETING:
        return f"/meetings/{entry.object_id}"
    if entry.kind == SearchKind.AGENDA_ITEM:
        return f"/meetings/{entry.meeting_id}#item-{entry.object_id}"
    if entry.kind == SearchKind.DECISION:
        return f"/meetings/{entry.meeting_id}/minutes#record-{entry.object_id}"
    return f"/recommendations/{entry.object_id}"


def highlight(text: str, terms: list[str], *, width: int = 220) -> Markup:
    """A snippet of `text` around the first match with matches in <mark>; everything escaped.

    Matching is diacritic-insensitive: folding keeps one character per character for Latvian
    letters, so positions in the folded text are positions in the original.
    """
    text = text or ""
    folded_chars = [fold(ch)[:1] or " " for ch in text]
    folded = "".join(folded_chars)
    spans = []
    for term in terms:
        for m in re.finditer(r"(?<![0-9a-z])" + re.escape(term), folded):
            end = m.end()
            while end < len(folded) and folded[end].isalnum():
                end += 1
            spans.append((m.start(), end))
    spans.sort()
    start = 0
    if spans and spans[0][0] > width // 3:
        start = spans[0][0] - width // 3
    stop = min(len(text), start + width)
    out, pos = [], start
    if start > 0:
        out.append("…")
    for s, e in spans:
        if e <= pos or s >= stop:
            continue
        s = max(s, pos)
        out.append(escape(text[pos:s]))
        out.append(Markup("<mark>") + escape(text[s:min(e, stop)]) + Markup("</mark>"))
        pos = min(e, stop)
    out.append(escape(text[pos:stop]))
    if stop < len(text):
        out.append("…")
    return Markup("").join(out)
