"""Write the generated pages to a folder, for an engine that runs no MkDocs hook.

The Markdown is exactly what the MkDocs hook serves in memory; the open data,
the Atom feed and the static assets (stylesheet, scripts, Mermaid) are written
beside it. The search index is made by running Pagefind on the engine's output.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from katalog_sop import vendor
from katalog_sop.site.render import SiteInfo, render_site
from katalog_sop.source.read import build_catalog
from katalog_sop.static import OWN_ASSETS, VENDORED


def export(sources: Path, output: Path, site: SiteInfo, include_drafts: bool = False, with_assets: bool = True) -> int:
    """Render all pages into ``output``; returns the number of pages written."""
    catalog = build_catalog(sources).published(include_drafts=include_drafts)
    pages, site_files = render_site(catalog, site)
    for page in pages:
        target = output / page.src_uri
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page.content, encoding="utf-8")
    for data in site_files:
        target = output / data.uri
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(data.content, encoding="utf-8")
    if with_assets:
        for uri, path in {**OWN_ASSETS, **{uri: vendor.ensure(a) for uri, a in VENDORED.items()}}.items():
            target = output / uri
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
    return len(pages)
