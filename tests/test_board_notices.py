"""Organisers announce and start the countdown from their pages; every board gets both."""
from app.extensions import socketio
from app.models import Announcement
from tests.conftest import csrf_token

URL = "/admin/board-notices"


def post_form(client, url, data, page):
    return client.post(url, data={"csrf_token": csrf_token(client, page), **data})


def test_an_announcement_from_the_page_reaches_the_board(app, organiser_client, event):
    board = socketio.test_client(app, namespace="/live", flask_test_client=organiser_client)
    board.get_received("/live")
    response = post_form(organiser_client, URL + "/announcement",
                         {"text": "Lunch in the orchard tent"}, page=URL)
    assert response.status_code == 302
    [received] = [r["args"][0] for r in board.get_received("/live")
                  if r["name"] == "announcement"]
    assert received["text"] == "Lunch in the orchard tent" and received["seq"] == 1
    page = organiser_client.get(URL).get_data(as_text=True)
    assert "Lunch in the orchard tent" in page and "Olga Organiser" in page
    # Empty: the form says so and nothing is announced.
    response = post_form(organiser_client, URL + "/announcement", {"text": " "}, page=URL)
    assert response.status_code == 422
    assert Announcement.query.count() == 1


def test_the_countdown_starts_and_stops(organiser_client, event):
    response = post_form(organiser_client, URL + "/countdown",
                         {"title": "Sparring 3", "minutes": "20"}, page=URL)
    assert response.status_code == 302
    assert "Running: Sparring 3" in organiser_client.get(URL).get_data(as_text=True)
    response = post_form(organiser_client, URL + "/countdown",
                         {"title": "Sparring 3", "minutes": "twenty"}, page=URL)
    assert response.status_code == 422
    assert "Minutes" in response.get_data(as_text=True)
    response = post_form(organiser_client, URL + "/countdown", {"title": "", "minutes": "0"},
                         page=URL)
    assert response.status_code == 302
    assert "No countdown is running." in organiser_client.get(URL).get_data(as_text=True)


def test_only_organisers_use_the_page(client, coach_client, event):
    assert coach_client.get(URL).status_code == 403
    assert coach_client.post(URL + "/announcement", data={"text": "x"}).status_code in (400, 403)
    assert Announcement.query.count() == 0
