"""MkDocs adapter for Katalog SOP: a thin layer over the ``katalog_sop`` package.

Reads ``sops/`` once per build, adds the generated pages to MkDocs in memory
(nothing is written into ``docs/``), serves Mermaid and the stylesheet from
the site itself, keeps the navigation to the home and OPD pages, points each
page's edit link at its YAML source, and watches ``sops/`` in ``mkdocs serve``.
The public site (``mkdocs build``) carries no repository link and no edit link:
the hook clears ``repo_url`` and ``edit_uri`` unless the build is for maintainers
(see KATALOG_SOP_PRATINJAU). Every page's footer names the government and its contact.

`mkdocs build` publishes atomically (katalog_sop.publish.atomic): MkDocs writes into ``<site>.baru-<pid>``
beside the site folder, and that folder replaces the site only after everything succeeded, the
`--strict` warning check included; a failed, aborted or killed build leaves the site as it was.
`mkdocs serve` keeps its own folder, and while a source is broken keeps serving the last good
catalogue with a banner linking to the problem page ``galat/`` (or that page alone before any
good build); the next build from fixed sources shows the site normally.

Options, all optional, under ``extra: katalog:`` in mkdocs.yml:
  sumber: sops            folder of the YAML sources, relative to mkdocs.yml
  lisensi: {nama, url}    licence of the open data, shown on the Data Terbuka page
  tinjau_bulan: 12        months after tanggal efektif/revisi an SOP is due for review
  instansi: Pemerintah …  the government: the printed document and the footer of every page
  kontak: {alamat, telepon, email, situs}  the government's contact in the footer of every
                          page, each key optional (telepon as a quoted string; tel: and
                          mailto: links; situs must start with http:// or https://)
Environment:
  KATALOG_SOP_DRAF=1 shows drafts, =0 hides them (default: shown by
  `mkdocs serve`, hidden by `mkdocs build`).
  KATALOG_SOP_OPD=slug,slug  `mkdocs serve` publishes only these OPDs (every
  file is still validated), so a change shows in about a second even in a
  catalogue of thousands of SOPs. Ignored by `mkdocs build`.
  KATALOG_SOP_PRATINJAU=1 builds the maintainers' view (review banners and counts, the
  repository and edit links), =0 the public one (default: maintainers' view in
  `mkdocs serve`, public in `mkdocs build`; pull-request previews set it to 1).
  KATALOG_SOP_TANGGAL=YYYY-MM-DD  judge which SOPs are due for review as on
  that day instead of today (reproducible builds, tests).
"""

from __future__ import annotations

import atexit
import datetime as dt
import html
import logging
import os
import signal
import sys
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import Environment
from mkdocs.config.config_options import ExtraScriptValue
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
from mkdocs.utils import CountHandler

from katalog_sop import CatalogError, Problem, build_catalog, vendor
from katalog_sop.catalog.model import Catalog, Opd
from katalog_sop.catalog.review import DEFAULT_MONTHS, ReviewPolicy, reviews_due
from katalog_sop.publish import atomic as publish
from katalog_sop.publish import pdf, search
from katalog_sop.site import galat, kontak
from katalog_sop.site.opendata import License
from katalog_sop.site.render import (
    CHANGES_URI,
    DATA_PAGE_URI,
    GUIDE_TITLE,
    GUIDE_URI,
    OPD_LIST_URI,
    REVIEW_URI,
    SEARCH_URI,
    GeneratedPage,
    Heading,
    SiteInfo,
    opd_uri,
    page_url,
    render_site,
    sop_pdf_uri,
    sop_uri,
)
from katalog_sop.static import (
    DIAGRAM_SCRIPT_URI,
    OWN_ASSETS,
    PRINT_SCRIPT_URI,
    STYLESHEET_URI,
    VENDORED,
)

log = logging.getLogger("mkdocs.hooks.katalog")

_command = "build"
_catalog: Catalog | None = None
# Pages whose body is plain HTML: published as they are, without a Markdown pass.
_html_pages: dict[str, tuple[Heading, ...]] = {}
_html_bodies: dict[str, str] = {}
_search_index: search.BackgroundIndex | None = None
_pdf_pages: list[tuple[str, str]] = []  # (page URL, PDF path) to print after the build
# `mkdocs serve` (also `serve --clean`, which MkDocs starts as command "build"): no atomic publish,
# and a broken source shows the last good catalogue with the problem page instead of failing.
_serving = False
_dirty = False  # `mkdocs build --dirty`
_problems: list[Problem | str] = []  # what is wrong in the sources now (serve only)
_last_good: Catalog | None = None  # the last catalogue read without problems in this serve session
_error_file: File | None = None  # the problem page of this build, when there are problems
_site: SiteInfo | None = None  # this build's site settings, read from mkdocs.yml in on_pre_build


@dataclass
class _Publication:
    """A `mkdocs build` in progress: MkDocs writes into ``staging``; ``final`` is the published site."""

    config: MkDocsConfig
    final: Path
    staging: Path
    deferred: bool = False  # the --strict verdict was not visible in on_post_build: publish in on_shutdown
    sigterm: Any = None  # the SIGTERM handler before the build, put back when it ends


_publication: _Publication | None = None


def on_startup(command: str, dirty: bool) -> None:
    global _command, _serving, _dirty
    _command = command
    _serving = command == "serve" or _called_from_serve()
    _dirty = dirty


def _called_from_serve() -> bool:
    frame = sys._getframe(1)
    while frame is not None:
        if frame.f_globals.get("__name__") == "mkdocs.commands.serve":
            return True
        frame = frame.f_back
    return False


def _options(config: MkDocsConfig) -> dict[str, Any]:
    options = (config.extra or {}).get("katalog") or {}
    if not isinstance(options, dict):
        raise PluginError("`extra.katalog` di mkdocs.yml harus berisi pasangan kunci: nilai, mis. `sumber: sops`.")
    return options


def _project_root(config: MkDocsConfig) -> Path:
    return Path(config.config_file_path).resolve().parent


def _sources(config: MkDocsConfig) -> Path:
    return _project_root(config) / str(_options(config).get("sumber", "sops"))


def _for_maintainers() -> bool:
    """The maintainers' view of the site: in `mkdocs serve` and pull-request previews, not on the public site."""
    setting = os.environ.get("KATALOG_SOP_PRATINJAU")
    if setting is not None:
        return setting.strip().lower() in {"1", "ya", "true", "yes"}
    return _command == "serve"


def _show_drafts() -> bool:
    setting = os.environ.get("KATALOG_SOP_DRAF")
    if setting is not None:
        return setting.strip().lower() in {"1", "ya", "true", "yes"}
    return _command == "serve"


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    # Mermaid (MERMAID_URI, ~1 MB) is not on any page: katalog-diagram.js, small and deferred, fetches it
    # only when a reader opens an SOP's Diagram Alir.
    diagram = ExtraScriptValue(DIAGRAM_SCRIPT_URI)
    diagram.defer = True
    for uri, option in (
        (diagram, config.extra_javascript),
        (PRINT_SCRIPT_URI, config.extra_javascript),
        (STYLESHEET_URI, config.extra_css),
    ):
        if str(uri) not in [str(item) for item in option]:
            option.append(uri)
    _chrome_for(config)
    if not _serving:
        _begin_publication(config)
    return config


def _begin_publication(config: MkDocsConfig) -> None:
    """Send MkDocs' output to a fresh folder beside the site; the site itself is not touched yet."""
    global _publication
    _abandon_publication()
    final = publish.final_folder(config.site_dir)
    try:
        staging = publish.prepare(final, keep_old_files=_dirty)
    except OSError as error:
        raise PluginError(
            f"Folder sementara untuk situs baru ({publish.staging_folder(final)}) tidak dapat dibuat: "
            f"{error.strerror}. Situs di {final} tidak diubah; periksa izin tulis folder {final.parent}."
        ) from None
    _publication = _Publication(config, final, staging)
    if threading.current_thread() is threading.main_thread():
        # A terminated build cleans up after itself (its folder, the Pagefind process) on the way out;
        # SIGKILL cannot be caught, and the next build removes what it left.
        before = signal.signal(signal.SIGTERM, _terminated)
        _publication.sigterm = signal.SIG_DFL if before is None else before
    config["site_dir"] = str(staging)
    log.info("Katalog SOP: situs disusun di %s; %s baru diganti setelah semuanya berhasil.", staging, final)


def _terminated(signum: int, frame: Any) -> None:
    raise SystemExit(128 + signum)  # not an Exception: MkDocs goes straight to on_shutdown


def _end(pending: _Publication) -> None:
    global _publication
    _publication = None
    pending.config["site_dir"] = str(pending.final)
    if pending.sigterm is not None:
        signal.signal(signal.SIGTERM, pending.sigterm)
        pending.sigterm = None


def _abandon_publication() -> None:
    """A build that did not finish: remove its folder, keep the published site."""
    pending = _publication
    if pending is not None:
        _end(pending)
        publish.discard(pending.staging)


def _publish(pending: _Publication) -> None:
    _end(pending)
    try:
        publish.swap(pending.staging, pending.final)
    except (OSError, publish.PublishError) as error:
        publish.discard(pending.staging)
        raise PluginError(
            f"Situs baru tidak dapat diterbitkan ({error}); situs lama di {pending.final} tetap."
        ) from None
    log.info("Katalog SOP: situs diterbitkan di %s.", pending.final)


def _strict_counts() -> list[tuple[str, int]] | None:
    """The warnings MkDocs' --strict check will count right after on_post_build, or None if it cannot be seen."""
    handlers = [h for h in logging.getLogger("mkdocs").handlers if isinstance(h, CountHandler)]
    if not handlers:
        return None
    return [count for handler in handlers for count in handler.get_counts()]


atexit.register(_abandon_publication)


def _chrome_for(config: MkDocsConfig) -> None:
    """No repository link and no edit link on the public site: they are the maintainers' tools.

    Without ``repo_url`` the header has no repository link, and without ``edit_uri``
    MkDocs gives the pages no ``edit_url``, so Material draws no edit pencil.
    """
    if _for_maintainers():
        return
    config["repo_url"] = None
    config["repo_name"] = None
    config["edit_uri"] = None
    config["edit_uri_template"] = None


def on_pre_build(config: MkDocsConfig) -> None:
    """Read and check all sources before MkDocs touches the site folder.

    In `mkdocs serve` a broken source does not stop the preview: the last good catalogue of this
    session is built again with the problem page (or the problem page alone, before any good build).
    """
    global _catalog, _problems, _last_good, _site
    _catalog = None
    _problems = []
    # The options of mkdocs.yml are checked here too, before the site folder is cleaned.
    _site = _site_info(config)
    _footer(config)
    try:
        result = build_catalog(_sources(config), _project_root(config))
    except CatalogError as error:
        for problem in error.problems:
            log.error(str(problem))
        if not _serving:
            raise PluginError(error.summary()) from None
        _problems = list(error.problems)
        _catalog = _last_good
        shown = "situs terakhir yang berhasil" if _last_good is not None else "hanya daftar masalah"
        log.error(
            "Katalog SOP: %d masalah di sumber SOP; pratinjau menampilkan %s (halaman %s) sampai diperbaiki.",
            len(error.problems),
            shown,
            page_url(galat.ERROR_PAGE_URI),
        )
        return
    for hint in result.hints:
        log.info("Katalog SOP: %s", hint)
    _catalog = _preview_subset(result.published(include_drafts=_show_drafts()))
    if _serving:
        _last_good = _catalog


def _preview_subset(catalog: Catalog) -> Catalog:
    chosen = {slug.strip() for slug in os.environ.get("KATALOG_SOP_OPD", "").split(",") if slug.strip()}
    if not chosen:
        return catalog
    if _command != "serve":
        log.warning("KATALOG_SOP_OPD hanya berlaku untuk `mkdocs serve`; `mkdocs build` menerbitkan semua OPD.")
        return catalog
    known = {opd.slug for opd in catalog.opds}
    unknown = sorted(chosen - known)
    if unknown:
        raise PluginError(
            f"KATALOG_SOP_OPD menyebut folder OPD yang tidak ada: {', '.join(unknown)}. "
            f"Pilih dari: {', '.join(sorted(known))}."
        )
    log.info("Katalog SOP: pratinjau hanya OPD %s (semua berkas tetap diperiksa).", ", ".join(sorted(chosen)))
    return catalog.only(chosen)


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    global _error_file
    _error_file = None
    catalog = _catalog
    if catalog is None:
        assert _problems, "on_pre_build reads the catalogue first"
        return _problem_page_alone(files, config)
    site = _site or _site_info(config)
    docs_dir = Path(config.docs_dir)
    in_nav = _nav_uris(catalog.opds)
    _html_pages.clear()
    _html_bodies.clear()
    pages, site_files = render_site(catalog, site)
    _pdf_pages[:] = [(page_url(sop_uri(s)), sop_pdf_uri(s)) for s in catalog.sops] if site.pdf else []
    _start_search_index(pages, config)
    clashes = _Clashes(files, config)
    made: list[File] = []
    for page in pages:
        generated = File.generated(
            config,
            page.src_uri,
            content=page.content,
            inclusion=InclusionLevel.UNDEFINED if page.src_uri in in_nav else InclusionLevel.NOT_IN_NAV,
        )
        clashes.check(generated, _what_page(page, config))
        if page.headings is not None:
            _html_pages[page.src_uri] = page.headings
        if page.source is not None:
            generated.edit_uri = os.path.relpath(page.source, docs_dir).replace(os.sep, "/")
        made.append(generated)
    for extra in site_files:  # open data, feed, alias redirects
        generated = File.generated(config, extra.uri, content=extra.content)
        clashes.check(generated, f"berkas `{extra.uri}` yang dibuat dari sumber SOP")
        made.append(generated)
    for own, problem in clashes.found:
        if not _serving:
            raise PluginError(str(problem))
        log.error(str(problem))
        files.remove(own)  # the preview shows the generated page, and the problem
        _problems.append(problem)
    for generated in made:
        files.append(generated)
    if _problems:
        page = galat.problem_page(_problems, state="last_good")
        _error_file = File.generated(config, page.src_uri, content=page.content, inclusion=InclusionLevel.NOT_IN_NAV)
        _html_pages[page.src_uri] = ()
        files.append(_error_file)
    _add_assets(files, config)
    if config.nav is None:
        config.nav = _navigation(catalog.opds, files)
    log.info("Katalog SOP: %d OPD, %d halaman SOP.", len(catalog.opds), len(catalog.sops))
    due = reviews_due(catalog, ReviewPolicy(site.today, site.review_months))
    # Info, not a warning: a due review must not fail `mkdocs build --strict`.
    log.info(
        "Katalog SOP: %d SOP perlu ditinjau ulang per %s (daftarnya di halaman %s).",
        len(due),
        site.today.isoformat(),
        page_url(REVIEW_URI),
    )
    return files


def _site_info(config: MkDocsConfig) -> SiteInfo:
    return SiteInfo(
        name=config.site_name,
        description=config.site_description or "",
        preview=_show_drafts(),
        maintainers=_for_maintainers(),
        license=_license(config),
        base_url=_base_url(config),
        instansi=str(_options(config).get("instansi") or ""),
        logo=_logo(config),
        pdf=_pdf_enabled(config),
        today=_build_day(),
        review_months=_review_months(config),
        directory_urls=config.use_directory_urls,
    )


def _add_assets(files: Files, config: MkDocsConfig) -> None:
    for uri, asset in VENDORED.items():
        try:
            path = vendor.ensure(asset)
        except vendor.AssetError as error:
            raise PluginError(str(error)) from None
        files.append(File.generated(config, uri, abs_src_path=str(path)))
    for uri, path in OWN_ASSETS.items():
        files.append(File.generated(config, uri, abs_src_path=str(path)))


def _problem_page_alone(files: Files, config: MkDocsConfig) -> Files:
    """`mkdocs serve` before any good build: the problem list is the whole site (home and galat/)."""
    global _error_file
    _html_pages.clear()
    _html_bodies.clear()
    _pdf_pages.clear()
    _stop_search_index()
    kept = Files([file for file in files if not file.is_documentation_page()])
    for uri in ("index.md", galat.ERROR_PAGE_URI):
        page = galat.problem_page(_problems, state="none", src_uri=uri)
        generated = File.generated(
            config,
            uri,
            content=page.content,
            inclusion=InclusionLevel.UNDEFINED if uri == "index.md" else InclusionLevel.NOT_IN_NAV,
        )
        _html_pages[uri] = ()
        if uri == galat.ERROR_PAGE_URI:
            _error_file = generated
        kept.append(generated)
    _add_assets(kept, config)
    config.nav = [{galat.TITLE: "index.md"}]
    return kept


class _Clashes:
    """A hand-written file of docs/ may not take the place of a generated page or file.

    Compared by source path and by output path: `docs/dpmptsp.md` and the generated
    `dpmptsp/index.md` are both the page `dpmptsp/`.
    """

    def __init__(self, files: Files, config: MkDocsConfig) -> None:
        self.root = _project_root(config)
        self.by_src = {file.src_uri: file for file in files if file.generated_by is None}
        self.by_dest = {file.dest_uri: file for file in files if file.generated_by is None}
        self.generated: dict[str, str] = {}  # dest_uri -> what makes it
        self.found: list[tuple[File, Problem]] = []  # the file of docs/ and what is wrong with it

    def check(self, generated: File, what: str) -> None:
        own = self.by_src.get(generated.src_uri) or self.by_dest.get(generated.dest_uri)
        if own is not None and all(own is not found for found, _problem in self.found):
            shown = own.src_uri
            if own.abs_src_path:
                shown = os.path.relpath(own.abs_src_path, self.root).replace(os.sep, "/")
            address = "/" + generated.url.removeprefix("./")
            message = (
                f"berkas ini bentrok dengan {what}: keduanya menjadi `{address}` ({generated.dest_uri}). "
                f"Ganti nama atau pindahkan `{shown}` (misalnya ke subfolder lain di docs/), karena halaman "
                "itu dibuat otomatis."
            )
            self.found.append((own, Problem(shown, 1, 1, message)))
        earlier = self.generated.get(generated.dest_uri)
        if earlier is not None:
            raise PluginError(
                f"{what} dan {earlier} sama-sama menjadi `{generated.dest_uri}`; ganti nama salah satu sumbernya."
            )
        self.generated[generated.dest_uri] = what


def _what_page(page: GeneratedPage, config: MkDocsConfig) -> str:
    """A generated page as the maintainer knows it: from which source file, or which built-in page."""
    if page.source is not None:
        source = os.path.relpath(page.source, _project_root(config)).replace(os.sep, "/")
        kind = "halaman OPD" if page.src_uri.endswith("/index.md") else "halaman SOP"
        return f"{kind} yang dibuat dari `{source}`"
    name = _BUILT_IN_PAGES.get(page.src_uri)
    if name is not None:
        return f"halaman {name} yang dibuat otomatis oleh Katalog SOP"
    return f"halaman `{page.src_uri}` yang dibuat otomatis oleh Katalog SOP"


_BUILT_IN_PAGES = {
    "index.md": "Beranda",
    OPD_LIST_URI: "Perangkat Daerah",
    CHANGES_URI: "Perubahan Terbaru",
    REVIEW_URI: "Perlu Ditinjau",
    DATA_PAGE_URI: "Data Terbuka",
    SEARCH_URI: "Cari",
    galat.ERROR_PAGE_URI: "daftar masalah (galat/)",
}


def _build_day() -> dt.date:
    """Today, or the day in KATALOG_SOP_TANGGAL, as the day reviews are judged on."""
    chosen = os.environ.get("KATALOG_SOP_TANGGAL", "").strip()
    if not chosen:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(chosen)
    except ValueError:
        raise PluginError(
            f"KATALOG_SOP_TANGGAL `{chosen}` bukan tanggal; tulis dengan format YYYY-MM-DD, mis. 2026-01-31."
        ) from None


def _review_months(config: MkDocsConfig) -> int:
    months = _options(config).get("tinjau_bulan", DEFAULT_MONTHS)
    if not isinstance(months, int) or isinstance(months, bool) or months < 1:
        raise PluginError(
            "`extra.katalog.tinjau_bulan` di mkdocs.yml harus bilangan bulat positif (jumlah bulan), mis. `12`."
        )
    return months


def _license(config: MkDocsConfig) -> License:
    chosen = _options(config).get("lisensi") or {}
    if not isinstance(chosen, dict):
        raise PluginError("`extra.katalog.lisensi` di mkdocs.yml harus berisi `nama:` dan `url:` lisensi data.")
    return License(nama=str(chosen.get("nama") or ""), url=str(chosen.get("url") or ""))


def _pdf_enabled(config: MkDocsConfig) -> bool:
    """PDFs only in `mkdocs build`, and only when asked for: printing takes a browser and time."""
    wanted = _options(config).get("pdf", False)
    if not isinstance(wanted, bool):
        raise PluginError("`extra.katalog.pdf` di mkdocs.yml harus `true` atau `false`.")
    return wanted and _command == "build"


def _logo(config: MkDocsConfig) -> str:
    """The logo printed on the official document: a file inside docs/, or none."""
    logo = str(_options(config).get("logo") or "")
    if logo and not (Path(config.docs_dir) / logo).is_file():
        raise PluginError(
            f"`extra.katalog.logo` di mkdocs.yml menunjuk {logo}, tetapi berkas docs/{logo} tidak ada. "
            "Simpan logo di folder docs/ (misalnya docs/assets/logo.svg) lalu tulis `logo: assets/logo.svg`."
        )
    return logo


_CONTACT_KEYS = ("alamat", "telepon", "email", "situs")


def on_env(env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
    """The footer's data (overrides/partials/copyright.html): escaped there, links made here."""
    env.globals["katalog_kaki"] = _footer(config)
    # overrides/partials/katalog-csp.html: `mkdocs serve` injects a live-reload script that no hash can cover.
    env.globals["katalog_serve"] = _serving
    return env


def _footer(config: MkDocsConfig) -> dict[str, str]:
    """The government and its contact, from ``instansi`` and ``kontak`` under ``extra.katalog``."""
    options = _options(config)
    contact = options.get("kontak") or {}
    if not isinstance(contact, dict):
        raise PluginError(
            "`extra.katalog.kontak` di mkdocs.yml harus berisi kunci `alamat`, `telepon`, `email`, dan/atau `situs`."
        )
    unknown = sorted(str(key) for key in contact if key not in _CONTACT_KEYS)
    if unknown:
        raise PluginError(
            f"`extra.katalog.kontak` di mkdocs.yml: kunci {', '.join(unknown)} tidak dikenal; "
            f"pilih dari {', '.join(_CONTACT_KEYS)}."
        )
    for key, value in contact.items():
        if value is not None and not isinstance(value, str):
            raise PluginError(
                f"`extra.katalog.kontak.{key}` di mkdocs.yml harus teks; apit dengan tanda kutip, "
                'mis. `telepon: "(0721) 480000"` (tanpa kutip, angka 0 di depan bisa hilang).'
            )
    text = {key: " ".join(str(contact.get(key) or "").split()) for key in _CONTACT_KEYS}
    if text["situs"] and not kontak.web_uri(text["situs"]):
        raise PluginError(
            f"`extra.katalog.kontak.situs` di mkdocs.yml (`{text['situs']}`) harus alamat lengkap yang diawali "
            "https:// atau http://, mis. `https://contoh.go.id`."
        )
    if text["email"] and not kontak.mailto_uri(text["email"]):
        raise PluginError(
            f"`extra.katalog.kontak.email` di mkdocs.yml (`{text['email']}`) harus satu alamat email, "
            "mis. `info@contoh.go.id`."
        )
    return {
        "instansi": str(options.get("instansi") or ""),
        **text,
        "telepon_uri": kontak.tel_uri(text["telepon"]),
        "email_uri": kontak.mailto_uri(text["email"]),
        "situs_uri": kontak.web_uri(text["situs"]),
        "situs_label": kontak.web_label(text["situs"]),
    }


def _base_url(config: MkDocsConfig) -> str:
    """The public address, ending in "/", or "" when mkdocs.yml has no site_url."""
    url = str(config.site_url or "")
    return url if not url or url.endswith("/") else url + "/"


def _nav_uris(opds: tuple[Opd, ...]) -> set[str]:
    return {"index.md", OPD_LIST_URI, DATA_PAGE_URI, REVIEW_URI, CHANGES_URI, GUIDE_URI} | {
        opd_uri(opd) for opd in opds
    }


def _navigation(opds: tuple[Opd, ...], files: Files) -> list[Any]:
    """Home, the OPD pages, then the hand-written pages of docs/: never the SOP pages.

    Titles are HTML-escaped because the theme prints nav titles unescaped.
    """
    own_pages = sorted(f.src_uri for f in files.documentation_pages() if f.generated_by is None)
    return [
        {"Beranda": "index.md"},
        # The section's index page lists every OPD: with navigation.prune, pages
        # outside the section (all SOP pages) carry one link instead of 40.
        {"Perangkat Daerah": [OPD_LIST_URI, *({html.escape(opd.nama, quote=False): opd_uri(opd)} for opd in opds)]},
        {"Perubahan Terbaru": CHANGES_URI},
        {"Perlu Ditinjau": REVIEW_URI},
        {"Data Terbuka": DATA_PAGE_URI},
        {GUIDE_TITLE: GUIDE_URI},
        *own_pages,
    ]


def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Keep an HTML body aside and give Markdown nothing to do: at 5,000 SOPs the
    Markdown pass over HTML tables was a third of the build."""
    if page.file.src_uri in _html_pages:
        _html_bodies[page.file.src_uri] = markdown
        return ""
    return markdown


def on_page_content(html_content: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    headings = _html_pages.get(page.file.src_uri)
    if headings is not None:
        page.toc = get_toc([{"level": 2, "id": h.id, "name": h.title, "children": []} for h in headings])
        html_content = _html_bodies.pop(page.file.src_uri)
    return _banner(page) + html_content


def _banner(page: Page) -> str:
    """While the sources are broken (serve only), every page of the last good site says so and links to galat/."""
    if not _problems or _error_file is None or _catalog is None or page.file is _error_file:
        return ""
    return galat.banner(len(_problems), _error_file.url_relative_to(page.file))


def _start_search_index(pages: list[GeneratedPage], config: MkDocsConfig) -> None:
    """Start indexing the SOP bodies now, beside MkDocs' own page rendering."""
    global _search_index
    _stop_search_index()
    try:
        _search_index = search.BackgroundIndex(pages, language=str(config.theme.get("language") or "id"))
    except search.SearchIndexError as error:
        raise PluginError(str(error)) from None


def _stop_search_index() -> None:
    global _search_index
    if _search_index is not None:
        _search_index.cancel()
        _search_index = None


@event_priority(-100)  # last, after any other plugin: then the site is published
def on_post_build(config: MkDocsConfig) -> None:
    """Put the search index, made in the background, into the finished site; then print the PDFs;
    then publish the site unless MkDocs' --strict check, which comes right after, will abort the build."""
    global _search_index
    index, _search_index = _search_index, None
    if index is not None:
        try:
            summary = index.finish(Path(config.site_dir))
        except search.SearchIndexError as error:
            raise PluginError(str(error)) from None
        log.info("Katalog SOP: indeks pencarian berisi %d halaman SOP.", summary.pages)
    if _pdf_pages:
        try:
            count = pdf.print_pages(Path(config.site_dir), _pdf_pages)
        except pdf.PdfError as error:
            raise PluginError(str(error)) from None
        log.info("Katalog SOP: %d PDF SOP dicetak dengan Chromium.", count)
    pending = _publication
    if pending is None:
        return
    if config.strict:
        counts = _strict_counts()
        if counts is None:  # not visible in this MkDocs: decide in on_shutdown, after the check
            pending.deferred = True
            return
        if counts:  # MkDocs aborts right after this event; on_build_error removes the new folder
            return
    _publish(pending)


def on_build_error(error: Exception) -> None:
    _stop_search_index()
    _abandon_publication()


def on_shutdown() -> None:
    pending = _publication
    if pending is not None and pending.deferred:
        _publish(pending)
    # Interrupted (Ctrl-C, SIGTERM): on_build_error was not called; nothing is published.
    _stop_search_index()
    _abandon_publication()


def on_serve(server: LiveReloadServer, *, config: MkDocsConfig, builder: Any) -> LiveReloadServer:
    server.watch(str(_sources(config)))
    server.builder = _keep_answering(builder, Path(server.root))
    return server


def _keep_answering(builder: Any, site_dir: Path) -> Any:
    """A rebuild that fails for another reason than the sources (a page of docs/, mkdocs.yml) would leave
    the server waiting forever for a good build: show the failure on galat/ and on every missing page
    instead, and keep serving what is there."""

    def rebuild() -> None:
        errors = _Collected()
        logging.getLogger("mkdocs").addHandler(errors)
        try:
            builder()
        except Exception as error:
            log.error("Katalog SOP: penyusunan ulang gagal: %s", error or type(error).__name__)
            log.debug("Penyusunan ulang gagal", exc_info=True)
            problems: list[Problem | str] = [
                *(errors.messages or _problems),
                f"Penyusunan situs gagal ({error or type(error).__name__}); rincian ada di terminal `mkdocs serve`.",
            ]
            page = galat.standalone(problems)
            try:
                (site_dir / "galat").mkdir(parents=True, exist_ok=True)
                (site_dir / "galat" / "index.html").write_text(page, encoding="utf-8")
                (site_dir / "404.html").write_text(page, encoding="utf-8")
            except OSError:
                log.debug("Halaman galat tidak dapat ditulis", exc_info=True)
        finally:
            logging.getLogger("mkdocs").removeHandler(errors)

    return rebuild


class _Collected(logging.Handler):
    """The errors MkDocs and the hook log during one rebuild, for the problem page."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if not message.startswith("Katalog SOP: penyusunan ulang gagal"):
            self.messages.append(message)
