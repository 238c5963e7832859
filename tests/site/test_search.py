"""Search on the built sample site, driven in a real headless Chromium.

The index is the one `mkdocs build` writes with Pagefind; the queries go
through the header box and the search page as a visitor's would.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from playwright.sync_api import Browser, Page

from katalog_sop import build_catalog
from katalog_sop.catalog.model import Sop
from tests.conftest import OPD_YAML, REPO, SOP_YAML, SiteBuild, build_catalog_site, serve

CATALOG = build_catalog(REPO / "sops", REPO).catalog
PUBLISHED = [s for s in CATALOG.sops if s.status != "draf"]
OPD_NAMES = {opd.slug: opd.nama for opd in CATALOG.opds}


def by_title(title: str) -> Sop:
    return next(s for s in CATALOG.sops if s.nama == title)


@pytest.fixture(scope="module")
def site_url(sample_site: SiteBuild) -> Iterator[str]:
    server, base = serve(sample_site.site)
    yield base
    server.shutdown()


@pytest.fixture
def phone(browser: Browser, site_url: str) -> Iterator[Page]:
    """A 360 px wide page that fails the test on any console error or request to another host."""
    page = browser.new_page(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.on("request", lambda r: problems.append(r.url) if not r.url.startswith(site_url) else None)
    yield page
    page.close()
    assert problems == []


def results(page: Page, base: str, query: str, **filters: str) -> list[dict[str, str]]:
    """Run a query on the search page; each result's title, facts line, status and link."""
    params = "&".join(f"{key}={quote(value)}" for key, value in {"q": query, **filters}.items())
    page.goto(f"{base}/cari/?{params}")
    # A function, not an expression: Playwright polls an expression with eval(), which the site's CSP forbids.
    page.wait_for_function("() => document.documentElement.dataset.cariSelesai")
    more = page.locator("#cari-lagi")
    while more.is_visible():
        shown = page.locator("#cari-hasil > li").count()
        more.click()
        page.wait_for_function(f"() => document.querySelectorAll('#cari-hasil > li').length > {shown}")
    return page.eval_on_selector_all(
        "#cari-hasil > li",
        """items => items.map(item => ({
            title: item.querySelector('.katalog-cari__judul').textContent,
            href: item.querySelector('.katalog-cari__judul').getAttribute('href'),
            facts: item.querySelector('.katalog-cari__fakta').textContent,
            revoked: item.classList.contains('katalog-cari__dicabut')
                && item.querySelector('.sop-label--dicabut') !== null,
        }))""",
    )


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("akta lahir", "Penerbitan Akta Kelahiran"),
        ("lahir", "Penerbitan Akta Kelahiran"),
        ("arsip", "Pengarsipan Dokumen Digital Berkas Kependudukan"),
        ("izin", "Penerbitan Perizinan Berusaha Berbasis Risiko"),
        ("layanan", "Pelayanan Informasi Perizinan"),
    ],
)
def test_indonesian_root_words_find_derived_words(phone: Page, site_url: str, query: str, expected: str) -> None:
    titles = [r["title"] for r in results(phone, site_url, query)]
    assert expected in titles, (query, titles)


def test_akta_lahir_ranks_the_birth_certificate_first(phone: Page, site_url: str) -> None:
    assert results(phone, site_url, "akta lahir")[0]["title"] == "Penerbitan Akta Kelahiran"


def page_text(site: Path, sop: Sop) -> str:
    raw = (site / sop.opd_slug / sop.slug / "index.html").read_text(encoding="utf-8")
    body = raw[raw.index("data-pagefind-body") : raw.index("</article>")]
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).lower().split())


def test_phrase_query_only_finds_pages_with_the_phrase(phone: Page, site_url: str, sample_site: SiteBuild) -> None:
    found = results(phone, site_url, '"surat masuk"')
    titles = [r["title"] for r in found]
    assert "Pengelolaan Surat Masuk" in titles
    for title in titles:
        assert "surat masuk" in page_text(sample_site.site, by_title(title)), title
    loose = [r["title"] for r in results(phone, site_url, "surat masuk")]
    assert set(titles) <= set(loose)


@pytest.mark.parametrize("sop", PUBLISHED, ids=lambda s: s.nomor)
def test_exact_nomor_finds_its_sop_first(phone: Page, site_url: str, sop: Sop) -> None:
    found = results(phone, site_url, sop.nomor)
    assert found, sop.nomor
    assert found[0]["title"] == sop.nama
    assert sop.nomor in found[0]["facts"]


def test_results_show_name_opd_and_nomor_and_open_the_sop(phone: Page, site_url: str) -> None:
    sop = by_title("Penerbitan Akta Kelahiran")
    first = results(phone, site_url, "akta kelahiran")[0]
    assert first["title"] == sop.nama
    assert sop.nomor in first["facts"] and OPD_NAMES[sop.opd_slug] in first["facts"]
    phone.click("#cari-hasil > li:first-child .katalog-cari__judul")
    phone.wait_for_load_state()
    assert phone.url == f"{site_url}/{sop.opd_slug}/{sop.slug}/"
    assert phone.locator("h1").inner_text() == sop.nama


def test_filters_by_opd_jenis_and_status(phone: Page, site_url: str) -> None:
    everything = results(phone, site_url, "pelayanan")
    disdukcapil = OPD_NAMES["disdukcapil"]
    by_opd = results(phone, site_url, "pelayanan", opd=disdukcapil)
    assert by_opd and len(by_opd) < len(everything)
    assert all(disdukcapil in r["facts"] for r in by_opd)
    technical = results(phone, site_url, "dokumen", jenis="teknis")
    assert technical and all(r["facts"].endswith("SOP teknis") for r in technical)
    assert {r["title"] for r in technical} == {s.nama for s in PUBLISHED if s.jenis == "teknis"} & {
        r["title"] for r in results(phone, site_url, "dokumen")
    }
    revoked = results(phone, site_url, "izin", status="dicabut")
    assert [r["title"] for r in revoked] == [s.nama for s in PUBLISHED if s.status == "dicabut"]
    assert all(r["revoked"] for r in revoked)
    # The filter controls are labelled form fields, reachable by their names.
    phone.get_by_label("Perangkat Daerah").select_option(label=disdukcapil)
    phone.wait_for_function("() => document.documentElement.dataset.cariSelesai")
    assert "opd=" in phone.url


def test_revoked_sops_are_marked_and_come_after_those_in_force(phone: Page, site_url: str) -> None:
    revoked_titles = {s.nama for s in PUBLISHED if s.status == "dicabut"}
    found = results(phone, site_url, "izin usaha")
    flags = [r["title"] in revoked_titles for r in found]
    assert any(flags) and not all(flags)
    assert flags == sorted(flags), "dicabut results must follow all results in force"
    assert all(r["revoked"] == (r["title"] in revoked_titles) for r in found)


def test_drafts_diagram_source_and_navigation_are_not_indexed(
    phone: Page, site_url: str, sample_site: SiteBuild
) -> None:
    draft = next(s for s in CATALOG.sops if s.status == "draf")
    assert draft.nama not in [r["title"] for r in results(phone, site_url, draft.nama)]
    # Words that only the Mermaid source or the theme's navigation and links carry.
    for query in ("subgraph", "nSelesai", "Lewati", "gelap", "Tautan permanen"):
        assert results(phone, site_url, query) == [], query
    indexed = phone.evaluate(
        """async () => {
            const pf = await import('/pagefind/pagefind.js');
            await pf.init();
            return (await pf.search(null, {filters: {}})).results.length;
        }"""
    )
    assert indexed == len(PUBLISHED)


def test_header_box_at_360px_with_keyboard_and_screen_reader_names(phone: Page, site_url: str) -> None:
    sop = by_title("Pengelolaan Surat Masuk")
    phone.goto(f"{site_url}/{sop.opd_slug}/{sop.slug}/")
    box = phone.get_by_role("search", name="Cari SOP").get_by_role("searchbox", name="Cari SOP")
    bounds = box.bounding_box()
    assert bounds is not None and bounds["width"] >= 90 and bounds["x"] + bounds["width"] <= 360
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    for _ in range(30):
        phone.keyboard.press("Tab")
        if phone.evaluate("document.activeElement.id") == "katalog-cari-kepala":
            break
    else:
        pytest.fail("the header search box is not reachable with Tab")
    phone.keyboard.type("akta lahir")
    phone.keyboard.press("Enter")
    phone.wait_for_url("**/cari/?q=akta+lahir")
    phone.wait_for_function("() => document.documentElement.dataset.cariSelesai")
    assert phone.get_by_role("status").inner_text() == "3 SOP ditemukan untuk “akta lahir”."
    assert phone.get_by_role("searchbox", name="Nama, kata, atau nomor SOP").input_value() == "akta lahir"
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360


def test_search_without_results_says_so(phone: Page, site_url: str) -> None:
    assert results(phone, site_url, "xylofonzzz") == []
    assert "Tidak ada SOP yang cocok" in phone.locator("#cari-status").inner_text()


def test_hostile_text_in_results_is_shown_literally(tmp_path: Path, browser: Browser) -> None:
    hostile = 'Layanan <img src=x onerror="window.__xss=1"> <script>window.__xss=2</script> & "q"'
    sop = SOP_YAML.replace("nama: Pelayanan Contoh", f"nama: '{hostile}'").replace(
        "uraian: Mengajukan permohonan", f"uraian: '{hostile}'"
    )
    built = build_catalog_site(tmp_path, {"dincon/_opd.yml": OPD_YAML, "dincon/a.yml": sop})
    server, base = serve(built.site)
    try:
        page = browser.new_page()
        found = results(page, base, "layanan")
        assert [r["title"] for r in found] == [hostile]
        assert page.evaluate("window.__xss === undefined")
        assert page.locator("#cari-hasil img, #cari-hasil script").count() == 0
        page.close()
    finally:
        server.shutdown()
