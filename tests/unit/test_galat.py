"""The problem page of `mkdocs serve` (katalog_sop/site/galat.py), rendered from its templates.

The expected bytes are what the page was before it had a template (built with f-strings and
html.escape): hostile text in a path or a message is shown literally, never as markup.
"""

from __future__ import annotations

import datetime as dt

from katalog_sop.problems import Problem
from katalog_sop.site import galat

CHECKED_AT = dt.datetime(2026, 12, 1, 9, 5, 7)
HOSTILE = Problem("sops/<b>&kunci</b>.yml", 3, 7, "\"'><script>alert(1)</script>")
PLAIN = "a & b 'c' \"d\""

BODY = (
    "<h1>Masalah di Sumber Situs</h1>\n"
    '<div class="admonition failure" role="alert"><p class="admonition-title">2 masalah, diperiksa pukul '
    "09.05.07</p>\n"
    "<p>Halaman lain menampilkan hasil terakhir yang berhasil disusun: perubahan pada berkas yang disebut di "
    "bawah belum terlihat sampai masalahnya diperbaiki. Setiap baris menyebut berkas, baris dan kolomnya. "
    "Setelah berkas diperbaiki dan disimpan, situs disusun ulang dan halaman ini dimuat ulang sendiri.</p></div>\n"
    '<ol class="katalog-galat">\n'
    "<li><code>sops/&lt;b&gt;&amp;kunci&lt;/b&gt;.yml:3:7</code>: "
    "&quot;&#x27;&gt;&lt;script&gt;alert(1)&lt;/script&gt;</li>\n"
    "<li>a &amp; b &#x27;c&#x27; &quot;d&quot;</li>\n"
    "</ol>\n"
)


def test_problem_body_escapes_hostile_text_byte_for_byte() -> None:
    assert galat.problem_body([HOSTILE, PLAIN], state="last_good", checked_at=CHECKED_AT) == BODY


def test_problem_page_carries_the_body_and_an_escaped_title() -> None:
    page = galat.problem_page([HOSTILE, PLAIN], state="last_good", checked_at=CHECKED_AT)
    assert page.body == BODY
    assert page.title == "Masalah di Sumber Situs" and page.headings == ()


def test_an_empty_list_keeps_its_blank_line() -> None:
    body = galat.problem_body([], state="none", checked_at=CHECKED_AT)
    assert body.endswith('<ol class="katalog-galat">\n\n</ol>\n')
    assert "0 masalah" in body and "belum dapat disusun sama sekali" in body


def test_banner_escapes_its_link() -> None:
    assert galat.banner(3, "a\"b'<c>&d") == (
        '<div class="admonition failure katalog-galat-banner" role="alert"><p class="admonition-title">'
        "Ada masalah di sumber situs</p><p>3 masalah di sumber situs: perubahan pada berkas yang bermasalah "
        "belum tampil, halaman ini menampilkan hasil terakhir yang berhasil disusun. "
        '<a href="a&quot;b&#x27;&lt;c&gt;&amp;d">Lihat daftar masalah</a>.</p></div>\n'
    )


def test_standalone_document_wraps_the_failed_body() -> None:
    document = galat.standalone([HOSTILE, PLAIN], checked_at=CHECKED_AT)
    body = galat.problem_body([HOSTILE, PLAIN], state="failed", checked_at=CHECKED_AT)
    assert document == (
        '<!doctype html>\n<html lang="id"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>Masalah di Sumber Situs</title></head>\n<body>\n{body}</body></html>\n"
    )
    assert "Penyusunan situs gagal" in body and "<script>" not in document
