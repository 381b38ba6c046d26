"""What the coach's phone page shows: the teams an account may move, each with its help flag
and its history. The changes themselves go through progress.py."""
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.models import Enterprise, StageChange, User
from app.models.people import team_coaches
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
    if user.role == "coach":  # the coach's own teams, chosen in SQL (a big event has many)
        query = query.join(team_coaches, team_coaches.c.enterprise_id == Enterprise.id).filter(
            team_coaches.c.coach_id == user.person_id)
    return list(db.session.execute(query).scalars())


def team_in_event(team_id: int) -> Enterprise | None:
    event = current_event()
    team = db.session.get(Enterprise, team_id)
    return team if event is not None and team is not None and team.event_id == event.id else None


def _history(changes: list[StageChange], event) -> list[dict]:
    """A team's moves, newest first, each with its moment in the event's time zone."""
    return [{**progress.stage_view(change), "local": in_event_zone(change.created_at, event)}
            for change in reversed(changes)]


def coach_page(user: User) -> dict:
    """The stages of the event and one card per team (team, help flag, history)."""
    event = current_event()
    teams = teams_of(user)
    ids = [team.id for team in teams]
    requests = progress.open_help_requests(event.id, ids) if event else {}
    changes = progress.stage_changes(ids)
    cards = [{"team": team, "help": progress.help_view(team, requests.get(team.id)),
              "history": _history(changes.get(team.id, []), event)} for team in teams]
    return {"stages": list(event.stages or []) if event else [], "cards": cards}
