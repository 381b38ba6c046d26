"""Changes participants make themselves after a schedule was published, for the organisers.

Each change is measured against the published schedule: how many of its entries (meetings,
coach assignments) no longer hold ("Anna Huber withdrew: 3 meetings affected"). Organisers see
the open ones on the dashboard and mark them handled; a re-plan reads `absent_person_ids`.
"""
from dataclasses import dataclass, field
from datetime import datetime

from app.extensions import db
from app.models import Enterprise, Event, ParticipantChange, Person
from app.services.schedule.store import published_schedule


@dataclass
class Before:
    """What a person's or team's record said before a change (what the schedule relied on)."""

    status: str
    sessions: set[str] = field(default_factory=set)
    max_sessions: int | None = None
    languages: set[str] = field(default_factory=set)
    skills: set[str] = field(default_factory=set)
    max_teams: int | None = None
    size: int = 0
    members: list[str] = field(default_factory=list)
    needs: dict = field(default_factory=dict)
    wishes: set[str] = field(default_factory=set)


def before_person(person: Person) -> Before:
    return Before(status=person.status, sessions={s.key for s in person.available_sessions},
                  max_sessions=person.max_sessions, languages=set(person.languages or []),
                  skills=set(person.skills or []), max_teams=person.max_teams)


def before_team(team: Enterprise) -> Before:
    return Before(status=team.status, languages=set(team.languages or []), size=team.size,
                  members=[m.name for m in team.active_members],
                  needs={k: list(v) for k, v in (team.needs or {}).items()},
                  wishes={p.key for p in team.wished_partners})


def _person_kinds(person: Person, before: Before) -> list[str]:
    kinds = []
    if person.status == "withdrawn" and before.status != "withdrawn":
        kinds.append("withdrew")
    if {s.key for s in person.available_sessions} != before.sessions or \
            person.max_sessions != before.max_sessions:
        kinds.append("availability")
    if set(person.languages or []) != before.languages:
        kinds.append("languages")
    if set(person.skills or []) != before.skills:
        kinds.append("skills")
    if person.max_teams != before.max_teams:
        kinds.append("coach_limit")
    return kinds


def _team_kinds(team: Enterprise, before: Before) -> list[str]:
    kinds = []
    if team.status == "withdrawn" and before.status != "withdrawn":
        kinds.append("team_withdrew")
    if [m.name for m in team.active_members] != before.members:
        kinds.append("members")
    if set(team.languages or []) != before.languages:
        kinds.append("languages")
    if {k: list(v) for k, v in (team.needs or {}).items()} != before.needs or \
            {p.key for p in team.wished_partners} != before.wishes:
        kinds.append("details")
    return kinds


def _shares_language(a, b) -> bool:
    return bool(set(a or []) & set(b or []))


def _partner_entries(event: Event, person: Person, data: dict) -> int:
    meetings = [m for m in data.get("meetings") or [] if m.get("partner") == person.key]
    if person.status == "withdrawn":
        return len(meetings)
    available = {s.key for s in person.available_sessions}
    teams = {t.key: t for t in db.session.execute(db.select(Enterprise).filter_by(
        event_id=event.id)).scalars()}
    broken = [m for m in meetings if m.get("session") not in available
              or not _shares_language(person.languages, getattr(teams.get(m.get("team")),
                                                                "languages", None))]
    kept_sessions = {m.get("session") for m in meetings if m not in broken}
    limit = person.max_sessions
    over = max(0, len(kept_sessions) - limit) if limit is not None else 0
    return len(broken) + over


def _coach_entries(person: Person, data: dict) -> int:
    teams = [c for c in data.get("coaches") or [] if c.get("coach") == person.key]
    if person.status == "withdrawn":
        return len(teams)
    limit = person.max_teams
    return max(0, len(teams) - limit) if limit is not None else 0


def _team_entries(event: Event, team: Enterprise, data: dict) -> int:
    meetings = [m for m in data.get("meetings") or [] if m.get("team") == team.key]
    if team.status == "withdrawn":
        return len(meetings) + sum(1 for c in data.get("coaches") or []
                                   if c.get("team") == team.key)
    partners = {p.key: p for p in db.session.execute(db.select(Person).filter_by(
        event_id=event.id, role="partner")).scalars()}
    return sum(1 for m in meetings if not _shares_language(
        team.languages, getattr(partners.get(m.get("partner")), "languages", None)))


def record_person_change(person: Person, before: Before) -> ParticipantChange | None:
    """After a partner, coach or member changed their own data (before the commit)."""
    event = db.session.get(Event, person.event_id)
    published = published_schedule(event)
    kinds = _person_kinds(person, before)
    if published is None or not kinds:
        return None
    if person.role == "partner":
        affected = _partner_entries(event, person, published.data)
    elif person.role == "coach":
        affected = _coach_entries(person, published.data)
    else:
        affected = 0  # a member: the team's size is what the schedule relied on
    details = {}
    if person.role == "member" and "withdrew" in kinds and person.enterprise is not None:
        details = {"team": person.enterprise.name, "size": person.enterprise.size}
    return _add(event, published, kinds, affected, details, person=person,
                enterprise=person.enterprise)


def record_team_change(team: Enterprise, before: Before, by: Person) -> ParticipantChange | None:
    """After a team's contact person changed the team (or withdrew it)."""
    event = db.session.get(Event, team.event_id)
    published = published_schedule(event)
    kinds = _team_kinds(team, before)
    if published is None or not kinds:
        return None
    details = {"team": team.name, "by": by.name}
    if "members" in kinds:
        details.update(size_before=before.size, size=team.size)
    return _add(event, published, kinds, _team_entries(event, team, published.data), details,
                person=by, enterprise=team)


def _add(event, published, kinds, affected, details, *, person, enterprise):
    change = ParticipantChange(
        event_id=event.id, person_id=person.id if person else None,
        enterprise_id=enterprise.id if enterprise else None,
        person_name=person.name if person else "", kinds=kinds, details=details,
        schedule_version=published.version, meetings_affected=affected)
    db.session.add(change)
    return change


def open_changes(event: Event, limit: int | None = None) -> list[ParticipantChange]:
    statement = db.select(ParticipantChange).filter_by(event_id=event.id, handled_at=None) \
        .order_by(ParticipantChange.created_at.desc(), ParticipantChange.id.desc())
    if limit:
        statement = statement.limit(limit)
    return list(db.session.execute(statement).scalars())


def count_open_changes(event: Event) -> int:
    return db.session.execute(db.select(db.func.count()).select_from(ParticipantChange)
                              .filter_by(event_id=event.id, handled_at=None)).scalar_one()


def mark_handled(event: Event, change_id: int) -> ParticipantChange | None:
    change = db.session.get(ParticipantChange, change_id)
    if change is None or change.event_id != event.id:
        return None
    change.handled_at = datetime.utcnow()
    db.session.commit()
    return change


def absent_person_ids(event: Event) -> list[int]:
    """People who withdrew after the publish and are not handled yet: the re-plan's absent."""
    ids = set()
    for change in open_changes(event):
        if "withdrew" in change.kinds and change.person_id:
            ids.add(change.person_id)
        if "team_withdrew" in change.kinds and change.enterprise_id:
            ids.update(m.id for m in db.session.execute(db.select(Person).filter_by(
                enterprise_id=change.enterprise_id)).scalars())
    return sorted(ids)
