"""Work on the machine's other core in a forked process: the rules every fork of the project follows.

A forked worker starts with the parent's memory (nothing is pickled on the way in) and sends its result
back pickled. It leaves signals to its parent and dies with it. A process with other threads running
(`mkdocs serve`) never forks: a lock held by another thread would stay held in the child.
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import os
import signal
import threading
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")
U = TypeVar("U")
_PR_SET_PDEATHSIG = 1

# The task the forked worker runs: set in the parent just before the fork, inherited by the child.
_task: Callable[[], object] | None = None


def available_cores() -> int:
    """The processors this process may run on (its affinity, not the machine's count)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1


def worker_start() -> None:
    """A worker leaves signals to its parent: SIGTERM ends it at once (not through the handler it inherited,
    which cleans up the parent's build), and Ctrl-C reaches the parent, which stops the workers."""
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # A parent killed outright (SIGKILL) takes its workers with it, quietly (Linux: PR_SET_PDEATHSIG).
    with contextlib.suppress(AttributeError, OSError):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)


def _run_task() -> object:
    assert _task is not None, "set by beside() before the fork"
    return _task()


def beside(task: Callable[[], T], meanwhile: Callable[[], U], *, worth_it: bool = True) -> tuple[T, U]:
    """``(task(), meanwhile())``, with ``task`` in a forked process while this one calls ``meanwhile``.

    In one process when it is not ``worth_it`` (too little work to pay for the fork), on one core, or where
    forking is unsafe or missing; the results are the same either way. An exception of ``task`` is raised
    here, after ``meanwhile`` has finished."""
    global _task
    if not worth_it or available_cores() < 2 or not can_fork():
        return task(), meanwhile()
    _task = task
    try:
        with multiprocessing.get_context("fork").Pool(1, initializer=worker_start) as pool:
            pending = pool.apply_async(_run_task)
            other = meanwhile()
            result: T = pending.get()  # type: ignore[assignment]
    finally:
        _task = None
    return result, other
