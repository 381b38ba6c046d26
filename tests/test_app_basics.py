"""The foundation: factory, landing page, login, errors, security headers."""
import pytest

from tests.conftest import PASSWORD, login, post_form


def test_landing_page_shows_event_and_registration_links(client, event):
    html = client.get("/").get_data(as_text=True)
    assert "Test Hackathon" in html
    assert "/register/enterprise" in html and "/register/partner" in html


def test_landing_page_without_event_explains_how_to_start(client):
    html = client.get("/").get_data(as_text=True)
    assert "flask --app wsgi demo" in html


def test_security_headers_on_every_response(client, event):
    for path in ["/", "/auth/login", "/nope", "/api/nope"]:
        headers = client.get(path).headers
        csp = headers["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp
        assert "frame-ancestors 'none'" in csp
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "no-referrer"


def test_unknown_page_is_404_in_html_and_json(client, event):
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert "Not found" in response.get_data(as_text=True)
    response = client.get("/api/no-such-thing")
    assert response.status_code == 404
    assert response.get_json()["error"] == "not_found"


def test_login_with_wrong_password_names_the_problem(client, organiser):
    response = post_form(client, "/auth/login", {"email": organiser.email, "password": "nope"})
    assert response.status_code == 422
    assert "Email or password is wrong" in response.get_data(as_text=True)


def test_login_then_logout(client, organiser):
    response = login(client, organiser.email, PASSWORD)
    assert response.headers["Location"].endswith("/admin/")
    assert client.get("/admin/").status_code == 200
    html = client.get("/admin/").get_data(as_text=True)
    token = html.split('name="csrf_token" value="')[1].split('"')[0]
    assert client.post("/auth/logout", data={"csrf_token": token}).status_code == 302
    assert client.get("/admin/").status_code == 302  # back to the login page


def test_post_without_csrf_token_is_refused(client, organiser):
    response = client.post("/auth/login", data={"email": organiser.email, "password": PASSWORD})
    assert response.status_code == 400
    assert "form expired" in response.get_data(as_text=True)


def test_login_does_not_redirect_off_site(client, organiser):
    from tests.conftest import csrf_token

    token = csrf_token(client, "/auth/login")
    response = client.post("/auth/login?next=//evil.example/x",
                           data={"csrf_token": token, "email": organiser.email,
                                 "password": PASSWORD})
    assert response.headers["Location"] == "/admin/"


def test_language_switch_to_german(client, event):
    from tests.conftest import csrf_token

    token = csrf_token(client, "/")
    response = client.post("/language", data={"csrf_token": token, "lang": "de", "next": "/"})
    assert response.status_code == 302
    html = client.get("/").get_data(as_text=True)
    assert 'lang="de"' in html


def test_session_cookie_is_httponly_and_samesite(client, organiser):
    response = login(client, organiser.email)
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_secure_cookie_flag_follows_the_environment(monkeypatch):
    import importlib

    import app.config as config_module

    monkeypatch.setenv("SESSION_COOKIE_SECURE", "1")
    reloaded = importlib.reload(config_module)
    try:
        assert reloaded.Config.SESSION_COOKIE_SECURE is True
        assert reloaded.Config.REMEMBER_COOKIE_SECURE is True
    finally:
        monkeypatch.delenv("SESSION_COOKIE_SECURE")
        importlib.reload(config_module)


@pytest.mark.parametrize("data, message", [
    ({"email": "", "password": PASSWORD}, "Email: This field is required."),
    ({"email": "not-an-email", "password": PASSWORD}, "Email: Invalid email address."),
    ({"email": "organiser@example.org", "password": ""}, "Password: This field is required."),
])
def test_login_form_names_each_invalid_field(client, organiser, data, message):
    response = post_form(client, "/auth/login", data)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)


def test_inactive_account_cannot_log_in(client, organiser):
    from app.extensions import db

    organiser.active = False
    db.session.commit()
    response = post_form(client, "/auth/login", {"email": organiser.email, "password": PASSWORD})
    assert response.status_code == 422


def test_socketio_is_bound_to_the_app(app):
    from app.extensions import socketio

    client = socketio.test_client(app)
    assert client.is_connected()
    client.disconnect()
