"""The phone scanner /scan in headless Chromium with a fake camera that films a real badge code.

Each test launches its own Chromium with --use-file-for-fake-video-capture: the camera is fixed
at launch, and the file (a .y4m made here from the person's QR code) plays in a loop."""
import io
import re
import threading
import time
from contextlib import contextmanager
from datetime import datetime

import base45
import pypdfium2
import pytest
from PIL import Image

from app.extensions import db
from app.models import CheckIn, Person
from app.services.accounts import create_user
from app.services.checkin import codes, qr, scans
from app.services.pdf.badges import badges_pdf
from tests.browser.conftest import CHROMIUM, log_in
from tests.conftest import PASSWORD

WIDTH, HEIGHT = 640, 480


def qr_frame(text: str) -> Image.Image:
    """The QR code of `text` (the app's PNG) in the middle of a white camera frame."""
    code = Image.open(io.BytesIO(qr.png(text, "print", box_size=8))).convert("RGB")
    assert code.width <= WIDTH and code.height <= HEIGHT
    frame = Image.new("RGB", (WIDTH, HEIGHT), "white")
    frame.paste(code, ((WIDTH - code.width) // 2, (HEIGHT - code.height) // 2))
    return frame


def badge_frame(event, person) -> Image.Image:
    """The printed A6 badge's lower part (its QR code), as the camera would see it."""
    pdf = pypdfium2.PdfDocument(badges_pdf(event, [person], "a6"))
    badge = pdf[0].render(scale=3).to_pil().convert("RGB")
    lower = badge.crop((0, badge.height - badge.width * 3 // 4, badge.width, badge.height))
    return lower.resize((WIDTH, HEIGHT))


def write_y4m(path, source: str | Image.Image, frames: int = 10) -> str:
    """A few identical YUV4MPEG2 C420 frames of an image, or of the QR code of a text."""
    frame = qr_frame(source) if isinstance(source, str) else source
    y, cb, cr = frame.convert("YCbCr").split()
    half = (WIDTH // 2, HEIGHT // 2)
    planes = y.tobytes() + cb.resize(half).tobytes() + cr.resize(half).tobytes()
    with open(path, "wb") as out:
        out.write(f"YUV4MPEG2 W{WIDTH} H{HEIGHT} F10:1 Ip A1:1 C420jpeg\n".encode())
        for _ in range(frames):
            out.write(b"FRAME\n" + planes)
    return str(path)


@contextmanager
def camera_page(browser, video: str):
    """A phone-sized page in a Chromium of its own whose camera films `video`."""
    chromium = browser.browser_type.launch(
        executable_path=CHROMIUM, headless=True,
        args=["--no-sandbox", "--disable-background-networking", "--disable-gpu",
              "--disable-component-update", "--disable-sync", "--no-first-run",
              "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream",
              f"--use-file-for-fake-video-capture={video}"])
    try:
        context = chromium.new_context(viewport={"width": 390, "height": 844})
        page = context.new_page()
        page.requests = []
        context.on("request", lambda request: page.requests.append(request.url))
        yield context, page
    finally:
        chromium.close()


@pytest.fixture
def door(app, event):
    """An organiser account and two accepted people with issued codes."""
    create_user("organiser@example.org", "organiser", PASSWORD, name="Olga Organiser")
    ioana = Person(event_id=event.id, role="partner", name="Ioana Munteanu", status="accepted",
                   email="ioana@example.org", languages=["ro", "en"], partner_kind="creative")
    lars = Person(event_id=event.id, role="partner", name="Lars Berg", status="accepted",
                  email="lars@example.org", languages=["sv", "en"], partner_kind="creative")
    db.session.add_all([ioana, lars])
    db.session.commit()
    return {"ioana": ioana.id, "lars": lars.id, "tokens": codes.tokens_for([ioana, lars]),
            "session": event.sessions[1]}


def check_ins(person_id: int) -> list[CheckIn]:
    db.session.rollback()  # see what the server's thread committed
    return list(db.session.execute(db.select(CheckIn).filter_by(person_id=person_id)).scalars())


def wait_for_answer(page, status: str, offline: bool, timeout: float = 20000):
    page.wait_for_selector(
        f'#scan-result[data-status="{status}"][data-offline="{str(offline).lower()}"]',
        timeout=timeout)


def test_the_camera_checks_the_badge_in_and_the_page_stays_on_the_app(
        browser, live_server, event, door, tmp_path):
    badge = badge_frame(event, db.session.get(Person, door["ioana"]))
    video = write_y4m(tmp_path / "ioana-badge.y4m", badge)
    with camera_page(browser, video) as (context, page):
        log_in(page, live_server, "organiser@example.org")
        page.goto(live_server + "/scan")
        wait_for_answer(page, "ok", offline=False)
        assert page.locator("#scan-result-name").inner_text() == "Ioana Munteanu"
        assert "Partner" in page.locator("#scan-result-details").inner_text()
        assert "Checked in" in page.locator("#scan-live").inner_text()
        assert page.locator("#scan-result").evaluate(
            "el => getComputedStyle(el).backgroundColor") == "rgb(30, 107, 48)"  # --ok
        [done] = check_ins(door["ioana"])
        assert done.checkpoint == "arrival" and done.offline is False
        page.wait_for_selector('#scanner[data-ready="true"]')
        detector = page.locator("#scanner").get_attribute("data-detector")
        assert detector in ("native", "ponyfill")
        if detector == "ponyfill":  # Debian's Chromium on Linux has no native detector
            assert live_server + "/static/vendor/zxing-wasm/zxing_reader.wasm" in page.requests
        # The video fills the phone's width.
        assert page.locator("#scan-video").bounding_box()["width"] >= 360
        # Undo for a minute: the check-in goes away on the server.
        undo = page.locator("#scan-undo")
        assert re.match(r"Undo \(\d+ s\)", undo.inner_text())
        undo.click()
        page.wait_for_selector('#scan-result[data-status="undone"]')
        assert check_ins(door["ioana"]) == []
        # Someone without their code: found by name in the cached roster, checked in online.
        page.fill("#scan-search-input", "lars")
        page.locator("#scan-search-results button", has_text="Lars Berg").click()
        page.wait_for_selector('#scan-result[data-status="ok"] >> text=Lars Berg')
        [by_name] = check_ins(door["lars"])
        assert by_name.checkpoint == "arrival"
    foreign = [url for url in page.requests if not url.startswith(live_server + "/")]
    assert page.requests and foreign == []


def test_offline_scan_is_answered_from_the_signature_kept_and_sent_later(
        browser, live_server, door, tmp_path):
    session_key = f"s{door['session'].id}"
    video = write_y4m(tmp_path / "lars.y4m", door["tokens"][door["lars"]])
    with camera_page(browser, video) as (context, page):
        log_in(page, live_server, "organiser@example.org")
        page.goto(live_server + "/scan")
        wait_for_answer(page, "ok", offline=False)  # arrival, online
        page.wait_for_selector('#scanner[data-ready="true"]')
        page.wait_for_function("() => navigator.serviceWorker.controller !== null")
        assert page.evaluate("() => caches.match('/scan').then(r => !!r)")

        context.set_offline(True)
        page.select_option("#scan-checkpoint", session_key)
        wait_for_answer(page, "ok", offline=True)
        assert page.locator("#scan-result-name").inner_text() == "Lars Berg"
        assert page.locator("#scan-offline").is_visible()
        assert page.locator("#scan-pending-count").inner_text() == "1"
        scanned_at = page.evaluate(
            "() => new Promise(done => {"
            " const open = indexedDB.open('hackathon-scanner');"
            " open.onsuccess = () => { const all = open.result.transaction('pending')"
            " .objectStore('pending').getAll(); all.onsuccess = () => done(all.result); }; })")
        [pending] = scanned_at
        assert pending["checkpoint"] == session_key
        assert [c.checkpoint for c in check_ins(door["lars"])] == ["arrival"]

        # A reload without a network: the page comes from the service worker, the scan from
        # IndexedDB, and the same code again is caught on the phone.
        response = page.reload()
        assert response.from_service_worker
        page.wait_for_function(
            "() => document.getElementById('scan-pending-count').textContent === '1'")
        assert "Lars Berg" in page.locator("#scan-pending-list").inner_text()
        wait_for_answer(page, "already_checked_in", offline=True)
        assert page.locator("#scan-result-status").inner_text() == "Already checked in (offline)"

        context.set_offline(False)
        page.wait_for_function(
            "() => document.getElementById('scan-pending-count').textContent === '0'",
            timeout=20000)
        arrival, later = sorted(check_ins(door["lars"]), key=lambda c: c.at)
        assert later.checkpoint == session_key and later.offline is True
        scanned = datetime.fromisoformat(pending["scanned_at"].replace("Z", "+00:00"))
        assert abs((later.at - scanned.replace(tzinfo=None)).total_seconds()) < 0.01
        assert later.recorded_at > later.at  # kept its scan time, not the arrival time
        assert page.locator("#scan-offline").is_hidden()


def forged(token: str) -> str:
    raw = bytearray(base45.b45decode(token))
    raw[-1] ^= 0x01  # one bit of the signature
    return base45.b45encode(bytes(raw)).decode("ascii")


def test_a_forged_code_is_red_invalid_online_and_offline(browser, live_server, door, tmp_path):
    video = write_y4m(tmp_path / "forged.y4m", forged(door["tokens"][door["ioana"]]))
    with camera_page(browser, video) as (context, page):
        log_in(page, live_server, "organiser@example.org")
        page.goto(live_server + "/scan")
        wait_for_answer(page, "invalid", offline=False)
        page.wait_for_selector('#scanner[data-ready="true"]')
        context.set_offline(True)
        page.select_option("#scan-checkpoint", f"s{door['session'].id}")
        wait_for_answer(page, "invalid", offline=True)
        assert page.locator("#scan-result-status").inner_text() == "Invalid code"
        assert page.locator("#scan-result").evaluate(
            "el => getComputedStyle(el).backgroundColor") == "rgb(164, 22, 26)"  # --danger
        assert page.locator("#scan-pending-count").inner_text() == "0"
        # Logging out takes the people and the cached page off the phone.
        context.set_offline(False)
        assert page.evaluate(STORED_ROSTER) > 0
        page.get_by_role("button", name="Log out").click()
        page.wait_for_url(lambda url: "/scan" not in url)
        assert page.evaluate(STORED_ROSTER) == 0
        assert page.evaluate("() => caches.match('/scan').then(r => r === undefined)")
    assert check_ins(door["ioana"]) == []


STORED_ROSTER = """() => new Promise(done => {
    const open = indexedDB.open('hackathon-scanner');
    open.onsuccess = () => { const get = open.result.transaction('state').objectStore('state')
      .get('roster'); get.onsuccess = () => done((get.result || []).length); }; })"""


def test_an_offline_scan_that_collided_is_reported_after_the_replay(
        browser, live_server, event, door, tmp_path):
    session_key = f"s{door['session'].id}"
    token = door["tokens"][door["ioana"]]
    with camera_page(browser, write_y4m(tmp_path / "ioana.y4m", token)) as (context, page):
        log_in(page, live_server, "organiser@example.org")
        page.goto(live_server + "/scan")
        wait_for_answer(page, "ok", offline=False)
        page.wait_for_selector('#scanner[data-ready="true"]')
        context.set_offline(True)
        page.select_option("#scan-checkpoint", session_key)
        wait_for_answer(page, "ok", offline=True)
        # Meanwhile another door, online, checks her in at the same session.
        status, _body = scans.check_in_person(event, token, session_key, "other-door-1", None)
        assert status == 201
        context.set_offline(False)
        page.wait_for_selector("#scan-collisions li", timeout=20000)
        assert "Ioana Munteanu" in page.locator("#scan-collisions").inner_text()
        page.wait_for_function(
            "() => document.getElementById('scan-pending-count').textContent === '0'")
    at_session = [c for c in check_ins(door["ioana"]) if c.checkpoint == session_key]
    assert len(at_session) == 1 and at_session[0].offline is False  # counted once


def test_the_phone_checks_signatures_like_the_server(page, live_server, event, door):
    """token.js with WebCrypto, and @noble/ed25519 (its fallback), on the server's tokens."""
    keys_doc = codes.keys_view(event)
    token = door["tokens"][door["ioana"]]
    person = db.session.get(Person, door["ioana"])
    code = codes.current_code(person)
    spare = next(k for k in codes.event_keys(event) if not k.active)
    rotated = codes.sign_token(event.id, spare, bytes.fromhex(code.code))
    page.goto(live_server + "/auth/login")
    result = page.evaluate("""async ([token, rotated, keysDoc, eventId]) => {
        const t = await import('/static/js/scan/token.js');
        const ed = await import('/static/vendor/noble-ed25519/ed25519.js');
        const parsed = t.parseToken(token);
        const key = keysDoc.keys.find((k) => k.id === parsed.keyId);
        const pub = t.base64urlDecode(key.public_key);
        const forged = parsed.signature.slice(); forged[0] ^= 1;
        const check = async (text, doc, id) => (await t.verifyOffline(text, doc, id)).status;
        return {
          code: parsed.code, eventId: parsed.eventId,
          good: await check(token, keysDoc, eventId),
          verifier: t.verifier(),
          rotated: await check(rotated, keysDoc, eventId),
          nobleGood: await ed.verifyAsync(parsed.signature, parsed.payload, pub),
          nobleForged: await ed.verifyAsync(forged, parsed.payload, pub),
          otherEvent: await check(token, {...keysDoc, event: eventId + 1}, eventId + 1),
          unknownKey: await check(token, {...keysDoc, keys: []}, eventId),
          truncated: await check(token.slice(0, -3), keysDoc, eventId),
          lowercase: await check(token.toLowerCase(), keysDoc, eventId),
          random: await check("HELLO WORLD", keysDoc, eventId),
          revoked: await check(token, {...keysDoc, revoked: [parsed.code]}, eventId),
          badPair: t.base45Decode("GGW"),
          hello: Array.from(t.base45Decode("%69 VD92EX0")),
        };
    }""", [token, rotated, keys_doc, event.id])
    assert result["code"] == code.code and result["eventId"] == event.id
    assert result["good"] == "valid" and result["verifier"] == "webcrypto"
    assert result["rotated"] == "valid"  # signed with the event's other listed key
    assert result["nobleGood"] is True and result["nobleForged"] is False
    for field in ("otherEvent", "unknownKey", "truncated", "lowercase", "random"):
        assert result[field] == "invalid", field
    assert result["revoked"] == "revoked"
    assert result["badPair"] is None  # 'GGW' is 16 + 16*45 + 32*2025 > 65535
    assert bytes(result["hello"]) == b"Hello!!"  # RFC 9285's example
    assert page.console_errors == []


def hold_checkins_lock(app, taken: threading.Event, asked: threading.Event,
                       seconds: float) -> None:
    """Keep the database from writing check-ins: a real server too slow to answer. Held for
    `seconds` after the scan's request was sent (SQLite's busy timeout is 5 s)."""
    with app.app_context(), db.engine.connect() as connection:
        if connection.dialect.name == "sqlite":
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            connection.begin()
            connection.exec_driver_sql("LOCK TABLE checkins IN EXCLUSIVE MODE")
        taken.set()
        asked.wait(60)
        time.sleep(seconds)
        connection.rollback()


def test_a_server_slower_than_3_s_switches_to_offline_and_counts_once(
        app, browser, live_server, door, tmp_path):
    session_key = f"s{door['session'].id}"
    video = write_y4m(tmp_path / "lars.y4m", door["tokens"][door["lars"]])
    with camera_page(browser, video) as (context, page):
        log_in(page, live_server, "organiser@example.org")
        page.goto(live_server + "/scan")
        wait_for_answer(page, "ok", offline=False)
        page.wait_for_selector('#scanner[data-ready="true"]')
        taken, asked = threading.Event(), threading.Event()
        locker = threading.Thread(target=hold_checkins_lock, args=(app, taken, asked, 4.5))
        locker.start()
        try:
            assert taken.wait(5)
            with page.expect_request(lambda r: r.method == "POST"
                                     and r.url.endswith("/api/checkins"), timeout=30000):
                page.select_option("#scan-checkpoint", session_key)
            started = time.monotonic()
            asked.set()
            wait_for_answer(page, "ok", offline=True)
            assert time.monotonic() - started > 2.5  # it waited for the server, then gave up
        finally:
            asked.set()
            locker.join()
        assert page.locator("#scan-offline").is_visible()
        assert page.locator("#scan-result-name").inner_text() == "Lars Berg"
        # The request the page gave up on still went through; the queued copy has its nonce.
        page.wait_for_function(
            "() => document.getElementById('scan-pending-count').textContent === '0'",
            timeout=20000)
        page.wait_for_selector("#scan-offline", state="hidden")
    at_session = [c for c in check_ins(door["lars"]) if c.checkpoint == session_key]
    assert len(at_session) == 1
