"""The catalogue as a whole project for an engine that runs no MkDocs hook (MkDocs 2, Zensical, or plain MkDocs).

From the same ``Publication`` the hook serves, ``export`` writes a folder that builds on its own:

- ``docs/``: the project's hand-written pages and files, then every generated page (Markdown with front
  matter; the SOP pages' bodies are HTML, which Markdown passes through) and every generated file (open
  data, feed, schemas, redirects, the site's own scripts and styles, the vendored Mermaid and fonts);
- ``overrides/``: the project's theme overrides;
- ``mkdocs.yml``: the project's own, without ``hooks``, with the navigation, the scripts and styles and
  the footer written out (``extra.katalog_kaki``), the public view's choices already made.

`mkdocs build` in that folder gives the same pages. The search index is one more step on the built site,
``python scripts/search_index.py SITE`` (Pagefind over the pages' ``data-pagefind-body``), and the PDFs are
``extra.katalog.pdf`` of the hook only.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from katalog_sop.publish.headings import island
from katalog_sop.publish.publication import Publication
from katalog_sop.site.page import GeneratedPage
from katalog_sop.static import PAGE_SCRIPTS, PAGE_STYLESHEETS
from katalog_sop.urls import SiteUrls

DOCS = "docs"
OVERRIDES = "overrides"
# Markdown reads the HTML bodies as they are; the headings of those pages are the table of contents through
# this extension, which needs the package (katalog_sop.publish.headings) where the engine runs.
HEADINGS_EXTENSION = "katalog_sop.publish.headings"


class ExportError(RuntimeError):
    """The export would overwrite something, or a hand-written page takes a generated page's place."""


@dataclass(frozen=True)
class ExportSummary:
    pages: int
    files: int


def export(publication: Publication, config: Mapping[str, Any], output: Path) -> ExportSummary:
    """Write the whole project into ``output`` (which must be empty or absent), all or nothing: it is written
    beside ``output`` and put in its place only when complete."""
    if output.exists() and (not output.is_dir() or any(output.iterdir())):
        raise ExportError(f"Folder tujuan {output} tidak kosong; pilih folder baru atau kosongkan dulu.")
    output.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{output.name}.baru-", dir=output.parent))
    try:
        summary = _write_project(publication, config, staging)
        if output.exists():
            output.rmdir()
        staging.rename(output)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return summary


def _write_project(publication: Publication, config: Mapping[str, Any], output: Path) -> ExportSummary:
    settings = publication.settings
    docs = output / DOCS
    own = _Own(_copy_tree(settings.docs_dir, docs), SiteUrls(settings.directory_urls))
    for page in publication.pages:
        own.check(page.src_uri, lambda page=page: publication.what(page))
        _target(docs, page.src_uri).write_text(_markdown_file(page), encoding="utf-8")
    for item in publication.files:
        own.check(item.uri, lambda item=item: item.what)
        target = _target(docs, item.uri)
        if item.path is not None:
            shutil.copyfile(item.path, target)
        else:
            target.write_text(item.content or "", encoding="utf-8")
    theme = dict(config.get("theme") or {})
    custom_dir = theme.get("custom_dir")
    if custom_dir:
        _copy_tree(settings.root / str(custom_dir), output / OVERRIDES)
        theme["custom_dir"] = OVERRIDES
    own_pages = sorted(uri for uri in own.uris if uri.endswith(".md"))
    (output / "mkdocs.yml").write_text(
        yaml.safe_dump(_project_config(publication, config, theme, own_pages), allow_unicode=True, sort_keys=False),
        encoding="utf-8",
    )
    return ExportSummary(pages=len(publication.pages), files=len(publication.files))


class _Own:
    """The hand-written files of docs/, by source path and by the address the engine gives them: a generated
    page may take neither (`docs/dpmptsp.md` and the generated `dpmptsp/index.md` are both `dpmptsp/`)."""

    def __init__(self, uris: set[str], urls: SiteUrls) -> None:
        self.uris = uris
        self.urls = urls
        self.by_output = {self._output(uri): uri for uri in uris}

    def _output(self, uri: str) -> str:
        return self.urls.page_file(uri) if uri.endswith(".md") else uri

    def check(self, uri: str, what: Callable[[], str]) -> None:
        own = uri if uri in self.uris else self.by_output.get(self._output(uri))
        if own is not None:
            raise ExportError(
                f"docs/{own} bentrok dengan {what()}: keduanya menjadi `{self._output(uri)}`. Ganti nama atau "
                "pindahkan berkas itu, karena halamannya dibuat otomatis."
            )


def _project_config(
    publication: Publication, config: Mapping[str, Any], theme: dict[str, Any], own_pages: list[str]
) -> dict[str, Any]:
    """The project's mkdocs.yml as the hook would have made it for this build, without the hook."""
    settings = publication.settings
    written = {key: value for key, value in config.items() if key not in {"hooks", "nav", "docs_dir", "site_dir"}}
    written["theme"] = theme
    written["docs_dir"] = DOCS
    written["nav"] = [*(item.as_config() for item in publication.nav), *own_pages]
    # The SOP pages and the search page are reached from the OPD pages and the header, not from the nav.
    written["not_in_nav"] = "\n".join(_not_in_nav(publication))
    if not settings.maintainers:
        for key in ("repo_url", "repo_name", "edit_uri", "edit_uri_template"):
            written.pop(key, None)
    extra = dict(config.get("extra") or {})
    extra["katalog_kaki"] = settings.footer
    written["extra"] = extra
    # The site's own scripts and stylesheets, as the hook adds them: the pages' <script> lines are the same.
    written["extra_css"] = _with(config.get("extra_css"), [(uri, uri) for uri in PAGE_STYLESHEETS])
    written["extra_javascript"] = _with(
        config.get("extra_javascript"),
        [(uri, {"path": uri, "defer": True} if defer else uri) for uri, defer in PAGE_SCRIPTS],
    )
    extensions = list(config.get("markdown_extensions") or [])
    if HEADINGS_EXTENSION not in [_extension_name(item) for item in extensions]:
        extensions.append(HEADINGS_EXTENSION)
    written["markdown_extensions"] = extensions
    return written


def _markdown_file(page: GeneratedPage) -> str:
    """The page as the engine reads it; an HTML page's headings go first, for ``headings``."""
    if page.headings is None:
        return page.content
    return page.front_matter + island([(h.id, h.title) for h in page.headings]) + page.body


def _not_in_nav(publication: Publication) -> list[str]:
    """gitignore-style patterns (MkDocs' ``not_in_nav``) for the generated pages outside the nav, one per folder."""
    patterns = set()
    for page in publication.pages:
        if page.src_uri not in publication.in_nav:
            folder = page.src_uri.rpartition("/")[0]
            patterns.add(f"/{folder}/*.md" if folder else f"/{page.src_uri}")
    return sorted(patterns)


def _with(items: Any, added: list[tuple[str, Any]]) -> list[Any]:
    """``items`` and then each (uri, entry) of ``added`` whose uri is not listed yet."""
    listed = list(items or [])
    for uri, entry in added:
        if uri not in [_script_path(item) for item in listed]:
            listed.append(entry)
    return listed


def _script_path(item: Any) -> str:
    return str(item.get("path")) if isinstance(item, Mapping) else str(item)


def _extension_name(item: Any) -> str:
    return next(iter(item)) if isinstance(item, Mapping) else str(item)


def _copy_tree(source: Path, target: Path) -> set[str]:
    """Copy a folder of the project (no symlinks followed out of it); returns the paths copied, as URIs."""
    copied: set[str] = set()
    if not source.is_dir():
        return copied
    for path in sorted(source.rglob("*")):
        if path.is_symlink() or not path.is_file():
            continue
        uri = path.relative_to(source).as_posix()
        destination = target / uri
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, destination)
        copied.add(uri)
    return copied


def _target(docs: Path, uri: str) -> Path:
    target = docs / uri
    target.parent.mkdir(parents=True, exist_ok=True)
    return target
