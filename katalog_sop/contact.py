"""A contact (an OPD's, or the government's in the footer) and the links made of it: one class, one rule.

Both the source validator (``kontak:`` in _opd.yml) and the settings (``extra.katalog.kontak``) accept an
e-mail or web address only when it matches the patterns here, and the pages link only what the functions
below turn into an address; a text that is not one would become a broken or a ``javascript:`` link. Each
function returns the URL for an ``href`` (still to be HTML-escaped by the template, which autoescaping
does), or "" when the text cannot be linked; the text itself is shown as written. A leaf: imports nothing
of the package, so the settings, the model and the site all read it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote

KEYS = ("alamat", "telepon", "email", "situs")
EMAIL_PATTERN = re.compile(r"^[^@\s<>\"]+@[^@\s<>\"]+\.[^@\s<>\"]+$")
WEB_PATTERN = re.compile(r"^https?://[^\s/]", re.IGNORECASE)
_PHONE = re.compile(r"^\s*\+?[\d\s().\-]{6,}$")


@dataclass(frozen=True)
class Contact:
    """Address, phone, e-mail and web site, each optional (None when not written)."""

    alamat: str | None = None
    telepon: str | None = None
    email: str | None = None
    situs: str | None = None

    def is_empty(self) -> bool:
        return not any((self.alamat, self.telepon, self.email, self.situs))


def tel_uri(text: str | None) -> str:
    """A ``tel:`` address for a text that is a phone number (its first one, if several), else ``""``.

    Only ``+`` and digits go into the address, so nothing from the source can make it another URL.
    """
    first = re.split(r"[,/;]| atau ", text or "")[0]
    if not _PHONE.match(first):
        return ""
    digits = re.sub(r"\D", "", first)
    return f"tel:{'+' if first.strip().startswith('+') else ''}{digits}" if len(digits) >= 6 else ""


def mailto_uri(email: str | None) -> str:
    """``mailto:`` and the address, percent-encoded (no ``?subject=``), or "" when the text is not one address."""
    email = (email or "").strip()
    if not EMAIL_PATTERN.match(email):
        return ""
    return "mailto:" + quote(email, safe="@+")


def web_uri(url: str | None) -> str:
    """The address when it is an http(s) URL (spaces encoded), else "": no ``javascript:`` or relative links."""
    url = (url or "").strip()
    if not WEB_PATTERN.match(url):
        return ""
    return quote(url, safe=":/?#[]@!$&'()*+,;=%~")


def web_label(url: str | None) -> str:
    """An address as people read it: ``https://www.contoh.go.id/`` -> ``www.contoh.go.id``."""
    return re.sub(r"^https?://", "", (url or "").strip(), flags=re.IGNORECASE).rstrip("/")
