"""Optional paging of GET /api/teams and GET /api/people (X-Total-Count, RFC 8288 Link)."""
import re

import pytest

from app.extensions import db
from app.models import Enterprise, Person
from tests.helpers import count_statements
from tests.test_api import assert_json_error, bearer


@pytest.fixture
def seven_teams(event):
    for number in range(1, 8):
        team = Enterprise(event_id=event.id, name=f"Team {number}", organisation="Org",
                          country="DE", status="accepted" if number % 2 else "pending",
                          languages=["de"], needs={})
        db.session.add(team)
        db.session.flush()
        db.session.add(Person(event_id=event.id, role="member", name=f"Member {number}",
                              email=f"m{number}@example.org", enterprise_id=team.id))
    db.session.commit()


def links(response) -> dict[str, str]:
    """rel -> URL of the Link header."""
    return {rel: url for url, rel in
            re.findall(r'<([^>]+)>; rel="(\w+)"', response.headers["Link"])}


def test_without_paging_parameters_everything_comes_as_before(organiser_client, seven_teams):
    response = organiser_client.get("/api/teams")
    assert [t["name"] for t in response.json] == [f"Team {n}" for n in range(1, 8)]
    assert "Link" not in response.headers and "X-Total-Count" not in response.headers


def test_teams_page_with_total_and_links(organiser_client, seven_teams):
    response = organiser_client.get("/api/teams?page=2&per_page=3")
    assert response.status_code == 200
    assert [t["name"] for t in response.json] == ["Team 4", "Team 5", "Team 6"]
    assert response.headers["X-Total-Count"] == "7"
    rels = links(response)
    assert set(rels) == {"first", "prev", "next", "last"}
    assert rels["next"] == "http://localhost/api/teams?page=3&per_page=3"
    assert rels["prev"] == "http://localhost/api/teams?page=1&per_page=3"
    assert rels["first"] == "http://localhost/api/teams?page=1&per_page=3"
    assert rels["last"] == "http://localhost/api/teams?page=3&per_page=3"
    # Following the links walks the whole list once.
    names, url = [], "http://localhost/api/teams?per_page=3"
    while url:
        page = organiser_client.get(url)
        names += [t["name"] for t in page.json]
        url = links(page).get("next")
    assert names == [f"Team {n}" for n in range(1, 8)]


def test_first_and_last_pages_have_no_prev_or_next(organiser_client, seven_teams):
    first = organiser_client.get("/api/teams?per_page=50")
    assert len(first.json) == 7 and set(links(first)) == {"first", "last"}
    last = organiser_client.get("/api/teams?page=3&per_page=3")
    assert [t["name"] for t in last.json] == ["Team 7"] and "next" not in links(last)


def test_a_page_past_the_end_is_empty(organiser_client, seven_teams):
    response = organiser_client.get("/api/teams?page=9&per_page=3")
    assert response.status_code == 200 and response.json == []
    assert response.headers["X-Total-Count"] == "7"
    assert links(response)["prev"].endswith("page=3&per_page=3")


def test_coach_pages_see_accepted_teams_only(coach_client, seven_teams):
    response = coach_client.get("/api/teams?per_page=2")
    assert response.headers["X-Total-Count"] == "5"  # Care farm and teams 1, 3, 5, 7
    assert [t["name"] for t in response.json] == ["Care farm", "Team 1"]


def test_people_page_keeps_the_role_in_links(organiser_client, event, client):
    for number in range(5):
        db.session.add(Person(event_id=event.id, role="partner", name=f"Partner {number}",
                              email=f"p{number}@example.org", languages=["de"],
                              partner_kind="creative"))
    db.session.add(Person(event_id=event.id, role="coach", name="Carla", email="c@example.org",
                          languages=["de"], max_teams=1))
    db.session.commit()
    response = organiser_client.get("/api/people?role=partner&per_page=2&page=2")
    assert [p["name"] for p in response.json] == ["Partner 2", "Partner 3"]
    assert response.headers["X-Total-Count"] == "5"
    assert links(response)["next"] == \
        "http://localhost/api/people?role=partner&page=3&per_page=2"
    everyone = organiser_client.get("/api/people?page=1").json
    assert [p["name"] for p in everyone] == ["Carla"] + [f"Partner {n}" for n in range(5)]
    assert organiser_client.get("/api/people").json == everyone
    response = client.get("/api/people?page=1&per_page=1",
                          headers=bearer("organiser@example.org"))
    assert response.status_code == 200 and len(response.json) == 1


@pytest.mark.parametrize("url, parameter", [
    ("/api/teams?page=0", "page"), ("/api/teams?page=abc", "page"),
    ("/api/teams?per_page=0", "per_page"), ("/api/teams?per_page=201", "per_page"),
    ("/api/teams?page=1&per_page=-5", "per_page"), ("/api/people?per_page=x", "per_page"),
    ("/api/people?page=2&role=nobody", "role"),
    ("/api/teams?page=99999999999999999999", "page"),
])
def test_bad_paging_values_are_422_naming_the_parameter(organiser_client, seven_teams, url,
                                                        parameter):
    response = organiser_client.get(url)
    assert_json_error(response, 422, "unprocessable")
    assert response.json["message"].startswith(f"{parameter}: ")


def test_page_queries_do_not_grow_with_the_page(organiser_client, event):
    def statements(url: str) -> int:
        return count_statements(organiser_client, url)[0]

    def add(offset: int, count: int) -> None:
        for number in range(offset, offset + count):
            team = Enterprise(event_id=event.id, name=f"T{number}", organisation="O",
                              country="DE", languages=["de"], needs={})
            db.session.add(team)
            db.session.flush()
            db.session.add(Person(event_id=event.id, role="member", name=f"M{number}",
                                  email=f"m{number}@example.org", enterprise_id=team.id))
            db.session.add(Person(event_id=event.id, role="partner", name=f"P{number}",
                                  email=f"p{number}@example.org", languages=["de"]))
        db.session.commit()

    add(0, 5)
    few = [statements("/api/teams?per_page=100"), statements("/api/people?per_page=100")]
    add(100, 35)
    many = [statements("/api/teams?per_page=100"), statements("/api/people?per_page=100")]
    assert many == few
