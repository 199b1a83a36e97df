"""QR codes for the printable leaflet: a PNG that encodes the article's absolute URL."""

import base64
import io

import qrcode
from qrcode.constants import ERROR_CORRECT_M


def qr_png(url, box_size=8, border=4):
    """PNG bytes of a QR code for `url` (medium error correction survives a photocopy)."""
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, box_size=box_size, border=border)
    code.add_data(url)
    code.make(fit=True)
    buffer = io.BytesIO()
    code.make_image(fill_color="black", back_color="white").save(buffer, format="PNG")
    return buffer.getvalue()


def qr_png_data_uri(url):
    return "data:image/png;base64," + base64.b64encode(qr_png(url)).decode("ascii")
