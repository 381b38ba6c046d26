"""What scanners cache (the roster of valid codes) and who is missing before a session."""
from collections import defaultdict
from datetime import UTC, datetime

from sqlalchemy.orm import selectinload

from app.extensions import db
from app.models import CheckIn, CheckinCode, Enterprise, Event, EventSession, Person
from app.services.checkin.codes import REVOKED_STATUSES
from app.services.checkin.scans import ARRIVAL, iso_utc, team_name


def _checkpoints_by_person(event_id: int) -> dict[int, list[str]]:
    done = defaultdict(list)
    for person_id, checkpoint in db.session.execute(
            db.select(CheckIn.person_id, CheckIn.checkpoint).filter_by(event_id=event_id)
            .order_by(CheckIn.at)):
        done[person_id].append(checkpoint)
    return done


def roster(event: Event) -> list[dict]:
    """Every valid code with its person: what an offline scanner names people from. Every
    accepted person is on it (their code is issued when they are accepted); it only reads."""
    rows = db.session.execute(
        db.select(CheckinCode).join(Person, Person.id == CheckinCode.person_id)
        .where(CheckinCode.event_id == event.id, CheckinCode.revoked_at.is_(None),
               Person.status.not_in(REVOKED_STATUSES))
        .options(selectinload(CheckinCode.person).selectinload(Person.enterprise),
                 selectinload(CheckinCode.person).selectinload(Person.coached_teams))
        .order_by(CheckinCode.id)).scalars()
    done = _checkpoints_by_person(event.id)
    return [{"code": c.code, "person": c.person_id, "name": c.person.name,
             "role": c.person.role, "team": team_name(c.person),
             "checked_in": done.get(c.person_id, [])} for c in rows]


def expected_people(event: Event, session: EventSession) -> list[Person]:
    """Who the PUBLISHED schedule puts in the session: members of the teams meeting then,
    the partners they meet and the teams' coaches. A session without meetings (a plenary)
    expects every accepted person. Withdrawn and rejected people are never expected."""
    from app.services.schedule.store import published_schedule

    version = published_schedule(event)
    meetings = [m for m in (version.data.get("meetings", []) if version else [])
                if m.get("session") == session.key]
    people = db.select(Person).filter_by(event_id=event.id).where(
        Person.status.not_in(REVOKED_STATUSES))
    if session.kind != "sparring" or not meetings:
        if session.kind == "sparring":
            return []  # nothing published for it yet: nobody is expected
        return list(db.session.execute(people.filter_by(status="accepted")
                                       .order_by(Person.name)).scalars())
    team_ids = {_id(m.get("team"), "t") for m in meetings}
    partner_ids = {_id(m.get("partner"), "p") for m in meetings}
    coach_ids = {_id(c.get("coach"), "c") for c in version.data.get("coaches", [])
                 if _id(c.get("team"), "t") in team_ids}
    wanted = db.session.execute(people.where(
        Person.enterprise_id.in_(team_ids) | Person.id.in_(partner_ids | coach_ids))
        .order_by(Person.name)).scalars()
    return [p for p in wanted if p.role != "member" or p.enterprise_id in team_ids]


def _id(key, prefix: str) -> int | None:
    if isinstance(key, str) and key.startswith(prefix) and key[1:].isdigit():
        return int(key[1:])
    return None


def missing(event: Event, session: EventSession) -> list[dict]:
    """The people expected in the session who have checked in neither at arrival nor there."""
    done = _checkpoints_by_person(event.id)
    teams = {t.id: t.name for t in db.session.execute(
        db.select(Enterprise).filter_by(event_id=event.id)).scalars()}
    result = []
    for person in expected_people(event, session):
        seen = done.get(person.id, [])
        if ARRIVAL in seen or session.key in seen:
            continue
        result.append({"person": person.id, "name": person.name, "role": person.role,
                       "team": teams.get(person.enterprise_id) if person.role == "member"
                       else team_name(person)})
    return result


def missing_view(event: Event, session: EventSession) -> dict:
    return {"session": session.key, "title": session.title,
            "start": session.starts_at.isoformat(), "missing": missing(event, session),
            "at": iso_utc(datetime.now(UTC).replace(tzinfo=None))}


def arrivals_by_role_and_day(event: Event) -> list[dict]:
    """Arrival counts per day (the event's time zone) and role, for the dashboard."""
    from app.services.agenda import event_zone

    zone = event_zone(event)
    counts: dict[tuple, int] = defaultdict(int)
    for at, role in db.session.execute(
            db.select(CheckIn.at, Person.role).join(Person, Person.id == CheckIn.person_id)
            .where(CheckIn.event_id == event.id, CheckIn.checkpoint == ARRIVAL)):
        day = at.replace(tzinfo=UTC).astimezone(zone).date()
        counts[(day, role)] += 1
    days = sorted({day for day, _role in counts})
    return [{"day": day, "roles": {role: n for (d, role), n in counts.items() if d == day},
             "total": sum(n for (d, _r), n in counts.items() if d == day)} for day in days]
