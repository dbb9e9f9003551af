"""Export builders against minimal scripts writing the same content with the raw libraries.

Ours: council.exports.minutes_docx.build (styles, language, page numbers, tables …) and
council.exports.ics.calendar_bytes (VTIMEZONE, folding, SEQUENCE …). Raw: python-docx adding
the same paragraphs and table cells to a blank document; icalendar adding the same events with
the same properties, the feed's properties and the same VTIMEZONE, checked to give the same
bytes as ours. The ratio is the price of a real document over a bare one, and for the calendar
the price of computing the content from the meetings.
"""

from __future__ import annotations

import os
import time
from datetime import timedelta
from io import BytesIO

import docx
import icalendar


def _best(fn, rounds: int) -> float:
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def _raw_docx(paragraphs: list[str], tables: list[list[list[str]]]) -> bytes:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    for rows in tables:
        table = document.add_table(rows=len(rows), cols=max(len(r) for r in rows))
        for i, row in enumerate(rows):
            for j, text in enumerate(row):
                table.cell(i, j).text = text
    out = BytesIO()
    document.save(out)
    return out.getvalue()


def _raw_ics(events: list[dict], name: str, timezone: icalendar.Timezone) -> bytes:
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Padome//Iedzīvotāju padomes//LV")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("name", name)
    calendar.add("x-wr-timezone", "Europe/Riga")
    calendar.add("refresh-interval", timedelta(hours=1), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", icalendar.vDuration(timedelta(hours=1)))
    calendar.add_component(timezone)
    for values in events:
        event = icalendar.Event()
        for key, value in values.items():
            event.add(key, value)
        calendar.add_component(event)
    return calendar.to_ical()


def compare(database_url: str, rounds: int = 40) -> list[tuple[str, float, float]]:
    os.environ["DATABASE_URL"] = database_url
    from flask_login import AnonymousUserMixin
    from sqlalchemy import func, select

    from council import create_app
    from council.exports import ics, minutes_docx
    from council.extensions import db
    from council.models import AgendaItem, Council, Meeting, Minutes, MinutesStatus, utcnow
    from council.services import feeds as feed_service
    from council.services import minutes as minutes_service

    app = create_app()
    results = []
    with app.test_request_context():
        meeting_id = db.session.scalar(
            select(Meeting.id).join(Minutes, Minutes.meeting_id == Meeting.id)
            .join(AgendaItem, AgendaItem.meeting_id == Meeting.id)
            .where(Minutes.status == MinutesStatus.APPROVED)
            .group_by(Meeting.id).order_by(func.count(AgendaItem.id).desc(), Meeting.id)
            .limit(1))
        meeting = minutes_service.load_meeting(meeting_id)
        protocol = minutes_service.protocol_for(meeting, AnonymousUserMixin())
        ours = minutes_docx.build(protocol)
        built = docx.Document(BytesIO(ours))
        paragraphs = [p.text for p in built.paragraphs]
        tables = [[[c.text for c in row.cells] for row in t.rows] for t in built.tables]
        results.append((f"minutes .docx ({len(paragraphs)} ¶)",
                        _best(lambda: minutes_docx.build(protocol), rounds),
                        _best(lambda: _raw_docx(paragraphs, tables), rounds)))

        council = db.session.get(Council, meeting.council_id)
        meetings = feed_service.feed_meetings(
            feed_service.public_condition(utcnow(), council),
            limit=app.config["FEED_MAX_EVENTS"]).meetings

        def url(m):
            return f"http://bench.example/meetings/{m.id}"

        def build_ours():
            return ics.calendar_bytes(meetings, name=council.name, host="bench.example",
                                      url_for=url)

        # The raw side is given every property value of every event and a ready VTIMEZONE,
        # and must write the same calendar as ours, byte for byte: a bare calendar is cheaper,
        # but TZID=Europe/Riga without its VTIMEZONE is not valid RFC 5545.
        events = [{key.lower(): event.decoded(key) for key in event} for event in (
            ics.meeting_event(m, host="bench.example", url=url(m), include_closed=False)
            for m in meetings)]
        timezone = ics.riga_vtimezone()
        if _raw_ics(events, council.name, timezone) != build_ours():
            raise AssertionError("the raw .ics does not write the same calendar as ours")
        results.append((f"council .ics ({len(meetings)} ev.)", _best(build_ours, rounds),
                         _best(lambda: _raw_ics(events, council.name, timezone), rounds)))
        db.session.remove()
        db.engine.dispose()
    return results
