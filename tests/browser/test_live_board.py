"""The live board in Chromium: it follows changes made elsewhere, and survives a network loss."""
import re

import pytest
from playwright.sync_api import expect

from app.extensions import db
from app.models import Enterprise
from app.services.accounts import create_api_token
from app.services.live import viewers
from tests.browser.conftest import log_in

pytestmark = pytest.mark.browser


def _team_card(page, name):
    return page.locator("#live-board .live-team", has=page.get_by_role("heading", name=name))


def _api_post(browser, live_server, path, token, body):
    """A change made another way: the API, with a coach's bearer token, from its own context."""
    context = browser.new_context()
    try:
        response = context.request.post(live_server + path, data=body,
                                        headers={"Authorization": f"Bearer {token}"})
        assert response.ok, response.text()
        return response.json()
    finally:
        context.close()


def test_the_board_follows_a_coachs_change_without_reload(live_server, browser, page, event,
                                                          organiser, coach):
    team = db.session.execute(db.select(Enterprise).filter_by(name="Care farm")).scalar_one()
    token = create_api_token(coach.email)
    log_in(page, live_server, organiser.email)
    page.goto(live_server + "/board/")
    card = _team_card(page, "Care farm")
    expect(card.locator(".live-stage")).to_have_text("Stage 1 of 5: Empathize")
    expect(card.get_by_role("progressbar")).to_have_attribute("aria-label",
                                                              "Care farm: Stage 1 of 5: Empathize")
    expect(card).to_contain_text("Coach: Carla Coach")
    expect(page.locator("#board-fallback")).to_be_hidden()
    page.evaluate("window.__marker = 'same page'")

    _api_post(browser, live_server, f"/api/teams/{team.id}/stage", token, {"stage": "ideate"})
    expect(card.locator(".live-stage")).to_have_text("Stage 3 of 5: Ideate")
    assert card.get_by_role("progressbar").evaluate("p => p.value") == 3
    expect(card.locator(".live-since")).to_have_text(re.compile(r"In this stage for \d+ s"))

    _api_post(browser, live_server, f"/api/teams/{team.id}/help", token,
              {"needed": True, "note": "Stuck on the persona"})
    queue = page.locator(".live-help-list")
    expect(queue).to_contain_text("Care farm")
    expect(card.locator(".live-help-flag")).to_have_text("Needs help: Stuck on the persona")
    assert page.evaluate("window.__marker") == "same page"  # no reload happened
    assert page.console_errors == []


def test_offline_shows_a_banner_and_the_reconnect_brings_what_was_missed(
        live_server, browser, page, event, organiser, coach):
    team = db.session.execute(db.select(Enterprise).filter_by(name="Care farm")).scalar_one()
    token = create_api_token(coach.email)
    log_in(page, live_server, coach.email)
    page.goto(live_server + "/board/")
    card = _team_card(page, "Care farm")
    expect(card.locator(".own-marker")).to_have_text("Your team")
    expect(page.locator(".live-offline")).to_be_hidden()
    expect(page.locator(".live-age")).to_have_text(re.compile(r"Updated \d+ s ago"))

    page.context.set_offline(True)
    expect(page.locator(".live-offline")).to_be_visible()
    _api_post(browser, live_server, f"/api/teams/{team.id}/stage", token, {"stage": "prototype"})
    page.wait_for_timeout(500)
    expect(card.locator(".live-stage")).to_have_text("Stage 1 of 5: Empathize")  # not yet

    page.context.set_offline(False)
    expect(page.locator(".live-offline")).to_be_hidden(timeout=15000)
    expect(card.locator(".live-stage")).to_have_text("Stage 4 of 5: Prototype")


def test_the_help_queue_buttons_claim_and_close(live_server, browser, page, event, organiser,
                                                coach):
    team = db.session.execute(db.select(Enterprise).filter_by(name="Care farm")).scalar_one()
    token = create_api_token(coach.email)
    _api_post(browser, live_server, f"/api/teams/{team.id}/help", token, {"needed": True})
    log_in(page, live_server, organiser.email)
    page.goto(live_server + "/board/")
    item = page.locator(".live-help-item", has_text="Care farm")
    item.get_by_role("button", name="On my way").click()
    expect(item).to_contain_text("Olga Organiser is on the way")
    page.get_by_label("Needing help").check()
    expect(page.locator("#live-board .live-team")).to_have_count(1)
    page.locator(".live-help-item", has_text="Care farm").get_by_role("button",
                                                                      name="Close").click()
    expect(page.locator(".live-help-list")).to_have_text("No team needs help.")
    expect(page.locator("#live-board .live-teams")).to_have_text("No team matches the filters.")
    db.session.expire_all()
    assert db.session.get(Enterprise, team.id).stage == "empathize"
    assert page.console_errors == []


def test_the_kiosk_shows_the_board_read_only_and_recovers(live_server, browser, page, event,
                                                          coach):
    team = db.session.execute(db.select(Enterprise).filter_by(name="Care farm")).scalar_one()
    api_token = create_api_token(coach.email)
    _api_post(browser, live_server, f"/api/teams/{team.id}/help", api_token, {"needed": True})
    kiosk = viewers.new_kiosk_token(event)
    page.goto(f"{live_server}/board/kiosk/{kiosk}")
    card = _team_card(page, "Care farm")
    expect(card.locator(".live-stage")).to_have_text("Stage 1 of 5: Empathize")
    expect(page.locator(".live-help-item", has_text="Care farm")).to_be_visible()
    assert page.locator("#live-board button").count() == 0

    page.context.set_offline(True)
    expect(page.locator(".live-offline")).to_be_visible()
    _api_post(browser, live_server, f"/api/teams/{team.id}/stage", api_token, {"stage": "test"})
    page.context.set_offline(False)
    expect(card.locator(".live-stage")).to_have_text("Stage 5 of 5: Test", timeout=15000)
    expect(page.locator(".live-offline")).to_be_hidden()
    # Page width fits a phone: no horizontal scrolling.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_a_gap_in_seq_brings_a_new_snapshot_and_old_events_are_ignored(
        live_server, browser, page, event, organiser, coach):
    from app.extensions import socketio
    from app.services.live.names import NAMESPACE, event_room

    team = db.session.execute(db.select(Enterprise).filter_by(name="Care farm")).scalar_one()
    log_in(page, live_server, organiser.email)
    page.goto(live_server + "/board/")
    card = _team_card(page, "Care farm")
    expect(card.locator(".live-stage")).to_have_text("Stage 1 of 5: Empathize")
    # Changes whose events were lost: the database moved on to seq 5 without telling anyone.
    team.stage = "define"
    event.live_seq = 4
    db.session.commit()
    fake = {"team": team.id, "previous": "empathize", "at": "2023-09-23T09:00:00Z", "by": "x"}
    # Not the next number: not applied; the page asks for a snapshot, which shows "define".
    socketio.emit("stage_changed", {**fake, "stage": "test", "seq": 5}, namespace=NAMESPACE,
                  to=event_room(event.id))
    # An old number (already in the snapshot): ignored.
    socketio.emit("stage_changed", {**fake, "stage": "define", "seq": 0}, namespace=NAMESPACE,
                  to=event_room(event.id))
    expect(card.locator(".live-stage")).to_have_text("Stage 2 of 5: Define")
    page.wait_for_timeout(500)
    expect(card.locator(".live-stage")).to_have_text("Stage 2 of 5: Define")
    # The page follows the snapshot's seq (4), so the next real change (seq 5) is applied.
    _api_post(browser, live_server, f"/api/teams/{team.id}/stage", create_api_token(coach.email),
              {"stage": "ideate"})
    expect(card.locator(".live-stage")).to_have_text("Stage 3 of 5: Ideate")


def test_a_card_shows_the_teams_next_session_until_a_schedule_names_partners(
        live_server, page, event, organiser, coach):
    from datetime import datetime, timedelta

    from app.models import EventSession

    soon = datetime.now().replace(second=0, microsecond=0) + timedelta(days=1)
    db.session.add(EventSession(event_id=event.id, title="Sparring tomorrow", kind="sparring",
                                starts_at=soon, ends_at=soon + timedelta(hours=1),
                                stage="ideate"))
    db.session.commit()
    log_in(page, live_server, organiser.email)
    page.goto(live_server + "/board/")
    card = _team_card(page, "Care farm")
    expect(card.locator(".live-session-next")).to_contain_text("Next: Sparring tomorrow at")
    expect(card.locator(".live-no-schedule")).to_have_text(
        "No schedule published yet: partners and rooms follow.")
