"""The schedule area."""
from flask import Blueprint

bp = Blueprint("schedule", __name__)

from app.schedule import routes, solve_routes  # noqa: E402,F401
