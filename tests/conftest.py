"""flaskr-style fixtures: a fresh app and database per test, clients logged in by role.

TEST_DATABASE_URL selects the database (CI runs the suite on SQLite and on PostgreSQL);
by default each test gets its own SQLite file.
"""
import os
import re
from datetime import date, datetime

import pytest
from flask import g
from flask.testing import FlaskClient

from app import create_app
from app.config import TestConfig
from app.extensions import db

PASSWORD = "correct horse battery"


def _ensure_postgres_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1].split("?")[0]
    base = url.replace("postgresql+psycopg://", "postgresql://").rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(base, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    url = os.environ.get("TEST_DATABASE_URL")
    if url and url.startswith("postgresql"):
        _ensure_postgres_database(url)
        return url
    return None


class FreshRequestClient(FlaskClient):
    """A test client whose every request starts with an empty `g`, as in production.

    The `app` fixture keeps one app context open for the whole test (so tests can use
    db.session); Flask would reuse it for each request and carry `g` over, e.g. a logged-in
    user cached by Flask-Login into a later anonymous request.
    """

    def open(self, *args, **kwargs):
        g.__dict__.clear()
        return super().open(*args, **kwargs)


@pytest.fixture
def app(database_url, tmp_path):
    url = database_url or f"sqlite:///{tmp_path / 'test.db'}"
    app = create_app({**TestConfig.resolve(), "SQLALCHEMY_DATABASE_URI": url})
    app.test_client_class = FreshRequestClient
    with app.app_context():
        db.drop_all()
        db.create_all()
        yield app
        db.session.remove()
        db.drop_all()
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


def csrf_token(client, url: str) -> str:
    """GET a page and return the CSRF token of its form, as a browser would."""
    html = client.get(url).get_data(as_text=True)
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html) or \
        re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, f"no CSRF token on {url}"
    return match.group(1)


def count_of(model) -> int:
    """How many records of `model` the database holds."""
    return db.session.execute(db.select(db.func.count()).select_from(model)).scalar_one()


def post_form(client, url: str, data: dict, **kwargs):
    """Submit a form the way a browser does: fetch the page, then post with its CSRF token."""
    return client.post(url, data={"csrf_token": csrf_token(client, url), **data}, **kwargs)


@pytest.fixture
def event(app):
    """A small accepted event: 2 sparring sessions, rooms, skills and languages."""
    from app.models import Event, EventSession, Language, Room, SkillTag

    ev = Event(name="Test Hackathon", venue="Test farm", starts_on=date(2023, 9, 22),
               ends_on=date(2023, 9, 24), timezone="Europe/Berlin")
    db.session.add(ev)
    db.session.flush()
    db.session.add_all([
        EventSession(event_id=ev.id, title="Kick-off", starts_at=datetime(2023, 9, 22, 18),
                     ends_at=datetime(2023, 9, 22, 19), kind="plenary", stage="empathize"),
        EventSession(event_id=ev.id, title="Sparring 1", starts_at=datetime(2023, 9, 23, 9),
                     ends_at=datetime(2023, 9, 23, 10, 30), kind="sparring", stage="empathize"),
        EventSession(event_id=ev.id, title="Sparring 2", starts_at=datetime(2023, 9, 23, 11),
                     ends_at=datetime(2023, 9, 23, 12, 30), kind="sparring", stage="prototype"),
        Room(event_id=ev.id, name="Barn", capacity=14, max_teams=2),
        Room(event_id=ev.id, name="Parlour", capacity=6, max_teams=1),
    ])
    for name in ["interviewing", "video", "ux-research", "web-development", "storytelling"]:
        db.session.add(SkillTag(event_id=ev.id, name=name))
    for code, name in [("de", "Deutsch"), ("en", "English"), ("it", "Italiano"),
                       ("ro", "Română"), ("sv", "Svenska"), ("es", "Español")]:
        db.session.add(Language(event_id=ev.id, code=code, name=name))
    db.session.commit()
    return ev


@pytest.fixture
def organiser(app, event):
    from app.services.accounts import create_user

    return create_user("organiser@example.org", "organiser", PASSWORD, name="Olga Organiser")


@pytest.fixture
def coach(app, event):
    """A coach person with an account, coaching one accepted team."""
    from app.models import Enterprise, Person
    from app.services.accounts import create_user

    person = Person(event_id=event.id, role="coach", name="Carla Coach", status="accepted",
                    email="coach1@example.org", languages=["en", "de"], skills=["video"],
                    max_teams=2)
    team = Enterprise(event_id=event.id, name="Care farm", organisation="Cascina Verde",
                      country="IT", status="accepted", languages=["en", "it"],
                      needs={"empathize": ["interviewing"]}, stage="empathize")
    team.coach = person
    db.session.add_all([person, team])
    db.session.flush()
    db.session.add(Person(event_id=event.id, role="member", name="Marco Rossi",
                          email="marco@example.org", enterprise_id=team.id, status="accepted",
                          languages=["it", "en"]))
    db.session.commit()
    return create_user("coach1@example.org", "coach", PASSWORD, name=person.name, person=person)


def login(client, email: str, password: str = PASSWORD):
    response = post_form(client, "/auth/login", {"email": email, "password": password})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return response


@pytest.fixture
def organiser_client(client, organiser):
    login(client, organiser.email)
    return client


@pytest.fixture
def coach_client(client, coach):
    login(client, coach.email)
    return client


# A real SMTP server (aiosmtpd) and the outbox worker, for the tests that send email.
from tests.smtp import outbox_worker, smtp_server  # noqa: E402,F401
