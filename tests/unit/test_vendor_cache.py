"""A cached third-party file changed on disk is never served (issue 21): it is checked on every use."""

from __future__ import annotations

from pathlib import Path

import pytest

from katalog_sop import vendor


def test_a_changed_cached_file_is_replaced_from_the_verified_package(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = vendor.ensure(vendor.ARIMO_BOLD_WEB)  # the machine's cache: the verified package is there
    monkeypatch.setenv("KATALOG_SOP_CACHE", str(tmp_path))
    folder = tmp_path / f"{vendor.ARIMO_BOLD_WEB.package}-{vendor.ARIMO_BOLD_WEB.version}"
    folder.mkdir(parents=True)
    (folder / "package.tgz").write_bytes((real.parent / "package.tgz").read_bytes())
    (folder / real.name).write_bytes(b"alert('diganti')")  # tampered with in the cache
    served = vendor.ensure(vendor.ARIMO_BOLD_WEB)
    assert served.read_bytes() == real.read_bytes()


def test_every_shipped_asset_pins_its_file() -> None:
    for asset in (
        vendor.MERMAID,
        vendor.ARIMO_REGULAR,
        vendor.ARIMO_BOLD,
        vendor.ARIMO_REGULAR_WEB,
        vendor.ARIMO_BOLD_WEB,
    ):
        assert len(asset.member_sha256) == 64, asset.member
