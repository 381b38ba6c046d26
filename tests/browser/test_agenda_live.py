"""A participant's personal page in Chromium shows the new agenda, without a reload, when an
organiser publishes a schedule through the API."""
import pytest
from playwright.sync_api import expect

from app.services.accounts import create_api_token
from tests.schedule_data import FIRST, SECOND, add_version, schedule, scheduled_event

pytestmark = pytest.mark.browser


def _publish(browser, live_server, token, version):
    context = browser.new_context()
    try:
        response = context.request.post(live_server + "/api/schedule/publish",
                                        data={"version": version},
                                        headers={"Authorization": f"Bearer {token}"})
        assert response.ok, response.text()
        return response.json()
    finally:
        context.close()


@pytest.mark.parametrize("who", ["Ioana Pop", "Paula Partner"])
def test_the_personal_page_follows_a_publish_without_reload(live_server, browser, page, event,
                                                            organiser, who):
    s = scheduled_event(event)
    add_version(s, 1, schedule(s, **FIRST))
    add_version(s, 2, schedule(s, **SECOND))
    token = create_api_token(organiser.email)
    person = {**s.members, **s.partners}[who]
    page.goto(f"{live_server}/p/{person.token}")
    agenda = page.locator("#agenda-live")
    expect(agenda).to_contain_text("The schedule of meetings is not published yet")
    page.evaluate("window.__marker = 'same page'")
    # Let the socket connect before publishing (it would otherwise miss the event).
    expect(agenda).to_have_attribute("data-connected", "1")

    _publish(browser, live_server, token, 1)
    if who == "Ioana Pop":
        expect(agenda).to_contain_text("Sparring: Paula Partner")
        expect(agenda).to_contain_text("Barn")
    else:
        expect(agenda).to_contain_text("Sparring: Minți Curioase")
    expect(agenda).to_contain_text("Your agenda changed in version 1.")
    expect(agenda).not_to_contain_text("not published yet")

    _publish(browser, live_server, token, 2)
    if who == "Ioana Pop":
        expect(agenda).to_contain_text("Sparring: Priya Partner")
        expect(agenda).to_contain_text("Your agenda changed in version 2.")
        expect(agenda.locator(".agenda-changed")).to_have_count(1)
    else:  # Paula's meetings did not change in version 2: no notice
        expect(agenda).not_to_contain_text("Your agenda changed")
        expect(agenda).to_contain_text("Sparring: Återbruket")
    assert page.evaluate("window.__marker") == "same page"  # no reload happened
    assert page.console_errors == []
