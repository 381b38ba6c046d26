"""Records for the list tests and what they look at: names in a list, SQL statements."""
import re
from datetime import datetime
from urllib.parse import urlsplit

from sqlalchemy import event as sa_event

from app.extensions import db
from app.models import Enterprise, Person


def slug(name: str) -> str:
    return re.sub(r"\W", "", name.lower())


def make_team(event, name, *, status="pending", stage=None, country="DE", languages=("de",),
              needs=None, coach=None, members=1, created=None) -> Enterprise:
    """A team with `members` members named '<name> member <i>', <slug><i>@example.org."""
    team = Enterprise(event_id=event.id, name=name, organisation=f"{name} org", country=country,
                      status=status, stage=stage, languages=list(languages), needs=needs or {},
                      created_at=created or datetime(2023, 9, 1))
    team.coach = coach
    db.session.add(team)
    db.session.flush()
    for index in range(members):
        db.session.add(Person(event_id=event.id, role="member", name=f"{name} member {index}",
                              email=f"{slug(name)}{index}@example.org", enterprise_id=team.id,
                              status=status))
    db.session.commit()
    return team


def make_person(event, role, name, *, status="pending", skills=(), languages=("de",),
                kind="creative", sessions=0, organisation="", created=None) -> Person:
    """A partner or coach; a partner is available for the first `sessions` sparring sessions."""
    person = Person(event_id=event.id, role=role, name=name, status=status,
                    email=f"{slug(name)}@example.org", skills=list(skills),
                    languages=list(languages), organisation=organisation,
                    partner_kind=kind if role == "partner" else None,
                    max_teams=2 if role == "coach" else None,
                    created_at=created or datetime(2023, 9, 1))
    if sessions:
        person.available_sessions = [s for s in event.sessions if s.kind == "sparring"][:sessions]
    db.session.add(person)
    db.session.commit()
    return person


def names_in(response, link_part: str) -> list[str]:
    """The record names linked from the list rows, in order (e.g. '/admin/enterprises/')."""
    html = response.get_data(as_text=True)
    return re.findall(rf'<a href="{re.escape(link_part)}\d+">([^<]+)</a>', html)


def listed(client, url: str) -> list[str]:
    """The names a list page (/admin/enterprises?...) shows, in order."""
    response = client.get(url)
    assert response.status_code == 200, url
    return names_in(response, urlsplit(url).path + "/")


def count_statements(client, url: str) -> tuple[int, object]:
    """(SQL statements a GET of `url` runs, its response); the response must be 200."""
    statements = []

    def listener(*_args):
        statements.append(1)

    sa_event.listen(db.engine, "before_cursor_execute", listener)
    try:
        response = client.get(url)
    finally:
        sa_event.remove(db.engine, "before_cursor_execute", listener)
    assert response.status_code == 200, url
    return len(statements), response
