"""Codes and keys exist before anything reads them: an event is made with its keys, a person
gets a code when accepted, and the GET routes that show codes (QR images, badges, the
roster, the keys) write nothing."""
from datetime import date

from sqlalchemy import func

from app.extensions import db
from app.models import CheckinCode, CheckinKey, Enterprise, Event, Person
from app.services.checkin import codes
from app.services.enterprises import set_enterprise_status
from app.services.people import set_person_status


def _rows() -> dict[str, int]:
    return {model.__tablename__: db.session.execute(
        db.select(func.count()).select_from(model)).scalar_one()
        for model in (CheckinCode, CheckinKey)}


def _person(event, status: str, name: str) -> Person:
    person = Person(event_id=event.id, role="partner", name=name, status=status,
                    email=f"{name.split()[0].lower()}@example.org", languages=["en"],
                    partner_kind="creative")
    db.session.add(person)
    db.session.commit()
    return person


def test_an_event_is_made_with_its_two_keys(app):
    event = Event(name="Another", starts_on=date(2024, 1, 5), ends_on=date(2024, 1, 6))
    db.session.add(event)
    db.session.commit()
    keys = codes._keys_of(event.id)
    assert [(k.key_id, k.active) for k in keys] == [(1, True), (2, False)]


def test_accepting_issues_the_code_once(app, event):
    pending = _person(event, "pending", "Pia Pending")
    assert codes.current_code(pending) is None
    set_person_status(pending, "accepted")
    first = codes.current_code(pending)
    assert first is not None and first.key_id == 1
    set_person_status(pending, "pending")
    set_person_status(pending, "accepted")  # accepted again: the code it has stays
    assert codes.current_code(pending).code == first.code
    assert db.session.execute(db.select(func.count()).select_from(CheckinCode).filter_by(
        person_id=pending.id)).scalar_one() == 1


def test_an_accepted_team_gives_its_members_codes(app, event):
    team = Enterprise(event_id=event.id, name="Seed Bank", organisation="Seed Bank e.V.",
                      country="DE", status="pending")
    team.members = [Person(event_id=event.id, role="member", name="Mia Member",
                           status="pending", email="mia@example.org", languages=["en"])]
    db.session.add(team)
    db.session.commit()
    assert codes.current_code(team.members[0]) is None
    set_enterprise_status(team, "accepted")
    assert codes.current_code(team.members[0]) is not None


def test_reading_codes_writes_nothing(organiser_client, event):
    accepted = _person(event, "accepted", "Alma Accepted")
    pending = _person(event, "pending", "Pia Pending")
    assert codes.current_code(accepted) is not None
    before = _rows()
    for url in (f"/api/people/{accepted.id}/qr.png", f"/api/people/{accepted.id}/qr.svg",
                "/admin/badges.pdf", f"/admin/people/{pending.id}/badge.pdf",
                "/api/checkins/roster", "/api/checkins/keys"):
        assert organiser_client.get(url).status_code == 200, url
    for url in (f"/api/people/{pending.id}/qr.png", f"/api/people/{pending.id}/qr.svg"):
        response = organiser_client.get(url)
        assert response.status_code == 404, url
        assert "no check-in code yet" in response.get_json()["message"]
    db.session.expire_all()
    assert _rows() == before
    roster = organiser_client.get("/api/checkins/roster").get_json()
    assert [row["person"] for row in roster] == [accepted.id]


def test_the_personal_page_shows_the_code_only_once_there_is_one(client, event):
    pending = _person(event, "pending", "Pia Pending")
    html = client.get(f"/p/{pending.token}").get_data(as_text=True)
    assert "/qr.svg" not in html  # no image that would answer 404
    assert "No check-in code yet" in html
    set_person_status(pending, "accepted")
    html = client.get(f"/p/{pending.token}").get_data(as_text=True)
    assert f"/p/{pending.token}/qr.svg" in html
    assert client.get(f"/p/{pending.token}/qr.svg").status_code == 200
