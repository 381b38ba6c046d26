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
    cache: dict = field(default_factory=dict)  # pieces shared by many agendas (items.py)

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


def load_plan(event: Event, data: dict | None = None, version: int | None = None,
              for_person: Person | None = None) -> Plan:
    """The plan of `data` (a schedule in the output format) or, without it, of the published
    version; with neither, a plan without meetings (the timetable only).

    With `for_person`, only the teams and people that person's agenda names are loaded (a
    personal page must not read the whole event); without, everyone's (publish, PDFs)."""
    if data is None:
        published = published_schedule(event)
        if published is not None:
            data, version = published.data, published.version
    sessions = db.session.execute(
        db.select(EventSession).filter_by(event_id=event.id)
        .order_by(EventSession.starts_at, EventSession.id)).scalars().all()
    plan = Plan(event=event, version=version, sessions=list(sessions))
    schedule_coaches = _read(plan, data or {})
    team_ids, people_ids = _needed(plan, schedule_coaches, for_person)
    teams = db.select(Enterprise).filter_by(event_id=event.id).options(
        selectinload(Enterprise.coach))
    if team_ids is not None:
        teams = teams.filter(Enterprise.id.in_(team_ids))
    plan.teams = {t.key: t for t in db.session.execute(teams).scalars()} \
        if team_ids is None or team_ids else {}
    # The board's coach assignment until a schedule says otherwise.
    table_coaches = {t.key: t.coach.key for t in plan.teams.values() if t.coach is not None}
    plan.coach_of = schedule_coaches or table_coaches
    if people_ids is not None:
        people_ids |= {_id(c) for c in plan.coach_of.values()} - {None}
    people = db.select(Person).filter(
        Person.event_id == event.id, Person.role.in_(("partner", "coach"))).options(
        selectinload(Person.available_sessions))
    if people_ids is not None:
        people = people.filter(Person.id.in_(people_ids))
    plan.people = {p.key: p for p in db.session.execute(people).scalars()} \
        if people_ids is None or people_ids else {}
    for meetings in plan.meetings.values():
        meetings.sort(key=plan.person_name)
    plan.room_names = {r.key: r.name for r in db.session.execute(
        db.select(Room).filter_by(event_id=event.id)).scalars()}
    plan.skills, plan.languages = skill_labels(event), language_labels(event)
    return plan


def _id(key) -> int | None:
    return int(key[1:]) if isinstance(key, str) and key[1:].isdigit() else None


def _read(plan: Plan, data: dict) -> dict[str, str]:
    """Meetings and rooms into the plan; returns the schedule's coaches (team -> coach)."""
    for meeting in data.get("meetings") or []:
        session, team, partner = meeting.get("session"), meeting.get("team"), \
            meeting.get("partner")
        plan.meetings.setdefault((session, team), []).append(partner)
        plan.by_partner.setdefault(partner, {})[session] = team
    plan.rooms = {(r.get("session"), r.get("team")): r.get("room")
                  for r in data.get("rooms") or []}
    return {c.get("team"): c.get("coach") for c in data.get("coaches") or []}


def _needed(plan: Plan, schedule_coaches: dict, person: Person | None):
    """(team ids, people ids) one person's agenda names; (None, None) for everyone."""
    if person is None:
        return None, None
    if person.role == "partner":
        teams = set(plan.by_partner.get(person.key, {}).values())
    elif person.role == "coach":
        teams = {t for t, c in schedule_coaches.items() if c == person.key} if \
            schedule_coaches else {t.key for t in person.coached_teams}
    else:
        teams = {f"t{person.enterprise_id}"} if person.enterprise_id else set()
    partners = {p for (_s, t), ps in plan.meetings.items() if t in teams for p in ps}
    team_ids = {i for t in teams if (i := _id(t)) is not None}
    people_ids = {i for p in partners | {person.key} if (i := _id(p)) is not None}
    return team_ids, people_ids
