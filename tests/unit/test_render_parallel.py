"""The SOP pages rendered on several cores are the pages rendered in one process; the search index reads
less of each page and is the same index."""

from __future__ import annotations

import hashlib

import pytest

from katalog_sop import build_catalog, forking
from katalog_sop.catalog.model import Catalog
from katalog_sop.publish import search
from katalog_sop.site import parallel
from katalog_sop.site.page import GeneratedPage
from katalog_sop.site.render import render_site
from tests.conftest import REPO, generate_sample
from tests.unit.test_format_v2 import FIXTURE_SITE

FIXTURES = REPO / "tests" / "fixtures" / "v1"
SITE = FIXTURE_SITE  # the v1 pages' site: their digests hold in parallel too


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Catalog:
    root = tmp_path_factory.mktemp("sampel")
    generate_sample(root / "sops", 150)
    return build_catalog(root / "sops", root).published()


def _as_data(pages: list[GeneratedPage]) -> list[tuple[object, ...]]:
    return [(p.src_uri, p.title, p.description, p.body, p.source, p.headings) for p in pages]


@pytest.mark.skipif(not forking.can_fork(), reason="needs fork and a single thread")
@pytest.mark.parametrize("workers", [2, 3])
def test_pages_rendered_in_parallel_are_the_pages_of_one_process(sample: Catalog, workers: int) -> None:
    alone, files_alone = render_site(sample, SITE, workers=1)
    together, files_together = render_site(sample, SITE, workers=workers, parallel_min=0)
    assert len(sample.sops) > parallel.SLICE_SIZE * 2  # several slices, and the last one short
    assert _as_data(together) == _as_data(alone)  # the same pages, in the same order
    assert files_together == files_alone


@pytest.mark.skipif(not forking.can_fork(), reason="needs fork and a single thread")
def test_fixture_pages_in_parallel_keep_their_digests() -> None:
    catalog = build_catalog(FIXTURES / "sops", FIXTURES).published()
    pages, _files = render_site(catalog, SITE, workers=2, parallel_min=0)
    lines = [
        f"{hashlib.sha256(p.content.encode()).hexdigest()} {p.src_uri}" for p in sorted(pages, key=lambda p: p.src_uri)
    ]
    assert "\n".join(lines) + "\n" == (FIXTURES / "halaman.sha256").read_text(encoding="utf-8")


def test_small_catalogues_stay_in_one_process(monkeypatch: pytest.MonkeyPatch) -> None:
    def forbidden(*args: object, **kwargs: object) -> None:
        raise AssertionError("no worker for a small catalogue")

    monkeypatch.setattr("katalog_sop.site.render.render_in_parallel", forbidden)
    catalog = build_catalog(FIXTURES / "sops", FIXTURES).published()
    pages, _files = render_site(catalog, SITE, workers=2)
    assert len(pages) > len(catalog.sops)


def test_slices_cover_every_sop_once_in_order() -> None:
    assert parallel.slices(0) == []
    assert parallel.slices(5, 2) == [(0, 2), (2, 4), (4, 5)]
    assert [i for a, b in parallel.slices(1000, 64) for i in range(a, b)] == list(range(1000))


def test_the_index_reads_no_drawing_and_keeps_every_pagefind_attribute(sample: Catalog) -> None:
    pages, _files = render_site(sample, SITE, workers=1)
    sop_pages = [p for p in pages if search.BODY_MARKER in p.body]
    assert sop_pages
    for page in sop_pages:
        part = search.indexed_part(page.body)
        assert '<svg class="bagan"' in page.body and '<svg class="bagan"' not in part
        assert part.count("data-pagefind") == page.body.count("data-pagefind")
        assert len(part) < len(page.body) * 0.8
    plain = "<div data-pagefind-body><p>Tanpa bagan</p></div>"
    assert search.indexed_part(plain) == plain
