"""Publishing: one version becomes the schedule everyone sees.

In one transaction: the published flag moves (exactly one version per event has it), a
SchedulePublication records who published which version and what changed against the version
published before, every person's calendar entries get their new digest and SEQUENCE, the
teams' coaches follow the schedule, `schedule_published` is queued and the "your agenda
changed" emails are queued for the people affected. Then it commits.

Publishing the version that is already published again is allowed: it records a publication
with no changes (so the history shows it), broadcasts it, and sends no email.
"""
from datetime import datetime

from flask_babel import gettext as _

from app.extensions import db
from app.models import Event, Person, SchedulePublication, ScheduleVersion, User
from app.models.people import ACTIVE
from app.services.agenda import load_plan, update_sequences
from app.services.live.broadcast import queue_event
from app.services.live.names import SCHEDULE_PUBLISHED
from app.services.mail.messages import notify_agenda_changed
from app.services.schedule.changes import schedule_changes
from app.services.schedule.store import USABLE, latest_version, published_schedule
from app.services.schedule.versions import by_number, contract_changes


class PublishError(ValueError):
    """The version cannot be published; `code` is not_found or invalid, `field` what is wrong."""

    def __init__(self, code: str, message: str, field: str = "version"):
        self.code, self.message, self.field = code, message, field
        super().__init__(message)


def version_to_publish(event: Event, number=None) -> ScheduleVersion:
    """The version to publish: `number`, or the latest usable one; PublishError if none."""
    if number is None:
        version = latest_version(event)
        if version is None:
            raise PublishError("not_found", _("There is no solved schedule to publish yet: "
                                              "solve or import one first."))
        return version
    if isinstance(number, bool) or not isinstance(number, int) or not 0 < number < 2**31:
        raise PublishError("invalid", _("version must be a positive whole number."))
    version = by_number(event, number)
    if version is None:
        raise PublishError("not_found", _("There is no schedule version %(number)s.",
                                          number=number))
    if version.status not in USABLE:
        raise PublishError("invalid", _("Version %(number)s has status '%(status)s': it holds "
                                        "no schedule to publish.", number=number,
                                        status=version.status))
    return version


def publish_version(event: Event, user: User | None, version: int | None = None
                    ) -> SchedulePublication:
    """Make `version` (default: the latest usable one) the published schedule, and commit."""
    # Lock the event row first, so that two publishes at once run one after the other.
    db.session.execute(db.select(Event.id).filter_by(id=event.id).with_for_update())
    target = version_to_publish(event, version)
    current = published_schedule(event)
    before = load_plan(event, current.data, current.version) if current else \
        load_plan(event, {}, None)
    changes = schedule_changes(event, current.data if current else None, target.data)
    if current is not None and current.id == target.id:
        changes = {"added": [], "removed": [], "people": [], "rooms": [], "coaches": []}

    now = datetime.utcnow()
    db.session.execute(db.update(ScheduleVersion).filter(
        ScheduleVersion.event_id == event.id, ScheduleVersion.id != target.id,
        ScheduleVersion.published.is_(True)).values(published=False))
    target.published, target.published_at = True, now
    publication = SchedulePublication(
        event_id=event.id, version=target.version,
        previous_version=current.version if current else None, published_at=now,
        published_by_id=user.id if user else None,
        published_by_name=(user.name or user.email) if user else "", changes=changes)
    db.session.add(publication)

    plan = load_plan(event, target.data, target.version)
    _coaches_follow(plan)
    people = db.session.execute(db.select(Person).filter(
        Person.event_id == event.id, Person.status.in_(ACTIVE))
        .order_by(Person.id)).scalars().all()
    update_sequences(people, plan, before)
    queue_event(event.id, SCHEDULE_PUBLISHED, {"version": target.version,
                                               "changes": contract_changes(changes)})
    notify_agenda_changed(event, changes["people"], target.version)
    db.session.commit()
    return publication


def _coaches_follow(plan) -> None:
    """The board, the coach pages and personal pages read the teams' coach: it becomes the
    schedule's (when the schedule assigns coaches at all)."""
    data_coaches = plan.coach_of if plan.published else {}
    for key, team in plan.teams.items():
        coach = plan.people.get(data_coaches.get(key, ""))
        if coach is not None and team.coach is not coach:
            team.coach = coach


def publications(event: Event) -> list[SchedulePublication]:
    """Every publish of the event, newest first."""
    return db.session.execute(db.select(SchedulePublication).filter_by(event_id=event.id)
                              .order_by(SchedulePublication.published_at.desc(),
                                        SchedulePublication.id.desc())).scalars().all()


def last_publication(event: Event) -> SchedulePublication | None:
    return db.session.execute(db.select(SchedulePublication).filter_by(event_id=event.id)
                              .order_by(SchedulePublication.id.desc()).limit(1)
                              ).scalar_one_or_none()
