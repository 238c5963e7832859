"""Open data: the published catalogue as JSON and CSV, with a JSON Schema.

The records and their schema are both derived from the model's dataclasses
(``model.py``), so a field added to the model appears in the data and in the
schema at once. Dates are ISO 8601 strings; step targets are step numbers,
with 0 for ``selesai``.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import enum
import functools
import io
import json
import operator
import types
import typing
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from katalog_sop.catalog import flow, waktu
from katalog_sop.catalog.model import END, Catalog, Layanan, Opd, Sop, Step
from katalog_sop.catalog.monev import KRITERIA
from katalog_sop.catalog.monev_status import MonevStatus
from katalog_sop.catalog.waktu import Duration, Waktu
from katalog_sop.settings import License
from katalog_sop.urls import DATA_DIR, sop_json_uri

CATALOG_JSON = f"{DATA_DIR}/sop.json"
CATALOG_CSV = f"{DATA_DIR}/sop.csv"
SCHEMA_JSON = f"{DATA_DIR}/sop.schema.json"
MONEV_JSON = f"{DATA_DIR}/monev.json"
MONEV_CSV = f"{DATA_DIR}/monev.csv"
SCHEMA_ID = "sop.schema.json"

# Fields of the model that are about the build, not the SOP.
_INTERNAL = {"source"}
# Model fields with English names are published under the SOP's own terms.
_PUBLIC_NAMES = {
    "number": "nomor",
    "symbol": "simbol",
    "next": "lanjut",
    "text": "teks",
    "low": "paling_singkat",
    "high": "paling_lama",
    "amount": "jumlah",
    "unit": "satuan",
}
_DESCRIPTIONS = {
    "opd_slug": "Folder OPD di repositori sumber; bagian pertama alamat halaman.",
    "slug": "Nama berkas sumber tanpa .yml; bagian kedua alamat halaman.",
    "lanjut": (
        "Langkah berikutnya untuk langkah proses (0 = selesai); beberapa bila alur bercabang ke beberapa langkah "
        "sekaligus; kosong untuk langkah keputusan."
    ),
    "cabang": "Jawaban keputusan berurutan, masing-masing dengan label panahnya (mis. Ya/Tidak) dan tujuannya.",
    "ke": "Langkah tujuan jawaban ini (0 = selesai).",
    "pelaksana": "Daftar pelaksana (kolom); pada langkah: satu pelaksana, atau semua pelaksana langkah bersama.",
    "simbol": "Simbol bagan alir: mulai, proses, keputusan, atau selesai.",
    "waktu": "Mutu baku waktu seperti tertulis di dokumen, mis. `15 menit`, `1-2 hari`, `Sesuai jadwal`.",
    "waktu_rinci": (
        "Waktu yang terbaca: bentuk (tetap, rentang, kelipatan, laju, teks), paling singkat dan paling lama "
        "(sama untuk waktu tetap; null untuk teks), dan `per` untuk waktu per butir."
    ),
    "output": "Mutu baku output: daftar, satu butir atau lebih.",
    "layanan": (
        "Standar pelayanan bagi masyarakat (persyaratan, biaya, waktu, produk, tempat, jam, pengaduan); "
        "null bila tidak ditulis."
    ),
    "waktu_penyelesaian_rinci": "Waktu penyelesaian yang terbaca, dalam bentuk yang sama dengan `waktu_rinci` langkah.",
    "teks": "Teks seperti tertulis: keterkaitan berupa teks bebas, atau waktu seperti tertulis di dokumen.",
    "nomor": "Nomor SOP, atau nomor urut langkah (mulai dari 1) di dalam `kegiatan`.",
}
CSV_COLUMNS = (
    "nomor",
    "nama",
    "opd",
    "jenis",
    "status",
    "unit_kerja",
    "tanggal_pembuatan",
    "tanggal_revisi",
    "tanggal_efektif",
    "disahkan_oleh_jabatan",
    "disahkan_oleh_nama",
    "jumlah_langkah",
    "total_waktu",
    "url",
)


_PLAIN = (str, int, float, bool)
# Fields published beside a model class's own: name -> (value from the object, JSON Schema).
_DERIVED: dict[type, dict[str, tuple[typing.Callable[[Any], Any], typing.Any]]] = {
    Step: {"waktu_rinci": (lambda step: _value(step.waktu, detail=True), Waktu | None)},
    Layanan: {
        "waktu_penyelesaian_rinci": (lambda layanan: _value(layanan.waktu_penyelesaian, detail=True), Waktu | None)
    },
}


@functools.cache
def _published_fields(cls: type) -> tuple[tuple[str, str], ...]:
    """(model name, published name) of each field of a model class."""
    return tuple(
        (f.name, _PUBLIC_NAMES.get(f.name, f.name)) for f in dataclasses.fields(cls) if f.name not in _INTERNAL
    )


def _value(value: Any, detail: bool = False) -> Any:
    """A model value as plain JSON (a Waktu as its text; with ``detail``, as the object it was read as)."""
    if value is None or type(value) in _PLAIN:
        return value
    if isinstance(value, Waktu) and not detail:
        return value.teks
    return _encoder(type(value))(value)


Convert = typing.Callable[[Any], Any]


@functools.cache
def _encoder(cls: type) -> Convert:
    """The function that turns one object of a model class into its record.

    Made once per class from the fields' type hints, so a record is built with one call per field and no
    question about each value's type: at 5,000 SOPs a generic walk asked that 1.6 million times."""
    hints = typing.get_type_hints(cls)
    fields = [(name, public, _converter(hints[name])) for name, public in _published_fields(cls)]
    derived = list(_DERIVED.get(cls, {}).items())

    def encode(value: Any) -> dict[str, Any]:
        record = {
            public: getattr(value, name) if convert is None else convert(getattr(value, name))
            for name, public, convert in fields
        }
        for name, (derive, _hint) in derived:
            record[name] = derive(value)
        return record

    return encode


def _converter(hint: Any) -> Convert | None:
    """How a field of this type hint is published; None when its value is already plain JSON."""
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        options = [arg for arg in typing.get_args(hint) if arg is not type(None)]
        if len(options) != 1:
            return _value
        inner = _converter(options[0])
        return None if inner is None else (lambda value: None if value is None else inner(value))
    if origin is tuple:
        item = _converter(typing.get_args(hint)[0])
        return list if item is None else (lambda value: [item(each) for each in value])
    if hint in _PLAIN:
        return None
    if hint is Waktu:
        return _waktu_text
    if hint is Duration:
        return _duration
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return _ENUM_VALUE
    if hint is dt.date:
        return dt.date.isoformat
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return _encoder(hint)
    return _value


# A member's value without the descriptor that ``.value`` goes through (a tenth of the records' time).
_ENUM_VALUE = operator.attrgetter("_value_")


def _waktu_text(value: Waktu) -> str:
    return value.teks


def _duration(value: Duration) -> dict[str, Any]:
    return {"jumlah": float(value.amount), "satuan": value.unit}


def _schema_of(hint: Any) -> dict[str, Any]:
    """JSON Schema of a model type hint."""
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        options = [_schema_of(arg) for arg in typing.get_args(hint)]
        return {"anyOf": options}
    if hint is type(None):
        return {"type": "null"}
    if origin is tuple:
        return {"type": "array", "items": _schema_of(typing.get_args(hint)[0])}
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return {"type": "string", "enum": [member.value for member in hint]}
    if hint is str or hint is Waktu:  # a Waktu is published as written; see _DERIVED for its detail
        return {"type": "string"}
    if hint is Duration:
        return {
            "type": "object",
            "properties": {"jumlah": {"type": "number", "exclusiveMinimum": 0}, "satuan": {"enum": list(waktu.UNITS)}},
            "required": ["jumlah", "satuan"],
            "additionalProperties": False,
        }
    if hint is int:
        return {"type": "integer", "minimum": 0}
    if hint is dt.date:
        return {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return _object_schema(hint)
    raise TypeError(f"no JSON Schema for {hint!r}")


def _object_schema(cls: type) -> dict[str, Any]:
    hints = typing.get_type_hints(cls)
    properties: dict[str, Any] = {}
    required: list[str] = []
    for item in dataclasses.fields(cls):
        if item.name in _INTERNAL:
            continue
        name = _PUBLIC_NAMES.get(item.name, item.name)
        schema = _schema_of(hints[item.name])
        if name in _DESCRIPTIONS:
            schema = {"description": _DESCRIPTIONS[name], **schema}
        properties[name] = schema
        required.append(name)  # every field is always written, null when absent
    for name, (_derive, hint) in _DERIVED.get(cls, {}).items():
        properties[name] = {"description": _DESCRIPTIONS[name], **_detail_schema(hint)}
        required.append(name)
    return {"type": "object", "properties": properties, "required": required, "additionalProperties": False}


def _detail_schema(hint: Any) -> dict[str, Any]:
    """Schema of a derived field: a Waktu there is the object it was read as, not its text."""
    if hint == Waktu | None:
        return {"anyOf": [_object_schema(Waktu), {"type": "null"}]}
    return _schema_of(hint)


def sop_record(sop: Sop, opd: Opd, url: str) -> dict[str, Any]:
    """One SOP as open data: every field of the model, its OPD, its page and its time total."""
    return {
        **_value(sop),
        "opd": {"slug": opd.slug, "nama": opd.nama, "singkatan": opd.singkatan},
        "url": url,
        "total_waktu": _main_total(sop),
    }


def _main_total(sop: Sop) -> str:
    return waktu.format_total([step.waktu for step in flow.main_path(sop.kegiatan) if step.waktu is not None])


def json_schema() -> dict[str, Any]:
    """JSON Schema of ``data/sop.json`` (and, under ``$defs/sop``, of each per-SOP file)."""
    sop = _object_schema(Sop)
    sop["properties"].update(
        {
            "opd": {
                "type": "object",
                "properties": {
                    "slug": {"type": "string"},
                    "nama": {"type": "string"},
                    "singkatan": {"anyOf": [{"type": "string"}, {"type": "null"}]},
                },
                "required": ["slug", "nama", "singkatan"],
                "additionalProperties": False,
            },
            "url": {"type": "string", "description": "Alamat halaman SOP di situs."},
            "total_waktu": {"type": "string", "description": "Jumlah waktu jalur utama, seperti di halaman."},
        }
    )
    sop["required"] += ["opd", "url", "total_waktu"]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "Katalog SOP Administrasi Pemerintahan: data terbuka",
        "description": f"Berkas {CATALOG_JSON}: seluruh SOP yang diterbitkan. Langkah tujuan {END} berarti selesai.",
        "type": "object",
        "properties": {
            "judul": {"type": "string"},
            "lisensi": {
                "type": "object",
                "properties": {"nama": {"type": "string"}, "url": {"type": "string"}},
                "required": ["nama", "url"],
            },
            "jumlah": {"type": "integer", "minimum": 0},
            "sop": {"type": "array", "items": {"$ref": "#/$defs/sop"}},
        },
        "required": ["judul", "lisensi", "jumlah", "sop"],
        "additionalProperties": False,
        "$defs": {"sop": sop},
    }


@dataclass(frozen=True)
class DataFile:
    """A file of the site that is not a page (open data, feed, redirect): where it goes, and its text."""

    uri: str
    content: str


def data_files(
    catalog: Catalog,
    title: str,
    license: License,
    url_of: typing.Callable[[Sop], str],
    monev: MonevStatus | None = None,
) -> Iterator[DataFile]:
    """data/sop.json, data/sop.csv, data/sop.schema.json, one <opd>/<sop>.json per SOP, and
    data/monev.json, data/monev.csv (``monev_files``; ``monev`` is the build's one MonevStatus).

    ``url_of`` gives each SOP page's address as the site publishes it (katalog_sop.urls.SiteUrls.absolute).
    """
    opds = {opd.slug: opd for opd in catalog.opds}
    records = [sop_record(sop, opds[sop.opd_slug], url_of(sop)) for sop in catalog.sops]
    # Each record is encoded once: alone in its own file, and inside the catalogue.
    encoded = [_json(record) for record in records]
    head = {"judul": title, "lisensi": dataclasses.asdict(license), "jumlah": len(records)}
    yield DataFile(CATALOG_JSON, _json(head)[:-1] + ',"sop":[' + ",".join(encoded) + "]}")
    yield DataFile(SCHEMA_JSON, json.dumps(json_schema(), ensure_ascii=False, indent=2))
    yield DataFile(CATALOG_CSV, _csv(records))
    for sop, text in zip(catalog.sops, encoded, strict=True):
        yield DataFile(sop_json_uri(sop), text)
    if monev is not None:
        yield from monev_files(catalog, title, license, url_of, monev)


def _json(value: Any) -> str:
    """Compact JSON: the C encoder is several times faster than an indented dump, and files stay small."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


# A cell a spreadsheet program would read as a formula (OWASP, "CSV Injection"): it starts with one
# of these, or with spaces and then one of the first four.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "\0")


def spreadsheet_cell(value: object) -> object:
    """A CSV cell that Excel, LibreOffice and Google Sheets show as text, never run as a formula.

    data/sop.csv is meant to be opened in a spreadsheet, and its texts come from source files
    anyone may propose: ``=HYPERLINK(...)`` in a nama would otherwise be live in the reader's
    spreadsheet. As OWASP advises, such a cell gets a leading ``'``, which spreadsheet programs
    read as "this is text". Numbers are left as they are; the JSON keeps every text unchanged.
    """
    if isinstance(value, str) and (value.startswith(FORMULA_START) or value.lstrip(" ").startswith(FORMULA_START[:4])):
        return "'" + value
    return value


def _csv(records: list[dict[str, Any]]) -> str:
    """Identity fields, one row per SOP. Starts with a BOM so spreadsheet programs read UTF-8.
    No cell can be a formula (``spreadsheet_cell``)."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for record in records:
        signatory = record["disahkan_oleh"]
        row = {
            **{column: record[column] or "" for column in CSV_COLUMNS if column in record},
            "opd": record["opd"]["nama"],
            "disahkan_oleh_jabatan": signatory["jabatan"],
            "disahkan_oleh_nama": signatory["nama"],
            "jumlah_langkah": len(record["kegiatan"]),
        }
        writer.writerow({column: spreadsheet_cell(value) for column, value in row.items()})
    return "\ufeff" + buffer.getvalue()


# data/monev.csv: one row per SOP per period, then the evaluation of that SOP in that period (if any).
MONEV_CSV_COLUMNS = (
    "opd",
    "opd_nama",
    "periode",
    "periode_nama",
    "tanggal",
    "penilai_nama",
    "penilai_jabatan",
    "sop_nomor",
    "sop_nama",
    "sop_url",
    "penilaian",
    "catatan",
    "tindakan",
    "metode",
    *(f"evaluasi_{key}" for key in KRITERIA),
    "evaluasi_rekomendasi",
    "evaluasi_catatan",
)


def monev_records(
    catalog: Catalog, url_of: typing.Callable[[Sop], str], monev: MonevStatus
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """The monitoring rows (one per SOP per period, with that period's evaluation of the SOP) and the
    derived values (per SOP: due, latest; per OPD and period: coverage). Written field by field, no
    generic recursion: linear in the number of rows (5,000 SOPs x 6 periods)."""
    opds = {opd.slug: opd for opd in catalog.opds}
    sops = catalog.by_nomor()
    rows: list[dict[str, Any]] = []
    for report in catalog.monev:
        opd = opds.get(report.opd_slug)
        evaluations = {row.nomor: row for row in report.evaluasi}
        head = {
            "opd": report.opd_slug,
            "opd_nama": opd.nama if opd else report.opd_slug,
            "periode": report.period.key,
            "periode_nama": report.period.name,
            "tanggal": report.tanggal.isoformat(),
            "penilai": {"nama": report.penilai.nama, "jabatan": report.penilai.jabatan},
        }
        for row in report.monitoring:
            sop = sops.get(row.nomor)
            evaluation = evaluations.get(row.nomor)
            rows.append(
                {
                    **head,
                    "sop": {
                        "nomor": row.nomor,
                        "nama": sop.nama if sop else None,
                        "url": url_of(sop) if sop else None,
                    },
                    "penilaian": str(row.penilaian),
                    "catatan": row.catatan,
                    "tindakan": row.tindakan,
                    "metode": list(row.metode),
                    "evaluasi": None
                    if evaluation is None
                    else {
                        "kriteria": dict(evaluation.kriteria),
                        "rekomendasi": str(evaluation.rekomendasi),
                        "catatan": evaluation.catatan,
                    },
                }
            )
    per_sop = []
    for sop in catalog.sops:
        status = monev.of(sop)
        latest, evaluated = status.latest, status.latest_evaluation
        per_sop.append(
            {
                "nomor": sop.nomor,
                "opd": sop.opd_slug,
                "monitoring_jatuh_tempo": monev.monitoring_due(sop),
                "evaluasi_jatuh_tempo": monev.evaluation_due(sop),
                "penilaian_terakhir": None
                if latest is None
                else {"penilaian": str(latest.row.penilaian), "periode": latest.report.period.key},
                "evaluasi_terakhir": None
                if evaluated is None
                else {
                    "periode": evaluated.report.period.key,
                    "tanggal": evaluated.report.tanggal.isoformat(),
                    "rekomendasi": str(evaluated.row.rekomendasi),
                },
            }
        )
    coverage = [
        {
            "opd": item.opd_slug,
            "periode": item.period.key,
            "berlaku": item.in_force,
            "dimonitor": item.monitored,
            "baik": item.baik,
        }
        for item in monev.coverage
    ]
    return rows, {"tanggal_data": monev.today.isoformat(), "per_sop": per_sop, "cakupan": coverage}


def monev_files(
    catalog: Catalog, title: str, license: License, url_of: typing.Callable[[Sop], str], monev: MonevStatus
) -> Iterator[DataFile]:
    """data/monev.json (rows and derived values) and data/monev.csv (the rows)."""
    rows, derived = monev_records(catalog, url_of, monev)
    head = {"judul": title, "lisensi": dataclasses.asdict(license), "jumlah": len(rows)}
    yield DataFile(MONEV_JSON, _json({**head, "monitoring": rows, **derived}))
    yield DataFile(MONEV_CSV, _monev_csv(rows))


def _monev_csv(rows: list[dict[str, Any]]) -> str:
    """One row per SOP per period; BOM for spreadsheets; no cell can be a formula (``spreadsheet_cell``)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(MONEV_CSV_COLUMNS)
    for row in rows:
        evaluation = row["evaluasi"]
        if evaluation is None:
            tail: list[object] = [""] * (len(KRITERIA) + 2)
        else:
            kriteria = evaluation["kriteria"]
            tail = [
                *(("ya" if kriteria[key] else "tidak") if key in kriteria else "" for key in KRITERIA),
                evaluation["rekomendasi"],
                evaluation["catatan"] or "",
            ]
        cells = [
            row["opd"],
            row["opd_nama"],
            row["periode"],
            row["periode_nama"],
            row["tanggal"],
            row["penilai"]["nama"],
            row["penilai"]["jabatan"],
            row["sop"]["nomor"],
            row["sop"]["nama"] or "",
            row["sop"]["url"] or "",
            row["penilaian"],
            row["catatan"] or "",
            row["tindakan"] or "",
            "; ".join(row["metode"]),
            *tail,
        ]
        # Most cells cannot be a formula: only one starting with a FORMULA_START or a space is looked at.
        writer.writerow([spreadsheet_cell(cell) if cell[:1] in _RISKY_FIRST else cell for cell in cells])
    return "\ufeff" + buffer.getvalue()


_RISKY_FIRST = frozenset(FORMULA_START) | {" "}
