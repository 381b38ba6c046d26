"""Solve jobs through RQ: a real redis-server started here on a free port and a real
`flask --app wsgi schedule worker` process; progress reaches Socket.IO's message queue."""
import json
import os
import pickle
import signal
import subprocess
import sys
import threading
import time

import pytest
from redis import Redis
from redis.exceptions import ConnectionError as RedisConnectionError

import scheduler
from app.extensions import db
from app.models import ScheduleVersion
from app.services.accounts import create_api_token
from app.services.demo import load_demo
from app.services.live.names import SOLVE_DONE, SOLVE_PROGRESS
from app.services.live.queue import CHANNEL
from benchmarks import live_servers as live
from tests.schedule_jobs_helpers import DEMO_PASSWORD, job_row, wait_for_job

ROOT = live.ROOT


@pytest.fixture
def redis_url(tmp_path):
    port = live.free_port()
    server = live.start_redis(port, tmp_path / "redis.log")
    try:
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        live.stop(server)


@pytest.fixture
def demo_client(app, client, redis_url):
    app.config["DEMO_PASSWORD"] = DEMO_PASSWORD
    app.config["REDIS_URL"] = redis_url  # this (web) process now enqueues on RQ
    load_demo()
    client.environ_base["HTTP_AUTHORIZATION"] = "Bearer " + create_api_token(
        "organiser@example.org")
    return client


@pytest.fixture
def rq_worker(app, redis_url, tmp_path):
    env = live.server_env(app.config["SQLALCHEMY_DATABASE_URI"], redis_url)
    log = tmp_path / "worker.log"
    process = subprocess.Popen(
        [sys.executable, "-m", "flask", "--app", "wsgi", "schedule", "worker"], cwd=ROOT,
        env=env, stdout=open(log, "ab"), stderr=subprocess.STDOUT,  # noqa: SIM115
        start_new_session=True)
    process.log = log
    try:
        yield process
    finally:
        live.stop(process)


class Subscriber:
    """What the Socket.IO message queue carries: the emits of Flask-SocketIO's RedisManager."""

    def __init__(self, url: str):
        self.pubsub = Redis.from_url(url).pubsub()
        self.pubsub.subscribe(CHANNEL)
        self.events: list[dict] = []
        self.thread = threading.Thread(target=self._listen, daemon=True)
        self.thread.start()

    def _listen(self):
        try:
            self._read()
        except RedisConnectionError:  # the test ended and stopped redis-server
            pass

    def _read(self):
        for message in self.pubsub.listen():
            if message["type"] == "message":
                raw = message["data"]
                # python-socketio sends JSON (older versions pickled).
                data = json.loads(raw) if raw[:1] == b"{" else pickle.loads(raw)
                if data.get("method") == "emit":
                    self.events.append(data)

    def names(self) -> list[str]:
        return [e["event"] for e in self.events]


def _versions():
    db.session.rollback()
    return db.session.execute(db.select(ScheduleVersion)).scalars().all()


def test_a_solve_runs_on_the_rq_worker_and_its_progress_goes_through_redis(
        app, demo_client, rq_worker, redis_url):
    listener = Subscriber(redis_url)
    response = demo_client.post("/api/schedule/solve", json={"time_limit": 3})
    assert response.status_code == 202
    job = response.get_json()["job"]
    assert demo_client.post("/api/schedule/solve", json={"time_limit": 3}).status_code == 409
    view = wait_for_job(demo_client, job, timeout=40)
    assert view["status"] == "done", (view, rq_worker.log.read_text()[-3000:])
    [version] = _versions()
    assert (version.version, version.job_id, version.source) == (1, job, "solver")
    instance = demo_client.get("/api/schedule/instance").get_json()
    assert scheduler.check(instance, version.data).violations == []

    deadline = time.monotonic() + 5
    while SOLVE_DONE not in listener.names() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert SOLVE_PROGRESS in listener.names() and SOLVE_DONE in listener.names()
    progress = next(e for e in listener.events if e["event"] == SOLVE_PROGRESS)
    assert progress["namespace"] == "/live" and progress["data"][0]["job"] == job
    assert progress["room"] == ["event-1"]
    done = next(e for e in listener.events if e["event"] == SOLVE_DONE)
    assert (done["data"][0]["status"], done["data"][0]["version"]) == ("done", 1)


def test_a_killed_rq_worker_marks_its_job_failed(app, demo_client, rq_worker):
    app.config["SOLVE_HEARTBEAT_STALE_SECONDS"] = 4
    job = demo_client.post("/api/schedule/solve", json={"time_limit": 60}).get_json()["job"]
    wait_for_job(demo_client, job, statuses=("running",), timeout=30)
    # RQ runs the job in a work horse of its own session: the job row names its pid.
    horse = int(job_row(job).worker.rsplit(":", 1)[1])
    assert horse != rq_worker.pid
    os.killpg(rq_worker.pid, signal.SIGKILL)
    os.kill(horse, signal.SIGKILL)
    rq_worker.wait(10)
    view = wait_for_job(demo_client, job, timeout=15)
    assert view["status"] == "failed" and "worker stopped" in view["message"], view
    assert _versions() == []
    # A new solve may be queued again.
    assert demo_client.post("/api/schedule/solve", json={"time_limit": 3}).status_code == 202
