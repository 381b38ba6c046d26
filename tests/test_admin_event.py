"""Event settings: dates, time zone, stages (with the rename refusal) and solver rules."""
import html

from app.extensions import db
from app.models import Event
from tests.conftest import PASSWORD, login, post_form

URL = "/admin/event"


def text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def valid_settings(**changes) -> dict:
    data = {
        "name": "Social Innovation Hackathon 2023", "venue": "Vierseithof", "description": "",
        "starts_on": "2023-09-22", "ends_on": "2023-09-24", "timezone": "Europe/Berlin",
        "registration_open": "y", "stages": "empathize\ndefine\nideate\nprototype\ntest",
        "partners_min": "1", "partners_max": "3", "partner_max_sessions": "", "max_repeat": "1",
        "weight_base": "1", "weight_skill": "10", "weight_wish": "5", "weight_coach": "3",
        "weight_fairness": "", "weight_change": "100",
    }
    data.update(changes)
    return data


def test_settings_page_shows_current_values(organiser_client, event):
    page = text(organiser_client.get(URL))
    assert 'value="Test Hackathon"' in page
    assert 'value="Europe/Berlin"' in page
    assert "empathize\ndefine\nideate\nprototype\ntest" in page
    assert "as many as there are sparring sessions (now 2)" in page


def test_valid_settings_are_saved(organiser_client, event):
    data = valid_settings(name="SIH 2023", stages="empathize, define, ideate, prototype, test, "
                          "Pitch Day", partners_min="2", partners_max="2",
                          partner_max_sessions="4", max_repeat="2", weight_skill="12",
                          weight_fairness="7", registration_open="")
    del data["registration_open"]  # an unticked checkbox is not sent
    response = post_form(organiser_client, URL, data)
    assert response.status_code == 302
    db.session.expire_all()
    ev = db.session.get(Event, event.id)
    assert ev.name == "SIH 2023"
    assert ev.registration_open is False
    assert ev.stages == ["empathize", "define", "ideate", "prototype", "test", "pitch_day"]
    assert ev.rules["partners_per_team"] == {"min": 2, "max": 2}
    assert ev.rules["partner_max_sessions"] == 4
    assert ev.rules["max_repeat"] == 2
    assert ev.rules["weights"] == {"base": 1, "skill": 12, "wish": 5, "coach": 3,
                                   "fairness": 7, "change": 100}


def test_blank_optional_rules_mean_the_defaults(organiser_client, event):
    response = post_form(organiser_client, URL, valid_settings(partner_max_sessions="4",
                                                               weight_fairness="3"))
    assert response.status_code == 302
    response = post_form(organiser_client, URL, valid_settings())
    assert response.status_code == 302
    db.session.expire_all()
    rules = db.session.get(Event, event.id).rules
    assert rules["partner_max_sessions"] is None
    assert rules["weights"]["fairness"] is None


INVALID_SETTINGS = [
    ({"name": ""}, "Name: This field is required."),
    ({"name": "n" * 201}, "Name: Field cannot be longer than 200 characters."),
    ({"venue": "v" * 201}, "Venue: Field cannot be longer than 200 characters."),
    ({"description": "d" * 5001}, "Description: Field cannot be longer than 5000 characters."),
    ({"starts_on": "someday"}, "First day: Not a valid date value."),
    ({"ends_on": "2023-09-21"}, "Last day: must not be before the first day (2023-09-22)"),
    ({"timezone": "Mars/Olympus"}, "Time zone: 'Mars/Olympus' is not a known time zone"),
    ({"timezone": ""}, "Time zone: This field is required."),
    ({"stages": ""}, "Design-thinking stages: This field is required."),
    ({"stages": "empathize, define!, ideate, prototype, test"},
     "Design-thinking stages: 'define!' is not a valid stage name"),
    ({"partners_min": "-1"}, "Partners per team and session: at least: Number must be at least 0."),
    ({"partners_min": "3", "partners_max": "2"},
     "Partners per team and session: at most: must be at least the minimum (3)"),
    ({"partners_max": "0"}, "Partners per team and session: at most: Number must be at least 1."),
    ({"partner_max_sessions": "0"}, "Sessions per partner: at most: Number must be at least 1."),
    ({"max_repeat": "0"},
     "Times the same partner meets the same team: at most: Number must be at least 1."),
    ({"max_repeat": ""},
     "Times the same partner meets the same team: at most: This field is required."),
    ({"weight_base": "x"}, "Weight: any meeting: 'x' is not a whole number"),
    ({"weight_skill": "-1"}, "Weight: each matching skill: Number must be at least 0."),
    ({"weight_wish": "-5"}, "Weight: each fulfilled wish: Number must be at least 0."),
    ({"weight_coach": ""}, "Weight: each coach skill a team needs: This field is required."),
    ({"weight_fairness": "-2"},
     "Weight: fairness (the worst-off team): Number must be at least 0."),
    ({"weight_change": "1.5"},
     "Weight: each change to the previous schedule: '1.5' is not a whole number"),
]


def test_invalid_settings_are_refused_naming_the_field(organiser_client, event):
    for changes, message in INVALID_SETTINGS:
        data = valid_settings(**{"name": "Changed", **changes})
        response = post_form(organiser_client, URL, data)
        assert response.status_code == 422, changes
        assert message in text(response), changes
        db.session.expire_all()
        assert db.session.get(Event, event.id).name == "Test Hackathon"  # nothing half-saved


def test_renaming_a_used_stage_is_refused_naming_its_users(organiser_client, coach, event):
    # coach fixture: team 'Care farm' needs 'empathize' and is in stage 'empathize'.
    response = post_form(organiser_client, URL, valid_settings(
        stages="discover, define, ideate, prototype, test"))
    assert response.status_code == 422
    page = text(response)
    assert "stage 'empathize' cannot be renamed or removed" in page
    assert "session 'Kick-off'" in page and "session 'Sparring 1'" in page
    assert "the needs of team 'Care farm'" in page
    assert "team 'Care farm' (its current stage)" in page
    db.session.expire_all()
    assert db.session.get(Event, event.id).stages[0] == "empathize"


def test_removing_an_unused_stage_and_reordering_is_allowed(organiser_client, coach, event):
    response = post_form(organiser_client, URL, valid_settings(
        stages="define\nempathize\nprototype\ntest"))
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Event, event.id).stages == ["define", "empathize", "prototype", "test"]


def test_organiser_creates_the_event_when_none_exists(client, app):
    from app.services.accounts import create_user

    create_user("first@example.org", "organiser", PASSWORD)
    login(client, "first@example.org")
    assert "No event exists yet" in text(client.get(URL))
    assert client.get("/admin/sessions").status_code == 404
    response = post_form(client, URL, valid_settings(name="New Hackathon"))
    assert response.status_code == 302
    ev = db.session.execute(db.select(Event)).scalar_one()
    assert ev.name == "New Hackathon"
    assert ev.stages == ["empathize", "define", "ideate", "prototype", "test"]
    assert ev.rules["partners_per_team"] == {"min": 1, "max": 3}


def test_dashboard_links_to_the_event_pages(organiser_client):
    page = text(organiser_client.get("/admin/"))
    for path in ["/admin/event", "/admin/sessions", "/admin/rooms", "/admin/tags",
                 "/admin/languages", "/admin/conflicts", "/admin/accounts"]:
        assert f'href="{path}"' in page


def test_new_dates_that_leave_sessions_outside_are_refused_naming_them(organiser_client,
                                                                       event):
    response = post_form(organiser_client, URL, valid_settings(starts_on="2023-09-23",
                                                               ends_on="2023-09-22"))
    assert response.status_code == 422  # the last day before the first: said as before
    assert "Last day: must not be before the first day (2023-09-23)" in text(response)
    response = post_form(organiser_client, URL, valid_settings(starts_on="2023-09-23"))
    assert response.status_code == 422
    assert ("First day: the session 'Kick-off' (2023-09-22 18:00-19:00) would be outside the "
            "event's days; move or delete it first") in text(response)
    response = post_form(organiser_client, URL, valid_settings(ends_on="2023-09-22"))
    assert ("Last day: the sessions 'Sparring 1' (2023-09-23 09:00-10:30), 'Sparring 2' "
            "(2023-09-23 11:00-12:30) would be outside the event's days; move or delete them "
            "first") in text(response)
    db.session.expire_all()
    assert (event.starts_on.isoformat(), event.ends_on.isoformat()) == \
        ("2023-09-22", "2023-09-24")
    # Longer days leave every session inside.
    response = post_form(organiser_client, URL, valid_settings(starts_on="2023-09-21",
                                                               ends_on="2023-09-25"))
    assert response.status_code == 302
