"""Monitoring and evaluation (monev) of SOPs, as typed, immutable values (format version 3).

One ``MonevReport`` is one period file, ``sops/<opd>/_monev/<tahun>-<semester>.yml``: the
official monitoring table (one row per SOP) and, optionally, the yearly evaluation with its seven
criteria. What the build derives from these (due, latest result, coverage) is in ``monev_status``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from katalog_sop.catalog.model import Signatory

FIRST_YEAR = 2000
LAST_YEAR = 2100
LATE_DAYS = 60  # a monitoring may be written up to this many days after its period ends


class Penilaian(StrEnum):
    """The monitoring table's column "Penilaian"; the value is also what the source writes."""

    BAIK = "baik"  # "Berjalan dengan baik"
    TIDAK_BAIK = "tidak baik"  # "Tidak berjalan dengan baik"

    @property
    def shown(self) -> str:
        return "berjalan dengan baik" if self is Penilaian.BAIK else "tidak berjalan dengan baik"


class Rekomendasi(StrEnum):
    """What an evaluation recommends for the SOP."""

    TETAP = "tetap"
    REVISI = "revisi"
    CABUT = "cabut"

    @property
    def shown(self) -> str:
        return {"tetap": "tetap dipakai", "revisi": "direvisi", "cabut": "dicabut"}[self.value]


# The monitoring methods of Permenpan-RB 35/2012, as the source writes them.
METODE = ("observasi", "wawancara pelaksana", "wawancara pengguna", "rapat kerja", "pengarahan")

# The seven evaluation criteria: source key -> the question as the official form writes it.
KRITERIA: dict[str, str] = {
    "mendorong_kinerja": "Mampu mendorong peningkatan kinerja",
    "mudah_dipahami": "Mudah dipahami",
    "mudah_dilaksanakan": "Mudah dilaksanakan",
    "peran_jelas": "Semua orang dapat menjalankan perannya masing-masing",
    "mengatasi_masalah": "Mampu mengatasi permasalahan yang berkaitan dengan proses",
    "menjawab_kebutuhan": "Mampu menjawab kebutuhan peningkatan kinerja organisasi",
    "sinergi": "Sinergi satu dengan lainnya",
}

_ROMAN = {1: "I", 2: "II"}


@dataclass(frozen=True, order=True)
class Period:
    """A semester: 1 is Januari-Juni, 2 is Juli-Desember. Ordered in time."""

    tahun: int
    semester: int

    @classmethod
    def of(cls, day: dt.date) -> Period:
        """The semester a day falls in."""
        return cls(day.year, 1 if day.month <= 6 else 2)

    @property
    def key(self) -> str:
        """As the file name writes it: ``2026-1``."""
        return f"{self.tahun}-{self.semester}"

    @property
    def name(self) -> str:
        """As people say it: ``Semester I 2026``."""
        return f"Semester {_ROMAN[self.semester]} {self.tahun}"

    @property
    def start(self) -> dt.date:
        return dt.date(self.tahun, 1 if self.semester == 1 else 7, 1)

    @property
    def end(self) -> dt.date:
        return dt.date(self.tahun, 6, 30) if self.semester == 1 else dt.date(self.tahun, 12, 31)

    @property
    def latest_tanggal(self) -> dt.date:
        """The last day a monitoring of this period may be dated."""
        return self.end + dt.timedelta(days=LATE_DAYS)

    def previous(self) -> Period:
        return Period(self.tahun, 1) if self.semester == 2 else Period(self.tahun - 1, 2)

    def next(self) -> Period:
        return Period(self.tahun, 2) if self.semester == 1 else Period(self.tahun + 1, 1)


@dataclass(frozen=True)
class MonitoringRow:
    """One row of the official monitoring table."""

    nomor: str  # the SOP's nomor, as its file writes it
    penilaian: Penilaian
    catatan: str | None = None  # "Catatan hasil penilaian"
    tindakan: str | None = None  # "Tindakan yang harus diambil"; required when `tidak baik`
    metode: tuple[str, ...] = ()


@dataclass(frozen=True)
class EvaluationRow:
    """One SOP's evaluation: the seven criteria answered, and a recommendation."""

    nomor: str
    kriteria: tuple[tuple[str, bool], ...]  # (key of KRITERIA, answered `ya`) in the order of KRITERIA
    rekomendasi: Rekomendasi
    catatan: str | None = None  # required unless `tetap`

    @property
    def answered_yes(self) -> int:
        return sum(1 for _key, yes in self.kriteria if yes)


@dataclass(frozen=True)
class MonevReport:
    """One period file of one OPD."""

    opd_slug: str
    period: Period
    source: Path
    tanggal: dt.date  # when the monitoring was done
    penilai: Signatory
    monitoring: tuple[MonitoringRow, ...]
    evaluasi: tuple[EvaluationRow, ...] = ()

    @property
    def period_key(self) -> str:
        """`2026-1`, as its file name writes it."""
        return self.period.key
