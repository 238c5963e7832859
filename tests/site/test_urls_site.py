"""Every address of the site comes from katalog_sop.urls, with and without MkDocs' directory URLs.

(SiteUrls itself is pinned in tests/unit/test_urls.py.) The crawl builds the sample site both ways with a real
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
    SEARCH_URI,
    SiteUrls,
)
from tests.conftest import SiteBuild, build_site, serve

DIRECTORY = SiteUrls(directory_urls=True)
FLAT = SiteUrls(directory_urls=False)
SOP = "disdukcapil/penerbitan-akta-kelahiran.md"
OPD = "disdukcapil/index.md"


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
