"""The live board's pages: who may open the board, the kiosk link and its management."""
import json
import re

from app.extensions import db
from app.services.live import viewers
from app.services.live.snapshot import board_snapshot
from tests.conftest import csrf_token, login


def _texts(html: str) -> dict:
    block = re.search(r'<script type="application/json" id="live-board-texts">(.*?)</script>',
                      html, re.S)
    assert block, "no texts block for board.js"
    return json.loads(block.group(1))


def test_the_board_page_is_for_organisers_and_coaches(client, app, coach, event):
    assert client.get("/board/").status_code == 302  # anonymous: to the login page
    login(client, coach.email)
    response = client.get("/board/")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert 'data-mode="staff"' in html
    assert f'data-own-coach="{coach.person_id}"' in html
    assert 'data-role="coach"' in html and "data-token" not in html
    assert "vendor/socket.io/socket.io.min.js" in html and "js/board.js" in html
    texts = _texts(html)
    assert texts["your_team"] == "Your team" and texts["on_my_way"] == "On my way"
    assert texts["stage_labels"]["empathize"] == "Empathize"
    assert texts["updated"] == "Updated {duration} ago"


def test_the_vendored_client_is_served(client):
    response = client.get("/static/vendor/socket.io/socket.io.min.js")
    assert response.status_code == 200
    assert b"Socket.IO v4.8.4" in response.data[:200]


def test_the_snapshot_carries_the_servers_time(app, event):
    snapshot = board_snapshot(event)
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", snapshot["server_time"])


def test_the_kiosk_board_needs_the_current_token(client, app, coach, event):
    assert client.get("/board/kiosk/nothing-issued").status_code == 404
    token = viewers.new_kiosk_token(event)
    response = client.get(f"/board/kiosk/{token}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert 'data-mode="kiosk"' in html and f'data-token="{token}"' in html
    assert "data-csrf" not in html and "data-claim-url" not in html  # read-only: no buttons
    assert "Care farm" in html  # the server-rendered board, also without JavaScript
    assert client.get(f"/board/kiosk/{token}x").status_code == 404
    viewers.new_kiosk_token(event)  # a new link ends the old one
    assert client.get(f"/board/kiosk/{token}").status_code == 404
    viewers.revoke_kiosk_token(event)
    assert client.get(f"/board/kiosk/{event.kiosk_token or token}").status_code == 404


def test_organisers_create_and_revoke_the_kiosk_link(organiser_client, event):
    assert "/admin/kiosk" in organiser_client.get("/admin/").get_data(as_text=True)
    page = organiser_client.get("/admin/kiosk").get_data(as_text=True)
    assert "There is no projector link" in page
    token = csrf_token(organiser_client, "/admin/kiosk")
    response = organiser_client.post("/admin/kiosk/new", data={"csrf_token": token})
    assert response.status_code == 302
    db.session.expire_all()
    first = event.kiosk_token
    assert first
    assert f"/board/kiosk/{first}" in organiser_client.get("/admin/kiosk").get_data(as_text=True)
    organiser_client.post("/admin/kiosk/new", data={"csrf_token": token})
    db.session.expire_all()
    assert event.kiosk_token and event.kiosk_token != first
    organiser_client.post("/admin/kiosk/revoke", data={"csrf_token": token})
    db.session.expire_all()
    assert event.kiosk_token is None


def test_kiosk_changes_need_the_csrf_token(organiser_client, event):
    response = organiser_client.post("/admin/kiosk/new", data={})
    assert response.status_code == 400
    db.session.expire_all()
    assert event.kiosk_token is None
    token = viewers.new_kiosk_token(event)
    assert organiser_client.post("/admin/kiosk/revoke", data={}).status_code == 400
    db.session.expire_all()
    assert event.kiosk_token == token


def test_only_organisers_manage_the_kiosk_link(client, coach, event):
    assert client.get("/admin/kiosk").status_code == 302
    assert client.post("/admin/kiosk/new").status_code in (302, 400)
    login(client, coach.email)
    assert client.get("/admin/kiosk").status_code == 403
    token = csrf_token(client, "/board/")
    assert client.post("/admin/kiosk/new", data={"csrf_token": token}).status_code == 403
    db.session.expire_all()
    assert event.kiosk_token is None
