"""Stored schedules: every solver result with a schedule, and every imported schedule file."""
from datetime import datetime

from sqlalchemy import JSON, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db

SCHEDULE_SOURCES = ["solver", "import"]


class ScheduleVersion(db.Model):
    """One schedule of the event; `data` is the full scheduling.md output (status ... explanation).

    Versions count up per event. `published` marks the one agendas, calendars and the board show.
    """

    __tablename__ = "schedule_versions"
    __table_args__ = (UniqueConstraint("event_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(db.ForeignKey("events.id", ondelete="CASCADE"),
                                          index=True)
    version: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(default=datetime.utcnow)
    status: Mapped[str] = mapped_column(db.String(20))
    objective: Mapped[int | None]
    bound: Mapped[int | None]
    solve_seconds: Mapped[float] = mapped_column(default=0.0)
    data: Mapped[dict] = mapped_column(JSON)
    source: Mapped[str] = mapped_column(db.String(20), default="solver")
    published: Mapped[bool] = mapped_column(default=False)
    published_at: Mapped[datetime | None]

    def to_dict(self) -> dict:
        """The schedule in the output format of scheduling.md, plus its version details."""
        return {**self.data, "version": self.version, "source": self.source,
                "created_at": self.created_at.isoformat(timespec="seconds"),
                "published": self.published}

    def __repr__(self) -> str:
        return f"<ScheduleVersion {self.version} {self.status}>"
