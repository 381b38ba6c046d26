"""Real server processes for the live board: PostgreSQL database, redis-server, gunicorn.

Used by tests/test_live_processes.py and benchmarks/fanout.py. Every process is started in
its own session so that stop() ends it and whatever it started, and nothing else.
"""
import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent  # the venv's bin/: flask, gunicorn
POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432"
SECRET_KEY = "live-processes-secret"  # one key for every process, as in production
PASSWORD = "correct horse battery"
STAGES = ["empathize", "define", "ideate", "prototype", "test"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fresh_database(name: str) -> str:
    """Drop and create the PostgreSQL database `name`; its SQLAlchemy URL."""
    import psycopg

    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as c:
        c.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        c.execute(f'CREATE DATABASE "{name}"')
    return f"{POSTGRES}/{name}"


def server_env(database_url: str, redis_url: str | None, **extra) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "DATABASE_URL")}
    env.update(DATABASE_URL=database_url, SECRET_KEY=SECRET_KEY, OUTBOX_WORKER="0",
               PYTHONUNBUFFERED="1", **extra)
    if redis_url:
        env["REDIS_URL"] = redis_url
    return env


def migrate(database_url: str) -> None:
    subprocess.run([str(BIN / "flask"), "--app", "wsgi", "db", "upgrade"], cwd=ROOT,
                   env=server_env(database_url, None), check=True, capture_output=True,
                   timeout=120)


def seed(database_url: str, teams: int = 1) -> dict:
    """An event, a coach with an account coaching `teams` teams, and the coach's API token.

    Runs in a subprocess so that this process's Flask-SocketIO is left as it was."""
    out = subprocess.run([sys.executable, "-c", _SEED, str(teams)], cwd=ROOT,
                         env=server_env(database_url, None), check=True, capture_output=True,
                         text=True, timeout=120)
    return json.loads(out.stdout.strip().splitlines()[-1])


_SEED = f"""
import json, sys
from datetime import date
from app import create_app
from app.extensions import db
from app.models import Enterprise, Event, Person
from app.services.accounts import create_api_token, create_user

app = create_app()
with app.app_context():
    event = Event(name="Live test", venue="Farm", starts_on=date(2023, 9, 22),
                  ends_on=date(2023, 9, 24), timezone="Europe/Berlin")
    db.session.add(event)
    db.session.flush()
    coach = Person(event_id=event.id, role="coach", name="Carla Coach", status="accepted",
                   email="coach1@example.org", languages=["en"], max_teams=9999)
    db.session.add(coach)
    ids = []
    for i in range(int(sys.argv[1])):
        team = Enterprise(event_id=event.id, name=f"Team {{i}}", organisation="Org",
                          country="DE", status="accepted", languages=["en"], needs={{}},
                          stage="empathize")
        team.coach = coach
        db.session.add(team)
        db.session.flush()
        ids.append(team.id)
    db.session.commit()
    create_user("coach1@example.org", "coach", {PASSWORD!r}, name="Carla Coach", person=coach)
    print(json.dumps({{"token": create_api_token("coach1@example.org"), "teams": ids}}))
"""


def _start(args: list[str], env: dict | None = None, log: Path | None = None):
    out = open(log, "ab") if log else subprocess.DEVNULL  # noqa: SIM115 (kept by the process)
    return subprocess.Popen(args, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
                            start_new_session=True)


def stop(process, timeout: float = 10) -> None:
    """End the process and its session (SIGTERM, then SIGKILL)."""
    if process is None or process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout)
    except ProcessLookupError:
        pass


def start_redis(port: int, log: Path | None = None):
    process = _start(["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                      "--appendonly", "no"], log=log)
    wait_for(lambda: _redis_ping(port), 10, f"redis-server on port {port}", process)
    return process


def _redis_ping(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1) as s:
            s.sendall(b"PING\r\n")
            return s.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def start_gunicorn(port: int, env: dict, log: Path | None = None, threads: int | None = None):
    """gunicorn with gunicorn.conf.py, the settings `make serve` uses, at 127.0.0.1:port."""
    env = {**env, "HOST": "127.0.0.1", "PORT": str(port)}
    if threads:
        env["SERVE_THREADS"] = str(threads)
    process = _start([str(BIN / "gunicorn"), "-c", "gunicorn.conf.py", "wsgi:app"], env, log)
    wait_for(lambda: _answers(port), 60, f"gunicorn on port {port}", process)
    return process


def _answers(port: int) -> bool:
    try:
        status, _ = request(port, "GET", "/socket.io/?EIO=4&transport=polling", timeout=2)
        return status == 200
    except OSError:
        return False


def wait_for(check, timeout: float, what: str, process=None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"{what} exited with {process.returncode}")
        if check():
            return
        time.sleep(0.1)
    raise TimeoutError(f"{what}: not ready after {timeout} s")


def request(port: int, method: str, path: str, body: dict | None = None,
            token: str | None = None, timeout: float = 10) -> tuple[int, dict | str]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        headers = {"Content-Type": "application/json"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        connection.request(method, path, body=json.dumps(body) if body is not None else None,
                           headers=headers)
        response = connection.getresponse()
        text = response.read().decode()
        try:
            return response.status, json.loads(text)
        except ValueError:
            return response.status, text
    finally:
        connection.close()


def move(port: int, token: str, team: int, stage: str) -> dict:
    status, body = request(port, "POST", f"/api/teams/{team}/stage", {"stage": stage}, token)
    if status != 200:
        raise AssertionError(f"stage move answered {status}: {body}")
    return body


def board_seq(port: int, token: str) -> int:
    status, body = request(port, "GET", "/api/board", token=token)
    assert status == 200, body
    return body["seq"]

