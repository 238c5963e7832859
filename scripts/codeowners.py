#!/usr/bin/env python3
"""Write `.github/CODEOWNERS` from the `pemilik:` of each `_opd.yml`, or check that they agree.

Usage: python scripts/codeowners.py [--check] [--sumber sops]
Exit status: 0 when written or in agreement; 1 when `--check` finds a difference
or an `_opd.yml` cannot be read.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from katalog_sop.problems import display_path, reports_system_errors, writing
from katalog_sop.source.codeowners import CODEOWNERS_PATH, check, codeowners_text, read_ownership
from katalog_sop.source.sourcefile import write_nofollow


@reports_system_errors
def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Tulis atau periksa .github/CODEOWNERS dari `pemilik:` setiap OPD.")
    parser.add_argument("--check", action="store_true", help="hanya periksa bahwa CODEOWNERS cocok dengan `pemilik:`")
    parser.add_argument("--sumber", default="sops", help="folder sumber SOP (bawaan: sops)")
    args = parser.parse_args(argv)
    root = Path.cwd()  # the repository root, where `sops/` and `.github/` are
    ownership = read_ownership(root / args.sumber, root)
    for problem in ownership.problems:
        print(problem)
    if ownership.problems:
        print("Perbaiki `_opd.yml` di atas lebih dulu.", file=sys.stderr)
        return 1
    path = root / CODEOWNERS_PATH
    current = path.read_text(encoding="utf-8") if path.is_file() else None
    if args.check:
        problems = check(ownership, current)
        for problem in problems:
            print(problem)
        if problems:
            return 1
        print(f"{CODEOWNERS_PATH}: cocok dengan `pemilik:` {len(ownership.folders)} OPD.")
    else:
        linked = next((p for p in (path.parent, path) if p.is_symlink()), None)
        if linked is not None:  # never written through: it could point anywhere, e.g. outside the repository
            print(
                f"{display_path(linked, root)}: tautan simbolik (symlink); {CODEOWNERS_PATH} tidak ditulis melaluinya. "
                "Ganti dengan folder atau berkas biasa, lalu jalankan lagi.",
                file=sys.stderr,
            )
            return 1
        with writing(path.parent):
            path.parent.mkdir(exist_ok=True)
        write_nofollow(path, codeowners_text(ownership, current), replace=True)
        print(f"{CODEOWNERS_PATH} ditulis: {len(ownership.folders)} folder OPD dengan pemilik.")
    if ownership.unowned:
        print(f"OPD tanpa `pemilik:` (tidak ada peninjau wajib): {', '.join(ownership.unowned)}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
