"""The landing page renders in a real browser without CSP or script errors."""
import pytest

pytestmark = pytest.mark.browser


def test_landing_page_in_chromium(live_server, page, event):
    page.goto(live_server + "/")
    assert page.title().startswith("Test Hackathon")
    assert page.get_by_role("heading", name="Test Hackathon").is_visible()
    # Nothing on the page breaks the Content-Security-Policy (no inline scripts or styles).
    assert page.console_errors == []
