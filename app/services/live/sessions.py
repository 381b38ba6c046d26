"""Each team's current and next session on the board: when, where, and whom it meets.

Meetings and rooms come from the published schedule (scheduling.md output, with the
instance's keys: s12, t3, p5, r2); before one is published the board says so.
"""
from datetime import UTC, datetime

from app.extensions import db
from app.models import Event, EventSession, Person, Room
from app.services.agenda import event_zone, in_event_zone
from app.services.schedule.store import published_schedule


def _wall_now(event: Event, now: datetime | None) -> datetime:
    """Now as the event's wall time, which is how sessions are stored."""
    moment = (now or datetime.now(UTC)).astimezone(UTC).replace(tzinfo=None)
    return in_event_zone(moment, event)


def _utc_iso(event: Event, wall: datetime) -> str:
    return wall.replace(tzinfo=event_zone(event)).astimezone(UTC).replace(
        tzinfo=None).isoformat(timespec="seconds") + "Z"


def board_sessions(event: Event, now: datetime | None = None) -> dict:
    """`{"published": version or None, "refresh_at": ISO or None, "teams": {team id:
    {"now": session or None, "next": session or None}}}`, a session being
    `{"title", "kind", "starts_at", "ends_at", "room", "partners"}` (times as wall time)."""
    wall = _wall_now(event, now)
    sessions = db.session.execute(db.select(EventSession).filter_by(event_id=event.id)
                                  .order_by(EventSession.starts_at)).scalars().all()
    current = next((s for s in sessions if s.starts_at <= wall < s.ends_at), None)
    coming = next((s for s in sessions if s.starts_at > wall), None)
    boundaries = [t for s in sessions for t in (s.starts_at, s.ends_at) if t > wall]
    refresh_at = _utc_iso(event, min(boundaries)) if boundaries else None
    version = published_schedule(event)
    meetings, rooms = _placed(version.data if version else {})
    names = _names(event, meetings, rooms)

    def view(session: EventSession | None, team_key: str) -> dict | None:
        if session is None:
            return None
        partners = sorted(names.get(p, p) for p in meetings.get((session.key, team_key), []))
        room = rooms.get((session.key, team_key))
        return {"title": session.title, "kind": session.kind,
                "starts_at": session.starts_at.isoformat(timespec="minutes"),
                "ends_at": session.ends_at.isoformat(timespec="minutes"),
                "room": names.get(room, room) if room else (session.place or None),
                "partners": partners}

    def for_team(team_id: int) -> dict:
        key = f"t{team_id}"
        return {"now": view(current, key), "next": view(coming, key)}

    return {"published": version.version if version else None, "refresh_at": refresh_at,
            "for_team": for_team}


def _placed(data: dict) -> tuple[dict, dict]:
    meetings: dict[tuple[str, str], list[str]] = {}
    for meeting in data.get("meetings") or []:
        meetings.setdefault((meeting.get("session"), meeting.get("team")), []).append(
            meeting.get("partner"))
    rooms = {(r.get("session"), r.get("team")): r.get("room") for r in data.get("rooms") or []}
    return meetings, rooms


def _names(event: Event, meetings: dict, rooms: dict) -> dict[str, str]:
    """Partner and room keys -> names, in two queries."""
    partner_ids = {int(p[1:]) for ps in meetings.values() for p in ps
                   if isinstance(p, str) and p[:1] == "p" and p[1:].isdigit()}
    room_ids = {int(r[1:]) for r in rooms.values()
                if isinstance(r, str) and r[:1] == "r" and r[1:].isdigit()}
    names = {}
    if partner_ids:
        names.update((f"p{i}", n) for i, n in db.session.execute(
            db.select(Person.id, Person.name).filter(Person.event_id == event.id,
                                                     Person.id.in_(partner_ids))))
    if room_ids:
        names.update((f"r{i}", n) for i, n in db.session.execute(
            db.select(Room.id, Room.name).filter(Room.event_id == event.id,
                                                 Room.id.in_(room_ids))))
    return names
