"""A person's agenda as an RFC 5545 calendar, and the SEQUENCE of each of its entries.

The publish stores a digest of each entry (CalendarEntry); when an entry's content differs
from the stored digest its SEQUENCE rises by one, so calendar apps replace their copy.
"""
import hashlib
from datetime import UTC, datetime

import icalendar

from app.extensions import db
from app.models import CalendarEntry, Event, Person
from app.services.agenda.items import AgendaItem, agenda_for
from app.services.agenda.plan import Plan
from app.services.agenda.zones import event_zone

PRODID = "-//Hackathon matchmaker//Agenda//EN"


def digest(item: AgendaItem) -> str:
    return hashlib.sha256(item.content().encode()).hexdigest()


def sequences(person: Person) -> dict[str, int]:
    """uid -> SEQUENCE of the person's entries (entries never published have none: 0)."""
    return dict(db.session.execute(db.select(CalendarEntry.uid, CalendarEntry.sequence)
                                   .filter_by(person_id=person.id)).all())


def calendar_ics(person: Person, with_items: bool = True, plan: Plan | None = None) -> bytes:
    """The agenda as an RFC 5545 calendar with the event's time zone (TZID + VTIMEZONE).

    Without items (a rejected or withdrawn person) the calendar is empty, so calendar apps
    that subscribed to it drop the events they had. `plan`: the schedule loaded once for many
    calendars (printing or checking everyone's), else loaded for this person."""
    event = db.session.get(Event, person.event_id)
    zone = event_zone(event)
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", event.name)
    stamp = datetime.now(UTC).replace(microsecond=0)
    seq = sequences(person) if with_items else {}
    for item in agenda_for(person, plan) if with_items else []:
        entry = icalendar.Event()
        entry.add("uid", item.uid)
        entry.add("dtstamp", stamp)
        entry.add("sequence", seq.get(item.uid, 0))
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


def update_sequences(people: list[Person], plan: Plan, before: Plan) -> int:
    """Store each person's entries under `plan` and raise the SEQUENCE of those that changed;
    the caller commits. Returns how many entries were revised.

    An entry without a stored digest was last shown as it is under `before` (the previously
    published plan, or the bare timetable) with SEQUENCE 0: it starts at 1 if it differs from
    that, else at 0. Entries are digested in English so the page's language does not count."""
    from flask_babel import force_locale

    ids = [p.id for p in people]
    stored = {}
    for chunk in range(0, len(ids), 500):
        stored.update(((e.person_id, e.uid), e) for e in db.session.execute(
            db.select(CalendarEntry).filter(CalendarEntry.person_id.in_(
                ids[chunk:chunk + 500]))).scalars())
    revised, new_rows = 0, []
    now = datetime.utcnow()
    with force_locale("en"):
        for person in people:
            previous = None
            for item in agenda_for(person, plan):
                new = digest(item)
                entry = stored.get((person.id, item.uid))
                if entry is None:
                    if previous is None:
                        previous = {i.uid: digest(i) for i in agenda_for(person, before)}
                    changed = previous.get(item.uid, new) != new
                    new_rows.append({"person_id": person.id, "uid": item.uid, "digest": new,
                                     "sequence": 1 if changed else 0, "updated_at": now})
                    revised += changed
                elif entry.digest != new:
                    entry.digest, entry.sequence, entry.updated_at = new, entry.sequence + 1, now
                    revised += 1
    if new_rows:  # one INSERT for all of them: a first publish writes every entry
        db.session.execute(db.insert(CalendarEntry), new_rows)
    return revised
