"""The catalogue as pages, from Jinja2 templates.

Data is written as HTML with autoescaping (so any text is shown literally,
whatever Markdown or HTML it contains); page structure and the Mermaid fence
are Markdown. The output does not depend on MkDocs: ``export`` writes the same
pages to a folder for another engine. Every address comes from katalog_sop.urls,
so links follow the engine's choice of directory URLs or not.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Iterator
from dataclasses import replace
from importlib import resources
from pathlib import Path

import yaml
from markupsafe import Markup, escape

from katalog_sop import cache
from katalog_sop.catalog import flow, waktu
from katalog_sop.catalog.changes import LATEST_CHANGES, history, latest_changes
from katalog_sop.catalog.model import Catalog, Opd, Sop, Status, Symbol
from katalog_sop.catalog.monev import KRITERIA, MonevReport, Penilaian, Period, Rekomendasi
from katalog_sop.catalog.monev_status import MonevStatus
from katalog_sop.catalog.review import ReviewDue, ReviewPolicy, reviews_due
from katalog_sop.catalog.summary import summarize
from katalog_sop.forking import available_cores, can_fork
from katalog_sop.settings import Settings
from katalog_sop.site import bagan, feed, kontak, mermaid, textfit
from katalog_sop.site.document import PRINT_SHEET_RATIO, qr_data_uri, structured_data
from katalog_sop.site.filters import (
    css_string,
    format_date,
    json_ld,
    multiline,
    nomor_breaks,
    page_text,
    template_environment,
)
from katalog_sop.site.markup import render_markdown
from katalog_sop.site.monev_pages import (
    DueGroup,
    FormLink,
    NotWorking,
    OpdChartRow,
    Recommended,
    TrendCell,
    TrendRow,
    form_rows,
    sop_view,
    trend_periods,
)
from katalog_sop.site.opendata import (
    CATALOG_CSV,
    CATALOG_JSON,
    MONEV_CSV,
    MONEV_JSON,
    SCHEMA_JSON,
    DataFile,
    data_files,
)
from katalog_sop.site.page import GeneratedPage, Heading, page_entry, page_from_entry
from katalog_sop.site.parallel import PARALLEL_MIN_SOPS, render_in_parallel
from katalog_sop.site.sop_context import Related, SopPageContext
from katalog_sop.source.schema import source_schemas
from katalog_sop.static import MERMAID_DOWNLOAD, MERMAID_URI, SEARCH_SCRIPT_URI
from katalog_sop.urls import (
    CHANGES_URI,
    DATA_PAGE_URI,
    FEED_URI,
    GUIDE_URI,
    HOME_URI,
    MONEV_URI,
    OPD_LIST_URI,
    REVIEW_URI,
    SEARCH_INDEX_DIR,
    SEARCH_URI,
    SOURCE_SCHEMA_DIR,
    SiteUrls,
    built_in_title,
    monev_form_uri,
    opd_uri,
    sop_json_uri,
    sop_pdf_uri,
    sop_uri,
)

# The name of each step's symbol in the steps table (drawn beside it by _simbol_ikon.html.j2).
SYMBOL_LABELS = {
    Symbol.START: "Mulai",
    Symbol.END: "Selesai",
    Symbol.PROCESS: "Proses",
    Symbol.DECISION: "Keputusan",
}
# Why a step's time is left out of the SOP's total, as the page says it.
UNCOUNTED_REASONS = {
    waktu.Form.RATE: "waktu per butir, bergantung pada jumlahnya",
    waktu.Form.TEXT: "waktu berupa teks",
}
LATEST_COUNT = 10


class Renderer:
    """Renders every page of a catalogue; links are relative to each page."""

    def __init__(
        self,
        catalog: Catalog,
        settings: Settings,
        fonts: textfit.Fonts | None = None,
        page_store: cache.Store | None = None,
    ) -> None:
        self.catalog = catalog
        self.page_store = page_store  # SOP pages of earlier builds, by the key of what they show
        self.settings = settings  # what the pages need of the site: its name, who reads it, the build day
        # The fonts the Bagian Flowchart is measured with: fetched here, once, so that no layout downloads.
        self.fonts = fonts or textfit.fonts()
        self.urls = SiteUrls(settings.directory_urls)
        self.env = template_environment()
        self.env.filters.update(
            date=format_date,
            multiline=multiline,
            markdown=render_markdown,
            json_ld=json_ld,
            n=bagan.number,
            css_string=css_string,
            nomor=nomor_breaks,
            tel_uri=kontak.tel_uri,
            mailto_uri=kontak.mailto_uri,
            web_uri=kontak.web_uri,
        )
        self.opds = {opd.slug: opd for opd in catalog.opds}
        self.sops_by_opd: dict[str, list[Sop]] = {opd.slug: [] for opd in catalog.opds}
        for sop in catalog.sops:
            self.sops_by_opd[sop.opd_slug].append(sop)
        self.by_nomor = catalog.by_nomor()
        self.backlinks = catalog.referenced_by()
        self.monev = MonevStatus(catalog, settings.today)  # one per build (monitoring and evaluation)
        self.due = reviews_due(catalog, ReviewPolicy(settings.today, settings.review_months, self.monev))
        self.monev_reports = {opd.slug: self.monev.reports_of(opd) for opd in catalog.opds}  # newest first

    def pages(self) -> Iterator[GeneratedPage]:
        yield from self.other_pages()
        for sop in self.catalog.sops:
            yield self.sop_page(sop)

    def other_pages(self) -> Iterator[GeneratedPage]:
        """Every page but the SOP pages, in the order ``pages`` gives them (before the SOP pages)."""
        yield self.home()
        yield self.search_page()
        yield self.opd_list()
        yield self.data_page()
        yield self.review_page()
        if self.catalog.monev:  # a catalogue without monitoring files: its site as before
            yield self.monev_page()
        yield self.changes_page()
        yield guide_page()
        for opd in self.catalog.opds:
            yield self.opd_page(opd)
        for report in self.catalog.monev:
            if report.opd_slug in self.opds:
                yield self.monev_form_page(report)

    def _page(
        self,
        template: str,
        src_uri: str,
        title: str,
        description: str = "",
        *,
        html_body: bool = False,
        source: Path | None = None,
        **context: object,
    ) -> GeneratedPage:
        """Render one page. A template writes each h2 with ``heading(id, title)``, which records it: a page
        with an HTML body (``html_body``) gets those headings as its table of contents."""
        headings: list[Heading] = []
        body = self.env.get_template(template).render(heading=self._heading_recorder(headings), title=title, **context)
        return GeneratedPage(
            src_uri,
            page_text(title),
            page_text(description) if description else "",
            body,
            source,
            tuple(headings) if html_body else None,
        )

    def _heading_recorder(self, headings: list[Heading]) -> Callable[[str, str], Markup]:
        macro = self.env.get_template("_heading.html.j2").module.heading  # type: ignore[attr-defined]

        def heading(id: str, title: str) -> Markup:
            headings.append(Heading(str(id), str(escape(title))))
            return Markup(macro(id, title))

        return heading

    def _link(self, from_uri: str, to_uri: str) -> str:
        return self.urls.link(from_uri, to_uri)

    def _asset(self, from_uri: str, file_uri: str) -> str:
        return self.urls.file_link(from_uri, file_uri)

    def home(self) -> GeneratedPage:
        sops = self.catalog.sops
        in_force = [s for s in sops if s.status == Status.IN_FORCE]
        latest = sorted(sops, key=lambda s: (s.latest_date, s.nama), reverse=True)[:LATEST_COUNT]
        return self._page(
            "home.md.j2",
            HOME_URI,
            self.settings.site_name,
            settings=self.settings,
            opd_rows=self._opd_rows(HOME_URI),
            count_opd=len(self.catalog.opds),
            count_in_force=len(in_force),
            count_revoked=sum(1 for s in sops if s.status == Status.REVOKED),
            count_draft=sum(1 for s in sops if s.status == Status.DRAFT),
            latest=[self._sop_row(HOME_URI, s) for s in latest],
            count_due=len(self.due),
            review_url=self._link(HOME_URI, REVIEW_URI),
            changes_url=self._link(HOME_URI, CHANGES_URI),
            feed_url=self._asset(HOME_URI, FEED_URI),
        )

    def review_page(self) -> GeneratedPage:
        """The SOPs due for review, by OPD, the longest overdue first."""
        here = REVIEW_URI
        groups = []
        for opd in self.catalog.opds:
            due = sorted(
                (self.due[s.key] for s in self.sops_by_opd[opd.slug] if s.key in self.due),
                key=lambda item: (item.due, item.sop.nama.casefold()),
            )
            if due:
                groups.append(
                    {"opd": opd, "opd_url": self._link(here, opd_uri(opd)), "rows": self._due_rows(here, due)}
                )
        return self._page(
            "review.md.j2",
            here,
            built_in_title(here),
            "SOP yang berlaku dan sudah waktunya ditinjau ulang, menurut perangkat daerah.",
            html_body=True,
            settings=self.settings,
            groups=groups,
            count=len(self.due),
            today=self.settings.today,
            months=self.settings.review_months,
            monev_shown=bool(self.catalog.monev),
        )

    def _due_rows(self, here: str, due: list[ReviewDue]) -> list[dict[str, object]]:
        return [{"item": item, "url": self._link(here, sop_uri(item.sop))} for item in due]

    def changes_page(self) -> GeneratedPage:
        """The latest changes across the catalogue, newest first."""
        here = CHANGES_URI
        changes = latest_changes(self.catalog)
        rows = [
            {
                "change": change,
                "url": self._link(here, sop_uri(change.sop)),
                "opd": self.opds[change.sop.opd_slug],
                "opd_url": self._link(here, opd_uri(self.opds[change.sop.opd_slug])),
            }
            for change in changes
        ]
        return self._page(
            "changes.md.j2",
            here,
            built_in_title(here),
            "Perubahan SOP terbaru di seluruh katalog, dari riwayat setiap SOP.",
            html_body=True,
            settings=self.settings,
            rows=rows,
            limit=LATEST_CHANGES,
            feed_url=self._asset(here, FEED_URI),
        )

    def opd_page(self, opd: Opd) -> GeneratedPage:
        here = opd_uri(opd)
        sops = self.sops_by_opd[opd.slug]
        return self._page(
            "opd.md.j2",
            here,
            opd.nama,
            f"Daftar SOP {opd.nama}",
            html_body=True,  # no Markdown pass: at 5,000 SOPs its HTML-block scan of the tables costs seconds
            source=opd.source,
            settings=self.settings,
            opd=opd,
            in_force=[self._sop_row(here, s) for s in sops if s.status == Status.IN_FORCE],
            revoked=[self._sop_row(here, s) for s in sops if s.status == Status.REVOKED],
            drafts=[self._sop_row(here, s) for s in sops if s.status == Status.DRAFT],
            home_url=self._link(here, HOME_URI),
            **self._opd_monev(here, opd),
        )

    def _opd_monev(self, here: str, opd: Opd) -> dict[str, object]:
        """The OPD page's monitoring: its latest period's table, and links to every period's formulir."""
        reports = self.monev_reports[opd.slug]
        forms = [FormLink(r, self._link(here, monev_form_uri(r)), self.monev.coverage_of(r)) for r in reports]
        latest = None
        if reports:
            latest = {
                "report": reports[0],
                "rows": form_rows(reports[0], self.by_nomor, lambda s: self._link(here, sop_uri(s))),
                "coverage": forms[0].coverage,
                "url": forms[0].url,
            }
        return {"monev_latest": latest, "monev_forms": forms, "monev_shown": bool(self.catalog.monev)}

    def monev_form_page(self, report: MonevReport) -> GeneratedPage:
        """The printable Formulir Monitoring of one OPD and period (not in the navigation)."""
        here = monev_form_uri(report)
        opd = self.opds[report.opd_slug]
        return self._page(
            "monev-form.md.j2",
            here,
            f"Formulir Monitoring {opd.nama} {report.period.name}",
            f"Formulir Monitoring Pelaksanaan SOP AP {opd.nama}, {report.period.name}",
            html_body=True,
            source=report.source,
            opd=opd,
            report=report,
            rows=form_rows(report, self.by_nomor, lambda s: self._link(here, sop_uri(s))),
            coverage=self.monev.coverage_of(report),
            opd_url=self._link(here, opd_uri(opd)),
        )

    def monev_page(self) -> GeneratedPage:
        """The catalogue's monitoring and evaluation: every OPD's coverage in the last completed semester (chart
        and table), the trend over the last periods, the SOPs recommended for revision or withdrawal, and, for
        maintainers, what is due."""
        here = MONEV_URI
        status = self.monev
        reference = status.last_completed
        files = {(r.opd_slug, r.period): r for r in self.catalog.monev}

        def form_url(opd: Opd, period: Period) -> str | None:
            report = files.get((opd.slug, period))
            return self._link(here, monev_form_uri(report)) if report else None

        chart = []
        for opd in self.catalog.opds:
            report = files.get((opd.slug, reference))
            in_force = status.in_force_by(opd, reference)
            if report is None and not in_force:
                continue  # nothing it had to monitor then
            coverage = status.coverage_of(report) if report else None
            chart.append(OpdChartRow(opd, self._link(here, opd_uri(opd)), coverage, form_url(opd, reference), in_force))
        periods = trend_periods(status.periods, reference)
        trend = [
            TrendRow(
                opd,
                self._link(here, opd_uri(opd)),
                tuple(
                    TrendCell(
                        status.coverage_of(files[(opd.slug, p)]) if (opd.slug, p) in files else None, form_url(opd, p)
                    )
                    for p in periods
                ),
            )
            for opd in self.catalog.opds
            if any((opd.slug, p) in files for p in periods)
        ]
        recommended = []
        not_working = []
        for sop in self.catalog.sops:
            monev = status.of(sop)
            opd = self.opds[sop.opd_slug]
            evaluated = monev.latest_evaluation
            if evaluated is not None and evaluated.row.rekomendasi != Rekomendasi.TETAP:
                recommended.append(Recommended(sop, self._link(here, sop_uri(sop)), opd, evaluated))
            latest = monev.latest
            if latest is not None and latest.row.penilaian == Penilaian.TIDAK_BAIK and sop.status == Status.IN_FORCE:
                not_working.append(NotWorking(sop, self._link(here, sop_uri(sop)), opd, latest))
        due = []
        if self.settings.maintainers:
            monitoring_due = {s.key for s in status.due_monitoring}
            evaluation_due = {s.key for s in status.due_evaluation}
            for opd in self.catalog.opds:
                sops = self.sops_by_opd[opd.slug]
                group = DueGroup(
                    opd,
                    self._link(here, opd_uri(opd)),
                    tuple(s for s in sops if s.key in monitoring_due),
                    tuple(s for s in sops if s.key in evaluation_due),
                )
                if group.monitoring or group.evaluation:
                    due.append(group)
        reported = [row for row in chart if row.coverage is not None]
        return self._page(
            "monev.md.j2",
            here,
            built_in_title(here),
            "Hasil monitoring dan evaluasi SOP setiap perangkat daerah: cakupan, hasil, tren, dan SOP yang perlu "
            "direvisi.",
            html_body=True,
            settings=self.settings,
            reference=reference,
            current=status.current,
            chart=chart,
            missed=[row for row in chart if row.coverage is None],
            total_in_force=sum(row.coverage.in_force for row in reported),  # type: ignore[union-attr]
            total_monitored=sum(row.coverage.monitored for row in reported),  # type: ignore[union-attr]
            total_baik=sum(row.coverage.baik for row in reported),  # type: ignore[union-attr]
            periods=periods,
            trend=trend,
            recommended=recommended,
            not_working=not_working,
            due=due,
            count_due_monitoring=sum(len(g.monitoring) for g in due),
            count_due_evaluation=sum(len(g.evaluation) for g in due),
            kriteria=KRITERIA,
        )

    def _opd_rows(self, here: str) -> list[dict[str, object]]:
        return [
            {
                "opd": opd,
                "url": self._link(here, opd_uri(opd)),
                "in_force": sum(1 for s in self.sops_by_opd[opd.slug] if s.status == Status.IN_FORCE),
                "revoked": sum(1 for s in self.sops_by_opd[opd.slug] if s.status == Status.REVOKED),
            }
            for opd in self.catalog.opds
        ]

    def opd_list(self) -> GeneratedPage:
        return self._page(
            "opd_list.md.j2",
            OPD_LIST_URI,
            built_in_title(OPD_LIST_URI),
            f"Daftar perangkat daerah dan jumlah SOP-nya di {self.settings.site_name}",
            settings=self.settings,
            opd_rows=self._opd_rows(OPD_LIST_URI),
            search_url=self._link(OPD_LIST_URI, SEARCH_URI),
        )

    def data_page(self) -> GeneratedPage:
        here = DATA_PAGE_URI
        first = self.catalog.sops[0] if self.catalog.sops else None
        example = {"path": sop_json_uri(first), "url": self._asset(here, sop_json_uri(first))} if first else None
        files = {
            "json": CATALOG_JSON,
            "csv": CATALOG_CSV,
            "schema": SCHEMA_JSON,
            "feed": FEED_URI,
            "monev_json": MONEV_JSON,
            "monev_csv": MONEV_CSV,
        }
        return self._page(
            "data.md.j2",
            here,
            built_in_title(here),
            f"Unduh katalog SOP {self.settings.site_name} sebagai JSON dan CSV, dengan skema dan lisensinya.",
            settings=self.settings,
            count=len(self.catalog.sops),
            files=files,
            links={**{k: self._asset(here, v) for k, v in files.items()}, "sitemap": self._asset(here, "sitemap.xml")},
            example=example,
            feed_size=feed.FEED_SIZE,
        )

    def search_page(self) -> GeneratedPage:
        in_force = [s for s in self.catalog.sops if s.status == Status.IN_FORCE]
        return self._page(
            "search.md.j2",
            SEARCH_URI,
            built_in_title(SEARCH_URI),
            f"Cari SOP {self.settings.site_name} menurut nama, kata, nomor, perangkat daerah, jenis dan status.",
            settings=self.settings,
            opds=self.catalog.opds,
            example_nomor=in_force[0].nomor if in_force else "045/SOP.02/UMUM/2024",
            searchable=any(s.status != Status.DRAFT for s in self.catalog.sops),
            # Only SOPs that state their biaya carry the filter: offered when at least one does.
            with_biaya=any(s.layanan is not None and s.layanan.biaya for s in self.catalog.sops),
            action_url=self._link(SEARCH_URI, SEARCH_URI),
            home_url=self._link(SEARCH_URI, HOME_URI),
            # Pagefind's result addresses are relative to the site's root folder, in both URL modes.
            root_url=self.urls.root_link(SEARCH_URI),
            bundle_url=self._asset(SEARCH_URI, f"{SEARCH_INDEX_DIR}/pagefind.js"),
            script_url=self._asset(SEARCH_URI, SEARCH_SCRIPT_URI),
        )

    def site_files(self) -> list[DataFile]:
        """Everything the site publishes beside its pages: open data, the feed, the source
        format's JSON Schemas (for editors), the redirects."""
        base_url = self.settings.base_url
        return [
            *data_files(
                self.catalog,
                self.settings.site_name,
                self.settings.license,
                lambda sop: self.urls.absolute(base_url, sop_uri(sop)),
                self.monev,
            ),
            DataFile(FEED_URI, self.feed()),
            *(DataFile(f"{SOURCE_SCHEMA_DIR}/{name}", text) for name, text in source_schemas().items()),
            *self.redirects(),
        ]

    def feed(self) -> str:
        """The Atom feed of the latest SOPs (katalog_sop.site.feed)."""
        return feed.atom_feed(self.env, self.catalog, self.settings.site_name, self.settings.base_url, self.urls)

    def redirects(self) -> list[DataFile]:
        """The pages at the SOPs' old addresses (katalog_sop.site.feed)."""
        return feed.redirects(self.env, self.catalog, self.settings.base_url, self.urls)

    def _sop_row(self, here: str, sop: Sop) -> dict[str, object]:
        opd = self.opds[sop.opd_slug]
        return {
            "sop": sop,
            "url": self._link(here, sop_uri(sop)),
            "opd": opd,
            "opd_url": self._link(here, opd_uri(opd)),
        }

    def sop_page(self, sop: Sop) -> GeneratedPage:
        """The SOP's page: from the render cache when an earlier build made it from the same inputs."""
        store = self.page_store
        if store is None:
            return self._render_sop_page(sop)
        key = self.sop_page_key(sop)
        entry = store.get(key)
        page = page_from_entry(entry, sop_uri(sop), sop.source) if entry is not None else None
        if page is None:
            page = self._render_sop_page(sop)
            store.put(key, page_entry(page))
        return page

    @functools.cached_property
    def _build_key(self) -> str:
        """What every SOP page depends on: this package and its libraries, the settings (not the day: what
        the day changes, the review and the monitoring, is in each page's key), the fonts."""
        settings = replace(self.settings, today=dt.date.min, notices=(), only_opds=frozenset())
        return cache.digest(cache.package_digest(), self._project_relative(settings), repr(self.fonts))

    def sop_page_key(self, sop: Sop) -> str:
        """Everything an SOP page shows, as the key of its cache entry: the SOP, its OPD, the SOPs it links
        to and those linking to it, its review, its monitoring and the OPD's period files."""
        opd = self.opds[sop.opd_slug]
        related = [self.by_nomor.get(item.nomor) if item.nomor else None for item in sop.keterkaitan]
        return cache.digest(
            self._build_key,
            sop_uri(sop),
            *map(
                self._project_relative,
                (
                    sop,
                    opd,
                    related,
                    self.backlinks.get(sop.nomor, ()),
                    self.due.get(sop.key),
                    self.monev.of(sop),
                    [r.period_key for r in self.monev_reports[opd.slug]],
                    bool(self.catalog.monev),
                ),
            ),
        )

    def _project_relative(self, value: object) -> str:
        """``repr(value)`` with the project folder's path left out: pages show paths relative to it only, so
        a cache made in another checkout of the same sources (a CI runner) serves this one too."""
        return repr(value).replace(self._root_in_repr, "<proyek>")

    @functools.cached_property
    def _root_in_repr(self) -> str:
        return repr(str(self.settings.root))[1:-1]  # the project folder as a repr writes it inside a path

    def _render_sop_page(self, sop: Sop) -> GeneratedPage:
        context = self.sop_context(sop)
        return self._page(
            "sop.md.j2",
            sop_uri(sop),
            sop.nama,
            f"SOP {sop.nomor} {context.opd.nama}",
            html_body=True,
            source=sop.source,
            **context.template_fields(),
        )

    def sop_context(self, sop: Sop) -> SopPageContext:
        """Everything the SOP page's template reads, built here and nowhere else."""
        here = sop_uri(sop)
        opd = self.opds[sop.opd_slug]
        related = []
        for item in sop.keterkaitan:
            target = self.by_nomor.get(item.nomor) if item.nomor else None
            # A reference to a draft left out of the public site is shown as its nomor, without a link.
            related.append(
                Related(
                    text=item.text or f"SOP {item.nomor}",
                    target=target,
                    url=self._link(here, sop_uri(target)) if target else None,
                )
            )
        main = flow.main_path(sop.kegiatan)
        chart = bagan.layout(sop, self.fonts)
        rows = self._row_fragments(chart)
        address = self.urls.absolute(self.settings.base_url, here) if self.settings.base_url else ""
        return SopPageContext(
            settings=self.settings,
            sop=sop,
            opd=opd,
            opd_url=self._link(here, opd_uri(opd)),
            page_address=address,
            qr=css_string(qr_data_uri(address)) if address else "",
            logo_url=self._asset(here, self.settings.logo) if self.settings.logo else "",
            chart=self._svg(bagan.whole(chart), sop, rows, f"bagan-{sop.slug}"),
            print_sheets=tuple(self._svg(s, sop, rows) for s in bagan.sheets(chart, chart.width * PRINT_SHEET_RATIO)),
            related=tuple(related),
            review=self.due.get(sop.key),
            history=history(sop),
            referenced_by=tuple(self._sop_row(here, s) for s in self.backlinks.get(sop.nomor, ())),
            diagram=mermaid.page_flowchart(sop),  # "" when too large for Mermaid
            mermaid_url=self._asset(here, MERMAID_URI),
            mermaid_download=MERMAID_DOWNLOAD,
            data_url=self._asset(here, sop_json_uri(sop)),
            pdf_url=self._asset(here, sop_pdf_uri(sop)) if self.settings.pdf else "",
            structured_data=structured_data(sop, opd, address),
            symbols=SYMBOL_LABELS,
            step_label=_step_label,
            total_main=waktu.format_total([s.waktu for s in main if s.waktu is not None]),
            main_numbers=frozenset(s.number for s in main),
            total_all=waktu.format_total([s.waktu for s in sop.kegiatan if s.waktu is not None]),
            summary=summarize(sop, opd),
            uncounted=tuple(s for s in sop.kegiatan if s.waktu is not None and not s.waktu.counted),
            uncounted_reason=UNCOUNTED_REASONS,
            monev=sop_view(
                self.monev.of(sop),
                {r.period_key: self._link(here, monev_form_uri(r)) for r in self.monev_reports[opd.slug]},
                shown=bool(self.catalog.monev),  # a catalogue without monitoring: its pages as before
            ),
        )

    def _row_fragments(self, chart: bagan.Chart) -> dict[int, Markup]:
        """Each row's texts and symbols drawn once, at y = 0, for every drawing of the chart."""
        template = self.env.get_template("bagan_baris.svg.j2")
        return {
            row.number: Markup(template.render(row=row.moved(-row.y), line_height=bagan.LINE_HEIGHT, table_top=0))
            for row in chart.rows
        }

    def _svg(self, sheet: bagan.Sheet, sop: Sop, rows: dict[int, Markup], title_id: str = "") -> Markup:
        description = (
            f"Bagan alir {len(sop.kegiatan)} langkah dengan {len(sop.pelaksana)} pelaksana: "
            f"{', '.join(sop.pelaksana)}. Isi yang sama ada dalam tabel kegiatan di bawahnya."
        )
        return Markup(
            self.env.get_template("bagan.svg.j2").render(
                sheet=sheet,
                row_fragments=rows,
                table_top=sheet.table_top,
                title_id=title_id,
                title=f"Bagian Flowchart: {sop.nama}",
                description=description,
                line_height=bagan.LINE_HEIGHT,
            )
        )


def _step_label(target: int) -> str:
    return "selesai" if target == 0 else f"langkah {target}"


@functools.cache
def guide_page() -> GeneratedPage:
    """The format guide (a Markdown file with front matter in the package), read once per process."""
    text = resources.files("katalog_sop.site").joinpath("panduan", "format-sumber.md").read_text(encoding="utf-8")
    meta, body = split_front_matter(text)
    return GeneratedPage(
        GUIDE_URI,
        page_text(built_in_title(GUIDE_URI)),
        page_text(str(meta.get("description") or "")),
        body,
    )


def split_front_matter(text: str) -> tuple[dict[str, object], str]:
    """A hand-written page's YAML front matter, and its body without it (nor the blank line after it)."""
    if text.startswith("---\n"):
        end = text.find("\n---\n", 4)
        if end != -1:
            meta = yaml.safe_load(text[4:end]) or {}
            body = text[end + 5 :]
            return (meta if isinstance(meta, dict) else {}), body.removeprefix("\n")
    return {}, text


def render_pages(catalog: Catalog, settings: Settings) -> list[GeneratedPage]:
    return list(Renderer(catalog, settings).pages())


def render_site(
    catalog: Catalog,
    settings: Settings,
    *,
    fonts: textfit.Fonts | None = None,
    workers: int | None = None,
    parallel_min: int = PARALLEL_MIN_SOPS,
    page_store: cache.Store | None = None,
) -> tuple[list[GeneratedPage], list[DataFile]]:
    """The pages, and the files beside them (open data, feed, redirects), from one renderer.

    From ``parallel_min`` SOPs on, the SOP pages are rendered on ``workers`` cores (default: every core this
    process may use; katalog_sop.site.parallel), the same bytes in the same order as in one process."""
    renderer = Renderer(catalog, settings, fonts, page_store)
    workers = available_cores() if workers is None else workers
    if workers < 2 or len(catalog.sops) < parallel_min or not can_fork():
        return list(renderer.pages()), renderer.site_files()

    def meanwhile() -> tuple[list[GeneratedPage], list[DataFile]]:
        return list(renderer.other_pages()), renderer.site_files()

    sop_pages, (other, files) = render_in_parallel(catalog.sops, renderer.sop_page, meanwhile, workers)
    return [*other, *sop_pages], files
