"""Database models, split by area. Import from here: `from app.models import Person`."""
from app.models.accounts import ApiToken, User
from app.models.changes import ParticipantChange
from app.models.checkin import CheckIn, CheckinCode, CheckinKey, CheckinScan
from app.models.event import Event, EventSession, Language, Room, SkillTag
from app.models.live import Announcement, HelpRequest, StageChange
from app.models.outbox import OutboxEmail
from app.models.people import Conflict, Enterprise, Person
from app.models.schedule import (
    CalendarEntry,
    SchedulePublication,
    ScheduleVersion,
    SolveJob,
)

__all__ = [
    "Announcement", "ApiToken", "CalendarEntry", "CheckIn", "CheckinCode", "CheckinKey",
    "CheckinScan", "Conflict", "Enterprise", "Event",
    "EventSession", "HelpRequest", "Language", "OutboxEmail", "ParticipantChange", "Person",
    "Room", "SchedulePublication", "ScheduleVersion", "SkillTag", "SolveJob", "StageChange",
    "User",
]
