"""The SOP pages rendered on every core: forked workers, each with the whole catalogue, render slices of it.

An SOP page is a pure function of the catalogue and the site settings, so any process holding both renders
the same bytes. On a platform with ``fork`` a worker starts with the parent's ``Renderer`` already built
(catalogue, compiled templates, links and reviews: nothing is pickled on the way in); it renders contiguous
slices of ``catalog.sops`` and sends the pages back, which the parent puts in catalogue order. The parent
renders the other pages (home, lists, OPD pages) and the files beside them meanwhile.

Small catalogues, one core, a platform without ``fork`` and a process with other threads running (forking
those is unsafe: a lock held by another thread stays held in the child) take the single-process path.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterator, Sequence
from typing import TypeVar

from katalog_sop.catalog.model import Sop
from katalog_sop.forking import worker_start
from katalog_sop.site.page import GeneratedPage

# Below this many SOPs starting the workers costs more than it saves.
PARALLEL_MIN_SOPS = 200
# SOPs a worker renders per task: small enough that both cores finish together on a noisy machine,
# large enough that the round trips do not count.
SLICE_SIZE = 64

T = TypeVar("T")

# The function the forked workers call: set in the parent just before the fork, inherited by the children.
_render_one: Callable[[Sop], GeneratedPage] | None = None
_sops: Sequence[Sop] = ()


def slices(count: int, size: int = SLICE_SIZE) -> list[tuple[int, int]]:
    """``range(count)`` cut into contiguous (start, stop) slices of ``size``."""
    return [(start, min(start + size, count)) for start in range(0, count, size)]


def _render_slice(bounds: tuple[int, int]) -> list[GeneratedPage]:
    assert _render_one is not None, "set by render_in_parallel before the fork"
    start, stop = bounds
    return [_render_one(sop) for sop in _sops[start:stop]]


def render_in_parallel(
    sops: Sequence[Sop],
    render: Callable[[Sop], GeneratedPage],
    meanwhile: Callable[[], T],
    workers: int,
) -> tuple[list[GeneratedPage], T]:
    """``[render(sop) for sop in sops]`` in ``workers`` forked processes, in order; and ``meanwhile()``,
    called in this process while they work. The caller checks ``can_fork()`` first."""
    global _render_one, _sops
    _render_one, _sops = render, sops
    try:
        context = multiprocessing.get_context("fork")
        with context.Pool(workers, initializer=worker_start) as pool:
            results: Iterator[list[GeneratedPage]] = pool.imap(_render_slice, slices(len(sops)))
            other = meanwhile()
            pages = [page for part in results for page in part]
    finally:
        _render_one, _sops = None, ()
    return pages, other
