"""Publish a built site all at once: the engine writes into a fresh folder beside the site folder,
and that folder replaces the site only when the whole build has succeeded.

A failed, aborted or killed build therefore leaves the published site as it was. The new folder
is ``<site>.baru-<pid>`` in the same parent (one filesystem, so a rename is atomic); the swap is
one ``renameat2(RENAME_EXCHANGE)`` on Linux, or two renames elsewhere (old site to
``<site>.lama-<pid>``, new into place). Folders left by a killed build are removed by the next
one, and a site left renamed away by a build killed between the two renames is put back. Only folders
this module made are ever removed: each is recorded in a register beside the site
(``.<site>.katalog-sop``) when made, so a person's ``site.lama-2024`` backup is never taken for one.
Engine-neutral: ``AtomicBuild`` is begun before the build and published after it (the MkDocs hook decides when).
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import os
import shutil
import signal
import sys
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path, PurePosixPath
from typing import Any

from katalog_sop.problems import system_reason

NEW_MARK = ".baru-"
OLD_MARK = ".lama-"


class PublishError(RuntimeError):
    """The new site could not replace the old one (the old one is kept)."""


def final_folder(site_dir: str | os.PathLike[str]) -> Path:
    """The real folder to publish to: a symbolic link to a folder is followed, so the link stays a link."""
    return Path(os.path.realpath(os.path.abspath(site_dir)))


def staging_folder(final: Path, pid: int | None = None) -> Path:
    return final.parent / f"{final.name}{NEW_MARK}{os.getpid() if pid is None else pid}"


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return False  # an earlier build in this process: nothing is using its folder any more
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True  # someone else's process (or no way to tell): leave its folder alone
    return True


def register_file(final: Path) -> Path:
    """Where the folders made for builds of ``final`` are recorded (a hidden file beside it)."""
    return final.parent / f".{final.name}.katalog-sop"


def _registered(final: Path) -> set[str]:
    try:
        return set(register_file(final).read_text(encoding="utf-8").split())
    except (OSError, UnicodeDecodeError):
        return set()


def _register(final: Path, folder: Path, add: bool = True) -> None:
    """Record (or forget) a folder this module made beside ``final``."""
    names = _registered(final)
    names = names | {folder.name} if add else names - {folder.name}
    path = register_file(final)
    if names:
        path.write_text("".join(f"{name}\n" for name in sorted(names)), encoding="utf-8")
    else:
        with contextlib.suppress(OSError):
            path.unlink()


def _leftovers(final: Path) -> Iterator[tuple[Path, str, int]]:
    """Folders of other builds of this site, made and recorded by this module: (path, mark, pid)."""
    if not final.parent.is_dir():
        return
    made = _registered(final)
    for entry in final.parent.iterdir():
        if entry.name not in made:
            continue  # not made by a build: someone's own folder, whatever its name
        for mark in (NEW_MARK, OLD_MARK):
            prefix = final.name + mark
            if entry.name.startswith(prefix) and entry.name[len(prefix) :].isdigit():
                yield entry, mark, int(entry.name[len(prefix) :])


def _remove(path: Path) -> None:
    if path.is_symlink() or path.is_file():
        path.unlink()
    elif path.exists():
        shutil.rmtree(path)


def tidy(final: Path) -> list[Path]:
    """Remove what builds that are no longer running left beside ``final``; return what was removed.

    A build killed between the two renames of the fallback swap left no ``final`` but the old
    site as ``<final>.lama-<pid>``: that is put back first.
    """
    removed: list[Path] = []
    stale = [(path, mark, pid) for path, mark, pid in _leftovers(final) if not _alive(pid)]
    if not os.path.lexists(final):
        for path, mark, _pid in sorted(stale, key=lambda item: item[0].stat().st_mtime, reverse=True):
            if mark == OLD_MARK and path.is_dir():
                os.rename(path, final)
                _register(final, path, add=False)
                stale = [item for item in stale if item[0] != path]
                break
    for path, _mark, _pid in stale:
        _remove(path)
        _register(final, path, add=False)
        removed.append(path)
    return removed


def prepare(final: Path, keep_old_files: bool = False) -> Path:
    """A fresh, empty folder to build the site into, beside ``final``; leftovers of killed builds go.

    ``keep_old_files`` (``--dirty``): the new folder starts as a copy of the current site, with the
    files' times, so that an engine that only rewrites what changed still gives a whole site.
    """
    final.parent.mkdir(parents=True, exist_ok=True)
    tidy(final)
    staging = staging_folder(final)
    if os.path.lexists(staging) and staging.name not in _registered(final):
        raise OSError(errno.EEXIST, f"{staging} sudah ada dan bukan buatan Katalog SOP; pindahkan atau hapus sendiri")
    _remove(staging)
    _register(final, staging)
    if keep_old_files and final.is_dir():
        shutil.copytree(final, staging, symlinks=True)
    else:
        staging.mkdir()
        if final.is_dir():
            shutil.copymode(final, staging)
    return staging


def discard(staging: Path, final: Path | None = None) -> None:
    """Remove an unfinished build (the published site is not touched)."""
    with contextlib.suppress(OSError):
        _remove(staging)
        if final is not None:
            _register(final, staging, add=False)


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(first: Path, second: Path) -> bool:
    """Swap two folders in one step (Linux renameat2); False where the system cannot."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    renameat2.restype = ctypes.c_int
    if renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP, errno.ENOTSUP):
        return False  # this filesystem or kernel has no exchange: use the two renames
    raise OSError(code, os.strerror(code), str(second))


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """Hold SIGTERM and SIGINT for the few microseconds between two renames (SIGKILL cannot be held:
    ``tidy`` repairs that case in the next build)."""
    held = {signal.SIGTERM, signal.SIGINT}
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    before = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, before)


def swap(staging: Path, final: Path) -> None:
    """Put the finished build ``staging`` at ``final`` and remove the old site.

    On any failure before the new site is in place the old one stays where it was.
    """
    if not os.path.lexists(final):
        os.rename(staging, final)
        _register(final, staging, add=False)
        return
    if not final.is_dir() or final.is_symlink():
        raise PublishError(f"{final} bukan folder; situs baru tetap di {staging}.")
    if os.path.ismount(final):
        _replace_contents(staging, final)
        return
    try:
        exchanged = _exchange(staging, final)
    except OSError as error:
        raise PublishError(f"situs baru tidak dapat menggantikan {final}: {system_reason(error)}") from None
    if exchanged:
        _remove(staging)  # now the old site
        _register(final, staging, add=False)
        return
    old = final.parent / f"{final.name}{OLD_MARK}{os.getpid()}"
    if os.path.lexists(old) and old.name not in _registered(final):
        raise PublishError(f"{old} sudah ada dan bukan buatan Katalog SOP; situs baru tetap di {staging}.")
    _remove(old)
    _register(final, old)
    with _signals_held():
        os.rename(final, old)
        try:
            os.rename(staging, final)
        except OSError as error:
            os.rename(old, final)
            _register(final, old, add=False)
            raise PublishError(f"situs baru tidak dapat menggantikan {final}: {system_reason(error)}") from None
    _remove(old)
    _register(final, old, add=False)
    _register(final, staging, add=False)


MOUNT_NEW = ".katalog-sop-baru"
MOUNT_OLD = ".katalog-sop-lama"


def _replace_contents(staging: Path, final: Path) -> None:
    """A site folder that is a mount point cannot be renamed: the new site is first copied inside it (the copy
    may fail, e.g. a full disk: then only the copy is removed and the old site is as it was), then each old
    entry is moved aside and each new one into place by renames within the mount, which need no space."""
    incoming = final / MOUNT_NEW
    outgoing = final / MOUNT_OLD
    for leftover in (incoming, outgoing):  # of a build killed here before: only ever made by this function
        _remove(leftover)
    try:
        shutil.copytree(staging, incoming, symlinks=True)
    except OSError as error:
        _remove(incoming)
        raise PublishError(
            f"situs baru tidak muat di {final} ({system_reason(error)}); situs lama tidak diubah"
        ) from None
    outgoing.mkdir()
    moved_out: list[str] = []
    moved_in: list[str] = []
    try:
        for entry in sorted(final.iterdir()):
            if entry.name not in (MOUNT_NEW, MOUNT_OLD):
                os.rename(entry, outgoing / entry.name)
                moved_out.append(entry.name)
        for entry in sorted(incoming.iterdir()):
            os.rename(entry, final / entry.name)
            moved_in.append(entry.name)
    except OSError as error:
        for name in moved_in:  # put everything back as it was
            os.rename(final / name, incoming / name)
        for name in moved_out:
            os.rename(outgoing / name, final / name)
        _remove(incoming)
        outgoing.rmdir()
        raise PublishError(f"situs baru tidak dapat menggantikan isi {final}: {system_reason(error)}") from None
    _remove(outgoing)
    incoming.rmdir()
    _remove(staging)
    _register(final, staging, add=False)


class AtomicBuild:
    """One build written beside the site and swapped in only when complete; a SIGTERM cleans up on the way out.

    ``begin`` makes the staging folder (the engine writes there); ``publish`` swaps it in; ``abandon`` removes
    it and leaves the site as it was. SIGKILL cannot be caught: the next build removes what a killed one left.
    """

    def __init__(
        self,
        site_dir: str | os.PathLike[str],
        keep_old_files: bool = False,
        protected: tuple[tuple[Path, bool], ...] = (),
    ) -> None:
        """``protected``: (folder, whether the site may lie inside it) for folders a build must never replace."""
        self.final = final_folder(site_dir)
        for kept, inside_allowed in protected:
            refused = _overlap(self.final, Path(os.path.realpath(kept)), inside_allowed)
            if refused:
                raise PublishError(
                    f"folder situs `{site_dir}` {refused} `{kept}`; situs tidak ditulis di sana karena isinya akan "
                    "diganti seluruhnya. Pilih folder tersendiri, mis. `site` (`mkdocs build -d site`)."
                )
        try:
            self.staging = prepare(self.final, keep_old_files=keep_old_files)
        except OSError as error:
            raise PublishError(
                f"Folder sementara untuk situs baru ({staging_folder(self.final)}) tidak dapat dibuat: "
                f"{system_reason(error)}. Situs di {self.final} tidak diubah; "
                f"periksa izin tulis folder {self.final.parent}."
            ) from None
        self.deferred = False  # the engine's verdict comes later: publish when it is known
        self._sigterm: Any = None
        if threading.current_thread() is threading.main_thread():
            before = signal.signal(signal.SIGTERM, _terminated)
            self._sigterm = signal.SIG_DFL if before is None else before

    def publish(self) -> None:
        """The new site in place of the old; on failure the old one stays and the new folder goes."""
        self._end()
        try:
            swap(self.staging, self.final)
        except (OSError, PublishError) as error:
            discard(self.staging, self.final)
            reason = system_reason(error) if isinstance(error, OSError) else str(error)
            message = f"Situs baru tidak dapat diterbitkan ({reason}); situs lama di {self.final} tetap."
            raise PublishError(message) from None

    def keep_only(self, wanted: Iterable[str]) -> list[str]:
        """``--dirty``: take out of the copied site every file this build does not make; return them.

        The copy of the old site lets the engine skip what did not change, but a page whose SOP
        became a draft, was withdrawn or moved would stay public. ``wanted`` is every file the
        engine will write or keep (paths relative to the site, with ``/``); what the steps after
        the pages make (search index, sitemap, PDFs) goes too and is made again.
        """
        keep = {PurePosixPath(path).as_posix() for path in wanted}
        removed: list[str] = []
        for folder, subfolders, names in os.walk(self.staging, topdown=False):
            base = Path(folder)
            for name in names:
                relative = (base / name).relative_to(self.staging).as_posix()
                if relative not in keep:
                    (base / name).unlink()
                    removed.append(relative)
            for name in subfolders:
                path = base / name
                if path.is_symlink():
                    if path.relative_to(self.staging).as_posix() not in keep:
                        path.unlink()
                elif not any(path.iterdir()):
                    path.rmdir()
        return sorted(removed)

    def abandon(self) -> None:
        """A build that did not finish: its folder goes, the published site stays."""
        self._end()
        discard(self.staging, self.final)

    def _end(self) -> None:
        if self._sigterm is not None:
            signal.signal(signal.SIGTERM, self._sigterm)
            self._sigterm = None


def _overlap(site: Path, kept: Path, inside_allowed: bool) -> str:
    """How the site folder would replace a folder that must be kept (the sources, docs/, the project), or ''."""
    if site == kept:
        return "sama dengan"
    if site in kept.parents:
        return "berisi"
    if kept in site.parents and not inside_allowed:
        return "berada di dalam"
    return ""


def _terminated(signum: int, frame: Any) -> None:
    raise SystemExit(128 + signum)  # not an Exception: the engine goes straight to its shutdown, which abandons
