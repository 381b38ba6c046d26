"""Organiser pages."""
from flask import render_template

from app.admin import bp
from app.admin.event_forms import ConfirmForm
from app.security import organiser_required
from app.services import participant_changes
from app.services.checkin.dashboard import checkin_overview
from app.services.dashboard import event_overview
from app.services.events import current_event
from app.services.mail import outbox


@bp.get("/")
@organiser_required
def dashboard():
    event = current_event()
    changes = participant_changes.open_changes(event, limit=50) if event else []
    return render_template("admin/dashboard.html", overview=event_overview(), changes=changes,
                           changes_open=participant_changes.count_open_changes(event)
                           if event else 0,
                           outbox_counts=outbox.outbox_counts(event.id) if event else {},
                           checkin=checkin_overview(event) if event else None,
                           form=ConfirmForm())

# Each area registers its routes on the blueprint when imported.
from app.admin import (  # noqa: E402,F401
    badge_routes,
    bulk_routes,
    csv_routes,
    event_routes,
    kiosk_routes,
    live_routes,
    mail_routes,
    people_routes,
)
