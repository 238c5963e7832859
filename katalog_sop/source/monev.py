"""Read and check an OPD's monitoring and evaluation files (`sops/<opd>/_monev/<tahun>-<semester>.yml`).

The structure comes from ``schema.MONEV_RECORD``; this module adds the rules of format version 3
that relate a file to its name, to the day of the build and to the OPD's SOPs. Every problem is a
``path:line:col`` in Bahasa Indonesia, and all of them are reported in one run.
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from katalog_sop.catalog.model import Signatory, Status
from katalog_sop.catalog.monev import (
    FIRST_YEAR,
    KRITERIA,
    LAST_YEAR,
    LATE_DAYS,
    EvaluationRow,
    MonevReport,
    MonitoringRow,
    Penilaian,
    Period,
    Rekomendasi,
)
from katalog_sop.problems import Problem
from katalog_sop.source.load import load_document
from katalog_sop.source.nomor import nomor_key
from katalog_sop.source.schema import MONEV_RECORD, Located, Reader

MONEV_FOLDER = "_monev"
PERIOD_FILE = re.compile(r"^(\d{4})-(\d)\.(yml|yaml)$")
NAME_HINT = (
    "nama berkas monitoring harus `<tahun>-<semester>.yml`: tahun 4 angka, semester `1` (Januari-Juni) atau `2` "
    "(Juli-Desember), mis. `2026-1.yml`"
)


@dataclass(frozen=True)
class SopStanding:
    """What the rules need from an SOP of the catalogue: its OPD, its status, its file."""

    opd_slug: str
    status: Status
    shown: str


@dataclass(frozen=True)
class CheckedReport:
    """A period file read: its report when it passed its own rules (else None), and where each row's `sop` is
    written, so that its references are checked in the same run either way."""

    report: MonevReport | None
    opd_slug: str
    shown: str
    monitoring_at: tuple[Located, ...]  # Located(nomor) of each monitoring row, in order
    evaluasi_at: tuple[Located, ...]


def read_monev_folder(
    folder: Path, shown_opd: str, opd_slug: str, today: dt.date, link_problem
) -> tuple[list[CheckedReport], list[Problem]]:
    """Every period file of the OPD folder's `_monev/`, checked on its own; no folder means no results yet."""
    monev = folder / MONEV_FOLDER
    shown_folder = f"{shown_opd}/{MONEV_FOLDER}"
    if monev.is_symlink():
        return [], [link_problem(monev)]
    if not monev.exists():
        return [], []
    if not monev.is_dir():
        return [], [
            Problem(
                shown_folder,
                1,
                1,
                f"`{MONEV_FOLDER}` harus berupa folder berisi berkas per semester (mis. `{MONEV_FOLDER}/2026-1.yml`); "
                "hapus berkas ini atau ganti dengan folder.",
            )
        ]
    checked: list[CheckedReport] = []
    problems: list[Problem] = []
    seen: dict[Period, str] = {}
    with os.scandir(monev) as entries:
        names = sorted(entries, key=lambda e: e.name)
    for entry in names:
        path = monev / entry.name
        shown = f"{shown_folder}/{entry.name}"
        if entry.name.startswith("."):
            continue  # `.gitkeep` and the like, as in the OPD folder
        if entry.is_symlink():
            problems.append(link_problem(path))
            continue
        if entry.is_dir(follow_symlinks=False):
            problems.append(
                Problem(
                    shown, 1, 1, f"`{MONEV_FOLDER}/` tidak berisi subfolder; pindahkan berkasnya ke `{shown_folder}/`."
                )
            )
            continue
        period, message = period_of_name(entry.name, today)
        if period is None:
            problems.append(Problem(shown, 1, 1, message))
            continue
        if period in seen:
            problems.append(
                Problem(
                    shown,
                    1,
                    1,
                    f"berkas ini dan `{seen[period]}` sama-sama untuk {period.name}; gabungkan isinya ke satu berkas.",
                )
            )
            continue
        seen[period] = entry.name
        report, file_problems = read_period_file(path, shown, opd_slug, period, today)
        problems.extend(file_problems)
        if report is not None:
            checked.append(report)  # its report may be None: its references are still checked
    return checked, problems


def period_of_name(name: str, today: dt.date) -> tuple[Period | None, str]:
    """The period a file name stands for, or why it stands for none (bad name, out of range, not begun)."""
    match = PERIOD_FILE.fullmatch(name)
    if match is None:
        stripped = name.strip().lower()
        if PERIOD_FILE.fullmatch(stripped):
            return None, f"{NAME_HINT}; ganti namanya menjadi `{stripped}`."
        return None, f"{NAME_HINT}; berkas `{name}` tidak dibaca."
    year, semester = int(match.group(1)), int(match.group(2))
    if semester not in (1, 2):
        return None, f"semester `{semester}` tidak ada: {NAME_HINT}."
    if not FIRST_YEAR <= year <= LAST_YEAR:
        return None, f"tahun `{year}` di luar rentang {FIRST_YEAR} sampai {LAST_YEAR}: {NAME_HINT}."
    period = Period(year, semester)
    if period.start > today:
        return None, (
            f"{period.name} belum dimulai pada hari build ({today.isoformat()}); monitoring dicatat sesudah "
            f"dilakukan. Periksa tahun dan semester pada nama berkas (semester sekarang: {Period.of(today).key})."
        )
    return period, ""


def read_period_file(
    path: Path, shown: str, opd_slug: str, period: Period, today: dt.date
) -> tuple[CheckedReport | None, list[Problem]]:
    """One period file against its schema and its own rules (dates, tindakan, catatan, rows once each)."""
    doc, problems = load_document(path, shown)
    if doc is None or problems:
        return None, problems
    reader = Reader(shown)
    if doc.root is None:
        reader.report(
            None,
            "berkas monitoring kosong; jalankan `python scripts/new_monev.py --opd "
            f"{opd_slug} --periode {period.key}` untuk membuat isinya, lalu isi penilaiannya.",
        )
        return None, reader.problems
    values = MONEV_RECORD.read(doc.root, reader, "berkas monitoring")
    if not isinstance(values, dict):
        return None, reader.problems
    if "tanggal" in values:
        _check_tanggal(values["tanggal"], period, today, reader)
    monitoring = [_monitoring_row(item, reader) for item in _items(values.get("monitoring"))]
    evaluasi = [_evaluation_row(item, reader) for item in _items(values.get("evaluasi"))]
    _check_once(monitoring, "monitoring", reader)
    _check_once(evaluasi, "evaluasi", reader)
    places = (
        tuple(at for _row, at in monitoring if at is not None),
        tuple(at for _row, at in evaluasi if at is not None),
    )
    if reader.problems:
        return CheckedReport(None, opd_slug, shown, *places), reader.problems
    penilai = values["penilai"].value
    report = MonevReport(
        opd_slug=opd_slug,
        period=period,
        source=path,
        tanggal=values["tanggal"].value,
        penilai=Signatory(
            jabatan=penilai["jabatan"].value,
            nama=penilai["nama"].value,
            nip=penilai["nip"].value if "nip" in penilai else None,
        ),
        monitoring=tuple(row for row, _at in monitoring if row is not None),
        evaluasi=tuple(row for row, _at in evaluasi if row is not None),
    )
    return CheckedReport(report, opd_slug, shown, *places), []


def _items(located: Located | None) -> list[Located]:
    return list(located.value) if located is not None else []


def _check_tanggal(tanggal: Located, period: Period, today: dt.date, reader: Reader) -> None:
    day: dt.date = tanggal.value
    if day < period.start:
        reader.report(
            tanggal,
            f"`tanggal` {day.isoformat()} sebelum {period.name} dimulai ({period.start.isoformat()}); monitoring "
            "suatu semester dilakukan di dalam semester itu. Periksa tanggalnya, atau nama berkasnya.",
        )
    elif day > period.latest_tanggal:
        reader.report(
            tanggal,
            f"`tanggal` {day.isoformat()} lebih dari {LATE_DAYS} hari sesudah {period.name} berakhir "
            f"({period.end.isoformat()}); paling lambat {period.latest_tanggal.isoformat()}. Bila monitoring ini "
            f"untuk semester {Period.of(day).name}, simpan sebagai `{Period.of(day).key}.yml`.",
        )
    elif day > today:
        reader.report(
            tanggal,
            f"`tanggal` {day.isoformat()} sesudah hari build ({today.isoformat()}); tulis tanggal monitoring "
            "dilakukan, bukan tanggal yang direncanakan.",
        )


def _monitoring_row(item: Located, reader: Reader) -> tuple[MonitoringRow | None, Located | None]:
    values: Mapping[str, Located] = item.value
    if "sop" not in values or "penilaian" not in values:
        return None, values.get("sop")
    penilaian = Penilaian(values["penilaian"].value)
    written = "tindakan" in values or "tindakan" in getattr(values, "refused", ())  # refused: reported already
    if penilaian == Penilaian.TIDAK_BAIK and not written:
        reader.report(
            item,
            "baris `monitoring` dengan penilaian `tidak baik` harus berisi `tindakan`: tindakan yang harus diambil "
            "agar SOP berjalan, mis. `tindakan: Menambah petugas loket pada Senin pagi.`",
        )
    row = MonitoringRow(
        nomor=values["sop"].value,
        penilaian=penilaian,
        catatan=_text(values, "catatan"),
        tindakan=_text(values, "tindakan"),
        metode=tuple(m.value for m in values["metode"].value) if "metode" in values else (),
    )
    return row, values["sop"]


def _evaluation_row(item: Located, reader: Reader) -> tuple[EvaluationRow | None, Located | None]:
    values: Mapping[str, Located] = item.value
    if not {"sop", "kriteria", "rekomendasi"} <= values.keys():
        return None, values.get("sop")
    kriteria: Mapping[str, Located] = values["kriteria"].value
    if set(kriteria) != set(KRITERIA):
        return None, values["sop"]  # a missing criterion is already reported by the schema
    rekomendasi = Rekomendasi(values["rekomendasi"].value)
    if rekomendasi != Rekomendasi.TETAP and "catatan" not in values:
        reader.report(
            values["rekomendasi"],
            f"rekomendasi `{rekomendasi}` harus disertai `catatan`: alasannya, agar OPD tahu apa yang perlu "
            "diubah, mis. `catatan: Langkah verifikasi berkas perlu dipecah per jenis berkas.`",
        )
    row = EvaluationRow(
        nomor=values["sop"].value,
        kriteria=tuple((key, kriteria[key].value == "ya") for key in KRITERIA),
        rekomendasi=rekomendasi,
        catatan=_text(values, "catatan"),
    )
    return row, values["sop"]


def _text(values: Mapping[str, Located], key: str) -> str | None:
    return values[key].value if key in values else None


def _check_once(rows: list[tuple[object, Located | None]], table: str, reader: Reader) -> None:
    """One SOP at most once per table of one file (after the nomor normalisation of the catalogue)."""
    first: dict[str, Located] = {}
    for _row, at in rows:
        if at is None:
            continue
        key = nomor_key(at.value)
        if key in first:
            reader.report(
                at,
                f"SOP `{at.value}` sudah dinilai di baris `{table}` lain pada baris {first[key].line}; satu SOP hanya "
                f"sekali dalam `{table}` satu berkas. Gabungkan kedua baris itu.",
            )
        else:
            first[key] = at


def check_monev_references(
    reports: list[CheckedReport],
    standing: Mapping[str, SopStanding],
    unchecked_nomor: set[str],
) -> list[Problem]:
    """Every `sop` of every report names an SOP of **its** OPD that is in force or revoked (never a draft).

    ``standing``: nomor -> the SOP's OPD and status, for every SOP read; ``unchecked_nomor``: nomor declared by
    files that failed to read (their one problem is already reported there).
    """
    problems: list[Problem] = []
    by_key = {nomor_key(nomor): nomor for nomor in standing}
    for checked in reports:
        opd = checked.opd_slug
        own = [nomor for nomor, sop in standing.items() if sop.opd_slug == opd and sop.status != Status.DRAFT]
        for table, places in (("monitoring", checked.monitoring_at), ("evaluasi", checked.evaluasi_at)):
            for at in places:
                message = _reference_problem(at.value, opd, table, standing, by_key, own, unchecked_nomor)
                if message is not None:
                    problems.append(Problem(checked.shown, at.line, at.column, message))
    return problems


def _reference_problem(
    nomor: str,
    opd: str,
    table: str,
    standing: Mapping[str, SopStanding],
    by_key: Mapping[str, str],
    own: list[str],
    unchecked_nomor: set[str],
) -> str | None:
    sop = standing.get(nomor)
    if sop is None:
        if nomor in unchecked_nomor:
            return None
        written = by_key.get(nomor_key(nomor))
        if written is not None and standing[written].opd_slug == opd:
            return f"`sop` `{nomor}` tidak persis sama dengan nomor SOP `{written}`; salin nomornya dari berkas SOP."
        close = difflib.get_close_matches(nomor, own, n=1, cutoff=0.7)
        hint = (
            f" Apakah maksud Anda `{close[0]}`?" if close else " Salin nomornya persis dari kunci `nomor` berkas SOP."
        )
        return f"`sop` `{nomor}` di `{table}` bukan nomor SOP mana pun di katalog.{hint}"
    if sop.opd_slug != opd:
        return (
            f"SOP `{nomor}` milik OPD lain (`{sop.shown}`); berkas monitoring `{opd}` hanya menilai SOP di folder "
            f"`{opd}`. Pindahkan baris ini ke `_monev/` OPD pemiliknya."
        )
    if sop.status == Status.DRAFT:
        return (
            f"SOP `{nomor}` masih `draf` (belum berlaku), jadi belum dimonitor atau dievaluasi; hapus baris ini, "
            "atau nilai lagi sesudah SOP disahkan."
        )
    return None
