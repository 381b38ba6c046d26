"""The one module that emits on /live: events queued in a transaction, sent after its commit.

A change and its event share the transaction: a rolled-back change is never announced, and
the board's sequence number (`Event.live_seq`) rises in the same commit, one counter in the
database for every server process. With REDIS_URL, Flask-SocketIO's message queue carries the
emit to the clients of every process.
"""
import logging

from sqlalchemy import bindparam, update
from sqlalchemy import event as orm_event
from sqlalchemy.orm import Session

from app.extensions import db, socketio
from app.models import Event
from app.services.live.names import (
    BOARD_EVENTS,
    NAMESPACE,
    PERSONAL_PAGE_EVENTS,
    event_room,
    published_room,
    team_room,
)

PENDING = "live_events"
log = logging.getLogger(__name__)


# Built once per process (a check-in scan takes a number; building costs more than running),
# on the table, not the ORM class: run on the session's connection it skips the ORM's
# bulk-update bookkeeping. Nothing reads Event.live_seq from a loaded object (the snapshot
# selects the column), so the loaded Event needs no refresh.
_EVENTS = Event.__table__
_NEXT_SEQ = (update(_EVENTS).where(_EVENTS.c.id == bindparam("event_id"))
             .values(live_seq=_EVENTS.c.live_seq + 1).returning(_EVENTS.c.live_seq))


def next_seq(event_id: int) -> int:
    """Take the event's next board sequence number (row-locked until the commit)."""
    return db.session.connection().execute(_NEXT_SEQ, {"event_id": event_id}).scalar_one()


def queue_event(event_id: int, name: str, payload: dict, team_id: int | None = None) -> dict:
    """Send `name` to the event's clients (and the team's, if given) once the transaction
    commits; a client in both rooms gets it once.

    Board events get `seq` now, inside the transaction. Returns the payload as sent."""
    if name in BOARD_EVENTS:
        payload = {**payload, "seq": next_seq(event_id)}
    rooms = [event_room(event_id)] + ([team_room(team_id)] if team_id is not None else [])
    if name in PERSONAL_PAGE_EVENTS:
        rooms.append(published_room(event_id))
    db.session.info.setdefault(PENDING, []).append((name, payload, rooms))
    return payload


@orm_event.listens_for(Session, "after_commit")
def _emit_after_commit(session: Session) -> None:
    for name, payload, rooms in session.info.pop(PENDING, []):
        try:
            socketio.emit(name, payload, namespace=NAMESPACE, to=rooms)
        except Exception:  # noqa: BLE001 (a lost emit is a gap the clients repair)
            # The change is committed; clients see the gap in `seq` and ask for a snapshot.
            log.exception("could not emit %s", name)


@orm_event.listens_for(Session, "after_rollback")
def _forget_after_rollback(session: Session) -> None:
    session.info.pop(PENDING, None)
