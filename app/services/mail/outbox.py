"""The outbox: queue emails with the change that causes them; deliver them after the commit.

`queue_email` only adds a row to the session: the caller's commit writes it together with the
change (nothing is sent for a change that was rolled back, nothing is lost for one that was
committed). `deliver_due` is what the background worker runs: it claims each due email with one
conditional UPDATE (so two workers never send the same email), sends it over SMTP, and records
the result; a failure is retried with exponential backoff, a permanent refusal (5xx) is not.
"""
import smtplib
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.utils import make_msgid

from flask import current_app
from flask_babel import gettext as _
from flask_mailman import EmailMultiAlternatives
from sqlalchemy import event as orm_event
from sqlalchemy import update
from sqlalchemy.orm import Session

from app.extensions import db, mail
from app.models import OutboxEmail, Person

WAKE_FLAG = "outbox_wake"


def utcnow() -> datetime:
    return datetime.utcnow()


def mail_server_configured() -> bool:
    return bool(current_app.config.get("MAIL_SERVER"))


def queue_email(*, to_address: str, subject: str, kind: str, body_text: str, body_html: str = "",
                locale: str = "en", to_name: str = "", person: Person | None = None,
                event_id: int | None = None) -> OutboxEmail:
    """Add an email to the outbox (in the caller's transaction; the caller commits)."""
    email = OutboxEmail(
        event_id=event_id if event_id is not None else (person.event_id if person else None),
        person=person, to_address=to_address, to_name=to_name or (person.name if person else ""),
        subject=subject[:300], kind=kind, locale=locale, body_text=body_text,
        body_html=body_html, status="queued" if mail_server_configured() else "held",
        next_attempt_at=utcnow(), message_id=make_msgid(domain=_sender_domain()))
    db.session.add(email)
    db.session.info[WAKE_FLAG] = True
    return email


def _sender_domain() -> str:
    """The domain of the From address, for Message-IDs (never the machine's own name)."""
    sender = current_app.config.get("MAIL_DEFAULT_SENDER") or ""
    domain = sender.rsplit("@", 1)[-1].strip(" >") if "@" in sender else ""
    return domain or "localhost"


@orm_event.listens_for(Session, "after_commit")
def _wake_worker_after_commit(session: Session) -> None:
    # Emails are sent only after the change that caused them is committed.
    if session.info.pop(WAKE_FLAG, False):
        from app.services.mail.worker import wake_workers

        wake_workers()


@orm_event.listens_for(Session, "after_rollback")
def _forget_wake_after_rollback(session: Session) -> None:
    session.info.pop(WAKE_FLAG, None)


# Delivery

@dataclass
class DeliveryReport:
    sent: int = 0
    retrying: int = 0
    failed: int = 0
    next_due: datetime | None = None  # when the next queued email falls due, if any


class PermanentFailure(Exception):
    """The SMTP server refused the email for good (a 5xx answer): no retry."""


def _claim(email_id: int, now: datetime) -> bool:
    """Take the email for this worker; False when another worker took it first."""
    result = db.session.execute(
        update(OutboxEmail)
        .where(OutboxEmail.id == email_id, OutboxEmail.status == "queued")
        .values(status="sending", claimed_at=now, attempts=OutboxEmail.attempts + 1)
        .execution_options(synchronize_session=False))
    db.session.commit()
    return result.rowcount == 1


def _expire_stale_claims(now: datetime) -> None:
    """A worker that died while sending leaves 'sending': it is not sent again automatically
    (it may have arrived), but marked failed so that organisers see it and can resend."""
    lease = timedelta(seconds=current_app.config["OUTBOX_LEASE_SECONDS"])
    db.session.execute(
        update(OutboxEmail)
        .where(OutboxEmail.status == "sending", OutboxEmail.claimed_at < now - lease)
        .values(status="failed", last_error=_(
            "The worker stopped while sending this email; it may or may not have arrived. "
            "Resend it if needed."))
        .execution_options(synchronize_session=False))
    db.session.commit()


def _message(email: OutboxEmail, connection) -> EmailMultiAlternatives:
    to = f"{email.to_name} <{email.to_address}>" if email.to_name else email.to_address
    headers = {"Message-ID": email.message_id}
    reply_to = _reply_to(email)
    message = EmailMultiAlternatives(email.subject, email.body_text, to=[to], headers=headers,
                                     reply_to=[reply_to] if reply_to else None,
                                     connection=connection)
    if email.body_html:
        message.attach_alternative(email.body_html, "text/html")
    return message


def _reply_to(email: OutboxEmail) -> str | None:
    from app.models import Event

    event = db.session.get(Event, email.event_id) if email.event_id else None
    return (event.contact_email or None) if event is not None else None


def _is_permanent(exc: Exception) -> bool:
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _msg in exc.recipients.values())
    if isinstance(exc, smtplib.SMTPResponseException):
        return exc.smtp_code >= 500
    return isinstance(exc, ValueError)  # a malformed address or header: retrying cannot help


def _describe(exc: Exception) -> str:
    if isinstance(exc, smtplib.SMTPResponseException):
        error = exc.smtp_error.decode(errors="replace") if isinstance(exc.smtp_error, bytes) \
            else str(exc.smtp_error)
        return f"{exc.smtp_code} {error}"
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return "; ".join(f"{addr}: {code} {msg.decode(errors='replace')}"
                         for addr, (code, msg) in exc.recipients.items())
    return f"{type(exc).__name__}: {exc}"


def _retry_delay(attempts: int) -> timedelta:
    config = current_app.config
    seconds = config["OUTBOX_RETRY_SECONDS"] * 2 ** max(attempts - 1, 0)
    return timedelta(seconds=min(seconds, config["OUTBOX_RETRY_MAX_SECONDS"]))


def _record_failure(email: OutboxEmail, exc: Exception, now: datetime, report: DeliveryReport):
    email.last_error = _describe(exc)[:2000]
    email.claimed_at = None
    if _is_permanent(exc) or email.attempts >= current_app.config["OUTBOX_MAX_ATTEMPTS"]:
        email.status = "failed"
        report.failed += 1
    else:
        email.status = "queued"
        email.next_attempt_at = now + _retry_delay(email.attempts)
        report.retrying += 1
    current_app.logger.warning("Email %s to %s not sent (attempt %s): %s", email.id,
                               email.to_address, email.attempts, email.last_error)


def _close_quietly(connection) -> None:
    try:
        connection.close()
    except (smtplib.SMTPException, OSError):
        connection.connection = None  # the server hung up first: nothing left to close


def deliver_due(limit: int = 100) -> DeliveryReport:
    """Send the queued emails that are due (one pass); returns what happened."""
    report = DeliveryReport()
    if not mail_server_configured():
        return report
    now = utcnow()
    _expire_stale_claims(now)
    due = db.session.execute(
        db.select(OutboxEmail.id).where(OutboxEmail.status == "queued",
                                        OutboxEmail.next_attempt_at <= now)
        .order_by(OutboxEmail.next_attempt_at, OutboxEmail.id).limit(limit)).scalars().all()
    connection = mail.get_connection()
    try:
        for email_id in due:
            if not _claim(email_id, now):
                continue  # another worker has it
            email = db.session.get(OutboxEmail, email_id)
            try:
                connection.open()
                _message(email, connection).send()
            except (TimeoutError, smtplib.SMTPException, OSError, ValueError) as exc:
                _close_quietly(connection)  # a failed session may be half-open: start afresh
                _record_failure(email, exc, utcnow(), report)
            else:
                email.status, email.sent_at, email.claimed_at = "sent", utcnow(), None
                email.last_error = ""
                report.sent += 1
            db.session.commit()
    finally:
        _close_quietly(connection)
    report.next_due = db.session.execute(
        db.select(db.func.min(OutboxEmail.next_attempt_at))
        .where(OutboxEmail.status == "queued")).scalar()
    return report


# What organisers do with the outbox

# The outbox page's sortable columns.
OUTBOX_SORTS = {"written": OutboxEmail.created_at, "to": OutboxEmail.to_address,
                "subject": OutboxEmail.subject, "status": OutboxEmail.status}


def outbox_statement(event_id: int | None, status: str = "", kind: str = "",
                     ordered: bool = True):
    statement = db.select(OutboxEmail)
    if ordered:
        statement = statement.order_by(OutboxEmail.created_at.desc(), OutboxEmail.id.desc())
    if event_id is not None:
        statement = statement.where(db.or_(OutboxEmail.event_id == event_id,
                                           OutboxEmail.event_id.is_(None)))
    if status:
        statement = statement.where(OutboxEmail.status == status)
    if kind:
        statement = statement.where(OutboxEmail.kind == kind)
    return statement


def outbox_list(event_id: int | None, status: str = "") -> list[OutboxEmail]:
    return list(db.session.execute(outbox_statement(event_id, status)).scalars())


def outbox_counts(event_id: int | None) -> dict[str, int]:
    statement = db.select(OutboxEmail.status, db.func.count()).group_by(OutboxEmail.status)
    if event_id is not None:
        statement = statement.where(db.or_(OutboxEmail.event_id == event_id,
                                           OutboxEmail.event_id.is_(None)))
    return dict(db.session.execute(statement).all())


def get_email(event_id: int | None, email_id: int) -> OutboxEmail | None:
    email = db.session.get(OutboxEmail, email_id)
    if email is None or (event_id is not None and email.event_id not in (event_id, None)):
        return None
    return email


class ResendRefused(ValueError):
    pass


def resend(email: OutboxEmail) -> OutboxEmail:
    """Send an email (again): a sent one as a new copy, a failed or held one as it is."""
    if not mail_server_configured():
        raise ResendRefused(_("No mail server is configured (MAIL_SERVER), so nothing can be "
                              "sent; the email stays held here."))
    if email.status == "sending":
        raise ResendRefused(_("This email is being sent right now."))
    if email.status == "sent":
        email = queue_email(to_address=email.to_address, to_name=email.to_name,
                            subject=email.subject, kind=email.kind, body_text=email.body_text,
                            body_html=email.body_html, locale=email.locale,
                            person=email.person, event_id=email.event_id)
    else:
        email.status, email.attempts, email.last_error = "queued", 0, ""
        email.next_attempt_at = utcnow()
        db.session.info[WAKE_FLAG] = True
    db.session.commit()
    return email


def outbox_view(email: OutboxEmail) -> dict:
    """An email as GET /api/outbox shows it."""
    def iso(moment):
        return moment.isoformat(timespec="seconds") if moment else None

    return {"id": email.id, "to": email.to_address, "subject": email.subject,
            "kind": email.kind, "status": email.status, "created_at": iso(email.created_at),
            "sent_at": iso(email.sent_at), "attempts": email.attempts,
            "last_error": email.last_error or None, "person": email.person_id,
            "locale": email.locale}
