#!/usr/bin/env python3
"""Check SOP sources and print every problem as ``path:line:col: pesan``.

Usage: python scripts/validate.py [PATH ...]
  PATH  a sources folder (default: sops) or files inside it; with files, the
        whole catalogue is still read (nomor and references span files) but
        only problems in those files are printed.
Exit status: 0 when clean, 1 when there are problems.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from katalog_sop import CatalogError, build_catalog
from katalog_sop.problems import display_path


def _sources_of(path: Path) -> Path:
    """The `sops/` folder a file or folder belongs to."""
    path = path.resolve()
    if path.is_dir() and not (path / "_opd.yml").exists():
        return path
    folder = path if path.is_dir() else path.parent
    return folder.parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Periksa berkas sumber SOP.")
    parser.add_argument(
        "paths", nargs="*", type=Path, default=[Path("sops")], help="folder sops atau berkas di dalamnya"
    )
    args = parser.parse_args(argv)
    root = Path.cwd()
    groups: dict[Path, set[str] | None] = {}
    for path in args.paths:
        if not path.exists():
            print(f"{path}:1:1: berkas atau folder tidak ditemukan.", file=sys.stderr)
            return 1
        sources = _sources_of(path)
        wanted = groups.setdefault(sources, set())
        if path.resolve() == sources:
            groups[sources] = None  # the whole folder
        elif wanted is not None:
            wanted.add(display_path(path, root))
    found = 0
    for sources, wanted in groups.items():
        try:
            result = build_catalog(sources, root)
        except CatalogError as error:
            for problem in error.problems:
                if wanted is None or any(problem.path == w or problem.path.startswith(w + "/") for w in wanted):
                    print(problem)
                    found += 1
            continue
        catalog = result.catalog
        print(f"{display_path(sources, root)}: {len(catalog.opds)} OPD, {len(catalog.sops)} SOP, tanpa masalah.")
    if found:
        print(f"{found} masalah ditemukan.", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
