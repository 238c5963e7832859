"""The catalogue as a whole project for an engine that runs no MkDocs hook (MkDocs 2, Zensical, or plain MkDocs).

One of the two writers of the ``Publication`` (the other is the MkDocs hook): from the same publication, config
patch and clash rule, ``export`` writes a folder that builds on its own:

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
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from katalog_sop.publish.clashes import GeneratedTwiceError, find_clashes
from katalog_sop.publish.config_patch import config_patch
from katalog_sop.publish.headings import island
from katalog_sop.publish.publication import Publication
from katalog_sop.site.page import GeneratedPage
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
    own = _copy_tree(settings.docs_dir, docs)
    urls = SiteUrls(settings.directory_urls)
    try:
        clashes = find_clashes(publication, {uri: urls.page_file(uri) if uri.endswith(".md") else uri for uri in own})
    except GeneratedTwiceError as error:
        raise ExportError(str(error)) from None
    if clashes:
        raise ExportError(str(clashes[0]))
    for page in publication.pages:
        written = page.src_uri if page.src_uri in publication.in_nav else _page_path(page.src_uri, urls)
        _target(docs, written).write_text(_markdown_file(page), encoding="utf-8")
    for item in publication.files:
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
    own_pages = sorted(uri for uri in own if uri.endswith(".md"))
    (output / "mkdocs.yml").write_text(
        yaml.safe_dump(_project_config(publication, config, theme, own_pages), allow_unicode=True, sort_keys=False),
        encoding="utf-8",
    )
    return ExportSummary(pages=len(publication.pages), files=len(publication.files))


def _project_config(
    publication: Publication, config: Mapping[str, Any], theme: dict[str, Any], own_pages: list[str]
) -> dict[str, Any]:
    """The project's mkdocs.yml as the hook would have made it for this build, without the hook."""
    written = {key: value for key, value in config.items() if key not in {"hooks", "nav", "docs_dir", "site_dir"}}
    written["theme"] = theme
    written["docs_dir"] = DOCS
    written["nav"] = publication.nav_config(own_pages, config.get("nav"))
    # The SOP pages and the search page are reached from the OPD pages and the header, not from the nav.
    written["not_in_nav"] = "\n".join(_not_in_nav(publication))
    patch = config_patch(publication.settings)
    for key in patch.removed:
        written.pop(key, None)
    written["extra"] = {**(config.get("extra") or {}), **patch.extra}
    # The site's own scripts and stylesheets, as the hook adds them: the pages' <script> lines are the same.
    stylesheets = list(config.get("extra_css") or [])
    written["extra_css"] = [*stylesheets, *patch.stylesheets_to_add(str(item) for item in stylesheets)]
    scripts = list(config.get("extra_javascript") or [])
    added = patch.scripts_to_add(_script_path(item) for item in scripts)
    written["extra_javascript"] = [*scripts, *({"path": uri, "defer": True} if defer else uri for uri, defer in added)]
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


def _page_path(src_uri: str, urls: SiteUrls) -> str:
    """Where a page outside the nav goes: ``opd/sop.md`` as ``opd/sop/index.md`` with directory URLs.

    The address is the same for MkDocs (``opd/sop/``), and an engine that places the page's links against
    its file rather than its address (Zensical 0.0.73 added a ``../`` to every relative link of an SOP
    page) reads them as written.
    """
    folder, _, name = src_uri.rpartition("/")
    if not urls.directory_urls or not folder or name in ("index.md", "README.md"):
        return src_uri
    return f"{folder}/{name.removesuffix('.md')}/index.md"


def _not_in_nav(publication: Publication) -> list[str]:
    """gitignore-style patterns (MkDocs' ``not_in_nav``) for the generated pages outside the nav, one per folder."""
    patterns = set()
    urls = publication.urls
    for page in publication.pages:
        if page.src_uri not in publication.in_nav:
            written = _page_path(page.src_uri, urls)
            folder = page.src_uri.rpartition("/")[0]
            if written != page.src_uri:
                patterns.add(f"/{folder}/*/index.md")
            else:
                patterns.add(f"/{folder}/*.md" if folder else f"/{page.src_uri}")
    return sorted(patterns)


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
