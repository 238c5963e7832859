"""Third-party files the site serves itself, fetched at a pinned version.

Mermaid and the Arimo font come from their npm packages: a pinned version whose
tarball must match the registry's published sha512 integrity before anything is
extracted. Files are cached, so only the first build on a machine needs the
network, and nothing is committed to the repository.
"""

from __future__ import annotations

import base64
import hashlib
import io
import os
import tarfile
import urllib.request
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class NpmAsset:
    package: str
    version: str
    integrity: str  # "sha512-<base64>", as in the package's registry metadata
    member: str  # file inside the tarball

    @property
    def filename(self) -> str:
        return Path(self.member).name

    def tarball_url(self, registry: str) -> str:
        name = self.package.rsplit("/", 1)[-1]
        return f"{registry.rstrip('/')}/{self.package}/-/{name}-{self.version}.tgz"


MERMAID = NpmAsset(
    package="mermaid",
    version="11.17.2",
    integrity="sha512-V6K3C8EBdEsPFZXSKMJe6ppQOENxuHARr9GvHX4hh47lAbhMRD9qf4oEK7LoaRQxULMa80/qt5gHO73aCleBBg==",
    member="package/dist/mermaid.min.js",
)

# Arimo (SIL Open Font License) has the metrics of Arial and Liberation Sans. The
# Bagian Flowchart drawing is measured with the .woff at build time and shown
# with the .woff2, so text wraps in the browser and on paper exactly as computed.
_ARIMO = {
    "package": "@fontsource/arimo",
    "version": "5.3.0",
    "integrity": "sha512-nhxZ2sTVZYX8DJBgLuyX360B5vE4mxqpmjlKTRfucIqfcWRVx9vOYzWBc1IgEX0ist48VMC10PRKbFyH+4QFvQ==",
}
ARIMO_REGULAR = NpmAsset(**_ARIMO, member="package/files/arimo-latin-400-normal.woff")
ARIMO_BOLD = NpmAsset(**_ARIMO, member="package/files/arimo-latin-700-normal.woff")
ARIMO_REGULAR_WEB = NpmAsset(**_ARIMO, member="package/files/arimo-latin-400-normal.woff2")
ARIMO_BOLD_WEB = NpmAsset(**_ARIMO, member="package/files/arimo-latin-700-normal.woff2")

DEFAULT_REGISTRY = "https://registry.npmjs.org"


class AssetError(RuntimeError):
    """The asset could not be obtained or did not match its pinned hash."""


def cache_dir() -> Path:
    configured = os.environ.get("KATALOG_SOP_CACHE")
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "katalog-sop"


def ensure(asset: NpmAsset) -> Path:
    """Path of the cached file, downloading and verifying it on first use."""
    target = cache_dir() / f"{asset.package}-{asset.version}" / asset.filename
    if target.is_file():
        return target
    data = _tarball(asset)
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as archive:
        try:
            member = archive.extractfile(asset.member)
        except KeyError:
            member = None
        if member is None:
            raise AssetError(f"{asset.member} tidak ada di paket {asset.package} {asset.version}.")
        content = member.read()
    _write(target, content)
    return target


def _write(target: Path, content: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(target.suffix + ".part")
    partial.write_bytes(content)
    partial.replace(target)


def _tarball(asset: NpmAsset) -> bytes:
    """The package's verified tarball, kept in the cache so that several files cost one download."""
    cached = cache_dir() / f"{asset.package}-{asset.version}" / "package.tgz"
    if cached.is_file() and _matches(asset, cached.read_bytes()):
        return cached.read_bytes()
    # npm itself reads its registry from this variable; honour it for mirrors.
    registry = os.environ.get("NPM_CONFIG_REGISTRY") or DEFAULT_REGISTRY
    url = asset.tarball_url(registry)
    try:
        with urllib.request.urlopen(url, timeout=120) as response:
            data = response.read()
    except OSError as exc:
        raise AssetError(
            f"gagal mengunduh {asset.package} {asset.version} dari {url}: {exc}. Pembangunan pertama di sebuah mesin "
            f"memerlukan akses ke registri npm; sesudahnya berkas disimpan di {cached.parent}."
        ) from exc
    if not _matches(asset, data):
        raise AssetError(
            f"{asset.package} {asset.version} dari {url} tidak cocok dengan hash yang dipatok; berkas ditolak."
        )
    _write(cached, data)
    return data


def _matches(asset: NpmAsset, data: bytes) -> bool:
    algorithm, _, expected = asset.integrity.partition("-")
    return base64.b64encode(hashlib.new(algorithm, data).digest()).decode() == expected
