"""`.github/CODEOWNERS` written from `pemilik:` in `_opd.yml`, and the check that they agree."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.conftest import OPD_YAML, REPO, SOP_YAML, write_catalog

SCRIPT = REPO / "scripts" / "codeowners.py"


def run(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPT), *args], cwd=project, capture_output=True, text=True, check=False
    )


def project_with_owners(tmp_path: Path) -> Path:
    write_catalog(
        tmp_path,
        {
            "dinas-a/_opd.yml": OPD_YAML + 'pemilik: ["@contoh/tim-a", "@budi"]\n',
            "dinas-a/satu.yml": SOP_YAML,
            "dinas-b/_opd.yml": "nama: Dinas B\npemilik: '@contoh/tim-b'\n",
            "dinas-c/_opd.yml": "nama: Dinas C\n",
        },
    )
    return tmp_path


def test_repository_codeowners_agrees_with_the_sample() -> None:
    done = run(REPO, "--check")
    assert done.returncode == 0, done.stdout + done.stderr
    text = (REPO / ".github" / "CODEOWNERS").read_text(encoding="utf-8")
    assert "/sops/disdukcapil/ @contoh/tim-disdukcapil @contoh/bagian-organisasi" in text


def test_writes_one_line_per_owned_folder_and_names_the_unowned(tmp_path: Path) -> None:
    project = project_with_owners(tmp_path)
    done = run(project)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "sops/dinas-c" in done.stdout  # told which OPD has no reviewer
    lines = (project / ".github" / "CODEOWNERS").read_text(encoding="utf-8").splitlines()
    owned = [line.split() for line in lines if line.startswith("/")]
    assert owned == [["/sops/dinas-a/", "@contoh/tim-a", "@budi"], ["/sops/dinas-b/", "@contoh/tim-b"]]
    assert run(project, "--check").returncode == 0


def test_hand_written_part_is_kept_and_writing_twice_changes_nothing(tmp_path: Path) -> None:
    project = project_with_owners(tmp_path)
    run(project)
    path = project / ".github" / "CODEOWNERS"
    path.write_text("* @contoh/bagian-organisasi\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    run(project)
    first = path.read_text(encoding="utf-8")
    run(project)
    assert path.read_text(encoding="utf-8") == first
    assert first.startswith("* @contoh/bagian-organisasi\n")
    assert run(project, "--check").returncode == 0


def test_check_reports_each_disagreement_at_its_line(tmp_path: Path) -> None:
    project = project_with_owners(tmp_path)
    run(project)
    path = project / ".github" / "CODEOWNERS"
    lines = path.read_text(encoding="utf-8").splitlines()
    changed = lines.index(next(line for line in lines if line.startswith("/sops/dinas-b/"))) + 1
    text = path.read_text(encoding="utf-8").replace("@contoh/tim-b", "@contoh/tim-lama")
    path.write_text(text.replace("/sops/dinas-a/", "/sops/dinas-x/"), encoding="utf-8")
    done = run(project, "--check")
    assert done.returncode == 1
    out = done.stdout
    assert f".github/CODEOWNERS:{changed}:1: `/sops/dinas-b/` dimiliki @contoh/tim-lama" in out
    assert "`sops/dinas-b/_opd.yml` menulis `pemilik: @contoh/tim-b`" in out
    assert "`/sops/dinas-x/` bukan folder OPD dengan `pemilik:`" in out
    assert "`sops/dinas-a/_opd.yml` menulis `pemilik: @contoh/tim-a, @budi`, tetapi `/sops/dinas-a/` belum ada" in out
    assert out.count("jalankan `python scripts/codeowners.py`") == 3


def test_check_without_the_file_or_with_a_broken_opd(tmp_path: Path) -> None:
    project = project_with_owners(tmp_path)
    done = run(project, "--check")
    assert done.returncode == 1
    assert ".github/CODEOWNERS:1:1: berkas belum ada" in done.stdout
    (project / "sops" / "dinas-b" / "_opd.yml").write_text("nama: Dinas B\npemilik: budi@contoh.go.id\n")
    done = run(project, "--check")
    assert done.returncode == 1
    assert "sops/dinas-b/_opd.yml:2:10: `pemilik` tidak sesuai format" in done.stdout


def github_owners(codeowners: str, path: str) -> tuple[str, ...]:
    """The owners GitHub asks to review a change of ``path``: the last matching line wins. A pattern is
    matched as GitHub documents it: a leading `/` anchors it at the repository root, `*` does not cross
    a `/` (`/docs/*` owns docs/a.md, not docs/sub/a.md), and a trailing `/` owns everything below."""
    import re

    owners: tuple[str, ...] = ()
    for line in codeowners.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        pattern, *names = line.split()
        body = re.escape(pattern.strip("/")).replace(r"\*\*", ".*").replace(r"\*", "[^/]*")
        anchor = "" if pattern.startswith("/") or "/" in pattern.strip("/") else "(?:.*/)?"
        below = "/.+" if pattern.endswith("/") else ("" if "*" in pattern else "(?:/.+)?")
        if re.fullmatch(anchor + body + below, path):
            owners = tuple(names)
    return owners


def test_an_opd_s_owners_own_its_monitoring_files(tmp_path: Path) -> None:
    """`sops/<opd>/_monev/<periode>.yml` is reviewed by the OPD's owners: the generated `/sops/<opd>/`
    is a folder pattern, which owns everything below it, `_monev/` too."""
    text = (REPO / ".github" / "CODEOWNERS").read_text(encoding="utf-8")
    assert github_owners(text, "sops/disdukcapil/_monev/2026-1.yml") == (
        "@contoh/tim-disdukcapil",
        "@contoh/bagian-organisasi",
    )
    assert github_owners(text, "sops/dpmptsp/_monev/2025-2.yml") == ("@contoh/tim-dpmptsp",)
    project = project_with_owners(tmp_path)
    assert run(project).returncode == 0
    written = (project / ".github" / "CODEOWNERS").read_text(encoding="utf-8")
    assert github_owners(written, "sops/dinas-a/_monev/2026-1.yml") == ("@contoh/tim-a", "@budi")
    assert github_owners(written, "sops/dinas-a/satu.yml") == ("@contoh/tim-a", "@budi")
    assert github_owners(written, "sops/dinas-c/_monev/2026-1.yml") == ()
    # The matcher is GitHub's rule, not "starts with": a one-level pattern would not own `_monev/`.
    assert github_owners("/sops/dinas-a/* @x\n", "sops/dinas-a/_monev/2026-1.yml") == ()
    assert github_owners("/sops/dinas-a/* @x\n", "sops/dinas-a/satu.yml") == ("@x",)
