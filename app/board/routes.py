"""The board: every team and its design-thinking stage, live over Socket.IO (board.js).

The server-rendered columns stay as the page without JavaScript; the kiosk link shows the same
board read-only on a projector, without an account."""
from flask import abort, render_template
from flask_login import current_user

from app.board import bp
from app.security import staff_required
from app.services.board import board_teams
from app.services.live import viewers


@bp.get("/")
@staff_required
def index():
    own = current_user.person_id if current_user.is_coach else None
    return render_template("board/index.html", columns=board_teams(), own_coach_id=own,
                           kiosk_token=None)


@bp.get("/kiosk/<token>")
def kiosk(token: str):
    """The projector's board: read-only, no login; 404 for a wrong or revoked link."""
    if viewers.kiosk_event(token) is None:
        abort(404)
    response = render_template("board/index.html", columns=board_teams(), own_coach_id=None,
                               kiosk_token=token)
    return response, 200, {"Cache-Control": "no-store"}
