"""Shared reportlab pieces: the DejaVu styles and a document that builds into bytes."""
from functools import partial
from io import BytesIO
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

from app.services.pdf.fonts import register_fonts


def styles() -> dict[str, ParagraphStyle]:
    regular, bold = register_fonts()
    return {
        "title": ParagraphStyle("title", fontName=bold, fontSize=18, leading=22,
                                spaceAfter=4 * mm),
        "sign": ParagraphStyle("sign", fontName=bold, fontSize=54, leading=62,
                               spaceAfter=6 * mm),
        "heading": ParagraphStyle("heading", fontName=bold, fontSize=12, leading=15,
                                  spaceBefore=4 * mm, spaceAfter=2 * mm),
        "body": ParagraphStyle("body", fontName=regular, fontSize=9.5, leading=12),
        "big": ParagraphStyle("big", fontName=regular, fontSize=13, leading=16),
        "bold": ParagraphStyle("bold", fontName=bold, fontSize=9.5, leading=12),
        "muted": ParagraphStyle("muted", fontName=regular, fontSize=8.5, leading=11,
                                textColor=colors.HexColor("#555555")),
    }


def text(value: str, style: ParagraphStyle) -> Paragraph:
    """A paragraph of plain text (names may hold & or <): escaped, line breaks kept."""
    return Paragraph(escape(value or "").replace("\n", "<br/>"), style)


def table(rows: list[list], widths: list[float], header: bool = True) -> Table:
    result = Table(rows, colWidths=widths, repeatRows=1 if header else 0)
    regular, bold = register_fonts()
    result.setStyle(TableStyle([
        # Plain-text cells (cheaper than paragraphs where nothing wraps) in DejaVu too.
        ("FONTNAME", (0, 0), (-1, -1), regular),
        ("FONTSIZE", (0, 0), (-1, -1), 9.5),
        ("FONTNAME", (0, 0), (-1, 0 if header else -1), bold if header else regular),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.4, colors.HexColor("#bbbbbb")),
        ("BACKGROUND", (0, 0), (-1, 0 if header else -1),
         colors.HexColor("#eeeeee") if header else colors.white),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]))
    return result


def build(story: list, title: str, pagesize=A4) -> bytes:
    buffer = BytesIO()
    document = SimpleDocTemplate(buffer, pagesize=pagesize, title=title,
                                 leftMargin=15 * mm, rightMargin=15 * mm, topMargin=15 * mm,
                                 bottomMargin=15 * mm)
    # The canvas starts in DejaVu too: else reportlab lists Helvetica in every page's fonts.
    regular, _bold = register_fonts()
    document.build(story, canvasmaker=partial(Canvas, initialFontName=regular))
    return buffer.getvalue()
