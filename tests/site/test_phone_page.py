"""An SOP page read on a cheap phone (360 px) and on a desktop (1280 px), in a real Chromium
(issue 14): the official Bagian Flowchart at a readable size in a box that pans, the steps as
cards on a phone and a table from tablet width up, a Bagian Identitas that fits, SOP numbers
that never break inside a part, and step symbols drawn rather than taken from a font.
Screenshots of two pages at both widths go to test-artifacts/ponsel/."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page

from katalog_sop import build_catalog
from tests.conftest import ARTIFACTS, REPO, SiteBuild, serve

CATALOG = build_catalog(REPO / "sops", REPO).published()
SOPS = {f"{s.opd_slug}/{s.slug}/": s for s in CATALOG.sops}
AKTA = "disdukcapil/penerbitan-akta-kelahiran/"  # the sample: 6 pelaksana, a 1,456 px chart
PENERIMAAN = "bpkad/penerimaan-barang-milik-daerah/"  # format v2: step 3 is a joint step of three actors
PHONE, DESKTOP = 360, 1280
MISSING_GLYPHS = ("\u2b2d", "\u25ad", "\u25c7")  # the old symbol characters: no font here has U+2B2D


@pytest.fixture(scope="module")
def base(sample_site: SiteBuild) -> Iterator[str]:
    server, address = serve(sample_site.site)
    try:
        yield address
    finally:
        server.shutdown()


def open_sop(browser: Browser, base: str, path: str, width: int, scheme: str = "light") -> Page:
    page = browser.new_page(viewport={"width": width, "height": 800}, color_scheme=scheme)
    page.goto(f"{base}/{path}")
    page.wait_for_load_state("networkidle")
    page.evaluate("document.fonts.ready")
    return page


def scroll_to_steps(page: Page) -> None:
    """Where a reader scrolls to read the steps: the browser lays the table out when it nears the view
    (katalog.css: content-visibility), so its geometry and text are measured there, as they are seen."""
    page.locator(".sop-kegiatan").scroll_into_view_if_needed()
    page.evaluate("new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")


def squeeze(text: str) -> str:
    return " ".join(text.split())


FLOWCHART_FACTS = """() => {
    const box = document.querySelector('.sop-bagan');
    const svg = box.querySelector('svg.bagan');
    const text = svg.querySelector('text');
    const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    const heights = [...svg.querySelectorAll('text')].map(t => t.getBoundingClientRect().height);
    return {
        scale,
        font: parseFloat(getComputedStyle(text).fontSize) * scale,
        smallestText: Math.min(...heights),
        overflow: getComputedStyle(box).overflowX,
        scrollWidth: box.scrollWidth,
        clientWidth: box.clientWidth,
        boxRight: box.getBoundingClientRect().right,
        tabIndex: box.tabIndex,
        role: box.getAttribute('role'),
        pageWidth: document.documentElement.scrollWidth,
    };
}"""


@pytest.mark.parametrize("width", [PHONE, DESKTOP])
def test_flowchart_is_shown_at_its_natural_size_in_a_box_that_pans(browser: Browser, base: str, width: int) -> None:
    page = open_sop(browser, base, AKTA, width)
    try:
        facts = page.evaluate(FLOWCHART_FACTS)
        assert facts["scale"] == pytest.approx(1, abs=0.01), facts  # never shrunk to the column
        assert facts["font"] >= 11 and facts["smallestText"] >= 11, facts
        assert facts["overflow"] == "auto" and facts["tabIndex"] == 0 and facts["role"] == "region", facts
        assert facts["scrollWidth"] > facts["clientWidth"], facts  # 1,456 px: the box scrolls sideways ...
        assert facts["boxRight"] <= width and facts["pageWidth"] <= width, facts  # ... and the page does not
        # The keyboard pans it too, once the box has the focus; the page stays put.
        page.focus(".sop-bagan")
        for _ in range(5):
            page.keyboard.press("ArrowRight")
        page.wait_for_function("() => document.querySelector('.sop-bagan').scrollLeft > 0")
        assert page.evaluate("window.scrollX") == 0
        # The hint a reader sees above it, also given to screen readers.
        hint = page.locator("#petunjuk-bagan")
        assert hint.is_visible() and "geser" in hint.inner_text()
        assert page.locator(".sop-bagan").get_attribute("aria-describedby") == "petunjuk-bagan"
    finally:
        page.close()


CARD_FACTS = """() => [...document.querySelectorAll('.sop-kegiatan tbody tr')].map(row => {
    const cell = (selector) => row.querySelector(selector);
    const label = (el) => el ? getComputedStyle(el, '::before').content.replace(/^"|"$/g, '') : null;
    const box = row.getBoundingClientRect();
    return {
        id: row.id,
        display: getComputedStyle(row).display,
        left: box.left,
        right: box.right,
        cellsFit: [...row.cells].every(td => td.getBoundingClientRect().right <= box.right + 0.5
            && td.scrollWidth <= td.clientWidth + 1),
        text: row.innerText,
        heading: label(cell('.sop-no')).replace(/^attr.*$/, ''),
        pelaksana: cell('.sop-kartu-pelaksana').innerText,
        labels: [...row.querySelectorAll('[data-label]')].filter(el => el.offsetParent !== null).map(label),
        lanes: [...row.querySelectorAll('td.sop-lajur')].filter(td => td.offsetParent !== null).length,
        bersamaShown: !!cell('.sop-bersama') && cell('.sop-bersama').offsetParent !== null,
    };
})"""


@pytest.mark.parametrize("path", [AKTA, PENERIMAAN])
def test_steps_are_cards_on_a_phone(browser: Browser, base: str, path: str) -> None:
    sop = SOPS[path]
    page = open_sop(browser, base, path, PHONE)
    try:
        assert page.locator(".sop-kegiatan thead").is_hidden()
        scroll_to_steps(page)
        cards = page.evaluate(CARD_FACTS)
        assert len(cards) == len(sop.kegiatan)
        for step, card in zip(sop.kegiatan, cards, strict=True):
            where = (path, step.number)
            assert card["display"] == "block", where
            assert card["left"] >= 0 and card["right"] <= PHONE and card["cellsFit"], (where, card)
            text = squeeze(card["text"])
            assert card["heading"] == "Langkah" and text.split()[0] == str(step.number), (where, card["heading"])
            # Who: every actor of the step, named once (no empty pelaksana columns, no "Bersama:" repeat).
            assert card["pelaksana"] == ", ".join(step.pelaksana), where
            assert card["lanes"] == 0 and not card["bersamaShown"], (where, card)
            # What is needed, how long, what comes out, notes: each labelled.
            assert card["labels"][:4] == ["Pelaksana", "Kelengkapan", "Waktu", "Output"], (where, card["labels"])
            assert ("Keterangan" in card["labels"]) == bool(step.keterangan), where
            for item in (*step.kelengkapan, *step.output, step.uraian, step.keterangan or ""):
                assert squeeze(item) in text, (where, item)
            assert str(step.waktu or "-") in text, where
            if step.keputusan:
                assert squeeze(step.keputusan.pertanyaan) in text, where
                for outcome in step.keputusan.cabang:
                    assert f"{outcome.label} \u2192" in text, (where, outcome)
            assert not any(glyph in text for glyph in MISSING_GLYPHS), where
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE
    finally:
        page.close()


def test_a_joint_step_card_names_all_its_actors(browser: Browser, base: str) -> None:
    page = open_sop(browser, base, PENERIMAAN, PHONE)
    try:
        scroll_to_steps(page)
        card = page.locator("#langkah-3")
        assert card.locator(".sop-kartu-pelaksana").inner_text() == (
            "Penyedia Barang, Pengurus Barang, Kepala Subbagian Umum"
        )
        assert card.locator(".sop-kartu-simbol").is_visible()
        assert card.locator(".sop-kartu-simbol svg.sop-ikon").get_attribute("aria-hidden") == "true"
    finally:
        page.close()


@pytest.mark.parametrize("width", [768, DESKTOP])
def test_steps_are_the_full_table_from_tablet_width(browser: Browser, base: str, width: int) -> None:
    sop = SOPS[PENERIMAAN]
    page = open_sop(browser, base, PENERIMAAN, width)
    try:
        scroll_to_steps(page)
        facts = page.evaluate(
            """() => ({
                table: getComputedStyle(document.querySelector('.sop-kegiatan table')).display,
                row: getComputedStyle(document.querySelector('.sop-kegiatan tbody tr')).display,
                header: getComputedStyle(document.querySelector('.sop-kegiatan thead')).display,
                cardOnly: [...document.querySelectorAll('.sop-kegiatan .sop-kartu-saja')]
                    .filter(el => el.offsetParent !== null).length,
                columns: document.querySelectorAll('.sop-kegiatan thead tr:last-child th').length,
                pageWidth: document.documentElement.scrollWidth,
            })"""
        )
        assert facts["table"] == "table" and facts["row"] == "table-row", facts
        assert facts["header"] == "table-header-group" and facts["cardOnly"] == 0, facts
        assert facts["columns"] == len(sop.pelaksana) + 3 and facts["pageWidth"] <= width, facts
        joint = page.locator("#langkah-3")
        assert joint.locator("td.sop-simbol").count() == 3  # its symbol in each of its actors' columns
        assert "Bersama: Penyedia Barang, Pengurus Barang, Kepala Subbagian Umum" in joint.inner_text()
    finally:
        page.close()


@pytest.mark.parametrize("path", [AKTA, PENERIMAAN])
def test_bagian_identitas_fits_a_phone(browser: Browser, base: str, path: str) -> None:
    page = open_sop(browser, base, path, PHONE)
    try:
        facts = page.evaluate(
            """() => {
                const box = document.querySelector('.sop-identitas');
                const cells = [...box.querySelectorAll('th, td')];
                return {
                    scrollWidth: box.scrollWidth,
                    clientWidth: box.clientWidth,
                    right: box.getBoundingClientRect().right,
                    cellRight: Math.max(...cells.map(c => c.getBoundingClientRect().right)),
                    clipped: cells.filter(c => c.scrollWidth > c.clientWidth + 1).length,
                };
            }"""
        )
        assert facts["scrollWidth"] <= facts["clientWidth"], facts  # nothing hidden to the right
        assert facts["right"] <= PHONE and facts["cellRight"] <= facts["right"] and facts["clipped"] == 0, facts
    finally:
        page.close()


LINE_BREAKS = """(squeezeTo) => [...document.querySelectorAll('.sop .sop-nomor')]
    .filter(el => el.getClientRects().length)
    .map(el => {
        if (squeezeTo) Object.assign(el.style, {display: 'inline-block', width: squeezeTo});
        const range = document.createRange();
        const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
        let text = '', top = null;
        const after = [];
        while (walker.nextNode()) {
            const node = walker.currentNode;
            for (let i = 0; i < node.length; i++) {
                range.setStart(node, i);
                range.setEnd(node, i + 1);
                const rect = range.getClientRects()[0];
                if (!rect || !node.data[i].trim()) { text += node.data[i]; continue; }
                if (top !== null && rect.top > top + 2) after.push(text.slice(-1));
                top = rect.top;
                text += node.data[i];
            }
        }
        const style = getComputedStyle(el);
        return {text, after, overflowWrap: style.overflowWrap, wordBreak: style.wordBreak};
    })"""


@pytest.mark.parametrize("squeeze_to", ["", "8em"])
def test_sop_numbers_break_only_after_a_slash_or_a_dot(browser: Browser, base: str, squeeze_to: str) -> None:
    """As the page is, and squeezed into a narrow box so that they must wrap: a line ends only after
    "/" or ".", never inside "DISDUKCAPIL" or "2024"."""
    breaks = 0
    for path in (AKTA, PENERIMAAN, "disdukcapil/pengarsipan-dokumen-digital/"):
        page = open_sop(browser, base, path, PHONE)
        try:
            numbers = page.evaluate(LINE_BREAKS, squeeze_to)
        finally:
            page.close()
        assert any(SOPS[path].nomor in n["text"] for n in numbers), path  # the identity table and the top line
        for number in numbers:
            assert set(number["after"]) <= {"/", "."}, (path, number)
            assert number["overflowWrap"] != "anywhere" and number["wordBreak"] != "break-all", (path, number)
            breaks += len(number["after"])
    if squeeze_to:
        assert breaks > 0  # the squeeze did make them wrap: the check above had something to check


def test_sop_numbers_offer_a_break_after_every_slash_and_dot_only(sample_site: SiteBuild) -> None:
    for path, sop in SOPS.items():
        html = (sample_site.site / path / "index.html").read_text(encoding="utf-8")
        spans = re.findall(r'<span class="sop-nomor"[^>]*>(.*?)</span>', html)
        assert spans, path
        for span in spans:
            assert all(before in "/." for before in re.findall(r"(.)<wbr>", span)), (path, span)
            plain = span.replace("<wbr>", "")
            assert span.count("<wbr>") == len(re.findall(r"[/.](?=.)", plain)), (path, span)
        assert f'<td><span class="sop-nomor">{_with_breaks(sop.nomor)}</span></td>' in html, path


def _with_breaks(nomor: str) -> str:
    return re.sub(r"([/.])(?=.)", r"\1<wbr>", nomor)


def test_step_symbols_are_drawn_not_missing_glyphs(sample_site: SiteBuild) -> None:
    for path, sop in SOPS.items():
        html = (sample_site.site / path / "index.html").read_text(encoding="utf-8")
        table = html[html.index('<div class="tabel-gulir sop-kegiatan"') :]
        table = table[: table.index("</table>")]
        assert not any(glyph in table for glyph in MISSING_GLYPHS), path
        cells = re.findall(r'<td class="sop-lajur sop-simbol sop-simbol--(\w+)"[^>]*>(.*?)</td>', table, re.S)
        assert len(cells) == sum(len(step.pelaksana) for step in sop.kegiatan), path
        for kind, cell in cells:
            assert cell.startswith('<svg class="sop-ikon"') and 'aria-hidden="true"' in cell, (path, cell)
            name = {"mulai": "Mulai", "selesai": "Selesai", "proses": "Proses", "keputusan": "Keputusan"}[kind]
            assert cell.endswith(f"</svg> {name}"), (path, cell)


@pytest.mark.parametrize("width", [PHONE, DESKTOP])
def test_no_missing_glyph_in_the_rendered_steps(browser: Browser, base: str, width: int) -> None:
    page = open_sop(browser, base, AKTA, width)
    try:
        text = page.locator(".sop-kegiatan").inner_text()
        assert not any(glyph in text for glyph in MISSING_GLYPHS)
        icons = page.locator(".sop-kegiatan svg.sop-ikon:visible")
        assert icons.count() >= len(SOPS[AKTA].kegiatan)
        size = icons.first.bounding_box()
        assert size and size["width"] >= 12 and size["height"] >= 7, size
    finally:
        page.close()


@pytest.mark.parametrize("path", [AKTA, PENERIMAAN])
def test_screenshots_for_a_reviewer(browser: Browser, base: str, path: str) -> None:
    shots = ARTIFACTS / "ponsel"
    shots.mkdir(parents=True, exist_ok=True)
    stem = path.strip("/").replace("/", "__")
    for width in (PHONE, DESKTOP):
        page = open_sop(browser, base, path, width)
        try:
            target = shots / f"{stem}-{width}.png"
            page.screenshot(path=target, full_page=True)
            assert target.stat().st_size > 10_000
        finally:
            page.close()
