"""The hostile inputs of the SOP files (tests/unit/test_hostile_source.py, tests/site/test_security.py), tried on
the monitoring and evaluation files: each is a problem at its place, or stays inert on every page and file that
shows monitoring (the SOP and OPD pages, the Formulir, the catalogue page, data/monev.csv and .json)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

import pytest

from katalog_sop import CatalogError, build_catalog
from tests.conftest import OPD_YAML, SOP_YAML, SiteBuild, build_catalog_site, serve, write_catalog
from tests.site.test_security import FORBIDDEN_ATTRIBUTES, HOSTILE, elements, open_watched
from tests.unit.test_monev_source import NOMOR, REPORT

TODAY = dt.date(2026, 12, 2)


def problems_of(tmp_path: Path, report: str, name: str = "2026-1.yml") -> list[str]:
    sources = write_catalog(
        tmp_path, {"dincon/_opd.yml": OPD_YAML, "dincon/satu.yml": SOP_YAML, f"dincon/_monev/{name}": report}
    )
    with pytest.raises(CatalogError) as caught:
        build_catalog(sources, tmp_path, TODAY)
    return [str(p) for p in caught.value.problems]


@pytest.mark.parametrize(
    "value",
    ["[" * 30_000 + "]" * 30_000, "{a: " * 30_000 + "}" * 30_000],
    ids=["flow-sequences", "flow-mappings"],
)
def test_a_catatan_nested_thousands_deep_is_a_problem_not_a_crash(tmp_path: Path, value: str) -> None:
    found = problems_of(tmp_path, REPORT.replace("catatan: Antrean menumpuk.", f"catatan: {value}"))
    assert len(found) == 1 and found[0].startswith("sops/dincon/_monev/2026-1.yml:")
    assert "bersarang terlalu dalam" in found[0]


@pytest.mark.parametrize(
    ("escaped", "shown"), [(r"\x00", "U+0000"), (r"\e", "U+001B"), (r"\uD800", "U+D800"), (r"\u2028", "U+2028")]
)
def test_characters_that_break_outputs_are_refused_at_the_character(tmp_path: Path, escaped: str, shown: str) -> None:
    found = problems_of(tmp_path, REPORT.replace("tindakan: Membuka loket tambahan.", f'tindakan: "Buka{escaped}"'))
    assert len(found) == 1, found
    assert found[0].startswith("sops/dincon/_monev/2026-1.yml:9:") and shown in found[0] and "`tindakan`" in found[0]


def test_a_line_separator_written_as_it_is_is_refused(tmp_path: Path) -> None:
    found = problems_of(tmp_path, REPORT.replace("Antrean menumpuk.", "Antrean\u2028menumpuk."))
    assert len(found) == 1 and found[0].startswith("sops/dincon/_monev/2026-1.yml:8:") and "U+2028" in found[0]


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01"])
def test_a_tanggal_far_outside_the_calendar_is_refused(tmp_path: Path, day: str) -> None:
    found = problems_of(tmp_path, REPORT.replace("tanggal: 2026-06-24", f"tanggal: {day}"))
    assert any(p.startswith("sops/dincon/_monev/2026-1.yml:1:") and "`tanggal`" in p for p in found), found


@pytest.mark.parametrize("name", ["2026-1.YML", "2026-1.yml ", "2026-3.yml", "semester-1.yml", "2026-1.yml.bak"])
def test_a_misnamed_period_file_is_reported_not_skipped(tmp_path: Path, name: str) -> None:
    found = problems_of(tmp_path, REPORT, name)
    assert any(p.startswith(f"sops/dincon/_monev/{name}:1:1:") and "<tahun>-<semester>.yml" in p for p in found), found
    if name.strip().lower() == "2026-1.yml":
        assert any("ganti namanya menjadi `2026-1.yml`" in p for p in found), found


def test_a_look_alike_nomor_in_a_row_is_not_silently_another_sop(tmp_path: Path) -> None:
    """A row naming the SOP in lower case: the SOP's results must not vanish without a word."""
    twin = NOMOR.lower()
    report = REPORT.replace(f'sop: "{NOMOR}"', f'sop: "{twin}"')
    sources = write_catalog(
        tmp_path, {"dincon/_opd.yml": OPD_YAML, "dincon/satu.yml": SOP_YAML, "dincon/_monev/2026-1.yml": report}
    )
    try:
        catalog = build_catalog(sources, tmp_path, TODAY).catalog
    except CatalogError as error:
        assert any(NOMOR in str(p) for p in error.problems), error.problems  # refused, with the right nomor
        return
    from katalog_sop.catalog.monev_status import MonevStatus

    (sop,) = catalog.sops
    assert MonevStatus(catalog, TODAY).of(sop).latest is not None  # or read as the same SOP


CSV_FORMULA = '=HYPERLINK("https://jahat.invalid/","klik")'


@pytest.fixture(scope="module")
def hostile_monev(tmp_path_factory: pytest.TempPathFactory) -> SiteBuild:
    quoted = HOSTILE.replace("'", "''")
    report = (
        REPORT.replace("catatan: Antrean menumpuk.", f"catatan: 'Antrean {quoted} <script>window.__xss=3</script>'")
        .replace("tindakan: Membuka loket tambahan.", f"tindakan: '{CSV_FORMULA}'")
        .replace("nama: Dra. Siti Aminah, M.Si.", f"nama: 'Siti {quoted}'")
        .replace("catatan: Langkah verifikasi perlu dipecah.", "catatan: '<img src=x onerror=window.__xss=4>'")
    )
    return build_catalog_site(
        tmp_path_factory.mktemp("monev-jebol"),
        {"dincon/_opd.yml": OPD_YAML, "dincon/a.yml": SOP_YAML, "dincon/_monev/2026-1.yml": report},
    )


PAGES = ("dincon/a/", "dincon/", "monev/", "monev/dincon/2026-1/")


def test_hostile_monev_text_stays_text_on_every_page(hostile_monev: SiteBuild) -> None:
    for path in PAGES:
        page = hostile_monev.site / path / "index.html"
        parsed = elements(page)
        for tag, attributes in parsed.elements:
            assert not FORBIDDEN_ATTRIBUTES & set(attributes), (path, tag, attributes)
            assert not (tag == "img" and attributes.get("src") == "x"), path
        html = page.read_text(encoding="utf-8")
        assert "<script>window.__xss" not in html, path
        assert "Antrean &#34;" in html or "Antrean &quot;" in html, path  # shown, escaped


def test_hostile_monev_text_is_neutralised_in_the_open_data(hostile_monev: SiteBuild) -> None:
    rows = list(csv.DictReader(io.StringIO((hostile_monev.site / "data" / "monev.csv").read_text(encoding="utf-8"))))
    cells = [cell for row in rows for cell in row.values() if cell]
    assert cells and not any(cell[0] in "=+-@\t\r" for cell in cells), cells
    assert any(cell.endswith(CSV_FORMULA) for cell in cells)  # kept, as text
    data = json.loads((hostile_monev.site / "data" / "monev.json").read_text(encoding="utf-8"))
    assert CSV_FORMULA in strings(data)  # the JSON keeps the value as written


def strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for item in value.values() for s in strings(item)]
    if isinstance(value, list):
        return [s for item in value for s in strings(item)]
    return []


def test_hostile_monev_text_stays_inert_in_chromium(hostile_monev: SiteBuild, browser: Any) -> None:
    server, base = serve(hostile_monev.site)
    try:
        for path in PAGES:
            page, seen = open_watched(browser, base, path)
            page.keyboard.press("Tab")
            page.keyboard.press("Tab")
            page.wait_for_timeout(200)
            assert page.evaluate("window.__xss") is None, path
            assert seen["violations"] == [] and seen["foreign"] == [], (path, seen)
            assert page.evaluate("document.querySelectorAll('[popover],[onfocus],[autofocus],[onerror]').length") == 0
            page.close()
    finally:
        server.shutdown()
