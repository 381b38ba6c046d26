"""A sparring partner changes their availability on their phone; the organiser sees it."""
import re

import pytest

from app.extensions import db
from app.models import Person
from app.services.mail import messages
from tests.browser.conftest import log_in
from tests.conftest import PASSWORD
from tests.helpers import make_team

pytestmark = pytest.mark.browser


def test_partner_changes_availability_and_organiser_sees_it(live_server, browser, page, event,
                                                           organiser):
    first, second = [s for s in event.sessions if s.kind == "sparring"]
    partner = Person(event_id=event.id, role="partner", name="Anna Huber", status="accepted",
                     email="anna@example.org", languages=["de", "en"], skills=["video"],
                     partner_kind="creative")
    partner.available_sessions = [first, second]
    db.session.add(partner)
    db.session.commit()

    page.goto(f"{live_server}/p/{partner.token}")
    page.get_by_role("link", name="Change my data").click()
    assert page.get_by_role("heading", name="Change my data").is_visible()
    # Nothing chosen: the errors are shown at once and the summary takes the focus.
    page.get_by_label(re.compile("Sparring 1")).uncheck()
    page.get_by_label(re.compile("Sparring 2")).uncheck()
    page.get_by_role("button", name="Save my changes").click()
    summary = page.locator(".error-summary")
    assert summary.is_visible()
    assert "choose at least one session" in summary.inner_text()
    page.screenshot(path="test-results/self-service-error.png", full_page=True)
    db.session.expire_all()
    assert len(db.session.get(Person, partner.id).available_sessions) == 2

    page.get_by_label(re.compile("Sparring 2")).check()
    page.get_by_role("button", name="Save my changes").click()
    page.wait_for_url(re.compile(rf"/p/{partner.token}$"))
    assert page.get_by_text("Your changes are saved.").is_visible()
    availability = page.locator("section", has=page.get_by_role("heading",
                                                                 name="Your availability"))
    assert "Sparring 2" in availability.inner_text()
    assert "Sparring 1" not in availability.inner_text()
    page.screenshot(path="test-results/self-service-saved.png", full_page=True)
    # The refused form came back with 422 (on purpose); nothing else went wrong.
    assert [e for e in page.console_errors if "status of 422" not in e] == []

    organiser_page = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    organiser_page.goto(live_server + "/auth/login")
    organiser_page.get_by_label("Email").fill(organiser.email)
    organiser_page.get_by_label("Password").fill(PASSWORD)
    organiser_page.get_by_role("button", name="Log in").click()
    organiser_page.wait_for_url(re.compile(r"/admin/"))
    organiser_page.goto(f"{live_server}/admin/partners/{partner.id}")
    text = organiser_page.locator("main").inner_text()
    assert "Sparring 2" in text and "Sparring 1" not in text
    organiser_page.context.close()


def test_organiser_reads_a_held_email_on_a_phone(live_server, page, event, organiser):
    """Without a mail server the registration email is held; it reads on a phone in full."""
    make_team(event, "Återbruket", country="SE", members=2)
    for member in db.session.execute(db.select(Person).filter_by(role="member")).scalars():
        messages.registration_received(member)
    db.session.commit()
    log_in(page, live_server, organiser.email)
    # The dashboard says how many emails are held, inside the link to the outbox.
    page.get_by_role("link", name=re.compile(r"Outbox 2 held")).click()
    assert page.locator("td[data-label='Status']").first.inner_text().strip() \
        == "held (no mail server)"
    page.locator("a[href*='/admin/outbox/']").first.click()
    body = page.locator(".email-text")
    assert "/p/" in body.inner_text()  # the personal link is in the text
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
