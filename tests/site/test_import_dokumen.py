"""scripts/import_dokumen.py for real: the catalogue printed to PDF by the project and read back,
and the command on a copy of the repository (drafts written, report, refusals, the site still builds)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from katalog_sop import build_catalog
from katalog_sop.importer.assemble import assemble
from katalog_sop.importer.fields import field_values
from katalog_sop.importer.run import read_document
from katalog_sop.source.read import nomor_in_use
from katalog_sop.source.related import name_key
from tests.conftest import REPO, build_site, make_project

CORPUS = REPO / "tests" / "fixtures" / "dokumen"


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample site built with `pdf: true`: every published SOP printed by Chromium."""
    project = tmp_path_factory.mktemp("cetak")
    make_project(project)
    (project / "mkdocs-pdf.yml").write_text(
        "INHERIT: mkdocs.yml\nextra:\n  katalog:\n    pdf: true\n", encoding="utf-8"
    )
    built = build_site(project, extra_args=("-f", "mkdocs-pdf.yml"))
    assert built.returncode == 0, built.output
    return built.site


def test_the_catalogue_printed_by_the_project_reads_back_as_written(printed: Path) -> None:
    """Round trip: every sample SOP, printed to PDF and read back, is the same SOP, field for field."""
    catalogue = build_catalog(REPO / "sops", REPO).published()
    names = {name_key(s.nama): s.nomor for s in catalogue.sops}
    taken = set(nomor_in_use(REPO / "sops", REPO))
    compared = 0
    for sop in catalogue.sops:
        pdf = printed / sop.opd_slug / f"{sop.slug}.pdf"
        source = yaml.safe_load(sop.source.read_text(encoding="utf-8"))
        values, _ = assemble(read_document(pdf), taken)
        wanted, found = field_values(source, names), field_values(values, names)
        assert {k: v for k, v in found.items() if v != wanted.get(k)} == {}, sop.key
        compared += len(wanted)
    assert len(catalogue.sops) >= 15 and compared > 800


def _run(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(project / "scripts" / "import_dokumen.py"), *args],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture
def project(tmp_path: Path) -> Path:
    project = make_project(tmp_path / "repo")
    shutil.copytree(REPO / "scripts", project / "scripts")
    shutil.copytree(REPO / "skema", project / "skema")
    return project


def test_a_folder_of_signed_documents_becomes_valid_drafts(project: Path, tmp_path: Path) -> None:
    inbox = tmp_path / "masuk"
    inbox.mkdir()
    for name in ("penerbitan-izin-cuti-tahunan.pdf", "konsultasi-perizinan.pdf", "penyaluran-bantuan-pangan.pdf"):
        shutil.copy(CORPUS / "esop" / name, inbox / name)
    shutil.copy(CORPUS / "word" / "penanganan-pengaduan-layanan-daring.docx", inbox)
    shutil.copy(CORPUS / "negatif" / "pindaian.pdf", inbox)
    report = tmp_path / "laporan.json"
    done = _run(project, str(inbox), "--opd", "bpkad", "--laporan", str(report))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "pindaian.pdf: GALAT: dokumen hasil pindaian: tidak ada lapisan teks; perlu OCR" in done.stdout
    entries = json.loads(report.read_text(encoding="utf-8"))
    assert [Path(e["dokumen"]).name for e in entries] == sorted(p.name for p in inbox.iterdir())
    written = [e for e in entries if e["sop"]]
    assert len(written) == 4
    for entry in entries:
        assert set(entry) == {"dokumen", "sop", "ragu", "galat"}
        for doubt in entry["ragu"]:
            assert set(doubt) == {"kunci", "pesan"} and doubt["pesan"]
    scanned = next(e for e in entries if e["dokumen"].endswith("pindaian.pdf"))
    assert scanned["sop"] is None and scanned["galat"]
    for entry in written:
        path = project / entry["sop"]
        assert path.parent == project / "sops" / "bpkad"
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert data["status"] == "draf"
        expected = yaml.safe_load(
            next(CORPUS.glob(f"*/{Path(entry['dokumen']).stem}.expected.yml")).read_text(encoding="utf-8")
        )
        assert data["nomor"] == expected["nomor"] and len(data["kegiatan"]) == len(expected["kegiatan"])
        text = path.read_text(encoding="utf-8")
        assert text.count("# RAGU:") >= len(entry["ragu"])
    check = subprocess.run(
        [sys.executable, "scripts/validate.py"], cwd=project, capture_output=True, text=True, check=False
    )
    assert check.returncode == 0, check.stdout + check.stderr
    built = build_site(project, sources=project / "sops", env={"KATALOG_SOP_DRAF": "1"})
    assert built.returncode == 0, built.output
    assert (built.site / "bpkad" / "penanganan-pengaduan-layanan-daring" / "index.html").is_file()


def test_nothing_is_overwritten_or_duplicated_without_being_asked(project: Path) -> None:
    document = str(CORPUS / "esop" / "konsultasi-perizinan.pdf")
    first = _run(project, document, "--opd", "dpmptsp")
    assert first.returncode == 0 and "ditulis sops/dpmptsp/pelayanan-konsultasi-perizinan-berusaha.yml" in first.stdout
    target = project / "sops" / "dpmptsp" / "pelayanan-konsultasi-perizinan-berusaha.yml"
    target.write_text(target.read_text(encoding="utf-8") + "# disunting\n", encoding="utf-8")
    again = _run(project, document, "--opd", "dpmptsp")
    # Its nomor is now in the catalogue (the draft written above): refused before the file is reached.
    assert "sudah dipakai oleh `sops/dpmptsp/pelayanan-konsultasi-perizinan-berusaha.yml`" in again.stdout
    assert target.read_text(encoding="utf-8").endswith("# disunting\n")
    forced = _run(project, document, "--opd", "dpmptsp", "--timpa")
    assert forced.returncode == 0, forced.stdout
    assert not target.read_text(encoding="utf-8").endswith("# disunting\n")
    # A nomor already in the catalogue (the sample's own akta kelahiran) is refused, in another OPD too.
    taken = _run(project, str(CORPUS / "esop" / "penerbitan-akta-kelahiran.pdf"), "--opd", "bpkad")
    assert "sudah dipakai oleh `sops/disdukcapil/penerbitan-akta-kelahiran.yml`" in taken.stdout
    assert taken.returncode == 0  # it was read; only a batch of which nothing can be read fails
    assert not list((project / "sops" / "bpkad").glob("penerbitan-akta-kelahiran*"))


def test_a_folder_that_is_not_an_opd_is_refused(project: Path) -> None:
    for opd in ("tidak-ada", "../..", "bpkad/../../.."):
        refused = _run(project, str(CORPUS / "esop" / "legalisasi-salinan-izin.pdf"), "--opd", opd)
        assert refused.returncode == 2, opd
        assert "bukan folder OPD" in refused.stderr
    assert sorted(p.name for p in (project / "sops").iterdir()) == sorted(p.name for p in (REPO / "sops").iterdir())


def test_only_unreadable_documents_exit_non_zero(project: Path) -> None:
    done = _run(project, str(CORPUS / "negatif"), "--opd", "bpkad")
    assert done.returncode == 1
    for name in ("pindaian.pdf", "terenkripsi.pdf", "terpotong.pdf", "bukan-sop.pdf", "bukan-sop.docx"):
        assert f"{name}: GALAT:" in done.stdout
