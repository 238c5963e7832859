"""`mkdocs gh-deploy`, how most MkDocs users publish, with the atomic publish in between.

A real project in a real git repository, pushed to a local bare repository as its `origin`: the
gh-pages branch must hold the published site (and MkDocs must find it where config.site_dir says).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import OPD_YAML, SOP_YAML, make_project, write_catalog


def git(cwd: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True)
    return done.stdout


def test_gh_deploy_pushes_the_published_site(tmp_path: Path) -> None:
    remote = tmp_path / "remote.git"
    git(tmp_path, "init", "-q", "--bare", str(remote))
    project = make_project(tmp_path / "proyek", with_sample=False)
    write_catalog(project, {"dincon/_opd.yml": OPD_YAML, "dincon/satu.yml": SOP_YAML})
    git(project, "init", "-q", "-b", "main")
    git(project, "-c", "user.name=Uji", "-c", "user.email=uji@contoh.go.id", "add", ".")
    git(project, "-c", "user.name=Uji", "-c", "user.email=uji@contoh.go.id", "commit", "-q", "-m", "katalog")
    git(project, "remote", "add", "origin", str(remote))
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("KATALOG_SOP_")},
        "NO_MKDOCS_2_WARNING": "1",
        "GIT_AUTHOR_NAME": "Uji",
        "GIT_AUTHOR_EMAIL": "uji@contoh.go.id",
        "GIT_COMMITTER_NAME": "Uji",
        "GIT_COMMITTER_EMAIL": "uji@contoh.go.id",
    }
    deployed = subprocess.run(
        [sys.executable, "-m", "mkdocs", "gh-deploy", "--strict", "--force", "--no-history"],
        cwd=project,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert deployed.returncode == 0, deployed.stdout + deployed.stderr
    files = set(git(remote, "ls-tree", "-r", "--name-only", "gh-pages").split())
    assert {"index.html", "dincon/index.html", "dincon/satu/index.html", "pagefind/pagefind.js"} <= files
    assert ".nojekyll" in files
    page = git(remote, "show", "gh-pages:dincon/satu/index.html")
    assert "Pelayanan Contoh" in page
    assert (project / "site" / "dincon" / "satu" / "index.html").is_file()
    assert not [p.name for p in project.iterdir() if p.name.startswith(("site.baru-", "site.lama-"))]
