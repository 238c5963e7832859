"""Spreadsheet route of monitoring: the template's Monitoring and Evaluasi sheets, imported to `_monev/`."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from openpyxl import load_workbook

from katalog_sop import build_catalog
from katalog_sop.catalog.monev import KRITERIA
from katalog_sop.source.spreadsheet import MAX_ROWS, MONITORING_TITLE_ROW
from tests.conftest import REPO

SCRIPT = REPO / "scripts" / "import_xlsx.py"
VALIDATE = REPO / "scripts" / "validate.py"
ENV = {"PATH": "/usr/bin:/bin", "KATALOG_SOP_TANGGAL": "2026-12-01"}
BPKAD = ("900/SOP.01/BPKAD/2026", "900/SOP.02/BPKAD/2026", "900/SOP.03/BPKAD/2026")


def run(project: Path, script: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(script), *args], cwd=project, capture_output=True, text=True, check=False, env=ENV
    )


@pytest.fixture
def project(tmp_path: Path) -> Path:
    shutil.copytree(REPO / "sops", tmp_path / "sops")
    return tmp_path


def filled_workbook(project: Path, opd: str = "bpkad", periode: str = "2026-1"):
    """The template with its example SOP removed and the Monitoring and Evaluasi sheets filled for bpkad."""
    template = project / "templat.xlsx"
    done = run(project, SCRIPT, "--template", str(template))
    assert done.returncode == 0, done.stderr
    workbook = load_workbook(template)
    del workbook["Identitas"]
    del workbook["Kegiatan"]
    sheet = workbook["Monitoring"]
    for row, value in enumerate((opd, periode, "2026-06-20", "Kepala Bagian Organisasi", "Budi Santoso, S.E."), 1):
        sheet.cell(row=row, column=2, value=value)
    sheet["B6"] = "19750202 200003 2 002"
    for number, nomor in enumerate(BPKAD, start=1):
        sheet.cell(row=8 + number, column=1, value=number)
        sheet.cell(row=8 + number, column=2, value=nomor)
        sheet.cell(row=8 + number, column=3, value="(untuk pembaca)")
        sheet.cell(row=8 + number, column=4, value="baik")
    sheet["D10"] = "tidak baik"
    sheet["E10"] = "Antrean panjang pada Senin."
    sheet["F10"] = "Membuka loket tambahan."
    sheet["G10"] = "observasi\nwawancara pengguna"
    evaluation = workbook["Evaluasi"]
    evaluation["A2"] = BPKAD[0]
    for column in range(2, 2 + len(KRITERIA)):
        evaluation.cell(row=2, column=column, value="ya")
    evaluation["I2"] = "tetap"
    return workbook


def test_template_has_the_monitoring_and_evaluation_sheets_with_choice_lists(project: Path) -> None:
    template = project / "templat.xlsx"
    assert run(project, SCRIPT, "--template", str(template)).returncode == 0
    workbook = load_workbook(template)
    sheet = workbook["Monitoring"]
    assert [sheet.cell(row=r, column=1).value for r in range(1, 7)] == [
        "Folder OPD",
        "Periode",
        "Tanggal",
        "Penilai jabatan",
        "Penilai nama",
        "Penilai NIP",
    ]
    assert [c.value for c in sheet[8]] == ["No", "Nomor SOP", "Nama SOP", "Penilaian", "Catatan", "Tindakan", "Metode"]
    rules = {str(rule.sqref): rule.formula1 for rule in sheet.data_validations.dataValidation}
    assert rules == {"D9:D1008": '"baik,tidak baik"'}
    evaluation = workbook["Evaluasi"]
    assert [c.value for c in evaluation[1]] == ["Nomor SOP", *KRITERIA, "Rekomendasi", "Catatan"]
    lists = {rule.formula1 for rule in evaluation.data_validations.dataValidation}
    assert lists == {'"ya,tidak"', '"tetap,revisi,cabut"'}
    # the template as it is still imports its example SOP, and writes no monitoring file
    before = {p: p.read_bytes() for p in (project / "sops").glob("*/_monev/*")}
    done = run(project, SCRIPT, str(template))
    assert "Monitoring" not in done.stdout
    assert {p: p.read_bytes() for p in (project / "sops").glob("*/_monev/*")} == before


def test_filled_monitoring_sheet_is_written_and_validates(project: Path) -> None:
    workbook = filled_workbook(project)
    workbook.save(project / "monev.xlsx")
    done = run(project, SCRIPT, "monev.xlsx")
    assert done.returncode == 0, done.stdout + done.stderr
    path = project / "sops" / "bpkad" / "_monev" / "2026-1.yml"
    assert "sops/bpkad/_monev/2026-1.yml ditulis" in done.stdout
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../../skema/monev.schema.json\n")
    data = yaml.safe_load(text)
    assert [row["sop"] for row in data["monitoring"]] == list(BPKAD)
    assert data["monitoring"][1] == {
        "sop": BPKAD[1],
        "penilaian": "tidak baik",
        "catatan": "Antrean panjang pada Senin.",
        "tindakan": "Membuka loket tambahan.",
        "metode": ["observasi", "wawancara pengguna"],
    }
    assert "untuk pembaca" not in text  # the Nama SOP column is not imported
    assert data["penilai"]["nip"] == "19750202 200003 2 002"
    valid = run(project, VALIDATE)
    assert valid.returncode == 0, valid.stdout + valid.stderr
    report = next(r for r in build_catalog(project / "sops", project).catalog.monev if r.opd_slug == "bpkad")
    assert report.period_key == "2026-1" and len(report.evaluasi) == 1


@pytest.mark.parametrize(
    ("cell", "value", "message"),
    [
        ("D11", "bagus", "Monitoring!D11 (Penilaian): `penilaian` harus salah satu dari: baik | tidak baik"),
        ("B9", "999/SOP.99/X/2026", "Monitoring!B9 (Nomor SOP): `sop` `999/SOP.99/X/2026`"),
        ("F10", None, "Monitoring!B10 (Nomor SOP): baris `monitoring` dengan penilaian `tidak baik` harus berisi"),
        ("B1", "../bpkad", "Monitoring!B1 (Folder OPD): folder OPD `../bpkad` tidak sah"),
        ("B2", "../../x", "Monitoring!B2 (Periode): periode `../../x` tidak sah"),
        ("B2", "2027-1", "Semester I 2027 belum dimulai"),
    ],
)
def test_a_wrong_cell_is_reported_at_its_position_and_nothing_is_written(
    project: Path, cell: str, value: str | None, message: str
) -> None:
    workbook = filled_workbook(project)
    workbook["Monitoring"][cell] = value
    workbook.save(project / "monev.xlsx")
    before = sorted(p.relative_to(project).as_posix() for p in project.rglob("*") if p.is_file())
    done = run(project, SCRIPT, "monev.xlsx")
    assert done.returncode == 1, done.stdout + done.stderr
    assert message in done.stdout, done.stdout
    assert "Lembar Monitoring tidak ditulis" in done.stdout
    after = sorted(p.relative_to(project).as_posix() for p in project.rglob("*") if p.is_file())
    assert after == before
    assert not (project / "sops" / "bpkad" / "_monev").exists()


def test_an_existing_period_file_needs_timpa(project: Path) -> None:
    workbook = filled_workbook(project, opd="disdukcapil", periode="2026-1")
    sheet = workbook["Monitoring"]
    rows = {9: "470/SOP.01/DISDUKCAPIL/2024", 10: "470/SOP.02/DISDUKCAPIL/2024", 11: "470/SOP.05/DISDUKCAPIL/2025"}
    for row, nomor in rows.items():
        sheet.cell(row=row, column=2, value=nomor)
    workbook["Evaluasi"]["A2"] = rows[9]
    workbook.save(project / "monev.xlsx")
    path = project / "sops" / "disdukcapil" / "_monev" / "2026-1.yml"
    original = path.read_bytes()
    done = run(project, SCRIPT, "monev.xlsx")
    assert (
        done.returncode == 1
        and "Monitoring!B2 (Periode): `sops/disdukcapil/_monev/2026-1.yml` sudah ada" in done.stdout
    )
    assert path.read_bytes() == original
    replaced = run(project, SCRIPT, "monev.xlsx", "--timpa")
    assert replaced.returncode == 0, replaced.stdout + replaced.stderr
    assert yaml.safe_load(path.read_text(encoding="utf-8"))["penilai"]["nama"] == "Budi Santoso, S.E."


def test_a_symlinked_monev_folder_is_refused(project: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (project / "sops" / "bpkad" / "_monev").symlink_to(outside)
    filled_workbook(project).save(project / "monev.xlsx")
    done = run(project, SCRIPT, "monev.xlsx")
    assert done.returncode == 1 and "Monitoring!B2 (Periode): `bpkad/_monev` adalah tautan simbolik" in done.stdout
    assert not list(outside.iterdir())


def test_a_nip_typed_as_a_number_and_a_formula_without_value_are_refused_at_their_cell(project: Path) -> None:
    workbook = filled_workbook(project)
    workbook["Monitoring"]["B6"] = 197502022000032002
    workbook["Monitoring"]["E9"] = "=1+1"  # openpyxl stores no value for it
    workbook.save(project / "monev.xlsx")
    done = run(project, SCRIPT, "monev.xlsx")
    assert done.returncode == 1
    assert "Monitoring!B6 (Penilai NIP): NIP terbaca sebagai angka" in done.stdout
    assert "Monitoring!E9 (Catatan): sel berisi rumus `=1+1` tanpa nilai tersimpan" in done.stdout
    assert not (project / "sops" / "bpkad" / "_monev").exists()


def test_rows_beyond_the_limit_are_refused_not_read(project: Path) -> None:
    workbook = filled_workbook(project)
    far = MONITORING_TITLE_ROW + MAX_ROWS + 1
    workbook["Monitoring"].cell(row=far, column=2, value=BPKAD[0])
    workbook.save(project / "monev.xlsx")
    done = run(project, SCRIPT, "monev.xlsx")
    assert done.returncode == 1
    assert f"Monitoring!B{far} (Nomor SOP): lembar Monitoring berisi lebih dari" in done.stdout
    assert not (project / "sops" / "bpkad" / "_monev").exists()


def test_a_wrong_evaluation_cell_is_reported_at_its_position(project: Path) -> None:
    workbook = filled_workbook(project)
    workbook["Evaluasi"]["C2"] = "mungkin"
    workbook.save(project / "monev.xlsx")
    done = run(project, SCRIPT, "monev.xlsx")
    assert done.returncode == 1
    assert "Evaluasi!C2 (mudah_dipahami): `mudah_dipahami` harus salah satu dari: ya | tidak" in done.stdout, (
        done.stdout
    )
    workbook["Evaluasi"]["C2"] = "Ya"  # typed with a capital: read as `ya`
    workbook["Evaluasi"]["I2"] = "revisi"  # without the catatan a revisi needs
    workbook.save(project / "monev.xlsx")
    done = run(project, SCRIPT, "monev.xlsx")
    assert done.returncode == 1
    assert "Evaluasi!" in done.stdout and "catatan" in done.stdout, done.stdout
    assert "mudah_dipahami" not in done.stdout
    assert not (project / "sops" / "bpkad" / "_monev").exists()
