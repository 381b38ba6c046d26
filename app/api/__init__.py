"""The api area."""
from flask import Blueprint

bp = Blueprint("api", __name__)

from app.api import checkin_routes, live_routes, routes  # noqa: E402,F401
