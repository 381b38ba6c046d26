"""Scans at a checkpoint: the answer to a token (or a name search), nonce replays, offline
scans and their collisions, counts, undo, and the `checkin` broadcast.

Exactly one check-in per person and checkpoint: the row is inserted and a unique constraint
refuses the second (no read-then-write), so two scanners at once record one.
"""
import re
import threading
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import NamedTuple

from flask_babel import gettext as _
from sqlalchemy import TextClause, bindparam, func, text

from app.extensions import db
from app.models import CheckIn, CheckinScan, Event, EventSession, Person, User
from app.services.checkin import codes
from app.services.live import names
from app.services.live.broadcast import queue_event

ARRIVAL = "arrival"
NONCE = re.compile(r"[A-Za-z0-9_-]{1,64}")
UNDO_SECONDS = 60
HTTP = {"ok": 201, "already_checked_in": 409, "invalid": 404, "revoked": 410}


class BadScan(ValueError):
    """A malformed request (400/422); `field` names what is wrong."""

    def __init__(self, field: str, message: str, status: int = 422):
        super().__init__(message)
        self.field, self.status = field, status


class UndoRefused(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


def iso_utc(value: datetime | None) -> str | None:
    """A stored (naive UTC) time as ISO 8601 with offset."""
    return value.replace(tzinfo=UTC).isoformat(timespec="milliseconds") if value else None


def team_name(person: Person) -> str | None:
    if person.role == "member" and person.enterprise is not None:
        return person.enterprise.name
    if person.role == "coach" and person.coached_teams:
        return ", ".join(t.name for t in person.coached_teams)
    return None


def person_view(person: Person) -> dict:
    return {"id": person.id, "name": person.name, "role": person.role,
            "team": team_name(person)}


def checkpoint_session(event: Event, checkpoint) -> EventSession | None:
    """The session of checkpoint "s<id>" (None for arrival); BadScan for anything else."""
    if checkpoint == ARRIVAL:
        return None
    if isinstance(checkpoint, str) and re.fullmatch(r"s[0-9]{1,9}", checkpoint):
        session = db.session.get(EventSession, int(checkpoint[1:]))
        if session is not None and session.event_id == event.id:
            return session
    raise BadScan("checkpoint", _("checkpoint: unknown checkpoint '%(value)s'; use 'arrival' "
                                  "or a session key like 's5'.", value=str(checkpoint)[:40]))


def parse_scanned_at(value) -> datetime | None:
    """ISO time (with offset, or UTC without) -> naive UTC; None when absent."""
    if value is None or value == "":
        return None
    try:
        parsed = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        raise BadScan("scanned_at", _("scanned_at: '%(value)s' is not an ISO 8601 time.",
                                      value=str(value)[:40])) from None
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(UTC).replace(tzinfo=None)
    # A scanner's clock may run ahead: a check-in is never in the future.
    return min(parsed, datetime.utcnow())


def validate(event: Event, data) -> dict:
    """The request's fields, checked; BadScan names the first wrong one."""
    if not isinstance(data, dict):
        raise BadScan("body", _("Send a JSON object with token, checkpoint and nonce."), 400)
    nonce = data.get("nonce")
    if not isinstance(nonce, str) or not NONCE.fullmatch(nonce):
        raise BadScan("nonce", _("nonce: 1 to 64 characters of A-Z, a-z, 0-9, '_' and '-'."))
    token, person_id = data.get("token"), data.get("person")
    if token is None and person_id is None:
        raise BadScan("token", _("token: missing; send the text read from the QR code "
                                 "(or 'person' for a search by name)."), 400)
    if token is not None and not isinstance(token, str):
        raise BadScan("token", _("token: must be the text read from the QR code."))
    if token is None and (not isinstance(person_id, int) or isinstance(person_id, bool)):
        raise BadScan("person", _("person: must be a person's id (a number)."))
    offline = data.get("offline", False)
    if not isinstance(offline, bool):
        raise BadScan("offline", _("offline: must be true or false."))
    checkpoint_session(event, data.get("checkpoint"))
    return {"token": token, "person": person_id if token is None else None, "nonce": nonce,
            "checkpoint": data["checkpoint"], "offline": offline,
            "scanned_at": parse_scanned_at(data.get("scanned_at"))}


# Built once: constructing a statement costs more CPU than running it on the index.
_CHECKINS = CheckIn.__table__
_COUNT_AT = db.select(func.count()).select_from(_CHECKINS).where(
    _CHECKINS.c.event_id == bindparam("event_id"),
    _CHECKINS.c.checkpoint == bindparam("checkpoint"))

_FIRST_CHECKIN = db.select(_CHECKINS.c.id, _CHECKINS.c.at).where(
    _CHECKINS.c.person_id == bindparam("person_id"),
    _CHECKINS.c.checkpoint == bindparam("checkpoint"))


def count_at(event_id: int, checkpoint: str) -> int:
    # On the session's connection: Core statements skip the ORM's execute layer.
    return db.session.connection().execute(_COUNT_AT, {"event_id": event_id,
                                                       "checkpoint": checkpoint}).scalar_one()


class Recorded(NamedTuple):
    """A check-in row as the answer needs it (read by Core, no ORM object)."""
    id: int
    at: datetime


def _answer(status: str, checkpoint: str, offline: bool, person: Person | None = None,
            checkin: "Recorded | CheckIn | None" = None, count: int = 0,
            collision: bool = False) -> dict:
    body = {"status": status, "checkpoint": checkpoint, "count": count, "offline": offline,
            "collision": collision, "at": iso_utc(checkin.at) if checkin else None}
    if person is not None:
        body["person"] = person_view(person)
    if checkin is not None:
        body["id"] = checkin.id
    return body


def _stored_answer(event_id: int, nonce: str) -> tuple[int, dict] | None:
    row = db.session.execute(db.select(CheckinScan.status_code, CheckinScan.body).filter_by(
        event_id=event_id, nonce=nonce)).first()
    return (row[0], row[1]) if row else None


_CONFLICT_COLUMNS = {"checkins": ("person_id", "checkpoint"),
                     "checkin_scans": ("event_id", "nonce")}
_inserts: dict[tuple[str, tuple[str, ...]], TextClause] = {}


def _insert_statement(table, columns: tuple[str, ...]) -> TextClause:
    """INSERT ... ON CONFLICT (unique columns) DO NOTHING RETURNING id, the same text on
    SQLite (3.35+) and PostgreSQL, typed like the table's columns. As text() it is built and
    compiled once per process: SQLAlchemy's dialect inserts with on_conflict are rebuilt and
    recompiled on every call (no cache key), which cost more CPU than the statement's run."""
    key = (table.name, columns)
    if key not in _inserts:
        _inserts[key] = text(
            f"INSERT INTO {table.name} ({', '.join(columns)}) "
            f"VALUES ({', '.join(':' + c for c in columns)}) "
            f"ON CONFLICT ({', '.join(_CONFLICT_COLUMNS[table.name])}) DO NOTHING RETURNING id"
        ).bindparams(*[bindparam(c, type_=table.c[c].type) for c in columns])
    return _inserts[key]


def _insert_ignoring_conflict(table, values: dict) -> int | None:
    """The new row's id, or None when the table's unique constraint refused it. No exception
    and no rollback (both cost more than the insert), and the session's loaded objects stay
    valid. On PostgreSQL a concurrent uncommitted twin is waited for, so None means the
    twin's row is committed and readable."""
    statement = _insert_statement(table, tuple(values))
    return db.session.connection().execute(statement, values).scalar_one_or_none()


def check_in_person(event: Event, token: str | None, checkpoint: str, nonce: str,
                    scanner: User | None, scanned_at: datetime | None = None,
                    offline: bool = False, person_id: int | None = None) -> tuple[int, dict]:
    """Check the holder of `token` (or the person `person_id`, a search by name) in at the
    checkpoint. Returns (HTTP status, answer). Commits (except for invalid answers, which
    record nothing). Arguments must have passed validate()."""
    if token is not None:
        # The signature first: a forged or random text costs no database lookup.
        code_hex = codes.verify_token(event.id, token)
        if code_hex is None:
            return HTTP["invalid"], _answer("invalid", checkpoint, offline)
    # No look-up of the nonce first: a repeated nonce meets the unique constraints (of the
    # check-in, or of the nonce at the commit), and the stored answer is returned then.
    if token is not None:
        code = codes.find_code(event.id, code_hex)
        if code is None:
            return HTTP["invalid"], _answer("invalid", checkpoint, offline)
        person = code.person
        if codes.is_revoked(code):
            return _finish(event, nonce, scanner.id if scanner else None, "revoked", _answer(
                "revoked", checkpoint, offline, person, count=count_at(event.id, checkpoint)))
    else:
        person = db.session.get(Person, person_id)
        if person is None or person.event_id != event.id or person.status != "accepted":
            return HTTP["invalid"], _answer("invalid", checkpoint, offline)

    person_view(person)  # loads the team before the write transaction, which stays short
    with _sqlite_writer():
        return _record(event, person, checkpoint, nonce, scanner, scanned_at, offline)


_sqlite_write_lock = threading.Lock()


@contextmanager
def _sqlite_writer():
    """On SQLite, one writing scan at a time per process: waiting threads queue on a lock here
    instead of in SQLite's busy handler, which sleeps up to 100 ms between its tries (the long
    tail under load). PostgreSQL takes row locks and needs none."""
    if db.engine.dialect.name != "sqlite":
        yield
        return
    with _sqlite_write_lock:
        yield


def _record(event: Event, person: Person, checkpoint: str, nonce: str, scanner: User | None,
            scanned_at: datetime | None, offline: bool) -> tuple[int, dict]:
    now = datetime.utcnow()
    scanner_id = scanner.id if scanner is not None else None
    at = scanned_at or now
    new_id = _insert_ignoring_conflict(CheckIn.__table__, {
        "event_id": event.id, "person_id": person.id, "checkpoint": checkpoint, "at": at,
        "recorded_at": now, "offline": offline, "nonce": nonce, "scanner_id": scanner_id})
    if new_id is None:
        # Checked in already (maybe by another scanner this very moment): theirs stands.
        return _already(event, person, checkpoint, nonce, scanner_id, offline)
    checkin = Recorded(new_id, at)
    count = count_at(event.id, checkpoint)
    queue_event(event.id, names.CHECKIN, {"person": person.id, "role": person.role,
                                          "checkpoint": checkpoint, "at": iso_utc(at),
                                          "count": count})
    return _finish(event, nonce, scanner_id, "ok",
                   _answer("ok", checkpoint, offline, person, checkin, count))


def _already(event: Event, person: Person, checkpoint: str, nonce: str,
             scanner_id: int | None, offline: bool) -> tuple[int, dict]:
    first = db.session.connection().execute(_FIRST_CHECKIN, {
        "person_id": person.id, "checkpoint": checkpoint}).first()
    if first is None:  # undone between the two statements: scan again
        db.session.rollback()
        return HTTP["invalid"], _answer("invalid", checkpoint, offline)
    # An offline scan finding someone checked in by another scan: one person at two doors,
    # or a badge passed on. Reported, never counted twice. The same nonce sent twice at once
    # meets its twin's log row in _finish and gets the stored answer there.
    return _finish(event, nonce, scanner_id, "already_checked_in", _answer(
        "already_checked_in", checkpoint, offline, person, Recorded(*first),
        count_at(event.id, checkpoint), collision=offline))


def _finish(event: Event, nonce: str, scanner_id: int | None, status: str,
            body: dict) -> tuple[int, dict]:
    """Log the answer under its nonce and commit; a twin of the nonce (sent before, or at
    this very moment) wins: this scan's writes are rolled back and the twin's answer
    returned."""
    code = HTTP[status]
    logged = _insert_ignoring_conflict(CheckinScan.__table__, {
        "event_id": event.id, "nonce": nonce, "kind": "scan", "status_code": code,
        "body": body, "scanner_id": scanner_id, "created_at": datetime.utcnow()})
    if logged is None:
        db.session.rollback()
        stored = _stored_answer(event.id, nonce)
        if stored is None:
            raise RuntimeError("a nonce refused as taken has no stored answer")
        return stored
    db.session.commit()
    return code, body


def undo(event: Event, checkin_id: int, scanner: User) -> dict:
    """Undo a check-in made by this account within the last minute; broadcasts the new
    count. Raises UndoRefused (404, 403, 409)."""
    checkin = db.session.get(CheckIn, checkin_id)
    if checkin is None or checkin.event_id != event.id:
        raise UndoRefused(404, _("There is no check-in with id %(id)s.", id=checkin_id))
    if checkin.scanner_id != scanner.id:
        raise UndoRefused(403, _("Only the account that scanned can undo a check-in."))
    if datetime.utcnow() - checkin.recorded_at > timedelta(seconds=UNDO_SECONDS):
        raise UndoRefused(409, _("A check-in can be undone within %(num)s seconds only.",
                                 num=UNDO_SECONDS))
    person, checkpoint = checkin.person, checkin.checkpoint
    db.session.delete(checkin)
    db.session.flush()
    count = count_at(event.id, checkpoint)
    body = {"status": "undone", "id": checkin_id, "person": person_view(person),
            "checkpoint": checkpoint, "count": count, "at": iso_utc(checkin.at)}
    db.session.add(CheckinScan(event_id=event.id, nonce=None, kind="undo", status_code=200,
                               body=body, scanner_id=scanner.id))
    queue_event(event.id, names.CHECKIN, {"person": person.id, "role": person.role,
                                          "checkpoint": checkpoint, "at": iso_utc(checkin.at),
                                          "count": count, "undone": True})
    db.session.commit()
    return body


def checkins_list(event: Event, checkpoint: str | None = None) -> list[dict]:
    query = db.select(CheckIn).filter_by(event_id=event.id).order_by(CheckIn.at, CheckIn.id)
    if checkpoint:
        query = query.filter_by(checkpoint=checkpoint)
    return [{"id": c.id, "person": c.person_id, "name": c.person.name, "role": c.person.role,
             "checkpoint": c.checkpoint, "at": iso_utc(c.at),
             "recorded_at": iso_utc(c.recorded_at), "offline": c.offline,
             "scanner": c.scanner_id}
            for c in db.session.execute(query).scalars()]
