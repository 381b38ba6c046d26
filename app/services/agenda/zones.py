"""The event's time zone: sessions are stored as its wall-clock time, other moments as UTC."""
from datetime import UTC, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from app.models import Event


def event_zone(event: Event) -> ZoneInfo:
    try:
        return ZoneInfo(event.timezone or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def in_event_zone(moment: datetime, event: Event | None) -> datetime:
    """A moment stored as naive UTC (created_at, sent_at) as naive wall time of the event's
    place, which is how sessions are stored and how organisers read times."""
    zone = event_zone(event) if event is not None else ZoneInfo("UTC")
    return moment.replace(tzinfo=UTC).astimezone(zone).replace(tzinfo=None)
