"""Everything agendas need from one schedule, loaded in a fixed number of queries.

A Plan is built once per request (or once per publish, for everyone) and every agenda is
read from it: no query per person or per item. Keys are the scheduler's (s12, t3, p5, c2, r1).
"""
from dataclasses import dataclass, field

from sqlalchemy.orm import selectinload

from app.extensions import db
from app.models import Enterprise, Event, EventSession, Person, Room
from app.services.labels import language_labels, skill_labels
from app.services.schedule.store import published_schedule


@dataclass
class Plan:
    event: Event
    version: int | None  # None: nothing published, agendas show the timetable
    sessions: list[EventSession]
    meetings: dict[tuple[str, str], list[str]] = field(default_factory=dict)  # (s, t) -> [p]
    by_partner: dict[str, dict[str, str]] = field(default_factory=dict)  # p -> {s: t}
    rooms: dict[tuple[str, str], str] = field(default_factory=dict)  # (s, t) -> r
    coach_of: dict[str, str] = field(default_factory=dict)  # t -> c
    teams: dict[str, Enterprise] = field(default_factory=dict)
    people: dict[str, Person] = field(default_factory=dict)  # partners and coaches by key
    room_names: dict[str, str] = field(default_factory=dict)
    skills: dict[str, str] = field(default_factory=dict)
    languages: dict[str, str] = field(default_factory=dict)

    @property
    def published(self) -> bool:
        return self.version is not None

    def teams_of_coach(self, coach_key: str) -> list[str]:
        return sorted((t for t, c in self.coach_of.items() if c == coach_key),
                      key=lambda t: self.team_name(t))

    def team_name(self, team_key: str) -> str:
        team = self.teams.get(team_key)
        return team.name if team else team_key

    def person_name(self, key: str) -> str:
        person = self.people.get(key)
        return person.name if person else key

    def room_name(self, room_key: str | None) -> str:
        return self.room_names.get(room_key, room_key or "")


def load_plan(event: Event, data: dict | None = None, version: int | None = None) -> Plan:
    """The plan of `data` (a schedule in the output format) or, without it, of the published
    version; with neither, a plan without meetings (the timetable only)."""
    if data is None:
        published = published_schedule(event)
        if published is not None:
            data, version = published.data, published.version
    sessions = db.session.execute(
        db.select(EventSession).filter_by(event_id=event.id)
        .order_by(EventSession.starts_at, EventSession.id)).scalars().all()
    teams = db.session.execute(
        db.select(Enterprise).filter_by(event_id=event.id)
        .options(selectinload(Enterprise.members), selectinload(Enterprise.coach))).scalars()
    plan = Plan(event=event, version=version, sessions=list(sessions),
                teams={t.key: t for t in teams})
    people = db.session.execute(db.select(Person).filter(
        Person.event_id == event.id, Person.role.in_(("partner", "coach")))
        .options(selectinload(Person.available_sessions))).scalars()
    plan.people = {p.key: p for p in people}
    plan.room_names = {r.key: r.name for r in db.session.execute(
        db.select(Room).filter_by(event_id=event.id)).scalars()}
    plan.skills, plan.languages = skill_labels(event), language_labels(event)
    # The board's coach assignment until a schedule says otherwise.
    plan.coach_of = {t.key: t.coach.key for t in plan.teams.values() if t.coach is not None}
    if data is not None:
        _read(plan, data)
    return plan


def _read(plan: Plan, data: dict) -> None:
    for meeting in data.get("meetings") or []:
        session, team, partner = meeting.get("session"), meeting.get("team"), \
            meeting.get("partner")
        plan.meetings.setdefault((session, team), []).append(partner)
        plan.by_partner.setdefault(partner, {})[session] = team
    for meetings in plan.meetings.values():
        meetings.sort(key=plan.person_name)
    plan.rooms = {(r.get("session"), r.get("team")): r.get("room")
                  for r in data.get("rooms") or []}
    coaches = {c.get("team"): c.get("coach") for c in data.get("coaches") or []}
    if coaches:
        plan.coach_of = coaches
