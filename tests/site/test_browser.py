"""The built sample site in a real headless Chromium, as people see it on a phone
and on a desktop: no errors, nothing fetched from another host, diagrams that
parse, render and stay readable, no sideways page scroll, no serious
accessibility violation (axe-core) in the light and dark palettes, and text
from YAML that never runs. Phone screenshots go to test-artifacts/."""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page

from katalog_sop import build_catalog, vendor
from tests.conftest import ARTIFACTS, AXE_CORE, OPD_YAML, REPO, SOP_YAML, SiteBuild, build_catalog_site, serve

CATALOG = build_catalog(REPO / "sops", REPO).published()
PAGES = [
    "",
    "cari/?q=izin",
    "perangkat-daerah/",
    "data-terbuka/",
    "perlu-ditinjau/",
    "perubahan-terbaru/",
    *[f"{o.slug}/" for o in CATALOG.opds],
    *[f"{s.opd_slug}/{s.slug}/" for s in CATALOG.sops],
]
SOP_PAGES = {f"{s.opd_slug}/{s.slug}/" for s in CATALOG.sops}
STEPS = {f"{s.opd_slug}/{s.slug}/": s.kegiatan for s in CATALOG.sops}
VIEWPORTS = {"ponsel": 360, "desktop": 1280}


def open_page(browser: Browser, base: str, path: str, width: int, scheme: str = "light") -> tuple[Page, dict]:
    """Open a page, open its Diagram Alir as a reader would and wait for the drawing, and collect
    what went wrong on the way. (Mermaid is fetched only then: tests/site/test_mermaid_lazy.py.)"""
    page = browser.new_page(viewport={"width": width, "height": 800}, color_scheme=scheme)
    seen: dict[str, Any] = {"errors": [], "foreign": []}
    page.on("console", lambda m: seen["errors"].append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: seen["errors"].append(str(e)))
    page.on("request", lambda r: seen["foreign"].append(r.url) if not r.url.startswith(base) else None)
    # sitemap.xml grows with the catalogue; no page may download it.
    page.on("request", lambda r: seen["errors"].append(f"fetched {r.url}") if r.url.endswith("sitemap.xml") else None)
    response = page.goto(f"{base}/{path}")
    page.wait_for_load_state("networkidle")
    if page.locator(".sop-diagram").count():
        open_diagram(page)
    seen["status"] = response.status if response else None
    seen["scroll_width"] = page.evaluate("document.documentElement.scrollWidth")
    return page, seen


def open_diagram(page: Page) -> None:
    """Open the closed Diagram Alir section and wait until Mermaid has drawn it."""
    page.locator(".sop-diagram-lipat > summary").click()
    page.wait_for_selector(".sop-diagram[data-digambar]", timeout=15_000)


def axe_violations(page: Page) -> list[str]:
    """Serious and critical axe-core violations on the page, one line each."""
    # Evaluated rather than added as a <script>: the site's Content-Security-Policy refuses inline scripts,
    # and code run through the DevTools protocol is not subject to it.
    page.evaluate(vendor.ensure(AXE_CORE).read_text(encoding="utf-8") + "\n;0")
    violations = page.evaluate(
        """async () => (await axe.run(document, {resultTypes: ['violations']})).violations
            .filter(v => ['serious', 'critical'].includes(v.impact))
            .map(v => v.id + ': ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | '))"""
    )
    return list(violations)


DIAGRAM_FACTS = """() => {
    const box = document.querySelector('.sop-diagram');
    const svg = box.querySelector('svg');
    const label = svg.querySelector('.nodeLabel, .label text, text');
    const shown = svg.getBoundingClientRect();
    return {
        scale: shown.width / svg.viewBox.baseVal.width,
        height: shown.height,
        font: parseFloat(getComputedStyle(label).fontSize),
        boxScrolls: box.scrollWidth > box.clientWidth || box.scrollHeight > box.clientHeight,
        wider: shown.width > box.clientWidth,
        focusable: box.tabIndex === 0,
        overflow: getComputedStyle(box).overflowX,
        startVisible: (() => {
            const start = svg.querySelector('g.node[id*="-n1-"]').getBoundingClientRect();
            const frame = box.getBoundingClientRect();
            return start.left >= frame.left - 1 && start.left < frame.right && start.top >= frame.top - 1
                && start.top < frame.bottom;
        })(),
    };
}"""


def check_diagram_is_readable(page: Page, path: str) -> None:
    facts = page.evaluate(DIAGRAM_FACTS)
    assert facts["scale"] > 0.99, (path, facts)  # drawn at its natural size, never shrunk to the screen
    assert facts["font"] >= 12, (path, facts)
    assert facts["focusable"] and facts["overflow"] == "auto", (path, facts)
    assert page.locator(".sop-diagram__sumber").is_hidden(), path  # the drawing replaces the source text
    assert facts["startVisible"], (path, facts)  # step 1 is in view, not an empty corner of the drawing
    if facts["wider"]:
        assert facts["boxScrolls"], (path, facts)


def check_tables_scroll_in_their_box(page: Page, path: str) -> None:
    boxes = page.evaluate(
        """() => Array.from(document.querySelectorAll('.tabel-gulir')).map(box => ({
            overflow: getComputedStyle(box).overflowX,
            fits: box.getBoundingClientRect().right <= document.documentElement.clientWidth + 1,
            holds: box.scrollWidth >= box.querySelector('table').getBoundingClientRect().width - 1,
        }))"""
    )
    for box in boxes:
        assert box["overflow"] == "auto" and box["fits"] and box["holds"], (path, box)


def screenshot_name(path: str, scheme: str) -> str:
    stem = path.split("?")[0].strip("/").replace("/", "__") or "beranda"
    return f"{stem}-{scheme}.png"


@pytest.mark.parametrize("path", PAGES)
def test_every_sample_page_on_phone_and_desktop(sample_site: SiteBuild, browser: Browser, path: str) -> None:
    """One test per page, so that the pages of the sample are shared between the cores (pytest -n 2)."""
    server, base = serve(sample_site.site)
    shots = ARTIFACTS / "ponsel"
    shots.mkdir(parents=True, exist_ok=True)
    problems: list[str] = []
    try:
        for width in VIEWPORTS.values():
            page, seen = open_page(browser, base, path, width)
            assert seen["status"] == 200, path
            assert seen["errors"] == [], (path, seen["errors"])
            assert seen["foreign"] == [], (path, seen["foreign"])
            assert seen["scroll_width"] <= width, (path, width, seen["scroll_width"])
            check_tables_scroll_in_their_box(page, path)
            if path in SOP_PAGES:
                assert page.locator(".sop-diagram__gambar svg").count() == 1, path
                source = page.locator(".sop-diagram__sumber").text_content()
                assert page.evaluate("async (s) => (await mermaid.parse(s)) !== false", source), path
                steps = len(STEPS[path])
                assert page.locator(".sop-diagram svg g.node").count() >= min(steps, 2), path
                check_diagram_is_readable(page, path)
            problems += [f"{path} @{width} terang: {v}" for v in axe_violations(page)]
            if width == VIEWPORTS["ponsel"]:
                page.screenshot(path=shots / screenshot_name(path, "terang"), full_page=True)
            page.close()
        # The dark palette: contrast and everything else axe checks, on a phone.
        page, seen = open_page(browser, base, path, VIEWPORTS["ponsel"], scheme="dark")
        assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"
        assert seen["errors"] == [], (path, seen["errors"])
        problems += [f"{path} @360 gelap: {v}" for v in axe_violations(page)]
        page.screenshot(path=shots / screenshot_name(path, "gelap"), full_page=True)
        page.close()
    finally:
        server.shutdown()
    assert problems == []


def test_a_long_single_lane_diagram_stays_readable_on_a_phone(tmp_path: Path, browser: Browser) -> None:
    """40 steps, one pelaksana: scaled to a phone this was an 18 px strip."""
    steps = "".join(
        f"  - uraian: Langkah pemeriksaan nomor {n}\n    pelaksana: Petugas Loket\n    waktu: 5 menit\n"
        for n in range(1, 41)
    )
    sop = SOP_YAML[: SOP_YAML.index("pelaksana:\n")] + "pelaksana:\n  - Petugas Loket\nkegiatan:\n" + steps
    built = build_catalog_site(tmp_path, {"dincon/_opd.yml": OPD_YAML, "dincon/panjang.yml": sop})
    server, base = serve(built.site)
    try:
        page, seen = open_page(browser, base, "dincon/panjang/", 360)
        assert seen["errors"] == [] and seen["scroll_width"] <= 360
        check_diagram_is_readable(page, "panjang")
        facts = page.evaluate(DIAGRAM_FACTS)
        assert facts["height"] > 40 * 30, facts  # every step keeps a readable height
        assert facts["boxScrolls"], facts
        page.close()
    finally:
        server.shutdown()


def test_hostile_text_is_shown_literally_and_never_runs(tmp_path: Path, browser: Browser) -> None:
    hostile = '1. <script>window.__xss=1</script><img src=x onerror="window.__xss=2"> "q" & end; #x [a]'
    quoted = hostile.replace("'", "''")
    sop = (
        SOP_YAML.replace("nama: Pelayanan Contoh", f"nama: '{quoted}'")
        .replace("uraian: Mengajukan permohonan", f"uraian: '{quoted}'")
        .replace("pertanyaan: Berkas lengkap?", f"pertanyaan: '{quoted}'")
        .replace("  - Pemohon\n", f"  - '{quoted}'\n", 1)
        .replace("pelaksana: Pemohon\n", f"pelaksana: '{quoted}'\n")
    )
    built = build_catalog_site(tmp_path, {"dincon/_opd.yml": OPD_YAML, "dincon/a.yml": sop})
    server, base = serve(built.site)
    try:
        page, seen = open_page(browser, base, "dincon/a/", 360)
        assert seen["errors"] == []
        assert page.locator("h1.sop-judul").inner_text() == hostile
        assert page.locator(".sop-kegiatan tbody tr").first.locator("td").nth(1).inner_text() == hostile
        text = page.locator(".sop-diagram__gambar svg").text_content() or ""
        assert f"1. {hostile}" in text and "Unsupported markdown" not in text
        raw = (built.site / "dincon/a/index.html").read_text(encoding="utf-8")
        source = html.unescape(re.findall(r'<pre class="sop-diagram__sumber"><code>(.*?)</code>', raw, re.S)[0])
        assert page.evaluate("async (s) => (await mermaid.parse(s)) !== false", source)
        assert page.evaluate("window.__xss === undefined")
        page.close()
    finally:
        server.shutdown()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_diagram_follows_the_palette(sample_site: SiteBuild, browser: Browser, scheme: str) -> None:
    server, base = serve(sample_site.site)
    try:
        page, _ = open_page(browser, base, "disdukcapil/penerbitan-akta-kelahiran/", 360, scheme=scheme)
        shape = ".sop-diagram svg g.node rect, .sop-diagram svg g.node polygon"
        background = page.evaluate(f"() => getComputedStyle(document.querySelector('{shape}')).fill")
        page.close()
    finally:
        server.shutdown()
    channels = [int(c) for c in re.findall(r"\d+", background)[:3]]
    assert (sum(channels) / 3 < 128) == (scheme == "dark"), background


def test_an_old_address_from_alias_leads_to_the_sop(sample_site: SiteBuild, browser: Browser) -> None:
    sop = next(s for s in CATALOG.sops if s.alias)
    server, base = serve(sample_site.site)
    try:
        page, seen = open_page(browser, base, f"{sop.alias[0]}/", 360)
        assert page.url == f"{base}/{sop.opd_slug}/{sop.slug}/"
        assert page.locator("h1").inner_text() == sop.nama
        assert seen["errors"] == [] and seen["foreign"] == []
        page.close()
    finally:
        server.shutdown()
