#!/usr/bin/env python3
"""Create a new SOP file: a complete, valid skeleton with every key explained, as a draft.

Usage: python scripts/new_sop.py                      (asks the questions)
       python scripts/new_sop.py --opd disdukcapil --nama "Penerbitan KIA" \\
              --nomor "470/SOP.09/DISDUKCAPIL/2026" --pelaksana Pemohon --pelaksana "Petugas Loket"
Refuses a nomor already in the catalogue, an existing file, an unknown OPD, and a --berkas that is not a file
name the validator accepts (lower-case a-z, digits and `-`, at most 100 characters; not a path, not `_x`).
Exit status: 0 when written, 1 when refused, 2 when a required answer is missing.
"""

from __future__ import annotations

import argparse
import datetime as dt
import difflib
import sys
from pathlib import Path

from katalog_sop import CatalogError, build_catalog
from katalog_sop.catalog.model import Status
from katalog_sop.problems import display_path, reports_system_errors
from katalog_sop.source.load import load_document
from katalog_sop.source.read import OPD_FILE, linked, nomor_in_use, refused_sources
from katalog_sop.source.sourcefile import FORMAT_GUIDE, sop_text, write_nofollow
from katalog_sop.source.spreadsheet import Refused, default_slug, file_slug, opd_folder, sop_path
from katalog_sop.source.validate import read_opd

PLACEHOLDER = "ISI:"  # every text the author must replace starts with this


def ask(question: str, default: str = "") -> str:
    suffix = f" [{default}]" if default else ""
    answer = input(f"{question}{suffix}: ").strip()
    return answer or default


def opd_names(sources: Path) -> dict[str, str]:
    """OPD folder -> its nama, for the question and the suggestion."""
    names = {}
    for opd_file in sorted(sources.glob(f"*/{OPD_FILE}")):
        if linked(opd_file, sources):  # never opened: the check refuses symlinks under sops/
            continue
        doc, problems = load_document(opd_file, opd_file.as_posix())
        opd = read_opd(doc, opd_file.parent.name)[0] if doc is not None and not problems else None
        names[opd_file.parent.name] = opd.nama if opd else opd_file.parent.name
    return names


def skeleton(nama: str, nomor: str, pelaksana: list[str], unit_kerja: str, jenis: str, today: dt.date) -> str:
    # One step per pelaksana (a single step is a valid SOP too); the comments of the first show every other form.
    steps = [{"uraian": f"{PLACEHOLDER} kegiatan yang dilakukan {who}", "pelaksana": who} for who in pelaksana]
    return sop_text(
        {
            "nomor": nomor,
            "nama": nama,
            "jenis": jenis,
            "status": Status.DRAFT.value,
            "unit_kerja": unit_kerja or None,
            "tanggal_pembuatan": today,
            "tanggal_efektif": today,
            "disahkan_oleh": {
                "jabatan": f"{PLACEHOLDER} jabatan pejabat yang mengesahkan",
                "nama": f"{PLACEHOLDER} nama pejabat beserta gelar",
            },
            "dasar_hukum": [f"{PLACEHOLDER} peraturan yang menjadi dasar SOP ini"],
            "kualifikasi_pelaksana": [],
            "keterkaitan": [],
            "peralatan_perlengkapan": [],
            "peringatan": [],
            "pencatatan_pendataan": [],
            "kata_kunci": [],
            "riwayat": [],
            "pelaksana": pelaksana,
            "kegiatan": steps,
            "alias": [],
        },
        comments=True,
        every_key=True,
    )


@reports_system_errors
def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Buat berkas SOP baru (draf) dengan semua kunci dan penjelasannya.")
    parser.add_argument("--sumber", type=Path, default=Path("sops"), help="folder sumber SOP (bawaan: sops)")
    parser.add_argument("--opd", help="folder OPD, mis. disdukcapil")
    parser.add_argument("--nama", help="nama SOP")
    parser.add_argument("--nomor", help="nomor SOP, unik di seluruh katalog")
    parser.add_argument("--pelaksana", action="append", help="pelaksana, berurutan (ulangi, atau pisahkan koma)")
    parser.add_argument("--unit-kerja", default="", help="bidang atau seksi (opsional)")
    parser.add_argument("--jenis", choices=("administratif", "teknis"), default="administratif")
    parser.add_argument("--berkas", help="nama berkas tanpa .yml (bawaan: dari nama SOP)")
    args = parser.parse_args(argv)
    sources: Path = args.sumber
    root = Path.cwd()
    if not sources.is_dir():
        print(f"{sources}: folder sumber SOP tidak ditemukan; jalankan dari akar repositori.", file=sys.stderr)
        return 1
    outside = refused_sources(sources, root)
    if outside is not None:
        print(outside, file=sys.stderr)
        return 1
    opds = opd_names(sources)
    interactive = sys.stdin.isatty()
    pelaksana = [p.strip() for value in args.pelaksana or [] for p in value.split(",") if p.strip()]
    if interactive:
        if not args.opd:
            print("Perangkat daerah yang ada:")
            for slug, nama in opds.items():
                print(f"  {slug:<28} {nama}")
            args.opd = ask("Folder OPD")
        args.nama = args.nama or ask("Nama SOP")
        args.nomor = args.nomor or ask("Nomor SOP (unik di seluruh katalog)")
        if not pelaksana:
            answer = ask("Pelaksana, berurutan, pisahkan dengan koma (mis. Pemohon, Petugas Loket, Kepala Seksi)")
            pelaksana = [p.strip() for p in answer.split(",") if p.strip()]
        if not args.unit_kerja and args.pelaksana is None:
            args.unit_kerja = ask("Unit kerja (bidang/seksi, boleh kosong)")
    missing = [
        flag for flag, value in (("--opd", args.opd), ("--nama", args.nama), ("--nomor", args.nomor)) if not value
    ]
    if not pelaksana:
        missing.append("--pelaksana")
    if missing:
        print(
            f"Belum diisi: {', '.join(missing)}. Jalankan tanpa argumen untuk ditanya satu per satu.", file=sys.stderr
        )
        return 2

    if args.opd not in opds:
        close = difflib.get_close_matches(args.opd, opds, n=1)
        hint = f" Apakah maksud Anda `{close[0]}`?" if close else ""
        print(
            f"OPD `{args.opd}` belum ada di {sources}.{hint} OPD baru dibuat dengan `python scripts/new_opd.py`.",
            file=sys.stderr,
        )
        return 1
    try:  # the same checks as the spreadsheet import: inside the OPD folder, by a name the validator accepts
        folder = opd_folder(sources, args.opd)
    except Refused as refusal:
        print(f"--opd: {refusal}", file=sys.stderr)
        return 1
    taken = nomor_in_use(sources, root).get(args.nomor)
    if taken:
        print(
            f"nomor `{args.nomor}` sudah dipakai oleh `{taken}`; nomor SOP harus unik di seluruh katalog.",
            file=sys.stderr,
        )
        return 1
    try:
        slug = file_slug(args.berkas) if args.berkas is not None else file_slug(default_slug(args.nama))
        target = sop_path(folder, slug)
    except Refused as refusal:
        print(f"--berkas: {refusal}", file=sys.stderr)
        return 1
    try:  # never written through a symlink, nor over an existing file
        write_nofollow(
            target,
            skeleton(args.nama, args.nomor, pelaksana, args.unit_kerja, args.jenis, dt.date.today()),
            replace=False,
        )
    except FileExistsError:
        print(f"`{display_path(target, root)}` sudah ada; pilih nama lain dengan --berkas.", file=sys.stderr)
        return 1
    shown = display_path(target, root)
    try:
        build_catalog(sources, root)
    except CatalogError as error:
        mine = [p for p in error.problems if p.path == shown]
        for problem in mine:
            print(problem)
        if mine:
            print(f"{shown} ditulis, tetapi ada masalah di atas; perbaiki sebelum commit.", file=sys.stderr)
            return 1
    print(f"{shown} ditulis (status: draf, tidak tampil di situs publik).")
    print("Langkah berikutnya:")
    print(f"  1. Buka {shown} dan ganti setiap teks yang diawali `{PLACEHOLDER}`; isi langkah-langkah `kegiatan`.")
    print(
        "     Komentar di berkas menjelaskan setiap kunci dan bentuk lainnya (langkah bersama, rentang waktu, "
        f"`cabang`, `lanjut` ke beberapa langkah); selengkapnya di {FORMAT_GUIDE}."
    )
    print(f"  2. Periksa: python scripts/validate.py {shown}")
    print("  3. Lihat hasilnya: mkdocs serve (draf tampil dengan tanda DRAF)")
    print("  4. Setelah SOP disahkan: ubah `status: draf` menjadi `status: berlaku`, lalu buka pull request.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
