"""The authoring tools against hostile input: where they may write, which cells they refuse, how far they read.

Each script runs in-process (its ``main`` called with arguments, in a copy of a small repository), so these stay
unit tests; tests/site/test_hostile_tools_site.py runs the same cases as real commands.
"""

from __future__ import annotations

import importlib.util
import shutil
import signal
from collections.abc import Iterator
from pathlib import Path
from types import FrameType, ModuleType
from typing import Any

import pytest
from openpyxl import Workbook

from katalog_sop.source.codeowners import generated_part, read_ownership
from katalog_sop.source.spreadsheet import IDENTITY_COLUMNS, IDENTITY_SHEET, STEP_COLUMNS, STEPS_SHEET, add_rows
from katalog_sop.source.spreadsheet import new_workbook as empty_workbook
from tests.conftest import OPD_YAML, REPO

WORKFLOW = "name: katalog\non: [push]\n"


def script(name: str) -> ModuleType:
    """A script of scripts/, imported so that its ``main`` runs in this process."""
    spec = importlib.util.spec_from_file_location(f"hostile_{name}", REPO / "scripts" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


IMPORT = script("import_xlsx")
NEW_SOP = script("new_sop")
NEW_OPD = script("new_opd")
CODEOWNERS = script("codeowners")


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository with one OPD (`disdukcapil`), a CI workflow to protect, and its working directory there."""
    repo = tmp_path / "repo"
    (repo / "sops" / "disdukcapil").mkdir(parents=True)
    shutil.copy(REPO / "sops" / "disdukcapil" / "_opd.yml", repo / "sops" / "disdukcapil" / "_opd.yml")
    (repo / ".github" / "workflows").mkdir(parents=True)
    (repo / ".github" / "workflows" / "katalog.yml").write_text(WORKFLOW, encoding="utf-8")
    monkeypatch.chdir(repo)
    return repo


@pytest.fixture(autouse=True)
def no_hang() -> Iterator[None]:
    """A test that would hang fails after a minute instead (the outcome is asserted, never the time)."""

    def expire(_signum: int, _frame: FrameType | None) -> None:
        raise TimeoutError("the tool did not finish within 60 seconds")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(60)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


def example_workbook(**identity: Any) -> Workbook:
    """The template's example SOP, with some Identitas cells replaced."""
    workbook = empty_workbook()
    steps = [
        {"Nomor SOP": identity.get("nomor", IMPORT.EXAMPLE_IDENTITY["nomor"]), "No": number, **step}
        for number, step in enumerate(IMPORT.EXAMPLE_STEPS, start=1)
    ]
    add_rows(workbook, {**IMPORT.EXAMPLE_IDENTITY, **identity}, steps)
    return workbook


def import_book(workbook: Workbook, project: Path, capsys: pytest.CaptureFixture[str], *flags: str) -> tuple[int, str]:
    path = project.parent / "impor.xlsx"
    workbook.save(path)
    code = IMPORT.main([str(path), *flags])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def column(header: str, sheet: str = IDENTITY_SHEET) -> str:
    headers = [h for h, _ in IDENTITY_COLUMNS] if sheet == IDENTITY_SHEET else [h for h, _k, _n in STEP_COLUMNS]
    return "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[headers.index(header)]


def hostile(name: str, project: Path) -> str:
    """The name as the test writes it: an absolute one points beside the repository, never into /tmp itself."""
    return str(project.parent / "absolut") if name == "/ABSOLUT" else name


def files_outside_sops(project: Path) -> set[Path]:
    base = project.parent
    return {
        p for p in base.rglob("*") if p.is_file() and p.suffix != ".xlsx" and not p.is_relative_to(project / "sops")
    }


# --- 1. Where the spreadsheet import and new_sop.py may write --------------------------------------------

HOSTILE_NAMES = {
    "workflow": "../../.github/workflows/katalog",
    "outside-repo": "../../../keluar",
    "absolute": "/ABSOLUT",  # replaced by a path beside the repository (see `hostile`)
    "backslashes": "..\\..\\.github\\workflows\\katalog",
    "subfolder": "bidang/kia",
    "tab": "kia\tx",
    "newline": "kia\nx",
    "underscore": "_kia",
    "upper-case": "Kartu-Anak",
    "too-long": "a" * 251,
    "reserved": "index",
}


@pytest.mark.parametrize("name", list(HOSTILE_NAMES.values()), ids=list(HOSTILE_NAMES))
def test_import_refuses_a_file_name_cell_that_is_not_a_sop_slug(
    project: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    before = files_outside_sops(project)
    code, out = import_book(example_workbook(nama_berkas=hostile(name, project)), project, capsys, "--timpa")
    assert code == 1, out
    assert f"Identitas!{column('nama_berkas')}2 (nama_berkas): " in out, out
    assert (project / ".github" / "workflows" / "katalog.yml").read_text(encoding="utf-8") == WORKFLOW
    assert files_outside_sops(project) == before
    assert sorted(p.name for p in (project / "sops" / "disdukcapil").iterdir()) == ["_opd.yml"]
    assert "0 SOP ditulis, 1 dilewati." in out


@pytest.mark.parametrize(
    "opd", ["..", ".", "../sops/disdukcapil", "disdukcapil/../disdukcapil", "/tmp", "_templat", "tautan", "Disdukcapil"]
)
def test_import_refuses_an_opd_cell_that_is_not_an_opd_folder(
    project: Path, capsys: pytest.CaptureFixture[str], opd: str
) -> None:
    sources = project / "sops"
    (sources / "_templat").mkdir()
    shutil.copy(sources / "disdukcapil" / "_opd.yml", sources / "_templat" / "_opd.yml")
    (project / "lain").mkdir()
    shutil.copy(sources / "disdukcapil" / "_opd.yml", project / "lain" / "_opd.yml")
    (sources / "tautan").symlink_to(project / "lain", target_is_directory=True)
    (project / "_opd.yml").write_text(OPD_YAML, encoding="utf-8")  # so that `..` looks like an OPD folder
    code, out = import_book(example_workbook(folder_opd=opd), project, capsys)
    assert code == 1, out
    assert f"Identitas!{column('folder_opd')}2 (folder_opd): " in out, out
    assert not list(project.rglob("penerbitan-kartu-identitas-anak.yml"))


def test_import_refuses_two_rows_that_would_write_one_file(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    workbook = example_workbook()
    other = {**IMPORT.EXAMPLE_IDENTITY, "nomor": "470/SOP.11/DISDUKCAPIL/2026", "nama": "Lain"}
    add_rows(workbook, other, [{"Nomor SOP": other["nomor"], "No": 1, "Kegiatan": "Memeriksa", "Pelaksana": "Petugas"}])
    code, out = import_book(workbook, project, capsys, "--timpa")
    assert code == 1, out
    assert f"Identitas!{column('nama_berkas')}3 (nama_berkas): " in out and "baris 2" in out, out
    written = (project / "sops" / "disdukcapil" / "penerbitan-kartu-identitas-anak.yml").read_text(encoding="utf-8")
    assert IMPORT.EXAMPLE_IDENTITY["nomor"] in written


def test_import_never_writes_through_a_symlinked_target(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = project / "sops" / "disdukcapil" / "penerbitan-kartu-identitas-anak.yml"
    target.symlink_to(project / ".github" / "workflows" / "katalog.yml")
    code, out = import_book(example_workbook(), project, capsys, "--timpa")
    assert code == 1 and "tautan simbolik" in out, out
    assert (project / ".github" / "workflows" / "katalog.yml").read_text(encoding="utf-8") == WORKFLOW


def test_a_long_sop_name_gets_a_shortened_file_name(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    nama = "Pelayanan Penerbitan Surat Keterangan " + " ".join(["Kependudukan Warga Negara"] * 6)
    code, out = import_book(example_workbook(nama=nama, nama_berkas=None), project, capsys)
    assert code == 0, out
    (written,) = (project / "sops" / "disdukcapil").glob("p*.yml")
    assert len(written.stem) <= 100 and not written.stem.endswith("-")


# An argument may hold a NUL when main() is called in-process (a cell cannot: XML forbids it).
@pytest.mark.parametrize("name", [*HOSTILE_NAMES.values(), "kia\x00x"], ids=[*HOSTILE_NAMES, "nul"])
def test_new_sop_refuses_a_berkas_that_is_not_a_sop_slug(
    project: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    before = files_outside_sops(project)
    args = ["--opd", "disdukcapil", "--nama", "Kartu Anak", "--nomor", "1/SOP/2026", "--pelaksana", "A"]
    code = NEW_SOP.main([*args, "--berkas", hostile(name, project)])
    err = capsys.readouterr().err
    assert code == 1 and "--berkas" in err, err
    assert files_outside_sops(project) == before
    assert sorted(p.name for p in (project / "sops" / "disdukcapil").iterdir()) == ["_opd.yml"]


@pytest.mark.parametrize("opd", ["..", "disdukcapil/..", "tautan"])
def test_new_sop_refuses_an_opd_that_is_not_an_opd_folder(
    project: Path, capsys: pytest.CaptureFixture[str], opd: str
) -> None:
    (project / "lain").mkdir()
    shutil.copy(project / "sops" / "disdukcapil" / "_opd.yml", project / "lain" / "_opd.yml")
    (project / "sops" / "tautan").symlink_to(project / "lain", target_is_directory=True)
    (project / "_opd.yml").write_text(OPD_YAML, encoding="utf-8")
    code = NEW_SOP.main(["--opd", opd, "--nama", "Kartu Anak", "--nomor", "1/SOP/2026", "--pelaksana", "A"])
    assert code == 1, capsys.readouterr()
    assert not list(project.rglob("kartu-anak.yml"))


@pytest.mark.parametrize("folder", ["baru\n", "a" * 101, "../baru"])
def test_new_opd_refuses_a_folder_that_is_not_a_slug(
    project: Path, capsys: pytest.CaptureFixture[str], folder: str
) -> None:
    code = NEW_OPD.main(["--nama", "Dinas Baru", "--folder", folder])
    assert code == 1 and "--folder" in capsys.readouterr().err
    assert sorted(p.name for p in (project / "sops").iterdir()) == ["disdukcapil"]
    assert not (project / "baru").exists()


# --- 2. Numbers Excel cannot hold exactly ----------------------------------------------------------------


@pytest.mark.parametrize("nip", [197001011995031001, 197001011995031001.0, 19700101], ids=["int", "float", "short"])
def test_a_nip_typed_as_a_number_is_refused_at_its_cell(
    project: Path, capsys: pytest.CaptureFixture[str], nip: float
) -> None:
    code, out = import_book(example_workbook(**{"disahkan_oleh.nip": nip}), project, capsys)
    assert code == 1, out
    assert f"Identitas!{column('disahkan_oleh.nip')}2 (disahkan_oleh.nip): " in out and "Teks" in out, out
    assert not (project / "sops" / "disdukcapil" / "penerbitan-kartu-identitas-anak.yml").exists()


def test_a_number_beyond_float_precision_is_refused_and_an_exact_one_is_text(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = import_book(example_workbook(nomor=float(2**53 + 2)), project, capsys)
    assert code == 1, out
    assert f"Identitas!{column('nomor')}2 (nomor): " in out and "Teks" in out, out
    code, out = import_book(example_workbook(nomor=4702026), project, capsys)
    assert code == 0, out
    written = (project / "sops" / "disdukcapil" / "penerbitan-kartu-identitas-anak.yml").read_text(encoding="utf-8")
    assert "nomor: '4702026'" in written or 'nomor: "4702026"' in written, written


# --- 3. Formulas without a stored value ------------------------------------------------------------------


@pytest.mark.parametrize("sheet", [IDENTITY_SHEET, STEPS_SHEET])
def test_a_formula_without_a_stored_value_is_reported_at_its_cell(
    project: Path, capsys: pytest.CaptureFixture[str], sheet: str
) -> None:
    workbook = example_workbook()
    header = "unit_kerja" if sheet == IDENTITY_SHEET else "Waktu"
    letter = column(header, sheet)
    workbook[sheet][f"{letter}2"] = '=CONCAT("10 ", "menit")'  # openpyxl stores no computed value
    code, out = import_book(workbook, project, capsys)
    assert code == 1, out
    assert f"{sheet}!{letter}2 ({header}): " in out and "rumus" in out, out
    assert not (project / "sops" / "disdukcapil" / "penerbitan-kartu-identitas-anak.yml").exists()


# --- 4. How far a workbook is read -----------------------------------------------------------------------


@pytest.mark.parametrize("sheet", [IDENTITY_SHEET, STEPS_SHEET])
def test_a_cell_at_the_last_cell_of_the_sheet_is_ignored(
    project: Path, capsys: pytest.CaptureFixture[str], sheet: str
) -> None:
    workbook = example_workbook()
    workbook[sheet]["XFD1048576"] = "x"
    code, out = import_book(workbook, project, capsys)
    assert code == 0, out
    assert (project / "sops" / "disdukcapil" / "penerbitan-kartu-identitas-anak.yml").is_file()


def test_rows_beyond_the_limit_are_refused(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from katalog_sop.source.spreadsheet import MAX_ROWS

    workbook = example_workbook()
    workbook[STEPS_SHEET][f"A{MAX_ROWS + 2}"] = IMPORT.EXAMPLE_IDENTITY["nomor"]
    code, out = import_book(workbook, project, capsys)
    assert code == 1, out
    assert f"{STEPS_SHEET}!A{MAX_ROWS + 2} (Nomor SOP): " in out and f"{MAX_ROWS:,}".replace(",", ".") in out, out
    assert not (project / "sops" / "disdukcapil" / "penerbitan-kartu-identitas-anak.yml").exists()


def test_more_steps_than_an_sop_may_have_are_refused_at_its_row_before_they_are_read(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    workbook = example_workbook()
    sheet = workbook[STEPS_SHEET]
    nomor = IMPORT.EXAMPLE_IDENTITY["nomor"]
    for number in range(len(IMPORT.EXAMPLE_STEPS) + 1, 1001):
        sheet.append([nomor, number, f"Langkah {number}", "Petugas Loket"])
    code, out = import_book(workbook, project, capsys)
    assert code == 1, out
    assert "Identitas!2: SOP ini punya 1.000 baris langkah" in out and "batas 200" in out, out


# --- 5. CODEOWNERS patterns ------------------------------------------------------------------------------


@pytest.mark.parametrize("folder", ["*", "a?", "[ab]", "a b", "#x", "!x", "a\\b", "baru\n"])
def test_codeowners_refuses_an_opd_folder_that_is_not_a_slug(
    project: Path, capsys: pytest.CaptureFixture[str], folder: str
) -> None:
    sources = project / "sops"
    (sources / folder).mkdir()
    (sources / folder / "_opd.yml").write_text(OPD_YAML + 'pemilik: ["@penyerang"]\n', encoding="utf-8")
    ownership = read_ownership(sources, project)
    assert ownership.problems, ownership
    assert "@penyerang" not in generated_part(ownership)
    assert CODEOWNERS.main([]) == 1
    capsys.readouterr()
    assert not (project / ".github" / "CODEOWNERS").exists()


def test_codeowners_never_writes_through_a_symlink(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    outside = project.parent / "di-luar"
    outside.write_text("rahasia\n", encoding="utf-8")
    (project / ".github" / "CODEOWNERS").symlink_to(outside)
    code = CODEOWNERS.main([])
    assert code == 1 and "tautan simbolik" in capsys.readouterr().err
    assert outside.read_text(encoding="utf-8") == "rahasia\n"
