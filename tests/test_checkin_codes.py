"""Every generated code reads back with zxing-cpp (PNG, badge PDFs rendered with pypdfium2)
and the decoded text checks the right person in. The SVG is read in tests/browser."""
import io
import uuid

import pypdfium2
import pytest
import zxingcpp
from PIL import Image

from app.extensions import db
from app.models import Person
from app.services.checkin import codes
from app.services.pdf.badges import badge_people
from tests.conftest import csrf_token


def decode(image: Image.Image) -> list[zxingcpp.Barcode]:
    found = zxingcpp.read_barcodes(image.convert("L"), formats=zxingcpp.BarcodeFormat.QRCode)
    assert found, "no QR code found"
    return found


@pytest.fixture
def ioana(app, event, coach):
    """A name and an organisation that Helvetica could not print."""
    person = Person(event_id=event.id, role="partner", name="Ioana Munteanu", status="accepted",
                    email="ioana@example.org", organisation="Minți Curioase",
                    languages=["ro", "en"], partner_kind="creative")
    db.session.add(person)
    db.session.commit()
    return person


def check_in(client, text: str) -> dict:
    response = client.post("/api/checkins", json={"token": text, "checkpoint": "arrival",
                                                  "nonce": uuid.uuid4().hex},
                           headers={"X-CSRFToken": csrf_token(client, "/admin/")})
    assert response.status_code == 201, response.get_json()
    return response.get_json()


@pytest.mark.parametrize("purpose,level", [("print", "Q"), ("screen", "M")])
def test_png_reads_back_and_checks_the_person_in(organiser_client, ioana, purpose, level):
    url = f"/api/people/{ioana.id}/qr.png" + ("?for=screen" if purpose == "screen" else "")
    response = organiser_client.get(url)
    assert response.status_code == 200 and response.mimetype == "image/png"
    [barcode] = decode(Image.open(io.BytesIO(response.data)))
    assert barcode.text == codes.token_for(ioana) and len(barcode.text) == 129
    assert barcode.ec_level == level
    assert check_in(organiser_client, barcode.text)["person"]["name"] == "Ioana Munteanu"


def test_svg_is_an_svg_of_the_same_token(organiser_client, ioana):
    response = organiser_client.get(f"/api/people/{ioana.id}/qr.svg?for=screen")
    assert response.status_code == 200 and response.mimetype == "image/svg+xml"
    assert response.data.startswith(b"<svg") and b"<path" in response.data


@pytest.mark.parametrize("size,points", [("a6", (297.6, 419.5)), ("cr80", (243.8, 153.1))])
def test_badges_pdf_reads_back_for_everyone(organiser_client, event, ioana, size, points):
    response = organiser_client.get(f"/admin/badges.pdf?size={size}")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    pdf = pypdfium2.PdfDocument(response.data)
    people = badge_people(event)
    assert len(pdf) == len(people) >= 3
    decoded = []
    for index, page in enumerate(pdf):
        width, height = page.get_size()
        assert (round(width, 1), round(height, 1)) == points
        text = page.get_textpage().get_text_range()
        assert people[index].name in text
        [barcode] = decode(page.render(scale=4).to_pil())
        decoded.append(barcode.text)
    assert decoded == [codes.token_for(p) for p in people]
    ioana_page = [p.id for p in people].index(ioana.id)
    page_text = pdf[ioana_page].get_textpage().get_text_range()
    assert "Minți Curioase" in page_text and "Română, English" in page_text
    answers = [check_in(organiser_client, text)["person"]["id"] for text in decoded]
    assert answers == [p.id for p in people]


def test_one_persons_badge_and_a_reissued_code(organiser_client, ioana):
    first = pypdfium2.PdfDocument(organiser_client.get(
        f"/admin/people/{ioana.id}/badge.pdf").data)
    assert len(first) == 1
    [old] = decode(first[0].render(scale=4).to_pil())
    token = csrf_token(organiser_client, "/admin/")
    assert organiser_client.post(f"/api/people/{ioana.id}/qr",
                                 headers={"X-CSRFToken": token}).status_code == 201
    second = pypdfium2.PdfDocument(organiser_client.get(
        f"/admin/people/{ioana.id}/badge.pdf?size=cr80").data)
    [new] = decode(second[0].render(scale=4).to_pil())
    assert new.text != old.text
    response = organiser_client.post("/api/checkins", json={
        "token": old.text, "checkpoint": "arrival", "nonce": "old-badge"},
        headers={"X-CSRFToken": token})
    assert response.status_code == 410 and response.get_json()["status"] == "revoked"
    assert check_in(organiser_client, new.text)["status"] == "ok"


def test_badge_size_is_checked(organiser_client, ioana):
    response = organiser_client.get("/admin/badges.pdf?size=letter")
    assert response.status_code == 422 and b"size" in response.data
    assert organiser_client.get("/admin/people/999999/badge.pdf").status_code == 404
