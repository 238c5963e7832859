"""Katalog SOP: turns YAML sources of SOP Administrasi Pemerintahan into pages.

The pipeline is engine-agnostic: ``load`` (YAML with line marks) -> ``validate``
-> ``model`` (typed, immutable) -> ``render`` (Jinja2 templates). Adapters for
MkDocs live in ``hooks/``; ``scripts/`` call the same functions.
"""

from katalog_sop.problems import CatalogError, Problem
from katalog_sop.source.read import BuildResult, build_catalog

__all__ = ["BuildResult", "CatalogError", "Problem", "build_catalog"]
