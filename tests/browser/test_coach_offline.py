"""A coach moves a team on their phone while the Wi-Fi is gone: the move waits and is sent once
when the phone is back online."""
import pytest

from app.extensions import db
from app.models import Enterprise, StageChange
from tests.browser.conftest import log_in
from tests.conftest import count_of

pytestmark = pytest.mark.browser


def _stage(team_id):
    db.session.expire_all()
    return db.session.get(Enterprise, team_id).stage


def test_a_move_made_offline_is_sent_once_back_online(live_server, page, coach):
    team = db.session.execute(db.select(Enterprise).filter_by(name="Care farm")).scalar_one()
    log_in(page, live_server, coach.email)
    page.get_by_role("link", name="My teams").click()
    page.wait_for_url(f"{live_server}/board/teams")
    card = page.locator(f"#team-{team.id}")
    assert "Empathize" in card.locator(".coach-current").inner_text()
    assert card.get_by_role("button", name="Empathize").get_attribute("aria-current") == "step"

    page.context.set_offline(True)
    card.get_by_label("Note (optional)", exact=True).fill("Interviews done")
    card.get_by_role("button", name="Ideate").click()
    waiting = page.locator(".coach-queue li.waiting")
    waiting.wait_for()
    assert "Waiting to be sent: Care farm to Ideate" in waiting.inner_text()
    assert page.locator(".offline-notice").is_hidden()  # queued, not "nothing was sent"
    page.screenshot(path="test-results/coach-offline-waiting.png", full_page=True)
    assert _stage(team.id) == "empathize" and count_of(StageChange) == 0

    page.context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    sent = page.locator(".coach-queue li.sent")
    sent.wait_for()
    assert "Care farm is now in Ideate." in sent.inner_text()
    assert "Ideate" in card.locator(".coach-current").inner_text()
    assert card.get_by_role("button", name="Ideate").get_attribute("aria-current") == "step"
    assert "Empathize → Ideate · “Interviews done”" in card.locator(".history-list").inner_text()
    assert _stage(team.id) == "ideate" and count_of(StageChange) == 1
    assert page.evaluate("localStorage.getItem('coach-moves-v1')") == "[]"

    # A reload sends nothing again and the server's page shows the same history.
    page.reload()
    assert page.locator(".coach-queue li").count() == 0
    assert "Empathize → Ideate" in page.locator(f"#team-{team.id} .history-list").inner_text()
    assert count_of(StageChange) == 1
    # The one fetch tried offline is the only error the console shows.
    assert [e for e in page.console_errors if "ERR_INTERNET_DISCONNECTED" not in e] == []


def test_a_queued_move_is_sent_on_the_next_page_load_with_its_client_id(live_server, page,
                                                                       coach):
    team = db.session.execute(db.select(Enterprise).filter_by(name="Care farm")).scalar_one()
    log_in(page, live_server, coach.email)
    # A move the server already recorded whose answer the phone never got, still queued.
    page.goto(f"{live_server}/board/teams")
    page.evaluate("""([url, team]) => localStorage.setItem('coach-moves-v1', JSON.stringify([
        {client_id: 'phone-1', url: url, team: team, team_name: 'Care farm', stage: 'define',
         label: 'Define', note: ''}]))""", [f"/api/teams/{team.id}/stage", str(team.id)])
    from app.services.live import progress
    progress.move_stage(team, "define", progress.Actor.of_user(coach), "", "phone-1")
    page.reload()
    page.locator(".coach-queue li.sent").wait_for()
    assert count_of(StageChange) == 1 and _stage(team.id) == "define"


def test_a_refused_move_says_why(live_server, page, coach):
    team = db.session.execute(db.select(Enterprise).filter_by(name="Care farm")).scalar_one()
    log_in(page, live_server, coach.email)
    page.goto(f"{live_server}/board/teams")
    card = page.locator(f"#team-{team.id}")
    # A stage the event does not have (as from an old page): the server answers 422.
    card.get_by_role("button", name="Test").evaluate("b => { b.value = 'dance'; }")
    card.get_by_role("button", name="Test").click()
    error = card.locator(".coach-error")
    error.wait_for()
    assert "unknown stage 'dance'" in error.inner_text()
    assert page.locator(".coach-queue li.refused").count() == 1
    assert page.evaluate("localStorage.getItem('coach-moves-v1')") == "[]"
    assert _stage(team.id) == "empathize" and count_of(StageChange) == 0
