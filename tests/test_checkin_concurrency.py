"""Two scanners at once: 20 parallel scans of one code against a real threaded server record
exactly one check-in (a unique constraint, no read-then-write). Run on SQLite by default and
on PostgreSQL with TEST_DATABASE_URL (CI runs both)."""
import threading
import uuid

import requests
from werkzeug.serving import make_server

from app.extensions import db
from app.models import CheckIn, CheckinScan, Person
from app.services.accounts import create_api_token, create_user
from app.services.checkin import codes
from tests.conftest import PASSWORD, count_of

SCANNERS = 20


def test_twenty_parallel_scans_of_one_code_give_one_ok(app, event, coach):
    marco = db.session.execute(db.select(Person).filter_by(name="Marco Rossi")).scalar_one()
    text = codes.token_for(marco)
    create_user("door@example.org", "scanner", PASSWORD)
    api_token = create_api_token("door@example.org")
    db.session.commit()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    serving = threading.Thread(target=server.serve_forever, daemon=True)
    serving.start()
    url = f"http://127.0.0.1:{server.server_port}/api/checkins"
    sessions = []
    for _ in range(SCANNERS):
        session = requests.Session()
        session.headers["Authorization"] = f"Bearer {api_token}"
        session.get(url.replace("/checkins", "/event"), timeout=10)  # warm the keep-alive
        sessions.append(session)
    start = threading.Barrier(SCANNERS)
    answers = [None] * SCANNERS

    def scan(index: int) -> None:
        start.wait()
        response = sessions[index].post(url, json={
            "token": text, "checkpoint": "arrival", "nonce": uuid.uuid4().hex}, timeout=30)
        answers[index] = (response.status_code, response.json())

    threads = [threading.Thread(target=scan, args=(i,)) for i in range(SCANNERS)]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
    finally:
        server.shutdown()
        serving.join(timeout=5)
    statuses = sorted(status for status, _body in answers)
    assert statuses == [201] + [409] * (SCANNERS - 1), answers
    first = next(body for status, body in answers if status == 201)
    assert all(body["at"] == first["at"] and body["person"]["id"] == marco.id
               for _status, body in answers)
    db.session.expire_all()
    assert count_of(CheckIn) == 1
    assert count_of(CheckinScan) == SCANNERS  # every answer logged under its nonce
