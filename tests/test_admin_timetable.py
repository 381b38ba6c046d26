"""The timetable (sessions) and rooms pages."""
import html
from datetime import datetime

import pytest

from app.extensions import db
from app.models import EventSession, Person, Room
from tests.conftest import csrf_token, post_form


def text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def session_named(title: str) -> EventSession | None:
    return db.session.execute(db.select(EventSession).filter_by(title=title)).scalar_one_or_none()


def room_named(name: str) -> Room | None:
    return db.session.execute(db.select(Room).filter_by(name=name)).scalar_one_or_none()


def valid_session(**changes) -> dict:
    data = {"title": "Sparring 3", "starts_at": "2023-09-23T14:00",
            "ends_at": "2023-09-23T15:30", "kind": "sparring", "stage": "ideate",
            "place": "Orchard"}
    data.update(changes)
    return data


def test_sessions_are_listed_by_day_in_order(organiser_client, event):
    page = text(organiser_client.get("/admin/sessions"))
    assert "Friday, September 22, 2023" in page and "Saturday, September 23, 2023" in page
    assert page.index("Friday") < page.index("Kick-off") < page.index("Saturday") \
        < page.index("Sparring 1") < page.index("Sparring 2")
    assert '<div class="table-wrap">' in page
    assert "09:00–10:30" in page


def test_sessions_show_how_many_partners_are_available(organiser_client, event):
    first = session_named("Sparring 1")
    db.session.add_all([Person(event_id=event.id, role="partner", name=f"P{i}",
                               email=f"p{i}@example.org", available_sessions=[first])
                        for i in range(3)])
    db.session.commit()
    page = text(organiser_client.get("/admin/sessions"))
    assert "Partners available" in page
    row = page[page.index("Sparring 1"):page.index("Sparring 2")]
    assert "<td>3</td>" in row


def test_valid_session_is_created(organiser_client, event):
    response = post_form(organiser_client, "/admin/sessions/new", valid_session())
    assert response.status_code == 302
    session = session_named("Sparring 3")
    assert session.starts_at == datetime(2023, 9, 23, 14, 0)
    assert session.ends_at == datetime(2023, 9, 23, 15, 30)
    assert (session.kind, session.stage, session.place) == ("sparring", "ideate", "Orchard")


def test_non_sparring_session_needs_no_stage(organiser_client, event):
    response = post_form(organiser_client, "/admin/sessions/new",
                         valid_session(title="Lunch", kind="meal", stage="", place=""))
    assert response.status_code == 302
    session = session_named("Lunch")
    assert session.kind == "meal" and session.stage is None


INVALID_SESSIONS = [
    ({"title": ""}, "Title: This field is required."),
    ({"place": "p" * 201}, "Place: Field cannot be longer than 200 characters."),
    ({"starts_at": "tomorrow"}, "Start: Not a valid datetime value."),
    ({"ends_at": ""}, "End: This field is required."),
    ({"ends_at": "2023-09-23T14:00"}, "End: must be after the start (2023-09-23 14:00)"),
    ({"ends_at": "2023-09-23T13:00"}, "End: must be after the start (2023-09-23 14:00)"),
    ({"kind": "party"}, "Kind: Not a valid choice."),
    ({"stage": "dance"}, "Stage: Not a valid choice."),
    ({"stage": ""}, "Stage: a sparring session needs a stage"),
]


def test_invalid_session_is_refused_naming_the_field(organiser_client, event):
    for changes, message in INVALID_SESSIONS:
        response = post_form(organiser_client, "/admin/sessions/new", valid_session(**changes))
        assert response.status_code == 422, changes
        assert message in text(response), changes
    assert db.session.execute(db.select(db.func.count(EventSession.id))).scalar() == 3


def test_session_is_edited(organiser_client, event):
    session = session_named("Sparring 2")
    url = f"/admin/sessions/{session.id}/edit"
    assert 'value="2023-09-23T11:00"' in text(organiser_client.get(url))
    response = post_form(organiser_client, url, valid_session(title="Sparring 2b",
                                                              stage="prototype"))
    assert response.status_code == 302
    db.session.expire_all()
    session = db.session.get(EventSession, session.id)
    assert session.title == "Sparring 2b" and session.starts_at.hour == 14


def test_editing_with_an_invalid_end_keeps_the_session(organiser_client, event):
    session = session_named("Sparring 2")
    response = post_form(organiser_client, f"/admin/sessions/{session.id}/edit",
                         valid_session(title="Changed", ends_at="2023-09-23T10:00"))
    assert response.status_code == 422
    assert "End: must be after the start" in text(response)
    db.session.expire_all()
    assert db.session.get(EventSession, session.id).title == "Sparring 2"


def test_deleting_a_session_partners_list_asks_first_then_removes_it(organiser_client, event):
    first, second = session_named("Sparring 1"), session_named("Sparring 2")
    anna = Person(event_id=event.id, role="partner", name="Anna Alt", email="anna@example.org",
                  available_sessions=[first, second])
    bernd = Person(event_id=event.id, role="partner", name="Bernd Berg",
                   email="bernd@example.org", available_sessions=[first])
    db.session.add_all([anna, bernd])
    db.session.commit()
    anna_id, bernd_id, first_id = anna.id, bernd.id, first.id
    url = f"/admin/sessions/{first_id}/delete"

    page = text(organiser_client.get(url))
    assert "2 partners list this session as available and would lose it" in page
    assert "Anna Alt" in page and "Bernd Berg" in page
    assert db.session.get(EventSession, first_id) is not None  # GET changes nothing

    response = post_form(organiser_client, url, {})
    assert response.status_code == 302
    assert "2 people lost it from their availability" in \
        text(organiser_client.get("/admin/sessions"))
    db.session.expire_all()
    assert db.session.get(EventSession, first_id) is None
    assert [s.title for s in db.session.get(Person, anna_id).available_sessions] == ["Sparring 2"]
    assert db.session.get(Person, bernd_id).available_sessions == []


def test_deleting_an_unlisted_session(organiser_client, event):
    session = session_named("Kick-off")
    url = f"/admin/sessions/{session.id}/delete"
    assert "Nobody lists this session as available." in text(organiser_client.get(url))
    assert post_form(organiser_client, url, {}).status_code == 302
    assert session_named("Kick-off") is None


@pytest.mark.parametrize("path", ["/admin/sessions/999/edit", "/admin/sessions/999/delete",
                                  "/admin/rooms/999/edit", "/admin/rooms/999/delete"])
def test_unknown_ids_are_404(organiser_client, event, path):
    assert organiser_client.get(path).status_code == 404
    token = csrf_token(organiser_client, "/admin/sessions")
    assert organiser_client.post(path, data={"csrf_token": token}).status_code == 404


# Rooms

def test_rooms_are_listed(organiser_client, event):
    page = text(organiser_client.get("/admin/rooms"))
    assert "Barn" in page and "Parlour" in page and '<div class="table-wrap">' in page


def test_valid_room_is_created(organiser_client, event):
    response = post_form(organiser_client, "/admin/rooms/new",
                         {"name": "Hayloft", "capacity": "10", "max_teams": "2"})
    assert response.status_code == 302
    room = room_named("Hayloft")
    assert (room.capacity, room.max_teams, room.event_id) == (10, 2, event.id)


INVALID_ROOMS = [
    ({"name": ""}, "Name: This field is required."),
    ({"name": "r" * 121}, "Name: Field cannot be longer than 120 characters."),
    ({"name": "barn"}, "Name: a room called 'barn' exists already"),
    ({"capacity": "0"}, "Capacity (people): Number must be at least 1."),
    ({"capacity": "many"}, "Capacity (people): 'many' is not a whole number"),
    ({"max_teams": ""}, "Teams at once: at most: This field is required."),
    ({"max_teams": "0"}, "Teams at once: at most: Number must be at least 1."),
]


def test_invalid_room_is_refused_naming_the_field(organiser_client, event):
    for changes, message in INVALID_ROOMS:
        data = {"name": "Hayloft", "capacity": "10", "max_teams": "2", **changes}
        response = post_form(organiser_client, "/admin/rooms/new", data)
        assert response.status_code == 422, changes
        assert message in text(response), changes
    assert db.session.execute(db.select(db.func.count(Room.id))).scalar() == 2


def test_room_is_edited_and_may_keep_its_name(organiser_client, event):
    room = room_named("Barn")
    url = f"/admin/rooms/{room.id}/edit"
    assert 'value="14"' in text(organiser_client.get(url))
    response = post_form(organiser_client, url, {"name": "Barn", "capacity": "16",
                                                 "max_teams": "3"})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Room, room.id).capacity == 16
    response = post_form(organiser_client, url, {"name": "Parlour", "capacity": "16",
                                                 "max_teams": "3"})
    assert response.status_code == 422
    assert "Name: a room called 'Parlour' exists already" in text(response)


def test_room_is_deleted_after_confirmation(organiser_client, event):
    room = room_named("Parlour")
    url = f"/admin/rooms/{room.id}/delete"
    assert "Delete the room “Parlour”?" in text(organiser_client.get(url))
    assert room_named("Parlour") is not None
    assert post_form(organiser_client, url, {}).status_code == 302
    assert room_named("Parlour") is None


# --- sessions keep to the event's days; overlapping sparring sessions are a warning ----------

DAYS = "must be within the event's days, 2023-09-22 to 2023-09-24"


@pytest.mark.parametrize("changes, message", [
    ({"starts_at": "2023-09-21T14:00", "ends_at": "2023-09-21T15:00"}, f"Start: {DAYS}"),
    ({"starts_at": "2023-09-25T09:00", "ends_at": "2023-09-25T10:00"}, f"Start: {DAYS}"),
    ({"starts_at": "2023-09-24T23:00", "ends_at": "2023-09-25T01:00"}, f"End: {DAYS}"),
    ({"ends_at": "2023-09-23T14:00"}, "End: must be after the start (2023-09-23 14:00)"),
])
def test_sessions_outside_the_event_days_are_refused(organiser_client, event, changes,
                                                     message):
    response = post_form(organiser_client, "/admin/sessions/new", valid_session(**changes))
    assert response.status_code == 422
    assert message in text(response)
    assert session_named("Sparring 3") is None


def test_a_session_may_end_at_midnight_after_the_last_day(organiser_client, event):
    response = post_form(organiser_client, "/admin/sessions/new", valid_session(
        kind="plenary", starts_at="2023-09-24T20:00", ends_at="2023-09-25T00:00"))
    assert response.status_code == 302
    assert session_named("Sparring 3").ends_at == datetime(2023, 9, 25, 0, 0)


def test_csv_sessions_outside_the_event_days_are_refused(organiser_client, event):
    from tests.test_csv import upload

    response = upload(organiser_client, "sessions",
                      "title,start,end,stage,kind\n"
                      "Early,2023-09-20 09:00,2023-09-20 10:00,define,sparring\n"
                      "Late,2023-09-24 18:00,2023-09-25 09:00,,plenary\n")
    assert response.status_code == 422
    page = text(response)
    assert f"line 2, start: {DAYS}" in page and f"line 3, end: {DAYS}" in page
    assert session_named("Early") is None and session_named("Late") is None


def test_overlapping_sparring_sessions_are_saved_with_a_warning(organiser_client, event):
    response = post_form(organiser_client, "/admin/sessions/new", valid_session(
        starts_at="2023-09-23T10:00", ends_at="2023-09-23T11:30"), follow_redirects=True)
    assert response.status_code == 200
    page = text(response)
    warning = page[page.index('class="flash flash-warning"'):]
    assert "'Sparring 3' (2023-09-23 10:00-11:30) overlaps the sparring sessions " \
           "'Sparring 1' (2023-09-23 09:00-10:30), 'Sparring 2' (2023-09-23 11:00-12:30)" \
        in warning[:400]
    assert "Session 'Sparring 3' added." in page
    # A plenary session at the same time, or a sparring session at another, is no warning.
    for data in (valid_session(title="Talk", kind="plenary", starts_at="2023-09-23T09:30",
                               ends_at="2023-09-23T10:00"),
                 valid_session(title="Sparring 4", starts_at="2023-09-23T13:00",
                               ends_at="2023-09-23T14:00")):
        page = text(post_form(organiser_client, "/admin/sessions/new", data,
                              follow_redirects=True))
        assert "flash-warning" not in page and "added." in page


def test_csv_import_warns_of_overlapping_sparring_sessions(organiser_client, event):
    from tests.test_csv import upload

    response = upload(organiser_client, "sessions",
                      "title,start,end,stage,kind\n"
                      "Sparring 3,2023-09-23 12:00,2023-09-23 13:00,define,sparring\n")
    assert response.status_code == 302
    page = text(organiser_client.get(response.headers["Location"]))
    assert "flash-warning" in page and "overlaps the sparring session 'Sparring 2'" in page
    assert session_named("Sparring 3") is not None


def test_letters_in_the_room_capacity_stay_with_a_message(organiser_client, event):
    response = post_form(organiser_client, "/admin/rooms/new",
                         {"name": "Loft", "capacity": "ten", "max_teams": "1"})
    assert response.status_code == 422
    page = text(response)
    assert "Capacity (people): 'ten' is not a whole number" in page
    assert 'value="ten"' in page and room_named("Loft") is None


def test_deleting_a_session_one_partner_listed_says_person(organiser_client, event):
    partner = Person(event_id=event.id, role="partner", name="Paula", email="p@example.org",
                     languages=["de"], partner_kind="creative")
    sparring = session_named("Sparring 1")
    partner.available_sessions = [sparring]
    db.session.add(partner)
    db.session.commit()
    response = post_form(organiser_client, f"/admin/sessions/{sparring.id}/delete", {},
                         follow_redirects=True)
    assert "1 person lost it from their availability" in text(response)
