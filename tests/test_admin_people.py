"""Organiser pages for enterprises, sparring partners and coaches."""
import re

import pytest
from sqlalchemy import event as sa_event

from app.extensions import db
from app.models import Conflict, Enterprise, Person
from tests.conftest import csrf_token, login, post_form
from tests.helpers import make_team


def text_of(response) -> str:
    return re.sub(r"\s+", " ", response.get_data(as_text=True))


def team(name: str = "Care farm") -> Enterprise:
    return db.session.execute(db.select(Enterprise).filter_by(name=name)).scalar_one()


def person(name: str) -> Person | None:
    return db.session.execute(db.select(Person).filter_by(name=name)).scalar_one_or_none()


def add_partner(event, name="Paula Partner", email="paula@example.org", status="accepted"):
    partner = Person(event_id=event.id, role="partner", name=name, email=email, status=status,
                     organisation="Studio P", languages=["de"], skills=["video"],
                     partner_kind="creative")
    partner.available_sessions = [s for s in event.sessions if s.kind == "sparring"]
    db.session.add(partner)
    db.session.commit()
    return partner


def add_team(event, name: str, members: int = 2, status: str = "pending") -> Enterprise:
    return make_team(event, name, members=members, status=status)


def enterprise_form(**changes) -> dict:
    data = {"name": "STEM kids", "organisation": "Scoala Buna", "country": "RO",
            "languages": ["ro", "en"], "needs_ideate": ["storytelling"], "status": "accepted",
            "stage": "define", "coach": "",
            "members-0-name": "Ioana Pop", "members-0-email": "ioana@example.org"}
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


# --- access ----------------------------------------------------------------------------------

ADMIN_PAGES = ["/admin/enterprises", "/admin/enterprises/new", "/admin/partners",
               "/admin/partners/new", "/admin/coaches", "/admin/coaches/new"]


@pytest.mark.parametrize("url", ADMIN_PAGES)
def test_anonymous_is_sent_to_login(client, event, url):
    response = client.get(url)
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]


@pytest.mark.parametrize("url", ADMIN_PAGES)
def test_coach_is_forbidden(coach_client, url):
    assert coach_client.get(url).status_code == 403


def test_participant_link_gives_no_admin_access(client, coach):
    marco = person("Marco Rossi")
    assert client.get(f"/p/{marco.token}").status_code == 200
    assert client.get("/admin/enterprises").status_code == 302


def test_coach_cannot_accept_a_team(coach_client):
    enterprise = team()
    token = csrf_token(coach_client, "/board/")
    response = coach_client.post(f"/admin/enterprises/{enterprise.id}/status",
                                 data={"csrf_token": token, "status": "rejected"})
    assert response.status_code == 403
    assert team().status == "accepted"


def test_dashboard_links_to_the_lists(organiser_client):
    html = organiser_client.get("/admin/").get_data(as_text=True)
    assert "/admin/enterprises" in html and "/admin/partners" in html
    assert "/admin/coaches" in html


# --- enterprises -----------------------------------------------------------------------------

def test_enterprise_list_search_and_status_filter(organiser_client, coach):
    event = team().event_id
    from app.models import Event

    add_team(db.session.get(Event, event), "STEM kids")
    html = text_of(organiser_client.get("/admin/enterprises"))
    assert "Care farm" in html and "STEM kids" in html and "Carla Coach" in html
    html = text_of(organiser_client.get("/admin/enterprises?q=cascina"))  # organisation
    assert "Care farm" in html and "STEM kids" not in html
    html = text_of(organiser_client.get("/admin/enterprises?q=stemkids1@example"))  # member
    assert "STEM kids" in html and "Care farm" not in html
    html = text_of(organiser_client.get("/admin/enterprises?status=pending"))
    assert "STEM kids" in html and "Care farm" not in html


def test_enterprise_list_queries_do_not_grow_with_teams(organiser_client, event):
    add_team(event, "Team A")
    statements = []

    def count(*_args):
        statements.append(1)

    sa_event.listen(db.engine, "before_cursor_execute", count)
    try:
        organiser_client.get("/admin/enterprises")
        few = len(statements)
        for index in range(6):
            add_team(event, f"Team {index}x", members=3)
        statements.clear()
        response = organiser_client.get("/admin/enterprises")
        many = len(statements)
    finally:
        sa_event.remove(db.engine, "before_cursor_execute", count)
    assert "Team 5x" in response.get_data(as_text=True)
    assert many == few


def test_create_enterprise_with_coach(organiser_client, coach):
    coach_person = person("Carla Coach")
    form_page = organiser_client.get("/admin/enterprises/new").get_data(as_text=True)
    assert f'<option value="{coach_person.id}">Carla Coach (1 of 2 teams)</option>' in form_page
    response = post_form(organiser_client, "/admin/enterprises/new",
                         enterprise_form(coach=str(coach_person.id)))
    assert response.status_code == 302
    created = team("STEM kids")
    assert response.headers["Location"].endswith(f"/admin/enterprises/{created.id}")
    assert created.coach.name == "Carla Coach" and created.stage == "define"
    assert created.status == "accepted" and created.members[0].status == "accepted"
    html = text_of(organiser_client.get(response.headers["Location"]))
    assert "Ioana Pop" in html and f"/p/{created.members[0].token}" in html


@pytest.mark.parametrize("changes, message", [
    ({"name": ""}, "Name of the project or team: This field is required."),
    ({"languages": None}, "Languages the team speaks: choose at least one language"),
    ({"coach": "99999"}, "Coach: Not a valid choice."),
    ({"members-0-email": "marco@example.org"},
     "Email: marco@example.org is already registered for this event"),
    ({"stage": "dance"}, "Current stage: Not a valid choice."),
])
def test_create_enterprise_errors_name_the_field(organiser_client, coach, changes, message):
    response = post_form(organiser_client, "/admin/enterprises/new", enterprise_form(**changes))
    assert response.status_code == 422
    assert message in text_of(response)
    assert db.session.execute(db.select(Enterprise).filter_by(name="STEM kids")).first() is None


def test_edit_enterprise_members_and_coach(organiser_client, coach):
    enterprise = team()
    marco = enterprise.members[0]
    url = f"/admin/enterprises/{enterprise.id}/edit"
    html = organiser_client.get(url).get_data(as_text=True)
    assert 'value="Marco Rossi"' in html and f'value="{marco.id}"' in html
    data = {"name": "Care farm 2", "organisation": "Cascina Verde", "country": "IT",
            "languages": ["it"], "status": "accepted", "stage": "ideate", "coach": "",
            "members-0-id": str(marco.id), "members-0-name": "Marco R.",
            "members-0-email": "marco@example.org",
            "members-1-name": "Giulia Bianchi", "members-1-email": "giulia@example.org"}
    response = post_form(organiser_client, url, data)
    assert response.status_code == 302
    edited = team("Care farm 2")
    assert [m.name for m in edited.members] == ["Marco R.", "Giulia Bianchi"]
    assert edited.members[0].id == marco.id  # same person, same personal link
    assert edited.coach is None and edited.stage == "ideate" and edited.size == 2
    # Remove Marco by emptying his row; Giulia stays.
    giulia = edited.members[1]
    data.update({"members-0-name": "", "members-0-email": "", "members-1-id": str(giulia.id)})
    assert post_form(organiser_client, url, data).status_code == 302
    assert [m.name for m in team("Care farm 2").members] == ["Giulia Bianchi"]
    assert person("Marco R.") is None


def test_edit_enterprise_unknown_id_is_404(organiser_client, event):
    assert organiser_client.get("/admin/enterprises/9999").status_code == 404
    assert organiser_client.get("/admin/enterprises/9999/edit").status_code == 404


def test_accept_and_reject_enterprise_from_list(organiser_client, event):
    enterprise = add_team(event, "STEM kids")
    token = csrf_token(organiser_client, "/admin/enterprises")
    response = organiser_client.post(f"/admin/enterprises/{enterprise.id}/status", data={
        "csrf_token": token, "status": "accepted", "next": "/admin/enterprises?status=pending"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/admin/enterprises?status=pending")
    assert team("STEM kids").status == "accepted"
    assert {m.status for m in team("STEM kids").members} == {"accepted"}
    response = organiser_client.post(f"/admin/enterprises/{enterprise.id}/status", data={
        "csrf_token": token, "status": "rejected", "next": "https://evil.example/"})
    assert response.headers["Location"].endswith(f"/admin/enterprises/{enterprise.id}")
    assert {m.status for m in team("STEM kids").members} == {"rejected"}
    response = organiser_client.post(f"/admin/enterprises/{enterprise.id}/status",
                                     data={"csrf_token": token, "status": "bogus"})
    assert response.status_code == 400 and team("STEM kids").status == "rejected"


def test_delete_enterprise_confirms_and_removes_members(organiser_client, coach):
    enterprise = team()
    url = f"/admin/enterprises/{enterprise.id}/delete"
    page = text_of(organiser_client.get(url))
    assert "Its members are deleted too: Marco Rossi (marco@example.org)" in page
    assert "Carla Coach no longer coaches this team" in page
    assert team().id == enterprise.id  # GET changes nothing
    response = post_form(organiser_client, url, {})
    assert response.status_code == 302
    assert db.session.execute(db.select(Enterprise)).first() is None
    assert person("Marco Rossi") is None and person("Carla Coach") is not None


# --- partners and coaches --------------------------------------------------------------------

def test_partner_list_search(organiser_client, event):
    add_partner(event)
    add_partner(event, "Ben Builder", "ben@werk.de", status="pending")
    html = text_of(organiser_client.get("/admin/partners"))
    assert "Paula Partner" in html and "Ben Builder" in html
    html = text_of(organiser_client.get("/admin/partners?q=WERK.de"))
    assert "Ben Builder" in html and "Paula Partner" not in html
    html = text_of(organiser_client.get("/admin/partners?q=studio&status=accepted"))
    assert "Paula Partner" in html and "Ben Builder" not in html


def test_create_and_edit_partner(organiser_client, event):
    sessions = [str(s.id) for s in event.sessions if s.kind == "sparring"]
    data = {"name": "Nora Nordlicht", "email": "nora@example.org", "organisation": "Licht",
            "partner_kind": "living_lab", "skills": ["video"], "languages": ["de"],
            "available_sessions": sessions[:1], "max_sessions": "", "status": "accepted"}
    response = post_form(organiser_client, "/admin/partners/new", data)
    assert response.status_code == 302
    nora = person("Nora Nordlicht")
    assert nora.status == "accepted" and nora.partner_kind == "living_lab"
    url = f"/admin/partners/{nora.id}/edit"
    assert 'value="nora@example.org"' in organiser_client.get(url).get_data(as_text=True)
    response = post_form(organiser_client, url, data | {"available_sessions": sessions,
                                                        "max_sessions": "5"})
    assert response.status_code == 422
    assert "Sessions at most: must be between 1 and 2" in text_of(response)
    response = post_form(organiser_client, url, data | {"available_sessions": sessions,
                                                        "max_sessions": "2"})
    assert response.status_code == 302
    db.session.refresh(nora)
    assert len(nora.available_sessions) == 2 and nora.max_sessions == 2
    # Keeping one's own email is not a duplicate.
    assert nora.email == "nora@example.org"


def test_create_coach_and_duplicate_email(organiser_client, coach):
    data = {"name": "Otto Coach", "email": "otto@example.org", "languages": ["de"],
            "skills": [], "max_teams": "3", "status": "pending"}
    assert post_form(organiser_client, "/admin/coaches/new", data).status_code == 302
    assert person("Otto Coach").max_teams == 3
    response = post_form(organiser_client, "/admin/coaches/new",
                         data | {"name": "Other", "email": "coach1@example.org"})
    assert response.status_code == 422
    assert "Email: coach1@example.org is already registered for this event" in text_of(response)


def test_accept_and_reject_person(organiser_client, event):
    partner = add_partner(event, status="pending")
    token = csrf_token(organiser_client, "/admin/partners")
    response = organiser_client.post(f"/admin/partners/{partner.id}/status",
                                     data={"csrf_token": token, "status": "accepted"})
    assert response.status_code == 302
    assert person("Paula Partner").status == "accepted"
    html = text_of(organiser_client.get(f"/admin/partners/{partner.id}"))
    assert "Reject" in html and "Paula Partner" in html


def test_person_under_the_wrong_kind_is_404(organiser_client, coach):
    coach_person = person("Carla Coach")
    assert organiser_client.get(f"/admin/coaches/{coach_person.id}").status_code == 200
    assert organiser_client.get(f"/admin/partners/{coach_person.id}").status_code == 404
    marco = person("Marco Rossi")
    assert organiser_client.get(f"/admin/coaches/{marco.id}/delete").status_code == 404


def test_delete_coach_who_still_coaches_is_refused(organiser_client, coach):
    coach_person = person("Carla Coach")
    from app.models import Event

    stem = add_team(db.session.get(Event, coach_person.event_id), "STEM kids")
    stem.coach = coach_person
    db.session.commit()
    url = f"/admin/coaches/{coach_person.id}/delete"
    message = "Coach Carla Coach still coaches Care farm, STEM kids: assign another coach first."
    page = text_of(organiser_client.get(url))
    assert message in page and f"/admin/enterprises/{stem.id}/edit" in page
    assert "<form method=\"post\">" not in page  # no delete button while refused
    token = csrf_token(organiser_client, f"/admin/coaches/{coach_person.id}/edit")
    response = organiser_client.post(url, data={"csrf_token": token})
    assert response.status_code == 409
    assert message in text_of(response)
    assert person("Carla Coach") is not None


def test_delete_coach_without_teams(organiser_client, coach):
    coach_person = person("Carla Coach")
    team().coach = None
    db.session.commit()
    url = f"/admin/coaches/{coach_person.id}/delete"
    page = text_of(organiser_client.get(url))
    assert "The login account coach1@example.org stays" in page
    assert post_form(organiser_client, url, {}).status_code == 302
    assert person("Carla Coach") is None


def test_delete_partner_removes_wishes_and_conflicts_and_says_so(organiser_client, coach):
    from app.models import Event

    enterprise = team()
    partner = add_partner(db.session.get(Event, enterprise.event_id))
    enterprise.wished_partners = [partner]
    db.session.add(Conflict(event_id=enterprise.event_id, enterprise_id=enterprise.id,
                            partner_id=partner.id, reason="former employer"))
    db.session.commit()
    url = f"/admin/partners/{partner.id}/delete"
    page = text_of(organiser_client.get(url))
    assert "Removed from the wishes of Care farm." in page
    assert "Their conflicts of interest are removed (with Care farm)." in page
    assert "Their availability for 2 sessions is removed." in page
    assert "removed together with them" in page
    assert post_form(organiser_client, url, {}).status_code == 302
    assert person("Paula Partner") is None
    assert team().wished_partners == []
    assert db.session.execute(db.select(Conflict)).first() is None


def test_delete_needs_post_with_csrf(organiser_client, event):
    partner = add_partner(event)
    response = organiser_client.post(f"/admin/partners/{partner.id}/delete")
    assert response.status_code == 400
    assert person("Paula Partner") is not None


def test_coach_login_then_organiser_pages_forbidden(client, coach):
    login(client, "coach1@example.org")
    assert client.get("/admin/coaches").status_code == 403


# --- services without a request (CSV import and the API build on these) ---------------------

def test_create_functions_do_not_commit_when_asked(app, event):
    from app.services.enterprises import create_enterprise
    from app.services.people import create_coach, create_partner

    partner = create_partner(event, {"name": "P", "email": "p@example.org", "languages": "de",
                                     "available_sessions": "Sparring 1"}, commit=False)
    create_coach(event, {"name": "C", "email": "c@example.org", "languages": ["en"]},
                 commit=False)
    create_enterprise(event, {"name": "T", "organisation": "O", "country": "se",
                              "languages": "en", "wished_partners": f"p{partner.id}",
                              "members": [{"name": "M", "email": "m@example.org"}]},
                      commit=False)
    assert len(db.session.execute(db.select(Person)).all()) == 3  # flushed, visible
    db.session.rollback()
    assert db.session.execute(db.select(Person)).first() is None
    assert db.session.execute(db.select(Enterprise)).first() is None


def test_service_reports_every_problem_at_once(app, event):
    from app.services.checks import ValidationFailed
    from app.services.enterprises import create_enterprise

    with pytest.raises(ValidationFailed) as failed:
        create_enterprise(event, {"name": "", "organisation": "O", "country": "XX",
                                  "languages": [], "needs": {"dance": "video"},
                                  "wished_partners": ["nobody@example.org"],
                                  "members": [{"name": "A", "email": "a@example.org"},
                                              {"name": "B", "email": "A@example.org"}]})
    errors = failed.value.errors
    assert set(errors) == {"name", "country", "languages", "needs", "wished_partners",
                           "members-1-email"}
    assert "unknown sparring partner 'nobody@example.org'" in errors["wished_partners"]


def test_update_moves_an_email_between_members(app, event):
    from app.services.enterprises import update_enterprise

    enterprise = add_team(event, "Swap", members=2)
    first, second = enterprise.members
    data = {"name": "Swap", "organisation": "O", "country": "DE", "languages": ["de"],
            "members": [{"id": second.id, "name": "Second", "email": first.email}]}
    update_enterprise(enterprise, data)
    assert [(m.id, m.email) for m in team("Swap").members] == [(second.id, "swap0@example.org")]


def test_partner_max_sessions_is_bounded_by_the_sparring_sessions(app, event):
    from app.services.checks import ValidationFailed
    from app.services.people import create_partner

    data = {"name": "P", "email": "p@example.org", "languages": ["de"],
            "available_sessions": [f"s{s.id}" for s in event.sessions if s.kind == "sparring"]}
    with pytest.raises(ValidationFailed) as failed:
        create_partner(event, data | {"max_sessions": 3})
    assert failed.value.errors == {"max_sessions": ["must be between 1 and 2"]}
    assert create_partner(event, data | {"max_sessions": "2"}).max_sessions == 2
