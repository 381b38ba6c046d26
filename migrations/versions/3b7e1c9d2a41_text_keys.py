"""text keys: names and emails unique by NFKC + casefold, on SQLite and PostgreSQL alike

Adds enterprises.name_key, people.email_key, users.email_key and rooms.name_key, fills them
for the rows there are, and moves the unique constraints from the texts to the keys.

Revision ID: 3b7e1c9d2a41
Revises: 26a329f719fd
Create Date: 2026-12-02 10:00:00.000000

"""
from collections import defaultdict

from alembic import op
import sqlalchemy as sa

from app.models.keys import text_key


# revision identifiers, used by Alembic.
revision = '3b7e1c9d2a41'
down_revision = '26a329f719fd'
branch_labels = None
depends_on = None

# table, text column, key column, key length, columns unique together with the key,
# the old unique constraint (on the text) and the new one (on the key).
KEYS = [
    ("enterprises", "name", "name_key", 800, ["event_id"],
     "uq_enterprises_event_id", "uq_enterprises_event_id"),
    ("people", "email", "email_key", 1016, ["event_id"],
     "uq_people_event_id", "uq_people_event_id"),
    ("users", "email", "email_key", 1016, [],
     "uq_users_email", "uq_users_email_key"),
    ("rooms", "name", "name_key", 480, ["event_id"],
     "uq_rooms_event_id", "uq_rooms_event_id"),
]


def _keys(bind, table: str, column: str, scope: list[str]) -> tuple[dict, list[str]]:
    """{row id: key} of a table, and the clashes the new unique constraint would refuse."""
    rows = bind.execute(sa.text(
        f"SELECT {', '.join(['id', column, *scope])} FROM {table} ORDER BY id")).all()
    keys, groups = {}, defaultdict(list)
    for row in rows:
        keys[row[0]] = text_key(row[1])
        groups[(*row[2:], keys[row[0]])].append(row[1])
    clashes = [f"{table}.{column}: " + " / ".join(repr(v) for v in values)
               for values in groups.values() if len(values) > 1]
    return keys, clashes


def upgrade():
    bind = op.get_bind()
    computed, clashes = {}, []
    for table, column, _key, _length, scope, _old, _new in KEYS:
        computed[table], found = _keys(bind, table, column, scope)
        clashes += found
    if clashes:
        # Nothing is changed yet: the organisers decide which record keeps the name or email.
        raise RuntimeError("These records differ only in case or Unicode form and cannot all "
                           "stay; rename or merge them, then upgrade again: "
                           + "; ".join(clashes))

    for table, _column, key, length, scope, old, new in KEYS:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column(key, sa.String(length=length), nullable=True))
        if computed[table]:
            bind.execute(sa.text(f"UPDATE {table} SET {key} = :key WHERE id = :id"),
                         [{"id": row_id, "key": value}
                          for row_id, value in computed[table].items()])
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column(key, existing_type=sa.String(length=length), nullable=False)
            batch_op.drop_constraint(old, type_="unique")
            batch_op.create_unique_constraint(new, [*scope, key])


def downgrade():
    for table, column, key, _length, scope, old, new in reversed(KEYS):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(new, type_="unique")
            batch_op.create_unique_constraint(old, [*scope, column])
            batch_op.drop_column(key)
