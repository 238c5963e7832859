#!/usr/bin/env python3
"""The checks of every pull request, in one command: the same steps locally and in GitHub Actions.

Usage: python scripts/ci.py [--changed-since REF] [--format teks|github] [--pratinjau] [--site-dir site]
                            [-f mkdocs.yml]

Steps, in order; the first that fails stops the run, so nothing is published:
  1. validate the SOP sources (all, or only those changed since REF);
  2. the JSON Schemas in skema/ match katalog_sop/source/schema.py;
  3. .github/CODEOWNERS matches the `pemilik:` of each OPD;
  4. `mkdocs build --strict` into the site folder: the public site, or with --pratinjau the
     maintainers' view (KATALOG_SOP_PRATINJAU=1: review banners, repository and edit links)
     that pull-request previews show.
Run it from the repository root (where mkdocs.yml is).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

from katalog_sop.problems import reports_system_errors

SCRIPTS = Path(__file__).resolve().parent


def steps(args: argparse.Namespace) -> list[tuple[str, list[str]]]:
    validate = [sys.executable, str(SCRIPTS / "validate.py"), "--format", args.format]
    if args.changed_since:
        validate += ["--changed-since", args.changed_since]
    return [
        ("Memeriksa berkas SOP", validate),
        ("Memeriksa skema JSON format sumber", [sys.executable, str(SCRIPTS / "write_schema.py"), "--check"]),
        ("Memeriksa .github/CODEOWNERS", [sys.executable, str(SCRIPTS / "codeowners.py"), "--check"]),
        (
            "Menyusun situs (mkdocs build --strict)",
            [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", args.config_file, "-d", args.site_dir],
        ),
    ]


def environment(args: argparse.Namespace) -> dict[str, str]:
    """The steps' environment: which view of the site is built is always said, never inherited."""
    # The theme's notice about its end of life is for people, not for every CI log.
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1", "KATALOG_SOP_PRATINJAU": "1" if args.pratinjau else "0"}


@reports_system_errors
def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Jalankan pemeriksaan pull request seperti di GitHub Actions.")
    parser.add_argument("--changed-since", metavar="REF", help="periksa penuh hanya berkas yang berubah sejak ref ini")
    parser.add_argument("--format", choices=("teks", "github"), default="teks", help="bentuk pesan masalah")
    parser.add_argument(
        "--pratinjau",
        action="store_true",
        help="susun tampilan pemelihara (pratinjau pull request: tanda tinjauan, tautan repositori dan sunting)",
    )
    parser.add_argument("--site-dir", default="site", help="folder hasil situs (bawaan: site)")
    parser.add_argument("-f", "--config-file", default="mkdocs.yml", help="berkas konfigurasi MkDocs")
    args = parser.parse_args(argv)
    env = environment(args)
    for number, (title, command) in enumerate(steps(args), start=1):
        print(f"\n== {number}. {title} ==", flush=True)
        code = subprocess.run(command, check=False, env=env).returncode
        if code != 0:
            print(f"\nGAGAL di langkah {number} ({title}), kode keluar {code}. Situs tidak diterbitkan.", flush=True)
            return 1
    print("\nSemua pemeriksaan lulus.", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
