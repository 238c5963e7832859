"""What a preview (`mkdocs serve`) shows while something is broken, decided without any engine.

A build stops at the first broken source. A preview keeps answering: it shows the last good catalogue of the
session with a banner on every page linking to the problem page ``galat/`` (or the problem page alone before
any good build); a hand-written page in a generated page's place loses to the generated page and is listed
there too; a rebuild that fails for another reason leaves the problem page (and the 404 page) saying so.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from katalog_sop.problems import CatalogError, Problem
from katalog_sop.publish.clashes import Clash
from katalog_sop.publish.publication import CatalogRead, Publication, read_catalog
from katalog_sop.settings import Settings
from katalog_sop.site import galat
from katalog_sop.site.page import GeneratedPage
from katalog_sop.urls import ERROR_PAGE_URI, SiteUrls

NOT_FOUND_PAGE = "404.html"  # what the preview answers for a page a failed rebuild did not make


@dataclass
class ServeState:
    """One build's or one preview session's view of what is broken."""

    serving: bool = False
    last_good: CatalogRead | None = None  # the last catalogue read without problems in this session
    problems: list[Problem | str] = field(default_factory=list)  # what is wrong now (preview only)

    def read(self, settings: Settings) -> CatalogRead | None:
        """The catalogue this build shows. A build raises CatalogError; a preview keeps the problems and
        shows the last good catalogue (None: the problem page alone)."""
        self.problems = []
        try:
            read = read_catalog(settings)
        except CatalogError as error:
            if not self.serving:
                raise
            self.problems = list(error.problems)
            return self.last_good
        if self.serving:
            self.last_good = read
        return read

    def notice(self, urls: SiteUrls) -> str:
        """What the preview's log says while the sources are broken."""
        shown = "situs terakhir yang berhasil" if self.last_good is not None else "hanya daftar masalah"
        return (
            f"{len(self.problems)} masalah di sumber SOP; pratinjau menampilkan {shown} "
            f"(halaman {urls.page_url(ERROR_PAGE_URI)}) sampai diperbaiki."
        )

    def with_clashes(self, clashes: Sequence[Clash]) -> GeneratedPage:
        """A preview shows the generated pages and lists the clashes: the problem page that joins the site."""
        self.problems.extend(clash.problem for clash in clashes)
        return galat.problem_page(self.problems, state="last_good")

    def banner(self, publication: Publication, src_uri: str, link: Callable[[], str]) -> str:
        """The banner above a page of the last good site (``link``: from that page to galat/), or ""."""
        if not self.problems or publication.catalog is None or src_uri == ERROR_PAGE_URI:
            return ""
        return galat.banner(len(self.problems), link())

    def failed_rebuild(self, logged: Sequence[str], error: BaseException, urls: SiteUrls) -> dict[str, str]:
        """The pages a preview writes over its site when a rebuild fails: {path in the site: HTML}."""
        problems: list[Problem | str] = [
            *(logged or self.problems),
            f"Penyusunan situs gagal ({error or type(error).__name__}); rincian ada di terminal `mkdocs serve`.",
        ]
        page = galat.standalone(problems)
        return {urls.page_file(ERROR_PAGE_URI): page, NOT_FOUND_PAGE: page}
