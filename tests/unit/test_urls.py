"""SiteUrls in both modes: every address of the site, with and without MkDocs' directory URLs."""

from __future__ import annotations

import posixpath

import pytest

from katalog_sop.urls import (
    DATA_PAGE_URI,
    GUIDE_URI,
    HOME_URI,
    RESERVED_NAMES,
    SEARCH_URI,
    SiteUrls,
    opd_uri,
    sop_json_uri,
    sop_pdf_uri,
    sop_uri,
)
from tests.conftest import REPO

DIRECTORY = SiteUrls(directory_urls=True)
FLAT = SiteUrls(directory_urls=False)
SOP = "disdukcapil/penerbitan-akta-kelahiran.md"
OPD = "disdukcapil/index.md"


# --- SiteUrls ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("src_uri", "directory", "flat"),
    [
        (HOME_URI, "", "index.html"),
        (OPD, "disdukcapil/", "disdukcapil/index.html"),
        (SOP, "disdukcapil/penerbitan-akta-kelahiran/", "disdukcapil/penerbitan-akta-kelahiran.html"),
        (SEARCH_URI, "cari/", "cari/index.html"),
        ("a/b/c.md", "a/b/c/", "a/b/c.html"),
    ],
)
def test_page_url(src_uri: str, directory: str, flat: str) -> None:
    assert DIRECTORY.page_url(src_uri) == directory
    assert FLAT.page_url(src_uri) == flat


@pytest.mark.parametrize(
    ("src_uri", "directory", "flat"),
    [
        (HOME_URI, "index.html", "index.html"),
        (OPD, "disdukcapil/index.html", "disdukcapil/index.html"),
        (SOP, "disdukcapil/penerbitan-akta-kelahiran/index.html", "disdukcapil/penerbitan-akta-kelahiran.html"),
    ],
)
def test_page_file(src_uri: str, directory: str, flat: str) -> None:
    assert DIRECTORY.page_file(src_uri) == directory
    assert FLAT.page_file(src_uri) == flat


@pytest.mark.parametrize(
    ("here", "there", "directory", "flat"),
    [
        (HOME_URI, HOME_URI, "./", "index.html"),
        (HOME_URI, OPD, "disdukcapil/", "disdukcapil/index.html"),
        (HOME_URI, SOP, "disdukcapil/penerbitan-akta-kelahiran/", "disdukcapil/penerbitan-akta-kelahiran.html"),
        (SOP, HOME_URI, "../../", "../index.html"),
        (SOP, OPD, "../", "index.html"),
        (OPD, SOP, "penerbitan-akta-kelahiran/", "penerbitan-akta-kelahiran.html"),
        (SOP, "dpmptsp/layanan-pengaduan.md", "../../dpmptsp/layanan-pengaduan/", "../dpmptsp/layanan-pengaduan.html"),
        (SEARCH_URI, HOME_URI, "../", "../index.html"),
        (SEARCH_URI, SEARCH_URI, "./", "index.html"),
        (SOP, SOP, "./", "penerbitan-akta-kelahiran.html"),
    ],
)
def test_link_between_pages(here: str, there: str, directory: str, flat: str) -> None:
    assert DIRECTORY.link(here, there) == directory
    assert FLAT.link(here, there) == flat
    for urls, link in ((DIRECTORY, directory), (FLAT, flat)):
        # Followed from the page's own file, the link lands on the other page's file.
        landed = posixpath.normpath(posixpath.join(posixpath.dirname(urls.page_file(here)), link))
        assert (landed + "/index.html" if link.endswith("/") else landed).removeprefix("./") == urls.page_file(there)


@pytest.mark.parametrize(
    ("here", "file", "directory", "flat"),
    [
        (HOME_URI, "perubahan.xml", "perubahan.xml", "perubahan.xml"),
        (
            SOP,
            "disdukcapil/penerbitan-akta-kelahiran.json",
            "../penerbitan-akta-kelahiran.json",
            "penerbitan-akta-kelahiran.json",
        ),
        (SEARCH_URI, "pagefind/pagefind.js", "../pagefind/pagefind.js", "../pagefind/pagefind.js"),
        (DATA_PAGE_URI, "data/sop.json", "../data/sop.json", "../data/sop.json"),
        (GUIDE_URI, "skema/sop.schema.json", "sop.schema.json", "sop.schema.json"),
    ],
)
def test_file_link(here: str, file: str, directory: str, flat: str) -> None:
    assert DIRECTORY.file_link(here, file) == directory
    assert FLAT.file_link(here, file) == flat


@pytest.mark.parametrize(
    ("here", "directory", "flat"), [(HOME_URI, "./", "./"), (SOP, "../../", "../"), (SEARCH_URI, "../", "../")]
)
def test_root_link_is_a_folder(here: str, directory: str, flat: str) -> None:
    assert DIRECTORY.root_link(here) == directory
    assert FLAT.root_link(here) == flat


def test_absolute_addresses_and_fixed_uris() -> None:
    base = "https://sop.contoh.go.id/"
    assert DIRECTORY.absolute(base, SOP) == base + "disdukcapil/penerbitan-akta-kelahiran/"
    assert FLAT.absolute(base, SOP) == base + "disdukcapil/penerbitan-akta-kelahiran.html"
    assert DIRECTORY.absolute(base, HOME_URI) == base
    assert FLAT.absolute(base, HOME_URI) == base + "index.html"
    assert {"cari", "data", "data-terbuka", "galat", "skema", "pagefind", "assets"} <= RESERVED_NAMES


def test_sop_and_opd_uris_sit_side_by_side() -> None:
    from katalog_sop import build_catalog

    catalog = build_catalog(REPO / "sops", REPO).catalog
    sop = next(s for s in catalog.sops if s.slug == "penerbitan-akta-kelahiran")
    opd = next(o for o in catalog.opds if o.slug == "disdukcapil")
    assert (sop_uri(sop), sop_pdf_uri(sop), sop_json_uri(sop)) == (
        SOP,
        "disdukcapil/penerbitan-akta-kelahiran.pdf",
        "disdukcapil/penerbitan-akta-kelahiran.json",
    )
    assert opd_uri(opd) == OPD


def test_pdfs_are_printed_from_the_pages_where_the_engine_wrote_them() -> None:
    from katalog_sop import build_catalog
    from katalog_sop.publish.pdf import pdf_pages

    sops = [s for s in build_catalog(REPO / "sops", REPO).catalog.sops if s.slug == "penerbitan-akta-kelahiran"]
    pdf = "disdukcapil/penerbitan-akta-kelahiran.pdf"
    assert pdf_pages(sops, DIRECTORY) == [("disdukcapil/penerbitan-akta-kelahiran/", pdf)]
    assert pdf_pages(sops, FLAT) == [("disdukcapil/penerbitan-akta-kelahiran.html", pdf)]
