"""A live server in a thread and headless Debian Chromium driven by Playwright."""
import re
import shutil
import threading

import pytest
from playwright.sync_api import sync_playwright
from werkzeug.serving import make_server

from tests.conftest import PASSWORD

CHROMIUM = "/usr/bin/chromium"


@pytest.fixture
def live_server(app):
    """Serve the test app on a free localhost port for the length of one test."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


def log_in(page, live_server: str, email: str, password: str = PASSWORD) -> None:
    """Log in through the real login form and wait for the page it leads to."""
    page.goto(live_server + "/auth/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(re.compile(r"/(admin|board)/"))


@pytest.fixture(scope="session")
def browser():
    # No skip: a machine without chromium must fail here (`make test` installs it).
    assert shutil.which("chromium") or shutil.os.path.exists(CHROMIUM), \
        "Debian's chromium is missing; `make test` installs it with apt-get"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True,
            args=["--no-sandbox", "--disable-background-networking", "--disable-gpu",
                  "--disable-component-update", "--disable-sync", "--no-first-run"])
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 390, "height": 844})  # a phone
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.console_errors = errors
    yield page
    context.close()
