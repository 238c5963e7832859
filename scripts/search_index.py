#!/usr/bin/env python3
"""Make the search index of a site built from an exported project (scripts/export_markdown.py).

Usage: python scripts/search_index.py SITE

Runs Pagefind (the pinned version, fetched like Mermaid) over the built pages; only each SOP page's
``data-pagefind-body`` is indexed, as in `mkdocs build` with the hook. The index goes to SITE/pagefind/.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

from katalog_sop.publish.search import SearchIndexError, canonical_index, executable
from katalog_sop.urls import SEARCH_INDEX_DIR


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Buat indeks pencarian Pagefind untuk situs hasil ekspor.")
    parser.add_argument("site", type=Path, help="folder situs yang sudah disusun, mis. site")
    args = parser.parse_args(argv)
    if not (args.site / "index.html").is_file():
        print(f"{args.site} bukan folder situs yang sudah disusun (tidak ada index.html).", file=sys.stderr)
        return 1
    output = args.site / SEARCH_INDEX_DIR
    shutil.rmtree(output, ignore_errors=True)
    try:
        done = subprocess.run(
            [str(executable()), "--site", str(args.site), "--output-path", str(output)],
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            print(f"Pagefind gagal membuat indeks pencarian:\n{(done.stderr or done.stdout).strip()}", file=sys.stderr)
            return 1
        canonical_index(output)
    except SearchIndexError as error:
        print(error, file=sys.stderr)
        return 1
    print(f"Indeks pencarian ditulis ke {output}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
