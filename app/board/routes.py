"""The board: every team and its design-thinking stage (live updates come with Socket.IO)."""
from flask import render_template
from flask_login import current_user

from app.board import bp
from app.security import staff_required
from app.services.board import board_teams


@bp.get("/")
@staff_required
def index():
    own = current_user.person_id if current_user.is_coach else None
    return render_template("board/index.html", columns=board_teams(), own_coach_id=own)
