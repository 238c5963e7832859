"""Katalog SOP: turns YAML sources of SOP Administrasi Pemerintahan into a site, engine-free.

The stages are folders: ``source`` (YAML with line marks -> schema and rules -> the catalogue, every
problem at once), ``catalog`` (the typed, immutable model and what is derived from it), ``site`` (pages
as data from Jinja2 templates, the Bagian Flowchart, open data), ``publish`` (one ``publish(settings)``
step, the search index, PDFs, atomic swap, export). ``settings`` reads mkdocs.yml and the environment
once; ``urls`` owns every address. The MkDocs adapter is ``hooks/katalog.py``; ``scripts/`` call the
same functions.
"""

from katalog_sop.problems import CatalogError, Problem
from katalog_sop.source.read import BuildResult, build_catalog

__all__ = ["BuildResult", "CatalogError", "Problem", "build_catalog"]
