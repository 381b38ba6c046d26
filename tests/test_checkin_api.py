"""The check-in API: signed tokens, answers, nonce replays, revocation, undo and roles."""
import os
import struct
import uuid

import base45
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from app.extensions import db
from app.models import CheckIn, CheckinScan, Person
from app.services.accounts import create_user
from app.services.checkin import codes
from tests.conftest import PASSWORD, count_of, login


@pytest.fixture
def people(app, event, coach):
    """Marco (a member of the coach's team) and Paula (a partner), both accepted."""
    paula = Person(event_id=event.id, role="partner", name="Paula Partner", status="accepted",
                   email="paula@example.org", languages=["de"], partner_kind="creative")
    db.session.add(paula)
    db.session.commit()
    marco = db.session.execute(db.select(Person).filter_by(name="Marco Rossi")).scalar_one()
    return {"marco": marco, "paula": paula}


@pytest.fixture
def scanner(app, event):
    return create_user("door@example.org", "scanner", PASSWORD, name="Front door")


@pytest.fixture
def scanner_client(app, scanner):
    client = app.test_client()
    login(client, "door@example.org")
    return client


def csrf_headers(client):
    """The scanner page's CSRF token, as its JavaScript sends it (X-CSRFToken)."""
    from tests.conftest import csrf_token

    return {"X-CSRFToken": csrf_token(client, "/auth/account")}


def scan(client, token, checkpoint="arrival", nonce=None, **extra):
    body = {"token": token, "checkpoint": checkpoint, "nonce": nonce or uuid.uuid4().hex, **extra}
    if body["token"] is None:
        del body["token"]
    return client.post("/api/checkins", json=body, headers=csrf_headers(client))


def test_a_scan_checks_the_right_person_in_once(scanner_client, people, event):
    token = codes.token_for(people["marco"])
    assert len(token) == 129
    first = scan(scanner_client, token)
    assert first.status_code == 201, first.get_json()
    body = first.get_json()
    assert body["status"] == "ok" and body["person"]["name"] == "Marco Rossi"
    assert body["person"]["team"] == "Care farm" and body["count"] == 1
    assert body["at"].endswith("+00:00") and body["offline"] is False
    again = scan(scanner_client, token)
    assert again.status_code == 409
    assert again.get_json()["status"] == "already_checked_in"
    assert again.get_json()["at"] == body["at"]
    # Another checkpoint is another check-in.
    session = event.sessions[1]
    assert scan(scanner_client, token, session.key).status_code == 201
    assert count_of(CheckIn) == 2


def test_forged_truncated_and_random_texts_are_invalid(scanner_client, people, event):
    token = codes.token_for(people["marco"])
    raw = bytearray(base45.b45decode(token))
    flipped = bytearray(raw)
    flipped[10] ^= 1  # a changed code id
    other_key = Ed25519PrivateKey.generate()
    payload = bytes(raw[:22])
    forged = base45.b45encode(payload + other_key.sign(payload)).decode()
    wrong_event = bytearray(raw)
    wrong_event[2:6] = struct.pack(">I", event.id + 1)
    texts = [base45.b45encode(bytes(flipped)).decode(), forged, token[:-3], token[:60],
             base45.b45encode(os.urandom(86)).decode(), "hello", "",
             base45.b45encode(bytes(wrong_event)).decode(), token.lower()]
    for text in texts:
        response = scan(scanner_client, text)
        assert response.status_code == 404, text
        assert response.get_json()["status"] == "invalid" and "person" not in response.get_json()
    assert count_of(CheckIn) == 0


def test_a_reissued_codes_old_text_is_revoked(organiser_client, people):
    old = codes.token_for(people["paula"])
    response = organiser_client.post(f"/api/people/{people['paula'].id}/qr",
                                     headers=csrf_headers(organiser_client))
    assert response.status_code == 201
    new = response.get_json()["token"]
    assert new != old
    gone = scan(organiser_client, old)
    assert gone.status_code == 410 and gone.get_json()["status"] == "revoked"
    assert gone.get_json()["person"]["name"] == "Paula Partner"
    assert scan(organiser_client, new).status_code == 201
    keys = organiser_client.get("/api/checkins/keys").get_json()
    assert base45.b45decode(old)[6:22].hex() in keys["revoked"]


def test_withdrawal_and_rejection_revoke(scanner_client, people):
    from app.services.people import set_person_status
    from app.services.self_service import withdraw

    marco, paula = people["marco"], people["paula"]
    marco_token, paula_token = codes.token_for(marco), codes.token_for(paula)
    withdraw(marco)
    set_person_status(paula, "rejected")
    for token in (marco_token, paula_token):
        response = scan(scanner_client, token)
        assert response.status_code == 410, response.get_json()
    listed = [row["person"] for row in scanner_client.get("/api/checkins/roster").get_json()]
    assert marco.id not in listed and paula.id not in listed


def test_nonce_replay_returns_the_first_answer_and_records_nothing(scanner_client, people):
    token = codes.token_for(people["marco"])
    first = scan(scanner_client, token, nonce="n-1")
    scans_before = count_of(CheckinScan)
    replay = scan(scanner_client, token, nonce="n-1")
    assert replay.status_code == first.status_code == 201
    assert replay.get_json() == first.get_json()
    assert count_of(CheckinScan) == scans_before and count_of(CheckIn) == 1


def test_malformed_requests_name_the_field(scanner_client, people):
    token = codes.token_for(people["marco"])
    cases = [({"checkpoint": "arrival", "nonce": "a"}, 400, "token"),
             ({"token": token, "checkpoint": "lunch", "nonce": "a"}, 422, "checkpoint"),
             ({"token": token, "checkpoint": "s999999", "nonce": "a"}, 422, "checkpoint"),
             ({"token": token, "checkpoint": "arrival", "nonce": "a b"}, 422, "nonce"),
             ({"token": token, "checkpoint": "arrival", "nonce": "x" * 65}, 422, "nonce"),
             ({"token": token, "checkpoint": "arrival", "nonce": "a", "scanned_at": "noon"},
              422, "scanned_at")]
    for body, status, field in cases:
        response = scanner_client.post("/api/checkins", json=body,
                                       headers=csrf_headers(scanner_client))
        assert response.status_code == status, body
        assert response.get_json()["message"].startswith(field), response.get_json()
    assert count_of(CheckIn) == 0


def test_offline_batch_keeps_its_time_and_reports_a_collision(app, scanner_client, people,
                                                              organiser):
    """Scanner A was offline; meanwhile Paula was checked in online at another door."""
    marco, paula = codes.token_for(people["marco"]), codes.token_for(people["paula"])
    other_door = app.test_client()
    login(other_door, organiser.email)
    assert scan(other_door, paula).status_code == 201
    batch = [(marco, "2023-09-22T16:01:02.500+00:00", "off-1"),
             (paula, "2023-09-22T16:01:09+02:00", "off-2")]
    answers = [scan(scanner_client, t, nonce=n, scanned_at=at, offline=True)
               for t, at, n in batch]
    assert answers[0].status_code == 201
    assert answers[0].get_json()["at"] == "2023-09-22T16:01:02.500+00:00"
    assert answers[0].get_json()["offline"] is True
    assert answers[0].get_json()["collision"] is False
    assert answers[1].status_code == 409 and answers[1].get_json()["collision"] is True
    # The batch is sent again after a lost answer: the same answers, nothing new.
    again = [scan(scanner_client, t, nonce=n, scanned_at=at, offline=True) for t, at, n in batch]
    assert [a.get_json() for a in again] == [a.get_json() for a in answers]
    stored = db.session.execute(db.select(CheckIn).filter_by(
        person_id=people["marco"].id)).scalar_one()
    assert stored.offline is True and stored.at.isoformat() == "2023-09-22T16:01:02.500000"
    assert count_of(CheckIn) == 2


def test_undo_within_a_minute_by_the_same_scanner(app, scanner_client, people, organiser):
    token = codes.token_for(people["marco"])
    checkin_id = scan(scanner_client, token).get_json()["id"]
    organiser_client = app.test_client()
    login(organiser_client, organiser.email)
    refused = organiser_client.post(f"/api/checkins/{checkin_id}/undo",
                                    headers=csrf_headers(organiser_client))
    assert refused.status_code == 403
    undone = scanner_client.post(f"/api/checkins/{checkin_id}/undo",
                                 headers=csrf_headers(scanner_client))
    assert undone.status_code == 200 and undone.get_json()["count"] == 0
    assert count_of(CheckIn) == 0
    assert scan(scanner_client, token).status_code == 201
    late = db.session.execute(db.select(CheckIn)).scalar_one()
    from datetime import timedelta
    late.recorded_at -= timedelta(seconds=61)
    db.session.commit()
    response = scanner_client.post(f"/api/checkins/{late.id}/undo",
                                   headers=csrf_headers(scanner_client))
    assert response.status_code == 409 and count_of(CheckIn) == 1


def test_keys_and_roster(scanner_client, people):
    token = codes.token_for(people["marco"])
    keys = scanner_client.get("/api/checkins/keys").get_json()
    assert len(keys["keys"]) >= 2 and [k["active"] for k in keys["keys"]].count(True) == 1
    assert all(k["algorithm"] == "Ed25519" and len(k["public_key"]) == 43 for k in keys["keys"])
    scan(scanner_client, token)
    roster = scanner_client.get("/api/checkins/roster").get_json()
    marco = [row for row in roster if row["person"] == people["marco"].id]
    assert marco == [{"code": base45.b45decode(token)[6:22].hex(),
                      "person": people["marco"].id, "name": "Marco Rossi", "role": "member",
                      "team": "Care farm", "checked_in": ["arrival"]}]
    # Everyone taking part is on it, with or without a printed badge; codes are not re-made.
    assert sorted(row["name"] for row in roster) == ["Carla Coach", "Marco Rossi",
                                                     "Paula Partner"]
    coach = next(row for row in roster if row["name"] == "Carla Coach")
    assert coach["team"] == "Care farm" and coach["checked_in"] == []
    assert scanner_client.get("/api/checkins/roster").get_json() == roster


def test_rotation_keeps_old_codes_valid(scanner_client, people, event):
    old = codes.token_for(people["marco"])
    new_key = codes.rotate_keys(event)
    assert new_key.key_id == 2
    codes.issue_code(people["paula"])
    paula = codes.token_for(people["paula"])
    assert base45.b45decode(paula)[1] == 2 and base45.b45decode(old)[1] == 1
    assert scan(scanner_client, old).status_code == 201
    assert scan(scanner_client, paula).status_code == 201
    listed = [k["id"] for k in scanner_client.get("/api/checkins/keys").get_json()["keys"]]
    assert listed == [1, 2, 3]


def test_name_search_checks_in_accepted_people_only(scanner_client, people):
    body = {"person": people["paula"].id, "checkpoint": "arrival", "nonce": "search-1"}
    response = scanner_client.post("/api/checkins", json=body,
                                   headers=csrf_headers(scanner_client))
    assert response.status_code == 201 and response.get_json()["person"]["name"] == "Paula Partner"
    people["marco"].status = "pending"
    db.session.commit()
    body = {"person": people["marco"].id, "checkpoint": "arrival", "nonce": "search-2"}
    response = scanner_client.post("/api/checkins", json=body,
                                   headers=csrf_headers(scanner_client))
    assert response.status_code == 404 and response.get_json()["status"] == "invalid"


def test_roles(app, scanner_client, coach_client, people):
    token = codes.token_for(people["marco"])
    assert scanner_client.get("/api/people").status_code == 403
    assert scanner_client.get(f"/api/people/{people['marco'].id}/qr.png").status_code == 403
    assert scanner_client.get("/api/checkins").status_code == 403
    assert coach_client.get("/api/checkins/keys").status_code == 403
    assert coach_client.get("/api/checkins/roster").status_code == 403
    response = coach_client.post("/api/checkins", json={"token": token, "checkpoint": "arrival",
                                                        "nonce": "c"},
                                 headers=csrf_headers(coach_client))
    assert response.status_code == 403
    anonymous = app.test_client()
    assert anonymous.post("/api/checkins", json={"token": token}).status_code == 401
    assert count_of(CheckIn) == 0


def test_replays_after_undo_and_of_a_revoked_answer_record_nothing(scanner_client, people):
    token = codes.token_for(people["marco"])
    first = scan(scanner_client, token, nonce="first")
    scanner_client.post(f"/api/checkins/{first.get_json()['id']}/undo",
                        headers=csrf_headers(scanner_client))
    assert count_of(CheckIn) == 0
    replay = scan(scanner_client, token, nonce="first")
    assert (replay.status_code, replay.get_json()) == (201, first.get_json())
    assert count_of(CheckIn) == 0  # the replay did not check Marco in again
    old = codes.token_for(people["paula"])
    codes.issue_code(people["paula"])
    revoked = scan(scanner_client, old, nonce="old")
    logged = count_of(CheckinScan)
    again = scan(scanner_client, old, nonce="old")
    assert again.status_code == revoked.status_code == 410
    assert again.get_json() == revoked.get_json() and count_of(CheckinScan) == logged


def test_a_check_in_and_its_undo_reach_the_board(app, scanner_client, people, event):
    from app.extensions import socketio
    from app.services.live import viewers

    board = socketio.test_client(app, namespace="/live",
                                 auth={"token": viewers.new_kiosk_token(event)})
    assert board.is_connected("/live")
    board.get_received("/live")
    checkin_id = scan(scanner_client, codes.token_for(people["marco"])).get_json()["id"]
    scan(scanner_client, codes.token_for(people["marco"]))  # 409: no broadcast
    scanner_client.post(f"/api/checkins/{checkin_id}/undo", headers=csrf_headers(scanner_client))
    sent = [r["args"][0] for r in board.get_received("/live") if r["name"] == "checkin"]
    assert [(e["person"], e["role"], e["checkpoint"], e["count"]) for e in sent] == [
        (people["marco"].id, "member", "arrival", 1), (people["marco"].id, "member", "arrival", 0)]
    assert sent[1]["seq"] == sent[0]["seq"] + 1 and sent[1]["undone"] is True
    assert sent[0]["at"].endswith("+00:00")
