"""A real SMTP server for the tests (aiosmtpd on a free localhost port) and helpers to read it."""
import email
import re
import socket
import threading
import time
from email import policy

import pytest
from aiosmtpd.controller import Controller


class Inbox:
    """What the SMTP server received; `refuse` answers that many DATA commands with `answer`."""

    def __init__(self):
        self.messages: list[email.message.EmailMessage] = []
        self.refuse = 0
        self.answer = "451 4.3.0 Mailbox busy, try again later"
        self.attempts = 0
        self._lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self._lock:
            self.attempts += 1
            if self.refuse > 0:
                self.refuse -= 1
                return self.answer
            message = email.message_from_bytes(envelope.content, policy=policy.default)
            message["X-Envelope-To"] = ", ".join(envelope.rcpt_tos)
            self.messages.append(message)
        return "250 Message accepted"

    def to(self, address: str) -> list:
        return [m for m in self.messages if address.lower() in m["To"].lower()]

    def wait_for(self, count: int, timeout: float = 15.0) -> list:
        """Wait until at least `count` messages arrived (the worker sends in the background)."""
        deadline = time.monotonic() + timeout
        while len(self.messages) < count and time.monotonic() < deadline:
            time.sleep(0.05)
        assert len(self.messages) >= count, \
            f"expected {count} emails, the SMTP server received {len(self.messages)}"
        return self.messages


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def text_of(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content().replace("\r\n", "\n")


def html_of(message) -> str:
    return message.get_body(preferencelist=("html",)).get_content()


def personal_link(message) -> str:
    """The path of the personal link in an email's text ('/p/<token>')."""
    match = re.search(r"https?://[^/\s]+(/p/[A-Za-z0-9_-]+)", text_of(message))
    assert match, f"no personal link in: {text_of(message)}"
    return match.group(1)


@pytest.fixture
def smtp_server(app):
    """Start a real SMTP server and point the app (and its outbox worker) at it."""
    from app.extensions import mail
    from app.services.mail.worker import stop_workers

    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port, MAIL_TIMEOUT=5,
                      OUTBOX_RETRY_SECONDS=0.2, OUTBOX_POLL_SECONDS=0.2)
    mail.init_app(app)
    yield inbox
    stop_workers()
    controller.stop()


@pytest.fixture
def outbox_worker(app, smtp_server):
    """The background worker, as a serving process runs it."""
    from app.services.mail.worker import start_worker

    return start_worker(app)
