"""The swap that publishes a new site: in-process, on folders (the real builds are in tests/site/test_atomic.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from katalog_sop.publish import atomic as publish


@pytest.mark.parametrize("exchange", [True, False])
def test_swap_replaces_the_site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, exchange: bool) -> None:
    if not exchange:
        monkeypatch.setattr(publish, "_exchange", lambda first, second: False)
    final = tmp_path / "site"
    final.mkdir()
    (final / "lama.html").write_text("lama", encoding="utf-8")
    staging = publish.prepare(final)
    (staging / "baru.html").write_text("baru", encoding="utf-8")
    publish.swap(staging, final)
    assert sorted(p.name for p in final.iterdir()) == ["baru.html"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]
