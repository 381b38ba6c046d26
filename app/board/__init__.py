"""The board area."""
from flask import Blueprint

bp = Blueprint("board", __name__)

from app.board import coach_routes, routes  # noqa: E402,F401
