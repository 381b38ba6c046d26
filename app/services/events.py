"""The event this installation serves and its settings."""
from flask import g
from flask_babel import gettext as _

from app.extensions import db
from app.models import Event


class NoEvent(LookupError):
    """No event exists yet: run `flask demo` or create one."""


# Built once per process: every request that concerns the event runs it.
_FIRST_EVENT = db.select(Event).order_by(Event.id).limit(1)


def current_event() -> Event | None:
    """The event this database serves (one event per installation; the first one)."""
    if "current_event" not in g:
        g.current_event = db.session.execute(_FIRST_EVENT).scalar_one_or_none()
    return g.current_event


def require_event() -> Event:
    event = current_event()
    if event is None:
        raise NoEvent(_("No event exists yet. Load the demo with 'flask --app wsgi demo'."))
    return event


def sparring_sessions(event: Event) -> list:
    return [s for s in event.sessions if s.kind == "sparring"]
