"""The organiser lists: what each one filters, sorts by and loads for the rows it shows.

Each function takes the event and the query-string arguments (a mapping of strings) and
returns a `listing.Listing`; paging and sorting are the shared ones of app/services/listing.py.
Filters (combinable; a value the list does not offer is ignored):
    enterprises  q, status, stage (or NONE: not started), country, coach (id or NONE: no
                 coach), skill (a need in any stage), language
    partners     q, status, skill, language, partner_kind
    coaches      q, status, skill, language
    conflicts    q (enterprise or partner name, or the reason)
    accounts     q (email or name), role
"""
from collections.abc import Mapping

from sqlalchemy import case, func
from sqlalchemy.orm import load_only, selectinload

from app.extensions import db
from app.models import Conflict, Enterprise, Event, EventSession, Person, User
from app.models.accounts import ACCOUNT_ROLES
from app.models.people import PARTNER_KINDS, STATUSES, person_sessions, team_coaches
from app.services import enterprises as enterprise_service
from app.services import people as people_service
from app.services.listing import (
    NONE,
    Listing,
    clean_filters,
    contains_text,
    json_list_has,
    json_lists_have,
    list_page,
    position,
    search_text,
)
from app.services.registration import language_labels, skill_labels


def _same(values) -> dict[str, str]:
    """{value: value}: options the page labels itself (statuses, stages, kinds)."""
    return {value: value for value in values}


def _coach_of_team():
    return (db.select(Person.name).join(team_coaches, team_coaches.c.coach_id == Person.id)
            .where(team_coaches.c.enterprise_id == Enterprise.id).limit(1).scalar_subquery())


def enterprise_options(event: Event) -> dict[str, dict[str, str]]:
    countries = db.session.execute(db.select(Enterprise.country).filter_by(
        event_id=event.id).distinct().order_by(Enterprise.country)).scalars()
    coaches = db.session.execute(db.select(Person.id, Person.name).filter_by(
        event_id=event.id, role="coach").order_by(Person.name, Person.id)).all()
    return {
        "status": _same(STATUSES),
        "stage": {NONE: ""} | _same(event.stages or []),
        "country": _same(countries),
        "coach": {NONE: ""} | {str(coach_id): name for coach_id, name in coaches},
        "skill": skill_labels(event),
        "language": language_labels(event),
    }


def enterprise_list(event: Event, args: Mapping) -> Listing:
    options = enterprise_options(event)
    filters = clean_filters(args, options)
    statement = db.select(Enterprise).filter(Enterprise.event_id == event.id)
    query = search_text(args)
    if query:
        statement = statement.filter(enterprise_service.search_clause(query))
    if filters["status"]:
        statement = statement.filter(Enterprise.status == filters["status"])
    if filters["stage"] == NONE:
        statement = statement.filter(Enterprise.stage.is_(None))
    elif filters["stage"]:
        statement = statement.filter(Enterprise.stage == filters["stage"])
    if filters["country"]:
        statement = statement.filter(Enterprise.country == filters["country"])
    if filters["coach"]:
        coached = db.select(team_coaches.c.enterprise_id).where(
            team_coaches.c.coach_id.is_not(None))
        if filters["coach"] == NONE:
            statement = statement.filter(Enterprise.id.not_in(coached))
        else:
            statement = statement.filter(Enterprise.id.in_(coached.where(
                team_coaches.c.coach_id == int(filters["coach"]))))
    if filters["skill"]:
        statement = statement.filter(json_lists_have(Enterprise.needs, filters["skill"]))
    if filters["language"]:
        statement = statement.filter(json_list_has(Enterprise.languages, filters["language"]))
    members = (db.select(func.count(Person.id)).where(Person.enterprise_id == Enterprise.id)
               .scalar_subquery())
    sorts = {
        "name": func.lower(Enterprise.name), "organisation": func.lower(Enterprise.organisation),
        "country": Enterprise.country, "members": members,
        "coach": func.lower(func.coalesce(_coach_of_team(), "")),
        "stage": position(Enterprise.stage, event.stages or []),
        "status": position(Enterprise.status, STATUSES), "registered": Enterprise.created_at,
    }
    shown = load_only(Enterprise.name, Enterprise.organisation, Enterprise.country,
                      Enterprise.status, Enterprise.stage, Enterprise.created_at)
    return list_page(statement, args, sorts=sorts, default_sort="name", id_column=Enterprise.id,
                     loaders=[shown, selectinload(Enterprise.members).load_only(Person.name,
                                                                                Person.status),
                              selectinload(Enterprise.coach).load_only(Person.name)],
                     filters={"q": query} | filters, options=options)


def person_options(event: Event, role: str) -> dict[str, dict[str, str]]:
    options = {"status": _same(STATUSES), "skill": skill_labels(event),
               "language": language_labels(event)}
    if role == "partner":
        options["partner_kind"] = _same(PARTNER_KINDS)
    return options


def person_list(event: Event, role: str, args: Mapping) -> Listing:
    """Sparring partners (role "partner") or coaches ("coach")."""
    options = person_options(event, role)
    filters = clean_filters(args, options)
    statement = db.select(Person).filter(Person.event_id == event.id, Person.role == role)
    query = search_text(args)
    if query:
        statement = statement.filter(people_service.search_clause(query))
    if filters["status"]:
        statement = statement.filter(Person.status == filters["status"])
    if filters["skill"]:
        statement = statement.filter(json_list_has(Person.skills, filters["skill"]))
    if filters["language"]:
        statement = statement.filter(json_list_has(Person.languages, filters["language"]))
    if filters.get("partner_kind"):
        statement = statement.filter(Person.partner_kind == filters["partner_kind"])
    sorts = {"name": func.lower(Person.name), "organisation": func.lower(Person.organisation),
             "status": position(Person.status, STATUSES), "registered": Person.created_at}
    if role == "partner":
        sorts["kind"] = position(Person.partner_kind, PARTNER_KINDS)
        sorts["sessions"] = (db.select(func.count()).select_from(person_sessions)
                             .where(person_sessions.c.person_id == Person.id).scalar_subquery())
        loaders = [selectinload(Person.available_sessions).load_only(EventSession.starts_at)]
    else:
        sorts["teams"] = (db.select(func.count()).select_from(team_coaches)
                          .where(team_coaches.c.coach_id == Person.id).scalar_subquery())
        loaders = [selectinload(Person.coached_teams).load_only(Enterprise.name)]
    shown = load_only(Person.name, Person.email, Person.organisation, Person.partner_kind,
                      Person.max_sessions, Person.max_teams, Person.status, Person.created_at)
    return list_page(statement, args, sorts=sorts, default_sort="name", id_column=Person.id,
                     loaders=[shown, *loaders], filters={"q": query} | filters, options=options)


def conflict_list(event: Event, args: Mapping) -> Listing:
    query = search_text(args)
    statement = (db.select(Conflict).filter(Conflict.event_id == event.id)
                 .join(Enterprise, Conflict.enterprise_id == Enterprise.id)
                 .join(Person, Conflict.partner_id == Person.id))
    if query:
        statement = statement.filter(db.or_(contains_text(Enterprise.name, query),
                                            contains_text(Person.name, query),
                                            contains_text(Conflict.reason, query)))
    sorts = {"enterprise": func.lower(Enterprise.name), "partner": func.lower(Person.name),
             "reason": func.lower(Conflict.reason)}
    return list_page(statement, args, sorts=sorts, default_sort="enterprise",
                     id_column=Conflict.id,
                     loaders=[selectinload(Conflict.enterprise), selectinload(Conflict.partner)],
                     filters={"q": query})


def account_list(args: Mapping) -> Listing:
    options = {"role": _same(ACCOUNT_ROLES)}
    filters = clean_filters(args, options)
    query = search_text(args)
    statement = db.select(User)
    if query:
        statement = statement.filter(db.or_(contains_text(User.email, query),
                                            contains_text(User.name, query)))
    if filters["role"]:
        statement = statement.filter(User.role == filters["role"])
    coach = (db.select(Person.name).where(Person.id == User.person_id).scalar_subquery())
    sorts = {"email": func.lower(User.email), "name": func.lower(User.name),
             "role": position(User.role, ACCOUNT_ROLES),
             "coach": func.lower(func.coalesce(coach, "")),
             "status": case((User.active.is_(True), 0), else_=1)}
    return list_page(statement, args, sorts=sorts, default_sort="role", id_column=User.id,
                     loaders=[selectinload(User.person)], filters={"q": query} | filters,
                     options=options)
