"""Schedule pins and hand edits (docs/api.md "Pins and hand edits"): organisers only."""
from flask import jsonify, request
from flask_babel import gettext as _
from flask_login import current_user

from app.api import bp
from app.errors import abort_with, event_or_404
from app.security import organiser_required
from app.services.schedule import edits, pins


def _json_object() -> dict:
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        abort_with(400, _("Send a JSON object (Content-Type: application/json)."))
    return data


@bp.get("/schedule/fixed")
@organiser_required
def schedule_fixed():
    return jsonify(pins.current_pins(event_or_404()))


@bp.put("/schedule/fixed")
@organiser_required
def set_schedule_fixed():
    event, data = event_or_404(), _json_object()
    try:
        stored = pins.set_pins(event, data, current_user)
    except pins.PinsRefused as refused:
        return jsonify(error="unprocessable", message="; ".join(refused.messages),
                       errors=refused.messages), 422
    return jsonify(stored)


@bp.post("/schedule/edit")
@organiser_required
def edit_schedule():
    event, data = event_or_404(), _json_object()
    unknown = sorted(set(data) - {"add", "remove", "rooms", "coaches"})
    if unknown:
        return jsonify(error="unprocessable",
                       message=_("Unknown field(s) %(fields)s (expected add, remove, rooms, "
                                 "coaches).", fields=", ".join(unknown))), 422
    try:
        version = edits.edit_schedule(event, current_user, add=data.get("add"),
                                      remove=data.get("remove"), rooms=data.get("rooms"),
                                      coaches=data.get("coaches"))
    except edits.EditRefused as refused:
        if refused.violations:
            return jsonify(error="violations",
                           message=_("The edit breaks these rules; nothing was saved: "
                                     "%(rules)s", rules="; ".join(refused.messages)),
                           violations=refused.violations), 422
        return jsonify(error="unprocessable", message="; ".join(refused.messages),
                       errors=refused.messages), 422
    return jsonify(version=version.version), 201
