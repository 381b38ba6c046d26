"""The participant's own area: the personal page behind the secret link, and self-service."""
from flask import Blueprint

bp = Blueprint("participant", __name__)

from app.participant import checkin_routes, routes  # noqa: E402,F401
