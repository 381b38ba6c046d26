"""Stored schedules and everything around them: versions, publications, solve jobs, and the
calendar entries whose SEQUENCE tells calendar apps that one of a person's events changed."""
from datetime import datetime

from sqlalchemy import JSON, Index, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db

# solver: a solve job's result; replan: a solve that kept the published schedule where it could;
# edit: an organiser's hand edit of a version; import: a checked schedule file.
SCHEDULE_SOURCES = ["solver", "replan", "edit", "import"]
JOB_STATUSES = ["queued", "running", "done", "failed", "cancelled"]
ACTIVE_JOB_STATUSES = ("queued", "running")


class ScheduleVersion(db.Model):
    """One schedule of the event; `data` is the full scheduling.md output (status ... explanation).

    Versions count up per event. `published` marks the one agendas, calendars and the board show
    (at most one per event); `publications` keeps who published which version when.
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
    # The version this one was made from (an edit's or a re-plan's starting point), the job that
    # made it, who made it, and a line for the versions list ("re-plan without Anna Huber").
    based_on: Mapped[int | None]
    job_id: Mapped[int | None] = mapped_column(
        db.ForeignKey("solve_jobs.id", ondelete="SET NULL"))
    created_by_id: Mapped[int | None] = mapped_column(
        db.ForeignKey("users.id", ondelete="SET NULL"))
    note: Mapped[str] = mapped_column(db.String(500), default="", server_default="")

    def to_dict(self) -> dict:
        """The schedule in the output format of scheduling.md, plus its version details."""
        return {**self.data, "version": self.version, "source": self.source,
                "created_at": self.created_at.isoformat(timespec="seconds"),
                "published": self.published}

    def __repr__(self) -> str:
        return f"<ScheduleVersion {self.version} {self.status}>"


class SchedulePublication(db.Model):
    """One publish: which version became the one everyone sees, by whom, and what changed
    against the version published before it (`changes` as POST /api/schedule/publish answers)."""

    __tablename__ = "schedule_publications"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(db.ForeignKey("events.id", ondelete="CASCADE"),
                                          index=True)
    version: Mapped[int]
    previous_version: Mapped[int | None]
    published_at: Mapped[datetime] = mapped_column(default=datetime.utcnow)
    published_by_id: Mapped[int | None] = mapped_column(
        db.ForeignKey("users.id", ondelete="SET NULL"))
    published_by_name: Mapped[str] = mapped_column(db.String(200), default="")
    changes: Mapped[dict] = mapped_column(JSON, default=dict)


class SolveJob(db.Model):
    """One solve of the event, run by a worker outside the web request.

    The record is the job: a worker takes it from the database (or from RQ, which carries only
    its id), writes its progress here, and a job whose worker died is found by its stale
    heartbeat and marked failed. At most one job per event is queued or running: a partial
    unique index enforces it, so two organisers pressing "solve" at once get one job and a 409.
    """

    __tablename__ = "solve_jobs"
    __table_args__ = (
        Index("uq_solve_jobs_one_active", "event_id", unique=True,
              sqlite_where=text("status IN ('queued', 'running')"),
              postgresql_where=text("status IN ('queued', 'running')")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(db.ForeignKey("events.id", ondelete="CASCADE"),
                                          index=True)
    status: Mapped[str] = mapped_column(db.String(20), default="queued")  # JOB_STATUSES
    time_limit: Mapped[float] = mapped_column(default=10.0)
    # {"replan": bool, "absent": [person ids], "freeze_before": "YYYY-MM-DDTHH:MM" or None}
    options: Mapped[dict] = mapped_column(JSON, default=dict)
    created_by_id: Mapped[int | None] = mapped_column(
        db.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=datetime.utcnow)
    started_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]
    heartbeat_at: Mapped[datetime | None]
    worker: Mapped[str] = mapped_column(db.String(200), default="", server_default="")
    cancel_requested: Mapped[bool] = mapped_column(default=False, server_default=text("false"))
    objective: Mapped[int | None]
    bound: Mapped[int | None]
    seconds: Mapped[float | None]
    # The solver's own status (optimal, feasible, infeasible, unknown, invalid) and its reasons.
    result_status: Mapped[str | None] = mapped_column(db.String(20))
    explanation: Mapped[list] = mapped_column(JSON, default=list)
    message: Mapped[str] = mapped_column(db.Text, default="", server_default="")
    version: Mapped[int | None]  # the ScheduleVersion.version it stored


class CalendarEntry(db.Model):
    """What a person's calendar said for one entry at the last publish, and its SEQUENCE.

    RFC 5545 wants SEQUENCE to rise each time an event is revised; the publish compares each
    entry's digest with the stored one and raises the sequence of those that changed."""

    __tablename__ = "calendar_entries"
    __table_args__ = (UniqueConstraint("person_id", "uid"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(db.ForeignKey("people.id", ondelete="CASCADE"),
                                           index=True)
    uid: Mapped[str] = mapped_column(db.String(255))
    digest: Mapped[str] = mapped_column(db.String(64))
    sequence: Mapped[int] = mapped_column(default=0)
    updated_at: Mapped[datetime] = mapped_column(default=datetime.utcnow)
