"""What the live board keeps: each team's stage moves, help requests and announcements.

The board's state is the teams' current stage (Enterprise.stage, .stage_since), their open
help request, the last announcements and the event's countdown; these tables keep the history,
and `Event.live_seq` numbers every board change so that a client can tell it missed one.
"""
from datetime import datetime

from sqlalchemy import UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db


class StageChange(db.Model):
    """One move of a team from a stage to another (back as well as forward), by whom."""
    __tablename__ = "stage_changes"
    # A phone that retries a move on bad Wi-Fi sends the same client id: recorded once.
    __table_args__ = (UniqueConstraint("enterprise_id", "client_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(db.ForeignKey("events.id"), index=True)
    enterprise_id: Mapped[int] = mapped_column(
        db.ForeignKey("enterprises.id", ondelete="CASCADE"), index=True)
    previous: Mapped[str | None] = mapped_column(db.String(50))
    stage: Mapped[str | None] = mapped_column(db.String(50))
    note: Mapped[str] = mapped_column(db.String(500), default="")
    by_user_id: Mapped[int | None] = mapped_column(
        db.ForeignKey("users.id", ondelete="SET NULL"))
    by_name: Mapped[str] = mapped_column(db.String(200), default="")
    client_id: Mapped[str | None] = mapped_column(db.String(64))
    created_at: Mapped[datetime] = mapped_column(default=datetime.utcnow)

    enterprise = relationship("Enterprise")


class HelpRequest(db.Model):
    """A team's "needs help" flag: raised, claimed by a coach ("on my way"), closed."""
    __tablename__ = "help_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(db.ForeignKey("events.id"), index=True)
    enterprise_id: Mapped[int] = mapped_column(
        db.ForeignKey("enterprises.id", ondelete="CASCADE"), index=True)
    note: Mapped[str] = mapped_column(db.String(500), default="")
    raised_by: Mapped[str] = mapped_column(db.String(200), default="")
    raised_at: Mapped[datetime] = mapped_column(default=datetime.utcnow)
    claimed_by: Mapped[str | None] = mapped_column(db.String(200))
    claimed_at: Mapped[datetime | None]
    closed_by: Mapped[str | None] = mapped_column(db.String(200))
    closed_at: Mapped[datetime | None] = mapped_column(index=True)

    enterprise = relationship("Enterprise")


class Announcement(db.Model):
    __tablename__ = "announcements"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(db.ForeignKey("events.id"), index=True)
    text: Mapped[str] = mapped_column(db.String(500))
    by_name: Mapped[str] = mapped_column(db.String(200), default="")
    created_at: Mapped[datetime] = mapped_column(default=datetime.utcnow)
