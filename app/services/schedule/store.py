"""Schedules of the event: export the instance, solve it, import a schedule file, store versions.

The solver and the independent checker live in the `scheduler` package; this module is the
bridge between them and the database (instance.py builds the instance).
"""
import json
from dataclasses import dataclass

import scheduler
from app.extensions import db
from app.models import Event, ScheduleVersion
from app.services.events import require_event
from app.services.schedule.instance import build_instance

USABLE = ("optimal", "feasible")


class ScheduleError(ValueError):
    """A schedule cannot be made or stored; `messages` say why, each naming what is wrong."""

    def __init__(self, messages: list[str]):
        self.messages = list(messages)
        super().__init__("\n".join(self.messages))


@dataclass
class SolveOutcome:
    """The solver's answer (scheduling.md output) and the version it was stored as, if any."""

    schedule: dict
    version: ScheduleVersion | None

    @property
    def stored(self) -> bool:
        return self.version is not None


def export_instance() -> dict:
    """The instance of the current event, as `schedule export` prints it."""
    return build_instance(require_event())


def solve_and_store(time_limit: float = 10.0, workers: int = 2, progress=None,
                    stop=None) -> SolveOutcome:
    """Solve the current event; a result that holds a schedule becomes the next version.

    Infeasible, unknown and invalid results are returned with their explanation and not stored.
    """
    event = require_event()
    result = scheduler.solve(build_instance(event), time_limit=time_limit, workers=workers,
                             progress=progress, stop=stop).to_dict()
    if result["status"] not in USABLE:
        return SolveOutcome(result, None)
    version = _store(event, result, "solver")
    db.session.commit()
    return SolveOutcome(result, version)


def parse_schedule_text(text: str | bytes, name: str = "the file") -> dict:
    """JSON text -> dict, or ScheduleError saying where the JSON is broken."""
    try:
        data = json.loads(text)
    except UnicodeDecodeError:
        raise ScheduleError([f"{name} is not a UTF-8 text file"]) from None
    except json.JSONDecodeError as exc:
        raise ScheduleError([f"{name} is not valid JSON: {exc.msg} at line {exc.lineno} "
                             f"column {exc.colno}"]) from None
    if not isinstance(data, dict):
        raise ScheduleError([f"{name} must hold a JSON object (a schedule), not "
                             f"{type(data).__name__}"])
    return data


def import_schedule(data: dict, name: str = "the file") -> ScheduleVersion:
    """Check a schedule (scheduling.md output) against the current event and store it.

    Nothing is stored unless it satisfies every hard rule H1-H10 for the event as it is now.
    The objective and team values are recomputed by the checker, not taken from the file.
    """
    event = require_event()
    try:
        schedule = scheduler.parse_schedule(data)
    except scheduler.InvalidInstance as exc:
        raise ScheduleError([f"{name} is not a schedule: {m}" for m in exc.messages]) from None
    if schedule.status not in USABLE:
        raise ScheduleError([f"{name} has status '{schedule.status}': it holds no schedule "
                             f"(expected one of {', '.join(USABLE)})"])
    instance = _parsed_instance(event)
    report = scheduler.check(instance, schedule)
    if report.violations:
        raise ScheduleError([_describe(name, v) for v in report.violations])
    stored = schedule.to_dict()
    stored["objective"] = report.objective
    stored["team_values"] = dict(sorted(report.team_values.items()))
    if schedule.objective != report.objective or (schedule.bound or 0) < report.objective:
        # The file's claims do not match this event's data: keep only what was verified.
        stored["status"], stored["bound"] = "feasible", None
    version = _store(event, stored, "import")
    db.session.commit()
    return version


def latest_version(event: Event | None = None, usable_only: bool = True) -> ScheduleVersion | None:
    event = event or require_event()
    query = db.select(ScheduleVersion).filter_by(event_id=event.id)
    if usable_only:
        query = query.filter(ScheduleVersion.status.in_(USABLE))
    return db.session.execute(
        query.order_by(ScheduleVersion.version.desc()).limit(1)).scalar_one_or_none()


def published_schedule(event: Event) -> ScheduleVersion | None:
    """The version agendas, calendars and the board show now (the one published), or None."""
    return db.session.execute(
        db.select(ScheduleVersion).filter_by(event_id=event.id, published=True)
        .order_by(ScheduleVersion.published_at.desc(), ScheduleVersion.version.desc())
        .limit(1)).scalar_one_or_none()


def _describe(name: str, violation) -> str:
    if violation.rule == "REF":  # an id the event does not have
        return f"{name} names something this event does not have: {violation.message}"
    return f"{name} breaks rule {violation.rule}: {violation.message}"


def _parsed_instance(event: Event):
    try:
        return scheduler.parse_instance(build_instance(event))
    except scheduler.InvalidInstance as exc:
        raise ScheduleError(["the event's data is not a valid scheduling instance yet: " + m
                             for m in exc.messages]) from None


def _store(event: Event, result: dict, source: str) -> ScheduleVersion:
    last = db.session.execute(
        db.select(db.func.max(ScheduleVersion.version)).filter_by(event_id=event.id)).scalar()
    version = ScheduleVersion(event_id=event.id, version=(last or 0) + 1,
                              status=result["status"], objective=result.get("objective"),
                              bound=result.get("bound"),
                              solve_seconds=float(result.get("solve_seconds") or 0.0),
                              data=result, source=source)
    db.session.add(version)
    return version
