"""Organiser pages."""
from flask import render_template

from app.admin import bp
from app.security import organiser_required
from app.services.dashboard import event_overview


@bp.get("/")
@organiser_required
def dashboard():
    return render_template("admin/dashboard.html", overview=event_overview())

# Each area registers its routes on the blueprint when imported.
from app.admin import (  # noqa: E402,F401
    bulk_routes,
    csv_routes,
    event_routes,
    people_routes,
)
