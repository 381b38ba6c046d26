"""An organiser list on a phone (390 px): filters, sorting, paging and the bulk accept."""
import os
import re

import pytest

from app.extensions import db
from app.models import Enterprise
from tests.browser.conftest import log_in
from tests.helpers import make_team

pytestmark = pytest.mark.browser


def test_enterprise_list_on_a_phone(live_server, page, event, organiser):
    for number in range(1, 8):
        make_team(event, f"Team {number}", country="IT" if number % 2 else "RO", members=2)
    log_in(page, live_server, organiser.email)

    page.goto(live_server + "/admin/enterprises?per_page=3")
    # The page itself never scrolls sideways; the table does, inside its wrapper.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    # The filters besides the search fold away on a phone until asked for.
    assert page.get_by_label("Search").is_visible()
    assert not page.get_by_label("Country").is_visible()
    page.get_by_text("More filters").click()
    page.get_by_label("Country").select_option("IT")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url(re.compile(r"country=IT"))
    assert page.get_by_text("Page 1 of 2, 4 found").is_visible()
    assert page.get_by_label("Country").is_visible()  # open while a filter is in effect
    # Sorting keeps the filter and the page size.
    page.get_by_role("link", name="Team", exact=True).click()
    page.wait_for_url(re.compile(r"dir=desc"))
    assert "country=IT" in page.url and "per_page=3" in page.url
    header = page.locator("th[aria-sort]")
    assert header.get_attribute("aria-sort") == "descending"
    assert "Team 7" in page.locator("tbody tr").first.inner_text()
    # On a phone each row is a card: every cell is labelled with its column, nothing scrolls.
    first_row = page.locator("tbody tr").first
    assert first_row.locator("td[data-label='Country']").inner_text().strip() == "IT"
    assert first_row.locator("td[data-label='Country']").evaluate(
        "td => getComputedStyle(td, '::before').position") == "absolute"  # the label shows
    assert page.evaluate("(() => { const w = document.querySelector('.table-wrap');"
                         " return w.scrollWidth <= w.clientWidth; })()")
    if os.environ.get("SCREENSHOT_DIR"):
        page.screenshot(path=os.path.join(os.environ["SCREENSHOT_DIR"], "lists-phone.png"),
                        full_page=True)

    # "Select all on this page" (the script) ticks the rows of this page; one POST accepts.
    select_all = page.get_by_label("Select all on this page")
    assert select_all.is_visible()
    select_all.check()
    assert page.locator("input[name=ids]:checked").count() == 3
    page.get_by_role("button", name="Accept selected").click()
    page.wait_for_load_state()
    assert page.get_by_text("3 enterprises accepted").is_visible()
    db.session.expire_all()
    accepted = db.session.execute(db.select(Enterprise.name).filter_by(
        status="accepted").order_by(Enterprise.name)).scalars().all()
    assert accepted == ["Team 3", "Team 5", "Team 7"]
    assert page.console_errors == []
