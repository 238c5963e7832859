"""The catalogue as typed, immutable values, checked and resolved.

Everything downstream (pages, diagrams, open data) reads only these types.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

from katalog_sop.catalog.waktu import Waktu
from katalog_sop.contact import Contact

if TYPE_CHECKING:
    from katalog_sop.catalog.monev import MonevReport

END = 0
"""Step number used as the target ``selesai``."""


class Symbol(StrEnum):
    """The flowchart symbols of Permenpan-RB 35/2012 used for steps."""

    START = "mulai"  # terminator (kapsul)
    END = "selesai"  # terminator (kapsul)
    PROCESS = "proses"  # kotak
    DECISION = "keputusan"  # belah ketupat


class Status(StrEnum):
    """An SOP's standing, as its source writes it (``status:``); the value is also the text shown."""

    IN_FORCE = "berlaku"
    DRAFT = "draf"  # not yet signed: hidden from the public catalogue
    REVOKED = "dicabut"


@dataclass(frozen=True)
class Opd:
    slug: str
    nama: str
    source: Path
    singkatan: str | None = None
    urutan: int | None = None
    deskripsi: str | None = None
    kontak: Contact = field(default_factory=Contact)
    pemilik: tuple[str, ...] = ()  # GitHub accounts or teams that review this OPD's files

    @property
    def sort_key(self) -> tuple[int, int, str]:
        return (self.urutan is None, self.urutan or 0, self.nama.casefold())


@dataclass(frozen=True)
class Signatory:
    jabatan: str
    nama: str
    nip: str | None = None


@dataclass(frozen=True)
class Related:
    """A `keterkaitan` item: plain text, the nomor of another SOP, or both.

    A text that is exactly the name of one other SOP gets that SOP's nomor when
    the catalogue is read (``build.link_related_by_name``), so it links as a
    `sop:` reference does.
    """

    text: str | None = None
    nomor: str | None = None


@dataclass(frozen=True)
class Layanan:
    """`layanan`: what a citizen asks first about the public service an SOP delivers (Standar Pelayanan)."""

    persyaratan: tuple[str, ...] = ()
    biaya: str | None = None
    waktu_penyelesaian: Waktu | None = None
    produk: tuple[str, ...] = ()
    tempat: str | None = None
    jam_layanan: str | None = None
    pengaduan: tuple[str, ...] = ()


@dataclass(frozen=True)
class Revision:
    tanggal: dt.date
    catatan: str


@dataclass(frozen=True)
class Outcome:
    """One labelled exit of a decision: ``Ya``/``Tidak``, or a label of its own (`cabang`)."""

    label: str
    ke: int  # step number, or END


@dataclass(frozen=True)
class Decision:
    pertanyaan: str
    cabang: tuple[Outcome, ...]  # in the order written; `ya`/`tidak` as Ya then Tidak


@dataclass(frozen=True)
class Step:
    number: int
    uraian: str
    pelaksana: tuple[str, ...]  # one actor, or every actor of a joint step, in the order written
    symbol: Symbol
    next: tuple[int, ...]  # process steps: the next step numbers (END for selesai), several for a fork
    id: str | None = None
    kelengkapan: tuple[str, ...] = ()
    waktu: Waktu | None = None
    output: tuple[str, ...] = ()
    keterangan: str | None = None
    keputusan: Decision | None = None

    @property
    def targets(self) -> tuple[tuple[str | None, int], ...]:
        """Outgoing edges as (label, target): a decision's outcomes, or a process step's next steps."""
        if self.keputusan is not None:
            return tuple((outcome.label, outcome.ke) for outcome in self.keputusan.cabang)
        return tuple((None, target) for target in self.next)

    @property
    def is_joint(self) -> bool:
        return len(self.pelaksana) > 1


@dataclass(frozen=True)
class Sop:
    opd_slug: str
    slug: str
    source: Path
    nomor: str
    nama: str
    jenis: str
    status: Status
    tanggal_pembuatan: dt.date
    tanggal_efektif: dt.date
    disahkan_oleh: Signatory
    dasar_hukum: tuple[str, ...]
    pelaksana: tuple[str, ...]
    kegiatan: tuple[Step, ...]
    unit_kerja: str | None = None
    tanggal_revisi: dt.date | None = None
    tinjau_ulang: dt.date | None = None  # review due date; see review.py
    kualifikasi_pelaksana: tuple[str, ...] = ()
    keterkaitan: tuple[Related, ...] = ()
    peralatan_perlengkapan: tuple[str, ...] = ()
    peringatan: tuple[str, ...] = ()
    pencatatan_pendataan: tuple[str, ...] = ()
    kata_kunci: tuple[str, ...] = ()
    riwayat: tuple[Revision, ...] = ()
    alias: tuple[str, ...] = ()  # old `opd/slug` addresses that redirect here
    layanan: Layanan | None = None  # the public service, when the SOP serves the public

    @property
    def key(self) -> str:
        return f"{self.opd_slug}/{self.slug}"

    @property
    def latest_date(self) -> dt.date:
        """The later of tanggal efektif and tanggal revisi: when it last changed."""
        return max(d for d in (self.tanggal_efektif, self.tanggal_revisi) if d is not None)


@dataclass(frozen=True)
class Catalog:
    """All OPDs and SOPs of one build, with the lookups the pages need."""

    opds: tuple[Opd, ...]
    sops: tuple[Sop, ...]
    monev: tuple[MonevReport, ...] = ()  # the period files of every OPD (catalog/monev.py), in no set order

    def sops_of(self, opd: Opd) -> tuple[Sop, ...]:
        return tuple(s for s in self.sops if s.opd_slug == opd.slug)

    def by_nomor(self) -> dict[str, Sop]:
        return {s.nomor: s for s in self.sops}

    def referenced_by(self) -> dict[str, tuple[Sop, ...]]:
        """nomor -> the SOPs whose `keterkaitan` names it ("dirujuk oleh")."""
        backlinks: dict[str, list[Sop]] = {}
        for sop in self.sops:
            for item in sop.keterkaitan:
                if item.nomor is not None and sop not in backlinks.get(item.nomor, []):
                    backlinks.setdefault(item.nomor, []).append(sop)
        return {nomor: tuple(sops) for nomor, sops in backlinks.items()}

    def only(self, opd_slugs: set[str]) -> Catalog:
        """The part of the catalogue that belongs to these OPDs (a quick local preview)."""
        return Catalog(
            tuple(o for o in self.opds if o.slug in opd_slugs),
            tuple(s for s in self.sops if s.opd_slug in opd_slugs),
            tuple(r for r in self.monev if r.opd_slug in opd_slugs),
        )
