"""Shared helpers: write small catalogues, and build real sites with MkDocs.

The tests are in two layers. tests/unit/ runs in-process: no `mkdocs build`, no subprocess, no browser, no
network; each file tests one module or stage. tests/site/ runs the real builds, the scripts and Chromium.
The guard at the end of this file keeps tests/unit/ honest.
"""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Generator, Iterator
from dataclasses import dataclass
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from katalog_sop import vendor
from katalog_sop.publish.pdf import start_server
from katalog_sop.settings import Settings

if TYPE_CHECKING:  # Playwright is imported only by the tests that open a browser (see `browser`).
    from playwright.sync_api import Browser

REPO = Path(__file__).resolve().parent.parent


def site_settings(**fields: Any) -> Settings:
    """Settings for rendering pages in-process: the sample project's folders, any other field as given."""
    return Settings(root=REPO, docs_dir=REPO / "docs", sources=REPO / "sops", **fields)


OPD_YAML = "nama: Dinas Contoh\nsingkatan: Dincon\n"

SOP_YAML = """\
nomor: "001/SOP/CONTOH/2024"
nama: Pelayanan Contoh
tanggal_pembuatan: 2024-01-10
tanggal_efektif: 2024-02-01
disahkan_oleh:
  jabatan: Kepala Dinas Contoh
  nama: Drs. Contoh Saja, M.Si.
  nip: "19700101 199503 1 001"
dasar_hukum:
  - Peraturan Bupati Contoh Nomor 1 Tahun 2024
pelaksana:
  - Pemohon
  - Petugas Loket
kegiatan:
  - uraian: Mengajukan permohonan
    pelaksana: Pemohon
    waktu: 5 menit
  - id: periksa
    uraian: Memeriksa kelengkapan berkas
    pelaksana: Petugas Loket
    waktu: 10 menit
    keputusan:
      pertanyaan: Berkas lengkap?
      ya: 3
      tidak: 1
  - uraian: Menyerahkan tanda terima
    pelaksana: Petugas Loket
    waktu: 1 jam
"""


def _sample_catalog() -> Any:
    """scripts/sample_catalog.py, the generator of the benchmark's catalogue."""
    spec = importlib.util.spec_from_file_location("sample_catalog", REPO / "scripts" / "sample_catalog.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def generate_sample(sources: Path, count: int, seed: int = 20241) -> list[Path]:
    """``count`` realistic SOPs under ``sources``, from scripts/sample_catalog.py (what the benchmark builds)."""
    return _sample_catalog().generate(sources, count, seed)


def generate_monev(sources: Path, last: tuple[int, int]) -> int:
    """Six semesters of monitoring up to ``last`` for the catalogue under ``sources``, as the benchmark writes
    them; the number of rows written."""
    return _sample_catalog().generate_monev(sources, last)


def write_catalog(root: Path, files: dict[str, str]) -> Path:
    """Write ``{"opd/file.yml": text}`` under ``root/sops`` and return that folder."""
    sources = root / "sops"
    for relative, text in files.items():
        path = sources / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return sources


def catalog_problems(root: Path, files: dict[str, str]) -> list[str]:
    """Every problem of a catalogue of these files (beside a valid `dincon/_opd.yml`), as printed."""
    from katalog_sop import CatalogError, build_catalog

    sources = write_catalog(root, {"dincon/_opd.yml": OPD_YAML, **files})
    with pytest.raises(CatalogError) as caught:
        build_catalog(sources, root)
    return [str(p) for p in caught.value.problems]


def edit(old: str, new: str, text: str = SOP_YAML) -> str:
    """``text`` with its first ``old`` replaced; ``old`` must be there, so a test never edits nothing."""
    assert old in text, old
    return text.replace(old, new, 1)


@dataclass
class SiteBuild:
    project: Path
    returncode: int
    output: str

    @property
    def site(self) -> Path:
        return self.project / "site"


def make_project(project: Path, with_sample: bool = True) -> Path:
    """A site project using this repository's mkdocs.yml, hooks, theme overrides and docs/."""
    project.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "mkdocs.yml", project / "mkdocs.yml")
    for folder in ("hooks", "overrides", "docs"):
        if (REPO / folder).exists() and not (project / folder).exists():
            shutil.copytree(REPO / folder, project / folder)
    (project / "docs").mkdir(exist_ok=True)
    if with_sample and not (project / "sops").exists():
        shutil.copytree(REPO / "sops", project / "sops")
    return project


def build_site(
    project: Path,
    sources: Path | None = None,
    extra_args: tuple[str, ...] = (),
    env: dict[str, str] | None = None,
) -> SiteBuild:
    """Run a real ``mkdocs build --strict`` of the repository's site config in ``project``.

    The project gets this repository's mkdocs.yml, hooks and theme overrides,
    and either the given sources or the sample catalogue. The public site,
    unless ``env`` says otherwise (e.g. ``MAINTAINERS`` for the maintainers' view).
    """
    make_project(project, with_sample=sources is None)
    completed = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", *extra_args],
        cwd=project,
        capture_output=True,
        text=True,
        env={**_clean_env(), "NO_MKDOCS_2_WARNING": "1", **(env or {})},
        check=False,
    )
    return SiteBuild(project, completed.returncode, completed.stdout + completed.stderr)


def build_catalog_site(project: Path, files: dict[str, str]) -> SiteBuild:
    """Write these sources (``{"opd/file.yml": text}``) and build their site, which must succeed."""
    write_catalog(project, files)
    built = build_site(project, sources=project / "sops")
    assert built.returncode == 0, built.output
    return built


def _clean_env() -> dict[str, str]:
    import os

    # Drafts and the maintainers' view follow `mkdocs build` (hidden, public) unless a test asks.
    chosen = ("KATALOG_SOP_DRAF", "KATALOG_SOP_PRATINJAU")
    return {key: value for key, value in os.environ.items() if not key.startswith(chosen)}


# The maintainers' view (`mkdocs serve`, pull-request previews): repository and edit links, review banners.
MAINTAINERS = {"KATALOG_SOP_PRATINJAU": "1"}


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory: pytest.TempPathFactory) -> SiteBuild:
    """The sample catalogue of this repository, built once for the session: the public site."""
    result = build_site(tmp_path_factory.mktemp("sample"))
    assert result.returncode == 0, result.output
    return result


@pytest.fixture(scope="session")
def maintainers_site(tmp_path_factory: pytest.TempPathFactory) -> SiteBuild:
    """The sample catalogue in the maintainers' view, as a pull-request preview builds it."""
    result = build_site(tmp_path_factory.mktemp("pemelihara"), env=MAINTAINERS)
    assert result.returncode == 0, result.output
    return result


CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


def serve(folder: Path) -> tuple[ThreadingHTTPServer, str]:
    """A built site over HTTP on the loopback: the same small server the PDF printing uses."""
    return start_server(folder)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is needed for browser tests: apt-get install chromium (.ci/run does this)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        yield instance
        instance.close()


# axe-core for the accessibility tests: pinned, hash-checked and cached like the
# site's own Mermaid (katalog_sop.vendor); never loaded from a CDN.
AXE_CORE = vendor.NpmAsset(
    package="axe-core",
    version="4.14.1",
    integrity="sha512-FHfa+lmNjQZfJz1q8wKqIDwC6DExcHt/pkjNQb09a3NPjCKg2rhu5qb2S4r76ASyFNNtuFooJpZe37OgudVGtQ==",
    member="package/axe.min.js",
)
ARTIFACTS = REPO / "test-artifacts"


# The unit layer ---------------------------------------------------------------------------------------------------

UNIT = Path(__file__).resolve().parent / "unit"
# Fixtures that build a site with MkDocs or start Chromium: the site layer's, never served to tests/unit/.
SITE_FIXTURES = frozenset({"sample_site", "maintainers_site", "browser"})


def in_unit_layer(item: pytest.Item) -> bool:
    return UNIT in Path(item.path).resolve().parents


def _refuse_subprocess(args: object, *_args: object, **_kwargs: object) -> None:
    pytest.fail(f"tests/unit/ runs in-process, but this test starts a subprocess {args!r}: move it to tests/site/")


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    """Before any fixture is set up: a unit test asking for a site build or the browser fails at once."""
    if in_unit_layer(item):
        used = sorted(SITE_FIXTURES.intersection(getattr(item, "fixturenames", ())))
        if used:
            pytest.fail(f"tests/unit/ runs in-process, but this test uses {', '.join(used)}: move it to tests/site/")
        module = getattr(item, "module", None)
        if module is not None and any(name.startswith("playwright") for name in _imported_modules(module)):
            pytest.fail(f"{item.path.name} imports Playwright: browser tests belong in tests/site/")


def _imported_modules(module: object) -> set[str]:
    names = set()
    for value in vars(module).values():
        name = getattr(value, "__name__", "") if isinstance(value, type(shutil)) else getattr(value, "__module__", "")
        names.add(name if isinstance(name, str) else "")
    return names


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None) -> Generator[None, object, object]:
    """A unit test (its fixtures included) that starts `mkdocs`, a script, git or Chromium fails, named."""
    if not in_unit_layer(item):
        return (yield)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(subprocess, "Popen", _refuse_subprocess)
        return (yield)
