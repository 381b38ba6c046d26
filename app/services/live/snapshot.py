"""The whole board at one `seq`: what a client gets on connect and after a gap."""
from datetime import datetime

from sqlalchemy.orm import selectinload

from app.extensions import db
from app.models import Enterprise, Event, HelpRequest
from app.services.live.notices import countdown_view, latest_announcements
from app.services.live.progress import iso
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
    requests = {r.enterprise_id: r for r in db.session.execute(
        db.select(HelpRequest).filter_by(event_id=event.id, closed_at=None)
        .order_by(HelpRequest.raised_at)).scalars()}
    sessions = board_sessions(event, now)
    views = []
    for team in teams:
        request = requests.get(team.id)
        views.append({
            "id": team.id, "name": team.name, "stage": team.stage,
            "since": iso(team.stage_since),
            "help": {"needed": True, "note": request.note, "at": iso(request.raised_at),
                     "by": request.raised_by, "claimed_by": request.claimed_by}
            if request else None,
            "coach": {"id": team.coach.id, "name": team.coach.name} if team.coach else None,
            **sessions["for_team"](team.id)})
    queue = [{"team": r.enterprise_id, "at": iso(r.raised_at)} for r in requests.values()
             if r.enterprise_id in {t.id for t in teams}]
    return {"seq": seq, "stages": list(event.stages or []), "teams": views, "help_queue": queue,
            "announcements": latest_announcements(event), "countdown": countdown_view(event),
            "server_time": iso(datetime.utcnow()),
            "schedule": {"published": sessions["published"],
                         "refresh_at": sessions["refresh_at"]}}
