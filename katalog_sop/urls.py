"""Every address of the site, in one place: where each page and file goes, and the links between them.

A page is named by its source path in the docs tree (``a/b.md``), as MkDocs names it. Where its HTML
goes, and what a link to it looks like, depends on MkDocs' ``use_directory_urls``: ``a/b/`` and
``a/b/index.html`` when it is on (the default), ``a/b.html`` when it is off. The top-level names the
site takes for itself are reserved here too, so that validation refuses an OPD folder that would
take one of them.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from typing import Protocol

HOME_URI = "index.md"
SEARCH_URI = "cari/index.md"
DATA_PAGE_URI = "data-terbuka/index.md"
OPD_LIST_URI = "perangkat-daerah/index.md"
REVIEW_URI = "perlu-ditinjau/index.md"
CHANGES_URI = "perubahan-terbaru/index.md"
MONEV_URI = "monev/index.md"  # the catalogue's monitoring and evaluation; each Formulir Monitoring below it
ERROR_PAGE_URI = "galat/index.md"  # the problem page of `mkdocs serve` while a source is broken
SOURCE_SCHEMA_DIR = "skema"  # the JSON Schemas of the source format, and the format guide
GUIDE_URI = f"{SOURCE_SCHEMA_DIR}/index.md"
DATA_DIR = "data"
FEED_URI = "perubahan.xml"
ASSETS_DIR = "assets"
SEARCH_INDEX_DIR = "pagefind"  # written by katalog_sop.publish.search after the pages


@dataclass(frozen=True)
class BuiltInPage:
    """A page the site makes itself, named once: its <title> and <h1>, its nav entry, its name in messages."""

    uri: str
    title: str  # the page's <title> and <h1>; "" for the home page, which takes the site's name
    nav: str | None = None  # its label in the navigation (may be shorter than the title); None: not in the nav

    @property
    def name(self) -> str:
        """How a maintainer knows the page (messages about a hand-written page taking its place)."""
        return self.nav or self.title


# Every built-in page, in the order of the navigation; the pages outside the navigation last.
# Indonesian title case throughout, as the navigation has always written it.
BUILT_IN_PAGES = (
    BuiltInPage(HOME_URI, "", "Beranda"),
    BuiltInPage(OPD_LIST_URI, "Perangkat Daerah", "Perangkat Daerah"),  # the section of the OPD pages
    BuiltInPage(CHANGES_URI, "Perubahan Terbaru", "Perubahan Terbaru"),
    BuiltInPage(REVIEW_URI, "SOP Perlu Ditinjau", "Perlu Ditinjau"),
    BuiltInPage(MONEV_URI, "Monitoring dan Evaluasi", "Monitoring dan Evaluasi"),  # only with monitoring files
    BuiltInPage(DATA_PAGE_URI, "Data Terbuka", "Data Terbuka"),
    BuiltInPage(GUIDE_URI, "Panduan Format Sumber SOP", "Panduan Format Sumber SOP"),
    BuiltInPage(SEARCH_URI, "Cari SOP"),  # reached from the search box of every page
    BuiltInPage(ERROR_PAGE_URI, "Masalah di Sumber Situs"),  # only while a source is broken (`mkdocs serve`)
)
_BY_URI = {page.uri: page for page in BUILT_IN_PAGES}


def built_in(uri: str) -> BuiltInPage | None:
    """The built-in page at ``uri``, or None for any other address."""
    return _BY_URI.get(uri)


def built_in_title(uri: str) -> str:
    """The title of the built-in page at ``uri``."""
    return _BY_URI[uri].title


# Top-level names the site's own pages, files and assets take: an OPD folder (or an old address) cannot
# take one. "search" is Material's own search folder, kept free in case the plugin is turned on.
RESERVED_NAMES = frozenset(
    {
        *(uri.split("/")[0] for uri in (SEARCH_URI, DATA_PAGE_URI, OPD_LIST_URI, REVIEW_URI, CHANGES_URI, MONEV_URI)),
        ERROR_PAGE_URI.split("/")[0],
        SOURCE_SCHEMA_DIR,
        DATA_DIR,
        ASSETS_DIR,
        SEARCH_INDEX_DIR,
        "search",
    }
)


class _InOpd(Protocol):
    """An SOP as far as its addresses go (katalog_sop.catalog.model.Sop): no import of the model here."""

    @property
    def opd_slug(self) -> str: ...
    @property
    def slug(self) -> str: ...


class _Named(Protocol):
    """An OPD as far as its address goes (katalog_sop.catalog.model.Opd)."""

    @property
    def slug(self) -> str: ...


def sop_uri(sop: _InOpd) -> str:
    """The SOP's page: one folder per OPD, named after the source file."""
    return f"{sop.opd_slug}/{sop.slug}.md"


def sop_pdf_uri(sop: _InOpd) -> str:
    """The SOP printed as the official document, beside its page (when PDFs are on)."""
    return f"{sop.opd_slug}/{sop.slug}.pdf"


def sop_json_uri(sop: _InOpd) -> str:
    """The SOP's open data, beside its page."""
    return f"{sop.opd_slug}/{sop.slug}.json"


def opd_uri(opd: _Named) -> str:
    """The OPD's page: the index of its folder."""
    return f"{opd.slug}/index.md"


class _Period(Protocol):
    """A monitoring period file as far as its address goes (katalog_sop.catalog.monev.MonevReport)."""

    @property
    def opd_slug(self) -> str: ...
    @property
    def period_key(self) -> str: ...


def monev_form_uri(report: _Period) -> str:
    """The printable Formulir Monitoring of one OPD and period: ``monev/<opd>/<tahun>-<semester>/``."""
    return f"{MONEV_URI.removesuffix('index.md')}{report.opd_slug}/{report.period_key}/index.md"


def redirect_uri(alias: str) -> str:
    """The page at an SOP's old address. Old addresses were directory URLs, so it is ``<alias>/index.html``
    in both modes (``page_file`` of this URI), and links on it are relative to the folder ``<alias>/``."""
    return f"{alias.strip('/')}/index.md"


@dataclass(frozen=True)
class SiteUrls:
    """Addresses as MkDocs writes them, with or without directory URLs."""

    directory_urls: bool = True

    def page_url(self, src_uri: str) -> str:
        """The page's address relative to the site root: ``a/b/`` (or ``a/b.html``); the home page is ``""``
        (or ``index.html``)."""
        stem = src_uri.removesuffix(".md")
        if not self.directory_urls:
            return stem + ".html"
        if stem == "index":
            return ""
        return stem.removesuffix("/index") + "/"

    def page_file(self, src_uri: str) -> str:
        """Where the page's HTML is written in the site folder."""
        url = self.page_url(src_uri)
        return url + "index.html" if url == "" or url.endswith("/") else url

    def link(self, from_uri: str, to_uri: str) -> str:
        """A relative link from one page to another."""
        target = self.page_url(to_uri)
        if self.directory_urls:
            relative = posixpath.relpath(target or ".", self._folder(from_uri))
            return "./" if relative == "." else relative + "/"
        return posixpath.relpath(target, self._folder(from_uri))

    def file_link(self, from_uri: str, file_uri: str) -> str:
        """A relative link from a page to a file of the site (an asset, open data, a PDF)."""
        return posixpath.relpath(file_uri, self._folder(from_uri))

    def root_link(self, from_uri: str) -> str:
        """A relative link from a page to the site's root folder, ending in "/" in both modes: the base
        that scripts resolve site addresses against (Pagefind's result URLs)."""
        relative = posixpath.relpath(".", self._folder(from_uri))
        return "./" if relative == "." else relative + "/"

    def absolute(self, base_url: str, src_uri: str) -> str:
        """The page's public address under ``base_url`` (which ends in "/")."""
        return base_url + self.page_url(src_uri)

    def _folder(self, src_uri: str) -> str:
        """The folder the page's address is in: links on the page are relative to it."""
        url = self.page_url(src_uri)
        folder = url.rstrip("/") if url.endswith("/") else posixpath.dirname(url)
        return folder or "."
