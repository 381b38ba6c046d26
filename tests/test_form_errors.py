"""Forms report every error in one round: the shape checks and the service's rules together."""
import re

import pytest

from app.extensions import db
from app.models import Enterprise, Person
from app.services.event_settings import settings_values
from tests.conftest import count_of, post_form
from tests.test_registration import coach_data


def _field_errors(response) -> dict[str, list[str]]:
    """{field id: [messages shown under it]} of a page with a form."""
    html = response.get_data(as_text=True)
    errors: dict[str, list[str]] = {}
    for field_id, message in re.findall(r'<p class="error" id="([^"]+)-error">([^<]*)</p>', html):
        errors.setdefault(field_id, []).append(message)
    return errors


def _summary_items(response) -> list[str]:
    html = response.get_data(as_text=True)
    summary = html[html.index('class="error-summary"'):]
    summary = summary[:summary.index("</div>")]
    return re.findall(r"<li>", summary)


@pytest.mark.parametrize("url", ["/register/enterprise", "/admin/enterprises/new"])
def test_the_empty_enterprise_form_names_every_missing_field_at_once(organiser_client, event,
                                                                      url):
    # A browser always sends the selects' values; the organiser's form has a status select.
    response = post_form(organiser_client, url, {"status": "pending"})
    assert response.status_code == 422
    errors = _field_errors(response)
    assert errors["name"] == ["Name of the project or team: This field is required."]
    assert errors["organisation"] == ["Organisation: This field is required."]
    assert errors["country"] == ["Country: This field is required."]
    assert errors["languages"] == ["Languages the team speaks: choose at least one language"]
    assert errors["members-0-name"] == [
        "Name: at least one team member (the contact person) is required"]
    assert len(_summary_items(response)) == sum(len(m) for m in errors.values()) == 5
    assert count_of(Enterprise) == 0 and count_of(Person) == 0


def test_the_organiser_edit_page_reports_everything_and_keeps_the_team(organiser_client,
                                                                       coach):
    team = db.session.execute(db.select(Enterprise)).scalar_one()
    response = post_form(organiser_client, f"/admin/enterprises/{team.id}/edit", {
        "name": "", "organisation": "Renamed", "country": "IT", "languages": [],
        "status": "accepted", "members-0-name": "Marco Rossi",
        "members-0-email": "marco@example.org"})
    assert response.status_code == 422
    errors = _field_errors(response)
    assert set(errors) == {"name", "languages"}
    db.session.expire_all()
    assert team.name == "Care farm" and team.organisation == "Cascina Verde"


def test_the_empty_partner_form_names_every_missing_field_at_once(client, event):
    response = post_form(client, "/register/partner", {"partner_kind": "creative"})
    errors = _field_errors(response)
    assert set(errors) == {"name", "email", "languages", "available_sessions"}
    assert errors["available_sessions"] == [
        "Sparring sessions you are available for: choose at least one session you are "
        "available for"]


def test_nothing_is_saved_while_the_form_refuses_a_field(client, organiser_client, event):
    # Only the shape is wrong: the service would accept the rest, but must not keep it.
    response = post_form(client, "/register/coach", coach_data(max_teams="11"))
    assert response.status_code == 422
    assert count_of(Person) == 0
    old_name = event.name
    data = {**settings_values(event), "name": "A new name", "starts_on": "someday",
            "stages": "\n".join(event.stages)}
    data = {k: ("" if v is None else v) for k, v in data.items() if v is not False}
    response = post_form(organiser_client, "/admin/event", data)
    assert response.status_code == 422
    db.session.expire_all()
    assert event.name == old_name


def test_required_fields_are_marked_without_required_checkboxes(client, event):
    html = client.get("/register/enterprise").get_data(as_text=True)
    marker = '<span class="required" aria-hidden="true">*</span>'
    for field_id in ["name", "organisation", "country", "languages", "members-0-name",
                     "members-0-email"]:
        assert re.search(f'<label for="{field_id}">[^<]*</label> {re.escape(marker)}', html), \
            field_id
    assert not re.search(f'<label for="members-1-name">[^<]*</label> {re.escape(marker)}', html)
    assert not re.search(r'<input[^>]*type="checkbox"[^>]*required', html)
    assert not re.search(r'<input[^>]*required[^>]*type="checkbox"', html)
    assert re.search(r'<input[^>]*aria-required="true"[^>]*id="members-0-email"', html) or \
        re.search(r'<input[^>]*id="members-0-email"[^>]*aria-required="true"', html)
    html = client.get("/register/partner").get_data(as_text=True)
    assert re.search(f'<label for="available_sessions">[^<]*</label> {re.escape(marker)}', html)
    assert re.search(f'<label for="languages">[^<]*</label> {re.escape(marker)}', html)
    assert not re.search(r'<input[^>]*type="checkbox"[^>]*required', html)

