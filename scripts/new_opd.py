#!/usr/bin/env python3
"""Create a new OPD: its folder under `sops/` and an `_opd.yml` with every key explained.

Usage: python scripts/new_opd.py                      (asks the questions)
       python scripts/new_opd.py --nama "Dinas Kesehatan" --singkatan Dinkes --pemilik @organisasi/tim-dinkes
Refuses an existing folder, a name the site uses for its own pages, and an invalid folder name (the validator's
rule: lower-case a-z, digits and `-`, at most 100 characters; never a path).
Exit status: 0 when written, 1 when refused, 2 when a required answer is missing.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from katalog_sop import CatalogError, build_catalog
from katalog_sop.problems import display_path, reports_system_errors, writing
from katalog_sop.slugs import slugify
from katalog_sop.source.read import OPD_FILE, RESERVED_SLUGS, refused_sources
from katalog_sop.source.schema import OWNER_PATTERN, SLUG_PATTERN
from katalog_sop.source.sourcefile import opd_text, write_nofollow
from katalog_sop.source.spreadsheet import MAX_FILE_NAME


def ask(question: str, default: str = "") -> str:
    suffix = f" [{default}]" if default else ""
    return input(f"{question}{suffix}: ").strip() or default


@reports_system_errors
def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Buat folder OPD baru beserta _opd.yml.")
    parser.add_argument("--sumber", type=Path, default=Path("sops"), help="folder sumber SOP (bawaan: sops)")
    parser.add_argument("--nama", help="nama lengkap OPD")
    parser.add_argument("--folder", help="nama folder OPD (bawaan: dari singkatan atau nama)")
    parser.add_argument("--singkatan", default="", help="singkatan nama OPD (opsional)")
    parser.add_argument("--pemilik", action="append", default=[], help="akun @nama atau tim @organisasi/tim peninjau")
    args = parser.parse_args(argv)
    sources: Path = args.sumber
    root = Path.cwd()
    if not sources.is_dir():
        print(f"{sources}: folder sumber SOP tidak ditemukan; jalankan dari akar repositori.", file=sys.stderr)
        return 1
    if sys.stdin.isatty():
        args.nama = args.nama or ask("Nama lengkap OPD")
        args.singkatan = args.singkatan or ask("Singkatan (boleh kosong)")
        args.folder = args.folder or ask("Nama folder", slugify(args.singkatan or args.nama or ""))
        if not args.pemilik:
            answer = ask("Pemilik di GitHub, pisahkan koma (mis. @organisasi/tim-opd; boleh kosong)")
            args.pemilik = [a for a in answer.split(",") if a.strip()]
    if not args.nama:
        print("Belum diisi: --nama. Jalankan tanpa argumen untuk ditanya satu per satu.", file=sys.stderr)
        return 2
    folder = args.folder or slugify(args.singkatan or args.nama)
    owners = [o.strip() for value in args.pemilik for o in value.split(",") if o.strip()]
    refusal = None
    outside = refused_sources(sources, root)
    shown_folder = folder.encode("unicode_escape").decode("ascii")[:MAX_FILE_NAME]  # a newline stays visible
    suggestion = slugify(folder)[:MAX_FILE_NAME]
    if outside is not None:
        refusal = str(outside)
    elif not SLUG_PATTERN.fullmatch(folder) or len(folder) > MAX_FILE_NAME:
        refusal = (
            f"--folder: nama folder `{shown_folder}` tidak sah: huruf kecil a-z, angka dan `-` saja, paling banyak "
            f"{MAX_FILE_NAME} karakter, tanpa garis miring, mis. `{suggestion}`."
        )
    elif folder in RESERVED_SLUGS:
        refusal = (
            f"--folder: nama folder `{folder}` dipakai situs untuk halaman lain; pilih nama lain, mis. "
            f"`{folder}-daerah`."
        )
    elif os.path.lexists(sources / folder):  # a dangling symlink too
        refusal = (
            f"--folder: folder `{display_path(sources / folder, root)}` sudah ada; pilih nama lain dengan --folder."
        )
    elif bad := [o for o in owners if not OWNER_PATTERN.match(o)]:
        refusal = f"pemilik {', '.join(bad)} tidak sah: tulis akun `@nama` atau tim `@organisasi/nama-tim`."
    if refusal:
        print(refusal, file=sys.stderr)
        return 1
    target = sources / folder / OPD_FILE
    with writing(target.parent):
        target.parent.mkdir()
    values = {"nama": args.nama, "singkatan": args.singkatan or None, "kontak": {}, "pemilik": owners or None}
    try:
        write_nofollow(target, opd_text(values, comments=True, every_key=True), replace=False)
    except OSError:
        target.parent.rmdir()  # an empty folder would make the next run refuse the name as taken
        raise
    shown = display_path(target, root)
    try:
        build_catalog(sources, root)
    except CatalogError as error:
        for problem in (p for p in error.problems if p.path == shown):
            print(problem)
    print(f"{shown} ditulis. Lengkapi deskripsi dan kontaknya, lalu buat SOP pertama:")
    print(f"  python scripts/new_sop.py --opd {folder}")
    if owners:
        print("Pemilik ditulis: perbarui CODEOWNERS dengan `python scripts/codeowners.py`.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
