"""A failed download of a vendored file and a file that is not a workbook: one Indonesian line naming the file and
what to do, never a Python repr or the English of urllib, zipfile or openpyxl. Real code paths: the download goes to
a loopback port where nothing listens, or to a loopback server with no such file or the wrong bytes; the import
script reads real files that are not .xlsx workbooks."""

from __future__ import annotations

import io
import re
import socket
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import Workbook

from katalog_sop import vendor
from katalog_sop.publish.pdf import start_server
from tests.unit.test_hostile_messages import assert_clean, script

# The libraries' own words: urllib, http.client, zipfile, openpyxl.
LIBRARY = re.compile(
    r"Connection refused|Not Found|urlopen|HTTP Error|BadZipFile|zip file|File is not|archive|openpyxl|xlrd"
    r"|support|There is no item|KeyError|Content_Types",
    re.IGNORECASE,
)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def registry(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """A loopback "registry": the files of a folder over HTTP, and that folder."""
    folder = tmp_path / "registri"
    folder.mkdir()
    server, base = start_server(folder)
    try:
        yield base, folder
    finally:
        server.shutdown()
        server.server_close()


def _download_refusal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, registry_url: str) -> str:
    monkeypatch.setenv("KATALOG_SOP_CACHE", str(tmp_path / "simpanan"))
    monkeypatch.setenv("NPM_CONFIG_REGISTRY", registry_url)
    with pytest.raises(vendor.AssetError) as raised:
        vendor.ensure(vendor.MERMAID)
    message = str(raised.value)
    url = vendor.MERMAID.tarball_url(registry_url)
    cached = tmp_path / "simpanan" / f"mermaid-{vendor.MERMAID.version}" / "package.tgz"
    assert "\n" not in message, message
    assert message.startswith(f"mermaid {vendor.MERMAID.version} "), message
    assert url in message and f"`{cached}`" in message, message
    assert "Periksa sambungan jaringan dan alamat registri npm (variabel NPM_CONFIG_REGISTRY" in message, message
    assert "lalu jalankan lagi" in message, message
    assert_clean(message)
    assert not LIBRARY.search(message), message
    assert not cached.exists()
    return message


def test_download_from_a_port_where_nothing_listens(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    message = _download_refusal(tmp_path, monkeypatch, f"http://127.0.0.1:{_free_port()}")
    assert ": sambungan ditolak oleh server. " in message, message


def test_download_of_a_file_the_registry_does_not_have(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, registry: tuple[str, Path]
) -> None:
    message = _download_refusal(tmp_path, monkeypatch, registry[0])
    assert ": berkas tidak ada di registri itu (HTTP 404). " in message, message


def test_download_of_the_wrong_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, registry: tuple[str, Path]
) -> None:
    base, folder = registry
    tarball = folder / "mermaid" / "-" / f"mermaid-{vendor.MERMAID.version}.tgz"
    tarball.parent.mkdir(parents=True)
    tarball.write_bytes(b"<html>bukan paket</html>")
    message = _download_refusal(tmp_path, monkeypatch, base)
    assert "tidak cocok dengan hash yang dipatok" in message and "berkas ditolak" in message, message


def test_download_from_a_registry_address_without_scheme(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    message = _download_refusal(tmp_path, monkeypatch, "registri.contoh")
    assert "alamat registri tidak sah" in message, message


# --- A file that is not an .xlsx workbook, given to scripts/import_xlsx.py -------------------------------------


def _zip(members: dict[str, str]) -> bytes:
    content = io.BytesIO()
    with zipfile.ZipFile(content, "w") as archive:
        for name, text in members.items():
            archive.writestr(name, text)
    return content.getvalue()


def _workbook() -> bytes:
    content = io.BytesIO()
    Workbook().save(content)
    return content.getvalue()


OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)


@pytest.mark.parametrize(
    ("name", "data", "said"),
    [
        ("teks.xlsx", b"nomor,nama\n001,Contoh\n", "isinya bukan buku kerja .xlsx (mis. berkas teks, CSV"),
        ("tabel.csv", b"nomor,nama\n001,Contoh\n", "isinya bukan buku kerja .xlsx (mis. berkas teks, CSV"),
        ("lama.xls", OLE2, "berkas ini berformat Excel 97-2003 (.xls), atau .xlsx yang dilindungi kata sandi"),
        ("lama.xlsx", OLE2, "berkas ini berformat Excel 97-2003 (.xls), atau .xlsx yang dilindungi kata sandi"),
        ("arsip.xlsx", _zip({"catatan.txt": "bukan buku kerja"}), "berkas ini arsip zip, tetapi bukan buku kerja"),
        (
            "dokumen.xlsx",
            _zip(
                {"[Content_Types].xml": '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'}
            ),
            "berkas ini arsip zip, tetapi bukan buku kerja",
        ),
        ("terpotong.xlsx", _workbook()[:300], "berkas ini arsip zip, tetapi bukan buku kerja"),
        ("kosong.xlsx", b"", "berkas ini kosong (0 bita)"),
        ("salah-nama.xls", _workbook(), "isinya buku kerja .xlsx, tetapi namanya berakhiran `.xls`. Ganti namanya"),
    ],
)
def test_import_of_a_file_that_is_not_a_workbook(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    name: str,
    data: bytes,
    said: str,
) -> None:
    (tmp_path / "sops").mkdir()
    (tmp_path / name).write_bytes(data)
    monkeypatch.chdir(tmp_path)
    assert script("import_xlsx").main([name]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.splitlines()
    assert len(lines) == 1, captured.err
    assert lines[0].startswith(f"{name}:1:1: {said}"), lines[0]
    assert "Excel Workbook (.xlsx)" in lines[0] or "Ganti namanya menjadi .xlsx" in lines[0], lines[0]
    assert_clean(lines[0])
    assert not LIBRARY.search(lines[0]), lines[0]
    assert list((tmp_path / "sops").iterdir()) == []


@pytest.mark.parametrize(
    ("make", "said"),
    [
        (lambda path: None, "`{name}` tidak dapat dibuka: berkas atau folder tidak ada. Periksa jalurnya"),
        (lambda path: path.mkdir(), "`{name}` tidak dapat dibuka: jalur itu sebuah folder, bukan berkas."),
    ],
)
def test_import_of_a_workbook_that_cannot_be_opened(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], make: object, said: str
) -> None:
    (tmp_path / "sops").mkdir()
    name = "sop.xlsx"
    make(tmp_path / name)  # type: ignore[operator]
    monkeypatch.chdir(tmp_path)
    assert script("import_xlsx").main([name]) == 2
    lines = capsys.readouterr().err.splitlines()
    assert lines == [lines[0]] and lines[0].startswith(said.format(name=name)), lines
    assert_clean(lines[0])
    assert not LIBRARY.search(lines[0]), lines[0]
