"""The QR code an authenticator app scans, drawn as inline SVG on the server (the Content
Security Policy allows no image from elsewhere), and the secret written out for typing."""

from __future__ import annotations

import base64

from django.utils.safestring import SafeString, mark_safe


def svg(uri: str) -> SafeString:
    """The QR code of an otpauth:// address as an <svg> element. qrcode is imported here:
    it loads Pillow and lxml, which no other page needs at start-up."""
    import qrcode
    import qrcode.image.svg

    image = qrcode.make(uri, image_factory=qrcode.image.svg.SvgPathImage, box_size=10)
    markup = str(image.to_string(encoding="unicode"))
    # Made here from our own address only, so it is safe to put into the page as it is.
    return mark_safe(markup)  # noqa: S308


def secret_for_typing(key: bytes) -> str:
    """The secret in base 32, in groups of four, as authenticator apps ask for it typed."""
    text = base64.b32encode(key).decode("ascii").rstrip("=")
    return " ".join(text[index : index + 4] for index in range(0, len(text), 4))
