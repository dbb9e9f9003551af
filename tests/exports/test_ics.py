"""The iCalendar builder, read back by three independent parsers (TESTING.md): icalendar,
vobject and ics. Riga time across daylight saving, Latvian text intact, RFC 5545 folding."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import ics as ics_lib
import pytest
import vobject

from council.exports import ics
from council.extensions import db
from council.models import MeetingStatus
from tests import factories

RIGA = ZoneInfo("Europe/Riga")
HOST = "padome.example.lv"


def riga(y, m, d, h=18, minute=0):
    return datetime(y, m, d, h, minute, tzinfo=RIGA).astimezone(UTC)


@pytest.fixture
def council(app):
    muni = factories.municipality(name="Saldus novada pašvaldība")
    return factories.council(muni, name="Kursīšu pagasta iedzīvotāju padome")


def meeting(council, starts_at, **kw):
    m = factories.meeting(council, starts_at=starts_at, status=MeetingStatus.ANNOUNCED, **kw)
    factories.agenda_item(m, title="Par ielu apgaismojumu Kursīšu centrā",
                          presenter="Jānis Kalniņš")
    factories.agenda_item(m, title="Par Ņinas Žukovas iesniegumu", is_public=False)
    factories.agenda_item(m, title="Dažādi")
    db.session.flush()
    db.session.refresh(m)
    return m


def build(meetings, include_closed=False):
    return ics.calendar_bytes(meetings, name="Kursīšu pagasta iedzīvotāju padome — sēdes",
                              host=HOST, url_for=lambda m: f"https://{HOST}/meetings/{m.id}",
                              include_closed=include_closed)


# --- parsers --------------------------------------------------------------------------------------

def icalendar_events(data):
    return icalendar.Calendar.from_ical(data).walk("VEVENT")


def vobject_events(data):
    return vobject.readOne(data.decode("utf-8")).vevent_list


def ics_events(data):
    return sorted(ics_lib.Calendar(data.decode("utf-8")).events, key=lambda e: e.begin)


DST_CASES = [
    (riga(2026, 3, 29), 15),   # last Sunday of March, after the 03.00 change: UTC+3
    (riga(2026, 10, 25), 16),  # last Sunday of October, after the 04.00 change: UTC+2
    (riga(2026, 7, 16), 15),   # summer
    (riga(2026, 1, 15), 16),   # winter
]


@pytest.mark.parametrize("starts_at,utc_hour", DST_CASES)
def test_18_00_riga_is_18_00_in_every_parser(council, starts_at, utc_hour):
    assert starts_at.hour == utc_hour
    data = build([meeting(council, starts_at)])
    assert b"DTSTART;TZID=Europe/Riga:" + starts_at.astimezone(RIGA).strftime(
        "%Y%m%dT180000").encode() in data
    (ev,) = icalendar_events(data)
    assert ev.decoded("dtstart").astimezone(UTC) == starts_at
    assert ev.decoded("dtstart").astimezone(RIGA).hour == 18
    (vev,) = vobject_events(data)
    assert vev.dtstart.value.astimezone(UTC) == starts_at
    assert vev.dtend.value.astimezone(RIGA).hour == 20
    (iev,) = ics_events(data)
    assert iev.begin.to("UTC").datetime == starts_at
    assert iev.begin.to("Europe/Riga").hour == 18


def test_the_vtimezone_is_rule_based(council):
    data = build([meeting(council, riga(2026, 5, 5))])
    text = data.decode()
    assert "BEGIN:VTIMEZONE" in text and "TZID:Europe/Riga" in text
    assert "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3" in text
    assert "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10" in text
    assert "RDATE" not in text
    assert text.count("BEGIN:VTIMEZONE") == 1


def test_properties_and_latvian_text_in_every_parser(council):
    m = meeting(council, riga(2026, 5, 5), place="Kursīšu pagasta pārvalde, Skolas iela 1")
    data = build([m])
    text = data.decode()
    for prop in ("X-WR-CALNAME:", "REFRESH-INTERVAL;VALUE=DURATION:PT1H", "X-PUBLISHED-TTL:PT1H",
                 "DTSTAMP:", "PRODID:", "VERSION:2.0", "STATUS:CONFIRMED", "SEQUENCE:0"):
        assert prop in text, prop
    summary = f"Kursīšu pagasta iedzīvotāju padome — sēde Nr. {m.number}"
    (ev,) = icalendar_events(data)
    assert str(ev["summary"]) == summary
    assert str(ev["uid"]) == f"meeting-{m.id}@{HOST}"
    assert str(ev["location"]) == "Kursīšu pagasta pārvalde, Skolas iela 1"
    assert str(ev["url"]) == f"https://{HOST}/meetings/{m.id}"
    assert "1. Par ielu apgaismojumu Kursīšu centrā — ziņo Jānis Kalniņš" in str(ev["description"])
    assert str(icalendar.Calendar.from_ical(data)["x-wr-calname"]).startswith("Kursīšu")
    (vev,) = vobject_events(data)
    assert vev.summary.value == summary and "Kursīšu centrā" in vev.description.value
    (iev,) = ics_events(data)
    assert iev.name == summary and iev.location.startswith("Kursīšu pagasta")
    assert iev.uid == f"meeting-{m.id}@{HOST}"


def test_closed_items_only_in_members_feeds(council):
    m = meeting(council, riga(2026, 5, 5))
    public = build([m]).decode()
    assert "Ņinas" not in public.replace("\r\n ", "")
    (ev,) = icalendar_events(build([m]))
    assert "2. Slēgts jautājums" in str(ev["description"])
    (ev,) = icalendar_events(build([m], include_closed=True))
    assert "2. Par Ņinas Žukovas iesniegumu (slēgts jautājums)" in str(ev["description"])


def test_cancelled_and_postponed_meetings(council):
    m = meeting(council, riga(2026, 5, 5))
    m.status, m.cancel_reason, m.sequence = MeetingStatus.CANCELLED, "Nav kvoruma", 2
    other = meeting(council, riga(2026, 6, 9))
    other.postponed_from, other.postpone_reason, other.sequence = riga(2026, 6, 2), "Svētki", 1
    db.session.flush()
    data = build([m, other])
    first, second = icalendar_events(data)
    assert str(first["status"]) == "CANCELLED" and first["sequence"] == 2
    assert str(first["description"]).startswith("SĒDE ATCELTA. Nav kvoruma")
    assert str(second["status"]) == "CONFIRMED" and second["sequence"] == 1
    assert "Sēde pārcelta (iepriekš 02.06.2026. 18.00). Svētki" in str(second["description"])
    statuses = sorted(e.status for e in ics_events(data))
    assert statuses == ["CANCELLED", "CONFIRMED"]
    assert [v.status.value for v in vobject_events(data)] == ["CANCELLED", "CONFIRMED"]


def test_folding_never_splits_a_multibyte_character(council):
    long_title = "Par ļoti garu jautājumu ar garumzīmēm — ā č ē ģ ī ķ ļ ņ š ū ž " * 8
    m = meeting(council, riga(2026, 5, 5))
    factories.agenda_item(m, title=long_title[:500], description="Ūdens " * 300)
    m.place = "Ķ" * 150
    db.session.flush()
    db.session.refresh(m)
    data = build([m], include_closed=True)
    for line in data.split(b"\r\n"):
        assert len(line) <= 75, line
        line.decode("utf-8")  # each physical line is valid UTF-8 on its own
    (ev,) = icalendar_events(data)
    assert str(ev["location"]) == "Ķ" * 150
    assert long_title[:500].strip() in str(ev["description"])
    (vev,) = vobject_events(data)
    assert vev.location.value == "Ķ" * 150
    (iev,) = ics_events(data)
    assert iev.location == "Ķ" * 150


def test_a_non_riga_municipality_gets_utc_times(app):
    muni = factories.municipality(timezone="Europe/Vilnius")
    council = factories.council(muni)
    m = meeting(council, datetime(2026, 5, 5, 15, tzinfo=UTC))
    data = build([m])
    assert b"DTSTART:20260505T150000Z" in data and b"VTIMEZONE" not in data


def test_an_empty_feed_is_a_valid_calendar(app):
    data = build([])
    assert icalendar.Calendar.from_ical(data).walk("VEVENT") == []
    assert ics_lib.Calendar(data.decode()).events == set()
    assert vobject.readOne(data.decode()).name == "VCALENDAR"


def test_dtstamp_is_the_last_change(council):
    m = meeting(council, riga(2026, 5, 5))
    m.updated_at = datetime(2026, 4, 1, 8, 30, tzinfo=UTC)
    (ev,) = icalendar_events(build([m]))
    assert ev.decoded("dtstamp") == datetime(2026, 4, 1, 8, 30, tzinfo=UTC)
    assert ev.decoded("dtend") - ev.decoded("dtstart") == timedelta(hours=2)
