"""Monitoring and evaluation on the site: what its pages show, as values the templates read.

The OPD page shows its latest period's table; each period of each OPD has its printable Formulir Monitoring
at ``urls.monev_form_uri(report)`` (not in the navigation, like the SOP pages); the catalogue page
``urls.MONEV_URI`` charts every OPD's coverage, its trend, and the SOPs recommended for revision or withdrawal.
The chart is drawn at build time (monev.md.j2: text in HTML, bars in inline SVG), so it needs no script.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from katalog_sop.catalog.model import Opd, Sop, Status
from katalog_sop.catalog.monev import KRITERIA, MonevReport, MonitoringRow, Period
from katalog_sop.catalog.monev_status import Coverage, Evaluated, Monitored, SopMonev


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


TREND_PERIODS = 6  # the periods the catalogue page's trend table shows, newest last


@dataclass(frozen=True)
class Bar:
    """One bar of the catalogue page's chart: ``count`` of ``total``, drawn as a share of 100."""

    label: str
    count: int
    total: int
    kind: str = "dimonitor"  # its colour: "dimonitor" or "baik"

    @property
    def percent(self) -> int:
        """Rounded, but never to 100 short of all nor to 0 above none: the bar must not claim what is not so."""
        if not self.total or not self.count:
            return 0
        return min(99, max(1, round(self.count * 100 / self.total))) if self.count < self.total else 100


@dataclass(frozen=True)
class OpdChartRow:
    """One OPD in the chart of the reference period: its coverage and its share "berjalan dengan baik",
    or, when it has no file for that period, ``coverage`` None (it missed the semester)."""

    opd: Opd
    url: str
    coverage: Coverage | None
    form_url: str | None
    in_force: int  # its SOPs in force by the end of the period, for "belum melapor" rows

    @property
    def bars(self) -> tuple[Bar, ...]:
        if self.coverage is None:
            return ()
        cov = self.coverage
        return (
            Bar("Dimonitor", cov.monitored, cov.in_force),
            Bar("Berjalan dengan baik", cov.baik, cov.monitored, "baik"),
        )


@dataclass(frozen=True)
class TrendCell:
    """One OPD in one period of the trend table: None when the OPD has no file for it."""

    coverage: Coverage | None
    form_url: str | None

    @property
    def bar(self) -> Bar | None:
        return Bar("Dimonitor", self.coverage.monitored, self.coverage.in_force) if self.coverage else None


@dataclass(frozen=True)
class TrendRow:
    opd: Opd
    url: str
    cells: tuple[TrendCell, ...]

    @property
    def change(self) -> int | None:
        """Points of coverage between its last two periods with a file, newest minus older; None with fewer."""
        shown = [cell.bar.percent for cell in self.cells if cell.bar is not None]
        return shown[-1] - shown[-2] if len(shown) >= 2 else None


@dataclass(frozen=True)
class Recommended:
    """An SOP whose latest evaluation recommends revision or withdrawal, and what has happened since."""

    sop: Sop
    url: str
    opd: Opd
    evaluated: Evaluated

    @property
    def followed_up(self) -> str:
        """ "" while nothing has happened; else what the catalogue shows was done after the evaluation."""
        if self.sop.status == Status.REVOKED:
            return "sudah dicabut"
        if self.sop.latest_date > self.evaluated.report.tanggal:
            return "sudah direvisi"
        return ""


@dataclass(frozen=True)
class NotWorking:
    """An SOP whose latest monitoring found it "tidak berjalan dengan baik", with the action taken."""

    sop: Sop
    url: str
    opd: Opd
    monitored: Monitored


@dataclass(frozen=True)
class DueGroup:
    """For maintainers: one OPD's SOPs due for monitoring and for evaluation."""

    opd: Opd
    url: str
    monitoring: tuple[Sop, ...]
    evaluation: tuple[Sop, ...]


def trend_periods(periods: Sequence[Period], reference: Period) -> tuple[Period, ...]:
    """The last ``TREND_PERIODS`` periods up to the reference one and the current one after it, oldest first."""
    return tuple(p for p in periods if p <= reference.next())[-TREND_PERIODS:]
