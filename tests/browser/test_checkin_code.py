"""The SVG codes as Chromium draws them (on the personal page on a phone, and the API's SVG)
read back with zxing-cpp, and the decoded text checks the right person in."""
import io
import uuid

import zxingcpp
from PIL import Image

from app.extensions import db
from app.models import Person
from tests.browser.conftest import log_in
from tests.conftest import csrf_token


def read_qr(png: bytes) -> zxingcpp.Barcode:
    found = zxingcpp.read_barcodes(Image.open(io.BytesIO(png)).convert("L"),
                                   formats=zxingcpp.BarcodeFormat.QRCode)
    assert len(found) == 1, found
    return found[0]


def check_in(client, text: str) -> dict:
    response = client.post("/api/checkins", json={"token": text, "checkpoint": "arrival",
                                                  "nonce": uuid.uuid4().hex},
                           headers={"X-CSRFToken": csrf_token(client, "/admin/")})
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def test_personal_page_shows_a_readable_code(live_server, page, organiser_client, event, coach):
    marco = db.session.execute(db.select(Person).filter_by(name="Marco Rossi")).scalar_one()
    page.goto(f"{live_server}/p/{marco.token}")
    image = page.locator("img.checkin-qr")
    image.scroll_into_view_if_needed()
    page.wait_for_function("document.querySelector('img.checkin-qr').naturalWidth > 0")
    box = image.bounding_box()
    assert box["width"] >= 250 and box["x"] >= 0 and box["x"] + box["width"] <= 390  # fits
    barcode = read_qr(image.screenshot())
    assert barcode.ec_level == "M"  # for a screen
    assert check_in(organiser_client, barcode.text)["person"]["name"] == "Marco Rossi"
    assert page.console_errors == []


def test_api_svg_drawn_by_chromium_reads_back(live_server, page, organiser_client, organiser,
                                             event, coach):
    marco = db.session.execute(db.select(Person).filter_by(name="Marco Rossi")).scalar_one()
    log_in(page, live_server, organiser.email)
    page.goto(f"{live_server}/api/people/{marco.id}/qr.svg")
    barcode = read_qr(page.locator("svg").screenshot())
    assert barcode.ec_level == "Q"  # for print
    assert check_in(organiser_client, barcode.text)["person"]["id"] == marco.id
