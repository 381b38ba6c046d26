"""The committed Alembic migrations build the schema from empty and match the models."""
import psycopg
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, inspect

from app import create_app
from app.config import TestConfig
from app.extensions import db


@pytest.fixture
def empty_database_url(database_url, tmp_path):
    """A database with no tables: a new SQLite file, or a new PostgreSQL database."""
    if database_url is None:
        yield f"sqlite:///{tmp_path / 'migrations.db'}"
        return
    base = database_url.replace("postgresql+psycopg://", "postgresql://").rsplit("/", 1)[0]
    # Named after the test database, so suites run against different ones do not collide.
    name = database_url.rsplit("/", 1)[1].split("?")[0] + "_migrations"
    with psycopg.connect(base + "/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    yield database_url.rsplit("/", 1)[0] + "/" + name
    with psycopg.connect(base + "/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_upgrade_from_empty_matches_the_models(empty_database_url):
    app = create_app({**TestConfig.resolve(), "SQLALCHEMY_DATABASE_URI": empty_database_url})
    with app.app_context():
        upgrade()
        tables = set(inspect(db.engine).get_table_names())
        assert {"events", "enterprises", "people", "users", "api_tokens"} <= tables
        with db.engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), db.metadata)
        assert diff == [], f"models and migrations differ: {diff}"
        downgrade(revision="base")
        assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
        db.engine.dispose()


def test_sqlite_connections_use_wal_and_busy_timeout(tmp_path):
    from app.models import sqlite_pragmas  # noqa: F401

    engine = create_engine(f"sqlite:///{tmp_path / 'wal.db'}")
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 5000
    engine.dispose()


def _insert_rows_of_the_initial_schema(conn) -> None:
    """An event as revision 26a329f719fd stored it, with rows that depend on its people."""
    from sqlalchemy import text

    now = "2023-09-01 10:00:00"
    conn.execute(text(
        "INSERT INTO events (id, name, venue, description, starts_on, ends_on, timezone, stages,"
        " rules, registration_open, created_at) VALUES (1, 'Hack', '', '', '2023-09-22',"
        " '2023-09-24', 'Europe/Berlin', '[]', '{}', true, :now)"), {"now": now})
    conn.execute(text(
        "INSERT INTO enterprises (id, event_id, name, organisation, country, challenge,"
        " description, languages, needs, status, created_at) VALUES"
        " (1, 1, 'Ærøskøbing', 'Org', 'DK', '', '', '[]', '{}', 'accepted', :now),"
        " (2, 1, 'Straße', 'Org', 'DE', '', '', '[]', '{}', 'accepted', :now)"), {"now": now})
    people = [(1, "member", "Ada", "ÅSA@Example.ORG", 1), (2, "partner", "Pia", "pia@x.org", None),
              (3, "coach", "Carl", "CARL@x.org", None)]
    for person_id, role, name, email, team in people:
        conn.execute(text(
            "INSERT INTO people (id, event_id, role, name, email, organisation, skills,"
            " languages, status, token, enterprise_id, created_at) VALUES (:id, 1, :role,"
            " :name, :email, '', '[]', '[]', 'accepted', :token, :team, :now)"),
            {"id": person_id, "role": role, "name": name, "email": email, "team": team,
             "token": f"token{person_id}", "now": now})
    conn.execute(text("INSERT INTO event_sessions (id, event_id, title, starts_at, ends_at,"
                      " kind, place) VALUES (1, 1, 'S1', '2023-09-23 09:00:00',"
                      " '2023-09-23 10:00:00', 'sparring', '')"))
    conn.execute(text("INSERT INTO rooms (id, event_id, name, capacity, max_teams) VALUES"
                      " (1, 1, 'Scheune', 10, 1), (2, 1, 'ﬁre room', 4, 1)"))
    conn.execute(text("INSERT INTO users (id, email, name, password_hash, role, person_id,"
                      " active, created_at) VALUES (1, 'Carl@X.org', 'Carl', '', 'coach', 3,"
                      " true, :now)"), {"now": now})
    conn.execute(text("INSERT INTO conflicts (id, event_id, enterprise_id, partner_id, reason)"
                      " VALUES (1, 1, 2, 2, 'family')"))
    conn.execute(text("INSERT INTO person_sessions (person_id, session_id) VALUES (2, 1)"))
    conn.execute(text("INSERT INTO team_coaches (enterprise_id, coach_id) VALUES (1, 3)"))
    conn.execute(text("INSERT INTO team_wishes (enterprise_id, partner_id) VALUES (1, 2)"))
    conn.execute(text("INSERT INTO partner_wishes (partner_id, enterprise_id) VALUES (2, 1)"))


def _counts(conn) -> dict:
    from sqlalchemy import text

    tables = ["enterprises", "people", "users", "rooms", "conflicts", "person_sessions",
              "team_coaches", "team_wishes", "partner_wishes"]
    return {t: conn.execute(text(f"SELECT count(*) FROM {t}")).scalar_one() for t in tables}


def test_upgrade_fills_the_text_keys_of_existing_rows(empty_database_url):
    """Rows from before the text keys get them, and nothing that depends on them is lost
    (on SQLite, batch mode copies the tables)."""
    from sqlalchemy import text

    app = create_app({**TestConfig.resolve(), "SQLALCHEMY_DATABASE_URI": empty_database_url})
    with app.app_context():
        upgrade(revision="26a329f719fd")
        with db.engine.begin() as conn:
            _insert_rows_of_the_initial_schema(conn)
            before = _counts(conn)
        upgrade()
        with db.engine.connect() as conn:
            assert _counts(conn) == before
            keys = dict(conn.execute(text("SELECT name, name_key FROM enterprises")).all())
            assert keys == {"Ærøskøbing": "ærøskøbing", "Straße": "strasse"}
            keys = dict(conn.execute(text("SELECT email, email_key FROM people")).all())
            assert keys["ÅSA@Example.ORG"] == "åsa@example.org"
            assert conn.execute(text("SELECT email_key FROM users")).scalar_one() == "carl@x.org"
            keys = dict(conn.execute(text("SELECT name, name_key FROM rooms")).all())
            assert keys == {"Scheune": "scheune", "ﬁre room": "fire room"}
            assert conn.execute(text("SELECT person_id FROM users")).scalar_one() == 3
        # The new constraints hold: another spelling of a stored name or email is refused.
        from sqlalchemy.exc import IntegrityError

        with pytest.raises(IntegrityError, match="uq_enterprises_event_id|UNIQUE"), \
                db.engine.begin() as conn:
            conn.execute(text(
                "INSERT INTO enterprises (id, event_id, name, name_key, organisation, country,"
                " challenge, description, languages, needs, status, created_at) VALUES (3, 1,"
                " 'ÆRØSKØBING', 'ærøskøbing', 'O', 'DK', '', '', '[]', '{}', 'pending',"
                " '2023-09-01 10:00:00')"))
        downgrade(revision="26a329f719fd")
        with db.engine.connect() as conn:
            assert _counts(conn) == before
            columns = {c["name"] for c in inspect(conn).get_columns("people")}
            assert "email_key" not in columns and "email" in columns
        db.engine.dispose()


def test_upgrade_refuses_rows_that_differ_only_in_case_and_changes_nothing(
        empty_database_url, capfd):
    from sqlalchemy import text

    app = create_app({**TestConfig.resolve(), "SQLALCHEMY_DATABASE_URI": empty_database_url})
    with app.app_context():
        upgrade(revision="26a329f719fd")
        with db.engine.begin() as conn:
            _insert_rows_of_the_initial_schema(conn)
            conn.execute(text("INSERT INTO rooms (id, event_id, name, capacity, max_teams)"
                              " VALUES (3, 1, 'SCHEUNE', 10, 1)"))
        with pytest.raises(SystemExit):  # Flask-Migrate logs the error and exits
            upgrade()
        assert "rooms.name: 'Scheune' / 'SCHEUNE'" in capfd.readouterr().err
        with db.engine.connect() as conn:
            assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one() \
                == "26a329f719fd"
            assert "name_key" not in {c["name"] for c in inspect(conn).get_columns("rooms")}
        db.engine.dispose()
