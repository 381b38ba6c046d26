"""The whole schedule path in Chromium, as an organiser and a participant live it: solve and
watch the progress, look at the grid, pin a meeting, solve again (the pin holds), publish, and
a participant's personal page, open all along, shows the new agenda without a reload."""
import pytest
from playwright.sync_api import expect

import scheduler
from app.extensions import db
from app.models import Enterprise, Event, Person, ScheduleVersion
from app.services.demo import load_demo
from app.services.schedule.instance import build_instance
from tests.browser.conftest import log_in
from tests.schedule_jobs_helpers import (  # noqa: F401 (a fixture)
    DEMO_PASSWORD,
    stop_solve_children,
)

pytestmark = pytest.mark.browser


def _solve(page, live_server, number: int) -> None:
    page.goto(live_server + "/schedule/solve")
    page.get_by_label("Time limit (seconds)").first.fill("4")
    page.get_by_role("button", name="Solve", exact=True).click()
    expect(page.locator("progress#solve-progress")).to_be_visible()
    expect(page.get_by_text(f"Stored as version {number}.")).to_be_visible(timeout=30000)


def _version(number: int) -> ScheduleVersion:
    db.session.rollback()  # a fresh read, as a new request would make
    return db.session.execute(db.select(ScheduleVersion).filter_by(version=number)).scalar_one()


def test_an_organiser_plans_pins_resolves_and_publishes(app, live_server, browser, page):
    app.config["DEMO_PASSWORD"] = DEMO_PASSWORD
    load_demo()
    log_in(page, live_server, "organiser@example.org", DEMO_PASSWORD)

    # The participant's page is open before anything is published.
    team = db.session.execute(db.select(Enterprise).filter_by(status="accepted")
                              .order_by(Enterprise.id)).scalars().first()
    member = team.members[0]
    participant = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    participant.goto(f"{live_server}/p/{member.token}")
    agenda = participant.locator("#agenda-live")
    expect(agenda).to_contain_text("not published yet")
    expect(agenda).to_have_attribute("data-connected", "1")
    participant.evaluate("window.__marker = 'same page'")

    _solve(page, live_server, 1)
    first = _version(1)

    # The grid shows version 1; pin one of the team's meetings there.
    page.goto(live_server + "/schedule/")
    m = next(x for x in first.data["meetings"] if x["team"] == team.key)
    meeting = page.locator(f"#cell-{m['session']}-{m['team']} li[data-partner='{m['partner']}']")
    meeting.get_by_role("button", name="Pin").click()
    expect(page.get_by_text("Meeting pinned")).to_be_visible()

    _solve(page, live_server, 2)
    second = _version(2)
    assert m in second.data["meetings"], "the pinned meeting holds through the re-solve"
    event = db.session.get(Event, team.event_id)
    instance = scheduler.parse_instance(build_instance(event, fixed=event.schedule_fixed))
    assert not scheduler.check(instance, scheduler.parse_schedule(second.data)).violations

    # Publish version 2 from its page: the difference is shown first.
    page.goto(live_server + "/schedule/versions/2")
    page.get_by_role("button", name="Publish version 2").click()
    expect(page.locator(".flash").first).to_contain_text("2")
    assert _version(2).published

    # The participant's open page follows: the team's meetings with their partners' names.
    partner_names = {p.key: p.name for p in db.session.execute(
        db.select(Person).filter_by(event_id=event.id, role="partner")).scalars()}
    expect(agenda).to_contain_text("Your agenda changed in version 2.", timeout=15000)
    expect(agenda).to_contain_text(partner_names[m["partner"]])
    assert participant.evaluate("window.__marker") == "same page"

    # The network goes: the page says so and keeps the agenda; it comes back: the notice goes.
    notice = participant.locator("#agenda-offline")
    expect(notice).to_be_hidden()
    participant.context.set_offline(True)
    expect(notice).to_be_visible()
    expect(agenda).to_contain_text(partner_names[m["partner"]])
    participant.context.set_offline(False)
    expect(notice).to_be_hidden(timeout=20000)
    assert page.console_errors == []
