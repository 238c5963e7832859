"""Two more engines for the day MkDocs or Material is no longer maintained (issue 22).

ProperDocs (a maintained MkDocs 1.6 fork, pinned in requirements-dev.txt) runs the same mkdocs.yml, hook
included. Zensical (pinned in requirements-zensical.txt, in a venv of its own: tests/site/zensical_venv.py)
has no hooks, so it builds the export of scripts/export_markdown.py. Zensical says "No issues found" even
when it drops things, so its tests read the site it wrote, against the one the hook writes.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from katalog_sop import build_catalog
from tests.conftest import REPO, SiteBuild, build_site, make_project, serve
from tests.site import zensical_venv
from tests.site.test_export import ENV, run

EXPORT = REPO / "scripts" / "export_markdown.py"
SEARCH_INDEX = REPO / "scripts" / "search_index.py"
# A fixed date: the hook's site and the engines' are built apart and compared byte for byte.
GENERATOR = re.compile(rb'<meta name="generator" content="([^"]*)">')
PUBLISHED = [s for s in build_catalog(REPO / "sops", REPO).catalog.sops if s.status != "draf"]
_ARTICLE = re.compile(r'<article class="md-content__inner md-typeset">(.*?)</article>', re.S)
_STEP = re.compile(
    r'<tr id="langkah-(\d+)"[^>]*>\s*<td class="sop-no">.*?</td>\s*<td class="sop-uraian">(.*?)</td>', re.S
)


def files(site: Path, skip: tuple[str, ...] = ()) -> dict[str, bytes]:
    return {
        p.relative_to(site).as_posix(): p.read_bytes()
        for p in site.rglob("*")
        if p.is_file() and p.relative_to(site).parts[0] not in skip
    }


def html_pages(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))


@pytest.fixture(scope="module")
def hooked(tmp_path_factory: pytest.TempPathFactory) -> SiteBuild:
    """The sample built by `mkdocs build --strict` and the hook: what every engine is held to."""
    built = build_site(tmp_path_factory.mktemp("hook"), env=ENV)
    assert built.returncode == 0, built.output
    return built


# ProperDocs ---------------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def properdocs_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The same project, the same mkdocs.yml with its hook, built by `properdocs build --strict`."""
    project = make_project(tmp_path_factory.mktemp("properdocs"))
    built = run(sys.executable, "-m", "properdocs", "build", "--strict", cwd=project)
    assert built.returncode == 0, built.stdout + built.stderr
    assert "Katalog SOP: 5 OPD" in built.stderr  # the hook ran
    return project / "site"


def test_properdocs_builds_the_same_site_as_mkdocs(hooked: SiteBuild, properdocs_site: Path) -> None:
    """Every file, the search index included, byte for byte; only the generator meta tag of the HTML differs."""
    mine, theirs = files(hooked.site), files(properdocs_site)
    assert sorted(theirs) == sorted(mine)
    pages = [name for name in mine if name.endswith(".html")]
    # Every page the theme renders says who built it (the redirect pages of old addresses have no theme).
    assert [name for name in pages if GENERATOR.search(mine[name])] == [n for n in pages if GENERATOR.search(theirs[n])]
    assert {g for name in pages for g in GENERATOR.findall(mine[name])} == {b"mkdocs-1.6.1, mkdocs-material-9.8.1"}
    generators = {g for name in pages for g in GENERATOR.findall(theirs[name])}
    assert generators == {b"mkdocs-ProperDocs 1.6.7, mkdocs-material-9.8.1"}
    different = [name for name in mine if GENERATOR.sub(b"", mine[name]) != GENERATOR.sub(b"", theirs[name])]
    assert different == []
    assert len([name for name in pages if name.count("/") == 2]) >= len(PUBLISHED)
    assert (properdocs_site / "pagefind" / "pagefind.js").is_file()


# Zensical -----------------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def zensical_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample exported, built by `zensical build --strict` (pinned, own venv), then indexed by Pagefind."""
    venv = zensical_venv.ensure()
    project = make_project(tmp_path_factory.mktemp("sumber"))
    out = tmp_path_factory.mktemp("zensical") / "proyek"
    exported = run(sys.executable, EXPORT, out, cwd=project)
    assert exported.returncode == 0, exported.stdout + exported.stderr
    # The exported mkdocs.yml loads katalog_sop.publish.headings: the repository on the path, not installed there.
    built = run(venv / "bin" / "zensical", "build", "--strict", cwd=out, env={"PYTHONPATH": str(REPO)})
    assert built.returncode == 0, built.stdout + built.stderr
    indexed = run(sys.executable, SEARCH_INDEX, out / "site", cwd=out)
    assert indexed.returncode == 0, indexed.stdout + indexed.stderr
    return out / "site"


def test_zensical_writes_every_html_page_the_hook_makes(hooked: SiteBuild, zensical_site: Path) -> None:
    """Home, OPD list, OPD and SOP pages, the search, review, changes, data and format pages, redirects, 404."""
    assert html_pages(zensical_site) == html_pages(hooked.site)
    assert len(html_pages(zensical_site)) > len(PUBLISHED) + 5


def test_every_sop_page_keeps_its_bagian_flowchart_and_its_steps(hooked: SiteBuild, zensical_site: Path) -> None:
    for sop in PUBLISHED:
        page = f"{sop.opd_slug}/{sop.slug}/index.html"
        theirs = (zensical_site / page).read_text(encoding="utf-8")
        mine = (hooked.site / page).read_text(encoding="utf-8")
        assert theirs.count('<svg class="bagan"') == mine.count('<svg class="bagan"') >= 1, page
        steps = _STEP.findall(theirs)
        assert [int(number) for number, _ in steps] == list(range(1, len(sop.kegiatan) + 1)), page
        assert steps == _STEP.findall(mine), page


def test_zensical_keeps_the_open_data_byte_for_byte(hooked: SiteBuild, zensical_site: Path) -> None:
    """data/ (JSON, CSV, schema), each SOP's JSON and the changes feed."""
    mine, theirs = files(hooked.site), files(zensical_site)
    data = [n for n in mine if n.startswith("data/") or n.endswith(".json") or n == "perubahan.xml"]
    data = [n for n in data if not n.startswith(("pagefind/", "assets/"))]
    assert len(data) >= len(PUBLISHED) + 3
    assert [n for n in data if theirs.get(n) != mine[n]] == []


def test_what_zensical_writes_differently_outside_the_pages(hooked: SiteBuild, zensical_site: Path) -> None:
    """Recorded, so that a new Zensical that changes them is seen: its own theme files under assets/, its own
    search.json (unused: the site searches with Pagefind), a sitemap without lastmod and no sitemap.xml.gz."""
    skip = ("assets", "pagefind")  # the index differs as the pages' theme does; search is tested below
    mine, theirs = files(hooked.site, skip=skip), files(zensical_site, skip=skip)
    assert sorted(set(theirs) - set(mine)) == ["search.json"]
    assert sorted(set(mine) - set(theirs)) == ["sitemap.xml.gz"]
    assert b"<lastmod>" in mine["sitemap.xml"] and b"<lastmod>" not in theirs["sitemap.xml"]
    loc = re.compile(rb"<loc>([^<]*)</loc>")
    assert sorted(loc.findall(theirs["sitemap.xml"])) == sorted(loc.findall(mine["sitemap.xml"]))
    own = ("images/", "logo-", "stylesheets/katalog", "javascripts/katalog", "javascripts/mermaid", "fonts/")
    for name, content in files(hooked.site / "assets").items():  # the site's own assets, not the theme's
        if name.startswith(own):
            assert (zensical_site / "assets" / name).read_bytes() == content, name


@pytest.fixture(scope="module")
def zensical_url(zensical_site: Path) -> Iterator[str]:
    server, base = serve(zensical_site)
    yield base
    server.shutdown()


def test_search_on_the_zensical_site_finds_the_akta_sop(browser: Browser, zensical_url: str) -> None:
    page = browser.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.on("response", lambda r: problems.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    page.goto(f"{zensical_url}/cari/?q=akta")
    # A function, not an expression: Playwright polls an expression with eval(), which the site's CSP forbids.
    page.wait_for_function("() => document.documentElement.dataset.cariSelesai")
    links = page.eval_on_selector_all("#cari-hasil > li .katalog-cari__judul", "links => links.map(a => a.href)")
    page.close()
    assert f"{zensical_url}/disdukcapil/penerbitan-akta-kelahiran/" in links
    assert problems == []


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.urls += [value for name, value in attrs if name in ("href", "src") and value]


def article_urls(site: Path, page: str) -> list[str]:
    """The href and src values in a page's article, in order (none on a redirect page, which has no article)."""
    match = _ARTICLE.search((site / page).read_text(encoding="utf-8"))
    parser = _Links()
    parser.feed(match[1] if match else "")
    return parser.urls


def test_zensical_keeps_every_link_of_every_page(hooked: SiteBuild, zensical_site: Path) -> None:
    """Zensical 0.0.73 reads a relative href or src in raw HTML against the Markdown file, not the page's
    address: written as disdukcapil/x.md, an SOP page's links got one ../ too many (its OPD link led home,
    its JSON and the SOPs of its OPD gave 404). The export writes SOP pages as disdukcapil/x/index.md (the
    same address for MkDocs), so every link of every page is the same as on the hook's site."""
    for page in html_pages(hooked.site):
        assert article_urls(zensical_site, page) == article_urls(hooked.site, page), page
