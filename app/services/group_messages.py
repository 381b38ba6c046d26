"""Organisers write to a group: all sparring partners, all coaches, all teams, or one team.

One email per recipient (in the outbox, in their language, with their own personal link), so
nobody sees the others' addresses. Only people who take part get it: accepted ones, or accepted
and pending ones when the organiser says so; never rejected or withdrawn people.
"""
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.extensions import db
from app.models import Enterprise, Event, Person
from app.services.checks import ValidationFailed, as_record_id
from app.services.mail import messages as emails
from app.services.record_checks import Problems, text

AUDIENCES = {"partners": _l("All sparring partners"), "coaches": _l("All coaches"),
             "teams": _l("All team members"), "team": _l("One team's members")}
REACH = {"accepted": ("accepted",), "active": ("accepted", "pending")}
MAX_SUBJECT, MAX_BODY = 200, 10000


def recipients(event: Event, audience: str, team_id: int | None = None,
               reach: str = "accepted") -> list[Person]:
    statuses = REACH.get(reach, REACH["accepted"])
    statement = db.select(Person).where(Person.event_id == event.id,
                                        Person.status.in_(statuses)).order_by(Person.name)
    if audience == "partners":
        statement = statement.where(Person.role == "partner")
    elif audience == "coaches":
        statement = statement.where(Person.role == "coach")
    elif audience == "teams":
        statement = statement.where(Person.role == "member").join(
            Enterprise, Enterprise.id == Person.enterprise_id).where(
            Enterprise.status.in_(statuses))
    elif audience == "team":
        statement = statement.where(Person.role == "member", Person.enterprise_id == team_id)
    else:
        return []
    return list(db.session.execute(statement).scalars())


def send_group_message(event: Event, values: dict, commit: bool = True) -> int:
    """Queue the message for every recipient and commit; returns how many. Raises
    ValidationFailed naming the fields (nothing is queued then)."""
    problems = Problems()
    audience = values.get("audience") or ""
    if audience not in AUDIENCES:
        problems.add("audience", _("choose who gets the message"))
    team_id = as_record_id(values.get("team_id"))
    if audience == "team":
        team = db.session.get(Enterprise, team_id) if team_id is not None else None
        if team is None or team.event_id != event.id:
            problems.add("team_id", _("choose the team"))
    reach = values.get("reach") if values.get("reach") in REACH else "accepted"
    # The subject is one line of a header: a line break in it could add headers.
    subject = text(values, "subject", problems)
    body = text(values, "body", problems, multiline=True).replace("\r\n", "\n")
    if not subject:
        problems.add("subject", _("give the email a subject"))
    elif len(subject) > MAX_SUBJECT:
        problems.add("subject", _("at most %(n)s characters", n=MAX_SUBJECT))
    if not body:
        problems.add("body", _("write the message"))
    elif len(body) > MAX_BODY:
        problems.add("body", _("at most %(n)s characters", n=MAX_BODY))
    problems.raise_if_any()
    people = recipients(event, audience, team_id, reach)
    if not people:
        raise ValidationFailed({"audience": [_("nobody in this group takes part yet")]})
    for person in people:
        emails.organiser_message(person, subject, body)
    if commit:
        db.session.commit()
    return len(people)
