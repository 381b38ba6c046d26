"""A warm standby for the local worker (no REDIS_URL, SOLVE_STANDBY on).

A fresh child (`flask schedule work JOB`) spends 2-3 s importing the app and OR-Tools before
it solves anything. So each web process keeps one child that has done that already
(`flask schedule standby`) and waits for a job id on its stdin: the next job is handed to it,
and a new standby is started for the job after. The standby runs one job and exits, like a
fresh child, so the watcher in worker.py treats both alike. EOF on its stdin (the web process
died) ends it. If the standby is gone, or dies before it took the job, the job goes to a fresh
child: nothing is lost.
"""
import os
import select
import subprocess
import threading

from flask import Flask

READY_FD_ENV = "SOLVE_STANDBY_READY_FD"  # the standby writes one byte there once imported
_lock = threading.Lock()


class Standby:
    def __init__(self, child: subprocess.Popen, out, ready_fd: int):
        self.child, self.out, self._ready_fd, self._ready = child, out, ready_fd, False

    def alive(self) -> bool:
        return self.child.poll() is None

    def wait_ready(self, timeout: float) -> bool:
        """True once the child has imported everything (for the benchmark and tests)."""
        if not self._ready and self._ready_fd >= 0:
            readable, _w, _x = select.select([self._ready_fd], [], [], timeout)
            if readable:
                self._ready = bool(os.read(self._ready_fd, 1))
                os.close(self._ready_fd)
                self._ready_fd = -1
        return self._ready

    def hand(self, job_id: int) -> bool:
        """Give it the job; False if it is gone (then the caller starts a fresh child)."""
        if not self.alive():
            return False
        try:
            self.child.stdin.write(f"{job_id}\n".encode())
            self.child.stdin.close()
        except OSError:  # it died in between: a broken pipe
            return False
        return True

    def discard(self) -> None:
        """Close what this process holds of a standby that will not be used."""
        if self._ready_fd >= 0:
            os.close(self._ready_fd)
            self._ready_fd = -1
        try:
            self.child.stdin.close()  # EOF: it exits by itself
        except OSError:
            pass
        self.out.close()


def enabled(app: Flask) -> bool:
    return bool(app.config.get("SOLVE_STANDBY")) and not app.config.get("REDIS_URL")


def take(app: Flask) -> Standby | None:
    """The warm standby, now no longer this process's standby (None if there is none alive)."""
    with _lock:
        standby = app.extensions.pop("solve_standby", None)
    if standby is not None and not standby.alive():
        standby.discard()
        return None
    return standby


def ensure(app: Flask) -> Standby | None:
    """Start a standby if this process has none (alive); returns it."""
    if not enabled(app):
        return None
    from app.services.schedule.worker import child_environment, open_log, work_command

    with _lock:
        standby = app.extensions.get("solve_standby")
        if standby is not None and standby.alive():
            return standby
        if standby is not None:
            standby.discard()
        read_end, write_end = os.pipe()
        out = open_log(app)
        try:
            child = subprocess.Popen(
                work_command(None), cwd=_base_dir(), stdout=out, stderr=subprocess.STDOUT,
                stdin=subprocess.PIPE, start_new_session=True, pass_fds=(write_end,),
                env={**child_environment(app), READY_FD_ENV: str(write_end)})
        except OSError:
            os.close(read_end)
            out.close()
            raise
        finally:
            os.close(write_end)
        standby = app.extensions["solve_standby"] = Standby(child, out, read_end)
        return standby


def _base_dir():
    from app.config import BASE_DIR

    return BASE_DIR


def register(app: Flask) -> None:
    """Warm the standby with the first request, so CLI commands never start one."""
    if not enabled(app):
        return

    @app.before_request
    def ensure_solve_standby():
        standby = app.extensions.get("solve_standby")
        if standby is None or not standby.alive():
            ensure(app)


def serve_one_job() -> str | None:
    """The standby child's side: signal readiness, wait for one job id, run it."""
    import sys

    from app.services.schedule.worker import run_job  # imports OR-Tools too

    ready_fd = os.environ.get(READY_FD_ENV)
    if ready_fd:
        try:
            os.write(int(ready_fd), b"r")
            os.close(int(ready_fd))
        except OSError:
            pass
    line = sys.stdin.readline()
    if not line.strip():
        return None  # EOF: the web process is gone (or discarded this standby)
    return run_job(int(line))
