"""What the board shows: accepted teams grouped by their current stage."""
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.models import Enterprise
from app.services.events import current_event


def board_teams() -> list[tuple[str | None, list[Enterprise]]]:
    """(stage, teams) per column: first None (teams that have not started), then the
    event's stages in order (and any stage a team still has that the event no longer lists)."""
    event = current_event()
    if event is None:
        return []
    teams = db.session.execute(
        db.select(Enterprise).filter_by(event_id=event.id, status="accepted")
        .options(selectinload(Enterprise.coach)).order_by(Enterprise.name)).scalars().all()
    columns: dict[str | None, list[Enterprise]] = {None: []}
    columns.update((stage, []) for stage in event.stages)
    for team in teams:
        columns.setdefault(team.stage or None, []).append(team)
    return list(columns.items())
