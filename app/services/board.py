"""What the board shows: accepted teams grouped by their current stage."""
from app.extensions import db
from app.models import Enterprise
from app.services.events import current_event


def board_teams() -> list[tuple[str, list[Enterprise]]]:
    event = current_event()
    if event is None:
        return []
    teams = db.session.execute(
        db.select(Enterprise).filter_by(event_id=event.id, status="accepted")
        .order_by(Enterprise.name)).scalars().all()
    first = event.stages[0] if event.stages else None
    columns = {stage: [] for stage in event.stages}
    for team in teams:
        columns.setdefault(team.stage or first, []).append(team)
    return list(columns.items())
