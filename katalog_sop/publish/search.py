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

Two builds of the same sources give the same index, byte for byte: Pagefind
1.5 writes its filter files (and their list in the metadata file) in the
order of its internal hash maps, which changes from run to run, so
``canonical_index`` rewrites them sorted, as later Pagefind versions do.
"""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from katalog_sop.forking import available_cores, can_fork, worker_start
from katalog_sop.problems import system_message
from katalog_sop.site.page import GeneratedPage
from katalog_sop.urls import SEARCH_INDEX_DIR, SiteUrls

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

    Each body is written where the engine writes its page (``urls``: with or without directory URLs),
    so the addresses Pagefind records are the pages' own: ``a/b/`` or ``a/b.html``.
    """

    def __init__(self, pages: Iterable[GeneratedPage], language: str = "id", urls: SiteUrls | None = None) -> None:
        urls = urls or SiteUrls()
        self.workdir = Path(tempfile.mkdtemp(prefix="katalog-sop-cari-"))
        self.output = self.workdir / SEARCH_INDEX_DIR
        source = self.workdir / "halaman"
        pages = list(pages)
        self.process: subprocess.Popen[str] | None = None
        self.pid: int | None = None  # a forked child that writes the bodies, then becomes Pagefind
        command = [str(executable()), "--site", str(source), "--output-path", str(self.output)]
        if len(pages) >= FORK_MIN_PAGES and available_cores() >= 2 and can_fork():
            # Writing 5,000 bodies takes the engine's process seconds: a child does it while the engine goes on.
            self.pid = os.fork()
            if self.pid == 0:  # pragma: no cover - the child: it never returns
                _write_then_index(pages, source, language, urls, command, self.workdir)
            return
        if _write_bodies(pages, source, language, urls):
            self.process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    def _wait(self) -> tuple[int, str, str]:
        if self.process is not None:
            stdout, stderr = self.process.communicate()
            return self.process.returncode, stdout, stderr
        assert self.pid is not None
        _, status = os.waitpid(self.pid, 0)
        self.pid = None
        texts = [
            (self.workdir / name).read_text(encoding="utf-8", errors="replace")
            if (self.workdir / name).exists()
            else ""
            for name in (_OUT, _ERR)
        ]
        return os.waitstatus_to_exitcode(status), texts[0], texts[1]

    def finish(self, site_dir: Path) -> IndexSummary:
        """Wait for the index and put it at ``<site_dir>/pagefind/``."""
        try:
            if self.process is None and self.pid is None:
                return IndexSummary(0, 0)
            code, stdout, stderr = self._wait()
            if code != 0:
                detail = (stderr or stdout).strip() or f"kode keluar {code}"
                raise SearchIndexError(f"Pagefind gagal membuat indeks pencarian:\n{detail}")
            if not self.output.exists():  # no page to index (the child found none)
                return IndexSummary(0, 0)
            canonical_index(self.output)
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
        if self.pid is not None:
            with contextlib.suppress(OSError):
                os.kill(self.pid, signal.SIGKILL)
                os.waitpid(self.pid, 0)
            self.pid = None
        shutil.rmtree(self.workdir, ignore_errors=True)


# From this many pages on, the bodies are written by a forked child (below: not worth a fork).
FORK_MIN_PAGES = 200
_OUT, _ERR = "pagefind.out", "pagefind.err"


def _write_bodies(pages: Iterable[GeneratedPage], source: Path, language: str, urls: SiteUrls) -> int:
    """Each indexed body where the engine writes its page (``urls``), as a small document with only that body;
    how many were written."""
    count = 0
    for page in pages:
        body = page.body
        if BODY_MARKER not in body:
            continue
        target = source / urls.page_file(page.src_uri)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(_DOCUMENT.format(language=language, body=indexed_part(body)), encoding="utf-8")
        count += 1
    return count


def _write_then_index(
    pages: Iterable[GeneratedPage], source: Path, language: str, urls: SiteUrls, command: list[str], workdir: Path
) -> None:  # pragma: no cover - runs in the forked child
    """The forked child: write the bodies, then become Pagefind (its output in files the parent reads)."""
    code = 70
    try:
        worker_start()
        with open(workdir / _ERR, "w", encoding="utf-8") as err:
            try:
                if not _write_bodies(pages, source, language, urls):
                    code = 0  # nothing to index
                    raise SystemExit
            except OSError as error:
                err.write(f"isi halaman untuk Pagefind tidak dapat ditulis: {system_message(error)}\n")
                err.flush()
                raise
        out = os.open(workdir / _OUT, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        err_fd = os.open(workdir / _ERR, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.dup2(out, 1)
        os.dup2(err_fd, 2)
        os.execv(command[0], command)
    except SystemExit:
        pass
    except BaseException:
        code = 71
    finally:
        os._exit(code)


def indexed_part(body: str) -> str:
    """What Pagefind reads of a page body: all of it but the drawings of the Bagian Flowchart.

    Those drawings are half of an SOP body, and Pagefind takes nothing from them: they sit inside
    ``data-pagefind-ignore`` parts (the chart's box, the printed sheets) and carry no ``data-pagefind-*``
    attribute, and an element ignored that way gives no words, filters, meta or position to the index.
    Left out, Pagefind reads half as much and holds half as much in memory, for the same index, byte for
    byte (tests/site/test_search_input.py compares the index made with and without them)."""
    if _CHART_START not in body:
        return body
    return _CHART.sub("", body)


_CHART_START = '<svg class="bagan"'
# One drawing: its text is escaped (katalog_sop/site/templates/bagan.svg.j2), so "</svg>" only ends it.
_CHART = re.compile(re.escape(_CHART_START) + r"[^>]*>.*?</svg>", re.DOTALL)
# Only the body goes to the index: the page's language, and nothing of the theme.
_DOCUMENT = '<!doctype html>\n<html lang="{language}"><head><meta charset="utf-8"></head><body>\n{body}</body></html>\n'


def _summary(output: str) -> IndexSummary:
    pages = re.search(r"Indexed (\d+) pages?", output)
    words = re.search(r"Indexed (\d+) words?", output)
    return IndexSummary(int(pages[1]) if pages else 0, int(words[1]) if words else 0)


# --- The same index for the same pages -------------------------------------------------------------------
#
# Pagefind's files are gzip-compressed, start with a signature and hold CBOR. A filter file is
# [filter name, [[value, [page numbers]], ...]]; the metadata file is [version, pages, word index chunks,
# [[filter name, filter file hash], ...], sorts, meta fields]. File names are the language, `_` and the
# first hex digits of the SHA-1 of the CBOR: 7 for a filter file, 8 plus the language's length for the
# metadata file, named in pagefind-entry.json. Pages and word indexes are already in a stable order.

_SIGNATURE = b"pagefind_dcd"
_ENTRY = "pagefind-entry.json"


class _Unexpected(ValueError):
    """The index is not in the form this code knows (another Pagefind version): left as Pagefind wrote it."""


def canonical_index(output: Path) -> None:
    """Sort the filters of the Pagefind index in ``output`` (their values, and their list in the metadata),
    and write those files again under the names Pagefind gives their content."""
    entry_path = output / _ENTRY
    try:
        entry = json.loads(entry_path.read_text(encoding="utf-8"))
        languages = entry["languages"]
        changed = False
        for language, about in languages.items():
            new_hash = _canonical_language(output, language, about["hash"])
            if new_hash != about["hash"]:
                about["hash"] = new_hash
                changed = True
    except (_Unexpected, KeyError, TypeError, json.JSONDecodeError):
        return
    if changed:
        entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def _canonical_language(output: Path, language: str, meta_hash: str) -> str:
    """The metadata hash of one language's index once its filters are sorted."""
    meta_path = output / f"pagefind.{meta_hash}.pf_meta"
    meta = _read_index(meta_path)
    if not (isinstance(meta, list) and len(meta) == 6 and isinstance(meta[3], list)):
        raise _Unexpected("metadata")
    # Every filter is read before any is written: a new name may be the old name of another filter.
    contents: list[tuple[str, Path, list[object]]] = []
    for name, old in sorted(meta[3], key=lambda pair: pair[0]):
        old_path = output / "filter" / f"{old}.pf_filter"
        content = _read_index(old_path)
        if not (isinstance(content, list) and len(content) == 2 and isinstance(content[1], list)):
            raise _Unexpected("filter")
        content[1] = sorted(([value, sorted(pages)] for value, pages in content[1]), key=lambda v: v[0])
        contents.append((name, old_path, content))
    # Each file is written again, even one already in order: Pagefind's gzip bytes differ from run to run too.
    taken: set[str] = set()
    renamed = [(name, _index_name(language, 7, content, taken), content) for name, _old, content in contents]
    for _name, old, _content in contents:
        old.unlink()
    for _name, new, content in renamed:
        _write(output / "filter" / f"{new}.pf_filter", content)
    meta[3] = [[name, new] for name, new, _content in renamed]
    new_meta = _index_name(language, len(language) + 8, meta, set())
    meta_path.unlink()
    _write(output / f"pagefind.{new_meta}.pf_meta", meta)
    return new_meta


def _read_index(path: Path) -> object:
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(_SIGNATURE):
        raise _Unexpected(path.name)
    value, end = _cbor_decode(data, len(_SIGNATURE))
    if end != len(data):
        raise _Unexpected(path.name)
    return value


def _index_name(language: str, digits: int, value: object, taken: set[str]) -> str:
    """The name Pagefind gives a file holding ``value``: from the SHA-1 of its CBOR, unique among ``taken``."""
    digest = hashlib.sha1(_cbor_encode(value), usedforsecurity=False).hexdigest()
    length = digits
    while f"{language}_{digest[:length]}" in taken and length < len(digest):  # Pagefind's way past a collision
        length += 1
    taken.add(f"{language}_{digest[:length]}")
    return f"{language}_{digest[:length]}"


def _write(path: Path, value: object) -> None:
    path.write_bytes(gzip.compress(_SIGNATURE + _cbor_encode(value), compresslevel=9, mtime=0))


def _cbor_decode(data: bytes, at: int) -> tuple[object, int]:
    """One CBOR item (the definite-length subset Pagefind writes) starting at ``at``; and where it ends."""
    if at >= len(data):
        raise _Unexpected("cbor")
    major, info = data[at] >> 5, data[at] & 31
    at += 1
    if info < 24:
        argument = info
    elif info <= 27:
        size = 1 << (info - 24)
        argument, at = int.from_bytes(data[at : at + size], "big"), at + size
    else:
        raise _Unexpected("cbor")
    if major == 0:
        return argument, at
    if major == 1:
        return -1 - argument, at
    if major in (2, 3):
        raw = data[at : at + argument]
        return (raw if major == 2 else raw.decode("utf-8")), at + argument
    if major == 4:
        items = []
        for _ in range(argument):
            item, at = _cbor_decode(data, at)
            items.append(item)
        return items, at
    if major == 7 and argument in (20, 21, 22) and info < 24:
        return {20: False, 21: True, 22: None}[argument], at
    raise _Unexpected("cbor")


def _cbor_head(major: int, argument: int) -> bytes:
    if argument < 24:
        return bytes([major << 5 | argument])
    for info, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if argument < 1 << (8 * size):
            return bytes([major << 5 | info]) + argument.to_bytes(size, "big")
    raise _Unexpected("cbor")


def _cbor_encode(value: object) -> bytes:
    """``value`` as shortest-form CBOR, as Pagefind (minicbor) writes it."""
    if value is False or value is True or value is None:
        return bytes([0xE0 | {False: 20, True: 21, None: 22}[value]])
    if isinstance(value, int):
        return _cbor_head(0, value) if value >= 0 else _cbor_head(1, -1 - value)
    if isinstance(value, bytes):
        return _cbor_head(2, len(value)) + value
    if isinstance(value, str):
        raw = value.encode("utf-8")
        return _cbor_head(3, len(raw)) + raw
    if isinstance(value, list):
        return _cbor_head(4, len(value)) + b"".join(_cbor_encode(item) for item in value)
    raise _Unexpected("cbor")
