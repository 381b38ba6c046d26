"""The /live Socket.IO namespace: a face like the routes, calling the live services.

Clients connect (refused with a reason unless identify() knows them), join their event's room
(members: their team's room), get `board_snapshot`, and may ask for a new one. Coaches and
organisers may also move stages and flag help over the socket, with an acknowledgement;
kiosk and member connections are read-only.
"""
from flask import request
from flask_socketio import ConnectionRefusedError, Namespace, emit, join_room

from app.extensions import db
from app.models import Enterprise
from app.models.keys import MAX_ID
from app.services.checks import NotAllowed, ValidationFailed
from app.services.events import current_event
from app.services.live import progress, viewers
from app.services.live.names import (
    BOARD_SNAPSHOT,
    NAMESPACE,
    event_room,
    published_room,
    team_room,
)
from app.services.live.snapshot import board_snapshot

# The viewer of each connection of this process (a connection lives in one process).
_viewers: dict[str, viewers.Viewer] = {}


def _snapshot_for(viewer: viewers.Viewer) -> dict:
    snapshot = board_snapshot(current_event())
    if viewer.kind == "member":
        snapshot["teams"] = [t for t in snapshot["teams"] if t["id"] == viewer.team_id]
        snapshot["help_queue"] = [h for h in snapshot["help_queue"]
                                  if h["team"] == viewer.team_id]
    return snapshot


class LiveNamespace(Namespace):
    def on_connect(self, auth=None):
        try:
            viewer = viewers.identify(auth)
        except viewers.Refused as refused:
            raise ConnectionRefusedError(str(refused)) from None
        _viewers[request.sid] = viewer
        if viewer.kind in ("member", "participant"):  # personal pages follow the schedule
            join_room(published_room(viewer.event_id))
        if viewer.kind == "participant":
            return  # no board details for partners' and coaches' personal links
        join_room(team_room(viewer.team_id) if viewer.kind == "member"
                  else event_room(viewer.event_id))
        emit(BOARD_SNAPSHOT, _snapshot_for(viewer))

    def on_disconnect(self, reason=None):
        _viewers.pop(request.sid, None)

    def on_board_snapshot(self, _data=None):
        viewer = _viewers.get(request.sid)
        if viewer is not None and viewer.kind != "participant":
            emit(BOARD_SNAPSHOT, _snapshot_for(viewer))

    def on_move_stage(self, data):
        return self._change(data, lambda team, actor, d: progress.move_stage(
            team, d.get("stage"), actor, d.get("note"), d.get("client_id")))

    def on_set_help(self, data):
        return self._change(data, lambda team, actor, d: progress.set_help(
            team, bool(d.get("needed")), actor, d.get("note")))

    def _change(self, data, change) -> dict:
        """Run a change for a writing viewer; the acknowledgement says how it went."""
        viewer = _viewers.get(request.sid)
        if viewer is None or viewer.read_only:
            return {"ok": False, "error": "forbidden", "message": "This connection is read-only."}
        data = data if isinstance(data, dict) else {}
        team = _team(viewer, data.get("team"))
        if team is None:
            return {"ok": False, "error": "not_found", "message": "No such team."}
        try:
            return {"ok": True, **change(team, viewer.actor(), data)}
        except (NotAllowed, viewers.Refused) as refused:
            return {"ok": False, "error": "forbidden", "message": str(refused)}
        except ValidationFailed as failed:
            return {"ok": False, "error": "invalid", "message": str(failed),
                    "fields": failed.errors}


def _team(viewer: viewers.Viewer, team_id) -> Enterprise | None:
    if not isinstance(team_id, int) or isinstance(team_id, bool) or not 0 < team_id <= MAX_ID:
        return None
    team = db.session.get(Enterprise, team_id)
    return team if team is not None and team.event_id == viewer.event_id else None


def register_namespace(socketio) -> None:
    """Once per process: Flask-SocketIO keeps the namespace and gives it to every server that
    init_app creates (tests create many apps)."""
    if not any(isinstance(h, LiveNamespace) for h in socketio.namespace_handlers):
        socketio.on_namespace(LiveNamespace(NAMESPACE))
