"""The published site survives every failed build, and `mkdocs serve` survives broken sources.

Real `mkdocs build` and `mkdocs serve` runs in subprocesses: a failed, `--strict`-aborted, terminated
or killed build leaves `site/` byte-identical; a good build replaces it whole; a clash between a
source and a generated page is reported at its path; the preview keeps answering with the last
good site and lists the problems on `galat/`.
"""

from __future__ import annotations

import hashlib
import os
import random
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from katalog_sop.publish import atomic as publish
from tests.conftest import OPD_YAML, REPO, SOP_YAML, SiteBuild, build_site, generate_sample, make_project, write_catalog

SECOND_SOP = SOP_YAML.replace('"001/SOP/CONTOH/2024"', '"002/SOP/CONTOH/2024"').replace(
    "Pelayanan Contoh", "Pelayanan Kedua"
)
BROKEN = "kegiatan: [\n"  # an unclosed list at the end of the file: a YAML error


def checksums(site: Path) -> dict[str, str]:
    return {
        path.relative_to(site).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(site.rglob("*"))
        if path.is_file()
    }


def leftovers(project: Path) -> list[str]:
    return sorted(p.name for p in project.iterdir() if p.name.startswith(("site.baru-", "site.lama-")))


def _env() -> dict[str, str]:
    chosen = ("KATALOG_SOP_DRAF", "KATALOG_SOP_PRATINJAU", "KATALOG_SOP_OPD")
    return {**{k: v for k, v in os.environ.items() if not k.startswith(chosen)}, "NO_MKDOCS_2_WARNING": "1"}


def mkdocs(project: Path, *args: str) -> SiteBuild:
    completed = subprocess.run(
        [sys.executable, "-m", "mkdocs", *args], cwd=project, capture_output=True, text=True, env=_env(), check=False
    )
    return SiteBuild(project, completed.returncode, completed.stdout + completed.stderr)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A small catalogue, built once: its site is what every failed build must leave alone."""
    project = tmp_path / "proyek"
    write_catalog(project, {"dincon/_opd.yml": OPD_YAML, "dincon/satu.yml": SOP_YAML, "dincon/dua.yml": SECOND_SOP})
    built = build_site(project, sources=project / "sops")
    assert built.returncode == 0, built.output
    assert (built.site / "dincon" / "satu" / "index.html").is_file()
    assert (built.site / "pagefind" / "pagefind.js").is_file()
    return project


def test_broken_source_leaves_the_site_as_it_was(project: Path) -> None:
    before = checksums(project / "site")
    with (project / "sops" / "dincon" / "satu.yml").open("a", encoding="utf-8") as file:
        file.write(BROKEN)
    built = build_site(project, sources=project / "sops")
    assert built.returncode != 0
    assert "sops/dincon/satu.yml:" in built.output and "situs tidak diterbitkan" in built.output
    assert checksums(project / "site") == before
    assert leftovers(project) == []


def test_strict_warning_after_post_build_leaves_the_site_as_it_was(project: Path) -> None:
    """MkDocs counts --strict warnings after on_post_build: the site is replaced only when there are none."""
    before = checksums(project / "site")
    (project / "docs" / "rusak.md").write_text("# Rusak\n\n[tautan](tidak-ada.md)\n", encoding="utf-8")
    built = build_site(project, sources=project / "sops")
    assert built.returncode != 0
    assert "tidak-ada.md" in built.output and "strict mode" in built.output
    assert checksums(project / "site") == before
    assert leftovers(project) == []
    # Without --strict the warning does not stop the build, and the new site is published.
    relaxed = mkdocs(project, "build")
    assert relaxed.returncode == 0, relaxed.output
    assert (project / "site" / "rusak" / "index.html").is_file()
    assert leftovers(project) == []


def test_sop_file_named_index_is_reported_at_its_path(project: Path) -> None:
    before = checksums(project / "site")
    (project / "sops" / "dincon" / "index.yml").write_text(
        SOP_YAML.replace('"001/SOP/CONTOH/2024"', '"003/SOP/CONTOH/2024"'), encoding="utf-8"
    )
    built = build_site(project, sources=project / "sops")
    assert built.returncode != 0
    line = next(line for line in built.output.splitlines() if "sops/dincon/index.yml" in line)
    assert "sops/dincon/index.yml:1:1:" in line
    assert "`index.yml`" in line and "`dincon/`" in line and "halaman OPD" in line and "ganti namanya" in line
    assert "docs/dincon/index.md" not in built.output
    assert checksums(project / "site") == before
    # The validator, run in CI before the build, reports the same rule.
    checked = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "validate.py")], cwd=project, capture_output=True, text=True
    )
    assert checked.returncode != 0
    assert "sops/dincon/index.yml:1:1:" in checked.stdout + checked.stderr


@pytest.mark.parametrize(
    ("own_page", "generated"),
    [
        ("dincon/satu.md", "sops/dincon/satu.yml"),  # the same source path as an SOP page
        ("dincon.md", "sops/dincon/_opd.yml"),  # another path, the same address: dincon/
        ("index.md", "Beranda"),
    ],
)
def test_page_of_docs_clashing_with_a_generated_page_names_both(project: Path, own_page: str, generated: str) -> None:
    before = checksums(project / "site")
    page = project / "docs" / own_page
    page.parent.mkdir(parents=True, exist_ok=True)
    page.write_text("# Halaman sendiri\n", encoding="utf-8")
    built = build_site(project, sources=project / "sops")
    assert built.returncode != 0
    line = next(line for line in built.output.splitlines() if f"docs/{own_page}:1:1:" in line)
    assert generated in line and "bentrok" in line and "Ganti nama atau pindahkan" in line
    assert checksums(project / "site") == before


def test_good_build_replaces_the_whole_site(project: Path) -> None:
    site = project / "site"
    (site / "sisa-lama.txt").write_text("dari build sebelumnya", encoding="utf-8")
    (project / "sops" / "dincon" / "dua.yml").unlink()
    (project / "sops" / "dincon" / "tiga.yml").write_text(
        SECOND_SOP.replace("Pelayanan Kedua", "Pelayanan Ketiga"), encoding="utf-8"
    )
    built = build_site(project, sources=project / "sops")
    assert built.returncode == 0, built.output
    assert not (site / "sisa-lama.txt").exists()
    assert not (site / "dincon" / "dua").exists() and not (site / "dincon" / "dua.json").exists()
    assert "Pelayanan Ketiga" in (site / "dincon" / "tiga" / "index.html").read_text(encoding="utf-8")
    assert (site / "pagefind" / "pagefind.js").is_file()
    assert leftovers(project) == []
    # --dirty skips what did not change (MkDocs' meaning) but publishes no file this build does not make:
    # an SOP that became a draft loses its page and its data, still in one step; -d builds elsewhere.
    (site / "sisa-lama.txt").write_text("dari build sebelumnya", encoding="utf-8")
    logo = site / "assets" / "logo-contoh.svg"
    os.utime(project / "docs" / "assets" / "logo-contoh.svg", (1_000_000_000, 1_000_000_000))  # older than the copy
    kept_time = logo.stat().st_mtime_ns
    tiga = project / "sops" / "dincon" / "tiga.yml"
    tiga.write_text(tiga.read_text(encoding="utf-8") + "status: draf\n", encoding="utf-8")
    dirty = mkdocs(project, "build", "--dirty")
    assert dirty.returncode == 0, dirty.output
    assert not (site / "dincon" / "tiga").exists() and not (site / "dincon" / "tiga.json").exists()
    assert "tiga" not in (site / "dincon" / "index.html").read_text(encoding="utf-8")
    assert not (site / "sisa-lama.txt").exists()
    assert "berkas lama yang tidak lagi dibuat dihapus" in dirty.output
    assert logo.stat().st_mtime_ns == kept_time  # unchanged: not written again, as --dirty promises
    assert (site / "pagefind" / "pagefind.js").is_file() and (site / "dincon" / "satu" / "index.html").is_file()
    other = mkdocs(project, "build", "--strict", "-d", "lain")
    assert other.returncode == 0, other.output
    assert (project / "lain" / "dincon" / "satu" / "index.html").is_file()
    assert sorted(p.name for p in project.iterdir() if p.name.startswith("lain.")) == []
    assert leftovers(project) == []


def _interrupted_build(project: Path, after: float, how: signal.Signals) -> tuple[int, float]:
    started = time.monotonic()
    process = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q"],
        cwd=project,
        env=_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        process.wait(timeout=after)
    except subprocess.TimeoutExpired:
        process.send_signal(how)
    code = process.wait(timeout=60)  # reaped: its pid is no longer alive for the next build
    return code, time.monotonic() - started


def test_terminated_or_killed_build_leaves_the_site_as_it_was(tmp_path: Path) -> None:
    project = make_project(tmp_path / "besar", with_sample=False)
    generate_sample(project / "sops", 300)
    first = mkdocs(project, "build", "--strict")
    assert first.returncode == 0, first.output
    before = checksums(project / "site")
    assert len(before) > 900

    code, _ = _interrupted_build(project, 1.5, signal.SIGTERM)
    assert code != 0, "the build was meant to be stopped before it finished"
    assert checksums(project / "site") == before
    assert leftovers(project) == []  # a terminated build removes its own folder on the way out

    code, _ = _interrupted_build(project, random.uniform(0.2, 3.0), signal.SIGKILL)
    assert code == -signal.SIGKILL
    assert checksums(project / "site") == before
    # Whatever the moment of the kill, leave a half-written folder of a dead build for the next one
    # (recorded in the register, as every build records the folder it makes).
    dead = project / f"site.baru-{_dead_pid()}"
    (dead / "dincon").mkdir(parents=True)
    publish._register(project / "site", dead)

    again = mkdocs(project, "build", "--strict")
    assert again.returncode == 0, again.output
    assert leftovers(project) == []  # what the killed build left is removed
    assert checksums(project / "site").keys() == before.keys()


def _dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def test_tidy_puts_back_a_site_left_renamed_away(tmp_path: Path) -> None:
    """A build killed between the two renames of the fallback swap: the next build restores the old site."""
    final = tmp_path / "site"
    old = tmp_path / f"site.lama-{_dead_pid()}"
    new = tmp_path / f"site.baru-{_dead_pid()}"
    old.mkdir()
    (old / "index.html").write_text("lama", encoding="utf-8")
    new.mkdir()
    (new / "index.html").write_text("setengah jadi", encoding="utf-8")
    for made in (old, new):  # both were recorded by the killed build when it made them
        publish._register(final, made)
    staging = publish.prepare(final)
    assert (final / "index.html").read_text(encoding="utf-8") == "lama"
    shown = sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("."))
    assert shown == sorted(["site", staging.name])


# `mkdocs serve` ------------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8", "replace")
    except OSError:
        return 0, ""


def _until(check: Callable[[], bool], what: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for: {what}")


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Callable[[Path], str]]:
    """Start `mkdocs serve` in a project; the URL of the site. Stopped (by its own pid) afterwards."""
    started: list[subprocess.Popen[bytes]] = []

    def start(project: Path) -> str:
        port = _free_port()
        log = (tmp_path / f"serve-{port}.log").open("wb")
        started.append(
            subprocess.Popen(
                [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
                cwd=project,
                env=_env(),
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        )
        url = f"http://127.0.0.1:{port}/"
        _until(lambda: _get(url)[0] == 200, "mkdocs serve answers")
        return url

    try:
        yield start
    finally:
        for process in started:
            process.send_signal(signal.SIGINT)  # like Ctrl-C: serve removes its temporary site folder
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _serve_project(tmp_path: Path) -> Path:
    project = make_project(tmp_path / "pratinjau", with_sample=False)
    write_catalog(project, {"dincon/_opd.yml": OPD_YAML, "dincon/satu.yml": SOP_YAML})
    return project


BAD_KEY = "<b>&kunci</b>: 1\n"  # an unknown key, quoted in the message: must arrive escaped


def test_serve_keeps_the_last_good_site_while_a_source_is_broken(tmp_path: Path, server) -> None:
    project = _serve_project(tmp_path)
    source = project / "sops" / "dincon" / "satu.yml"
    url = server(project)
    page = url + "dincon/satu/"
    assert _get(page)[0] == 200 and _get(url + "galat/")[0] == 404

    source.write_text(SOP_YAML.replace("Pelayanan Contoh", "Pelayanan Berubah") + BAD_KEY, encoding="utf-8")
    _until(lambda: _get(url + "galat/")[0] == 200, "the problem page")
    status, problems = _get(url + "galat/")
    assert "sops/dincon/satu.yml:29:1</code>:" in problems
    assert "&lt;b&gt;&amp;kunci&lt;/b&gt;" in problems and "<b>&kunci</b>" not in problems
    status, body = _get(page)
    assert status == 200
    assert "Pelayanan Contoh" in body and "Pelayanan Berubah" not in body  # the last good content
    assert "katalog-galat-banner" in body and 'href="../../galat/"' in body
    assert "katalog-galat-banner" in _get(url)[1]

    source.write_text(SOP_YAML.replace("Pelayanan Contoh", "Pelayanan Berubah"), encoding="utf-8")
    _until(lambda: _get(url + "galat/")[0] == 404, "the problem page to go")
    status, body = _get(page)
    assert status == 200 and "Pelayanan Berubah" in body and "katalog-galat-banner" not in body


def test_serve_before_any_good_build_shows_the_problem_page_alone(tmp_path: Path, server) -> None:
    project = _serve_project(tmp_path)
    source = project / "sops" / "dincon" / "satu.yml"
    source.write_text(SOP_YAML + BAD_KEY, encoding="utf-8")
    url = server(project)
    status, home = _get(url)
    assert status == 200 and "sops/dincon/satu.yml:29:1" in home and "katalog-galat" in home
    assert _get(url + "galat/")[0] == 200
    assert _get(url + "dincon/satu/")[0] == 404

    source.write_text(SOP_YAML, encoding="utf-8")
    _until(lambda: _get(url + "dincon/satu/")[0] == 200, "the site after the fix")
    assert _get(url + "galat/")[0] == 404


def test_serve_keeps_answering_after_a_file_name_that_is_not_utf8(tmp_path: Path, server) -> None:
    """A byte that is not UTF-8 in a file name (copied from an old Windows share) once hung every request."""
    project = _serve_project(tmp_path)
    url = server(project)
    folder = os.fsencode(project / "sops" / "dincon")
    with open(folder + b"/akta\xff.yml", "wb") as file:
        file.write(SOP_YAML.replace('"001/', '"009/').encode("utf-8"))
    _until(lambda: _get(url + "galat/")[0] == 200, "the problem page")
    problems = _get(url + "galat/")[1]
    assert "sops/dincon/akta\\xff.yml:1:1" in problems
    assert "nama berkas" in problems
    assert _get(url + "dincon/satu/")[0] == 200  # the last good site still answers
