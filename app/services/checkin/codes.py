"""Signed check-in codes (docs/checkin.md): the event's Ed25519 keys, signing and verifying
tokens, issuing and revoking codes.

token = Base45(payload || Ed25519 signature), payload = version (1), key id, event id (u32 BE),
16 random code-id bytes. Verifying needs no database lookup: the public keys are cached per
process, so a forged or random token costs a signature check only.
"""
import secrets
import struct
import threading
import time
from base64 import urlsafe_b64encode
from datetime import datetime

import base45
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from sqlalchemy import bindparam, inspect, select
from sqlalchemy import event as orm_event
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, joinedload

from app.extensions import db
from app.models import CheckinCode, CheckinKey, Event, Person

VERSION = 1
PAYLOAD_LENGTH = 22
SIGNATURE_LENGTH = 64
TOKEN_BYTES = PAYLOAD_LENGTH + SIGNATURE_LENGTH
TOKEN_LENGTH = 129  # Base45 of 86 bytes
# People with these statuses no longer take part: their codes answer `revoked`.
REVOKED_STATUSES = ("withdrawn", "rejected")
# An unknown key id reloads the keys at most this often (a rotation in another process).
RELOAD_AFTER_SECONDS = 5.0
# And the cache is renewed this often anyway (keys replaced by a fresh demo load).
KEEP_SECONDS = 60.0

_RAW = {"encoding": serialization.Encoding.Raw, "format": serialization.PublicFormat.Raw}


class _KeyCache:
    """Public keys per event, loaded once per process and again after a rotation."""

    def __init__(self):
        self._lock = threading.Lock()
        self._keys: dict[int, tuple[float, dict[int, Ed25519PublicKey]]] = {}

    def get(self, event_id: int, key_id: int) -> Ed25519PublicKey | None:
        loaded = self._keys.get(event_id)
        if loaded is not None and time.monotonic() - loaded[0] > KEEP_SECONDS:
            loaded = None
        if loaded is not None and key_id in loaded[1]:
            return loaded[1][key_id]
        if loaded is not None and time.monotonic() - loaded[0] < RELOAD_AFTER_SECONDS:
            return None  # a made-up key id: no database lookup for it
        return self.reload(event_id).get(key_id)

    def reload(self, event_id: int) -> dict[int, Ed25519PublicKey]:
        rows = db.session.execute(db.select(CheckinKey.key_id, CheckinKey.public_key)
                                  .filter_by(event_id=event_id)).all()
        keys = {key_id: Ed25519PublicKey.from_public_bytes(bytes(public))
                for key_id, public in rows}
        with self._lock:
            self._keys[event_id] = (time.monotonic(), keys)
        return keys

    def forget(self, event_id: int | None = None) -> None:
        with self._lock:
            if event_id is None:
                self._keys.clear()
            else:
                self._keys.pop(event_id, None)


key_cache = _KeyCache()


def _new_key(event_id: int, key_id: int, active: bool) -> CheckinKey:
    private = Ed25519PrivateKey.generate()
    return CheckinKey(
        event_id=event_id, key_id=key_id, active=active,
        private_key=private.private_bytes(serialization.Encoding.Raw,
                                          serialization.PrivateFormat.Raw,
                                          serialization.NoEncryption()),
        public_key=private.public_key().public_bytes(**_RAW))


def event_keys(event: Event) -> list[CheckinKey]:
    """The event's keys, oldest first. They are made with the event (two: 1 active, 2 the
    next one, so a scanner always knows more than one key and a rotation needs no new
    download first); for an event that has none yet (only possible without the migration),
    a writing request (issue, rotate) creates them here. Reading requests use _keys_of."""
    keys = _keys_of(event.id)
    if keys:
        return keys
    db.session.add_all([_new_key(event.id, 1, True), _new_key(event.id, 2, False)])
    try:
        db.session.commit()
    except IntegrityError:  # another process created them at the same moment
        db.session.rollback()
    key_cache.reload(event.id)
    return _keys_of(event.id)


def _keys_of(event_id: int) -> list[CheckinKey]:
    return list(db.session.execute(db.select(CheckinKey).filter_by(event_id=event_id)
                                   .order_by(CheckinKey.key_id)).scalars())


def active_key(event: Event) -> CheckinKey:
    keys = event_keys(event)
    return next((k for k in keys if k.active), keys[-1])


def rotate_keys(event: Event) -> CheckinKey:
    """The next key becomes the active one and a new next key is made; old keys stay listed
    so codes already printed keep verifying. Returns the new active key. Commits."""
    keys = event_keys(event)
    current = active_key(event)
    following = [k for k in keys if k.key_id > current.key_id]
    if len(keys) >= 254 and not following:
        raise ValueError("an event has at most 255 check-in keys")
    for key in keys:
        key.active = False
    new_active = following[0] if following else _add_key(event, keys)
    new_active.active = True
    if not [k for k in keys if k.key_id > new_active.key_id]:
        _add_key(event, keys + [new_active])
    db.session.commit()
    key_cache.reload(event.id)
    return new_active


def _add_key(event: Event, keys: list[CheckinKey]) -> CheckinKey:
    key = _new_key(event.id, max(k.key_id for k in keys) + 1, False)
    db.session.add(key)
    db.session.flush()
    return key


def public_key_text(key: CheckinKey) -> str:
    return urlsafe_b64encode(bytes(key.public_key)).rstrip(b"=").decode()


# --- tokens


def sign_token(event_id: int, key: CheckinKey, code_id: bytes) -> str:
    payload = struct.pack(">BBI", VERSION, key.key_id, event_id) + code_id
    signature = Ed25519PrivateKey.from_private_bytes(bytes(key.private_key)).sign(payload)
    return base45.b45encode(payload + signature).decode("ascii")


def verify_token(event_id: int, text) -> str | None:
    """The code id (32 hex chars) of a genuine token of this event, else None. No database
    lookup unless the key id is new to this process."""
    if not isinstance(text, str) or len(text) != TOKEN_LENGTH:
        return None
    try:
        raw = base45.b45decode(text)
    except (ValueError, KeyError, TypeError):
        return None
    if len(raw) != TOKEN_BYTES:
        return None
    version, key_id, token_event = struct.unpack(">BBI", raw[:6])
    if version != VERSION or token_event != event_id or key_id == 0:
        return None
    public = key_cache.get(event_id, key_id)
    if public is None:
        return None
    try:
        public.verify(raw[PAYLOAD_LENGTH:], raw[:PAYLOAD_LENGTH])
    except InvalidSignature:
        return None
    return raw[6:PAYLOAD_LENGTH].hex()


# --- codes


def is_revoked(code: CheckinCode) -> bool:
    return code.revoked_at is not None or code.person.status in REVOKED_STATUSES


def revoked_reason(code: CheckinCode) -> str | None:
    if code.revoked_at is not None:
        return code.revoked_reason
    return code.person.status if code.person.status in REVOKED_STATUSES else None


def current_code(person: Person) -> CheckinCode | None:
    return db.session.execute(
        db.select(CheckinCode).filter_by(person_id=person.id, revoked_at=None)
        .order_by(CheckinCode.id.desc()).limit(1)).scalar_one_or_none()


def issue_code(person: Person, *, commit: bool = True) -> CheckinCode:
    """A new code for the person, signed with the active key; earlier codes are revoked
    (`reissued`)."""
    event = db.session.get(Event, person.event_id)
    key = active_key(event)
    now = datetime.utcnow()
    for old in db.session.execute(db.select(CheckinCode).filter_by(
            person_id=person.id, revoked_at=None)).scalars():
        old.revoked_at, old.revoked_reason = now, "reissued"
    code = _fresh_code(person, key, now)
    if commit:
        db.session.commit()
    else:
        db.session.flush()
    return code


def _fresh_code(person: Person, key: CheckinKey, now: datetime) -> CheckinCode:
    code = CheckinCode(event_id=person.event_id, person_id=person.id, key_id=key.key_id,
                       code=secrets.token_bytes(16).hex(), created_at=now)
    db.session.add(code)
    return code


class NoCode(LookupError):
    """The person has no valid code (not accepted yet, or the code was revoked)."""


def token_for(person: Person) -> str:
    """The text of the person's QR code; NoCode when they have none. Only reads: codes are
    issued when a person is accepted (issue_for_accepted) or re-issued by an organiser."""
    code = current_code(person)
    if code is None:
        raise NoCode(person.id)
    key = db.session.execute(db.select(CheckinKey).filter_by(
        event_id=person.event_id, key_id=code.key_id)).scalar_one()
    return sign_token(person.event_id, key, bytes.fromhex(code.code))


def tokens_for(people: list[Person]) -> dict[int, str]:
    """Tokens for many people (badges); people without a valid code are left out. Reads
    only."""
    existing = {c.person_id: c for c in db.session.execute(db.select(CheckinCode).where(
        CheckinCode.person_id.in_([p.id for p in people]),
        CheckinCode.revoked_at.is_(None)).order_by(CheckinCode.id)).scalars()}
    keys = {}
    tokens = {}
    for person in people:
        code = existing.get(person.id)
        if code is None:
            continue
        if code.key_id not in keys:
            keys[code.key_id] = db.session.execute(db.select(CheckinKey).filter_by(
                event_id=person.event_id, key_id=code.key_id)).scalar_one()
        tokens[person.id] = sign_token(person.event_id, keys[code.key_id],
                                       bytes.fromhex(code.code))
    return tokens


# --- codes and keys exist before anything reads them


def _key_rows(event_id: int) -> list[dict]:
    return [{"event_id": event_id, "key_id": key.key_id, "active": key.active,
             "private_key": key.private_key, "public_key": key.public_key,
             "created_at": datetime.utcnow()}
            for key in (_new_key(event_id, 1, True), _new_key(event_id, 2, False))]


_NEW_KEYS = "checkin_new_keys"


@orm_event.listens_for(Session, "after_commit")
def _forget_replaced_keys(session: Session) -> None:
    """An event id whose keys were just made (a fresh database or demo load reuses ids) is
    loaded again at its next verification, not from this process's earlier cache."""
    for event_id in session.info.pop(_NEW_KEYS, ()):
        key_cache.forget(event_id)


@orm_event.listens_for(Session, "after_rollback")
def _drop_new_keys(session: Session) -> None:
    session.info.pop(_NEW_KEYS, None)


@orm_event.listens_for(Session, "after_flush")
def issue_for_accepted(session: Session, _context) -> None:
    """A new event gets its two keys, and a person who is accepted (new, or whose status
    just became "accepted") gets a code if they have no valid one, in the same transaction
    as the change: so the GET routes (QR images, badges, the roster, the keys) only read.

    Every path that accepts people or makes events (the status services, bulk changes, CSV
    import, the demo loader, the API) goes through a flush; Core inserts on the flush's
    connection add the rows without another flush."""
    new_events = [o for o in session.new if isinstance(o, Event)]
    accepted = [o for o in list(session.new) + list(session.dirty)
                if isinstance(o, Person) and o.status == "accepted" and o.id is not None
                and (o in session.new or inspect(o).attrs.status.history.has_changes())]
    if not new_events and not accepted:
        return
    connection = session.connection()
    for event in new_events:
        connection.execute(CheckinKey.__table__.insert(), _key_rows(event.id))
        session.info.setdefault(_NEW_KEYS, set()).add(event.id)
    if not accepted:
        return
    has_code = set(connection.execute(
        select(CheckinCode.person_id).where(
            CheckinCode.person_id.in_([p.id for p in accepted]),
            CheckinCode.revoked_at.is_(None))).scalars())
    wanted = [p for p in accepted if p.id not in has_code]
    if not wanted:
        return
    active = {}
    for event_id in {p.event_id for p in wanted}:
        key_ids = connection.execute(
            select(CheckinKey.key_id, CheckinKey.active).where(CheckinKey.event_id == event_id)
            .order_by(CheckinKey.key_id)).all()
        if not key_ids:  # an event made before keys came with events (and not migrated)
            connection.execute(CheckinKey.__table__.insert(), _key_rows(event_id))
            session.info.setdefault(_NEW_KEYS, set()).add(event_id)
            key_ids = [(1, True)]
        active[event_id] = next((k for k, is_active in key_ids if is_active), key_ids[-1][0])
    now = datetime.utcnow()
    connection.execute(CheckinCode.__table__.insert(), [
        {"event_id": p.event_id, "person_id": p.id, "key_id": active[p.event_id],
         "code": secrets.token_bytes(16).hex(), "created_at": now} for p in wanted])


# Built once per process: every scan runs it.
_CODE_WITH_PERSON = (db.select(CheckinCode).where(CheckinCode.event_id == bindparam("event_id"),
                                                  CheckinCode.code == bindparam("code"))
                     .options(joinedload(CheckinCode.person)))


def find_code(event_id: int, code_hex: str) -> CheckinCode | None:
    """The code with its person (one query)."""
    return db.session.execute(_CODE_WITH_PERSON,
                              {"event_id": event_id, "code": code_hex}).scalar_one_or_none()


def revoked_codes(event_id: int) -> list[str]:
    """Every revoked code id of the event (what an offline scanner refuses)."""
    return list(db.session.execute(
        db.select(CheckinCode.code).join(Person, Person.id == CheckinCode.person_id)
        .where(CheckinCode.event_id == event_id,
               CheckinCode.revoked_at.is_not(None) | Person.status.in_(REVOKED_STATUSES))
        .order_by(CheckinCode.id)).scalars())


def keys_view(event: Event) -> dict:
    return {"event": event.id,
            "keys": [{"id": k.key_id, "algorithm": "Ed25519", "public_key": public_key_text(k),
                      "active": k.active} for k in _keys_of(event.id)],
            "revoked": revoked_codes(event.id)}
