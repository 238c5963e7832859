"""`mkdocs build` on a full disk: one Indonesian line, the published site untouched, no traceback.

The disk is made full where MkDocs copies the theme's and docs' files (``shutil.copyfile``, which MkDocs
calls for every static file): a fault injected into the operating system call, not into MkDocs.
"""

from __future__ import annotations

import errno
import hashlib
import shutil
from pathlib import Path

import pytest
from mkdocs.exceptions import Abort

from tests.conftest import OPD_YAML, SOP_YAML, make_project, write_catalog
from tests.site.test_contract import environment, leftovers, mkdocs_build  # noqa: F401 (environment: a fixture)


def checksums(site: Path) -> dict[str, str]:
    return {
        p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in site.rglob("*")
        if p.is_file()
    }


@pytest.fixture
def project(tmp_path: Path) -> Path:
    project = make_project(tmp_path / "proyek", with_sample=False)
    write_catalog(project, {"dincon/_opd.yml": OPD_YAML, "dincon/satu.yml": SOP_YAML})
    return project


def test_full_disk_while_copying_keeps_the_site_and_says_so(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    mkdocs_build(project / "mkdocs.yml")
    before = checksums(project / "site")

    def full(source: str, target: str, *args: object, **kwargs: object) -> str:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(shutil, "copyfile", full)
    with pytest.raises(Abort) as raised:
        mkdocs_build(project / "mkdocs.yml")
    message = str(raised.value)
    assert message.startswith("Katalog SOP: situs tidak diterbitkan: ")
    assert "disk penuh" in message and "Kosongkan ruang disk" in message
    assert "Situs yang sudah terbit tidak diubah." in message
    assert "No space" not in message and "Errno" not in message
    assert checksums(project / "site") == before
    assert leftovers(project) == []
