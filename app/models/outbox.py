"""The outbox: every email the app sends, written in the transaction of the change that causes it.

A background worker sends queued emails after the commit (app/services/outbox.py). Statuses:
  queued   waiting to be sent (again, after a failed attempt, at `next_attempt_at`)
  sending  claimed by a worker; a claim is one conditional UPDATE, so two workers never both
           send the same email
  sent     the SMTP server accepted it
  failed   the last attempt failed and no more are made (organisers can resend)
  held     no mail server is configured: kept for organisers to read
"""
from datetime import datetime

from sqlalchemy import Index
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db

OUTBOX_STATUSES = ["queued", "sending", "sent", "failed", "held"]
EMAIL_KINDS = ["registration_received", "team_member_added", "accepted", "rejected",
               "withdrawn", "link_reminder", "message", "agenda_changed"]


class OutboxEmail(db.Model):
    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_status_next_attempt_at", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int | None] = mapped_column(
        db.ForeignKey("events.id", ondelete="CASCADE"), index=True)
    # The person it is for; the address is kept apart so the email stays readable after a delete.
    person_id: Mapped[int | None] = mapped_column(
        db.ForeignKey("people.id", ondelete="SET NULL"), index=True)
    to_address: Mapped[str] = mapped_column(db.String(254))
    to_name: Mapped[str] = mapped_column(db.String(200), default="")
    subject: Mapped[str] = mapped_column(db.String(300))
    kind: Mapped[str] = mapped_column(db.String(40))
    locale: Mapped[str] = mapped_column(db.String(8), default="en")
    body_text: Mapped[str] = mapped_column(db.Text)
    body_html: Mapped[str] = mapped_column(db.Text, default="")
    status: Mapped[str] = mapped_column(db.String(20), default="queued")
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(default=datetime.utcnow)
    claimed_at: Mapped[datetime | None]
    last_error: Mapped[str] = mapped_column(db.Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=datetime.utcnow)
    sent_at: Mapped[datetime | None]
    # The Message-ID header: the same on every attempt, so a receiving server can drop a copy.
    message_id: Mapped[str] = mapped_column(db.String(200), unique=True)

    person = relationship("Person")

    def __repr__(self) -> str:
        return f"<OutboxEmail {self.id} {self.kind} {self.status}>"
