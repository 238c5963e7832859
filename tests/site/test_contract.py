"""Both writers of the publish contract, built in-process the way MkDocs tests itself: ``load_config`` then ``build``.

The MkDocs hook (a build, a failed build, a preview with a broken source and a clash) and the export (written
by ``export`` and built by plain MkDocs in the same process): the same pages, the same config patch, and after
every build ``config.site_dir`` names the published folder, as `mkdocs gh-deploy` reads it.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort

from katalog_sop.publish.export import ExportError, export
from katalog_sop.publish.publication import publish
from katalog_sop.settings import read_mkdocs_yml, read_settings
from katalog_sop.static import DIAGRAM_SCRIPT_URI, STYLESHEET_URI
from tests.conftest import OPD_YAML, SOP_YAML, make_project, write_catalog

SERVE_URL = "http://127.0.0.1:8000/"


@pytest.fixture(autouse=True)
def environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """The public view on a fixed day, whatever the shell running the tests says."""
    for key in os.environ:
        if key.startswith("KATALOG_SOP_"):
            monkeypatch.delenv(key)
    monkeypatch.setenv("KATALOG_SOP_TANGGAL", "2026-12-01")
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    project = make_project(tmp_path / "proyek", with_sample=False)
    write_catalog(project, {"dincon/_opd.yml": OPD_YAML, "dincon/satu.yml": SOP_YAML})
    return project


def mkdocs_build(config_file: Path, **options: object) -> MkDocsConfig:
    """`mkdocs build --strict`, in this process: the config, the startup and shutdown events around the build."""
    config = load_config(config_file=str(config_file), strict=True, **options)
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()
    return config


def failed_build(config_file: Path) -> MkDocsConfig:
    """`mkdocs build --strict` that must abort, in this process; its config, as MkDocs left it."""
    config = load_config(config_file=str(config_file), strict=True)
    config.plugins.on_startup(command="build", dirty=False)
    try:
        with pytest.raises(Abort):
            build(config)
    finally:
        config.plugins.on_shutdown()
    return config


def leftovers(project: Path) -> list[str]:
    return sorted(p.name for p in project.iterdir() if p.name.startswith(("site.baru-", "site.lama-")))


def test_the_hook_applies_the_config_patch_and_publishes_where_site_dir_says(project: Path) -> None:
    config = mkdocs_build(project / "mkdocs.yml")
    site = project / "site"
    assert Path(config.site_dir) == site  # not the staging folder: gh-deploy pushes what this names
    assert (site / "dincon" / "satu" / "index.html").is_file() and (site / "pagefind" / "pagefind.js").is_file()
    assert leftovers(project) == []
    # The config patch, as MkDocs holds it after the build.
    assert config.repo_url is None and config.edit_uri is None  # the public site
    assert config.extra["katalog_kaki"]["telepon_uri"] == "tel:0721480000"
    scripts = {str(script): script.defer for script in config.extra_javascript}
    assert scripts[DIAGRAM_SCRIPT_URI] is True and STYLESHEET_URI in config.extra_css
    assert config.nav[0] == {"Beranda": "index.md"}
    home = (site / "index.html").read_text(encoding="utf-8")
    assert 'href="https://github.com/contoh/katalog-sop"' not in home
    assert f'src="{DIAGRAM_SCRIPT_URI}" defer' in home and f'href="{STYLESHEET_URI}"' in home


def test_a_failed_build_leaves_site_dir_and_the_site_as_they_were(project: Path) -> None:
    mkdocs_build(project / "mkdocs.yml")
    before = (project / "site" / "dincon" / "satu" / "index.html").read_bytes()
    (project / "sops" / "dincon" / "dua.yml").write_text(SOP_YAML.replace("nama: Pelayanan", "nama: ["), "utf-8")
    config = failed_build(project / "mkdocs.yml")
    assert Path(config.site_dir) == project / "site"
    assert (project / "site" / "dincon" / "satu" / "index.html").read_bytes() == before
    assert leftovers(project) == []


def test_a_clash_stops_the_hook_build_and_the_export_with_the_same_rule(project: Path, tmp_path: Path) -> None:
    (project / "docs" / "dincon.md").write_text("# Halaman sendiri\n", encoding="utf-8")  # becomes dincon/
    failed_build(project / "mkdocs.yml")
    assert not (project / "site").exists() and leftovers(project) == []
    settings = read_settings(read_mkdocs_yml(project / "mkdocs.yml"), project / "mkdocs.yml")
    with pytest.raises(ExportError) as caught:
        export(publish(settings), read_mkdocs_yml(project / "mkdocs.yml"), tmp_path / "ekspor")
    assert str(caught.value).startswith("docs/dincon.md bentrok dengan halaman OPD yang dibuat dari")
    assert "`/dincon/` (`dincon/index.html`)" in str(caught.value)


def test_the_export_built_by_plain_mkdocs_gives_the_hooks_pages_and_config(project: Path, tmp_path: Path) -> None:
    hooked = mkdocs_build(project / "mkdocs.yml")
    config_file = project / "mkdocs.yml"
    raw = read_mkdocs_yml(config_file)
    out = tmp_path / "ekspor"
    summary = export(publish(read_settings(raw, config_file)), raw, out)
    assert summary.pages >= 8
    exported = mkdocs_build(out / "mkdocs.yml")
    assert not exported.hooks and Path(exported.site_dir) == out / "site"
    assert exported.repo_url is None and exported.extra["katalog_kaki"] == hooked.extra["katalog_kaki"]
    assert [str(s) for s in exported.extra_javascript] == [str(s) for s in hooked.extra_javascript]
    deferred = [getattr(s, "defer", False) for s in hooked.extra_javascript]
    assert [getattr(s, "defer", False) for s in exported.extra_javascript] == deferred and True in deferred
    assert list(exported.extra_css) == list(hooked.extra_css)
    assert exported.nav == hooked.nav

    def pages(site: Path) -> dict[str, bytes]:
        return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*.html")}

    mine, theirs = pages(project / "site"), pages(out / "site")
    assert sorted(mine) == sorted(theirs) and "dincon/satu/index.html" in mine
    assert [name for name in mine if mine[name] != theirs[name]] == []


def test_a_preview_keeps_the_last_good_site_and_lists_a_clash_on_the_problem_page(
    project: Path, tmp_path: Path
) -> None:
    """`mkdocs serve`: one startup, then a config loaded and a build for every change, as MkDocs' server does."""
    site_dir = tmp_path / "pratinjau"
    config_file = str(project / "mkdocs.yml")
    first = load_config(config_file=config_file, site_dir=str(site_dir))
    first.plugins.on_startup(command="serve", dirty=False)
    try:
        build(first, serve_url=SERVE_URL)
        sop_page = site_dir / "dincon" / "satu" / "index.html"
        assert "katalog-galat-banner" not in sop_page.read_text(encoding="utf-8")
        assert Path(first.site_dir) == site_dir and first.repo_url  # the maintainers' view keeps the repo link

        source = project / "sops" / "dincon" / "satu.yml"
        source.write_text(SOP_YAML.replace("nama: Pelayanan Contoh", "nama: ["), encoding="utf-8")
        build(load_config(config_file=config_file, site_dir=str(site_dir)), serve_url=SERVE_URL)
        page = sop_page.read_text(encoding="utf-8")
        assert "katalog-galat-banner" in page and 'href="../../galat/"' in page and "Pelayanan Contoh" in page
        problems = (site_dir / "galat" / "index.html").read_text(encoding="utf-8")
        assert "sops/dincon/satu.yml" in problems and "katalog-galat-banner" not in problems

        source.write_text(SOP_YAML, encoding="utf-8")
        (project / "docs" / "dincon.md").write_text("# Halaman sendiri\n", encoding="utf-8")
        build(load_config(config_file=config_file, site_dir=str(site_dir)), serve_url=SERVE_URL)
        opd_page = (site_dir / "dincon" / "index.html").read_text(encoding="utf-8")
        assert "Halaman sendiri" not in opd_page and "Dinas Contoh" in opd_page  # the generated page wins
        assert "katalog-galat-banner" in opd_page
        problems = (site_dir / "galat" / "index.html").read_text(encoding="utf-8")
        assert "docs/dincon.md" in problems and "bentrok dengan halaman OPD" in problems
    finally:
        first.plugins.on_shutdown()
