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


def _validator_problems(tmp_path: Path, opd: str, sop: str) -> list[str]:
    """Every problem the validator prints for this catalogue; none when it accepts it."""
    sources = write_catalog(tmp_path, {"dincon/_opd.yml": opd, "dincon/contoh.yml": sop})
    try:
        build_catalog(sources, tmp_path)
    except CatalogError as error:
        return [str(problem) for problem in error.problems]
    return []


def _keys_named(errors: list[jsonschema.ValidationError]) -> set[tuple[str | int, ...]]:
    """The key each schema error is about: its path, down to the missing or unexpected key it names."""
    keys: set[tuple[str | int, ...]] = set()
    for error in errors:
        error = jsonschema.exceptions.best_match([error])  # the branch of an anyOf/oneOf that went wrong
        path = tuple(error.absolute_path)
        if error.validator == "required":
            keys |= {(*path, key) for key in error.validator_value if key not in error.instance}
        elif error.validator == "additionalProperties":
            keys |= {(*path, key) for key in set(error.instance) - set(error.schema.get("properties", {}))}
        else:
            keys.add(path)
    return keys


def _check_rejection(
    problems: list[str],
    errors: list[jsonschema.ValidationError],
    file: str,
    expected: tuple[set[tuple[str | int, ...]], dict[str, str]],
) -> None:
    """Both rejected the document for the key that was edited, and for nothing else."""
    keys, places = expected
    assert _keys_named(errors) == keys, [(list(e.absolute_path), e.message) for e in errors]
    assert len(problems) == len(places), problems
    for place, key in places.items():
        found = [p for p in problems if p.startswith(f"{file}:{place}: ") and f"`{key}`" in p]
        assert len(found) == 1, (place, key, problems)


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


# For each rejected document: the keys the schema's errors must be about (their path, down to the key), and
# where the validator must point (line:col) with the key its message names. The base SOP_YAML is valid, so
# every error must come from the edit. A missing or empty required key is placed at its parent mapping (1:1 for the
# file); any other problem at the value written.
STEP_2 = ("kegiatan", 1)
REJECTED: dict[str, tuple[set[tuple[str | int, ...]], dict[str, str]]] = {
    "unknown key": ({("dasar_hukm",), ("dasar_hukum",)}, {"9:1": "dasar_hukm", "1:1": "dasar_hukum"}),
    "missing required key": ({("nama",)}, {"1:1": "nama"}),
    "required key left empty": ({("nama",)}, {"1:1": "nama"}),
    "unknown jenis": ({("jenis",)}, {"29:8": "jenis"}),
    "date not YYYY-MM-DD": ({("tanggal_efektif",)}, {"4:18": "tanggal_efektif"}),
    "review date not a date": ({("tinjau_ulang",)}, {"29:15": "tinjau_ulang"}),
    "waktu without unit": ({("kegiatan", 0, "waktu")}, {"17:12": "waktu"}),
    "waktu unit misspelt": ({("kegiatan", 0, "waktu")}, {"17:12": "waktu"}),
    "cabang with one outcome": ({(*STEP_2, "keputusan", "cabang")}, {"25:9": "cabang"}),
    "cabang and ya together": ({(*STEP_2, "keputusan")}, {"23:7": "keputusan"}),
    "cabang item without ke": ({(*STEP_2, "keputusan", "cabang", 1, "ke")}, {"27:11": "ke"}),
    "list written as text": ({("dasar_hukum",)}, {"9:14": "dasar_hukum"}),
    "no step": ({("kegiatan",)}, {"14:11": "kegiatan"}),
    "step id with capitals": ({(*STEP_2, "id")}, {"18:9": "id"}),
    "NIP of 17 digits": ({("disahkan_oleh", "nip")}, {"8:8": "nip"}),
    "unknown key in a step": ({("kegiatan", 0, "durasi")}, {"18:5": "durasi"}),
}


def test_every_rejected_case_says_what_it_is_rejected_for() -> None:
    assert set(REJECTED) == {case for case, (_, valid) in SAME_VERDICT.items() if not valid}


@pytest.mark.parametrize("case", sorted(SAME_VERDICT))
def test_schema_and_validator_agree(case: str, tmp_path: Path) -> None:
    text, valid = SAME_VERDICT[case]
    problems = _validator_problems(tmp_path, OPD_YAML, text)
    assert (not problems) is valid, problems
    errors = list(validator("sop.schema.json").iter_errors(as_editor_reads(text)))
    assert (not errors) is valid, [e.message for e in errors]
    if not valid:
        _check_rejection(problems, errors, "sops/dincon/contoh.yml", REJECTED[case])


@pytest.mark.parametrize(
    ("text", "rejected"),
    [
        (OPD_YAML + 'pemilik: ["@contoh/tim-dinas", "@budi-santoso"]\n', None),
        (OPD_YAML + "pemilik: '@contoh/tim-dinas'\n", None),
        (OPD_YAML + "pemilik: budi@contoh.go.id\n", ({("pemilik",)}, {"3:10": "pemilik"})),
        (OPD_YAML + "pemimpin: Budi\n", ({("pemimpin",)}, {"3:1": "pemimpin"})),
    ],
)
def test_opd_schema_and_validator_agree(
    text: str, rejected: tuple[set[tuple[str | int, ...]], dict[str, str]] | None, tmp_path: Path
) -> None:
    problems = _validator_problems(tmp_path, text, SOP_YAML)
    assert bool(problems) is (rejected is not None), problems
    errors = list(validator("opd.schema.json").iter_errors(as_editor_reads(text)))
    assert bool(errors) is (rejected is not None), [e.message for e in errors]
    if rejected is not None:
        _check_rejection(problems, errors, "sops/dincon/_opd.yml", rejected)
