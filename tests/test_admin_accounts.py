"""Accounts (organisers, coaches, scanners) and the role checks of every event page."""
import html

import pytest
from flask import g

from app.extensions import db
from app.models import Person, User
from tests.conftest import PASSWORD, csrf_token, login, post_form

NEW_PASSWORD = "a much longer secret"


def text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def user_named(email: str) -> User | None:
    return db.session.execute(db.select(User).filter_by(email=email)).scalar_one_or_none()


@pytest.fixture
def dora(event):
    """An accepted coach without an account yet."""
    person = Person(event_id=event.id, role="coach", name="Dora Dorn", email="dora@example.org",
                    status="accepted", languages=["de"], max_teams=2)
    db.session.add(person)
    db.session.commit()
    return person


def valid_account(**changes) -> dict:
    data = {"email": "scanner@example.org", "name": "Gate scanner", "role": "scanner",
            "person_id": "", "password": NEW_PASSWORD}
    data.update(changes)
    return data


def switch_client() -> None:
    """The app fixture keeps one app context, so `g` outlives requests: forget the user and
    CSRF token cached there before another client (another browser) sends a request."""
    g.pop("_login_user", None)
    g.pop("csrf_token", None)


def post_action(client, url: str):
    return client.post(url, data={"csrf_token": csrf_token(client, "/admin/")},
                       follow_redirects=True)


def test_accounts_are_listed(organiser_client, coach):
    page = text(organiser_client.get("/admin/accounts"))
    assert "organiser@example.org" in page and "coach1@example.org" in page
    assert "Carla Coach" in page and '<div class="table-wrap">' in page


def test_scanner_account_is_created(organiser_client, client):
    response = post_form(organiser_client, "/admin/accounts/new", valid_account())
    assert response.status_code == 302
    user = user_named("scanner@example.org")
    assert (user.role, user.name, user.person_id) == ("scanner", "Gate scanner", None)
    assert user.check_password(NEW_PASSWORD)


def test_coach_account_is_linked_to_an_accepted_coach(organiser_client, coach, dora):
    form_page = text(organiser_client.get("/admin/accounts/new"))
    assert "Dora Dorn" in form_page
    assert "Carla Coach &lt;" not in form_page and "Carla Coach <" not in form_page  # linked
    response = post_form(organiser_client, "/admin/accounts/new", valid_account(
        email="Dora@Example.org", name="", role="coach", person_id=str(dora.id)))
    assert response.status_code == 302
    user = user_named("dora@example.org")
    assert (user.role, user.person_id, user.name) == ("coach", dora.id, "Dora Dorn")


INVALID_ACCOUNTS = [
    ({"email": ""}, "Email: This field is required."),
    ({"email": "not-an-address"}, "Email: Invalid email address."),
    ({"email": "organiser@example.org"},
     "Email: an account for organiser@example.org exists already"),
    ({"email": "x" * 250 + "@example.org"}, "Email: Field cannot be longer than 254 characters."),
    ({"name": "n" * 201}, "Name: Field cannot be longer than 200 characters."),
    ({"role": "admin"}, "Role: Not a valid choice."),
    ({"password": "short"}, "Password: Field must be between 10 and 200 characters long."),
    ({"password": ""}, "Password: This field is required."),
    ({"person_id": "DORA"}, "Coach of the event: only a coach account can be linked to a coach"),
    ({"person_id": "9999", "role": "coach"}, "Coach of the event: Not a valid choice."),
]


def test_invalid_account_is_refused_naming_the_field(organiser_client, dora):
    for changes, message in INVALID_ACCOUNTS:
        if changes.get("person_id") == "DORA":
            changes = {**changes, "person_id": str(dora.id)}
        response = post_form(organiser_client, "/admin/accounts/new", valid_account(**changes))
        assert response.status_code == 422, changes
        assert message in text(response), changes
    assert db.session.execute(db.select(db.func.count(User.id))).scalar() == 1


def test_deactivated_account_is_logged_out_and_can_be_reactivated(app, organiser_client, coach):
    coach_client = app.test_client()
    switch_client()
    login(coach_client, coach.email)
    assert coach_client.get("/board/").status_code == 200

    switch_client()
    page = text(post_action(organiser_client, f"/admin/accounts/{coach.id}/deactivate"))
    assert "coach1@example.org is deactivated and can no longer log in." in page
    db.session.expire_all()
    assert db.session.get(User, coach.id).active is False
    switch_client()
    response = coach_client.get("/board/")
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]
    refused = post_form(coach_client, "/auth/login", {"email": coach.email, "password": PASSWORD})
    assert refused.status_code == 422

    switch_client()
    page = text(post_action(organiser_client, f"/admin/accounts/{coach.id}/reactivate"))
    assert "coach1@example.org is active again." in page
    switch_client()
    assert coach_client.get("/board/").status_code == 200


def test_organiser_cannot_deactivate_themselves(organiser_client, organiser):
    page = text(post_action(organiser_client, f"/admin/accounts/{organiser.id}/deactivate"))
    assert "you cannot deactivate your own account" in page
    db.session.expire_all()
    assert db.session.get(User, organiser.id).active is True
    assert organiser_client.get("/admin/accounts").status_code == 200


def test_password_is_reset(app, organiser_client, coach):
    url = f"/admin/accounts/{coach.id}/password"
    assert "New password for coach1@example.org" in text(organiser_client.get(url))
    assert post_form(organiser_client, url, {"password": NEW_PASSWORD}).status_code == 302
    other = app.test_client()
    switch_client()
    assert post_form(other, "/auth/login", {"email": coach.email, "password": PASSWORD}) \
        .status_code == 422
    login(other, coach.email, NEW_PASSWORD)


@pytest.mark.parametrize("password, message", [
    ("", "New password: This field is required."),
    ("123456789", "New password: Field must be between 10 and 200 characters long."),
])
def test_invalid_new_password_is_refused(organiser_client, coach, password, message):
    response = post_form(organiser_client, f"/admin/accounts/{coach.id}/password",
                         {"password": password})
    assert response.status_code == 422
    assert message in text(response)
    db.session.expire_all()
    assert db.session.get(User, coach.id).check_password(PASSWORD)


def test_unknown_account_is_404(organiser_client):
    assert organiser_client.get("/admin/accounts/999/password").status_code == 404
    response = organiser_client.post("/admin/accounts/999/deactivate",
                                     data={"csrf_token": csrf_token(organiser_client, "/admin/")})
    assert response.status_code == 404


# Role checks for every page of this area

PAGES = ["/admin/event", "/admin/sessions", "/admin/sessions/new", "/admin/sessions/1/edit",
         "/admin/sessions/1/delete", "/admin/rooms", "/admin/rooms/new", "/admin/rooms/1/edit",
         "/admin/rooms/1/delete", "/admin/tags", "/admin/tags/1/edit", "/admin/languages",
         "/admin/languages/1/edit",
         "/admin/conflicts", "/admin/accounts", "/admin/accounts/new",
         "/admin/accounts/1/password"]
ACTIONS = ["/admin/event", "/admin/sessions/1/delete", "/admin/rooms/1/delete",
           "/admin/tags/1/delete", "/admin/languages/1/delete", "/admin/conflicts",
           "/admin/accounts/1/deactivate", "/admin/accounts/1/reactivate", "/admin/accounts/new"]


def test_anonymous_visitors_are_sent_to_the_login(client, event):
    for path in PAGES:
        response = client.get(path)
        assert response.status_code == 302, path
        assert response.headers["Location"].startswith("/auth/login"), path


def test_coaches_are_forbidden_to_see_the_pages(coach_client):
    for path in PAGES:
        assert coach_client.get(path).status_code == 403, path


def test_coaches_are_forbidden_to_act(coach_client, organiser):
    token = csrf_token(coach_client, "/board/")
    for path in ACTIONS:
        response = coach_client.post(path, data={"csrf_token": token, "name": "Hijacked"})
        assert response.status_code == 403, path
    db.session.expire_all()
    assert db.session.get(User, organiser.id).active is True
    assert db.session.execute(db.select(db.func.count(User.id))).scalar() == 2
