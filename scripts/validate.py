#!/usr/bin/env python3
"""Check SOP sources and print every problem as ``path:line:col: pesan``.

Usage: python scripts/validate.py [PATH ...] [--changed-since REF] [--format teks|github]
  PATH  a sources folder (default: sops) or files inside it; with files, the
        whole catalogue is still read (nomor and references span files) but
        only problems in those files are printed.
  --changed-since REF  check in full only the files changed since git ref REF
        (committed, staged, unstaged or new); of the other files only the nomor
        and references are read, by the same YAML reader. For quick checks of a
        pull request.
  --format github      print problems as GitHub Actions annotations.
Exit status: 0 when clean, 1 when there are problems, 2 when REF is unknown.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from katalog_sop import CatalogError, build_catalog
from katalog_sop.problems import Problem, display_path, github_annotation, reports_system_errors
from katalog_sop.settings import SettingsError, build_day
from katalog_sop.source.monev import MONEV_FOLDER
from katalog_sop.source.read import OPD_FILE, SOP_SUFFIXES, check_changed, refused_sources

FORMATS: dict[str, Callable[[Problem], str]] = {"teks": str, "github": github_annotation}


def _sources_of(path: Path) -> Path:
    """The `sops/` folder a file or folder belongs to, found from the path as written: a symlink is
    never followed here (the check refuses it; its target is not the catalogue)."""
    path = Path(os.path.abspath(path))
    if path.is_dir() and not (path / OPD_FILE).exists():
        return path
    folder = path if path.is_dir() else path.parent
    if folder.name == MONEV_FOLDER:  # sops/<opd>/_monev/<periode>.yml belongs to sops/ too
        folder = folder.parent
    return folder.parent


def changed_files(ref: str, sources: Path) -> tuple[set[Path], int] | None:
    """Source files changed since ``ref`` that still exist, and how many were deleted;
    None when git does not know ``ref``."""

    def git(*args: str) -> list[str]:
        done = subprocess.run(["git", *args], cwd=sources, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise LookupError(done.stderr.strip())
        return [line for line in done.stdout.split("\0") if line]

    try:
        git("rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
        top = Path(git("rev-parse", "--show-toplevel")[0].strip())
        names = git("diff", "--name-only", "-z", ref, "--", ".") + git(
            "ls-files", "--others", "--exclude-standard", "--full-name", "-z", "--", "."
        )
    except LookupError:
        return None
    # A symlink is kept whatever its name (a linked folder too), so that the check refuses it.
    real_sources = sources.resolve()
    paths = {
        top / name
        for name in names
        if ((top / name).suffix in SOP_SUFFIXES or (top / name).is_symlink())
        and (top / name).is_relative_to(real_sources)
    }
    existing = {path for path in paths if path.is_file() or path.is_symlink()}
    return existing, len(paths - existing)


@reports_system_errors
def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Periksa berkas sumber SOP.")
    parser.add_argument(
        "paths", nargs="*", type=Path, default=[Path("sops")], help="folder sops atau berkas di dalamnya"
    )
    parser.add_argument("--changed-since", metavar="REF", help="hanya berkas yang berubah sejak ref git ini")
    parser.add_argument("--format", choices=sorted(FORMATS), default="teks", help="bentuk pesan (bawaan: teks)")
    args = parser.parse_args(argv)
    try:
        today = build_day()  # monitoring files may not be dated after it
    except SettingsError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        return 2
    show = FORMATS[args.format]
    root = Path.cwd()
    groups: dict[Path, set[str] | None] = {}
    for path in args.paths:
        if not path.exists():
            print(f"{path}:1:1: berkas atau folder tidak ditemukan.", file=sys.stderr)
            return 1
        sources = _sources_of(path)
        wanted = groups.setdefault(sources, set())
        if Path(os.path.abspath(path)) == sources:
            groups[sources] = None  # the whole folder
        elif wanted is not None:
            wanted.add(display_path(path, root))
    found = 0
    for sources, wanted in groups.items():
        if args.changed_since:
            outside = refused_sources(sources, root)
            if outside is not None:  # git is not asked about a folder outside the repository
                print(show(outside))
                found += 1
                continue
            found_changes = changed_files(args.changed_since, sources)
            if found_changes is None:
                print(
                    f"ref git `{args.changed_since}` tidak dikenal; mis. `origin/main` atau `HEAD~1`.", file=sys.stderr
                )
                return 2
            changed, deleted = found_changes
            # A deletion alone can still break a reference in another file.
            problems = check_changed(sources, changed, root, today) if changed or deleted else []
            for problem in problems:
                print(show(problem))
            found += len(problems)
            gone = f", {deleted} berkas dihapus" if deleted else ""
            shown = display_path(sources, root)
            print(f"{shown}: {len(changed)} berkas berubah sejak {args.changed_since} diperiksa{gone}.")
            continue
        try:
            result = build_catalog(sources, root, today)
        except CatalogError as error:
            whole = display_path(sources, root)  # a problem with the folder itself concerns every file in it
            for problem in error.problems:
                if (
                    wanted is None
                    or problem.path == whole
                    or any(problem.path == w or problem.path.startswith(w + "/") for w in wanted)
                ):
                    print(show(problem))
                    found += 1
            continue
        catalog = result.catalog
        for hint in result.hints:  # not problems: worth a look, the build goes on
            if wanted is None or any(hint.path == w or hint.path.startswith(w + "/") for w in wanted):
                print(f"catatan: {hint}")
        print(f"{display_path(sources, root)}: {len(catalog.opds)} OPD, {len(catalog.sops)} SOP, tanpa masalah.")
    if found:
        print(f"{found} masalah ditemukan.", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
