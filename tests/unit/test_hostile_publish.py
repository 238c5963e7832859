"""The publish step never deletes what it did not make, and fails before touching the old site (issue 21)."""

from __future__ import annotations

import errno
import shutil
from pathlib import Path

import pytest

from katalog_sop.publish import atomic


def _site(folder: Path, text: str) -> Path:
    folder.mkdir(parents=True)
    (folder / "index.html").write_text(text, encoding="utf-8")
    (folder / "sub").mkdir()
    (folder / "sub" / "page.html").write_text(text, encoding="utf-8")
    return folder


def test_folders_named_like_leftovers_but_not_made_by_a_build_are_kept(tmp_path: Path) -> None:
    site = _site(tmp_path / "site", "lama")
    backup = _site(tmp_path / "site.lama-2024", "cadangan pribadi")
    other = _site(tmp_path / "site.baru-99999", "milik orang lain")
    build = atomic.AtomicBuild(site)
    (build.staging / "index.html").write_text("baru", encoding="utf-8")
    build.publish()
    assert (site / "index.html").read_text(encoding="utf-8") == "baru"
    assert (backup / "index.html").read_text(encoding="utf-8") == "cadangan pribadi"
    assert (other / "sub" / "page.html").read_text(encoding="utf-8") == "milik orang lain"
    assert not atomic.register_file(site).exists()  # nothing of ours left to record


def test_a_leftover_of_a_killed_build_is_still_removed(tmp_path: Path) -> None:
    site = _site(tmp_path / "site", "lama")
    dead = tmp_path / f"site{atomic.NEW_MARK}999999"  # no such process
    dead.mkdir()
    atomic._register(site, dead)
    atomic.AtomicBuild(site).abandon()
    assert not dead.exists()
    assert (site / "index.html").read_text(encoding="utf-8") == "lama"


def test_a_full_disk_while_filling_a_mounted_site_leaves_the_old_site(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A mount point cannot be renamed: the new site is copied in first; when that copy fails the old site is whole."""
    site = _site(tmp_path / "site", "lama")
    staging = _site(tmp_path / "site.baru-1", "baru")
    copied = shutil.copytree
    depth = [0]

    def full_disk(*args: object, **kwargs: object) -> object:
        depth[0] += 1
        try:
            result = copied(*args, **kwargs)  # part of it is written (subfolders copy through here too) ...
        finally:
            depth[0] -= 1
        if depth[0] == 0:
            raise OSError(errno.ENOSPC, "No space left on device")  # ... then the disk is full
        return result

    monkeypatch.setattr(atomic.shutil, "copytree", full_disk)
    with pytest.raises(atomic.PublishError, match="situs lama tidak diubah"):
        atomic._replace_contents(staging, site)
    assert sorted(p.name for p in site.iterdir()) == ["index.html", "sub"]
    assert (site / "sub" / "page.html").read_text(encoding="utf-8") == "lama"


def test_a_mounted_site_is_replaced_whole_when_there_is_room(tmp_path: Path) -> None:
    site = _site(tmp_path / "site", "lama")
    (site / "hanya-lama.html").write_text("x", encoding="utf-8")
    staging = _site(tmp_path / "site.baru-1", "baru")
    atomic._replace_contents(staging, site)
    assert sorted(p.name for p in site.iterdir()) == ["index.html", "sub"]
    assert (site / "sub" / "page.html").read_text(encoding="utf-8") == "baru"
    assert not staging.exists()


@pytest.mark.parametrize(("target", "word"), [("sops", "sama dengan"), (".", "sama dengan"), ("sops/baru", "di dalam")])
def test_the_site_folder_may_not_replace_the_sources_or_the_project(tmp_path: Path, target: str, word: str) -> None:
    project = tmp_path / "proyek"
    sources = _site(project / "sops", "sumber")
    docs = _site(project / "docs", "docs")
    kept = ((project, True), (docs, False), (sources, False))
    with pytest.raises(atomic.PublishError, match=word):
        atomic.AtomicBuild(project / target, protected=kept)
    assert (sources / "index.html").read_text(encoding="utf-8") == "sumber"
    assert sorted(p.name for p in project.iterdir()) == ["docs", "sops"]
