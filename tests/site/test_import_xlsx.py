"""Spreadsheet import: the template, a round trip of the whole sample through openpyxl, and row-by-row reports."""

from __future__ import annotations

import dataclasses
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from openpyxl import load_workbook

from katalog_sop import build_catalog
from katalog_sop.catalog.model import END, Outcome
from katalog_sop.catalog.waktu import Form
from katalog_sop.source.spreadsheet import (
    GUIDE_SHEET,
    IDENTITY_SHEET,
    STEPS_SHEET,
    add_rows,
    new_workbook,
    sop_rows,
)
from tests.conftest import REPO

SCRIPT = REPO / "scripts" / "import_xlsx.py"
SAMPLE = build_catalog(REPO / "sops", REPO).catalog


def run(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPT), *args], cwd=project, capture_output=True, text=True, check=False
    )


def empty_catalogue(project: Path) -> Path:
    """The sample's OPD folders, with their `_opd.yml` only."""
    for opd_file in (REPO / "sops").glob("*/_opd.yml"):
        target = project / "sops" / opd_file.parent.name
        target.mkdir(parents=True)
        shutil.copy(opd_file, target)
    return project


def test_template_explains_itself_and_imports_cleanly(tmp_path: Path) -> None:
    project = tmp_path
    shutil.copytree(REPO / "sops", project / "sops")
    template = project / "templat.xlsx"
    assert run(project, "--template", str(template)).returncode == 0
    workbook = load_workbook(template)
    assert workbook.sheetnames == [IDENTITY_SHEET, STEPS_SHEET, "Monitoring", "Evaluasi", "Petunjuk"]
    headers = [cell.value for cell in workbook[STEPS_SHEET][1]]
    assert headers[:9] == [
        "Nomor SOP",
        "No",
        "Kegiatan",
        "Pelaksana",
        "Kelengkapan",
        "Waktu",
        "Output",
        "Keterangan",
        "Pertanyaan",
    ]
    assert {"Ya", "Tidak", "Cabang", "Lanjut"} <= set(headers)
    nomor = next(c for c in workbook[IDENTITY_SHEET][1] if c.value == "nomor")
    assert "unik di seluruh katalog" in nomor.comment.text
    notes = {c.value: c.comment.text for c in workbook[STEPS_SHEET][1]}
    assert "satu nama per baris" in notes["Pelaksana"] and "`label: tujuan`" in notes["Cabang"]
    assert "satu tujuan per baris" in notes["Lanjut"] and "kosongkan bila memakai Cabang" in notes["Ya"]
    guide = "\n".join(str(row[0].value or "") for row in workbook[GUIDE_SHEET].iter_rows())
    assert "panduan format sumber (katalog_sop/site/panduan/format-sumber.md, di situs: halaman skema/)" in guide
    for form in ("Langkah bersama", "1-2 hari", "1 x 24 jam", "2 menit/berkas", "Sesuai jadwal", "Dalam kota: 6"):
        assert form in guide, form
    everything = guide + "".join(c.comment.text for sheet in (IDENTITY_SHEET, STEPS_SHEET) for c in workbook[sheet][1])
    assert "SOP-FORMAT" not in everything
    rules = {str(v.sqref): v.formula1 for v in workbook[IDENTITY_SHEET].data_validations.dataValidation}
    assert '"administratif,teknis"' in rules.values() and '"berlaku,draf,dicabut"' in rules.values()

    done = run(project, str(template))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "1 SOP ditulis, 0 dilewati." in done.stdout
    validate = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "validate.py")], cwd=project, capture_output=True, text=True
    )
    assert validate.returncode == 0, validate.stdout
    imported = next(
        s for s in build_catalog(project / "sops", project).catalog.sops if s.nomor.endswith("SOP.10/DISDUKCAPIL/2026")
    )
    assert imported.kegiatan[1].keputusan is not None and imported.status == "draf"
    joint = imported.kegiatan[-1]  # the example shows a joint step with two outputs
    assert joint.pelaksana == ("Petugas Loket", "Pemohon") and len(joint.output) == 2


def test_round_trip_of_the_whole_sample(tmp_path: Path) -> None:
    """Every sample SOP (decisions, loops, references, revoked, drafts) to xlsx and back: the same models."""
    workbook = new_workbook()
    for sop in SAMPLE.sops:
        add_rows(workbook, *sop_rows(sop))
    path = tmp_path / "katalog.xlsx"
    workbook.save(path)
    project = empty_catalogue(tmp_path / "baru")
    done = run(project, str(path))
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"{len(SAMPLE.sops)} SOP ditulis, 0 dilewati." in done.stdout
    again = build_catalog(project / "sops", project).catalog
    assert len(again.sops) == len(SAMPLE.sops)
    kinds = {"dicabut", "draf", "berlaku"}
    assert {s.status for s in again.sops} == kinds
    assert any(r.nomor for s in again.sops for r in s.keterkaitan)
    for before, after in zip(SAMPLE.sops, again.sops, strict=True):
        assert dataclasses.replace(after, source=before.source) == before, before.nomor


BROKEN = ("peminjaman-kendaraan-dinas", "legalisasi-dokumen", "penerbitan-akta-kematian")


def broken_workbook(path: Path) -> None:
    """Three SOPs: one fine, one with bad cells, one whose steps break the flow."""
    workbook = new_workbook()
    good, bad, flow = (next(s for s in SAMPLE.sops if s.slug == slug) for slug in BROKEN)
    add_rows(workbook, *sop_rows(good))
    identity, steps = sop_rows(bad)
    identity["tanggal_efektif"] = "1 Februari 2025"
    steps[1]["Waktu"] = "10 mnit"  # starts with a digit, fits no form of time
    steps[2]["Pelaksana"] = "Satpam"
    add_rows(workbook, identity, steps)
    identity, steps = sop_rows(flow)
    decision = next(step for step in steps if step["Ya"] is not None)
    decision["Tidak"] = 99
    add_rows(workbook, identity, steps)
    workbook.save(path)


def cell_of(workbook_path: Path, sheet: str, nomor: str, header: str, step: int | None = None) -> str:
    """`Sheet!B7`, the cell holding ``header`` of the SOP (or of its step) in the workbook."""
    book = load_workbook(workbook_path)[sheet]
    headers = {c.value: c.column_letter for c in book[1]}
    key_column = "nomor" if sheet == IDENTITY_SHEET else "Nomor SOP"
    for row in book.iter_rows(min_row=2):
        values = {headers_by_letter: c.value for headers_by_letter, c in zip(headers, row, strict=False)}
        if values[key_column] == nomor and (step is None or values["No"] == step):
            return f"{sheet}!{headers[header]}{row[0].row}"
    raise AssertionError(nomor)


def test_problems_are_reported_at_their_cell_and_only_good_sops_written(tmp_path: Path) -> None:
    path = tmp_path / "rusak.xlsx"
    broken_workbook(path)
    project = tmp_path / "proyek"  # the sample without these three SOPs, so their references resolve
    shutil.copytree(REPO / "sops", project / "sops")
    for slug in BROKEN:
        next((project / "sops").glob(f"*/{slug}.yml")).unlink()
    done = run(project, str(path))
    assert done.returncode == 1
    out = done.stdout
    bad, flow = (next(s for s in SAMPLE.sops if s.slug == slug) for slug in BROKEN[1:])
    where = cell_of(path, IDENTITY_SHEET, bad.nomor, "tanggal_efektif")
    assert f"{where} (tanggal_efektif): `tanggal_efektif` harus berupa tanggal" in out
    assert f"{cell_of(path, STEPS_SHEET, bad.nomor, 'Waktu', 2)} (Waktu): `waktu`: waktu yang diawali angka" in out
    assert f"{cell_of(path, STEPS_SHEET, bad.nomor, 'Pelaksana', 3)} (Pelaksana):" in out and "Satpam" in out
    decision = next(s for s in flow.kegiatan if s.keputusan is not None)
    assert f"{cell_of(path, STEPS_SHEET, flow.nomor, 'Tidak', decision.number)} (Tidak):" in out
    assert "2 dilewati" in out and "1 SOP ditulis" in out
    assert (project / "sops" / "bagian-umum" / "peminjaman-kendaraan-dinas.yml").is_file()
    assert not any((project / "sops").glob(f"*/{BROKEN[1]}.yml")) and not any(
        (project / "sops").glob(f"*/{BROKEN[2]}.yml")
    )


def test_missing_column_and_unknown_sop_rows(tmp_path: Path) -> None:
    workbook = new_workbook()
    add_rows(workbook, *sop_rows(SAMPLE.sops[0]))
    sheet = workbook[STEPS_SHEET]
    sheet.cell(row=sheet.max_row + 1, column=1, value="TIDAK/ADA")
    sheet.cell(row=sheet.max_row, column=2, value=1)
    path = tmp_path / "a.xlsx"
    workbook.save(path)
    project = empty_catalogue(tmp_path / "p")
    done = run(project, str(path))
    assert done.returncode == 1
    assert f"Kegiatan!A{sheet.max_row} (Nomor SOP): tidak ada SOP bernomor `TIDAK/ADA`" in done.stdout

    workbook[IDENTITY_SHEET].delete_cols(3)  # the `nomor` column
    workbook.save(path)
    done = run(project, str(path), "--timpa")
    assert done.returncode == 1
    assert "Identitas!1: kolom `nomor` tidak ada di baris judul" in done.stdout


@pytest.mark.parametrize("existing", ["file", "nomor"])
def test_refuses_to_overwrite_without_timpa(tmp_path: Path, existing: str) -> None:
    shutil.copytree(REPO / "sops", tmp_path / "sops")
    sop = SAMPLE.sops[0]
    workbook = new_workbook()
    identity, steps = sop_rows(sop)
    if existing == "nomor":
        identity["nama_berkas"] = "salinan"
    add_rows(workbook, identity, steps)
    path = tmp_path / "a.xlsx"
    workbook.save(path)
    done = run(tmp_path, str(path))
    assert done.returncode == 1
    assert ("sudah ada; pakai --timpa" if existing == "file" else "sudah dipakai oleh") in done.stdout
    assert run(tmp_path, str(path), "--timpa").returncode == (0 if existing == "file" else 1)


# A workbook as a maintainer types it, with every form of version 2 of the format.
V2_NOMOR = "900/SOP.09/BAGUM/2026"
V2_IDENTITY = {
    "folder_opd": "bagian-umum",
    "nama_berkas": "pengiriman-dokumen",
    "nomor": V2_NOMOR,
    "nama": "Pengiriman Dokumen Aset",
    "tanggal_pembuatan": "2026-01-05",
    "tanggal_efektif": "2026-02-02",
    "disahkan_oleh.jabatan": "Kepala Bagian Umum",
    "disahkan_oleh.nama": "Contoh Pejabat, S.H.",
    "dasar_hukum": "Permendagri Nomor 19 Tahun 2016",
}


def v2_steps(fork: str) -> list[dict[str, object]]:
    steps: list[dict[str, object]] = [
        {  # a joint step, a range, an output list
            "Kegiatan": "Menyiapkan dan memaraf dokumen aset",
            "Pelaksana": "Pengurus Barang\nKepala Subbagian Umum",
            "Waktu": "1-2 hari",
            "Output": "Dokumen aset\nSurat pengantar",
        },
        {  # a rate, a decision with three labelled outcomes (an id, and `Selesai` as typed)
            "Kegiatan": "Menentukan tujuan pengiriman",
            "Pelaksana": "Pengurus Barang",
            "Waktu": "15 menit per berkas",
            "Pertanyaan": "Tujuan pengiriman?",
            "Cabang": "Dalam kota: 3\nLuar kota: kirim-pos\nLuar negeri: Selesai",
        },
        {  # a free-text time, a fork
            "Kegiatan": "Mengantar dokumen ke alamat tujuan",
            "Pelaksana": "Petugas Ekspedisi",
            "Waktu": "Sesuai jadwal",
            "Lanjut": fork,
        },
        {  # a multiple, an id as a target
            "Id": "kirim-pos",
            "Kegiatan": "Mengirim dokumen melalui pos",
            "Pelaksana": "Petugas Ekspedisi",
            "Waktu": "1 x 24 jam",
            "Lanjut": "selesai",
        },
        {
            "Kegiatan": "Mencatat pengiriman",
            "Pelaksana": "Pengurus Barang",
            "Waktu": "5 menit",
            "Keterangan": "Dicatat di buku ekspedisi.\nSalinan untuk pengirim.",  # a line break inside a cell
            "Lanjut": "selesai",
        },
        {"Kegiatan": "Mengarsipkan tanda terima", "Pelaksana": "Kepala Subbagian Umum", "Output": "Arsip"},
    ]
    return [{"Nomor SOP": V2_NOMOR, "No": number, **step} for number, step in enumerate(steps, start=1)]


def v2_workbook(path: Path, steps: list[dict[str, object]], identity: dict[str, object] | None = None) -> Path:
    workbook = new_workbook()
    add_rows(workbook, identity or V2_IDENTITY, steps)
    workbook.save(path)
    return path


@pytest.mark.parametrize("fork", ["5\n6", "5, 6"])
def test_the_forms_of_version_2_from_cells_to_yaml_and_model(tmp_path: Path, fork: str) -> None:
    path = v2_workbook(tmp_path / "v2.xlsx", v2_steps(fork))
    project = empty_catalogue(tmp_path / "p")
    done = run(project, str(path))
    assert done.returncode == 0, done.stdout + done.stderr
    validate = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "validate.py")], cwd=project, capture_output=True, text=True
    )
    assert validate.returncode == 0, validate.stdout + validate.stderr

    source = project / "sops" / "bagian-umum" / "pengiriman-dokumen.yml"
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    steps = data["kegiatan"]
    assert data["pelaksana"] == ["Pengurus Barang", "Kepala Subbagian Umum", "Petugas Ekspedisi"]
    assert steps[0]["pelaksana"] == ["Pengurus Barang", "Kepala Subbagian Umum"]
    assert steps[1]["pelaksana"] == "Pengurus Barang"  # one name stays one value
    assert steps[0]["output"] == ["Dokumen aset", "Surat pengantar"] and steps[5]["output"] == "Arsip"
    assert [step.get("waktu") for step in steps] == [
        "1-2 hari",
        "15 menit per berkas",
        "Sesuai jadwal",
        "1 x 24 jam",
        "5 menit",
        None,
    ]
    assert steps[1]["keputusan"] == {
        "pertanyaan": "Tujuan pengiriman?",
        "cabang": [
            {"label": "Dalam kota", "ke": 3},
            {"label": "Luar kota", "ke": "kirim-pos"},
            {"label": "Luar negeri", "ke": "selesai"},
        ],
    }
    assert steps[2]["lanjut"] == [5, 6] and steps[3]["lanjut"] == "selesai"
    assert steps[4]["keterangan"] == "Dicatat di buku ekspedisi.\nSalinan untuk pengirim."

    sop = next(s for s in build_catalog(project / "sops", project).catalog.sops if s.nomor == V2_NOMOR)
    one, two, three, four, five, six = sop.kegiatan
    assert one.pelaksana == ("Pengurus Barang", "Kepala Subbagian Umum") and one.is_joint
    assert one.output == ("Dokumen aset", "Surat pengantar")
    assert (one.waktu.bentuk, str(one.waktu)) == (Form.RANGE, "1-2 hari")
    assert (two.waktu.bentuk, two.waktu.per) == (Form.RATE, "berkas")
    assert (three.waktu.bentuk, str(three.waktu)) == (Form.TEXT, "Sesuai jadwal")
    assert four.waktu.bentuk is Form.MULTIPLE and five.waktu.bentuk is Form.AMOUNT and six.waktu is None
    assert two.keputusan is not None
    assert two.keputusan.cabang == (Outcome("Dalam kota", 3), Outcome("Luar kota", 4), Outcome("Luar negeri", END))
    assert three.next == (5, 6) and four.next == (END,) and six.next == (END,)

    # And back: the model as rows, imported again, is the same SOP.
    workbook = new_workbook()
    add_rows(workbook, *sop_rows(sop))
    again_path = tmp_path / "lagi.xlsx"
    workbook.save(again_path)
    rows = {c.value: c.column for c in load_workbook(again_path)[STEPS_SHEET][1]}
    cabang = load_workbook(again_path)[STEPS_SHEET].cell(row=3, column=rows["Cabang"]).value
    assert cabang == "Dalam kota: 3\nLuar kota: 4\nLuar negeri: selesai"
    again = empty_catalogue(tmp_path / "lagi")
    done = run(again, str(again_path))
    assert done.returncode == 0, done.stdout + done.stderr
    back = next(s for s in build_catalog(again / "sops", again).catalog.sops if s.nomor == V2_NOMOR)
    assert dataclasses.replace(back, source=sop.source) == sop


def test_broken_cells_of_version_2_are_reported_at_their_cell(tmp_path: Path) -> None:
    """Found by the validator in the YAML (first SOP), or while reading the cells (second SOP)."""
    checked = v2_steps("5\n6")
    checked[0]["Waktu"] = "10 mnit"
    checked[0]["Pelaksana"] = "Pengurus Barang\nSatpam"
    checked[0]["Keterangan"] = "Dua baris\ndi satu sel"  # written on one line: the cells below still match
    checked[1]["Cabang"] = "Dalam kota: 3\nLuar kota: kirim-pos\nLuar negeri: 99"
    identity = {**V2_IDENTITY, "pelaksana": "Pengurus Barang\nKepala Subbagian Umum\nPetugas Ekspedisi"}

    read_nomor = "900/SOP.10/BAGUM/2026"
    unread = [{**step, "Nomor SOP": read_nomor} for step in v2_steps("5\n6")]
    unread[1]["Cabang"] = "Dalam kota: 3\nLuar kota kirim-pos\nLuar negeri: selesai"
    unread[2]["Lanjut"] = 5.6  # `5,6` typed where the comma is the decimal mark
    unread[3].update({"Pertanyaan": "Pos tersedia?", "Ya": 5, "Tidak": 6, "Cabang": "Pos: 5\nKurir: 6"})

    path = tmp_path / "rusak.xlsx"
    workbook = new_workbook()
    add_rows(workbook, identity, checked)
    add_rows(workbook, {**V2_IDENTITY, "nomor": read_nomor, "nama_berkas": "kedua"}, unread)
    workbook.save(path)
    project = empty_catalogue(tmp_path / "p")
    done = run(project, str(path))
    assert done.returncode == 1
    out = done.stdout

    assert f"{cell_of(path, STEPS_SHEET, V2_NOMOR, 'Waktu', 1)} (Waktu): `waktu`: waktu yang diawali angka" in out
    assert (
        f"{cell_of(path, STEPS_SHEET, V2_NOMOR, 'Pelaksana', 1)} (Pelaksana): pelaksana `Satpam` pada langkah 1 "
        "tidak ada di daftar `pelaksana`" in out
    )
    assert f"{cell_of(path, STEPS_SHEET, V2_NOMOR, 'Cabang', 2)} (Cabang): `ke` menuju langkah 99" in out

    assert (
        f"{cell_of(path, STEPS_SHEET, read_nomor, 'Cabang', 2)} (Cabang): baris `Luar kota kirim-pos` harus "
        "ditulis `label: tujuan`" in out
    )
    assert (
        f"{cell_of(path, STEPS_SHEET, read_nomor, 'Lanjut', 3)} (Lanjut): isi sel terbaca sebagai angka desimal `5.6`"
        in out
    )
    assert (
        f"{cell_of(path, STEPS_SHEET, read_nomor, 'Cabang', 4)} (Cabang): langkah 4 berisi Ya/Tidak dan Cabang" in out
    )
    assert "0 SOP ditulis, 2 dilewati." in out
    assert sorted(p.name for p in (project / "sops" / "bagian-umum").iterdir()) == ["_opd.yml"]
