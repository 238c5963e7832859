"""The scaffolds: a new SOP or OPD from a few answers, complete, explained and valid."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from katalog_sop import build_catalog
from katalog_sop.source.schema import KEGIATAN, KEPUTUSAN, OPD_RECORD, SOP_RECORD, ListOf, OneOf, Reader, Record
from tests.conftest import REPO, build_site

NEW_SOP = REPO / "scripts" / "new_sop.py"
NEW_OPD = REPO / "scripts" / "new_opd.py"
FLAGS = ("--opd", "disdukcapil", "--nama", "Penerbitan Kartu Identitas Anak", "--nomor", "470/SOP.09/DISDUKCAPIL/2026")


def run(project: Path, script: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(script), *args],
        cwd=project,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        check=False,
    )


def all_keys(record: Record, prefix: str = "") -> set[str]:
    """Every key of the format, nested ones as `parent.key`."""
    keys = set()
    for spec in record.fields:
        keys.add(prefix + spec.key)
        inner = spec.type.item if isinstance(spec.type, ListOf) else spec.type
        inner = inner.record if isinstance(inner, OneOf) else inner
        if isinstance(inner, Record) and spec.key != "keterkaitan":
            keys |= all_keys(inner, f"{prefix}{spec.key}.")
    return keys


def written_keys(text: str) -> set[str]:
    """Keys written in the file, commented examples included, as `parent.key`."""
    keys, parents = set(), {}
    for raw in text.splitlines():
        line = raw.replace("# ", "", 1) if raw.lstrip().startswith("# ") and ":" in raw else raw
        stripped = line.strip().removeprefix("- ").removeprefix("#").strip()
        if not stripped or stripped.startswith("#") or ":" not in stripped or " " in stripped.split(":")[0]:
            continue
        indent = len(line) - len(line.lstrip(" #-"))
        key = stripped.split(":")[0]
        parents = {level: name for level, name in parents.items() if level < indent}
        path = ".".join([*(parents[level] for level in sorted(parents)), key])
        keys.add(path)
        parents[indent] = key
    return keys


@pytest.fixture
def project(tmp_path: Path) -> Path:
    shutil.copytree(REPO / "sops", tmp_path / "sops")
    return tmp_path


def test_new_sop_from_flags_is_complete_explained_and_valid(project: Path) -> None:
    done = run(project, NEW_SOP, *FLAGS, "--pelaksana", "Pemohon, Petugas Loket", "--pelaksana", "Kepala Seksi")
    assert done.returncode == 0, done.stdout + done.stderr
    path = project / "sops" / "disdukcapil" / "penerbitan-kartu-identitas-anak.yml"
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../skema/sop.schema.json\n")
    data = yaml.safe_load(text)
    assert data["nomor"] == "470/SOP.09/DISDUKCAPIL/2026" and data["status"] == "draf"
    assert data["pelaksana"] == ["Pemohon", "Petugas Loket", "Kepala Seksi"]
    assert [step["pelaksana"] for step in data["kegiatan"]] == data["pelaksana"]  # one name each, written plainly
    missing = all_keys(SOP_RECORD) - written_keys(text)
    assert not missing, missing
    for spec in SOP_RECORD.fields:  # each key explained above it
        assert f"# {'Wajib' if spec.required else 'Opsional'}. " in text
    assert "# Wajib. Jabatan pejabat yang mengesahkan." in text
    assert "#   ya: 3" in text  # the decision, as an example to copy
    validate = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "validate.py")], cwd=project, capture_output=True, text=True
    )
    assert validate.returncode == 0, validate.stdout + validate.stderr
    sop = next(s for s in build_catalog(project / "sops", project).catalog.sops if s.slug == path.stem)
    assert len(sop.kegiatan) == 3 and sop.status == "draf"


def test_one_pelaksana_gives_one_valid_step(project: Path) -> None:
    """Version 2 of the format accepts an SOP of one step: the skeleton no longer invents a second."""
    done = run(project, NEW_SOP, *FLAGS, "--pelaksana", "Arsiparis", "--berkas", "kia")
    assert done.returncode == 0, done.stderr
    sop = next(s for s in build_catalog(project / "sops", project).catalog.sops if s.slug == "kia")
    assert [s.pelaksana for s in sop.kegiatan] == [("Arsiparis",)]


def commented_block(text: str, start: str) -> list[str]:
    """The commented lines from the one that ends with ``start`` to the next key or key description."""
    lines = text.splitlines()
    first = next(n for n, line in enumerate(lines) if line.rstrip().endswith(start))
    block = []
    for line in lines[first:]:
        if not line.lstrip().startswith("#") or re.match(r"\s*# (Wajib|Opsional)\.", line):
            break
        block.append(line)
    return block


def uncomment(lines: list[str]) -> str:
    """Commented example lines as the YAML they show (`    #   waktu: 1-2 hari` -> `waktu: 1-2 hari`)."""
    bodies = [line.split("#", 1)[1].removeprefix(" ") for line in lines]
    indent = min(len(b) - len(b.lstrip()) for b in bodies)
    return "\n".join(b[indent:] for b in bodies) + "\n"


def test_skeleton_comments_show_the_forms_of_version_2_and_they_are_valid(project: Path) -> None:
    done = run(project, NEW_SOP, *FLAGS, "--pelaksana", "Pemohon, Petugas Loket")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "katalog_sop/site/panduan/format-sumber.md, di situs: halaman skema/" in done.stdout
    text = (project / "sops" / "disdukcapil" / "penerbitan-kartu-identitas-anak.yml").read_text(encoding="utf-8")
    assert "panduan format sumber (katalog_sop/site/panduan/format-sumber.md, di situs: halaman skema/)" in text
    assert "SOP-FORMAT" not in text
    shown = {
        "pelaksana": "#   pelaksana: [Pengurus Barang, Kepala Subbagian Umum]   # langkah bersama",
        "waktu": "#   waktu: 1-2 hari kerja   # rentang",
        "kelipatan": "#   waktu: 1 x 24 jam   # kelipatan",
        "laju": "#   waktu: 2 menit/berkas   # per butir",
        "teks": "#   waktu: Sesuai jadwal   # teks",
        "output": "#   output: [Surat keterangan, Tanda terima]   # beberapa output",
        "lanjut": "#   lanjut: [4, 6]   # alur bercabang",
        "cabang": "#   cabang:",
    }
    for form, line in shown.items():
        assert line in text, form
    assert "tulis `ya` + `tidak` atau `cabang`, tidak keduanya" in text

    # Each one-line example reads as its key of a step, by the schema itself.
    steps = {spec.key: spec for spec in KEGIATAN.fields}
    examples = [line for line in text.splitlines() if re.match(r"^\s+#   [a-z]+: ", line)]
    checked = set()
    for line in examples:
        key = line.split("#", 2)[1].strip().split(":")[0]
        if key in ("pelaksana", "kelengkapan", "waktu", "output", "lanjut"):
            node = yaml.compose(uncomment([line]))
            reader = Reader("contoh")
            steps[key].type.read(node.value[0][1], reader, key)
            assert not reader.problems, (line, reader.problems)
            checked.add(key)
    assert checked == {"pelaksana", "kelengkapan", "waktu", "output", "lanjut"}

    # The decision example, with `cabang` instead of `ya` + `tidak`, is a valid `keputusan`.
    block = commented_block(text, "# keputusan:")
    kept = [line for line in block[1:] if not re.search(r"#   (ya:|tidak:|# )", line)]
    decision = yaml.compose(uncomment(kept))
    reader = Reader("contoh")
    read = KEPUTUSAN.read(decision, reader, "keputusan")
    assert not reader.problems, reader.problems
    assert [(item.value["label"].value, item.value["ke"].value) for item in read["cabang"].value] == [
        ("Dalam kota", 6),
        ("Luar kota", "kirim-pos"),
        ("Luar negeri", "selesai"),
    ]

    validate = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "validate.py")], cwd=project, capture_output=True, text=True
    )
    assert validate.returncode == 0, validate.stdout + validate.stderr


def test_new_sop_asks_when_run_in_a_terminal(project: Path) -> None:
    controller, terminal = os.openpty()
    answers = "kecamatan-sukamaju\nLegalisasi Akta Jual Beli\nKEC.SKM/SOP/09/2026\nPemohon, Petugas PATEN, Camat\n\n"
    os.write(controller, answers.encode())
    done = subprocess.run(
        [sys.executable, str(NEW_SOP)], cwd=project, stdin=terminal, capture_output=True, text=True, check=False
    )
    os.close(terminal)
    os.close(controller)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "disdukcapil" in done.stdout and "Dinas Kependudukan dan Pencatatan Sipil" in done.stdout  # OPDs listed
    data = yaml.safe_load((project / "sops" / "kecamatan-sukamaju" / "legalisasi-akta-jual-beli.yml").read_text())
    assert data["pelaksana"] == ["Pemohon", "Petugas PATEN", "Camat"] and data["nomor"] == "KEC.SKM/SOP/09/2026"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("--opd", "disdukcapil", "--nama", "Lain", "--nomor", "470/SOP.01/DISDUKCAPIL/2024", "--pelaksana", "A"),
            "sudah dipakai oleh `sops/disdukcapil/penerbitan-akta-kelahiran.yml`",
        ),
        (
            ("--opd", "disdukcapil", "--nama", "Penerbitan Akta Kelahiran", "--nomor", "X/1", "--pelaksana", "A"),
            "`sops/disdukcapil/penerbitan-akta-kelahiran.yml` sudah ada",
        ),
        (("--opd", "dukcapil", "--nama", "Lain", "--nomor", "X/1", "--pelaksana", "A"), "maksud Anda `disdukcapil`"),
    ],
)
def test_new_sop_refuses(project: Path, args: tuple[str, ...], message: str) -> None:
    before = sorted(p.name for p in (project / "sops").rglob("*.yml"))
    done = run(project, NEW_SOP, *args)
    assert done.returncode == 1
    assert message in done.stderr
    assert sorted(p.name for p in (project / "sops").rglob("*.yml")) == before


def test_without_a_terminal_missing_answers_are_an_error(project: Path) -> None:
    done = run(project, NEW_SOP, "--opd", "disdukcapil")
    assert done.returncode == 2
    assert "Belum diisi: --nama, --nomor, --pelaksana" in done.stderr


def test_new_opd_then_its_first_sop_build_and_publish(project: Path) -> None:
    done = run(
        project, NEW_OPD, "--nama", "Dinas Kesehatan", "--singkatan", "Dinkes", "--pemilik", "@contoh/tim-dinkes"
    )
    assert done.returncode == 0, done.stderr
    text = (project / "sops" / "dinkes" / "_opd.yml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../skema/opd.schema.json\n")
    assert not all_keys(OPD_RECORD) - written_keys(text)
    assert yaml.safe_load(text)["pemilik"] == ["@contoh/tim-dinkes"]
    done = run(
        project, NEW_SOP, "--opd", "dinkes", "--nama", "Imunisasi Dasar", "--nomor", "440/1", "--pelaksana", "A,B"
    )
    assert done.returncode == 0, done.stderr

    built = build_site(project, sources=project / "sops")
    assert built.returncode == 0, built.output
    page = project / "site" / "dinkes" / "imunisasi-dasar" / "index.html"
    assert not page.exists()  # a draft is not published
    source = project / "sops" / "dinkes" / "imunisasi-dasar.yml"
    source.write_text(source.read_text(encoding="utf-8").replace("status: draf", "status: berlaku"), encoding="utf-8")
    built = build_site(project, sources=project / "sops")
    assert built.returncode == 0, built.output
    assert "Imunisasi Dasar" in page.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--nama", "Pencarian", "--folder", "cari"), "dipakai situs"),
        (("--nama", "Dinas Dukcapil", "--folder", "disdukcapil"), "sudah ada"),
        (("--nama", "Dinas X", "--folder", "Dinas_X"), "tidak sah"),
        (("--nama", "Dinas X", "--pemilik", "budi"), "pemilik budi tidak sah"),
    ],
)
def test_new_opd_refuses(project: Path, args: tuple[str, ...], message: str) -> None:
    done = run(project, NEW_OPD, *args)
    assert done.returncode == 1
    assert message in done.stderr
