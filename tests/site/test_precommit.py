"""The pre-commit hooks, run for real by pre-commit in a fresh git repository."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

PRE_COMMIT = [sys.executable, "-m", "pre_commit"]


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A clone-like copy of the parts the hooks read, committed in a new git repository."""
    target = tmp_path_factory.mktemp("precommit")
    for folder in ("katalog_sop", "scripts", "sops", "skema", ".github"):
        shutil.copytree(REPO / folder, target / folder, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(REPO / ".pre-commit-config.yaml", target)
    git(target, "init", "-q", "-b", "main")
    git(target, "config", "user.email", "uji@contoh.go.id")
    git(target, "config", "user.name", "Uji")
    git(target, "add", ".")
    git(target, "commit", "-q", "-m", "awal")
    return target


def run_hooks(repo: Path, *files: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PRE_COMMIT_COLOR": "never"}
    return subprocess.run(
        [*PRE_COMMIT, "run", "--files", *files], cwd=repo, capture_output=True, text=True, env=env, check=False
    )


def test_clean_sources_pass(repo: Path) -> None:
    done = run_hooks(repo, "sops/disdukcapil/penerbitan-akta-kelahiran.yml", "sops/disdukcapil/_opd.yml")
    assert done.returncode == 0, done.stdout + done.stderr
    assert re.search(r"Periksa berkas SOP yang berubah\.+Passed", done.stdout)
    assert re.search(r"CODEOWNERS sesuai `pemilik:` OPD\.+Passed", done.stdout)


def test_a_broken_sop_stops_the_commit_with_its_line(repo: Path) -> None:
    path = repo / "sops" / "dpmptsp" / "layanan-pengaduan.yml"
    original = path.read_text(encoding="utf-8")
    try:
        path.write_text(original.replace("dasar_hukum:", "dasar_hukm:", 1), encoding="utf-8")
        line = next(n for n, text in enumerate(original.splitlines(), 1) if text.startswith("dasar_hukum:"))
        git(repo, "add", str(path))
        subprocess.run([*PRE_COMMIT, "install"], cwd=repo, check=True, capture_output=True)
        done = subprocess.run(
            ["git", "commit", "-m", "rusak"],
            cwd=repo,
            capture_output=True,
            text=True,
            env={**os.environ, "PRE_COMMIT_COLOR": "never"},
            check=False,
        )
        output = done.stdout + done.stderr
        assert done.returncode != 0, output
        assert f"sops/dpmptsp/layanan-pengaduan.yml:{line}:1: kunci `dasar_hukm` tidak dikenal" in output
        assert "Apakah maksud Anda `dasar_hukum`?" in output
    finally:
        path.write_text(original, encoding="utf-8")
        git(repo, "add", str(path))


def test_an_owner_change_without_codeowners_is_refused(repo: Path) -> None:
    path = repo / "sops" / "dpmptsp" / "_opd.yml"
    original = path.read_text(encoding="utf-8")
    try:
        path.write_text(original.replace("@contoh/tim-dpmptsp", "@contoh/tim-baru"), encoding="utf-8")
        done = run_hooks(repo, "sops/dpmptsp/_opd.yml")
        assert done.returncode != 0
        assert "`/sops/dpmptsp/` dimiliki @contoh/tim-dpmptsp" in done.stdout
    finally:
        path.write_text(original, encoding="utf-8")


def test_a_broken_monitoring_file_stops_the_commit(repo: Path) -> None:
    path = repo / "sops" / "disdukcapil" / "_monev" / "2026-1.yml"
    original = path.read_text(encoding="utf-8")
    try:
        path.write_text(original.replace("penilaian: baik", "penilaian: bagus", 1), encoding="utf-8")
        line = next(n for n, text in enumerate(original.splitlines(), 1) if "penilaian: baik" in text)
        done = run_hooks(repo, "sops/disdukcapil/_monev/2026-1.yml")
        output = done.stdout + done.stderr
        assert done.returncode != 0, output
        assert re.search(r"Periksa berkas SOP yang berubah\.+Failed", done.stdout)
        assert f"sops/disdukcapil/_monev/2026-1.yml:{line}:" in output
    finally:
        path.write_text(original, encoding="utf-8")
    assert run_hooks(repo, "sops/disdukcapil/_monev/2026-1.yml").returncode == 0
