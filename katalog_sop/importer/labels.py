"""The words of the official layout, in the spellings real documents use.

Labels are matched after ``normal``: lower case, no colon, no punctuation, single spaces,
so "DASAR HUKUM :" and "Dasar Hukum" are the same label.
"""

from __future__ import annotations

import re
import unicodedata

# Bagian Identitas: label -> key. Longer spellings first where one contains another.
IDENTITY_LABELS: dict[str, tuple[str, ...]] = {
    "nomor": ("nomor sop", "no sop", "nomor"),
    "tanggal_pembuatan": ("tanggal pembuatan", "tgl pembuatan", "tanggal dibuat"),
    "tanggal_revisi": ("tanggal revisi", "tgl revisi"),
    "tanggal_efektif": ("tanggal efektif", "tgl efektif", "tanggal berlaku"),
    "disahkan_oleh": ("disahkan oleh", "ditetapkan oleh", "disahkan"),
    "nama": ("nama sop", "judul sop"),
}

LIST_LABELS: dict[str, tuple[str, ...]] = {
    "dasar_hukum": ("dasar hukum",),
    "kualifikasi_pelaksana": ("kualifikasi pelaksana", "kualifikasi pelaksanaan"),
    "keterkaitan": ("keterkaitan", "keterkaitan dengan sop lain"),
    "peralatan_perlengkapan": (
        "peralatan perlengkapan",
        "peralatan dan perlengkapan",
        "peralatan",
        "perlengkapan",
    ),
    "peringatan": ("peringatan",),
    "pencatatan_pendataan": ("pencatatan dan pendataan", "pencatatan pendataan", "pencatatan"),
}

# What an empty cell says: a hyphen, an en dash or an em dash.
DASHES = ("-", "\u2013", "\u2014")

NOT_AN_SOP = (
    "bukan tata letak SOP AP resmi: tidak ada Bagian Identitas (Nomor SOP, Nama SOP) maupun tabel Bagian Flowchart"
)
NO_FLOWCHART = "tabel Bagian Flowchart (No | Kegiatan | Pelaksana | Mutu Baku | Keterangan) tidak ditemukan"

# Bagian Flowchart headers.
NO_HEADERS = ("no", "nomor", "no urut")
KEGIATAN_HEADERS = ("kegiatan", "aktivitas", "uraian kegiatan", "uraian", "uraian aktivitas", "langkah kegiatan")
MUTU_HEADERS = {
    "kelengkapan": ("kelengkapan", "persyaratan kelengkapan", "persyaratan"),
    "waktu": ("waktu",),
    "output": ("output", "keluaran", "hasil"),
}
KETERANGAN_HEADERS = ("keterangan", "ket")
MUTU_GROUP = ("mutu baku",)
PELAKSANA_GROUP = ("pelaksana",)

# Text in a page that is not part of the SOP (e-signature footers, print notes). Only looked for
# outside the tables: a list item may well speak of "sertifikat elektronik".
FOOTER = re.compile(
    r"ditandatangani secara elektronik|diterbitkan oleh balai|dicetak dari|^halaman \d+ dari \d+$|^hal \d+ dari \d+$"
)

_PUNCTUATION = re.compile(r"[^\w\s]")
_SPACES = re.compile(r"\s+")


def normal(text: str) -> str:
    """A label as compared: NFKC, lower case, punctuation to spaces, single spaces."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return _SPACES.sub(" ", _PUNCTUATION.sub(" ", text)).strip()


def matches(text: str, spellings: tuple[str, ...]) -> bool:
    return normal(text) in spellings


def _key_of(text: str, table: dict[str, tuple[str, ...]]) -> str | None:
    label = normal(text)
    return next((key for key, spellings in table.items() if label in spellings), None)


def identity_key(text: str) -> str | None:
    """The identity key a label cell names, or None."""
    return _key_of(text, IDENTITY_LABELS)


def list_key(text: str) -> str | None:
    return _key_of(text, LIST_LABELS)


def mutu_key(text: str) -> str | None:
    return _key_of(text, MUTU_HEADERS)


def is_footer(text: str) -> bool:
    return FOOTER.search(normal(text)) is not None
