"""The api area."""
from flask import Blueprint

bp = Blueprint("api", __name__)

from app.api import live_routes, routes, schedule_routes  # noqa: E402,F401
