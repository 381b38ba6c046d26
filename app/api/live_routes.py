"""Live board API (docs/api.md): stage moves, history, help, announcements, countdown, board.

Each change is committed and then broadcast on /live by the live services."""
from flask import jsonify, request
from flask_babel import gettext as _
from flask_login import current_user

from app.api import bp
from app.errors import abort_with
from app.models import Enterprise
from app.security import organiser_required, staff_required
from app.services.checks import NotAllowed, ValidationFailed
from app.services.events import current_event
from app.services.live import notices, progress
from app.services.live.coach_teams import team_in_event
from app.services.live.snapshot import board_snapshot


def _json_body() -> dict:
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        abort_with(400, _("Send a JSON object (Content-Type: application/json)."))
    return data


def _team_or_404(team_id: int) -> Enterprise:
    team = team_in_event(team_id)
    if team is None:
        abort_with(404, _("There is no team with id %(id)s.", id=team_id))
    return team


def _run(change):
    """Answer a service's refusal as 403 or 422 naming the field."""
    try:
        return change()
    except NotAllowed as refused:
        abort_with(403, str(refused))
    except ValidationFailed as failed:
        abort_with(422, str(failed))


@bp.post("/teams/<int:team_id>/stage")
@staff_required
def move_team_stage(team_id: int):
    team, data = _team_or_404(team_id), _json_body()
    client_id = data.get("client_id") or request.headers.get("Idempotency-Key")
    view = _run(lambda: progress.move_stage(team, data.get("stage"),
                                            progress.Actor.of_user(current_user),
                                            data.get("note"), client_id))
    return jsonify(view)


@bp.get("/teams/<int:team_id>/history")
@staff_required
def team_history(team_id: int):
    return jsonify(progress.stage_history(_team_or_404(team_id)))


@bp.post("/teams/<int:team_id>/help")
@staff_required
def team_help(team_id: int):
    team, data = _team_or_404(team_id), _json_body()
    if not isinstance(data.get("needed"), bool):
        abort_with(422, _("needed: true or false"))
    return jsonify(_run(lambda: progress.set_help(team, data["needed"],
                                                  progress.Actor.of_user(current_user),
                                                  data.get("note"))))


@bp.post("/teams/<int:team_id>/help/claim")
@staff_required
def claim_team_help(team_id: int):
    team = _team_or_404(team_id)
    return jsonify(_run(lambda: progress.claim_help(team, progress.Actor.of_user(current_user))))


@bp.post("/announcements")
@organiser_required
def post_announcement():
    data = _json_body()
    view = _run(lambda: notices.post_announcement(current_event(), data.get("text"),
                                                  progress.Actor.of_user(current_user)))
    return jsonify(view), 201


@bp.post("/countdown")
@organiser_required
def start_countdown():
    data = _json_body()
    view = _run(lambda: notices.start_countdown(current_event(), data,
                                                progress.Actor.of_user(current_user)))
    return jsonify(view or {"title": "", "ends_at": None})


@bp.get("/board")
@staff_required
def board():
    event = current_event()
    if event is None:
        abort_with(404, _("No event exists yet."))
    return jsonify(board_snapshot(event))
