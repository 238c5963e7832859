"""Which SOPs are due for review ("perlu ditinjau ulang"), judged on the day the site is built.

An SOP in force is due once its `tinjau_ulang` date has come, or, without that
key, once a number of months (12 unless the site says otherwise) has passed
since the later of `tanggal_efektif` and `tanggal_revisi`. An explicit
`tinjau_ulang` replaces the default period, so an OPD can plan a review later
(or sooner) than the site's rule. Drafts and revoked SOPs are never due.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta

from katalog_sop.catalog.model import Catalog, Sop, Status
from katalog_sop.settings import DEFAULT_MONTHS


@dataclass(frozen=True)
class ReviewPolicy:
    """The day of the build and the default review period."""

    today: dt.date
    months: int = DEFAULT_MONTHS


@dataclass(frozen=True)
class ReviewDue:
    sop: Sop
    due: dt.date  # the day the review became due
    scheduled: bool  # True when `tinjau_ulang` set the date, False when the default period did
    months: int  # the default period the site uses


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
    if due > policy.today:
        return None
    return ReviewDue(sop, due, sop.tinjau_ulang is not None, policy.months)


def reviews_due(catalog: Catalog, policy: ReviewPolicy) -> dict[str, ReviewDue]:
    """SOP key (`opd/slug`) -> why it is due, for every SOP in force that is due."""
    found = (review_due(sop, policy) for sop in catalog.sops)
    return {item.sop.key: item for item in found if item is not None}
