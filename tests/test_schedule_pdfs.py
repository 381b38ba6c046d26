"""Printable PDFs: a person's agenda, all agendas, door signs; names print as written and
the DejaVu font is embedded."""
from io import BytesIO

import pytest
from pypdf import PdfReader

import scheduler
from app.extensions import db
from app.models import Person, User
from app.services.demo import load_demo
from app.services.events import current_event
from app.services.pdf.agendas import printing_order
from app.services.schedule.instance import build_instance
from app.services.schedule.publish import publish_version
from app.services.schedule.store import _store
from tests.conftest import login
from tests.schedule_data import FIRST, add_version, schedule, scheduled_event


def _text(data: bytes) -> tuple[str, PdfReader]:
    reader = PdfReader(BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages), reader


def _fonts(reader: PdfReader) -> set[str]:
    """The fonts embedded in the file (reportlab also lists Helvetica, unused and not
    embedded, in every page's resources)."""
    names = set()
    for page in reader.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor")
            if descriptor is not None and any(k in descriptor.get_object() for k in (
                    "/FontFile", "/FontFile2", "/FontFile3")):
                names.add(str(font["/BaseFont"]))
    return names


@pytest.fixture
def scheduled(event, organiser):
    s = scheduled_event(event)
    add_version(s, 1, schedule(s, **FIRST))
    s.organiser = organiser
    return s


def test_a_partners_agenda_pdf_names_teams_challenge_and_rooms(scheduled, client):
    s = scheduled
    publish_version(s.event, s.organiser, 1)
    response = client.get(f"/p/{s.partners['Paula Partner'].token}/agenda.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"].startswith("inline; filename=")
    text, reader = _text(response.data)
    assert "Paula Partner" in text and "Sparring: Minți Curioase" in text
    assert "Återbruket" in text and "Łódź" in text  # the challenge, as written
    assert "Barn" in text and "Parlour" in text
    assert _fonts(reader) == {"/AAAAAA+DejaVuSans", "/AAAAAA+DejaVuSans-Bold"}


def test_before_publishing_the_agenda_pdf_is_the_timetable(scheduled, client):
    text, _reader = _text(client.get(f"/p/{scheduled.members['Sven Berg'].token}/agenda.pdf")
                          .data)
    assert "not published yet" in text and "Kick-off" in text and "Sparring 1" in text


def test_door_signs_need_a_published_schedule_then_list_rooms_sessions_teams(scheduled,
                                                                            client):
    s = scheduled
    login(client, s.organiser.email)
    missing = client.get("/schedule/signs.pdf")
    assert missing.status_code == 404 and "no published schedule" in missing.get_data(
        as_text=True)
    publish_version(s.event, s.organiser, 1)
    response = client.get("/schedule/signs.pdf")
    assert response.status_code == 200
    text, reader = _text(response.data)
    assert len(reader.pages) == 2  # Barn and Parlour
    barn, parlour = (page.extract_text() for page in reader.pages)
    assert barn.startswith("Barn") and "Minți Curioase with Paula Partner" in barn
    assert "Återbruket" not in barn and "Återbruket with Piet Partner" in parlour
    assert reader.pages[0].mediabox.width > reader.pages[0].mediabox.height  # landscape
    assert _fonts(reader) and all("DejaVu" in f for f in _fonts(reader))


def test_pdfs_for_organisers_only(scheduled, client, coach):
    assert client.get("/schedule/agendas.pdf").status_code == 302  # to the login
    login(client, coach.email)
    assert client.get("/schedule/agendas.pdf").status_code == 403
    assert client.get("/schedule/signs.pdf").status_code == 403


def test_all_agendas_of_the_demo_in_one_file_members_by_team_then_partners_coaches(
        app, client, monkeypatch):
    monkeypatch.delenv("HOST", raising=False)
    monkeypatch.delenv("PORT", raising=False)
    app.config["DEMO_PASSWORD"] = "demo-password-2023"
    load_demo()
    event = current_event()
    result = scheduler.solve(build_instance(event), time_limit=3, workers=1).to_dict()
    assert result["status"] in ("optimal", "feasible")
    version = _store(event, result, "solver")
    db.session.commit()
    organiser = db.session.execute(db.select(User).filter_by(role="organiser")).scalars().first()
    publish_version(event, organiser, version.version)
    people = printing_order(event)
    roles = [p.role for p in people]
    assert roles == sorted(roles, key=["member", "partner", "coach"].index)
    login(client, organiser.email, "demo-password-2023")
    response = client.get("/schedule/agendas.pdf")
    assert response.status_code == 200
    text, reader = _text(response.data)
    assert len(reader.pages) >= len(people)
    assert "Minți Curioase" in text and "Återbruket" in text
    first_partner = next(p for p in people if p.role == "partner")
    assert text.index(people[0].name) < text.index(first_partner.name)
    accepted = db.session.execute(db.select(db.func.count()).select_from(Person)
                                  .filter_by(status="accepted")).scalar_one()
    assert len(people) == accepted
    assert _fonts(reader) and all("DejaVu" in f for f in _fonts(reader))
