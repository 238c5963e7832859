"""The engine-free contract both writers apply: the clash rule, the config patch, the nav and the preview's state.

In-process and without any engine: a hand-made ``Publication`` (or the catalogue read from a few sources)
and the functions of katalog_sop.publish that the MkDocs hook and the export call.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from katalog_sop.problems import CatalogError, Problem
from katalog_sop.publish.clashes import GeneratedTwiceError, find_clashes
from katalog_sop.publish.config_patch import FOOTER_KEY, MAINTAINER_KEYS, config_patch
from katalog_sop.publish.publication import NavItem, Publication, SiteFile, read_catalog
from katalog_sop.publish.serve_state import ServeState
from katalog_sop.settings import Settings, read_settings
from katalog_sop.site.page import GeneratedPage
from katalog_sop.static import PAGE_SCRIPTS, PAGE_STYLESHEETS
from katalog_sop.urls import ERROR_PAGE_URI, SiteUrls
from tests.conftest import OPD_YAML, SOP_YAML, write_catalog

CONFIG = {
    "site_name": "Katalog Uji",
    "extra": {"katalog": {"sumber": "sops", "instansi": "Pemerintah Kota Uji", "kontak": {"telepon": "(0721) 480000"}}},
}


def settings_of(tmp_path: Path, *, directory_urls: bool = True, maintainers: bool = False) -> Settings:
    (tmp_path / "docs").mkdir(exist_ok=True)
    config = {**CONFIG, "use_directory_urls": directory_urls}
    environ = {"KATALOG_SOP_PRATINJAU": "1" if maintainers else "0", "KATALOG_SOP_TANGGAL": "2026-12-01"}
    return read_settings(config, tmp_path / "mkdocs.yml", environ=environ)


def publication_of(settings: Settings, *pages: GeneratedPage, files: tuple[SiteFile, ...] = ()) -> Publication:
    return Publication(settings=settings, catalog=None, pages=pages, files=files, nav=())


def page(uri: str, source: Path | None = None) -> GeneratedPage:
    return GeneratedPage(uri, "Judul", "", "<p>isi</p>", source=source, headings=())


# -- the clash rule -------------------------------------------------------------------------------------------


def test_a_docs_file_at_a_generated_page_source_path_clashes(tmp_path: Path) -> None:
    settings = settings_of(tmp_path)
    sop = page("dincon/satu.md", source=tmp_path / "sops" / "dincon" / "satu.yml")
    [clash] = find_clashes(publication_of(settings, sop), {"dincon/satu.md": "dincon/satu/index.html"})
    assert (clash.own_uri, clash.own, clash.address, clash.output) == (
        "dincon/satu.md",
        "docs/dincon/satu.md",
        "/dincon/satu/",
        "dincon/satu/index.html",
    )
    assert "halaman SOP yang dibuat dari `sops/dincon/satu.yml`" in clash.what
    assert str(clash.problem).startswith("docs/dincon/satu.md:1:1: bentrok dengan halaman SOP")
    assert str(clash).startswith("docs/dincon/satu.md bentrok dengan halaman SOP")
    assert "Ganti nama atau pindahkan `docs/dincon/satu.md`" in clash.message


def test_a_docs_file_at_a_generated_page_address_clashes_only_where_the_engine_writes_both(tmp_path: Path) -> None:
    opd = page("dincon/index.md", source=tmp_path / "sops" / "dincon" / "_opd.yml")
    own = {"dincon.md": SiteUrls(True).page_file("dincon.md")}  # dincon/index.html
    [clash] = find_clashes(publication_of(settings_of(tmp_path), opd), own)
    assert clash.own == "docs/dincon.md" and clash.output == "dincon/index.html" and "halaman OPD" in clash.what
    # Without directory URLs the two are dincon.html and dincon/index.html: no clash.
    flat = settings_of(tmp_path, directory_urls=False)
    assert find_clashes(publication_of(flat, opd), {"dincon.md": SiteUrls(False).page_file("dincon.md")}) == []


def test_a_docs_file_at_a_generated_file_and_the_home_page_clash_once_each(tmp_path: Path) -> None:
    css = SiteFile("assets/stylesheets/katalog.css", content="a{}", what="berkas `assets/stylesheets/katalog.css`")
    home = page("index.md")
    publication = publication_of(settings_of(tmp_path), home, page("cari/index.md"), files=(css,))
    own = {"index.md": "index.html", "assets/stylesheets/katalog.css": "assets/stylesheets/katalog.css"}
    clashes = find_clashes(publication, own)
    assert [(c.own_uri, c.address) for c in clashes] == [("index.md", "/"), (css.uri, "/" + css.uri)]
    assert "halaman Beranda yang dibuat otomatis" in clashes[0].what
    assert find_clashes(publication, {"tentang.md": "tentang/index.html"}) == []


def test_two_generated_items_in_one_place_name_both(tmp_path: Path) -> None:
    one = page("dincon/satu.md", source=tmp_path / "sops" / "dincon" / "satu.yml")
    alias = page("dincon/satu/index.md")  # an old address written where the SOP page already is
    with pytest.raises(GeneratedTwiceError) as caught:
        find_clashes(publication_of(settings_of(tmp_path), one, alias), {})
    assert "sops/dincon/satu.yml" in str(caught.value) and "`dincon/satu/index.html`" in str(caught.value)


# -- the config patch and the nav -----------------------------------------------------------------------------


def test_the_public_site_drops_the_maintainers_links_and_gets_scripts_styles_and_footer(tmp_path: Path) -> None:
    public = config_patch(settings_of(tmp_path))
    assert public.removed == MAINTAINER_KEYS == ("repo_url", "repo_name", "edit_uri", "edit_uri_template")
    assert config_patch(settings_of(tmp_path, maintainers=True)).removed == ()
    assert public.extra == {FOOTER_KEY: settings_of(tmp_path).footer}
    assert public.extra[FOOTER_KEY]["telepon_uri"] == "tel:0721480000"
    assert public.scripts_to_add([]) == list(PAGE_SCRIPTS)
    first, *rest = PAGE_SCRIPTS
    assert public.scripts_to_add(["x.js", first[0]]) == rest  # a script the project lists is not added twice
    assert public.stylesheets_to_add([]) == list(PAGE_STYLESHEETS)
    assert public.stylesheets_to_add(PAGE_STYLESHEETS) == []


def test_the_nav_is_the_projects_own_or_the_generated_entries_then_the_hand_written_pages(tmp_path: Path) -> None:
    settings = settings_of(tmp_path)
    sources = write_catalog(tmp_path, {"dincon/_opd.yml": OPD_YAML, "dincon/satu.yml": SOP_YAML})
    assert sources == settings.sources
    catalog = read_catalog(settings).catalog
    nav = (NavItem("Beranda", "index.md"), NavItem("", "x/index.md"))
    shown = Publication(settings=settings, catalog=catalog, pages=(), files=(), nav=nav)
    assert shown.nav_config(["b.md", "a.md"]) == [{"Beranda": "index.md"}, "x/index.md", "a.md", "b.md"]
    assert shown.nav_config(["a.md"], configured=["a.md"]) == ["a.md"]
    problems_only = Publication(settings=settings, catalog=None, pages=(), files=(), nav=nav)
    assert problems_only.nav_config([], configured=["a.md"]) == [{"Beranda": "index.md"}, "x/index.md"]


# -- the preview's state --------------------------------------------------------------------------------------


def test_a_build_stops_at_a_broken_source_and_a_preview_keeps_the_last_good_catalogue(tmp_path: Path) -> None:
    settings = settings_of(tmp_path)
    write_catalog(tmp_path, {"dincon/_opd.yml": OPD_YAML, "dincon/satu.yml": SOP_YAML})
    preview = ServeState(serving=True)
    good = preview.read(settings)
    assert good is not None and preview.problems == [] and preview.last_good is good
    write_catalog(tmp_path, {"dincon/satu.yml": SOP_YAML.replace("nama: Pelayanan Contoh", "nama: [")})
    assert preview.read(settings) is good
    assert preview.problems and all(isinstance(p, Problem) for p in preview.problems)
    assert "pratinjau menampilkan situs terakhir yang berhasil (halaman galat/)" in preview.notice(SiteUrls(True))
    with pytest.raises(CatalogError):
        ServeState(serving=False).read(settings)
    fresh = ServeState(serving=True)
    assert fresh.read(settings) is None and fresh.problems
    assert "hanya daftar masalah" in fresh.notice(SiteUrls(False))
    assert "(halaman galat/index.html)" in fresh.notice(SiteUrls(False))


def test_the_banner_is_on_every_page_of_the_last_good_site_but_the_problem_page(tmp_path: Path) -> None:
    settings = settings_of(tmp_path)
    write_catalog(tmp_path, {"dincon/_opd.yml": OPD_YAML, "dincon/satu.yml": SOP_YAML})
    catalog = read_catalog(settings).catalog
    shown = Publication(settings=settings, catalog=catalog, pages=(), files=(), nav=())
    state = ServeState(serving=True)
    assert state.banner(shown, "dincon/satu.md", lambda: "../../galat/") == ""  # nothing is broken
    state.problems = ["satu", "dua"]
    banner = state.banner(shown, "dincon/satu.md", lambda: "../../galat/")
    assert 'href="../../galat/"' in banner and "2" in banner
    assert state.banner(shown, ERROR_PAGE_URI, lambda: "./") == ""
    alone = Publication(settings=settings, catalog=None, pages=(), files=(), nav=())
    assert state.banner(alone, "index.md", lambda: "galat/") == ""  # the problem page alone needs no banner


def test_a_clash_in_a_preview_joins_the_problem_page(tmp_path: Path) -> None:
    settings = settings_of(tmp_path)
    opd = page("dincon/index.md", source=tmp_path / "sops" / "dincon" / "_opd.yml")
    clashes = find_clashes(publication_of(settings, opd), {"dincon.md": "dincon/index.html"})
    state = ServeState(serving=True, problems=["sumber rusak"])
    problem_page = state.with_clashes(clashes)
    assert problem_page.src_uri == ERROR_PAGE_URI and problem_page.headings == ()
    assert state.problems == ["sumber rusak", clashes[0].problem]
    assert "docs/dincon.md" in problem_page.body and "sumber rusak" in problem_page.body


def test_a_failed_rebuild_writes_the_problem_page_and_the_404_page(tmp_path: Path) -> None:
    state = ServeState(serving=True, problems=["sumber rusak"])
    pages = state.failed_rebuild([], RuntimeError("tema hilang"), SiteUrls(True))
    assert sorted(pages) == ["404.html", "galat/index.html"]
    assert "sumber rusak" in pages["404.html"] and "Penyusunan situs gagal (tema hilang)" in pages["404.html"]
    logged = state.failed_rebuild(["halaman docs rusak"], RuntimeError("x"), SiteUrls(False))
    assert "halaman docs rusak" in logged["galat/index.html"] and "sumber rusak" not in logged["galat/index.html"]
