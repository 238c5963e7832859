"""Limits of the source format and exact YAML messages: no source can stall the build, bloat a page or
get an English or misplaced message. (The real builds: tests/site/test_limits_site.py.)"""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from katalog_sop import CatalogError, build_catalog
from katalog_sop.site import mermaid
from katalog_sop.source import load
from katalog_sop.source.load import ANCHOR_MESSAGE, MAX_FILE_BYTES
from katalog_sop.source.read import check_changed, nomor_in_use
from katalog_sop.source.schema import MARKDOWN_LIMIT, NAME_LIMIT, PELAKSANA_LIMIT, STEP_LIMIT, TEXT_LIMIT
from tests.conftest import OPD_YAML, SOP_YAML, write_catalog
from tests.conftest import catalog_problems as problems
from tests.conftest import edit as replace


def billion_laughs(levels: int) -> str:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"a{i}: &a{i} [{','.join([f'*a{i - 1}'] * 9)}]" for i in range(1, levels)]
    return "\n".join(lines) + "\n"


def steps(count: int, uraian: str = "Memeriksa berkas") -> str:
    """An SOP with ``count`` process steps, all by one pelaksana."""
    head = SOP_YAML.split("pelaksana:\n  - Pemohon")[0]
    body = "".join(f"  - uraian: {uraian} {number}\n    pelaksana: Petugas\n" for number in range(1, count + 1))
    return f"{head}pelaksana:\n  - Petugas\nkegiatan:\n{body}"


# --- YAML anchors and aliases ----------------------------------------------------------------------------


@pytest.mark.parametrize("fast", [True, False], ids=["libyaml", "python"])
def test_an_alias_bomb_is_refused_at_its_first_anchor_at_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fast: bool
) -> None:
    """Nine levels of nested aliases (9^9 strings once expanded) took minutes to be rejected."""
    if not fast:
        monkeypatch.setattr(load, "_FAST_LOADER", None)
    started = time.perf_counter()
    found = problems(tmp_path, {"dincon/bom.yml": billion_laughs(9)})
    assert time.perf_counter() - started < 5
    assert found == [f"sops/dincon/bom.yml:1:5: {ANCHOR_MESSAGE} (tertulis `&a0`)."]


@pytest.mark.parametrize("fast", [True, False], ids=["libyaml", "python"])
def test_files_not_read_in_full_never_expand_an_alias(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fast: bool
) -> None:
    """The checks across files read the nomor above a bomb, and nothing at or after its first anchor."""
    if not fast:
        monkeypatch.setattr(load, "_FAST_LOADER", None)
    above = 'nomor: "009/SOP/BOM/2024"\n' + billion_laughs(9) + 'keterkaitan: [{sop: "404/SOP/HILANG/2024"}]\n'
    below = billion_laughs(9) + 'nomor: "010/SOP/BOM/2024"\n'
    sources = write_catalog(
        tmp_path, {"dincon/_opd.yml": OPD_YAML, "dincon/a.yml": above, "dincon/b.yml": below, "dincon/c.yml": SOP_YAML}
    )
    started = time.perf_counter()
    assert nomor_in_use(sources, tmp_path) == {
        "009/SOP/BOM/2024": "sops/dincon/a.yml",
        "001/SOP/CONTOH/2024": "sops/dincon/c.yml",
    }
    assert check_changed(sources, {sources / "dincon/c.yml"}, tmp_path) == []
    assert time.perf_counter() - started < 5


def test_an_alias_alone_is_refused_where_it_is_written(tmp_path: Path) -> None:
    text = replace("  - Peraturan Bupati Contoh Nomor 1 Tahun 2024", "  - *peraturan")
    (found,) = problems(tmp_path, {"dincon/a.yml": text})
    assert found == f"sops/dincon/a.yml:10:5: {ANCHOR_MESSAGE} (tertulis `*peraturan`)."


def test_ampersands_and_asterisks_in_text_are_fine(tmp_path: Path) -> None:
    text = replace("nama: Pelayanan Contoh", "nama: Pelayanan Surat & Arsip *penting*")
    sources = write_catalog(tmp_path, {"dincon/_opd.yml": OPD_YAML, "dincon/a.yml": text})
    (sop,) = build_catalog(sources, tmp_path).catalog.sops
    assert sop.nama == "Pelayanan Surat & Arsip *penting*"


# --- Size limits -----------------------------------------------------------------------------------------


def test_a_file_too_large_is_refused_unread(tmp_path: Path) -> None:
    text = SOP_YAML + "keterangan_panjang: " + "x" * MAX_FILE_BYTES + "\n"
    (found,) = problems(tmp_path, {"dincon/a.yml": text})
    assert found.startswith("sops/dincon/a.yml:1:1: berkas terlalu besar: 1 MB (1.049.")
    assert "melebihi batas 1 MB (1.048.576 bita) per berkas sumber" in found


def test_a_text_value_too_long_names_the_limit_and_its_length(tmp_path: Path) -> None:
    text = replace("  - uraian: Mengajukan permohonan", "  - uraian: " + "a" * (TEXT_LIMIT + 1))
    text = replace("nama: Pelayanan Contoh", "nama: " + "N" * (NAME_LIMIT + 5), text)
    found = problems(tmp_path, {"dincon/a.yml": text})
    assert (
        f"sops/dincon/a.yml:2:7: `nama` terlalu panjang: 205 karakter, melebihi batas 200 karakter; ringkas "
        f"teksnya. Awal teks: `{'N' * 80}…`."
    ) in found
    assert (
        "sops/dincon/a.yml:15:13: `uraian` terlalu panjang: 2.001 karakter, melebihi batas 2.000 karakter; "
        f"ringkas teksnya. Awal teks: `{'a' * 80}…`."
    ) in found


def test_markdown_deskripsi_has_its_own_limit(tmp_path: Path) -> None:
    opd = OPD_YAML + "deskripsi: " + "d" * (MARKDOWN_LIMIT + 1) + "\n"
    sources = write_catalog(tmp_path, {"dincon/_opd.yml": opd, "dincon/a.yml": SOP_YAML})
    with pytest.raises(CatalogError) as caught:
        build_catalog(sources, tmp_path)
    (found,) = [str(p) for p in caught.value.problems]
    assert found.startswith(
        "sops/dincon/_opd.yml:3:12: `deskripsi` terlalu panjang: 10.001 karakter, melebihi batas 10.000 karakter"
    )
    ok = OPD_YAML + "deskripsi: " + "d" * MARKDOWN_LIMIT + "\n"
    sources = write_catalog(tmp_path / "ok", {"dincon/_opd.yml": ok, "dincon/a.yml": SOP_YAML})
    assert build_catalog(sources, tmp_path / "ok").catalog.opds[0].deskripsi == "d" * MARKDOWN_LIMIT


def test_too_many_steps_or_pelaksana(tmp_path: Path) -> None:
    sources = write_catalog(tmp_path / "ok", {"dincon/_opd.yml": OPD_YAML, "dincon/a.yml": steps(STEP_LIMIT)})
    assert len(build_catalog(sources, tmp_path / "ok").catalog.sops[0].kegiatan) == STEP_LIMIT
    (found,) = problems(tmp_path / "steps", {"dincon/a.yml": steps(STEP_LIMIT + 1)})
    assert found == (
        "sops/dincon/a.yml:14:3: `kegiatan` berisi 201 langkah, melebihi batas 200 langkah. Satu SOP memuat paling "
        "banyak 200 langkah; pecah menjadi beberapa SOP yang saling merujuk lewat `keterkaitan`."
    )
    many = "".join(f"  - Pelaksana {n}\n" for n in range(PELAKSANA_LIMIT + 1))
    text = replace("pelaksana:\n  - Pemohon\n  - Petugas Loket\n", f"pelaksana:\n{many}")
    found = problems(tmp_path / "pelaksana", {"dincon/a.yml": text})
    assert found[0].startswith(
        "sops/dincon/a.yml:12:3: `pelaksana` berisi 21 pelaksana, melebihi batas 20 pelaksana. Satu SOP memuat "
        "paling banyak 20 pelaksana"
    ), found


def test_other_lists_are_bounded_too(tmp_path: Path) -> None:
    many = "".join(f"  - Peraturan {n}\n" for n in range(101))
    text = replace("  - Peraturan Bupati Contoh Nomor 1 Tahun 2024\n", many)
    (found,) = problems(tmp_path, {"dincon/a.yml": text})
    assert found.startswith("sops/dincon/a.yml:10:3: `dasar_hukum` berisi 101 butir, melebihi batas 100 butir.")


def test_the_published_schema_declares_the_limits() -> None:
    import json

    from katalog_sop.source.schema import source_schemas

    schema = json.loads(source_schemas()["sop.schema.json"])
    kegiatan = schema["properties"]["kegiatan"]
    assert kegiatan["maxItems"] == STEP_LIMIT
    assert kegiatan["items"]["properties"]["uraian"]["maxLength"] == TEXT_LIMIT
    assert schema["properties"]["nama"]["maxLength"] == NAME_LIMIT
    assert schema["properties"]["pelaksana"]["maxItems"] == PELAKSANA_LIMIT


# --- Exact YAML messages ---------------------------------------------------------------------------------


def test_an_unclosed_quote_is_reported_at_the_opening_quote_and_nowhere_else(tmp_path: Path) -> None:
    broken = replace("nama: Pelayanan Contoh", 'nama: "Pelayanan Contoh')
    referring = replace('"001/SOP/CONTOH/2024"', '"002/SOP/CONTOH/2024"')
    referring = replace("dasar_hukum:", 'keterkaitan:\n  - sop: "001/SOP/CONTOH/2024"\ndasar_hukum:', referring)
    at_end = replace('"001/SOP/CONTOH/2024"', '"003/SOP/CONTOH/2024"') + "unit_kerja: 'Bidang Contoh\n"
    other = replace('"001/SOP/CONTOH/2024"', '"004/SOP/CONTOH/2024"')
    other = replace("nama: Pelayanan Contoh", "nama_x: Pelayanan Contoh", other)
    found = problems(
        tmp_path, {"dincon/a.yml": broken, "dincon/b.yml": referring, "dincon/c.yml": at_end, "dincon/d.yml": other}
    )
    assert found[:2] == [
        "sops/dincon/a.yml:2:7: YAML tidak valid: tanda kutip yang dibuka di sini belum ditutup di baris yang "
        "sama; teks sampai baris 8 terbaca sebagai isi kutipan. Tutup tanda kutipnya di baris ini.",
        "sops/dincon/c.yml:29:13: YAML tidak valid: tanda kutip yang dibuka di sini belum ditutup. Tutup teks "
        "dengan tanda kutip yang sama (`\"` atau `'`).",
    ]
    # Every problem of every file in one run, none in the file that refers to the broken one.
    assert {p.split(":")[0] for p in found} == {"sops/dincon/a.yml", "sops/dincon/c.yml", "sops/dincon/d.yml"}


def test_a_tab_is_reported_at_the_tab(tmp_path: Path) -> None:
    text = replace("  jabatan: Kepala Dinas Contoh", "\tjabatan: Kepala Dinas Contoh")
    (found,) = problems(tmp_path, {"dincon/a.yml": text})
    assert found.startswith(
        "sops/dincon/a.yml:6:1: YAML tidak valid: ada karakter tab di sini; gunakan spasi, bukan tab"
    )
    text = replace("  - Pemohon", "  -\tPemohon")
    (found,) = problems(tmp_path / "2", {"dincon/a.yml": text})
    assert found.startswith("sops/dincon/a.yml:12:4: YAML tidak valid: ada karakter tab di sini")


BROKEN_YAML = {
    "colon": ("nama: Pelayanan Contoh", "nama: Pelayanan: Contoh", "2:16", "titik dua (`:`) tidak boleh di sini"),
    "at": ("nama: Pelayanan Contoh", "nama: @Pelayanan", "2:7", "karakter `@` tidak boleh mengawali nilai"),
    "backtick": ("nama: Pelayanan Contoh", "nama: `Pelayanan`", "2:7", "karakter `` ` `` tidak boleh"),
    "indent": ("  jabatan: Kepala", "   jabatan: Kepala", "7:3", "indentasi tidak konsisten"),
    "after quote": ('nomor: "001/SOP/CONTOH/2024"', 'nomor: "001/SOP" CONTOH', "1:18", "sesudah tanda kutip penutup"),
    "flow list": ("nama: Pelayanan Contoh", "nama: [a, b", "2:7", "`[...]` yang dibuka di sini belum ditutup"),
    "flow map": ("nama: Pelayanan Contoh", "nama: {a: b", "2:7", "`{...}` yang dibuka di sini belum ditutup"),
    "control": ("nama: Pelayanan Contoh", "nama: Pelayanan\x07Contoh", "2:16", "karakter kendali U+0007"),
    "escape": ("nama: Pelayanan Contoh", 'nama: "Pelayanan \\q"', "2:19", "garis miring terbalik"),
    "two documents": ("pelaksana:\n", "---\npelaksana:\n", "11:1", "lebih dari satu dokumen YAML"),
    "block scalar": ("nama: Pelayanan Contoh", "nama: |0\n  x", "2:8", "sesudah `|` atau `>`"),
    "tag": ("nama: Pelayanan Contoh", "nama: !<x y", "2:10", "tag YAML (`!`) tidak sah"),
    "directive": ('nomor: "001', '%YAML 2.0\n---\nnomor: "001', "1:1", "direktif YAML"),
    "percent": ("nama: Pelayanan Contoh", "nama: %x", "2:7", "karakter `%` tidak boleh mengawali nilai"),
    "key without colon": ("nama: Pelayanan Contoh", "nama Pelayanan Contoh", "2:1", "tanda `:` sesudah kunci"),
    "dash in mapping": ("  nama: Drs.", "  - nama: Drs.", "7:3", "indentasi tidak konsisten"),
    "after the document": ("pelaksana:\n", "...\npelaksana:\n", "12:1", "sesudah akhir dokumen YAML"),
    "empty alias": ("nama: Pelayanan Contoh", "nama: * x", "2:7", ANCHOR_MESSAGE),
    "question mark": ("nama: Pelayanan Contoh", "nama: ? x", "2:7", "tanda `?` tidak boleh di sini"),
    "dash after key": ("nama: Pelayanan Contoh", "nama: - x", "2:7", "butir daftar `-` tidak boleh di sini"),
}
ENGLISH = re.compile(
    r"\b(expected|found|while|character|token|mapping|scalar|sequence|stream|document|allowed|could|"
    r"unacceptable|special|indentation|indicator|but|not|unexpected|block|key|value)\b",
    re.IGNORECASE,
)


@pytest.mark.parametrize(("old", "new", "where", "said"), BROKEN_YAML.values(), ids=BROKEN_YAML.keys())
def test_yaml_errors_are_in_indonesian_at_their_place(
    tmp_path: Path, old: str, new: str, where: str, said: str
) -> None:
    (found,) = problems(tmp_path, {"dincon/a.yml": replace(old, new)})
    assert found.startswith(f"sops/dincon/a.yml:{where}: "), found
    assert said in found, found
    message = found.split(": ", 1)[1]
    assert not ENGLISH.search(message), message


def test_no_message_quotes_more_than_a_short_line(tmp_path: Path) -> None:
    long_value = "tekniss " * 1250  # 10,000 characters
    text = replace("nama: Pelayanan Contoh", f"nama: Pelayanan Contoh\njenis: {long_value.strip()}")
    text = replace("dasar_hukum:", "k" * 1000 + ": 1\ndasar_hukum:", text)  # YAML keys: at most 1,024
    text = replace("nama: Pelayanan Contoh", "nama: Pelayanan Contoh\nstatus: |\n  baris satu\n  baris dua", text)
    found = problems(tmp_path, {"dincon/a.yml": text})
    jenis = next(p for p in found if "`jenis` harus salah satu" in p)
    assert f"tertulis `{long_value[:80]}…`" in jenis
    key = next(p for p in found if "tidak dikenal" in p)
    assert f"kunci `{'k' * 80}…` tidak dikenal" in key
    status = next(p for p in found if "`status` harus" in p)
    assert "tertulis `baris satu…`" in status
    assert all(len(p) < 600 and "\n" not in p for p in found), found


def test_every_alias_problem_of_a_file_is_reported(tmp_path: Path) -> None:
    """An old address (`alias` key, not a YAML alias) in the wrong form does not hide the others."""
    first = SOP_YAML + "alias:\n  - Dincon/Lama.yml\n  - dincon/b\n  - dincon/lama\n  - dincon/lama\n"
    second = replace('"001/SOP/CONTOH/2024"', '"002/SOP/CONTOH/2024"') + "alias: [dincon/lama]\n"
    found = problems(tmp_path, {"dincon/a.yml": first, "dincon/b.yml": second})
    assert found == [
        "sops/dincon/a.yml:30:5: `alias` tidak sesuai format: `folder-opd/nama-berkas` tanpa `.yml`, "
        "mis. `dukcapil/akta-lahir`; tertulis `Dincon/Lama.yml`.",
        "sops/dincon/a.yml:31:5: `alias` `dincon/b` adalah alamat SOP yang ada (`sops/dincon/b.yml`); hapus alias ini.",
        "sops/dincon/a.yml:33:5: `alias` `dincon/lama` ditulis dua kali (pertama di baris 32); hapus salah satunya.",
        "sops/dincon/b.yml:29:9: `alias` `dincon/lama` juga ditulis di `sops/dincon/a.yml`; "
        "satu alamat lama hanya boleh untuk satu SOP.",
    ]


# --- The Mermaid diagram within what Mermaid draws -------------------------------------------------------


def test_mermaids_edge_limit_counts_too() -> None:
    edges = "".join(f"  n{i} --> n{i + 1}\n" for i in range(1, mermaid.MAX_EDGES + 1))
    assert mermaid.drawable("flowchart TD\n" + edges)
    assert not mermaid.drawable("flowchart TD\n" + edges + "  n1 --- n1l2\n")
