"""Routes of the schedule area (the pages come with the schedule issue; the CLI is in cli.py)."""
import json

from flask import Response

from app.errors import abort_with
from app.schedule import bp
from app.security import organiser_required
from app.services.events import NoEvent
from app.services.schedule.store import export_instance


@bp.get("/instance.json")
@organiser_required
def instance_download():
    """The scheduling instance of the event as a file, like `flask schedule export`."""
    try:
        instance = export_instance()
    except NoEvent as exc:
        abort_with(404, str(exc))
    return Response(json.dumps(instance, indent=2, ensure_ascii=False),
                    mimetype="application/json",
                    headers={"Content-Disposition": "attachment; filename=instance.json"})
