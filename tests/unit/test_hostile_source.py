"""Hostile source files, round 2 (issue 21): each case once broke a tool, now it is a problem at its place."""

from __future__ import annotations

from pathlib import Path

import pytest

from katalog_sop import build_catalog
from katalog_sop.source.load import load_document
from katalog_sop.source.nomor import difference, nomor_key
from tests.conftest import OPD_YAML, SOP_YAML, catalog_problems, edit, write_catalog


def _load(tmp_path: Path, text: str) -> list[str]:
    path = tmp_path / "uji.yml"
    path.write_text(text, encoding="utf-8")
    _doc, problems = load_document(path, "sops/uji/uji.yml")
    return [str(p) for p in problems]


@pytest.mark.parametrize(
    "text",
    [
        "nama: " + "[" * 30_000 + "]" * 30_000 + "\n",
        "nama: " + "{a: " * 30_000 + "}" * 30_000 + "\n",
        "nama:\n" + "".join(" " * i + "-\n" for i in range(1, 700)) + " " * 700 + "x\n",
        "nama:\n" + "- " * 30_000 + "x\n",
    ],
    ids=["flow-sequences", "flow-mappings", "block-sequences", "compact-sequences"],
)
def test_a_value_nested_thousands_deep_is_a_problem_not_a_crash(tmp_path: Path, text: str) -> None:
    problems = _load(tmp_path, text)
    assert len(problems) == 1
    assert problems[0].startswith("sops/uji/uji.yml:")
    assert "bersarang terlalu dalam" in problems[0]


def test_ordinary_nesting_is_read(tmp_path: Path) -> None:
    assert _load(tmp_path, SOP_YAML) == []


@pytest.mark.parametrize(
    ("written", "line_col", "shown"),
    [
        ("Uji\u2028lagi", "sops/uji/uji.yml:2:10:", "U+2028"),
        ("Uji\u2029lagi", "sops/uji/uji.yml:2:10:", "U+2029"),
        ("Uji\u0085lagi", "sops/uji/uji.yml:2:10:", "U+0085"),
    ],
)
def test_unicode_line_separators_are_refused_where_they_stand(
    tmp_path: Path, written: str, line_col: str, shown: str
) -> None:
    """PyYAML breaks lines there, git and GitHub do not: every later line number would be off by one."""
    text = edit("nama: Pelayanan Contoh", f"nama: {written} Pelayanan Contoh")
    problems = _load(tmp_path, text)
    assert len(problems) == 1 and problems[0].startswith(line_col) and shown in problems[0]


def test_a_line_separator_in_a_comment_is_refused_at_its_own_line(tmp_path: Path) -> None:
    text = SOP_YAML + "# catatan\u2028lanjutan\n"
    problems = _load(tmp_path, text)
    last = len(SOP_YAML.splitlines()) + 1
    assert len(problems) == 1 and problems[0].startswith(f"sops/uji/uji.yml:{last}:10:")


@pytest.mark.parametrize(
    ("escaped", "shown"),
    [
        (r"\x00", "U+0000"),
        (r"\e", "U+001B"),
        (r"\x7f", "U+007F"),
        (r"\x9b", "U+009B"),
        (r"\uD800", "U+D800"),
        (r"\u2028", "U+2028"),
        (r"\u200e", None),
    ],
)
def test_escaped_characters_that_break_outputs_are_refused(tmp_path: Path, escaped: str, shown: str | None) -> None:
    """Control characters make the feed ill-formed and reach HTML and CSV; a lone surrogate crashed the build."""
    files = {"dincon/uji.yml": edit("nama: Pelayanan Contoh", f'nama: "Uji{escaped}"')}
    if shown is None:  # a direction mark is invisible but harmless in every output: allowed
        build_catalog(write_catalog(tmp_path, {"dincon/_opd.yml": OPD_YAML, **files}), tmp_path)
        return
    problems = catalog_problems(tmp_path, files)
    assert len(problems) == 1, problems
    assert problems[0].startswith("sops/dincon/uji.yml:2:7:") and shown in problems[0] and "`nama`" in problems[0]


@pytest.mark.parametrize("date", ["9999-12-31", "0001-01-01", "2101-01-01", "1899-12-31"])
def test_dates_outside_a_sane_range_are_refused(tmp_path: Path, date: str) -> None:
    files = {"dincon/uji.yml": edit("tanggal_efektif: 2024-02-01", f"tanggal_efektif: {date}")}
    problems = catalog_problems(tmp_path, files)
    assert any("tanggal_efektif" in p and "1900" in p and "2100" in p for p in problems), problems


@pytest.mark.parametrize(
    "twin",
    [
        "001/sop/contoh/2024",  # letter case
        "001/SOP/CONT\u041eH/2024",  # Cyrillic capital O
        "001/SOP/\u200bCONTOH/2024",  # zero-width space
        "001/SOP/CONTOH/2024\u00a0",  # no-break space at the end
        "001\uff0fSOP\uff0fCONTOH\uff0f2024",  # full-width slashes
        "001/SOP/CON\u00adTOH/2024",  # soft hyphen
    ],
)
def test_look_alike_nomor_are_the_same_nomor(tmp_path: Path, twin: str) -> None:
    copy = edit('nomor: "001/SOP/CONTOH/2024"', f'nomor: "{twin}"', edit("nama: Pelayanan Contoh", "nama: Salinan"))
    problems = catalog_problems(tmp_path, {"dincon/asli.yml": SOP_YAML, "dincon/salinan.yml": copy})
    clash = [p for p in problems if "sudah dipakai" in p]
    assert len(clash) == 1, problems
    assert clash[0].startswith("sops/dincon/salinan.yml:1:8:") and "sops/dincon/asli.yml" in clash[0]
    if twin.strip() != "001/SOP/CONTOH/2024":  # an outer no-break space is trimmed like any space
        assert "berbeda" in clash[0]


def test_the_difference_between_look_alikes_is_shown() -> None:
    assert nomor_key("470/SOP.01") == nomor_key("470/sop.01")
    assert difference("470/SOP.01", "470/sop.01") == "hanya berbeda huruf besar/kecil"
    shown = difference("SOP.01/\u0410", "SOP.01/A")
    assert "U+0410 (CYRILLIC CAPITAL LETTER A)" in shown
    assert nomor_key("SOP-01") != nomor_key("SOP-02")


@pytest.mark.parametrize("months", ["100000", "601", "0"])
def test_review_months_beyond_the_calendar_are_refused(tmp_path: Path, months: str) -> None:
    from katalog_sop.settings import SettingsError, load_settings

    config = tmp_path / "mkdocs.yml"
    config.write_text(f"site_name: Uji\nextra:\n  katalog:\n    tinjau_bulan: {months}\n", encoding="utf-8")
    with pytest.raises(SettingsError) as caught:
        load_settings(config, environ={})
    assert any("tinjau_bulan" in str(p) and "600" in str(p) for p in caught.value.problems)


@pytest.mark.parametrize("name", ["akta.YML", "akta.Yml", "akta.yml ", " akta.yml", "akta.YAML"])
def test_a_file_meant_as_an_sop_but_misnamed_is_an_error_not_skipped(tmp_path: Path, name: str) -> None:
    problems = catalog_problems(tmp_path, {f"dincon/{name}": SOP_YAML})
    assert len(problems) == 1, problems
    assert problems[0].startswith(f"sops/dincon/{name}:1:1:") and "`akta.yml`" in problems[0]


def test_files_that_are_not_sops_are_reported_as_notes(tmp_path: Path) -> None:
    sources = write_catalog(
        tmp_path,
        {"dincon/_opd.yml": OPD_YAML, "dincon/akta.yml": SOP_YAML, "dincon/_x.yml": SOP_YAML, "dincon/README.md": "x"},
    )
    result = build_catalog(sources, tmp_path)
    notes = [str(h) for h in result.hints]
    assert any(n.startswith("sops/dincon/_x.yml:1:1:") and "hapus `_`" in n for n in notes), notes
    assert any(n.startswith("sops/dincon/README.md:1:1:") and "tidak diterbitkan" in n for n in notes), notes
    assert [s.slug for s in result.catalog.sops] == ["akta"]


def test_a_file_name_too_long_for_a_page_address_is_refused(tmp_path: Path) -> None:
    name = "a" * 200 + ".yml"
    problems = catalog_problems(tmp_path, {f"dincon/{name}": SOP_YAML})
    assert len(problems) == 1 and "terlalu panjang" in problems[0] and "100" in problems[0]


def test_a_file_name_that_is_not_utf8_gives_a_message_that_can_be_written(tmp_path: Path) -> None:
    sources = write_catalog(tmp_path, {"dincon/_opd.yml": OPD_YAML})
    (sources / "dincon").joinpath(b"akta\xff.yml".decode("utf-8", "surrogateescape")).write_text(SOP_YAML, "utf-8")
    from katalog_sop import CatalogError

    with pytest.raises(CatalogError) as caught:
        build_catalog(sources, tmp_path)
    text = str(caught.value)
    text.encode("utf-8")  # writable to a terminal, a log and the problem page
    assert "akta\\xff.yml" in text


def test_an_edit_that_keeps_size_and_time_is_read_again(tmp_path: Path) -> None:
    """`mkdocs serve` keeps unchanged files parsed; an edit restoring size and mtime once showed stale content."""
    import os

    sources = write_catalog(tmp_path, {"dincon/_opd.yml": OPD_YAML, "dincon/uji.yml": SOP_YAML})
    path = sources / "dincon" / "uji.yml"
    assert build_catalog(sources, tmp_path).catalog.sops[0].nama == "Pelayanan Contoh"
    before = path.stat()
    path.write_text(SOP_YAML.replace("Pelayanan Contoh", "Pelayanan Contah"), encoding="utf-8")  # same size
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size and path.stat().st_mtime_ns == before.st_mtime_ns
    assert build_catalog(sources, tmp_path).catalog.sops[0].nama == "Pelayanan Contah"


@pytest.mark.parametrize(
    ("line", "key"),
    [("  email: bukan alamat", "email"), ("  situs: javascript:alert(1)", "situs"), ("  situs: contoh.go.id", "situs")],
)
def test_an_opd_contact_that_is_not_one_address_is_refused(tmp_path: Path, line: str, key: str) -> None:
    opd = OPD_YAML + "kontak:\n" + line + "\n"
    problems = catalog_problems(tmp_path, {"dincon/_opd.yml": opd, "dincon/uji.yml": SOP_YAML})
    assert len(problems) == 1 and problems[0].startswith("sops/dincon/_opd.yml:4:") and f"`{key}`" in problems[0]


def test_a_draft_named_by_its_nama_is_neither_linked_nor_numbered_in_public(tmp_path: Path) -> None:
    draft = edit(
        'nomor: "001/SOP/CONTOH/2024"',
        'nomor: "009/RAHASIA/2026"',
        edit("nama: Pelayanan Contoh", "nama: Rancangan Baru"),
    )
    draft = edit("tanggal_pembuatan:", "status: draf\ntanggal_pembuatan:", draft)
    linking = edit("dasar_hukum:", 'keterkaitan:\n  - Rancangan Baru\n  - sop: "009/RAHASIA/2026"\ndasar_hukum:')
    sources = write_catalog(tmp_path, {"dincon/_opd.yml": OPD_YAML, "dincon/a.yml": linking, "dincon/b.yml": draft})
    result = build_catalog(sources, tmp_path)
    full = {s.slug: s for s in result.catalog.sops}
    assert {r.nomor for r in full["a"].keterkaitan} == {"009/RAHASIA/2026"}  # the preview links it
    [public] = result.published().sops
    # The name stays text; the nomor written by the author in a `sop:` reference stays (shown without a link).
    assert [(r.text, r.nomor) for r in public.keterkaitan] == [("Rancangan Baru", None), (None, "009/RAHASIA/2026")]
