"""Who is on the other end of a /live connection, and what they may do there.

A browser session (organisers and coaches), `auth={"token": ...}` with an API token, the
projector's kiosk token (read-only, the whole board), a team member's personal token
(read-only, their team) or another accepted participant's personal token (read-only, only
what personal pages hear: schedule_published). Everyone else is refused with a reason.
"""
import hmac
import secrets
from dataclasses import dataclass

from flask_babel import gettext as _
from flask_login import current_user

from app.extensions import db
from app.models import Event, Person, User
from app.services.checks import control_character
from app.services.events import current_event
from app.services.live.progress import Actor


class Refused(Exception):
    """The connection is refused; the message says why."""


@dataclass(frozen=True)
class Viewer:
    event_id: int
    kind: str  # "staff", "kiosk", "member" or "participant"
    user_id: int | None = None
    person_id: int | None = None
    team_id: int | None = None

    @property
    def read_only(self) -> bool:
        return self.kind != "staff"

    def actor(self) -> Actor:
        """The account or person behind the viewer, loaded again: an account deactivated
        since the connection was made loses its rights at once."""
        if self.user_id is not None:
            user = db.session.get(User, self.user_id)
            if user is None or not user.active:
                raise Refused(_("Your account is no longer active."))
            return Actor.of_user(user)
        person = db.session.get(Person, self.person_id) if self.person_id else None
        if person is None:
            raise Refused(_("This link is no longer valid."))
        return Actor.of_person(person)


def identify(auth) -> Viewer:
    event = current_event()
    if event is None:
        raise Refused(_("No event exists yet."))
    token = auth.get("token") if isinstance(auth, dict) else None
    if token is not None:
        return _by_token(event, token)
    if current_user.is_authenticated and current_user.role in ("organiser", "coach"):
        return Viewer(event_id=event.id, kind="staff", user_id=current_user.id)
    if current_user.is_authenticated:
        raise Refused(_("Your account cannot follow the board."))
    raise Refused(_("Log in, or connect with auth={'token': ...} (an API, kiosk or personal "
                    "token)."))


def _by_token(event: Event, token) -> Viewer:
    from app.services.accounts import user_for_api_token
    from app.services.registration import person_by_token

    if not isinstance(token, str) or not token or len(token) > 200 or control_character(token):
        raise Refused(_("The token is not valid."))
    if _is_kiosk_token(event, token):
        return Viewer(event_id=event.id, kind="kiosk")
    user = user_for_api_token(token)
    if user is not None and user.role in ("organiser", "coach"):
        return Viewer(event_id=event.id, kind="staff", user_id=user.id)
    if user is not None:
        raise Refused(_("Your account cannot follow the board."))
    person = person_by_token(token)
    if person is not None and person.event_id == event.id and person.role == "member" \
            and person.enterprise_id and person.status in ("pending", "accepted"):
        return Viewer(event_id=event.id, kind="member", person_id=person.id,
                      team_id=person.enterprise_id)
    if person is not None and person.event_id == event.id and person.status == "accepted":
        return Viewer(event_id=event.id, kind="participant", person_id=person.id)
    raise Refused(_("The token is not valid (revoked, or never issued)."))


def new_kiosk_token(event: Event) -> str:
    """A new projector link; the old one stops working at once."""
    event.kiosk_token = secrets.token_urlsafe(24)
    db.session.commit()
    return event.kiosk_token


def revoke_kiosk_token(event: Event) -> None:
    event.kiosk_token = None
    db.session.commit()


def _is_kiosk_token(event: Event, token) -> bool:
    """In constant time: the projector's link must not be guessed a character at a time."""
    return bool(event.kiosk_token) and isinstance(token, str) and hmac.compare_digest(
        event.kiosk_token.encode(), token.encode())


def kiosk_event(token: str) -> Event | None:
    event = current_event()
    return event if event is not None and _is_kiosk_token(event, token) else None
