"""The solve-job API's refusals (no solve runs): each names what is wrong, nothing is stored."""
from app.extensions import db
from app.models import SolveJob
from app.services.accounts import create_api_token


def _bearer(email: str) -> dict:
    return {"Authorization": "Bearer " + create_api_token(email)}


def test_refusals_name_the_field_and_store_nothing(client, organiser, event):
    headers = _bearer(organiser.email)
    cases = [({"time_limit": 0}, "time_limit"), ({"time_limit": True}, "time_limit"),
             ({"replan": True}, "replan"), ({"replan": "yes"}, "replan"),
             ({"replan": True, "freeze_before": "noon"}, "freeze_before"),
             ({"replan": True, "absent": ["x"]}, "absent")]
    for body, field in cases:
        response = client.post("/api/schedule/solve", json=body, headers=headers)
        assert response.status_code == 422, (body, response.get_json())
        answer = response.get_json()
        assert answer["error"] == "unprocessable" and field in answer["message"], answer
    response = client.post("/api/schedule/solve", data="time_limit=5", headers=headers)
    assert response.status_code == 400 and response.get_json()["error"] == "bad_request"
    assert db.session.execute(db.select(db.func.count(SolveJob.id))).scalar() == 0


def test_unknown_jobs_are_404_and_an_ended_job_cannot_be_cancelled(client, organiser, event):
    headers = _bearer(organiser.email)
    assert client.get("/api/schedule/jobs/999", headers=headers).status_code == 404
    assert client.delete("/api/schedule/jobs/999", headers=headers).status_code == 404
    job = SolveJob(event_id=event.id, status="done", time_limit=5, options={})
    db.session.add(job)
    db.session.commit()
    response = client.delete(f"/api/schedule/jobs/{job.id}", headers=headers)
    assert response.status_code == 409 and response.get_json()["error"] == "conflict"
    view = client.get(f"/api/schedule/jobs/{job.id}", headers=headers).get_json()
    assert (view["job"], view["status"], view["version"]) == (job.id, "done", None)


def test_a_queued_job_is_cancelled_at_once_and_coaches_may_not(client, organiser, coach,
                                                                event):
    job = SolveJob(event_id=event.id, status="queued", time_limit=5, options={})
    db.session.add(job)
    db.session.commit()
    refused = client.delete(f"/api/schedule/jobs/{job.id}", headers=_bearer(coach.email))
    assert refused.status_code == 403
    assert client.delete(f"/api/schedule/jobs/{job.id}").status_code == 401
    response = client.delete(f"/api/schedule/jobs/{job.id}", headers=_bearer(organiser.email))
    assert response.status_code == 200 and response.get_json()["status"] == "cancelled"
