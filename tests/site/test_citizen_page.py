"""The citizen's answers first (issue 14): the summary under the title, a calm review note on the public
site and the loud one for maintainers, search results that say what an SOP is about, the biaya filter."""

from __future__ import annotations

import html
import re

from playwright.sync_api import Browser

from tests.conftest import ARTIFACTS, SiteBuild, serve
from tests.site.test_search import results

AKTA = "disdukcapil/penerbitan-akta-kelahiran"  # has `layanan`
AKTA_KEMATIAN = "disdukcapil/penerbitan-akta-kematian"  # due by its schedule
BARANG = "bpkad/penerimaan-barang-milik-daerah"  # no `layanan`: answered from its steps


def page_of(site: SiteBuild, key: str) -> str:
    return (site.site / key / "index.html").read_text(encoding="utf-8")


def text_of(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def summary_of(page: str) -> str:
    start = page.index('<section class="sop-ringkasan"')
    return page[start : page.index("</section>", start)]


def test_summary_comes_right_after_the_title(sample_site: SiteBuild) -> None:
    page = page_of(sample_site, AKTA)
    title, summary = page.index('<h1 class="sop-judul">'), page.index('<section class="sop-ringkasan"')
    assert title < summary < page.index('id="bagian-identitas"')
    shown = text_of(summary_of(page))
    for expected in (
        "Ringkasan layanan",
        "Persyaratan Surat keterangan lahir",
        "Biaya Tidak dipungut biaya",
        "Waktu penyelesaian 1 hari kerja",
        "Produk layanan Kutipan akta kelahiran",
        "Tempat dan jam layanan Loket 3, Mal Pelayanan Publik Kabupaten Contoh Senin-Kamis",
        "Pengaduan SP4N-LAPOR! (www.lapor.go.id)",
    ):
        assert expected in shown, expected
    assert '<a href="tel:0721481120">(0721) 481120</a>' in summary_of(page)


def test_without_layanan_the_steps_answer(sample_site: SiteBuild) -> None:
    shown = text_of(summary_of(page_of(sample_site, BARANG)))
    assert shown.startswith("Ringkasan Yang perlu disiapkan Surat pesanan atau kontrak Faktur Daftar barang")
    assert "Lama proses 1 hari kerja 24 jam 30 menit" in shown and "Hasil Arsip penerimaan barang" in shown
    assert "Yang terlibat Penyedia Barang, Pengurus Barang" in shown
    assert "Tempat Jl. Jenderal Sudirman No. 12, Kabupaten Contoh Telepon (0721) 480120" in shown


def test_review_is_calm_for_the_public_and_loud_for_maintainers(
    sample_site: SiteBuild, maintainers_site: SiteBuild
) -> None:
    # AKTA is due because its evaluation recommended revisi; AKTA_KEMATIAN because its date has passed.
    for key, reason in (
        (AKTA, r"Evaluasi Semester I 2026 merekomendasikan revisi"),
        (AKTA_KEMATIAN, r"Dijadwalkan \d+ \w+ \d{4}"),
    ):
        public, maintained = page_of(sample_site, key), page_of(maintainers_site, key)
        assert "sop-status--tinjau" not in public and "Perlu ditinjau ulang" not in public
        note = re.search(r'<tr class="sop-identitas__tinjau">(.*?)</tr>', public, re.S)
        assert note and re.search(rf"Tinjauan berkala {reason}; SOP ini tetap berlaku", text_of(note[1])), key
        assert "sop-status--tinjau" in maintained and "Perlu ditinjau ulang" in maintained
    home = (sample_site.site / "index.html").read_text(encoding="utf-8")
    assert "SOP perlu ditinjau" not in text_of(home[home.index('class="beranda-angka"') :][:800])
    maintained_home = (maintainers_site.site / "index.html").read_text(encoding="utf-8")
    assert "SOP perlu ditinjau" in text_of(maintained_home[maintained_home.index('class="beranda-angka"') :][:800])
    review = text_of((sample_site.site / "perlu-ditinjau" / "index.html").read_text(encoding="utf-8"))
    assert "tinjau_ulang" not in review and "tanggal_revisi" not in review and "riwayat" not in review
    assert "tetap berlaku dan dapat dipakai seperti biasa" in review
    assert "tinjau_ulang" in text_of((maintainers_site.site / "perlu-ditinjau" / "index.html").read_text("utf-8"))


def test_search_results_say_what_the_sop_is_about_and_filter_by_biaya(sample_site: SiteBuild, browser: Browser) -> None:
    server, base = serve(sample_site.site)
    try:
        page = browser.new_page(viewport={"width": 360, "height": 800})
        found = results(page, base, "akta")
        assert found[0]["title"] == "Penerbitan Akta Kelahiran"
        excerpts = page.eval_on_selector_all("#cari-hasil > li", "ls => ls.map(l => l.innerText)")
        assert "Persyaratan" in excerpts[0] and "Surat keterangan lahir" in excerpts[0]
        assert not any("Bagian Identitas" in e or "Nama OPD" in e for e in excerpts), excerpts
        assert [r["title"] for r in results(page, base, "", biaya="gratis")] == ["Penerbitan Akta Kelahiran"]
        assert [r["title"] for r in results(page, base, "izin", biaya="berbiaya")] == [
            "Penerbitan Perizinan Berusaha Berbasis Risiko"
        ]
        page.close()
    finally:
        server.shutdown()


def test_summary_fits_the_first_phone_screen(sample_site: SiteBuild, browser: Browser) -> None:
    server, base = serve(sample_site.site)
    try:
        page = browser.new_page(viewport={"width": 360, "height": 800})
        page.goto(f"{base}/{AKTA}/")
        box = page.evaluate(
            """() => { const r = document.querySelector('.sop-ringkasan').getBoundingClientRect();
                       const d = [...document.querySelectorAll('.sop-ringkasan dt')].map(dt => dt.textContent);
                       const cost = [...document.querySelectorAll('.sop-ringkasan dt')]
                           .find(dt => dt.textContent === 'Biaya').getBoundingClientRect();
                       return {top: r.top, right: r.right, costBottom: cost.bottom, labels: d}; }"""
        )
        assert box["top"] < 300 and box["right"] <= 360
        assert box["costBottom"] < 800  # what to bring and what it costs, without scrolling
        page.screenshot(path=ARTIFACTS / "ponsel" / "ringkasan-akta-360.png")
        page.close()
    finally:
        server.shutdown()
