"""Open data of monitoring and evaluation: data/monev.json and data/monev.csv, from a real build."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
import yaml

from tests.conftest import OPD_YAML, REPO, SOP_YAML, SiteBuild, build_site, write_catalog

ENV = {"KATALOG_SOP_TANGGAL": "2026-12-01"}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> SiteBuild:
    built = build_site(tmp_path_factory.mktemp("monev-data"), env=ENV)
    assert built.returncode == 0, built.output
    return built


def _sample_rows() -> int:
    return sum(
        len(yaml.safe_load(path.read_text(encoding="utf-8"))["monitoring"])
        for path in sorted(REPO.glob("sops/*/_monev/*.yml"))
    )


def _csv_rows(site: Path) -> list[dict[str, str]]:
    text = (site / "data" / "monev.csv").read_text(encoding="utf-8")
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:])))


def test_monev_json_has_one_row_per_sop_per_period_and_the_derived_values(site: SiteBuild) -> None:
    data = json.loads((site.site / "data" / "monev.json").read_text(encoding="utf-8"))
    assert data["jumlah"] == len(data["monitoring"]) == _sample_rows() > 0
    assert data["tanggal_data"] == "2026-12-01"
    akta = [r for r in data["monitoring"] if r["sop"]["nomor"] == "470/SOP.01/DISDUKCAPIL/2024"]
    semester_1 = next(r for r in akta if r["periode"] == "2026-1")
    assert semester_1["periode_nama"] == "Semester I 2026"
    assert semester_1["opd"] == "disdukcapil" and semester_1["tanggal"] == "2026-06-24"
    assert semester_1["penilai"]["nama"] == "Dra. Siti Aminah, M.Si."
    assert semester_1["penilaian"] == "tidak baik" and semester_1["tindakan"]
    assert semester_1["sop"]["url"].endswith("/")
    assert semester_1["evaluasi"]["rekomendasi"] == "revisi"
    assert semester_1["evaluasi"]["kriteria"]["mudah_dilaksanakan"] is False
    per_sop = {item["nomor"]: item for item in data["per_sop"]}
    assert per_sop["470/SOP.01/DISDUKCAPIL/2024"]["evaluasi_terakhir"]["rekomendasi"] == "revisi"
    assert per_sop["470/SOP.01/DISDUKCAPIL/2024"]["penilaian_terakhir"]["periode"] >= "2026-1"
    assert all(isinstance(item["monitoring_jatuh_tempo"], bool) for item in data["per_sop"])
    coverage = {(c["opd"], c["periode"]): c for c in data["cakupan"]}
    assert ("disdukcapil", "2026-1") in coverage
    assert coverage["disdukcapil", "2026-1"]["dimonitor"] == 3
    assert all(c["baik"] <= c["dimonitor"] for c in data["cakupan"])


def test_monev_csv_has_the_same_rows(site: SiteBuild) -> None:
    rows = _csv_rows(site.site)
    assert len(rows) == _sample_rows()
    akta = next(r for r in rows if r["sop_nomor"] == "470/SOP.01/DISDUKCAPIL/2024" and r["periode"] == "2026-1")
    assert akta["penilaian"] == "tidak baik"
    assert akta["evaluasi_rekomendasi"] == "revisi" and akta["evaluasi_mudah_dilaksanakan"] == "tidak"
    assert akta["metode"] == "observasi; wawancara pengguna"
    assert akta["sop_nama"] == "Penerbitan Akta Kelahiran"


def test_the_data_page_links_both_files(site: SiteBuild) -> None:
    page = (site.site / "data-terbuka" / "index.html").read_text(encoding="utf-8")
    for name in ("monev.json", "monev.csv"):
        assert f'href="../data/{name}"' in page, name
        assert (site.site / "data" / name).is_file()
    assert "monitoring dan evaluasi" in page


MONEV_YAML = """\
tanggal: 2026-06-20
penilai:
  jabatan: Kepala Bagian Organisasi
  nama: '@Penilai'
  nip: "19750202 200003 2 002"
monitoring:
  - sop: "001/SOP/CONTOH/2024"
    penilaian: tidak baik
    catatan: '=HYPERLINK("https://penipu.invalid","klik")'
    tindakan: '+62 sebagai tindakan'
evaluasi:
  - sop: "001/SOP/CONTOH/2024"
    kriteria:
      mendorong_kinerja: ya
      mudah_dipahami: ya
      mudah_dilaksanakan: tidak
      peran_jelas: ya
      mengatasi_masalah: ya
      menjawab_kebutuhan: ya
      sinergi: ya
    rekomendasi: revisi
    catatan: '-1+1'
"""


def test_a_formula_in_a_monitoring_file_is_text_in_the_csv_and_unchanged_in_the_json(tmp_path: Path) -> None:
    write_catalog(
        tmp_path, {"dincon/_opd.yml": OPD_YAML, "dincon/a.yml": SOP_YAML, "dincon/_monev/2026-1.yml": MONEV_YAML}
    )
    built = build_site(tmp_path, sources=tmp_path / "sops", env=ENV)
    assert built.returncode == 0, built.output
    [row] = _csv_rows(built.site)
    assert row["catatan"] == '\'=HYPERLINK("https://penipu.invalid","klik")'
    assert row["tindakan"] == "'+62 sebagai tindakan"
    assert row["penilai_nama"] == "'@Penilai"
    assert row["evaluasi_catatan"] == "'-1+1" and row["evaluasi_mudah_dilaksanakan"] == "tidak"
    data = json.loads((built.site / "data" / "monev.json").read_text(encoding="utf-8"))
    assert data["monitoring"][0]["catatan"] == '=HYPERLINK("https://penipu.invalid","klik")'
