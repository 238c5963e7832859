"""Monitoring and evaluation on the built sample site: the SOP page's section, the OPD page's table and the
printable Formulir Monitoring; at 360 px in Chromium, printed to A4, and checked with axe-core."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pdfplumber
import pytest
from playwright.sync_api import Browser

from tests.conftest import ARTIFACTS, SiteBuild, build_site, serve
from tests.site.test_browser import axe_violations

AKTA = "disdukcapil/penerbitan-akta-kelahiran/index.html"
OPD = "disdukcapil/index.html"
FORM = "monev/disdukcapil/2026-1/index.html"


@pytest.fixture(scope="module")
def monev_site(tmp_path_factory: pytest.TempPathFactory) -> SiteBuild:
    result = build_site(tmp_path_factory.mktemp("monev"), env={"KATALOG_SOP_TANGGAL": "2026-12-01"})
    assert result.returncode == 0, result.output
    return result


def text_of(site: Path, page: str, start: str = "") -> str:
    html = (site / page).read_text(encoding="utf-8")
    if start:
        html = html[html.index(start) :]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def monev_section(site: Path, page: str) -> str:
    text = text_of(site, page, 'id="monitoring-evaluasi"')
    return text.split("Riwayat Perubahan")[0]


def test_sop_page_shows_latest_result_evaluation_and_history(monev_site: SiteBuild) -> None:
    text = monev_section(monev_site.site, AKTA)
    assert "Semester II 2026: berjalan dengan baik." in text
    assert "Evaluasi Semester I 2026" in text
    assert "Rekomendasi: direvisi" in text
    html = (monev_site.site / AKTA).read_text(encoding="utf-8")
    answers = re.findall(r'<span class="monev-jawaban">(ya|tidak)</span>', html)
    assert len(answers) == 7
    assert "Mudah dilaksanakan" in text and "Sinergi satu dengan lainnya" in text
    history = text.split("Riwayat monitoring")[1]
    periods = re.findall(r"Semester I+ \d{4}", history)
    assert periods[:3] == ["Semester II 2026", "Semester I 2026", "Semester II 2025"]
    assert "Tindakan: Membuka loket tambahan" in history
    assert 'href="../../monev/disdukcapil/2026-1/' in html


def test_sop_without_results_says_so(monev_site: SiteBuild) -> None:
    pages = [p for p in (monev_site.site / "bpkad").glob("*/index.html")]
    assert pages
    for page in pages:
        text = monev_section(monev_site.site, str(page.relative_to(monev_site.site)))
        assert "Belum ada hasil monitoring untuk SOP ini." in text


def test_opd_page_table_and_coverage(monev_site: SiteBuild) -> None:
    text = text_of(monev_site.site, OPD, 'id="monitoring-evaluasi"')
    assert "Semester II 2026: 2 dari 3 SOP dimonitor" in text
    assert "No Prosedur Penilaian Catatan Tindakan Penilai" in text
    assert "1 Penerbitan Akta Kelahiran berjalan dengan baik" in text
    assert "Formulir Monitoring Semester I 2026" in text and "Formulir Monitoring Semester II 2025" in text
    html = (monev_site.site / OPD).read_text(encoding="utf-8")
    assert 'href="../monev/disdukcapil/2026-2/"' in html
    assert 'href="penerbitan-akta-kelahiran/"' in html
    assert "Belum ada hasil monitoring untuk perangkat daerah ini." in text_of(monev_site.site, "bpkad/index.html")


def test_formulir_page_rows_and_assessor(monev_site: SiteBuild) -> None:
    text = text_of(monev_site.site, FORM, "monev-formulir")
    assert "FORMULIR MONITORING PELAKSANAAN SOP AP" in text
    assert "Periode Semester I 2026" in text and "Tanggal 24 Juni 2026" in text
    assert "Berjalan dengan baik Tidak berjalan dengan baik" in text
    for row in ("1 Penerbitan Akta Kelahiran", "2 Penerbitan Akta Kematian", "3 Pengarsipan Dokumen Digital"):
        assert row in text
    assert "Membuka loket tambahan pada Senin" in text
    assert "Jabatan Kepala Bagian Organisasi Sekretariat Daerah Nama Dra. Siti Aminah, M.Si." in text
    assert "NIP 19750202 200003 2 002 Paraf" in text
    home = (monev_site.site / "index.html").read_text(encoding="utf-8")
    assert "monev/disdukcapil/" not in home  # not in the navigation, like the SOP pages


def test_monev_pages_in_chromium(monev_site: SiteBuild, browser: Browser) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    server, base = serve(monev_site.site)
    problems: list[str] = []
    try:
        for name, path in (("sop", AKTA), ("opd", OPD), ("formulir", FORM)):
            url = f"{base}/{path.removesuffix('index.html')}"
            for width in (360, 1280):
                page = browser.new_page(viewport={"width": width, "height": 900})
                page.goto(url)
                page.wait_for_load_state("networkidle")
                page.locator("#monitoring-evaluasi, .monev-formulir").first.scroll_into_view_if_needed()
                page.wait_for_timeout(300)  # the scroll settles before the picture
                page.screenshot(path=str(ARTIFACTS / f"monev-{name}-{width}.png"))
                if width == 360:
                    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
                    if overflow > 0:
                        problems.append(f"{path} @360: {overflow} px too wide")
                    problems += [f"{path}: {v}" for v in axe_violations(page)]
                page.close()
        page = browser.new_page()
        page.goto(f"{base}/{FORM.removesuffix('index.html')}")
        page.emulate_media(media="print")
        page.screenshot(path=str(ARTIFACTS / "monev-formulir-print.png"), full_page=True)
        pdf = page.pdf(format="A4", print_background=True)
        (ARTIFACTS / "monev-formulir.pdf").write_bytes(pdf)
        page.close()
    finally:
        server.shutdown()
    assert not problems, "\n".join(problems)
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        text = "\n".join(p.extract_text() or "" for p in document.pages)
        width, height = document.pages[0].width, document.pages[0].height
    assert "FORMULIR MONITORING PELAKSANAAN SOP AP" in text
    assert "Penerbitan Akta Kelahiran" in text and "Penerbitan Akta Kematian" in text
    assert "Dra. Siti Aminah" in text and "Paraf" in text
    assert "Kembali ke atas" not in text  # the site chrome is hidden in print
    assert abs(min(width, height) - 595.3) < 1.5 and abs(max(width, height) - 841.9) < 1.5  # A4
