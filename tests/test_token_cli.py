"""`flask --app wsgi token create EMAIL`: a working bearer token of which only a hash is kept."""
from app.extensions import db
from app.models import ApiToken


def test_token_create_prints_a_working_token(runner, client, organiser):
    result = runner.invoke(args=["token", "create", "organiser@example.org"])
    assert result.exit_code == 0, result.output
    token = result.output.strip()
    assert len(token) >= 32 and "\n" not in token
    response = client.get("/api/people", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200 and response.is_json


def test_only_a_hash_of_the_token_is_stored(runner, organiser):
    token = runner.invoke(args=["token", "create", "Organiser@Example.org"]).output.strip()
    rows = db.session.execute(db.select(ApiToken)).scalars().all()
    assert len(rows) == 1 and rows[0].user_id == organiser.id
    stored = [str(value) for row in db.session.execute(db.select(ApiToken.__table__)).all()
              for value in row]
    assert not any(token in value for value in stored)
    assert len(rows[0].token_hash) == 64


def test_each_call_makes_a_new_token(runner, organiser):
    first = runner.invoke(args=["token", "create", "organiser@example.org"]).output.strip()
    second = runner.invoke(args=["token", "create", "organiser@example.org"]).output.strip()
    assert first != second
    assert db.session.execute(db.select(db.func.count()).select_from(ApiToken)).scalar() == 2


def test_unknown_email_fails_with_a_clear_message(runner, organiser):
    result = runner.invoke(args=["token", "create", "nobody@example.org"])
    assert result.exit_code != 0
    assert "No account with the email nobody@example.org" in result.output
    assert db.session.execute(db.select(ApiToken)).first() is None


def test_invalid_or_changed_token_is_401_json(runner, client, organiser):
    token = runner.invoke(args=["token", "create", "organiser@example.org"]).output.strip()
    for bad in ("not-a-token", token[:-1] + ("A" if token[-1] != "A" else "B")):
        response = client.get("/api/people", headers={"Authorization": f"Bearer {bad}"})
        assert response.status_code == 401
        assert response.json["error"] == "unauthorized"


def test_token_of_deactivated_account_is_refused(runner, client, organiser):
    token = runner.invoke(args=["token", "create", "organiser@example.org"]).output.strip()
    organiser.active = False
    db.session.commit()
    response = client.get("/api/people", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 401 and response.is_json
