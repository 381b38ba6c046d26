"""The scanner page /scan and its service worker script, without a browser."""
from app.services.accounts import create_user
from tests.conftest import PASSWORD, login


def test_scanner_account_lands_on_the_scanner_with_the_checkpoints(client, event):
    create_user("door@example.org", "scanner", PASSWORD, name="Door")
    response = login(client, "door@example.org")
    assert response.headers["Location"].endswith("/scan")
    page = client.get("/scan")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert 'value="arrival"' in html
    for session in event.sessions:
        assert f'value="s{session.id}"' in html
    assert f'data-event="{event.id}"' in html
    # WebAssembly for the ZXing reader, nothing else loosened.
    policy = page.headers["Content-Security-Policy"]
    assert "script-src 'self' 'wasm-unsafe-eval';" in policy
    assert "unsafe-inline" not in policy and "connect-src 'self' ws: wss:" in policy


def test_coach_is_refused_and_anonymous_sent_to_login(client, coach):
    assert client.get("/scan").status_code == 302
    assert "/auth/login" in client.get("/scan").headers["Location"]
    login(client, coach.email)
    assert client.get("/scan").status_code == 403


def test_service_worker_may_control_the_scan_page(client):
    response = client.get("/scan/sw.js")
    assert response.status_code == 200
    assert response.headers["Service-Worker-Allowed"] == "/scan"
    assert response.mimetype == "text/javascript"
    assert "no-cache" in response.headers["Cache-Control"]
    assert "CACHE_VERSION" in response.get_data(as_text=True)


def test_every_asset_the_worker_precaches_exists(client):
    import re

    source = client.get("/scan/sw.js").get_data(as_text=True)
    assets = re.findall(r'"(/static/[^"]+)"', source)
    assert len(assets) > 10
    for path in assets:
        assert client.get(path).status_code == 200, path
    # and the page loads nothing from /static that the worker would not keep
    create_user("door@example.org", "scanner", PASSWORD, name="Door")
    login(client, "door@example.org")
    html = client.get("/scan").get_data(as_text=True)
    for path in re.findall(r'(?:src|href)="(/static/[^"]+)"', html):
        assert path in assets, path
    # and every module the scanner's scripts import, and the wasm
    from pathlib import Path
    from posixpath import normpath

    for script in Path(client.application.static_folder, "js", "scan").glob("*.js"):
        for target in re.findall(r'from "(\.[^"]+)"', script.read_text()):
            path = normpath(f"/static/js/scan/{target}")
            assert path in assets, (script.name, path)
    assert "/static/vendor/zxing-wasm/zxing_reader.wasm" in assets
