#!/usr/bin/env python3
"""Write the catalogue as a whole project for an engine without MkDocs hooks (MkDocs 2, Zensical, plain MkDocs).

Usage: python scripts/export_markdown.py OUTPUT [--config mkdocs.yml]

OUTPUT gets docs/ (hand-written and generated pages, open data, assets), overrides/ and a mkdocs.yml without
the hook, from the same publish step as `mkdocs build`, with the same settings (extra.katalog, site_url,
use_directory_urls, the environment: KATALOG_SOP_DRAF, KATALOG_SOP_PRATINJAU, KATALOG_SOP_TANGGAL). Then:

    cd OUTPUT && mkdocs build && python /path/to/scripts/search_index.py site
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from katalog_sop import CatalogError
from katalog_sop.publish.export import ExportError, export
from katalog_sop.publish.publication import publish
from katalog_sop.settings import SettingsError, read_mkdocs_yml, read_settings
from katalog_sop.vendor import AssetError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Tulis katalog SOP sebagai proyek situs utuh tanpa hook MkDocs.")
    parser.add_argument("output", type=Path, help="folder tujuan (baru atau kosong), mis. ../katalog-ekspor")
    parser.add_argument("--config", type=Path, default=Path("mkdocs.yml"), help="mkdocs.yml proyek")
    args = parser.parse_args(argv)
    try:
        config = read_mkdocs_yml(args.config)  # read once: the settings and the exported mkdocs.yml
        publication = publish(read_settings(config, args.config))
        summary = export(publication, config, args.output)
    except CatalogError as error:
        print(error, file=sys.stderr)
        print(error.summary(), file=sys.stderr)
        return 1
    except (SettingsError, ExportError, AssetError) as error:
        print(error, file=sys.stderr)
        return 1
    print(f"{summary.pages} halaman dan {summary.files} berkas ditulis ke {args.output}.")
    print(f"Lalu: cd {args.output} && mkdocs build && python {Path(__file__).with_name('search_index.py')} site")
    return 0


if __name__ == "__main__":
    sys.exit(main())
