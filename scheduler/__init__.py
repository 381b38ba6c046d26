"""Weekend matching solver: partners, coaches and rooms for hackathon teams.

Public API (see docs/scheduler.md): :func:`solve`, :func:`check`, :func:`parse_instance`,
:func:`parse_schedule` and the dataclasses below. Standard library and OR-Tools only.
"""

from .check import check
from .io import load_json, parse_instance, parse_schedule
from .solve import solve
from .types import (
    CheckReport,
    Coach,
    CoachAssignment,
    Fixed,
    Instance,
    InvalidInstance,
    Meeting,
    Partner,
    Progress,
    Room,
    RoomAssignment,
    Rules,
    Schedule,
    Session,
    Team,
    Violation,
    Weights,
)

__all__ = [
    "solve", "check", "parse_instance", "parse_schedule", "load_json", "schema",
    "CheckReport", "Coach", "CoachAssignment", "Fixed", "Instance", "InvalidInstance", "Meeting",
    "Partner", "Progress", "Room", "RoomAssignment", "Rules", "Schedule", "Session", "Team",
    "Violation", "Weights",
]


def schema(name: str) -> dict:
    """The JSON Schema shipped with the package: ``"instance"`` or ``"schedule"``."""
    import json
    from importlib import resources

    text = resources.files(__package__).joinpath("schema", f"{name}.schema.json").read_text()
    return json.loads(text)
