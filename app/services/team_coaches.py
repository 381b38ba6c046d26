"""The coaches a team can have: who is accepted, how many teams each coaches, who is full.

The enterprise form shows each coach's load and the rules (enterprises.py) refuse a full one.
"""
from flask_babel import gettext as _
from flask_babel import ngettext

from app.extensions import db
from app.models import Enterprise, Event, Person
from app.models.keys import text_key
from app.models.people import team_coaches
from app.services.checks import as_record_id
from app.services.record_checks import Problems, lookup_reference, refuse_control_characters


def accepted_coaches(event: Event) -> list[Person]:
    return list(db.session.execute(db.select(Person).filter_by(
        event_id=event.id, role="coach", status="accepted").order_by(Person.name)).scalars())


def resolve_coach(event: Event, value, problems: Problems) -> Person | None:
    if value in (None, "", 0, "0"):
        return None
    raw = str(value.id if isinstance(value, Person) else value).strip()
    if refuse_control_characters("coach", raw, problems):
        return None
    reference = lookup_reference(raw, "c")
    query = db.select(Person).filter(Person.event_id == event.id, Person.role == "coach")
    if isinstance(reference, int):
        query = query.filter(Person.id == as_record_id(reference))
    else:
        query = query.filter(Person.email_key == text_key(raw))
    coach = db.session.execute(query).scalar_one_or_none()
    if coach is None:
        problems.add("coach", _("unknown coach '%(coach)s'", coach=raw))
    return coach


def coach_loads(event: Event) -> dict[int, int]:
    """How many teams each coach of the event coaches (coach id -> teams)."""
    return dict(db.session.execute(
        db.select(team_coaches.c.coach_id, db.func.count())
        .join(Person, Person.id == team_coaches.c.coach_id)
        .filter(Person.event_id == event.id).group_by(team_coaches.c.coach_id)).all())


def coach_is_full(coach: Person, loads: dict[int, int]) -> bool:
    """Whether the coach has as many teams as they take (no limit: never; as in the solver)."""
    return coach.max_teams is not None and loads.get(coach.id, 0) >= coach.max_teams


def check_coach_limit(event: Event, enterprise: Enterprise, coach: Person | None,
                       problems: Problems) -> None:
    """A new coach for the team must have room; keeping the coach it has is always fine."""
    if coach is None or (enterprise.id is not None and enterprise.coach is coach):
        return
    if coach_is_full(coach, coach_loads(event)):
        problems.add("coach", ngettext(
            "%(name)s already coaches %(num)s team, as many as they take (teams at most: "
            "%(num)s); choose another coach or raise their limit",
            "%(name)s already coaches %(num)s teams, as many as they take (teams at most: "
            "%(num)s); choose another coach or raise their limit",
            coach.max_teams, name=coach.name))
