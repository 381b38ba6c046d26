"""The event's records a schedule refers to, loaded in a few queries for the schedule pages.

A schedule names sessions, teams, partners, coaches and rooms by scheduler key (s12, t3, p40,
c7, r2); the pages need their names, skills and availability. Everything comes from eight
queries whatever the event's size, so no page asks the database per cell.
"""
from dataclasses import dataclass, field

from sqlalchemy.orm import selectinload

from app.extensions import db
from app.models import Enterprise, Event, EventSession, Person, Room
from app.models.people import person_sessions
from app.services.registration import skill_labels


@dataclass
class ScheduleRecords:
    sessions: list[EventSession]            # every session, in time order
    sparring: list[EventSession]            # those that get meetings
    teams: list[Enterprise]                 # accepted teams, by name
    partners: list[Person]                  # accepted partners, by name
    coaches: list[Person]                   # accepted coaches, by name
    rooms: list[Room]
    available: dict[str, set[str]]          # partner key -> session keys they can come to
    skills: dict[str, str]                  # skill tag -> label
    by_key: dict[str, object] = field(default_factory=dict)
    team_size: dict[str, int] = field(default_factory=dict)

    def name(self, key: str) -> str:
        record = self.by_key.get(key)
        if record is None:
            return key
        return getattr(record, "title", None) if isinstance(record, EventSession) \
            else record.name


def load_records(event: Event) -> ScheduleRecords:
    sessions = list(db.session.execute(
        db.select(EventSession).filter_by(event_id=event.id)
        .order_by(EventSession.starts_at, EventSession.id)).scalars())
    teams = list(db.session.execute(
        db.select(Enterprise).filter_by(event_id=event.id, status="accepted")
        .options(selectinload(Enterprise.members))
        .order_by(Enterprise.name, Enterprise.id)).scalars())
    people = list(db.session.execute(
        db.select(Person).filter(Person.event_id == event.id, Person.status == "accepted",
                                 Person.role.in_(("partner", "coach")))
        .order_by(Person.name, Person.id)).scalars())
    rooms = list(db.session.execute(
        db.select(Room).filter_by(event_id=event.id).order_by(Room.name, Room.id)).scalars())
    partner_ids = {p.id for p in people if p.role == "partner"}
    available: dict[str, set[str]] = {f"p{pid}": set() for pid in partner_ids}
    rows = db.session.execute(
        db.select(person_sessions.c.person_id, person_sessions.c.session_id)
        .join(Person, Person.id == person_sessions.c.person_id)
        .filter(Person.event_id == event.id, Person.role == "partner",
                Person.status == "accepted"))
    for person_id, session_id in rows:
        available[f"p{person_id}"].add(f"s{session_id}")
    records = ScheduleRecords(
        sessions=sessions, sparring=[s for s in sessions if s.kind == "sparring"],
        teams=teams, partners=[p for p in people if p.role == "partner"],
        coaches=[p for p in people if p.role == "coach"], rooms=rooms, available=available,
        skills=skill_labels(event))
    for record in [*sessions, *teams, *people, *rooms]:
        records.by_key[record.key] = record
    records.team_size = {t.key: t.size for t in teams}
    return records
