"""The contact links the templates use (filters ``tel_uri``, ``mailto_uri``, ``web_uri``), from katalog_sop.contact."""

from __future__ import annotations

from katalog_sop.contact import mailto_uri, tel_uri, web_label, web_uri

__all__ = ["mailto_uri", "tel_uri", "web_label", "web_uri"]
