"""The source format of the format guide (katalog_sop/site/panduan/format-sumber.md), declared once.

Each field type knows how to read a YAML node (reporting problems with their
position) and how to describe itself as JSON Schema, so the validator and the
published schema cannot drift apart.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import re
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import Any

import yaml

from katalog_sop.catalog import waktu
from katalog_sop.catalog.model import Status
from katalog_sop.catalog.monev import KRITERIA, METODE, Penilaian, Rekomendasi
from katalog_sop.contact import EMAIL_PATTERN, WEB_PATTERN
from katalog_sop.problems import Problem, excerpt, format_count
from katalog_sop.source.load import problem_at

JSON_SCHEMA_DRAFT = "http://json-schema.org/draft-07/schema#"
"""The draft skema/*.json declare and keep to: draft-07, the one editors' YAML extensions read best.

The types below use only keywords draft-07 has (no ``$defs``, ``prefixItems`` or ``dependentRequired``).
"""

SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# An old address of an SOP page: `folder-opd/nama-berkas`, as it was before a move or rename.
ALIAS_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*/[a-z0-9]+(?:-[a-z0-9]+)*$")
STEP_ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
END_TARGET = "selesai"

# Limits of the format, for real SOP text with room to spare, so that no source can make a page (or the build)
# enormous: a text value (uraian, keterangan, one legal basis), a name shown in headings, columns and diagram
# boxes (nomor, nama, pelaksana, id, alias...), the Markdown `deskripsi` of an OPD, and the items of a list.
TEXT_LIMIT = 2000
NAME_LIMIT = 200
MARKDOWN_LIMIT = 10000
LIST_LIMIT = 100
# Steps of one SOP (real ones have 5 to 40) and its pelaksana, one column each in the Bagian Flowchart.
STEP_LIMIT = 200
PELAKSANA_LIMIT = 20


@dataclass(frozen=True)
class Located:
    """A value read from a source file with the 1-based position it came from.

    Lists hold ``Located`` items and records hold ``dict[str, Located]``, so
    later checks can still point at the exact line.
    """

    value: Any
    line: int
    column: int


class Reader:
    """Collects the problems of one file while its nodes are read."""

    def __init__(self, display_path: str) -> None:
        self.display_path = display_path
        self.problems: list[Problem] = []

    def report(self, node: yaml.Node | Located | None, message: str) -> None:
        if isinstance(node, Located):
            self.problems.append(Problem(self.display_path, node.line, node.column, message))
        else:
            self.problems.append(problem_at(self.display_path, node.start_mark if node else None, message))

    def locate(self, node: yaml.Node, value: Any) -> Located:
        return Located(value, node.start_mark.line + 1, node.start_mark.column + 1)


class Invalid:
    """Marker for a value that could not be read (its problem is already reported)."""

    def __repr__(self) -> str:
        return "INVALID"


INVALID = Invalid()


class RecordValues(dict[str, "Located"]):
    """A record's values, and the keys it wrote whose values were refused (already reported): a rule about a
    missing key then stays silent, instead of a second problem for the same mistake."""

    refused: frozenset[str] = frozenset()


# The tag YAML gives the key `<<` (a merge of other mappings, which the format does not use).
MERGE_TAG = "tag:yaml.org,2002:merge"


def is_null(node: yaml.Node) -> bool:
    """`kunci:` with nothing after it (or `~`, `null`): read as absent, as YAML resolves it."""
    return isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:null"


def _found(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "tertulis sebagai pasangan kunci: nilai"
    if isinstance(node, yaml.SequenceNode):
        return "tertulis sebagai daftar (`- ...`)"
    return f"tertulis `{excerpt(node.value)}`"


def _too_long(node: yaml.Node, reader: Reader, key: str, text: str, limit: int) -> bool:
    """Report a value longer than ``limit`` characters (and say so, so that it is not read further)."""
    if len(text) <= limit:
        return False
    reader.report(
        node,
        f"`{key}` terlalu panjang: {format_count(len(text))} karakter, melebihi batas {format_count(limit)} "
        f"karakter; ringkas teksnya. Awal teks: `{excerpt(text)}`.",
    )
    return True


class FieldType(ABC):
    """How one kind of value is read and described."""

    label: str = "nilai"

    @abstractmethod
    def read(self, node: yaml.Node, reader: Reader, key: str) -> Any:
        """Convert ``node``; on error report it and return ``INVALID``."""

    @abstractmethod
    def json_schema(self) -> dict[str, Any]:
        """This type as JSON Schema, of the draft ``JSON_SCHEMA_DRAFT`` names."""


# What a text may not contain (written only through a `\` escape in double quotes; YAML refuses them raw):
# control characters other than tab and line feed break the feed's XML and reach HTML and CSV raw; a lone
# surrogate cannot be written as UTF-8 (the build crashed); U+2028/U+2029 are line breaks nobody sees.
_REFUSED = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\u2028\u2029\ufffe\uffff]")


def _refused_character(text: str) -> str | None:
    found = _REFUSED.search(text)
    if found is None:
        return None
    character = found.group()
    code = f"U+{ord(character):04X}"
    kind = "separuh pasangan surrogate" if 0xD800 <= ord(character) <= 0xDFFF else "karakter kendali"
    if character in "\u2028\u2029":
        kind = "pemisah baris tak terlihat"
    return f"{kind} {code} pada posisi {found.start() + 1}"


@dataclass(frozen=True)
class Text(FieldType):
    """Free text. Any scalar is taken literally as written (``01`` stays ``01``)."""

    pattern: re.Pattern[str] | None = None
    pattern_hint: str = ""
    label: str = "teks"
    max_length: int = TEXT_LIMIT

    def read(self, node: yaml.Node, reader: Reader, key: str) -> Any:
        if not isinstance(node, yaml.ScalarNode):
            reader.report(node, f"`{key}` harus berupa teks satu nilai, {_found(node)}. Tulis `{key}: <teks>`.")
            return INVALID
        text = str(node.value).strip()
        if not text:
            reader.report(node, f"`{key}` kosong; isi dengan teks atau hapus kuncinya.")
            return INVALID
        if (refused := _refused_character(str(node.value))) is not None:
            reader.report(
                node, f"`{key}` memuat {refused}; hapus karakter itu (biasanya dari escape `\\` di dalam tanda kutip)."
            )
            return INVALID
        if _too_long(node, reader, key, text, self.max_length):
            return INVALID
        if self.pattern is not None and not self.pattern.match(text):
            reader.report(node, f"`{key}` tidak sesuai format: {self.pattern_hint}; tertulis `{excerpt(text)}`.")
            return INVALID
        return text

    def json_schema(self) -> dict[str, Any]:
        # Any scalar is read as text, so a number or `true` written without quotes is text too.
        schema: dict[str, Any] = {"type": ["string", "number", "boolean"], "minLength": 1}
        if self.pattern is not None:
            schema = {"type": ["string", "number"], "pattern": self.pattern.pattern}
        return {**schema, "maxLength": self.max_length}


@dataclass(frozen=True)
class Markdown(Text):
    """Text in which Markdown formatting is allowed (raw HTML is shown as text)."""

    label: str = "teks Markdown"
    max_length: int = MARKDOWN_LIMIT


# Dates an SOP can carry. Review dates are computed months after them, and later pages count years from them:
# beyond these a build died with `year 10000 is out of range`.
EARLIEST_DATE = dt.date(1900, 1, 1)
LATEST_DATE = dt.date(2100, 12, 31)


@dataclass(frozen=True)
class Date(FieldType):
    label: str = "tanggal YYYY-MM-DD"

    def read(self, node: yaml.Node, reader: Reader, key: str) -> Any:
        if isinstance(node, yaml.ScalarNode):
            text = str(node.value).strip()
            if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
                try:
                    date = dt.date.fromisoformat(text)
                except ValueError:
                    reader.report(node, f"`{key}`: tanggal `{text}` tidak ada di kalender; periksa bulan dan hari.")
                    return INVALID
                if not EARLIEST_DATE <= date <= LATEST_DATE:
                    reader.report(
                        node,
                        f"`{key}`: tanggal `{text}` di luar rentang yang diterima ({EARLIEST_DATE.year} sampai "
                        f"{LATEST_DATE.year}); periksa tahunnya.",
                    )
                    return INVALID
                return date
        reader.report(
            node,
            f"`{key}` harus berupa tanggal dengan format YYYY-MM-DD, misalnya `{key}: 2024-02-01`; {_found(node)}.",
        )
        return INVALID

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}


@dataclass(frozen=True)
class Integer(FieldType):
    label: str = "bilangan bulat"

    def read(self, node: yaml.Node, reader: Reader, key: str) -> Any:
        if isinstance(node, yaml.ScalarNode) and re.fullmatch(r"-?\d{1,15}", str(node.value).strip()):
            return int(str(node.value))
        reader.report(node, f"`{key}` harus berupa bilangan bulat, misalnya `{key}: 10`; {_found(node)}.")
        return INVALID

    def json_schema(self) -> dict[str, Any]:
        return {"type": "integer"}


@dataclass(frozen=True)
class Choice(FieldType):
    options: tuple[str, ...] = ()
    label: str = "pilihan"

    def read(self, node: yaml.Node, reader: Reader, key: str) -> Any:
        text = str(node.value).strip() if isinstance(node, yaml.ScalarNode) else ""
        if text in self.options:
            return text
        allowed = " | ".join(self.options)
        hint = _suggest(text.lower(), self.options)
        reader.report(node, f"`{key}` harus salah satu dari: {allowed}; {_found(node)}.{hint}")
        return INVALID

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string", "enum": list(self.options)}


@dataclass(frozen=True)
class Time(FieldType):
    """A time as the document writes it (``10 menit``, ``1-2 hari``, ``Sesuai jadwal``): see waktu.py."""

    label: str = "waktu"

    def read(self, node: yaml.Node, reader: Reader, key: str) -> Any:
        if not isinstance(node, yaml.ScalarNode):
            reader.report(node, f"`{key}` harus berupa teks satu nilai, mis. `{key}: 10 menit`; {_found(node)}.")
            return INVALID
        if _too_long(node, reader, key, str(node.value).strip(), NAME_LIMIT):
            return INVALID
        try:
            return waktu.parse(str(node.value))
        except ValueError as exc:
            reader.report(node, f"`{key}`: {exc}; {_found(node)}.")
            return INVALID

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string", "pattern": waktu.JSON_PATTERN, "maxLength": NAME_LIMIT}


@dataclass(frozen=True)
class Target(FieldType):
    """Where the flow goes: a step number, a step id, or ``selesai``."""

    label: str = "tujuan langkah"

    def read(self, node: yaml.Node, reader: Reader, key: str) -> Any:
        text = str(node.value).strip() if isinstance(node, yaml.ScalarNode) else ""
        if re.fullmatch(r"\d{1,9}", text):
            return int(text)
        if text == END_TARGET or STEP_ID_PATTERN.match(text):
            return text
        reader.report(
            node,
            f"`{key}` harus nomor langkah (mis. `3`), `id` sebuah langkah, atau `selesai`; {_found(node)}.",
        )
        return INVALID

    def json_schema(self) -> dict[str, Any]:
        return {
            "anyOf": [
                {"type": "integer", "minimum": 1},
                {"type": "string", "pattern": STEP_ID_PATTERN.pattern},
            ]
        }


@dataclass(frozen=True)
class ListOf(FieldType):
    item: FieldType = field(default_factory=Text)
    min_items: int = 0
    single_allowed: bool = False
    label: str = "daftar"
    max_items: int = LIST_LIMIT
    # What an item is called in the message about the limit, and how to stay within it.
    item_name: str = "butir"
    limit_hint: str = "Gabungkan atau ringkas butir-butirnya."

    def read(self, node: yaml.Node, reader: Reader, key: str) -> Any:
        if self.single_allowed and isinstance(node, yaml.ScalarNode):
            value = self.item.read(node, reader, key)
            return INVALID if value is INVALID else [reader.locate(node, value)]
        if not isinstance(node, yaml.SequenceNode):
            reader.report(
                node,
                f"`{key}` harus berupa daftar, {_found(node)}. Tulis setiap butir di baris baru yang diawali `- `.",
            )
            return INVALID
        if len(node.value) > self.max_items:
            reader.report(
                node,
                f"`{key}` berisi {format_count(len(node.value))} {self.item_name}, melebihi batas "
                f"{format_count(self.max_items)} {self.item_name}. {self.limit_hint}",
            )
            return INVALID
        items = []
        for item_node in node.value:
            if is_null(item_node):
                reader.report(item_node, f"`{key}` berisi butir kosong (`-` tanpa isi); isi atau hapus baris itu.")
                continue
            value = self.item.read(item_node, reader, key)
            if value is not INVALID:
                items.append(reader.locate(item_node, value))
        if len(node.value) < self.min_items:
            reader.report(node, f"`{key}` harus berisi sedikitnya {self.min_items} butir; baru ada {len(node.value)}.")
            return INVALID
        return items

    def json_schema(self) -> dict[str, Any]:
        schema: dict[str, Any] = {"type": "array", "items": self.item.json_schema(), "maxItems": self.max_items}
        if self.min_items:
            schema["minItems"] = self.min_items
        if self.single_allowed:
            return {"anyOf": [self.item.json_schema(), schema]}
        return schema


@dataclass(frozen=True)
class Field:
    """One key of a record, with the Indonesian text that explains it."""

    key: str
    type: FieldType
    required: bool = False
    description: str = ""
    example: str = ""

    def json_schema(self) -> dict[str, Any]:
        """The type's schema plus the text an editor shows when the key is completed or hovered."""
        note = f"{'Wajib' if self.required else 'Opsional'}. {self.description}"
        value = self.type.json_schema()
        # `kunci:` with nothing after it reads as absent, which an optional key may be.
        schema: dict[str, Any] = value if self.required else {"anyOf": [value, {"type": "null"}]}
        schema = {**schema, "description": note, "markdownDescription": note}
        if self.example and not isinstance(self.type, Record | ListOf):
            schema["examples"] = [_example_value(self.example)]
        return schema


@dataclass(frozen=True)
class Record(FieldType):
    fields: tuple[Field, ...] = ()
    name: str = "bagian ini"
    label: str = "kumpulan kunci"
    # Alternatives: exactly one of these groups of keys is written, in full (`ya` + `tidak`, or `cabang`).
    one_of: tuple[tuple[str, ...], ...] = ()

    def read(self, node: yaml.Node, reader: Reader, key: str) -> Any:
        if not isinstance(node, yaml.MappingNode):
            reader.report(node, f"`{key}` harus berisi pasangan `kunci: nilai` ({self.name}), {_found(node)}.")
            return INVALID
        by_key = {f.key: f for f in self.fields}
        values = RecordValues()
        refused: set[str] = set()
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == MERGE_TAG:
                self._report_key(key_node, reader)
                continue
            name = str(key_node.value)
            spec = by_key.get(name)
            if spec is None:
                hint = _suggest(name[:NAME_LIMIT], by_key)
                reader.report(key_node, f"kunci `{excerpt(name)}` tidak dikenal di {self.name}.{hint}")
                continue
            if is_null(value_node):
                continue  # `kunci:` with nothing after it reads as absent
            value = spec.type.read(value_node, reader, name)
            if value is not INVALID:
                values[name] = reader.locate(value_node, value)
            else:
                refused.add(name)
        values.refused = frozenset(refused)
        present = {str(k.value) for k, v in node.value if isinstance(k, yaml.ScalarNode) and not is_null(v)}
        for spec in self.fields:
            if spec.required and spec.key not in present:
                example = f" Contoh: `{spec.key}: {spec.example}`." if spec.example else ""
                reader.report(
                    node, f"kunci wajib `{spec.key}` belum diisi di {self.name} ({spec.description}).{example}"
                )
        self._check_alternatives(node, present, reader)
        return values

    def _report_key(self, key_node: yaml.Node, reader: Reader) -> None:
        """A key that is no name: a merge (`<<: ...`), or a list or mapping written as a key (`? [a]`, `[a]: b`)."""
        example = next((f.key for f in self.fields if f.required), self.fields[0].key if self.fields else "nama")
        if isinstance(key_node, yaml.ScalarNode):
            reader.report(
                key_node,
                f"penggabungan YAML (`<<`) tidak dipakai di berkas sumber; tulis setiap kunci beserta nilainya "
                f"langsung di {self.name}, mis. `{example}: ...`, lalu hapus baris `<<`.",
            )
            return
        shape = "daftar" if isinstance(key_node, yaml.SequenceNode) else "pasangan kunci: nilai"
        reader.report(
            key_node,
            f"kunci di {self.name} ditulis sebagai {shape}; kunci harus berupa teks satu kata, mis. `{example}:`. "
            "Hapus tanda `?`, `[` atau `{` di depan kunci.",
        )

    def _check_alternatives(self, node: yaml.Node, present: set[str], reader: Reader) -> None:
        if not self.one_of:
            return
        choices = " atau ".join(" + ".join(f"`{key}`" for key in group) for group in self.one_of)
        written = [group for group in self.one_of if present.intersection(group)]
        if not written:
            reader.report(node, f"{self.name} harus berisi {choices}.")
        elif len(written) > 1:
            reader.report(node, f"{self.name} berisi {choices} sekaligus; pilih salah satu dan hapus yang lain.")
        else:
            missing = [key for key in written[0] if key not in present]
            if missing:
                reader.report(
                    node,
                    f"{self.name} belum berisi {', '.join(f'`{key}`' for key in missing)}; tulis {choices}.",
                )

    def json_schema(self) -> dict[str, Any]:
        schema: dict[str, Any] = {
            "type": "object",
            "additionalProperties": False,
            "required": [f.key for f in self.fields if f.required],
            "properties": {f.key: f.json_schema() for f in self.fields},
        }
        if self.one_of:
            schema["oneOf"] = [{"required": list(group)} for group in self.one_of]
        return schema


@dataclass(frozen=True)
class OneOf(FieldType):
    """Plain text, or a record (used by `keterkaitan`: text or `sop: <nomor>`)."""

    text: Text = field(default_factory=Text)
    record: Record = field(default_factory=Record)
    label: str = "teks atau rujukan"

    def read(self, node: yaml.Node, reader: Reader, key: str) -> Any:
        if isinstance(node, yaml.MappingNode):
            return self.record.read(node, reader, key)
        return self.text.read(node, reader, key)

    def json_schema(self) -> dict[str, Any]:
        return {"anyOf": [self.text.json_schema(), self.record.json_schema()]}


def _example_value(example: str) -> Any:
    """An example as YAML reads it (``"10 menit"`` → text, ``3`` → 3), with dates kept as written."""
    value = yaml.safe_load(example)
    return value.isoformat() if isinstance(value, dt.date) else value


def _suggest(word: str, candidates: Any) -> str:
    options = list(candidates)
    close = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    if close:
        return f" Apakah maksud Anda `{close[0]}`?"
    return f" Kunci yang boleh: {', '.join(f'`{o}`' for o in options)}."


TEXT = Text()
TEXT_LIST = ListOf(item=TEXT)
# Names: shown in headings, table columns and diagram boxes.
NAME = Text(max_length=NAME_LIMIT)
PELAKSANA_HINT = (
    f"Satu SOP memuat paling banyak {PELAKSANA_LIMIT} pelaksana, satu kolom masing-masing di Bagian Flowchart; "
    "gabungkan pelaksana dengan peran yang sama, atau pecah SOP ini."
)

# One address each, as the footer and the OPD page link them (katalog_sop.contact): a text that is not one
# would become a broken or a `javascript:` link.
EMAIL = Text(pattern=EMAIL_PATTERN, pattern_hint="satu alamat surel, mis. `disdukcapil@contoh.go.id`")
WEB_ADDRESS = Text(
    pattern=WEB_PATTERN, pattern_hint="alamat lengkap yang diawali https://, mis. `https://contoh.go.id`"
)

NIP = Text(
    pattern=re.compile(r"^(?:\s*\d){18}\s*$"),
    pattern_hint='NIP terdiri dari 18 angka (boleh dikelompokkan dengan spasi, mis. "19700101 199503 1 001")',
    max_length=NAME_LIMIT,
)

# A GitHub account (`@name`) or team (`@organisation/team`), as CODEOWNERS accepts them.
OWNER_PATTERN = re.compile(r"^@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:/[A-Za-z0-9._-]+)?$")
OWNER = Text(
    pattern=OWNER_PATTERN,
    pattern_hint="akun GitHub `@nama` atau tim `@organisasi/nama-tim`",
    max_length=NAME_LIMIT,
)

KONTAK = Record(
    name="`kontak`",
    fields=(
        Field("alamat", TEXT, description="Alamat kantor."),
        Field("telepon", TEXT, description="Nomor telepon; apit dengan tanda kutip."),
        Field("email", EMAIL, description="Alamat surel resmi."),
        Field("situs", WEB_ADDRESS, description="Alamat situs web, diawali https://."),
    ),
)

OPD_RECORD = Record(
    name="`_opd.yml`",
    fields=(
        Field("nama", NAME, True, "Nama lengkap OPD.", "Dinas Kependudukan dan Pencatatan Sipil"),
        Field("singkatan", NAME, description="Singkatan nama OPD.", example="Disdukcapil"),
        Field("urutan", Integer(), description="Urutan dalam daftar OPD (kecil lebih dulu), lalu menurut nama."),
        Field("deskripsi", Markdown(), description="Uraian singkat tugas OPD; boleh memakai Markdown."),
        Field("kontak", KONTAK, description="Kontak OPD; setiap kunci boleh diisi atau tidak."),
        Field(
            "pemilik",
            ListOf(item=OWNER, single_allowed=True),
            description=(
                "Tambahan Katalog SOP (opsional): akun GitHub (`@nama`) atau tim (`@organisasi/tim`) yang "
                "meninjau perubahan SOP OPD ini; ditulis ke `.github/CODEOWNERS` oleh `scripts/codeowners.py`."
            ),
            example='["@organisasi/tim-opd"]',
        ),
    ),
)

DISAHKAN_OLEH = Record(
    name="`disahkan_oleh`",
    fields=(
        Field("jabatan", NAME, True, "Jabatan pejabat yang mengesahkan.", "Kepala Dinas"),
        Field("nama", NAME, True, "Nama pejabat beserta gelar.", "Drs. Ahmad Fauzi, M.Si."),
        Field("nip", NIP, description="NIP 18 angka; apit dengan tanda kutip.", example='"19700101 199503 1 001"'),
    ),
)

LAYANAN = Record(
    name="`layanan`",
    fields=(
        Field(
            "persyaratan",
            ListOf(item=TEXT, single_allowed=True),
            description="Persyaratan yang dibawa pemohon; satu teks atau daftar.",
            example="[KTP-el pemohon, Surat keterangan lahir]",
        ),
        Field(
            "biaya",
            TEXT,
            description="Biaya/tarif layanan, mis. `Tidak dipungut biaya` atau `Rp 25.000 (Perda Nomor 3 Tahun 2023)`.",
            example="Tidak dipungut biaya",
        ),
        Field(
            "waktu_penyelesaian",
            Time(),
            description="Jangka waktu penyelesaian layanan; bentuk yang sama dengan `waktu` langkah.",
            example="1 hari kerja",
        ),
        Field(
            "produk",
            ListOf(item=TEXT, single_allowed=True),
            description="Produk layanan yang diterima pemohon; satu teks atau daftar.",
            example="Kutipan akta kelahiran",
        ),
        Field("tempat", TEXT, description="Tempat layanan, mis. `Loket 3, Mal Pelayanan Publik`."),
        Field("jam_layanan", TEXT, description="Hari dan jam layanan, mis. `Senin-Jumat 08.00-15.00`."),
        Field(
            "pengaduan",
            ListOf(item=TEXT, single_allowed=True),
            description=(
                "Saluran pengaduan, mis. `SP4N-LAPOR! (www.lapor.go.id)` dan nomor telepon; satu teks atau daftar."
            ),
        ),
    ),
)

KETERKAITAN_REF = Record(
    name="rujukan `keterkaitan`",
    fields=(Field("sop", NAME, True, "Nomor SOP lain di katalog yang dirujuk.", '"470/SOP.02/DISDUKCAPIL/2024"'),),
)

RIWAYAT = Record(
    name="`riwayat`",
    fields=(
        Field("tanggal", Date(), True, "Tanggal perubahan.", "2024-06-01"),
        Field("catatan", TEXT, True, "Apa yang diubah.", "Penyesuaian persyaratan"),
    ),
)

CABANG = Record(
    name="butir `cabang`",
    fields=(
        Field("label", NAME, True, "Tulisan pada panah cabang ini, mis. `Dalam kota`.", "Dalam kota"),
        Field("ke", Target(), True, "Tujuan cabang ini: nomor langkah, id langkah, atau selesai.", "6"),
    ),
)

KEPUTUSAN = Record(
    name="`keputusan`",
    fields=(
        Field("pertanyaan", TEXT, description="Teks di dalam belah ketupat (bawaan: uraian langkah)."),
        Field(
            "ya",
            Target(),
            description="Tujuan bila jawabannya Ya: nomor langkah, id langkah, atau selesai. Ditulis bersama `tidak`.",
            example="3",
        ),
        Field(
            "tidak",
            Target(),
            description="Tujuan bila jawabannya Tidak: nomor langkah, id langkah, atau selesai. Ditulis bersama `ya`.",
            example="1",
        ),
        Field(
            "cabang",
            ListOf(item=CABANG, min_items=2),
            description=(
                "Pengganti `ya`/`tidak` untuk keputusan dengan jawaban lain (mis. `Dalam kota`/`Luar kota`) "
                "atau lebih dari dua jawaban: daftar `- label: <tulisan di panah>` dengan `ke: <tujuan>`, "
                "sedikitnya dua butir."
            ),
        ),
    ),
    one_of=(("ya", "tidak"), ("cabang",)),
)

KEGIATAN = Record(
    name="langkah `kegiatan`",
    fields=(
        Field(
            "id",
            Text(
                pattern=STEP_ID_PATTERN,
                pattern_hint="huruf kecil a-z, angka 0-9 dan tanda `-`, mis. `periksa-berkas`",
                max_length=NAME_LIMIT,
            ),
            description="Nama pendek langkah (a-z0-9-) agar dapat dituju oleh `ya`, `tidak` atau `lanjut`.",
        ),
        Field("uraian", TEXT, True, "Kegiatan, diawali kata kerja aktif tanpa subjek.", "Memeriksa kelengkapan berkas"),
        Field(
            "pelaksana",
            ListOf(item=NAME, min_items=1, single_allowed=True, max_items=PELAKSANA_LIMIT, limit_hint=PELAKSANA_HINT),
            True,
            "Pelaksana langkah ini, dari daftar `pelaksana`. Langkah bersama (simbolnya di kolom beberapa "
            "pelaksana): tulis daftar, mis. `[Pengurus Barang, Kepala Subbagian Umum]`.",
            "Petugas Loket",
        ),
        Field(
            "kelengkapan",
            ListOf(item=TEXT, single_allowed=True),
            description="Mutu baku: kelengkapan; satu teks atau daftar.",
        ),
        Field(
            "waktu",
            Time(),
            description=(
                "Mutu baku: waktu seperti tertulis di dokumen: `10 menit`, rentang `1-2 hari` atau "
                "`30 menit - 3 jam`, kelipatan `1 x 24 jam`, per butir `2 menit/berkas`, atau teks yang tidak "
                "diawali angka seperti `Sesuai jadwal`. Satuan: menit, jam, hari, hari kerja, minggu, bulan."
            ),
            example="10 menit",
        ),
        Field(
            "output", ListOf(item=TEXT, single_allowed=True), description="Mutu baku: output; satu teks atau daftar."
        ),
        Field("keterangan", TEXT, description="Keterangan tambahan."),
        Field("keputusan", KEPUTUSAN, description="Menjadikan langkah ini keputusan (belah ketupat)."),
        Field(
            "lanjut",
            ListOf(item=Target(), min_items=1, single_allowed=True),
            description=(
                "Tujuan berikutnya untuk langkah proses (bawaan: langkah berikutnya). Daftar tujuan, mis. "
                "`[4, 6]`, bila alur bercabang ke beberapa langkah sekaligus."
            ),
        ),
    ),
)

SOP_RECORD = Record(
    name="berkas SOP",
    fields=(
        Field(
            "nomor",
            NAME,
            True,
            "Nomor SOP menurut tata naskah dinas; unik di seluruh katalog.",
            '"470/SOP.01/DISDUKCAPIL/2024"',
        ),
        Field("nama", NAME, True, "Nama SOP.", "Penerbitan Akta Kelahiran"),
        Field("jenis", Choice(options=("administratif", "teknis")), description="administratif atau teknis."),
        Field(
            "status",
            Choice(options=tuple(Status)),
            description=f"{Status.IN_FORCE}, {Status.DRAFT}, atau {Status.REVOKED}.",
        ),
        Field("unit_kerja", NAME, description="Bidang atau seksi di dalam OPD."),
        Field("tanggal_pembuatan", Date(), True, "Tanggal SOP selesai disusun.", "2024-01-10"),
        Field("tanggal_revisi", Date(), description="Tanggal revisi terakhir."),
        Field("tanggal_efektif", Date(), True, "Tanggal mulai berlaku (sama dengan tanggal pengesahan).", "2024-02-01"),
        Field(
            "tinjau_ulang",
            Date(),
            description=(
                "Tambahan Katalog SOP (opsional): tanggal SOP ini harus ditinjau ulang. Tanpa kunci ini, SOP "
                "perlu ditinjau setelah 12 bulan (dapat diatur) sejak tanggal efektif atau revisi terakhir."
            ),
            example="2025-06-01",
        ),
        Field("disahkan_oleh", DISAHKAN_OLEH, True, "Pejabat yang mengesahkan.", "{jabatan: ..., nama: ...}"),
        Field("dasar_hukum", ListOf(item=TEXT, min_items=1), True, "Daftar dasar hukum.", "[Peraturan ...]"),
        Field("kualifikasi_pelaksana", TEXT_LIST, description="Kualifikasi pelaksana."),
        Field(
            "keterkaitan",
            ListOf(item=OneOf(record=KETERKAITAN_REF)),
            description=(
                "SOP terkait: teks, atau `sop: <nomor>`. Teks yang sama persis dengan nama SOP lain di katalog "
                "(huruf besar/kecil dan awalan `SOP ` diabaikan) menjadi tautan ke SOP itu."
            ),
        ),
        Field("peralatan_perlengkapan", TEXT_LIST, description="Peralatan dan perlengkapan."),
        Field("peringatan", TEXT_LIST, description="Peringatan bila SOP tidak dilaksanakan."),
        Field("pencatatan_pendataan", TEXT_LIST, description="Pencatatan dan pendataan."),
        Field("kata_kunci", TEXT_LIST, description="Kata kunci untuk pencarian."),
        Field(
            "layanan",
            LAYANAN,
            description=(
                "Tambahan Katalog SOP (opsional): untuk SOP yang melayani masyarakat, bagian Standar Pelayanan yang "
                "paling dulu ditanyakan warga (persyaratan, biaya, waktu penyelesaian, produk, tempat, jam layanan, "
                "pengaduan); tampil sebagai ringkasan di atas halaman SOP. Setiap kunci opsional."
            ),
            example="{persyaratan: [...], biaya: Tidak dipungut biaya}",
        ),
        Field("riwayat", ListOf(item=RIWAYAT), description="Riwayat revisi, terbaru lebih dulu."),
        Field(
            "pelaksana",
            ListOf(item=NAME, min_items=1, max_items=PELAKSANA_LIMIT, item_name="pelaksana", limit_hint=PELAKSANA_HINT),
            True,
            "Daftar pelaksana (kolom), berurutan.",
            "[Pemohon, Petugas Loket]",
        ),
        Field(
            "kegiatan",
            ListOf(
                item=KEGIATAN,
                min_items=1,
                max_items=STEP_LIMIT,
                item_name="langkah",
                limit_hint=(
                    f"Satu SOP memuat paling banyak {STEP_LIMIT} langkah; pecah menjadi beberapa SOP yang saling "
                    "merujuk lewat `keterkaitan`."
                ),
            ),
            True,
            "Langkah-langkah, berurutan; sedikitnya satu (SOP induk yang pekerjaannya dilakukan SOP terkait).",
            "[...]",
        ),
        Field(
            "alias",
            ListOf(
                item=Text(
                    pattern=ALIAS_PATTERN,
                    pattern_hint="`folder-opd/nama-berkas` tanpa `.yml`, mis. `dukcapil/akta-lahir`",
                    max_length=NAME_LIMIT,
                )
            ),
            description=(
                "Tambahan Katalog SOP (opsional): alamat lama SOP ini, `folder-opd/nama-berkas`, "
                "yang dialihkan ke halamannya sesudah berkas dipindah atau diganti nama."
            ),
        ),
    ),
)


# --- Monitoring and evaluation (format version 3): sops/<opd>/_monev/<tahun>-<semester>.yml ---------------

# One row per SOP of the OPD: a large OPD has a few hundred.
MONEV_ROW_LIMIT = 2000
MONEV_ROW_HINT = f"Satu berkas periode memuat paling banyak {MONEV_ROW_LIMIT} baris, satu untuk setiap SOP OPD ini."
SOP_NOMOR_FIELD = Field(
    "sop",
    NAME,
    True,
    "Nomor SOP OPD ini yang dinilai, persis seperti kunci `nomor` di berkas SOP-nya (berlaku atau dicabut).",
    '"470/SOP.01/DISDUKCAPIL/2024"',
)
PENILAI = Record(
    name="`penilai`",
    fields=(
        Field("jabatan", NAME, True, "Jabatan penilai.", "Kepala Bagian Organisasi Sekretariat Daerah"),
        Field("nama", NAME, True, "Nama penilai beserta gelar (kolom Paraf Penilai).", "Dra. Siti Aminah, M.Si."),
        Field("nip", NIP, description="NIP 18 angka; apit dengan tanda kutip.", example='"19750202 200003 2 002"'),
    ),
)
MONITORING_ROW = Record(
    name="baris `monitoring`",
    fields=(
        SOP_NOMOR_FIELD,
        Field(
            "penilaian",
            Choice(options=tuple(Penilaian)),
            True,
            "`baik` (berjalan dengan baik) atau `tidak baik` (tidak berjalan dengan baik).",
            "baik",
        ),
        Field("catatan", TEXT, description="Catatan hasil penilaian."),
        Field(
            "tindakan",
            TEXT,
            description="Tindakan yang harus diambil; wajib bila penilaian `tidak baik`.",
            example="Membuka loket tambahan pada Senin.",
        ),
        Field(
            "metode",
            ListOf(item=Choice(options=METODE), single_allowed=True, max_items=len(METODE)),
            description=f"Cara monitoring, satu atau beberapa dari: {', '.join(METODE)}.",
            example="[observasi, wawancara pengguna]",
        ),
    ),
)
YA_TIDAK = Choice(options=("ya", "tidak"))
KRITERIA_RECORD = Record(
    name="`kriteria`",
    fields=tuple(
        Field(key, YA_TIDAK, True, f"{question}: `ya` atau `tidak`.", "ya") for key, question in KRITERIA.items()
    ),
)
EVALUATION_ROW = Record(
    name="baris `evaluasi`",
    fields=(
        SOP_NOMOR_FIELD,
        Field(
            "kriteria", KRITERIA_RECORD, True, "Ketujuh kriteria evaluasi, masing-masing `ya` atau `tidak`.", "{...}"
        ),
        Field(
            "rekomendasi",
            Choice(options=tuple(Rekomendasi)),
            True,
            "`tetap` (SOP tetap dipakai), `revisi` (perlu direvisi) atau `cabut` (perlu dicabut).",
            "tetap",
        ),
        Field("catatan", TEXT, description="Alasan rekomendasi; wajib bila rekomendasi bukan `tetap`."),
    ),
)
MONEV_RECORD = Record(
    name="berkas monitoring",
    fields=(
        Field(
            "tanggal",
            Date(),
            True,
            "Tanggal monitoring dilakukan: di dalam periode, atau paling lambat 60 hari sesudahnya.",
            "2026-06-24",
        ),
        Field("penilai", PENILAI, True, "Yang menilai (Paraf Penilai).", "{jabatan: ..., nama: ...}"),
        Field(
            "monitoring",
            ListOf(
                item=MONITORING_ROW,
                min_items=1,
                max_items=MONEV_ROW_LIMIT,
                item_name="baris",
                limit_hint=MONEV_ROW_HINT,
            ),
            True,
            "Tabel monitoring resmi: satu baris untuk setiap SOP yang dimonitor pada periode ini.",
            "[...]",
        ),
        Field(
            "evaluasi",
            ListOf(item=EVALUATION_ROW, max_items=MONEV_ROW_LIMIT, item_name="baris", limit_hint=MONEV_ROW_HINT),
            description=(
                "Evaluasi SOP (sedikitnya sekali setahun untuk setiap SOP yang berlaku): tujuh kriteria dan "
                "rekomendasi."
            ),
        ),
    ),
)


# The source format as JSON Schema files, for editors (VS Code with the YAML
# extension) and for the site: `skema/<name>` in the repository and on the site.
SOP_SCHEMA_FILE = "sop.schema.json"
OPD_SCHEMA_FILE = "opd.schema.json"
MONEV_SCHEMA_FILE = "monev.schema.json"


def source_schemas() -> dict[str, str]:
    """File name -> JSON text of each source schema, generated from the records the validator reads with."""
    documents = {
        SOP_SCHEMA_FILE: (SOP_RECORD, "Berkas SOP", "Satu SOP Administrasi Pemerintahan (sops/<opd>/<sop>.yml)."),
        OPD_SCHEMA_FILE: (OPD_RECORD, "Berkas _opd.yml", "Satu perangkat daerah (sops/<opd>/_opd.yml)."),
        MONEV_SCHEMA_FILE: (
            MONEV_RECORD,
            "Berkas monitoring dan evaluasi",
            "Hasil monitoring dan evaluasi SOP satu OPD pada satu semester (sops/<opd>/_monev/<tahun>-<semester>.yml).",
        ),
    }
    return {
        name: json.dumps(
            {
                "$schema": JSON_SCHEMA_DRAFT,
                "title": title,
                "description": f"{description} Dibuat dari katalog_sop/source/schema.py; jangan disunting langsung.",
                **record.json_schema(),
            },
            ensure_ascii=False,
            indent=2,
        )
        + "\n"
        for name, (record, title, description) in documents.items()
    }
