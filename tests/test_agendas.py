"""Agendas with meetings for each role, the personal page and its fragment, the calendar's
SEQUENCE, and the participants' read-only /live connection."""
import icalendar
import pytest

from app.extensions import db, socketio
from app.services.agenda import agenda_for
from app.services.schedule.publish import publish_version
from tests.conftest import count_of
from tests.schedule_data import FIRST, SECOND, add_version, schedule, scheduled_event


@pytest.fixture
def scheduled(event, organiser):
    s = scheduled_event(event)
    add_version(s, 1, schedule(s, **FIRST))
    add_version(s, 2, schedule(s, **SECOND))
    s.organiser = organiser
    return s


def _sparring(items):
    return [i for i in items if i.kind == "sparring"]


def test_before_publishing_agendas_are_the_timetable(scheduled):
    ioana = scheduled.members["Ioana Pop"]
    assert [i.title for i in agenda_for(ioana)] == ["Kick-off", "Sparring 1", "Sparring 2"]
    assert all(not i.contacts for i in agenda_for(ioana))


def test_a_member_sees_partners_with_skills_and_languages_room_and_coach(scheduled):
    s = scheduled
    publish_version(s.event, s.organiser, 1)
    kick_off, first, second = agenda_for(s.members["Ioana Pop"])
    assert kick_off.title == "Kick-off" and not kick_off.contacts  # plenary stays
    assert first.title == "Sparring: Paula Partner" and first.place == "Barn"
    assert "Paula Partner (Skills: interviewing; Languages: English, Deutsch)" in first.details
    assert "Coach: Carla Coach" in first.details
    assert second.title == "Sparring: Piet Partner"


def test_a_partner_sees_the_team_its_challenge_needs_of_the_stage_and_languages(scheduled):
    s = scheduled
    publish_version(s.event, s.organiser, 1)
    items = _sparring(agenda_for(s.partners["Paula Partner"]))
    assert [i.title for i in items] == ["Sparring: Minți Curioase", "Sparring: Återbruket"]
    first = items[0]
    assert first.place == "Barn"
    [line] = [d for d in first.details if d.startswith("Minți Curioase")]
    assert "Challenge: Science kits for village schools" in line
    assert "Needs in this stage: interviewing" in line  # Sparring 1 is the empathize stage
    assert "Languages: Română, English" in line
    second_line = [d for d in items[1].details if d.startswith("Återbruket")][0]
    assert "Needs in this stage: web-development" in second_line  # prototype stage
    # Priya offered both sessions and meets nobody in version 1: shown as free.
    priya = _sparring(agenda_for(s.partners["Priya Partner"]))
    assert [i.free for i in priya] == [True, True]


def test_a_coach_sees_their_teams_sessions_and_rooms(scheduled):
    s = scheduled
    publish_version(s.event, s.organiser, 1)
    first, second = _sparring(agenda_for(s.coaches["Carla Coach"]))
    assert first.title == "Sparring: Minți Curioase" and first.place == "Barn"
    assert "Minți Curioase in Barn with Paula Partner" in first.details
    assert all("Återbruket" not in d for d in first.details)


def test_coaches_of_the_schedule_become_the_teams_coaches(scheduled):
    s = scheduled
    swapped = schedule(s, **FIRST, coaches={"Minți Curioase": "Cem Coach",
                                            "Återbruket": "Carla Coach"})
    add_version(s, 3, swapped)
    publish_version(s.event, s.organiser, 3)
    db.session.expire_all()
    assert s.teams["Minți Curioase"].coach.name == "Cem Coach"
    first, _second = _sparring(agenda_for(s.coaches["Cem Coach"]))
    assert first.title == "Sparring: Minți Curioase"


def _queries(client, url) -> int:
    from sqlalchemy import event as sa_event

    seen = []

    def listener(*_args):
        seen.append(1)

    sa_event.listen(db.engine, "before_cursor_execute", listener)
    try:
        assert client.get(url).status_code == 200
    finally:
        sa_event.remove(db.engine, "before_cursor_execute", listener)
    return len(seen)


def test_an_agenda_takes_the_same_queries_however_many_meetings(scheduled, client):
    s = scheduled
    publish_version(s.event, s.organiser, 1)
    url = f"/p/{s.members['Ioana Pop'].token}/agenda"
    client.get(url)  # the first request of a test also loads what the app caches
    few = _queries(client, url)
    # Three partners in each session for Ioana's team: more meetings, same queries.
    crowded = [(session, "Minți Curioase", p) for session in ("Sparring 1", "Sparring 2")
               for p in s.partners] + [m for m in FIRST["meetings"] if m[1] == "Återbruket"]
    add_version(s, 3, schedule(s, meetings=crowded, rooms=FIRST["rooms"]))
    publish_version(s.event, s.organiser, 3)
    assert "Priya Partner" in client.get(url).get_data(as_text=True)
    assert _queries(client, url) == few and few <= 25


def test_the_personal_page_marks_what_the_last_publish_changed(scheduled, client):
    s = scheduled
    publish_version(s.event, s.organiser, 1)
    publish_version(s.event, s.organiser, 2)
    html = client.get(f"/p/{s.members['Ioana Pop'].token}").get_data(as_text=True)
    assert "Your agenda changed in version 2." in html
    assert html.count('agenda-item agenda-sparring agenda-changed') == 1
    assert "Sparring: Priya Partner" in html and 'id="agenda-live"' in html
    sven = client.get(f"/p/{s.members['Sven Berg'].token}/agenda").get_data(as_text=True)
    assert "Your agenda changed" not in sven and "agenda-changed" not in sven
    assert "Sparring: Piet Partner" in sven and "Parlour" in sven


def test_the_fragment_escapes_names(scheduled, client):
    s = scheduled
    s.partners["Paula Partner"].name = "Paula <b>Partner</b>"
    db.session.commit()
    publish_version(s.event, s.organiser, 1)
    html = client.get(f"/p/{s.members['Ioana Pop'].token}/agenda").get_data(as_text=True)
    assert "Paula &lt;b&gt;Partner&lt;/b&gt;" in html and "<b>Partner</b>" not in html


def _calendar(client, person) -> dict:
    calendar = icalendar.Calendar.from_ical(client.get(f"/calendar/{person.token}.ics").data)
    assert calendar.walk("VTIMEZONE")
    return {str(e["SUMMARY"]): e for e in calendar.walk("VEVENT")}


def test_the_calendar_has_the_meetings_and_sequence_rises_only_for_changed_ones(
        scheduled, client):
    s = scheduled
    ioana = s.members["Ioana Pop"]
    before = _calendar(client, ioana)
    assert int(before["Sparring 1"]["SEQUENCE"]) == 0
    publish_version(s.event, s.organiser, 1)
    first = _calendar(client, ioana)
    meeting = first["Sparring: Piet Partner"]
    assert str(meeting["LOCATION"]) == "Barn" and "Piet Partner" in str(meeting["DESCRIPTION"])
    assert meeting.get("DTSTAMP") is not None
    # The entries changed from the timetable the calendar showed (SEQUENCE 0) to meetings.
    assert int(meeting["SEQUENCE"]) == 1 and int(first["Kick-off"]["SEQUENCE"]) == 0
    uids = {str(e["UID"]) for e in first.values()}
    publish_version(s.event, s.organiser, 2)
    second = _calendar(client, ioana)
    assert {str(e["UID"]) for e in second.values()} == uids  # stable
    assert int(second["Sparring: Priya Partner"]["SEQUENCE"]) == 2
    assert int(second["Sparring: Paula Partner"]["SEQUENCE"]) == 1  # unchanged: kept
    assert int(second["Kick-off"]["SEQUENCE"]) == 0
    # Sven's agenda did not change in version 2: every SEQUENCE is kept.
    sven = s.members["Sven Berg"]
    assert {k: int(e["SEQUENCE"]) for k, e in _calendar(client, sven).items()} == {
        "Kick-off": 0, "Sparring: Piet Partner": 1, "Sparring: Paula Partner": 1}


def test_a_partners_token_connects_read_only_and_hears_only_the_publish(scheduled, app):
    s = scheduled
    live = socketio.test_client(app, namespace="/live",
                                auth={"token": s.partners["Paula Partner"].token})
    assert live.is_connected("/live")
    assert live.get_received("/live") == []  # no board snapshot for a partner
    live.emit("board_snapshot", namespace="/live")
    assert live.get_received("/live") == []
    answer = live.emit("move_stage", {"team": s.teams["Återbruket"].id, "stage": "define"},
                       namespace="/live", callback=True)
    assert answer["ok"] is False and answer["error"] == "forbidden"
    publish_version(s.event, s.organiser, 1)
    [received] = live.get_received("/live")
    assert received["name"] == "schedule_published" and received["args"][0]["version"] == 1
    live.disconnect(namespace="/live")


def test_a_member_still_gets_its_team_board_and_the_publish(scheduled, app):
    s = scheduled
    live = socketio.test_client(app, namespace="/live",
                                auth={"token": s.members["Sven Berg"].token})
    [snapshot] = live.get_received("/live")
    assert snapshot["name"] == "board_snapshot"
    assert [t["name"] for t in snapshot["args"][0]["teams"]] == ["Återbruket"]
    publish_version(s.event, s.organiser, 1)
    names = [r["name"] for r in live.get_received("/live")]
    assert names == ["schedule_published"]  # once, though the member is in two rooms
    live.disconnect(namespace="/live")


def test_a_withdrawn_participant_has_no_agenda_and_cannot_connect(scheduled, client, app):
    s = scheduled
    paula = s.partners["Paula Partner"]
    paula.status = "withdrawn"
    db.session.commit()
    assert client.get(f"/p/{paula.token}/agenda").status_code == 403
    assert client.get(f"/p/{paula.token}/agenda.pdf").status_code == 403
    live = socketio.test_client(app, namespace="/live", auth={"token": paula.token})
    assert not live.is_connected("/live")
    assert count_of(type(paula)) > 0


def test_a_personal_plan_gives_the_same_agenda_as_the_whole_events(scheduled):
    from app.models import Person
    from app.services.agenda import load_plan

    s = scheduled
    publish_version(s.event, s.organiser, 2)
    whole = load_plan(s.event)
    people = db.session.execute(db.select(Person)).scalars().all()
    assert len(people) == 8
    for person in people:
        assert agenda_for(person) == agenda_for(person, whole), person.name
