#!/usr/bin/env python3
"""Signed SOP documents (PDF with a text layer, Word .docx) in the official layout into draft YAML files.

Usage: python scripts/import_dokumen.py DOKUMEN... --opd SLUG [--keluar FOLDER] [--laporan BERKAS.json] [--timpa]
DOKUMEN: .pdf or .docx files, or folders of them. One draft per document, FOLDER/<slug of its nama>.yml
(default FOLDER: sops/SLUG/, which must be an OPD), `status: draf`, every doubt listed on the terminal,
in the JSON report and as a `# RAGU:` comment at its key.
Exit status: 0 when at least one document was read, 1 when none could be, 2 for a wrong command.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from katalog_sop.importer.run import import_all
from katalog_sop.problems import display_path, reports_system_errors, writing
from katalog_sop.source.read import OPD_FILE, nomor_in_use


@reports_system_errors
def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Baca dokumen SOP yang sudah ditandatangani (PDF atau Word) menjadi berkas YAML draf."
    )
    parser.add_argument("dokumen", nargs="+", type=Path, help="berkas .pdf/.docx atau folder berisi dokumen")
    parser.add_argument("--opd", required=True, help="folder OPD tujuan, mis. disdukcapil")
    parser.add_argument("--keluar", type=Path, help="folder tujuan (bawaan: sops/<opd>/)")
    parser.add_argument("--laporan", type=Path, help="tulis laporan JSON ke berkas ini")
    parser.add_argument("--timpa", action="store_true", help="timpa berkas YAML yang sudah ada")
    parser.add_argument("--sumber", type=Path, default=Path("sops"), help="folder sumber SOP (bawaan: sops)")
    args = parser.parse_args(argv)
    root = Path.cwd()
    sources: Path = args.sumber
    opd_folder = sources / args.opd
    if "/" in args.opd or "\\" in args.opd or args.opd in (".", "..") or not (opd_folder / OPD_FILE).is_file():
        print(
            f"`{args.opd}` bukan folder OPD di {sources} (tidak ada {OPD_FILE}); buat dulu dengan "
            "`python scripts/new_opd.py`.",
            file=sys.stderr,
        )
        return 2
    folder: Path = args.keluar or opd_folder
    if not folder.is_dir() or folder.is_symlink():
        print(f"`{folder}`: folder tujuan tidak ada (atau tautan simbolik); buat dulu.", file=sys.stderr)
        return 2
    taken = nomor_in_use(sources, root) if sources.is_dir() else {}
    entries = import_all(args.dokumen, args.opd, folder, root, taken, overwrite=args.timpa)
    read = 0
    for entry in entries:
        name = Path(entry.dokumen).name
        for problem in entry.galat:
            print(f"{name}: GALAT: {problem}")
        for doubt in entry.ragu:
            print(f"{name}: {doubt.message} [{doubt.key}]")
        if entry.sop:
            read += 1
            print(f"{name}: ditulis {entry.sop} ({len(entry.ragu)} ragu)")
        elif not entry.galat:
            print(f"{name}: tidak ditulis")
        elif entry.values is not None:
            read += 1
    if args.laporan:
        report = [entry.as_json() for entry in entries]
        with writing(args.laporan):
            args.laporan.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        print(f"Laporan: {display_path(args.laporan, root)}")
    total = len(entries)
    print(f"{read} dari {total} dokumen terbaca; periksa setiap `# RAGU:` sebelum mengubah status menjadi berlaku.")
    return 0 if read else 1


if __name__ == "__main__":
    sys.exit(main())
