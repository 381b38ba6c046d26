"""The coach's phone page: their teams, a button per stage, the help flag and the history.

Without JavaScript every button is a form (POST, redirect back with a flash); js/coach.js
sends the moves to the live API instead and keeps them while the phone is offline."""
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.board import bp
from app.errors import abort_with
from app.extensions import db
from app.formatting import stage_label
from app.security import staff_required
from app.services.checks import NotAllowed, ValidationFailed
from app.services.live import progress
from app.services.live.coach_teams import coach_page, team_in_event


def _team_or_404(team_id: int):
    team = team_in_event(team_id)
    if team is None:
        abort_with(404, _("There is no team with id %(id)s.", id=team_id))
    return team


def _page(status: int = 200):
    return render_template("board/coach.html", **coach_page(current_user)), status


def _change(team, change, success: str):
    """Run the service; back to the page with a flash, or the page again with the error."""
    try:
        change()
    except NotAllowed as refused:
        db.session.rollback()
        abort_with(403, str(refused))
    except ValidationFailed as failed:
        db.session.rollback()
        flash(_("%(team)s: nothing changed (%(error)s).", team=team.name, error=str(failed)),
              "error")
        return _page(422)
    flash(success, "success")
    return redirect(url_for("board.coach_teams") + f"#team-{team.id}")


@bp.get("/teams")
@staff_required
def coach_teams():
    return _page()


@bp.post("/teams/<int:team_id>/stage")
@staff_required
def coach_move(team_id: int):
    team, form = _team_or_404(team_id), request.form
    stage = form.get("stage", "")
    return _change(team, lambda: progress.move_stage(
        team, stage, progress.Actor.of_user(current_user), form.get("note", ""),
        form.get("client_id") or None),
        _("%(team)s is now in %(stage)s.", team=team.name, stage=stage_label(stage)))


@bp.post("/teams/<int:team_id>/help")
@staff_required
def coach_help(team_id: int):
    team, form = _team_or_404(team_id), request.form
    needed = form.get("needed") == "1"
    return _change(team, lambda: progress.set_help(
        team, needed, progress.Actor.of_user(current_user), form.get("note", "")),
        _("%(team)s asks for help.", team=team.name) if needed
        else _("The help request of %(team)s is closed.", team=team.name))
