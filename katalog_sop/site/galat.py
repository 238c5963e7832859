"""The problem page of a local preview: what is wrong in the sources, shown in the browser.

While a source is broken, the preview (``mkdocs serve``) keeps showing the last good catalogue
with a banner on every page that links here; before any good build it shows this page alone.
Every problem is one ``path:line:col: pesan`` line, escaped. The public site never has it:
``mkdocs build`` fails and publishes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from html import escape

from katalog_sop.problems import Problem
from katalog_sop.site.page import GeneratedPage
from katalog_sop.urls import ERROR_PAGE_URI

__all__ = ["ERROR_PAGE_URI", "TITLE", "banner", "problem_body", "problem_page", "standalone"]

TITLE = "Masalah di sumber situs"


def _item(problem: Problem | str) -> str:
    if isinstance(problem, Problem):
        place = f"{problem.path}:{problem.line}:{problem.column}"
        return f"<li><code>{escape(place)}</code>: {escape(problem.message)}</li>"
    return f"<li>{escape(str(problem))}</li>"


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
    count = len(problems)
    items = "\n".join(_item(problem) for problem in problems)
    return (
        f"<h1>{escape(TITLE)}</h1>\n"
        f'<div class="admonition failure" role="alert"><p class="admonition-title">'
        f"{count} masalah, diperiksa pukul {checked_at:%H.%M.%S}</p>\n"
        f"<p>{escape(_STATES[state])} Setiap baris menyebut berkas, baris dan kolomnya. Setelah berkas diperbaiki "
        "dan disimpan, situs disusun ulang dan halaman ini dimuat ulang sendiri.</p></div>\n"
        f'<ol class="katalog-galat">\n{items}\n</ol>\n'
    )


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
    return (
        '<div class="admonition failure katalog-galat-banner" role="alert">'
        '<p class="admonition-title">Ada masalah di sumber situs</p>'
        f"<p>{count} masalah di sumber situs: perubahan pada berkas yang bermasalah belum tampil, halaman ini "
        f'menampilkan hasil terakhir yang berhasil disusun. <a href="{escape(link)}">Lihat daftar masalah</a>.</p>'
        "</div>\n"
    )


def standalone(problems: Sequence[Problem | str], *, checked_at: dt.datetime | None = None) -> str:
    """A whole HTML document of the problem list, for when the engine itself could not build a page."""
    body = problem_body(problems, state="failed", checked_at=checked_at or dt.datetime.now())
    return (
        '<!doctype html>\n<html lang="id"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(TITLE)}</title></head>\n<body>\n{body}</body></html>\n"
    )
