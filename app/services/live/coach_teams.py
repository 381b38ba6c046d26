"""What the coach's phone page shows: the teams an account may move, each with its help flag
and its history. The changes themselves go through progress.py."""
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.models import Enterprise, StageChange, User
from app.services.agenda import in_event_zone
from app.services.events import current_event
from app.services.live import progress


def teams_of(user: User) -> list[Enterprise]:
    """Organisers: every accepted team of the event; a coach: the accepted teams they coach."""
    event = current_event()
    if event is None or user.role not in ("organiser", "coach"):
        return []
    query = (db.select(Enterprise).filter_by(event_id=event.id, status="accepted")
             .options(selectinload(Enterprise.coach)).order_by(Enterprise.name))
    teams = db.session.execute(query).scalars().all()
    return [team for team in teams if user.role == "organiser"
            or progress.coaches_team(user, team)]


def team_in_event(team_id: int) -> Enterprise | None:
    event = current_event()
    team = db.session.get(Enterprise, team_id)
    return team if event is not None and team is not None and team.event_id == event.id else None


def _history(team: Enterprise, event) -> list[dict]:
    """The team's moves, newest first, each with its moment in the event's time zone."""
    changes = db.session.execute(db.select(StageChange).filter_by(enterprise_id=team.id)
                                 .order_by(StageChange.created_at, StageChange.id)).scalars()
    return [{**progress.stage_view(change), "local": in_event_zone(change.created_at, event)}
            for change in reversed(list(changes))]


def coach_page(user: User) -> dict:
    """The stages of the event and one card per team (team, help flag, history)."""
    event = current_event()
    cards = [{"team": team, "help": progress.help_view(team, progress.open_help(team)),
              "history": _history(team, event)} for team in teams_of(user)]
    return {"stages": list(event.stages or []) if event else [], "cards": cards}
