"""One engine-free publish step: from the settings to everything an engine needs to make the site.

``publish(settings)`` reads the catalogue and returns a ``Publication``: the pages (as data: address,
title, description, body, headings, source file), the files beside them (open data, feed, schemas,
redirects, the site's own scripts and styles, the vendored Mermaid and fonts), the navigation, and the
steps to run on the finished site (the search index, the PDFs). With the modules beside it, each one
rule an engine applies as it is (``config_patch``: what the engine's config gets; ``clashes``: a
hand-written page in a generated page's place; ``serve_state``: what a preview shows while something is
broken), it is the whole contract with an engine. Two writers apply it: the MkDocs hook
(hooks/katalog.py) and ``export``, which writes a whole project for another engine.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any, Protocol

from katalog_sop import cache, vendor
from katalog_sop.catalog.model import Catalog
from katalog_sop.catalog.monev_status import MonevStatus
from katalog_sop.catalog.review import ReviewPolicy, reviews_due
from katalog_sop.problems import Problem, display_path
from katalog_sop.publish import pdf, search
from katalog_sop.settings import Settings, SettingsError
from katalog_sop.site import galat, textfit
from katalog_sop.site.page import GeneratedPage
from katalog_sop.site.render import render_site
from katalog_sop.source.read import build_catalog
from katalog_sop.static import OWN_ASSETS, VENDORED, minified
from katalog_sop.urls import (
    BUILT_IN_PAGES,
    ERROR_PAGE_URI,
    HOME_URI,
    MONEV_URI,
    OPD_LIST_URI,
    REVIEW_URI,
    SiteUrls,
    built_in,
    opd_uri,
)


@dataclass(frozen=True)
class NavItem:
    """One entry of the navigation: a page, or a section whose first child may be its index page."""

    title: str  # HTML-escaped: themes print nav titles as they are; "" for a page that keeps its own title
    uri: str | None = None
    children: tuple[NavItem, ...] = ()

    def as_config(self) -> Any:
        """The entry as mkdocs.yml's ``nav`` writes it (MkDocs, and engines that read mkdocs.yml)."""
        if self.children:
            return {self.title: [child.as_config() for child in self.children]}
        return {self.title: self.uri} if self.title else self.uri


def nav_pages(items: Sequence[NavItem]) -> dict[str, str]:
    """Every page of the navigation: its uri and its nav title ("" when it keeps its own)."""
    pages: dict[str, str] = {}
    for item in items:
        if item.uri:
            pages[item.uri] = item.title
        pages.update(nav_pages(item.children))
    return pages


@dataclass(frozen=True)
class SiteFile:
    """A file published beside the pages: text made here, or a file copied as it is."""

    uri: str
    content: str | None = None
    path: Path | None = None
    what: str = ""  # what makes it, as a maintainer knows it


class PostBuildStep(Protocol):
    """Work on the finished site folder; ``start`` may begin it beside the engine's own rendering."""

    def start(self) -> None: ...

    def finish(self, site_dir: Path) -> str: ...

    def cancel(self) -> None: ...


@dataclass
class SearchIndexStep:
    """The Pagefind index of the SOP bodies, made in a separate process while the engine renders."""

    pages: Sequence[GeneratedPage]
    language: str
    urls: SiteUrls
    _index: search.BackgroundIndex | None = None

    def start(self) -> None:
        self.cancel()
        self._index = search.BackgroundIndex(self.pages, language=self.language, urls=self.urls)
        self.pages = ()  # written out for Pagefind: the bodies are not kept here for the rest of the build

    def finish(self, site_dir: Path) -> str:
        if self._index is None:
            self.start()
        index, self._index = self._index, None
        assert index is not None
        summary = index.finish(site_dir)
        return f"indeks pencarian berisi {summary.pages} halaman SOP."

    def cancel(self) -> None:
        if self._index is not None:
            self._index.cancel()
            self._index = None


@dataclass
class PdfStep:
    """Each SOP printed as the official document beside its page, by Chromium on the finished site."""

    pages: Sequence[tuple[str, str]]  # (page URL, PDF path)

    def start(self) -> None:
        pass

    def finish(self, site_dir: Path) -> str:
        return f"{pdf.print_pages(site_dir, self.pages)} PDF SOP dicetak dengan Chromium."

    def cancel(self) -> None:
        pass


@dataclass(frozen=True)
class Publication:
    """Everything the site is made of, before any engine writes it."""

    settings: Settings
    catalog: Catalog | None  # None: only the problem page (`mkdocs serve` before any good build)
    pages: tuple[GeneratedPage, ...]
    files: tuple[SiteFile, ...]
    nav: tuple[NavItem, ...]
    post_build: tuple[PostBuildStep, ...] = ()
    hints: tuple[str, ...] = ()
    problems: tuple[Problem | str, ...] = ()

    @cached_property
    def in_nav(self) -> frozenset[str]:
        """The pages the navigation lists: the engine shows no warning for the others (SOP pages)."""
        return frozenset(nav_pages(self.nav))

    @property
    def urls(self) -> SiteUrls:
        return SiteUrls(self.settings.directory_urls)

    def nav_config(self, own_pages: Iterable[str], configured: Any = None) -> Any:
        """mkdocs.yml's ``nav`` for this site: the project's own, if it writes one and the catalogue is shown;
        else the generated entries, then the hand-written pages (``own_pages``) in order."""
        if configured is not None and self.catalog is not None:
            return configured
        return [*(item.as_config() for item in self.nav), *sorted(own_pages)]

    def what(self, page: GeneratedPage) -> str:
        """A generated page as the maintainer knows it: from which source file, or which built-in page."""
        if page.source is not None:
            source = display_path(page.source, self.settings.root)
            kind = "halaman OPD" if page.src_uri.endswith("/index.md") else "halaman SOP"
            return f"{kind} yang dibuat dari `{source}`"
        built = built_in(page.src_uri)
        if built is not None:
            return f"halaman {built.name} yang dibuat otomatis oleh Katalog SOP"
        return f"halaman `{page.src_uri}` yang dibuat otomatis oleh Katalog SOP"

    def summary(self) -> list[str]:
        """What the build log says about the catalogue (info, never a warning: a due review must not fail --strict)."""
        if self.catalog is None:
            return []
        settings = self.settings
        monev = MonevStatus(self.catalog, settings.today)
        due = reviews_due(self.catalog, ReviewPolicy(settings.today, settings.review_months, monev))
        lines = [
            f"{len(self.catalog.opds)} OPD, {len(self.catalog.sops)} halaman SOP.",
            f"{len(due)} SOP perlu ditinjau ulang per {settings.today.isoformat()} "
            f"(daftarnya di halaman {self.urls.page_url(REVIEW_URI)}).",
        ]
        if self.catalog.monev:
            where = f" (daftarnya di halaman {self.urls.page_url(MONEV_URI)} pada pratinjau)"
            lines.append(
                f"{len(monev.due_monitoring)} SOP belum dimonitor pada {monev.last_completed.name} maupun "
                f"{monev.current.name}; {len(monev.due_evaluation)} SOP belum dievaluasi dalam 12 bulan terakhir"
                f"{where}."
            )
        return lines


@dataclass(frozen=True)
class CatalogRead:
    """The catalogue as the site shows it, and the hints about its sources."""

    catalog: Catalog
    hints: tuple[str, ...]


def read_catalog(settings: Settings) -> CatalogRead:
    """Read and check every source; the drafts and the OPDs this build shows. Raises CatalogError."""
    result = build_catalog(settings.sources, settings.root, settings.today)
    catalog = result.published(include_drafts=settings.drafts)
    if settings.only_opds:
        known = {opd.slug for opd in catalog.opds}
        unknown = sorted(settings.only_opds - known)
        if unknown:
            raise SettingsError(
                [
                    Problem(
                        "$KATALOG_SOP_OPD",
                        1,
                        1,
                        f"KATALOG_SOP_OPD menyebut folder OPD yang tidak ada: {', '.join(unknown)}. "
                        f"Pilih dari: {', '.join(sorted(known))}.",
                    )
                ]
            )
        catalog = catalog.only(set(settings.only_opds))
    return CatalogRead(catalog, tuple(str(hint) for hint in result.hints))


def publish(
    settings: Settings,
    read: CatalogRead | None = None,
    problems: Sequence[Problem | str] = (),
) -> Publication:
    """The whole site from the settings: the catalogue is read unless given (CatalogError when it is broken).

    ``problems`` (`mkdocs serve` only) adds the problem page to the site of ``read``, the last good catalogue;
    with problems and no catalogue, the site is the problem page alone.
    """
    if read is None and not problems:
        read = read_catalog(settings)
    if read is None:
        return _problems_alone(settings, problems)
    catalog = read.catalog
    urls = SiteUrls(settings.directory_urls)
    fonts = textfit.fonts()  # the one step that may download (the fonts, when the cache is cold): before any page
    store = cache.page_store(vendor.cache_dir() / "simpanan")
    rendered, data = render_site(catalog, settings, fonts=fonts, page_store=store)
    if store is not None:
        store.prune()  # after the build's own entries are written: they are the newest
    pages = list(rendered)
    if problems:
        pages.append(galat.problem_page(problems, state="last_good"))
    made_here = "yang dibuat dari sumber SOP"
    files = [SiteFile(item.uri, content=item.content, what=f"berkas `{item.uri}` {made_here}") for item in data]
    files.extend(_assets())
    steps: list[PostBuildStep] = [SearchIndexStep(tuple(rendered), settings.language, urls)]
    if settings.pdf:
        steps.append(PdfStep(tuple(pdf.pdf_pages(catalog.sops, urls))))
    nav = navigation(catalog)
    return Publication(
        settings=settings,
        catalog=catalog,
        pages=tuple(pages),
        files=tuple(files),
        nav=nav,
        post_build=tuple(steps),
        hints=read.hints,
        problems=tuple(problems),
    )


def _problems_alone(settings: Settings, problems: Sequence[Problem | str]) -> Publication:
    """`mkdocs serve` before any good build: the problem list is the whole site (home and galat/)."""
    pages = tuple(galat.problem_page(problems, state="none", src_uri=uri) for uri in (HOME_URI, ERROR_PAGE_URI))
    nav = (NavItem(html.escape(galat.TITLE, quote=False), HOME_URI),)
    return Publication(
        settings=settings,
        catalog=None,
        pages=pages,
        files=tuple(_assets()),
        nav=nav,
        problems=tuple(problems),
    )


def navigation(catalog: Catalog) -> tuple[NavItem, ...]:
    """Home, the OPD pages, the lists and the format guide: never the SOP pages (the nav stays small at 5,000).

    The section's index page lists every OPD: with navigation.prune, pages outside the section (all SOP
    pages) carry one link instead of 40. The engine adds the hand-written pages after these.
    """
    opds = tuple(NavItem(html.escape(opd.nama, quote=False), opd_uri(opd)) for opd in catalog.opds)
    return tuple(
        NavItem(html.escape(page.nav, quote=False), children=(NavItem("", OPD_LIST_URI), *opds))
        if page.uri == OPD_LIST_URI
        else NavItem(html.escape(page.nav, quote=False), page.uri)
        for page in BUILT_IN_PAGES
        if page.nav is not None and (page.uri != MONEV_URI or catalog.monev)  # no monitoring files: as before
    )


def _assets() -> list[SiteFile]:
    """The site's own scripts and styles, and the third-party files fetched at their pinned versions."""
    files = [SiteFile(uri, path=vendor.ensure(asset), what=f"berkas `{uri}`") for uri, asset in VENDORED.items()]
    files.extend(SiteFile(uri, content=minified(path), what=f"berkas `{uri}`") for uri, path in OWN_ASSETS.items())
    return files
