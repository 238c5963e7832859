"""Checks of every pull request: annotations, `--changed-since` on a real git repository,
the one-command `scripts/ci.py`, and the structure of the GitHub Actions workflow."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import OPD_YAML, REPO, SOP_YAML, make_project, write_catalog

VALIDATE = REPO / "scripts" / "validate.py"
CI = REPO / "scripts" / "ci.py"
WORKFLOW = REPO / ".github" / "workflows" / "katalog.yml"


def run(cwd: Path, *command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, *command], cwd=cwd, capture_output=True, text=True, check=False)


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)


def line_of(text: str, start: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if line.startswith(start))


def test_validate_writes_annotations_at_the_problem(tmp_path: Path) -> None:
    broken = SOP_YAML.replace("dasar_hukum:", "dasar_hukm:")
    write_catalog(tmp_path, {"dincon/_opd.yml": OPD_YAML, "dincon/rusak.yml": broken})
    done = run(tmp_path, str(VALIDATE), "--format", "github")
    assert done.returncode == 1
    line = line_of(broken, "dasar_hukm:")
    expected = (
        f"::error file=sops/dincon/rusak.yml,line={line},col=1,title=Katalog SOP::kunci `dasar_hukm` tidak dikenal"
    )
    assert any(out.startswith(expected) for out in done.stdout.splitlines()), done.stdout
    assert all(out.startswith("::error ") for out in done.stdout.splitlines())


def sop(nomor: str, nama: str, extra: str = "") -> str:
    return SOP_YAML.replace("001/SOP/CONTOH/2024", nomor).replace("Pelayanan Contoh", nama) + extra


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A committed catalogue: a1 (001), a2 referring to 001, and a3 already broken before the change."""
    write_catalog(
        tmp_path,
        {
            "dincon/_opd.yml": OPD_YAML,
            "dincon/a1.yml": sop("001", "Satu"),
            "dincon/a2.yml": sop("002", "Dua", 'keterkaitan:\n  - sop: "001"  # rujukan\n'),
            "dincon/a3.yml": sop("003", "Tiga").replace("dasar_hukum:", "dasar_hukm:"),
        },
    )
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "config", "user.email", "uji@contoh.go.id")
    git(tmp_path, "config", "user.name", "Uji")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "awal")
    return tmp_path


def changed_since(repo: Path) -> subprocess.CompletedProcess[str]:
    return run(repo, str(VALIDATE), "--changed-since", "HEAD")


def test_nothing_changed_checks_nothing(repo: Path) -> None:
    done = changed_since(repo)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 berkas berubah sejak HEAD" in done.stdout  # a3 is broken, but not part of this change


def test_only_changed_files_are_reported_and_as_a_full_run_would(repo: Path) -> None:
    path = repo / "sops" / "dincon" / "a2.yml"
    path.write_text(path.read_text().replace("waktu: 5 menit", "waktu: 10 mnit"))
    done = changed_since(repo)
    assert done.returncode == 1
    lines = done.stdout.splitlines()
    reported = [line for line in lines if line.startswith("sops/")]
    assert reported and all(line.startswith("sops/dincon/a2.yml:") for line in reported)
    full = run(repo, str(VALIDATE), "sops/dincon/a2.yml")
    assert reported == [line for line in full.stdout.splitlines() if line.startswith("sops/")]


def test_new_file_with_a_nomor_in_use_is_caught(repo: Path) -> None:
    text = sop("001", "Baru")
    (repo / "sops" / "dincon" / "baru.yml").write_text(text)  # untracked
    done = changed_since(repo)
    assert done.returncode == 1
    line = line_of(text, "nomor:")
    assert f"sops/dincon/baru.yml:{line}:8: nomor `001` sudah dipakai oleh `sops/dincon/a1.yml`" in done.stdout


def test_reference_to_a_nomor_given_up_is_caught_in_the_unchanged_file(repo: Path) -> None:
    path = repo / "sops" / "dincon" / "a1.yml"
    path.write_text(path.read_text().replace('nomor: "001"', 'nomor: "009"'))
    text = (repo / "sops" / "dincon" / "a2.yml").read_text()
    done = changed_since(repo)
    assert done.returncode == 1
    line = line_of(text, "  - sop:")
    assert f"sops/dincon/a2.yml:{line}:10: `keterkaitan` merujuk SOP bernomor `001` yang tidak ada lagi" in done.stdout
    assert "a1.yml" not in done.stdout  # the renamed file itself is fine


def test_deleted_file_alone_is_fine_and_a_reference_to_it_is_not(repo: Path) -> None:
    (repo / "sops" / "dincon" / "a3.yml").unlink()
    assert changed_since(repo).returncode == 0
    (repo / "sops" / "dincon" / "a1.yml").unlink()
    done = changed_since(repo)
    assert done.returncode == 1 and "sops/dincon/a2.yml" in done.stdout


def test_reference_from_a_changed_file_to_an_unchanged_one(repo: Path) -> None:
    path = repo / "sops" / "dincon" / "a1.yml"
    path.write_text(path.read_text() + 'keterkaitan:\n  - sop: "002"\n  - sop: "404"\n')
    done = changed_since(repo)
    assert done.returncode == 1
    assert "`keterkaitan` merujuk SOP bernomor `404` yang tidak ada di katalog" in done.stdout
    assert "`002`" not in done.stdout


def test_unknown_ref(repo: Path) -> None:
    done = run(repo, str(VALIDATE), "--changed-since", "tidak-ada")
    assert done.returncode == 2
    assert "ref git `tidak-ada` tidak dikenal" in done.stderr


def ci_project(tmp_path: Path, sop_text: str) -> Path:
    make_project(tmp_path, with_sample=False)
    write_catalog(tmp_path, {"dincon/_opd.yml": OPD_YAML, "dincon/satu.yml": sop_text})
    return tmp_path


def test_ci_stops_at_the_first_failing_step_and_publishes_nothing(tmp_path: Path) -> None:
    project = ci_project(tmp_path, SOP_YAML.replace("dasar_hukum:", "dasar_hukm:"))
    done = run(project, str(CI), "--format", "github")
    assert done.returncode == 1
    assert "== 1. Memeriksa berkas SOP ==" in done.stdout
    assert "GAGAL di langkah 1 (Memeriksa berkas SOP)" in done.stdout
    assert "::error file=sops/dincon/satu.yml,line=" in done.stdout
    assert "== 4." not in done.stdout
    assert not (project / "site").exists()


EDIT_LINK = 'href="https://github.com/contoh/katalog-sop/edit/main/sops/dincon/satu.yml"'


def test_ci_passes_and_builds_the_site(tmp_path: Path) -> None:
    project = ci_project(tmp_path, SOP_YAML)
    done = subprocess.run(
        [sys.executable, str(CI)],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
        # Even with the maintainers' view asked for around it, the published site is the public one.
        env={**os.environ, "KATALOG_SOP_PRATINJAU": "1"},
    )
    assert done.returncode == 0, done.stdout + done.stderr
    for step in ("1. Memeriksa berkas SOP", "2. Memeriksa skema", "3. Memeriksa .github/CODEOWNERS", "4. Menyusun"):
        assert step in done.stdout
    page = (project / "site" / "dincon" / "satu" / "index.html").read_text(encoding="utf-8")
    assert EDIT_LINK not in page and "github.com/contoh" not in page


def test_ci_pratinjau_builds_the_maintainers_view(tmp_path: Path) -> None:
    """What a pull request's preview artefact shows: the edit link to the SOP's YAML source."""
    project = ci_project(tmp_path, SOP_YAML)
    done = run(project, str(CI), "--pratinjau")
    assert done.returncode == 0, done.stdout + done.stderr
    assert EDIT_LINK in (project / "site" / "dincon" / "satu" / "index.html").read_text(encoding="utf-8")


def test_workflow_matches_the_published_schema() -> None:
    done = subprocess.run(
        [
            str(Path(sys.executable).parent / "check-jsonschema"),
            "--builtin-schema",
            "vendor.github-workflows",
            WORKFLOW,
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
