"""A team registers through the real form in Chromium; the organiser sees and accepts it."""
import re

import pytest

from app.extensions import db
from app.models import Enterprise
from tests.browser.conftest import log_in

pytestmark = pytest.mark.browser


def test_enterprise_registers_and_organiser_accepts(live_server, page, event, organiser):
    page.goto(live_server + "/")
    page.get_by_role("link", name=re.compile("Social enterprise")).click()
    assert page.get_by_role("heading", name="Register a social enterprise").is_visible()

    page.get_by_label("Name of the project or team").fill("Farm care circle")
    page.get_by_label("Organisation").fill("Cooperativa Sociale Aurora")
    page.get_by_label("Country").select_option("IT")
    page.get_by_label("Challenge (one sentence)").fill("Elderly care on working farms")
    page.get_by_label("English (en)").check()
    page.get_by_label("Italiano (it)").check()
    page.locator("#members-0-name").fill("Giulia Bianchi")
    page.locator("#members-0-email").fill("giulia@aurora.example")
    # The second row is the empty one shown; the script offers a button for more rows.
    page.locator("#members-1-name").fill("Luca Verdi")
    page.locator("#members-1-email").fill("luca@aurora.example")
    assert page.locator("#members-3-name").is_hidden()
    page.get_by_role("button", name="Add another member").click()
    assert page.locator("#members-2-name").is_visible()
    page.get_by_role("button", name="Register the team").click()

    # The confirmation page gives the personal link; it opens the personal page.
    page.wait_for_url(re.compile(r"/registered$"))
    assert page.get_by_text("Farm care circle").first.is_visible()
    link = page.locator("a[href*='/p/']").first.get_attribute("href")
    page.goto(link if link.startswith("http") else live_server + link)
    assert page.get_by_text("Giulia Bianchi").first.is_visible()
    assert page.console_errors == []

    team = db.session.execute(db.select(Enterprise).filter_by(name="Farm care circle")).scalar_one()
    assert team.status == "pending" and team.size == 2

    # The organiser logs in and finds the registration in the list.
    log_in(page, live_server, organiser.email)
    page.goto(live_server + "/admin/enterprises")
    row = page.locator("tr", has_text="Farm care circle")
    assert row.is_visible()
    assert "pending" in row.inner_text().lower()
    row.get_by_role("button", name=re.compile("Accept")).click()
    page.wait_for_load_state()
    db.session.expire_all()
    assert db.session.get(Enterprise, team.id).status == "accepted"
    assert page.console_errors == []


def test_a_form_sent_offline_keeps_what_was_typed(live_server, page, event):
    """Weak Wi-Fi: sending while offline stays on the page with a notice, nothing is lost."""
    page.goto(live_server + "/register/partner")
    page.get_by_label("Name", exact=True).fill("Olga Offline")
    page.context.set_offline(True)
    page.get_by_role("button", name="Register", exact=True).click()
    notice = page.get_by_role("alert").filter(has_text="You are offline")
    notice.wait_for()
    assert page.url == live_server + "/register/partner"
    assert page.get_by_label("Name", exact=True).input_value() == "Olga Offline"
    page.context.set_offline(False)
    page.wait_for_function("navigator.onLine")
    assert notice.is_hidden()
    page.get_by_role("button", name="Register", exact=True).click()
    page.wait_for_load_state()
    assert page.get_by_text("Please correct these fields").is_visible()  # it reached the server
    assert page.get_by_label("Name", exact=True).input_value() == "Olga Offline"
