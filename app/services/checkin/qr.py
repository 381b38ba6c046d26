"""QR images of check-in tokens: PNG and SVG, in QR's alphanumeric mode (Base45's alphabet).

Print gets error correction Q (25 %: survives a scratched or creased badge); a phone screen
gets M (15 %: fewer, larger modules, easier for a camera against glare)."""
import io

import qrcode
import qrcode.image.svg
from qrcode.constants import ERROR_CORRECT_M, ERROR_CORRECT_Q
from qrcode.util import MODE_ALPHA_NUM, QRData

LEVELS = {"print": ERROR_CORRECT_Q, "screen": ERROR_CORRECT_M}


def _code(text: str, purpose: str, box_size: int = 10) -> qrcode.QRCode:
    code = qrcode.QRCode(error_correction=LEVELS.get(purpose, ERROR_CORRECT_Q),
                         box_size=box_size, border=4)
    code.add_data(QRData(text, mode=MODE_ALPHA_NUM))
    code.make(fit=True)
    return code


def png(text: str, purpose: str = "print", box_size: int = 10) -> bytes:
    out = io.BytesIO()
    _code(text, purpose, box_size).make_image(fill_color="black", back_color="white").save(
        out, format="PNG")
    return out.getvalue()


def svg(text: str, purpose: str = "print") -> bytes:
    """A standalone SVG (one path, white background), scalable for any screen."""
    image = _code(text, purpose).make_image(image_factory=qrcode.image.svg.SvgPathFillImage)
    return image.to_string(encoding="unicode").encode("utf-8")


def matrix(text: str, purpose: str = "print") -> list[list[bool]]:
    """The modules (True = dark), with the quiet zone: for drawing the code in a PDF."""
    return _code(text, purpose).get_matrix()
