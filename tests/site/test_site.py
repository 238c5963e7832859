"""Integration: real `mkdocs build --strict` runs of the sample and of broken sources."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from katalog_sop import build_catalog
from tests.conftest import (
    OPD_YAML,
    REPO,
    SOP_YAML,
    SiteBuild,
    build_catalog_site,
    build_site,
    make_project,
    write_catalog,
)

SAMPLE = build_catalog(REPO / "sops", REPO).catalog


def read(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8")


def test_sample_builds_strict_without_warnings(sample_site: SiteBuild) -> None:
    assert "WARNING" not in sample_site.output, sample_site.output
    assert (sample_site.site / "index.html").is_file()


def test_every_published_sop_has_its_page_and_drafts_do_not(sample_site: SiteBuild) -> None:
    for sop in SAMPLE.sops:
        page = sample_site.site / sop.opd_slug / sop.slug / "index.html"
        assert page.is_file() == (sop.status != "draf"), sop.key
        if sop.status == "draf":
            continue
        html = page.read_text(encoding="utf-8")
        assert f'<h1 class="sop-judul">{_escaped(sop.nama)}</h1>' in html
        for label in (
            "Nomor SOP",
            "Tanggal Pembuatan",
            "Tanggal Revisi",
            "Tanggal Efektif",
            "Disahkan oleh",
            "Dasar Hukum",
            "Kualifikasi Pelaksana",
            "Keterkaitan",
            "Peralatan/Perlengkapan",
            "Peringatan",
            "Pencatatan dan Pendataan",
            "Mutu Baku",
            "Kelengkapan",
            "Waktu",
            "Output",
            "Keterangan",
        ):
            assert label in html, (sop.key, label)
        assert _escaped(sop.disahkan_oleh.nama) in html
        assert html.count('<pre class="sop-diagram__sumber"') == 1
        for actor in sop.pelaksana:
            assert f'<th scope="col">{_escaped(actor)}</th>' in html
        assert "Total waktu (jalur utama):" in html
        if sop.tanggal_revisi is None:
            assert '<tr><th scope="row">Tanggal Revisi</th><td>-</td></tr>' in html
        assert (sop.status == "dicabut") == ("sop-status--dicabut" in html)


def _nav_links(page_html: str) -> set[str]:
    nav = page_html[page_html.index("md-nav--primary") : page_html.index("md-sidebar--secondary")]
    return set(re.findall(r'href="([^"]+)"', nav))


def test_nav_lists_home_and_opd_pages_only(sample_site: SiteBuild) -> None:
    """SOP pages carry a small nav (home, the OPD list); the OPD section lists every OPD."""
    sop_nav = _nav_links(read(sample_site.site, "disdukcapil/penerbitan-akta-kelahiran"))
    assert not {link for link in sop_nav if any(f"/{sop.slug}/" in link for sop in SAMPLE.sops)}
    assert "../../perangkat-daerah/" in sop_nav
    assert not {link for link in sop_nav if any(f"/{opd.slug}/" in link for opd in SAMPLE.opds)}
    opd_nav = _nav_links(read(sample_site.site, "disdukcapil"))
    for opd in SAMPLE.opds:  # the page's own OPD is "./", every other one a sibling
        assert ("./" if opd.slug == "disdukcapil" else f"../{opd.slug}/") in opd_nav, (opd.slug, opd_nav)
    assert not {link for link in opd_nav if any(f"/{sop.slug}/" in link for sop in SAMPLE.sops)}
    listing = read(sample_site.site, "perangkat-daerah")
    for opd in SAMPLE.opds:
        assert f'href="../{opd.slug}/"' in listing


def test_edit_link_opens_the_yaml_source(maintainers_site: SiteBuild) -> None:
    """In the maintainers' view (pull-request previews, `mkdocs serve`); the public site has none."""
    html = read(maintainers_site.site, "disdukcapil/penerbitan-akta-kelahiran")
    assert (
        'href="https://github.com/contoh/katalog-sop/edit/main/sops/disdukcapil/penerbitan-akta-kelahiran.yml"' in html
    )
    opd_html = read(maintainers_site.site, "disdukcapil")
    assert "edit/main/sops/disdukcapil/_opd.yml" in opd_html


def test_references_link_both_ways(sample_site: SiteBuild) -> None:
    backlinks = SAMPLE.referenced_by()
    by_nomor = SAMPLE.by_nomor()
    for nomor, sources in backlinks.items():
        target = by_nomor[nomor]
        if target.status == "draf":
            continue
        html = read(sample_site.site, f"{target.opd_slug}/{target.slug}")
        assert "Dirujuk oleh" in html
        for source in sources:
            if source.status != "draf":
                assert _escaped(source.nama) in html
                source_html = read(sample_site.site, f"{source.opd_slug}/{source.slug}")
                assert re.search(
                    rf'href="(\.\./)+{target.opd_slug}/{target.slug}/"|href="\.\./{target.slug}/"', source_html
                ), (source.key, target.key)


def test_opd_page_lists_revoked_apart_and_home_counts(sample_site: SiteBuild) -> None:
    revoked = [s for s in SAMPLE.sops if s.status == "dicabut"]
    assert revoked
    for sop in revoked:
        html = read(sample_site.site, sop.opd_slug)
        apart = html[html.index('id="sop-yang-dicabut"') :]
        assert _escaped(sop.nama) in apart
    home = (sample_site.site / "index.html").read_text(encoding="utf-8")
    in_force = sum(1 for s in SAMPLE.sops if s.status == "berlaku")
    assert f"<strong>{in_force}</strong> SOP berlaku" in home
    assert f"<strong>{len(SAMPLE.opds)}</strong> perangkat daerah" in home


def test_site_serves_mermaid_itself(sample_site: SiteBuild) -> None:
    assert (sample_site.site / "assets/javascripts/mermaid.min.js").stat().st_size > 100_000
    html = read(sample_site.site, "disdukcapil/penerbitan-akta-kelahiran")
    # Fetched by katalog-diagram.js only when the reader opens the diagram (tests/site/test_mermaid_lazy.py).
    assert 'data-mermaid-src="../../assets/javascripts/mermaid.min.js"' in html
    assert 'src="../../assets/javascripts/katalog-diagram.js" defer' in html
    # No script, stylesheet or font from another host (the browser test checks actual requests too).
    assert not re.search(r'<script[^>]+src="(https?:)?//', html)
    assert not re.search(r'<link[^>]+href="(https?:)?//[^"]*"[^>]*rel="(stylesheet|preconnect)"', html)
    assert not re.search(r'<link[^>]+rel="(stylesheet|preconnect)"[^>]+href="(https?:)?//', html)


def test_hostile_text_is_escaped_everywhere(tmp_path: Path) -> None:
    hostile = '<script>window.__xss=1</script> "kutip" & <b>tebal</b>'
    sop = SOP_YAML.replace("nama: Pelayanan Contoh", f"nama: '{hostile}'").replace(
        "    waktu: 1 jam", f"    waktu: 1 jam\n    keterangan: '{hostile}'"
    )
    deskripsi = "deskripsi: |\n  Teks [tautan](javascript:alert(1)) dan *tebal*.\n\n  <script>alert(1)</script>\n"
    opd = f"nama: '{hostile}'\n{deskripsi}"
    result = build_catalog_site(tmp_path, {"dincon/_opd.yml": opd, "dincon/a.yml": sop})
    for page in ("dincon/a/index.html", "dincon/index.html", "index.html"):
        html = (result.site / page).read_text(encoding="utf-8")
        assert "<script>window.__xss" not in html and "<b>tebal</b>" not in html, page
        assert "&lt;script&gt;window.__xss=1&lt;/script&gt;" in html, page
    opd_html = (result.site / "dincon/index.html").read_text(encoding="utf-8")
    assert "javascript:" not in opd_html and "<em>tebal</em>" in opd_html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in opd_html


def test_broken_sources_fail_with_every_problem_and_publish_nothing(tmp_path: Path) -> None:
    files = {
        "dincon/_opd.yml": OPD_YAML,
        "dincon/a.yml": SOP_YAML.replace("dasar_hukum:", "dasar_hukm:"),
        "dincon/b.yml": SOP_YAML.replace('"001/SOP/CONTOH/2024"', '"002"').replace("ya: 3", "ya: 7"),
    }
    write_catalog(tmp_path, files)
    result = build_site(tmp_path, sources=tmp_path / "sops")
    assert result.returncode == 1
    assert "sops/dincon/a.yml:9:1: kunci `dasar_hukm` tidak dikenal" in result.output
    assert "sops/dincon/b.yml:24:11: `ya` menuju langkah 7" in result.output
    assert "masalah di 2 berkas sumber; situs tidak diterbitkan" in result.output
    assert not (result.site / "index.html").exists()


def test_validate_script_prints_problems_and_exit_code(tmp_path: Path) -> None:
    sources = write_catalog(
        tmp_path,
        {
            "dincon/_opd.yml": OPD_YAML,
            "dincon/a.yml": SOP_YAML,
            "dincon/b.yml": SOP_YAML.replace("waktu: 5 menit", "waktu: 5 detik"),
        },
    )
    script = REPO / "scripts/validate.py"
    bad = subprocess.run([sys.executable, str(script)], cwd=tmp_path, capture_output=True, text=True, check=False)
    assert bad.returncode == 1
    assert bad.stdout.startswith("sops/dincon/b.yml:17:12: `waktu`")
    only_a = subprocess.run(
        [sys.executable, str(script), "sops/dincon/a.yml"], cwd=tmp_path, capture_output=True, text=True, check=False
    )
    assert only_a.returncode == 0, only_a.stdout
    (sources / "dincon/b.yml").write_text(SOP_YAML.replace("001/", "002/"), encoding="utf-8")
    good = subprocess.run([sys.executable, str(script)], cwd=tmp_path, capture_output=True, text=True, check=False)
    assert good.returncode == 0 and "tanpa masalah" in good.stdout


def _escaped(text: str) -> str:
    import html

    return html.escape(text, quote=True).replace("&#x27;", "&#39;")


def test_reference_to_an_unpublished_draft_shows_its_nomor_without_a_link(tmp_path: Path) -> None:
    draft = SOP_YAML.replace('"001/SOP/CONTOH/2024"', '"002/SOP/CONTOH/2024"').replace(
        "nama: Pelayanan Contoh", "nama: Rancangan Baru\nstatus: draf"
    )
    citing = SOP_YAML.replace("dasar_hukum:", 'keterkaitan:\n  - sop: "002/SOP/CONTOH/2024"\ndasar_hukum:')
    result = build_catalog_site(
        tmp_path, {"dincon/_opd.yml": OPD_YAML, "dincon/rancangan.yml": draft, "dincon/pelayanan.yml": citing}
    )
    page = read(result.site, "dincon/pelayanan")
    assert "<li>SOP 002/SOP/CONTOH/2024</li>" in page
    assert "Rancangan Baru" not in page
    assert not (result.site / "dincon" / "rancangan").exists()


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _fetch(url: str) -> tuple[int, str]:
    import urllib.error
    import urllib.request

    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, ""
    except OSError:
        return 0, ""


def test_serve_one_opd_validates_everything_and_shows_a_change(tmp_path: Path) -> None:
    """KATALOG_SOP_OPD: only that OPD is published by `mkdocs serve`, every file is still
    checked, and a saved change to one YAML file shows up."""
    import os
    import time

    project = make_project(tmp_path / "proyek")
    port = _free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "KATALOG_SOP_OPD": "disdukcapil"}
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
        cwd=project,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while _fetch(f"{base}/disdukcapil/")[0] != 200:
            assert server.poll() is None and time.monotonic() < deadline, "mkdocs serve did not start"
            time.sleep(0.3)
        assert _fetch(f"{base}/disdukcapil/penerbitan-akta-kelahiran/")[0] == 200
        assert _fetch(f"{base}/bagian-umum/pengelolaan-surat-masuk/")[0] == 404
        # A broken file in another OPD is still reported (same validation as a full build).
        other = project / "sops" / "bagian-umum" / "pengelolaan-surat-masuk.yml"
        other.write_text(other.read_text(encoding="utf-8").replace("nomor:", "nomorr:", 1), encoding="utf-8")
        source = project / "sops" / "disdukcapil" / "penerbitan-akta-kelahiran.yml"
        text = source.read_text(encoding="utf-8")
        changed = text.replace("nama: Penerbitan Akta Kelahiran", "nama: Akta Kelahiran Baru")
        source.write_text(changed, encoding="utf-8")
        time.sleep(3)
        assert "Akta Kelahiran Baru" not in _fetch(f"{base}/disdukcapil/penerbitan-akta-kelahiran/")[1]
        other.write_text(other.read_text(encoding="utf-8").replace("nomorr:", "nomor:", 1), encoding="utf-8")
        deadline = time.monotonic() + 60
        while "Akta Kelahiran Baru" not in _fetch(f"{base}/disdukcapil/penerbitan-akta-kelahiran/")[1]:
            assert time.monotonic() < deadline, "the change never showed"
            time.sleep(0.3)
    finally:
        server.terminate()
        output = server.communicate(timeout=30)[0]
    assert "pengelolaan-surat-masuk.yml:" in output and "nomorr" in output


def test_a_fresh_clone_has_the_docs_folder_mkdocs_requires(tmp_path: Path) -> None:
    """MkDocs refuses to start without docs/; git keeps no empty folder: a clone of the commit must have it."""
    clone = tmp_path / "klon"
    cloned = subprocess.run(
        ["git", "clone", "--quiet", "--depth", "1", REPO.as_uri(), str(clone)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert cloned.returncode == 0, f"this checkout must be a git repository to clone: {cloned.stderr}"
    assert (clone / "docs").is_dir(), "docs/ must hold a tracked file (docs/.gitkeep)"
