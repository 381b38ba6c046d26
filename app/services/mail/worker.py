"""The outbox worker: a thread that sends queued emails outside every request.

Each serving process starts one on its first request (when OUTBOX_WORKER is on and a mail
server is configured); `flask outbox work` runs one as a process of its own. It wakes when a
commit in this process queued an email, and otherwise polls, so retries that fall due and emails
queued by other processes go out too. Several workers may run at once: the claim in
`deliver_due` makes sure each email is sent by one of them.
"""
import threading
from datetime import datetime

from flask import Flask

from app.extensions import db

_workers: list["OutboxWorker"] = []
_lock = threading.Lock()


class OutboxWorker:
    def __init__(self, app: Flask):
        self.app = app
        self._wake = threading.Event()
        self._stop = threading.Event()
        self.thread = threading.Thread(target=self.run, name="outbox-worker", daemon=True)

    def start(self) -> "OutboxWorker":
        self.thread.start()
        return self

    def wake(self) -> None:
        self._wake.set()

    def stop(self, timeout: float = 10) -> None:
        self._stop.set()
        self._wake.set()
        self.thread.join(timeout)

    def run(self) -> None:
        poll = self.app.config["OUTBOX_POLL_SECONDS"]
        while not self._stop.is_set():
            wait = poll
            try:
                wait = self.deliver_once(poll)
            except Exception:  # a broken pass must not end the worker: log it, try again later
                self.app.logger.exception("The outbox worker failed; it tries again shortly")
            self._wake.wait(timeout=wait)
            self._wake.clear()

    def deliver_once(self, poll: float) -> float:
        """One pass; returns how long to sleep (until the next retry falls due, at most poll)."""
        from app.services.mail.outbox import deliver_due

        with self.app.app_context():
            try:
                report = deliver_due()
            finally:
                db.session.remove()
        if report.next_due is None:
            return poll
        return max(0.05, min(poll, (report.next_due - datetime.utcnow()).total_seconds()))


def start_worker(app: Flask) -> OutboxWorker:
    """Start a worker for `app` in this process (once per app)."""
    with _lock:
        for worker in _workers:
            if worker.app is app and worker.thread.is_alive():
                return worker
        worker = OutboxWorker(app).start()
        _workers.append(worker)
        return worker


def stop_workers() -> None:
    with _lock:
        workers = list(_workers)
        _workers.clear()
    for worker in workers:
        worker.stop()


def wake_workers() -> None:
    for worker in list(_workers):
        worker.wake()


def register(app: Flask) -> None:
    """Start the worker lazily with the first request, so CLI commands never start one."""
    if not app.config.get("OUTBOX_WORKER"):
        return

    @app.before_request
    def ensure_outbox_worker():
        if app.config.get("MAIL_SERVER"):
            start_worker(app)
