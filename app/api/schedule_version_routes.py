"""Schedule versions and publishing (docs/api.md "Versions and publishing"); organisers only."""
from flask import jsonify, request
from flask_babel import gettext as _
from flask_login import current_user

from app.api import bp
from app.errors import abort_with, event_or_404
from app.security import organiser_required
from app.services.schedule import versions as schedule_versions
from app.services.schedule.publish import PublishError, publish_version
from app.services.schedule.store import latest_version


@bp.get("/schedule")
@organiser_required
def schedule_latest():
    version = latest_version(event_or_404())
    if version is None:
        abort_with(404, _("There is no solved schedule yet: solve or import one first."))
    return jsonify(version.to_dict())


@bp.get("/schedule/versions")
@organiser_required
def schedule_versions_list():
    return jsonify([schedule_versions.summary(v)
                    for v in schedule_versions.all_versions(event_or_404())])


@bp.get("/schedule/versions/<int:number>")
@organiser_required
def schedule_version(number: int):
    version = schedule_versions.by_number(event_or_404(), number)
    if version is None:
        abort_with(404, _("There is no schedule version %(number)s.", number=number))
    return jsonify(version.to_dict())


@bp.post("/schedule/publish")
@organiser_required
def schedule_publish():
    data = request.get_json(silent=True) if request.get_data() else {}
    if not isinstance(data, dict):
        abort_with(400, _("Send a JSON object (Content-Type: application/json), or nothing."))
    try:
        publication = publish_version(event_or_404(), current_user, data.get("version"))
    except PublishError as refused:
        abort_with(404 if refused.code == "not_found" else 422, refused.message)
    return jsonify({"version": publication.version,
                    "changes": schedule_versions.contract_changes(publication.changes)})
