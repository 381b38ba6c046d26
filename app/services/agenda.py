"""A person's agenda: the timetable entries that concern them, for the page and the calendar.

`agenda_for(person)` is the one place that decides what is on someone's agenda; the personal
page and the .ics file both use it. The published schedule adds its meetings here.
"""
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import icalendar

from app.extensions import db
from app.models import Event, Person

PRODID = "-//Hackathon matchmaker//Agenda//EN"


@dataclass(frozen=True)
class AgendaItem:
    """One entry of an agenda: a timetable session now, a meeting once a schedule exists."""

    uid: str  # stable per entry and person, so calendar apps update instead of duplicating
    title: str
    starts_at: datetime  # local wall-clock time in the event's time zone
    ends_at: datetime
    place: str = ""
    kind: str = "other"
    stage: str | None = None
    details: list[str] = field(default_factory=list)

    @property
    def day(self) -> date:
        return self.starts_at.date()


def agenda_for(person: Person) -> list[AgendaItem]:
    """The timetable for this person; partners see only the sparring sessions they offered."""
    event = db.session.get(Event, person.event_id)
    available = {s.id for s in person.available_sessions} if person.role == "partner" else None
    items = []
    for session in event.sessions:
        if session.kind == "sparring" and available is not None and session.id not in available:
            continue
        items.append(AgendaItem(
            uid=f"event{event.id}-s{session.id}-{person.key}@hackathon-matchmaker",
            title=session.title, starts_at=session.starts_at, ends_at=session.ends_at,
            place=session.place or "", kind=session.kind, stage=session.stage))
    return sorted(items, key=lambda item: (item.starts_at, item.title))


def event_zone(event: Event) -> ZoneInfo:
    try:
        return ZoneInfo(event.timezone or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def in_event_zone(moment: datetime, event: Event | None) -> datetime:
    """A moment stored as naive UTC (created_at, sent_at) as naive wall time of the event's
    place, which is how sessions are stored and how organisers read times."""
    zone = event_zone(event) if event is not None else ZoneInfo("UTC")
    return moment.replace(tzinfo=UTC).astimezone(zone).replace(tzinfo=None)


def calendar_ics(person: Person, with_items: bool = True) -> bytes:
    """The agenda as an RFC 5545 calendar with the event's time zone (TZID + VTIMEZONE).

    Without items (a rejected or withdrawn person) the calendar is empty, so calendar apps
    that subscribed to it drop the events they had."""
    event = db.session.get(Event, person.event_id)
    zone = event_zone(event)
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", event.name)
    stamp = datetime.now(UTC).replace(microsecond=0)
    for item in agenda_for(person) if with_items else []:
        entry = icalendar.Event()
        entry.add("uid", item.uid)
        entry.add("dtstamp", stamp)
        entry.add("dtstart", item.starts_at.replace(tzinfo=zone))
        entry.add("dtend", item.ends_at.replace(tzinfo=zone))
        entry.add("summary", item.title)
        if item.place:
            entry.add("location", item.place)
        if item.details:
            entry.add("description", "\n".join(item.details))
        calendar.add_component(entry)
    calendar.add_missing_timezones()
    return calendar.to_ical()
