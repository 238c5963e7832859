"""The built-in pages are named once (katalog_sop.urls.BUILT_IN_PAGES): the nav, the clash messages and the
rendered pages' title and <h1> all read that table, so they cannot disagree again."""

from __future__ import annotations

import html
from pathlib import Path

import pytest

from katalog_sop import build_catalog
from katalog_sop.catalog.model import Catalog
from katalog_sop.publish.publication import Publication, navigation
from katalog_sop.settings import read_settings
from katalog_sop.site import galat
from katalog_sop.site.page import GeneratedPage
from katalog_sop.site.render import Renderer
from katalog_sop.urls import BUILT_IN_PAGES, ERROR_PAGE_URI, GUIDE_URI, HOME_URI, OPD_LIST_URI, built_in
from tests.conftest import REPO, site_settings


@pytest.fixture(scope="module")
def sample() -> Catalog:
    return build_catalog(REPO / "sops", REPO).catalog


@pytest.fixture(scope="module")
def rendered(sample: Catalog) -> dict[str, GeneratedPage]:
    pages = Renderer(sample, site_settings(site_name="Katalog Uji")).other_pages()
    return {page.src_uri: page for page in pages if built_in(page.src_uri)}


def test_the_table_names_each_page_once_with_title_case_labels() -> None:
    uris = [page.uri for page in BUILT_IN_PAGES]
    assert len(uris) == len(set(uris))
    for page in BUILT_IN_PAGES:
        for label in filter(None, (page.title, page.nav)):
            words = [w for w in label.split() if w not in {"di", "dan", "ke", "dari"}]
            assert all(w[0].isupper() for w in words), f"{label!r} is not in title case"


def test_the_nav_lists_the_table_labels_in_the_table_order(sample: Catalog) -> None:
    nav = navigation(sample)
    assert [(item.title, item.uri or item.children[0].uri) for item in nav] == [
        (html.escape(page.nav, quote=False), page.uri) for page in BUILT_IN_PAGES if page.nav is not None
    ]
    [section] = [item for item in nav if item.children]
    assert section.children[0].uri == OPD_LIST_URI and section.children[0].title == ""


def test_every_rendered_built_in_page_takes_its_title_and_h1_from_the_table(
    rendered: dict[str, GeneratedPage],
) -> None:
    expected = {page.uri for page in BUILT_IN_PAGES} - {ERROR_PAGE_URI}  # the error page is checked below
    assert set(rendered) == expected
    for uri, page in rendered.items():
        title = built_in(uri).title or "Katalog Uji"  # type: ignore[union-attr]
        assert page.title == html.escape(title), uri
        if uri != GUIDE_URI:  # the guide is Markdown: the engine writes its <h1> from the title
            assert f"<h1>{html.escape(title, quote=False)}</h1>" in page.body, uri
    problem = galat.problem_page(["x"], state="none", src_uri=ERROR_PAGE_URI)
    assert problem.title == html.escape(built_in(ERROR_PAGE_URI).title)  # type: ignore[union-attr]
    assert f"<h1>{built_in(ERROR_PAGE_URI).title}</h1>" in problem.body  # type: ignore[union-attr]


def test_a_clash_names_the_built_in_page_by_its_table_name(tmp_path: Path, rendered: dict[str, GeneratedPage]) -> None:
    (tmp_path / "docs").mkdir()
    settings = read_settings({"site_name": "Katalog Uji"}, tmp_path / "mkdocs.yml", environ={})
    publication = Publication(settings=settings, catalog=None, pages=tuple(rendered.values()), files=(), nav=())
    for uri, page in rendered.items():
        name = built_in(uri).name  # type: ignore[union-attr]
        assert publication.what(page) == f"halaman {name} yang dibuat otomatis oleh Katalog SOP"
    assert built_in(HOME_URI).name == "Beranda"  # type: ignore[union-attr]
