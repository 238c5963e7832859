"""Third-party files the site serves itself, fetched at a pinned version.

Mermaid and the Arimo font come from their npm packages: a pinned version whose
tarball must match the registry's published sha512 integrity before anything is
extracted. Files are cached, so only the first build on a machine needs the
network, and nothing is committed to the repository.
"""

from __future__ import annotations

import base64
import errno
import hashlib
import http.client
import io
import os
import socket
import ssl
import tarfile
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class NpmAsset:
    package: str
    version: str
    integrity: str  # "sha512-<base64>", as in the package's registry metadata
    member: str  # file inside the tarball
    # sha256 of that file: a cached copy is checked on every use, so one changed in the cache is never served.
    member_sha256: str = ""

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
    member_sha256="581ed7d74bd9048d0e3a91363927d72ef22942d7722546b27f7cc29e35390eb8",
)

# Arimo (SIL Open Font License) has the metrics of Arial and Liberation Sans. The
# Bagian Flowchart drawing is measured with the .woff at build time and shown
# with the .woff2, so text wraps in the browser and on paper exactly as computed.
_ARIMO = {
    "package": "@fontsource/arimo",
    "version": "5.3.0",
    "integrity": "sha512-nhxZ2sTVZYX8DJBgLuyX360B5vE4mxqpmjlKTRfucIqfcWRVx9vOYzWBc1IgEX0ist48VMC10PRKbFyH+4QFvQ==",
}
ARIMO_REGULAR = NpmAsset(
    **_ARIMO,
    member="package/files/arimo-latin-400-normal.woff",
    member_sha256="b3cd5096879840530d808e80bc4dd091dce4f6c8519df01dfa941a67d5237e0d",
)
ARIMO_BOLD = NpmAsset(
    **_ARIMO,
    member="package/files/arimo-latin-700-normal.woff",
    member_sha256="503fe865e779303686e0136cb3d2b58d5bc1411f2cd64e99af9628069b33c956",
)
ARIMO_REGULAR_WEB = NpmAsset(
    **_ARIMO,
    member="package/files/arimo-latin-400-normal.woff2",
    member_sha256="c1f056f51c99a65aca53a0a80e71e67916dd7a8ed2423cd11f52193241440b20",
)
ARIMO_BOLD_WEB = NpmAsset(
    **_ARIMO,
    member="package/files/arimo-latin-700-normal.woff2",
    member_sha256="181215e08de9ce411e8c9e628eea6ea8bfa45de2a955ee57fc970dd8a080a3f6",
)

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
    if target.is_file() and (not asset.member_sha256 or _sha256(target.read_bytes()) == asset.member_sha256):
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
    if asset.member_sha256 and _sha256(content) != asset.member_sha256:
        raise AssetError(
            f"{asset.member} di paket {asset.package} {asset.version} tidak cocok dengan hash yang dipatok."
        )
    _write(target, content)
    return target


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


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
    # What to do, for every failure: the network or the registry, again, or the file put in the cache by hand.
    hint = (
        f"Periksa sambungan jaringan dan alamat registri npm (variabel NPM_CONFIG_REGISTRY; bawaan "
        f"{DEFAULT_REGISTRY}), lalu jalankan lagi; atau unduh {url} dengan peramban dan simpan sebagai "
        f"`{cached}` (diperiksa dengan hash yang dipatok). Hanya pembangunan pertama di sebuah mesin yang "
        "memerlukan registri; sesudahnya berkas diambil dari simpanan itu."
    )
    try:
        with urllib.request.urlopen(url, timeout=120) as response:
            data = response.read()
    except (OSError, ValueError, http.client.HTTPException) as error:
        raise AssetError(
            f"{asset.package} {asset.version} tidak dapat diunduh dari {url}: {_download_reason(error)}. {hint}"
        ) from None
    if not _matches(asset, data):
        raise AssetError(
            f"{asset.package} {asset.version} dari {url} tidak cocok dengan hash yang dipatok (isinya bukan paket "
            f"yang diharapkan: registri atau cermin yang salah, atau unduhan terpotong); berkas ditolak. {hint}"
        )
    _write(cached, data)
    return data


def _download_reason(error: Exception) -> str:
    """Why a download failed, in Indonesian; never the library's English text."""
    if isinstance(error, urllib.error.HTTPError):
        known = {
            401: "registri meminta login",
            403: "registri menolak akses",
            404: "berkas tidak ada di registri itu",
            429: "registri menolak karena terlalu banyak permintaan",
        }
        if error.code in known:
            return f"{known[error.code]} (HTTP {error.code})"
        if error.code >= 500:
            return f"registri sedang bermasalah (HTTP {error.code})"
        return f"registri menjawab HTTP {error.code}"
    if isinstance(error, ValueError):
        return "alamat registri tidak sah (harus diawali https:// atau http://)"
    reason: object = error.reason if isinstance(error, urllib.error.URLError) else error
    if isinstance(reason, socket.gaierror):
        return "nama server registri tidak dikenal (DNS) atau tidak ada jaringan"
    if isinstance(reason, ssl.SSLError):
        return "sertifikat TLS registri tidak dapat diperiksa"
    if isinstance(reason, ConnectionRefusedError):
        return "sambungan ditolak oleh server"
    if isinstance(reason, TimeoutError):
        return "waktu tunggu habis"
    if isinstance(reason, (ConnectionError, http.client.HTTPException)):
        return "sambungan terputus di tengah unduhan"
    if isinstance(reason, OSError) and reason.errno == errno.ENETUNREACH:
        return "jaringan tidak terjangkau"
    if isinstance(reason, OSError) and reason.errno is not None:
        return f"sambungan jaringan gagal ({errno.errorcode.get(reason.errno, reason.errno)})"
    return "sambungan jaringan gagal"


def _matches(asset: NpmAsset, data: bytes) -> bool:
    algorithm, _, expected = asset.integrity.partition("-")
    return base64.b64encode(hashlib.new(algorithm, data).digest()).decode() == expected
