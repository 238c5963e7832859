"""Monitoring and evaluation on the site: the rows of an OPD's Formulir Monitoring, and the pages of it.

The OPD page shows its latest period's table; each period of each OPD has its printable Formulir Monitoring
at ``urls.monev_form_uri(report)`` (not in the navigation, like the SOP pages).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from katalog_sop.catalog.model import Sop
from katalog_sop.catalog.monev import KRITERIA, MonevReport, MonitoringRow
from katalog_sop.catalog.monev_status import Coverage, SopMonev


@dataclass(frozen=True)
class FormRow:
    """One row of a Formulir Monitoring: the SOP it names (None when not on the site) and its link."""

    number: int
    row: MonitoringRow
    sop: Sop | None
    url: str | None

    @property
    def prosedur(self) -> str:
        return self.sop.nama if self.sop else f"SOP {self.row.nomor}"


@dataclass(frozen=True)
class FormLink:
    """A link to one period's Formulir Monitoring."""

    report: MonevReport
    url: str
    coverage: Coverage


@dataclass(frozen=True)
class SopMonevView:
    """What the SOP page shows of monitoring and evaluation."""

    monev: SopMonev
    kriteria: Mapping[str, str]
    form_urls: Mapping[str, str]  # period key -> link to that period's formulir of the SOP's OPD
    shown: bool = True  # False when the catalogue has no monitoring at all: its pages stay as they were


def form_rows(report: MonevReport, by_nomor: Mapping[str, Sop], link: Callable[[Sop], str]) -> tuple[FormRow, ...]:
    """The report's monitoring rows, numbered from 1, each with its SOP when the site has it."""
    rows = []
    for number, row in enumerate(report.monitoring, start=1):
        sop = by_nomor.get(row.nomor)
        rows.append(FormRow(number, row, sop, link(sop) if sop else None))
    return tuple(rows)


def sop_view(monev: SopMonev, form_urls: Mapping[str, str], shown: bool = True) -> SopMonevView:
    return SopMonevView(monev, KRITERIA, form_urls, shown)
