"""Reviews that do not lapse, and the change history: the rules.

The pages of a real build are checked in tests/site/test_review_site.py.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from katalog_sop import build_catalog
from katalog_sop.catalog.changes import history, latest_changes
from katalog_sop.catalog.model import Catalog, Revision, Sop
from katalog_sop.catalog.review import ReviewPolicy, add_months, due_date, review_due, reviews_due
from tests.conftest import REPO

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
