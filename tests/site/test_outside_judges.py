"""What outside judges check on the built sample site: valid markup, a stable search page, one-name titles.

- The W3C Nu HTML validator finds no error in the project's own markup. Material for MkDocs' own
  errors are recognised by a documented rule (``MATERIAL_ERRORS`` in scripts/outside_judges.py: the
  message and the exact markup Material writes); any other error fails. The validator comes from
  npm (vnu-jar, see scripts/outside_judges.py), both installed by .ci/run; without them the test fails.
- No page has a <style> in <body> (the print header's values are an attribute, katalog-cetak.js).
- The search page does not shift while its results arrive (Lighthouse's limit is 0.1), measured in
  Chromium with a PerformanceObserver on 'layout-shift', at phone and desktop sizes, CPU slowed 4x.
- The home page's <title> is the site name, once.
"""

from __future__ import annotations

import importlib.util
import shutil
import sys
from html.parser import HTMLParser
from pathlib import Path
from types import ModuleType

import pytest
import yaml
from playwright.sync_api import Browser

from tests.conftest import REPO, SiteBuild, serve


def _judges() -> ModuleType:
    spec = importlib.util.spec_from_file_location("outside_judges", REPO / "scripts" / "outside_judges.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


JUDGES = _judges()
SITE_NAME = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8").replace("!!python/name:", ""))["site_name"]
# Lighthouse fails a page at 0.1. Nothing on the search page should move at all; this leaves room for rounding.
MAX_SHIFT = 0.01
SHIFTS = """
window.__geser = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    if (!entry.hadRecentInput) {
      window.__geser.push({
        value: entry.value,
        sources: entry.sources.map((s) => s.node ? `${s.node.nodeName}.${s.node.className || s.node.id}` : "?"),
      });
    }
  }
}).observe({ type: "layout-shift", buffered: true });
"""


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.in_body = False
        self.body_styles = 0
        self.title = ""
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.in_body = self.in_body or tag == "body"
        self.body_styles += tag == "style" and self.in_body
        self._in_title = tag == "title" and not self.in_body and not self.title

    def handle_endtag(self, tag: str) -> None:
        self._in_title = False if tag == "title" else self._in_title

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data


def parsed(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def test_no_page_has_a_style_element_in_its_body(sample_site: SiteBuild) -> None:
    pages = sorted(sample_site.site.rglob("*.html"))
    sop_pages = [p for p in pages if 'class="sop-cetak"' in p.read_text(encoding="utf-8")]
    assert len(sop_pages) >= 10
    assert [p.relative_to(sample_site.site).as_posix() for p in pages if parsed(p).body_styles] == []


def test_the_home_title_is_the_site_name_once(sample_site: SiteBuild) -> None:
    assert " ".join(parsed(sample_site.site / "index.html").title.split()) == SITE_NAME
    for other in ("cari/index.html", "disdukcapil/index.html", "disdukcapil/penerbitan-akta-kelahiran/index.html"):
        title = " ".join(parsed(sample_site.site / other).title.split())
        assert title.endswith(f" - {SITE_NAME}") and title.count(SITE_NAME) == 1, (other, title)


@pytest.mark.parametrize("size", [(360, 740), (412, 823), (1280, 720)], ids=lambda s: f"{s[0]}px")
def test_search_results_arrive_without_moving_the_page(sample_site: SiteBuild, browser: Browser, size: tuple) -> None:
    server, base = serve(sample_site.site)
    context = browser.new_context(viewport={"width": size[0], "height": size[1]}, is_mobile=size[0] < 800)
    try:
        page = context.new_page()
        page.context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": 4})
        page.add_init_script(SHIFTS)
        page.goto(f"{base}/cari/?q=akta")
        # A function, not an expression: Playwright polls an expression with eval(), which the site's CSP forbids.
        page.wait_for_function("() => document.documentElement.dataset.cariSelesai")
        page.wait_for_timeout(500)
        assert page.locator("#cari-hasil > li").count() >= 2
        shifts = page.evaluate("window.__geser")
        assert sum(s["value"] for s in shifts) < MAX_SHIFT, shifts
    finally:
        context.close()
        server.shutdown()


def test_the_nu_validator_finds_no_error_in_the_project_markup(sample_site: SiteBuild) -> None:
    jar = JUDGES.vnu_jar()
    if shutil.which("java") is None:  # installed by .ci/run: missing is a broken setup, never a pass
        pytest.fail("the Nu validator needs java (apt-get install default-jre-headless)")
    if jar is None:
        pytest.fail(f"no vnu.jar: npm i -E --prefix {JUDGES.CACHE} {JUDGES.VNU} (or set KATALOG_SOP_VNU_JAR)")
    messages = JUDGES.run_vnu(jar, sample_site.site)
    errors = [m for m in messages if m.get("type") == "error"]
    ours = [
        f"{m.get('url', '').rsplit('/site/', 1)[-1]}:{m.get('lastLine')}: {m['message']} [{m.get('extract', '')!r}]"
        for m in errors
        if not JUDGES.is_material_error(m)
    ]
    assert ours == []
