"""Reading `_monev/` period files (format version 3): every rule as a message at path:line:col."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from katalog_sop import CatalogError, build_catalog
from katalog_sop.catalog.monev import Penilaian, Period, Rekomendasi
from katalog_sop.catalog.monev_status import MonevStatus
from katalog_sop.source.read import check_changed
from tests.conftest import OPD_YAML, SOP_YAML, edit, write_catalog

TODAY = dt.date(2026, 12, 2)
NOMOR = "001/SOP/CONTOH/2024"
REPORT = f"""\
tanggal: 2026-06-24
penilai:
  jabatan: Kepala Bagian Organisasi
  nama: Dra. Siti Aminah, M.Si.
monitoring:
  - sop: "{NOMOR}"
    penilaian: tidak baik
    catatan: Antrean menumpuk.
    tindakan: Membuka loket tambahan.
    metode: [observasi, wawancara pengguna]
evaluasi:
  - sop: "{NOMOR}"
    kriteria:
      mendorong_kinerja: ya
      mudah_dipahami: ya
      mudah_dilaksanakan: tidak
      peran_jelas: ya
      mengatasi_masalah: tidak
      menjawab_kebutuhan: ya
      sinergi: ya
    rekomendasi: revisi
    catatan: Langkah verifikasi perlu dipecah.
"""


def problems(tmp_path: Path, files: dict[str, str], today: dt.date = TODAY) -> list[str]:
    sources = write_catalog(tmp_path, {"dincon/_opd.yml": OPD_YAML, "dincon/satu.yml": SOP_YAML, **files})
    with pytest.raises(CatalogError) as caught:
        build_catalog(sources, tmp_path, today)
    return [str(p) for p in caught.value.problems]


def test_a_valid_period_file_becomes_a_report_with_its_rows(tmp_path: Path) -> None:
    sources = write_catalog(
        tmp_path, {"dincon/_opd.yml": OPD_YAML, "dincon/satu.yml": SOP_YAML, "dincon/_monev/2026-1.yml": REPORT}
    )
    catalog = build_catalog(sources, tmp_path, TODAY).catalog
    (report,) = catalog.monev
    assert report.period == Period(2026, 1) and report.opd_slug == "dincon"
    assert report.penilai.nama == "Dra. Siti Aminah, M.Si."
    (row,) = report.monitoring
    assert row.penilaian == Penilaian.TIDAK_BAIK and row.tindakan == "Membuka loket tambahan."
    assert row.metode == ("observasi", "wawancara pengguna")
    (evaluation,) = report.evaluasi
    assert evaluation.rekomendasi == Rekomendasi.REVISI and evaluation.answered_yes == 5
    # The SOP file is not read as an SOP in a subfolder: no error for `_monev/` (it was one before version 3).
    assert len(catalog.sops) == 1


def test_the_file_name_must_be_a_period_that_has_begun(tmp_path: Path) -> None:
    found = problems(
        tmp_path,
        {
            "dincon/_monev/2026-3.yml": REPORT,
            "dincon/_monev/semester-1.yml": REPORT,
            "dincon/_monev/1999-1.yml": REPORT,
            "dincon/_monev/2027-1.yml": REPORT,
            "dincon/_monev/2026-1.YML": REPORT,
        },
    )
    text = "\n".join(found)
    assert "dincon/_monev/2026-3.yml:1:1: semester `3` tidak ada" in text
    assert "dincon/_monev/semester-1.yml:1:1: nama berkas monitoring harus `<tahun>-<semester>.yml`" in text
    assert "dincon/_monev/1999-1.yml:1:1: tahun `1999` di luar rentang 2000 sampai 2100" in text
    assert "dincon/_monev/2027-1.yml:1:1: Semester I 2027 belum dimulai pada hari build (2026-12-02)" in text
    assert "ganti namanya menjadi `2026-1.yml`" in text
    assert len(found) == 5


def test_two_files_for_one_period_are_refused(tmp_path: Path) -> None:
    found = problems(tmp_path, {"dincon/_monev/2026-1.yml": REPORT, "dincon/_monev/2026-1.yaml": REPORT})
    assert found == [
        "sops/dincon/_monev/2026-1.yml:1:1: berkas ini dan `2026-1.yaml` sama-sama untuk Semester I 2026; "
        "gabungkan isinya ke satu berkas."
    ]


@pytest.mark.parametrize(
    ("tanggal", "expected"),
    [
        ("2025-12-31", "sebelum Semester I 2026 dimulai (2026-01-01)"),
        ("2026-08-30", "lebih dari 60 hari sesudah Semester I 2026 berakhir (2026-06-30); paling lambat 2026-08-29"),
    ],
)
def test_tanggal_lies_in_its_period_or_up_to_60_days_after(tmp_path: Path, tanggal: str, expected: str) -> None:
    found = problems(tmp_path, {"dincon/_monev/2026-1.yml": edit("2026-06-24", tanggal, REPORT)})
    assert len(found) == 1 and found[0].startswith("sops/dincon/_monev/2026-1.yml:1:10: `tanggal`")
    assert expected in found[0]


def test_tanggal_may_be_60_days_late_but_not_after_the_build_day(tmp_path: Path) -> None:
    sources = write_catalog(
        tmp_path,
        {
            "dincon/_opd.yml": OPD_YAML,
            "dincon/satu.yml": SOP_YAML,
            "dincon/_monev/2026-1.yml": edit("2026-06-24", "2026-08-29", REPORT),
        },
    )
    assert build_catalog(sources, tmp_path, TODAY).catalog.monev[0].tanggal == dt.date(2026, 8, 29)
    found = problems(tmp_path, {}, today=dt.date(2026, 8, 1))
    assert found == [
        "sops/dincon/_monev/2026-1.yml:1:10: `tanggal` 2026-08-29 sesudah hari build (2026-08-01); tulis tanggal "
        "monitoring dilakukan, bukan tanggal yang direncanakan."
    ]


def test_tidak_baik_needs_tindakan_and_a_recommendation_needs_catatan(tmp_path: Path) -> None:
    text = edit("    tindakan: Membuka loket tambahan.\n", "", REPORT)
    text = edit("    catatan: Langkah verifikasi perlu dipecah.\n", "", text)
    found = problems(tmp_path, {"dincon/_monev/2026-1.yml": text})
    assert len(found) == 2
    assert found[0].startswith("sops/dincon/_monev/2026-1.yml:6:5: baris `monitoring` dengan penilaian `tidak baik`")
    assert found[1].startswith("sops/dincon/_monev/2026-1.yml:20:18: rekomendasi `revisi` harus disertai `catatan`")
    # `tetap` needs no catatan.
    tetap = edit(
        "rekomendasi: revisi",
        "rekomendasi: tetap",
        edit("    catatan: Langkah verifikasi perlu dipecah.\n", "", REPORT),
    )
    sources = write_catalog(tmp_path, {"dincon/_monev/2026-1.yml": tetap})
    assert build_catalog(sources, tmp_path, TODAY).catalog.monev[0].evaluasi[0].catatan is None


def test_all_seven_criteria_each_ya_or_tidak(tmp_path: Path) -> None:
    text = edit("      sinergi: ya\n", "", edit("mudah_dipahami: ya", "mudah_dipahami: mungkin", REPORT))
    found = problems(tmp_path, {"dincon/_monev/2026-1.yml": text})
    assert any(":15:23: `mudah_dipahami` harus salah satu dari: ya | tidak; tertulis `mungkin`" in p for p in found)
    assert any(":14:7: kunci wajib `sinergi` belum diisi di `kriteria`" in p for p in found)


def test_rows_name_an_sop_of_this_opd_in_force_once_each(tmp_path: Path) -> None:
    draft = edit(NOMOR, "002/SOP/CONTOH/2024", SOP_YAML) + "status: draf\n"
    other = edit(NOMOR, "900/SOP/LAIN/2024", SOP_YAML)
    rows = f"""\
  - sop: "002/SOP/CONTOH/2024"
    penilaian: baik
  - sop: "900/SOP/LAIN/2024"
    penilaian: baik
  - sop: "001/SOP/CONTOH/2042"
    penilaian: baik
  - sop: "{NOMOR}"
    penilaian: baik
"""
    text = edit("evaluasi:\n", rows + "evaluasi:\n", REPORT)
    found = problems(
        tmp_path,
        {
            "dincon/dua.yml": draft,
            "lain/_opd.yml": OPD_YAML,
            "lain/tiga.yml": other,
            "dincon/_monev/2026-1.yml": text,
        },
    )
    assert len(found) == 4, found
    assert "11:10: SOP `002/SOP/CONTOH/2024` masih `draf` (belum berlaku)" in found[0]
    assert "13:10: SOP `900/SOP/LAIN/2024` milik OPD lain (`sops/lain/tiga.yml`)" in found[1]
    assert "15:10: `sop` `001/SOP/CONTOH/2042` di `monitoring` bukan nomor SOP mana pun di katalog. " in found[2]
    assert "Apakah maksud Anda `001/SOP/CONTOH/2024`?" in found[2]
    assert f"17:10: SOP `{NOMOR}` sudah dinilai di baris `monitoring` lain pada baris 6" in found[3]


def test_a_row_for_a_revoked_sop_is_kept(tmp_path: Path) -> None:
    sources = write_catalog(
        tmp_path,
        {
            "dincon/_opd.yml": OPD_YAML,
            "dincon/satu.yml": SOP_YAML + "status: dicabut\n",
            "dincon/_monev/2026-1.yml": REPORT,
        },
    )
    assert build_catalog(sources, tmp_path, TODAY).catalog.monev[0].monitoring[0].nomor == NOMOR


def test_hostile_period_files_are_problems_not_crashes(tmp_path: Path) -> None:
    deep = "tanggal: " + "[" * 30000 + "]" * 30000 + "\n"
    found = problems(
        tmp_path,
        {
            "dincon/_monev/2026-1.yml": deep,
            "dincon/_monev/2025-2.yml": edit("Antrean menumpuk.", '"Uji\\x00\\x1b"', REPORT),
            "dincon/_monev/2025-1.yml": "- a\n- b\n",
        },
    )
    text = "\n".join(found)
    assert any("2026-1.yml:1:" in p and "nilai bersarang terlalu dalam" in p for p in found)
    assert "2025-2.yml:8:14: `catatan` memuat" in text
    assert "2025-1.yml:1:1:" in text
    (tmp_path / "sops/dincon/_monev/2026-1.yml").unlink()
    (tmp_path / "sops/dincon/_monev/2025-2.yml").unlink()
    (tmp_path / "sops/dincon/_monev/2025-1.yml").unlink()
    (tmp_path / "sops/dincon/_monev/2026-2.yml").symlink_to("/etc/passwd")
    (tmp_path / "sops/dincon/_monev/lama").mkdir()
    found = problems(tmp_path, {})
    assert len(found) == 2
    assert "2026-2.yml:1:1: `2026-2.yml` adalah tautan simbolik" in found[0]
    assert "_monev/lama:1:1: `_monev/` tidak berisi subfolder" in found[1]


def test_changed_since_reads_the_monev_of_the_opd_that_changed(tmp_path: Path) -> None:
    """A changed SOP that becomes a draft breaks the unchanged period file that monitors it; --changed-since says so."""
    sources = write_catalog(
        tmp_path,
        {
            "dincon/_opd.yml": OPD_YAML,
            "dincon/satu.yml": SOP_YAML + "status: draf\n",
            "dincon/_monev/2026-1.yml": REPORT,
        },
    )
    found = [str(p) for p in check_changed(sources, {(sources / "dincon/satu.yml").resolve()}, tmp_path, TODAY)]
    assert len(found) == 2 and all("masih `draf`" in p and "_monev/2026-1.yml" in p for p in found)
    (sources / "dincon/satu.yml").write_text(SOP_YAML, encoding="utf-8")
    (sources / "dincon/_monev/2026-1.yml").write_text(edit("baik\n    catatan", "bagus\n    catatan", REPORT))
    found = [
        str(p) for p in check_changed(sources, {(sources / "dincon/_monev/2026-1.yml").resolve()}, tmp_path, TODAY)
    ]
    assert (
        len(found) == 1 and "`penilaian` harus salah satu dari: baik | tidak baik; tertulis `tidak bagus`" in found[0]
    )


def test_derived_due_latest_and_coverage(tmp_path: Path) -> None:
    late = edit(
        NOMOR, "002/SOP/CONTOH/2024", edit("tanggal_efektif: 2024-02-01", "tanggal_efektif: 2026-08-01", SOP_YAML)
    )
    sources = write_catalog(
        tmp_path,
        {
            "dincon/_opd.yml": OPD_YAML,
            "dincon/satu.yml": SOP_YAML,
            "dincon/dua.yml": late,
            "dincon/_monev/2026-1.yml": REPORT,
        },
    )
    catalog = build_catalog(sources, tmp_path, TODAY).catalog
    one, two = sorted(catalog.sops, key=lambda s: s.nomor)
    status = MonevStatus(catalog, TODAY)
    assert status.last_completed == Period(2026, 1) and status.current == Period(2026, 2)
    assert not status.monitoring_due(one)  # monitored in Semester I 2026
    assert not status.monitoring_due(two)  # in force only after Semester I 2026 ended
    later = MonevStatus(catalog, dt.date(2027, 2, 1))  # Semester II 2026 is now the last completed one
    assert later.monitoring_due(one) and later.monitoring_due(two)
    assert not status.evaluation_due(one)  # evaluated on 2026-06-24
    assert MonevStatus(catalog, dt.date(2027, 6, 25)).evaluation_due(one)
    assert status.of(one).latest.row.penilaian == Penilaian.TIDAK_BAIK
    assert status.revision_recommended(one) is not None and status.revision_recommended(two) is None
    (coverage,) = status.coverage
    assert (coverage.in_force, coverage.monitored, coverage.baik) == (1, 1, 0)  # `dua` was not in force yet


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("2026-1.yml", REPORT.encode().replace(b"Antrean", b"Antr\xe9an"), ":8:"),  # Latin-1 byte, not UTF-8
        ("2026-1.yml", REPORT.replace("tanggal: 2026-06-24", "tanggal: &a 2026-06-24").encode(), ":1:"),  # anchor
        ("2026-1.yml", (REPORT + "tanggal: 2026-06-25\n").encode(), ":23:1:"),  # duplicate key
        ("2026-1.yml", REPORT.replace("Antrean menumpuk.", '"Antrean\\u2028menumpuk."').encode(), ":8:"),
        ("2026-1.yml ", REPORT.encode(), "ganti namanya menjadi `2026-1.yml`"),  # trailing space in the name
        ("2026-1.yml", b"tanggal: 2026-06-24\n" + b"# " + b"x" * 3_000_000 + b"\n", ":1:1:"),  # too large
    ],
)
def test_the_hostile_inputs_of_sop_files_are_problems_in_period_files_too(
    tmp_path: Path, name: str, content: bytes, expected: str
) -> None:
    sources = write_catalog(tmp_path, {"dincon/_opd.yml": OPD_YAML, "dincon/satu.yml": SOP_YAML})
    (sources / "dincon/_monev").mkdir()
    (sources / "dincon/_monev" / name).write_bytes(content)
    with pytest.raises(CatalogError) as caught:
        build_catalog(sources, tmp_path, TODAY)
    (problem,) = caught.value.problems
    assert str(problem).startswith("sops/dincon/_monev/2026-1.yml") and expected in str(problem), str(problem)
