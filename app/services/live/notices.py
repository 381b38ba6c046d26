"""Organisers' announcements and the countdown every board shows."""
from datetime import UTC, datetime, timedelta

from flask_babel import gettext as _

from app.extensions import db
from app.models import Announcement, Event
from app.services.agenda import event_zone
from app.services.checks import ValidationFailed
from app.services.live import broadcast
from app.services.live.names import ANNOUNCEMENT, COUNTDOWN
from app.services.live.progress import Actor, iso, one_line
from app.services.record_checks import Problems, optional_text, required_text

TEXT_LENGTH = 500
TITLE_LENGTH = 200
MAX_MINUTES = 24 * 60


def announcement_view(announcement: Announcement) -> dict:
    return {"id": announcement.id, "text": announcement.text, "at": iso(announcement.created_at),
            "by": announcement.by_name}


def post_announcement(event: Event, text, actor: Actor) -> dict:
    problems = Problems()
    text = required_text({"text": one_line(text)}, "text", problems, TEXT_LENGTH,
                         what=_("the announcement"))
    problems.raise_if_any()
    announcement = Announcement(event_id=event.id, text=text, by_name=actor.name,
                                created_at=datetime.utcnow())
    db.session.add(announcement)
    db.session.flush()
    view = announcement_view(announcement)
    broadcast.queue_event(event.id, ANNOUNCEMENT, view)
    db.session.commit()
    return view


def recent_announcements(event: Event, limit: int = 5) -> list[Announcement]:
    """The newest first."""
    return list(db.session.execute(db.select(Announcement).filter_by(event_id=event.id)
                                   .order_by(Announcement.id.desc()).limit(limit)).scalars())


def latest_announcements(event: Event, limit: int = 5) -> list[dict]:
    return [announcement_view(row) for row in recent_announcements(event, limit)]


def countdown_view(event: Event, now: datetime | None = None) -> dict | None:
    """The running countdown with the server's time, so that a device with a wrong clock
    still counts right (it counts ends_at - server_time from when it received this)."""
    if event.countdown_ends_at is None:
        return None
    return {"title": event.countdown_title, "ends_at": iso(event.countdown_ends_at),
            "server_time": iso(now or datetime.utcnow())}


def _ends_at(event: Event, data: dict, now: datetime) -> datetime | None:
    if data.get("minutes") not in (None, ""):
        try:
            minutes = float(data["minutes"])
        except (TypeError, ValueError):
            minutes = -1
        if not 0 <= minutes <= MAX_MINUTES:
            raise ValidationFailed({"minutes": [_("a number of minutes from 0 to %(max)s",
                                                  max=MAX_MINUTES)]})
        return now + timedelta(minutes=minutes) if minutes else None
    raw = str(data.get("ends_at") or "")
    try:
        ends_at = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        raise ValidationFailed({"ends_at": [_(
            "give the end as 2023-09-23T15:30:00 (the event's time) or give minutes")]}) \
            from None
    if ends_at.tzinfo is None:  # the event's wall time, as sessions are written
        ends_at = ends_at.replace(tzinfo=event_zone(event))
    return ends_at.astimezone(UTC).replace(tzinfo=None)


def start_countdown(event: Event, data: dict, actor: Actor) -> dict | None:
    """Start (or, with 0 minutes, stop) the countdown: `{"title", "ends_at"}` or
    `{"title", "minutes"}`."""
    problems = Problems()
    title = optional_text({"title": one_line(data.get("title"))}, "title", problems,
                          TITLE_LENGTH)
    problems.raise_if_any()
    now = datetime.utcnow()
    event.countdown_ends_at = _ends_at(event, data, now)
    event.countdown_title = title if event.countdown_ends_at else ""
    view = countdown_view(event, now)
    broadcast.queue_event(event.id, COUNTDOWN, view or {"title": "", "ends_at": None,
                                                        "server_time": iso(now)})
    db.session.commit()
    return view
