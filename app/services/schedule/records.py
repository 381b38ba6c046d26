"""The event's records a schedule refers to, loaded in a few queries for the schedule pages.

A schedule names sessions, teams, partners, coaches and rooms by scheduler key (s12, t3, p40,
c7, r2); the pages need their names, skills and availability. Everything comes from a handful
of column queries whatever the event's size (no per-cell queries), read into plain slotted
rows: the grid at ten times the demo touches each of them thousands of times, and ORM
attribute access there cost more than the queries.
"""
from dataclasses import dataclass, field
from datetime import datetime

from app.extensions import db
from app.formatting import format_when
from app.models import Enterprise, Event, EventSession, Person, Room
from app.models.people import person_sessions
from app.services.registration import skill_labels


@dataclass(slots=True)
class SessionRow:
    id: int
    key: str
    title: str
    stage: str | None
    kind: str
    starts_at: datetime
    ends_at: datetime
    when: str = ""          # "Sat 09:00–10:30" in the page's language


@dataclass(slots=True)
class TeamRow:
    id: int
    key: str
    name: str
    needs: dict
    size: int = 0


@dataclass(slots=True)
class PersonRow:
    id: int
    key: str
    name: str
    role: str
    skills: list
    max_teams: int | None


@dataclass(slots=True)
class RoomRow:
    id: int
    key: str
    name: str
    capacity: int
    max_teams: int


@dataclass
class ScheduleRecords:
    sessions: list[SessionRow]              # every session, in time order
    sparring: list[SessionRow]              # those that get meetings
    teams: list[TeamRow]                    # accepted teams, by name
    partners: list[PersonRow]               # accepted partners, by name
    coaches: list[PersonRow]                # accepted coaches, by name
    rooms: list[RoomRow]
    available: dict[str, set[str]]          # partner key -> session keys they can come to
    skills: dict[str, str]                  # skill tag -> label
    by_key: dict[str, object] = field(default_factory=dict)
    team_size: dict[str, int] = field(default_factory=dict)

    def name(self, key: str) -> str:
        record = self.by_key.get(key)
        if record is None:
            return key
        return record.title if isinstance(record, SessionRow) else record.name


def load_records(event: Event) -> ScheduleRecords:
    sessions = [SessionRow(sid, f"s{sid}", title, stage, kind, start, end,
                           f"{format_when(start, 'EEE HH:mm')}–{end:%H:%M}")
                for sid, title, stage, kind, start, end in db.session.execute(
                    db.select(EventSession.id, EventSession.title, EventSession.stage,
                              EventSession.kind, EventSession.starts_at, EventSession.ends_at)
                    .filter_by(event_id=event.id)
                    .order_by(EventSession.starts_at, EventSession.id))]
    teams = [TeamRow(tid, f"t{tid}", name, needs or {})
             for tid, name, needs in db.session.execute(
                 db.select(Enterprise.id, Enterprise.name, Enterprise.needs)
                 .filter_by(event_id=event.id, status="accepted")
                 .order_by(Enterprise.name, Enterprise.id))]
    # Team size as Enterprise.size counts it: the members who have not withdrawn.
    sizes = dict(db.session.execute(
        db.select(Person.enterprise_id, db.func.count(Person.id))
        .join(Enterprise, Enterprise.id == Person.enterprise_id)
        .filter(Enterprise.event_id == event.id, Enterprise.status == "accepted",
                Person.status != "withdrawn")
        .group_by(Person.enterprise_id)).all())
    for team in teams:
        team.size = sizes.get(team.id, 0)
    people = [PersonRow(pid, ("p" if role == "partner" else "c") + str(pid), name, role,
                        list(skills or []), max_teams)
              for pid, name, role, skills, max_teams in db.session.execute(
                  db.select(Person.id, Person.name, Person.role, Person.skills, Person.max_teams)
                  .filter(Person.event_id == event.id, Person.status == "accepted",
                          Person.role.in_(("partner", "coach")))
                  .order_by(Person.name, Person.id))]
    rooms = [RoomRow(rid, f"r{rid}", name, capacity, max_teams)
             for rid, name, capacity, max_teams in db.session.execute(
                 db.select(Room.id, Room.name, Room.capacity, Room.max_teams)
                 .filter_by(event_id=event.id).order_by(Room.name, Room.id))]
    partners = [p for p in people if p.role == "partner"]
    available: dict[str, set[str]] = {p.key: set() for p in partners}
    rows = db.session.execute(
        db.select(person_sessions.c.person_id, person_sessions.c.session_id)
        .join(Person, Person.id == person_sessions.c.person_id)
        .filter(Person.event_id == event.id, Person.role == "partner",
                Person.status == "accepted"))
    for person_id, session_id in rows:
        available[f"p{person_id}"].add(f"s{session_id}")
    records = ScheduleRecords(
        sessions=sessions, sparring=[s for s in sessions if s.kind == "sparring"],
        teams=teams, partners=partners, coaches=[p for p in people if p.role == "coach"],
        rooms=rooms, available=available, skills=skill_labels(event))
    for record in [*sessions, *teams, *people, *rooms]:
        records.by_key[record.key] = record
    records.team_size = {t.key: t.size for t in teams}
    return records
