"""The organiser dashboard's check-in part: arrivals by role and day, and before each upcoming
session who is expected and not here, with the re-plan link (the schedule's re-plan page)."""
from datetime import datetime
from urllib.parse import urlencode

from app.extensions import db
from app.models import Event, EventSession, Person
from app.services.checkin.roster import arrivals_by_role_and_day, missing

ROLES = ("member", "partner", "coach")
UPCOMING = 3  # sessions shown ahead
NAMES_SHOWN = 40


def replan_url(session: EventSession, absent_ids: list[int]) -> str:
    """The schedule helper's re-plan page (a literal path: it is another area's page)."""
    query = urlencode({"replan": 1, "absent": ",".join(map(str, absent_ids)),
                       "freeze_before": session.starts_at.strftime("%Y-%m-%dT%H:%M")},
                      safe=",:")
    return f"/schedule/solve?{query}"


def upcoming_sessions(event: Event, now: datetime) -> list[EventSession]:
    """Sessions that have not ended, by start (`now` is event-local wall-clock time)."""
    return list(db.session.execute(
        db.select(EventSession).filter_by(event_id=event.id).where(EventSession.ends_at > now)
        .order_by(EventSession.starts_at, EventSession.id).limit(UPCOMING)).scalars())


def checkin_overview(event: Event, now: datetime | None = None) -> dict:
    from app.services.agenda import event_zone

    now = now or datetime.now(event_zone(event)).replace(tzinfo=None)
    expected = dict(db.session.execute(
        db.select(Person.role, db.func.count()).filter_by(event_id=event.id, status="accepted")
        .group_by(Person.role)).all())
    days = arrivals_by_role_and_day(event)
    arrived = {role: sum(day["roles"].get(role, 0) for day in days) for role in ROLES}
    sessions = []
    for session in upcoming_sessions(event, now):
        absent = missing(event, session)
        accepted_ids = set(db.session.execute(db.select(Person.id).where(
            Person.id.in_([row["person"] for row in absent]),
            Person.status == "accepted")).scalars())
        absent_ids = [row["person"] for row in absent if row["person"] in accepted_ids]
        sessions.append({"session": session, "missing": absent[:NAMES_SHOWN],
                         "more": max(0, len(absent) - NAMES_SHOWN), "count": len(absent),
                         "replan_url": replan_url(session, absent_ids) if absent_ids and
                         session.kind == "sparring" else None})
    return {"roles": ROLES, "days": days, "arrived": arrived, "expected": expected,
            "sessions": sessions}
