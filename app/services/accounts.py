"""Accounts, passwords and API tokens."""
import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import bindparam
from sqlalchemy.orm import joinedload

from app.extensions import db
from app.models import ApiToken, User
from app.models.keys import text_key
from app.services.checks import control_character, save_record


class AccountError(ValueError):
    pass


def normalise_email(email: str) -> str:
    return (email or "").strip().lower()


def find_user(email: str) -> User | None:
    """The account of an address however it is written (compared by text_key)."""
    if control_character(email or ""):
        return None  # no account has one (PostgreSQL cannot even compare a NUL)
    return db.session.execute(
        db.select(User).filter_by(email_key=text_key(normalise_email(email)))).scalar_one_or_none()


def authenticate(email: str, password: str) -> User | None:
    user = find_user(email)
    if user is None or not user.active or not user.check_password(password):
        return None
    return user


def create_user(email: str, role: str, password: str, name: str = "", person=None,
                commit: bool = True) -> User:
    if find_user(email):
        raise AccountError(f"An account for {email} exists already.")
    user = User(email=normalise_email(email), role=role, name=name, person=person)
    user.set_password(password)
    return save_record(user, commit)


MIN_PASSWORD_LENGTH = 10


def change_own_password(user: User, current: str, new: str, commit: bool = True) -> None:
    """An account sets a new password; it must know the current one."""
    from flask_babel import gettext as _

    from app.services.checks import ValidationFailed

    errors: dict[str, list[str]] = {}
    if not user.check_password(current or ""):
        errors["current_password"] = [_("this is not your current password")]
    if len(new or "") < MIN_PASSWORD_LENGTH:
        errors["new_password"] = [_("must be at least %(n)s characters long",
                                    n=MIN_PASSWORD_LENGTH)]
    elif new == current:
        errors["new_password"] = [_("choose a password other than the current one")]
    if errors:
        raise ValidationFailed(errors)
    user.set_password(new)
    if commit:
        db.session.commit()


def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_api_token(email: str) -> str:
    """Make a new API token for the account; returns the token (only its hash is kept)."""
    user = find_user(email)
    if user is None:
        raise AccountError(f"No account with the email {email}.")
    token = secrets.token_urlsafe(32)
    db.session.add(ApiToken(user=user, token_hash=_hash_token(token)))
    db.session.commit()
    return token


# last_used_at is written at most this often: a scanner sends many requests a second, and a
# write (a commit) on each of them would be most of the request's cost.
LAST_USED_EVERY = timedelta(minutes=1)


# Built once per process (every API request runs it): one indexed lookup, token and account.
_TOKEN_WITH_USER = (db.select(ApiToken).where(ApiToken.token_hash == bindparam("token_hash"))
                    .options(joinedload(ApiToken.user)))


def user_for_api_token(token: str) -> User | None:
    row = db.session.execute(_TOKEN_WITH_USER,
                             {"token_hash": _hash_token(token)}).scalar_one_or_none()
    if row is None or not row.user.active:
        return None
    now = datetime.utcnow()
    if row.last_used_at is None or now - row.last_used_at >= LAST_USED_EVERY:
        row.last_used_at = now
        db.session.commit()
    return row.user
