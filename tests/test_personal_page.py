"""The personal page behind the secret link and the calendar file."""
import icalendar

from app.extensions import db
from app.models import Enterprise, EventSession, Person


def sparring(event) -> list[EventSession]:
    return [s for s in event.sessions if s.kind == "sparring"]


def make_partner(event, sessions, **changes) -> Person:
    partner = Person(event_id=event.id, role="partner", name="Paula Partner", status="accepted",
                     email="paula@example.org", organisation="Studio P", languages=["de", "en"],
                     skills=["video"], partner_kind="living_lab", max_sessions=1, **changes)
    partner.available_sessions = sessions
    db.session.add(partner)
    db.session.commit()
    return partner


def member(name: str = "Marco Rossi") -> Person:
    return db.session.execute(db.select(Person).filter_by(name=name)).scalar_one()


def test_member_page_shows_team_coach_and_other_members(client, coach):
    team = db.session.execute(db.select(Enterprise)).scalar_one()
    team.challenge = "Reach families"
    db.session.add(Person(event_id=team.event_id, role="member", name="Giulia Bianchi",
                          email="giulia@example.org", enterprise_id=team.id, status="accepted"))
    db.session.commit()
    response = client.get(f"/p/{member().token}")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    html = response.get_data(as_text=True)
    assert "Marco Rossi" in html and "Team member" in html
    assert "Your registration is accepted" in html
    assert "Care farm" in html and "Reach families" in html
    assert "Carla Coach" in html and "Giulia Bianchi" in html
    assert "Stage: Empathize" in html
    assert "Italiano" in html  # languages by name


def test_pending_and_rejected_status_are_explained(client, event, coach):
    person = member()
    person.status = "pending"
    db.session.commit()
    assert "Your registration is pending" in client.get(f"/p/{person.token}").get_data(True)
    person.status = "rejected"
    db.session.commit()
    assert "was not accepted" in client.get(f"/p/{person.token}").get_data(True)


def test_member_agenda_lists_the_whole_timetable(client, event, coach):
    html = client.get(f"/p/{member().token}").get_data(as_text=True)
    agenda = html.split("Your agenda", 1)[1]
    assert "Kick-off" in agenda and "Sparring 1" in agenda and "Sparring 2" in agenda
    assert agenda.index("Kick-off") < agenda.index("Sparring 1") < agenda.index("Sparring 2")
    assert "Europe/Berlin" in agenda and "09:00" in agenda
    assert f"/calendar/{member().token}.ics" in agenda


def test_partner_page_shows_availability_and_only_their_sparring_sessions(client, event):
    first, second = sparring(event)
    partner = make_partner(event, [first])
    html = client.get(f"/p/{partner.token}").get_data(as_text=True)
    assert "Sparring partner" in html and "Living-lab practitioner" in html
    availability = html.split("Your availability", 1)[1].split("Your agenda", 1)[0]
    assert "Sparring 1" in availability and "Sparring 2" not in availability
    agenda = html.split("Your agenda", 1)[1]
    assert "Kick-off" in agenda and "Sparring 1" in agenda and "Sparring 2" not in agenda


def test_coach_page_lists_their_teams(client, coach):
    person = db.session.execute(db.select(Person).filter_by(role="coach")).scalar_one()
    html = client.get(f"/p/{person.token}").get_data(as_text=True)
    teams = html.split("Your teams", 1)[1]
    assert "Care farm" in teams and "Marco Rossi" in teams
    assert "Teams at most" in html


def test_unknown_token_is_404(client, event):
    assert client.get("/p/no-such-token").status_code == 404
    assert client.get("/calendar/no-such-token.ics").status_code == 404
    assert client.get("/p/" + "x" * 80).status_code == 404


def test_calendar_file_has_the_agenda_in_the_event_time_zone(client, event):
    first, second = sparring(event)
    first.place = "Barn"
    partner = make_partner(event, [first])
    response = client.get(f"/calendar/{partner.token}.ics")
    assert response.status_code == 200
    assert response.mimetype == "text/calendar"
    calendar = icalendar.Calendar.from_ical(response.data)
    entries = calendar.walk("VEVENT")
    assert sorted(str(e["SUMMARY"]) for e in entries) == ["Kick-off", "Sparring 1"]
    sparring_entry = next(e for e in entries if str(e["SUMMARY"]) == "Sparring 1")
    assert str(sparring_entry["LOCATION"]) == "Barn"
    start = sparring_entry.decoded("DTSTART")
    assert str(start.tzinfo) == "Europe/Berlin" and (start.hour, start.minute) == (9, 0)
    assert "TZID=Europe/Berlin" in response.get_data(as_text=True)
    assert calendar.walk("VTIMEZONE")
    uids = [str(e["UID"]) for e in entries]
    assert len(set(uids)) == 2
    again = icalendar.Calendar.from_ical(client.get(f"/calendar/{partner.token}.ics").data)
    assert sorted(str(e["UID"]) for e in again.walk("VEVENT")) == sorted(uids)  # stable


def test_calendar_uids_differ_between_people(client, coach):
    marco = member()
    coach_person = db.session.execute(db.select(Person).filter_by(role="coach")).scalar_one()
    uids = []
    for person in (marco, coach_person):
        calendar = icalendar.Calendar.from_ical(client.get(f"/calendar/{person.token}.ics").data)
        uids.append({str(e["UID"]) for e in calendar.walk("VEVENT")})
    assert len(uids[0]) == 3 and not uids[0] & uids[1]


def test_agenda_for_is_shared_by_page_and_calendar(app, event):
    from app.services.agenda import agenda_for

    first, second = sparring(event)
    partner = make_partner(event, [second])
    items = agenda_for(partner)
    assert [i.title for i in items] == ["Kick-off", "Sparring 2"]
    assert items[1].kind == "sparring" and items[1].stage == "prototype"
