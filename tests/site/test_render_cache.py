"""The render cache (katalog_sop.cache, issue 24): a warm build publishes the bytes a build without cache
publishes, after any change a page depends on; a damaged entry or a killed build's leftover is ignored; the
store stays within its size; and a warm build renders only what changed. Both namespaces: the catalogue's
pages (``halaman``) and the theme's output of them (``tema``, katalog_sop.publish.theme_output)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import zlib
from pathlib import Path

import pytest

from katalog_sop import build_catalog, cache
from tests.conftest import MAINTAINERS, SiteBuild, build_site

MASUK = "sops/bagian-umum/pengelolaan-surat-masuk.yml"  # referred to by surat-keluar and layanan-pengaduan


def tree(site: Path) -> dict[str, bytes]:
    return {str(p.relative_to(site)): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def entries(store: Path, namespace: str = cache.PAGES) -> set[str]:
    return {p.name for p in (store / namespace).rglob("*") if p.is_file()}


def build(project: Path, store: Path | None, env: dict[str, str] | None = None) -> SiteBuild:
    built = build_site(project, env={"KATALOG_SOP_SIMPANAN": str(store) if store else "0", **(env or {})})
    assert built.returncode == 0, built.output
    return built


def same_site(project: Path, store: Path, reference: Path, env: dict[str, str] | None = None) -> None:
    """The warm build of ``project`` equals a build of the same sources without any cache."""
    warm = tree(build(project, store, env).site)
    shutil.rmtree(reference, ignore_errors=True)
    shutil.copytree(project / "sops", reference / "sops")
    cold = tree(build(reference, None, env).site)
    assert warm.keys() == cold.keys()
    assert [name for name in warm if warm[name] != cold[name]] == []


@pytest.fixture(scope="module")
def warmed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("simpanan")
    project, store = root / "proyek", root / "simpanan"
    build(project, store)
    published = build_catalog(project / "sops", project).published().sops
    assert len(entries(store)) == len(published) > 10  # every SOP page of the sample, and nothing else
    themed = entries(store, cache.THEME)  # every generated page, themed: SOP pages and the others
    assert len(themed) > len(published) + 10, len(themed)
    assert f"tema: {len(themed)} halaman dari simpanan, 0 disusun" in build(project, store).output
    return project, store


def test_a_warm_build_is_the_site_without_cache(warmed: tuple[Path, Path], tmp_path: Path) -> None:
    project, store = warmed
    before = {p: p.stat().st_mtime_ns for p in store.rglob("*") if p.is_file()}
    same_site(project, store, tmp_path / "acuan")
    after = {p: p.stat().st_mtime_ns for p in store.rglob("*") if p.is_file()}
    assert after.keys() == before.keys()  # nothing rendered again: every page came from the store


@pytest.mark.parametrize(
    ("path", "old", "new"),
    [
        (MASUK, "nama: Pengelolaan Surat Masuk", "nama: Pengelolaan Surat Masuk Dinas"),  # a related SOP
        ("sops/bagian-umum/_opd.yml", "nama: Bagian Umum Sekretariat Daerah", "nama: Bagian Umum Setda"),
        ("", "", ""),  # a setting: the maintainers' view (build_site writes the repository's mkdocs.yml)
    ],
    ids=["related-sop", "opd", "setting"],
)
def test_after_a_change_the_warm_build_is_the_site_without_cache(
    warmed: tuple[Path, Path], tmp_path: Path, path: str, old: str, new: str
) -> None:
    source, store = warmed
    project = tmp_path / "proyek"
    shutil.copytree(source, project, ignore=shutil.ignore_patterns("site"))
    if path:
        file = project / path
        text = file.read_text(encoding="utf-8")
        assert old in text
        file.write_text(text.replace(old, new), encoding="utf-8")
    stored, themed = entries(store), entries(store, cache.THEME)
    same_site(project, store, tmp_path / "acuan", env=None if path else MAINTAINERS)
    assert entries(store) - stored  # the pages that show the change were rendered again
    assert entries(store, cache.THEME) - themed  # and themed again


def test_only_the_changed_sop_and_the_pages_that_show_it_are_rendered_again(
    warmed: tuple[Path, Path], tmp_path: Path
) -> None:
    source, store = warmed
    project = tmp_path / "proyek"
    shutil.copytree(source, project, ignore=shutil.ignore_patterns("site"))
    file = project / "sops/disdukcapil/penerbitan-akta-kematian.yml"  # referred to by no other SOP
    file.write_text(file.read_text(encoding="utf-8").replace("nama: ", "nama: Uji ", 1), encoding="utf-8")
    stored = entries(store)
    build(project, store)
    catalog = build_catalog(project / "sops", project).published()
    changed = next(sop for sop in catalog.sops if sop.source.name == file.name)
    linked = {s.nomor for s in catalog.referenced_by().get(changed.nomor, ())}
    linked |= {item.nomor for item in changed.keterkaitan if item.nomor}
    assert len(entries(store) - stored) == 1 + len(linked) < len(catalog.sops) / 3, linked


def test_damaged_entries_and_leftovers_are_ignored(warmed: tuple[Path, Path], tmp_path: Path) -> None:
    source, original = warmed
    store = tmp_path / "simpanan"
    shutil.copytree(original, store)
    paths = sorted(p for p in store.rglob("*") if p.is_file())
    for number, path in enumerate(paths):
        data = path.read_bytes()
        if number % 3 == 0:
            path.write_bytes(data[: len(data) // 2])  # cut short
        elif number % 3 == 1:
            path.write_bytes(data[:-1] + bytes([data[-1] ^ 1]))  # one bit changed
    leftover = paths[0].parent / ".baru-tertinggal"
    leftover.write_bytes(b"a killed build's half-written entry")
    project = tmp_path / "proyek"
    shutil.copytree(source, project, ignore=shutil.ignore_patterns("site"))
    same_site(project, store, tmp_path / "acuan")
    assert not leftover.exists()
    both = entries(store) | entries(store, cache.THEME)
    assert {p.name for p in paths} <= both  # the damaged ones were written again, whole
    needed = tmp_path / "kosong"
    build(project, needed)  # the entries this build uses, made from nothing
    for namespace in cache.NAMESPACES:
        fresh = cache.Store(store / namespace)
        assert entries(needed, namespace) and all(fresh.get(name) for name in entries(needed, namespace))


def mkdocs_build(project: Path, store: Path) -> str:
    """``mkdocs build --strict`` of the project as it is (build_site would copy the repository's theme again)."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "KATALOG_SOP_SIMPANAN": str(store)}
    env.pop("KATALOG_SOP_OPD", None)
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=project, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout + done.stderr


def test_warm_pages_come_from_the_theme_store_until_the_theme_changes(
    warmed: tuple[Path, Path], tmp_path: Path
) -> None:
    """The themed pages are really taken from the store (an entry changed in place, with a valid checksum,
    shows on the site), and an edit of a theme override or of mkdocs.yml themes every page again."""
    source, original = warmed
    store, project = tmp_path / "simpanan", tmp_path / "proyek"
    shutil.copytree(original, store)
    shutil.copytree(source, project, ignore=shutil.ignore_patterns("site"))
    themed = cache.Store(store / cache.THEME)
    for name in entries(store, cache.THEME):
        content = themed.get(name) or b""
        around = zlib.decompress(content[8:])
        assert b"</html>" in around and b'<div class="sop"' not in around  # the theme's part alone
        around = around.replace(b"</html>", b"<!-- dari simpanan -->\n</html>")
        themed.put(name, content[:8] + zlib.compress(around))
    used = re.search(r"tema: (\d+) halaman dari simpanan, 0 disusun", mkdocs_build(project, store))
    pages = sorted((project / "site").rglob("index.html"))
    marked = [p for p in pages if b"<!-- dari simpanan -->" in p.read_bytes()]
    assert used and len(marked) == int(used[1]) > 10
    footer = project / "overrides" / "partials" / "copyright.html"
    footer.write_text(footer.read_text(encoding="utf-8") + "<!-- kaki baru -->\n", encoding="utf-8")
    assert "tema: 0 halaman dari simpanan" in mkdocs_build(project, store)
    sop_page = next(p for p in marked if p.parent.parent.name == "disdukcapil")
    assert b"<!-- kaki baru -->" in sop_page.read_bytes() and b"dari simpanan" not in sop_page.read_bytes()
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("site_name: ", "site_name: Uji ", 1), "utf-8")
    assert "tema: 0 halaman dari simpanan" in mkdocs_build(project, store)
    assert "Uji Katalog SOP" in sop_page.read_text(encoding="utf-8")


def test_the_store_stays_within_its_limit(tmp_path: Path) -> None:
    store = cache.Store(tmp_path / "s", limit_bytes=10_000)
    for number in range(40):
        store.put(cache.digest(str(number)), bytes(1000))
    assert store.get(cache.digest("39")) is not None
    store.prune()
    size = sum(p.stat().st_size for p in (tmp_path / "s").rglob("*") if p.is_file())
    assert 0 < size <= 10_000
    assert store.get(cache.digest("39")) is not None  # the newest are kept


def test_a_template_change_changes_every_key(tmp_path: Path) -> None:
    package = Path(cache.__file__).parent
    copy = tmp_path / "katalog_sop"
    shutil.copytree(package, copy, ignore=shutil.ignore_patterns("__pycache__"))
    assert cache.tree_digest(copy) == cache.package_digest()
    for template in ("sop.md.j2", "monev-sop.html.j2", "_sop_table.html.j2"):
        path = copy / "site" / "templates" / template
        original = path.read_bytes()
        path.write_bytes(original + b" ")
        assert cache.tree_digest(copy) != cache.package_digest(), template
        path.write_bytes(original)
    (copy / "static" / "katalog.css").write_bytes(b"")  # the site's own styles count too
    assert cache.tree_digest(copy) != cache.package_digest()


def test_turned_off_there_is_no_store(tmp_path: Path) -> None:
    assert cache.page_store(tmp_path, {"KATALOG_SOP_SIMPANAN": "0"}) is None
    assert cache.page_store(tmp_path, {"KATALOG_SOP_SIMPANAN_MB": "0"}) is None
    chosen = cache.page_store(tmp_path, {"KATALOG_SOP_SIMPANAN": str(tmp_path / "x"), "KATALOG_SOP_SIMPANAN_MB": "5"})
    assert chosen is not None and chosen.folder == tmp_path / "x" / "halaman" and chosen.limit_bytes == 2_500_000
    theme = cache.page_store(tmp_path, {"KATALOG_SOP_SIMPANAN_MB": "5"}, cache.THEME)
    assert theme is not None and theme.folder == tmp_path / "tema" and theme.limit_bytes == 2_500_000
