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
from ..permissions import council_access, officer_council_ids
from ..text import fold

PUBLISHED = (MeetingStatus.ANNOUNCED, MeetingStatus.HELD, MeetingStatus.CANCELLED)
MAX_TERMS = 8
MAX_EXPANSIONS = 32  # words a term may stand for on SQLite (_sqlite_match)
# Matches ranked per kind; more are counted as "500+" and the page asks for another word. Ranking
# reads every entry of the window (a common word at national scale: 0.55 µs an entry), so the
# window is what a search costs at scale; 25 pages of one kind is more than anyone reads.
WINDOW = 500
WALK = 15_000  # entries a PostgreSQL search reads newest first for a common word (_PostgresSearch)
ID_BLOCK = 1 << 27  # ids per (kind, publicity): 8 blocks fit a 32-bit integer
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


def entry_id(kind: SearchKind, object_id: int, public: bool) -> int:
    """An entry's id: its kind and publicity pick a block of ids, its object's id the place.

    So on SQLite "agenda items the public may see, newest first" is one rowid range of the
    full-text index, walked backwards: a search filters by kind and visibility inside the
    index and stops after the rows it needs.
    """
    if not 0 < object_id < ID_BLOCK:
        raise ValueError(f"object id {object_id} outside the search index's id block")
    return id_block(kind, public) + object_id


def id_block(kind: SearchKind, public: bool) -> int:
    return (KIND_ORDER.index(kind) * 2 + int(bool(public))) * ID_BLOCK


def _newest_first(entry_id_column):
    """Order entries of one kind newest first across its blocks: by their object's id (an
    entry id's place in its block), so a closed item is not ranked behind every public one."""
    return (entry_id_column % ID_BLOCK).desc()


# BM25's term weighting, written in SQL over an entry's folded words so that both databases rank
# alike. No inverse document frequency: every term must match anyway, and FTS5 counts each
# term's documents over the whole index for it (1.2 ms for a word in 73,000 entries).
K1, B = 1.2, 0.75
TYPICAL_LENGTH = 60  # characters of folded text; an entry this long is neither helped nor hurt


def _rank(folded, terms: list[str]):
    """Lower is better. BM25 scores a term (K1 + 1)·tf / (tf + norm), norm growing with the
    entry's length; ordering by the sum of those is ordering by the sum of 1 / (1 + tf / norm),
    which reads each term's frequency once. A term's frequency is the number of the entry's words
    that start with it (what the search matches): its occurrences after a space, and one more
    when the text starts with it. The length is counted in characters (no string is built)."""
    norm = K1 * (1 - B) + (K1 * B / TYPICAL_LENGTH) * sa.func.length(folded)
    rank = None
    for term in terms:
        after_space = (sa.func.length(folded)
                       - sa.func.length(sa.func.replace(folded, " " + term, ""))) / float(
                           len(term) + 1)
        first = sa.case((sa.func.substr(folded, 1, len(term)) == term, 1.0), else_=0.0)
        part = 1.0 / (1.0 + (after_space + first) / norm)
        rank = part if rank is None else rank + part
    return rank


def _entry(kind: SearchKind, obj_id: int, *, meeting_id, council_id, public, title, body,
           happened_at) -> dict:
    title = (title or "")[:500]
    return {"id": entry_id(kind, obj_id, public), "kind": kind, "object_id": obj_id,
            "meeting_id": meeting_id,
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
        _add_terms(connection, entries)


def _add_terms(connection, entries: list[dict]) -> None:
    """SQLite: the entries' words join the index's list of words (see _sqlite_match)."""
    if connection.dialect.name != "sqlite":
        return
    words = sorted({w for e in entries for w in e["folded"].split()})
    if words:
        connection.execute(sa.text("INSERT OR IGNORE INTO search_terms (term) VALUES (:term)"),
                           [{"term": w} for w in words])


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
                _add_terms(db.session.connection(), entries)
                total += len(entries)
            last = chunk[-1].id
            db.session.expunge_all()
    optimize()
    return total


def optimize() -> bool:
    """SQLite: merge the full-text index into one b-tree (FTS5's 'optimize'), as after any bulk
    load; whether there was an index to merge. Every flush adds a small segment that FTS5
    merges now and then; a word's matches spread over many segments are read from each of
    them, and the one merged list is read at half the cost (a common word's newest thousand
    matches: 0.34 → 0.20 ms at national scale). PostgreSQL's GIN indexes need nothing of the
    kind."""
    connection = db.session.connection()
    if connection.dialect.name != "sqlite":
        return False
    connection.execute(sa.text("INSERT INTO search_fts(search_fts) VALUES ('optimize')"))
    return True


# --- querying -----------------------------------------------------------------------------------

def terms_of(query: str) -> list[str]:
    return TOKEN.findall(fold(query or ""))[:MAX_TERMS]


def _sqlite_match(terms: list[str]) -> str:
    """The FTS5 expression for the terms, one query for all of them: each term becomes the
    words of the index that start with it ("apgaismojum" → "apgaismojums" OR "apgaismojumu" …).

    FTS5 reads a list of words lazily, newest first, and stops after the rows it is asked for;
    a prefix query ("apgaismojum"*) first merges every matching document, which grows with how
    common the word is. A term that starts more than MAX_EXPANSIONS words (or none) stays a
    prefix query.
    """
    words = sa.table("search_terms", sa.column("term"))
    parts = [sa.select(sa.literal(n).label("n"), words.c.term)
             .where(words.c.term >= term, words.c.term < term + "{")  # "{" sorts after "z"
             .order_by(words.c.term).limit(MAX_EXPANSIONS + 1)
             for n, term in enumerate(terms)]
    stmt = parts[0] if len(parts) == 1 else sa.union_all(
        *(sa.select(p.subquery()) for p in parts))
    found: dict[int, list[str]] = {}
    for n, word in db.session.execute(stmt):
        found.setdefault(n, []).append(word)
    groups = []
    for n, term in enumerate(terms):
        expansion = found.get(n, [])
        if 0 < len(expansion) <= MAX_EXPANSIONS:
            groups.append("(" + " OR ".join(f'"{w}"' for w in expansion) + ")")
        else:
            groups.append(f'"{term}"*')
    return " AND ".join(groups)


def _candidates(match: str, kind: SearchKind, user, scope=None):
    """SQLite: the ids of the newest matches of one kind this user may see — at most WINDOW
    of them (ranked by _ranked) — and a statement counting them up to WINDOW + 1. `match` is
    FTS5's query (_sqlite_match).

    Both walk the full-text index backwards within the id blocks of the kind (entry_id) and
    stop early: they read at most WINDOW rows, not every match. `scope`, a condition on
    SearchEntry (one municipality's councils), is checked row by row on the matches.
    """
    branches = _sqlite_branches(match, kind, user)
    if scope is not None:
        branches = [_scoped(b, scope) for b in branches]
    windows = [sa.select(b.order_by(b.selected_columns.id.desc()).limit(WINDOW).subquery())
               for b in branches]
    counted = [sa.select(b.limit(WINDOW + 1).subquery()) for b in branches]
    if len(branches) == 1:
        newest, matching = windows[0].subquery(), counted[0].subquery()
    else:
        union = sa.union_all(*windows).subquery()
        newest = sa.select(union).order_by(_newest_first(union.c.id)).limit(WINDOW).subquery()
        matching = sa.union_all(*counted).subquery()
    return newest, sa.select(sa.func.count()).select_from(matching).scalar_subquery()


def _scoped(branch, scope):
    """The branch's matches that also meet `scope` (a condition on SearchEntry)."""
    if SearchEntry.__table__ in branch.get_final_froms():
        return branch.where(scope)
    found = branch.selected_columns.id
    return branch.join(SearchEntry, SearchEntry.id == found).where(scope)


class _SqliteSearch:
    """SQLite: one FTS5 query for the terms (_sqlite_match), and per kind a counter and a
    window over the kind's id blocks (_candidates)."""

    def __init__(self, terms: list[str], user, scope=None):
        match = _sqlite_match(terms)
        self.terms = terms
        self.candidates = {k: _candidates(match, k, user, scope) for k in KIND_ORDER}

    def counters(self, kind: SearchKind) -> list:
        return [self.candidates[kind][1]]

    def window(self, kind: SearchKind, counts: list[int]):
        return _ranked(self.candidates[kind][0], self.terms)


def _ranked(newest, terms: list[str]):
    """(id, rank) of a window of ids: ranked on their entries' folded words (_rank)."""
    return (sa.select(newest.c.id, _rank(SearchEntry.folded, terms).label("rank"))
            .join(SearchEntry, SearchEntry.id == newest.c.id).subquery())


class _PostgresSearch:
    """PostgreSQL: the same answers as SQLite's FTS5 path — per kind, the newest WINDOW matches
    ranked, counted up to WINDOW + 1 — from a GIN index per kind and publicity (partial
    indexes, POSTGRES_FTS_DDL) and the primary key.

    A user's entries of a kind are one or two branches, each one id block (entry_id, _audience):
    the public block, and the closed block for officers (all of it, or their municipality's
    councils') or members (their councils').
    Counting reads a branch's GIN index, which holds only its kind and publicity, and stops at
    WINDOW + 1. The newest matches of a branch then come from the index when they are few; when
    a branch has more than WINDOW, the id block is walked backwards instead, testing each
    entry's words (`' ' || folded LIKE '% term%'`, the same test as the index's `term:*` on
    the folded words) until WINDOW are found: with a common word that is a few thousand
    entries, where sorting the index's matches would read tens of thousands. A walk reads at
    most WALK entries; if they hold fewer than WINDOW matches (the word was common long ago),
    the index's matches are sorted after all, in the same statement.
    """

    def __init__(self, terms: list[str], user, scope=None):
        self.terms = terms
        self.query = sa.func.to_tsquery(sa.literal_column("'simple'"),
                                        " & ".join(f"{t}:*" for t in terms))
        self.vector = sa.func.to_tsvector(sa.literal_column("'simple'"), SearchEntry.folded)
        scoped = [] if scope is None else [scope]
        self.branches = [
            (public, scoped if councils is None
             else [SearchEntry.council_id.in_(councils), *scoped])
            for public, councils in _audience(user)]

    def _matches(self, kind: SearchKind, public: bool, extra: list):
        """The branch's matches through its GIN index. The kind and publicity are written into
        the statement, so the planner can prove the partial index applies; "id + 0" keeps it
        from walking the primary key and parsing every entry's text on the way."""
        publicity = SearchEntry.public if public else sa.not_(SearchEntry.public)
        return (sa.select((SearchEntry.id + 0).label("id"))
                .where(self.vector.op("@@")(self.query),
                       SearchEntry.kind == sa.literal_column(f"'{kind.value}'"), publicity,
                       *extra))

    def counters(self, kind: SearchKind) -> list:
        """One statement per branch counting its matches up to WINDOW + 1."""
        return [sa.select(sa.func.count())
                .select_from(self._matches(kind, public, extra).limit(WINDOW + 1).subquery())
                .scalar_subquery()
                for public, extra in self.branches]

    def _newest(self, kind: SearchKind, public: bool, extra: list, count: int):
        """The ids of the branch's newest matches, at most WINDOW of them."""
        indexed = self._matches(kind, public, extra)
        indexed = indexed.order_by(indexed.selected_columns.id.desc()).limit(WINDOW)
        if count <= WINDOW:
            return indexed
        lo = id_block(kind, public)
        recent = (sa.select(SearchEntry.id, SearchEntry.folded)
                  .where(SearchEntry.id > lo, SearchEntry.id < lo + ID_BLOCK, *extra)
                  .order_by(SearchEntry.id.desc()).limit(WALK).subquery())
        spaced = sa.literal(" ") + recent.c.folded
        walked = (sa.select(recent.c.id)
                  .where(*(spaced.like(f"% {term}%") for term in self.terms))
                  .order_by(recent.c.id.desc()).limit(WINDOW)
                  .cte(f"walk_{kind.value}_{'public' if public else 'closed'}"))
        short = sa.select(sa.func.count()).select_from(walked).scalar_subquery() < WINDOW
        fallback = indexed.subquery()
        # The walk's matches are the newest ones; the index's (only read when the walk came
        # up short) include them, hence UNION.
        return sa.union(sa.select(walked.c.id), sa.select(fallback.c.id).where(short))

    def window(self, kind: SearchKind, counts: list[int]):
        """(id, rank) of the kind's newest WINDOW matches, lower rank is better."""
        parts = [self._newest(kind, public, extra, n)
                 for (public, extra), n in zip(self.branches, counts, strict=True) if n]
        ids = (parts[0] if len(parts) == 1 else sa.union_all(*parts)).subquery()
        newest = sa.select(ids.c.id).order_by(_newest_first(ids.c.id)).limit(WINDOW).subquery()
        return _ranked(newest, self.terms)


def _audience(user) -> list[tuple[bool, list[int] | None]]:
    """The id blocks of a kind this user may search, as (public, councils): the public block
    for everyone; the closed block too for officers of every municipality (councils None: all
    of it), an officer of one (its councils' entries) and members (their councils' entries)."""
    blocks: list[tuple[bool, list[int] | None]] = [(True, None)]
    officer_of = officer_council_ids(user)
    if officer_of is None:
        blocks.append((False, None))
    else:
        readable = officer_of | council_access(user).member_of
        if readable:
            blocks.append((False, sorted(readable)))
    return blocks


def _sqlite_branches(words: str, kind: SearchKind, user) -> list:
    fts = sa.table("search_fts", sa.column("rowid"))

    def block(public: bool, councils: list[int] | None):
        """Matches in one id block: a range the full-text index walks by itself; a member's
        closed entries (few) are checked one by one."""
        lo = id_block(kind, public)
        extra = []
        if councils is not None:
            extra.append(fts.c.rowid.in_(sa.select(SearchEntry.id).where(
                SearchEntry.id > lo, SearchEntry.id < lo + ID_BLOCK,
                SearchEntry.council_id.in_(councils))))
        return (sa.select(fts.c.rowid.label("id"))
                .select_from(fts)
                .where(sa.literal_column("search_fts").op("MATCH")(sa.literal(words)),
                       fts.c.rowid > lo, fts.c.rowid < lo + ID_BLOCK, *extra))

    return [block(public, councils) for public, councils in _audience(user)]


@dataclass
class SearchResults:
    query: str
    terms: list[str]
    kind: SearchKind | None
    counts: dict[str, int]
    items: list[SearchEntry]
    page: int
    per_page: int
    more: frozenset[str] = frozenset()  # kinds with more than WINDOW matches

    @property
    def total(self) -> int:
        if self.kind is not None:
            return self.counts.get(self.kind.value, 0)
        return sum(self.counts.values())

    @property
    def more_than_shown(self) -> bool:
        return bool(self.more if self.kind is None else self.kind.value in self.more)

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


def _slices(counts: dict[str, int], kinds: list[SearchKind], start: int, size: int):
    """[(kind, offset, limit)] that cover places start … start+size of the kinds' results laid
    end to end in `kinds` order."""
    out, before = [], 0
    for kind in kinds:
        n = counts.get(kind.value, 0)
        lo, hi = max(start, before), min(start + size, before + n)
        if lo < hi:
            out.append((kind, lo - before, hi - lo))
        before += n
    return out


def search(query: str, user, *, kind: SearchKind | None = None, page: int = 1,
           per_page: int = 20, municipality_id: int | None = None) -> SearchResults:
    """A fixed number of queries whatever the data size — on SQLite the words the terms stand
    for (_sqlite_match) — then counts per kind and one ranked page (within one municipality's
    councils when `municipality_id` is given). The database's plan (_SqliteSearch,
    _PostgresSearch) gives each kind's counters and, from their counts, its window.

    Within a kind the newest WINDOW matches are ranked best first (_rank; on equal rank, the
    newest object first); a kind with more matches says so ("500+"), and the user narrows the
    search.
    """
    terms = terms_of(query)
    if not terms:
        return SearchResults(query, [], kind, {}, [], 1, per_page)
    scope = None
    if municipality_id is not None:
        scope = SearchEntry.council_id.in_(
            sa.select(Council.id).where(Council.municipality_id == municipality_id))
    plan = (_PostgresSearch if db.engine.dialect.name == "postgresql" else _SqliteSearch)(
        terms, user, scope)
    counters = {k: plan.counters(k) for k in KIND_ORDER}
    row = iter(db.session.execute(
        sa.select(*(c for k in KIND_ORDER for c in counters[k]))).one())
    branch_counts = {k: [int(next(row)) for _ in counters[k]] for k in KIND_ORDER}
    raw = {k.value: sum(n) for k, n in branch_counts.items() if sum(n)}
    more = frozenset(k for k, n in raw.items() if n > WINDOW)
    counts = {k: min(n, WINDOW) for k, n in raw.items()}

    slices = _slices(counts, [kind] if kind else KIND_ORDER, (page - 1) * per_page, per_page)
    items: list[SearchEntry] = []
    if slices:
        parts = []
        for k, offset, limit in slices:
            window = plan.window(k, branch_counts[k])
            # Ranked on the window alone: the entries are read for the page's rows only (a
            # join for the whole window read WINDOW entries, 0.7 ms of a common word's search
            # when it was 1000).
            parts.append(
                sa.select(window.c.id, sa.literal(KIND_ORDER.index(k)).label("kind_order"),
                          window.c.rank)
                .order_by(window.c.rank, _newest_first(window.c.id))
                .limit(limit).offset(offset).subquery())
        page_ids = sa.union_all(*(sa.select(p) for p in parts)).subquery()
        items = list(db.session.scalars(
            sa.select(SearchEntry).join(page_ids, page_ids.c.id == SearchEntry.id)
            .order_by(page_ids.c.kind_order, page_ids.c.rank, _newest_first(page_ids.c.id))))
    return SearchResults(query, terms, kind, counts, items, page, per_page, more)


def link_for(entry: SearchEntry) -> str:
    if entry.kind == SearchKind.MEETING:
        return f"/meetings/{entry.object_id}"
    if entry.kind == SearchKind.AGENDA_ITEM:
        return f"/meetings/{entry.meeting_id}#item-{entry.object_id}"
    if entry.kind == SearchKind.DECISION:
        return f"/meetings/{entry.meeting_id}/minutes#record-{entry.object_id}"
    return f"/recommendations/{entry.object_id}"


class _FoldChar(dict):
    """str.translate table: each character folded to one character (learnt on first sight)."""

    def __missing__(self, code: int) -> str:
        folded = fold(chr(code))[:1] or " "
        if len(self) < 4096:  # the alphabets in use, not every character anyone pastes
            self[code] = folded
        return folded


_FOLD_CHAR = _FoldChar()


def highlight(text: str, terms: list[str], *, width: int = 220) -> Markup:
    """A snippet of `text` around the first match with matches in <mark>; everything escaped.

    Matching is diacritic-insensitive: folding keeps one character per character for Latvian
    letters, so positions in the folded text are positions in the original.
    """
    text = text or ""
    folded = text.translate(_FOLD_CHAR)
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
