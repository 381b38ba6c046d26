"""Public self-registration of enterprises, sparring partners and coaches."""
import re

import pytest

from app.extensions import db
from app.models import Enterprise, EventSession, Person
from tests.conftest import post_form

ENTERPRISE_URL = "/register/enterprise"
PARTNER_URL = "/register/partner"
COACH_URL = "/register/coach"


def enterprise_data(**changes) -> dict:
    data = {
        "name": "Care farm", "organisation": "Cascina Verde", "country": "IT",
        "challenge": "Reach families", "description": "A social farm near Turin.",
        "languages": ["en", "it"], "needs_empathize": ["interviewing"],
        "needs_prototype": ["video", "storytelling"],
        "members-0-name": "Marco Rossi", "members-0-email": "marco@example.org",
        "members-1-name": "Giulia Bianchi", "members-1-email": "giulia@example.org",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def partner_data(event, **changes) -> dict:
    sparring = [s.id for s in event.sessions if s.kind == "sparring"]
    data = {"name": "Paula Partner", "email": "paula@example.org", "organisation": "Studio P",
            "partner_kind": "creative", "skills": ["video"], "languages": ["de", "en"],
            "available_sessions": [str(i) for i in sparring], "max_sessions": "2"}
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def coach_data(**changes) -> dict:
    data = {"name": "Conrad Coach", "email": "conrad@example.org", "organisation": "Coaching",
            "skills": ["ux-research"], "languages": ["en"], "max_teams": "2"}
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def error_text(response) -> str:
    return re.sub(r"\s+", " ", response.get_data(as_text=True))


def people(role: str) -> list[Person]:
    return list(db.session.execute(db.select(Person).filter_by(role=role)).scalars())


# --- enterprise ------------------------------------------------------------------------------

def test_enterprise_form_offers_managed_lists_and_six_member_rows(client, event):
    html = client.get(ENTERPRISE_URL).get_data(as_text=True)
    assert 'value="ro"' in html and "Română" in html
    assert 'value="ux-research"' in html
    assert 'name="needs_empathize"' in html and 'name="needs_test"' in html
    assert 'name="members-5-email"' in html and 'name="members-6-email"' not in html
    assert '<option value="SE">' in html
    assert "js/members.js" in html and "<script>" not in html


def test_enterprise_registration_creates_team_and_members(client, event):
    response = post_form(client, ENTERPRISE_URL, enterprise_data())
    assert response.status_code == 302
    location = response.headers["Location"]
    team = db.session.execute(db.select(Enterprise)).scalar_one()
    assert team.name == "Care farm" and team.country == "IT" and team.status == "pending"
    assert team.needs == {"empathize": ["interviewing"], "prototype": ["video", "storytelling"]}
    assert [m.email for m in team.members] == ["marco@example.org", "giulia@example.org"]
    assert team.size == 2 and all(m.status == "pending" for m in team.members)
    assert location.endswith("/registered")
    page = client.get(location)
    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
    html = page.get_data(as_text=True)
    contact, other = team.members
    # The contact person sees their own link and the members' names, never another's link.
    assert f"/p/{contact.token}" in html
    assert other.name in html and f"/p/{other.token}" not in html and other.email not in html


def test_enterprise_blank_member_rows_are_ignored(client, event):
    data = enterprise_data(**{"members-1-name": "", "members-1-email": "",
                              "members-4-name": "Ana", "members-4-email": "ana@example.org"})
    assert post_form(client, ENTERPRISE_URL, data).status_code == 302
    team = db.session.execute(db.select(Enterprise)).scalar_one()
    assert [m.name for m in team.members] == ["Marco Rossi", "Ana"]


def test_enterprise_can_wish_accepted_partners_only(client, event):
    accepted = Person(event_id=event.id, role="partner", name="Anna Accepted", status="accepted",
                      email="anna@example.org", languages=["de"])
    pending = Person(event_id=event.id, role="partner", name="Pete Pending", status="pending",
                     email="pete@example.org", languages=["de"])
    db.session.add_all([accepted, pending])
    db.session.commit()
    html = client.get(ENTERPRISE_URL).get_data(as_text=True)
    assert "Anna Accepted" in html and "Pete Pending" not in html
    response = post_form(client, ENTERPRISE_URL, enterprise_data(wished_partners=[str(pending.id)]))
    assert response.status_code == 422
    assert "Pete Pending is not an accepted sparring partner" in error_text(response)
    response = post_form(client, ENTERPRISE_URL,
                         enterprise_data(wished_partners=[str(accepted.id)]))
    assert response.status_code == 302
    team = db.session.execute(db.select(Enterprise)).scalar_one()
    assert [p.name for p in team.wished_partners] == ["Anna Accepted"]


@pytest.mark.parametrize("changes, message", [
    ({"name": ""}, "Name of the project or team: This field is required."),
    ({"organisation": ""}, "Organisation: This field is required."),
    ({"country": ""}, "Country: This field is required."),
    ({"country": "XX"}, "Country: Not a valid choice."),
    ({"languages": None}, "Languages the team speaks: choose at least one language"),
    ({"languages": ["fr"]}, "Languages the team speaks: unknown language &#39;fr&#39;"),
    ({"needs_define": ["juggling"]}, "Needs in stage Define: unknown skill &#39;juggling&#39;"),
    ({"members-0-name": "", "members-0-email": "", "members-1-name": "",
      "members-1-email": ""},
     "Name: at least one team member (the contact person) is required"),
    ({"members-1-email": "not-an-email"}, "Email: Invalid email address."),
    ({"members-1-name": ""}, "Name: the member&#39;s name is required"),
    ({"members-1-email": "MARCO@example.org"},
     "Email: MARCO@example.org is already given for member 1 of this team"),
])
def test_enterprise_invalid_field_is_named(client, event, changes, message):
    response = post_form(client, ENTERPRISE_URL, enterprise_data(**changes))
    assert response.status_code == 422
    assert message in error_text(response)
    assert db.session.execute(db.select(Enterprise)).first() is None
    assert people("member") == []


def test_enterprise_member_email_already_registered(client, event):
    db.session.add(Person(event_id=event.id, role="coach", name="Carla", email="giulia@example.org",
                          languages=["en"]))
    db.session.commit()
    response = post_form(client, ENTERPRISE_URL, enterprise_data())
    assert response.status_code == 422
    text = error_text(response)
    assert "Email: giulia@example.org is already registered for this event" in text
    assert "Member 2 · Email" in text  # the summary names the row
    assert db.session.execute(db.select(Enterprise)).first() is None


def test_enterprise_name_must_be_unique(client, event):
    assert post_form(client, ENTERPRISE_URL, enterprise_data()).status_code == 302
    data = enterprise_data(**{"members-0-email": "x@example.org", "members-1-email": "y@ex.org"})
    response = post_form(client, ENTERPRISE_URL, data)
    assert response.status_code == 422
    assert "an enterprise named &#39;Care farm&#39; is already registered" in error_text(response)


# --- partner ---------------------------------------------------------------------------------

def test_partner_form_lists_sparring_sessions_with_day_and_time(client, event):
    html = client.get(PARTNER_URL).get_data(as_text=True)
    assert "Sat 23.09. 09:00–10:30 · Sparring 1" in html
    assert "Kick-off" not in html  # not a sparring session
    assert "living_lab" in html


def test_partner_registration(client, event):
    response = post_form(client, PARTNER_URL, partner_data(event, partner_kind="living_lab"))
    assert response.status_code == 302
    partner = people("partner")[0]
    assert partner.status == "pending" and partner.partner_kind == "living_lab"
    assert partner.max_sessions == 2 and len(partner.available_sessions) == 2
    assert partner.languages == ["de", "en"] and partner.skills == ["video"]
    assert response.headers["Location"].endswith("/registered")
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert f"/p/{partner.token}" in html


@pytest.mark.parametrize("changes, message", [
    ({"name": ""}, "Name: This field is required."),
    ({"email": "paula"}, "Email: Invalid email address."),
    ({"email": ""}, "Email: This field is required."),
    ({"languages": None}, "Languages you speak: choose at least one language"),
    ({"languages": ["xx"]}, "Languages you speak: unknown language &#39;xx&#39;"),
    ({"skills": ["juggling"]}, "Skills: unknown skill &#39;juggling&#39;"),
    ({"available_sessions": None},
     "Sparring sessions you are available for: choose at least one session"),
    ({"available_sessions": ["99999"]},
     "Sparring sessions you are available for: unknown sparring session &#39;99999&#39;"),
    ({"max_sessions": "3"}, "Sessions at most: must be between 1 and 2"),
    ({"max_sessions": "0"}, "Sessions at most: must be between 1 and 2"),
    ({"partner_kind": "painter"}, "You take part as: Not a valid choice."),
])
def test_partner_invalid_field_is_named(client, event, changes, message):
    response = post_form(client, PARTNER_URL, partner_data(event, **changes))
    assert response.status_code == 422
    assert message in error_text(response)
    assert people("partner") == []


def test_partner_cannot_choose_a_plenary_session(client, event):
    plenary = db.session.execute(db.select(EventSession).filter_by(kind="plenary")).scalar_one()
    response = post_form(client, PARTNER_URL,
                         partner_data(event, available_sessions=[str(plenary.id)]))
    assert response.status_code == 422
    assert f"unknown sparring session &#39;{plenary.id}&#39;" in error_text(response)


def test_partner_email_used_by_a_team_member(client, event):
    assert post_form(client, ENTERPRISE_URL, enterprise_data()).status_code == 302
    response = post_form(client, PARTNER_URL, partner_data(event, email="Marco@Example.org"))
    assert response.status_code == 422
    assert "Email: Marco@Example.org is already registered for this event" in error_text(response)


# --- coach -----------------------------------------------------------------------------------

def test_coach_registration(client, event):
    response = post_form(client, COACH_URL, coach_data())
    assert response.status_code == 302
    coach = people("coach")[0]
    assert (coach.name, coach.max_teams, coach.status) == ("Conrad Coach", 2, "pending")
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert f"/p/{coach.token}" in html


@pytest.mark.parametrize("changes, message", [
    ({"name": ""}, "Name: This field is required."),
    ({"email": "conrad@"}, "Email: Invalid email address."),
    ({"languages": None}, "Languages you speak: choose at least one language"),
    ({"languages": ["klingon"]}, "Languages you speak: unknown language &#39;klingon&#39;"),
    ({"skills": ["juggling"]}, "Skills: unknown skill &#39;juggling&#39;"),
    ({"max_teams": "11"}, "Teams at most: Number must be between 1 and 10."),
    ({"max_teams": "0"}, "Teams at most:"),
    ({"max_teams": "many"}, "Teams at most: &#39;many&#39; is not a whole number"),
])
def test_coach_invalid_field_is_named(client, event, changes, message):
    response = post_form(client, COACH_URL, coach_data(**changes))
    assert response.status_code == 422
    assert message in error_text(response)
    assert people("coach") == []


def test_coach_duplicate_email(client, event):
    assert post_form(client, COACH_URL, coach_data()).status_code == 302
    response = post_form(client, COACH_URL, coach_data(name="Other"))
    assert response.status_code == 422
    assert "Email: conrad@example.org is already registered for this event" in error_text(response)
    assert len(people("coach")) == 1


# --- closed registration, secrets ------------------------------------------------------------

@pytest.mark.parametrize("url", [ENTERPRISE_URL, PARTNER_URL, COACH_URL])
def test_closed_registration_accepts_nothing(client, event, url):
    token_page = client.get(url)
    assert token_page.status_code == 200
    from tests.conftest import csrf_token

    token = csrf_token(client, url)
    event.registration_open = False
    db.session.commit()
    assert client.get(url).status_code == 403
    data = {"enterprise": enterprise_data(), "partner": partner_data(event),
            "coach": coach_data()}[url.rsplit("/", 1)[1]]
    response = client.post(url, data={"csrf_token": token, **data})
    assert response.status_code == 403
    assert "Registration is closed" in response.get_data(as_text=True)
    assert db.session.execute(db.select(Person)).first() is None


def test_registration_services_refuse_when_closed(app, event):
    from app.services.registration import RegistrationClosed, register_coach

    event.registration_open = False
    db.session.commit()
    with pytest.raises(RegistrationClosed):
        register_coach(event, coach_data())


def test_registration_ignores_organiser_only_fields(client, event):
    response = post_form(client, COACH_URL, coach_data(status="accepted"))
    assert response.status_code == 302
    assert people("coach")[0].status == "pending"


def test_confirmation_page_is_for_the_browser_that_registered(app, client, event):
    assert post_form(client, COACH_URL, coach_data()).status_code == 302
    coach = people("coach")[0]
    assert client.get("/registered").status_code == 200
    # Another browser sees nobody's data, and old token links show only that person's page.
    other = app.test_client()
    gone = other.get("/registered")
    assert gone.status_code == 404 and coach.token not in gone.get_data(as_text=True)
    assert other.get(f"/registered/{coach.id}").status_code == 404
    assert other.get("/registered/not-a-token").status_code == 404
    old = other.get(f"/registered/{coach.token}")
    assert old.status_code == 302 and old.headers["Location"].endswith(f"/p/{coach.token}")


def test_post_without_csrf_is_refused(client, event):
    response = client.post(COACH_URL, data=coach_data())
    assert response.status_code == 400
    assert people("coach") == []


def test_partner_can_wish_accepted_teams_only(client, event):
    accepted = Enterprise(event_id=event.id, name="Care farm", organisation="CV", country="IT",
                          status="accepted", languages=["it"])
    pending = Enterprise(event_id=event.id, name="Hidden team", organisation="HT", country="ES",
                         status="pending", languages=["es"])
    db.session.add_all([accepted, pending])
    db.session.commit()
    html = client.get(PARTNER_URL).get_data(as_text=True)
    assert "Care farm" in html and "Hidden team" not in html
    response = post_form(client, PARTNER_URL, partner_data(event, wished_teams=[str(pending.id)]))
    assert response.status_code == 422
    assert "Teams you would like to meet: Hidden team is not an accepted enterprise" in \
        error_text(response)
    response = post_form(client, PARTNER_URL, partner_data(event, wished_teams=[str(accepted.id)]))
    assert response.status_code == 302
    assert [t.name for t in people("partner")[0].wished_teams] == ["Care farm"]


# --- plurals, number fields and member rows -----------------------------------------------

def test_the_confirmation_counts_members_in_words(client, event):
    data = enterprise_data(**{"members-1-name": "", "members-1-email": ""})
    page = client.get(post_form(client, ENTERPRISE_URL, data).headers["Location"])
    assert "registered with 1 member. Every member" in error_text(page)
    data = enterprise_data(name="Second", **{"members-0-email": "a@example.org",
                                             "members-1-email": "b@example.org"})
    page = client.get(post_form(client, ENTERPRISE_URL, data).headers["Location"])
    assert "registered with 2 members. Every member" in error_text(page)
    assert "member(s)" not in error_text(page)


@pytest.mark.parametrize("url, data, field, label", [
    (PARTNER_URL, "partner", "max_sessions", "Sessions at most"),
    (COACH_URL, "coach", "max_teams", "Teams at most"),
])
def test_letters_in_a_number_field_stay_with_a_message(client, event, url, data, field, label):
    data = partner_data(event) if data == "partner" else coach_data()
    response = post_form(client, url, {**data, field: "abc"})
    assert response.status_code == 422
    html = error_text(response)
    assert f"{label}: &#39;abc&#39; is not a whole number" in html
    # A text input (inputmode numeric): a number input would show nothing for 'abc'.
    assert re.search(rf'<input[^>]*id="{field}"[^>]*>', html)
    field_html = re.search(rf'<input[^>]*id="{field}"[^>]*>', html).group(0)
    assert 'type="text"' in field_html and 'inputmode="numeric"' in field_html
    assert 'value="abc"' in field_html
    assert people("partner") == [] and people("coach") == []


def test_more_than_six_members_are_refused_not_cut(client, event):
    rows = {f"members-{i}-{key}": value for i in range(7)
            for key, value in (("name", f"Member {i}"), ("email", f"m{i}@example.org"))}
    response = post_form(client, ENTERPRISE_URL, enterprise_data(**rows))
    assert response.status_code == 422
    html = error_text(response)
    assert "at most 6 team members" in html
    assert 'value="Member 6"' in html and 'value="m6@example.org"' in html  # still shown
    assert db.session.execute(db.select(Enterprise)).scalars().all() == []
