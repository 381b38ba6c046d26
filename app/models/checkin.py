"""Check-in: the event's signing keys, the codes issued to people, check-ins and the scan log.

The token format is docs/checkin.md. A person's check-in at a checkpoint ("arrival" or a
session key "s5") is one row, enforced by a unique constraint so that two scanners at the
same moment record exactly one.
"""
from datetime import datetime

from sqlalchemy import JSON, Index, LargeBinary, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db

# Why a code stops being valid.
REVOKED_REASONS = ["reissued", "withdrawn", "rejected"]


class CheckinKey(db.Model):
    """An Ed25519 key of the event. The active one signs new codes; older ones still verify."""

    __tablename__ = "checkin_keys"
    __table_args__ = (UniqueConstraint("event_id", "key_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(db.ForeignKey("events.id", ondelete="CASCADE"),
                                          index=True)
    key_id: Mapped[int]  # 1..255: byte 1 of the token
    private_key: Mapped[bytes] = mapped_column(LargeBinary(32))  # raw Ed25519 private bytes
    public_key: Mapped[bytes] = mapped_column(LargeBinary(32))  # raw Ed25519 public bytes
    active: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=datetime.utcnow)


class CheckinCode(db.Model):
    """One code issued to a person; `code` is the 16-byte code id as 32 lowercase hex chars."""

    __tablename__ = "checkin_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(db.ForeignKey("events.id", ondelete="CASCADE"),
                                          index=True)
    person_id: Mapped[int] = mapped_column(db.ForeignKey("people.id", ondelete="CASCADE"),
                                           index=True)
    code: Mapped[str] = mapped_column(db.String(32), unique=True)
    key_id: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(default=datetime.utcnow)
    revoked_at: Mapped[datetime | None]
    revoked_reason: Mapped[str | None] = mapped_column(db.String(20))

    person = relationship("Person")


class CheckIn(db.Model):
    """A person checked in at a checkpoint; at most one row per person and checkpoint."""

    __tablename__ = "checkins"
    __table_args__ = (
        UniqueConstraint("person_id", "checkpoint", name="uq_checkins_person_checkpoint"),
        Index("ix_checkins_event_checkpoint", "event_id", "checkpoint"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(db.ForeignKey("events.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(db.ForeignKey("people.id", ondelete="CASCADE"))
    checkpoint: Mapped[str] = mapped_column(db.String(20))
    at: Mapped[datetime]  # when it was scanned (UTC); offline scans keep their own time
    recorded_at: Mapped[datetime] = mapped_column(default=datetime.utcnow)  # when it arrived
    scanner_id: Mapped[int | None] = mapped_column(
        db.ForeignKey("users.id", ondelete="SET NULL"))
    offline: Mapped[bool] = mapped_column(default=False)
    nonce: Mapped[str] = mapped_column(db.String(64), default="")

    person = relationship("Person")


class CheckinScan(db.Model):
    """The scan log: every answer given, by nonce (a repeated nonce gets the same answer),
    and the undos (without nonce)."""

    __tablename__ = "checkin_scans"
    __table_args__ = (UniqueConstraint("event_id", "nonce", name="uq_checkin_scans_nonce"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(db.ForeignKey("events.id", ondelete="CASCADE"))
    nonce: Mapped[str | None] = mapped_column(db.String(64))
    kind: Mapped[str] = mapped_column(db.String(10), default="scan")  # scan | undo
    status_code: Mapped[int]
    body: Mapped[dict] = mapped_column(JSON)
    scanner_id: Mapped[int | None] = mapped_column(
        db.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=datetime.utcnow)
