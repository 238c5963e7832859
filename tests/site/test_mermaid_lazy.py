"""Mermaid only when wanted (issue 14, point 4), in a real build and a real Chromium.

Mermaid is about 1 MB gzipped (3.5 MB as it runs): a page without a diagram never
fetches it, and an SOP page fetches it only when the reader opens its Diagram Alir
(a closed <details>), through katalog-diagram.js, never a render-blocking script.
Once opened, the diagram is drawn at its natural size, step 1 and its lane's title
in view and every lane title whole, on a phone and on a desktop; it follows the
palette, says so when Mermaid cannot be fetched, and without JavaScript the opened
section shows the diagram's source. Screenshots of the closed and opened section, on
a phone and a desktop, go to test-artifacts/ponsel/; what they show is checked.
"""

from __future__ import annotations

import gzip
import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page

from katalog_sop import build_catalog
from katalog_sop.static import MERMAID_DOWNLOAD, MERMAID_URI
from tests.conftest import ARTIFACTS, REPO, SiteBuild, serve

CATALOG = build_catalog(REPO / "sops", REPO).published()
SOP_PAGES = [f"{s.opd_slug}/{s.slug}/" for s in CATALOG.sops]
STEPS = {f"{s.opd_slug}/{s.slug}/": len(s.kegiatan) for s in CATALOG.sops}
AKTA = "disdukcapil/penerbitan-akta-kelahiran/"
AKTA_SOP = next(s for s in CATALOG.sops if f"{s.opd_slug}/{s.slug}/" == AKTA)
WITHOUT_DIAGRAM = [
    "",
    f"{CATALOG.opds[0].slug}/",
    "perangkat-daerah/",
    "cari/?q=akta",
    "data-terbuka/",
    "perlu-ditinjau/",
    "perubahan-terbaru/",
    "skema/",
    "404.html",
]
WIDTHS = [360, 1280]
SUMMARY = ".sop-diagram-lipat > summary"
DRAWN = ".sop-diagram[data-digambar]"


def visit(browser: Browser, base: str, path: str, width: int, **context: Any) -> tuple[Page, list[str]]:
    """Open a page and wait until it is idle; the list fills with every address it requests."""
    page = browser.new_page(viewport={"width": width, "height": 800}, **context)
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(f"{base}/{path}")
    page.wait_for_load_state("networkidle")
    return page, requests


def mermaid_requests(requests: list[str]) -> list[str]:
    return [url for url in requests if "mermaid" in url.lower()]


def read_the_whole_page(page: Page) -> None:
    """Scroll to the end, past the Diagram Alir, as a reader of the steps would."""
    if page.locator(".sop-diagram-lipat").count():
        page.locator(".sop-diagram-lipat").scroll_into_view_if_needed()
        page.wait_for_timeout(300)
    page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
    page.wait_for_timeout(300)
    page.wait_for_load_state("networkidle")


@pytest.mark.parametrize("path", WITHOUT_DIAGRAM)
def test_a_page_without_a_diagram_never_fetches_mermaid(sample_site: SiteBuild, browser: Browser, path: str) -> None:
    file = sample_site.site / (path.split("?")[0] if path.endswith(".html") else path.split("?")[0] + "index.html")
    assert "mermaid.min.js" not in file.read_text(encoding="utf-8"), path
    server, base = serve(sample_site.site)
    try:
        page, requests = visit(browser, base, path, 360)
        read_the_whole_page(page)
        assert page.locator(".sop-diagram").count() == 0, path
        assert mermaid_requests(requests) == [], path
        page.close()
    finally:
        server.shutdown()


@pytest.mark.parametrize("width", WIDTHS)
def test_an_sop_page_fetches_mermaid_only_when_the_diagram_is_opened(
    sample_site: SiteBuild, browser: Browser, width: int
) -> None:
    server, base = serve(sample_site.site)
    try:
        page, requests = visit(browser, base, AKTA, width)
        read_the_whole_page(page)
        assert mermaid_requests(requests) == []
        assert page.locator(".sop-diagram-lipat").get_attribute("open") is None  # closed on every screen
        assert page.locator(DRAWN).count() == 0
        assert page.evaluate("typeof window.mermaid") == "undefined"
        summary = page.locator(SUMMARY)
        assert MERMAID_DOWNLOAD in summary.inner_text()  # the reader is told what opening costs
        summary.click()
        page.wait_for_selector(DRAWN, timeout=15_000)
        assert mermaid_requests(requests) == [f"{base}/{MERMAID_URI}"]
        assert page.locator(".sop-diagram svg g.node").count() >= STEPS[AKTA]
        assert page.locator(".sop-diagram__sumber").is_hidden()
        assert page.locator(".sop-diagram__status").count() == 0
        # Closed and opened again: the same drawing, nothing fetched again.
        summary.click()
        summary.click()
        assert page.locator(".sop-diagram__gambar svg").is_visible()
        page.wait_for_load_state("networkidle")
        assert len(mermaid_requests(requests)) == 1
        page.close()
    finally:
        server.shutdown()


def test_no_page_has_a_render_blocking_mermaid_script(sample_site: SiteBuild) -> None:
    pages = sorted(sample_site.site.rglob("*.html"))
    assert len(pages) > len(SOP_PAGES)
    mermaid_file = (sample_site.site / MERMAID_URI).resolve()
    for file in pages:
        html = file.read_text(encoding="utf-8")
        scripts = re.findall(r"<script\b[^>]*>", html)
        assert not [tag for tag in scripts if "mermaid" in tag.lower()], file  # not even async: fetched on demand
        for tag in scripts:
            if "katalog-diagram.js" in tag:
                assert re.search(r"\s(defer|async)[\s>]", tag), (file, tag)
        for src in re.findall(r'data-mermaid-src="([^"]+)"', html):
            assert (file.parent / src).resolve() == mermaid_file, (file, src)  # right at every depth
    for path in SOP_PAGES:
        html = (sample_site.site / path / "index.html").read_text(encoding="utf-8")
        assert html.count("data-mermaid-src=") == 1, path
        assert '<details class="sop-diagram-lipat"' in html and '<details class="sop-diagram-lipat" open' not in html


def test_the_size_on_the_label_is_what_mermaid_weighs(sample_site: SiteBuild) -> None:
    """The label says "± 1 MB": what a server that compresses sends for the pinned Mermaid."""
    assert MERMAID_DOWNLOAD == "± 1 MB"
    sent = len(gzip.compress((sample_site.site / MERMAID_URI).read_bytes(), 6))
    assert 0.6e6 <= sent <= 1.4e6, sent


LAYOUT = """() => {
    const box = document.querySelector('.sop-diagram');
    const svg = box.querySelector('.sop-diagram__gambar svg');
    const frame = box.getBoundingClientRect();
    const view = {left: frame.left + box.clientLeft, top: frame.top + box.clientTop};
    view.right = view.left + box.clientWidth;
    view.bottom = view.top + box.clientHeight;
    const inView = (r) => r.left >= view.left - 1 && r.right <= view.right + 1
        && r.top >= view.top - 1 && r.bottom <= view.bottom + 1;
    const textOf = (element) => {
        const range = document.createRange();
        range.selectNodeContents(element);
        return range.getBoundingClientRect();
    };
    const start = svg.querySelector('g.node[id*="-n1-"]').getBoundingClientRect();
    const lanes = [...svg.querySelectorAll('g.cluster')].map(lane => {
        const rect = lane.querySelector('rect').getBoundingClientRect();
        const label = lane.querySelector('.cluster-label');
        const text = textOf(label);
        const holder = label.querySelector('foreignObject');
        const held = holder ? holder.getBoundingClientRect() : text;
        return {
            name: label.textContent.trim(),
            text: text.width, rect: rect.width,
            inside: text.left >= rect.left - 0.5 && text.right <= rect.right + 0.5
                && text.top >= rect.top - 0.5 && text.bottom <= rect.bottom + 0.5,
            held: text.left >= held.left - 0.5 && text.right <= held.right + 0.5 && text.bottom <= held.bottom + 0.5,
            hasStart: rect.left <= start.left && rect.right >= start.right && rect.top <= start.top
                && rect.bottom >= start.bottom,
            titleInView: inView(text),
        };
    });
    return {
        scale: svg.getBoundingClientRect().width / svg.viewBox.baseVal.width,
        startInView: inView(start),
        startFits: start.width <= box.clientWidth,
        startLeftInView: start.left >= view.left - 1 && start.left < view.right && start.top >= view.top - 1
            && start.bottom <= view.bottom + 1,
        lanes,
    };
}"""


def check_layout(page: Page, where: str) -> None:
    facts = page.evaluate(LAYOUT)
    assert facts["scale"] > 0.99, (where, facts)  # natural size, never shrunk to the screen
    assert facts["lanes"], where
    for lane in facts["lanes"]:
        assert lane["text"] <= lane["rect"] and lane["inside"] and lane["held"], (where, lane)  # lane titles whole
    assert facts["startInView"] if facts["startFits"] else facts["startLeftInView"], (where, facts)
    start_lanes = [lane for lane in facts["lanes"] if lane["hasStart"]]
    assert start_lanes and all(lane["titleInView"] for lane in start_lanes), (where, facts)  # whose lane it is


@pytest.mark.parametrize("width", WIDTHS)
def test_the_opened_diagram_is_readable(sample_site: SiteBuild, browser: Browser, width: int) -> None:
    server, base = serve(sample_site.site)
    try:
        for path in SOP_PAGES:
            page, _ = visit(browser, base, path, width)
            page.locator(SUMMARY).click()
            page.wait_for_selector(DRAWN, timeout=15_000)
            check_layout(page, f"{path} @{width}")
            page.close()
    finally:
        server.shutdown()


SEEN = """() => {
    const box = document.querySelector('.sop-diagram');
    const frame = box.getBoundingClientRect();
    const header = document.querySelector('.md-header').getBoundingClientRect();
    const seen = {  // the box's client area, less what lies off screen or under the fixed header
        left: Math.max(frame.left + box.clientLeft, 0),
        top: Math.max(frame.top + box.clientTop, header.bottom),
        right: Math.min(frame.left + box.clientLeft + box.clientWidth, window.innerWidth),
        bottom: Math.min(frame.top + box.clientTop + box.clientHeight, window.innerHeight),
    };
    const plain = (r) => ({left: r.left, top: r.top, right: r.right, bottom: r.bottom});
    const start = box.querySelector('svg g.node[id*="-n1-"]').getBoundingClientRect();
    const holds = (r) => r.left <= start.left && r.right >= start.right && r.top <= start.top
        && r.bottom >= start.bottom;
    const lanes = [...box.querySelectorAll('svg g.cluster')]
        .map(lane => ({lane, rect: lane.querySelector('rect').getBoundingClientRect()}))
        .filter(({rect}) => holds(rect))
        .sort((a, b) => a.rect.width * a.rect.height - b.rect.width * b.rect.height);
    const title = lanes.length ? lanes[0].lane.querySelector('.cluster-label') : null;
    const range = document.createRange();
    if (title) range.selectNodeContents(title);
    return {
        seen, start: plain(start),
        lane: title ? title.textContent.trim() : null,
        title: title ? plain(range.getBoundingClientRect()) : null,
    };
}"""


def is_seen(rect: dict[str, float], seen: dict[str, float]) -> bool:
    """Whole inside the part of the scroll box that is on screen (one pixel of rounding either way)."""
    return (
        rect["left"] >= seen["left"] - 1
        and rect["right"] <= seen["right"] + 1
        and rect["top"] >= seen["top"] - 1
        and rect["bottom"] <= seen["bottom"] + 1
    )


@pytest.mark.parametrize("width", WIDTHS)
def test_screenshots_of_the_opened_diagram_show_step_1_and_its_lane(
    sample_site: SiteBuild, browser: Browser, width: int
) -> None:
    """What the screenshot of the opened section shows: step 1 and its lane's title, in the box and on screen."""
    shots = ARTIFACTS / "ponsel"
    shots.mkdir(parents=True, exist_ok=True)
    stem = AKTA.strip("/").replace("/", "__") + ("" if width == 360 else f"-{width}")
    server, base = serve(sample_site.site)
    try:
        page, _ = visit(browser, base, AKTA, width)
        at_heading = "document.getElementById('diagram-alir').scrollIntoView(); window.scrollBy(0, -56)"
        page.evaluate(at_heading)
        page.screenshot(path=shots / f"{stem}-diagram-tertutup.png")
        page.locator(SUMMARY).click()
        page.wait_for_selector(DRAWN, timeout=15_000)
        page.evaluate(at_heading)
        page.screenshot(path=shots / f"{stem}-diagram-terbuka.png")
        facts = page.evaluate(SEEN)  # the same scroll positions as the screenshot
        page.close()
    finally:
        server.shutdown()
    assert facts["seen"]["right"] > facts["seen"]["left"] and facts["seen"]["bottom"] > facts["seen"]["top"], facts
    assert is_seen(facts["start"], facts["seen"]), facts  # step 1, whole
    assert facts["lane"] == AKTA_SOP.kegiatan[0].pelaksana[0], facts  # the lane of step 1, not any lane
    assert facts["title"] is not None and is_seen(facts["title"], facts["seen"]), facts  # whose step it is


STEP_SHAPE = ".sop-diagram svg g.node rect, .sop-diagram svg g.node polygon"


def fill_of_a_step(page: Page) -> list[int]:
    fill = page.evaluate(f"() => getComputedStyle(document.querySelector({STEP_SHAPE!r})).fill")
    return [int(c) for c in re.findall(r"\d+", fill)[:3]]


def is_dark(channels: list[int]) -> bool:
    return sum(channels) / 3 < 128


def test_the_drawing_follows_a_palette_switch(sample_site: SiteBuild, browser: Browser) -> None:
    server, base = serve(sample_site.site)
    try:
        page, requests = visit(browser, base, AKTA, 360, color_scheme="light")
        page.locator(SUMMARY).click()
        page.wait_for_selector(DRAWN, timeout=15_000)
        assert not is_dark(fill_of_a_step(page))
        scroll = "() => { const box = document.querySelector('.sop-diagram'); return [box.scrollLeft, box.scrollTop]; }"
        for turn, dark in enumerate((True, False, True)):
            if turn == 2:  # the reader has moved around the drawing: a redraw keeps them there
                page.locator(".sop-diagram").evaluate("box => { box.scrollTop += 150; box.scrollLeft -= 40; }")
            where = page.evaluate(scroll)
            page.locator('form[data-md-component="palette"] label >> visible=true').first.click()
            scheme = "slate" if dark else "default"
            page.wait_for_function(f"() => document.body.getAttribute('data-md-color-scheme') === '{scheme}'")
            page.wait_for_function(
                f"""(dark) => {{
                    const shape = document.querySelector({STEP_SHAPE!r});
                    const [r, g, b] = getComputedStyle(shape).fill.match(/\\d+/g).map(Number);
                    return ((r + g + b) / 3 < 128) === dark;
                }}""",
                arg=dark,
                timeout=10_000,
            )
            assert page.evaluate(scroll) == where, scheme
            if turn < 2:
                check_layout(page, f"after switching to {scheme}")
        assert len(mermaid_requests(requests)) == 1
        page.close()
    finally:
        server.shutdown()


def test_when_mermaid_cannot_be_fetched_the_reader_is_told_and_can_retry(
    sample_site: SiteBuild, browser: Browser
) -> None:
    server, base = serve(sample_site.site)
    try:
        page = browser.new_page(viewport={"width": 360, "height": 800})
        page.route(f"**/{MERMAID_URI}", lambda route: route.abort())
        page.goto(f"{base}/{AKTA}")
        page.wait_for_load_state("networkidle")
        summary = page.locator(SUMMARY)
        summary.click()
        page.wait_for_selector(".sop-diagram[data-gagal]", timeout=15_000)
        assert "Bagian Flowchart" in page.locator(".sop-diagram__status").inner_text()
        assert page.locator(".sop-diagram__sumber").is_visible()  # the source, rather than nothing
        page.unroute(f"**/{MERMAID_URI}")
        summary.click()
        summary.click()
        page.wait_for_selector(DRAWN, timeout=15_000)
        assert page.locator(".sop-diagram[data-gagal]").count() == 0
        assert page.locator(".sop-diagram__status").count() == 0
        page.close()
    finally:
        server.shutdown()


def test_without_javascript_the_opened_section_shows_the_source(sample_site: SiteBuild, browser: Browser) -> None:
    server, base = serve(sample_site.site)
    try:
        page, requests = visit(browser, base, AKTA, 360, java_script_enabled=False)
        page.locator(SUMMARY).click()
        source = page.locator(".sop-diagram__sumber")
        assert source.is_visible() and (source.text_content() or "").startswith("flowchart TD")
        assert mermaid_requests(requests) == []
        page.close()
    finally:
        server.shutdown()


def test_mermaid_is_served_but_only_referenced_by_sop_pages(sample_site: SiteBuild) -> None:
    assert (sample_site.site / MERMAID_URI).is_file()
    referencing = {
        str(file.parent.relative_to(sample_site.site)) + "/"
        for file in Path(sample_site.site).rglob("index.html")
        if "mermaid.min.js" in file.read_text(encoding="utf-8")
    }
    assert referencing == set(SOP_PAGES)
