"""Printing an SOP page in Chromium gives the official document, A4 landscape.

The sample pages are printed to PDF by the same engine a browser's Print uses,
then read back with pdfium: page count, the repeated table header, the
connectors at each cut, the footer, the DICABUT mark. Every page is also saved
as a PNG under test-artifacts/cetak/ for a reviewer to look at.
"""

from __future__ import annotations

import itertools
import re
import shutil
from pathlib import Path

import pypdfium2 as pdfium
import pytest
import yaml
from conftest import ARTIFACTS, REPO, SiteBuild, build_site, make_project, serve
from playwright.sync_api import Browser

from katalog_sop import build_catalog
from katalog_sop.site import bagan
from katalog_sop.site.document import PRINT_SHEET_RATIO

CATALOG = build_catalog(REPO / "sops").catalog
A4_LANDSCAPE = (841.9, 595.3)  # points
PRINTED = [
    "disdukcapil/pengarsipan-dokumen-digital",  # the longest sample SOP: 14 steps, 3 flowchart sheets
    "bagian-umum/pengelolaan-surat-masuk",  # a loop and a skip across the cut
    "dpmptsp/penerbitan-izin-usaha-2023",  # dicabut
    "bpkad/pengiriman-dokumen-aset",  # format v2: three labelled outcomes, a joint end step
]
SITE_URL = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8").replace("!!python/name:", ""))["site_url"]


def _print(browser: Browser, base: str, key: str, target: Path) -> tuple[pdfium.PdfDocument, list[dict]]:
    page = browser.new_page()
    try:
        page.goto(f"{base}/{key}/", wait_until="load")
        page.evaluate("document.fonts.ready")
        page.pdf(path=str(target), prefer_css_page_size=True, print_background=True)
        lembar = page.eval_on_selector_all(
            ".cetak-lembar svg",
            """svgs => svgs.map(svg => ({
                top: [...svg.querySelectorAll('.bagan-konektor[data-letak=atas]')].map(c => c.dataset.nomor),
                bottom: [...svg.querySelectorAll('.bagan-konektor[data-letak=bawah]')].map(c => c.dataset.nomor),
            }))""",
        )
    finally:
        page.close()
    return pdfium.PdfDocument(str(target)), lembar


def _texts(document: pdfium.PdfDocument) -> list[str]:
    return [" ".join(page.get_textpage().get_text_range().split()) for page in document]


@pytest.fixture(scope="module")
def printed(sample_site: SiteBuild, browser: Browser) -> dict[str, tuple[list[str], list[dict], int]]:
    folder = ARTIFACTS / "cetak"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    server, base = serve(sample_site.site)
    result = {}
    try:
        for key in PRINTED:
            name = key.replace("/", "__")
            document, lembar = _print(browser, base, key, folder / f"{name}.pdf")
            for number, page in enumerate(document, start=1):
                assert page.get_size() == pytest.approx(A4_LANDSCAPE, abs=1)
                page.render(scale=150 / 72).to_pil().save(folder / f"{name}-{number}.png")
            result[key] = (_texts(document), lembar, len(document))
    finally:
        server.shutdown()
    return result


@pytest.mark.parametrize("key", PRINTED)
def test_page_count_is_identity_then_flowchart_sheets(printed: dict, key: str) -> None:
    sop = next(s for s in CATALOG.sops if s.key == key)
    chart = bagan.layout(sop)
    sheets = bagan.sheets(chart, chart.width * PRINT_SHEET_RATIO)
    _, lembar, count = printed[key]
    assert len(lembar) == len(sheets)
    assert count == 1 + len(sheets), f"{key}: the Bagian Identitas must fit on page 1"


@pytest.mark.parametrize("key", PRINTED)
def test_first_page_is_the_bagian_identitas_and_nothing_else(printed: dict, key: str) -> None:
    sop = next(s for s in CATALOG.sops if s.key == key)
    first = printed[key][0][0]
    for label in ("Nomor SOP", "Tanggal Pembuatan", "Tanggal Revisi", "Tanggal Efektif", "Disahkan oleh", "Nama SOP"):
        assert label in first
    for box in ("Dasar Hukum", "Kualifikasi Pelaksana", "Keterkaitan", "Peralatan/Perlengkapan", "Peringatan"):
        assert box in first
    assert "Pencatatan dan Pendataan" in first
    assert sop.nomor in first and sop.disahkan_oleh.nama in first
    assert "PEMERINTAH KABUPATEN CONTOH" in first
    # Nothing of the screen: navigation, search, the Mermaid overview, the text table, the edit link.
    for screen_only in ("Beranda", "Cari SOP", "Diagram Alir", "Total waktu", "Data terbuka SOP ini"):
        assert all(screen_only not in text for text in printed[key][0]), screen_only


@pytest.mark.parametrize("key", PRINTED)
def test_every_flowchart_page_repeats_the_header_and_pairs_its_connectors(printed: dict, key: str) -> None:
    sop = next(s for s in CATALOG.sops if s.key == key)
    texts, lembar, _count = printed[key]
    for number, text in enumerate(texts[1:], start=2):
        for heading in ("No", "Kegiatan", "Pelaksana", "Mutu Baku", "Kelengkapan", "Waktu", "Output", "Keterangan"):
            assert heading in text, f"{key} page {number}: no {heading}"
        assert all(actor.split()[0] in text for actor in sop.pelaksana)
    for before, after in itertools.pairwise(lembar):
        assert before["bottom"] and before["bottom"] == after["top"]
    assert not lembar[0]["top"] and not lembar[-1]["bottom"]
    for number, sheet in enumerate(lembar, start=2):
        for label in sheet["top"] + sheet["bottom"]:
            assert re.search(rf"(^|\s){label}(\s|$)", texts[number - 1]), f"{key} page {number}: connector {label}"


@pytest.mark.parametrize("key", PRINTED)
def test_footer_on_every_page(printed: dict, key: str) -> None:
    sop = next(s for s in CATALOG.sops if s.key == key)
    texts, _, count = printed[key]
    for number, text in enumerate(texts, start=1):
        assert f"Halaman {number} dari {count}" in text
        assert sop.nama in text and sop.nomor in text
        assert f"Dicetak dari {SITE_URL}{key}/ pada " in text
        assert re.search(r"Dicetak dari \S+ pada \d{1,2} [A-Z][a-z]+ \d{4}", text)
        assert ("DICABUT" in text) == (sop.status == "dicabut"), f"{key} page {number}"


def test_qr_code_is_printed_in_the_corner(printed: dict) -> None:
    """A QR code (a square about 17 mm wide, roughly half dark) at the bottom right of every page."""
    from PIL import Image

    dots_per_mm = 150 / 25.4
    for png in sorted((ARTIFACTS / "cetak").glob("*.png")):
        with Image.open(png) as image:
            width, height = image.size
            corner = image.convert("L").crop((int(width * 0.85), int(height * 0.85), width, height))
            dark = corner.point(lambda value: 255 if value < 100 else 0)
            box = dark.getbbox()
            assert box is not None, f"{png.name}: nothing in the corner"
            side_x, side_y = box[2] - box[0], box[3] - box[1]
            assert 14 * dots_per_mm < side_x < 22 * dots_per_mm, f"{png.name}: corner mark {side_x} px wide"
            assert abs(side_x - side_y) <= 3, f"{png.name}: corner mark is not square"
            share = dark.crop(box).histogram()[255] / (side_x * side_y)
            assert 0.3 < share < 0.7, f"{png.name}: {share:.0%} dark, not a QR code"


def test_optional_pdf_files_with_a_download_link(tmp_path: Path) -> None:
    """With `pdf: true`, each published SOP has its PDF beside its page and an "Unduh PDF" link."""
    project = make_project(tmp_path / "situs")
    (project / "mkdocs-pdf.yml").write_text(
        "INHERIT: mkdocs.yml\nextra:\n  katalog:\n    pdf: true\n", encoding="utf-8"
    )
    result = build_site(project, extra_args=("-f", "mkdocs-pdf.yml"))
    assert result.returncode == 0, result.output
    published = [s for s in CATALOG.sops if s.status != "draf"]
    for sop in published:
        pdf = result.site / sop.opd_slug / f"{sop.slug}.pdf"
        assert pdf.read_bytes().startswith(b"%PDF")
        document = pdfium.PdfDocument(str(pdf))
        chart = bagan.layout(sop)
        assert len(document) == 1 + len(bagan.sheets(chart, chart.width * PRINT_SHEET_RATIO)), sop.key
        assert document[0].get_size() == pytest.approx(A4_LANDSCAPE, abs=1)
        html = (result.site / sop.opd_slug / sop.slug / "index.html").read_text(encoding="utf-8")
        assert f'href="../{sop.slug}.pdf"' in html and "Unduh PDF" in html
    assert "PDF SOP dicetak" in result.output


def test_pdf_is_off_by_default(sample_site: SiteBuild) -> None:
    assert not list(sample_site.site.rglob("*.pdf"))
    assert "Unduh PDF" not in (sample_site.site / "bagian-umum/pengelolaan-surat-masuk/index.html").read_text()


def test_v2_forms_are_printed(printed: dict) -> None:
    """Labelled outcomes and times as written reach the printed flowchart sheets."""
    flowchart = " ".join(printed["bpkad/pengiriman-dokumen-aset"][0][1:])
    for text in ("Dalam kota", "Luar kota", "Instansi pusat", "Sesuai jadwal", "1-3 hari"):
        assert text in flowchart, text
