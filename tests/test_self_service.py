"""Participants change their own data and withdraw on their personal page (the link is the key)."""
from datetime import datetime

import icalendar
import pytest

from app.extensions import db
from app.models import Enterprise, OutboxEmail, ParticipantChange, Person, ScheduleVersion
from tests.conftest import csrf_token, post_form


@pytest.fixture
def partner(event):
    sessions = [s for s in event.sessions if s.kind == "sparring"]
    person = Person(event_id=event.id, role="partner", name="Anna Huber", status="accepted",
                    email="anna@example.org", languages=["de", "en"], skills=["video"],
                    partner_kind="creative", max_sessions=2)
    person.available_sessions = sessions
    db.session.add(person)
    db.session.commit()
    return person


@pytest.fixture
def team(event):
    team = Enterprise(event_id=event.id, name="Care farm", organisation="Cascina Verde",
                      country="IT", status="accepted", languages=["en", "it"],
                      needs={"empathize": ["interviewing"]})
    team.members = [Person(event_id=event.id, role="member", name=name, email=email,
                           status="accepted", languages=["it"], organisation="Cascina Verde")
                    for name, email in [("Marco Rossi", "marco@example.org"),
                                        ("Giulia Bianchi", "giulia@example.org"),
                                        ("Luca Verdi", "luca@example.org")]]
    db.session.add(team)
    db.session.commit()
    return team


def publish(event, meetings, coaches=()):
    version = ScheduleVersion(event_id=event.id, version=1, status="optimal", objective=1,
                              bound=1, data={"status": "optimal", "meetings": list(meetings),
                                             "coaches": list(coaches), "rooms": []},
                              published=True, published_at=datetime.utcnow())
    db.session.add(version)
    db.session.commit()
    return version


def sparring(event):
    return [s for s in event.sessions if s.kind == "sparring"]


def outbox_kinds(address):
    return [e.kind for e in db.session.execute(db.select(OutboxEmail).filter_by(
        to_address=address).order_by(OutboxEmail.id)).scalars()]


def test_partner_changes_availability_and_the_organiser_sees_it(client, organiser_client,
                                                                event, partner):
    first, second = sparring(event)
    url = f"/p/{partner.token}/edit"
    page = client.get(url)
    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
    html = page.get_data(as_text=True)
    assert f'value="{second.id}" checked' in html.replace('checked id', 'checked') or \
        "checked" in html
    response = post_form(client, url, {"available_sessions": [str(second.id)],
                                       "max_sessions": "1", "skills": ["video", "ux-research"],
                                       "languages": ["de"], "locale": "de"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/p/{partner.token}")
    db.session.expire_all()
    assert [s.id for s in partner.available_sessions] == [second.id]
    assert partner.max_sessions == 1 and partner.languages == ["de"]
    assert partner.skills == ["video", "ux-research"] and partner.locale == "de"
    assert partner.name == "Anna Huber" and partner.status == "accepted"  # untouched
    detail = organiser_client.get(f"/admin/partners/{partner.id}").get_data(as_text=True)
    assert "Sparring 2" in detail and "Sparring 1" not in detail


def test_a_bad_change_is_refused_naming_the_field_and_nothing_changes(client, event, partner):
    url = f"/p/{partner.token}/edit"
    response = post_form(client, url, {"available_sessions": [], "max_sessions": "9",
                                       "languages": [], "locale": "en"})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "choose at least one session you are available for" in html
    assert "choose at least one language" in html
    db.session.expire_all()
    assert len(partner.available_sessions) == 2 and partner.languages == ["de", "en"]


def test_self_service_needs_the_csrf_token_and_the_right_link(client, event, partner):
    url = f"/p/{partner.token}/edit"
    assert client.post(url, data={"languages": ["de"]}).status_code == 400
    for path in ("/p/nope/edit", "/p/nope/team", "/p/nope/withdraw"):
        assert client.get(path).status_code == 404


def test_coach_changes_their_limit_and_skills(client, event, coach):
    person = db.session.get(Person, coach.person_id)
    response = post_form(client, f"/p/{person.token}/edit", {
        "max_teams": "3", "skills": ["storytelling"], "languages": ["en"], "locale": "en"})
    assert response.status_code == 302
    db.session.expire_all()
    assert (person.max_teams, person.skills, person.languages) == (3, ["storytelling"], ["en"])


def test_member_keeps_own_languages_when_the_team_is_edited(client, organiser_client, event,
                                                            team):
    member = team.members[1]
    response = post_form(client, f"/p/{member.token}/edit",
                         {"languages": ["it", "ro"], "locale": "en"})
    assert response.status_code == 302
    db.session.expire_all()
    assert member.languages == ["it", "ro"] and team.languages == ["en", "it"]
    # The organiser saves the team: the member's own languages stay theirs.
    edit = f"/admin/enterprises/{team.id}/edit"
    form = {"name": "Care farm", "organisation": "Cascina Verde", "country": "IT",
            "languages": ["en", "it", "es"], "status": "accepted"}
    for i, m in enumerate(team.members):
        form |= {f"members-{i}-id": str(m.id), f"members-{i}-name": m.name,
                 f"members-{i}-email": m.email}
    assert post_form(organiser_client, edit, form).status_code == 302
    db.session.expire_all()
    assert member.languages == ["it", "ro"] and team.languages == ["en", "it", "es"]


def test_only_the_contact_person_changes_the_team(client, event, team, partner):
    contact, other, _third = team.members
    assert client.get(f"/p/{other.token}/team").status_code == 403
    assert client.get(f"/p/{partner.token}/team").status_code == 403
    page = client.get(f"/p/{contact.token}/team").get_data(as_text=True)
    assert "Giulia Bianchi" in page and "Change the team" in page
    personal = client.get(f"/p/{contact.token}").get_data(as_text=True)
    assert f"/p/{contact.token}/team" in personal
    assert f"/p/{contact.token}/team" not in client.get(f"/p/{other.token}").get_data(
        as_text=True)


def test_contact_person_changes_members_languages_needs_and_wishes(client, event, team,
                                                                   partner):
    contact, giulia, luca = team.members
    luca_email = luca.email
    response = post_form(client, f"/p/{contact.token}/team", {
        "languages": ["it", "de"], "needs_prototype": ["video"],
        "wished_partners": [str(partner.id)],
        "members-0-id": str(contact.id), "members-0-name": "Marco Rossi",
        "members-0-email": "marco@example.org",
        "members-1-id": str(giulia.id), "members-1-name": "Giulia Bianchi",
        "members-1-email": "giulia@example.org",
        "members-2-name": "Sara Neri", "members-2-email": "sara@example.org"})
    assert response.status_code == 302, response.get_data(as_text=True)
    db.session.expire_all()
    assert [m.name for m in team.members] == ["Marco Rossi", "Giulia Bianchi", "Sara Neri"]
    assert team.languages == ["it", "de"] and team.needs == {"prototype": ["video"]}
    assert [p.name for p in team.wished_partners] == ["Anna Huber"]
    assert db.session.execute(db.select(Person).filter_by(email=luca_email)).first() is None
    sara = team.members[2]
    assert sara.status == "accepted" and sara.languages == ["it", "de"]
    # The new member gets their own link by email (held: no mail server in this test).
    assert outbox_kinds("sara@example.org") == ["team_member_added"]


def test_contact_person_cannot_remove_themselves(client, event, team):
    contact, giulia, _luca = team.members
    response = post_form(client, f"/p/{contact.token}/team", {
        "languages": ["it"], "members-0-id": str(giulia.id),
        "members-0-name": "Giulia Bianchi", "members-0-email": "giulia@example.org"})
    assert response.status_code == 422
    assert "you cannot remove yourself" in response.get_data(as_text=True)
    db.session.expire_all()
    assert len(team.members) == 3


def test_partner_withdraws(client, event, partner):
    page = client.get(f"/p/{partner.token}/withdraw")
    assert page.status_code == 200
    response = post_form(client, f"/p/{partner.token}/withdraw", {})
    assert response.status_code == 302
    db.session.expire_all()
    assert partner.status == "withdrawn"
    assert outbox_kinds("anna@example.org") == ["withdrawn"]
    personal = client.get(f"/p/{partner.token}").get_data(as_text=True)
    assert "You withdrew your registration" in personal
    assert "Your agenda" not in personal and "Sparring 1" not in personal
    assert client.get(f"/p/{partner.token}/edit").status_code == 403
    assert post_form(client, f"/p/{partner.token}/edit", {"languages": ["de"]},
                     ).status_code in (403, 422)
    assert client.get(f"/p/{partner.token}/withdraw").status_code == 403


def test_rejected_people_see_no_programme_and_an_empty_calendar(client, event, partner):
    partner.status = "rejected"
    db.session.commit()
    html = client.get(f"/p/{partner.token}").get_data(as_text=True)
    assert "not accepted" in html and "Kick-off" not in html and "Your agenda" not in html
    calendar = icalendar.Calendar.from_ical(client.get(f"/calendar/{partner.token}.ics").data)
    assert [c for c in calendar.walk("VEVENT")] == []
    partner.status = "accepted"
    db.session.commit()
    calendar = icalendar.Calendar.from_ical(client.get(f"/calendar/{partner.token}.ics").data)
    assert len(calendar.walk("VEVENT")) == 3


def test_a_member_withdraws_and_the_next_one_becomes_contact(client, event, team):
    contact, giulia, luca = team.members
    assert post_form(client, f"/p/{contact.token}/withdraw", {}).status_code == 302
    db.session.expire_all()
    assert contact.status == "withdrawn" and team.status == "accepted" and team.size == 2
    assert team.contact_person.id == giulia.id
    assert client.get(f"/p/{giulia.token}/team").status_code == 200


def test_contact_person_withdraws_the_whole_team(client, event, team):
    contact = team.members[0]
    assert post_form(client, f"/p/{contact.token}/withdraw",
                     {"whole_team": "y"}).status_code == 302
    db.session.expire_all()
    assert team.status == "withdrawn"
    assert {m.status for m in team.members} == {"withdrawn"}
    assert outbox_kinds("giulia@example.org") == ["withdrawn"]


def test_a_non_contact_member_cannot_withdraw_the_team(client, event, team):
    giulia = team.members[1]
    assert post_form(client, f"/p/{giulia.token}/withdraw",
                     {"whole_team": "y"}).status_code == 302
    db.session.expire_all()
    assert giulia.status == "withdrawn" and team.status == "accepted"


def test_withdrawal_after_publishing_is_listed_with_the_meetings_it_affects(
        client, organiser_client, event, partner, team):
    first, second = sparring(event)
    publish(event, [{"session": first.key, "team": team.key, "partner": partner.key},
                    {"session": second.key, "team": team.key, "partner": partner.key},
                    {"session": second.key, "team": team.key, "partner": "p999"}])
    assert post_form(client, f"/p/{partner.token}/withdraw", {}).status_code == 302
    change = db.session.execute(db.select(ParticipantChange)).scalar_one()
    assert change.kinds == ["withdrew"] and change.meetings_affected == 2
    assert change.schedule_version == 1
    dashboard = organiser_client.get("/admin/").get_data(as_text=True)
    assert "Anna Huber withdrew: 2 schedule entries affected" in dashboard
    from app.services.participant_changes import absent_person_ids

    assert absent_person_ids(event) == [partner.id]
    csrf = csrf_token(organiser_client, "/admin/")
    response = organiser_client.post(f"/admin/changes/{change.id}/handled",
                                     data={"csrf_token": csrf})
    assert response.status_code == 302
    assert "withdrew" not in organiser_client.get("/admin/").get_data(as_text=True)
    assert absent_person_ids(event) == []


def test_availability_change_after_publishing_counts_the_broken_meetings(client, event,
                                                                         partner, team):
    first, second = sparring(event)
    publish(event, [{"session": first.key, "team": team.key, "partner": partner.key},
                    {"session": second.key, "team": team.key, "partner": partner.key}])
    assert post_form(client, f"/p/{partner.token}/edit", {
        "available_sessions": [str(second.id)], "languages": ["de", "en"],
        "skills": ["video"], "locale": "en"}).status_code == 302
    change = db.session.execute(db.select(ParticipantChange)).scalar_one()
    assert change.kinds == ["availability"] and change.meetings_affected == 1


def test_changes_before_publishing_are_not_listed(client, event, partner):
    assert post_form(client, f"/p/{partner.token}/withdraw", {}).status_code == 302
    assert db.session.execute(db.select(ParticipantChange)).scalars().all() == []


def test_a_new_address_on_a_member_row_is_a_new_person_with_a_new_link(client, event, team):
    contact, giulia, luca = team.members
    old_link = f"/p/{luca.token}"
    response = post_form(client, f"/p/{contact.token}/team", {
        "languages": ["it"],
        "members-0-id": str(contact.id), "members-0-name": "Marco Rossi",
        "members-0-email": "marco@example.org",
        "members-1-id": str(giulia.id), "members-1-name": "Giulia Bianchi",
        "members-1-email": "giulia@example.org",
        "members-2-id": str(luca.id), "members-2-name": "Sara Neri",
        "members-2-email": "sara@example.org"})
    assert response.status_code == 302
    db.session.expire_all()
    assert client.get(old_link).status_code == 404  # Luca's link never shows Sara's page
    sara = db.session.execute(db.select(Person).filter_by(email="sara@example.org")).scalar_one()
    assert client.get(f"/p/{sara.token}").status_code == 200
    assert outbox_kinds("sara@example.org") == ["team_member_added"]


def test_an_organiser_changing_an_address_sends_the_new_link_there(organiser_client, event,
                                                                   partner):
    old_link = f"/p/{partner.token}"
    form = {"name": partner.name, "email": "anna.huber@example.org", "partner_kind": "creative",
            "languages": ["de"], "available_sessions": [str(s.id) for s in sparring(event)],
            "status": "accepted"}
    response = post_form(organiser_client, f"/admin/partners/{partner.id}/edit", form)
    assert response.status_code == 302
    db.session.expire_all()
    assert organiser_client.get(old_link).status_code == 404
    assert outbox_kinds("anna.huber@example.org") == ["link_reminder"]
    assert outbox_kinds("anna@example.org") == []
