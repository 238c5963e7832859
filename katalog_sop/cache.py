"""The render cache: pages made by an earlier build, kept on disk under the key of everything they depend on.

A build asks for each page by its key (``key(...)`` of the page's inputs, with ``package_digest()`` so that a
new version of this package, its templates, or a library that writes the page changes every key); a hit is
used as it is, a miss is rendered and put back. Nothing is ever looked up by address: a stale entry cannot be
served, it is only never asked for again, and the store is kept under its size limit by removing the entries
used longest ago.

Each entry is one file, written beside its place and renamed into it (a killed build leaves either the whole
entry or none), and starts with a digest of its content: an entry that was cut short, changed by hand or read
from a damaged disk is ignored and rendered again. The cache never decides what a build publishes: with it or
without it, cold or warm, the site is the same bytes (tests/site/test_render_cache.py).
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import logging
import os
import tempfile
from collections.abc import Iterable
from importlib import metadata, resources
from pathlib import Path

log = logging.getLogger("katalog_sop.cache")

FORMAT = b"katalog-sop-simpanan-1\n"  # the first bytes of every entry: another format is a miss
DIGEST_SIZE = 32
DEFAULT_LIMIT_MB = 1024
# The libraries whose version changes what a page says (templates, escaping, dates, Markdown, the theme).
LIBRARIES = ("jinja2", "markupsafe", "babel", "markdown", "pyyaml", "mkdocs", "mkdocs-material", "python-dateutil")


def digest(*parts: bytes | str) -> str:
    """A key from parts, each length-prefixed so that ("ab", "c") and ("a", "bc") differ."""
    hasher = hashlib.blake2b(digest_size=DIGEST_SIZE)
    for part in parts:
        data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
        hasher.update(len(data).to_bytes(8, "little"))
        hasher.update(data)
    return hasher.hexdigest()


@functools.cache
def package_digest() -> str:
    """This package's every file (code, templates, styles, scripts, the format guide) and the versions of the
    libraries that write pages: computed once per process."""
    return tree_digest(Path(str(resources.files("katalog_sop"))))


def tree_digest(root: Path) -> str:
    """The digest of every file under ``root`` (names and bytes) and of the libraries' versions."""
    parts: list[bytes | str] = []
    for path in sorted(_package_files(root)):
        parts.extend((path.relative_to(root).as_posix(), path.read_bytes()))
    for name in LIBRARIES:
        try:
            parts.append(f"{name}=={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            parts.append(f"{name}: none")
    return digest(*parts)


def _package_files(root: Path) -> Iterable[Path]:
    for folder, dirs, names in os.walk(root):
        dirs[:] = [d for d in dirs if d != "__pycache__"]
        for name in names:
            if not name.endswith((".pyc", ".pyo")):
                yield Path(folder) / name


# The cache folder and its size: `KATALOG_SOP_SIMPANAN` (a folder, or `0` for no cache) and
# `KATALOG_SOP_SIMPANAN_MB`, shared by its namespaces. By default beside the vendored files
# (katalog_sop.vendor.cache_dir()).
FOLDER_VARIABLE = "KATALOG_SOP_SIMPANAN"
LIMIT_VARIABLE = "KATALOG_SOP_SIMPANAN_MB"
# The namespaces, each a folder of the cache with half of its size: the catalogue's rendered pages, and the
# engine's theme output of those pages (katalog_sop.publish.theme_output).
PAGES = "halaman"
THEME = "tema"
NAMESPACES = (PAGES, THEME)


def page_store(default_root: Path, environ: dict[str, str] | None = None, namespace: str = PAGES) -> Store | None:
    """The store of one namespace (``PAGES``, ``THEME``) this build uses, or None when the cache is off."""
    environ = dict(os.environ) if environ is None else environ
    folder = environ.get(FOLDER_VARIABLE, "").strip()
    if folder in ("0", "mati", "tidak"):
        return None
    try:
        limit_mb = int(environ.get(LIMIT_VARIABLE, "").strip() or DEFAULT_LIMIT_MB)
    except ValueError:
        limit_mb = DEFAULT_LIMIT_MB
    if limit_mb <= 0:
        return None
    root = Path(folder).expanduser() if folder else default_root
    return Store(root / namespace, limit_mb * 1_000_000 // len(NAMESPACES))


class Store:
    """One namespace of the cache folder (``halaman``: the catalogue's pages; ``tema``: the theme's output)."""

    def __init__(self, folder: Path, limit_bytes: int = DEFAULT_LIMIT_MB * 1_000_000) -> None:
        self.folder = folder
        self.limit_bytes = limit_bytes
        self.hits = 0
        self.misses = 0
        self._broken = False  # the folder cannot be written: the build goes on without storing

    @property
    def enabled(self) -> bool:
        return self.limit_bytes > 0

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / key

    def has(self, key: str) -> bool:
        """Whether an entry is there (without reading it: ``get`` may still find it damaged)."""
        return self.enabled and self._path(key).is_file()

    def get(self, key: str) -> bytes | None:
        """The entry's content, or None (absent, cut short, damaged: rendered again)."""
        if not self.enabled:
            return None
        path = self._path(key)
        try:
            data = path.read_bytes()
        except OSError:
            self.misses += 1
            return None
        head = len(FORMAT)
        content = data[head + DIGEST_SIZE :]
        if data[:head] != FORMAT or data[head : head + DIGEST_SIZE] != _checksum(content):
            log.debug("simpanan rusak diabaikan: %s", path)
            self.misses += 1
            return None
        with contextlib.suppress(OSError):
            os.utime(path)  # used now: the last to go when the store is pruned
        self.hits += 1
        return content

    def put(self, key: str, content: bytes) -> None:
        """Store an entry whole or not at all; a full or read-only disk only means no cache."""
        if not self.enabled or self._broken:
            return
        path = self._path(key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".baru-")
            try:
                with os.fdopen(handle, "wb") as out:
                    out.write(FORMAT + _checksum(content) + content)
                os.replace(temporary, path)
            except BaseException:
                Path(temporary).unlink(missing_ok=True)
                raise
        except OSError as error:
            self._broken = True
            log.debug("simpanan tidak dapat ditulis (%s): build berjalan tanpa simpanan", error)

    def prune(self) -> int:
        """Remove the entries used longest ago (and leftovers of killed builds) until the store is within its
        limit; return how many were removed."""
        if not self.folder.is_dir():
            return 0
        entries: list[tuple[float, int, Path]] = []
        removed = 0
        for sub in self.folder.iterdir():
            if not sub.is_dir():
                continue
            for path in sub.iterdir():
                try:
                    stat = path.stat()
                except OSError:
                    continue
                if path.name.startswith(".baru-"):
                    path.unlink(missing_ok=True)  # a write a killed build left
                    removed += 1
                    continue
                entries.append((stat.st_mtime, stat.st_size, path))
        total = sum(size for _time, size, _path in entries)
        if total <= self.limit_bytes:
            return removed
        for _time, size, path in sorted(entries):
            if total <= self.limit_bytes * 0.9:  # a margin, so that the next build does not prune again
                break
            path.unlink(missing_ok=True)
            total -= size
            removed += 1
        return removed


def _checksum(content: bytes) -> bytes:
    return hashlib.blake2b(content, digest_size=DIGEST_SIZE).digest()
