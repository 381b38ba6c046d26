"""check-in keys for every event and codes for every accepted person (a data step)

Codes and keys used to be made by the first GET that read them; now they are made when an
event is created and when a person is accepted (app/services/checkin/codes.py,
issue_for_accepted). This step gives existing events and people what they would have got.

Revision ID: b81f4c2d9e07
Revises: afe022350979
Create Date: 2026-12-02 16:55:00

"""
import secrets
from datetime import datetime

import sqlalchemy as sa
from alembic import op
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

revision = 'b81f4c2d9e07'
down_revision = 'afe022350979'
branch_labels = None
depends_on = None

_RAW = serialization.Encoding.Raw


def _key(event_id: int, key_id: int, active: bool, now: datetime) -> dict:
    private = Ed25519PrivateKey.generate()
    return {"event_id": event_id, "key_id": key_id, "active": active, "created_at": now,
            "private_key": private.private_bytes(_RAW, serialization.PrivateFormat.Raw,
                                                 serialization.NoEncryption()),
            "public_key": private.public_key().public_bytes(_RAW,
                                                            serialization.PublicFormat.Raw)}


def upgrade():
    bind = op.get_bind()
    meta = sa.MetaData()
    events = sa.Table("events", meta, autoload_with=bind)
    people = sa.Table("people", meta, autoload_with=bind)
    keys = sa.Table("checkin_keys", meta, autoload_with=bind)
    codes = sa.Table("checkin_codes", meta, autoload_with=bind)
    now = datetime.utcnow()
    with_keys = sa.select(keys.c.event_id)
    for (event_id,) in bind.execute(sa.select(events.c.id).where(events.c.id.not_in(with_keys))):
        bind.execute(keys.insert(), [_key(event_id, 1, True, now), _key(event_id, 2, False, now)])
    active = {}
    for event_id, key_id, is_active in bind.execute(
            sa.select(keys.c.event_id, keys.c.key_id, keys.c.active).order_by(keys.c.key_id)):
        if is_active or event_id not in active:
            active[event_id] = key_id
    with_code = sa.select(codes.c.person_id).where(codes.c.revoked_at.is_(None))
    rows = [{"event_id": event_id, "person_id": person_id, "key_id": active[event_id],
             "code": secrets.token_bytes(16).hex(), "created_at": now}
            for person_id, event_id in bind.execute(
                sa.select(people.c.id, people.c.event_id).where(
                    people.c.status == "accepted", people.c.id.not_in(with_code)))]
    if rows:
        bind.execute(codes.insert(), rows)


def downgrade():
    pass  # the keys and codes stay: printed badges carry them
