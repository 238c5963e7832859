"""The problem page of a local preview: what is wrong in the sources, shown in the browser.

While a source is broken, the preview (``mkdocs serve``) keeps showing the last good catalogue
with a banner on every page that links here; before any good build it shows this page alone.
Every problem is one ``path:line:col: pesan`` line, escaped. The public site never has it:
``mkdocs build`` fails and publishes nothing. The HTML is in templates/galat*.html.j2, autoescaped
like every other page.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Sequence
from html import escape

from jinja2 import Environment
from markupsafe import Markup

from katalog_sop.problems import Problem
from katalog_sop.site.filters import template_environment
from katalog_sop.site.page import GeneratedPage
from katalog_sop.urls import ERROR_PAGE_URI, built_in_title

__all__ = ["ERROR_PAGE_URI", "TITLE", "banner", "problem_body", "problem_page", "standalone"]

TITLE = built_in_title(ERROR_PAGE_URI)


def _escaped(value: object) -> Markup:
    """Autoescaping with html.escape's entities (``&quot;``, ``&#x27;``), not markupsafe's: the page
    was written with html.escape before it had a template, and its bytes stay the same."""
    return value if isinstance(value, Markup) else Markup(escape(str(value)))


@functools.cache
def _templates() -> Environment:
    """The problem page's templates (the serve state renders them without a Renderer), loaded once."""
    return template_environment(finalize=_escaped)


def _item(problem: Problem | str) -> tuple[str | None, str]:
    """A problem as (place, message); a plain message has no place."""
    if isinstance(problem, Problem):
        return f"{problem.path}:{problem.line}:{problem.column}", problem.message
    return None, str(problem)


def _context(problems: Sequence[Problem | str], state: str, checked_at: dt.datetime) -> dict[str, object]:
    return {
        "title": TITLE,
        "count": len(problems),
        "checked_at": f"{checked_at:%H.%M.%S}",
        "state_text": _STATES[state],
        "items": [_item(problem) for problem in problems],
    }


# What the reader is looking at, by the state of the preview.
_STATES = {
    "last_good": (
        "Halaman lain menampilkan hasil terakhir yang berhasil disusun: perubahan pada berkas yang disebut di "
        "bawah belum terlihat sampai masalahnya diperbaiki."
    ),
    "none": "Situs belum dapat disusun sama sekali sejak pratinjau dimulai: perbaiki masalah berikut dahulu.",
    "failed": "Penyusunan situs gagal; halaman lain yang tampil mungkin dari penyusunan sebelumnya atau belum lengkap.",
}


def problem_body(problems: Sequence[Problem | str], *, state: str, checked_at: dt.datetime) -> str:
    """The page's HTML body (no Markdown: published as it is); ``state`` is one of last_good, none, failed."""
    return _templates().get_template("galat.html.j2").render(_context(problems, state, checked_at))


def problem_page(
    problems: Sequence[Problem | str],
    *,
    state: str,
    src_uri: str = ERROR_PAGE_URI,
    checked_at: dt.datetime | None = None,
) -> GeneratedPage:
    """The problem list as a generated page with an HTML body (``headings=()``)."""
    body = problem_body(problems, state=state, checked_at=checked_at or dt.datetime.now())
    return GeneratedPage(src_uri, escape(TITLE), "", body, headings=())


def banner(count: int, link: str) -> str:
    """The notice at the top of every page while the sources are broken, linking to the problem page."""
    return _templates().get_template("galat_banner.html.j2").render(count=count, link=link)


def standalone(problems: Sequence[Problem | str], *, checked_at: dt.datetime | None = None) -> str:
    """A whole HTML document of the problem list, for when the engine itself could not build a page."""
    context = _context(problems, "failed", checked_at or dt.datetime.now())
    return _templates().get_template("galat_dokumen.html.j2").render(context)
