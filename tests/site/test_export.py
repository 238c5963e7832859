"""The export is a whole project: plain `mkdocs build` (no hook) in it gives the same SOP pages as the hook."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import REPO, SiteBuild, build_site, make_project

EXPORT = REPO / "scripts" / "export_markdown.py"
SEARCH_INDEX = REPO / "scripts" / "search_index.py"
ENV = {"NO_MKDOCS_2_WARNING": "1", "KATALOG_SOP_TANGGAL": "2026-12-01", "KATALOG_SOP_PRATINJAU": "0"}
_TOC = re.compile(r'<nav class="md-nav md-nav--secondary"[^>]*>(.*?)</nav>', re.S)


def run(*args: str | Path, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    import os

    return subprocess.run(
        [str(arg) for arg in args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, **ENV, **(env or {})},
    )


@pytest.fixture(scope="module")
def both(tmp_path_factory: pytest.TempPathFactory) -> tuple[SiteBuild, Path]:
    """The sample built by the hook, and the same sample exported then built by plain MkDocs."""
    hooked = build_site(tmp_path_factory.mktemp("hook"), env=ENV)
    assert hooked.returncode == 0, hooked.output
    project = make_project(tmp_path_factory.mktemp("sumber"))
    out = tmp_path_factory.mktemp("ekspor") / "proyek"
    done = run(sys.executable, EXPORT, out, cwd=project)
    assert done.returncode == 0, done.stdout + done.stderr
    built = run(sys.executable, "-m", "mkdocs", "build", "--strict", cwd=out)
    assert built.returncode == 0, built.stdout + built.stderr
    return hooked, out


def test_the_export_has_no_hook_and_writes_the_config(both: tuple[SiteBuild, Path]) -> None:
    _hooked, out = both
    config = yaml.safe_load((out / "mkdocs.yml").read_text(encoding="utf-8"))
    assert "hooks" not in config
    assert config["docs_dir"] == "docs" and config["theme"]["custom_dir"] == "overrides"
    assert config["nav"][0] == {"Beranda": "index.md"}
    assert "repo_url" not in config and "edit_uri" not in config  # the public view
    assert config["extra"]["katalog_kaki"]["telepon_uri"] == "tel:0721480000"
    assert "katalog_sop.publish.headings" in config["markdown_extensions"]
    # SOP pages as <opd>/<slug>/index.md: the same address, and links read as written by every engine
    assert (out / "docs" / "disdukcapil" / "penerbitan-akta-kelahiran" / "index.md").is_file()
    assert (out / "docs" / "assets" / "javascripts" / "mermaid.min.js").is_file()
    assert (out / "docs" / "data" / "sop.json").is_file()


def test_plain_mkdocs_in_the_export_gives_the_same_site(both: tuple[SiteBuild, Path]) -> None:
    """Every file of the site, pages, sitemap, data and assets, byte for byte; only the search index is a step
    of its own (below)."""
    hooked, out = both

    def files(site: Path) -> dict[str, bytes]:
        return {
            p.relative_to(site).as_posix(): p.read_bytes()
            for p in site.rglob("*")
            if p.is_file() and p.relative_to(site).parts[0] != "pagefind"
        }

    mine, theirs = files(hooked.site), files(out / "site")
    assert sorted(mine) == sorted(theirs)
    different = [name for name in mine if mine[name] != theirs[name]]
    assert different == []
    sop_pages = [name for name in mine if name.count("/") == 2 and name.endswith("/index.html")]
    assert len(sop_pages) >= 15
    # The HTML pages keep their table of contents: the exported page says it through katalog_sop.publish.headings.
    page = mine["disdukcapil/penerbitan-akta-kelahiran/index.html"].decode()
    assert 'href="#bagian-flowchart"' in _TOC.search(page)[1]


def test_the_search_index_step_on_the_exported_site(both: tuple[SiteBuild, Path]) -> None:
    _hooked, out = both
    done = run(sys.executable, SEARCH_INDEX, out / "site", cwd=out)
    assert done.returncode == 0, done.stdout + done.stderr
    assert (out / "site" / "pagefind" / "pagefind.js").is_file()
    assert list((out / "site" / "pagefind").glob("pagefind-entry.json"))


def test_the_export_refuses_a_folder_that_is_not_empty(tmp_path: Path) -> None:
    project = make_project(tmp_path / "sumber")
    out = tmp_path / "isi"
    out.mkdir()
    (out / "lama.txt").write_text("x", encoding="utf-8")
    done = run(sys.executable, EXPORT, out, cwd=project)
    assert done.returncode == 1
    assert "tidak kosong" in done.stderr


def test_a_docs_page_at_a_generated_address_stops_the_export_and_writes_nothing(tmp_path: Path) -> None:
    project = make_project(tmp_path / "sumber")
    (project / "docs" / "disdukcapil.md").write_text("# Bentrok\n", encoding="utf-8")  # becomes disdukcapil/
    out = tmp_path / "keluar"
    done = run(sys.executable, EXPORT, out, cwd=project)
    assert done.returncode == 1
    assert "docs/disdukcapil.md bentrok dengan halaman OPD" in done.stderr
    assert "`disdukcapil/index.html`" in done.stderr
    assert not out.exists() and list(tmp_path.glob(".keluar*")) == []  # all or nothing
    (project / "docs" / "disdukcapil.md").unlink()
    assert run(sys.executable, EXPORT, out, cwd=project).returncode == 0
