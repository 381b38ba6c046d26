"""The /live namespace and the live-board API, with Flask-SocketIO's test client."""
import pytest

from app.extensions import db, socketio
from app.models import Enterprise, Person, StageChange
from app.services.accounts import create_api_token
from app.services.live import viewers
from tests.helpers import make_team

LIVE = "/live"


def _events(client, name=None):
    received = client.get_received(LIVE)
    return [r["args"][0] for r in received if name is None or r["name"] == name]


def _bearer(email):
    return {"Authorization": f"Bearer {create_api_token(email)}"}


@pytest.fixture
def care_farm(coach):
    return db.session.execute(db.select(Enterprise).filter_by(name="Care farm")).scalar_one()


def test_a_connection_without_credentials_is_refused(app):
    client = socketio.test_client(app, namespace=LIVE)
    assert not client.is_connected(LIVE)
    client = socketio.test_client(app, namespace=LIVE, auth={"token": "not-a-token"})
    assert not client.is_connected(LIVE)


def test_a_logged_in_coach_gets_the_snapshot_on_connect(app, coach_client, care_farm):
    live = socketio.test_client(app, namespace=LIVE, flask_test_client=coach_client)
    assert live.is_connected(LIVE)
    [snapshot] = _events(live, "board_snapshot")
    assert snapshot["seq"] == 0
    assert [t["name"] for t in snapshot["teams"]] == ["Care farm"]
    assert snapshot["teams"][0]["stage"] == "empathize"
    assert snapshot["teams"][0]["coach"]["name"] == "Carla Coach"
    assert snapshot["stages"][:2] == ["empathize", "define"]
    live.emit("board_snapshot", namespace=LIVE)
    assert len(_events(live, "board_snapshot")) == 1


def test_a_stage_move_reaches_the_board_with_the_next_seq(app, client, coach, care_farm,
                                                          organiser, event):
    kiosk_token = viewers.new_kiosk_token(event)
    board = socketio.test_client(app, namespace=LIVE, auth={"token": kiosk_token})
    assert board.is_connected(LIVE)
    _events(board)
    response = client.post(f"/api/teams/{care_farm.id}/stage", headers=_bearer(coach.email),
                           json={"stage": "define", "note": "Interviews done"})
    assert response.status_code == 200
    body = response.get_json()
    assert body["team"] == care_farm.id and body["stage"] == "define"
    assert body["previous"] == "empathize" and body["at"].endswith("Z")
    [changed] = _events(board, "stage_changed")
    assert changed["seq"] == 1 and changed["stage"] == "define" and changed["by"] == "Carla Coach"
    # Design thinking loops: back is allowed too, and the history keeps both moves in order.
    client.post(f"/api/teams/{care_farm.id}/stage", headers=_bearer(organiser.email),
                json={"stage": "empathize"})
    assert [e["seq"] for e in _events(board, "stage_changed")] == [2]
    history = client.get(f"/api/teams/{care_farm.id}/history",
                         headers=_bearer(coach.email)).get_json()
    assert [(h["previous"], h["stage"], h["by"]) for h in history] == [
        ("empathize", "define", "Carla Coach"), ("define", "empathize", "Olga Organiser")]
    assert history[0]["note"] == "Interviews done"


def test_a_move_sent_twice_is_recorded_once(app, client, coach, care_farm, event):
    headers = {**_bearer(coach.email), "Idempotency-Key": "phone-1-move-7"}
    first = client.post(f"/api/teams/{care_farm.id}/stage", headers=headers,
                        json={"stage": "ideate"})
    again = client.post(f"/api/teams/{care_farm.id}/stage", headers=headers,
                        json={"stage": "ideate"})
    assert first.status_code == again.status_code == 200
    assert first.get_json() == again.get_json()
    assert db.session.scalar(db.select(db.func.count()).select_from(StageChange)) == 1
    db.session.expire_all()
    assert event.live_seq == 1


def test_only_the_teams_coach_and_organisers_move_it(app, client, coach, care_farm, event):
    other = make_team(event, "Bee+Tree", status="accepted", stage="define")
    response = client.post(f"/api/teams/{other.id}/stage", headers=_bearer(coach.email),
                           json={"stage": "ideate"})
    assert response.status_code == 403
    response = client.post(f"/api/teams/{care_farm.id}/stage", headers=_bearer(coach.email),
                           json={"stage": "dance"})
    assert response.status_code == 422 and "unknown stage 'dance'" in response.get_json()["message"]
    assert client.post(f"/api/teams/{care_farm.id}/stage", json={"stage": "define"}
                       ).status_code == 401
    assert client.post(f"/api/teams/{2**40}/stage", headers=_bearer(coach.email),
                       json={"stage": "define"}).status_code == 404
    db.session.expire_all()
    assert event.live_seq == 0  # nothing refused took a number


def test_the_kiosk_token_is_read_only_and_revocable(app, care_farm, event):
    token = viewers.new_kiosk_token(event)
    kiosk = socketio.test_client(app, namespace=LIVE, auth={"token": token})
    ack = kiosk.emit("move_stage", {"team": care_farm.id, "stage": "test"}, namespace=LIVE,
                     callback=True)
    assert ack["ok"] is False and ack["error"] == "forbidden"
    db.session.expire_all()
    assert db.session.get(Enterprise, care_farm.id).stage == "empathize"
    viewers.revoke_kiosk_token(event)
    assert not socketio.test_client(app, namespace=LIVE, auth={"token": token}).is_connected(LIVE)


def test_a_coach_moves_over_the_socket_with_an_acknowledgement(app, coach_client, care_farm):
    live = socketio.test_client(app, namespace=LIVE, flask_test_client=coach_client)
    _events(live)
    ack = live.emit("move_stage", {"team": care_farm.id, "stage": "prototype",
                                   "client_id": "c-1"}, namespace=LIVE, callback=True)
    assert ack["ok"] is True and ack["stage"] == "prototype"
    assert _events(live, "stage_changed")[0]["seq"] == 1
    ack = live.emit("move_stage", {"team": care_farm.id, "stage": "nope"}, namespace=LIVE,
                    callback=True)
    assert ack["ok"] is False and ack["error"] == "invalid"
    ack = live.emit("move_stage", {"team": "1; drop"}, namespace=LIVE, callback=True)
    assert ack["error"] == "not_found"


def test_a_member_follows_only_their_own_team(app, client, coach, care_farm, event, organiser):
    other = make_team(event, "Bee+Tree", status="accepted", stage="define")
    marco = db.session.execute(db.select(Person).filter_by(name="Marco Rossi")).scalar_one()
    member = socketio.test_client(app, namespace=LIVE, auth={"token": marco.token})
    assert member.is_connected(LIVE)
    [snapshot] = _events(member, "board_snapshot")
    assert [t["name"] for t in snapshot["teams"]] == ["Care farm"]
    client.post(f"/api/teams/{other.id}/stage", headers=_bearer(organiser.email),
                json={"stage": "ideate"})
    assert _events(member, "stage_changed") == []
    client.post(f"/api/teams/{care_farm.id}/stage", headers=_bearer(organiser.email),
                json={"stage": "define"})
    assert [e["team"] for e in _events(member, "stage_changed")] == [care_farm.id]
    # Members are read-only on the socket.
    ack = member.emit("set_help", {"team": care_farm.id, "needed": True}, namespace=LIVE,
                      callback=True)
    assert ack["ok"] is False


def test_help_is_raised_claimed_and_closed(app, client, coach, care_farm, organiser):
    board = socketio.test_client(app, namespace=LIVE, auth={"token": create_api_token(
        organiser.email)})
    _events(board)
    url = f"/api/teams/{care_farm.id}/help"
    raised = client.post(url, headers=_bearer(coach.email),
                         json={"needed": True, "note": "Stuck on interviews"}).get_json()
    assert raised["needed"] is True and raised["note"] == "Stuck on interviews"
    snapshot = client.get("/api/board", headers=_bearer(coach.email)).get_json()
    assert snapshot["help_queue"] == [{"team": care_farm.id, "at": raised["at"]}]
    assert snapshot["teams"][0]["help"]["note"] == "Stuck on interviews"
    claimed = client.post(url + "/claim", headers=_bearer(organiser.email)).get_json()
    assert claimed["claimed_by"] == "Olga Organiser"
    closed = client.post(url, headers=_bearer(coach.email), json={"needed": False}).get_json()
    assert closed["needed"] is False
    seqs = [e["seq"] for e in _events(board, "help_changed")]
    assert seqs == [1, 2, 3]
    assert client.get("/api/board", headers=_bearer(coach.email)).get_json()["help_queue"] == []
    assert client.post(url, headers=_bearer(coach.email), json={"needed": "yes"}
                       ).status_code == 422


def test_announcements_and_countdown_reach_the_board(app, client, organiser, coach, event):
    board = socketio.test_client(app, namespace=LIVE, auth={"token": create_api_token(
        coach.email)})
    _events(board)
    response = client.post("/api/announcements", headers=_bearer(organiser.email),
                           json={"text": "Lunch in the orchard tent"})
    assert response.status_code == 201
    assert response.get_json()["text"] == "Lunch in the orchard tent"
    assert client.post("/api/announcements", headers=_bearer(coach.email),
                       json={"text": "x"}).status_code == 403
    assert client.post("/api/announcements", headers=_bearer(organiser.email),
                       json={"text": "  "}).status_code == 422
    response = client.post("/api/countdown", headers=_bearer(organiser.email),
                           json={"title": "Sparring 3", "minutes": 20})
    countdown = response.get_json()
    assert countdown["title"] == "Sparring 3"
    assert countdown["ends_at"] > countdown["server_time"]
    response = client.post("/api/countdown", headers=_bearer(organiser.email),
                           json={"title": "Sparring 3", "ends_at": "2023-09-23T15:30:00"})
    assert response.get_json()["ends_at"] == "2023-09-23T13:30:00Z"  # Berlin summer time
    assert client.post("/api/countdown", headers=_bearer(organiser.email),
                       json={"title": "x", "ends_at": "half past three"}).status_code == 422
    [announced] = _events(board, "announcement")
    assert announced["seq"] == 1
    snapshot = client.get("/api/board", headers=_bearer(coach.email)).get_json()
    assert snapshot["announcements"][0]["text"] == "Lunch in the orchard tent"
    assert snapshot["countdown"]["title"] == "Sparring 3" and snapshot["seq"] == 3


def test_redis_url_gives_a_redis_queue_that_does_not_hang_on_a_vanished_host(database_url,
                                                                              tmp_path):
    from socketio import RedisManager

    from app import create_app
    from app.config import TestConfig

    url = database_url or f"sqlite:///{tmp_path / 'q.db'}"
    app = create_app({**TestConfig.resolve(), "SQLALCHEMY_DATABASE_URI": url,
                      "REDIS_URL": "redis://127.0.0.1:1/0"})
    manager = app.extensions["socketio"].server.manager
    assert isinstance(manager, RedisManager) and manager.redis_url == "redis://127.0.0.1:1/0"
    assert manager.redis_options["socket_connect_timeout"] == 2
    # The next app without REDIS_URL is back on the in-process manager.
    plain = create_app({**TestConfig.resolve(), "SQLALCHEMY_DATABASE_URI": url})
    assert not isinstance(plain.extensions["socketio"].server.manager, RedisManager)
