"""Full-text search: a Pagefind index of the SOP pages.

Pagefind stems Indonesian words (``lang="id"``: "lahir" finds "Kelahiran")
and splits the index into fragments, so a phone downloads only what a query
needs. Only SOP pages are indexed: their templates mark the body with
``data-pagefind-body``, keep the diagram source out with
``data-pagefind-ignore`` and declare the OPD, jenis and status filters.
Drafts carry no ``data-pagefind-body``, so they are never indexed.

The binary comes from the pinned ``pagefind[bin]`` package; nothing is
downloaded. The index is made from the generated page bodies, not from an
engine's output, so any engine can publish it.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from katalog_sop.render import GeneratedPage, page_url
from katalog_sop.static import SEARCH_INDEX_DIR

BODY_MARKER = "data-pagefind-body"


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


class BackgroundIndex:
    """Index the generated SOP bodies in a separate process while the engine builds the site.

    Pagefind reads small HTML files holding only each page's body (what the
    visitor searches), not the theme's chrome; it runs on its own core, so at
    5,000 SOPs most of its time hides behind the engine's page rendering.
    ``finish`` waits for it and moves the index into the site.
    """

    def __init__(self, pages: Iterable[GeneratedPage], language: str = "id") -> None:
        self.workdir = Path(tempfile.mkdtemp(prefix="katalog-sop-cari-"))
        self.output = self.workdir / SEARCH_INDEX_DIR
        source = self.workdir / "halaman"
        self.count = 0
        for page in pages:
            body = page.body
            if BODY_MARKER not in body:
                continue
            target = source / page_url(page.src_uri) / "index.html"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(_DOCUMENT.format(language=language, body=body), encoding="utf-8")
            self.count += 1
        self.process: subprocess.Popen[str] | None = None
        if self.count:
            self.process = subprocess.Popen(
                [str(executable()), "--site", str(source), "--output-path", str(self.output)],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )

    def finish(self, site_dir: Path) -> IndexSummary:
        """Wait for the index and put it at ``<site_dir>/pagefind/``."""
        try:
            if self.process is None:
                return IndexSummary(0, 0)
            stdout, stderr = self.process.communicate()
            if self.process.returncode != 0:
                detail = (stderr or stdout).strip()
                raise SearchIndexError(f"Pagefind gagal membuat indeks pencarian:\n{detail}")
            target = site_dir / SEARCH_INDEX_DIR
            shutil.rmtree(target, ignore_errors=True)
            shutil.move(str(self.output), str(target))
            return _summary(stdout)
        finally:
            shutil.rmtree(self.workdir, ignore_errors=True)

    def cancel(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.communicate()
        shutil.rmtree(self.workdir, ignore_errors=True)


# Only the body goes to the index: the page's language, and nothing of the theme.
_DOCUMENT = '<!doctype html>\n<html lang="{language}"><head><meta charset="utf-8"></head><body>\n{body}</body></html>\n'


def _summary(output: str) -> IndexSummary:
    pages = re.search(r"Indexed (\d+) pages?", output)
    words = re.search(r"Indexed (\d+) words?", output)
    return IndexSummary(int(pages[1]) if pages else 0, int(words[1]) if words else 0)
