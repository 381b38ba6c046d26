"""What the solve page shows: the data checks, the job running or last run, the history, and
the re-plan form's choices (who may be absent, from when the schedule is re-planned)."""
from dataclasses import dataclass
from datetime import datetime

from app.extensions import db
from app.models import Enterprise, Event, EventSession, Person, SolveJob
from app.services.agenda import event_zone
from app.services.participant_changes import absent_person_ids
from app.services.schedule import jobs
from app.services.schedule.data_checks import DataReport, check_event_data
from app.services.schedule.store import published_schedule

ROLE_ORDER = {"partner": 0, "coach": 1, "member": 2}


@dataclass
class SolvePage:
    report: DataReport
    job: SolveJob | None       # the active job, else the latest one
    running: bool
    history: list[SolveJob]
    published_version: int | None
    people: list[tuple[int, str, str, str | None]]  # (id, name, role, team name)
    absent: list[int]
    freeze_before: str


def solve_page(event: Event, absent_query: str | None, freeze_query: str | None) -> SolvePage:
    jobs.reap_stale(event)
    history = jobs.recent_jobs(event)
    job = jobs.active_job(event) or (history[0] if history else None)
    published = published_schedule(event)
    absent = sorted(set(absent_person_ids(event)) | set(_ids(absent_query)))
    return SolvePage(report=check_event_data(event), job=job,
                     running=job is not None and job.status in ("queued", "running"),
                     history=history,
                     published_version=published.version if published else None,
                     people=_people(event, absent), absent=absent,
                     freeze_before=_freeze_default(event, freeze_query))


def _ids(text: str | None) -> list[int]:
    return [int(part) for part in (text or "").replace(" ", "").split(",") if part.isdigit()]


def _people(event: Event, absent: list[int]) -> list[tuple[int, str, str, str | None]]:
    """Everyone who may be absent: the accepted partners, coaches and team members, and the
    ones already marked absent (a withdrawal) whatever their status now."""
    rows = db.session.execute(
        db.select(Person.id, Person.name, Person.role, Enterprise.name)
        .outerjoin(Enterprise, Person.enterprise_id == Enterprise.id)
        .filter(Person.event_id == event.id, Person.role.in_(jobs.PERSON_ROLES),
                (Person.status == "accepted") | Person.id.in_(absent or [0]))).all()
    rows.sort(key=lambda r: (ROLE_ORDER[r[2]], r[3] or "", r[1]))
    return [tuple(row) for row in rows]


def _freeze_default(event: Event, query: str | None) -> str:
    """?freeze_before= as given, else the start of the next session (local time), else ''."""
    if query:
        try:
            return datetime.fromisoformat(query).strftime("%Y-%m-%dT%H:%M")
        except ValueError:
            return query
    now = datetime.now(event_zone(event)).replace(tzinfo=None)
    start = db.session.execute(
        db.select(EventSession.starts_at).filter(EventSession.event_id == event.id,
                                                 EventSession.starts_at > now)
        .order_by(EventSession.starts_at).limit(1)).scalar()
    return start.strftime("%Y-%m-%dT%H:%M") if start else ""
