"""Spreadsheet import: the template, a round trip of the whole sample through openpyxl, and row-by-row reports."""

from __future__ import annotations

import dataclasses
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from katalog_sop import build_catalog
from katalog_sop.schema import KEGIATAN, KEPUTUSAN, SOP_RECORD
from katalog_sop.spreadsheet import (
    IDENTITY_COLUMNS,
    IDENTITY_SHEET,
    STEP_COLUMNS,
    STEPS_SHEET,
    add_rows,
    new_workbook,
    sop_rows,
)
from tests.conftest import REPO

SCRIPT = REPO / "scripts" / "import_xlsx.py"
SAMPLE = build_catalog(REPO / "sops", REPO).catalog


def run(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPT), *args], cwd=project, capture_output=True, text=True, check=False
    )


def empty_catalogue(project: Path) -> Path:
    """The sample's OPD folders, with their `_opd.yml` only."""
    for opd_file in (REPO / "sops").glob("*/_opd.yml"):
        target = project / "sops" / opd_file.parent.name
        target.mkdir(parents=True)
        shutil.copy(opd_file, target)
    return project


def test_every_key_of_the_format_has_a_column() -> None:
    identity = {header.split(".")[0] for header, _ in IDENTITY_COLUMNS}
    assert {f.key for f in SOP_RECORD.fields} - identity == {"kegiatan"}
    step_keys = {key.split(".")[-1] for _, key, _ in STEP_COLUMNS if key}
    assert {f.key for f in KEGIATAN.fields} - {"keputusan"} <= step_keys
    assert {f.key for f in KEPUTUSAN.fields} <= step_keys
    assert all(note.startswith(("Wajib.", "Opsional.")) for _, note in IDENTITY_COLUMNS)


def test_template_explains_itself_and_imports_cleanly(tmp_path: Path) -> None:
    project = tmp_path
    shutil.copytree(REPO / "sops", project / "sops")
    template = project / "templat.xlsx"
    assert run(project, "--template", str(template)).returncode == 0
    workbook = load_workbook(template)
    assert workbook.sheetnames == [IDENTITY_SHEET, STEPS_SHEET, "Petunjuk"]
    headers = [cell.value for cell in workbook[STEPS_SHEET][1]]
    assert headers[:9] == [
        "Nomor SOP",
        "No",
        "Kegiatan",
        "Pelaksana",
        "Kelengkapan",
        "Waktu",
        "Output",
        "Keterangan",
        "Pertanyaan",
    ]
    assert {"Ya", "Tidak"} <= set(headers)
    nomor = next(c for c in workbook[IDENTITY_SHEET][1] if c.value == "nomor")
    assert "unik di seluruh katalog" in nomor.comment.text
    rules = {str(v.sqref): v.formula1 for v in workbook[IDENTITY_SHEET].data_validations.dataValidation}
    assert '"administratif,teknis"' in rules.values() and '"berlaku,draf,dicabut"' in rules.values()

    done = run(project, str(template))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "1 SOP ditulis, 0 dilewati." in done.stdout
    validate = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "validate.py")], cwd=project, capture_output=True, text=True
    )
    assert validate.returncode == 0, validate.stdout
    imported = next(
        s for s in build_catalog(project / "sops", project).catalog.sops if s.nomor.endswith("SOP.10/DISDUKCAPIL/2026")
    )
    assert imported.kegiatan[1].keputusan is not None and imported.status == "draf"


def test_round_trip_of_the_whole_sample(tmp_path: Path) -> None:
    """Every sample SOP (decisions, loops, references, revoked, drafts) to xlsx and back: the same models."""
    workbook = new_workbook()
    for sop in SAMPLE.sops:
        add_rows(workbook, *sop_rows(sop))
    path = tmp_path / "katalog.xlsx"
    workbook.save(path)
    project = empty_catalogue(tmp_path / "baru")
    done = run(project, str(path))
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"{len(SAMPLE.sops)} SOP ditulis, 0 dilewati." in done.stdout
    again = build_catalog(project / "sops", project).catalog
    assert len(again.sops) == len(SAMPLE.sops)
    kinds = {"dicabut", "draf", "berlaku"}
    assert {s.status for s in again.sops} == kinds
    assert any(r.nomor for s in again.sops for r in s.keterkaitan)
    for before, after in zip(SAMPLE.sops, again.sops, strict=True):
        assert dataclasses.replace(after, source=before.source) == before, before.nomor


BROKEN = ("peminjaman-kendaraan-dinas", "legalisasi-dokumen", "penerbitan-akta-kematian")


def broken_workbook(path: Path) -> None:
    """Three SOPs: one fine, one with bad cells, one whose steps break the flow."""
    workbook = new_workbook()
    good, bad, flow = (next(s for s in SAMPLE.sops if s.slug == slug) for slug in BROKEN)
    add_rows(workbook, *sop_rows(good))
    identity, steps = sop_rows(bad)
    identity["tanggal_efektif"] = "1 Februari 2025"
    steps[1]["Waktu"] = "sebentar"
    steps[2]["Pelaksana"] = "Satpam"
    add_rows(workbook, identity, steps)
    identity, steps = sop_rows(flow)
    decision = next(step for step in steps if step["Ya"] is not None)
    decision["Tidak"] = 99
    add_rows(workbook, identity, steps)
    workbook.save(path)


def cell_of(workbook_path: Path, sheet: str, nomor: str, header: str, step: int | None = None) -> str:
    """`Sheet!B7`, the cell holding ``header`` of the SOP (or of its step) in the workbook."""
    book = load_workbook(workbook_path)[sheet]
    headers = {c.value: c.column_letter for c in book[1]}
    key_column = "nomor" if sheet == IDENTITY_SHEET else "Nomor SOP"
    for row in book.iter_rows(min_row=2):
        values = {headers_by_letter: c.value for headers_by_letter, c in zip(headers, row, strict=False)}
        if values[key_column] == nomor and (step is None or values["No"] == step):
            return f"{sheet}!{headers[header]}{row[0].row}"
    raise AssertionError(nomor)


def test_problems_are_reported_at_their_cell_and_only_good_sops_written(tmp_path: Path) -> None:
    path = tmp_path / "rusak.xlsx"
    broken_workbook(path)
    project = tmp_path / "proyek"  # the sample without these three SOPs, so their references resolve
    shutil.copytree(REPO / "sops", project / "sops")
    for slug in BROKEN:
        next((project / "sops").glob(f"*/{slug}.yml")).unlink()
    done = run(project, str(path))
    assert done.returncode == 1
    out = done.stdout
    bad, flow = (next(s for s in SAMPLE.sops if s.slug == slug) for slug in BROKEN[1:])
    where = cell_of(path, IDENTITY_SHEET, bad.nomor, "tanggal_efektif")
    assert f"{where} (tanggal_efektif): `tanggal_efektif` harus berupa tanggal" in out
    assert f"{cell_of(path, STEPS_SHEET, bad.nomor, 'Waktu', 2)} (Waktu): `waktu`: waktu harus ditulis" in out
    assert f"{cell_of(path, STEPS_SHEET, bad.nomor, 'Pelaksana', 3)} (Pelaksana):" in out and "Satpam" in out
    decision = next(s for s in flow.kegiatan if s.keputusan is not None)
    assert f"{cell_of(path, STEPS_SHEET, flow.nomor, 'Tidak', decision.number)} (Tidak):" in out
    assert "2 dilewati" in out and "1 SOP ditulis" in out
    assert (project / "sops" / "bagian-umum" / "peminjaman-kendaraan-dinas.yml").is_file()
    assert not any((project / "sops").glob(f"*/{BROKEN[1]}.yml")) and not any(
        (project / "sops").glob(f"*/{BROKEN[2]}.yml")
    )


def test_missing_column_and_unknown_sop_rows(tmp_path: Path) -> None:
    workbook = new_workbook()
    add_rows(workbook, *sop_rows(SAMPLE.sops[0]))
    sheet = workbook[STEPS_SHEET]
    sheet.cell(row=sheet.max_row + 1, column=1, value="TIDAK/ADA")
    sheet.cell(row=sheet.max_row, column=2, value=1)
    path = tmp_path / "a.xlsx"
    workbook.save(path)
    project = empty_catalogue(tmp_path / "p")
    done = run(project, str(path))
    assert done.returncode == 1
    assert f"Kegiatan!A{sheet.max_row} (Nomor SOP): tidak ada SOP bernomor `TIDAK/ADA`" in done.stdout

    workbook[IDENTITY_SHEET].delete_cols(3)  # the `nomor` column
    workbook.save(path)
    done = run(project, str(path), "--timpa")
    assert done.returncode == 1
    assert "Identitas!1: kolom `nomor` tidak ada di baris judul" in done.stdout


@pytest.mark.parametrize("existing", ["file", "nomor"])
def test_refuses_to_overwrite_without_timpa(tmp_path: Path, existing: str) -> None:
    shutil.copytree(REPO / "sops", tmp_path / "sops")
    sop = SAMPLE.sops[0]
    workbook = new_workbook()
    identity, steps = sop_rows(sop)
    if existing == "nomor":
        identity["nama_berkas"] = "salinan"
    add_rows(workbook, identity, steps)
    path = tmp_path / "a.xlsx"
    workbook.save(path)
    done = run(tmp_path, str(path))
    assert done.returncode == 1
    assert ("sudah ada; pakai --timpa" if existing == "file" else "sudah dipakai oleh") in done.stdout
    assert run(tmp_path, str(path), "--timpa").returncode == (0 if existing == "file" else 1)
