"""The solve page in Chromium: an organiser starts a solve, the progress bar moves with the
live events, and the result with its version link appears without a manual reload."""
import time

import pytest
from playwright.sync_api import expect

from app.services.demo import load_demo
from tests.browser.conftest import log_in
from tests.schedule_jobs_helpers import (  # noqa: F401 (a fixture)
    DEMO_PASSWORD,
    stop_solve_children,
)

pytestmark = pytest.mark.browser


def test_an_organiser_solves_and_watches_the_progress(app, live_server, page):
    app.config["DEMO_PASSWORD"] = DEMO_PASSWORD
    load_demo()
    log_in(page, live_server, "organiser@example.org", DEMO_PASSWORD)
    page.goto(live_server + "/schedule/solve")
    expect(page.locator("#data-checks")).to_contain_text("passes every check")
    page.get_by_label("Time limit (seconds)").first.fill("5")
    page.get_by_role("button", name="Solve", exact=True).click()

    bar = page.locator("progress#solve-progress")
    expect(bar).to_be_visible()
    expect(page.locator(".job-objective")).not_to_have_text("–", timeout=15000)
    first = float(bar.get_attribute("value") or 0) if bar.count() else None
    time.sleep(1.2)
    if bar.count():  # still running: the bar has moved on
        assert float(bar.evaluate("b => b.value")) > (first or 0)
        assert page.get_by_role("button", name="Cancel the solve").is_visible()
    expect(page.get_by_text("Stored as version 1.")).to_be_visible(timeout=20000)
    expect(page.get_by_role("link", name="See version 1")).to_have_attribute(
        "href", "/schedule/versions/1")
    assert page.locator("progress").count() == 0
    assert page.console_errors == []
