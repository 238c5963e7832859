"""The JSON Schemas of the source format: generated from the validator's records, and in step with it."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from katalog_sop import CatalogError, build_catalog
from katalog_sop.source.schema import (
    JSON_SCHEMA_DRAFT,
    OPD_RECORD,
    SOP_RECORD,
    ListOf,
    OneOf,
    Record,
    source_schemas,
)
from tests.conftest import OPD_YAML, REPO, SOP_YAML, write_catalog

MODELINE = "# yaml-language-server: $schema="


def as_editor_reads(text: str) -> Any:
    """YAML as a YAML 1.2 editor reads it: dates stay text (PyYAML's 1.1 would make them dates)."""

    def plain(value: Any) -> Any:
        if isinstance(value, dict):
            return {key: plain(item) for key, item in value.items()}
        if isinstance(value, list):
            return [plain(item) for item in value]
        return value.isoformat() if isinstance(value, dt.date) else value

    return plain(yaml.safe_load(text))


def validator(name: str) -> jsonschema.protocols.Validator:
    """The validator of the draft the file declares, which must be JSON_SCHEMA_DRAFT; the schema checked against it."""
    schema = json.loads((REPO / "skema" / name).read_text(encoding="utf-8"))
    assert schema["$schema"] == JSON_SCHEMA_DRAFT
    draft = jsonschema.validators.validator_for(schema, default=None)  # None: a draft jsonschema does not know
    assert draft is not None and draft.META_SCHEMA["$schema"] == JSON_SCHEMA_DRAFT, draft
    draft.check_schema(schema)
    return draft(schema)


def test_every_key_is_described_for_the_editor() -> None:
    def walk(record: Record, where: str) -> None:
        schema = record.json_schema()
        assert set(schema["properties"]) == {f.key for f in record.fields}
        for spec in record.fields:
            described = schema["properties"][spec.key]
            assert described["description"].startswith("Wajib." if spec.required else "Opsional."), where + spec.key
            assert len(described["description"]) > len("Opsional. ") + 5, where + spec.key
            inner = spec.type.item if isinstance(spec.type, ListOf) else spec.type
            inner = inner.record if isinstance(inner, OneOf) else inner
            if isinstance(inner, Record):
                walk(inner, f"{where}{spec.key}.")

    walk(SOP_RECORD, "")
    walk(OPD_RECORD, "")
    keys = set(json.loads(source_schemas()["sop.schema.json"])["properties"])
    assert {"tinjau_ulang", "riwayat", "alias", "kegiatan"} <= keys
    assert "pemilik" in json.loads(source_schemas()["opd.schema.json"])["properties"]


def test_every_sample_file_names_its_schema_and_passes_it() -> None:
    sop_schema, opd_schema = validator("sop.schema.json"), validator("opd.schema.json")
    files = sorted((REPO / "sops").glob("*/*.yml"))
    assert len(files) > 10
    for path in files:
        text = path.read_text(encoding="utf-8")
        first = text.splitlines()[0]
        assert first.startswith(MODELINE), path
        target = (path.parent / first.removeprefix(MODELINE)).resolve()
        expected = "opd.schema.json" if path.name == "_opd.yml" else "sop.schema.json"
        assert target == REPO / "skema" / expected, path
        check = opd_schema if path.name == "_opd.yml" else sop_schema
        errors = [e.message for e in check.iter_errors(as_editor_reads(text))]
        assert errors == [], f"{path}: {errors}"


def test_vscode_maps_the_sources_to_the_schemas() -> None:
    settings = json.loads((REPO / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    mapping = settings["yaml.schemas"]
    assert mapping["./skema/sop.schema.json"] == "sops/**/*.yml"
    assert mapping["./skema/opd.schema.json"] == "sops/**/_opd.yml"
    for schema in mapping:
        assert (REPO / schema).is_file()


def _validator_accepts(tmp_path: Path, text: str) -> bool:
    sources = write_catalog(tmp_path, {"dincon/_opd.yml": OPD_YAML, "dincon/contoh.yml": text})
    try:
        build_catalog(sources, tmp_path)
    except CatalogError:
        return False
    return True


def _edit(old: str, new: str) -> str:
    assert old in SOP_YAML, old
    return SOP_YAML.replace(old, new, 1)


# Documents the schema can judge on its own (no rule across keys): the
# validator and the schema must give the same verdict on each.
SAME_VERDICT = {
    "valid as written": (SOP_YAML, True),
    "optional keys left empty": (SOP_YAML + "unit_kerja:\ntanggal_revisi:\ntinjau_ulang:\nriwayat:\n", True),
    "review date and history": (
        SOP_YAML + "tinjau_ulang: 2025-02-01\nriwayat:\n  - tanggal: 2024-02-01\n    catatan: Ditetapkan\n",
        True,
    ),
    "kelengkapan as one text": (_edit("    waktu: 5 menit\n", "    waktu: 5 menit\n    kelengkapan: KTP\n"), True),
    "text written as a number": (_edit("nama: Pelayanan Contoh", "nama: 2024"), True),
    "unknown key": (_edit("dasar_hukum:", "dasar_hukm:"), False),
    "missing required key": (_edit("nama: Pelayanan Contoh\n", ""), False),
    "required key left empty": (_edit("nama: Pelayanan Contoh", "nama:"), False),
    "unknown jenis": (SOP_YAML + "jenis: teknik\n", False),
    "date not YYYY-MM-DD": (_edit("tanggal_efektif: 2024-02-01", "tanggal_efektif: 1 Februari 2024"), False),
    "review date not a date": (SOP_YAML + "tinjau_ulang: tahun depan\n", False),
    "waktu without unit": (_edit("waktu: 5 menit", "waktu: 5"), False),
    "waktu unit misspelt": (_edit("waktu: 5 menit", "waktu: 10 mnit"), False),
    "waktu as free text": (_edit("waktu: 5 menit", "waktu: Sesuai jadwal"), True),
    "waktu as a range": (_edit("waktu: 5 menit", "waktu: 1 - 5 hari Kerja"), True),
    "waktu as a multiple": (_edit("waktu: 5 menit", "waktu: 1 x 24 Jam"), True),
    "waktu per item": (_edit("waktu: 5 menit", "waktu: 15 menit/ berkas"), True),
    "joint step": (
        _edit(
            "    pelaksana: Petugas Loket\n    waktu: 1 jam",
            "    pelaksana: [Petugas Loket, Pemohon]\n    waktu: 1 jam",
        ),
        True,
    ),
    "output as a list": (
        _edit("    waktu: 1 jam\n", "    waktu: 1 jam\n    output: [Tanda terima, Salinan berkas]\n"),
        True,
    ),
    "fork": (_edit("    waktu: 5 menit\n", "    waktu: 5 menit\n    lanjut: [2, 3]\n"), True),
    "labelled outcomes": (
        _edit(
            "      ya: 3\n      tidak: 1\n",
            "      cabang:\n        - label: Lengkap\n          ke: 3\n        - label: Kurang\n          ke: 1\n",
        ),
        True,
    ),
    "cabang with one outcome": (
        _edit("      ya: 3\n      tidak: 1\n", "      cabang:\n        - label: Lengkap\n          ke: 3\n"),
        False,
    ),
    "cabang and ya together": (
        _edit(
            "      tidak: 1\n",
            "      tidak: 1\n      cabang:\n        - label: A\n          ke: 3\n        - label: B\n          ke: 1\n",
        ),
        False,
    ),
    "cabang item without ke": (
        _edit(
            "      ya: 3\n      tidak: 1\n", "      cabang:\n        - label: A\n          ke: 3\n        - label: B\n"
        ),
        False,
    ),
    "list written as text": (
        _edit("dasar_hukum:\n  - Peraturan Bupati Contoh Nomor 1 Tahun 2024", "dasar_hukum: Perbup"),
        False,
    ),
    "one step only": (
        SOP_YAML.split("kegiatan:")[0].replace("  - Petugas Loket\n", "")
        + "kegiatan:\n  - uraian: Satu\n    pelaksana: Pemohon\n",
        True,
    ),
    "no step": (SOP_YAML.split("kegiatan:")[0] + "kegiatan: []\n", False),
    "step id with capitals": (_edit("id: periksa", "id: Periksa"), False),
    "NIP of 17 digits": (_edit('nip: "19700101 199503 1 001"', 'nip: "19700101 199503 1 00"'), False),
    "unknown key in a step": (_edit("    waktu: 5 menit\n", "    waktu: 5 menit\n    durasi: 5 menit\n"), False),
}


@pytest.mark.parametrize("case", sorted(SAME_VERDICT))
def test_schema_and_validator_agree(case: str, tmp_path: Path) -> None:
    text, valid = SAME_VERDICT[case]
    assert _validator_accepts(tmp_path, text) is valid
    errors = list(validator("sop.schema.json").iter_errors(as_editor_reads(text)))
    assert (not errors) is valid, [e.message for e in errors]


@pytest.mark.parametrize(
    ("text", "valid"),
    [
        (OPD_YAML + 'pemilik: ["@contoh/tim-dinas", "@budi-santoso"]\n', True),
        (OPD_YAML + "pemilik: '@contoh/tim-dinas'\n", True),
        (OPD_YAML + "pemilik: budi@contoh.go.id\n", False),
        (OPD_YAML + "pemimpin: Budi\n", False),
    ],
)
def test_opd_schema_and_validator_agree(text: str, valid: bool, tmp_path: Path) -> None:
    sources = write_catalog(tmp_path, {"dincon/_opd.yml": text, "dincon/contoh.yml": SOP_YAML})
    try:
        build_catalog(sources, tmp_path)
        accepted = True
    except CatalogError:
        accepted = False
    assert accepted is valid
    errors = list(validator("opd.schema.json").iter_errors(as_editor_reads(text)))
    assert (not errors) is valid, [e.message for e in errors]
