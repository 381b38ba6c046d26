"""A person's agenda as an RFC 5545 calendar, and the SEQUENCE of each of its entries.

The publish stores a digest of each entry (CalendarEntry); when an entry's content differs
from the stored digest its SEQUENCE rises by one, so calendar apps replace their copy.
"""
import hashlib
from datetime import UTC, datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

import icalendar
from icalendar.parser import Contentlines

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


def _event_sequences(plan: Plan) -> dict[int, dict[str, int]]:
    """person id -> uid -> SEQUENCE for the whole event, read once per plan (many calendars)."""
    found = plan.cache.get("sequences")
    if found is None:
        found = plan.cache["sequences"] = {}
        for person_id, uid, sequence in db.session.execute(
                db.select(CalendarEntry.person_id, CalendarEntry.uid, CalendarEntry.sequence)
                .join(Person, Person.id == CalendarEntry.person_id)
                .filter(Person.event_id == plan.event.id)):
            found.setdefault(person_id, {})[uid] = sequence
    return found


def calendar_ics(person: Person, with_items: bool = True, plan: Plan | None = None) -> bytes:
    """The agenda as an RFC 5545 calendar with the event's time zone (TZID + VTIMEZONE).

    Without items (a rejected or withdrawn person) the calendar is empty, so calendar apps
    that subscribed to it drop the events they had. `plan`: the schedule loaded once for many
    calendars (printing or checking everyone's), else loaded for this person."""
    event = db.session.get(Event, person.event_id)
    zone = event_zone(event)
    calendar = _AgendaCalendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", event.name)
    stamp = datetime.now(UTC).replace(microsecond=0)
    seq = {} if not with_items else sequences(person) if plan is None else \
        _event_sequences(plan).get(person.id, {})
    for item in agenda_for(person, plan) if with_items else []:
        entry = icalendar.Event()
        entry.add("uid", item.uid)
        entry.add("dtstamp", stamp)
        entry.add("sequence", seq.get(item.uid, 0))
        entry.add("dtstart", _moment(item.starts_at, zone))
        entry.add("dtend", _moment(item.ends_at, zone))
        entry.add("summary", item.title)
        if item.place:
            entry.add("location", item.place)
        if item.details:
            entry.add("description", "\n".join(item.details))
        calendar.add_component(entry)
    # What add_missing_timezones() would add (VTIMEZONE first), built once and reused.
    for position, tzid in enumerate(sorted(calendar.get_missing_tzids())):
        if (timezone := _vtimezone(tzid)) is not None:
            calendar.subcomponents.insert(position, timezone)
    return calendar.to_ical()


class _FoldedOnce(Contentlines):
    """Content lines whose folded form is remembered: most lines of everyone's calendars are
    the same (the VTIMEZONE, a session's times, title and place), and icalendar folds each
    line character by character. Folding is still icalendar's (Contentline.to_ical)."""

    def to_ical(self):
        return b"\r\n".join(_folded(line) for line in self if line) + b"\r\n"


_FOLDED: dict[str, bytes] = {}


def _folded(line) -> bytes:
    found = _FOLDED.get(line)
    if found is None:
        if len(_FOLDED) > 50_000:  # bounded: a process printing many events stays small
            _FOLDED.clear()
        found = _FOLDED[str(line)] = line.to_ical()
    return found


_LINES: dict[tuple, object] = {}
_SHARED_VALUES: dict[int, object] = {}  # id() -> the cached session times (kept alive here)


class _AgendaCalendar(icalendar.Calendar):
    def content_line(self, name, value, sorted: bool = True):  # noqa: A002 (icalendar's name)
        """icalendar's content line, remembered for values that many calendars share: text
        without parameters (titles, places, descriptions) by its text, the cached session
        times by identity. Others (UID, DTSTAMP, SEQUENCE...) are made each time."""
        if isinstance(value, bytes):  # BEGIN and END
            key = (name, value)
        elif name != "UID" and isinstance(value, str) and not getattr(value, "params", None):
            key = (name, type(value), str(value))
        elif _SHARED_VALUES.get(id(value)) is value:
            key = (name, id(value))
        else:
            return super().content_line(name, value, sorted=sorted)
        line = _LINES.get(key)
        if line is None:
            if len(_LINES) > 50_000:  # bounded, as _FOLDED
                _LINES.clear()
            line = _LINES[key] = super().content_line(name, value, sorted=sorted)
        return line

    def content_lines(self, sorted: bool = True):  # noqa: A002 (icalendar's name)
        """icalendar's content lines, but those of the shared VTIMEZONE written once: its
        RDATE lists are most of the work of a whole calendar."""
        own = self.property_items(recursive=False, sorted=sorted)  # BEGIN, properties, END
        lines = _FoldedOnce(self.content_line(name, value, sorted=sorted)
                            for name, value in own[:-1])
        for component in self.subcomponents:
            tzid = _SHARED.get(id(component))
            if tzid is not None:
                lines += _timezone_lines(tzid)
            else:
                lines += component.content_lines(sorted=sorted)[:-1]
        lines.append(self.content_line(*own[-1], sorted=sorted))
        lines.append("")  # as icalendar ends them
        return lines


_SHARED: dict[int, str] = {}  # id() of each cached VTIMEZONE (kept alive by the cache) -> TZID


@lru_cache(maxsize=16)
def _timezone_lines(tzid: str) -> tuple:
    return tuple(_vtimezone(tzid).content_lines()[:-1])


_MOMENTS: dict[tuple, icalendar.vDDDTypes] = {}


def _moment(wall_time: datetime, zone: ZoneInfo) -> icalendar.vDDDTypes:
    """A session's start or end with its TZID, built once (shared by every calendar with it;
    never changed after)."""
    value = _MOMENTS.get((wall_time, zone))
    if value is None:
        if len(_MOMENTS) > 10_000:  # bounded; lines keyed by these ids go with them
            _MOMENTS.clear()
            _SHARED_VALUES.clear()
            _LINES.clear()
        value = _MOMENTS[wall_time, zone] = icalendar.vDDDTypes(wall_time.replace(tzinfo=zone))
        _SHARED_VALUES[id(value)] = value
    return value


@lru_cache(maxsize=16)
def _vtimezone(tzid: str) -> icalendar.Timezone | None:
    """The VTIMEZONE of a zone, built once per process: building it takes ~12 ms (every
    transition 1970-2038), as long as writing the rest of a whole agenda. Never changed after,
    so every calendar can share it."""
    try:
        timezone = icalendar.Timezone.from_tzid(tzid)
    except ValueError:  # unknown zone: add_missing_timezones() leaves it out too
        return None
    _SHARED[id(timezone)] = tzid
    return timezone


def update_sequences(people: list[Person], plan: Plan, before: Plan) -> int:
    """Store each person's entries under `plan` and raise the SEQUENCE of those that changed;
    the caller commits. Returns how many entries were revised.

    An entry without a stored digest was last shown as it is under `before` (the previously
    published plan, or the bare timetable) with SEQUENCE 0: it starts at 1 if it differs from
    that, else at 0. Entries are digested in English so the page's language does not count."""
    from flask_babel import force_locale

    if not people:
        return 0
    # One SELECT of every stored entry of the event (columns only, no ORM objects), one bulk
    # UPDATE of the changed ones and one INSERT of the new ones.
    stored = {(person_id, uid): (entry_id, digest_, sequence) for entry_id, person_id, uid,
              digest_, sequence in db.session.execute(
                  db.select(CalendarEntry.id, CalendarEntry.person_id, CalendarEntry.uid,
                            CalendarEntry.digest, CalendarEntry.sequence)
                  .join(Person, Person.id == CalendarEntry.person_id)
                  .filter(Person.event_id == people[0].event_id))}
    revised, new_rows, changed_rows = 0, [], []
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
                elif entry[1] != new:
                    changed_rows.append({"id": entry[0], "digest": new,
                                         "sequence": entry[2] + 1, "updated_at": now})
                    revised += 1
    if changed_rows:  # ORM bulk UPDATE by primary key: one executemany
        db.session.execute(db.update(CalendarEntry), changed_rows)
    if new_rows:  # one INSERT for all of them: a first publish writes every entry
        db.session.execute(db.insert(CalendarEntry), new_rows)
    return revised
