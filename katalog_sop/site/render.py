"""Stage 4: the catalogue as Markdown pages, from Jinja2 templates.

Data is written as HTML with autoescaping (so any text is shown literally,
whatever Markdown or HTML it contains); page structure and the Mermaid fence
are Markdown. The output does not depend on MkDocs: ``export`` writes the same
pages to a folder for another engine.
"""

from __future__ import annotations

import datetime as dt
import functools
import html
import json
import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import segno
from babel import dates as babel_dates
from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup, escape

from katalog_sop.catalog import flow, waktu
from katalog_sop.catalog.changes import LATEST_CHANGES, history, latest_changes
from katalog_sop.catalog.model import Catalog, Opd, Sop, Symbol
from katalog_sop.catalog.review import DEFAULT_MONTHS, ReviewDue, ReviewPolicy, reviews_due
from katalog_sop.catalog.summary import summarize
from katalog_sop.site import bagan, csp, kontak, mermaid
from katalog_sop.site.markup import render_markdown
from katalog_sop.site.opendata import CATALOG_CSV, CATALOG_JSON, SCHEMA_JSON, DataFile, License, data_files
from katalog_sop.source.schema import SOURCE_SCHEMA_DIR, source_schemas
from katalog_sop.static import MERMAID_DOWNLOAD, MERMAID_URI, SEARCH_INDEX_DIR, SEARCH_SCRIPT_URI

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
SEARCH_URI = "cari/index.md"
DATA_PAGE_URI = "data-terbuka/index.md"
FEED_URI = "perubahan.xml"
FEED_SIZE = 50
OPD_LIST_URI = "perangkat-daerah/index.md"
REVIEW_URI = "perlu-ditinjau/index.md"
CHANGES_URI = "perubahan-terbaru/index.md"
# The maintainers' guide to the source format, kept in the package (katalog_sop/site/panduan/) and published beside
# the JSON Schemas it explains.
GUIDE_URI = f"{SOURCE_SCHEMA_DIR}/index.md"
GUIDE_TITLE = "Panduan Format Sumber SOP"
# Height over width of one printed Bagian Flowchart sheet: A4 landscape (297 x 210 mm)
# less the page margins and the footer (katalog.css, @page), with a little to spare.
PRINT_SHEET_RATIO = 170 / 277
CSS_PLAIN = " .,:;/%=-_+"  # characters that need no escape inside a CSS string
_CSS_PLAIN = re.compile(f"[A-Za-z0-9{re.escape(CSS_PLAIN)}]*")
QR_MASK = 2
QR_MODULE_MM = 0.5  # a version 4-5 code is then about 17 mm wide, readable by a phone from a wall


@dataclass(frozen=True)
class Heading:
    """A section heading of a page, for the engine's table of contents."""

    id: str
    title: str


@dataclass(frozen=True)
class GeneratedPage:
    """One Markdown page: where it goes in the docs tree, and what it says.

    ``headings`` is set for pages whose body is plain HTML (no Markdown syntax):
    an engine may publish such a body as it is, with these headings as the
    table of contents, instead of running it through Markdown.
    """

    src_uri: str
    content: str
    source: Path | None = None  # the YAML file it comes from, for the edit link
    headings: tuple[Heading, ...] | None = None

    @property
    def body(self) -> str:
        """The content without its front matter."""
        if self.content.startswith("---\n"):
            end = self.content.find("\n---\n", 4)
            if end != -1:
                return self.content[end + 5 :]
        return self.content


@dataclass(frozen=True)
class SiteInfo:
    """What the pages need to know about the site they are part of."""

    name: str = "Katalog SOP"
    description: str = ""
    preview: bool = False  # a local preview that shows drafts
    # Who reads the site: maintainers (`mkdocs serve`, pull-request previews) see the review banners, counts
    # and edit links; the public site stays calm and shows no repository chrome.
    maintainers: bool = False
    license: License = field(default_factory=License)
    base_url: str = ""  # the site's public address ending in "/", for feeds and search engines
    instansi: str = ""  # the government printed above the OPD on the official document
    logo: str = ""  # path of the logo in the site, for the official document
    pdf: bool = False  # a PDF of each SOP is printed beside its page (katalog_sop.publish.pdf)
    today: dt.date = field(default_factory=dt.date.today)  # the build day: which SOPs are due for review
    review_months: int = DEFAULT_MONTHS  # months after tanggal efektif/revisi an SOP is due for review
    directory_urls: bool = True  # MkDocs' use_directory_urls: pages at a/b/ (True) or a/b.html (False)


def sop_uri(sop: Sop) -> str:
    return f"{sop.opd_slug}/{sop.slug}.md"


def sop_pdf_uri(sop: Sop) -> str:
    """The SOP printed as the official document, beside its page (when PDFs are on)."""
    return f"{sop.opd_slug}/{sop.slug}.pdf"


def sop_json_uri(sop: Sop) -> str:
    """The SOP's open data, beside its page."""
    return f"{sop.opd_slug}/{sop.slug}.json"


def opd_uri(opd: Opd) -> str:
    return f"{opd.slug}/index.md"


def page_url(src_uri: str) -> str:
    """The directory URL of a page (``a/b.md`` -> ``a/b/``, ``a/index.md`` -> ``a/``)."""
    stem = src_uri.removesuffix(".md")
    if stem == "index":
        return ""
    return stem.removesuffix("/index") + "/"


def format_date(value: dt.date | None) -> str:
    """Indonesian long date, ``"-"`` when absent (as the official form prints it)."""
    if value is None:
        return "-"
    return babel_dates.format_date(value, "d MMMM y", locale="id")


def multiline(text: str) -> Markup:
    """Escaped text with its line breaks kept, and no blank line to end an HTML block."""
    lines = [escape(line) for line in text.strip().splitlines() if line.strip()]
    return Markup("<br>").join(lines)


_NOMOR_BREAK = re.compile(r"([/.])(?=.)")


def nomor_breaks(text: str) -> Markup:
    """An SOP number, escaped, that a line may break after a ``/`` or ``.`` only (``<wbr>``).

    Counter staff read the number out loud: ``470/SOP.01/DISDUKCAPIL/2024`` is never cut inside
    one of its parts. katalog.css keeps it on one line when it fits one (an inline block) and uses
    ``overflow-wrap: break-word``, not ``anywhere``, on screen.
    """
    return Markup(_NOMOR_BREAK.sub(r"\1<wbr>", str(escape(text))))


def front_matter_text(text: str) -> Markup:
    """A YAML (JSON) string for front matter; HTML-escaped because themes print titles raw.

    Quotes are escaped too (``&quot;``, ``&#x27;``): Material prints the description inside
    ``<meta name="description" content="…">``, so a ``"`` in a nomor or an OPD's nama would
    otherwise end the attribute and start new ones. In text (<title>, headings) the
    entities read as the quotes themselves.
    Marked safe for Jinja: it is YAML, already escaped for the HTML it ends up in.
    """
    return Markup(json.dumps(html.escape(" ".join(text.split()), quote=True), ensure_ascii=False))


class Renderer:
    """Renders every page of a catalogue; links are relative to each page."""

    def __init__(self, catalog: Catalog, site: SiteInfo) -> None:
        self.catalog = catalog
        self.site = site
        self.env = Environment(
            loader=PackageLoader("katalog_sop.site", "templates"),
            autoescape=True,
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            auto_reload=False,  # templates are package files; no stat() per page
        )
        self.env.filters.update(
            date=format_date,
            multiline=multiline,
            front_matter=front_matter_text,
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
        self.due = reviews_due(catalog, ReviewPolicy(site.today, site.review_months))

    def pages(self) -> Iterator[GeneratedPage]:
        yield GeneratedPage("index.md", self.home())
        yield GeneratedPage(SEARCH_URI, self.search_page())
        yield GeneratedPage(OPD_LIST_URI, self.opd_list())
        yield GeneratedPage(DATA_PAGE_URI, self.data_page())
        content = self.review_page()
        yield GeneratedPage(REVIEW_URI, content, headings=html_headings(content))
        yield GeneratedPage(CHANGES_URI, self.changes_page(), headings=())
        yield GeneratedPage(GUIDE_URI, format_guide())
        for opd in self.catalog.opds:
            yield GeneratedPage(opd_uri(opd), self.opd_page(opd), opd.source)
        for sop in self.catalog.sops:
            content = self.sop_page(sop)
            yield GeneratedPage(sop_uri(sop), content, sop.source, html_headings(content))

    def _link(self, from_uri: str, to_uri: str) -> str:
        here = page_url(from_uri) or "."
        there = page_url(to_uri) or "."
        relative = posixpath.relpath(there, here)
        return "./" if relative == "." else relative + "/"

    def home(self) -> str:
        sops = self.catalog.sops
        in_force = [s for s in sops if s.status == "berlaku"]
        latest = sorted(sops, key=lambda s: (s.latest_date, s.nama), reverse=True)[:LATEST_COUNT]
        return self.env.get_template("home.md.j2").render(
            site=self.site,
            opd_rows=self._opd_rows("index.md"),
            count_opd=len(self.catalog.opds),
            count_in_force=len(in_force),
            count_revoked=sum(1 for s in sops if s.status == "dicabut"),
            count_draft=sum(1 for s in sops if s.status == "draf"),
            latest=[self._sop_row("index.md", s) for s in latest],
            count_due=len(self.due),
            review_url=self._link("index.md", REVIEW_URI),
            changes_url=self._link("index.md", CHANGES_URI),
        )

    def review_page(self) -> str:
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
        return self.env.get_template("review.md.j2").render(
            site=self.site, groups=groups, count=len(self.due), today=self.site.today, months=self.site.review_months
        )

    def _due_rows(self, here: str, due: list[ReviewDue]) -> list[dict[str, object]]:
        return [{"item": item, "url": self._link(here, sop_uri(item.sop))} for item in due]

    def changes_page(self) -> str:
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
        return self.env.get_template("changes.md.j2").render(
            site=self.site, rows=rows, limit=LATEST_CHANGES, feed_url=self._asset(here, FEED_URI)
        )

    def opd_page(self, opd: Opd) -> str:
        here = opd_uri(opd)
        sops = self.sops_by_opd[opd.slug]
        return self.env.get_template("opd.md.j2").render(
            site=self.site,
            opd=opd,
            in_force=[self._sop_row(here, s) for s in sops if s.status == "berlaku"],
            revoked=[self._sop_row(here, s) for s in sops if s.status == "dicabut"],
            drafts=[self._sop_row(here, s) for s in sops if s.status == "draf"],
            home_url=self._link(here, "index.md"),
        )

    def _opd_rows(self, here: str) -> list[dict[str, object]]:
        return [
            {
                "opd": opd,
                "url": self._link(here, opd_uri(opd)),
                "in_force": sum(1 for s in self.sops_by_opd[opd.slug] if s.status == "berlaku"),
                "revoked": sum(1 for s in self.sops_by_opd[opd.slug] if s.status == "dicabut"),
            }
            for opd in self.catalog.opds
        ]

    def opd_list(self) -> str:
        return self.env.get_template("opd_list.md.j2").render(
            site=self.site,
            opd_rows=self._opd_rows(OPD_LIST_URI),
            search_url=self._link(OPD_LIST_URI, SEARCH_URI),
        )

    def data_page(self) -> str:
        here = DATA_PAGE_URI
        first = self.catalog.sops[0] if self.catalog.sops else None
        example = {"path": sop_json_uri(first), "url": self._asset(here, sop_json_uri(first))} if first else None
        files = {"json": CATALOG_JSON, "csv": CATALOG_CSV, "schema": SCHEMA_JSON, "feed": FEED_URI}
        return self.env.get_template("data.md.j2").render(
            site=self.site,
            count=len(self.catalog.sops),
            files=files,
            links={**{k: self._asset(here, v) for k, v in files.items()}, "sitemap": self._asset(here, "sitemap.xml")},
            example=example,
            feed_size=FEED_SIZE,
        )

    def search_page(self) -> str:
        in_force = [s for s in self.catalog.sops if s.status == "berlaku"]
        return self.env.get_template("search.md.j2").render(
            site=self.site,
            opds=self.catalog.opds,
            example_nomor=in_force[0].nomor if in_force else "045/SOP.02/UMUM/2024",
            searchable=any(s.status != "draf" for s in self.catalog.sops),
            # Only SOPs that state their biaya carry the filter: offered when at least one does.
            with_biaya=any(s.layanan is not None and s.layanan.biaya for s in self.catalog.sops),
            root_url=self._link(SEARCH_URI, "index.md"),
            bundle_url=self._asset(SEARCH_URI, f"{SEARCH_INDEX_DIR}/pagefind.js"),
            script_url=self._asset(SEARCH_URI, SEARCH_SCRIPT_URI),
        )

    def site_files(self) -> list[DataFile]:
        """Everything the site publishes beside its pages: open data, the feed, the source
        format's JSON Schemas (for editors), the redirects."""
        return [
            *data_files(
                self.catalog, self.site.name, self.site.license, lambda sop: self.site.base_url + page_url(sop_uri(sop))
            ),
            DataFile(FEED_URI, self.feed()),
            *(DataFile(f"{SOURCE_SCHEMA_DIR}/{name}", text) for name, text in source_schemas().items()),
            *self.redirects(),
        ]

    def feed(self) -> str:
        """An Atom feed of the SOPs by their latest tanggal efektif or revisi, so that citizens
        and journalists can follow changes in a feed reader. Links are absolute when site_url is set."""
        base_url = self.site.base_url or "/"
        latest = sorted(self.catalog.sops, key=lambda s: (s.latest_date, s.nama), reverse=True)[:FEED_SIZE]
        entries = [
            {
                "sop": sop,
                "url": base_url + page_url(sop_uri(sop)),
                "updated": f"{sop.latest_date.isoformat()}T00:00:00Z",
                "summary": _feed_summary(sop),
            }
            for sop in latest
        ]
        return self.env.get_template("atom.xml.j2").render(
            site=self.site,
            base_url=base_url,
            feed_uri=FEED_URI,
            entries=entries,
            updated=entries[0]["updated"] if entries else "1970-01-01T00:00:00Z",
        )

    def redirects(self) -> list[DataFile]:
        """A small page at each old address (`alias`) that sends the visitor to the SOP."""
        files = []
        for sop in self.catalog.sops:
            for alias in sop.alias:
                here = f"{alias}/index.md"
                content = self.env.get_template("redirect.html.j2").render(
                    sop=sop,
                    target=self._link(here, sop_uri(sop)),
                    canonical=(self.site.base_url or "/") + page_url(sop_uri(sop)),
                    policy=csp.POLICY,
                )
                files.append(DataFile(f"{alias}/index.html", content))
        return files

    def _asset(self, from_uri: str, asset_uri: str) -> str:
        return posixpath.relpath(asset_uri, page_url(from_uri) or ".")

    def _sop_row(self, here: str, sop: Sop) -> dict[str, object]:
        opd = self.opds[sop.opd_slug]
        return {
            "sop": sop,
            "url": self._link(here, sop_uri(sop)),
            "opd": opd,
            "opd_url": self._link(here, opd_uri(opd)),
        }

    def sop_page(self, sop: Sop) -> str:
        here = sop_uri(sop)
        opd = self.opds[sop.opd_slug]
        related = []
        for item in sop.keterkaitan:
            target = self.by_nomor.get(item.nomor) if item.nomor else None
            # A reference to a draft left out of the public site is shown as its nomor, without a link.
            related.append(
                {
                    "text": item.text or f"SOP {item.nomor}",
                    "target": target,
                    "url": self._link(here, sop_uri(target)) if target else None,
                }
            )
        main = flow.main_path(sop.kegiatan)
        chart = bagan.layout(sop)
        rows = self._row_fragments(chart)
        address = self.site.base_url + page_url(here) if self.site.base_url else ""
        return self.env.get_template("sop.md.j2").render(
            page_address=address,
            qr=css_string(qr_data_uri(address)) if address else "",
            logo_url=self._asset(here, self.site.logo) if self.site.logo else "",
            chart=self._svg(bagan.whole(chart), sop, rows, f"bagan-{sop.slug}"),
            print_sheets=[self._svg(s, sop, rows) for s in bagan.sheets(chart, chart.width * PRINT_SHEET_RATIO)],
            site=self.site,
            sop=sop,
            opd=opd,
            opd_url=self._link(here, opd_uri(opd)),
            related=related,
            review=self.due.get(sop.key),
            history=history(sop),
            referenced_by=[self._sop_row(here, s) for s in self.backlinks.get(sop.nomor, ())],
            diagram=mermaid.page_flowchart(sop),  # "" when too large for Mermaid
            mermaid_url=self._asset(here, MERMAID_URI),
            mermaid_download=MERMAID_DOWNLOAD,
            data_url=self._asset(here, sop_json_uri(sop)),
            pdf_url=self._asset(here, sop_pdf_uri(sop)) if self.site.pdf else "",
            structured_data=structured_data(sop, opd, self.site.base_url),
            symbols=SYMBOL_LABELS,
            step_label=_step_label,
            total_main=waktu.format_total([s.waktu for s in main if s.waktu is not None]),
            main_numbers={s.number for s in main},
            total_all=waktu.format_total([s.waktu for s in sop.kegiatan if s.waktu is not None]),
            summary=summarize(sop, opd),
            uncounted=[s for s in sop.kegiatan if s.waktu is not None and not s.waktu.counted],
            uncounted_reason=UNCOUNTED_REASONS,
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


@functools.cache
def qr_data_uri(address: str) -> str:
    """A QR code of the page's address, as an image the print stylesheet can place in the footer.

    Kept for the life of the process: `mkdocs serve` rebuilds every page on each change."""
    # A fixed mask: choosing the best of eight is most of segno's time, and any mask reads.
    code = segno.make(address, error="m", mask=QR_MASK, boost_error=False)
    return code.svg_data_uri(scale=QR_MODULE_MM, unit="mm", border=0)


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


def structured_data(sop: Sop, opd: Opd, base_url: str) -> dict[str, object]:
    """schema.org data for search engines: the SOP as a HowTo, published by its OPD."""
    data: dict[str, object] = {
        "@context": "https://schema.org",
        "@type": "HowTo",
        "name": sop.nama,
        "identifier": sop.nomor,
        "inLanguage": "id",
        "datePublished": sop.tanggal_efektif.isoformat(),
        "dateModified": sop.latest_date.isoformat(),
        "creativeWorkStatus": sop.status,
        "publisher": {"@type": "GovernmentOrganization", "name": opd.nama},
        "step": [
            {"@type": "HowToStep", "position": step.number, "name": ", ".join(step.pelaksana), "text": step.uraian}
            for step in sop.kegiatan
        ],
    }
    if base_url:
        data["url"] = base_url + page_url(sop_uri(sop))
    return data


def json_ld(data: dict[str, object]) -> Markup:
    """JSON for a <script type="application/ld+json">: nothing in it can close the script."""
    text = json.dumps(data, ensure_ascii=False)
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def _feed_summary(sop: Sop) -> str:
    if sop.status == "dicabut":
        return f"SOP ini dicabut. Nomor {sop.nomor}."
    if sop.tanggal_revisi is not None and sop.tanggal_revisi >= sop.tanggal_efektif:
        return f"Direvisi {format_date(sop.tanggal_revisi)}. Nomor {sop.nomor}."
    return f"Berlaku sejak {format_date(sop.tanggal_efektif)}. Nomor {sop.nomor}."


def _step_label(target: int) -> str:
    return "selesai" if target == 0 else f"langkah {target}"


_HEADING = re.compile(r'<h2 id="([^"]+)">(.*?)<a class="headerlink" ')


def html_headings(content: str) -> tuple[Heading, ...]:
    """The h2 headings of an HTML body written by our own templates (ids and escaped titles)."""
    return tuple(Heading(match[1], match[2]) for match in _HEADING.finditer(content))


@functools.cache
def format_guide() -> str:
    """The format guide (Markdown with front matter), read once per process."""
    return resources.files("katalog_sop.site").joinpath("panduan", "format-sumber.md").read_text(encoding="utf-8")


def render_pages(catalog: Catalog, site: SiteInfo) -> list[GeneratedPage]:
    return list(Renderer(catalog, site).pages())


def render_site(catalog: Catalog, site: SiteInfo) -> tuple[list[GeneratedPage], list[DataFile]]:
    """The pages, and the files beside them (open data, feed, redirects), from one renderer."""
    renderer = Renderer(catalog, site)
    return list(renderer.pages()), renderer.site_files()
