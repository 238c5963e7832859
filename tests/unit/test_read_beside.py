"""The monitoring files read on another core (katalog_sop.forking) give the catalogue and the problems that
one process gives, in the same order; a small catalogue does not fork."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from katalog_sop import build_catalog, forking
from katalog_sop.problems import CatalogError
from katalog_sop.source import read
from tests.conftest import REPO, generate_monev, generate_sample

TODAY = dt.date(2026, 12, 3)


@pytest.fixture(scope="module")
def sources(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("monev-beside")
    generate_sample(root / "sops", 120)
    assert generate_monev(root / "sops", (2026, 1)) > 500
    return root / "sops"


def problems_of(sources: Path) -> list[str]:
    with pytest.raises(CatalogError) as raised:
        build_catalog(sources, sources.parent, TODAY)
    return [str(problem) for problem in raised.value.problems]


@pytest.mark.skipif(not forking.can_fork() or forking.available_cores() < 2, reason="needs fork and two cores")
def test_monev_read_beside_is_the_catalogue_of_one_process(sources: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    forks: list[bool] = []
    real_beside = read.beside

    def counted(task, meanwhile, *, worth_it=True):  # type: ignore[no-untyped-def]
        forks.append(worth_it)
        return real_beside(task, meanwhile, worth_it=worth_it)

    monkeypatch.setattr(read, "beside", counted)
    monkeypatch.setattr(read, "FORK_BYTES", 10**12)
    alone = build_catalog(sources, sources.parent, TODAY)
    monkeypatch.setattr(read, "FORK_BYTES", 0)
    together = build_catalog(sources, sources.parent, TODAY)
    assert forks == [False, True]
    assert len(together.catalog.monev) == len(alone.catalog.monev) > 10
    assert together.catalog == alone.catalog
    assert together.hints == alone.hints


@pytest.mark.skipif(not forking.can_fork() or forking.available_cores() < 2, reason="needs fork and two cores")
def test_problems_found_beside_are_reported_as_in_one_process(
    sources: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = tmp_path / "sops"
    shutil.copytree(sources, broken)
    first = sorted(broken.glob("*/_monev/*.yml"))[0]
    first.write_text(first.read_text(encoding="utf-8").replace("penilaian: baik", "penilaian: bagus", 1), "utf-8")
    sop = sorted(p for p in broken.glob("*/*.yml") if not p.name.startswith("_"))[0]
    sop.write_text(sop.read_text(encoding="utf-8").replace("nama:", "nama: [", 1), "utf-8")
    monkeypatch.setattr(read, "FORK_BYTES", 10**12)
    alone = problems_of(broken)
    monkeypatch.setattr(read, "FORK_BYTES", 0)
    together = problems_of(broken)
    assert together == alone
    assert any("_monev/" in p and "bagus" in p for p in together), together
    assert any(p.startswith(str(sop.relative_to(tmp_path))) for p in together), together


def test_the_sample_catalogue_reads_its_monev_in_one_process(monkeypatch: pytest.MonkeyPatch) -> None:
    def forbidden(*args: object, **kwargs: object) -> None:
        raise AssertionError("no fork for a few monitoring files")

    monkeypatch.setattr(forking.multiprocessing, "get_context", forbidden)
    result = build_catalog(REPO / "sops", REPO, TODAY)
    assert result.catalog.monev
