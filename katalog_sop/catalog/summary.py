"""What a citizen asks first about an SOP, answered at the top of its page.

From `layanan` when the SOP has it (the Standar Pelayanan: persyaratan, biaya,
waktu, produk, tempat, jam, pengaduan); otherwise from what the steps tell:
what the first step needs, how long the main path takes, what the steps that
end it produce, who takes part, and where (the OPD's contact).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from katalog_sop.catalog import flow, waktu
from katalog_sop.catalog.model import END, Contact, Opd, Sop

# Biaya texts as Standar Pelayanan documents write them: any mention of a payment makes the service
# "berbiaya" (even when other parts of it are free); otherwise words that mean free make it "gratis".
_PAID = re.compile(r"rp\.?\s*[1-9]|retribusi|tarif|\bbayar|dibayar|membayar|pnbp", re.IGNORECASE)
_FREE = re.compile(
    r"gratis|tidak\s+dipungut|tanpa\s+(biaya|dipungut)|bebas\s+biaya|\bnihil\b|^\s*-\s*$|rp\.?\s*0\b(?![.,]?\d)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Summary:
    """The answers, each empty when the SOP does not say."""

    from_layanan: bool
    persyaratan: tuple[str, ...]
    biaya: str | None
    waktu: str | None
    produk: tuple[str, ...]
    tempat: str | None
    jam_layanan: str | None
    pengaduan: tuple[str, ...]
    pelaksana: tuple[str, ...]
    kontak: Contact

    @property
    def gratis(self) -> bool | None:
        """Whether the service is free, as its biaya says; None when it says nothing."""
        if self.biaya is None:
            return None
        return not _PAID.search(self.biaya) and bool(_FREE.search(self.biaya))


def summarize(sop: Sop, opd: Opd) -> Summary:
    layanan = sop.layanan
    steps_time = waktu.format_total([s.waktu for s in flow.main_path(sop.kegiatan) if s.waktu is not None])
    first_needs = sop.kegiatan[0].kelengkapan
    if layanan is None:
        return Summary(
            from_layanan=False,
            persyaratan=first_needs,
            biaya=None,
            waktu=None if steps_time == "-" else steps_time,
            produk=_end_outputs(sop),
            tempat=opd.kontak.alamat,
            jam_layanan=None,
            pengaduan=(),
            pelaksana=sop.pelaksana,
            kontak=opd.kontak,
        )
    return Summary(
        from_layanan=True,
        persyaratan=layanan.persyaratan or first_needs,
        biaya=layanan.biaya,
        waktu=str(layanan.waktu_penyelesaian)
        if layanan.waktu_penyelesaian
        else (None if steps_time == "-" else steps_time),
        produk=layanan.produk or _end_outputs(sop),
        tempat=layanan.tempat or opd.kontak.alamat,
        jam_layanan=layanan.jam_layanan,
        pengaduan=layanan.pengaduan,
        pelaksana=sop.pelaksana,
        kontak=opd.kontak,
    )


def _end_outputs(sop: Sop) -> tuple[str, ...]:
    """The outputs of the steps that end the procedure (a decision's rejection to selesai is not one)."""
    outputs: list[str] = []
    for step in sop.kegiatan:
        if step.keputusan is None and END in step.next:
            outputs += [item for item in step.output if item not in outputs]
    return tuple(outputs)
