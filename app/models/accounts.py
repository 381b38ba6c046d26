"""Accounts with passwords (organisers, coaches, scanners) and their API tokens."""
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from app.extensions import db
from app.models.keys import KEY_LENGTH_FACTOR, keeps_key

ACCOUNT_ROLES = ["organiser", "coach", "scanner"]


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(db.String(254))
    # text_key(email): one account per address however it is written.
    email_key: Mapped[str] = mapped_column(db.String(254 * KEY_LENGTH_FACTOR), unique=True)
    name: Mapped[str] = mapped_column(db.String(200), default="")
    password_hash: Mapped[str] = mapped_column(db.String(256), default="")
    role: Mapped[str] = mapped_column(db.String(20))
    # A coach account is linked to the coach's Person record of the event.
    person_id: Mapped[int | None] = mapped_column(db.ForeignKey("people.id", ondelete="SET NULL"))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=datetime.utcnow)

    person = relationship("Person")
    tokens = relationship("ApiToken", back_populates="user", cascade="all, delete-orphan")
    _keep_email_key = keeps_key("email", "email_key")

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password)

    def check_password(self, password: str) -> bool:
        return bool(self.password_hash) and check_password_hash(self.password_hash, password)

    @property
    def is_active(self) -> bool:  # Flask-Login
        return self.active

    @property
    def is_organiser(self) -> bool:
        return self.role == "organiser"

    @property
    def is_coach(self) -> bool:
        return self.role == "coach"


class ApiToken(db.Model):
    """A bearer token for the HTTP API; only its SHA-256 is stored."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(db.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(db.String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=datetime.utcnow)
    last_used_at: Mapped[datetime | None]

    user = relationship("User", back_populates="tokens")
