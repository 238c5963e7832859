"""Write SOP and OPD source files (YAML) from values, in the order and with the words of schema.py.

Used by the scaffolds (`scripts/new_sop.py`, `scripts/new_opd.py`), which write every
key with a comment in Bahasa Indonesia explaining it, and by the spreadsheet import,
which writes only the keys it has. Scalars are quoted by PyYAML, so any text reads
back exactly as it was given; every value takes one line, so each line can be
traced to the key it was written from.

The comments of a scaffold show, besides each key's description, the other ways
a key may be written (a joint step, the forms of `waktu`, a fork, several
outputs, a decision with its own labels): see ``OTHER_FORMS`` and ``example``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import errno
import json
import os
from pathlib import Path
from typing import Any

import yaml

from katalog_sop.catalog.monev import KRITERIA, METODE, Penilaian
from katalog_sop.problems import writing
from katalog_sop.source.schema import (
    EVALUATION_ROW,
    KEGIATAN,
    MONEV_RECORD,
    MONEV_SCHEMA_FILE,
    MONITORING_ROW,
    OPD_RECORD,
    OPD_SCHEMA_FILE,
    SOP_RECORD,
    SOP_SCHEMA_FILE,
    Field,
    ListOf,
    OneOf,
    Record,
)
from katalog_sop.urls import SOURCE_SCHEMA_DIR

# Where authors read the whole format: the project's own reference, published with the site.
FORMAT_GUIDE = "panduan format sumber (katalog_sop/site/panduan/format-sumber.md, di situs: halaman skema/)"
ALWAYS_QUOTED = {"nomor", "nip", "telepon", "sop"}  # digits and slashes that must stay text

# Record name -> key -> the other ways that key may be written, as commented lines under its description.
OTHER_FORMS: dict[str, dict[str, tuple[str, ...]]] = {
    KEGIATAN.name: {
        "pelaksana": ("pelaksana: [Pengurus Barang, Kepala Subbagian Umum]   # langkah bersama",),
        "kelengkapan": ("kelengkapan: [Formulir F-2.01, Surat keterangan lahir]   # beberapa butir",),
        "waktu": (
            "waktu: 10 menit",
            "waktu: 1-2 hari kerja   # rentang: dijumlahkan sebagai rentang",
            "waktu: 1 x 24 jam   # kelipatan: dihitung 24 jam",
            "waktu: 2 menit/berkas   # per butir: tidak dijumlahkan",
            "waktu: Sesuai jadwal   # teks tanpa angka di depan: tidak dijumlahkan",
        ),
        "output": ("output: [Surat keterangan, Tanda terima]   # beberapa output",),
        "lanjut": (
            "lanjut: selesai   # langkah ini mengakhiri alur",
            "lanjut: [4, 6]   # alur bercabang ke langkah 4 dan 6 sekaligus",
        ),
    },
}
# Items after the first in a commented example of a list that needs several (`cabang`).
MORE_EXAMPLE_ITEMS: dict[str, tuple[dict[str, str], ...]] = {
    "cabang": ({"label": "Luar kota", "ke": "kirim-pos"}, {"label": "Luar negeri", "ke": "selesai"}),
}


def modeline(schema_file: str) -> str:
    """The first line of a source file: tells the editor which JSON Schema describes it."""
    return f"# yaml-language-server: $schema=../../{SOURCE_SCHEMA_DIR}/{schema_file}"


def scalar(value: Any, key: str = "") -> str:
    """One value as YAML text that reads back as the same value."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool | int) and key not in ALWAYS_QUOTED:
        return str(value).lower() if isinstance(value, bool) else str(value)
    text = str(value)
    if key in ALWAYS_QUOTED:
        return json.dumps(text, ensure_ascii=False)
    dumped = yaml.safe_dump(text, allow_unicode=True, width=10**9, default_style=None)
    dumped = dumped.removesuffix("\n").removesuffix("\n...").strip()
    # A line break inside the text (Alt+Enter in a cell) as `\n`, so the value stays on one line.
    return json.dumps(text, ensure_ascii=False) if "\n" in dumped else dumped


def _note(spec: Field) -> str:
    description = spec.description.replace("Tambahan Katalog SOP (opsional): ", "Tambahan Katalog SOP: ")
    return f"{'Wajib' if spec.required else 'Opsional'}. {description}"


class _Writer:
    def __init__(self, comments: bool, every_key: bool) -> None:
        self.comments = comments
        self.every_key = every_key
        self.lines: list[str] = []
        self.origins: dict[int, tuple[str | int, ...]] = {}  # index in `lines` -> key path it writes
        self.path: tuple[str | int, ...] = ()

    def record(self, record: Record, values: dict[str, Any], indent: int, first_prefix: str = "") -> None:
        """Write the keys of ``record``; ``first_prefix`` replaces the indent of the first key (`- `)."""
        pad = " " * indent
        for spec in record.fields:
            present = spec.key in values and values[spec.key] is not None
            if not present and not self.every_key:
                continue
            if self.comments:
                self.lines.append(f"{pad}# {_note(spec)}")
                for form in OTHER_FORMS.get(record.name, {}).get(spec.key, ()):
                    self.lines.append(f"{pad}#   {form}")
            lead = pad
            if first_prefix:  # the first key of a list item carries its `- `
                lead, first_prefix = pad[: -len(first_prefix)] + first_prefix, ""
            outer = self.path
            self.path = (*outer, spec.key)
            self.origins[len(self.lines)] = self.path
            self.field(spec, values.get(spec.key), lead, indent)
            self.path = outer

    def field(self, spec: Field, value: Any, lead: str, indent: int) -> None:
        kind = spec.type
        if value is None:
            if isinstance(kind, Record) and self.comments:
                self.example(kind, spec.key, lead)
            else:
                self.lines.append(f"{lead}{spec.key}:")
            return
        if isinstance(kind, Record):
            self.lines.append(f"{lead}{spec.key}:")
            self.record(kind, value, indent + 2)
            return
        if isinstance(kind, ListOf) and kind.single_allowed and not isinstance(value, list | tuple):
            self.lines.append(f"{lead}{spec.key}: {scalar(value, spec.key)}")  # one item, written plainly
            return
        if isinstance(kind, ListOf):
            items = value if isinstance(value, list | tuple) else [value]
            if not items:
                self.lines.append(f"{lead}{spec.key}: []")
                item_type = kind.item.record if isinstance(kind.item, OneOf) else kind.item
                if isinstance(item_type, Record) and self.comments:
                    self.example_item(item_type, spec.key, " " * indent)
                return
            self.lines.append(f"{lead}{spec.key}:")
            item_type = kind.item.record if isinstance(kind.item, OneOf) else kind.item
            for number, item in enumerate(items):
                if isinstance(item, dict) and isinstance(item_type, Record):
                    saved = (self.comments, self.every_key)
                    if number > 0:  # every key explained once, on the first item
                        self.comments = self.every_key = False
                    outer = self.path
                    self.path = (*outer, number)
                    self.record(item_type, item, indent + 4, first_prefix="- ")
                    self.path = outer
                    self.comments, self.every_key = saved
                else:
                    self.origins[len(self.lines)] = (*self.path, number)
                    self.lines.append(f"{' ' * (indent + 2)}- {scalar(item, spec.key)}")
            return
        self.lines.append(f"{lead}{spec.key}: {scalar(value, spec.key)}")

    def example_item(self, record: Record, key: str, pad: str) -> None:
        """How to write the first item of an empty list of records, as a commented example."""
        self.lines.append(f"{pad}# Contoh (ganti `{key}: []` dengan `{key}:` lalu hapus tanda # di bawah):")
        for number, spec in enumerate(record.fields):
            mark = "- " if number == 0 else "  "
            self.lines.append(f"{pad}#   {mark}{spec.key}: {spec.example or '...'}   # {_note(spec)}")

    def example(self, record: Record, key: str, lead: str) -> None:
        """An optional group of keys left out, shown as a commented example to copy."""
        pad = lead.replace("-", " ")
        choices = " atau ".join(" + ".join(f"`{k}`" for k in group) for group in record.one_of)
        also = f"; tulis {choices}, tidak keduanya" if record.one_of else ""
        self.lines.append(f"{pad}# Contoh (hapus tanda # untuk memakainya{also}):")
        self.lines.append(f"{pad}# {key}:")
        for spec in record.fields:
            kind = spec.type
            alternative = next((n for n, group in enumerate(record.one_of) if group[0] == spec.key), 0)
            if alternative:  # a later group of `one_of` replaces the earlier ones
                replaced = " + ".join(f"`{k}`" for k in record.one_of[alternative - 1])
                self.lines.append(f"{pad}#   # atau, sebagai ganti {replaced}:")
            if isinstance(kind, ListOf) and isinstance(kind.item, Record):
                self.lines.append(f"{pad}#   {spec.key}:   # {_note(spec)}")
                for number, item in enumerate(({}, *MORE_EXAMPLE_ITEMS.get(spec.key, ()))):
                    for index, sub in enumerate(kind.item.fields):
                        mark = "- " if index == 0 else "  "
                        note = f"   # {_note(sub)}" if number == 0 else ""
                        value = item.get(sub.key) or sub.example or "..."
                        self.lines.append(f"{pad}#     {mark}{sub.key}: {value}{note}")
                continue
            self.lines.append(f"{pad}#   {spec.key}: {spec.example or '...'}   # {_note(spec)}")


def sop_text(values: dict[str, Any], comments: bool = False, every_key: bool = False) -> str:
    """An SOP file: the schema line, then the keys of ``values`` in the order of the format (schema.py).

    ``every_key`` also writes the keys without a value (``kunci:`` reads as absent),
    so the author sees every field the format has."""
    writer = _Writer(comments, every_key)
    writer.record(SOP_RECORD, values, 0)
    return "\n".join([modeline(SOP_SCHEMA_FILE), *_guide_line(comments), *writer.lines]) + "\n"


def sop_text_with_origins(values: dict[str, Any]) -> tuple[str, dict[int, tuple[str | int, ...]]]:
    """An SOP file without comments, and for each 1-based line the key path it was written from,
    e.g. ``("kegiatan", 2, "waktu")``: problems the validator finds can be traced to where the value came from."""
    writer = _Writer(comments=False, every_key=False)
    writer.record(SOP_RECORD, values, 0)
    text = "\n".join([modeline(SOP_SCHEMA_FILE), *writer.lines]) + "\n"
    return text, {index + 2: path for index, path in writer.origins.items()}


def opd_text(values: dict[str, Any], comments: bool = False, every_key: bool = False) -> str:
    writer = _Writer(comments, every_key)
    writer.record(OPD_RECORD, values, 0)
    return "\n".join([modeline(OPD_SCHEMA_FILE), *_guide_line(comments), *writer.lines]) + "\n"


def _guide_line(comments: bool) -> list[str]:
    return [f"# Setiap kunci dijelaskan di atasnya; selengkapnya di {FORMAT_GUIDE}."] if comments else []


def monev_text(values: dict[str, Any], names: dict[str, str] | None = None, comments: bool = False) -> str:
    """A monitoring file (`sops/<opd>/_monev/<tahun>-<semester>.yml`): the schema line, `tanggal`, `penilai`,
    one `monitoring` row per SOP (its nama, from ``names``, as a comment after the nomor), then `evaluasi` if any.

    With ``comments`` every key is written, empty ones too, with what to write in it (the scaffold
    `scripts/new_monev.py`): such a file is valid only after the assessor fills `penilaian` on every row."""
    return monev_text_with_origins(values, names, comments)[0]


def monev_text_with_origins(
    values: dict[str, Any], names: dict[str, str] | None = None, comments: bool = False
) -> tuple[str, dict[int, tuple[str | int, ...]]]:
    """``monev_text``, and for each 1-based line the key path it was written from, e.g.
    ``("monitoring", 2, "penilaian")``: the validator's problems traced to the cell of a spreadsheet."""
    names = names or {}
    head = dataclasses.replace(MONEV_RECORD, fields=MONEV_RECORD.fields[:2])  # tanggal, penilai
    writer = _Writer(comments, every_key=comments)
    penilai = values.get("penilai") or ({"jabatan": None, "nama": None, "nip": None} if comments else None)
    writer.record(head, {"tanggal": values.get("tanggal"), "penilai": penilai}, 0)
    lines = [f"# yaml-language-server: $schema=../../../{SOURCE_SCHEMA_DIR}/{MONEV_SCHEMA_FILE}"]
    if comments:
        lines += [
            "# Berkas ini baru sah setelah `penilaian` setiap baris diisi; lalu jalankan scripts/validate.py.",
            *_guide_line(comments),
        ]
    origins = {len(lines) + index + 1: path for index, path in writer.origins.items()}
    lines += writer.lines

    def add(line: str, *path: str | int) -> None:
        lines.append(line)
        if path:
            origins[len(lines)] = path

    rows = values.get("monitoring") or []
    if comments:
        choices = " atau ".join(f"`{p.value}`" for p in Penilaian)
        lines += [
            "# Wajib. Tabel monitoring: satu baris untuk setiap SOP yang berlaku pada periode ini.",
            f"# Setiap baris: `penilaian:` diisi {choices} (wajib);",
            "#   `catatan:` catatan hasil penilaian (opsional);",
            "#   `tindakan:` tindakan yang harus diambil (wajib bila penilaian `tidak baik`);",
            f"#   `metode:` satu atau beberapa dari: {', '.join(METODE)}, mis. [observasi, wawancara pengguna].",
            "# Contoh baris yang tidak berjalan dengan baik:",
            f"#   - sop: {MONITORING_ROW.fields[0].example}",
            "#     penilaian: tidak baik",
            "#     catatan: Antrean menumpuk pada Senin pagi.",
            f"#     tindakan: {MONITORING_ROW.fields[3].example}",
            f"#     metode: {MONITORING_ROW.fields[4].example}",
        ]
    add("monitoring:", "monitoring")
    for number, row in enumerate(rows):
        nama = names.get(row["sop"])
        add(f"  - sop: {scalar(row['sop'], 'sop')}" + (f"  # {_one_line(nama)}" if nama else ""), "monitoring", number)
        for spec in MONITORING_ROW.fields[1:]:
            value = row.get(spec.key)
            if spec.key == "metode" and isinstance(value, list | tuple):
                add(f"    metode: [{', '.join(scalar(m) for m in value)}]", "monitoring", number, "metode")
            elif value not in (None, ""):
                add(f"    {spec.key}: {scalar(value, spec.key)}", "monitoring", number, spec.key)
            elif spec.key == "penilaian" and comments:
                add("    penilaian:", "monitoring", number, "penilaian")
    evaluations = values.get("evaluasi") or []
    if evaluations:
        add("evaluasi:", "evaluasi")
        for number, row in enumerate(evaluations):
            add(f"  - sop: {scalar(row['sop'], 'sop')}", "evaluasi", number)
            add("    kriteria:", "evaluasi", number, "kriteria")
            for key, answer in row["kriteria"].items():
                add(f"      {key}: {scalar(answer)}", "evaluasi", number, "kriteria", key)
            for key in ("rekomendasi", "catatan"):
                if row.get(key):
                    add(f"    {key}: {scalar(row[key])}", "evaluasi", number, key)
    elif comments:
        lines += [
            "# Opsional. Evaluasi SOP (sedikitnya sekali setahun untuk setiap SOP yang berlaku): hapus tanda # di",
            "# bawah dan tulis satu baris per SOP yang dievaluasi; setiap kriteria `ya` atau `tidak`.",
            "# evaluasi:",
            f"#   - sop: {EVALUATION_ROW.fields[0].example}",
            "#     kriteria:",
            *(f"#       {key}: ya   # {question}" for key, question in KRITERIA.items()),
            "#     rekomendasi: tetap   # tetap, revisi atau cabut",
            "#     catatan: ...   # alasan rekomendasi; wajib bila rekomendasi bukan `tetap`",
        ]
    return "\n".join(lines) + "\n", origins


def _one_line(text: str) -> str:
    return " ".join(text.split())


def write_nofollow(path: Path, text: str, replace: bool) -> None:
    """Write ``text`` to ``path`` without ever following a symlink; a new file only unless ``replace``.

    A file that is replaced is written beside it first and renamed over it: a full disk or a killed run
    leaves the old file whole, never an empty or half-written one.
    """
    if not replace:
        _write_new(path, text)
        return
    with writing(path):
        if path.is_symlink():
            raise OSError(errno.ELOOP, "symlink", str(path))
        mode = path.stat().st_mode & 0o777 if path.exists() else 0o644
        temporary = path.with_name(f".{path.name}.{os.getpid()}.baru")
        try:
            _write_new(temporary, text, mode)
            os.replace(temporary, path)
        except OSError as error:
            temporary.unlink(missing_ok=True)
            error.filename, error.filename2 = str(path), None  # the maintainer's file, not the temporary one
            raise


def _write_new(path: Path, text: str, mode: int = 0o644) -> None:
    """A new file (never an existing one, never through a symlink); nothing is left if writing fails."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    with writing(path):  # a full disk or a refused folder names the file (see katalog_sop.problems.writing)
        descriptor = os.open(path, flags, mode)
        try:
            with os.fdopen(descriptor, "w", encoding="utf-8", newline="\n") as handle:
                handle.write(text)
        except OSError:
            path.unlink(missing_ok=True)  # a half-written new file would only be refused as existing next time
            raise
