"""The whole board at one `seq`: what a client gets on connect and after a gap."""
from datetime import datetime

from sqlalchemy.orm import selectinload

from app.extensions import db
from app.models import Enterprise, Event
from app.services.live.notices import countdown_view, latest_announcements
from app.services.live.progress import help_view, iso, open_help_requests
from app.services.live.sessions import board_sessions


def board_snapshot(event: Event, now: datetime | None = None) -> dict:
    """`{"seq", "teams", "help_queue", "announcements", "countdown", "stages", "server_time"}`.

    `server_time` lets a client measure its clock's offset (times in a stage, the countdown).

    The sequence number is read first: a change committed while the rest is read is then
    also sent as an event with a higher seq, and applying it twice changes nothing, whereas
    the other order could claim a seq whose change the snapshot lacks."""
    seq = db.session.execute(db.select(Event.live_seq).filter_by(id=event.id)).scalar_one()
    teams = db.session.execute(
        db.select(Enterprise).filter_by(event_id=event.id, status="accepted")
        .options(selectinload(Enterprise.coach)).order_by(Enterprise.name)).scalars().all()
    requests = open_help_requests(event.id)
    sessions = board_sessions(event, now)
    views = []
    for team in teams:
        request = requests.get(team.id)
        views.append({
            "id": team.id, "name": team.name, "stage": team.stage,
            "since": iso(team.stage_since),
            "help": _without_team(help_view(team, request)) if request else None,
            "coach": {"id": team.coach.id, "name": team.coach.name} if team.coach else None,
            **sessions["for_team"](team.id)})
    shown = {team.id for team in teams}
    queue = [{"team": r.enterprise_id, "at": iso(r.raised_at)}
             for r in sorted(requests.values(), key=lambda r: r.raised_at)
             if r.enterprise_id in shown]
    return {"seq": seq, "stages": list(event.stages or []), "teams": views, "help_queue": queue,
            "announcements": latest_announcements(event), "countdown": countdown_view(event),
            "server_time": iso(datetime.utcnow()),
            "schedule": {"published": sessions["published"],
                         "refresh_at": sessions["refresh_at"]}}


def _without_team(view: dict) -> dict:
    return {key: value for key, value in view.items() if key != "team"}
