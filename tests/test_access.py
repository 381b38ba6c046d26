"""Who may call what, and what they are told: the API's 401 and 405, accounts' own page."""
from app.extensions import db
from app.models import OutboxEmail
from app.services.mail import messages as emails
from tests.conftest import PASSWORD, csrf_token, login, post_form
from tests.helpers import make_person


def _held_email(event) -> OutboxEmail:
    person = make_person(event, "partner", "Paula", status="accepted")
    email = emails.link_reminder(person)
    db.session.commit()
    return email


def test_api_post_without_credentials_is_401_not_a_csrf_error(client, event):
    email = _held_email(event)
    response = client.post(f"/api/outbox/{email.id}/resend")
    assert response.status_code == 401
    assert response.get_json()["error"] == "unauthorized"


def test_api_post_with_a_browser_session_still_needs_csrf(organiser_client, event):
    email = _held_email(event)
    response = organiser_client.post(f"/api/outbox/{email.id}/resend")
    assert response.status_code == 400 and response.get_json()["error"] == "csrf_failed"
    token = csrf_token(organiser_client, "/admin/")
    response = organiser_client.post(f"/api/outbox/{email.id}/resend",
                                     headers={"X-CSRFToken": token})
    # No mail server in this test: the email stays held, and the API says why.
    assert response.status_code == 409 and "MAIL_SERVER" in response.get_json()["message"]


def test_api_post_with_a_bearer_token(app, runner, event, organiser, coach):
    email = _held_email(event)
    token = runner.invoke(args=["token", "create", organiser.email]).output.strip()
    response = app.test_client().post(f"/api/outbox/{email.id}/resend",
                                      headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 409
    coach_token = runner.invoke(args=["token", "create", coach.email]).output.strip()
    response = app.test_client().post(f"/api/outbox/{email.id}/resend",
                                      headers={"Authorization": f"Bearer {coach_token}"})
    assert response.status_code == 403


def test_a_wrong_method_is_405_not_a_csrf_error(client, organiser_client, event):
    for c in (client, organiser_client):
        response = c.post("/api/event")
        assert response.status_code == 405
        assert response.get_json()["error"] == "method_not_allowed"
    assert client.post("/healthz").status_code == 405
    assert client.post("/api/nothing-here").status_code == 404


def test_a_scanner_account_lands_on_the_scanner(client, event):
    from app.services.accounts import create_user

    create_user("door@example.org", "scanner", PASSWORD, name="Front door")
    response = post_form(client, "/auth/login", {"email": "door@example.org",
                                                 "password": PASSWORD})
    assert response.status_code == 302 and response.headers["Location"].endswith("/scan")
    html = client.get("/auth/account").get_data(as_text=True)
    assert "This is a scanner account" in html and "Front door" in html
    assert 'href="/scan"' in html


def test_an_account_changes_its_own_password(client, organiser):
    login(client, organiser.email)
    wrong = post_form(client, "/auth/account", {"current_password": "nope",
                                                "new_password": "a new long password"})
    assert wrong.status_code == 422
    assert "this is not your current password" in wrong.get_data(as_text=True)
    short = post_form(client, "/auth/account", {"current_password": PASSWORD,
                                                "new_password": "short"})
    assert short.status_code == 422
    assert post_form(client, "/auth/account", {"current_password": PASSWORD,
                                               "new_password": "a new long password"}
                     ).status_code == 302
    db.session.expire_all()
    assert organiser.check_password("a new long password")


def test_pages_name_the_organisers_contact(client, organiser_client, event):
    html = client.get("/").get_data(as_text=True)
    assert "mailto:" not in html
    response = post_form(organiser_client, "/admin/event", {
        "name": event.name, "starts_on": "2023-09-22", "ends_on": "2023-09-24",
        "timezone": "Europe/Berlin", "stages": "empathize\ndefine\nideate\nprototype\ntest",
        "contact_email": "team@hackathon.example", "partners_min": "1", "partners_max": "3",
        "max_repeat": "1", "weight_base": "1", "weight_skill": "10", "weight_wish": "5",
        "weight_coach": "3", "weight_change": "100"})
    assert response.status_code == 302, response.get_data(as_text=True)
    html = client.get("/").get_data(as_text=True)
    assert 'href="mailto:team@hackathon.example"' in html
    # Registration closed: the refusal says whom to write to.
    closed = client.get("/register/coach")
    assert closed.status_code == 403
    assert "team@hackathon.example" in closed.get_data(as_text=True)
    bad = post_form(organiser_client, "/admin/event", {
        "name": event.name, "starts_on": "2023-09-22", "ends_on": "2023-09-24",
        "timezone": "Europe/Berlin", "stages": "empathize", "contact_email": "not an address"})
    assert bad.status_code == 422
