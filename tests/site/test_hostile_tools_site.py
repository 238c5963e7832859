"""The authoring tools against hostile input, run as the commands a maintainer types (the in-process cases,
many more of them, are in tests/unit/test_hostile_tools.py)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import Workbook

from katalog_sop.source.spreadsheet import MAX_ROWS, STEPS_SHEET, add_rows, new_workbook
from tests.conftest import OPD_YAML, REPO

WORKFLOW = "name: katalog\non: [push]\n"
EXAMPLE = {
    "folder_opd": "disdukcapil",
    "nomor": "470/SOP.10/DISDUKCAPIL/2026",
    "nama": "Penerbitan Kartu Identitas Anak",
    "tanggal_pembuatan": "2026-01-05",
    "tanggal_efektif": "2026-02-02",
    "disahkan_oleh.jabatan": "Kepala Dinas",
    "disahkan_oleh.nama": "Contoh Pejabat, S.H.",
    "dasar_hukum": "Permendagri Nomor 2 Tahun 2016",
}
STEPS = [
    {"Nomor SOP": EXAMPLE["nomor"], "No": 1, "Kegiatan": "Mengajukan permohonan", "Pelaksana": "Pemohon"},
    {"Nomor SOP": EXAMPLE["nomor"], "No": 2, "Kegiatan": "Memeriksa berkas", "Pelaksana": "Petugas Loket"},
]
TARGET = "sops/disdukcapil/penerbitan-kartu-identitas-anak.yml"


def run(project: Path, script: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(REPO / "scripts" / script), *args],
        cwd=project,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=300,  # a hang fails the test instead of stalling the run; the outcome is what is asserted
        check=False,
    )


@pytest.fixture
def project(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    (repo / "sops" / "disdukcapil").mkdir(parents=True)
    shutil.copy(REPO / "sops" / "disdukcapil" / "_opd.yml", repo / "sops" / "disdukcapil" / "_opd.yml")
    (repo / ".github" / "workflows").mkdir(parents=True)
    (repo / ".github" / "workflows" / "katalog.yml").write_text(WORKFLOW, encoding="utf-8")
    return repo


def save(workbook: Workbook, project: Path) -> str:
    path = project.parent / "impor.xlsx"
    workbook.save(path)
    return str(path)


def example(**identity: str) -> Workbook:
    workbook = new_workbook()
    add_rows(workbook, {**EXAMPLE, **identity}, STEPS)
    return workbook


def test_the_file_name_cell_cannot_overwrite_the_ci_workflow(project: Path) -> None:
    book = save(example(nama_berkas="../../.github/workflows/katalog"), project)
    done = run(project, "import_xlsx.py", book, "--timpa")
    assert done.returncode == 1, done.stdout + done.stderr
    assert "Identitas!B2 (nama_berkas): nama berkas `../../.github/workflows/katalog` tidak sah" in done.stdout
    assert (project / ".github" / "workflows" / "katalog.yml").read_text(encoding="utf-8") == WORKFLOW
    deeper = run(project, "import_xlsx.py", save(example(nama_berkas="../../../../keluar"), project), "--timpa")
    assert deeper.returncode == 1 and not list(project.parent.parent.glob("*keluar*"))
    assert run(project, "import_xlsx.py", save(example(), project)).returncode == 0  # the same SOP, well named
    assert (project / TARGET).is_file()


def test_new_sop_berkas_cannot_leave_the_opd_folder(project: Path) -> None:
    flags = ("--opd", "disdukcapil", "--nama", "Kartu Anak", "--nomor", "1/SOP/2026", "--pelaksana", "Pemohon")
    for name in ("../../../x", "_x", "a" * 251):
        done = run(project, "new_sop.py", *flags, "--berkas", name)
        assert done.returncode == 1 and "--berkas: nama berkas" in done.stderr, done.stderr
    assert not list(project.parent.rglob("x.yml")) and not list(project.rglob("_x.yml"))
    assert run(project, "new_sop.py", *flags, "--berkas", "kartu-anak").returncode == 0


def test_codeowners_writes_no_pattern_for_a_folder_named_star(project: Path) -> None:
    (project / "sops" / "*").mkdir()
    (project / "sops" / "*" / "_opd.yml").write_text(OPD_YAML + 'pemilik: ["@penyerang"]\n', encoding="utf-8")
    done = run(project, "codeowners.py")
    assert done.returncode == 1
    assert "sops/*:1:1: nama folder OPD `*` tidak sah" in done.stdout, done.stdout
    assert not (project / ".github" / "CODEOWNERS").exists()


def test_a_cell_at_xfd1048576_is_read_past_at_once(project: Path) -> None:
    workbook = example()
    for sheet in workbook.worksheets[:2]:
        sheet["XFD1048576"] = "x"
    done = run(project, "import_xlsx.py", save(workbook, project))
    assert done.returncode == 0, done.stdout + done.stderr
    assert (project / TARGET).is_file()


def test_the_row_limit_is_read_and_a_row_beyond_it_refused(project: Path) -> None:
    workbook = example()
    sheet = workbook[STEPS_SHEET]
    for number in range(len(STEPS) + 1, MAX_ROWS + 1):
        sheet.append([EXAMPLE["nomor"], number, f"Langkah {number}", "Petugas Loket"])
    done = run(project, "import_xlsx.py", save(workbook, project))
    assert done.returncode == 1
    assert "Identitas!2: SOP ini punya 20.000 baris langkah" in done.stdout, done.stdout
    sheet.append([EXAMPLE["nomor"], MAX_ROWS + 1, "Satu lagi", "Petugas Loket"])
    done = run(project, "import_xlsx.py", save(workbook, project))
    assert done.returncode == 1
    assert f"Kegiatan!A{MAX_ROWS + 2} (Nomor SOP): lembar Kegiatan berisi lebih dari 20.000 baris" in done.stdout
    assert not (project / TARGET).exists()
