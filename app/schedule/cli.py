"""`flask --app wsgi schedule export|solve|import`: the scheduler's JSON formats (scheduling.md);
`schedule work JOB` and `schedule worker`: the solve workers (app/services/schedule/worker.py)."""
import json
from pathlib import Path

import click
from flask.cli import AppGroup

from app.services.events import NoEvent

schedule_cli = AppGroup("schedule", help="Export the instance, solve it, import a schedule.")


def _fail(messages: list[str]) -> None:
    raise click.ClickException("\n".join(messages))


@schedule_cli.command("export")
def export() -> None:
    """Print the scheduling instance of the event as JSON (schedule export > INSTANCE.json)."""
    from app.services.schedule.store import export_instance

    try:
        instance = export_instance()
    except NoEvent as exc:
        _fail([str(exc)])
    click.echo(json.dumps(instance, indent=2, ensure_ascii=False))


@schedule_cli.command("solve")
@click.option("--time-limit", type=click.FloatRange(min=0.1), default=30.0, show_default=True,
              help="Seconds the solver may search.")
@click.option("--workers", type=click.IntRange(min=1), default=2, show_default=True,
              help="Parallel solver workers.")
def solve(time_limit: float, workers: int) -> None:
    """Solve the event's instance and store the schedule as a new version."""
    from app.services.schedule.store import solve_and_store

    def progress(p) -> None:
        click.echo(f"  objective {p.objective}, bound {p.bound} after {p.seconds:.1f} s",
                   err=True)

    click.echo(f"Solving (at most {time_limit:g} s, {workers} workers) ...", err=True)
    try:
        outcome = solve_and_store(time_limit=time_limit, workers=workers, progress=progress)
    except NoEvent as exc:
        _fail([str(exc)])
    result = outcome.schedule
    if not outcome.stored:
        _fail([f"No schedule: the solver says '{result['status']}'."]
              + [f"  {line}" for line in result.get("explanation") or []])
    click.echo(f"Stored schedule version {outcome.version.version}: {result['status']}, "
               f"objective {result['objective']} (bound {result['bound']}), "
               f"{len(result['meetings'])} meetings, {result['solve_seconds']:.1f} s.")


@schedule_cli.command("import")
@click.argument("schedule_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def import_(schedule_file: Path) -> None:
    """Check SCHEDULE_FILE (solver output JSON) against the event and store it if valid."""
    from app.services.schedule.store import ScheduleError, import_schedule, parse_schedule_text

    try:
        data = parse_schedule_text(schedule_file.read_bytes(), schedule_file.name)
        version = import_schedule(data, schedule_file.name)
    except ScheduleError as exc:
        _fail([f"{schedule_file.name} was not imported:"] + [f"  {m}" for m in exc.messages])
    except NoEvent as exc:
        _fail([str(exc)])
    click.echo(f"Imported {schedule_file.name} as schedule version {version.version}: "
               f"{version.status}, objective {version.objective}.")


@schedule_cli.command("work")
@click.argument("job_id", type=click.IntRange(min=1))
def work(job_id: int) -> None:
    """Run solve job JOB_ID to its end (the local worker starts this for each job)."""
    from app.services.schedule.worker import run_job

    try:
        status = run_job(job_id)
    except LookupError as exc:
        _fail([str(exc)])
    click.echo(f"Solve job {job_id}: {status}.")


@schedule_cli.command("standby")
def standby() -> None:
    """Wait, imported and ready, for one job id on stdin and run it (the local worker's warm
    standby, app/services/schedule/standby.py); EOF ends it."""
    from app.services.schedule.standby import serve_one_job

    status = serve_one_job()
    if status is not None:
        click.echo(f"Solve job: {status}.")


@schedule_cli.command("worker")
@click.option("--burst", is_flag=True, help="Stop when the queue is empty.")
def worker(burst: bool) -> None:
    """Run solve jobs from the Redis queue "solve" (needs REDIS_URL); run one or more."""
    from flask import current_app

    from app.services.schedule.worker import run_rq_worker

    try:
        run_rq_worker(current_app._get_current_object(), burst=burst)
    except RuntimeError as exc:
        _fail([str(exc)])
