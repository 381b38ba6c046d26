"""The event itself, its timetable, rooms and the managed lists forms offer as choices."""
from datetime import date, datetime

from sqlalchemy import JSON, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.keys import KEY_LENGTH_FACTOR, keeps_key, text_key

DEFAULT_STAGES = ["empathize", "define", "ideate", "prototype", "test"]
SESSION_KINDS = ["sparring", "plenary", "meal", "coaching", "other"]


def default_rules() -> dict:
    """The solver rules and weights with the defaults of scheduling.md."""
    return {
        "partners_per_team": {"min": 1, "max": 3},
        "partner_max_sessions": None,  # None: the number of sparring sessions
        "max_repeat": 1,
        "weights": {"base": 1, "skill": 10, "wish": 5, "coach": 3, "fairness": None,
                    "change": 100},
    }


class Event(db.Model):
    __tablename__ = "events"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(db.String(200))
    venue: Mapped[str] = mapped_column(db.String(200), default="")
    description: Mapped[str] = mapped_column(db.Text, default="")
    starts_on: Mapped[date]
    ends_on: Mapped[date]
    timezone: Mapped[str] = mapped_column(db.String(64), default="Europe/Berlin")
    stages: Mapped[list] = mapped_column(JSON, default=lambda: list(DEFAULT_STAGES))
    rules: Mapped[dict] = mapped_column(JSON, default=default_rules)
    registration_open: Mapped[bool] = mapped_column(default=True)
    # Shown in every page's footer and in emails: where participants write with questions.
    contact_email: Mapped[str] = mapped_column(db.String(254), default="")
    # The live board: one sequence number for every board change (shared by all processes),
    # the countdown every board shows (ends_at in UTC), and the projector's secret link.
    live_seq: Mapped[int] = mapped_column(default=0, server_default="0")
    countdown_title: Mapped[str] = mapped_column(db.String(200), default="", server_default="")
    countdown_ends_at: Mapped[datetime | None]
    kiosk_token: Mapped[str | None] = mapped_column(db.String(64), unique=True)
    # The organisers' pins (scheduling.md `fixed`, scheduler ids): in every later instance.
    schedule_fixed: Mapped[dict] = mapped_column(JSON, default=dict, server_default="{}")
    created_at: Mapped[datetime] = mapped_column(default=datetime.utcnow)

    sessions = relationship("EventSession", back_populates="event", cascade="all, delete-orphan",
                            order_by="EventSession.starts_at")
    rooms = relationship("Room", back_populates="event", cascade="all, delete-orphan",
                         order_by="Room.name")

    def __repr__(self) -> str:
        return f"<Event {self.name}>"


class EventSession(db.Model):
    """One slot of the timetable. Only kind 'sparring' gets meetings from the solver."""

    __tablename__ = "event_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(db.ForeignKey("events.id"), index=True)
    title: Mapped[str] = mapped_column(db.String(200))
    starts_at: Mapped[datetime]  # local wall-clock time in the event's time zone
    ends_at: Mapped[datetime]
    stage: Mapped[str | None] = mapped_column(db.String(50))
    kind: Mapped[str] = mapped_column(db.String(20), default="sparring")
    place: Mapped[str] = mapped_column(db.String(200), default="")

    event = relationship("Event", back_populates="sessions")

    @property
    def title_key(self) -> str:
        """The title as compared (titles need not be unique, so it is not stored)."""
        return text_key(self.title)

    @property
    def key(self) -> str:
        """The id this session has in scheduler instances and schedules."""
        return f"s{self.id}"

    def __repr__(self) -> str:
        return f"<EventSession {self.title}>"


class Room(db.Model):
    __tablename__ = "rooms"
    __table_args__ = (UniqueConstraint("event_id", "name_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(db.ForeignKey("events.id"), index=True)
    name: Mapped[str] = mapped_column(db.String(120))
    name_key: Mapped[str] = mapped_column(db.String(120 * KEY_LENGTH_FACTOR))  # text_key(name)
    capacity: Mapped[int]
    max_teams: Mapped[int] = mapped_column(default=1)

    event = relationship("Event", back_populates="rooms")
    _keep_name_key = keeps_key("name", "name_key")

    @property
    def key(self) -> str:
        return f"r{self.id}"


class SkillTag(db.Model):
    """A skill or need (e.g. 'interviewing'); forms offer these as choices."""

    __tablename__ = "skill_tags"
    __table_args__ = (UniqueConstraint("event_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(db.ForeignKey("events.id"), index=True)
    name: Mapped[str] = mapped_column(db.String(60))
    label: Mapped[str] = mapped_column(db.String(120), default="")


class Language(db.Model):
    """A spoken language, by ISO 639-1 code (e.g. 'de')."""

    __tablename__ = "languages"
    __table_args__ = (UniqueConstraint("event_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(db.ForeignKey("events.id"), index=True)
    code: Mapped[str] = mapped_column(db.String(12))
    name: Mapped[str] = mapped_column(db.String(60))
