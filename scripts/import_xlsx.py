#!/usr/bin/env python3
"""Turn SOPs kept in a spreadsheet into YAML source files, reporting row by row what could not be converted.

Usage: python scripts/import_xlsx.py FILE.xlsx [--sumber sops] [--timpa]
       python scripts/import_xlsx.py --template FILE.xlsx     (an empty template with one example SOP)
The cells are described in katalog_sop/source/spreadsheet.py and on the template's Petunjuk sheet; so are the
limits (rows read, where a file may be written: only `<sumber>/<folder_opd>/<nama_berkas>.yml`, and for a filled
Monitoring sheet `<sumber>/<folder_opd>/_monev/<periode>.yml`, never through a symlink).
Exit status: 0 when every SOP was written, 1 when some were skipped (see the report), 2 on a bad file.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import sys
import zipfile
from pathlib import Path

from katalog_sop import CatalogError, build_catalog
from katalog_sop.problems import Problem, display_path, reports_system_errors, system_message, writing
from katalog_sop.source.read import nomor_in_use, refused_sources
from katalog_sop.source.sourcefile import monev_text_with_origins, sop_text_with_origins, write_nofollow
from katalog_sop.source.spreadsheet import (
    FILE_COLUMN,
    MONITORING_SHEET,
    OPD_COLUMN,
    ImportedMonev,
    ImportedSop,
    Refused,
    add_rows,
    default_slug,
    file_slug,
    monev_path,
    new_workbook,
    opd_folder,
    read_file_with_monev,
    sop_path,
)

EXAMPLE_IDENTITY = {
    "folder_opd": "disdukcapil",
    "nama_berkas": "penerbitan-kartu-identitas-anak",
    "nomor": "470/SOP.10/DISDUKCAPIL/2026",
    "nama": "Penerbitan Kartu Identitas Anak",
    "jenis": "administratif",
    "status": "draf",
    "unit_kerja": "Bidang Pelayanan Pendaftaran Penduduk",
    "tanggal_pembuatan": "2026-01-05",
    "tanggal_efektif": "2026-02-02",
    "disahkan_oleh.jabatan": "Kepala Dinas Kependudukan dan Pencatatan Sipil",
    "disahkan_oleh.nama": "Contoh Pejabat, S.H.",
    "disahkan_oleh.nip": "19700101 199503 1 001",
    "dasar_hukum": "Permendagri Nomor 2 Tahun 2016 tentang Kartu Identitas Anak",
    "kualifikasi_pelaksana": "Memahami administrasi kependudukan\nMampu mengoperasikan SIAK",
    "peralatan_perlengkapan": "Komputer dan printer kartu\nBlangko KIA",
    "peringatan": "Jika berkas tidak lengkap, KIA tidak dapat diterbitkan",
    "pencatatan_pendataan": "Buku register penerbitan KIA",
    "kata_kunci": "KIA\nkartu anak",
    "riwayat": "2026-02-02: Penetapan awal",
}
EXAMPLE_STEPS = [
    {
        "Kegiatan": "Mengajukan permohonan KIA dengan kartu keluarga dan akta kelahiran",
        "Pelaksana": "Pemohon",
        "Kelengkapan": "Kartu keluarga\nAkta kelahiran anak",
        "Waktu": "5 menit",
        "Output": "Berkas permohonan",
    },
    {
        "Kegiatan": "Memeriksa kelengkapan berkas",
        "Pelaksana": "Petugas Loket",
        "Waktu": "10 menit",
        "Output": "Berkas terverifikasi",
        "Pertanyaan": "Berkas lengkap?",
        "Ya": 3,
        "Tidak": 1,
    },
    {
        "Kegiatan": "Mencetak dan menandatangani KIA",
        "Pelaksana": "Kepala Seksi",
        "Waktu": "1-2 hari kerja",
        "Output": "KIA",
    },
    {  # a joint step (one name per line) with two outputs (one per line)
        "Kegiatan": "Menyerahkan KIA dan menandatangani tanda terima",
        "Pelaksana": "Petugas Loket\nPemohon",
        "Waktu": "5 menit",
        "Output": "KIA diterima pemohon\nTanda terima",
        "Keterangan": "Langkah bersama: petugas menyerahkan, pemohon menandatangani tanda terima",
    },
]


def write_template(path: Path) -> None:
    workbook = new_workbook()
    steps = [
        {"Nomor SOP": EXAMPLE_IDENTITY["nomor"], "No": number, **step}
        for number, step in enumerate(EXAMPLE_STEPS, start=1)
    ]
    add_rows(workbook, EXAMPLE_IDENTITY, steps)
    content = io.BytesIO()  # made in memory: a full disk then fails one plain write, not the zip file's cleanup
    workbook.save(content)
    with writing(path):
        path.write_bytes(content.getvalue())


def _target(sop: ImportedSop, sources: Path, root: Path, planned: dict[Path, ImportedSop]) -> Path | None:
    """Where this SOP is written: inside its OPD folder, by a checked name; None (and a problem at the cell)."""
    where = sop.cells.get((OPD_COLUMN,), f"Identitas!{sop.row}")
    try:
        folder = opd_folder(sources, sop.opd)
    except Refused as refusal:
        sop.problems.append(f"{where}: {refusal}")
        return None
    named = bool(sop.slug)
    where = sop.cells.get((FILE_COLUMN,) if named else ("nama",), f"Identitas!{sop.row}")
    try:
        slug = file_slug(sop.slug) if named else default_slug(str(sop.values.get("nama", "")))
        if not named:
            file_slug(slug)
        target = sop_path(folder, slug)
    except Refused as refusal:
        hint = "" if named else " Isi kolom nama_berkas."
        sop.problems.append(f"{where}: {refusal}{hint}")
        return None
    shown = display_path(target, root)
    other = planned.get(target)
    if other is not None:
        sop.problems.append(
            f"{where}: SOP ini dan SOP di baris {other.row} akan ditulis ke berkas yang sama `{shown}`; isi "
            "nama_berkas yang berbeda untuk salah satunya."
        )
        return None
    planned[target] = sop
    return target


def _write_monev(
    monev: ImportedMonev, sources: Path, root: Path, overwrite: bool
) -> tuple[Path, dict[int, tuple[str | int, ...]], str | None] | None:
    """Write the Monitoring sheet to `<sumber>/<folder_opd>/_monev/<periode>.yml`; None (and a problem at its cell)."""
    if monev.problems:
        return None
    try:
        folder = opd_folder(sources, monev.opd)
    except Refused as refusal:
        monev.problems.append(f"{monev.cell_of((OPD_COLUMN,))}: {refusal}")
        return None
    try:
        target = monev_path(folder, monev.periode)
    except Refused as refusal:
        monev.problems.append(f"{monev.cell_of(('periode',))}: {refusal}")
        return None
    shown = display_path(target, root)
    if target.exists() and not overwrite:
        monev.problems.append(f"{monev.cells[('periode',)]}: `{shown}` sudah ada; pakai --timpa untuk menimpanya.")
        return None
    text, origins = monev_text_with_origins(monev.values)
    previous = target.read_text(encoding="utf-8") if target.exists() else None
    target.parent.mkdir(exist_ok=True)
    write_nofollow(target, text, replace=overwrite)
    return target, origins, previous


# The first bytes of a file, for what a file that is not a workbook is instead.
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Excel 97-2003 (.xls), or an .xlsx locked with a password
_ZIP = b"PK"
_SAVE_AS = "Buka di Excel atau LibreOffice Calc, simpan sebagai Excel Workbook (.xlsx), lalu impor berkas itu"
_OPENED = (".xlsx", ".xlsm", ".xltx", ".xltm")  # the names openpyxl opens


def not_a_workbook(path: Path) -> str:
    """What a file that openpyxl refused is, and what to do, in Indonesian (never openpyxl's or zipfile's English)."""
    start, workbook_inside = b"?", False
    try:
        with path.open("rb") as file:
            start = file.read(len(_OLE2))
        if start.startswith(_ZIP):
            with zipfile.ZipFile(path) as archive:
                workbook_inside = "xl/workbook.xml" in archive.namelist()
    except (OSError, zipfile.BadZipFile, ValueError):
        pass  # what could be read is enough to tell
    if not start:
        return f"berkas ini kosong (0 bita), bukan buku kerja .xlsx. {_SAVE_AS}, atau buat templat dengan --template."
    if workbook_inside and path.suffix.lower() not in _OPENED:
        return (
            f"isinya buku kerja .xlsx, tetapi namanya berakhiran `{path.suffix or '(tanpa akhiran)'}`. Ganti namanya "
            "menjadi .xlsx, lalu impor lagi."
        )
    if start.startswith(_OLE2):
        return (
            "berkas ini berformat Excel 97-2003 (.xls), atau .xlsx yang dilindungi kata sandi, bukan buku kerja .xlsx. "
            f"Hapus kata sandinya bila ada; {_SAVE_AS}."
        )
    if start.startswith(_ZIP):
        return (
            "berkas ini arsip zip, tetapi bukan buku kerja .xlsx yang utuh (mungkin dokumen lain, mis. .docx atau "
            f".ods, atau buku kerja yang rusak atau terpotong). {_SAVE_AS}."
        )
    return (
        "isinya bukan buku kerja .xlsx (mis. berkas teks, CSV atau halaman web yang diganti namanya menjadi .xlsx). "
        f"{_SAVE_AS}, atau buat templat dengan --template."
    )


def import_workbook(path: Path, sources: Path, overwrite: bool) -> int:
    root = Path.cwd()
    outside = refused_sources(sources, root)
    if outside is not None:
        print(outside, file=sys.stderr)
        return 2
    try:
        sops, problems, monev = read_file_with_monev(path)
    except OSError as error:
        if error.errno is None:  # openpyxl's own OSError for a zip with no workbook in it
            print(Problem(display_path(path, root), 1, 1, not_a_workbook(path)), file=sys.stderr)
        else:  # no such file, a folder, no permission: the system's refusal, in Indonesian
            print(system_message(error, path), file=sys.stderr)
        return 2
    except Exception:  # openpyxl and zipfile raise many kinds (in English) for a file that is not a workbook
        print(Problem(display_path(path, root), 1, 1, not_a_workbook(path)), file=sys.stderr)
        return 2
    for problem in problems:
        print(problem)
    taken = nomor_in_use(sources, root)
    written: dict[Path, tuple[ImportedSop, dict[int, tuple[str | int, ...]], str | None]] = {}
    skipped: list[ImportedSop] = []
    planned: dict[Path, ImportedSop] = {}
    for sop in sops:
        target = _target(sop, sources, root, planned)
        if target is not None:
            shown = display_path(target, root)
            if target.exists() and not overwrite:
                sop.problems.append(f"Identitas!{sop.row}: `{shown}` sudah ada; pakai --timpa untuk menimpanya.")
            elif (owner := taken.get(sop.values.get("nomor", ""))) and owner != shown and not overwrite:
                sop.problems.append(
                    f"{sop.cells[('nomor',)]}: nomor `{sop.values['nomor']}` sudah dipakai oleh `{owner}`."
                )
        if target is None or sop.problems:
            skipped.append(sop)
            continue
        text, origins = sop_text_with_origins(sop.values)
        previous = target.read_text(encoding="utf-8") if target.exists() else None
        write_nofollow(target, text, replace=overwrite)
        written[target] = (sop, origins, previous)
    monev_written = _write_monev(monev, sources, root, overwrite) if monev is not None else None
    # The real validator judges every written file, with the rest of the catalogue.
    try:
        build_catalog(sources, root)
    except CatalogError as error:
        by_file: dict[str, list[Problem]] = {}
        for problem in error.problems:
            by_file.setdefault(problem.path, []).append(problem)
        if monev is not None and monev_written is not None:
            target, origins, previous = monev_written
            for problem in by_file.get(display_path(target, root), []):
                monev.problems.append(f"{monev.cell_of(origins.get(problem.line, ()))}: {problem.message}")
            if monev.problems:
                if previous is None:
                    target.unlink()
                    with contextlib.suppress(OSError):  # the _monev folder made for it, when left empty
                        target.parent.rmdir()
                else:
                    write_nofollow(target, previous, replace=True)
                monev_written = None
        for target, (sop, origins, previous) in list(written.items()):
            mine = by_file.get(display_path(target, root), [])
            if not mine:
                continue
            for problem in mine:
                sop.problems.append(f"{sop.cell_of(origins.get(problem.line, ()))}: {problem.message}")
            if previous is None:
                target.unlink()
            else:
                write_nofollow(target, previous, replace=True)
            del written[target]
            skipped.append(sop)
    for sop in sorted(skipped, key=lambda s: s.row):
        print(f"SOP di {sop.values.get('nomor') or 'baris ' + str(sop.row)} (Identitas baris {sop.row}) tidak ditulis:")
        for problem in sop.problems:
            print(f"  {problem}")
    for target in written:
        print(f"{display_path(target, root)} ditulis.")
    if sops or monev is None:
        print(f"{len(written)} SOP ditulis, {len(skipped)} dilewati.")
    if monev is not None:
        if monev.problems:
            print(f"Lembar {MONITORING_SHEET} tidak ditulis:")
            for problem in monev.problems:
                print(f"  {problem}")
        elif monev_written is not None:
            print(f"{display_path(monev_written[0], root)} ditulis (monitoring {monev.periode}).")
    return 1 if skipped or problems or (monev is not None and monev.problems) else 0


@reports_system_errors
def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Impor SOP dari lembar kerja .xlsx menjadi berkas YAML.")
    parser.add_argument("workbook", type=Path, nargs="?", help="berkas .xlsx yang diimpor")
    parser.add_argument("--template", type=Path, metavar="BERKAS", help="tulis templat .xlsx ke berkas ini")
    parser.add_argument("--sumber", type=Path, default=Path("sops"), help="folder sumber SOP (bawaan: sops)")
    parser.add_argument("--timpa", action="store_true", help="timpa berkas atau nomor yang sudah ada")
    args = parser.parse_args(argv)
    if args.template:
        write_template(args.template)
        print(
            f"Templat ditulis ke {args.template}. Isi lembar Identitas dan Kegiatan, atau lembar Monitoring dan "
            "Evaluasi (lihat lembar Petunjuk), lalu impor berkasnya."
        )
        return 0
    if args.workbook is None:
        parser.error("sebutkan berkas .xlsx, atau --template BERKAS untuk membuat templat")
    if not args.sumber.is_dir():
        print(f"{args.sumber}: folder sumber SOP tidak ditemukan; jalankan dari akar repositori.", file=sys.stderr)
        return 2
    return import_workbook(args.workbook, args.sumber, args.timpa)


if __name__ == "__main__":
    sys.exit(main())
