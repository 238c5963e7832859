"""The format guide's monitoring section: its example is a valid period file, and every key is explained."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from pathlib import Path

import yaml

from katalog_sop import build_catalog
from tests.conftest import REPO

GUIDE = REPO / "katalog_sop" / "site" / "panduan" / "format-sumber.md"
MODELINE = "# yaml-language-server: $schema=../../../skema/monev.schema.json"


def _section() -> str:
    text = GUIDE.read_text(encoding="utf-8")
    start = text.index("## Monitoring dan evaluasi (`_monev/`)")
    return text[start : text.index("\n## ", start + 1)]


def _example() -> str:
    [block] = [b for b in re.findall(r"```yaml\n(.*?)```", _section(), re.S) if "monitoring:" in b]
    return block


def test_the_example_period_file_builds_in_the_sample_catalogue(tmp_path: Path) -> None:
    example = _example()
    assert example.startswith(MODELINE + "\n")
    sources = tmp_path / "sops"
    shutil.copytree(REPO / "sops", sources)
    (sources / "disdukcapil" / "_monev" / "2026-1.yml").write_text(example, encoding="utf-8")
    catalog = build_catalog(sources, tmp_path, dt.date(2026, 12, 1)).catalog
    [report] = [r for r in catalog.monev if r.opd_slug == "disdukcapil" and r.period_key == "2026-1"]
    assert [row.nomor for row in report.monitoring] == ["470/SOP.01/DISDUKCAPIL/2024", "470/SOP.02/DISDUKCAPIL/2024"]
    assert [str(row.rekomendasi) for row in report.evaluasi] == ["revisi"]


def test_the_modeline_points_at_the_published_schema() -> None:
    schema_path = (REPO / "sops" / "disdukcapil" / "_monev" / MODELINE.split("=", 1)[1]).resolve()
    assert schema_path == (REPO / "skema" / "monev.schema.json").resolve() and schema_path.is_file()
    assert "(monev.schema.json)" in _section()  # the guide is published at skema/, beside the schema


def test_every_key_of_the_schema_is_explained_with_wajib_or_opsional() -> None:
    schema = json.loads((REPO / "skema" / "monev.schema.json").read_text(encoding="utf-8"))
    rows = {
        match.group(1): match.group(2) for match in re.finditer(r"^\| `([a-z_\[\].]+)` \| ([^|]+) \|", _section(), re.M)
    }
    keys = list(schema["properties"])
    for table in ("monitoring", "evaluasi"):
        [array] = [v for v in schema["properties"][table].get("anyOf", [schema["properties"][table]]) if "items" in v]
        keys += [f"{table}[].{key}" for key in array["items"]["properties"]]
    assert keys, schema
    for key in keys:
        assert key in rows, key
        assert rows[key].strip().startswith(("wajib", "opsional")), key
    example = yaml.safe_load(_example())
    for key in example["evaluasi"][0]["kriteria"]:
        assert f"`{key}`" in _section(), key


def test_the_rules_and_the_derived_values_are_named() -> None:
    section = _section()
    for needle in (
        "<tahun>-<semester>.yml",
        "60 hari",
        "tanpa `tindakan` ditolak",
        "satu baris di `monitoring`",
        "folder OPD **ini**",
        "Draf",
        "Jatuh tempo monitoring",
        "Jatuh tempo evaluasi",
        "Hasil terakhir",
        "Cakupan",
    ):
        assert needle in section, needle


def test_the_readme_explains_the_semester_cycle() -> None:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    start = text.index("## Monitoring tiap semester")
    section = text[start : text.index("\n## ", start + 1)]
    for needle in (
        "scripts/new_monev.py --opd SLUG --periode 2026-1",
        "scripts/import_xlsx.py --template",
        "penilaian",
        "pull request",
        "CODEOWNERS",
        "Evaluasi tahunan",
        "data/monev.json",
    ):
        assert needle in section, needle
    assert "`data/monev.json` dan `data/monev.csv`" in text[text.index("## Data terbuka") :]
