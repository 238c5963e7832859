"""Write the generated pages to a folder, for an engine that runs no MkDocs hook.

The Markdown is exactly what the MkDocs hook serves in memory; the open data,
the Atom feed and the static assets (stylesheet, scripts, Mermaid) are written
beside it. The search index is made by running Pagefind on the engine's output.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from katalog_sop import vendor
from katalog_sop.build import build_catalog
from katalog_sop.feed import atom_feed
from katalog_sop.opendata import DataFile, data_files
from katalog_sop.render import FEED_URI, SiteInfo, page_url, redirect_files, render_pages, sop_uri
from katalog_sop.static import MERMAID_URI, OWN_ASSETS


def export(sources: Path, output: Path, site: SiteInfo, include_drafts: bool = False, with_assets: bool = True) -> int:
    """Render all pages into ``output``; returns the number of pages written."""
    catalog = build_catalog(sources).published(include_drafts=include_drafts)
    pages = render_pages(catalog, site)
    for page in pages:
        target = output / page.src_uri
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page.content, encoding="utf-8")
    extras = [
        *data_files(catalog, site.name, site.license, lambda sop: site.base_url + page_url(sop_uri(sop))),
        DataFile(FEED_URI, atom_feed(catalog, site, site.base_url or "/")),
        *redirect_files(catalog, site),
    ]
    for data in extras:
        target = output / data.uri
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(data.content, encoding="utf-8")
    if with_assets:
        for uri, path in {**OWN_ASSETS, MERMAID_URI: vendor.ensure(vendor.MERMAID)}.items():
            target = output / uri
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
    return len(pages)
