"""The change history of SOPs: each `riwayat` entry, plus the dates the identity table records.

An SOP page shows its own history; the "Perubahan terbaru" page shows the
latest changes across the catalogue. A `tanggal_efektif` or `tanggal_revisi`
that no `riwayat` entry describes still counts as a change, so a catalogue
that does not keep `riwayat` yet has a useful history too.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from katalog_sop.catalog.model import Catalog, Sop

LATEST_CHANGES = 100


@dataclass(frozen=True)
class Change:
    sop: Sop
    tanggal: dt.date
    catatan: str
    kind: str  # "riwayat" (written by the OPD), "efektif" or "revisi" (from the identity dates)


def history(sop: Sop) -> tuple[Change, ...]:
    """The SOP's changes, newest first; entries on the same day keep the order of the file."""
    changes = [Change(sop, item.tanggal, item.catatan, "riwayat") for item in sop.riwayat]
    described = {item.tanggal for item in sop.riwayat}
    if sop.tanggal_revisi is not None and sop.tanggal_revisi not in described:
        changes.append(Change(sop, sop.tanggal_revisi, "Direvisi.", "revisi"))
    if sop.tanggal_efektif not in described:
        changes.append(Change(sop, sop.tanggal_efektif, "Mulai berlaku.", "efektif"))
    return tuple(sorted(changes, key=lambda change: change.tanggal, reverse=True))


def latest_changes(catalog: Catalog, limit: int = LATEST_CHANGES) -> list[Change]:
    """The newest changes of every SOP in the catalogue (drafts only when the catalogue holds them)."""
    everything = [change for sop in catalog.sops for change in history(sop)]
    everything.sort(key=lambda change: (change.tanggal, change.sop.nama.casefold()), reverse=True)
    return everything[:limit]
