"""The citizen's summary at the top of an SOP page (`layanan`, or what the steps tell), in-process."""

from __future__ import annotations

from pathlib import Path

import pytest

from katalog_sop import CatalogError, build_catalog
from katalog_sop.catalog.summary import summarize
from tests.conftest import OPD_YAML, REPO, SOP_YAML, write_catalog

CATALOG = build_catalog(REPO / "sops", REPO).catalog
OPDS = {opd.slug: opd for opd in CATALOG.opds}


def summary_of(key: str):
    sop = next(s for s in CATALOG.sops if s.key == key)
    return summarize(sop, OPDS[sop.opd_slug])


def test_layanan_answers_first() -> None:
    summary = summary_of("disdukcapil/penerbitan-akta-kelahiran")
    assert summary.from_layanan
    assert summary.persyaratan[0].startswith("Surat keterangan lahir")
    assert (summary.biaya, summary.gratis, summary.waktu) == ("Tidak dipungut biaya", True, "1 hari kerja")
    assert summary.produk == ("Kutipan akta kelahiran", "Kartu Keluarga yang diperbarui")
    assert summary.tempat == "Loket 3, Mal Pelayanan Publik Kabupaten Contoh"
    assert summary.pengaduan == ("SP4N-LAPOR! (www.lapor.go.id)", "(0721) 481120")


def test_a_payment_anywhere_makes_it_berbiaya() -> None:
    summary = summary_of("dpmptsp/penerbitan-perizinan-berusaha")
    assert summary.gratis is False and str(summary.waktu) == "1 - 5 hari kerja"


def test_without_layanan_the_steps_answer() -> None:
    summary = summary_of("bpkad/penerimaan-barang-milik-daerah")
    assert not summary.from_layanan and summary.biaya is None and summary.gratis is None
    assert summary.persyaratan == ("Surat pesanan atau kontrak", "Faktur", "Daftar barang")  # step 1's kelengkapan
    assert summary.waktu == "1 hari kerja 24 jam 30 menit \u2013 2 hari kerja 25 jam"
    assert summary.produk == ("Arsip penerimaan barang",)  # the output of the step that ends it
    assert summary.tempat == "Jl. Jenderal Sudirman No. 12, Kabupaten Contoh"
    assert summary.pelaksana[0] == "Penyedia Barang"


@pytest.mark.parametrize(
    ("biaya", "gratis"),
    [
        ("Gratis", True),
        ("Rp 0,-", True),
        ("Rp0", True),
        ("Nihil", True),
        ("Rp 25.000 (Perda Nomor 3 Tahun 2023)", False),
        ("Retribusi sesuai Perda; selebihnya tidak dipungut biaya", False),
        ("Sesuai ketentuan", False),
    ],
)
def test_free_or_paid_as_written(tmp_path: Path, biaya: str, gratis: bool) -> None:
    text = SOP_YAML + f"layanan:\n  biaya: '{biaya}'\n"
    sources = write_catalog(tmp_path, {"dincon/_opd.yml": OPD_YAML, "dincon/a.yml": text})
    catalog = build_catalog(sources, tmp_path).catalog
    assert summarize(catalog.sops[0], catalog.opds[0]).gratis is gratis


def test_layanan_problems_are_reported_at_their_place(tmp_path: Path) -> None:
    text = SOP_YAML + "layanan:\n  persyaratn: [KTP]\n  waktu_penyelesaian: 10 mnit\n"
    sources = write_catalog(tmp_path, {"dincon/_opd.yml": OPD_YAML, "dincon/a.yml": text})
    with pytest.raises(CatalogError) as caught:
        build_catalog(sources, tmp_path)
    found = [str(p) for p in caught.value.problems]
    assert any(
        p.startswith("sops/dincon/a.yml:30:3: kunci `persyaratn` tidak dikenal") and "`persyaratan`" in p for p in found
    ), found
    assert any(p.startswith("sops/dincon/a.yml:31:23: `waktu_penyelesaian`: waktu yang diawali angka") for p in found)
