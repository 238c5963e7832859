"""`mkdocs build -d` pointed at the sources or the project is refused before anything is written (issue 21)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from tests.conftest import build_site, make_project


def _digest(folder: Path) -> str:
    files = sorted(p for p in folder.rglob("*") if p.is_file())
    return hashlib.sha256(
        b"".join(p.relative_to(folder).as_posix().encode() + p.read_bytes() for p in files)
    ).hexdigest()


@pytest.mark.parametrize("target", ["sops", ".", "sops/bpkad"])
def test_build_into_the_sources_or_the_project_is_refused(tmp_path: Path, target: str) -> None:
    project = make_project(tmp_path / "proyek")
    before = _digest(project / "sops")
    built = build_site(project, extra_args=("-d", target))
    assert built.returncode != 0
    if target != ".":  # MkDocs itself refuses a site folder that holds docs/
        assert "situs tidak ditulis di sana" in built.output
    assert _digest(project / "sops") == before
    assert not (project / "sops" / "index.html").exists()


def test_a_backup_beside_the_site_survives_builds(tmp_path: Path) -> None:
    project = make_project(tmp_path / "proyek")
    backup = project / "site.lama-2024"
    backup.mkdir()
    (backup / "index.html").write_text("cadangan", encoding="utf-8")
    for _ in range(2):
        built = build_site(project)
        assert built.returncode == 0, built.output
    assert (backup / "index.html").read_text(encoding="utf-8") == "cadangan"
    assert (project / "site" / "index.html").is_file()


def test_a_preview_variable_left_set_does_not_break_a_strict_build(tmp_path: Path) -> None:
    project = make_project(tmp_path / "proyek")
    built = build_site(project, env={"KATALOG_SOP_OPD": "bpkad"})
    assert built.returncode == 0, built.output
    assert "KATALOG_SOP_OPD hanya berlaku untuk `mkdocs serve`" in built.output
    assert (project / "site" / "disdukcapil" / "index.html").is_file()  # every OPD published
