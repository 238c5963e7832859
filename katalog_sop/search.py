"""Full-text search: a Pagefind index of a built site.

Pagefind reads the finished HTML of any engine, stems Indonesian words
(``lang="id"``: "lahir" finds "Kelahiran") and splits the index into fragments,
so a phone downloads only what a query needs. Only SOP pages are indexed: their
templates mark the body with ``data-pagefind-body``, keep the diagram source
out with ``data-pagefind-ignore`` and declare the OPD, jenis and status
filters. Drafts are never published, so never indexed.

The binary comes from the pinned ``pagefind[bin]`` package; nothing is
downloaded.
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

OUTPUT_SUBDIR = "pagefind"


class SearchIndexError(RuntimeError):
    """The search index could not be written."""


@dataclass(frozen=True)
class IndexSummary:
    pages: int
    words: int


def executable() -> Path:
    try:
        from pagefind_bin import get_executable
    except ImportError:
        raise SearchIndexError(
            "Pagefind tidak terpasang; jalankan `pip install -r requirements.txt` untuk memasang `pagefind[bin]`."
        ) from None
    return get_executable()


def index_site(site_dir: Path) -> IndexSummary:
    """Write ``<site_dir>/pagefind/``: the index, its fragments and the search script."""
    completed = subprocess.run(
        [str(executable()), "--site", str(site_dir), "--output-subdir", OUTPUT_SUBDIR],
        capture_output=True,
        text=True,
        check=False,
    )
    if completed.returncode != 0:
        detail = (completed.stderr or completed.stdout).strip()
        raise SearchIndexError(f"Pagefind gagal membuat indeks pencarian:\n{detail}")
    return _summary(completed.stdout)


def _summary(output: str) -> IndexSummary:
    pages = re.search(r"Indexed (\d+) pages?", output)
    words = re.search(r"Indexed (\d+) words?", output)
    return IndexSummary(int(pages[1]) if pages else 0, int(words[1]) if words else 0)
