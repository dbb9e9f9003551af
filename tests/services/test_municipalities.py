"""Several municipalities in one instance: which one a page means (never a silent "first one"),
the list on `/` with its counts, and the feed conditions per municipality."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from council.extensions import db
from council.models import CouncilStatus, Meeting, MeetingStatus, utcnow
from council.services import feeds
from council.services import municipalities as svc
from tests import factories


def test_choose_by_slug_the_only_one_or_nobody(app):
    assert svc.choose(None).municipality is None and not svc.choose(None).needs_choosing
    saldus = factories.municipality(name="Saldus novada pašvaldība", slug="saldus")
    only = svc.choose(None)
    assert only.municipality == saldus and not only.several and not only.needs_choosing
    kuldiga = factories.municipality(name="Kuldīgas novada pašvaldība", slug="kuldiga")
    several = svc.choose(None)
    assert several.municipality is None and several.several and several.needs_choosing
    assert svc.choose("kuldiga").municipality == kuldiga
    assert svc.choose("saldus").municipalities == [kuldiga, saldus]


def test_an_unknown_slug_is_refused_never_replaced_by_another_municipality(app):
    factories.municipality(slug="saldus")
    with pytest.raises(svc.UnknownMunicipality):
        svc.choose("nav-tadas")
    assert svc.get_by_slug("nav-tadas") is None


def test_municipalities_in_latvian_alphabetical_order(app):
    for name in ["Valmieras novada pašvaldība", "Ādažu novada pašvaldība",
                 "Alūksnes novada pašvaldība", "Cēsu novada pašvaldība"]:
        factories.municipality(name=name)
    assert [m.name.split()[0] for m in svc.all_municipalities()] == [
        "Ādažu", "Alūksnes", "Cēsu", "Valmieras"]
    # The filters' light list: the same order, ids and slugs.
    assert [(m.id, m.slug, m.name) for m in svc.municipality_names()] == [
        (m.id, m.slug, m.name) for m in svc.all_municipalities()]


def test_overview_counts_councils_and_finds_the_next_public_meeting(app):
    now = utcnow()
    a, b, empty = (factories.municipality() for _ in range(3))
    council = factories.council(a)
    factories.council(a)
    factories.council(a, status=CouncilStatus.DISSOLVED)
    factories.council(b)
    soon, later = now + timedelta(days=3), now + timedelta(days=9)
    factories.meeting(council, status=MeetingStatus.ANNOUNCED, starts_at=later)
    factories.meeting(council, status=MeetingStatus.ANNOUNCED, starts_at=soon)
    factories.meeting(council, status=MeetingStatus.ANNOUNCED, is_public=False,
                      starts_at=now + timedelta(days=1))
    factories.meeting(council, status=MeetingStatus.DRAFT, starts_at=now + timedelta(days=2))
    factories.meeting(council, status=MeetingStatus.ANNOUNCED, starts_at=now - timedelta(days=1))
    rows = {row.municipality.id: row for row in svc.overview([a, b, empty], now=now)}
    assert (rows[a.id].councils, rows[b.id].councils, rows[empty.id].councils) == (2, 1, 0)
    assert rows[a.id].next_meeting_at == soon
    assert rows[b.id].next_meeting_at is None and rows[empty.id].next_meeting_at is None


def test_overview_costs_two_queries_for_2_or_40_municipalities(app, count_queries):
    def measure():
        municipalities = svc.all_municipalities()
        with count_queries() as q:
            svc.overview(municipalities)
        return q.count

    for _ in range(2):
        factories.municipality_with_councils(1)
    small = measure()
    for _ in range(38):
        muni = factories.municipality_with_councils(3)
        council = factories.council(muni)
        factories.meeting(council, status=MeetingStatus.ANNOUNCED,
                          starts_at=utcnow() + timedelta(days=5))
    assert measure() == small == 2


def test_feed_names(app):
    assert svc.instance_feed_name() == "Padome"
    saldus = factories.municipality(name="Saldus novada pašvaldība")
    assert svc.instance_feed_name() == "Saldus novada pašvaldība — iedzīvotāju padomju sēdes"
    factories.municipality()
    assert svc.instance_feed_name() == "Iedzīvotāju padomju sēdes — visas pašvaldības"
    assert svc.feed_name(saldus) == "Saldus novada pašvaldība — iedzīvotāju padomju sēdes"


def test_a_municipality_feed_holds_its_own_councils_public_meetings(app):
    now = utcnow()
    a, b = factories.municipality(), factories.municipality()
    ours = [factories.meeting(factories.council(a), status=MeetingStatus.ANNOUNCED,
                              starts_at=now + timedelta(days=d)) for d in (1, 2)]
    factories.meeting(ours[0].council, status=MeetingStatus.ANNOUNCED, is_public=False,
                      starts_at=now + timedelta(days=3))
    theirs = factories.meeting(factories.council(b), status=MeetingStatus.ANNOUNCED,
                               starts_at=now + timedelta(days=1))
    found = feeds.feed_meetings(feeds.public_condition(now, municipality=a), limit=300, now=now)
    assert [m.id for m in found.meetings] == [m.id for m in ours] and not found.capped
    everything = db.session.scalars(select(Meeting.id).where(feeds.public_condition(now))).all()
    assert theirs.id in everything and all(m.id in everything for m in ours)
