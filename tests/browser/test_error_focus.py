"""A form that comes back with errors moves the focus to its error summary (a static script:
the Content-Security-Policy forbids inline ones)."""
import pytest

pytestmark = pytest.mark.browser

FOCUSED_SUMMARY = "document.activeElement.classList.contains('error-summary')"


def test_the_error_summary_gets_the_focus(live_server, page, event):
    page.goto(live_server + "/register/enterprise")
    assert page.evaluate("document.activeElement === document.body")  # no errors, no jump
    page.get_by_role("button", name="Register the team").click()
    page.wait_for_load_state()
    summary = page.locator(".error-summary")
    assert summary.is_visible()
    assert "Languages the team speaks: choose at least one language" in summary.inner_text()
    assert page.evaluate(FOCUSED_SUMMARY)
    # The page comes with status 422, which Chromium logs; nothing else (no CSP error).
    assert [e for e in page.console_errors if "422" not in e] == []


def test_letters_typed_into_a_number_field_stay_after_the_error(live_server, page, event):
    page.goto(live_server + "/register/coach")
    page.get_by_label("Name").fill("Conrad Coach")
    page.get_by_label("Email").fill("conrad@example.org")
    page.get_by_label("English (en)").check()
    page.get_by_label("Teams at most").fill("two")
    page.get_by_role("button", name="Register").click()
    page.wait_for_load_state()
    assert page.get_by_label("Teams at most").input_value() == "two"
    assert "Teams at most: 'two' is not a whole number" in \
        page.locator(".error-summary").inner_text()
    assert page.evaluate(FOCUSED_SUMMARY)
