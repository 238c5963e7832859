"""Reviews that do not lapse, and the change history: rules, then the pages of a real build."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from pathlib import Path

import pytest

from katalog_sop import build_catalog
from katalog_sop.catalog.changes import history, latest_changes
from katalog_sop.catalog.model import Catalog, Revision, Sop
from katalog_sop.catalog.review import ReviewPolicy, add_months, due_date, review_due, reviews_due
from tests.conftest import MAINTAINERS, OPD_YAML, REPO, SOP_YAML, build_site, write_catalog

D = dt.date


@pytest.fixture(scope="module")
def sample() -> Catalog:
    return build_catalog(REPO / "sops", REPO).catalog


@pytest.fixture(scope="module")
def one(sample: Catalog) -> Sop:
    sop = next(s for s in sample.sops if s.status == "berlaku")
    return replace(sop, tanggal_efektif=D(2024, 2, 1), tanggal_revisi=None, tinjau_ulang=None, riwayat=())


def test_add_months_keeps_the_day_or_takes_the_last_of_the_month() -> None:
    assert add_months(D(2024, 2, 1), 12) == D(2025, 2, 1)
    assert add_months(D(2024, 1, 31), 1) == D(2024, 2, 29)
    assert add_months(D(2024, 2, 29), 12) == D(2025, 2, 28)
    assert add_months(D(2024, 11, 15), 3) == D(2025, 2, 15)


def test_due_after_the_period_since_the_later_of_efektif_and_revisi(one: Sop) -> None:
    assert due_date(one) == D(2025, 2, 1)
    assert due_date(one, 6) == D(2024, 8, 1)
    revised = replace(one, tanggal_revisi=D(2024, 9, 10))
    assert due_date(revised) == D(2025, 9, 10)
    assert review_due(revised, ReviewPolicy(D(2025, 9, 9))) is None
    found = review_due(revised, ReviewPolicy(D(2025, 9, 10)))
    assert found is not None and found.due == D(2025, 9, 10) and not found.scheduled


def test_tinjau_ulang_sets_the_date_instead_of_the_period(one: Sop) -> None:
    later = replace(one, tinjau_ulang=D(2026, 2, 1))
    assert review_due(later, ReviewPolicy(D(2025, 6, 1))) is None  # 16 months, but planned for 2026
    found = review_due(later, ReviewPolicy(D(2026, 2, 1)))
    assert found is not None and found.scheduled and found.due == D(2026, 2, 1)
    sooner = replace(one, tinjau_ulang=D(2024, 6, 1))
    assert review_due(sooner, ReviewPolicy(D(2024, 7, 1))) is not None


def test_only_sops_in_force_are_due(one: Sop) -> None:
    policy = ReviewPolicy(D(2030, 1, 1))
    assert review_due(replace(one, status="dicabut"), policy) is None
    assert review_due(replace(one, status="draf"), policy) is None
    assert review_due(one, policy) is not None


def test_sample_reviews_on_a_fixed_day(sample: Catalog) -> None:
    due = reviews_due(sample, ReviewPolicy(D(2026, 11, 24)))
    assert "disdukcapil/pengarsipan-dokumen-digital" not in due  # tinjau_ulang 2027-05-02
    assert "dpmptsp/penerbitan-izin-usaha-2023" not in due  # dicabut
    assert due["kecamatan-sukamaju/legalisasi-dokumen"].due == D(2026, 11, 17)  # revised 2025-11-17
    assert len(reviews_due(sample, ReviewPolicy(D(2025, 1, 1)))) < len(due)


def test_history_adds_the_dates_no_riwayat_entry_describes(one: Sop) -> None:
    assert [(c.tanggal, c.kind) for c in history(one)] == [(D(2024, 2, 1), "efektif")]
    revised = replace(
        one,
        tanggal_revisi=D(2024, 9, 10),
        riwayat=(Revision(D(2024, 9, 10), "Persyaratan diubah"), Revision(D(2024, 5, 1), "Perbaikan ejaan")),
    )
    assert [(c.tanggal, c.catatan, c.kind) for c in history(revised)] == [
        (D(2024, 9, 10), "Persyaratan diubah", "riwayat"),
        (D(2024, 5, 1), "Perbaikan ejaan", "riwayat"),
        (D(2024, 2, 1), "Mulai berlaku.", "efektif"),
    ]
    unordered = replace(revised, riwayat=tuple(reversed(revised.riwayat)))  # written oldest first
    assert [c.tanggal for c in history(unordered)] == [D(2024, 9, 10), D(2024, 5, 1), D(2024, 2, 1)]


def test_latest_changes_span_the_catalogue_newest_first(sample: Catalog) -> None:
    changes = latest_changes(sample)
    dates = [c.tanggal for c in changes]
    assert dates == sorted(dates, reverse=True)
    assert len({c.sop.opd_slug for c in changes}) == len(sample.opds)
    every = sum(len(history(s)) for s in sample.sops)
    assert len(changes) == min(every, 100)
    assert len(latest_changes(sample, limit=3)) == 3


def _text(html: str) -> str:
    """The words of the page's article (not the navigation or the table of contents)."""
    article = html[html.index("<article") : html.index("</article>")]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", article))


def test_build_shows_banner_review_page_changes_page_and_summary(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("KATALOG_SOP_TANGGAL", "2025-03-01")
    old = SOP_YAML.replace("nama: Pelayanan Contoh", "nama: Pelayanan Lama")
    planned = (
        SOP_YAML.replace("001/SOP", "002/SOP").replace("nama: Pelayanan Contoh", "nama: Pelayanan Terjadwal")
        + "tinjau_ulang: 2026-01-01\n"
    )
    fresh = (
        SOP_YAML.replace("001/SOP", "003/SOP")
        .replace("nama: Pelayanan Contoh", "nama: Pelayanan Baru")
        .replace("tanggal_efektif: 2024-02-01", "tanggal_efektif: 2024-12-01")
        + "riwayat:\n  - tanggal: 2024-12-01\n    catatan: Penetapan <b>awal</b>\n"
    )
    other = SOP_YAML.replace("001/SOP", "004/SOP").replace("nama: Pelayanan Contoh", "nama: Pelayanan Dinas B")
    write_catalog(
        tmp_path,
        {
            "dinas-a/_opd.yml": OPD_YAML,
            "dinas-a/lama.yml": old,
            "dinas-a/terjadwal.yml": planned,
            "dinas-a/baru.yml": fresh,
            "dinas-b/_opd.yml": "nama: Dinas B\n",
            "dinas-b/lain.yml": other,
        },
    )
    # The public site: no banner and no count, a calm dated note in the Bagian Identitas.
    public = build_site(tmp_path, sources=tmp_path / "sops")
    assert public.returncode == 0, public.output
    lama = (public.site / "dinas-a" / "lama" / "index.html").read_text(encoding="utf-8")
    assert "Perlu ditinjau ulang" not in lama
    assert "Tinjauan berkala Dijadwalkan 1 Februari 2025; SOP ini tetap berlaku sampai ditinjau." in _text(lama)
    assert "SOP perlu ditinjau</a>" not in (public.site / "index.html").read_text(encoding="utf-8")
    assert "tinjau_ulang" not in _text((public.site / "perlu-ditinjau" / "index.html").read_text(encoding="utf-8"))
    # The maintainers' view (serve, pull-request previews): the banner, the count and the keys to change.
    built = build_site(tmp_path, sources=tmp_path / "sops", env=MAINTAINERS)
    assert built.returncode == 0, built.output
    assert "Katalog SOP: 2 SOP perlu ditinjau ulang per 2025-03-01" in built.output
    site = built.site

    banner = "Perlu ditinjau ulang"
    lama = (site / "dinas-a" / "lama" / "index.html").read_text(encoding="utf-8")
    assert banner in lama and "lebih dari 12 bulan yang lalu; tinjauan jatuh tempo 1 Februari 2025" in _text(lama)
    for page in ("terjadwal", "baru"):
        assert banner not in (site / "dinas-a" / page / "index.html").read_text(encoding="utf-8")

    review = _text((site / "perlu-ditinjau" / "index.html").read_text(encoding="utf-8"))
    assert "2 SOP dari 2 perangkat daerah perlu ditinjau" in review
    # By OPD, in the catalogue's order (by nama when no `urutan`), each with its own SOPs.
    assert review.index("Dinas B (1)") < review.index("Pelayanan Dinas B") < review.index("Dinas Contoh (1)")
    assert review.index("Dinas Contoh (1)") < review.index("Pelayanan Lama")
    assert "Pelayanan Terjadwal" not in review and "Pelayanan Baru" not in review
    assert "Dihitung saat situs dibangun, 1 Maret 2025" in review

    baru = (site / "dinas-a" / "baru" / "index.html").read_text(encoding="utf-8")
    assert "Penetapan &lt;b&gt;awal&lt;/b&gt;" in baru  # riwayat text shown as written
    assert 'id="riwayat-perubahan"' in baru
    changes = _text((site / "perubahan-terbaru" / "index.html").read_text(encoding="utf-8"))
    assert changes.index("1 Desember 2024 Pelayanan Baru") < changes.index("1 Februari 2024")
    assert changes.count("Mulai berlaku.") == 3  # the three SOPs without a riwayat entry

    home = (site / "index.html").read_text(encoding="utf-8")
    assert "<strong>2</strong> SOP perlu ditinjau" in home
    assert 'href="perlu-ditinjau/"' in home and 'href="perubahan-terbaru/"' in home


def test_review_period_comes_from_mkdocs_yml(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("KATALOG_SOP_TANGGAL", "2024-09-01")
    write_catalog(tmp_path, {"dinas-a/_opd.yml": OPD_YAML, "dinas-a/satu.yml": SOP_YAML})
    (tmp_path / "mkdocs-6.yml").write_text("INHERIT: mkdocs.yml\nextra:\n  katalog:\n    tinjau_bulan: 6\n")
    built = build_site(tmp_path, sources=tmp_path / "sops", extra_args=("-f", "mkdocs-6.yml"), env=MAINTAINERS)
    assert built.returncode == 0, built.output
    assert "1 SOP perlu ditinjau ulang per 2024-09-01" in built.output
    assert "lebih dari 6 bulan" in (built.site / "dinas-a" / "satu" / "index.html").read_text(encoding="utf-8")
    built = build_site(tmp_path, sources=tmp_path / "sops")
    assert "0 SOP perlu ditinjau ulang" in built.output

    (tmp_path / "mkdocs-x.yml").write_text("INHERIT: mkdocs.yml\nextra:\n  katalog:\n    tinjau_bulan: setahun\n")
    built = build_site(tmp_path, sources=tmp_path / "sops", extra_args=("-f", "mkdocs-x.yml"))
    assert built.returncode != 0 and "`extra.katalog.tinjau_bulan`" in built.output
