"""The fonts every PDF uses: DejaVu Sans (vendored from npm, see app/static/vendor/README.md).

reportlab's built-in Helvetica has no glyphs for ț, ș or Ł; a TrueType font registered here is
embedded (subset) in each PDF, so names print as written: Minți Curioase, Återbruket, Łódź.
"""
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FONT_DIR = Path(__file__).resolve().parents[2] / "static" / "vendor" / "dejavu"
REGULAR = "DejaVuSans"
BOLD = "DejaVuSans-Bold"


def register_fonts() -> tuple[str, str]:
    """Register the regular and bold font once per process; returns their names."""
    registered = pdfmetrics.getRegisteredFontNames()
    for name in (REGULAR, BOLD):
        if name not in registered:
            pdfmetrics.registerFont(TTFont(name, str(FONT_DIR / f"{name}.ttf")))
    pdfmetrics.registerFontFamily(REGULAR, normal=REGULAR, bold=BOLD, italic=REGULAR,
                                  boldItalic=BOLD)
    return REGULAR, BOLD
