# The same plain pipeline in Python (Debian's python3-pyotp and python3-qrcode): 80-bit secrets, SVG QR codes,
# one HTML file. Usage: python3 bench/python-pipeline.py N OUT.html
import base64
import html
import secrets
import sys

import pyotp
import qrcode
import qrcode.image.svg

n, out = int(sys.argv[1]), sys.argv[2]
pages = []
for i in range(n):
    # 80 bits, as WHM's secrets (pyotp.random_base32 insists on 160).
    secret = base64.b32encode(secrets.token_bytes(10)).decode()
    uri = pyotp.TOTP(secret).provisioning_uri(name=f"u{i}", issuer_name="whm.example.com")
    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=4, image_factory=qrcode.image.svg.SvgPathImage)
    qr.add_data(uri)
    svg = qr.make_image().to_string(encoding="unicode")
    pages.append(f"<section><h1>{html.escape(f'u{i}@u{i}.example')}</h1>{svg}<p>{secret}</p></section>\n")
with open(out, "w", encoding="utf-8") as f:
    f.write('<!DOCTYPE html><html><head><meta charset="utf-8"><title>sheets</title></head><body>\n' + "".join(pages) + "</body></html>\n")
