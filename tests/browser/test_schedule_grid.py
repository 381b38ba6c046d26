"""The schedule grid on a phone (390 px): a list per session, pin a meeting, remove one."""
import os

import pytest

from app.extensions import db
from app.models import ScheduleVersion
from tests.browser.conftest import log_in
from tests.schedule_demo import DEMO_PASSWORD, solved_demo

pytestmark = pytest.mark.browser


@pytest.fixture
def solved(app, monkeypatch):
    monkeypatch.delenv("HOST", raising=False)
    monkeypatch.delenv("PORT", raising=False)
    return solved_demo(app)


def test_grid_on_a_phone_pins_and_removes_a_meeting(live_server, page, solved):
    event, version = solved
    log_in(page, live_server, "organiser@example.org", DEMO_PASSWORD)
    page.get_by_role("link", name="Schedule").first.click()
    page.wait_for_url(live_server + "/schedule/")
    assert page.get_by_role("heading", name="Schedule", exact=True).is_visible()
    # On a phone the grid is a list: nothing scrolls sideways, each cell names its team.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    m = version.data["meetings"][0]
    cell = page.locator(f"#cell-{m['session']}-{m['team']}")
    team_name = cell.get_attribute("data-label")
    assert cell.evaluate("td => getComputedStyle(td, '::before').content") == f'"{team_name}"'
    assert cell.evaluate("td => getComputedStyle(td).display") == "block"
    meeting = cell.locator(f"li[data-partner='{m['partner']}']")
    partner_name = meeting.locator(".partner-name").inner_text()

    meeting.get_by_role("button", name="Pin").click()
    page.wait_for_load_state()
    assert page.get_by_text("Meeting pinned").is_visible()
    meeting = page.locator(f"#cell-{m['session']}-{m['team']} li[data-partner='{m['partner']}']")
    assert "is-pinned" in meeting.get_attribute("class")
    assert meeting.get_by_role("button", name="Unpin").is_visible()
    db.session.expire_all()
    assert db.session.get(type(event), event.id).schedule_fixed["meetings"] == [m]

    # The pinned meeting cannot be removed: the rule shows and nothing is saved.
    meeting.get_by_role("button", name="Remove").click()
    page.wait_for_load_state()
    assert page.get_by_text("Not saved: nothing was changed.").is_visible()
    assert page.get_by_text("Rule H10").first.is_visible()
    assert db.session.execute(db.select(db.func.count(ScheduleVersion.id))).scalar() == 1

    # A meeting of a team with more than the minimum partners can go.
    counts = {}
    for x in version.data["meetings"]:
        counts[(x["session"], x["team"])] = counts.get((x["session"], x["team"]), 0) + 1
    low = event.rules.get("partners_per_team", {}).get("min") or 1
    removable = next((x for x in version.data["meetings"]
                      if counts[(x["session"], x["team"])] > low and x != m), None)
    assert removable is not None, "the demo schedule has no team above the minimum"
    other = page.locator(f"#cell-{removable['session']}-{removable['team']} "
                         f"li[data-partner='{removable['partner']}']")
    other.get_by_role("button", name="Remove").click()
    page.wait_for_load_state()
    message = page.locator(".flash").first.inner_text()
    assert "Saved as version 2." in message, message
    assert page.locator(f"#cell-{removable['session']}-{removable['team']} "
                        f"li[data-partner='{removable['partner']}']").count() == 0
    assert page.get_by_text("Version 2").first.is_visible()
    assert partner_name in page.locator(f"#cell-{m['session']}-{m['team']}").inner_text()
    if os.environ.get("SCREENSHOT_DIR"):
        page.screenshot(path=os.path.join(os.environ["SCREENSHOT_DIR"], "grid-phone.png"),
                        full_page=True)
    # On a wide screen the grid scrolls sideways inside its wrapper, the session column stays.
    page.set_viewport_size({"width": 1280, "height": 800})
    assert page.locator(".session-head").first.evaluate(
        "th => getComputedStyle(th).position") == "sticky"
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    assert page.evaluate("(() => { const w = document.querySelector('.schedule-grid-wrap');"
                         " return w.scrollWidth > w.clientWidth; })()")
    if os.environ.get("SCREENSHOT_DIR"):
        page.screenshot(path=os.path.join(os.environ["SCREENSHOT_DIR"], "grid-wide.png"))
    assert page.console_errors == []
