"""What the SOP page's template (sop.md.j2) is given: one typed, frozen object built by ``Renderer``.

Every name the template reads is a field here, so a reader sees the page's inputs in one place and a
missing or misspelt one fails at construction, not halfway through a template.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING

from markupsafe import Markup

from katalog_sop.catalog import waktu
from katalog_sop.catalog.changes import Change
from katalog_sop.catalog.model import Opd, Sop, Step, Symbol
from katalog_sop.catalog.review import ReviewDue
from katalog_sop.catalog.summary import Summary
from katalog_sop.site.monev_pages import SopMonevView

if TYPE_CHECKING:
    from katalog_sop.settings import Settings


@dataclass(frozen=True)
class Related:
    """One entry of Keterkaitan: a link to the SOP it names, or its text when that SOP is not on the site."""

    text: str
    target: Sop | None  # None: not in the catalogue, or a draft left out of the public site
    url: str | None


@dataclass(frozen=True)
class SopPageContext:
    """The template context of one SOP page (``heading`` is added by the renderer, as for every page)."""

    settings: Settings
    sop: Sop
    opd: Opd
    opd_url: str
    page_address: str  # the page's absolute address, "" without a base_url
    qr: Markup | str  # the QR code of page_address as a CSS string, or ""
    logo_url: str  # "" without a logo
    chart: Markup  # the Bagian Flowchart as one SVG, for the screen
    print_sheets: tuple[Markup, ...]  # the same chart cut into printed A4 sheets
    related: tuple[Related, ...]
    review: ReviewDue | None
    history: tuple[Change, ...]
    referenced_by: tuple[dict[str, object], ...]  # rows of the SOP table, one per SOP that names this one
    diagram: str  # the Mermaid source, "" when too large for Mermaid
    mermaid_url: str
    mermaid_download: str
    data_url: str
    pdf_url: str  # "" when PDFs are not printed
    structured_data: dict[str, object]
    symbols: Mapping[Symbol, str]
    step_label: Callable[[int], str]
    total_main: str  # the time of the main path, written out
    main_numbers: frozenset[int]
    total_all: str
    summary: Summary
    uncounted: tuple[Step, ...]  # steps whose time is left out of the totals
    uncounted_reason: Mapping[waktu.Form, str]
    monev: SopMonevView  # monitoring and evaluation of this SOP, from the build's one MonevStatus

    def template_fields(self) -> dict[str, object]:
        """The fields by name, as they are (no deep copy, unlike dataclasses.asdict), for ``render(**…)``."""
        return {field.name: getattr(self, field.name) for field in fields(self)}
