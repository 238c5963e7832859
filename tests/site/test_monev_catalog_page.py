"""The catalogue page "Monitoring dan Evaluasi" on the built sample site (judged on 2026-12-01: the last
completed semester is Semester I 2026, which Kecamatan Sukamaju and BPKAD missed), the evaluation that
recommends revision on the review list, the maintainers' due lists and the build-log line; in Chromium at
360 and 1,280 px with axe-core."""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from tests.conftest import ARTIFACTS, MAINTAINERS, REPO, SiteBuild, build_site, serve
from tests.site.test_browser import axe_violations
from tests.site.test_monev_pages import text_of

MONEV = "monev/index.html"
DAY = {"KATALOG_SOP_TANGGAL": "2026-12-01"}


@pytest.fixture(scope="module")
def public(tmp_path_factory: pytest.TempPathFactory) -> SiteBuild:
    result = build_site(tmp_path_factory.mktemp("monev-public"), env=DAY)
    assert result.returncode == 0, result.output
    return result


@pytest.fixture(scope="module")
def preview(tmp_path_factory: pytest.TempPathFactory) -> SiteBuild:
    result = build_site(tmp_path_factory.mktemp("monev-preview"), env={**DAY, **MAINTAINERS})
    assert result.returncode == 0, result.output
    return result


def chart_items(site: Path) -> dict[str, str]:
    """OPD name -> the text of its chart item, and the bar widths in it."""
    page = (site / MONEV).read_text(encoding="utf-8")
    chart = page[page.index('<ul class="monev-grafik">') :]
    chart = chart[: chart.index("</ul>")]
    items = {}
    for item in re.findall(r"<li>(.*?)</li>", chart, flags=re.S):
        name = re.sub(r"<[^>]+>", "", item.split("</a>")[0]).strip()
        widths = re.findall(r'class="monev-batang__isi" width="(\d+)"', item)
        items[name] = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", item)) + " bars=" + ",".join(widths)
    return items


def test_the_page_is_in_the_navigation_with_its_title(public: SiteBuild) -> None:
    page = (public.site / MONEV).read_text(encoding="utf-8")
    assert "<h1>Monitoring dan Evaluasi</h1>" in page
    assert "<title>Monitoring dan Evaluasi - " in page
    home = (public.site / "index.html").read_text(encoding="utf-8")
    assert re.search(r'href="monev/"[^>]*>\s*(<span[^>]*>\s*)?Monitoring dan Evaluasi', home)
    assert "monev/" in (public.site / "sitemap.xml").read_text(encoding="utf-8")


def test_chart_shows_each_opd_coverage_and_share_as_text_and_bars(public: SiteBuild) -> None:
    items = chart_items(public.site)
    dukcapil = items["Dinas Kependudukan dan Pencatatan Sipil"]
    assert "Dimonitor: 3 dari 3 (100%)" in dukcapil
    assert "Berjalan dengan baik: 2 dari 3 (67%)" in dukcapil
    assert dukcapil.endswith("bars=100,67")
    dpmptsp = items["Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu"]
    assert "Dimonitor: 2 dari 3 (67%)" in dpmptsp and dpmptsp.endswith("bars=67,100")
    for missed in ("Kecamatan Sukamaju", "Badan Pengelolaan Keuangan dan Aset Daerah"):
        assert "Belum melapor: 3 SOP berlaku belum dimonitor pada Semester I 2026." in items[missed]
        assert items[missed].endswith("bars=")
    text = text_of(public.site, MONEV, 'id="cakupan"')
    assert "8 dari 9 SOP yang berlaku di perangkat daerah yang melapor dimonitor pada Semester I 2026" in text
    assert "2 perangkat daerah belum melapor" in text
    assert re.search(r"belum melapor monitoring Semester I 2026: Badan Pengelolaan .* Kecamatan Sukamaju", text)
    page = (public.site / MONEV).read_text(encoding="utf-8")
    assert 'href="disdukcapil/2026-1/"' in page  # each OPD's formulir of the period
    assert "<script" not in page.split('id="cakupan"')[1].split("</article>")[0]  # drawn without a script


def test_trend_table_by_period_with_change(public: SiteBuild) -> None:
    page = (public.site / MONEV).read_text(encoding="utf-8")
    table = page[page.index('aria-label="Tren cakupan monitoring per semester"') :]
    table = table[: table.index("</table>")]
    headers = re.findall(r'<th scope="col">(.*?)</th>', table)
    assert headers == [
        "Perangkat daerah",
        "Semester II 2025",
        "Semester I 2026",
        "Semester II 2026 (berjalan)",
        "Perubahan",
    ]
    rows = {
        re.sub(r"<[^>]+>", "", row.split("</th>")[0]).strip(): re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row))
        for row in re.findall(r"<tr><th scope=\"row\">(.*?)</tr>", table, flags=re.S)
    }
    assert re.search(
        r"3/3 \(100%\) 2 baik +3/3 \(100%\) 2 baik +2/3 \(67%\) 2 baik +turun 33 poin",
        rows["Dinas Kependudukan dan Pencatatan Sipil"],
    )
    assert re.search(r"3/3 \(100%\) 2 baik +tidak ada +belum +-", rows["Kecamatan Sukamaju"])
    assert "Badan Pengelolaan Keuangan dan Aset Daerah" not in rows  # never reported: in the chart, not the trend


def test_recommendations_and_not_working_lists_say_why(public: SiteBuild) -> None:
    text = text_of(public.site, MONEV, 'id="rekomendasi"')
    recommended, not_working = text.split("Tidak berjalan dengan baik", 1)
    assert re.search(
        r"Penerbitan Akta Kelahiran .*Rekomendasi: direvisi \(evaluasi Semester I 2026; \d dari 7 "
        r"kriteria terpenuhi\)\. Alasan: \S+.* Tindak lanjut: belum\.",
        recommended,
    )
    assert re.search(r"Penerbitan Izin Usaha .*Rekomendasi: dicabut .*Tindak lanjut: sudah dicabut\.", recommended)
    assert "Tindakan:" in not_working and "tidak berjalan dengan baik" in not_working


def test_revision_recommended_marks_the_sop_due_for_review(public: SiteBuild, preview: SiteBuild) -> None:
    review = text_of(public.site, "perlu-ditinjau/index.html", "<h1>")
    assert re.search(r"Penerbitan Akta Kelahiran .*rekomendasi evaluasi Semester I 2026: Langkah verifikasi", review)
    banner = text_of(preview.site, "disdukcapil/penerbitan-akta-kelahiran/index.html", "sop-status--tinjau")
    assert re.search(
        r"Perlu ditinjau ulang — evaluasi Semester I 2026 \(\d+ \w+ 2026\) merekomendasikan SOP ini "
        r"direvisi: Langkah verifikasi",
        banner,
    )
    identitas = text_of(public.site, "disdukcapil/penerbitan-akta-kelahiran/index.html", "sop-identitas__tinjau")
    assert identitas.startswith(
        'sop-identitas__tinjau"> Tinjauan berkala Evaluasi Semester I 2026 merekomendasikan revisi;'
    )


def test_due_lists_only_for_maintainers_and_the_build_log_line(public: SiteBuild, preview: SiteBuild) -> None:
    assert 'id="perlu-dimonitor"' not in (public.site / MONEV).read_text(encoding="utf-8")
    text = html.unescape(text_of(preview.site, MONEV, 'id="perlu-dimonitor"'))
    match = re.search(
        r"(\d+) SOP belum dimonitor pada Semester I 2026 maupun Semester II 2026; (\d+) SOP belum "
        r"dievaluasi",
        text,
    )
    assert match, text[:400]
    assert "Kecamatan Sukamaju: 3 perlu dimonitor" in text  # it missed Semester I 2026 and has no file now
    assert "scripts/new_monev.py --opd <opd> --periode 2026-2" in text
    log = re.search(
        r"Katalog SOP: (\d+) SOP belum dimonitor pada Semester I 2026 maupun Semester II 2026; (\d+) "
        r"SOP belum dievaluasi dalam 12 bulan terakhir",
        public.output,
    )
    assert log, public.output
    assert log.groups() == match.groups()


def test_a_catalogue_without_monitoring_has_no_such_page(tmp_path: Path) -> None:
    shutil.copytree(REPO / "sops", tmp_path / "sops", ignore=shutil.ignore_patterns("_monev"))
    result = build_site(tmp_path, sources=tmp_path / "sops", env=DAY)
    assert result.returncode == 0, result.output
    assert not (result.site / "monev").exists()
    assert 'href="monev/"' not in (result.site / "index.html").read_text(encoding="utf-8")
    assert "belum dimonitor" not in result.output
    assert "rekomendasi evaluasi" not in (result.site / "perlu-ditinjau/index.html").read_text(encoding="utf-8")


def test_monev_page_in_chromium(public: SiteBuild, preview: SiteBuild, browser: Browser) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    problems: list[str] = []
    for name, build in (("publik", public), ("pratinjau", preview)):
        server, base = serve(build.site)
        try:
            for width in (360, 1280):
                for scheme in ("light", "dark"):
                    page = browser.new_page(viewport={"width": width, "height": 900}, color_scheme=scheme)
                    page.goto(f"{base}/monev/")
                    page.wait_for_load_state("networkidle")
                    page.screenshot(path=str(ARTIFACTS / f"monev-katalog-{name}-{width}-{scheme}.png"), full_page=True)
                    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
                    if overflow > 0:
                        problems.append(f"{name} @{width}: {overflow} px too wide")
                    bar = page.locator(".monev-grafik svg.monev-batang").first.bounding_box()
                    if bar is None:
                        problems.append(f"{name} @{width}: no chart bar is shown")
                    elif not (4 <= bar["height"] <= 16 and bar["width"] >= 200):
                        problems.append(f"{name} @{width}: a chart bar is {bar['width']}x{bar['height']} px")
                    problems += [f"{name} @{width} {scheme}: {v}" for v in axe_violations(page)]
                    page.close()
        finally:
            server.shutdown()
    assert not problems, "\n".join(problems)
