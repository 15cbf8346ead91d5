"""Calendars of learning-network meetings: one ``.ics`` file per network, upcoming meetings only.

Times in content are South African Standard Time (UTC+2, no daylight saving);
the file gives them in UTC, which every calendar program converts, so no
time-zone definition is needed. A date without a time is an all-day event.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event

from generator.model.connections import Meeting
from generator.model.entities import Network
from generator.site.samples import sample_note, titled

SAST = ZoneInfo("Africa/Johannesburg")


def split_meetings(network: Network, today: dt.date) -> tuple[list[Meeting], list[Meeting]]:
    """(upcoming, past) on ``today``: upcoming soonest first, past latest first."""
    upcoming = [m for m in network.meetings if m.is_upcoming(today)]
    past = [m for m in network.meetings if not m.is_upcoming(today)]
    return sorted(upcoming, key=lambda m: m.start), sorted(past, key=lambda m: m.start, reverse=True)


def network_calendar(network: Network, today: dt.date, page_url: str = "") -> str:
    """The ``.ics`` text for ``network``'s upcoming meetings; ``page_url`` is the network page's address."""
    calendar = Calendar()
    calendar.add("prodid", "-//Lekgotla//Learning network meetings//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", titled(network.title, network))
    stamp = dt.datetime.combine(today, dt.time(), tzinfo=dt.timezone.utc)  # the build date: the same build, the same file
    for meeting in split_meetings(network, today)[0]:
        event = Event()
        event.add("uid", f"{network.id}-{meeting.start.replace(' ', 'T').replace(':', '')}@lekgotla")
        event.add("dtstamp", stamp)
        start, end = event_times(meeting)
        event.add("dtstart", start)
        event.add("dtend", end)
        # A sample network's meetings are made up: said in the summary a calendar shows and first in
        # the description, so that no one plans to attend one.
        event.add("summary", titled(f"{network.title}: {meeting.topic}", network))
        if meeting.where:
            event.add("location", meeting.where)
        note = sample_note(network, "meeting")
        description = [*([note] if note else []), meeting.topic, f"Online: {'yes' if meeting.online else 'no'}"]
        if page_url:
            description.append(f"How to join and the meeting's papers: {page_url}")
            event.add("url", page_url)
        event.add("description", "\n".join(description))
        calendar.add_component(event)
    return calendar.to_ical().decode("utf-8")


def event_times(meeting: Meeting) -> tuple[dt.date | dt.datetime, dt.date | dt.datetime]:
    """Start and end as a calendar stores them: UTC times, or dates with the end day excluded."""
    if " " not in meeting.start:
        return meeting.first_day, meeting.last_day + dt.timedelta(days=1)
    start = _utc(meeting.start)
    if not meeting.end:
        return start, start + dt.timedelta(hours=2)
    if " " not in meeting.end:  # until the end of that day
        return start, _utc(meeting.end + " 23:59")
    return start, _utc(meeting.end)


def _utc(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=SAST).astimezone(dt.timezone.utc)
