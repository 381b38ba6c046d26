"""The schedule area."""
from flask import Blueprint

bp = Blueprint("schedule", __name__)

from app.schedule import grid_routes, routes, solve_routes, version_routes  # noqa: E402,F401
