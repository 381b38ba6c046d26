"""Routes of the schedule area."""
from app.schedule import bp  # noqa: F401
