"""The built sample site in a real headless Chromium: diagrams parse and render,
nothing is fetched from another host, and text from YAML never runs."""

from __future__ import annotations

import html
import re
from pathlib import Path

from playwright.sync_api import Browser

from katalog_sop import build_catalog
from tests.conftest import OPD_YAML, REPO, SOP_YAML, SiteBuild, build_site, serve, write_catalog


def visit(browser: Browser, base: str, path: str, width: int = 360) -> dict[str, object]:
    """Open a page, wait for the diagram, and report what went wrong on the way."""
    page = browser.new_page(viewport={"width": width, "height": 800})
    errors: list[str] = []
    foreign: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("request", lambda r: foreign.append(r.url) if not r.url.startswith(base) else None)
    response = page.goto(f"{base}/{path}")
    page.wait_for_load_state("networkidle")
    diagrams = page.locator("pre.mermaid").count()
    if diagrams:
        page.wait_for_selector("div.mermaid", timeout=15_000)
    result = {
        "status": response.status if response else None,
        "errors": errors,
        "foreign": foreign,
        "rendered": page.locator("div.mermaid").count(),
        "pending": page.locator("pre.mermaid").count(),
        "scroll_width": page.evaluate("document.documentElement.scrollWidth"),
        "xss": page.evaluate("window.__xss === undefined ? null : window.__xss"),
        "page": page,
    }
    return result


def mermaid_sources(page_html: str) -> list[str]:
    blocks = re.findall(r'<pre class="mermaid"[^>]*><code>(.*?)</code></pre>', page_html, re.S)
    return [html.unescape(block) for block in blocks]


def test_every_sample_page_renders_offline_without_errors(sample_site: SiteBuild, browser: Browser) -> None:
    catalog = build_catalog(REPO / "sops", REPO).published()
    server, base = serve(sample_site.site)
    try:
        paths = [
            "",
            "cari/",
            "perangkat-daerah/",
            *[f"{o.slug}/" for o in catalog.opds],
            *[f"{s.opd_slug}/{s.slug}/" for s in catalog.sops],
        ]
        for path in paths:
            for width in (360, 1280):
                seen = visit(browser, base, path, width)
                page = seen.pop("page")
                assert seen["status"] == 200, path
                assert seen["errors"] == [], (path, seen["errors"])
                assert seen["foreign"] == [], (path, seen["foreign"])
                assert seen["pending"] == 0, path
                if path.count("/") == 2:
                    assert seen["rendered"] == 1, path
                    source = mermaid_sources((sample_site.site / path / "index.html").read_text(encoding="utf-8"))[0]
                    assert page.evaluate("async (s) => (await mermaid.parse(s)) !== false", source), path
                    svg = page.evaluate("async (s) => (await mermaid.render('uji', s)).svg", source)
                    steps = len(re.findall(r'class="node ', svg))
                    assert steps >= 2, path
                assert seen["scroll_width"] <= width, (path, width, seen["scroll_width"])
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
    write_catalog(tmp_path, {"dincon/_opd.yml": OPD_YAML, "dincon/a.yml": sop})
    built = build_site(tmp_path, sources=tmp_path / "sops")
    assert built.returncode == 0, built.output
    server, base = serve(built.site)
    try:
        seen = visit(browser, base, "dincon/a/")
        page = seen.pop("page")
        assert seen["xss"] is None
        assert seen["errors"] == [] and seen["pending"] == 0 and seen["rendered"] == 1
        assert page.locator("h1.sop-judul").inner_text() == hostile
        assert page.locator(".sop-kegiatan tbody tr").first.locator("td").nth(1).inner_text() == hostile
        source = mermaid_sources((built.site / "dincon/a/index.html").read_text(encoding="utf-8"))[0]
        svg = page.evaluate("async (s) => (await mermaid.render('uji', s)).svg", source)
        text = page.evaluate(
            "(svg) => { const d = document.createElement('div'); d.innerHTML = svg; return d.textContent; }", svg
        )
        assert f"1. {hostile}" in text and "Unsupported markdown" not in text
        assert seen["xss"] is None and page.evaluate("window.__xss === undefined")
        page.close()
    finally:
        server.shutdown()
