"""What the build derives from the monitoring and evaluation files, judged on the day of the build.

Nobody writes these: they follow from the period files and the SOPs (format version 3, "What the build
derives"). An SOP in force is *due for monitoring* when no period file of the last completed semester
or of the current one has a row for it, counting only semesters that ended after its
`tanggal_efektif`; *due for evaluation* when it has been in force for 12 months and no evaluation of
it is dated within the last 12 months. Coverage per OPD and period counts the SOPs monitored against
the SOPs in force then (effective by the end of the period, and still in force, or monitored in it).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

from dateutil.relativedelta import relativedelta

from katalog_sop.catalog.model import Catalog, Opd, Sop, Status
from katalog_sop.catalog.monev import EvaluationRow, MonevReport, MonitoringRow, Penilaian, Period, Rekomendasi

EVALUATION_MONTHS = 12


@dataclass(frozen=True)
class Monitored:
    """One SOP's row in one period's monitoring table, with its report (period, tanggal, penilai)."""

    report: MonevReport
    row: MonitoringRow


@dataclass(frozen=True)
class Evaluated:
    """One SOP's evaluation, with its report."""

    report: MonevReport
    row: EvaluationRow


@dataclass(frozen=True)
class Coverage:
    """One OPD in one period: how many of its SOPs in force then were monitored, and how many went well."""

    opd_slug: str
    period: Period
    in_force: int
    monitored: int
    baik: int

    @property
    def share_monitored(self) -> float:
        return self.monitored / self.in_force if self.in_force else 0.0

    @property
    def share_baik(self) -> float:
        """Of the SOPs monitored, the share that "berjalan dengan baik"."""
        return self.baik / self.monitored if self.monitored else 0.0


@dataclass(frozen=True)
class SopMonev:
    """Everything known about one SOP's monitoring and evaluation, newest first."""

    history: tuple[Monitored, ...] = ()
    evaluations: tuple[Evaluated, ...] = ()

    @property
    def latest(self) -> Monitored | None:
        return self.history[0] if self.history else None

    @property
    def latest_evaluation(self) -> Evaluated | None:
        return self.evaluations[0] if self.evaluations else None


_NONE = SopMonev()


class MonevStatus:
    """The derived values of one catalogue on one day; built once per build, looked up per page."""

    def __init__(self, catalog: Catalog, today: dt.date) -> None:
        self.catalog = catalog
        self.today = today
        self.current = Period.of(today)
        self.last_completed = self.current.previous()
        history: dict[str, list[Monitored]] = {}
        evaluations: dict[str, list[Evaluated]] = {}
        for report in catalog.monev:
            for row in report.monitoring:
                history.setdefault(row.nomor, []).append(Monitored(report, row))
            for evaluation in report.evaluasi:
                evaluations.setdefault(evaluation.nomor, []).append(Evaluated(report, evaluation))
        self._by_nomor = {
            nomor: SopMonev(
                tuple(sorted(history.get(nomor, ()), key=lambda m: (m.report.period, m.report.tanggal), reverse=True)),
                tuple(
                    sorted(evaluations.get(nomor, ()), key=lambda e: (e.report.tanggal, e.report.period), reverse=True)
                ),
            )
            for nomor in history.keys() | evaluations.keys()
        }

    def of(self, sop: Sop) -> SopMonev:
        return self._by_nomor.get(sop.nomor, _NONE)

    def monitoring_due(self, sop: Sop) -> bool:
        """In force, in force before the last completed semester ended, and monitored in neither it nor now."""
        if sop.status != Status.IN_FORCE or self.last_completed.end <= sop.tanggal_efektif:
            return False
        recent = {self.last_completed, self.current}
        return not any(m.report.period in recent for m in self.of(sop).history)

    def evaluation_due(self, sop: Sop) -> bool:
        """In force for 12 months, and not evaluated within the last 12 months."""
        if sop.status != Status.IN_FORCE:
            return False
        if sop.tanggal_efektif + relativedelta(months=EVALUATION_MONTHS) > self.today:
            return False
        since = self.today - relativedelta(months=EVALUATION_MONTHS)
        return not any(e.report.tanggal > since for e in self.of(sop).evaluations)

    def revision_recommended(self, sop: Sop) -> Evaluated | None:
        """The newest evaluation, when it recommends `revisi` and the SOP has not changed since it was made."""
        latest = self.of(sop).latest_evaluation
        if sop.status != Status.IN_FORCE or latest is None or latest.row.rekomendasi != Rekomendasi.REVISI:
            return None
        return latest if latest.report.tanggal > sop.latest_date else None

    @cached_property
    def due_monitoring(self) -> tuple[Sop, ...]:
        return tuple(sop for sop in self.catalog.sops if self.monitoring_due(sop))

    @cached_property
    def due_evaluation(self) -> tuple[Sop, ...]:
        return tuple(sop for sop in self.catalog.sops if self.evaluation_due(sop))

    def reports_of(self, opd: Opd) -> tuple[MonevReport, ...]:
        """The OPD's period files, newest first."""
        return tuple(sorted((r for r in self.catalog.monev if r.opd_slug == opd.slug), key=lambda r: r.period)[::-1])

    @cached_property
    def coverage(self) -> tuple[Coverage, ...]:
        """Every OPD's coverage in every period it has a file for, in catalogue order, oldest period first."""
        sops_by_opd: dict[str, list[Sop]] = {}
        for sop in self.catalog.sops:
            sops_by_opd.setdefault(sop.opd_slug, []).append(sop)
        found: list[Coverage] = []
        for opd in self.catalog.opds:
            for report in reversed(self.reports_of(opd)):
                found.append(coverage_of(report, sops_by_opd.get(opd.slug, ())))
        return tuple(found)

    def coverage_of(self, report: MonevReport) -> Coverage:
        found = self._coverage_index.get((report.opd_slug, report.period))
        return found if found is not None else coverage_of(report, self.catalog.sops)

    @cached_property
    def _coverage_index(self) -> dict[tuple[str, Period], Coverage]:
        """Counted once per build: every page that shows a coverage looks it up here."""
        return {(c.opd_slug, c.period): c for c in self.coverage}

    def in_force_by(self, opd: Opd, period: Period) -> int:
        """The OPD's SOPs in force by the end of the period (what a file for it would have to cover)."""
        return sum(
            1
            for sop in self.catalog.sops
            if sop.opd_slug == opd.slug and sop.status == Status.IN_FORCE and sop.tanggal_efektif <= period.end
        )

    @cached_property
    def periods(self) -> tuple[Period, ...]:
        """Every period any OPD has a file for, oldest first."""
        return tuple(sorted({report.period for report in self.catalog.monev}))


def coverage_of(report: MonevReport, sops: Iterable[Sop]) -> Coverage:
    """One report against its OPD's SOPs (``sops`` may hold other OPDs' too: they are left out)."""
    monitored = {row.nomor: row for row in report.monitoring}
    in_force = {
        sop.nomor
        for sop in sops
        if sop.opd_slug == report.opd_slug
        and (sop.nomor in monitored or (sop.status == Status.IN_FORCE and sop.tanggal_efektif <= report.period.end))
    }
    baik = sum(1 for row in monitored.values() if row.penilaian == Penilaian.BAIK)
    return Coverage(report.opd_slug, report.period, len(in_force | monitored.keys()), len(monitored), baik)
