"""The pages benchmark's generated event (benchmarks/list_event.py) stays writable and usable.

It bulk-inserts past the models' validators; this keeps it in step with the schema (text
keys, constraints) on SQLite and PostgreSQL, at the smallest scale."""
from sqlalchemy import func

from app.extensions import db
from app.models import Enterprise, Person, User
from app.models.keys import text_key
from benchmarks.list_event import ORGANISER_EMAIL, PASSWORD, generate_event
from tests.conftest import login


def test_the_generated_event_has_its_keys_and_serves_the_lists(app, client):
    counts = generate_event(scale=1, seed=3)
    assert counts["enterprises"] == 16 and counts["partners"] == 40 and counts["coaches"] == 8
    assert db.session.scalar(db.select(func.count()).select_from(Enterprise)) == 16
    people = db.session.execute(db.select(Person)).scalars().all()
    assert len(people) == 40 + 8 + counts["members"]
    assert all(person.email_key == text_key(person.email) for person in people)
    teams = db.session.execute(db.select(Enterprise)).scalars().all()
    assert all(team.name_key == text_key(team.name) for team in teams)
    organiser = db.session.execute(db.select(User).filter_by(role="organiser")).scalar_one()
    assert organiser.email_key == ORGANISER_EMAIL

    login(client, ORGANISER_EMAIL, PASSWORD)
    page = client.get("/admin/enterprises").get_data(as_text=True)
    assert "16 found" in page
    assert client.get("/admin/partners?q=example.org").status_code == 200
