"""scripts/new_monev.py: an OPD's monitoring file for one period, one row per SOP in force, valid once filled."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from katalog_sop import build_catalog
from tests.conftest import REPO

NEW_MONEV = REPO / "scripts" / "new_monev.py"
VALIDATE = REPO / "scripts" / "validate.py"


def run(project: Path, script: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(script), *args],
        cwd=project,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        check=False,
        env={"PATH": "/usr/bin:/bin", "KATALOG_SOP_TANGGAL": "2026-12-01"},
    )


@pytest.fixture
def project(tmp_path: Path) -> Path:
    shutil.copytree(REPO / "sops", tmp_path / "sops")
    return tmp_path


def fill(text: str) -> str:
    """What the assessor writes: every row `baik`, the date and who assessed."""
    text = re.sub(r"(?m)^    penilaian:$", "    penilaian: baik", text)
    text = re.sub(r"(?m)^tanggal:$", "tanggal: 2026-06-20", text)
    text = re.sub(r"(?m)^  jabatan:$", "  jabatan: Kepala Bagian Organisasi", text)
    text = re.sub(r"(?m)^  nama:$", "  nama: Budi Santoso, S.E.", text)
    return re.sub(r"(?m)^  nip:$", '  nip: "19750202 200003 2 002"', text)


def test_new_monev_lists_the_sops_in_force_and_validates_once_filled(project: Path) -> None:
    catalog = build_catalog(project / "sops", project).catalog
    done = run(project, NEW_MONEV, "--opd", "bpkad", "--periode", "2026-1")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "isi penilaian setiap baris, lalu jalankan scripts/validate.py" in done.stdout
    path = project / "sops" / "bpkad" / "_monev" / "2026-1.yml"
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../../skema/monev.schema.json\n")
    expected = [s for s in catalog.sops if s.opd_slug == "bpkad" and s.status == "berlaku"]
    expected = [s for s in expected if s.tanggal_efektif.isoformat() <= "2026-06-30"]
    data = yaml.safe_load(text)
    assert [row["sop"] for row in data["monitoring"]] == [s.nomor for s in expected] and expected
    assert all(row["penilaian"] is None for row in data["monitoring"])
    for sop in expected:
        assert f'- sop: "{sop.nomor}"  # {sop.nama}\n' in text
    assert "`tidak baik`" in text and "wawancara pengguna" in text and "# evaluasi:" in text
    assert "#       sinergi: ya" in text
    unfilled = run(project, VALIDATE)
    assert unfilled.returncode == 1 and "kunci wajib `penilaian` belum diisi" in unfilled.stdout + unfilled.stderr
    path.write_text(fill(text), encoding="utf-8")
    valid = run(project, VALIDATE)
    assert valid.returncode == 0, valid.stdout + valid.stderr
    report = next(r for r in build_catalog(project / "sops", project).catalog.monev if r.opd_slug == "bpkad")
    assert report.period_key == "2026-1" and len(report.monitoring) == len(expected)


def test_draft_and_later_sops_are_left_out(project: Path) -> None:
    catalog = build_catalog(project / "sops", project).catalog
    done = run(project, NEW_MONEV, "--opd", "disdukcapil", "--periode", "2025-2", "--timpa")
    assert done.returncode == 0, done.stdout + done.stderr
    data = yaml.safe_load((project / "sops" / "disdukcapil" / "_monev" / "2025-2.yml").read_text(encoding="utf-8"))
    written = {row["sop"] for row in data["monitoring"]}
    mine = [s for s in catalog.sops if s.opd_slug == "disdukcapil"]
    assert written == {s.nomor for s in mine if s.status == "berlaku" and s.tanggal_efektif.isoformat() <= "2025-12-31"}
    assert any(s.status != "berlaku" or s.tanggal_efektif.isoformat() > "2025-12-31" for s in mine)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--opd", "bpkd", "--periode", "2026-1"), "Apakah maksud Anda `bpkad`? OPD yang ada: bagian-umum, bpkad"),
        (("--opd", "../bpkad", "--periode", "2026-1"), "OPD `../bpkad` tidak ada"),
        (("--opd", "bpkad", "--periode", "2027-1"), "Semester I 2027 belum dimulai"),
        (("--opd", "bpkad", "--periode", "2026-3"), "--periode `2026-3` tidak sah"),
        (("--opd", "bpkad", "--periode", "../x"), "--periode `../x` tidak sah"),
        (("--opd", "disdukcapil", "--periode", "2026-1"), "sudah ada; tambahkan --timpa"),
    ],
)
def test_new_monev_refuses(project: Path, args: tuple[str, ...], message: str) -> None:
    before = {p: p.read_bytes() for p in (project / "sops").rglob("*.yml")}
    done = run(project, NEW_MONEV, *args)
    assert done.returncode == 1, done.stdout + done.stderr
    assert message in done.stderr
    assert {p: p.read_bytes() for p in (project / "sops").rglob("*.yml")} == before


def test_a_symlinked_monev_folder_is_never_written_through(project: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (project / "sops" / "bpkad" / "_monev").symlink_to(outside)
    done = run(project, NEW_MONEV, "--opd", "bpkad", "--periode", "2026-1")
    assert done.returncode == 1 and "tautan simbolik" in done.stderr
    assert not list(outside.iterdir())


def test_an_unfinished_monitoring_file_elsewhere_is_named_when_refusing(project: Path) -> None:
    assert run(project, NEW_MONEV, "--opd", "bpkad", "--periode", "2026-1").returncode == 0
    done = run(project, NEW_MONEV, "--opd", "disdukcapil", "--periode", "2026-2", "--timpa")
    assert done.returncode == 1
    assert "berkas monitoring yang belum selesai diisi: sops/bpkad/_monev/2026-1.yml" in done.stderr
