"""Every message about a source file or a failed write: Indonesian, at `path:line:col`, with what to write instead.

Hostile YAML (keys written as lists or mappings, merge keys, bytes that are not UTF-8) must never show a Python
repr or PyYAML's English; a full disk or a folder that cannot be written must end a tool with one Indonesian line
naming the path and what to do, never a traceback. The scripts run in-process (``main`` called with arguments).
"""

from __future__ import annotations

import array
import fcntl
import importlib.util
import os
import re
import shutil
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType

import pytest

from katalog_sop.source import sourcefile
from tests.conftest import OPD_YAML, REPO, SOP_YAML, catalog_problems, edit

# Python reprs and English words that have no place in a message for a maintainer.
REPR = re.compile(r"Node\(|object at 0x|Traceback|<[a-z_]+[ >]|\[\(|Errno|\btag=")
ENGLISH = re.compile(
    r"\b(the|expected|found|could not|while|error|invalid|byte|start|continuation|unexpected|No space|left on"
    r"|device|Permission|denied|Read-only|file system|out of range)\b",
    re.IGNORECASE,
)


def assert_clean(message: str) -> None:
    assert not REPR.search(message), message
    assert not ENGLISH.search(message), message


def script(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"messages_{name}", REPO / "scripts" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# --- Source files ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "where"),
    [
        ("? [a]\n: b\n", "29:3"),
        ("? {a: 1}\n: b\n", "29:3"),
        ("[a, b]: c\n", "29:1"),
    ],
)
def test_key_written_as_list_or_mapping(tmp_path: Path, written: str, where: str) -> None:
    problems = catalog_problems(tmp_path, {"dincon/contoh.yml": SOP_YAML + written})
    assert len(problems) == 1, problems
    assert problems[0].startswith(f"sops/dincon/contoh.yml:{where}: kunci "), problems
    assert "kunci harus berupa teks satu kata, mis. `nomor:`" in problems[0], problems
    assert_clean(problems[0])


def test_nested_key_written_as_list(tmp_path: Path) -> None:
    text = edit("  - uraian: Mengajukan", "  - ? [x]\n    : y\n    uraian: Mengajukan")
    problems = catalog_problems(tmp_path, {"dincon/contoh.yml": text})
    assert problems == [
        "sops/dincon/contoh.yml:15:7: kunci di langkah `kegiatan` ditulis sebagai daftar; kunci harus berupa teks "
        "satu kata, mis. `uraian:`. Hapus tanda `?`, `[` atau `{` di depan kunci."
    ]


def test_same_list_key_twice_is_one_problem_each_and_no_repr(tmp_path: Path) -> None:
    problems = catalog_problems(tmp_path, {"dincon/contoh.yml": SOP_YAML + "? [a]\n: b\n? [a]\n: c\n"})
    assert [p.split(": ", 1)[0] for p in problems] == ["sops/dincon/contoh.yml:29:3", "sops/dincon/contoh.yml:31:3"]
    for problem in problems:
        assert_clean(problem)


@pytest.mark.parametrize("merged", ["x", "[a, b]", "{nama: X}", "[{a: 1}, {b: 2}]"])
def test_merge_key(tmp_path: Path, merged: str) -> None:
    problems = catalog_problems(tmp_path, {"dincon/contoh.yml": SOP_YAML + f"<<: {merged}\n"})
    assert problems == [
        "sops/dincon/contoh.yml:29:1: penggabungan YAML (`<<`) tidak dipakai di berkas sumber; tulis setiap kunci "
        "beserta nilainya langsung di berkas SOP, mis. `nomor: ...`, lalu hapus baris `<<`."
    ]


def test_merge_key_in_opd(tmp_path: Path) -> None:
    problems = catalog_problems(tmp_path, {"dincon/_opd.yml": OPD_YAML + "kontak:\n  <<: {email: a@b.id}\n"})
    assert len(problems) == 1 and problems[0].startswith("sops/dincon/_opd.yml:4:3: penggabungan YAML (`<<`)")
    assert "`kontak`" in problems[0]


@pytest.mark.parametrize(
    ("data", "where", "byte"),
    [
        (SOP_YAML.replace("Contoh", "Contoh \xe9").encode("latin-1"), "2:24", "0xE9"),
        (("\ufeff" + SOP_YAML).encode("utf-16"), "1:1", "0xFF"),
        (SOP_YAML.encode() + b"x: \xed\xa0\x80\n", "29:4", "0xED"),
        (SOP_YAML.encode() + b"x: \xe2\x82", "29:4", "0xE2"),
    ],
)
def test_not_utf8(tmp_path: Path, data: bytes, where: str, byte: str) -> None:
    sources = tmp_path / "sops" / "dincon"
    sources.mkdir(parents=True)
    (sources / "_opd.yml").write_text(OPD_YAML, encoding="utf-8")
    (sources / "contoh.yml").write_bytes(data)
    problems = catalog_problems(tmp_path, {})
    assert len(problems) == 1, problems
    assert problems[0].startswith(f"sops/dincon/contoh.yml:{where}: berkas bukan teks UTF-8: bita {byte} "), problems
    assert "simpan ulang dengan pengodean UTF-8" in problems[0]
    assert_clean(problems[0])


# --- Writes refused by the system --------------------------------------------------------------------------


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    repo = tmp_path / "repo"
    (repo / "sops" / "dincon").mkdir(parents=True)
    (repo / "sops" / "dincon" / "_opd.yml").write_text(OPD_YAML + "pemilik: ['@org/tim']\n", encoding="utf-8")
    (repo / "sops" / "dincon" / "contoh.yml").write_text(SOP_YAML, encoding="utf-8")
    monkeypatch.chdir(repo)
    return repo


# Linux's ioctls for a file's attributes (`chattr`): an immutable folder refuses new files, even to root.
FS_IOC_GETFLAGS, FS_IOC_SETFLAGS, FS_IMMUTABLE_FL = 0x80086601, 0x40086602, 0x10


def _set_immutable(folder: Path, on: bool) -> None:
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        flags = array.array("l", [0])
        fcntl.ioctl(descriptor, FS_IOC_GETFLAGS, flags, True)
        flags[0] = flags[0] | FS_IMMUTABLE_FL if on else flags[0] & ~FS_IMMUTABLE_FL
        fcntl.ioctl(descriptor, FS_IOC_SETFLAGS, flags)
    finally:
        os.close(descriptor)


@contextmanager
def unwritable(folder: Path) -> Iterator[None]:
    """``folder`` made unwritable for real: read-only mode, or for root (whom modes do not stop) immutable."""
    if os.geteuid() != 0:
        folder.chmod(0o555)
        try:
            yield
        finally:
            folder.chmod(0o755)
        return
    try:
        _set_immutable(folder, True)
    except OSError:
        pytest.skip("running as root where `chattr +i` is refused: no folder can be made unwritable")
    try:
        yield
    finally:
        _set_immutable(folder, False)


def full_disk(monkeypatch: pytest.MonkeyPatch) -> None:
    """Files written by ``write_nofollow`` are created, but their content goes to /dev/full (ENOSPC, for real):
    a full file system cannot be made without mounting one."""
    real_fdopen = os.fdopen

    def fdopen(descriptor: int, *args: object, **kwargs: object) -> object:
        os.close(descriptor)
        return real_fdopen(os.open("/dev/full", os.O_WRONLY), *args, **kwargs)

    monkeypatch.setattr(sourcefile.os, "fdopen", fdopen)


def one_line(stderr: str) -> str:
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1, stderr
    assert_clean(lines[0])
    return lines[0]


NEW_SOP_ARGS = ["--opd", "dincon", "--nama", "Layanan Baru", "--nomor", "002/X/2024", "--pelaksana", "Petugas"]


def test_new_sop_disk_full(project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture) -> None:
    full_disk(monkeypatch)
    assert script("new_sop").main(NEW_SOP_ARGS) == 1
    line = one_line(capsys.readouterr().err)
    assert line.startswith("`sops/dincon/layanan-baru.yml` tidak dapat ditulis: disk penuh."), line
    assert "Kosongkan ruang disk" in line
    assert not (project / "sops" / "dincon" / "layanan-baru.yml").exists()  # no half-written file left behind


def test_new_sop_folder_unwritable(project: Path, capsys: pytest.CaptureFixture) -> None:
    with unwritable(project / "sops" / "dincon"):
        assert script("new_sop").main(NEW_SOP_ARGS) == 1
    line = one_line(capsys.readouterr().err)
    assert line.startswith("`sops/dincon/layanan-baru.yml` tidak dapat ditulis: "), line
    assert "Periksa izin" in line


def test_new_opd_sources_unwritable(project: Path, capsys: pytest.CaptureFixture) -> None:
    with unwritable(project / "sops"):
        assert script("new_opd").main(["--nama", "Dinas Baru", "--folder", "dinbar"]) == 1
    line = one_line(capsys.readouterr().err)
    assert line.startswith("`sops/dinbar` tidak dapat ditulis: "), line
    assert "Periksa izin" in line


def test_new_opd_disk_full(project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture) -> None:
    full_disk(monkeypatch)
    assert script("new_opd").main(["--nama", "Dinas Baru", "--folder", "dinbar"]) == 1
    line = one_line(capsys.readouterr().err)
    assert line.startswith("`sops/dinbar/_opd.yml` tidak dapat ditulis: disk penuh."), line


def test_codeowners_disk_full(project: Path, capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch) -> None:
    (project / ".github").mkdir()
    (project / ".github" / "CODEOWNERS").write_text("/sops/lama/ @lama\n", encoding="utf-8")
    monkeypatch.setattr(os, "open", full_disk_open(os.open))
    assert script("codeowners").main([]) == 1
    monkeypatch.undo()
    line = one_line(capsys.readouterr().err)
    assert line.startswith("`.github/CODEOWNERS` tidak dapat ditulis: disk penuh."), line
    assert (project / ".github" / "CODEOWNERS").read_text(encoding="utf-8") == "/sops/lama/ @lama\n"


def full_disk_open(real_open):  # type: ignore[no-untyped-def]
    """``os.open`` on a disk that is full: the file is really created or truncated, then every write fails."""

    def opened(path: str | os.PathLike[str], flags: int, mode: int = 0o777) -> int:
        descriptor = real_open(path, flags, mode)
        os.close(descriptor)
        return real_open("/dev/full", os.O_WRONLY)  # every write to it fails with ENOSPC

    return opened


def test_codeowners_folder_unwritable(project: Path, capsys: pytest.CaptureFixture) -> None:
    with unwritable(project):
        assert script("codeowners").main([]) == 1
    line = one_line(capsys.readouterr().err)
    assert line.startswith("`.github` tidak dapat ditulis: "), line


def test_validate_output_to_full_disk(project: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    with open("/dev/full", "w", encoding="utf-8") as full:
        monkeypatch.setattr(sys, "stdout", full)
        assert script("validate").main([]) == 1
    line = one_line(capsys.readouterr().err)
    assert line.startswith("keluaran program (stdout, dialihkan ke berkas) tidak dapat ditulis: disk penuh."), line


def test_ci_output_to_full_disk(project: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    ci = script("ci")
    monkeypatch.setattr(ci, "steps", lambda args: [("Langkah", [sys.executable, "-c", "pass"])])
    with open("/dev/full", "w", encoding="utf-8") as full:
        monkeypatch.setattr(sys, "stdout", full)
        assert ci.main([]) == 1
    line = one_line(capsys.readouterr().err)
    assert line.startswith("keluaran program (stdout, dialihkan ke berkas) tidak dapat ditulis: disk penuh."), line


@pytest.mark.filterwarnings("error::pytest.PytestUnraisableExceptionWarning")  # no zip file cleanup fails later
def test_import_xlsx_template_to_full_disk(project: Path, capsys: pytest.CaptureFixture) -> None:
    assert script("import_xlsx").main(["--template", "/dev/full"]) == 1
    line = one_line(capsys.readouterr().err)
    assert line.startswith("`/dev/full` tidak dapat ditulis: disk penuh."), line


def test_import_dokumen_report_to_full_disk(project: Path, capsys: pytest.CaptureFixture) -> None:
    (project / "dokumen.pdf").write_bytes(b"bukan pdf")
    assert script("import_dokumen").main(["dokumen.pdf", "--opd", "dincon", "--laporan", "/dev/full"]) == 1
    line = one_line(capsys.readouterr().err)
    assert line.startswith("`/dev/full` tidak dapat ditulis: disk penuh."), line


def test_import_dokumen_folder_unwritable(project: Path, capsys: pytest.CaptureFixture) -> None:
    shutil.copy(REPO / "tests" / "fixtures" / "dokumen" / "word" / "penerimaan-barang-milik-daerah.docx", project)
    with unwritable(project / "sops" / "dincon"):
        assert script("import_dokumen").main(["penerimaan-barang-milik-daerah.docx", "--opd", "dincon"]) == 1
    line = one_line(capsys.readouterr().err)
    assert line.startswith("`sops/dincon/"), line
    assert "tidak dapat ditulis: " in line and "Periksa izin" in line


def test_replacing_a_file_on_a_full_disk_keeps_the_old_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The disk fills while the new text is written: the file being replaced (CODEOWNERS, an imported SOP
    restored by import_xlsx) keeps its old text whole, and no temporary file is left beside it."""
    target = tmp_path / "CODEOWNERS"
    target.write_text("/sops/dincon/ @lama\n", encoding="utf-8")
    monkeypatch.setattr(os, "open", full_disk_open(os.open))
    with pytest.raises(OSError) as raised:
        sourcefile.write_nofollow(target, "/sops/dincon/ @baru\n" * 1000, replace=True)
    monkeypatch.undo()
    assert raised.value.filename == str(target)
    assert target.read_text(encoding="utf-8") == "/sops/dincon/ @lama\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["CODEOWNERS"]
