"""Format version 2 (real signed documents): read into the model, and broken forms reported at their line."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pytest

from katalog_sop import build_catalog
from katalog_sop.catalog.model import END, Symbol
from katalog_sop.catalog.waktu import Form
from katalog_sop.site.render import render_site
from tests.conftest import OPD_YAML, REPO, SOP_YAML, catalog_problems, site_settings, write_catalog
from tests.conftest import edit as edit_text

# Every v2 form in one SOP: a joint step, times as written (range, multiple, rate, text), a
# three-outcome decision, a fork, output lists. Line numbers below are asserted by the tests.
V2_SOP_YAML = """\
nomor: "002/SOP/CONTOH/2026"
nama: Pengiriman Barang Contoh
tanggal_pembuatan: 2026-01-05
tanggal_efektif: 2026-01-12
disahkan_oleh:
  jabatan: Kepala Dinas Contoh
  nama: Drs. Contoh Saja, M.Si.
dasar_hukum:
  - Peraturan Bupati Contoh Nomor 1 Tahun 2024
keterkaitan:
  - sop pelayanan   contoh
  - SOP Pelayanan Cntoh
  - Pengiriman Barang Contoh
pelaksana:
  - Pengurus Barang
  - Kurir
  - Kepala Subbagian
kegiatan:
  - uraian: Menyiapkan barang
    pelaksana: Pengurus Barang
    waktu: 1-2 hari kerja
    output: [Barang siap kirim, Surat pengantar]
  - uraian: Menentukan cara pengiriman
    pelaksana: [Pengurus Barang, Kepala Subbagian]
    waktu: 15 menit/ berkas
    keputusan:
      pertanyaan: Tujuan?
      cabang:
        - label: Dalam kota
          ke: 3
        - label: Luar kota
          ke: pos
        - label: Dibatalkan
          ke: selesai
  - uraian: Mengantar barang
    pelaksana: Kurir
    waktu: Sesuai jadwal
    lanjut: [5, 6]
  - id: pos
    uraian: Mengirim lewat pos
    pelaksana: Kurir
    waktu: 1 x 24 Jam
    lanjut: 6
  - uraian: Memberi tahu penerima
    pelaksana: Kepala Subbagian
    waktu: 5 menit
    lanjut: selesai
  - uraian: Mencatat pengiriman
    pelaksana: [Pengurus Barang, Kurir]
    waktu: 10 menit
"""


def catalog_of(tmp_path: Path, files: dict[str, str]):
    sources = write_catalog(tmp_path, {"dincon/_opd.yml": OPD_YAML, **files})
    return build_catalog(sources, tmp_path)


def edit(old: str, new: str, text: str = V2_SOP_YAML) -> str:
    return edit_text(old, new, text)


def test_every_v2_form_is_read_into_the_model(tmp_path: Path) -> None:
    result = catalog_of(tmp_path, {"dincon/a.yml": SOP_YAML, "dincon/b.yml": V2_SOP_YAML})
    sop = next(s for s in result.catalog.sops if s.slug == "b")
    steps = sop.kegiatan
    assert steps[0].output == ("Barang siap kirim", "Surat pengantar")
    assert steps[0].waktu.bentuk is Form.RANGE and str(steps[0].waktu) == "1-2 hari kerja"
    assert steps[1].pelaksana == ("Pengurus Barang", "Kepala Subbagian") and steps[1].is_joint
    assert steps[1].waktu.bentuk is Form.RATE and steps[1].waktu.per == "berkas"
    assert steps[1].targets == (("Dalam kota", 3), ("Luar kota", 4), ("Dibatalkan", END))
    assert steps[1].symbol is Symbol.DECISION
    assert steps[2].next == (5, 6) and steps[2].waktu.bentuk is Form.TEXT
    assert steps[3].waktu.bentuk is Form.MULTIPLE and str(steps[3].waktu.low) == "24 jam"
    assert [s.symbol for s in steps] == [
        Symbol.START, Symbol.DECISION, Symbol.PROCESS, Symbol.PROCESS, Symbol.END, Symbol.END,
    ]  # fmt: skip
    # Related SOPs by name: exact (case, spaces and "SOP " ignored) links; close gives a hint; self stays text.
    linked = [(item.text, item.nomor) for item in sop.keterkaitan]
    assert linked == [
        ("sop pelayanan   contoh", "001/SOP/CONTOH/2024"),
        ("SOP Pelayanan Cntoh", None),
        ("Pengiriman Barang Contoh", None),
    ]
    assert [str(hint) for hint in result.hints] == [
        "sops/dincon/b.yml:12:5: `keterkaitan` `SOP Pelayanan Cntoh` mirip nama SOP `Pelayanan Contoh` "
        "(001/SOP/CONTOH/2024) tetapi tidak sama persis, jadi tidak menjadi tautan. Tulis namanya persis, atau `sop: "
        '"001/SOP/CONTOH/2024"`; biarkan bila memang SOP lain.'
    ]
    target = next(s for s in result.catalog.sops if s.slug == "a")
    assert result.catalog.referenced_by()[target.nomor] == (sop,)


def test_a_name_shared_by_two_sops_stays_text(tmp_path: Path) -> None:
    twin = SOP_YAML.replace('nomor: "001/SOP/CONTOH/2024"', 'nomor: "009/SOP/CONTOH/2024"')
    result = catalog_of(tmp_path, {"dincon/a.yml": SOP_YAML, "dincon/a2.yml": twin, "dincon/b.yml": V2_SOP_YAML})
    sop = next(s for s in result.catalog.sops if s.slug == "b")
    assert sop.keterkaitan[0].nomor is None


def test_one_step_sop_builds(tmp_path: Path) -> None:
    one = SOP_YAML.split("kegiatan:")[0].replace("  - Petugas Loket\n", "")
    one += "kegiatan:\n  - uraian: Mengoordinasikan SOP terkait\n    pelaksana: Pemohon\n    waktu: Sepanjang tahun\n"
    (sop,) = catalog_of(tmp_path, {"dincon/a.yml": one}).catalog.sops
    assert len(sop.kegiatan) == 1 and sop.kegiatan[0].next == (END,)


def test_version_1_decision_still_reads_as_ya_tidak(tmp_path: Path) -> None:
    (sop,) = catalog_of(tmp_path, {"dincon/a.yml": SOP_YAML}).catalog.sops
    assert sop.kegiatan[1].targets == (("Ya", 3), ("Tidak", 1))
    assert sop.kegiatan[0].pelaksana == ("Pemohon",) and sop.kegiatan[0].next == (2,)


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "    pelaksana: [Pengurus Barang, Kepala Subbagian]",
            "    pelaksana: [Pengurus Barang, Kepala Sub bagian]",
            "sops/dincon/b.yml:24:34: pelaksana `Kepala Sub bagian` pada langkah 2 tidak ada di daftar `pelaksana`. "
            "Apakah maksud Anda `Kepala Subbagian`?",
        ),
        (
            "        - label: Luar kota\n          ke: pos\n        - label: Dibatalkan\n          ke: selesai\n",
            "",
            "sops/dincon/b.yml:29:9: `cabang` harus berisi sedikitnya 2 butir; baru ada 1.",
        ),
        (
            "      pertanyaan: Tujuan?\n",
            "      pertanyaan: Tujuan?\n      ya: 3\n",
            "sops/dincon/b.yml:27:7: `keputusan` berisi `ya` + `tidak` atau `cabang` sekaligus; "
            "pilih salah satu dan hapus yang lain.",
        ),
        (
            "    waktu: 5 menit",
            "    waktu: 10 mnit",
            "sops/dincon/b.yml:46:12: `waktu`: waktu yang diawali angka harus ditulis",
        ),
        (
            "    lanjut: [5, 6]",
            "    lanjut: [5, 9]",
            "sops/dincon/b.yml:38:17: `lanjut` menuju langkah 9, padahal langkah hanya 1 sampai 6.",
        ),
        (
            "    lanjut: [5, 6]",
            "    lanjut: [5, 4]\n",
            None,  # fine: both branches end
        ),
        (
            "    waktu: 1 x 24 Jam\n    lanjut: 6",
            "    waktu: 1 x 24 Jam\n    lanjut: pos",
            "sops/dincon/b.yml:39:5: dari langkah 4 alur berputar terus dan tidak pernah sampai `selesai`",
        ),
        (
            "        - label: Dibatalkan",
            "        - label: dalam  KOTA",
            "sops/dincon/b.yml:33:18: label cabang `dalam  KOTA` pada langkah 2 ditulis dua kali",
        ),
        (
            "          ke: pos\n        - label: Dibatalkan\n          ke: selesai",
            "          ke: 3\n        - label: Dibatalkan\n          ke: 3",
            "sops/dincon/b.yml:27:7: semua butir `cabang` pada langkah 2 menuju tempat yang sama",
        ),
    ],
)
def test_broken_v2_forms_are_reported_at_their_place(tmp_path: Path, old: str, new: str, expected: str | None) -> None:
    text = edit(old, new)
    if expected is None:
        catalog_of(tmp_path, {"dincon/a.yml": SOP_YAML, "dincon/b.yml": text})
        return
    found = catalog_problems(tmp_path, {"dincon/a.yml": SOP_YAML, "dincon/b.yml": text})
    assert any(p.startswith(expected) for p in found), found


def test_every_listed_pelaksana_in_a_joint_step_counts(tmp_path: Path) -> None:
    # Kepala Subbagian only acts in joint steps and step 5: drop step 5's own actor and it still counts.
    text = edit("    pelaksana: Kepala Subbagian\n", "    pelaksana: [Kurir, Kepala Subbagian]\n")
    catalog_of(tmp_path, {"dincon/a.yml": SOP_YAML, "dincon/b.yml": text})
    lonely = edit("  - Kepala Subbagian\n", "  - Kepala Subbagian\n  - Sekretaris\n")
    found = catalog_problems(tmp_path, {"dincon/a.yml": SOP_YAML, "dincon/b.yml": lonely})
    assert any(p.startswith("sops/dincon/b.yml:18:5: pelaksana `Sekretaris` ada di daftar") for p in found), found


FIXTURES = REPO / "tests" / "fixtures" / "v1"


def test_version_1_pages_are_byte_identical() -> None:
    """Pages of the version-1 fixture catalogue, byte for byte as before version 2.

    The digests were written by the renderer of the commit before version 2. After a deliberate change to
    the pages, write them again: python -c "from tests.unit.test_format_v2 import page_digests as d; print(d())"
    > tests/fixtures/v1/halaman.sha256 (and say why in the commit).
    """
    expected = (FIXTURES / "halaman.sha256").read_text(encoding="utf-8")
    assert page_digests() == expected


# The site the v1 pages were rendered for when their digests were taken.
FIXTURE_SITE = site_settings(
    site_name="Katalog SOP Contoh",
    base_url="https://sop.contoh.go.id/",
    instansi="Pemerintah Kabupaten Contoh",
    logo="assets/logo-contoh.svg",
    today=dt.date(2026, 12, 1),
)


def page_digests() -> str:
    result = build_catalog(FIXTURES / "sops", FIXTURES)
    pages, _files = render_site(result.published(), FIXTURE_SITE)
    lines = [
        f"{hashlib.sha256(p.content.encode()).hexdigest()} {p.src_uri}" for p in sorted(pages, key=lambda p: p.src_uri)
    ]
    return "\n".join(lines) + "\n"
