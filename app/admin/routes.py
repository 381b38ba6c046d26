"""Organiser pages."""
from flask import render_template

from app.admin import bp
from app.security import organiser_required
from app.services.dashboard import event_overview


@bp.get("/")
@organiser_required
def dashboard():
    return render_template("admin/dashboard.html", overview=event_overview())

from app.admin import event_routes  # noqa: E402,F401
from app.admin import csv_routes  # noqa: E402,F401
