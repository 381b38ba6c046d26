"""Counts for the organiser's overview."""
from sqlalchemy import func

from app.extensions import db
from app.models import Enterprise, Person
from app.services.events import current_event


def event_overview() -> dict:
    event = current_event()
    if event is None:
        return {"teams": {}, "people": {}}
    teams = dict(db.session.execute(
        db.select(Enterprise.status, func.count()).filter_by(event_id=event.id)
        .group_by(Enterprise.status)).all())
    people = {}
    for role, status, count in db.session.execute(
            db.select(Person.role, Person.status, func.count()).filter_by(event_id=event.id)
            .group_by(Person.role, Person.status)).all():
        people.setdefault(role, {})[status] = count
    return {"teams": teams, "people": people}
