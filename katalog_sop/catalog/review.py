"""Which SOPs are due for review ("perlu ditinjau ulang"), judged on the day the site is built.

An SOP in force is due once its `tinjau_ulang` date has come, or, without that
key, once a number of months (12 unless the site says otherwise) has passed
since the later of `tanggal_efektif` and `tanggal_revisi`. An explicit
`tinjau_ulang` replaces the default period, so an OPD can plan a review later
(or sooner) than the site's rule. An evaluation that recommends `revisi` (format version 3) makes
the SOP due from the day of that evaluation, as `tinjau_ulang` would, until the SOP is revised
after it. Drafts and revoked SOPs are never due.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta

from katalog_sop.catalog.model import Catalog, Sop, Status
from katalog_sop.catalog.monev_status import Evaluated, MonevStatus
from katalog_sop.settings import DEFAULT_MONTHS


@dataclass(frozen=True)
class ReviewPolicy:
    """The day of the build and the default review period."""

    today: dt.date
    months: int = DEFAULT_MONTHS
    monev: MonevStatus | None = None  # the evaluations of the catalogue, when they count (they always do on a site)


@dataclass(frozen=True)
class ReviewDue:
    sop: Sop
    due: dt.date  # the day the review became due
    scheduled: bool  # True when `tinjau_ulang` set the date, False when the default period did
    months: int  # the default period the site uses
    evaluation: Evaluated | None = None  # the evaluation that recommends `revisi`, when one does

    @property
    def reason(self) -> str:
        """Why, in one word for the lists: ``evaluasi``, ``jadwal`` (`tinjau_ulang`) or ``periode``."""
        if self.evaluation is not None:
            return "evaluasi"
        return "jadwal" if self.scheduled else "periode"


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later; the 31st becomes the last day of a shorter month (python-dateutil)."""
    return day + relativedelta(months=months)


def due_date(sop: Sop, months: int = DEFAULT_MONTHS) -> dt.date:
    """When the SOP has to be reviewed: its `tinjau_ulang`, or ``months`` after it last changed."""
    if sop.tinjau_ulang is not None:
        return sop.tinjau_ulang
    return add_months(sop.latest_date, months)


def review_due(sop: Sop, policy: ReviewPolicy) -> ReviewDue | None:
    if sop.status != Status.IN_FORCE:
        return None
    due = due_date(sop, policy.months)
    evaluation = policy.monev.revision_recommended(sop) if policy.monev is not None else None
    if evaluation is not None and evaluation.report.tanggal <= policy.today:
        # An evaluation recommending revision is the stronger reason: it is what the lists say.
        return ReviewDue(sop, min(due, evaluation.report.tanggal), False, policy.months, evaluation)
    if due > policy.today:
        return None
    return ReviewDue(sop, due, sop.tinjau_ulang is not None, policy.months)


def reviews_due(catalog: Catalog, policy: ReviewPolicy) -> dict[str, ReviewDue]:
    """SOP key (`opd/slug`) -> why it is due, for every SOP in force that is due."""
    found = (review_due(sop, policy) for sop in catalog.sops)
    return {item.sop.key: item for item in found if item is not None}
