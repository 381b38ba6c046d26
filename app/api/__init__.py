"""The api area."""
from flask import Blueprint

bp = Blueprint("api", __name__)

from app.api import (  # noqa: E402,F401
    checkin_routes,
    live_routes,
    routes,
    schedule_edit_routes,
    schedule_routes,
    schedule_version_routes,
)
