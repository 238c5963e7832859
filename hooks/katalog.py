"""MkDocs adapter for Katalog SOP: a thin layer over the ``katalog_sop`` package.

Reads ``sops/`` once per build, adds the generated pages to MkDocs in memory
(nothing is written into ``docs/``), serves Mermaid and the stylesheet from
the site itself, keeps the navigation to the home and OPD pages, points each
page's edit link at its YAML source, and watches ``sops/`` in ``mkdocs serve``.

Options, all optional, under ``extra: katalog:`` in mkdocs.yml:
  sumber: sops            folder of the YAML sources, relative to mkdocs.yml
Environment: KATALOG_SOP_DRAF=1 shows drafts, =0 hides them (default: shown
by `mkdocs serve`, hidden by `mkdocs build`).
"""

from __future__ import annotations

import html
import logging
import os
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.structure.files import File, Files, InclusionLevel

from katalog_sop import CatalogError, build_catalog, vendor
from katalog_sop.model import Catalog, Opd
from katalog_sop.render import SiteInfo, render_pages
from katalog_sop.static import STYLESHEET

log = logging.getLogger("mkdocs.hooks.katalog")

MERMAID_URI = "assets/javascripts/mermaid.min.js"
STYLESHEET_URI = "assets/stylesheets/katalog.css"

_command = "build"
_catalog: Catalog | None = None


def on_startup(command: str, dirty: bool) -> None:
    global _command
    _command = command


def _options(config: MkDocsConfig) -> dict[str, Any]:
    options = (config.extra or {}).get("katalog") or {}
    if not isinstance(options, dict):
        raise PluginError("`extra.katalog` di mkdocs.yml harus berisi pasangan kunci: nilai, mis. `sumber: sops`.")
    return options


def _project_root(config: MkDocsConfig) -> Path:
    return Path(config.config_file_path).resolve().parent


def _sources(config: MkDocsConfig) -> Path:
    return _project_root(config) / str(_options(config).get("sumber", "sops"))


def _show_drafts() -> bool:
    setting = os.environ.get("KATALOG_SOP_DRAF")
    if setting is not None:
        return setting.strip().lower() in {"1", "ya", "true", "yes"}
    return _command == "serve"


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    for uri, option in ((MERMAID_URI, config.extra_javascript), (STYLESHEET_URI, config.extra_css)):
        if uri not in [str(item) for item in option]:
            option.append(uri)
    return config


def on_pre_build(config: MkDocsConfig) -> None:
    """Read and check all sources before MkDocs touches the site folder."""
    global _catalog
    _catalog = None
    try:
        result = build_catalog(_sources(config), _project_root(config))
    except CatalogError as error:
        for problem in error.problems:
            log.error(str(problem))
        raise PluginError(error.summary()) from None
    _catalog = result.published(include_drafts=_show_drafts())


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    catalog = _catalog
    assert catalog is not None, "on_pre_build reads the catalogue first"
    site = SiteInfo(name=config.site_name, description=config.site_description or "", preview=_show_drafts())
    docs_dir = Path(config.docs_dir)
    for page in render_pages(catalog, site):
        if files.get_file_from_path(page.src_uri) is not None:
            raise PluginError(
                f"docs/{page.src_uri} bentrok dengan halaman yang dibuat dari sumber SOP; hapus atau ganti nama."
            )
        is_sop_page = page.source is not None and page.source.name != "_opd.yml"
        generated = File.generated(
            config,
            page.src_uri,
            content=page.content,
            inclusion=InclusionLevel.NOT_IN_NAV if is_sop_page else InclusionLevel.UNDEFINED,
        )
        if page.source is not None:
            generated.edit_uri = os.path.relpath(page.source, docs_dir).replace(os.sep, "/")
        files.append(generated)
    try:
        mermaid_path = vendor.ensure(vendor.MERMAID)
    except vendor.AssetError as error:
        raise PluginError(str(error)) from None
    files.append(File.generated(config, MERMAID_URI, abs_src_path=str(mermaid_path)))
    files.append(File.generated(config, STYLESHEET_URI, abs_src_path=str(STYLESHEET)))
    if config.nav is None:
        config.nav = _navigation(catalog.opds, files)
    log.info("Katalog SOP: %d OPD, %d halaman SOP.", len(catalog.opds), len(catalog.sops))
    return files


def _navigation(opds: tuple[Opd, ...], files: Files) -> list[Any]:
    """Home, the OPD pages, then the hand-written pages of docs/: never the SOP pages.

    Titles are HTML-escaped because the theme prints nav titles unescaped.
    """
    generated = {"index.md"} | {f"{opd.slug}/index.md" for opd in opds}
    own_pages = sorted(
        f.src_uri for f in files.documentation_pages() if f.src_uri not in generated and f.generated_by is None
    )
    return [
        {"Beranda": "index.md"},
        {"Perangkat Daerah": [{html.escape(opd.nama, quote=False): f"{opd.slug}/index.md"} for opd in opds]},
        *own_pages,
    ]


def on_serve(server: LiveReloadServer, *, config: MkDocsConfig, builder: Any) -> LiveReloadServer:
    server.watch(str(_sources(config)))
    return server
