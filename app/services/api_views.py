"""What the JSON API shows: queries (no N+1) and serialisers for events, teams and people.

Ids are the integer database ids; `key` is the id the scheduler uses (t12, p3, c4, s5).
Times are local wall-clock times of the event's time zone in ISO 8601 without offset.
"""
from flask_babel import gettext as _
from sqlalchemy import func
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.models import Enterprise, Event, EventSession, Person, User
from app.models.people import ROLES
from app.services.listing import BadParameter, Listing, list_page
from app.urls import public_url

__all__ = ["BadParameter"]


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None


def session_view(session: EventSession) -> dict:
    return {"id": session.id, "key": session.key, "title": session.title,
            "start": _iso(session.starts_at), "end": _iso(session.ends_at),
            "stage": session.stage, "kind": session.kind, "place": session.place or ""}


def event_summary(event: Event) -> dict:
    """Public facts about the event; counts are accepted records."""
    people = dict(db.session.execute(
        db.select(Person.role, func.count()).filter_by(event_id=event.id, status="accepted")
        .group_by(Person.role)).all())
    teams = db.session.execute(db.select(func.count()).select_from(Enterprise).filter_by(
        event_id=event.id, status="accepted")).scalar_one()
    sessions = db.session.execute(db.select(EventSession).filter_by(event_id=event.id).order_by(
        EventSession.starts_at, EventSession.id)).scalars()
    return {
        "name": event.name, "venue": event.venue or "", "description": event.description or "",
        "starts_on": _iso(event.starts_on), "ends_on": _iso(event.ends_on),
        "timezone": event.timezone, "teams": int(teams),
        "partners": int(people.get("partner", 0)), "coaches": int(people.get("coach", 0)),
        "stages": list(event.stages or []), "sessions": [session_view(s) for s in sessions],
    }


def _contact(person: Person, with_email: bool) -> dict:
    view = {"id": person.id, "name": person.name}
    if with_email:
        view["email"] = person.email
    return view


def team_view(team: Enterprise, with_member_emails: bool) -> dict:
    return {
        "id": team.id, "key": team.key, "name": team.name, "stage": team.stage,
        "status": team.status, "organisation": team.organisation, "country": team.country,
        "challenge": team.challenge or "", "languages": list(team.languages or []),
        "needs": dict(team.needs or {}), "size": team.size,
        "coach": ({**_contact(team.coach, True), "key": team.coach.key} if team.coach else None),
        "members": [_contact(m, with_member_emails) for m in team.members],
    }


def _teams_statement(event: Event, viewer: User):
    statement = db.select(Enterprise).filter_by(event_id=event.id)
    if not viewer.is_organiser:
        statement = statement.filter_by(status="accepted")
    return statement


def _team_views(teams, viewer: User) -> list[dict]:
    views = []
    for team in teams:
        own = team.coach is not None and viewer.person_id == team.coach.id
        views.append(team_view(team, with_member_emails=viewer.is_organiser or own))
    return views


def wants_page(args) -> bool:
    """A client that names `page` or `per_page` gets one page; others get the whole list."""
    return "page" in args or "per_page" in args


def _paging(args) -> dict:
    return {name: args.get(name) for name in ("page", "per_page")}


# What team_view shows of members and coach: only those columns (a page has 200 teams).
_TEAM_LOADERS = (selectinload(Enterprise.members).load_only(Person.name, Person.email,
                                                               Person.status),
                 selectinload(Enterprise.coach).load_only(Person.name, Person.email,
                                                          Person.role))


def teams_for(event: Event, viewer: User) -> list[dict]:
    """Teams as a coach or organiser sees them: organisers all teams, coaches the accepted
    teams of the board; member emails only for organisers and the team's own coach."""
    statement = _teams_statement(event, viewer).options(*_TEAM_LOADERS).order_by(
        Enterprise.name, Enterprise.id)
    return _team_views(db.session.execute(statement).scalars(), viewer)


def teams_page(event: Event, viewer: User, args) -> tuple[list[dict], Listing]:
    """One page of teams_for (`page`, `per_page` in `args`; bad values raise BadParameter)."""
    listing = list_page(_teams_statement(event, viewer), _paging(args),
                        sorts={"name": Enterprise.name},
                        default_sort="name", id_column=Enterprise.id, loaders=_TEAM_LOADERS,
                        strict=True, clamp=False)
    return _team_views(listing.items, viewer), listing


def person_view(person: Person) -> dict:
    """A person as organisers see them in lists (relations as ids)."""
    view = {
        "id": person.id, "key": person.key, "name": person.name, "role": person.role,
        "email": person.email, "status": person.status, "organisation": person.organisation or "",
        "languages": list(person.languages or []), "skills": list(person.skills or []),
    }
    if person.role == "partner":
        view.update(partner_kind=person.partner_kind, max_sessions=person.max_sessions,
                    availability=[s.id for s in person.available_sessions],
                    wished_teams=[t.id for t in person.wished_teams])
    elif person.role == "coach":
        view.update(max_teams=person.max_teams, teams=[t.id for t in person.coached_teams])
    else:
        view["team"] = person.enterprise_id
    return view


def _people_statement(event: Event, role: str | None):
    if role and role not in ROLES:
        raise BadParameter(_("role: unknown role '%(role)s'; use one of %(roles)s", role=role,
                             roles=", ".join(ROLES)))
    statement = db.select(Person).filter_by(event_id=event.id)
    return statement.filter_by(role=role) if role else statement


_PERSON_LOADERS = (selectinload(Person.available_sessions), selectinload(Person.wished_teams),
                   selectinload(Person.coached_teams))


def people_list(event: Event, role: str | None) -> list[dict]:
    statement = _people_statement(event, role).options(*_PERSON_LOADERS).order_by(
        Person.role, Person.name, Person.id)
    return [person_view(p) for p in db.session.execute(statement).scalars()]


def people_page(event: Event, role: str | None, args) -> tuple[list[dict], Listing]:
    """One page of people_list, in the same order (role, name, id)."""
    statement = _people_statement(event, role).order_by(Person.role)
    listing = list_page(statement, _paging(args), sorts={"name": Person.name}, default_sort="name",
                        id_column=Person.id, loaders=_PERSON_LOADERS, strict=True, clamp=False)
    return [person_view(p) for p in listing.items], listing


def find_person(event: Event, person_id: int) -> Person | None:
    person = db.session.get(Person, person_id)
    return person if person is not None and person.event_id == event.id else None


def may_see_person(viewer: User, person_id: int) -> bool:
    """Organisers see everyone; an account linked to a person sees that person."""
    return viewer.is_organiser or (viewer.person_id is not None
                                   and viewer.person_id == person_id)


def person_detail(person: Person) -> dict:
    """One person with their team(s), personal page and calendar links (external URLs)."""
    view = person_view(person)
    team = person.enterprise
    view["team"] = {"id": team.id, "key": team.key, "name": team.name} if team else None
    if person.role == "coach":
        view["teams"] = [{"id": t.id, "key": t.key, "name": t.name} for t in person.coached_teams]
    if person.role == "partner":
        view["availability"] = [s.id for s in person.available_sessions]
        view["wished_teams"] = [{"id": t.id, "key": t.key, "name": t.name}
                                for t in person.wished_teams]
    view["agenda_url"] = public_url("participant.personal", token=person.token)
    view["calendar_url"] = public_url("participant.calendar", token=person.token)
    return view
