"""Links for contact details as people write them: phone numbers, e-mail and web addresses.

Each function returns the URL for an ``href`` (still to be HTML-escaped by the template, which
autoescaping does), or "" when the text cannot be linked; the text itself is shown as written.
"""

from __future__ import annotations

import re
from urllib.parse import quote

from katalog_sop.source.schema import EMAIL_PATTERN, WEB_PATTERN

_PHONE = re.compile(r"^\s*\+?[\d\s().\-]{6,}$")


def tel_uri(text: str) -> str:
    """A ``tel:`` address for a text that is a phone number (its first one, if several), else ``""``.

    Only ``+`` and digits go into the address, so nothing from the source can make it another URL.
    """
    first = re.split(r"[,/;]| atau ", text)[0]
    if not _PHONE.match(first):
        return ""
    digits = re.sub(r"\D", "", first)
    return f"tel:{'+' if first.strip().startswith('+') else ''}{digits}" if len(digits) >= 6 else ""


_EMAIL = EMAIL_PATTERN
_WEB = WEB_PATTERN


def mailto_uri(email: str | None) -> str:
    """``mailto:`` and the address, percent-encoded (no ``?subject=``), or "" when the text is not one address."""
    email = (email or "").strip()
    if not _EMAIL.match(email):
        return ""
    return "mailto:" + quote(email, safe="@+")


def web_uri(url: str | None) -> str:
    """The address when it is an http(s) URL (spaces encoded), else "": no ``javascript:`` or relative links."""
    url = (url or "").strip()
    if not _WEB.match(url):
        return ""
    return quote(url, safe=":/?#[]@!$&'()*+,;=%~")


def web_label(url: str | None) -> str:
    """An address as people read it: ``https://www.contoh.go.id/`` -> ``www.contoh.go.id``."""
    return re.sub(r"^https?://", "", (url or "").strip(), flags=re.IGNORECASE).rstrip("/")
