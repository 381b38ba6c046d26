"""The schedule area."""
from flask import Blueprint

bp = Blueprint("schedule", __name__)

from app.schedule import grid_routes, routes, version_routes  # noqa: E402,F401
