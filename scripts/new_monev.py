#!/usr/bin/env python3
"""Create an OPD's monitoring file for one period, one row for every SOP of the OPD in force in it.

Usage: python scripts/new_monev.py --opd disdukcapil --periode 2026-1
Writes sops/<opd>/_monev/<periode>.yml with `penilaian` left empty on every row: the file is valid only
after the assessor fills it in (and `tanggal`, `penilai`). Refuses an unknown OPD, a period that has not
begun, and an existing file (unless --timpa).
Exit status: 0 when written, 1 when refused, 2 when a required answer is missing.
"""

from __future__ import annotations

import argparse
import difflib
import re
import sys
from pathlib import Path

from katalog_sop import CatalogError, build_catalog
from katalog_sop.catalog.model import Status
from katalog_sop.catalog.monev import FIRST_YEAR, LAST_YEAR, Period
from katalog_sop.problems import display_path, reports_system_errors
from katalog_sop.settings import SettingsError, build_day
from katalog_sop.source.monev import MONEV_FOLDER
from katalog_sop.source.read import refused_sources
from katalog_sop.source.sourcefile import monev_text, write_nofollow
from katalog_sop.source.spreadsheet import Refused, monev_path, opd_folder

PERIOD_KEY = re.compile(r"(\d{4})-([12])")


def in_force(sops, opd: str, period: Period) -> list:
    """The SOPs of ``opd`` in force in ``period``: berlaku, effective on or before its last day (drafts excluded)."""
    return [s for s in sops if s.opd_slug == opd and s.status == Status.IN_FORCE and s.tanggal_efektif <= period.end]


@reports_system_errors
def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Buat berkas monitoring SOP satu OPD untuk satu semester, satu baris per SOP yang berlaku."
    )
    parser.add_argument("--sumber", type=Path, default=Path("sops"), help="folder sumber SOP (bawaan: sops)")
    parser.add_argument("--opd", help="folder OPD, mis. disdukcapil")
    parser.add_argument("--periode", help="tahun-semester, mis. 2026-1 (Januari-Juni) atau 2026-2 (Juli-Desember)")
    parser.add_argument("--timpa", action="store_true", help="timpa berkas monitoring yang sudah ada")
    args = parser.parse_args(argv)
    missing = [flag for flag, value in (("--opd", args.opd), ("--periode", args.periode)) if not value]
    if missing:
        print(f"Belum diisi: {', '.join(missing)}. Contoh: --opd disdukcapil --periode 2026-1", file=sys.stderr)
        return 2
    sources: Path = args.sumber
    root = Path.cwd()
    if not sources.is_dir():
        print(f"{sources}: folder sumber SOP tidak ditemukan; jalankan dari akar repositori.", file=sys.stderr)
        return 1
    outside = refused_sources(sources, root)
    if outside is not None:
        print(outside, file=sys.stderr)
        return 1
    try:
        today = build_day()
    except SettingsError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        return 2
    match = PERIOD_KEY.fullmatch(args.periode.strip())
    if match is None or not FIRST_YEAR <= int(match.group(1)) <= LAST_YEAR:
        print(
            f"--periode `{args.periode}` tidak sah: tulis tahun-semester, mis. `2026-1` (Januari-Juni) atau "
            f"`2026-2` (Juli-Desember), tahun {FIRST_YEAR} sampai {LAST_YEAR}.",
            file=sys.stderr,
        )
        return 1
    period = Period(int(match.group(1)), int(match.group(2)))
    if period.start > today:
        print(
            f"{period.name} belum dimulai ({today.isoformat()}); monitoring dicatat sesudah dilakukan "
            f"(semester sekarang: {Period.of(today).key}).",
            file=sys.stderr,
        )
        return 1
    opds = sorted(p.parent.name for p in sources.glob("*/_opd.yml") if not p.parent.is_symlink())
    if args.opd not in opds:
        close = difflib.get_close_matches(args.opd, opds, n=1)
        hint = f" Apakah maksud Anda `{close[0]}`?" if close else ""
        print(f"OPD `{args.opd}` tidak ada di {sources}.{hint} OPD yang ada: {', '.join(opds)}.", file=sys.stderr)
        return 1
    try:  # the same checks as the spreadsheet import: inside the OPD folder, by a name the validator accepts
        folder = opd_folder(sources, args.opd)
        target = monev_path(folder, period.key)
    except Refused as refusal:
        print(refusal, file=sys.stderr)
        return 1
    shown = display_path(target, root)
    if target.exists() and not args.timpa:
        print(f"`{shown}` sudah ada; tambahkan --timpa untuk menimpanya.", file=sys.stderr)
        return 1
    try:
        catalog = build_catalog(sources, root, today).catalog
    except CatalogError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        pending = sorted({p.path for p in error.problems if f"/{MONEV_FOLDER}/" in p.path})
        hint = f" (berkas monitoring yang belum selesai diisi: {', '.join(pending)})" if pending else ""
        print(
            f"Katalog perlu sah dulu untuk mengetahui SOP yang berlaku; perbaiki masalah di atas{hint}. "
            "Berkas monitoring tidak ditulis.",
            file=sys.stderr,
        )
        return 1
    sops = in_force(catalog.sops, args.opd, period)
    if not sops:
        print(f"OPD `{args.opd}` tidak punya SOP yang berlaku pada {period.name}; tidak ada yang dimonitor.")
        return 1
    text = monev_text(
        {"monitoring": [{"sop": s.nomor} for s in sops]}, names={s.nomor: s.nama for s in sops}, comments=True
    )
    target.parent.mkdir(exist_ok=True)
    try:  # never written through a symlink; an existing file only with --timpa
        write_nofollow(target, text, replace=args.timpa)
    except FileExistsError:
        print(f"`{shown}` sudah ada; tambahkan --timpa untuk menimpanya.", file=sys.stderr)
        return 1
    print(f"{shown} ditulis: {len(sops)} SOP yang berlaku pada {period.name}.")
    print("Berkas ini belum sah: isi penilaian setiap baris, lalu jalankan scripts/validate.py.")
    print("Langkah berikutnya:")
    print(f"  1. Buka {shown}; isi `tanggal`, `penilai` (jabatan, nama, NIP) dan `penilaian` setiap baris")
    print("     (`baik` atau `tidak baik`; `tindakan` wajib bila `tidak baik`). Evaluasi (opsional) ada contohnya.")
    print(f"  2. Periksa: python scripts/validate.py {shown}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
