"""The templates' environment and their Jinja filters: Indonesian dates, escaped text in its places (HTML,
CSS strings, front matter, JSON-LD), SOP numbers that break only between their parts."""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from typing import Any

from babel import dates as babel_dates
from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup, escape

CSS_PLAIN = " .,:;/%=-_+"  # characters that need no escape inside a CSS string
_CSS_PLAIN = re.compile(f"[A-Za-z0-9{re.escape(CSS_PLAIN)}]*")
_NOMOR_BREAK = re.compile(r"([/.])(?=.)")


def template_environment(**options: Any) -> Environment:
    """The site's templates (katalog_sop/site/templates), autoescaped, whitespace as written; ``options``
    adds to it (the problem page's own escaping)."""
    return Environment(
        loader=PackageLoader("katalog_sop.site", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,  # templates are package files; no stat() per page
        **options,
    )


def format_date(value: dt.date | None) -> str:
    """Indonesian long date, ``"-"`` when absent (as the official form prints it)."""
    if value is None:
        return "-"
    return babel_dates.format_date(value, "d MMMM y", locale="id")


def multiline(text: str) -> Markup:
    """Escaped text with its line breaks kept, and no blank line to end an HTML block."""
    lines = [escape(line) for line in text.strip().splitlines() if line.strip()]
    return Markup("<br>").join(lines)


def nomor_breaks(text: str) -> Markup:
    """An SOP number, escaped, that a line may break after a ``/`` or ``.`` only (``<wbr>``).

    Counter staff read the number out loud: ``470/SOP.01/DISDUKCAPIL/2024`` is never cut inside
    one of its parts. katalog.css keeps it on one line when it fits one (an inline block) and uses
    ``overflow-wrap: break-word``, not ``anywhere``, on screen.
    """
    return Markup(_NOMOR_BREAK.sub(r"\1<wbr>", str(escape(text))))


def page_text(text: str) -> str:
    """A page title or description as the theme prints it: one line, HTML-escaped, quotes included.

    Quotes are escaped too (``&quot;``, ``&#x27;``): Material prints the description inside
    ``<meta name="description" content="…">``, so a ``"`` in a nomor or an OPD's nama would
    otherwise end the attribute and start new ones. In text (<title>, headings) the
    entities read as the quotes themselves.
    """
    return html.escape(" ".join(text.split()), quote=True)


def css_string(text: str) -> Markup:
    """A quoted CSS string showing ``text`` literally: every character that could end the string
    or the <style> element (anything but ASCII letters, digits and ``CSS_PLAIN``) is a six-digit
    escape, ended by the one space CSS takes as the end of an escape."""
    collapsed = " ".join(text.split())
    if _CSS_PLAIN.fullmatch(collapsed):  # a URL or data URI usually is: no per-character work
        return Markup(f'"{collapsed}"')
    escaped = "".join(
        ch if ch.isascii() and (ch.isalnum() or ch in CSS_PLAIN) else f"\\{ord(ch):06x} " for ch in collapsed
    )
    return Markup(f'"{escaped}"')


def json_ld(data: dict[str, object]) -> Markup:
    """JSON for a <script type="application/ld+json">: nothing in it can close the script."""
    text = json.dumps(data, ensure_ascii=False)
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))
