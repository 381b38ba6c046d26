"""The organiser's version pages: the list with the history, the difference before
publishing, and the Publish button (POST with CSRF) that can publish an earlier version."""
import pytest

from app.extensions import db
from app.models import ScheduleVersion
from app.services.schedule.publish import publish_version
from tests.conftest import csrf_token
from tests.schedule_data import FIRST, SECOND, add_version, schedule, scheduled_event


@pytest.fixture
def scheduled(event, organiser):
    s = scheduled_event(event)
    add_version(s, 1, schedule(s, **FIRST))
    add_version(s, 2, schedule(s, **SECOND), source="edit", note="Priya instead of Piet")
    add_version(s, 3, {"meetings": [], "rooms": [], "coaches": []}, status="infeasible")
    s.organiser = organiser
    return s


def test_the_list_shows_every_version_and_who_published_what(organiser_client, scheduled):
    publish_version(scheduled.event, scheduled.organiser, 1)
    html = organiser_client.get("/schedule/versions").get_data(as_text=True)
    for text in ("Version 1", "Version 2", "Version 3", "infeasible", "Priya instead of Piet",
                 "edit", "published", "Olga Organiser", "4 added, 0 removed, 7 people affected",
                 'href="/schedule/"', 'href="/schedule/solve"', "/schedule/signs.pdf"):
        assert text in html, text
    assert 'class="table-wrap"' in html


def test_a_version_shows_its_difference_to_the_published_one_by_name(organiser_client,
                                                                      scheduled):
    publish_version(scheduled.event, scheduled.organiser, 1)
    html = organiser_client.get("/schedule/versions/2").get_data(as_text=True)
    assert "Compared with the published version 1" in html
    added = html[html.index('id="added-heading"'):html.index('id="removed-heading"')]
    removed = html[html.index('id="removed-heading"'):html.index('id="people-heading"')]
    assert "Priya Partner" in added and "Piet Partner" not in added
    assert "Piet Partner" in removed and "Minți Curioase" in removed
    people = html[html.index('id="people-heading"'):]
    for name in ("Ioana Pop", "Radu Ene", "Carla Coach", "Piet Partner", "Priya Partner"):
        assert name in people, name
    assert "Sven Berg" not in people
    assert "Publish version 2" in html


def test_publishing_an_earlier_version_again_from_its_page(organiser_client, scheduled):
    publish_version(scheduled.event, scheduled.organiser, 2)
    token = csrf_token(organiser_client, "/schedule/versions/1")
    response = organiser_client.post("/schedule/versions/1/publish",
                                     data={"csrf_token": token})
    assert response.status_code == 302 and response.headers["Location"].endswith(
        "/schedule/versions")
    published = db.session.execute(db.select(ScheduleVersion.version).filter_by(
        published=True)).scalars().all()
    assert published == [1]
    page = organiser_client.get("/schedule/versions").get_data(as_text=True)
    assert "Version 1 is published." in page


def test_the_publish_button_needs_csrf_and_a_usable_version(organiser_client, scheduled):
    assert organiser_client.post("/schedule/versions/1/publish").status_code == 400
    html = organiser_client.get("/schedule/versions/3").get_data(as_text=True)
    assert "cannot be published" in html and "Publish version 3" not in html
    token = csrf_token(organiser_client, "/schedule/versions/1")
    refused = organiser_client.post("/schedule/versions/3/publish", data={"csrf_token": token})
    assert refused.status_code == 422 and "infeasible" in refused.get_data(as_text=True)
    assert organiser_client.get("/schedule/versions/99").status_code == 404
    assert db.session.execute(db.select(ScheduleVersion).filter_by(published=True)
                              ).first() is None
