"""Name badges with the check-in QR code: A6 (105x148 mm, a sheet each) and CR80 (86x54 mm,
the common badge-holder card), in DejaVu Sans so every name prints as written.

The QR code is drawn as vector squares from the code's module matrix (sharp at any printer
resolution), with error correction Q for print.
"""
import io

from flask_babel import gettext as _
from reportlab.lib.pagesizes import A6
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.formatting import person_role_label
from app.models import Event, Language, Person
from app.services.checkin import codes, qr
from app.services.checkin.scans import team_name
from app.services.pdf.fonts import register_fonts

SIZES = {"a6": A6, "cr80": (86 * mm, 54 * mm)}


def badge_people(event: Event, person_id: int | None = None) -> list[Person]:
    """Who gets a badge: everyone who takes part (pending or accepted), or the one person."""
    query = db.select(Person).filter_by(event_id=event.id).options(
        selectinload(Person.enterprise), selectinload(Person.coached_teams))
    if person_id is not None:
        query = query.filter_by(id=person_id)
    else:
        query = query.where(Person.status.in_(("pending", "accepted")))
    return list(db.session.execute(query.order_by(Person.role, Person.name, Person.id)).scalars())


def _fit(text: str, font: str, size: float, width: float, smallest: float = 6) -> float:
    """The largest font size up to `size` at which the text fits the width."""
    while size > smallest and stringWidth(text, font, size) > width:
        size -= 0.5
    return size


def _line(pdf, x: float, y: float, text: str, font: str, size: float, width: float,
          smallest: float = 5.5) -> None:
    """One line of text, made smaller to fit and cut with an ellipsis beyond that."""
    size = _fit(text, font, size, width, smallest)
    pdf.setFont(font, size)
    pdf.drawString(x, y, _clip(text, font, size, width))


def _clip(text: str, font: str, size: float, width: float) -> str:
    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text + "…"


def _draw_qr(pdf: canvas.Canvas, text: str | None, x: float, y: float, side: float) -> None:
    if text is None:  # not accepted yet: codes are issued at acceptance, never while printing
        regular, _bold = register_fonts()
        pdf.setFont(regular, 7)
        pdf.drawCentredString(x + side / 2, y + side / 2, _("No check-in code yet"))
        return
    modules = qr.matrix(text, "print")
    cell = side / len(modules)
    pdf.setFillColorRGB(1, 1, 1)
    pdf.rect(x, y, side, side, stroke=0, fill=1)
    pdf.setFillColorRGB(0, 0, 0)
    for row, line in enumerate(modules):
        for col, dark in enumerate(line):
            if dark:
                # A hair of overlap, so no viewer draws white seams between modules.
                pdf.rect(x + col * cell, y + side - (row + 1) * cell, cell * 1.02, cell * 1.02,
                         stroke=0, fill=1)


def _lines(person: Person, language_names: dict[str, str]) -> tuple[str, str, str]:
    affiliation = team_name(person) or person.organisation or ""
    languages = ", ".join(language_names.get(code, code) for code in person.languages or [])
    return person_role_label(person.role), affiliation, languages


def _badge(pdf, event: Event, person: Person, token: str | None, size: str, names: dict) -> None:
    regular, bold = register_fonts()
    width, height = SIZES[size]
    role, affiliation, languages = _lines(person, names)
    margin = 5 * mm
    if size == "a6":
        text_width = width - 2 * margin
        _line(pdf, margin, height - margin - 9, event.name, regular, 9, text_width)
        _line(pdf, margin, height - 22 * mm, person.name, bold, 20, text_width, 9)
        _line(pdf, margin, height - 30 * mm, role, regular, 12, text_width)
        _line(pdf, margin, height - 37 * mm, affiliation, regular, 11, text_width)
        _line(pdf, margin, height - 43 * mm, languages, regular, 9, text_width)
        side = 70 * mm
        _draw_qr(pdf, token, (width - side) / 2, margin + 4 * mm, side)
    else:
        side = height - 2 * 3 * mm
        text_width = width - side - 3 * mm - margin - 2 * mm
        _line(pdf, margin, height - margin - 4, event.name, regular, 6, text_width, 4.5)
        _line(pdf, margin, height - 16 * mm, person.name, bold, 12, text_width, 6)
        _line(pdf, margin, height - 22 * mm, role, regular, 8, text_width)
        _line(pdf, margin, height - 27 * mm, affiliation, regular, 8, text_width)
        _line(pdf, margin, height - 32 * mm, languages, regular, 6.5, text_width, 5)
        _draw_qr(pdf, token, width - side - 3 * mm, 3 * mm, side)
    pdf.showPage()


def badges_pdf(event: Event, people: list[Person], size: str = "a6") -> bytes:
    """One badge per page for each person; one without a code (not accepted yet) gets a
    badge without QR code. Reads only."""
    if size not in SIZES:
        raise ValueError(size)
    regular, _bold = register_fonts()
    names = {lang.code: lang.name for lang in db.session.execute(
        db.select(Language).filter_by(event_id=event.id)).scalars()}
    tokens = codes.tokens_for(people) if people else {}
    out = io.BytesIO()
    # The initial font too, or the file declares an unused Helvetica.
    pdf = canvas.Canvas(out, pagesize=SIZES[size], pageCompression=1, initialFontName=regular)
    pdf.setTitle(_("Badges: %(event)s", event=event.name))
    pdf.setAuthor(event.name)
    for person in people:
        _badge(pdf, event, person, tokens.get(person.id), size, names)
    if not people:
        pdf.setFont(regular, 10)
        pdf.drawString(10 * mm, SIZES[size][1] / 2, _("Nobody takes part yet."))
        pdf.showPage()
    pdf.save()
    return out.getvalue()
