#!/usr/bin/env python3
"""Write the catalogue as Markdown pages to a folder (for engines without hooks).

Usage: python scripts/export_markdown.py OUTPUT [--sumber sops] [--draf]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from katalog_sop import CatalogError
from katalog_sop.publish.export import export
from katalog_sop.site.render import SiteInfo


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Tulis halaman katalog SOP sebagai Markdown ke sebuah folder.")
    parser.add_argument("output", type=Path, help="folder tujuan, mis. docs-terbitan")
    parser.add_argument("--sumber", type=Path, default=Path("sops"), help="folder sumber YAML (bawaan: sops)")
    parser.add_argument("--nama-situs", default="Katalog SOP", help="judul beranda")
    parser.add_argument("--draf", action="store_true", help="sertakan SOP berstatus draf")
    parser.add_argument("--tanpa-aset", action="store_true", help="jangan salin Mermaid dan stylesheet")
    args = parser.parse_args(argv)
    try:
        count = export(
            args.sumber, args.output, SiteInfo(name=args.nama_situs, preview=args.draf), args.draf, not args.tanpa_aset
        )
    except CatalogError as error:
        print(error, file=sys.stderr)
        print(error.summary(), file=sys.stderr)
        return 1
    print(f"{count} halaman ditulis ke {args.output}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
