"""The SOP page's template context is one typed, frozen object: its fields are exactly what sop.md.j2 reads."""

from __future__ import annotations

import dataclasses
import re
from importlib import resources

import pytest
from jinja2 import meta

from katalog_sop import build_catalog
from katalog_sop.site.render import Renderer
from katalog_sop.site.sop_context import Related, SopPageContext
from tests.conftest import REPO, site_settings

SAMPLE = build_catalog(REPO / "sops", REPO).catalog
TEMPLATES = resources.files("katalog_sop.site").joinpath("templates")


def _names_read(renderer: Renderer, name: str, seen: set[str]) -> set[str]:
    """The context names a template reads, with the templates it includes (added by the renderer: heading)."""
    if name in seen:
        return set()
    seen.add(name)
    source = TEMPLATES.joinpath(name).read_text(encoding="utf-8")
    ast = renderer.env.parse(source)
    names = set(meta.find_undeclared_variables(ast))
    for included in meta.find_referenced_templates(ast):
        if included is not None and not included.startswith("_heading"):
            names |= _names_read(renderer, included, seen)
    return names


def test_the_fields_are_the_names_the_template_reads() -> None:
    renderer = Renderer(SAMPLE, site_settings())
    read = _names_read(renderer, "sop.md.j2", set())
    # Not context: heading (the renderer adds it to every page), and the loop variables sop.md.j2 sets for
    # the _list_box.html.j2 it includes (title, items).
    declared = {"heading", "title", "items"}
    fields = {field.name for field in dataclasses.fields(SopPageContext)}
    assert read - declared - fields == set(), "the template reads names the context does not hold"
    assert fields - read == set(), "the context holds fields no template reads"


def test_the_context_is_built_once_typed_and_frozen() -> None:
    renderer = Renderer(SAMPLE, site_settings())
    sop = next(s for s in SAMPLE.sops if s.keterkaitan)
    context = renderer.sop_context(sop)
    assert context.sop is sop and context.opd.slug == sop.opd_slug
    assert all(isinstance(item, Related) for item in context.related)
    assert isinstance(context.print_sheets, tuple) and context.print_sheets
    assert re.search(r'<svg class="bagan"', context.chart)
    with pytest.raises(dataclasses.FrozenInstanceError):
        context.pdf_url = "x"  # type: ignore[misc]
    # The fields go to the template as they are, not deep-copied into dicts (dataclasses.asdict would).
    assert context.template_fields()["sop"] is sop
    assert renderer.sop_page(sop).body == renderer.sop_page(sop).body
