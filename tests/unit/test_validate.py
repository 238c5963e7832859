"""Validation: every rule of the format guide (site/panduan/format-sumber.md), at the right line, all at once."""

from __future__ import annotations

from pathlib import Path

import pytest

from katalog_sop import CatalogError, build_catalog
from katalog_sop.source.read import check_changed, nomor_in_use
from tests.conftest import OPD_YAML, SOP_YAML, write_catalog
from tests.conftest import catalog_problems as problems
from tests.conftest import edit as replace


def test_valid_sop_builds_its_model(tmp_path: Path) -> None:
    sources = write_catalog(tmp_path, {"dincon/_opd.yml": OPD_YAML, "dincon/pelayanan.yml": SOP_YAML})
    catalog = build_catalog(sources, tmp_path).catalog
    (sop,) = catalog.sops
    assert sop.nomor == "001/SOP/CONTOH/2024"
    assert sop.jenis == "administratif" and sop.status == "berlaku"
    assert [s.symbol.value for s in sop.kegiatan] == ["mulai", "keputusan", "selesai"]
    assert sop.kegiatan[1].keputusan is not None
    assert sop.kegiatan[1].targets == (("Ya", 3), ("Tidak", 1))
    assert catalog.opds[0].nama == "Dinas Contoh"


def test_unknown_key_names_the_nearest_valid_key(tmp_path: Path) -> None:
    text = replace("dasar_hukum:", "dasar_hukm:")
    found = problems(tmp_path, {"dincon/a.yml": text})
    assert (
        "sops/dincon/a.yml:9:1: kunci `dasar_hukm` tidak dikenal di berkas SOP. Apakah maksud Anda `dasar_hukum`?"
        in found
    )
    assert any(p.startswith("sops/dincon/a.yml:1:1: kunci wajib `dasar_hukum` belum diisi") for p in found)


def test_wrong_types_point_at_the_value(tmp_path: Path) -> None:
    text = replace("tanggal_efektif: 2024-02-01", "tanggal_efektif: 1 Februari 2024")
    text = replace("    waktu: 5 menit", "    waktu: 10 mnit", text)
    text = replace("  - Peraturan Bupati Contoh Nomor 1 Tahun 2024", "  Peraturan", text)
    found = problems(tmp_path, {"dincon/a.yml": text})
    assert any(p.startswith("sops/dincon/a.yml:4:18: `tanggal_efektif` harus berupa tanggal") for p in found), found
    assert any(
        p.startswith("sops/dincon/a.yml:17:12: `waktu`: waktu yang diawali angka harus ditulis `<angka> <satuan>`")
        for p in found
    ), found
    assert any(p.startswith("sops/dincon/a.yml:10:3: `dasar_hukum` harus berupa daftar") for p in found), found


def test_invalid_choice_and_nip(tmp_path: Path) -> None:
    text = replace("nama: Pelayanan Contoh", "nama: Pelayanan Contoh\njenis: tekniss\nstatus: aktif")
    text = replace('nip: "19700101 199503 1 001"', 'nip: "1970"', text)
    found = problems(tmp_path, {"dincon/a.yml": text})
    assert any(
        p.startswith("sops/dincon/a.yml:3:8: `jenis` harus salah satu dari: administratif | teknis") and "`teknis`" in p
        for p in found
    ), found
    assert any(
        p.startswith("sops/dincon/a.yml:4:9: `status` harus salah satu dari: berlaku | draf | dicabut") for p in found
    )
    assert any(
        p.startswith("sops/dincon/a.yml:10:8: `nip` tidak sesuai format: NIP terdiri dari 18 angka") for p in found
    )


def test_yaml_syntax_error_has_line_and_hint(tmp_path: Path) -> None:
    text = replace("nama: Pelayanan Contoh", "nama: Pelayanan: Contoh")
    (found,) = problems(tmp_path, {"dincon/a.yml": text})
    assert found.startswith("sops/dincon/a.yml:2:16: YAML tidak valid")
    assert "titik dua (`:`) tidak boleh di sini" in found and "tanda kutip" in found


def test_duplicate_key_is_reported(tmp_path: Path) -> None:
    text = SOP_YAML + "nama: Lagi\n"
    (found,) = problems(tmp_path, {"dincon/a.yml": text})
    assert found.startswith("sops/dincon/a.yml:29:1: kunci `nama` ditulis dua kali (pertama di baris 2)")


def test_dates_must_not_precede_tanggal_pembuatan(tmp_path: Path) -> None:
    text = replace("tanggal_efektif: 2024-02-01", "tanggal_efektif: 2023-12-31\ntanggal_revisi: 2023-01-01")
    found = problems(tmp_path, {"dincon/a.yml": text})
    assert any(p.startswith("sops/dincon/a.yml:4:18: `tanggal_efektif` (2023-12-31) lebih awal") for p in found), found
    assert any(p.startswith("sops/dincon/a.yml:5:17: `tanggal_revisi` (2023-01-01) lebih awal") for p in found), found


def test_pelaksana_must_match_both_ways(tmp_path: Path) -> None:
    text = replace("  - Petugas Loket\n", "  - Petugas Loket\n  - Kepala Dinas\n")
    text = replace("    pelaksana: Pemohon\n", "    pelaksana: Pemohonn\n", text)
    found = problems(tmp_path, {"dincon/a.yml": text})
    assert any(p.startswith("sops/dincon/a.yml:14:5: pelaksana `Kepala Dinas` ada di daftar") for p in found), found
    assert any(
        p.startswith("sops/dincon/a.yml:17:16: pelaksana `Pemohonn` pada langkah 1 tidak ada") and "`Pemohon`" in p
        for p in found
    ), found


def test_targets_must_exist_and_differ(tmp_path: Path) -> None:
    text = replace("      ya: 3\n      tidak: 1", "      ya: 9\n      tidak: periksaa")
    found = problems(tmp_path, {"dincon/a.yml": text})
    assert any(
        p.startswith("sops/dincon/a.yml:24:11: `ya` menuju langkah 9, padahal langkah hanya 1 sampai 3") for p in found
    )
    assert any(
        p.startswith("sops/dincon/a.yml:25:14: `tidak` menuju id `periksaa`") and "`periksa`" in p for p in found
    )
    same = replace("      ya: 3\n      tidak: 1", "      ya: 3\n      tidak: 3")
    found = problems(tmp_path / "b", {"dincon/a.yml": same})
    assert any(
        p.startswith("sops/dincon/a.yml:23:7: `ya` dan `tidak` pada langkah 2 menuju tempat yang sama") for p in found
    ), found


def test_unreachable_step_and_endless_loop(tmp_path: Path) -> None:
    unreachable = replace("    waktu: 5 menit\n", "    waktu: 5 menit\n    lanjut: 3\n")
    found = problems(tmp_path, {"dincon/a.yml": unreachable})
    assert any(p.startswith("sops/dincon/a.yml:19:5: langkah 2 tidak pernah dicapai dari langkah 1") for p in found), (
        found
    )
    endless = replace("    waktu: 1 jam\n", "    waktu: 1 jam\n    lanjut: periksa\n")
    found = problems(tmp_path / "b", {"dincon/a.yml": endless})
    assert any("alur berputar terus dan tidak pernah sampai `selesai`" in p for p in found), found


def test_nomor_unique_and_references_exist_across_files(tmp_path: Path) -> None:
    other = replace("nama: Pelayanan Contoh", "nama: Pelayanan Lain")
    other = replace("dasar_hukum:", 'keterkaitan:\n  - SOP lain\n  - sop: "001/SOP/CONTOH/2025"\ndasar_hukum:', other)
    found = problems(
        tmp_path, {"dincon/a.yml": SOP_YAML, "dinlain/_opd.yml": "nama: Dinas Lain\n", "dinlain/b.yml": other}
    )
    assert any(
        p.startswith("sops/dinlain/b.yml:1:8: nomor `001/SOP/CONTOH/2024` sudah dipakai oleh `sops/dincon/a.yml`")
        for p in found
    ), found
    assert any(
        p.startswith("sops/dinlain/b.yml:11:10: `keterkaitan` merujuk SOP bernomor `001/SOP/CONTOH/2025`")
        and "Apakah maksud Anda `001/SOP/CONTOH/2024`?" in p
        for p in found
    ), found


def test_all_problems_of_all_files_in_one_run(tmp_path: Path) -> None:
    files = {
        "dincon/a.yml": replace("nama: Pelayanan Contoh\n", ""),
        "dincon/b.yml": replace("    waktu: 10 menit", "    waktu: 10 detik"),
        "dincon/C_Salah.yml": SOP_YAML,
        "tanpa-opd/c.yml": SOP_YAML,
        "lepas.yml": SOP_YAML,
    }
    found = problems(tmp_path, files)
    paths = {p.split(":")[0] for p in found}
    assert paths == {
        "sops/dincon/a.yml",
        "sops/dincon/b.yml",
        "sops/dincon/C_Salah.yml",
        "sops/tanpa-opd/_opd.yml",
        "sops/lepas.yml",
    }, found


def test_structure_problems(tmp_path: Path) -> None:
    found = problems(tmp_path, {"dincon/a.yml": "", "dincon/b.yml": "- hanya daftar\n"})
    assert any(p.startswith("sops/dincon/a.yml:1:1: berkas SOP kosong") for p in found)
    assert any(p.startswith("sops/dincon/b.yml:1:1: `SOP` harus berisi pasangan `kunci: nilai`") for p in found), found


def test_literal_scalars_keep_their_text(tmp_path: Path) -> None:
    """`nomor: 01` stays "01" and `telepon: 0721123456` keeps its leading zero."""
    text = replace('nomor: "001/SOP/CONTOH/2024"', "nomor: 01")
    opd = OPD_YAML + "kontak:\n  telepon: 0721123456\n"
    sources = write_catalog(tmp_path, {"dincon/_opd.yml": opd, "dincon/a.yml": text})
    catalog = build_catalog(sources, tmp_path).catalog
    assert catalog.sops[0].nomor == "01"
    assert catalog.opds[0].kontak.telepon == "0721123456"


def test_sample_catalogue_is_valid() -> None:
    from tests.conftest import REPO

    catalog = build_catalog(REPO / "sops", REPO).catalog
    assert len(catalog.opds) >= 4 and len(catalog.sops) >= 12
    assert {"teknis", "administratif"} <= {s.jenis for s in catalog.sops}
    assert {"berlaku", "dicabut", "draf"} <= {s.status for s in catalog.sops}
    assert any(s.nama == "Penerbitan Akta Kelahiran" for s in catalog.sops)
    assert sum(1 for s in catalog.sops for step in s.kegiatan if step.keputusan) >= 3
    assert any(
        target < step.number and target != 0 for s in catalog.sops for step in s.kegiatan for _, target in step.targets
    ), "a loop back"
    assert catalog.referenced_by()


def test_a_broken_file_does_not_cascade_into_its_references(tmp_path: Path) -> None:
    broken = replace("nama: Pelayanan Contoh", "nama_x: Pelayanan Contoh")
    referring = replace('"001/SOP/CONTOH/2024"', '"002/SOP/CONTOH/2024"')
    referring = replace("dasar_hukum:", 'keterkaitan:\n  - sop: "001/SOP/CONTOH/2024"\ndasar_hukum:', referring)
    found = problems(tmp_path, {"dincon/a.yml": broken, "dincon/b.yml": referring})
    assert {p.split(":")[0] for p in found} == {"sops/dincon/a.yml"}, found


def test_alias_must_be_an_old_address_of_one_sop(tmp_path: Path) -> None:
    first = SOP_YAML + "alias:\n  - dincon/lama\n  - dincon/b\n  - Dincon/Lama.yml\n"
    second = replace('"001/SOP/CONTOH/2024"', '"002/SOP/CONTOH/2024"') + "alias: [dincon/lama, cari/x]\n"
    found = problems(tmp_path, {"dincon/a.yml": first, "dincon/b.yml": second})
    # A malformed alias does not hide the other alias problems of its file, nor the clash it makes elsewhere.
    assert found == [
        "sops/dincon/a.yml:31:5: `alias` `dincon/b` adalah alamat SOP yang ada (`sops/dincon/b.yml`); hapus alias ini.",
        "sops/dincon/a.yml:32:5: `alias` tidak sesuai format: `folder-opd/nama-berkas` tanpa `.yml`, "
        "mis. `dukcapil/akta-lahir`; tertulis `Dincon/Lama.yml`.",
        "sops/dincon/b.yml:29:9: `alias` `dincon/lama` juga ditulis di `sops/dincon/a.yml`; "
        "satu alamat lama hanya boleh untuk satu SOP.",
        "sops/dincon/b.yml:29:22: `alias` `cari/x` memakai folder yang dipakai situs; hapus alias ini.",
    ]
    fixed = first.replace("  - Dincon/Lama.yml\n", "")
    found = problems(tmp_path / "2", {"dincon/a.yml": fixed, "dincon/b.yml": second})
    assert found == [
        "sops/dincon/a.yml:31:5: `alias` `dincon/b` adalah alamat SOP yang ada (`sops/dincon/b.yml`); hapus alias ini.",
        "sops/dincon/b.yml:29:9: `alias` `dincon/lama` juga ditulis di `sops/dincon/a.yml`; "
        "satu alamat lama hanya boleh untuk satu SOP.",
        "sops/dincon/b.yml:29:22: `alias` `cari/x` memakai folder yang dipakai situs; hapus alias ini.",
    ]


def test_reserved_folders_cover_every_folder_the_site_generates() -> None:
    """An OPD folder or alias named like one of these would overwrite a generated page or file."""
    from katalog_sop.site.opendata import DATA_DIR
    from katalog_sop.source.read import RESERVED_SLUGS
    from katalog_sop.static import OWN_ASSETS
    from katalog_sop.urls import DATA_PAGE_URI, OPD_LIST_URI, SEARCH_INDEX_DIR, SEARCH_URI

    generated = {uri.split("/")[0] for uri in (SEARCH_URI, OPD_LIST_URI, DATA_PAGE_URI, *OWN_ASSETS)}
    assert generated | {DATA_DIR, SEARCH_INDEX_DIR} <= RESERVED_SLUGS


# --- Files not read in full (`--changed-since`, new_sop, import_xlsx) are read by the YAML parser ---------
#
# These files were once read line by line with patterns, which disagreed with the parser in each case below.

NOMOR = "001/SOP/CONTOH/2024"
OTHER = replace(f'"{NOMOR}"', '"002/SOP/CONTOH/2024"')


@pytest.mark.parametrize(
    "written",
    [
        pytest.param(f"nomor: >-\n  {NOMOR}\n", id="block-scalar"),  # the lines read `>-`, that is ``
        pytest.param(f'nomor: "{NOMOR}" # komentar\n', id="comment"),  # both read the nomor
        pytest.param(f'{{nomor: "{NOMOR}", nama: Contoh}}\n', id="flow-mapping"),  # the lines found none
        pytest.param(f'"nomor": "{NOMOR}"\n', id="quoted-key"),  # the lines found none
        pytest.param(f'nama: "Pelayanan\nnomor: 999/PALSU"\nnomor: "{NOMOR}"\n', id="multi-line-quote"),
    ],
)
def test_a_nomor_is_read_as_the_parser_reads_it(tmp_path: Path, written: str) -> None:
    sources = write_catalog(tmp_path, {"dincon/_opd.yml": OPD_YAML, "dincon/a.yml": written})
    assert nomor_in_use(sources, tmp_path) == {NOMOR: "sops/dincon/a.yml"}
    # A changed file taking it is told so at its own nomor.
    (sources / "dincon/b.yml").write_text(SOP_YAML, encoding="utf-8")
    found = [str(p) for p in check_changed(sources, {sources / "dincon/b.yml"}, tmp_path)]
    assert found == [
        f"sops/dincon/b.yml:1:8: nomor `{NOMOR}` sudah dipakai oleh `sops/dincon/a.yml`; nomor SOP harus unik di "
        "seluruh katalog."
    ]


def test_references_of_an_unchanged_file_are_read_as_the_parser_reads_them(tmp_path: Path) -> None:
    # A reference in a flow mapping (the lines missed it) is checked; `sop:` inside a text is no reference
    # (the lines took it for one).
    flow = replace("dasar_hukum:", 'keterkaitan: [{sop: "404/SOP/HILANG/2024"}]\ndasar_hukum:', OTHER)
    text = replace("dasar_hukum:", "peringatan:\n  - |\n    sop: 405/SOP/BUKAN-RUJUKAN/2024\ndasar_hukum:", OTHER)
    text = replace('"002/SOP/CONTOH/2024"', '"003/SOP/CONTOH/2024"', text)
    sources = write_catalog(
        tmp_path, {"dincon/_opd.yml": OPD_YAML, "dincon/a.yml": SOP_YAML, "dincon/b.yml": flow, "dincon/c.yml": text}
    )
    found = [str(p) for p in check_changed(sources, {sources / "dincon/a.yml"}, tmp_path)]
    assert found == [
        "sops/dincon/b.yml:9:21: `keterkaitan` merujuk SOP bernomor `404/SOP/HILANG/2024` yang tidak ada lagi di "
        "katalog (nomornya diubah atau berkasnya dihapus dalam perubahan ini); perbarui rujukan ini."
    ]


def test_a_file_that_fails_to_parse_declares_only_what_the_parser_read(tmp_path: Path) -> None:
    # A quote left open above the nomor swallows it: the parser reads no nomor (the lines read one).
    swallowed = replace("nama: Pelayanan Contoh", 'nama: "Pelayanan Contoh')
    swallowed = swallowed.replace(f'nomor: "{NOMOR}"\n', "") + f"nomor: {NOMOR}\n"
    # An error below the nomor: the nomor written above it still counts.
    below = replace('"002/SOP/CONTOH/2024"', '"003/SOP/CONTOH/2024"', OTHER) + 'catatan: "belum ditutup\n'
    sources = write_catalog(tmp_path, {"dincon/_opd.yml": OPD_YAML, "dincon/a.yml": swallowed, "dincon/c.yml": below})
    assert nomor_in_use(sources, tmp_path) == {"003/SOP/CONTOH/2024": "sops/dincon/c.yml"}
    (sources / "dincon/b.yml").write_text(SOP_YAML, encoding="utf-8")
    assert check_changed(sources, {sources / "dincon/b.yml"}, tmp_path) == []
    taking = replace(f'"{NOMOR}"', '"003/SOP/CONTOH/2024"')
    (sources / "dincon/b.yml").write_text(taking, encoding="utf-8")
    assert [str(p) for p in check_changed(sources, {sources / "dincon/b.yml"}, tmp_path)] == [
        "sops/dincon/b.yml:1:8: nomor `003/SOP/CONTOH/2024` sudah dipakai oleh `sops/dincon/c.yml`; nomor SOP harus "
        "unik di seluruh katalog."
    ]
    # Read in full, the broken file is the one problem: a reference to the nomor it declares is not reported.
    referring = replace("dasar_hukum:", 'keterkaitan:\n  - sop: "003/SOP/CONTOH/2024"\ndasar_hukum:', SOP_YAML)
    (sources / "dincon/b.yml").write_text(referring, encoding="utf-8")
    with pytest.raises(CatalogError) as caught:
        build_catalog(sources, tmp_path)
    assert [(p.path, p.line, p.column) for p in caught.value.problems] == [
        ("sops/dincon/a.yml", 1, 7),  # the quote left open
        ("sops/dincon/c.yml", 29, 10),
    ]
    assert all("tanda kutip yang dibuka di sini belum ditutup" in p.message for p in caught.value.problems)
