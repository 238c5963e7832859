"""Format version 2 in a real build of the sample catalogue: every form on the page, in both diagrams,
in print and in open data. The samples in sops/bpkad/ use every v2 form."""

from __future__ import annotations

import csv
import html
import io
import json
import re

import jsonschema
from playwright.sync_api import Browser

from tests.conftest import SiteBuild, serve

PENERIMAAN = "bpkad/penerimaan-barang-milik-daerah"  # joint step, fork, rate, multiple, range, text, output lists
PENGIRIMAN = "bpkad/pengiriman-dokumen-aset"  # three labelled outcomes, joint end step, related by name
INDUK = "bpkad/pengelolaan-barang-milik-daerah"  # one step, related SOPs cited by name


def page_of(site: SiteBuild, key: str) -> str:
    return (site.site / key / "index.html").read_text(encoding="utf-8")


def text_of(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def step_row(page: str, number: int) -> str:
    match = re.search(rf'<tr id="langkah-{number}"[^>]*>(.*?)</tr>', page, re.S)
    assert match, number
    return match[1]


def flowchart_svg(page: str) -> str:
    start = page.index('<div class="sop-bagan"')
    return page[start : page.index("</svg>", start)]


def test_step_table_shows_every_v2_form(sample_site: SiteBuild) -> None:
    page = page_of(sample_site, PENERIMAAN)
    joint = step_row(page, 3)
    # A joint step: named in full, and its symbol in each of its three actors' columns.
    assert "Bersama: Penyedia Barang, Pengurus Barang, Kepala Subbagian Umum" in text_of(joint)
    cells = re.findall(r"<td[^>]*>.*?</td>", joint, re.S)[2:6]  # the four pelaksana columns
    assert ["sop-simbol" in cell for cell in cells] == [True, True, False, True]
    assert "Lanjut ke langkah 4 dan langkah 5" in text_of(joint)  # a fork
    assert "Berita Acara Serah Terima (BAST)<br>Salinan BAST untuk penyedia" in joint  # output list
    assert "1 x 24 jam" in text_of(joint)
    assert "15 menit/ barang" in text_of(step_row(page, 2))  # a rate, as written
    total = text_of(page[page.index('class="sop-total"') :][:1500])
    assert "Total waktu (jalur utama): 1 hari kerja 24 jam 30 menit \u2013 2 hari kerja 25 jam" in total
    assert "Tidak dijumlahkan: langkah 1 (Sesuai masa kontrak: waktu berupa teks)" in total
    assert "langkah 2 (15 menit/ barang: waktu per butir" in total
    decision = text_of(step_row(page_of(sample_site, PENGIRIMAN), 2))
    assert "Tujuan pengiriman? Dalam kota → langkah 3; Luar kota → langkah 4; Instansi pusat → langkah 5" in decision


def test_related_sops_by_name_link_both_ways(sample_site: SiteBuild) -> None:
    induk = page_of(sample_site, INDUK)
    box = induk[induk.index("<h3>Keterkaitan</h3>") :][:2000]
    assert '<a href="../penerimaan-barang-milik-daerah/">Penerimaan dan Pencatatan Barang Milik Daerah</a>' in box
    assert '<a href="../pengiriman-dokumen-aset/">Pengiriman Dokumen Aset</a>' in box
    assert "<li>SOP Penghapusan Barang Milik Daerah</li>" in box  # no SOP of that name: stays text
    # The backlink: written as text without "SOP " in pengiriman, it still links and is listed on the induk.
    backlinks = text_of(induk[induk.index('id="dirujuk-oleh"') :][:3000])
    assert "Penerimaan dan Pencatatan Barang Milik Daerah" in backlinks and "Pengiriman Dokumen Aset" in backlinks


def test_one_step_sop_has_its_page_and_one_terminator(sample_site: SiteBuild) -> None:
    page = page_of(sample_site, INDUK)
    assert re.findall(r'<tr id="langkah-(\d+)"', page) == ["1"]
    svg = flowchart_svg(page)
    assert svg.count("bagan-simbol--kapsul") == 1 and "bagan-panah" not in svg.split("</defs>")[-1]
    assert "Sepanjang tahun" in text_of(svg)


def test_bagian_flowchart_draws_joint_steps_labels_and_forks(sample_site: SiteBuild) -> None:
    svg = flowchart_svg(page_of(sample_site, PENERIMAAN))
    assert svg.count("bagan-garis-sambung") == 1  # one joining line through the three copies of step 3
    assert svg.count("bagan-simbol--kotak") == 3 + 2  # step 3 thrice, steps 4 and 5
    labels = re.findall(
        r'<text class="bagan-label"[^>]*>(?:<tspan[^>]*>)?([^<]*)<', flowchart_svg(page_of(sample_site, PENGIRIMAN))
    )
    assert sorted(labels) == ["Dalam kota", "Instansi pusat", "Luar kota"]
    # Only the official symbols: terminator, process, decision (plus arrows and, in print, connectors).
    kinds = set(re.findall(r"bagan-simbol--(\w+)", svg))
    assert kinds <= {"kapsul", "kotak", "ketupat"}


def test_print_sheets_carry_the_v2_drawing(sample_site: SiteBuild) -> None:
    page = page_of(sample_site, PENERIMAAN)
    printed = page[page.index('<div class="sop-cetak sop-cetak--bagan"') :]
    printed = printed[: printed.index('<h2 id="diagram-alir"')]
    assert printed.count("bagan-garis-sambung") >= 1 and "1 x 24 jam" in text_of(printed)


def test_mermaid_diagram_shows_joint_steps_outcomes_and_forks(sample_site: SiteBuild, browser: Browser) -> None:
    server, base = serve(sample_site.site)
    try:
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        page.goto(f"{base}/{PENGIRIMAN}/")
        page.locator(".sop-diagram-lipat > summary").click()  # Mermaid is fetched when the reader opens it
        page.wait_for_selector(".sop-diagram[data-digambar]", timeout=15_000)
        labels = page.eval_on_selector_all(".sop-diagram svg .edgeLabel", "ls => ls.map(l => l.textContent.trim())")
        assert {"Dalam kota", "Luar kota", "Instansi pusat"} <= set(labels)
        # The joint last step is drawn in both of its lanes, the copies joined by a line.
        placed = page.evaluate(
            """() => {
                const node = (id) => [...document.querySelectorAll('.sop-diagram g.node')]
                    .find(g => g.id.includes(`-flowchart-${id}-`)).getBoundingClientRect();
                const inside = (id, lane) => {
                    const n = node(id);
                    const l = document.querySelector(`.sop-diagram g.cluster[id$="-${lane}"]`).getBoundingClientRect();
                    return n.left >= l.left && n.right <= l.right && n.top >= l.top && n.bottom <= l.bottom;
                };
                return {first: inside('n6', 'lane1'), copy: inside('n6l3', 'lane3'),
                        joined: !!document.querySelector('.sop-diagram path[id$="L_n6_n6l3_0"]')};
            }"""
        )
        assert placed == {"first": True, "copy": True, "joined": True}
        page.goto(f"{base}/{PENERIMAAN}/")
        page.locator(".sop-diagram-lipat > summary").click()
        page.wait_for_selector(".sop-diagram[data-digambar]", timeout=15_000)
        edges = page.eval_on_selector_all(
            ".sop-diagram svg path[id*='L_n3_']", "ps => ps.map(p => p.id.split('L_')[1])"
        )
        assert sorted(edges) == ["n3_n3l2_0", "n3_n3l4_0", "n3_n4_0", "n3_n5_0"]  # two joins, two fork arrows
        page.close()
    finally:
        server.shutdown()


def test_open_data_keeps_lists_and_times_as_written(sample_site: SiteBuild) -> None:
    record = json.loads((sample_site.site / f"{PENERIMAAN}.json").read_text(encoding="utf-8"))
    joint = record["kegiatan"][2]
    assert joint["pelaksana"] == ["Penyedia Barang", "Pengurus Barang", "Kepala Subbagian Umum"]
    assert joint["lanjut"] == [4, 5]
    assert joint["output"] == ["Berita Acara Serah Terima (BAST)", "Salinan BAST untuk penyedia"]
    assert joint["waktu"] == "1 x 24 jam"
    assert joint["waktu_rinci"]["bentuk"] == "kelipatan"
    assert joint["waktu_rinci"]["paling_lama"] == {"jumlah": 24.0, "satuan": "jam"}
    rate = record["kegiatan"][1]["waktu_rinci"]
    assert (rate["bentuk"], rate["per"], rate["paling_singkat"]) == (
        "laju",
        "barang",
        {"jumlah": 15.0, "satuan": "menit"},
    )
    assert record["kegiatan"][0]["waktu_rinci"] == {
        "teks": "Sesuai masa kontrak", "bentuk": "teks", "paling_singkat": None, "paling_lama": None, "per": None,
    }  # fmt: skip
    decision = json.loads((sample_site.site / f"{PENGIRIMAN}.json").read_text(encoding="utf-8"))["kegiatan"][1]
    assert decision["keputusan"]["cabang"] == [
        {"label": "Dalam kota", "ke": 3}, {"label": "Luar kota", "ke": 4}, {"label": "Instansi pusat", "ke": 5},
    ]  # fmt: skip
    catalogue = json.loads((sample_site.site / "data" / "sop.json").read_text(encoding="utf-8"))
    schema = json.loads((sample_site.site / "data" / "sop.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema).validate(catalogue)
    rows = list(csv.DictReader(io.StringIO((sample_site.site / "data" / "sop.csv").read_text(encoding="utf-8-sig"))))
    row = next(r for r in rows if r["nomor"] == record["nomor"])
    assert row["total_waktu"] == "1 hari kerja 24 jam 30 menit \u2013 2 hari kerja 25 jam"
