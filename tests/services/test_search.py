"""Search: the index follows every write, respects visibility, folds diacritics, ranks."""

import sqlalchemy as sa
from markupsafe import Markup

from council.extensions import db
from council.models import (
    AgendaItem,
    CouncilRoleKind,
    GlobalRole,
    ItemRecord,
    MeetingStatus,
    Minutes,
    MinutesStatus,
    Outcome,
    Recommendation,
    RecommendationStatus,
    SearchEntry,
    SearchKind,
)
from council.services import search as svc
from tests import factories


def _published_meeting(council=None, **kw):
    council = council or factories.council(name="Kursīšu pagasta iedzīvotāju padome")
    kw.setdefault("status", MeetingStatus.ANNOUNCED)
    return factories.meeting(council, **kw)


def _titles(results):
    return [e.title for e in results.items]


def test_index_follows_create_update_delete(app):
    meeting = _published_meeting()
    item = factories.agenda_item(meeting, title="Par ielu apgaismojumu Kursīšu centrā")
    db.session.commit()
    anon = None
    assert _titles(svc.search("apgaismojum", anon)) == [item.title]
    item.title = "Par ceļu greiderēšanu"
    db.session.commit()
    assert svc.search("apgaismojum", anon).items == []
    assert _titles(svc.search("greider", anon)) == ["Par ceļu greiderēšanu"]
    db.session.delete(item)
    db.session.commit()
    assert svc.search("greider", anon).items == []


def test_diacritic_insensitive_and_prefix(app):
    meeting = _published_meeting()
    factories.agenda_item(meeting, title="Kursīši: ūdensapgāde un ķēde")
    db.session.commit()
    for query in ("kursisi", "Kursīši", "KURS", "udensapg", "ķēd", "kede"):
        assert svc.search(query, None).counts.get("agenda_item") == 1, query
    assert svc.search("kursisiX", None).items == []


def test_all_terms_must_match(app):
    meeting = _published_meeting()
    factories.agenda_item(meeting, title="Par ielu apgaismojumu")
    factories.agenda_item(meeting, title="Par ielu remontu")
    db.session.commit()
    assert _titles(svc.search("ielu remont", None)) == ["Par ielu remontu"]


def test_closed_items_draft_meetings_and_drafts_are_hidden_from_the_public(app):
    council = factories.council()
    public_meeting = _published_meeting(council)
    draft_meeting = factories.meeting(council, status=MeetingStatus.DRAFT)
    factories.agenda_item(public_meeting, title="Atklāts marķieris", is_public=True)
    factories.agenda_item(public_meeting, title="Slēgts marķieris", is_public=False)
    factories.agenda_item(draft_meeting, title="Melnraksta marķieris")
    db.session.add(Recommendation(council=council, year=2026, number=1, title="Priekšlikuma "
                                  "marķieris", status=RecommendationStatus.DRAFT))
    db.session.commit()
    assert _titles(svc.search("marķieris", None)) == ["Atklāts marķieris"]

    member = factories.user()
    factories.council_role(member, council, role="member_access")
    db.session.commit()
    member_titles = _titles(svc.search("markieris", member))
    assert len(member_titles) == 4
    officer = factories.user(role=GlobalRole.OFFICER)
    assert len(svc.search("markieris", officer).items) == 4
    outsider = factories.user()
    assert len(svc.search("markieris", outsider).items) == 1


def test_meeting_publication_updates_item_visibility(app):
    council = factories.council()
    meeting = factories.meeting(council, status=MeetingStatus.DRAFT)
    factories.agenda_item(meeting, title="Bibliotēkas darba laiks")
    db.session.commit()
    assert svc.search("biblioteka", None).items == []
    meeting.status = MeetingStatus.ANNOUNCED
    db.session.commit()
    assert svc.search("biblioteka", None).counts == {"agenda_item": 1}
    meeting.is_public = False  # a closed meeting hides its items again
    db.session.commit()
    assert svc.search("biblioteka", None).items == []


def test_decisions_become_public_when_minutes_are_approved(app):
    meeting = _published_meeting(status=MeetingStatus.HELD)
    item = factories.agenda_item(meeting, title="Par sporta laukumu")
    minutes = Minutes(meeting=meeting)
    db.session.add(minutes)
    db.session.add(ItemRecord(minutes=minutes, agenda_item=item, outcome=Outcome.ADOPTED,
                              decision="Atbalstīt basketbola groza uzstādīšanu."))
    db.session.commit()
    assert svc.search("basketbol", None).items == []
    minutes.status = MinutesStatus.APPROVED
    minutes.content_hash = "0" * 64
    db.session.commit()
    found = svc.search("basketbol", None)
    assert [e.kind for e in found.items] == [SearchKind.DECISION]
    assert svc.link_for(found.items[0]) == f"/meetings/{meeting.id}/minutes#record-" \
        f"{found.items[0].object_id}"


def test_ranking_prefers_more_matches(app):
    meeting = _published_meeting()
    factories.agenda_item(meeting, title="Dažādi", description="Arī par apgaismojumu.")
    factories.agenda_item(meeting, title="Apgaismojums", description="Apgaismojums, apgaismojums.")
    db.session.commit()
    assert _titles(svc.search("apgaismojum", None))[0] == "Apgaismojums"


def test_rebuild_matches_the_live_index(app):
    meeting = _published_meeting()
    for i in range(5):
        factories.agenda_item(meeting, title=f"Jautājums {i}")
    db.session.commit()
    live = db.session.scalar(sa.select(sa.func.count(SearchEntry.id)))
    assert svc.rebuild() == live
    db.session.commit()
    assert len(svc.search("jautajums", None).items) == 5


def test_optimize_merges_the_sqlite_index_and_keeps_its_answers(app):
    if db.engine.dialect.name != "sqlite":
        svc.optimize()  # nothing to do: GIN indexes are not merged by hand
        return
    meeting = _published_meeting()
    for i in range(12):  # a commit each: a segment each, until FTS5 merges them
        factories.agenda_item(meeting, title=f"Apgaismojums {i}", description="Ceļš")
        db.session.commit()
    before = svc.search("apgaismojum cels", None)
    pieces = sa.text("SELECT count(*) FROM search_fts_data")
    spread = db.session.scalar(pieces)
    svc.optimize()
    db.session.commit()
    assert db.session.scalar(pieces) < spread
    db.session.execute(sa.text("INSERT INTO search_fts(search_fts) VALUES ('integrity-check')"))
    after = svc.search("apgaismojum cels", None)
    assert _titles(after) == _titles(before) and after.counts == {"agenda_item": 12}


def test_the_search_commands_merge_and_rebuild_the_index(app):
    meeting = _published_meeting()
    for i in range(6):
        factories.agenda_item(meeting, title=f"Apgaismojums {i}")
        db.session.commit()
    runner = app.test_cli_runner()
    result = runner.invoke(args=["search-optimize"])
    assert result.exit_code == 0, result.output
    sqlite = db.engine.dialect.name == "sqlite"
    assert ("merged" if sqlite else "Nothing to do") in result.output
    if sqlite:
        db.session.execute(sa.text("INSERT INTO search_fts(search_fts) VALUES ('integrity-check')"))
    result = runner.invoke(args=["search-reindex"])
    assert result.exit_code == 0 and "Indexed 7 entries" in result.output, result.output
    assert svc.search("apgaismojum", None).counts == {"agenda_item": 6}


def test_query_count_is_constant(app, count_queries):
    meeting = _published_meeting()
    factories.agenda_item(meeting, title="Ceļš 0")
    db.session.commit()
    with count_queries() as small:
        svc.search("cels", None)
    for i in range(60):
        factories.agenda_item(meeting, title=f"Ceļš {i + 1}")
    db.session.commit()
    with count_queries() as large:
        results = svc.search("cels", None, page=2)
    # SQLite first looks up the words "cels" stands for (_sqlite_match)
    assert small.count == large.count == (3 if db.engine.dialect.name == "sqlite" else 2)
    assert results.total == 61 and len(results.items) == 20


def test_a_term_stands_for_the_index_words_that_start_with_it(app):
    meeting = _published_meeting()
    both = factories.agenda_item(meeting, title="Ielu apgaismojums un apgaismojuma remonts")
    one = factories.agenda_item(meeting, title="Par apgaismojumu Rumbā")
    factories.agenda_item(meeting, title="Apgaismot parku")  # "apgaismot", not "apgaismoj…"
    factories.agenda_item(meeting, title="Ielas remonts")
    db.session.commit()
    assert sorted(_titles(svc.search("apgaismoj", None))) == sorted([both.title, one.title])
    assert _titles(svc.search("iel apgaismoj", None)) == [both.title]  # every term must match
    if db.engine.dialect.name == "sqlite":
        assert svc._sqlite_match(["apgaismoj", "iel", "nekas"]) == (
            '("apgaismojuma" OR "apgaismojums" OR "apgaismojumu") AND ("ielas" OR "ielu") '
            'AND "nekas"*')


def test_a_term_that_starts_many_words_stays_a_prefix(app):
    meeting = _published_meeting()
    n = svc.MAX_EXPANSIONS + 3
    for i in range(n):
        factories.agenda_item(meeting, title=f"Vārds{i:02d}")
    db.session.commit()
    assert svc.search("vards", None).counts == {"agenda_item": n}
    assert svc.search("vards1", None).counts == {"agenda_item": 10}
    if db.engine.dialect.name == "sqlite":
        assert svc._sqlite_match(["vards"]) == '"vards"*'


def test_the_word_list_follows_writes_and_rebuilds(app):
    if db.engine.dialect.name != "sqlite":
        return  # PostgreSQL expands prefixes in its own index
    meeting = _published_meeting()
    item = factories.agenda_item(meeting, title="Pirmais")
    db.session.commit()
    item.title = "Otrais"
    db.session.commit()
    words = set(db.session.scalars(sa.text("SELECT term FROM search_terms")))
    assert {"pirmais", "otrais"} <= words  # never pruned: a word nobody uses costs nothing
    assert _titles(svc.search("otr", None)) == ["Otrais"] and svc.search("pirm", None).items == []
    db.session.execute(sa.text("DELETE FROM search_terms"))
    svc.rebuild()
    db.session.commit()
    assert "otrais" in set(db.session.scalars(sa.text("SELECT term FROM search_terms")))
    assert _titles(svc.search("otr", None)) == ["Otrais"]


def test_highlight_is_safe_and_diacritic_insensitive():
    html = svc.highlight("<b>Kursīšu</b> centrā", ["kursisu"])
    assert isinstance(html, Markup)
    assert str(html) == "&lt;b&gt;<mark>Kursīšu</mark>&lt;/b&gt; centrā"
    assert "<mark>" not in str(svc.highlight("Nekas", ["kurs"]))


def test_no_terms_no_queries(app, count_queries):
    with count_queries() as q:
        results = svc.search("  ?!  ", None)
    assert q.count == 0 and results.items == []


def test_agenda_item_orm_delete_cascade_removes_entries(app):
    meeting = _published_meeting()
    factories.agenda_item(meeting, title="Dzēšamais")
    db.session.commit()
    db.session.delete(db.session.scalars(sa.select(AgendaItem)).one())
    db.session.commit()
    assert db.session.scalar(sa.select(sa.func.count(SearchEntry.id)).where(
        SearchEntry.kind == SearchKind.AGENDA_ITEM)) == 0


def test_entry_ids_put_kind_and_publicity_in_blocks(app):
    meeting = _published_meeting()
    item = factories.agenda_item(meeting, title="Sporta laukums")
    db.session.commit()
    entry = db.session.scalars(sa.select(SearchEntry).where(
        SearchEntry.kind == SearchKind.AGENDA_ITEM, SearchEntry.object_id == item.id)).one()
    assert entry.id == svc.id_block(SearchKind.AGENDA_ITEM, True) + item.id
    item.is_public = False
    db.session.commit()
    entry = db.session.scalars(sa.select(SearchEntry).where(
        SearchEntry.kind == SearchKind.AGENDA_ITEM, SearchEntry.object_id == item.id)).one()
    assert entry.id == svc.id_block(SearchKind.AGENDA_ITEM, False) + item.id
    assert svc.search("sporta", None).items == []
    officer = factories.user(role=GlobalRole.OFFICER)
    assert _titles(svc.search("sporta", officer)) == ["Sporta laukums"]


def test_members_see_public_entries_and_their_councils_closed_ones(app):
    own = factories.council(name="Kursīšu padome")
    other = factories.council(name="Zaņas padome")
    own_meeting, other_meeting = _published_meeting(own), _published_meeting(other)
    factories.agenda_item(own_meeting, title="Ceļš atklāts")
    factories.agenda_item(own_meeting, title="Ceļš slēgts savējiem", is_public=False)
    factories.agenda_item(other_meeting, title="Ceļš slēgts citiem", is_public=False)
    member = factories.user()
    factories.council_role(member, own, CouncilRoleKind.MEMBER_ACCESS)
    db.session.commit()
    titles = set(_titles(svc.search("cels", member, kind=SearchKind.AGENDA_ITEM)))
    assert titles == {"Ceļš atklāts", "Ceļš slēgts savējiem"}
    assert _titles(svc.search("cels", None, kind=SearchKind.AGENDA_ITEM)) == ["Ceļš atklāts"]


def test_many_matches_are_counted_up_to_the_window_and_ranked_within_it(app, monkeypatch):
    monkeypatch.setattr(svc, "WINDOW", 3)
    meeting = _published_meeting()
    best = factories.agenda_item(meeting, title="Skola", description="Skola, skola, skola.")
    for i in range(4):
        factories.agenda_item(meeting, title=f"Jautājums {i}", description="Arī par skolu.")
    db.session.commit()
    results = svc.search("skol", None)
    assert results.counts == {"agenda_item": 3} and results.more == {"agenda_item"}
    assert results.more_than_shown and results.pages == 1
    # The newest three are ranked; the oldest match (the best one) is beyond the window.
    assert best.title not in _titles(results)
    assert _titles(results) == ["Jautājums 3", "Jautājums 2", "Jautājums 1"]
    newest = factories.agenda_item(meeting, title="Skola", description="Skola, skola.")
    db.session.commit()
    assert _titles(svc.search("skol", None))[0] == newest.title


def test_pages_run_across_kinds_in_order(app):
    meeting = _published_meeting()
    for i in range(3):
        factories.agenda_item(meeting, title=f"Parks {i}")
    db.session.commit()
    first = svc.search("parks", None, per_page=2)
    second = svc.search("parks", None, per_page=2, page=2)
    kinds = [e.kind for e in first.items + second.items]
    assert kinds == [SearchKind.AGENDA_ITEM] * 3
    assert first.pages == 2 and len(second.items) == 1


def test_search_within_one_municipality_for_every_role(app):
    here = factories.council(name="Kursīšu padome")
    there = factories.council(
        factories.municipality(name="Kuldīgas novads", slug="kuldiga"), name="Kuldīgas padome")
    for council in (here, there):
        meeting = _published_meeting(council)
        factories.agenda_item(meeting, title=f"Tilts — {council.name}")
        factories.agenda_item(meeting, title=f"Tilts slēgts — {council.name}", is_public=False)
    officer = factories.user(role=GlobalRole.OFFICER)
    member = factories.user()
    factories.council_role(member, there, CouncilRoleKind.MEMBER_ACCESS)
    db.session.commit()
    muni = there.municipality_id
    assert set(_titles(svc.search("tilts", None, municipality_id=muni))) == {
        "Tilts — Kuldīgas padome"}
    assert set(_titles(svc.search("tilts", officer, municipality_id=muni))) == {
        "Tilts — Kuldīgas padome", "Tilts slēgts — Kuldīgas padome"}
    assert set(_titles(svc.search("tilts", member, municipality_id=muni))) == {
        "Tilts — Kuldīgas padome", "Tilts slēgts — Kuldīgas padome"}
    assert svc.search("tilts", member, municipality_id=muni).counts == {"agenda_item": 2}


def test_a_common_word_finds_the_same_newest_matches_as_a_rare_one(app, monkeypatch):
    """More matches than the window: PostgreSQL walks the newest entries testing their words
    instead of sorting the index's matches. Both answer alike: a term starts a word, all terms
    must match, diacritics and case fold, and near misses stay out."""
    meeting = _published_meeting()
    titles = ["Ielu apgaismojums Kursīšos", "Neapgaismots laukums", "Apgaismes plāns",
              "Ielu apgaismojuma remonts", "Skolas iela: apgaismojumi", "Ielas-apgaismojumu tāme",
              "Apgaismojums parkā", "IELU APGAISMOJUMS 2027", "Ielu neapgaismojums"]
    for title in titles:
        factories.agenda_item(meeting, title=title)
    db.session.commit()
    wanted = ["IELU APGAISMOJUMS 2027", "Ielas-apgaismojumu tāme", "Skolas iela: apgaismojumi",
              "Ielu apgaismojuma remonts", "Ielu apgaismojums Kursīšos"]  # newest first
    everything = svc.search("iel apgaismojum", None, kind=SearchKind.AGENDA_ITEM, per_page=50)
    assert set(_titles(everything)) == set(wanted) and not everything.more
    monkeypatch.setattr(svc, "WINDOW", 3)  # now a common word: the newest three of five
    walked = svc.search("iel apgaismojum", None, kind=SearchKind.AGENDA_ITEM, per_page=50)
    assert walked.more == {"agenda_item"}
    assert set(_titles(walked)) == set(wanted[:3])


def test_a_word_common_long_ago_falls_back_to_the_index(app, monkeypatch):
    """The walk reads at most WALK of the newest entries; when they hold fewer than WINDOW
    matches, the newest matches still come back, from the index."""
    meeting = _published_meeting()
    old = [factories.agenda_item(meeting, title=f"Kapsētas uzturēšana {i}") for i in range(5)]
    for i in range(6):
        factories.agenda_item(meeting, title=f"Bibliotēkas darba laiks {i}")
    db.session.commit()
    monkeypatch.setattr(svc, "WINDOW", 3)
    monkeypatch.setattr(svc, "WALK", 4)
    results = svc.search("kapset", None)
    assert results.counts == {"agenda_item": 3} and results.more == {"agenda_item"}
    assert set(_titles(results)) == {item.title for item in old[2:]}


def test_a_common_word_for_officers_and_members_within_what_they_may_see(app, monkeypatch):
    monkeypatch.setattr(svc, "WINDOW", 2)
    own, other = factories.council(name="Kursīšu padome"), factories.council(name="Zaņas padome")
    own_meeting, other_meeting = _published_meeting(own), _published_meeting(other)
    for i in range(3):
        factories.agenda_item(own_meeting, title=f"Tilts atklāts {i}")
        factories.agenda_item(own_meeting, title=f"Tilts savējiem {i}", is_public=False)
        factories.agenda_item(other_meeting, title=f"Tilts citiem {i}", is_public=False)
    member = factories.user()
    factories.council_role(member, own, CouncilRoleKind.MEMBER_ACCESS)
    officer = factories.user(role=GlobalRole.OFFICER)
    db.session.commit()
    # The newest two of what each may see, public or closed alike.
    for user, newest in ((None, {"Tilts atklāts 2", "Tilts atklāts 1"}),
                         (member, {"Tilts atklāts 2", "Tilts savējiem 2"}),
                         (officer, {"Tilts savējiem 2", "Tilts citiem 2"})):
        results = svc.search("tilts", user)
        assert results.more == {"agenda_item"} and set(_titles(results)) == newest
        assert set(_titles(svc.search("tilts savej", user))) == (
            set() if user is None else {"Tilts savējiem 2", "Tilts savējiem 1"})


def test_equal_ranks_come_newest_first_across_public_and_closed(app):
    """Matches that rank alike (the same words) come newest object first, for an officer the
    public and closed entries interleaved; the page is one statement plus the counts."""
    meeting = _published_meeting()
    made = [factories.agenda_item(meeting, title="Tilta remonts", is_public=i % 2 == 0)
            for i in range(6)]
    db.session.commit()
    officer = factories.user(role=GlobalRole.OFFICER)
    newest_first = [item.id for item in reversed(made)]
    results = svc.search("tilta remonts", officer, kind=SearchKind.AGENDA_ITEM)
    assert [e.object_id for e in results.items] == newest_first
    visitor = svc.search("tilta remonts", None, kind=SearchKind.AGENDA_ITEM)
    assert [e.object_id for e in visitor.items] == [i for i in newest_first
                                                     if db.session.get(AgendaItem, i).is_public]


def test_both_databases_rank_alike_by_term_frequency_and_length(app):
    """Ranking is BM25's term weighting over the entry's words (`_rank`), computed in SQL the
    same way on SQLite and PostgreSQL: more words starting with a term first, then shorter
    entries; every term counts."""
    meeting = _published_meeting()
    for title, description in [
        ("Tilts", "Tilta remonts, tilta krāsošana, tilti un tiltiņi."),  # 5 × "tilt"
        ("Tilts", "Ilgs apraksts par tiltu un daudziem citiem darbiem pagasta ceļos šogad."),
        ("Tilts", "Tilta remonts."),  # 2 × "tilt", short
        ("Tilts", "Tilta remonts, remonta tāme, remontdarbi."),  # "tilt" 2 ×, "remont" 3 ×
    ]:
        factories.agenda_item(meeting, title=title, description=description)
    db.session.commit()
    assert [e.body for e in svc.search("tilt", None).items] == [
        "Tilta remonts, tilta krāsošana, tilti un tiltiņi.",
        "Tilta remonts.",
        "Tilta remonts, remonta tāme, remontdarbi.",
        "Ilgs apraksts par tiltu un daudziem citiem darbiem pagasta ceļos šogad.",
    ]
    assert [e.body for e in svc.search("tilt remont", None).items][0] == (
        "Tilta remonts, remonta tāme, remontdarbi.")
