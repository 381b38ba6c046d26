"""Changes participants made themselves after a schedule was published.

Organisers see them listed ("Anna Huber withdrew: 3 meetings affected") until they mark them
handled; the schedule's re-plan reads the open ones (people who withdrew are absent).
"""
from datetime import datetime

from sqlalchemy import JSON
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db

CHANGE_KINDS = ["withdrew", "team_withdrew", "availability", "languages", "skills", "members",
                "coach_limit", "details"]


class ParticipantChange(db.Model):
    __tablename__ = "participant_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(db.ForeignKey("events.id", ondelete="CASCADE"),
                                          index=True)
    person_id: Mapped[int | None] = mapped_column(
        db.ForeignKey("people.id", ondelete="SET NULL"), index=True)
    enterprise_id: Mapped[int | None] = mapped_column(
        db.ForeignKey("enterprises.id", ondelete="SET NULL"), index=True)
    # Kept as written at the time: the change stays readable after the record changes again.
    person_name: Mapped[str] = mapped_column(db.String(200), default="")
    kinds: Mapped[list] = mapped_column(JSON, default=list)  # CHANGE_KINDS
    details: Mapped[dict] = mapped_column(JSON, default=dict)
    # The published schedule version the change was measured against, and what it touches there.
    schedule_version: Mapped[int | None]
    meetings_affected: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=datetime.utcnow)
    handled_at: Mapped[datetime | None]

    person = relationship("Person")
    enterprise = relationship("Enterprise")
