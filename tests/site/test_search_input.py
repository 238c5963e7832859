"""Pagefind reads each SOP body without its drawings (katalog_sop.publish.search.indexed_part): the same index."""

from __future__ import annotations

from pathlib import Path

import pytest

from katalog_sop.catalog.model import Catalog
from katalog_sop.publish import search
from katalog_sop.site.render import render_site
from tests.unit.test_render_parallel import SITE, sample

__all__ = ["sample"]  # the fixture, shared with the unit tests of the parallel renderer


def _index_files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_the_index_without_the_drawings_is_the_same_index(
    sample: Catalog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pages, _files = render_site(sample, SITE, workers=1)
    lighter = search.BackgroundIndex(pages)
    lighter.finish(tmp_path / "lighter")
    monkeypatch.setattr(search, "indexed_part", lambda body: body)
    whole = search.BackgroundIndex(pages)
    whole.finish(tmp_path / "whole")
    made = _index_files(tmp_path / "lighter" / "pagefind")
    assert len(made) > 100
    assert made == _index_files(tmp_path / "whole" / "pagefind")


def test_the_index_written_by_a_forked_child_is_the_same_index(
    sample: Catalog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """From FORK_MIN_PAGES pages on, a forked child writes the bodies and becomes Pagefind: same index, and a
    failure in the child is reported as Pagefind's."""
    pages, _files = render_site(sample, SITE, workers=1)
    here = search.BackgroundIndex(pages)
    assert here.pid is None and here.process is not None
    here.finish(tmp_path / "here")
    monkeypatch.setattr(search, "FORK_MIN_PAGES", 1)
    # Under pytest-xdist the worker runs threads of its own, so the build's rule (no fork beside other threads)
    # would take the path above again: the child here only writes files and becomes Pagefind.
    monkeypatch.setattr(search, "can_fork", lambda: True)
    monkeypatch.setattr(search, "available_cores", lambda: 2)
    forked = search.BackgroundIndex(pages)
    assert forked.pid is not None and forked.process is None
    summary = forked.finish(tmp_path / "forked")
    made = _index_files(tmp_path / "forked" / "pagefind")
    assert summary.pages > 10 and len(made) > 100
    assert made == _index_files(tmp_path / "here" / "pagefind")
    monkeypatch.setattr(search, "_DOCUMENT", "{missing}")  # the child cannot write a body
    broken = search.BackgroundIndex(pages)
    with pytest.raises(search.SearchIndexError, match="Pagefind gagal"):
        broken.finish(tmp_path / "broken")
    cancelled = search.BackgroundIndex(pages)
    cancelled.cancel()
    assert cancelled.pid is None and not cancelled.workdir.exists()
