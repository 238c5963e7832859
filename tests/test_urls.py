"""Every address of the site comes from katalog_sop.urls, with and without MkDocs' directory URLs.

The unit tests pin SiteUrls in both modes; the crawl builds the sample site both ways with a real
`mkdocs build --strict` and follows every local link of every HTML page, the search index's page
addresses and the feed's, to a file that exists (and, for a link into a page, to its id).
"""

from __future__ import annotations

import gzip
import json
import posixpath
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from playwright.sync_api import Browser

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
from tests.conftest import REPO, SiteBuild, build_site, serve

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


# --- The built site, crawled -------------------------------------------------------------------------------

SITE_URL = "https://sop.contoh.go.id/"  # mkdocs.yml: canonical links under it are followed too
IGNORED_SCHEMES = ("http:", "https:", "mailto:", "tel:", "data:")
# (tag, attribute) pairs that hold one address.
URL_ATTRIBUTES = {
    ("a", "href"),
    ("link", "href"),
    ("script", "src"),
    ("img", "src"),
    ("source", "src"),
    ("iframe", "src"),
    ("form", "action"),
    # Read by our scripts as addresses relative to the page (katalog-cari.js, katalog-diagram.js).
    ("div", "data-mermaid-src"),
    ("form", "data-pagefind-bundle"),
    ("form", "data-site-root"),
}


@dataclass
class _Page:
    ids: set[str] = field(default_factory=set)
    links: list[tuple[str, str]] = field(default_factory=list)  # (tag.attribute, address)


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = _Page()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if "id" in values:
            self.page.ids.add(values["id"])
        if tag == "a" and "name" in values:
            self.page.ids.add(values["name"])
        for name, value in values.items():
            if (tag, name) in URL_ATTRIBUTES:
                self.page.links.append((f"{tag}.{name}", value))
            if name == "srcset":
                self.page.links.extend((f"{tag}.srcset", part.split()[0]) for part in value.split(",") if part.strip())
        if tag == "meta" and values.get("http-equiv", "").lower() == "refresh":
            found = re.search(r"url=(.+)$", values.get("content", ""), re.IGNORECASE)
            assert found, values
            self.page.links.append(("meta.refresh", found[1].strip()))


def _parse(path: Path) -> _Page:
    collector = _Collector()
    collector.feed(path.read_text(encoding="utf-8"))
    collector.close()
    return collector.page


@dataclass
class Crawl:
    checked: int = 0
    broken: list[str] = field(default_factory=list)
    missing_ids: list[str] = field(default_factory=list)
    javascript: list[str] = field(default_factory=list)

    def report(self) -> str:
        return (
            f"{self.checked} local links checked; {len(self.broken)} broken, {len(self.missing_ids)} to a missing id, "
            f"{len(self.javascript)} javascript: links\n"
            + "\n".join([*self.broken, *self.missing_ids, *self.javascript][:60])
        )


def _target(site: Path, here: str, address: str) -> tuple[str, str] | None:
    """The file (relative to the site) an address on page ``here`` leads to, and its fragment;
    None for another host's address."""
    if address.startswith(SITE_URL):
        address = "/" + address.removeprefix(SITE_URL)
    elif address.lower().startswith(IGNORED_SCHEMES):
        return None
    parts = urlsplit(address)
    if parts.scheme or parts.netloc:
        return None
    path = unquote(parts.path)
    if not path:
        resolved = here
    elif path.startswith("/"):
        resolved = path.lstrip("/")
    else:
        resolved = posixpath.normpath(posixpath.join(posixpath.dirname(here), path))
        if path.endswith("/"):
            resolved += "/"
    if resolved in (".", "./", "/"):
        resolved = ""
    if resolved == "" or resolved.endswith("/") or (site / resolved).is_dir():
        resolved = posixpath.join(resolved, "index.html") if resolved else "index.html"
    return resolved.removeprefix("./"), parts.fragment


def crawl(site: Path) -> Crawl:
    pages = {path.relative_to(site).as_posix(): _parse(path) for path in sorted(site.rglob("*.html"))}
    result = Crawl()
    for here, page in pages.items():
        for where, address in page.links:
            if address.strip().lower().startswith("javascript:"):
                result.javascript.append(f"{here}: {where}={address}")
                continue
            target = _target(site, here, address)
            if target is None:
                continue
            result.checked += 1
            file, fragment = target
            if not (site / file).is_file():
                result.broken.append(f"{here}: {where}={address} -> {file}")
            elif fragment and file in pages and fragment not in pages[file].ids:
                result.missing_ids.append(f"{here}: {where}={address} -> {file} has no id {fragment!r}")
    return result


@pytest.fixture(scope="module", params=[True, False], ids=["directory-urls", "file-urls"])
def built(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[bool, SiteBuild]]:
    directory_urls: bool = request.param
    flag = "--use-directory-urls" if directory_urls else "--no-directory-urls"
    result = build_site(
        tmp_path_factory.mktemp("alamat"), extra_args=(flag,), env={"KATALOG_SOP_TANGGAL": "2026-12-01"}
    )
    assert result.returncode == 0, result.output
    yield directory_urls, result


def test_every_local_link_of_every_page_resolves(built: tuple[bool, SiteBuild]) -> None:
    directory_urls, result = built
    site = result.site
    urls = SiteUrls(directory_urls)
    assert (site / urls.page_file(SOP)).is_file()
    found = crawl(site)
    assert found.checked > 500 and not found.broken and not found.missing_ids and not found.javascript, found.report()
    # The old address of an SOP (alias) stays a folder in both modes, and sends the visitor to the SOP.
    redirects = [p for p in site.rglob("index.html") if 'http-equiv="refresh"' in p.read_text(encoding="utf-8")]
    assert redirects, "the sample has an alias"


def test_sop_pages_link_to_their_own_sections(built: tuple[bool, SiteBuild]) -> None:
    directory_urls, result = built
    page = _parse(result.site / SiteUrls(directory_urls).page_file(SOP))
    fragments = {address[1:] for _where, address in page.links if address.startswith("#")}
    assert {"bagian-identitas", "diagram-alir", "bagian-flowchart", "riwayat-perubahan"} <= fragments
    assert fragments <= page.ids


def test_feed_and_open_data_addresses_are_pages_of_the_site(built: tuple[bool, SiteBuild]) -> None:
    directory_urls, result = built
    site = result.site
    feed = ET.parse(site / "perubahan.xml").getroot()
    atom = "{http://www.w3.org/2005/Atom}"
    addresses = [link.get("href", "") for link in feed.iter(f"{atom}link")]
    catalogue = json.loads((site / "data/sop.json").read_text(encoding="utf-8"))
    addresses += [record["url"] for record in catalogue["sop"]]
    assert len(addresses) > 10
    for address in addresses:
        target = _target(site, "index.html", address)
        assert target is not None and (site / target[0]).is_file(), address
    expected = SITE_URL + SiteUrls(directory_urls).page_url(SOP)
    assert expected in addresses


def _pagefind_urls(site: Path) -> list[str]:
    """The page address of every entry of the Pagefind index (gzip files: a signature, then JSON)."""
    urls = []
    for fragment in sorted((site / "pagefind/fragment").glob("*.pf_fragment")):
        data = gzip.decompress(fragment.read_bytes())
        assert data.startswith(b"pagefind_dcd"), fragment
        urls.append(json.loads(data[len(b"pagefind_dcd") :])["url"])
    return urls


def test_search_index_entries_open_their_pages(built: tuple[bool, SiteBuild]) -> None:
    directory_urls, result = built
    site = result.site
    urls = _pagefind_urls(site)
    assert len(urls) > 10
    for url in urls:
        target = _target(site, "index.html", url)
        assert target is not None and (site / target[0]).is_file(), url
        assert url.endswith("/") == directory_urls, url
    assert "/" + SiteUrls(directory_urls).page_url(SOP) in urls


def test_search_page_finds_and_opens_an_sop(built: tuple[bool, SiteBuild], browser: Browser) -> None:
    """The header box, the search page and its first result, as a visitor uses them, in both modes."""
    directory_urls, result = built
    urls = SiteUrls(directory_urls)
    server, base = serve(result.site)
    page = browser.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    try:
        page.goto(f"{base}/{urls.page_url(SOP)}")
        page.fill("#katalog-cari-kepala", "akta kelahiran")
        page.press("#katalog-cari-kepala", "Enter")
        page.wait_for_url(re.compile(re.escape(f"{base}/{urls.page_url(SEARCH_URI)}") + r"\?q="))
        page.wait_for_function("() => document.documentElement.dataset.cariSelesai")
        page.locator("#cari-hasil > li a.katalog-cari__judul").first.click()
        page.wait_for_url(f"{base}/{urls.page_url(SOP)}")
        assert page.locator("h1.sop-judul").inner_text() == "Penerbitan Akta Kelahiran"
        # The lazy Diagram Alir loads the site's own Mermaid from the page's address.
        page.locator("details.sop-diagram-lipat > summary").click()
        page.wait_for_selector(".sop-diagram__gambar svg")
    finally:
        page.close()
        server.shutdown()
    assert problems == []


def test_pdfs_are_printed_from_the_pages_where_the_engine_wrote_them() -> None:
    from katalog_sop import build_catalog
    from katalog_sop.publish.pdf import pdf_pages

    sops = [s for s in build_catalog(REPO / "sops", REPO).catalog.sops if s.slug == "penerbitan-akta-kelahiran"]
    pdf = "disdukcapil/penerbitan-akta-kelahiran.pdf"
    assert pdf_pages(sops, DIRECTORY) == [("disdukcapil/penerbitan-akta-kelahiran/", pdf)]
    assert pdf_pages(sops, FLAT) == [("disdukcapil/penerbitan-akta-kelahiran.html", pdf)]
