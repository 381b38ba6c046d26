"""The timetable (sessions) and the rooms of the event."""
from datetime import date, datetime, time, timedelta
from itertools import groupby

from flask_babel import gettext as _
from flask_babel import ngettext

from app.extensions import db
from app.models import Event, EventSession, Person, Room
from app.models.event import SESSION_KINDS
from app.models.keys import text_key
from app.models.people import person_sessions
from app.services.checks import save_record
from app.services.record_checks import Problems, optional_text, text

# Far above any real room, and within the database's integer column.
ROOM_LIMITS = {"capacity": 10000, "max_teams": 1000}


def _event_record(model, event: Event, record_id: int):
    """A record of this event, or None (callers answer 404)."""
    record = db.session.get(model, record_id)
    return record if record is not None and record.event_id == event.id else None


# Sessions

def sessions_by_day(event: Event) -> list[tuple[date, list[tuple[EventSession, int]]]]:
    """The timetable day by day, each session with how many people list it as available."""
    sessions = db.session.execute(
        db.select(EventSession).filter_by(event_id=event.id)
        .order_by(EventSession.starts_at, EventSession.id)).scalars().all()
    available = dict(db.session.execute(
        db.select(person_sessions.c.session_id, db.func.count())
        .join(EventSession, EventSession.id == person_sessions.c.session_id)
        .filter(EventSession.event_id == event.id)
        .group_by(person_sessions.c.session_id)).all())
    by_day = groupby(sessions, key=lambda s: s.starts_at.date())
    return [(day, [(s, available.get(s.id, 0)) for s in items]) for day, items in by_day]


def get_session(event: Event, session_id: int) -> EventSession | None:
    return _event_record(EventSession, event, session_id)


def session_values(session: EventSession) -> dict:
    return {"title": session.title, "starts_at": session.starts_at, "ends_at": session.ends_at,
            "kind": session.kind, "stage": session.stage or "", "place": session.place}


def _checked_session_values(event: Event, values: dict) -> dict:
    problems = Problems()
    title = optional_text(values, "title", problems, 200)
    if not title:
        problems.add("title", _("give the session a title"))
    place = optional_text(values, "place", problems, 200)
    starts_at, ends_at = values.get("starts_at"), values.get("ends_at")
    if not isinstance(starts_at, datetime):
        problems.add("starts_at", _("give the start as date and time"))
    elif not _day_start(event.starts_on) <= starts_at < _day_end(event.ends_on):
        problems.add("starts_at", _event_days_message(event.starts_on, event.ends_on))
    if not isinstance(ends_at, datetime):
        problems.add("ends_at", _("give the end as date and time"))
    elif isinstance(starts_at, datetime) and ends_at <= starts_at:
        problems.add("ends_at", _("must be after the start (%(start)s)",
                                  start=starts_at.strftime("%Y-%m-%d %H:%M")))
    elif ends_at > _day_end(event.ends_on):
        problems.add("ends_at", _event_days_message(event.starts_on, event.ends_on))
    kind = text(values, "kind", problems)
    if kind not in SESSION_KINDS:
        problems.add("kind", _("choose one of %(kinds)s", kinds=", ".join(SESSION_KINDS)))
    stage = text(values, "stage", problems) or None
    if stage is not None and stage not in (event.stages or []):
        problems.add("stage", _("unknown stage '%(stage)s' (stages: %(stages)s)", stage=stage,
                                stages=", ".join(event.stages or [])))
    elif stage is None and kind == "sparring":
        problems.add("stage", _("a sparring session needs a stage: the solver matches skills "
                                "to the needs of that stage"))
    problems.raise_if_any()
    return {"title": title, "starts_at": starts_at, "ends_at": ends_at, "kind": kind,
            "stage": stage, "place": place}


def _day_start(day: date) -> datetime:
    return datetime.combine(day, time.min)


def _day_end(day: date) -> datetime:
    """A session may end at midnight after the day (a party until 24:00), no later."""
    return _day_start(day + timedelta(days=1))


def _event_days_message(first: date, last: date) -> str:
    return _("must be within the event's days, %(first)s to %(last)s",
             first=first.isoformat(), last=last.isoformat())


def _when(session: EventSession) -> str:
    """'Kick-off' (2023-09-22 18:00-19:00): a session named in a message."""
    return f"'{session.title}' ({session.starts_at:%Y-%m-%d %H:%M}-{session.ends_at:%H:%M})"


def sessions_outside(event: Event, first: date, last: date) -> dict[str, str]:
    """What keeps the event's days from becoming `first` to `last`: the sessions that would
    start before them ('starts_on') or end after them ('ends_on'), as messages."""
    sessions = db.session.execute(db.select(EventSession).filter_by(event_id=event.id)
                                  .order_by(EventSession.starts_at)).scalars().all()
    early = [_when(s) for s in sessions if s.starts_at < _day_start(first)]
    late = [_when(s) for s in sessions if s.ends_at > _day_end(last)]
    messages = {}
    for field, outside in (("starts_on", early), ("ends_on", late)):
        if outside:
            messages[field] = ngettext(
                "the session %(sessions)s would be outside the event's days; move or delete "
                "it first",
                "the sessions %(sessions)s would be outside the event's days; move or delete "
                "them first", len(outside), sessions=", ".join(outside))
    return messages


def overlap_warning(session: EventSession) -> str | None:
    """A warning when a sparring session overlaps other sparring sessions: a partner or a
    team cannot be in two at once (a warning, not a refusal: rooms may run side by side)."""
    if session.kind != "sparring":
        return None
    others = db.session.execute(db.select(EventSession).filter(
        EventSession.event_id == session.event_id, EventSession.kind == "sparring",
        EventSession.id != session.id, EventSession.starts_at < session.ends_at,
        EventSession.ends_at > session.starts_at).order_by(EventSession.starts_at)).scalars().all()
    if not others:
        return None
    return ngettext("%(session)s overlaps the sparring session %(others)s: nobody can be in "
                    "both at once.",
                    "%(session)s overlaps the sparring sessions %(others)s: nobody can be in "
                    "two at once.", len(others), session=_when(session),
                    others=", ".join(_when(s) for s in others))


def save_session(event: Event, values: dict, session: EventSession | None = None,
                 commit: bool = True) -> EventSession:
    """Create a session (session=None) or update one; raises ValidationFailed.

    With commit=False it only flushes, so a CSV import can save a whole file at once.
    """
    checked = _checked_session_values(event, values)
    if session is None:
        session = EventSession(event_id=event.id)
        db.session.add(session)
    for name, value in checked.items():
        setattr(session, name, value)
    save_record(None, commit)
    return session


def partners_available_in(session: EventSession) -> list[Person]:
    """People who list this session as available (partners, in practice)."""
    return list(db.session.execute(
        db.select(Person).join(person_sessions, person_sessions.c.person_id == Person.id)
        .filter(person_sessions.c.session_id == session.id)
        .order_by(Person.name)).scalars())


def delete_session(session: EventSession) -> int:
    """Delete a session and remove it from everyone's availability; returns how many lost it."""
    lost = db.session.execute(person_sessions.delete().where(
        person_sessions.c.session_id == session.id)).rowcount
    db.session.delete(session)
    db.session.commit()  # expires loaded people, so their available_sessions reload
    return lost or 0


# Rooms

def list_rooms(event: Event) -> list[Room]:
    return list(db.session.execute(
        db.select(Room).filter_by(event_id=event.id).order_by(Room.name)).scalars())


def get_room(event: Event, room_id: int) -> Room | None:
    return _event_record(Room, event, room_id)


def room_values(room: Room) -> dict:
    return {"name": room.name, "capacity": room.capacity, "max_teams": room.max_teams}


def save_room(event: Event, values: dict, room: Room | None = None,
              commit: bool = True) -> Room:
    """Create a room (room=None) or update one; raises ValidationFailed (commit as above)."""
    problems = Problems()
    name = optional_text(values, "name", problems, 120)
    if not name:
        problems.add("name", _("give the room a name"))
    elif "name" not in problems.errors:
        clash = db.session.execute(
            db.select(Room.id).filter(Room.event_id == event.id,
                                      Room.name_key == text_key(name),
                                      Room.id != (room.id if room else -1))).first()
        if clash:
            problems.add("name", _("a room called '%(name)s' exists already", name=name))
    for field, most in ROOM_LIMITS.items():
        value = values.get(field)
        if not isinstance(value, int) or value < 1:
            problems.add(field, _("must be a whole number of at least 1"))
        elif value > most:
            problems.add(field, _("at most %(max)s", max=most))
    problems.raise_if_any()
    if room is None:
        room = Room(event_id=event.id)
        db.session.add(room)
    room.name, room.capacity, room.max_teams = name, values["capacity"], values["max_teams"]
    save_record(None, commit)
    return room


def delete_room(room: Room) -> None:
    db.session.delete(room)
    db.session.commit()
